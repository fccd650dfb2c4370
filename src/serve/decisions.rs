//! Recording the panel's decisions and closing the round, through the
//! library's decisions log ([`crate::decisions`], as `fap decide`) and roll
//! forward ([`crate::rollforward`], as `fap next-round`).
//!
//! Each round keeps the year's log as of that round (`decisions.jsonl`; a
//! rolled-forward round starts with a copy of its predecessor's, so the chain
//! and returned children carry on). A decision is appended (the whole log
//! rewritten atomically) and then the round's state is saved: the page
//! confirms only after both, so a `kill -9` loses nothing it confirmed.
//! Decided children stay where the panel put them: every later solve runs on
//! the round's scenario with the round's decisions rolled forward onto it
//! ([`undecided`]): placed children take their place, withdrawn and deferred
//! ones are off the agenda.

use super::actions::{at_version, internal, Failure};
use super::AppState;
use crate::decisions::{self, Log, Meeting, Proposed, Reason, Request, Wanted};
use crate::plan::Plan;
use crate::rollforward::{roll_forward, Settings};
use crate::scenario::wire::WireScenario;
use axum::http::StatusCode;
use serde::Deserialize;

/// One decision as the pages and the API send it.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Ask {
    /// The child's id.
    pub pupil: String,
    /// `agree` (as the plan on the table proposes), `place`, `defer` or `withdraw`.
    pub decision: String,
    /// `place`: the school or AP id.
    #[serde(default)]
    pub place: Option<String>,
    /// A reason code (needed when the decision differs from the proposal or overrides).
    #[serde(default)]
    pub reason: Option<String>,
    /// The panel directs the placement past a hard rule (named in the entry).
    /// JSON `true`, or a ticked form box (`true`, `on`).
    #[serde(default, rename = "override", deserialize_with = "flag")]
    pub override_rule: bool,
    /// The meeting date, `YYYY-MM-DD` (default: today).
    #[serde(default)]
    pub date: Option<String>,
}

/// A JSON boolean or a form's text (HTML forms send every field as text).
fn flag<'de, D: serde::Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Flag {
        Bool(bool),
        Text(String),
    }
    Ok(match Flag::deserialize(d)? {
        Flag::Bool(b) => b,
        Flag::Text(t) => matches!(t.as_str(), "true" | "on"),
    })
}

/// Today's date (UTC), `YYYY-MM-DD`.
pub fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    civil((secs / 86_400) as i64)
}

/// Days since 1970-01-01 as a civil date (H. Hinnant's algorithm).
fn civil(days: i64) -> String {
    let z = days + 719_468;
    let (era, doe) = (z.div_euclid(146_097), z.rem_euclid(146_097));
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

fn unprocessable(m: impl Into<String>) -> Failure {
    Failure::new(StatusCode::UNPROCESSABLE_ENTITY, m)
}

fn refused(pupil: &str, r: &decisions::Refusal) -> Failure {
    let mut m = format!("{pupil}: that decision cannot be recorded: {r}");
    if r.overridable {
        m = m.replace(
            "records --override with a reason",
            "ticks \"the panel directs this admission\" and gives a reason",
        );
    }
    unprocessable(m)
}

/// The round's working scenario (validated and as written) and its log.
struct Context {
    sc: crate::scenario::Scenario,
    wire: WireScenario,
    log: Log,
}

fn context(st: &AppState, id: &str, file: &str) -> Result<Context, Failure> {
    let bytes = st.store.read(id, file).map_err(internal)?;
    let (sc, _) = super::engine::load(&bytes, &st.limits)
        .map_err(|_| internal("the round's scenario no longer validates".into()))?;
    let wire = serde_json::from_slice(&bytes).map_err(|e| internal(e.to_string()))?;
    let (_, log) = st.store.read_log(id).map_err(internal)?;
    Ok(Context { sc, wire, log })
}

/// The plan on the table and its file's SHA-256.
fn table(st: &AppState, id: &str, rs: &super::store::RoundState) -> Option<(Plan, String)> {
    let bytes = st.store.read(id, &rs.current_plan()?.plan).ok()?;
    let plan = serde_json::from_slice(&bytes).ok()?;
    Some((plan, crate::plan::sha256_hex(&bytes)))
}

fn proposed(plan: &Option<(Plan, String)>, pupil: &str) -> Option<Proposed> {
    let (plan, sha) = plan.as_ref()?;
    let a = plan
        .proposals
        .first()?
        .assignments
        .iter()
        .find(|a| a.pupil == pupil)?;
    Some(Proposed {
        place: a.target_id().map(str::to_string),
        plan_sha256: sha.clone(),
        proposal: 1,
    })
}

fn request(ask: &Ask, proposed: Option<Proposed>) -> Result<Request, Failure> {
    let place = ask.place.clone().filter(|p| !p.is_empty());
    let wanted =
        match ask.decision.as_str() {
            "agree" => match &proposed {
                Some(p) => p.place.clone().map_or(Wanted::Defer, Wanted::Place),
                None => {
                    return Err(unprocessable(format!(
                        "{}: there is no proposal for this child to agree (solve the round first)",
                        ask.pupil
                    )))
                }
            },
            "place" => Wanted::Place(place.ok_or_else(|| {
                unprocessable("Choose the school or AP provider the panel chose.")
            })?),
            "defer" => Wanted::Defer,
            "withdraw" => Wanted::Withdraw,
            d => {
                return Err(unprocessable(format!(
                    "unknown decision {d:?} (agree, place, defer, withdraw)"
                )))
            }
        };
    let reason = match ask.reason.as_deref().filter(|r| !r.is_empty()) {
        None => None,
        Some(code) => Some(Reason::parse(code).ok_or_else(|| {
            let all: Vec<&str> = Reason::ALL.iter().map(|r| r.as_str()).collect();
            unprocessable(format!(
                "{code:?} is not a reason code ({})",
                all.join(", ")
            ))
        })?),
    };
    Ok(Request {
        pupil: ask.pupil.clone(),
        wanted,
        reason,
        override_rule: ask.override_rule,
        proposed,
        note: None,
    })
}

/// Appends `lines` to the log and commits the round's state; the new version.
fn append(
    st: &AppState,
    id: &str,
    rs: &mut super::store::RoundState,
    lines: &[String],
) -> Result<u64, Failure> {
    let (mut bytes, _) = st.store.read_log(id).map_err(internal)?;
    for l in lines {
        bytes.extend_from_slice(l.as_bytes());
        bytes.push(b'\n');
    }
    st.store.write_log(id, &bytes).map_err(internal)?;
    st.store.save(id, rs).map_err(internal)?;
    Ok(rs.version)
}

fn date(ask_date: Option<&str>) -> String {
    ask_date
        .filter(|d| !d.is_empty())
        .map_or_else(today, str::to_string)
}

/// Records one decision: the new round version, or why not (the rule named).
pub fn record(st: &AppState, id: &str, version: u64, ask: &Ask) -> Result<u64, Failure> {
    let _g = st.write.lock().unwrap_or_else(|e| e.into_inner());
    let mut rs = at_version(st, id, version)?;
    let cx = context(st, id, &rs.scenario)?;
    let req = request(ask, proposed(&table(st, id, &rs), &ask.pupil))?;
    let day = date(ask.date.as_deref());
    let m = Meeting {
        sc: &cx.sc,
        wire: &cx.wire,
        date: &day,
    };
    let mut log = cx.log;
    let e = decisions::decide(&log, m, &req).map_err(|r| refused(&ask.pupil, &r))?;
    let line = log.push(e);
    append(st, id, &mut rs, &[line])
}

/// Agrees the plan on the table for every child without a decision (placed
/// children placed, unplaced ones deferred); all or nothing.
pub fn agree_all(st: &AppState, id: &str, version: u64, day: Option<&str>) -> Result<u64, Failure> {
    let _g = st.write.lock().unwrap_or_else(|e| e.into_inner());
    let mut rs = at_version(st, id, version)?;
    let (plan, sha) = table(st, id, &rs).ok_or_else(|| {
        Failure::new(
            StatusCode::CONFLICT,
            "Solve the round first: there is no plan to agree.",
        )
    })?;
    let cx = context(st, id, &rs.scenario)?;
    let decided = decided_ids(&cx.log, &cx.sc.name);
    let open: Vec<String> = plan.proposals[0]
        .assignments
        .iter()
        .map(|a| a.pupil.clone())
        .filter(|p| !decided.contains(p) && cx.sc.pupils.iter().any(|x| &x.id == p))
        .collect();
    if open.is_empty() {
        return Err(Failure::new(
            StatusCode::CONFLICT,
            "Every child in the plan already has a decision.",
        ));
    }
    let day = date(day);
    let m = Meeting {
        sc: &cx.sc,
        wire: &cx.wire,
        date: &day,
    };
    let mut log = cx.log;
    let lines = decisions::agree(&mut log, m, &plan, &sha, 1, Some(&open))
        .map_err(|(p, r)| refused(&p, &r))?;
    append(st, id, &mut rs, &lines)
}

/// The ids of the children with a standing decision in round `name`.
pub fn decided_ids(log: &Log, name: &str) -> Vec<String> {
    decisions::effective::standing(log, name)
        .map(|s| s.iter().map(|d| d.entry.pupil.clone()).collect())
        .unwrap_or_default()
}

/// The scenario a solve uses: the working scenario `bytes` with the round's
/// decisions rolled forward onto it (placed children take their places,
/// withdrawn ones leave) and the deferred children left out; `None` when no
/// child is decided (the working scenario as it is).
pub fn undecided(st: &AppState, id: &str, bytes: &[u8]) -> Result<Option<Vec<u8>>, String> {
    let (_, log) = st.store.read_log(id)?;
    let wire: WireScenario = serde_json::from_slice(bytes).map_err(|e| e.to_string())?;
    let name = wire
        .meta
        .get("name")
        .and_then(|v| v.as_str())
        .unwrap_or_default()
        .to_string();
    let standing = decisions::effective::standing(&log, &name).map_err(|b| b.to_string())?;
    if standing.is_empty() {
        return Ok(None);
    }
    let deferred: Vec<&str> = standing
        .iter()
        .filter(|s| s.kind == decisions::Kind::Deferred)
        .map(|s| s.entry.pupil.as_str())
        .collect();
    let mut next = roll_forward(&wire, &log, &Settings::default()).map_err(|e| e.to_string())?;
    next.pupils.retain(|p| !deferred.contains(&p.id.as_str()));
    Ok(Some(crate::scenario::canonical::scenario_json(&next)))
}

/// What the coordinator gives to close the round.
#[derive(Debug, Clone, Deserialize)]
pub struct Close {
    /// The next round's name (`meta.name`); it must be new to the log.
    pub name: String,
    /// School days until the next meeting (added to the days out of education
    /// of every child who stays).
    pub school_days: f64,
}

/// Closes the round: the next round's scenario (`fap next-round`) becomes a
/// new round of the data directory, continuing the log; its id.
pub fn close(st: &AppState, id: &str, version: u64, c: &Close) -> Result<String, Failure> {
    let _g = st.write.lock().unwrap_or_else(|e| e.into_inner());
    let mut rs = at_version(st, id, version)?;
    if !(c.school_days.is_finite() && (0.0..=366.0).contains(&c.school_days)) {
        return Err(unprocessable(
            "School days until the next meeting must be 0 to 366.",
        ));
    }
    let name = c.name.trim();
    let cx = context(st, id, &rs.scenario)?;
    if name.is_empty() || name == cx.sc.name || cx.log.entries.iter().any(|e| e.round == name) {
        return Err(unprocessable(
            "Give the next round a new name (the log already has decisions under this one).",
        ));
    }
    let settings = Settings {
        school_days: c.school_days,
        name: Some(name.to_string()),
    };
    let next = roll_forward(&cx.wire, &cx.log, &settings)
        .map_err(|e| unprocessable(format!("The round cannot be rolled forward: {e}")))?;
    let bytes = crate::scenario::canonical::scenario_json(&next);
    super::engine::load(&bytes, &st.limits).map_err(|issues| {
        let first = issues
            .iter()
            .find(|i| i.is_error())
            .map(|i| i.to_string())
            .unwrap_or_default();
        unprocessable(format!(
            "The next round would not be valid: {first}; nothing was written."
        ))
    })?;
    let (log, _) = st.store.read_log(id).map_err(internal)?;
    let next_id = st
        .store
        .create(name, &bytes, Some(&log))
        .map_err(internal)?;
    rs.next_round = Some(next_id.clone());
    st.store.save(id, &mut rs).map_err(internal)?;
    Ok(next_id)
}

#[cfg(test)]
mod tests {
    #[test]
    fn days_become_calendar_dates() {
        for (days, date) in [
            (0, "1970-01-01"),
            (59, "1970-03-01"),
            (11_016, "2000-02-29"),
            (19_723, "2024-01-01"),
            (20_794, "2026-12-07"),
        ] {
            assert_eq!(super::civil(days), date, "{days}");
        }
    }
}
