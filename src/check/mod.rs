//! `fap check`: re-verifies a plan against its scenario, independently of the solver.
//!
//! MODEL.md asks that a plan be checkable without trusting the code that made
//! it. This module therefore shares the scenario types (and
//! [`Scenario::distance`]) and the plan's serde types, but nothing of
//! `crate::model`, `crate::solve` or `crate::proposals`: eligibility, caps, fair
//! shares, costs and the objective are written again here from MODEL.md. A
//! misreading of MODEL.md in either copy shows up as a disagreement between
//! `fap solve`'s plans and this checker (the property tests in `tests/check/`
//! solve generated scenarios and check every plan).
//!
//! The flow per proposal: `resolve` (every pupil exactly once, known ids,
//! exactly one of school/AP/unplaced) → `rules` (eligibility, pinned pupils,
//! places, hard cap) → [`objective`] (each record's cost and km, the objective
//! recomputed with `o`, `v`, `e` at their least values); then `ranking`
//! across proposals. Every violation is collected, none stops the others. A
//! scenario hash that differs from the plan's is a warning, not a violation:
//! the checks run against the scenario given, so the verdict stands for it.
//! The codes are listed in `docs/checker.md`.

mod fairness;
pub mod objective;
mod ranking;
mod read;
mod reference;
mod resolve;
mod rules;
mod violation;

pub use objective::{close, TOLERANCE};
pub use read::read_plan;
pub use violation::{Ineligible, Violation};

use crate::plan::Plan;
use crate::scenario::Scenario;
use std::fmt;

/// A violation and the proposal it belongs to.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    /// 1-based position of the proposal in the plan; `None` for the plan as a whole.
    pub proposal: Option<usize>,
    /// What is wrong.
    pub violation: Violation,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("error: ")?;
        if let Some(k) = self.proposal {
            write!(f, "proposal {k}: ")?;
        }
        write!(f, "{} [{}]", self.violation, self.violation.code())
    }
}

/// Something worth knowing that does not make the plan invalid.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Warning {
    /// The plan records another scenario file's SHA-256.
    #[error("the plan was made from a different scenario file (sha256 {} in the plan, {} for this file); the checks below are against this file", short(.plan), short(.scenario))]
    HashMismatch {
        /// `scenario.sha256` in the plan.
        plan: String,
        /// Of the scenario file given.
        scenario: String,
    },
    /// The plan records another reference plan file's SHA-256.
    #[error("the plan was re-solved against a different reference plan (sha256 {} in the plan, {} for this file); the moves below are against this file", short(.plan), short(.reference))]
    ReferenceHashMismatch {
        /// `reference.sha256` in the plan.
        plan: String,
        /// Of the reference plan file given.
        reference: String,
    },
    /// The plan was re-solved against a reference plan that was not given.
    #[error("the plan was re-solved against a reference plan (sha256 {}); without it the moves are taken as stated, not checked", short(.plan))]
    ReferenceUnchecked {
        /// `reference.sha256` in the plan.
        plan: String,
    },
}

impl Warning {
    /// The stable code (docs/checker.md).
    pub fn code(&self) -> &'static str {
        match self {
            Warning::HashMismatch { .. } => "scenario-hash",
            Warning::ReferenceHashMismatch { .. } => "reference-hash",
            Warning::ReferenceUnchecked { .. } => "reference-unchecked",
        }
    }
}

fn short(hash: &str) -> String {
    crate::scenario::issue::quote(&hash.chars().take(12).collect::<String>())
}

/// One proposal's objective, as written and as recomputed.
#[derive(Debug, Clone, PartialEq)]
pub struct ObjectiveCheck {
    /// 1-based position in the plan.
    pub proposal: usize,
    /// `objective` in the plan.
    pub stated: f64,
    /// Recomputed from the assignments; `None` when they are incomplete.
    pub recomputed: Option<f64>,
}

/// What `fap check` found.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// Every violation, by proposal, in the order the checks run.
    pub findings: Vec<Finding>,
    /// Warnings (the plan stays valid).
    pub warnings: Vec<Warning>,
    /// Per proposal, the objective as written and recomputed.
    pub objectives: Vec<ObjectiveCheck>,
}

impl Report {
    /// No violation.
    pub fn is_valid(&self) -> bool {
        self.findings.is_empty()
    }
}

/// The plan format's hash: the checker compares the scenario file with the one a plan names.
pub use crate::plan::sha256_hex;

/// A reference plan given to the checker, with its file's SHA-256.
#[derive(Debug, Clone, Copy)]
pub struct ReferenceFile<'a> {
    /// The reference plan.
    pub plan: &'a Plan,
    /// SHA-256 of its file's bytes, lower-case hex.
    pub sha256: &'a str,
}

/// Checks every proposal of `plan` against `sc`, whose file has SHA-256 `scenario_sha256`.
/// A plan re-solved against a reference has its moves taken as stated (with a warning):
/// [`check_plan_against`] checks them.
pub fn check_plan(sc: &Scenario, scenario_sha256: &str, plan: &Plan) -> Report {
    check_plan_against(sc, scenario_sha256, plan, None)
}

/// [`check_plan`], and each proposal's moves recomputed against `reference`.
pub fn check_plan_against(
    sc: &Scenario,
    scenario_sha256: &str,
    plan: &Plan,
    reference: Option<ReferenceFile>,
) -> Report {
    let mut warnings = Vec::new();
    if !plan.scenario.sha256.eq_ignore_ascii_case(scenario_sha256) {
        warnings.push(Warning::HashMismatch {
            plan: plan.scenario.sha256.clone(),
            scenario: scenario_sha256.to_string(),
        });
    }
    let mut findings = Vec::new();
    let places = reference_warnings(sc, plan, reference, &mut warnings, &mut findings);
    if plan.proposals.is_empty() {
        findings.push(Finding {
            proposal: None,
            violation: Violation::NoProposals,
        });
    }
    let ids = resolve::Ids::new(sc);
    let mut per_proposal = Vec::with_capacity(plan.proposals.len());
    let mut objectives = Vec::with_capacity(plan.proposals.len());
    for (i, proposal) in plan.proposals.iter().enumerate() {
        let (out, resolved, recomputed) = check_one(sc, &ids, plan, proposal, places.as_deref());
        findings.extend(out.into_iter().map(|violation| Finding {
            proposal: Some(i + 1),
            violation,
        }));
        objectives.push(ObjectiveCheck {
            proposal: i + 1,
            stated: proposal.objective,
            recomputed,
        });
        per_proposal.push(resolved);
    }
    let checked: Vec<ranking::Checked> = plan
        .proposals
        .iter()
        .zip(&per_proposal)
        .zip(&objectives)
        .map(|((proposal, resolved), o)| ranking::Checked {
            proposal,
            resolved,
            objective: o.recomputed,
        })
        .collect();
    let min_diff = plan.generator.options.min_diff;
    findings.extend(
        ranking::check(sc, &checked, min_diff)
            .into_iter()
            .map(|(i, violation)| Finding {
                proposal: Some(i + 1),
                violation,
            }),
    );
    for c in &plan.contrasts {
        let (out, _, _) = check_one(sc, &ids, plan, &c.plan, places.as_deref());
        findings.extend(out.into_iter().map(|v| Finding {
            proposal: None,
            violation: Violation::InContrast {
                style: c.style.clone(),
                violation: Box::new(v),
            },
        }));
    }
    // Stable: per proposal, the order the checks ran in.
    findings.sort_by_key(|f| f.proposal);
    Report {
        findings,
        warnings,
        objectives,
    }
}

/// One whole plan's violations (hard rules, records, objective), its
/// placements, and its objective recomputed when every pupil is placed once.
fn check_one(
    sc: &Scenario,
    ids: &resolve::Ids,
    plan: &Plan,
    proposal: &crate::plan::Proposal,
    places: Option<&[Option<crate::scenario::Target>]>,
) -> (Vec<Violation>, resolve::Resolved, Option<f64>) {
    let mut out = Vec::new();
    let resolved = resolve::resolve(sc, ids, proposal, &mut out);
    rules::check_eligibility(sc, &resolved.placements, &mut out);
    rules::check_places(sc, &resolved.placements, &mut out);
    objective::check_records(sc, proposal, &resolved, &mut out);
    let recomputed = complete(&resolved).map(|a| {
        objective::objective(sc, &a) + move_term(sc, plan, proposal, places, &a, &mut out)
    });
    if let Some(r) = recomputed.filter(|&r| !close(proposal.objective, r)) {
        out.push(Violation::WrongObjective {
            stated: proposal.objective,
            recomputed: crate::plan::round(r),
        });
    }
    (out, resolved, recomputed)
}

/// Warnings and plan-level findings about the reference; `R(p)` per pupil when
/// both the plan and the checker have a reference.
fn reference_warnings(
    sc: &Scenario,
    plan: &Plan,
    given: Option<ReferenceFile>,
    warnings: &mut Vec<Warning>,
    findings: &mut Vec<Finding>,
) -> Option<Vec<Option<crate::scenario::Target>>> {
    match (&plan.reference, given) {
        (None, None) => None,
        (None, Some(_)) => {
            findings.push(Finding {
                proposal: None,
                violation: Violation::NoReference,
            });
            None
        }
        (Some(r), None) => {
            warnings.push(Warning::ReferenceUnchecked {
                plan: r.sha256.clone(),
            });
            None
        }
        (Some(r), Some(g)) => {
            if !r.sha256.eq_ignore_ascii_case(g.sha256) {
                warnings.push(Warning::ReferenceHashMismatch {
                    plan: r.sha256.clone(),
                    reference: g.sha256.to_string(),
                });
            }
            Some(reference::reference_places(sc, g.plan, r.proposal))
        }
    }
}

/// The move cost a complete proposal adds to its objective: recomputed when the
/// reference was given, as stated when it was not, 0 without a reference.
fn move_term(
    sc: &Scenario,
    plan: &Plan,
    proposal: &crate::plan::Proposal,
    places: Option<&[Option<crate::scenario::Target>]>,
    a: &[resolve::Placement],
    out: &mut Vec<Violation>,
) -> f64 {
    match (places, &proposal.moves) {
        (Some(places), _) => {
            reference::check_moves(sc, proposal, &reference::moved(places, a), out)
        }
        (None, Some(m)) if plan.reference.is_some() => m.move_cost,
        (None, None) if plan.reference.is_some() => {
            out.push(Violation::MissingMoves);
            0.0
        }
        _ => 0.0,
    }
}

/// The placements of a complete proposal.
fn complete(r: &resolve::Resolved) -> Option<Vec<resolve::Placement>> {
    r.complete
        .then(|| r.placements.iter().flatten().copied().collect())
}

#[cfg(test)]
mod tests {
    /// The checker's independence is its point: no path into the model-building code.
    #[test]
    fn shares_no_code_with_the_model() {
        let sources = [
            ("mod.rs", include_str!("mod.rs")),
            ("fairness.rs", include_str!("fairness.rs")),
            ("objective.rs", include_str!("objective.rs")),
            ("ranking.rs", include_str!("ranking.rs")),
            ("read.rs", include_str!("read.rs")),
            ("reference.rs", include_str!("reference.rs")),
            ("resolve.rs", include_str!("resolve.rs")),
            ("rules.rs", include_str!("rules.rs")),
            ("violation.rs", include_str!("violation.rs")),
        ];
        let banned = [
            concat!("crate", "::model"),
            concat!("crate", "::solve"),
            concat!("crate", "::proposals"),
            concat!("plan", "::make"),
            concat!("super::super", "::"),
        ];
        for (file, src) in sources {
            for (n, text) in src.lines().enumerate() {
                if text.trim_start().starts_with("//") {
                    continue;
                }
                for b in banned {
                    assert!(!text.contains(b), "src/check/{file}:{}: uses {b}", n + 1);
                }
            }
        }
    }
}
