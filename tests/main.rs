//! fap's integration tests: ONE test binary (ripgrep's layout), so the
//! library and the helpers are linked once, not once per file.
//!
//! To add a test file: put it at `tests/<name>.rs` (or `tests/<name>/mod.rs`
//! with its own submodules) and add `mod <name>;` below. Helpers live in
//! `common` (scratch directory, running the built binary, diffs,
//! [`common::solve_checked`]) and `model_support` (generated scenarios, the
//! brute-force oracle); use them as `crate::common::…`. A file under tests/
//! that no `mod` line reaches fails `every_test_file_is_compiled` below, so
//! nothing is skipped silently. Run one file's tests with
//! `cargo test --release --test integration <name>::`.

mod audit;
mod check;
mod common;
mod decision_support;
mod decisions;
mod generate;
mod import;
mod layering;
mod meeting;
mod meeting_cli;
mod model_backends;
mod model_bruteforce;
mod model_cli;
mod model_costs;
mod model_metamorphic;
mod model_rules;
mod model_support;
mod privacy;
mod progress;
mod reference;
mod scenarios;
mod serve;
mod sheets;
mod sweep;
mod validate;

/// Every `.rs` file under tests/ is reached from this file through `mod`
/// lines (Cargo.toml sets `autotests = false`, so no other file is a test
/// binary of its own).
#[test]
fn every_test_file_is_compiled() {
    use std::path::{Path, PathBuf};
    fn reached(file: &Path, into: &mut Vec<PathBuf>) {
        into.push(file.to_path_buf());
        let text = std::fs::read_to_string(file).unwrap();
        let stem = file.file_stem().unwrap().to_string_lossy();
        let dir = if stem == "main" || stem == "mod" {
            file.parent().unwrap().to_path_buf()
        } else {
            file.with_extension("")
        };
        for line in text.lines() {
            let line = line.trim().trim_start_matches("pub ");
            let Some(name) = line.strip_prefix("mod ").and_then(|l| l.strip_suffix(';')) else {
                continue;
            };
            let flat = dir.join(format!("{name}.rs"));
            let nested = dir.join(name).join("mod.rs");
            let child = if flat.exists() { flat } else { nested };
            assert!(
                child.exists(),
                "{}: mod {name}; has no file",
                file.display()
            );
            reached(&child, into);
        }
    }
    fn all(dir: &Path, into: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().to_string();
            if path.is_dir() && !["fixtures", "golden", "browser"].contains(&name.as_str()) {
                all(&path, into);
            } else if name.ends_with(".rs") {
                into.push(path);
            }
        }
    }
    let tests = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let (mut seen, mut files) = (Vec::new(), Vec::new());
    reached(&tests.join("main.rs"), &mut seen);
    all(&tests, &mut files);
    let missed: Vec<_> = files.iter().filter(|f| !seen.contains(f)).collect();
    assert!(seen.len() > 20, "too few files reached: {seen:?}");
    assert!(
        missed.is_empty(),
        "not part of the test binary (add a `mod` line): {missed:?}"
    );
}
