//! The HTML pages (server-rendered with maud, GOV.UK Design System patterns,
//! the embedded stylesheet, no inline script or style) and the form posts
//! behind them. A form post acts through [`super::actions`] and redirects
//! (303) to the page showing the result, or shows what went wrong.

pub mod board;
pub mod changes;
pub mod compare;
pub mod decisions;
pub mod export;
pub mod home;
pub mod job;
pub mod ledger;
pub mod pupil;

use super::actions::Failure;
use super::AppState;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use maud::{html, Markup, DOCTYPE};

/// A whole page around `body`.
pub fn layout(title: &str, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en-GB" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " – fap" }
                link rel="icon" href="data:,";
                link rel="stylesheet" href="/assets/app.css";
                script src="/assets/app.js" defer {}
            }
            body {
                a.skip href="#main" { "Skip to main content" }
                header.site { div.wrap { a.brand href="/" { "fap" } " " span { "Fair Access Panel" } } }
                main #main .wrap { (body) }
                footer.site { div.wrap { "Pupil ids only: fap never shows names or addresses." } }
            }
        }
    }
}

/// A form's action URL, carrying the CSRF token.
pub fn action(st: &AppState, path: &str) -> String {
    format!("{path}?csrf={}", st.csrf)
}

/// The GOV.UK error summary: every problem at once, each with its hint.
pub fn error_summary(title: &str, items: &[(String, Option<String>)]) -> Markup {
    html! {
        div.error-summary role="alert" tabindex="-1" aria-labelledby="error-summary-title" {
            h2 #error-summary-title { (title) }
            ul { @for (msg, hint) in items { li { (msg) @if let Some(h) = hint { br; span.hint { "Hint: " (h) } } } } }
        }
    }
}

/// A refused action as a page.
pub fn failure_page(f: Failure, back: &str) -> Response {
    let body = html! {
        h1 { "That could not be done" }
        (error_summary("There is a problem", &[(f.message.clone(), None)]))
        p { a href=(back) { "Go back" } }
    };
    (f.status, Html(layout("Problem", body).into_string())).into_response()
}

/// A form post's result: the page to go to, or the failure shown.
pub fn after(result: Result<String, Failure>, back: &str) -> Response {
    match result {
        Ok(to) => Redirect::to(&to).into_response(),
        Err(f) => failure_page(f, back),
    }
}

/// Any unknown URL.
pub async fn not_found() -> Response {
    failure_page(
        Failure::new(StatusCode::NOT_FOUND, "There is no page at this address."),
        "/",
    )
}

/// A summary-list row.
pub fn row(key: &str, value: Markup) -> Markup {
    html! { div.row { dt { (key) } dd { (value) } } }
}
