//! Cells → wire values: the rows of `pupils.csv` and the values every bundle
//! file shares (locations, lists, enumerations, year groups).
//!
//! Columns are the scenario's field names; an empty cell means the field is
//! absent (its default applies), so that export then import gives the same
//! scenario. Enumerated values are lower-cased with spaces as underscores (`FAP`
//! → `fap`, `Requires improvement` → `requires_improvement`) and year groups
//! accept `Year 7`, `Y7`, `07` and `Reception`, as spreadsheets tend to say them.
//! Only what a cell alone can show is checked; meaning is left to validation.

use super::postcodes::Postcodes;
use super::table::{Col, Row, Table};
use super::ImportIssue;
use crate::scenario::wire::{WireLocation, WirePupil};
use std::collections::BTreeMap;

/// Columns of `pupils.csv`, in the order `fap export` writes them.
pub const PUPIL_COLUMNS: &[&str] = &[
    "id",
    "kind",
    "category",
    "year_group",
    "sex",
    "easting",
    "northing",
    "lat",
    "lon",
    "postcode",
    "days_out_of_education",
    "preferences",
    "excluded_from",
    "previous_schools",
    "siblings_at",
    "avoid",
    "route",
    "needs",
    "behaviour_concern",
    "twice_excluded",
    "load_weight",
    "pinned",
    "travel_km",
];
/// Columns of `schools.csv`.
pub const SCHOOL_COLUMNS: &[&str] = &[
    "id",
    "name",
    "sex",
    "ofsted",
    "easting",
    "northing",
    "lat",
    "lon",
    "accepts_fap",
    "trust",
];
/// Columns of `places.csv`.
pub const PLACE_COLUMNS: &[&str] = &["school_id", "year_group", "pan", "on_roll", "fap_this_year"];
/// Columns of `ap.csv`.
pub const AP_COLUMNS: &[&str] = &[
    "id",
    "name",
    "places",
    "first_year",
    "last_year",
    "specialisms",
    "easting",
    "northing",
    "lat",
    "lon",
];

/// One pupil row; every cell error of the row is returned.
pub fn pupil(t: &Table, r: &Row) -> Result<WirePupil, Vec<ImportIssue>> {
    pupil_at(t, r, None)
}

/// One pupil row, homes given as postcodes looked up in `homes`.
pub fn pupil_at(
    t: &Table,
    r: &Row,
    homes: Option<&Postcodes>,
) -> Result<WirePupil, Vec<ImportIssue>> {
    let mut errors = Vec::new();
    let c = |n: &str| t.col(n);
    let req = |n: &str, hint: &str, errors: &mut Vec<ImportIssue>| -> String {
        // NOTE: callers check the header first; a missing column is still an
        // error here, never a panic (found by fuzzing, fuzz/ csv_import).
        t.require(n, hint)
            .and_then(|col| t.required(r, col, hint))
            .map_err(|e| errors.push(e))
            .map(str::to_string)
            .unwrap_or_default()
    };
    let id = req(
        "id",
        "every pupil needs a pseudonymous id such as P0007",
        &mut errors,
    );
    let kind = req("kind", "fap or in_year", &mut errors);
    let year = req("year_group", "R or 1..11", &mut errors);
    let sex = req("sex", "f, m or x", &mut errors);
    let e = &mut errors;
    let home = take(e, home(t, r, homes));
    let days = take(e, t.number(r, c("days_out_of_education")));
    let load_weight = take(e, t.number(r, c("load_weight")));
    let behaviour = take(e, t.boolean(r, c("behaviour_concern")));
    let twice = take(e, t.boolean(r, c("twice_excluded")));
    let travel = take(e, travel_km(t, r, c("travel_km")));
    let (
        Some(home),
        Some(days),
        Some(load_weight),
        Some(behaviour),
        Some(twice),
        Some(travel),
        true,
    ) = (
        home,
        days,
        load_weight,
        behaviour,
        twice,
        travel,
        errors.is_empty(),
    )
    else {
        return Err(errors);
    };
    Ok(WirePupil {
        id,
        kind: enum_value(&kind),
        category: t.get(r, c("category")).map(str::to_ascii_lowercase),
        year_group: year_group(&year),
        sex: pupil_sex(&sex),
        home,
        days_out_of_education: days,
        preferences: t.list(r, c("preferences")),
        excluded_from: t.list(r, c("excluded_from")),
        previous_schools: t.list(r, c("previous_schools")),
        siblings_at: t.list(r, c("siblings_at")),
        avoid: t.list(r, c("avoid")),
        route: t.get(r, c("route")).map(enum_value),
        needs: t.list(r, c("needs")),
        behaviour_concern: behaviour,
        twice_excluded: twice,
        load_weight,
        pinned: t.get(r, c("pinned")).map(str::to_string),
        travel_km: travel,
    })
}

/// The value, or `None` with its error added to `errors`.
fn take<T>(errors: &mut Vec<ImportIssue>, r: Result<T, ImportIssue>) -> Option<T> {
    r.map_err(|e| errors.push(e)).ok()
}

/// A pupil's home: its `postcode` through the lookup table, or its location
/// columns.
fn home(t: &Table, r: &Row, homes: Option<&Postcodes>) -> Result<WireLocation, ImportIssue> {
    let c = t.col("postcode");
    let Some(pc) = t.get(r, c) else {
        return location(t, r, "a pupil");
    };
    let c = c.expect("a cell implies a column");
    let coords = ["easting", "northing", "lat", "lon"];
    if coords.iter().any(|n| t.get(r, t.col(n)).is_some()) {
        return Err(t
            .error(r, c, "both a postcode and a location")
            .hint("give the postcode or the location columns, not both")
            .code("csv-location"));
    }
    let Some(homes) = homes else {
        return Err(t
            .error(r, c, "homes given as postcodes need a postcode table")
            .hint("pass --postcodes FILE (ONS Postcode Directory or Code-Point Open CSV)")
            .code("postcode"));
    };
    homes.home(pc).map_err(|m| {
        t.error(r, c, m)
            .hint("check the postcode, or use a newer postcode table")
            .code("postcode")
    })
}

/// `easting`,`northing` or `lat`,`lon` of a row.
pub fn location(t: &Table, r: &Row, what: &str) -> Result<WireLocation, ImportIssue> {
    let (e, n, la, lo) = (
        t.col("easting"),
        t.col("northing"),
        t.col("lat"),
        t.col("lon"),
    );
    let grid = (t.number(r, e)?, t.number(r, n)?);
    let deg = (t.number(r, la)?, t.number(r, lo)?);
    let pick = |c: Option<Col>| c.or(e).or(la).or(n).or(lo);
    match (grid, deg) {
        ((Some(easting), Some(northing)), (None, None)) => {
            Ok(WireLocation::Grid { easting, northing })
        }
        ((None, None), (Some(lat), Some(lon))) => Ok(WireLocation::LatLon { lat, lon }),
        ((None, None), (None, None)) => Err(t
            .error_at(r, pick(None), format!("missing location of {what}"))
            .hint("fill in easting and northing (grid metres) or lat and lon (degrees)")
            .code("csv-location")),
        ((Some(_), Some(_)), _) | (_, (Some(_), Some(_))) => Err(t
            .error_at(r, pick(la), "both a grid and a lat/lon location")
            .hint("give easting/northing or lat/lon, not both")
            .code("csv-location")),
        ((ge, _), (gl, _)) => {
            let missing = match (ge, gl) {
                (Some(_), _) => n,
                (None, Some(_)) => lo,
                (None, None) if grid.1.is_some() => e,
                _ => la,
            };
            Err(t
                .error_at(r, pick(missing), "missing value")
                .hint("a location needs both easting and northing, or both lat and lon")
                .code("csv-location"))
        }
    }
}

/// `S012:3.4;AP1:6` → measured journeys in km.
fn travel_km(
    t: &Table,
    r: &Row,
    c: Option<Col>,
) -> Result<Option<BTreeMap<String, f64>>, ImportIssue> {
    let Some(items) = t.list(r, c) else {
        return Ok(None);
    };
    let c = c.expect("a list implies a column");
    let mut out = BTreeMap::new();
    for item in items {
        let bad = || {
            t.error(r, c, format!("{} is not school:km", t.shown(&item)))
                .hint("write measured journeys as S012:3.4;AP1:6 (id, colon, km)")
                .code("csv-travel")
        };
        let (id, km) = item.split_once(':').ok_or_else(bad)?;
        let km = km
            .trim()
            .replace(',', ".")
            .parse::<f64>()
            .ok()
            .filter(|v| v.is_finite())
            .ok_or_else(bad)?;
        out.insert(id.trim().to_string(), km);
    }
    Ok(Some(out))
}

/// A pupil's sex as registers write it: `Female`/`F` → `f`, `Male`/`M` → `m`;
/// anything else as [`enum_value`] makes it (validation names the choices).
pub fn pupil_sex(s: &str) -> String {
    match enum_value(s).as_str() {
        "female" | "girl" => "f".to_string(),
        "male" | "boy" => "m".to_string(),
        other => other.to_string(),
    }
}

/// Lower case, spaces as underscores: `Requires improvement` → `requires_improvement`.
pub fn enum_value(s: &str) -> String {
    s.trim().to_ascii_lowercase().replace([' ', '-'], "_")
}

/// `Year 7`, `Y7`, `yr 7`, `07` → `7`; `Reception`, `YR` → `R`; anything else as written.
pub fn year_group(s: &str) -> String {
    let l = s.trim().to_ascii_lowercase();
    if matches!(l.as_str(), "r" | "reception" | "yr" | "year r") {
        return "R".to_string();
    }
    let digits = ["year", "yr", "y"]
        .iter()
        .find_map(|p| l.strip_prefix(p))
        .unwrap_or(&l)
        .trim();
    match digits.parse::<u8>() {
        Ok(n) if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) => n.to_string(),
        _ => s.trim().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn year_groups_as_spreadsheets_say_them() {
        for (s, want) in [
            ("Year 7", "7"),
            ("Y10", "10"),
            ("07", "7"),
            ("Reception", "R"),
            ("r", "R"),
            ("12", "12"),
            ("x", "x"),
        ] {
            assert_eq!(year_group(s), want, "{s}");
        }
    }

    #[test]
    fn enum_values_are_lower_case_with_underscores() {
        assert_eq!(enum_value("Requires improvement"), "requires_improvement");
        assert_eq!(enum_value("FAP"), "fap");
        assert_eq!(enum_value("in-year"), "in_year");
        assert_eq!(pupil_sex("Female"), "f");
        assert_eq!(pupil_sex("MALE"), "m");
        assert_eq!(pupil_sex("X"), "x");
    }
}

#[cfg(test)]
mod fuzz_regressions {
    use super::*;

    /// Found by `cargo fuzz run csv_import`: an AP table read as pupils has no
    /// `id`-style required columns; the row reader reported a panic, not errors.
    #[test]
    fn fuzz_csv_import_missing_required_column_is_an_error() {
        let bytes =
            include_bytes!("../../tests/fixtures/fuzz/csv_import-missing-required-column.csv");
        let t = Table::parse("pupils.csv", bytes, false).expect("the table parses");
        assert!(!t.rows.is_empty());
        for r in &t.rows {
            let errors = pupil(&t, r).expect_err("required columns are missing");
            assert!(!errors.is_empty());
        }
    }

    /// Found by `cargo fuzz run csv_import`: a school-places table read as
    /// pupils has no location columns at all; the location reader assumed the
    /// file check had run and panicked. Now each row gets a located error.
    #[test]
    fn fuzz_csv_import_no_location_columns_is_an_error() {
        let bytes = include_bytes!("../../tests/fixtures/fuzz/csv_import-no-location-columns.csv");
        let t = Table::parse("pupils.csv", bytes, false).expect("the table parses");
        assert!(!t.rows.is_empty());
        for r in &t.rows {
            let e = location(&t, r, "a pupil").expect_err("no location columns");
            assert!(e.to_string().contains("missing location"), "{e}");
        }
    }
}
