//! Schools' FAP load against fair share, for the panel: counts beside the
//! ratio, exempt schools listed and marked, and a school marked over its
//! share only when it is over by at least one whole child ([`clearly_over`]):
//! one child against a share of 0.4 is a ratio of 2.5 but no unfairness.

use crate::figures::{fixed, ratio};
use crate::proposals::metrics::{Metrics, SchoolLoad};
use crate::report::doc::{plain, small, Table, Text};
use crate::scenario::{Phase, Scenario};

/// Over the fair share by at least one whole child's load.
pub fn clearly_over(l: &SchoolLoad) -> bool {
    l.load_this_year >= l.fair_share + 1.0 - 1e-9
}

fn school_cell(sc: &Scenario, id: &str) -> Text {
    match sc.schools.iter().find(|s| s.id == id) {
        Some(s) => match &s.name {
            Some(n) => vec![plain(n.clone()), small(format!(" {id}"))],
            None => vec![plain(id.to_string())],
        },
        None => vec![plain(id.to_string())],
    }
}

/// The load table of proposal 1's metrics, then the exempt schools.
pub fn table(sc: &Scenario, m: &Metrics) -> Table {
    let mut rows: Vec<Vec<Text>> = Vec::new();
    let mut marked = Vec::new();
    for l in &m.school_loads {
        let cap = l.cap.map_or("–".to_string(), |c| c.to_string());
        rows.push(vec![
            school_cell(sc, &l.school),
            vec![plain(l.phase)],
            vec![plain(l.placed_this_round.to_string())],
            vec![plain(format!("{} (cap {cap})", l.admitted_this_year))],
            vec![plain(fixed(l.fair_share, 1))],
            vec![plain(ratio(l.load_ratio))],
            vec![plain(if clearly_over(l) { "over share" } else { "" })],
        ]);
        marked.push(clearly_over(l));
    }
    for s in sc.schools.iter().filter(|s| !s.accepts_fap) {
        for g in Phase::ALL.into_iter().filter(|&g| s.teaches_phase(g)) {
            let mut cell = school_cell(sc, &s.id);
            cell.push(small(" exempt this year"));
            rows.push(vec![
                cell,
                vec![plain(g.name())],
                vec![plain("0")],
                vec![plain(s.ledger(g).to_string())],
                vec![plain("–")],
                vec![plain("–")],
                vec![plain("exempt")],
            ]);
            marked.push(false);
        }
    }
    Table {
        head: vec![
            ("School".into(), false),
            ("Phase".into(), false),
            ("This round".into(), true),
            ("This year".into(), true),
            ("Fair share".into(), true),
            ("Load ÷ share".into(), true),
            ("".into(), false),
        ],
        rows,
        marked,
        widths: vec![0.36, 0.1, 0.09, 0.14, 0.1, 0.11, 0.1],
    }
}
