//! The comparison report: variants ranked by outcomes measured under one
//! yardstick, with differences from the base, the Pareto front (with
//! tolerances), who moves, and random draws summarised.
//!
//! [`analyse`](mod@analyse) reads the directory back (scenarios and plans),
//! [`yardstick`] scores each plan under one policy and one set of fair shares,
//! [`build`] ranks lexicographically by `--rank-by` ([`measures`]), marks the
//! [`pareto`] front and groups draws ([`montecarlo`]). The renderings —
//! [`csv`], [`markdown`], [`html`] — only format the [`Report`]; numbers for
//! people are formatted in [`numbers`]. Ranks break ties by sweep index, so the
//! same files always give the same report.

pub mod analyse;
mod chart;
pub mod csv;
pub mod html;
pub mod labels;
pub mod markdown;
pub mod measures;
pub mod montecarlo;
pub mod numbers;
pub mod packs;
pub mod pareto;
pub mod xlsx;
pub mod yardstick;

use super::files;
use super::result::{Manifest, Settings, VariantResult};
use crate::error::FapError;
use crate::plan::round;
use analyse::Analysis;
use measures::{MEASURES, N};
use montecarlo::Draws;
use std::cmp::Ordering;
use std::path::{Path, PathBuf};
use yardstick::Figures;

pub use numbers::{fixed, show, show_delta, signed};

/// How to compare the variants.
#[derive(Debug, Clone)]
pub struct Options {
    /// Measures to rank by, lexicographically (indices into [`MEASURES`]).
    pub rank_by: Vec<usize>,
    /// Per measure: differences up to this much count as equal.
    pub tolerances: [f64; N],
    /// A scenario whose policy and fair shares score every plan (default: the base).
    pub yardstick: Option<PathBuf>,
    /// Write each variant's panel pack in these formats (none by default).
    pub packs: Vec<crate::report::Format>,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            rank_by: measures::parse_rank_by(measures::DEFAULT_RANK_BY).expect("valid default"),
            tolerances: MEASURES.map(|m| m.tolerance),
            yardstick: None,
            packs: Vec::new(),
        }
    }
}

/// One variant's row.
#[derive(Debug, Clone)]
pub struct Row<'a> {
    /// Index in the sweep (base = 0).
    pub index: usize,
    /// File stem under `variants/`.
    pub stem: &'a str,
    /// The result.
    pub result: &'a VariantResult,
    /// For a draw: the name its entry's draws share.
    pub draws_of: Option<&'a str>,
    /// Figures under the yardstick (with a plan).
    pub figures: Option<Figures>,
    /// Pupils placed differently from the base.
    pub moves: Option<usize>,
    /// Rank (1 = best); `None` for draws and variants without a plan.
    pub rank: Option<usize>,
    /// Sweep indices of the ranked variants that dominate it (empty: on the front).
    pub dominated_by: Vec<usize>,
}

impl Row<'_> {
    /// On the Pareto front.
    pub fn pareto(&self) -> bool {
        self.rank.is_some() && self.dominated_by.is_empty()
    }
    /// A measure minus the base's.
    pub fn delta(&self, k: usize, base: Option<&Figures>) -> Option<f64> {
        Some(round(self.figures.as_ref()?.values[k] - base?.values[k]))
    }
}

/// The whole comparison.
#[derive(Debug, Clone)]
pub struct Report<'a> {
    /// The sweep's title.
    pub title: &'a str,
    /// Settings of every solve.
    pub settings: &'a Settings,
    /// Ranked rows, then the others in sweep order.
    pub rows: Vec<Row<'a>>,
    /// The base's figures, when it has a plan.
    pub base: Option<Figures>,
    /// Draws summarised per entry.
    pub draws: Vec<Draws>,
    /// How the variants were compared.
    pub options: &'a Options,
    /// Where the yardstick comes from.
    pub yardstick: String,
}

impl<'a> Report<'a> {
    /// The rows of variants without a plan, in report order.
    pub fn failed(&self) -> Vec<&Row<'a>> {
        self.rows
            .iter()
            .filter(|row| row.result.failure.is_some())
            .collect()
    }

    /// The rows of the main table: every variant that is not one of several draws.
    pub fn table_rows(&self) -> impl Iterator<Item = &Row<'a>> {
        self.rows.iter().filter(|r| r.draws_of.is_none())
    }

    /// `variants/<stem>.pack.<ext>`: the row's own panel pack, when packs
    /// were asked for and it has a plan (HTML when asked for, else the first format).
    pub fn pack(&self, row: &Row) -> Option<String> {
        use crate::report::Format;
        let packs = &self.options.packs;
        let f = packs
            .iter()
            .find(|&&f| f == Format::Html)
            .or(packs.first())?;
        row.result
            .status
            .has_plan()
            .then(|| format!("{}/{}.pack.{}", files::VARIANTS, row.stem, f.extension()))
    }

    /// The rank of sweep index `i`.
    pub fn rank_of(&self, i: usize) -> Option<usize> {
        self.rows.iter().find(|r| r.index == i).and_then(|r| r.rank)
    }

    /// "ranked by FAP unplaced, then Unplaced, …" for people.
    pub fn rank_by_text(&self) -> String {
        self.options
            .rank_by
            .iter()
            .map(|&k| {
                let m = &MEASURES[k];
                let dir = if m.lower_is_better {
                    "fewest/lowest"
                } else {
                    "most/highest"
                };
                format!("{} ({dir})", m.label)
            })
            .collect::<Vec<_>>()
            .join(", then ")
    }

    /// Count of rows with each status, in [optimal, time_limit, invalid, failed] order.
    pub fn counts(&self) -> [usize; 4] {
        use super::result::Outcome::*;
        let mut c = [0; 4];
        for r in &self.rows {
            c[match r.result.status {
                Optimal => 0,
                TimeLimit => 1,
                Invalid => 2,
                Failed => 3,
            }] += 1;
        }
        c
    }
}

/// Builds the report of a whole sweep (`results[i]` is variant `i`) from its analysis.
pub fn build<'a>(
    m: &'a Manifest,
    results: &'a [VariantResult],
    analysis: Analysis,
    options: &'a Options,
) -> Report<'a> {
    let draws_of: Vec<Option<&str>> = m.variants.iter().map(|v| v.draws_of.as_deref()).collect();
    let draws = montecarlo::group(&draws_of, &analysis.figures);
    let ranked: Vec<usize> = (0..results.len())
        .filter(|&i| analysis.figures[i].is_some() && draws_of[i].is_none())
        .collect();
    let fig = |i: usize| {
        analysis.figures[i]
            .as_ref()
            .expect("ranked rows have figures")
    };
    let key = |i: usize| rank_key(fig(i), options);
    let ranks = competition_ranks(&ranked, |a, b| cmp_keys(&key(a), &key(b)));
    let points: Vec<[f64; N]> = ranked.iter().map(|&i| fig(i).values).collect();
    let front = pareto::front(&points, &options.tolerances);
    let mut rows: Vec<Row> = (0..results.len())
        .map(|i| {
            let pos = ranked.iter().position(|&j| j == i);
            let mut dominated_by: Vec<usize> = pos
                .and_then(|p| front[p].clone())
                .unwrap_or_default()
                .into_iter()
                .map(|q| ranked[q])
                .collect();
            dominated_by.sort_by_key(|&j| (ranks[&j], j));
            Row {
                index: i,
                stem: &m.variants[i].stem,
                result: &results[i],
                draws_of: draws_of[i],
                figures: analysis.figures[i].clone(),
                moves: analysis.moves[i].as_ref().map(Vec::len),
                rank: ranks.get(&i).copied(),
                dominated_by,
            }
        })
        .collect();
    rows.sort_by(|a, b| match (a.rank, b.rank) {
        (Some(x), Some(y)) => x.cmp(&y).then(a.index.cmp(&b.index)),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => a.index.cmp(&b.index),
    });
    Report {
        title: &m.name,
        settings: &m.settings,
        rows,
        base: analysis.figures[0].clone(),
        draws,
        options,
        yardstick: analysis.yardstick,
    }
}

/// The ranking key: each `--rank-by` measure, better first, in steps of its
/// tolerance (values within one step are equal; the steps make it a total order).
fn rank_key(f: &Figures, o: &Options) -> Vec<f64> {
    o.rank_by
        .iter()
        .map(|&k| {
            let v = if MEASURES[k].lower_is_better {
                f.values[k]
            } else {
                -f.values[k]
            };
            match o.tolerances[k] {
                t if t > 0.0 => (v / t).round(),
                _ => v,
            }
        })
        .collect()
}

fn cmp_keys(a: &[f64], b: &[f64]) -> Ordering {
    a.iter()
        .zip(b)
        .map(|(x, y)| x.total_cmp(y))
        .find(|o| o.is_ne())
        .unwrap_or(Ordering::Equal)
}

/// index → rank, 1 = first; equal keys share a rank ("1, 1, 3").
fn competition_ranks(
    idx: &[usize],
    cmp: impl Fn(usize, usize) -> Ordering,
) -> std::collections::BTreeMap<usize, usize> {
    let mut order = idx.to_vec();
    order.sort_by(|&a, &b| cmp(a, b).then(a.cmp(&b)));
    let mut out = std::collections::BTreeMap::new();
    let mut last: Option<(usize, usize)> = None;
    for (pos, &i) in order.iter().enumerate() {
        let rank = match last {
            Some((j, r)) if cmp(j, i) == Ordering::Equal => r,
            _ => pos + 1,
        };
        out.insert(i, rank);
        last = Some((i, rank));
    }
    out
}

/// Writes report.csv, report.md and report.html into `dir`, and each variant's
/// `<stem>.moves.csv` and packs (removing those a variant no longer has).
pub fn write<'a>(
    dir: &Path,
    m: &'a Manifest,
    results: &'a [VariantResult],
    options: &'a Options,
) -> Result<Report<'a>, FapError> {
    let analysis = analyse::analyse(dir, m, results, options.yardstick.as_deref())?;
    for (v, mv) in m.variants.iter().zip(&analysis.moves) {
        let path = files::moves(dir, &v.stem);
        match mv {
            Some(mv) => crate::output::write_atomic(&path, &yardstick::moves_csv(mv), &[])?,
            None => files::remove_if_present(&path)?,
        }
    }
    let has_plan: Vec<bool> = results.iter().map(|r| r.status.has_plan()).collect();
    packs::write(dir, m, &has_plan, &options.packs)?;
    let r = build(m, results, analysis, options);
    let [csv_name, md_name, html_name, draws_name, xlsx_name] = files::REPORTS;
    crate::output::write_atomic(&dir.join(csv_name), &csv::render(&r), &[])?;
    crate::output::write_atomic(&dir.join(draws_name), &csv::render_draws(&r), &[])?;
    crate::output::write_atomic(&dir.join(md_name), markdown::render(&r).as_bytes(), &[])?;
    crate::output::write_atomic(&dir.join(html_name), html::render(&r).as_bytes(), &[])?;
    crate::output::write_atomic(&dir.join(xlsx_name), &xlsx::render(&r)?, &[])?;
    Ok(r)
}

#[cfg(test)]
mod tests;
