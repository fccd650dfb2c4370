//! Options per pupil (MODEL.md "What a solve returns", item 2): for each pupil,
//! the best alternatives to its placement in proposal 1, each re-optimised with
//! the pupil forced there.
//!
//! Which candidates are re-optimised: the pupil's `M = max(2N, N + 2)` options
//! of lowest direct cost `c(p,t)` other than its placement (ties broken by
//! target order: schools in file order, then AP providers), plus "unplaced"
//! unless the pupil is unplaced already or pinned. A pinned pupil has no
//! alternative: the panel has decided. Of the candidates, the `N` with the
//! smallest objective increase are kept (ties in candidate order); a candidate
//! no plan can reach (the forced program is infeasible) is dropped.
//!
//! The forced solves themselves are [`super::forced::ForcedSolver`]'s, shared with the
//! explanations so that no placement is re-optimised twice.
//!
//! Not every candidate needs its re-solve: the group's LP relaxation bounds
//! each one's increase from below for free ([`ForcedSolver::increase_bound`]).
//! The `N` candidates of least bound are re-optimised first ([`first`]); of
//! the rest, only those whose bound does not exceed the `N`-th best increase
//! found ([`still_open`]): the others' increases are larger than `N` found
//! ones, so they cannot be listed, and the alternatives are those of
//! re-optimising every candidate. Two fixed rounds keep the result
//! independent of the number of threads.

use super::forced::{ForcedPlan, ForcedSolver, Place};
use crate::model::{Assignment, Options};
use crate::scenario::{PupilIdx, Scenario};
use crate::solve::SolveError;
use std::collections::BTreeMap;

/// `M`: how many of a pupil's options are re-optimised for `n` alternatives.
pub fn candidates_for(n: usize) -> usize {
    if n == 0 {
        0
    } else {
        (2 * n).max(n + 2)
    }
}

/// The placements re-optimised for pupil `p`, in candidate order: its `M`
/// cheapest options other than `base[p]`, then unplaced (see the module docs).
pub fn candidates(
    sc: &Scenario,
    opts: &Options,
    base: &Assignment,
    p: PupilIdx,
    n: usize,
) -> Vec<Place> {
    let pupil = &sc.pupils[p as usize];
    if n == 0 || pupil.pinned.is_some() {
        return Vec::new();
    }
    let current = base[p as usize];
    let mut own: Vec<_> = opts.per_pupil[p as usize]
        .iter()
        .filter(|o| Some(o.target) != current)
        .collect();
    own.sort_by(|a, b| a.cost.total_cmp(&b.cost).then(a.target.cmp(&b.target)));
    let mut out: Vec<Place> = own
        .into_iter()
        .take(candidates_for(n))
        .map(|o| Some(o.target))
        .collect();
    if current.is_some() {
        out.push(None);
    }
    out
}

/// The candidates of pupil `p` to re-optimise first: the `n` whose increase
/// has the least lower bound (none known counts as least), ties in candidate
/// order.
pub fn first(forced: &ForcedSolver, p: PupilIdx, cands: &[Place], n: usize) -> Vec<Place> {
    let mut by_bound: Vec<(f64, usize)> = cands
        .iter()
        .enumerate()
        .map(|(i, &t)| (forced.increase_bound(p, t).unwrap_or(f64::NEG_INFINITY), i))
        .collect();
    by_bound.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    by_bound.iter().take(n).map(|&(_, i)| cands[i]).collect()
}

/// The candidates of pupil `p` not in `solved` that could still be among its
/// `n` best: all while fewer than `n` plans were found, then those whose
/// bound does not exceed the `n`-th smallest increase found (less a margin
/// for rounding in the bound).
pub fn still_open(
    forced: &ForcedSolver,
    p: PupilIdx,
    cands: &[Place],
    n: usize,
    solved: &BTreeMap<(PupilIdx, Place), Result<ForcedPlan, SolveError>>,
) -> Vec<Place> {
    let mut found: Vec<f64> = cands
        .iter()
        .filter_map(|&t| solved.get(&(p, t))?.as_ref().ok())
        .map(|f| f.increase)
        .collect();
    found.sort_by(f64::total_cmp);
    let nth = found.get(n.max(1) - 1).copied();
    cands
        .iter()
        .copied()
        .filter(|&t| !solved.contains_key(&(p, t)))
        .filter(|&t| match (nth, forced.increase_bound(p, t)) {
            (Some(nth), Some(bound)) => bound <= nth + 1e-6 * nth.abs().max(1.0),
            _ => true,
        })
        .collect()
}

/// One pupil's alternatives.
#[derive(Debug, Clone, PartialEq)]
pub struct PupilAlternatives {
    /// The pupil.
    pub pupil: PupilIdx,
    /// How many candidates there were (re-optimised, or ruled out by their
    /// bound, [`still_open`]).
    pub considered: usize,
    /// At most `N`, smallest increase first.
    pub alternatives: Vec<ForcedPlan>,
}

/// Pupil `p`'s alternatives among its `considered` candidates from the
/// forced solves of those that needed one ([`still_open`]; any order): the
/// `n` with the smallest increase, ties in the order given. Candidates no
/// plan can reach (infeasible, or none found in the time limit) are dropped;
/// other solver failures are returned.
pub fn pick<'a>(
    p: PupilIdx,
    n: usize,
    considered: usize,
    solved: impl IntoIterator<Item = &'a Result<ForcedPlan, SolveError>>,
) -> Result<PupilAlternatives, SolveError> {
    let mut found = Vec::new();
    for r in solved {
        match r {
            Ok(f) => found.push(f.clone()),
            Err(SolveError::Infeasible | SolveError::NoPlanInTime) => {}
            Err(e) => return Err(e.clone()),
        }
    }
    found.sort_by(|a, b| a.increase.total_cmp(&b.increase)); // stable: ties keep order
    found.truncate(n);
    Ok(PupilAlternatives {
        pupil: p,
        considered,
        alternatives: found,
    })
}
