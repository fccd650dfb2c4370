//! Separating load cuts from an LP point: per school-phase where a
//! weight-2 pupil is split, the plain cut at `S` and the cuts resting on
//! place rows (the parent module's doc), and the most violated is added.

use super::{Held, LoadCut};
use crate::model::build::{RowBounds, Rows, NO_ROW};
use crate::scenario::{PupilIdx, Target, YearGroup, YEAR_GROUPS};

/// Per school-phase, what the LP point holds there.
#[derive(Default, Clone)]
struct AtSchool {
    /// FAP pupils with a positive value: (pupil, load weight, year, value).
    fap: Vec<(PupilIdx, f64, YearGroup, f64)>,
    /// In-year pupils wholly there, with their year.
    whole_in_year: Vec<(PupilIdx, YearGroup)>,
    split: bool,
}

/// An LP value this close to 1 counts as whole.
const WHOLE: f64 = 1.0 - 1e-6;

/// `Σ coefficient·x` of a cut's pupils at the LP point.
fn activity(cut: &LoadCut, h: &AtSchool) -> f64 {
    let fap: f64 = (h.fap.iter())
        .map(|f| cut.coefficient(f.0, f.1, f.2) * f.3)
        .sum();
    let in_year: f64 = (h.whole_in_year.iter())
        .map(|w| cut.in_year_coefficient(w.0, w.1))
        .sum();
    fap + in_year
}

/// The LP point at the places a cut reads: `x` per pupil and option, `e` by
/// school-phase and `o` by `school · YEAR_GROUPS + year` (where the columns exist).
pub struct LpPoint<'x> {
    /// `x`.
    pub x: &'x [Vec<f64>],
    /// `e`.
    pub e: &'x [Option<f64>],
    /// `o`.
    pub o: &'x [Option<f64>],
}

impl Rows<'_> {
    /// Separates the load cuts the LP point violates, adds their rows, and
    /// returns their indices in `Rows::load_cuts`. With `held`, a cut may
    /// rest on a place row (module doc); without, only on the load (for
    /// held LPs, whose re-solves raise place rows as they go).
    pub fn separate_load_cuts(&mut self, at: &LpPoint, held: bool) -> Vec<usize> {
        let mut here = vec![AtSchool::default(); self.share.len()];
        for (k, xs) in at.x.iter().enumerate() {
            let p = self.pupil(k);
            for (o, &v) in self.options(k).iter().zip(xs) {
                let (Target::School(s), true) = (o.target, v > 1e-6) else {
                    continue;
                };
                let h = &mut here[s as usize * 2 + p.year.phase().index()];
                let pi = self.pupils[k];
                if !p.is_fap() {
                    if v >= WHOLE {
                        h.whole_in_year.push((pi, p.year));
                    }
                    continue;
                }
                h.split |= v < WHOLE && p.load_weight == 2.0;
                h.fap.push((pi, p.load_weight, p.year, v));
            }
        }
        let odd_weight = self.odd_weight_places();
        let mut added = Vec::new();
        for (sg, h) in here.into_iter().enumerate() {
            let (Some(e), false, true) = (at.e[sg], odd_weight[sg], h.split) else {
                continue;
            };
            let best = (self.candidates(sg, &h, held).into_iter())
                .map(|(cut, rhs)| {
                    let credit: f64 = (cut.above_entries())
                        .map(|(sy, a)| a * at.o[sy].unwrap_or(0.0))
                        .sum();
                    let lhs = activity(&cut, &h) - e + credit;
                    (lhs - rhs, cut, rhs)
                })
                .filter(|(violation, cut, _)| {
                    *violation > 1e-6
                        && !(self.load_cuts_at(sg))
                            .any(|c| c.members == cut.members && c.held == cut.held)
                })
                .max_by(|a, b| a.0.total_cmp(&b.0));
            if let Some((_, mut cut, rhs)) = best {
                cut.row = self.push_row(RowBounds::le(rhs));
                added.push(self.load_cuts.len());
                self.push_load_cut(cut);
            }
        }
        added
    }

    /// The cuts worth trying at school-phase `sg`, with their right-hand
    /// sides: the plain one at `S`, and (with `held`) one per year group
    /// whose place row holds fractional weight-1 pupils `G`, and one with
    /// all those year groups.
    fn candidates(&self, sg: usize, h: &AtSchool, held: bool) -> Vec<(LoadCut, f64)> {
        let base = -self.bounds[self.share[sg] as usize].upper;
        let whole = || h.fap.iter().filter(|f| f.3 >= WHOLE);
        let mut members: Vec<PupilIdx> = whole().map(|f| f.0).collect();
        members.sort_unstable();
        let s: f64 = whole().map(|f| f.1).sum();
        let mut out = Vec::new();
        let mut push = |members: Vec<PupilIdx>, held: Vec<Held>| {
            out.extend(LoadCut::new(sg, base, members, s, held));
        };
        push(members.clone(), Vec::new());
        if !held {
            return out;
        }
        let mut years: Vec<YearGroup> = (h.fap.iter())
            .filter(|f| f.3 < WHOLE && f.1 == 1.0)
            .map(|f| f.2)
            .collect();
        years.sort_unstable();
        years.dedup();
        let mut all = Vec::new();
        for year in years {
            let sy = sg / 2 * YEAR_GROUPS + year.index();
            let row = self.place[sy];
            if row == NO_ROW {
                continue; // the year group cannot fill: nothing holds G
            }
            let free = self.bounds[row as usize].upper;
            let mut whole_in_year: Vec<PupilIdx> = (h.whole_in_year.iter())
                .filter(|w| w.1 == year)
                .map(|w| w.0)
                .collect();
            whole_in_year.sort_unstable();
            let in_s = whole().filter(|f| f.2 == year).count() as f64;
            let above = self.above_upper(sy);
            let mut best = None;
            for (credit, limit) in [(true, free), (false, free + above)] {
                if !credit && above == 0.0 {
                    continue;
                }
                let Some(held) = Held::new(year, limit, credit, in_s, &whole_in_year) else {
                    continue;
                };
                push(members.clone(), vec![held.clone()]);
                best = Some(held); // resting on `o`'s bound, where it can, costs no credit
            }
            all.extend(best);
        }
        if all.len() > 1 {
            push(members, all);
        }
        out
    }
}
