//! What identifies a plan's inputs and maker: the scenario file's SHA-256
//! and the `generator` block (fap's version, commit, solver and options).
//!
//! Shared by everything that writes or verifies a plan, the checker included,
//! so one hash function serves plans, exports and the decision log.

use super::{Generator, SolveOptionsRecord};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

/// Lower-case hex SHA-256, as plans record the scenario file's bytes.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// fap's version and commit.
pub fn generator(
    solver: String,
    options: SolveOptionsRecord,
    timings: Option<BTreeMap<String, f64>>,
) -> Generator {
    Generator {
        fap_version: env!("CARGO_PKG_VERSION").to_string(),
        git_commit: env!("FAP_GIT_COMMIT").to_string(),
        solver,
        options,
        timings,
    }
}
