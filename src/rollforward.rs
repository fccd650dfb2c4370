//! The next round's scenario from this round's and the decisions log (ROUNDS.md
//! "Rolling forward to the next round").
//!
//! Works on the scenario as written ([`WireScenario`]), so that every field
//! the rules do not touch is carried over as it was; the result must load
//! cleanly (`crate::validate::load_bytes`) before anyone writes it. Returned
//! pupils come back with the record kept in the log's `placed` entry
//! (docs/decisions-format.md), added after the pupils who stay, in log order.

use crate::decisions::decide::last_record;
use crate::decisions::effective::standing;
use crate::decisions::{Kind, Log};
use crate::scenario::wire::WireScenario;

/// What the coordinator gives for the next round.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Settings {
    /// School days between this meeting and the next: added to the days out of
    /// education of every pupil who stays (deferred or undecided).
    pub school_days: f64,
    /// The next round's `meta.name` (kept when `None`).
    pub name: Option<String>,
}

/// Why the log cannot be rolled forward onto this scenario (ids only, no free text).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("entry {entry}: {why}")]
pub struct RollError {
    /// The entry (its `seq`) that cannot be applied.
    pub entry: u64,
    /// Why.
    pub why: String,
}

/// The next round: this round's standing decisions applied to `wire`.
pub fn roll_forward(
    wire: &WireScenario,
    log: &Log,
    s: &Settings,
) -> Result<WireScenario, RollError> {
    let round = wire
        .meta
        .get("name")
        .and_then(|v| v.as_str())
        .unwrap_or_default();
    let decided = standing(log, round).map_err(|b| RollError {
        entry: b.entry as u64,
        why: b.why,
    })?;
    let mut next = wire.clone();
    let mut leaving = Vec::new();
    let mut returning = Vec::new();
    for d in &decided {
        let err = |why: String| RollError { entry: d.seq, why };
        let id = &d.entry.pupil;
        let present = wire.pupils.iter().any(|p| &p.id == id);
        match d.kind {
            Kind::Placed | Kind::Withdrawn if !present => {
                return Err(err(format!("{id} is not a pupil of round {round:?}")))
            }
            Kind::Placed => {
                place(
                    &mut next,
                    d.entry.pupil.as_str(),
                    d.entry.place.as_deref().unwrap_or_default(),
                )
                .map_err(err)?;
                leaving.push(id.clone());
            }
            Kind::Withdrawn => leaving.push(id.clone()),
            Kind::Returned => {
                if present {
                    return Err(err(format!(
                        "{id} is returned but is already a pupil of this round"
                    )));
                }
                let mut record = last_record(log, id).cloned().ok_or_else(|| {
                    err(format!(
                        "{id} has no placement with a kept record in the log"
                    ))
                })?;
                record.days_out_of_education = d.entry.days_out;
                returning.push(record);
            }
            Kind::Deferred | Kind::Correction => {}
        }
    }
    next.pupils.retain(|p| !leaving.contains(&p.id));
    if s.school_days != 0.0 {
        for p in &mut next.pupils {
            p.days_out_of_education = Some(p.days_out_of_education.unwrap_or(0.0) + s.school_days);
        }
    }
    next.pupils.extend(returning);
    if let Some(name) = &s.name {
        next.meta
            .insert("name".into(), serde_json::Value::String(name.clone()));
    }
    Ok(next)
}

/// One placed pupil: the school's `on_roll` (and `fap_this_year` for FAP) grow, or
/// the AP provider's `places` drop.
fn place(next: &mut WireScenario, pupil: &str, at: &str) -> Result<(), String> {
    let p = next
        .pupils
        .iter()
        .find(|p| p.id == pupil)
        .expect("checked present");
    let (year, fap) = (p.year_group.clone(), p.kind == "fap");
    if let Some(school) = next.schools.iter_mut().find(|s| s.id == at) {
        let places = school
            .year_groups
            .get_mut(&year)
            .ok_or_else(|| format!("{at} has no year group {year} to place {pupil} in"))?;
        places.on_roll += 1;
        if fap {
            *school
                .fap_this_year
                .get_or_insert_with(Default::default)
                .entry(year)
                .or_insert(0) += 1;
        }
        return Ok(());
    }
    let ap = next
        .ap_providers
        .iter_mut()
        .find(|a| a.id == at)
        .ok_or_else(|| format!("{at} is not a school or AP provider of this round"))?;
    ap.places = (ap.places - 1).max(0);
    Ok(())
}
