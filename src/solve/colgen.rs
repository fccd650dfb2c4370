//! The LP relaxation of one component by column generation.
//!
//! A component's LP has a column per option (632,000 for 50,000 pupils and
//! 2,000 schools), but at the optimum nearly every pupil uses one of its few
//! cheapest options. So the LP is solved over a small set of columns: each
//! pupil's [`INITIAL_OPTIONS`] cheapest options, its preferences, its pinned or
//! forced option and its placements in a warm start or earlier proposals, and
//! every `u`, `o`, `v`, `e`. Then every option left out is priced: its reduced
//! cost `d = c − Σ a·y` comes from the row duals `y` (the rows are those of the
//! full program, see [`Rows`]), each pupil's most negative option (if `d < 0`)
//! becomes a column, and HiGHS re-solves from its last basis. When no option has `d < 0`, the
//! restricted LP's optimum is the full LP's, and `d` is known for every
//! option: what the reduced-cost restriction of the MIP needs (component.rs).

use super::backend::{developer_log, Lp, LpSolution};
use super::lagrange::Dual;
use super::{Deadline, SolveError, SolveSettings, Status};
use crate::model::build::{Cols, OptionCol, Rows, Shape, VarMap};
use crate::model::Assignment;
use crate::progress::Stage;
use rayon::prelude::*;
use std::time::Instant;

/// Options per pupil in the first LP, cheapest first. Measured on 50,000 ×
/// 2,000 (user time of the whole solve): 3 with one option priced in per
/// pupil and round 22–24 s; 5 with every negative option priced in 33 s (the
/// dual simplex flips each new column to its upper bound, and repairing
/// 47,000 flips took longer than the first LP); 2 or 4, one per round, 28–32 s.
pub(super) const INITIAL_OPTIONS: usize = 3;

/// Load cuts are separated from every LP that prices in at most one option
/// per `TAIL` pupils (and from the last). Cuts are valid at any LP point, so
/// where they are found changes only how fast the LP converges. Measured on
/// 50,000 × 2,000, seeds 1–15, `fap solve` wall time: 260.4 s in all with
/// cuts only after the pricing converged (26 LP solves on seed 7), 234.1 s
/// with `TAIL` 500 (14 solves, the same LP bound); 1,000 saved less (seed 7:
/// 16 solves).
const TAIL: usize = 500;

/// Reduced costs below `−PRICE_TOLERANCE` bring their option into the LP.
const PRICE_TOLERANCE: f64 = 1e-9;

/// The LP relaxation over every option, solved.
pub(super) struct LpOptimum {
    /// A lower bound on every plan's objective, from the duals (see [`finish`]).
    pub bound: f64,
    /// The row duals `y` of that bound, by row index (signs clamped).
    pub duals: Vec<f64>,
    /// `x*` per pupil and option (0 for options that never became columns).
    pub values: Vec<Vec<f64>>,
    /// Reduced cost per pupil and option.
    pub reduced: Vec<Vec<f64>>,
    /// `u*` per pupil (0 for pinned pupils).
    pub unplaced_values: Vec<f64>,
    /// Reduced cost of each pupil's `u` (`None` for pinned pupils).
    pub unplaced_reduced: Vec<Option<f64>>,
    /// The assignment, when the LP optimum is integral (then it is the MIP's optimum).
    pub integral: Option<Assignment>,
    /// School-phases (`school · 2 + phase`) with a load cut among the rows.
    pub load_cut_places: Vec<usize>,
    /// How it went.
    pub stats: Stats,
}

/// Counts of a column generation.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(super) struct Stats {
    /// LP solves.
    pub rounds: usize,
    /// Option columns at the end.
    pub columns: usize,
    /// Options of the component.
    pub options: usize,
    /// Load cuts added.
    pub cuts: usize,
}

/// Solves the LP relaxation of `rows`' program, starting from `initial`
/// options per pupil, with up to `cut_rounds` rounds that add load cuts
/// (separate.rs; they stay in `rows`). `None` when the time ran out first.
pub(super) fn solve(
    rows: &mut Rows,
    settings: &SolveSettings,
    start: Option<&Assignment>,
    initial: usize,
    mut cut_rounds: usize,
) -> Result<Option<LpOptimum>, SolveError> {
    let (started, deadline) = (Instant::now(), Deadline::after(settings.time_limit));
    let n = rows.pupils().len();
    settings.progress.step(n, Stage::Pricing, None, None);
    let active: Vec<Vec<bool>> = (0..n)
        .map(|k| initial_columns(&*rows, k, start, initial))
        .collect();
    let program = rows.program(Shape {
        relax: true,
        allowed: Some(&active),
        unplaced: None,
    });
    let mut lp = Lp::new(&program, settings)?;
    let mut map = program.map;
    let mut active: Vec<Vec<bool>> = (0..n)
        .map(|k| {
            let mut a = vec![false; rows.options(k).len()];
            map.x[k].iter().for_each(|x| a[x.j] = true);
            a
        })
        .collect();
    let mut stats = Stats {
        options: rows.option_count(),
        columns: map.x.iter().map(Vec::len).sum(),
        ..Stats::default()
    };
    let mut scratch = Vec::new();
    loop {
        let solved = lp.solve(deadline.left());
        let sol = match solved {
            // Pinned pupils, forced placements or no-good cuts may need options
            // not yet in: try again with all of them.
            Err(SolveError::Infeasible) if stats.columns < stats.options => {
                let all: Vec<(usize, usize)> = (0..n)
                    .flat_map(|k| (0..rows.options(k).len()).map(move |j| (k, j)))
                    .filter(|&(k, j)| !active[k][j])
                    .collect();
                add(&*rows, &mut lp, &mut map, &mut active, &all, &mut scratch)?;
                stats.columns = stats.options;
                continue;
            }
            other => other?,
        };
        stats.rounds += 1;
        if sol.status != Status::Optimal {
            return Ok(None);
        }
        // Pricing reads every option of every pupil: in parallel on the
        // caller's pool (a large component leaves the other cores idle);
        // the result is the same in pupil order whatever the thread count.
        let (rows_ref, active_ref, duals) = (&*rows, &active, &sol.row_duals);
        let priced: Vec<(usize, usize)> = (0..n)
            .into_par_iter()
            .map_init(Vec::new, |scratch, k| {
                let best = (0..rows_ref.options(k).len())
                    .filter(|&j| !active_ref[k][j])
                    .map(|j| (rows_ref.reduced_cost(k, j, duals, scratch), j))
                    .min_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)))?;
                (best.0 < -PRICE_TOLERANCE).then_some((k, best.1))
            })
            .flatten()
            .collect();
        if developer_log() {
            eprintln!(
                "fap colgen: {n} pupils, {} options: round {}: {} columns, {} cuts, LP {:.6}, \
                 {} iterations, {} priced in, {:.2} s, thread CPU {:.2} s",
                stats.options,
                stats.rounds,
                stats.columns,
                stats.cuts,
                sol.objective,
                sol.iterations,
                priced.len(),
                started.elapsed().as_secs_f64(),
                super::backend::thread_cpu_s()
            );
        }
        // Cuts are separated in the tail of the pricing too, not only once it
        // has converged: each LP solve costs ~0.2 s of HiGHS set-up on
        // 50,000 × 2,000 whatever it does, and a cut round then shares its
        // re-solves with the last pricing rounds (see [`TAIL`]).
        if priced.len() <= n / TAIL && cut_rounds > 0 {
            let added = super::separate::load_cuts(rows, &mut lp, &map, &sol.values, true)?;
            stats.cuts += added;
            if added > 0 {
                cut_rounds -= 1;
                if priced.is_empty() {
                    continue;
                }
            }
        }
        if priced.is_empty() {
            return Ok(Some(finish(rows, &map, &sol, stats)));
        }
        add(
            &*rows,
            &mut lp,
            &mut map,
            &mut active,
            &priced,
            &mut scratch,
        )?;
        stats.columns += priced.len();
    }
}

/// The first columns of pupil `k`: its `initial` cheapest options, its
/// preferences, pinned and forced options, and its placement in the warm start
/// and in earlier proposals.
fn initial_columns(rows: &Rows, k: usize, start: Option<&Assignment>, initial: usize) -> Vec<bool> {
    let opts = rows.options(k);
    let p = rows.pupil(k);
    let pi = rows.pupils()[k] as usize;
    let mut order: Vec<usize> = (0..opts.len()).collect();
    order.sort_by(|&a, &b| opts[a].cost.total_cmp(&opts[b].cost).then(a.cmp(&b)));
    let mut keep = vec![false; opts.len()];
    for &j in order.iter().take(initial) {
        keep[j] = true;
    }
    let earlier: Vec<_> = start
        .into_iter()
        .chain(&rows.extras().cuts)
        .filter_map(|a| a[pi])
        .collect();
    for (j, o) in opts.iter().enumerate() {
        if p.preference_rank(o.target).is_some() || rows.keeps(k, j) || earlier.contains(&o.target)
        {
            keep[j] = true;
        }
    }
    keep
}

/// Adds options `(pupil, option)` to the LP as columns.
fn add(
    rows: &Rows,
    lp: &mut Lp,
    map: &mut VarMap,
    active: &mut [Vec<bool>],
    options: &[(usize, usize)],
    scratch: &mut Vec<(u32, f64)>,
) -> Result<(), SolveError> {
    let mut batch = Cols::default();
    for &(k, j) in options {
        map.x[k].push(OptionCol {
            j,
            target: rows.options(k)[j].target,
            col: map.n_vars + batch.len(),
        });
        rows.push_option(k, j, true, &mut batch, scratch);
        active[k][j] = true;
    }
    map.n_vars += batch.len();
    lp.add(&batch)
}

/// Values, reduced costs and a bound from the last LP: the Lagrangian bound
/// of its row duals ([`Dual`]), which holds whatever HiGHS's tolerances.
fn finish(rows: &Rows, map: &VarMap, sol: &LpSolution, stats: Stats) -> LpOptimum {
    let Dual {
        bound,
        duals: y,
        reduced,
        unplaced_reduced,
    } = Dual::of(rows, &sol.row_duals);
    let mut values: Vec<Vec<f64>> = reduced.iter().map(|d| vec![0.0; d.len()]).collect();
    for (k, xs) in map.x.iter().enumerate() {
        for c in xs {
            values[k][c.j] = sol.values[c.col];
            // Clamping moves y by at most HiGHS's dual tolerance (1e-7).
            debug_assert!((reduced[k][c.j] - sol.col_duals[c.col]).abs() < 1e-5);
        }
    }
    let unplaced_values = map
        .u
        .iter()
        .map(|u| u.map_or(0.0, |c| sol.values[c]))
        .collect();
    let integral = is_integral(map, &sol.values).then(|| {
        let mut a = vec![None; rows.scenario().pupils.len()];
        map.read(&sol.values, &mut a);
        a
    });
    LpOptimum {
        bound,
        duals: y,
        values,
        reduced,
        unplaced_values,
        unplaced_reduced,
        integral,
        load_cut_places: rows.load_cut_places(),
        stats,
    }
}

fn is_integral(map: &VarMap, cols: &[f64]) -> bool {
    let near = |v: f64| (v - v.round()).abs() <= 1e-7;
    map.x.iter().flatten().all(|x| near(cols[x.col]))
        && map.u.iter().flatten().all(|&c| near(cols[c]))
        && map.o.iter().all(|o| near(cols[o.3]))
}
