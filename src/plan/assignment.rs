//! A plan's proposal read back against its scenario: the place of each pupil
//! as scenario indices, after checking that the proposal lists the scenario's
//! pupils in order and names only places the scenario has.
//!
//! Reports, sweeps and the server read plans through this one function. The
//! checker keeps its own reading (`crate::check`), to stay independent.

use super::Proposal;
use crate::scenario::{Scenario, Target};

/// Why a proposal does not fit the scenario.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Mismatch {
    /// A proposal does not list the scenario's pupils in order.
    #[error("proposal {rank}: assignment {index} is for pupil {found:?}, the scenario has {expected:?} there")]
    Pupil {
        /// Proposal rank.
        rank: usize,
        /// Position in the assignments.
        index: usize,
        /// Pupil id in the plan.
        found: String,
        /// Pupil id in the scenario.
        expected: String,
    },
    /// A proposal has a different number of assignments than the scenario has pupils.
    #[error("proposal {rank} has {found} assignments, the scenario has {expected} pupils")]
    Count {
        /// Proposal rank.
        rank: usize,
        /// Assignments in the plan.
        found: usize,
        /// Pupils in the scenario.
        expected: usize,
    },
    /// A placement names an id the scenario does not have.
    #[error("proposal {rank}: pupil {pupil:?} is placed at unknown id {id:?}")]
    UnknownPlace {
        /// Proposal rank.
        rank: usize,
        /// Pupil id.
        pupil: String,
        /// The unknown id.
        id: String,
    },
}

/// A proposal's assignment, checked against the scenario's pupils.
pub fn assignment(sc: &Scenario, p: &Proposal) -> Result<Vec<Option<Target>>, Mismatch> {
    if p.assignments.len() != sc.pupils.len() {
        return Err(Mismatch::Count {
            rank: p.rank,
            found: p.assignments.len(),
            expected: sc.pupils.len(),
        });
    }
    p.assignments
        .iter()
        .zip(&sc.pupils)
        .enumerate()
        .map(|(index, (r, pupil))| {
            if r.pupil != pupil.id {
                return Err(Mismatch::Pupil {
                    rank: p.rank,
                    index,
                    found: r.pupil.clone(),
                    expected: pupil.id.clone(),
                });
            }
            match r.target_id() {
                None => Ok(None),
                Some(id) => sc
                    .find_target(id)
                    .map(Some)
                    .ok_or_else(|| Mismatch::UnknownPlace {
                        rank: p.rank,
                        pupil: r.pupil.clone(),
                        id: id.to_string(),
                    }),
            }
        })
        .collect()
}
