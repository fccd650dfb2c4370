//! Solver backends: HiGHS (default) and microlp (pure Rust, for cross-checks).
//!
//! HiGHS gets fap's column-form program directly through the `highs` crate,
//! because fap needs what a modelling layer does not expose: the MIP gap of a
//! time-limited run, a warm start, row duals, columns added to a solved LP
//! (column generation, [`Lp`]), and options set per run (one thread, fixed
//! seed) so results do not depend on how many solves run at once. microlp is
//! driven through good_lp.

use super::{SolveError, SolveSettings, Status};
use crate::model::build::Program;
#[cfg(feature = "highs")]
use crate::model::build::{Cols, RowBounds};
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
        Backend::Highs => "highs 1.16.0 (highs-sys 1.16, highs crate 2.4)".to_string(),
        #[cfg(feature = "microlp")]
        Backend::Microlp => "microlp (good_lp 1.15)".to_string(),
    }
}

/// Column values of a solved program.
pub(super) struct Columns {
    pub values: Vec<f64>,
    pub status: Status,
    pub mip_gap: f64,
    /// The solver's lower bound on the objective (the objective itself when
    /// proven exactly); read where a MIP is solved in parts (split.rs, HiGHS only).
    #[cfg_attr(not(feature = "highs"), allow(dead_code))]
    pub bound: f64,
}

/// Solves a program (a MIP, or an LP if no column is integer).
pub(super) fn run(
    program: &Program,
    settings: &SolveSettings,
    warm: Option<&[f64]>,
) -> Result<Columns, SolveError> {
    match settings.backend {
        #[cfg(feature = "highs")]
        Backend::Highs => highs(program, settings, warm),
        #[cfg(feature = "microlp")]
        Backend::Microlp => {
            let _ = warm;
            microlp(program)
        }
    }
}

/// Are the developer logs on (`FAP_HIGHS_LOG` set)? Then HiGHS logs to the
/// console, and so does fap's column generation (counts and times only).
#[cfg(feature = "highs")]
pub(super) fn developer_log() -> bool {
    std::env::var_os("FAP_HIGHS_LOG").is_some()
}

/// CPU seconds of the calling thread so far, for the developer logs: on a
/// shared machine wall times say little. Linux only (0 elsewhere).
#[cfg(feature = "highs")]
pub(super) fn thread_cpu_s() -> f64 {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").unwrap_or_default();
    let ns = stat.split(' ').next().and_then(|v| v.parse::<f64>().ok());
    ns.unwrap_or(0.0) / 1e9
}

/// The program's rows and columns as a HiGHS problem, with a handle per row.
#[cfg(feature = "highs")]
fn highs_problem(program: &Program) -> (highs::ColProblem, Vec<highs::Row>) {
    let mut p = highs::ColProblem::default();
    let rows: Vec<highs::Row> = program
        .rows
        .iter()
        .map(|b| p.add_row(b.lower..=b.upper))
        .collect();
    let c = &program.cols;
    for j in 0..c.len() {
        p.add_column_with_integrality(
            c.cost[j],
            c.lower[j]..=c.upper[j],
            c.entries(j).map(|(r, a)| (rows[r as usize], a)),
            c.integer[j],
        );
    }
    (p, rows)
}

/// A HiGHS model with fap's options set.
#[cfg(feature = "highs")]
fn highs_model(problem: highs::ColProblem, settings: &SolveSettings, lp: bool) -> highs::Model {
    let mut model = problem.optimise(highs::Sense::Minimise);
    model.make_quiet();
    if developer_log() {
        model.set_option("output_flag", true);
        model.set_option("log_to_console", true);
    }
    model.set_option("mip_rel_gap", settings.mip_rel_gap);
    model.set_option("random_seed", 0);
    model.set_option("threads", 1);
    model.set_option("parallel", "off");
    model.set_option("mip_heuristic_run_feasibility_jump", false);
    if lp {
        // Measured on a 10,000 × 450 scenario: HiGHS's presolve costs more than it saves on these LPs.
        model.set_option("presolve", "off");
    }
    if let Some(t) = settings.time_limit {
        model.set_option("time_limit", t.max(0.0));
    }
    for (k, v) in developer_options() {
        if let Ok(i) = v.parse::<i32>() {
            model.set_option(k.as_str(), i);
        } else if let Ok(f) = v.parse::<f64>() {
            model.set_option(k.as_str(), f);
        } else if let Ok(b) = v.parse::<bool>() {
            model.set_option(k.as_str(), b);
        } else {
            model.set_option(k.as_str(), v.as_str());
        }
    }
    if !settings.presolve {
        model.set_option("presolve", "off");
    }
    if settings.quick_resolve {
        // Hundreds of small MIPs solved at the root: symmetry detection costs
        // more than it prunes (options bench, 60 x 120 round: 2.07 s → 1.86 s).
        model.set_option("mip_detect_symmetry", false);
    }
    model
}

/// fap's status of a solved HiGHS model; `Err` when there is no solution to read.
#[cfg(feature = "highs")]
fn highs_status(solved: &highs::SolvedModel) -> Result<Status, SolveError> {
    use highs::HighsModelStatus as M;
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
    Ok(status)
}

#[cfg(feature = "highs")]
fn highs(
    program: &Program,
    settings: &SolveSettings,
    warm: Option<&[f64]>,
) -> Result<Columns, SolveError> {
    let lp = !program.cols.integer.contains(&true);
    let (problem, _) = highs_problem(program);
    let mut model = highs_model(problem, settings, lp);
    if let Some(cols) = warm {
        model.set_solution(Some(cols), None, None, None);
    }
    let solved = model
        .try_solve()
        .map_err(|e| SolveError::Solver(format!("HiGHS failed: {e:?}")))?;
    let status = highs_status(&solved)?;
    let values = solved.get_solution().columns().to_vec();
    let objective = solved.objective_value();
    // HiGHS 1.16 can return the warm start itself when presolve maps it to a
    // better plan, while reporting that plan's objective: the values are then
    // not the plan it proved optimal. Solve again without the start.
    let value = program.cols.objective(&values);
    if warm.is_some() && (value - objective).abs() > 1e-9 * objective.abs().max(1.0) {
        return highs(program, settings, None);
    }
    let gap = solved.mip_gap();
    let bound = match solved.double_info_value(c"mip_dual_bound") {
        Ok(b) if !lp && b.is_finite() => b,
        _ => objective,
    };
    Ok(Columns {
        values,
        status,
        mip_gap: if gap.is_finite() && !lp { gap } else { 0.0 },
        bound,
    })
}

/// An LP relaxation kept in HiGHS between solves, so that columns can be
/// added to it and the next solve starts from the last optimal basis.
#[cfg(feature = "highs")]
pub(super) struct Lp {
    model: Option<highs::Model>,
    rows: Vec<highs::Row>,
    /// A handle per column, for [`Lp::set_bounds`] and [`Lp::add_row`].
    cols: Vec<highs::Col>,
}

/// A solved LP: primal values and duals, by column and row index.
#[cfg(feature = "highs")]
pub(super) struct LpSolution {
    pub values: Vec<f64>,
    /// Reduced costs, `c − Aᵀy`.
    pub col_duals: Vec<f64>,
    /// Row duals `y`.
    pub row_duals: Vec<f64>,
    pub objective: f64,
    pub status: Status,
    /// Simplex iterations of this solve.
    pub iterations: i64,
}

#[cfg(feature = "highs")]
impl Lp {
    /// Loads an LP (a program with no integer column).
    /// The columns go in one by one, for their handles.
    pub fn new(program: &Program, settings: &SolveSettings) -> Result<Lp, SolveError> {
        let mut problem = highs::ColProblem::default();
        let rows = (program.rows.iter())
            .map(|b| problem.add_row(b.lower..=b.upper))
            .collect();
        let mut lp = Lp {
            model: Some(highs_model(problem, settings, true)),
            rows,
            cols: Vec::with_capacity(program.cols.len()),
        };
        lp.add(&program.cols)?;
        Ok(lp)
    }

    /// Loads an LP whose column bounds can be changed between solves (the
    /// basis is kept), but to which no column can be added.
    pub fn with_bounds(program: &Program, settings: &SolveSettings) -> Lp {
        let mut p = highs::RowProblem::default();
        let c = &program.cols;
        let cols: Vec<highs::Col> = (0..c.len())
            .map(|j| p.add_column(c.cost[j], c.lower[j]..=c.upper[j]))
            .collect();
        let mut by_row: Vec<Vec<(highs::Col, f64)>> = vec![Vec::new(); program.rows.len()];
        for (j, &col) in cols.iter().enumerate() {
            for (r, a) in c.entries(j) {
                by_row[r as usize].push((col, a));
            }
        }
        for (b, entries) in program.rows.iter().zip(&by_row) {
            p.add_row(b.lower..=b.upper, entries);
        }
        let problem = highs::ColProblem::from(p);
        Lp {
            model: Some(highs_model(problem, settings, true)),
            rows: Vec::new(),
            cols,
        }
    }

    /// Sets the bounds of column `j` (an [`Lp::with_bounds`] LP).
    pub fn set_bounds(&mut self, j: usize, lower: f64, upper: f64) -> Result<(), SolveError> {
        let model = self.model.as_mut().ok_or_else(lost)?;
        model.change_column_bounds(self.cols[j], lower..=upper);
        Ok(())
    }

    /// Appends continuous columns.
    pub fn add(&mut self, cols: &Cols) -> Result<(), SolveError> {
        let model = self.model.as_mut().ok_or_else(lost)?;
        for j in 0..cols.len() {
            let col = model
                .try_add_column(
                    cols.cost[j],
                    cols.lower[j]..=cols.upper[j],
                    cols.entries(j).map(|(r, a)| (self.rows[r as usize], a)),
                )
                .map_err(|e| SolveError::Solver(format!("HiGHS failed to add a column: {e:?}")))?;
            self.cols.push(col);
        }
        Ok(())
    }

    /// Appends a row `lower ≤ Σ a·x ≤ upper` over existing columns (by column index).
    pub fn add_row(
        &mut self,
        bounds: RowBounds,
        entries: &[(usize, f64)],
    ) -> Result<(), SolveError> {
        let model = self.model.as_mut().ok_or_else(lost)?;
        let cols = &self.cols;
        let row = model
            .try_add_row(
                bounds.lower..=bounds.upper,
                entries.iter().map(|&(c, a)| (cols[c], a)),
            )
            .map_err(|e| SolveError::Solver(format!("HiGHS failed to add a row: {e:?}")))?;
        self.rows.push(row);
        Ok(())
    }

    /// Solves (again), with at most `time_limit` seconds.
    pub fn solve(&mut self, time_limit: Option<f64>) -> Result<LpSolution, SolveError> {
        let mut model = self.model.take().ok_or_else(lost)?;
        if let Some(t) = time_limit {
            model.set_option("time_limit", t.max(0.0));
        }
        let solved = model
            .try_solve()
            .map_err(|e| SolveError::Solver(format!("HiGHS failed: {e:?}")))?;
        let status = highs_status(&solved);
        let out = status.map(|status| {
            let solution = solved.get_solution();
            LpSolution {
                values: solution.columns().to_vec(),
                col_duals: solution.dual_columns().to_vec(),
                row_duals: solution.dual_rows().to_vec(),
                objective: solved.objective_value(),
                status,
                iterations: solved.simplex_iteration_count(),
            }
        });
        self.model = Some(highs::Model::from(solved));
        out
    }
}

#[cfg(feature = "highs")]
fn lost() -> SolveError {
    SolveError::Solver("HiGHS model lost after an earlier failure".into())
}

/// `FAP_HIGHS_OPTIONS="key=value,key=value"`: extra HiGHS options, for
/// performance experiments only (see docs/performance.md).
#[cfg(feature = "highs")]
fn developer_options() -> Vec<(String, String)> {
    std::env::var("FAP_HIGHS_OPTIONS")
        .unwrap_or_default()
        .split(',')
        .filter_map(|kv| kv.split_once('='))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect()
}

/// microlp through good_lp: rows are rebuilt from the columns.
#[cfg(feature = "microlp")]
fn microlp(program: &Program) -> Result<Columns, SolveError> {
    use good_lp::{variable, Expression, ProblemVariables, ResolutionError, Solution, SolverModel};
    let c = &program.cols;
    let mut vars = ProblemVariables::new();
    let xs: Vec<good_lp::Variable> = (0..c.len())
        .map(|j| {
            let mut def = variable().min(c.lower[j]);
            if c.upper[j].is_finite() {
                def = def.max(c.upper[j]);
            }
            vars.add(if c.integer[j] { def.integer() } else { def })
        })
        .collect();
    let objective: Expression = (0..c.len()).map(|j| c.cost[j] * xs[j]).sum();
    let mut lhs = vec![Expression::default(); program.rows.len()];
    for (j, &x) in xs.iter().enumerate() {
        for (r, a) in c.entries(j) {
            lhs[r as usize].add_mul(a, x);
        }
    }
    let mut p = good_lp::solvers::microlp::microlp(vars.minimise(objective));
    for (e, b) in lhs.into_iter().zip(&program.rows) {
        if b.lower == b.upper {
            p.add_constraint(e.eq(b.upper));
        } else {
            if b.lower.is_finite() {
                p.add_constraint(e.clone().geq(b.lower));
            }
            if b.upper.is_finite() {
                p.add_constraint(e.leq(b.upper));
            }
        }
    }
    let sol = p.solve().map_err(|e| match e {
        ResolutionError::Infeasible => SolveError::Infeasible,
        other => SolveError::Solver(format!("microlp: {other}")),
    })?;
    let values: Vec<f64> = xs.iter().map(|&x| sol.value(x)).collect();
    let bound = c.objective(&values);
    Ok(Columns {
        values,
        status: Status::Optimal,
        mip_gap: 0.0,
        bound,
    })
}
