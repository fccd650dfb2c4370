//! Sweep scaling: the same sweep of a 1,000-pupil scenario with 1 and with 2
//! worker threads (issue 17's bar: at least 1.8× faster with 2 on 2 cores, for
//! 64 variants). The bench ends by printing the ratio of the two medians.
//!
//! The scenario is built here, deterministically (150 secondary schools on a
//! 30 km square, 1,000 pupils, 8 AP providers), and written with the sweep file
//! to `target/tmp/sweep-bench/`, where `scripts/bench-sweep-scaling --scenario`
//! can reuse it (that script times the `fap` binary instead, once per thread
//! count). Each sample is a whole sweep, so criterion takes its minimum of 10
//! samples per thread count; `FAP_BENCH_SWEEP_VARIANTS` (default 64, base
//! included) sets the sweep's size, e.g. 8 for a quick look.
//!
//! Run: `cargo bench --bench sweep` (11 sweeps per thread count: about 5
//! minutes for 64 variants on 2 cores; measured 2026-12-07: 17.52 s and
//! 9.12 s, 1.92×). On a shared machine the ratio mostly measures the
//! scheduler: measure when the machine is idle, or give the bench the cores
//! (as root, `setsid sh -c 'echo -19 > /proc/self/autogroup; exec cargo bench
//! --bench sweep'`).

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use fap::solve::SolveSettings;
use fap::sweep::{RunConfig, Sweep};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::time::Duration;

const PUPILS: usize = 1000;
const SCHOOLS: usize = 150;
const APS: usize = 8;
const AREA_M: f64 = 30_000.0;
const ORIGIN: f64 = 500_000.0;

fn location(rng: &mut ChaCha8Rng) -> (f64, f64) {
    let r = |rng: &mut ChaCha8Rng| (ORIGIN + rng.gen::<f64>() * AREA_M).round();
    (r(rng), r(rng))
}

/// The 1,000-pupil scenario, the same on every run.
fn scenario() -> Value {
    let mut rng = ChaCha8Rng::seed_from_u64(2026);
    let years = ["7", "8", "9", "10", "11"];
    let mut sites = Vec::new();
    let schools: Vec<Value> = (0..SCHOOLS)
        .map(|i| {
            let (e, n) = location(&mut rng);
            sites.push((format!("S{i:03}"), e, n));
            let pan = 30 * rng.gen_range(4..=8);
            let year_groups: serde_json::Map<String, Value> = years
                .iter()
                .map(|y| {
                    let free = rng.gen_range(0..=3);
                    (y.to_string(), json!({"pan": pan, "on_roll": pan - free}))
                })
                .collect();
            let sex = match rng.gen_range(0..20) {
                0 => "boys",
                1 => "girls",
                _ => "mixed",
            };
            let ofsted = [
                "outstanding",
                "good",
                "good",
                "requires_improvement",
                "inadequate",
            ][rng.gen_range(0..5)];
            json!({"id": format!("S{i:03}"), "location": {"easting": e, "northing": n},
                   "sex": sex, "ofsted": ofsted, "year_groups": year_groups,
                   "fap_this_year": {years[rng.gen_range(0..5)]: rng.gen_range(0..3)},
                   "trust": format!("T{}", i % 12)})
        })
        .collect();
    let aps: Vec<Value> = (0..APS)
        .map(|i| {
            let (e, n) = location(&mut rng);
            json!({"id": format!("AP{i}"), "location": {"easting": e, "northing": n},
                   "places": 6, "years": ["7", "11"], "specialisms": ["semh"]})
        })
        .collect();
    let pupils: Vec<Value> = (0..PUPILS).map(|i| pupil(&mut rng, i, &sites)).collect();
    json!({"format": "fap-scenario/1", "meta": {"name": "sweep bench 1000x150"},
           "policy": {"fap_cap": {"mode": "soft"}},
           "schools": schools, "ap_providers": aps, "pupils": pupils})
}

fn pupil(rng: &mut ChaCha8Rng, i: usize, sites: &[(String, f64, f64)]) -> Value {
    let (e, n) = location(rng);
    let mut near: Vec<(f64, &str)> = sites
        .iter()
        .map(|(id, se, sn)| ((se - e).hypot(sn - n), id.as_str()))
        .collect();
    near.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(b.1)));
    let fap = rng.gen_bool(0.75);
    let mut prefs: Vec<&str> = Vec::new();
    for _ in 0..rng.gen_range(0..=3) {
        let s = near[rng.gen_range(0..6)].1;
        if !prefs.contains(&s) {
            prefs.push(s);
        }
    }
    let year = ["7", "8", "9", "10", "11"][rng.gen_range(0..5)];
    let sex = ["f", "m"][rng.gen_range(0..2)];
    let mut p = json!({
        "id": format!("P{i:04}"),
        "kind": if fap { "fap" } else { "in_year" },
        "year_group": year,
        "sex": sex,
        "home": {"easting": e, "northing": n},
        "days_out_of_education": rng.gen_range(0..40),
        "preferences": prefs,
    });
    if fap {
        let category = ["a", "b", "c", "d", "e", "f"][rng.gen_range(0..6)];
        p["category"] = json!(category);
        p["behaviour_concern"] = json!(rng.gen_bool(0.3));
        if rng.gen_bool(0.2) {
            p["route"] = json!("either");
            p["needs"] = json!(["semh"]);
        }
        if rng.gen_bool(0.2) {
            p["previous_schools"] = json!([near[rng.gen_range(0..4)].1]);
        }
    }
    p
}

/// A sweep of `n` variants (base included): a policy grid, then perturbed draws.
fn sweep_file(n: usize) -> Value {
    let grid = json!({"name": "cap", "grid": {
        "policy.fap_cap.per_30_pan": [0.5, 1, 1.5, 2],
        "policy.fap_cap.mode": ["hard", "soft"],
        "policy.weights.over_fair_share": [3, 6, 12, 24]}});
    let draws = |k: usize| {
        json!({"name": "arrivals", "perturb": {"extra_pupils": 20, "lose_free_places": 0.05},
               "draws": k})
    };
    let variants = match n.saturating_sub(1) {
        0 => vec![],
        k if k < 32 => vec![draws(k)],
        32 => vec![grid],
        k => vec![grid, draws(k - 32)],
    };
    json!({"format": "fap-sweep/1", "name": "sweep bench", "base": "base-1000.json",
           "seed": 1, "variants": variants})
}

fn write(dir: &Path, name: &str, v: &Value) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, serde_json::to_vec_pretty(v).expect("serialises")).expect("writable");
    p
}

fn bench(c: &mut Criterion) {
    let n: usize = std::env::var("FAP_BENCH_SWEEP_VARIANTS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(64);
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("sweep-bench");
    std::fs::create_dir_all(&dir).expect("a bench directory");
    write(&dir, "base-1000.json", &scenario());
    let sweep_path = write(&dir, "sweep.json", &sweep_file(n));
    let sweep = Sweep::load(&sweep_path, 1 << 30).expect("the bench sweep is valid");
    assert_eq!(sweep.variants.len(), n);
    let mut g = c.benchmark_group(format!("sweep_{n}x{PUPILS}"));
    g.sample_size(10)
        .warm_up_time(Duration::from_millis(1))
        .measurement_time(Duration::from_secs(1))
        .throughput(Throughput::Elements(n as u64));
    for threads in [1, 2] {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .expect("a pool");
        let out = dir.join(format!("out-{threads}"));
        let cfg = RunConfig {
            out: &out,
            settings: SolveSettings::default(),
            shard: None,
            resume: false,
            inputs: &[],
            limits: &fap::limits::Limits::default(),
        };
        g.bench_with_input(BenchmarkId::new("threads", threads), &threads, |b, _| {
            b.iter(|| fap::sweep::run(&sweep, &cfg, &pool, &|_| {}).expect("the sweep runs"))
        });
    }
    g.finish();
    let median = |threads: usize| {
        let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!(
            "../criterion/sweep_{n}x{PUPILS}/threads/{threads}/new/estimates.json"
        ));
        let v: Value = serde_json::from_slice(&std::fs::read(path).ok()?).ok()?;
        v["median"]["point_estimate"].as_f64()
    };
    if let (Some(t1), Some(t2)) = (median(1), median(2)) {
        println!(
            "sweep of {n} variants × {PUPILS} pupils: 1 thread {:.2} s, 2 threads {:.2} s, \
             speed-up {:.2}× (bar: ≥ 1.8×)",
            t1 / 1e9,
            t2 / 1e9,
            t1 / t2
        );
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
