//! Progress of a long solve, for whoever wants to show it: the library never
//! prints, it reports to a [`Sink`] carried in
//! [`crate::solve::SolveSettings::progress`], and a front end decides what to
//! show (`fap solve` draws it on a terminal, src/cli/progress.rs).
//!
//! The calls sit in the solver (which stage a component's solve is in, its
//! bound and best plan) and in decision support (re-solves done of how many).
//! The default sink is empty: each call is one branch, and nothing reported
//! changes what is solved, so plans are the same bytes with or without it.

use std::sync::Arc;

/// What a solve is doing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Reading and validating the scenario file.
    Reading,
    /// Deciding each pupil's options.
    Options,
    /// Column generation: the LP relaxation and its lower bound.
    Pricing,
    /// Restricted MIPs looking for the best plan.
    Searching,
    /// Wider restricted MIPs proving that no plan beats the best one found.
    Proving,
    /// Whole plans under other weightings (`--contrast`).
    Contrasts,
    /// Each pupil's alternatives, re-optimised (`--options`).
    Alternatives,
    /// The value of one more place at each full school.
    PlaceValues,
}

impl Stage {
    /// The stage in words a coordinator reads.
    pub fn words(self) -> &'static str {
        match self {
            Stage::Reading => "reading the scenario",
            Stage::Options => "building options",
            Stage::Pricing => "pricing columns / LP bound",
            Stage::Searching => "searching for plans",
            Stage::Proving => "proving optimality",
            Stage::Contrasts => "contrast plans",
            Stage::Alternatives => "alternatives",
            Stage::PlaceValues => "place values",
        }
    }
}

/// Where one group of pupils solved on its own stands.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Step {
    /// Pupils in the group.
    pub pupils: usize,
    /// What its solve is doing.
    pub stage: Stage,
    /// A lower bound on its cost, once known.
    pub bound: Option<f64>,
    /// The cost of its best plan so far, once one is known.
    pub best: Option<f64>,
}

/// One report.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Event {
    /// A stage of the whole run began; `Some(n)` when it is `n` re-solves.
    Stage(Stage, Option<usize>),
    /// A group's solve moved on (groups are solved in parallel).
    Step(Step),
    /// This many more re-solves of the counted stage are done.
    Done(usize),
}

/// Receives progress reports, from any thread.
pub trait Progress: Send + Sync {
    /// One report; keep it quick (it runs on the solver's threads).
    fn report(&self, event: Event);
}

/// A handle to a [`Progress`] receiver, or to nothing (the default).
#[derive(Clone, Default)]
pub struct Sink {
    to: Option<Arc<dyn Progress>>,
    /// Pass on [`Event::Step`]s (off for the many small re-solves).
    steps: bool,
}

impl Sink {
    /// A sink reporting to `to`.
    pub fn new(to: Arc<dyn Progress>) -> Sink {
        Sink {
            to: Some(to),
            steps: true,
        }
    }

    /// The same receiver without the solver's steps: for re-solves, whose
    /// own solves would otherwise report as if they were the main one.
    pub fn counts_only(&self) -> Sink {
        Sink {
            to: self.to.clone(),
            steps: false,
        }
    }

    /// A stage of unknown length began.
    pub fn stage(&self, stage: Stage) {
        self.send(Event::Stage(stage, None));
    }

    /// A stage of `total` re-solves began.
    pub fn counted(&self, stage: Stage, total: usize) {
        self.send(Event::Stage(stage, Some(total)));
    }

    /// A group of `pupils` reached `stage`, with its bound and best plan.
    pub fn step(&self, pupils: usize, stage: Stage, bound: Option<f64>, best: Option<f64>) {
        if self.steps {
            let step = Step {
                pupils,
                stage,
                bound,
                best,
            };
            self.send(Event::Step(step));
        }
    }

    /// `n` more re-solves are done.
    pub fn done(&self, n: usize) {
        self.send(Event::Done(n));
    }

    fn send(&self, event: Event) {
        if let Some(to) = &self.to {
            to.report(event);
        }
    }
}

impl std::fmt::Debug for Sink {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let to = if self.to.is_some() {
            "a receiver"
        } else {
            "none"
        };
        write!(f, "Sink({to})")
    }
}
