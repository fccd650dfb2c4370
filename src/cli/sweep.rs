//! `fap sweep SWEEP` and `fap sweep merge DIR... -o OUT`: what-if sweeps.
//!
//! Resolves the arguments, runs [`crate::sweep`], shows progress on stderr (a
//! bar on a terminal, one line per variant otherwise) and decides the exit
//! status from the variants' outcomes.

use crate::error::{FapError, Outcome as Exit};
use crate::limits::Limits;
use crate::pipeline::thread_pool;
use crate::solve::{Backend, SolveSettings};
use crate::sweep::{
    self, report, Done, Manifest, Outcome, RunConfig, Shard, Sweep, SweepError, VariantResult,
};
use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

const AFTER_HELP: &str = "\
Examples:
  fap sweep whatif.json
      solves every variant on all cores; results and report in whatif.results/
  fap sweep whatif.json -o out --threads 2 --time-limit 60
  fap sweep whatif.json -o part3 --shard 3/8      (one slice, e.g. a Slurm array task)
  fap sweep merge part1 part2 ... part8 -o out    (the report a single run gives)
  fap sweep whatif.json -o out --resume           (after Ctrl-C: skip finished variants)
  fap sweep whatif.json --packs html,pdf          (also each variant's own panel pack)

The sweep file (fap-sweep/1) and the output layout are in docs/sweep-format.md.
Exit status: 0 every variant optimal · 1 some variant not proven optimal (time limit) ·
2 invalid sweep file, base scenario or usage · 3 internal error · 4 some variant failed
(invalid after patching, solver error): the report lists it and the others are complete.";

/// Arguments of `fap sweep`.
#[derive(Debug, clap::Args)]
#[command(
    args_conflicts_with_subcommands = true,
    subcommand_negates_reqs = true,
    after_help = AFTER_HELP
)]
pub struct Args {
    /// `merge`: combine shard directories.
    #[command(subcommand)]
    pub command: Option<SweepCommand>,
    /// The sweep file (fap-sweep/1 JSON).
    #[arg(required = true, value_name = "SWEEP")]
    pub sweep: Option<PathBuf>,
    /// Output directory [default: <sweep stem>.results in the current directory].
    #[arg(short, long, value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// Variants solved at once [default: all cores].
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
    /// Solve only variants whose index (base = 0) mod N is I-1; merge shards later.
    #[arg(long, value_name = "I/N", value_parser = parse_shard)]
    pub shard: Option<Shard>,
    /// Skip variants whose result in DIR is complete and up to date.
    #[arg(long)]
    pub resume: bool,
    /// Stop each variant's solve after this many seconds (its status: time_limit).
    #[arg(long, value_name = "SECS")]
    pub time_limit: Option<f64>,
    /// Solver backend: highs (default) or microlp.
    #[arg(long, value_name = "NAME", default_value = "highs")]
    pub solver: String,
    /// No progress and no summary; failures are still reported.
    #[arg(short, long)]
    pub quiet: bool,
    #[command(flatten)]
    compare: Compare,
    #[command(flatten)]
    limit: Limits,
}

/// How the report compares variants (docs/sweep-format.md, "The report").
#[derive(Debug, Clone, clap::Args)]
pub struct Compare {
    /// Rank by these measures in turn, e.g. unplaced,max_share,mean_km
    /// [default: unplaced_fap,unplaced,max_share,above_pan,beyond_walking,mean_km].
    #[arg(long, value_name = "LIST")]
    pub rank_by: Option<String>,
    /// Differences up to this much count as equal, e.g. mean_km=0.1 (repeatable;
    /// defaults: mean_km=0.05, max_share=0.05, counts exact).
    #[arg(long, value_name = "KEY=VALUE")]
    pub tolerance: Vec<String>,
    /// Score every plan under this scenario's policy and fair shares [default: the base].
    #[arg(long, value_name = "SCENARIO")]
    pub yardstick: Option<PathBuf>,
    /// Also write each variant's panel pack in these formats, e.g. html,pdf
    /// (md, csv, html, pdf, xlsx), as variants/<name>.pack.<format>. Each needs
    /// the decision support re-solves `fap report` runs, so this is slower.
    #[arg(long, value_name = "FORMATS", value_delimiter = ',')]
    pub packs: Vec<String>,
}

impl Compare {
    fn options(&self) -> Result<report::Options, FapError> {
        let d = report::Options::default();
        Ok(report::Options {
            rank_by: match &self.rank_by {
                Some(s) => report::measures::parse_rank_by(s)
                    .map_err(|e| FapError::Input(format!("--rank-by: {e}")))?,
                None => d.rank_by,
            },
            tolerances: report::measures::parse_tolerances(&self.tolerance)
                .map_err(|e| FapError::Input(format!("--tolerance: {e}")))?,
            yardstick: self.yardstick.clone(),
            packs: self
                .packs
                .iter()
                .map(|f| {
                    f.parse()
                        .map_err(|e| FapError::Input(format!("--packs: {e}")))
                })
                .collect::<Result<_, _>>()?,
        })
    }
}

/// Subcommands of `fap sweep`.
#[derive(Debug, clap::Subcommand)]
pub enum SweepCommand {
    /// Combine the output directories of `--shard` runs into one report.
    Merge(MergeArgs),
}

/// Arguments of `fap sweep merge`.
#[derive(Debug, clap::Args)]
pub struct MergeArgs {
    /// Output directories of shard runs (any order).
    #[arg(required = true, value_name = "DIR")]
    pub dirs: Vec<PathBuf>,
    /// Where to write the combined results and report.
    #[arg(short, long, value_name = "OUT", required = true)]
    pub output: PathBuf,
    /// No summary.
    #[arg(short, long)]
    pub quiet: bool,
    #[command(flatten)]
    compare: Compare,
}

/// Runs `fap sweep` or `fap sweep merge`.
pub fn run(a: Args) -> Result<Exit, FapError> {
    match a.command {
        Some(SweepCommand::Merge(m)) => merge(m),
        None => sweep(a),
    }
}

fn sweep(a: Args) -> Result<Exit, FapError> {
    let path = a
        .sweep
        .clone()
        .expect("clap requires SWEEP without a subcommand");
    let backend: Backend = a.solver.parse().map_err(FapError::Input)?;
    if let Some(t) = a.time_limit {
        if !(t.is_finite() && t > 0.0) {
            return Err(FapError::Input(format!(
                "--time-limit must be a positive number of seconds, got {t}"
            )));
        }
    }
    let out = a.output.clone().unwrap_or_else(|| default_output(&path));
    let options = a.compare.options()?;
    let sw = load(&path, &a.limit, a.quiet)?;
    let pool = thread_pool(a.threads)?;
    let settings = SolveSettings {
        backend,
        time_limit: a.time_limit,
        ..SolveSettings::default()
    };
    let cfg = RunConfig {
        out: &out,
        settings,
        shard: a.shard,
        resume: a.resume,
        inputs: &[&path],
        limits: &a.limit,
    };
    let total = sweep::run::selected(sw.variants.len(), a.shard).len();
    let progress = Progress::new(total, a.quiet);
    let done = sweep::run(&sw, &cfg, &pool, &|d| progress.done(&sw, d))?;
    progress.finish();
    let results: Vec<VariantResult> = done.into_iter().map(|(_, r)| r).collect();
    match a.shard {
        Some(s) => {
            if !a.quiet {
                println!(
                    "Shard {}/{}: {} of {} variants written to {}; combine the shards with \
                     `fap sweep merge DIR... -o OUT`",
                    s.index,
                    s.count,
                    results.len(),
                    sw.variants.len(),
                    out.display()
                );
            }
        }
        None => {
            let m = sweep::run::manifest(&sw, &cfg.settings, None);
            pool.install(|| finish(&out, &m, &results, &options, a.quiet))?;
        }
    }
    Ok(exit(&results))
}

fn merge(m: MergeArgs) -> Result<Exit, FapError> {
    let options = m.compare.options()?;
    let (manifest, results) = sweep::merge::merge(&m.dirs, &m.output)?;
    finish(&m.output, &manifest, &results, &options, m.quiet)?;
    Ok(exit(&results))
}

/// Reads the sweep, printing the base's issues; an input error if either is invalid.
fn load(path: &Path, limit: &Limits, quiet: bool) -> Result<Sweep, FapError> {
    match Sweep::load(path, limit.bytes()) {
        Ok(sw) => {
            if !quiet {
                for w in &sw.base_warnings {
                    eprintln!("{}: base: {w}", path.display());
                }
            }
            Ok(sw)
        }
        Err(SweepError::InvalidBase { file, issues }) => {
            for i in issues.iter().filter(|i| i.is_error() || !quiet) {
                eprintln!("{file}: {i}");
            }
            Err(FapError::Invalid {
                file,
                errors: issues.iter().filter(|i| i.is_error()).count().max(1),
            })
        }
        Err(e) => Err(FapError::Input(e.to_string())),
    }
}

/// Writes the report and prints the summary.
fn finish(
    out: &Path,
    m: &Manifest,
    results: &[VariantResult],
    options: &report::Options,
    quiet: bool,
) -> Result<(), FapError> {
    let r = report::write(out, m, results, options)?;
    if quiet {
        return Ok(());
    }
    let [opt, tl, inv, fail] = r.counts();
    println!(
        "{}: {} variants — {opt} optimal, {tl} not proven optimal, {} without a plan",
        m.name,
        results.len(),
        inv + fail
    );
    println!("  ranked by {}", r.rank_by_text());
    for row in r.rows.iter().take(5).filter(|row| row.rank.is_some()) {
        let f = row.figures.as_ref().expect("ranked rows have figures");
        println!(
            "  {:>3}. {} — {} unplaced ({} FAP), max load ÷ share {}, mean {} km, {} moves{}",
            row.rank.unwrap_or(0),
            row.result.variant,
            f.values[1],
            f.values[2],
            report::fixed(f.values[5], 2),
            report::fixed(f.values[3], 2),
            row.moves.unwrap_or(0),
            if row.pareto() { " ★" } else { "" }
        );
    }
    println!("Report: {}", out.join("report.md").display());
    Ok(())
}

/// 4 if any variant has no plan, else 1 if any is not proven optimal, else 0.
fn exit(results: &[VariantResult]) -> Exit {
    if results.iter().any(|r| !r.status.has_plan()) {
        Exit::VariantsFailed
    } else if results.iter().any(|r| r.status == Outcome::TimeLimit) {
        Exit::NotProven
    } else {
        Exit::Ok
    }
}

/// `<sweep stem>.results` in the current directory.
fn default_output(sweep: &Path) -> PathBuf {
    let stem = sweep
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "sweep".into());
    PathBuf::from(format!("{stem}.results"))
}

/// Parses `I/N` with 1 ≤ I ≤ N.
fn parse_shard(s: &str) -> Result<Shard, String> {
    let bad = || format!("expected I/N with 1 ≤ I ≤ N, e.g. 3/8; got {s:?}");
    let (i, n) = s.split_once('/').ok_or_else(bad)?;
    let index: usize = i.trim().parse().map_err(|_| bad())?;
    let count: usize = n.trim().parse().map_err(|_| bad())?;
    if index == 0 || index > count {
        return Err(bad());
    }
    Ok(Shard { index, count })
}

/// Progress on stderr: a bar on a terminal, a line per variant otherwise.
struct Progress {
    total: usize,
    finished: AtomicUsize,
    bar: Option<ProgressBar>,
    quiet: bool,
}

impl Progress {
    fn new(total: usize, quiet: bool) -> Progress {
        let bar = (!quiet && std::io::stderr().is_terminal()).then(|| {
            let b = ProgressBar::new(total as u64);
            b.set_style(
                ProgressStyle::with_template(
                    "{bar:40} {pos}/{len} variants, {elapsed} (eta {eta}) {msg}",
                )
                .expect("a valid template"),
            );
            b
        });
        Progress {
            total,
            finished: AtomicUsize::new(0),
            bar,
            quiet,
        }
    }

    fn done(&self, sw: &Sweep, d: Done) {
        let k = self.finished.fetch_add(1, Ordering::SeqCst) + 1;
        let r = d.result;
        let name = &sw.variants[d.index].name;
        let what = match r.objective {
            Some(o) => format!("{} {}", r.status.as_str(), report::fixed(o, 1)),
            None => r.status.as_str().to_string(),
        };
        let when = if d.resumed {
            "resumed".to_string()
        } else {
            format!("{:.1} s", d.seconds)
        };
        let mut line = format!("[{k}/{}] {name}: {what} ({when})", self.total);
        if let Some(f) = &r.failure {
            line.push_str(&format!("\n  {}", f.message));
            for i in f.issues.iter().take(3) {
                line.push_str(&format!("\n  {}", i.lines().next().unwrap_or("")));
            }
        }
        match &self.bar {
            Some(b) => {
                if r.failure.is_some() {
                    b.println(line);
                }
                b.set_message(name.clone());
                b.inc(1);
            }
            None if !self.quiet || r.failure.is_some() => eprintln!("{line}"),
            None => {}
        }
    }

    fn finish(&self) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::parse_shard;

    #[test]
    fn shard_is_one_based_and_within_its_count() {
        let s = parse_shard("3/8").unwrap();
        assert_eq!((s.index, s.count), (3, 8));
        assert!(parse_shard("0/8").is_err());
        assert!(parse_shard("9/8").is_err());
        assert!(parse_shard("3").is_err());
    }
}
