//! `report.md`: the ranked comparison for people, readable as plain text.
//! [`cells`], [`draw_cells`] and [`explain`] are shared with the HTML page.

use super::measures::MEASURES;
use super::montecarlo::Draws;
use super::{fixed, show, show_delta, Report, Row};
use std::fmt::Write;

/// Most variants named in "best by" lines.
const MAX_BEST: usize = 5;
/// Most dominating variants named in a row.
const MAX_DOMINATORS: usize = 3;

/// The Markdown text.
pub fn render(r: &Report) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "# {}\n", cell(r.title));
    for p in explain(r) {
        let _ = writeln!(s, "{p}\n");
    }
    table(&mut s, r);
    draws(&mut s, r);
    best_by(&mut s, r);
    failures(&mut s, r);
    let _ = writeln!(
        s,
        "\nEach variant's scenario, plan and result are in `variants/` (`<name>.scenario.json`, \
         `.plan.json`, `.result.json`), and the pupils it places differently from the base in \
         `<name>.moves.csv`; check a plan with `fap check`."
    );
    if !r.options.packs.is_empty() {
        let _ = writeln!(
            s,
            "\nEach variant's panel pack, as the panel would get it had the variant been the \
             round, is `variants/<name>.pack.<format>` (the variant names above link to it)."
        );
    }
    s
}

/// The paragraphs above the table: counts, settings, how variants are compared.
pub fn explain(r: &Report) -> Vec<String> {
    let [opt, tl, inv, fail] = r.counts();
    let tol: Vec<String> = MEASURES
        .iter()
        .zip(&r.options.tolerances)
        .filter(|(m, t)| m.pareto && **t > 0.0)
        .map(|(m, t)| format!("{} {}", m.label, t))
        .collect();
    let axes: Vec<&str> = MEASURES
        .iter()
        .filter(|m| m.pareto)
        .map(|m| m.label)
        .collect();
    vec![
        format!(
            "{} variants (the base and {} more): {opt} optimal, {tl} not proven optimal (time limit), \
             {inv} invalid, {fail} failed. Solver {}, time limit per variant {}.",
            r.rows.len(),
            r.rows.len().saturating_sub(1),
            r.settings.solver,
            r.settings.time_limit_s.map_or("none".to_string(), |t| format!("{t} s"))
        ),
        format!(
            "Every plan is measured under one yardstick, {}: its policy and its fair shares, \
             applied to each variant's own placements, so variants with different policies compare \
             on the same terms. \"Own objective\" is each variant's score under its own policy: not \
             comparable across variants, never ranked.",
            r.yardstick
        ),
        format!(
            "Ranked by {}; in brackets the difference from the base. ★ marks the Pareto front over \
             ({}): no other variant is at least as good on all of these and better on one; \
             differences within a tolerance count as equal ({}; counts exact). Moves: pupils \
             placed differently from the base.",
            r.rank_by_text(),
            axes.join(", "),
            if tol.is_empty() { "none".into() } else { tol.join(", ") }
        ),
    ]
}

fn table(s: &mut String, r: &Report) {
    let mut head = vec!["Rank", "Variant", "Status"];
    head.extend(MEASURES.iter().map(|m| m.label));
    head.extend(["Moves", "Own objective", "Pareto"]);
    let _ = writeln!(s, "| {} |", head.join(" | "));
    let align: Vec<&str> = (0..head.len())
        .map(|i| if (1..=2).contains(&i) { "---" } else { "--:" })
        .collect();
    let _ = writeln!(s, "|{}|", align.join("|"));
    for row in r.table_rows() {
        let mut c: Vec<String> = cells(r, row).iter().map(|c| cell(c)).collect();
        if let Some(pack) = r.pack(row) {
            c[1] = format!("[{}]({pack})", c[1]);
        }
        let _ = writeln!(s, "| {} |", c.join(" | "));
    }
}

/// The cells of a row as plain text, shared with the HTML table.
pub fn cells(r: &Report, row: &Row) -> Vec<String> {
    let res = row.result;
    let is_base = row.index == 0;
    let mut c = vec![
        row.rank.map_or("–".into(), |k| k.to_string()),
        res.variant.clone(),
        res.status.as_str().replace('_', " "),
    ];
    for (k, m) in MEASURES.iter().enumerate() {
        c.push(match &row.figures {
            Some(f) => {
                let v = show(m, f.values[k]);
                match row.delta(k, r.base.as_ref()) {
                    Some(d) if !is_base => format!("{v} ({})", show_delta(m, d)),
                    _ => v,
                }
            }
            None => "–".into(),
        });
    }
    c.push(row.moves.map_or("–".into(), |m| m.to_string()));
    c.push(res.objective.map_or("–".into(), |o| fixed(o, 2)));
    c.push(pareto_cell(r, row));
    c
}

/// `★`, or `dominated by 1, 4, 7` (the distinct ranks of the dominating variants).
fn pareto_cell(r: &Report, row: &Row) -> String {
    if row.pareto() {
        return "★".into();
    }
    if row.dominated_by.is_empty() {
        return String::new();
    }
    let mut ranks: Vec<usize> = row
        .dominated_by
        .iter()
        .filter_map(|&i| r.rank_of(i))
        .collect();
    ranks.dedup();
    let more = ranks.len().saturating_sub(MAX_DOMINATORS);
    let mut ranks: Vec<String> = ranks
        .iter()
        .take(MAX_DOMINATORS)
        .map(|k| k.to_string())
        .collect();
    if more > 0 {
        ranks.push(format!("+{more} more"));
    }
    format!("dominated by {}", ranks.join(", "))
}

/// The cells of an entry with draws: mean · p10–p90 · min–max per measure.
pub fn draw_cells(d: &Draws) -> Vec<String> {
    let mut c = vec![
        d.name.clone(),
        format!("{} ({} with a plan)", d.members.len(), d.solved),
    ];
    for (k, m) in MEASURES.iter().enumerate() {
        c.push(match &d.spread {
            Some(s) => {
                let s = s[k];
                format!(
                    "{} · {}–{} · {}–{}",
                    show(m, s.mean),
                    show(m, s.p10),
                    show(m, s.p90),
                    show(m, s.min),
                    show(m, s.max)
                )
            }
            None => "–".into(),
        });
    }
    c
}

fn draws(s: &mut String, r: &Report) {
    if r.draws.is_empty() {
        return;
    }
    let _ = writeln!(
        s,
        "\n## Random draws\n\nEach entry with several draws as one row; each cell: mean · 10th–90th \
         percentile · smallest–largest over the draws with a plan. Each draw's own figures are in \
         `report.csv` and `draws.csv`, its files in `variants/`.\n"
    );
    let mut head = vec!["Entry", "Draws"];
    head.extend(MEASURES.iter().map(|m| m.label));
    let _ = writeln!(s, "| {} |", head.join(" | "));
    let align: Vec<&str> = (0..head.len())
        .map(|i| if i == 0 { "---" } else { "--:" })
        .collect();
    let _ = writeln!(s, "|{}|", align.join("|"));
    for d in &r.draws {
        let c: Vec<String> = draw_cells(d).iter().map(|c| cell(c)).collect();
        let _ = writeln!(s, "| {} |", c.join(" | "));
    }
}

fn best_by(s: &mut String, r: &Report) {
    let _ = writeln!(s, "\n## Best by measure\n");
    let ranked: Vec<&Row> = r.rows.iter().filter(|row| row.rank.is_some()).collect();
    if ranked.is_empty() {
        let _ = writeln!(s, "No variant has a plan.");
        return;
    }
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
    for (k, m) in MEASURES.iter().enumerate() {
        let better = |a: f64, b: f64| if m.lower_is_better { a < b } else { a > b };
        let v = |row: &Row| row.figures.as_ref().map_or(0.0, |f| f.values[k]);
        let best =
            ranked
                .iter()
                .map(|row| v(row))
                .fold(v(ranked[0]), |b, x| if better(x, b) { x } else { b });
        let names = ranked
            .iter()
            .filter(|row| v(row) == best)
            .map(|row| row.result.variant.as_str())
            .collect();
        let label = format!(
            "{} ({})",
            m.label,
            if m.lower_is_better {
                "lowest"
            } else {
                "highest"
            }
        );
        s.push_str(&line(&label, names));
    }
    let front = ranked
        .iter()
        .filter(|row| row.pareto())
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
            let _ = writeln!(s, "  - {}", cell(i.lines().next().unwrap_or("")));
        }
    }
}

/// Text safe inside a Markdown table cell.
fn cell(t: &str) -> String {
    t.replace('|', "\\|").replace('`', "'")
}
