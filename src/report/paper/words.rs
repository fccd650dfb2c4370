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
use crate::scenario::{Pupil, PupilIdx, Scenario, Target};

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
    let pupil = &pack.sc.pupils[p as usize];
    let mut parts = vec![journey(pack.sc, pupil, t)];
    parts.extend(preference(pack.sc, p, t));
    parts.extend(ties(pupil, t));
    parts.push(room::at(pack.sc, a, p, t).words);
    parts.extend(turn(pack, t, pupil.year.phase()));
    parts.join("; ")
}

/// The journey to `t`, marked when a school is beyond walking distance.
fn journey(sc: &Scenario, pupil: &Pupil, t: Target) -> String {
    let d = sc.distance(pupil, t);
    let far = matches!(t, Target::School(_)) && d > sc.policy.walking_km(pupil.year);
    format!("{}{}", km(d), if far { " (transport)" } else { "" })
}

/// What ties the child to `t`: a sibling there, a previous school.
fn ties(pupil: &Pupil, t: Target) -> Vec<String> {
    let sibling = pupil
        .siblings_at
        .contains(&t)
        .then(|| "sibling there".into());
    let previous = pupil.previous_schools.contains(&t);
    sibling
        .into_iter()
        .chain(previous.then(|| "a previous school".into()))
        .collect()
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
    Some(standing(school.ledger(g) as f64, load.fair_share).to_string())
}

/// Where a school with `earlier` placements stands against its fair share.
fn standing(earlier: f64, fair_share: f64) -> &'static str {
    if earlier + 1.0 <= fair_share {
        "its turn (below fair share)"
    } else if earlier >= fair_share {
        "at or above fair share"
    } else {
        "near fair share"
    }
}

/// Why the child is proposed where they are, in one sentence.
pub fn why(pack: &Pack, p: PupilIdx) -> String {
    let kind = pack.pupil_support(p).map_or("", |s| s.reason.as_str());
    match pack.best()[p as usize] {
        Some(t) => why_placed(pack, p, t, kind),
        None => why_unplaced(&pack.sc.pupils[p as usize], kind),
    }
}

/// Why a placed child is where they are, by the support's reason `kind`.
fn why_placed(pack: &Pack, p: PupilIdx, t: Target, kind: &str) -> String {
    let sc = pack.sc;
    let first = sc.pupils[p as usize].preferences.first().copied();
    let first_words = || {
        first.map_or(String::new(), |f| {
            format!("{}: {}", name(sc, f), room::at(sc, pack.best(), p, f).words)
        })
    };
    match kind {
        "first_preference" => "Their first preference.".into(),
        "no_preferences" => format!(
            "No preference given; {}.",
            reason(pack, pack.best(), p, t)
        ),
        "not_an_option" => format!(
            "Their first preference, {}, cannot be offered under the protocol's rules.",
            first.map_or(String::new(), |f| name(sc, f))
        ),
        "full" => format!("First preference {}.", first_words()),
        _ => format!(
            "First preference {}; the plan as a whole works out better with them here (see the alternatives).",
            first_words()
        ),
    }
}

/// Why an unplaced child has no place, by the support's reason `kind`.
fn why_unplaced(pupil: &Pupil, kind: &str) -> String {
    match kind {
        "no_option" => format!(
            "No school or AP within reach can take a Year {} child under the protocol's rules as they stand.",
            pupil.year
        ),
        "all_full" => "Every school or AP they could attend is full or at its cap.".into(),
        _ => "Places exist, but each would need places above PAN or move other children further.".into(),
    }
}

/// A place value in words: `One more Year 2 place at Beckside Primary: places
/// P1013 there (1.4 km)`.
pub fn place_value(pack: &Pack, v: &PlaceValueRecord) -> String {
    let what = one_more_place(pack.sc, v);
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

/// `One more Year 2 place at Beckside Primary` (or an AP place).
fn one_more_place(sc: &Scenario, v: &PlaceValueRecord) -> String {
    let at = v.school.as_deref().or(v.ap.as_deref());
    let at = at.map_or("?".to_string(), |id| place(sc, Some(id)));
    match &v.year_group {
        Some(y) => format!("One more Year {y} place at {at}"),
        None => format!("One more AP place at {at}"),
    }
}

fn move_words(pack: &Pack, m: &MoveRecord) -> String {
    let sc = pack.sc;
    let d = move_journey(sc, m);
    match (&m.from, &m.to) {
        (None, Some(_)) => format!("places {} at {}{d}", m.pupil, place(sc, m.to.as_deref())),
        (Some(_), None) => format!("leaves {} unplaced", m.pupil),
        _ => format!(
            "moves {} from {} to {}{d}",
            m.pupil,
            place(sc, m.from.as_deref()),
            place(sc, m.to.as_deref()),
        ),
    }
}

/// ` (1.4 km)`: the moved pupil's journey to where the move takes them, if anywhere.
fn move_journey(sc: &Scenario, m: &MoveRecord) -> String {
    let to = m.to.as_deref().and_then(|id| sc.find_target(id));
    let pupil = sc.pupils.iter().find(|x| x.id == m.pupil);
    let d = pupil
        .zip(to)
        .map(|(x, t)| format!(" ({})", km(sc.distance(x, t))));
    d.unwrap_or_default()
}

/// What would unblock an unplaced child: the extra places that would place
/// them, else their best alternative, else what to widen.
pub fn unblock(pack: &Pack, p: PupilIdx) -> String {
    let helps = places_that_place(pack, &pack.sc.pupils[p as usize].id);
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

/// The first two helpful extra places that would place pupil `id`, in words.
fn places_that_place(pack: &Pack, id: &str) -> Vec<String> {
    let places = |v: &&PlaceValueRecord| {
        let placed = |m: &MoveRecord| m.pupil == id && m.from.is_none() && m.to.is_some();
        v.objective_decrease > 0.0 && v.moves.iter().any(placed)
    };
    let helps = pack.support.place_values.iter().filter(places).take(2);
    helps.map(|v| place_value(pack, v)).collect()
}
