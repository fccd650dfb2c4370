//! The round board: every case on one screen (unplaced first), with the
//! proposal, alternatives, flags and days out against the 20-day aim; the
//! schools' load against cap and fair share; the round's tasks.

use super::{action, after, layout, row};
use crate::report::Pack;
use crate::scenario::{PupilIdx, Target};
use crate::serve::view::{self, View};
use crate::serve::{actions, AppState};
use axum::extract::{Path, State};
use axum::response::{Html, Response};
use axum::Form;
use maud::{html, Markup};
use serde::Deserialize;
use std::sync::Arc;

/// The 20-school-day aim for a place (DOMAIN.md).
const AIM_DAYS: f64 = 20.0;

/// A form naming the round version it was made against.
#[derive(Deserialize)]
pub struct VersionForm {
    /// The round's version as shown.
    pub version: u64,
}

/// The version field every form on a round carries.
pub fn version_field(v: &View) -> Markup {
    html! { input type="hidden" name="version" value=(v.rs.version); }
}

fn tasks(v: &View) -> Markup {
    let solved = v.rs.current.is_some();
    let status = |done: bool| {
        if done {
            ("Completed", "done")
        } else {
            ("Not started", "todo")
        }
    };
    let items = [
        ("Upload the round", status(true)),
        ("Solve", status(solved)),
        (
            "Review and change",
            if v.rs.staged.is_empty() {
                status(v.rs.plans.len() > 1)
            } else {
                ("In progress", "doing")
            },
        ),
        (
            "Record decisions",
            match super::decisions::counts(v) {
                (0, _) => status(false),
                (_, 0) => status(true),
                _ => ("In progress", "doing"),
            },
        ),
        ("Close the round", status(v.rs.next_round.is_some())),
    ];
    html! {
        ol.task-list aria-label="Round tasks" {
            @for (name, (label, class)) in items { li { span.task { (name) } strong class={"tag " (class)} { (label) } } }
        }
    }
}

fn place(pack: &Pack, t: Option<Target>) -> String {
    t.map_or("Unplaced".to_string(), |t| pack.target_label(t))
}

fn alternatives(pack: &Pack, p: PupilIdx) -> Markup {
    let Some(s) = pack.pupil_support(p) else {
        return html! { span.hint { "being computed" } };
    };
    html! {
        ul.alts { @for a in s.alternatives.iter().take(3) {
            li { (a.place.as_deref().unwrap_or("Unplaced")) " " span.cost { "+" (format!("{:.2}", a.increase)) }
                @if !a.knock_on.is_empty() { " · " (a.knock_on.len()) " move" @if a.knock_on.len() > 1 { "s" } } }
        } }
    }
}

fn cases(v: &View, pack: &Pack) -> Markup {
    let standing = crate::decisions::effective::standing(&v.log, &v.sc.name).unwrap_or_default();
    let decision = |id: &str| {
        standing
            .iter()
            .find(|s| s.entry.pupil == id)
            .map_or("–".to_string(), super::decisions::words)
    };
    let mut order: Vec<PupilIdx> = (0..v.sc.pupils.len() as PupilIdx).collect();
    order.sort_by(|&a, &b| {
        let (pa, pb) = (&v.sc.pupils[a as usize], &v.sc.pupils[b as usize]);
        (pack.best()[a as usize].is_some(), -pa.days_out_of_education)
            .partial_cmp(&(pack.best()[b as usize].is_some(), -pb.days_out_of_education))
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    html! {
        table.cases {
            caption { "Cases (" (order.len()) "), unplaced first, then longest out of education" }
            thead { tr { th scope="col" { "Child" } th scope="col" { "Year" } th scope="col" { "Days out (aim 20)" } th scope="col" { "Proposal" } th scope="col" { "Alternatives (cost, moves)" } th scope="col" { "Flags" } th scope="col" { "Decision" } } }
            tbody { @for p in order {
                @let pu = &v.sc.pupils[p as usize];
                @let t = pack.best()[p as usize];
                tr class=[t.is_none().then_some("unplaced")] {
                    th scope="row" { a href={"/rounds/" (v.id) "/pupils/" (pu.id)} { (pu.id) } }
                    td { (pu.year) }
                    td class=[(pu.days_out_of_education > AIM_DAYS).then_some("late")] { (pu.days_out_of_education) }
                    td { (place(pack, t)) }
                    td { (alternatives(pack, p)) }
                    td { (pack.flags(0, p).join(", ")) }
                    td { (decision(&pu.id)) }
                }
            } }
        }
    }
}

fn loads(pack: &Pack) -> Markup {
    html! {
        table.loads {
            caption { "Schools' load against cap and fair share (furthest above share first)" }
            thead { tr { th scope="col" { "School" } th scope="col" { "Placed this round" } th scope="col" { "This year" } th scope="col" { "Cap" } th scope="col" { "Fair share" } th scope="col" { "Load ÷ share" } } }
            tbody { @for l in &pack.metrics[0].school_loads {
                tr { th scope="row" { (l.school) } td { (l.placed_this_round) } td { (l.admitted_this_year) }
                     td { (l.cap.map_or("none".into(), |c| c.to_string())) } td { (format!("{:.1}", l.fair_share)) }
                     td class=[(l.load_ratio > 1.0).then_some("late")] { (format!("{:.2}", l.load_ratio)) } }
            } }
        }
    }
}

fn board(st: &AppState, v: &View) -> Markup {
    let solve_label = if v.rs.plans.is_empty() {
        "Solve"
    } else {
        "Re-solve"
    };
    let job = st.jobs.latest(&v.id).filter(|j| !j.finished());
    let pack = v.plan.as_ref().and_then(|p| Pack::new(&v.sc, p).ok());
    html! {
        h1 { (v.rs.name) }
        dl.summary {
            (row("Round", html! { (v.id) }))
            (row("Children", html! { (v.sc.pupils.len()) }))
            (row("Schools / AP providers", html! { (v.sc.schools.len()) " / " (v.sc.aps.len()) }))
            (row("Plan on the table", html! { @match v.rs.current {
                Some(i) => { "Plan " (i + 1) ": " (v.rs.plans[i].label) }
                None => "None yet",
            } }))
        }
        (tasks(v))
        @if let Some(j) = job { p.notice { "A solve is running: " a href={"/rounds/" (v.id) "/jobs/" (j.id)} { "see its progress" } } }
        div.actions {
            form method="post" action=(action(st, &format!("/rounds/{}/solve", v.id))) {
                (version_field(v)) button.button type="submit" { (solve_label) }
            }
            @if v.rs.current_plan().and_then(|p| p.reference).is_some() {
                form method="post" action=(action(st, &format!("/rounds/{}/undo", v.id))) {
                    (version_field(v)) button.button.secondary type="submit" { "Undo: back to the previous plan" }
                }
            }
        }
        (super::changes::moved(v))
        @if let Some(pack) = &pack { (cases(v, pack)) (loads(pack)) }
        (super::changes::section(st, v))
        ul {
            @if v.rs.plans.len() > 1 { li { a href={"/rounds/" (v.id) "/compare"} { "Compare plans side by side" } } }
            li { a href={"/rounds/" (v.id) "/ledger"} { "Ledger: whose turn is it, and the year-end figures" } }
        }
        (super::decisions::section(st, v))
        @if v.rs.current.is_some() {
            h2 { "Exports" }
            ul { @for (name, _) in super::export::FILES { li { a href={"/rounds/" (v.id) "/export/" (name)} download { (name) } } } }
        }
    }
}

/// `GET /rounds/{round}`.
pub async fn page(State(st): State<Arc<AppState>>, Path(id): Path<String>) -> Response {
    use axum::response::IntoResponse;
    match view::load(&st, &id) {
        Ok(v) => Html(layout(&v.rs.name, board(&st, &v)).into_string()).into_response(),
        Err(f) => super::failure_page(f, "/"),
    }
}

/// `POST /rounds/{round}/solve`: starts the job, shows its progress.
pub async fn solve(
    State(st): State<Arc<AppState>>,
    Path(id): Path<String>,
    Form(f): Form<VersionForm>,
) -> Response {
    let r = actions::solve(&st, &id, f.version).map(|j| format!("/rounds/{id}/jobs/{j}"));
    after(r, &format!("/rounds/{id}"))
}

/// `POST /rounds/{round}/undo`.
pub async fn undo(
    State(st): State<Arc<AppState>>,
    Path(id): Path<String>,
    Form(f): Form<VersionForm>,
) -> Response {
    let r = actions::undo(&st, &id, f.version).map(|_| format!("/rounds/{id}"));
    after(r, &format!("/rounds/{id}"))
}
