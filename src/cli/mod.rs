//! Command-line interface: clap-derive arguments → a run of one subcommand.
//!
//! Each subcommand lives in its own file with its arguments and its `run`.
//! `main.rs` only calls [`run`], prints the error and maps it to an exit code.

mod change;
mod check;
mod decide;
mod diff;
mod export;
mod generate;
mod import;
mod ledger;
mod next_round;
mod progress;
mod reference;
mod report;
#[cfg(feature = "serve")]
mod serve;
mod solve;
mod summary;
mod sweep;
mod template;
mod validate;
mod verify_log;
mod wrong_file;
mod year_end;

use crate::error::{FapError, Outcome};
use crate::limits::Limits;
use clap::{Parser, Subcommand};

const ABOUT: &str =
    "Place hard-to-place children in schools fairly and fast (English Fair Access Panels).";

const LONG_ABOUT: &str = "\
fap turns a panel round — pupils to place, schools with places by year group, alternative
provision (AP), fairness caps and the panel's rules — into a mixed-integer program, solves it
exactly (HiGHS), and writes ranked placement proposals the panel can read.

Input is a scenario file (fap-scenario/1 JSON, see docs/scenario-format.md).
Output is a plan file (fap-plan/1 JSON, see docs/plan-format.md).

Pupil ids are pseudonymous: fap never prints names or addresses.";

const AFTER_HELP: &str = "\
Examples:
  fap validate scenarios/secondary-autumn2.json
  fap solve scenarios/secondary-autumn2.json --proposals 3 --report round.html -o round.plan.json
  fap check scenarios/secondary-autumn2.json round.plan.json
  fap report round.plan.json --scenario scenarios/secondary-autumn2.json -o round.md
  fap sweep scenarios/whatif/secondary-autumn2.json -o whatif
  fap generate --seed 7 --pupils 1000 --schools 150 -o county.json
  fap change round.json --pin P0007=S012 -o round-b.json        (the panel meeting:
  fap solve round-b.json --reference round.plan.json -o round-b.plan.json   change,
  fap diff round.plan.json round-b.plan.json --scenario round-b.json        re-solve, compare)
  fap ledger round.json                                         (whose turn is it?)

Exit status:
  0    ok
  1    a plan was written but is not proven optimal (time limit)
  2    invalid input or usage; nothing was written
  3    internal or solver error
  4    a sweep's report was written but some variant has no plan
  130  interrupted (Ctrl-C or SIGTERM); no partial file was left
Details: docs/exit-codes.md.";

/// The `fap` command line.
#[derive(Debug, Parser)]
#[command(name = "fap", version, about = ABOUT, long_about = LONG_ABOUT, after_help = AFTER_HELP)]
pub struct Cli {
    /// The subcommand.
    #[command(subcommand)]
    pub command: Command,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check scenario files and report every error and warning at once.
    Validate(validate::Args),
    /// Solve a scenario: write ranked placement proposals (a plan file).
    Solve(solve::Args),
    /// Re-check a plan against its scenario, independently of the solver; list every violation.
    Check(check::Args),
    /// Build a scenario from a CSV bundle, a workbook or a school-register extract.
    Import(import::Args),
    /// Write a scenario as the CSV bundle or workbook that `fap import` reads.
    Export(export::Args),
    /// Generate a seeded synthetic scenario (synthetic or real schools).
    Generate(generate::Args),
    /// Render a plan as a panel pack: Markdown paper, CSV or self-contained HTML.
    Report(report::Args),
    /// What-if sweeps: solve many variants of a scenario in parallel, compare and rank them.
    Sweep(sweep::Args),
    /// Record the panel's decisions in the decisions log, each checked against the hard rules.
    Decide(decide::Args),
    /// Check a decisions log's hash chain and say which entry breaks it.
    VerifyLog(verify_log::Args),
    /// The next round's scenario from this round's and the decisions log.
    NextRound(next_round::Args),
    /// The panel's changes (pin, rule out, add a place, withdraw …) as a new, validated scenario.
    Change(change::Args),
    /// What changed between two plans: who moved from where to where, and every figure.
    Diff(diff::Args),
    /// Whose turn is it? Each school's FAP admissions this year against its cap and fair share.
    Ledger(ledger::Args),
    /// The year-end figures from a year's decisions log(s).
    YearEnd(year_end::Args),
    /// Write a blank round to fill in: a CSV bundle and a workbook, with a how-to.
    Template(template::Args),
    /// The panel meeting in a browser: a local web app and JSON API for a round.
    #[cfg(feature = "serve")]
    Serve(serve::Args),
}

/// Parses arguments and runs the subcommand.
pub fn run(cli: Cli) -> Result<Outcome, FapError> {
    crate::output::install_interrupt_handler();
    match cli.command {
        Command::Validate(a) => validate::run(a),
        Command::Solve(a) => solve::run(a),
        Command::Check(a) => check::run(a),
        Command::Import(a) => import::run(a),
        Command::Export(a) => export::run(a),
        Command::Generate(a) => generate::run(a),
        Command::Report(a) => report::run(a),
        Command::Sweep(a) => sweep::run(a),
        Command::Decide(a) => decide::run(a),
        Command::VerifyLog(a) => verify_log::run(a),
        Command::NextRound(a) => next_round::run(a),
        Command::Change(a) => change::run(a),
        Command::Diff(a) => diff::run(a),
        Command::Ledger(a) => ledger::run(a),
        Command::YearEnd(a) => year_end::run(a),
        Command::Template(a) => template::run(a),
        #[cfg(feature = "serve")]
        Command::Serve(a) => serve::run(a),
    }
}

/// Loads and validates a scenario, printing its issues to stderr; an error if invalid.
pub fn load_scenario(
    path: &std::path::Path,
    limit: &Limits,
    quiet_warnings: bool,
) -> Result<(crate::scenario::Scenario, Vec<u8>), FapError> {
    load_scenario_saying(path, limit, quiet_warnings, &|line| eprintln!("{line}"))
}

/// [`load_scenario`], printing its issues with `say` (above a progress line).
pub fn load_scenario_saying(
    path: &std::path::Path,
    limit: &Limits,
    quiet_warnings: bool,
    say: &dyn Fn(&str),
) -> Result<(crate::scenario::Scenario, Vec<u8>), FapError> {
    if let Some(e) = wrong_file::directory(path) {
        return Err(e);
    }
    let bytes = crate::scenario::load::read_limited(path, limit.bytes())
        .map_err(|i| FapError::Input(format!("{}: {i}", path.display())))?;
    wrong_file::refuse(path, &bytes)?;
    let loaded = crate::validate::load_bytes_within(&bytes, Some(limit));
    let errors = loaded.issues.iter().filter(|i| i.is_error()).count();
    let max_warnings = if quiet_warnings { 0 } else { 20 };
    let (shown, more) = crate::scenario::issue::capped(&loaded.issues, 100, max_warnings);
    for i in shown {
        say(&format!("{}: {i}", path.display()));
    }
    if let Some(more) = more.filter(|_| errors > 0 || !quiet_warnings) {
        say(&format!("{}: {more}", path.display()));
    }
    match loaded.scenario {
        Some(sc) if errors == 0 => Ok((sc, bytes)),
        _ => Err(FapError::Invalid {
            file: path.display().to_string(),
            errors: errors.max(1),
        }),
    }
}

/// [`load_scenario`] with the file as written, for commands that rewrite or
/// record it (change, decide, ledger, next-round).
pub fn load_written(
    path: &std::path::Path,
    limit: &Limits,
) -> Result<(crate::validate::written::Written, Vec<u8>), FapError> {
    let (scenario, bytes) = load_scenario(path, limit, true)?;
    let wire = crate::validate::written::wire(&bytes)
        .map_err(|i| FapError::Internal(format!("{}: {i}", path.display())))?;
    let written = crate::validate::written::Written {
        scenario,
        wire,
        warnings: Vec::new(),
    };
    Ok((written, bytes))
}

/// What a written scenario holds, for the line after writing it:
/// "N pupils, N schools, N AP providers".
fn holds(w: &crate::scenario::wire::WireScenario) -> String {
    let (p, s, a) = (w.pupils.len(), w.schools.len(), w.ap_providers.len());
    format!("{p} pupils, {s} schools, {a} AP providers")
}

/// A limit's issue as the command's error (exit 2), naming the file.
pub fn over_limit(path: &std::path::Path, issue: &crate::scenario::Issue) -> FapError {
    FapError::Input(format!("{}: {issue}", path.display()))
}
