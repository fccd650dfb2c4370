//! Cut rounds of the column generation: the load cuts (`model/build/load_cut.rs`)
//! that an LP point violates (the optimum, or one of the pricing's last rounds:
//! colgen.rs `TAIL`), added as rows to the LP in HiGHS.
//!
//! After a round adds rows, colgen.rs re-solves from the last basis and prices
//! again: every option's reduced cost includes its coefficients in the cut
//! rows times their duals ([`Rows::reduced_cost`] reads them like any row),
//! whether or not the option is a column. The Lagrangian bound (lagrange.rs)
//! needs every plan's activity of each row within the row's range: a cut is a
//! valid inequality, so every plan, with `e` at its least value, satisfies it.
//! So the bound and the reduced-cost proof hold with the cuts.

use super::backend::Lp;
use super::SolveError;
use crate::model::build::{LpPoint, Rows, VarMap};
use crate::scenario::YEAR_GROUPS;

/// Cut rounds that add cuts, per LP, at most: each re-solves from the basis. With
/// cuts resting on place rows, 50,000 × 2,000 seed 5 stopped finding cuts
/// after 8 rounds that added some (LP gap 7.94 → 0.09).
pub(super) const CUT_ROUNDS: usize = 15;

/// Cut rounds of this run: [`CUT_ROUNDS`], or 0 with `FAP_LOAD_CUTS=0` (a
/// developer hook, to measure what the cuts buy; docs/performance.md).
pub(super) fn cut_rounds() -> usize {
    match std::env::var("FAP_LOAD_CUTS") {
        Ok(v) if v == "0" => 0,
        _ => CUT_ROUNDS,
    }
}

/// Separates the load cuts violated by the LP point `values` (by column of
/// `map`) and adds them to `lp`; returns how many were added. `held`: also
/// cuts that rest on place rows (not in held LPs, whose re-solves raise them).
pub(super) fn load_cuts(
    rows: &mut Rows,
    lp: &mut Lp,
    map: &VarMap,
    values: &[f64],
    held: bool,
) -> Result<usize, SolveError> {
    let cols: Vec<Vec<(usize, usize)>> = map
        .x
        .iter()
        .map(|xs| xs.iter().map(|c| (c.j, c.col)).collect())
        .collect();
    let mut x: Vec<Vec<f64>> = (0..cols.len())
        .map(|k| vec![0.0; rows.options(k).len()])
        .collect();
    for (k, xs) in cols.iter().enumerate() {
        for &(j, col) in xs {
            x[k][j] = values[col];
        }
    }
    let schools = rows.scenario().schools.len();
    let e_at = map
        .e
        .iter()
        .map(|&(s, g, _, col)| (s as usize * 2 + g.index(), col));
    let (e, e_cols) = by_place(schools * 2, e_at, values);
    let o_at = (map.o.iter()).map(|&(s, y, _, col)| (s as usize * YEAR_GROUPS + y.index(), col));
    let (o, o_cols) = by_place(schools * YEAR_GROUPS, o_at, values);
    let at = LpPoint {
        x: &x,
        e: &e,
        o: &o,
    };
    let added = rows.separate_load_cuts(&at, held);
    for &i in &added {
        let (bounds, entries) = rows.load_cut_row(i, &cols, &e_cols, &o_cols);
        lp.add_row(bounds, &entries)?;
    }
    Ok(added.len())
}

/// Per place (of `n`), the value of its column in `values` and the column
/// (`None` and `usize::MAX` where it has none), from (place, column) pairs.
fn by_place(
    n: usize,
    at: impl Iterator<Item = (usize, usize)>,
    values: &[f64],
) -> (Vec<Option<f64>>, Vec<usize>) {
    let (mut value, mut cols) = (vec![None; n], vec![usize::MAX; n]);
    for (place, col) in at {
        value[place] = Some(values[col]);
        cols[place] = col;
    }
    (value, cols)
}
