//! `fap solve` as a user runs it: ranked proposals in the plan file, and the
//! same bytes whatever the thread count (MODEL.md "Output bytes are deterministic").

use crate::model_support::gen;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/tiny")
        .join(name)
}

/// Runs the built `fap` binary.
fn fap(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_fap"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("fap runs")
}

/// `fap solve SCENARIO -o OUT EXTRA…`, which must succeed; returns the plan bytes.
fn solve(scenario: &Path, out: &Path, extra: &[&str]) -> Vec<u8> {
    let mut args = vec![
        "solve",
        scenario.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "-q",
    ];
    args.extend_from_slice(extra);
    let run = fap(&args, out.parent().unwrap());
    assert!(
        run.status.success(),
        "fap {args:?} failed: {}\n{}",
        run.status,
        String::from_utf8_lossy(&run.stderr)
    );
    std::fs::read(out).expect("plan written")
}

/// Placements of a proposal, by pupil id: the school or AP id, or `None`.
fn placements(p: &Value) -> Vec<(String, Option<String>)> {
    p["assignments"]
        .as_array()
        .expect("assignments")
        .iter()
        .map(|a| {
            let at = a
                .get("school")
                .or_else(|| a.get("ap"))
                .and_then(Value::as_str);
            (
                a["pupil"].as_str().unwrap().to_string(),
                at.map(str::to_string),
            )
        })
        .collect()
}

#[test]
fn proposals_have_non_decreasing_objectives_and_differ_by_min_diff() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("plan.json");
    let bytes = solve(
        &fixture("secondary_soft_cap.json"),
        &out,
        &["--proposals", "3", "--min-diff", "2", "--no-timings"],
    );
    let plan: Value = serde_json::from_slice(&bytes).unwrap();
    let proposals = plan["proposals"].as_array().unwrap();
    assert_eq!(proposals.len(), 3);
    let objectives: Vec<f64> = proposals
        .iter()
        .map(|p| p["objective"].as_f64().unwrap())
        .collect();
    assert!(
        objectives.windows(2).all(|w| w[0] <= w[1]),
        "{objectives:?}"
    );
    for (k, p) in proposals.iter().enumerate() {
        assert_eq!(p["rank"], k + 1);
        let gap = p["gap_to_best"].as_f64().unwrap();
        assert!(
            (gap - (objectives[k] - objectives[0])).abs() < 1e-5,
            "gap {gap}"
        );
        for q in &proposals[..k] {
            let diff = placements(p)
                .iter()
                .zip(placements(q))
                .filter(|(a, b)| *a != b)
                .count();
            assert!(
                diff >= 2,
                "proposals {} and {} differ in {diff} pupils",
                q["rank"],
                k + 1
            );
        }
    }
}

#[test]
fn proposals_stop_gracefully_when_every_pupil_is_pinned() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("plan.json");
    let scenario = fixture("all_pinned.json");
    let args = [
        "solve",
        scenario.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--proposals",
        "3",
    ];
    let run = fap(&args, dir.path());
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.contains("1 of 3 proposals"), "stderr: {stderr}");
    let plan: Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    let proposals = plan["proposals"].as_array().unwrap();
    assert_eq!(proposals.len(), 1);
    let placed = placements(&proposals[0]);
    let expected = [("P1", "S2"), ("P2", "S1"), ("P3", "AP1")];
    for ((pupil, at), (p, s)) in placed.iter().zip(expected) {
        assert_eq!((pupil.as_str(), at.as_deref()), (p, Some(s)));
    }
}

#[test]
fn a_round_with_no_pupils_writes_its_one_plan_whatever_the_proposals_asked() {
    let dir = tempfile::tempdir().unwrap();
    let mut sc: Value =
        serde_json::from_slice(&std::fs::read(fixture("all_pinned.json")).unwrap()).unwrap();
    sc["pupils"] = Value::Array(Vec::new());
    let scenario = dir.path().join("empty.json");
    std::fs::write(&scenario, serde_json::to_vec(&sc).unwrap()).unwrap();
    for k in ["1", "2", "3"] {
        let out = dir.path().join(format!("plan{k}.json"));
        let plan: Value =
            serde_json::from_slice(&solve(&scenario, &out, &["--proposals", k])).unwrap();
        let proposals = plan["proposals"].as_array().unwrap();
        assert_eq!(proposals.len(), 1, "--proposals {k}");
        assert_eq!(proposals[0]["assignments"], Value::Array(Vec::new()));
        assert_eq!(proposals[0]["status"], "optimal");
    }
}

/// A scenario of ~40 pupils in primary and secondary (several independent
/// components, so the thread pool has work to share).
fn larger_scenario(dir: &Path) -> PathBuf {
    let specs = gen::sample(gen::spec(6..=8, 36..=44), 6);
    let n_components = |c: &gen::Case| {
        fap::model::build::components(&c.sc, &fap::model::Options::generate(&c.sc)).len()
    };
    let case = specs
        .iter()
        .map(|s| s.case())
        .max_by_key(n_components)
        .unwrap();
    let n = n_components(&case);
    eprintln!(
        "larger scenario: {} pupils, {n} components",
        case.sc.pupils.len()
    );
    assert!(n >= 3, "only {n} components");
    let path = dir.join("larger.json");
    std::fs::write(&path, case.json).unwrap();
    path
}

#[test]
fn plan_bytes_do_not_depend_on_threads_or_runs() {
    let dir = tempfile::tempdir().unwrap();
    let scenarios = [
        larger_scenario(dir.path()),
        fixture("secondary_soft_cap.json"),
        fixture("primary_walking.json"),
    ];
    for (i, sc) in scenarios.iter().enumerate() {
        let run = |name: &str, threads: &str| {
            let out = dir.path().join(format!("{i}-{name}.json"));
            solve(
                sc,
                &out,
                &["--no-timings", "--threads", threads, "--proposals", "3"],
            )
        };
        let one = run("t1", "1");
        let two = run("t2", "2");
        let again = run("t2-again", "2");
        assert!(one == two, "{}: --threads 1 and 2 differ", sc.display());
        assert!(two == again, "{}: two runs differ", sc.display());
        assert!(!String::from_utf8_lossy(&one).contains("timings"));
    }
}

/// A time limit too short for any plan is the user's to fix: exit 2, a hint
/// to give more time, and no plan file (not exit 3, "internal error").
#[test]
fn a_time_limit_too_short_for_any_plan_says_so_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let settings = fap::generate::Settings::synthetic(5, 300, 40);
    let json = fap::generate::generate(&settings).expect("generates").json;
    std::fs::write(dir.path().join("round.json"), json).unwrap();
    let args = ["solve", "round.json", "-o", "plan.json", "-q"];
    let run = fap(
        &[&args[..], &["--time-limit", "0.000001"]].concat(),
        dir.path(),
    );
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(2), "stderr: {stderr}");
    assert!(stderr.contains("before any plan was found"), "{stderr}");
    assert!(
        stderr.contains("hint: give a longer --time-limit"),
        "{stderr}"
    );
    assert!(!dir.path().join("plan.json").exists());
    // With time, the same round solves.
    assert!(fap(&args, dir.path()).status.success());
}
