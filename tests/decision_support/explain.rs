//! One case per kind of reason: each asserts the kind and that the sentences
//! name the right rule, school and pupils, with the right numbers.

use crate::decision_support::common::{
    best, pupil, pupil_record, scenario, school, support_record,
};
use fap::model::options::Rule;
use serde_json::json;

fn text(lines: &[String]) -> String {
    lines.join(" ")
}

#[test]
fn first_preference_not_an_option_names_the_rule() {
    let mut girls = school("S1", 1.0, 0.0, 30, 20);
    girls["sex"] = json!("girls");
    let mut p1 = pupil("P1", "in_year", 0.0, 0.0);
    p1["sex"] = json!("m");
    p1["preferences"] = json!(["S1", "S2"]);
    let mut p2 = pupil("P2", "fap", 0.0, 0.0);
    p2["excluded_from"] = json!(["S2"]);
    p2["preferences"] = json!(["S2", "S3"]);
    let sc = scenario(
        json!({}),
        vec![
            girls,
            school("S2", 2.0, 0.0, 30, 20),
            school("S3", 3.0, 0.0, 30, 20),
        ],
        vec![p1, p2],
    );
    let ds = support_record(&sc, &best(&sc).assignment, 2);
    let r1 = pupil_record(&ds, "P1");
    assert_eq!(r1.place.as_deref(), Some("S2"));
    assert_eq!(r1.reason, "not_an_option");
    assert!(
        text(&r1.explanation).contains(&format!(
            "Its first preference, S1, is not an option for it: {}.",
            Rule::Sex.describe()
        )),
        "{:?}",
        r1.explanation
    );
    let r2 = pupil_record(&ds, "P2");
    assert_eq!(r2.reason, "not_an_option");
    assert!(text(&r2.explanation).contains(&format!(
        "S2, is not an option for it: {}.",
        Rule::ExcludedFrom.describe()
    )));
}

#[test]
fn first_preference_full_names_the_holders_and_the_cost_of_moving_them() {
    let mut p1 = pupil("P1", "in_year", 0.0, 0.0);
    p1["preferences"] = json!(["S1", "S2"]);
    let mut p2 = pupil("P2", "in_year", 1.0, 0.5);
    p2["preferences"] = json!(["S1"]);
    let sc = scenario(
        json!({"max_above_pan": 0}),
        vec![
            school("S1", 1.0, 0.0, 30, 29),
            school("S2", 3.0, 0.0, 30, 20),
        ],
        vec![p1, p2],
    );
    let ds = support_record(&sc, &best(&sc).assignment, 2);
    let r = pupil_record(&ds, "P1");
    assert_eq!(r.place.as_deref(), Some("S2"));
    assert_eq!(r.reason, "full");
    let t = text(&r.explanation);
    assert!(
        t.contains("Its first preference, S1, is full in this proposal: the 1 free place of Year 9 at S1 is held by P2."),
        "{t}"
    );
    // P1 at S1 (1.00) and P2 at S2 (sqrt(4.25) + 8 not preferred) against P1 at S2 (3 + 2) and P2 at S1 (0.5).
    let increase = 1.0 + 4.25f64.sqrt() + 8.0 - 5.5;
    assert!(
        t.contains(&format!("would raise the objective by {increase:.2}")),
        "{t}"
    );
    assert!(t.contains("it would move P2 (S1 → S2)"), "{t}");
}

#[test]
fn first_preference_dearer_overall_gives_the_increase_and_the_knock_on() {
    let mut p1 = pupil("P1", "in_year", 0.0, 0.0);
    p1["preferences"] = json!(["S1", "S2"]);
    let p3 = pupil("P3", "in_year", 2.0, 0.0);
    let sc = scenario(
        json!({"max_above_pan": 0}),
        vec![
            school("S1", 8.0, 0.0, 30, 20),
            school("S2", 1.0, 0.0, 30, 29),
            school("S3", 0.0, 4.0, 30, 20),
        ],
        vec![p1, p3],
    );
    let ds = support_record(&sc, &best(&sc).assignment, 2);
    let r = pupil_record(&ds, "P1");
    assert_eq!(r.place.as_deref(), Some("S2"));
    assert_eq!(r.reason, "dearer");
    let t = text(&r.explanation);
    assert!(
        t.contains("Its first preference, S1, could take it but that costs more overall."),
        "{t}"
    );
    // P1: 8 km + transport 3 instead of 1 km + preference 2; P3: 1 km instead of sqrt(20).
    let others = 1.0 - 20f64.sqrt();
    let increase = 8.0 + others;
    assert!(
        t.contains(&format!(
            "Placing it there, at S1, would raise the objective by {increase:.2} (its own cost +8.00, other pupils' costs −{:.2}); it would move P3 (S3 → S2).",
            -others
        )),
        "{t}"
    );
}

#[test]
fn unplaced_with_no_option_names_the_rule_of_each_nearby_school() {
    let mut boys = school("S1", 1.0, 0.0, 30, 20);
    boys["sex"] = json!("boys");
    let sc = scenario(
        json!({}),
        vec![
            boys,
            school("S2", 20.0, 0.0, 30, 20),
            school("S3", 0.0, 2.0, 30, 30),
        ],
        vec![pupil("P1", "in_year", 0.0, 0.0)],
    );
    let ds = support_record(&sc, &best(&sc).assignment, 2);
    let r = pupil_record(&ds, "P1");
    assert_eq!(r.place, None);
    assert_eq!(r.reason, "no_option");
    let t = text(&r.explanation);
    assert!(
        t.contains("no school or AP provider is an option for it"),
        "{t}"
    );
    assert!(
        t.contains(&format!("S1 (1.00 km): {}.", Rule::Sex.describe())),
        "{t}"
    );
    assert!(
        t.contains(&format!(
            "S3 (2.00 km): {}.",
            Rule::NoPlaceInYear.describe()
        )),
        "{t}"
    );
    assert!(
        t.contains(&format!(
            "S2 (20.00 km): {}.",
            Rule::TooFar(20.0, 10.0).describe()
        )),
        "{t}"
    );
    // Nearest first.
    assert!(t.find("S1 (").unwrap() < t.find("S3 (").unwrap());
    assert!(t.find("S3 (").unwrap() < t.find("S2 (").unwrap());
}

#[test]
fn unplaced_with_every_option_full_names_the_holders() {
    let mut p2 = pupil("P2", "fap", 3.0, 0.0);
    p2["pinned"] = json!("S1");
    let sc = scenario(
        json!({"max_above_pan": 0}),
        vec![
            school("S1", 1.0, 0.0, 30, 29),
            school("S2", 30.0, 0.0, 30, 20),
        ],
        vec![pupil("P1", "fap", 0.0, 0.0), p2],
    );
    let ds = support_record(&sc, &best(&sc).assignment, 2);
    let r = pupil_record(&ds, "P1");
    assert_eq!(r.place, None);
    assert_eq!(r.reason, "all_full");
    let t = text(&r.explanation);
    assert!(
        t.contains("It is unplaced because every option is full in this proposal:"),
        "{t}"
    );
    assert!(
        t.contains("S1: the 1 free place of Year 9 at S1 is held by P2."),
        "{t}"
    );
    assert!(
        t.contains("No plan that keeps the hard rules can place it at its cheapest option."),
        "{t}"
    );
    assert!(!t.contains("S2:"), "S2 is not an option (too far): {t}");
}

#[test]
fn unplaced_although_an_option_has_room_gives_the_cost_of_placing() {
    let sc = scenario(
        json!({"weights": {"unplaced": 5.0}}),
        vec![school("S1", 9.0, 0.0, 30, 20)],
        vec![pupil("P1", "fap", 0.0, 0.0)],
    );
    let ds = support_record(&sc, &best(&sc).assignment, 2);
    let r = pupil_record(&ds, "P1");
    assert_eq!(r.place, None);
    assert_eq!(r.reason, "unplaced_dearer");
    let t = text(&r.explanation);
    assert!(
        t.contains("It is unplaced although S1 could take it"),
        "{t}"
    );
    // 9 km + transport 3 against 5 × 1.5 for a FAP pupil out for 0 days.
    assert!(
        t.contains("Placing it at its cheapest option, at S1, would raise the objective by 4.50"),
        "{t}"
    );
}

#[test]
fn at_first_preference_or_without_preferences_says_so_with_the_cost_terms() {
    let mut p1 = pupil("P1", "in_year", 0.0, 0.0);
    p1["preferences"] = json!(["S1"]);
    p1["siblings_at"] = json!(["S1"]);
    let sc = scenario(
        json!({}),
        vec![school("S1", 6.0, 0.0, 30, 20)],
        vec![p1, pupil("P2", "in_year", 0.0, 1.0)],
    );
    let ds = support_record(&sc, &best(&sc).assignment, 1);
    let r1 = pupil_record(&ds, "P1");
    assert_eq!(r1.reason, "first_preference");
    assert_eq!(
        r1.explanation[0],
        "Proposed: S1 (6.00 km), cost 6.00 (distance +6.00, transport (beyond walking distance) +3.00, sibling there −3.00)."
    );
    assert_eq!(pupil_record(&ds, "P2").reason, "no_preferences");
}

/// On generated rounds, every explanation's kind is checked against the plan
/// and the model independently: rules by eligibility, fullness by counting
/// proposal 1's pupils, and increases by a whole-scenario solve with the
/// pupil forced there.
#[test]
fn explanations_hold_on_generated_rounds() {
    use crate::decision_support::common::load;
    use crate::decision_support::synth;
    use fap::model::build::Extras;
    use fap::model::options::eligibility;
    use fap::model::Options;
    use fap::scenario::Target;
    use fap::solve::{solve, SolveSettings};
    use std::collections::BTreeSet;

    let mut kinds = BTreeSet::new();
    let cases = [
        (2, "soft", 1.0, 1),
        (12, "hard", 0.1, 1),
        (6, "soft", 1.0, 1),
        (14, "soft", 1.0, 1),
    ];
    for (seed, mode, per_30, above_pan) in cases {
        let mut json = synth::round(seed, 14, 6);
        json["policy"] = serde_json::json!({"max_above_pan": above_pan,
            "fap_cap": {"mode": mode, "per_30_pan": per_30}});
        let sc = load(&json);
        let opts = Options::generate(&sc);
        let base = best(&sc);
        let a = &base.assignment;
        let ds = support_record(&sc, a, 1);
        // Is target t full for pupil p in proposal 1? Counted here, not by fap.
        let full = |p: usize, t: Target| -> bool {
            let pupil = &sc.pupils[p];
            let others = |f: &dyn Fn(&fap::scenario::Pupil) -> bool| {
                (0..sc.pupils.len())
                    .filter(|&q| q != p && a[q] == Some(t) && f(&sc.pupils[q]))
                    .count() as u32
            };
            match t {
                Target::Ap(ap) => others(&|_| true) >= sc.aps[ap as usize].places,
                Target::School(s) => {
                    let free = sc.schools[s as usize].free(pupil.year);
                    let same = |q: &fap::scenario::Pupil| q.year == pupil.year;
                    let school = &sc.schools[s as usize];
                    let g = pupil.year.phase();
                    let in_g = |y: &fap::scenario::YearGroup| y.phase() == g;
                    let pan_g = fap::scenario::YearGroup::all()
                        .filter(in_g)
                        .filter_map(|y| school.years[y.index()].map(|yp| yp.pan))
                        .max()
                        .unwrap_or(0);
                    let ledger: u32 = fap::scenario::YearGroup::all()
                        .filter(in_g)
                        .map(|y| school.fap_this_year[y.index()])
                        .sum();
                    let cap = ((sc.policy.fap_cap_per_30_pan * pan_g as f64 / 30.0 + 1e-9).floor()
                        as u32)
                        .max(1);
                    let capped = sc.policy.fap_cap_mode == fap::scenario::CapMode::Hard
                        && pupil.is_fap()
                        && others(&|q| q.is_fap() && q.year.phase() == g)
                            >= cap.saturating_sub(ledger);
                    others(&same) >= free + sc.policy.max_above_pan
                        || (!pupil.is_fap() && others(&|q| same(q) && !q.is_fap()) >= free)
                        || capped
                }
            }
        };
        for (p, r) in ds.pupils.iter().enumerate() {
            let pupil = &sc.pupils[p];
            let t = text(&r.explanation);
            kinds.insert(r.reason.clone());
            let first = pupil.preferences.first().copied();
            match r.reason.as_str() {
                "first_preference" => assert_eq!(a[p], first),
                "no_preferences" => assert!(first.is_none() && a[p].is_some()),
                "not_an_option" => {
                    let rule = eligibility(&sc, pupil, first.unwrap()).expect_err("not an option");
                    assert!(t.contains(&rule.describe()), "{t}");
                }
                "full" | "dearer" => {
                    let first = first.unwrap();
                    assert_eq!(r.reason == "full", full(p, first), "{}: {t}", pupil.id);
                    if t.contains("hard fairness cap") {
                        kinds.insert("full (cap)".into());
                    }
                    let extras = Extras {
                        force: vec![(p as u32, Some(first))],
                        ..Extras::default()
                    };
                    if let Ok(f) = solve(&sc, &opts, &extras, &SolveSettings::default(), None) {
                        let inc = f.objective - base.objective;
                        let said = fap::figures::num(inc);
                        assert!(
                            t.contains(&format!("by {said}")) || t.contains("(a tie)"),
                            "{}: increase {inc} not in {t}",
                            pupil.id
                        );
                    }
                }
                "no_option" => assert!(opts.per_pupil[p].is_empty()),
                "all_full" => assert!(opts.per_pupil[p].iter().all(|o| full(p, o.target)), "{t}"),
                "unplaced_dearer" => {
                    assert!(opts.per_pupil[p].iter().any(|o| !full(p, o.target)), "{t}")
                }
                other => panic!("unknown reason {other}"),
            }
            if r.reason == "full" {
                // The holders named are proposal 1's pupils at that place.
                let first = first.unwrap();
                let at: Vec<&str> = (0..sc.pupils.len())
                    .filter(|&q| q != p && a[q] == Some(first))
                    .filter(|&q| matches!(first, Target::Ap(_)) || sc.pupils[q].year == pupil.year)
                    .map(|q| sc.pupils[q].id.as_str())
                    .collect();
                let in_year: Vec<&str> = at
                    .iter()
                    .copied()
                    .filter(|id| sc.pupils.iter().any(|q| q.id == *id && !q.is_fap()))
                    .collect();
                let capped: Vec<&str> = (0..sc.pupils.len())
                    .filter(|&q| q != p && a[q] == Some(first) && sc.pupils[q].is_fap())
                    .filter(|&q| sc.pupils[q].year.phase() == pupil.year.phase())
                    .map(|q| sc.pupils[q].id.as_str())
                    .collect();
                let cap_clause = if capped.is_empty() {
                    " earlier this year).".to_string()
                } else {
                    format!(" earlier this year; this round: {}).", capped.join(", "))
                };
                assert!(
                    (t.contains("hard fairness cap") && t.contains(&cap_clause))
                        || t.contains(&format!("held by {}", at.join(", ")))
                        || t.contains(&format!("held by in-year pupils {}", in_year.join(", "))),
                    "{}: holders {at:?} not in {t}",
                    pupil.id
                );
            }
        }
    }
    let want = [
        "first_preference",
        "not_an_option",
        "full",
        "full (cap)",
        "dearer",
        "no_option",
        "all_full",
    ];
    for k in want {
        assert!(kinds.contains(k), "generated rounds lack {k}: {kinds:?}");
    }
}
