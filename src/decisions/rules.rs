//! The hard rules a decision must respect as the scenario stood at the meeting
//! (ROUNDS.md): a placement must be one of the pupil's options (MODEL.md
//! "Eligible options", the rule named), within free places plus
//! `max_above_pan` (free places only, for in-year pupils), within an AP
//! provider's places and the hard fairness cap, counting the round's standing
//! placements. A panel may direct an admission past a rule: the entry is then
//! marked `override` with the rule, and needs a reason code.

use super::effective::Standing;
use super::entry::Kind;
use crate::model::options::{eligibility, remaining, Rule};
use crate::scenario::{CapMode, PupilIdx, PupilKind, Scenario, Target};

/// Why a decision is refused: the rule, by code and in words.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{message} [{code}]")]
pub struct Refusal {
    /// Stable code (docs/decisions-format.md).
    pub code: &'static str,
    /// The rule in words, with ids only.
    pub message: String,
    /// A panel may direct past it with `--override` and a reason.
    pub overridable: bool,
}

impl Refusal {
    /// A refusal no override lifts (unknown ids, a second decision in a round …).
    pub fn hard(code: &'static str, message: String) -> Refusal {
        Refusal {
            code,
            message,
            overridable: false,
        }
    }
    /// A hard rule a panel may direct past.
    pub fn rule(code: &'static str, message: String) -> Refusal {
        Refusal {
            code,
            message,
            overridable: true,
        }
    }
}

/// Checks placing pupil `p` at `t`, given the round's standing decisions
/// (a standing decision of `p` itself is left out: it is being replaced).
pub fn check_placement(
    sc: &Scenario,
    standing: &[Standing],
    p: PupilIdx,
    t: Target,
) -> Result<(), Refusal> {
    let pupil = &sc.pupils[p as usize];
    let id = sc.target_id(t);
    if let Err(rule) = eligibility(sc, pupil, t) {
        let message = format!(
            "{id} is not one of {}'s options: {}",
            pupil.id,
            rule.describe()
        );
        return Err(match rule {
            // No year group to count the child in: not even a panel can direct this.
            Rule::NotTaught => Refusal::hard("not-an-option", message),
            _ => Refusal::rule("not-an-option", message),
        });
    }
    let placed_here: Vec<&crate::scenario::Pupil> = standing
        .iter()
        .filter(|s| s.kind == Kind::Placed && s.entry.pupil != pupil.id)
        .filter(|s| s.entry.place.as_deref() == Some(id))
        .filter_map(|s| sc.pupils.iter().find(|q| q.id == s.entry.pupil))
        .collect();
    match t {
        Target::Ap(a) => {
            let places = sc.aps[a as usize].places;
            if placed_here.len() as u32 >= places {
                return Err(Refusal::rule(
                    "ap-full",
                    format!("AP provider {id} has no place left ({places} this round, all taken)"),
                ));
            }
        }
        Target::School(s) => school_room(sc, &placed_here, p, s)?,
    }
    Ok(())
}

/// Constraints 2, 3 and (hard mode) 5 for one more pupil at school `s`.
fn school_room(
    sc: &Scenario,
    placed_here: &[&crate::scenario::Pupil],
    p: PupilIdx,
    s: u32,
) -> Result<(), Refusal> {
    let pupil = &sc.pupils[p as usize];
    let school = &sc.schools[s as usize];
    let same_year = placed_here.iter().filter(|q| q.year == pupil.year);
    let all = same_year.clone().count() as u32 + 1;
    let free = school.free(pupil.year);
    let above = sc.policy.max_above_pan;
    if pupil.kind == PupilKind::InYear && all > free {
        return Err(Refusal::rule(
            "in-year-above-pan",
            format!("{} Year {} has {free} free place(s), all taken; in-year pupils cannot go above PAN (constraint 3)", school.id, pupil.year),
        ));
    }
    if all > free + above {
        return Err(Refusal::rule(
            "over-capacity",
            format!("{} Year {} is full: {free} free place(s) + {above} above PAN, all taken (constraint 2)", school.id, pupil.year),
        ));
    }
    let g = pupil.year.phase();
    if pupil.is_fap() && sc.policy.fap_cap_mode == CapMode::Hard {
        if let Some(rem) = remaining(sc, s, g) {
            let fap = placed_here
                .iter()
                .filter(|q| q.is_fap() && q.year.phase() == g)
                .count() as u32
                + 1;
            if fap > rem {
                return Err(Refusal::rule(
                    "hard-cap",
                    format!("{} has taken its share of FAP pupils this year: {rem} left under the hard cap (constraint 5)", school.id),
                ));
            }
        }
    }
    Ok(())
}
