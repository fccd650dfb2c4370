//! The objective of a complete assignment, with `o`, `v`, `e` at their least values.
//!
//! The solver's own objective value carries its tolerances; plans report this
//! exact recomputation instead, so that the same plan always shows the same
//! number. The checker recomputes it again with its own code.

use super::loads::Loads;
use super::options::{cost_terms, moved, unplaced_cost, FairShares};
use crate::scenario::{Scenario, Target};

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

    /// The parts with the weighted terms worked out from their counts.
    pub(super) fn weighed(mut self, sc: &Scenario) -> ObjectiveParts {
        let w = &sc.policy.weights;
        self.above_pan = w.above_pan * self.above_pan_places as f64;
        self.over_cap = w.over_cap * self.over_cap_places as f64;
        self.move_cost = w.r#move * self.moves as f64;
        self
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
        let terms = loads.terms(sc, shares, s);
        parts.above_pan_places += terms.above_pan;
        parts.over_cap_places += terms.over_cap;
        // Phase by phase, as the sum always ran: the same bits in every plan.
        parts.over_fair_share += terms.fair[0];
        parts.over_fair_share += terms.fair[1];
    }
    parts.weighed(sc)
}

/// Pupil `i`'s own term at `place`: `c(p,t)`, or `c_u(p)` unplaced (each
/// with `w.move` when it leaves the reference placement).
pub(super) fn pupil_cost(sc: &Scenario, i: usize, place: Option<Target>) -> f64 {
    let p = &sc.pupils[i];
    match place {
        None => unplaced_cost(sc, p),
        Some(t) => cost_terms(sc, p, t, sc.distance(p, t)).total(),
    }
}
