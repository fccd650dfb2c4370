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

use super::objective::Assignment;
use super::options::{remaining, unplaced_cost, FairShares, Opt, Options};
use crate::scenario::{CapMode, Phase, Pupil, PupilIdx, Scenario, Target, YearGroup, YEAR_GROUPS};
use std::collections::BTreeMap;

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

/// Columns in compressed sparse column form: bounds, cost, integrality and
/// the (row, coefficient) entries of each.
#[derive(Debug, Clone, Default)]
pub struct Cols {
    /// Objective coefficient per column.
    pub cost: Vec<f64>,
    /// Lower bound per column.
    pub lower: Vec<f64>,
    /// Upper bound per column (may be infinite).
    pub upper: Vec<f64>,
    /// Integer (binary when bounded by 1) per column.
    pub integer: Vec<bool>,
    start: Vec<usize>,
    index: Vec<u32>,
    value: Vec<f64>,
}

impl Cols {
    /// Number of columns.
    pub fn len(&self) -> usize {
        self.cost.len()
    }

    /// No columns?
    pub fn is_empty(&self) -> bool {
        self.cost.is_empty()
    }

    /// Appends a column.
    pub fn push(
        &mut self,
        cost: f64,
        lower: f64,
        upper: f64,
        integer: bool,
        entries: &[(u32, f64)],
    ) {
        if self.start.is_empty() {
            self.start.push(0);
        }
        self.cost.push(cost);
        self.lower.push(lower);
        self.upper.push(upper);
        self.integer.push(integer);
        for &(r, a) in entries {
            self.index.push(r);
            self.value.push(a);
        }
        self.start.push(self.index.len());
    }

    /// The (row, coefficient) entries of column `c`.
    pub fn entries(&self, c: usize) -> impl Iterator<Item = (u32, f64)> + '_ {
        let (a, b) = (self.start[c], self.start[c + 1]);
        self.index[a..b]
            .iter()
            .copied()
            .zip(self.value[a..b].iter().copied())
    }
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

/// A program ready for a solver.
#[derive(Debug, Clone)]
pub struct Program {
    /// Row bounds, by row index.
    pub rows: Vec<RowBounds>,
    /// Columns, in column order; minimise Σ cost·x.
    pub cols: Cols,
    /// How to read a solution.
    pub map: VarMap,
}

/// One option column: which option of the pupil it is, where, and its column.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct OptionCol {
    /// Index of the option in the pupil's options.
    pub j: usize,
    /// Where.
    pub target: Target,
    /// Column.
    pub col: usize,
}

/// Which column stands for what, to read a solution back.
#[derive(Debug, Clone)]
pub struct VarMap {
    /// Pupils of this program, in order.
    pub pupils: Vec<PupilIdx>,
    /// Per pupil of `pupils`: its option columns.
    pub x: Vec<Vec<OptionCol>>,
    /// Per pupil of `pupils`: the unplaced column (absent if pinned).
    pub u: Vec<Option<usize>>,
    /// Above-PAN columns with (school, year, free places).
    pub o: Vec<(u32, YearGroup, u32, usize)>,
    /// Over-cap columns with (school, phase, remaining).
    pub v: Vec<(u32, Phase, u32, usize)>,
    /// Fair-share excess columns with (school, phase, ledger − share).
    pub e: Vec<(u32, Phase, f64, usize)>,
    /// Number of columns.
    pub n_vars: usize,
}

/// Which variant of the program to build.
#[derive(Debug, Clone, Copy, Default)]
pub struct Shape<'a> {
    /// The LP relaxation: `x`, `u` and `o` continuous.
    pub relax: bool,
    /// Only these options (per pupil of the program, per option index); `None`: all.
    /// Pinned and forced options are always kept.
    pub allowed: Option<&'a [Vec<bool>]>,
    /// Only the `u` of these pupils (and of those forced to be unplaced); `None`: all.
    pub unplaced: Option<&'a [bool]>,
}

/// What an `o`, `v` or `e` column stands for.
#[derive(Debug, Clone, Copy)]
enum AuxKind {
    Above(u32, YearGroup, u32),
    OverCap(u32, Phase, u32),
    OverShare(u32, Phase, f64),
}

/// An `o`, `v` or `e` column: cost, upper bound, integer in the MIP, and its rows.
#[derive(Debug, Clone, Copy)]
struct Aux {
    kind: AuxKind,
    cost: f64,
    upper: f64,
    integer: bool,
    rows: [Option<(u32, f64)>; 2],
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
        let w = &sc.policy.weights;
        let n_s = sc.schools.len();
        let mut rows = Rows {
            sc,
            opts,
            extras,
            pupils: pupils.to_vec(),
            bounds: vec![RowBounds::eq(1.0); pupils.len()], // constraint 1, row k for pupil k
            place: vec![NO_ROW; n_s * YEAR_GROUPS],
            in_year: vec![NO_ROW; n_s * YEAR_GROUPS],
            cap: vec![NO_ROW; n_s * 2],
            share: vec![NO_ROW; n_s * 2],
            hull: vec![(NO_ROW, 0.0); n_s * 2],
            ap: vec![NO_ROW; sc.aps.len()],
            forced: vec![Vec::new(); pupils.len()],
            cuts: Vec::new(),
            aux: Vec::new(),
        };

        // Candidates per (school, year), per (school, phase) for FAP, per AP provider.
        let mut all = vec![0u32; n_s * YEAR_GROUPS];
        let mut fap = vec![0u32; n_s * YEAR_GROUPS];
        let mut fap_phase = vec![0u32; n_s * 2];
        let mut load = vec![0f64; n_s * 2];
        let mut whole_load = vec![true; n_s * 2];
        let mut ap = vec![0u32; sc.aps.len()];
        for &pi in pupils {
            let p = &sc.pupils[pi as usize];
            for o in &opts.per_pupil[pi as usize] {
                match o.target {
                    Target::School(s) => {
                        let sy = s as usize * YEAR_GROUPS + p.year.index();
                        all[sy] += 1;
                        if p.is_fap() {
                            fap[sy] += 1;
                            let sg = s as usize * 2 + p.year.phase().index();
                            fap_phase[sg] += 1;
                            load[sg] += p.load_weight;
                            whole_load[sg] &= p.load_weight.fract() == 0.0;
                        }
                    }
                    Target::Ap(a) => ap[a as usize] += 1,
                }
            }
        }

        // Constraints 2 and 3: school places, above PAN for FAP pupils only.
        for s in 0..n_s {
            for y in YearGroup::all() {
                let sy = s * YEAR_GROUPS + y.index();
                let free = sc.schools[s].free(y);
                if all[sy] <= free {
                    continue;
                }
                let row = rows.push_row(RowBounds::le(free as f64)); // constraint 2
                rows.place[sy] = row;
                let above = sc.policy.max_above_pan.min(fap[sy]);
                if above > 0 {
                    // w.above_pan · Σ o; Σ x ≤ free + o
                    rows.aux.push(Aux {
                        kind: AuxKind::Above(s as u32, y, free),
                        cost: w.above_pan,
                        upper: above as f64,
                        integer: true,
                        rows: [Some((row, -1.0)), None],
                    });
                    if all[sy] - fap[sy] > free {
                        rows.in_year[sy] = rows.push_row(RowBounds::le(free as f64));
                        // constraint 3
                    }
                }
            }
        }

        // Constraint 4: AP places.
        for (a, &n) in ap.iter().enumerate() {
            let places = sc.aps[a].places;
            if n > places {
                rows.ap[a] = rows.push_row(RowBounds::le(places as f64));
            }
        }

        // Constraint 5: fairness cap (hard: v = 0; soft: v ≥ 0 at w.over_cap; off: none).
        for s in 0..n_s {
            for g in Phase::ALL {
                let sg = s * 2 + g.index();
                let Some(rem) = remaining(sc, s as u32, g) else {
                    continue;
                };
                if fap_phase[sg] <= rem {
                    continue;
                }
                let row = rows.push_row(RowBounds::le(rem as f64));
                rows.cap[sg] = row;
                if sc.policy.fap_cap_mode == CapMode::Soft {
                    rows.aux.push(Aux {
                        kind: AuxKind::OverCap(s as u32, g, rem),
                        cost: w.over_cap,
                        upper: (fap_phase[sg] - rem) as f64,
                        integer: false,
                        rows: [Some((row, -1.0)), None],
                    });
                }
            }
        }

        // Constraint 6: fair share, ledger + Σ lw·x − share ≤ e. Schools that
        // nobody here can reach add only a constant, which `evaluate` accounts
        // for; they need no variable.
        if w.over_fair_share > 0.0 {
            for s in 0..n_s {
                for g in Phase::ALL {
                    let sg = s * 2 + g.index();
                    let Some(share) = shares.get(s as u32, g) else {
                        continue;
                    };
                    if fap_phase[sg] == 0 {
                        continue;
                    }
                    let base = sc.schools[s].ledger(g) as f64 - share;
                    if base + load[sg] <= 0.0 {
                        continue; // never above the share, e = 0
                    }
                    let row = rows.push_row(RowBounds::le(-base));
                    rows.share[sg] = row;
                    let mut aux = Aux {
                        kind: AuxKind::OverShare(s as u32, g, base),
                        cost: w.over_fair_share,
                        upper: base + load[sg], // e's largest least value: everyone comes
                        integer: false,
                        rows: [Some((row, -1.0)), None],
                    };
                    if let Some((n0, delta)) = hull_chord(base, whole_load[sg]) {
                        let cut = rows.push_row(RowBounds::le(delta * n0));
                        rows.hull[sg] = (cut, delta);
                        aux.rows[1] = Some((cut, -1.0));
                    }
                    rows.aux.push(aux);
                }
            }
        }

        // Forced placements: the pupil's column = 1.
        for &(pi, place) in &extras.force {
            let Ok(k) = pupils.binary_search(&pi) else {
                continue;
            };
            let possible = match place {
                None => sc.pupils[pi as usize].pinned.is_none(),
                Some(t) => opts.per_pupil[pi as usize].iter().any(|o| o.target == t),
            };
            if !possible {
                return None;
            }
            let row = rows.push_row(RowBounds::eq(1.0));
            rows.forced[k].push((place, row));
        }
        // MODEL.md "Ranked proposals": Σ_p X[p, q(p)] ≤ |P| − min_diff for each earlier q.
        for _ in &extras.cuts {
            let rhs = pupils.len() as f64 - extras.min_diff as f64;
            let row = rows.push_row(RowBounds::le(rhs));
            rows.cuts.push(row);
        }
        Some(rows)
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
        let mut put = |row: u32, a: f64| {
            if row != NO_ROW {
                out.push((row, a));
            }
        };
        match t {
            Target::School(s) => {
                let sy = s as usize * YEAR_GROUPS + p.year.index();
                let sg = s as usize * 2 + p.year.phase().index();
                put(self.place[sy], 1.0);
                if p.is_fap() {
                    put(self.cap[sg], 1.0);
                    put(self.share[sg], p.load_weight);
                    let (row, delta) = self.hull[sg];
                    put(row, delta * p.load_weight);
                } else {
                    put(self.in_year[sy], 1.0);
                }
            }
            Target::Ap(a) => put(self.ap[a as usize], 1.0),
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
    /// `s` raises by one (constraints 2 and 3, those that exist).
    pub fn school_capacity_rows(&self, s: u32, year: YearGroup) -> impl Iterator<Item = u32> {
        let sy = s as usize * YEAR_GROUPS + year.index();
        [self.place[sy], self.in_year[sy]]
            .into_iter()
            .filter(|&r| r != NO_ROW)
    }

    /// Would pupil `k` at `t` enter an integer-hull cut with a fractional load
    /// weight? The cut is valid only for whole loads (`hull_chord`).
    pub fn breaks_hull_cut(&self, k: usize, t: Target) -> bool {
        let p = self.pupil(k);
        match t {
            Target::School(s) if p.is_fap() && p.load_weight.fract() != 0.0 => {
                self.hull[s as usize * 2 + p.year.phase().index()].0 != NO_ROW
            }
            _ => false,
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
    /// rows); each has coefficient −1 in its rows, and lower bound 0.
    pub fn aux_columns(&self) -> impl Iterator<Item = (f64, f64, impl Iterator<Item = u32> + '_)> {
        self.aux
            .iter()
            .map(|a| (a.cost, a.upper, a.rows.iter().flatten().map(|r| r.0)))
    }

    /// Forced-placement and no-good-cut rows of placement `place` of pupil `k`.
    fn extra_entries(&self, k: usize, place: Option<Target>, out: &mut Vec<(u32, f64)>) {
        for &(f, row) in &self.forced[k] {
            if f == place {
                out.push((row, 1.0));
            }
        }
        let pi = self.pupils[k] as usize;
        for (q, &row) in self.extras.cuts.iter().zip(&self.cuts) {
            if q[pi] == place {
                out.push((row, 1.0));
            }
        }
    }

    /// The reduced cost `c − Σ a·y` of option `j` of pupil `k` under row duals `y`
    /// (`out` is scratch space).
    pub fn reduced_cost(&self, k: usize, j: usize, y: &[f64], out: &mut Vec<(u32, f64)>) -> f64 {
        self.option_entries(k, j, out);
        out.iter()
            .fold(self.options(k)[j].cost, |d, &(r, a)| d - a * y[r as usize])
    }

    /// Option `j` of pupil `k` as a column (continuous in an LP relaxation).
    pub fn push_option(
        &self,
        k: usize,
        j: usize,
        relax: bool,
        cols: &mut Cols,
        scratch: &mut Vec<(u32, f64)>,
    ) {
        self.option_entries(k, j, scratch);
        cols.push(self.options(k)[j].cost, 0.0, 1.0, !relax, scratch); // Σ c(p,t)·x
    }

    /// Lays out a program: the options `shape` allows, each pupil's `u`, and every `o`, `v`, `e`.
    pub fn program(&self, shape: Shape) -> Program {
        let mut cols = Cols::default();
        let mut map = VarMap {
            pupils: self.pupils.clone(),
            x: Vec::with_capacity(self.pupils.len()),
            u: Vec::with_capacity(self.pupils.len()),
            o: Vec::new(),
            v: Vec::new(),
            e: Vec::new(),
            n_vars: 0,
        };
        let mut scratch = Vec::new();
        for k in 0..self.pupils.len() {
            let p = self.pupil(k);
            let mut xs = Vec::new();
            for (j, o) in self.options(k).iter().enumerate() {
                if shape.allowed.is_none_or(|a| a[k][j]) || self.keeps(k, j) {
                    xs.push(OptionCol {
                        j,
                        target: o.target,
                        col: cols.len(),
                    });
                    self.push_option(k, j, shape.relax, &mut cols, &mut scratch);
                }
            }
            map.x.push(xs);
            let keep_u = shape.unplaced.is_none_or(|u| u[k])
                || self.forced[k].iter().any(|(f, _)| f.is_none());
            map.u.push(if p.pinned.is_none() && keep_u {
                let col = cols.len();
                self.unplaced_entries(k, &mut scratch);
                cols.push(unplaced_cost(self.sc, p), 0.0, 1.0, !shape.relax, &scratch); // Σ c_u(p)·u[p]
                Some(col)
            } else {
                None
            });
        }
        for aux in &self.aux {
            let col = cols.len();
            match aux.kind {
                AuxKind::Above(s, y, free) => map.o.push((s, y, free, col)),
                AuxKind::OverCap(s, g, rem) => map.v.push((s, g, rem, col)),
                AuxKind::OverShare(s, g, base) => map.e.push((s, g, base, col)),
            }
            let entries: Vec<(u32, f64)> = aux.rows.iter().flatten().copied().collect();
            cols.push(
                aux.cost,
                0.0,
                aux.upper,
                aux.integer && !shape.relax,
                &entries,
            );
        }
        map.n_vars = cols.len();
        Program {
            rows: self.bounds.clone(),
            cols,
            map,
        }
    }
}

/// The integer-hull chord of the fair-share term, as `(n0, δ)`: a valid
/// inequality that tightens the term without changing the optimum. With whole
/// load weights the load `n = Σ lw·x` is an integer, and `e = max(0, n + base)`
/// only needs to be right at integers; its kink at the fractional point
/// `−base` lets the LP spread pupils so that `e` is 0 where no integer plan can
/// be. Let `n0 = floor(−base)` and `δ = n0 + 1 + base ∈ (0, 1)`: every integer
/// plan satisfies `e ≥ δ·(n − n0)` (the chord of the integer hull between `n0`
/// and `n0 + 1`), and adding it closes most of the LP gap that HiGHS otherwise
/// closes with many rounds of cuts.
fn hull_chord(base: f64, whole_load: bool) -> Option<(f64, f64)> {
    if base >= 0.0 || !whole_load {
        return None;
    }
    let n0 = (-base).floor();
    let delta = n0 + 1.0 + base;
    (delta > 1e-9 && delta < 1.0 - 1e-9).then_some((n0, delta))
}

impl VarMap {
    /// The column of the `k`-th pupil's placement, if it is one of its columns.
    pub fn col_of(&self, k: usize, place: Option<Target>) -> Option<usize> {
        match place {
            None => self.u[k],
            Some(t) => self.x[k].iter().find(|x| x.target == t).map(|x| x.col),
        }
    }

    /// Reads the placements from column values.
    pub fn read(&self, cols: &[f64], into: &mut Assignment) {
        for (k, &pi) in self.pupils.iter().enumerate() {
            into[pi as usize] = self.x[k]
                .iter()
                .find(|x| cols[x.col] > 0.5)
                .map(|x| x.target);
        }
    }

    /// Column values of a complete assignment (a warm start): x and u from the
    /// assignment, o, v, e at their least values.
    pub fn columns(&self, sc: &Scenario, a: &Assignment) -> Vec<f64> {
        let mut cols = vec![0.0; self.n_vars];
        let mut count = BTreeMap::<(u32, usize), u32>::new();
        let mut fap = BTreeMap::<(u32, Phase), (u32, f64)>::new();
        for (k, &pi) in self.pupils.iter().enumerate() {
            if let Some(c) = self.col_of(k, a[pi as usize]) {
                cols[c] = 1.0;
            }
            if let Some(Target::School(s)) = a[pi as usize] {
                let p = &sc.pupils[pi as usize];
                *count.entry((s, p.year.index())).or_default() += 1;
                if p.is_fap() {
                    let e = fap.entry((s, p.year.phase())).or_default();
                    e.0 += 1;
                    e.1 += p.load_weight;
                }
            }
        }
        for &(s, y, free, c) in &self.o {
            cols[c] = count
                .get(&(s, y.index()))
                .copied()
                .unwrap_or(0)
                .saturating_sub(free) as f64;
        }
        for &(s, g, rem, c) in &self.v {
            cols[c] = fap.get(&(s, g)).map_or(0, |f| f.0).saturating_sub(rem) as f64;
        }
        for &(s, g, base, c) in &self.e {
            cols[c] = (base + fap.get(&(s, g)).map_or(0.0, |f| f.1)).max(0.0);
        }
        cols
    }
}

/// Splits the pupils into independent components: two pupils are in the same
/// component when they have options at the same school or AP provider. Pupils
/// of different components share no constraint and no cost term, so solving
/// each component on its own gives the same optimum. Components are ordered by
/// their smallest pupil index; pupils inside each are sorted.
pub fn components(sc: &Scenario, opts: &Options) -> Vec<Vec<PupilIdx>> {
    let n_targets = sc.schools.len() + sc.aps.len();
    let mut parent: Vec<usize> = (0..sc.pupils.len() + n_targets).collect();
    fn find(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    let base = sc.pupils.len();
    for (pi, os) in opts.per_pupil.iter().enumerate() {
        for o in os {
            let t = match o.target {
                Target::School(s) => base + s as usize,
                Target::Ap(a) => base + sc.schools.len() + a as usize,
            };
            let (ra, rb) = (find(&mut parent, pi), find(&mut parent, t));
            if ra != rb {
                parent[ra.max(rb)] = ra.min(rb);
            }
        }
    }
    let mut groups: BTreeMap<usize, Vec<PupilIdx>> = BTreeMap::new();
    for pi in 0..sc.pupils.len() {
        let r = find(&mut parent, pi);
        groups.entry(r).or_default().push(pi as PupilIdx);
    }
    groups.into_values().collect()
}
