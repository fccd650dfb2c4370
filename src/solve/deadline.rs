//! When a time limit runs out.
//!
//! `--time-limit` covers a whole run, and each stage that hands part of it
//! to later solves (ranked proposals, decision support, held LPs, column
//! generation, the parts of a split MIP) gives them the time left. A
//! deadline turns the limit into a clock time once; a limit beyond what the
//! clock can hold (`--time-limit 1e300`) is no limit, not an overflow.

use std::time::{Duration, Instant};

/// When a time limit, counted from when the deadline was made, runs out;
/// never, without one.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Deadline(Option<Instant>);

impl Deadline {
    /// `limit` seconds from now (`None`: no limit).
    pub fn after(limit: Option<f64>) -> Deadline {
        let at = |t: f64| Instant::now().checked_add(Duration::try_from_secs_f64(t.max(0.0)).ok()?);
        Deadline(limit.and_then(at))
    }

    /// Has it passed?
    pub fn passed(&self) -> bool {
        self.0.is_some_and(|d| Instant::now() >= d)
    }

    /// The time left (zero once passed); `None` without a limit.
    pub fn remaining(&self) -> Option<Duration> {
        self.0.map(|d| d.saturating_duration_since(Instant::now()))
    }

    /// The time left in seconds, as a solve's time limit takes it.
    pub fn left(&self) -> Option<f64> {
        self.remaining().map(|d| d.as_secs_f64())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_deadline_counts_down_and_a_limit_too_far_off_is_none() {
        assert_eq!(Deadline::after(None).left(), None);
        assert!(!Deadline::after(None).passed());
        let soon = Deadline::after(Some(60.0));
        assert!(!soon.passed());
        assert!(soon.left().is_some_and(|t| t > 59.0 && t <= 60.0));
        let now = Deadline::after(Some(0.0));
        assert!(now.passed());
        assert_eq!(now.left(), Some(0.0));
        assert_eq!(Deadline::after(Some(-1.0)).left(), Some(0.0));
        // Beyond the clock: no limit rather than a panic.
        for far in [1e300, f64::MAX, f64::INFINITY] {
            assert_eq!(Deadline::after(Some(far)), Deadline::after(None), "{far}");
        }
    }
}
