//! `report.md`: the ranked comparison for people, readable as plain text.

use super::{fixed, show, show_delta, signed, Report, Row, METRICS};
use crate::sweep::result::VariantResult;
use std::fmt::Write;

/// Most variants named in "best by" lines.
const MAX_BEST: usize = 5;

/// The Markdown text.
pub fn render(r: &Report) -> String {
    let mut s = String::new();
    let [opt, tl, inv, fail] = r.counts();
    let _ = writeln!(s, "# {}\n", cell(r.title));
    let _ = writeln!(
        s,
        "{} variants (the base and {} more): {opt} optimal, {tl} not proven optimal (time limit), {inv} invalid, {fail} failed.  ",
        r.rows.len(),
        r.rows.len().saturating_sub(1),
    );
    let _ = writeln!(
        s,
        "Solver {}, time limit per variant {}.\n",
        r.settings.solver,
        r.settings
            .time_limit_s
            .map_or("none".to_string(), |t| format!("{t} s"))
    );
    let _ = writeln!(
        s,
        "Ranked by objective (lower is better); in brackets the difference from the base. \
         ★ marks the Pareto front over (unplaced, mean km, max load ÷ fair share).\n"
    );
    table(&mut s, r);
    best_by(&mut s, r);
    failures(&mut s, r);
    let _ = writeln!(
        s,
        "\nEach variant's scenario, plan and result are in `variants/` (`<name>.scenario.json`, \
         `.plan.json`, `.result.json`); check a plan with `fap check`."
    );
    s
}

fn table(s: &mut String, r: &Report) {
    let mut head = vec!["Rank", "Variant", "Status", "Objective"];
    head.extend(METRICS.iter().map(|m| m.label));
    head.push("Pareto");
    let _ = writeln!(s, "| {} |", head.join(" | "));
    let align: Vec<&str> = head
        .iter()
        .enumerate()
        .map(|(i, _)| if (1..=2).contains(&i) { "---" } else { "--:" })
        .collect();
    let _ = writeln!(s, "|{}|", align.join("|"));
    for row in &r.rows {
        let c: Vec<String> = cells(row, r.base).iter().map(|c| cell(c)).collect();
        let _ = writeln!(s, "| {} |", c.join(" | "));
    }
}

/// The cells of a row as plain text, shared with the HTML table.
pub fn cells(row: &Row, base: Option<&VariantResult>) -> Vec<String> {
    let res = row.result;
    let is_base = row.index == 0;
    let mut c = vec![
        row.rank.map_or("–".into(), |k| k.to_string()),
        res.variant.clone(),
        res.status.as_str().replace('_', " "),
    ];
    let with_delta = |v: String, d: Option<String>| match d {
        Some(d) if !is_base => format!("{v} ({d})"),
        _ => v,
    };
    c.push(match res.objective {
        Some(o) => with_delta(fixed(o, 2), row.objective_delta(base).map(|d| signed(d, 2))),
        None => "–".into(),
    });
    for m in &METRICS {
        c.push(match &res.metrics {
            Some(sm) => with_delta(
                show(m, (m.get)(sm)),
                row.delta(m, base).map(|d| show_delta(m, d)),
            ),
            None => "–".into(),
        });
    }
    c.push(if row.pareto { "★" } else { "" }.into());
    c
}

fn best_by(s: &mut String, r: &Report) {
    let _ = writeln!(s, "\n## Best by metric\n");
    let line = |label: &str, names: Vec<&str>| {
        let more = names.len().saturating_sub(MAX_BEST);
        let mut list: Vec<String> = names
            .iter()
            .take(MAX_BEST)
            .map(|n| format!("`{}`", cell(n)))
            .collect();
        if more > 0 {
            list.push(format!("and {more} more"));
        }
        format!("- {label}: {}\n", list.join(", "))
    };
    let firsts = |pick: &dyn Fn(&Row) -> Option<usize>| -> Vec<&str> {
        r.rows
            .iter()
            .filter(|row| pick(row) == Some(1))
            .map(|row| row.result.variant.as_str())
            .collect()
    };
    if r.rows.iter().all(|row| row.rank.is_none()) {
        let _ = writeln!(s, "No variant has a plan.");
        return;
    }
    s.push_str(&line("objective", firsts(&|row| row.rank)));
    for (k, m) in METRICS.iter().enumerate() {
        let label = format!(
            "{} ({})",
            m.label,
            if m.lower_is_better {
                "lowest"
            } else {
                "highest"
            }
        );
        s.push_str(&line(&label, firsts(&|row| row.metric_ranks[k])));
    }
    let front: Vec<&str> = r
        .rows
        .iter()
        .filter(|row| row.pareto)
        .map(|row| row.result.variant.as_str())
        .collect();
    s.push_str(&line("Pareto front ★", front));
}

fn failures(s: &mut String, r: &Report) {
    let failed = r.failed();
    if failed.is_empty() {
        return;
    }
    let _ = writeln!(s, "\n## Variants without a plan\n");
    for row in failed {
        let f = row.result.failure.as_ref().expect("filtered above");
        let _ = writeln!(
            s,
            "- `{}` ({}): {}",
            cell(&row.result.variant),
            row.result.status.as_str(),
            f.message
        );
        for i in &f.issues {
            let first = i.lines().next().unwrap_or("");
            let _ = writeln!(s, "  - {}", cell(first));
        }
    }
}

/// Text safe inside a Markdown table cell.
fn cell(t: &str) -> String {
    t.replace('|', "\\|").replace('`', "'")
}
