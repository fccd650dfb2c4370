//! A round read back from the store for showing: its state, the scenario
//! the next solve uses, and the plan on the table with its decision support
//! (empty until computed) merged in, ready for [`crate::report::Pack`], and
//! the decisions log.

use super::actions::{round, Failure};
use super::store::RoundState;
use super::AppState;
use crate::plan::support::DecisionSupport;
use crate::plan::Plan;
use crate::scenario::Scenario;
use axum::http::StatusCode;

/// A round as the pages show it.
pub struct View {
    /// The round id.
    pub id: String,
    /// Its state.
    pub rs: RoundState,
    /// The scenario of the plan on the table (or the round's, before any solve).
    pub sc: Scenario,
    /// The plan on the table, decision support merged in.
    pub plan: Option<Plan>,
    /// The round's decisions log (the year's, as of this round).
    pub log: crate::decisions::Log,
}

fn broken(e: impl std::fmt::Display) -> Failure {
    Failure::new(
        StatusCode::INTERNAL_SERVER_ERROR,
        format!("the round's files cannot be read: {e}"),
    )
}

/// Reads a scenario file of the round.
pub fn scenario(st: &AppState, id: &str, file: &str) -> Result<Scenario, Failure> {
    let bytes = st.store.read(id, file).map_err(broken)?;
    super::engine::load(&bytes, &st.limits)
        .map(|(sc, _)| sc)
        .map_err(|_| broken("a stored scenario no longer validates"))
}

/// Plan number `index` (0-based) of the round, support merged in.
pub fn plan(st: &AppState, id: &str, rs: &RoundState, index: usize) -> Result<Plan, Failure> {
    let e = rs
        .plans
        .get(index)
        .ok_or_else(|| Failure::new(StatusCode::NOT_FOUND, "no such plan"))?;
    let bytes = st.store.read(id, &e.plan).map_err(broken)?;
    let mut plan: Plan = serde_json::from_slice(&bytes).map_err(broken)?;
    let support = match &e.support {
        Some(f) => {
            serde_json::from_slice(&st.store.read(id, f).map_err(broken)?).map_err(broken)?
        }
        None => DecisionSupport {
            options_per_pupil: 0,
            candidates_per_pupil: 0,
            pupils: Vec::new(),
            place_values: Vec::new(),
        },
    };
    plan.decision_support = Some(support);
    Ok(plan)
}

/// The round with the plan on the table.
pub fn load(st: &AppState, id: &str) -> Result<View, Failure> {
    let rs = round(st, id)?;
    let (sc_file, plan) = match rs.current {
        Some(i) => (rs.plans[i].scenario.clone(), Some(plan(st, id, &rs, i)?)),
        None => (rs.scenario.clone(), None),
    };
    let sc = scenario(st, id, &sc_file)?;
    let (_, log) = st.store.read_log(id).map_err(broken)?;
    Ok(View {
        id: id.to_string(),
        rs,
        sc,
        plan,
        log,
    })
}
