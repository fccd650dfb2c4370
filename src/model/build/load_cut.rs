//! Load cuts: valid inequalities on the fair-share excess `e` (MODEL.md
//! constraint 6) that the column generation separates from its LP optimum.
//!
//! Why: with load weights 1 and 2 the LP relaxation is not integral where a
//! pupil of weight 2 is split half and half between two schools. Each half
//! adds 1 to a school's load `n` and can put it exactly on the kink of
//! `f(n) = max(0, n + ledger − share)`, which no plan can do when the school's
//! other pupils are whole (measured: every fractional pupil of a 10,000 × 450
//! round belongs to such a split; with all weights set to 1 the same round's
//! LP is integral). The per-school integer hull in the load alone (the chord
//! cut of `fair_share.rs`) allows that point, because it could be reached by
//! moving a weight-1 pupil in or out; the LP has no such pupil to move.
//!
//! The cut: let `S` be the pupils the LP places wholly at the school (in the
//! phase), `s = Σ_S lw`, `a = f(s+1) − f(s)` and `a2 = f(s+2) − f(s+1)`. Every
//! plan satisfies
//!
//! ```text
//! e ≥ f(s) + a2·(Σ_S lw·x − s) + a·Σ_{lw=1, ∉S} x + (a + a2)·Σ_{lw=2, ∉S} x
//! ```
//!
//! when every other candidate of the school has weight 1 or 2. Proof: with
//! `t` the weight of `S` left out, `k` weight-1 and `m` weight-2 pupils added
//! and `D = k + 2m − t` (so `n = s + D`), `f` convex with slopes `a ≤ a2` on
//! `[s, s+2]` gives `f(s+D) ≥` the right side in each case `D ≥ 2`, `D = 1`
//! (then `t ≥ 2m − 1 ≥ m` if `m ≥ 1`), `D = 0` (`t ≥ m`) and `D < 0`
//! (`t > m`). It cuts the split pupil's point (`e = f(s+1)`) whenever
//! `a < a2`: there it asks `f(s) + (a + a2)/2`. `tests` checks it against every
//! subset of small candidate sets.
//!
//! **Held cuts.** The proof above lets weight-1 pupils come at slope `a`. On
//! 50,000 × 2,000 rounds most of the remaining LP gap is a weight-2 pupil
//! split next to two weight-1 pupils of a *full year group* at one half
//! each: a place row (`Σ x ≤ free + o`, `o ≤ m`) lets only one of them
//! in without `o`. For such a year group `y`, let `G` be every weight-1
//! FAP pupil of `y` outside `S` and `W` some in-year pupils of `y` wholly at
//! the school. If `free ≤ |S_y| + |W| + 1` (crediting `o`) or
//! `free + m ≤ |S_y| + |W| + 1` (resting on `o ≤ m`), then with `s' = s + 1`
//! and `G` counted like members (`a2` each),
//!
//! ```text
//! e + [credit]·(a2 − a)·o ≥ f(s') + a2·(Σ_S lw·x + Σ_G x − s') + a·Σ_{lw=1, ∉S∪G} x
//!                            + (a + a2)·Σ_{lw=2, ∉S} x + (a2 − a)·(Σ_W x − |W|)
//! ```
//!
//! Proof: `g = Σ_G x − 1` is the number of `G` beyond the one `s'` counts.
//! The place row gives `g ≤ o + t_y + w_y` (members and `W` of `y` who
//! left). Charging `min(g, t)` of them like members replaced, the rest as
//! ordinary weight-1 pupils (`a`, the plain cut's case with the same load),
//! leaves `(a2 − a)` per pupil beyond that, which `o` or `W`'s term pays.
//! Several year groups combine (`s' = s + |groups|`; disjoint `t_y`). One
//! more free place in `y` breaks the proof by at most `a2 − a ≤ 1`, so place
//! values raise such a cut's bound by one with the place row's
//! ([`Rows::school_capacity_rows`]). `tests.rs` checks them against every
//! plan of 20,000 random small schools.
//!
//! A cut's coefficient is known for any option (pupil, weight, year,
//! membership of `S` and `W`), so the reduced cost of an option that is not
//! yet a column, and the Lagrangian bound, include it like any other row.

use super::{RowBounds, Rows, NO_ROW};
use crate::scenario::{PupilIdx, Target, YearGroup, YEAR_GROUPS};

/// One separated cut: `Σ coefficient·x − e − (a2 − a)·o ≤ rhs` at
/// school-phase `sg` (`o` only when a place row holds members).
#[derive(Debug, Clone)]
pub(super) struct LoadCut {
    /// `school · 2 + phase`.
    sg: usize,
    /// Its row.
    pub row: u32,
    /// `S`, sorted.
    members: Vec<PupilIdx>,
    /// Slopes of `f` on `[s, s+1]` and `[s+1, s+2]`.
    a: f64,
    a2: f64,
    /// The place rows that hold a `G` each (none for the plain cut), by year.
    held: Vec<Held>,
}

/// A place row holding `G`, the weight-1 FAP pupils of its year group
/// outside `S` (module doc).
#[derive(Debug, Clone, PartialEq)]
struct Held {
    /// The year group of the row and of `G`.
    year: YearGroup,
    /// With `credit`, the row's free places; without, free places plus the
    /// most `o` can be: what the proof assumed (valid where it is no more).
    limit: f64,
    /// Does the cut credit `o` (`− (a2 − a)·o`), or rest on `o`'s upper bound?
    credit: bool,
    /// `W`: in-year pupils of `year` wholly at the school at the LP point,
    /// as many as the proof needs, sorted.
    whole: Vec<PupilIdx>,
}

impl Held {
    /// The group of `year` if its place row holds it: the proof needs
    /// `limit ≤ |S_y| + |W| + 1`, with `in_s = |S_y|` and `W` taken from
    /// the in-year pupils wholly at the school (`whole_in_year`, sorted).
    fn new(
        year: YearGroup,
        limit: f64,
        credit: bool,
        in_s: f64,
        whole_in_year: &[PupilIdx],
    ) -> Option<Held> {
        let need = (limit - in_s - 1.0).max(0.0).round() as usize;
        let whole = whole_in_year.get(..need)?.to_vec();
        Some(Held {
            year,
            limit,
            credit,
            whole,
        })
    }
}

impl LoadCut {
    /// The cut at school-phase `sg` (`base = ledger − share`) with members
    /// `S` of load `s` and the groups `held`, and its right-hand side
    /// `a2·s' − f(s') + (a2 − a)·Σ|W|` with `s' = s + |held|`; `None` when
    /// `f` has no kink to cut at.
    fn new(
        sg: usize,
        base: f64,
        members: Vec<PupilIdx>,
        s: f64,
        held: Vec<Held>,
    ) -> Option<(LoadCut, f64)> {
        let (a, a2, rhs) = slopes(base, s + held.len() as f64)?;
        let w = held.iter().map(|h| h.whole.len()).sum::<usize>() as f64;
        let row = NO_ROW;
        let cut = LoadCut {
            sg,
            row,
            members,
            a,
            a2,
            held,
        };
        Some((cut, rhs + (a2 - a) * w))
    }

    /// Coefficient of FAP pupil `pi` of load weight `lw` and year group
    /// `year` at the cut's school.
    fn coefficient(&self, pi: PupilIdx, lw: f64, year: YearGroup) -> f64 {
        let in_g = || lw == 1.0 && self.held.iter().any(|h| h.year == year);
        if self.members.binary_search(&pi).is_ok() || in_g() {
            self.a2 * lw
        } else if lw == 1.0 {
            self.a
        } else {
            debug_assert!(lw == 2.0, "load cuts need weights 1 and 2");
            self.a + self.a2
        }
    }

    /// Coefficient of in-year pupil `pi` of `year` at the cut's school: `a2 − a` in a `W`.
    fn in_year_coefficient(&self, pi: PupilIdx, year: YearGroup) -> f64 {
        let in_w = |h: &Held| h.year == year && h.whole.binary_search(&pi).is_ok();
        if self.held.iter().any(in_w) {
            self.a2 - self.a
        } else {
            0.0
        }
    }

    /// Coefficient of pupil `pi` (`p`) at the cut's school, FAP or in-year.
    fn pupil_coefficient(&self, pi: PupilIdx, p: &crate::scenario::Pupil) -> f64 {
        if p.is_fap() {
            self.coefficient(pi, p.load_weight, p.year)
        } else {
            self.in_year_coefficient(pi, p.year)
        }
    }

    /// The `o` columns the cut credits, as (`school · YEAR_GROUPS + year`,
    /// coefficient `−(a2 − a)`).
    fn above_entries(&self) -> impl Iterator<Item = (usize, f64)> + '_ {
        (self.held.iter())
            .filter(|h| h.credit)
            .map(|h| (self.place(h), self.a - self.a2))
    }

    /// A held year group as `school · YEAR_GROUPS + year`.
    fn place(&self, h: &Held) -> usize {
        self.sg / 2 * YEAR_GROUPS + h.year.index()
    }
}

/// The load cuts of one program, carried to another of the same rows.
#[derive(Debug, Clone, Default)]
pub struct LoadCuts(Vec<(LoadCut, RowBounds)>);

/// `f(n) = max(0, n + base)`: the least `e` of load `n`.
fn least_excess(base: f64, n: f64) -> f64 {
    (n + base).max(0.0)
}

/// The cut's slopes `(a, a2)` and right-hand side at `s`, if it can cut
/// anything (`a < a2`: a kink of `f` inside `(s, s+2)`).
fn slopes(base: f64, s: f64) -> Option<(f64, f64, f64)> {
    let f = |n: f64| least_excess(base, n);
    let (a, a2) = (f(s + 1.0) - f(s), f(s + 2.0) - f(s + 1.0));
    (a2 - a > 1e-9).then_some((a, a2, a2 * s - f(s)))
}

impl Rows<'_> {
    /// Puts cut `cut` (its row set) into its `e` column and, if held, into
    /// the `o` column of its place row.
    fn add_cut_columns(&mut self, cut: &LoadCut) {
        self.add_excess_row(cut.sg, cut.row);
        for (sy, coef) in cut.above_entries() {
            let at = |s: u32, y: YearGroup| s as usize * YEAR_GROUPS + y.index() == sy;
            for aux in &mut self.aux {
                if matches!(aux.kind, super::AuxKind::Above(s, y, _) if at(s, y)) {
                    aux.rows.push((cut.row, coef));
                }
            }
        }
    }

    /// The most `o` of place `sy` (`school · YEAR_GROUPS + year`) can be: 0 without `o`.
    fn above_upper(&self, sy: usize) -> f64 {
        let (s, y) = ((sy / YEAR_GROUPS) as u32, sy % YEAR_GROUPS);
        (self.aux.iter())
            .find(|a| matches!(a.kind, super::AuxKind::Above(s2, y2, _) if s2 == s && y2.index() == y))
            .map_or(0.0, |a| a.upper)
    }

    /// The cuts at school-phase `sg`.
    fn load_cuts_at(&self, sg: usize) -> impl Iterator<Item = &LoadCut> {
        self.load_cuts_by_sg[sg]
            .iter()
            .map(|&i| &self.load_cuts[i as usize])
    }

    /// Adds `cut` (its row already pushed) to the cuts and their index.
    fn push_load_cut(&mut self, cut: LoadCut) {
        self.add_cut_columns(&cut);
        self.load_cuts_by_sg[cut.sg].push(self.load_cuts.len() as u32);
        self.load_cuts.push(cut);
    }

    /// The separated cuts with their bounds, to add to another program of the
    /// same rows ([`Rows::add_load_cuts`]).
    pub fn load_cuts(&self) -> LoadCuts {
        LoadCuts(
            (self.load_cuts.iter())
                .map(|c| (c.clone(), self.bounds[c.row as usize]))
                .collect(),
        )
    }

    /// Adds `cuts`, separated on rows of the same pupils and fair shares, as
    /// rows: a program of these rows (and every reduced cost read from them)
    /// then has the cuts too. These rows may have more options (those one
    /// more place creates); a cut stays valid unless one of them brings a
    /// load weight other than 1 or 2 to its school, or (for a held cut) its
    /// place row has more free places than the proof assumed, and is left
    /// out there.
    pub fn add_load_cuts(&mut self, cuts: &LoadCuts) {
        let odd_weight = self.odd_weight_places();
        for (cut, bounds) in &cuts.0 {
            let still_held = |sy: usize, h: &Held| {
                let row = self.place[sy];
                let above = if h.credit { 0.0 } else { self.above_upper(sy) };
                row != NO_ROW && self.bounds[row as usize].upper + above <= h.limit
            };
            let held_ok = cut.held.iter().all(|h| still_held(cut.place(h), h));
            if odd_weight[cut.sg] || !held_ok {
                continue;
            }
            let mut cut = cut.clone();
            cut.row = self.push_row(*bounds);
            self.push_load_cut(cut);
        }
    }

    /// Per school-phase (`school · 2 + phase`): has a FAP candidate there a
    /// load weight other than 1 or 2 (where the cuts' proof does not hold)?
    /// Every candidate counts, not only those the LP places there: a cut must
    /// hold for every plan.
    fn odd_weight_places(&self) -> Vec<bool> {
        let mut odd = vec![false; self.share.len()];
        for k in 0..self.pupils.len() {
            let p = self.pupil(k);
            if !p.is_fap() || p.load_weight == 1.0 || p.load_weight == 2.0 {
                continue;
            }
            for o in self.options(k) {
                if let Target::School(s) = o.target {
                    odd[s as usize * 2 + p.year.phase().index()] = true;
                }
            }
        }
        odd
    }

    /// The school-phases (`school · 2 + phase`) of the separated cuts.
    pub fn load_cut_places(&self) -> Vec<usize> {
        self.load_cuts.iter().map(|c| c.sg).collect()
    }

    /// The bounds and entries of load cut `i` in a program whose option
    /// columns are `cols` (per pupil: option, column), whose `e` columns are
    /// `e_cols` (by school-phase) and `o` columns `o_cols` (by
    /// `school · YEAR_GROUPS + year`; `usize::MAX` where none).
    pub fn load_cut_row(
        &self,
        i: usize,
        cols: &[Vec<(usize, usize)>],
        e_cols: &[usize],
        o_cols: &[usize],
    ) -> (RowBounds, Vec<(usize, f64)>) {
        let c = &self.load_cuts[i];
        let mut entries = vec![(e_cols[c.sg], -1.0)];
        for (sy, a) in c.above_entries() {
            if o_cols[sy] != usize::MAX {
                entries.push((o_cols[sy], a));
            }
        }
        for (k, xs) in cols.iter().enumerate() {
            let p = self.pupil(k);
            if p.year.phase().index() != c.sg % 2 {
                continue;
            }
            for &(j, col) in xs {
                if self.options(k)[j].target != Target::School((c.sg / 2) as u32) {
                    continue;
                }
                let a = c.pupil_coefficient(self.pupils[k], p);
                if a != 0.0 {
                    entries.push((col, a));
                }
            }
        }
        (self.bounds[c.row as usize], entries)
    }

    /// The rows of the held cuts of year group `year` at school `s`: one
    /// more free place there breaks their proof by at most `a2 − a ≤ 1`, so
    /// raising their bound by one keeps them valid.
    pub(super) fn held_cut_rows(&self, s: u32, year: YearGroup) -> impl Iterator<Item = u32> + '_ {
        let sy = s as usize * YEAR_GROUPS + year.index();
        (self.load_cuts.iter())
            .filter(move |c| c.held.iter().any(|h| c.place(h) == sy))
            .map(|c| c.row)
    }

    /// Each load cut as (school-phase, row, `ledger − share` of its school), for tests.
    #[cfg(test)]
    pub fn load_cut_rows(&self) -> Vec<(usize, u32, f64)> {
        (self.load_cuts.iter())
            .map(|c| (c.sg, c.row, -self.bounds[self.share[c.sg] as usize].upper))
            .collect()
    }

    /// The place rows a load cut rests on, for tests: per held year group,
    /// (year, coefficient of its `o` in the cut, free places, most `o`).
    #[cfg(test)]
    pub fn load_cut_places_held(&self, row: u32) -> Vec<(YearGroup, f64, f64, f64)> {
        let Some(c) = self.load_cuts.iter().find(|c| c.row == row) else {
            return Vec::new();
        };
        (c.held.iter())
            .map(|h| {
                let sy = c.place(h);
                let coef = if h.credit { c.a - c.a2 } else { 0.0 };
                let free = self.bounds[self.place[sy] as usize].upper;
                (h.year, coef, free, self.above_upper(sy))
            })
            .collect()
    }

    /// Has school `s` a load cut in the phase of pupil `k`?
    pub fn has_load_cut(&self, k: usize, s: u32) -> bool {
        let sg = s as usize * 2 + self.pupil(k).year.phase().index();
        self.load_cuts_at(sg).next().is_some()
    }

    /// Pupil `k`'s entries in the load cuts of school-phase `sg` (pupil `k` at that school).
    pub(super) fn load_cut_entries(&self, k: usize, sg: usize, out: &mut Vec<(u32, f64)>) {
        let (p, pi) = (self.pupil(k), self.pupils[k]);
        for c in self.load_cuts_at(sg) {
            let a = c.pupil_coefficient(pi, p);
            if a != 0.0 {
                out.push((c.row, a));
            }
        }
    }
}

mod separate;
#[cfg(test)]
mod tests;

pub use separate::LpPoint;
