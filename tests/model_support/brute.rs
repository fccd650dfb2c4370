//! An independent brute-force reading of MODEL.md: every assignment of every
//! pupil to a school, an AP provider or "unplaced", the hard rules applied
//! here, and the objective with `o`, `v`, `e` at their least values.
//!
//! It shares the validated scenario types with fap but none of `fap::model`:
//! the eligibility rules, the costs, the cap and the fair shares are written
//! again from MODEL.md, pair at a time, as plainly as possible, so that a
//! misreading in the model shows up as a different optimum. Tiny scenarios
//! only: the search is exhaustive (pruned only by the place limits, which can
//! never be repaired by placing more pupils).

use fap::scenario::{CapMode, Location, Ofsted, Pupil, PupilKind, PupilSex};
use fap::scenario::{Route, Scenario, SchoolSex, Target, YearGroup};

/// A placement: `None` is unplaced.
pub type Place = Option<Target>;

/// The brute-force optimum.
#[derive(Debug, Clone)]
pub struct Optimum {
    /// Least objective.
    pub objective: f64,
    /// One assignment reaching it.
    pub assignment: Vec<Place>,
}

/// Why an assignment breaks a hard rule.
pub type Violation = String;

/// Per-assignment counts that the constraints and penalties read.
#[derive(Clone)]
struct Counts {
    /// [school][year]: all pupils, in-year pupils.
    all: Vec<[u32; 12]>,
    in_year: Vec<[u32; 12]>,
    /// [school][phase]: FAP pupils and their load.
    fap: Vec<[u32; 2]>,
    load: Vec<[f64; 2]>,
    /// [ap]: pupils.
    ap: Vec<u32>,
}

/// The brute-force evaluator of one scenario.
pub struct Brute<'a> {
    sc: &'a Scenario,
    /// Per pupil: its placements (targets with their cost, then `None` with c_u unless pinned).
    choices: Vec<Vec<(Place, f64)>>,
    /// `remaining(s,g)` where a cap row exists (mode hard/soft, accepts_fap, teaches g).
    remaining: Vec<[Option<u32>; 2]>,
    /// `share(s,g)` where a fair-share row exists.
    share: Vec<[Option<f64>; 2]>,
}

fn phase_of(y: YearGroup) -> usize {
    usize::from(y.0 >= 7)
}

fn km(sc: &Scenario, p: &Pupil, t: Target) -> f64 {
    if let Some(&d) = p.travel_km.get(&t) {
        return d;
    }
    let at = match t {
        Target::School(s) => sc.schools[s as usize].location,
        Target::Ap(a) => sc.aps[a as usize].location,
    };
    match (p.home, at) {
        (
            Location::Grid {
                easting: e1,
                northing: n1,
            },
            Location::Grid {
                easting: e2,
                northing: n2,
            },
        ) => {
            let (de, dn) = (e1 - e2, n1 - n2);
            (de * de + dn * dn).sqrt() / 1000.0 * sc.policy.route_factor
        }
        _ => panic!("the brute force only knows grid locations"),
    }
}

fn free(sc: &Scenario, s: usize, y: YearGroup) -> u32 {
    match sc.schools[s].years[y.0 as usize] {
        Some(p) if p.pan > p.on_roll => p.pan - p.on_roll,
        _ => 0,
    }
}

/// pan_g(s): the largest PAN over the phase's year groups the school teaches.
fn pan_g(sc: &Scenario, s: usize, g: usize) -> u32 {
    (0..12u8)
        .filter(|&y| phase_of(YearGroup(y)) == g)
        .filter_map(|y| sc.schools[s].years[y as usize].map(|p| p.pan))
        .max()
        .unwrap_or(0)
}

fn teaches_phase(sc: &Scenario, s: usize, g: usize) -> bool {
    (0..12u8).any(|y| phase_of(YearGroup(y)) == g && sc.schools[s].years[y as usize].is_some())
}

fn ledger_g(sc: &Scenario, s: usize, g: usize) -> u32 {
    (0..12u8)
        .filter(|&y| phase_of(YearGroup(y)) == g)
        .map(|y| sc.schools[s].fap_this_year[y as usize])
        .sum()
}

/// MODEL.md "Eligible options", rules 1–8, for (p, s).
fn school_ok(sc: &Scenario, p: &Pupil, s: usize) -> bool {
    let school = &sc.schools[s];
    let t = Target::School(s as u32);
    let fap = p.kind == PupilKind::Fap;
    let limit = if phase_of(p.year) == 0 {
        sc.policy.max_travel_km_primary
    } else {
        sc.policy.max_travel_km_secondary
    };
    let sex_fits = match school.sex {
        SchoolSex::Mixed => true,
        SchoolSex::Boys => p.sex == PupilSex::M,
        SchoolSex::Girls => p.sex == PupilSex::F,
    };
    let f = free(sc, s, p.year);
    school.years[p.year.0 as usize].is_some() // 1
        && sex_fits // 2
        && !p.excluded_from.contains(&t) && !p.avoid.contains(&t) // 3
        && p.route != Route::Ap // 4
        && (km(sc, p, t) <= limit || p.preferences.contains(&t) || p.pinned == Some(t)) // 5
        && !(sc.policy.protect_inadequate && p.behaviour_concern && school.ofsted == Ofsted::Inadequate) // 6
        && if fap { school.accepts_fap && f + sc.policy.max_above_pan > 0 } else { f > 0 } // 7
        && p.pinned.is_none_or(|pin| pin == t) // 8
}

/// MODEL.md "Eligible options", the AP paragraph, for (p, a).
fn ap_ok(sc: &Scenario, p: &Pupil, a: usize) -> bool {
    let ap = &sc.aps[a];
    let t = Target::Ap(a as u32);
    p.kind == PupilKind::Fap
        && matches!(p.route, Route::Ap | Route::Either)
        && ap.first_year <= p.year
        && p.year <= ap.last_year
        && ap.places > 0
        && (km(sc, p, t) <= sc.policy.max_ap_travel_km
            || p.preferences.contains(&t)
            || p.pinned == Some(t))
        && !p.excluded_from.contains(&t)
        && !p.avoid.contains(&t)
        && p.pinned.is_none_or(|pin| pin == t)
}

/// The preference and not-preferred terms, shared by schools and AP.
fn preference_cost(sc: &Scenario, p: &Pupil, t: Target) -> f64 {
    let w = &sc.policy.weights;
    match p.preferences.iter().position(|&q| q == t) {
        Some(k) => w.preference[k.min(w.preference.len() - 1)],
        None if !p.preferences.is_empty() => w.not_preferred,
        None => 0.0,
    }
}

/// c(p,t) of MODEL.md "Objective".
pub fn option_cost(sc: &Scenario, p: &Pupil, t: Target) -> f64 {
    let w = &sc.policy.weights;
    let d = km(sc, p, t);
    let mut c = w.distance_per_km * d + preference_cost(sc, p, t);
    match t {
        Target::School(s) => {
            let walking = if p.year.0 <= 2 {
                sc.policy.walking_km_under_8
            } else {
                sc.policy.walking_km_eight_plus
            };
            if d > walking {
                c += w.transport;
            }
            if p.previous_schools.contains(&t) {
                c += w.previous_school;
            }
            if p.siblings_at.contains(&t) {
                c -= w.sibling_bonus;
            }
            let ofsted = sc.schools[s as usize].ofsted;
            if p.kind == PupilKind::Fap
                && matches!(ofsted, Ofsted::RequiresImprovement | Ofsted::Inadequate)
            {
                c += w.weak_school;
            }
        }
        Target::Ap(a) => {
            if p.route != Route::Ap {
                c += w.ap_route;
            }
            let specialisms = &sc.aps[a as usize].specialisms;
            if p.needs.iter().any(|n| specialisms.contains(n)) {
                c -= w.ap_needs_match;
            }
        }
    }
    c
}

/// c_u(p).
pub fn unplaced_cost(sc: &Scenario, p: &Pupil) -> f64 {
    let w = &sc.policy.weights;
    let priority = if p.kind == PupilKind::Fap {
        w.fap_priority
    } else {
        1.0
    };
    w.unplaced * priority * (1.0 + p.days_out_of_education / 20.0)
}

/// Is `(p, t)` an option (MODEL.md rules)?
pub fn is_option(sc: &Scenario, p: &Pupil, t: Target) -> bool {
    match t {
        Target::School(s) => school_ok(sc, p, s as usize),
        Target::Ap(a) => ap_ok(sc, p, a as usize),
    }
}

impl<'a> Brute<'a> {
    /// Prepares the options, caps and shares of `sc`.
    pub fn new(sc: &'a Scenario) -> Brute<'a> {
        let targets: Vec<Target> = (0..sc.schools.len() as u32)
            .map(Target::School)
            .chain((0..sc.aps.len() as u32).map(Target::Ap))
            .collect();
        let choices = sc
            .pupils
            .iter()
            .map(|p| {
                let mut c: Vec<(Place, f64)> = targets
                    .iter()
                    .filter(|&&t| is_option(sc, p, t))
                    .map(|&t| (Some(t), option_cost(sc, p, t)))
                    .collect();
                if p.pinned.is_none() {
                    c.push((None, unplaced_cost(sc, p)));
                }
                c
            })
            .collect();
        Brute {
            sc,
            choices,
            remaining: Self::remaining(sc),
            share: Self::shares(sc),
        }
    }

    /// The objective with the move term of a re-solve against `reference`
    /// (MODEL.md "Re-solving against a reference plan"): `w.move` on every
    /// placement of a pupil but its reference one, when that is still an option.
    pub fn with_reference(sc: &'a Scenario, reference: &[Place]) -> Brute<'a> {
        let mut b = Brute::new(sc);
        for (i, (p, r)) in sc.pupils.iter().zip(reference).enumerate() {
            let Some(r) = r.filter(|&r| is_option(sc, p, r)) else {
                continue;
            };
            for (place, c) in &mut b.choices[i] {
                if *place != Some(r) {
                    *c += sc.policy.weights.r#move;
                }
            }
        }
        b
    }

    /// Constraint 5: `remaining(s,g)` for every row of the cap.
    fn remaining(sc: &Scenario) -> Vec<[Option<u32>; 2]> {
        (0..sc.schools.len())
            .map(|s| {
                let mut r = [None; 2];
                for (g, slot) in r.iter_mut().enumerate() {
                    if sc.policy.fap_cap_mode != CapMode::Off
                        && sc.schools[s].accepts_fap
                        && teaches_phase(sc, s, g)
                    {
                        let raw = sc.policy.fap_cap_per_30_pan * pan_g(sc, s, g) as f64 / 30.0;
                        let cap = ((raw + 1e-9).floor() as u32).max(1);
                        *slot = Some(cap.saturating_sub(ledger_g(sc, s, g)));
                    }
                }
                r
            })
            .collect()
    }

    /// Constraint 6: `share(s,g)` for every school of `R_g` of a phase with a term.
    fn shares(sc: &Scenario) -> Vec<[Option<f64>; 2]> {
        let [primary, secondary] = [0, 1].map(|g| Self::phase_shares(sc, g));
        primary
            .into_iter()
            .zip(secondary)
            .map(|(p, s)| [p, s])
            .collect()
    }

    /// `share(s,g)` of one phase, by school.
    fn phase_shares(sc: &Scenario, g: usize) -> Vec<Option<f64>> {
        let mut share = vec![None; sc.schools.len()];
        let fap: Vec<&Pupil> = sc
            .pupils
            .iter()
            .filter(|p| p.kind == PupilKind::Fap && phase_of(p.year) == g)
            .collect();
        let r_g: Vec<usize> = (0..sc.schools.len())
            .filter(|&s| sc.schools[s].accepts_fap && teaches_phase(sc, s, g))
            .collect();
        let pan_sum: u32 = r_g.iter().map(|&s| pan_g(sc, s, g)).sum();
        if fap.is_empty() || pan_sum == 0 {
            return share;
        }
        let t_g = r_g.iter().map(|&s| ledger_g(sc, s, g) as f64).sum::<f64>()
            + fap.iter().map(|p| p.load_weight).sum::<f64>();
        for &s in &r_g {
            share[s] = Some(t_g * pan_g(sc, s, g) as f64 / pan_sum as f64);
        }
        share
    }

    fn empty_counts(&self) -> Counts {
        let n = self.sc.schools.len();
        Counts {
            all: vec![[0; 12]; n],
            in_year: vec![[0; 12]; n],
            fap: vec![[0; 2]; n],
            load: vec![[0.0; 2]; n],
            ap: vec![0; self.sc.aps.len()],
        }
    }

    /// Adds (or with `sign = -1` removes) `p` at `place`; `false` if a place
    /// limit (constraints 2–5 with `o ≤ max_above_pan`, `v = 0` when hard) is now broken.
    fn apply(&self, c: &mut Counts, p: &Pupil, place: Place, add: bool) -> bool {
        let sc = self.sc;
        let step = |n: &mut u32| {
            if add {
                *n += 1
            } else {
                *n -= 1
            }
        };
        match place {
            None => true,
            Some(Target::Ap(a)) => {
                step(&mut c.ap[a as usize]);
                c.ap[a as usize] <= sc.aps[a as usize].places
            }
            Some(Target::School(s)) => {
                let (s, y, g) = (s as usize, p.year.0 as usize, phase_of(p.year));
                step(&mut c.all[s][y]);
                let fap = p.kind == PupilKind::Fap;
                if fap {
                    step(&mut c.fap[s][g]);
                    c.load[s][g] += if add { p.load_weight } else { -p.load_weight };
                } else {
                    step(&mut c.in_year[s][y]);
                }
                let f = free(sc, s, p.year);
                let hard_cap_ok = sc.policy.fap_cap_mode != CapMode::Hard
                    || self.remaining[s][g].is_none_or(|r| c.fap[s][g] <= r);
                c.all[s][y] <= f + sc.policy.max_above_pan && c.in_year[s][y] <= f && hard_cap_ok
            }
        }
    }

    /// `w.above_pan·Σo + w.over_cap·Σv + w.over_fair_share·Σe` at their least values.
    fn penalties(&self, c: &Counts) -> f64 {
        let sc = self.sc;
        let w = &sc.policy.weights;
        let mut total = 0.0;
        for s in 0..sc.schools.len() {
            for y in 0..12u8 {
                total += w.above_pan
                    * c.all[s][y as usize].saturating_sub(free(sc, s, YearGroup(y))) as f64;
            }
            for g in 0..2 {
                if sc.policy.fap_cap_mode == CapMode::Soft {
                    if let Some(r) = self.remaining[s][g] {
                        total += w.over_cap * c.fap[s][g].saturating_sub(r) as f64;
                    }
                }
                if let Some(share) = self.share[s][g] {
                    let e = ledger_g(sc, s, g) as f64 + c.load[s][g] - share;
                    total += w.over_fair_share * e.max(0.0);
                }
            }
        }
        total
    }

    /// The least objective over every assignment that respects the hard rules
    /// and differs from each of `cuts` in at least `min_diff` pupils; `None` if
    /// there is none.
    pub fn optimum_with_cuts(&self, cuts: &[Vec<Place>], min_diff: usize) -> Option<Optimum> {
        let mut best: Option<Optimum> = None;
        let mut counts = self.empty_counts();
        let mut current = Vec::with_capacity(self.sc.pupils.len());
        self.search(&mut counts, &mut current, 0.0, cuts, min_diff, &mut best);
        best
    }

    /// The least objective (no cuts).
    pub fn optimum(&self) -> Option<Optimum> {
        self.optimum_with_cuts(&[], 0)
    }

    fn search(
        &self,
        counts: &mut Counts,
        current: &mut Vec<Place>,
        cost: f64,
        cuts: &[Vec<Place>],
        min_diff: usize,
        best: &mut Option<Optimum>,
    ) {
        let i = current.len();
        if i == self.sc.pupils.len() {
            let differs =
                |q: &Vec<Place>| q.iter().zip(current.iter()).filter(|(a, b)| a != b).count();
            if cuts.iter().any(|q| differs(q) < min_diff) {
                return;
            }
            let total = cost + self.penalties(counts);
            if best.as_ref().is_none_or(|b| total < b.objective) {
                *best = Some(Optimum {
                    objective: total,
                    assignment: current.clone(),
                });
            }
            return;
        }
        let p = &self.sc.pupils[i];
        for &(place, c) in &self.choices[i] {
            if self.apply(counts, p, place, true) {
                current.push(place);
                self.search(counts, current, cost + c, cuts, min_diff, best);
                current.pop();
            }
            self.apply(counts, p, place, false);
        }
    }

    /// Checks a complete assignment against every hard rule and returns its
    /// objective (MODEL.md "fap check").
    pub fn evaluate(&self, a: &[Place]) -> Result<f64, Violation> {
        let sc = self.sc;
        if a.len() != sc.pupils.len() {
            return Err(format!(
                "{} placements for {} pupils",
                a.len(),
                sc.pupils.len()
            ));
        }
        let mut counts = self.empty_counts();
        let mut cost = 0.0;
        for (i, (p, &place)) in sc.pupils.iter().zip(a).enumerate() {
            let Some(&(_, c)) = self.choices[i].iter().find(|(q, _)| *q == place) else {
                return Err(format!(
                    "pupil {} at {place:?} is not one of its options",
                    p.id
                ));
            };
            cost += c;
            if !self.apply(&mut counts, p, place, true) {
                return Err(format!("pupil {} at {place:?} overfills a place", p.id));
            }
        }
        Ok(cost + self.penalties(&counts))
    }

    /// The same scenario with pupil `i` forced to `place` (which must be one of its choices).
    pub fn forced(&self, i: usize, place: Place) -> Brute<'a> {
        let mut choices = self.choices.clone();
        choices[i].retain(|(q, _)| *q == place);
        Brute {
            sc: self.sc,
            choices,
            remaining: self.remaining.clone(),
            share: self.share.clone(),
        }
    }

    /// Per pupil, its placements (options, then `None` unless pinned).
    pub fn choices(&self, i: usize) -> Vec<Place> {
        self.choices[i].iter().map(|(q, _)| *q).collect()
    }

    /// Per pupil, how many placements it has (options, plus unplaced unless pinned).
    pub fn n_choices(&self) -> Vec<usize> {
        self.choices.iter().map(Vec::len).collect()
    }
}

/// Figures about an assignment, for the meta-test that the generator is rich.
#[derive(Debug, Default, Clone, Copy)]
pub struct Features {
    pub unplaced: usize,
    pub above_pan: usize,
    pub over_soft_cap: usize,
    pub pinned: usize,
    pub ap: usize,
    pub in_year_placed: usize,
    pub ledger_over_share: usize,
}

/// Counts what an assignment of `sc` uses.
pub fn features(sc: &Scenario, a: &[Place]) -> Features {
    let b = Brute::new(sc);
    let mut counts = b.empty_counts();
    let mut f = Features::default();
    for (p, &place) in sc.pupils.iter().zip(a) {
        b.apply(&mut counts, p, place, true);
        match place {
            None => f.unplaced += 1,
            Some(Target::Ap(_)) => f.ap += 1,
            Some(Target::School(_)) if p.kind == PupilKind::InYear => f.in_year_placed += 1,
            Some(Target::School(_)) => {}
        }
        f.pinned += usize::from(p.pinned.is_some());
    }
    for s in 0..sc.schools.len() {
        for y in 0..12u8 {
            f.above_pan +=
                counts.all[s][y as usize].saturating_sub(free(sc, s, YearGroup(y))) as usize;
        }
        for g in 0..2 {
            if sc.policy.fap_cap_mode == CapMode::Soft {
                if let Some(r) = b.remaining[s][g] {
                    f.over_soft_cap += counts.fap[s][g].saturating_sub(r) as usize;
                }
            }
            if b.share[s][g].is_some_and(|sh| ledger_g(sc, s, g) as f64 > sh) {
                f.ledger_over_share += 1;
            }
        }
    }
    f
}
