//! Diagnostics: what `fap validate` reports and `fap solve` refuses on.
//!
//! Validation never stops at the first problem; every check pushes an [`Issue`]
//! with a stable code (listed in `docs/errors.md`), the JSON path it concerns, a
//! message and, where we can guess the fix, a hint. Messages quote ids, never
//! free-text values (pupils' data is special-category), and long values are cut:
//! quoted values at 40 characters, paths at [`MAX_PATH`] (a hostile file can make
//! a key of a megabyte or a path 128 levels deep).

use serde::Serialize;
use std::fmt;

/// Error stops a solve; warning is shown and the solve goes on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The scenario cannot be used.
    Error,
    /// The scenario can be used, but something looks wrong.
    Warning,
}

/// One finding about a scenario file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Issue {
    /// Error or warning.
    pub severity: Severity,
    /// Stable code, documented in `docs/errors.md`.
    pub code: &'static str,
    /// JSON path, e.g. `pupils[3].preferences[1]`; empty for the whole file.
    pub path: String,
    /// What is wrong.
    pub message: String,
    /// What to do about it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    /// 1-based line and column, for JSON syntax errors.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// 1-based column, for JSON syntax errors.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
}

impl Issue {
    /// A new error.
    pub fn error(code: &'static str, path: impl Into<String>, message: impl Into<String>) -> Issue {
        Issue {
            severity: Severity::Error,
            code,
            path: shorten(path.into(), MAX_PATH),
            message: message.into(),
            hint: None,
            line: None,
            column: None,
        }
    }

    /// A new warning.
    pub fn warning(
        code: &'static str,
        path: impl Into<String>,
        message: impl Into<String>,
    ) -> Issue {
        Issue {
            severity: Severity::Warning,
            ..Issue::error(code, path, message)
        }
    }

    /// Adds a hint.
    pub fn hint(mut self, hint: impl Into<String>) -> Issue {
        self.hint = Some(hint.into());
        self
    }

    /// Is this an error?
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Issue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{sev}: ")?;
        if !self.path.is_empty() {
            write!(f, "{}: ", self.path)?;
        }
        write!(f, "{}", self.message)?;
        if let (Some(l), Some(c)) = (self.line, self.column) {
            write!(f, " (line {l}, column {c})")?;
        }
        write!(f, " [{}]", self.code)?;
        if let Some(h) = &self.hint {
            write!(f, "\n  hint: {h}")?;
        }
        Ok(())
    }
}

/// Longest path an issue carries, in characters; longer ones end in `…`.
pub const MAX_PATH: usize = 120;

/// Quotes a value for a message, cutting long ones (a 10 MB id must not flood a terminal).
pub fn quote(value: &str) -> String {
    const MAX: usize = 40;
    let n = value.chars().count();
    if n <= MAX {
        format!("{value:?}")
    } else {
        let head: String = value.chars().take(MAX).collect();
        format!("{head:?}… ({n} characters)")
    }
}

fn shorten(s: String, max: usize) -> String {
    match s.char_indices().nth(max) {
        None => s,
        Some((cut, _)) => format!("{}…", &s[..cut]),
    }
}

/// A JSON path under construction: `pupils[3].preferences[1]`, `schools[0].year_groups."12"`.
/// A name that is not a plain identifier (an unknown key can be anything) is quoted and cut.
pub fn field(parent: &str, name: &str) -> String {
    let plain = !name.is_empty()
        && name.len() <= 40
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
    let name = if plain { name.to_string() } else { quote(name) };
    if parent.is_empty() {
        name
    } else {
        format!("{parent}.{name}")
    }
}

/// `parent[i]`.
pub fn index(parent: &str, i: usize) -> String {
    format!("{parent}[{i}]")
}

/// `parent."key"`: map keys are always quoted, as SCENARIO.md shows.
pub fn key(parent: &str, k: &str) -> String {
    format!("{parent}.{}", quote(k))
}

/// The issues to print, errors first, at most `max` of each severity, and a
/// closing line saying how many were left out (a hostile file can carry
/// 100,000 mistakes; a terminal should not).
pub fn capped(
    issues: &[Issue],
    max_errors: usize,
    max_warnings: usize,
) -> (Vec<&Issue>, Option<String>) {
    let errors: Vec<&Issue> = issues.iter().filter(|i| i.is_error()).collect();
    let warnings: Vec<&Issue> = issues.iter().filter(|i| !i.is_error()).collect();
    let (ne, nw) = (
        errors.len().saturating_sub(max_errors),
        warnings.len().saturating_sub(max_warnings),
    );
    let shown = errors
        .into_iter()
        .take(max_errors)
        .chain(warnings.into_iter().take(max_warnings))
        .collect();
    let note = (ne + nw > 0).then(|| format!("… and {ne} more error(s), {nw} more warning(s) not shown (fap validate --format json lists them all)"));
    (shown, note)
}
