//! The panel paper's bars (issue 16): no solver jargon on the panel-facing
//! pages, no school or AP id where the scenario gives a name (except in
//! small type), every "has room" claim true of the scenario, and a 40-pupil
//! round within 12 A4 pages as PDF. Checked on the golden rounds and a
//! generated 40-pupil round with three proposals.

use crate::decision_support::common::{load, support_record};
use fap::model::{Assignment, Options};
use fap::plan::{self, Plan, SolveOptionsRecord};
use fap::proposals::rank;
use fap::report::doc::{flat, Block, Doc, Style};
use fap::report::paper::{self, room::HAS_ROOM};
use fap::report::{self, Format, Pack};
use fap::scenario::{Scenario, Target};
use fap::solve::SolveSettings;

/// Words of the cost model that a panel should never have to read.
const JARGON: [&str; 16] = [
    "objective",
    "own cost",
    "cost",
    "constraint",
    "rule 7",
    "penalty",
    "bonus",
    "optimal",
    "optimiser",
    "solver",
    "mip",
    "infeasible",
    "weight",
    "fair-share excess",
    "relaxation",
    "sha256",
];

/// A scenario and its plan with `k` proposals and decision support.
fn solved(bytes: &[u8], k: usize) -> (Scenario, Plan) {
    let sc = load(&serde_json::from_slice(bytes).expect("json"));
    let opts = Options::generate(&sc);
    let ranked = rank(&sc, &opts, &SolveSettings::default(), k, 1).expect("solves");
    let record = SolveOptionsRecord {
        proposals: k,
        min_diff: 1,
        time_limit_s: None,
        mip_rel_gap: SolveSettings::default().mip_rel_gap,
        options_per_pupil: 3,
    };
    let generator = plan::generator("highs (paper test)".into(), record, None);
    let mut plan = fap::proposals::plan::make(&sc, plan::sha256_hex(bytes), &ranked, generator);
    plan.decision_support = Some(support_record(&sc, &ranked.proposals[0].assignment, 3));
    (sc, plan)
}

fn rounds() -> Vec<(Scenario, Plan)> {
    let shipped = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/scenarios/primary-spring1.json"
    ))
    .expect("shipped scenario");
    let generated = fap::generate::generate(&fap::generate::Settings::synthetic(3, 40, 30))
        .expect("generates")
        .json;
    vec![solved(&shipped, 2), solved(&generated, 3)]
}

/// The blocks before the coordinator's appendix, cards opened up.
fn panel_blocks(doc: &Doc) -> Vec<&Block> {
    fn push<'a>(b: &'a Block, out: &mut Vec<&'a Block>) {
        match b {
            Block::Card(_, inner) => inner.iter().for_each(|b| push(b, out)),
            b => out.push(b),
        }
    }
    let mut out = Vec::new();
    for b in doc
        .blocks
        .iter()
        .take_while(|b| **b != Block::CoordinatorOnly)
    {
        push(b, &mut out);
    }
    out
}

/// Every run of text in a block with its style (headings and figures as plain).
fn runs(b: &Block) -> Vec<(String, Style)> {
    let text = |t: &[fap::report::doc::Span]| {
        t.iter()
            .map(|s| (s.text.clone(), s.style))
            .collect::<Vec<_>>()
    };
    match b {
        Block::Heading(_, t) => vec![(t.clone(), Style::Plain)],
        Block::Para(t) => text(t),
        Block::List(items) => items.iter().flat_map(|t| text(t)).collect(),
        Block::Table(t) => {
            let mut v: Vec<_> = t
                .head
                .iter()
                .map(|(h, _)| (h.clone(), Style::Plain))
                .collect();
            v.extend(t.rows.iter().flatten().flat_map(|c| text(c)));
            v
        }
        Block::Figure(svg, caption) => {
            vec![(svg.clone(), Style::Plain), (caption.clone(), Style::Plain)]
        }
        _ => Vec::new(),
    }
}

fn has_word(text: &str, word: &str) -> bool {
    let lower = text.to_lowercase();
    lower.match_indices(word).any(|(i, _)| {
        let before = lower[..i].chars().next_back();
        let after = lower[i + word.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

#[test]
fn panel_pages_use_no_solver_jargon_and_the_appendix_keeps_the_costs() {
    for (sc, plan) in rounds() {
        let pack = Pack::new(&sc, &plan).expect("pack");
        let doc = paper::build(&pack, pack.header.clone());
        for b in panel_blocks(&doc) {
            for (text, _) in runs(b) {
                for w in JARGON {
                    assert!(!has_word(&text, w), "{w:?} on the panel pages: {text}");
                }
            }
        }
        let all = report::render(&pack, Format::Markdown).expect("renders");
        let all = String::from_utf8(all).expect("utf-8");
        assert!(
            all.contains("Total cost") && all.contains("Glossary"),
            "the appendix keeps the costs"
        );
    }
}

#[test]
fn no_id_where_the_scenario_gives_a_name_except_in_small_type() {
    for (sc, plan) in rounds() {
        let pack = Pack::new(&sc, &plan).expect("pack");
        let doc = paper::build(&pack, pack.header.clone());
        let named: Vec<&str> = sc
            .schools
            .iter()
            .filter(|s| s.name.is_some())
            .map(|s| s.id.as_str())
            .chain(
                sc.aps
                    .iter()
                    .filter(|a| a.name.is_some())
                    .map(|a| a.id.as_str()),
            )
            .collect();
        assert!(!named.is_empty());
        for b in panel_blocks(&doc) {
            for (text, style) in runs(b) {
                if style == Style::Small {
                    continue;
                }
                for id in &named {
                    assert!(
                        !has_word(&text, &id.to_lowercase()),
                        "id {id} outside small type: {text}"
                    );
                }
            }
        }
    }
}

/// Independent of the renderer: does pupil `p` fit at `t` in plan `a`
/// within the year group's free places and (for FAP) the school's cap?
fn fits(sc: &Scenario, a: &Assignment, p: usize, t: Target) -> bool {
    let pupil = &sc.pupils[p];
    let at = |q: usize| q == p || a[q] == Some(t);
    match t {
        Target::Ap(i) => {
            (0..a.len()).filter(|&q| at(q)).count() as u32 <= sc.aps[i as usize].places
        }
        Target::School(s) => {
            let school = &sc.schools[s as usize];
            let same_year = (0..a.len())
                .filter(|&q| at(q) && sc.pupils[q].year == pupil.year)
                .count() as u32;
            let g = pupil.year.phase();
            let fap = (0..a.len())
                .filter(|&q| at(q) && sc.pupils[q].is_fap() && sc.pupils[q].year.phase() == g)
                .count() as u32;
            let cap = fap::model::options::cap(sc, s, g);
            same_year <= school.free(pupil.year)
                && (!pupil.is_fap() || school.ledger(g) + fap <= cap)
        }
    }
}

#[test]
fn every_has_room_claim_on_an_alternative_is_true_of_the_scenario() {
    let mut claims = 0;
    for (sc, plan) in rounds() {
        let pack = Pack::new(&sc, &plan).expect("pack");
        let doc = paper::build(&pack, pack.header.clone());
        let cards = doc.blocks.iter().filter_map(|b| match b {
            Block::Card(id, inner) => Some((id, inner)),
            _ => None,
        });
        for (id, inner) in cards {
            let p = sc
                .pupils
                .iter()
                .position(|x| format!("pupil-{}", x.id) == *id)
                .expect("a pupil");
            let s = pack.pupil_support(p as u32).expect("support");
            let table = inner.iter().find_map(|b| match b {
                Block::Table(t) => Some(t),
                _ => None,
            });
            let Some(table) = table else { continue };
            assert_eq!(table.rows.len(), s.alternatives.len());
            for (row, alt) in table.rows.iter().zip(&s.alternatives) {
                let Some(t) = alt.place.as_deref().and_then(|x| sc.find_target(x)) else {
                    continue;
                };
                let plan_there = paper::words::with_moves(&pack, p as u32, Some(t), &alt.knock_on);
                let says = flat(&row[1]).contains(HAS_ROOM);
                assert_eq!(
                    says,
                    fits(&sc, &plan_there, p, t),
                    "{id} at {}: {}",
                    sc.target_id(t),
                    flat(&row[1])
                );
                claims += usize::from(says);
            }
        }
    }
    assert!(claims > 0, "no claim was tested");
}

#[test]
fn a_forty_pupil_round_prints_within_twelve_a4_pages_as_pdf() {
    let (sc, plan) = rounds().pop().expect("the generated round");
    assert_eq!(sc.pupils.len(), 40);
    let pack = Pack::new(&sc, &plan).expect("pack");
    let pdf = report::render(&pack, Format::Pdf).expect("renders");
    assert!(pdf.starts_with(b"%PDF-"));
    // pdf-writer writes one `/Type/Page` dictionary per page (and a
    // `/Type/Pages` tree node, which the first pattern also matches).
    let pages = pdf.windows(10).filter(|w| w == b"/Type/Page").count()
        - pdf.windows(11).filter(|w| w == b"/Type/Pages").count();
    assert!((2..=12).contains(&pages), "{pages} pages");
    assert_eq!(
        pdf,
        report::render(&pack, Format::Pdf).expect("renders"),
        "same bytes twice"
    );
}
