//! The panel pack: a plan and its scenario rendered for people. The paper's
//! content is built once ([`paper`] into a [`doc::Doc`]) and laid out as
//! Markdown ([`markdown`]), one self-contained HTML file ([`html`], with SVG
//! charts from [`svg`]) or a PDF ([`pdf`]); the CSV ([`csv`]) is one row per
//! pupil and proposal for spreadsheets.
//!
//! The renderers read a [`Pack`]: the plan's proposals resolved against the
//! scenario, their metrics recomputed from the scenario (so every figure is
//! the same one `fap solve` reports), and the plan's `decision_support`
//! block, which holds the explanations, alternatives and place values
//! already in words: rendering never re-solves. Output depends only on the
//! plan and the scenario, so the same inputs give the same bytes.

pub mod csv;
pub mod doc;
pub mod html;
pub mod markdown;
pub mod names;
pub mod paper;
pub mod pdf;
pub mod svg;
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
    /// A proposal does not match the scenario's pupils or places.
    #[error(transparent)]
    Mismatch(#[from] crate::plan::Mismatch),
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
    /// A PDF, A4.
    Pdf,
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
            "pdf" => Ok(Format::Pdf),
            "xlsx" => Ok(Format::Xlsx),
            other => Err(format!(
                "unknown report format {other:?}: use md, csv, html, pdf or xlsx"
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
            Format::Pdf => "pdf",
            Format::Xlsx => "xlsx",
        }
    }
}

/// Renders a pack in a format.
pub fn render(pack: &Pack, format: Format) -> Result<Vec<u8>, String> {
    let paper = || paper::build(pack, pack.header.clone());
    Ok(match format {
        Format::Markdown => markdown::render(&paper()).into_bytes(),
        Format::Csv => csv::render(pack),
        Format::Html => html::render(&paper()).into_bytes(),
        Format::Pdf => pdf::render(&paper()).map_err(|e| e.to_string())?,
        Format::Xlsx => xlsx::render(pack).map_err(|e| e.to_string())?,
    })
}

/// The protective marking unless the coordinator gives another.
pub const DEFAULT_MARKING: &str = "OFFICIAL-SENSITIVE";

/// What the renderers read.
pub struct Pack<'a> {
    /// The scenario.
    pub sc: &'a Scenario,
    /// The plan.
    pub plan: &'a Plan,
    /// Each whole plan's assignment: the proposals in rank order, then the
    /// contrasts (`plan.contrasts`).
    pub assignments: Vec<Assignment>,
    /// Each whole plan's metrics, in the same order.
    pub metrics: Vec<Metrics>,
    /// Each whole plan's name for people: "Proposal 2", "Fair shares ignored".
    pub labels: Vec<String>,
    /// The plan's decision support.
    pub support: &'a DecisionSupport,
    /// What the paper's header says.
    pub header: doc::Header,
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
            .chain(plan.contrasts.iter().map(|c| &c.plan))
            .map(|p| crate::plan::assignment(sc, p))
            .collect::<Result<Vec<_>, _>>()?;
        let labels = (1..=plan.proposals.len())
            .map(|k| format!("Proposal {k}"))
            .chain(plan.contrasts.iter().map(|c| capitalised(&c.label)))
            .collect();
        let metrics = assignments
            .iter()
            .map(|a| metrics::compute(sc, a))
            .collect();
        Ok(Pack {
            sc,
            plan,
            assignments,
            metrics,
            labels,
            support,
            header: doc::Header {
                authority: doc::NO_AUTHORITY.into(),
                meeting_date: doc::NO_DATE.into(),
                round: plan.scenario.name.clone(),
                marking: DEFAULT_MARKING.to_string(),
            },
        })
    }

    /// Proposal 1's assignment.
    pub fn best(&self) -> &Assignment {
        &self.assignments[0]
    }

    /// `Bow Road Academy (S012)`: the name, then the id; or just the id.
    pub fn target_label(&self, t: Target) -> String {
        match names::reference(self.sc, t) {
            Some(id) => format!("{} ({id})", names::name(self.sc, t)),
            None => names::name(self.sc, t),
        }
    }

    /// The flags of pupil `p` in proposal `rank_index`, in words (the
    /// paper's, [`paper::flags`]).
    pub fn flags(&self, rank_index: usize, p: PupilIdx) -> Vec<String> {
        paper::flags::of(self.sc, &self.assignments[rank_index], p)
            .into_iter()
            .map(|f| f.words)
            .collect()
    }

    /// The decision support record of pupil `p`, if the plan has one.
    pub fn pupil_support(&self, p: PupilIdx) -> Option<&PupilSupport> {
        self.support
            .pupils
            .get(p as usize)
            .filter(|s| s.pupil == self.sc.pupils[p as usize].id)
    }
}

/// `Year 9 · FAP: homeless · 12 school days out of education`.
pub fn pupil_line(sc: &Scenario, p: PupilIdx) -> String {
    let p = &sc.pupils[p as usize];
    format!(
        "Year {} · {} · {} school days out of education",
        p.year,
        names::case_kind(p),
        p.days_out_of_education
    )
}

/// "Fair shares ignored" from "fair shares ignored".
pub(crate) fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map_or(String::new(), |f| f.to_uppercase().chain(c).collect())
}

/// Pupils whose placement in whole plan `i` differs from proposal 1.
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
