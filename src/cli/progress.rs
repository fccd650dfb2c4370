//! A long `fap solve` or `fap report` on a terminal: what it is doing, the
//! best plan against the lower bound while it optimises, and re-solves done
//! of how many for decision support, drawn on stderr by indicatif (at most
//! its draw rate, from any thread).
//!
//! Only when stderr is a terminal: pipes, files, CI logs and tests see
//! nothing, and the solve then runs with the library's empty sink
//! ([`crate::progress`]), so what is solved and written is the same.

use crate::progress::{Event, Progress, Sink, Stage, Step};
use crate::solve::Deadline;
use indicatif::{HumanDuration, ProgressBar, ProgressState, ProgressStyle};
use std::io::IsTerminal;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Once, OnceLock};
use std::time::Duration;

/// The progress line, while it is shown; cleared when dropped.
pub struct Shown(Option<Arc<Line>>);

impl Shown {
    /// A progress line on stderr if it is a terminal and `quiet` is off.
    pub fn on_terminal(quiet: bool) -> Shown {
        let on = !quiet && std::io::stderr().is_terminal();
        Shown(on.then(|| Arc::new(Line::new())))
    }

    /// The sink to put in the solve settings (empty when nothing is shown).
    pub fn sink(&self) -> Sink {
        match &self.0 {
            Some(line) => Sink::new(line.clone()),
            None => Sink::default(),
        }
    }

    /// The round has `pupils` pupils (to say when a group is only part of it).
    pub fn pupils(&self, pupils: usize) {
        if let Some(line) = &self.0 {
            line.pupils.store(pupils, Ordering::Relaxed);
        }
    }

    /// The run stops after `limit` seconds from now (`--time-limit`): no
    /// count says more is left than that.
    pub fn time_limit(&self, limit: Option<f64>) {
        if let Some(line) = &self.0 {
            let _ = line.deadline.set(Deadline::after(limit));
        }
    }

    /// Prints `text` on stderr above the progress line.
    pub fn say(&self, text: &str) {
        match &self.0 {
            Some(line) => line.bar.suspend(|| eprintln!("{text}")),
            None => eprintln!("{text}"),
        }
    }
}

impl Drop for Shown {
    fn drop(&mut self) {
        if let Some(line) = &self.0 {
            line.bar.finish_and_clear();
        }
    }
}

/// The line itself: a spinner for stages of unknown length, a bar for counts.
struct Line {
    bar: ProgressBar,
    /// Pupils in the round (0 until known).
    pupils: AtomicUsize,
    /// Pupils of the largest group reporting steps in this stage.
    largest: AtomicUsize,
    /// Redrawn every tick from the first stage on, so the spinner turns
    /// and the time runs while a long step reports nothing.
    ticking: Once,
    /// When the time limit stops the run, if there is one.
    deadline: OnceLock<Deadline>,
}

impl Line {
    fn new() -> Line {
        let bar = ProgressBar::new_spinner();
        bar.set_style(spinner());
        Line {
            bar,
            pupils: AtomicUsize::new(0),
            largest: AtomicUsize::new(0),
            ticking: Once::new(),
            deadline: OnceLock::new(),
        }
    }

    fn stage(&self, stage: Stage, total: Option<usize>) {
        self.largest.store(0, Ordering::Relaxed);
        // Each call may draw the line: words under the spinner first, the
        // counts shown only once they are the new stage's.
        self.bar.set_style(spinner());
        self.bar.set_message(stage.words());
        let tick = Duration::from_millis(120);
        self.ticking.call_once(|| self.bar.enable_steady_tick(tick));
        if let Some(n) = total {
            self.bar.set_position(0);
            self.bar.set_length(n as u64);
            let deadline = self.deadline.get().copied().unwrap_or_default();
            self.bar.set_style(counter(deadline));
        }
    }

    /// Shows the largest group's step: the others are small ones solved
    /// beside it, whose numbers would only flicker past.
    fn step(&self, s: Step) {
        if self.largest.fetch_max(s.pupils, Ordering::Relaxed) <= s.pupils {
            let round = self.pupils.load(Ordering::Relaxed);
            self.bar.set_message(describe(&s, round));
        }
    }
}

impl Progress for Line {
    fn report(&self, event: Event) {
        match event {
            Event::Stage(stage, total) => self.stage(stage, total),
            Event::Step(s) => self.step(s),
            Event::Done(n) => self.bar.inc(n as u64),
        }
    }
}

fn spinner() -> ProgressStyle {
    ProgressStyle::with_template("{spinner} {elapsed} {wide_msg}").expect("a valid template")
}

fn counter(deadline: Deadline) -> ProgressStyle {
    ProgressStyle::with_template("{elapsed} {msg} {pos}/{len} {bar:30} about {left} left")
        .expect("a valid template")
        .with_key(
            "left",
            move |s: &ProgressState, w: &mut dyn std::fmt::Write| {
                let _ = write!(
                    w,
                    "{:#}",
                    HumanDuration(left(s.eta(), deadline.remaining()))
                );
            },
        )
}

/// The time a count has left: its estimate, but never more than the time
/// limit leaves (`remaining`).
fn left(eta: Duration, remaining: Option<Duration>) -> Duration {
    remaining.map_or(eta, |r| eta.min(r))
}

/// A step in words: `searching for plans · within 0.4% · best plan 1,234.5
/// · lower bound 1,230.1`, and which part of the round it is about when the
/// group is not all of it (the other groups are solved on their own). The
/// gap comes first: a narrow terminal cuts the line's end.
pub fn describe(s: &Step, round: usize) -> String {
    let mut words = s.stage.words().to_string();
    if let (Some(best), Some(bound)) = (s.best, s.bound) {
        words.push_str(&format!(" · within {}", gap(best, bound)));
    }
    if let Some(best) = s.best {
        words.push_str(&format!(" · best plan {}", grouped(best)));
    }
    if let Some(bound) = s.bound {
        words.push_str(&format!(" · lower bound {}", grouped(bound)));
    }
    if s.pupils < round {
        let (part, all) = (
            thousands(&s.pupils.to_string()),
            thousands(&round.to_string()),
        );
        words.push_str(&format!(" ({part} of {all} pupils)"));
    }
    words
}

/// How far the best plan may lie above the optimum, as a share of it.
fn gap(best: f64, bound: f64) -> String {
    let pct = 100.0 * (best - bound).max(0.0) / best.abs().max(1e-9);
    match pct {
        p if p >= 0.1 => format!("{p:.1}%"),
        p if p >= 0.001 => format!("{p:.3}%"),
        _ => "0.001%".to_string(),
    }
}

/// `x` with one decimal and thousands separated by commas: `1,234,567.8`.
fn grouped(x: f64) -> String {
    let s = crate::figures::fixed(x.abs(), 1);
    let (int, frac) = s.split_once('.').unwrap_or((&s, "0"));
    let sign = if x < 0.0 && s != "0.0" { "−" } else { "" };
    format!("{sign}{}.{frac}", thousands(int))
}

/// Digits with a comma every three from the right: `10,000`.
fn thousands(digits: &str) -> String {
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_count_says_more_is_left_than_the_time_limit_allows() {
        let eta = Duration::from_secs(26);
        assert_eq!(left(eta, None), eta);
        let soon = Some(Duration::from_secs(2));
        assert_eq!(left(eta, soon), Duration::from_secs(2));
        assert_eq!(left(Duration::from_secs(1), soon), Duration::from_secs(1));
        assert_eq!(left(eta, Some(Duration::ZERO)), Duration::ZERO);
    }

    #[test]
    fn numbers_read_as_a_coordinator_writes_them() {
        assert_eq!(grouped(1_192_221.799_7), "1,192,221.8");
        assert_eq!(grouped(999.94), "999.9");
        assert_eq!(grouped(-1234.5), "−1,234.5");
        assert_eq!(gap(1234.5, 1230.1), "0.4%");
        assert_eq!(gap(1_192_221.8, 1_192_220.0), "0.001%");
        assert_eq!(gap(100.0, 99.99), "0.010%");
    }

    #[test]
    fn a_step_says_stage_best_bound_gap_and_which_part() {
        let s = Step {
            pupils: 9942,
            stage: Stage::Proving,
            bound: Some(1230.1),
            best: Some(1234.5),
        };
        let all = "proving optimality · within 0.4% · best plan 1,234.5 · lower bound 1,230.1";
        assert_eq!(describe(&s, 9942), all);
        assert!(describe(&s, 10000).ends_with("(9,942 of 10,000 pupils)"));
    }
}
