//! The panel paper as one self-contained HTML file: the [`Doc`] with inline
//! SVG charts, laid out for A4 by `@media print` and `@page` (the protective
//! marking at the top and bottom of every page, page numbers, cards and
//! figures never split, headings kept with what follows).
//!
//! No external asset of any kind (no script, font, image or link), so it works
//! offline and can be mailed. Every piece of text goes through [`esc`].

use super::doc::{Block, Doc, Span, Style, Table};
use std::fmt::Write;

/// Escapes text for HTML content and attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Escapes text for a CSS string.
fn css_string(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_control())
        .map(|c| match c {
            '"' | '\\' | '<' | '>' => format!("\\{:x} ", c as u32),
            c => c.to_string(),
        })
        .collect()
}

const STYLE: &str = r#"
:root { --ink: #1d2733; --muted: #5b6b7b; --line: #d5dde5; --red: #b03a2e; }
* { box-sizing: border-box; }
body { font: 14px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; color: var(--ink); margin: 0 auto; max-width: 1100px; padding: 24px; }
h1 { font-size: 22px; margin: 0 0 2px; }
h2 { font-size: 17px; border-bottom: 2px solid var(--line); padding-bottom: 3px; margin: 22px 0 8px; }
h3 { font-size: 14px; margin: 0 0 3px; }
p { margin: 3px 0; }
.marking { text-align: center; font-weight: 700; letter-spacing: 0.05em; }
small, .small { color: var(--muted); font-size: 0.8em; }
.warn { color: var(--red); font-weight: 600; }
table { border-collapse: collapse; width: 100%; margin: 6px 0; font-size: 13px; }
th, td { border: 1px solid var(--line); padding: 2px 5px; text-align: left; vertical-align: top; }
th { background: #eef2f6; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.marked td { background: #fbeae8; }
.card { border: 1px solid var(--line); border-radius: 5px; padding: 6px 10px; margin: 0 0 8px; }
.card table { font-size: 12px; }
figure { margin: 8px 0; }
figcaption { color: var(--muted); font-size: 12px; }
hr.coordinator { border: 0; border-top: 3px double var(--line); margin: 24px 0; }
svg { max-width: 100%; height: auto; }
@media print {
  body { max-width: none; padding: 0; font-size: 7.8pt; line-height: 1.3; }
  .marking.top { display: none; }
  h1 { font-size: 14pt; }
  h2 { font-size: 11pt; margin: 10px 0 4px; }
  h3 { font-size: 8.5pt; margin: 0 0 1px; }
  p { margin: 1px 0; }
  h2, h3 { break-after: avoid; }
  table { font-size: 7.3pt; margin: 3px 0; }
  th, td { padding: 1px 4px; }
  .card { padding: 3px 6px; margin: 0 0 5px; border-radius: 3px; }
  .card table { font-size: 7.1pt; }
  .card, figure, tr { break-inside: avoid; }
  .pagebreak { break-before: page; }
  th, tr.marked td { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"#;

/// Renders the paper.
pub fn render(doc: &Doc) -> String {
    let h = &doc.header;
    let mut o = String::new();
    let _ = write!(
        o,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{} · {}</title>\n<style>{STYLE}@page {{ size: A4; margin: 14mm 12mm; @top-center {{ content: \"{m}\"; font: 700 9pt sans-serif; }} @bottom-center {{ content: \"{m}\"; font: 700 9pt sans-serif; }} @bottom-right {{ content: \"Page \" counter(page) \" of \" counter(pages); font: 8pt sans-serif; }} }}</style>\n</head>\n<body>\n<p class=\"marking top\">{}</p>\n",
        esc(&h.round),
        esc(&h.marking),
        esc(&h.marking),
        m = css_string(&h.marking)
    );
    for b in &doc.blocks {
        block(&mut o, b);
    }
    o.push_str("</body>\n</html>\n");
    o
}

fn block(o: &mut String, b: &Block) {
    match b {
        Block::Heading(level, t) => {
            let _ = writeln!(o, "<h{level}>{}</h{level}>", esc(t));
        }
        Block::Para(t) => {
            let _ = writeln!(o, "<p>{}</p>", text(t));
        }
        Block::List(items) => {
            o.push_str("<ul>\n");
            for i in items {
                let _ = writeln!(o, "<li>{}</li>", text(i));
            }
            o.push_str("</ul>\n");
        }
        Block::Table(t) => table(o, t),
        Block::Card(id, blocks) => {
            let _ = writeln!(o, "<article class=\"card\" id=\"{}\">", esc(id));
            blocks.iter().for_each(|b| block(o, b));
            o.push_str("</article>\n");
        }
        Block::Figure(svg, caption) => {
            let _ = writeln!(
                o,
                "<figure>{svg}<figcaption>{}</figcaption></figure>",
                esc(caption)
            );
        }
        Block::PageBreak => o.push_str("<div class=\"pagebreak\"></div>\n"),
        Block::CoordinatorOnly => o.push_str("<hr class=\"coordinator\">\n"),
    }
}

fn text(t: &[Span]) -> String {
    t.iter()
        .map(|s| match s.style {
            Style::Plain => esc(&s.text),
            Style::Bold => format!("<strong>{}</strong>", esc(&s.text)),
            Style::Small => format!("<small>{}</small>", esc(&s.text)),
            Style::Warn => format!("<span class=\"warn\">{}</span>", esc(&s.text)),
        })
        .collect()
}

/// A table whose first heading is empty has row headings.
fn table(o: &mut String, t: &Table) {
    let num_class = |numeric: bool| if numeric { " class=\"num\"" } else { "" };
    o.push_str("<table>\n<thead><tr>");
    for (h, numeric) in &t.head {
        let _ = write!(o, "<th{}>{}</th>", num_class(*numeric), esc(h));
    }
    o.push_str("</tr></thead>\n<tbody>\n");
    let row_heads = t.head.first().is_some_and(|(h, _)| h.is_empty());
    for (r, marked) in t.rows.iter().zip(&t.marked) {
        o.push_str(if *marked {
            "<tr class=\"marked\">"
        } else {
            "<tr>"
        });
        for (i, (cell, (_, numeric))) in r.iter().zip(&t.head).enumerate() {
            let tag = if i == 0 && row_heads { "th" } else { "td" };
            let _ = write!(o, "<{tag}{}>{}</{tag}>", num_class(*numeric), text(cell));
        }
        o.push_str("</tr>\n");
    }
    o.push_str("</tbody>\n</table>\n");
}
