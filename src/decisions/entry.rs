//! One entry of the decisions log (ROUNDS.md "The decisions log"), as data.
//!
//! Field order is the order on disk: the hash chain covers the bytes, so the
//! layout is fixed here and documented in `docs/decisions-format.md`.

use crate::scenario::wire::WirePupil;
use serde::{Deserialize, Serialize};

/// One decision about one pupil, as written to the log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// 1, 2, 3 … in file order.
    pub seq: u64,
    /// The meeting date, `YYYY-MM-DD`.
    pub date: String,
    /// The round's name (the scenario's `meta.name`).
    pub round: String,
    /// The pupil's pseudonymous id.
    pub pupil: String,
    /// What the panel decided.
    pub decision: Kind,
    /// `placed`: the school or AP provider id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    /// `returned`: days out of education now, as the coordinator gives them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub days_out: Option<f64>,
    /// `correction`: the sequence number of the entry it replaces.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub corrects: Option<u64>,
    /// `correction`: the decision that entry now records.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub now: Option<Kind>,
    /// What the plan on the table proposed for the pupil.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proposed: Option<Proposed>,
    /// Why the decision differs from the proposal (or overrides a rule).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<Reason>,
    /// The panel directed the placement past a hard rule, which is named.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub r#override: Option<String>,
    /// `placed`: the pupil's scenario record at the meeting, so that a `returned`
    /// decision can bring the child back into a later round.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub record: Option<Box<WirePupil>>,
    /// Free text. Stored, never printed (it may hold names).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// SHA-256 of the previous entry's line (64 zeros for the first).
    pub prev: String,
}

impl Entry {
    /// The decision the entry records (a correction's `now`).
    pub fn kind(&self) -> Kind {
        self.now.unwrap_or(self.decision)
    }

    /// Does the decision differ from what the plan on the table proposed?
    pub fn differs_from_proposal(&self) -> bool {
        self.proposed.as_ref().is_some_and(|p| match self.kind() {
            Kind::Placed => p.place != self.place,
            _ => p.place.is_some(),
        })
    }
}

/// The decisions of ROUNDS.md.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// Placed at a school or AP provider.
    Placed,
    /// Left to a later round.
    Deferred,
    /// Left the authority, found a place elsewhere …
    Withdrawn,
    /// An earlier placement broke down; the child is back before the panel.
    Returned,
    /// Replaces an earlier entry.
    Correction,
}

impl Kind {
    /// As written in the log.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Placed => "placed",
            Kind::Deferred => "deferred",
            Kind::Withdrawn => "withdrawn",
            Kind::Returned => "returned",
            Kind::Correction => "correction",
        }
    }
}

/// What the plan on the table proposed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Proposed {
    /// School or AP id; `null` for unplaced.
    pub place: Option<String>,
    /// SHA-256 of the plan file.
    pub plan_sha256: String,
    /// The proposal's rank in that plan.
    pub proposal: usize,
}

/// Why the panel chose otherwise (a fixed list; free text goes to `note`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// School Admissions Code para 3.10 evidence from the school.
    #[serde(rename = "school_evidence_3_10")]
    SchoolEvidence310,
    /// A safeguarding concern.
    Safeguarding,
    /// The parents' preference.
    ParentalPreference,
    /// The journey.
    Travel,
    /// How the place meets the child's needs.
    NeedsMatch,
    /// A managed move agreed between schools.
    ManagedMove,
    /// A mistake in an earlier entry (corrections).
    RecordingError,
    /// Anything else (say more in `note`).
    Other,
}

impl Reason {
    /// Every reason, in the order `--help` lists them.
    pub const ALL: [Reason; 8] = [
        Reason::SchoolEvidence310,
        Reason::Safeguarding,
        Reason::ParentalPreference,
        Reason::Travel,
        Reason::NeedsMatch,
        Reason::ManagedMove,
        Reason::RecordingError,
        Reason::Other,
    ];

    /// The reason written `code`, if it is one.
    pub fn parse(code: &str) -> Option<Reason> {
        Reason::ALL.into_iter().find(|r| r.as_str() == code)
    }

    /// As written in the log.
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::SchoolEvidence310 => "school_evidence_3_10",
            Reason::Safeguarding => "safeguarding",
            Reason::ParentalPreference => "parental_preference",
            Reason::Travel => "travel",
            Reason::NeedsMatch => "needs_match",
            Reason::ManagedMove => "managed_move",
            Reason::RecordingError => "recording_error",
            Reason::Other => "other",
        }
    }
}
