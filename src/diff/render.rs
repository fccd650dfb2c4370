//! A plan diff as Markdown (the panel's "what changed"), CSV (one row per
//! moved child and per figure) or JSON (the [`PlanDiff`] itself). Places are
//! named from a scenario when one is given.

use super::{Figure, PlanDiff};
use crate::edit::words::place_name;
use crate::report::markdown::esc;
use crate::scenario::Scenario;
use std::fmt::Write;

/// Output formats of `fap diff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Markdown.
    Md,
    /// CSV.
    Csv,
    /// JSON.
    Json,
}

/// Renders `d`; `sc` names the places.
pub fn render(d: &PlanDiff, sc: Option<&Scenario>, f: Format) -> Vec<u8> {
    match f {
        Format::Md => markdown(d, sc).into_bytes(),
        Format::Csv => crate::ledger::render::csv_bytes(&csv(d)),
        Format::Json => {
            let mut s = serde_json::to_string_pretty(d).expect("a diff serialises");
            s.push('\n');
            s.into_bytes()
        }
    }
}

fn place(sc: Option<&Scenario>, id: Option<&str>) -> String {
    match (id, sc) {
        (None, _) => "unplaced".into(),
        (Some(id), Some(sc)) => place_name(sc, id),
        (Some(id), None) => id.to_string(),
    }
}

/// A number as the panel reads it: up to 2 decimals, no trailing zeros.
fn num(v: Option<f64>) -> String {
    match v {
        None => "—".into(),
        Some(v) => {
            let s = format!("{v:.2}");
            let s = s.trim_end_matches('0').trim_end_matches('.');
            if s == "-0" {
                "0".into()
            } else {
                s.to_string()
            }
        }
    }
}

fn signed(f: &Figure) -> String {
    match f.change() {
        Some(c) if c.abs() < 5e-3 => "no change".into(),
        Some(c) if c > 0.0 => format!("+{}", num(Some(c))),
        Some(c) => format!("−{}", num(Some(-c))),
        None => "—".into(),
    }
}

fn markdown(d: &PlanDiff, sc: Option<&Scenario>) -> String {
    let mut o = String::new();
    let _ = writeln!(
        o,
        "# What changed: {} (proposal {}) → {} (proposal {})\n",
        esc(&d.a.round),
        d.a.proposal,
        esc(&d.b.round),
        d.b.proposal
    );
    let _ = writeln!(
        o,
        "{} child(ren) placed differently; {} left the round; {} joined it.\n",
        d.moved.len(),
        d.left.len(),
        d.joined.len()
    );
    o.push_str("| Figure | Before | After | Change |\n|---|---:|---:|---:|\n");
    for f in &d.figures {
        let _ = writeln!(
            o,
            "| {} | {} | {} | {} |",
            esc(f.label),
            num(f.a),
            num(f.b),
            signed(f)
        );
    }
    o.push('\n');
    if !d.moved.is_empty() {
        o.push_str("## Children placed differently\n\n| Child | Was | Now | Journey (km) |\n|---|---|---|---:|\n");
        for m in &d.moved {
            let _ = writeln!(
                o,
                "| {} | {} | {} | {} → {} |",
                esc(&m.pupil),
                esc(&place(sc, m.from.as_deref())),
                esc(&place(sc, m.to.as_deref())),
                num(m.km_from),
                num(m.km_to)
            );
        }
        o.push('\n');
    }
    for (title, ids) in [("Left the round", &d.left), ("Joined the round", &d.joined)] {
        if !ids.is_empty() {
            let _ = writeln!(o, "## {title}\n\n{}\n", esc(&ids.join(", ")));
        }
    }
    if !d.loads.is_empty() {
        o.push_str("## Schools whose load ÷ share changed\n\n| School | Phase | Before | After |\n|---|---|---:|---:|\n");
        for l in &d.loads {
            let _ = writeln!(
                o,
                "| {} | {} | {} | {} |",
                esc(&place(sc, Some(&l.school))),
                l.phase,
                num(l.a),
                num(l.b)
            );
        }
        o.push('\n');
    }
    o
}

/// `what,key,before,after,change` rows: `moved` (key the pupil, before/after
/// the place ids, empty for unplaced), `left`, `joined`, `figure`, `load`.
fn csv(d: &PlanDiff) -> Vec<Vec<String>> {
    let opt = |v: Option<f64>| v.map(|v| format!("{v}")).unwrap_or_default();
    let mut rows = vec![["what", "key", "before", "after", "change"]
        .map(String::from)
        .to_vec()];
    for m in &d.moved {
        rows.push(vec![
            "moved".into(),
            m.pupil.clone(),
            m.from.clone().unwrap_or_default(),
            m.to.clone().unwrap_or_default(),
            String::new(),
        ]);
    }
    for (what, ids) in [("left", &d.left), ("joined", &d.joined)] {
        rows.extend(ids.iter().map(|p| {
            vec![
                what.into(),
                p.clone(),
                String::new(),
                String::new(),
                String::new(),
            ]
        }));
    }
    for f in &d.figures {
        rows.push(vec![
            "figure".into(),
            f.key.into(),
            opt(f.a),
            opt(f.b),
            opt(f.change()),
        ]);
    }
    for l in &d.loads {
        let change = l.a.zip(l.b).map(|(a, b)| b - a);
        rows.push(vec![
            "load".into(),
            format!("{}/{}", l.school, l.phase),
            opt(l.a),
            opt(l.b),
            opt(change),
        ]);
    }
    rows
}
