//! The held LPs (src/solve/held.rs) only make the re-solves faster: with
//! them and without them (each re-solve as a MIP from the group LP's bound,
//! `ForcedSolver::without_held_lps`), every alternative and every place value
//! has the same objective, status and moves, on generated rounds and tight
//! synthetic ones, also where one more place creates options (the held LP
//! then carries them as columns of that place's re-solve), and place values
//! are checked against independent solves with the place.

use crate::decision_support::common::{best, load};
use crate::decision_support::synth;
use fap::model::Options;
use fap::proposals::forced::{ForcedPlan, ForcedSolver};
use fap::proposals::options::candidates;
use fap::proposals::place_values::{compute, options_with, ExtraPlace, PlaceValue};
use fap::scenario::Scenario;
use fap::solve::{solve, SolveError, SolveSettings};

fn generated(seed: u64, pupils: usize, schools: usize) -> Scenario {
    let settings = fap::generate::Settings::synthetic(seed, pupils, schools);
    let json = fap::generate::generate(&settings).expect("generates").json;
    fap::validate::load_bytes(&json).scenario.expect("valid")
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-6 * a.abs().max(1.0)
}

fn same_forced(what: &str, a: &Result<ForcedPlan, SolveError>, b: &Result<ForcedPlan, SolveError>) {
    match (a, b) {
        (Ok(a), Ok(b)) => {
            assert!(
                close(a.objective(), b.objective()),
                "{what}: {a:?} vs {b:?}"
            );
            assert_eq!((a.status, &a.moves), (b.status, &b.moves), "{what}");
        }
        (Err(a), Err(b)) => assert_eq!(a, b, "{what}"),
        _ => panic!("{what}: {a:?} vs {b:?}"),
    }
}

fn same_value(what: &str, a: &PlaceValue, b: &PlaceValue) {
    assert_eq!(a.extra, b.extra, "{what}");
    assert!(close(a.objective, b.objective), "{what}: {a:?} vs {b:?}");
    assert_eq!((a.status, &a.moves), (b.status, &b.moves), "{what}");
}

/// Both routes on one round: the number of forced solves compared.
fn both_routes(name: &str, sc: &Scenario) -> usize {
    let settings = SolveSettings::default();
    let opts = Options::generate(sc);
    let base = best(sc).assignment;
    let pairs: Vec<_> = (0..sc.pupils.len() as u32)
        .flat_map(|p| {
            candidates(sc, &opts, &base, p, 3)
                .into_iter()
                .map(move |t| (p, t))
        })
        .collect();
    let fast = ForcedSolver::new(sc, &opts, &base, &settings);
    let plain = ForcedSolver::new(sc, &opts, &base, &settings).without_held_lps();
    for ((pair, a), b) in pairs
        .iter()
        .zip(fast.solve_all(&pairs))
        .zip(plain.solve_all(&pairs))
    {
        same_forced(&format!("{name} {pair:?}"), &a, &b);
    }
    let (a, b) = (
        compute(&fast).expect("values"),
        compute(&plain).expect("values"),
    );
    assert_eq!(a.len(), b.len(), "{name}");
    for (a, b) in a.iter().zip(&b) {
        same_value(name, a, b);
    }
    pairs.len()
}

#[test]
fn held_lps_give_the_plain_route_s_alternatives_and_place_values() {
    let mut compared = 0;
    for seed in [1, 5] {
        compared += both_routes(&format!("generated {seed}"), &generated(seed, 30, 40));
    }
    compared += both_routes("tight 3", &load(&synth::round(3, 24, 8)));
    assert!(compared > 150, "only {compared} forced solves compared");
}

/// Held LPs carry their group LP's load cuts (valid for every plan, forced
/// or with one more place): the same alternatives and place values as the
/// plain route on a round whose LP has some.
#[test]
fn held_lps_with_load_cuts_give_the_plain_route_s_answers() {
    let sc = generated(5, 40, 30);
    let opts = Options::generate(&sc);
    let base = best(&sc).assignment;
    let forced = ForcedSolver::new(&sc, &opts, &base, &SolveSettings::default());
    let groups = sc.pupils.len() as u32;
    let cuts = (0..groups).any(|p| {
        let lp = forced.group_lp(forced.group_of(p));
        lp.is_some_and(|lp| lp.has_load_cuts())
    });
    assert!(cuts, "no group LP of this round has load cuts");
    assert!(both_routes("generated 5, 40 × 30", &sc) > 50);
}

/// Does one more place at `extra` give some pupil an option it lacks?
fn creates_options(sc: &Scenario, opts: &Options, extra: ExtraPlace) -> bool {
    options_with(&extra.apply(sc), opts, extra) != *opts
}

/// Place values on one round by both routes, each also checked against an
/// independent solve of the scenario with the place; how many are of places
/// that create options and lower the objective.
fn both_routes_for_places(name: &str, sc: &Scenario) -> usize {
    let settings = SolveSettings::default();
    let opts = Options::generate(sc);
    let base = best(sc);
    let fast = ForcedSolver::new(sc, &opts, &base.assignment, &settings);
    let plain = ForcedSolver::new(sc, &opts, &base.assignment, &settings).without_held_lps();
    let (a, b) = (
        compute(&fast).expect("values"),
        compute(&plain).expect("values"),
    );
    assert_eq!(a.len(), b.len(), "{name}");
    let mut creating = 0;
    for (a, b) in a.iter().zip(&b) {
        same_value(name, a, b);
        let sc2 = a.extra.apply(sc);
        let opts2 = Options::generate(&sc2);
        let full = solve(&sc2, &opts2, &Default::default(), &settings, None).expect("solves");
        assert!(
            close(a.objective, full.objective),
            "{name} {a:?}: {}",
            full.objective
        );
        if a.decrease > 1e-6 && creates_options(sc, &opts, a.extra) {
            creating += 1;
        }
    }
    creating
}

#[test]
fn held_lps_value_places_that_create_options_as_the_plain_route() {
    let mut creating = 0;
    for seed in 0..12 {
        creating += both_routes_for_places(&format!("generated {seed}"), &generated(seed, 24, 10));
    }
    for seed in 0..4 {
        creating +=
            both_routes_for_places(&format!("tight {seed}"), &load(&synth::round(seed, 20, 6)));
    }
    assert!(
        creating >= 50,
        "only {creating} places that create options lower the objective"
    );
}
