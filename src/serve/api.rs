//! The JSON API (docs/api.md): everything the pages do, for an authority's
//! own systems. Errors are `{"error": "...", "issues": [...]}` with a status
//! that says what happened (404 unknown id, 409 stale version or busy round,
//! 422 invalid round).

use super::actions::{self, Failure};
use super::{view, AppState};
use axum::body::Bytes;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};
use std::convert::Infallible;
use std::sync::Arc;

type St = State<Arc<AppState>>;

impl IntoResponse for Failure {
    fn into_response(self) -> Response {
        let body = json!({ "error": self.message, "issues": self.issues });
        (self.status, Json(body)).into_response()
    }
}

/// A body that names the round version it was made against.
#[derive(Debug, Deserialize)]
pub struct Versioned {
    /// The round's `version` as last read.
    pub version: u64,
}

/// `GET /api/session`: the CSRF token to send as `X-CSRF-Token`.
pub async fn session(State(st): St) -> Json<Value> {
    Json(json!({ "csrf": st.csrf }))
}

/// `GET /api/rounds`.
pub async fn rounds(State(st): St) -> Json<Value> {
    let list: Vec<Value> = st
        .store
        .rounds()
        .iter()
        .filter_map(|r| st.store.load(r).map(|s| summary(&st, r, &s)))
        .collect();
    Json(json!({ "rounds": list }))
}

fn summary(st: &AppState, id: &str, s: &super::store::RoundState) -> Value {
    let plans: Vec<Value> = s
        .plans
        .iter()
        .enumerate()
        .map(|(i, p)| json!({"number": i + 1, "label": p.label, "re_solved_against": p.reference.map(|r| r + 1), "alternatives_ready": p.support.is_some()}))
        .collect();
    json!({
        "round": id, "name": s.name, "version": s.version,
        "plan_on_the_table": s.current.map(|c| c + 1), "plans": plans,
        "staged_changes": s.staged, "next_round": s.next_round,
        "latest_job": st.jobs.latest(id),
    })
}

/// `POST /api/rounds` with a scenario JSON or workbook (`.xlsx`/`.ods`)
/// body: 201 and the new round.
pub async fn create(State(st): St, body: Bytes) -> Result<Response, Failure> {
    let made = actions::create(&st, &body)?;
    created(&st, made)
}

fn created(
    st: &AppState,
    (id, warnings): (String, Vec<crate::scenario::Issue>),
) -> Result<Response, Failure> {
    let s = actions::round(st, &id)?;
    let mut v = summary(st, &id, &s);
    v["warnings"] = json!(warnings);
    Ok((StatusCode::CREATED, Json(v)).into_response())
}

/// `POST /api/rounds/bundle`, multipart with parts `pupils`, `schools`,
/// `places`, `ap`, `policy`, `meta` (a CSV bundle): 201 and the new round.
pub async fn bundle(State(st): St, form: Multipart) -> Result<Response, Failure> {
    let parts = super::pages::home::parts(form).await?;
    let made = actions::create_bundle(&st, &parts)?;
    created(&st, made)
}

/// `GET /api/rounds/{round}`.
pub async fn round(State(st): St, Path(id): Path<String>) -> Result<Json<Value>, Failure> {
    let s = actions::round(&st, &id)?;
    Ok(Json(summary(&st, &id, &s)))
}

/// `POST /api/rounds/{round}/solve` `{"version": N}`: 202 and the job.
pub async fn solve(
    State(st): St,
    Path(id): Path<String>,
    Json(v): Json<Versioned>,
) -> Result<Response, Failure> {
    let job = actions::solve(&st, &id, v.version)?;
    Ok(accepted(&job))
}

fn accepted(job: &str) -> Response {
    let body = json!({ "job": job, "status": format!("/api/jobs/{job}"), "events": format!("/api/jobs/{job}/events") });
    (StatusCode::ACCEPTED, Json(body)).into_response()
}

/// `POST /api/rounds/{round}/undo` `{"version": N}`.
pub async fn undo(
    State(st): St,
    Path(id): Path<String>,
    Json(v): Json<Versioned>,
) -> Result<Json<Value>, Failure> {
    let version = actions::undo(&st, &id, v.version)?;
    Ok(Json(json!({ "version": version })))
}

fn no_job() -> Failure {
    Failure::new(
        StatusCode::NOT_FOUND,
        "no such job (finished jobs are kept for a while only)",
    )
}

/// `GET /api/jobs/{job}`.
pub async fn job(State(st): St, Path(id): Path<String>) -> Result<Json<Value>, Failure> {
    let rx = st.jobs.watch(&id).ok_or_else(no_job)?;
    let snap = rx.borrow().clone();
    Ok(Json(json!(snap)))
}

/// `DELETE /api/jobs/{job}`: cancel.
pub async fn cancel(State(st): St, Path(id): Path<String>) -> Result<Json<Value>, Failure> {
    st.jobs
        .cancel(&id)
        .map(|s| Json(json!(s)))
        .ok_or_else(no_job)
}

/// `GET /api/jobs/{job}/events`: Server-Sent Events, the job's snapshot
/// first, then each change, ending once it has finished.
pub async fn events(State(st): St, Path(id): Path<String>) -> Result<Response, Failure> {
    let rx = st.jobs.watch(&id).ok_or_else(no_job)?;
    let stream =
        futures_util::stream::unfold((rx, true, false), |(mut rx, first, done)| async move {
            if done || (!first && rx.changed().await.is_err()) {
                return None;
            }
            let snap = rx.borrow_and_update().clone();
            let finished = snap.finished();
            let ev = Event::default().event("status").json_data(&snap).ok()?;
            Some((Ok::<_, Infallible>(ev), (rx, false, finished)))
        });
    Ok(Sse::new(stream)
        .keep_alive(KeepAlive::default())
        .into_response())
}

/// `GET /api/rounds/{round}/plans/{n}`: plan `n` (1-based) as `fap solve` writes it.
pub async fn plan(
    State(st): St,
    Path((id, n)): Path<(String, usize)>,
) -> Result<Response, Failure> {
    let s = actions::round(&st, &id)?;
    let e = n
        .checked_sub(1)
        .and_then(|i| s.plans.get(i))
        .ok_or_else(|| Failure::new(StatusCode::NOT_FOUND, "no such plan"))?;
    let bytes = st
        .store
        .read(&id, &e.plan)
        .map_err(|e| Failure::new(StatusCode::INTERNAL_SERVER_ERROR, e))?;
    Ok(([(header::CONTENT_TYPE, "application/json")], bytes).into_response())
}

/// `GET /api/rounds/{round}/plan`: the plan on the table with its decision support.
pub async fn current(State(st): St, Path(id): Path<String>) -> Result<Json<Value>, Failure> {
    let v = view::load(&st, &id)?;
    let plan = v
        .plan
        .ok_or_else(|| Failure::new(StatusCode::NOT_FOUND, "the round has not been solved yet"))?;
    Ok(Json(json!(plan)))
}

/// A staged change with the round version it was made against.
#[derive(Debug, Deserialize)]
pub struct Staged {
    /// The round's `version` as last read.
    pub version: u64,
    /// The change.
    #[serde(flatten)]
    pub change: crate::edit::Change,
}

/// `POST /api/rounds/{round}/changes` `{"version", "kind", "pupil", "place"}`: stage a change.
pub async fn stage(
    State(st): St,
    Path(id): Path<String>,
    Json(c): Json<Staged>,
) -> Result<Json<Value>, Failure> {
    let version = actions::stage(&st, &id, c.version, c.change)?;
    Ok(Json(json!({ "version": version })))
}

/// `POST /api/rounds/{round}/apply` `{"version": N}`: apply the staged changes
/// and re-solve against the plan on the table; 202 and the job.
pub async fn apply(
    State(st): St,
    Path(id): Path<String>,
    Json(v): Json<Versioned>,
) -> Result<Response, Failure> {
    let job = actions::apply(&st, &id, v.version)?;
    Ok(accepted(&job))
}

/// A decision with the round version it was made against.
#[derive(Debug, Deserialize)]
pub struct Decided {
    /// The round's `version` as last read.
    pub version: u64,
    /// The decision.
    #[serde(flatten)]
    pub ask: super::decisions::Ask,
}

/// `POST /api/rounds/{round}/decisions` `{"version", "pupil", "decision", "place",
/// "reason", "override", "date"}`: record one decision in the log.
pub async fn decide(
    State(st): St,
    Path(id): Path<String>,
    Json(d): Json<Decided>,
) -> Result<Json<Value>, Failure> {
    let version = super::decisions::record(&st, &id, d.version, &d.ask)?;
    Ok(Json(json!({ "version": version })))
}

/// `{"version", "date"}`.
#[derive(Debug, Deserialize)]
pub struct Dated {
    /// The round's `version` as last read.
    pub version: u64,
    /// The meeting date (default today).
    #[serde(default)]
    pub date: Option<String>,
}

/// `POST /api/rounds/{round}/decisions/agree` `{"version", "date"}`: agree the
/// plan on the table for every child without a decision.
pub async fn agree(
    State(st): St,
    Path(id): Path<String>,
    Json(d): Json<Dated>,
) -> Result<Json<Value>, Failure> {
    let version = super::decisions::agree_all(&st, &id, d.version, d.date.as_deref())?;
    Ok(Json(json!({ "version": version })))
}

/// `GET /api/rounds/{round}/decisions`: the log's entries (verified, notes
/// left out) and head.
pub async fn decisions(State(st): St, Path(id): Path<String>) -> Result<Json<Value>, Failure> {
    actions::round(&st, &id)?;
    let (_, log) = st.store.read_log(&id).map_err(actions::internal)?;
    // Free text is stored, never shown (it may hold names): the download has it.
    let entries: Vec<_> = log
        .entries
        .into_iter()
        .map(|e| crate::decisions::Entry { note: None, ..e })
        .collect();
    Ok(Json(json!({ "entries": entries, "head": log.head })))
}

/// `{"version", "name", "school_days"}`.
#[derive(Debug, Deserialize)]
pub struct Closing {
    /// The round's `version` as last read.
    pub version: u64,
    /// The next round.
    #[serde(flatten)]
    pub close: super::decisions::Close,
}

/// `POST /api/rounds/{round}/close`: roll forward to the next round; 201 and its id.
pub async fn close(
    State(st): St,
    Path(id): Path<String>,
    Json(c): Json<Closing>,
) -> Result<Response, Failure> {
    let next = super::decisions::close(&st, &id, c.version, &c.close)?;
    let s = actions::round(&st, &next)?;
    Ok((StatusCode::CREATED, Json(summary(&st, &next, &s))).into_response())
}

/// `GET /api/rounds/{round}/compare?plans=1,2,3`: plans side by side.
pub async fn compare(
    State(st): St,
    Path(id): Path<String>,
    Query(q): Query<std::collections::HashMap<String, String>>,
) -> Result<Json<Value>, Failure> {
    let rs = actions::round(&st, &id)?;
    let plans = super::compare::which(&rs, q.get("plans").map(String::as_str))?;
    Ok(Json(json!(super::compare::compare(&st, &id, &plans)?)))
}

/// `GET /api/rounds/{round}/ledger`: whose turn per school and year group
/// (this round's decisions counted) and the year-end figures of the log.
pub async fn ledger(State(st): St, Path(id): Path<String>) -> Result<Json<Value>, Failure> {
    let (ledger, year_end) = super::pages::ledger::figures(&st, &id)?;
    Ok(Json(json!({ "ledger": ledger, "year_end": year_end })))
}
