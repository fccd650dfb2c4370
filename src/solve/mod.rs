//! Solving: from a scenario to optimal assignments, with a choice of backend.
//!
//! [`solve`] splits the scenario into independent components
//! ([`crate::model::build::components`]), solves them in parallel on the
//! caller's rayon pool, and joins the results; with extras that tie all pupils
//! together (no-good cuts for ranked proposals) it solves one program. The
//! objective reported is [`crate::model::evaluate`]'s exact recomputation, not
//! the solver's floating value.

mod backend;

pub use backend::{solver_name, Backend};

use crate::model::build::{build, components, Extras};
use crate::model::options::FairShares;
use crate::model::{evaluate, Assignment, Options};
use crate::scenario::Scenario;
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
}

impl Default for SolveSettings {
    fn default() -> Self {
        SolveSettings {
            backend: Backend::default(),
            time_limit: None,
            mip_rel_gap: 1e-7,
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

/// Do the solver's objective and the objective of its columns agree (1e-6
/// relative, as plans are checked)?
fn agrees(reported: f64, of_columns: f64) -> bool {
    (reported - of_columns).abs() <= 1e-6 * reported.abs().max(of_columns.abs()).max(1.0)
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
    let results: Vec<Result<(Assignment, Status, f64), SolveError>> = groups
        .par_iter()
        .map(|pupils| {
            let program = build(sc, opts, &shares, pupils, extras);
            let warm = start.map(|a| program.map.columns(sc, a));
            let map = program.map.clone();
            let mut cols = backend::run(program, settings, warm.as_deref())?;
            if warm.is_some() && !agrees(cols.objective, map.objective(&cols.values)) {
                // NOTE: HiGHS 1.16 sometimes ends a warm-started MIP "optimal"
                // with the right objective but hands back the start's columns
                // unchanged (about 1 component in 300 of the generated tiny
                // scenarios, tests/model_bruteforce.rs). The reported objective
                // then disagrees with the columns: solve again without the start.
                let program = build(sc, opts, &shares, pupils, extras);
                cols = backend::run(program, settings, None)?;
            }
            let mut a = vec![None; sc.pupils.len()];
            map.read(&cols.values, &mut a);
            Ok((a, cols.status, cols.mip_gap))
        })
        .collect();
    let mut assignment = vec![None; sc.pupils.len()];
    let mut status = Status::Optimal;
    let mut gap_abs = 0.0f64;
    for (pupils, r) in groups.iter().zip(results) {
        let (a, st, gap) = r?;
        for &pi in pupils {
            assignment[pi as usize] = a[pi as usize];
        }
        if st == Status::TimeLimit {
            status = Status::TimeLimit;
        }
        gap_abs = gap_abs.max(gap);
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
