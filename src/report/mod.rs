//! The panel pack: a plan and its scenario rendered for people, as a Markdown
//! panel paper ([`markdown`]), a CSV for spreadsheets ([`csv`]) or one
//! self-contained HTML file ([`html`], with SVG charts from [`svg`]).
//!
//! The renderers read a [`Pack`]: the plan's proposals resolved against the
//! scenario, their metrics recomputed from the scenario (so every figure is
//! the same one `fap solve` reports), and the plan's `decision_support`
//! block, which holds the explanations, alternatives and place values
//! already in words: rendering never re-solves. Output depends only on the
//! plan and the scenario, so the same inputs give the same bytes.

pub mod csv;
pub mod html;
pub mod markdown;
pub mod names;
pub mod svg;
pub mod tables;
pub mod xlsx;

use crate::model::Assignment;
use crate::plan::support::{DecisionSupport, PupilSupport};
use crate::plan::Plan;
use crate::proposals::metrics::{self, Metrics};
use crate::scenario::{PupilIdx, Scenario, Target};
use std::str::FromStr;

/// Why a plan cannot be rendered against a scenario.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ReportError {
    /// The plan has no proposal.
    #[error("the plan has no proposal")]
    NoProposal,
    /// A proposal does not list the scenario's pupils in order.
    #[error("proposal {rank}: assignment {index} is for pupil {found:?}, the scenario has {expected:?} there")]
    PupilMismatch {
        /// Proposal rank.
        rank: usize,
        /// Position in the assignments.
        index: usize,
        /// Pupil id in the plan.
        found: String,
        /// Pupil id in the scenario.
        expected: String,
    },
    /// A proposal has a different number of assignments than the scenario has pupils.
    #[error("proposal {rank} has {found} assignments, the scenario has {expected} pupils")]
    CountMismatch {
        /// Proposal rank.
        rank: usize,
        /// Assignments in the plan.
        found: usize,
        /// Pupils in the scenario.
        expected: usize,
    },
    /// A placement names an id the scenario does not have.
    #[error("proposal {rank}: pupil {pupil:?} is placed at unknown id {id:?}")]
    UnknownPlace {
        /// Proposal rank.
        rank: usize,
        /// Pupil id.
        pupil: String,
        /// The unknown id.
        id: String,
    },
    /// The plan has no decision support block.
    #[error(
        "the plan has no decision support (solve with --options N, or let `fap report` compute it)"
    )]
    NoSupport,
}

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Markdown panel paper.
    Markdown,
    /// CSV, one row per pupil and proposal.
    Csv,
    /// One self-contained HTML file.
    Html,
    /// An Excel workbook of the pack's tables.
    Xlsx,
}

impl FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Format, String> {
        match s.to_ascii_lowercase().as_str() {
            "md" | "markdown" => Ok(Format::Markdown),
            "csv" => Ok(Format::Csv),
            "html" | "htm" => Ok(Format::Html),
            "xlsx" => Ok(Format::Xlsx),
            other => Err(format!(
                "unknown report format {other:?}: use md, csv, html or xlsx"
            )),
        }
    }
}

impl Format {
    /// The format a file name's extension asks for.
    pub fn from_path(path: &std::path::Path) -> Option<Format> {
        path.extension()?.to_str()?.parse().ok()
    }

    /// The usual extension.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Markdown => "md",
            Format::Csv => "csv",
            Format::Html => "html",
            Format::Xlsx => "xlsx",
        }
    }
}

/// Renders a pack in a format.
pub fn render(pack: &Pack, format: Format) -> Result<Vec<u8>, crate::error::FapError> {
    Ok(match format {
        Format::Markdown => markdown::render(pack).into_bytes(),
        Format::Csv => csv::render(pack),
        Format::Html => html::render(pack).into_bytes(),
        Format::Xlsx => xlsx::render(pack)?,
    })
}

/// What the renderers read.
pub struct Pack<'a> {
    /// The scenario.
    pub sc: &'a Scenario,
    /// The plan.
    pub plan: &'a Plan,
    /// Each proposal's assignment, in rank order.
    pub assignments: Vec<Assignment>,
    /// Each proposal's metrics.
    pub metrics: Vec<Metrics>,
    /// The plan's decision support.
    pub support: &'a DecisionSupport,
}

impl<'a> Pack<'a> {
    /// Resolves the plan against the scenario.
    pub fn new(sc: &'a Scenario, plan: &'a Plan) -> Result<Pack<'a>, ReportError> {
        if plan.proposals.is_empty() {
            return Err(ReportError::NoProposal);
        }
        let support = plan
            .decision_support
            .as_ref()
            .ok_or(ReportError::NoSupport)?;
        let assignments = plan
            .proposals
            .iter()
            .map(|p| assignment(sc, p))
            .collect::<Result<Vec<_>, _>>()?;
        let metrics = assignments
            .iter()
            .map(|a| metrics::compute(sc, a))
            .collect();
        Ok(Pack {
            sc,
            plan,
            assignments,
            metrics,
            support,
        })
    }

    /// Proposal 1's assignment.
    pub fn best(&self) -> &Assignment {
        &self.assignments[0]
    }

    /// The decision support record of pupil `p`, if the plan has one.
    pub fn pupil_support(&self, p: PupilIdx) -> Option<&PupilSupport> {
        self.support
            .pupils
            .get(p as usize)
            .filter(|s| s.pupil == self.sc.pupils[p as usize].id)
    }

    /// `S012 (Bow Road Academy)` or just the id.
    pub fn target_label(&self, t: Target) -> String {
        let name = match t {
            Target::School(s) => self.sc.schools[s as usize].name.as_deref(),
            Target::Ap(a) => self.sc.aps[a as usize].name.as_deref(),
        };
        match name {
            Some(n) => format!("{} ({n})", self.sc.target_id(t)),
            None => self.sc.target_id(t).to_string(),
        }
    }

    /// Short facts a panel wants next to a proposal (DOMAIN.md §9), computed
    /// from the scenario and proposal `rank_index`'s assignment.
    pub fn flags(&self, rank_index: usize, p: PupilIdx) -> Vec<String> {
        flags(self.sc, &self.assignments[rank_index], p)
    }
}

/// A proposal's assignment, checked against the scenario's pupils.
pub fn assignment(sc: &Scenario, p: &crate::plan::Proposal) -> Result<Assignment, ReportError> {
    if p.assignments.len() != sc.pupils.len() {
        return Err(ReportError::CountMismatch {
            rank: p.rank,
            found: p.assignments.len(),
            expected: sc.pupils.len(),
        });
    }
    p.assignments
        .iter()
        .zip(&sc.pupils)
        .enumerate()
        .map(|(index, (r, pupil))| {
            if r.pupil != pupil.id {
                return Err(ReportError::PupilMismatch {
                    rank: p.rank,
                    index,
                    found: r.pupil.clone(),
                    expected: pupil.id.clone(),
                });
            }
            match r.target_id() {
                None => Ok(None),
                Some(id) => sc
                    .find_target(id)
                    .map(Some)
                    .ok_or_else(|| ReportError::UnknownPlace {
                        rank: p.rank,
                        pupil: r.pupil.clone(),
                        id: id.to_string(),
                    }),
            }
        })
        .collect()
}

fn flags(sc: &Scenario, a: &Assignment, pi: PupilIdx) -> Vec<String> {
    let p = &sc.pupils[pi as usize];
    let mut out = Vec::new();
    if p.pinned.is_some() {
        out.push("pinned by the panel".to_string());
    }
    if p.twice_excluded {
        out.push("twice excluded".to_string());
    }
    if p.days_out_of_education > 20.0 {
        out.push(format!(
            "{} school days out of education (over the 20-day aim)",
            p.days_out_of_education
        ));
    }
    let Some(t) = a[pi as usize] else {
        return out;
    };
    if let Some(k) = p.preference_rank(t) {
        out.push(format!("preference {}", k + 1));
    } else if !p.preferences.is_empty() {
        out.push("not a preference".to_string());
    }
    match t {
        Target::School(s) => {
            let school = &sc.schools[s as usize];
            if sc.distance(p, t) > sc.policy.walking_km(p.year) {
                out.push("beyond walking distance (transport)".to_string());
            }
            if school.ofsted.is_weak() {
                out.push("weak Ofsted judgement".to_string());
            }
            let placed = sc
                .pupils
                .iter()
                .zip(a)
                .filter(|(q, place)| **place == Some(t) && q.year == p.year)
                .count() as u32;
            if placed > school.free(p.year) {
                out.push(format!("Year {} placed above PAN", p.year));
            }
            if p.siblings_at.contains(&t) {
                out.push("sibling there".to_string());
            }
            if p.previous_schools.contains(&t) {
                out.push("previous school".to_string());
            }
        }
        Target::Ap(_) => out.push("alternative provision".to_string()),
    }
    out
}

/// The pupil's description line: year group, kind, category, days out.
pub fn pupil_line(sc: &Scenario, p: PupilIdx) -> String {
    let p = &sc.pupils[p as usize];
    let kind = match (p.is_fap(), p.category) {
        (true, Some(c)) => format!("FAP, category {c}"),
        (true, None) => "FAP".to_string(),
        (false, _) => "in-year".to_string(),
    };
    format!(
        "Year {}, {kind}, {} school days out of education",
        p.year, p.days_out_of_education
    )
}

/// Pupils whose placement in proposal `i` differs from proposal 1.
pub fn differs(pack: &Pack, i: usize) -> Vec<PupilIdx> {
    pack.assignments[i]
        .iter()
        .zip(pack.best())
        .enumerate()
        .filter(|(_, (a, b))| a != b)
        .map(|(k, _)| k as PupilIdx)
        .collect()
}

/// The place values worth highlighting: those that lower the objective,
/// largest first, at most `k`.
pub fn top_place_values<'a>(
    pack: &Pack<'a>,
    k: usize,
) -> Vec<&'a crate::plan::support::PlaceValueRecord> {
    pack.support
        .place_values
        .iter()
        .filter(|v| {
            v.objective_decrease > 0.0
                && !crate::proposals::explain::is_tie(v.objective_decrease, v.objective)
        })
        .take(k)
        .collect()
}

/// Proposal 1's unplaced pupils with their reasons (the explanation after
/// the cost sentence).
pub fn unplaced(pack: &Pack) -> Vec<(PupilIdx, String)> {
    (0..pack.sc.pupils.len() as PupilIdx)
        .filter(|&p| pack.best()[p as usize].is_none())
        .map(|p| {
            let why = pack
                .pupil_support(p)
                .map(|s| {
                    s.explanation
                        .iter()
                        .skip(1)
                        .cloned()
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .unwrap_or_default();
            (p, why)
        })
        .collect()
}
