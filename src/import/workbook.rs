//! A round in one workbook (`fap import round.xlsx`): sheets `pupils`,
//! `schools`, `places`, `ap` with the bundle's columns, and `policy` (and
//! optionally `meta`) as two columns `setting`, `value`.
//!
//! Each sheet is handed to the bundle reader as if it were the CSV file of the
//! same name ([`Parts`]), so a workbook is checked exactly as a bundle is and
//! its messages name `round.xlsx [pupils]`, the sheet's row and column letter.
//! Sheet names are matched like headers ("Pupils", "AP providers"); other
//! sheets (a how-to) are left alone. A `policy` row is a dotted setting
//! (`fap_cap.mode`) and a value: a number, `true`/`false`, JSON, or text.

use super::headers::normalise;
use super::table::Table;
use super::{ImportIssue, Resolved};
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The parts of a workbook, filed under the names the bundle reader asks for.
#[derive(Debug, Default)]
pub struct Parts {
    /// Sheets read as tables, by their stand-in path.
    pub sheets: BTreeMap<PathBuf, Vec<Vec<String>>>,
    /// `policy` and `meta` sheets as JSON objects, by stand-in path.
    pub json: BTreeMap<PathBuf, Value>,
}

/// Sheet names (normalised) for each part.
const SHEETS: &[(&str, &[&str])] = &[
    ("pupils", &["pupils", "pupil"]),
    ("schools", &["schools", "school"]),
    ("places", &["places", "year_groups"]),
    ("ap", &["ap", "ap_providers", "alternative_provision"]),
    ("policy", &["policy"]),
    ("meta", &["meta", "round"]),
];

/// Reads the workbook at `path` into the files of an import.
pub fn read(path: &Path) -> Result<(Resolved, Parts), ImportIssue> {
    let file = path.display().to_string();
    let bytes = super::read(path)?;
    let sheets = crate::workbook::read::sheets_from_bytes(&bytes).map_err(|m| {
        ImportIssue::file(&file, m)
            .hint("save the workbook as .xlsx (Excel Workbook) and try again")
            .code("xlsx")
    })?;
    let mut found: BTreeMap<&str, (String, Vec<Vec<String>>)> = BTreeMap::new();
    for (name, grid) in sheets {
        let n = normalise(&name);
        if let Some((part, _)) = SHEETS.iter().find(|(_, names)| names.contains(&n.as_str())) {
            if let Some((other, _)) = found.get(part) {
                return Err(ImportIssue::file(
                    &file,
                    format!("sheets {other:?} and {name:?} are both the {part} sheet"),
                )
                .hint("keep one of them, or rename the other")
                .code("xlsx"));
            }
            found.insert(part, (name, grid));
        }
    }
    let mut resolved = Resolved::default();
    let mut parts = Parts::default();
    for (part, (name, grid)) in found {
        let stand_in = PathBuf::from(format!("{file} [{name}]"));
        match part {
            "policy" | "meta" => {
                parts
                    .json
                    .insert(stand_in.clone(), settings(&stand_in, grid)?);
            }
            _ => {
                parts.sheets.insert(stand_in.clone(), grid);
            }
        }
        let slot = match part {
            "pupils" => &mut resolved.pupils,
            "schools" => &mut resolved.schools,
            "places" => &mut resolved.places,
            "ap" => &mut resolved.ap,
            "policy" => &mut resolved.policy,
            _ => &mut resolved.meta,
        };
        *slot = Some(stand_in);
    }
    for (part, what) in [
        ("pupils", resolved.pupils.is_none()),
        ("schools", resolved.schools.is_none()),
        ("places", resolved.places.is_none()),
    ] {
        if what {
            return Err(ImportIssue::file(&file, format!("no sheet named {part:?}"))
                .hint("a round's workbook has sheets pupils, schools, places and, optionally, ap and policy (`fap template` writes a blank one)")
                .code("xlsx"));
        }
    }
    Ok((resolved, parts))
}

/// A `setting`/`value` sheet as a JSON object (`fap_cap.mode` → nested).
fn settings(stand_in: &Path, grid: Vec<Vec<String>>) -> Result<Value, ImportIssue> {
    let mut t = Table::from_rows(&stand_in.display().to_string(), grid, true)?;
    if let Some(e) = super::headers::canonicalise(&mut t, &["setting", "value"], &[])
        .into_iter()
        .next()
    {
        return Err(e);
    }
    let (Some(sc), vc) = (t.col("setting"), t.col("value")) else {
        return Err(ImportIssue::file(&t.file, "missing column \"setting\"")
            .hint("the first row names two columns: setting, value")
            .code("csv-missing-column"));
    };
    let mut root = Map::new();
    for r in &t.rows {
        let Some(key) = t.get(r, Some(sc)) else {
            continue;
        };
        let Some(v) = t.get(r, vc) else {
            continue;
        };
        let path: Vec<String> = key.split('.').map(normalise).collect();
        let v = match super::table::truth(v) {
            Some(b) if BOOLEAN_SETTINGS.contains(&path.join(".").as_str()) => Value::Bool(b),
            _ => value(v),
        };
        insert(&mut root, &path, v).map_err(|()| {
            t.error(r, sc, format!("setting {} is given twice", t.shown(key)))
                .hint("one row per setting")
                .code("csv-duplicate")
        })?;
    }
    Ok(Value::Object(root))
}

/// Settings that are true or false: a spreadsheet may hold them as TRUE, yes
/// or 1 (LibreOffice saves a typed TRUE as the number 1 shown as TRUE).
const BOOLEAN_SETTINGS: &[&str] = &["protect_inadequate"];

/// A cell as JSON: numbers, `true`/`false`, arrays and objects as JSON, any
/// other text as a string.
pub fn value(s: &str) -> Value {
    match serde_json::from_str::<Value>(s) {
        Ok(v) if !v.is_null() => v,
        _ => Value::String(s.to_string()),
    }
}

fn insert(map: &mut Map<String, Value>, path: &[String], v: Value) -> Result<(), ()> {
    match path {
        [] => Err(()),
        [last] => match map.insert(last.clone(), v) {
            None => Ok(()),
            Some(_) => Err(()),
        },
        [head, rest @ ..] => match map
            .entry(head.clone())
            .or_insert_with(|| Value::Object(Map::new()))
        {
            Value::Object(m) => insert(m, rest, v),
            _ => Err(()),
        },
    }
}

/// A JSON object as `setting`/`value` rows (the inverse of the sheet's
/// reading): nested keys dotted, text that would read back as another JSON
/// type quoted.
pub fn setting_rows(v: &Map<String, Value>) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    flatten("", v, &mut rows);
    rows
}

fn flatten(prefix: &str, v: &Map<String, Value>, rows: &mut Vec<Vec<String>>) {
    for (k, x) in v {
        let key = if prefix.is_empty() {
            k.clone()
        } else {
            format!("{prefix}.{k}")
        };
        match x {
            Value::Object(m) if !m.is_empty() => flatten(&key, m, rows),
            Value::String(s) if value(s) == *x => rows.push(vec![key, s.clone()]),
            other => rows.push(vec![key, other.to_string()]),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_round_trip_through_rows() {
        let v = serde_json::json!({"fap_cap": {"mode": "soft", "share": 1.5},
            "max_above_pan": 1, "protect_inadequate": true, "name": "12", "list": [1, 2]});
        let rows = setting_rows(v.as_object().unwrap());
        let mut grid = vec![vec!["Setting".to_string(), "Value".to_string()]];
        grid.extend(rows);
        assert_eq!(settings(Path::new("w [policy]"), grid).unwrap(), v);
    }

    #[test]
    fn a_boolean_setting_saved_as_1_or_yes_reads_as_true_and_counts_stay_numbers() {
        let row = |k: &str, v: &str| vec![k.to_string(), v.to_string()];
        let grid = vec![
            row("setting", "value"),
            row("protect_inadequate", "1"),
            row("max_above_pan", "1"),
        ];
        let v = settings(Path::new("w [policy]"), grid).unwrap();
        assert_eq!(
            v,
            serde_json::json!({"protect_inadequate": true, "max_above_pan": 1})
        );
        let no = vec![row("setting", "value"), row("Protect inadequate", "No")];
        let v = settings(Path::new("w [policy]"), no).unwrap();
        assert_eq!(v, serde_json::json!({"protect_inadequate": false}));
    }
}
