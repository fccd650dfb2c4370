//! The sweep file, `fap-sweep/1`: its wire types and reading them.
//!
//! The layout is documented in `docs/sweep-format.md`. Reading is in two passes:
//! [`crate::scenario::json::parse`] first, for the guards every input gets (BOM,
//! UTF-8, duplicate keys, nesting), then serde into the wire types below, with the
//! JSON path of any shape error. The second pass reads `grid` into a list, so the
//! grid's keys keep the order the file gives them (a `serde_json::Map` would sort
//! them). Meaning is checked in [`crate::sweep::variants`].

use super::grid::Axes;
use super::perturb::Perturb;
use serde::de::{MapAccess, Visitor};
use serde::{Deserialize, Deserializer};
use serde_json::{Map, Value};
use std::fmt;

/// The required value of `format`.
pub const FORMAT: &str = "fap-sweep/1";

/// A problem in a sweep file, with its JSON path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Where, e.g. `variants[2].grid`; empty for the whole file.
    pub path: String,
    /// What is wrong.
    pub message: String,
}

impl Problem {
    /// A problem at `path`.
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> Problem {
        Problem {
            path: path.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "{}", self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

/// A sweep file as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WireSweep {
    /// Always `fap-sweep/1`.
    pub format: String,
    /// A title for the report.
    #[serde(default)]
    pub name: Option<String>,
    /// A scenario file path (relative to the sweep file) or an inline scenario.
    pub base: Value,
    /// Seed of the random perturbations.
    #[serde(default)]
    pub seed: u64,
    /// The variants, in report order.
    pub variants: Vec<WireVariant>,
}

/// One entry of `variants`: a patch, a grid and a perturbation, any of them.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WireVariant {
    /// The variant's name (grid points and draws add a suffix).
    pub name: String,
    /// A keyed merge patch (see [`crate::sweep::patch`]).
    #[serde(default)]
    pub patch: Option<Map<String, Value>>,
    /// Dotted paths and their values, in file order.
    #[serde(default)]
    pub grid: Option<OrderedGrid>,
    /// A random perturbation.
    #[serde(default)]
    pub perturb: Option<Perturb>,
    /// How many draws of the perturbation (default 1).
    #[serde(default)]
    pub draws: Option<u32>,
}

/// A `grid` object read in file order.
#[derive(Debug, Clone, PartialEq)]
pub struct OrderedGrid(pub Axes);

impl<'de> Deserialize<'de> for OrderedGrid {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = OrderedGrid;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object of dotted paths to lists of values")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<OrderedGrid, A::Error> {
                let mut axes = Vec::new();
                while let Some((k, v)) = m.next_entry::<String, Vec<Value>>()? {
                    axes.push((k, v));
                }
                Ok(OrderedGrid(axes))
            }
        }
        d.deserialize_map(V)
    }
}

/// Reads a sweep file's bytes into its wire form, or the first problem.
pub fn parse(bytes: &[u8]) -> Result<WireSweep, Problem> {
    let value = crate::scenario::json::parse(bytes).map_err(|i| {
        let at = match (i.line, i.column) {
            (Some(l), Some(c)) => format!(" (line {l}, column {c})"),
            _ => String::new(),
        };
        Problem::new(i.path, format!("{}{at}", i.message))
    })?;
    match value.get("format").and_then(Value::as_str) {
        Some(FORMAT) => {}
        Some(other) => {
            return Err(Problem::new(
                "format",
                format!("expected {FORMAT:?}, found {:?}", other),
            ))
        }
        None => {
            return Err(Problem::new(
                "format",
                format!("missing: a sweep file starts with {{\"format\": {FORMAT:?}, ...}}"),
            ))
        }
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut de = serde_json::Deserializer::from_slice(bytes);
    serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = crate::scenario::json::json_path(e.path());
        let msg = e.into_inner().to_string();
        let msg = msg.split(" at line ").next().unwrap_or(&msg).to_string();
        Problem::new(path, msg)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grid_keys_keep_file_order() {
        let w = parse(
            br#"{"format": "fap-sweep/1", "base": "b.json", "variants": [
                {"name": "g", "grid": {"policy.z": [1], "policy.a": [2, 3]}}]}"#,
        )
        .unwrap();
        let g = w.variants[0].grid.as_ref().unwrap();
        assert_eq!(g.0[0].0, "policy.z");
        assert_eq!(g.0[1].0, "policy.a");
    }

    #[test]
    fn shape_errors_name_their_path() {
        let e = parse(
            br#"{"format": "fap-sweep/1", "base": "b.json", "variants": [
                {"name": "p", "perturb": {"extra_pupil": 3}}]}"#,
        )
        .unwrap_err();
        assert_eq!(e.path, "variants[0].perturb.extra_pupil");
        assert!(e.message.contains("unknown field"), "{e}");
    }

    #[test]
    fn rejects_duplicate_keys_and_wrong_format() {
        let e = parse(br#"{"format": "fap-sweep/1", "format": "fap-sweep/1"}"#).unwrap_err();
        assert!(e.message.contains("duplicate key"), "{e}");
        let e = parse(br#"{"format": "fap-scenario/1"}"#).unwrap_err();
        assert_eq!(e.path, "format");
    }
}
