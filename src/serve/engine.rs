//! The one place the server calls the library's solver: validate, solve,
//! decision support. Every front end goes through the same pipeline, so a
//! round uploaded here gives the same plan bytes as `fap solve
//! --no-timings`. (Scenario changes go through [`crate::edit`], decisions
//! through [`crate::decisions`].)

use crate::limits::Limits;
use crate::pipeline::{self, Settings};
use crate::plan::support::DecisionSupport;
use crate::plan::Plan;
use crate::scenario::{Issue, Scenario};

/// Alternatives per pupil shown on the board.
pub const OPTIONS: usize = 3;

/// Reads scenario bytes: the scenario, or every issue found.
pub fn load(bytes: &[u8], limits: &Limits) -> Result<(Scenario, Vec<Issue>), Vec<Issue>> {
    let loaded = crate::validate::load_bytes_within(bytes, Some(limits));
    match loaded.scenario {
        Some(sc) if !loaded.has_errors() => Ok((sc, loaded.issues)),
        _ => Err(loaded.issues),
    }
}

/// `fap solve`'s settings (one proposal, no timings) with the server's limits.
fn settings(limits: &Limits) -> Settings {
    Settings {
        limits: limits.clone(),
        ..Settings::default()
    }
}

/// Solves a scenario through the library pipeline (as `fap solve
/// --no-timings`), against the plan on the table when one is given
/// (MODEL.md: untouched children stay put): the plan file's bytes.
pub fn solve(bytes: &[u8], reference: Option<&[u8]>, limits: &Limits) -> Result<Vec<u8>, String> {
    let (mut sc, _) = load(bytes, limits).map_err(|_| "the scenario is not valid".to_string())?;
    if let Some(r) = reference {
        let r = crate::reference::Reference::read(r, 1).map_err(|e| e.to_string())?;
        crate::reference::attach(&mut sc, &r);
    }
    let sha = crate::plan::sha256_hex(bytes);
    let solution = pipeline::solve(&sc, sha, &settings(limits)).map_err(|e| e.to_string())?;
    Ok(crate::plan::to_json(&solution.plan).into_bytes())
}

/// Alternatives, explanations and place values around a plan's proposal 1
/// (the pipeline's decision support, as `fap report` computes it).
pub fn support(sc: &Scenario, plan: &Plan, limits: &Limits) -> Result<DecisionSupport, String> {
    let mut plan = plan.clone();
    pipeline::attach_support(sc, &mut plan, OPTIONS, &settings(limits))
        .map_err(|e| e.to_string())?;
    plan.decision_support
        .ok_or_else(|| "the pipeline returned no decision support".to_string())
}
