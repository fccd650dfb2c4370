//! Decision support for the panel: per-pupil alternatives, explanations and
//! place values, computed together and recorded in the plan.
//!
//! The forced re-solves that the alternatives ([`super::options`]) and the
//! explanations ([`super::explain`]) need are collected first, deduplicated,
//! and solved once, in parallel, in a fixed order; both then read the same
//! results. [`record`] turns the result into the plan's `decision_support`
//! block with every float rounded in one place.

use super::explain::{self, Explanation, Why};
use super::forced::{ForcedPlan, ForcedSolver, Move, Place};
use super::options::{self, candidates, candidates_for, PupilAlternatives};
use super::place_values::{self, ExtraPlace, PlaceValue};
use crate::model::options::{cost_terms, unplaced_cost};
use crate::model::{Assignment, Options};
use crate::plan::round;
use crate::plan::support::{
    Alternative, CostTerm, DecisionSupport, MoveRecord, PlaceValueRecord, PupilSupport,
};
use crate::scenario::{PupilIdx, Scenario};
use crate::solve::{SolveError, SolveSettings};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

/// Decision support about one base plan (proposal 1).
#[derive(Debug, Clone)]
pub struct Support {
    /// `N`.
    pub options_per_pupil: usize,
    /// Per pupil.
    pub alternatives: Vec<PupilAlternatives>,
    /// Per pupil.
    pub explanations: Vec<Explanation>,
    /// Per candidate place, in candidate order.
    pub place_values: Vec<PlaceValue>,
}

/// Computes alternatives (`n` per pupil; 0 for none), explanations and place
/// values for `base`. Runs on the caller's rayon pool.
pub fn compute(
    sc: &Scenario,
    opts: &Options,
    base: &Assignment,
    n: usize,
    settings: &SolveSettings,
) -> Result<Support, SolveError> {
    let pupils = 0..sc.pupils.len() as PupilIdx;
    let forced = ForcedSolver::new(sc, opts, base, settings);
    let cands: Vec<Vec<Place>> = pupils
        .clone()
        .map(|p| candidates(sc, opts, base, p, n))
        .collect();
    let solved = resolve_candidates(&forced, &cands, n, settings);
    let alternatives = pupils
        .clone()
        .map(|p| {
            let cands = &cands[p as usize];
            let tried = cands.iter().filter_map(|&t| solved.get(&(p, t)));
            options::pick(p, n, cands.len(), tried)
        })
        .collect::<Result<Vec<_>, _>>()?;
    let explanations = (pupils.into_par_iter())
        .map(|p| explain::explain(&forced, p, &solved))
        .collect();
    let place_values = place_values::compute(&forced)?;
    Ok(Support {
        options_per_pupil: n,
        alternatives,
        explanations,
        place_values,
    })
}

/// The forced re-solves decision support needs: what the explanations need
/// and each pupil's likeliest alternatives (`cands`, per pupil), then the
/// candidates that could still beat those (options.rs); by request.
fn resolve_candidates(
    forced: &ForcedSolver,
    cands: &[Vec<Place>],
    n: usize,
    settings: &SolveSettings,
) -> BTreeMap<(PupilIdx, Place), Result<ForcedPlan, SolveError>> {
    let (sc, opts, base) = (forced.scenario(), forced.options(), forced.base());
    let pupils = 0..sc.pupils.len() as PupilIdx;
    let requests: Vec<Vec<Place>> = (pupils.clone())
        .map(|p| explain::requests(sc, opts, base, p, n))
        .collect();
    let wanted = |p: PupilIdx, mut v: Vec<Place>| {
        v.extend_from_slice(&requests[p as usize]);
        v.into_iter().map(move |t| (p, t))
    };
    let all = pupils
        .clone()
        .flat_map(|p| wanted(p, cands[p as usize].clone()));
    let total = all.collect::<BTreeSet<_>>().len();
    (settings.progress).counted(crate::progress::Stage::Alternatives, total);
    let first = pupils
        .clone()
        .flat_map(|p| wanted(p, options::first(forced, p, &cands[p as usize], n)));
    let mut solved = solve_set(forced, first.collect());
    let open = pupils.flat_map(|p| {
        let open = options::still_open(forced, p, &cands[p as usize], n, &solved);
        open.into_iter().map(move |t| (p, t))
    });
    solved.extend(solve_set(forced, open.collect()));
    // The candidates ruled out by their bound are done too.
    settings.progress.done(total - solved.len());
    solved
}

/// The forced re-solves of `wanted`, by request.
fn solve_set(
    forced: &ForcedSolver,
    wanted: BTreeSet<(PupilIdx, Place)>,
) -> BTreeMap<(PupilIdx, Place), Result<ForcedPlan, SolveError>> {
    let pairs: Vec<(PupilIdx, Place)> = wanted.into_iter().collect();
    let solved = forced.solve_all(&pairs);
    pairs.into_iter().zip(solved).collect()
}

/// The plan's `decision_support` block.
pub fn record(sc: &Scenario, s: &Support) -> DecisionSupport {
    let pupils = s
        .explanations
        .iter()
        .zip(&s.alternatives)
        .map(|(e, alts)| pupil_record(sc, e, alts))
        .collect();
    let mut values: Vec<&PlaceValue> = s.place_values.iter().collect();
    // Largest decrease first; ties in candidate order (stable sort).
    values.sort_by(|a, b| b.decrease.total_cmp(&a.decrease));
    DecisionSupport {
        options_per_pupil: s.options_per_pupil,
        candidates_per_pupil: candidates_for(s.options_per_pupil),
        pupils,
        place_values: values.into_iter().map(|v| value_record(sc, v)).collect(),
    }
}

fn pupil_record(sc: &Scenario, e: &Explanation, alts: &PupilAlternatives) -> PupilSupport {
    let p = &sc.pupils[e.pupil as usize];
    let alternatives = alts
        .alternatives
        .iter()
        .map(|f| {
            let (km, cost) = match f.place {
                Some(t) => {
                    let d = sc.distance(p, t);
                    (Some(round(d)), cost_terms(sc, p, t, d).total())
                }
                None => (None, unplaced_cost(sc, p)),
            };
            Alternative {
                place: id_of(sc, f.place),
                km,
                cost: round(cost),
                objective: round(f.objective()),
                increase: round(f.increase),
                status: f.status.as_str().to_string(),
                knock_on: f.knock_on().map(|m| move_record(sc, m)).collect(),
            }
        })
        .collect();
    PupilSupport {
        pupil: p.id.clone(),
        place: id_of(sc, e.place),
        cost: round(e.terms.iter().map(|(_, v)| v).sum()),
        cost_terms: e
            .terms
            .iter()
            .map(|(term, value)| CostTerm {
                term: term.to_string(),
                value: round(*value),
            })
            .collect(),
        reason: reason_kind(&e.why).to_string(),
        explanation: explain::render(sc, e),
        alternatives_considered: alts.considered,
        alternatives,
    }
}

/// The `reason` of a pupil record.
pub fn reason_kind(w: &Why) -> &'static str {
    match w {
        Why::FirstPreference => "first_preference",
        Why::NoPreferences => "no_preferences",
        Why::NotAnOption(..) => "not_an_option",
        Why::Full(..) => "full",
        Why::Dearer(..) => "dearer",
        Why::NoOption(..) => "no_option",
        Why::AllFull(..) => "all_full",
        Why::UnplacedDearer(..) => "unplaced_dearer",
    }
}

fn value_record(sc: &Scenario, v: &PlaceValue) -> PlaceValueRecord {
    let (school, year_group, ap) = match v.extra {
        ExtraPlace::School(s, y) => (
            Some(sc.schools[s as usize].id.clone()),
            Some(y.to_string()),
            None,
        ),
        ExtraPlace::Ap(a) => (None, None, Some(sc.aps[a as usize].id.clone())),
    };
    PlaceValueRecord {
        school,
        year_group,
        ap,
        objective: round(v.objective),
        objective_decrease: round(v.decrease),
        status: v.status.as_str().to_string(),
        above_pan_change: v.above_pan_change,
        moves: v.moves.iter().map(|m| move_record(sc, m)).collect(),
        note: v.extra.note(sc).map(str::to_string),
        summary: place_values::describe(sc, v),
    }
}

fn id_of(sc: &Scenario, place: Place) -> Option<String> {
    place.map(|t| sc.target_id(t).to_string())
}

fn move_record(sc: &Scenario, m: &Move) -> MoveRecord {
    MoveRecord {
        pupil: sc.pupils[m.pupil as usize].id.clone(),
        from: id_of(sc, m.from),
        to: id_of(sc, m.to),
    }
}
