//! `report.md`: the ranked comparison for people, readable as plain text.
//! [`cells`], [`draw_cells`], [`table_head`], [`draws_head`] and [`explain`] are
//! shared with the HTML page.

use super::measures::{Measure, MEASURES};
use super::montecarlo::{Draws, Spread};
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
    where_files_are(&mut s, r);
    s
}

/// The closing note: where each variant's files (and packs) are.
fn where_files_are(s: &mut String, r: &Report) {
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
}

/// The paragraphs above the table: counts, settings, how variants are compared.
pub fn explain(r: &Report) -> Vec<String> {
    vec![
        counts_paragraph(r),
        yardstick_paragraph(r),
        ranking_paragraph(r),
    ]
}

/// How many variants, how they ended, and the solver settings.
fn counts_paragraph(r: &Report) -> String {
    let [opt, tl, inv, fail] = r.counts();
    format!(
        "{} variants (the base and {} more): {opt} optimal, {tl} not proven optimal (time limit), \
         {inv} invalid, {fail} failed. Solver {}, time limit per variant {}.",
        r.rows.len(),
        r.rows.len().saturating_sub(1),
        r.settings.solver,
        r.settings
            .time_limit_s
            .map_or("none".to_string(), |t| format!("{t} s"))
    )
}

/// Why every plan is measured under one yardstick.
fn yardstick_paragraph(r: &Report) -> String {
    format!(
        "Every plan is measured under one yardstick, {}: its policy and its fair shares, \
         applied to each variant's own placements, so variants with different policies compare \
         on the same terms. \"Own objective\" is each variant's score under its own policy: not \
         comparable across variants, never ranked.",
        r.yardstick
    )
}

/// How rows are ranked, what ★ means and which tolerances apply.
fn ranking_paragraph(r: &Report) -> String {
    format!(
        "Ranked by {}; in brackets the difference from the base. ★ marks the Pareto front over \
         ({}): no other variant is at least as good on all of these and better on one; \
         differences within a tolerance count as equal ({}; counts exact). Moves: pupils \
         placed differently from the base.",
        r.rank_by_text(),
        pareto_axes().join(", "),
        tolerances(r)
    )
}

/// The labels of the Pareto front's axes.
fn pareto_axes() -> Vec<&'static str> {
    MEASURES
        .iter()
        .filter(|m| m.pareto)
        .map(|m| m.label)
        .collect()
}

/// The non-zero tolerances on the Pareto axes, or `none`.
fn tolerances(r: &Report) -> String {
    let tol: Vec<String> = MEASURES
        .iter()
        .zip(&r.options.tolerances)
        .filter(|(m, t)| m.pareto && **t > 0.0)
        .map(|(m, t)| format!("{} {}", m.label, t))
        .collect();
    Some(tol.join(", "))
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| "none".into())
}

/// A table's heading and alignment rows; `text(i)` says column `i` is left-aligned text.
fn table_head_rows(s: &mut String, head: &[&str], text: impl Fn(usize) -> bool) {
    let _ = writeln!(s, "| {} |", head.join(" | "));
    let align: Vec<&str> = (0..head.len())
        .map(|i| if text(i) { "---" } else { "--:" })
        .collect();
    let _ = writeln!(s, "|{}|", align.join("|"));
}

/// The variants table's headings, shared with the HTML table.
pub fn table_head() -> Vec<&'static str> {
    let mut head = vec!["Rank", "Variant", "Status"];
    head.extend(MEASURES.iter().map(|m| m.label));
    head.extend(["Moves", "Own objective", "Pareto"]);
    head
}

/// The draws table's headings, shared with the HTML table.
pub fn draws_head() -> Vec<&'static str> {
    let mut head = vec!["Entry", "Draws"];
    head.extend(MEASURES.iter().map(|m| m.label));
    head
}

fn table(s: &mut String, r: &Report) {
    table_head_rows(s, &table_head(), |i| (1..=2).contains(&i));
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
    let mut c = vec![
        row.rank.map_or("–".into(), |k| k.to_string()),
        res.variant.clone(),
        res.status.as_str().replace('_', " "),
    ];
    c.extend((0..MEASURES.len()).map(|k| measure_cell(r, row, k)));
    c.push(row.moves.map_or("–".into(), |m| m.to_string()));
    c.push(res.objective.map_or("–".into(), |o| fixed(o, 2)));
    c.push(pareto_cell(r, row));
    c
}

/// Measure `k` of a row, with its difference from the base unless it is the base.
fn measure_cell(r: &Report, row: &Row, k: usize) -> String {
    let (m, Some(f)) = (&MEASURES[k], &row.figures) else {
        return "–".into();
    };
    let v = show(m, f.values[k]);
    match row.delta(k, r.base.as_ref()) {
        Some(d) if row.index != 0 => format!("{v} ({})", show_delta(m, d)),
        _ => v,
    }
}

/// `★`, or `dominated by 1, 4, 7` (the distinct ranks of the dominating variants).
fn pareto_cell(r: &Report, row: &Row) -> String {
    if row.pareto() {
        return "★".into();
    }
    if row.dominated_by.is_empty() {
        return String::new();
    }
    format!("dominated by {}", dominator_ranks(r, row).join(", "))
}

/// The distinct ranks of the variants dominating a row, the first few.
fn dominator_ranks(r: &Report, row: &Row) -> Vec<String> {
    let mut ranks: Vec<usize> = row
        .dominated_by
        .iter()
        .filter_map(|&i| r.rank_of(i))
        .collect();
    ranks.dedup();
    let ranks = ranks.iter().map(|k| k.to_string()).collect();
    first_few(ranks, MAX_DOMINATORS, |n| format!("+{n} more"))
}

/// The first `max` items, then `more(n)` for the `n` left out.
fn first_few(items: Vec<String>, max: usize, more: fn(usize) -> String) -> Vec<String> {
    let left = items.len().saturating_sub(max);
    let mut list: Vec<String> = items.into_iter().take(max).collect();
    if left > 0 {
        list.push(more(left));
    }
    list
}

/// The cells of an entry with draws: mean · p10–p90 · min–max per measure.
pub fn draw_cells(d: &Draws) -> Vec<String> {
    let mut c = vec![
        d.name.clone(),
        format!("{} ({} with a plan)", d.members.len(), d.solved),
    ];
    c.extend(MEASURES.iter().enumerate().map(|(k, m)| match &d.spread {
        Some(s) => spread_cell(m, s[k]),
        None => "–".into(),
    }));
    c
}

/// `mean · p10–p90 · min–max` of one measure.
fn spread_cell(m: &Measure, s: Spread) -> String {
    let [mean, p10, p90, min, max] = [s.mean, s.p10, s.p90, s.min, s.max].map(|v| show(m, v));
    format!("{mean} · {p10}–{p90} · {min}–{max}")
}

/// The heading and note above the draws table.
const DRAWS_NOTE: &str =
    "\n## Random draws\n\nEach entry with several draws as one row; each cell: \
    mean · 10th–90th percentile · smallest–largest over the draws with a plan. Each draw's own \
    figures are in `report.csv` and `draws.csv`, its files in `variants/`.\n";

fn draws(s: &mut String, r: &Report) {
    if r.draws.is_empty() {
        return;
    }
    let _ = writeln!(s, "{DRAWS_NOTE}");
    table_head_rows(s, &draws_head(), |i| i == 0);
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
    for (k, m) in MEASURES.iter().enumerate() {
        s.push_str(&best_line(m, k, &ranked));
    }
    let front = ranked.iter().filter(|row| row.pareto());
    s.push_str(&names_line(
        "Pareto front ★",
        front.map(|row| row.result.variant.as_str()),
    ));
}

/// `- Measure (lowest): the variants with the best value of measure `k``.
fn best_line(m: &Measure, k: usize, ranked: &[&Row]) -> String {
    let v = |row: &Row| row.figures.as_ref().map_or(0.0, |f| f.values[k]);
    let best = best_value(m, ranked.iter().map(|row| v(row)));
    let names = ranked.iter().filter(|row| v(row) == best);
    let side = ["highest", "lowest"][usize::from(m.lower_is_better)];
    let label = format!("{} ({side})", m.label);
    names_line(&label, names.map(|row| row.result.variant.as_str()))
}

/// The best of the values in the measure's direction (the first of equals).
fn best_value(m: &Measure, mut values: impl Iterator<Item = f64>) -> f64 {
    let better = |a: f64, b: f64| if m.lower_is_better { a < b } else { a > b };
    let first = values.next().unwrap_or(0.0);
    values.fold(first, |b, x| if better(x, b) { x } else { b })
}

/// `- label: `a`, `b`, and 3 more`.
fn names_line<'n>(label: &str, names: impl Iterator<Item = &'n str>) -> String {
    let names = names.map(|n| format!("`{}`", cell(n))).collect();
    let list = first_few(names, MAX_BEST, |n| format!("and {n} more"));
    format!("- {label}: {}\n", list.join(", "))
}

fn failures(s: &mut String, r: &Report) {
    let failed = r.failed();
    if failed.is_empty() {
        return;
    }
    let _ = writeln!(s, "\n## Variants without a plan\n");
    for row in failed {
        failure(s, row);
    }
}

/// One variant without a plan: its status, message and issues.
fn failure(s: &mut String, row: &Row) {
    let f = row.result.failure.as_ref().expect("filtered above");
    let (name, status) = (cell(&row.result.variant), row.result.status.as_str());
    let _ = writeln!(s, "- `{name}` ({status}): {}", f.message);
    for i in &f.issues {
        let _ = writeln!(s, "  - {}", cell(i.lines().next().unwrap_or("")));
    }
}

/// Text safe inside a Markdown table cell.
fn cell(t: &str) -> String {
    t.replace('|', "\\|").replace('`', "'")
}
