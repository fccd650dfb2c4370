//! `fap check SCENARIO PLAN`: re-verify a plan, print every violation.
//!
//! Exit 0 when the plan is valid (a scenario hash that differs is only a
//! warning), 2 when it breaks any rule or cannot be read. See docs/checker.md.

use super::load_scenario;
use super::validate::Format;
use crate::check::{
    check_plan_against, read_plan, sha256_hex, Finding, ObjectiveCheck, ReferenceFile, Report,
};
use crate::error::{FapError, Outcome};
use crate::limits::Limits;
use crate::plan::{round, Plan};
use std::path::PathBuf;

/// Arguments of `fap check`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Checks, without the solver's code: each pupil of the scenario placed exactly once, at a school
or AP provider that is one of their options (MODEL.md rules 1-8 and the AP rules), pinned pupils
at their pinned place, places per school year group and AP provider, the hard fairness cap, each
assignment's cost and km, each proposal's objective recomputed from its assignments (within a
relative 1e-6), ranks, gap_to_best, differs_from_best and min_diff.

Example:
  fap solve round.json -o round.plan.json
  fap check round.json round.plan.json
      valid: 1 proposal(s) for 120 pupils; every hard rule holds and each objective matches
      its assignments within 1e-6 (proposal 1: 1234.5)
  A plan edited by hand to put P0031 at a school that excluded them prints, and exits 2:
      error: proposal 1: pupil \"P0031\": placed at \"S005\" which excluded them (rule 3) [not-eligible]
      error: proposal 1: pupil \"P0031\": cost 7.2 but the placement costs 13.5 [cost]
      error: proposal 1: pupil \"P0031\": km 1.2 but the distance is 4.5 [km]
      error: proposal 1: objective 1234.5 but the assignments give 1240.8 (difference -6.300000) [objective]
      invalid: 4 violation(s) in proposal(s) 1

A plan re-solved against the plan on the table (`fap solve --reference`) is checked with it:
  fap check round-edited.json round2.plan.json --reference round.plan.json
      also recomputes who moved off the reference and the move cost; without --reference
      the moves are taken as stated, with a warning.

Exit status 0 when the plan is valid, 2 when it breaks any rule or either file cannot be read.
A plan made from a different scenario file (its sha256 differs) gets a warning when it is still
valid against the scenario given (e.g. the file was only reformatted); when it is not, one error
says so (exit 2) instead of listing every violation. Codes are listed in docs/checker.md.")]
pub struct Args {
    /// The scenario file (fap-scenario/1 JSON).
    pub scenario: PathBuf,
    /// The plan file to check (fap-plan/1 JSON).
    pub plan: PathBuf,
    /// The reference plan the plan was re-solved against (`fap solve --reference`):
    /// recompute the pupils moved and the move cost.
    #[arg(long, value_name = "PLAN")]
    pub reference: Option<PathBuf>,
    /// `text` for people, `json` for other tools.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    #[command(flatten)]
    limit: Limits,
}

/// Runs `fap check`.
pub fn run(a: Args) -> Result<Outcome, FapError> {
    let (sc, bytes) = load_scenario(&a.scenario, &a.limit, true)?;
    let plan_file = a.plan.display().to_string();
    let plan = read_checked_plan(&a, &plan_file)?;
    let reference = a
        .reference
        .as_ref()
        .map(|path| super::reference::read_plan(path, &a.limit))
        .transpose()?;
    let given = reference
        .as_ref()
        .map(|(plan, sha256)| ReferenceFile { plan, sha256 });
    let sha256 = sha256_hex(&bytes);
    let report = check_plan_against(&sc, &sha256, &plan, given);
    if !report.is_valid() && !plan.scenario.sha256.eq_ignore_ascii_case(&sha256) {
        return Err(another_scenario(&a, &plan_file, &plan, &report));
    }
    match a.format {
        Format::Text => print_text(&report, sc.pupils.len(), plan.contrasts.len()),
        Format::Json => print_json(&report, &a),
    }
    verdict(&report, &plan_file)
}

/// The plan file, read within the size limit and parsed.
fn read_checked_plan(a: &Args, plan_file: &str) -> Result<Plan, FapError> {
    let in_file = |i| FapError::Input(format!("{plan_file}: {i}"));
    let bytes = crate::scenario::load::read_limited(&a.plan, a.limit.bytes()).map_err(in_file)?;
    read_plan(&bytes).map_err(in_file)
}

/// An invalid plan made for another scenario: say so rather than list violations.
fn another_scenario(a: &Args, plan_file: &str, plan: &Plan, report: &Report) -> FapError {
    FapError::Input(format!(
        "{plan_file}: the plan was made for another scenario (sha256 {}…), not {}; {} violation(s) against it\n  hint: pass the scenario file the plan was solved from",
        plan.scenario.sha256.get(..12).unwrap_or(&plan.scenario.sha256),
        a.scenario.display(),
        report.findings.len()
    ))
}

/// Exit 0 for a valid plan, else an error counting the violations.
fn verdict(report: &Report, plan_file: &str) -> Result<Outcome, FapError> {
    if report.is_valid() {
        return Ok(Outcome::Ok);
    }
    Err(FapError::Input(format!(
        "{plan_file}: the plan is invalid ({} violation(s))",
        report.findings.len()
    )))
}

fn print_text(report: &Report, pupils: usize, contrasts: usize) {
    print_findings(report);
    let warnings = match report.warnings.len() {
        0 => String::new(),
        n => format!("; {n} warning(s)"),
    };
    if report.is_valid() {
        print_valid(report, pupils, contrasts, &warnings);
    } else {
        print_invalid(report, &warnings);
    }
}

/// Each warning, then each violation, one a line.
fn print_findings(report: &Report) {
    for w in &report.warnings {
        println!("warning: {w} [{}]", w.code());
    }
    for f in &report.findings {
        println!("{f}");
    }
}

/// `valid: 1 proposal(s) for 120 pupils; …`.
fn print_valid(report: &Report, pupils: usize, contrasts: usize, warnings: &str) {
    let best = report.objectives.first();
    let best = best
        .map(|o| format!(" (proposal 1: {})", o.stated))
        .unwrap_or_default();
    let contrasts = match contrasts {
        0 => String::new(),
        n => format!(" and {n} contrast plan(s)"),
    };
    println!(
        "valid: {} proposal(s){contrasts} for {pupils} pupils; every hard rule holds and each objective matches its assignments within 1e-6{best}{warnings}",
        report.objectives.len()
    );
}

/// `invalid: 3 violation(s) in proposal(s) 1, 2`.
fn print_invalid(report: &Report, warnings: &str) {
    let findings = report.findings.iter();
    let mut which: Vec<String> = findings
        .filter_map(|f| f.proposal.map(|k| k.to_string()))
        .collect();
    which.dedup();
    let where_ = match which.is_empty() {
        true => String::new(),
        false => format!(" in proposal(s) {}", which.join(", ")),
    };
    let n = report.findings.len();
    println!("invalid: {n} violation(s){where_}{warnings}");
}

fn print_json(report: &Report, a: &Args) {
    let out = serde_json::json!({
        "scenario": a.scenario.display().to_string(),
        "plan": a.plan.display().to_string(),
        "valid": report.is_valid(),
        "violations": violations_json(report),
        "warnings": warnings_json(report),
        "objectives": objectives_json(report),
    });
    println!(
        "{}",
        serde_json::to_string_pretty(&out).expect("report serialises")
    );
}

/// Each violation's proposal, code and message.
fn violations_json(report: &Report) -> Vec<serde_json::Value> {
    let violation = |f: &Finding| {
        let (code, message) = (f.violation.code(), f.violation.to_string());
        serde_json::json!({ "proposal": f.proposal, "code": code, "message": message })
    };
    report.findings.iter().map(violation).collect()
}

/// Each warning's code and message.
fn warnings_json(report: &Report) -> Vec<serde_json::Value> {
    let warnings = report.warnings.iter();
    warnings
        .map(|w| serde_json::json!({"code": w.code(), "message": w.to_string()}))
        .collect()
}

/// Each proposal's stated objective and the checker's, rounded.
fn objectives_json(report: &Report) -> Vec<serde_json::Value> {
    let objective = |o: &ObjectiveCheck| {
        let recomputed = o.recomputed.map(round);
        serde_json::json!({ "proposal": o.proposal, "objective": o.stated, "recomputed": recomputed })
    };
    report.objectives.iter().map(objective).collect()
}
