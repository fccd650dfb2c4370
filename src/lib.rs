//! # fap — Fair Access Panel placements
//!
//! `fap` turns a panel round (a `fap-scenario/1` JSON file: pupils, schools with
//! places by year group, AP providers, fairness rules) into a mixed-integer
//! program, solves it exactly, and writes ranked placement proposals.
//!
//! The pipeline is one-way: [`scenario`] reads the file into a
//! [`scenario::Scenario`] and [`validate`] adds the limits and the checks that
//! need the option rules; [`model`] decides each pupil's options and builds
//! the program of MODEL.md; [`solve`] solves it (HiGHS, or microlp for
//! cross-checks); [`plan`] is the `fap-plan/1` output; [`check`] re-verifies a
//! plan without the model-building code; [`pipeline`] runs the steps for every
//! front end. docs/architecture.md draws the modules and what flows between them.
//!
//! ```
//! let json = br#"{"format": "fap-scenario/1", "meta": {"name": "doc"},
//!   "schools": [{"id": "S1", "location": {"easting": 1000, "northing": 1000},
//!                "year_groups": {"9": {"pan": 30, "on_roll": 29}}}],
//!   "pupils": [{"id": "P1", "kind": "fap", "category": "d", "year_group": "9",
//!               "sex": "f", "home": {"easting": 2000, "northing": 1000}}]}"#;
//! let loaded = fap::validate::load_bytes(json);
//! let sc = loaded.scenario.expect("valid");
//! let opts = fap::model::Options::generate(&sc);
//! let solved = fap::solve::solve(&sc, &opts, &Default::default(), &Default::default(), None)?;
//! assert_eq!(solved.assignment[0], Some(fap::scenario::Target::School(0)));
//! # Ok::<_, fap::solve::SolveError>(())
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod check;
pub mod cli;
pub mod decisions;
pub mod diff;
pub mod edit;
pub mod error;
pub mod export;
pub mod figures;
pub mod generate;
pub mod import;
pub mod ledger;
pub mod limits;
pub mod model;
pub mod output;
pub mod pipeline;
pub mod plan;
pub mod progress;
pub mod proposals;
pub mod reference;
pub mod report;
pub mod rollforward;
pub mod scenario;
#[cfg(feature = "serve")]
pub mod serve;
pub mod solve;
pub mod sweep;
pub mod validate;
pub mod workbook;
