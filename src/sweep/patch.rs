//! Patches: JSON Merge Patch (RFC 7386), with the scenario's lists keyed by id.
//!
//! A plain merge patch can only replace an array whole, so saying "school S012,
//! year 9, PAN 31" would mean restating every school. Here the three top-level
//! lists `schools`, `ap_providers` and `pupils` are addressed as objects keyed by
//! `id`: a key that names an element merges into it, a new key appends an element
//! (its `id` is the key), and `null` removes the element. Everything else —
//! including arrays inside elements, such as `preferences` — follows RFC 7386
//! exactly. Giving one of the lists as an array still replaces it whole.
//!
//! The result is a JSON value, not a scenario: the patched file goes through the
//! normal validation afterwards, so a patch cannot smuggle in an invalid
//! scenario. What a patch itself can get wrong (removing an id the scenario does
//! not have, renaming through `id`) is a [`PatchError`], so a typo never passes
//! as a no-op.

use serde_json::{Map, Value};

/// The lists addressed by id in a patch.
pub const KEYED_LISTS: [&str; 3] = ["schools", "ap_providers", "pupils"];

/// A patch that cannot be applied.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PatchError {
    /// A patch (or a scenario) that is not a JSON object at the top.
    #[error("a patch must be a JSON object, e.g. {{\"policy\": {{\"max_above_pan\": 2}}}}")]
    NotAnObject,
    /// `null` for an id the list does not have.
    #[error("{list}: cannot remove {id:?}: there is no such id")]
    UnknownId {
        /// `schools`, `ap_providers` or `pupils`.
        list: &'static str,
        /// The id.
        id: String,
    },
    /// The element's `id` field disagrees with its key.
    #[error("{list}.{key:?}: the patch sets id {id:?}; to rename, remove the old id and add the new one")]
    IdMismatch {
        /// The list.
        list: &'static str,
        /// The key the element was addressed by.
        key: String,
        /// The `id` inside the patch.
        id: String,
    },
    /// The list to merge into is not an array in the scenario.
    #[error("{list}: the scenario's {list} is not a list")]
    NotAList {
        /// The list.
        list: &'static str,
    },
}

/// Applies `patch` to a scenario value in place.
pub fn apply(scenario: &mut Value, patch: &Value) -> Result<(), PatchError> {
    let (Value::Object(target), Value::Object(patch)) = (scenario, patch) else {
        return Err(PatchError::NotAnObject);
    };
    for (k, v) in patch {
        match (KEYED_LISTS.iter().find(|l| **l == k), v) {
            (Some(list), Value::Object(by_id)) => patch_list(target, list, by_id)?,
            _ if v.is_null() => {
                target.remove(k);
            }
            _ => merge(target.entry(k.clone()).or_insert(Value::Null), v),
        }
    }
    Ok(())
}

/// Patches the keyed list `list` of `target` (an empty one when absent) by id.
fn patch_list(
    target: &mut Map<String, Value>,
    list: &'static str,
    by_id: &Map<String, Value>,
) -> Result<(), PatchError> {
    let elements = target
        .entry(list)
        .or_insert_with(|| Value::Array(Vec::new()));
    let Value::Array(elements) = elements else {
        return Err(PatchError::NotAList { list });
    };
    merge_keyed(list, elements, by_id)
}

/// RFC 7386 MergePatch(target, patch).
pub fn merge(target: &mut Value, patch: &Value) {
    let Value::Object(p) = patch else {
        *target = patch.clone();
        return;
    };
    if !target.is_object() {
        *target = Value::Object(Map::new());
    }
    let Value::Object(t) = target else {
        unreachable!("made an object just above")
    };
    for (k, v) in p {
        if v.is_null() {
            t.remove(k);
        } else {
            merge(t.entry(k.clone()).or_insert(Value::Null), v);
        }
    }
}

fn merge_keyed(
    list: &'static str,
    elements: &mut Vec<Value>,
    by_id: &Map<String, Value>,
) -> Result<(), PatchError> {
    for (id, p) in by_id {
        check_inner_id(list, id, p)?;
        let at = elements
            .iter()
            .position(|e| e.get("id").and_then(Value::as_str) == Some(id.as_str()));
        match (at, p.is_null()) {
            (Some(i), true) => {
                elements.remove(i);
            }
            (None, true) => {
                return Err(PatchError::UnknownId {
                    list,
                    id: id.clone(),
                })
            }
            (Some(i), false) => merge(&mut elements[i], p),
            (None, false) => elements.push(new_element(id, p)),
        }
    }
    Ok(())
}

/// An element patch keyed `key` whose own `id` is another is an error.
fn check_inner_id(list: &'static str, key: &str, p: &Value) -> Result<(), PatchError> {
    match p.get("id") {
        Some(Value::String(inner)) if inner != key => Err(PatchError::IdMismatch {
            list,
            key: key.to_string(),
            id: inner.clone(),
        }),
        _ => Ok(()),
    }
}

/// A new element: the patch merged into an empty object, its `id` the key unless it gives one.
fn new_element(id: &str, p: &Value) -> Value {
    let mut e = Value::Object(Map::new());
    merge(&mut e, p);
    if let Value::Object(o) = &mut e {
        o.entry("id")
            .or_insert_with(|| Value::String(id.to_string()));
    }
    e
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn base() -> Value {
        json!({
            "format": "fap-scenario/1",
            "policy": {"fap_cap": {"mode": "soft", "per_30_pan": 1.0}},
            "schools": [
                {"id": "S001", "year_groups": {"9": {"pan": 30, "on_roll": 29}}},
                {"id": "S012", "year_groups": {"9": {"pan": 30, "on_roll": 30},
                                               "10": {"pan": 30, "on_roll": 28}}}
            ],
            "pupils": [{"id": "P1", "preferences": ["S001", "S012"]}]
        })
    }

    #[test]
    fn changes_a_nested_field_of_one_school_by_id() {
        let mut v = base();
        apply(
            &mut v,
            &json!({"schools": {"S012": {"year_groups": {"9": {"pan": 31}}}}}),
        )
        .unwrap();
        assert_eq!(
            v["schools"][1]["year_groups"],
            json!({"9": {"pan": 31, "on_roll": 30}, "10": {"pan": 30, "on_roll": 28}})
        );
        assert_eq!(v["schools"][0], base()["schools"][0]);
    }

    #[test]
    fn adds_an_element_under_a_new_key_with_that_id() {
        let mut v = base();
        apply(
            &mut v,
            &json!({"pupils": {"P2": {"kind": "fap", "avoid": null}}}),
        )
        .unwrap();
        assert_eq!(v["pupils"][1], json!({"id": "P2", "kind": "fap"}));
        assert_eq!(v["pupils"].as_array().unwrap().len(), 2);
    }

    #[test]
    fn null_removes_an_element_and_a_field() {
        let mut v = base();
        apply(
            &mut v,
            &json!({"schools": {"S001": null, "S012": {"year_groups": {"10": null}}}}),
        )
        .unwrap();
        assert_eq!(
            v["schools"],
            json!([{"id": "S012", "year_groups": {"9": {"pan": 30, "on_roll": 30}}}])
        );
    }

    #[test]
    fn arrays_inside_elements_are_replaced_whole() {
        let mut v = base();
        apply(
            &mut v,
            &json!({"pupils": {"P1": {"preferences": ["S012"]}}}),
        )
        .unwrap();
        assert_eq!(v["pupils"][0]["preferences"], json!(["S012"]));
    }

    #[test]
    fn a_list_given_as_an_array_replaces_the_list() {
        let mut v = base();
        apply(&mut v, &json!({"pupils": []})).unwrap();
        assert_eq!(v["pupils"], json!([]));
    }

    #[test]
    fn policy_merges_as_plain_merge_patch() {
        let mut v = base();
        apply(
            &mut v,
            &json!({"policy": {"fap_cap": {"mode": "hard"}, "max_above_pan": 2}}),
        )
        .unwrap();
        assert_eq!(
            v["policy"],
            json!({"fap_cap": {"mode": "hard", "per_30_pan": 1.0}, "max_above_pan": 2})
        );
    }

    #[test]
    fn adds_a_list_the_scenario_lacks() {
        let mut v = base();
        apply(&mut v, &json!({"ap_providers": {"AP1": {"places": 3}}})).unwrap();
        assert_eq!(v["ap_providers"], json!([{"id": "AP1", "places": 3}]));
    }

    #[test]
    fn rejects_removing_an_unknown_id() {
        let mut v = base();
        let e = apply(&mut v, &json!({"schools": {"S999": null}})).unwrap_err();
        assert_eq!(
            e,
            PatchError::UnknownId {
                list: "schools",
                id: "S999".into()
            }
        );
    }

    #[test]
    fn rejects_renaming_through_id() {
        let mut v = base();
        let e = apply(&mut v, &json!({"schools": {"S001": {"id": "S002"}}})).unwrap_err();
        assert!(matches!(e, PatchError::IdMismatch { .. }), "{e}");
    }

    #[test]
    fn rfc7386_examples_hold_for_plain_values() {
        // RFC 7386, Appendix A (a selection).
        let cases = [
            (json!({"a": "b"}), json!({"a": "c"}), json!({"a": "c"})),
            (
                json!({"a": "b"}),
                json!({"b": "c"}),
                json!({"a": "b", "b": "c"}),
            ),
            (
                json!({"a": "b", "b": "c"}),
                json!({"a": null}),
                json!({"b": "c"}),
            ),
            (json!({"a": ["b"]}), json!({"a": "c"}), json!({"a": "c"})),
            (
                json!({"a": {"b": "c"}}),
                json!({"a": {"b": "d", "c": null}}),
                json!({"a": {"b": "d"}}),
            ),
            (json!(["a", "b"]), json!(["c", "d"]), json!(["c", "d"])),
            (
                json!({"e": null}),
                json!({"a": 1}),
                json!({"e": null, "a": 1}),
            ),
            (
                json!({}),
                json!({"a": {"bb": {"ccc": null}}}),
                json!({"a": {"bb": {}}}),
            ),
        ];
        for (mut target, patch, want) in cases {
            merge(&mut target, &patch);
            assert_eq!(target, want);
        }
    }
}
