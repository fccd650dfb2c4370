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
//!
//! `read` turns a table's rows into [`RegisterRow`]s (errors name file, row and
//! column); `school` decides what a row means for the scenario: which year
//! groups, whether it is skipped, and its estimated places.

mod read;
mod school;

pub use read::{labels, rows};
pub use school::{Basis, Estimate, Skip};

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::table::Table;

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
