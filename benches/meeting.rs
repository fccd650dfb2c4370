//! The meeting's latency (issue 14): one change by the panel, then a re-solve
//! against the plan on the table, end to end — the scenario's bytes edited
//! and validated (`fap::edit`), the reference plan read and attached, the
//! pipeline's solve, the new plan's JSON — on a generated 100-pupil round.
//! Targets: < 100 ms; with 3 alternatives per pupil (`--options 3`): < 1 s.
//!
//! `cargo bench --bench meeting`

use criterion::{criterion_group, criterion_main, Criterion};
use fap::edit::{apply_bytes, Change};
use fap::pipeline::{solve, Settings};
use fap::reference::{attach, Reference};
use std::time::Duration;

/// A 100-pupil round (`fap generate --seed 1 --pupils 100 --schools 120`).
fn round() -> Vec<u8> {
    let settings = fap::generate::Settings::synthetic(1, 100, 120);
    fap::generate::generate(&settings)
        .expect("the generator works")
        .json
}

/// The plan on the table: proposal 1 of the round, as bytes.
fn table(json: &[u8]) -> Vec<u8> {
    let sc = fap::validate::load_bytes(json).scenario.expect("valid");
    let sha = fap::plan::sha256_hex(json);
    let s = solve(&sc, sha, &Settings::default()).expect("solves");
    fap::plan::to_json(&s.plan).into_bytes()
}

/// A pin the panel might make: the first pupil with two options, to the one
/// the plan did not choose.
fn a_pin(json: &[u8], plan: &[u8]) -> Change {
    let sc = fap::validate::load_bytes(json).scenario.expect("valid");
    let plan: fap::plan::Plan = serde_json::from_slice(plan).expect("a plan");
    let opts = fap::model::Options::generate(&sc);
    for (p, (opts, a)) in sc
        .pupils
        .iter()
        .zip(opts.per_pupil.iter().zip(&plan.proposals[0].assignments))
    {
        let other = opts
            .iter()
            .map(|o| sc.target_id(o.target))
            .find(|&t| Some(t) != a.target_id());
        if let (Some(t), true) = (other, opts.len() >= 2) {
            return Change::Pin {
                pupil: p.id.clone(),
                place: t.to_string(),
            };
        }
    }
    panic!("no pupil with two options")
}

/// One pin, then the re-solve against `plan`: the new plan's bytes.
fn pin_and_resolve(json: &[u8], plan: &[u8], pin: &Change, settings: &Settings) -> Vec<u8> {
    let edited = apply_bytes(json, std::slice::from_ref(pin), None).expect("the pin is allowed");
    let mut sc = edited.written.scenario;
    let r = Reference::read(plan, 1).expect("the plan reads");
    attach(&mut sc, &r);
    let sha = fap::plan::sha256_hex(&edited.bytes);
    let s = solve(&sc, sha, settings).expect("solves");
    fap::plan::to_json(&s.plan).into_bytes()
}

fn meeting(c: &mut Criterion) {
    let json = round();
    let plan = table(&json);
    let pin = a_pin(&json, &plan);
    let mut g = c.benchmark_group("meeting");
    g.sample_size(20).measurement_time(Duration::from_secs(10));
    g.bench_function("pin+resolve/100", |b| {
        b.iter(|| pin_and_resolve(&json, &plan, &pin, &Settings::default()))
    });
    let with_options = Settings {
        options_per_pupil: Some(3),
        ..Settings::default()
    };
    g.bench_function("pin+resolve+options3/100", |b| {
        b.iter(|| pin_and_resolve(&json, &plan, &pin, &with_options))
    });
    g.finish();
}

criterion_group!(benches, meeting);
criterion_main!(benches);
