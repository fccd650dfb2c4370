//! The sweep report's chart: each ranked variant by mean distance (across) and
//! max load ÷ fair share (up), as inline SVG. Every label is printed beside its
//! point where it does not overprint another ([`super::labels`]); a point with
//! no room is named in the caption instead. Coordinates are printed with fixed
//! decimals, so the page is stable bytes.

use super::labels::{place, Placed};
use super::{fixed, Report, Row};
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

/// A charted variant: its row and its values across and up.
type Point<'r, 'a> = (&'r Row<'a>, f64, f64);

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
        let (lo, hi) = padded(lo, hi);
        Axis { lo, hi, a, b }
    }
    fn px(&self, v: f64) -> f64 {
        self.a + (v - self.lo) / (self.hi - self.lo) * (self.b - self.a)
    }
    fn ticks(&self) -> impl Iterator<Item = f64> + '_ {
        (0..TICKS).map(|k| self.lo + (self.hi - self.lo) * k as f64 / (TICKS - 1) as f64)
    }
}

/// A value range widened by 8% each side (by 1 when it is one value; 0 to 1
/// when empty), so no point sits on the frame.
fn padded(lo: f64, hi: f64) -> (f64, f64) {
    if !lo.is_finite() {
        (0.0, 1.0)
    } else if hi - lo < 1e-9 {
        (lo - 1.0, hi + 1.0)
    } else {
        let pad = (hi - lo) * 0.08;
        (lo - pad, hi + pad)
    }
}

/// The chart, when some ranked variant has figures.
pub(super) fn chart(s: &mut String, r: &Report) {
    let pts = charted(r);
    if pts.is_empty() {
        return;
    }
    let x = Axis::over(pts.iter().map(|p| p.1), LEFT, W - RIGHT);
    let y = Axis::over(pts.iter().map(|p| p.2), H - BOTTOM, TOP);
    frame(s, &x, &y);
    points(s, &pts, &x, &y);
    let unlabelled = labels(s, &spots(&pts, &x, &y));
    caption(s, &unlabelled);
}

/// The ranked variants with figures, by their values across and up.
fn charted<'r, 'a>(r: &'r Report<'a>) -> Vec<Point<'r, 'a>> {
    let at = |row: &'r Row<'a>| {
        let f = row.figures.as_ref()?;
        Some((row, f.values[X], f.values[Y]))
    };
    r.rows
        .iter()
        .filter(|row| row.rank.is_some())
        .filter_map(at)
        .collect()
}

/// Dominated points first, so the front is drawn on top.
fn points(s: &mut String, pts: &[Point], x: &Axis, y: &Axis) {
    let mut order = pts.to_vec();
    order.sort_by_key(|(row, _, _)| (row.pareto(), row.index == 0, row.index));
    for (row, vx, vy) in &order {
        point(s, row, x.px(*vx), y.px(*vy));
    }
}

/// The SVG's opening, plot area, ticks and axis titles.
fn frame(s: &mut String, x: &Axis, y: &Axis) {
    let _ = write!(
        s,
        "<figure>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{W}\" height=\"{H}\" \
         viewBox=\"0 0 {W} {H}\" font-size=\"11\" role=\"img\" aria-label=\"mean distance against max load ÷ fair share\">\n\
         <rect x=\"{LEFT}\" y=\"{TOP}\" width=\"{}\" height=\"{}\" fill=\"#fafafa\" stroke=\"#999\"/>\n",
        W - LEFT - RIGHT,
        H - TOP - BOTTOM
    );
    ticks(s, x, y);
    axis_titles(s);
}

/// The values under the x axis and left of the y axis.
fn ticks(s: &mut String, x: &Axis, y: &Axis) {
    for t in x.ticks() {
        let (px, py) = (fixed(x.px(t), 1), fixed(H - BOTTOM + 16.0, 1));
        let v = fixed(t, 2);
        let _ = writeln!(
            s,
            "<text x=\"{px}\" y=\"{py}\" text-anchor=\"middle\">{v}</text>"
        );
    }
    for t in y.ticks() {
        let (px, py) = (fixed(LEFT - 6.0, 1), fixed(y.px(t), 1));
        let v = fixed(t, 2);
        let _ = writeln!(
            s,
            "<text x=\"{px}\" y=\"{py}\" text-anchor=\"end\" dominant-baseline=\"middle\">{v}</text>"
        );
    }
}

fn axis_titles(s: &mut String) {
    let _ = writeln!(
        s,
        "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">mean distance of placed pupils (km)</text>\n\
         <text transform=\"translate(16 {}) rotate(-90)\" text-anchor=\"middle\">max load ÷ fair share</text>",
        fixed((LEFT + W - RIGHT) / 2.0, 1),
        fixed(H - 10.0, 1),
        fixed((TOP + H - BOTTOM) / 2.0, 1)
    );
}

/// One label per spot: the distinct ranks of the variants drawn there, in
/// rank order.
fn spots<'r, 'a>(pts: &[Point<'r, 'a>], x: &Axis, y: &Axis) -> Vec<Spot<'r, 'a>> {
    let mut by_rank = pts.to_vec();
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
    spots
}

/// Prints the labels that fit; returns the spots with no room, and their text.
fn labels<'r, 'a>(s: &mut String, spots: &[Spot<'r, 'a>]) -> Vec<(&'r Row<'a>, String)> {
    let anchors: Vec<(f64, f64)> = spots.iter().map(|s| s.1).collect();
    let texts: Vec<String> = spots.iter().map(|s| ranks_text(&s.2)).collect();
    let frame = (LEFT, TOP, W - RIGHT, H - BOTTOM);
    let mut unlabelled = Vec::new();
    for (k, p) in place(&anchors, &texts, frame).into_iter().enumerate() {
        match p {
            Placed::At(lx, ly) => {
                let (lx, ly) = (fixed(lx, 1), fixed(ly, 1));
                let _ = writeln!(s, "<text x=\"{lx}\" y=\"{ly}\">{}</text>", texts[k]);
            }
            Placed::Nowhere => unlabelled.push((spots[k].3, texts[k].clone())),
        }
    }
    unlabelled
}

/// A spot's label: its ranks, comma-separated.
fn ranks_text(ranks: &[usize]) -> String {
    let ranks: Vec<String> = ranks.iter().map(usize::to_string).collect();
    ranks.join(",")
}

/// The caption, naming the points left without a label.
fn caption(s: &mut String, unlabelled: &[(&Row, String)]) {
    s.push_str(
        "</svg>\n<figcaption>Each ranked variant by mean distance (across) and max load ÷ fair share \
         (up), both under the yardstick; lower and further left is better. Filled: Pareto front; \
         red ring: the base; the number beside a point is its rank in the table.",
    );
    if !unlabelled.is_empty() {
        no_room(s, unlabelled);
    }
    s.push_str("</figcaption>\n</figure>\n");
}

/// Names the points left without a label, with their values.
fn no_room(s: &mut String, unlabelled: &[(&Row, String)]) {
    s.push_str(" No room for a label beside:");
    for (row, ranks) in unlabelled {
        let f = row.figures.as_ref().expect("charted rows have figures");
        let (x, y) = (fixed(f.values[X], 2), fixed(f.values[Y], 2));
        let _ = write!(s, " rank {ranks} ({x} km, {y});");
    }
    s.pop();
    s.push('.');
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
