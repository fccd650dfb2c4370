//! Issue 17: the report compares variants on outcomes under one yardstick —
//! ranking, Pareto front with tolerances, who moves, draws summarised.

use crate::sweep::common::{json, stderr, Scratch};
use std::collections::{BTreeMap, BTreeSet};

/// Cap, weight and school-removal variants, and draws.
const MIXED: &str = r#"{"format": "fap-sweep/1", "name": "Mixed", "base": "base.json", "seed": 3,
 "variants": [
  {"name": "cap", "grid": {"policy.fap_cap.per_30_pan": [0.5, 2]}},
  {"name": "fairness weight", "grid": {"policy.weights.over_fair_share": [0, 5, 500]}},
  {"name": "S001 closes", "patch": {"schools": {"S001": null}, "pupils": {"P3": {"preferences": ["S020"]}}}},
  {"name": "S012 bulge", "patch": {"schools": {"S012": {"year_groups": {"9": {"pan": 31}}}}}},
  {"name": "arrivals", "perturb": {"extra_pupils": 3, "lose_free_places": 0.5}, "draws": 4}
 ]}"#;

/// Pareto measures: (column, lower is better, default tolerance).
const PARETO: [(&str, bool, f64); 6] = [
    ("placed", false, 0.0),
    ("unplaced_fap", true, 0.0),
    ("mean_km", true, 0.05),
    ("beyond_walking", true, 0.0),
    ("max_share", true, 0.05),
    ("above_pan", true, 0.0),
];

type Row = BTreeMap<String, String>;

fn rows(s: &Scratch, file: &str) -> Vec<Row> {
    let text = s.read(file);
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let head: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    r.records()
        .map(|rec| {
            head.iter()
                .cloned()
                .zip(rec.unwrap().iter().map(String::from))
                .collect()
        })
        .collect()
}

fn num(r: &Row, k: &str) -> f64 {
    r[k].parse()
        .unwrap_or_else(|_| panic!("{k} = {:?} in {}", r[k], r["variant"]))
}

fn ran(args: &[&str], code: i32) -> Scratch {
    let s = Scratch::new(MIXED);
    let mut a = vec!["sweep", "sweep.json", "-o", "out", "-q"];
    a.extend(args);
    s.fap_ok(&a, code);
    s
}

#[test]
fn default_ranking_follows_outcomes_not_each_variants_objective() {
    let s = ran(&[], 0);
    let all = rows(&s, "out/report.csv");
    let ranked: Vec<&Row> = all.iter().filter(|r| !r["rank"].is_empty()).collect();
    let base = all.iter().find(|r| r["variant"] == "base").unwrap();
    // Lexicographic by the default list, in steps of the tolerance.
    let key = |r: &Row| -> Vec<f64> {
        [
            ("unplaced_fap", 0.0),
            ("unplaced", 0.0),
            ("max_share", 0.05),
            ("above_pan", 0.0),
            ("beyond_walking", 0.0),
            ("mean_km", 0.05),
        ]
        .iter()
        .map(|&(k, t)| {
            if t > 0.0 {
                (num(r, k) / t).round()
            } else {
                num(r, k)
            }
        })
        .collect()
    };
    for w in ranked.windows(2) {
        assert!(
            key(w[0]) <= key(w[1]),
            "{} before {}",
            w[0]["variant"],
            w[1]["variant"]
        );
    }
    // No variant ranked above the base is worse than it on every outcome.
    let base_rank = num(base, "rank");
    for r in ranked.iter().filter(|r| num(r, "rank") < base_rank) {
        let worse = PARETO.iter().all(|&(k, low, _)| {
            if low {
                num(r, k) > num(base, k)
            } else {
                num(r, k) < num(base, k)
            }
        });
        assert!(
            !worse,
            "{} is worse on every outcome but ranked above the base",
            r["variant"]
        );
    }
    // A fairness weight that leaves the plan as it is scores as the base under the
    // yardstick and shares its rank, whatever its own objective.
    let same: Vec<&&Row> = ranked
        .iter()
        .filter(|r| r["variant"].starts_with("fairness weight") && r["moves"] == "0")
        .collect();
    assert!(!same.is_empty());
    for r in &same {
        assert_eq!(
            (&r["rank"], &r["yardstick"]),
            (&base["rank"], &base["yardstick"]),
            "{}",
            r["variant"]
        );
    }
    assert!(
        same.iter().any(|r| r["objective"] != base["objective"]),
        "own objectives differ"
    );
    // Draws are summarised, not ranked.
    assert!(all
        .iter()
        .filter(|r| !r["draws_of"].is_empty())
        .all(|r| r["rank"].is_empty()));
}

#[test]
fn dominated_variants_name_variants_better_beyond_the_tolerances() {
    let s = ran(&[], 0);
    let all = rows(&s, "out/report.csv");
    let by_name: BTreeMap<&str, &Row> = all.iter().map(|r| (r["variant"].as_str(), r)).collect();
    let dominates = |a: &Row, b: &Row| {
        let d = |k: &str, low: bool| {
            if low {
                num(b, k) - num(a, k)
            } else {
                num(a, k) - num(b, k)
            }
        };
        PARETO.iter().all(|&(k, low, t)| d(k, low) >= -t)
            && PARETO.iter().any(|&(k, low, t)| d(k, low) > t)
    };
    let ranked: Vec<&Row> = all.iter().filter(|r| !r["rank"].is_empty()).collect();
    let mut off_front = 0;
    for r in &ranked {
        let named: Vec<&str> = r["dominated_by"]
            .split("; ")
            .filter(|n| !n.is_empty())
            .collect();
        let expected: BTreeSet<&str> = ranked
            .iter()
            .filter(|q| dominates(q, r))
            .map(|q| q["variant"].as_str())
            .collect();
        assert_eq!(
            named.iter().copied().collect::<BTreeSet<_>>(),
            expected,
            "{}",
            r["variant"]
        );
        assert_eq!(r["pareto"] == "yes", named.is_empty());
        for n in &named {
            assert!(dominates(by_name[n], r));
        }
        off_front += usize::from(!named.is_empty());
    }
    assert!(off_front > 0, "this sweep has dominated variants");
    // A wide tolerance on every measure puts everything on the front.
    let wide = ran(
        &[
            "--tolerance",
            "mean_km=100,max_share=100,placed=9,above_pan=9",
        ],
        0,
    );
    let all = rows(&wide, "out/report.csv");
    assert!(all
        .iter()
        .filter(|r| !r["rank"].is_empty())
        .all(|r| r["pareto"] == "yes"));
}

#[test]
fn moves_list_the_pupils_placed_differently_from_the_base() {
    let s = ran(&[], 0);
    let place = |stem: &str| -> BTreeMap<String, String> {
        let plan = json(&s.path(&format!("out/variants/{stem}.plan.json")));
        plan["proposals"][0]["assignments"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| {
                let to = a["school"].as_str().or(a["ap"].as_str()).unwrap_or("");
                (a["pupil"].as_str().unwrap().to_string(), to.to_string())
            })
            .collect()
    };
    let base = place("base");
    let mut some_moved = false;
    for r in rows(&s, "out/report.csv")
        .iter()
        .filter(|r| !r["moves_file"].is_empty())
    {
        let stem = r["plan"]
            .trim_start_matches("variants/")
            .trim_end_matches(".plan.json");
        let expected: BTreeSet<(String, String, String)> = place(stem)
            .into_iter()
            .filter_map(|(p, to)| {
                let from = base.get(&p)?;
                (*from != to).then(|| (p, from.clone(), to))
            })
            .collect();
        let listed: BTreeSet<(String, String, String)> =
            rows(&s, &format!("out/{}", r["moves_file"]))
                .into_iter()
                .map(|m| (m["pupil"].clone(), m["base"].clone(), m["variant"].clone()))
                .collect();
        assert_eq!(listed, expected, "{}", r["variant"]);
        assert_eq!(num(r, "moves") as usize, expected.len());
        some_moved |= !expected.is_empty();
    }
    assert!(some_moved, "closing S001 moves its pupils");
}

#[test]
fn draws_are_one_row_with_their_spread() {
    let s = ran(&[], 0);
    let draws: Vec<Row> = rows(&s, "out/report.csv")
        .into_iter()
        .filter(|r| r["draws_of"] == "arrivals")
        .collect();
    assert_eq!(draws.len(), 4);
    let summary = rows(&s, "out/draws.csv");
    assert_eq!(summary.len(), 1);
    let d = &summary[0];
    assert_eq!(
        (
            d["entry"].as_str(),
            d["draws"].as_str(),
            d["with_plan"].as_str()
        ),
        ("arrivals", "4", "4")
    );
    for k in ["placed", "mean_km", "max_share", "yardstick"] {
        let v: Vec<f64> = draws.iter().map(|r| num(r, k)).collect();
        let mean = v.iter().sum::<f64>() / 4.0;
        assert!((num(d, &format!("{k}_mean")) - mean).abs() < 1e-5, "{k}");
        let min = v.iter().copied().fold(f64::INFINITY, f64::min);
        let max = v.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        assert_eq!(
            (num(d, &format!("{k}_min")), num(d, &format!("{k}_max"))),
            (min, max),
            "{k}"
        );
        let (p10, p90) = (num(d, &format!("{k}_p10")), num(d, &format!("{k}_p90")));
        assert!(min <= p10 && p10 <= p90 && p90 <= max, "{k}");
    }
    let md = s.read("out/report.md");
    assert!(
        md.contains("## Random draws") && md.contains("| arrivals | 4 (4 with a plan) |"),
        "{md}"
    );
    assert!(
        !md.contains("| arrivals #1 |"),
        "draws are not rows of the main table"
    );
}

#[test]
fn rank_by_and_yardstick_are_the_analysts_choice() {
    let s = ran(&["--rank-by", "mean_km"], 0);
    let km: Vec<f64> = rows(&s, "out/report.csv")
        .iter()
        .filter(|r| !r["rank"].is_empty())
        .map(|r| num(r, "mean_km"))
        .collect();
    assert!(
        km.windows(2)
            .all(|w| (w[0] / 0.05).round() <= (w[1] / 0.05).round()),
        "{km:?}"
    );
    let s = Scratch::new(MIXED);
    let out = s.fap_ok(
        &["sweep", "sweep.json", "-o", "out", "--rank-by", "objective"],
        2,
    );
    assert!(
        stderr(&out).contains("rank by `yardstick`"),
        "{}",
        stderr(&out)
    );
    // An explicit yardstick equal to the base gives the same report; one with
    // other weights changes the score but not the outcomes.
    let same = ran(&["--yardstick", "base.json"], 0);
    let dflt = ran(&[], 0);
    assert_eq!(same.read("out/report.csv"), dflt.read("out/report.csv"));
    let heavy = crate::sweep::common::BASE.replacen(
        r#""policy": {"fap_cap": {"mode": "soft"}}"#,
        r#""policy": {"fap_cap": {"mode": "soft"}, "weights": {"distance_per_km": 40}}"#,
        1,
    );
    assert_ne!(heavy, crate::sweep::common::BASE);
    let other = Scratch::new(MIXED);
    other.write("heavy.json", &heavy);
    other.fap_ok(
        &[
            "sweep",
            "sweep.json",
            "-o",
            "out",
            "-q",
            "--yardstick",
            "heavy.json",
        ],
        0,
    );
    let (a, b) = (
        rows(&other, "out/report.csv"),
        rows(&dflt, "out/report.csv"),
    );
    let base = |rs: &[Row]| rs.iter().find(|r| r["variant"] == "base").unwrap().clone();
    assert_ne!(base(&a)["yardstick"], base(&b)["yardstick"]);
    assert_eq!(base(&a)["mean_km"], base(&b)["mean_km"]);
    assert!(other
        .read("out/report.md")
        .contains("under one yardstick, heavy.json"));
}

#[test]
fn the_html_page_says_everything_in_print() {
    let s = ran(&[], 0);
    let html = s.read("out/report.html");
    assert!(
        html.contains("<svg")
            && !html.contains("<title>S")
            && !html.to_lowercase().contains("hover")
    );
    let ranks: BTreeSet<String> = rows(&s, "out/report.csv")
        .iter()
        .map(|r| r["rank"].clone())
        .filter(|r| !r.is_empty())
        .collect();
    let svg = &html[html.find("<svg").unwrap()..html.find("</figure>").unwrap()];
    // Ranks written beside points (`>3,5</text>`) or listed in the caption (`rank 3,5 (`).
    let mut shown = BTreeSet::new();
    for (open, close) in [(">", "</text>"), ("rank ", " (")] {
        for part in svg.split(close) {
            let t = part.rsplit(open).next().unwrap_or("");
            shown.extend(t.split(',').map(String::from));
        }
    }
    for k in &ranks {
        assert!(shown.contains(k), "rank {k} neither labelled nor listed");
    }
}

#[test]
fn rerun_into_the_same_directory_removes_stale_variant_files() {
    let s = ran(&[], 0);
    s.write(
        "other.json",
        r#"{"format": "fap-sweep/1", "base": "base.json",
            "variants": [{"name": "bulge", "patch": {"schools": {"S012": {"year_groups": {"9": {"pan": 31}}}}}}]}"#,
    );
    s.write("out/variants/notes.txt", "kept");
    s.fap_ok(&["sweep", "other.json", "-o", "out", "-q"], 0);
    let left: BTreeSet<String> = crate::sweep::common::files(&s.path("out/variants"))
        .into_keys()
        .collect();
    let expected: BTreeSet<String> = [
        "base.plan.json",
        "base.result.json",
        "base.scenario.json",
        "bulge.moves.csv",
        "bulge.plan.json",
        "bulge.result.json",
        "bulge.scenario.json",
        "notes.txt",
    ]
    .map(String::from)
    .into();
    assert_eq!(left, expected);
    assert_eq!(rows(&s, "out/report.csv").len(), 2);
}

#[test]
fn failed_and_retried_shards_merge_to_every_variant_once() {
    let s = ran(&[], 0);
    for (dir, shard) in [("a1", "1/2"), ("a1-retry", "1/2"), ("a2", "2/2")] {
        s.fap_ok(
            &["sweep", "sweep.json", "-o", dir, "--shard", shard, "-q"],
            0,
        );
    }
    // Shard 2 "failed" part-way: one variant has its scenario and plan but no result.
    let m = json(&s.path("a2/manifest.json"));
    let stem = m["variants"][1]["stem"].as_str().unwrap().to_string();
    std::fs::remove_file(s.path(&format!("a2/variants/{stem}.result.json"))).unwrap();
    let out = s.fap_ok(&["sweep", "merge", "a1", "a1-retry", "a2", "-o", "m"], 2);
    assert!(stderr(&out).contains("(shard 2/2)"), "{}", stderr(&out));
    assert!(!s.path("m").exists());
    // The retried task resumes; a shard given twice (retry beside the original) is taken once.
    s.fap_ok(
        &[
            "sweep",
            "sweep.json",
            "-o",
            "a2",
            "--shard",
            "2/2",
            "--resume",
            "-q",
        ],
        0,
    );
    s.fap_ok(
        &["sweep", "merge", "a1-retry", "a2", "a1", "-o", "m", "-q"],
        0,
    );
    crate::sweep::common::assert_same_dirs(&s.path("out"), &s.path("m"));
    let names: Vec<String> = rows(&s, "m/report.csv")
        .into_iter()
        .map(|r| r["variant"].clone())
        .collect();
    let unique: BTreeSet<&String> = names.iter().collect();
    assert_eq!(
        (names.len(), unique.len()),
        (m["variants"].as_array().unwrap().len(), names.len())
    );
}

#[test]
fn the_workbook_holds_the_csv_tables_cell_for_cell() {
    let s = ran(&[], 0);
    let bytes = std::fs::read(s.path("out/report.xlsx")).expect("report.xlsx written");
    let sheets = fap::workbook::read::sheets_from_bytes(&bytes).expect("a workbook");
    let names: Vec<&str> = sheets.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["variants", "draws"]);
    for ((_, grid), file) in sheets.iter().zip(["out/report.csv", "out/draws.csv"]) {
        let text = s.read(file);
        let mut r = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(text.as_bytes());
        let want: Vec<Vec<String>> = r
            .records()
            .map(|rec| rec.unwrap().iter().map(String::from).collect())
            .collect();
        assert!(want.len() > 1, "{file} has rows");
        // calamine drops trailing empty cells; compare with them trimmed.
        let trim = |row: &Vec<String>| {
            let n = row.iter().rposition(|c| !c.is_empty()).map_or(0, |i| i + 1);
            row[..n].to_vec()
        };
        let got: Vec<Vec<String>> = grid.iter().map(trim).collect();
        let want: Vec<Vec<String>> = want.iter().map(trim).collect();
        assert_eq!(got, want, "{file}");
    }
}
