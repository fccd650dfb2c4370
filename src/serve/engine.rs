//! The one place the server calls the library: validate, solve, decision
//! support. Every front end goes through the same pipeline, so a round
//! uploaded here gives the same plan bytes as `fap solve --no-timings`.

use crate::limits::Limits;
use crate::plan::support::DecisionSupport;
use crate::plan::Plan;
use crate::scenario::{Issue, Scenario};

/// Alternatives per pupil shown on the board.
pub const OPTIONS: usize = 3;

/// Reads scenario bytes: the scenario, or every issue found.
pub fn load(bytes: &[u8], limits: &Limits) -> Result<(Scenario, Vec<Issue>), Vec<Issue>> {
    let loaded = crate::scenario::load_bytes_within(bytes, Some(limits));
    match loaded.scenario {
        Some(sc) if !loaded.has_errors() => Ok((sc, loaded.issues)),
        _ => Err(loaded.issues),
    }
}

/// Solves a scenario (one proposal, no timings): the plan file's bytes.
pub fn solve(bytes: &[u8], limits: &Limits) -> Result<Vec<u8>, String> {
    let (sc, _) = load(bytes, limits).map_err(|_| "the scenario is not valid".to_string())?;
    let settings = crate::solve::SolveSettings::default();
    let opts = limits.options(&sc).map_err(|i| i.to_string())?;
    let ranked = crate::proposals::rank(&sc, &opts, &settings, 1, 1).map_err(|e| e.to_string())?;
    let record = crate::plan::SolveOptionsRecord {
        proposals: 1,
        min_diff: 1,
        time_limit_s: None,
        mip_rel_gap: settings.mip_rel_gap,
        options_per_pupil: 0,
    };
    let generator =
        crate::plan::make::generator(crate::solve::solver_name(settings.backend), record, None);
    let sha = crate::plan::make::sha256_hex(bytes);
    let plan = crate::plan::make::make(&sc, sha, &ranked, generator);
    Ok(crate::plan::to_json(&plan).into_bytes())
}

/// Alternatives, explanations and place values around a plan's proposal 1.
pub fn support(sc: &Scenario, plan: &Plan, limits: &Limits) -> Result<DecisionSupport, String> {
    let first = plan.proposals.first().ok_or("the plan has no proposal")?;
    let base = crate::report::assignment(sc, first).map_err(|e| e.to_string())?;
    let opts = limits.options(sc).map_err(|i| i.to_string())?;
    let settings = crate::solve::SolveSettings::default();
    let s = crate::proposals::support::compute(sc, &opts, &base, OPTIONS, &settings)
        .map_err(|e| e.to_string())?;
    Ok(crate::proposals::support::record(sc, &s))
}
