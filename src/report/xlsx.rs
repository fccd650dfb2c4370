//! The pack's tables as one Excel workbook, for coordinators who sort and
//! filter in a spreadsheet: the proposals compared, one row per pupil and
//! proposal (the CSV's rows), every pupil's alternatives, schools' and
//! trusts' load. The tables are [`super::tables`]' (the ones the Markdown and
//! HTML papers show); [`crate::workbook`] writes them.

use super::tables::{self, Table};
use super::Pack;
use crate::error::FapError;
use crate::workbook::{to_xlsx, Sheet};

/// Columns of the pupils sheet that hold numbers.
const NUMERIC: [&str; 6] = [
    "proposal",
    "year_group",
    "days_out_of_education",
    "km",
    "preference_rank",
    "cost",
];

/// The workbook's bytes.
pub fn render(pack: &Pack) -> Result<Vec<u8>, FapError> {
    let mut pupils = Sheet::text("Pupils", &super::csv::HEADER, super::csv::rows(pack));
    for (h, numeric) in &mut pupils.head {
        *numeric = NUMERIC.contains(&h.as_str());
    }
    let mut sheets = vec![
        sheet("Proposals", tables::comparison(pack)),
        pupils,
        alternatives(pack),
    ];
    if let Some(m) = pack.metrics.first() {
        sheets.push(sheet("School load", tables::school_loads(m)));
        sheets.push(sheet("Trust load", tables::trust_loads(m)));
    }
    to_xlsx(&sheets)
}

/// A pack table as a sheet.
fn sheet(name: &str, t: Table) -> Sheet {
    Sheet {
        name: name.to_string(),
        notes: Vec::new(),
        head: t.head,
        rows: t.rows,
    }
}

/// Every pupil's alternatives in one table, the pupil's id first.
fn alternatives(pack: &Pack) -> Sheet {
    let mut head = vec![("Pupil".to_string(), false)];
    let mut rows = Vec::new();
    for s in &pack.support.pupils {
        let t = tables::alternatives(s);
        if head.len() == 1 {
            head.extend(t.head.iter().cloned());
        }
        rows.extend(t.rows.into_iter().map(|r| {
            let mut row = vec![s.pupil.clone()];
            row.extend(r);
            row
        }));
    }
    Sheet {
        name: "Alternatives".to_string(),
        notes: Vec::new(),
        head,
        rows,
    }
}
