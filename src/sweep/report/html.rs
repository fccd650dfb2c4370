//! `report.html`: the same tables as `report.md`, one self-contained page with
//! an inline SVG chart, so it opens offline and can be mailed as one file.
//! Everything on it is printed (no hover-only information); the chart's
//! labels are placed so they never overprint (`super::chart`).

use super::chart::chart;
use super::markdown::{cells, draw_cells, draws_head, explain, table_head};
use super::{Report, Row};
use crate::report::html::esc;
use std::fmt::Write;

const STYLE: &str = "body{font-family:system-ui,sans-serif;margin:2em;color:#222}\
table{border-collapse:collapse;font-size:13px}\
th,td{border:1px solid #ccc;padding:3px 6px;text-align:right}\
td:nth-child(2),td:nth-child(3),th{text-align:left}\
tr.pareto td{background:#eef4ff}tr.base td{font-weight:600}\
figure{margin:1em 0;break-inside:avoid}figcaption{font-size:13px;color:#444}\
@page{size:A4 landscape;margin:12mm}\
@media print{body{margin:0}table{font-size:10px}tr{break-inside:avoid}}";

/// The HTML page.
pub fn render(r: &Report) -> String {
    let mut s = page_head(r.title);
    for p in explain(r) {
        let _ = writeln!(s, "<p>{}</p>", esc(&p));
    }
    chart(&mut s, r);
    table(&mut s, r);
    draws(&mut s, r);
    failures(&mut s, r);
    s.push_str("</body>\n</html>\n");
    s
}

/// The page from its doctype to the `<h1>` title.
fn page_head(title: &str) -> String {
    let title = esc(title);
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <title>{title}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<h1>{title}</h1>\n"
    )
}

fn head_row(s: &mut String, labels: &[&str]) {
    s.push_str("<table>\n<thead><tr>");
    for l in labels {
        let _ = write!(s, "<th>{}</th>", esc(l));
    }
    s.push_str("</tr></thead>\n<tbody>\n");
}

fn table(s: &mut String, r: &Report) {
    head_row(s, &table_head());
    for row in r.table_rows() {
        variant_row(s, r, row);
    }
    s.push_str("</tbody>\n</table>\n");
}

/// One variant's row: the base in bold, the Pareto front shaded, the
/// variant's name linking to its panel pack.
fn variant_row(s: &mut String, r: &Report, row: &Row) {
    let _ = write!(s, "<tr{}>", row_class(row));
    for (k, c) in cells(r, row).iter().enumerate() {
        let _ = match r.pack(row).filter(|_| k == 1) {
            Some(pack) => write!(s, "<td><a href=\"{}\">{}</a></td>", esc(&pack), esc(c)),
            None => write!(s, "<td>{}</td>", esc(c)),
        };
    }
    s.push_str("</tr>\n");
}

/// The base's row in bold, the Pareto front's shaded.
fn row_class(row: &Row) -> &'static str {
    match (row.index == 0, row.pareto()) {
        (true, _) => " class=\"base\"",
        (false, true) => " class=\"pareto\"",
        _ => "",
    }
}

/// The heading and note above the draws table.
const DRAWS_NOTE: &str =
    "<h2>Random draws</h2>\n<p>Each entry with several draws as one row; each cell: mean · \
    10th–90th percentile · smallest–largest over the draws with a plan (each draw in \
    report.csv and draws.csv).</p>\n";

fn draws(s: &mut String, r: &Report) {
    if r.draws.is_empty() {
        return;
    }
    s.push_str(DRAWS_NOTE);
    head_row(s, &draws_head());
    for d in &r.draws {
        s.push_str("<tr>");
        for c in draw_cells(d) {
            let _ = write!(s, "<td>{}</td>", esc(&c));
        }
        s.push_str("</tr>\n");
    }
    s.push_str("</tbody>\n</table>\n");
}

fn failures(s: &mut String, r: &Report) {
    let failed = r.failed();
    if failed.is_empty() {
        return;
    }
    s.push_str("<h2>Variants without a plan</h2>\n<ul>\n");
    for row in failed {
        failure(s, row);
    }
    s.push_str("</ul>\n");
}

/// A variant without a plan: its status, why, and the first line of each issue.
fn failure(s: &mut String, row: &Row) {
    let f = row.result.failure.as_ref().expect("filtered above");
    let (variant, status) = (esc(&row.result.variant), row.result.status.as_str());
    let _ = write!(
        s,
        "<li><code>{variant}</code> ({status}): {}",
        esc(&f.message)
    );
    if !f.issues.is_empty() {
        s.push_str("<ul>");
        for i in &f.issues {
            let _ = write!(s, "<li>{}</li>", esc(i.lines().next().unwrap_or("")));
        }
        s.push_str("</ul>");
    }
    s.push_str("</li>\n");
}
