//! Scenario to plan, in one place: every front end (`fap solve`, `fap report`,
//! sweeps, benches, tests, the web server) calls [`solve`] or
//! [`attach_support`] instead of writing the steps out again.
//!
//! The steps: each pupil's options ([`crate::model::Options`], refused over
//! [`Limits::max_options`]), ranked proposals ([`crate::proposals::rank`]), the
//! `fap-plan/1` record ([`crate::proposals::plan::make`]), then, when asked, decision
//! support around proposal 1 ([`crate::proposals::support`]).
//!
//! ```
//! let json = br#"{"format": "fap-scenario/1", "meta": {"name": "doc"},
//!   "schools": [{"id": "S1", "location": {"easting": 1000, "northing": 1000},
//!                "year_groups": {"9": {"pan": 30, "on_roll": 29}}}],
//!   "pupils": [{"id": "P1", "kind": "fap", "category": "d", "year_group": "9",
//!               "sex": "f", "home": {"easting": 2000, "northing": 1000}}]}"#;
//! let sc = fap::validate::load_bytes(json).scenario.expect("valid");
//! let settings = fap::pipeline::Settings {
//!     options_per_pupil: Some(2),
//!     ..Default::default()
//! };
//! let sha256 = fap::plan::sha256_hex(json);
//! let solution = fap::pipeline::solve(&sc, sha256, &settings)?;
//! assert_eq!(solution.plan.proposals.len(), 1);
//! assert!(solution.plan.decision_support.is_some());
//! # Ok::<_, fap::pipeline::Error>(())
//! ```

use crate::error::FapError;
use crate::limits::Limits;
use crate::model::Options;
use crate::plan::{self, Contrast, Plan, SolveOptionsRecord};
use crate::progress::Stage;
use crate::proposals::contrast::{self, Style};
use crate::proposals::{rank, support, Ranked};
use crate::scenario::{Issue, Scenario};
use crate::solve::{solver_name, Deadline, SolveError, SolveSettings};
use std::collections::BTreeMap;
use std::time::Instant;

/// What to solve for. `Default` is `fap solve`'s defaults without timings:
/// one proposal, no decision support, HiGHS, no time limit, the current rayon
/// pool.
#[derive(Debug, Clone)]
pub struct Settings {
    /// How many ranked whole plans to propose (at least 1).
    pub proposals: usize,
    /// Each proposal differs from every earlier one in at least this many pupils.
    pub min_diff: usize,
    /// Solver backend, time limit (for all proposals together) and gap.
    pub solve: SolveSettings,
    /// Decision support around proposal 1 with this many alternatives per
    /// pupil, or none.
    pub options_per_pupil: Option<usize>,
    /// Worker threads for the solves; `None` runs in the caller's rayon pool
    /// (all cores unless the caller installed another).
    pub threads: Option<usize>,
    /// Record run times (`generator.timings`) in the plan; off, the same
    /// input gives the same bytes.
    pub timings: bool,
    /// Size limits; only `max_options` is used here.
    pub limits: Limits,
    /// Whole plans under other documented weightings, beside the proposals
    /// ([`crate::proposals::contrast`]).
    pub contrasts: Vec<Style>,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            proposals: 1,
            min_diff: 1,
            solve: SolveSettings::default(),
            options_per_pupil: None,
            threads: None,
            timings: false,
            limits: Limits::default(),
            contrasts: Vec::new(),
        }
    }
}

/// The plan, and the solved proposals it was made from (their assignments and
/// statuses, for summaries).
#[derive(Debug, Clone)]
pub struct Solution {
    /// The `fap-plan/1` record, with decision support when asked for.
    pub plan: Plan,
    /// The proposals in rank order, and why the list stopped early, if it did.
    pub ranked: Ranked,
}

/// Why no plan was made.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The rules allow more pupil–place options than the limit.
    #[error("{0}")]
    OverLimit(Box<Issue>),
    /// The solver failed on the proposals.
    #[error("{0}")]
    Solve(String),
    /// The time limit ran out before any plan was found.
    #[error("the time limit ran out before a plan was found")]
    NoPlanInTime,
    /// The solver failed on the decision support.
    #[error("decision support: {0}")]
    Support(String),
    /// The settings or the plan cannot be used (no worker threads, a plan
    /// that does not fit the scenario).
    #[error("{0}")]
    Input(String),
}

/// Solves the scenario (already validated) into a plan; `sha256` is the
/// scenario file's, recorded in the plan.
pub fn solve(sc: &Scenario, sha256: String, settings: &Settings) -> Result<Solution, Error> {
    in_pool(settings.threads, || {
        let (t, deadline) = (Instant::now(), Deadline::after(settings.solve.time_limit));
        settings.solve.progress.stage(Stage::Options);
        let opts = Options::within(sc, &settings.limits).map_err(Error::OverLimit)?;
        let t_opts = t.elapsed().as_secs_f64();
        let ranked = rank(
            sc,
            &opts,
            &settings.solve,
            settings.proposals,
            settings.min_diff,
        )
        .map_err(|e| match e {
            SolveError::NoPlanInTime => Error::NoPlanInTime,
            e => Error::Solve(e.to_string()),
        })?;
        let t_solve = t.elapsed().as_secs_f64() - t_opts;
        let timings = [("options_s", t_opts), ("solve_s", t_solve)];
        let mut plan =
            crate::proposals::plan::make(sc, sha256, &ranked, generator(settings, &timings));
        plan.contrasts = contrasts(sc, &ranked, settings)?;
        if let Some(n) = settings.options_per_pupil {
            support_into(sc, &opts, &mut plan, n, settings, deadline)?;
        }
        Ok(Solution { plan, ranked })
    })
}

/// The contrast plans asked for, each compared with proposal 1.
fn contrasts(sc: &Scenario, ranked: &Ranked, settings: &Settings) -> Result<Vec<Contrast>, Error> {
    let best = &ranked.proposals[0];
    let base = &sc.policy.weights;
    if !settings.contrasts.is_empty() {
        settings.solve.progress.stage(Stage::Contrasts);
    }
    settings
        .contrasts
        .iter()
        .map(|&style| {
            let s = contrast::solve_contrast(sc, style, &settings.solve, &settings.limits)
                .map_err(|e| Error::Solve(format!("{} plan: {e}", style.label())))?;
            let changed = style.changes(base);
            Ok(Contrast {
                style: style.key().to_string(),
                label: style.label().to_string(),
                weights: changed
                    .iter()
                    .filter(|(_, was, now)| was != now)
                    .map(|(k, _, now)| (k.to_string(), plan::round(*now)))
                    .collect(),
                plan: crate::proposals::plan::proposal(sc, 1, &s, best),
            })
        })
        .collect()
}

/// Computes decision support around the plan's proposal 1 (`n` alternatives
/// per pupil) and stores it in the plan, as `fap report` does for a plan
/// solved without it.
pub fn attach_support(
    sc: &Scenario,
    plan: &mut Plan,
    n: usize,
    settings: &Settings,
) -> Result<(), Error> {
    let opts = Options::within(sc, &settings.limits).map_err(Error::OverLimit)?;
    let deadline = Deadline::after(settings.solve.time_limit);
    in_pool(settings.threads, || {
        support_into(sc, &opts, plan, n, settings, deadline)
    })
}

/// Decision support into the plan, with its run time when timings are on.
/// The time limit runs out at `deadline`: re-solves still wanted then keep
/// their best known plan, marked time-limited.
fn support_into(
    sc: &Scenario,
    opts: &Options,
    plan: &mut Plan,
    n: usize,
    settings: &Settings,
    deadline: Deadline,
) -> Result<(), Error> {
    let t = Instant::now();
    let first = plan
        .proposals
        .first()
        .ok_or_else(|| Error::Input("the plan has no proposal".into()))?;
    let base = crate::plan::assignment(sc, first).map_err(|e| Error::Input(e.to_string()))?;
    let solve = SolveSettings {
        time_limit: deadline.left(),
        progress: settings.solve.progress.counts_only(),
        ..settings.solve.clone()
    };
    let s =
        support::compute(sc, opts, &base, n, &solve).map_err(|e| Error::Support(e.to_string()))?;
    plan.decision_support = Some(support::record(sc, &s));
    plan.generator.options.options_per_pupil = n;
    if let Some(tm) = plan.generator.timings.as_mut() {
        let secs = plan::round(t.elapsed().as_secs_f64());
        tm.insert("decision_support_s".into(), secs);
    }
    Ok(())
}

/// Who made the plan and with which settings (timings only when asked).
fn generator(settings: &Settings, timings: &[(&str, f64)]) -> plan::Generator {
    let record = SolveOptionsRecord {
        proposals: settings.proposals,
        min_diff: settings.min_diff,
        time_limit_s: settings.solve.time_limit,
        mip_rel_gap: settings.solve.mip_rel_gap,
        options_per_pupil: 0,
    };
    let timings = settings.timings.then(|| {
        let rounded = timings
            .iter()
            .map(|(k, s)| (k.to_string(), plan::round(*s)));
        rounded.collect::<BTreeMap<_, _>>()
    });
    plan::generator(solver_name(settings.solve.backend), record, timings)
}

/// Runs `f` in a pool of `threads` workers, or in the current pool.
fn in_pool<T: Send>(
    threads: Option<usize>,
    f: impl FnOnce() -> Result<T, Error> + Send,
) -> Result<T, Error> {
    match threads {
        None => f(),
        Some(_) => thread_pool(threads)?.install(f),
    }
}

/// A rayon pool of `threads` workers (all cores by default).
pub fn thread_pool(threads: Option<usize>) -> Result<rayon::ThreadPool, Error> {
    let mut b = rayon::ThreadPoolBuilder::new();
    if let Some(n) = threads {
        if n == 0 {
            return Err(Error::Input("--threads must be at least 1".into()));
        }
        b = b.num_threads(n);
    }
    b.build()
        .map_err(|e| Error::Solve(format!("cannot start worker threads: {e}")))
}

impl From<Error> for FapError {
    /// Unusable settings or plans, and a time limit too short for any plan,
    /// are input errors (exit 2), solver failures internal ones (exit 3);
    /// callers that know the file name add it first.
    fn from(e: Error) -> FapError {
        match e {
            Error::OverLimit(_) | Error::Input(_) | Error::NoPlanInTime => {
                FapError::Input(e.to_string())
            }
            Error::Solve(_) | Error::Support(_) => FapError::Internal(e.to_string()),
        }
    }
}
