//! Re-optimising with one pupil forced to a placement: the engine under the
//! per-pupil options, the "dearer overall" explanations and their knock-on.
//!
//! Pupils of different components ([`components`]) share no constraint and no
//! cost term, so forcing pupil `p` somewhere changes only `p`'s component: only
//! that component is re-solved, and every other pupil keeps its placement in
//! the base plan (proposal 1). The result is exact whenever the base plan is
//! optimal on each component, which proposal 1 is. A forced solve is
//! warm-started from the base plan with `p` moved, when that move (with the
//! least repair, see [`warm_start`]) is feasible.
//!
//! Solves run in parallel on the caller's rayon pool; each HiGHS run is
//! single-threaded with a fixed seed, and results are collected in input
//! order, so the outcome does not depend on the number of threads.

use super::repair::warm_start;
use super::room::Occupancy;
use crate::model::build::{components, Extras};
use crate::model::loads::{parts_after_moves, Change, Loads};
use crate::model::objective::evaluate_with;
use crate::model::options::FairShares;
use crate::model::{evaluate, Assignment, ObjectiveParts, Options};
use crate::scenario::{PupilIdx, Scenario, Target, YearGroup};
use crate::solve::{
    group_lp, solve_group, Deadline, GroupLp, HeldLp, SolveError, SolveSettings, Status,
};
use rayon::prelude::*;

/// A placement: a school or AP provider, or `None` for unplaced.
pub type Place = Option<Target>;

/// One pupil placed differently in two plans.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Move {
    /// Who.
    pub pupil: PupilIdx,
    /// Placement in the base plan.
    pub from: Place,
    /// Placement in the other plan.
    pub to: Place,
}

/// The optimum with one pupil forced to a placement.
#[derive(Debug, Clone, PartialEq)]
pub struct ForcedPlan {
    /// The forced pupil.
    pub pupil: PupilIdx,
    /// Where it was forced.
    pub place: Place,
    /// The forced plan's objective by part, exact (the best found where
    /// time-limited).
    pub parts: ObjectiveParts,
    /// [`ForcedPlan::objective`] − the base plan's objective.
    pub increase: f64,
    /// Optimal, or time-limited (then the plan is the best found).
    pub status: Status,
    /// Every pupil placed differently from the base plan, the forced one
    /// included, in pupil order.
    pub moves: Vec<Move>,
}

impl ForcedPlan {
    /// The other pupils who would move: the knock-on of the forced placement.
    pub fn knock_on(&self) -> impl Iterator<Item = &Move> {
        self.moves.iter().filter(move |m| m.pupil != self.pupil)
    }

    /// The forced plan's objective.
    pub fn objective(&self) -> f64 {
        self.parts.total()
    }

    /// The forced plan as a complete assignment.
    pub fn apply(&self, base: &Assignment) -> Assignment {
        with_moves(base, &self.moves)
    }
}

/// `base` with `moves` made.
fn with_moves(base: &Assignment, moves: &[Move]) -> Assignment {
    let mut a = base.clone();
    for m in moves {
        a[m.pupil as usize] = m.to;
    }
    a
}

/// Solves forced placements against one base plan.
pub struct ForcedSolver<'a> {
    sc: &'a Scenario,
    opts: &'a Options,
    shares: FairShares,
    groups: Vec<Vec<PupilIdx>>,
    group_of: Vec<usize>,
    base: &'a Assignment,
    occupancy: Occupancy,
    /// The base plan's objective, by part.
    base_parts: ObjectiveParts,
    /// The base plan's loads per school, for the objective of a plan that
    /// differs from it by a few moves ([`parts_after_moves`]).
    base_loads: Loads,
    settings: SolveSettings,
    /// Each group's LP relaxation, when it has one worth keeping.
    lps: Vec<Option<GroupLp>>,
    /// Re-solve through held LPs ([`HeldLp`]); off, every re-solve goes the
    /// way it went before them (for cross-checks).
    fast: bool,
    /// When the settings' time limit, counted from [`ForcedSolver::new`],
    /// runs out: later re-solves keep the best plan known without solving.
    deadline: Deadline,
}

impl<'a> ForcedSolver<'a> {
    /// A solver around `base` (proposal 1).
    pub fn new(
        sc: &'a Scenario,
        opts: &'a Options,
        base: &'a Assignment,
        settings: &SolveSettings,
    ) -> ForcedSolver<'a> {
        let deadline = Deadline::after(settings.time_limit);
        let groups = components(sc, opts);
        let shares = FairShares::compute(sc);
        let settings = SolveSettings {
            quick_resolve: true,
            presolve: false,
            ..settings.clone()
        };
        // Solved once per group, in parallel; a failed LP only means slower
        // re-solves, so errors are dropped here (the re-solves report theirs),
        // and none is started past the time limit.
        let lps = groups
            .par_iter()
            .map(|g| {
                (g.len() > 1 && !deadline.passed())
                    .then(|| group_lp(sc, opts, &shares, g, base, &settings).ok())
                    .flatten()
                    .flatten()
            })
            .collect();
        let mut group_of = vec![0; sc.pupils.len()];
        for (g, pupils) in groups.iter().enumerate() {
            for &p in pupils {
                group_of[p as usize] = g;
            }
        }
        ForcedSolver {
            sc,
            opts,
            shares,
            groups,
            group_of,
            base,
            occupancy: Occupancy::new(sc, base),
            base_parts: evaluate(sc, base),
            base_loads: Loads::of(sc, base),
            settings,
            lps,
            fast: true,
            deadline,
        }
    }

    /// Has the time limit run out? Then a re-solve keeps its start (the
    /// repaired base plan) as the best plan found, with status time-limited.
    pub fn out_of_time(&self) -> bool {
        self.deadline.passed()
    }

    /// The settings of one re-solve: the time left, not the whole limit.
    pub fn settings_now(&self) -> SolveSettings {
        SolveSettings {
            time_limit: self.deadline.left(),
            ..self.settings.clone()
        }
    }

    /// Without the held LPs: every re-solve from the group LP's bound and the
    /// repaired start alone, as before they existed (for cross-checks).
    pub fn without_held_lps(mut self) -> Self {
        self.fast = false;
        self
    }

    /// The scenario.
    pub fn scenario(&self) -> &'a Scenario {
        self.sc
    }

    /// The options of the scenario.
    pub fn options(&self) -> &'a Options {
        self.opts
    }

    /// The base plan.
    pub fn base(&self) -> &'a Assignment {
        self.base
    }

    /// The settings of the re-solves: warm-started MIPs without presolve.
    pub fn settings(&self) -> &SolveSettings {
        &self.settings
    }

    /// The base plan's objective, by part.
    pub fn base_parts(&self) -> &ObjectiveParts {
        &self.base_parts
    }

    /// The base plan's loads per school.
    pub fn base_loads(&self) -> &Loads {
        &self.base_loads
    }

    /// Who is placed where in the base plan.
    pub fn occupancy(&self) -> &Occupancy {
        &self.occupancy
    }

    /// The index of `pupil`'s group ([`components`]).
    pub fn group_of(&self, pupil: PupilIdx) -> usize {
        self.group_of[pupil as usize]
    }

    /// The pupils of group `g`, sorted.
    pub fn group(&self, g: usize) -> &[PupilIdx] {
        &self.groups[g]
    }

    /// The LP relaxation of group `g` (without extras), if it has one
    /// (groups of two or more pupils, with HiGHS).
    pub fn group_lp(&self, g: usize) -> Option<&GroupLp> {
        self.lps[g].as_ref()
    }

    /// A lower bound on the increase of forcing `pupil` to `place`, from its
    /// group's LP relaxation without solving ([`GroupLp::forced_increase_bound`]);
    /// `None` where the group has none (a lone pupil, or no HiGHS).
    pub fn increase_bound(&self, pupil: PupilIdx, place: Place) -> Option<f64> {
        let g = self.group_of(pupil);
        let lp = self.lps[g].as_ref()?;
        let k = self.groups[g].binary_search(&pupil).ok()?;
        let j = match place {
            None => None,
            Some(t) => Some(
                self.opts.per_pupil[pupil as usize]
                    .iter()
                    .position(|o| o.target == t)?,
            ),
        };
        lp.forced_increase_bound(k, j)
    }

    /// The optimum with `pupil` forced to `place`. `Err(Infeasible)` when no
    /// plan can place it there.
    pub fn solve(&self, pupil: PupilIdx, place: Place) -> Result<ForcedPlan, SolveError> {
        self.solve_held(pupil, place, None)
    }

    /// As [`ForcedSolver::solve`], with the group's held LP, if any, giving
    /// the start and the bound ([`HeldLp`]).
    fn solve_held(
        &self,
        pupil: PupilIdx,
        place: Place,
        held: Option<&mut HeldLp>,
    ) -> Result<ForcedPlan, SolveError> {
        let g = self.group_of[pupil as usize];
        let group = &self.groups[g];
        let extras = Extras {
            force: vec![(pupil, place)],
            ..Extras::default()
        };
        let repair = warm_start(self.sc, self.opts, self.base, &self.occupancy, pupil, place);
        if self.out_of_time() {
            let moves = repair.ok_or(SolveError::NoPlanInTime)?;
            return Ok(self.repaired_plan(pupil, place, moves));
        }
        let repaired = repair.map(|moves| with_moves(self.base, &moves));
        let gap = self.settings.mip_rel_gap;
        let relaxed = match held {
            Some(h) if self.fast => h.forced(pupil, place, repaired.as_ref(), gap)?,
            _ => None,
        };
        if let Some(a) = relaxed.as_ref().and_then(|r| r.optimal.clone()) {
            return Ok(self.plan(pupil, place, a, Status::Optimal));
        }
        let (start, bound) = match relaxed {
            Some(r) => (r.plan.or(repaired), Some(r.bound)),
            None => (repaired, self.lps[g].as_ref().map(GroupLp::forced)),
        };
        let solved = solve_group(
            self.sc,
            self.opts,
            &self.shares,
            group,
            &extras,
            &self.settings_now(),
            start.as_ref(),
            bound,
        )?;
        let mut a = self.base.clone();
        for (&p, &to) in group.iter().zip(&solved.placements) {
            a[p as usize] = to;
        }
        Ok(self.plan(pupil, place, a, solved.status))
    }

    /// The parts of the plan that differs from the base plan in `moves`,
    /// from the base plan's and the moves alone: many thousands of these on
    /// a large round must not each read every pupil.
    fn parts_after(&self, moves: &[Move]) -> ObjectiveParts {
        let changes: Vec<Change> = (moves.iter())
            .map(|m| (m.pupil as usize, m.from, m.to))
            .collect();
        let (sc, shares) = (self.sc, &self.shares);
        parts_after_moves(sc, shares, &self.base_parts, &self.base_loads, &changes)
    }

    /// The forced plan of the repaired start `moves`, kept past the time limit.
    fn repaired_plan(&self, pupil: PupilIdx, place: Place, moves: Vec<Move>) -> ForcedPlan {
        let parts = self.parts_after(&moves);
        self.forced_plan(pupil, place, parts, Status::TimeLimit, moves)
    }

    /// The forced plan of assignment `a`.
    fn plan(&self, pupil: PupilIdx, place: Place, a: Assignment, status: Status) -> ForcedPlan {
        let parts = evaluate_with(self.sc, &a, &self.shares);
        self.forced_plan(pupil, place, parts, status, diff(self.base, &a))
    }

    fn forced_plan(
        &self,
        pupil: PupilIdx,
        place: Place,
        parts: ObjectiveParts,
        status: Status,
        moves: Vec<Move>,
    ) -> ForcedPlan {
        ForcedPlan {
            pupil,
            place,
            parts,
            increase: parts.total() - self.base_parts.total(),
            status,
            moves,
        }
    }

    /// Solves many forced placements in parallel; results in input order.
    /// The requests of each group are cut into fixed batches that share one
    /// held LP ([`in_batches`]), so results do not depend on the thread count.
    pub fn solve_all(&self, pairs: &[(PupilIdx, Place)]) -> Vec<Result<ForcedPlan, SolveError>> {
        let group = |i: usize| self.group_of(pairs[i].0);
        in_batches(pairs.len(), group, |batch| {
            let mut held = self.hold(group(batch[0]), &[], self.opts);
            batch
                .iter()
                .map(|&i| self.solve_held(pairs[i].0, pairs[i].1, held.as_mut()))
                .inspect(|_| self.settings.progress.done(1))
                .collect()
        })
    }

    /// The held LP of group `g` for a batch opening `places`, with the
    /// options `opts` (the scenario's and those the places create), where the
    /// group has an LP relaxation and the fast path is on.
    pub fn hold<'b>(
        &self,
        g: usize,
        places: &[(Target, Option<YearGroup>)],
        opts: &'b Options,
    ) -> Option<HeldLp<'b>>
    where
        'a: 'b,
    {
        let lp = self.lps[g]
            .as_ref()
            .filter(|_| self.fast && !self.out_of_time())?;
        let group = &self.groups[g];
        lp.hold(
            self.sc,
            (opts, self.opts),
            &self.shares,
            group,
            self.base,
            places,
            &self.settings_now(),
        )
    }
}

/// Runs requests `0..n` in parallel, in batches: each group's requests in
/// input order (`group(i)` of request `i`), `BATCH` at a time (more in a
/// group of over `BATCH × BATCHES` requests: `BATCHES` batches), each batch
/// by `run` (one result per request); results in input order. The batches
/// do not depend on the number of threads, so neither do the results.
pub fn in_batches<T: Send>(
    n: usize,
    group: impl Fn(usize) -> usize,
    run: impl Fn(&[usize]) -> Vec<T> + Sync,
) -> Vec<T> {
    let mut by_group: std::collections::BTreeMap<usize, Vec<usize>> = Default::default();
    for i in 0..n {
        by_group.entry(group(i)).or_default().push(i);
    }
    let batches: Vec<&[usize]> = (by_group.values())
        .flat_map(|v| v.chunks(BATCH.max(v.len().div_ceil(BATCHES))))
        .collect();
    let solved: Vec<Vec<T>> = batches.par_iter().map(|b| run(b)).collect();
    let mut out: Vec<Option<T>> = (0..n).map(|_| None).collect();
    for (batch, results) in batches.iter().zip(solved) {
        for (&i, r) in batch.iter().zip(results) {
            out[i] = Some(r);
        }
    }
    out.into_iter().flatten().collect()
}

/// Re-solves per held LP, at least: loading it costs about one LP from
/// nothing, each re-solve a few dual simplex iterations; smaller batches
/// share the work between threads more evenly.
const BATCH: usize = 24;

/// Batches per group, at most: a large group's LP costs far more to load
/// than its re-solves (a 1,000-pupil round's ~7,000 re-solves would load it
/// ~290 times in batches of [`BATCH`]), and this many still share the work
/// between threads.
const BATCHES: usize = 8;

/// The pupils placed differently in `b` than in `a`, in pupil order.
pub fn diff(a: &Assignment, b: &Assignment) -> Vec<Move> {
    a.iter()
        .zip(b)
        .enumerate()
        .filter(|(_, (x, y))| x != y)
        .map(|(i, (&from, &to))| Move {
            pupil: i as PupilIdx,
            from,
            to,
        })
        .collect()
}
