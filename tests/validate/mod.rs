//! `fap validate` against the bad-input corpus, the valid fixtures and the
//! shipped scenarios, plus the hostile inputs too big to commit (generated here).
//!
//! `tests/fixtures/bad/expectations.json` maps each bad file to the issue it must
//! produce: `code`, JSON `path` and a `fragment` of the message or hint, and
//! optionally `absent`: strings that must not appear (pupil free text, or the
//! code of an error that would only be a consequence of the first).

use crate::common::{assert_same_text, files_in, repo, Scratch};
use serde_json::Value;
use std::collections::BTreeMap;

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Expect {
    code: String,
    path: String,
    fragment: String,
    #[serde(default)]
    absent: Vec<String>,
}

fn expectations() -> BTreeMap<String, Expect> {
    let p = repo("tests/fixtures/bad/expectations.json");
    let text = std::fs::read_to_string(&p).expect("read expectations.json");
    serde_json::from_str(&text).expect("expectations.json is a map file -> {code, path, fragment}")
}

/// What one bad fixture got wrong, or nothing.
fn check_bad_fixture(sc: &Scratch, file: &str, e: &Expect) -> Vec<String> {
    let path = repo("tests/fixtures/bad").join(file);
    let mut problems = Vec::new();
    let text = sc.fap([std::ffi::OsStr::new("validate"), path.as_os_str()]);
    let out = text.output();
    let located = if e.path.is_empty() {
        "error: ".to_string()
    } else {
        format!("error: {}: ", e.path)
    };
    let wanted = [
        text.code_problem(2),
        (!out.contains(&located)).then(|| format!("no error at path {:?}", e.path)),
        (!out.contains(&format!("[{}]", e.code))).then(|| format!("no code [{}]", e.code)),
        (!out.contains(&e.fragment)).then(|| format!("no fragment {:?}", e.fragment)),
    ];
    let mut found: Vec<String> = wanted.into_iter().flatten().collect();
    found.extend(
        e.absent
            .iter()
            .filter(|a| out.contains(a.as_str()))
            .map(|a| format!("{a:?} must not appear")),
    );
    if !found.is_empty() {
        problems.push(text.report(&format!("{file} (text): {}", found.join("; "))));
    }

    let json = sc.fap([
        std::ffi::OsStr::new("validate"),
        "--format".as_ref(),
        "json".as_ref(),
        path.as_os_str(),
    ]);
    let v = json.json();
    let issues = v["files"][0]["issues"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let hit = issues.iter().any(|i| {
        i["code"] == e.code.as_str() && i["path"] == e.path.as_str() && i["severity"] == "error"
    });
    if json.code != Some(2) || !hit || v["files"][0]["valid"] != false {
        problems.push(json.report(&format!(
            "{file} (--format json): expected exit 2, valid false and an error with code {:?} at {:?}",
            e.code, e.path
        )));
    }
    problems
}

#[test]
fn every_bad_fixture_fails_with_its_code_path_and_fragment() {
    let sc = Scratch::new();
    let exp = expectations();
    assert!(exp.len() >= 40, "the corpus has {} files", exp.len());
    let problems: Vec<String> = exp
        .iter()
        .flat_map(|(file, e)| check_bad_fixture(&sc, file, e))
        .collect();
    assert!(
        problems.is_empty(),
        "{} of {} bad fixtures misbehave:\n\n{}",
        problems.len(),
        exp.len(),
        problems.join("\n")
    );
}

#[test]
fn every_bad_fixture_has_an_expectation_and_every_expectation_a_file() {
    let on_disk: Vec<String> = files_in("tests/fixtures/bad", "json")
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .filter(|n| n != "expectations.json")
        .collect();
    let listed: Vec<String> = expectations().into_keys().collect();
    assert_same_text(
        "bad fixtures on disk vs. expectations.json",
        &listed.join("\n"),
        &on_disk.join("\n"),
    );
}

#[test]
fn every_valid_fixture_and_shipped_scenario_validates() {
    let sc = Scratch::new();
    let mut files = files_in("tests/fixtures/valid", "json");
    files.extend(files_in("scenarios", "json"));
    assert!(files.len() >= 4, "expected valid fixtures and scenarios");
    for f in files {
        sc.fap([std::ffi::OsStr::new("validate"), f.as_os_str()])
            .assert_code(0)
            .assert_contains(": valid (")
            .assert_lacks("error:");
    }
}

#[test]
fn a_byte_order_mark_is_ignored() {
    let bom = std::fs::read(repo("tests/fixtures/valid/bom.json")).unwrap();
    let plain = std::fs::read(repo("tests/fixtures/valid/minimal.json")).unwrap();
    assert_eq!(&bom[..3], b"\xEF\xBB\xBF", "bom.json must start with a BOM");
    assert_eq!(&bom[3..], &plain[..], "bom.json is minimal.json with a BOM");
}

/// The valid minimal scenario with one pupil's id replaced.
fn minimal_with_pupil_id(id: &str) -> String {
    let text = std::fs::read_to_string(repo("tests/fixtures/valid/minimal.json")).unwrap();
    let mut v: Value = serde_json::from_str(&text).unwrap();
    v["pupils"][1]["id"] = Value::String(id.to_string());
    serde_json::to_string(&v).unwrap()
}

#[test]
fn rejects_a_ten_megabyte_id_without_flooding_the_terminal() {
    let sc = Scratch::new();
    let f = sc.write(
        "huge-id.json",
        minimal_with_pupil_id(&"P".repeat(10_000_000)),
    );
    let run = sc.fap(["validate".as_ref(), f.as_os_str()]);
    run.assert_code(2)
        .assert_contains("pupils[1].id: malformed id: is 10000000 characters long")
        .assert_contains("[id]");
    assert!(
        run.output().len() < 2_000,
        "{}",
        run.report("output too long")
    );
}

#[test]
fn rejects_100000_nested_lists_without_overflowing_the_stack() {
    let sc = Scratch::new();
    let depth = 100_000;
    let text = format!(
        "{{\"format\": \"fap-scenario/1\", \"meta\": {{\"name\": \"deep\"}}, \"pupils\": [], \"schools\": {}{}}}",
        "[".repeat(depth),
        "]".repeat(depth)
    );
    let f = sc.write("deep.json", text);
    let run = sc.fap(["validate".as_ref(), f.as_os_str()]);
    run.assert_code(2)
        .assert_contains("nested more than 128 levels deep")
        .assert_contains("[json-too-deep]");
    assert!(
        run.output().len() < 2_000,
        "{}",
        run.report("output too long")
    );
}

#[test]
fn refuses_a_file_over_max_input_mb_and_reads_it_under_the_default() {
    let sc = Scratch::new();
    let text = std::fs::read_to_string(repo("tests/fixtures/valid/minimal.json")).unwrap();
    let mut v: Value = serde_json::from_str(&text).unwrap();
    v["meta"]["notes"] = Value::String("x".repeat(2 * 1024 * 1024));
    let f = sc.write("big.json", serde_json::to_string(&v).unwrap());
    sc.fap(["validate", "--max-input-mb", "1", "big.json"])
        .assert_code(2)
        .assert_contains("big.json: error: the file is 2.0 MiB, over the input limit of 1.0 MiB")
        .assert_contains("[file-too-large]")
        .assert_contains("--max-input-mb");
    sc.fap(["validate".as_ref(), f.as_os_str()]).assert_code(0);
}

/// Each count limit: over it, exit 2 with the code, the count and the flag
/// that raises it, and nothing written; at the count itself, a normal run.
#[test]
fn count_limits_refuse_with_a_hint_and_their_flags_raise_them() {
    let sc = Scratch::new();
    let f = repo("scenarios/secondary-autumn2.json");
    let loaded = fap::validate::load_file(&f, &fap::limits::Limits::default())
        .scenario
        .unwrap();
    let pupils = loaded.pupils.len();
    let places = loaded.schools.len() + loaded.aps.len();
    let options = fap::model::Options::generate(&loaded).len();
    let cases = [
        ("validate", "--max-pupils", pupils, "too-many-pupils"),
        ("solve", "--max-pupils", pupils, "too-many-pupils"),
        ("solve", "--max-schools", places, "too-many-schools"),
        ("solve", "--max-options", options, "too-many-options"),
        ("report", "--max-options", options, "too-many-options"),
    ];
    let plan = sc.path("given.plan.json");
    sc.fap([
        "solve".as_ref(),
        f.as_os_str(),
        "-q".as_ref(),
        "-o".as_ref(),
        plan.as_os_str(),
    ])
    .assert_code(0);
    for (command, flag, n, code) in cases {
        let run = |max: usize| {
            let mut args = vec![command.to_string()];
            if command == "report" {
                args.extend([plan.display().to_string(), "--scenario".into()]);
            }
            args.extend([f.display().to_string(), flag.into(), max.to_string()]);
            args.extend(["-o".into(), sc.path("out").display().to_string()]);
            if command == "validate" {
                args.truncate(args.len() - 2);
            }
            sc.fap(args)
        };
        run(n - 1)
            .assert_code(2)
            .assert_contains(&format!("[{code}]"))
            .assert_contains(flag);
        assert!(
            !sc.path("out").exists(),
            "{command} {flag}: an output was written"
        );
        run(n).assert_code(0);
        let _ = std::fs::remove_file(sc.path("out"));
    }
}

#[test]
fn json_output_gives_line_and_column_of_a_syntax_error() {
    let sc = Scratch::new();
    let f = repo("tests/fixtures/bad/json-syntax_missing-comma.json");
    let run = sc.fap([
        "validate".as_ref(),
        "--format".as_ref(),
        "json".as_ref(),
        f.as_os_str(),
    ]);
    run.assert_code(2);
    let issue = &run.json()["files"][0]["issues"][0];
    assert_eq!(issue["code"], "json-syntax", "{}", run.report("code"));
    assert_eq!(
        (issue["line"].as_u64(), issue["column"].as_u64()),
        (Some(4), Some(3))
    );
}

#[test]
fn reports_every_file_and_fails_if_any_is_invalid() {
    let sc = Scratch::new();
    let good = repo("tests/fixtures/valid/minimal.json");
    let bad = repo("tests/fixtures/bad/unknown-id_preference.json");
    let run = sc.fap(["validate".as_ref(), good.as_os_str(), bad.as_os_str()]);
    run.assert_code(2)
        .assert_contains("minimal.json: valid (3 pupils, 3 schools, 1 AP providers")
        .assert_contains("unknown-id_preference.json: 1 error(s)");
}

#[test]
fn a_missing_file_is_an_input_error() {
    let sc = Scratch::new();
    sc.fap(["validate", "no-such-file.json"])
        .assert_code(2)
        .assert_contains("no-such-file.json: error: cannot open: no such file [file-read]");
}

/// Every `.rs` file under `src/`, read whole.
fn sources() -> Vec<(String, String)> {
    fn walk(dir: &std::path::Path, out: &mut Vec<(String, String)>) {
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        entries.sort();
        for p in entries {
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push((
                    p.display().to_string(),
                    std::fs::read_to_string(&p).unwrap(),
                ));
            }
        }
    }
    let mut out = Vec::new();
    walk(&repo("src"), &mut out);
    out
}

/// The string literal right after each `Issue::error(` / `Issue::warning(` (the code).
fn literal_codes(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for call in ["Issue::error(", "Issue::warning("] {
        for (at, _) in text.match_indices(call) {
            let rest = text[at + call.len()..].trim_start();
            if let Some(lit) = rest.strip_prefix('"') {
                out.push(lit.split('"').next().unwrap().to_string());
            }
        }
    }
    out
}

#[test]
fn docs_errors_lists_every_code_and_only_codes_that_exist() {
    let doc = std::fs::read_to_string(repo("docs/errors.md")).unwrap();
    let documented: Vec<String> = doc
        .lines()
        .filter_map(|l| l.strip_prefix("### `"))
        .map(|l| l.trim_end_matches('`').to_string())
        .collect();
    let src = sources();
    let mut missing: Vec<String> = src
        .iter()
        .flat_map(|(_, t)| literal_codes(t))
        .chain(expectations().into_values().map(|e| e.code))
        .filter(|c| !documented.contains(c))
        .collect();
    missing.sort();
    missing.dedup();
    assert!(
        missing.is_empty(),
        "codes not documented in docs/errors.md: {missing:?}"
    );
    let stale: Vec<&String> = documented
        .iter()
        .filter(|c| !src.iter().any(|(_, t)| t.contains(&format!("\"{c}\""))))
        .collect();
    assert!(
        stale.is_empty(),
        "docs/errors.md documents codes the source never emits: {stale:?}"
    );
    for c in &documented {
        assert!(
            doc.contains(&format!("[`{c}`](#{c})")),
            "docs/errors.md: {c} is missing from the index table"
        );
    }
}

#[test]
fn the_example_in_docs_scenario_format_is_valid() {
    let doc = std::fs::read_to_string(repo("docs/scenario-format.md")).unwrap();
    let example = doc
        .split("```json\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("docs/scenario-format.md has a ```json example");
    let sc = Scratch::new();
    let f = sc.write("example.json", example);
    sc.fap(["validate".as_ref(), f.as_os_str()])
        .assert_code(0)
        .assert_contains("valid (1 pupils, 1 schools, 1 AP providers; 0 warning(s))");
}
