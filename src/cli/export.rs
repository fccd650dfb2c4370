//! `fap export SCENARIO -o DIR`: the scenario as the CSV bundle `fap import`
//! reads, for editing in a spreadsheet (docs/import.md).

use super::load_scenario;
use crate::error::{FapError, Outcome};
use crate::limits::Limits;
use crate::scenario::wire::WireScenario;
use std::path::PathBuf;

/// Arguments of `fap export`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  fap export round.json -o round/
      writes round/meta.json, policy.json, schools.csv, places.csv, ap.csv, pupils.csv
  fap import round/ -o round-again.json
      gives back the same scenario

Only a valid scenario is exported (run fap validate to see its errors).")]
pub struct Args {
    /// The scenario file (fap-scenario/1 JSON).
    pub scenario: PathBuf,
    /// The bundle directory (created if missing; bundle files in it are replaced).
    #[arg(short, long, value_name = "DIR", required = true)]
    pub output: PathBuf,
    /// Print no summary.
    #[arg(short, long)]
    pub quiet: bool,
    #[command(flatten)]
    limit: Limits,
}

/// Runs `fap export`.
pub fn run(a: Args) -> Result<Outcome, FapError> {
    let (_, bytes) = load_scenario(&a.scenario, &a.limit, true)?;
    let value = crate::scenario::json::parse(&bytes)
        .map_err(|i| FapError::Internal(format!("{}: {i}", a.scenario.display())))?;
    let wire: WireScenario = serde_json::from_value(value)
        .map_err(|e| FapError::Internal(format!("{}: {e}", a.scenario.display())))?;
    if a.output.exists() && !a.output.is_dir() {
        return Err(FapError::Input(format!(
            "{}: exists and is not a directory\n  hint: -o names the folder to write the CSV bundle into",
            a.output.display()
        )));
    }
    std::fs::create_dir_all(&a.output).map_err(|e| {
        FapError::Input(format!(
            "{}: cannot create the directory: {}",
            a.output.display(),
            crate::scenario::load::io_reason(&e)
        ))
    })?;
    let files = crate::export::to_bundle(&wire);
    for (name, content) in &files {
        crate::output::write_atomic(&a.output.join(name), content, &[&a.scenario])?;
    }
    if !a.quiet {
        eprintln!(
            "exported {} pupils, {} schools, {} AP providers → {} ({})",
            wire.pupils.len(),
            wire.schools.len(),
            wire.ap_providers.len(),
            a.output.display(),
            files.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", ")
        );
    }
    Ok(Outcome::Ok)
}
