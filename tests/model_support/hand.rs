//! Hand-made scenarios for `model_rules` and `model_costs`: builders and an
//! assertion of the exact optimum and assignment.
//!
//! Conventions: every pupil lives at the grid origin and every school or AP
//! provider lies on the easting axis; `route_factor` is 1, so a school at `km`
//! is `km` away.

use super::{close, load, solve_default};
use serde_json::{json, Value};

/// Year 7 with room: pan 30, on roll 20.
pub const Y7: (&str, i64, i64) = ("7", 30, 20);

/// A school `km` east of the pupils, teaching `years` as (year, pan, on_roll).
pub fn school(id: &str, km: f64, years: &[(&str, i64, i64)]) -> Value {
    let yg: serde_json::Map<String, Value> = years
        .iter()
        .map(|&(y, pan, on_roll)| (y.to_string(), json!({"pan": pan, "on_roll": on_roll})))
        .collect();
    json!({"id": id, "location": {"easting": km * 1000.0, "northing": 0}, "year_groups": yg})
}

/// An AP provider `km` east of the pupils.
pub fn ap(id: &str, km: f64, places: i64, years: [&str; 2]) -> Value {
    json!({"id": id, "location": {"easting": km * 1000.0, "northing": 0},
           "places": places, "years": years})
}

/// A FAP pupil (category d, sex f) at the origin.
pub fn fap(id: &str, year: &str) -> Value {
    json!({"id": id, "kind": "fap", "category": "d", "year_group": year, "sex": "f",
           "home": {"easting": 0, "northing": 0}})
}

/// An in-year pupil (sex f) at the origin.
pub fn in_year(id: &str, year: &str) -> Value {
    json!({"id": id, "kind": "in_year", "year_group": year, "sex": "f",
           "home": {"easting": 0, "northing": 0}})
}

/// `v` with the fields of `extra` set.
pub fn with(mut v: Value, extra: Value) -> Value {
    for (k, x) in extra.as_object().expect("an object") {
        v[k] = x.clone();
    }
    v
}

/// Solves the scenario and asserts the optimum and every pupil's placement
/// (`None`: unplaced).
pub fn expect(
    policy: Value,
    schools: Vec<Value>,
    aps: Vec<Value>,
    pupils: Vec<Value>,
    objective: f64,
    placed: &[Option<&str>],
) {
    let policy = with(json!({"route_factor": 1.0}), policy);
    let doc = json!({"format": "fap-scenario/1", "meta": {"name": "hand-made"}, "policy": policy,
                     "schools": schools, "ap_providers": aps, "pupils": pupils});
    let sc = load(&doc.to_string());
    let solved = solve_default(&sc);
    let got: Vec<Option<&str>> = solved
        .assignment
        .iter()
        .map(|t| t.map(|t| sc.target_id(t)))
        .collect();
    assert_eq!(got, placed, "assignment");
    assert!(
        close(solved.objective, objective),
        "objective {} expected {objective}",
        solved.objective
    );
}
