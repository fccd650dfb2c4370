//! `fap sweep` end to end: the built binary on small scenarios written here.
//!
//! Issue 6: variants from patches, grids and seeded draws; failures reported
//! without stopping the sweep; the same bytes for any thread count, for shards
//! merged, and for resumed runs; each variant's plan equal to a solve of it alone.

mod common;
mod compare;
mod recipes;

use common::{assert_same_dirs, files, json, stderr, Scratch, SWEEP};

/// Exit status when some variant has no plan.
const SOME_FAILED: i32 = 4;

#[test]
fn patch_by_id_changes_only_the_named_year_group() {
    let s = Scratch::new(SWEEP);
    s.fap_ok(&["sweep", "sweep.json", "-o", "out", "-q"], SOME_FAILED);
    let v = json(&s.path("out/variants/s012-bulge.scenario.json"));
    let base: serde_json::Value = serde_json::from_str(common::BASE).unwrap();
    assert_eq!(v["schools"][1]["year_groups"]["9"]["pan"], 31);
    assert_eq!(
        v["schools"][1]["year_groups"]["10"],
        base["schools"][1]["year_groups"]["10"]
    );
    assert_eq!(v["schools"][0], base["schools"][0]);
    assert_eq!(v["pupils"], base["pupils"]);
    let r = json(&s.path("out/variants/s012-bulge.result.json"));
    assert_eq!(r["status"], "optimal");
    // One more place at S012 spares the above-PAN place the base needs.
    let b = json(&s.path("out/variants/base.result.json"));
    assert_eq!(b["metrics"]["above_pan_places"], 1);
    assert_eq!(r["metrics"]["above_pan_places"], 0);
}

#[test]
fn base_then_grid_product_then_draws_in_file_order() {
    let s = Scratch::new(SWEEP);
    s.fap_ok(&["sweep", "sweep.json", "-o", "out", "-q"], SOME_FAILED);
    let m = json(&s.path("out/manifest.json"));
    let names: Vec<&str> = m["variants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "base",
            "S012 bulge",
            "cap [per_30_pan=0.5, mode=hard]",
            "cap [per_30_pan=0.5, mode=soft]",
            "cap [per_30_pan=2, mode=hard]",
            "cap [per_30_pan=2, mode=soft]",
            "arrivals #1",
            "arrivals #2",
            "arrivals #3",
            "S001 closes",
            "typo"
        ]
    );
    let hard = json(&s.path("out/variants/cap-per_30_pan-2-mode-hard.scenario.json"));
    assert_eq!(
        hard["policy"]["fap_cap"],
        serde_json::json!({"mode": "hard", "per_30_pan": 2})
    );
}

#[test]
fn seeded_draws_are_reproducible_and_distinct() {
    let s = Scratch::new(SWEEP);
    s.fap_ok(&["sweep", "sweep.json", "-o", "a", "-q"], SOME_FAILED);
    s.fap_ok(&["sweep", "sweep.json", "-o", "b", "-q"], SOME_FAILED);
    let draw = |dir: &str, k: u32| s.read(&format!("{dir}/variants/arrivals-{k}.scenario.json"));
    assert_eq!(draw("a", 1), draw("b", 1));
    assert_ne!(draw("a", 1), draw("a", 2));
    let d1 = json(&s.path("a/variants/arrivals-1.scenario.json"));
    assert_eq!(d1["pupils"].as_array().unwrap().len(), 4 + 3);
    assert_eq!(d1["pupils"][4]["id"], "sweep.new.1");
    // Another seed, other draws.
    s.write("sweep.json", &SWEEP.replace("\"seed\": 1", "\"seed\": 2"));
    s.fap_ok(&["sweep", "sweep.json", "-o", "c", "-q"], SOME_FAILED);
    assert_ne!(draw("a", 1), draw("c", 1));
}

#[test]
fn failing_variants_are_reported_and_the_others_finish() {
    let s = Scratch::new(SWEEP);
    let out = s.fap_ok(&["sweep", "sweep.json", "-o", "out"], SOME_FAILED);
    let err = stderr(&out);
    assert!(err.contains("typo: invalid"), "{err}");
    assert!(err.contains("cannot remove \"S999\""), "{err}");
    let closes = json(&s.path("out/variants/s001-closes.result.json"));
    assert_eq!(closes["status"], "invalid");
    assert!(closes["failure"]["issues"][0]
        .as_str()
        .unwrap()
        .contains("unknown school or AP id \"S001\""));
    assert!(!s.path("out/variants/s001-closes.plan.json").exists());
    let m = json(&s.path("out/manifest.json"));
    for v in m["variants"].as_array().unwrap().iter().take(9) {
        let stem = v["stem"].as_str().unwrap();
        let r = json(&s.path(&format!("out/variants/{stem}.result.json")));
        assert_eq!(r["status"], "optimal", "{stem}");
        assert!(s.path(&format!("out/variants/{stem}.plan.json")).is_file());
    }
    let md = s.read("out/report.md");
    assert!(
        md.contains("9 optimal, 0 not proven optimal (time limit), 2 invalid"),
        "{md}"
    );
    assert!(
        md.contains("- `typo` (invalid): the patch cannot be applied"),
        "{md}"
    );
}

#[test]
fn all_optimal_exits_zero() {
    let s = Scratch::new(
        r#"{"format": "fap-sweep/1", "base": "base.json",
            "variants": [{"name": "above PAN", "grid": {"policy.max_above_pan": [0, 2]}}]}"#,
    );
    s.fap_ok(&["sweep", "sweep.json", "-o", "out", "-q"], 0);
    // Scenario, plan and result of each; moves against the base for the two others.
    assert_eq!(files(&s.path("out/variants")).len(), 3 * 3 + 2);
}

#[test]
fn one_and_two_threads_write_the_same_bytes() {
    let s = Scratch::new(SWEEP);
    s.fap_ok(
        &["sweep", "sweep.json", "-o", "t1", "--threads", "1", "-q"],
        SOME_FAILED,
    );
    s.fap_ok(
        &["sweep", "sweep.json", "-o", "t2", "--threads", "2", "-q"],
        SOME_FAILED,
    );
    assert_same_dirs(&s.path("t1"), &s.path("t2"));
}

#[test]
fn merged_shards_equal_a_single_run() {
    let s = Scratch::new(SWEEP);
    s.fap_ok(&["sweep", "sweep.json", "-o", "whole", "-q"], SOME_FAILED);
    for (i, code) in [(1, SOME_FAILED), (2, SOME_FAILED), (3, 0)] {
        let shard = format!("{i}/3");
        let dir = format!("s{i}");
        s.fap_ok(
            &["sweep", "sweep.json", "-o", &dir, "--shard", &shard, "-q"],
            code,
        );
        assert!(!s.path(&format!("{dir}/report.md")).exists());
    }
    // Shard 3/3 holds variants 2, 5 and 8.
    assert_eq!(files(&s.path("s3/variants")).len(), 3 * 3);
    let out = s.fap_ok(&["sweep", "merge", "s1", "s2", "-o", "m"], 2);
    assert!(stderr(&out).contains("(shard 3/3)"), "{}", stderr(&out));
    assert!(!s.path("m").exists(), "a failed merge writes nothing");
    s.fap_ok(
        &["sweep", "merge", "s3", "s1", "s2", "-o", "m", "-q"],
        SOME_FAILED,
    );
    assert_same_dirs(&s.path("whole"), &s.path("m"));
}

#[test]
fn merge_refuses_shards_of_another_sweep() {
    let s = Scratch::new(SWEEP);
    s.fap_ok(
        &["sweep", "sweep.json", "-o", "s1", "--shard", "1/2", "-q"],
        SOME_FAILED,
    );
    s.write("sweep.json", &SWEEP.replace("\"seed\": 1", "\"seed\": 9"));
    s.fap(&["sweep", "sweep.json", "-o", "s2", "--shard", "2/2", "-q"]);
    let out = s.fap_ok(&["sweep", "merge", "s1", "s2", "-o", "m"], 2);
    assert!(
        stderr(&out).contains("holds another sweep"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn resume_skips_finished_variants_and_reruns_stale_ones() {
    let s = Scratch::new(SWEEP);
    s.fap_ok(&["sweep", "sweep.json", "-o", "fresh", "-q"], SOME_FAILED);
    s.fap_ok(&["sweep", "sweep.json", "-o", "out", "-q"], SOME_FAILED);
    // As if interrupted before these two finished: no result file.
    std::fs::remove_file(s.path("out/variants/base.result.json")).unwrap();
    std::fs::remove_file(s.path("out/variants/arrivals-2.result.json")).unwrap();
    // A stale result: another scenario under the same name.
    let stale = s.path("out/variants/s012-bulge.result.json");
    let text = std::fs::read_to_string(&stale).unwrap();
    let mut r: serde_json::Value = serde_json::from_str(&text).unwrap();
    r["scenario_sha256"] = "0".repeat(64).into();
    std::fs::write(&stale, serde_json::to_string_pretty(&r).unwrap()).unwrap();
    let out = s.fap_ok(
        &["sweep", "sweep.json", "-o", "out", "--resume"],
        SOME_FAILED,
    );
    let err = stderr(&out);
    let rerun: Vec<&str> = err
        .lines()
        .filter(|l| l.starts_with('[') && !l.ends_with("(resumed)"))
        .map(|l| l.split("] ").nth(1).unwrap().split(':').next().unwrap())
        .collect();
    let mut rerun = rerun;
    rerun.sort();
    assert_eq!(rerun, ["S012 bulge", "arrivals #2", "base"], "{err}");
    assert_same_dirs(&s.path("fresh"), &s.path("out"));
}

#[test]
fn each_plan_equals_a_solve_of_its_variant_alone() {
    let s = Scratch::new(SWEEP);
    s.fap_ok(&["sweep", "sweep.json", "-o", "out", "-q"], SOME_FAILED);
    let mut checked = 0;
    for (rel, bytes) in files(&s.path("out/variants")) {
        let Some(stem) = rel.strip_suffix(".plan.json") else {
            continue;
        };
        let scenario = format!("out/variants/{stem}.scenario.json");
        let plan = format!("{stem}.alone.json");
        s.fap_ok(&["solve", &scenario, "-o", &plan, "--no-timings", "-q"], 0);
        assert!(
            std::fs::read(s.path(&plan)).unwrap() == bytes,
            "{stem}: the sweep's plan differs from `fap solve` of its scenario"
        );
        checked += 1;
    }
    assert_eq!(checked, 9);
    // The base keeps its file's bytes, so its plan answers base.json itself.
    assert_eq!(s.read("out/variants/base.scenario.json"), common::BASE);
}

#[test]
fn invalid_sweep_files_and_bases_exit_2_naming_the_problem() {
    let s = Scratch::new(
        r#"{"format": "fap-sweep/1", "base": "base.json",
            "variants": [{"name": "g", "grid": {"policy.max_above_pan": []}},
                         {"name": "d", "patch": {}, "draws": 2}]}"#,
    );
    let out = s.fap_ok(&["sweep", "sweep.json", "-o", "out"], 2);
    let err = stderr(&out);
    assert!(
        err.contains("variants[0].grid.\"policy.max_above_pan\": list at least one value"),
        "{err}"
    );
    assert!(err.contains("variants[1].draws"), "{err}");
    assert!(!s.path("out").exists());

    s.write("base.json", &common::BASE.replace("\"S012\"]", "\"S099\"]"));
    s.write(
        "sweep.json",
        r#"{"format": "fap-sweep/1", "base": "base.json", "variants": []}"#,
    );
    let out = s.fap_ok(&["sweep", "sweep.json", "-o", "out"], 2);
    assert!(
        stderr(&out).contains("unknown school or AP id \"S099\""),
        "{}",
        stderr(&out)
    );

    let out = s.fap_ok(&["sweep", "sweep.json", "--shard", "4/3"], 2);
    assert!(stderr(&out).contains("expected I/N"), "{}", stderr(&out));
}

#[test]
fn inline_base_works_like_a_file() {
    let inline = format!(
        r#"{{"format": "fap-sweep/1", "base": {},
            "variants": [{{"name": "bulge", "patch": {{"schools": {{"S012": {{"year_groups": {{"9": {{"pan": 31}}}}}}}}}}}}]}}"#,
        common::BASE
    );
    let s = Scratch::new(&inline);
    s.fap_ok(&["sweep", "sweep.json", "-o", "out", "-q"], 0);
    let r = json(&s.path("out/variants/bulge.result.json"));
    assert_eq!(r["metrics"]["above_pan_places"], 0);
}

/// Ctrl-C keeps the finished variants, leaves no temporary file, and `--resume`
/// completes the sweep to the bytes of an uninterrupted run.
#[cfg(unix)]
#[test]
fn interrupted_sweep_keeps_finished_variants_and_resumes() {
    let s = Scratch::new(
        r#"{"format": "fap-sweep/1", "base": "base.json", "seed": 3,
            "variants": [{"name": "arrivals", "perturb": {"extra_pupils": 2}, "draws": 80}]}"#,
    );
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_fap"))
        .args(["sweep", "sweep.json", "-o", "out", "--threads", "1", "-q"])
        .current_dir(s.path(""))
        .spawn()
        .unwrap();
    let first = s.path("out/variants/base.result.json");
    let started = std::time::Instant::now();
    while !first.exists() && started.elapsed().as_secs() < 30 {
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    let status = child.wait().unwrap();
    let done = files(&s.path("out/variants"));
    assert!(
        done.keys().all(|f| !f.contains(".fap-")),
        "{:?}",
        done.keys()
    );
    let results = done.keys().filter(|f| f.ends_with(".result.json")).count();
    if status.code() == Some(130) {
        // All 81 may be done when the interrupt lands between the last variant and the report.
        assert!((1..=81).contains(&results), "{results} results");
        assert!(!s.path("out/report.md").exists());
    } else {
        eprintln!("note: the sweep finished before the interrupt arrived");
    }
    for (f, bytes) in &done {
        if f.ends_with(".json") {
            serde_json::from_slice::<serde_json::Value>(bytes).expect("complete JSON");
        }
    }
    let out = s.fap_ok(
        &[
            "sweep",
            "sweep.json",
            "-o",
            "out",
            "--resume",
            "--threads",
            "2",
        ],
        0,
    );
    let resumed = stderr(&out)
        .lines()
        .filter(|l| l.ends_with("(resumed)"))
        .count();
    assert_eq!(resumed, results, "{}", stderr(&out));
    s.fap_ok(&["sweep", "sweep.json", "-o", "fresh", "-q"], 0);
    assert_same_dirs(&s.path("fresh"), &s.path("out"));
}

#[test]
fn packs_are_the_reports_of_each_variant_and_go_when_no_longer_asked_for() {
    let s = Scratch::new(SWEEP);
    s.fap_ok(
        &[
            "sweep",
            "sweep.json",
            "-o",
            "out",
            "-q",
            "--packs",
            "md,html",
        ],
        SOME_FAILED,
    );
    let all = files(&s.path("out/variants"));
    let plans: Vec<&str> = all
        .keys()
        .filter_map(|k| k.strip_suffix(".plan.json"))
        .collect();
    assert_eq!(plans.len(), 9);
    for stem in &plans {
        let plan = format!("out/variants/{stem}.plan.json");
        let scenario = format!("out/variants/{stem}.scenario.json");
        let alone = format!("{stem}.report.md");
        s.fap_ok(&["report", &plan, "--scenario", &scenario, "-o", &alone], 0);
        // The same paper, but for the round's name in the title.
        let pack = s.read(&format!("out/variants/{stem}.pack.md"));
        let report = s.read(&alone);
        let differ: Vec<(&str, &str)> = pack
            .lines()
            .zip(report.lines())
            .filter(|(a, b)| a != b)
            .collect();
        assert_eq!(pack.lines().count(), report.lines().count(), "{stem}");
        assert_eq!(differ.len(), 1, "{stem}: {differ:?}");
        assert!(differ[0].0.contains("what-if"), "{stem}: {differ:?}");
        assert!(all.contains_key(&format!("{stem}.pack.html")), "{stem}");
    }
    // Failed variants have no pack; the report links every pack.
    assert_eq!(all.keys().filter(|k| k.contains(".pack.")).count(), 18);
    let md = s.read("out/report.md");
    // Draws are summarised in their own table, without links.
    for stem in plans.iter().filter(|s| !s.starts_with("arrivals")) {
        assert!(
            md.contains(&format!("](variants/{stem}.pack.html)")),
            "{stem}"
        );
    }
    assert!(s
        .read("out/report.html")
        .contains("href=\"variants/base.pack.html\""));
    assert!(s.read("out/report.csv").contains("variants/base.pack.html"));
    // Re-run without packs: none left behind to show an older plan.
    s.fap_ok(
        &["sweep", "sweep.json", "-o", "out", "-q", "--resume"],
        SOME_FAILED,
    );
    let left: Vec<String> = files(&s.path("out/variants"))
        .into_keys()
        .filter(|k| k.contains(".pack."))
        .collect();
    assert!(left.is_empty(), "{left:?}");
    assert!(!s.read("out/report.md").contains(".pack."));
    let bad = s.fap_ok(&["sweep", "sweep.json", "-o", "out", "--packs", "doc"], 2);
    assert!(stderr(&bad).contains("--packs"), "{}", stderr(&bad));
}
