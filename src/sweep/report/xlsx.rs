//! `report.xlsx`: the tables of `report.csv` and `draws.csv` as two sheets of
//! one workbook, for analysts who work only in Excel.
//!
//! The cells are the CSV files' cells ([`super::csv`] builds both), so the
//! workbook and the CSV files never disagree; the columns that hold figures
//! are written as numbers so a spreadsheet can sort and sum them.

use super::csv::{draws_header, draws_records, header, record};
use super::Report;
use crate::error::FapError;
use crate::workbook::write::{to_xlsx, Sheet};

/// The bytes of `report.xlsx`.
pub fn render(r: &Report) -> Result<Vec<u8>, FapError> {
    let variants = sheet(
        "variants",
        header(),
        r.rows.iter().map(|row| record(r, row)).collect(),
    );
    let draws = sheet("draws", draws_header(), draws_records(r));
    to_xlsx(&[variants, draws])
}

/// A sheet whose columns are numeric where every non-empty cell reads as a number.
fn sheet(name: &str, head: Vec<String>, rows: Vec<Vec<String>>) -> Sheet {
    let numeric = |k: usize| {
        rows.iter()
            .filter_map(|row| row.get(k).filter(|c| !c.is_empty()))
            .all(|c| c.parse::<f64>().is_ok())
    };
    let head = head
        .into_iter()
        .enumerate()
        .map(|(k, h)| (h, numeric(k)))
        .collect();
    Sheet::new(name, head, rows)
}
