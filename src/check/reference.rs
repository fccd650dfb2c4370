//! The move term of a re-solve against a reference plan, recomputed (MODEL.md
//! "Re-solving against a reference plan").
//!
//! `M` is the set of scenario pupils that the reference proposal places (by
//! pupil id) at a school or AP provider (by id) that is still one of their
//! options; a proposal moves each pupil of `M` not placed at its reference
//! place. Written again here from MODEL.md, like the rest of the checker: the
//! model folds the term into its option costs instead.

use super::resolve::Placement;
use super::rules::is_option;
use super::Violation;
use crate::plan::{round, Plan, Proposal};
use crate::scenario::{Scenario, Target};
use std::collections::HashMap;

/// `R(p)` for each pupil of `M`, `None` for the others; indexed by pupil.
pub fn reference_places(sc: &Scenario, reference: &Plan, rank: usize) -> Vec<Option<Target>> {
    let Some(proposal) = reference.proposals.iter().find(|p| p.rank == rank) else {
        return vec![None; sc.pupils.len()];
    };
    let by_pupil: HashMap<&str, &str> = proposal
        .assignments
        .iter()
        .filter_map(|r| Some((r.pupil.as_str(), r.target_id()?)))
        .collect();
    sc.pupils
        .iter()
        .map(|p| {
            let t = sc.find_target(by_pupil.get(p.id.as_str())?)?;
            is_option(sc, p, t).then_some(t)
        })
        .collect()
}

/// The pupils (indices) that `placements` moves off `places`.
pub fn moved(places: &[Option<Target>], placements: &[Placement]) -> Vec<usize> {
    places
        .iter()
        .zip(placements)
        .enumerate()
        .filter(|(_, (r, place))| r.is_some_and(|r| **place != Some(r)))
        .map(|(k, _)| k)
        .collect()
}

/// Checks a proposal's `moves` block against the pupils it moves; returns the move cost.
pub fn check_moves(
    sc: &Scenario,
    proposal: &Proposal,
    moved: &[usize],
    out: &mut Vec<Violation>,
) -> f64 {
    let cost = sc.policy.weights.r#move * moved.len() as f64;
    let Some(m) = &proposal.moves else {
        out.push(Violation::MissingMoves);
        return cost;
    };
    let ids: Vec<&str> = moved.iter().map(|&k| sc.pupils[k].id.as_str()).collect();
    let listed: Vec<&str> = m.moved.iter().map(String::as_str).collect();
    let mut differ: Vec<String> = ids
        .iter()
        .filter(|i| !listed.contains(i))
        .chain(listed.iter().filter(|s| !ids.contains(s)))
        .map(|s| s.to_string())
        .collect();
    differ.sort();
    differ.dedup();
    if m.pupils_moved as usize != moved.len() || !differ.is_empty() {
        out.push(Violation::WrongMoves {
            stated: m.pupils_moved,
            recomputed: moved.len() as u32,
            differ,
        });
    }
    if !super::close(m.move_cost, cost) {
        out.push(Violation::WrongMoveCost {
            stated: m.move_cost,
            recomputed: round(cost),
        });
    }
    cost
}
