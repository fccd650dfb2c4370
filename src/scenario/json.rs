//! Raw JSON reading with the guards a hostile file needs.
//!
//! serde_json alone would accept duplicate keys (keeping the last) and would let
//! a multi-gigabyte file be read into memory. This module reads bytes under a
//! size limit, drops a UTF-8 byte-order mark, reports invalid UTF-8 with its line
//! and column, and parses into a `serde_json::Value` while rejecting duplicate
//! keys with their JSON path. Nesting is bounded by serde_json's recursion limit
//! (128), so deeply nested arrays are an error, never a stack overflow.

use super::issue::{self, Issue};
use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};
use std::fmt;

/// Default largest input accepted, in bytes (256 MiB; a 50,000-pupil scenario is ~25 MB).
pub const DEFAULT_MAX_INPUT_BYTES: u64 = 256 * 1024 * 1024;

/// Parses scenario bytes into a JSON value, or the one issue that stops reading.
pub fn parse(bytes: &[u8]) -> Result<Value, Issue> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Err(e) = std::str::from_utf8(bytes) {
        let (line, column) = line_col(bytes, e.valid_up_to());
        let mut i = Issue::error("json-utf8", "", "the file is not valid UTF-8")
            .hint("save the file as UTF-8 (in Excel: 'CSV UTF-8'; in editors: encoding UTF-8)");
        i.line = Some(line);
        i.column = Some(column);
        return Err(i);
    }
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(Issue::error("json-syntax", "", "the file is empty").hint(
            "a scenario is a JSON object starting with {\"format\": \"fap-scenario/1\", ...}",
        ));
    }
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = json_path(e.path());
        let inner = e.into_inner();
        syntax_issue(&path, &inner)
    })?;
    de.end().map_err(|e| syntax_issue("", &e))?;
    let Checked(value) = value;
    Ok(value)
}

fn syntax_issue(path: &str, e: &serde_json::Error) -> Issue {
    let text = e.to_string();
    // serde_json appends " at line L column C"; we report those separately.
    let msg = text.split(" at line ").next().unwrap_or(&text).to_string();
    let (code, hint) = if msg.starts_with("duplicate key") {
        (
            "json-duplicate-key",
            "each key may appear once in an object; remove or rename one",
        )
    } else if msg.contains("recursion limit") {
        (
            "json-too-deep",
            "a scenario nests at most a few levels; this file is not a scenario",
        )
    } else if msg.contains("number out of range") {
        (
            "json-number",
            "numbers must fit a 64-bit float (e.g. 1e400 does not)",
        )
    } else {
        ("json-syntax", "check for a missing comma, quote or bracket near this position; NaN and Infinity are not JSON")
    };
    let mut i = Issue::error(code, path, msg).hint(hint);
    if e.line() > 0 {
        i.line = Some(e.line());
        i.column = Some(e.column());
    }
    i
}

/// 1-based line and column of a byte offset.
pub fn line_col(bytes: &[u8], offset: usize) -> (usize, usize) {
    let before = &bytes[..offset.min(bytes.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let col = before.iter().rev().take_while(|&&b| b != b'\n').count() + 1;
    (line, col)
}

/// Renders a serde_path_to_error path in our style (`a[1].b."k"`). Segments after
/// one of the map-valued fields are map keys and are quoted.
pub fn json_path(p: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    const MAP_FIELDS: &[&str] = &["year_groups", "fap_this_year", "travel_km"];
    let mut out = String::new();
    let mut prev_is_map = false;
    for seg in p.iter() {
        match seg {
            Segment::Seq { index } => {
                out = issue::index(&out, *index);
                prev_is_map = false;
            }
            Segment::Map { key } | Segment::Enum { variant: key } => {
                if prev_is_map {
                    out = issue::key(&out, key);
                    prev_is_map = false;
                } else {
                    out = issue::field(&out, key);
                    prev_is_map = MAP_FIELDS.contains(&key.as_str());
                }
            }
            Segment::Unknown => {}
        }
    }
    out
}

/// A JSON value whose objects had no duplicate keys.
struct Checked(Value);

impl<'de> de::Deserialize<'de> for Checked {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(CheckedVisitor).map(Checked)
    }
}

struct CheckedVisitor;

impl<'de> Visitor<'de> for CheckedVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        serde_json::Number::from_f64(v)
            .map(Value::Number)
            .ok_or_else(|| E::custom("number out of range"))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut out = Vec::new();
        while let Some(Checked(v)) = seq.next_element()? {
            out.push(v);
        }
        Ok(Value::Array(out))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Map::new();
        while let Some(k) = map.next_key::<String>()? {
            if out.contains_key(&k) {
                return Err(de::Error::custom(format!(
                    "duplicate key {}",
                    issue::quote(&k)
                )));
            }
            let Checked(v) = map.next_value_seed(CheckedSeed)?;
            out.insert(k, v);
        }
        Ok(Value::Object(out))
    }
}

struct CheckedSeed;

impl<'de> DeserializeSeed<'de> for CheckedSeed {
    type Value = Checked;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Checked, D::Error> {
        <Checked as de::Deserialize>::deserialize(d)
    }
}
