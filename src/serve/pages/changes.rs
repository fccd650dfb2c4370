//! Staging changes and applying them: the forms on a child's page stage a
//! change; the board lists the staged ones, applies them together (one
//! re-solve against the plan on the table) and shows who moved.

use super::board::VersionForm;
use super::{action, after};
use crate::serve::engine::Change;
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

/// A button that stages one change.
pub fn button(st: &AppState, v: &View, change: &Change, label: &str) -> Markup {
    html! {
        form.inline method="post" action=(action(st, &format!("/rounds/{}/changes", v.id))) {
            input type="hidden" name="version" value=(v.rs.version);
            input type="hidden" name="kind" value=(change.kind);
            input type="hidden" name="pupil" value=(change.pupil);
            @if let Some(p) = &change.place { input type="hidden" name="place" value=(p); }
            button.button.secondary type="submit" { (label) }
        }
    }
}

/// The staged changes and the apply button; who moved in the plan on the table.
pub fn section(st: &AppState, v: &View) -> Markup {
    let changes = actions::staged(&v.rs);
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
        h2 #changes { "Staged changes" }
        @if changes.is_empty() { p.hint { "None. Open a child to pin, rule out a school or withdraw." } }
        @else {
            ul { @for c in &changes { li { (c.describe()) } } }
            form method="post" action=(action(st, &format!("/rounds/{}/apply", v.id))) {
                input type="hidden" name="version" value=(v.rs.version);
                button.button type="submit" { "Apply changes and re-solve" }
            }
        }
    }
}
