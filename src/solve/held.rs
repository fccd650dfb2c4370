//! A group's LP relaxation held in one HiGHS instance across a batch of
//! re-solves (decision support), searched by a small branch and bound: each
//! re-solve changes a few column bounds (a forced placement, or one more
//! place), and the dual simplex goes on from the last basis, a handful of
//! iterations per node instead of a MIP built from nothing.
//!
//! Exact: every node's bound is the Lagrangian bound of its row duals with
//! the node's column bounds ([`Dual`]), which holds whatever the LP solver's
//! tolerances; a node closes when that bound reaches the best plan (less the
//! MIP gap, the criterion HiGHS applies to its own search) or when its LP
//! optimum is an integral plan at its bound; plans are valued exactly
//! (`rounding::objective_within`). The held LP has every option of its group
//! (so an infeasible node has no plan), the load cuts of the group's LP
//! (valid for every plan, forced or with one more place: they bound `e` by
//! the loads alone; without them most roots are fractional and a search
//! took about 8 nodes, with them about 1), every `u`, `o`, `v`, `e`, and one
//! slack column per extra place of the batch (−1 in the place's capacity
//! rows: one more place there), fixed at 0 until its re-solve. An extra
//! place may also create options (an in-year pupil shut out of a year group
//! with no free place has it as an option with one): the held LP has those
//! too, as columns fixed at 0 except in that place's re-solve, and its rows
//! are decided from all of them (a row that cannot bind does no harm). A
//! node whose LP optimum is fractional first gets the load cuts it violates
//! (separate.rs; valid inequalities, so they stay for the whole batch) and
//! is solved again: most fractional points are weight-2 pupils split between
//! two schools, which the cuts remove, so most searches end at the root. Where
//! the search gives up (too many nodes, a time limit), the re-solve goes on
//! as before, now with the root LP's tighter bound and its plan, if
//! integral, as the start (component.rs, `within_start`).
//!
//! Each re-solve restores the bounds it changed. A batch is a fixed slice of
//! the requests, so the sequence of solves an instance sees, and so every
//! result, is the same whatever the number of threads.

mod places;

use super::backend::Lp;
use super::lagrange::Dual;
use super::rounding::objective_within;
use super::{Deadline, SolveError, SolveSettings, Status};
use crate::model::build::{Extras, LoadCuts, Rows, Shape, VarMap};
use crate::model::options::FairShares;
use crate::model::{Assignment, Options};
use crate::scenario::{PupilIdx, Scenario, Target, YearGroup};
use places::capacity_rows;

/// The most options a held LP takes (all of its group's): past that,
/// loading one per batch costs more than the MIPs it saves.
const MAX_OPTIONS: usize = 20_000;

/// No extras: the held LP is the group's program as it is.
static NO_EXTRAS: Extras = Extras {
    cuts: Vec::new(),
    min_diff: 0,
    force: Vec::new(),
};

/// One more place in a held LP: where, and in which year group.
pub type Place = (Target, Option<YearGroup>);

/// An extra place's columns: its slack, and the options it creates.
struct Slack {
    place: Place,
    col: usize,
    opens: Vec<usize>,
}

/// A group's LP relaxation in one HiGHS instance.
pub struct HeldLp<'a> {
    rows: Rows<'a>,
    lp: Lp,
    map: VarMap,
    base: &'a Assignment,
    /// Slack columns of the extra places, in the order given.
    slacks: Vec<Slack>,
    /// The columns of options that only an extra place creates (fixed at 0
    /// but in that place's re-solve), ascending.
    created: Vec<usize>,
    /// The held bounds of each column.
    defaults: Vec<(f64, f64)>,
    /// What each column stands for.
    owner: Vec<Owner>,
    /// When the settings' time limit, counted from loading, runs out: each
    /// node's LP gets the time left.
    deadline: Deadline,
    /// The dual of the LP without any change, and the rows it had.
    unchanged: Option<(Dual, usize)>,
}

impl<'a> HeldLp<'a> {
    /// Loads the LP of group `pupils` around `base` with every option of
    /// `opts`, and a slack column for each extra place of `places`; the
    /// options of `opts` that `plain` (the scenario's own) lacks are those
    /// the places create. `None` past [`MAX_OPTIONS`].
    #[allow(clippy::too_many_arguments)]
    pub(super) fn new(
        sc: &'a Scenario,
        (opts, plain): (&'a Options, &Options),
        shares: &FairShares,
        pupils: &[PupilIdx],
        cuts: &LoadCuts,
        base: &'a Assignment,
        places: &[Place],
        settings: &SolveSettings,
    ) -> Option<HeldLp<'a>> {
        let mut rows = Rows::new(sc, opts, shares, pupils, &NO_EXTRAS)?;
        rows.add_load_cuts(cuts);
        let options = rows.option_count();
        if options > MAX_OPTIONS {
            return None;
        }
        let mut program = rows.program(Shape {
            relax: true,
            allowed: None,
            unplaced: None,
        });
        let mut slacks = Vec::new();
        for &place in places {
            let entries: Vec<(u32, f64)> = capacity_rows(&rows, place)
                .into_iter()
                .map(|r| (r, -1.0))
                .collect();
            let col = program.cols.len();
            slacks.push(Slack {
                place,
                col,
                opens: Vec::new(),
            });
            program.cols.push(0.0, 0.0, 0.0, false, &entries);
        }
        let mut created = Vec::new();
        for (k, xs) in program.map.x.iter().enumerate() {
            let (pi, year) = (pupils[k], rows.pupil(k).year);
            for x in xs.iter().filter(|x| plain.find(pi, x.target).is_none()) {
                created.push(x.col);
                program.cols.upper[x.col] = 0.0;
                let mine =
                    |s: &&mut Slack| s.place.0 == x.target && s.place.1.is_none_or(|y| y == year);
                if let Some(s) = slacks.iter_mut().find(mine) {
                    s.opens.push(x.col);
                }
            }
        }
        let lp = Lp::with_bounds(&program, settings);
        let mut owner = vec![Owner::Other; program.cols.len()];
        for (k, xs) in program.map.x.iter().enumerate() {
            xs.iter().for_each(|x| owner[x.col] = Owner::Option(k, x.j));
            if let Some(c) = program.map.u[k] {
                owner[c] = Owner::Unplaced(k);
            }
        }
        slacks
            .iter()
            .for_each(|s| owner[s.col] = Owner::Slack(s.place));
        let c = &program.cols;
        Some(HeldLp {
            rows,
            lp,
            defaults: c
                .lower
                .iter()
                .copied()
                .zip(c.upper.iter().copied())
                .collect(),
            owner,
            map: program.map,
            base,
            slacks,
            created,
            deadline: Deadline::after(settings.time_limit),
            unchanged: None,
        })
    }

    /// `pupil` forced to `place`, searched from `start` (a plan with the
    /// pupil there); `None` when the held LP cannot tell.
    pub fn forced(
        &mut self,
        pupil: PupilIdx,
        place: Option<Target>,
        start: Option<&Assignment>,
        gap: f64,
    ) -> Result<Option<Searched>, SolveError> {
        let Ok(k) = self.rows.pupils().binary_search(&pupil) else {
            return Ok(None);
        };
        let Some(col) = self.map.col_of(k, place) else {
            return Ok(None);
        };
        self.search(vec![(col, 1.0, 1.0)], &[], start, gap, true)
    }

    /// The rows of the group's program without extras.
    pub(super) fn rows(&self) -> &Rows<'a> {
        &self.rows
    }

    /// Depth-first branch and bound with the column bounds `root` on top of
    /// the held LP's, from the plan `start` (which must satisfy them); when
    /// `deep` is false only the root is solved. Plans are valued with the row
    /// bounds `bounds` (the held rows', a capacity row raised by one place). Every node's bound is the
    /// Lagrangian one of its duals with the node's column bounds ([`Dual`]
    /// covers every option, held or not); a node closes when its bound
    /// reaches the best plan (less the MIP gap), or when its LP optimum is an
    /// integral plan at its bound. The search gives up (no `optimal`) past
    /// [`NODES`] nodes, on a time limit, or at an integral plan above its
    /// bound (an option left out of the held LP prices out).
    fn search(
        &mut self,
        root: Vec<Fix>,
        raise: &[u32],
        start: Option<&Assignment>,
        gap: f64,
        deep: bool,
    ) -> Result<Option<Searched>, SolveError> {
        let tol = |v: f64| tolerance(gap, v);
        let mut best = start
            .and_then(|a| self.choices_of(a))
            .and_then(|p| self.value(raise, &p).map(|v| (p, v)));
        let mut stack = vec![(root, 0)];
        let mut cut_rounds = 0;
        let mut first: Option<(Dual, Option<Choices>)> = None;
        let mut nodes = 0;
        let mut gave_up = false;
        while let Some((fixes, depth)) = stack.pop() {
            nodes += 1;
            let is_root = first.is_none();
            let (dual, values) = match self.solve_node(&fixes)? {
                Node::Solved(dual, values) => (dual, values),
                // No plan below this node (every option is held).
                Node::Infeasible if !is_root && deep => continue,
                Node::Infeasible | Node::Unknown if is_root => return Ok(None),
                _ => {
                    gave_up = true;
                    break;
                }
            };
            let bound = dual.bound + self.correction(&dual, &fixes);
            let plan = choices(&self.map, &values);
            if depth == 0 {
                first = Some((dual, plan.clone()));
            }
            if !deep || nodes > NODES {
                break;
            }
            if best.as_ref().is_some_and(|b| bound >= b.1 - tol(b.1)) {
                continue;
            }
            match plan {
                Some(p) => match self.value(raise, &p) {
                    Some(v) if v <= bound + tol(v) => {
                        if best.as_ref().is_none_or(|b| v < b.1) {
                            best = Some((p, v));
                        }
                    }
                    _ => {
                        gave_up = true;
                        break;
                    }
                },
                None if cut_rounds < CUT_ROUNDS && self.cut(&values)? > 0 => {
                    cut_rounds += 1;
                    stack.push((fixes, depth));
                }
                None => {
                    let col = branch_column(&self.map, &values);
                    let mut down = fixes.clone();
                    down.push((col, 0.0, 0.0));
                    let mut up = fixes;
                    up.push((col, 1.0, 1.0));
                    stack.push((down, depth + 1));
                    stack.push((up, depth + 1));
                }
            }
        }
        let Some((root, root_plan)) = first else {
            return Ok(None);
        };
        let done = deep && !gave_up && stack.is_empty() && nodes <= NODES;
        Ok(Some(Searched {
            root,
            root_plan: root_plan.map(|p| self.assignment(&p)),
            optimal: best.filter(|_| done).map(|(p, _)| self.assignment(&p)),
        }))
    }

    /// The program objective of `plan` with the rows `raise` one place
    /// larger, if it fits.
    fn value(&self, raise: &[u32], plan: &Choices) -> Option<f64> {
        let mut bounds = self.rows.bounds().to_vec();
        for &r in raise {
            bounds[r as usize].upper += 1.0;
        }
        objective_within(&self.rows, &bounds, plan)
    }

    /// Separates the load cuts that the LP point `values` violates into the
    /// held LP (valid inequalities: they hold for every plan of every
    /// re-solve of the batch, so they stay); how many.
    fn cut(&mut self, values: &[f64]) -> Result<usize, SolveError> {
        super::separate::load_cuts(&mut self.rows, &mut self.lp, &self.map, values, false)
    }

    /// Solves with `fixes` on top of the held bounds, then puts them back.
    fn solve_node(&mut self, fixes: &[Fix]) -> Result<Node, SolveError> {
        for &(col, lo, hi) in fixes {
            self.lp.set_bounds(col, lo, hi)?;
        }
        let solved = self.lp.solve(self.deadline.left());
        for &(col, _, _) in fixes {
            let (lo, hi) = self.defaults[col];
            self.lp.set_bounds(col, lo, hi)?;
        }
        Ok(match solved {
            Ok(sol) if sol.status == Status::Optimal => {
                Node::Solved(Dual::of(&self.rows, &sol.row_duals), sol.values)
            }
            Ok(_) => Node::Unknown,
            Err(SolveError::Infeasible) => Node::Infeasible,
            Err(e) => return Err(e),
        })
    }

    /// What the node's bounds add to the Lagrangian bound of [`Dual::of`],
    /// which takes every option and `u` in `[0, 1]` and no slack: the
    /// created options a node leaves at 0, and its fixes (later fixes of a
    /// column are tighter than earlier ones, which add nothing).
    fn correction(&self, dual: &Dual, fixes: &[Fix]) -> f64 {
        let shut: f64 = (self.created.iter())
            .filter(|&&c| fixes.iter().all(|f| f.0 != c))
            .map(|&c| match self.owner[c] {
                Owner::Option(k, j) => -dual.reduced[k][j].min(0.0),
                _ => 0.0,
            })
            .sum();
        shut + fixes
            .iter()
            .map(|&(col, lo, hi)| match self.owner[col] {
                Owner::Option(k, j) => {
                    let d = dual.reduced[k][j];
                    (d * lo).min(d * hi) - d.min(0.0)
                }
                Owner::Unplaced(k) => {
                    let d = dual.unplaced_reduced[k].unwrap_or(0.0);
                    (d * lo).min(d * hi) - d.min(0.0)
                }
                Owner::Slack(place) => {
                    let d: f64 = capacity_rows(&self.rows, place)
                        .iter()
                        .map(|&r| dual.duals[r as usize])
                        .sum();
                    (d * lo).min(d * hi)
                }
                Owner::Other => 0.0,
            })
            .sum::<f64>()
    }

    /// The choices of a complete assignment for the group, if each is held.
    fn choices_of(&self, a: &Assignment) -> Option<Choices> {
        (0..self.rows.pupils().len())
            .map(|k| match a[self.rows.pupils()[k] as usize] {
                None => Some(None),
                Some(t) => self.map.x[k]
                    .iter()
                    .find(|x| x.target == t)
                    .map(|x| Some(x.j)),
            })
            .collect()
    }

    /// The base plan with the group placed by `plan`.
    fn assignment(&self, plan: &Choices) -> Assignment {
        let mut a = self.base.clone();
        for (k, &p) in self.rows.pupils().iter().enumerate() {
            a[p as usize] = plan[k].map(|j| self.rows.options(k)[j].target);
        }
        a
    }
}

/// A held LP's answer: the root's dual and integral plan, and the optimum of
/// the changed program when the search proved one.
pub struct Searched {
    /// The dual of the root LP (of the rows without the change's columns).
    pub(super) root: Dual,
    /// The root LP's optimum, when integral.
    pub root_plan: Option<Assignment>,
    /// The optimum, when proven (within the MIP gap).
    pub optimal: Option<Assignment>,
}

/// A node's LP.
enum Node {
    /// Its dual and column values.
    Solved(Dual, Vec<f64>),
    /// No plan satisfies the node's bounds.
    Infeasible,
    /// Stopped (time limit).
    Unknown,
}

/// How far above a bound a plan may be and still count as at the bound:
/// the MIP gap, and a little for rounding.
fn tolerance(gap: f64, v: f64) -> f64 {
    gap * v.abs() + 1e-9 * v.abs().max(1.0)
}

/// Nodes a search may visit before it gives the re-solve back to the MIP.
const NODES: usize = 200;

/// Rounds of load cuts a search may add (each re-solves its node).
const CUT_ROUNDS: usize = 5;

/// Column bounds of a node: (column, lower, upper).
type Fix = (usize, f64, f64);

/// One choice per pupil of the group (option index, or unplaced).
type Choices = Vec<Option<usize>>;

/// What a column of a held LP stands for.
#[derive(Debug, Clone, Copy)]
enum Owner {
    Option(usize, usize),
    Unplaced(usize),
    Slack(Place),
    Other,
}

/// The plan of the LP's column values, if integral.
fn choices(map: &VarMap, values: &[f64]) -> Option<Choices> {
    let whole = |c: usize| {
        let v = values[c];
        (v >= 1.0 - 1e-7)
            .then_some(true)
            .or((v <= 1e-7).then_some(false))
    };
    (0..map.x.len())
        .map(|k| {
            let mut at = None;
            for x in &map.x[k] {
                if whole(x.col)? {
                    at = Some(x.j);
                }
            }
            if let Some(u) = map.u[k] {
                whole(u)?;
            }
            Some(at)
        })
        .collect()
}

/// The column to branch on: of the first pupil placed fractionally, its
/// column of largest value (the first of equals).
fn branch_column(map: &VarMap, values: &[f64]) -> usize {
    let frac = |c: &usize| values[*c] > 1e-7 && values[*c] < 1.0 - 1e-7;
    (0..map.x.len())
        .find_map(|k| {
            let cols = map.x[k].iter().map(|x| x.col).chain(map.u[k]);
            let mine: Vec<usize> = cols.filter(frac).collect();
            mine.into_iter()
                .max_by(|a, b| values[*a].total_cmp(&values[*b]).then(b.cmp(a)))
        })
        .expect("a fractional LP optimum places some pupil fractionally")
}
