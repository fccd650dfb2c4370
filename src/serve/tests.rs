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
    let mut wrong = post(&st, "/api/rounds", ROUND);
    wrong
        .headers_mut()
        .insert("x-csrf-token", "0".repeat(32).parse().unwrap());
    assert_eq!(send(&st, wrong).await.0, StatusCode::FORBIDDEN);
    let mut site = post(&st, "/api/rounds", ROUND);
    site.headers_mut()
        .insert("sec-fetch-site", "cross-site".parse().unwrap());
    assert_eq!(send(&st, site).await.0, StatusCode::FORBIDDEN);
    let big_bundle = [("pupils".to_string(), vec![b'x'; super::MAX_UPLOAD + 1])];
    let (s, _, _) = send(&st, multipart(&st, "/api/rounds/bundle", &big_bundle)).await;
    assert_eq!(s, StatusCode::PAYLOAD_TOO_LARGE);
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

async fn wait(st: &Arc<AppState>, job: &serde_json::Value) {
    let job = job["job"].as_str().unwrap().to_string();
    for _ in 0..600 {
        let (_, snap, _) = send(st, get(&format!("/api/jobs/{job}"))).await;
        if snap["state"] != "running" {
            assert_eq!(snap["state"], "done", "{snap}");
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("the job did not finish");
}

async fn version(st: &Arc<AppState>, id: &str) -> u64 {
    let (_, r, _) = send(st, get(&format!("/api/rounds/{id}"))).await;
    r["version"].as_u64().unwrap()
}

#[tokio::test]
async fn decisions_are_logged_kept_fixed_and_rolled_forward() {
    let (st, _tmp) = app();
    let id = solved(&st).await;
    let (_, plan, _) = send(&st, get(&format!("/api/rounds/{id}/plans/1"))).await;
    let at = |p: &str| {
        plan["proposals"][0]["assignments"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["pupil"] == p)
            .unwrap()["school"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let p1 = at("P1");
    let uri = format!("/api/rounds/{id}/decisions");
    let with = |v: u64, mut body: serde_json::Value| {
        body["version"] = v.into();
        body.to_string()
    };
    let agree = serde_json::json!({"pupil": "P1", "decision": "agree", "date": "2026-11-12"});
    let v = version(&st, &id).await;
    let (s, out, _) = send(&st, post(&st, &uri, &with(v, agree.clone()))).await;
    assert_eq!(s, StatusCode::OK, "{out}");
    // Stale form, a second decision, a choice against the plan without a reason: refused.
    let (s, _, _) = send(&st, post(&st, &uri, &with(v, agree.clone()))).await;
    assert_eq!(s, StatusCode::CONFLICT);
    let v = version(&st, &id).await;
    let (s, err, _) = send(&st, post(&st, &uri, &with(v, agree.clone()))).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{err}");
    assert!(
        err["error"].as_str().unwrap().contains("already-decided"),
        "{err}"
    );
    let other = if at("P2") == "S1" { "S2" } else { "S1" };
    let choose = serde_json::json!({"pupil": "P2", "decision": "place", "place": other});
    let (s, err, _) = send(&st, post(&st, &uri, &with(v, choose))).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{err}");
    assert!(err["error"].as_str().unwrap().contains("reason"), "{err}");
    let (_, log, _) = send(&st, get(&uri)).await;
    let entries = log["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 1, "{log}");
    assert_eq!(
        (entries[0]["pupil"].as_str(), entries[0]["place"].as_str()),
        (Some("P1"), Some(p1.as_str()))
    );
    let (s, ledger, _) = send(&st, get(&format!("/api/rounds/{id}/ledger"))).await;
    assert_eq!(s, StatusCode::OK, "{ledger}");
    let turn = ledger["ledger"]["phases"][0]["schools"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["school"] == p1.as_str())
        .unwrap()
        .clone();
    assert_eq!(
        turn["admitted"], 1,
        "the ledger counts P1's placement: {turn}"
    );
    assert_eq!(ledger["year_end"]["decisions"]["placed"], 1);
    // "Add a place" is staged through fap::edit; a place that does not exist is refused, named.
    let add = serde_json::json!({"kind": "add_place", "place": "S1", "year": "9"});
    let (s, out, _) = send(
        &st,
        post(&st, &format!("/api/rounds/{id}/changes"), &with(v, add)),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{out}");
    let v = out["version"].as_u64().unwrap();
    let bad = serde_json::json!({"kind": "add_place", "place": "S9", "year": "9"});
    let (s, err, _) = send(
        &st,
        post(&st, &format!("/api/rounds/{id}/changes"), &with(v, bad)),
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{err}");
    assert!(err["error"].as_str().unwrap().contains("S9"), "{err}");
    let (bytes, verified) = st.store.read_log(&id).unwrap();
    assert_eq!(verified.entries.len(), 1);
    assert!(crate::decisions::read(&bytes).is_ok());

    // A re-solve keeps P1 where the panel put it: off the agenda, its place taken.
    let solve = format!("/api/rounds/{id}/solve");
    let (s, job, _) = send(&st, post(&st, &solve, &with(v, serde_json::json!({})))).await;
    assert_eq!(s, StatusCode::ACCEPTED, "{job}");
    wait(&st, &job).await;
    let (_, plan2, _) = send(&st, get(&format!("/api/rounds/{id}/plans/2"))).await;
    let pupils: Vec<&str> = plan2["proposals"][0]["assignments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["pupil"].as_str().unwrap())
        .collect();
    assert_eq!(pupils, ["P2"]);
    let (s, cmp, _) = send(&st, get(&format!("/api/rounds/{id}/compare?plans=1,2"))).await;
    assert_eq!(s, StatusCode::OK, "{cmp}");
    let line = cmp["lines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["pupil"] == "P1")
        .unwrap()
        .clone();
    assert_eq!(line["places"], serde_json::json!([p1, null]));
    assert_eq!(line["changed"], true);
    let (s, _, _) = send(&st, get(&format!("/api/rounds/{id}/compare?plans=1,1"))).await;
    assert_eq!(s, StatusCode::BAD_REQUEST);

    // Close: P1 leaves (its school's roll grows), P2 stays with 10 more days out.
    let v = version(&st, &id).await;
    let close = format!("/api/rounds/{id}/close");
    let same = serde_json::json!({"name": "handler test", "school_days": 10});
    let (s, _, _) = send(&st, post(&st, &close, &with(v, same))).await;
    assert_eq!(
        s,
        StatusCode::UNPROCESSABLE_ENTITY,
        "the next round needs a new name"
    );
    let named = serde_json::json!({"name": "next", "school_days": 10});
    let (s, next, _) = send(&st, post(&st, &close, &with(v, named))).await;
    assert_eq!(s, StatusCode::CREATED, "{next}");
    let r2 = next["round"].as_str().unwrap();
    let rs2 = st.store.load(r2).unwrap();
    let sc: serde_json::Value =
        serde_json::from_slice(&st.store.read(r2, &rs2.scenario).unwrap()).unwrap();
    let kept: Vec<&str> = sc["pupils"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    assert_eq!(kept, ["P2"]);
    assert_eq!(sc["pupils"][0]["days_out_of_education"], 10.0);
    let school = sc["schools"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == p1.as_str())
        .unwrap();
    assert_eq!(school["year_groups"]["9"]["on_roll"], 29);
    assert_eq!(
        st.store.read_log(r2).unwrap().0,
        bytes,
        "the next round continues the log"
    );
    let v = version(&st, &id).await;
    let late = serde_json::json!({"pupil": "P2", "decision": "defer"});
    let (s, err, _) = send(&st, post(&st, &uri, &with(v, late))).await;
    assert_eq!(s, StatusCode::CONFLICT, "a closed round takes no decisions");
    assert!(err["error"].as_str().unwrap().contains("closed"), "{err}");
}

fn multipart(st: &AppState, uri: &str, parts: &[(String, Vec<u8>)]) -> Request<Body> {
    let mut body = Vec::new();
    for (name, bytes) in parts {
        body.extend_from_slice(format!("--XyZ\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{name}\"\r\n\r\n").as_bytes());
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(b"--XyZ--\r\n");
    Request::post(uri)
        .header("host", HOST)
        .header("x-csrf-token", &st.csrf)
        .header("content-type", "multipart/form-data; boundary=XyZ")
        .body(Body::from(body))
        .unwrap()
}

#[tokio::test]
async fn workbooks_and_csv_bundles_upload_with_every_problem_located() {
    let (st, _tmp) = app();
    let wire: crate::scenario::wire::WireScenario = serde_json::from_str(ROUND).unwrap();
    let same = |id: &str| {
        let rs = st.store.load(id).unwrap();
        let sc = st.store.read(id, &rs.scenario).unwrap();
        crate::validate::load_bytes(&sc).scenario.unwrap()
            == crate::validate::load_bytes(ROUND.as_bytes())
                .scenario
                .unwrap()
    };
    let mut sheets = crate::export::workbook::sheets(&wire);
    let xlsx = crate::workbook::to_xlsx(&sheets).unwrap();
    let (s, r, _) = send(
        &st,
        Request::post("/api/rounds")
            .header("host", HOST)
            .header("x-csrf-token", &st.csrf)
            .body(Body::from(xlsx))
            .unwrap(),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{r}");
    assert!(
        same(r["round"].as_str().unwrap()),
        "the workbook gives the round back"
    );
    let places = sheets.iter_mut().find(|s| s.name == "places").unwrap();
    places.rows[1][2] = "1B0".into();
    let bad = crate::workbook::to_xlsx(&sheets).unwrap();
    let (s, err, _) = send(
        &st,
        Request::post("/api/rounds")
            .header("host", HOST)
            .header("x-csrf-token", &st.csrf)
            .body(Body::from(bad))
            .unwrap(),
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{err}");
    assert!(
        err["issues"][0]["path"]
            .as_str()
            .unwrap()
            .starts_with("round.xlsx [places]: row 3, column pan (C)"),
        "{err}"
    );

    let bundle: Vec<(String, Vec<u8>)> = crate::export::to_bundle(&wire)
        .into_iter()
        .map(|(name, b)| (name.split('.').next().unwrap().to_string(), b))
        .collect();
    let (s, r, _) = send(&st, multipart(&st, "/api/rounds/bundle", &bundle)).await;
    assert_eq!(s, StatusCode::CREATED, "{r}");
    assert!(
        same(r["round"].as_str().unwrap()),
        "the bundle gives the round back"
    );
    // Two broken files: both problems at once, each naming its file.
    let broken: Vec<(String, Vec<u8>)> = bundle
        .iter()
        .map(|(n, b)| {
            let text = String::from_utf8(b.clone()).unwrap();
            let text = match n.as_str() {
                "places" => text.replacen(",30,", ",3O,", 1),
                "schools" => text.replacen("5000", "5OOO", 1),
                _ => text,
            };
            (n.clone(), text.into_bytes())
        })
        .collect();
    let before = st.store.rounds();
    let (s, err, _) = send(&st, multipart(&st, "/api/rounds/bundle", &broken)).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{err}");
    let paths: Vec<&str> = err["issues"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["path"].as_str().unwrap())
        .collect();
    assert!(
        paths.iter().any(|p| p.starts_with("places.csv: row")),
        "{paths:?}"
    );
    assert!(
        paths.iter().any(|p| p.starts_with("schools.csv: row")),
        "{paths:?}"
    );
    assert_eq!(st.store.rounds(), before, "nothing written");
}
