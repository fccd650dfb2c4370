//! Where each part of an imported scenario came from, so that a validation
//! issue (`pupils[3].preferences[1]`) can be reported at the cell it came from
//! (`pupils.csv: row 5, column preferences (I)`).
//!
//! Validation runs on the assembled JSON (one set of rules for every scenario);
//! this module only translates its JSON paths. A path with no recorded origin is
//! reported with the JSON path itself, so nothing is ever lost.

use super::table::Table;
use super::{from_issue, ImportIssue};
use crate::scenario::Issue;
use std::collections::BTreeMap;

/// The rows of one list (`pupils`, `schools`, `ap_providers`) in one file.
#[derive(Debug, Clone, Default)]
pub struct Origin {
    /// The file name used in messages.
    pub file: String,
    /// The row of each list element, by index.
    pub rows: Vec<u64>,
    /// The label (`Header (letter)`) of each column by lower-case field name;
    /// a register's `URN (A)` is also filed under `id`. Fields not found keep
    /// their own name.
    pub columns: BTreeMap<String, String>,
}

impl Origin {
    /// A new origin for the file of `table`, with its column labels.
    pub fn of(table: &Table) -> Origin {
        Origin {
            file: table.file.clone(),
            rows: Vec::new(),
            columns: table.labels(),
        }
    }

    fn column(&self, field: &str) -> String {
        self.columns
            .get(&field.to_ascii_lowercase())
            .cloned()
            .unwrap_or_else(|| field.to_string())
    }
}

/// The row of `places.csv` of each (school index, year group).
pub type PlaceRows = BTreeMap<(usize, String), u64>;

/// The origins of an imported scenario.
#[derive(Debug, Clone, Default)]
pub struct Provenance {
    /// Pupils.
    pub pupils: Origin,
    /// Schools.
    pub schools: Origin,
    /// AP providers.
    pub aps: Origin,
    /// `places.csv`: its origin and the row of each (school index, year group).
    pub places: Option<(Origin, PlaceRows)>,
    /// `policy.json`, if one was read.
    pub policy: Option<String>,
    /// Where `meta` came from (`meta.json` or `--name`).
    pub meta: String,
}

impl Provenance {
    /// The validation issue, at the file, row and column it came from.
    pub fn locate(&self, i: &Issue) -> ImportIssue {
        let path = i.path.as_str();
        let (head, rest) = split_head(path);
        match head {
            "policy" => {
                let mut out = from_issue(i, self.policy.as_deref().unwrap_or("policy.json"));
                out.path = rest.map(str::to_string);
                out
            }
            "meta" => from_issue(i, &self.meta),
            _ => match list_index(head) {
                Some(("pupils", k)) => self.in_list(i, &self.pupils, k, rest, pupil_column),
                Some(("schools", k)) => self.school(i, k, rest),
                Some(("ap_providers", k)) => self.in_list(i, &self.aps, k, rest, ap_column),
                _ => {
                    let file = match head {
                        "pupils" => &self.pupils.file,
                        "schools" => &self.schools.file,
                        "ap_providers" => &self.aps.file,
                        _ => "scenario",
                    };
                    from_issue(i, file)
                }
            },
        }
    }

    fn in_list(
        &self,
        i: &Issue,
        o: &Origin,
        k: usize,
        rest: Option<&str>,
        column: fn(&str, Option<&str>) -> String,
    ) -> ImportIssue {
        let mut out = from_issue(i, &o.file);
        let Some(&row) = o.rows.get(k) else {
            return out;
        };
        out.path = None;
        out.row = Some(row);
        if let Some(rest) = rest {
            let (field, sub) = field_parts(rest);
            out.column = Some(o.column(&column(field, sub)));
        }
        out
    }

    fn school(&self, i: &Issue, k: usize, rest: Option<&str>) -> ImportIssue {
        let (field, sub) = rest.map_or(("", None), field_parts);
        if let ("year_groups" | "fap_this_year", Some(sub), Some((o, rows))) =
            (field, sub, &self.places)
        {
            let (year, leaf) = split_head(sub);
            let year = year.trim_matches('"');
            if let Some(&row) = rows.get(&(k, year.to_string())) {
                let column = match (field, leaf) {
                    ("fap_this_year", _) => "fap_this_year",
                    (_, Some(leaf)) => leaf,
                    _ => "year_group",
                };
                let mut out = from_issue(i, &o.file);
                out.path = None;
                out.row = Some(row);
                out.column = Some(o.column(column));
                return out;
            }
        }
        self.in_list(i, &self.schools, k, rest, school_column)
    }
}

fn pupil_column(field: &str, sub: Option<&str>) -> String {
    match (field, sub) {
        ("home", Some(leaf)) => leaf.to_string(),
        ("home", None) => "easting".to_string(),
        _ => field.to_string(),
    }
}

fn school_column(field: &str, sub: Option<&str>) -> String {
    match (field, sub) {
        ("location", Some(leaf)) => leaf.to_string(),
        ("location", None) => "easting".to_string(),
        ("year_groups" | "fap_this_year", _) => "year_groups".to_string(),
        _ => field.to_string(),
    }
}

fn ap_column(field: &str, sub: Option<&str>) -> String {
    match (field, sub) {
        ("location", Some(leaf)) => leaf.to_string(),
        ("location", None) => "easting".to_string(),
        ("years", Some("[1]")) => "last_year".to_string(),
        ("years", _) => "first_year".to_string(),
        _ => field.to_string(),
    }
}

/// `a.b.c` → (`a`, `b.c`); `a[3].b` → (`a[3]`, `b`). Quoted keys (`"7"`) are
/// kept whole.
fn split_head(path: &str) -> (&str, Option<&str>) {
    let mut quoted = false;
    for (i, c) in path.char_indices() {
        match c {
            '"' => quoted = !quoted,
            '.' if !quoted => return (&path[..i], Some(&path[i + 1..])),
            _ => {}
        }
    }
    (path, None)
}

/// A field segment and what follows it: `years[1]` → (`years`, `[1]`),
/// `home.easting` → (`home`, `easting`).
fn field_parts(rest: &str) -> (&str, Option<&str>) {
    let (seg, after) = split_head(rest);
    match seg.find('[') {
        Some(i) => (&seg[..i], Some(&seg[i..])),
        None => (seg, after),
    }
}

/// `pupils[3]` → (`pupils`, 3).
fn list_index(head: &str) -> Option<(&str, usize)> {
    let (name, rest) = head.split_once('[')?;
    let k = rest.strip_suffix(']')?.parse().ok()?;
    Some((name, k))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_paths() {
        assert_eq!(
            split_head("pupils[3].preferences[1]"),
            ("pupils[3]", Some("preferences[1]"))
        );
        assert_eq!(field_parts("preferences[1]"), ("preferences", Some("[1]")));
        assert_eq!(field_parts("home.easting"), ("home", Some("easting")));
        assert_eq!(
            split_head("year_groups.\"7\".pan"),
            ("year_groups", Some("\"7\".pan"))
        );
        assert_eq!(split_head("\"7\".pan"), ("\"7\"", Some("pan")));
        assert_eq!(split_head("pupils"), ("pupils", None));
        assert_eq!(list_index("schools[12]"), Some(("schools", 12)));
    }

    #[test]
    fn places_issues_point_at_the_places_row() {
        let mut rows = BTreeMap::new();
        rows.insert((1, "7".to_string()), 9);
        let prov = Provenance {
            schools: Origin {
                file: "schools.csv".into(),
                rows: vec![2, 3],
                columns: BTreeMap::new(),
            },
            places: Some((
                Origin {
                    file: "places.csv".into(),
                    ..Origin::default()
                },
                rows,
            )),
            ..Provenance::default()
        };
        let i = Issue::error(
            "negative",
            "schools[1].year_groups.\"7\".on_roll",
            "must be ≥ 0",
        );
        let out = prov.locate(&i);
        assert_eq!((out.file.as_str(), out.row), ("places.csv", Some(9)));
        assert_eq!(out.column.as_deref(), Some("on_roll"));
        let i = Issue::error("enum", "schools[0].sex", "bad");
        let out = prov.locate(&i);
        assert_eq!((out.file.as_str(), out.row), ("schools.csv", Some(2)));
    }
}
