//! The start page: the rounds in the data directory, and the upload forms
//! (a round file: scenario JSON or workbook; or a CSV bundle). Problems are
//! shown the GOV.UK way: an error summary linking to each field, and every
//! problem again at its field.

use super::{action, layout};
use crate::scenario::Issue;
use crate::serve::actions::Failure;
use crate::serve::upload::{field_of, BUNDLE};
use crate::serve::{actions, AppState};
use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use maud::{html, Markup};
use std::sync::Arc;

/// A problem with the upload: the field it belongs to, the message, a hint.
struct Problem {
    field: &'static str,
    message: String,
    hint: Option<String>,
}

fn summary(problems: &[Problem]) -> Markup {
    html! {
        div.error-summary role="alert" tabindex="-1" aria-labelledby="error-summary-title" {
            h2 #error-summary-title { "There is a problem with the round" }
            ul { @for p in problems { li {
                a href={"#" (p.field)} { (p.message) }
                @if let Some(h) = &p.hint { br; span.hint { "Hint: " (h) } }
            } } }
        }
    }
}

/// A file field with its hint and, when there are any, its errors.
fn file_field(
    id: &str,
    label: &str,
    hint: &str,
    accept: &str,
    problems: &[Problem],
    required: bool,
) -> Markup {
    let mine: Vec<&Problem> = problems.iter().filter(|p| p.field == id).collect();
    let described = if mine.is_empty() {
        format!("{id}-hint")
    } else {
        format!("{id}-hint {id}-error")
    };
    html! {
        div class={"field" @if !mine.is_empty() { " field-error" }} {
            label for=(id) { (label) }
            p.hint id={(id) "-hint"} { (hint) }
            @if !mine.is_empty() {
                div.error-message id={(id) "-error"} {
                    span.visually-hidden { "Error: " }
                    ul { @for p in &mine { li { (p.message) } } }
                }
            }
            input id=(id) type="file" name=(id) accept=(accept) aria-describedby=(described) required[required];
        }
    }
}

fn home(st: &AppState, problems: &[Problem]) -> Markup {
    let rounds: Vec<(String, String)> = st
        .store
        .rounds()
        .into_iter()
        .filter_map(|r| st.store.load(&r).map(|s| (r, s.name)))
        .collect();
    let body = html! {
        @if !problems.is_empty() { (summary(problems)) }
        h1 { "Panel rounds" }
        @if rounds.is_empty() { p { "No rounds yet. Upload one below." } }
        @else {
            ul.rounds { @for (id, name) in &rounds { li { a href={"/rounds/" (id)} { (name) } " (" (id) ")" } } }
        }
        h2 { "Upload a round" }
        form method="post" action=(action(st, "/rounds")) enctype="multipart/form-data" {
            (file_field("scenario", "Round file", "A scenario file (fap-scenario/1 JSON) or the round's workbook (.xlsx or .ods, as fap template writes it). Every problem is listed at once.", ".json,.xlsx,.ods,application/json", problems, true))
            button.button type="submit" { "Upload round" }
        }
        h2 { "Or upload a CSV bundle" }
        form method="post" action=(action(st, "/rounds")) enctype="multipart/form-data" {
            @for (field, file) in BUNDLE {
                @let hint = if field == "pupils" { "Required: one row per child (docs/import.md)." } else if field == "schools" || field == "places" { "Required unless the workbook or register gives schools." } else { "Optional." };
                (file_field(field, file, hint, if file.ends_with(".json") { ".json" } else { ".csv,text/csv" }, problems, field == "pupils"))
            }
            button.button type="submit" { "Upload bundle" }
        }
    };
    layout("Panel rounds", body)
}

/// `GET /`.
pub async fn page(State(st): State<Arc<AppState>>) -> Html<String> {
    Html(home(&st, &[]).into_string())
}

fn problem(i: &Issue) -> Problem {
    let at = if i.path.is_empty() {
        "the file".to_string()
    } else {
        i.path.clone()
    };
    Problem {
        field: field_of(i),
        message: format!("{at}: {}", i.message),
        hint: i.hint.clone(),
    }
}

/// A multipart form's non-empty parts, by field name; a body over the
/// upload limit (413) or a malformed one (400) is refused whole.
pub async fn parts(mut form: Multipart) -> Result<Vec<(String, Vec<u8>)>, Failure> {
    let refused =
        |e: axum::extract::multipart::MultipartError| Failure::new(e.status(), e.body_text());
    let mut parts: Vec<(String, Vec<u8>)> = Vec::new();
    while let Some(field) = form.next_field().await.map_err(refused)? {
        let name = field.name().unwrap_or_default().to_string();
        let b = field.bytes().await.map_err(refused)?;
        if !b.is_empty() {
            parts.push((name, b.to_vec()));
        }
    }
    Ok(parts)
}

/// `POST /rounds` (multipart: `scenario`, or the bundle's parts).
pub async fn upload(State(st): State<Arc<AppState>>, form: Multipart) -> Response {
    let parts = match parts(form).await {
        Ok(p) => p,
        Err(f) => return super::failure_page(f, "/"),
    };
    let scenario = parts.iter().find(|(n, _)| n == "scenario");
    let result = match scenario {
        Some((_, bytes)) => actions::create(&st, bytes),
        None if parts
            .iter()
            .any(|(n, _)| BUNDLE.iter().any(|(f, _)| f == n)) =>
        {
            actions::create_bundle(&st, &parts)
        }
        None => {
            let p = Problem {
                field: "scenario",
                message: "Choose a round file or the files of a CSV bundle to upload.".into(),
                hint: None,
            };
            let page = home(&st, &[p]).into_string();
            return (StatusCode::BAD_REQUEST, Html(page)).into_response();
        }
    };
    match result {
        Ok((id, _)) => Redirect::to(&format!("/rounds/{id}")).into_response(),
        Err(f) => {
            let mut problems: Vec<Problem> = f.issues.iter().map(problem).collect();
            if problems.is_empty() {
                problems.push(Problem {
                    field: "scenario",
                    message: f.message,
                    hint: None,
                });
            }
            (f.status, Html(home(&st, &problems).into_string())).into_response()
        }
    }
}
