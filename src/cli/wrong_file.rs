//! A file passed where a scenario is expected: say in one line what it is and
//! which command takes it, instead of a page of validation errors.
//!
//! Only the first bytes are looked at (a zip signature, a CSV header line,
//! the `format` field of a JSON file), so a real scenario costs nothing.

use crate::error::FapError;
use std::path::Path;

/// What `bytes` are and which command takes them, when they are not a scenario.
pub fn describe(bytes: &[u8]) -> Option<&'static str> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.starts_with(b"PK\x03\x04") {
        return Some(
            "a workbook, not a scenario; `fap import FILE -o round.json` builds a scenario from it",
        );
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]);
    let text = head.trim_start();
    if !text.starts_with(['{', '[']) {
        let line = text.lines().next().unwrap_or("");
        let csv = line.contains(',') || line.contains(';') || line.contains('\t');
        return csv.then_some(
            "a CSV file, not a scenario; `fap import DIR -o round.json` builds a scenario from the folder of CSV files",
        );
    }
    match format_field(text)? {
        "fap-scenario/1" => None,
        "fap-plan/1" => Some("a plan (fap-plan/1), not a scenario; `fap check SCENARIO PLAN` and `fap report PLAN --scenario SCENARIO` take it"),
        "fap-sweep/1" => Some("a sweep (fap-sweep/1), not a scenario; `fap sweep FILE -o DIR` takes it"),
        "fap-sweep-manifest/1" | "fap-sweep-result/1" => Some("a sweep's output, not a scenario; `fap sweep` wrote it (its report is in the same folder)"),
        _ => None,
    }
}

/// The value of the first `"format": "…"` in the text, if any.
fn format_field(text: &str) -> Option<&str> {
    let at = text.find("\"format\"")?;
    let rest = text[at + 8..].trim_start().strip_prefix(':')?.trim_start();
    let rest = rest.strip_prefix('"')?;
    Some(&rest[..rest.find('"')?])
}

/// The one-line error for `path` when its bytes are not a scenario.
pub fn refuse(path: &Path, bytes: &[u8]) -> Result<(), FapError> {
    match describe(bytes) {
        Some(what) => Err(FapError::Input(format!(
            "{}: this is {what}",
            path.display()
        ))),
        None => Ok(()),
    }
}

/// [`refuse`] on the first bytes of the file at `path` (nothing when it
/// cannot be read: the caller's own read reports that), for files that are
/// not JSON: `fap validate` reports a JSON file of another format itself,
/// as an issue at its `format` field.
pub fn refuse_non_json(path: &Path) -> Result<(), FapError> {
    if let Some(e) = directory(path) {
        return Err(e);
    }
    use std::io::Read;
    let mut head = Vec::new();
    if let Ok(f) = std::fs::File::open(path) {
        let _ = f.take(4096).read_to_end(&mut head);
    }
    let text = String::from_utf8_lossy(&head);
    if text
        .trim_start_matches('\u{feff}')
        .trim_start()
        .starts_with('{')
    {
        return Ok(());
    }
    refuse(path, &head)
}

/// The one-line error for a directory passed as a scenario.
pub fn directory(path: &Path) -> Option<FapError> {
    path.is_dir().then(|| {
        let what = if path.join("pupils.csv").is_file() {
            "a CSV bundle, not a scenario; `fap import DIR -o round.json` builds a scenario from it"
        } else {
            "a directory, not a scenario file"
        };
        FapError::Input(format!("{}: this is {what}", path.display()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_what_the_file_is() {
        let plan = br#"{"format": "fap-plan/1", "scenario": {}}"#;
        assert!(describe(plan).unwrap().starts_with("a plan"));
        assert!(describe(b"{\n \"format\" : \"fap-sweep/1\"}")
            .unwrap()
            .starts_with("a sweep"));
        assert!(describe(b"id,kind,year_group\nP1,fap,9\n")
            .unwrap()
            .starts_with("a CSV"));
        assert!(describe(b"PK\x03\x04rest")
            .unwrap()
            .starts_with("a workbook"));
        assert_eq!(describe(br#"{"format": "fap-scenario/1"}"#), None);
        assert_eq!(describe(b"{ not json"), None);
    }
}
