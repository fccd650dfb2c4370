//! `fap validate FILE...`: every error and warning of each file, at once.

use crate::error::{FapError, Outcome};
use crate::limits::Limits;
use crate::validate::load_file;
use std::path::PathBuf;

/// Arguments of `fap validate`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  fap validate scenarios/secondary-autumn2.json
  fap validate scenarios/*.json --format json > issues.json

Each finding names the file, the JSON path and a hint, e.g.
  round.json: error: pupils[3].preferences[1]: unknown school or AP id \"S999\" [unknown-id]
    hint: did you mean \"S099\"?
Exit status 0 when every file is valid (warnings allowed), 2 when any has an error.
Codes are listed in docs/errors.md.")]
pub struct Args {
    /// Scenario files (fap-scenario/1 JSON).
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// `text` for people, `json` for other tools (one object with a list per file).
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    #[command(flatten)]
    limit: Limits,
}

/// Output format of the diagnostics.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Format {
    /// Lines for people.
    Text,
    /// JSON for tools.
    Json,
}

/// Runs `fap validate`.
pub fn run(a: Args) -> Result<Outcome, FapError> {
    let mut total_errors = 0;
    let mut json_files = Vec::new();
    for f in &a.files {
        super::wrong_file::refuse_non_json(f)?;
        let loaded = load_file(f, &a.limit);
        let errors = loaded.issues.iter().filter(|i| i.is_error()).count();
        let warnings = loaded.issues.len() - errors;
        total_errors += errors;
        match a.format {
            Format::Text => {
                let (shown, more) = crate::scenario::issue::capped(&loaded.issues, 500, 500);
                for i in shown {
                    println!("{}: {i}", f.display());
                }
                if let Some(more) = more {
                    println!("{}: {more}", f.display());
                }
                if errors == 0 {
                    let sc = loaded.scenario.as_ref();
                    let (p, s, ap) = sc.map_or((0, 0, 0), |s| {
                        (s.pupils.len(), s.schools.len(), s.aps.len())
                    });
                    println!("{}: valid ({p} pupils, {s} schools, {ap} AP providers; {warnings} warning(s))", f.display());
                } else {
                    println!("{}: {errors} error(s), {warnings} warning(s)", f.display());
                }
            }
            Format::Json => json_files.push(serde_json::json!({
                "file": f.display().to_string(),
                "valid": errors == 0,
                "errors": errors,
                "warnings": warnings,
                "issues": loaded.issues,
            })),
        }
    }
    if let Format::Json = a.format {
        let out = serde_json::json!({ "files": json_files });
        println!(
            "{}",
            serde_json::to_string_pretty(&out).expect("issues serialise")
        );
    }
    if total_errors > 0 {
        Err(FapError::Invalid {
            file: if a.files.len() == 1 {
                a.files[0].display().to_string()
            } else {
                format!("{} files", a.files.len())
            },
            errors: total_errors,
        })
    } else {
        Ok(Outcome::Ok)
    }
}
