//! The solver against an exhaustive oracle (MODEL.md: "An independent
//! re-implementation of this page must reach the same optimal objective").
//!
//! Generated tiny scenarios (≤ 7 pupils, 2–4 schools, 0–2 AP providers, every
//! rule kind) and the fixtures in `tests/fixtures/tiny/` are solved by
//! `fap::solve::solve` and by the brute force of `crate::model_support::brute`, which
//! enumerates every assignment. They must agree on the optimum within 1e-6
//! relative, the solver's plan must satisfy every hard rule as the brute force
//! reads them, and ranked proposals must be the optima under their no-good cuts.
//!
//! `PROPTEST_CASES=2000 cargo test --release --test integration model_bruteforce::` runs a
//! longer search.

use crate::model_support::brute::{features, Brute, Features};
use crate::model_support::{close, gen, solve_default};
use fap::model::build::Extras;
use fap::model::options::eligibility;
use fap::model::Options;
use fap::proposals::forced::ForcedSolver;
use fap::proposals::{place_values, rank};
use fap::scenario::Target;
use fap::solve::{solve, SolveError, SolveSettings};
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::Config;

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

/// Solver and brute force on one scenario: same optimum, and the solver's
/// plan is feasible and worth what it claims.
fn assert_matches_brute_force(case: &gen::Case) -> Result<(), TestCaseError> {
    let sc = &case.sc;
    let bf = Brute::new(sc);
    let best = bf
        .optimum()
        .expect("leaving every unpinned pupil unplaced is feasible");
    let solved = solve_default(sc);
    let own = bf.evaluate(&solved.assignment);
    prop_assert!(
        own.is_ok(),
        "solver plan breaks a hard rule: {:?}\nplan {:?}\n{}",
        own,
        solved.assignment,
        case.json
    );
    let own = own.unwrap();
    prop_assert!(
        close(own, solved.objective),
        "solver reports {} for its plan, brute force values it at {own}\nplan {:?}\n{}",
        solved.objective,
        solved.assignment,
        case.json
    );
    prop_assert!(
        close(best.objective, solved.objective),
        "solver {} vs brute force {}\nsolver plan {:?}\nbrute plan  {:?}\n{}",
        solved.objective,
        best.objective,
        solved.assignment,
        best.assignment,
        case.json
    );
    Ok(())
}

proptest! {
    #![proptest_config(cases(96))]

    #[test]
    fn solver_optimum_equals_brute_force(spec in gen::tiny()) {
        assert_matches_brute_force(&spec.case())?;
    }

    /// MODEL.md "Options per pupil": the optimum with one pupil forced to one
    /// of its placements (or none, when pinned pupils hold every place). And a
    /// warm start (the plan that leaves every unpinned pupil out) does not
    /// change the optimum.
    #[test]
    fn forced_placements_and_warm_starts_keep_the_optimum(spec in gen::tiny(), who in any::<Index>(), which in any::<Index>()) {
        let case = spec.case();
        let sc = &case.sc;
        let opts = Options::generate(sc);
        let bf = Brute::new(sc);
        let i = who.index(sc.pupils.len());
        let choices = bf.choices(i);
        let place = choices[which.index(choices.len())];
        let extras = Extras { force: vec![(i as u32, place)], ..Extras::default() };
        let forced = solve(sc, &opts, &extras, &SolveSettings::default(), None);
        match (bf.forced(i, place).optimum(), forced) {
            // A pinned pupil may hold the only place: then no plan exists.
            (None, Err(SolveError::Infeasible)) => {}
            (Some(best), Ok(forced)) => {
                prop_assert_eq!(forced.assignment[i], place);
                prop_assert!(close(best.objective, forced.objective),
                    "pupil {i} forced to {place:?}: solver {} vs brute force {}\n{}", forced.objective, best.objective, case.json);
            }
            (best, forced) => prop_assert!(false,
                "pupil {i} forced to {place:?}: brute force {best:?}, solver {forced:?}\n{}", case.json),
        }
        let start: Vec<_> = sc.pupils.iter().map(|p| p.pinned).collect();
        let warm = solve(sc, &opts, &Extras::default(), &SolveSettings::default(), Some(&start)).expect("solves");
        let best = bf.optimum().expect("feasible");
        prop_assert!(close(best.objective, warm.objective),
            "warm start: solver {} vs brute force {}\n{}", warm.objective, best.objective, case.json);
    }

    /// MODEL.md "Place values": the value of one more place is proposal 1's
    /// objective minus the brute-force optimum of the scenario with that
    /// place (the re-solves reuse proposal 1's LP relaxation: its duals must
    /// bound the changed program, new options at the place included).
    #[test]
    fn place_values_equal_brute_force_with_the_extra_place(spec in gen::tiny()) {
        let case = spec.case();
        let sc = &case.sc;
        let opts = Options::generate(sc);
        let base = solve_default(sc);
        let lps = ForcedSolver::new(sc, &opts, &base.assignment, &SolveSettings::default());
        for v in place_values::compute(&lps).expect("solves") {
            let sc2 = v.extra.apply(sc);
            let best = Brute::new(&sc2).optimum().expect("feasible");
            prop_assert!(close(best.objective, v.objective),
                "{:?}: place value re-solve {} vs brute force {}\n{}", v.extra, v.objective, best.objective, case.json);
            prop_assert!(close(base.objective - v.objective, v.decrease));
        }
    }

    /// MODEL.md "Ranked proposals": proposal k+1 is the optimum among plans
    /// that differ from every earlier one in at least `min_diff` pupils; when
    /// no such plan exists the list ends early.
    #[test]
    fn proposals_are_optima_under_their_cuts(spec in gen::spec(2..=3, 1..=5), min_diff in 1usize..=2) {
        let case = spec.case();
        let sc = &case.sc;
        let opts = Options::generate(sc);
        let ranked = rank(sc, &opts, &SolveSettings::default(), 3, min_diff).expect("solves");
        let bf = Brute::new(sc);
        let mut objectives = Vec::new();
        for (k, prop) in ranked.proposals.iter().enumerate() {
            let earlier: Vec<_> = ranked.proposals[..k].iter().map(|p| p.assignment.clone()).collect();
            for q in &earlier {
                let diff = q.iter().zip(&prop.assignment).filter(|(a, b)| a != b).count();
                prop_assert!(diff >= min_diff, "proposal {} differs in {diff} < {min_diff} pupils\n{}", k + 1, case.json);
            }
            let best = bf.optimum_with_cuts(&earlier, min_diff);
            prop_assert!(best.is_some(), "proposal {} exists, brute force finds none\n{}", k + 1, case.json);
            let best = best.unwrap();
            prop_assert!(close(best.objective, prop.objective),
                "proposal {}: solver {} vs brute force {}\n{}", k + 1, prop.objective, best.objective, case.json);
            objectives.push(prop.objective);
        }
        prop_assert!(objectives.windows(2).all(|w| w[0] <= w[1]), "objectives {objectives:?} decrease");
        if ranked.proposals.len() < 3 {
            let all: Vec<_> = ranked.proposals.iter().map(|p| p.assignment.clone()).collect();
            prop_assert!(bf.optimum_with_cuts(&all, min_diff).is_none(),
                "the list stopped at {} but another plan exists\n{}", all.len(), case.json);
            prop_assert!(ranked.stopped.is_some());
        }
    }
}

/// Which eligibility rules remove at least one pair of the scenario. This asks
/// fap's own rule function: it measures the generator, not the model.
fn rule_names(sc: &fap::scenario::Scenario) -> Vec<String> {
    let targets = (0..sc.schools.len() as u32)
        .map(Target::School)
        .chain((0..sc.aps.len() as u32).map(Target::Ap));
    let targets: Vec<Target> = targets.collect();
    let mut out = Vec::new();
    for p in &sc.pupils {
        for &t in &targets {
            if let Err(rule) = eligibility(sc, p, t) {
                let name = format!("{rule:?}");
                out.push(name.split('(').next().unwrap_or_default().to_string());
            }
        }
    }
    out
}

/// Every file in `tests/fixtures/tiny/` against the brute force.
#[test]
fn tiny_fixtures_match_brute_force() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tiny");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("fixtures directory")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    assert!(
        files.len() >= 3,
        "expected tiny fixtures in {}",
        dir.display()
    );
    for f in files {
        let json = std::fs::read_to_string(&f).expect("readable");
        let sc = crate::model_support::load(&json);
        let case = gen::Case { json, sc };
        if let Err(e) = assert_matches_brute_force(&case) {
            panic!("{}: {e}", f.display());
        }
    }
}

/// Regression: HiGHS 1.16, given every-pupil-unplaced as a warm start on this
/// scenario, ended "optimal" reporting objective 0 but returned the start's
/// columns (objective 400; the optimum is 8). `fap::solve` now notices that the
/// reported objective and the columns disagree and solves again without the start.
#[test]
fn warm_start_never_returns_a_stale_plan() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/tiny/warm_start_stale_columns.json");
    let sc = crate::model_support::load(&std::fs::read_to_string(path).unwrap());
    let start: Vec<_> = sc.pupils.iter().map(|p| p.pinned).collect();
    let opts = Options::generate(&sc);
    let warm = solve(
        &sc,
        &opts,
        &Extras::default(),
        &SolveSettings::default(),
        Some(&start),
    )
    .unwrap();
    assert!(close(warm.objective, 8.0), "objective {}", warm.objective);
    assert!(close(Brute::new(&sc).optimum().unwrap().objective, 8.0));
}

/// pubgrub's habit: a test that the generator produces what the properties
/// need. Over a fixed sample, the optimal plans must include unplaced pupils,
/// above-PAN places, soft-cap excess, pinned pupils, AP placements, in-year
/// placements and ledgers above the fair share, and the scenarios must reach
/// every eligibility rule.
#[test]
fn generator_is_rich() {
    let specs = gen::sample(gen::tiny(), 120);
    let mut sum = Features::default();
    let mut with = Features::default();
    let mut modes = [0usize; 3];
    let mut branching = 0usize;
    let mut rules = std::collections::BTreeSet::new();
    for spec in &specs {
        let case = spec.case();
        let bf = Brute::new(&case.sc);
        let best = bf.optimum().expect("feasible");
        let f = features(&case.sc, &best.assignment);
        let add = |total: &mut usize, seen: &mut usize, n: usize| {
            *total += n;
            *seen += usize::from(n > 0);
        };
        add(&mut sum.unplaced, &mut with.unplaced, f.unplaced);
        add(&mut sum.above_pan, &mut with.above_pan, f.above_pan);
        add(
            &mut sum.over_soft_cap,
            &mut with.over_soft_cap,
            f.over_soft_cap,
        );
        add(&mut sum.pinned, &mut with.pinned, f.pinned);
        add(&mut sum.ap, &mut with.ap, f.ap);
        add(
            &mut sum.in_year_placed,
            &mut with.in_year_placed,
            f.in_year_placed,
        );
        add(
            &mut sum.ledger_over_share,
            &mut with.ledger_over_share,
            f.ledger_over_share,
        );
        modes[case.sc.policy.fap_cap_mode as usize] += 1;
        branching += bf.n_choices().iter().filter(|&&n| n >= 3).count();
        rules.extend(rule_names(&case.sc));
    }
    eprintln!(
        "cases with each feature (of {}): {with:?}; cap modes {modes:?}",
        specs.len()
    );
    let at_least = |name: &str, n: usize| assert!(n >= 5, "only {n} generated cases have {name}");
    at_least("unplaced pupils", with.unplaced);
    at_least("above-PAN places", with.above_pan);
    at_least("soft-cap excess", with.over_soft_cap);
    at_least("pinned pupils", with.pinned);
    at_least("AP placements", with.ap);
    at_least("in-year placements", with.in_year_placed);
    at_least("a ledger above its fair share", with.ledger_over_share);
    assert!(modes.iter().all(|&n| n >= 20), "cap modes {modes:?}");
    let every_rule = [
        "NotTaught",
        "Sex",
        "ExcludedFrom",
        "Avoid",
        "RouteApOnly",
        "TooFar",
        "ProtectInadequate",
        "NotAcceptsFap",
        "NoPlaceFap",
        "NoPlaceInYear",
        "PinnedElsewhere",
        "ApNotFap",
        "RouteSchoolOnly",
        "ApYears",
        "ApNoPlaces",
    ];
    for r in every_rule {
        assert!(
            rules.contains(r),
            "no generated pair is removed by rule {r}; seen {rules:?}"
        );
    }
    assert!(
        branching >= 150,
        "only {branching} pupils with a real choice"
    );
}
