//! A coordinator's request ("place P0007 at S012", "agree proposal 1 for all")
//! into log entries, each checked against the hard rules and the log so far.

use super::effective::{standing, Standing};
use super::entry::{Entry, Kind, Proposed, Reason};
use super::rules::{check_placement, Refusal};
use super::Log;
use crate::plan::Plan;
use crate::scenario::wire::WireScenario;
use crate::scenario::{PupilIdx, Scenario};

/// The meeting: the round's scenario (validated and as written) and the date.
#[derive(Debug, Clone, Copy)]
pub struct Meeting<'a> {
    /// The round's scenario.
    pub sc: &'a Scenario,
    /// The same file in wire form (placed pupils' records are kept from it).
    pub wire: &'a WireScenario,
    /// `YYYY-MM-DD`.
    pub date: &'a str,
}

/// What the panel decided about one pupil.
#[derive(Debug, Clone, PartialEq)]
pub enum Wanted {
    /// Place at this school or AP id.
    Place(String),
    /// Leave to a later round.
    Defer,
    /// Left the authority (or a place was found elsewhere).
    Withdraw,
    /// An earlier placement broke down: back with this many days out of education.
    Return(f64),
    /// Entry `seq` should have recorded this instead.
    Correct(u64, Box<Wanted>),
}

/// One decision with its context.
#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    /// Pupil id.
    pub pupil: String,
    /// The decision.
    pub wanted: Wanted,
    /// Why, when it differs from the proposal or overrides a rule.
    pub reason: Option<Reason>,
    /// Direct the placement past an overridable hard rule (needs a reason).
    pub override_rule: bool,
    /// What the plan on the table proposed.
    pub proposed: Option<Proposed>,
    /// Free text: stored, never printed.
    pub note: Option<String>,
}

impl Request {
    /// A decision with no reason, override, proposal or note.
    pub fn new(pupil: impl Into<String>, wanted: Wanted) -> Request {
        Request {
            pupil: pupil.into(),
            wanted,
            reason: None,
            override_rule: false,
            proposed: None,
            note: None,
        }
    }
}

/// The entry for `req` (its `seq` and `prev` are set by [`Log::push`]), or the rule it breaks.
pub fn decide(log: &Log, m: Meeting, req: &Request) -> Result<Entry, Refusal> {
    check_date(m.date)?;
    let round = &m.sc.name;
    let standing = standing(log, round).map_err(|b| Refusal::hard("log", b.to_string()))?;
    let mut e = blank(m, req);
    let wanted = match &req.wanted {
        Wanted::Correct(seq, now) => {
            e.decision = Kind::Correction;
            e.corrects = Some(*seq);
            let target = log.entries.get((*seq as usize).wrapping_sub(1));
            if !target.is_some_and(|t| t.decision != Kind::Correction && t.pupil == req.pupil) {
                return Err(Refusal::hard(
                    "no-such-entry",
                    format!("entry {seq} is not a decision about {}", req.pupil),
                ));
            }
            now.as_ref()
        }
        w => {
            if let Some(s) = standing.iter().find(|s| s.entry.pupil == req.pupil) {
                return Err(Refusal::hard("already-decided", format!("{} already has a decision this round (entry {}); record a correction of it instead", req.pupil, s.seq)));
            }
            w
        }
    };
    let kind = fill(log, m, &standing, req, wanted, &mut e)?;
    if e.decision == Kind::Correction {
        e.now = Some(kind);
    } else {
        e.decision = kind;
    }
    need_reason(req, &e)?;
    Ok(e)
}

fn blank(m: Meeting, req: &Request) -> Entry {
    Entry {
        seq: 0,
        date: m.date.to_string(),
        round: m.sc.name.clone(),
        pupil: req.pupil.clone(),
        decision: Kind::Deferred,
        place: None,
        days_out: None,
        corrects: None,
        now: None,
        proposed: req.proposed.clone(),
        reason: req.reason,
        r#override: None,
        record: None,
        note: req.note.clone(),
        prev: String::new(),
    }
}

/// Checks and records the decision's own fields; returns its kind.
fn fill(
    log: &Log,
    m: Meeting,
    standing: &[Standing],
    req: &Request,
    wanted: &Wanted,
    e: &mut Entry,
) -> Result<Kind, Refusal> {
    let pupil = || pupil_index(m.sc, &req.pupil);
    match wanted {
        Wanted::Place(at) => {
            let p = pupil()?;
            let t = m.sc.find_target(at).ok_or_else(|| {
                Refusal::hard(
                    "unknown-place",
                    format!("{at} is not a school or AP provider of this round"),
                )
            })?;
            let others: Vec<Standing> = standing
                .iter()
                .filter(|s| s.entry.pupil != req.pupil)
                .cloned()
                .collect();
            match check_placement(m.sc, &others, p, t) {
                Ok(()) => {}
                Err(r) if r.overridable && req.override_rule => {
                    e.r#override = Some(r.code.to_string())
                }
                Err(r) if r.overridable => {
                    return Err(Refusal {
                        message: format!(
                            "{}; a panel directing it records --override with a reason",
                            r.message
                        ),
                        ..r
                    })
                }
                Err(r) => return Err(r),
            }
            e.place = Some(at.clone());
            e.record = m
                .wire
                .pupils
                .iter()
                .find(|w| w.id == req.pupil)
                .cloned()
                .map(Box::new);
            Ok(Kind::Placed)
        }
        Wanted::Defer => pupil().map(|_| Kind::Deferred),
        Wanted::Withdraw => pupil().map(|_| Kind::Withdrawn),
        Wanted::Return(days) => {
            if m.sc.pupils.iter().any(|p| p.id == req.pupil) {
                return Err(Refusal::hard(
                    "already-in-round",
                    format!("{} is already a pupil of this round", req.pupil),
                ));
            }
            if !(days.is_finite() && (0.0..=2000.0).contains(days)) {
                return Err(Refusal::hard(
                    "days",
                    "days out of education must be 0 to 2000".into(),
                ));
            }
            if last_record(log, &req.pupil).is_none() {
                return Err(Refusal::hard(
                    "never-placed",
                    format!("{} has no placement in the log to return from", req.pupil),
                ));
            }
            e.days_out = Some(*days);
            Ok(Kind::Returned)
        }
        Wanted::Correct(..) => Err(Refusal::hard(
            "correction",
            "a correction cannot correct a correction".into(),
        )),
    }
}

/// The scenario record kept with `pupil`'s latest standing placement, if any.
pub fn last_record<'a>(log: &'a Log, pupil: &str) -> Option<&'a crate::scenario::wire::WirePupil> {
    let mut record = None;
    for e in log.entries.iter().filter(|e| e.pupil == pupil) {
        let kind = e.now.unwrap_or(e.decision);
        if kind == Kind::Placed {
            record = e.record.as_deref().or(record);
        }
    }
    record
}

fn pupil_index(sc: &Scenario, id: &str) -> Result<PupilIdx, Refusal> {
    sc.pupils
        .iter()
        .position(|p| p.id == id)
        .map(|i| i as PupilIdx)
        .ok_or_else(|| {
            Refusal::hard(
                "unknown-pupil",
                format!("{id} is not a pupil of this round"),
            )
        })
}

/// A reason code is needed for an override and where the panel chose otherwise.
fn need_reason(req: &Request, e: &Entry) -> Result<(), Refusal> {
    let differs = e.differs_from_proposal();
    if req.reason.is_none() && (e.r#override.is_some() || differs || e.decision == Kind::Correction)
    {
        let why = if e.r#override.is_some() {
            "an override"
        } else if differs {
            "a decision that differs from the proposal"
        } else {
            "a correction"
        };
        return Err(Refusal::hard(
            "reason-needed",
            format!("{why} needs a reason code"),
        ));
    }
    Ok(())
}

fn check_date(date: &str) -> Result<(), Refusal> {
    let b = date.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    let ok = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && digits(0..4)
        && digits(5..7)
        && digits(8..10)
        && (1..=12).contains(&date[5..7].parse::<u8>().unwrap_or(0))
        && (1..=31).contains(&date[8..10].parse::<u8>().unwrap_or(0));
    if ok {
        Ok(())
    } else {
        Err(Refusal::hard(
            "date",
            "the meeting date must be YYYY-MM-DD".into(),
        ))
    }
}

/// "Agree proposal `rank` of `plan`" for `pupils` (all when `None`): placed
/// pupils placed there, unplaced ones deferred; each checked in turn, and
/// appended to `log` (the lines are returned) only if every one passes.
pub fn agree(
    log: &mut Log,
    m: Meeting,
    plan: &Plan,
    plan_sha256: &str,
    rank: usize,
    pupils: Option<&[String]>,
) -> Result<Vec<String>, (String, Refusal)> {
    let proposal = plan
        .proposals
        .iter()
        .find(|p| p.rank == rank)
        .ok_or_else(|| {
            (
                String::new(),
                Refusal::hard(
                    "no-such-proposal",
                    format!("the plan has no proposal {rank}"),
                ),
            )
        })?;
    if let Some(missing) = pupils.and_then(|ps| {
        ps.iter()
            .find(|id| !proposal.assignments.iter().any(|a| &a.pupil == *id))
    }) {
        return Err((
            missing.clone(),
            Refusal::hard("unknown-pupil", format!("{missing} is not in the plan")),
        ));
    }
    let mut trial = log.clone();
    let mut lines = Vec::new();
    for a in proposal
        .assignments
        .iter()
        .filter(|a| pupils.is_none_or(|ps| ps.contains(&a.pupil)))
    {
        let place = a.target_id().map(str::to_string);
        let req = Request {
            proposed: Some(Proposed {
                place: place.clone(),
                plan_sha256: plan_sha256.to_string(),
                proposal: rank,
            }),
            ..Request::new(&a.pupil, place.map_or(Wanted::Defer, Wanted::Place))
        };
        let e = decide(&trial, m, &req).map_err(|r| (a.pupil.clone(), r))?;
        lines.push(trial.push(e));
    }
    *log = trial;
    Ok(lines)
}
