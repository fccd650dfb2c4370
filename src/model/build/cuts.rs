//! Rows on top of MODEL.md's program ([`super::Extras`]): forced placements
//! (the meeting's pins and the proposals' what-ifs) and the no-good cuts of
//! MODEL.md "Ranked proposals" that make each proposal differ from the earlier ones.

use super::{RowBounds, Rows};
use crate::scenario::Target;

impl Rows<'_> {
    /// Forced placements: the pupil's column = 1. `None` when a forced
    /// placement is not an option of its pupil: no plan exists.
    pub(super) fn add_forced(&mut self) -> Option<()> {
        let extras = self.extras;
        for &(pi, place) in &extras.force {
            let Ok(k) = self.pupils.binary_search(&pi) else {
                continue;
            };
            let possible = match place {
                None => self.sc.pupils[pi as usize].pinned.is_none(),
                Some(t) => self.opts.per_pupil[pi as usize]
                    .iter()
                    .any(|o| o.target == t),
            };
            if !possible {
                return None;
            }
            let row = self.push_row(RowBounds::eq(1.0));
            self.forced[k].push((place, row));
        }
        Some(())
    }

    /// MODEL.md "Ranked proposals": Σ_p X[p, q(p)] ≤ |P| − min_diff for each earlier q.
    pub(super) fn add_cuts(&mut self) {
        let rhs = self.pupils.len() as f64 - self.extras.min_diff as f64;
        for _ in 0..self.extras.cuts.len() {
            let row = self.push_row(RowBounds::le(rhs));
            self.cuts.push(row);
        }
    }

    /// Forced-placement and no-good-cut rows of placement `place` of pupil `k`.
    pub(super) fn extra_entries(&self, k: usize, place: Option<Target>, out: &mut Vec<(u32, f64)>) {
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
}
