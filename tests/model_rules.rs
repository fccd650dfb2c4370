//! One hand-made scenario per rule and cost term of MODEL.md, each asserting
//! the exact optimum (worked out by hand in the comment) and the assignment.
//!
//! Conventions, unless a test says otherwise: every pupil lives at the grid
//! origin and every school or AP provider lies on the easting axis, `route_factor`
//! is 1, so a school at `km` is `km` away; weights are MODEL.md's defaults
//! (distance 1/km, transport 3, preference [0, 2, 4, 6], not_preferred 8,
//! previous_school 10, sibling_bonus 3, unplaced 100, weak_school 4, above_pan
//! 12, over_cap 25, over_fair_share 6, ap_route 20, ap_needs_match 5,
//! fap_priority 1.5); walking distances 3.219 (R–2) and 4.828 km.

mod model_support;

use model_support::{close, load, solve_default};
use serde_json::{json, Value};

/// A school `km` east of the pupils, teaching `years` as (year, pan, on_roll).
fn school(id: &str, km: f64, years: &[(&str, i64, i64)]) -> Value {
    let yg: serde_json::Map<String, Value> = years
        .iter()
        .map(|&(y, pan, on_roll)| (y.to_string(), json!({"pan": pan, "on_roll": on_roll})))
        .collect();
    json!({"id": id, "location": {"easting": km * 1000.0, "northing": 0}, "year_groups": yg})
}

/// An AP provider `km` east of the pupils.
fn ap(id: &str, km: f64, places: i64, years: [&str; 2]) -> Value {
    json!({"id": id, "location": {"easting": km * 1000.0, "northing": 0},
           "places": places, "years": years})
}

fn fap(id: &str, year: &str) -> Value {
    json!({"id": id, "kind": "fap", "category": "d", "year_group": year, "sex": "f",
           "home": {"easting": 0, "northing": 0}})
}

fn in_year(id: &str, year: &str) -> Value {
    json!({"id": id, "kind": "in_year", "year_group": year, "sex": "f",
           "home": {"easting": 0, "northing": 0}})
}

/// `v` with the fields of `extra` set.
fn with(mut v: Value, extra: Value) -> Value {
    for (k, x) in extra.as_object().expect("an object") {
        v[k] = x.clone();
    }
    v
}

/// Solves the scenario and asserts the optimum and every pupil's placement
/// (`None`: unplaced).
fn expect(
    policy: Value,
    schools: Vec<Value>,
    aps: Vec<Value>,
    pupils: Vec<Value>,
    objective: f64,
    placed: &[Option<&str>],
) {
    let policy = with(json!({"route_factor": 1.0}), policy);
    let doc = json!({"format": "fap-scenario/1", "meta": {"name": "hand-made"}, "policy": policy,
                     "schools": schools, "ap_providers": aps, "pupils": pupils});
    let sc = load(&doc.to_string());
    let solved = solve_default(&sc);
    let got: Vec<Option<&str>> = solved
        .assignment
        .iter()
        .map(|t| t.map(|t| sc.target_id(t)))
        .collect();
    assert_eq!(got, placed, "assignment");
    assert!(
        close(solved.objective, objective),
        "objective {} expected {objective}",
        solved.objective
    );
}

const Y7: (&str, i64, i64) = ("7", 30, 20);

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

#[test]
fn ap_route_and_needs_match_costs() {
    // No schools. AP1 at 2 km with specialism semh.
    // E (route either, needs semh): 2 + 20 (ap_route) − 5 (needs match) = 17.
    // A (route ap, needs semh): 2 − 5 = −3. S (route school): no AP option, unplaced 150.
    // 17 − 3 + 150 = 164.
    let aps = vec![with(
        ap("AP1", 2.0, 2, ["7", "11"]),
        json!({"specialisms": ["semh"]}),
    )];
    let pupils = vec![
        with(fap("E", "7"), json!({"route": "either", "needs": ["semh"]})),
        with(
            fap("A", "7"),
            json!({"route": "ap", "needs": ["semh", "medical"]}),
        ),
        fap("S", "7"),
    ];
    expect(
        json!({}),
        vec![],
        aps,
        pupils,
        164.0,
        &[Some("AP1"), Some("AP1"), None],
    );
}

#[test]
fn hard_soft_and_off_fairness_cap() {
    // S1 at 1 km, pan 30 → cap max(1, floor(30/30)) = 1. S2 at 9 km: 9 + 3 transport
    // = 12 for A; B's measured journey to S2 is 10 km: 13. Two FAP pupils in year 7,
    // over_cap weight 5, no fair-share weight.
    let schools = vec![school("S1", 1.0, &[Y7]), school("S2", 9.0, &[Y7])];
    let pupils = vec![
        fap("A", "7"),
        with(fap("B", "7"), json!({"travel_km": {"S2": 10.0}})),
    ];
    // hard: A → S2 (12), B → S1 (1): 13 (B at S2 would cost 13).
    let hard =
        json!({"fap_cap": {"mode": "hard"}, "weights": {"over_cap": 5, "over_fair_share": 0}});
    expect(
        hard,
        schools.clone(),
        vec![],
        pupils.clone(),
        13.0,
        &[Some("S2"), Some("S1")],
    );
    // soft: both at S1, one over the cap: 1 + 1 + 5 = 7.
    let soft =
        json!({"fap_cap": {"mode": "soft"}, "weights": {"over_cap": 5, "over_fair_share": 0}});
    expect(
        soft,
        schools.clone(),
        vec![],
        pupils.clone(),
        7.0,
        &[Some("S1"), Some("S1")],
    );
    // off: both at S1 at no extra cost: 2.
    let off = json!({"fap_cap": {"mode": "off"}, "weights": {"over_cap": 5, "over_fair_share": 0}});
    expect(off, schools, vec![], pupils, 2.0, &[Some("S1"), Some("S1")]);
}

#[test]
fn cap_scales_with_pan_counts_pupils_and_subtracts_the_ledger() {
    // Hard cap, no fair-share weight. S1 at 1 km: pan 60 in year 7 → cap 2, ledger 1
    // in year 8 (same phase) → remaining 1. S2 at 2 km, pan 90 → cap 3, ledger 0.
    // Three FAP pupils; A has load_weight 3 and a 2.5 km journey to S2.
    // One pupil at S1 (1), two at S2: A at S1 gives 1 + 2 + 2 = 5 (the cap counts
    // A as one pupil, not as 3); C or B at S1 gives 1 + 2.5 + 2 = 5.5.
    let policy = json!({"fap_cap": {"mode": "hard"}, "weights": {"over_fair_share": 0}});
    let schools = vec![
        with(
            school("S1", 1.0, &[("7", 60, 50), ("8", 30, 20)]),
            json!({"fap_this_year": {"8": 1}}),
        ),
        school("S2", 2.0, &[("7", 90, 80)]),
    ];
    let pupils = vec![
        with(
            fap("A", "7"),
            json!({"load_weight": 3.0, "travel_km": {"S2": 2.5}}),
        ),
        fap("B", "7"),
        fap("C", "7"),
    ];
    expect(
        policy,
        schools,
        vec![],
        pupils,
        5.0,
        &[Some("S1"), Some("S2"), Some("S2")],
    );
}

#[test]
fn per_30_pan_and_the_1e9_floor() {
    // per_30_pan 5.1, pan 100: 5.1 · 100 / 30 = 16.999999999999996 in floating
    // point, so cap = floor(… + 1e-9) = 17 (a plain floor would give 16). Ledger 16
    // → remaining 1. Hard cap, no fair-share weight: the one FAP pupil may take
    // S1 (1 km) rather than S2 (2 km). 1.
    let policy =
        json!({"fap_cap": {"mode": "hard", "per_30_pan": 5.1}, "weights": {"over_fair_share": 0}});
    let schools = vec![
        with(
            school("S1", 1.0, &[("7", 100, 90)]),
            json!({"fap_this_year": {"7": 16}}),
        ),
        school("S2", 2.0, &[Y7]),
    ];
    expect(
        policy,
        schools,
        vec![],
        vec![fap("P1", "7")],
        1.0,
        &[Some("S1")],
    );
}

#[test]
fn fair_share_excess() {
    // Cap off. S1 (1 km) and S2 (2 km) both pan 30, accept FAP; S3 (0.5 km) exempt
    // from FAP with pan 60 (outside R_g, does not dilute the shares).
    // One FAP pupil: T = 0 + 1, share = 0.5 each.
    // At S1: 1 + 6·(1 − 0.5) = 4. At S2: 2 + 3 = 5. So S1, 4.
    let policy = json!({"fap_cap": {"mode": "off"}});
    let schools = vec![
        school("S1", 1.0, &[Y7]),
        school("S2", 2.0, &[Y7]),
        with(
            school("S3", 0.5, &[("7", 60, 50)]),
            json!({"accepts_fap": false}),
        ),
    ];
    expect(
        policy,
        schools,
        vec![],
        vec![fap("P1", "7")],
        4.0,
        &[Some("S1")],
    );
}

#[test]
fn fair_share_constant_when_ledger_exceeds_share() {
    // Cap off. S1 (1 km) ledger 2 in year 7, S2 (2 km) ledger 0, both pan 30.
    // One FAP pupil: T = 2 + 1 = 3, share 1.5 each. S1 is 0.5 over its share
    // even with nobody: a constant 6·0.5 = 3 in the objective.
    // At S1: 1 + 6·(3 − 1.5) = 10. At S2: 2 + 6·max(0, 1 − 1.5) + 3 = 5. So S2, 5.
    let policy = json!({"fap_cap": {"mode": "off"}});
    let schools = vec![
        with(school("S1", 1.0, &[Y7]), json!({"fap_this_year": {"7": 2}})),
        school("S2", 2.0, &[Y7]),
    ];
    expect(
        policy,
        schools.clone(),
        vec![],
        vec![fap("P1", "7")],
        5.0,
        &[Some("S2")],
    );
    // The constant stays when the pupil cannot be placed at all (pinned nowhere,
    // every school excluded): 150 + 3 = 153.
    let out = with(fap("P1", "7"), json!({"excluded_from": ["S1", "S2"]}));
    expect(
        json!({"fap_cap": {"mode": "off"}}),
        schools,
        vec![],
        vec![out],
        153.0,
        &[None],
    );
}

#[test]
fn fair_share_uses_load_weight_and_phase_entry_pan() {
    // Cap off. S1 (1 km) teaches 7 (pan 60) and 8 (pan 30): pan_g = 60;
    // S2 (2 km) pan 30. One FAP pupil with load_weight 2: T = 2, shares 4/3 and 2/3.
    // At S1: 1 + 6·(2 − 4/3) = 5. At S2: 2 + 6·(2 − 2/3) = 10. So S1, 5.
    let policy = json!({"fap_cap": {"mode": "off"}});
    let schools = vec![
        school("S1", 1.0, &[("7", 60, 50), ("8", 30, 20)]),
        school("S2", 2.0, &[Y7]),
    ];
    let pupils = vec![with(fap("P1", "7"), json!({"load_weight": 2.0}))];
    expect(policy, schools, vec![], pupils, 5.0, &[Some("S1")]);
}

#[test]
fn preference_ranks_count_ap_ids_and_saturate_at_the_table_end() {
    // Table [0, 2]: rank 0 → 0, rank ≥ 1 → 2. FAP pupil, route either,
    // preferences [AP1, S1, S2]: AP ids count, so S2 is rank 2, past the table's
    // end: 3 km + 2 = 5. AP1 has no places and S1 is exempt from FAP, so S2 is
    // the only option. Cap off, no fair-share weight.
    let policy = json!({"fap_cap": {"mode": "off"}, "weights": {"preference": [0, 2], "over_fair_share": 0}});
    let schools = vec![
        with(school("S1", 1.0, &[Y7]), json!({"accepts_fap": false})),
        school("S2", 3.0, &[Y7]),
    ];
    let aps = vec![ap("AP1", 1.0, 0, ["7", "11"])];
    let pupils = vec![with(
        fap("P1", "7"),
        json!({"route": "either", "preferences": ["AP1", "S1", "S2"]}),
    )];
    expect(policy, schools, aps, pupils, 5.0, &[Some("S2")]);
}

#[test]
fn default_preference_table_and_not_preferred() {
    // In-year pupils, S1..S5 at 1..5 km, one place each.
    // P1 prefers [S5, S4, S3, S2, S1]; S1 is rank 4, past the default table's end: 6.
    //   Costs: S5 5+3+0 = 8 (5 > 4.828), S4 4+2 = 6, S3 3+4 = 7, S2 2+6 = 8, S1 1+6 = 7.
    // P2 prefers [S4] only; every other school is +8 (not preferred).
    //   S4: 4. S1: 9.
    // Both want S4 (P1 6, P2 4). P1 at S4 + P2 at S1: 6 + 9 = 15; P2 at S4 + P1 at S1
    // or S3: 4 + 7 = 11. So P1 → S1 or S3 (tie at 7): make S3 cost more for P1 via
    // travel_km 3.5: 3.5 + 4 = 7.5. Then P1 → S1 (7), P2 → S4 (4): 11.
    let schools: Vec<Value> = (1..=5)
        .map(|k| school(&format!("S{k}"), k as f64, &[("7", 30, 29)]))
        .collect();
    let pupils = vec![
        with(
            in_year("P1", "7"),
            json!({"preferences": ["S5", "S4", "S3", "S2", "S1"], "travel_km": {"S3": 3.5}}),
        ),
        with(in_year("P2", "7"), json!({"preferences": ["S4"]})),
    ];
    expect(
        json!({}),
        schools,
        vec![],
        pupils,
        11.0,
        &[Some("S1"), Some("S4")],
    );
}

#[test]
fn previous_school_costs_and_transport_beyond_walking() {
    // S1 at 1 km is a previous school: 1 + 10 = 11. S2 at 5 km: 5 + 3 (5 > 4.828) = 8.
    let schools = vec![school("S1", 1.0, &[Y7]), school("S2", 5.0, &[Y7])];
    let pupils = vec![with(
        in_year("P1", "7"),
        json!({"previous_schools": ["S1", "S_OLD"]}),
    )];
    expect(json!({}), schools, vec![], pupils, 8.0, &[Some("S2")]);
}

#[test]
fn sibling_bonus_lowers_the_cost() {
    // S1 at 4 km with a sibling: 4 − 3 = 1. S2 at 2 km: 2. So S1, 1.
    let schools = vec![school("S1", 4.0, &[Y7]), school("S2", 2.0, &[Y7])];
    let pupils = vec![with(in_year("P1", "7"), json!({"siblings_at": ["S1"]}))];
    expect(json!({}), schools, vec![], pupils, 1.0, &[Some("S1")]);
}

#[test]
fn weak_school_cost_is_for_fap_pupils_only() {
    // S1 requires improvement at 1 km, S2 inadequate at 1.5 km, S3 good at 3 km. Cap off, no fair share.
    // FAP: S1 1 + 4 = 5, S2 1.5 + 4 = 5.5, S3 3 → S3. In-year → S1 (1). 4.
    let policy = json!({"fap_cap": {"mode": "off"}, "weights": {"over_fair_share": 0}});
    let schools = vec![
        with(
            school("S1", 1.0, &[Y7]),
            json!({"ofsted": "requires_improvement"}),
        ),
        with(school("S2", 1.5, &[Y7]), json!({"ofsted": "inadequate"})),
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
fn transport_is_strictly_beyond_walking_distance_by_age_band() {
    // One primary school, distances by travel_km, in-year pupils.
    // Y1 at 3.219 (under 8, not beyond): 3.219. Y2 at 3.22 (under 8, beyond): 6.22.
    // Y3 at 4.828 (8+, not beyond): 4.828. Y4 at 4.829 (beyond): 7.829.
    // Y3 at 3.5 (8+, within 4.828 though beyond 3.219): 3.5.
    // 3.219 + 6.22 + 4.828 + 7.829 + 3.5 = 25.596.
    let schools = vec![school(
        "S1",
        1.0,
        &[("1", 30, 0), ("2", 30, 0), ("3", 30, 0), ("4", 30, 0)],
    )];
    let p = |id: &str, y: &str, km: f64| with(in_year(id, y), json!({"travel_km": {"S1": km}}));
    let pupils = vec![
        p("A", "1", 3.219),
        p("B", "2", 3.22),
        p("C", "3", 4.828),
        p("D", "4", 4.829),
        p("E", "3", 3.5),
    ];
    expect(json!({}), schools, vec![], pupils, 25.596, &[Some("S1"); 5]);
}

#[test]
fn unplaced_cost_grows_with_days_out_and_fap_priority() {
    // No school teaches year 7. FAP, 10 days out: 100 · 1.5 · (1 + 10/20) = 225.
    // In-year, 30 days out: 100 · 1 · (1 + 30/20) = 250. Custom weights: unplaced 10,
    // fap_priority 3 → FAP with 0 days: 30. 225 + 250 = 475, then 30.
    let schools = vec![school("S1", 1.0, &[("8", 30, 20)])];
    let pupils = vec![
        with(fap("F", "7"), json!({"days_out_of_education": 10})),
        with(in_year("I", "7"), json!({"days_out_of_education": 30})),
    ];
    expect(
        json!({}),
        schools.clone(),
        vec![],
        pupils,
        475.0,
        &[None, None],
    );
    let custom = json!({"weights": {"unplaced": 10, "fap_priority": 3}});
    expect(custom, schools, vec![], vec![fap("F", "7")], 30.0, &[None]);
}

#[test]
fn leaving_a_pupil_out_can_be_optimal() {
    // unplaced weight 5: an in-year pupil whose only school is 6 km away
    // (6 + 3 = 9 > 5) stays unplaced: 5.
    let policy = json!({"weights": {"unplaced": 5}});
    let schools = vec![school("S1", 6.0, &[Y7])];
    expect(
        policy,
        schools,
        vec![],
        vec![in_year("P1", "7")],
        5.0,
        &[None],
    );
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
        let loaded = fap::scenario::load_bytes(json.as_bytes());
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
    assert!(fap::scenario::load_bytes(doc(two, json!({})).as_bytes())
        .scenario
        .is_some());
}
