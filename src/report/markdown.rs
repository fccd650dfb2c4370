//! The panel paper as Markdown: the [`Doc`] laid out as headings, lists and
//! pipe tables, small type (ids) in brackets, the protective marking first
//! and last. Every piece of text goes through [`esc`], so a name with `|` or
//! `*` cannot break a table or start emphasis.

use super::doc::{Block, Doc, Span, Style, Table};
use std::fmt::Write;

/// Escapes Markdown's special characters.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Renders the paper.
pub fn render(doc: &Doc) -> String {
    let mut out = format!("**{}**\n\n", esc(&doc.header.marking));
    for b in &doc.blocks {
        block(&mut out, b);
    }
    let _ = writeln!(out, "**{}**", esc(&doc.header.marking));
    out
}

fn block(out: &mut String, b: &Block) {
    match b {
        Block::Heading(level, text) => {
            let _ = writeln!(out, "{} {}\n", "#".repeat(*level as usize), esc(text));
        }
        Block::Para(t) => {
            let _ = writeln!(out, "{}\n", text(t));
        }
        Block::List(items) => {
            for i in items {
                let _ = writeln!(out, "- {}", text(i));
            }
            out.push('\n');
        }
        Block::Table(t) => table(out, t),
        Block::Card(_, blocks) => blocks.iter().for_each(|b| block(out, b)),
        Block::Figure(..) | Block::PageBreak => {}
        Block::CoordinatorOnly => out.push_str("---\n\n"),
    }
}

/// Runs of text: bold as `**…**`, small type in brackets (`(S012)`).
fn text(t: &[Span]) -> String {
    t.iter()
        .map(|s| match s.style {
            Style::Plain => esc(&s.text),
            // Markdown's markers must touch the words: spaces go outside.
            Style::Bold | Style::Warn => emphasis(&s.text),
            Style::Small if s.text.starts_with(' ') => format!(" ({})", esc(s.text.trim())),
            Style::Small => esc(&s.text),
        })
        .collect()
}

/// `**words**`, with the spaces around the words outside the markers, which
/// must touch the words.
fn emphasis(t: &str) -> String {
    let words = t.trim();
    if words.is_empty() {
        return t.to_string();
    }
    let start = t.len() - t.trim_start().len();
    let end = start + words.len();
    format!("{}**{}**{}", &t[..start], esc(words), &t[end..])
}

fn table(out: &mut String, t: &Table) {
    let row = |cells: Vec<String>| format!("| {} |", cells.join(" | "));
    let _ = writeln!(out, "{}", row(t.head.iter().map(|(h, _)| esc(h)).collect()));
    let align: Vec<&str> = t
        .head
        .iter()
        .map(|(_, numeric)| if *numeric { "---:" } else { "---" })
        .collect();
    let _ = writeln!(out, "|{}|", align.join("|"));
    for r in &t.rows {
        let _ = writeln!(out, "{}", row(r.iter().map(|c| text(c)).collect()));
    }
    out.push('\n');
}
