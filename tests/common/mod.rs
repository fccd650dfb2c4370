//! Helpers for the integration tests: a scratch directory per test, the built
//! `fap` binary run inside it, and assertions that print the command and its
//! whole output (or an expected/actual line diff) when they fail.
//!
//! Every run is also checked for the marks of a crash: fap must never panic or
//! print a backtrace, whatever the input.

#![allow(dead_code)] // each test module uses its own subset

use fap::check::check_plan;
use fap::model::build::Extras;
use fap::model::Options;
use fap::plan::{Plan, SolveOptionsRecord};
use fap::proposals::Ranked;
use fap::scenario::Scenario;
use fap::solve::{solve, SolveSettings, Solved};
use std::ffi::OsStr;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A path inside the repository (tests read fixtures, scenarios and docs from it).
pub fn repo(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

/// The files of a repository directory with the given extension, sorted.
pub fn files_in(rel_dir: &str, ext: &str) -> Vec<PathBuf> {
    let dir = repo(rel_dir);
    let mut out: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|e| e.expect("directory entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == ext))
        .collect();
    out.sort();
    out
}

/// A temporary directory for one test, removed when dropped.
pub struct Scratch {
    dir: tempfile::TempDir,
}

impl Scratch {
    /// A fresh empty directory.
    pub fn new() -> Scratch {
        Scratch {
            dir: tempfile::tempdir().expect("create a scratch directory"),
        }
    }

    /// A path inside the scratch directory.
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Writes a file and returns its path.
    pub fn write(&self, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let p = self.path(name);
        std::fs::write(&p, bytes).unwrap_or_else(|e| panic!("write {}: {e}", p.display()));
        p
    }

    /// Runs `fap` with these arguments, in the scratch directory.
    pub fn fap<I, S>(&self, args: I) -> Run
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        let args: Vec<String> = args
            .into_iter()
            .map(|a| a.as_ref().to_string_lossy().into_owned())
            .collect();
        let out = Command::new(env!("CARGO_BIN_EXE_fap"))
            .args(&args)
            .current_dir(self.dir.path())
            .env_remove("RUST_BACKTRACE")
            .output()
            .expect("run the fap binary");
        let run = Run {
            command: format!("fap {}", args.join(" ")),
            code: out.status.code(),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        };
        run.assert_no_crash();
        run
    }
}

/// One finished run of `fap`.
pub struct Run {
    /// The command line, for failure reports.
    pub command: String,
    /// Exit status (`None` if killed by a signal).
    pub code: Option<i32>,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

impl Run {
    /// Standard output and standard error together.
    pub fn output(&self) -> String {
        format!("{}{}", self.stdout, self.stderr)
    }

    /// The command and everything it printed, for a failure message.
    pub fn report(&self, problem: &str) -> String {
        let mut s = String::new();
        let _ = writeln!(s, "{problem}");
        let _ = writeln!(s, "  command: {}", self.command);
        let _ = writeln!(s, "  exit status: {:?}", self.code);
        for (name, text) in [("stdout", &self.stdout), ("stderr", &self.stderr)] {
            let _ = writeln!(s, "  --- {name} ---");
            for line in text.lines().take(60) {
                let _ = writeln!(s, "  | {}", cut(line, 300));
            }
        }
        s
    }

    /// Panics unless the exit status is `code`.
    pub fn assert_code(&self, code: i32) -> &Run {
        if let Some(problem) = self.code_problem(code) {
            panic!("{}", self.report(&problem));
        }
        self
    }

    /// `Some(reason)` unless the exit status is `code`.
    pub fn code_problem(&self, code: i32) -> Option<String> {
        (self.code != Some(code)).then(|| format!("expected exit status {code}"))
    }

    /// Panics unless the output contains `needle`.
    pub fn assert_contains(&self, needle: &str) -> &Run {
        if !self.output().contains(needle) {
            panic!(
                "{}",
                self.report(&format!("expected the output to contain {needle:?}"))
            );
        }
        self
    }

    /// Panics if the output contains `needle`.
    pub fn assert_lacks(&self, needle: &str) -> &Run {
        if self.output().contains(needle) {
            panic!(
                "{}",
                self.report(&format!("the output must not contain {needle:?}"))
            );
        }
        self
    }

    /// Panics on the marks of a crash, whatever the test expects otherwise.
    fn assert_no_crash(&self) {
        for mark in ["panicked", "RUST_BACKTRACE", "stack backtrace"] {
            if self.output().contains(mark) {
                panic!(
                    "{}",
                    self.report(&format!("fap crashed ({mark:?} in its output)"))
                );
            }
        }
        if self.code.is_none() {
            panic!("{}", self.report("fap was killed by a signal"));
        }
    }

    /// Parses standard output as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("{}", self.report(&format!("stdout is not JSON: {e}"))))
    }
}

/// Panics with a line diff unless `actual` equals `expected`.
pub fn assert_same_text(what: &str, expected: &str, actual: &str) {
    if expected != actual {
        panic!(
            "{what} differs (- expected, + actual):\n{}",
            diff(expected, actual)
        );
    }
}

/// A line diff: removed lines with `-`, added with `+`, and up to two common
/// lines of context around each change (longest common subsequence; fine for
/// the few hundred lines tests compare).
pub fn diff(expected: &str, actual: &str) -> String {
    let a: Vec<&str> = expected.lines().collect();
    let b: Vec<&str> = actual.lines().collect();
    let mut lcs = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let (mut i, mut j, mut lines) = (0, 0, Vec::new());
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            lines.push(('=', a[i]));
            (i, j) = (i + 1, j + 1);
        } else if j < b.len() && (i == a.len() || lcs[i][j + 1] >= lcs[i + 1][j]) {
            lines.push(('+', b[j]));
            j += 1;
        } else {
            lines.push(('-', a[i]));
            i += 1;
        }
    }
    let near_change = |k: usize| {
        lines[k.saturating_sub(2)..(k + 3).min(lines.len())]
            .iter()
            .any(|(t, _)| *t != '=')
    };
    let mut out = String::new();
    let mut skipped = 0;
    for (k, (tag, line)) in lines.iter().enumerate() {
        if *tag == '=' && !near_change(k) {
            skipped += 1;
            continue;
        }
        if skipped > 0 {
            let _ = writeln!(out, "  … {skipped} unchanged line(s)");
            skipped = 0;
        }
        let mark = if *tag == '=' { ' ' } else { *tag };
        let _ = writeln!(out, "{mark} {line}");
    }
    if skipped > 0 {
        let _ = writeln!(out, "  … {skipped} unchanged line(s)");
    }
    out
}

fn cut(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        None => s.to_string(),
        Some((i, _)) => format!("{}… ({} bytes)", &s[..i], s.len()),
    }
}

/// Solves `sc` and runs the result through the independent checker
/// (`fap::check`, which shares only scenario and plan types with the model):
/// a plan that breaks a hard rule, or whose recorded objective the checker
/// does not recompute, fails the test with the scenario and the findings.
/// Every in-process test solve goes through here (vrp's `solve_checked`).
pub fn solve_checked(sc: &Scenario, settings: &SolveSettings) -> Solved {
    let opts = Options::generate(sc);
    let solved =
        solve(sc, &opts, &Extras::default(), settings, None).expect("a scenario always has a plan");
    let report = check_plan(sc, &"0".repeat(64), &plan_of(sc, &solved));
    assert!(
        report.is_valid(),
        "the checker rejects the solve: {:#?}\nscenario: {sc:#?}",
        report.findings
    );
    solved
}

/// One solved assignment as a `fap-plan/1` plan (scenario hash all zeros).
pub fn plan_of(sc: &Scenario, solved: &Solved) -> Plan {
    let record = SolveOptionsRecord {
        proposals: 1,
        min_diff: 1,
        time_limit_s: None,
        mip_rel_gap: 0.0,
        options_per_pupil: 0,
    };
    let ranked = Ranked {
        proposals: vec![solved.clone()],
        stopped: None,
    };
    let generator = fap::plan::generator("test".into(), record, None);
    fap::proposals::plan::make(sc, "0".repeat(64), &ranked, generator)
}
