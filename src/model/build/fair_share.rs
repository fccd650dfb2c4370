//! MODEL.md constraint 6: the fair-share excess `e` per school and phase,
//! `ledger + Σ lw·x − share ≤ e`, with the integer-hull cut that tightens its
//! LP relaxation.

use super::candidates::Candidates;
use super::{Aux, AuxKind, RowBounds, Rows};
use crate::model::options::FairShares;
use crate::scenario::Phase;

impl Rows<'_> {
    /// Constraint 6 (when the fair-share weight is positive). Schools that
    /// nobody here can reach add only a constant, which `evaluate` accounts
    /// for; they need no variable.
    pub(super) fn add_fair_share(&mut self, n: &Candidates, shares: &FairShares) {
        if self.sc.policy.weights.over_fair_share <= 0.0 {
            return;
        }
        for s in 0..self.sc.schools.len() {
            for g in Phase::ALL {
                let sg = s * 2 + g.index();
                let Some(share) = shares.get(s as u32, g) else {
                    continue;
                };
                if n.fap_phase[sg] == 0 {
                    continue;
                }
                let base = self.sc.schools[s].ledger(g) as f64 - share;
                if base + n.load[sg] > 0.0 {
                    self.add_share_row(n, s, g, base); // else never above the share, e = 0
                }
            }
        }
    }

    /// The fair-share row and `e` column of school `s` in phase `g`, and its
    /// integer-hull cut where one is valid.
    fn add_share_row(&mut self, n: &Candidates, s: usize, g: Phase, base: f64) {
        let sg = s * 2 + g.index();
        let row = self.push_row(RowBounds::le(-base));
        self.share[sg] = row;
        let mut aux = Aux {
            kind: AuxKind::OverShare(s as u32, g, base),
            cost: self.sc.policy.weights.over_fair_share,
            upper: base + n.load[sg], // e's largest least value: everyone comes
            integer: false,
            rows: vec![(row, -1.0)],
        };
        if let Some((n0, delta)) = hull_chord(base, n.whole_load[sg]) {
            let cut = self.push_row(RowBounds::le(delta * n0));
            self.hull[sg] = (cut, delta);
            aux.rows.push((cut, -1.0));
        }
        self.aux.push(aux);
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
