//! Column generation against the whole MIP, on many small random scenarios.
//!
//! The generator draws scenarios where everything the rows depend on happens:
//! FAP and in-year pupils competing for few places, above-PAN places, soft,
//! hard and no caps, ledgers, load weights 1 and 2, AP providers, pinned
//! pupils, forced placements and no-good cuts.

use super::backend::Lp;
use super::component::{lp_first, whole, Part};
use super::{colgen, solve, SolveError, SolveSettings};
use crate::model::build::{Extras, Rows, Shape};
use crate::model::options::FairShares;
use crate::model::{evaluate, Options};
use crate::scenario::{Scenario, Target};
use crate::validate::load_bytes;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::{json, Value};

const SCENARIOS: u64 = 150;

fn pick<'a, T>(r: &mut ChaCha8Rng, xs: &'a [T]) -> &'a T {
    xs.choose(r).expect("non-empty")
}

/// A random scenario as JSON.
fn random_json(r: &mut ChaCha8Rng) -> Value {
    let n_schools = r.gen_range(2..=7);
    let n_aps = r.gen_range(0..=2);
    let n_pupils = r.gen_range(3..=24);
    let at = |r: &mut ChaCha8Rng| json!({"easting": 400000 + r.gen_range(0..6000), "northing": 400000 + r.gen_range(0..6000)});
    let mut schools = Vec::new();
    let mut taught = Vec::new();
    for i in 0..n_schools {
        let years: &[&str] = match r.gen_range(0..3) {
            0 => &["5", "6"],
            1 => &["7", "8"],
            _ => &["6", "7"],
        };
        let mut yg = serde_json::Map::new();
        let mut ledger = serde_json::Map::new();
        for y in years {
            let pan = r.gen_range(1..=4u32);
            let on_roll = (pan + r.gen_range(0..=1)).saturating_sub(r.gen_range(0..=3));
            yg.insert(y.to_string(), json!({"pan": pan, "on_roll": on_roll}));
            if r.gen_bool(0.3) {
                ledger.insert(y.to_string(), json!(r.gen_range(0..=2)));
            }
            taught.push(y.to_string());
        }
        schools.push(json!({
            "id": format!("S{i}"), "location": at(r), "year_groups": yg, "fap_this_year": ledger,
            "ofsted": pick(r, &["good", "outstanding", "requires_improvement", "inadequate"]),
            "sex": if r.gen_bool(0.1) { "girls" } else { "mixed" },
            "accepts_fap": r.gen_bool(0.9),
        }));
    }
    let aps: Vec<Value> = (0..n_aps)
        .map(|i| {
            json!({"id": format!("A{i}"), "location": at(r), "places": r.gen_range(0..=2),
                   "years": pick(r, &[["5", "8"], ["7", "8"]]), "specialisms": ["semh"]})
        })
        .collect();
    let school_ids: Vec<String> = (0..n_schools).map(|i| format!("S{i}")).collect();
    let ap_ids: Vec<String> = (0..n_aps).map(|i| format!("A{i}")).collect();
    let pupils: Vec<Value> = (0..n_pupils)
        .map(|i| {
            let fap = r.gen_bool(0.6);
            let route = if !fap || n_aps == 0 {
                "school"
            } else {
                *pick(r, &["school", "school", "either", "ap"])
            };
            let mut prefs: Vec<String> = Vec::new();
            if route != "ap" {
                for _ in 0..r.gen_range(0..=2) {
                    prefs.push(pick(r, &school_ids).clone());
                }
            }
            if route != "school" && r.gen_bool(0.5) {
                prefs.push(pick(r, &ap_ids).clone());
            }
            prefs.dedup();
            prefs.sort();
            prefs.dedup();
            prefs.shuffle(r);
            let maybe = |r: &mut ChaCha8Rng, p: f64| -> Vec<String> {
                if r.gen_bool(p) {
                    vec![pick(r, &school_ids).clone()]
                } else {
                    vec![]
                }
            };
            let mut p = json!({
                "id": format!("P{i}"), "kind": if fap { "fap" } else { "in_year" },
                "year_group": pick(r, &taught), "sex": pick(r, &["f", "m"]), "home": at(r),
                "days_out_of_education": r.gen_range(0..40), "preferences": prefs,
                "excluded_from": maybe(r, 0.1), "avoid": maybe(r, 0.05),
                "siblings_at": maybe(r, 0.15), "previous_schools": maybe(r, 0.15),
                "behaviour_concern": r.gen_bool(0.2),
            });
            if fap {
                p["category"] = json!("d");
                p["route"] = json!(route);
                p["load_weight"] = json!(if r.gen_bool(0.3) { 2.0 } else { 1.0 });
                if r.gen_bool(0.3) {
                    p["needs"] = json!(["semh"]);
                }
            }
            p
        })
        .collect();
    json!({
        "format": "fap-scenario/1", "meta": {"name": "random"},
        "policy": {
            "fap_cap": {"mode": pick(r, &["soft", "hard", "off"]), "per_30_pan": pick(r, &[1.0, 10.0, 30.0])},
            "max_above_pan": r.gen_range(0..=2),
            "weights": {
                "unplaced": pick(r, &[100.0, 8.0]),
                "over_fair_share": pick(r, &[6.0, 0.0, 20.0]),
                "above_pan": pick(r, &[12.0, 0.5]),
                "over_cap": pick(r, &[25.0, 1.0]),
            },
        },
        "schools": schools, "ap_providers": aps, "pupils": pupils,
    })
}

/// A valid random scenario; some pupils pinned to one of their options.
pub(super) fn random_scenario(seed: u64) -> Scenario {
    let mut r = ChaCha8Rng::seed_from_u64(seed);
    loop {
        let mut v = random_json(&mut r);
        let Some(sc) = load_bytes(v.to_string().as_bytes()).scenario else {
            continue;
        };
        if r.gen_bool(0.4) {
            let opts = Options::generate(&sc);
            let k = r.gen_range(0..sc.pupils.len());
            if let Some(o) = opts.per_pupil[k].choose(&mut r) {
                v["pupils"][k]["pinned"] = json!(sc.target_id(o.target));
                if let Some(pinned) = load_bytes(v.to_string().as_bytes()).scenario {
                    return pinned;
                }
            }
        }
        return sc;
    }
}

pub(super) fn exact() -> SolveSettings {
    SolveSettings {
        mip_rel_gap: 0.0,
        ..SolveSettings::default()
    }
}

fn objective(sc: &Scenario, r: Result<Part, SolveError>) -> Result<f64, SolveError> {
    r.map(|(a, _, _)| evaluate(sc, &a).total())
}

fn same(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

/// Random extras: none, a forced placement, or a no-good cut with an earlier plan.
fn random_extras(r: &mut ChaCha8Rng, sc: &Scenario, opts: &Options, earlier: &Part) -> Extras {
    match r.gen_range(0..4) {
        0 => {
            let k = r.gen_range(0..sc.pupils.len());
            let place = opts.per_pupil[k].choose(r).map(|o| o.target);
            Extras {
                force: vec![(k as u32, if r.gen_bool(0.2) { None } else { place })],
                ..Extras::default()
            }
        }
        1 => Extras {
            cuts: vec![earlier.0.clone()],
            min_diff: r.gen_range(1..=2),
            force: Vec::new(),
        },
        _ => Extras::default(),
    }
}

#[test]
fn column_generation_reaches_the_whole_mip_optimum() {
    let settings = exact();
    let (mut priced, mut fractional, mut with_extras) = (0, 0, 0);
    for seed in 0..SCENARIOS {
        let sc = random_scenario(seed);
        let opts = Options::generate(&sc);
        let shares = FairShares::compute(&sc);
        let pupils: Vec<u32> = (0..sc.pupils.len() as u32).collect();
        let none = Extras::default();
        let rows = Rows::new(&sc, &opts, &shares, &pupils, &none).expect("no extras");
        let first = whole(&rows, &settings, None).expect("a plan always exists");
        let mut r = ChaCha8Rng::seed_from_u64(seed ^ 0x5eed);
        let extras = random_extras(&mut r, &sc, &opts, &first);
        with_extras += usize::from(!extras.cuts.is_empty() || !extras.force.is_empty());
        let Some(mut rows) = Rows::new(&sc, &opts, &shares, &pupils, &extras) else {
            continue; // a forced placement that is not an option: checked elsewhere
        };
        let reference = objective(&sc, whole(&rows, &settings, None));
        for initial in [1, 2, colgen::INITIAL_OPTIONS] {
            let got = objective(&sc, lp_first(&mut rows, &settings, None, initial));
            match (&reference, &got) {
                (Ok(a), Ok(b)) => assert!(
                    same(*a, *b),
                    "seed {seed}, K {initial}: whole {a}, colgen {b}"
                ),
                (Err(a), Err(b)) => assert_eq!(a, b, "seed {seed}"),
                _ => panic!("seed {seed}, K {initial}: whole {reference:?}, colgen {got:?}"),
            }
            if let Ok(Some(lp)) = colgen::solve(&mut rows, &settings, None, initial, 1) {
                priced += usize::from(lp.stats.rounds > 1);
                fractional += usize::from(lp.integral.is_none());
            }
        }
    }
    // The generator must exercise pricing, the restricted MIP and the extras.
    assert!(
        priced > 50,
        "only {priced} column generations priced anything in"
    );
    assert!(fractional > 10, "only {fractional} fractional LPs");
    assert!(with_extras > 30, "only {with_extras} scenarios with extras");
}

#[test]
fn whole_solve_matches_with_and_without_column_generation() {
    for seed in 1000..1000 + SCENARIOS / 3 {
        let sc = random_scenario(seed);
        let opts = Options::generate(&sc);
        let cg = solve(&sc, &opts, &Extras::default(), &exact(), None).expect("solves");
        let whole_mip = SolveSettings {
            whole_mip: true,
            ..exact()
        };
        let reference = solve(&sc, &opts, &Extras::default(), &whole_mip, None).expect("solves");
        assert!(
            same(cg.objective, reference.objective),
            "seed {seed}: colgen {}, whole {}",
            cg.objective,
            reference.objective
        );
    }
}

#[test]
fn priced_reduced_costs_are_highs_reduced_costs() {
    let settings = exact();
    let mut checked = 0;
    for seed in 2000..2000 + SCENARIOS {
        let sc = random_scenario(seed);
        let opts = Options::generate(&sc);
        let shares = FairShares::compute(&sc);
        let pupils: Vec<u32> = (0..sc.pupils.len() as u32).collect();
        let mut r = ChaCha8Rng::seed_from_u64(seed);
        let first = (vec![None; sc.pupils.len()], super::Status::Optimal, 0.0);
        let extras = random_extras(&mut r, &sc, &opts, &first);
        let Some(rows) = Rows::new(&sc, &opts, &shares, &pupils, &extras) else {
            continue;
        };
        let allowed: Vec<Vec<bool>> = (0..pupils.len())
            .map(|k| rows.options(k).iter().map(|_| r.gen_bool(0.6)).collect())
            .collect();
        let program = rows.program(Shape {
            relax: true,
            allowed: Some(&allowed),
            unplaced: None,
        });
        let Ok(sol) = Lp::new(&program, &settings).and_then(|mut lp| lp.solve(None)) else {
            continue;
        };
        let mut scratch = Vec::new();
        for (k, xs) in program.map.x.iter().enumerate() {
            for x in xs {
                let d = rows.reduced_cost(k, x.j, &sol.row_duals, &mut scratch);
                let highs = sol.col_duals[x.col];
                assert!(
                    (d - highs).abs() <= 1e-9 * highs.abs().max(1.0),
                    "seed {seed}: priced {d}, HiGHS {highs}"
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 1000, "only {checked} columns checked");
}

#[test]
fn the_plan_does_not_depend_on_the_thread_count() {
    let sc = random_scenario(7);
    let opts = Options::generate(&sc);
    let run = |threads| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .expect("pool")
            .install(|| {
                solve(
                    &sc,
                    &opts,
                    &Extras::default(),
                    &SolveSettings::default(),
                    None,
                )
            })
            .expect("solves")
    };
    assert_eq!(run(1), run(2));
}

#[test]
fn a_forced_placement_that_is_not_an_option_is_infeasible() {
    let sc = random_scenario(3);
    let opts = Options::generate(&sc);
    let k = (0..sc.pupils.len()).find(|&k| opts.per_pupil[k].len() < sc.schools.len());
    let k = k.expect("some pupil lacks a school");
    let t = (0..sc.schools.len() as u32)
        .map(Target::School)
        .find(|t| opts.find(k as u32, *t).is_none())
        .expect("a school that is not an option");
    let extras = Extras {
        force: vec![(k as u32, Some(t))],
        ..Extras::default()
    };
    assert_eq!(
        solve(&sc, &opts, &extras, &SolveSettings::default(), None),
        Err(SolveError::Infeasible)
    );
}

#[cfg(feature = "microlp")]
#[test]
fn microlp_solves_the_same_program() {
    let microlp = SolveSettings {
        backend: super::Backend::Microlp,
        ..exact()
    };
    let mut compared = 0;
    for seed in 3000..3040 {
        let sc = random_scenario(seed);
        if sc.pupils.len() > 10 {
            continue; // microlp's branch and bound is slow
        }
        let opts = Options::generate(&sc);
        let a = solve(&sc, &opts, &Extras::default(), &exact(), None).expect("solves");
        let b = solve(&sc, &opts, &Extras::default(), &microlp, None).expect("solves");
        assert!(
            same(a.objective, b.objective),
            "seed {seed}: HiGHS {}, microlp {}",
            a.objective,
            b.objective
        );
        compared += 1;
    }
    assert!(compared >= 5, "only {compared} scenarios compared");
}

/// When the LP runs out of time, a warm-started solve keeps its start (a
/// plan), time-limited, rather than loading the whole MIP past the limit;
/// without a start it still tries the whole MIP.
#[test]
fn a_start_is_kept_when_the_lp_runs_out_of_time() {
    let out_of_time = SolveSettings {
        time_limit: Some(0.0),
        ..exact()
    };
    let mut whole_tried = 0;
    for seed in 0..20 {
        let sc = random_scenario(seed);
        let opts = Options::generate(&sc);
        let shares = FairShares::compute(&sc);
        let pupils: Vec<u32> = (0..sc.pupils.len() as u32).collect();
        let none = Extras::default();
        let mut rows = Rows::new(&sc, &opts, &shares, &pupils, &none).expect("no extras");
        let (start, ..) = whole(&rows, &exact(), None).expect("a plan always exists");
        let kept = lp_first(
            &mut rows,
            &out_of_time,
            Some(&start),
            colgen::INITIAL_OPTIONS,
        );
        let (a, status, _) = kept.expect("the start");
        assert_eq!(
            (a, status),
            (start, super::Status::TimeLimit),
            "seed {seed}"
        );
        match lp_first(&mut rows, &out_of_time, None, colgen::INITIAL_OPTIONS) {
            Ok(_) => whole_tried += 1,
            Err(e) => assert_eq!(e, SolveError::NoPlanInTime, "seed {seed}"),
        }
    }
    // HiGHS's presolve settles most of these small MIPs even with no time.
    assert!(whole_tried > 0, "the whole MIP was never tried");
}
