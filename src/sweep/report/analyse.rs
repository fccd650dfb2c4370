//! Reading a finished sweep directory back for the report: each variant's
//! scenario and plan, scored under the yardstick, and its moves against the
//! base's plan.
//!
//! Everything comes from the files in the directory (never from values held
//! by the run), so a single run, a resumed run and merged shards give the same
//! report.

use super::yardstick::{moves, Figures, Move, Yardstick};
use crate::error::FapError;
use crate::plan::Plan;
use crate::scenario::Scenario;
use crate::sweep::files;
use crate::sweep::result::{Manifest, VariantResult};
use rayon::prelude::*;
use std::path::Path;

/// Per variant (sweep order): figures and moves, when it has a plan.
#[derive(Debug, Clone)]
pub struct Analysis {
    /// Where the yardstick comes from.
    pub yardstick: String,
    /// Figures under the yardstick.
    pub figures: Vec<Option<Figures>>,
    /// Pupils placed differently from the base (`None` for the base, or
    /// without a plan on either side).
    pub moves: Vec<Option<Vec<Move>>>,
}

/// Reads the directory's variants and scores them under the yardstick (the
/// base's scenario unless a yardstick file is given).
pub fn analyse(
    dir: &Path,
    m: &Manifest,
    results: &[VariantResult],
    yardstick: Option<&Path>,
) -> Result<Analysis, FapError> {
    let base_stem = &m.variants[0].stem;
    let ys = match yardstick {
        Some(p) => Yardstick::of(&scenario(p)?, p.display().to_string()),
        None => Yardstick::of(
            &scenario(&files::scenario(dir, base_stem))?,
            "the base scenario".into(),
        ),
    };
    let base_plan = match results[0].status.has_plan() {
        true => Some(plan(&files::plan(dir, base_stem))?),
        false => None,
    };
    let per: Vec<(Option<Figures>, Option<Vec<Move>>)> = (0..results.len())
        .into_par_iter()
        .map(|i| {
            if !results[i].status.has_plan() {
                return Ok((None, None));
            }
            let stem = &m.variants[i].stem;
            let sc = scenario(&files::scenario(dir, stem))?;
            let p = plan(&files::plan(dir, stem))?;
            let a = crate::plan::assignment(&sc, &p.proposals[0]).map_err(|e| {
                FapError::Input(format!("{}: {e}", files::plan(dir, stem).display()))
            })?;
            let mv = base_plan.as_ref().filter(|_| i > 0).map(|b| moves(b, &p));
            Ok((Some(ys.figures(&sc, &a)), mv))
        })
        .collect::<Result<_, FapError>>()?;
    let (figures, moves) = per.into_iter().unzip();
    Ok(Analysis {
        yardstick: ys.source,
        figures,
        moves,
    })
}

fn read(path: &Path) -> Result<Vec<u8>, FapError> {
    std::fs::read(path).map_err(|e| {
        FapError::Input(format!(
            "{}: cannot read: {}",
            path.display(),
            crate::scenario::load::io_reason(&e)
        ))
    })
}

/// A valid scenario from a file.
fn scenario(path: &Path) -> Result<Scenario, FapError> {
    let loaded = crate::validate::load_bytes(&read(path)?);
    loaded.scenario.ok_or_else(|| {
        let first = loaded
            .issues
            .first()
            .map_or(String::new(), |i| format!(": {i}"));
        FapError::Input(format!("{}: not a valid scenario{first}", path.display()))
    })
}

/// A plan with at least one proposal.
fn plan(path: &Path) -> Result<Plan, FapError> {
    serde_json::from_slice::<Plan>(&read(path)?)
        .ok()
        .filter(|p| !p.proposals.is_empty())
        .ok_or_else(|| FapError::Input(format!("{}: not a fap plan", path.display())))
}
