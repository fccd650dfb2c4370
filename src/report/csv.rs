//! CSV for spreadsheets: one row per pupil and proposal.
//!
//! Columns: `proposal, pupil, kind, category (in words), year_group,
//! days_out_of_education, placement_type (school|ap|unplaced), placement,
//! placement_name, km, preference_rank (1-based, empty if not a preference),
//! cost, same_as_proposal_1, flags, reasons, coordinator_notes`. Numbers have
//! fixed precision. `reasons` is the paper's one line for proposal 1's rows (in
//! a panel's words, places by name), and for other proposals says how the row
//! differs from proposal 1; `coordinator_notes` is the plan's explanation with
//! its costs (ids, cost terms), for the coordinator only. Quoting is the csv
//! crate's; a cell that a spreadsheet would read as a formula (starting with
//! `=`, `+`, `-` or `@`, and not a number) is prefixed with `'`.

use super::{names, Pack};
use crate::model::options::{cost_terms, unplaced_cost};
use crate::scenario::{PupilIdx, Target};

pub(super) const HEADER: [&str; 16] = [
    "proposal",
    "pupil",
    "kind",
    "category",
    "year_group",
    "days_out_of_education",
    "placement_type",
    "placement",
    "placement_name",
    "km",
    "preference_rank",
    "cost",
    "same_as_proposal_1",
    "flags",
    "reasons",
    "coordinator_notes",
];

/// Renders the CSV, with a UTF-8 byte-order mark so that Excel on Windows
/// reads "→" and "−" as written.
pub fn render(pack: &Pack) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new().from_writer(BOM.to_vec());
    let head = HEADER.iter().map(|s| s.to_string()).collect();
    for r in std::iter::once(head).chain(rows(pack)) {
        // Writing to a Vec cannot fail.
        let _ = w.write_record(r.iter().map(|c| defuse(c)));
    }
    w.into_inner().unwrap_or_default()
}

/// The UTF-8 byte-order mark.
pub const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The data rows (no header): one per proposal and pupil.
pub(super) fn rows(pack: &Pack) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    for (i, prop) in pack.plan.proposals.iter().enumerate() {
        for p in 0..pack.sc.pupils.len() as PupilIdx {
            rows.push(row(pack, i, prop.rank, p));
        }
    }
    rows
}

fn row(pack: &Pack, i: usize, rank: usize, pi: PupilIdx) -> Vec<String> {
    let sc = pack.sc;
    let p = &sc.pupils[pi as usize];
    let place = pack.assignments[i][pi as usize];
    let (kind, id, name, km, cost) = match place {
        None => (
            "unplaced",
            String::new(),
            String::new(),
            String::new(),
            unplaced_cost(sc, p),
        ),
        Some(t) => {
            let d = sc.distance(p, t);
            let (kind, name) = match t {
                Target::School(s) => ("school", sc.schools[s as usize].name.clone()),
                Target::Ap(a) => ("ap", sc.aps[a as usize].name.clone()),
            };
            (
                kind,
                sc.target_id(t).to_string(),
                name.unwrap_or_default(),
                format!("{d:.3}"),
                cost_terms(sc, p, t, d).total(),
            )
        }
    };
    let same = place == pack.best()[pi as usize];
    let (reasons, notes) = if i == 0 {
        let notes = pack.pupil_support(pi).map(|s| s.explanation.join(" "));
        (
            super::paper::words::why(pack, pi),
            notes.unwrap_or_default(),
        )
    } else if same {
        ("as in proposal 1".to_string(), String::new())
    } else {
        let first = pack.best()[pi as usize];
        let at = first.map_or("unplaced".to_string(), |t| names::name(sc, t));
        (format!("proposal 1 has {at}"), String::new())
    };
    vec![
        rank.to_string(),
        p.id.clone(),
        if p.is_fap() { "fap" } else { "in_year" }.to_string(),
        p.category
            .map(names::category)
            .unwrap_or_default()
            .to_string(),
        p.year.to_string(),
        p.days_out_of_education.to_string(),
        kind.to_string(),
        id,
        name,
        km,
        place
            .and_then(|t| p.preference_rank(t))
            .map_or(String::new(), |k| (k + 1).to_string()),
        format!("{cost:.3}"),
        same.to_string(),
        pack.flags(i, pi).join("; "),
        reasons,
        notes,
    ]
}

/// Keeps a spreadsheet from reading a text cell as a formula (numbers stay).
fn defuse(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@']) && cell.parse::<f64>().is_err() {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}
