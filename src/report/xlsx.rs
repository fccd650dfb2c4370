//! The pack as one Excel workbook, for coordinators who sort and filter in a
//! spreadsheet: one row per pupil and proposal (the CSV's rows), then every
//! table of the paper ([`super::paper`]'s document, the same one Markdown,
//! HTML and PDF lay out), each on a sheet named by its heading; the tables on
//! the pupils' cards are gathered on one sheet per kind, the pupil first.
//! [`crate::workbook`] writes them.

use super::doc::{flat, Block, Table};
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
    let doc = super::paper::build(pack, pack.header.clone());
    let mut sheets = vec![pupils];
    let mut cards: Vec<Sheet> = Vec::new();
    let mut heading = "Table".to_string();
    for b in &doc.blocks {
        match b {
            Block::Heading(_, h) => heading = h.clone(),
            Block::Table(t) => sheets.push(sheet(&heading, t, None)),
            Block::Card(id, blocks) => card_tables(id, blocks, &mut cards),
            _ => {}
        }
    }
    sheets.extend(cards);
    to_xlsx(&sheets)
}

/// A paper table as a sheet, with a first column `Pupil` when `pupil` is given.
fn sheet(name: &str, t: &Table, pupil: Option<&str>) -> Sheet {
    let mut head = Vec::new();
    if pupil.is_some() {
        head.push(("Pupil".to_string(), false));
    }
    head.extend(t.head.iter().cloned());
    let rows = t
        .rows
        .iter()
        .map(|r| {
            let mut row: Vec<String> = pupil.iter().map(|p| p.to_string()).collect();
            row.extend(r.iter().map(|c| flat(c)));
            row
        })
        .collect();
    Sheet::new(name, head, rows)
}

/// The tables of one pupil's card, added to the sheet of their kind (same headings).
fn card_tables(id: &str, blocks: &[Block], cards: &mut Vec<Sheet>) {
    let mut heading = "Card".to_string();
    for b in blocks {
        match b {
            Block::Heading(_, h) => heading = h.clone(),
            Block::Table(t) => {
                let s = sheet(&heading, t, Some(id));
                match cards.iter_mut().find(|c| c.head == s.head) {
                    Some(c) => c.rows.extend(s.rows),
                    None => cards.push(Sheet {
                        name: format!("Cards - {}", s.head.get(1).map_or("", |h| h.0.as_str())),
                        ..s
                    }),
                }
            }
            _ => {}
        }
    }
}
