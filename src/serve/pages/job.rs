//! A solve's progress: the server's snapshot, kept current by the script
//! (Server-Sent Events) or by reloading; cancel.

use super::{action, after, failure_page, layout};
use crate::serve::actions::Failure;
use crate::serve::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use maud::html;
use std::sync::Arc;

fn gone() -> Failure {
    Failure::new(
        StatusCode::NOT_FOUND,
        "No such solve (finished solves are kept for a while only).",
    )
}

/// `GET /rounds/{round}/jobs/{job}`.
pub async fn page(
    State(st): State<Arc<AppState>>,
    Path((round, job)): Path<(String, String)>,
) -> Response {
    let board = format!("/rounds/{round}");
    let Some(snap) = st
        .jobs
        .watch(&job)
        .map(|rx| rx.borrow().clone())
        .filter(|s| s.round == round)
    else {
        return failure_page(gone(), &board);
    };
    let body = html! {
        h1 { "Solving" }
        div #job data-events={"/api/jobs/" (job) "/events"} data-board=(board) {
            p #job-status role="status" aria-live="polite" {
                @if snap.finished() { (snap.message.clone().unwrap_or_default()) }
                @else { "Working: " (snap.stage) " (" (snap.elapsed_s) " s)." }
            }
        }
        @if !snap.finished() {
            form method="post" action=(action(&st, &format!("/rounds/{round}/jobs/{job}/cancel"))) {
                button.button.secondary type="submit" { "Cancel this solve" }
            }
            p.hint { "Reload this page to see the latest status if it does not update by itself." }
        }
        p { a href=(board) { "Back to the round board" } }
    };
    Html(layout("Solving", body).into_string()).into_response()
}

/// `POST /rounds/{round}/jobs/{job}/cancel`.
pub async fn cancel(
    State(st): State<Arc<AppState>>,
    Path((round, job)): Path<(String, String)>,
) -> Response {
    let r = st
        .jobs
        .cancel(&job)
        .map(|_| format!("/rounds/{round}/jobs/{job}"))
        .ok_or_else(gone);
    after(r, &format!("/rounds/{round}"))
}
