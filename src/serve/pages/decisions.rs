//! Recording decisions and closing the round: the decision form on a child's
//! page, the board's list of what the panel decided (with "agree the plan for
//! everyone left" and the close-the-round form), and the posts behind them.

use super::{action, after, row};
use crate::decisions::effective::Standing;
use crate::decisions::Reason;
use crate::serve::api::Decided;
use crate::serve::decisions::{self as decide, Close};
use crate::serve::view::View;
use crate::serve::AppState;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::Form;
use maud::{html, Markup};
use serde::Deserialize;
use std::sync::Arc;

/// `POST /rounds/{round}/decisions`.
pub async fn record(
    State(st): State<Arc<AppState>>,
    Path(id): Path<String>,
    Form(f): Form<Decided>,
) -> Response {
    let back = format!("/rounds/{id}/pupils/{}", f.ask.pupil);
    let r = decide::record(&st, &id, f.version, &f.ask).map(|_| format!("/rounds/{id}#decisions"));
    after(r, &back)
}

/// The agree-all and close forms' fields.
#[derive(Deserialize)]
pub struct RoundForm {
    /// The round's version as shown.
    pub version: u64,
    /// Meeting date (agree).
    #[serde(default)]
    pub date: Option<String>,
    /// Next round's name (close).
    #[serde(default)]
    pub name: String,
    /// School days until the next meeting (close).
    #[serde(default)]
    pub school_days: Option<f64>,
}

/// `POST /rounds/{round}/agree`.
pub async fn agree(
    State(st): State<Arc<AppState>>,
    Path(id): Path<String>,
    Form(f): Form<RoundForm>,
) -> Response {
    let r = decide::agree_all(&st, &id, f.version, f.date.as_deref())
        .map(|_| format!("/rounds/{id}#decisions"));
    after(r, &format!("/rounds/{id}"))
}

/// `POST /rounds/{round}/close`: on to the next round's board.
pub async fn close(
    State(st): State<Arc<AppState>>,
    Path(id): Path<String>,
    Form(f): Form<RoundForm>,
) -> Response {
    let c = Close {
        name: f.name,
        school_days: f.school_days.unwrap_or(f64::NAN),
    };
    let r = decide::close(&st, &id, f.version, &c).map(|next| format!("/rounds/{next}"));
    after(r, &format!("/rounds/{id}"))
}

fn date_field() -> Markup {
    html! {
        div.field {
            label for="date" { "Meeting date" }
            input #date type="date" name="date" value=(decide::today()) required;
        }
    }
}

/// The decision form for one child: agree the proposal, choose another
/// place (with an override past a hard rule), defer or withdraw.
pub fn form(st: &AppState, v: &View, pupil: &str, proposal: Option<&str>) -> Markup {
    let places: Vec<&str> =
        v.sc.schools
            .iter()
            .map(|s| s.id.as_str())
            .chain(v.sc.aps.iter().map(|a| a.id.as_str()))
            .collect();
    let agree = match proposal {
        Some(p) => format!("Agree: place at {p}, as the plan proposes"),
        None => "Agree: the plan leaves this child unplaced (deferred)".to_string(),
    };
    html! {
        form method="post" action=(action(st, &format!("/rounds/{}/decisions", v.id))) {
            input type="hidden" name="version" value=(v.rs.version);
            input type="hidden" name="pupil" value=(pupil);
            fieldset.radios {
                legend { "What did the panel decide?" }
                @for (value, label, checked) in [("agree", agree.as_str(), true), ("place", "Place at another school or AP provider (choose below)", false), ("defer", "Defer to a later round", false), ("withdraw", "Withdraw (left the authority, place found elsewhere …)", false)] {
                    div.radio {
                        input id={"decision-" (value)} type="radio" name="decision" value=(value) checked[checked];
                        label for={"decision-" (value)} { (label) }
                    }
                }
            }
            div.field {
                label for="place" { "Place (for \"another school\")" }
                select #place name="place" {
                    option value="" { "Choose" }
                    @for p in &places { option value=(p) { (p) } }
                }
            }
            div.field {
                label for="reason" { "Reason (needed when the panel chose otherwise)" }
                select #reason name="reason" {
                    option value="" { "None" }
                    @for r in Reason::ALL { option value=(r.as_str()) { (r.as_str().replace('_', " ")) } }
                }
            }
            div.checkbox {
                input #override type="checkbox" name="override" value="true";
                label for="override" { "The panel directs this admission past a hard rule (the rule is recorded)" }
            }
            (date_field())
            button.button type="submit" { "Record the decision" }
        }
    }
}

/// A standing decision in words.
pub fn words(s: &Standing) -> String {
    match (s.kind, &s.entry.place) {
        (crate::decisions::Kind::Placed, Some(p)) => format!("placed at {p}"),
        (k, _) => k.as_str().to_string(),
    }
}

fn decided_table(standing: &[Standing]) -> Markup {
    html! {
        table.decided {
            caption { "Decisions recorded in this round (" (standing.len()) ")" }
            thead { tr { th scope="col" { "Entry" } th scope="col" { "Child" } th scope="col" { "Decision" } th scope="col" { "Plan proposed" } th scope="col" { "Reason" } th scope="col" { "Override" } } }
            tbody { @for s in standing { tr {
                td { (s.seq) } th scope="row" { (s.entry.pupil) } td { (words(s)) }
                td { (s.entry.proposed.as_ref().map_or("–".into(), |p| p.place.clone().unwrap_or_else(|| "unplaced".into()))) }
                td { (s.entry.reason.map_or("–", |r| r.as_str())) }
                td { (s.entry.r#override.as_deref().unwrap_or("–")) }
            } } }
        }
    }
}

/// Children with a standing decision this round, and children on the
/// board without one.
pub fn counts(v: &View) -> (usize, usize) {
    let decided = decide::decided_ids(&v.log, &v.sc.name);
    let open = v.sc.pupils.iter().filter(|p| !decided.contains(&p.id));
    (decided.len(), open.count())
}

/// The board's decisions section: what is decided, agree the rest, the log,
/// close the round.
pub fn section(st: &AppState, v: &View) -> Markup {
    let log = &v.log;
    let standing = crate::decisions::effective::standing(log, &v.sc.name).unwrap_or_default();
    let (decided, open) = counts(v);
    let children = decided + open;
    let closed = v.rs.next_round.as_ref();
    html! {
        h2 #decisions { "Decisions" }
        dl.summary {
            (row("Decided", html! { (standing.len()) " of " (children) " children" }))
            (row("Decisions log", html! { (log.entries.len()) " entries; " a href={"/rounds/" (v.id) "/export/decisions.jsonl"} download { "download decisions.jsonl" } }))
        }
        @if !standing.is_empty() {
            (decided_table(&standing))
            @if v.plan.as_ref().is_some_and(|p| p.proposals[0].assignments.iter().any(|a| standing.iter().any(|s| s.entry.pupil == a.pupil))) {
                p.hint { "Decided children are still on the plan on the table; the next re-solve keeps them where the panel put them and takes them off the agenda." }
            }
        }
        @if closed.is_none() && v.plan.is_some() {
            form method="post" action=(action(st, &format!("/rounds/{}/agree", v.id))) {
                input type="hidden" name="version" value=(v.rs.version);
                (date_field())
                button.button.secondary type="submit" { "Agree the plan for every child without a decision" }
            }
        }
        h2 #close { "Close the round" }
        @match closed {
            Some(next) => { p { "Closed: the children still waiting were rolled forward to " a href={"/rounds/" (next)} { "round " (next) } "." } }
            None => {
                p.hint { "Placed and withdrawn children leave; everyone else (deferred or undecided) moves to the next round with the school days added to their days out of education." }
                form method="post" action=(action(st, &format!("/rounds/{}/close", v.id))) {
                    input type="hidden" name="version" value=(v.rs.version);
                    div.field { label for="next-name" { "Next round's name" } input #next-name type="text" name="name" required value={(v.sc.name) " (next)"}; }
                    div.field { label for="school-days" { "School days until the next meeting" } input #school-days type="number" name="school_days" min="0" max="366" step="1" value="15" required; }
                    button.button type="submit" { "Close the round and roll forward" }
                }
            }
        }
    }
}
