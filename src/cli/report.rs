//! `fap report PLAN --scenario SCENARIO`: the panel pack (Markdown, CSV or
//! HTML), and the decision support that `fap solve --options/--report` adds.
//!
//! The plan alone lacks the scenario's details (names, places, locations), so
//! the scenario is read too and must be the one the plan was solved from (its
//! SHA-256 is in the plan). When the plan has no `decision_support` block,
//! `fap report` computes it around the plan's proposal 1 (forced re-solves,
//! so the solver runs) before rendering.

use super::load_scenario;
use crate::error::{FapError, Outcome};
use crate::limits::Limits;
use crate::pipeline::{self, Settings};
use crate::plan::{self, Plan};
use crate::report::{self, Format, Pack};
use crate::scenario::Scenario;
use crate::solve::{Backend, SolveSettings};
use std::path::{Path, PathBuf};

/// Arguments of `fap report`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  fap report round.plan.json --scenario round.json
      writes round.report.md, the panel paper, in the current directory
  fap report round.plan.json --scenario round.json -o pack.html
      one self-contained HTML file (format from the extension), prints well on A4
  fap report round.plan.json --scenario round.json --format csv -o round.csv

The same packs come straight from a solve: fap solve round.json --report pack.html
Contents are described in docs/decision-support.md.")]
pub struct Args {
    /// The plan file (fap-plan/1 JSON).
    pub plan: PathBuf,
    /// The scenario the plan was solved from.
    #[arg(long, value_name = "SCENARIO")]
    pub scenario: PathBuf,
    /// md, csv, html, pdf or xlsx [default: from the extension of -o, else md].
    #[arg(long, value_name = "FORMAT")]
    pub format: Option<String>,
    /// Where to write [default: <plan stem>.report.<format> in the current directory].
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Alternatives per pupil, when the plan has no decision support yet.
    #[arg(long, value_name = "N", default_value_t = 3)]
    pub options: usize,
    /// Solver backend for that decision support: highs or microlp.
    #[arg(long, value_name = "NAME", default_value = "highs")]
    pub solver: String,
    /// Worker threads for its re-solves [default: all cores].
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
    #[command(flatten)]
    pub paper: PaperArgs,
    #[command(flatten)]
    limit: Limits,
}

/// What the paper's header says, for `fap report` and `fap solve --report`.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct PaperArgs {
    /// The local authority in the header [default: the scenario's meta.authority].
    #[arg(long, value_name = "NAME")]
    pub authority: Option<String>,
    /// The meeting date in the header [default: the scenario's meta.round_date].
    #[arg(long, value_name = "DATE")]
    pub meeting_date: Option<String>,
    /// The protective marking on every page.
    #[arg(long, value_name = "TEXT", default_value = report::DEFAULT_MARKING)]
    pub marking: String,
}

impl PaperArgs {
    /// The header: the flags, else the scenario's `meta`, else blanks said so.
    pub fn header(&self, sc: &Scenario, scenario_bytes: &[u8]) -> report::doc::Header {
        let meta = report::doc::Header::from_meta(sc, scenario_bytes);
        report::doc::Header {
            authority: self.authority.clone().unwrap_or(meta.authority),
            meeting_date: self.meeting_date.clone().unwrap_or(meta.meeting_date),
            round: meta.round,
            marking: self.marking.clone(),
        }
    }
}

/// Runs `fap report`.
pub fn run(a: Args) -> Result<Outcome, FapError> {
    let format = match (&a.format, &a.output) {
        (Some(f), _) => f.parse::<Format>().map_err(FapError::Input)?,
        (None, Some(o)) => Format::from_path(o).unwrap_or(Format::Markdown),
        (None, None) => Format::Markdown,
    };
    let out = a
        .output
        .clone()
        .unwrap_or_else(|| default_output(&a.plan, format));
    let backend: Backend = a.solver.parse().map_err(FapError::Input)?;
    crate::output::refuse_overwriting_inputs(&out, &[&a.plan, &a.scenario])?;
    crate::output::output_dir(&out)?;
    let (sc, bytes) = load_scenario(&a.scenario, &a.limit, true)?;
    let mut plan = read_plan(&a.plan, &a.limit)?;
    let sha256 = plan::sha256_hex(&bytes);
    if !plan.scenario.sha256.eq_ignore_ascii_case(&sha256) {
        return Err(FapError::Input(format!(
            "{}: the plan was made for another scenario (sha256 {}…), not {}\n  hint: pass the scenario file the plan was solved from",
            a.plan.display(),
            plan.scenario.sha256.get(..12).unwrap_or(&plan.scenario.sha256),
            a.scenario.display()
        )));
    }
    refuse_invalid(&sc, &sha256, &plan, &a)?;
    if plan.decision_support.is_none() {
        let shown = super::progress::Shown::on_terminal(false);
        let settings = Settings {
            solve: SolveSettings {
                backend,
                progress: shown.sink(),
                ..SolveSettings::default()
            },
            threads: a.threads,
            limits: a.limit.clone(),
            ..Settings::default()
        };
        pipeline::attach_support(&sc, &mut plan, a.options, &settings).map_err(|e| match e {
            pipeline::Error::OverLimit(i) => super::over_limit(&a.scenario, &i),
            e => match FapError::from(e) {
                FapError::Input(m) => FapError::Input(format!("{}: {m}", a.plan.display())),
                FapError::Internal(m) => FapError::Internal(format!("{}: {m}", a.plan.display())),
                e => e,
            },
        })?;
    }
    crate::output::note_replacing(&out);
    let header = a.paper.header(&sc, &bytes);
    write_report(&sc, &plan, &header, format, &out, &[&a.plan, &a.scenario])?;
    Ok(Outcome::Ok)
}

/// `<plan stem>.report.<ext>` in the current directory (`round.plan.json` →
/// `round.report.md`).
fn default_output(plan: &Path, format: Format) -> PathBuf {
    let name = plan
        .file_name()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "plan".into());
    let stem = name
        .strip_suffix(".plan.json")
        .or_else(|| name.strip_suffix(".json"))
        .unwrap_or(&name);
    PathBuf::from(format!("{stem}.report.{}", format.extension()))
}

/// Reads the plan as `fap check` does (a byte-order mark is ignored; errors
/// name the JSON path).
fn read_plan(path: &Path, limit: &Limits) -> Result<Plan, FapError> {
    let bytes = crate::scenario::load::read_limited(path, limit.bytes())
        .map_err(|i| FapError::Input(format!("{}: {i}", path.display())))?;
    crate::check::read_plan(&bytes).map_err(|i| FapError::Input(format!("{}: {i}", path.display())))
}

/// A panel pack is only made from a plan that keeps every hard rule and
/// states its objectives truly: the independent checker runs first.
fn refuse_invalid(sc: &Scenario, sha256: &str, plan: &Plan, a: &Args) -> Result<(), FapError> {
    let verdict = crate::check::check_plan(sc, sha256, plan);
    match verdict.findings.first() {
        None => Ok(()),
        Some(first) => Err(FapError::Input(format!(
            "{}: the plan is not valid for {} ({} violation(s)), first: {}\n  hint: `fap check {} {}` lists every violation; re-solve with `fap solve`",
            a.plan.display(),
            a.scenario.display(),
            verdict.findings.len(),
            first.violation,
            a.scenario.display(),
            a.plan.display()
        ))),
    }
}

/// Renders the plan in `format` and writes it atomically to `out`.
pub fn write_report(
    sc: &Scenario,
    plan: &Plan,
    header: &report::doc::Header,
    format: Format,
    out: &Path,
    inputs: &[&Path],
) -> Result<(), FapError> {
    let mut pack =
        Pack::new(sc, plan).map_err(|e| FapError::Input(format!("{}: {e}", out.display())))?;
    pack.header = header.clone();
    let bytes = report::render(&pack, format)
        .map_err(|e| FapError::Internal(format!("{}: {e}", out.display())))?;
    crate::output::write_atomic(out, &bytes, inputs)
}
