//! Changing a scenario the way a panel does in a meeting — pin a child to a
//! school or AP, rule a school out for a child, unpin, add or remove a free
//! place, one more or one fewer above-PAN place, withdraw a child — without
//! anyone editing JSON by hand. This is THE way fap changes a scenario: the
//! CLI (`fap change`) and the web app call [`apply`].
//!
//! A change is data ([`Change`], serde: `{"kind": "pin", "pupil": "P0007",
//! "place": "S012"}`), applied to the scenario as written (every other field
//! is kept as it was), and the result is validated: a change that names
//! nothing in the round, does nothing, or breaks a hard rule is [`Refused`]
//! with the rule named. [`words`] says a change in a panel's words and reads
//! the short form a coordinator types (`pin P0007=S012`).

mod step;
pub mod words;

use crate::limits::Limits;
use crate::scenario::Issue;
use crate::validate::written::{self, Written};
use serde::{Deserialize, Serialize};

/// One change the panel makes to the round.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Change {
    /// Place the child at this school or AP provider (the panel agreed it).
    Pin {
        /// Pupil id.
        pupil: String,
        /// School or AP id.
        place: String,
    },
    /// Take the child's pin away: the solver chooses again.
    Unpin {
        /// Pupil id.
        pupil: String,
    },
    /// Rule this school or AP provider out for the child (`avoid`).
    Avoid {
        /// Pupil id.
        pupil: String,
        /// School or AP id.
        place: String,
    },
    /// Lift a ruling-out: the school may be offered again.
    Unavoid {
        /// Pupil id.
        pupil: String,
        /// School or AP id.
        place: String,
    },
    /// The child leaves the round (withdrawn, placed elsewhere …).
    Withdraw {
        /// Pupil id.
        pupil: String,
    },
    /// One more free place: a school's year group (`year`) or an AP provider.
    AddPlace {
        /// School or AP id.
        place: String,
        /// The year group, for a school (`"9"`, `"R"`; `"Y9"` is read too).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        year: Option<String>,
    },
    /// One free place fewer: a school's year group (`year`) or an AP provider.
    RemovePlace {
        /// School or AP id.
        place: String,
        /// The year group, for a school.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        year: Option<String>,
    },
    /// One more place above PAN agreed per school year group (`policy.max_above_pan` + 1).
    AddAbovePan,
    /// One place above PAN fewer (`policy.max_above_pan` − 1).
    RemoveAbovePan,
}

/// A change that cannot be made, and the rule it breaks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("change {change} ({what}) refused: {message} [{rule}]")]
pub struct Refused {
    /// Which change (1-based, in the order given).
    pub change: usize,
    /// The change in words.
    pub what: String,
    /// The rule's stable code (docs/changes.md; validation codes in docs/errors.md).
    pub rule: String,
    /// The rule in words, with ids only.
    pub message: String,
}

/// The scenario after the changes: both forms, and the file's bytes.
#[derive(Debug, Clone)]
pub struct Edited {
    /// The new scenario, validated.
    pub written: Written,
    /// What to write.
    pub bytes: Vec<u8>,
}

/// Why scenario bytes could not be changed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum EditError {
    /// The scenario itself has errors (every one found).
    #[error("the scenario is not valid ({} error(s))", .0.len())]
    Invalid(Vec<Issue>),
    /// A change was refused.
    #[error("{0}")]
    Refused(Refused),
}

/// Applies `changes`, in order, to a valid scenario: the new, validated
/// scenario, or the first change refused and why. Nothing is half-applied.
pub fn apply(
    before: &Written,
    changes: &[Change],
    limits: Option<&Limits>,
) -> Result<Edited, Refused> {
    let mut wire = before.wire.clone();
    for (i, c) in changes.iter().enumerate() {
        step::apply(&mut wire, c).map_err(|(rule, message)| Refused {
            change: i + 1,
            what: words::describe(c, &before.scenario),
            rule: rule.to_string(),
            message,
        })?;
    }
    match written::validate(&wire, limits) {
        Ok((written, bytes)) => Ok(Edited { written, bytes }),
        Err(issues) => Err(blame(before, changes, &issues, limits)),
    }
}

/// [`apply`] on a scenario file's bytes.
pub fn apply_bytes(
    bytes: &[u8],
    changes: &[Change],
    limits: Option<&Limits>,
) -> Result<Edited, EditError> {
    let before = written::load(bytes, limits).map_err(EditError::Invalid)?;
    apply(&before, changes, limits).map_err(EditError::Refused)
}

/// The refusal for a list of changes whose result does not validate: the
/// first change after which the result's first error appears.
fn blame(
    before: &Written,
    changes: &[Change],
    issues: &[Issue],
    limits: Option<&Limits>,
) -> Refused {
    let what = |at: usize| {
        changes
            .get(at)
            .map(|c| words::describe(c, &before.scenario))
            .unwrap_or_default()
    };
    let last = changes.len().saturating_sub(1);
    let Some(first) = issues.first() else {
        return Refused {
            change: last + 1,
            what: what(last),
            rule: "invalid".into(),
            message: "the changed scenario is not valid".into(),
        };
    };
    let same = |i: &Issue| i.code == first.code && i.path == first.path;
    let mut wire = before.wire.clone();
    let mut at = last;
    for (k, c) in changes.iter().enumerate() {
        let _ = step::apply(&mut wire, c);
        if written::validate(&wire, limits).is_err_and(|e| e.iter().any(same)) {
            at = k;
            break;
        }
    }
    let message = match first.path.as_str() {
        "" | "pupils" => first.message.clone(),
        path => format!("{}: {}", step::who(&wire, path), first.message),
    };
    Refused {
        change: at + 1,
        what: what(at),
        rule: first.code.to_string(),
        message,
    }
}
