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

use super::forced::{ForcedPlan, Place};
use crate::model::{Assignment, Options};
use crate::scenario::{PupilIdx, Scenario};
use crate::solve::SolveError;

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

/// One pupil's alternatives.
#[derive(Debug, Clone, PartialEq)]
pub struct PupilAlternatives {
    /// The pupil.
    pub pupil: PupilIdx,
    /// How many placements were re-optimised.
    pub considered: usize,
    /// At most `N`, smallest increase first.
    pub alternatives: Vec<ForcedPlan>,
}

/// Pupil `p`'s alternatives from the forced solves of its candidates (any
/// order): the `n` with the smallest increase, ties in the order given.
/// Candidates no plan can reach (infeasible, or none found in the time
/// limit) are dropped; other solver failures are returned.
pub fn pick<'a>(
    p: PupilIdx,
    n: usize,
    solved: impl IntoIterator<Item = &'a Result<ForcedPlan, SolveError>>,
) -> Result<PupilAlternatives, SolveError> {
    let mut considered = 0;
    let mut found = Vec::new();
    for r in solved {
        considered += 1;
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
