//! The stages of `fap solve` on generated rounds of the sizes in issue 8's
//! targets: parsing + validation, options + model build, and the whole solve
//! (options, ranked proposal, plan JSON) of a panel round (60 × 120), a large
//! authority (1,000 × 150) and a county (10,000 × 450, fewer samples).
//!
//! `cargo bench --bench rounds` (all), or a filter such as
//! `cargo bench --bench rounds -- solve/60`. Scenarios come from
//! `fap::generate` with the same seeds as docs/performance.md, so the numbers
//! compare with `fap solve` on `fap generate --seed N` files.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use fap::model::build::{components, Extras, Rows, Shape};
use fap::model::options::FairShares;
use fap::model::Options;
use std::time::Duration;

/// (pupils, schools, seed) of each case.
const CASES: [(usize, usize, u64); 3] = [(60, 120, 1), (1_000, 150, 2), (10_000, 450, 3)];

/// The scenario JSON of a case, as `fap generate --seed S --pupils P --schools N` writes it.
fn scenario(pupils: usize, schools: usize, seed: u64) -> Vec<u8> {
    let settings = fap::generate::Settings::synthetic(seed, pupils, schools);
    fap::generate::generate(&settings)
        .expect("the generator works")
        .json
}

fn label(pupils: usize, schools: usize) -> String {
    format!("{pupils}x{schools}")
}

fn parse_validate(c: &mut Criterion) {
    let mut g = c.benchmark_group("parse+validate");
    for (p, s, seed) in CASES {
        let json = scenario(p, s, seed);
        g.throughput(Throughput::Bytes(json.len() as u64));
        g.bench_with_input(
            BenchmarkId::from_parameter(label(p, s)),
            &json,
            |b, json| b.iter(|| fap::validate::load_bytes(json).scenario.expect("valid")),
        );
    }
    g.finish();
}

fn model_build(c: &mut Criterion) {
    let mut g = c.benchmark_group("options+build");
    for (p, s, seed) in CASES {
        let sc = fap::validate::load_bytes(&scenario(p, s, seed))
            .scenario
            .expect("valid");
        g.bench_function(BenchmarkId::from_parameter(label(p, s)), |b| {
            b.iter(|| {
                // What the whole-MIP path builds: every component's program.
                let opts = Options::generate(&sc);
                let shares = FairShares::compute(&sc);
                let extras = Extras::default();
                components(&sc, &opts)
                    .iter()
                    .map(|pupils| {
                        let rows = Rows::new(&sc, &opts, &shares, pupils, &extras)
                            .expect("no forced placement");
                        rows.program(Shape::default()).map.n_vars
                    })
                    .sum::<usize>()
            })
        });
    }
    g.finish();
}

fn solve(c: &mut Criterion) {
    let mut g = c.benchmark_group("solve");
    for (p, s, seed) in CASES {
        let json = scenario(p, s, seed);
        if p >= 10_000 {
            g.sample_size(10).measurement_time(Duration::from_secs(60));
        } else if p >= 1_000 {
            g.sample_size(10);
        }
        g.bench_with_input(
            BenchmarkId::from_parameter(label(p, s)),
            &json,
            |b, json| b.iter(|| plan_bytes(json)),
        );
    }
    g.finish();
}

/// What `fap solve --no-timings` does between reading the file and writing it.
fn plan_bytes(json: &[u8]) -> String {
    let sc = fap::validate::load_bytes(json).scenario.expect("valid");
    let sha = fap::plan::sha256_hex(json);
    let solution = fap::pipeline::solve(&sc, sha, &Default::default()).expect("solves");
    fap::plan::to_json(&solution.plan)
}

criterion_group!(benches, parse_validate, model_build, solve);
criterion_main!(benches);
