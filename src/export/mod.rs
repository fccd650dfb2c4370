//! Writing scenarios for spreadsheets: the CSV bundle and the workbook
//! `fap export` writes (the canonical JSON is [`crate::scenario::canonical`]).
//!
//! The bundle is the format `fap import` reads (docs/import.md), so that
//! `export` then `import` gives back the same scenario: every column is written
//! even when empty, an absent field is an empty cell, and `meta.json` and
//! `policy.json` carry the parts CSV cannot (an absent policy is written as `{}`,
//! which imports as no policy).

mod bundle;
pub mod guard;
pub mod workbook;

pub use bundle::to_bundle;
