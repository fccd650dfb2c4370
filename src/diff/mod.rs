//! What changed between two plans — the plan on the table and a re-solve, or
//! plans of a round before and after the panel's changes: which children
//! moved from where to where, who left or joined the round, and the change in
//! each figure the panel reads (placed, unplaced, distance, above PAN, load ÷
//! share). Built from the two plan files alone (their assignments and
//! recorded metrics, docs/metrics.md); [`render`] lays it out.

pub mod render;

use crate::plan::{AssignmentRecord, Plan, Proposal};
use serde::Serialize;
use serde_json::Value;

/// The difference between proposal `a` of one plan and proposal `b` of another.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanDiff {
    /// The first plan's round name and proposal.
    pub a: Side,
    /// The second's.
    pub b: Side,
    /// Children in both placed differently, in the second plan's order.
    pub moved: Vec<Move>,
    /// Children only in the first plan (withdrawn, placed at the meeting …).
    pub left: Vec<String>,
    /// Children only in the second (new referrals, returned).
    pub joined: Vec<String>,
    /// The figures, in the order a panel reads them.
    pub figures: Vec<Figure>,
    /// Schools whose load ÷ share changed (phase included), largest change first.
    pub loads: Vec<Load>,
}

/// One plan's side.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Side {
    /// The round's name (`scenario.name` of the plan).
    pub round: String,
    /// The scenario's SHA-256, as the plan records it.
    pub scenario_sha256: String,
    /// The proposal compared.
    pub proposal: usize,
}

/// One child placed differently.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Move {
    /// Pupil id.
    pub pupil: String,
    /// School or AP id in the first plan; `None`: unplaced.
    pub from: Option<String>,
    /// In the second.
    pub to: Option<String>,
    /// Journey in the first plan, km.
    pub km_from: Option<f64>,
    /// Journey in the second.
    pub km_to: Option<f64>,
}

/// One figure in both plans (`None` where a plan does not record it).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Figure {
    /// Stable key (`placed`, `total_km` …).
    pub key: &'static str,
    /// In words.
    pub label: &'static str,
    /// First plan.
    pub a: Option<f64>,
    /// Second plan.
    pub b: Option<f64>,
}

impl Figure {
    /// b − a.
    pub fn change(&self) -> Option<f64> {
        Some(self.b? - self.a?)
    }
}

/// One school's load ÷ share in both plans.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Load {
    /// School id.
    pub school: String,
    /// `primary` or `secondary`.
    pub phase: String,
    /// First plan (`None`: no fair share there).
    pub a: Option<f64>,
    /// Second plan.
    pub b: Option<f64>,
}

/// Why two plans cannot be compared.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{0}")]
pub struct DiffError(pub String);

/// Compares proposal `ra` of `a` with proposal `rb` of `b`.
pub fn diff(a: &Plan, ra: usize, b: &Plan, rb: usize) -> Result<PlanDiff, DiffError> {
    let (pa, pb) = (proposal(a, ra, "first")?, proposal(b, rb, "second")?);
    let find = |p: &'_ Proposal, id: &str| p.assignments.iter().find(|r| r.pupil == id).cloned();
    let moved = pb
        .assignments
        .iter()
        .filter_map(|rb| {
            let ra = find(pa, &rb.pupil)?;
            (ra.target_id() != rb.target_id()).then(|| Move {
                pupil: rb.pupil.clone(),
                from: ra.target_id().map(str::to_string),
                to: rb.target_id().map(str::to_string),
                km_from: ra.km,
                km_to: rb.km,
            })
        })
        .collect();
    let only = |x: &Proposal, y: &Proposal| -> Vec<String> {
        x.assignments
            .iter()
            .filter(|r| find(y, &r.pupil).is_none())
            .map(|r| r.pupil.clone())
            .collect()
    };
    Ok(PlanDiff {
        a: side(a, ra),
        b: side(b, rb),
        moved,
        left: only(pa, pb),
        joined: only(pb, pa),
        figures: figures(pa, pb),
        loads: loads(pa, pb),
    })
}

fn proposal<'a>(p: &'a Plan, rank: usize, which: &str) -> Result<&'a Proposal, DiffError> {
    p.proposals.iter().find(|x| x.rank == rank).ok_or_else(|| {
        DiffError(format!(
            "the {which} plan has no proposal {rank} (it has {})",
            p.proposals.len()
        ))
    })
}

fn side(p: &Plan, rank: usize) -> Side {
    Side {
        round: p.scenario.name.clone(),
        scenario_sha256: p.scenario.sha256.clone(),
        proposal: rank,
    }
}

/// The figures: counts from the assignments, the rest from recorded metrics.
fn figures(a: &Proposal, b: &Proposal) -> Vec<Figure> {
    let placed = |p: &Proposal| {
        p.assignments
            .iter()
            .filter(|r| r.target_id().is_some())
            .count() as f64
    };
    let unplaced = |p: &Proposal| {
        p.assignments
            .iter()
            .filter(|r| r.target_id().is_none())
            .count() as f64
    };
    let km = |p: &Proposal| {
        p.assignments
            .iter()
            .filter_map(|r: &AssignmentRecord| r.km)
            .sum::<f64>()
    };
    let metric = |p: &Proposal, k: &str| p.metrics.as_ref()?.get(k)?.as_f64();
    let both = |f: &dyn Fn(&Proposal) -> f64| (Some(f(a)), Some(f(b)));
    let m = |k: &str| (metric(a, k), metric(b, k));
    [
        ("placed", "Placed", both(&placed)),
        ("unplaced", "Unplaced", both(&unplaced)),
        ("total_km", "Total distance (km)", both(&km)),
        ("mean_km", "Mean journey (km)", m("mean_km")),
        ("max_km", "Longest journey (km)", m("max_km")),
        (
            "above_pan_places",
            "Places above PAN",
            m("above_pan_places"),
        ),
        (
            "over_cap_placements",
            "Placements over the cap",
            m("over_cap_placements"),
        ),
        (
            "max_load_ratio",
            "Highest load ÷ share",
            m("max_load_ratio"),
        ),
        (
            "objective",
            "Objective",
            (Some(a.objective), Some(b.objective)),
        ),
    ]
    .into_iter()
    .map(|(key, label, (a, b))| Figure { key, label, a, b })
    .collect()
}

/// `(school, phase) → load_ratio` of a proposal's recorded metrics.
fn ratios(p: &Proposal) -> Vec<(String, String, f64)> {
    let rows = p
        .metrics
        .as_ref()
        .and_then(|m| m.get("school_loads"))
        .and_then(Value::as_array);
    rows.into_iter()
        .flatten()
        .filter_map(|r| {
            Some((
                r.get("school")?.as_str()?.to_string(),
                r.get("phase")?.as_str()?.to_string(),
                r.get("load_ratio")?.as_f64()?,
            ))
        })
        .collect()
}

fn loads(a: &Proposal, b: &Proposal) -> Vec<Load> {
    let (ra, rb) = (ratios(a), ratios(b));
    let get = |rs: &[(String, String, f64)], s: &str, g: &str| {
        rs.iter().find(|r| r.0 == s && r.1 == g).map(|r| r.2)
    };
    let mut keys: Vec<(String, String)> = ra
        .iter()
        .chain(&rb)
        .map(|r| (r.0.clone(), r.1.clone()))
        .collect();
    keys.sort();
    keys.dedup();
    let mut out: Vec<Load> = keys
        .into_iter()
        .map(|(s, g)| Load {
            a: get(&ra, &s, &g),
            b: get(&rb, &s, &g),
            school: s,
            phase: g,
        })
        .filter(|l| match (l.a, l.b) {
            (Some(x), Some(y)) => (x - y).abs() > 1e-9,
            (x, y) => x.is_some() != y.is_some(),
        })
        .collect();
    let size = |l: &Load| (l.b.unwrap_or(0.0) - l.a.unwrap_or(0.0)).abs();
    out.sort_by(|x, y| size(y).total_cmp(&size(x)));
    out
}
