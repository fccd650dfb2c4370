//! A seeded synthetic secondary round for tests and the options bench: schools
//! on a 16 km grid with few free places (so that places fill up), a few AP
//! providers, FAP and in-year pupils with preferences among their nearest
//! schools. Same seed, same bytes.

use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::{json, Value};

/// A round of `pupils` pupils and `schools` schools.
pub fn round(seed: u64, pupils: usize, schools: usize) -> Value {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let (e0, n0) = (530_000.0, 175_000.0);
    let mut school_xy = Vec::new();
    let mut ss = Vec::new();
    for i in 0..schools {
        let (e, n) = (
            e0 + rng.gen_range(0.0..12_000.0f64),
            n0 + rng.gen_range(0.0..12_000.0f64),
        );
        school_xy.push((e, n));
        let pan = [120, 150, 180, 210, 240][rng.gen_range(0..5)];
        let mut years = serde_json::Map::new();
        for y in 7..=11 {
            let on_roll = pan - rng.gen_range(-1i32..=3).max(0) + rng.gen_range(0..2);
            years.insert(y.to_string(), json!({"pan": pan, "on_roll": on_roll}));
        }
        let sex = match i % 12 {
            3 => "girls",
            8 => "boys",
            _ => "mixed",
        };
        let ofsted = [
            "outstanding",
            "good",
            "good",
            "requires_improvement",
            "inadequate",
        ][rng.gen_range(0..5)];
        let trust = ["North Trust", "River Trust", "Oak Academies"]
            .get(i % 5)
            .copied();
        ss.push(json!({
            "id": format!("S{:03}", i + 1),
            "name": format!("School {}", i + 1),
            "location": {"easting": e.round(), "northing": n.round()},
            "sex": sex,
            "ofsted": ofsted,
            "year_groups": years,
            "fap_this_year": {"9": rng.gen_range(0..3), "10": rng.gen_range(0..2)},
            "accepts_fap": i % 17 != 5,
            "trust": trust,
        }));
    }
    let aps = vec![
        json!({"id": "AP1", "name": "Learning Centre", "places": 2, "years": ["7", "11"],
               "location": {"easting": e0 + 5000.0, "northing": n0 + 6000.0},
               "specialisms": ["semh"]}),
        json!({"id": "AP2", "name": "Medical Unit", "places": 1, "years": ["9", "11"],
               "location": {"easting": e0 + 11000.0, "northing": n0 + 9000.0},
               "specialisms": ["medical"]}),
    ];
    let mut ps = Vec::new();
    for i in 0..pupils {
        let (e, n) = (
            e0 + rng.gen_range(0.0..12_000.0f64),
            n0 + rng.gen_range(0.0..12_000.0f64),
        );
        let mut near: Vec<usize> = (0..schools).collect();
        let d2 = |s: usize| (school_xy[s].0 - e).powi(2) + (school_xy[s].1 - n).powi(2);
        near.sort_by(|&a, &b| d2(a).total_cmp(&d2(b)));
        let id = |s: usize| format!("S{:03}", s + 1);
        let fap = rng.gen_bool(0.7);
        let route = if !fap {
            "school"
        } else {
            ["school", "school", "school", "either", "ap"][rng.gen_range(0..5)]
        };
        let mut prefs: Vec<String> = if route == "ap" {
            Vec::new()
        } else {
            let mut top: Vec<usize> = near[..6.min(schools)].to_vec();
            top.shuffle(&mut rng);
            top.into_iter().take(rng.gen_range(0..4)).map(id).collect()
        };
        if route != "school" && rng.gen_bool(0.3) {
            prefs.push("AP1".into());
        }
        let sex = ["f", "m", "x"][rng.gen_range(0..3)];
        let mut p = json!({
            "id": format!("P{:04}", i + 1),
            "kind": if fap { "fap" } else { "in_year" },
            "year_group": rng.gen_range(7..=11).to_string(),
            "sex": sex,
            "home": {"easting": e.round(), "northing": n.round()},
            "days_out_of_education": rng.gen_range(0..40),
            "preferences": prefs,
            "route": route,
            "behaviour_concern": rng.gen_bool(0.3),
            "load_weight": if rng.gen_bool(0.1) { 2.0 } else { 1.0 },
        });
        if fap {
            let category = ["a", "b", "d", "e", "h"][rng.gen_range(0..5)];
            p["category"] = json!(category);
            p["needs"] = json!(if rng.gen_bool(0.3) {
                vec!["semh"]
            } else {
                vec![]
            });
        }
        if rng.gen_bool(0.15) {
            p["excluded_from"] = json!([id(near[rng.gen_range(0..3)])]);
        }
        if rng.gen_bool(0.1) {
            p["siblings_at"] = json!([id(near[rng.gen_range(0..4)])]);
        }
        if rng.gen_bool(0.1) {
            p["previous_schools"] = json!([id(near[rng.gen_range(0..4)])]);
        }
        ps.push(p);
    }
    json!({
        "format": "fap-scenario/1",
        "meta": {"name": format!("synthetic round {seed}")},
        "policy": {"fap_cap": {"mode": "soft"}},
        "schools": ss,
        "ap_providers": aps,
        "pupils": ps,
    })
}
