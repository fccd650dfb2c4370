//! The JSON API (docs/api.md): everything the pages do, for an authority's
//! own systems. Errors are `{"error": "...", "issues": [...]}` with a status
//! that says what happened (404 unknown id, 409 stale version or busy round,
//! 422 invalid round).

use super::actions::{self, Failure};
use super::{view, AppState};
use axum::body::Bytes;
use axum::extract::{Path, State};
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

/// `POST /api/rounds` with a scenario JSON body: 201 and the new round.
pub async fn create(State(st): St, body: Bytes) -> Result<Response, Failure> {
    let (id, warnings) = actions::create(&st, &body)?;
    let s = actions::round(&st, &id)?;
    let mut v = summary(&st, &id, &s);
    v["warnings"] = json!(warnings);
    Ok((StatusCode::CREATED, Json(v)).into_response())
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
    pub change: super::engine::Change,
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
