//! Named tables → one `.xlsx` workbook (one sheet per table).
//!
//! Any front end with tables to hand to a spreadsheet (the panel pack, the
//! sweep report, `fap template`) builds [`Sheet`]s and calls [`to_xlsx`]. The
//! bytes are deterministic: the document's creation time is fixed, so the same
//! tables always give the same file. Cells of numeric columns that read as a
//! number are written as numbers (so Excel can sort and sum them); every other
//! cell is text, never a formula.

use crate::error::FapError;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, Worksheet, XlsxError};

/// One sheet: a name, column headings, rows of text, and optional lines of
/// notes written above the table (a title, a how-to).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Sheet {
    /// The sheet's tab name (made valid for Excel: at most 31 characters,
    /// none of `[]:*?/\`).
    pub name: String,
    /// Lines written above the table, one per row (may be empty).
    pub notes: Vec<String>,
    /// Column headings, each with whether the column holds numbers.
    pub head: Vec<(String, bool)>,
    /// Rows of cells, as text.
    pub rows: Vec<Vec<String>>,
}

impl Sheet {
    /// A sheet with no notes: headings (each with whether it holds numbers) and rows.
    pub fn new(name: &str, head: Vec<(String, bool)>, rows: Vec<Vec<String>>) -> Sheet {
        Sheet {
            name: name.to_string(),
            notes: Vec::new(),
            head,
            rows,
        }
    }

    /// A sheet with text columns only.
    pub fn text(name: &str, head: &[&str], rows: Vec<Vec<String>>) -> Sheet {
        let head = head.iter().map(|h| (h.to_string(), false)).collect();
        Sheet::new(name, head, rows)
    }
}

/// The workbook's bytes: one sheet per [`Sheet`], in order, the heading row
/// bold and frozen.
pub fn to_xlsx(sheets: &[Sheet]) -> Result<Vec<u8>, FapError> {
    build(sheets).map_err(|e| FapError::Internal(format!("cannot write the workbook: {e}")))
}

fn build(sheets: &[Sheet]) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    // A fixed creation time: the same tables give the same bytes.
    let when = ExcelDateTime::from_ymd(2000, 1, 1)?;
    wb.set_properties(&DocProperties::new().set_creation_datetime(&when));
    let mut used = Vec::new();
    for s in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(unique_name(&s.name, &mut used))?;
        fill(ws, s)?;
    }
    wb.save_to_buffer()
}

fn fill(ws: &mut Worksheet, s: &Sheet) -> Result<(), XlsxError> {
    let bold = Format::new().set_bold();
    let mut row = 0u32;
    for n in &s.notes {
        ws.write_string(row, 0, n)?;
        row += 1;
    }
    if !s.notes.is_empty() {
        row += 1;
    }
    let head_row = row;
    for (c, (h, _)) in s.head.iter().enumerate() {
        ws.write_string_with_format(row, c as u16, h, &bold)?;
    }
    for cells in &s.rows {
        row += 1;
        for (c, v) in cells.iter().enumerate() {
            let numeric = s.head.get(c).is_some_and(|h| h.1);
            match v.parse::<f64>().ok().filter(|x| numeric && x.is_finite()) {
                Some(x) => ws.write_number(row, c as u16, x)?,
                None if v.is_empty() => ws,
                None => ws.write_string(row, c as u16, v)?,
            };
        }
    }
    if !s.head.is_empty() {
        ws.set_freeze_panes(head_row + 1, 0)?;
        ws.set_autofit_max_width(60 * 7);
        ws.autofit();
    }
    Ok(())
}

/// An Excel-valid sheet name, distinct from those already `used`.
fn unique_name(name: &str, used: &mut Vec<String>) -> String {
    let clean: String = name
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '-' } else { c })
        .collect();
    let clean = clean.trim_matches('\'').trim();
    let base: String = if clean.is_empty() { "Sheet" } else { clean }
        .chars()
        .take(31)
        .collect();
    let mut out = base.clone();
    let mut k = 2;
    while used.iter().any(|u| u.eq_ignore_ascii_case(&out)) {
        let tail = format!(" ({k})");
        let keep = 31 - tail.chars().count();
        out = base.chars().take(keep).collect::<String>() + &tail;
        k += 1;
    }
    used.push(out.clone());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_are_made_valid_and_distinct() {
        let mut used = Vec::new();
        assert_eq!(
            unique_name("Load: schools/trusts", &mut used),
            "Load- schools-trusts"
        );
        assert_eq!(
            unique_name("load- schools-trusts", &mut used),
            "load- schools-trusts (2)"
        );
        let long = "x".repeat(40);
        assert_eq!(unique_name(&long, &mut used).chars().count(), 31);
        assert_eq!(unique_name("", &mut used), "Sheet");
    }

    #[test]
    fn same_tables_give_same_bytes_and_read_back() {
        let mut s = Sheet::text(
            "Pupils",
            &["id", "km"],
            vec![vec!["P1".into(), "3.5".into()]],
        );
        s.head[1].1 = true;
        s.notes = vec!["A note".into()];
        let a = to_xlsx(&[s.clone()]).unwrap();
        assert_eq!(a, to_xlsx(&[s]).unwrap());
        let back = super::super::read::sheets_from_bytes(&a).unwrap();
        assert_eq!(back[0].0, "Pupils");
        assert_eq!(
            back[0].1,
            vec![
                vec!["A note".to_string(), String::new()],
                vec![String::new(), String::new()],
                vec!["id".to_string(), "km".to_string()],
                vec!["P1".to_string(), "3.5".to_string()]
            ]
        );
    }
}
