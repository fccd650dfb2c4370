//! What a coordinator can do to a round, shared by the pages and the API:
//! each action checks the round's version (two tabs: the second write with
//! a stale version is refused, nothing lost or mixed), changes the files in
//! the store and commits by saving the round's state.

use super::engine;
use super::jobs::Progress;
use super::store::{PlanEntry, RoundState};
use super::AppState;
use crate::edit::Change;
use crate::scenario::Issue;
use axum::http::StatusCode;
use std::sync::Arc;

/// Why an action was refused.
#[derive(Debug)]
pub struct Failure {
    /// The HTTP status.
    pub status: StatusCode,
    /// What happened, in words.
    pub message: String,
    /// Validation issues, for an upload.
    pub issues: Vec<Issue>,
}

impl Failure {
    /// A failure with a message only.
    pub fn new(status: StatusCode, message: impl Into<String>) -> Failure {
        Failure {
            status,
            message: message.into(),
            issues: Vec::new(),
        }
    }
}

/// A failure of the server itself (500).
pub fn internal(e: String) -> Failure {
    Failure::new(StatusCode::INTERNAL_SERVER_ERROR, e)
}

/// The round's state, or 404.
pub fn round(st: &AppState, id: &str) -> Result<RoundState, Failure> {
    st.store
        .load(id)
        .ok_or_else(|| Failure::new(StatusCode::NOT_FOUND, "no such round"))
}

/// The round's state if `version` is current; 409 otherwise.
pub fn at_version(st: &AppState, id: &str, version: u64) -> Result<RoundState, Failure> {
    let rs = round(st, id)?;
    if rs.version != version {
        return Err(Failure::new(
            StatusCode::CONFLICT,
            format!(
                "This round was changed in another tab or by another user (you had version {version}, it is now {}). Nothing was changed: reload the page and try again.",
                rs.version
            ),
        ));
    }
    if let Some(next) = &rs.next_round {
        return Err(Failure::new(
            StatusCode::CONFLICT,
            format!("This round is closed; its children were rolled forward to round {next}."),
        ));
    }
    Ok(rs)
}

fn invalid(issues: Vec<Issue>) -> Failure {
    Failure {
        status: StatusCode::UNPROCESSABLE_ENTITY,
        message: "The round has errors; nothing was saved.".into(),
        issues: issues.into_iter().filter(Issue::is_error).collect(),
    }
}

/// Creates a round from an uploaded scenario (JSON) or workbook
/// (`.xlsx`/`.ods`, imported as `fap import` does): its id and warnings,
/// or every error.
pub fn create(st: &AppState, bytes: &[u8]) -> Result<(String, Vec<Issue>), Failure> {
    if super::upload::is_workbook(bytes) {
        let json = super::upload::workbook(bytes).map_err(invalid)?;
        return create(st, &json);
    }
    let (sc, warnings) = engine::load(bytes, &st.limits).map_err(invalid)?;
    let _g = st.write.lock().unwrap_or_else(|e| e.into_inner());
    let id = st.store.create(&sc.name, bytes, None).map_err(internal)?;
    Ok((id, warnings))
}

/// Creates a round from an uploaded CSV bundle (parts by field name:
/// `pupils`, `schools`, `places`, `ap`, `policy`, `meta`).
pub fn create_bundle(
    st: &AppState,
    parts: &[(String, Vec<u8>)],
) -> Result<(String, Vec<Issue>), Failure> {
    let json = super::upload::bundle(parts).map_err(invalid)?;
    create(st, &json)
}

/// Opens a scenario file given on the command line: the round already made
/// from the same bytes, or a new one.
pub fn open_file(st: &AppState, path: &std::path::Path) -> Result<String, String> {
    let bytes = crate::scenario::load::read_limited(path, st.limits.bytes())
        .map_err(|i| format!("{}: {i}", path.display()))?;
    for r in st.store.rounds() {
        if st.store.read(&r, "scenario-1.json").ok().as_deref() == Some(&bytes[..]) {
            return Ok(r);
        }
    }
    create(st, &bytes).map(|(id, _)| id).map_err(|f| {
        let first = f
            .issues
            .first()
            .map(|i| format!(", first: {i}"))
            .unwrap_or_default();
        format!(
            "{}: {}{first}\n  hint: `fap validate {}` lists every error",
            path.display(),
            f.message,
            path.display()
        )
    })
}

/// Starts a solve of the round's scenario (against the plan on the table,
/// if any); the job's id.
pub fn solve(st: &Arc<AppState>, id: &str, version: u64) -> Result<String, Failure> {
    let rs = at_version(st, id, version)?;
    let progress = st
        .jobs
        .start(id)
        .map_err(|e| Failure::new(StatusCode::CONFLICT, e))?;
    let job = progress.id();
    let st = Arc::clone(st);
    let id = id.to_string();
    std::thread::spawn(move || run_solve(&st, &id, rs, &progress));
    Ok(job)
}

/// The job's work: solve, commit the plan, then its decision support. The
/// decided children are taken off the round's scenario first
/// ([`super::decisions::undecided`]), so they stay where the panel put them.
fn run_solve(st: &AppState, id: &str, rs: RoundState, p: &Progress) {
    p.stage("solving");
    let outcome = st.store.read(id, &rs.scenario).and_then(|working| {
        let solved = super::decisions::undecided(st, id, &working)?;
        let reference = match rs.current_plan() {
            Some(e) => Some(st.store.read(id, &e.plan)?),
            None => None,
        };
        let bytes = solved.as_deref().unwrap_or(&working);
        let plan = engine::solve(bytes, reference.as_deref(), &st.limits)?;
        Ok((solved, working, plan))
    });
    let (solved, working, plan) = match outcome {
        Ok(x) => x,
        Err(e) => return p.finish("failed", format!("The solve failed: {e}")),
    };
    if p.cancelled() {
        return p.finish(
            "cancelled",
            "Cancelled: the solver's result was discarded; the plan on the table is unchanged."
                .into(),
        );
    }
    let label = if rs.plans.is_empty() {
        "First solve"
    } else {
        "Re-solve"
    };
    let index = match commit_plan(st, id, &rs.scenario, solved.as_deref(), &plan, label) {
        Ok(i) => i,
        Err(e) => return p.finish("failed", e),
    };
    p.stage("alternatives for each child");
    match support(st, solved.as_deref().unwrap_or(&working), &plan) {
        Err(e) => p.finish(
            "failed",
            format!(
                "Plan {} is on the table, but its alternatives failed: {e}",
                index + 1
            ),
        ),
        Ok(_) if p.cancelled() => p.finish(
            "cancelled",
            format!(
                "Plan {} is on the table; computing its alternatives was cancelled.",
                index + 1
            ),
        ),
        Ok(bytes) => match commit_support(st, id, index, &bytes) {
            Ok(()) => p.finish("done", format!("Plan {} is on the table.", index + 1)),
            Err(e) => p.finish("failed", e),
        },
    }
}

fn support(st: &AppState, sc: &[u8], plan: &[u8]) -> Result<Vec<u8>, String> {
    let (sc, _) = engine::load(sc, &st.limits).map_err(|_| "the scenario is not valid")?;
    let plan: crate::plan::Plan = serde_json::from_slice(plan).map_err(|e| e.to_string())?;
    let s = engine::support(&sc, &plan, &st.limits)?;
    serde_json::to_vec(&s).map_err(|e| e.to_string())
}

/// Puts a plan on the table: writes it (and the scenario it answers, when
/// that is the working one with the decided children taken off), then the
/// state naming it.
fn commit_plan(
    st: &AppState,
    id: &str,
    working: &str,
    solved: Option<&[u8]>,
    plan: &[u8],
    label: &str,
) -> Result<usize, String> {
    let _g = st.write.lock().unwrap_or_else(|e| e.into_inner());
    let mut rs = st.store.load(id).ok_or("the round disappeared")?;
    if rs.scenario != working {
        return Err(
            "The round's scenario changed during the solve; its result was discarded.".into(),
        );
    }
    let scenario = match solved {
        Some(bytes) => st.store.add_file(id, &mut rs, "scenario", bytes)?,
        None => working.to_string(),
    };
    let file = st.store.add_file(id, &mut rs, "plan", plan)?;
    rs.plans.push(PlanEntry {
        plan: file,
        working: solved.map(|_| working.to_string()),
        scenario,
        label: rs.label.take().unwrap_or_else(|| label.to_string()),
        reference: rs.current,
        support: None,
    });
    rs.current = Some(rs.plans.len() - 1);
    st.store.save(id, &mut rs)?;
    Ok(rs.plans.len() - 1)
}

fn commit_support(st: &AppState, id: &str, index: usize, bytes: &[u8]) -> Result<(), String> {
    let _g = st.write.lock().unwrap_or_else(|e| e.into_inner());
    let mut rs = st.store.load(id).ok_or("the round disappeared")?;
    let file = st.store.add_file(id, &mut rs, "support", bytes)?;
    rs.plans[index].support = Some(file);
    st.store.save(id, &mut rs)
}

/// Puts the previous plan (the one the current was re-solved against) back on the table.
pub fn undo(st: &AppState, id: &str, version: u64) -> Result<u64, Failure> {
    let _g = st.write.lock().unwrap_or_else(|e| e.into_inner());
    let mut rs = at_version(st, id, version)?;
    let prev = rs.current_plan().and_then(|p| p.reference).ok_or_else(|| {
        Failure::new(
            StatusCode::CONFLICT,
            "There is no earlier plan to go back to.",
        )
    })?;
    rs.current = Some(prev);
    let p = &rs.plans[prev];
    rs.scenario = p.working.clone().unwrap_or_else(|| p.scenario.clone());
    st.store.save(id, &mut rs).map_err(internal)?;
    Ok(rs.version)
}

/// Stages a change, checked together with those already staged through
/// [`crate::edit`] (a change that breaks a hard rule is refused, named).
pub fn stage(st: &AppState, id: &str, version: u64, change: Change) -> Result<u64, Failure> {
    let _g = st.write.lock().unwrap_or_else(|e| e.into_inner());
    let mut rs = at_version(st, id, version)?;
    let bytes = st.store.read(id, &rs.scenario).map_err(internal)?;
    let mut all = staged(&rs);
    all.push(change.clone());
    edited(st, &bytes, &all)?;
    rs.staged
        .push(serde_json::to_value(&change).map_err(|e| internal(e.to_string()))?);
    st.store.save(id, &mut rs).map_err(internal)?;
    Ok(rs.version)
}

fn edited(st: &AppState, bytes: &[u8], changes: &[Change]) -> Result<Vec<u8>, Failure> {
    crate::edit::apply_bytes(bytes, changes, Some(&st.limits))
        .map(|e| e.bytes)
        .map_err(|e| {
            Failure::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                format!("That change cannot be made: {e}"),
            )
        })
}

/// The staged changes.
pub fn staged(rs: &RoundState) -> Vec<Change> {
    rs.staged
        .iter()
        .filter_map(|v| serde_json::from_value(v.clone()).ok())
        .collect()
}

/// Applies the staged changes (a new scenario) and re-solves against the plan on the table.
pub fn apply(st: &Arc<AppState>, id: &str, version: u64) -> Result<String, Failure> {
    let version = {
        let _g = st.write.lock().unwrap_or_else(|e| e.into_inner());
        let mut rs = at_version(st, id, version)?;
        let changes = staged(&rs);
        if changes.is_empty() {
            return Err(Failure::new(StatusCode::CONFLICT, "No changes are staged."));
        }
        let bytes = st.store.read(id, &rs.scenario).map_err(internal)?;
        let after = edited(st, &bytes, &changes)?;
        let (before, _) = engine::load(&bytes, &st.limits)
            .map_err(|_| internal("the round's scenario no longer validates".into()))?;
        rs.scenario = st
            .store
            .add_file(id, &mut rs, "scenario", &after)
            .map_err(internal)?;
        let words: Vec<String> = changes
            .iter()
            .map(|c| crate::edit::words::describe(c, &before))
            .collect();
        rs.label = Some(format!("Re-solve: {}", words.join("; ")));
        rs.staged.clear();
        st.store.save(id, &mut rs).map_err(internal)?;
        rs.version
    };
    solve(st, id, version)
}
