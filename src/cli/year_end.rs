//! `fap year-end LOG…`: the year's figures from its decisions log(s) (ROUNDS.md).

use super::decide::read_log;
use super::ledger::{emit, format};
use crate::error::{FapError, Outcome};
use crate::ledger::render::{output, year_end_csv, year_end_doc, Format};
use crate::ledger::year_end::year_end;
use std::path::{Path, PathBuf};

/// Arguments of `fap year-end`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  fap year-end decisions-2026-27.jsonl
      per school (or AP) and year group, the children placed through the protocol by category
      (in-year for ordinary in-year admissions); decisions that differed from the proposal, by
      reason; admissions the panel directed past a hard rule, by rule; days out of education
      when placed: mean, longest and how many within the 20-day aim
  fap year-end decisions-2026-27.jsonl --format csv -o year-end-2026-27.csv

Each log is verified first (a broken chain is refused, naming the entry). Only standing
decisions count: corrections replace what they correct, and a placement that later broke
down stays counted, since the school did take the child. Free-text notes are never printed.")]
pub struct Args {
    /// The year's decisions log(s).
    #[arg(required = true)]
    pub logs: Vec<PathBuf>,
    /// md, csv or html [default: from the extension of -o, else md].
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Where to write [default: the terminal].
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// The title, e.g. the academic year [default: the log's file name].
    #[arg(long, value_name = "TEXT")]
    pub title: Option<String>,
    /// The protective marking printed at the top and bottom.
    #[arg(long, value_name = "TEXT", default_value = crate::report::DEFAULT_MARKING)]
    pub marking: String,
}

/// Runs `fap year-end`.
pub fn run(a: Args) -> Result<Outcome, FapError> {
    let format = format(a.format, a.output.as_deref())?;
    let mut logs = Vec::new();
    for path in &a.logs {
        logs.push(read_log(path, false)?.1);
    }
    let y = year_end(&logs).map_err(|b| FapError::Input(format!("the log does not read: {b}")))?;
    let title = a.title.clone().unwrap_or_else(|| {
        let names: Vec<String> = a
            .logs
            .iter()
            .map(|p| {
                p.file_name()
                    .unwrap_or_default()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        names.join(", ")
    });
    let bytes = output(
        &year_end_doc(&y, &title, &a.marking),
        &year_end_csv(&y),
        format,
    );
    let inputs: Vec<&Path> = a.logs.iter().map(PathBuf::as_path).collect();
    emit(a.output.as_deref(), &bytes, &inputs)
}
