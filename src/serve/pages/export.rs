//! Downloads: the plan on the table (fap-plan/1, as `fap solve` writes it),
//! the decisions log (as `fap decide` writes it), the ledger and year-end
//! figures (the library's renderers)
//! and the panel pack in every format fap renders (HTML, Markdown, CSV, PDF).

use super::failure_page;
use crate::report::{Format, Pack};
use crate::serve::actions::Failure;
use crate::serve::{view, AppState};
use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use std::sync::Arc;

/// The files offered, with their content types.
pub const FILES: [(&str, &str); 10] = [
    ("plan.json", "application/json"),
    ("decisions.jsonl", "application/jsonl"),
    ("ledger.html", "text/html; charset=utf-8"),
    ("ledger.csv", "text/csv; charset=utf-8"),
    ("year-end.html", "text/html; charset=utf-8"),
    ("year-end.csv", "text/csv; charset=utf-8"),
    ("pack.html", "text/html; charset=utf-8"),
    ("pack.md", "text/markdown; charset=utf-8"),
    ("pack.csv", "text/csv; charset=utf-8"),
    ("pack.pdf", "application/pdf"),
];

fn render(st: &AppState, id: &str, name: &str) -> Result<Vec<u8>, Failure> {
    let v = view::load(st, id)?;
    if let Some(bytes) = ledger(st, id, name)? {
        return Ok(bytes);
    }
    if name == "decisions.jsonl" {
        return st
            .store
            .read_log(id)
            .map(|(bytes, _)| bytes)
            .map_err(|e| Failure::new(StatusCode::INTERNAL_SERVER_ERROR, e));
    }
    let e = v
        .rs
        .current_plan()
        .ok_or_else(|| Failure::new(StatusCode::NOT_FOUND, "The round has not been solved yet."))?;
    if name == "plan.json" {
        return st
            .store
            .read(id, &e.plan)
            .map_err(|e| Failure::new(StatusCode::INTERNAL_SERVER_ERROR, e));
    }
    if e.support.is_none() {
        return Err(Failure::new(
            StatusCode::CONFLICT,
            "The alternatives are still being computed; try again in a moment.",
        ));
    }
    let format = Format::from_path(std::path::Path::new(name))
        .ok_or_else(|| Failure::new(StatusCode::NOT_FOUND, "no such export"))?;
    let plan = v
        .plan
        .as_ref()
        .ok_or_else(|| Failure::new(StatusCode::NOT_FOUND, "no plan"))?;
    let pack = Pack::new(&v.sc, plan)
        .map_err(|e| Failure::new(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?;
    crate::report::render(&pack, format)
        .map_err(|e| Failure::new(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))
}

/// The ledger and the year-end figures, through the library's renderers.
fn ledger(st: &AppState, id: &str, name: &str) -> Result<Option<Vec<u8>>, Failure> {
    use crate::ledger::render::{self, Format};
    let format = if name.ends_with(".csv") {
        Format::Csv
    } else {
        Format::Html
    };
    let marking = crate::report::DEFAULT_MARKING;
    Ok(match name.split('.').next() {
        Some("ledger") => {
            let (l, _) = super::ledger::figures(st, id)?;
            Some(render::output(
                &render::ledger_doc(&l, marking),
                &render::ledger_csv(&l),
                format,
            ))
        }
        Some("year-end") => {
            let (l, y) = super::ledger::figures(st, id)?;
            let title = format!("Year-end figures as of {}", l.round);
            Some(render::output(
                &render::year_end_doc(&y, &title, marking),
                &render::year_end_csv(&y),
                format,
            ))
        }
        _ => None,
    })
}

/// `GET /rounds/{round}/export/{name}`: a download.
pub async fn file(
    State(st): State<Arc<AppState>>,
    Path((id, name)): Path<(String, String)>,
) -> Response {
    let Some((name, mime)) = FILES.iter().find(|(n, _)| *n == name) else {
        return failure_page(
            Failure::new(StatusCode::NOT_FOUND, "There is no such export."),
            &format!("/rounds/{id}"),
        );
    };
    match render(&st, &id, name) {
        Ok(bytes) => {
            let disposition = format!("attachment; filename=\"{id}-{name}\"");
            (
                [
                    (header::CONTENT_TYPE, mime.to_string()),
                    (header::CONTENT_DISPOSITION, disposition),
                ],
                bytes,
            )
                .into_response()
        }
        Err(f) => failure_page(f, &format!("/rounds/{id}")),
    }
}
