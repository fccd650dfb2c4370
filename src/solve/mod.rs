//! Solving: from a scenario to optimal assignments, with a choice of backend.
//!
//! [`solve`] splits the scenario into independent components
//! ([`crate::model::build::components`]), solves them in parallel on the
//! caller's rayon pool, and joins the results; with extras that tie all pupils
//! together (no-good cuts for ranked proposals) it solves one program. The
//! objective reported is [`crate::model::evaluate`]'s exact recomputation, not
//! the solver's floating value.

mod backend;
#[cfg(feature = "highs")]
mod colgen;
mod component;
#[cfg(feature = "highs")]
mod held;
#[cfg(feature = "highs")]
mod lagrange;
#[cfg(test)]
mod load_cut_tests;
#[cfg(feature = "highs")]
mod rounding;
#[cfg(feature = "highs")]
mod separate;
#[cfg(test)]
mod tests;

pub use backend::{solver_name, Backend};

use crate::model::build::{components, Extras};
use crate::model::options::FairShares;
use crate::model::{evaluate, Assignment, Options};
use crate::scenario::{PupilIdx, Scenario, Target, YearGroup};
use rayon::prelude::*;

/// How a solve ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Proven optimal within the relative gap.
    Optimal,
    /// Stopped by the time limit; the best plan found.
    TimeLimit,
}

impl Status {
    /// `optimal` / `time_limit`, as written in plans.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Optimal => "optimal",
            Status::TimeLimit => "time_limit",
        }
    }
}

/// Settings of one solve.
#[derive(Debug, Clone)]
pub struct SolveSettings {
    /// Which solver.
    pub backend: Backend,
    /// Seconds, for the whole solve; `None` for no limit.
    pub time_limit: Option<f64>,
    /// Relative MIP gap asked of the solver.
    pub mip_rel_gap: f64,
    /// Solve each component's whole MIP directly, without the LP relaxation
    /// and column generation first (slower; for cross-checks).
    pub whole_mip: bool,
    /// Many small warm-started re-solves (forced placements, place values):
    /// each goes straight to one warm-started MIP, without the LP first.
    pub quick_resolve: bool,
    /// HiGHS presolve on MIPs. Off where measured to cost more than it saves:
    /// the warm-started re-solves (docs/decision-support.md) and the
    /// reduced-cost-restricted MIPs (component.rs; 50,000 × 2,000: 146 s with,
    /// 39 s without). It never changes the optimum.
    pub presolve: bool,
}

impl Default for SolveSettings {
    fn default() -> Self {
        SolveSettings {
            backend: Backend::default(),
            time_limit: None,
            mip_rel_gap: 1e-7,
            whole_mip: false,
            quick_resolve: false,
            presolve: true,
        }
    }
}

/// A solved assignment.
#[derive(Debug, Clone, PartialEq)]
pub struct Solved {
    /// Optimal or time-limited.
    pub status: Status,
    /// Where each pupil goes.
    pub assignment: Assignment,
    /// The exact objective of `assignment`.
    pub objective: f64,
    /// The solver's relative gap (0 when optimal).
    pub mip_gap: f64,
}

/// Why there is no assignment.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SolveError {
    /// The extras (cuts, forced placements) leave no feasible plan.
    #[error("no plan satisfies the constraints")]
    Infeasible,
    /// The time ran out before any plan was found.
    #[error("the time limit ran out before a plan was found")]
    NoPlanInTime,
    /// The solver failed.
    #[error("solver error: {0}")]
    Solver(String),
}

/// Solves the scenario with extras. `start` is a warm start (a complete
/// feasible assignment), used by HiGHS.
pub fn solve(
    sc: &Scenario,
    opts: &Options,
    extras: &Extras,
    settings: &SolveSettings,
    start: Option<&Assignment>,
) -> Result<Solved, SolveError> {
    let shares = FairShares::compute(sc);
    let groups = if extras.cuts.is_empty() {
        components(sc, opts)
    } else {
        vec![(0..sc.pupils.len() as u32).collect()]
    };
    let results: Vec<Result<GroupSolved, SolveError>> = groups
        .par_iter()
        .map(|pupils| solve_group(sc, opts, &shares, pupils, extras, settings, start, None))
        .collect();
    let mut assignment = vec![None; sc.pupils.len()];
    let mut status = Status::Optimal;
    let mut gap_abs = 0.0f64;
    for (pupils, r) in groups.iter().zip(results) {
        let g = r?;
        for (&pi, place) in pupils.iter().zip(g.placements) {
            assignment[pi as usize] = place;
        }
        if g.status == Status::TimeLimit {
            status = Status::TimeLimit;
        }
        gap_abs = gap_abs.max(g.mip_gap);
    }
    let objective = evaluate(sc, &assignment).total();
    Ok(Solved {
        status,
        assignment,
        objective,
        mip_gap: if status == Status::Optimal {
            0.0
        } else {
            gap_abs
        },
    })
}

/// A lone pupil with no option needs no solver: it is unplaced (unless a
/// forced placement or a no-good cut makes the program infeasible, which the
/// solver reports).
fn trivial(sc: &Scenario, opts: &Options, pupils: &[u32], extras: &Extras) -> Option<Assignment> {
    match pupils {
        [p] if opts.per_pupil[*p as usize].is_empty()
            && extras.cuts.is_empty()
            && sc.pupils[*p as usize].pinned.is_none()
            && extras.force.iter().all(|(f, _)| f != p) =>
        {
            Some(vec![None; sc.pupils.len()])
        }
        _ => None,
    }
}

/// The placements of one group of pupils solved on its own.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupSolved {
    /// Placement of each pupil of the group, in the group's order.
    pub placements: Vec<Option<Target>>,
    /// Optimal or time-limited.
    pub status: Status,
    /// The solver's relative gap.
    pub mip_gap: f64,
}

/// Solves the program of one group of pupils (sorted indices). Exact for the
/// whole scenario only when the group is a union of [`components`]: the other
/// pupils then keep whatever placements they have. `start` is a complete
/// feasible assignment of the scenario, used as a warm start. With `lp`, the
/// group's LP relaxation without extras ([`group_lp`]) and a start, HiGHS
/// solves only the options that could beat the start (see [`GroupLp`]).
#[allow(clippy::too_many_arguments)]
pub fn solve_group(
    sc: &Scenario,
    opts: &Options,
    shares: &FairShares,
    pupils: &[PupilIdx],
    extras: &Extras,
    settings: &SolveSettings,
    start: Option<&Assignment>,
    lp: Option<LpBound>,
) -> Result<GroupSolved, SolveError> {
    let (a, status, mip_gap) = match trivial(sc, opts, pupils, extras) {
        Some(a) => (a, Status::Optimal, 0.0),
        None => component::solve(sc, opts, shares, pupils, extras, settings, start, lp)?,
    };
    Ok(GroupSolved {
        placements: pupils.iter().map(|&pi| a[pi as usize]).collect(),
        status,
        mip_gap,
    })
}

/// The LP relaxation of one group's program without extras: its bound `LB`
/// and every option's reduced cost `d`, solved once and reused by the many
/// re-solves of the same group around one base plan (decision support).
///
/// The bound is Lagrangian (colgen.rs, `finish`): for the LP's row duals `y`,
/// every plan costs at least `LB + Σ d⁺` over its options. Two changes of the
/// program keep that true with the same `y`:
///
/// - forcing a pupil somewhere adds rows (with dual 0);
/// - one more place raises the bound of the capacity rows it loosens by one,
///   which lowers `LB` by their duals (`y ≤ 0`), and may create options at
///   that place, each lowering `LB` by its reduced cost if negative
///   ([`GroupLp::extra_place`]).
///
/// A re-solve from a feasible start of value `UB` then needs only the options
/// with `d` below `UB − LB` (component.rs, `within_start`), and none when the
/// start itself is within the MIP gap of the bound.
pub struct GroupLp {
    #[cfg(feature = "highs")]
    lp: colgen::LpOptimum,
}

/// A group's LP bound for a changed program: every plan of it costs at least
/// `bound + Σ d⁺`, with `reduced` by option of the changed program.
pub struct LpBound<'a> {
    /// The lower bound.
    pub bound: f64,
    /// Reduced cost per pupil and option (of the changed program's options).
    pub reduced: std::borrow::Cow<'a, [Vec<f64>]>,
    /// Reduced cost of each pupil's `u` (`None` for pinned pupils).
    pub unplaced_reduced: std::borrow::Cow<'a, [Option<f64>]>,
}

impl GroupLp {
    /// For forced placements: the bound as it is.
    pub fn forced(&self) -> LpBound<'_> {
        #[cfg(feature = "highs")]
        return LpBound {
            bound: self.lp.bound,
            reduced: std::borrow::Cow::Borrowed(&self.lp.reduced),
            unplaced_reduced: std::borrow::Cow::Borrowed(&self.lp.unplaced_reduced),
        };
        #[cfg(not(feature = "highs"))]
        unreachable!("no LP relaxation without HiGHS")
    }

    /// For one more place at `t` (in year group `year`, at a school): the
    /// bound of the group `pupils` of `sc` in the scenario with the place,
    /// whose options are `opts2` (those of `opts`, and maybe some at `t`).
    /// `None` where the bound does not carry over: a new option would enter
    /// an integer-hull cut with a fractional load weight, or a load cut.
    #[allow(clippy::too_many_arguments)]
    pub fn extra_place(
        &self,
        sc: &Scenario,
        opts: &Options,
        shares: &FairShares,
        pupils: &[PupilIdx],
        opts2: &Options,
        t: Target,
        year: Option<YearGroup>,
    ) -> Option<LpBound<'_>> {
        #[cfg(feature = "highs")]
        {
            let extras = Extras::default();
            let rows = crate::model::build::Rows::new(sc, opts, shares, pupils, &extras)?;
            let lp = &self.lp;
            let dual = DualView {
                bound: lp.bound,
                duals: &lp.duals,
                reduced: &lp.reduced,
                unplaced_reduced: &lp.unplaced_reduced,
                load_cut_places: &lp.load_cut_places,
            };
            dual.extra_place(&rows, pupils, opts2, t, year)
        }
        #[cfg(not(feature = "highs"))]
        {
            let _ = (sc, opts, shares, pupils, opts2, t, year);
            None
        }
    }

    /// A held LP of the group `pupils` of `sc` around `base`, for a batch of
    /// re-solves forcing placements and opening the extra places `places`
    /// ([`HeldLp`]). `None` when the rows cannot be built or the group is too
    /// large to hold.
    #[allow(clippy::too_many_arguments)]
    pub fn hold<'a>(
        &self,
        sc: &'a Scenario,
        opts: &'a Options,
        shares: &FairShares,
        pupils: &[PupilIdx],
        base: &'a Assignment,
        places: &[(Target, Option<YearGroup>)],
        settings: &SolveSettings,
    ) -> Option<HeldLp<'a>> {
        #[cfg(feature = "highs")]
        return held::HeldLp::new(sc, opts, shares, pupils, base, places, settings)
            .map(|inner| HeldLp { inner });
        #[cfg(not(feature = "highs"))]
        {
            let _ = (sc, opts, shares, pupils, base, places, settings);
            unreachable!("no LP relaxation without HiGHS")
        }
    }
}

/// A group's LP relaxation held in HiGHS for a batch of re-solves (held.rs):
/// each gives the bound of its changed program and, when the LP optimum is
/// integral, a plan to start from.
pub struct HeldLp<'a> {
    #[cfg(feature = "highs")]
    inner: held::HeldLp<'a>,
    #[cfg(not(feature = "highs"))]
    _none: (std::convert::Infallible, std::marker::PhantomData<&'a ()>),
}

/// A re-solved held LP: the bound of the changed program, its root LP's
/// integral optimum, if it is one, and the optimum if the search proved it
/// (complete assignments).
pub struct Relaxed {
    /// Every plan of the changed program costs at least this, plus `d⁺`.
    pub bound: LpBound<'static>,
    /// The root LP's integral optimum, if it is one.
    pub plan: Option<Assignment>,
    /// The changed program's optimum (within the MIP gap), if proven.
    pub optimal: Option<Assignment>,
}

impl HeldLp<'_> {
    /// The program with `pupil` forced to `place`, from `start` (a plan with
    /// the pupil there); `None` when the held LP cannot tell (then solve as
    /// without it).
    pub fn forced(
        &mut self,
        pupil: PupilIdx,
        place: Option<Target>,
        start: Option<&Assignment>,
        gap: f64,
    ) -> Result<Option<Relaxed>, SolveError> {
        #[cfg(feature = "highs")]
        {
            let Some(s) = self.inner.forced(pupil, place, start, gap)? else {
                return Ok(None);
            };
            let d = s.root;
            Ok(Some(Relaxed {
                bound: LpBound {
                    bound: d.bound,
                    reduced: std::borrow::Cow::Owned(d.reduced),
                    unplaced_reduced: std::borrow::Cow::Owned(d.unplaced_reduced),
                },
                plan: s.root_plan,
                optimal: s.optimal,
            }))
        }
        #[cfg(not(feature = "highs"))]
        {
            let _ = (pupil, place, start, gap);
            match self._none.0 {}
        }
    }

    /// The program with one more place at `t` (year group `year` at a
    /// school; one of the batch's places), whose options are `opts2`, from
    /// the base plan; `None` where the held LP cannot tell (as
    /// [`GroupLp::extra_place`]).
    pub fn extra_place(
        &mut self,
        opts2: &Options,
        t: Target,
        year: Option<YearGroup>,
        gap: f64,
    ) -> Result<Option<Relaxed>, SolveError> {
        #[cfg(feature = "highs")]
        {
            let rows = self.inner.rows();
            let pupils = rows.pupils().to_vec();
            let same = (0..pupils.len())
                .all(|k| rows.options(k).len() == opts2.per_pupil[pupils[k] as usize].len());
            let Some(s) = self.inner.extra_place((t, year), same, gap)? else {
                return Ok(None);
            };
            let d = &s.root;
            let view = DualView {
                bound: d.bound,
                duals: &d.duals,
                reduced: &d.reduced,
                unplaced_reduced: &d.unplaced_reduced,
                load_cut_places: &[],
            };
            let rows = self.inner.rows();
            Ok(view
                .extra_place(rows, &pupils, opts2, t, year)
                .map(|b| Relaxed {
                    bound: LpBound {
                        bound: b.bound,
                        reduced: std::borrow::Cow::Owned(b.reduced.into_owned()),
                        unplaced_reduced: std::borrow::Cow::Owned(b.unplaced_reduced.into_owned()),
                    },
                    plan: s.root_plan.clone(),
                    optimal: s.optimal.clone(),
                }))
        }
        #[cfg(not(feature = "highs"))]
        {
            let _ = (opts2, t, year, gap);
            match self._none.0 {}
        }
    }
}

/// A Lagrangian bound with its duals and reduced costs (the group LP's, or
/// a held LP's re-solve).
#[cfg(feature = "highs")]
struct DualView<'a> {
    bound: f64,
    duals: &'a [f64],
    reduced: &'a [Vec<f64>],
    unplaced_reduced: &'a [Option<f64>],
    /// School-phases with a load cut among the duals' rows.
    load_cut_places: &'a [usize],
}

#[cfg(feature = "highs")]
impl<'a> DualView<'a> {
    /// Would pupil `p` at `t` enter one of the LP's load cuts? Its
    /// coefficient there is not in rows built afresh, so the bound of a
    /// program with that option must be found another way.
    #[cfg(feature = "highs")]
    fn load_cut_at(&self, p: &crate::scenario::Pupil, t: Target) -> bool {
        let Target::School(s) = t else { return false };
        let sg = s as usize * 2 + p.year.phase().index();
        p.is_fap() && self.load_cut_places.contains(&sg)
    }

    /// The bound with one more place at `t` (see [`GroupLp::extra_place`]),
    /// by option of `opts2`, from the rows without the place.
    fn extra_place(
        &self,
        rows: &crate::model::build::Rows,
        pupils: &[PupilIdx],
        opts2: &Options,
        t: Target,
        year: Option<YearGroup>,
    ) -> Option<LpBound<'a>> {
        let y = self.duals;
        let mut shift: f64 = match (t, year) {
            (Target::School(s), Some(year)) => rows
                .school_capacity_rows(s, year)
                .map(|r| y[r as usize])
                .sum(),
            (Target::School(_), None) => return None,
            (Target::Ap(a), _) => rows.ap_capacity_row(a).map_or(0.0, |r| y[r as usize]),
        };
        let mut scratch = Vec::new();
        let mut reduced = Vec::with_capacity(pupils.len());
        for (k, &p) in pupils.iter().enumerate() {
            let old = rows.options(k);
            let mut d = Vec::with_capacity(old.len() + 1);
            for o in &opts2.per_pupil[p as usize] {
                match old.iter().position(|q| q.target == o.target) {
                    Some(j) => d.push(self.reduced[k][j]),
                    None if o.target == t
                        && !rows.breaks_hull_cut(k, t)
                        && !self.load_cut_at(rows.pupil(k), t) =>
                    {
                        rows.target_entries(k, t, &mut scratch);
                        let dj = scratch
                            .iter()
                            .fold(o.cost, |d, &(r, a)| d - a * y[r as usize]);
                        shift += dj.min(0.0);
                        d.push(dj);
                    }
                    None => return None,
                }
            }
            reduced.push(d);
        }
        Some(LpBound {
            bound: self.bound + shift,
            reduced: std::borrow::Cow::Owned(reduced),
            unplaced_reduced: std::borrow::Cow::Borrowed(self.unplaced_reduced),
        })
    }
}

/// The LP relaxation of `pupils`' program, if HiGHS is the backend (`None`
/// for microlp, or when the time limit ran out).
pub fn group_lp(
    sc: &Scenario,
    opts: &Options,
    shares: &FairShares,
    pupils: &[PupilIdx],
    settings: &SolveSettings,
) -> Result<Option<GroupLp>, SolveError> {
    #[cfg(feature = "highs")]
    if settings.backend == Backend::Highs {
        let extras = Extras::default();
        let Some(mut rows) = crate::model::build::Rows::new(sc, opts, shares, pupils, &extras)
        else {
            return Ok(None);
        };
        let cuts = separate::cut_rounds();
        let lp = colgen::solve(&mut rows, settings, None, colgen::INITIAL_OPTIONS, cuts)?;
        return Ok(lp.map(|lp| GroupLp { lp }));
    }
    let _ = (sc, opts, shares, pupils, settings);
    Ok(None)
}
