//! The mixed-integer program of MODEL.md, in column form.
//!
//! A program covers a set of pupils (a whole scenario or one independent
//! component of it, see [`components`]) and is built in two steps, so that
//! its option columns can be chosen freely:
//!
//! 1. [`Rows::new`] decides, from EVERY option of the pupils, which
//!    constraints and which `o`, `v`, `e` variables exist. Only what can matter
//!    is built: a place constraint (2), an above-PAN variable `o` and the
//!    in-year restriction (3) exist only where the pupils who could take a year
//!    group outnumber its free places; a cap constraint (5) only where the FAP
//!    pupils who could go to a school outnumber its remaining cap. Such a
//!    constraint could never bind, so leaving it out keeps the optimum exact.
//! 2. [`Rows::program`] lays out a program with all options, or any subset of
//!    them, as columns. Column generation (`crate::solve`) starts from a few
//!    options per pupil and adds the others to the solved LP as their reduced
//!    costs ([`Rows::reduced_cost`]) turn negative. Because the rows come from
//!    the full option set, a column added later never needs a row that is not
//!    there, and every program built from the same `Rows` has the same rows.
//!
//! Rows and columns are numbered in index order, so the same input always
//! gives the same program.
//!
//! One file per MODEL.md constraint (`places.rs` 2 and 3, `ap.rs` 4, `cap.rs`
//! 5, `fair_share.rs` 6, `cuts.rs` for forced placements and no-good cuts),
//! each adding its rows to [`Rows`]; adding a rule is a new file and one call
//! in [`Rows::new`]. `candidates.rs` counts who could take each place,
//! `program.rs` lays out the columns.

mod ap;
mod candidates;
mod cap;
mod components;
mod cuts;
mod fair_share;
mod load_cut;
mod places;
mod program;

pub use components::components;
pub use load_cut::{LoadCuts, LpPoint};
pub use program::{Cols, OptionCol, Program, Shape, VarMap};

use super::objective::Assignment;
use super::options::{unplaced_cost, FairShares, Opt, Options};
use crate::scenario::{Phase, Pupil, PupilIdx, Scenario, Target, YearGroup, YEAR_GROUPS};
use candidates::Candidates;

/// Extra constraints on top of MODEL.md's program.
#[derive(Debug, Clone, Default)]
pub struct Extras {
    /// Earlier proposals: the plan must differ from each in at least `min_diff` pupils.
    pub cuts: Vec<Assignment>,
    /// See `cuts`.
    pub min_diff: usize,
    /// Pupils forced to a placement (`None`: unplaced).
    pub force: Vec<(PupilIdx, Option<Target>)>,
}

/// Bounds of one row: `lower ≤ Σ a·x ≤ upper` (one side may be infinite).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RowBounds {
    /// Lower bound, or −∞.
    pub lower: f64,
    /// Upper bound, or +∞.
    pub upper: f64,
}

impl RowBounds {
    fn eq(b: f64) -> RowBounds {
        RowBounds { lower: b, upper: b }
    }
    fn le(b: f64) -> RowBounds {
        RowBounds {
            lower: f64::NEG_INFINITY,
            upper: b,
        }
    }
}

/// What an `o`, `v` or `e` column stands for.
#[derive(Debug, Clone, Copy)]
enum AuxKind {
    Above(u32, YearGroup, u32),
    OverCap(u32, Phase, u32),
    OverShare(u32, Phase, f64),
}

/// An `o`, `v` or `e` column: cost, upper bound, integer in the MIP, and its
/// rows with their coefficients (−1, except in load cuts held by a place row).
#[derive(Debug, Clone)]
struct Aux {
    kind: AuxKind,
    cost: f64,
    upper: f64,
    integer: bool,
    rows: Vec<(u32, f64)>,
}

const NO_ROW: u32 = u32::MAX;

/// The rows of a program, decided from every option of its pupils, and the
/// coefficients of any option in them.
#[derive(Debug)]
pub struct Rows<'a> {
    sc: &'a Scenario,
    opts: &'a Options,
    extras: &'a Extras,
    pupils: Vec<PupilIdx>,
    bounds: Vec<RowBounds>,
    /// Constraint 2 row, by `school · YEAR_GROUPS + year`.
    place: Vec<u32>,
    /// Constraint 3 row, same index.
    in_year: Vec<u32>,
    /// Constraint 5 row, by `school · 2 + phase`.
    cap: Vec<u32>,
    /// Constraint 6 row, same index.
    share: Vec<u32>,
    /// Integer-hull cut row and its δ, same index.
    hull: Vec<(u32, f64)>,
    /// Constraint 4 row, by AP provider.
    ap: Vec<u32>,
    /// Per pupil: forced placements and their rows.
    forced: Vec<Vec<(Option<Target>, u32)>>,
    /// Row of each no-good cut, in `extras.cuts` order.
    cuts: Vec<u32>,
    /// Load cuts separated from LP optima (`load_cut.rs`).
    load_cuts: Vec<load_cut::LoadCut>,
    /// Indices into `load_cuts` by `school · 2 + phase`: pricing asks for a
    /// school-phase's cuts once per option.
    load_cuts_by_sg: Vec<Vec<u32>>,
    aux: Vec<Aux>,
}

impl<'a> Rows<'a> {
    /// The rows of the program for `pupils` (sorted indices). `None` when a
    /// forced placement is not an option of its pupil: no plan exists.
    pub fn new(
        sc: &'a Scenario,
        opts: &'a Options,
        shares: &FairShares,
        pupils: &[PupilIdx],
        extras: &'a Extras,
    ) -> Option<Rows<'a>> {
        let mut rows = Rows::empty(sc, opts, pupils, extras);
        let n = Candidates::count(sc, opts, pupils);
        rows.add_places(&n); // constraints 2 and 3
        rows.add_ap_places(&n); // constraint 4
        rows.add_cap(&n); // constraint 5
        rows.add_fair_share(&n, shares); // constraint 6
        rows.add_forced()?;
        rows.add_cuts();
        Some(rows)
    }

    /// Only constraint 1 (one row per pupil, `k` for pupil `k`); no other row yet.
    fn empty(
        sc: &'a Scenario,
        opts: &'a Options,
        pupils: &[PupilIdx],
        extras: &'a Extras,
    ) -> Rows<'a> {
        let n_s = sc.schools.len();
        Rows {
            sc,
            opts,
            extras,
            pupils: pupils.to_vec(),
            bounds: vec![RowBounds::eq(1.0); pupils.len()],
            place: vec![NO_ROW; n_s * YEAR_GROUPS],
            in_year: vec![NO_ROW; n_s * YEAR_GROUPS],
            cap: vec![NO_ROW; n_s * 2],
            share: vec![NO_ROW; n_s * 2],
            hull: vec![(NO_ROW, 0.0); n_s * 2],
            ap: vec![NO_ROW; sc.aps.len()],
            forced: vec![Vec::new(); pupils.len()],
            cuts: Vec::new(),
            load_cuts: Vec::new(),
            load_cuts_by_sg: vec![Vec::new(); n_s * 2],
            aux: Vec::new(),
        }
    }

    fn push_row(&mut self, b: RowBounds) -> u32 {
        self.bounds.push(b);
        (self.bounds.len() - 1) as u32
    }

    /// The scenario.
    pub fn scenario(&self) -> &'a Scenario {
        self.sc
    }

    /// Pupils of the program, sorted.
    pub fn pupils(&self) -> &[PupilIdx] {
        &self.pupils
    }

    /// The extra constraints.
    pub fn extras(&self) -> &'a Extras {
        self.extras
    }

    /// The `k`-th pupil.
    pub fn pupil(&self, k: usize) -> &'a Pupil {
        &self.sc.pupils[self.pupils[k] as usize]
    }

    /// The options of the `k`-th pupil.
    pub fn options(&self, k: usize) -> &'a [Opt] {
        &self.opts.per_pupil[self.pupils[k] as usize]
    }

    /// The options of all its pupils.
    pub fn option_count(&self) -> usize {
        (0..self.pupils.len()).map(|k| self.options(k).len()).sum()
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.bounds.len()
    }

    /// No rows (no pupils)?
    pub fn is_empty(&self) -> bool {
        self.bounds.is_empty()
    }

    /// Must option `j` of pupil `k` be a column of every program? (pinned or forced)
    pub fn keeps(&self, k: usize, j: usize) -> bool {
        let t = self.options(k)[j].target;
        self.pupil(k).pinned.is_some() || self.forced[k].iter().any(|(f, _)| *f == Some(t))
    }

    /// The rows of option `j` of pupil `k` with their coefficients.
    pub fn option_entries(&self, k: usize, j: usize, out: &mut Vec<(u32, f64)>) {
        self.target_entries(k, self.options(k)[j].target, out);
    }

    /// The rows of pupil `k` placed at `t` with their coefficients, whether or
    /// not `t` is one of its options.
    pub fn target_entries(&self, k: usize, t: Target, out: &mut Vec<(u32, f64)>) {
        out.clear();
        let p = self.pupil(k);
        out.push((k as u32, 1.0)); // constraint 1
        let put = |out: &mut Vec<(u32, f64)>, row: u32, a: f64| {
            if row != NO_ROW {
                out.push((row, a));
            }
        };
        match t {
            Target::School(s) => {
                let sy = s as usize * YEAR_GROUPS + p.year.index();
                let sg = s as usize * 2 + p.year.phase().index();
                put(out, self.place[sy], 1.0);
                if p.is_fap() {
                    put(out, self.cap[sg], 1.0);
                    put(out, self.share[sg], p.load_weight);
                    let (row, delta) = self.hull[sg];
                    put(out, row, delta * p.load_weight);
                    self.load_cut_entries(k, sg, out);
                } else {
                    put(out, self.in_year[sy], 1.0);
                    self.load_cut_entries(k, sg, out);
                }
            }
            Target::Ap(a) => put(out, self.ap[a as usize], 1.0),
        }
        self.extra_entries(k, Some(t), out);
    }

    /// Pupil `k`'s unplaced column: its cost and (into `out`) its rows;
    /// `None` for a pinned pupil, who has no `u`.
    pub fn unplaced_column(&self, k: usize, out: &mut Vec<(u32, f64)>) -> Option<f64> {
        let p = self.pupil(k);
        p.pinned.is_none().then(|| {
            self.unplaced_entries(k, out);
            unplaced_cost(self.sc, p)
        })
    }

    fn unplaced_entries(&self, k: usize, out: &mut Vec<(u32, f64)>) {
        out.clear();
        out.push((k as u32, 1.0));
        self.extra_entries(k, None, out);
    }

    /// The rows whose bound one more free place in year group `year` of school
    /// `s` raises by one (constraints 2 and 3, those that exist, and the load
    /// cuts that rest on its place row, which stay valid so).
    pub fn school_capacity_rows(&self, s: u32, year: YearGroup) -> impl Iterator<Item = u32> + '_ {
        let sy = s as usize * YEAR_GROUPS + year.index();
        [self.place[sy], self.in_year[sy]]
            .into_iter()
            .filter(|&r| r != NO_ROW)
            .chain(self.held_cut_rows(s, year))
    }

    /// Would pupil `k` at `t` enter an integer-hull cut with a fractional load
    /// weight, or a load cut with a weight other than 1 and 2? Those cuts are
    /// valid only for such loads (`hull_chord`, `load_cut.rs`).
    pub fn breaks_hull_cut(&self, k: usize, t: Target) -> bool {
        let p = self.pupil(k);
        match t {
            Target::School(s) if p.is_fap() => {
                let sg = s as usize * 2 + p.year.phase().index();
                (p.load_weight.fract() != 0.0 && self.hull[sg].0 != NO_ROW)
                    || (p.load_weight != 1.0 && p.load_weight != 2.0 && self.has_load_cut(k, s))
            }
            _ => false,
        }
    }

    /// Adds row `row` to the `e` column of school-phase `sg` (coefficient −1).
    fn add_excess_row(&mut self, sg: usize, row: u32) {
        for a in &mut self.aux {
            if let AuxKind::OverShare(s, g, _) = a.kind {
                if s as usize * 2 + g.index() == sg {
                    a.rows.push((row, -1.0));
                }
            }
        }
    }

    /// The places row of AP provider `a` (constraint 4), if it exists.
    pub fn ap_capacity_row(&self, a: u32) -> Option<u32> {
        Some(self.ap[a as usize]).filter(|&r| r != NO_ROW)
    }

    /// Row bounds, by row index (row `k < pupils().len()` is pupil `k`'s constraint 1).
    pub fn bounds(&self) -> &[RowBounds] {
        &self.bounds
    }

    /// The `o`, `v` and `e` columns, in program order, as (cost, upper bound,
    /// rows with coefficients); each has lower bound 0 and a negative
    /// coefficient in each of its rows.
    pub fn aux_columns(&self) -> impl Iterator<Item = (f64, f64, &[(u32, f64)])> {
        self.aux
            .iter()
            .map(|a| (a.cost, a.upper, a.rows.as_slice()))
    }

    /// The reduced cost `c − Σ a·y` of option `j` of pupil `k` under row duals `y`
    /// (`out` is scratch space).
    pub fn reduced_cost(&self, k: usize, j: usize, y: &[f64], out: &mut Vec<(u32, f64)>) -> f64 {
        self.option_entries(k, j, out);
        out.iter()
            .fold(self.options(k)[j].cost, |d, &(r, a)| d - a * y[r as usize])
    }
}
