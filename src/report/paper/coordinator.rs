//! The coordinator's appendix: the cost model's view of the plan, which the
//! panel pages leave out. Each proposal's total cost, each child's own cost
//! and its terms, the cost of the best alternative, the explanations as the
//! model states them, and a glossary of the terms.

use crate::figures::{num, signed};
use crate::report::doc::{plain, small, Block, Table, Text};
use crate::report::Pack;

/// The glossary: each cost-model term and what it means.
pub const GLOSSARY: [(&str, &str); 7] = [
    ("total cost (objective)", "the sum the optimiser minimises: every child's own cost plus the above-PAN, over-cap and fair-share terms; lower is better"),
    ("own cost", "one child's cost at a place: kilometres, preference rank, transport, sibling bonus, weak-school and AP terms (docs/model.md)"),
    ("change", "how much the total cost rises if the child is placed at the alternative and the rest re-optimised"),
    ("above-PAN places", "a cost per place used above a year group's PAN"),
    ("over-cap placements", "a cost per FAP admission over a school's cap (soft cap)"),
    ("fair-share excess", "a cost per unit of load above a school's fair share"),
    ("close call", "an alternative whose change is at most 1.0 (one km of one child's journey): the panel's choice"),
];

/// Appends the appendix.
pub fn appendix(pack: &Pack, blocks: &mut Vec<Block>) {
    blocks.push(Block::PageBreak);
    blocks.push(Block::Heading(2, "For the coordinator: costs".into()));
    let totals: Vec<String> = pack
        .plan
        .proposals
        .iter()
        .map(|p| format!("proposal {}: {} ({})", p.rank, num(p.objective), p.status))
        .collect();
    blocks.push(Block::Para(vec![plain(format!(
        "Total cost: {}.",
        totals.join("; ")
    ))]));
    let rows: Vec<Vec<Text>> = super::order(pack)
        .into_iter()
        .filter_map(|p| pack.pupil_support(p).map(|s| (p, s)))
        .map(|(p, s)| {
            let terms: Vec<String> = s
                .cost_terms
                .iter()
                .map(|t| {
                    format!(
                        "{} {}",
                        crate::proposals::explain::term_label(&t.term),
                        signed(t.value)
                    )
                })
                .collect();
            let best = s
                .alternatives
                .first()
                .map_or("–".to_string(), |a| signed(a.increase));
            vec![
                vec![plain(pack.sc.pupils[p as usize].id.clone())],
                vec![plain(num(s.cost))],
                vec![small(terms.join(", "))],
                vec![plain(best)],
            ]
        })
        .collect();
    let head = [
        ("Case", false),
        ("Own cost", true),
        ("Terms", false),
        ("Best change", true),
    ];
    let widths = vec![0.12, 0.12, 0.6, 0.16];
    blocks.push(Block::Table(Table::unmarked(head, rows, widths)));
    blocks.push(Block::Heading(3, "Glossary".into()));
    blocks.push(Block::List(
        GLOSSARY
            .iter()
            .map(|(t, d)| vec![plain(format!("{t}: {d}"))])
            .collect(),
    ));
    blocks.push(Block::Para(vec![small(format!(
        "Scenario sha256 {} · fap {} · {}. The CSV pack has every child's cost per proposal, and the plan file the model's own explanations.",
        pack.plan.scenario.sha256, pack.plan.generator.fap_version, pack.plan.generator.solver
    ))]));
}
