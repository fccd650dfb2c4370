//! Running a sweep: every variant (or one shard's slice) solved in parallel.
//!
//! Variants are independent, so they run as rayon tasks on the caller's pool,
//! one solve per task; each HiGHS run is single-threaded with a fixed seed
//! (see [`crate::solve`]), so a variant's plan does not depend on what else
//! runs. Each variant's files are written the moment it finishes; an interrupted
//! sweep keeps every finished variant, and `resume` skips a variant whose result
//! file names the same scenario SHA-256 and settings. A variant that fails —
//! invalid after patching, solver error, no plan in time, even a panic — becomes
//! a result with that status; the others go on.

use super::files::{self, VariantFiles};
use super::result::{
    Failure, Manifest, ManifestVariant, Outcome, Settings, Shard, Summary, VariantResult,
    MANIFEST_FORMAT, RESULT_FORMAT,
};
use super::variants::{Sweep, Variant};
use crate::error::FapError;
use crate::limits::Limits;
use crate::pipeline::{self, Solution};
use crate::plan::{self, round};
use crate::proposals::metrics;
use crate::scenario::Issue;
use crate::solve::{solver_name, SolveSettings, Status};
use rayon::prelude::*;
use std::path::Path;
use std::time::Instant;

/// Most validation issues kept in a failed variant's result.
const MAX_ISSUES: usize = 20;

/// How to run a sweep.
#[derive(Debug, Clone)]
pub struct RunConfig<'a> {
    /// The output directory.
    pub out: &'a Path,
    /// Solver settings of every variant.
    pub settings: SolveSettings,
    /// Only this slice of the variants.
    pub shard: Option<Shard>,
    /// Skip variants with an up-to-date result.
    pub resume: bool,
    /// Input files that must never be overwritten.
    pub inputs: &'a [&'a Path],
    /// Size limits each variant's scenario must keep to.
    pub limits: &'a Limits,
}

/// A variant has finished (or was found finished).
#[derive(Debug)]
pub struct Done<'a> {
    /// Its index in the sweep (base = 0).
    pub index: usize,
    /// Its result.
    pub result: &'a VariantResult,
    /// Taken from an earlier run (`resume`).
    pub resumed: bool,
    /// Wall-clock seconds it took (for progress only; never written).
    pub seconds: f64,
}

/// The manifest of a sweep run with these settings.
pub fn manifest(sweep: &Sweep, settings: &SolveSettings, shard: Option<Shard>) -> Manifest {
    Manifest {
        format: MANIFEST_FORMAT.to_string(),
        name: sweep.name.clone(),
        sweep_sha256: sweep.sha256.clone(),
        fap: format!("{} ({})", env!("CARGO_PKG_VERSION"), env!("FAP_GIT_COMMIT")),
        settings: settings_record(settings),
        shard,
        variants: sweep
            .variants
            .iter()
            .map(|v| ManifestVariant {
                name: v.name.clone(),
                stem: v.stem.clone(),
                draws_of: v.draws_of.clone(),
            })
            .collect(),
    }
}

/// The indices a shard runs, or all.
pub fn selected(n: usize, shard: Option<Shard>) -> Vec<usize> {
    (0..n)
        .filter(|&i| shard.is_none_or(|s| s.owns(i)))
        .collect()
}

/// Runs the selected variants on `pool`, writing each one's files as it
/// finishes, and the manifest first. Returns (index, result) in index order.
pub fn run(
    sweep: &Sweep,
    cfg: &RunConfig,
    pool: &rayon::ThreadPool,
    on_done: &(dyn Fn(Done) + Sync),
) -> Result<Vec<(usize, VariantResult)>, FapError> {
    files::create_dirs(cfg.out)?;
    files::remove_stale(
        cfg.out,
        &sweep.variants.iter().map(|v| v.stem.as_str()).collect(),
    )?;
    let m = manifest(sweep, &cfg.settings, cfg.shard);
    crate::output::write_atomic(&cfg.out.join(files::MANIFEST), &m.to_json(), cfg.inputs)?;
    let todo = selected(sweep.variants.len(), cfg.shard);
    pool.install(|| {
        todo.par_iter()
            .map(|&i| {
                let t = Instant::now();
                let v = &sweep.variants[i];
                let (result, resumed) = run_variant(sweep, v, cfg)?;
                on_done(Done {
                    index: i,
                    result: &result,
                    resumed,
                    seconds: t.elapsed().as_secs_f64(),
                });
                Ok((i, result))
            })
            .collect()
    })
}

/// Solves one variant (or finds it done) and writes its files.
fn run_variant(
    sweep: &Sweep,
    v: &Variant,
    cfg: &RunConfig,
) -> Result<(VariantResult, bool), FapError> {
    let settings = settings_record(&cfg.settings);
    let built = sweep.scenario_bytes(v);
    let sha = built.as_ref().ok().map(|b| plan::sha256_hex(b));
    if cfg.resume {
        if let Some(r) = finished(cfg.out, v, sha.as_deref(), &settings) {
            return Ok((r, true));
        }
    }
    let mut out = VariantFiles::default();
    let result = match built {
        Err(e) => failed(
            v,
            None,
            &settings,
            Outcome::Invalid,
            format!("the patch cannot be applied: {e}"),
        ),
        Ok(bytes) => {
            let sha = sha.clone().expect("bytes were built");
            let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                solve_variant(v, &bytes, sha.clone(), cfg, &settings)
            }))
            .unwrap_or_else(|_| {
                let r = failed(
                    v,
                    Some(sha),
                    &settings,
                    Outcome::Failed,
                    "internal error: the solve panicked (a bug in fap; please report it)".into(),
                );
                (r, None)
            });
            out.scenario = Some(bytes);
            out.plan = r.1;
            r.0
        }
    };
    out.result = result.to_json();
    files::write_variant(cfg.out, &v.stem, &out, cfg.inputs)?;
    Ok((read_back(&out.result), false))
}

/// Validates, solves and plans one variant's scenario.
fn solve_variant(
    v: &Variant,
    bytes: &[u8],
    sha: String,
    cfg: &RunConfig,
    settings: &Settings,
) -> (VariantResult, Option<Vec<u8>>) {
    let loaded = crate::validate::load_bytes_within(bytes, Some(cfg.limits));
    let warnings = loaded.issues.iter().filter(|i| !i.is_error()).count();
    let errors: Vec<String> = loaded
        .issues
        .iter()
        .filter(|i| i.is_error())
        .map(|i| i.to_string())
        .collect();
    let Some(sc) = loaded.scenario.filter(|_| errors.is_empty()) else {
        let mut r = failed(
            v,
            Some(sha),
            settings,
            Outcome::Invalid,
            format!("the variant's scenario has {} error(s)", errors.len()),
        );
        if let Some(f) = &mut r.failure {
            f.issues = errors.into_iter().take(MAX_ISSUES).collect();
        }
        r.warnings = warnings;
        return (r, None);
    };
    let over = |r: &Issue| {
        let mut r = failed(
            v,
            Some(sha.clone()),
            settings,
            Outcome::Invalid,
            r.to_string(),
        );
        r.warnings = warnings;
        (r, None)
    };
    let pipeline = pipeline::Settings {
        solve: cfg.settings.clone(),
        limits: cfg.limits.clone(),
        ..pipeline::Settings::default()
    };
    let Solution { plan, ranked } = match pipeline::solve(&sc, sha.clone(), &pipeline) {
        Ok(s) => s,
        Err(pipeline::Error::OverLimit(i)) => return over(&i),
        Err(e) => {
            let mut r = failed(v, Some(sha), settings, Outcome::Failed, e.to_string());
            r.warnings = warnings;
            return (r, None);
        }
    };
    let best = &ranked.proposals[0];
    let result = VariantResult {
        format: RESULT_FORMAT.to_string(),
        variant: v.name.clone(),
        scenario_sha256: Some(sha),
        settings: settings.clone(),
        status: match best.status {
            Status::Optimal => Outcome::Optimal,
            Status::TimeLimit => Outcome::TimeLimit,
        },
        objective: Some(round(best.objective)),
        mip_gap: Some(round(best.mip_gap)),
        warnings,
        metrics: Some(Summary::of(&metrics::compute(&sc, &best.assignment))),
        failure: None,
    };
    (result, Some(plan::to_json(&plan).into_bytes()))
}

fn failed(
    v: &Variant,
    sha: Option<String>,
    settings: &Settings,
    status: Outcome,
    message: String,
) -> VariantResult {
    VariantResult {
        format: RESULT_FORMAT.to_string(),
        variant: v.name.clone(),
        scenario_sha256: sha,
        settings: settings.clone(),
        status,
        objective: None,
        mip_gap: None,
        warnings: 0,
        metrics: None,
        failure: Some(Failure {
            message,
            issues: Vec::new(),
        }),
    }
}

/// The result already on disk for `v`, if it is complete and up to date: same
/// name, scenario SHA-256 and settings, and its scenario and plan files present.
fn finished(
    dir: &Path,
    v: &Variant,
    sha: Option<&str>,
    settings: &Settings,
) -> Option<VariantResult> {
    let bytes = std::fs::read(files::result(dir, &v.stem)).ok()?;
    let r: VariantResult = serde_json::from_slice(&bytes).ok()?;
    let up_to_date = r.format == RESULT_FORMAT
        && r.variant == v.name
        && r.scenario_sha256.as_deref() == sha
        && r.settings == *settings
        && (sha.is_none() || files::scenario(dir, &v.stem).is_file())
        && (!r.status.has_plan() || files::plan(dir, &v.stem).is_file());
    up_to_date.then_some(r)
}

/// The settings as a result file holds them: serialised and read back, so a
/// comparison with a result read from disk compares like with like.
fn settings_record(s: &SolveSettings) -> Settings {
    let s = Settings {
        solver: solver_name(s.backend),
        time_limit_s: s.time_limit,
        mip_rel_gap: s.mip_rel_gap,
    };
    serde_json::from_slice(&serde_json::to_vec(&s).expect("settings serialise"))
        .expect("settings read back")
}

/// A result as it reads back from its file (the report's only source).
pub fn read_back(bytes: &[u8]) -> VariantResult {
    serde_json::from_slice(bytes).expect("a result just serialised reads back")
}
