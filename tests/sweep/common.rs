//! Helpers of the sweep tests: a scratch directory with a small scenario and a
//! sweep file, running the built `fap`, and comparing output directories.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Four pupils, three schools: solves in milliseconds, with a full school
/// (S012) so that an extra place changes the plan.
pub const BASE: &str = r#"{"format": "fap-scenario/1", "meta": {"name": "tiny"},
 "policy": {"fap_cap": {"mode": "soft"}},
 "schools": [
  {"id": "S001", "location": {"easting": 1000, "northing": 1000},
   "year_groups": {"9": {"pan": 30, "on_roll": 28}}},
  {"id": "S012", "location": {"easting": 4000, "northing": 1000},
   "year_groups": {"9": {"pan": 30, "on_roll": 30}, "10": {"pan": 30, "on_roll": 29}}},
  {"id": "S020", "location": {"easting": 2500, "northing": 3000},
   "year_groups": {"9": {"pan": 60, "on_roll": 59}}}
 ],
 "pupils": [
  {"id": "P1", "kind": "fap", "category": "d", "year_group": "9", "sex": "f",
   "home": {"easting": 3900, "northing": 1100}, "preferences": ["S012"]},
  {"id": "P2", "kind": "fap", "category": "d", "year_group": "9", "sex": "m",
   "home": {"easting": 1200, "northing": 900}},
  {"id": "P3", "kind": "in_year", "year_group": "9", "sex": "m",
   "home": {"easting": 2400, "northing": 2900}, "preferences": ["S020", "S001"]},
  {"id": "P4", "kind": "fap", "category": "b", "year_group": "9", "sex": "x",
   "home": {"easting": 3000, "northing": 2000}}
 ]}"#;

/// The sweep of most tests: a patch, a 2×2 grid, three draws and two failures.
pub const SWEEP: &str = r#"{"format": "fap-sweep/1", "name": "Tiny what-ifs",
 "base": "base.json", "seed": 1,
 "variants": [
  {"name": "S012 bulge", "patch": {"schools": {"S012": {"year_groups": {"9": {"pan": 31}}}}}},
  {"name": "cap", "grid": {"policy.fap_cap.per_30_pan": [0.5, 2],
                           "policy.fap_cap.mode": ["hard", "soft"]}},
  {"name": "arrivals", "perturb": {"extra_pupils": 3, "lose_free_places": 0.5}, "draws": 3},
  {"name": "S001 closes", "patch": {"schools": {"S001": null}}},
  {"name": "typo", "patch": {"schools": {"S999": null}}}
 ]}"#;

/// A scratch directory holding `base.json` and `sweep.json`.
pub struct Scratch {
    dir: tempfile::TempDir,
}

impl Scratch {
    /// With the default base and `sweep`.
    pub fn new(sweep: &str) -> Scratch {
        let s = Scratch {
            dir: tempfile::tempdir().expect("a temporary directory"),
        };
        s.write("base.json", BASE);
        s.write("sweep.json", sweep);
        s
    }

    /// A path inside.
    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    /// Writes a file inside.
    pub fn write(&self, rel: &str, text: &str) {
        std::fs::write(self.path(rel), text).expect("writing a test file");
    }

    /// Reads a file inside.
    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    /// Runs `fap ARGS` in the directory.
    pub fn fap(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_fap"))
            .args(args)
            .current_dir(self.dir.path())
            .output()
            .expect("running fap")
    }

    /// Runs `fap ARGS` and checks its exit code.
    pub fn fap_ok(&self, args: &[&str], code: i32) -> Output {
        let out = self.fap(args);
        assert_eq!(
            out.status.code(),
            Some(code),
            "fap {args:?}\nstdout:\n{}\nstderr:\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        out
    }
}

/// Every file under `dir`, by relative path.
pub fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for e in std::fs::read_dir(dir).expect("a directory") {
            let p = e.expect("an entry").path();
            if p.is_dir() {
                walk(root, &p, out);
            } else {
                let rel = p.strip_prefix(root).expect("under root");
                out.insert(
                    rel.to_string_lossy().into_owned(),
                    std::fs::read(&p).expect("a file"),
                );
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// Asserts two directories hold the same files with the same bytes, naming
/// the files that differ.
pub fn assert_same_dirs(a: &Path, b: &Path) {
    let (fa, fb) = (files(a), files(b));
    let names_a: Vec<&String> = fa.keys().collect();
    let names_b: Vec<&String> = fb.keys().collect();
    assert_eq!(names_a, names_b, "file lists differ");
    let differ: Vec<&String> = fa.keys().filter(|k| fa[*k] != fb[*k]).collect();
    if let Some(first) = differ.first() {
        panic!(
            "{} file(s) differ: {differ:?}\n--- {first} in {}:\n{}\n--- in {}:\n{}",
            differ.len(),
            a.display(),
            String::from_utf8_lossy(&fa[*first]),
            b.display(),
            String::from_utf8_lossy(&fb[*first])
        );
    }
}

/// A JSON file inside a directory.
pub fn json(path: &Path) -> serde_json::Value {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_slice(&bytes).expect("valid JSON")
}

/// stderr as text.
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}
