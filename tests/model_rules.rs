//! One hand-made scenario per eligibility rule of MODEL.md (rules 1–8, the AP
//! rules, the place constraints 2–4 and pins), each asserting the exact optimum
//! (worked out by hand in the comment) and the assignment. Cost terms, the cap
//! and fair shares are in `model_costs.rs`.
//!
//! Conventions (`crate::model_support::hand`): pupils at the grid origin, schools and
//! AP providers on the easting axis, `route_factor` 1, so a school at `km` is
//! `km` away; weights are MODEL.md's defaults (distance 1/km, transport 3,
//! preference [0, 2, 4, 6], not_preferred 8, previous_school 10, sibling_bonus
//! 3, unplaced 100, weak_school 4, above_pan 12, over_cap 25, over_fair_share
//! 6, ap_route 20, ap_needs_match 5, fap_priority 1.5); walking distances
//! 3.219 (R–2) and 4.828 km.

use crate::model_support::hand::{ap, expect, fap, in_year, school, with, Y7};
use serde_json::{json, Value};

#[test]
fn rule_1_school_must_teach_the_year_group() {
    // S1 (1 km) teaches only year 8; S2 at 4 km (≤ 4.828: no transport) costs 4.
    let schools = vec![
        school("S1", 1.0, &[("8", 30, 20)]),
        school("S2", 4.0, &[Y7]),
    ];
    expect(
        json!({}),
        schools,
        vec![],
        vec![in_year("P1", "7")],
        4.0,
        &[Some("S2")],
    );
}

#[test]
fn rule_2_single_sex_schools_take_their_sex_only() {
    // S1 boys at 1 km, S2 girls at 2 km, S3 mixed at 3 km.
    // f → S2 (2), m → S1 (1), x → S3 (3): 6.
    let schools = vec![
        with(school("S1", 1.0, &[Y7]), json!({"sex": "boys"})),
        with(school("S2", 2.0, &[Y7]), json!({"sex": "girls"})),
        school("S3", 3.0, &[Y7]),
    ];
    let pupils = vec![
        in_year("F", "7"),
        with(in_year("M", "7"), json!({"sex": "m"})),
        with(in_year("X", "7"), json!({"sex": "x"})),
    ];
    expect(
        json!({}),
        schools,
        vec![],
        pupils,
        6.0,
        &[Some("S2"), Some("S1"), Some("S3")],
    );
}

#[test]
fn rule_3_excluded_from_and_avoid_remove_the_school() {
    // Both pupils lose S1 (1 km) and go to S2 (2 km): 2 + 2 = 4.
    let schools = vec![school("S1", 1.0, &[Y7]), school("S2", 2.0, &[Y7])];
    let pupils = vec![
        with(
            in_year("E", "7"),
            json!({"excluded_from": ["S1", "S_ELSEWHERE"]}),
        ),
        with(in_year("A", "7"), json!({"avoid": ["S1"]})),
    ];
    expect(
        json!({}),
        schools,
        vec![],
        pupils,
        4.0,
        &[Some("S2"), Some("S2")],
    );
}

#[test]
fn rule_4_route_ap_never_goes_to_a_school() {
    // FAP pupil with route ap: S1 at 1 km is no option; AP1 at 3 km costs 3 (no
    // ap_route term for route ap). Fair share: T = 1, R = {S1}, share(S1) = 1, S1
    // receives nobody: e = max(0, 0 − 1) = 0. Objective 3.
    let schools = vec![school("S1", 1.0, &[Y7])];
    let aps = vec![ap("AP1", 3.0, 1, ["7", "11"])];
    let pupils = vec![with(fap("P1", "7"), json!({"route": "ap"}))];
    expect(json!({}), schools, aps, pupils, 3.0, &[Some("AP1")]);
}

#[test]
fn rule_5_travel_limit_is_inclusive_and_waived_for_preferences_and_pins() {
    // Secondary limit 10 km; distances from travel_km. All four pupils in-year.
    // P1: S1 at exactly 10.0 is an option: 10 + 3 transport = 13.
    // P2: S2 at 10.5 is preferred: 10.5 + 3 + 0 (first preference) = 13.5;
    //     S1 would cost 10 + 3 + 8 (not preferred) = 21.
    // P3: pinned to S2 at 10.5: 13.5.
    // P4: both at 10.5, neither preferred nor pinned: unplaced, 100.
    // 13 + 13.5 + 13.5 + 100 = 140.
    let schools = vec![school("S1", 1.0, &[Y7]), school("S2", 1.0, &[Y7])];
    let pupils = vec![
        with(
            in_year("P1", "7"),
            json!({"travel_km": {"S1": 10.0, "S2": 10.5}}),
        ),
        with(
            in_year("P2", "7"),
            json!({"travel_km": {"S1": 10.0, "S2": 10.5}, "preferences": ["S2"]}),
        ),
        with(
            in_year("P3", "7"),
            json!({"travel_km": {"S1": 10.0, "S2": 10.5}, "pinned": "S2"}),
        ),
        with(
            in_year("P4", "7"),
            json!({"travel_km": {"S1": 10.5, "S2": 10.5}}),
        ),
    ];
    expect(
        json!({}),
        schools,
        vec![],
        pupils,
        140.0,
        &[Some("S1"), Some("S2"), Some("S2"), None],
    );
}

#[test]
fn rule_5_primary_limit_applies_to_primary_pupils() {
    // Primary limit 5 km: S1 at 6 km is out for a year 3 pupil; unplaced, 100.
    let schools = vec![school("S1", 6.0, &[("3", 30, 20)])];
    expect(
        json!({}),
        schools,
        vec![],
        vec![in_year("P1", "3")],
        100.0,
        &[None],
    );
}

#[test]
fn rule_6_behaviour_concern_never_offered_an_inadequate_school() {
    // S1 inadequate at 1 km, S2 good at 2 km. In-year pupils (no weak-school term).
    // B (behaviour concern) → S2 (2); N → S1 (1). 3.
    let schools = vec![
        with(school("S1", 1.0, &[Y7]), json!({"ofsted": "inadequate"})),
        with(school("S2", 2.0, &[Y7]), json!({"ofsted": "good"})),
    ];
    let pupils = vec![
        with(in_year("B", "7"), json!({"behaviour_concern": true})),
        in_year("N", "7"),
    ];
    expect(
        json!({}),
        schools.clone(),
        vec![],
        pupils.clone(),
        3.0,
        &[Some("S2"), Some("S1")],
    );
    // protect_inadequate off: both → S1, 1 + 1 = 2.
    expect(
        json!({"protect_inadequate": false}),
        schools,
        vec![],
        pupils,
        2.0,
        &[Some("S1"), Some("S1")],
    );
}

#[test]
fn rule_7_fap_needs_accepts_fap_and_a_place_or_above_pan_allowance() {
    // max_above_pan 0, cap off, no fair-share weight.
    // S1 (1 km) exempt from FAP; S2 (2 km) full; S3 (3 km) has a place.
    // FAP → S3 (3). In-year → S1 (1). 4.
    let policy =
        json!({"max_above_pan": 0, "fap_cap": {"mode": "off"}, "weights": {"over_fair_share": 0}});
    let schools = vec![
        with(school("S1", 1.0, &[Y7]), json!({"accepts_fap": false})),
        school("S2", 2.0, &[("7", 30, 30)]),
        school("S3", 3.0, &[Y7]),
    ];
    let pupils = vec![fap("F", "7"), in_year("I", "7")];
    expect(
        policy,
        schools,
        vec![],
        pupils,
        4.0,
        &[Some("S3"), Some("S1")],
    );
}

#[test]
fn rule_7_above_pan_places_are_for_fap_pupils_only() {
    // S1 at 1 km is full (pan 30, on_roll 32: free 0), max_above_pan 1 (default).
    // Cap off, no fair-share weight. FAP → S1 above PAN: 1 + 12 = 13.
    // In-year: free 0, so no option: unplaced, 100. 113.
    let policy = json!({"fap_cap": {"mode": "off"}, "weights": {"over_fair_share": 0}});
    let schools = vec![school("S1", 1.0, &[("7", 30, 32)])];
    let pupils = vec![fap("F", "7"), in_year("I", "7")];
    expect(policy, schools, vec![], pupils, 113.0, &[Some("S1"), None]);
}

#[test]
fn constraint_2_above_pan_is_limited_per_year_group() {
    // S1 full in years 7 and 8; max_above_pan 1 per year group. Cap off, no fair share.
    // Two FAP pupils in year 7: one above PAN (1 + 12), the other unplaced (150).
    // One FAP pupil in year 8: above PAN too (1 + 12). 13 + 150 + 13 = 176.
    // Tie between A and B broken by days out: B has waited 20 days (c_u = 300).
    let policy = json!({"fap_cap": {"mode": "off"}, "weights": {"over_fair_share": 0}});
    let schools = vec![school("S1", 1.0, &[("7", 30, 30), ("8", 30, 30)])];
    let pupils = vec![
        fap("A", "7"),
        with(fap("B", "7"), json!({"days_out_of_education": 20})),
        fap("C", "8"),
    ];
    expect(
        policy,
        schools,
        vec![],
        pupils,
        176.0,
        &[None, Some("S1"), Some("S1")],
    );
}

#[test]
fn constraint_3_in_year_pupils_cannot_use_above_pan_places() {
    // S1 at 1 km: one free place in year 7, max_above_pan 1. S2 at 2 km has room,
    // but both in-year pupils avoid it. Cap off, no fair-share weight.
    // A (20 days out, c_u 200) → S1 (1); F (FAP) → S2 (2); B is unplaced (100): 103.
    // Without constraint 3, B could take S1's above-PAN place instead:
    // 1 + 1 + 12 + 2 = 16; that place exists only for FAP pupils.
    let policy = json!({"fap_cap": {"mode": "off"}, "weights": {"over_fair_share": 0}});
    let schools = vec![
        school("S1", 1.0, &[("7", 30, 29)]),
        school("S2", 2.0, &[Y7]),
    ];
    let pupils = vec![
        with(
            in_year("A", "7"),
            json!({"days_out_of_education": 20, "avoid": ["S2"]}),
        ),
        with(in_year("B", "7"), json!({"avoid": ["S2"]})),
        fap("F", "7"),
    ];
    expect(
        policy,
        schools,
        vec![],
        pupils,
        103.0,
        &[Some("S1"), None, Some("S2")],
    );
}

#[test]
fn constraint_3_leaves_the_above_pan_place_to_a_fap_pupil() {
    // As above but S2 is exempt from FAP: F shares S1 with A, above PAN:
    // A → S1 (1), F → S1 (1 + 12), B unplaced (100): 114.
    let policy = json!({"fap_cap": {"mode": "off"}, "weights": {"over_fair_share": 0}});
    let schools = vec![
        school("S1", 1.0, &[("7", 30, 29)]),
        with(school("S2", 2.0, &[Y7]), json!({"accepts_fap": false})),
    ];
    let pupils = vec![
        with(
            in_year("A", "7"),
            json!({"days_out_of_education": 20, "avoid": ["S2"]}),
        ),
        with(in_year("B", "7"), json!({"avoid": ["S2"]})),
        fap("F", "7"),
    ];
    expect(
        policy,
        schools,
        vec![],
        pupils,
        114.0,
        &[Some("S1"), None, Some("S1")],
    );
}

#[test]
fn rule_8_pinned_pupil_goes_where_pinned() {
    // Pinned to S2 at 3 km though S1 is at 1 km; S3 pinned at 20 km (beyond the
    // limit, allowed for a pin) costs 20 + 3 transport. In-year. 3 + 23 = 26.
    let schools = vec![
        school("S1", 1.0, &[Y7]),
        school("S2", 3.0, &[Y7]),
        school("S3", 20.0, &[Y7]),
    ];
    let pupils = vec![
        with(in_year("P1", "7"), json!({"pinned": "S2"})),
        with(in_year("P2", "7"), json!({"pinned": "S3"})),
    ];
    expect(
        json!({}),
        schools,
        vec![],
        pupils,
        26.0,
        &[Some("S2"), Some("S3")],
    );
}

#[test]
fn ap_rules_years_places_and_travel() {
    // No schools (so no fair-share term); every pupil FAP with route ap.
    // AP1 serves 7–9 with 1 place; AP2 7–11 with 0 places; AP3 10–11, 2 places.
    // P1 (y8): AP1 at exactly 15.0 (limit inclusive) costs 15. P2 (y8): AP1 at 2.
    //   AP1 has one place: P2 there (2) and P1 unplaced (150) = 152 beats 15 + 150.
    // P3 (y10): AP3 at 16 km, beyond 15 but preferred: 16 + 0.
    // P4 (y10): AP3 at 3 km but excluded from it: unplaced, 150.
    // P5 (y10): AP3 at 3 km but avoid: unplaced, 150.
    // P6 (y9): AP3 does not serve year 9, AP2 has no place, AP1 at 20 km: unplaced, 150.
    // 2 + 150 + 16 + 150 + 150 + 150 = 618.
    let aps = vec![
        ap("AP1", 2.0, 1, ["7", "9"]),
        ap("AP2", 1.0, 0, ["7", "11"]),
        ap("AP3", 3.0, 2, ["10", "11"]),
    ];
    let ap_pupil =
        |id: &str, y: &str, extra: Value| with(with(fap(id, y), json!({"route": "ap"})), extra);
    let pupils = vec![
        ap_pupil("P1", "8", json!({"travel_km": {"AP1": 15.0}})),
        ap_pupil("P2", "8", json!({})),
        ap_pupil(
            "P3",
            "10",
            json!({"travel_km": {"AP3": 16.0}, "preferences": ["AP3"]}),
        ),
        ap_pupil("P4", "10", json!({"excluded_from": ["AP3"]})),
        ap_pupil("P5", "10", json!({"avoid": ["AP3"]})),
        ap_pupil("P6", "9", json!({"travel_km": {"AP1": 20.0}})),
    ];
    let placed = [None, Some("AP1"), Some("AP3"), None, None, None];
    expect(json!({}), vec![], aps, pupils, 618.0, &placed);
}

/// MODEL.md "Eligible options": a pin that is not an option, or pins that
/// overfill a place, are validation errors naming the rule.
#[test]
fn invalid_pins_are_validation_errors() {
    let doc = |pupils: Vec<Value>, policy: Value| {
        json!({"format": "fap-scenario/1", "meta": {"name": "pins"}, "policy": policy,
               "schools": [school("S1", 1.0, &[("7", 30, 29)])], "pupils": pupils})
        .to_string()
    };
    let codes = |json: String| -> Vec<String> {
        let loaded = fap::validate::load_bytes(json.as_bytes());
        assert!(loaded.scenario.is_none());
        loaded
            .issues
            .iter()
            .filter(|i| i.is_error())
            .map(|i| i.code.to_string())
            .collect()
    };
    let excluded = with(
        in_year("P1", "7"),
        json!({"pinned": "S1", "excluded_from": ["S1"]}),
    );
    assert_eq!(codes(doc(vec![excluded], json!({}))), ["pinned-not-option"]);
    // Two in-year pupils pinned to one free place.
    let two = vec![
        with(in_year("P1", "7"), json!({"pinned": "S1"})),
        with(in_year("P2", "7"), json!({"pinned": "S1"})),
    ];
    assert_eq!(codes(doc(two, json!({}))), ["pinned-overfill"]);
    // Two FAP pupils pinned under a hard cap of 1 (free 1 + 1 above PAN would fit).
    let two = vec![
        with(fap("P1", "7"), json!({"pinned": "S1"})),
        with(fap("P2", "7"), json!({"pinned": "S1"})),
    ];
    assert_eq!(
        codes(doc(two.clone(), json!({"fap_cap": {"mode": "hard"}}))),
        ["pinned-overfill"]
    );
    assert!(fap::validate::load_bytes(doc(two, json!({})).as_bytes())
        .scenario
        .is_some());
}
