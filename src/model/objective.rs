//! The objective of a complete assignment, with `o`, `v`, `e` at their least values.
//!
//! The solver's own objective value carries its tolerances; plans report this
//! exact recomputation instead, so that the same plan always shows the same
//! number. The checker recomputes it again with its own code.

use super::options::{cost_terms, moved, remaining, unplaced_cost, FairShares};
use crate::scenario::{CapMode, Phase, Scenario, Target, YEAR_GROUPS};

/// Where each pupil goes: `Some(target)` or `None` for unplaced, indexed by pupil.
pub type Assignment = Vec<Option<Target>>;

/// The objective split into its parts (MODEL.md "Objective").
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct ObjectiveParts {
    /// Σ c(p,t) over placed pupils, with `w.move` for each moved off its reference placement.
    pub placements: f64,
    /// Σ c_u(p) over unplaced pupils, with `w.move` for each that had a reference placement.
    pub unplaced: f64,
    /// Pupils moved off their reference placement, `Σ_{p∈M} (1 − X[p,R(p)])`.
    pub moves: u32,
    /// `w.move · moves`, already counted in `placements` and `unplaced`.
    pub move_cost: f64,
    /// w.above_pan · Σ o.
    pub above_pan: f64,
    /// w.over_cap · Σ v.
    pub over_cap: f64,
    /// w.over_fair_share · Σ e.
    pub over_fair_share: f64,
    /// Σ o: places used above PAN.
    pub above_pan_places: u32,
    /// Σ v: FAP placements over the cap.
    pub over_cap_places: u32,
}

impl ObjectiveParts {
    /// The objective value.
    pub fn total(&self) -> f64 {
        self.placements + self.unplaced + self.above_pan + self.over_cap + self.over_fair_share
    }
}

/// Evaluates an assignment (which is assumed to respect the hard rules).
pub fn evaluate(sc: &Scenario, a: &Assignment) -> ObjectiveParts {
    evaluate_with(sc, a, &FairShares::compute(sc))
}

/// [`evaluate`] with fair shares given (a sweep measures every variant against
/// one yardstick's shares).
pub fn evaluate_with(sc: &Scenario, a: &Assignment, shares: &FairShares) -> ObjectiveParts {
    let mut parts = ObjectiveParts::default();
    let mut loads = Loads::new(sc);
    for (i, (p, place)) in sc.pupils.iter().zip(a).enumerate() {
        parts.moves += u32::from(moved(sc, p, *place));
        let cost = pupil_cost(sc, i, *place);
        match place {
            None => parts.unplaced += cost,
            Some(_) => parts.placements += cost,
        }
        loads.add(sc, i, *place, 1);
    }
    for s in 0..sc.schools.len() {
        let (above, over, fair) = loads.school_terms(sc, shares, s);
        parts.above_pan_places += above;
        parts.over_cap_places += over;
        // Phase by phase, as the sum always ran: the same bits in every plan.
        parts.over_fair_share += fair[0];
        parts.over_fair_share += fair[1];
    }
    let w = &sc.policy.weights;
    parts.above_pan = w.above_pan * parts.above_pan_places as f64;
    parts.over_cap = w.over_cap * parts.over_cap_places as f64;
    parts.move_cost = w.r#move * parts.moves as f64;
    parts
}

/// Pupil `i`'s own term at `place`: `c(p,t)`, or `c_u(p)` unplaced (each
/// with `w.move` when it leaves the reference placement).
fn pupil_cost(sc: &Scenario, i: usize, place: Option<Target>) -> f64 {
    let p = &sc.pupils[i];
    match place {
        None => unplaced_cost(sc, p),
        Some(t) => cost_terms(sc, p, t, sc.distance(p, t)).total(),
    }
}

/// Per school: places taken by year group, and FAP placements and FAP load by
/// phase; what the school terms of the objective read.
#[derive(Debug, Clone)]
pub struct Loads {
    count: Vec<[u32; YEAR_GROUPS]>,
    fap_count: Vec<[u32; 2]>,
    fap_load: Vec<[f64; 2]>,
}

impl Loads {
    fn new(sc: &Scenario) -> Loads {
        let n = sc.schools.len();
        Loads {
            count: vec![[0; YEAR_GROUPS]; n],
            fap_count: vec![[0; 2]; n],
            fap_load: vec![[0.0; 2]; n],
        }
    }

    /// The loads of assignment `a`.
    pub fn of(sc: &Scenario, a: &Assignment) -> Loads {
        let mut loads = Loads::new(sc);
        for (i, place) in a.iter().enumerate() {
            loads.add(sc, i, *place, 1);
        }
        loads
    }

    /// Counts pupil `i` at `place` once more (`sign` 1) or once less (−1).
    fn add(&mut self, sc: &Scenario, i: usize, place: Option<Target>, sign: i32) {
        let Some(Target::School(s)) = place else {
            return;
        };
        let (p, s) = (&sc.pupils[i], s as usize);
        let c = &mut self.count[s][p.year.index()];
        *c = c.wrapping_add_signed(sign);
        if p.is_fap() {
            let g = p.year.phase().index();
            self.fap_count[s][g] = self.fap_count[s][g].wrapping_add_signed(sign);
            self.fap_load[s][g] += f64::from(sign) * p.load_weight;
        }
    }

    /// School `s`'s places above PAN, FAP placements over the cap (soft
    /// caps) and weighted excess over its fair share by phase.
    fn school_terms(&self, sc: &Scenario, shares: &FairShares, s: usize) -> (u32, u32, [f64; 2]) {
        let school = &sc.schools[s];
        let w = &sc.policy.weights;
        let above = (crate::scenario::YearGroup::all())
            .map(|y| self.count[s][y.index()].saturating_sub(school.free(y)))
            .sum();
        let (mut over, mut fair) = (0, [0.0; 2]);
        for g in Phase::ALL {
            if sc.policy.fap_cap_mode == CapMode::Soft {
                if let Some(rem) = remaining(sc, s as u32, g) {
                    over += self.fap_count[s][g.index()].saturating_sub(rem);
                }
            }
            if let Some(share) = shares.get(s as u32, g) {
                let e = school.ledger(g) as f64 + self.fap_load[s][g.index()] - share;
                fair[g.index()] = w.over_fair_share * e.max(0.0);
            }
        }
        (above, over, fair)
    }

    /// The school terms of `s` in objective units.
    fn school_cost(&self, sc: &Scenario, shares: &FairShares, s: usize) -> f64 {
        let w = &sc.policy.weights;
        let (above, over, fair) = self.school_terms(sc, shares, s);
        w.above_pan * f64::from(above) + w.over_cap * f64::from(over) + fair[0] + fair[1]
    }
}

/// The objective of the plan that differs from `base` only in `moves`
/// (pupil, placement in `base`, placement now), from `base`'s total and
/// loads: only the moved pupils and the schools they touch are read, where
/// [`evaluate`] reads every pupil. Equal to `evaluate(..).total()` up to the
/// order of the floating-point sums.
pub fn total_after_moves(
    sc: &Scenario,
    shares: &FairShares,
    base_total: f64,
    base_loads: &Loads,
    moves: &[(usize, Option<Target>, Option<Target>)],
) -> f64 {
    let mut schools: Vec<usize> = (moves.iter())
        .flat_map(|&(_, from, to)| [from, to])
        .filter_map(|t| match t {
            Some(Target::School(s)) => Some(s as usize),
            _ => None,
        })
        .collect();
    schools.sort_unstable();
    schools.dedup();
    let mut loads = base_loads.clone();
    let mut total = base_total;
    for &(i, from, to) in moves {
        total += pupil_cost(sc, i, to) - pupil_cost(sc, i, from);
        loads.add(sc, i, from, -1);
        loads.add(sc, i, to, 1);
    }
    for &s in &schools {
        total += loads.school_cost(sc, shares, s) - base_loads.school_cost(sc, shares, s);
    }
    total
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Options;
    use rand::{Rng, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    /// The objective from the base plan and a few moves is the full
    /// evaluation's, on generated rounds with random moves (to options, to
    /// unplaced, several pupils at once).
    #[test]
    fn the_objective_after_moves_is_the_full_evaluation() {
        for seed in 0..20 {
            let settings = crate::generate::Settings::synthetic(seed, 300, 25);
            let json = crate::generate::generate(&settings)
                .expect("generates")
                .json;
            let sc = crate::validate::load_bytes(&json).scenario.expect("valid");
            let (opts, shares) = (Options::generate(&sc), FairShares::compute(&sc));
            let mut r = ChaCha8Rng::seed_from_u64(seed);
            let base: Assignment = (0..sc.pupils.len())
                .map(|i| {
                    let o = &opts.per_pupil[i];
                    (!o.is_empty() && r.gen_bool(0.8)).then(|| o[r.gen_range(0..o.len())].target)
                })
                .collect();
            let (total, loads) = (
                evaluate_with(&sc, &base, &shares).total(),
                Loads::of(&sc, &base),
            );
            for _ in 0..20 {
                let mut a = base.clone();
                for _ in 0..r.gen_range(1..6) {
                    let i = r.gen_range(0..sc.pupils.len());
                    let o = &opts.per_pupil[i];
                    a[i] = (!o.is_empty() && r.gen_bool(0.7))
                        .then(|| o[r.gen_range(0..o.len())].target);
                }
                let moves: Vec<_> = (0..a.len())
                    .filter(|&i| a[i] != base[i])
                    .map(|i| (i, base[i], a[i]))
                    .collect();
                let fast = total_after_moves(&sc, &shares, total, &loads, &moves);
                let full = evaluate_with(&sc, &a, &shares).total();
                assert!(
                    (fast - full).abs() <= 1e-9 * full.abs().max(1.0),
                    "seed {seed}: {fast} vs {full}"
                );
            }
        }
    }
}
