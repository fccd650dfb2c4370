//! The pack's tables as plain text, shared by the Markdown and HTML
//! renderers so that both show the same columns and the same figures; each
//! renderer only escapes and lays them out.

use super::Pack;
pub use crate::figures::percent;
use crate::figures::{num, signed};
use crate::plan::support::PupilSupport;
use crate::proposals::metrics::Metrics;

/// A table: column headings (with whether the column is numeric), rows of
/// unescaped text, and which rows to highlight (over a fair share).
pub struct Table {
    /// Headings and numeric flags.
    pub head: Vec<(String, bool)>,
    /// Cells, one row per entry.
    pub rows: Vec<Vec<String>>,
    /// Rows to highlight.
    pub over: Vec<bool>,
}

impl Table {
    fn new(head: &[(&str, bool)], rows: Vec<Vec<String>>) -> Table {
        Table {
            head: head.iter().map(|(h, n)| (h.to_string(), *n)).collect(),
            over: vec![false; rows.len()],
            rows,
        }
    }
}

/// The proposals side by side: one row per figure, one column per proposal.
pub fn comparison(pack: &Pack) -> Table {
    let pct = |a: usize, b: usize| format!("{a} ({})", percent(a, b));
    let row = |label: &str, f: &dyn Fn(usize, &Metrics) -> String| {
        let mut r = vec![label.to_string()];
        r.extend(pack.metrics.iter().enumerate().map(|(i, m)| f(i, m)));
        r
    };
    let p = &pack.plan.proposals;
    let rows = vec![
        row("Objective", &|i, _| num(p[i].objective)),
        row("Gap to proposal 1", &|i, _| num(p[i].gap_to_best)),
        row("Status", &|i, _| p[i].status.clone()),
        row("Placed (FAP / in-year)", &|_, m| {
            format!("{} ({} / {})", m.placed, m.placed_fap, m.placed_in_year)
        }),
        row("Unplaced (FAP / in-year)", &|_, m| {
            format!(
                "{} ({} / {})",
                m.unplaced, m.unplaced_fap, m.unplaced_in_year
            )
        }),
        row("At first preference", &|_, m| {
            pct(m.first_preference, m.with_preferences)
        }),
        row("At any preference", &|_, m| {
            pct(m.any_preference, m.with_preferences)
        }),
        row("Mean journey (km)", &|_, m| num(m.mean_km)),
        row("Longest journey (km)", &|_, m| num(m.max_km)),
        row("Beyond walking distance", &|_, m| {
            m.beyond_walking.to_string()
        }),
        row("Above-PAN places", &|_, m| m.above_pan_places.to_string()),
        row("Over-cap placements", &|_, m| {
            m.over_cap_placements.to_string()
        }),
        row("AP places used", &|_, m| m.ap_places_used.to_string()),
        row("Worst load ÷ share", &|_, m| num(m.max_load_ratio)),
        row("Gini of load ÷ share", &|_, m| {
            format!("{:.3}", m.gini_load_ratio)
        }),
        row("Pupils placed differently", &|i, _| {
            super::differs(pack, i).len().to_string()
        }),
    ];
    let mut t = Table::new(&[("", false)], rows);
    t.head
        .extend((1..=p.len()).map(|k| (format!("Proposal {k}"), true)));
    t
}

/// A pupil's alternatives: placement, km, own cost, objective change, the
/// others who would move.
pub fn alternatives(s: &PupilSupport) -> Table {
    let place = |p: &Option<String>| p.as_deref().unwrap_or("unplaced").to_string();
    let rows = s
        .alternatives
        .iter()
        .map(|a| {
            let moves: Vec<String> = a
                .knock_on
                .iter()
                .map(|m| format!("{} ({} → {})", m.pupil, place(&m.from), place(&m.to)))
                .collect();
            let limit = if a.status == "optimal" {
                ""
            } else {
                " (time limit)"
            };
            vec![
                place(&a.place),
                a.km.map_or("–".to_string(), num),
                num(a.cost),
                format!("{}{limit}", signed(a.increase)),
                if moves.is_empty() {
                    "nobody".to_string()
                } else {
                    moves.join(", ")
                },
            ]
        })
        .collect();
    Table::new(
        &[
            ("Alternative", false),
            ("km", true),
            ("Own cost", true),
            ("Objective change", true),
            ("Others who would move", false),
        ],
        rows,
    )
}

/// Why a pupil has no alternatives to show.
pub fn no_alternatives(s: &PupilSupport) -> &'static str {
    if s.alternatives_considered == 0 {
        "none re-optimised"
    } else {
        "none reachable"
    }
}

/// Schools' FAP load this year against fair share and cap.
pub fn school_loads(m: &Metrics) -> Table {
    let rows = m
        .school_loads
        .iter()
        .map(|l| {
            vec![
                l.school.clone(),
                l.trust.clone().unwrap_or_else(|| "–".to_string()),
                l.phase.to_string(),
                l.placed_this_round.to_string(),
                format!(
                    "{} / {}",
                    l.admitted_this_year,
                    l.cap.map_or("–".to_string(), |c| c.to_string())
                ),
                num(l.load_this_year),
                num(l.fair_share),
                num(l.load_ratio),
            ]
        })
        .collect();
    let mut t = Table::new(
        &[
            ("School", false),
            ("Trust", false),
            ("Phase", false),
            ("This round", true),
            ("Admitted this year / cap", true),
            ("Load this year", true),
            ("Fair share", true),
            ("Load ÷ share", true),
        ],
        rows,
    );
    t.over = m
        .school_loads
        .iter()
        .map(|l| l.load_ratio > 1.0 + 1e-9)
        .collect();
    t
}

/// Trusts' FAP load: their schools' sums.
pub fn trust_loads(m: &Metrics) -> Table {
    let rows = m
        .trust_loads
        .iter()
        .map(|t| {
            vec![
                t.trust.clone(),
                t.phase.to_string(),
                t.schools.to_string(),
                t.placed_this_round.to_string(),
                num(t.load_this_year),
                num(t.fair_share),
                num(t.load_ratio),
            ]
        })
        .collect();
    let mut t = Table::new(
        &[
            ("Trust", false),
            ("Phase", false),
            ("Schools", true),
            ("This round", true),
            ("Load this year", true),
            ("Fair share", true),
            ("Load ÷ share", true),
        ],
        rows,
    );
    t.over = m
        .trust_loads
        .iter()
        .map(|l| l.load_ratio > 1.0 + 1e-9)
        .collect();
    t
}
