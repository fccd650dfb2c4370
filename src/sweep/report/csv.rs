//! `report.csv` (one row per variant, draws included) and `draws.csv` (one row
//! per entry with draws: the spread of each measure), for spreadsheets and
//! scripts.
//!
//! Numbers are unformatted (6 decimals at most), differences rounded the same
//! way; empty cells where a variant has no plan or the base has none. Columns
//! are documented in `docs/sweep-format.md`.

use super::measures::MEASURES;
use super::montecarlo::{Draws, Spread};
use super::{Report, Row};

fn opt(x: Option<f64>) -> String {
    x.map_or(String::new(), |v| v.to_string())
}

/// The columns of `report.csv` after the measures.
const AFTER_MEASURES: [&str; 10] = [
    "moves",
    "pareto",
    "dominated_by",
    "objective",
    "mip_gap",
    "warnings",
    "plan",
    "moves_file",
    "pack_file",
    "failure",
];

/// The header of `report.csv`.
pub fn header() -> Vec<String> {
    let mut head: Vec<String> = ["rank", "variant", "status", "draws_of"]
        .map(String::from)
        .to_vec();
    for m in &MEASURES {
        head.extend([m.key.to_string(), format!("{}_delta", m.key)]);
    }
    head.extend(AFTER_MEASURES.map(String::from));
    head
}

/// One variant's cells.
pub fn record(r: &Report, row: &Row) -> Vec<String> {
    let res = row.result;
    let mut rec = vec![
        row.rank.map_or(String::new(), |k| k.to_string()),
        res.variant.clone(),
        res.status.as_str().to_string(),
        row.draws_of.unwrap_or("").to_string(),
    ];
    for k in 0..MEASURES.len() {
        rec.extend([
            opt(row.figures.as_ref().map(|f| f.values[k])),
            opt(row.delta(k, r.base.as_ref())),
        ]);
    }
    rec.extend(after_measures(r, row));
    rec
}

/// A variant's cells after the measures: moves, Pareto, dominating variants,
/// objective, gap, warnings, its files and why it failed.
fn after_measures(r: &Report, row: &Row) -> [String; 10] {
    let res = row.result;
    let file = |ext: &str, on: bool| on.then(|| format!("variants/{}.{ext}", row.stem));
    let failure = res.failure.as_ref().map(|f| f.message.clone());
    [
        opt(row.moves.map(|m| m as f64)),
        if row.pareto() { "yes" } else { "" }.to_string(),
        dominators(r, row).join("; "),
        opt(res.objective),
        opt(res.mip_gap),
        res.warnings.to_string(),
        file("plan.json", res.status.has_plan()).unwrap_or_default(),
        file("moves.csv", row.moves.is_some()).unwrap_or_default(),
        r.pack(row).unwrap_or_default(),
        failure.unwrap_or_default(),
    ]
}

/// The names of the variants dominating a row.
fn dominators<'r>(r: &'r Report, row: &Row) -> Vec<&'r str> {
    let variant = |i: &usize| r.rows.iter().find(|x| x.index == *i);
    let name = |i: &usize| variant(i).map_or("", |x| x.result.variant.as_str());
    row.dominated_by.iter().map(name).collect()
}

/// The bytes of `report.csv`.
pub fn render(r: &Report) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(header()).expect("writing to memory");
    for row in &r.rows {
        w.write_record(record(r, row)).expect("writing to memory");
    }
    w.into_inner().expect("writing to memory")
}

/// The header of `draws.csv`.
pub fn draws_header() -> Vec<String> {
    let mut head: Vec<String> = ["entry", "draws", "with_plan"].map(String::from).to_vec();
    for m in &MEASURES {
        for s in ["mean", "min", "max", "p10", "p90"] {
            head.push(format!("{}_{s}", m.key));
        }
    }
    head
}

/// One row per entry with draws.
pub fn draws_records(r: &Report) -> Vec<Vec<String>> {
    r.draws.iter().map(draws_record).collect()
}

/// An entry's name, draws, draws with a plan and each measure's spread.
fn draws_record(d: &Draws) -> Vec<String> {
    let (draws, solved) = (d.members.len().to_string(), d.solved.to_string());
    let mut rec = vec![d.name.clone(), draws, solved];
    for k in 0..MEASURES.len() {
        rec.extend(spread_cells(d.spread.as_ref().map(|s| s[k])));
    }
    rec
}

/// Mean, min, max, p10 and p90, or five empty cells.
fn spread_cells(s: Option<Spread>) -> [String; 5] {
    s.map_or(Default::default(), |s| {
        [s.mean, s.min, s.max, s.p10, s.p90].map(|v| v.to_string())
    })
}

/// The bytes of `draws.csv`.
pub fn render_draws(r: &Report) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(draws_header()).expect("writing to memory");
    for rec in draws_records(r) {
        w.write_record(rec).expect("writing to memory");
    }
    w.into_inner().expect("writing to memory")
}
