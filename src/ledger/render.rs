//! The ledger and the year-end figures as a document (Markdown, HTML through
//! the panel paper's renderers, so they look alike) and as CSV, one row per
//! table row with ids and plain numbers for spreadsheets.

use super::year_end::{Days, Placed, YearEnd, AIM_DAYS};
use super::{Ledger, PhaseLedger, SchoolTurn};
use crate::report::doc::{bold, plain, small, Block, Doc, Header, Span, Table, Text};
use std::collections::BTreeMap;

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A Markdown paper.
    Md,
    /// One CSV table.
    Csv,
    /// A self-contained HTML page that prints on A4.
    Html,
}

impl Format {
    /// The format a file name asks for (`.md`, `.csv`, `.html`/`.htm`).
    pub fn of_path(p: &std::path::Path) -> Option<Format> {
        match p.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "md" | "markdown" => Some(Format::Md),
            "csv" => Some(Format::Csv),
            "html" | "htm" => Some(Format::Html),
            _ => None,
        }
    }
}

/// A document in the given format (CSV from `csv` rows).
pub fn output(doc: &Doc, csv: &[Vec<String>], f: Format) -> Vec<u8> {
    match f {
        Format::Md => crate::report::markdown::render(doc).into_bytes(),
        Format::Html => crate::report::html::render(doc).into_bytes(),
        Format::Csv => csv_bytes(csv),
    }
}

/// Rows as CSV bytes (RFC 4180, `\n` line ends).
pub fn csv_bytes(rows: &[Vec<String>]) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    for r in rows {
        w.write_record(r).expect("writing to memory");
    }
    w.into_inner().expect("writing to memory")
}

fn header(round: &str, marking: &str) -> Header {
    Header {
        authority: String::new(),
        meeting_date: String::new(),
        round: round.to_string(),
        marking: marking.to_string(),
    }
}

/// `3.00` style numbers; `—` for none.
fn num(v: Option<f64>) -> String {
    v.map_or("—".into(), |v| format!("{v:.2}"))
}

fn count(v: Option<u32>) -> String {
    v.map_or("—".into(), |v| v.to_string())
}

/// The ledger as a paper: one table per phase, schools in turn order.
pub fn ledger_doc(l: &Ledger, marking: &str) -> Doc {
    let mut blocks = vec![Block::Heading(1, format!("Whose turn is it? {}", l.round))];
    blocks.push(Block::Para(vec![plain(
        "FAP pupils admitted this academic year, by year group, against each school's cap and fair share. \
         The turn goes to the school furthest below its fair share (lowest admitted ÷ share).",
    )]));
    blocks.extend(l.phases.iter().flat_map(phase_blocks));
    let header = header(&l.round, marking);
    Doc { header, blocks }
}

/// A phase's heading, its counts and its table.
fn phase_blocks(p: &PhaseLedger) -> [Block; 3] {
    let counts = format!(
        "{} admitted this year; {} FAP pupil(s) of this round still to place (load {:.1}).",
        p.admitted, p.waiting, p.waiting_load
    );
    let heading = Block::Heading(2, format!("{} schools", capital(p.phase)));
    [
        heading,
        Block::Para(vec![plain(counts)]),
        Block::Table(phase_table(p)),
    ]
}

fn capital(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

fn phase_table(p: &PhaseLedger) -> Table {
    let over = |t: &SchoolTurn| t.ratio.is_some_and(|r| r > 1.0);
    let head = phase_head(p);
    Table {
        widths: vec![1.0; head.len()],
        marked: p.schools.iter().map(over).collect(),
        rows: p.schools.iter().map(school_row).collect(),
        head,
    }
}

/// The phase table's figures after the year groups.
const PHASE_FIGURES: [&str; 5] = [
    "This year",
    "Cap",
    "Left under cap",
    "Fair share",
    "Admitted ÷ share",
];

/// The phase table's columns: turn, school, its year groups, then the figures.
fn phase_head(p: &PhaseLedger) -> Vec<(String, bool)> {
    let mut head = vec![("Turn".to_string(), true), ("School".to_string(), false)];
    head.extend(p.years.iter().map(|y| (format!("Y{y}"), true)));
    head.extend(PHASE_FIGURES.map(|h| (h.to_string(), true)));
    head
}

fn school_row(t: &SchoolTurn) -> Vec<Text> {
    let mut row = vec![vec![turn_cell(t)], name_cell(t)];
    row.extend(t.by_year.iter().map(|&c| vec![plain(count(c))]));
    let (admitted, cap, left) = (
        t.admitted.to_string(),
        count(t.cap),
        count(t.left_under_cap),
    );
    row.extend([admitted, cap, left, num(t.share), num(t.ratio)].map(|c| vec![plain(c)]));
    row
}

/// The school's turn in bold, or why it has none.
fn turn_cell(t: &SchoolTurn) -> Span {
    match (&t.turn, &t.no_turn) {
        (Some(n), _) => bold(n.to_string()),
        (None, Some(why)) => small(why.clone()),
        (None, None) => plain("—"),
    }
}

/// The school's name with its id small, or the id alone.
fn name_cell(t: &SchoolTurn) -> Text {
    match &t.name {
        Some(n) => vec![plain(n.clone()), small(format!(" {}", t.school))],
        None => vec![plain(t.school.clone())],
    }
}

/// The ledger as CSV: one row per school and phase, year groups R…11 as columns.
pub fn ledger_csv(l: &Ledger) -> Vec<Vec<String>> {
    let years: Vec<String> = crate::scenario::YearGroup::all()
        .map(|y| y.to_string())
        .collect();
    let mut head: Vec<String> = ["phase", "turn", "school", "name"]
        .map(String::from)
        .to_vec();
    head.extend(years.iter().map(|y| format!("year_{y}")));
    head.extend(
        [
            "admitted",
            "cap",
            "left_under_cap",
            "fair_share",
            "ratio",
            "no_turn",
        ]
        .map(String::from),
    );
    let mut rows = vec![head];
    for p in &l.phases {
        for t in &p.schools {
            let mut r = vec![
                p.phase.to_string(),
                t.turn.map(|n| n.to_string()).unwrap_or_default(),
                t.school.clone(),
                t.name.clone().unwrap_or_default(),
            ];
            r.extend(years.iter().map(|y| {
                p.years
                    .iter()
                    .position(|py| py == y)
                    .and_then(|i| t.by_year[i])
                    .map(|c| c.to_string())
                    .unwrap_or_default()
            }));
            let f = |v: Option<f64>| v.map(|v| format!("{v:.4}")).unwrap_or_default();
            r.extend([
                t.admitted.to_string(),
                t.cap.map(|c| c.to_string()).unwrap_or_default(),
                t.left_under_cap.map(|c| c.to_string()).unwrap_or_default(),
                f(t.share),
                f(t.ratio),
                t.no_turn.clone().unwrap_or_default(),
            ]);
            rows.push(r);
        }
    }
    rows
}

/// The year-end figures as a paper.
pub fn year_end_doc(y: &YearEnd, title: &str, marking: &str) -> Doc {
    let d = &y.days;
    let share = if d.placements > 0 {
        100.0 * f64::from(d.within_aim) / f64::from(d.placements)
    } else {
        0.0
    };
    let decisions: Vec<String> = y
        .decisions
        .iter()
        .map(|(k, n)| format!("{n} {k}"))
        .collect();
    let mut blocks = vec![
        Block::Heading(1, format!("Year-end figures: {title}")),
        Block::Para(vec![plain(format!(
            "{} round(s); standing decisions: {}.",
            y.rounds.len(),
            if decisions.is_empty() { "none".to_string() } else { decisions.join(", ") }
        ))]),
        Block::Heading(2, "Days out of education when placed".into()),
        Block::Para(vec![plain(format!(
            "{} placement(s): mean {:.1} school days, longest {:.1}; {} ({share:.0}%) within the {AIM_DAYS:.0}-day aim.",
            d.placements, d.mean, d.max, d.within_aim
        ))]),
        Block::Heading(2, "Placed through the protocol".into()),
    ];
    let mut t = simple_table(
        &["School or AP", "Year group", "Category", "Pupils"],
        &[false, false, false, true],
    );
    t.rows = y
        .placed
        .iter()
        .map(|p| {
            [
                p.place.clone(),
                p.year.clone(),
                p.category.clone(),
                p.pupils.to_string(),
            ]
            .map(|c| vec![plain(c)])
            .to_vec()
        })
        .collect();
    t.marked = vec![false; t.rows.len()];
    blocks.push(Block::Table(t));
    for (title, map, col) in [
        (
            "Decisions that differed from the proposal",
            &y.differed,
            "Reason",
        ),
        ("Admissions directed past a hard rule", &y.overrides, "Rule"),
    ] {
        blocks.push(Block::Heading(2, title.into()));
        if map.is_empty() {
            blocks.push(Block::Para(vec![plain("None.")]));
            continue;
        }
        let mut t = simple_table(&[col, "Decisions"], &[false, true]);
        t.rows = map
            .iter()
            .map(|(k, n)| vec![vec![plain(k.clone())], vec![plain(n.to_string())]])
            .collect();
        t.marked = vec![false; t.rows.len()];
        blocks.push(Block::Table(t));
    }
    Doc {
        header: header(title, marking),
        blocks,
    }
}

fn simple_table(head: &[&str], numeric: &[bool]) -> Table {
    Table {
        head: head
            .iter()
            .zip(numeric)
            .map(|(h, n)| (h.to_string(), *n))
            .collect(),
        rows: Vec::new(),
        marked: Vec::new(),
        widths: vec![1.0; head.len()],
    }
}

/// The year-end figures as CSV: `table,key,year_group,category,value` rows.
pub fn year_end_csv(y: &YearEnd) -> Vec<Vec<String>> {
    let mut rows = vec![YEAR_END_HEAD.map(String::from).to_vec()];
    rows.extend(y.placed.iter().map(placed_row));
    rows.extend(count_rows("decisions", &y.decisions));
    rows.extend(count_rows("differed", &y.differed));
    rows.extend(count_rows("override", &y.overrides));
    rows.extend(days_rows(&y.days));
    rows
}

/// The year-end CSV's columns.
const YEAR_END_HEAD: [&str; 5] = ["table", "key", "year_group", "category", "value"];

/// Pupils placed at one place, year group and category.
fn placed_row(p: &Placed) -> Vec<String> {
    let n = p.pupils.to_string();
    csv_row("placed", &p.place, &p.year, &p.category, n)
}

/// One year-end CSV row.
fn csv_row(t: &str, k: &str, yg: &str, c: &str, v: String) -> Vec<String> {
    vec![t.into(), k.into(), yg.into(), c.into(), v]
}

/// A row per counted key of table `t`.
fn count_rows<K: AsRef<str>>(t: &str, counts: &BTreeMap<K, u32>) -> Vec<Vec<String>> {
    let row = |(k, n): (&K, &u32)| csv_row(t, k.as_ref(), "", "", n.to_string());
    counts.iter().map(row).collect()
}

/// The days-out-of-education figures.
fn days_rows(d: &Days) -> Vec<Vec<String>> {
    let figures = [
        ("placements", d.placements.to_string()),
        ("mean", format!("{:.4}", d.mean)),
        ("max", format!("{:.4}", d.max)),
        ("within_aim", d.within_aim.to_string()),
    ];
    figures.map(|(k, v)| csv_row("days", k, "", "", v)).to_vec()
}
