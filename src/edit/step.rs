//! One change applied to the scenario as written, with the checks that need
//! no solver: the ids it names exist, and it changes something. Hard rules
//! (a pin the child cannot take, pins overfilling a place) are left to the
//! validation of the whole result, which names them.

use super::Change;
use crate::scenario::wire::{WirePupil, WireScenario, WireYearPlaces};
use crate::scenario::{YearGroup, YearPlaces};

/// Why a change cannot be made: the rule's code and the rule in words.
pub type Why = (&'static str, String);

/// Applies `c` to `w`.
pub fn apply(w: &mut WireScenario, c: &Change) -> Result<(), Why> {
    match c {
        Change::Pin { pupil, place } => {
            known_place(w, place)?;
            let p = pupil_mut(w, pupil)?;
            if p.pinned.as_deref() == Some(place) {
                return Err(("no-change", format!("{pupil} is already pinned to {place}")));
            }
            p.pinned = Some(place.clone());
        }
        Change::Unpin { pupil } => {
            let p = pupil_mut(w, pupil)?;
            if p.pinned.take().is_none() {
                return Err(("no-change", format!("{pupil} is not pinned")));
            }
        }
        Change::Avoid { pupil, place } => {
            known_place(w, place)?;
            let p = pupil_mut(w, pupil)?;
            if p.pinned.as_deref() == Some(place) {
                return Err((
                    "pinned-there",
                    format!("{pupil} is pinned to {place}; unpin the child first"),
                ));
            }
            let avoid = p.avoid.get_or_insert_with(Vec::new);
            if avoid.contains(place) {
                return Err((
                    "no-change",
                    format!("{place} is already ruled out for {pupil}"),
                ));
            }
            avoid.push(place.clone());
        }
        Change::Unavoid { pupil, place } => {
            let p = pupil_mut(w, pupil)?;
            let avoid = p.avoid.get_or_insert_with(Vec::new);
            let before = avoid.len();
            avoid.retain(|a| a != place);
            if avoid.len() == before {
                return Err(("no-change", format!("{place} is not ruled out for {pupil}")));
            }
            if avoid.is_empty() {
                p.avoid = None;
            }
        }
        Change::Withdraw { pupil } => {
            pupil_mut(w, pupil)?;
            w.pupils.retain(|p| &p.id != pupil);
        }
        Change::AddPlace { place, year } => places(w, place, year.as_deref(), true)?,
        Change::RemovePlace { place, year } => places(w, place, year.as_deref(), false)?,
        Change::AddAbovePan => above_pan(w, 1)?,
        Change::RemoveAbovePan => above_pan(w, -1)?,
    }
    Ok(())
}

fn pupil_mut<'a>(w: &'a mut WireScenario, id: &str) -> Result<&'a mut WirePupil, Why> {
    w.pupils.iter_mut().find(|p| p.id == id).ok_or_else(|| {
        (
            "unknown-pupil",
            format!("{id} is not a pupil of this round"),
        )
    })
}

fn known_place(w: &WireScenario, id: &str) -> Result<(), Why> {
    let known = w.schools.iter().any(|s| s.id == id) || w.ap_providers.iter().any(|a| a.id == id);
    if known {
        Ok(())
    } else {
        Err((
            "unknown-place",
            format!("{id} is not a school or AP provider of this round"),
        ))
    }
}

/// Reads a year group as people write it: `9`, `Y9`, `Year 9`, `R`.
pub fn year_group(s: &str) -> Option<YearGroup> {
    let t = s.trim();
    let t = ["Year ", "year ", "Y", "y"]
        .iter()
        .find_map(|p| t.strip_prefix(p))
        .unwrap_or(t)
        .trim();
    YearGroup::parse(t).or_else(|| (t == "r").then_some(YearGroup(0)))
}

/// One more (`add`) or one fewer free place at a school year group or an AP provider.
fn places(w: &mut WireScenario, id: &str, year: Option<&str>, add: bool) -> Result<(), Why> {
    if let Some(ap) = w.ap_providers.iter_mut().find(|a| a.id == id) {
        if year.is_some() {
            return Err((
                "year-group",
                format!("{id} is an AP provider: its places are not by year group"),
            ));
        }
        if !add && ap.places <= 0 {
            return Err((
                "no-free-place",
                format!("AP provider {id} has no free place to take away"),
            ));
        }
        ap.places += if add { 1 } else { -1 };
        return Ok(());
    }
    known_place(w, id)?;
    let school = w.schools.iter_mut().find(|s| s.id == id).expect("known");
    let text = year.ok_or((
        "year-group",
        format!("say which year group of {id}, e.g. {id}:9"),
    ))?;
    let y = year_group(text).ok_or((
        "year-group",
        format!("{text:?} is not a year group (R, 1 … 11)"),
    ))?;
    let yp = school
        .year_groups
        .get_mut(&y.to_string())
        .ok_or(("not-taught", format!("{id} does not teach Year {y}")))?;
    let now = YearPlaces {
        pan: yp.pan.max(0) as u32,
        on_roll: yp.on_roll.max(0) as u32,
    };
    let next = if add {
        now.one_more_free()
    } else {
        now.one_fewer_free().ok_or((
            "no-free-place",
            format!("{id} Year {y} has no free place to take away"),
        ))?
    };
    *yp = WireYearPlaces {
        pan: i64::from(next.pan),
        on_roll: i64::from(next.on_roll),
    };
    Ok(())
}

/// `policy.max_above_pan` (default 1) moved by `by`, never below 0.
fn above_pan(w: &mut WireScenario, by: i64) -> Result<(), Why> {
    let policy = w.policy.get_or_insert_with(Default::default);
    let now = policy
        .max_above_pan
        .unwrap_or(crate::scenario::Policy::default().max_above_pan.into());
    if now + by < 0 {
        return Err((
            "no-above-pan",
            "no place above PAN is agreed, so none can be taken away".into(),
        ));
    }
    policy.max_above_pan = Some(now + by);
    Ok(())
}

/// A validation path in words: `pupils[3].pinned` is the pupil's id.
pub fn who(w: &WireScenario, path: &str) -> String {
    let n = path
        .strip_prefix("pupils[")
        .and_then(|r| r.split(']').next())
        .and_then(|n| n.parse::<usize>().ok());
    match n.and_then(|n| w.pupils.get(n)) {
        Some(p) => p.id.clone(),
        None => path.to_string(),
    }
}
