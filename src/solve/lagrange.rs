//! The Lagrangian lower bound of a program from any row duals: what the
//! column generation's LP ends with (colgen.rs), and what every re-solve of a
//! held LP gives (held.rs).
//!
//! For row duals `y` of the right signs (clamped: `y ≤ 0` on `≤` rows) and
//! `d = c − Aᵀy`, every plan `x` has `obj(x) = yᵀAx + dᵀx ≥
//! Σ_rows min_{r ∈ row range} y·r + Σ_cols min_{x ∈ col range} d·x`. So the
//! bound holds whatever the LP solver's tolerances, and a plan that sets a
//! column with `d > 0` to 1 costs at least `bound + d`. It covers every option
//! of the program, also those that were never columns of the LP.

use crate::model::build::Rows;

/// A bound and the reduced costs behind it.
#[derive(Clone)]
pub(super) struct Dual {
    /// Below every plan's objective.
    pub bound: f64,
    /// The row duals `y` of that bound, by row index (signs clamped).
    pub duals: Vec<f64>,
    /// Reduced cost per pupil and option.
    pub reduced: Vec<Vec<f64>>,
    /// Reduced cost of each pupil's `u` (`None` for pinned pupils).
    pub unplaced_reduced: Vec<Option<f64>>,
}

impl Dual {
    /// The bound of `rows`' program (every option, `u`, `o`, `v`, `e` with
    /// its bounds of the program) from the LP's row duals.
    pub fn of(rows: &Rows, row_duals: &[f64]) -> Dual {
        let y: Vec<f64> = rows
            .bounds()
            .iter()
            .zip(row_duals)
            .map(|(b, &y)| match (b.lower.is_finite(), b.upper.is_finite()) {
                (false, true) => y.min(0.0),
                (true, false) => y.max(0.0),
                _ => y,
            })
            .collect();
        let mut bound: f64 = rows
            .bounds()
            .iter()
            .zip(&y)
            .map(|(b, &y)| if y >= 0.0 { y * b.lower } else { y * b.upper })
            .filter(|v| !v.is_nan()) // 0 · ∞ where the dual is 0
            .sum();
        let mut scratch = Vec::new();
        let reduced: Vec<Vec<f64>> = (0..rows.pupils().len())
            .map(|k| {
                (0..rows.options(k).len())
                    .map(|j| rows.reduced_cost(k, j, &y, &mut scratch))
                    .collect()
            })
            .collect();
        bound += reduced.iter().flatten().map(|d| d.min(0.0)).sum::<f64>();
        let unplaced_reduced: Vec<Option<f64>> = (0..rows.pupils().len())
            .map(|k| {
                let c = rows.unplaced_column(k, &mut scratch)?;
                Some(scratch.iter().fold(c, |d, &(r, a)| d - a * y[r as usize]))
            })
            .collect();
        bound += unplaced_reduced
            .iter()
            .flatten()
            .map(|d| d.min(0.0))
            .sum::<f64>();
        for (cost, upper, aux_rows) in rows.aux_columns() {
            let d = (aux_rows.iter()).fold(cost, |d, &(r, a)| d - a * y[r as usize]);
            bound += (d * upper).min(0.0);
        }
        Dual {
            bound,
            duals: y,
            reduced,
            unplaced_reduced,
        }
    }
}
