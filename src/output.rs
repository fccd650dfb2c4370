//! Atomic output files: never a partial file, never over an input.
//!
//! Every file fap writes goes to a temporary file in the destination's
//! directory and is renamed into place once complete, so a reader sees the old
//! file or the new one, never half of one. Paths of temporary files still open
//! are registered so that the Ctrl-C/SIGTERM handler ([`install_interrupt_handler`])
//! can delete them before exiting.

use crate::error::FapError;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, OnceLock};

static PENDING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());
static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// Installs the Ctrl-C/SIGTERM handler: it removes pending temporary files and
/// exits with status 130. Long loops may also poll [`interrupted`].
pub fn install_interrupt_handler() {
    let _ = ctrlc::set_handler(|| {
        INTERRUPTED.store(true, Ordering::SeqCst);
        // Held until the process ends: a worker thread that would create a
        // temporary file after these are removed waits on it instead (a sweep
        // interrupted between two variants once left one behind).
        let pending = PENDING.lock().unwrap_or_else(|e| e.into_inner());
        for f in pending.iter() {
            let _ = std::fs::remove_file(f);
        }
        if std::io::IsTerminal::is_terminal(&std::io::stderr()) {
            eprint!("\r\x1b[2K"); // over a progress line, if one is drawn
        }
        eprintln!("fap: interrupted; no partial output was left");
        EXIT.get().copied().unwrap_or(std::process::exit)(130);
    });
}

/// How the interrupt handler ends the process; `std::process::exit` unless
/// the binary sets another ([`set_exit`]).
static EXIT: OnceLock<fn(i32) -> !> = OnceLock::new();

/// Sets how the interrupt handler ends the process. The binary passes an
/// immediate exit: `std::process::exit` runs the C++ static destructors of
/// HiGHS while other threads may still be inside a solve, which can crash
/// the process (seen once: an interrupted `fap solve --options 5` ended by
/// SIGSEGV instead of status 130).
pub fn set_exit(exit: fn(i32) -> !) {
    let _ = EXIT.set(exit);
}

/// Has an interrupt arrived?
pub fn interrupted() -> bool {
    INTERRUPTED.load(Ordering::SeqCst)
}

/// Refuses to write `out` when it names one of `inputs`.
pub fn refuse_overwriting_inputs(out: &Path, inputs: &[&Path]) -> Result<(), FapError> {
    let canon = |p: &Path| std::fs::canonicalize(p).ok();
    if let Some(o) = canon(out) {
        for i in inputs {
            if canon(i).as_ref() == Some(&o) {
                return Err(FapError::Input(format!(
                    "{}: refusing to write over an input file\n  hint: choose another output path with -o",
                    out.display()
                )));
            }
        }
    }
    Ok(())
}

/// The directory a file output goes to, which must exist: checked by commands
/// before any work, so that a mistyped directory is refused with nothing written.
pub fn output_dir(path: &Path) -> Result<PathBuf, FapError> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if !dir.is_dir() {
        return Err(FapError::Input(format!(
            "{}: the directory {} does not exist\n  hint: create it first, or choose another path",
            path.display(),
            dir.display()
        )));
    }
    if path.is_dir() {
        return Err(FapError::Input(format!(
            "{}: is a directory\n  hint: name a file to write, e.g. {}",
            path.display(),
            path.join("round.plan.json").display()
        )));
    }
    Ok(dir)
}

/// Says on stderr that `path` is being replaced, when it exists: plans and
/// packs are made again from their inputs, so they are replaced without a
/// flag, but never silently (bundles people edit are guarded instead:
/// [`crate::export::guard`]).
pub fn note_replacing(path: &Path) {
    if path.is_file() {
        eprintln!("note: replacing {}", path.display());
    }
}

/// Writes `bytes` to `path` atomically (temporary file in the same directory, then rename).
pub fn write_atomic(path: &Path, bytes: &[u8], inputs: &[&Path]) -> Result<(), FapError> {
    refuse_overwriting_inputs(path, inputs)?;
    let dir = output_dir(path)?;
    let fail = |what: &str, e: std::io::Error| {
        FapError::Input(format!(
            "{}: cannot {what}: {}",
            path.display(),
            crate::scenario::load::io_reason(&e)
        ))
    };
    // Created and registered under the lock the interrupt handler takes, so
    // that an interrupt in between cannot leave an unregistered file behind.
    let mut pending = PENDING.lock().unwrap_or_else(|e| e.into_inner());
    let mut tmp = tempfile::Builder::new()
        .prefix(".fap-")
        .suffix(".tmp")
        .tempfile_in(&dir)
        .map_err(|e| fail("create a temporary file", e))?;
    let tmp_path = tmp.path().to_path_buf();
    pending.push(tmp_path.clone());
    drop(pending);
    let result = tmp
        .write_all(bytes)
        .and_then(|_| tmp.as_file().sync_all())
        .map_err(|e| fail("write", e))
        .and_then(|_| {
            if interrupted() {
                return Err(FapError::Interrupted);
            }
            tmp.persist(path)
                .map(|_| ())
                .map_err(|e| fail("rename into place", e.error))
        });
    PENDING
        .lock()
        .map(|mut p| p.retain(|f| f != &tmp_path))
        .ok();
    result
}
