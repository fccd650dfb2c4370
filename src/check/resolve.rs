//! From a proposal's assignment records to one placement per scenario pupil.
//!
//! This is where the plan's shape is checked: every pupil of the scenario is
//! listed exactly once, no unknown pupil is, and each record names exactly one
//! of a known school, a known AP provider, or `unplaced: true`. What cannot be
//! resolved is reported and left out; the rules after this one check what is
//! left, and the objective is recomputed only when nothing is left out.

use super::Violation;
use crate::plan::{AssignmentRecord, Proposal};
use crate::scenario::{Scenario, Target};
use std::collections::BTreeMap;

/// Where a pupil goes: `Some(target)`, or `None` for unplaced.
pub type Placement = Option<Target>;

/// A proposal read against the scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct Resolved {
    /// Per scenario pupil: the placement, or `None` when missing or unreadable.
    pub placements: Vec<Option<Placement>>,
    /// Per scenario pupil: the index of its (first) record in `assignments`.
    pub record_of: Vec<Option<usize>>,
    /// Every pupil has a readable placement.
    pub complete: bool,
}

/// Ids of the scenario, for lookups (string → dense index).
pub struct Ids<'a> {
    pupils: BTreeMap<&'a str, usize>,
    targets: BTreeMap<&'a str, Target>,
}

impl<'a> Ids<'a> {
    /// Indexes the scenario's ids.
    pub fn new(sc: &'a Scenario) -> Ids<'a> {
        let pupils = sc
            .pupils
            .iter()
            .enumerate()
            .map(|(i, p)| (p.id.as_str(), i))
            .collect();
        let schools = sc
            .schools
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.as_str(), Target::School(i as u32)));
        let aps = sc
            .aps
            .iter()
            .enumerate()
            .map(|(i, a)| (a.id.as_str(), Target::Ap(i as u32)));
        Ids {
            pupils,
            targets: schools.chain(aps).collect(),
        }
    }
}

/// Resolves a proposal's records, pushing a violation for each that cannot be read.
pub fn resolve(
    sc: &Scenario,
    ids: &Ids,
    proposal: &Proposal,
    out: &mut Vec<Violation>,
) -> Resolved {
    let n = sc.pupils.len();
    let mut placements = vec![None; n];
    let mut record_of = vec![None; n];
    let mut times = vec![0usize; n];
    let mut complete = true;
    for (k, r) in proposal.assignments.iter().enumerate() {
        let Some(&pi) = ids.pupils.get(r.pupil.as_str()) else {
            out.push(Violation::UnknownPupil {
                pupil: r.pupil.clone(),
            });
            complete = false;
            continue;
        };
        times[pi] += 1;
        if times[pi] > 1 {
            continue;
        }
        record_of[pi] = Some(k);
        match placement(ids, r) {
            Ok(place) => placements[pi] = Some(place),
            Err(v) => {
                out.push(v);
                complete = false;
            }
        }
    }
    for (pi, p) in sc.pupils.iter().enumerate() {
        match times[pi] {
            0 => out.push(Violation::MissingPupil {
                pupil: p.id.clone(),
            }),
            1 => continue,
            t => out.push(Violation::DuplicatePupil {
                pupil: p.id.clone(),
                times: t,
            }),
        }
        complete = false;
    }
    Resolved {
        placements,
        record_of,
        complete,
    }
}

/// One record's placement, or why it has none.
fn placement(ids: &Ids, r: &AssignmentRecord) -> Result<Placement, Violation> {
    let bad = |problem| Violation::BadPlacement {
        pupil: r.pupil.clone(),
        problem,
    };
    match (&r.school, &r.ap, r.unplaced) {
        (None, None, Some(true)) => Ok(None),
        (None, None, Some(false)) => Err(bad("\"unplaced\": false but no placement")),
        (None, None, None) => Err(bad("no placement")),
        (Some(_), Some(_), _) => Err(bad("both a school and an AP provider")),
        (_, _, Some(_)) => Err(bad("a placement and \"unplaced\"")),
        (Some(id), None, None) => target(ids, r, "school", id).map(Some),
        (None, Some(id), None) => target(ids, r, "ap", id).map(Some),
    }
}

fn target(
    ids: &Ids,
    r: &AssignmentRecord,
    field: &'static str,
    id: &str,
) -> Result<Target, Violation> {
    let found = match (field, ids.targets.get(id)) {
        ("school", Some(&t @ Target::School(_))) | ("ap", Some(&t @ Target::Ap(_))) => {
            return Ok(t)
        }
        ("school", Some(_)) => "an AP provider, not a school (use \"ap\")",
        (_, Some(_)) => "a school, not an AP provider (use \"school\")",
        (_, None) if field == "school" => "not a school of the scenario",
        (_, None) => "not an AP provider of the scenario",
    };
    Err(Violation::UnknownTarget {
        pupil: r.pupil.clone(),
        field,
        id: id.to_string(),
        found,
    })
}
