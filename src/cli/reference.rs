//! Reading a `--reference PLAN` file for `fap solve` and `fap check`.

use crate::error::FapError;
use crate::limits::Limits;
use crate::plan::Plan;
use crate::reference::{attach, Attached, Reference};
use crate::scenario::Scenario;
use std::path::Path;

/// The reference plan file's bytes, or an error naming it (exit 2).
fn read(path: &Path, limit: &Limits) -> Result<Vec<u8>, FapError> {
    crate::scenario::load::read_limited(path, limit.bytes())
        .map_err(|i| FapError::Input(format!("{} (--reference): {i}", path.display())))
}

/// Makes proposal `rank` of the plan at `path` the scenario's reference.
pub fn attach_file(
    sc: &mut Scenario,
    path: &Path,
    rank: usize,
    limit: &Limits,
) -> Result<Attached, FapError> {
    let bytes = read(path, limit)?;
    let r = Reference::read(&bytes, rank)
        .map_err(|e| FapError::Input(format!("{} (--reference): {e}", path.display())))?;
    Ok(attach(sc, &r))
}

/// The reference plan at `path` and its SHA-256, for the checker.
pub fn read_plan(path: &Path, limit: &Limits) -> Result<(Plan, String), FapError> {
    let bytes = read(path, limit)?;
    let plan = crate::check::read_plan(&bytes)
        .map_err(|i| FapError::Input(format!("{} (--reference): {i}", path.display())))?;
    Ok((plan, crate::check::sha256_hex(&bytes)))
}
