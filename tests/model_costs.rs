//! One hand-made scenario per cost term of MODEL.md (school and AP option
//! costs, the unplaced cost, the fairness cap in its three modes, fair shares
//! with their constant term), each asserting the exact optimum (worked out by
//! hand in the comment) and the assignment. Eligibility is in `model_rules.rs`.
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
