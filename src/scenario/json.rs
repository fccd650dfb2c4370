//! Raw JSON reading with the guards a hostile file needs.
//!
//! serde_json alone would accept duplicate keys (keeping the last) and would let
//! a multi-gigabyte file be read into memory. This module reads bytes under a
//! size limit, drops a UTF-8 byte-order mark, reports invalid UTF-8 with its line
//! and column, and parses into a `serde_json::Value` while rejecting duplicate
//! keys with their JSON path. Nesting is bounded by serde_json's recursion limit
//! ([`MAX_DEPTH`]), so deeply nested arrays are an error, never a stack overflow.
//! serde_json's messages are reworded for people who edit files in spreadsheets
//! ("the file ends in the middle of an object", "NaN is not a JSON number").

use super::issue::{self, Issue};
use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};
use std::fmt;

/// Parses scenario bytes into a JSON value, or the one issue that stops reading.
pub fn parse(bytes: &[u8]) -> Result<Value, Box<Issue>> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Err(e) = std::str::from_utf8(bytes) {
        return Err(Box::new(utf8_issue(bytes, e.valid_up_to())));
    }
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(Box::new(
            Issue::error("json-syntax", "", "the file is empty").hint(
                "a scenario is a JSON object starting with {\"format\": \"fap-scenario/1\", ...}",
            ),
        ));
    }
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = json_path(e.path());
        let inner = e.into_inner();
        Box::new(syntax_issue(bytes, &path, &inner))
    })?;
    de.end()
        .map_err(|e| Box::new(syntax_issue(bytes, "", &e)))?;
    let Checked(value) = value;
    Ok(value)
}

fn utf8_issue(bytes: &[u8], valid_up_to: usize) -> Issue {
    let utf16 = bytes.starts_with(b"\xFF\xFE")
        || bytes.starts_with(b"\xFE\xFF")
        || bytes.iter().take(64).any(|&b| b == 0);
    let (message, hint) = if utf16 {
        (
            "the file is UTF-16, not UTF-8",
            "save it again as UTF-8 (in Excel: 'CSV UTF-8'; in Notepad: encoding UTF-8)",
        )
    } else {
        (
            "the file is not valid UTF-8",
            "save the file as UTF-8 (in Excel: 'CSV UTF-8'; in editors: encoding UTF-8)",
        )
    };
    let (line, column) = line_col(bytes, valid_up_to);
    let mut i = Issue::error("json-utf8", "", message).hint(hint);
    i.line = Some(line);
    i.column = Some(column);
    i
}

/// serde_json's message in plain words, with the code and hint that go with it.
fn syntax_issue(bytes: &[u8], path: &str, e: &serde_json::Error) -> Issue {
    let text = e.to_string();
    // serde_json appends " at line L column C"; we report those separately.
    let msg = text.split(" at line ").next().unwrap_or(&text);
    let at = offset_of(bytes, e.line(), e.column());
    let (code, message, hint): (_, String, _) = if msg.starts_with("duplicate key") {
        (
            "json-duplicate-key",
            msg.into(),
            "each key may appear once in an object; remove or rename one",
        )
    } else if msg.contains("recursion limit") {
        (
            "json-too-deep",
            format!("nested more than {MAX_DEPTH} levels deep"),
            "a scenario nests at most a few levels; this file is not a scenario",
        )
    } else if msg.contains("number out of range") {
        (
            "json-number",
            "number out of range".into(),
            "numbers must fit a 64-bit float (e.g. 1e400 does not)",
        )
    } else if let Some(word) = non_finite_at(bytes, at) {
        (
            "json-number",
            format!("{word} is not a JSON number"),
            "numbers must be finite; leave the field out to use its default",
        )
    } else if let Some(what) = msg.strip_prefix("EOF while parsing ") {
        (
            "json-syntax",
            format!("the file ends in the middle of {}", with_article(what)),
            "the file looks cut short: check that it was saved or copied completely",
        )
    } else if msg == "trailing characters" {
        (
            "json-syntax",
            "more text after the end of the scenario object".into(),
            "a scenario is one JSON object; remove what follows its closing }",
        )
    } else if msg == "key must be a string" {
        (
            "json-syntax",
            "expected a key in double quotes".into(),
            "JSON keys and strings use double quotes: \"format\", not 'format' or format",
        )
    } else if msg == "trailing comma" {
        (
            "json-syntax",
            "a comma before a closing ] or }".into(),
            "JSON allows no comma after the last item: remove it",
        )
    } else {
        (
            "json-syntax",
            msg.into(),
            "check for a missing comma, quote or bracket near this position",
        )
    };
    let mut i = Issue::error(code, path, message).hint(hint);
    if e.line() > 0 {
        i.line = Some(e.line());
        i.column = Some(e.column());
    }
    i
}

/// serde_json's recursion limit: objects and lists nest at most this deep.
pub const MAX_DEPTH: usize = 128;

/// `NaN`, `Infinity` or `-Infinity` where the parser stopped (serde_json stops on
/// their first character, or just after a minus sign).
fn non_finite_at(bytes: &[u8], at: Option<usize>) -> Option<&'static str> {
    let at = at?;
    let from = at.saturating_sub(1);
    ["-Infinity", "+Infinity", "Infinity", "NaN", "-NaN"]
        .into_iter()
        .find(|w| bytes[from..].starts_with(w.as_bytes()) || bytes[at..].starts_with(w.as_bytes()))
}

fn with_article(what: &str) -> String {
    match what {
        "list" => "a list".into(),
        "object" => "an object".into(),
        "string" => "a string".into(),
        "value" => "a value".into(),
        other => other.into(),
    }
}

/// Byte offset of a 1-based (line, column) as serde_json reports them.
fn offset_of(bytes: &[u8], line: usize, column: usize) -> Option<usize> {
    if line == 0 {
        return None;
    }
    let start = if line == 1 {
        0
    } else {
        bytes
            .iter()
            .enumerate()
            .filter(|(_, &b)| b == b'\n')
            .nth(line - 2)
            .map(|(i, _)| i + 1)?
    };
    Some((start + column.saturating_sub(1)).min(bytes.len()))
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
