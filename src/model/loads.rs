//! The objective of plans a few moves away from a base plan, from the base
//! plan's parts and per-school loads.
//!
//! Decision support values tens of thousands of plans that differ from
//! proposal 1 in a handful of pupils (alternatives past the time limit, the
//! explanations' splits of an increase, place values). [`super::evaluate`]
//! reads every pupil, about a millisecond on 10,000; here only the moved
//! pupils and the schools they touch are read. The parts agree with a full
//! evaluation up to the order of the floating-point sums (tested below).

use super::objective::{pupil_cost, ObjectiveParts};
use super::options::{moved, remaining, FairShares};
use crate::scenario::{CapMode, Phase, Pupil, Scenario, Target, YearGroup, YEAR_GROUPS};

/// A placement change: pupil index, placement before, placement after.
pub type Change = (usize, Option<Target>, Option<Target>);

/// Per school: places taken by year group, and FAP placements and FAP load
/// by phase; what the school terms of the objective read.
#[derive(Debug, Clone)]
pub struct Loads(Vec<SchoolLoad>);

#[derive(Debug, Clone, Copy, Default)]
struct SchoolLoad {
    count: [u32; YEAR_GROUPS],
    fap_count: [u32; 2],
    fap_load: [f64; 2],
}

/// A school's terms: places above PAN, FAP placements over the cap (soft
/// caps), and the weighted excess over its fair share by phase.
pub(super) struct SchoolTerms {
    pub above_pan: u32,
    pub over_cap: u32,
    pub fair: [f64; 2],
}

impl SchoolLoad {
    fn add(&mut self, p: &Pupil, sign: i32) {
        let c = &mut self.count[p.year.index()];
        *c = c.wrapping_add_signed(sign);
        if p.is_fap() {
            let g = p.year.phase().index();
            self.fap_count[g] = self.fap_count[g].wrapping_add_signed(sign);
            self.fap_load[g] += f64::from(sign) * p.load_weight;
        }
    }

    fn terms(&self, sc: &Scenario, shares: &FairShares, s: usize) -> SchoolTerms {
        let school = &sc.schools[s];
        let w = &sc.policy.weights;
        let above_pan = (YearGroup::all())
            .map(|y| self.count[y.index()].saturating_sub(school.free(y)))
            .sum();
        let (mut over_cap, mut fair) = (0, [0.0; 2]);
        for g in Phase::ALL {
            if sc.policy.fap_cap_mode == CapMode::Soft {
                if let Some(rem) = remaining(sc, s as u32, g) {
                    over_cap += self.fap_count[g.index()].saturating_sub(rem);
                }
            }
            if let Some(share) = shares.get(s as u32, g) {
                let e = school.ledger(g) as f64 + self.fap_load[g.index()] - share;
                fair[g.index()] = w.over_fair_share * e.max(0.0);
            }
        }
        SchoolTerms {
            above_pan,
            over_cap,
            fair,
        }
    }
}

impl Loads {
    /// No pupil placed.
    pub(super) fn new(sc: &Scenario) -> Loads {
        Loads(vec![SchoolLoad::default(); sc.schools.len()])
    }

    /// The loads of assignment `a`.
    pub fn of(sc: &Scenario, a: &[Option<Target>]) -> Loads {
        let mut loads = Loads::new(sc);
        for (i, place) in a.iter().enumerate() {
            loads.add(sc, i, *place, 1);
        }
        loads
    }

    /// Counts pupil `i` at `place` once more (`sign` 1) or once less (−1).
    pub(super) fn add(&mut self, sc: &Scenario, i: usize, place: Option<Target>, sign: i32) {
        if let Some(Target::School(s)) = place {
            self.0[s as usize].add(&sc.pupils[i], sign);
        }
    }

    /// School `s`'s terms.
    pub(super) fn terms(&self, sc: &Scenario, shares: &FairShares, s: usize) -> SchoolTerms {
        self.0[s].terms(sc, shares, s)
    }
}

/// The parts of the plan that differs from the base plan (parts `base`,
/// loads `loads`) only in `changes`.
pub fn parts_after_moves(
    sc: &Scenario,
    shares: &FairShares,
    base: &ObjectiveParts,
    loads: &Loads,
    changes: &[Change],
) -> ObjectiveParts {
    let mut parts = *base;
    let mut moves = i64::from(base.moves);
    let mut touched: Vec<(usize, SchoolLoad)> = Vec::new();
    for &(i, from, to) in changes {
        let p = &sc.pupils[i];
        moves += i64::from(moved(sc, p, to)) - i64::from(moved(sc, p, from));
        for (place, sign) in [(from, -1.0), (to, 1.0)] {
            let cost = sign * pupil_cost(sc, i, place);
            match place {
                None => parts.unplaced += cost,
                Some(_) => parts.placements += cost,
            }
            let Some(Target::School(s)) = place else {
                continue;
            };
            let s = s as usize;
            let at = match touched.iter().position(|t| t.0 == s) {
                Some(k) => k,
                None => {
                    touched.push((s, loads.0[s]));
                    touched.len() - 1
                }
            };
            touched[at].1.add(p, sign as i32);
        }
    }
    parts.moves = moves as u32;
    let (mut above, mut over) = (
        i64::from(base.above_pan_places),
        i64::from(base.over_cap_places),
    );
    for (s, load) in &touched {
        let (was, now) = (loads.terms(sc, shares, *s), load.terms(sc, shares, *s));
        above += i64::from(now.above_pan) - i64::from(was.above_pan);
        over += i64::from(now.over_cap) - i64::from(was.over_cap);
        parts.over_fair_share += (now.fair[0] - was.fair[0]) + (now.fair[1] - was.fair[1]);
    }
    (parts.above_pan_places, parts.over_cap_places) = (above as u32, over as u32);
    parts.weighed(sc)
}

/// The parts of the base plan (parts `base`, loads `loads`) where school
/// `s`'s year group `y` has `free` free places instead, its caps and fair
/// shares unchanged: only its places above PAN can differ.
pub fn parts_with_free(
    sc: &Scenario,
    base: &ObjectiveParts,
    loads: &Loads,
    s: usize,
    y: YearGroup,
    free: u32,
) -> ObjectiveParts {
    let count = loads.0[s].count[y.index()];
    let (was, now) = (
        count.saturating_sub(sc.schools[s].free(y)),
        count.saturating_sub(free),
    );
    let mut parts = *base;
    parts.above_pan_places = parts.above_pan_places - was + now;
    parts.weighed(sc)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::objective::evaluate_with;
    use crate::model::{Assignment, Options};
    use rand::{Rng, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-9 * b.abs().max(1.0)
    }

    /// Every part from the base plan and a few moves is the full
    /// evaluation's, on generated rounds with random moves (to options, to
    /// unplaced, several pupils at once), with and without a reference plan.
    #[test]
    fn the_parts_after_moves_are_the_full_evaluation() {
        for seed in 0..20 {
            let settings = crate::generate::Settings::synthetic(seed, 300, 25);
            let json = crate::generate::generate(&settings)
                .expect("generates")
                .json;
            let mut sc = crate::validate::load_bytes(&json).scenario.expect("valid");
            let (opts, shares) = (Options::generate(&sc), FairShares::compute(&sc));
            let mut r = ChaCha8Rng::seed_from_u64(seed);
            let pick = |r: &mut ChaCha8Rng, i: usize, p: f64| {
                let o = &opts.per_pupil[i];
                (!o.is_empty() && r.gen_bool(p)).then(|| o[r.gen_range(0..o.len())].target)
            };
            let base: Assignment = (0..sc.pupils.len()).map(|i| pick(&mut r, i, 0.8)).collect();
            if seed % 2 == 1 {
                for (p, place) in sc.pupils.iter_mut().zip(&base) {
                    p.reference = *place;
                }
            }
            let (parts, loads) = (evaluate_with(&sc, &base, &shares), Loads::of(&sc, &base));
            for _ in 0..20 {
                let mut a = base.clone();
                for _ in 0..r.gen_range(1..6) {
                    let i = r.gen_range(0..sc.pupils.len());
                    a[i] = pick(&mut r, i, 0.7);
                }
                let changes: Vec<Change> = (0..a.len())
                    .filter(|&i| a[i] != base[i])
                    .map(|i| (i, base[i], a[i]))
                    .collect();
                let fast = parts_after_moves(&sc, &shares, &parts, &loads, &changes);
                let full = evaluate_with(&sc, &a, &shares);
                let pairs = [
                    (fast.placements, full.placements),
                    (fast.unplaced, full.unplaced),
                    (fast.move_cost, full.move_cost),
                    (fast.above_pan, full.above_pan),
                    (fast.over_cap, full.over_cap),
                    (fast.over_fair_share, full.over_fair_share),
                ];
                assert!(
                    pairs.iter().all(|&(x, y)| close(x, y)),
                    "seed {seed}: {fast:?} vs {full:?}"
                );
                let counts = (fast.moves, fast.above_pan_places, fast.over_cap_places);
                assert_eq!(
                    counts,
                    (full.moves, full.above_pan_places, full.over_cap_places)
                );
            }
        }
    }

    /// One more free place in each year group of each school: the parts of
    /// the same plan are the full evaluation's of the changed scenario.
    #[test]
    fn the_parts_with_one_more_free_place_are_the_full_evaluation() {
        let settings = crate::generate::Settings::synthetic(7, 400, 20);
        let json = crate::generate::generate(&settings)
            .expect("generates")
            .json;
        let sc = crate::validate::load_bytes(&json).scenario.expect("valid");
        let opts = Options::generate(&sc);
        // Everyone at their first option: many year groups above their free places.
        let base: Assignment = (opts.per_pupil.iter())
            .map(|o| o.first().map(|o| o.target))
            .collect();
        let (parts, loads) = (crate::model::evaluate(&sc, &base), Loads::of(&sc, &base));
        let mut changed = 0;
        for s in 0..sc.schools.len() {
            for y in YearGroup::all() {
                let Some(yp) = sc.schools[s].years[y.index()].filter(|yp| yp.on_roll > 0) else {
                    continue;
                };
                let mut sc2 = sc.clone();
                sc2.schools[s].years[y.index()] = Some(yp.one_more_free());
                let fast = parts_with_free(&sc, &parts, &loads, s, y, sc2.schools[s].free(y));
                let full = crate::model::evaluate(&sc2, &base);
                assert_eq!(fast.above_pan_places, full.above_pan_places, "{s} {y}");
                assert!(close(fast.total(), full.total()), "{s} {y}");
                changed += usize::from(full.above_pan_places != parts.above_pan_places);
            }
        }
        assert!(changed > 0, "no year group was above its free places");
    }
}
