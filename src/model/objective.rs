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
    let w = &sc.policy.weights;
    let mut parts = ObjectiveParts::default();
    let n = sc.schools.len();
    let mut count = vec![[0u32; YEAR_GROUPS]; n];
    let mut fap_count = vec![[0u32; 2]; n];
    let mut fap_load = vec![[0f64; 2]; n];
    for (p, place) in sc.pupils.iter().zip(a) {
        parts.moves += u32::from(moved(sc, p, *place));
        match *place {
            None => parts.unplaced += unplaced_cost(sc, p),
            Some(t) => {
                parts.placements += cost_terms(sc, p, t, sc.distance(p, t)).total();
                if let Target::School(s) = t {
                    let s = s as usize;
                    count[s][p.year.index()] += 1;
                    if p.is_fap() {
                        fap_count[s][p.year.phase().index()] += 1;
                        fap_load[s][p.year.phase().index()] += p.load_weight;
                    }
                }
            }
        }
    }
    for (s, school) in sc.schools.iter().enumerate() {
        for y in crate::scenario::YearGroup::all() {
            parts.above_pan_places += count[s][y.index()].saturating_sub(school.free(y));
        }
        for g in Phase::ALL {
            if sc.policy.fap_cap_mode == CapMode::Soft {
                if let Some(rem) = remaining(sc, s as u32, g) {
                    parts.over_cap_places += fap_count[s][g.index()].saturating_sub(rem);
                }
            }
            if let Some(share) = shares.get(s as u32, g) {
                let e = school.ledger(g) as f64 + fap_load[s][g.index()] - share;
                parts.over_fair_share += w.over_fair_share * e.max(0.0);
            }
        }
    }
    parts.above_pan = w.above_pan * parts.above_pan_places as f64;
    parts.over_cap = w.over_cap * parts.over_cap_places as f64;
    parts.move_cost = w.r#move * parts.moves as f64;
    parts
}
