//! `fap solve SCENARIO`: ranked proposals to a plan file, and a summary.

use crate::error::{FapError, Outcome};
use crate::limits::Limits;
use crate::pipeline::{self, Settings, Solution};
use crate::plan;
use crate::proposals::contrast::Style;
use crate::report::Format;
use crate::solve::{Backend, SolveSettings, Status};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Arguments of `fap solve`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  fap solve scenarios/secondary-autumn2.json
      writes secondary-autumn2.plan.json in the current directory and prints a summary
  fap solve round.json --proposals 3 --min-diff 2 -o round.plan.json
      three whole plans, each differing from the others in at least 2 pupils
  fap solve round.json --contrast ignore-shares,fairest --report pack.html
      beside proposal 1, the best whole plan with fair shares ignored and the one that
      spreads FAP admissions most evenly; each child's card says where those plans put them
  fap solve county.json --time-limit 30
      best plan found in 30 s, marked not proven optimal (exit 1) if time ran out
  fap solve round-edited.json --reference round.plan.json -o round2.plan.json
      re-solve after the panel's changes, keeping every child the plan on the table placed
      where it was unless moving them saves more than policy.weights.move (default 5.0) each;
      the plan lists who moved (check it with `fap check ... --reference round.plan.json`)

On a terminal, a long solve shows on stderr what it is doing: the stage, the best plan
against the lower bound while it optimises, and alternatives and place values done of how
many (--quiet hides it). Nothing is shown when stderr is a pipe or a file.

The plan layout is documented in docs/plan-format.md; check a plan with `fap check`.")]
pub struct Args {
    /// The scenario file (fap-scenario/1 JSON).
    pub scenario: PathBuf,
    /// Where to write the plan [default: <scenario stem>.plan.json in the current directory].
    #[arg(short, long, value_name = "PLAN")]
    pub output: Option<PathBuf>,
    /// How many ranked whole plans to propose.
    #[arg(long, value_name = "K", default_value_t = 1, value_parser = clap::value_parser!(u64).range(1..=50))]
    pub proposals: u64,
    /// Each proposal differs from every earlier one in at least this many pupils.
    #[arg(long, value_name = "D", default_value_t = 1, value_parser = clap::value_parser!(u64).range(1..))]
    pub min_diff: u64,
    /// Stop after this many seconds and keep the best plan found (exit 1 if not proven optimal).
    /// The limit covers the alternatives too: those still being worked out when it runs out
    /// keep the best arrangement found, marked as cut short in the plan and the pack.
    #[arg(long, value_name = "SECS")]
    pub time_limit: Option<f64>,
    /// Solver backend: highs (default) or microlp (pure Rust, small cases only).
    #[arg(long, value_name = "NAME", default_value = "highs")]
    pub solver: String,
    /// Worker threads for independent solves [default: all cores].
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
    /// Leave run times out of the plan, so the same input gives the same bytes.
    #[arg(long)]
    pub no_timings: bool,
    /// Print no summary and no progress.
    #[arg(short, long)]
    pub quiet: bool,
    /// Also solve whole plans that differ in kind from proposal 1, under documented
    /// weightings: ignore-shares (fair-share and soft-cap weights 0) and/or fairest
    /// (both 5× heavier). Shown beside the proposals in the pack.
    #[arg(long, value_name = "LIST", value_delimiter = ',')]
    pub contrast: Vec<String>,
    /// The plan on the table: re-solve against it, charging policy.weights.move for
    /// each child it placed who is placed elsewhere.
    #[arg(long, value_name = "PLAN")]
    pub reference: Option<PathBuf>,
    /// Which proposal of the --reference plan was on the table.
    #[arg(long, value_name = "RANK", default_value_t = 1, requires = "reference")]
    pub reference_proposal: usize,
    /// Per pupil, the N best alternatives to its placement, each re-optimised,
    /// with explanations and place values (plan's decision_support).
    #[arg(long, value_name = "N")]
    pub options: Option<usize>,
    /// Also write the panel pack; the format follows the extension (.md, .csv,
    /// .html, .pdf, .xlsx). Repeatable. Implies --options 3 unless given.
    #[arg(long, value_name = "FILE")]
    pub report: Vec<PathBuf>,
    #[command(flatten)]
    pub paper: super::report::PaperArgs,
    #[command(flatten)]
    limit: Limits,
}

/// `--contrast nearest,fairest`, each once, in a fixed order.
fn contrast_styles(list: &[String]) -> Result<Vec<Style>, FapError> {
    let mut styles = list
        .iter()
        .map(|s| {
            s.parse()
                .map_err(|e| FapError::Input(format!("--contrast: {e}")))
        })
        .collect::<Result<Vec<Style>, _>>()?;
    styles.sort();
    styles.dedup();
    Ok(styles)
}

/// Runs `fap solve`.
pub fn run(a: Args) -> Result<Outcome, FapError> {
    let t0 = Instant::now();
    let backend: Backend = a.solver.parse().map_err(FapError::Input)?;
    if let Some(t) = a.time_limit {
        if !(t.is_finite() && t > 0.0) {
            return Err(FapError::Input(format!(
                "--time-limit must be a positive number of seconds, got {t}"
            )));
        }
    }
    let out = a
        .output
        .clone()
        .unwrap_or_else(|| default_output(&a.scenario));
    let mut inputs = vec![a.scenario.as_path()];
    inputs.extend(a.reference.as_deref());
    crate::output::refuse_overwriting_inputs(&out, &inputs)?;
    crate::output::output_dir(&out)?;
    let reports = report_formats(&a.report)?;
    let shown = super::progress::Shown::on_terminal(a.quiet);
    shown.time_limit(a.time_limit);
    let progress = shown.sink();
    progress.stage(crate::progress::Stage::Reading);
    let say = |line: &str| shown.say(line);
    let (mut sc, bytes) = super::load_scenario_saying(&a.scenario, &a.limit, a.quiet, &say)?;
    shown.pupils(sc.pupils.len());
    if let Some(path) = &a.reference {
        super::reference::attach_file(&mut sc, path, a.reference_proposal, &a.limit)?;
    }
    let t_load = t0.elapsed().as_secs_f64();
    let settings = Settings {
        proposals: a.proposals as usize,
        min_diff: a.min_diff as usize,
        solve: SolveSettings {
            backend,
            time_limit: a.time_limit,
            progress,
            ..SolveSettings::default()
        },
        options_per_pupil: a.options.or((!reports.is_empty()).then_some(3)),
        threads: a.threads,
        timings: !a.no_timings,
        limits: a.limit.clone(),
        contrasts: contrast_styles(&a.contrast)?,
    };
    let sha256 = plan::sha256_hex(&bytes);
    let Solution { mut plan, ranked } =
        pipeline::solve(&sc, sha256, &settings).map_err(|e| match e {
            pipeline::Error::OverLimit(i) => super::over_limit(&a.scenario, &i),
            pipeline::Error::Solve(m) => {
                FapError::Internal(format!("{}: {m}", a.scenario.display()))
            }
            pipeline::Error::NoPlanInTime => FapError::Input(format!(
                "{}: the time limit ran out after {:.1} s, before any plan was found; nothing was written\n  \
                 hint: give a longer --time-limit, or none",
                a.scenario.display(),
                t0.elapsed().as_secs_f64()
            )),
            e => e.into(),
        })?;
    drop(shown); // the progress line goes before the notes and the summary
    if let Some(tm) = plan.generator.timings.as_mut() {
        tm.insert("load_s".to_string(), plan::round(t_load));
    }
    if !a.quiet {
        crate::output::note_replacing(&out);
        a.report
            .iter()
            .for_each(|p| crate::output::note_replacing(p));
    }
    crate::output::write_atomic(&out, plan::to_json(&plan).as_bytes(), &inputs)?;
    inputs.push(out.as_path());
    let header = a.paper.header(&sc, &bytes);
    for (path, format) in &reports {
        super::report::write_report(&sc, &plan, &header, *format, path, &inputs)?;
    }
    let best = &ranked.proposals[0];
    if !a.quiet {
        super::summary::print(&sc, &ranked, &plan.contrasts, &out);
    }
    if let Some(n) = plan.decision_support.as_ref().map(|d| d.time_limited()) {
        if n > 0 {
            eprintln!(
                "note: the time limit ran out while working out alternatives: {n} alternative(s) \
                 and place value(s) show the best arrangement found, not a proven best \
                 (status \"time_limit\" in the plan)"
            );
        }
    }
    if let Some(why) = &ranked.stopped {
        eprintln!(
            "note: {} of {} proposals: {why}",
            ranked.proposals.len(),
            a.proposals
        );
    }
    Ok(if best.status == Status::Optimal {
        Outcome::Ok
    } else {
        Outcome::NotProven
    })
}

/// The format of each `--report` file, from its extension.
fn report_formats(paths: &[PathBuf]) -> Result<Vec<(PathBuf, Format)>, FapError> {
    paths
        .iter()
        .map(|p| {
            crate::output::output_dir(p)
                .map_err(|e| FapError::Input(format!("--report {e}")))?;
            Format::from_path(p).map(|f| (p.clone(), f)).ok_or_else(|| {
                FapError::Input(format!(
                    "--report {}: cannot tell the format from the extension\n  hint: name the file .md, .csv, .html, .pdf or .xlsx",
                    p.display()
                ))
            })
        })
        .collect()
}

/// `<scenario stem>.plan.json` in the current directory.
pub fn default_output(scenario: &Path) -> PathBuf {
    let stem = scenario
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "scenario".into());
    PathBuf::from(format!("{stem}.plan.json"))
}
