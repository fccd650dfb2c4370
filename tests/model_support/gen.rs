//! Generated tiny scenarios that exercise every rule and cost term of MODEL.md.
//!
//! A [`Spec`] is plain numbers (proptest shrinks them well); [`Spec::case`]
//! turns it into `fap-scenario/1` JSON and loads it through fap's own loader,
//! so the defaults of SCENARIO.md are the loader's. References (preferences,
//! exclusions, pins, `travel_km`) are indices taken modulo the number of
//! schools and AP providers, so every spec is a valid scenario; pins that would
//! break a hard rule or overfill a place are dropped (validation would reject
//! them, rightly).
//!
//! Values are chosen to sit on the rules' edges: `travel_km` overrides equal
//! to the walking and travel limits, PANs that give caps of 1 and 2, ledgers
//! above a school's fair share, `on_roll` above PAN, AP providers without places.

use super::brute;
use fap::scenario::{Scenario, Target};
use fap::validate::load_bytes;
use proptest::prelude::*;
use serde_json::{json, Map, Value};
use std::ops::RangeInclusive;

/// Year groups used: one under-8 and one 8+ primary year, two secondary years.
pub const YEARS: [&str; 4] = ["1", "4", "7", "10"];
/// Year groups a school teaches (indices into [`YEARS`]), by the scenario's year pool
/// (secondary pupils, primary pupils, both): mostly what the pupils need.
const TEACHES: [[&[usize]; 8]; 3] = [
    [
        &[2, 3],
        &[2, 3],
        &[2, 3],
        &[2, 3],
        &[0, 1, 2, 3],
        &[0, 1, 2, 3],
        &[2],
        &[0, 1],
    ],
    [
        &[0, 1],
        &[0, 1],
        &[0, 1],
        &[0, 1],
        &[0, 1, 2, 3],
        &[0, 1, 2, 3],
        &[1],
        &[2, 3],
    ],
    [
        &[0, 1, 2, 3],
        &[0, 1, 2, 3],
        &[0, 1, 2, 3],
        &[0, 1, 2, 3],
        &[0, 1, 2],
        &[1, 2, 3],
        &[0, 1],
        &[2, 3],
    ],
];
const PANS: [i64; 8] = [0, 1, 2, 2, 15, 30, 60, 90];
const FREE: [i64; 8] = [0, 1, 1, 1, 2, 2, 3, -2]; // -2: on_roll two above PAN
const AP_YEARS: [(&str, &str); 4] = [("1", "4"), ("7", "10"), ("4", "7"), ("10", "10")];
const TAGS: [&str; 2] = ["semh", "medical"];
const DAYS: [f64; 4] = [0.0, 5.0, 20.0, 45.0];
const LOAD: [f64; 4] = [1.0, 1.0, 2.0, 0.5];
const KM: [f64; 10] = [0.5, 3.219, 3.22, 4.828, 5.0, 10.0, 15.0, 2.0, 12.0, 6.0];
const WEIGHTS: [&str; 13] = [
    "distance_per_km",
    "transport",
    "not_preferred",
    "previous_school",
    "sibling_bonus",
    "unplaced",
    "weak_school",
    "above_pan",
    "over_cap",
    "over_fair_share",
    "ap_route",
    "ap_needs_match",
    "fap_priority",
];

/// The rules.
#[derive(Debug, Clone)]
pub struct PolicySpec {
    cap_mode: u8,
    max_above_pan: u8,
    per_30_pan: Option<f64>,
    protect_inadequate: Option<bool>,
    max_travel: u8,
    max_ap_travel_km: Option<f64>,
    route_factor: Option<f64>,
    walking: bool,
    /// Per weight of [`WEIGHTS`]: 0–2 default, 3 zero, 4–5 the value.
    weights: Vec<(u8, f64)>,
    preference: Option<Vec<f64>>,
}

/// A school.
#[derive(Debug, Clone)]
pub struct SchoolSpec {
    at: (u8, u8),
    sex: u8,
    ofsted: u8,
    teaches: u8,
    /// Per year of [`YEARS`]: (PAN index, free index, ledger).
    places: [(u8, u8, u8); 4],
    accepts_fap: bool,
}

/// An AP provider.
#[derive(Debug, Clone)]
pub struct ApSpec {
    at: (u8, u8),
    places: u8,
    years: u8,
    specialisms: u8,
}

/// A pupil; target references are taken modulo the number of targets.
#[derive(Debug, Clone)]
pub struct PupilSpec {
    fap: bool,
    year: u8,
    sex: u8,
    home: (u8, u8),
    days: u8,
    preferences: Vec<u8>,
    excluded_from: Vec<u8>,
    avoid: Vec<u8>,
    previous: Vec<u8>,
    siblings: Vec<u8>,
    route: u8,
    needs: u8,
    behaviour_concern: bool,
    load: u8,
    pinned: Option<u8>,
    travel: Vec<(u8, u8)>,
}

/// A whole scenario.
#[derive(Debug, Clone)]
pub struct Spec {
    policy: PolicySpec,
    schools: Vec<SchoolSpec>,
    aps: Vec<ApSpec>,
    pupils: Vec<PupilSpec>,
    /// Which year groups pupils come from: 0 secondary only, 1 primary only, 2 both.
    year_pool: u8,
}

/// A generated scenario: its JSON and the loaded, validated scenario.
#[derive(Debug, Clone)]
pub struct Case {
    pub json: String,
    pub sc: Scenario,
}

fn at() -> impl Strategy<Value = (u8, u8)> {
    (0u8..=8, 0u8..=8)
}

fn policy() -> impl Strategy<Value = PolicySpec> {
    (
        (
            0u8..3,
            0u8..=2,
            prop::option::of(prop::sample::select(vec![0.5, 1.0, 2.0])),
        ),
        (
            any::<Option<bool>>(),
            0u8..3,
            prop::option::of(prop::sample::select(vec![8.0, 15.0])),
        ),
        (
            prop::option::of(prop::sample::select(vec![1.0, 1.3])),
            prop::bool::weighted(0.3),
        ),
        prop::collection::vec((0u8..6, 0.0f64..40.0), WEIGHTS.len()),
        prop::option::weighted(0.3, prop::collection::vec(0.0f64..20.0, 1..=3)),
    )
        .prop_map(
            |((c, m, p), (pi, mt, ap), (rf, wk), weights, preference)| PolicySpec {
                cap_mode: c,
                max_above_pan: m,
                per_30_pan: p,
                protect_inadequate: pi,
                max_travel: mt,
                max_ap_travel_km: ap,
                route_factor: rf,
                walking: wk,
                weights,
                preference,
            },
        )
}

fn school() -> impl Strategy<Value = SchoolSpec> {
    (
        at(),
        0u8..10,
        0u8..5,
        0u8..8,
        [(); 4].map(|_| {
            (
                0u8..PANS.len() as u8,
                0u8..FREE.len() as u8,
                prop::sample::select(vec![0u8, 0, 0, 1, 2]),
            )
        }),
        prop::bool::weighted(0.85),
    )
        .prop_map(
            |(at, sex, ofsted, teaches, places, accepts_fap)| SchoolSpec {
                at,
                sex,
                ofsted,
                teaches,
                places,
                accepts_fap,
            },
        )
}

fn ap() -> impl Strategy<Value = ApSpec> {
    (
        at(),
        prop::sample::select(vec![0u8, 1, 1, 2]),
        0u8..4,
        0u8..4,
    )
        .prop_map(|(at, places, years, specialisms)| ApSpec {
            at,
            places,
            years,
            specialisms,
        })
}

fn refs(max: usize) -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(any::<u8>(), 0..=max)
}

fn pupil() -> impl Strategy<Value = PupilSpec> {
    (
        (prop::bool::weighted(0.65), 0u8..4, 0u8..7, at(), 0u8..4),
        (refs(6), prop::option::weighted(0.1, any::<u8>())),
        (
            prop::option::weighted(0.1, any::<u8>()),
            prop::option::weighted(0.2, any::<u8>()),
            prop::option::weighted(0.2, any::<u8>()),
        ),
        (
            prop::sample::select(vec![0u8, 0, 0, 1, 2, 2]),
            0u8..4,
            prop::bool::weighted(0.3),
            0u8..4,
        ),
        (
            prop::option::weighted(0.12, any::<u8>()),
            prop::collection::vec((any::<u8>(), 0u8..KM.len() as u8), 0..=2),
        ),
    )
        .prop_map(
            |(
                (fap, year, sex, home, days),
                (preferences, excluded_from),
                (avoid, previous, siblings),
                (route, needs, behaviour_concern, load),
                (pinned, travel),
            )| PupilSpec {
                fap,
                year,
                sex,
                home,
                days,
                preferences,
                excluded_from: excluded_from.into_iter().collect(),
                avoid: avoid.into_iter().collect(),
                previous: previous.into_iter().collect(),
                siblings: siblings.into_iter().collect(),
                route,
                needs,
                behaviour_concern,
                load,
                pinned,
                travel,
            },
        )
}

/// Scenarios with `schools` schools, 0–2 AP providers and `pupils` pupils.
pub fn spec(
    schools: RangeInclusive<usize>,
    pupils: RangeInclusive<usize>,
) -> impl Strategy<Value = Spec> {
    (
        policy(),
        prop::collection::vec(school(), schools),
        prop::collection::vec(ap(), 0..=2),
        prop::collection::vec(pupil(), pupils),
        0u8..3,
    )
        .prop_map(|(policy, schools, aps, pupils, year_pool)| Spec {
            policy,
            schools,
            aps,
            pupils,
            year_pool,
        })
}

/// The tiny scenarios of the brute-force tests: ≤ 4 schools, ≤ 7 pupils.
pub fn tiny() -> impl Strategy<Value = Spec> {
    spec(2..=4, 1..=7)
}

fn grid((x, y): (u8, u8)) -> Value {
    json!({"easting": 500 * x as i64, "northing": 500 * y as i64})
}

fn mask(bits: u8, tags: &[&str]) -> Vec<String> {
    tags.iter()
        .enumerate()
        .filter(|(i, _)| bits & (1 << i) != 0)
        .map(|(_, t)| t.to_string())
        .collect()
}

impl PolicySpec {
    fn to_json(&self) -> Value {
        let mut w = Map::new();
        for (name, &(sel, value)) in WEIGHTS.iter().zip(&self.weights) {
            match sel {
                3 => w.insert(name.to_string(), json!(0.0)),
                4 | 5 => w.insert(name.to_string(), json!(value)),
                _ => None,
            };
        }
        if let Some(p) = &self.preference {
            w.insert("preference".into(), json!(p));
        }
        let mut p = Map::new();
        let mode = ["hard", "soft", "off"][self.cap_mode as usize];
        p.insert("fap_cap".into(), json!({ "mode": mode }));
        if let Some(x) = self.per_30_pan {
            p["fap_cap"]["per_30_pan"] = json!(x);
        }
        p.insert("max_above_pan".into(), json!(self.max_above_pan));
        if let Some(b) = self.protect_inadequate {
            p.insert("protect_inadequate".into(), json!(b));
        }
        match self.max_travel {
            1 => p.insert(
                "max_travel_km".into(),
                json!({"primary": 3.0, "secondary": 6.0}),
            ),
            2 => p.insert("max_travel_km".into(), json!({"secondary": 8.0})),
            _ => None,
        };
        if let Some(x) = self.max_ap_travel_km {
            p.insert("max_ap_travel_km".into(), json!(x));
        }
        if let Some(x) = self.route_factor {
            p.insert("route_factor".into(), json!(x));
        }
        if self.walking {
            p.insert(
                "walking_km".into(),
                json!({"under_8": 2.0, "eight_plus": 3.0}),
            );
        }
        p.insert("weights".into(), Value::Object(w));
        Value::Object(p)
    }
}

impl SchoolSpec {
    fn to_json(&self, i: usize, year_pool: u8) -> Value {
        let mut years = Map::new();
        let mut ledger = Map::new();
        for &y in TEACHES[year_pool as usize][self.teaches as usize] {
            let (pan_i, free_i, l) = self.places[y];
            let pan = PANS[pan_i as usize];
            let free = FREE[free_i as usize].min(pan);
            years.insert(YEARS[y].into(), json!({"pan": pan, "on_roll": pan - free}));
            if l > 0 {
                ledger.insert(YEARS[y].into(), json!(l));
            }
        }
        let sex = [
            "mixed", "mixed", "mixed", "mixed", "mixed", "mixed", "mixed", "mixed", "boys", "girls",
        ][self.sex as usize];
        let ofsted = [
            "outstanding",
            "good",
            "requires_improvement",
            "inadequate",
            "not_inspected",
        ][self.ofsted as usize];
        json!({
            "id": format!("S{i}"),
            "location": grid(self.at),
            "sex": sex,
            "ofsted": ofsted,
            "year_groups": years,
            "fap_this_year": ledger,
            "accepts_fap": self.accepts_fap,
        })
    }
}

impl ApSpec {
    fn to_json(&self, i: usize) -> Value {
        let (first, last) = AP_YEARS[self.years as usize];
        json!({
            "id": format!("A{i}"),
            "location": grid(self.at),
            "places": self.places,
            "years": [first, last],
            "specialisms": mask(self.specialisms, &TAGS),
        })
    }
}

impl Spec {
    fn target_ids(&self) -> Vec<String> {
        let schools = (0..self.schools.len()).map(|i| format!("S{i}"));
        schools
            .chain((0..self.aps.len()).map(|i| format!("A{i}")))
            .collect()
    }

    fn pupil_json(&self, i: usize, p: &PupilSpec, pinned: Option<u8>) -> Value {
        let ids = self.target_ids();
        let n_schools = self.schools.len();
        let pick = |r: u8| (r as usize) % ids.len();
        let names = |rs: &[u8]| -> Vec<String> {
            let mut out: Vec<usize> = Vec::new();
            for &r in rs {
                if !out.contains(&pick(r)) {
                    out.push(pick(r));
                }
            }
            out.into_iter().map(|t| ids[t].clone()).collect()
        };
        let route = if p.fap {
            ["school", "ap", "either"][p.route as usize]
        } else {
            "school"
        };
        let ap_ok = route != "school";
        let mut prefs: Vec<usize> = Vec::new();
        for &r in &p.preferences {
            let t = pick(r);
            if !prefs.contains(&t) && (t < n_schools || ap_ok) {
                prefs.push(t);
            }
        }
        let pool: &[usize] = match self.year_pool {
            0 => &[2, 3],
            1 => &[0, 1],
            _ => &[0, 1, 2, 3],
        };
        let year = YEARS[pool[p.year as usize % pool.len()]];
        let travel: Map<String, Value> = p
            .travel
            .iter()
            .map(|&(r, k)| (ids[pick(r)].clone(), json!(KM[k as usize])))
            .collect();
        let sex = ["f", "m", "f", "m", "f", "m", "x"][p.sex as usize];
        let mut v = json!({
            "id": format!("P{i}"),
            "kind": if p.fap { "fap" } else { "in_year" },
            "year_group": year,
            "sex": sex,
            "home": grid(p.home),
            "days_out_of_education": DAYS[p.days as usize],
            "preferences": prefs.iter().map(|&t| ids[t].clone()).collect::<Vec<_>>(),
            "excluded_from": names(&p.excluded_from),
            "avoid": names(&p.avoid),
            "previous_schools": names(&p.previous),
            "siblings_at": names(&p.siblings),
            "route": route,
            "needs": mask(p.needs, &TAGS),
            "behaviour_concern": p.behaviour_concern,
            "load_weight": LOAD[p.load as usize],
            "travel_km": travel,
        });
        if p.fap {
            v["category"] = json!("d");
        }
        if let Some(r) = pinned {
            v["pinned"] = json!(ids[pick(r)]);
        }
        v
    }

    fn to_json(&self, pins: &[Option<u8>]) -> Value {
        json!({
            "format": "fap-scenario/1",
            "meta": {"name": "generated"},
            "policy": self.policy.to_json(),
            "schools": self.schools.iter().enumerate().map(|(i, s)| s.to_json(i, self.year_pool)).collect::<Vec<_>>(),
            "ap_providers": self.aps.iter().enumerate().map(|(i, a)| a.to_json(i)).collect::<Vec<_>>(),
            "pupils": self.pupils.iter().zip(pins).enumerate().map(|(i, (p, &pin))| self.pupil_json(i, p, pin)).collect::<Vec<_>>(),
        })
    }

    /// The scenario, with the pins that validation accepts.
    pub fn case(&self) -> Case {
        let none = vec![None; self.pupils.len()];
        let unpinned = load(&self.to_json(&none));
        let n_targets = self.schools.len() + self.aps.len();
        // Keep a pin only where it is an option (MODEL.md: otherwise a validation error).
        let mut pins: Vec<Option<u8>> = self
            .pupils
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let r = p.pinned?;
                let t = (r as usize) % n_targets;
                let t = if t < self.schools.len() {
                    Target::School(t as u32)
                } else {
                    Target::Ap((t - self.schools.len()) as u32)
                };
                let mut pupil = unpinned.sc.pupils[i].clone();
                pupil.pinned = Some(t);
                brute::is_option(&unpinned.sc, &pupil, t).then_some(r)
            })
            .collect();
        // Pinned pupils that together overfill a place: drop pins from the last.
        loop {
            let v = self.to_json(&pins);
            if let Some(case) = try_load(&v) {
                return case;
            }
            let last = pins
                .iter()
                .rposition(Option::is_some)
                .expect("an unpinned scenario loads");
            pins[last] = None;
        }
    }
}

fn try_load(v: &Value) -> Option<Case> {
    let json = serde_json::to_string_pretty(v).expect("serialises");
    let loaded = load_bytes(json.as_bytes());
    loaded.scenario.map(|sc| Case { json, sc })
}

fn load(v: &Value) -> Case {
    let json = serde_json::to_string_pretty(v).expect("serialises");
    let loaded = load_bytes(json.as_bytes());
    match loaded.scenario {
        Some(sc) => Case { json, sc },
        None => panic!(
            "generated scenario does not load: {:?}\n{json}",
            loaded.issues
        ),
    }
}

/// Samples `n` specs deterministically (for tests that are not proptests).
pub fn sample(strategy: impl Strategy<Value = Spec>, n: usize) -> Vec<Spec> {
    use proptest::strategy::ValueTree;
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    (0..n)
        .map(|_| strategy.new_tree(&mut runner).expect("generates").current())
        .collect()
}
