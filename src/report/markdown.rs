//! The Markdown panel paper: summary and proposals compared, where one more
//! place helps most, one section per pupil (proposal, flags, reasons,
//! alternatives), schools' and trusts' FAP load, unplaced pupils.
//!
//! Every piece of text from the scenario or the plan goes through [`esc`], so a
//! name with `|` or `*` cannot break a table or start emphasis.

use super::tables::{self, Table};
use super::{pupil_line, top_place_values, Pack};
use crate::figures::num;
use crate::plan::support::PupilSupport;
use crate::scenario::PupilIdx;
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

/// Renders the panel paper.
pub fn render(pack: &Pack) -> String {
    let mut out = String::new();
    header(&mut out, pack);
    summary(&mut out, pack);
    place_values(&mut out, pack);
    pupils(&mut out, pack);
    loads(&mut out, pack);
    unplaced(&mut out, pack);
    out
}

fn header(out: &mut String, pack: &Pack) {
    let plan = pack.plan;
    let g = &plan.generator;
    let _ = writeln!(out, "# Panel paper: {}\n", esc(&plan.scenario.name));
    let _ = writeln!(
        out,
        "{} pupils, {} schools, {} AP providers. Scenario sha256 `{}`. Made by fap {} with {}; {} proposal(s).\n",
        plan.scenario.pupils,
        plan.scenario.schools,
        plan.scenario.ap_providers,
        &plan.scenario.sha256,
        esc(&g.fap_version),
        esc(&g.solver),
        plan.proposals.len()
    );
    let _ = writeln!(
        out,
        "Pupils are shown by case id only. Costs and objective are those of the placement model (docs/decision-support.md).\n"
    );
}

fn summary(out: &mut String, pack: &Pack) {
    let _ = writeln!(out, "## Summary\n");
    table(out, &tables::comparison(pack));
    for i in 1..pack.plan.proposals.len() {
        let ids: Vec<String> = super::differs(pack, i)
            .into_iter()
            .map(|p| esc(&pack.sc.pupils[p as usize].id))
            .collect();
        let _ = writeln!(
            out,
            "Proposal {} places differently: {}.\n",
            i + 1,
            if ids.is_empty() {
                "nobody".to_string()
            } else {
                ids.join(", ")
            }
        );
    }
}

/// A Markdown table, cells escaped, and a blank line after it.
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
        let _ = writeln!(out, "{}", row(r.iter().map(|c| esc(c)).collect()));
    }
    out.push('\n');
}
fn place_values(out: &mut String, pack: &Pack) {
    let _ = writeln!(out, "## Where one more place helps most\n");
    let top = top_place_values(pack, 5);
    if top.is_empty() {
        let _ = writeln!(
            out,
            "No single extra place would improve proposal 1 ({} full places examined).\n",
            pack.support.place_values.len()
        );
        return;
    }
    for v in top {
        let _ = writeln!(out, "- {}", esc(&v.summary));
    }
    out.push('\n');
}

fn pupils(out: &mut String, pack: &Pack) {
    let _ = writeln!(out, "## Pupils\n");
    for p in 0..pack.sc.pupils.len() as PupilIdx {
        pupil(out, pack, p);
    }
}

fn pupil(out: &mut String, pack: &Pack, p: PupilIdx) {
    let sc = pack.sc;
    let id = &sc.pupils[p as usize].id;
    let _ = writeln!(out, "### {} — {}\n", esc(id), esc(&pupil_line(sc, p)));
    let placed = match pack.best()[p as usize] {
        Some(t) => format!(
            "**{}**, {} km",
            esc(&pack.target_label(t)),
            num(sc.distance(&sc.pupils[p as usize], t))
        ),
        None => "**unplaced** this round".to_string(),
    };
    let _ = writeln!(out, "Proposal 1: {placed}.");
    let flags = pack.flags(0, p);
    if !flags.is_empty() {
        let _ = writeln!(out, "Flags: {}.", esc(&flags.join("; ")));
    }
    out.push('\n');
    let Some(s) = pack.pupil_support(p) else {
        return;
    };
    for sentence in &s.explanation {
        let _ = writeln!(out, "- {}", esc(sentence));
    }
    out.push('\n');
    alternatives(out, s);
}

fn alternatives(out: &mut String, s: &PupilSupport) {
    if s.alternatives.is_empty() {
        let _ = writeln!(out, "Alternatives: {}.\n", tables::no_alternatives(s));
        return;
    }
    let _ = writeln!(
        out,
        "Alternatives ({} re-optimised; objective change if placed there instead):\n",
        s.alternatives_considered
    );
    table(out, &tables::alternatives(s));
}
fn loads(out: &mut String, pack: &Pack) {
    let m = &pack.metrics[0];
    let _ = writeln!(out, "## Schools' FAP load this year (proposal 1)\n");
    if m.school_loads.is_empty() {
        let _ = writeln!(
            out,
            "No school has a fair share: there is no FAP pupil in a phase with FAP schools.\n"
        );
        return;
    }
    let _ = writeln!(
        out,
        "Load counts each FAP pupil's load weight; schools furthest above their fair share first. Max load ÷ share {}, Gini {:.3}.\n",
        num(m.max_load_ratio),
        m.gini_load_ratio
    );
    table(out, &tables::school_loads(m));
    if !m.trust_loads.is_empty() {
        let _ = writeln!(out, "### Per trust\n");
        table(out, &tables::trust_loads(m));
    }
}

fn unplaced(out: &mut String, pack: &Pack) {
    let _ = writeln!(out, "## Unplaced pupils (proposal 1)\n");
    let rows = super::unplaced(pack);
    if rows.is_empty() {
        let _ = writeln!(out, "Every pupil is placed.");
    }
    for (p, why) in rows {
        let _ = writeln!(
            out,
            "- **{}**: {}",
            esc(&pack.sc.pupils[p as usize].id),
            esc(&why)
        );
    }
}
