//! Truthful room claims: whether a school or AP provider has room for a pupil
//! in a given plan, worked out from the scenario, never assumed. A school
//! "has room" only when the pupil fits within its free places in the year
//! group and within its FAP cap; otherwise the words say which limit it
//! passes ("full: 1 above PAN (up to 1 agreed)").

use crate::model::options::{cap, remaining};
use crate::model::Assignment;
use crate::scenario::{PupilIdx, Scenario, Target};

/// The words that start a true "has room" claim; tests look for them.
pub const HAS_ROOM: &str = "has room";

/// What placing a pupil somewhere means for that place's limits.
#[derive(Debug, Clone, PartialEq)]
pub struct Room {
    /// Fits within free places (and the FAP cap, for a FAP pupil).
    pub has_room: bool,
    /// Places above PAN in the pupil's year group.
    pub above_pan: u32,
    /// FAP admissions this year over the cap (0 when within it).
    pub over_cap: u32,
    /// The claim in words.
    pub words: String,
}

/// The room at `t` for pupil `p` in plan `a`, with `p` placed at `t`.
pub fn at(sc: &Scenario, a: &Assignment, p: PupilIdx, t: Target) -> Room {
    let pupil = &sc.pupils[p as usize];
    let here = |q: usize| q == p as usize || a[q] == Some(t);
    match t {
        Target::Ap(ai) => {
            let used = (0..sc.pupils.len()).filter(|&q| here(q)).count() as u32;
            let places = sc.aps[ai as usize].places;
            let has_room = used <= places;
            let words = if has_room {
                format!("{HAS_ROOM} ({used} of {places} AP places)")
            } else {
                format!("full: {used} pupils for {places} AP places")
            };
            Room {
                has_room,
                above_pan: 0,
                over_cap: 0,
                words,
            }
        }
        Target::School(s) => {
            let school = &sc.schools[s as usize];
            let y = pupil.year;
            let in_year = (0..sc.pupils.len())
                .filter(|&q| here(q) && sc.pupils[q].year == y)
                .count() as u32;
            let above_pan = in_year.saturating_sub(school.free(y));
            let g = y.phase();
            let over_cap = match (pupil.is_fap(), remaining(sc, s, g)) {
                (true, Some(_)) => {
                    let fap = (0..sc.pupils.len())
                        .filter(|&q| here(q) && sc.pupils[q].is_fap())
                        .filter(|&q| sc.pupils[q].year.phase() == g)
                        .count() as u32;
                    (school.ledger(g) + fap).saturating_sub(cap(sc, s, g))
                }
                _ => 0,
            };
            let mut parts = Vec::new();
            if above_pan > 0 {
                parts.push(format!(
                    "full: {above_pan} above PAN (up to {} agreed)",
                    sc.policy.max_above_pan
                ));
            }
            if over_cap > 0 {
                parts.push(format!("over its FAP cap ({})", cap(sc, s, g)));
            }
            let has_room = parts.is_empty();
            if has_room {
                parts.push(format!("{HAS_ROOM} in Year {y}"));
            }
            Room {
                has_room,
                above_pan,
                over_cap,
                words: parts.join("; "),
            }
        }
    }
}
