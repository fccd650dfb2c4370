//! The flags a panel needs beside a proposal (DOMAIN.md §9, issue 16 item
//! 4), each in a long form for the pupil's card and a short tag for the
//! agenda: pinned, twice excluded, the excluding schools, a para 3.10
//! refusal, route and needs, an AP that does not list the child's needs,
//! schools ruled out for safety, journey beyond walking distance, above PAN,
//! over the FAP cap, a weak school, sibling or previous school.

use super::room;
use crate::model::Assignment;
use crate::report::names::name;
use crate::scenario::{PupilIdx, Route, Scenario, Target};

/// One flag: the agenda's tag and the card's sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct Flag {
    /// A short tag for the agenda, e.g. `above PAN`.
    pub tag: &'static str,
    /// The card's words.
    pub words: String,
}

fn flag(tag: &'static str, words: impl Into<String>) -> Flag {
    Flag {
        tag,
        words: words.into(),
    }
}

fn names(sc: &Scenario, ts: &[Target]) -> String {
    let v: Vec<String> = ts.iter().map(|&t| name(sc, t)).collect();
    v.join(", ")
}

/// The flags of pupil `p` in plan `a`.
pub fn of(sc: &Scenario, a: &Assignment, p: PupilIdx) -> Vec<Flag> {
    let pupil = &sc.pupils[p as usize];
    let mut out = Vec::new();
    if pupil.pinned.is_some() {
        out.push(flag("pinned", "placement pinned by the panel"));
    }
    if pupil.twice_excluded {
        out.push(flag("twice excluded", "permanently excluded twice"));
    }
    if !pupil.excluded_from.is_empty() {
        let w = format!("excluded from {}", names(sc, &pupil.excluded_from));
        out.push(flag("excluded", w));
    }
    if pupil.category == Some('j') {
        out.push(flag(
            "para 3.10",
            "refused by a school for behaviour (para 3.10): the panel tests the claim",
        ));
    }
    match pupil.route {
        Route::School => {}
        Route::Ap => out.push(flag("AP route", "route: alternative provision")),
        Route::Either => out.push(flag(
            "school or AP",
            "route: school or alternative provision",
        )),
    }
    if !pupil.needs.is_empty() {
        out.push(flag("needs", format!("needs: {}", pupil.needs.join(", "))));
    }
    if !pupil.avoid.is_empty() {
        let w = format!("ruled out for safety: {}", names(sc, &pupil.avoid));
        out.push(flag("ruled out", w));
    }
    if let Some(t) = a[p as usize] {
        placement_flags(sc, a, p, t, &mut out);
    }
    out
}

fn placement_flags(sc: &Scenario, a: &Assignment, p: PupilIdx, t: Target, out: &mut Vec<Flag>) {
    let pupil = &sc.pupils[p as usize];
    match t {
        Target::Ap(ai) => {
            let ap = &sc.aps[ai as usize];
            let missing: Vec<&str> = pupil
                .needs
                .iter()
                .filter(|n| !ap.specialisms.contains(n))
                .map(String::as_str)
                .collect();
            if !missing.is_empty() {
                let w = format!("this AP does not list {}", missing.join(", "));
                out.push(flag("AP needs", w));
            }
        }
        Target::School(s) => {
            let school = &sc.schools[s as usize];
            if sc.distance(pupil, t) > sc.policy.walking_km(pupil.year) {
                out.push(flag(
                    "transport",
                    "beyond walking distance: transport needed",
                ));
            }
            let room = room::at(sc, a, p, t);
            if room.above_pan > 0 {
                out.push(flag("above PAN", room.words.clone()));
            } else if room.over_cap > 0 {
                out.push(flag("over cap", room.words.clone()));
            }
            if school.ofsted.is_weak() {
                out.push(flag(
                    "weak school",
                    "school judged Requires Improvement or Inadequate",
                ));
            }
            if pupil.siblings_at.contains(&t) {
                out.push(flag("sibling", "a brother or sister is on roll there"));
            }
            if pupil.previous_schools.contains(&t) {
                out.push(flag(
                    "previous school",
                    "a school the child attended before",
                ));
            }
        }
    }
}
