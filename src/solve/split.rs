//! A restricted MIP in independent parts, solved side by side.
//!
//! Shrunk (shrink.rs), the restricted MIPs of large rounds fall apart: on
//! 50,000 × 2,000 (seed 7) the proving MIP's 46,712 rows form 948
//! components, two of them large (29,277 and 16,109 rows). HiGHS solves a MIP
//! on one thread (fap fixes that, for the same plans whatever runs beside
//! it), and its root (LP, cut rounds, analytic centre) grows faster than the
//! program. So each component of at least [`MIN_PART_ROWS`] rows becomes a
//! MIP of its own, the small ones go together into one more, and the parts
//! are solved on the caller's rayon pool; the plan is read back in column
//! order, the same whatever the thread count.
//!
//! The gap stays the whole program's. Each part carries the rest of the plan
//! as one fixed column (the other parts' value at the warm start), so its
//! relative gap is taken on the whole objective's scale. The parts' lower
//! bounds are then summed and the whole program's gap checked. Parts mostly
//! close their gap at the root; where the gaps left add up to more than the
//! whole's, those parts are solved again at `1/m` of the gap each (`m`
//! parts), from the plan found, and should even that not hold, the program
//! is solved whole after all.

use super::backend::{self, Columns};
use super::{Deadline, SolveError, SolveSettings, Status};
use crate::model::build::Program;
use rayon::prelude::*;

/// Rows a component needs to be solved as a MIP of its own.
const MIN_PART_ROWS: usize = 1_000;

/// Solves `program` as [`backend::run`] does, in parts when it has two or
/// more components of [`MIN_PART_ROWS`] rows.
pub(super) fn run(
    program: &Program,
    settings: &SolveSettings,
    warm: Option<&[f64]>,
) -> Result<Columns, SolveError> {
    run_with(program, settings, warm, MIN_PART_ROWS, &backend::run)
}

/// How a program (a part, or the whole) is solved: [`backend::run`].
pub(super) type Solver<'a> =
    dyn Fn(&Program, &SolveSettings, Option<&[f64]>) -> Result<Columns, SolveError> + Sync + 'a;

/// [`run`] with parts of at least `min_rows` rows, each solved by `mip`
/// (tests split at every component, and stand in for HiGHS to steer the gaps).
pub(super) fn run_with(
    program: &Program,
    settings: &SolveSettings,
    warm: Option<&[f64]>,
    min_rows: usize,
    mip: &Solver<'_>,
) -> Result<Columns, SolveError> {
    let parts = parts(program, min_rows);
    if parts.len() < 2 {
        return mip(program, settings, warm);
    }
    let deadline = Deadline::after(settings.time_limit);
    let cost = &program.cols.cost;
    // Solves parts `which` at relative gap `gap`, each from `start` (a value
    // per column of `program`), its objective carrying the rest of `start`.
    let solve = |which: &[usize], gap: f64, start: Option<&[f64]>| {
        let whole = start.map_or(0.0, |w| program.cols.objective(w));
        (which.par_iter())
            .map(|&i| {
                let part = &parts[i];
                let rest = start.map_or(0.0, |w| whole - part.value(cost, w));
                let settings = SolveSettings {
                    mip_rel_gap: gap,
                    time_limit: deadline.left(),
                    ..settings.clone()
                };
                let warm = start.map(|w| Program::sub_start(&part.cols, w));
                let cols = mip(&part.program(program, rest), &settings, warm.as_deref())?;
                Ok((cols, rest))
            })
            .collect::<Result<Vec<_>, SolveError>>()
    };
    let all: Vec<usize> = (0..parts.len()).collect();
    let mut solved = solve(&all, settings.mip_rel_gap, warm)?;
    let (mut plan, mut within) = combine(program, &parts, &solved, settings.mip_rel_gap);
    if plan.status == Status::Optimal && !within {
        // The parts' gaps add up to more than the whole's: solve again the
        // parts left with one, each at 1/m of the gap, from the plan found.
        let open: Vec<usize> = (0..parts.len())
            .filter(|&i| {
                let (cols, rest) = &solved[i];
                let objective = parts[i].value(cost, &plan.values) + rest;
                objective - cols.bound > 1e-9 * objective.abs().max(1.0)
            })
            .collect();
        let again = solve(
            &open,
            settings.mip_rel_gap / parts.len() as f64,
            Some(&plan.values),
        )?;
        for (i, s) in open.into_iter().zip(again) {
            solved[i] = s;
        }
        (plan, within) = combine(program, &parts, &solved, settings.mip_rel_gap);
        if plan.status == Status::Optimal && !within {
            return mip(program, settings, warm);
        }
    }
    Ok(plan)
}

/// The plan of the solved parts (each with the cost of the rest it carried),
/// with the sum of their bounds; and is its gap within `gap` of the whole's?
fn combine(
    program: &Program,
    parts: &[Part],
    solved: &[(Columns, f64)],
    gap: f64,
) -> (Columns, bool) {
    let mut values = vec![0.0; program.cols.len()];
    let (mut bound, mut status) = (0.0, Status::Optimal);
    for (part, (cols, rest)) in parts.iter().zip(solved) {
        for (&j, &v) in part.cols.iter().zip(&cols.values) {
            values[j] = v;
        }
        bound += cols.bound - rest;
        if cols.status != Status::Optimal {
            status = cols.status;
        }
    }
    let objective = program.cols.objective(&values);
    let open = (objective - bound).max(0.0);
    let within = open <= (gap * objective.abs()).max(1e-6);
    let mip_gap = if within {
        0.0
    } else {
        open / objective.abs().max(1e-9)
    };
    (
        Columns {
            values,
            status,
            mip_gap,
            bound,
        },
        within,
    )
}

/// One part: its rows and columns in `program`, ascending.
#[derive(Debug, PartialEq)]
pub(super) struct Part {
    /// Its rows in the whole program.
    rows: Vec<usize>,
    /// Its columns in the whole program (every column of its rows).
    cols: Vec<usize>,
}

impl Part {
    /// Its columns' share of the objective at `values` (a value per column of the whole).
    fn value(&self, cost: &[f64], values: &[f64]) -> f64 {
        self.cols.iter().map(|&j| cost[j] * values[j]).sum()
    }

    /// The part as a program of its own, with `rest` as the cost of one more
    /// column fixed at 1.
    fn program(&self, whole: &Program, rest: f64) -> Program {
        let rows: Vec<_> = self.rows.iter().map(|&r| (r, whole.rows[r])).collect();
        whole.sub_program(&rows, &self.cols, rest)
    }
}

/// The parts of `program`: each component (rows joined by a column) of at
/// least `min_rows` rows, ordered by its first row, then the rest together;
/// columns without rows go to the first part. One part when nothing splits.
pub(super) fn parts(program: &Program, min_rows: usize) -> Vec<Part> {
    let n = program.rows.len();
    let mut root: Vec<usize> = (0..n).collect();
    for j in 0..program.cols.len() {
        let mut rows = program.cols.entries(j).map(|(r, _)| r as usize);
        if let Some(first) = rows.next() {
            for r in rows {
                let (a, b) = (find(&mut root, first), find(&mut root, r));
                root[a.max(b)] = a.min(b); // the smaller row leads
            }
        }
    }
    let mut size = vec![0usize; n];
    for r in 0..n {
        let top = find(&mut root, r);
        size[top] += 1;
    }
    // Part of each leading row: its own if large (in row order), else the rest's.
    let mut part_of = vec![usize::MAX; n];
    let mut count = 0;
    for r in (0..n).filter(|&r| root[r] == r && size[r] >= min_rows) {
        part_of[r] = count;
        count += 1;
    }
    let rest = count;
    let mut parts: Vec<Part> = (0..=rest)
        .map(|_| Part {
            rows: Vec::new(),
            cols: Vec::new(),
        })
        .collect();
    let of_row = |r: usize, root: &mut Vec<usize>| {
        let p = part_of[find(root, r)];
        if p == usize::MAX {
            rest
        } else {
            p
        }
    };
    for r in 0..n {
        let p = of_row(r, &mut root);
        parts[p].rows.push(r);
    }
    for j in 0..program.cols.len() {
        let p = program
            .cols
            .entries(j)
            .next()
            .map_or(0, |(r, _)| of_row(r as usize, &mut root));
        parts[p].cols.push(j);
    }
    parts.retain(|p| !(p.rows.is_empty() && p.cols.is_empty()));
    parts
}

/// The leading row of `r`'s component, halving paths on the way.
fn find(root: &mut [usize], mut r: usize) -> usize {
    while root[r] != r {
        root[r] = root[root[r]];
        r = root[r];
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::build::{Cols, RowBounds, VarMap};

    /// Two independent rows `x0 + x1 = 1` and `x2 + x3 = 1`.
    fn two_rows() -> Program {
        let mut cols = Cols::default();
        for (j, cost) in [10.0, 20.0, 30.0, 40.0].into_iter().enumerate() {
            cols.push(cost, 0.0, 1.0, true, &[((j / 2) as u32, 1.0)]);
        }
        Program {
            rows: vec![
                RowBounds {
                    lower: 1.0,
                    upper: 1.0
                };
                2
            ],
            map: VarMap::columns_only(cols.len()),
            cols,
        }
    }

    #[test]
    fn each_component_is_a_part_and_small_ones_go_together() {
        let p = two_rows();
        let rows_cols = |parts: Vec<Part>| -> Vec<(Vec<usize>, Vec<usize>)> {
            parts.into_iter().map(|p| (p.rows, p.cols)).collect()
        };
        let apart = vec![(vec![0], vec![0, 1]), (vec![1], vec![2, 3])];
        assert_eq!(rows_cols(parts(&p, 1)), apart);
        assert_eq!(
            rows_cols(parts(&p, 2)),
            vec![(vec![0, 1], vec![0, 1, 2, 3])]
        );
    }

    /// The parts' gaps add up: each within the gap alone, not together.
    #[test]
    fn the_whole_gap_is_the_sum_of_the_parts() {
        let p = two_rows();
        let parts = parts(&p, 1);
        // Plan x0 = x2 = 1 (objective 40); each part carries the other's 10 or 30.
        let part = |values: Vec<f64>, bound: f64| Columns {
            values,
            status: Status::Optimal,
            mip_gap: 0.0,
            bound,
        };
        let solved = |slack: f64| {
            vec![
                (part(vec![1.0, 0.0, 1.0], 40.0 - slack), 30.0),
                (part(vec![1.0, 0.0, 1.0], 40.0 - slack), 10.0),
            ]
        };
        let (plan, within) = combine(&p, &parts, &solved(0.3), 0.02);
        assert_eq!(plan.values, vec![1.0, 0.0, 1.0, 0.0]);
        assert!((plan.bound - 39.4).abs() < 1e-12 && within && plan.mip_gap == 0.0);
        // Each part's gap, 0.3 / 40, is within 0.01 alone; together 0.6 / 40 is not.
        let (plan, within) = combine(&p, &parts, &solved(0.3), 0.01);
        assert!(!within && (plan.mip_gap - 0.6 / 40.0).abs() < 1e-12);
    }

    /// A solver that finds the optimum but reports a bound `slack(gap)` of
    /// the objective below it (as HiGHS may, stopping within `gap`), and
    /// records each call: (parts in the program, gap asked, warm started?).
    struct Loose {
        slack: fn(f64) -> f64,
        calls: std::sync::Mutex<Vec<(usize, f64, bool)>>,
    }

    impl Loose {
        fn new(slack: fn(f64) -> f64) -> Loose {
            let calls = Default::default();
            Loose { slack, calls }
        }

        fn run(&self, p: &Program, settings: &SolveSettings, warm: Option<&[f64]>) -> Columns {
            let mut cols = backend::run(p, &exact_at(0.0), warm).expect("a plan");
            let objective = p.cols.objective(&cols.values);
            cols.bound = objective - (self.slack)(settings.mip_rel_gap) * objective.abs();
            let call = (parts(p, 1).len(), settings.mip_rel_gap, warm.is_some());
            self.calls.lock().expect("no panic").push(call);
            cols
        }

        /// Solves `p` from `start` at gap 0.02, split at every component.
        fn split(&self, p: &Program, start: &[f64]) -> Columns {
            let mip = |p: &Program, s: &SolveSettings, w: Option<&[f64]>| Ok(self.run(p, s, w));
            run_with(p, &exact_at(0.02), Some(start), 1, &mip).expect("a plan")
        }

        fn calls(&self) -> Vec<(usize, f64, bool)> {
            self.calls.lock().expect("no panic").clone()
        }
    }

    /// Each part stops at 0.9 of the gap, on the whole's scale (it carries
    /// the rest of the start): together 1.8 of it, so both are solved again
    /// at half the gap, from the plan found, and then the whole is within.
    #[test]
    fn parts_whose_gaps_add_up_are_solved_again_at_a_share_of_the_gap() {
        let (p, start) = (two_rows(), [1.0, 0.0, 1.0, 0.0]);
        let mip = Loose::new(|gap| 0.9 * gap);
        let plan = mip.split(&p, &start);
        assert_eq!(plan.values, start);
        assert!(
            (plan.bound - 40.0 * (1.0 - 0.9 * 0.02)).abs() < 1e-9,
            "{}",
            plan.bound
        );
        assert_eq!(plan.mip_gap, 0.0);
        // (parts in the program solved, gap, warm): two parts, then both again.
        let calls = mip.calls();
        assert_eq!(
            calls,
            [
                (1, 0.02, true),
                (1, 0.02, true),
                (1, 0.01, true),
                (1, 0.01, true)
            ]
        );
    }

    /// Parts that stay at 0.9 of the whole gap whatever they are asked: after
    /// the second round the program is solved whole, from the caller's start.
    #[test]
    fn parts_that_stay_apart_from_the_gap_leave_it_to_the_whole() {
        let (p, start) = (two_rows(), [1.0, 0.0, 1.0, 0.0]);
        let mip = Loose::new(|_| 0.9 * 0.02);
        let plan = mip.split(&p, &start);
        assert_eq!(plan.values, start);
        let calls = mip.calls();
        assert_eq!(calls.len(), 5, "{calls:?}");
        assert_eq!(calls[4], (2, 0.02, true), "the last call solves the whole");
    }

    fn exact_at(gap: f64) -> SolveSettings {
        SolveSettings {
            mip_rel_gap: gap,
            ..SolveSettings::default()
        }
    }
}
