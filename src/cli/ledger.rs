//! `fap ledger SCENARIO [--log LOG]`: whose turn is it? And the output helper
//! the meeting's reports share (the terminal, or a file written atomically).

use super::decide::read_log;
use super::load_written;
use crate::error::{FapError, Outcome};
use crate::ledger::render::{ledger_csv, ledger_doc, output, Format};
use crate::ledger::{after_decisions, ledger};
use crate::limits::Limits;
use std::path::{Path, PathBuf};

/// Arguments of `fap ledger`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  fap ledger spring1.json
      per phase, every school in turn order: FAP pupils admitted this year by year group
      (fap_this_year), the fairness cap and what is left under it, the fair share of the
      phase's load (admitted this year plus the round's FAP pupils still to place) and
      admitted ÷ share. The turn goes to the school furthest below its share; schools exempt
      from FAP, or at a hard cap, take no turn.
  fap ledger autumn2.json --log decisions-2026-27.jsonl -o turn.html
      the same after this meeting's decisions (the round's placements counted), as a page
      that prints on A4
  fap ledger autumn2.json --format csv -o ledger.csv

The year-end figures for the adjudicator: fap year-end decisions-2026-27.jsonl")]
pub struct Args {
    /// The round's scenario file.
    pub scenario: PathBuf,
    /// Count this meeting's decisions from the decisions log too.
    #[arg(long, value_name = "LOG")]
    pub log: Option<PathBuf>,
    /// md, csv or html [default: from the extension of -o, else md].
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Where to write [default: the terminal].
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// The protective marking printed at the top and bottom.
    #[arg(long, value_name = "TEXT", default_value = crate::report::DEFAULT_MARKING)]
    pub marking: String,
    #[command(flatten)]
    limit: Limits,
}

/// Runs `fap ledger`.
pub fn run(a: Args) -> Result<Outcome, FapError> {
    let format = format(a.format, a.output.as_deref())?;
    let (round, _) = load_written(&a.scenario, &a.limit)?;
    let l = match &a.log {
        Some(path) => {
            let (_, log) = read_log(path, false)?;
            after_decisions(&round, &log)
                .map_err(|e| FapError::Input(format!("{}: {e}", path.display())))?
        }
        None => ledger(&round.scenario),
    };
    let bytes = output(&ledger_doc(&l, &a.marking), &ledger_csv(&l), format);
    let mut inputs: Vec<&Path> = vec![&a.scenario];
    inputs.extend(a.log.as_deref());
    emit(a.output.as_deref(), &bytes, &inputs)
}

/// The format asked for, or the one the output's name says, or Markdown.
pub fn format(f: Option<Format>, out: Option<&Path>) -> Result<Format, FapError> {
    match (f, out) {
        (Some(f), _) => Ok(f),
        (None, None) => Ok(Format::Md),
        (None, Some(o)) => Format::of_path(o).ok_or_else(|| {
            FapError::Input(format!(
                "{}: say which format with --format md, csv or html (or end the name in .md, .csv or .html)",
                o.display()
            ))
        }),
    }
}

/// Writes `bytes` to `out` atomically (saying so when it replaces a file), or to the terminal.
pub fn emit(out: Option<&Path>, bytes: &[u8], inputs: &[&Path]) -> Result<Outcome, FapError> {
    match out {
        Some(o) => {
            crate::output::output_dir(o)?;
            crate::output::note_replacing(o);
            crate::output::write_atomic(o, bytes, inputs)?;
            eprintln!("wrote {}", o.display());
        }
        None => {
            use std::io::Write;
            std::io::stdout()
                .write_all(bytes)
                .map_err(|e| FapError::Input(format!("cannot write to the terminal: {e}")))?;
        }
    }
    Ok(Outcome::Ok)
}
