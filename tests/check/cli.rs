//! `fap check` as a user runs it: the built binary in a scratch directory.

use std::path::Path;
use std::process::{Command, Output};

const SCENARIO: &str = r#"{"format": "fap-scenario/1", "meta": {"name": "cli"},
  "schools": [
    {"id": "S1", "location": {"easting": 1000, "northing": 1000},
     "year_groups": {"9": {"pan": 30, "on_roll": 28}}},
    {"id": "S2", "location": {"easting": 2000, "northing": 1000},
     "year_groups": {"9": {"pan": 30, "on_roll": 28}}}],
  "pupils": [
    {"id": "P1", "kind": "fap", "category": "d", "year_group": "9", "sex": "f",
     "home": {"easting": 1100, "northing": 1000}, "excluded_from": ["S2"]},
    {"id": "P2", "kind": "in_year", "year_group": "9", "sex": "m",
     "home": {"easting": 1900, "northing": 1000}}]}
"#;

fn fap(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_fap"))
        .current_dir(dir)
        .args(args)
        .output()
        .expect("runs")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// A scratch directory with round.json and its solved round.plan.json.
fn solved() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("scratch dir");
    std::fs::write(dir.path().join("round.json"), SCENARIO).expect("write");
    let out = fap(
        dir.path(),
        &[
            "solve",
            "round.json",
            "-o",
            "round.plan.json",
            "-q",
            "--no-timings",
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    dir
}

fn edit_plan(dir: &Path, from: &str, to: &str) {
    let path = dir.join("round.plan.json");
    let plan = std::fs::read_to_string(&path).expect("plan");
    assert!(plan.contains(from), "{from} not in {plan}");
    std::fs::write(&path, plan.replacen(from, to, 1)).expect("write");
}

#[test]
fn a_solved_plan_is_valid_exit_0() {
    let dir = solved();
    let out = fap(dir.path(), &["check", "round.json", "round.plan.json"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(
        stdout.starts_with("valid: 1 proposal(s) for 2 pupils;"),
        "{stdout}"
    );
    assert_eq!(stdout.lines().count(), 1);
}

#[test]
fn a_broken_plan_lists_each_violation_and_exits_2() {
    let dir = solved();
    edit_plan(dir.path(), r#""school": "S1""#, r#""school": "S2""#);
    let out = fap(dir.path(), &["check", "round.json", "round.plan.json"]);
    assert_eq!(out.status.code(), Some(2));
    let stdout = text(&out.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        lines[0],
        r#"error: proposal 1: pupil "P1": placed at "S2" which excluded them (rule 3) [not-eligible]"#
    );
    assert!(
        lines[1].starts_with(r#"error: proposal 1: pupil "P1": cost "#),
        "{stdout}"
    );
    assert!(
        lines[2].starts_with(r#"error: proposal 1: pupil "P1": km "#),
        "{stdout}"
    );
    assert!(
        lines[3].starts_with("error: proposal 1: objective "),
        "{stdout}"
    );
    assert_eq!(lines[4], "invalid: 4 violation(s) in proposal(s) 1");
    assert_eq!(
        text(&out.stderr).trim(),
        "fap: round.plan.json: the plan is invalid (4 violation(s))"
    );
}

#[test]
fn json_format_is_one_document_for_tools() {
    let dir = solved();
    edit_plan(dir.path(), r#""pupil": "P2""#, r#""pupil": "P3""#);
    let out = fap(
        dir.path(),
        &["check", "round.json", "round.plan.json", "--format", "json"],
    );
    assert_eq!(out.status.code(), Some(2));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(v["valid"], false);
    let codes: Vec<&str> = v["violations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["unknown-pupil", "missing-pupil"]);
    assert_eq!(v["violations"][0]["proposal"], 1);
    assert_eq!(v["objectives"][0]["recomputed"], serde_json::Value::Null);
}

#[test]
fn another_scenario_file_is_a_warning_and_exit_0() {
    let dir = solved();
    std::fs::write(dir.path().join("round.json"), format!("{SCENARIO}\n")).expect("write");
    let out = fap(dir.path(), &["check", "round.json", "round.plan.json"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
    let stdout = text(&out.stdout);
    assert!(
        stdout.starts_with("warning: the plan was made from a different scenario file"),
        "{stdout}"
    );
    assert!(stdout.contains("[scenario-hash]"));
    assert!(stdout.trim_end().ends_with("; 1 warning(s)"), "{stdout}");
}

#[test]
fn a_malformed_plan_names_the_json_path_and_exits_2() {
    let dir = solved();
    edit_plan(dir.path(), r#""cost": "#, r#""cost": "x", "was": "#);
    let out = fap(dir.path(), &["check", "round.json", "round.plan.json"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(
        stderr.starts_with("fap: round.plan.json: error: proposals[0].assignments[0].cost: invalid type: string \"x\""),
        "{stderr}"
    );
    assert!(stderr.contains("[plan-json]"), "{stderr}");
    assert!(out.stdout.is_empty());
}

#[test]
fn help_has_a_worked_example() {
    let dir = tempfile::tempdir().expect("scratch dir");
    let out = fap(dir.path(), &["check", "--help"]);
    assert!(out.status.success());
    let help = text(&out.stdout);
    assert!(
        help.contains("fap check round.json round.plan.json"),
        "{help}"
    );
    assert!(
        help.contains("Exit status 0 when the plan is valid, 2 when"),
        "{help}"
    );
}
