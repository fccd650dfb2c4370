//! The `decision_support` block of a plan: per-pupil alternatives and
//! explanations, and place values (docs/decision-support.md).
//!
//! Serialisation types only, like the rest of [`crate::plan`]: they are
//! written by `fap solve --options N` / `--report` and read by `fap report`,
//! which renders them without re-solving. A placement is a school or AP id,
//! or `null` for unplaced (ids share one namespace, so an id says which).

use serde::{Deserialize, Serialize};

/// Everything the panel needs besides the proposals themselves.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DecisionSupport {
    /// `--options N`: alternatives kept per pupil.
    pub options_per_pupil: usize,
    /// `M`: options of lowest direct cost re-optimised per pupil (plus unplaced).
    pub candidates_per_pupil: usize,
    /// One per pupil, in scenario order, about proposal 1.
    pub pupils: Vec<PupilSupport>,
    /// One per candidate place, largest decrease first.
    pub place_values: Vec<PlaceValueRecord>,
}

/// The `status` of an alternative or place value whose re-solve stopped at
/// the time limit (the plan format's word, as for proposals).
pub const TIME_LIMITED: &str = "time_limit";

impl DecisionSupport {
    /// How many alternatives and place values stopped at the time limit
    /// (their figures are the best plan found, not a proven best).
    pub fn time_limited(&self) -> usize {
        let limited = |s: &str| s == TIME_LIMITED;
        let alternatives = self.pupils.iter().flat_map(|p| &p.alternatives);
        alternatives.filter(|a| limited(&a.status)).count()
            + self
                .place_values
                .iter()
                .filter(|v| limited(&v.status))
                .count()
    }
}

/// One pupil's placement in proposal 1, why, and its alternatives.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PupilSupport {
    /// Pupil id.
    pub pupil: String,
    /// School or AP id, `null` for unplaced.
    pub place: Option<String>,
    /// c(p,t) or c_u(p).
    pub cost: f64,
    /// The cost's non-zero terms (MODEL.md names; `unplaced` for c_u).
    pub cost_terms: Vec<CostTerm>,
    /// The kind of reason: `first_preference`, `no_preferences`,
    /// `not_an_option`, `full`, `dearer`, `no_option`, `all_full`, `unplaced_dearer`.
    pub reason: String,
    /// The explanation in plain English, one sentence per entry.
    pub explanation: Vec<String>,
    /// How many placements were re-optimised for the alternatives.
    pub alternatives_considered: usize,
    /// At most `options_per_pupil`, smallest increase first.
    pub alternatives: Vec<Alternative>,
}

/// One named cost term.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CostTerm {
    /// Name, as in MODEL.md.
    pub term: String,
    /// Value (bonuses negative).
    pub value: f64,
}

/// The optimum with the pupil forced to another placement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Alternative {
    /// School or AP id, `null` for unplaced.
    pub place: Option<String>,
    /// Distance, km (absent when unplaced).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub km: Option<f64>,
    /// The pupil's own cost there.
    pub cost: f64,
    /// The objective of the forced optimum.
    pub objective: f64,
    /// `objective` − proposal 1's objective.
    pub increase: f64,
    /// `optimal` or `time_limit`.
    pub status: String,
    /// The other pupils who would move.
    pub knock_on: Vec<MoveRecord>,
}

/// A pupil placed differently from proposal 1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MoveRecord {
    /// Pupil id.
    pub pupil: String,
    /// Placement in proposal 1 (`null`: unplaced).
    pub from: Option<String>,
    /// Placement in the other plan (`null`: unplaced).
    pub to: Option<String>,
}

/// The value of one more place where proposal 1 is full.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlaceValueRecord {
    /// School id (with `year_group`), or absent for an AP provider.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub school: Option<String>,
    /// Year group of the extra school place.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year_group: Option<String>,
    /// AP provider id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ap: Option<String>,
    /// Optimum with the extra place.
    pub objective: f64,
    /// Proposal 1's objective minus `objective`.
    pub objective_decrease: f64,
    /// `optimal` or `time_limit`.
    pub status: String,
    /// Above-PAN places used: with the extra place minus proposal 1.
    pub above_pan_change: i64,
    /// Pupils placed differently with the extra place.
    pub moves: Vec<MoveRecord>,
    /// How the place was made, where not by one fewer on roll (e.g. "no PAN
    /// in this year group").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The finding in plain English.
    pub summary: String,
}
