//! Schools: from a schools file, or from a register extract with estimated
//! places (skipped rows and estimates become notes).

use super::Builder;
use crate::import::cells::{enum_value, location, SCHOOL_COLUMNS};
use crate::import::provenance::{Origin, Provenance};
use crate::import::register::{self, Basis, Skip};
use crate::import::table::{Row, Table};
use crate::import::ImportIssue;
use crate::scenario::wire::WireSchool;
use std::collections::BTreeMap;
use std::path::Path;

impl Builder {
    pub(super) fn schools(&mut self, path: &Path, prov: &mut Provenance) -> Vec<WireSchool> {
        let req = [("id", "each school needs an id, e.g. S012 or its URN")];
        let Some(t) = self.table_with(path, true, SCHOOL_COLUMNS, &req) else {
            return Vec::new();
        };
        prov.schools = Origin::of(&t);
        let mut out = Vec::new();
        for r in &t.rows {
            if let Some(school) = self.school_row(&t, r) {
                prov.schools.rows.push(r.line);
                out.push(school);
            }
        }
        out
    }

    /// One row as a school; `None` once its errors are reported (its id, when
    /// readable, is then left out, so `places.csv` rows naming it are not
    /// reported again).
    fn school_row(&mut self, t: &Table, r: &Row) -> Option<WireSchool> {
        let c = |n: &str| t.col(n);
        let id = self.push(t.required(r, c("id").expect("required"), "each school needs an id"));
        let location = self.push(location(t, r, "a school"));
        let accepts_fap = self.push(t.boolean(r, c("accepts_fap")));
        let (Some(id), Some(location), Some(accepts_fap)) = (id, location, accepts_fap) else {
            if let Some(id) = id {
                self.left_out.insert(id.to_string(), None);
            }
            return None;
        };
        Some(WireSchool {
            id: id.to_string(),
            name: t.get(r, c("name")).map(str::to_string),
            location,
            sex: t.get(r, c("sex")).map(enum_value),
            ofsted: t.get(r, c("ofsted")).map(enum_value),
            year_groups: BTreeMap::new(),
            fap_this_year: None,
            accepts_fap,
            trust: t.get(r, c("trust")).map(str::to_string),
        })
    }

    pub(super) fn register(
        &mut self,
        path: &Path,
        la: Option<&str>,
        prov: &mut Provenance,
    ) -> Vec<WireSchool> {
        let Some(t) = self.table(path, true) else {
            return Vec::new();
        };
        let (rows, errors) = register::rows(&t);
        self.issues.extend(errors);
        prov.schools = Origin::of(&t);
        prov.schools.columns = register::labels(&t);
        let mut skipped: BTreeMap<Skip, Vec<String>> = BTreeMap::new();
        let mut bases: BTreeMap<Basis, usize> = BTreeMap::new();
        let mut out = Vec::new();
        for r in rows {
            if let Some(why) = r.skip(la) {
                skipped.entry(why).or_default().push(r.urn.clone());
                self.left_out.insert(r.urn.clone(), Some(why));
                continue;
            }
            *bases.entry(r.estimate().basis).or_default() += 1;
            prov.schools.rows.push(r.line);
            out.push(r.to_wire());
        }
        self.note_register(&t.file, &skipped, &bases);
        if la.is_some() && out.is_empty() && self.issues.is_empty() {
            self.issues.push(
                ImportIssue::file(&t.file, "no school of this local authority")
                    .hint("--la takes the LA code (e.g. 211) or its name (e.g. \"Tower Hamlets\")")
                    .code("csv-la"),
            );
        }
        out
    }

    /// Notes on a register: the rows skipped (by reason) and how places were
    /// estimated (by basis).
    fn note_register(
        &mut self,
        file: &str,
        skipped: &BTreeMap<Skip, Vec<String>>,
        bases: &BTreeMap<Basis, usize>,
    ) {
        for (why, urns) in skipped {
            self.notes.push(format!(
                "{file}: skipped {} row(s), {}: URN {}",
                urns.len(),
                why.describe(),
                abbreviate(urns)
            ));
        }
        for (basis, n) in bases {
            let how = basis.describe();
            self.notes
                .push(format!("{file}: places of {n} school(s) estimated {how}"));
        }
    }
}

/// The first few ids of a list, for notes.
fn abbreviate(ids: &[String]) -> String {
    const SHOW: usize = 8;
    let mut s = ids
        .iter()
        .take(SHOW)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    if ids.len() > SHOW {
        s.push_str(&format!(", … ({} more)", ids.len() - SHOW));
    }
    s
}
