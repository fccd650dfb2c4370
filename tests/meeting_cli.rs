//! The meeting's commands end to end: `fap change`, `fap diff`, `fap ledger`,
//! `fap year-end` — exit codes, what they print, and nothing written on error.

use crate::common::{repo, Scratch};
use serde_json::Value;
use std::path::{Path, PathBuf};

const ROUND: &str = "scenarios/secondary-autumn2.json";

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

fn read_json(p: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(p).unwrap()).unwrap()
}

/// The round copied into the scratch directory, and its proposal 1.
fn solved(sc: &Scratch) -> (PathBuf, PathBuf, Value) {
    let round = sc.write("round.json", std::fs::read(repo(ROUND)).unwrap());
    let plan = sc.path("round.plan.json");
    sc.fap(["solve", s(&round), "-o", s(&plan), "--no-timings"])
        .assert_code(0);
    let v = read_json(&plan);
    (round, plan, v)
}

/// A pupil placed at a school in proposal 1, and another school among its options
/// (from the plan's own alternatives would need --options; the pupil's preferences do).
fn pupil_and_other_school(sc: &Scratch, round: &Path, plan: &Value) -> (String, String, String) {
    let scenario = read_json(round);
    for a in plan["proposals"][0]["assignments"].as_array().unwrap() {
        let Some(at) = a["school"].as_str() else {
            continue;
        };
        let pupil = a["pupil"].as_str().unwrap();
        let p = scenario["pupils"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["id"] == pupil)
            .unwrap();
        for pref in p["preferences"].as_array().into_iter().flatten() {
            let pref = pref.as_str().unwrap();
            if pref != at && pref.starts_with('S') {
                let out = sc.path("probe.json");
                let run = sc.fap([
                    "change",
                    s(round),
                    "--pin",
                    &format!("{pupil}={pref}"),
                    "-o",
                    s(&out),
                    "--force",
                ]);
                if run.code == Some(0) {
                    return (pupil.to_string(), at.to_string(), pref.to_string());
                }
            }
        }
    }
    panic!("no placed pupil with another school it can be pinned to")
}

#[test]
fn change_pins_and_rules_out_and_writes_a_valid_scenario() {
    let sc = Scratch::new();
    let (round, plan, v) = solved(&sc);
    let (pupil, was, other) = pupil_and_other_school(&sc, &round, &v);
    let out = sc.path("round-b.json");
    let run = sc.fap([
        "change",
        s(&round),
        "--pin",
        &format!("{pupil}={other}"),
        "--avoid",
        &format!("{pupil}={was}"),
        "-o",
        s(&out),
    ]);
    run.assert_code(0)
        .assert_contains(&format!("Place {pupil} at"))
        .assert_contains("Rule out");
    let b = read_json(&out);
    let p = b["pupils"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == pupil.as_str())
        .unwrap();
    assert_eq!(p["pinned"], other.as_str());
    assert!(p["avoid"]
        .as_array()
        .unwrap()
        .iter()
        .any(|a| a == was.as_str()));
    assert_eq!(b["meta"], read_json(&round)["meta"], "meta is carried over");
    sc.fap(["validate", s(&out)]).assert_code(0);
    // The re-solve against the plan on the table moves the pinned child only where needed,
    // and fap diff says so.
    let plan_b = sc.path("round-b.plan.json");
    sc.fap([
        "solve",
        s(&out),
        "--reference",
        s(&plan),
        "-o",
        s(&plan_b),
        "--no-timings",
    ])
    .assert_code(0);
    let d = sc.fap(["diff", s(&plan), s(&plan_b), "--format", "json"]);
    d.assert_code(0);
    let j = d.json();
    let moved = j["moved"].as_array().unwrap();
    let m = moved
        .iter()
        .find(|m| m["pupil"] == pupil.as_str())
        .expect("the pinned child moved");
    assert_eq!(
        (m["from"].as_str(), m["to"].as_str()),
        (Some(was.as_str()), Some(other.as_str()))
    );
    let placed = |p: &Value| {
        p["proposals"][0]["assignments"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|a| a["unplaced"] != true)
            .count() as f64
    };
    let fig = |k: &str| {
        j["figures"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["key"] == k)
            .cloned()
            .unwrap()
    };
    assert_eq!(fig("placed")["a"].as_f64(), Some(placed(&v)));
    assert_eq!(
        fig("placed")["b"].as_f64(),
        Some(placed(&read_json(&plan_b)))
    );
    // Markdown names the schools from the scenario.
    let md = sc.fap(["diff", s(&plan), s(&plan_b), "--scenario", s(&out)]);
    md.assert_code(0)
        .assert_contains("# What changed")
        .assert_contains(&format!("({other})"));
}

#[test]
fn a_refused_change_names_its_rule_and_writes_nothing() {
    let sc = Scratch::new();
    let round = sc.write("round.json", std::fs::read(repo(ROUND)).unwrap());
    let out = sc.path("out.json");
    for (args, rule) in [
        (vec!["--pin", "P9999=S001"], "[unknown-pupil]"),
        (vec!["--pin", "nonsense"], "PUPIL=PLACE"),
        (vec!["--add-place", "S001:13"], "[year-group]"),
    ] {
        let mut all = vec!["change", s(&round)];
        all.extend(args.iter().copied());
        all.extend(["-o", s(&out)]);
        let run = sc.fap(&all);
        run.assert_code(2).assert_contains(rule);
        assert!(!out.exists(), "{}", run.report("nothing may be written"));
    }
    sc.fap(["change", s(&round), "-o", s(&out)])
        .assert_code(2)
        .assert_contains("no change given");
    assert!(!out.exists());
}

#[test]
fn change_replaces_an_existing_file_only_with_force_and_never_its_input() {
    let sc = Scratch::new();
    let round = sc.write("round.json", std::fs::read(repo(ROUND)).unwrap());
    let out = sc.write("out.json", "keep me");
    sc.fap(["change", s(&round), "--add-above-pan", "-o", s(&out)])
        .assert_code(2)
        .assert_contains("--force");
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "keep me");
    sc.fap([
        "change",
        s(&round),
        "--add-above-pan",
        "-o",
        s(&out),
        "--force",
    ])
    .assert_code(0);
    assert_eq!(read_json(&out)["policy"]["max_above_pan"], 2);
    let before = std::fs::read(&round).unwrap();
    sc.fap([
        "change",
        s(&round),
        "--add-above-pan",
        "-o",
        s(&round),
        "--force",
    ])
    .assert_code(2);
    assert_eq!(std::fs::read(&round).unwrap(), before);
}

#[test]
fn a_changes_file_is_applied_in_its_order_and_a_bad_one_is_refused() {
    let sc = Scratch::new();
    let round = sc.write("round.json", std::fs::read(repo(ROUND)).unwrap());
    let first = read_json(&round)["pupils"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let changes = sc.write(
        "changes.json",
        format!(r#"[{{"kind": "withdraw", "pupil": "{first}"}}, {{"kind": "add_above_pan"}}]"#),
    );
    let out = sc.path("out.json");
    sc.fap(["change", s(&round), "--changes", s(&changes), "-o", s(&out)])
        .assert_code(0);
    let b = read_json(&out);
    assert_eq!(
        b["pupils"].as_array().unwrap().len(),
        read_json(&round)["pupils"].as_array().unwrap().len() - 1
    );
    let bad = sc.write(
        "bad.json",
        r#"[{"kind": "pin", "pupil": "P1", "plaice": "S1"}]"#,
    );
    let out2 = sc.path("out2.json");
    sc.fap(["change", s(&round), "--changes", s(&bad), "-o", s(&out2)])
        .assert_code(2)
        .assert_contains("[0]");
    assert!(!out2.exists());
}

#[test]
fn diff_refuses_a_missing_proposal_and_a_file_that_is_not_a_plan() {
    let sc = Scratch::new();
    let (round, plan, _) = solved(&sc);
    let out = sc.path("d.md");
    sc.fap([
        "diff",
        s(&plan),
        s(&plan),
        "--proposal-b",
        "7",
        "-o",
        s(&out),
    ])
    .assert_code(2)
    .assert_contains("no proposal 7");
    sc.fap(["diff", s(&plan), s(&round), "-o", s(&out)])
        .assert_code(2);
    assert!(!out.exists());
    sc.fap(["diff", s(&plan), s(&plan), "-o", s(&sc.path("d.txt"))])
        .assert_code(2)
        .assert_contains("--format");
    // The same plan twice: nobody moved, every figure unchanged.
    let csv = sc.path("same.csv");
    sc.fap(["diff", s(&plan), s(&plan), "-o", s(&csv)])
        .assert_code(0);
    let text = std::fs::read_to_string(&csv).unwrap();
    assert!(text.starts_with("what,key,before,after,change\n"), "{text}");
    assert!(!text.contains("\nmoved,"), "{text}");
    assert!(
        text.lines()
            .filter(|l| l.starts_with("figure,"))
            .all(|l| l.ends_with(",0")),
        "{text}"
    );
}

/// A log with two decisions for the round: the first pupil placed as proposed, the second deferred.
fn decided(sc: &Scratch, round: &Path, plan: &Path, v: &Value) -> PathBuf {
    let log = sc.path("decisions.jsonl");
    let ids: Vec<&str> = v["proposals"][0]["assignments"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["school"].is_string())
        .map(|a| a["pupil"].as_str().unwrap())
        .take(2)
        .collect();
    sc.fap([
        "decide",
        s(round),
        "--log",
        s(&log),
        "--date",
        "2026-11-23",
        "--agree",
        s(plan),
        "--pupils",
        ids[0],
    ])
    .assert_code(0);
    sc.fap([
        "decide",
        s(round),
        "--log",
        s(&log),
        "--date",
        "2026-11-23",
        "--pupil",
        ids[1],
        "--defer",
        "--plan",
        s(plan),
        "--reason",
        "travel",
    ])
    .assert_code(0);
    log
}

#[test]
fn ledger_in_three_formats_and_after_the_meeting() {
    let sc = Scratch::new();
    let (round, plan, v) = solved(&sc);
    let md = sc.fap(["ledger", s(&round)]);
    md.assert_code(0)
        .assert_contains("Whose turn is it?")
        .assert_contains("Secondary schools")
        .assert_contains("| 1 |");
    let csv = sc.path("ledger.csv");
    sc.fap(["ledger", s(&round), "-o", s(&csv)]).assert_code(0);
    let text = std::fs::read_to_string(&csv).unwrap();
    let schools = read_json(&round)["schools"].as_array().unwrap().len();
    assert_eq!(text.lines().count(), 1 + schools, "{text}");
    let html = sc.path("ledger.html");
    sc.fap(["ledger", s(&round), "-o", s(&html)]).assert_code(0);
    assert!(std::fs::read_to_string(&html).unwrap().contains("<table"));
    // After the meeting: the first placement counts, so that school's admitted total grows by one.
    let log = decided(&sc, &round, &plan, &v);
    let after = sc.path("after.csv");
    sc.fap(["ledger", s(&round), "--log", s(&log), "-o", s(&after)])
        .assert_code(0);
    let total = |t: &str| -> u32 {
        let mut r = csv_rows(t);
        let head = r.remove(0);
        let col = head.iter().position(|h| h == "admitted").unwrap();
        r.iter().map(|row| row[col].parse::<u32>().unwrap()).sum()
    };
    assert_eq!(
        total(&std::fs::read_to_string(&after).unwrap()),
        total(&text) + 1
    );
    sc.fap(["ledger", s(&round), "-o", s(&sc.path("ledger.txt"))])
        .assert_code(2)
        .assert_contains("--format");
}

fn csv_rows(t: &str) -> Vec<Vec<String>> {
    t.lines()
        .map(|l| l.split(',').map(str::to_string).collect())
        .collect()
}

#[test]
fn year_end_totals_the_log_and_refuses_a_tampered_one() {
    let sc = Scratch::new();
    let (round, plan, v) = solved(&sc);
    let log = decided(&sc, &round, &plan, &v);
    let run = sc.fap(["year-end", s(&log), "--format", "csv"]);
    run.assert_code(0);
    assert!(
        run.stdout.contains("\ndecisions,placed,,,1\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("\ndecisions,deferred,,,1\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("\ndiffered,travel,,,1\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("\ndays,placements,,,1\n"),
        "{}",
        run.stdout
    );
    sc.fap(["year-end", s(&log)])
        .assert_code(0)
        .assert_contains("Year-end figures")
        .assert_contains("20-day aim");
    let mut bytes = std::fs::read(&log).unwrap();
    let at = bytes.iter().position(|&b| b == b'2').unwrap();
    bytes[at] = b'3';
    let bad = sc.write("bad.jsonl", &bytes);
    let out = sc.path("ye.md");
    sc.fap(["year-end", s(&bad), "-o", s(&out)])
        .assert_code(2)
        .assert_contains("entry 1");
    assert!(!out.exists());
}

#[test]
fn every_meeting_command_has_a_worked_example_in_its_help() {
    let sc = Scratch::new();
    for cmd in ["change", "diff", "ledger", "year-end"] {
        sc.fap([cmd, "--help"])
            .assert_code(0)
            .assert_contains(&format!("fap {cmd} "));
    }
}
