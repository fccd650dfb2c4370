//! Grids: the Cartesian product of listed values for dotted paths.
//!
//! A grid entry `"policy.fap_cap.per_30_pan": [1, 1.5, 2]` names a field by a
//! dotted path; each point of the product becomes a patch (the nested object the
//! path spells, see [`crate::sweep::patch`]) and a name suffix such as
//! `[per_30_pan=1.5, mode=hard]`. Paths into the keyed lists work too
//! (`schools.S012.year_groups.9.pan`), so an id containing a dot can only be
//! reached with a patch. The product runs in the order the file lists the keys,
//! the last key varying fastest, so the variant order is the file's order.

use serde_json::{Map, Value};

/// Grid keys in file order, each with its values.
pub type Axes = Vec<(String, Vec<Value>)>;

/// One grid point: its name suffix and the patch it applies.
#[derive(Debug, Clone, PartialEq)]
pub struct Point {
    /// `[key=value, ...]`.
    pub suffix: String,
    /// The nested object the dotted paths spell.
    pub patch: Value,
}

/// Number of points of the product (saturating), 0 if any axis is empty.
pub fn count(axes: &Axes) -> usize {
    axes.iter()
        .map(|(_, vs)| vs.len())
        .fold(1usize, usize::saturating_mul)
}

/// Every point of the product, the last axis varying fastest.
pub fn expand(axes: &Axes) -> Vec<Point> {
    let labels = labels(axes);
    let n = count(axes);
    let mut points = Vec::with_capacity(n);
    for mut i in 0..n {
        let mut pick = vec![0; axes.len()];
        for (a, (_, vs)) in axes.iter().enumerate().rev() {
            pick[a] = i % vs.len();
            i /= vs.len();
        }
        let mut patch = Value::Object(Map::new());
        let mut parts = Vec::with_capacity(axes.len());
        for (a, (path, vs)) in axes.iter().enumerate() {
            let v = &vs[pick[a]];
            set_path(&mut patch, path, v.clone());
            parts.push(format!("{}={}", labels[a], show(v)));
        }
        points.push(Point {
            suffix: format!("[{}]", parts.join(", ")),
            patch,
        });
    }
    points
}

/// Is the dotted path well formed (non-empty segments)?
pub fn is_valid_path(path: &str) -> bool {
    !path.is_empty() && path.split('.').all(|s| !s.is_empty())
}

/// Each axis's label: its last path segment, or the whole path where two axes
/// share a last segment.
fn labels(axes: &Axes) -> Vec<&str> {
    axes.iter()
        .map(|(p, _)| {
            let shared = axes.iter().filter(|(q, _)| last(q) == last(p)).count() > 1;
            if shared {
                p.as_str()
            } else {
                last(p)
            }
        })
        .collect()
}

/// The last segment of a dotted path.
fn last(path: &str) -> &str {
    path.rsplit('.').next().unwrap_or(path)
}

/// Writes `v` at the dotted `path` inside `root`, creating objects on the way.
fn set_path(root: &mut Value, path: &str, v: Value) {
    let mut cur = root;
    let mut segs = path.split('.').peekable();
    while let Some(seg) = segs.next() {
        if !cur.is_object() {
            *cur = Value::Object(Map::new());
        }
        let Value::Object(o) = cur else {
            unreachable!("made an object just above")
        };
        if segs.peek().is_none() {
            o.insert(seg.to_string(), v);
            return;
        }
        cur = o.entry(seg.to_string()).or_insert(Value::Null);
    }
}

/// A value as shown in a name: strings bare, everything else as JSON.
fn show(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn axes(v: Value) -> Axes {
        v.as_array()
            .unwrap()
            .iter()
            .map(|p| {
                (
                    p[0].as_str().unwrap().to_string(),
                    p[1].as_array().unwrap().clone(),
                )
            })
            .collect()
    }

    #[test]
    fn product_counts_multiply() {
        let a = axes(json!([
            ["policy.fap_cap.per_30_pan", [1, 1.5, 2]],
            ["policy.fap_cap.mode", ["hard", "soft"]],
            ["policy.weights.unplaced", [50, 100, 200, 400]]
        ]));
        assert_eq!(count(&a), 24);
        assert_eq!(expand(&a).len(), 24);
        assert_eq!(count(&axes(json!([["policy.max_above_pan", []]]))), 0);
    }

    #[test]
    fn last_axis_varies_fastest_and_names_use_the_last_segment() {
        let a = axes(json!([
            ["policy.fap_cap.per_30_pan", [1, 2]],
            ["policy.fap_cap.mode", ["hard", "soft"]]
        ]));
        let names: Vec<String> = expand(&a).into_iter().map(|p| p.suffix).collect();
        assert_eq!(
            names,
            [
                "[per_30_pan=1, mode=hard]",
                "[per_30_pan=1, mode=soft]",
                "[per_30_pan=2, mode=hard]",
                "[per_30_pan=2, mode=soft]"
            ]
        );
    }

    #[test]
    fn a_point_is_the_nested_patch_of_its_paths() {
        let a = axes(json!([
            ["policy.fap_cap.per_30_pan", [1.5]],
            ["policy.fap_cap.mode", ["hard"]],
            ["schools.S012.year_groups.9.pan", [31]]
        ]));
        assert_eq!(
            expand(&a)[0].patch,
            json!({"policy": {"fap_cap": {"per_30_pan": 1.5, "mode": "hard"}},
                   "schools": {"S012": {"year_groups": {"9": {"pan": 31}}}}})
        );
    }

    #[test]
    fn shared_last_segments_are_named_by_full_path() {
        let a = axes(json!([
            ["policy.max_travel_km.primary", [4]],
            ["policy.weights.primary", [1]]
        ]));
        assert_eq!(
            expand(&a)[0].suffix,
            "[policy.max_travel_km.primary=4, policy.weights.primary=1]"
        );
    }

    #[test]
    fn rejects_empty_path_segments() {
        assert!(is_valid_path("policy.max_above_pan"));
        assert!(!is_valid_path("policy..x"));
        assert!(!is_valid_path(""));
    }
}
