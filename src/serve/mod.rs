//! `fap serve`: the panel meeting in a browser, and a JSON API for the same.
//!
//! A small axum server inside the binary (docs/serve.md): [`routes`] maps
//! URLs to the HTML [`pages`] and the JSON [`api`], both of which act through
//! [`actions`]; [`engine`] is the one door to the library pipeline; [`store`]
//! keeps every round on disk; [`decisions`] records the panel's decisions
//! and closes the round; [`compare`] lines plans up; [`jobs`] runs solves in
//! the background;
//! [`security`] refuses hostile requests. Assets are embedded ([`assets`]).

pub mod actions;
pub mod api;
pub mod assets;
pub mod compare;
pub mod decisions;
pub mod engine;
pub mod jobs;
pub mod pages;
pub mod routes;
pub mod security;
pub mod store;
pub mod upload;
pub mod view;

use crate::limits::Limits;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::Mutex;

/// Largest request body accepted (an uploaded round), bytes.
pub const MAX_UPLOAD: usize = 16 * 1024 * 1024;

/// How the server runs.
#[derive(Debug, Clone)]
pub struct Config {
    /// The data directory.
    pub data: PathBuf,
    /// Address to listen on.
    pub bind: IpAddr,
    /// Port (0: any free port).
    pub port: u16,
    /// Access token; required when `bind` is not loopback.
    pub token: Option<String>,
    /// A scenario file to open as a round at start.
    pub open: Option<PathBuf>,
}

/// What every handler shares.
pub struct AppState {
    /// The data directory.
    pub store: store::Store,
    /// Background solves.
    pub jobs: jobs::Jobs,
    /// Input limits (as the command line's defaults).
    pub limits: Limits,
    /// The CSRF token forms and API clients send back.
    pub csrf: String,
    /// Host headers accepted; empty: any (only with an access token).
    pub hosts: Vec<String>,
    /// The access token, if one is required.
    pub access_token: Option<String>,
    /// Held while a round's state is read-modified-written.
    pub write: Mutex<()>,
}

impl AppState {
    /// State over a data directory, answering to `addr`.
    pub fn new(
        store: store::Store,
        addr: SocketAddr,
        access_token: Option<String>,
    ) -> Result<AppState, String> {
        let csrf = secret(&store)?;
        let port = addr.port();
        let hosts = if addr.ip().is_loopback() {
            vec![
                format!("127.0.0.1:{port}"),
                format!("localhost:{port}"),
                format!("[::1]:{port}"),
            ]
        } else {
            Vec::new()
        };
        Ok(AppState {
            store,
            jobs: jobs::Jobs::default(),
            limits: Limits::default(),
            csrf,
            hosts,
            access_token,
            write: Mutex::new(()),
        })
    }
}

/// The data directory's CSRF secret, made on first use: open tabs keep
/// working across a restart.
fn secret(store: &store::Store) -> Result<String, String> {
    let path = store.root().join("csrf-secret");
    match std::fs::read_to_string(&path) {
        Ok(s) if s.trim().len() == 32 => Ok(s.trim().to_string()),
        _ => {
            let s = security::random_token();
            crate::output::write_atomic(&path, s.as_bytes(), &[]).map_err(|e| e.to_string())?;
            Ok(s)
        }
    }
}

/// Runs the server until Ctrl-C.
pub fn run(cfg: Config) -> Result<(), String> {
    if !cfg.bind.is_loopback() && cfg.token.is_none() {
        return Err("--bind to a non-loopback address needs --token (or --token generate)".into());
    }
    let store = store::Store::open(&cfg.data)?;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the server runtime: {e}"))?;
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind((cfg.bind, cfg.port))
            .await
            .map_err(|e| format!("cannot listen on {}:{}: {e}", cfg.bind, cfg.port))?;
        let addr = listener.local_addr().map_err(|e| e.to_string())?;
        let state = AppState::new(store, addr, cfg.token.clone())?;
        let opened = match &cfg.open {
            Some(p) => Some(actions::open_file(&state, p)?),
            None => None,
        };
        let mut url = format!("http://{addr}/");
        if let Some(r) = &opened {
            url.push_str(&format!("rounds/{r}"));
        }
        if let Some(t) = &cfg.token {
            url.push_str(&format!("?token={t}"));
        }
        println!("fap serve: data in {}", cfg.data.display());
        println!("fap serve: open {url}  (Ctrl-C stops)");
        axum::serve(listener, routes::router(std::sync::Arc::new(state)))
            .await
            .map_err(|e| format!("server stopped: {e}"))
    })
}

#[cfg(test)]
mod tests;
