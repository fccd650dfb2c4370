//! A scenario the model can take, from a file or bytes: the scenario's own
//! checks ([`crate::scenario::load`]), then the size limits
//! ([`crate::limits`]), then the checks that need the option rules (pinned
//! pupils, pupils with no option: [`crate::model::feasibility`]).
//!
//! Every front end reads scenarios through here, so `validate`, `solve`,
//! `check`, `sweep` and `serve` accept and refuse the same files with the same
//! issues ([`written`] keeps the file's wire form too, for the tools that
//! change a scenario and write it back). It sits above `scenario` and `model`, which keeps `scenario` at the
//! bottom of the crate (it uses no module above it).

pub mod written;

use crate::limits::Limits;
use crate::scenario::load::{check_bytes, read_limited};
use crate::scenario::Loaded;
use std::path::Path;

/// Reads and validates a scenario file, refusing files over the input limit.
pub fn load_file(path: &Path, limits: &Limits) -> Loaded {
    match read_limited(path, limits.bytes()) {
        Ok(bytes) => load_bytes_within(&bytes, Some(limits)),
        Err(i) => Loaded {
            scenario: None,
            issues: vec![*i],
        },
    }
}

/// Validates scenario bytes.
pub fn load_bytes(bytes: &[u8]) -> Loaded {
    load_bytes_within(bytes, None)
}

/// [`load_bytes`], refusing a scenario over the pupil or school limits before
/// the checks whose work grows with pupils × schools (the limit's error is
/// then the only one after the structural checks).
pub fn load_bytes_within(bytes: &[u8], limits: Option<&Limits>) -> Loaded {
    let mut checked = check_bytes(bytes);
    if let Some(s) = &checked.scenario {
        match limits.map(|l| l.check(s)) {
            Some(Err(over)) => {
                checked.issues.push(*over);
                checked.scenario = None;
            }
            _ => crate::model::feasibility::check(s, &mut checked.issues),
        }
    }
    checked.finish()
}
