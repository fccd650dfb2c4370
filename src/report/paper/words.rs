//! Reasons in a panel's words, built from the scenario and the plan's
//! decision support (never from the cost model's sentences): why a child is
//! proposed where they are, why an alternative would or would not suit
//! (journey, preference, sibling, room, whose turn), what one more place
//! would do, and what would unblock an unplaced child.

use super::room;
use crate::figures::{count, km};
use crate::model::Assignment;
use crate::plan::support::{MoveRecord, PlaceValueRecord};
use crate::report::names::{name, place};
use crate::report::Pack;
use crate::scenario::{PupilIdx, Scenario, Target};

/// `1st`, `2nd`, `3rd`, `4th`.
fn ordinal(k: usize) -> String {
    let suffix = match k {
        1 => "st",
        2 => "nd",
        3 => "rd",
        _ => "th",
    };
    format!("{k}{suffix}")
}

/// The preference words for a placement: `1st preference`, `not a
/// preference`, or nothing when the family gave none.
fn preference(sc: &Scenario, p: PupilIdx, t: Target) -> Option<String> {
    let pupil = &sc.pupils[p as usize];
    match pupil.preference_rank(t) {
        Some(k) => Some(format!("{} preference", ordinal(k + 1))),
        None if pupil.preferences.is_empty() => None,
        None => Some("not a preference".to_string()),
    }
}

/// Proposal 1 with pupil `p` at `target` and the knock-on moves applied.
pub fn with_moves(
    pack: &Pack,
    p: PupilIdx,
    target: Option<Target>,
    moves: &[MoveRecord],
) -> Assignment {
    let sc = pack.sc;
    let mut a = pack.best().clone();
    a[p as usize] = target;
    for m in moves {
        if let Some(q) = sc.pupils.iter().position(|x| x.id == m.pupil) {
            a[q] = m.to.as_deref().and_then(|id| sc.find_target(id));
        }
    }
    a
}

/// One line on placing `p` at `t` in plan `a`: journey, preference,
/// sibling, room (true of the plan) and whose turn.
pub fn reason(pack: &Pack, a: &Assignment, p: PupilIdx, t: Target) -> String {
    let sc = pack.sc;
    let pupil = &sc.pupils[p as usize];
    let d = sc.distance(pupil, t);
    let mut parts = vec![km(d)];
    if let Target::School(_) = t {
        if d > sc.policy.walking_km(pupil.year) {
            parts[0].push_str(" (transport)");
        }
    }
    parts.extend(preference(sc, p, t));
    if pupil.siblings_at.contains(&t) {
        parts.push("sibling there".into());
    }
    if pupil.previous_schools.contains(&t) {
        parts.push("a previous school".into());
    }
    parts.push(room::at(sc, a, p, t).words);
    parts.extend(turn(pack, t, pupil.year.phase()));
    parts.join("; ")
}

/// Whose turn: where the school stands against its fair share before this
/// round's placements there.
fn turn(pack: &Pack, t: Target, g: crate::scenario::Phase) -> Option<String> {
    let Target::School(s) = t else { return None };
    let school = &pack.sc.schools[s as usize];
    let load = pack.metrics[0]
        .school_loads
        .iter()
        .find(|l| l.school == school.id && l.phase == g.name())?;
    let earlier = school.ledger(g) as f64;
    Some(if earlier + 1.0 <= load.fair_share {
        "its turn (below fair share)".to_string()
    } else if earlier >= load.fair_share {
        "at or above fair share".to_string()
    } else {
        "near fair share".to_string()
    })
}

/// Why the child is proposed where they are, in one sentence.
pub fn why(pack: &Pack, p: PupilIdx) -> String {
    let sc = pack.sc;
    let pupil = &sc.pupils[p as usize];
    let kind = pack.pupil_support(p).map_or("", |s| s.reason.as_str());
    let first = pupil.preferences.first().copied();
    let first_words = |a: &Assignment| {
        first.map_or(String::new(), |f| {
            format!("{}: {}", name(sc, f), room::at(sc, a, p, f).words)
        })
    };
    match (pack.best()[p as usize], kind) {
        (Some(_), "first_preference") => "Their first preference.".into(),
        (Some(t), "no_preferences") => format!(
            "No preference given; {}.",
            reason(pack, pack.best(), p, t)
        ),
        (Some(_), "not_an_option") => format!(
            "Their first preference, {}, cannot be offered under the protocol's rules.",
            first.map_or(String::new(), |f| name(sc, f))
        ),
        (Some(_), "full") => format!("First preference {}.", first_words(pack.best())),
        (Some(_), _) => format!(
            "First preference {}; the plan as a whole works out better with them here (see the alternatives).",
            first_words(pack.best())
        ),
        (None, "no_option") => format!(
            "No school or AP within reach can take a Year {} child under the protocol's rules as they stand.",
            pupil.year
        ),
        (None, "all_full") => "Every school or AP they could attend is full or at its cap.".into(),
        (None, _) => "Places exist, but each would need places above PAN or move other children further.".into(),
    }
}

/// A place value in words: `One more Year 2 place at Beckside Primary: places
/// P1013 there (1.4 km)`.
pub fn place_value(pack: &Pack, v: &PlaceValueRecord) -> String {
    let sc = pack.sc;
    let at = v
        .school
        .as_deref()
        .or(v.ap.as_deref())
        .map_or("?".to_string(), |id| place(sc, Some(id)));
    let what = match &v.year_group {
        Some(y) => format!("One more Year {y} place at {at}"),
        None => format!("One more AP place at {at}"),
    };
    let mut effects: Vec<String> = v.moves.iter().map(|m| move_words(pack, m)).collect();
    if v.above_pan_change < 0 {
        let n = v.above_pan_change.unsigned_abs() as usize;
        effects.push(format!("{} fewer above PAN", count(n, "place", "places")));
    }
    if effects.is_empty() {
        return format!("{what}: a better spread of places.");
    }
    format!("{what}: {}.", effects.join("; "))
}

fn move_words(pack: &Pack, m: &MoveRecord) -> String {
    let sc = pack.sc;
    let to = m.to.as_deref().and_then(|id| sc.find_target(id));
    let d = sc
        .pupils
        .iter()
        .find(|x| x.id == m.pupil)
        .zip(to)
        .map(|(x, t)| format!(" ({})", km(sc.distance(x, t))));
    match (&m.from, &m.to) {
        (None, Some(_)) => format!(
            "places {} at {}{}",
            m.pupil,
            place(sc, m.to.as_deref()),
            d.unwrap_or_default()
        ),
        (Some(_), None) => format!("leaves {} unplaced", m.pupil),
        _ => format!(
            "moves {} from {} to {}{}",
            m.pupil,
            place(sc, m.from.as_deref()),
            place(sc, m.to.as_deref()),
            d.unwrap_or_default()
        ),
    }
}

/// What would unblock an unplaced child: the extra places that would place
/// them, else their best alternative, else what to widen.
pub fn unblock(pack: &Pack, p: PupilIdx) -> String {
    let id = &pack.sc.pupils[p as usize].id;
    let helps: Vec<String> = pack
        .support
        .place_values
        .iter()
        .filter(|v| v.objective_decrease > 0.0)
        .filter(|v| {
            v.moves
                .iter()
                .any(|m| &m.pupil == id && m.from.is_none() && m.to.is_some())
        })
        .take(2)
        .map(|v| place_value(pack, v))
        .collect();
    if !helps.is_empty() {
        return helps.join(" ");
    }
    let best = pack
        .pupil_support(p)
        .and_then(|s| s.alternatives.iter().find(|a| a.place.is_some()));
    match best {
        Some(a) => format!(
            "the panel can place them at {} ({}); see the alternatives.",
            place(pack.sc, a.place.as_deref()),
            count(a.knock_on.len(), "other child moves", "other children move")
        ),
        None => "no single extra place would do it: a longer journey limit, an AP place or a panel decision is needed.".into(),
    }
}
