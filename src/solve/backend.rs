//! Solver backends: HiGHS (default) and microlp (pure Rust, for cross-checks).
//!
//! HiGHS is driven through good_lp's model and then through the `highs` crate
//! directly, because fap needs what good_lp does not expose: the MIP gap of a
//! time-limited run, a warm start, and options set per run (one thread, fixed
//! seed) so results do not depend on how many solves run at once.

use super::{SolveError, SolveSettings, Status};
use crate::model::build::Program;
use std::str::FromStr;

/// Which solver.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// HiGHS, through good_lp and the `highs` crate.
    #[cfg(feature = "highs")]
    Highs,
    /// microlp, pure Rust.
    #[cfg(feature = "microlp")]
    Microlp,
}

#[allow(clippy::derivable_impls, unreachable_code)]
impl Default for Backend {
    fn default() -> Self {
        #[cfg(feature = "highs")]
        return Backend::Highs;
        #[cfg(feature = "microlp")]
        return Backend::Microlp;
    }
}

impl FromStr for Backend {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            #[cfg(feature = "highs")]
            "highs" => Ok(Backend::Highs),
            #[cfg(feature = "microlp")]
            "microlp" => Ok(Backend::Microlp),
            #[allow(unreachable_patterns)]
            "highs" | "microlp" => Err(format!(
                "this build of fap has no {s} backend (build with --features {s})"
            )),
            _ => Err(format!("unknown solver {s:?}: use highs or microlp")),
        }
    }
}

/// The solver's name and version, as recorded in plans.
pub fn solver_name(b: Backend) -> String {
    match b {
        #[cfg(feature = "highs")]
        Backend::Highs => "highs 1.x (highs-sys 1.16, good_lp 1.15)".to_string(),
        #[cfg(feature = "microlp")]
        Backend::Microlp => "microlp (good_lp 1.15)".to_string(),
    }
}

/// Column values of a solved program.
pub(super) struct Columns {
    pub values: Vec<f64>,
    pub status: Status,
    pub mip_gap: f64,
    /// The objective the solver reports for `values`.
    pub objective: f64,
}

pub(super) fn run(
    program: Program,
    settings: &SolveSettings,
    warm: Option<&[f64]>,
) -> Result<Columns, SolveError> {
    match settings.backend {
        #[cfg(feature = "highs")]
        Backend::Highs => highs(program, settings, warm),
        #[cfg(feature = "microlp")]
        Backend::Microlp => microlp(program),
    }
}

#[cfg(feature = "highs")]
fn highs(
    program: Program,
    settings: &SolveSettings,
    warm: Option<&[f64]>,
) -> Result<Columns, SolveError> {
    use good_lp::solvers::SolverModel;
    use highs::HighsModelStatus as M;
    let mut p = good_lp::solvers::highs::highs(program.problem);
    for c in program.constraints {
        p.add_constraint(c);
    }
    let mut model = p.into_inner();
    model.make_quiet();
    model.set_option("mip_rel_gap", settings.mip_rel_gap);
    model.set_option("random_seed", 0);
    model.set_option("threads", 1);
    model.set_option("parallel", "off");
    if let Some(t) = settings.time_limit {
        model.set_option("time_limit", t.max(0.0));
    }
    if let Some(cols) = warm {
        model.set_solution(Some(cols), None, None, None);
    }
    let solved = model
        .try_solve()
        .map_err(|e| SolveError::Solver(format!("HiGHS failed: {e:?}")))?;
    let status = match solved.status() {
        M::Optimal => Status::Optimal,
        M::Infeasible | M::UnboundedOrInfeasible => return Err(SolveError::Infeasible),
        M::ReachedTimeLimit
        | M::ReachedInterrupt
        | M::ReachedIterationLimit
        | M::ReachedSolutionLimit => Status::TimeLimit,
        other => {
            return Err(SolveError::Solver(format!(
                "HiGHS ended with status {other:?}"
            )))
        }
    };
    if solved.primal_solution_status() != highs::HighsSolutionStatus::Feasible {
        return Err(if status == Status::TimeLimit {
            SolveError::NoPlanInTime
        } else {
            SolveError::Solver("HiGHS returned no feasible solution".into())
        });
    }
    let values = solved.get_solution().columns().to_vec();
    let gap = solved.mip_gap();
    Ok(Columns {
        values,
        status,
        mip_gap: if gap.is_finite() { gap } else { 0.0 },
        objective: solved.objective_value(),
    })
}

#[cfg(feature = "microlp")]
fn microlp(program: Program) -> Result<Columns, SolveError> {
    use good_lp::{ResolutionError, Solution, SolverModel};
    let map = program.map;
    let mut p = good_lp::solvers::microlp::microlp(program.problem);
    for c in program.constraints {
        p.add_constraint(c);
    }
    let sol = p.solve().map_err(|e| match e {
        ResolutionError::Infeasible => SolveError::Infeasible,
        other => SolveError::Solver(format!("microlp: {other}")),
    })?;
    let mut values = vec![0.0; map.n_vars];
    let all = map
        .x
        .iter()
        .flatten()
        .map(|(_, v)| *v)
        .chain(map.u.iter().flatten().copied());
    for v in all {
        values[v.col] = sol.value(v.v);
    }
    Ok(Columns {
        objective: map.objective(&values),
        values,
        status: Status::Optimal,
        mip_gap: 0.0,
    })
}
