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
//! A cut's coefficient is known for any option (pupil, weight, membership of
//! `S`), so the reduced cost of an option that is not yet a column, and the
//! Lagrangian bound, include it like any other row.

use super::{RowBounds, Rows, NO_ROW};
use crate::scenario::{PupilIdx, Target};

/// One separated cut: `Σ coefficient·x − e ≤ rhs` at school-phase `sg`.
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
}

impl LoadCut {
    /// Coefficient of pupil `pi` of load weight `lw` at the cut's school.
    fn coefficient(&self, pi: PupilIdx, lw: f64) -> f64 {
        if self.members.binary_search(&pi).is_ok() {
            self.a2 * lw
        } else if lw == 1.0 {
            self.a
        } else {
            debug_assert!(lw == 2.0, "load cuts need weights 1 and 2");
            self.a + self.a2
        }
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

/// Per school-phase, what the LP point holds: `S`, `s`, and whether every
/// candidate's weight is 1 or 2.
#[derive(Default, Clone)]
struct AtSchool {
    members: Vec<PupilIdx>,
    s: f64,
    mixed: bool,
    split: bool,
}

impl Rows<'_> {
    /// Separates the load cuts the LP point `x` (per pupil, per option) and
    /// `e` (per school-phase, of the `e` columns) violates, adds their rows,
    /// and returns their indices in `Rows::load_cuts`.
    pub fn separate_load_cuts(&mut self, x: &[Vec<f64>], e: &[Option<f64>]) -> Vec<usize> {
        let mut at = vec![AtSchool::default(); self.share.len()];
        for (k, xs) in x.iter().enumerate() {
            let p = self.pupil(k);
            if !p.is_fap() {
                continue;
            }
            for (o, &v) in self.options(k).iter().zip(xs) {
                let Target::School(s) = o.target else {
                    continue;
                };
                let here = &mut at[s as usize * 2 + p.year.phase().index()];
                here.mixed |= p.load_weight != 1.0 && p.load_weight != 2.0;
                if v >= 1.0 - 1e-6 {
                    here.members.push(self.pupils[k]);
                    here.s += p.load_weight;
                } else if v > 1e-6 && p.load_weight == 2.0 {
                    here.split = true;
                }
            }
        }
        let mut added = Vec::new();
        for (sg, here) in at.into_iter().enumerate() {
            let (Some(e), false, true) = (e[sg], here.mixed, here.split) else {
                continue;
            };
            let base = -self.bounds[self.share[sg] as usize].upper;
            let Some((a, a2, rhs)) = slopes(base, here.s) else {
                continue;
            };
            if self.load_cuts_at(sg).any(|c| c.members == here.members) {
                continue;
            }
            let mut cut = LoadCut {
                sg,
                row: NO_ROW,
                members: here.members,
                a,
                a2,
            };
            let lhs: f64 = self.cut_activity(&cut, x) - e;
            if lhs > rhs + 1e-6 {
                cut.row = self.push_row(RowBounds::le(rhs));
                self.add_excess_row(sg, cut.row);
                added.push(self.load_cuts.len());
                self.load_cuts.push(cut);
            }
        }
        added
    }

    /// `Σ coefficient·x` of a cut at the LP point.
    fn cut_activity(&self, cut: &LoadCut, x: &[Vec<f64>]) -> f64 {
        let mut total = 0.0;
        for (k, xs) in x.iter().enumerate() {
            let p = self.pupil(k);
            if !p.is_fap() || p.year.phase().index() != cut.sg % 2 {
                continue;
            }
            for (o, &v) in self.options(k).iter().zip(xs) {
                if o.target == Target::School((cut.sg / 2) as u32) && v > 0.0 {
                    total += cut.coefficient(self.pupils[k], p.load_weight) * v;
                }
            }
        }
        total
    }

    /// The cuts at school-phase `sg`.
    fn load_cuts_at(&self, sg: usize) -> impl Iterator<Item = &LoadCut> {
        self.load_cuts.iter().filter(move |c| c.sg == sg)
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
    /// load weight other than 1 or 2 to its school, and is left out there.
    pub fn add_load_cuts(&mut self, cuts: &LoadCuts) {
        for (cut, bounds) in &cuts.0 {
            if self.mixed_weights_at(cut.sg) {
                continue;
            }
            let mut cut = cut.clone();
            cut.row = self.push_row(*bounds);
            self.add_excess_row(cut.sg, cut.row);
            self.load_cuts.push(cut);
        }
    }

    /// Has a FAP candidate at school-phase `sg` a load weight other than 1
    /// or 2 (where the cuts' proof does not hold)?
    fn mixed_weights_at(&self, sg: usize) -> bool {
        (0..self.pupils.len()).any(|k| {
            let p = self.pupil(k);
            let at = |o: &crate::model::Opt| o.target == Target::School((sg / 2) as u32);
            p.is_fap()
                && p.year.phase().index() == sg % 2
                && p.load_weight != 1.0
                && p.load_weight != 2.0
                && self.options(k).iter().any(at)
        })
    }

    /// The school-phases (`school · 2 + phase`) of the separated cuts.
    pub fn load_cut_places(&self) -> Vec<usize> {
        self.load_cuts.iter().map(|c| c.sg).collect()
    }

    /// The bounds and entries of load cut `i` in a program whose option
    /// columns are `cols` (per pupil: option, column) and whose `e` columns
    /// are `e_cols` (by school-phase).
    pub fn load_cut_row(
        &self,
        i: usize,
        cols: &[Vec<(usize, usize)>],
        e_cols: &[usize],
    ) -> (RowBounds, Vec<(usize, f64)>) {
        let c = &self.load_cuts[i];
        let mut entries = vec![(e_cols[c.sg], -1.0)];
        for (k, xs) in cols.iter().enumerate() {
            let p = self.pupil(k);
            if !p.is_fap() || p.year.phase().index() != c.sg % 2 {
                continue;
            }
            for &(j, col) in xs {
                if self.options(k)[j].target == Target::School((c.sg / 2) as u32) {
                    entries.push((col, c.coefficient(self.pupils[k], p.load_weight)));
                }
            }
        }
        (self.bounds[c.row as usize], entries)
    }

    /// Each load cut as (school-phase, row, `ledger − share` of its school), for tests.
    #[cfg(test)]
    pub fn load_cut_rows(&self) -> Vec<(usize, u32, f64)> {
        (self.load_cuts.iter())
            .map(|c| (c.sg, c.row, -self.bounds[self.share[c.sg] as usize].upper))
            .collect()
    }

    /// Has school `s` a load cut in the phase of pupil `k`?
    pub fn has_load_cut(&self, k: usize, s: u32) -> bool {
        let sg = s as usize * 2 + self.pupil(k).year.phase().index();
        self.load_cuts_at(sg).next().is_some()
    }

    /// Pupil `k`'s entries in the load cuts of school-phase `sg` (a FAP pupil at that school).
    pub(super) fn load_cut_entries(&self, k: usize, sg: usize, out: &mut Vec<(u32, f64)>) {
        let lw = self.pupil(k).load_weight;
        for c in self.load_cuts_at(sg) {
            out.push((c.row, c.coefficient(self.pupils[k], lw)));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every plan of a school's candidates: weights `w` (1 or 2), `S` the
    /// first `n_s` of them; the cut at `S` never exceeds `f` of the plan's load.
    fn check_all_plans(base: f64, w: &[f64], n_s: usize) -> bool {
        let s: f64 = w[..n_s].iter().sum();
        let Some((a, a2, rhs)) = slopes(base, s) else {
            return false;
        };
        let cut = LoadCut {
            sg: 0,
            row: 0,
            members: (0..n_s as u32).collect(),
            a,
            a2,
        };
        (0u32..1 << w.len()).all(|plan| {
            let chosen = (0..w.len()).filter(|i| plan >> i & 1 == 1);
            let n: f64 = chosen.clone().map(|i| w[i]).sum();
            let lhs: f64 = chosen.map(|i| cut.coefficient(i as u32, w[i])).sum();
            lhs - least_excess(base, n) <= rhs + 1e-9
        })
    }

    #[test]
    fn load_cuts_cut_off_no_plan() {
        let mut tried = 0;
        for bits in 0u32..1 << 7 {
            let w: Vec<f64> = (0..7).map(|i| 1.0 + f64::from(bits >> i & 1)).collect();
            for n_s in 0..=4 {
                for base in [-0.5, -1.0, -1.3, -2.0, -2.7, -3.5, -4.25, -6.9] {
                    let s: f64 = w[..n_s].iter().sum();
                    if slopes(base, s).is_some() {
                        tried += 1;
                        assert!(check_all_plans(base, &w, n_s), "{base} {w:?} {n_s}");
                    }
                }
            }
        }
        assert!(tried > 1000, "only {tried} cuts checked");
    }

    #[test]
    fn load_cut_cuts_off_the_split_pupil() {
        // S = one weight-1 pupil (s = 1), base −1.5: f(1) = 0, f(2) = 0.5, f(3) = 1.5.
        let (a, a2, rhs) = slopes(-1.5, 1.0).unwrap();
        assert_eq!((a, a2), (0.5, 1.0));
        // The LP point: S whole, a weight-2 pupil at one half, e = f(2) = 0.5.
        let lhs = a2 * 1.0 + (a + a2) * 0.5 - 0.5;
        assert!(lhs > rhs + 0.2, "{lhs} ≤ {rhs}");
        // A weaker kink-free load asks nothing.
        assert!(slopes(-1.5, 3.0).is_none());
    }
}
