//! Ranked proposals through no-good cuts.

use crate::model::build::Extras;
use crate::model::{Assignment, Options};
use crate::scenario::Scenario;
use crate::solve::{solve, Deadline, SolveError, SolveSettings, Solved};

/// Proposals in rank order, and why the list stopped early, if it did.
#[derive(Debug, Clone)]
pub struct Ranked {
    /// Rank order; `proposals[0]` is optimal (or the best found in time).
    pub proposals: Vec<Solved>,
    /// Set when fewer than asked were found: no other plan exists, or time ran out.
    pub stopped: Option<String>,
}

/// Solves for up to `k` proposals. The time limit, if any, covers all of them.
pub fn rank(
    sc: &Scenario,
    opts: &Options,
    settings: &SolveSettings,
    k: usize,
    min_diff: usize,
) -> Result<Ranked, SolveError> {
    let deadline = Deadline::after(settings.time_limit);
    let first = solve(sc, opts, &Extras::default(), settings, None)?;
    let mut proposals = vec![first];
    let mut stopped = None;
    while proposals.len() < k {
        // Fewer pupils than `min_diff`: no plan can differ in that many (and
        // with no pupil the cut has no variable, a program HiGHS rejects).
        if sc.pupils.len() < min_diff.max(1) {
            stopped = Some(no_other(min_diff));
            break;
        }
        if deadline.passed() {
            stopped = Some("the time limit ran out".to_string());
            break;
        }
        let s = SolveSettings {
            time_limit: deadline.left(),
            ..settings.clone()
        };
        let cuts: Vec<Assignment> = proposals.iter().map(|p| p.assignment.clone()).collect();
        let extras = Extras {
            cuts,
            min_diff,
            force: Vec::new(),
        };
        match solve(sc, opts, &extras, &s, None) {
            Ok(next) => proposals.push(next),
            Err(SolveError::Infeasible) => {
                stopped = Some(no_other(min_diff));
                break;
            }
            Err(SolveError::NoPlanInTime) => {
                stopped = Some("the time limit ran out".to_string());
                break;
            }
            Err(e) => return Err(e),
        }
    }
    // Rank by objective; ties keep discovery order (stable sort).
    proposals.sort_by(|a, b| a.objective.total_cmp(&b.objective));
    Ok(Ranked { proposals, stopped })
}

fn no_other(min_diff: usize) -> String {
    format!("no other plan differs from every earlier one in at least {min_diff} pupil(s)")
}
