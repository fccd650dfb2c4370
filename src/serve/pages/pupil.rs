//! One child: the facts the panel uses, where the plan places them and why
//! (hard rules apart from preferences and costs), and the alternatives with
//! the other children each would move.

use super::{changes, decisions, failure_page, layout, row};
use crate::edit::Change;
use crate::report::Pack;
use crate::serve::actions::Failure;
use crate::serve::view::{self, View};
use crate::serve::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use maud::{html, Markup};
use std::sync::Arc;

fn ids(v: &View, ts: &[crate::scenario::Target]) -> String {
    if ts.is_empty() {
        return "none".into();
    }
    ts.iter()
        .map(|&t| v.sc.target_id(t))
        .collect::<Vec<_>>()
        .join(", ")
}

fn why(st: &AppState, v: &View, pack: &Pack, p: crate::scenario::PupilIdx) -> Markup {
    let Some(s) = pack.pupil_support(p) else {
        return html! { p.hint { "The explanation is being computed; reload in a moment." } };
    };
    html! {
        h2 { "Why this placement" }
        @for line in &s.explanation { p { (line) } }
        table {
            caption { "Costs of this placement (lower is better)" }
            thead { tr { th scope="col" { "Term" } th scope="col" { "Value" } } }
            tbody { @for c in &s.cost_terms { tr { td { (c.term) } td { (format!("{:.3}", c.value)) } } } }
        }
        h2 { "Alternatives" }
        @if s.alternatives.is_empty() { p { "No alternative placement is open to this child." } }
        table {
            caption { "Each alternative re-optimised: its cost to the whole plan and who else would move" }
            thead { tr { th scope="col" { "Place" } th scope="col" { "Extra cost" } th scope="col" { "Other children moved" } th scope="col" { "Change" } } }
            tbody { @for a in &s.alternatives { tr {
                td { (a.place.as_deref().unwrap_or("Unplaced")) }
                td { "+" (format!("{:.3}", a.increase)) }
                td { @if a.knock_on.is_empty() { "none" } @else {
                    @for m in &a.knock_on { (m.pupil) ": " (m.from.as_deref().unwrap_or("unplaced")) " → " (m.to.as_deref().unwrap_or("unplaced")) br; }
                } }
                td { @if let Some(place) = &a.place {
                    (changes::button(st, v, &Change::Pin { pupil: s.pupil.clone(), place: place.clone() }, &format!("Place at {place} instead")))
                } }
            } } }
        }
    }
}

/// `GET /rounds/{round}/pupils/{pupil}`.
pub async fn page(
    State(st): State<Arc<AppState>>,
    Path((round, pupil)): Path<(String, String)>,
) -> Response {
    let board = format!("/rounds/{round}");
    let v = match view::load(&st, &round) {
        Ok(v) => v,
        Err(f) => return failure_page(f, "/"),
    };
    let standing = crate::decisions::effective::standing(&v.log, &v.sc.name).unwrap_or_default();
    let decided = standing.iter().find(|s| s.entry.pupil == pupil);
    let Some(p) = v.sc.pupils.iter().position(|x| x.id == pupil) else {
        if let Some(d) = decided {
            let body = html! {
                p { a href=(board) { "Back to the round board" } }
                h1 { "Child " (d.entry.pupil) }
                p { "The panel's decision (entry " (d.seq) "): " (decisions::words(d)) ". Decided children are off the agenda of later re-solves." }
            };
            let title = format!("Child {}", d.entry.pupil);
            return Html(layout(&title, body).into_string()).into_response();
        }
        return failure_page(
            Failure::new(
                StatusCode::NOT_FOUND,
                "This round has no child with that id.",
            ),
            &board,
        );
    };
    let pu = &v.sc.pupils[p];
    let pack = v.plan.as_ref().and_then(|plan| Pack::new(&v.sc, plan).ok());
    let body = html! {
        p { a href=(board) { "Back to the round board" } }
        h1 { "Child " (pu.id) }
        dl.summary {
            (row("About", html! { (crate::report::pupil_line(&v.sc, p as u32)) }))
            (row("Preferences", html! { (ids(&v, &pu.preferences)) }))
            (row("Ruled out (hard rule)", html! { "excluded from: " (ids(&v, &pu.excluded_from)) "; avoid: " (ids(&v, &pu.avoid)) }))
            (row("Pinned by the panel", html! { (pu.pinned.map_or("no".into(), |t| v.sc.target_id(t).to_string())) }))
            @if let Some(pack) = &pack {
                (row("Placed at", html! { (pack.best()[p].map_or("Unplaced".into(), |t| pack.target_label(t))) }))
                (row("Flags", html! { (pack.flags(0, p as u32).join(", ")) }))
            }
        }
        @if let Some(pack) = &pack { (why(&st, &v, pack, p as u32)) }
        h2 { "Other changes" }
        div.actions {
            @if let Some(t) = pack.as_ref().and_then(|k| k.best()[p]) {
                (changes::button(&st, &v, &Change::Avoid { pupil: pu.id.clone(), place: v.sc.target_id(t).to_string() }, &format!("Rule out {} for this child", v.sc.target_id(t))))
            }
            @if pu.pinned.is_some() { (changes::button(&st, &v, &Change::Unpin { pupil: pu.id.clone() }, "Unpin")) }
            (changes::button(&st, &v, &Change::Withdraw { pupil: pu.id.clone() }, "Take out of this round (what if)"))
        }
        (changes::add_place(&st, &v, pu.year))
        h2 #decide { "The panel's decision" }
        @match (decided, &v.rs.next_round) {
            (Some(d), _) => p { "Recorded (entry " (d.seq) "): " (decisions::words(d)) "." }
            (None, Some(_)) => p { "The round is closed." }
            (None, None) => (decisions::form(&st, &v, &pu.id, pack.as_ref().and_then(|k| k.best()[p]).map(|t| v.sc.target_id(t)))),
        }
    };
    Html(layout(&format!("Child {}", pu.id), body).into_string()).into_response()
}
