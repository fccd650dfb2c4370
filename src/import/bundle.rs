//! The files of an import (SCENARIO.md "Imports") → one wire scenario.
//!
//! [`Builder`] reads each file the sources name (the bundle's CSV files and JSON
//! parts, or a register extract instead of `schools.csv`), checks columns,
//! converts rows with [`super::cells`], and records where every element came
//! from ([`Provenance`]). It collects every error of every file before stopping,
//! so a coordinator sees all of them at once. Only what a cell or a file alone
//! can show is checked here (a known school in `places.csv`, a repeated year
//! group); everything else is left to scenario validation.

use super::cells::{enum_value, location, pupil_at, year_group};
use super::cells::{AP_COLUMNS, PLACE_COLUMNS, PUPIL_COLUMNS, SCHOOL_COLUMNS};
use super::postcodes::Postcodes;
use super::provenance::{Origin, PlaceRows, Provenance};
use super::register::{self, Basis, Skip};
use super::table::Table;
use super::workbook::Parts;
use super::{read, ImportIssue, Resolved, Sources};
use crate::scenario::wire::*;
use serde_json::{Map, Value};
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
        let mut schools = match (&files.register, &files.schools) {
            (Some(r), _) => self.register(r, src.la.as_deref(), &mut prov),
            (None, Some(s)) => self.schools(s, &mut prov),
            (None, None) => Vec::new(),
        };
        if let Some(p) = &files.places {
            self.places(p, &mut schools, files.register.is_some(), &mut prov);
        }
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
        let has = |a: &str, b: &str| t.col(a).is_some() && t.col(b).is_some();
        let postcode = t.col("postcode").is_some();
        if known.contains(&"easting")
            && !has("easting", "northing")
            && !has("lat", "lon")
            && !postcode
        {
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

    fn meta(
        &mut self,
        src: &Sources,
        files: &Resolved,
        prov: &mut Provenance,
    ) -> Map<String, Value> {
        let mut meta = Map::new();
        prov.meta = "--name".to_string();
        if let Some(p) = &files.meta {
            prov.meta = p.display().to_string();
            match self.json_file(p) {
                Some(Value::Object(m)) => meta = m,
                Some(_) => self.issues.push(
                    ImportIssue::file(&prov.meta, "expected a JSON object")
                        .hint("meta.json holds e.g. {\"name\": \"Autumn 2 secondary panel\"}")
                        .code("type"),
                ),
                None => {}
            }
        }
        if let Some(n) = &src.name {
            meta.insert("name".into(), Value::String(n.clone()));
            prov.meta = "--name".to_string();
        }
        meta
    }

    fn policy(&mut self, path: &Path, prov: &mut Provenance) -> Option<WirePolicy> {
        let name = path.display().to_string();
        prov.policy = Some(name.clone());
        let v = self.json_file(path)?;
        match serde_path_to_error::deserialize::<_, WirePolicy>(&v) {
            // An empty policy is no policy: every default applies either way.
            Ok(p) if p == WirePolicy::default() => None,
            Ok(p) => Some(p),
            Err(e) => {
                let path = crate::scenario::json::json_path(e.path());
                let mut i = ImportIssue::file(&name, e.into_inner().to_string())
                    .hint("policy.json holds the `policy` object of docs/scenario-format.md")
                    .code("policy");
                i.path = (!path.is_empty()).then_some(path);
                self.issues.push(i);
                None
            }
        }
    }

    fn schools(&mut self, path: &Path, prov: &mut Provenance) -> Vec<WireSchool> {
        let Some(mut t) = self.table(path, true) else {
            return Vec::new();
        };
        let req = [("id", "each school needs an id, e.g. S012 or its URN")];
        if !self.columns(&mut t, SCHOOL_COLUMNS, &req) {
            return Vec::new();
        }
        let c = |n: &str| t.col(n);
        let mut out = Vec::new();
        prov.schools = Origin::of(&t);
        for r in &t.rows {
            let id =
                self.push(t.required(r, c("id").expect("required"), "each school needs an id"));
            let location = self.push(location(&t, r, "a school"));
            let accepts_fap = self.push(t.boolean(r, c("accepts_fap")));
            let (Some(id), Some(location), Some(accepts_fap)) = (id, location, accepts_fap) else {
                if let Some(id) = id {
                    self.left_out.insert(id.to_string(), None);
                }
                continue;
            };
            prov.schools.rows.push(r.line);
            out.push(WireSchool {
                id: id.to_string(),
                name: t.get(r, c("name")).map(str::to_string),
                location,
                sex: t.get(r, c("sex")).map(enum_value),
                ofsted: t.get(r, c("ofsted")).map(enum_value),
                year_groups: BTreeMap::new(),
                fap_this_year: None,
                accepts_fap,
                trust: t.get(r, c("trust")).map(str::to_string),
            });
        }
        out
    }

    fn register(
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
        for (why, urns) in &skipped {
            self.notes.push(format!(
                "{}: skipped {} row(s), {}: URN {}",
                t.file,
                urns.len(),
                why.describe(),
                abbreviate(urns)
            ));
        }
        for (basis, n) in &bases {
            self.notes.push(format!(
                "{}: places of {n} school(s) estimated {}",
                t.file,
                basis.describe()
            ));
        }
        if la.is_some() && out.is_empty() && self.issues.is_empty() {
            self.issues.push(
                ImportIssue::file(&t.file, "no school of this local authority")
                    .hint("--la takes the LA code (e.g. 211) or its name (e.g. \"Tower Hamlets\")")
                    .code("csv-la"),
            );
        }
        out
    }

    fn places(
        &mut self,
        path: &Path,
        schools: &mut [WireSchool],
        overrides: bool,
        prov: &mut Provenance,
    ) {
        let Some(mut t) = self.table(path, true) else {
            return;
        };
        let req = [
            ("school_id", "the id of the school (as in schools.csv)"),
            ("year_group", "R or 1..11"),
            ("pan", "the published admission number of the year group"),
            ("on_roll", "pupils on roll in the year group now"),
        ];
        if !self.columns(&mut t, PLACE_COLUMNS, &req) {
            return;
        }
        let index: BTreeMap<String, usize> = schools
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.clone(), i))
            .collect();
        let c = |n: &str| t.col(n).expect("required column");
        let mut rows: PlaceRows = BTreeMap::new();
        let mut ledgers: Vec<BTreeMap<String, i64>> = vec![BTreeMap::new(); schools.len()];
        for r in &t.rows {
            let id = self.push(t.required(r, c("school_id"), "name the school"));
            let year = self.push(t.required(r, c("year_group"), "R or 1..11"));
            let pan = self.push(t.whole(r, Some(c("pan"))));
            let on_roll = self.push(t.whole(r, Some(c("on_roll"))));
            let fap = self.push(t.whole(r, t.col("fap_this_year")));
            let (Some(id), Some(year), Some(pan), Some(on_roll), Some(fap)) =
                (id, year, pan, on_roll, fap)
            else {
                continue;
            };
            let Some(&s) = index.get(id) else {
                if let Some(why) = self.left_out.get(id) {
                    if let Some(why) = why {
                        self.issues.push(
                            t.error(
                                r,
                                c("school_id"),
                                format!("school {} is not in the scenario", t.shown(id)),
                            )
                            .hint(format!(
                                "its register row was skipped: {}; delete this row",
                                why.describe()
                            ))
                            .code("unknown-id"),
                        );
                    }
                    continue;
                }
                let known = index.keys().map(String::as_str);
                let mut e = t
                    .error(
                        r,
                        c("school_id"),
                        format!("unknown school id {}", t.shown(id)),
                    )
                    .code("unknown-id");
                e.hint = Some(match crate::scenario::load::suggest(id, known) {
                    Some(s) => format!(
                        "did you mean {s:?}? Every school_id must be an id of the schools file"
                    ),
                    None => "every school_id must be an id of the schools file".to_string(),
                });
                self.issues.push(e);
                continue;
            };
            let (Some(pan), Some(on_roll)) = (pan, on_roll) else {
                let which = if pan.is_none() { "pan" } else { "on_roll" };
                self.issues.push(
                    t.error(r, c(which), "missing value")
                        .hint("pan and on_roll are whole numbers ≥ 0")
                        .code("csv-missing-value"),
                );
                continue;
            };
            let year = year_group(year);
            if let Some(prev) = rows.insert((s, year.clone()), r.line) {
                self.issues.push(
                    t.error(
                        r,
                        c("year_group"),
                        format!(
                            "school {} year {} is already on row {prev}",
                            t.shown(id),
                            t.shown(&year)
                        ),
                    )
                    .hint("one row per school and year group")
                    .code("csv-duplicate"),
                );
                continue;
            }
            // With a register, a given row replaces the estimate of that year group.
            schools[s]
                .year_groups
                .insert(year.clone(), WireYearPlaces { pan, on_roll });
            if let Some(n) = fap {
                ledgers[s].insert(year, n);
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

    fn aps(&mut self, path: &Path, prov: &mut Provenance) -> Vec<WireAp> {
        let Some(mut t) = self.table(path, true) else {
            return Vec::new();
        };
        let req = [
            ("id", "each AP provider needs an id, e.g. AP1"),
            ("places", "places free for this round"),
            ("first_year", "the first year group served, e.g. 7"),
            ("last_year", "the last year group served, e.g. 11"),
        ];
        if !self.columns(&mut t, AP_COLUMNS, &req) {
            return Vec::new();
        }
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

    fn pupils(
        &mut self,
        path: &Path,
        postcodes: Option<&Path>,
        prov: &mut Provenance,
    ) -> Vec<WirePupil> {
        let Some(mut t) = self.table(path, false) else {
            return Vec::new();
        };
        let req = [
            ("id", "a pseudonymous reference such as P0007, never a name"),
            ("kind", "fap or in_year"),
            ("year_group", "R or 1..11"),
            ("sex", "f, m or x"),
        ];
        if !self.columns(&mut t, PUPIL_COLUMNS, &req) {
            return Vec::new();
        }
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
}

impl Builder {
    /// The postcode table's entries for the postcodes of `t` (none without a
    /// postcode column).
    fn postcodes(&mut self, t: &Table, path: &Path) -> Option<Postcodes> {
        let c = t.col("postcode")?;
        let wanted = t
            .rows
            .iter()
            .filter_map(|r| t.get(r, Some(c)))
            .map(super::postcodes::key)
            .collect();
        self.push(Postcodes::load(path, &wanted))
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
