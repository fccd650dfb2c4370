//! Explanations (MODEL.md "What a solve returns", item 3): why each pupil is
//! where proposal 1 puts it, computed, never guessed.
//!
//! An explanation is data ([`Why`]) built from the plan, the option rules
//! ([`eligibility`]), the hard limits ([`room::full`]) and forced re-solves
//! ([`ForcedPlan`]); [`render`] (in `sentences.rs`) turns it into plain English. Every sentence
//! states a fact that can be checked against the plan and the model. "Could
//! take it" means within every hard limit, perhaps with an agreed place above
//! PAN or over a soft cap (the forced re-solve's cost says which); only the
//! panel paper says "has room", and only when it is within the free places:
//!
//!
//! - not at the first preference because it is **not an option** (the first
//!   rule of MODEL.md that removes it), or it is **full** in proposal 1 (which
//!   limit, and the pupils of the round who hold it), or it could take the
//!   pupil within every hard limit but is **dearer overall** (the exact objective increase of the optimum with the
//!   pupil forced there, split into its parts, and who would move);
//! - unplaced because it has **no option** (the rule that removes each of the
//!   five nearest schools teaching its year group, and each AP provider it
//!   could use), or **every option is full** (holders), or some option has
//!   room (then the best forced re-solve of its cheapest options says what
//!   placing it would cost).

mod sentences;

pub use sentences::{full_clause, move_text, place_name, render, term_label};

use super::forced::{ForcedPlan, ForcedSolver, Place};
use super::room::{self, Full};
use crate::model::options::{cost_terms, eligibility, unplaced_cost, Rule};
use crate::model::{Assignment, ObjectiveParts, Options};
use crate::scenario::{PupilIdx, Route, Scenario, Target};
use crate::solve::SolveError;
use std::collections::BTreeMap;

/// How many nearby schools an unplaced pupil with no option is told about.
pub const NEARBY: usize = 5;

/// What a forced re-solve gave.
#[derive(Debug, Clone, PartialEq)]
pub enum Forced {
    /// The optimum with the pupil forced there.
    Plan(ForcedPlan, Delta),
    /// No plan satisfies the hard rules with the pupil there.
    Impossible,
    /// The time limit ran out before a plan was found.
    NotFound,
}

/// An objective increase split into its parts (they add up to the increase).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Delta {
    /// The pupil's own placement cost (c(p,t) or c_u(p)).
    pub own: f64,
    /// Other pupils' placement and unplaced costs.
    pub others: f64,
    /// w.above_pan · Σ o.
    pub above_pan: f64,
    /// w.over_cap · Σ v.
    pub over_cap: f64,
    /// w.over_fair_share · Σ e.
    pub fair_share: f64,
}

/// Why a pupil is where it is.
#[derive(Debug, Clone, PartialEq)]
pub enum Why {
    /// Placed at its first preference.
    FirstPreference,
    /// The pupil gave no preferences.
    NoPreferences,
    /// The first preference is not an option: the rule that removes it.
    NotAnOption(Target, Rule),
    /// The first preference is full in proposal 1.
    Full(Target, Full, Forced),
    /// The first preference has room but the optimum with the pupil there is
    /// dearer (or, at worst, equal: a tie).
    Dearer(Target, Forced),
    /// Unplaced, with no option at all: the nearest schools teaching its year
    /// group and the AP providers it could use, each with the rule that removes it.
    NoOption(Vec<(Target, Rule)>),
    /// Unplaced; every option is full. The best of the forced re-solves of
    /// its cheapest options, and how many were re-solved.
    AllFull(Vec<(Target, Full)>, Forced, usize),
    /// Unplaced although some options have room: the best of the forced
    /// re-solves of its cheapest options, and how many were re-solved.
    UnplacedDearer(Vec<Target>, Forced, usize),
}

/// One pupil's explanation.
#[derive(Debug, Clone, PartialEq)]
pub struct Explanation {
    /// The pupil.
    pub pupil: PupilIdx,
    /// Its placement in proposal 1.
    pub place: Place,
    /// The cost of the placement, term by term (`unplaced` for c_u).
    pub terms: Vec<(&'static str, f64)>,
    /// Why.
    pub why: Why,
}

/// The forced re-solves an explanation needs besides the options per pupil:
/// the first preference when it is an option and not the placement, and for
/// an unplaced pupil the candidates of [`super::options::candidates`] for
/// `n` alternatives (at least 1).
pub fn requests(
    sc: &Scenario,
    opts: &Options,
    base: &Assignment,
    p: PupilIdx,
    n: usize,
) -> Vec<Place> {
    let pupil = &sc.pupils[p as usize];
    if base[p as usize].is_none() {
        return super::options::candidates(sc, opts, base, p, n.max(1));
    }
    match pupil.preferences.first() {
        Some(&first) if base[p as usize] != Some(first) && opts.find(p, first).is_some() => {
            vec![Some(first)]
        }
        _ => Vec::new(),
    }
}

/// Explains pupil `p`'s placement in the base plan of `forced`, from the
/// forced re-solves `solved` (which hold at least [`requests`]).
pub fn explain(
    forced: &ForcedSolver,
    p: PupilIdx,
    solved: &BTreeMap<(PupilIdx, Place), Result<ForcedPlan, SolveError>>,
) -> Explanation {
    let (sc, base) = (forced.scenario(), forced.base());
    let (occ, before) = (forced.occupancy(), forced.base_parts());
    let pupil = &sc.pupils[p as usize];
    let place = base[p as usize];
    let terms = match place {
        Some(t) => cost_terms(sc, pupil, t, sc.distance(pupil, t)).named(),
        None => unplaced_terms(sc, pupil),
    };
    let at = |t: Target| outcome(sc, base, before, solved.get(&(p, Some(t))));
    let why = match (place, pupil.preferences.first()) {
        (None, _) => why_unplaced(forced, p, solved),
        (Some(_), None) => Why::NoPreferences,
        (Some(t), Some(&first)) if t == first => Why::FirstPreference,
        (Some(_), Some(&first)) => match eligibility(sc, pupil, first) {
            Err(rule) => Why::NotAnOption(first, rule),
            Ok(_) => match room::full(sc, occ, p, first) {
                Some(full) => Why::Full(first, full, at(first)),
                None => Why::Dearer(first, at(first)),
            },
        },
    };
    Explanation {
        pupil: p,
        place,
        terms,
        why,
    }
}

fn why_unplaced(
    forced: &ForcedSolver,
    p: PupilIdx,
    solved: &BTreeMap<(PupilIdx, Place), Result<ForcedPlan, SolveError>>,
) -> Why {
    let (sc, opts, base) = (forced.scenario(), forced.options(), forced.base());
    let occ = forced.occupancy();
    let own = &opts.per_pupil[p as usize];
    if own.is_empty() {
        return Why::NoOption(nearby_rules(sc, p));
    }
    let tried: Vec<&Result<ForcedPlan, SolveError>> = solved
        .range((p, Some(Target::School(0)))..=(p, Some(Target::Ap(u32::MAX))))
        .map(|(_, r)| r)
        .collect();
    let best = tried.iter().filter_map(|r| r.as_ref().ok()).min_by(|a, b| {
        a.increase
            .total_cmp(&b.increase)
            .then(a.place.cmp(&b.place))
    });
    let best = match best {
        Some(f) => Forced::Plan(f.clone(), delta(sc, base, forced.base_parts(), f)),
        None if tried
            .iter()
            .any(|r| matches!(r, Err(SolveError::Infeasible))) =>
        {
            Forced::Impossible
        }
        None => Forced::NotFound,
    };
    let mut full = Vec::new();
    let mut with_room = Vec::new();
    for o in own {
        match room::full(sc, occ, p, o.target) {
            Some(f) => full.push((o.target, f)),
            None => with_room.push(o.target),
        }
    }
    if with_room.is_empty() {
        Why::AllFull(full, best, tried.len())
    } else {
        Why::UnplacedDearer(with_room, best, tried.len())
    }
}

/// The rules that remove the pupil's [`NEARBY`] nearest schools teaching its
/// year group and, for a FAP pupil not on the school-only route, its
/// [`NEARBY`] nearest AP providers.
fn nearby_rules(sc: &Scenario, p: PupilIdx) -> Vec<(Target, Rule)> {
    let pupil = &sc.pupils[p as usize];
    let by_distance = |ts: Vec<Target>| {
        let mut v: Vec<(f64, Target)> =
            ts.into_iter().map(|t| (sc.distance(pupil, t), t)).collect();
        v.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        v.into_iter().map(|(_, t)| t)
    };
    let schools: Vec<Target> = (0..sc.schools.len() as u32)
        .filter(|&s| sc.schools[s as usize].teaches(pupil.year))
        .map(Target::School)
        .collect();
    let mut targets: Vec<Target> = by_distance(schools).take(NEARBY).collect();
    if pupil.is_fap() && pupil.route != Route::School {
        let aps = (0..sc.aps.len() as u32).map(Target::Ap).collect();
        targets.extend(by_distance(aps).take(NEARBY));
    }
    targets
        .into_iter()
        .filter_map(|t| eligibility(sc, pupil, t).err().map(|r| (t, r)))
        .collect()
}

/// `c_u(p)` and, under a reference plan, the move term.
fn unplaced_terms(sc: &Scenario, pupil: &crate::scenario::Pupil) -> Vec<(&'static str, f64)> {
    use crate::model::options::{move_cost, unplaced_own_cost};
    let moved = move_cost(sc, pupil, None);
    let mut terms = vec![("unplaced", unplaced_own_cost(sc, pupil))];
    if moved != 0.0 {
        terms.push(("moved", moved));
    }
    terms
}

fn outcome(
    sc: &Scenario,
    base: &Assignment,
    before: &ObjectiveParts,
    r: Option<&Result<ForcedPlan, SolveError>>,
) -> Forced {
    match r {
        Some(Ok(f)) => Forced::Plan(f.clone(), delta(sc, base, before, f)),
        Some(Err(SolveError::Infeasible)) => Forced::Impossible,
        _ => Forced::NotFound,
    }
}

/// The forced plan's objective minus the base plan's (parts `before`), by part.
pub fn delta(sc: &Scenario, base: &Assignment, before: &ObjectiveParts, f: &ForcedPlan) -> Delta {
    let pupil = &sc.pupils[f.pupil as usize];
    let own = |place: Place| match place {
        Some(t) => cost_terms(sc, pupil, t, sc.distance(pupil, t)).total(),
        None => unplaced_cost(sc, pupil),
    };
    let (a, b) = (before, &f.parts);
    let own_d = own(f.place) - own(base[f.pupil as usize]);
    Delta {
        own: own_d,
        others: (b.placements + b.unplaced) - (a.placements + a.unplaced) - own_d,
        above_pan: b.above_pan - a.above_pan,
        over_cap: b.over_cap - a.over_cap,
        fair_share: b.over_fair_share - a.over_fair_share,
    }
}

/// Is an increase a tie (within the plans' 1e-6 relative tolerance)?
pub fn is_tie(increase: f64, objective: f64) -> bool {
    increase.abs() <= 1e-6 * objective.abs().max(1.0)
}
