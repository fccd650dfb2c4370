//! Ids and references: the shared school/AP namespace ([`Ids`]); the lists of
//! ids a pupil carries are resolved against it in `pupil_refs`.
//!
//! SCENARIO.md: ids are 1–64 characters of `A-Z a-z 0-9 _ - . /`, unique within
//! their list, and school and AP ids share one namespace. Unknown ids in
//! `preferences`, `avoid`, `pinned` and `travel_km` are errors; in
//! `excluded_from`, `previous_schools` and `siblings_at` they are warnings
//! (children arrive from schools outside the scenario) and are dropped.
//!
//! Ids are read straight from the JSON, so an element with an error elsewhere
//! (or a malformed id, already reported) still counts as known: one mistake,
//! one error. When the `schools` or `ap_providers` list itself cannot be read,
//! no reference is reported unknown. Ids are compared exactly (case-sensitive);
//! the "did you mean" hint ignores case. The `HashMap`s here are for lookups
//! only; nothing iterates them into output unsorted.

use super::issue::{field, index, quote, Issue};
use super::kinds::Target;
use super::load::Cx;
use serde_json::{Map, Value};
use std::collections::HashMap;

/// Longest id accepted.
pub const MAX_ID_LEN: usize = 64;
/// Most preferences a pupil may give.
pub const MAX_PREFERENCES: usize = 6;

/// Is `id` a well-formed id?
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= MAX_ID_LEN
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"_-./".contains(&b))
}

/// The school/AP namespace of a scenario.
pub(super) struct Ids {
    targets: HashMap<String, Target>,
    example_school: Option<String>,
    /// Both lists could be read: an id not in `targets` is really unknown.
    complete: bool,
}

impl Ids {
    /// Reads the ids straight from the JSON, so that an element with a type error
    /// elsewhere still counts as known (no cascade of "unknown id" errors).
    pub(super) fn collect(cx: &mut Cx, obj: &Map<String, Value>) -> Ids {
        let complete = obj.get("schools").is_some_and(Value::is_array)
            && obj.get("ap_providers").is_none_or(Value::is_array);
        let targets = targets(cx, obj);
        check_pupil_ids(cx, obj);
        let example_school = items(obj, "schools")
            .iter()
            .find_map(|s| s.get("id").and_then(Value::as_str))
            .map(str::to_string);
        Ids {
            targets,
            example_school,
            complete,
        }
    }

    pub(super) fn lookup(&self, id: &str) -> Option<Target> {
        self.targets.get(id).copied()
    }

    /// An unknown-id issue, or `None` when the lists of ids could not be read.
    fn unknown(&self, path: &str, id: &str, severity_error: bool, what: &str) -> Option<Issue> {
        if !self.complete {
            return None;
        }
        let msg = format!("unknown school or AP id {}", quote(id));
        let hint = match self.closest(id) {
            Some(s) => format!("did you mean \"{s}\"?"),
            None => match &self.example_school {
                Some(e) => format!("known ids look like {}", quote(e)),
                None => "the scenario has no schools".to_string(),
            },
        };
        Some(if severity_error {
            Issue::error("unknown-id", path, msg).hint(hint)
        } else {
            Issue::warning("unknown-id", path, format!("{msg}; ignored ({what})")).hint(hint)
        })
    }

    /// A known id one typing slip away (case ignored), the smallest on ties.
    /// Linear in the number of ids, without allocation: a file may hold
    /// 50,000 unknown ids, each compared with every school.
    fn closest(&self, id: &str) -> Option<&str> {
        self.targets
            .keys()
            .filter_map(|k| one_slip_apart(id.as_bytes(), k.as_bytes()).map(|d| (d, k.as_str())))
            .min()
            .map(|(_, k)| k)
    }

    /// Reports an unknown id if it is one (see [`Ids::unknown`]).
    pub(super) fn report_unknown(
        &self,
        cx: &mut Cx,
        path: &str,
        id: &str,
        severity_error: bool,
        what: &str,
    ) {
        if let Some(i) = self.unknown(path, id, severity_error, what) {
            cx.push(i);
        }
    }
}

/// The school and AP ids, one namespace: each checked, a repeat reported.
fn targets(cx: &mut Cx, obj: &Map<String, Value>) -> HashMap<String, Target> {
    let mut targets = HashMap::new();
    let mut first_seen: HashMap<String, String> = HashMap::new();
    for (list, is_school) in [("schools", true), ("ap_providers", false)] {
        for (i, item) in items(obj, list).iter().enumerate() {
            let Some(id) = item.get("id").and_then(Value::as_str) else {
                continue;
            };
            let path = field(&index(list, i), "id");
            check_id(cx, &path, id, true);
            if let Some(prev) = first_seen.get(id) {
                cx.push(duplicate_target(&path, id, prev));
                continue;
            }
            first_seen.insert(id.to_string(), path);
            let t = if is_school {
                Target::School(i as u32)
            } else {
                Target::Ap(i as u32)
            };
            targets.insert(id.to_string(), t);
        }
    }
    targets
}

fn duplicate_target(path: &str, id: &str, prev: &str) -> Issue {
    let message = format!("id {} is already used at {prev}", quote(id));
    Issue::error("duplicate-id", path, message)
        .hint("school and AP ids share one namespace and must be unique")
}

/// Pupil ids: each well-formed (never echoed) and used once.
fn check_pupil_ids(cx: &mut Cx, obj: &Map<String, Value>) {
    let mut pupil_ids: HashMap<&str, usize> = HashMap::new();
    for (i, item) in items(obj, "pupils").iter().enumerate() {
        let Some(id) = item.get("id").and_then(Value::as_str) else {
            continue;
        };
        let path = field(&index("pupils", i), "id");
        if !check_id(cx, &path, id, false) {
            continue;
        }
        if let Some(prev) = pupil_ids.insert(id, i) {
            let message = format!("pupil id {} is already used at pupils[{prev}]", quote(id));
            cx.push(Issue::error("duplicate-id", &path, message).hint("pupil ids must be unique"));
        }
    }
}

fn items<'a>(obj: &'a Map<String, Value>, list: &str) -> &'a [Value] {
    obj.get(list)
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

/// `Some(0)` if `a` and `b` are equal ignoring ASCII case, `Some(1)` if one
/// substitution, insertion, deletion or swap of neighbours makes them so.
fn one_slip_apart(a: &[u8], b: &[u8]) -> Option<u8> {
    let eq = |x: &[u8], y: &[u8]| x.eq_ignore_ascii_case(y);
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    let i = short
        .iter()
        .zip(long)
        .position(|(x, y)| !x.eq_ignore_ascii_case(y))
        .unwrap_or(short.len());
    match long.len() - short.len() {
        0 if i == short.len() => Some(0),
        0 => {
            let substitution = eq(&short[i + 1..], &long[i + 1..]);
            let swap = i + 1 < short.len()
                && eq(&short[i..i + 1], &long[i + 1..i + 2])
                && eq(&short[i + 1..i + 2], &long[i..i + 1])
                && eq(&short[i + 2..], &long[i + 2..]);
            (substitution || swap).then_some(1)
        }
        1 => eq(&short[i..], &long[i + 1..]).then_some(1),
        _ => None,
    }
}

/// Reports a malformed id; pupil ids are never repeated (a malformed one may be a name).
fn check_id(cx: &mut Cx, path: &str, id: &str, echo: bool) -> bool {
    if is_valid_id(id) {
        return true;
    }
    let why = if id.is_empty() {
        "must not be empty".to_string()
    } else if id.len() > MAX_ID_LEN {
        format!(
            "is {} characters long; at most {MAX_ID_LEN} are allowed",
            id.chars().count()
        )
    } else if echo {
        format!("{} has characters outside A-Z a-z 0-9 _ - . /", quote(id))
    } else {
        "has characters outside A-Z a-z 0-9 _ - . / (the id is not repeated: pupil data)"
            .to_string()
    };
    cx.push(
        Issue::error("id", path, format!("malformed id: {why}"))
            .hint("ids are pseudonymous references such as \"S012\" or \"P0007\", never names"),
    );
    false
}

#[cfg(test)]
mod tests {
    use super::one_slip_apart;

    #[test]
    fn one_slip_apart_finds_single_typing_slips_only() {
        let d = |a: &str, b: &str| one_slip_apart(a.as_bytes(), b.as_bytes());
        assert_eq!(d("s001", "S001"), Some(0));
        assert_eq!(d("S01", "S001"), Some(1)); // deletion
        assert_eq!(d("S0001", "S001"), Some(1)); // insertion
        assert_eq!(d("S002", "S001"), Some(1)); // substitution
        assert_eq!(d("S010", "S001"), Some(1)); // swap
        assert_eq!(d("S999", "S001"), None);
        assert_eq!(d("S1", "S001"), None);
        assert_eq!(d("", "A"), Some(1));
        assert_eq!(d("AB", "BA"), Some(1));
        assert_eq!(d("ABC", "CBA"), None);
    }
}
