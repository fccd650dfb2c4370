//! Handler tests: requests through the whole router (security layer
//! included) with `tower::ServiceExt::oneshot`, on a temporary data directory.

use super::{routes, store::Store, AppState};
use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use std::sync::Arc;
use tower::ServiceExt;

const HOST: &str = "127.0.0.1:8765";
const ROUND: &str = r#"{"format": "fap-scenario/1", "meta": {"name": "handler test"},
  "schools": [{"id": "S1", "location": {"easting": 1000, "northing": 1000},
               "year_groups": {"9": {"pan": 30, "on_roll": 28}}},
              {"id": "S2", "location": {"easting": 5000, "northing": 1000},
               "year_groups": {"9": {"pan": 30, "on_roll": 28}}}],
  "pupils": [{"id": "P1", "kind": "fap", "category": "d", "year_group": "9",
              "sex": "f", "home": {"easting": 2000, "northing": 1000}},
             {"id": "P2", "kind": "fap", "category": "a", "year_group": "9",
              "sex": "m", "home": {"easting": 4000, "northing": 1000}}]}"#;

fn app() -> (Arc<AppState>, tempfile::TempDir) {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open(tmp.path()).unwrap();
    let st = AppState::new(store, HOST.parse().unwrap(), None).unwrap();
    (Arc::new(st), tmp)
}

async fn send(st: &Arc<AppState>, req: Request<Body>) -> (StatusCode, serde_json::Value, Vec<u8>) {
    let resp = routes::router(Arc::clone(st)).oneshot(req).await.unwrap();
    let status = resp.status();
    let bytes = resp
        .into_body()
        .collect()
        .await
        .unwrap()
        .to_bytes()
        .to_vec();
    let json = serde_json::from_slice(&bytes).unwrap_or(serde_json::Value::Null);
    (status, json, bytes)
}

fn post(st: &AppState, uri: &str, body: &str) -> Request<Body> {
    Request::post(uri)
        .header("host", HOST)
        .header("x-csrf-token", &st.csrf)
        .header("content-type", "application/json")
        .body(Body::from(body.to_string()))
        .unwrap()
}

fn get(uri: &str) -> Request<Body> {
    Request::get(uri)
        .header("host", HOST)
        .body(Body::empty())
        .unwrap()
}

async fn solved(st: &Arc<AppState>) -> String {
    let (s, round, _) = send(st, post(st, "/api/rounds", ROUND)).await;
    assert_eq!(s, StatusCode::CREATED, "{round}");
    let id = round["round"].as_str().unwrap().to_string();
    let body = format!(r#"{{"version": {}}}"#, round["version"]);
    let (s, job, _) = send(st, post(st, &format!("/api/rounds/{id}/solve"), &body)).await;
    assert_eq!(s, StatusCode::ACCEPTED, "{job}");
    let job = job["job"].as_str().unwrap().to_string();
    for _ in 0..600 {
        let (_, snap, _) = send(st, get(&format!("/api/jobs/{job}"))).await;
        if snap["state"] != "running" {
            assert_eq!(snap["state"], "done", "{snap}");
            return id;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("the solve did not finish");
}

#[tokio::test]
async fn an_uploaded_round_solves_to_the_same_bytes_as_fap_solve() {
    let (st, _tmp) = app();
    let id = solved(&st).await;
    let (s, _, bytes) = send(&st, get(&format!("/api/rounds/{id}/plans/1"))).await;
    assert_eq!(s, StatusCode::OK);
    let direct = super::engine::solve(ROUND.as_bytes(), None, &st.limits).unwrap();
    assert_eq!(bytes, direct);
    let (s, _, page) = send(&st, get(&format!("/rounds/{id}"))).await;
    assert_eq!(s, StatusCode::OK);
    let page = String::from_utf8(page).unwrap();
    assert!(
        page.contains(">P1</a>") && page.contains(">P2</a>"),
        "{page}"
    );
}

#[tokio::test]
async fn a_stale_version_is_refused_and_changes_nothing() {
    let (st, _tmp) = app();
    let id = solved(&st).await;
    let before = st.store.load(&id).unwrap();
    // Tab A re-solves (version moves on); tab B, still on the old version, is refused.
    let body = format!(r#"{{"version": {}}}"#, before.version);
    let (s, _, _) = send(&st, post(&st, &format!("/api/rounds/{id}/undo"), &body)).await;
    assert_eq!(s, StatusCode::CONFLICT, "no earlier plan to go back to");
    let stale = format!(r#"{{"version": {}}}"#, before.version - 1);
    let (s, err, _) = send(&st, post(&st, &format!("/api/rounds/{id}/solve"), &stale)).await;
    assert_eq!(s, StatusCode::CONFLICT);
    assert!(
        err["error"].as_str().unwrap().contains("another tab"),
        "{err}"
    );
    assert_eq!(st.store.load(&id).unwrap(), before);
}

#[tokio::test]
async fn hostile_requests_are_refused_and_write_nothing() {
    let (st, tmp) = app();
    let mut no_csrf = post(&st, "/api/rounds", ROUND);
    no_csrf.headers_mut().remove("x-csrf-token");
    assert_eq!(send(&st, no_csrf).await.0, StatusCode::FORBIDDEN);
    let mut cross = post(&st, "/api/rounds", ROUND);
    cross
        .headers_mut()
        .insert("origin", "http://evil.example".parse().unwrap());
    assert_eq!(send(&st, cross).await.0, StatusCode::FORBIDDEN);
    let mut rebound = get("/api/session");
    rebound
        .headers_mut()
        .insert("host", "evil.example:8765".parse().unwrap());
    assert_eq!(send(&st, rebound).await.0, StatusCode::MISDIRECTED_REQUEST);
    let big = "x".repeat(super::MAX_UPLOAD + 1);
    assert_eq!(
        send(&st, post(&st, "/api/rounds", &big)).await.0,
        StatusCode::PAYLOAD_TOO_LARGE
    );
    let (s, bad, _) = send(&st, post(&st, "/api/rounds", "{oops")).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(!bad["issues"].as_array().unwrap().is_empty());
    for uri in [
        "/api/rounds/..%2Fx",
        "/api/rounds/r1%2F..",
        "/rounds/r0",
        "/api/jobs/..%2Fj1",
        "/api/rounds/r1/plans/1",
    ] {
        assert_eq!(send(&st, get(uri)).await.0, StatusCode::NOT_FOUND, "{uri}");
    }
    let written: Vec<_> = std::fs::read_dir(tmp.path().join("rounds"))
        .unwrap()
        .collect();
    assert!(written.is_empty());
    let resp = routes::router(Arc::clone(&st))
        .oneshot(get("/"))
        .await
        .unwrap();
    let csp = resp.headers()["content-security-policy"].to_str().unwrap();
    assert!(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"));
}

#[tokio::test]
async fn a_token_is_required_off_loopback() {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open(tmp.path()).unwrap();
    let token = "abcdefghijklmnop".to_string();
    let st = Arc::new(
        AppState::new(store, "0.0.0.0:8765".parse().unwrap(), Some(token.clone())).unwrap(),
    );
    assert_eq!(send(&st, get("/")).await.0, StatusCode::UNAUTHORIZED);
    let resp = routes::router(Arc::clone(&st))
        .oneshot(get(&format!("/?token={token}")))
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    let cookie = resp.headers()["set-cookie"].to_str().unwrap();
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"));
    let mut bearer = get("/api/rounds");
    bearer
        .headers_mut()
        .insert("authorization", format!("Bearer {token}").parse().unwrap());
    assert_eq!(send(&st, bearer).await.0, StatusCode::OK);
}
