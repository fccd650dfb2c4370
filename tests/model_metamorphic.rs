//! Metamorphic properties of the optimum (STYLE.md "Testing habits"): changes
//! to a scenario whose effect on the optimum is known without solving it.
//!
//! - one more free place (a lower `on_roll`) never raises the optimum;
//! - larger travel limits never raise it;
//! - shuffling the pupils list keeps it (and the original plan, shuffled, is
//!   worth the same in the shuffled scenario);
//! - solving twice gives the same plan.
//!
//! No oracle is needed, so the scenarios are larger than the brute force allows.

use crate::model_support::{close, gen, solve_default};
use fap::scenario::Scenario;
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::Config;
use rand::seq::SliceRandom;
use rand::SeedableRng;

fn cases(default: u32) -> Config {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default);
    Config {
        cases,
        ..Config::default()
    }
}

/// `b` is not above `a` (within the 1e-6 relative tolerance).
fn not_above(b: f64, a: f64) -> bool {
    b <= a || close(a, b)
}

/// The taught (school, year) pairs of a scenario.
fn taught(sc: &Scenario) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for (s, school) in sc.schools.iter().enumerate() {
        for (y, places) in school.years.iter().enumerate() {
            if places.is_some() {
                out.push((s, y));
            }
        }
    }
    out
}

proptest! {
    #![proptest_config(cases(96))]

    #[test]
    fn one_more_free_place_never_raises_the_optimum(spec in gen::spec(2..=5, 1..=12), pick in any::<Index>()) {
        let case = spec.case();
        let before = solve_default(&case.sc).objective;
        let mut sc = case.sc.clone();
        // Lower on_roll where there is one to lower (above PAN it frees nothing,
        // which must not raise the optimum either).
        let pairs: Vec<_> = taught(&sc)
            .into_iter()
            .filter(|&(s, y)| sc.schools[s].years[y].is_some_and(|p| p.on_roll > 0))
            .collect();
        prop_assume!(!pairs.is_empty());
        let (s, y) = pairs[pick.index(pairs.len())];
        if let Some(p) = sc.schools[s].years[y].as_mut() {
            p.on_roll -= 1;
        }
        let after = solve_default(&sc).objective;
        prop_assert!(not_above(after, before),
            "freeing a place in {} year {y} raised the optimum {before} → {after}\n{}", sc.schools[s].id, case.json);
    }

    #[test]
    fn larger_travel_limits_never_raise_the_optimum(spec in gen::spec(2..=5, 1..=12), km in 0.5f64..6.0) {
        let case = spec.case();
        let before = solve_default(&case.sc).objective;
        let mut sc = case.sc.clone();
        sc.policy.max_travel_km_primary += km;
        sc.policy.max_travel_km_secondary += km;
        sc.policy.max_ap_travel_km += km;
        let after = solve_default(&sc).objective;
        prop_assert!(not_above(after, before),
            "travel limits +{km} km raised the optimum {before} → {after}\n{}", case.json);
    }

    #[test]
    fn shuffled_pupils_keep_the_optimum(spec in gen::spec(2..=5, 2..=12), seed in any::<u64>()) {
        let case = spec.case();
        let before = solve_default(&case.sc);
        let mut order: Vec<usize> = (0..case.sc.pupils.len()).collect();
        order.shuffle(&mut rand_chacha::ChaCha8Rng::seed_from_u64(seed));
        let mut sc = case.sc.clone();
        sc.pupils = order.iter().map(|&i| case.sc.pupils[i].clone()).collect();
        let after = solve_default(&sc);
        prop_assert!(close(before.objective, after.objective),
            "shuffling pupils {order:?} changed the optimum {} → {}\n{}", before.objective, after.objective, case.json);
        // The original plan, shuffled, is a plan of the shuffled scenario worth the same.
        let moved: Vec<_> = order.iter().map(|&i| before.assignment[i]).collect();
        let again = fap::model::evaluate(&sc, &moved).total();
        prop_assert!(close(again, before.objective));
    }

    #[test]
    fn repeated_solves_give_the_same_plan(spec in gen::spec(2..=5, 1..=12)) {
        let case = spec.case();
        let a = solve_default(&case.sc);
        let b = solve_default(&case.sc);
        prop_assert_eq!(a, b);
    }
}
