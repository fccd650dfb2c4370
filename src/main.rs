//! The `fap` binary: parse arguments, run, print the error, exit with its code.
use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    quiet_panics();
    fap::output::set_exit(exit_now);
    let cli = fap::cli::Cli::parse();
    match fap::cli::run(cli) {
        Ok(outcome) => outcome.exit_code(),
        Err(e) => {
            eprintln!("fap: {e:#}");
            e.exit_code()
        }
    }
}

/// No panic reaches the user as a stack trace: a closed stdout (`fap ... | head`)
/// ends quietly with success, as in ripgrep; anything else is reported as an
/// internal error (exit 3) without a backtrace, whose frames could carry data.
fn quiet_panics() {
    std::panic::set_hook(Box::new(|info| {
        let msg = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_default();
        if msg.contains("Broken pipe") {
            std::process::exit(0);
        }
        let at = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        eprintln!("fap: internal error{at}: {msg}\n  hint: this is a bug in fap; please report it with the command you ran");
        std::process::exit(3);
    }));
}

/// Ends the process at once, without exit handlers or static destructors:
/// the interrupt handler calls it while solver threads may still be running
/// (see `fap::output::set_exit`). The library forbids `unsafe`; this is the
/// binary's one use.
fn exit_now(code: i32) -> ! {
    #[cfg(unix)]
    // SAFETY: `_exit` takes no pointers and does not return.
    unsafe {
        libc::_exit(code)
    }
    #[cfg(not(unix))]
    std::process::exit(code)
}
