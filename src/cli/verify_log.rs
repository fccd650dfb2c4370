//! `fap verify-log LOG`: check a decisions log's hash chain, say where it breaks.

use super::decide::read_log;
use crate::error::{FapError, Outcome};
use std::path::PathBuf;

/// Arguments of `fap verify-log`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Example:
  fap verify-log decisions-2026-27.jsonl
      ok: 42 entries, chain intact; head 3f5a…  (write the head in the minutes: a
      removed last entry then shows too)
  A log edited by hand prints, and exits 2:
      decisions-2026-27.jsonl: the log does not verify: entry 17: its bytes do not match its
      hash: the entry was changed after it was written

Entries are never printed (they may hold free text). Layout: docs/decisions-format.md.")]
pub struct Args {
    /// The decisions log (JSON Lines).
    pub log: PathBuf,
}

/// Runs `fap verify-log`.
pub fn run(a: Args) -> Result<Outcome, FapError> {
    let (_, log) = read_log(&a.log, false)?;
    println!(
        "ok: {} entries, chain intact; head {}",
        log.entries.len(),
        log.head
    );
    Ok(Outcome::Ok)
}
