//! Re-solves against a reference plan (MODEL.md "Re-solving against a reference plan").
//!
//! Generated tiny scenarios get a reference placement per pupil drawn at
//! random: new pupils (no reference), unplaced, and schools or AP providers
//! that may no longer be options. The solver's optimum must equal the brute
//! force's with its own move term (`Brute::with_reference`), and its plan's
//! move count must be the brute force's reading of who moved. With `w.move`
//! huge, a feasible reference (a lower-ranked proposal) is reproduced. Plans
//! made through `fap::reference::attach` pass `fap check --reference` and a
//! wrong move count fails it.

use crate::model_support::brute::{is_option, Brute, Place};
use crate::model_support::{close, gen, solve_default};
use fap::check::{check_plan_against, sha256_hex, ReferenceFile, Violation};
use fap::model::{evaluate, Options};
use fap::plan::{self, Plan, SolveOptionsRecord};
use fap::proposals::{rank, Ranked};
use fap::reference::{attach, Reference};
use fap::scenario::{ReferencePlan, Scenario, Target};
use fap::solve::{solver_name, SolveSettings};
use proptest::prelude::*;

const MOVE_WEIGHTS: [f64; 4] = [0.0, 0.5, 5.0, 37.0];

/// Code per pupil: 0 new (no reference), 1 unplaced, else a target (any, eligible or not).
fn reference_of(sc: &Scenario, codes: &[u8]) -> Vec<Option<Place>> {
    let targets: Vec<Target> = (0..sc.schools.len() as u32)
        .map(Target::School)
        .chain((0..sc.aps.len() as u32).map(Target::Ap))
        .collect();
    (0..sc.pupils.len())
        .map(
            |i| match codes.get(i).copied().unwrap_or(0) as usize % (targets.len() + 2) {
                0 => None,
                1 => Some(None),
                k => Some(Some(targets[k - 2])),
            },
        )
        .collect()
}

/// Sets each pupil's reference place directly (the attach by id is tested below).
fn with_reference(sc: &Scenario, reference: &[Option<Place>], w_move: f64) -> Scenario {
    let mut sc = sc.clone();
    sc.policy.weights.r#move = w_move;
    for (p, r) in sc.pupils.iter_mut().zip(reference) {
        p.reference = r.flatten();
    }
    sc.reference = Some(ReferencePlan {
        sha256: "0".repeat(64),
        proposal: 1,
    });
    sc
}

/// The pupils the brute force reads as moved: reference still an option, placed elsewhere.
fn brute_moves(sc: &Scenario, reference: &[Option<Place>], a: &[Place]) -> u32 {
    sc.pupils
        .iter()
        .zip(reference.iter().zip(a))
        .filter(|(p, (r, place))| {
            r.flatten()
                .is_some_and(|r| is_option(sc, p, r) && **place != Some(r))
        })
        .count() as u32
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn reference_resolve_matches_brute_force(
        spec in gen::tiny(),
        codes in prop::collection::vec(any::<u8>(), 8),
        w in 0..MOVE_WEIGHTS.len(),
    ) {
        let case = spec.case();
        let reference = reference_of(&case.sc, &codes);
        let places: Vec<Place> = reference.iter().map(|r| r.flatten()).collect();
        let sc = with_reference(&case.sc, &reference, MOVE_WEIGHTS[w]);
        let bf = Brute::with_reference(&sc, &places);
        let best = bf.optimum().expect("leaving every unpinned pupil unplaced is feasible");
        let solved = solve_default(&sc);
        let own = bf.evaluate(&solved.assignment);
        prop_assert!(own.is_ok(), "plan breaks a rule: {:?}\n{}", own, case.json);
        prop_assert!(close(own.unwrap(), solved.objective),
            "solver values its plan at {}, brute force at {:?}\nreference {:?}\n{}",
            solved.objective, bf.evaluate(&solved.assignment), places, case.json);
        prop_assert!(close(best.objective, solved.objective),
            "solver {} vs brute force {}\nsolver {:?}\nbrute  {:?}\nreference {:?}\n{}",
            solved.objective, best.objective, solved.assignment, best.assignment, places, case.json);
        let parts = evaluate(&sc, &solved.assignment);
        prop_assert_eq!(parts.moves, brute_moves(&sc, &reference, &solved.assignment));
        prop_assert!(close(parts.move_cost, MOVE_WEIGHTS[w] * parts.moves as f64));
    }

    #[test]
    fn huge_move_weight_keeps_a_feasible_reference(spec in gen::tiny()) {
        let case = spec.case();
        let sc = &case.sc;
        let ranked = ranked(sc, 3);
        let r = ranked.proposals.last().expect("at least one proposal");
        let reference: Vec<Option<Place>> = r.assignment.iter().map(|&t| Some(t)).collect();
        let resolved = solve_default(&with_reference(sc, &reference, 1e6));
        for (i, p) in sc.pupils.iter().enumerate() {
            if let Some(t) = r.assignment[i] {
                prop_assert!(is_option(sc, p, t));
                prop_assert_eq!(resolved.assignment[i], Some(t), "pupil {} moved\n{}", p.id, case.json);
            }
        }
    }
}

fn ranked(sc: &Scenario, k: usize) -> Ranked {
    rank(sc, &Options::generate(sc), &SolveSettings::default(), k, 1).expect("solves")
}

/// The plan `fap solve` writes for `sc`.
fn plan_of(sc: &Scenario, k: usize) -> Plan {
    let settings = SolveSettings::default();
    let record = SolveOptionsRecord {
        proposals: k,
        min_diff: 1,
        time_limit_s: None,
        mip_rel_gap: settings.mip_rel_gap,
        options_per_pupil: 0,
    };
    let generator = plan::generator(solver_name(settings.backend), record, None);
    fap::proposals::plan::make(sc, "0".repeat(64), &ranked(sc, k), generator)
}

/// The huge-weight property can fail: some references are not the plain optimum.
#[test]
fn some_references_differ_from_the_plain_optimum() {
    let differ = gen::sample(gen::tiny(), 40)
        .into_iter()
        .filter(|spec| {
            let case = spec.case();
            let ranked = ranked(&case.sc, 3);
            ranked.proposals.last().map(|s| &s.assignment) != Some(&ranked.proposals[0].assignment)
        })
        .count();
    assert!(differ >= 10, "only {differ} of 40 references differ");
}

/// Attach by id, solve, write the plan, check it against the reference file.
#[test]
fn plans_against_a_reference_pass_the_checker_and_wrong_moves_fail_it() {
    let mut checked = 0;
    for spec in gen::sample(gen::tiny(), 30) {
        let mut sc = spec.case().sc;
        let reference_plan = plan_of(&sc, 3);
        let bytes = plan::to_json(&reference_plan);
        let rank = reference_plan.proposals.len();
        let r = Reference::read(bytes.as_bytes(), rank).expect("reads");
        attach(&mut sc, &r);
        // A change at the meeting: the first pupil placed in the reference may not go there.
        if let Some(p) = sc
            .pupils
            .iter_mut()
            .find(|p| p.reference.is_some() && p.pinned.is_none())
        {
            p.avoid.push(p.reference.unwrap());
        }
        let mut made = plan_of(&sc, 2);
        let given = ReferenceFile {
            plan: &reference_plan,
            sha256: &sha256_hex(bytes.as_bytes()),
        };
        assert_eq!(made.reference.as_ref().map(|r| r.proposal), Some(rank));
        let report = check_plan_against(&sc, "0".repeat(64).as_str(), &made, Some(given));
        assert!(report.is_valid(), "{:#?}", report.findings);
        let m = made.proposals[0].moves.as_mut().expect("moves");
        m.pupils_moved += 1;
        let report = check_plan_against(&sc, "0".repeat(64).as_str(), &made, Some(given));
        assert!(report
            .findings
            .iter()
            .any(|f| matches!(f.violation, Violation::WrongMoves { .. })));
        checked += 1;
    }
    assert_eq!(checked, 30);
}

/// The objective minus the move cost is the objective without a reference.
#[test]
fn move_cost_is_the_difference_in_objective() {
    for spec in gen::sample(gen::tiny(), 20) {
        let plain = spec.case().sc;
        let reference: Vec<Option<Place>> = (0..plain.pupils.len())
            .map(|i| Some(Some(Target::School((i % plain.schools.len()) as u32))))
            .collect();
        let sc = with_reference(&plain, &reference, 5.0);
        let solved = solve_default(&sc);
        let with = evaluate(&sc, &solved.assignment);
        let without = evaluate(&plain, &solved.assignment);
        assert!(close(with.total() - with.move_cost, without.total()));
        assert_eq!(without.moves, 0);
    }
}
