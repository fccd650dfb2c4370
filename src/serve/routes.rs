//! URL → handler, and the layers every request passes (security, body limit).

use super::{api, assets, pages, security, AppState, MAX_UPLOAD};
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use axum::Router;
use std::sync::Arc;

/// The whole application.
pub fn router(st: Arc<AppState>) -> Router {
    let api = Router::new()
        .route("/session", get(api::session))
        .route("/rounds", get(api::rounds).post(api::create))
        .route("/rounds/bundle", post(api::bundle))
        .route("/rounds/{round}", get(api::round))
        .route("/rounds/{round}/solve", post(api::solve))
        .route("/rounds/{round}/undo", post(api::undo))
        .route("/rounds/{round}/changes", post(api::stage))
        .route("/rounds/{round}/apply", post(api::apply))
        .route("/rounds/{round}/plan", get(api::current))
        .route("/rounds/{round}/plans/{n}", get(api::plan))
        .route(
            "/rounds/{round}/decisions",
            get(api::decisions).post(api::decide),
        )
        .route("/rounds/{round}/decisions/agree", post(api::agree))
        .route("/rounds/{round}/close", post(api::close))
        .route("/rounds/{round}/compare", get(api::compare))
        .route("/rounds/{round}/ledger", get(api::ledger))
        .route("/jobs/{job}", get(api::job).delete(api::cancel))
        .route("/jobs/{job}/events", get(api::events));
    Router::new()
        .route("/", get(pages::home::page))
        .route("/rounds", post(pages::home::upload))
        .route("/rounds/{round}", get(pages::board::page))
        .route("/rounds/{round}/solve", post(pages::board::solve))
        .route("/rounds/{round}/undo", post(pages::board::undo))
        .route("/rounds/{round}/changes", post(pages::changes::stage))
        .route("/rounds/{round}/apply", post(pages::changes::apply))
        .route("/rounds/{round}/export/{name}", get(pages::export::file))
        .route("/rounds/{round}/decisions", post(pages::decisions::record))
        .route("/rounds/{round}/agree", post(pages::decisions::agree))
        .route("/rounds/{round}/close", post(pages::decisions::close))
        .route("/rounds/{round}/compare", get(pages::compare::page))
        .route("/rounds/{round}/ledger", get(pages::ledger::page))
        .route("/rounds/{round}/jobs/{job}", get(pages::job::page))
        .route(
            "/rounds/{round}/jobs/{job}/cancel",
            post(pages::job::cancel),
        )
        .route("/rounds/{round}/pupils/{pupil}", get(pages::pupil::page))
        .route("/assets/{name}", get(assets::serve))
        .nest("/api", api)
        .fallback(pages::not_found)
        .layer(DefaultBodyLimit::max(MAX_UPLOAD))
        .layer(axum::middleware::from_fn_with_state(
            Arc::clone(&st),
            security::guard,
        ))
        .with_state(st)
}
