//! One pupil's draws among its candidate schools, in a fixed order: category,
//! exclusions, previous schools, a school to avoid, siblings, route,
//! preferences, needs, behaviour, load weight and days out of education.
//!
//! The order is part of the generator's output: the same seed gives the same
//! scenario only while every draw stays in its place.

use super::aps::GenAp;
use super::pupils::{suits, Sex, World, NEAREST};
use super::random::Rng;

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

/// Everything drawn for one pupil, in the order drawn.
pub(super) struct Drawn {
    pub fap: bool,
    pub year: u8,
    pub sex: Sex,
    pub home: (f64, f64),
    pub category: Option<char>,
    pub excluded: Vec<u32>,
    pub twice: bool,
    pub previous: Vec<u32>,
    pub avoid: Vec<u32>,
    pub siblings: Vec<u32>,
    pub route: Option<&'static str>,
    pub preferences: Vec<String>,
    pub needs: Vec<String>,
    pub behaviour: bool,
    pub load_weight: Option<f64>,
    pub days: f64,
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
pub(super) struct Draw<'a, 'r> {
    pub rng: &'r mut Rng,
    pub cands: &'a [u32],
    pub used: Vec<u32>,
}

impl Draw<'_, '_> {
    /// Every draw of a pupil of year `y` and `sex` at `home` (`radius`: its
    /// travel limit as the crow flies), in the order of the module's doc.
    pub(super) fn pupil(
        &mut self,
        fap: bool,
        (y, sex): (u8, Sex),
        (home, radius): ((f64, f64), f64),
        w: &World,
        buf: &mut Vec<(f64, u32)>,
    ) -> Drawn {
        let category = fap.then(|| self.rng.pick(CATEGORIES));
        let (excluded, twice) = self.exclusions(category);
        let previous = self.previous(fap, &excluded);
        let avoid = self.avoid(category);
        let siblings = self.siblings(home, w, buf);
        let nearest_ap = nearest_ap(w.aps, y, home);
        let route = self.route(category, nearest_ap.is_some(), w.shape.ap_share);
        let far = (home, 1.6 * radius);
        let mut preferences = self.preferences(fap, &siblings, (y, sex), far, w, buf);
        if let (Some(a), Some(r)) = (nearest_ap, route) {
            self.add_ap(&mut preferences, &w.aps[a], r, w);
        }
        let needs = self.needs(category, route, y);
        let behaviour = self.behaviour(category);
        let load_weight = self.load_weight(category, &excluded);
        let days = self.days(fap, category);
        Drawn {
            fap,
            year: y,
            sex,
            home,
            category,
            excluded,
            twice,
            previous,
            avoid,
            siblings,
            route,
            preferences,
            needs,
            behaviour,
            load_weight,
            days,
        }
    }

    /// A pupil routed to AP often names the nearest provider first; one who
    /// could go either way sometimes names it last.
    fn add_ap(&mut self, prefs: &mut Vec<String>, ap: &GenAp, route: &str, w: &World) {
        let ap = ap.wire.id.clone();
        if route == "ap" && self.rng.chance(0.6) {
            prefs.insert(0, ap);
        } else if route == "either" && self.rng.chance(0.3) {
            prefs.push(ap);
        }
        let limit = w.shape.preferences.map(|r| r.1 as usize);
        prefs.truncate(limit.unwrap_or(crate::scenario::MAX_PREFERENCES));
    }

    /// A behaviour concern: common in categories (c), (d) and (j).
    fn behaviour(&mut self, category: Option<char>) -> bool {
        match category {
            Some('c' | 'd' | 'j') => self.rng.chance(0.6),
            Some(_) => self.rng.chance(0.08),
            None => self.rng.chance(0.02),
        }
    }

    /// A double load weight for some pupils excluded in category (d).
    fn load_weight(&mut self, category: Option<char>, excluded: &[u32]) -> Option<f64> {
        (category == Some('d') && !excluded.is_empty() && self.rng.chance(0.3)).then_some(2.0)
    }

    /// School days out of education (at most 190): long for category (l).
    fn days(&mut self, fap: bool, category: Option<char>) -> f64 {
        match (fap, category) {
            (true, Some('l')) => f64::from(20 + self.rng.geometric(20.0)),
            (true, _) => f64::from(self.rng.geometric(12.0)),
            (false, _) if self.rng.chance(0.5) => 0.0,
            (false, _) => f64::from(self.rng.int(1, 10)),
        }
        .min(190.0)
    }
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
        self.maybe_near(if fap { 0.3 } else { 0.15 })
    }

    /// Criminal-justice cases often have a school to avoid; a few others too.
    fn avoid(&mut self, category: Option<char>) -> Vec<u32> {
        self.maybe_near(match category {
            Some('c') => 0.6,
            Some(_) => 0.03,
            None => 0.02,
        })
    }

    /// With chance `p`, an unused candidate among the nearest six.
    fn maybe_near(&mut self, p: f64) -> Vec<u32> {
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
        let table = match ap_share {
            Some(share) => [1.0 - share, 0.7 * share, 0.3 * share],
            None => route_weights(c),
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
        let Some(n) = self.preference_count(fap, w) else {
            return Vec::new();
        };
        let mut chosen = self.sibling_first(siblings, n);
        self.nearer_first(&mut chosen, n);
        let limit = w
            .shape
            .preferences
            .map_or(crate::scenario::MAX_PREFERENCES, |r| r.1 as usize);
        if chosen.len() < limit && self.rng.chance(0.04) {
            // A school farther than the usual ones (an old neighbourhood, a faith
            // school), at most 1.6 times the travel limit away.
            w.grid.within(far.0, far.1, |s| suits(w, s, y, sex), buf);
            chosen.extend(self.far_one(buf, &chosen));
        }
        chosen
            .iter()
            .map(|&s| w.schools[s as usize].wire.id.clone())
            .collect()
    }

    /// How many preferences the parents give; `None` for none at all.
    fn preference_count(&mut self, fap: bool, w: &World) -> Option<usize> {
        Some(if let Some((lo, hi)) = w.shape.preferences {
            self.rng.int(lo, hi) as usize
        } else if !self.rng.chance(if fap { 0.85 } else { 0.95 }) {
            return None;
        } else if fap {
            self.rng.pick(PREFERENCE_COUNT)
        } else {
            self.rng.pick(&[(1, 40.0), (2, 35.0), (3, 25.0)])
        })
    }

    /// A sibling's school as first preference, sometimes.
    fn sibling_first(&mut self, siblings: &[u32], n: usize) -> Vec<u32> {
        let mut chosen = Vec::new();
        if let Some(&s) = siblings.first().filter(|_| n > 0) {
            if self.cands.contains(&s) && self.rng.chance(0.4) {
                chosen.push(s);
            }
        }
        chosen
    }

    /// Fills `chosen` to `n` from the unused candidates, nearer ones more likely.
    fn nearer_first(&mut self, chosen: &mut Vec<u32>, n: usize) {
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
    }

    /// One of the schools in `buf` beyond the candidates, not yet chosen.
    fn far_one(&mut self, buf: &[(f64, u32)], chosen: &[u32]) -> Option<u32> {
        let beyond: Vec<u32> = buf
            .iter()
            .map(|x| x.1)
            .filter(|s| !self.cands.contains(s) && !self.used.contains(s) && !chosen.contains(s))
            .collect();
        (!beyond.is_empty()).then(|| beyond[self.rng.index(beyond.len())])
    }

    /// Needs go with the route and category: SEMH, medical and vocational for
    /// AP, SEN support for category (e), EAL for some of category (i).
    fn needs(&mut self, category: Option<char>, route: Option<&str>, y: u8) -> Vec<String> {
        let mut out = if matches!(route, Some("ap" | "either")) {
            self.ap_needs(y)
        } else if category == Some('e') {
            self.sen_needs()
        } else {
            self.some(category.is_some(), 0.15, "semh")
        };
        out.extend(self.some(category == Some('i'), 0.5, "eal"));
        out.sort_unstable();
        out.dedup();
        out.into_iter().map(str::to_string).collect()
    }

    /// The needs of a pupil on the AP route: at least SEMH.
    fn ap_needs(&mut self, y: u8) -> Vec<&'static str> {
        let mut out = self.some(true, 0.7, "semh");
        out.extend(self.some(true, 0.15, "medical"));
        out.extend(self.some(y >= 10, 0.4, "ks4_vocational"));
        if out.is_empty() {
            out.push("semh");
        }
        out
    }

    fn sen_needs(&mut self) -> Vec<&'static str> {
        let mut out = self.some(true, 0.7, "sen_support");
        out.extend(self.some(true, 0.3, "medical"));
        out
    }

    /// `need` with chance `p` where `applies` (no draw otherwise).
    fn some(&mut self, applies: bool, p: f64, need: &'static str) -> Vec<&'static str> {
        if applies && self.rng.chance(p) {
            vec![need]
        } else {
            Vec::new()
        }
    }
}

/// Weights of the school, either and AP routes by category.
fn route_weights(category: char) -> [f64; 3] {
    match category {
        'd' => [50.0, 35.0, 15.0],
        'c' | 'j' => [70.0, 25.0, 5.0],
        'e' => [80.0, 15.0, 5.0],
        _ => [90.0, 9.0, 1.0],
    }
}
