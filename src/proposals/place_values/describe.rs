//! A place value in plain English, for the plan's `summary` and the pack.

use super::{ExtraPlace, PlaceValue};
use crate::proposals::forced::Move;
use crate::scenario::{PupilIdx, Scenario, Target};

/// The finding in plain English, e.g. "One more free place in Year 9 at S012
/// would lower the objective by 18.50: it would place P0031 (S012, 2.30 km)."
pub fn describe(sc: &Scenario, v: &PlaceValue) -> String {
    use crate::figures::num;
    use crate::proposals::explain::{is_tie, move_text, place_name};
    let what = match v.extra {
        ExtraPlace::School(s, y) => {
            let note = v
                .extra
                .note(sc)
                .map(|n| format!(" ({n})"))
                .unwrap_or_default();
            format!(
                "One more free place in Year {y} at {}{note}",
                sc.schools[s as usize].id
            )
        }
        ExtraPlace::Ap(a) => format!("One more place at {}", sc.aps[a as usize].id),
    };
    if is_tie(v.decrease, v.objective) {
        return format!("{what} would not improve the plan.");
    }
    if v.decrease < 0.0 {
        return format!(
            "{what} gives a plan {} dearer than this proposal, which was not proven optimal.",
            num(-v.decrease)
        );
    }
    let id = |p: PupilIdx| sc.pupils[p as usize].id.as_str();
    let km = |p: PupilIdx, t: Target| sc.distance(&sc.pupils[p as usize], t);
    let mut effects = Vec::new();
    let placed: Vec<String> = v
        .moves
        .iter()
        .filter_map(|m| m.to.filter(|_| m.from.is_none()).map(|t| (m.pupil, t)))
        .map(|(p, t)| format!("{} ({}, {} km)", id(p), sc.target_id(t), num(km(p, t))))
        .collect();
    if !placed.is_empty() {
        effects.push(format!("place {}", placed.join(", ")));
    }
    let moved: Vec<&Move> = v
        .moves
        .iter()
        .filter(|m| m.from.is_some() && m.to.is_some())
        .collect();
    if !moved.is_empty() {
        let ids: Vec<String> = moved.iter().map(|m| move_text(sc, m)).collect();
        let change: f64 = moved
            .iter()
            .filter_map(|m| Some(km(m.pupil, m.to?) - km(m.pupil, m.from?)))
            .sum();
        let travel = if change < 0.0 {
            format!("shortening their journeys by {} km in total", num(-change))
        } else {
            format!("lengthening their journeys by {} km in total", num(change))
        };
        effects.push(format!("move {}, {travel}", ids.join(", ")));
    }
    let unplaced: Vec<String> = v
        .moves
        .iter()
        .filter(|m| m.to.is_none())
        .map(|m| format!("{} ({} → unplaced)", id(m.pupil), place_name(sc, m.from)))
        .collect();
    if !unplaced.is_empty() {
        effects.push(format!("leave {} unplaced", unplaced.join(", ")));
    }
    match v.above_pan_change {
        0 => {}
        d if d < 0 => effects.push(format!("use {} fewer above-PAN place(s)", -d)),
        d => effects.push(format!("use {d} more above-PAN place(s)")),
    }
    let effects = if effects.is_empty() {
        String::new()
    } else {
        format!(": it would {}", effects.join("; "))
    };
    format!(
        "{what} would lower the objective by {}{effects}.",
        num(v.decrease)
    )
}
