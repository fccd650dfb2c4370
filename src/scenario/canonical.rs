//! The canonical JSON of a scenario, the bytes every fap writer produces
//! (`generate`, `import`, `export`, `next-round`).
//!
//! The top-level keys in the documented order, one school, AP provider or pupil
//! per line (compact), floats in serde_json's shortest round-trip form, a final
//! newline. It is readable, diffs one line per changed pupil, and keeps a
//! 5,000-pupil scenario to a couple of megabytes. The same wire value always
//! gives the same bytes. It sits with the wire types so that every writer can
//! use it without depending on another writer.

use super::wire::WireScenario;
use serde::Serialize;

/// The canonical JSON bytes of a scenario.
pub fn scenario_json(w: &WireScenario) -> Vec<u8> {
    let mut out = Vec::with_capacity(256 * (w.pupils.len() + w.schools.len() + 4));
    out.extend_from_slice(b"{\n  \"format\": ");
    push(&mut out, &w.format);
    out.extend_from_slice(b",\n  \"meta\": ");
    push(&mut out, &w.meta);
    if let Some(p) = &w.policy {
        out.extend_from_slice(b",\n  \"policy\": ");
        push(&mut out, p);
    }
    list(&mut out, "schools", &w.schools);
    list(&mut out, "ap_providers", &w.ap_providers);
    list(&mut out, "pupils", &w.pupils);
    out.extend_from_slice(b"\n}\n");
    out
}

fn push<T: Serialize>(out: &mut Vec<u8>, v: &T) {
    serde_json::to_writer(&mut *out, v).expect("wire types serialise");
}

fn list<T: Serialize>(out: &mut Vec<u8>, name: &str, items: &[T]) {
    out.extend_from_slice(format!(",\n  \"{name}\": [").as_bytes());
    for (i, item) in items.iter().enumerate() {
        out.extend_from_slice(if i == 0 { b"\n    " } else { b",\n    " });
        push(out, item);
    }
    if !items.is_empty() {
        out.extend_from_slice(b"\n  ");
    }
    out.push(b']');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_json_loads_back_to_the_same_wire_value() {
        let json = br#"{"format": "fap-scenario/1", "meta": {"name": "t"},
          "schools": [{"id": "S1", "location": {"easting": 1000, "northing": 1000},
                       "year_groups": {"9": {"pan": 30, "on_roll": 29}}}],
          "pupils": [{"id": "P1", "kind": "fap", "category": "d", "year_group": "9",
                      "sex": "f", "home": {"easting": 2000.5, "northing": 1000}}]}"#;
        let w: WireScenario = serde_json::from_slice(json).unwrap();
        let bytes = scenario_json(&w);
        let back: WireScenario = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(w, back);
        assert!(crate::validate::load_bytes(&bytes).scenario.is_some());
        let text = String::from_utf8(bytes).unwrap();
        assert!(text.contains("\n    {\"id\":\"P1\""), "{text}");
        assert!(text.contains("\"ap_providers\": []"), "{text}");
    }
}
