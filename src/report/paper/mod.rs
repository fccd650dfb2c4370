//! The panel paper's content, built once from a [`Pack`] into a [`Doc`]:
//! a one-page agenda of every case (unplaced children first), proposal 1 in
//! figures and the proposals compared, where one more place helps most, the
//! children's cards, schools' load against fair share, and after
//! [`Block::CoordinatorOnly`] the costs and a glossary for the coordinator.
//! Everything before that marker is in a panel's words: names, not ids
//! (ids in small type), categories in words, no cost-model terms.

pub mod card;
pub mod coordinator;
pub mod flags;
pub mod loads;
pub mod room;
pub mod words;

use super::doc::{bold, plain, small, warn, Block, Doc, Header, Span, Table, Text};
use super::Pack;
use crate::figures::{km, percent, ratio};
use crate::proposals::contrast::Style;
use crate::proposals::metrics::Metrics;
use crate::scenario::PupilIdx;

/// Builds the paper.
pub fn build(pack: &Pack, header: Header) -> Doc {
    let mut blocks = title(pack, &header).to_vec();
    agenda(pack, &mut blocks);
    blocks.push(Block::PageBreak);
    summary(pack, &mut blocks);
    place_values(pack, &mut blocks);
    blocks.push(Block::Heading(2, "Children".into()));
    blocks.extend(order(pack).into_iter().map(|p| card::card(pack, p)));
    loads(pack, &mut blocks);
    blocks.push(Block::CoordinatorOnly);
    coordinator::appendix(pack, &mut blocks);
    Doc { header, blocks }
}

/// The paper's title and the line under it: authority, meeting, cases, marking.
fn title(pack: &Pack, header: &Header) -> [Block; 2] {
    let cases = crate::figures::count(pack.sc.pupils.len(), "case", "cases");
    let (authority, date) = (&header.authority, &header.meeting_date);
    let line = format!(
        "{authority} · meeting {date} · {cases} · {}",
        header.marking
    );
    let title = format!("Fair Access Panel: {}", header.round);
    [Block::Heading(1, title), Block::Para(vec![plain(line)])]
}

/// Unplaced children first, then the rest in scenario order.
pub fn order(pack: &Pack) -> Vec<PupilIdx> {
    let all = 0..pack.sc.pupils.len() as PupilIdx;
    let (mut un, placed): (Vec<_>, Vec<_>) = all.partition(|&p| pack.best()[p as usize].is_none());
    un.extend(placed);
    un
}

/// The agenda table's columns: heading, right-aligned.
const AGENDA_HEAD: [(&str, bool); 6] = [
    ("Case", false),
    ("Year", true),
    ("Category", false),
    ("Days out", true),
    ("Proposal", false),
    ("Flags", false),
];

fn agenda(pack: &Pack, blocks: &mut Vec<Block>) {
    blocks.push(Block::Heading(2, "Agenda: the cases".into()));
    let row = |p| agenda_row(pack, p);
    let rows = order(pack).into_iter().map(row).collect();
    let widths = vec![0.09, 0.06, 0.27, 0.08, 0.28, 0.22];
    blocks.push(Block::Table(Table::unmarked(AGENDA_HEAD, rows, widths)));
    blocks.push(Block::Para(vec![small(
        "Days out: school days out of education; the Code's aim is a place within 20. Each case has a card below.",
    )]));
}

/// One case on the agenda: id, year, category, days out, proposal, flags.
fn agenda_row(pack: &Pack, p: PupilIdx) -> Vec<Text> {
    let pupil = &pack.sc.pupils[p as usize];
    let flags = flags::of(pack.sc, pack.best(), p);
    let tags: Vec<&str> = flags.iter().map(|f| f.tag).collect();
    vec![
        vec![plain(pupil.id.clone())],
        vec![plain(pupil.year.to_string())],
        vec![plain(super::names::case_kind(pupil))],
        vec![days_out(pupil.days_out_of_education)],
        card::place_text(pack, pack.best()[p as usize], false),
        vec![plain(tags.join(", "))],
    ]
}

/// Days out of education, marked beyond the Code's aim.
fn days_out(days: f64) -> Span {
    if days > card::DAYS_AIM {
        warn(format!("{days}"))
    } else {
        plain(format!("{days}"))
    }
}

fn summary(pack: &Pack, blocks: &mut Vec<Block>) {
    blocks.push(Block::Heading(2, "The proposals compared".into()));
    let m = &pack.metrics;
    let row = |label: &str, f: &dyn Fn(usize, &Metrics) -> String| -> Vec<Text> {
        let mut r = vec![vec![plain(label)]];
        r.extend(m.iter().enumerate().map(|(i, x)| vec![plain(f(i, x))]));
        r
    };
    let rows = vec![
        row("Children placed", &|_, x| {
            format!("{} of {}", x.placed, x.pupils)
        }),
        row("Unplaced", &|_, x| x.unplaced.to_string()),
        row("At first preference", &|_, x| {
            format!(
                "{} ({})",
                x.first_preference,
                percent(x.first_preference, x.with_preferences)
            )
        }),
        row("At any preference", &|_, x| {
            format!(
                "{} ({})",
                x.any_preference,
                percent(x.any_preference, x.with_preferences)
            )
        }),
        row("Average journey", &|_, x| km(x.mean_km)),
        row("Longest journey", &|_, x| km(x.max_km)),
        row("Needing transport", &|_, x| x.beyond_walking.to_string()),
        row("Places above PAN", &|_, x| x.above_pan_places.to_string()),
        row("Over a school's FAP cap", &|_, x| {
            x.over_cap_placements.to_string()
        }),
        row("AP places", &|_, x| x.ap_places_used.to_string()),
        row("Highest load ÷ fair share", &|_, x| {
            ratio(x.max_load_ratio)
        }),
        row("Children placed differently", &|i, _| {
            super::differs(pack, i).len().to_string()
        }),
    ];
    let mut head = vec![(String::new(), false)];
    head.extend(pack.labels.iter().map(|l| (l.clone(), true)));
    let n = head.len() as f64;
    let widths = std::iter::once(0.4)
        .chain(std::iter::repeat_n(0.6 / (n - 1.0), m.len()))
        .collect();
    blocks.push(Block::Table(Table::unmarked(head, rows, widths)));
    for i in 1..m.len() {
        let ids: Vec<String> = super::differs(pack, i)
            .into_iter()
            .map(|p| pack.sc.pupils[p as usize].id.clone())
            .collect();
        let who = if ids.is_empty() {
            "nobody".to_string()
        } else {
            ids.join(", ")
        };
        blocks.push(Block::Para(vec![
            bold(pack.labels[i].clone()),
            plain(format!(" places differently: {who}.")),
        ]));
    }
    for c in &pack.plan.contrasts {
        blocks.push(Block::Para(vec![small(contrast_note(c))]));
    }
}

/// How a contrast plan was made, in words.
fn contrast_note(c: &crate::plan::Contrast) -> String {
    let how = Style::from_key(&c.style).map_or(
        "weighs the protocol's terms differently",
        Style::description,
    );
    let verdict = if c.plan.gap_to_best <= 1e-6 {
        "by the protocol's own balance it is as good as proposal 1"
    } else {
        "the protocol's own balance prefers proposal 1; the table shows what each gives"
    };
    format!(
        "{}: the best whole plan if the panel {how}; {verdict}.",
        super::capitalised(&c.label)
    )
}

fn place_values(pack: &Pack, blocks: &mut Vec<Block>) {
    blocks.push(Block::Heading(2, "Where one more place helps most".into()));
    let top = super::top_place_values(pack, 5);
    if top.is_empty() {
        blocks.push(Block::Para(vec![plain(
            "No single extra place would improve proposal 1.",
        )]));
        return;
    }
    let items = top
        .into_iter()
        .map(|v| vec![plain(words::place_value(pack, v))])
        .collect();
    blocks.push(Block::List(items));
}

fn loads(pack: &Pack, blocks: &mut Vec<Block>) {
    let m = &pack.metrics[0];
    blocks.push(Block::Heading(
        2,
        "Schools' FAP load this year (proposal 1)".into(),
    ));
    if m.school_loads.is_empty() {
        blocks.push(Block::Para(vec![plain(
            "No school has a fair share this round.",
        )]));
        return;
    }
    blocks.push(Block::Para(vec![small(
        "This year: FAP children admitted this year including this round, against the school's cap. Fair share: the school's part of all FAP children in the phase, by size. Marked over share only when over by at least one whole child.",
    )]));
    blocks.push(Block::Table(loads::table(pack.sc, m)));
    load_figures(pack, blocks);
}

/// The load chart's caption.
const CHART_CAPTION: &str =
    "Load this year against fair share (the tick), schools with FAP children this year.";

/// The map's caption.
const MAP_CAPTION: &str = "Schools and AP providers; the number is the children placed there in proposal 1. Homes are not shown.";

/// The load chart and the map, each when it has something to show.
fn load_figures(pack: &Pack, blocks: &mut Vec<Block>) {
    let chart = super::svg::load_chart(pack);
    if !chart.is_empty() {
        blocks.push(Block::Figure(chart, CHART_CAPTION.into()));
    }
    let map = super::svg::map(pack);
    if !map.is_empty() {
        blocks.push(Block::Figure(map, MAP_CAPTION.into()));
    }
}
