//! One pupil's card: who the case is (year, category in words, days out of
//! education against the 20-day aim), the proposal with a reason in words,
//! the flags, where the other proposals put the child, and the re-optimised
//! alternatives, each with a one-line reason and who else would move.
//! Alternatives within [`NEAR_TIE`] of the proposal are marked as the
//! panel's choice. No costs here: they are in the coordinator's appendix.

use super::{flags, words};
use crate::figures::km;
use crate::plan::support::{Alternative, PupilSupport, TIME_LIMITED};
use crate::report::doc::{bold, plain, small, warn, Block, Table, Text};
use crate::report::names::{case_kind, name, place, reference};
use crate::report::Pack;
use crate::scenario::{PupilIdx, Target};

/// An alternative whose whole plan costs at most this much more than the
/// proposal is a near-tie: the panel's choice to make, not the optimiser's.
/// One unit is one kilometre of one child's journey (docs/decision-support.md).
pub const NEAR_TIE: f64 = 1.0;

/// The 20-school-day aim of the Code.
pub const DAYS_AIM: f64 = 20.0;

/// `Year 9 · FAP: homeless · 31 school days out (over the 20-day aim)`.
pub fn case_line(pack: &Pack, p: PupilIdx) -> Text {
    let pupil = &pack.sc.pupils[p as usize];
    let mut t = vec![plain(format!(
        "Year {} · {} · ",
        pupil.year,
        case_kind(pupil)
    ))];
    let days = pupil.days_out_of_education;
    if days > DAYS_AIM {
        t.push(warn(format!(
            "{days} school days out (over the 20-day aim)"
        )));
    } else {
        t.push(plain(format!("{days} of 20 school days out")));
    }
    t
}

/// A place by name with its id in small type.
pub fn place_text(pack: &Pack, t: Option<Target>, strong: bool) -> Text {
    let Some(t) = t else {
        return vec![warn("unplaced")];
    };
    let n = name(pack.sc, t);
    let mut out = vec![if strong { bold(n) } else { plain(n) }];
    if let Some(id) = reference(pack.sc, t) {
        out.push(small(format!(" {id}")));
    }
    out
}

/// The card of pupil `p`.
pub fn card(pack: &Pack, p: PupilIdx) -> Block {
    let sc = pack.sc;
    let pupil = &sc.pupils[p as usize];
    let base = pack.best();
    let mut blocks = vec![Block::Heading(
        3,
        format!(
            "{} — {}",
            pupil.id,
            crate::report::doc::flat(&case_line(pack, p))
        ),
    )];
    let mut line = vec![plain("Proposal: ")];
    line.extend(place_text(pack, base[p as usize], true));
    if let Some(t) = base[p as usize] {
        line.push(plain(format!(", {}", km(sc.distance(pupil, t)))));
    }
    line.push(plain(format!(". {}", words::why(pack, p))));
    if let Some(others) = other_proposals(pack, p) {
        line.push(plain(" "));
        line.extend(others);
    }
    blocks.push(Block::Para(line));
    let fl = flags::of(sc, base, p);
    if !fl.is_empty() {
        let v: Vec<String> = fl.into_iter().map(|f| f.words).collect();
        blocks.push(Block::Para(vec![plain("Flags: "), bold(v.join("; "))]));
    }
    if base[p as usize].is_none() {
        blocks.push(Block::Para(vec![
            plain("What would unblock: "),
            plain(words::unblock(pack, p)),
        ]));
    }
    if let Some(s) = pack.pupil_support(p) {
        blocks.push(alternatives(pack, p, s));
    }
    Block::Card(format!("pupil-{}", pupil.id), blocks)
}

/// `Proposals 2, 3: same.` or `Proposal 2: Bow School; proposal 3: same.`,
/// then the contrast plans by name (`fair shares ignored: Bow School`).
fn other_proposals(pack: &Pack, p: PupilIdx) -> Option<Text> {
    let n = pack.assignments.len();
    if n < 2 {
        return None;
    }
    let best = pack.best()[p as usize];
    if pack.assignments.iter().all(|a| a[p as usize] == best) {
        if pack.plan.contrasts.is_empty() {
            let ks: Vec<String> = (2..=n).map(|k| k.to_string()).collect();
            let s = if n == 2 { "" } else { "s" };
            return Some(vec![small(format!("Proposal{s} {}: same.", ks.join(", ")))]);
        }
        return Some(vec![small("Every other plan: same.")]);
    }
    let mut t = Vec::new();
    for (i, a) in pack.assignments.iter().enumerate().skip(1) {
        let label = &pack.labels[i];
        t.push(plain(if i == 1 {
            format!("{label}: ")
        } else {
            format!("; {}: ", lower_first(label))
        }));
        if a[p as usize] == best {
            t.push(plain("same"));
        } else {
            t.extend(place_text(pack, a[p as usize], true));
        }
    }
    t.push(plain("."));
    Some(t)
}

/// "proposal 3" from "Proposal 3".
fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map_or(String::new(), |f| f.to_lowercase().chain(c).collect())
}

fn alternatives(pack: &Pack, p: PupilIdx, s: &PupilSupport) -> Block {
    if s.alternatives.is_empty() {
        let why = if s.alternatives_considered == 0 {
            "Alternatives: none worked out."
        } else {
            "Alternatives: none that keeps the protocol's rules."
        };
        return Block::Para(vec![small(why)]);
    }
    let rows = s
        .alternatives
        .iter()
        .map(|alt| alternative_row(pack, p, alt))
        .collect::<Vec<_>>();
    let head = [
        ("Alternative", false),
        ("Why, and who else would move", false),
    ];
    Block::Table(Table::unmarked(head, rows, vec![0.32, 0.68]))
}

fn alternative_row(pack: &Pack, p: PupilIdx, alt: &Alternative) -> Vec<Text> {
    let sc = pack.sc;
    let target = alt.place.as_deref().and_then(|id| sc.find_target(id));
    let mut where_ = place_text(pack, target, false);
    if alt.increase <= NEAR_TIE {
        where_.push(warn(" close call: the panel's choice"));
    }
    let plan = words::with_moves(pack, p, target, &alt.knock_on);
    let reason = match target {
        Some(t) => words::reason(pack, &plan, p, t),
        None => "leave unplaced this round".to_string(),
    };
    let moves: Vec<String> = alt
        .knock_on
        .iter()
        .map(|m| format!("{} → {}", m.pupil, place(sc, m.to.as_deref())))
        .collect();
    let mut why = vec![plain(format!("{reason}."))];
    if !moves.is_empty() {
        why.push(small(format!(" Moves {}.", moves.join("; "))));
    }
    if alt.status == TIME_LIMITED {
        why.push(warn(
            " Worked out only as far as the time limit allowed: a better arrangement may exist.",
        ));
    }
    vec![where_, why]
}
