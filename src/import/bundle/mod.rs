//! The files of an import (SCENARIO.md "Imports") → one wire scenario.
//!
//! [`Builder`] reads each file the sources name (the bundle's CSV files and JSON
//! parts, or a register extract instead of `schools.csv`), checks columns,
//! converts rows with [`super::cells`], and records where every element came
//! from ([`Provenance`]). It collects every error of every file before stopping,
//! so a coordinator sees all of them at once. Only what a cell or a file alone
//! can show is checked here (a known school in `places.csv`, a repeated year
//! group); everything else is left to scenario validation.
//!
//! One file per input: `schools` (a schools file or a register extract),
//! `places`, `aps`, `pupils` and the JSON parts (`json`: meta and policy); this
//! file holds the builder and what they share (reading a table, checking its
//! columns, collecting issues).

mod aps;
mod json;
mod places;
mod pupils;
mod schools;

use super::provenance::Provenance;
use super::register::Skip;
use super::table::Table;
use super::workbook::Parts;
use super::{read, ImportIssue, Resolved, Sources};
use crate::scenario::wire::*;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;

/// Collects the issues and notes of one import while building its scenario.
#[derive(Debug, Default)]
pub struct Builder {
    /// Errors found so far (all files are read before stopping).
    pub issues: Vec<ImportIssue>,
    /// Notes for the user: estimates and skipped rows.
    pub notes: Vec<String>,
    /// Schools of the input that are not in the scenario, and why (`None`: their
    /// row has errors, already reported), so `places.csv` rows naming them are
    /// not reported as unknown ids.
    left_out: BTreeMap<String, Option<Skip>>,
    /// Columns to leave unread (`--ignore-column`).
    ignore: Vec<String>,
    /// A workbook's sheets, read in place of the files they stand in for.
    parts: Parts,
}

impl Builder {
    /// A builder for these sources, with a workbook's sheets if any.
    pub fn new(src: &Sources, parts: Parts) -> Builder {
        Builder {
            ignore: src.ignore_columns.clone(),
            parts,
            ..Builder::default()
        }
    }

    /// Reads every file and assembles the scenario; check `issues` afterwards.
    pub fn build(&mut self, src: &Sources, files: &Resolved) -> (WireScenario, Provenance) {
        let mut prov = Provenance::default();
        let meta = self.meta(src, files, &mut prov);
        let policy = files
            .policy
            .as_deref()
            .and_then(|p| self.policy(p, &mut prov));
        let schools = self.all_schools(src, files, &mut prov);
        let ap_providers = match &files.ap {
            Some(a) => self.aps(a, &mut prov),
            None => Vec::new(),
        };
        let pupils = match &files.pupils {
            Some(p) => self.pupils(p, src.postcodes.as_deref(), &mut prov),
            None => Vec::new(),
        };
        let wire = WireScenario {
            format: crate::scenario::FORMAT.to_string(),
            meta,
            policy,
            schools,
            ap_providers,
            pupils,
        };
        (wire, prov)
    }

    /// The schools (from a register extract or a schools file) with the
    /// places file's year groups.
    fn all_schools(
        &mut self,
        src: &Sources,
        files: &Resolved,
        prov: &mut Provenance,
    ) -> Vec<WireSchool> {
        let mut schools = match (&files.register, &files.schools) {
            (Some(r), _) => self.register(r, src.la.as_deref(), prov),
            (None, Some(s)) => self.schools(s, prov),
            (None, None) => Vec::new(),
        };
        if let Some(p) = &files.places {
            self.places(p, &mut schools, files.register.is_some(), prov);
        }
        schools
    }

    fn table(&mut self, path: &Path, echo: bool) -> Option<Table> {
        let name = path.display().to_string();
        if let Some(grid) = self.parts.sheets.remove(path) {
            return Table::from_rows(&name, grid, echo)
                .map_err(|e| self.issues.push(e))
                .ok();
        }
        let bytes = read(path).map_err(|e| self.issues.push(e)).ok()?;
        Table::parse(&name, &bytes, echo)
            .map_err(|e| self.issues.push(e))
            .ok()
    }

    fn push<T>(&mut self, r: Result<T, ImportIssue>) -> Option<T> {
        r.map_err(|e| self.issues.push(e)).ok()
    }

    /// Required columns, location columns, and no unknown ones.
    fn columns(&mut self, t: &mut Table, known: &[&str], required: &[(&str, &str)]) -> bool {
        let before = self.issues.len();
        let unknown = super::headers::canonicalise(t, known, &self.ignore);
        self.issues.extend(unknown);
        for (c, hint) in required {
            if let Err(e) = t.require(c, hint) {
                self.issues.push(e);
            }
        }
        if known.contains(&"easting") && !has_location(t) {
            self.issues.push(
                ImportIssue::file(&t.file, "missing location columns")
                    .hint(
                        "add easting and northing columns (grid metres), or lat and lon (degrees)",
                    )
                    .code("csv-missing-column"),
            );
        }
        self.issues.len() == before
    }

    fn json_file(&mut self, path: &Path) -> Option<Value> {
        if let Some(v) = self.parts.json.remove(path) {
            return Some(v);
        }
        let name = path.display().to_string();
        let bytes = self.push(read(path))?;
        match crate::scenario::json::parse(&bytes) {
            Ok(v) => Some(v),
            Err(i) => {
                let mut e = super::from_issue(&i, &name);
                if let (Some(l), Some(c)) = (i.line, i.column) {
                    e.path = Some(format!("line {l}, column {c}"));
                }
                self.issues.push(e);
                None
            }
        }
    }

    /// The table at `path` if its columns are right: every `required` one, a
    /// location where `known` has one, none unknown.
    fn table_with(
        &mut self,
        path: &Path,
        echo: bool,
        known: &[&str],
        required: &[(&str, &str)],
    ) -> Option<Table> {
        let mut t = self.table(path, echo)?;
        self.columns(&mut t, known, required).then_some(t)
    }
}

/// Does the table locate its rows: easting and northing, lat and lon, or a
/// postcode?
fn has_location(t: &Table) -> bool {
    let has = |a: &str, b: &str| t.col(a).is_some() && t.col(b).is_some();
    has("easting", "northing") || has("lat", "lon") || t.col("postcode").is_some()
}
