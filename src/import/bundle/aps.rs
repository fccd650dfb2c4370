//! AP providers, from `ap.csv`.

use super::Builder;
use crate::import::cells::{location, year_group, AP_COLUMNS};
use crate::import::provenance::{Origin, Provenance};
use crate::scenario::wire::WireAp;
use std::path::Path;

impl Builder {
    pub(super) fn aps(&mut self, path: &Path, prov: &mut Provenance) -> Vec<WireAp> {
        let req = [
            ("id", "each AP provider needs an id, e.g. AP1"),
            ("places", "places free for this round"),
            ("first_year", "the first year group served, e.g. 7"),
            ("last_year", "the last year group served, e.g. 11"),
        ];
        let Some(t) = self.table_with(path, true, AP_COLUMNS, &req) else {
            return Vec::new();
        };
        prov.aps = Origin::of(&t);
        let c = |n: &str| t.col(n).expect("required column");
        let mut out = Vec::new();
        for r in &t.rows {
            let id = self.push(t.required(r, c("id"), "each AP provider needs an id"));
            let places = self.push(t.whole(r, Some(c("places"))).and_then(|p| {
                p.ok_or_else(|| {
                    t.error(r, c("places"), "missing value")
                        .hint("places free for this round, a whole number")
                })
            }));
            let first = self.push(t.required(r, c("first_year"), "e.g. 7"));
            let last = self.push(t.required(r, c("last_year"), "e.g. 11"));
            let location = self.push(location(&t, r, "an AP provider"));
            let (Some(id), Some(places), Some(first), Some(last), Some(location)) =
                (id, places, first, last, location)
            else {
                continue;
            };
            prov.aps.rows.push(r.line);
            out.push(WireAp {
                id: id.to_string(),
                name: t.get(r, t.col("name")).map(str::to_string),
                location,
                places,
                years: vec![year_group(first), year_group(last)],
                specialisms: t.list(r, t.col("specialisms")),
            });
        }
        out
    }
}
