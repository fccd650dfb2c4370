//! Each variant's own panel pack (`fap sweep --packs html,pdf`): the paper a
//! panel would get had the variant been the real round, so an analyst can
//! take one what-if to the people it affects.
//!
//! A pack is made like `fap report` makes one: the variant's scenario and plan
//! read back from the directory, decision support computed around proposal 1
//! when the plan has none (re-solves, so this is the slow part), then the same
//! renderers. Packs are written beside the variant's other files
//! (`variants/<stem>.pack.<ext>`) and are derived like `moves.csv`: a re-run
//! rewrites them, and removes those of formats no longer asked for, so a
//! directory never holds a pack of an older plan.

use super::super::files;
use super::super::result::Manifest;
use crate::error::FapError;
use crate::pipeline;
use crate::report::{self, doc::Header, Format, Pack};
use crate::solve::SolveSettings;
use rayon::prelude::*;
use std::path::Path;

/// Alternatives per pupil in a variant's pack (as `fap report`'s default).
pub const OPTIONS_PER_PUPIL: usize = 3;

/// Every format a pack can take, for removing stale ones.
const ALL: [Format; 5] = [
    Format::Markdown,
    Format::Csv,
    Format::Html,
    Format::Pdf,
    Format::Xlsx,
];

/// Writes `formats` of the pack of every variant that has a plan (`has_plan[i]`
/// for variant `i`), in parallel on the current rayon pool, and removes pack
/// files of other formats and of variants without a plan.
pub fn write(
    dir: &Path,
    m: &Manifest,
    has_plan: &[bool],
    formats: &[Format],
) -> Result<(), FapError> {
    // The manifest names the solver with its version ("highs 1.16.0 (…)").
    let solver = m.settings.solver.split_whitespace().next().unwrap_or("");
    let backend = solver
        .parse()
        .map_err(|e: String| FapError::Input(format!("{}: {e}", files::MANIFEST)))?;
    let settings = pipeline::Settings {
        solve: SolveSettings {
            backend,
            ..SolveSettings::default()
        },
        ..pipeline::Settings::default()
    };
    m.variants
        .par_iter()
        .zip(has_plan)
        .try_for_each(|(v, &planned)| {
            let wanted = if planned { formats } else { &[] };
            for f in ALL.iter().filter(|f| !wanted.contains(f)) {
                files::remove_if_present(&files::pack(dir, &v.stem, f.extension()))?;
            }
            if wanted.is_empty() {
                return Ok(());
            }
            for (format, bytes) in render(dir, &v.stem, &v.name, wanted, &settings)? {
                let path = files::pack(dir, &v.stem, format.extension());
                crate::output::write_atomic(&path, &bytes, &[])?;
            }
            Ok(())
        })
}

/// One variant's pack in each format.
fn render(
    dir: &Path,
    stem: &str,
    name: &str,
    formats: &[Format],
    settings: &pipeline::Settings,
) -> Result<Vec<(Format, Vec<u8>)>, FapError> {
    let scenario_path = files::scenario(dir, stem);
    let plan_path = files::plan(dir, stem);
    let bad = |path: &Path, e: &dyn std::fmt::Display| {
        FapError::Input(format!("{}: {e}", path.display()))
    };
    let bytes = std::fs::read(&scenario_path).map_err(|e| bad(&scenario_path, &e))?;
    let sc = crate::validate::load_bytes(&bytes)
        .scenario
        .ok_or_else(|| bad(&scenario_path, &"the variant's scenario is not valid"))?;
    let plan_bytes = std::fs::read(&plan_path).map_err(|e| bad(&plan_path, &e))?;
    let mut plan = crate::check::read_plan(&plan_bytes).map_err(|e| bad(&plan_path, &e))?;
    if plan.decision_support.is_none() {
        pipeline::attach_support(&sc, &mut plan, OPTIONS_PER_PUPIL, settings)
            .map_err(|e| bad(&plan_path, &e))?;
    }
    let mut pack = Pack::new(&sc, &plan).map_err(|e| bad(&plan_path, &e))?;
    pack.header = Header {
        round: format!("{} — what-if “{name}”", sc.name),
        ..Header::from_meta(&sc, &bytes)
    };
    formats
        .iter()
        .map(|&f| {
            let out = report::render(&pack, f).map_err(|e| FapError::Internal(e.to_string()))?;
            Ok((f, out))
        })
        .collect()
}
