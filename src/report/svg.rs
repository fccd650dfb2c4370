//! Inline SVG for the HTML pack: a bar chart of each school's FAP load this
//! year against its fair share, and a map of schools and AP providers.
//!
//! The map shows where pupils are placed as a count per school or provider:
//! pupils' homes are never drawn (a home is an address, special-category data
//! that must not leave the system in a panel paper). Grid locations are drawn
//! as they are (north up); lat/lon locations are projected equirectangularly
//! around the mean latitude. SVG is written without a namespace URL: inline
//! SVG in HTML needs none, and the pack must not reference anything outside.

use super::html::esc;
use super::names;
use super::paper::loads::clearly_over;
use super::Pack;
use crate::figures::{fixed, ratio};
use crate::scenario::{Location, Target};
use std::fmt::Write;

const BAR_W: f64 = 420.0;
const LABEL_W: f64 = 240.0;
const ROW_H: f64 = 18.0;

/// The load chart of proposal 1: one bar per school and phase with a fair
/// share and some load this year (the table lists the rest), most loaded
/// first; the tick marks the fair share.
pub fn load_chart(pack: &Pack) -> String {
    let sc = pack.sc;
    let loads: Vec<_> = pack.metrics[0]
        .school_loads
        .iter()
        .filter(|l| l.load_this_year > 0.0)
        .collect();
    if loads.is_empty() {
        return String::new();
    }
    let scale = loads
        .iter()
        .map(|l| l.load_this_year.max(l.fair_share))
        .fold(0.0, f64::max)
        .max(1e-9)
        * 1.1;
    let width = LABEL_W + BAR_W + 70.0;
    let height = 30.0 + ROW_H * loads.len() as f64;
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg class="chart" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" aria-label="FAP load this year against fair share, per school">"#
    );
    let _ = write!(
        s,
        r##"<g font-size="10"><rect x="{LABEL_W}" y="4" width="10" height="10" fill="#2e86c1"/><text x="{}" y="13">at or under fair share</text><rect x="{}" y="4" width="10" height="10" fill="#c0392b"/><text x="{}" y="13">over share (1+ child)</text><line x1="{}" y1="3" x2="{}" y2="15" stroke="#000" stroke-width="2"/><text x="{}" y="13">fair share</text></g>"##,
        LABEL_W + 14.0,
        LABEL_W + 140.0,
        LABEL_W + 154.0,
        LABEL_W + 290.0,
        LABEL_W + 290.0,
        LABEL_W + 296.0
    );
    for (i, l) in loads.iter().enumerate() {
        let y = 24.0 + ROW_H * i as f64;
        let w = BAR_W * l.load_this_year / scale;
        let x_share = LABEL_W + BAR_W * l.fair_share / scale;
        let colour = if clearly_over(l) {
            "#c0392b"
        } else {
            "#2e86c1"
        };
        let name = sc
            .find_target(&l.school)
            .map_or(l.school.clone(), |t| names::name(sc, t));
        let label = format!("{} ({})", short(&name, 26), l.phase);
        let _ = write!(
            s,
            r##"<g><title>{t}: load {load}, fair share {share}, ratio {ratio}</title><text x="{lx}" y="{ty}" font-size="10" text-anchor="end">{label}</text><rect x="{LABEL_W}" y="{y}" width="{w:.2}" height="{bh}" fill="{colour}"/><line x1="{x_share:.2}" y1="{y0}" x2="{x_share:.2}" y2="{y1}" stroke="#000" stroke-width="2"/><text x="{vx}" y="{ty}" font-size="10">{load} / {share}</text></g>"##,
            t = esc(&label),
            load = fixed(l.load_this_year, 1),
            share = fixed(l.fair_share, 1),
            ratio = ratio(l.load_ratio),
            lx = LABEL_W - 6.0,
            ty = y + 11.0,
            label = esc(&label),
            bh = ROW_H - 5.0,
            y0 = y - 2.0,
            y1 = y + ROW_H - 3.0,
            vx = LABEL_W + BAR_W + 6.0,
        );
    }
    s.push_str("</svg>");
    s
}

/// One marker: a circle for a school (red when clearly over its fair share,
/// blue when children are placed there, grey otherwise), a triangle for AP.
fn marker(
    s: &mut String,
    pack: &Pack,
    t: Target,
    (x, y, r): (f64, f64, f64),
    placed: usize,
    over: &[bool],
) {
    let title = esc(&format!(
        "{}: {placed} placed in proposal 1",
        names::name(pack.sc, t)
    ));
    match t {
        Target::School(si) => circle(s, &title, (x, y, r), school_fill(over[si as usize], placed)),
        Target::Ap(_) => triangle(s, &title, (x, y, r)),
    }
}

/// Red when clearly over its fair share, blue when children are placed there, grey otherwise.
fn school_fill(over: bool, placed: usize) -> &'static str {
    if over {
        "#c0392b"
    } else if placed > 0 {
        "#2e86c1"
    } else {
        "#aab4be"
    }
}

/// A school's circle with its tooltip.
fn circle(s: &mut String, title: &str, (x, y, r): (f64, f64, f64), fill: &str) {
    let _ = write!(
        s,
        r##"<g><title>{title}</title><circle cx="{x:.1}" cy="{y:.1}" r="{r:.1}" fill="{fill}" fill-opacity="0.8" stroke="#fff"/></g>"##
    );
}

/// An AP provider's triangle with its tooltip.
fn triangle(s: &mut String, title: &str, (x, y, r): (f64, f64, f64)) {
    let (top, left, right) = ((x, y - r - 2.0), (x - r - 2.0, y + r), (x + r + 2.0, y + r));
    let _ = write!(
        s,
        r##"<g><title>{title}</title><polygon points="{:.1},{:.1} {:.1},{:.1} {:.1},{:.1}" fill="#8e44ad" fill-opacity="0.85" stroke="#fff"/></g>"##,
        top.0, top.1, left.0, left.1, right.0, right.1
    );
}

/// A label's box: x0, y0, x1, y1.
type Rect = (f64, f64, f64, f64);

fn overlaps(a: Rect, b: Rect) -> bool {
    a.0 < b.2 && b.0 < a.2 && a.1 < b.3 && b.1 < a.3
}

/// Labels for the places where children are placed (most first), each put
/// at the first of eight positions around its marker where it overprints no
/// other label or marker and stays inside the map; a label with no such
/// position is left off (its marker keeps its tooltip).
fn labels(
    s: &mut String,
    pack: &Pack,
    marks: &[(Target, f64, f64, f64, usize)],
    (w, h): (f64, f64),
) {
    const FONT: f64 = 9.0;
    let mut taken: Vec<Rect> = marks
        .iter()
        .map(|&(_, x, y, r, _)| (x - r, y - r, x + r, y + r))
        .collect();
    let mut order: Vec<&(Target, f64, f64, f64, usize)> =
        marks.iter().filter(|m| m.4 > 0).collect();
    order.sort_by_key(|m| std::cmp::Reverse(m.4));
    for &&(t, x, y, r, placed) in &order {
        let text = format!("{} ({placed})", short(&names::name(pack.sc, t), 24));
        let tw = 0.56 * FONT * text.chars().count() as f64;
        let g = r + 2.0;
        let spots = [
            (x + g, y - FONT / 2.0),
            (x - g - tw, y - FONT / 2.0),
            (x - tw / 2.0, y - g - FONT),
            (x - tw / 2.0, y + g),
            (x + g, y - g - FONT),
            (x + g, y + g),
            (x - g - tw, y - g - FONT),
            (x - g - tw, y + g),
        ];
        let fits = |&(lx, ly): &(f64, f64)| {
            let b = (lx, ly, lx + tw, ly + FONT);
            lx >= 0.0 && ly >= 0.0 && b.2 <= w && b.3 <= h && !taken.iter().any(|&o| overlaps(o, b))
        };
        if let Some(&(lx, ly)) = spots.iter().find(|p| fits(p)) {
            taken.push((lx, ly, lx + tw, ly + FONT));
            let _ = write!(
                s,
                r##"<text x="{lx:.1}" y="{:.1}" font-size="{FONT}" fill="#223">{}</text>"##,
                ly + FONT - 1.5,
                esc(&text)
            );
        }
    }
}

/// A name cut to `n` characters with an ellipsis.
pub fn short(name: &str, n: usize) -> String {
    if name.chars().count() <= n {
        name.to_string()
    } else {
        let cut: String = name.chars().take(n - 1).collect();
        format!("{}…", cut.trim_end())
    }
}

/// A projected point (x right, y down).
fn project(loc: Location, lat0: f64) -> (f64, f64) {
    match loc {
        Location::Grid { easting, northing } => (easting, -northing),
        Location::LatLon { lat, lon } => (lon * lat0.to_radians().cos(), -lat),
    }
}

/// The map: schools (circles, sized by pupils placed there in proposal 1,
/// red when a phase is over its fair share) and AP providers (triangles).
pub fn map(pack: &Pack) -> String {
    let sc = pack.sc;
    let targets: Vec<Target> = (0..sc.schools.len() as u32)
        .map(Target::School)
        .chain((0..sc.aps.len() as u32).map(Target::Ap))
        .collect();
    if targets.is_empty() {
        return String::new();
    }
    let lats: Vec<f64> = targets
        .iter()
        .filter_map(|&t| match sc.target_location(t) {
            Location::LatLon { lat, .. } => Some(lat),
            Location::Grid { .. } => None,
        })
        .collect();
    let lat0 = if lats.is_empty() {
        0.0
    } else {
        lats.iter().sum::<f64>() / lats.len() as f64
    };
    let pts: Vec<(f64, f64)> = targets
        .iter()
        .map(|&t| project(sc.target_location(t), lat0))
        .collect();
    let (mut x0, mut x1, mut y0, mut y1) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
    for &(x, y) in &pts {
        (x0, x1, y0, y1) = (x0.min(x), x1.max(x), y0.min(y), y1.max(y));
    }
    let span = (x1 - x0).max(y1 - y0).max(1e-9);
    let (size, pad) = (600.0, 30.0);
    let k = size / span;
    // Room for labels on the right and the legend below.
    let (w, h) = (
        (x1 - x0) * k + 2.0 * pad + 70.0,
        (y1 - y0) * k + 2.0 * pad + 24.0,
    );
    let at = |(x, y): (f64, f64)| (pad + (x - x0) * k, pad + (y - y0) * k);
    let over: Vec<bool> = (0..sc.schools.len())
        .map(|s| {
            pack.metrics[0]
                .school_loads
                .iter()
                .any(|l| l.school == sc.schools[s].id && clearly_over(l))
        })
        .collect();
    let mut s = String::new();
    let _ = write!(
        s,
        r##"<svg class="map" viewBox="0 0 {w:.0} {h:.0}" width="{w:.0}" height="{h:.0}" role="img" aria-label="Map of schools and AP providers with children placed in proposal 1"><rect x="0" y="0" width="{w:.0}" height="{h:.0}" fill="#f7f9fb" stroke="#ccd"/>"##
    );
    let mut marks = Vec::new();
    for (&t, &pt) in targets.iter().zip(&pts) {
        let (x, y) = at(pt);
        let placed = pack.best().iter().filter(|a| **a == Some(t)).count();
        let r = 3.0 + 2.5 * (placed as f64).sqrt();
        marker(&mut s, pack, t, (x, y, r), placed, &over);
        marks.push((t, x, y, r, placed));
    }
    labels(&mut s, pack, &marks, (w, h - 24.0));
    let _ = write!(
        s,
        r##"<g font-size="10"><circle cx="14" cy="{ly:.0}" r="5" fill="#2e86c1"/><text x="24" y="{ty:.0}">school (size: children placed)</text><circle cx="190" cy="{ly:.0}" r="5" fill="#c0392b"/><text x="200" y="{ty:.0}">over share (1+ child)</text><polygon points="330,{a:.0} 325,{b:.0} 335,{b:.0}" fill="#8e44ad"/><text x="342" y="{ty:.0}">AP provider</text></g></svg>"##,
        ly = h - 12.0,
        ty = h - 8.0,
        a = h - 18.0,
        b = h - 8.0
    );
    s
}
