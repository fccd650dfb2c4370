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
const CATEGORIES: &[(char, f64)] = &[
    ('a', 12.0),
    ('b', 3.0),
    ('c', 5.0),
    ('d', 24.0),
    ('e', 12.0),
    ('f', 2.0),
    ('g', 5.0),
    ('h', 2.0),
    ('i', 8.0),
    ('j', 10.0),
    ('k', 3.0),
    ('l', 11.0),
    ('m', 3.0),
];
const PREFERENCE_COUNT: &[(usize, f64)] = &[
    (1, 30.0),
    (2, 30.0),
    (3, 25.0),
    (4, 8.0),
    (5, 4.0),
    (6, 3.0),
];
/// Candidate schools kept per pupil (nearest suitable first).
const NEAREST: usize = 10;
/// Weight of the k-th nearest candidate as a preference: e^(−k/3), written out
/// so that no platform's `exp` is involved.
const NEARER_FIRST: [f64; NEAREST] = [
    1.0,
    0.716_531_310_573_789_3,
    0.513_417_119_032_592,
    0.367_879_441_171_442_33,
    0.263_597_138_115_726_77,
    0.188_875_602_837_561_83,
    0.135_335_283_236_612_7,
    0.096_971_967_864_405_05,
    0.069_483_451_222_801_54,
    0.049_787_068_367_863_944,
];

/// Pupil sex: 0 f, 1 m, 2 x.
type Sex = usize;
const SEX_CODES: [&str; 3] = ["f", "m", "x"];

/// Draws homes: per year group and sex, schools weighted by PAN.
pub struct Homes {
    by: Vec<Cumulative>, // [year * 3 + sex]
}

impl Homes {
    /// From the schools.
    pub fn new(schools: &[GenSchool]) -> Homes {
        let mut by = Vec::with_capacity(36);
        for y in 0..12 {
            for sex in 0..3 {
                by.push(Cumulative::new(schools.iter().map(|s| {
                    let ok = match sex {
                        0 => s.admits.1,
                        1 => s.admits.0,
                        _ => s.admits.0 && s.admits.1,
                    };
                    if ok {
                        f64::from(s.pan[y])
                    } else {
                        0.0
                    }
                })));
            }
        }
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
    let mut out = Vec::with_capacity(n);
    let mut near = Vec::with_capacity(n);
    for i in 0..n {
        let (p, cands) = pupil(format!("P{:0width$}", i + 1), mix, w, rng, &mut buf);
        out.push(p);
        near.push(cands);
    }
    (out, near)
}

fn year(rng: &mut Rng, fap: bool, secondary: bool, homes: &Homes) -> Option<u8> {
    let table = match (fap, secondary) {
        (true, true) => FAP_SECONDARY_YEARS,
        (true, false) => FAP_PRIMARY_YEARS,
        (false, true) => IN_YEAR_SECONDARY_YEARS,
        (false, false) => IN_YEAR_PRIMARY_YEARS,
    };
    let taught: Vec<(u8, f64)> = table
        .iter()
        .copied()
        .filter(|(y, _)| homes.taught(*y))
        .collect();
    (!taught.is_empty()).then(|| rng.pick(&taught))
}

fn pupil(
    id: String,
    mix: PhaseMix,
    w: &World,
    rng: &mut Rng,
    buf: &mut Vec<(f64, u32)>,
) -> (WirePupil, Vec<u32>) {
    let fap = !rng.chance(w.shape.in_year_share());
    let secondary = match mix {
        PhaseMix::Primary => false,
        PhaseMix::Secondary => true,
        PhaseMix::Mixed => rng.chance(if fap { FAP_SECONDARY_SHARE } else { 0.5 }),
    };
    let y = year(rng, fap, secondary, w.homes)
        .or_else(|| year(rng, fap, !secondary, w.homes))
        .expect("the caller checked that some school teaches the round's phase");
    let sex: Sex = if fap {
        rng.pick(&[(1, 60.0), (0, 38.0), (2, 2.0)])
    } else {
        rng.pick(&[(1, 50.0), (0, 49.0), (2, 1.0)])
    };
    // Where the only schools of the year are single-sex, pupils are of their sex.
    let sex = [sex, 0, 1, 2]
        .into_iter()
        .find(|&x| !w.homes.pool(y, x).is_empty())
        .expect("the year group is taught");
    let anchor = &w.schools[w.homes.pool(y, sex).draw(rng)];
    let sd = if y >= 7 { 1600.0 } else { 900.0 };
    let home = (
        (anchor.at.0 + sd * rng.normal()).round().max(0.0),
        (anchor.at.1 + sd * rng.normal()).round().max(0.0),
    );
    let phase = YearGroup(y).phase();
    let radius = 1000.0 * w.policy.max_travel_km(phase) / w.policy.route_factor;
    w.grid.within(home, radius, |s| suits(w, s, y, sex), buf);
    let cands: Vec<u32> = buf.iter().map(|x| x.1).take(NEAREST).collect();
    let mut d = Draw {
        rng,
        cands: &cands,
        used: Vec::new(),
    };
    let category = fap.then(|| d.rng.pick(CATEGORIES));
    let (excluded, twice) = d.exclusions(category);
    let previous = d.previous(fap, &excluded);
    let avoid = d.avoid(category);
    let siblings = d.siblings(home, w, buf);
    let nearest_ap = nearest_ap(w.aps, y, home);
    let route = d.route(category, nearest_ap.is_some(), w.shape.ap_share);
    let mut prefs = d.preferences(fap, &siblings, (y, sex), (home, 1.6 * radius), w, buf);
    if let (Some(a), Some(r)) = (nearest_ap, route) {
        let ap = w.aps[a].wire.id.clone();
        if r == "ap" && d.rng.chance(0.6) {
            prefs.insert(0, ap);
        } else if r == "either" && d.rng.chance(0.3) {
            prefs.push(ap);
        }
        let limit = w.shape.preferences.map(|r| r.1 as usize);
        prefs.truncate(limit.unwrap_or(crate::scenario::MAX_PREFERENCES));
    }
    let needs = d.needs(category, route, y);
    let behaviour = match category {
        Some('c' | 'd' | 'j') => d.rng.chance(0.6),
        Some(_) => d.rng.chance(0.08),
        None => d.rng.chance(0.02),
    };
    let load_weight =
        (category == Some('d') && !excluded.is_empty() && d.rng.chance(0.3)).then_some(2.0);
    let days = match (fap, category) {
        (true, Some('l')) => f64::from(20 + d.rng.geometric(20.0)),
        (true, _) => f64::from(d.rng.geometric(12.0)),
        (false, _) if d.rng.chance(0.5) => 0.0,
        (false, _) => f64::from(d.rng.int(1, 10)),
    }
    .min(190.0);
    let ids = |v: &[u32]| -> Option<Vec<String>> {
        (!v.is_empty()).then(|| {
            v.iter()
                .map(|&s| w.schools[s as usize].wire.id.clone())
                .collect()
        })
    };
    let pupil = WirePupil {
        id,
        kind: if fap { "fap" } else { "in_year" }.to_string(),
        category: category.map(String::from),
        year_group: YearGroup(y).to_string(),
        sex: SEX_CODES[sex].to_string(),
        home: WireLocation::Grid {
            easting: home.0,
            northing: home.1,
        },
        days_out_of_education: (days > 0.0).then_some(days),
        preferences: (!prefs.is_empty()).then_some(prefs),
        excluded_from: ids(&excluded),
        previous_schools: ids(&previous),
        siblings_at: ids(&siblings),
        avoid: ids(&avoid),
        route: route.filter(|r| *r != "school").map(str::to_string),
        needs: (!needs.is_empty()).then_some(needs),
        behaviour_concern: behaviour.then_some(true),
        twice_excluded: twice.then_some(true),
        load_weight,
        pinned: None,
        travel_km: None,
    };
    (pupil, cands)
}

/// Does school `s` teach year `y` and admit a pupil of this sex?
fn suits(w: &World, s: u32, y: u8, sex: Sex) -> bool {
    let s = &w.schools[s as usize];
    s.pan[y as usize] > 0 && [s.admits.1, s.admits.0, s.admits.0 && s.admits.1][sex]
}

/// The nearest AP provider serving year `y`.
fn nearest_ap(aps: &[GenAp], y: u8, home: (f64, f64)) -> Option<usize> {
    aps.iter()
        .enumerate()
        .filter(|(_, a)| a.years.0 <= y && y <= a.years.1 && a.wire.places > 0)
        .map(|(i, a)| {
            let (dx, dy) = (a.at.0 - home.0, a.at.1 - home.1);
            (dx * dx + dy * dy, i)
        })
        .min_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)))
        .map(|x| x.1)
}

/// One pupil's draws among its candidate schools; `used` keeps the lists apart.
struct Draw<'a, 'r> {
    rng: &'r mut Rng,
    cands: &'a [u32],
    used: Vec<u32>,
}

impl Draw<'_, '_> {
    /// An unused candidate among the nearest `k`.
    fn near(&mut self, k: usize) -> Option<u32> {
        let free: Vec<u32> = self
            .cands
            .iter()
            .take(k)
            .copied()
            .filter(|s| !self.used.contains(s))
            .collect();
        let s = *free.get(self.rng.index(free.len().max(1)))?;
        self.used.push(s);
        Some(s)
    }

    /// Category (d): most were permanently excluded from a school they lived
    /// near; a few twice.
    fn exclusions(&mut self, category: Option<char>) -> (Vec<u32>, bool) {
        if category != Some('d') || !self.rng.chance(0.7) {
            return (Vec::new(), false);
        }
        let mut out: Vec<u32> = self.near(4).into_iter().collect();
        let twice = !out.is_empty() && self.rng.chance(0.1);
        if twice {
            out.extend(self.near(8));
        }
        (out, twice)
    }

    /// The excluding school was attended; others attended some school nearby.
    fn previous(&mut self, fap: bool, excluded: &[u32]) -> Vec<u32> {
        if !excluded.is_empty() {
            return excluded.to_vec();
        }
        if self.rng.chance(if fap { 0.3 } else { 0.15 }) {
            self.near(6).into_iter().collect()
        } else {
            Vec::new()
        }
    }

    /// Criminal-justice cases often have a school to avoid; a few others too.
    fn avoid(&mut self, category: Option<char>) -> Vec<u32> {
        let p = match category {
            Some('c') => 0.6,
            Some(_) => 0.03,
            None => 0.02,
        };
        if self.rng.chance(p) {
            self.near(6).into_iter().collect()
        } else {
            Vec::new()
        }
    }

    /// A brother or sister at a school near home (any phase).
    fn siblings(&mut self, home: (f64, f64), w: &World, buf: &mut Vec<(f64, u32)>) -> Vec<u32> {
        if !self.rng.chance(0.15) {
            return Vec::new();
        }
        w.grid.within(home, 3000.0, |_| true, buf);
        let options: Vec<u32> = buf
            .iter()
            .take(6)
            .map(|x| x.1)
            .filter(|s| !self.used.contains(s))
            .collect();
        if options.is_empty() {
            return Vec::new();
        }
        vec![options[self.rng.index(options.len())]]
    }

    /// The route of a FAP pupil; with `ap_share`, AP or either (70:30) in
    /// that share, whatever the category.
    fn route(
        &mut self,
        category: Option<char>,
        has_ap: bool,
        ap_share: Option<f64>,
    ) -> Option<&'static str> {
        let c = category?;
        if !has_ap {
            return Some("school");
        }
        if let Some(share) = ap_share {
            let table = [1.0 - share, 0.7 * share, 0.3 * share];
            return Some(["school", "either", "ap"][self.rng.weighted(&table)]);
        }
        let table: [f64; 3] = match c {
            'd' => [50.0, 35.0, 15.0],
            'c' | 'j' => [70.0, 25.0, 5.0],
            'e' => [80.0, 15.0, 5.0],
            _ => [90.0, 9.0, 1.0],
        };
        Some(["school", "either", "ap"][self.rng.weighted(&table)])
    }

    /// Parents' ranked preferences: mostly the nearest suitable schools (nearer
    /// ones more likely), a sibling's school often first, now and then one far away.
    /// `far` is (home, radius) for the occasional far preference.
    fn preferences(
        &mut self,
        fap: bool,
        siblings: &[u32],
        (y, sex): (u8, Sex),
        far: ((f64, f64), f64),
        w: &World,
        buf: &mut Vec<(f64, u32)>,
    ) -> Vec<String> {
        let n = if let Some((lo, hi)) = w.shape.preferences {
            self.rng.int(lo, hi) as usize
        } else if !self.rng.chance(if fap { 0.85 } else { 0.95 }) {
            return Vec::new();
        } else if fap {
            self.rng.pick(PREFERENCE_COUNT)
        } else {
            self.rng.pick(&[(1, 40.0), (2, 35.0), (3, 25.0)])
        };
        let mut chosen: Vec<u32> = Vec::new();
        if let Some(&s) = siblings.first().filter(|_| n > 0) {
            if self.cands.contains(&s) && self.rng.chance(0.4) {
                chosen.push(s);
            }
        }
        let mut pool: Vec<u32> = self
            .cands
            .iter()
            .copied()
            .filter(|s| !self.used.contains(s) && !chosen.contains(s))
            .collect();
        while chosen.len() < n && !pool.is_empty() {
            let weights = &NEARER_FIRST[..pool.len()];
            chosen.push(pool.remove(self.rng.weighted(weights)));
        }
        let limit = w
            .shape
            .preferences
            .map_or(crate::scenario::MAX_PREFERENCES, |r| r.1 as usize);
        if chosen.len() < limit && self.rng.chance(0.04) {
            // A school farther than the usual ones (an old neighbourhood, a faith
            // school), at most 1.6 times the travel limit away.
            w.grid.within(far.0, far.1, |s| suits(w, s, y, sex), buf);
            let beyond: Vec<u32> = buf
                .iter()
                .map(|x| x.1)
                .filter(|s| {
                    !self.cands.contains(s) && !self.used.contains(s) && !chosen.contains(s)
                })
                .collect();
            if !beyond.is_empty() {
                chosen.push(beyond[self.rng.index(beyond.len())]);
            }
        }
        chosen
            .iter()
            .map(|&s| w.schools[s as usize].wire.id.clone())
            .collect()
    }

    fn needs(&mut self, category: Option<char>, route: Option<&str>, y: u8) -> Vec<String> {
        let mut out: Vec<&str> = Vec::new();
        if matches!(route, Some("ap" | "either")) {
            if self.rng.chance(0.7) {
                out.push("semh");
            }
            if self.rng.chance(0.15) {
                out.push("medical");
            }
            if y >= 10 && self.rng.chance(0.4) {
                out.push("ks4_vocational");
            }
            if out.is_empty() {
                out.push("semh");
            }
        } else if category == Some('e') {
            if self.rng.chance(0.7) {
                out.push("sen_support");
            }
            if self.rng.chance(0.3) {
                out.push("medical");
            }
        } else if category.is_some() && self.rng.chance(0.15) {
            out.push("semh");
        }
        if category == Some('i') && self.rng.chance(0.5) {
            out.push("eal");
        }
        out.sort_unstable();
        out.dedup();
        out.into_iter().map(str::to_string).collect()
    }
}
