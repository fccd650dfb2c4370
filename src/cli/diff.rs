//! `fap diff PLAN_A PLAN_B`: which children moved, and how every figure changed.

use crate::diff::diff;
use crate::diff::render::{render, Format};
use crate::error::{FapError, Outcome};
use crate::limits::Limits;
use crate::plan::Plan;
use std::path::{Path, PathBuf};

/// Arguments of `fap diff`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  fap diff round.plan.json round-b.plan.json --scenario autumn2-b.json
      the plan on the table against the re-solve after the panel's changes: each child placed
      differently (was → now, by school name), children who left or joined the round, and
      placed, unplaced, total and longest journey, places above PAN, placements over the cap,
      highest load ÷ share and the objective, before and after
  fap diff round.plan.json round.plan.json --proposal-b 2
      proposal 1 against proposal 2 of the same plan
  fap diff a.plan.json b.plan.json --format csv -o changes.csv

The two plans may come from the same scenario or from an edited one (fap change). Figures
come from the plans themselves; --scenario only names the places. Markdown goes to the
terminal unless -o is given (format from its extension: .md, .csv, .json).")]
pub struct Args {
    /// The first plan (before).
    pub plan_a: PathBuf,
    /// The second plan (after).
    pub plan_b: PathBuf,
    /// Which proposal of the first plan.
    #[arg(long, value_name = "RANK", default_value_t = 1)]
    pub proposal_a: usize,
    /// Which proposal of the second plan.
    #[arg(long, value_name = "RANK", default_value_t = 1)]
    pub proposal_b: usize,
    /// A scenario to name schools and AP providers from (usually the second plan's).
    #[arg(long, value_name = "SCENARIO")]
    pub scenario: Option<PathBuf>,
    /// md, csv or json [default: from the extension of -o, else md].
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Where to write [default: the terminal].
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    limit: Limits,
}

/// Runs `fap diff`.
pub fn run(a: Args) -> Result<Outcome, FapError> {
    let format = match (a.format, &a.output) {
        (Some(f), _) => f,
        (None, Some(o)) => format_of(o)?,
        (None, None) => Format::Md,
    };
    if let Some(o) = &a.output {
        crate::output::output_dir(o)?;
    }
    let (pa, pb) = (read(&a.plan_a, &a.limit)?, read(&a.plan_b, &a.limit)?);
    let sc = match &a.scenario {
        Some(p) => Some(super::load_scenario(p, &a.limit, true)?.0),
        None => None,
    };
    let d = diff(&pa, a.proposal_a, &pb, a.proposal_b)
        .map_err(|e| FapError::Input(format!("fap diff: {e}")))?;
    let bytes = render(&d, sc.as_ref(), format);
    super::ledger::emit(a.output.as_deref(), &bytes, &[&a.plan_a, &a.plan_b])
}

fn read(path: &Path, limit: &Limits) -> Result<Plan, FapError> {
    let bytes = crate::scenario::load::read_limited(path, limit.bytes())
        .map_err(|i| FapError::Input(format!("{}: {i}", path.display())))?;
    crate::check::read_plan(&bytes).map_err(|i| FapError::Input(format!("{}: {i}", path.display())))
}

fn format_of(o: &Path) -> Result<Format, FapError> {
    match o.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref() {
        Some("md") | Some("markdown") => Ok(Format::Md),
        Some("csv") => Ok(Format::Csv),
        Some("json") => Ok(Format::Json),
        _ => Err(FapError::Input(format!(
            "{}: say which format with --format md, csv or json (or end the name in .md, .csv or .json)",
            o.display()
        ))),
    }
}
