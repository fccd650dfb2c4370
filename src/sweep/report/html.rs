//! `report.html`: the same table as `report.md`, one self-contained page with an
//! inline SVG chart (mean distance against unplaced pupils, the Pareto front
//! filled, the base ringed), so it opens offline and can be mailed as one file.
//! Coordinates are printed with fixed decimals, so the page is stable bytes.

use super::markdown::cells;
use super::{fixed, Report, Row, METRICS};
use crate::report::html::esc;
use std::collections::BTreeMap;
use std::fmt::Write;

const W: f64 = 720.0;
const H: f64 = 400.0;
const LEFT: f64 = 64.0;
const RIGHT: f64 = 24.0;
const TOP: f64 = 20.0;
const BOTTOM: f64 = 48.0;
const TICKS: usize = 5;
/// Most ranks written beside one spot of the chart.
const MAX_LABELS: usize = 4;

const STYLE: &str = "body{font-family:system-ui,sans-serif;margin:2em;color:#222}\
table{border-collapse:collapse;font-size:14px}\
th,td{border:1px solid #ccc;padding:4px 8px;text-align:right}\
td:nth-child(2),td:nth-child(3),th{text-align:left}\
tr.pareto td{background:#eef4ff}tr.base td{font-weight:600}\
figure{margin:1em 0}figcaption{font-size:13px;color:#555}";

/// The HTML page.
pub fn render(r: &Report) -> String {
    let mut s = String::new();
    let title = esc(r.title);
    let [opt, tl, inv, fail] = r.counts();
    let _ = write!(
        s,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <title>{title}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<h1>{title}</h1>\n\
         <p>{} variants: {opt} optimal, {tl} not proven optimal (time limit), {inv} invalid, \
         {fail} failed. Solver {}.</p>\n",
        r.rows.len(),
        esc(&r.settings.solver)
    );
    chart(&mut s, r);
    table(&mut s, r);
    failures(&mut s, r);
    s.push_str("</body>\n</html>\n");
    s
}

fn table(s: &mut String, r: &Report) {
    s.push_str(
        "<table>\n<thead><tr><th>Rank</th><th>Variant</th><th>Status</th><th>Objective</th>",
    );
    for m in &METRICS {
        let _ = write!(s, "<th>{}</th>", esc(m.label));
    }
    s.push_str("<th>Pareto</th></tr></thead>\n<tbody>\n");
    for row in &r.rows {
        let class = match (row.index == 0, row.pareto) {
            (true, _) => " class=\"base\"",
            (false, true) => " class=\"pareto\"",
            _ => "",
        };
        let _ = write!(s, "<tr{class}>");
        for c in cells(row, r.base) {
            let _ = write!(s, "<td>{}</td>", esc(&c));
        }
        s.push_str("</tr>\n");
    }
    s.push_str("</tbody>\n</table>\n");
}

fn failures(s: &mut String, r: &Report) {
    let failed = r.failed();
    if failed.is_empty() {
        return;
    }
    s.push_str("<h2>Variants without a plan</h2>\n<ul>\n");
    for row in failed {
        let f = row.result.failure.as_ref().expect("filtered above");
        let _ = write!(
            s,
            "<li><code>{}</code> ({}): {}",
            esc(&row.result.variant),
            row.result.status.as_str(),
            esc(&f.message)
        );
        if !f.issues.is_empty() {
            s.push_str("<ul>");
            for i in &f.issues {
                let _ = write!(s, "<li>{}</li>", esc(i.lines().next().unwrap_or("")));
            }
            s.push_str("</ul>");
        }
        s.push_str("</li>\n");
    }
    s.push_str("</ul>\n");
}

/// A linear axis over [lo, hi] mapped to [a, b] pixels.
struct Axis {
    lo: f64,
    hi: f64,
    a: f64,
    b: f64,
}

impl Axis {
    fn over(values: impl Iterator<Item = f64> + Clone, a: f64, b: f64) -> Axis {
        let lo = values.clone().fold(f64::INFINITY, f64::min);
        let hi = values.fold(f64::NEG_INFINITY, f64::max);
        let (lo, hi) = if !lo.is_finite() {
            (0.0, 1.0)
        } else if hi - lo < 1e-9 {
            (lo - 1.0, hi + 1.0)
        } else {
            let pad = (hi - lo) * 0.05;
            (lo - pad, hi + pad)
        };
        Axis { lo, hi, a, b }
    }
    fn px(&self, v: f64) -> f64 {
        self.a + (v - self.lo) / (self.hi - self.lo) * (self.b - self.a)
    }
    /// An axis of counts: from 0, with whole-number ticks.
    fn counts(max: f64, a: f64, b: f64) -> Axis {
        let step = (max / (TICKS - 1) as f64).ceil().max(1.0);
        Axis {
            lo: 0.0,
            hi: step * (TICKS - 1) as f64,
            a,
            b,
        }
    }
    fn ticks(&self) -> impl Iterator<Item = f64> + '_ {
        (0..TICKS).map(|k| self.lo + (self.hi - self.lo) * k as f64 / (TICKS - 1) as f64)
    }
}

fn chart(s: &mut String, r: &Report) {
    let pts: Vec<(&Row, f64, f64)> = r
        .rows
        .iter()
        .filter_map(|row| {
            let m = row.result.metrics.as_ref()?;
            Some((row, m.mean_km, m.unplaced as f64))
        })
        .collect();
    if pts.is_empty() {
        return;
    }
    let x = Axis::over(pts.iter().map(|p| p.1), LEFT, W - RIGHT);
    let y = Axis::counts(pts.iter().map(|p| p.2).fold(0.0, f64::max), H - BOTTOM, TOP);
    let _ = write!(
        s,
        "<figure>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{W}\" height=\"{H}\" \
         viewBox=\"0 0 {W} {H}\" font-size=\"11\" role=\"img\" aria-label=\"mean distance against unplaced pupils\">\n\
         <rect x=\"{LEFT}\" y=\"{TOP}\" width=\"{}\" height=\"{}\" fill=\"#fafafa\" stroke=\"#999\"/>\n",
        W - LEFT - RIGHT,
        H - TOP - BOTTOM
    );
    for t in x.ticks() {
        let px = fixed(x.px(t), 1);
        let _ = writeln!(
            s,
            "<text x=\"{px}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
            fixed(H - BOTTOM + 16.0, 1),
            fixed(t, 2)
        );
    }
    for t in y.ticks() {
        let py = fixed(y.px(t), 1);
        let _ = writeln!(
            s,
            "<text x=\"{}\" y=\"{py}\" text-anchor=\"end\" dominant-baseline=\"middle\">{}</text>",
            fixed(LEFT - 6.0, 1),
            fixed(t, 0)
        );
    }
    let _ = writeln!(
        s,
        "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">mean distance of placed pupils (km)</text>\n\
         <text transform=\"translate(16 {}) rotate(-90)\" text-anchor=\"middle\">unplaced pupils</text>",
        fixed((LEFT + W - RIGHT) / 2.0, 1),
        fixed(H - 10.0, 1),
        fixed((TOP + H - BOTTOM) / 2.0, 1)
    );
    // Dominated points first, so the front is drawn on top.
    let mut order = pts.clone();
    order.sort_by_key(|(row, _, _)| (row.pareto, row.index == 0));
    // One label per spot: the ranks of the variants drawn there.
    let mut labels: BTreeMap<(String, String), (f64, f64, Vec<usize>)> = BTreeMap::new();
    for (row, km, unplaced) in order {
        let (px, py) = (x.px(km), y.px(unplaced));
        let spot = (fixed(px, 1), fixed(py, 1));
        point(s, row, &spot.0, &spot.1);
        if let Some(k) = row.rank {
            labels.entry(spot).or_insert((px, py, Vec::new())).2.push(k);
        }
    }
    for (px, py, mut ranks) in labels.into_values() {
        ranks.sort_unstable();
        let mut text: Vec<String> = ranks
            .iter()
            .take(MAX_LABELS)
            .map(|k| k.to_string())
            .collect();
        if ranks.len() > MAX_LABELS {
            text.push(format!("+{}", ranks.len() - MAX_LABELS));
        }
        let _ = writeln!(
            s,
            "<text x=\"{}\" y=\"{}\">{}</text>",
            fixed(px + 8.0, 1),
            fixed(py - 6.0, 1),
            text.join(", ")
        );
    }
    s.push_str(
        "</svg>\n<figcaption>Each variant by mean distance and unplaced pupils; filled: \
         Pareto front over (unplaced, mean km, max load ÷ fair share); red ring: the base; \
         number: rank by objective. Hover a point for its name and figures.</figcaption>\n</figure>\n",
    );
}

fn point(s: &mut String, row: &Row, px: &str, py: &str) {
    let m = row
        .result
        .metrics
        .as_ref()
        .expect("charted rows have metrics");
    let (fill, stroke, radius) = match (row.index == 0, row.pareto) {
        (true, true) => ("#1f6feb", "#d1242f", 7.0),
        (true, false) => ("none", "#d1242f", 7.0),
        (false, true) => ("#1f6feb", "#1f6feb", 5.0),
        (false, false) => ("none", "#777", 5.0),
    };
    let tip = format!(
        "{}: rank {}, objective {}, unplaced {}, mean km {}, max load ÷ share {}",
        row.result.variant,
        row.rank.map_or("–".into(), |k| k.to_string()),
        row.result.objective.map_or("–".into(), |o| fixed(o, 2)),
        m.unplaced,
        fixed(m.mean_km, 2),
        fixed(m.max_load_ratio, 2)
    );
    let _ = writeln!(
        s,
        "<circle cx=\"{px}\" cy=\"{py}\" r=\"{radius}\" fill=\"{fill}\" stroke=\"{stroke}\" \
         stroke-width=\"2\"><title>{}</title></circle>",
        esc(&tip)
    );
}

#[cfg(test)]
mod tests {
    use super::esc;

    #[test]
    fn escapes_markup_in_names() {
        assert_eq!(
            esc("<b>\"S&1'</b>"),
            "&lt;b&gt;&quot;S&amp;1&#39;&lt;/b&gt;"
        );
    }
}
