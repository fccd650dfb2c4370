//! Reading a plan file into the `fap-plan/1` types, or one clear error.
//!
//! A plan that does not parse is not checked at all: the error names the JSON
//! path (from serde_path_to_error), the line and column, and the code
//! `plan-json`; a wrong `format` is `plan-format`. Both end `fap check` with
//! exit status 2, like a plan that breaks a rule.

use crate::plan::{Plan, FORMAT};
use crate::scenario::issue::{quote, Issue};
use crate::scenario::json::json_path;

const HINT: &str = "fap check reads plan files written by `fap solve` (docs/plan-format.md)";

/// Parses plan bytes (a UTF-8 byte-order mark is ignored). The issue is boxed: it is large
/// and the happy path should not pay for it.
pub fn read_plan(bytes: &[u8]) -> Result<Plan, Box<Issue>> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    // A scenario (or any other JSON) given as the plan: say so, not "unknown field `meta`".
    if let Ok(Head {
        format: Some(format),
    }) = serde_json::from_slice(bytes)
    {
        check_format(&format)?;
    }
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let plan: Plan = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = json_path(e.path());
        json_issue(&path, e.inner())
    })?;
    de.end().map_err(|e| json_issue("", &e))?;
    check_format(&plan.format)?;
    Ok(plan)
}

/// Just the `format` field, read before the rest.
#[derive(serde::Deserialize)]
struct Head {
    format: Option<String>,
}

fn check_format(format: &str) -> Result<(), Box<Issue>> {
    if format == FORMAT {
        return Ok(());
    }
    Err(Box::new(
        Issue::error(
            "plan-format",
            "format",
            format!("expected {FORMAT:?}, found {}", quote(format)),
        )
        .hint(HINT),
    ))
}

fn json_issue(path: &str, e: &serde_json::Error) -> Box<Issue> {
    let text = e.to_string();
    // serde_json appends " at line L column C"; Issue shows those itself.
    let message = text.split(" at line ").next().unwrap_or(&text).to_string();
    let mut i = Issue::error("plan-json", path, message).hint(HINT);
    if e.line() > 0 {
        i.line = Some(e.line());
        i.column = Some(e.column());
    }
    Box::new(i)
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = r#"{"format": "fap-plan/1",
      "scenario": {"name": "t", "sha256": "00", "pupils": 1, "schools": 1, "ap_providers": 0},
      "generator": {"fap_version": "0.1.0", "git_commit": "x", "solver": "highs",
                    "options": {"proposals": 1, "min_diff": 1, "time_limit_s": null, "mip_rel_gap": 1e-7}},
      "proposals": [{"rank": 1, "objective": 1.0, "status": "optimal", "mip_gap": 0.0,
                     "gap_to_best": 0.0, "differs_from_best": [],
                     "assignments": [{"pupil": "P1", "school": "S1", "km": 1.0, "cost": 1.0}]}]}"#;

    #[test]
    fn reads_a_minimal_plan_with_a_byte_order_mark() {
        let mut bytes = b"\xEF\xBB\xBF".to_vec();
        bytes.extend_from_slice(MINIMAL.as_bytes());
        let plan = read_plan(&bytes).expect("valid");
        assert_eq!(
            plan.proposals[0].assignments[0].school.as_deref(),
            Some("S1")
        );
    }

    #[test]
    fn a_wrong_type_names_its_json_path() {
        let bad = MINIMAL.replace(r#""cost": 1.0"#, r#""cost": "cheap""#);
        let e = read_plan(bad.as_bytes()).unwrap_err();
        assert_eq!(e.code, "plan-json");
        assert_eq!(e.path, "proposals[0].assignments[0].cost");
        assert!(
            e.message.starts_with("invalid type: string"),
            "{}",
            e.message
        );
        assert_eq!(e.line, Some(7));
    }

    #[test]
    fn an_unknown_field_is_an_error() {
        let bad = MINIMAL.replace(r#""km": 1.0"#, r#""kms": 1.0"#);
        let e = read_plan(bad.as_bytes()).unwrap_err();
        assert_eq!(e.path, "proposals[0].assignments[0].kms");
        assert!(e.message.contains("unknown field `kms`"), "{}", e.message);
    }

    #[test]
    fn a_scenario_file_is_not_a_plan() {
        let bad = MINIMAL.replace("fap-plan/1", "fap-scenario/1").replace(
            r#""scenario": {"#,
            r#""meta": {"name": "t"}, "scenario": {"#,
        );
        let e = read_plan(bad.as_bytes()).unwrap_err();
        assert_eq!(e.code, "plan-format");
        assert_eq!(
            e.to_string().lines().next().unwrap(),
            r#"error: format: expected "fap-plan/1", found "fap-scenario/1" [plan-format]"#
        );
    }

    #[test]
    fn trailing_text_is_an_error() {
        let bad = format!("{MINIMAL} x");
        assert_eq!(read_plan(bad.as_bytes()).unwrap_err().code, "plan-json");
    }
}
