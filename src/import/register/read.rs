//! Reading a register table: each row's cells parsed into a [`RegisterRow`],
//! every error naming the file, row and column with a hint.

use super::{RegisterRow, COLUMNS};
use crate::import::table::{Col, Row, Table};
use crate::import::ImportIssue;
use std::collections::BTreeMap;

/// Every row of a register table, parsed, or the errors found (file, row, column).
pub fn rows(t: &Table) -> (Vec<RegisterRow>, Vec<ImportIssue>) {
    let urn = match urn_and_location(t) {
        Ok(urn) => urn,
        Err(missing) => return (Vec::new(), missing),
    };
    let (mut out, mut errors) = (Vec::new(), Vec::new());
    for r in &t.rows {
        match row(t, r, urn) {
            Ok(x) => out.push(x),
            Err(e) => errors.push(e),
        }
    }
    (out, errors)
}

/// The column of field `f`: by the field's name or one of the register's.
fn column(t: &Table, f: &str) -> Option<Col> {
    t.col(f).or_else(|| t.col_any(names(f)))
}

/// The accepted header names of field `f`.
fn names(f: &str) -> &'static [&'static str] {
    COLUMNS
        .iter()
        .find(|(n, _)| *n == f)
        .expect("known field")
        .1
}

/// The URN column, or why the table is not a register: no URN, or no grid
/// location.
fn urn_and_location(t: &Table) -> Result<Col, Vec<ImportIssue>> {
    let Some(urn) = column(t, "urn") else {
        return Err(vec![ImportIssue::file(&t.file, "missing column \"URN\" (or \"urn\")")
            .hint("is this a school-register extract? It needs URN, Easting, Northing and PhaseOfEducation (name) or ages")
            .code("csv-missing-column")]);
    };
    let missing: Vec<ImportIssue> = ["easting", "northing"]
        .into_iter()
        .filter(|f| column(t, f).is_none())
        .map(|f| {
            ImportIssue::file(&t.file, format!("missing column {f:?}"))
                .hint("school locations are British National Grid easting and northing, in metres")
                .code("csv-missing-column")
        })
        .collect();
    if missing.is_empty() {
        Ok(urn)
    } else {
        Err(missing)
    }
}

fn row(t: &Table, r: &Row, urn: Col) -> Result<RegisterRow, ImportIssue> {
    let c = Cells { t, r };
    let urn_text = t.required(r, urn, "every school needs its URN")?;
    Ok(RegisterRow {
        line: r.line,
        urn: urn_text.to_string(),
        name: c.text("name"),
        la_code: c.text("la_code"),
        la_name: c.text("la_name"),
        kind: c.text("type"),
        phase: c.text("phase"),
        status: c.text("status"),
        low_age: c.age("low_age")?,
        high_age: c.age("high_age")?,
        sex: c.sex()?,
        ofsted: c.ofsted()?,
        capacity: c.count("capacity")?,
        pupils: c.count("pupils")?,
        easting: c.coord("easting")?,
        northing: c.coord("northing")?,
        trust: c.text("trust"),
    })
}

/// One row's cells, read by field name.
struct Cells<'a> {
    t: &'a Table,
    r: &'a Row,
}

impl Cells<'_> {
    fn text(&self, f: &str) -> Option<String> {
        self.t.get(self.r, column(self.t, f)).map(str::to_string)
    }

    /// An error at field `f`'s cell, which has a value.
    fn error(&self, f: &str, message: String) -> ImportIssue {
        self.t
            .error(self.r, column(self.t, f).expect("value"), message)
    }

    /// A whole number in `0..=max`; out of range, the error saying it is not
    /// `what`, finished by `finish`.
    fn bounded(
        &self,
        f: &str,
        max: i64,
        what: &str,
        finish: impl FnOnce(ImportIssue) -> ImportIssue,
    ) -> Result<Option<u32>, ImportIssue> {
        match self.t.whole(self.r, column(self.t, f))? {
            Some(v) if !(0..=max).contains(&v) => {
                Err(finish(self.error(f, format!("{v} is not {what}"))))
            }
            v => Ok(v.map(|v| v as u32)),
        }
    }

    fn age(&self, f: &str) -> Result<Option<u32>, ImportIssue> {
        self.bounded(f, 99, "an age in years", |e| {
            e.hint("statutory ages are whole years, e.g. 4 and 11")
                .code("csv-number")
        })
    }

    fn count(&self, f: &str) -> Result<Option<u32>, ImportIssue> {
        self.bounded(f, 100_000, "a plausible count", |e| e.code("csv-number"))
    }

    fn coord(&self, f: &str) -> Result<f64, ImportIssue> {
        let c = column(self.t, f).expect("checked");
        self.t.number(self.r, Some(c))?.ok_or_else(|| {
            self.t
                .error(self.r, c, "missing value")
                .hint("every school needs a grid location; fill it in or delete the row")
        })
    }

    /// The gender of intake as the scenario's `sex`; blank is mixed.
    fn sex(&self) -> Result<&'static str, ImportIssue> {
        let gender = self.text("gender");
        match gender.as_deref().map(str::to_ascii_lowercase).as_deref() {
            None | Some("mixed") | Some("not applicable") => Ok("mixed"),
            Some("boys") => Ok("boys"),
            Some("girls") => Ok("girls"),
            Some(_) => {
                let other = gender.as_deref().unwrap_or_default();
                Err(self
                    .error(
                        "gender",
                        format!("{} is not a gender of intake", self.t.shown(other)),
                    )
                    .hint("expected Mixed, Boys or Girls")
                    .code("csv-value"))
            }
        }
    }

    fn ofsted(&self) -> Result<Option<&'static str>, ImportIssue> {
        let Some(o) = self.text("ofsted") else {
            return Ok(None);
        };
        ofsted(&o).ok_or_else(|| {
            self.error("ofsted", format!("{} is not an Ofsted judgement", self.t.shown(&o)))
                .hint("expected Outstanding, Good, Requires improvement, Inadequate, Serious Weaknesses, Special Measures or blank")
                .code("csv-value")
        })
    }
}

/// The scenario value of a register judgement; `Some(None)` for "no grade".
fn ofsted(s: &str) -> Option<Option<&'static str>> {
    Some(match s.to_ascii_lowercase().replace('_', " ").as_str() {
        "outstanding" | "1" => Some("outstanding"),
        "good" | "2" => Some("good"),
        "requires improvement" | "satisfactory" | "3" => Some("requires_improvement"),
        "inadequate" | "serious weaknesses" | "special measures" | "4" => Some("inadequate"),
        "no rating" | "not applicable" | "insufficient evidence" | "not inspected" | "none" => None,
        _ => return None,
    })
}

/// Column labels for provenance: the file's own headers, with the register
/// names also filed under the scenario field they become.
pub fn labels(t: &Table) -> BTreeMap<String, String> {
    let mut labels = t.labels();
    let alias = |field: &str| {
        std::iter::once(field)
            .chain(names(field).iter().copied())
            .find_map(|n| labels.get(&n.to_ascii_lowercase()).cloned())
    };
    let pairs = [
        ("id", "urn"),
        ("name", "name"),
        ("sex", "gender"),
        ("ofsted", "ofsted"),
        ("trust", "trust"),
        ("easting", "easting"),
        ("northing", "northing"),
        ("year_groups", "phase"),
    ];
    let found: Vec<(String, String)> = pairs
        .iter()
        .filter_map(|(to, from)| alias(from).map(|l| (to.to_string(), l)))
        .collect();
    labels.extend(found);
    labels
}
