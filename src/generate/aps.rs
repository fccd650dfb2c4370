//! AP providers of a generated scenario: synthetic ones near town centres, or
//! the real providers of a register extract with drawn places.
//!
//! Providers come in three kinds, as in DOMAIN.md's description of AP: KS3–4
//! (Years 7–11), KS4 vocational (Years 10–11) and primary (Years 1–6); places
//! are the few free this round, specialisms the tags pupils' needs are matched
//! against. Real providers keep their name, location and ages (clamped to the
//! round); only places and specialisms are drawn.

use super::random::Rng;
use super::schools::Centres;
use super::PhaseMix;
use crate::import::register::RegisterRow;
use crate::scenario::wire::{WireAp, WireLocation};
use crate::scenario::YearGroup;

/// An AP provider with its grid position and years.
pub struct GenAp {
    /// What is written.
    pub wire: WireAp,
    /// (easting, northing), m.
    pub at: (f64, f64),
    /// First and last year group index served.
    pub years: (u8, u8),
}

/// What an AP provider is for.
#[derive(Clone, Copy)]
enum ApKind {
    Secondary,
    Ks4,
    Primary,
}

fn ap_kinds(n: usize, mix: PhaseMix) -> Vec<ApKind> {
    let cycle: &[ApKind] = match mix {
        PhaseMix::Primary => &[ApKind::Primary],
        PhaseMix::Secondary => &[ApKind::Secondary, ApKind::Ks4],
        PhaseMix::Mixed => &[ApKind::Secondary, ApKind::Primary, ApKind::Ks4],
    };
    (0..n).map(|i| cycle[i % cycle.len()]).collect()
}

fn ap_details(kind: ApKind, rng: &mut Rng) -> (u32, Vec<String>) {
    let (places, tags): (u32, &[(&str, f64)]) = match kind {
        ApKind::Secondary => (rng.int(3, 10), &[("semh", 0.85), ("medical", 0.3)]),
        ApKind::Ks4 => (rng.int(2, 8), &[("ks4_vocational", 0.9), ("semh", 0.5)]),
        ApKind::Primary => (rng.int(1, 4), &[("semh", 0.9), ("medical", 0.2)]),
    };
    let mut s: Vec<String> = tags
        .iter()
        .filter(|(_, p)| rng.chance(*p))
        .map(|(t, _)| t.to_string())
        .collect();
    if s.is_empty() {
        s.push(tags[0].0.to_string());
    }
    s.sort();
    (places, s)
}

/// Synthetic AP providers near the town centres (largest towns first).
pub fn synthetic_aps(n: usize, mix: PhaseMix, centres: &Centres, rng: &mut Rng) -> Vec<GenAp> {
    ap_kinds(n, mix)
        .into_iter()
        .enumerate()
        .map(|(i, kind)| {
            let (c, town) = &centres[i % centres.len()];
            let at = (
                (c.0 + 500.0 * rng.normal()).round().max(0.0),
                (c.1 + 500.0 * rng.normal()).round().max(0.0),
            );
            let (places, specialisms) = ap_details(kind, rng);
            let (years, name) = match kind {
                ApKind::Secondary => ((7, 11), format!("{town} Learning Centre")),
                ApKind::Ks4 => ((10, 11), format!("{town} Vocational Centre")),
                ApKind::Primary => ((1, 6), format!("{town} Primary Support Centre")),
            };
            gen_ap(
                format!("AP{}", i + 1),
                Some(name),
                at,
                years,
                places,
                specialisms,
            )
        })
        .collect()
}

/// Real AP providers from register rows: location, name and ages are real
/// (years clamped to the round's phase; all of it when ages are blank); places
/// and specialisms are drawn. Rows serving no year of the round are left out.
pub fn real_aps(rows: &[RegisterRow], mix: PhaseMix, rng: &mut Rng) -> Vec<GenAp> {
    let (lo, hi) = mix.years();
    let mut out = Vec::new();
    for r in rows {
        let (first, last) = r
            .years()
            .map_or((lo, hi), |(a, b)| (a.0.max(lo), b.0.min(hi)));
        if first > last {
            continue;
        }
        let kind = if last <= 6 {
            ApKind::Primary
        } else if first >= 10 {
            ApKind::Ks4
        } else {
            ApKind::Secondary
        };
        let (places, specialisms) = ap_details(kind, rng);
        out.push(gen_ap(
            r.urn.clone(),
            r.name.clone(),
            (r.easting, r.northing),
            (first, last),
            places,
            specialisms,
        ));
    }
    out
}

fn gen_ap(
    id: String,
    name: Option<String>,
    at: (f64, f64),
    years: (u8, u8),
    places: u32,
    specialisms: Vec<String>,
) -> GenAp {
    GenAp {
        wire: WireAp {
            id,
            name,
            location: WireLocation::Grid {
                easting: at.0,
                northing: at.1,
            },
            places: i64::from(places),
            years: vec![
                YearGroup(years.0).to_string(),
                YearGroup(years.1).to_string(),
            ],
            specialisms: Some(specialisms),
        },
        at,
        years,
    }
}
