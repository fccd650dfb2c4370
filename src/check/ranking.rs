//! Checks across proposals (MODEL.md "What a solve returns", 1. Ranked proposals).
//!
//! Ranks are 1, 2, … in list order and objectives do not decrease; each
//! proposal's `gap_to_best` and `differs_from_best` describe it against
//! proposal 1; and every two proposals differ in the placement of at least
//! `generator.options.min_diff` pupils. Objectives used here are the checker's
//! own recomputations, so a wrong stated objective is reported once, not again
//! as a wrong gap.

use super::objective::TOLERANCE;
use super::resolve::Resolved;
use super::Violation;
use crate::plan::{round, Proposal};
use crate::scenario::Scenario;
use std::collections::BTreeSet;

/// What the cross-proposal checks need of each proposal.
pub struct Checked<'a> {
    /// The proposal as written.
    pub proposal: &'a Proposal,
    /// Its placements.
    pub resolved: &'a Resolved,
    /// Its recomputed objective (`None` if the assignments are incomplete).
    pub objective: Option<f64>,
}

/// Runs every cross-proposal check; each violation comes with its proposal's 0-based position.
pub fn check(sc: &Scenario, ps: &[Checked], min_diff: usize) -> Vec<(usize, Violation)> {
    let mut out = Vec::new();
    for (i, c) in ps.iter().enumerate() {
        if c.proposal.rank != i + 1 {
            out.push((
                i,
                Violation::WrongRank {
                    stated: c.proposal.rank,
                    expected: i + 1,
                },
            ));
        }
        if !matches!(c.proposal.status.as_str(), "optimal" | "time_limit") {
            out.push((
                i,
                Violation::UnknownStatus {
                    status: c.proposal.status.clone(),
                },
            ));
        }
        if i > 0 {
            out.extend(order(&ps[i - 1], c, i).map(|v| (i, v)));
        }
        out.extend(against_best(sc, &ps[0], c).into_iter().map(|v| (i, v)));
        for (j, earlier) in ps[..i].iter().enumerate() {
            if let Some(differ) = differing(earlier.resolved, c.resolved) {
                if differ.len() < min_diff {
                    let differ = differ.len();
                    let other = j + 1;
                    out.push((
                        i,
                        Violation::TooSimilar {
                            other,
                            differ,
                            min_diff,
                        },
                    ));
                }
            }
        }
    }
    out
}

/// The objective does not decrease from one proposal to the next.
fn order(prev: &Checked, c: &Checked, i: usize) -> Option<Violation> {
    let (a, b) = (prev.objective?, c.objective?);
    (b < a - TOLERANCE * a.abs().max(b.abs()).max(1.0)).then(|| Violation::RankOrder {
        objective: round(b),
        previous: i,
        previous_objective: round(a),
    })
}

/// `gap_to_best` and `differs_from_best` against proposal 1.
fn against_best(sc: &Scenario, best: &Checked, c: &Checked) -> Vec<Violation> {
    let mut out = Vec::new();
    if let (Some(b), Some(o)) = (best.objective, c.objective) {
        let gap = o - b;
        let scale = b.abs().max(o.abs()).max(1.0);
        if (c.proposal.gap_to_best - gap).abs() > TOLERANCE * scale {
            out.push(Violation::WrongGap {
                stated: c.proposal.gap_to_best,
                recomputed: round(gap),
            });
        }
    }
    if let Some(expected) = differing(best.resolved, c.resolved) {
        let expected: Vec<&str> = expected.iter().map(|&i| sc.pupils[i].id.as_str()).collect();
        let stated: Vec<&str> = c
            .proposal
            .differs_from_best
            .iter()
            .map(String::as_str)
            .collect();
        if stated != expected {
            out.push(wrong_differs(&expected, &stated));
        }
    }
    out
}

fn wrong_differs(expected: &[&str], stated: &[&str]) -> Violation {
    let exp: BTreeSet<&str> = expected.iter().copied().collect();
    let listed: BTreeSet<&str> = stated.iter().copied().collect();
    let mut seen = BTreeSet::new();
    let missing = expected.iter().filter(|p| !listed.contains(*p));
    // Listed wrongly: not placed differently, or listed a second time.
    let extra = stated
        .iter()
        .filter(|p| !exp.contains(*p) || !seen.insert(**p));
    Violation::WrongDiffers {
        missing: missing.map(|s| s.to_string()).collect(),
        extra: extra.map(|s| s.to_string()).collect(),
    }
}

/// Pupils (scenario indices, in order) placed differently in two complete proposals.
fn differing(a: &Resolved, b: &Resolved) -> Option<Vec<usize>> {
    if !(a.complete && b.complete) {
        return None;
    }
    let pairs = a.placements.iter().zip(&b.placements).enumerate();
    Some(pairs.filter(|(_, (x, y))| x != y).map(|(i, _)| i).collect())
}
