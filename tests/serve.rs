//! `fap serve` as a process: `kill -9` while decisions are being written, then
//! a restart on the same data directory. The log must verify (`fap
//! verify-log`) and hold every decision the server confirmed (ROUNDS.md, issue
//! 15's bar). A tiny HTTP/1.1 client over `TcpStream` keeps this free of
//! client crates.
#![cfg(feature = "serve")]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A running server and its address.
struct Server {
    child: Child,
    addr: String,
}

impl Server {
    fn start(data: &Path) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_fap"))
            .args(["serve", "--port", "0", "--data"])
            .arg(data)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let addr = loop {
            let line = lines.next().expect("fap serve printed its URL").unwrap();
            if let Some(url) = line.split("open http://").nth(1) {
                break url.split('/').next().unwrap().to_string();
            }
        };
        Server { child, addr }
    }

    fn kill(mut self) {
        // SIGKILL: no shutdown code runs.
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }
}

/// One request; the status and the body (`None` when the connection died).
fn call(addr: &str, method: &str, path: &str, csrf: &str, body: &str) -> Option<(u16, String)> {
    let mut s = TcpStream::connect(addr).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(30))).ok()?;
    let req = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nX-CSRF-Token: {csrf}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    s.write_all(req.as_bytes()).ok()?;
    let mut out = String::new();
    s.read_to_string(&mut out).ok()?;
    let status = out.split(' ').nth(1)?.parse().ok()?;
    let body = out.split_once("\r\n\r\n")?.1.to_string();
    Some((status, body))
}

fn json(s: &str) -> serde_json::Value {
    serde_json::from_str(s).unwrap_or_else(|_| panic!("not JSON: {s}"))
}

fn csrf(addr: &str) -> String {
    let (_, body) = call(addr, "GET", "/api/session", "", "").unwrap();
    json(&body)["csrf"].as_str().unwrap().to_string()
}

/// The round's version; `None` when the connection died (a kill can land
/// before the writer's first request).
fn version(addr: &str) -> Option<u64> {
    let (_, body) = call(addr, "GET", "/api/rounds/r1", "", "")?;
    Some(json(&body)["version"].as_u64().unwrap())
}

#[test]
fn kill_9_during_decision_writes_loses_nothing_confirmed() {
    let tmp = tempfile::tempdir().unwrap();
    let scenario =
        std::fs::read_to_string(root().join("scenarios/secondary-autumn2.json")).unwrap();
    let pupils: Vec<String> = json(&scenario)["pupils"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap().to_string())
        .collect();
    let server = Server::start(tmp.path());
    let token = csrf(&server.addr);
    let (s, body) = call(&server.addr, "POST", "/api/rounds", &token, &scenario).unwrap();
    assert_eq!(s, 201, "{body}");
    let mut server = Some(server);
    let mut confirmed: Vec<String> = Vec::new();
    let mut next = 0;
    // Three kills, each some milliseconds into a burst of decision writes.
    for delay_ms in [15u64, 40, 5] {
        let srv = server.take().unwrap();
        let addr = srv.addr.clone();
        let token = csrf(&addr);
        let todo: Vec<String> = pupils[next..].to_vec();
        let writer = std::thread::spawn(move || {
            let mut ok = Vec::new();
            let Some(mut v) = version(&addr) else {
                return ok;
            };
            for p in todo {
                let body = format!(
                    r#"{{"version": {v}, "pupil": "{p}", "decision": "defer", "date": "2026-11-12"}}"#
                );
                match call(&addr, "POST", "/api/rounds/r1/decisions", &token, &body) {
                    Some((200, b)) => {
                        v = json(&b)["version"].as_u64().unwrap();
                        ok.push(p);
                    }
                    _ => break,
                }
            }
            ok
        });
        std::thread::sleep(Duration::from_millis(delay_ms));
        srv.kill();
        confirmed.extend(writer.join().unwrap());
        let restarted = Server::start(tmp.path());
        let (s, body) = call(&restarted.addr, "GET", "/api/rounds/r1/decisions", "", "").unwrap();
        assert_eq!(s, 200, "the log verifies after kill -9: {body}");
        let logged: Vec<String> = json(&body)["entries"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["pupil"].as_str().unwrap().to_string())
            .collect();
        for p in &confirmed {
            assert!(
                logged.contains(p),
                "{p} was confirmed but is not in the log {logged:?}"
            );
        }
        // Decisions go in pupil order, so the log is a prefix of the pupils; one
        // written but not confirmed (killed before the reply) may be there too.
        assert_eq!(logged[..], pupils[..logged.len()]);
        next = logged.len();
        confirmed = logged;
        server = Some(restarted);
        assert!(
            next < pupils.len(),
            "the round has pupils left for the next burst"
        );
    }
    assert!(
        !confirmed.is_empty(),
        "some decisions were confirmed before the kills"
    );
    let log = tmp.path().join("rounds/r1/decisions.jsonl");
    let out = Command::new(env!("CARGO_BIN_EXE_fap"))
        .arg("verify-log")
        .arg(&log)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    server.take().unwrap().kill();
}
