//! A workbook's sheets → rows of text, as a CSV file would give them.
//!
//! calamine reads `.xlsx` (and `.xls`, `.ods`, which spreadsheet programs also
//! save). Each sheet becomes a grid anchored at cell A1 (calamine's ranges
//! start at the first used cell, so leading empty rows and columns are put
//! back, keeping row numbers and column letters the ones the user sees).
//! Numbers come back in their shortest exact form (`535120`, `3.5`), booleans
//! as `true`/`false`, so the import's cell readers treat them like CSV text.

use calamine::{Data, Reader};
use std::io::Cursor;

/// A sheet as read: its name and its rows of cells.
pub type NamedSheet = (String, Vec<Vec<String>>);

/// Every sheet of the workbook, in order.
pub fn sheets_from_bytes(bytes: &[u8]) -> Result<Vec<NamedSheet>, String> {
    let mut wb = calamine::open_workbook_auto_from_rs(Cursor::new(bytes))
        .map_err(|e| format!("not a workbook fap can read ({e})"))?;
    let names = wb.sheet_names();
    let mut out = Vec::with_capacity(names.len());
    for name in names {
        let range = wb
            .worksheet_range(&name)
            .map_err(|e| format!("sheet {name:?} cannot be read ({e})"))?;
        out.push((name, grid(&range)));
    }
    Ok(out)
}

/// The range's cells as text, anchored at A1.
fn grid(range: &calamine::Range<Data>) -> Vec<Vec<String>> {
    let Some((top, left)) = range.start() else {
        return Vec::new();
    };
    let width = left as usize + range.width();
    let mut rows = vec![vec![String::new(); width]; top as usize];
    for r in range.rows() {
        let mut cells = vec![String::new(); left as usize];
        cells.extend(r.iter().map(text));
        rows.push(cells);
    }
    rows
}

/// One cell as the text a CSV file would hold.
fn text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::Float(x) if x.fract() == 0.0 && x.abs() < 1e15 => format!("{}", *x as i64),
        other => other.to_string(),
    }
}
