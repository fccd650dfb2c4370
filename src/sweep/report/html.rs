//! `report.html`: the same tables as `report.md`, one self-contained page with
//! an inline SVG chart, so it opens offline and can be mailed as one file.
//! Everything on it is printed (no hover-only information); the chart's
//! labels are placed so they never overprint ([`super::labels`]).
//! Coordinates are printed with fixed decimals, so the page is stable bytes.

use super::labels::{place, Placed};
use super::markdown::{cells, draw_cells, explain};
use super::measures::MEASURES;
use super::{fixed, Report, Row};
use crate::report::html::esc;
use std::fmt::Write;

const W: f64 = 720.0;
const H: f64 = 420.0;
const LEFT: f64 = 64.0;
const RIGHT: f64 = 24.0;
const TOP: f64 = 20.0;
const BOTTOM: f64 = 48.0;
const TICKS: usize = 5;
/// Measures on the chart's axes: mean km across, max load ÷ share up.
const X: usize = 3;
const Y: usize = 5;

const STYLE: &str = "body{font-family:system-ui,sans-serif;margin:2em;color:#222}\
table{border-collapse:collapse;font-size:13px}\
th,td{border:1px solid #ccc;padding:3px 6px;text-align:right}\
td:nth-child(2),td:nth-child(3),th{text-align:left}\
tr.pareto td{background:#eef4ff}tr.base td{font-weight:600}\
figure{margin:1em 0;break-inside:avoid}figcaption{font-size:13px;color:#444}\
@page{size:A4 landscape;margin:12mm}\
@media print{body{margin:0}table{font-size:10px}tr{break-inside:avoid}}";

/// The HTML page.
pub fn render(r: &Report) -> String {
    let mut s = String::new();
    let title = esc(r.title);
    let _ = write!(
        s,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <title>{title}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<h1>{title}</h1>\n"
    );
    for p in explain(r) {
        let _ = writeln!(s, "<p>{}</p>", esc(&p));
    }
    chart(&mut s, r);
    table(&mut s, r);
    draws(&mut s, r);
    failures(&mut s, r);
    s.push_str("</body>\n</html>\n");
    s
}

fn head_row(s: &mut String, labels: &[&str]) {
    s.push_str("<table>\n<thead><tr>");
    for l in labels {
        let _ = write!(s, "<th>{}</th>", esc(l));
    }
    s.push_str("</tr></thead>\n<tbody>\n");
}

fn table(s: &mut String, r: &Report) {
    let mut head = vec!["Rank", "Variant", "Status"];
    head.extend(MEASURES.iter().map(|m| m.label));
    head.extend(["Moves", "Own objective", "Pareto"]);
    head_row(s, &head);
    for row in r.table_rows() {
        let class = match (row.index == 0, row.pareto()) {
            (true, _) => " class=\"base\"",
            (false, true) => " class=\"pareto\"",
            _ => "",
        };
        let _ = write!(s, "<tr{class}>");
        for (k, c) in cells(r, row).iter().enumerate() {
            match r.pack(row).filter(|_| k == 1) {
                Some(pack) => {
                    let _ = write!(s, "<td><a href=\"{}\">{}</a></td>", esc(&pack), esc(c));
                }
                None => {
                    let _ = write!(s, "<td>{}</td>", esc(c));
                }
            }
        }
        s.push_str("</tr>\n");
    }
    s.push_str("</tbody>\n</table>\n");
}

fn draws(s: &mut String, r: &Report) {
    if r.draws.is_empty() {
        return;
    }
    s.push_str(
        "<h2>Random draws</h2>\n<p>Each entry with several draws as one row; each cell: mean · \
         10th–90th percentile · smallest–largest over the draws with a plan (each draw in \
         report.csv and draws.csv).</p>\n",
    );
    let mut head = vec!["Entry", "Draws"];
    head.extend(MEASURES.iter().map(|m| m.label));
    head_row(s, &head);
    for d in &r.draws {
        s.push_str("<tr>");
        for c in draw_cells(d) {
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

/// A labelled spot of the chart: its key, pixel position, ranks and first row.
type Spot<'r, 'a> = ((String, String), (f64, f64), Vec<usize>, &'r Row<'a>);

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
            let pad = (hi - lo) * 0.08;
            (lo - pad, hi + pad)
        };
        Axis { lo, hi, a, b }
    }
    fn px(&self, v: f64) -> f64 {
        self.a + (v - self.lo) / (self.hi - self.lo) * (self.b - self.a)
    }
    fn ticks(&self) -> impl Iterator<Item = f64> + '_ {
        (0..TICKS).map(|k| self.lo + (self.hi - self.lo) * k as f64 / (TICKS - 1) as f64)
    }
}

fn chart(s: &mut String, r: &Report) {
    let pts: Vec<(&Row, f64, f64)> = r
        .rows
        .iter()
        .filter(|row| row.rank.is_some())
        .filter_map(|row| {
            let f = row.figures.as_ref()?;
            Some((row, f.values[X], f.values[Y]))
        })
        .collect();
    if pts.is_empty() {
        return;
    }
    let x = Axis::over(pts.iter().map(|p| p.1), LEFT, W - RIGHT);
    let y = Axis::over(pts.iter().map(|p| p.2), H - BOTTOM, TOP);
    let _ = write!(
        s,
        "<figure>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{W}\" height=\"{H}\" \
         viewBox=\"0 0 {W} {H}\" font-size=\"11\" role=\"img\" aria-label=\"mean distance against max load ÷ fair share\">\n\
         <rect x=\"{LEFT}\" y=\"{TOP}\" width=\"{}\" height=\"{}\" fill=\"#fafafa\" stroke=\"#999\"/>\n",
        W - LEFT - RIGHT,
        H - TOP - BOTTOM
    );
    for t in x.ticks() {
        let _ = writeln!(
            s,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
            fixed(x.px(t), 1),
            fixed(H - BOTTOM + 16.0, 1),
            fixed(t, 2)
        );
    }
    for t in y.ticks() {
        let _ = writeln!(
            s,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" dominant-baseline=\"middle\">{}</text>",
            fixed(LEFT - 6.0, 1),
            fixed(y.px(t), 1),
            fixed(t, 2)
        );
    }
    let _ = writeln!(
        s,
        "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">mean distance of placed pupils (km)</text>\n\
         <text transform=\"translate(16 {}) rotate(-90)\" text-anchor=\"middle\">max load ÷ fair share</text>",
        fixed((LEFT + W - RIGHT) / 2.0, 1),
        fixed(H - 10.0, 1),
        fixed((TOP + H - BOTTOM) / 2.0, 1)
    );
    // Dominated points first, so the front is drawn on top; labels in rank order.
    let mut order = pts.clone();
    order.sort_by_key(|(row, _, _)| (row.pareto(), row.index == 0, row.index));
    for (row, vx, vy) in &order {
        point(s, row, x.px(*vx), y.px(*vy));
    }
    // One label per spot: the distinct ranks of the variants drawn there.
    let mut by_rank = pts.clone();
    by_rank.sort_by_key(|(row, _, _)| (row.rank, row.index));
    let mut spots: Vec<Spot> = Vec::new();
    for (row, vx, vy) in &by_rank {
        let (px, py) = (x.px(*vx), y.px(*vy));
        let key = (fixed(px, 1), fixed(py, 1));
        let k = row.rank.unwrap_or(0);
        match spots.iter_mut().find(|s| s.0 == key) {
            Some(s) if s.2.contains(&k) => {}
            Some(s) => s.2.push(k),
            None => spots.push((key, (px, py), vec![k], row)),
        }
    }
    let anchors: Vec<(f64, f64)> = spots.iter().map(|s| s.1).collect();
    let texts: Vec<String> = spots
        .iter()
        .map(|s| {
            s.2.iter()
                .map(|k| k.to_string())
                .collect::<Vec<_>>()
                .join(",")
        })
        .collect();
    let frame = (LEFT, TOP, W - RIGHT, H - BOTTOM);
    let mut unlabelled = Vec::new();
    for (k, p) in place(&anchors, &texts, frame).into_iter().enumerate() {
        match p {
            Placed::At(lx, ly) => {
                let _ = writeln!(
                    s,
                    "<text x=\"{}\" y=\"{}\">{}</text>",
                    fixed(lx, 1),
                    fixed(ly, 1),
                    texts[k]
                );
            }
            Placed::Nowhere => unlabelled.push((spots[k].3, texts[k].clone())),
        }
    }
    s.push_str(
        "</svg>\n<figcaption>Each ranked variant by mean distance (across) and max load ÷ fair share \
         (up), both under the yardstick; lower and further left is better. Filled: Pareto front; \
         red ring: the base; the number beside a point is its rank in the table.",
    );
    if !unlabelled.is_empty() {
        s.push_str(" No room for a label beside:");
        for (row, ranks) in unlabelled {
            let f = row.figures.as_ref().expect("charted rows have figures");
            let _ = write!(
                s,
                " rank {ranks} ({} km, {});",
                fixed(f.values[X], 2),
                fixed(f.values[Y], 2)
            );
        }
        s.pop();
        s.push('.');
    }
    s.push_str("</figcaption>\n</figure>\n");
}

fn point(s: &mut String, row: &Row, px: f64, py: f64) {
    let (fill, stroke, radius) = match (row.index == 0, row.pareto()) {
        (true, true) => ("#1f6feb", "#d1242f", 7.0),
        (true, false) => ("none", "#d1242f", 7.0),
        (false, true) => ("#1f6feb", "#1f6feb", 4.0),
        (false, false) => ("none", "#777", 4.0),
    };
    let _ = writeln!(
        s,
        "<circle cx=\"{}\" cy=\"{}\" r=\"{radius}\" fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"1.5\"/>",
        fixed(px, 1),
        fixed(py, 1)
    );
}
