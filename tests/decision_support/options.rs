//! Options per pupil: every alternative is the optimum with the pupil forced
//! there (checked against an independent solve of the whole scenario), its
//! plan keeps the hard rules and has the objective reported, and its knock-on
//! is exactly the diff between that plan and proposal 1.

use crate::decision_support::common::{assert_feasible, best, load, support_record};
use crate::decision_support::synth;
use fap::model::build::Extras;
use fap::model::{evaluate, Options};
use fap::proposals::forced::{diff, ForcedSolver};
use fap::proposals::options::{candidates, candidates_for, pick, still_open};
use fap::proposals::support;
use fap::solve::{solve, SolveError, SolveSettings};
use std::collections::BTreeMap;

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-6 * a.abs().max(b.abs()).max(1.0)
}

#[test]
fn each_alternative_is_the_forced_optimum_and_its_knock_on_is_the_diff() {
    let settings = SolveSettings::default();
    for seed in [3, 11] {
        let sc = load(&synth::round(seed, 12, 6));
        let opts = Options::generate(&sc);
        let best = best(&sc);
        let forced = ForcedSolver::new(&sc, &opts, &best.assignment, &settings);
        let mut checked = 0;
        for p in 0..sc.pupils.len() as u32 {
            let cands = candidates(&sc, &opts, &best.assignment, p, 2);
            let pairs: Vec<_> = cands.iter().map(|&t| (p, t)).collect();
            let results = forced.solve_all(&pairs);
            for (&(_, place), r) in pairs.iter().zip(&results) {
                let extras = Extras {
                    force: vec![(p, place)],
                    ..Extras::default()
                };
                let full = solve(&sc, &opts, &extras, &settings, None);
                match (r, full) {
                    (Ok(f), Ok(full)) => {
                        let bound = forced.increase_bound(p, place);
                        assert!(
                            bound.is_none_or(|b| b <= f.increase + 1e-6),
                            "seed {seed} pupil {p} at {place:?}: bound {bound:?} above {}",
                            f.increase
                        );
                        assert!(
                            close(f.objective(), full.objective),
                            "seed {seed} pupil {p} at {place:?}: {} vs full solve {}",
                            f.objective(),
                            full.objective
                        );
                        let plan = f.apply(&best.assignment);
                        assert_eq!(plan[p as usize], place);
                        assert_feasible(&sc, &plan);
                        assert_eq!(evaluate(&sc, &plan), f.parts);
                        assert!(close(f.increase, f.objective() - best.objective));
                        let knock: Vec<_> = f.knock_on().copied().collect();
                        let want: Vec<_> = diff(&best.assignment, &plan)
                            .into_iter()
                            .filter(|m| m.pupil != p)
                            .collect();
                        assert_eq!(knock, want);
                        checked += 1;
                    }
                    (Err(SolveError::Infeasible), Err(SolveError::Infeasible)) => {}
                    (r, full) => panic!("seed {seed} pupil {p} at {place:?}: {r:?} vs {full:?}"),
                }
            }
            let alts = pick(p, 2, cands.len(), &results).expect("picks");
            assert_eq!(alts.considered, cands.len());
            assert!(alts.alternatives.len() <= 2);
            assert!(alts
                .alternatives
                .windows(2)
                .all(|w| w[0].increase <= w[1].increase));
        }
        assert!(
            checked > 20,
            "seed {seed}: only {checked} alternatives checked"
        );
    }
}

#[test]
fn candidates_are_the_cheapest_other_options_then_unplaced() {
    let sc = load(&synth::round(5, 12, 6));
    let opts = Options::generate(&sc);
    let best = best(&sc);
    assert_eq!(candidates_for(1), 3);
    assert_eq!(candidates_for(3), 6);
    assert_eq!(candidates_for(5), 10);
    for p in 0..sc.pupils.len() as u32 {
        let c = candidates(&sc, &opts, &best.assignment, p, 3);
        let current = best.assignment[p as usize];
        assert!(
            !c.contains(&current),
            "the placement itself is no alternative"
        );
        let own = opts.per_pupil[p as usize].len() - usize::from(current.is_some());
        let placed = c.iter().filter(|t| t.is_some()).count();
        assert_eq!(placed, own.min(6));
        assert_eq!(c.contains(&None), current.is_some());
        let cost = |t: &Option<fap::scenario::Target>| opts.find(p, t.unwrap()).unwrap().cost;
        let placed: Vec<_> = c.iter().filter(|t| t.is_some()).collect();
        assert!(placed.windows(2).all(|w| cost(w[0]) <= cost(w[1])));
    }
}

#[test]
fn same_decision_support_whatever_the_thread_count() {
    let sc = load(&synth::round(9, 14, 6));
    let best = best(&sc);
    let run = |threads| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .expect("pool");
        let ds = pool.install(|| support_record(&sc, &best.assignment, 3));
        serde_json::to_string(&ds).expect("serialises")
    };
    assert_eq!(run(1), run(3));
}

/// Candidates whose bound rules them out are not re-optimised
/// (`options::still_open`), yet the alternatives are exactly those of
/// re-optimising every candidate, and some candidates were ruled out.
#[test]
fn alternatives_ruled_out_by_their_bound_change_nothing() {
    let settings = SolveSettings::default();
    let mut ruled_out = 0;
    for seed in [3, 7, 11, 19] {
        let sc = load(&synth::round(seed, 14, 6));
        let opts = Options::generate(&sc);
        let best = best(&sc);
        let forced = ForcedSolver::new(&sc, &opts, &best.assignment, &settings);
        for n in [1, 2] {
            let got =
                support::compute(&sc, &opts, &best.assignment, n, &settings).expect("support");
            for p in 0..sc.pupils.len() as u32 {
                let cands = candidates(&sc, &opts, &best.assignment, p, n);
                let pairs: Vec<_> = cands.iter().map(|&t| (p, t)).collect();
                let results = forced.solve_all(&pairs);
                let all = pick(p, n, cands.len(), &results).expect("picks");
                assert_eq!(
                    got.alternatives[p as usize], all,
                    "seed {seed} n {n} pupil {p}"
                );
                let solved: BTreeMap<_, _> = pairs.into_iter().zip(results).collect();
                let first = solved_first(&solved, n);
                let open = still_open(&forced, p, &cands, n, &first);
                ruled_out += cands.len() - first.len() - open.len();
            }
        }
    }
    assert!(ruled_out > 0, "no candidate was ruled out by its bound");
}

/// The `n` best of `solved` by increase, as if only they had been re-solved.
fn solved_first<K: Ord + Clone>(
    solved: &BTreeMap<K, Result<fap::proposals::forced::ForcedPlan, SolveError>>,
    n: usize,
) -> BTreeMap<K, Result<fap::proposals::forced::ForcedPlan, SolveError>> {
    let mut ok: Vec<_> = solved.iter().filter(|(_, r)| r.is_ok()).collect();
    ok.sort_by(|a, b| {
        let inc = |r: &Result<fap::proposals::forced::ForcedPlan, SolveError>| {
            r.as_ref().map_or(f64::INFINITY, |f| f.increase)
        };
        inc(a.1).total_cmp(&inc(b.1))
    });
    ok.into_iter()
        .take(n)
        .map(|(k, r)| (k.clone(), r.clone()))
        .collect()
}
