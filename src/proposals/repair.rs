//! The warm start of a forced re-solve: proposal 1 with one pupil moved and
//! the least repair that makes it a plan again.
//!
//! It is the start HiGHS searches from, the plan a held LP's search must
//! beat, and, past the time limit, the alternative itself; so it must be
//! cheap (tens of thousands per large round): it is kept as moves from the
//! base plan over a copy-on-write [`Occupancy`], never a full assignment.

use super::forced::{Move, Place};
use super::room::{self, Occupancy};
use crate::model::options::unplaced_cost;
use crate::model::{Assignment, Options};
use crate::scenario::{PupilIdx, Scenario, Target};

/// A feasible plan with `pupil` at `place`, as a warm start, as its moves
/// from the base plan (whose occupancy is `occupancy`), in pupil order: the
/// pupil moved and, while that overfills the target, one holder of a
/// contested place moved out to its cheapest option with room (or left
/// unplaced), choosing the holder whose move costs least (ties: the highest
/// index; never a pinned pupil). `None` when no such repair exists.
pub fn warm_start(
    sc: &Scenario,
    opts: &Options,
    base: &Assignment,
    occupancy: &Occupancy,
    pupil: PupilIdx,
    place: Place,
) -> Option<Vec<Move>> {
    let from = base[pupil as usize];
    let mut occ = occupancy.clone();
    occ.moved(pupil, from, None);
    let mut moves = vec![Move {
        pupil,
        from,
        to: place,
    }];
    if let Some(t) = place {
        while let Some(full) = room::full(sc, &occ, pupil, t) {
            let (victim, to) = full
                .holders
                .iter()
                .filter(|&&q| sc.pupils[q as usize].pinned.is_none())
                .map(|&q| (q, relocation(sc, opts, &occ, q, t)))
                .min_by(|x, y| x.1 .1.total_cmp(&y.1 .1).then(y.0.cmp(&x.0)))
                .map(|(q, (to, _))| (q, to))?;
            occ.moved(victim, Some(t), to);
            moves.push(Move {
                pupil: victim,
                from: Some(t),
                to,
            });
        }
    }
    moves.retain(|m| m.from != m.to);
    moves.sort_by_key(|m| m.pupil);
    Some(moves)
}

/// Where to move pupil `q` out of `from` in plan `a`: its cheapest other
/// option with room, or unplaced; with the change in its own cost.
fn relocation(
    sc: &Scenario,
    opts: &Options,
    occ: &Occupancy,
    q: PupilIdx,
    from: Target,
) -> (Place, f64) {
    let p = &sc.pupils[q as usize];
    let here = opts.find(q, from).map_or(0.0, |o| o.cost);
    let mut best = (None, unplaced_cost(sc, p) - here);
    for o in &opts.per_pupil[q as usize] {
        if o.target != from && o.cost - here < best.1 && room::full(sc, occ, q, o.target).is_none()
        {
            best = (Some(o.target), o.cost - here);
        }
    }
    best
}
