//! MODEL.md constraints 2 and 3: school places per year group, with the
//! above-PAN allowance `o` for FAP pupils only (constraint 3 keeps the other
//! pupils of the year group within the free places).

use super::candidates::Candidates;
use super::{Aux, AuxKind, RowBounds, Rows};
use crate::scenario::{YearGroup, YEAR_GROUPS};

impl Rows<'_> {
    /// Constraints 2 and 3, where the pupils who could take a year group
    /// outnumber its free places.
    pub(super) fn add_places(&mut self, n: &Candidates) {
        for s in 0..self.sc.schools.len() {
            for y in YearGroup::all() {
                let sy = s * YEAR_GROUPS + y.index();
                let free = self.sc.schools[s].free(y);
                if n.all[sy] > free {
                    self.place[sy] = self.push_row(RowBounds::le(free as f64)); // constraint 2
                    self.add_above_pan(n, s, y, free);
                }
            }
        }
    }

    /// The above-PAN column `o` of a place row (`w.above_pan · Σ o`;
    /// `Σ x ≤ free + o`) and, where the other pupils alone could overfill the
    /// year group, constraint 3.
    fn add_above_pan(&mut self, n: &Candidates, s: usize, y: YearGroup, free: u32) {
        let sy = s * YEAR_GROUPS + y.index();
        let above = self.sc.policy.max_above_pan.min(n.fap[sy]);
        if above == 0 {
            return;
        }
        self.aux.push(Aux {
            kind: AuxKind::Above(s as u32, y, free),
            cost: self.sc.policy.weights.above_pan,
            upper: above as f64,
            integer: true,
            rows: vec![(self.place[sy], -1.0)],
        });
        if n.all[sy] - n.fap[sy] > free {
            self.in_year[sy] = self.push_row(RowBounds::le(free as f64)); // constraint 3
        }
    }
}
