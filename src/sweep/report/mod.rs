//! The comparison report: variants ranked by objective and by the main metrics,
//! with deltas against the base and the Pareto front marked.
//!
//! [`build`] turns the manifest and the results (as read back from their files)
//! into a [`Report`]: rows in rank order, every rank decided with
//! `f64::total_cmp` and then the variant's index, so ties always break the same
//! way. The three renderings — [`csv`], [`markdown`], [`html`] — only format that
//! table; numbers are formatted in one place here ([`fixed`], [`signed`]).
//!
//! The Pareto front is over (unplaced pupils, mean distance, max load ÷ fair
//! share), all three lower-is-better: a variant is on it when no other variant
//! is at least as good on all three and better on one. Variants without a plan
//! are listed after the ranked ones, in sweep order, and take no part in ranks.

pub mod csv;
pub mod html;
pub mod markdown;

use super::files;
use super::result::{Manifest, Settings, Summary, VariantResult};
use crate::error::FapError;
use crate::plan::round;
use std::cmp::Ordering;
use std::path::Path;

/// A metric the report compares.
#[derive(Debug, Clone, Copy)]
pub struct Metric {
    /// Column key in the CSV.
    pub key: &'static str,
    /// Heading for people.
    pub label: &'static str,
    /// Is a lower value better?
    pub lower_is_better: bool,
    /// Decimals shown to people.
    pub decimals: usize,
    /// Shown as a percentage.
    pub percent: bool,
    /// The value.
    pub get: fn(&Summary) -> f64,
}

/// The compared metrics, in column order.
pub const METRICS: [Metric; 5] = [
    Metric {
        key: "unplaced",
        label: "Unplaced",
        lower_is_better: true,
        decimals: 0,
        percent: false,
        get: |s| s.unplaced as f64,
    },
    Metric {
        key: "mean_km",
        label: "Mean km",
        lower_is_better: true,
        decimals: 2,
        percent: false,
        get: |s| s.mean_km,
    },
    Metric {
        key: "max_load_ratio",
        label: "Max load ÷ share",
        lower_is_better: true,
        decimals: 2,
        percent: false,
        get: |s| s.max_load_ratio,
    },
    Metric {
        key: "above_pan_places",
        label: "Above PAN",
        lower_is_better: true,
        decimals: 0,
        percent: false,
        get: |s| s.above_pan_places as f64,
    },
    Metric {
        key: "first_preference_rate",
        label: "1st preference",
        lower_is_better: false,
        decimals: 1,
        percent: true,
        get: |s| s.first_preference_rate,
    },
];

/// One variant's row.
#[derive(Debug, Clone)]
pub struct Row<'a> {
    /// Index in the sweep (base = 0).
    pub index: usize,
    /// File stem under `variants/`.
    pub stem: &'a str,
    /// The result.
    pub result: &'a VariantResult,
    /// Rank by objective (1 = lowest); `None` without a plan.
    pub rank: Option<usize>,
    /// Rank by each of [`METRICS`].
    pub metric_ranks: [Option<usize>; 5],
    /// On the Pareto front.
    pub pareto: bool,
}

impl Row<'_> {
    /// The objective minus the base's.
    pub fn objective_delta(&self, base: Option<&VariantResult>) -> Option<f64> {
        Some(round(self.result.objective? - base?.objective?))
    }
    /// A metric minus the base's.
    pub fn delta(&self, m: &Metric, base: Option<&VariantResult>) -> Option<f64> {
        let a = (m.get)(self.result.metrics.as_ref()?);
        let b = (m.get)(base?.metrics.as_ref()?);
        Some(round(a - b))
    }
}

/// The whole comparison.
#[derive(Debug, Clone)]
pub struct Report<'a> {
    /// The sweep's title.
    pub title: &'a str,
    /// Settings of every solve.
    pub settings: &'a Settings,
    /// Ranked rows, then rows without a plan.
    pub rows: Vec<Row<'a>>,
    /// The base's result, when it has a plan.
    pub base: Option<&'a VariantResult>,
}

impl<'a> Report<'a> {
    /// The rows of variants without a plan, in report order.
    pub fn failed(&self) -> Vec<&Row<'a>> {
        self.rows
            .iter()
            .filter(|row| row.result.failure.is_some())
            .collect()
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

/// Builds the report of a whole sweep (`results[i]` is variant `i`).
pub fn build<'a>(m: &'a Manifest, results: &'a [VariantResult]) -> Report<'a> {
    let solved: Vec<usize> = (0..results.len())
        .filter(|&i| results[i].status.has_plan())
        .collect();
    let objective = |i: usize| results[i].objective.unwrap_or(f64::INFINITY);
    let ranks = competition_ranks(&solved, objective);
    let mut metric_ranks = vec![[None; 5]; results.len()];
    for (k, metric) in METRICS.iter().enumerate() {
        let key = |i: usize| {
            let v = results[i]
                .metrics
                .as_ref()
                .map_or(f64::INFINITY, metric.get);
            if metric.lower_is_better {
                v
            } else {
                -v
            }
        };
        for (i, r) in competition_ranks(&solved, key) {
            metric_ranks[i][k] = Some(r);
        }
    }
    let mut rank = vec![None; results.len()];
    for (i, r) in ranks {
        rank[i] = Some(r);
    }
    let mut on_front = vec![false; results.len()];
    for i in pareto_front(results, &solved) {
        on_front[i] = true;
    }
    let mut rows: Vec<Row> = (0..results.len())
        .map(|i| Row {
            index: i,
            stem: &m.variants[i].stem,
            result: &results[i],
            rank: rank[i],
            metric_ranks: metric_ranks[i],
            pareto: on_front[i],
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
        base: results.first().filter(|r| r.status.has_plan()),
    }
}

/// (index, rank) of each index, 1 = smallest key; equal keys share a rank
/// ("1, 1, 3").
fn competition_ranks(idx: &[usize], key: impl Fn(usize) -> f64) -> Vec<(usize, usize)> {
    let mut order = idx.to_vec();
    order.sort_by(|&a, &b| key(a).total_cmp(&key(b)).then(a.cmp(&b)));
    let mut out: Vec<(usize, usize)> = Vec::with_capacity(order.len());
    for (pos, &i) in order.iter().enumerate() {
        let rank = match out.last() {
            Some(&(j, r)) if key(j).total_cmp(&key(i)) == Ordering::Equal => r,
            _ => pos + 1,
        };
        out.push((i, rank));
    }
    out
}

/// The (unplaced, mean km, max load ratio) triple of a result.
fn pareto_point(r: &VariantResult) -> Option<[f64; 3]> {
    let s = r.metrics.as_ref()?;
    Some([s.unplaced as f64, s.mean_km, s.max_load_ratio])
}

/// Indices of the solved variants no other solved variant dominates.
pub fn pareto_front(results: &[VariantResult], solved: &[usize]) -> Vec<usize> {
    let pts: Vec<(usize, [f64; 3])> = solved
        .iter()
        .filter_map(|&i| pareto_point(&results[i]).map(|p| (i, p)))
        .collect();
    let dominates = |a: &[f64; 3], b: &[f64; 3]| {
        a.iter().zip(b).all(|(x, y)| x <= y) && a.iter().zip(b).any(|(x, y)| x < y)
    };
    pts.iter()
        .filter(|(_, p)| !pts.iter().any(|(_, q)| dominates(q, p)))
        .map(|(i, _)| *i)
        .collect()
}

/// Writes report.csv, report.md and report.html into `dir`.
pub fn write(dir: &Path, m: &Manifest, results: &[VariantResult]) -> Result<(), FapError> {
    let r = build(m, results);
    let [csv_name, md_name, html_name] = files::REPORTS;
    crate::output::write_atomic(&dir.join(csv_name), &csv::render(&r), &[])?;
    crate::output::write_atomic(&dir.join(md_name), markdown::render(&r).as_bytes(), &[])?;
    crate::output::write_atomic(&dir.join(html_name), html::render(&r).as_bytes(), &[])
}

/// A number with fixed decimals, never `-0`.
pub fn fixed(x: f64, decimals: usize) -> String {
    let s = format!("{x:.decimals$}");
    if s.starts_with('-') && s[1..].chars().all(|c| c == '0' || c == '.') {
        s[1..].to_string()
    } else {
        s
    }
}

/// A difference with its sign (`+1.50`, `-2`, `±0`).
pub fn signed(x: f64, decimals: usize) -> String {
    let s = fixed(x, decimals);
    if s.chars().all(|c| c == '0' || c == '.') {
        "±0".to_string()
    } else if s.starts_with('-') {
        s
    } else {
        format!("+{s}")
    }
}

/// A metric's value as shown to people.
pub fn show(m: &Metric, v: f64) -> String {
    if m.percent {
        format!("{}%", fixed(v * 100.0, m.decimals))
    } else {
        fixed(v, m.decimals)
    }
}

/// A metric's delta as shown to people.
pub fn show_delta(m: &Metric, d: f64) -> String {
    if m.percent {
        format!("{} pt", signed(d * 100.0, m.decimals))
    } else {
        signed(d, m.decimals)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sweep::result::Outcome;

    fn result(name: &str, objective: f64, triple: [f64; 3]) -> VariantResult {
        VariantResult {
            format: "fap-sweep-result/1".into(),
            variant: name.into(),
            scenario_sha256: None,
            settings: Settings {
                solver: "s".into(),
                time_limit_s: None,
                mip_rel_gap: 0.0,
            },
            status: Outcome::Optimal,
            objective: Some(objective),
            mip_gap: Some(0.0),
            warnings: 0,
            metrics: Some(Summary {
                pupils: 10,
                unplaced: triple[0] as usize,
                unplaced_fap: 0,
                mean_km: triple[1],
                max_km: 0.0,
                max_load_ratio: triple[2],
                gini_load_ratio: 0.0,
                above_pan_places: 0,
                over_cap_placements: 0,
                first_preference: 0,
                with_preferences: 0,
                first_preference_rate: 0.0,
            }),
            failure: None,
        }
    }

    #[test]
    fn pareto_front_keeps_undominated_and_equal_points() {
        let rs = [
            result("a", 1.0, [1.0, 2.0, 1.0]),
            result("b", 2.0, [0.0, 3.0, 1.0]),
            result("c", 3.0, [1.0, 2.5, 1.0]), // dominated by a
            result("d", 4.0, [1.0, 2.0, 1.0]), // equal to a: not dominated
        ];
        assert_eq!(pareto_front(&rs, &[0, 1, 2, 3]), [0, 1, 3]);
    }

    #[test]
    fn equal_keys_share_a_rank_and_order_by_index() {
        let keys = [5.0, 3.0, 5.0, 1.0];
        let r = competition_ranks(&[0, 1, 2, 3], |i| keys[i]);
        assert_eq!(r, [(3, 1), (1, 2), (0, 3), (2, 3)]);
    }

    #[test]
    fn numbers_have_fixed_decimals_and_no_negative_zero() {
        assert_eq!(fixed(-0.0001, 2), "0.00");
        assert_eq!(fixed(2.0 / 3.0, 3), "0.667");
        assert_eq!(signed(0.0, 1), "±0");
        assert_eq!(signed(-1.25, 1), "-1.2");
        assert_eq!(signed(3.0, 0), "+3");
    }
}
