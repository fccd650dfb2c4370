//! HiGHS and microlp reach the same optimum (good_lp's habit of running every
//! solver on one model). microlp is pure Rust and only built with
//! `--features microlp`:
//!
//! ```sh
//! cargo test --release --features microlp --test integration model_backends::
//! ```
#![cfg(feature = "microlp")]

use crate::model_support::brute::Brute;
use crate::model_support::{close, gen, solve_with};
use fap::solve::{Backend, SolveSettings};

fn settings(backend: Backend) -> SolveSettings {
    SolveSettings {
        backend,
        ..SolveSettings::default()
    }
}

/// The same sample of tiny scenarios through both backends and the brute force.
#[test]
fn highs_and_microlp_reach_the_same_optimum() {
    let n = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(48);
    for spec in gen::sample(gen::tiny(), n) {
        let case = spec.case();
        let highs = solve_with(&case.sc, &settings(Backend::Highs));
        let microlp = solve_with(&case.sc, &settings(Backend::Microlp));
        assert!(
            close(highs.objective, microlp.objective),
            "HiGHS {} vs microlp {}\n{}",
            highs.objective,
            microlp.objective,
            case.json
        );
        let bf = Brute::new(&case.sc);
        assert!(
            bf.evaluate(&microlp.assignment).is_ok(),
            "microlp plan breaks a rule\n{}",
            case.json
        );
    }
}

/// The fixtures too, and the larger shape the CLI test uses.
#[test]
fn backends_agree_on_fixtures_and_a_forty_pupil_case() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tiny");
    let mut cases: Vec<gen::Case> = [
        "secondary_soft_cap.json",
        "primary_walking.json",
        "all_pinned.json",
    ]
    .iter()
    .map(|f| {
        let json = std::fs::read_to_string(dir.join(f)).unwrap();
        let sc = crate::model_support::load(&json);
        gen::Case { json, sc }
    })
    .collect();
    cases.extend(
        gen::sample(gen::spec(6..=8, 36..=44), 2)
            .iter()
            .map(gen::Spec::case),
    );
    for case in cases {
        let highs = solve_with(&case.sc, &settings(Backend::Highs));
        let microlp = solve_with(&case.sc, &settings(Backend::Microlp));
        assert!(
            close(highs.objective, microlp.objective),
            "HiGHS {} vs microlp {}\n{}",
            highs.objective,
            microlp.objective,
            case.json
        );
    }
}
