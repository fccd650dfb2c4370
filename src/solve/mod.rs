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
mod deadline;
#[cfg(feature = "highs")]
mod held;
#[cfg(feature = "highs")]
mod lagrange;
#[cfg(test)]
mod load_cut_tests;
mod resolve;
#[cfg(feature = "highs")]
mod rounding;
#[cfg(feature = "highs")]
mod separate;
#[cfg(feature = "highs")]
mod shrink;
#[cfg(feature = "highs")]
mod split;
#[cfg(test)]
mod tests;

pub use backend::{solver_name, Backend};
pub use deadline::Deadline;
#[cfg(feature = "highs")]
use resolve::DualView;
pub use resolve::{HeldLp, Relaxed};

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
    /// Where to report progress ([`crate::progress`]); nothing by default.
    pub progress: crate::progress::Sink,
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
            progress: Default::default(),
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
    /// The load cuts its column generation separated: held LPs start with them.
    #[cfg(feature = "highs")]
    cuts: crate::model::build::LoadCuts,
    /// How far the base plan (optimal in decision support) lies above the
    /// bound on the group's program; `None` when it is not a plan of the rows.
    #[cfg(feature = "highs")]
    base_gap: Option<f64>,
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

    /// Has the column generation separated load cuts (which held LPs carry)?
    pub fn has_load_cuts(&self) -> bool {
        #[cfg(feature = "highs")]
        return !self.lp.load_cut_places.is_empty();
        #[cfg(not(feature = "highs"))]
        false
    }

    /// A lower bound on how much forcing the group's pupil `k` to its option
    /// `j` (`None`: unplaced) raises the optimum above the base plan, without
    /// solving: every plan with that choice costs at least `LB + d⁺`, and the
    /// base plan lies `gap` above `LB`, so the increase is at least
    /// `d⁺ − gap`. `None` when the base plan's value is unknown.
    pub fn forced_increase_bound(&self, k: usize, j: Option<usize>) -> Option<f64> {
        #[cfg(feature = "highs")]
        {
            let d = match j {
                Some(j) => self.lp.reduced[k][j],
                None => self.lp.unplaced_reduced[k].unwrap_or(0.0),
            };
            Some(d.max(0.0) - self.base_gap?)
        }
        #[cfg(not(feature = "highs"))]
        {
            let _ = (k, j);
            None
        }
    }

    /// A held LP of the group `pupils` of `sc` around `base`, for a batch of
    /// re-solves forcing placements and opening the extra places `places`
    /// ([`HeldLp`]), with the options `opts`: those of the scenario, `plain`,
    /// and those the places create. `None` when the rows cannot be built or
    /// the group is too large to hold.
    #[allow(clippy::too_many_arguments)]
    pub fn hold<'a>(
        &self,
        sc: &'a Scenario,
        (opts, plain): (&'a Options, &Options),
        shares: &FairShares,
        pupils: &[PupilIdx],
        base: &'a Assignment,
        places: &[(Target, Option<YearGroup>)],
        settings: &SolveSettings,
    ) -> Option<HeldLp<'a>> {
        #[cfg(feature = "highs")]
        return held::HeldLp::new(
            sc,
            (opts, plain),
            shares,
            pupils,
            &self.cuts,
            base,
            places,
            settings,
        )
        .map(|inner| HeldLp { inner });
        #[cfg(not(feature = "highs"))]
        {
            let _ = (sc, opts, plain, shares, pupils, base, places, settings);
            unreachable!("no LP relaxation without HiGHS")
        }
    }
}

/// The LP relaxation of `pupils`' program around the plan `base`, if HiGHS
/// is the backend (`None` for microlp, or when the time limit ran out).
pub fn group_lp(
    sc: &Scenario,
    opts: &Options,
    shares: &FairShares,
    pupils: &[PupilIdx],
    base: &Assignment,
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
        let cuts = rows.load_cuts();
        // The cut rows leave a plan's value as it is: they are valid for it.
        let value = rounding::plan_of_assignment(&rows, base)
            .and_then(|plan| rounding::objective(&rows, &plan));
        return Ok(lp.map(|lp| GroupLp {
            base_gap: value.map(|v| v - lp.bound),
            lp,
            cuts,
        }));
    }
    let _ = (sc, opts, shares, pupils, base, settings);
    Ok(None)
}
