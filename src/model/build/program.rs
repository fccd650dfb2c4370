//! Laying out a program from its rows: the columns (`x`, `u`, `o`, `v`, `e`)
//! in compressed sparse form, and the map that reads a solution back. Kept
//! apart from the rows so that the constraints (one file each) and the column
//! layout (shared by every program of a component) can be read on their own.

use super::{AuxKind, RowBounds, Rows};
use crate::model::objective::Assignment;
use crate::model::options::unplaced_cost;
use crate::scenario::{Phase, PupilIdx, Scenario, Target, YearGroup};
use std::collections::BTreeMap;

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

    /// The objective at `values` (one per column).
    pub fn objective(&self, values: &[f64]) -> f64 {
        self.cost.iter().zip(values).map(|(c, x)| c * x).sum()
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

impl Program {
    /// A program derived from this one for a solver alone: columns `cols` (ascending) over
    /// `rows` (ascending, each with the bounds to use), plus one column fixed at 1 that costs
    /// `fixed_cost` (what the left-out columns add to the objective). Read back through
    /// this program's map: column `i` is `cols[i]`.
    pub fn sub_program(
        &self,
        rows: &[(usize, RowBounds)],
        cols: &[usize],
        fixed_cost: f64,
    ) -> Program {
        let mut local = vec![u32::MAX; self.rows.len()];
        for (i, &(r, _)) in rows.iter().enumerate() {
            local[r] = i as u32;
        }
        let c = &self.cols;
        let (mut sub, mut entries) = (Cols::default(), Vec::new());
        for &j in cols {
            entries.clear();
            entries.extend(c.entries(j).map(|(r, a)| (local[r as usize], a)));
            sub.push(c.cost[j], c.lower[j], c.upper[j], c.integer[j], &entries);
        }
        sub.push(fixed_cost, 1.0, 1.0, false, &[]);
        Program {
            rows: rows.iter().map(|&(_, b)| b).collect(),
            map: VarMap::columns_only(sub.len()),
            cols: sub,
        }
    }

    /// A start for [`Program::sub_program`] of `cols`, from `values` of this program's columns.
    pub fn sub_start(cols: &[usize], values: &[f64]) -> Vec<f64> {
        cols.iter().map(|&j| values[j]).chain([1.0]).collect()
    }
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

impl Rows<'_> {
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
            cols.push(
                aux.cost,
                0.0,
                aux.upper,
                aux.integer && !shape.relax,
                &aux.rows,
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

impl VarMap {
    /// A map of `n_vars` columns that stand for no pupil (a program derived
    /// from another, read back through the other's map).
    pub fn columns_only(n_vars: usize) -> VarMap {
        VarMap {
            pupils: Vec::new(),
            x: Vec::new(),
            u: Vec::new(),
            o: Vec::new(),
            v: Vec::new(),
            e: Vec::new(),
            n_vars,
        }
    }

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
