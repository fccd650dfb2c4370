//! A plan from the LP optimum by rounding, and the program objective of a plan.
//!
//! The LP relaxation places nearly every pupil integrally. Keeping those
//! placements and solving the MIP over the other pupils only (a few dozen of
//! thousands; HiGHS's presolve removes the fixed ones) gives a plan whose
//! objective is close to the LP bound. Its value bounds the reduced costs that
//! the restricted MIP must keep (component.rs), and it is that MIP's warm start.
//!
//! A plan is one choice per pupil: `Some(j)`, its option `j`, or `None`,
//! unplaced. Its objective is the program's (not [`crate::model::evaluate`]'s,
//! which adds constants): option and unplaced costs plus each `o`, `v`, `e` at
//! its least value.

use super::backend;
use super::colgen::LpOptimum;
use super::{SolveError, SolveSettings};
use crate::model::build::{RowBounds, Rows, Shape, VarMap};

/// One choice per pupil of the program.
pub(super) type Plan = Vec<Option<usize>>;

/// A plan near the LP optimum: the pupils the LP places integrally stay
/// there, the others are placed by a MIP over all their options. `None` if
/// that MIP has no plan (the extras can rule out every completion).
pub(super) fn round(
    rows: &Rows,
    lp: &LpOptimum,
    settings: &SolveSettings,
) -> Result<Option<(Plan, f64)>, SolveError> {
    let n = rows.pupils().len();
    let whole: Vec<Option<usize>> = (0..n)
        .map(|k| lp.values[k].iter().position(|&x| x >= 1.0 - 1e-6))
        .collect();
    let unplaced: Vec<bool> = (0..n).map(|k| whole[k].is_none()).collect();
    let allowed: Vec<Vec<bool>> = (0..n)
        .map(|k| {
            let open = whole[k].is_none() && lp.unplaced_values[k] < 1.0 - 1e-6;
            (0..lp.values[k].len())
                .map(|j| open || whole[k] == Some(j))
                .collect()
        })
        .collect();
    let program = rows.program(Shape {
        relax: false,
        allowed: Some(&allowed),
        unplaced: Some(&unplaced),
    });
    let cols = match backend::run(&program, settings, None) {
        Ok(c) => c,
        Err(SolveError::Infeasible) => return Ok(None),
        Err(e) => return Err(e),
    };
    let plan = plan_of(&program.map, &cols.values);
    Ok(objective(rows, &plan).map(|v| (plan, v)))
}

/// The plan of a program's column values.
pub(super) fn plan_of(map: &VarMap, values: &[f64]) -> Plan {
    map.x
        .iter()
        .map(|xs| xs.iter().find(|x| values[x.col] > 0.5).map(|x| x.j))
        .collect()
}

/// The plan of a complete assignment: each pupil's option index, or `None`
/// when unplaced; `None` if some pupil sits outside its options.
pub(super) fn plan_of_assignment(rows: &Rows, a: &crate::model::Assignment) -> Option<Plan> {
    (0..rows.pupils().len())
        .map(|k| match a[rows.pupils()[k] as usize] {
            None => Some(None),
            Some(t) => rows.options(k).iter().position(|o| o.target == t).map(Some),
        })
        .collect()
}

/// The program objective of a plan; `None` if it breaks a row.
pub(super) fn objective(rows: &Rows, plan: &Plan) -> Option<f64> {
    objective_within(rows, rows.bounds(), plan)
}

/// The objective of a plan of `rows`' program with the row bounds `b`
/// instead of its own (one more place: a capacity row raised by one).
pub(super) fn objective_within(rows: &Rows, b: &[RowBounds], plan: &Plan) -> Option<f64> {
    let mut act = vec![0.0; b.len()];
    let mut total = 0.0;
    let mut scratch = Vec::new();
    for (k, &choice) in plan.iter().enumerate() {
        total += match choice {
            Some(j) => {
                rows.option_entries(k, j, &mut scratch);
                rows.options(k)[j].cost
            }
            None => rows.unplaced_column(k, &mut scratch)?, // a pinned pupil must be placed
        };
        for &(r, a) in &scratch {
            act[r as usize] += a;
        }
    }
    // Each o, v, e at its least value, in program order: each column is set
    // by the rows where it is the last aux column (a load cut held by a place
    // row has that place's `o` before its `e`, and `o` is set by its place
    // row alone), and then counts in the activity of all its rows.
    let mut last = vec![usize::MAX; b.len()];
    for (i, (_, _, aux_rows)) in rows.aux_columns().enumerate() {
        aux_rows.iter().for_each(|&(r, _)| last[r as usize] = i);
    }
    for (i, (cost, upper, aux_rows)) in rows.aux_columns().enumerate() {
        let least = (aux_rows.iter())
            .filter(|(r, _)| last[*r as usize] == i)
            .map(|&(r, a)| (act[r as usize] - b[r as usize].upper) / -a)
            .fold(0.0f64, f64::max);
        if least > upper + 1e-9 {
            return None;
        }
        total += cost * least;
        for &(r, a) in aux_rows {
            act[r as usize] += a * least;
        }
    }
    let has_aux: Vec<bool> = last.iter().map(|&i| i != usize::MAX).collect();
    // Constraint 1 holds by construction (one choice per pupil); the others:
    let fits = (rows.pupils().len()..b.len())
        .all(|r| has_aux[r] || (act[r] >= b[r].lower - 1e-9 && act[r] <= b[r].upper + 1e-9));
    fits.then_some(total)
}
