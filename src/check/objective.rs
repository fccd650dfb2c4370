//! The objective recomputed from a proposal's assignments (MODEL.md "Objective").
//!
//! `o`, `v` and `e` take their least values given the assignments:
//! `o[s,y] = max(0, placed − free)`, `v[s,g] = max(0, FAP placed − remaining)` in
//! `soft` mode (0 otherwise), `e[s,g] = max(0, ledger + Σ load_weight − share)`
//! for every school of `R_g`, placed at or not (the constant terms MODEL.md asks
//! to keep). Every cost term is written again here from MODEL.md's tables.
//!
//! Values in a plan are rounded to 6 decimals, so they are compared with a
//! relative tolerance of 1e-6 ([`close`]).

use super::fairness::{fair_shares, remaining};
use super::resolve::{Placement, Resolved};
use super::Violation;
use crate::plan::{round, Proposal};
use crate::scenario::{
    ApProvider, CapMode, Ofsted, Phase, Pupil, Route, Scenario, School, SchoolIdx, Target, Weights,
    YearGroup, YEAR_GROUPS,
};

/// Relative tolerance for every number compared with the plan.
pub const TOLERANCE: f64 = 1e-6;

/// `|a − b| ≤ 1e-6 · max(1, |a|, |b|)`: relative, with an absolute floor near 0.
pub fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= TOLERANCE * a.abs().max(b.abs()).max(1.0)
}

/// `c(p,t)`: the school or AP option cost of MODEL.md, for any target (eligible or not).
pub fn placement_cost(sc: &Scenario, p: &Pupil, t: Target) -> f64 {
    let w = &sc.policy.weights;
    let d = sc.distance(p, t);
    let c = preference_cost(w, p, t, w.distance_per_km * d);
    match t {
        Target::School(s) => school_cost(sc, p, s, d, c),
        Target::Ap(a) => ap_cost(w, p, &sc.aps[a as usize], c),
    }
}

/// `c` plus the preference term: the rank's weight, or `not_preferred`.
fn preference_cost(w: &Weights, p: &Pupil, t: Target, c: f64) -> f64 {
    match p.preferences.iter().position(|&q| q == t) {
        Some(k) => c + w.preference[k.min(w.preference.len() - 1)],
        None if !p.preferences.is_empty() => c + w.not_preferred,
        None => c,
    }
}

/// `c` plus the school terms: transport, previous school, sibling, weak school for FAP.
fn school_cost(sc: &Scenario, p: &Pupil, s: SchoolIdx, d: f64, mut c: f64) -> f64 {
    let w = &sc.policy.weights;
    if d > sc.policy.walking_km(p.year) {
        c += w.transport;
    }
    c = family_cost(w, p, Target::School(s), c);
    let ofsted = sc.schools[s as usize].ofsted;
    if p.is_fap() && matches!(ofsted, Ofsted::RequiresImprovement | Ofsted::Inadequate) {
        c += w.weak_school;
    }
    c
}

/// `c` plus the family terms at a school: a previous school, a sibling there.
fn family_cost(w: &Weights, p: &Pupil, t: Target, mut c: f64) -> f64 {
    if p.previous_schools.contains(&t) {
        c += w.previous_school;
    }
    if p.siblings_at.contains(&t) {
        c -= w.sibling_bonus;
    }
    c
}

/// `c` plus the AP terms: off the AP route, needs matched.
fn ap_cost(w: &Weights, p: &Pupil, ap: &ApProvider, mut c: f64) -> f64 {
    if p.route != Route::Ap {
        c += w.ap_route;
    }
    if p.needs.iter().any(|n| ap.specialisms.contains(n)) {
        c -= w.ap_needs_match;
    }
    c
}

/// `c_u(p) = w.unplaced · (p ∈ F ? w.fap_priority : 1) · (1 + days_out_of_education / 20)`.
pub fn unplaced_cost(sc: &Scenario, p: &Pupil) -> f64 {
    let w = &sc.policy.weights;
    let priority = if p.is_fap() { w.fap_priority } else { 1.0 };
    w.unplaced * priority * (1.0 + p.days_out_of_education / 20.0)
}

/// The cost of one pupil's placement: `c(p,t)` or `c_u(p)`.
pub fn cost(sc: &Scenario, p: &Pupil, place: Placement) -> f64 {
    match place {
        Some(t) => placement_cost(sc, p, t),
        None => unplaced_cost(sc, p),
    }
}

/// The objective of a complete assignment (one placement per scenario pupil).
pub fn objective(sc: &Scenario, placements: &[Placement]) -> f64 {
    let w = &sc.policy.weights;
    let pupils = sc.pupils.iter().zip(placements);
    let total = pupils.fold(0.0, |total, (p, &place)| total + cost(sc, p, place));
    let t = Tally::of(sc, placements);
    let (o, v, e) = (above_pan(sc, &t), over_cap(sc, &t), over_fair_share(sc, &t));
    total + w.above_pan * o as f64 + w.over_cap * v as f64 + w.over_fair_share * e
}

/// Pupils placed at each school: per year group, FAP per phase, FAP load per phase.
struct Tally {
    per_year: Vec<[u32; YEAR_GROUPS]>,
    fap: Vec<[u32; 2]>,
    load: Vec<[f64; 2]>,
}

impl Tally {
    fn new(n: usize) -> Tally {
        Tally {
            per_year: vec![[0; YEAR_GROUPS]; n],
            fap: vec![[0; 2]; n],
            load: vec![[0.0; 2]; n],
        }
    }

    fn of(sc: &Scenario, placements: &[Placement]) -> Tally {
        let mut t = Tally::new(sc.schools.len());
        for (p, &place) in sc.pupils.iter().zip(placements) {
            if let Some(Target::School(s)) = place {
                t.add(p, s as usize);
            }
        }
        t
    }

    fn add(&mut self, p: &Pupil, s: usize) {
        let g = p.year.phase().index();
        self.per_year[s][p.year.index()] += 1;
        if p.is_fap() {
            self.fap[s][g] += 1;
            self.load[s][g] += p.load_weight;
        }
    }
}

/// `Σ o[s,y]`: places used above the free places.
fn above_pan(sc: &Scenario, t: &Tally) -> u64 {
    let mut o = 0;
    for (s, school) in sc.schools.iter().enumerate() {
        for y in YearGroup::all() {
            o += u64::from(t.per_year[s][y.index()].saturating_sub(school.free(y)));
        }
    }
    o
}

/// Every (school index, school, phase), school by school.
fn school_phases(sc: &Scenario) -> impl Iterator<Item = (usize, &School, Phase)> {
    let schools = sc.schools.iter().enumerate();
    schools.flat_map(|(s, school)| Phase::ALL.map(|g| (s, school, g)))
}

/// `Σ v[s,g]` in `soft` mode: FAP pupils above the cap's remaining places.
fn over_cap(sc: &Scenario, t: &Tally) -> u64 {
    let soft = sc.policy.fap_cap_mode == CapMode::Soft;
    let over = |(s, school, g): (usize, &School, Phase)| {
        let rem = remaining(sc, school, g)?;
        Some(u64::from(t.fap[s][g.index()].saturating_sub(rem)))
    };
    school_phases(sc).filter(|_| soft).filter_map(over).sum()
}

/// `Σ e[s,g]`: ledger plus load above each fair share, in school then phase order.
fn over_fair_share(sc: &Scenario, t: &Tally) -> f64 {
    let shares = fair_shares(sc);
    let mut e = 0.0f64;
    for (s, school, g) in school_phases(sc) {
        if let Some(share) = shares[g.index()][s] {
            e += (f64::from(school.ledger(g)) + t.load[s][g.index()] - share).max(0.0);
        }
    }
    e
}

/// Each record's `cost` (and `km`, when given) against its placement.
pub fn check_records(
    sc: &Scenario,
    proposal: &Proposal,
    resolved: &Resolved,
    out: &mut Vec<Violation>,
) {
    let records = resolved.placements.iter().zip(&resolved.record_of);
    for (p, (place, k)) in sc.pupils.iter().zip(records) {
        let (Some(place), Some(k)) = (*place, *k) else {
            continue;
        };
        let r = &proposal.assignments[k];
        out.extend(wrong_cost(sc, p, place, r.cost));
        if let Some(stated) = r.km {
            out.extend(wrong_km(sc, p, place, stated));
        }
    }
}

/// The record's stated cost, unless it is the cost recomputed.
fn wrong_cost(sc: &Scenario, p: &Pupil, place: Placement, stated: f64) -> Option<Violation> {
    let recomputed = cost(sc, p, place);
    (!close(stated, recomputed)).then(|| Violation::WrongCost {
        pupil: p.id.clone(),
        stated,
        recomputed: round(recomputed),
    })
}

/// The record's stated km, unless it is the journey recomputed (none when unplaced).
fn wrong_km(sc: &Scenario, p: &Pupil, place: Placement, stated: f64) -> Option<Violation> {
    let km = place.map(|t| sc.distance(p, t));
    km.is_none_or(|d| !close(stated, d))
        .then(|| Violation::WrongKm {
            pupil: p.id.clone(),
            stated,
            recomputed: km.map(round),
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::load_bytes;

    /// A school 4 km east of the pupil, an AP provider 2 km west (route factor 1: exact km).
    fn scenario(pupil: &str, policy: &str) -> Scenario {
        let sep = if policy.is_empty() { "" } else { "," };
        let json = format!(
            r#"{{"format": "fap-scenario/1", "meta": {{"name": "t"}},
            "policy": {{"route_factor": 1.0{sep} {policy}}},
            "schools": [{{"id": "S1", "location": {{"easting": 6000, "northing": 0}},
                          "ofsted": "requires_improvement",
                          "year_groups": {{"9": {{"pan": 30, "on_roll": 29}}}}}}],
            "ap_providers": [{{"id": "AP1", "location": {{"easting": 0, "northing": 0}},
                               "places": 1, "years": ["7", "11"], "specialisms": ["semh"]}}],
            "pupils": [{{"id": "P1", "year_group": "9", "sex": "m",
                         "home": {{"easting": 2000, "northing": 0}}, {pupil}}}]}}"#
        );
        let loaded = load_bytes(json.as_bytes());
        loaded
            .scenario
            .unwrap_or_else(|| panic!("{:?}", loaded.issues))
    }

    const S1: Target = Target::School(0);
    const AP1: Target = Target::Ap(0);

    #[test]
    fn school_cost_adds_each_term_of_the_table() {
        let sc = scenario(
            r#""kind": "fap", "category": "a", "preferences": ["AP1", "S1"],
               "previous_schools": ["S1"], "siblings_at": ["S1"], "route": "either""#,
            "",
        );
        // distance 4 + transport 0 (4 ≤ 4.828) + preference[1] 2 + previous 10 − sibling 3 + weak 4
        assert!(close(placement_cost(&sc, &sc.pupils[0], S1), 17.0));
    }

    #[test]
    fn transport_starts_strictly_beyond_walking_distance() {
        let sc = scenario(
            r#""kind": "in_year""#,
            r#""walking_km": {"eight_plus": 4.0}"#,
        );
        assert_eq!(placement_cost(&sc, &sc.pupils[0], S1), 4.0); // d = 4.0, not > 4.0
        let sc = scenario(
            r#""kind": "in_year""#,
            r#""walking_km": {"eight_plus": 3.999}"#,
        );
        assert_eq!(placement_cost(&sc, &sc.pupils[0], S1), 7.0);
    }

    #[test]
    fn preference_past_the_table_uses_its_last_entry() {
        let sc = scenario(
            r#""kind": "in_year", "preferences": ["S1"]"#,
            r#""weights": {"preference": [5]}"#,
        );
        assert_eq!(placement_cost(&sc, &sc.pupils[0], S1), 9.0);
    }

    #[test]
    fn ap_cost_has_route_preference_and_needs_terms() {
        let sc = scenario(
            r#""kind": "fap", "category": "a", "route": "either", "needs": ["semh"],
               "preferences": ["S1"]"#,
            "",
        );
        // distance 2 + ap_route 20 + not_preferred 8 − needs match 5
        assert_eq!(placement_cost(&sc, &sc.pupils[0], AP1), 25.0);
        let sc = scenario(r#""kind": "fap", "category": "a", "route": "ap""#, "");
        assert_eq!(placement_cost(&sc, &sc.pupils[0], AP1), 2.0);
    }

    #[test]
    fn unplaced_cost_grows_with_days_out_and_fap_priority() {
        let sc = scenario(
            r#""kind": "fap", "category": "a", "days_out_of_education": 30"#,
            "",
        );
        assert_eq!(unplaced_cost(&sc, &sc.pupils[0]), 100.0 * 1.5 * 2.5);
        let sc = scenario(r#""kind": "in_year""#, "");
        assert_eq!(unplaced_cost(&sc, &sc.pupils[0]), 100.0);
    }

    #[test]
    fn objective_keeps_the_fair_share_constant_of_a_school_nobody_goes_to() {
        // One school, one FAP pupil: T = 1, share 1; unplaced, e = max(0, 0 − 1) = 0.
        let mut sc = scenario(r#""kind": "fap", "category": "a""#, "");
        assert!(close(objective(&sc, &[None]), 150.0));
        // A twin school S2 and a ledger of 3 at S1, load weight 0.5: T = 3.5, shares 1.75 each.
        let mut s2 = sc.schools[0].clone();
        s2.id = "S2".into();
        sc.schools.push(s2);
        sc.schools[0].fap_this_year[9] = 3;
        sc.pupils[0].load_weight = 0.5;
        // Unplaced: e(S1) = 3 − 1.75 = 1.25 is kept although nobody is placed there.
        assert!(close(objective(&sc, &[None]), 150.0 + 6.0 * 1.25));
        // At S1: cost 4 km + weak 4; e(S1) = 3.5 − 1.75; cap 1 − ledger 3 → remaining 0, v = 1.
        let placed = objective(&sc, &[Some(S1)]);
        assert!(close(placed, 8.0 + 6.0 * 1.75 + 25.0), "{placed}");
    }

    #[test]
    fn objective_counts_above_pan_places_and_over_cap_placements() {
        let mut sc = scenario(r#""kind": "fap", "category": "a""#, "");
        let mut twin = sc.pupils[0].clone();
        twin.id = "P2".into();
        sc.pupils.push(twin);
        // Two at S1 (1 free): o = 1; cap 1 → v = 1; share = T = 2, load 2 → e = 0.
        let both = objective(&sc, &[Some(S1), Some(S1)]);
        assert!(close(both, 2.0 * 8.0 + 12.0 + 25.0), "{both}");
        sc.policy.fap_cap_mode = CapMode::Hard;
        assert!(close(
            objective(&sc, &[Some(S1), Some(S1)]),
            2.0 * 8.0 + 12.0
        ));
    }

    #[test]
    fn close_is_relative_with_a_floor_near_zero() {
        assert!(close(1e9, 1e9 + 900.0));
        assert!(!close(1e9, 1e9 + 1100.0));
        assert!(close(0.0, 9e-7));
        assert!(!close(0.0, 2e-6));
    }
}
