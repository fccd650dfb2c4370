//! Re-solving against the plan on the table (MODEL.md "Re-solving against a reference plan").
//!
//! In a meeting the panel changes a few things and re-solves; children nobody
//! discussed should not be shuffled for a small gain. A [`Reference`] is one
//! proposal of an earlier plan, by pupil id and place id; [`attach`] records
//! each pupil's reference place on the scenario ([`Pupil::reference`]), and
//! from then on the model charges `w.move` on every option but that place
//! (`crate::model::options::move_cost`). Everything downstream (proposals,
//! options, place values, the plan's `moves` block) sees the one objective.
//!
//! [`Pupil::reference`]: crate::scenario::Pupil::reference

use crate::plan::Plan;
use crate::scenario::issue::Issue;
use crate::scenario::{ReferencePlan, Scenario};
use std::collections::HashMap;

/// One proposal of a reference plan: where it placed each pupil, by id.
#[derive(Debug, Clone, PartialEq)]
pub struct Reference {
    /// SHA-256 of the reference plan file's bytes, lower-case hex.
    pub sha256: String,
    /// The rank of the proposal taken (1 = the best).
    pub proposal: usize,
    /// Pupil id → school or AP id (`None`: unplaced).
    places: HashMap<String, Option<String>>,
}

/// Why a reference plan cannot be used.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ReferenceError {
    /// The file is not a `fap-plan/1` plan.
    #[error("{0}")]
    Unreadable(Box<Issue>),
    /// No proposal of that rank.
    #[error("the reference plan has {available} proposal(s), so there is no proposal {asked}")]
    NoSuchProposal {
        /// The rank asked for.
        asked: usize,
        /// How many the plan has.
        available: usize,
    },
}

impl Reference {
    /// Proposal `proposal` of the plan file `bytes`.
    pub fn read(bytes: &[u8], proposal: usize) -> Result<Reference, ReferenceError> {
        let plan = crate::check::read_plan(bytes).map_err(ReferenceError::Unreadable)?;
        Reference::of_plan(&plan, crate::plan::sha256_hex(bytes), proposal)
    }

    /// Proposal `proposal` of a plan already read, whose file has SHA-256 `sha256`
    /// (for a plan held in memory, that of `crate::plan::to_json`'s bytes).
    pub fn of_plan(
        plan: &Plan,
        sha256: String,
        proposal: usize,
    ) -> Result<Reference, ReferenceError> {
        let p = plan.proposals.iter().find(|p| p.rank == proposal).ok_or(
            ReferenceError::NoSuchProposal {
                asked: proposal,
                available: plan.proposals.len(),
            },
        )?;
        let places = p
            .assignments
            .iter()
            .map(|r| (r.pupil.clone(), r.target_id().map(str::to_string)))
            .collect();
        Ok(Reference {
            sha256,
            proposal,
            places,
        })
    }

    /// Where the reference placed pupil `id`: `Some(Some(place))`, `Some(None)` for
    /// unplaced, `None` for a pupil it does not know (new since).
    pub fn place_of(&self, id: &str) -> Option<Option<&str>> {
        self.places.get(id).map(Option::as_deref)
    }
}

/// What [`attach`] matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Attached {
    /// Scenario pupils the reference placed at a school or AP provider the scenario has.
    pub placed: usize,
    /// Scenario pupils the reference does not know.
    pub new: usize,
}

/// Makes `r` the scenario's reference: each pupil's reference place, by id.
/// Places the scenario no longer has, and pupils the reference left unplaced
/// or does not know, carry no move term. Replaces any earlier reference.
pub fn attach(sc: &mut Scenario, r: &Reference) -> Attached {
    let mut seen = Attached::default();
    let places: Vec<_> = sc
        .pupils
        .iter()
        .map(|p| match r.place_of(&p.id) {
            None => {
                seen.new += 1;
                None
            }
            Some(place) => place.and_then(|id| sc.find_target(id)),
        })
        .collect();
    for (p, place) in sc.pupils.iter_mut().zip(places) {
        seen.placed += usize::from(place.is_some());
        p.reference = place;
    }
    sc.reference = Some(ReferencePlan {
        sha256: r.sha256.clone(),
        proposal: r.proposal,
    });
    seen
}
