//! From bytes to a validated [`Scenario`], collecting every issue on the way.
//!
//! The flow is one-way: bytes → JSON value ([`json`]) → wire types,
//! one list element at a time so that a type error in `pupils[3]` does not hide
//! one in `pupils[7]` → semantic checks → [`Scenario`]. This file holds the
//! walk and the context (`Cx`); the checks are by area, in the private modules
//! `values`, `policy`, `schools`, `pupil` and `refs`. Checks that need the
//! option rules (pinned pupils, pupils with no option) and the size limits run
//! after these, above this module ([`crate::validate`]), on a scenario without
//! errors; [`Checked::finish`] then orders the issues. The scenario module so
//! stays at the bottom of the crate: it uses no module above it.
//!
//! One mistake should give one error: checks that depend on a part already
//! found wrong stay quiet (no "unknown id" for every preference when the
//! `schools` list itself is missing).

use super::issue::{index, quote, Issue};
use super::json;
use super::types::*;
use super::wire::*;
pub use super::wire_error::suggest;
use super::wire_error::{kind_of, serde_issue, unknown_field};
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::path::Path;

/// The required value of `format`.
pub const FORMAT: &str = "fap-scenario/1";

/// What reading a scenario produced: the scenario when there was no error, and
/// every issue (errors and warnings) found.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// `Some` when there is no error.
    pub scenario: Option<Scenario>,
    /// All findings, errors first then warnings, each in file order.
    pub issues: Vec<Issue>,
}

impl Loaded {
    /// Are there errors?
    pub fn has_errors(&self) -> bool {
        self.issues.iter().any(Issue::is_error)
    }
}

/// Reads a file whole, unless it is larger than `max_bytes`.
pub fn read_limited(path: &Path, max_bytes: u64) -> Result<Vec<u8>, Box<Issue>> {
    use std::io::Read;
    let f = std::fs::File::open(path).map_err(|e| {
        Issue::error("file-read", "", format!("cannot open: {}", io_reason(&e)))
            .hint("check the path; run `fap validate --help` for examples")
    })?;
    let too_big = |n: u64| {
        Issue::error(
            "file-too-large",
            "",
            format!(
                "the file is {}, over the input limit of {}",
                mib(n),
                mib(max_bytes)
            ),
        )
        .hint("raise the limit with --max-input-mb if this really is a scenario")
    };
    if let Ok(m) = f.metadata() {
        if m.is_dir() {
            return Err(Box::new(Issue::error(
                "file-read",
                "",
                "this is a directory, not a scenario file",
            )));
        }
        if m.len() > max_bytes {
            return Err(Box::new(too_big(m.len())));
        }
    }
    let mut bytes = Vec::new();
    f.take(max_bytes.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| Issue::error("file-read", "", format!("cannot read: {}", io_reason(&e))))?;
    if bytes.len() as u64 > max_bytes {
        return Err(Box::new(too_big(bytes.len() as u64)));
    }
    Ok(bytes)
}

/// Bytes in MiB for messages: "2.0 MiB".
fn mib(n: u64) -> String {
    format!("{:.1} MiB", n as f64 / (1024.0 * 1024.0))
}

/// A short reason for an I/O error, without the OS's path echo.
pub fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

/// The scenario's own checks done: the JSON value (when it parsed), the
/// scenario (when there is no error yet) and the issues so far.
#[derive(Debug)]
pub struct Checked {
    value: Option<Value>,
    /// `Some` while there is no error.
    pub scenario: Option<Scenario>,
    /// Every issue so far, in the order found.
    pub issues: Vec<Issue>,
}

/// Runs the scenario's own checks on its bytes.
pub fn check_bytes(bytes: &[u8]) -> Checked {
    let value = match json::parse(bytes) {
        Ok(v) => v,
        Err(i) => {
            return Checked {
                value: None,
                scenario: None,
                issues: vec![*i],
            }
        }
    };
    let mut cx = Cx::default();
    let scenario = cx.scenario(&value).filter(|_| !cx.has_errors());
    Checked {
        value: Some(value),
        scenario,
        issues: cx.issues,
    }
}

impl Checked {
    /// Errors first then warnings, each in file order; warnings about a pupil
    /// name it; the scenario only when no error was found.
    pub fn finish(self) -> Loaded {
        let mut issues = self.issues;
        if let Some(v) = &self.value {
            name_pupils(v, &mut issues);
        }
        issues.sort_by_key(|i| i.severity); // stable: file order within each severity
        let scenario = self
            .scenario
            .filter(|_| !issues.iter().any(Issue::is_error));
        Loaded { scenario, issues }
    }
}

/// Warnings at `pupils[N]` name the pupil too: a 0-based index alone sends
/// the coordinator counting rows (errors already quote what they need).
fn name_pupils(v: &Value, issues: &mut [Issue]) {
    let Some(pupils) = v.get("pupils").and_then(Value::as_array) else {
        return;
    };
    for i in issues.iter_mut().filter(|i| !i.is_error()) {
        let n = i
            .path
            .strip_prefix("pupils[")
            .and_then(|r| r.split(']').next());
        let id = n
            .and_then(|n| n.parse::<usize>().ok())
            .and_then(|n| pupils.get(n)?.get("id")?.as_str());
        if let Some(id) = id.map(quote) {
            if !i.message.contains(&id) {
                i.message = format!("pupil {id}: {}", i.message);
            }
        }
    }
}

/// The validation context: issues found so far and the scenario's location kind.
#[derive(Default)]
pub(super) struct Cx {
    /// Everything found so far, in the order found.
    pub(super) issues: Vec<Issue>,
    /// The first location seen: (is it grid?, its path). One kind per scenario.
    pub(super) grid: Option<(bool, String)>,
}

impl Cx {
    fn has_errors(&self) -> bool {
        self.issues.iter().any(Issue::is_error)
    }

    pub(super) fn push(&mut self, i: Issue) {
        self.issues.push(i);
    }

    fn scenario(&mut self, v: &Value) -> Option<Scenario> {
        let Some(obj) = v.as_object() else {
            self.push(
                Issue::error(
                    "type",
                    "",
                    format!("expected a JSON object, found {}", kind_of(v)),
                )
                .hint("a scenario starts with {\"format\": \"fap-scenario/1\", ...}"),
            );
            return None;
        };
        for k in obj.keys() {
            if !TOP_LEVEL_KEYS.contains(&k.as_str()) {
                self.unknown_field("", k, TOP_LEVEL_KEYS);
            }
        }
        match obj.get("format") {
            None => self.push(
                Issue::error("missing-field", "", "missing required field `format`")
                    .hint(format!("add \"format\": \"{FORMAT}\"")),
            ),
            Some(Value::String(s)) if s == FORMAT => {}
            Some(other) => {
                let hint = match other.as_str() {
                    Some(f) if f.starts_with("fap-plan/") => {
                        "this is a plan file (fap solve's output), not a scenario"
                    }
                    _ => "this version of fap reads fap-scenario/1 files only",
                };
                self.push(
                    Issue::error(
                        "format",
                        "format",
                        format!("expected \"{FORMAT}\", found {}", short_value(other)),
                    )
                    .hint(hint),
                )
            }
        }
        let name = self.meta(obj.get("meta"));
        let policy = match obj.get("policy") {
            None => Some(Policy::default()),
            Some(p) => self
                .de::<WirePolicy>(p, "policy")
                .and_then(|w| self.policy(w)),
        };
        let schools = self.list::<WireSchool>(obj.get("schools"), "schools", true);
        let aps = self.list::<WireAp>(obj.get("ap_providers"), "ap_providers", false);
        let pupils = self.list::<WirePupil>(obj.get("pupils"), "pupils", true);

        let ids = super::refs::Ids::collect(self, obj);
        let schools: Vec<School> = schools
            .iter()
            .filter_map(|(i, w)| self.school(*i, w))
            .collect();
        let aps: Vec<ApProvider> = aps.iter().filter_map(|(i, w)| self.ap(*i, w)).collect();
        let pupils: Vec<Pupil> = pupils
            .iter()
            .filter_map(|(i, w)| self.pupil(*i, w, &ids))
            .collect();
        let policy = policy?;
        if self.has_errors() {
            return None;
        }
        Some(Scenario {
            name: name?,
            policy,
            schools,
            aps,
            pupils,
            reference: None,
        })
    }

    fn meta(&mut self, v: Option<&Value>) -> Option<String> {
        meta_name(v).map_err(|i| self.push(*i)).ok()
    }

    /// Deserializes each element of a list on its own, so one bad element does
    /// not hide the next. Returns (index, element) for the ones that parsed.
    fn list<T: DeserializeOwned>(
        &mut self,
        v: Option<&Value>,
        name: &str,
        required: bool,
    ) -> Vec<(usize, T)> {
        match v {
            None if required => {
                self.push(
                    Issue::error(
                        "missing-field",
                        "",
                        format!("missing required field `{name}`"),
                    )
                    .hint(format!("add \"{name}\": [] if there are none")),
                );
                Vec::new()
            }
            None => Vec::new(),
            Some(Value::Array(items)) => items
                .iter()
                .enumerate()
                .filter_map(|(i, item)| self.de::<T>(item, &index(name, i)).map(|t| (i, t)))
                .collect(),
            Some(other) => {
                self.push(
                    Issue::error(
                        "type",
                        name,
                        format!("expected a list, found {}", kind_of(other)),
                    )
                    .hint(format!(
                        "write \"{name}\": [ … ] with one object per item, or [] if there are none"
                    )),
                );
                Vec::new()
            }
        }
    }

    fn de<T: DeserializeOwned>(&mut self, v: &Value, prefix: &str) -> Option<T> {
        match serde_path_to_error::deserialize::<_, T>(v) {
            Ok(t) => Some(t),
            Err(e) => {
                let rel = json::json_path(e.path());
                let path = join(prefix, &rel);
                let msg = e.into_inner().to_string();
                self.push(serde_issue(&path, &msg));
                None
            }
        }
    }

    fn unknown_field(&mut self, parent: &str, name: &str, expected: &[&str]) {
        self.push(unknown_field(parent, name, expected));
    }
}

fn join(prefix: &str, rel: &str) -> String {
    if rel.is_empty() {
        prefix.to_string()
    } else if prefix.is_empty() || rel.starts_with('[') {
        format!("{prefix}{rel}")
    } else {
        format!("{prefix}.{rel}")
    }
}

fn short_value(v: &Value) -> String {
    match v {
        Value::String(s) => quote(s),
        other => kind_of(other).to_string(),
    }
}

/// `meta.name`, or what is wrong with `meta`.
fn meta_name(v: Option<&Value>) -> Result<String, Box<Issue>> {
    let hint = "add \"meta\": {\"name\": \"Autumn 2 secondary panel\"}";
    let m = match v {
        None => Err(Issue::error("missing-field", "", "missing required field `meta`").hint(hint)),
        Some(Value::Object(m)) => Ok(m),
        Some(other) => {
            let found = format!("expected an object, found {}", kind_of(other));
            Err(Issue::error("type", "meta", found).hint(hint))
        }
    }?;
    match m.get("name") {
        Some(Value::String(s)) if !s.trim().is_empty() => Ok(s.clone()),
        Some(Value::String(_)) => {
            Err(Issue::error("value", "meta.name", "must not be empty").hint(hint))
        }
        Some(other) => {
            let found = format!("expected a string, found {}", kind_of(other));
            Err(Issue::error("type", "meta.name", found))
        }
        None => {
            Err(Issue::error("missing-field", "meta", "missing required field `name`").hint(hint))
        }
    }
    .map_err(Box::new)
}
