//! Schools of a generated scenario: synthetic towns, or the real locations and
//! sizes of a school-register extract.
//!
//! Synthetic schools sit in towns (a few large, many small, Zipf-like), with a
//! sprinkling of rural schools, over about 10 km × 10 km per 50 schools. Sizes
//! follow phase: primary PANs 15–90 in forms of 15 (mostly 30 and 60),
//! secondary 120–300 (mostly 180–240). Free places are scarce: each year group
//! has free places with probability `1 − tight`, and is otherwise full, a few
//! already over PAN. A small ledger of this year's FAP admissions, an Ofsted mix
//! (mostly good), some single-sex secondaries and academy trusts complete them.
//!
//! With a register extract, locations, names, sex, Ofsted grades and PANs are the
//! real ones (PAN estimated as `fap import` does); only the rolls by year group
//! and the ledger are drawn. Real schools are never given a synthetic Ofsted
//! grade, trust or FAP exemption.

use super::random::Rng;
use super::PhaseMix;
use crate::import::register::{Basis, RegisterRow};
use crate::scenario::wire::{WireLocation, WireSchool, WireYearPlaces};
use crate::scenario::YearGroup;
use std::collections::BTreeMap;

/// A school with its grid position.
pub struct GenSchool {
    /// What is written.
    pub wire: WireSchool,
    /// (easting, northing), m.
    pub at: (f64, f64),
    /// Entry PAN by year group index (0 where not taught), for drawing homes.
    pub pan: [u32; 12],
    /// Admits boys / girls.
    pub admits: (bool, bool),
}

/// Points AP providers are placed near, with a name for them.
pub type Centres = Vec<((f64, f64), String)>;

/// A town: where schools (and AP) cluster.
struct Town {
    name: String,
    centre: (f64, f64),
    weight: f64,
    sd: f64,
}

/// Grid origin of synthetic areas (somewhere in the English Midlands).
const ORIGIN: (f64, f64) = (420_000.0, 310_000.0);

const PRIMARY_PAN: &[(u32, f64)] = &[
    (15, 8.0),
    (20, 4.0),
    (30, 36.0),
    (45, 12.0),
    (60, 28.0),
    (90, 12.0),
];
const SECONDARY_PAN: &[(u32, f64)] = &[
    (120, 8.0),
    (150, 14.0),
    (180, 22.0),
    (210, 18.0),
    (240, 18.0),
    (270, 10.0),
    (300, 10.0),
];
const OFSTED: &[(&str, f64)] = &[
    ("outstanding", 16.0),
    ("good", 58.0),
    ("requires_improvement", 12.0),
    ("inadequate", 4.0),
    ("not_inspected", 10.0),
];

const SYLLABLES: &[&str] = &[
    "Ash", "Bram", "Carl", "Dun", "Eld", "Fen", "Gar", "Hol", "Ings", "Kel", "Lang", "Mar", "Nor",
    "Oak", "Pen", "Rad", "Shel", "Thorn", "Wes", "Whit", "Ald", "Brad", "Cros", "Hart",
];
const ENDINGS: &[&str] = &[
    "by", "ford", "ham", "ley", "ton", "wick", "field", "bury", "worth", "stead", "combe", "thorpe",
];
const PLACES: &[&str] = &[
    "Park",
    "Meadow",
    "Church",
    "Hill",
    "Brook",
    "Green",
    "Oakfield",
    "Riverside",
    "Westfield",
    "Moor",
    "Grange",
    "Valley",
    "St Mary's",
    "All Saints",
    "St Joseph's",
    "Holy Trinity",
];
const TRUST_WORDS: &[&str] = &[
    "Northern",
    "Horizon",
    "Beacon",
    "Compass",
    "Unity",
    "Endeavour",
    "Pathways",
    "Summit",
    "Meridian",
    "Heartwood",
    "Evolve",
    "Keystone",
];
const TRUST_KINDS: &[&str] = &[
    "Learning Trust",
    "Academies Trust",
    "Education Trust",
    "Schools Trust",
];

fn town_name(rng: &mut Rng) -> String {
    let a = SYLLABLES[rng.index(SYLLABLES.len())];
    let b = ENDINGS[rng.index(ENDINGS.len())];
    format!("{a}{b}")
}

/// What a synthetic school teaches.
#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Primary,
    Infant,
    Junior,
    Secondary,
    AllThrough,
}

impl Kind {
    fn years(self) -> (u8, u8) {
        match self {
            Kind::Primary => (0, 6),
            Kind::Infant => (0, 2),
            Kind::Junior => (3, 6),
            Kind::Secondary => (7, 11),
            Kind::AllThrough => (0, 11),
        }
    }
}

/// School ids `S001`…, wide enough for `n`.
fn id(prefix: &str, i: usize, n: usize) -> String {
    let w = n.to_string().len().max(3);
    format!("{prefix}{:0w$}", i + 1)
}

fn kinds(n: usize, mix: PhaseMix, rng: &mut Rng) -> Vec<Kind> {
    let mut out = Vec::with_capacity(n);
    let (n_sec, n_all) = match mix {
        PhaseMix::Primary => (0, 0),
        PhaseMix::Secondary => (n, 0),
        PhaseMix::Mixed if n == 1 => (0, 1),
        PhaseMix::Mixed => {
            let all = if n >= 20 {
                (n as f64 * 0.02).round().max(1.0) as usize
            } else {
                0
            };
            let sec = ((n as f64 * 0.16).round() as usize).clamp(1, n - 1 - all);
            (sec, all)
        }
    };
    out.extend(std::iter::repeat_n(Kind::Secondary, n_sec));
    out.extend(std::iter::repeat_n(Kind::AllThrough, n_all));
    while out.len() < n {
        out.push(match rng.unit() {
            x if x < 0.04 => Kind::Infant,
            x if x < 0.08 => Kind::Junior,
            _ => Kind::Primary,
        });
    }
    // Shuffle (Fisher–Yates) so phases are spread over the towns.
    for i in (1..out.len()).rev() {
        out.swap(i, rng.index(i + 1));
    }
    out
}

fn towns(n_schools: usize, rng: &mut Rng) -> (Vec<Town>, f64) {
    let side = 10_000.0 * (n_schools as f64 / 50.0).sqrt().max(0.4);
    let n = ((n_schools as f64 / 12.0).round() as usize).max(1);
    let towns = (0..n)
        .map(|k| {
            let weight = 1.0 / (k + 1) as f64;
            Town {
                name: town_name(rng),
                centre: (
                    ORIGIN.0 + side * (0.1 + 0.8 * rng.unit()),
                    ORIGIN.1 + side * (0.1 + 0.8 * rng.unit()),
                ),
                weight,
                sd: side * (0.03 + 0.07 * weight.sqrt()),
            }
        })
        .collect();
    (towns, side)
}

/// Rounded to whole metres, inside the area.
fn place(p: (f64, f64), side: f64) -> (f64, f64) {
    let c = |v: f64, o: f64| v.clamp(o, o + side).round();
    (c(p.0, ORIGIN.0), c(p.1, ORIGIN.1))
}

/// The roll of one year group: free places with probability `p_free`, else
/// full (a few over PAN already).
fn roll(rng: &mut Rng, pan: u32, p_free: f64) -> WireYearPlaces {
    let on_roll = if pan > 0 && rng.chance(p_free) {
        let mean = 0.5 + f64::from(pan) / 30.0;
        let free = (1 + rng.geometric(mean)).min((pan / 4).max(1));
        pan - free
    } else {
        pan + rng.pick(&[(0, 75.0), (1, 15.0), (2, 7.0), (3, 3.0)])
    };
    WireYearPlaces {
        pan: i64::from(pan),
        on_roll: i64::from(on_roll),
    }
}

/// This year's FAP admissions so far: a few, more in secondary.
fn ledger(
    rng: &mut Rng,
    years: &BTreeMap<String, WireYearPlaces>,
) -> Option<BTreeMap<String, i64>> {
    let mut out = BTreeMap::new();
    let mut ys: Vec<YearGroup> = years.keys().filter_map(|y| YearGroup::parse(y)).collect();
    ys.sort();
    for y in ys {
        let p = if y.0 >= 7 { 0.3 } else { 0.06 };
        if rng.chance(p) {
            out.insert(y.to_string(), if rng.chance(0.2) { 2 } else { 1 });
        }
    }
    (!out.is_empty()).then_some(out)
}

fn pans(wire: &WireSchool) -> [u32; 12] {
    let mut pan = [0; 12];
    for (y, p) in &wire.year_groups {
        if let Some(y) = YearGroup::parse(y) {
            pan[y.index()] = p.pan as u32;
        }
    }
    pan
}

fn admits(sex: &Option<String>) -> (bool, bool) {
    match sex.as_deref() {
        Some("boys") => (true, false),
        Some("girls") => (false, true),
        _ => (true, true),
    }
}

/// Synthetic schools, and the centres AP providers are placed near.
pub fn synthetic(n: usize, mix: PhaseMix, tight: f64, rng: &mut Rng) -> (Vec<GenSchool>, Centres) {
    let (towns, side) = towns(n, rng);
    let town_w: Vec<f64> = towns.iter().map(|t| t.weight).collect();
    let n_trusts = (n / 10).max(1);
    let trusts: Vec<String> = (0..n_trusts)
        .map(|_| {
            format!(
                "{} {}",
                TRUST_WORDS[rng.index(TRUST_WORDS.len())],
                TRUST_KINDS[rng.index(TRUST_KINDS.len())]
            )
        })
        .collect();
    let trust_w: Vec<f64> = (0..n_trusts).map(|k| 1.0 / (k + 1) as f64).collect();
    let kinds = kinds(n, mix, rng);
    let mut out = Vec::with_capacity(n);
    for (i, kind) in kinds.into_iter().enumerate() {
        let rural = rng.chance(0.15);
        let t = &towns[rng.weighted(&town_w)];
        let at = if rural {
            place(
                (ORIGIN.0 + side * rng.unit(), ORIGIN.1 + side * rng.unit()),
                side,
            )
        } else {
            place(
                (
                    t.centre.0 + t.sd * rng.normal(),
                    t.centre.1 + t.sd * rng.normal(),
                ),
                side,
            )
        };
        let secondary = matches!(kind, Kind::Secondary);
        let sex = if secondary && rng.chance(0.1) {
            Some(if rng.chance(0.5) { "boys" } else { "girls" }.to_string())
        } else {
            None
        };
        let ofsted = rng.pick(OFSTED);
        let accepts_fap = (ofsted == "inadequate" && rng.chance(0.5)).then_some(false);
        let trust = rng
            .chance(0.6)
            .then(|| trusts[rng.weighted(&trust_w)].clone());
        let primary_pan = rng.pick(PRIMARY_PAN);
        let secondary_pan = rng.pick(SECONDARY_PAN);
        let (first, last) = kind.years();
        let year_groups: BTreeMap<String, WireYearPlaces> = (first..=last)
            .map(|y| {
                let pan = if y >= 7 { secondary_pan } else { primary_pan };
                (YearGroup(y).to_string(), roll(rng, pan, 1.0 - tight))
            })
            .collect();
        let fap_this_year = ledger(rng, &year_groups);
        let name = school_name(kind, &t.name, rng);
        let wire = WireSchool {
            id: id("S", i, n),
            name: Some(name),
            location: WireLocation::Grid {
                easting: at.0,
                northing: at.1,
            },
            sex,
            ofsted: (ofsted != "not_inspected").then(|| ofsted.to_string()),
            year_groups,
            fap_this_year,
            accepts_fap,
            trust,
        };
        out.push(GenSchool {
            pan: pans(&wire),
            admits: admits(&wire.sex),
            wire,
            at,
        });
    }
    let centres = towns.iter().map(|t| (t.centre, t.name.clone())).collect();
    (out, centres)
}

fn school_name(kind: Kind, town: &str, rng: &mut Rng) -> String {
    let place = PLACES[rng.index(PLACES.len())];
    match kind {
        Kind::Primary if rng.chance(0.3) => format!("{town} {place} Primary Academy"),
        Kind::Primary => format!("{place} Primary School, {town}"),
        Kind::Infant => format!("{place} Infant School, {town}"),
        Kind::Junior => format!("{place} Junior School, {town}"),
        Kind::Secondary if rng.chance(0.5) => format!("{town} High School"),
        Kind::Secondary => format!("{town} {place} Academy"),
        Kind::AllThrough => format!("{town} All-Through School"),
    }
}

/// Real schools from register rows (already filtered), with drawn rolls.
/// PANs are the register estimates; where the register has neither capacity
/// nor roll, a typical PAN is drawn. A school whose register roll is at or over
/// capacity has free places half as often; one under 85% full, 1.5 times as often.
pub fn real(rows: &[RegisterRow], mix: PhaseMix, tight: f64, rng: &mut Rng) -> Vec<GenSchool> {
    let (lo, hi) = mix.years();
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let (first, last) = r.years().expect("filtered rows have years");
        let (first, last) = (first.0.max(lo), last.0.min(hi));
        let e = r.estimate();
        let fullness = match (r.capacity, r.pupils) {
            (Some(c), Some(p)) if c > 0 => f64::from(p) / f64::from(c),
            _ => 0.9,
        };
        let m = if fullness >= 1.0 {
            0.5
        } else if fullness < 0.85 {
            1.5
        } else {
            1.0
        };
        let p_free = ((1.0 - tight) * m).clamp(0.0, 1.0);
        let typical = (rng.pick(PRIMARY_PAN), rng.pick(SECONDARY_PAN));
        let year_groups: BTreeMap<String, WireYearPlaces> = (first..=last)
            .map(|y| {
                let pan = match e.basis {
                    Basis::Typical if y >= 7 => typical.1,
                    Basis::Typical => typical.0,
                    _ => e.pan.max(1),
                };
                (YearGroup(y).to_string(), roll(rng, pan, p_free))
            })
            .collect();
        let mut wire = r.to_wire();
        wire.year_groups = year_groups;
        wire.fap_this_year = ledger(rng, &wire.year_groups);
        out.push(GenSchool {
            pan: pans(&wire),
            admits: admits(&wire.sex),
            at: (r.easting, r.northing),
            wire,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mixed_areas_have_both_phases_and_realistic_pans() {
        let mut rng = Rng::new(3);
        let (schools, _) = synthetic(60, PhaseMix::Mixed, 0.7, &mut rng);
        let sec = schools.iter().filter(|s| s.pan[9] > 0).count();
        let pri = schools.iter().filter(|s| s.pan[3] > 0).count();
        assert!(sec >= 5 && pri >= 40, "{sec} {pri}");
        for s in &schools {
            for (y, p) in &s.wire.year_groups {
                let y = YearGroup::parse(y).unwrap();
                let ok = if y.0 >= 7 {
                    (120..=300).contains(&p.pan)
                } else {
                    (15..=90).contains(&p.pan)
                };
                assert!(ok, "{} year {y}: pan {}", s.wire.id, p.pan);
            }
        }
    }

    #[test]
    fn ids_are_padded() {
        assert_eq!(id("S", 0, 50), "S001");
        assert_eq!(id("S", 1233, 2000), "S1234");
    }
}
