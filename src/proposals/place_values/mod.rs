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
mod describe;

pub use describe::describe;

use crate::model::build::{components, Extras};
use crate::model::loads::parts_with_free;
use crate::model::options::{cost_terms, eligibility, FairShares, Rule};
use crate::model::{evaluate, Assignment, ObjectiveParts, Opt, Options};
use crate::scenario::{ApIdx, PupilIdx, Scenario, SchoolIdx, Target, YearGroup, YearPlaces};
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
        self.set(sc, &mut sc2);
        sc2
    }

    /// Gives `copy` (of `sc`) the extra place.
    fn set(self, sc: &Scenario, copy: &mut Scenario) {
        match self {
            ExtraPlace::School(s, y) => {
                copy.schools[s as usize].years[y.index()] = self.year_places(sc, s, y);
            }
            ExtraPlace::Ap(a) => copy.aps[a as usize].places = sc.aps[a as usize].places + 1,
        }
    }

    /// Takes the extra place back out of `copy` (of `sc`).
    fn reset(self, sc: &Scenario, copy: &mut Scenario) {
        match self {
            ExtraPlace::School(s, y) => {
                let (s, y) = (s as usize, y.index());
                copy.schools[s].years[y] = sc.schools[s].years[y];
            }
            ExtraPlace::Ap(a) => copy.aps[a as usize].places = sc.aps[a as usize].places,
        }
    }

    /// The places of school `s`'s year group `y` with the extra place there.
    fn year_places(self, sc: &Scenario, s: SchoolIdx, y: YearGroup) -> Option<YearPlaces> {
        sc.schools[s as usize].years[y.index()].map(YearPlaces::one_more_free)
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
    fn moves_phase_pan(self, sc: &Scenario) -> bool {
        match self {
            ExtraPlace::School(s, y) => {
                let mut school = sc.schools[s as usize].clone();
                school.years[y.index()] = self.year_places(sc, s, y);
                let g = y.phase();
                school.pan_phase(g) != sc.schools[s as usize].pan_phase(g)
            }
            ExtraPlace::Ap(_) => false,
        }
    }
}

/// A copy of the scenario on which extra places are tried one at a time:
/// one copy rather than one per place, as copying 10,000 pupils costs about
/// a millisecond. Made on first use.
struct Trial<'a> {
    sc: &'a Scenario,
    copy: Option<Scenario>,
}

impl<'a> Trial<'a> {
    fn new(sc: &'a Scenario) -> Trial<'a> {
        Trial { sc, copy: None }
    }

    /// `f` of the scenario with `extra`.
    fn with<R>(&mut self, extra: ExtraPlace, f: impl FnOnce(&Scenario) -> R) -> R {
        let copy = self.copy.get_or_insert_with(|| self.sc.clone());
        extra.set(self.sc, copy);
        let r = f(copy);
        extra.reset(self.sc, copy);
        r
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
    let trial = &mut Trial::new(sc);
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
            if placed > free || could_use(trial, base, extra) {
                out.push(extra);
            }
        }
    }
    for (a, ap) in sc.aps.iter().enumerate() {
        let extra = ExtraPlace::Ap(a as ApIdx);
        if count_at(sc, base, extra.target(), None) >= ap.places as usize
            && could_use(trial, base, extra)
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
/// The scenario with the place is only tried when the original cannot tell.
fn could_use(trial: &mut Trial, base: &Assignment, extra: ExtraPlace) -> bool {
    let (sc, t) = (trial.sc, extra.target());
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
                    trial.with(extra, |sc2| eligibility(sc2, p, t).is_ok())
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
    let created: Vec<_> = (cands.par_iter())
        .map_init(
            || Trial::new(sc),
            |trial, &e| match lps.out_of_time() {
                true => Vec::new(),
                false => trial.with(e, |sc2| created_options(sc2, opts, e)),
            },
        )
        .collect();
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
        let mut trial = Trial::new(sc);
        batch
            .iter()
            .map(|&i| {
                let held = held.as_mut().map(|h| (g, h));
                value(lps, cands[i], &created[i], held, &mut trial)
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
    trial: &mut Trial,
) -> Result<PlaceValue, SolveError> {
    let (opts, base) = (lps.options(), lps.base());
    let (parts, status, moves) = if lps.out_of_time() {
        // The base plan is a plan with the extra place too: the best known.
        (base_parts_with(lps, extra), Status::TimeLimit, Vec::new())
    } else {
        let opts2 = with_created(opts, created);
        trial.with(extra, |sc2| {
            let (a, status) = resolve_reaching(sc2, &opts2, extra, lps, held)?;
            Ok((evaluate(sc2, &a), status, diff(base, &a)))
        })?
    };
    let before = lps.base_parts();
    Ok(PlaceValue {
        extra,
        objective: parts.total(),
        decrease: before.total() - parts.total(),
        status,
        moves,
        above_pan_change: parts.above_pan_places as i64 - before.above_pan_places as i64,
    })
}

/// The base plan's objective with `extra`, by part. One more place is no
/// cost term: only the year group's places above PAN can change, unless
/// the place moves the phase's PAN (caps and fair shares) or some pupil's
/// reference placement is there (whether leaving it counts as a move), when
/// the scenario with the place is evaluated in full.
pub fn base_parts_with(lps: &ForcedSolver, extra: ExtraPlace) -> ObjectiveParts {
    let (sc, base, before) = (lps.scenario(), lps.base(), lps.base_parts());
    let t = extra.target();
    if extra.moves_phase_pan(sc) || sc.pupils.iter().any(|p| p.reference == Some(t)) {
        return evaluate(&extra.apply(sc), base);
    }
    match extra {
        ExtraPlace::School(s, y) => {
            let free = extra.year_places(sc, s, y).map_or(0, |yp| yp.free());
            parts_with_free(sc, before, lps.base_loads(), s as usize, y, free)
        }
        ExtraPlace::Ap(_) => *before,
    }
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
    if extra.moves_phase_pan(lps.scenario()) {
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
