//! Options per pupil on 60-pupil rounds, 3 alternatives each, on 2 threads
//! (the bar of issue 5: under 2 s), and the whole decision support
//! (alternatives, explanations, place values) and place values alone, for
//! reference. Two rounds: a tight secondary round around 25 schools
//! (tests/decision_support/synth.rs) and a `fap generate --seed 1 --pupils 60
//! --schools 120` round, the panel-round shape of docs/performance.md.

use criterion::{criterion_group, criterion_main, Criterion};
use fap::model::Options;
use fap::proposals::forced::ForcedSolver;
use fap::proposals::options::candidates;
use fap::proposals::{place_values, support};
use fap::scenario::Scenario;
use fap::solve::{solve, SolveSettings};

#[path = "../tests/decision_support/synth.rs"]
mod synth;

fn generated_60x120() -> Vec<u8> {
    let settings = fap::generate::Settings::synthetic(1, 60, 120);
    fap::generate::generate(&settings).expect("generates").json
}

fn bench_round(c: &mut Criterion, name: &str, sc: &Scenario) {
    let opts = Options::generate(sc);
    let settings = SolveSettings::default();
    let best = solve(sc, &opts, &Default::default(), &settings, None).expect("solves");
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(2)
        .build()
        .expect("pool");
    let pairs: Vec<_> = (0..sc.pupils.len() as u32)
        .flat_map(|p| {
            candidates(sc, &opts, &best.assignment, p, 3)
                .into_iter()
                .map(move |t| (p, t))
        })
        .collect();
    eprintln!("{name}: {} forced solves per iteration", pairs.len());
    let mut g = c.benchmark_group(format!("options/{name}"));
    g.sample_size(10);
    g.bench_function("3 options per pupil, 2 threads", |b| {
        b.iter(|| {
            pool.install(|| {
                let forced = ForcedSolver::new(sc, &opts, &best.assignment, &settings);
                forced.solve_all(&pairs)
            })
        })
    });
    g.bench_function("place values, 2 threads", |b| {
        b.iter(|| {
            pool.install(|| {
                let lps = ForcedSolver::new(sc, &opts, &best.assignment, &settings);
                place_values::compute(&lps)
            })
        })
    });
    g.bench_function("whole decision support, 2 threads", |b| {
        b.iter(|| pool.install(|| support::compute(sc, &opts, &best.assignment, 3, &settings)))
    });
    g.finish();
}

fn options_60(c: &mut Criterion) {
    let tight = serde_json::to_vec(&synth::round(7, 60, 25)).expect("serialises");
    let tight = fap::validate::load_bytes(&tight).scenario.expect("valid");
    bench_round(c, "60x25 tight secondary", &tight);
    let generated = fap::validate::load_bytes(&generated_60x120())
        .scenario
        .expect("valid");
    bench_round(c, "60x120 generated", &generated);
}

criterion_group!(benches, options_60);
criterion_main!(benches);
