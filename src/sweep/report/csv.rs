//! `report.csv`: one row per variant, for spreadsheets and scripts.
//!
//! Numbers are the result files' values (6 decimals at most), deltas rounded
//! the same way; empty cells where a variant has no plan or the base has none.
//! Columns are documented in `docs/sweep-format.md`.

use super::{Report, METRICS};

/// The CSV bytes.
pub fn render(r: &Report) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut head: Vec<String> = ["rank", "variant", "status", "objective", "objective_delta"]
        .map(String::from)
        .to_vec();
    for m in &METRICS {
        head.extend([
            m.key.to_string(),
            format!("{}_delta", m.key),
            format!("{}_rank", m.key),
        ]);
    }
    head.extend(
        [
            "pareto",
            "unplaced_fap",
            "max_km",
            "gini_load_ratio",
            "over_cap_placements",
            "mip_gap",
            "warnings",
            "plan",
            "failure",
        ]
        .map(String::from),
    );
    w.write_record(&head).expect("writing to memory");
    for row in &r.rows {
        let res = row.result;
        let s = res.metrics.as_ref();
        let opt = |x: Option<f64>| x.map_or(String::new(), |v| v.to_string());
        let mut rec = vec![
            row.rank.map_or(String::new(), |k| k.to_string()),
            res.variant.clone(),
            res.status.as_str().to_string(),
            opt(res.objective),
            opt(row.objective_delta(r.base)),
        ];
        for (k, m) in METRICS.iter().enumerate() {
            rec.extend([
                opt(s.map(m.get)),
                opt(row.delta(m, r.base)),
                row.metric_ranks[k].map_or(String::new(), |k| k.to_string()),
            ]);
        }
        rec.extend([
            if row.pareto { "yes" } else { "" }.to_string(),
            opt(s.map(|s| s.unplaced_fap as f64)),
            opt(s.map(|s| s.max_km)),
            opt(s.map(|s| s.gini_load_ratio)),
            opt(s.map(|s| s.over_cap_placements as f64)),
            opt(res.mip_gap),
            res.warnings.to_string(),
            if res.status.has_plan() {
                format!("variants/{}.plan.json", row.stem)
            } else {
                String::new()
            },
            res.failure
                .as_ref()
                .map_or(String::new(), |f| f.message.clone()),
        ]);
        w.write_record(&rec).expect("writing to memory");
    }
    w.into_inner().expect("writing to memory")
}
