//! The start page: the rounds in the data directory, and the upload form.

use super::{action, error_summary, layout};
use crate::serve::{actions, AppState};
use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use maud::{html, Markup};
use std::sync::Arc;

fn home(st: &AppState, problems: Option<Markup>) -> Markup {
    let rounds: Vec<(String, String)> = st
        .store
        .rounds()
        .into_iter()
        .filter_map(|r| st.store.load(&r).map(|s| (r, s.name)))
        .collect();
    let body = html! {
        @if let Some(p) = problems { (p) }
        h1 { "Panel rounds" }
        @if rounds.is_empty() { p { "No rounds yet. Upload one below." } }
        @else {
            ul.rounds { @for (id, name) in &rounds { li { a href={"/rounds/" (id)} { (name) } " (" (id) ")" } } }
        }
        h2 { "Upload a round" }
        form method="post" action=(action(st, "/rounds")) enctype="multipart/form-data" {
            div.field {
                label for="scenario" { "Round file" }
                p.hint #scenario-hint { "A scenario file (fap-scenario/1 JSON). Every problem is listed at once." }
                input #scenario type="file" name="scenario" accept=".json,application/json" aria-describedby="scenario-hint" required;
            }
            button.button type="submit" { "Upload round" }
        }
    };
    layout("Panel rounds", body)
}

/// `GET /`.
pub async fn page(State(st): State<Arc<AppState>>) -> Html<String> {
    Html(home(&st, None).into_string())
}

/// `POST /rounds` (multipart, field `scenario`).
pub async fn upload(State(st): State<Arc<AppState>>, mut form: Multipart) -> Response {
    let mut bytes = None;
    while let Ok(Some(field)) = form.next_field().await {
        if field.name() == Some("scenario") {
            bytes = field.bytes().await.ok();
        }
    }
    let problems = |status: StatusCode, items: Vec<(String, Option<String>)>| {
        let p = error_summary("There is a problem with the round file", &items);
        (status, Html(home(&st, Some(p)).into_string())).into_response()
    };
    let Some(bytes) = bytes.filter(|b| !b.is_empty()) else {
        return problems(
            StatusCode::BAD_REQUEST,
            vec![("Choose a round file to upload.".into(), None)],
        );
    };
    match actions::create(&st, &bytes) {
        Ok((id, _)) => Redirect::to(&format!("/rounds/{id}")).into_response(),
        Err(f) if f.issues.is_empty() => problems(f.status, vec![(f.message, None)]),
        Err(f) => {
            let items = f
                .issues
                .iter()
                .map(|i| {
                    let at = if i.path.is_empty() {
                        "the file".to_string()
                    } else {
                        i.path.clone()
                    };
                    (format!("{at}: {}", i.message), i.hint.clone())
                })
                .collect();
            problems(f.status, items)
        }
    }
}
