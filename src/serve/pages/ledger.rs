//! The ledger page: "whose turn is it?" per school and year group, with the
//! round's decisions counted ([`crate::ledger::after_decisions`]), and the
//! year-end figures of the log ([`crate::ledger::year_end`]); the same as
//! downloads through the library's renderers.

use super::{failure_page, layout, row};
use crate::figures::num;
use crate::ledger::year_end::YearEnd;
use crate::ledger::{Ledger, PhaseLedger};
use crate::serve::actions::{internal, round, Failure};
use crate::serve::AppState;
use axum::extract::{Path, State};
use axum::response::{Html, IntoResponse, Response};
use maud::{html, Markup};
use std::sync::Arc;

/// The round's ledger (its decisions counted) and the year-end figures of its log.
pub fn figures(st: &AppState, id: &str) -> Result<(Ledger, YearEnd), Failure> {
    let rs = round(st, id)?;
    let bytes = st.store.read(id, &rs.scenario).map_err(internal)?;
    let written = crate::validate::written::load(&bytes, Some(&st.limits))
        .map_err(|_| internal("the round's scenario no longer validates".into()))?;
    let (_, log) = st.store.read_log(id).map_err(internal)?;
    let ledger = crate::ledger::after_decisions(&written, &log).map_err(internal)?;
    let year = crate::ledger::year_end::year_end(&[log]).map_err(|b| internal(b.to_string()))?;
    Ok((ledger, year))
}

fn count(v: Option<u32>) -> String {
    v.map_or("–".into(), |v| v.to_string())
}

fn phase(p: &PhaseLedger) -> Markup {
    html! {
        h2 { (p.phase[..1].to_uppercase()) (p.phase[1..]) " schools" }
        p { (p.admitted) " FAP pupils admitted this year; " (p.waiting) " of this round still to place (load " (num(p.waiting_load)) ")." }
        table.ledger {
            caption { "Whose turn is it? " (p.phase) " schools in turn order (furthest below fair share first)" }
            thead { tr {
                th scope="col" { "Turn" } th scope="col" { "School" }
                @for y in &p.years { th scope="col" { "Year " (y) } }
                th scope="col" { "Admitted" } th scope="col" { "Cap" } th scope="col" { "Left under cap" }
                th scope="col" { "Fair share" } th scope="col" { "Admitted ÷ share" }
            } }
            tbody { @for s in &p.schools { tr {
                td { @match s.turn { Some(t) => (t), None => { "none: " (s.no_turn.clone().unwrap_or_default()) } } }
                th scope="row" { (s.name.clone().map_or(s.school.clone(), |n| format!("{n} ({})", s.school))) }
                @for y in &s.by_year { td { (count(*y)) } }
                td { (s.admitted) } td { (count(s.cap)) } td { (count(s.left_under_cap)) }
                td { (s.share.map_or("–".into(), num)) } td { (s.ratio.map_or("–".into(), num)) }
            } } }
        }
    }
}

fn year_end(y: &YearEnd) -> Markup {
    let kinds: Vec<String> = y
        .decisions
        .iter()
        .map(|(k, n)| format!("{k} {n}"))
        .collect();
    let differed: Vec<String> = y.differed.iter().map(|(k, n)| format!("{k} {n}")).collect();
    html! {
        h2 #year-end { "Year-end figures so far" }
        dl.summary {
            (row("Rounds in the log", html! { (y.rounds.join(", ")) }))
            (row("Decisions", html! { @if kinds.is_empty() { "none yet" } @else { (kinds.join(", ")) } }))
            (row("Differed from the proposal, by reason", html! { @if differed.is_empty() { "none" } @else { (differed.join(", ")) } }))
            (row("Directed past a hard rule", html! { (y.overrides.values().sum::<u32>()) }))
            (row("Days out of education when placed", html! { "mean " (num(y.days.mean)) ", most " (num(y.days.max)) "; " (y.days.within_aim) " of " (y.days.placements) " placed within the 20-day aim" }))
        }
    }
}

/// `GET /rounds/{round}/ledger`.
pub async fn page(State(st): State<Arc<AppState>>, Path(id): Path<String>) -> Response {
    let board = format!("/rounds/{id}");
    let (ledger, year) = match figures(&st, &id) {
        Ok(x) => x,
        Err(f) => return failure_page(f, &board),
    };
    let body = html! {
        p { a href=(board) { "Back to the round board" } }
        h1 { "Ledger: " (ledger.round) }
        p.hint { "FAP pupils admitted this academic year, with this round's decisions counted, against each school's cap and fair share." }
        @for p in &ledger.phases { (phase(p)) }
        (year_end(&year))
        h2 { "Downloads" }
        ul { @for name in ["ledger.html", "ledger.csv", "year-end.html", "year-end.csv"] {
            li { a href={"/rounds/" (id) "/export/" (name)} download { (name) } }
        } }
    };
    Html(layout("Ledger", body).into_string()).into_response()
}
