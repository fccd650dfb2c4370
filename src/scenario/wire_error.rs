//! serde's shape errors turned into our issues: unknown fields point at the
//! field with a "did you mean", type errors say in words what was expected and
//! what the field is for, and no value is echoed (serde never quotes one in the
//! messages handled here, and we do not add any).

use super::issue::{field, Issue};
use serde_json::Value;

/// Turns a serde message about the element at `path` into an issue.
pub(super) fn serde_issue(path: &str, msg: &str) -> Issue {
    let backticked: Vec<&str> = msg.split('`').skip(1).step_by(2).collect();
    if let Some(rest) = msg.strip_prefix("unknown field `") {
        let name = rest.split('`').next().unwrap_or("");
        let expected = &backticked[1.min(backticked.len())..];
        // serde_path_to_error's path already ends at the unknown key.
        let parent = path
            .strip_suffix(&field("", name))
            .map_or(path, |p| p.strip_suffix('.').unwrap_or(p));
        return unknown_field(parent, name, expected);
    }
    if let Some(rest) = msg.strip_prefix("missing field `") {
        let name = rest.split('`').next().unwrap_or("");
        return Issue::error(
            "missing-field",
            path,
            format!("missing required field `{name}`"),
        )
        .hint(required_hint(name));
    }
    if let Some(rest) = msg.strip_prefix("invalid type: ") {
        let (found, expected) = rest
            .split_once(", expected ")
            .unwrap_or((rest, "another type"));
        let found = found.split(' ').next().unwrap_or(found);
        let found = match found {
            "string" => "a string",
            "integer" => "a whole number",
            "floating" => "a decimal number",
            "boolean" => "a boolean",
            "null" => "null",
            "map" => "an object",
            "sequence" => "a list",
            other => other,
        };
        let expected = match expected {
            "i64" => "a whole number",
            "f64" => "a number",
            "a sequence" => "a list",
            "a map" => "an object",
            "a boolean" => "true or false",
            e if e.starts_with("struct ") => "an object",
            e => e,
        };
        let hint = if found == "null" {
            "null is allowed only for `pinned`, `trust` and `category`; leave the field out to use its default".to_string()
        } else {
            type_hint(path, expected)
        };
        return Issue::error("type", path, format!("expected {expected}, found {found}"))
            .hint(hint);
    }
    if msg.starts_with("invalid value: ") {
        return Issue::error("type", path, "expected a whole number in range")
            .hint("counts are whole numbers from 0 to 10000000");
    }
    if msg.starts_with("a location") {
        return Issue::error("location", path, msg).hint(
            "write {\"easting\": 535120, \"northing\": 181350} or {\"lat\": 51.515, \"lon\": -0.031}",
        );
    }
    Issue::error("value", path, msg.to_string())
}

/// An `unknown-field` issue for `name` in the object at `parent`.
pub(super) fn unknown_field(parent: &str, name: &str, expected: &[&str]) -> Issue {
    let mut i = Issue::error(
        "unknown-field",
        field(parent, name),
        format!("unknown field {}", super::issue::quote(name)),
    );
    i.hint = Some(match suggest(name, expected.iter().copied()) {
        Some(s) => format!("did you mean `{s}`?"),
        None if expected.is_empty() => "remove this field".to_string(),
        None => format!("expected one of: {}", expected.join(", ")),
    });
    i
}

/// What a missing required field holds.
fn required_hint(name: &str) -> String {
    let what = match name {
        "id" => "a pseudonymous id such as \"S012\" or \"P0007\"",
        "kind" => "\"fap\" or \"in_year\"",
        "year_group" => "\"R\", \"1\" … \"11\"",
        "sex" => "\"f\", \"m\" or \"x\"",
        "home" | "location" => "{\"easting\": …, \"northing\": …} or {\"lat\": …, \"lon\": …}",
        "year_groups" => "{\"7\": {\"pan\": 180, \"on_roll\": 178}, …}",
        "pan" | "on_roll" | "places" => "a whole number ≥ 0",
        "years" => "[first, last], e.g. [\"7\", \"11\"]",
        "easting" | "northing" | "lat" | "lon" => "a number",
        _ => return "see docs/scenario-format.md for the required fields".into(),
    };
    format!("add `{name}`: {what}")
}

/// What the field at `path` holds, from its last name.
fn type_hint(path: &str, expected: &str) -> String {
    let last = path
        .rsplit(['.', '['])
        .next()
        .unwrap_or(path)
        .trim_end_matches(']');
    let in_map = |m: &str| path.contains(&format!(".{m}."));
    if last == "year_group" || path.contains(".years[") {
        "year groups are strings: \"R\", \"1\" … \"11\"".into()
    } else if matches!(last, "pan" | "on_roll" | "places" | "max_above_pan")
        || in_map("fap_this_year")
    {
        "counts are whole numbers ≥ 0, written without a decimal point (150, not 150.0 or \"150\")"
            .into()
    } else if last == "id" {
        "ids are strings, e.g. \"S012\" or \"P0007\"".into()
    } else if expected == "a list" {
        "write a list in square brackets, e.g. [\"S012\", \"S003\"] or []".into()
    } else {
        "see docs/scenario-format.md for each field's type".into()
    }
}

/// "a string", "a number", … for messages (never the value itself: it may be personal data).
pub(super) fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(n) if n.is_f64() => "a decimal number",
        Value::Number(_) => "a whole number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// The closest candidate to a misspelt name or id, if any is close (case-insensitive).
pub fn suggest<'a>(name: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let name = name.to_lowercase();
    candidates
        .map(|c| (strsim::jaro_winkler(&name, &c.to_lowercase()), c))
        .filter(|(s, _)| *s >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_field_path_names_the_field_once() {
        let i = serde_issue(
            "policy.rout_factor",
            "unknown field `rout_factor`, expected one of `route_factor`, `weights`",
        );
        assert_eq!(i.path, "policy.rout_factor");
        assert_eq!(i.hint.as_deref(), Some("did you mean `route_factor`?"));
    }

    #[test]
    fn suggest_ignores_case_of_both_sides() {
        let ids = ["S001", "S002", "AP1"];
        assert_eq!(suggest("s001", ids.iter().copied()), Some("S001"));
        assert_eq!(suggest("ap1", ids.iter().copied()), Some("AP1"));
        assert_eq!(suggest("Q", ids.iter().copied()), None);
    }

    #[test]
    fn type_errors_hint_at_the_field() {
        let i = serde_issue(
            "schools[0].year_groups.\"9\".pan",
            "invalid type: floating point `150.5`, expected i64",
        );
        assert_eq!(i.message, "expected a whole number, found a decimal number");
        assert!(i.hint.unwrap().contains("whole numbers"));
        let i = serde_issue(
            "pupils[0].year_group",
            "invalid type: integer `7`, expected a string",
        );
        assert!(i.hint.unwrap().contains("year groups are strings"));
    }
}
