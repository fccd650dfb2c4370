//! A restricted MIP without the pupils it leaves one choice.
//!
//! The reduced-cost restriction (component.rs) leaves most pupils of a large
//! component one column: their own row `Σ x + u = 1` fixes it to 1. HiGHS
//! without presolve still carries those columns and every row they touch
//! through each LP of its root cut rounds, which is where a 50,000-pupil
//! restricted MIP spends its time; HiGHS's presolve removes them and more,
//! but its other reductions cost seconds there (docs/performance.md). So the
//! columns fixed by their pupil's row are taken out here, their entries moved
//! into the row bounds, rows that no other column touches dropped (checked to
//! hold), and their cost kept as one fixed column, so that HiGHS's objective,
//! and the relative gap it applies to it, stay the program's. Exact: the
//! solution is the same program's, read back with the fixed columns at 1.

use super::backend::Columns;
use super::{SolveError, SolveSettings};
use crate::model::build::{Program, RowBounds, VarMap};

/// Solves `program` as [`backend::run`] does, with the columns that a
/// pupil's row fixes taken out first; the values are of every column.
pub(super) fn run(
    program: &Program,
    settings: &SolveSettings,
    warm: Option<&[f64]>,
) -> Result<Columns, SolveError> {
    let fixed = fixed_columns(&program.map);
    let (small, kept) = without(program, &fixed)?;
    let warm = warm.map(|w| Program::sub_start(&kept, w));
    let solved = super::split::run(&small, settings, warm.as_deref())?;
    let mut values: Vec<f64> = fixed.iter().map(|&f| if f { 1.0 } else { 0.0 }).collect();
    for (&j, &v) in kept.iter().zip(&solved.values) {
        values[j] = v;
    }
    Ok(Columns { values, ..solved })
}

/// Per column: is it the only column of its pupil (so 1 in every plan)?
fn fixed_columns(map: &VarMap) -> Vec<bool> {
    let mut fixed = vec![false; map.n_vars];
    for (xs, u) in map.x.iter().zip(&map.u) {
        match (xs.as_slice(), u) {
            ([only], None) => fixed[only.col] = true,
            ([], Some(u)) => fixed[*u] = true,
            _ => {}
        }
    }
    fixed
}

/// The program without the `fixed` columns (at 1) and the rows only they
/// touch, plus one fixed column holding their cost; and the kept columns'
/// indices in `program`. `Infeasible` when the fixed columns alone break a
/// row they leave empty.
fn without(program: &Program, fixed: &[bool]) -> Result<(Program, Vec<usize>), SolveError> {
    let c = &program.cols;
    let n_rows = program.rows.len();
    let (mut activity, mut used, mut constant) = (vec![0.0; n_rows], vec![false; n_rows], 0.0);
    for (j, &fixed) in fixed.iter().enumerate() {
        for (r, a) in c.entries(j) {
            if fixed {
                activity[r as usize] += a;
            } else {
                used[r as usize] = true;
            }
        }
        if fixed {
            constant += c.cost[j];
        }
    }
    let mut rows = Vec::new();
    for (r, b) in program.rows.iter().enumerate() {
        let shifted = RowBounds {
            lower: b.lower - activity[r],
            upper: b.upper - activity[r],
        };
        if used[r] {
            rows.push((r, shifted));
        } else if shifted.lower > 1e-9 || shifted.upper < -1e-9 {
            return Err(SolveError::Infeasible);
        }
    }
    let kept: Vec<usize> = (0..c.len()).filter(|&j| !fixed[j]).collect();
    Ok((program.sub_program(&rows, &kept, constant), kept))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::build::{Extras, Rows, Shape};
    use crate::model::options::FairShares;
    use crate::model::Options;
    use crate::solve::backend;
    use crate::solve::tests::{exact, random_scenario};
    use rand::{Rng, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    /// Does `values` satisfy every row and bound of `program`?
    fn fits(program: &Program, values: &[f64]) -> bool {
        let c = &program.cols;
        let mut act = vec![0.0; program.rows.len()];
        for (j, &v) in values.iter().enumerate() {
            if v < c.lower[j] - 1e-6 || v > c.upper[j] + 1e-6 {
                return false;
            }
            for (r, a) in c.entries(j) {
                act[r as usize] += a * v;
            }
        }
        let b = &program.rows;
        (0..b.len()).all(|r| act[r] >= b[r].lower - 1e-6 && act[r] <= b[r].upper + 1e-6)
    }

    /// Random restrictions of random rounds: the shrunk MIP, and the MIP
    /// solved in parts at every component (split.rs), find a plan of the
    /// whole program exactly as good as the plain MIP's (or all find none),
    /// warm-started or not; most of them shrink, and most split.
    #[test]
    fn shrinking_and_splitting_keep_the_optimum_of_restricted_mips() {
        let split = |p: &Program, w: Option<&[f64]>| {
            super::super::split::run_with(p, &exact(), w, 1, &backend::run)
        };
        let shrink = |p: &Program, w: Option<&[f64]>| run(p, &exact(), w);
        let (mut shrunk, mut parted, mut solved) = (0, 0, 0);
        for seed in 0..150 {
            let sc = random_scenario(seed);
            let (opts, shares) = (Options::generate(&sc), FairShares::compute(&sc));
            let pupils: Vec<u32> = (0..sc.pupils.len() as u32).collect();
            let extras = Extras::default();
            let rows = Rows::new(&sc, &opts, &shares, &pupils, &extras).expect("no extras");
            let mut r = ChaCha8Rng::seed_from_u64(seed);
            let allowed: Vec<Vec<bool>> = (0..pupils.len())
                .map(|k| {
                    (0..rows.options(k).len())
                        .map(|_| r.gen_bool(0.4))
                        .collect()
                })
                .collect();
            let unplaced: Vec<bool> = (0..pupils.len())
                .map(|k| r.gen_bool(0.5) || !allowed[k].contains(&true))
                .collect();
            let program = rows.program(Shape {
                relax: false,
                allowed: Some(&allowed),
                unplaced: Some(&unplaced),
            });
            shrunk += usize::from(fixed_columns(&program.map).contains(&true));
            parted += usize::from(super::super::split::parts(&program, 1).len() > 1);
            let plain = backend::run(&program, &exact(), None);
            for (how, solve) in [("shrunk", &shrink as &dyn Fn(_, _) -> _), ("split", &split)] {
                match (&plain, solve(&program, None)) {
                    (Err(SolveError::Infeasible), Err(SolveError::Infeasible)) => {}
                    (Ok(a), Ok(b)) => {
                        solved += 1;
                        assert!(
                            fits(&program, &b.values),
                            "seed {seed}, {how}: a row broken"
                        );
                        let value = |v: &[f64]| {
                            let plan = crate::solve::rounding::plan_of(&program.map, v);
                            crate::solve::rounding::objective(&rows, &plan).expect("a plan")
                        };
                        let va = value(&a.values);
                        let warm = solve(&program, Some(&a.values)).expect("the start fits");
                        for vb in [value(&b.values), value(&warm.values)] {
                            assert!(
                                (va - vb).abs() <= 1e-9 * va.abs().max(1.0),
                                "seed {seed}, {how}: {va} ≠ {vb}"
                            );
                        }
                        // With a wide gap the parts' gaps add up: still within the whole's.
                        let wide = SolveSettings {
                            mip_rel_gap: 0.05,
                            ..exact()
                        };
                        let loose =
                            super::super::split::run_with(&program, &wide, None, 1, &backend::run);
                        let vl = value(&loose.expect("a plan").values);
                        assert!(
                            vl - va <= 0.05 * vl.abs() + 1e-6,
                            "seed {seed}: {vl} vs {va}"
                        );
                    }
                    (a, b) => panic!(
                        "seed {seed}: plain {:?}, {how} {:?}",
                        a.as_ref().err(),
                        b.err()
                    ),
                }
            }
        }
        assert!(
            solved >= 100 && shrunk >= 50 && parted >= 50,
            "{solved} solved, {shrunk} shrunk, {parted} split"
        );
    }
}
