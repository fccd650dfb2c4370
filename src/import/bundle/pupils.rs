//! Pupils, from `pupils.csv`, with homes from a postcode table when given.

use super::Builder;
use crate::import::cells::{pupil_at, PUPIL_COLUMNS};
use crate::import::postcodes::{self, Postcodes};
use crate::import::provenance::{Origin, Provenance};
use crate::import::table::Table;
use crate::scenario::wire::WirePupil;
use std::path::Path;

impl Builder {
    pub(super) fn pupils(
        &mut self,
        path: &Path,
        postcodes: Option<&Path>,
        prov: &mut Provenance,
    ) -> Vec<WirePupil> {
        let req = [
            ("id", "a pseudonymous reference such as P0007, never a name"),
            ("kind", "fap or in_year"),
            ("year_group", "R or 1..11"),
            ("sex", "f, m or x"),
        ];
        let Some(t) = self.table_with(path, false, PUPIL_COLUMNS, &req) else {
            return Vec::new();
        };
        prov.pupils = Origin::of(&t);
        let homes = postcodes.and_then(|p| self.postcodes(&t, p));
        let mut out = Vec::new();
        for r in &t.rows {
            match pupil_at(&t, r, homes.as_ref()) {
                Ok(p) => {
                    prov.pupils.rows.push(r.line);
                    out.push(p);
                }
                Err(mut es) => self.issues.append(&mut es),
            }
        }
        out
    }

    /// The postcode table's entries for the postcodes of `t` (none without a
    /// postcode column).
    fn postcodes(&mut self, t: &Table, path: &Path) -> Option<Postcodes> {
        let c = t.col("postcode")?;
        let wanted = t
            .rows
            .iter()
            .filter_map(|r| t.get(r, Some(c)))
            .map(postcodes::key)
            .collect();
        self.push(Postcodes::load(path, &wanted))
    }
}
