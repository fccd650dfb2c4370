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
  fap export round.json -o round.xlsx
      the same as one workbook (sheets pupils, schools, places, ap, policy, meta)

Files in DIR that were changed since fap wrote them are never replaced without --force.

Only a valid scenario is exported (run fap validate to see its errors).")]
pub struct Args {
    /// The scenario file (fap-scenario/1 JSON).
    pub scenario: PathBuf,
    /// The bundle directory (created if missing; bundle files in it are replaced
    /// only when unchanged since fap wrote them), or a workbook file (.xlsx).
    #[arg(short, long, value_name = "DIR|WORKBOOK", required = true)]
    pub output: PathBuf,
    /// Replace bundle files even if they were edited since fap wrote them.
    #[arg(long)]
    pub force: bool,
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
    if is_xlsx(&a.output) {
        return write_workbook(&a, &wire);
    }
    let files = crate::export::to_bundle(&wire);
    crate::export::guard::write_bundle(&a.output, &files, &[&a.scenario], a.force)?;
    if !a.quiet {
        let names: Vec<&str> = files.iter().map(|(n, _)| *n).collect();
        let (holds, to) = (super::holds(&wire), a.output.display());
        eprintln!("exported {holds} → {to} ({})", names.join(", "));
    }
    Ok(Outcome::Ok)
}

fn is_xlsx(p: &std::path::Path) -> bool {
    p.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
}

/// The scenario as one workbook; an existing file is replaced only with --force.
fn write_workbook(a: &Args, wire: &WireScenario) -> Result<Outcome, FapError> {
    crate::output::output_dir(&a.output)?;
    if a.output.exists() && !a.force {
        return Err(FapError::Input(format!(
            "{}: already exists; nothing was written\n  hint: pass --force to replace it, or choose another file",
            a.output.display()
        )));
    }
    let bytes = crate::workbook::to_xlsx(&crate::export::workbook::sheets(wire))?;
    crate::output::write_atomic(&a.output, &bytes, &[&a.scenario])?;
    if !a.quiet {
        let (holds, to) = (super::holds(wire), a.output.display());
        eprintln!("exported {holds} → {to}");
    }
    Ok(Outcome::Ok)
}
