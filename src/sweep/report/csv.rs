//! `report.csv` (one row per variant, draws included) and `draws.csv` (one row
//! per entry with draws: the spread of each measure), for spreadsheets and
//! scripts.
//!
//! Numbers are unformatted (6 decimals at most), differences rounded the same
//! way; empty cells where a variant has no plan or the base has none. Columns
//! are documented in `docs/sweep-format.md`.

use super::measures::MEASURES;
use super::{Report, Row};

fn opt(x: Option<f64>) -> String {
    x.map_or(String::new(), |v| v.to_string())
}

/// The header of `report.csv`.
pub fn header() -> Vec<String> {
    let mut head: Vec<String> = ["rank", "variant", "status", "draws_of"]
        .map(String::from)
        .to_vec();
    for m in &MEASURES {
        head.extend([m.key.to_string(), format!("{}_delta", m.key)]);
    }
    head.extend(
        [
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
        ]
        .map(String::from),
    );
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
    let names: Vec<&str> = row
        .dominated_by
        .iter()
        .map(|&i| {
            r.rows
                .iter()
                .find(|x| x.index == i)
                .map_or("", |x| x.result.variant.as_str())
        })
        .collect();
    let file = |ext: &str, on: bool| {
        if on {
            format!("variants/{}.{ext}", row.stem)
        } else {
            String::new()
        }
    };
    rec.extend([
        opt(row.moves.map(|m| m as f64)),
        if row.pareto() { "yes" } else { "" }.to_string(),
        names.join("; "),
        opt(res.objective),
        opt(res.mip_gap),
        res.warnings.to_string(),
        file("plan.json", res.status.has_plan()),
        file("moves.csv", row.moves.is_some()),
        r.pack(row).unwrap_or_default(),
        res.failure
            .as_ref()
            .map_or(String::new(), |f| f.message.clone()),
    ]);
    rec
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
    r.draws
        .iter()
        .map(|d| {
            let mut rec = vec![
                d.name.clone(),
                d.members.len().to_string(),
                d.solved.to_string(),
            ];
            for k in 0..MEASURES.len() {
                match &d.spread {
                    Some(s) => {
                        let s = s[k];
                        rec.extend([s.mean, s.min, s.max, s.p10, s.p90].map(|v| v.to_string()));
                    }
                    None => rec.extend(std::iter::repeat_n(String::new(), 5)),
                }
            }
            rec
        })
        .collect()
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
