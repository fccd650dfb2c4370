//! Hand-broken plans: take the solver's valid plan of a small scenario, break one rule,
//! expect exactly that violation (vrp's checker tests).
//!
//! Moves go through `move_pupils`, which rewrites the moved records' cost and km
//! and the objective with the model's code, so each test sees only the
//! violation it made.

use super::common::{check, load, move_pupils, placed_at, solve, violations};
use fap::check::{Ineligible, Violation};
use fap::plan::Plan;
use fap::scenario::Scenario;
use serde_json::json;

/// Secondary schools along one street (grid metres; route factor 1.3), one AP provider.
/// S1 has 1 free place in year 9; S2 is a girls' school; S3 is inadequate; S4 teaches
/// year 7 only; S5 is exempt from FAP; S6 is 40 km away.
fn scenario(cap_mode: &str) -> serde_json::Value {
    let at = |e: u32| json!({"easting": e, "northing": 1000});
    let y = |pan: u32, on_roll: u32| json!({"pan": pan, "on_roll": on_roll});
    let fap = |id: &str, year: &str, sex: &str, e: u32| {
        json!({"id": id, "kind": "fap", "category": "c", "year_group": year, "sex": sex,
               "home": at(e)})
    };
    let in_year = |id: &str, year: &str, sex: &str, e: u32| json!({"id": id, "kind": "in_year", "year_group": year, "sex": sex, "home": at(e)});
    let with = |mut p: serde_json::Value, extra: serde_json::Value| {
        for (k, v) in extra.as_object().expect("object") {
            p[k] = v.clone();
        }
        p
    };
    json!({
        "format": "fap-scenario/1",
        "meta": {"name": "check tests"},
        "policy": {"fap_cap": {"mode": cap_mode}, "max_above_pan": 1},
        "schools": [
            {"id": "S1", "location": at(1000), "ofsted": "good",
             "year_groups": {"9": y(30, 29), "10": y(30, 25)}},
            {"id": "S2", "location": at(2000), "sex": "girls", "year_groups": {"9": y(30, 20)}},
            {"id": "S3", "location": at(3000), "ofsted": "inadequate",
             "year_groups": {"9": y(30, 20), "10": y(30, 20)}},
            {"id": "S4", "location": at(1500), "year_groups": {"7": y(30, 20)}},
            {"id": "S5", "location": at(2500), "accepts_fap": false, "year_groups": {"9": y(30, 20)}},
            {"id": "S6", "location": at(41000), "year_groups": {"9": y(30, 20)}}
        ],
        "ap_providers": [
            {"id": "AP1", "location": at(4000), "places": 1, "years": ["7", "11"],
             "specialisms": ["semh"]}
        ],
        "pupils": [
            fap("P01", "9", "m", 1200),
            with(fap("P02", "9", "f", 1800), json!({"preferences": ["S2"]})),
            with(fap("P03", "9", "m", 1300), json!({"excluded_from": ["S3"]})),
            with(fap("P04", "9", "m", 1400), json!({"avoid": ["S3"]})),
            in_year("P05", "9", "f", 2200),
            in_year("P06", "9", "m", 2600),
            with(fap("P07", "10", "x", 2900), json!({"pinned": "S3"})),
            with(fap("P08", "9", "m", 3800), json!({"route": "either", "needs": ["semh"]})),
            with(fap("P09", "10", "m", 1100), json!({"behaviour_concern": true})),
            in_year("P10", "10", "f", 1050),
            with(fap("P11", "9", "f", 3900), json!({"route": "ap"}))
        ]
    })
}

fn solved(cap_mode: &str) -> (Scenario, Vec<u8>, Plan) {
    let (sc, bytes) = load(&scenario(cap_mode));
    let plan = solve(&sc, &bytes, 1, 1);
    (sc, bytes, plan)
}

/// Moves pupils in the solver's plan and returns the violations the checker finds.
fn after(cap_mode: &str, moves: &[(&str, Option<&str>)]) -> Vec<Violation> {
    let (sc, bytes, mut plan) = solved(cap_mode);
    move_pupils(&sc, &mut plan, moves);
    violations(&check(&sc, &bytes, &plan))
}

fn not_eligible(pupil: &str, target: &str, rule: Ineligible) -> Violation {
    Violation::NotEligible {
        pupil: pupil.into(),
        target: target.into(),
        rule,
    }
}

#[test]
fn accepts_the_solvers_plans_in_every_cap_mode() {
    for mode in ["soft", "hard", "off"] {
        let (sc, bytes) = load(&scenario(mode));
        let plan = solve(&sc, &bytes, 3, 1);
        assert_eq!(plan.proposals.len(), 3);
        let report = check(&sc, &bytes, &plan);
        assert_eq!(violations(&report), vec![], "{mode}");
        assert!(report.warnings.is_empty());
        for o in &report.objectives {
            let r = o.recomputed.expect("complete");
            assert!(fap::check::close(o.stated, r), "{mode}: {o:?}");
        }
        assert_eq!(placed_at(&plan, "P07"), Some("S3"), "pinned");
    }
}

#[test]
fn rejects_a_school_year_over_free_places_plus_above_pan() {
    let v = after(
        "soft",
        &[
            ("P01", Some("S1")),
            ("P03", Some("S1")),
            ("P04", Some("S1")),
            ("P02", Some("S2")),
            ("P05", Some("S3")),
            ("P06", Some("S3")),
            ("P08", Some("S3")),
        ],
    );
    let over = Violation::OverCapacity {
        school: "S1".into(),
        year: "9".into(),
        placed: 3,
        free: 1,
        max_above_pan: 1,
    };
    assert_eq!(v, vec![over]);
}

#[test]
fn rejects_in_year_pupils_above_pan() {
    let v = after(
        "soft",
        &[
            ("P05", Some("S1")),
            ("P06", Some("S1")),
            ("P01", Some("S3")),
            ("P02", Some("S2")),
            ("P03", None),
            ("P04", None),
            ("P08", Some("S3")),
        ],
    );
    let above = Violation::InYearAbovePan {
        school: "S1".into(),
        year: "9".into(),
        in_year: 2,
        free: 1,
    };
    assert_eq!(v, vec![above]);
}

#[test]
fn rejects_an_excluded_school() {
    let v = after("soft", &[("P03", Some("S3"))]);
    assert_eq!(v, vec![not_eligible("P03", "S3", Ineligible::ExcludedFrom)]);
    assert_eq!(
        v[0].to_string(),
        r#"pupil "P03": placed at "S3" which excluded them (rule 3)"#
    );
}

#[test]
fn rejects_an_avoided_school() {
    let v = after("soft", &[("P04", Some("S3"))]);
    assert_eq!(v, vec![not_eligible("P04", "S3", Ineligible::Avoid)]);
}

#[test]
fn rejects_a_single_sex_school_of_the_other_sex() {
    let v = after("soft", &[("P01", Some("S2"))]);
    assert_eq!(v, vec![not_eligible("P01", "S2", Ineligible::Sex)]);
}

#[test]
fn rejects_a_year_group_the_school_does_not_teach() {
    let v = after("soft", &[("P01", Some("S4"))]);
    assert_eq!(v, vec![not_eligible("P01", "S4", Ineligible::NotTaught)]);
}

#[test]
fn rejects_a_school_beyond_the_travel_limit() {
    let v = after("soft", &[("P01", Some("S6"))]);
    let km = (41000.0 - 1200.0) / 1000.0 * 1.3;
    assert_eq!(
        v,
        vec![not_eligible(
            "P01",
            "S6",
            Ineligible::TooFar { km, limit: 10.0 }
        )]
    );
}

#[test]
fn rejects_an_inadequate_school_for_a_behaviour_concern() {
    let v = after("soft", &[("P09", Some("S3"))]);
    assert_eq!(
        v,
        vec![not_eligible("P09", "S3", Ineligible::ProtectInadequate)]
    );
}

#[test]
fn rejects_a_fap_pupil_at_an_exempt_school() {
    let v = after("soft", &[("P01", Some("S5"))]);
    assert_eq!(
        v,
        vec![not_eligible("P01", "S5", Ineligible::NotAcceptsFap)]
    );
}

#[test]
fn rejects_a_school_for_an_ap_only_pupil() {
    let v = after("soft", &[("P11", Some("S3"))]);
    assert_eq!(v, vec![not_eligible("P11", "S3", Ineligible::RouteApOnly)]);
}

#[test]
fn rejects_ap_for_an_in_year_pupil() {
    let v = after(
        "soft",
        &[("P05", Some("AP1")), ("P11", None), ("P08", Some("S3"))],
    );
    assert_eq!(v, vec![not_eligible("P05", "AP1", Ineligible::ApNotFap)]);
}

#[test]
fn rejects_an_ap_provider_over_its_places() {
    let v = after("soft", &[("P08", Some("AP1")), ("P11", Some("AP1"))]);
    let over = Violation::ApOverCapacity {
        ap: "AP1".into(),
        placed: 2,
        places: 1,
    };
    assert_eq!(v, vec![over]);
}

#[test]
fn rejects_a_pinned_pupil_placed_elsewhere_or_left_out() {
    let pinned = |placed: Option<&str>| Violation::PinnedNotHonoured {
        pupil: "P07".into(),
        pinned: "S3".into(),
        placed: placed.map(String::from),
    };
    assert_eq!(
        after("soft", &[("P07", Some("S1"))]),
        vec![pinned(Some("S1"))]
    );
    let v = after("soft", &[("P07", None)]);
    assert_eq!(v, vec![pinned(None)]);
    assert_eq!(
        v[0].to_string(),
        r#"pupil "P07": pinned at "S3" but left unplaced (rule 8)"#
    );
}

#[test]
fn rejects_more_fap_pupils_than_the_hard_cap_leaves() {
    // S3 has pan 30: cap 1, taken by P07 (pinned there).
    let v = after("hard", &[("P01", Some("S3"))]);
    let over = Violation::HardCapExceeded {
        school: "S3".into(),
        phase: "secondary",
        placed: 2,
        cap: 1,
        ledger: 0,
        remaining: 1,
    };
    assert_eq!(v, vec![over]);
    // The same plan in soft mode only costs more.
    assert_eq!(after("soft", &[("P01", Some("S3"))]), vec![]);
}

#[test]
fn rejects_a_missing_pupil() {
    let (sc, bytes, mut plan) = solved("soft");
    plan.proposals[0].assignments.retain(|r| r.pupil != "P05");
    let v = violations(&check(&sc, &bytes, &plan));
    assert_eq!(
        v,
        vec![Violation::MissingPupil {
            pupil: "P05".into()
        }]
    );
}

#[test]
fn rejects_a_duplicate_pupil() {
    let (sc, bytes, mut plan) = solved("soft");
    let again = plan.proposals[0].assignments[4].clone();
    assert_eq!(again.pupil, "P05");
    plan.proposals[0].assignments.push(again);
    let v = violations(&check(&sc, &bytes, &plan));
    let dup = Violation::DuplicatePupil {
        pupil: "P05".into(),
        times: 2,
    };
    assert_eq!(v, vec![dup]);
}

#[test]
fn rejects_a_pupil_the_scenario_does_not_have() {
    let (sc, bytes, mut plan) = solved("soft");
    let mut stranger = plan.proposals[0].assignments[0].clone();
    stranger.pupil = "P99".into();
    plan.proposals[0].assignments.push(stranger);
    let v = violations(&check(&sc, &bytes, &plan));
    assert_eq!(
        v,
        vec![Violation::UnknownPupil {
            pupil: "P99".into()
        }]
    );
}

#[test]
fn rejects_an_unknown_school_id() {
    let (sc, bytes, mut plan) = solved("soft");
    let r = &mut plan.proposals[0].assignments[0];
    (r.school, r.ap, r.unplaced) = (Some("S999".into()), None, None);
    let v = violations(&check(&sc, &bytes, &plan));
    let unknown = Violation::UnknownTarget {
        pupil: "P01".into(),
        field: "school",
        id: "S999".into(),
        found: "not a school of the scenario",
    };
    assert_eq!(v, vec![unknown]);
    assert_eq!(
        v[0].to_string(),
        r#"pupil "P01": school "S999" is not a school of the scenario"#
    );
}

#[test]
fn rejects_an_ap_id_given_as_a_school_and_a_record_with_two_placements() {
    let (sc, bytes, mut plan) = solved("soft");
    let r = &mut plan.proposals[0].assignments[0];
    (r.school, r.ap, r.unplaced) = (Some("AP1".into()), None, None);
    let r = &mut plan.proposals[0].assignments[1];
    (r.school, r.ap, r.unplaced) = (Some("S2".into()), None, Some(true));
    let v = violations(&check(&sc, &bytes, &plan));
    let ap_as_school = Violation::UnknownTarget {
        pupil: "P01".into(),
        field: "school",
        id: "AP1".into(),
        found: "an AP provider, not a school (use \"ap\")",
    };
    let two = Violation::BadPlacement {
        pupil: "P02".into(),
        problem: "a placement and \"unplaced\"",
    };
    assert_eq!(v, vec![ap_as_school, two]);
}

#[test]
fn rejects_a_wrong_objective() {
    let (sc, bytes, mut plan) = solved("soft");
    let right = plan.proposals[0].objective;
    plan.proposals[0].objective = right + 1.0;
    let v = violations(&check(&sc, &bytes, &plan));
    let wrong = Violation::WrongObjective {
        stated: right + 1.0,
        recomputed: right,
    };
    assert_eq!(v, vec![wrong]);
    // Within the 1e-6 relative tolerance is fine.
    plan.proposals[0].objective = right * (1.0 + 5e-7);
    assert_eq!(violations(&check(&sc, &bytes, &plan)), vec![]);
}

#[test]
fn rejects_a_wrong_cost_and_a_wrong_km() {
    let (sc, bytes, mut plan) = solved("soft");
    let r = &mut plan.proposals[0].assignments[0];
    let (cost, km) = (r.cost, r.km.expect("P01 is placed"));
    r.cost += 0.5;
    r.km = Some(km + 1.0);
    let v = violations(&check(&sc, &bytes, &plan));
    let wrong_cost = Violation::WrongCost {
        pupil: "P01".into(),
        stated: cost + 0.5,
        recomputed: cost,
    };
    let wrong_km = Violation::WrongKm {
        pupil: "P01".into(),
        stated: km + 1.0,
        recomputed: Some(km),
    };
    assert_eq!(v, vec![wrong_cost, wrong_km]);
}

#[test]
fn rejects_wrong_ranking_fields_and_too_similar_proposals() {
    let (sc, bytes) = load(&scenario("soft"));
    let plan = solve(&sc, &bytes, 3, 1);
    let (p1, p2) = (&plan.proposals[0], &plan.proposals[1]);
    assert!(!p2.differs_from_best.is_empty());

    let mut bad = plan.clone();
    bad.proposals[1].gap_to_best += 1.0;
    bad.proposals[1].differs_from_best.clear();
    let v = violations(&check(&sc, &bytes, &bad));
    let gap = Violation::WrongGap {
        stated: p2.gap_to_best + 1.0,
        recomputed: p2.gap_to_best,
    };
    let differs = Violation::WrongDiffers {
        missing: p2.differs_from_best.clone(),
        extra: vec![],
    };
    assert_eq!(v, vec![gap, differs]);

    // Proposal 2 a copy of proposal 1: consistent fields, but it differs in 0 pupils.
    let mut bad = plan.clone();
    bad.proposals[1] = fap::plan::Proposal {
        rank: 2,
        ..p1.clone()
    };
    let v = violations(&check(&sc, &bytes, &bad));
    let similar = Violation::TooSimilar {
        other: 1,
        differ: 0,
        min_diff: 1,
    };
    assert_eq!(v, vec![similar]);

    // Proposals out of order.
    let mut bad = plan.clone();
    bad.proposals.swap(0, 2);
    let v = violations(&check(&sc, &bytes, &bad));
    assert!(v.contains(&Violation::WrongRank {
        stated: 3,
        expected: 1
    }));
    assert!(
        v.iter()
            .any(|x| matches!(x, Violation::RankOrder { previous: 1, .. })),
        "{v:?}"
    );
}

#[test]
fn a_different_scenario_hash_is_a_warning_only() {
    let (sc, bytes, plan) = solved("soft");
    let mut other = bytes.clone();
    other.push(b'\n');
    let report = check(&sc, &other, &plan);
    assert!(report.is_valid());
    assert_eq!(report.warnings.len(), 1);
    assert_eq!(report.warnings[0].code(), "scenario-hash");
}

#[test]
fn rejects_a_plan_without_proposals() {
    let (sc, bytes, mut plan) = solved("soft");
    plan.proposals.clear();
    let report = check(&sc, &bytes, &plan);
    assert_eq!(violations(&report), vec![Violation::NoProposals]);
    assert_eq!(report.findings[0].proposal, None);
    assert_eq!(
        report.findings[0].to_string(),
        "error: the plan has no proposals [no-proposals]"
    );
}
