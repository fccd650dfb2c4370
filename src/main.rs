//! The `fap` binary: parse arguments, run, print the error, exit with its code.
use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = fap::cli::Cli::parse();
    match fap::cli::run(cli) {
        Ok(outcome) => outcome.exit_code(),
        Err(e) => {
            eprintln!("fap: {e:#}");
            e.exit_code()
        }
    }
}
