//! Options per pupil on a 60-pupil, 25-school round, 3 alternatives each, on
//! 2 threads (the bar in docs/decision-support.md: under 2 s), and the whole
//! decision support (alternatives, explanations, place values) for reference.

use criterion::{criterion_group, criterion_main, Criterion};
use fap::model::Options;
use fap::proposals::forced::ForcedSolver;
use fap::proposals::options::candidates;
use fap::proposals::support;
use fap::solve::{solve, SolveSettings};

#[path = "../tests/decision_support/synth.rs"]
mod synth;

fn options_60(c: &mut Criterion) {
    let json = serde_json::to_vec(&synth::round(7, 60, 25)).expect("serialises");
    let sc = fap::scenario::load_bytes(&json).scenario.expect("valid");
    let opts = Options::generate(&sc);
    let settings = SolveSettings::default();
    let best = solve(&sc, &opts, &Default::default(), &settings, None).expect("solves");
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(2)
        .build()
        .expect("pool");
    let pairs: Vec<_> = (0..sc.pupils.len() as u32)
        .flat_map(|p| {
            candidates(&sc, &opts, &best.assignment, p, 3)
                .into_iter()
                .map(move |t| (p, t))
        })
        .collect();
    eprintln!("{} forced solves per iteration", pairs.len());
    let mut g = c.benchmark_group("options");
    g.sample_size(10);
    g.bench_function("60 pupils x 3 options, 2 threads", |b| {
        b.iter(|| {
            pool.install(|| {
                let forced = ForcedSolver::new(&sc, &opts, &best.assignment, &settings);
                forced.solve_all(&pairs)
            })
        })
    });
    g.bench_function("60 pupils, whole decision support, 2 threads", |b| {
        b.iter(|| pool.install(|| support::compute(&sc, &opts, &best.assignment, 3, &settings)))
    });
    g.finish();
}

criterion_group!(benches, options_60);
criterion_main!(benches);
