//! Combining shard directories into the directory a single run would write.
//!
//! Each shard directory holds the manifest of the whole sweep (with its `shard`
//! set) and its own variants' files. Merging checks that every manifest is of
//! the same sweep, settings and fap build, takes each variant's files from the first
//! directory that has its result (checking the scenario against the result's
//! SHA-256), and writes them, the manifest without a shard and the report to
//! the output directory. Since results carry nothing about the run that made
//! them, the output is byte for byte what a single run writes.

use super::files::{self, VariantFiles};
use super::result::{Manifest, VariantResult, RESULT_FORMAT};
use super::run::read_back;
use crate::error::FapError;
use std::path::{Path, PathBuf};

/// Most missing variants named in an error.
const MAX_LISTED: usize = 10;

/// Merges shard directories into `out`; returns the whole sweep's results in order.
pub fn merge(dirs: &[PathBuf], out: &Path) -> Result<(Manifest, Vec<VariantResult>), FapError> {
    let manifests = dirs
        .iter()
        .map(|d| read_manifest(d))
        .collect::<Result<Vec<_>, _>>()?;
    let whole = Manifest {
        shard: None,
        ..manifests[0].clone()
    };
    for (d, m) in dirs.iter().zip(&manifests).skip(1) {
        if m.fap != whole.fap {
            return Err(FapError::Input(format!(
                "{}: made by fap {}, but {} by fap {}; plans of different builds may differ\n  hint: rerun the shards with one build",
                d.display(),
                m.fap,
                dirs[0].display(),
                whole.fap
            )));
        }
        if (Manifest {
            shard: None,
            ..m.clone()
        }) != whole
        {
            return Err(FapError::Input(format!(
                "{}: this directory holds another sweep (or the same sweep with other settings) than {}",
                d.display(),
                dirs[0].display()
            )));
        }
    }
    let mut found = Vec::with_capacity(whole.variants.len());
    let mut missing = Vec::new();
    for (i, v) in whole.variants.iter().enumerate() {
        match dirs.iter().find_map(|d| variant_files(d, &v.name, &v.stem)) {
            Some(f) => found.push(f),
            None => missing.push(describe_missing(i, &v.name, &manifests)),
        }
    }
    if !missing.is_empty() {
        let n = missing.len();
        missing.truncate(MAX_LISTED);
        return Err(FapError::Input(format!(
            "{n} variant(s) have no result in the directories given: {}{}\n  hint: run the missing shards (with --resume to keep what is done), then merge again",
            missing.join(", "),
            if n > MAX_LISTED { ", …" } else { "" }
        )));
    }
    files::create_dirs(out)?;
    files::remove_stale(
        out,
        &whole.variants.iter().map(|v| v.stem.as_str()).collect(),
    )?;
    for (v, f) in whole.variants.iter().zip(&found) {
        files::write_variant(out, &v.stem, f, &[])?;
    }
    crate::output::write_atomic(&out.join(files::MANIFEST), &whole.to_json(), &[])?;
    let results = found.iter().map(|f| read_back(&f.result)).collect();
    Ok((whole, results))
}

fn read_manifest(dir: &Path) -> Result<Manifest, FapError> {
    let path = dir.join(files::MANIFEST);
    let bytes = std::fs::read(&path).map_err(|e| {
        FapError::Input(format!(
            "{}: cannot read: {}\n  hint: give the output directories of `fap sweep` runs",
            path.display(),
            crate::scenario::load::io_reason(&e)
        ))
    })?;
    serde_json::from_slice(&bytes)
        .map_err(|e| FapError::Input(format!("{}: not a sweep manifest: {e}", path.display())))
}

/// The files of a finished variant in `dir`, if all there and consistent.
fn variant_files(dir: &Path, name: &str, stem: &str) -> Option<VariantFiles> {
    let result = std::fs::read(files::result(dir, stem)).ok()?;
    let r: VariantResult = serde_json::from_slice(&result).ok()?;
    if r.format != RESULT_FORMAT || r.variant != name {
        return None;
    }
    let scenario = match &r.scenario_sha256 {
        Some(sha) => {
            let b = std::fs::read(files::scenario(dir, stem)).ok()?;
            if crate::plan::sha256_hex(&b) != *sha {
                return None;
            }
            Some(b)
        }
        None => None,
    };
    let plan = match r.status.has_plan() {
        true => Some(std::fs::read(files::plan(dir, stem)).ok()?),
        false => None,
    };
    Some(VariantFiles {
        scenario,
        plan,
        result,
    })
}

fn describe_missing(i: usize, name: &str, manifests: &[Manifest]) -> String {
    match manifests.iter().find_map(|m| m.shard) {
        Some(s) => format!("{name:?} (shard {}/{})", i % s.count + 1, s.count),
        None => format!("{name:?}"),
    }
}
