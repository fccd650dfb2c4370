//! Progress of a long solve (issue 18 item 4): the library reports stages,
//! the main solve's bound and best plan, and re-solves done of how many to
//! the sink in the settings; `fap solve` shows them on a terminal only, and
//! nothing reported changes the plan.

use crate::common::Scratch;
use fap::model::Options;
use fap::pipeline::{self, Settings};
use fap::progress::{Event, Progress, Sink, Stage};
use fap::proposals::{explain, options};
use fap::scenario::Scenario;
use std::collections::BTreeSet;
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};

/// A generated round whose decision support takes a few hundred re-solves.
fn round_json(seed: u64) -> Vec<u8> {
    let settings = fap::generate::Settings::synthetic(seed, 40, 12);
    fap::generate::generate(&settings).expect("generates").json
}

fn scenario(json: &[u8]) -> Scenario {
    fap::validate::load_bytes(json).scenario.expect("valid")
}

/// Keeps every event, from whichever thread.
#[derive(Default)]
struct Recording(Mutex<Vec<Event>>);

impl Progress for Recording {
    fn report(&self, event: Event) {
        self.0.lock().unwrap().push(event);
    }
}

/// Solves with decision support (`n` per pupil) on `threads` threads,
/// reporting to `sink`; the plan's bytes.
fn solve(json: &[u8], n: usize, threads: usize, sink: Sink) -> String {
    let sc = scenario(json);
    let mut settings = Settings {
        options_per_pupil: Some(n),
        threads: Some(threads),
        ..Settings::default()
    };
    settings.solve.progress = sink;
    let sha = fap::plan::sha256_hex(json);
    let solution = pipeline::solve(&sc, sha, &settings).expect("solves");
    fap::plan::to_json(&solution.plan)
}

/// The re-solves decision support needs, counted from the plan's own
/// proposal 1: each pupil's candidates and its explanation's requests.
fn resolves_needed(sc: &Scenario, plan_json: &str, n: usize) -> (usize, usize) {
    let plan: fap::plan::Plan = serde_json::from_str(plan_json).expect("a plan");
    let base = fap::plan::assignment(sc, &plan.proposals[0]).expect("fits");
    let opts = Options::generate(sc);
    let pairs: BTreeSet<_> = (0..sc.pupils.len() as u32)
        .flat_map(|p| {
            let mut v = options::candidates(sc, &opts, &base, p, n);
            v.extend(explain::requests(sc, &opts, &base, p, n));
            v.into_iter().map(move |t| (p, t))
        })
        .collect();
    let values = plan.decision_support.expect("support").place_values.len();
    (pairs.len(), values)
}

/// The stages begun, in order, and the re-solves reported done in each.
fn stages(events: &[Event]) -> Vec<(Stage, Option<usize>, usize)> {
    let mut out: Vec<(Stage, Option<usize>, usize)> = Vec::new();
    for e in events {
        match *e {
            Event::Stage(s, total) => out.push((s, total, 0)),
            Event::Done(k) => out.last_mut().expect("a stage first").2 += k,
            Event::Step(_) => {}
        }
    }
    out
}

#[test]
fn a_recording_sink_sees_the_stages_in_order_and_every_resolve() {
    let json = round_json(11);
    let sc = scenario(&json);
    for threads in [1, 2] {
        let rec = Arc::new(Recording::default());
        let plan = solve(&json, 2, threads, Sink::new(rec.clone()));
        let events = rec.0.lock().unwrap().clone();
        let (pairs, values) = resolves_needed(&sc, &plan, 2);
        assert!(
            pairs > 50 && values > 0,
            "too small a round: {pairs} {values}"
        );
        let want = [
            (Stage::Options, None, 0),
            (Stage::Alternatives, Some(pairs), pairs),
            (Stage::PlaceValues, Some(values), values),
        ];
        assert_eq!(stages(&events), want, "{threads} thread(s)");
        // The main solve's steps come before the re-solves, which send none.
        let first_count = events
            .iter()
            .position(|e| matches!(e, Event::Stage(_, Some(_))));
        let steps: Vec<usize> = (0..events.len())
            .filter(|&i| matches!(events[i], Event::Step(_)))
            .collect();
        assert!(!steps.is_empty(), "no step of the main solve");
        assert!(steps.iter().all(|&i| Some(i) < first_count), "{events:?}");
    }
}

#[test]
fn the_plan_is_the_same_bytes_with_progress_or_without_on_any_threads() {
    let json = round_json(12);
    let quiet = solve(&json, 2, 1, Sink::default());
    for threads in [1, 2] {
        let shown = solve(&json, 2, threads, Sink::new(Arc::new(Recording::default())));
        crate::common::assert_same_text("plan with progress", &quiet, &shown);
    }
}

/// Writes the round and the arguments of a `fap solve` of it with options.
fn solve_args(s: &Scratch, plan: &str) -> Vec<String> {
    let round = s.write("round.json", round_json(13));
    let round = round.to_string_lossy().into_owned();
    let out = s.path(plan).to_string_lossy().into_owned();
    let args = [
        "solve",
        &round,
        "--options",
        "2",
        "--no-timings",
        "-o",
        &out,
    ];
    args.iter().map(|a| a.to_string()).collect()
}

const PROGRESS_WORDS: [&str; 5] = [
    "alternatives",
    "place values",
    "pricing columns",
    "searching for plans",
    "building options",
];

#[test]
fn no_progress_when_stderr_is_not_a_terminal() {
    let s = Scratch::new();
    let run = s.fap(solve_args(&s, "piped.plan.json"));
    run.assert_code(0);
    assert!(
        !run.stderr.contains('\u{1b}'),
        "{}",
        run.report("escape codes")
    );
    for w in PROGRESS_WORDS {
        run.assert_lacks(w);
    }
    run.assert_contains("Plan written to");
}

/// `command` run under a pseudo-terminal by util-linux `script`: what the
/// terminal received.
fn on_a_terminal(command: &str) -> String {
    let out = Command::new("script")
        .args(["-qec", command, "/dev/null"])
        .stdin(Stdio::null())
        .output()
        .expect("util-linux `script` runs (the test needs it for a pseudo-terminal)");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(out.status.success(), "{command}: {:?}\n{text}", out.status);
    text
}

#[test]
fn a_terminal_shows_progress_and_gets_the_same_plan() {
    let s = Scratch::new();
    let piped = s.fap(solve_args(&s, "piped.plan.json"));
    piped.assert_code(0);
    let args = solve_args(&s, "tty.plan.json");
    let quoted: Vec<String> = args.iter().map(|a| format!("'{a}'")).collect();
    let command = format!("{} {}", env!("CARGO_BIN_EXE_fap"), quoted.join(" "));
    let seen = on_a_terminal(&command);
    for w in ["alternatives", "place values", "building options"] {
        assert!(seen.contains(w), "the terminal did not show {w:?}:\n{seen}");
    }
    assert!(seen.contains('\u{1b}'), "no redrawn line:\n{seen}");
    assert!(seen.contains("Plan written to"), "{seen}");
    let read = |name: &str| std::fs::read(s.path(name)).expect("plan written");
    assert!(
        read("piped.plan.json") == read("tty.plan.json"),
        "plans differ"
    );
}
