//! `fap solve --options/--report` and `fap report`, run as the built binary in
//! a scratch directory.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn fap(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_fap"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("runs fap")
}

fn scenario() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden/decision-small/scenario.json")
}

#[test]
fn solve_writes_the_reports_and_report_rebuilds_them_from_the_plan() {
    let dir = tempfile::tempdir().expect("scratch");
    let sc = scenario();
    let sc = sc.to_str().expect("utf-8 path");
    let out = fap(
        dir.path(),
        &[
            "solve",
            sc,
            "-o",
            "r.plan.json",
            "--proposals",
            "2",
            "--options",
            "2",
            "--no-timings",
            "-q",
            "--report",
            "a.md",
            "--report",
            "a.html",
            "--report",
            "a.csv",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let plan: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("r.plan.json")).expect("plan"))
            .expect("json");
    let ds = &plan["decision_support"];
    assert_eq!(ds["options_per_pupil"], 2);
    assert_eq!(ds["pupils"].as_array().map(Vec::len), Some(8));
    assert_eq!(plan["generator"]["options"]["options_per_pupil"], 2);
    for (ext, format) in [("md", None), ("html", None), ("csv", Some("csv"))] {
        let mut args = vec!["report", "r.plan.json", "--scenario", sc, "-o"];
        let name = format!("b.{}", if format.is_some() { "txt" } else { ext });
        args.push(&name);
        if let Some(f) = format {
            args.extend(["--format", f]);
        }
        let out = fap(dir.path(), &args);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let a = std::fs::read(dir.path().join(format!("a.{ext}"))).expect("solve's report");
        let b = std::fs::read(dir.path().join(&name)).expect("report's report");
        assert!(a == b, "fap report {ext} differs from fap solve --report");
    }
}

#[test]
fn report_without_decision_support_computes_it() {
    let dir = tempfile::tempdir().expect("scratch");
    let sc = scenario();
    let sc = sc.to_str().expect("utf-8 path");
    let out = fap(
        dir.path(),
        &["solve", sc, "-o", "p.plan.json", "-q", "--no-timings"],
    );
    assert!(out.status.success());
    let out = fap(
        dir.path(),
        &["report", "p.plan.json", "--scenario", sc, "--options", "1"],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let md = std::fs::read_to_string(dir.path().join("p.report.md")).expect("default output");
    assert!(md.starts_with("**OFFICIAL-SENSITIVE**\n\n# Fair Access Panel: Small round"));
    assert!(md.contains("### P08 —"));
}

/// A scratch directory with `p.plan.json` solved from the small round, and
/// the round's path.
fn solved_small_round() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().expect("scratch");
    let sc = scenario().to_str().expect("utf-8 path").to_string();
    assert!(fap(dir.path(), &["solve", &sc, "-o", "p.plan.json", "-q"])
        .status
        .success());
    (dir, sc)
}

#[test]
fn report_refuses_a_plan_of_another_scenario_and_writes_nothing() {
    let (dir, sc) = solved_small_round();
    let sc = sc.as_str();
    let mut other: serde_json::Value =
        serde_json::from_slice(&std::fs::read(sc).expect("read")).expect("json");
    other["meta"]["name"] = "another round".into();
    std::fs::write(
        dir.path().join("other.json"),
        serde_json::to_vec(&other).expect("json"),
    )
    .expect("write");
    let out = fap(
        dir.path(),
        &[
            "report",
            "p.plan.json",
            "--scenario",
            "other.json",
            "-o",
            "x.md",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("the plan was made for another scenario"));
    assert!(!dir.path().join("x.md").exists());
}

/// A hand-edited plan that breaks a rule or misstates its objective makes no
/// panel pack (exit 2, nothing written); a byte-order mark, as some editors
/// add, is read as `fap check` reads it.
#[test]
fn report_refuses_a_plan_the_checker_rejects_and_reads_a_bom() {
    let (dir, sc) = solved_small_round();
    let sc = sc.as_str();
    let bytes = std::fs::read(dir.path().join("p.plan.json")).expect("plan");
    let plan: serde_json::Value = serde_json::from_slice(&bytes).expect("json");
    type Edit = fn(&mut serde_json::Value);
    let edits: [(&str, Edit); 2] = [
        ("objective", |p| p["proposals"][0]["objective"] = 1e9.into()),
        ("two places", |p| {
            let a = &mut p["proposals"][0]["assignments"][0];
            a["school"] = "S1".into();
            a["ap"] = "AP1".into();
        }),
    ];
    for (what, edit) in edits {
        let mut bad = plan.clone();
        edit(&mut bad);
        let file = dir.path().join("bad.plan.json");
        std::fs::write(&file, serde_json::to_vec(&bad).expect("json")).expect("write");
        let out = fap(
            dir.path(),
            &["report", "bad.plan.json", "--scenario", sc, "-o", "x.md"],
        );
        assert_eq!(out.status.code(), Some(2), "{what}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("the plan is not valid") && err.contains("fap check"),
            "{what}: {err}"
        );
        assert!(!dir.path().join("x.md").exists(), "{what}");
    }
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(&bytes);
    std::fs::write(dir.path().join("bom.plan.json"), bom).expect("write");
    let out = fap(
        dir.path(),
        &["report", "bom.plan.json", "--scenario", sc, "-o", "x.md"],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(dir.path().join("x.md").exists());
}

#[test]
fn solve_refuses_a_report_of_unknown_format_before_solving() {
    let dir = tempfile::tempdir().expect("scratch");
    let sc = scenario();
    let out = fap(
        dir.path(),
        &[
            "solve",
            sc.to_str().expect("utf-8"),
            "-o",
            "p.plan.json",
            "--report",
            "x.docx",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr)
        .contains("name the file .md, .csv, .html, .pdf or .xlsx"));
    assert!(!dir.path().join("p.plan.json").exists());
}
