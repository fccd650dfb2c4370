//! `fap import`: a CSV bundle or a school-register extract → a validated
//! scenario file (docs/import.md).

use crate::error::{FapError, Outcome};
use crate::import::{import, ImportIssue, Sources};
use std::path::{Path, PathBuf};

/// Arguments of `fap import`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  fap import round/ -o round.json
      round/ holds pupils.csv, schools.csv, places.csv and, optionally, ap.csv,
      policy.json and meta.json
  fap import --gias edubasealldata.csv --la 211 --pupils pupils.csv --ap ap.csv -o round.json
      schools from the national register, places per year group estimated from
      capacity and roll (give places.csv to override them)
  fap import round/ --gias tests/fixtures/register/tower-hamlets.csv -o round.json
      pupils, AP and policy from the bundle, schools from the register
  fap import round.xlsx --ignore-column Name -o round.json
      one workbook with sheets pupils, schools, places, ap, policy (fap template
      writes a blank one); a column kept for people is left unread
  fap import round/ --postcodes postcodes.csv -o round.json
      homes given as a postcode column, placed through an ONS Postcode Directory
      or Code-Point Open extract you supply

Errors name the file, row and column, with a hint; nothing is written when there
is any (exit 2). Columns and estimates are described in docs/import.md.")]
pub struct Args {
    /// Bundle directory (pupils.csv, schools.csv, places.csv, ap.csv, policy.json,
    /// meta.json), or a workbook (.xlsx, .ods) with those sheets.
    #[arg(value_name = "DIR|WORKBOOK")]
    pub dir: Option<PathBuf>,
    /// Where to write the scenario.
    #[arg(short, long, value_name = "FILE", required = true)]
    pub output: PathBuf,
    /// meta.name (overrides meta.json).
    #[arg(long)]
    pub name: Option<String>,
    /// Schools from a school-register (GIAS) extract instead of schools.csv.
    #[arg(long, visible_alias = "register", value_name = "FILE")]
    pub gias: Option<PathBuf>,
    /// Keep only register rows of this local authority (code such as 211, or name).
    #[arg(long, value_name = "LA", requires = "gias")]
    pub la: Option<String>,
    /// pupils.csv [default: DIR/pupils.csv].
    #[arg(long, value_name = "FILE")]
    pub pupils: Option<PathBuf>,
    /// schools.csv [default: DIR/schools.csv].
    #[arg(long, value_name = "FILE", conflicts_with = "gias")]
    pub schools: Option<PathBuf>,
    /// places.csv [default: DIR/places.csv]; with --gias it overrides the estimates.
    #[arg(long, value_name = "FILE")]
    pub places: Option<PathBuf>,
    /// ap.csv [default: DIR/ap.csv].
    #[arg(long, value_name = "FILE")]
    pub ap: Option<PathBuf>,
    /// policy.json [default: DIR/policy.json].
    #[arg(long, value_name = "FILE")]
    pub policy: Option<PathBuf>,
    /// meta.json [default: DIR/meta.json].
    #[arg(long, value_name = "FILE")]
    pub meta: Option<PathBuf>,
    /// A column to leave unread, e.g. a name column kept for people (any
    /// file or sheet; repeatable).
    #[arg(long, value_name = "NAME")]
    pub ignore_column: Vec<String>,
    /// Postcode lookup table for a pupils' `postcode` column (ONS Postcode
    /// Directory or Code-Point Open CSV; docs/import.md).
    #[arg(long, value_name = "FILE")]
    pub postcodes: Option<PathBuf>,
    /// Print no notes or warnings.
    #[arg(short, long)]
    pub quiet: bool,
}

/// Is this path a workbook rather than a bundle directory?
fn is_workbook(p: &Path) -> bool {
    let ext = p
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase());
    !p.is_dir() && matches!(ext.as_deref(), Some("xlsx" | "xlsm" | "xls" | "ods"))
}

/// Most findings printed; the rest are counted.
const MAX_PRINTED: usize = 100;

/// Prints findings to stderr, at most [`MAX_PRINTED`].
pub(crate) fn print_issues(issues: &[ImportIssue]) {
    for i in issues.iter().take(MAX_PRINTED) {
        eprintln!("{i}");
    }
    if issues.len() > MAX_PRINTED {
        eprintln!("… and {} more", issues.len() - MAX_PRINTED);
    }
}

/// Runs `fap import`.
pub fn run(a: Args) -> Result<Outcome, FapError> {
    if a.dir.is_none() && a.gias.is_none() && a.schools.is_none() {
        return Err(FapError::Input(
            "nothing to import\n  hint: give a bundle directory, or --gias FILE (see fap import --help)".into(),
        ));
    }
    crate::output::output_dir(&a.output)?;
    let workbook = a.dir.clone().filter(|d| is_workbook(d));
    let sources = Sources {
        dir: a.dir.clone().filter(|_| workbook.is_none()),
        workbook,
        ignore_columns: a.ignore_column.clone(),
        postcodes: a.postcodes.clone(),
        pupils: a.pupils.clone(),
        schools: a.schools.clone(),
        places: a.places.clone(),
        ap: a.ap.clone(),
        policy: a.policy.clone(),
        meta: a.meta.clone(),
        register: a.gias.clone(),
        la: a.la.clone(),
        name: a.name.clone(),
    };
    let imported = match import(&sources) {
        Ok(i) => i,
        Err(issues) => {
            print_issues(&issues);
            let errors = issues.iter().filter(|i| i.is_error()).count();
            return Err(FapError::Invalid {
                file: a
                    .dir
                    .as_ref()
                    .or(a.gias.as_ref())
                    .map_or("import".into(), |p| p.display().to_string()),
                errors: errors.max(1),
            });
        }
    };
    let inputs: Vec<&Path> = imported.inputs.iter().map(PathBuf::as_path).collect();
    crate::output::write_atomic(&a.output, &imported.json, &inputs)?;
    if !a.quiet {
        for n in &imported.notes {
            eprintln!("note: {n}");
        }
        print_issues(&imported.warnings);
        let (holds, to) = (super::holds(&imported.wire), a.output.display());
        let warnings = imported.warnings.len();
        eprintln!("imported {holds} → {to} (valid, {warnings} warning(s))");
    }
    Ok(Outcome::Ok)
}
