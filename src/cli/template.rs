//! `fap template -o DIR`: a blank round for coordinators to fill in, as a CSV
//! bundle and as one workbook, each with the header rows `fap import` reads
//! and a short how-to.

use crate::error::{FapError, Outcome};
use crate::scenario::wire::WireScenario;
use crate::workbook::{to_xlsx, Sheet};
use std::path::PathBuf;

/// Arguments of `fap template`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  fap template -o round/
      writes round/pupils.csv, schools.csv, places.csv, ap.csv, policy.json,
      meta.json, how-to.txt and round/round.xlsx, all with header rows only
  fap import round/ -o round.json        (after filling in the CSV files)
  fap import round/round.xlsx -o round.json   (or after filling in the workbook)

Columns are described in docs/import.md. Files edited since fap wrote them are
never replaced without --force.")]
pub struct Args {
    /// The directory to write into (created if missing).
    #[arg(short, long, value_name = "DIR", required = true)]
    pub output: PathBuf,
    /// Replace files even if they were edited since fap wrote them.
    #[arg(long)]
    pub force: bool,
}

/// The how-to, in the workbook's first sheet and in `how-to.txt`.
const HOW_TO: &[&str] = &[
    "How to fill in this round for fap (Fair Access Panel placements)",
    "pupils: one row per child: a pseudonymous id (never a name), kind (fap or in_year), year group, sex, home (easting and northing, or a postcode with --postcodes), category for FAP pupils.",
    "schools: one row per school: id (or URN), name, location (easting, northing), accepts_fap.",
    "places: one row per school and year group: school_id, year_group, pan, on_roll.",
    "ap: one row per alternative-provision provider (may stay empty).",
    "policy: optional settings, one per row (e.g. fap_cap.mode = soft); empty means every default.",
    "Lists such as preferences are written S012;S003. Headers may be typed as people write them (Year group, On roll).",
    "Then run: fap import round.xlsx -o round.json (or fap import DIR for the CSV files). Every error names the sheet, row and column.",
];

/// Runs `fap template`.
pub fn run(a: Args) -> Result<Outcome, FapError> {
    let blank = WireScenario {
        format: crate::scenario::FORMAT.to_string(),
        meta: Default::default(),
        policy: None,
        schools: Vec::new(),
        ap_providers: Vec::new(),
        pupils: Vec::new(),
    };
    let mut sheets = vec![Sheet {
        name: "How to".to_string(),
        notes: HOW_TO.iter().map(|s| s.to_string()).collect(),
        ..Sheet::default()
    }];
    sheets.extend(crate::export::workbook::sheets(&blank));
    let mut files = crate::export::to_bundle(&blank);
    files.push(("how-to.txt", (HOW_TO.join("\n") + "\n").into_bytes()));
    files.push(("round.xlsx", to_xlsx(&sheets)?));
    let names: Vec<&str> = files.iter().map(|(n, _)| *n).collect();
    crate::export::guard::write_bundle(&a.output, &files, &[], a.force)?;
    eprintln!(
        "wrote a blank round → {} ({})",
        a.output.display(),
        names.join(", ")
    );
    Ok(Outcome::Ok)
}
