//! Requests the server refuses before any handler runs, and the headers every
//! response carries.
//!
//! - **Host** must be one the server answers to (DNS rebinding: a hostile page
//!   whose name resolves to 127.0.0.1 sends its own name).
//! - **Access token** (`--token`, required off loopback): `Authorization:
//!   Bearer T`, or the cookie set when a browser first opens `/?token=T`.
//! - **State-changing requests** (anything but GET/HEAD) need the CSRF token,
//!   as header `X-CSRF-Token` or query `csrf` (forms carry it in their
//!   action), and a same-origin `Origin`/`Sec-Fetch-Site` when sent.
//! - **Headers**: a CSP with no inline script or style, no framing, no
//!   referrer off the site (same-origin: a form post keeps its Origin), no
//!   sniffing, no caching of pages.

use super::AppState;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::sync::Arc;

/// The Content-Security-Policy of every response.
pub const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// A fresh random token, 32 hex digits.
pub fn random_token() -> String {
    use rand::RngCore;
    let mut b = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut b);
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// Equal, in time independent of where they differ.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |d, (x, y)| d | (x ^ y)) == 0
}

fn refuse(status: StatusCode, why: &str) -> Response {
    let body = serde_json::json!({ "error": why }).to_string();
    let mut r = (status, body).into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    r
}

fn query_param<'a>(q: Option<&'a str>, name: &str) -> Option<&'a str> {
    q?.split('&')
        .filter_map(|kv| kv.split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

fn cookie<'a>(h: &'a HeaderMap, name: &str) -> Option<&'a str> {
    h.get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// Why a request is refused, if it is.
fn check(st: &AppState, req: &Request) -> Result<(), (StatusCode, &'static str)> {
    let h = req.headers();
    let host = h
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if !st.hosts.is_empty() && !st.hosts.iter().any(|a| a == host) {
        return Err((
            StatusCode::MISDIRECTED_REQUEST,
            "unexpected Host header (this server answers only to its own address)",
        ));
    }
    if let Some(t) = &st.access_token {
        let bearer = h
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "));
        let given = bearer
            .or_else(|| cookie(h, "fap_token"))
            .or_else(|| query_param(req.uri().query(), "token"));
        if !given.is_some_and(|g| same(g, t)) {
            return Err((
                StatusCode::UNAUTHORIZED,
                "access token missing or wrong (open the URL the server printed)",
            ));
        }
    }
    if matches!(*req.method(), Method::GET | Method::HEAD) {
        return Ok(());
    }
    if let Some(o) = h.get(header::ORIGIN) {
        let ok = o.to_str().ok().and_then(|o| o.strip_prefix("http://")) == Some(host);
        if !ok {
            return Err((StatusCode::FORBIDDEN, "cross-origin request refused"));
        }
    }
    let site = h.get("sec-fetch-site").and_then(|v| v.to_str().ok());
    if site.is_some_and(|s| s != "same-origin" && s != "none") {
        return Err((StatusCode::FORBIDDEN, "cross-site request refused"));
    }
    let token = h
        .get("x-csrf-token")
        .and_then(|v| v.to_str().ok())
        .or_else(|| query_param(req.uri().query(), "csrf"));
    if !token.is_some_and(|t| same(t, &st.csrf)) {
        return Err((
            StatusCode::FORBIDDEN,
            "CSRF token missing or wrong: reload the page (API: GET /api/session)",
        ));
    }
    Ok(())
}

/// The middleware: refuses what `check` refuses, adds the security headers.
pub async fn guard(State(st): State<Arc<AppState>>, req: Request, next: Next) -> Response {
    let set_cookie = st.access_token.as_ref().and_then(|t| {
        (query_param(req.uri().query(), "token") == Some(t.as_str()))
            .then(|| format!("fap_token={t}; HttpOnly; SameSite=Strict; Path=/"))
    });
    let mut resp = match check(&st, &req) {
        Ok(()) => next.run(req).await,
        Err((status, why)) => refuse(status, why),
    };
    let h = resp.headers_mut();
    for (k, v) in [
        ("content-security-policy", CSP),
        ("x-content-type-options", "nosniff"),
        ("x-frame-options", "DENY"),
        ("referrer-policy", "same-origin"),
        ("cross-origin-opener-policy", "same-origin"),
        ("cross-origin-resource-policy", "same-origin"),
    ] {
        h.insert(k, HeaderValue::from_static(v));
    }
    h.entry(header::CACHE_CONTROL)
        .or_insert(HeaderValue::from_static("no-store"));
    if let Some(c) = set_cookie.and_then(|c| HeaderValue::from_str(&c).ok()) {
        h.insert(header::SET_COOKIE, c);
    }
    resp
}
