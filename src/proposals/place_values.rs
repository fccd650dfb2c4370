//! Place values (MODEL.md "What a solve returns", item 4): how much the
//! objective would fall with one more place where proposal 1 is full.
//!
//! Candidates, in order (schools in file order and their year groups R..11,
//! then AP providers):
//!
//! - a school year group whose free places proposal 1 uses up (pupils placed
//!   ≥ free places, so every above-PAN place in use counts too), where
//!   either an above-PAN place is in use or some pupil of
//!   the year group not placed there would have it as an option with one
//!   more free place;
//! - an AP provider whose places proposal 1 uses up, where some pupil not
//!   placed there would have it as an option with one more place.
//!
//! One more free place means `on_roll` lowered by one (or to `pan − 1` when
//! on roll is at or above PAN); PAN, and so caps and fair shares, stay put.
//! Where there is no roll to lower (PAN 0, or nobody on roll) the place comes
//! with PAN + 1 (on roll at most the old PAN), and the record says so ("no
//! PAN in this year group"); should that raise the school's entry PAN for
//! the phase, caps and fair shares follow it and every component is re-solved.
//! One more AP place means `places + 1`. Each candidate is re-solved on a
//! modified copy of the scenario (in parallel), warm-started from proposal 1,
//! which stays feasible. Only the components of the modified scenario that
//! reach the place are re-solved; everything else keeps proposal 1, exactly
//! as in [`super::forced`].

use super::forced::{diff, in_batches, ForcedSolver, Move};
use crate::model::build::{components, Extras};
use crate::model::options::{cost_terms, eligibility, FairShares, Rule};
use crate::model::{evaluate, Assignment, Opt, Options};
use crate::scenario::{ApIdx, PupilIdx, Scenario, SchoolIdx, Target, YearGroup};
use crate::solve::{solve, solve_group, HeldLp, SolveError, Status};
use rayon::prelude::*;

/// One more place: at a school year group or an AP provider.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ExtraPlace {
    /// One more free place in a school's year group.
    School(SchoolIdx, YearGroup),
    /// One more place at an AP provider.
    Ap(ApIdx),
}

impl ExtraPlace {
    /// The target the place is at.
    pub fn target(self) -> Target {
        match self {
            ExtraPlace::School(s, _) => Target::School(s),
            ExtraPlace::Ap(a) => Target::Ap(a),
        }
    }

    /// The scenario with the extra place.
    pub fn apply(self, sc: &Scenario) -> Scenario {
        let mut sc2 = sc.clone();
        match self {
            ExtraPlace::School(s, y) => {
                if let Some(yp) = sc2.schools[s as usize].years[y.index()].as_mut() {
                    *yp = yp.one_more_free();
                }
            }
            ExtraPlace::Ap(a) => sc2.aps[a as usize].places += 1,
        }
        sc2
    }

    /// What the record says about how the place was made, where it is not
    /// simply one fewer on roll.
    pub fn note(self, sc: &Scenario) -> Option<&'static str> {
        let ExtraPlace::School(s, y) = self else {
            return None;
        };
        let yp = sc.schools[s as usize].years[y.index()]?;
        if yp.pan == 0 {
            Some("no PAN in this year group")
        } else if yp.on_roll == 0 {
            Some("nobody on roll in this year group: PAN raised by one")
        } else {
            None
        }
    }

    /// Does the place change the school's entry PAN for its phase (and so,
    /// possibly, caps and every fair share of the phase)?
    fn moves_phase_pan(self, sc: &Scenario, sc2: &Scenario) -> bool {
        match self {
            ExtraPlace::School(s, y) => {
                let (a, b) = (&sc.schools[s as usize], &sc2.schools[s as usize]);
                a.pan_phase(y.phase()) != b.pan_phase(y.phase())
            }
            ExtraPlace::Ap(_) => false,
        }
    }
}

/// The value of one more place.
#[derive(Debug, Clone, PartialEq)]
pub struct PlaceValue {
    /// Where.
    pub extra: ExtraPlace,
    /// Optimum of the modified scenario.
    pub objective: f64,
    /// Proposal 1's objective minus `objective`.
    pub decrease: f64,
    /// Optimal or time-limited.
    pub status: Status,
    /// Pupils placed differently from proposal 1, in pupil order.
    pub moves: Vec<Move>,
    /// Places used above PAN: modified optimum minus proposal 1.
    pub above_pan_change: i64,
}

/// The candidates of the module docs.
pub fn candidates(sc: &Scenario, base: &Assignment) -> Vec<ExtraPlace> {
    let mut out = Vec::new();
    for (s, school) in sc.schools.iter().enumerate() {
        for y in YearGroup::all() {
            let Some(yp) = school.years[y.index()] else {
                continue;
            };
            let t = Target::School(s as SchoolIdx);
            let placed = count_at(sc, base, t, Some(y));
            let free = yp.free() as usize;
            if placed < free {
                continue;
            }
            let extra = ExtraPlace::School(s as SchoolIdx, y);
            if placed > free || could_use(sc, base, extra) {
                out.push(extra);
            }
        }
    }
    for (a, ap) in sc.aps.iter().enumerate() {
        let extra = ExtraPlace::Ap(a as ApIdx);
        if count_at(sc, base, extra.target(), None) >= ap.places as usize
            && could_use(sc, base, extra)
        {
            out.push(extra);
        }
    }
    out
}

fn count_at(sc: &Scenario, a: &Assignment, t: Target, year: Option<YearGroup>) -> usize {
    sc.pupils
        .iter()
        .zip(a)
        .filter(|(p, place)| **place == Some(t) && year.is_none_or(|y| p.year == y))
        .count()
}

/// Would some pupil not placed there have the place as an option with it?
/// The modified scenario is only built when the original cannot tell.
fn could_use(sc: &Scenario, base: &Assignment, extra: ExtraPlace) -> bool {
    let t = extra.target();
    let mut sc2: Option<Scenario> = None;
    sc.pupils.iter().zip(base).any(|(p, place)| {
        let concerned = match extra {
            ExtraPlace::School(_, y) => p.year == y,
            ExtraPlace::Ap(_) => true,
        };
        concerned
            && *place != Some(t)
            && match eligibility(sc, p, t) {
                Ok(_) => true,
                Err(Rule::NoPlaceFap | Rule::NoPlaceInYear | Rule::ApNoPlaces) => {
                    let sc2 = sc2.get_or_insert_with(|| extra.apply(sc));
                    eligibility(sc2, p, t).is_ok()
                }
                Err(_) => false,
            }
    })
}

/// The options of `sc2` (the scenario with `extra`), from those of the
/// original: only options at the extra place can appear.
pub fn options_with(sc2: &Scenario, opts: &Options, extra: ExtraPlace) -> Options {
    with_created(opts, &created_options(sc2, opts, extra))
}

/// The options `extra` creates: those of `sc2` (the scenario with it) that
/// the original's, `opts`, lack, by pupil.
fn created_options(sc2: &Scenario, opts: &Options, extra: ExtraPlace) -> Vec<(PupilIdx, Opt)> {
    let t = extra.target();
    let lacks = |(_, list): &(usize, &Vec<Opt>)| list.iter().all(|o| o.target != t);
    (opts.per_pupil.iter().enumerate().filter(lacks))
        .filter_map(|(i, _)| {
            let p = &sc2.pupils[i];
            let km = eligibility(sc2, p, t).ok()?;
            let cost = cost_terms(sc2, p, t, km).total();
            Some((
                i as PupilIdx,
                Opt {
                    target: t,
                    km,
                    cost,
                },
            ))
        })
        .collect()
}

/// `opts` with the options `created` (at most one per pupil and target).
fn with_created(opts: &Options, created: &[(PupilIdx, Opt)]) -> Options {
    let mut out = opts.clone();
    for &(p, o) in created {
        let list = &mut out.per_pupil[p as usize];
        let at = list.partition_point(|q| q.target < o.target);
        list.insert(at, o);
    }
    out
}

/// The value of each candidate place around the base plan of `lps`, in
/// candidate order. Its LP relaxations prove most re-solves small: the
/// candidates reaching one group share a held LP, in fixed batches
/// ([`in_batches`]), so results do not depend on the threads.
pub fn compute(lps: &ForcedSolver) -> Result<Vec<PlaceValue>, SolveError> {
    let (sc, opts, base) = (lps.scenario(), lps.options(), lps.base());
    let cands = candidates(sc, base);
    lps.settings()
        .progress
        .counted(crate::progress::Stage::PlaceValues, cands.len());
    // Each reads every pupil (2 ms a place on 10,000 pupils): in parallel,
    // collected in candidate order. Past the time limit no re-solve will
    // use them (every value keeps the base plan).
    let created: Vec<_> = if lps.out_of_time() {
        vec![Vec::new(); cands.len()]
    } else {
        (cands.par_iter())
            .map(|&e| created_options(&e.apply(sc), opts, e))
            .collect()
    };
    let group = |i: usize| reaching(lps, cands[i], &created[i]).unwrap_or(usize::MAX);
    in_batches(cands.len(), group, |batch| {
        let g = group(batch[0]);
        let places: Vec<_> = batch.iter().map(|&i| held_place(cands[i])).collect();
        let all: Vec<_> = batch
            .iter()
            .flat_map(|&i| created[i].iter().copied())
            .collect();
        let held_opts = (!lps.out_of_time()).then(|| with_created(opts, &all));
        let mut held = (held_opts.as_ref())
            .filter(|_| g != usize::MAX)
            .and_then(|o| lps.hold(g, &places, o));
        batch
            .iter()
            .map(|&i| {
                let held = held.as_mut().map(|h| (g, h));
                value(lps, cands[i], &created[i], held)
            })
            .inspect(|_| lps.settings().progress.done(1))
            .collect()
    })
    .into_iter()
    .collect()
}

/// The group of the first pupil who has the place's target as an option
/// (in the year group of a school place), with the place (whose options
/// `created` adds), if any: the group whose held LP the place's re-solve
/// may use.
fn reaching(lps: &ForcedSolver, extra: ExtraPlace, created: &[(PupilIdx, Opt)]) -> Option<usize> {
    let (sc, opts) = (lps.scenario(), lps.options());
    let t = extra.target();
    (0..sc.pupils.len() as PupilIdx)
        .find(|&p| {
            let in_year = match extra {
                ExtraPlace::School(_, y) => sc.pupils[p as usize].year == y,
                ExtraPlace::Ap(_) => true,
            };
            let has = opts.find(p, t).is_some() || created.iter().any(|c| c.0 == p);
            in_year && has
        })
        .map(|p| lps.group_of(p))
}

/// The place as a held LP opens it.
fn held_place(extra: ExtraPlace) -> (Target, Option<YearGroup>) {
    match extra {
        ExtraPlace::School(s, y) => (Target::School(s), Some(y)),
        ExtraPlace::Ap(a) => (Target::Ap(a), None),
    }
}

/// The value of one more place at `extra`, with the held LP of group `g`.
fn value(
    lps: &ForcedSolver,
    extra: ExtraPlace,
    created: &[(PupilIdx, Opt)],
    held: Option<(usize, &mut HeldLp)>,
) -> Result<PlaceValue, SolveError> {
    let (sc, opts, base) = (lps.scenario(), lps.options(), lps.base());
    let sc2 = extra.apply(sc);
    let (a, status) = if lps.out_of_time() {
        // The base plan is a plan with the extra place too: the best known
        // (and no options to copy for a re-solve that will not run).
        (base.clone(), Status::TimeLimit)
    } else {
        resolve_reaching(&sc2, &with_created(opts, created), extra, lps, held)?
    };
    let (parts, before) = (evaluate(&sc2, &a), lps.base_parts());
    Ok(PlaceValue {
        extra,
        objective: parts.total(),
        decrease: before.total() - parts.total(),
        status,
        moves: diff(base, &a),
        above_pan_change: parts.above_pan_places as i64 - before.above_pan_places as i64,
    })
}

/// Re-solves the component of `sc2` (the scenario of `lps` with `extra`,
/// whose options are `opts2`) that reaches the extra place, warm-started from
/// the base plan; other pupils keep their placements there. Where the
/// component is one of the original scenario's, the re-solve reuses its LP
/// relaxation ([`crate::solve::GroupLp::extra_place`]), or better, the held
/// LP `held` of that group, which may settle it without a MIP.
fn resolve_reaching(
    sc2: &Scenario,
    opts2: &Options,
    extra: ExtraPlace,
    lps: &ForcedSolver,
    mut held: Option<(usize, &mut HeldLp)>,
) -> Result<(Assignment, Status), SolveError> {
    let (opts, base) = (lps.options(), lps.base());
    let settings = &lps.settings_now();
    let (t, year) = held_place(extra);
    if extra.moves_phase_pan(lps.scenario(), sc2) {
        let all = solve(sc2, opts2, &Extras::default(), settings, Some(base))?;
        return Ok((all.assignment, all.status));
    }
    let shares = FairShares::compute(sc2);
    let mut a = base.clone();
    let mut status = Status::Optimal;
    for group in components(sc2, opts2) {
        if !group.iter().any(|&p: &PupilIdx| opts2.find(p, t).is_some()) {
            continue;
        }
        // The place's options may join groups: the LP is of one group only.
        let g = lps.group_of(group[0]);
        let same = lps.group(g) == group.as_slice();
        let relaxed = match held.as_mut() {
            Some((hg, h)) if same && *hg == g => {
                h.extra_place(opts2, t, year, settings.mip_rel_gap)?
            }
            _ => None,
        };
        if let Some(opt) = relaxed.as_ref().and_then(|r| r.optimal.as_ref()) {
            for &p in &group {
                a[p as usize] = opt[p as usize];
            }
            continue;
        }
        let (start, lp) = match relaxed {
            Some(r) => (r.plan.unwrap_or_else(|| base.clone()), Some(r.bound)),
            None => {
                let lp = same.then(|| lps.group_lp(g)).flatten().and_then(|lp| {
                    // The fair shares depend on PANs only: the same in both scenarios.
                    lp.extra_place(lps.scenario(), opts, &shares, &group, opts2, t, year)
                });
                (base.clone(), lp)
            }
        };
        let solved = solve_group(
            sc2,
            opts2,
            &shares,
            &group,
            &Extras::default(),
            settings,
            Some(&start),
            lp,
        )?;
        for (&p, &place) in group.iter().zip(&solved.placements) {
            a[p as usize] = place;
        }
        if solved.status == Status::TimeLimit {
            status = Status::TimeLimit;
        }
    }
    Ok((a, status))
}

/// The finding in plain English, e.g. "One more free place in Year 9 at S012
/// would lower the objective by 18.50: it would place P0031 (S012, 2.30 km)."
pub fn describe(sc: &Scenario, v: &PlaceValue) -> String {
    use super::explain::{is_tie, move_text, place_name};
    use crate::figures::num;
    let what = match v.extra {
        ExtraPlace::School(s, y) => {
            let note = v
                .extra
                .note(sc)
                .map(|n| format!(" ({n})"))
                .unwrap_or_default();
            format!(
                "One more free place in Year {y} at {}{note}",
                sc.schools[s as usize].id
            )
        }
        ExtraPlace::Ap(a) => format!("One more place at {}", sc.aps[a as usize].id),
    };
    if is_tie(v.decrease, v.objective) {
        return format!("{what} would not improve the plan.");
    }
    if v.decrease < 0.0 {
        return format!(
            "{what} gives a plan {} dearer than this proposal, which was not proven optimal.",
            num(-v.decrease)
        );
    }
    let id = |p: PupilIdx| sc.pupils[p as usize].id.as_str();
    let km = |p: PupilIdx, t: Target| sc.distance(&sc.pupils[p as usize], t);
    let mut effects = Vec::new();
    let placed: Vec<String> = v
        .moves
        .iter()
        .filter_map(|m| m.to.filter(|_| m.from.is_none()).map(|t| (m.pupil, t)))
        .map(|(p, t)| format!("{} ({}, {} km)", id(p), sc.target_id(t), num(km(p, t))))
        .collect();
    if !placed.is_empty() {
        effects.push(format!("place {}", placed.join(", ")));
    }
    let moved: Vec<&Move> = v
        .moves
        .iter()
        .filter(|m| m.from.is_some() && m.to.is_some())
        .collect();
    if !moved.is_empty() {
        let ids: Vec<String> = moved.iter().map(|m| move_text(sc, m)).collect();
        let change: f64 = moved
            .iter()
            .filter_map(|m| Some(km(m.pupil, m.to?) - km(m.pupil, m.from?)))
            .sum();
        let travel = if change < 0.0 {
            format!("shortening their journeys by {} km in total", num(-change))
        } else {
            format!("lengthening their journeys by {} km in total", num(change))
        };
        effects.push(format!("move {}, {travel}", ids.join(", ")));
    }
    let unplaced: Vec<String> = v
        .moves
        .iter()
        .filter(|m| m.to.is_none())
        .map(|m| format!("{} ({} → unplaced)", id(m.pupil), place_name(sc, m.from)))
        .collect();
    if !unplaced.is_empty() {
        effects.push(format!("leave {} unplaced", unplaced.join(", ")));
    }
    match v.above_pan_change {
        0 => {}
        d if d < 0 => effects.push(format!("use {} fewer above-PAN place(s)", -d)),
        d => effects.push(format!("use {d} more above-PAN place(s)")),
    }
    let effects = if effects.is_empty() {
        String::new()
    } else {
        format!(": it would {}", effects.join("; "))
    };
    format!(
        "{what} would lower the objective by {}{effects}.",
        num(v.decrease)
    )
}
