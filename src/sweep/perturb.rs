//! Seeded random perturbations, for robustness: "what if more children arrive,
//! what if some free places go?"
//!
//! Each draw is a separate variant with its own name (`… #3`), and its random
//! stream is ChaCha8 seeded from SHA-256 of (the sweep's seed, the variant's
//! name) — never from the thread, the clock or the order variants run in — so a
//! draw is the same on any machine, thread count or shard. Perturbations act on
//! the scenario's JSON value, after patches, and the result is validated like
//! any scenario.
//!
//! - `lose_free_places`: that share of all free places (`pan − on_roll` summed
//!   over school year groups, rounded to the nearest place) is lost, the places
//!   drawn uniformly without replacement; each lost place adds one to `on_roll`.
//! - `extra_pupils`: that many new pupils, each a copy of an existing pupil drawn
//!   uniformly (with replacement) under a new id `sweep.new.<k>`, home moved
//!   uniformly within `jitter_km` of the original. Fields personal to the
//!   original child (`pinned`, `travel_km`, `siblings_at`, `previous_schools`,
//!   `excluded_from`, `avoid`) are dropped.

use rand::seq::index;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

/// Fields of a pupil not copied to a resampled arrival.
const PERSONAL_FIELDS: [&str; 6] = [
    "pinned",
    "travel_km",
    "siblings_at",
    "previous_schools",
    "excluded_from",
    "avoid",
];

/// Metres per degree of latitude (and of longitude at the equator).
const M_PER_DEGREE: f64 = 111_320.0;

/// What a perturbation changes.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Perturb {
    /// New pupils resampled from the existing ones.
    #[serde(default)]
    pub extra_pupils: u32,
    /// Radius of the home jitter of new pupils, km.
    #[serde(default = "default_jitter_km")]
    pub jitter_km: f64,
    /// Share of free places lost, 0..=1.
    #[serde(default)]
    pub lose_free_places: f64,
}

fn default_jitter_km() -> f64 {
    0.5
}

impl Perturb {
    /// What is wrong with the settings, if anything.
    pub fn problem(&self) -> Option<String> {
        if self.extra_pupils == 0 && self.lose_free_places == 0.0 {
            return Some("a perturbation needs extra_pupils > 0 or lose_free_places > 0".into());
        }
        if self.extra_pupils > 100_000 {
            return Some("extra_pupils is at most 100000".into());
        }
        if !(0.0..=1.0).contains(&self.lose_free_places) {
            return Some("lose_free_places is a share between 0 and 1".into());
        }
        if !(0.0..=100.0).contains(&self.jitter_km) {
            return Some("jitter_km is between 0 and 100".into());
        }
        None
    }
}

/// The random stream of one variant: ChaCha8 seeded from SHA-256 of the sweep
/// seed and the variant name.
pub fn rng_for(seed: u64, variant: &str) -> ChaCha8Rng {
    let mut h = Sha256::new();
    h.update(b"fap-sweep/1\0");
    h.update(seed.to_le_bytes());
    h.update(variant.as_bytes());
    ChaCha8Rng::from_seed(h.finalize().into())
}

/// Applies the perturbation to a scenario value. Malformed parts (a pupil
/// without a home, a non-integer PAN) are left alone for validation to report.
pub fn apply(scenario: &mut Value, p: &Perturb, rng: &mut ChaCha8Rng) {
    if p.lose_free_places > 0.0 {
        lose_free_places(scenario, p.lose_free_places, rng);
    }
    if p.extra_pupils > 0 {
        add_pupils(scenario, p.extra_pupils, p.jitter_km, rng);
    }
}

fn lose_free_places(scenario: &mut Value, share: f64, rng: &mut ChaCha8Rng) {
    let Some(schools) = scenario.get_mut("schools").and_then(Value::as_array_mut) else {
        return;
    };
    // One slot per free place: (school, year group key).
    let mut slots: Vec<(usize, String)> = Vec::new();
    for (s, school) in schools.iter().enumerate() {
        let Some(years) = school.get("year_groups").and_then(Value::as_object) else {
            continue;
        };
        for (y, places) in years {
            let pan = places.get("pan").and_then(Value::as_i64).unwrap_or(0);
            let on_roll = places.get("on_roll").and_then(Value::as_i64).unwrap_or(0);
            let free = (pan - on_roll).clamp(0, 1_000_000) as usize;
            slots.extend(std::iter::repeat_n((s, y.clone()), free));
        }
    }
    let lose = ((slots.len() as f64) * share).round() as usize;
    let mut chosen = index::sample(rng, slots.len(), lose.min(slots.len())).into_vec();
    chosen.sort_unstable();
    for i in chosen {
        let (s, y) = &slots[i];
        let on_roll = &mut schools[*s]["year_groups"][y]["on_roll"];
        *on_roll = Value::from(on_roll.as_i64().unwrap_or(0) + 1);
    }
}

fn add_pupils(scenario: &mut Value, extra: u32, jitter_km: f64, rng: &mut ChaCha8Rng) {
    let Some(pupils) = scenario.get_mut("pupils").and_then(Value::as_array_mut) else {
        return;
    };
    let n = pupils.len();
    if n == 0 {
        return;
    }
    for k in 1..=extra {
        let mut p = pupils[rng.gen_range(0..n)].clone();
        let (dx, dy) = disc(rng, jitter_km * 1000.0);
        if let Value::Object(o) = &mut p {
            for f in PERSONAL_FIELDS {
                o.remove(f);
            }
            o.insert("id".into(), Value::String(format!("sweep.new.{k}")));
            if let Some(Value::Object(home)) = o.get_mut("home") {
                jitter(home, dx, dy);
            }
        }
        pupils.push(p);
    }
}

/// A point uniform in a disc of radius `r` metres.
fn disc(rng: &mut ChaCha8Rng, r: f64) -> (f64, f64) {
    let rho = r * rng.gen::<f64>().sqrt();
    let theta = std::f64::consts::TAU * rng.gen::<f64>();
    (rho * theta.cos(), rho * theta.sin())
}

/// Moves a location by (dx east, dy north) metres, staying in range.
fn jitter(home: &mut Map<String, Value>, dx: f64, dy: f64) {
    let num = |h: &Map<String, Value>, k: &str| h.get(k).and_then(Value::as_f64);
    let round = |x: f64| (x * 1e6).round() / 1e6;
    if let (Some(e), Some(n)) = (num(home, "easting"), num(home, "northing")) {
        home.insert("easting".into(), Value::from(round((e + dx).max(0.0))));
        home.insert("northing".into(), Value::from(round((n + dy).max(0.0))));
    } else if let (Some(lat), Some(lon)) = (num(home, "lat"), num(home, "lon")) {
        let lat2 = (lat + dy / M_PER_DEGREE).clamp(-90.0, 90.0);
        let cos = lat.to_radians().cos().max(1e-6);
        let lon2 = (lon + dx / (M_PER_DEGREE * cos)).clamp(-180.0, 180.0);
        home.insert("lat".into(), Value::from(round(lat2)));
        home.insert("lon".into(), Value::from(round(lon2)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn scenario() -> Value {
        json!({
            "schools": [
                {"id": "S1", "year_groups": {"9": {"pan": 30, "on_roll": 20}}},
                {"id": "S2", "year_groups": {"9": {"pan": 30, "on_roll": 30},
                                             "10": {"pan": 10, "on_roll": 0}}}
            ],
            "pupils": [
                {"id": "P1", "home": {"easting": 1000, "northing": 1000}, "pinned": "S1",
                 "siblings_at": ["S2"], "year_group": "9"},
                {"id": "P2", "home": {"easting": 5000, "northing": 5000}, "year_group": "10"}
            ]
        })
    }

    fn free(v: &Value) -> i64 {
        v["schools"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|s| s["year_groups"].as_object().unwrap().values())
            .map(|p| (p["pan"].as_i64().unwrap() - p["on_roll"].as_i64().unwrap()).max(0))
            .sum()
    }

    fn perturbed(p: &Perturb, name: &str) -> Value {
        let mut v = scenario();
        apply(&mut v, p, &mut rng_for(7, name));
        v
    }

    #[test]
    fn loses_the_share_of_free_places() {
        let p = Perturb {
            extra_pupils: 0,
            jitter_km: 0.5,
            lose_free_places: 0.25,
        };
        assert_eq!(free(&scenario()), 20);
        assert_eq!(free(&perturbed(&p, "a")), 15);
    }

    #[test]
    fn adds_resampled_pupils_without_personal_fields_near_a_home() {
        let p = Perturb {
            extra_pupils: 5,
            jitter_km: 0.5,
            lose_free_places: 0.0,
        };
        let v = perturbed(&p, "a");
        let pupils = v["pupils"].as_array().unwrap();
        assert_eq!(pupils.len(), 7);
        for (k, q) in pupils[2..].iter().enumerate() {
            assert_eq!(q["id"], json!(format!("sweep.new.{}", k + 1)));
            assert!(q.get("pinned").is_none() && q.get("siblings_at").is_none());
            let e = q["home"]["easting"].as_f64().unwrap();
            let n = q["home"]["northing"].as_f64().unwrap();
            let near = |x: f64, y: f64| ((e - x).powi(2) + (n - y).powi(2)).sqrt() <= 500.0;
            assert!(near(1000.0, 1000.0) || near(5000.0, 5000.0), "{q}");
        }
    }

    #[test]
    fn draws_are_reproducible_and_differ_by_name_and_seed() {
        let p = Perturb {
            extra_pupils: 3,
            jitter_km: 2.0,
            lose_free_places: 0.5,
        };
        assert_eq!(perturbed(&p, "arrivals #1"), perturbed(&p, "arrivals #1"));
        assert_ne!(perturbed(&p, "arrivals #1"), perturbed(&p, "arrivals #2"));
        let mut other_seed = scenario();
        apply(&mut other_seed, &p, &mut rng_for(8, "arrivals #1"));
        assert_ne!(other_seed, perturbed(&p, "arrivals #1"));
    }

    #[test]
    fn latlon_homes_stay_in_range() {
        let mut home = Map::new();
        home.insert("lat".into(), json!(89.9999));
        home.insert("lon".into(), json!(179.9999));
        jitter(&mut home, 5000.0, 5000.0);
        assert!(home["lat"].as_f64().unwrap() <= 90.0);
        assert!(home["lon"].as_f64().unwrap() <= 180.0);
    }

    #[test]
    fn rejects_settings_out_of_range() {
        let p = |e, l| Perturb {
            extra_pupils: e,
            jitter_km: 0.5,
            lose_free_places: l,
        };
        assert!(p(0, 0.0).problem().is_some());
        assert!(p(0, 1.5).problem().is_some());
        assert!(p(3, 0.0).problem().is_none());
    }
}
