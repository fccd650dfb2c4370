//! One independent component: the LP relaxation first (by column
//! generation), then a MIP restricted by reduced costs, with a proof that the
//! restriction loses nothing.
//!
//! On fap's programs the LP relaxation is nearly integral (often exactly), and
//! HiGHS's MIP machinery spends most of its time on heuristics and root cuts
//! around a handful of fractional pupils. So, for HiGHS:
//!
//! 1. Solve the LP relaxation (colgen.rs): bound `LB`, solution `x*`, reduced
//!    costs `d` of every option and `u`. If `x*` is integral it is optimal for
//!    the MIP: done.
//! 2. Round `x*` to a plan (rounding.rs) of value `UB₀`; if `UB₀` is within the
//!    MIP gap of `LB`, done.
//! 3. Solve the MIP over only the options and `u`s with `x* > 0` or `d ≤ τ`
//!    (every `o`, `v`, `e`, pinned and forced option kept, and the rounded
//!    plan, which is the warm start): a plan of value `UB ≤ UB₀`. `τ` starts
//!    at the LP's optimal face (the least positive `d`), capped by what the
//!    rounded plan already proves. HiGHS gets it without the pupils
//!    it leaves one choice (shrink.rs), in independent parts when it falls
//!    apart into large components (split.rs).
//! 4. LP duality gives, for every plan `x`, `obj(x) ≥ LB + Σ d_j·x_j` over the
//!    columns with `d_j > 0` (see colgen.rs). So a plan using a left-out column
//!    with `d_j ≥ UB − LB − gap·|UB|` cannot beat `UB` by more than the MIP gap
//!    (`mip_rel_gap`, the criterion HiGHS applies within its own search): if
//!    every left-out column has that, the restricted plan is optimal for the
//!    whole program. Otherwise widen `τ` to that value and repeat; after a few
//!    rounds, or for microlp, solve the whole MIP.
//!
//! The LP bound is the weak point: `UB − LB` sets how many options the last
//! restricted MIP needs. Its main cause, pupils of load weight 2 split half
//! and half between two schools' fair-share kinks, is cut off by the load
//! cuts that the column generation separates (separate.rs), which stay in
//! `rows` and so in every MIP here (docs/performance.md).

use super::backend;
use super::{SolveError, SolveSettings, Status};
use crate::model::build::{Rows, Shape, VarMap};
use crate::model::options::FairShares;
use crate::model::{Assignment, Options};
use crate::progress::Stage;
use crate::scenario::{PupilIdx, Scenario};

/// A component's assignment (only its pupils are set), status and gap.
pub(super) type Part = (Assignment, Status, f64);

/// Solves the program of `pupils`; `lp` is its LP relaxation without extras,
/// if known.
#[allow(clippy::too_many_arguments)]
pub(super) fn solve(
    sc: &Scenario,
    opts: &Options,
    shares: &FairShares,
    pupils: &[PupilIdx],
    extras: &crate::model::build::Extras,
    settings: &SolveSettings,
    start: Option<&Assignment>,
    lp: Option<super::LpBound>,
) -> Result<Part, SolveError> {
    // Only the LP-first route (HiGHS) adds rows (the load cuts).
    #[cfg_attr(not(feature = "highs"), allow(unused_mut))]
    let mut rows = Rows::new(sc, opts, shares, pupils, extras).ok_or(SolveError::Infeasible)?;
    #[cfg(feature = "highs")]
    if let (Some(lp), Some(start)) = (lp, start) {
        if let Some(part) = within_start(&rows, &lp, start, settings)? {
            return Ok(part);
        }
    }
    #[cfg(not(feature = "highs"))]
    let _ = lp;
    // Small warm-started re-solves (decision support) are faster as one MIP;
    // a large one is not, and HiGHS overruns the time limit on its root LP.
    #[cfg(feature = "highs")]
    if settings.backend == backend::Backend::Highs
        && !settings.whole_mip
        && !(settings.quick_resolve && start.is_some() && rows.option_count() <= QUICK_OPTIONS)
    {
        return lp_first(&mut rows, settings, start, super::colgen::INITIAL_OPTIONS);
    }
    whole(&rows, settings, start)
}

/// The most options of a warm-started re-solve that goes straight to one
/// MIP (`quick_resolve`). On a 10,000-pupil round's component of 186,590
/// options that MIP's root alone took over 3 s where the LP first solves it
/// in about 1.5 s.
#[cfg(feature = "highs")]
const QUICK_OPTIONS: usize = 20_000;

/// Rounds of the reduced-cost restriction before falling back to the whole MIP.
#[cfg(feature = "highs")]
const ROUNDS: usize = 3;

/// LP first, then the restricted MIP; column generation starts from
/// `initial` options per pupil.
#[cfg(feature = "highs")]
pub(super) fn lp_first(
    rows: &mut Rows,
    settings: &SolveSettings,
    start: Option<&Assignment>,
    initial: usize,
) -> Result<Part, SolveError> {
    use super::rounding::{self, Plan};
    let cut_rounds = super::separate::cut_rounds();
    let lp = match super::colgen::solve(rows, settings, start, initial, cut_rounds) {
        Err(SolveError::NoPlanInTime) => None,
        lp => lp?,
    };
    let rows = &*rows; // with the load cuts, which stay valid in every MIP below
    let Some(lp) = lp else {
        // The time ran out. A start (a plan) is the best known, with nothing
        // proven about it (a gap of 100%): HiGHS would spend seconds loading
        // the whole MIP past the limit to return it.
        return match start {
            Some(a) => Ok((a.clone(), Status::TimeLimit, 1.0)),
            None => whole(rows, settings, start),
        };
    };
    if let Some(a) = lp.integral {
        return Ok((a, Status::Optimal, 0.0));
    }
    let lb = lp.bound;
    // The reduced cost a left-out option needs to be no use: a plan with it
    // costs at least LB + d, so with d ≥ UB − LB − gap·|UB| it cannot beat the
    // plan of value UB by more than the MIP gap (the criterion HiGHS applies
    // to its own search). The 1e-9 covers floating-point sums.
    let need =
        |ub: f64| (ub - lb - settings.mip_rel_gap * ub.abs()).max(0.0) + 1e-9 * ub.abs().max(1.0);
    let mut incumbent: Option<(Plan, f64)> = rounding::round(rows, &lp, settings)?;
    let step = |stage, best| {
        settings
            .progress
            .step(rows.pupils().len(), stage, Some(lb), best)
    };
    step(Stage::Searching, incumbent.as_ref().map(|i| i.1));
    if let Some((plan, ub)) = &incumbent {
        if ub - lb <= settings.mip_rel_gap * ub.abs() {
            return Ok((assignment(rows, plan), Status::Optimal, 0.0));
        }
    }
    // First round: the LP's optimal face (the options with d = 0, and those
    // tied at the least positive d), or fewer if the rounded plan proves that
    // enough. That MIP is cheap and finds a plan near the optimum; the next
    // round, over every option that could still beat it, then starts from
    // it. Measured on 50,000 x 2,000 against half as many options again as
    // the face: seed 8 32.3 -> 24.7 s, seed 7 34.1 -> 31.2 s, the other
    // eight seeds and the 10,000 x 450 grid the same or faster.
    let mut tau = least_positive(&lp.reduced);
    if let Some((_, ub)) = &incumbent {
        tau = tau.min(need(*ub));
    }
    // Presolve barely shrinks these MIPs (most options left are live) and
    // costs more than the search: measured on 50,000 × 2,000, 31 s of presolve
    // before a 28 s root LP; without it the round took 18 s.
    let restricted = SolveSettings {
        presolve: false,
        ..settings.clone()
    };
    for _ in 0..ROUNDS {
        let chosen =
            |k: usize, c: Option<usize>| incumbent.as_ref().is_some_and(|(p, _)| p[k] == c);
        let allowed: Vec<Vec<bool>> = (0..lp.values.len())
            .map(|k| {
                (0..lp.values[k].len())
                    .map(|j| {
                        lp.values[k][j] > 1e-9 || lp.reduced[k][j] <= tau || chosen(k, Some(j))
                    })
                    .collect()
            })
            .collect();
        let unplaced: Vec<bool> = (0..lp.values.len())
            .map(|k| {
                lp.unplaced_values[k] > 1e-9
                    || lp.unplaced_reduced[k].is_some_and(|d| d <= tau)
                    || chosen(k, None)
            })
            .collect();
        let program = rows.program(Shape {
            relax: false,
            allowed: Some(&allowed),
            unplaced: Some(&unplaced),
        });
        let map = &program.map;
        if backend::developer_log() {
            eprintln!(
                "fap: restricted MIP, bound {lb:.6}, incumbent {:?}, tau {tau:.6}: {} of {} options, {} of {} u, thread CPU {:.2} s",
                incumbent.as_ref().map(|i| i.1),
                map.x.iter().map(Vec::len).sum::<usize>(),
                lp.stats.options,
                map.u.iter().flatten().count(),
                map.u.len(), backend::thread_cpu_s()
            );
        }
        let warm = incumbent
            .as_ref()
            .map(|(plan, _)| map.columns(rows.scenario(), &assignment(rows, plan)));
        let cols = match super::shrink::run(&program, &restricted, warm.as_deref()) {
            Ok(c) => c,
            Err(SolveError::Infeasible) => break, // the restriction is too tight for the extras
            Err(e) => return Err(e),
        };
        if cols.status != Status::Optimal {
            return Ok((read(rows, map, &cols.values), cols.status, cols.mip_gap));
        }
        let plan = rounding::plan_of(map, &cols.values);
        let Some(ub) = rounding::objective(rows, &plan) else {
            break; // HiGHS's plan breaks a row by more than its tolerance
        };
        let left_out_options = lp.reduced.iter().zip(&map.x).flat_map(|(d, xs)| {
            d.iter()
                .enumerate()
                .filter(|(j, _)| !xs.iter().any(|x| x.j == *j))
                .map(|(_, d)| *d)
        });
        let left_out_u = lp
            .unplaced_reduced
            .iter()
            .zip(&map.u)
            .filter_map(|(d, u)| d.filter(|_| u.is_none()));
        let least_left_out = left_out_options
            .chain(left_out_u)
            .fold(f64::INFINITY, f64::min);
        if backend::developer_log() {
            eprintln!(
                "fap: restricted MIP: plan {ub:.6}, thread CPU {:.2} s",
                backend::thread_cpu_s()
            );
        }
        if least_left_out > need(ub) {
            return Ok((assignment(rows, &plan), Status::Optimal, cols.mip_gap));
        }
        tau = need(ub);
        incumbent = Some((plan, ub));
        step(Stage::Proving, Some(ub));
    }
    whole(rows, settings, start)
}

/// A re-solve of a group whose LP relaxation without extras is known, from a
/// feasible start of value `UB`: a plan using option `j` costs at least
/// `LB + Σ d⁺(forced) + d_j` (the duals stay feasible when extras add rows
/// or a place is added, see [`super::GroupLp`]), so only options with `d_j`
/// below `UB − LB − Σ d⁺(forced)` (less the MIP gap) can beat the start. The MIP over those,
/// warm-started, is optimal for the whole program; when they are the start's
/// own, or the start's value reaches the bound, the start is, without a
/// solve. `None` when the start is not a plan of these rows.
#[cfg(feature = "highs")]
fn within_start(
    rows: &Rows,
    lp: &super::LpBound,
    start: &Assignment,
    settings: &SolveSettings,
) -> Result<Option<Part>, SolveError> {
    let Some(plan) = super::rounding::plan_of_assignment(rows, start) else {
        return Ok(None);
    };
    let Some(ub) = super::rounding::objective(rows, &plan) else {
        return Ok(None);
    };
    let reduced = |k: usize, choice: Option<usize>| match choice {
        Some(j) => lp.reduced[k][j],
        None => lp.unplaced_reduced[k].unwrap_or(0.0),
    };
    let pupil_k = |p: PupilIdx| rows.pupils().binary_search(&p).ok();
    let mut forced_d = 0.0;
    for &(p, place) in &rows.extras().force {
        let Some(k) = pupil_k(p) else { continue };
        let choice = match place {
            None => None,
            Some(t) => match rows.options(k).iter().position(|o| o.target == t) {
                Some(j) => Some(j),
                None => return Ok(None),
            },
        };
        forced_d += reduced(k, choice).max(0.0);
    }
    // How far a plan of value `v` lies above the bound, beyond the MIP gap;
    // the 1e-9 covers floating-point sums.
    let excess = |v: f64| v - lp.bound - forced_d - settings.mip_rel_gap * v.abs();
    let tolerance = |v: f64| 1e-9 * v.abs().max(1.0);
    let need = |v: f64| excess(v).max(0.0) + tolerance(v);
    // The start reaches the bound: nothing can beat it, however many options
    // share its reduced costs (a degenerate LP face).
    if excess(ub) <= tolerance(ub) {
        return Ok(Some((start.clone(), Status::Optimal, 0.0)));
    }
    let tau = need(ub);
    let allowed: Vec<Vec<bool>> = (0..rows.pupils().len())
        .map(|k| {
            (0..rows.options(k).len())
                .map(|j| lp.reduced[k][j] <= tau || plan[k] == Some(j))
                .collect()
        })
        .collect();
    let unplaced: Vec<bool> = (0..rows.pupils().len())
        .map(|k| lp.unplaced_reduced[k].is_some_and(|d| d <= tau) || plan[k].is_none())
        .collect();
    let only_the_start = (0..rows.pupils().len()).all(|k| {
        unplaced[k] == plan[k].is_none()
            && allowed[k]
                .iter()
                .enumerate()
                .all(|(j, &a)| a == (plan[k] == Some(j)))
    });
    if only_the_start {
        return Ok(Some((start.clone(), Status::Optimal, 0.0)));
    }
    let program = rows.program(Shape {
        relax: false,
        allowed: Some(&allowed),
        unplaced: Some(&unplaced),
    });
    let warm = program.map.columns(rows.scenario(), start);
    let cols = match backend::run(&program, settings, Some(&warm)) {
        Ok(c) => c,
        Err(SolveError::Infeasible) => return Ok(None), // HiGHS rejected the start's rows
        Err(e) => return Err(e),
    };
    let a = read(rows, &program.map, &cols.values);
    if cols.status != Status::Optimal {
        return Ok(Some((a, cols.status, cols.mip_gap)));
    }
    // The proof, checked rather than assumed: HiGHS keeps to within its
    // tolerances of the start's value, so this holds unless it misbehaves.
    let plan = super::rounding::plan_of(&program.map, &cols.values);
    let Some(value) = super::rounding::objective(rows, &plan) else {
        return Ok(None);
    };
    let least_left_out = (0..rows.pupils().len())
        .flat_map(|k| {
            let (allowed, unplaced) = (&allowed, &unplaced);
            let u = (!unplaced[k]).then(|| lp.unplaced_reduced[k]).flatten();
            (0..rows.options(k).len())
                .filter(move |&j| !allowed[k][j])
                .map(move |j| lp.reduced[k][j])
                .chain(u)
        })
        .fold(f64::INFINITY, f64::min);
    Ok((least_left_out > need(value)).then_some((a, Status::Optimal, cols.mip_gap)))
}

/// The least positive reduced cost (0 if there is none).
#[cfg(feature = "highs")]
fn least_positive(reduced: &[Vec<f64>]) -> f64 {
    (reduced.iter().flatten().copied())
        .filter(|&d| d > 1e-9)
        .min_by(f64::total_cmp)
        .unwrap_or(0.0)
}

/// The assignment of a plan (one choice per pupil of `rows`).
#[cfg(feature = "highs")]
fn assignment(rows: &Rows, plan: &super::rounding::Plan) -> Assignment {
    let mut a = vec![None; rows.scenario().pupils.len()];
    for (k, choice) in plan.iter().enumerate() {
        a[rows.pupils()[k] as usize] = choice.map(|j| rows.options(k)[j].target);
    }
    a
}

/// The whole MIP, warm-started if a start is given.
pub(super) fn whole(
    rows: &Rows,
    settings: &SolveSettings,
    start: Option<&Assignment>,
) -> Result<Part, SolveError> {
    let program = rows.program(Shape::default());
    settings
        .progress
        .step(rows.pupils().len(), Stage::Searching, None, None);
    let warm = start.map(|a| program.map.columns(rows.scenario(), a));
    let cols = backend::run(&program, settings, warm.as_deref())?;
    Ok((
        read(rows, &program.map, &cols.values),
        cols.status,
        cols.mip_gap,
    ))
}

fn read(rows: &Rows, map: &VarMap, cols: &[f64]) -> Assignment {
    let mut a = vec![None; rows.scenario().pupils.len()];
    map.read(cols, &mut a);
    a
}
