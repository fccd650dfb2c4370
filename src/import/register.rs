//! School-register extracts (Get Information about Schools, GIAS) → schools.
//!
//! The register has its own column names (`URN`, `EstablishmentName`,
//! `PhaseOfEducation (name)`, …); the extracts in `tests/fixtures/register/` use short
//! lower-case ones (`urn`, `name`, `phase`, …). Both are read, matched without
//! regard to case; other columns (the full register has about 130) are ignored.
//!
//! The register knows a school's age range, capacity and roll, but not its
//! places by year group, so those are estimated ([`RegisterRow::estimate`],
//! documented in `docs/import.md`). Rows that are not mainstream schools with a
//! year group in R–11 (nursery, special, AP, 16–19, independent, closed) are
//! skipped and counted ([`Skip`]). The generator reads the same rows for real
//! school locations and sizes, so both agree on what a register row means.

use super::table::{Row, Table};
use super::ImportIssue;
use crate::scenario::wire::{WireLocation, WireSchool, WireYearPlaces};
use crate::scenario::YearGroup;
use std::collections::BTreeMap;

/// Accepted header names for each field: the register's, then the extracts'.
const COLUMNS: &[(&str, &[&str])] = &[
    ("urn", &["URN"]),
    ("name", &["EstablishmentName", "name"]),
    ("la_code", &["LA (code)", "la_code"]),
    ("la_name", &["LA (name)", "la_name"]),
    ("type", &["TypeOfEstablishment (name)", "type"]),
    ("status", &["EstablishmentStatus (name)", "status"]),
    ("phase", &["PhaseOfEducation (name)", "phase"]),
    ("low_age", &["StatutoryLowAge", "low_age"]),
    ("high_age", &["StatutoryHighAge", "high_age"]),
    ("gender", &["Gender (name)", "gender"]),
    ("capacity", &["SchoolCapacity", "capacity"]),
    ("pupils", &["NumberOfPupils", "pupils"]),
    ("easting", &["Easting"]),
    ("northing", &["Northing"]),
    ("ofsted", &["OfstedRating (name)", "ofsted"]),
    ("trust", &["Trusts (name)", "trust"]),
];

/// Establishment types that are not mainstream schools for FAP (matched as
/// lower-case substrings of the type): their pupils are placed by other routes.
const NOT_MAINSTREAM: &[&str] = &[
    "special",
    "pupil referral",
    "alternative provision",
    "independent",
    "16 to 19",
    "16-19",
    "further education",
    "sixth form",
    "higher education",
    "welsh",
    "secure",
    "online",
    "non-maintained",
    "overseas",
    "offshore",
    "other government",
    "miscellaneous",
    "service children",
];

/// One register row, parsed.
#[derive(Debug, Clone, PartialEq)]
pub struct RegisterRow {
    /// Row in the file.
    pub line: u64,
    /// URN: the school's id in the scenario.
    pub urn: String,
    /// Establishment name (public).
    pub name: Option<String>,
    /// LA code, e.g. `211`.
    pub la_code: Option<String>,
    /// LA name.
    pub la_name: Option<String>,
    /// Type of establishment.
    pub kind: Option<String>,
    /// Phase of education as written.
    pub phase: Option<String>,
    /// Establishment status (`Open`, `Closed`, …).
    pub status: Option<String>,
    /// Statutory low age.
    pub low_age: Option<u32>,
    /// Statutory high age.
    pub high_age: Option<u32>,
    /// `mixed`, `boys` or `girls`.
    pub sex: &'static str,
    /// Scenario Ofsted value, `None` when not graded.
    pub ofsted: Option<&'static str>,
    /// School capacity.
    pub capacity: Option<u32>,
    /// Pupils on roll (whole school).
    pub pupils: Option<u32>,
    /// Grid easting, m.
    pub easting: f64,
    /// Grid northing, m.
    pub northing: f64,
    /// Academy trust.
    pub trust: Option<String>,
}

/// Why a register row is not a school of the scenario.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Skip {
    /// Not open.
    Closed,
    /// In another local authority than `--la`.
    OtherLa,
    /// Special, AP, 16–19, independent and the like.
    NotMainstream,
    /// Nursery, 16 plus, "not applicable", or an age range outside R–11.
    NoUsablePhase,
}

impl Skip {
    /// For notes.
    pub fn describe(self) -> &'static str {
        match self {
            Skip::Closed => "not open",
            Skip::OtherLa => "in another local authority",
            Skip::NotMainstream => "not a mainstream school (special, AP, 16-19, independent, ...)",
            Skip::NoUsablePhase => "no year group in R-11 (nursery, 16 plus, no phase or ages)",
        }
    }
}

/// How the places of a school were estimated (see [`RegisterRow::estimate`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Basis {
    /// From capacity and roll.
    CapacityAndRoll,
    /// From capacity; assumed full.
    CapacityOnly,
    /// From the roll, rounded up to whole forms of entry of 15.
    RollOnly,
    /// Neither known: a typical size, assumed full.
    Typical,
}

impl Basis {
    /// For notes.
    pub fn describe(self) -> &'static str {
        match self {
            Basis::CapacityAndRoll => "from capacity and roll",
            Basis::CapacityOnly => "from capacity, roll unknown so assumed full",
            Basis::RollOnly => "from the roll, PAN rounded up to whole forms of 15",
            Basis::Typical => "no capacity or roll: typical PAN, assumed full",
        }
    }
}

/// Estimated places of every year group the school teaches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Estimate {
    /// PAN of each year group.
    pub pan: u32,
    /// Pupils on roll in each year group.
    pub on_roll: u32,
    /// How it was estimated.
    pub basis: Basis,
}

/// Every row of a register table, parsed, or the errors found (file, row, column).
pub fn rows(t: &Table) -> (Vec<RegisterRow>, Vec<ImportIssue>) {
    let col = |f: &str| {
        let names = COLUMNS
            .iter()
            .find(|(n, _)| *n == f)
            .expect("known field")
            .1;
        t.col(f).or_else(|| t.col_any(names))
    };
    let mut errors = Vec::new();
    let Some(urn) = col("urn") else {
        return (
            Vec::new(),
            vec![ImportIssue::file(&t.file, "missing column \"URN\" (or \"urn\")")
                .hint("is this a school-register extract? It needs URN, Easting, Northing and PhaseOfEducation (name) or ages")
                .code("csv-missing-column")],
        );
    };
    for f in ["easting", "northing"] {
        if col(f).is_none() {
            errors.push(
                ImportIssue::file(&t.file, format!("missing column {f:?}"))
                    .hint("school locations are British National Grid easting and northing, in metres")
                    .code("csv-missing-column"),
            );
        }
    }
    if !errors.is_empty() {
        return (Vec::new(), errors);
    }
    let mut out = Vec::new();
    for r in &t.rows {
        match row(t, r, urn, &col) {
            Ok(x) => out.push(x),
            Err(e) => errors.push(e),
        }
    }
    (out, errors)
}

fn row(
    t: &Table,
    r: &Row,
    urn: super::table::Col,
    col: &dyn Fn(&str) -> Option<super::table::Col>,
) -> Result<RegisterRow, ImportIssue> {
    let text = |f: &str| t.get(r, col(f)).map(str::to_string);
    let age = |f: &str| -> Result<Option<u32>, ImportIssue> {
        match t.whole(r, col(f))? {
            Some(v) if !(0..=99).contains(&v) => Err(t
                .error(
                    r,
                    col(f).expect("value"),
                    format!("{v} is not an age in years"),
                )
                .hint("statutory ages are whole years, e.g. 4 and 11")
                .code("csv-number")),
            v => Ok(v.map(|v| v as u32)),
        }
    };
    let count = |f: &str| -> Result<Option<u32>, ImportIssue> {
        match t.whole(r, col(f))? {
            Some(v) if !(0..=100_000).contains(&v) => Err(t
                .error(
                    r,
                    col(f).expect("value"),
                    format!("{v} is not a plausible count"),
                )
                .code("csv-number")),
            v => Ok(v.map(|v| v as u32)),
        }
    };
    let coord = |f: &str| -> Result<f64, ImportIssue> {
        let c = col(f).expect("checked");
        t.number(r, Some(c))?.ok_or_else(|| {
            t.error(r, c, "missing value")
                .hint("every school needs a grid location; fill it in or delete the row")
        })
    };
    let gender = text("gender");
    let sex = match gender.as_deref().map(str::to_ascii_lowercase).as_deref() {
        None | Some("mixed") | Some("not applicable") => "mixed",
        Some("boys") => "boys",
        Some("girls") => "girls",
        Some(_) => {
            let other = gender.as_deref().unwrap_or_default();
            return Err(t
                .error(
                    r,
                    col("gender").expect("value"),
                    format!("{} is not a gender of intake", t.shown(other)),
                )
                .hint("expected Mixed, Boys or Girls")
                .code("csv-value"));
        }
    };
    let ofsted = match text("ofsted") {
        None => None,
        Some(o) => ofsted(&o).ok_or_else(|| {
            t.error(r, col("ofsted").expect("value"), format!("{} is not an Ofsted judgement", t.shown(&o)))
                .hint("expected Outstanding, Good, Requires improvement, Inadequate, Serious Weaknesses, Special Measures or blank")
                .code("csv-value")
        })?,
    };
    let urn_text = t.required(r, urn, "every school needs its URN")?;
    Ok(RegisterRow {
        line: r.line,
        urn: urn_text.to_string(),
        name: text("name"),
        la_code: text("la_code"),
        la_name: text("la_name"),
        kind: text("type"),
        phase: text("phase"),
        status: text("status"),
        low_age: age("low_age")?,
        high_age: age("high_age")?,
        sex,
        ofsted,
        capacity: count("capacity")?,
        pupils: count("pupils")?,
        easting: coord("easting")?,
        northing: coord("northing")?,
        trust: text("trust"),
    })
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
        let names = COLUMNS.iter().find(|(n, _)| *n == field).expect("known").1;
        std::iter::once(field)
            .chain(names.iter().copied())
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

impl RegisterRow {
    /// The year groups R–11 the school teaches: from the statutory ages when
    /// known (a pupil in year `y` turns `y + 5` during it: low age 11 → Year 7,
    /// high age 16 → Year 11, low age 4 or less → Reception), else from the phase.
    pub fn years(&self) -> Option<(YearGroup, YearGroup)> {
        let (first, last) = match (self.low_age, self.high_age) {
            (Some(lo), Some(hi)) => {
                let first = lo.saturating_sub(4) as i64;
                let last = (hi as i64 - 5).min(11);
                (first, last)
            }
            _ => match self.phase_lower().as_deref() {
                Some("primary") => (0, 6),
                Some("secondary") => (7, 11),
                Some("all-through" | "all through") => (0, 11),
                Some("middle deemed primary") => (4, 7),
                Some("middle deemed secondary") => (5, 8),
                _ => return None,
            },
        };
        (first <= last && last >= 0 && first <= 11)
            .then_some((YearGroup(first as u8), YearGroup(last as u8)))
    }

    fn phase_lower(&self) -> Option<String> {
        self.phase.as_ref().map(|p| p.trim().to_ascii_lowercase())
    }

    /// Is the row in this local authority (code or name, case-insensitive)?
    pub fn in_la(&self, la: &str) -> bool {
        let eq = |v: &Option<String>| v.as_deref().is_some_and(|v| v.eq_ignore_ascii_case(la));
        eq(&self.la_code) || eq(&self.la_name)
    }

    /// Why this row is not a mainstream school of the scenario, if it is not.
    pub fn skip(&self, la: Option<&str>) -> Option<Skip> {
        if self
            .status
            .as_deref()
            .is_some_and(|s| !s.to_ascii_lowercase().starts_with("open"))
        {
            return Some(Skip::Closed);
        }
        if la.is_some_and(|la| !self.in_la(la)) {
            return Some(Skip::OtherLa);
        }
        let kind = self.kind.as_deref().unwrap_or("").to_ascii_lowercase();
        if NOT_MAINSTREAM.iter().any(|k| kind.contains(k)) {
            return Some(Skip::NotMainstream);
        }
        let phase = self.phase_lower();
        if matches!(
            phase.as_deref(),
            Some("nursery" | "16 plus" | "not applicable")
        ) || self.years().is_none()
        {
            return Some(Skip::NoUsablePhase);
        }
        None
    }

    /// Year groups weighted by size for spreading capacity and roll: each of
    /// R–11 taught counts 1, each sixth-form year (ages 16–18) ½, a nursery
    /// class (low age 3 or less) ½.
    fn weight(&self) -> f64 {
        let (first, last) = self.years().expect("a school of the scenario has years");
        let main = f64::from(last.0 - first.0 + 1);
        let sixth = self.high_age.map_or(0, |h| h.min(18).saturating_sub(16)) as f64;
        let nursery = if self.low_age.is_some_and(|l| l <= 3) {
            0.5
        } else {
            0.0
        };
        main + 0.5 * sixth + nursery
    }

    /// Places of each year group, the same for every year group taught:
    /// - capacity and roll known: PAN = capacity ÷ weight, on roll = roll ÷ weight
    ///   (rounded);
    /// - capacity only: that PAN, and the school assumed full;
    /// - roll only: on roll = roll ÷ weight, PAN rounded up to whole forms of 15
    ///   (a school of 467 over 7 year groups: 67 on roll, PAN 75);
    /// - neither: PAN 30 (primary) or 180 (secondary), assumed full.
    pub fn estimate(&self) -> Estimate {
        let w = self.weight();
        let per = |n: u32| (f64::from(n) / w).round() as u32;
        match (self.capacity, self.pupils) {
            (Some(c), Some(p)) if c > 0 => Estimate {
                pan: per(c),
                on_roll: per(p),
                basis: Basis::CapacityAndRoll,
            },
            (Some(c), None) if c > 0 => Estimate {
                pan: per(c),
                on_roll: per(c),
                basis: Basis::CapacityOnly,
            },
            (_, Some(p)) if p > 0 => {
                let on_roll = per(p);
                let pan = ((f64::from(p) / w / 15.0).ceil() as u32).max(1) * 15;
                Estimate {
                    pan,
                    on_roll,
                    basis: Basis::RollOnly,
                }
            }
            _ => {
                let secondary = self.years().is_some_and(|(f, _)| f.0 >= 7);
                let pan = if secondary { 180 } else { 30 };
                Estimate {
                    pan,
                    on_roll: pan,
                    basis: Basis::Typical,
                }
            }
        }
    }

    /// The school, with estimated places in every year group it teaches.
    pub fn to_wire(&self) -> WireSchool {
        let (first, last) = self.years().expect("a school of the scenario has years");
        let e = self.estimate();
        let year_groups = (first.0..=last.0)
            .map(|y| {
                (
                    YearGroup(y).to_string(),
                    WireYearPlaces {
                        pan: i64::from(e.pan),
                        on_roll: i64::from(e.on_roll),
                    },
                )
            })
            .collect();
        WireSchool {
            id: self.urn.clone(),
            name: self.name.clone(),
            location: WireLocation::Grid {
                easting: self.easting,
                northing: self.northing,
            },
            sex: (self.sex != "mixed").then(|| self.sex.to_string()),
            ofsted: self.ofsted.map(str::to_string),
            year_groups,
            fap_this_year: None,
            accepts_fap: None,
            trust: self.trust.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(csv: &str) -> Vec<RegisterRow> {
        let t = Table::parse("r.csv", csv.as_bytes(), true).unwrap();
        let (rows, errors) = rows(&t);
        assert!(errors.is_empty(), "{errors:?}");
        rows
    }

    #[test]
    fn reads_both_header_styles() {
        let gias = "URN,EstablishmentName,Easting,Northing,PhaseOfEducation (name),Gender (name),StatutoryLowAge,StatutoryHighAge,SchoolCapacity,NumberOfPupils,OfstedRating (name)\n\
                    100965,Bow School,538190,182375,Secondary,Mixed,11,18,1350,1173,Good\n";
        let short = "urn,name,la_code,la_name,type,phase,low_age,high_age,gender,capacity,pupils,easting,northing,postcode,ofsted\n\
                     100965,Bow School,211,Tower Hamlets,Community school,Secondary,11,18,Mixed,1350,1173,538190,182375,E3 3QW,Good\n";
        let a = parse(gias).remove(0).to_wire();
        let b = parse(short).remove(0).to_wire();
        assert_eq!(a, b);
        // 5 main years + 2 sixth-form years at ½: 1350 / 6 = 225, 1173 / 6 = 195.5 → 196.
        assert_eq!(a.year_groups.len(), 5);
        assert_eq!(a.year_groups["7"].pan, 225);
        assert_eq!(a.year_groups["11"].on_roll, 196);
        assert_eq!(a.ofsted.as_deref(), Some("good"));
    }

    #[test]
    fn years_come_from_ages_then_phase() {
        let r = parse("urn,easting,northing,phase,low_age,high_age\n1,1,1,Primary,3,11\n2,1,1,Secondary,14,19\n3,1,1,Primary,,\n4,1,1,Nursery,2,5\n5,1,1,All through,16,19\n");
        let y = |i: usize| r[i].years().map(|(a, b)| (a.to_string(), b.to_string()));
        assert_eq!(y(0), Some(("R".into(), "6".into())));
        assert_eq!(y(1), Some(("10".into(), "11".into())));
        assert_eq!(y(2), Some(("R".into(), "6".into())));
        assert_eq!(r[3].skip(None), Some(Skip::NoUsablePhase));
        assert_eq!(r[4].skip(None), Some(Skip::NoUsablePhase));
    }

    #[test]
    fn estimates_without_capacity_use_forms_of_15() {
        let r = parse("urn,easting,northing,phase,pupils\n1,1,1,Primary,467\n2,1,1,Secondary,\n");
        let e = r[0].estimate();
        assert_eq!((e.pan, e.on_roll, e.basis), (75, 67, Basis::RollOnly));
        let e = r[1].estimate();
        assert_eq!((e.pan, e.on_roll, e.basis), (180, 180, Basis::Typical));
    }

    #[test]
    fn skips_special_and_other_authorities() {
        let r = parse("urn,easting,northing,phase,type,la_code,low_age,high_age\n1,1,1,Not applicable,Community special school,211,5,18\n2,1,1,Primary,Community school,383,4,11\n");
        assert_eq!(r[0].skip(None), Some(Skip::NotMainstream));
        assert_eq!(r[1].skip(Some("211")), Some(Skip::OtherLa));
        assert_eq!(r[1].skip(Some("383")), None);
    }
}
