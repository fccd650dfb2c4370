//! Shared by the `model_*` integration tests: the scenario generator, the
//! brute-force oracle, and solving helpers.
//!
//! Each `tests/model_*.rs` module uses a different part.

pub mod brute;
pub mod gen;
pub mod hand;

use fap::scenario::Scenario;
use fap::solve::{SolveSettings, Solved};

/// MODEL.md: objectives agree within 1e-6 relative (absolute near zero).
pub fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-6 * a.abs().max(b.abs()).max(1.0)
}

/// Solves with the default backend (HiGHS) and default settings.
pub fn solve_default(sc: &Scenario) -> Solved {
    solve_with(sc, &SolveSettings::default())
}

/// Solves with the given settings; panics on a solver error (every generated
/// scenario has a plan: leaving everyone unpinned unplaced is one).
/// Every such solve goes through the independent checker.
pub fn solve_with(sc: &Scenario, settings: &SolveSettings) -> Solved {
    crate::common::solve_checked(sc, settings)
}

/// Loads scenario JSON that must be valid.
pub fn load(json: &str) -> Scenario {
    let loaded = fap::validate::load_bytes(json.as_bytes());
    match loaded.scenario {
        Some(sc) => sc,
        None => panic!("scenario does not load: {:#?}", loaded.issues),
    }
}
