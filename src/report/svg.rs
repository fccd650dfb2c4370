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
use super::Pack;
use crate::figures::num;
use crate::scenario::{Location, Target};
use std::fmt::Write;

const BAR_W: f64 = 420.0;
const LABEL_W: f64 = 150.0;
const ROW_H: f64 = 18.0;

/// The load chart of proposal 1: one bar per school and phase with a fair
/// share, most loaded first; the tick marks the fair share.
pub fn load_chart(pack: &Pack) -> String {
    let loads = &pack.metrics[0].school_loads;
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
        r##"<g font-size="10"><rect x="{LABEL_W}" y="4" width="10" height="10" fill="#2e86c1"/><text x="{}" y="13">at or under fair share</text><rect x="{}" y="4" width="10" height="10" fill="#c0392b"/><text x="{}" y="13">over fair share</text><line x1="{}" y1="3" x2="{}" y2="15" stroke="#000" stroke-width="2"/><text x="{}" y="13">fair share</text></g>"##,
        LABEL_W + 14.0,
        LABEL_W + 140.0,
        LABEL_W + 154.0,
        LABEL_W + 250.0,
        LABEL_W + 250.0,
        LABEL_W + 256.0
    );
    for (i, l) in loads.iter().enumerate() {
        let y = 24.0 + ROW_H * i as f64;
        let w = BAR_W * l.load_this_year / scale;
        let x_share = LABEL_W + BAR_W * l.fair_share / scale;
        let colour = if l.load_this_year > l.fair_share + 1e-9 {
            "#c0392b"
        } else {
            "#2e86c1"
        };
        let label = format!("{} ({})", l.school, l.phase);
        let _ = write!(
            s,
            r##"<g><title>{t}: load {load}, fair share {share}, ratio {ratio}</title><text x="{lx}" y="{ty}" font-size="10" text-anchor="end">{label}</text><rect x="{LABEL_W}" y="{y}" width="{w:.2}" height="{bh}" fill="{colour}"/><line x1="{x_share:.2}" y1="{y0}" x2="{x_share:.2}" y2="{y1}" stroke="#000" stroke-width="2"/><text x="{vx}" y="{ty}" font-size="10">{load} / {share}</text></g>"##,
            t = esc(&label),
            load = num(l.load_this_year),
            share = num(l.fair_share),
            ratio = num(l.load_ratio),
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
                .any(|l| l.school == sc.schools[s].id && l.load_ratio > 1.0 + 1e-9)
        })
        .collect();
    let mut s = String::new();
    let _ = write!(
        s,
        r##"<svg class="map" viewBox="0 0 {w:.0} {h:.0}" width="{w:.0}" height="{h:.0}" role="img" aria-label="Map of schools and AP providers with pupils placed in proposal 1"><rect x="0" y="0" width="{w:.0}" height="{h:.0}" fill="#f7f9fb" stroke="#ccd"/>"##
    );
    for (&t, &pt) in targets.iter().zip(&pts) {
        let (x, y) = at(pt);
        let placed = pack.best().iter().filter(|a| **a == Some(t)).count();
        let id = esc(sc.target_id(t));
        let title = format!(
            "{}: {placed} pupil(s) placed in proposal 1",
            pack.target_label(t)
        );
        let r = 3.0 + 2.5 * (placed as f64).sqrt();
        match t {
            Target::School(si) => {
                let fill = if over[si as usize] {
                    "#c0392b"
                } else if placed > 0 {
                    "#2e86c1"
                } else {
                    "#aab4be"
                };
                let _ = write!(
                    s,
                    r##"<g><title>{}</title><circle cx="{x:.1}" cy="{y:.1}" r="{r:.1}" fill="{fill}" fill-opacity="0.8" stroke="#fff"/>"##,
                    esc(&title)
                );
            }
            Target::Ap(_) => {
                let _ = write!(
                    s,
                    r##"<g><title>{}</title><polygon points="{:.1},{:.1} {:.1},{:.1} {:.1},{:.1}" fill="#8e44ad" fill-opacity="0.85" stroke="#fff"/>"##,
                    esc(&title),
                    x,
                    y - r - 2.0,
                    x - r - 2.0,
                    y + r,
                    x + r + 2.0,
                    y + r
                );
            }
        }
        let label = if placed > 0 {
            format!("{id} ({placed})")
        } else {
            id
        };
        let _ = write!(
            s,
            r##"<text x="{:.1}" y="{:.1}" font-size="9" fill="#223">{label}</text></g>"##,
            x + r + 2.0,
            y + 3.0
        );
    }
    let _ = write!(
        s,
        r##"<g font-size="10"><circle cx="14" cy="{ly:.0}" r="5" fill="#2e86c1"/><text x="24" y="{ty:.0}">school (size: pupils placed)</text><circle cx="190" cy="{ly:.0}" r="5" fill="#c0392b"/><text x="200" y="{ty:.0}">over fair share</text><polygon points="310,{a:.0} 305,{b:.0} 315,{b:.0}" fill="#8e44ad"/><text x="322" y="{ty:.0}">AP provider</text></g></svg>"##,
        ly = h - 12.0,
        ty = h - 8.0,
        a = h - 18.0,
        b = h - 8.0
    );
    s
}
