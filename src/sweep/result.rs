//! What a sweep writes per variant and per run: `fap-sweep-result/1` and
//! `fap-sweep-manifest/1` (documented in `docs/sweep-format.md`).
//!
//! A variant's result file is written last, atomically, once its scenario and
//! plan are on disk: it is the mark that the variant is done, and it carries the
//! SHA-256 of the variant's scenario and the solve settings, so `--resume` can
//! tell a finished variant from a stale one. Results hold no run time, thread or
//! shard, so they are the same bytes however the sweep was run; the report is
//! made from result files read back, never from values in memory, so a single
//! run, a resumed one and a merge of shards produce the same report.

use crate::plan::round;
use crate::proposals::metrics::Metrics;
use serde::{Deserialize, Serialize};

/// `format` of a result file.
pub const RESULT_FORMAT: &str = "fap-sweep-result/1";
/// `format` of a manifest.
pub const MANIFEST_FORMAT: &str = "fap-sweep-manifest/1";

/// How a variant ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Solved to proven optimality.
    Optimal,
    /// Stopped by the time limit with a plan.
    TimeLimit,
    /// The patched scenario is not valid (or the patch cannot be applied).
    Invalid,
    /// The solver failed or found no plan in time.
    Failed,
}

impl Outcome {
    /// `optimal`, `time_limit`, `invalid`, `failed`.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Optimal => "optimal",
            Outcome::TimeLimit => "time_limit",
            Outcome::Invalid => "invalid",
            Outcome::Failed => "failed",
        }
    }
    /// Has the variant a plan?
    pub fn has_plan(self) -> bool {
        matches!(self, Outcome::Optimal | Outcome::TimeLimit)
    }
}

/// Solve settings that change results: a result with other settings is stale.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// Solver and version.
    pub solver: String,
    /// Per variant time limit, seconds.
    pub time_limit_s: Option<f64>,
    /// Relative MIP gap.
    pub mip_rel_gap: f64,
}

/// The figures the report compares (docs/metrics.md), rounded for stable bytes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Summary {
    /// Pupils in the variant.
    pub pupils: usize,
    /// Unplaced pupils.
    pub unplaced: usize,
    /// Unplaced FAP pupils.
    pub unplaced_fap: usize,
    /// Mean distance of placed pupils, km.
    pub mean_km: f64,
    /// Largest distance, km.
    pub max_km: f64,
    /// Largest FAP load ÷ fair share.
    pub max_load_ratio: f64,
    /// Gini of load ÷ share.
    pub gini_load_ratio: f64,
    /// Places used above PAN.
    pub above_pan_places: u32,
    /// FAP placements over the cap.
    pub over_cap_placements: u32,
    /// Pupils placed at their first preference.
    pub first_preference: usize,
    /// Pupils who gave preferences.
    pub with_preferences: usize,
    /// first_preference ÷ with_preferences (0 when nobody gave preferences).
    pub first_preference_rate: f64,
}

impl Summary {
    /// The summary of a plan's metrics.
    pub fn of(m: &Metrics) -> Summary {
        let rate = if m.with_preferences == 0 {
            0.0
        } else {
            m.first_preference as f64 / m.with_preferences as f64
        };
        Summary {
            pupils: m.pupils,
            unplaced: m.unplaced,
            unplaced_fap: m.unplaced_fap,
            mean_km: round(m.mean_km),
            max_km: round(m.max_km),
            max_load_ratio: round(m.max_load_ratio),
            gini_load_ratio: round(m.gini_load_ratio),
            above_pan_places: m.above_pan_places,
            over_cap_placements: m.over_cap_placements,
            first_preference: m.first_preference,
            with_preferences: m.with_preferences,
            first_preference_rate: round(rate),
        }
    }
}

/// Why a variant has no plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Failure {
    /// One line.
    pub message: String,
    /// Validation errors of the patched scenario (at most 20), as `fap validate` prints them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub issues: Vec<String>,
}

/// One variant's result: `variants/<stem>.result.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VariantResult {
    /// Always `fap-sweep-result/1`.
    pub format: String,
    /// The variant's name.
    pub variant: String,
    /// SHA-256 of the variant's scenario file (absent when the patch failed).
    pub scenario_sha256: Option<String>,
    /// Settings it was solved with.
    pub settings: Settings,
    /// How it ended.
    pub status: Outcome,
    /// The objective (absent without a plan).
    pub objective: Option<f64>,
    /// The solver's relative gap (absent without a plan).
    pub mip_gap: Option<f64>,
    /// Warnings of the variant's scenario.
    pub warnings: usize,
    /// The figures (absent without a plan).
    pub metrics: Option<Summary>,
    /// Why there is no plan.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failure: Option<Failure>,
}

impl VariantResult {
    /// Pretty JSON with a trailing newline.
    pub fn to_json(&self) -> Vec<u8> {
        to_json(self)
    }
}

/// One variant of the manifest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ManifestVariant {
    /// Its name.
    pub name: String,
    /// Its file stem under `variants/`.
    pub stem: String,
    /// For one of several draws of a perturbation: the name the draws share.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub draws_of: Option<String>,
}

/// Which slice of the variants a run solved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Shard {
    /// 1-based shard number.
    pub index: usize,
    /// Number of shards.
    pub count: usize,
}

impl Shard {
    /// Does variant `i` (0-based, base = 0) belong to this shard?
    pub fn owns(self, i: usize) -> bool {
        i % self.count == self.index - 1
    }
}

/// The list of a sweep's variants: `manifest.json` in the output directory.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// Always `fap-sweep-manifest/1`.
    pub format: String,
    /// The sweep's title.
    pub name: String,
    /// SHA-256 of the sweep file and base scenario.
    pub sweep_sha256: String,
    /// The fap build (version and git commit): shards of different builds are not merged.
    pub fap: String,
    /// Settings of every variant's solve.
    pub settings: Settings,
    /// The shard this directory holds; absent for a whole sweep.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shard: Option<Shard>,
    /// Every variant of the sweep, in order (base first).
    pub variants: Vec<ManifestVariant>,
}

impl Manifest {
    /// Pretty JSON with a trailing newline.
    pub fn to_json(&self) -> Vec<u8> {
        to_json(self)
    }
}

fn to_json<T: Serialize>(v: &T) -> Vec<u8> {
    let mut b = serde_json::to_vec_pretty(v).expect("result types serialise");
    b.push(b'\n');
    b
}
