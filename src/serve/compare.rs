//! Two or three plans of a round side by side: where each child is in each,
//! and who changed (UniTime / aSc style: the panel looks at what moved).

use super::actions::{internal, round, Failure};
use super::AppState;
use crate::plan::Plan;
use axum::http::StatusCode;
use serde::Serialize;

/// One child across the plans.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Line {
    /// The child's id.
    pub pupil: String,
    /// Its place in each plan: a school or AP id, `unplaced`, or `null` when
    /// the child is not on that plan (decided earlier, or added since).
    pub places: Vec<Option<String>>,
    /// Does any plan differ from the first?
    pub changed: bool,
}

/// The plans compared and every child's line, changed children first.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    /// The plans' numbers (1-based) as asked.
    pub plans: Vec<usize>,
    /// Their labels ("First solve", "Re-solve: …").
    pub labels: Vec<String>,
    /// How many children changed.
    pub changed: usize,
    /// One line per child on any of the plans.
    pub lines: Vec<Line>,
}

/// Plans `1,3` (as a query value) or, by default, the plan on the table and
/// the one it was re-solved against (else the last two).
pub fn which(rs: &super::store::RoundState, asked: Option<&str>) -> Result<Vec<usize>, Failure> {
    let bad = || {
        Failure::new(
            StatusCode::BAD_REQUEST,
            "Choose two or three different plans of this round.",
        )
    };
    let n = rs.plans.len();
    let plans: Vec<usize> = match asked.filter(|a| !a.is_empty()) {
        Some(a) => a
            .split(',')
            .filter(|s| !s.is_empty())
            .map(|s| {
                s.trim()
                    .parse::<usize>()
                    .ok()
                    .filter(|&k| (1..=n).contains(&k))
            })
            .collect::<Option<_>>()
            .ok_or_else(bad)?,
        None => match rs.current.map(|c| (c, rs.plans[c].reference)) {
            Some((c, Some(r))) => vec![r + 1, c + 1],
            _ if n >= 2 => vec![n - 1, n],
            _ => {
                return Err(Failure::new(
                    StatusCode::CONFLICT,
                    "The round has fewer than two plans to compare.",
                ))
            }
        },
    };
    let mut distinct = plans.clone();
    distinct.sort_unstable();
    distinct.dedup();
    if !(2..=3).contains(&plans.len()) || distinct.len() != plans.len() {
        return Err(bad());
    }
    Ok(plans)
}

/// Compares plans `plans` (1-based) of round `id`, proposal 1 of each.
pub fn compare(st: &AppState, id: &str, plans: &[usize]) -> Result<Comparison, Failure> {
    let rs = round(st, id)?;
    let mut read = Vec::new();
    for &k in plans {
        let e = rs
            .plans
            .get(k - 1)
            .ok_or_else(|| Failure::new(StatusCode::NOT_FOUND, "no such plan"))?;
        let bytes = st.store.read(id, &e.plan).map_err(internal)?;
        let plan: Plan = serde_json::from_slice(&bytes).map_err(|e| internal(e.to_string()))?;
        read.push(plan);
    }
    let mut ids: Vec<&str> = read
        .iter()
        .flat_map(|p| p.proposals[0].assignments.iter().map(|a| a.pupil.as_str()))
        .collect();
    ids.sort_unstable();
    ids.dedup();
    let mut lines: Vec<Line> = ids
        .into_iter()
        .map(|pupil| {
            let places: Vec<Option<String>> = read
                .iter()
                .map(|p| {
                    let a = p.proposals[0]
                        .assignments
                        .iter()
                        .find(|a| a.pupil == pupil)?;
                    Some(a.target_id().unwrap_or("unplaced").to_string())
                })
                .collect();
            let changed = places.iter().any(|x| x != &places[0]);
            Line {
                pupil: pupil.to_string(),
                places,
                changed,
            }
        })
        .collect();
    lines.sort_by_key(|l| !l.changed);
    Ok(Comparison {
        plans: plans.to_vec(),
        labels: plans
            .iter()
            .map(|&k| rs.plans[k - 1].label.clone())
            .collect(),
        changed: lines.iter().filter(|l| l.changed).count(),
        lines,
    })
}
