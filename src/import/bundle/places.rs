//! Places by school and year group, from `places.csv`: each row fills (or,
//! after a register extract, replaces the estimate of) one year group of a
//! school already read, with its FAP ledger when the row has one.

use super::Builder;
use crate::import::cells::{year_group, PLACE_COLUMNS};
use crate::import::provenance::{Origin, PlaceRows, Provenance};
use crate::import::register::Skip;
use crate::import::table::{Row, Table};
use crate::import::ImportIssue;
use crate::scenario::wire::{WireSchool, WireYearPlaces};
use std::collections::BTreeMap;
use std::path::Path;

/// One year group's row, read: the school's index, the year group, its places
/// and its FAP count this year when given.
struct Place {
    school: usize,
    year: String,
    places: WireYearPlaces,
    fap: Option<i64>,
}

impl Place {
    /// Puts the places into the school's year group (with a register, replacing
    /// its estimate) and its FAP count into the school's ledger.
    fn fill(self, schools: &mut [WireSchool], ledgers: &mut [BTreeMap<String, i64>]) {
        schools[self.school]
            .year_groups
            .insert(self.year.clone(), self.places);
        if let Some(n) = self.fap {
            ledgers[self.school].insert(self.year, n);
        }
    }
}

impl Builder {
    pub(super) fn places(
        &mut self,
        path: &Path,
        schools: &mut [WireSchool],
        overrides: bool,
        prov: &mut Provenance,
    ) {
        let req = [
            ("school_id", "the id of the school (as in schools.csv)"),
            ("year_group", "R or 1..11"),
            ("pan", "the published admission number of the year group"),
            ("on_roll", "pupils on roll in the year group now"),
        ];
        let Some(t) = self.table_with(path, true, PLACE_COLUMNS, &req) else {
            return;
        };
        let index: BTreeMap<String, usize> = schools
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.clone(), i))
            .collect();
        let mut rows: PlaceRows = BTreeMap::new();
        let mut ledgers: Vec<BTreeMap<String, i64>> = vec![BTreeMap::new(); schools.len()];
        for r in &t.rows {
            if let Some(p) = self.place(&t, r, &index, &mut rows) {
                p.fill(schools, &mut ledgers);
            }
        }
        for (s, ledger) in ledgers.into_iter().enumerate() {
            if !ledger.is_empty() {
                schools[s].fap_this_year = Some(ledger);
            }
        }
        if overrides {
            self.notes.push(format!(
                "{}: {} year group(s) given, replacing or adding to the estimates",
                t.file,
                rows.len()
            ));
        }
        prov.places = Some((Origin::of(&t), rows));
    }

    /// One row's place, recorded in `seen`; `None` once its errors are reported
    /// (a bad cell, an unknown school, a missing count, a repeated year group).
    fn place(
        &mut self,
        t: &Table,
        r: &Row,
        index: &BTreeMap<String, usize>,
        seen: &mut PlaceRows,
    ) -> Option<Place> {
        let c = |n: &str| t.col(n).expect("required column");
        let id = self.push(t.required(r, c("school_id"), "name the school"));
        let year = self.push(t.required(r, c("year_group"), "R or 1..11"));
        let pan = self.push(t.whole(r, Some(c("pan"))));
        let on_roll = self.push(t.whole(r, Some(c("on_roll"))));
        let fap = self.push(t.whole(r, t.col("fap_this_year")));
        let (id, year, pan, on_roll, fap) = (id?, year?, pan?, on_roll?, fap?);
        let school = self.school_of(t, r, id, index)?;
        let places = self.counts(t, r, pan, on_roll)?;
        let year = year_group(year);
        self.first_row(t, r, seen, (school, year.clone()), id)?;
        Some(Place {
            school,
            year,
            places,
            fap,
        })
    }

    /// The index of the school a row names; an unknown id is an error, but a
    /// school left out of the scenario is one only when the register skipped it.
    fn school_of(
        &mut self,
        t: &Table,
        r: &Row,
        id: &str,
        index: &BTreeMap<String, usize>,
    ) -> Option<usize> {
        if let Some(&s) = index.get(id) {
            return Some(s);
        }
        match self.left_out.get(id) {
            Some(Some(why)) => {
                let e = skipped_school(t, r, id, *why);
                self.issues.push(e);
            }
            Some(None) => {}
            None => self.issues.push(unknown_school(t, r, id, index)),
        }
        None
    }

    /// PAN and on roll, both needed.
    fn counts(
        &mut self,
        t: &Table,
        r: &Row,
        pan: Option<i64>,
        on_roll: Option<i64>,
    ) -> Option<WireYearPlaces> {
        if let (Some(pan), Some(on_roll)) = (pan, on_roll) {
            return Some(WireYearPlaces { pan, on_roll });
        }
        let which = if pan.is_none() { "pan" } else { "on_roll" };
        let e = t.error(r, t.col(which).expect("required column"), "missing value");
        let e = e.hint("pan and on_roll are whole numbers ≥ 0");
        self.issues.push(e.code("csv-missing-value"));
        None
    }

    /// Records the row of a school's year group; a second row for it is an error.
    fn first_row(
        &mut self,
        t: &Table,
        r: &Row,
        seen: &mut PlaceRows,
        key: (usize, String),
        id: &str,
    ) -> Option<()> {
        let year = key.1.clone();
        let Some(prev) = seen.insert(key, r.line) else {
            return Some(());
        };
        let (id, year) = (t.shown(id), t.shown(&year));
        let message = format!("school {id} year {year} is already on row {prev}");
        let at = t.col("year_group").expect("required column");
        let e = t
            .error(r, at, message)
            .hint("one row per school and year group");
        self.issues.push(e.code("csv-duplicate"));
        None
    }
}

/// A row naming a school the register skipped, saying why.
fn skipped_school(t: &Table, r: &Row, id: &str, why: Skip) -> ImportIssue {
    let at = t.col("school_id").expect("required column");
    t.error(
        r,
        at,
        format!("school {} is not in the scenario", t.shown(id)),
    )
    .hint(format!(
        "its register row was skipped: {}; delete this row",
        why.describe()
    ))
    .code("unknown-id")
}

/// A row naming a school that is not in the schools file, with the nearest id.
fn unknown_school(t: &Table, r: &Row, id: &str, index: &BTreeMap<String, usize>) -> ImportIssue {
    let at = t.col("school_id").expect("required column");
    let mut e = t
        .error(r, at, format!("unknown school id {}", t.shown(id)))
        .code("unknown-id");
    let known = index.keys().map(String::as_str);
    e.hint = Some(match crate::scenario::load::suggest(id, known) {
        Some(s) => format!("did you mean {s:?}? Every school_id must be an id of the schools file"),
        None => "every school_id must be an id of the schools file".to_string(),
    });
    e
}
