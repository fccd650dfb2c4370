//! The checker's own reading of MODEL.md constraints 5 and 6: fairness caps and fair shares.
//!
//! Written again from MODEL.md, not shared with `crate::model`: a misreading in
//! one copy shows up as a disagreement between the solver's plans and the checker.

use crate::scenario::{CapMode, Phase, Scenario, School};

/// `cap(s,g) = max(1, floor(fap_cap.per_30_pan · pan_g(s) / 30 + 1e-9))`.
pub fn cap(sc: &Scenario, school: &School, g: Phase) -> u32 {
    let pan = f64::from(school.pan_phase(g));
    let c = (sc.policy.fap_cap_per_30_pan * pan / 30.0 + 1e-9).floor();
    (c as u32).max(1)
}

/// `remaining(s,g) = max(0, cap(s,g) − ledger_g(s))` where constraint 5 exists: cap mode
/// not `off`, the school accepts FAP pupils and teaches a year group of phase `g`.
pub fn remaining(sc: &Scenario, school: &School, g: Phase) -> Option<u32> {
    let applies =
        sc.policy.fap_cap_mode != CapMode::Off && school.accepts_fap && school.teaches_phase(g);
    applies.then(|| cap(sc, school, g).saturating_sub(school.ledger(g)))
}

/// `share(s,g)` for every school of `R_g`, indexed `[phase][school]`; `None` where there is
/// no fair-share term (school outside `R_g`, phase without FAP pupils, or Σ pan_g = 0).
pub fn fair_shares(sc: &Scenario) -> [Vec<Option<f64>>; 2] {
    Phase::ALL.map(|g| phase_shares(sc, g))
}

fn phase_shares(sc: &Scenario, g: Phase) -> Vec<Option<f64>> {
    let in_r = |s: &School| s.accepts_fap && s.teaches_phase(g);
    let fap: Vec<f64> = sc
        .pupils
        .iter()
        .filter(|p| p.is_fap() && p.year.phase() == g)
        .map(|p| p.load_weight)
        .collect();
    let pan_sum: u64 = sc
        .schools
        .iter()
        .filter(|s| in_r(s))
        .map(|s| u64::from(s.pan_phase(g)))
        .sum();
    if fap.is_empty() || pan_sum == 0 {
        return vec![None; sc.schools.len()];
    }
    let ledgers: u64 = sc
        .schools
        .iter()
        .filter(|s| in_r(s))
        .map(|s| u64::from(s.ledger(g)))
        .sum();
    let total = ledgers as f64 + fap.iter().sum::<f64>();
    sc.schools
        .iter()
        .map(|s| in_r(s).then(|| total * f64::from(s.pan_phase(g)) / pan_sum as f64))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::load_bytes;

    fn scenario(policy: &str) -> Scenario {
        let json = format!(
            r#"{{"format": "fap-scenario/1", "meta": {{"name": "t"}}, "policy": {policy},
            "schools": [
              {{"id": "S1", "location": {{"easting": 0, "northing": 0}},
                "year_groups": {{"7": {{"pan": 90, "on_roll": 80}}, "8": {{"pan": 120, "on_roll": 80}}}},
                "fap_this_year": {{"7": 1, "8": 1}}}},
              {{"id": "S2", "location": {{"easting": 0, "northing": 0}},
                "year_groups": {{"7": {{"pan": 29, "on_roll": 0}}}}}},
              {{"id": "S3", "location": {{"easting": 0, "northing": 0}}, "accepts_fap": false,
                "year_groups": {{"7": {{"pan": 30, "on_roll": 0}}}}}}],
            "pupils": [
              {{"id": "P1", "kind": "fap", "category": "a", "year_group": "7", "sex": "m",
                "home": {{"easting": 0, "northing": 0}}, "load_weight": 2.0}},
              {{"id": "P2", "kind": "fap", "category": "a", "year_group": "8", "sex": "m",
                "home": {{"easting": 0, "northing": 0}}}}]}}"#
        );
        load_bytes(json.as_bytes()).scenario.expect("valid")
    }

    #[test]
    fn cap_counts_per_30_of_the_largest_pan_and_is_at_least_one() {
        let sc = scenario(r#"{"fap_cap": {"per_30_pan": 1.0}}"#);
        assert_eq!(cap(&sc, &sc.schools[0], Phase::Secondary), 4); // pan_g = 120
        assert_eq!(cap(&sc, &sc.schools[1], Phase::Secondary), 1); // floor(29/30) = 0 → 1
        assert_eq!(remaining(&sc, &sc.schools[0], Phase::Secondary), Some(2)); // ledger 2
        assert_eq!(remaining(&sc, &sc.schools[0], Phase::Primary), None);
        assert_eq!(remaining(&sc, &sc.schools[2], Phase::Secondary), None);
    }

    #[test]
    fn cap_survives_float_rounding_at_whole_numbers() {
        let sc = scenario(r#"{"fap_cap": {"per_30_pan": 0.7}}"#);
        assert_eq!(cap(&sc, &sc.schools[0], Phase::Secondary), 2); // 0.7·120/30 = 2.8
                                                                   // 2.55 · 200 / 30 is 16.999999999999996 in floats: the 1e-9 makes it 17.
        let sc = scenario(r#"{"fap_cap": {"per_30_pan": 2.55}}"#);
        let mut s = sc.schools[0].clone();
        s.years[7] = Some(crate::scenario::YearPlaces {
            pan: 200,
            on_roll: 0,
        });
        assert_eq!(cap(&sc, &s, Phase::Secondary), 17);
    }

    #[test]
    fn off_mode_has_no_cap() {
        let sc = scenario(r#"{"fap_cap": {"mode": "off"}}"#);
        assert_eq!(remaining(&sc, &sc.schools[0], Phase::Secondary), None);
    }

    #[test]
    fn shares_split_ledgers_and_load_by_entry_pan() {
        let sc = scenario("{}");
        let [primary, secondary] = fair_shares(&sc);
        assert!(primary.iter().all(Option::is_none));
        // T = ledgers 2 + load 3 = 5; R = {S1 (pan_g 120), S2 (29)}; S3 is exempt.
        assert_eq!(secondary[0], Some(5.0 * 120.0 / 149.0));
        assert_eq!(secondary[1], Some(5.0 * 29.0 / 149.0));
        assert_eq!(secondary[2], None);
    }
}
