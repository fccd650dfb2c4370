//! Staging changes and applying them: the forms on a child's page stage a
//! change; the board lists the staged ones, applies them together (one
//! re-solve against the plan on the table) and shows who moved.

use super::board::VersionForm;
use super::{action, after};
use crate::edit::Change;
use crate::serve::view::View;
use crate::serve::{actions, AppState};
use axum::extract::{Path, State};
use axum::response::Response;
use axum::Form;
use maud::{html, Markup};
use serde::Deserialize;
use std::sync::Arc;

/// The stage form.
#[derive(Deserialize)]
pub struct StageForm {
    /// The round's version as shown.
    pub version: u64,
    /// The change.
    #[serde(flatten)]
    pub change: Change,
}

/// `POST /rounds/{round}/changes`.
pub async fn stage(
    State(st): State<Arc<AppState>>,
    Path(id): Path<String>,
    Form(f): Form<StageForm>,
) -> Response {
    let r = actions::stage(&st, &id, f.version, f.change).map(|_| format!("/rounds/{id}#changes"));
    after(r, &format!("/rounds/{id}"))
}

/// `POST /rounds/{round}/apply`.
pub async fn apply(
    State(st): State<Arc<AppState>>,
    Path(id): Path<String>,
    Form(f): Form<VersionForm>,
) -> Response {
    let r = actions::apply(&st, &id, f.version).map(|j| format!("/rounds/{id}/jobs/{j}"));
    after(r, &format!("/rounds/{id}"))
}

/// The change's fields (`kind`, `pupil`, `place`, `year`) as hidden inputs.
pub fn fields(change: &Change) -> Markup {
    let value = serde_json::to_value(change).unwrap_or_default();
    let fields: Vec<(String, String)> = value
        .as_object()
        .into_iter()
        .flatten()
        .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_string())))
        .collect();
    html! { @for (k, v) in &fields { input type="hidden" name=(k) value=(v); } }
}

/// A button that stages one change.
pub fn button(st: &AppState, v: &View, change: &Change, label: &str) -> Markup {
    html! {
        form.inline method="post" action=(action(st, &format!("/rounds/{}/changes", v.id))) {
            input type="hidden" name="version" value=(v.rs.version);
            (fields(change))
            button.button.secondary type="submit" { (label) }
        }
    }
}

/// "One more free place" at a school of the child's year group.
pub fn add_place(st: &AppState, v: &View, year: crate::scenario::YearGroup) -> Markup {
    html! {
        form method="post" action=(action(st, &format!("/rounds/{}/changes", v.id))) {
            input type="hidden" name="version" value=(v.rs.version);
            input type="hidden" name="kind" value="add_place";
            input type="hidden" name="year" value=(year);
            div.field {
                label for="add-place" { "Add a free place in Year " (year) " at" }
                select #add-place name="place" {
                    @for s in v.sc.schools.iter().filter(|s| s.teaches(year)) {
                        option value=(s.id) { (crate::edit::words::place_name(&v.sc, &s.id)) }
                    }
                }
            }
            button.button.secondary type="submit" { "Stage: one more free place" }
        }
    }
}

/// Who moved in the plan on the table, against the plan it was re-solved against.
pub fn moved(v: &View) -> Markup {
    let moves = v
        .plan
        .as_ref()
        .and_then(|p| p.proposals.first())
        .and_then(|p| p.moves.as_ref());
    let previous = v.rs.current_plan().and_then(|e| e.reference);
    html! {
        @if let (Some(m), Some(prev)) = (moves, previous) {
            div.notice #moved {
                h2 { "What changed since plan " (prev + 1) }
                p { (m.pupils_moved) " child" @if m.pupils_moved != 1 { "ren" } " moved (move cost " (format!("{:.2}", m.move_cost)) "): "
                    @if m.moved.is_empty() { "nobody else moved." } @else { (m.moved.join(", ")) } }
            }
        }
    }
}

/// The staged changes and the apply button.
pub fn section(st: &AppState, v: &View) -> Markup {
    let changes = actions::staged(&v.rs);
    html! {
        h2 #changes { "Staged changes" }
        @if changes.is_empty() { p.hint { "None. Open a child to pin, rule out a school, add a place or take a child out." } }
        @else {
            ul { @for c in &changes { li { (crate::edit::words::describe(c, &v.sc)) } } }
            form method="post" action=(action(st, &format!("/rounds/{}/apply", v.id))) {
                input type="hidden" name="version" value=(v.rs.version);
                button.button type="submit" { "Apply changes and re-solve" }
            }
        }
    }
}
