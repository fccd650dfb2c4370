//! A scenario as one workbook: the bundle's files as sheets (`pupils`,
//! `schools`, `places`, `ap`, and `policy`, `meta` as `setting`/`value`
//! rows), which `fap import round.xlsx` reads back.
//!
//! The sheets are made from [`super::to_bundle`]'s CSV files, so the workbook
//! and the bundle always have the same columns and the same cells.

use crate::import::workbook::setting_rows;
use crate::scenario::wire::WireScenario;
use crate::workbook::Sheet;

/// Columns written as numbers (so that a spreadsheet sums and sorts them).
const NUMERIC: &[&str] = &[
    "easting",
    "northing",
    "lat",
    "lon",
    "pan",
    "on_roll",
    "fap_this_year",
    "places",
    "days_out_of_education",
    "load_weight",
];

/// The order of the sheets: what a coordinator fills in most first.
const ORDER: [&str; 6] = ["pupils", "schools", "places", "ap", "policy", "meta"];

/// The sheets of a scenario, pupils first, policy and meta last.
pub fn sheets(w: &WireScenario) -> Vec<Sheet> {
    let mut out: Vec<Sheet> = super::to_bundle(w)
        .into_iter()
        .map(|(name, bytes)| match name.strip_suffix(".csv") {
            Some(stem) => csv_sheet(stem, &bytes),
            None => {
                let v: serde_json::Map<String, serde_json::Value> =
                    serde_json::from_slice(&bytes).unwrap_or_default();
                let stem = name.trim_end_matches(".json");
                Sheet::text(stem, &["setting", "value"], setting_rows(&v))
            }
        })
        .collect();
    out.sort_by_key(|s| ORDER.iter().position(|o| *o == s.name));
    out
}

fn csv_sheet(name: &str, bytes: &[u8]) -> Sheet {
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(bytes.strip_prefix(crate::report::csv::BOM).unwrap_or(bytes));
    let mut grid: Vec<Vec<String>> = rdr
        .records()
        .filter_map(Result::ok)
        .map(|r| r.iter().map(str::to_string).collect())
        .collect();
    let head: Vec<String> = if grid.is_empty() {
        Vec::new()
    } else {
        grid.remove(0)
    };
    Sheet {
        name: name.to_string(),
        notes: Vec::new(),
        head: head
            .into_iter()
            .map(|h| {
                let numeric = NUMERIC.contains(&h.as_str());
                (h, numeric)
            })
            .collect(),
        rows: grid,
    }
}
