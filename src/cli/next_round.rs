//! `fap next-round SCENARIO LOG`: the next round's scenario (ROUNDS.md "Rolling forward").

use super::decide::read_log;
use super::load_written;
use crate::error::{FapError, Outcome};
use crate::limits::Limits;
use crate::rollforward::{roll_forward, Settings};
use std::path::PathBuf;

/// Arguments of `fap next-round`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Example:
  fap next-round autumn2.json decisions-2026-27.jsonl --school-days 15 --name \"Spring 1 secondary panel\" -o spring1.json
      pupils placed at the Autumn 2 meeting leave (their school's on_roll and, for FAP pupils,
      fap_this_year grow; an AP place is used up), withdrawn pupils leave, returned pupils come
      back with the days the coordinator gave, and everyone else stays with 15 more school days
      out of education. New referrals are added afterwards (fap import, or by editing).

The round's decisions are the log's entries whose round is the scenario's meta.name, with
corrections applied. The result is validated before it is written (exit 2 if it is not valid).")]
pub struct Args {
    /// This round's scenario file.
    pub scenario: PathBuf,
    /// The decisions log.
    pub log: PathBuf,
    /// School days between this meeting and the next.
    #[arg(long, value_name = "DAYS")]
    pub school_days: f64,
    /// The next round's name (meta.name).
    #[arg(long, value_name = "NAME")]
    pub name: String,
    /// Where to write the next round's scenario.
    #[arg(short, long, value_name = "FILE")]
    pub output: PathBuf,
    #[command(flatten)]
    limit: Limits,
}

/// Runs `fap next-round`.
pub fn run(a: Args) -> Result<Outcome, FapError> {
    if !(a.school_days.is_finite() && (0.0..=366.0).contains(&a.school_days)) {
        return Err(FapError::Input("--school-days must be 0 to 366".into()));
    }
    let (round, _) = load_written(&a.scenario, &a.limit)?;
    let (_, log) = read_log(&a.log, false)?;
    let wire = &round.wire;
    let settings = Settings {
        school_days: a.school_days,
        name: Some(a.name.clone()),
    };
    let next = roll_forward(wire, &log, &settings)
        .map_err(|e| FapError::Input(format!("{}: {e}", a.log.display())))?;
    let (_, out) = crate::validate::written::validate(&next, Some(&a.limit)).map_err(|issues| {
        let first = issues.first().map(ToString::to_string).unwrap_or_default();
        FapError::Input(format!(
            "the next round would not be valid: {first}; nothing written"
        ))
    })?;
    crate::output::write_atomic(&a.output, &out, &[&a.scenario, &a.log])?;
    println!(
        "{} -> {}: {} pupils (this round {})",
        a.scenario.display(),
        a.output.display(),
        next.pupils.len(),
        wire.pupils.len()
    );
    Ok(Outcome::Ok)
}
