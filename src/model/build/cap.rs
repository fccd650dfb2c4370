//! MODEL.md constraint 5: the fairness cap on FAP pupils per school and phase
//! (hard: `v = 0`; soft: `v ≥ 0` at `w.over_cap`; off: no row).

use super::candidates::Candidates;
use super::{Aux, AuxKind, RowBounds, Rows};
use crate::model::options::remaining;
use crate::scenario::{CapMode, Phase};

impl Rows<'_> {
    /// Constraint 5, where the FAP pupils who could go to a school outnumber
    /// its remaining cap.
    pub(super) fn add_cap(&mut self, n: &Candidates) {
        for s in 0..self.sc.schools.len() {
            for g in Phase::ALL {
                let sg = s * 2 + g.index();
                let Some(rem) = remaining(self.sc, s as u32, g) else {
                    continue;
                };
                if n.fap_phase[sg] <= rem {
                    continue;
                }
                let row = self.push_row(RowBounds::le(rem as f64));
                self.cap[sg] = row;
                if self.sc.policy.fap_cap_mode == CapMode::Soft {
                    self.aux.push(Aux {
                        kind: AuxKind::OverCap(s as u32, g, rem),
                        cost: self.sc.policy.weights.over_cap,
                        upper: (n.fap_phase[sg] - rem) as f64,
                        integer: false,
                        rows: vec![(row, -1.0)],
                    });
                }
            }
        }
    }
}
