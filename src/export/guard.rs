//! Never overwrite a bundle someone has edited.
//!
//! `fap export` and `fap template` write into a directory that a coordinator
//! then edits in a spreadsheet. Writing there again must not silently throw
//! that work away. Each write leaves `.fap-written` beside the files: the
//! SHA-256 of every file as fap wrote it. A later write replaces a file only
//! when it is unchanged since (its hash matches) or `--force` is given; a file
//! fap did not write, or one changed since, is refused with a hint, before
//! anything is written.

use crate::error::FapError;
use crate::plan::sha256_hex;
use std::collections::BTreeMap;
use std::path::Path;

/// The record of what fap wrote last, in the bundle directory.
pub const RECORD: &str = ".fap-written";

/// Refuses when a file about to be written exists and is not, byte for byte,
/// what fap wrote there last (unless `force`).
fn check(dir: &Path, names: &[&str], force: bool) -> Result<(), FapError> {
    if force {
        return Ok(());
    }
    let record = read_record(dir);
    for name in names {
        let path = dir.join(name);
        let Ok(now) = std::fs::read(&path) else {
            continue;
        };
        if record.get(*name) != Some(&sha256_hex(&now)) {
            return Err(FapError::Input(format!(
                "{}: changed since fap wrote it (or not written by fap); nothing was written\n  hint: pass --force to replace it, or write to another directory",
                path.display()
            )));
        }
    }
    Ok(())
}

/// Writes a bundle into `dir` (created if missing): refused, with nothing
/// written, when `dir` is a file or when a file there was edited since fap
/// wrote it (unless `force`).
pub fn write_bundle(
    dir: &Path,
    files: &[(&str, Vec<u8>)],
    inputs: &[&Path],
    force: bool,
) -> Result<(), FapError> {
    if dir.exists() && !dir.is_dir() {
        return Err(FapError::Input(format!(
            "{}: exists and is not a directory\n  hint: -o names the folder to write into",
            dir.display()
        )));
    }
    let names: Vec<&str> = files.iter().map(|(n, _)| *n).collect();
    check(dir, &names, force)?;
    std::fs::create_dir_all(dir).map_err(|e| {
        FapError::Input(format!(
            "{}: cannot create the directory: {}",
            dir.display(),
            crate::scenario::load::io_reason(&e)
        ))
    })?;
    write_all(dir, files, inputs)
}

/// Writes the files atomically, then the record of their hashes.
fn write_all(dir: &Path, files: &[(&str, Vec<u8>)], inputs: &[&Path]) -> Result<(), FapError> {
    let mut record = read_record(dir);
    for (name, bytes) in files {
        crate::output::write_atomic(&dir.join(name), bytes, inputs)?;
        record.insert(name.to_string(), sha256_hex(bytes));
    }
    let text: String = record.iter().map(|(n, h)| format!("{h}  {n}\n")).collect();
    crate::output::write_atomic(&dir.join(RECORD), text.as_bytes(), inputs)
}

/// `name → sha256` of the record (`sha256sum` layout), empty when absent.
fn read_record(dir: &Path) -> BTreeMap<String, String> {
    std::fs::read_to_string(dir.join(RECORD))
        .unwrap_or_default()
        .lines()
        .filter_map(|l| l.split_once("  "))
        .map(|(h, n)| (n.to_string(), h.to_string()))
        .collect()
}
