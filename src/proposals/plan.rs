//! Assembling a `fap-plan/1` [`Plan`] from ranked proposals.
//!
//! It lives with the proposals, not in [`crate::plan`], so that the plan format
//! stays a leaf over the scenario types that the checker can read without
//! the model (the dependency runs proposals → plan, never back).

use super::{metrics, Ranked};
use crate::model::options::{cost_terms, moved, unplaced_own_cost};
use crate::plan::{
    round, AssignmentRecord, Generator, Moves, Plan, Proposal, ReferenceRecord, ScenarioRef, FORMAT,
};
use crate::scenario::{Scenario, Target};
use crate::solve::Solved;

/// The plan of ranked proposals.
pub fn make(sc: &Scenario, sha256: String, ranked: &Ranked, generator: Generator) -> Plan {
    let best = &ranked.proposals[0];
    let proposals = ranked
        .proposals
        .iter()
        .enumerate()
        .map(|(i, s)| proposal(sc, i + 1, s, best))
        .collect();
    Plan {
        format: FORMAT.to_string(),
        scenario: ScenarioRef {
            name: sc.name.clone(),
            sha256,
            pupils: sc.pupils.len(),
            schools: sc.schools.len(),
            ap_providers: sc.aps.len(),
        },
        generator,
        reference: sc.reference.as_ref().map(|r| ReferenceRecord {
            sha256: r.sha256.clone(),
            proposal: r.proposal,
            move_weight: sc.policy.weights.r#move,
        }),
        proposals,
        contrasts: Vec::new(),
        decision_support: None,
    }
}

/// A solved plan as a proposal of `rank`, compared with `best` (proposal 1).
pub fn proposal(sc: &Scenario, rank: usize, s: &Solved, best: &Solved) -> Proposal {
    let assignments = sc
        .pupils
        .iter()
        .zip(&s.assignment)
        .map(|(p, place)| record(sc, p, *place))
        .collect();
    let differs = sc
        .pupils
        .iter()
        .zip(s.assignment.iter().zip(&best.assignment))
        .filter(|(_, (a, b))| a != b)
        .map(|(p, _)| p.id.clone())
        .collect();
    let m = metrics::compute(sc, &s.assignment);
    Proposal {
        rank,
        objective: round(s.objective),
        status: s.status.as_str().to_string(),
        mip_gap: round(s.mip_gap),
        gap_to_best: round(s.objective - best.objective),
        differs_from_best: differs,
        moves: sc.reference.is_some().then(|| moves(sc, &s.assignment)),
        assignments,
        metrics: Some(round_json(
            serde_json::to_value(m).expect("metrics serialise"),
        )),
    }
}

/// Who moved off the reference plan, and the cost.
pub fn moves(sc: &Scenario, a: &crate::model::Assignment) -> Moves {
    let ids: Vec<String> = sc
        .pupils
        .iter()
        .zip(a)
        .filter(|(p, place)| moved(sc, p, **place))
        .map(|(p, _)| p.id.clone())
        .collect();
    Moves {
        pupils_moved: ids.len() as u32,
        move_cost: round(sc.policy.weights.r#move * ids.len() as f64),
        moved: ids,
    }
}

/// The record of one pupil's placement.
pub fn record(
    sc: &Scenario,
    p: &crate::scenario::Pupil,
    place: Option<Target>,
) -> AssignmentRecord {
    let mut r = AssignmentRecord {
        pupil: p.id.clone(),
        school: None,
        ap: None,
        unplaced: None,
        km: None,
        cost: 0.0,
    };
    match place {
        None => {
            r.unplaced = Some(true);
            r.cost = round(unplaced_own_cost(sc, p));
        }
        Some(t) => {
            let d = sc.distance(p, t);
            r.km = Some(round(d));
            r.cost = round(cost_terms(sc, p, t, d).own());
            match t {
                Target::School(s) => r.school = Some(sc.schools[s as usize].id.clone()),
                Target::Ap(a) => r.ap = Some(sc.aps[a as usize].id.clone()),
            }
        }
    }
    r
}

/// Rounds every float in a JSON value (fixed precision, stable bytes).
pub fn round_json(v: serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match v {
        Value::Number(n) if n.is_f64() => {
            serde_json::Number::from_f64(round(n.as_f64().unwrap_or(0.0)))
                .map_or(Value::Null, Value::Number)
        }
        Value::Array(a) => Value::Array(a.into_iter().map(round_json).collect()),
        Value::Object(o) => Value::Object(o.into_iter().map(|(k, v)| (k, round_json(v))).collect()),
        other => other,
    }
}
