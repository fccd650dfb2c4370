//! The compare page: two or three plans side by side, changed children
//! first and marked in words as well as colour.

use super::{failure_page, layout};
use crate::serve::compare::{compare, which, Comparison};
use crate::serve::{actions, AppState};
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Response};
use maud::{html, Markup};
use std::collections::HashMap;
use std::sync::Arc;

fn chooser(id: &str, total: usize, c: &Comparison) -> Markup {
    html! {
        form.compare-choose method="get" action={"/rounds/" (id) "/compare"} {
            @for (i, name) in ["a", "b", "c"].iter().enumerate() {
                div.field {
                    label for={"plan-" (name)} { "Plan " (i + 1) @if i == 2 { " (optional)" } }
                    select id={"plan-" (name)} name=(name) {
                        @if i == 2 { option value="" { "None" } }
                        @for k in 1..=total { option value=(k) selected[c.plans.get(i) == Some(&k)] { "Plan " (k) } }
                    }
                }
            }
            button.button.secondary type="submit" { "Compare" }
        }
    }
}

fn table(c: &Comparison) -> Markup {
    html! {
        table.compare {
            caption { (c.changed) " of " (c.lines.len()) " children differ between the plans (changed children first)" }
            thead { tr {
                th scope="col" { "Child" }
                @for (k, label) in c.plans.iter().zip(&c.labels) { th scope="col" { "Plan " (k) br; span.hint { (label) } } }
                th scope="col" { "Changed" }
            } }
            tbody { @for l in &c.lines {
                tr class=[l.changed.then_some("changed")] {
                    th scope="row" { (l.pupil) }
                    @for p in &l.places {
                        @let text = p.clone().unwrap_or_else(|| "not on this plan".into());
                        td { @if l.changed && p != &l.places[0] { strong { (text) } } @else { (text) } }
                    }
                    td { @if l.changed { "Yes" } @else { "No" } }
                }
            } }
        }
    }
}

/// `GET /rounds/{round}/compare?a=1&b=2&c=3`.
pub async fn page(
    State(st): State<Arc<AppState>>,
    Path(id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let board = format!("/rounds/{id}");
    let asked: Vec<&str> = ["a", "b", "c"]
        .iter()
        .filter_map(|k| q.get(*k).map(String::as_str).filter(|v| !v.is_empty()))
        .collect();
    let result = actions::round(&st, &id).and_then(|rs| {
        let plans = which(&rs, Some(&asked.join(",")))?;
        Ok((rs.plans.len(), compare(&st, &id, &plans)?))
    });
    let (total, c) = match result {
        Ok(x) => x,
        Err(f) => return failure_page(f, &board),
    };
    let body = html! {
        p { a href=(board) { "Back to the round board" } }
        h1 { "Compare plans" }
        (chooser(&id, total, &c))
        (table(&c))
    };
    Html(layout("Compare plans", body).into_string()).into_response()
}
