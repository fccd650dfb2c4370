//! MODEL.md constraint 4: places at each alternative-provision provider.

use super::candidates::Candidates;
use super::{RowBounds, Rows};

impl Rows<'_> {
    /// Constraint 4, where the pupils who could go to a provider outnumber its places.
    pub(super) fn add_ap_places(&mut self, n: &Candidates) {
        for (a, &count) in n.ap.iter().enumerate() {
            let places = self.sc.aps[a].places;
            if count > places {
                self.ap[a] = self.push_row(RowBounds::le(places as f64));
            }
        }
    }
}
