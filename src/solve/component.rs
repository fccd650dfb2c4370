//! One independent component: the LP relaxation first, then a MIP restricted
//! by reduced costs, with a proof that the restriction loses nothing.
//!
//! On fap's programs the LP relaxation is nearly integral (often exactly), and
//! HiGHS's MIP machinery spends most of its time on heuristics and root cuts
//! around a handful of fractional pupils. So, for HiGHS:
//!
//! 1. Solve the LP relaxation: bound `LB`, solution `x*`, reduced costs `d`.
//!    If `x*` is integral it is optimal for the MIP: done.
//! 2. Solve the MIP over only the options with `x* > 0` or `d ≤ τ` (every `u`,
//!    `o`, `v`, `e`, pinned and forced option kept): a plan of value `UB`.
//! 3. LP duality gives, for every plan `x`, `obj(x) ≥ LB + Σ d_j·x_j` over the
//!    options at 0 in `x*` (each term ≥ 0). So a plan using a left-out option
//!    with `d_j > UB − LB` is worse than `UB`: if every left-out option has
//!    that, the restricted plan is optimal for the whole program. Otherwise
//!    widen `τ` to `UB − LB` and repeat; after a few rounds, or for microlp,
//!    solve the whole MIP.

use super::backend::{self, Backend};
use super::{SolveError, SolveSettings, Status};
use crate::model::build::{build, build_with, Extras, Program, Shape, VarMap};
use crate::model::options::FairShares;
use crate::model::{Assignment, Options};
use crate::scenario::{PupilIdx, Scenario};

/// A component's assignment (only its pupils are set), status and gap.
pub(super) type Part = (Assignment, Status, f64);

const ROUNDS: usize = 3;

/// Solves the program of `pupils`.
pub(super) fn solve(
    sc: &Scenario,
    opts: &Options,
    shares: &FairShares,
    pupils: &[PupilIdx],
    extras: &Extras,
    settings: &SolveSettings,
    start: Option<&Assignment>,
) -> Result<Part, SolveError> {
    #[allow(irrefutable_let_patterns, unreachable_patterns)]
    let lp_first = matches!(settings.backend, b if is_highs(b));
    if !lp_first {
        return whole(sc, opts, shares, pupils, extras, settings, start);
    }
    let lp = build_with(
        sc,
        opts,
        shares,
        pupils,
        extras,
        Shape {
            relax: true,
            allowed: None,
        },
    );
    let lp_map = lp.map.clone();
    let lp_cols = backend::run(lp, settings, None, true)?;
    if lp_cols.status != Status::Optimal {
        return whole(sc, opts, shares, pupils, extras, settings, start);
    }
    if is_integral(&lp_map, &lp_cols.values) {
        return Ok((read(sc, &lp_map, &lp_cols.values), Status::Optimal, 0.0));
    }
    let Some(d) = lp_cols.reduced_costs.as_deref() else {
        return whole(sc, opts, shares, pupils, extras, settings, start);
    };
    let lb = lp_cols.objective;
    let mut tau = (2e-6 * lb.abs()).max(0.5);
    for _ in 0..ROUNDS {
        let allowed: Vec<Vec<bool>> = lp_map
            .x
            .iter()
            .map(|xs| {
                xs.iter()
                    .map(|(_, v)| lp_cols.values[v.col] > 1e-9 || d[v.col] <= tau)
                    .collect()
            })
            .collect();
        let program = build_with(
            sc,
            opts,
            shares,
            pupils,
            extras,
            Shape {
                relax: false,
                allowed: Some(&allowed),
            },
        );
        let map = program.map.clone();
        let cols = match backend::run(program, settings, None, false) {
            Ok(c) => c,
            Err(SolveError::Infeasible) => break, // the restriction is too tight for the extras
            Err(e) => return Err(e),
        };
        if cols.status != Status::Optimal {
            return Ok((read(sc, &map, &cols.values), cols.status, cols.mip_gap));
        }
        let ub = cols.objective;
        let margin = 1e-6 * ub.abs().max(1.0);
        let least_left_out = lp_map
            .x
            .iter()
            .zip(&allowed)
            .flat_map(|(xs, keep)| {
                xs.iter()
                    .zip(keep)
                    .filter(|(_, k)| !**k)
                    .map(|((_, v), _)| d[v.col])
            })
            .fold(f64::INFINITY, f64::min);
        if least_left_out > ub - lb + margin {
            return Ok((read(sc, &map, &cols.values), Status::Optimal, cols.mip_gap));
        }
        tau = ub - lb + margin;
    }
    whole(sc, opts, shares, pupils, extras, settings, start)
}

fn is_highs(b: Backend) -> bool {
    #[cfg(feature = "highs")]
    if b == Backend::Highs {
        return true;
    }
    let _ = b;
    false
}

/// The whole MIP, warm-started if a start is given.
fn whole(
    sc: &Scenario,
    opts: &Options,
    shares: &FairShares,
    pupils: &[PupilIdx],
    extras: &Extras,
    settings: &SolveSettings,
    start: Option<&Assignment>,
) -> Result<Part, SolveError> {
    let program: Program = build(sc, opts, shares, pupils, extras);
    let warm = start.map(|a| program.map.columns(sc, a));
    let map = program.map.clone();
    let cols = backend::run(program, settings, warm.as_deref(), false)?;
    Ok((read(sc, &map, &cols.values), cols.status, cols.mip_gap))
}

fn is_integral(map: &VarMap, cols: &[f64]) -> bool {
    let near = |v: f64| (v - v.round()).abs() <= 1e-7;
    map.x.iter().flatten().all(|(_, v)| near(cols[v.col]))
        && map.u.iter().flatten().all(|v| near(cols[v.col]))
        && map.o.iter().all(|o| near(cols[o.3.col]))
}

fn read(sc: &Scenario, map: &VarMap, cols: &[f64]) -> Assignment {
    let mut a = vec![None; sc.pupils.len()];
    map.read(cols, &mut a);
    a
}
