//! Solves run as jobs: an id, a status anyone can poll or watch (SSE), and
//! cancel. The store is bounded: at most [`MAX_JOBS`] are kept, the oldest
//! finished one is forgotten first, and a new job is refused while every
//! slot holds a running one. HiGHS cannot be interrupted mid-solve, so a
//! cancelled job's solve runs to its end and its result is thrown away; the
//! plan on the table stays.

use serde::Serialize;
use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;
use tokio::sync::watch;

/// Jobs kept in memory at most.
pub const MAX_JOBS: usize = 32;

/// What a job is doing, as the API and the progress page show it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Snapshot {
    /// Job id (`j1`, `j2`, …).
    pub id: String,
    /// The round it solves.
    pub round: String,
    /// `running`, `done`, `failed` or `cancelled`.
    pub state: &'static str,
    /// The step under way or last finished, in words.
    pub stage: String,
    /// Seconds since the job started.
    pub elapsed_s: f64,
    /// The outcome in words, once finished.
    pub message: Option<String>,
}

impl Snapshot {
    /// Has the job finished (any outcome)?
    pub fn finished(&self) -> bool {
        self.state != "running"
    }
}

/// A running job's handle, given to its work.
#[derive(Clone)]
pub struct Progress {
    tx: Arc<watch::Sender<Snapshot>>,
    cancel: Arc<AtomicBool>,
    started: Instant,
}

impl Progress {
    /// Reports the step under way.
    pub fn stage(&self, stage: &str) {
        let t = self.started.elapsed().as_secs_f64();
        self.tx.send_modify(|s| {
            s.stage = stage.to_string();
            s.elapsed_s = crate::plan::round(t);
        });
    }
    /// Has someone asked to cancel?
    pub fn cancelled(&self) -> bool {
        self.cancel.load(Ordering::SeqCst)
    }
    /// Ends the job.
    pub fn finish(&self, state: &'static str, message: String) {
        let t = self.started.elapsed().as_secs_f64();
        self.tx.send_modify(|s| {
            s.state = state;
            s.message = Some(message);
            s.elapsed_s = crate::plan::round(t);
        });
    }
}

struct Job {
    progress: Progress,
    rx: watch::Receiver<Snapshot>,
}

/// The bounded job store.
#[derive(Default)]
pub struct Jobs {
    inner: Mutex<(u64, VecDeque<Job>)>,
}

impl Jobs {
    /// Registers a new running job for `round`; `None` when the store is full of running jobs
    /// or the round already has one running.
    pub fn start(&self, round: &str) -> Result<Progress, &'static str> {
        let mut g = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        let (next, jobs) = &mut *g;
        let running = |j: &Job| !j.rx.borrow().finished();
        if jobs
            .iter()
            .any(|j| running(j) && j.rx.borrow().round == round)
        {
            return Err("a solve is already running for this round");
        }
        if jobs.len() >= MAX_JOBS {
            match jobs.iter().position(|j| !running(j)) {
                Some(i) => drop(jobs.remove(i)),
                None => return Err("too many solves are running; try again in a moment"),
            }
        }
        *next += 1;
        let snap = Snapshot {
            id: format!("j{next}"),
            round: round.to_string(),
            state: "running",
            stage: "queued".into(),
            elapsed_s: 0.0,
            message: None,
        };
        let (tx, rx) = watch::channel(snap);
        let progress = Progress {
            tx: Arc::new(tx),
            cancel: Arc::new(AtomicBool::new(false)),
            started: Instant::now(),
        };
        jobs.push_back(Job {
            progress: progress.clone(),
            rx,
        });
        Ok(progress)
    }

    /// A job's snapshot and a receiver for its changes.
    pub fn watch(&self, id: &str) -> Option<watch::Receiver<Snapshot>> {
        let g = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        g.1.iter()
            .find(|j| j.rx.borrow().id == id)
            .map(|j| j.rx.clone())
    }

    /// Asks a job to cancel; its snapshot, or `None` for an unknown id.
    pub fn cancel(&self, id: &str) -> Option<Snapshot> {
        let g = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        let job = g.1.iter().find(|j| j.rx.borrow().id == id)?;
        if !job.rx.borrow().finished() {
            job.progress.cancel.store(true, Ordering::SeqCst);
            job.progress
                .stage("cancelling: the solver finishes its step, then its result is discarded");
        }
        let snap = job.rx.borrow().clone();
        Some(snap)
    }

    /// The newest job of a round, if any is kept.
    pub fn latest(&self, round: &str) -> Option<Snapshot> {
        let g = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        g.1.iter()
            .rev()
            .map(|j| j.rx.borrow().clone())
            .find(|s| s.round == round)
    }
}

impl Progress {
    /// The job's id.
    pub fn id(&self) -> String {
        self.tx.borrow().id.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_store_is_bounded_and_one_solve_runs_per_round() {
        let jobs = Jobs::default();
        let first = jobs.start("r1").unwrap();
        assert!(jobs.start("r1").is_err());
        first.finish("done", "ok".into());
        let mut all = vec![first];
        for i in 1..MAX_JOBS {
            all.push(jobs.start(&format!("r{}", i + 1)).unwrap());
        }
        // Full: the finished job j1 is forgotten to make room.
        let extra = jobs.start("r100").unwrap();
        assert!(jobs.watch("j1").is_none());
        assert!(
            jobs.start("r101").is_err(),
            "every slot holds a running job"
        );
        extra.finish("done", "ok".into());
        assert!(jobs.start("r101").is_ok());
    }

    #[test]
    fn cancel_marks_the_job_and_unknown_ids_are_none() {
        let jobs = Jobs::default();
        let p = jobs.start("r1").unwrap();
        assert!(!p.cancelled());
        let snap = jobs.cancel(&p.id()).unwrap();
        assert!(p.cancelled());
        assert!(snap.stage.starts_with("cancelling"));
        assert!(jobs.cancel("j999").is_none());
        assert!(jobs.cancel("../j1").is_none());
    }
}
