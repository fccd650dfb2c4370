//! The output directory's layout, and writing one variant's files.
//!
//! ```text
//! DIR/manifest.json                  every variant, in order (fap-sweep-manifest/1)
//! DIR/variants/<stem>.scenario.json  the variant's scenario (fap-scenario/1)
//! DIR/variants/<stem>.plan.json      its plan (fap-plan/1), when it has one
//! DIR/variants/<stem>.result.json    its result (fap-sweep-result/1), written last
//! DIR/variants/<stem>.moves.csv     pupils placed differently from the base (by the report)
//! DIR/variants/<stem>.pack.<ext>     the variant's panel pack, with `--packs` (by the report)
//! DIR/report.csv, report.md, report.html, draws.csv
//! ```
//!
//! Every file goes through [`crate::output::write_atomic`]. A variant's result is
//! written after its scenario and plan, so a result on disk means the variant is
//! complete; files a variant no longer has (a plan, after a change made it
//! invalid) are removed, so a directory never mixes two runs of one variant.

use crate::error::FapError;
use crate::output::write_atomic;
use std::path::{Path, PathBuf};

/// The manifest's file name.
pub const MANIFEST: &str = "manifest.json";
/// The per-variant folder.
pub const VARIANTS: &str = "variants";
/// Report file names.
pub const REPORTS: [&str; 5] = [
    "report.csv",
    "report.md",
    "report.html",
    "draws.csv",
    "report.xlsx",
];

/// `DIR/variants/<stem>.scenario.json`.
pub fn scenario(dir: &Path, stem: &str) -> PathBuf {
    dir.join(VARIANTS).join(format!("{stem}.scenario.json"))
}

/// `DIR/variants/<stem>.plan.json`.
pub fn plan(dir: &Path, stem: &str) -> PathBuf {
    dir.join(VARIANTS).join(format!("{stem}.plan.json"))
}

/// `DIR/variants/<stem>.result.json`.
pub fn result(dir: &Path, stem: &str) -> PathBuf {
    dir.join(VARIANTS).join(format!("{stem}.result.json"))
}

/// `DIR/variants/<stem>.moves.csv`: pupils placed differently from the base.
pub fn moves(dir: &Path, stem: &str) -> PathBuf {
    dir.join(VARIANTS).join(format!("{stem}.moves.csv"))
}

/// `DIR/variants/<stem>.pack.<ext>`: the variant's own panel pack.
pub fn pack(dir: &Path, stem: &str, ext: &str) -> PathBuf {
    dir.join(VARIANTS).join(format!("{stem}.pack.{ext}"))
}

/// Creates `DIR` and `DIR/variants`.
pub fn create_dirs(dir: &Path) -> Result<(), FapError> {
    let v = dir.join(VARIANTS);
    std::fs::create_dir_all(&v).map_err(|e| {
        FapError::Input(format!(
            "{}: cannot create the directory: {}",
            v.display(),
            crate::scenario::load::io_reason(&e)
        ))
    })
}

/// The endings of a variant's files.
const ENDINGS: [&str; 9] = [
    ".scenario.json",
    ".plan.json",
    ".result.json",
    ".moves.csv",
    ".pack.md",
    ".pack.csv",
    ".pack.html",
    ".pack.pdf",
    ".pack.xlsx",
];

/// Removes the files under `DIR/variants` of variants not in `stems` (left by
/// an earlier run of another sweep, or of this one before a variant was renamed
/// or dropped), so the directory never mixes two sweeps. Other files are kept.
pub fn remove_stale(
    dir: &Path,
    stems: &std::collections::BTreeSet<&str>,
) -> Result<usize, FapError> {
    let Ok(entries) = std::fs::read_dir(dir.join(VARIANTS)) else {
        return Ok(0);
    };
    let mut removed = 0;
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let stem = ENDINGS.iter().find_map(|end| name.strip_suffix(end));
        if stem.is_some_and(|s| !stems.contains(s)) {
            remove_if_present(&e.path())?;
            removed += 1;
        }
    }
    Ok(removed)
}

/// One variant's files, as bytes.
#[derive(Debug, Clone, Default)]
pub struct VariantFiles {
    /// The scenario, unless the patch failed.
    pub scenario: Option<Vec<u8>>,
    /// The plan, when solved.
    pub plan: Option<Vec<u8>>,
    /// The result.
    pub result: Vec<u8>,
}

/// Writes a variant's files, the result last, removing files it does not have.
pub fn write_variant(
    dir: &Path,
    stem: &str,
    files: &VariantFiles,
    inputs: &[&Path],
) -> Result<(), FapError> {
    for (path, bytes) in [
        (scenario(dir, stem), &files.scenario),
        (plan(dir, stem), &files.plan),
    ] {
        match bytes {
            Some(b) => write_atomic(&path, b, inputs)?,
            None => remove_if_present(&path)?,
        }
    }
    write_atomic(&result(dir, stem), &files.result, inputs)
}

/// Removes a file if it exists.
pub fn remove_if_present(path: &Path) -> Result<(), FapError> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(FapError::Input(format!(
            "{}: cannot remove a stale file: {}",
            path.display(),
            crate::scenario::load::io_reason(&e)
        ))),
        _ => Ok(()),
    }
}
