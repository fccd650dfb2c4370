//! Small scenarios written by hand, solving helpers and an independent
//! feasibility check of assignments.

use fap::model::{Assignment, Options};
use fap::plan::support::{DecisionSupport, PupilSupport};
use fap::proposals::support;
use fap::scenario::{Scenario, Target};
use fap::solve::{SolveSettings, Solved};
use serde_json::{json, Value};

/// A scenario from JSON; panics with the issues if invalid.
pub fn load(v: &Value) -> Scenario {
    let bytes = serde_json::to_vec(v).expect("serialises");
    let loaded = fap::validate::load_bytes(&bytes);
    match loaded.scenario {
        Some(sc) if !loaded.has_errors() => sc,
        _ => panic!("invalid test scenario: {:#?}", loaded.issues),
    }
}

/// A secondary school at (e km, n km) teaching Year 9.
pub fn school(id: &str, e: f64, n: f64, pan: u32, on_roll: u32) -> Value {
    json!({"id": id, "location": {"easting": 500_000.0 + e * 1000.0, "northing": 200_000.0 + n * 1000.0},
           "year_groups": {"9": {"pan": pan, "on_roll": on_roll}}})
}

/// A Year 9 pupil at (e km, n km).
pub fn pupil(id: &str, kind: &str, e: f64, n: f64) -> Value {
    let mut p = json!({"id": id, "kind": kind, "year_group": "9", "sex": "f",
                       "home": {"easting": 500_000.0 + e * 1000.0, "northing": 200_000.0 + n * 1000.0}});
    if kind == "fap" {
        p["category"] = json!("d");
    }
    p
}

/// A scenario with route factor 1 (distances are straight lines).
pub fn scenario(policy: Value, schools: Vec<Value>, pupils: Vec<Value>) -> Scenario {
    let mut pol = json!({"route_factor": 1.0});
    if let Value::Object(m) = policy {
        for (k, v) in m {
            pol[k] = v;
        }
    }
    load(
        &json!({"format": "fap-scenario/1", "meta": {"name": "test"}, "policy": pol,
                 "schools": schools, "pupils": pupils}),
    )
}

/// Proposal 1.
pub fn best(sc: &Scenario) -> Solved {
    crate::common::solve_checked(sc, &SolveSettings::default())
}

/// Decision support with `n` alternatives, as recorded in a plan.
pub fn support_record(sc: &Scenario, base: &Assignment, n: usize) -> DecisionSupport {
    let opts = Options::generate(sc);
    let s = support::compute(sc, &opts, base, n, &SolveSettings::default()).expect("support");
    support::record(sc, &s)
}

/// One pupil's record.
pub fn pupil_record<'a>(ds: &'a DecisionSupport, id: &str) -> &'a PupilSupport {
    ds.pupils
        .iter()
        .find(|p| p.pupil == id)
        .expect("pupil record")
}

/// Panics unless `a` keeps every hard rule of MODEL.md, checked without the
/// model-building code: options, places with the above-PAN allowance (FAP
/// only), AP places, hard caps, pinned pupils.
pub fn assert_feasible(sc: &Scenario, a: &Assignment) {
    use fap::model::options::{eligibility, remaining};
    use std::collections::BTreeMap;
    let mut per_year: BTreeMap<(u32, u8), (u32, u32)> = BTreeMap::new();
    let mut per_ap: BTreeMap<u32, u32> = BTreeMap::new();
    let mut fap: BTreeMap<(u32, usize), u32> = BTreeMap::new();
    for (p, place) in sc.pupils.iter().zip(a) {
        let Some(t) = *place else {
            assert!(p.pinned.is_none(), "{} is pinned but unplaced", p.id);
            continue;
        };
        assert!(
            eligibility(sc, p, t).is_ok(),
            "{} at {} is not an option",
            p.id,
            sc.target_id(t)
        );
        match t {
            Target::School(s) => {
                let e = per_year.entry((s, p.year.0)).or_default();
                e.0 += 1;
                e.1 += u32::from(!p.is_fap());
                if p.is_fap() {
                    *fap.entry((s, p.year.phase().index())).or_default() += 1;
                }
            }
            Target::Ap(ap) => *per_ap.entry(ap).or_default() += 1,
        }
    }
    for ((s, y), (all, in_year)) in per_year {
        let free = sc.schools[s as usize].free(fap::scenario::YearGroup(y));
        assert!(
            all <= free + sc.policy.max_above_pan,
            "school {s} year {y} overfilled"
        );
        assert!(
            in_year <= free,
            "school {s} year {y}: in-year pupils above PAN"
        );
    }
    for (ap, n) in per_ap {
        assert!(n <= sc.aps[ap as usize].places, "AP {ap} overfilled");
    }
    if sc.policy.fap_cap_mode == fap::scenario::CapMode::Hard {
        for ((s, g), n) in fap {
            let g = fap::scenario::Phase::ALL[g];
            if let Some(rem) = remaining(sc, s, g) {
                assert!(n <= rem, "school {s} over its hard cap");
            }
        }
    }
}
