//! The plan file, `fap-plan/1`: what `fap solve` writes and `fap check` reads.
//!
//! The full layout is documented in `docs/plan-format.md`. Serialisation types
//! live here, apart from the solver, so the checker and the reports can read a
//! plan without the model. Floats are rounded to fixed precision in one place
//! ([`round`]) so the same plan always has the same bytes.

mod assignment;
pub mod stamp;
pub mod support;

pub use assignment::{assignment, Mismatch};
pub use stamp::{generator, sha256_hex};

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The required value of `format`.
pub const FORMAT: &str = "fap-plan/1";

/// A plan file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    /// Always `fap-plan/1`.
    pub format: String,
    /// Which scenario this plan is for.
    pub scenario: ScenarioRef,
    /// What produced it.
    pub generator: Generator,
    /// The plan this one was re-solved against, if any (MODEL.md "Re-solving
    /// against a reference plan").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<ReferenceRecord>,
    /// Ranked proposals; rank 1 is optimal.
    pub proposals: Vec<Proposal>,
    /// Whole plans under other documented weightings (`--contrast`), for the
    /// panel to compare with proposal 1; not ranked proposals.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub contrasts: Vec<Contrast>,
    /// Per pupil decision support (options, explanations), when asked for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision_support: Option<support::DecisionSupport>,
}

/// A whole plan under another weighting (docs/plan-format.md, "Contrasts").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Contrast {
    /// `fair_shares_ignored` or `fairest_first`.
    pub style: String,
    /// What a panel reads, e.g. "fair shares ignored".
    pub label: String,
    /// The weights that differ from the scenario's, with their values.
    pub weights: BTreeMap<String, f64>,
    /// The plan: `objective` and `gap_to_best` under the scenario's own
    /// weights; `rank` is 1 (the optimum of its weighting).
    pub plan: Proposal,
}

/// The scenario a plan answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioRef {
    /// `meta.name`.
    pub name: String,
    /// SHA-256 of the scenario file's bytes, lower-case hex.
    pub sha256: String,
    /// Counts, for people reading the plan.
    pub pupils: usize,
    /// Number of schools.
    pub schools: usize,
    /// Number of AP providers.
    pub ap_providers: usize,
}

/// The audit record: enough to reproduce the plan byte for byte.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Generator {
    /// fap's version.
    pub fap_version: String,
    /// The git commit fap was built from (`unknown` outside a checkout).
    pub git_commit: String,
    /// Solver and version.
    pub solver: String,
    /// Every option that affects results.
    pub options: SolveOptionsRecord,
    /// Wall-clock seconds per stage; absent with `--no-timings`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timings: Option<BTreeMap<String, f64>>,
}

/// Options recorded in the plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SolveOptionsRecord {
    /// `--proposals`.
    pub proposals: usize,
    /// `--min-diff`.
    pub min_diff: usize,
    /// `--time-limit`, seconds.
    pub time_limit_s: Option<f64>,
    /// Relative MIP gap asked of the solver.
    pub mip_rel_gap: f64,
    /// `--options`: alternatives per pupil (0: none).
    #[serde(default)]
    pub options_per_pupil: usize,
}

/// One ranked whole plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Proposal {
    /// 1 = best.
    pub rank: usize,
    /// The objective (MODEL.md), recomputed exactly from the assignments.
    pub objective: f64,
    /// `optimal` or `time_limit`.
    pub status: String,
    /// The solver's relative MIP gap (0 when optimal).
    pub mip_gap: f64,
    /// objective − proposal 1's objective.
    pub gap_to_best: f64,
    /// Pupils whose placement differs from proposal 1.
    pub differs_from_best: Vec<String>,
    /// Under a reference plan: who moved off their reference placement, and what it cost.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub moves: Option<Moves>,
    /// One per pupil, in scenario order.
    pub assignments: Vec<AssignmentRecord>,
    /// Summary figures (docs/metrics.md).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metrics: Option<serde_json::Value>,
}

/// The reference plan of a re-solve.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReferenceRecord {
    /// SHA-256 of the reference plan file's bytes, lower-case hex.
    pub sha256: String,
    /// The rank of the reference plan's proposal that was on the table.
    pub proposal: usize,
    /// `w.move`, the cost of each move.
    pub move_weight: f64,
}

/// One proposal's moves off the reference plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Moves {
    /// `Σ_{p∈M} (1 − X[p,R(p)])`: pupils whose reference placement is still an
    /// option but who are placed elsewhere (or left unplaced).
    pub pupils_moved: u32,
    /// `w.move · pupils_moved`, included in `objective`.
    pub move_cost: f64,
    /// Their ids, in scenario order.
    pub moved: Vec<String>,
}

/// Where one pupil goes. Exactly one of `school`, `ap`, `unplaced`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AssignmentRecord {
    /// Pupil id.
    pub pupil: String,
    /// School id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub school: Option<String>,
    /// AP provider id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ap: Option<String>,
    /// Left unplaced this round.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unplaced: Option<bool>,
    /// Distance to the placement, km (absent when unplaced).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub km: Option<f64>,
    /// The placement's own cost c(p,t) or c_u(p).
    pub cost: f64,
}

impl AssignmentRecord {
    /// The id placed at, or `None` for unplaced.
    pub fn target_id(&self) -> Option<&str> {
        self.school.as_deref().or(self.ap.as_deref())
    }
}

/// Rounds for output: 6 decimals, and no negative zero.
pub fn round(x: f64) -> f64 {
    let r = (x * 1e6).round() / 1e6;
    if r == 0.0 {
        0.0
    } else {
        r
    }
}

/// Serialises a plan as pretty JSON with a trailing newline.
pub fn to_json(plan: &Plan) -> String {
    let mut s = serde_json::to_string_pretty(plan).expect("plan serialises");
    s.push('\n');
    s
}
