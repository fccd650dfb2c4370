//! Pupils of a generated scenario, in the proportions of a real panel round.
//!
//! FAP referrals are mostly secondary and concentrated in Years 9–11 (exclusions
//! peak there); category (d), returning from AP or after a permanent exclusion,
//! is the largest, then CIN/CP (a), SEN (e), out of education (l) and refused
//! on behaviour (j). About a fifth of the pupils are ordinary in-year
//! applications. Homes are drawn near schools teaching the pupil's year group
//! (weighted by PAN, i.e. where families live), preferences mostly among the
//! nearest suitable schools, the excluding school is one the pupil lived near,
//! and AP routes and needs go with the category. All proportions are in the
//! tables below and in docs/generate.md.

use super::aps::GenAp;
use super::draws::{Draw, Drawn};
use super::nearby::Grid;
use super::random::{Cumulative, Rng};
use super::schools::GenSchool;
use super::PhaseMix;
use crate::scenario::wire::{WireLocation, WirePupil};
use crate::scenario::{Policy, YearGroup};

/// Share of pupils who are in-year applications rather than FAP referrals.
pub const IN_YEAR_SHARE: f64 = 0.2;
/// Share of FAP pupils who are secondary when the round is mixed.
pub const FAP_SECONDARY_SHARE: f64 = 0.7;

const FAP_SECONDARY_YEARS: &[(u8, f64)] = &[(7, 8.0), (8, 14.0), (9, 24.0), (10, 30.0), (11, 24.0)];
const FAP_PRIMARY_YEARS: &[(u8, f64)] = &[
    (0, 4.0),
    (1, 7.0),
    (2, 9.0),
    (3, 12.0),
    (4, 15.0),
    (5, 22.0),
    (6, 31.0),
];
const IN_YEAR_SECONDARY_YEARS: &[(u8, f64)] =
    &[(7, 22.0), (8, 22.0), (9, 22.0), (10, 20.0), (11, 14.0)];
const IN_YEAR_PRIMARY_YEARS: &[(u8, f64)] = &[
    (0, 16.0),
    (1, 15.0),
    (2, 15.0),
    (3, 14.0),
    (4, 14.0),
    (5, 13.0),
    (6, 13.0),
];
/// Candidate schools kept per pupil (nearest suitable first).
pub(super) const NEAREST: usize = 10;
/// Pupil sex: 0 f, 1 m, 2 x.
pub(super) type Sex = usize;
const SEX_CODES: [&str; 3] = ["f", "m", "x"];

/// Draws homes: per year group and sex, schools weighted by PAN.
pub struct Homes {
    by: Vec<Cumulative>, // [year * 3 + sex]
}

impl Homes {
    /// From the schools.
    pub fn new(schools: &[GenSchool]) -> Homes {
        let pool = |y: usize, sex: Sex| {
            let weight = move |s: &GenSchool| {
                if admits(s, sex) {
                    f64::from(s.pan[y])
                } else {
                    0.0
                }
            };
            Cumulative::new(schools.iter().map(weight))
        };
        let by = (0..12)
            .flat_map(|y| (0..3).map(move |sex| pool(y, sex)))
            .collect();
        Homes { by }
    }

    fn pool(&self, y: u8, sex: Sex) -> &Cumulative {
        &self.by[y as usize * 3 + sex]
    }

    /// Is the year group taught by any school?
    pub fn taught(&self, y: u8) -> bool {
        (0..3).any(|sex| !self.pool(y, sex).is_empty())
    }
}

/// Everything a pupil draw needs.
pub struct World<'a> {
    /// Schools.
    pub schools: &'a [GenSchool],
    /// AP providers.
    pub aps: &'a [GenAp],
    /// Schools bucketed by location.
    pub grid: &'a Grid,
    /// Home pools.
    pub homes: &'a Homes,
    /// The default policy (travel limits).
    pub policy: &'a Policy,
    /// The shape knobs (FAP share, preferences, AP share).
    pub shape: &'a super::shape::Shape,
}

/// `n` pupils, and for each the suitable schools nearest its home (for pins).
pub fn pupils(
    n: usize,
    mix: PhaseMix,
    w: &World,
    rng: &mut Rng,
) -> (Vec<WirePupil>, Vec<Vec<u32>>) {
    let width = n.to_string().len().max(4);
    let mut buf = Vec::new();
    (0..n)
        .map(|i| pupil(format!("P{:0width$}", i + 1), mix, w, rng, &mut buf))
        .unzip()
}

/// A year group some school teaches, by the table of the pupil's kind and phase.
fn year(rng: &mut Rng, fap: bool, secondary: bool, homes: &Homes) -> Option<u8> {
    let taught: Vec<(u8, f64)> = year_table(fap, secondary)
        .iter()
        .copied()
        .filter(|(y, _)| homes.taught(*y))
        .collect();
    (!taught.is_empty()).then(|| rng.pick(&taught))
}
/// One pupil and the suitable schools nearest its home.
fn pupil(
    id: String,
    mix: PhaseMix,
    w: &World,
    rng: &mut Rng,
    buf: &mut Vec<(f64, u32)>,
) -> (WirePupil, Vec<u32>) {
    let fap = !rng.chance(w.shape.in_year_share());
    let (y, sex) = year_and_sex(fap, mix, w.homes, rng);
    let anchor = &w.schools[w.homes.pool(y, sex).draw(rng)];
    let home = home_near(anchor, y, rng);
    let phase = YearGroup(y).phase();
    let radius = 1000.0 * w.policy.max_travel_km(phase) / w.policy.route_factor;
    w.grid.within(home, radius, |s| suits(w, s, y, sex), buf);
    let cands: Vec<u32> = buf.iter().map(|x| x.1).take(NEAREST).collect();
    let mut d = Draw {
        rng,
        cands: &cands,
        used: Vec::new(),
    };
    let drawn = d.pupil(fap, (y, sex), (home, radius), w, buf);
    (drawn.into_wire(id, w), cands)
}

/// Year group and sex, from the round's phase mix and the tables above, kept
/// to year groups some school teaches.
fn year_and_sex(fap: bool, mix: PhaseMix, homes: &Homes, rng: &mut Rng) -> (u8, Sex) {
    let secondary = match mix {
        PhaseMix::Primary => false,
        PhaseMix::Secondary => true,
        PhaseMix::Mixed => rng.chance(if fap { FAP_SECONDARY_SHARE } else { 0.5 }),
    };
    let y = year(rng, fap, secondary, homes)
        .or_else(|| year(rng, fap, !secondary, homes))
        .expect("the caller checked that some school teaches the round's phase");
    let sex: Sex = if fap {
        rng.pick(&[(1, 60.0), (0, 38.0), (2, 2.0)])
    } else {
        rng.pick(&[(1, 50.0), (0, 49.0), (2, 1.0)])
    };
    // Where the only schools of the year are single-sex, pupils are of their sex.
    let sex = [sex, 0, 1, 2]
        .into_iter()
        .find(|&x| !homes.pool(y, x).is_empty())
        .expect("the year group is taught");
    (y, sex)
}

/// A home around a school of the year group: 1.6 km spread for secondary
/// pupils, 0.9 km for primary.
fn home_near(anchor: &GenSchool, y: u8, rng: &mut Rng) -> (f64, f64) {
    let sd = if y >= 7 { 1600.0 } else { 900.0 };
    (
        (anchor.at.0 + sd * rng.normal()).round().max(0.0),
        (anchor.at.1 + sd * rng.normal()).round().max(0.0),
    )
}

impl Drawn {
    /// The pupil as the scenario writes it.
    fn into_wire(self, id: String, w: &World) -> WirePupil {
        let ids = |v: &[u32]| school_ids(w, v);
        let prefs = self.preferences;
        let needs = self.needs;
        WirePupil {
            id,
            kind: if self.fap { "fap" } else { "in_year" }.to_string(),
            category: self.category.map(String::from),
            year_group: YearGroup(self.year).to_string(),
            sex: SEX_CODES[self.sex].to_string(),
            home: WireLocation::Grid {
                easting: self.home.0,
                northing: self.home.1,
            },
            days_out_of_education: (self.days > 0.0).then_some(self.days),
            preferences: (!prefs.is_empty()).then_some(prefs),
            excluded_from: ids(&self.excluded),
            previous_schools: ids(&self.previous),
            siblings_at: ids(&self.siblings),
            avoid: ids(&self.avoid),
            route: self.route.filter(|r| *r != "school").map(str::to_string),
            needs: (!needs.is_empty()).then_some(needs),
            behaviour_concern: self.behaviour.then_some(true),
            twice_excluded: self.twice.then_some(true),
            load_weight: self.load_weight,
            pinned: None,
            travel_km: None,
        }
    }
}

/// The ids of schools, `None` for none.
fn school_ids(w: &World, v: &[u32]) -> Option<Vec<String>> {
    (!v.is_empty()).then(|| {
        v.iter()
            .map(|&s| w.schools[s as usize].wire.id.clone())
            .collect()
    })
}

fn year_table(fap: bool, secondary: bool) -> &'static [(u8, f64)] {
    match (fap, secondary) {
        (true, true) => FAP_SECONDARY_YEARS,
        (true, false) => FAP_PRIMARY_YEARS,
        (false, true) => IN_YEAR_SECONDARY_YEARS,
        (false, false) => IN_YEAR_PRIMARY_YEARS,
    }
}

/// Does school `s` admit a pupil of this sex?
fn admits(s: &GenSchool, sex: Sex) -> bool {
    [s.admits.1, s.admits.0, s.admits.0 && s.admits.1][sex]
}

/// Does school `s` teach year `y` and admit a pupil of this sex?
pub(super) fn suits(w: &World, s: u32, y: u8, sex: Sex) -> bool {
    let s = &w.schools[s as usize];
    s.pan[y as usize] > 0 && admits(s, sex)
}
