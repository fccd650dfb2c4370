//! Spreadsheets in and out and one answer to every wrong input (issue 16,
//! items 7-10): workbooks exported and imported, headers as people type them,
//! homes as postcodes, `fap template`, and each mistake answered by one line,
//! exit 2 and nothing written.

use fap::import::{import, ImportIssue, Imported, Sources};
use fap::scenario::wire::WireScenario;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn bundle() -> PathBuf {
    root().join("tests/fixtures/import/bundle")
}

fn postcodes(name: &str) -> PathBuf {
    root().join("tests/fixtures/postcodes").join(name)
}

/// A copy of the fixture bundle with some files edited.
fn bundle_with(edits: &[(&str, &dyn Fn(String) -> String)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for e in std::fs::read_dir(bundle()).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), dir.path().join(e.file_name())).unwrap();
    }
    for (file, edit) in edits {
        let p = dir.path().join(file);
        let text = std::fs::read_to_string(&p).unwrap();
        std::fs::write(&p, edit(text)).unwrap();
    }
    dir
}

fn run(sources: Sources) -> Result<Imported, Vec<ImportIssue>> {
    import(&sources)
}

fn from_dir(dir: &Path, f: impl FnOnce(&mut Sources)) -> Result<Imported, Vec<ImportIssue>> {
    let mut s = Sources {
        dir: Some(dir.to_path_buf()),
        ..Sources::default()
    };
    f(&mut s);
    run(s)
}

fn errors(r: Result<Imported, Vec<ImportIssue>>) -> String {
    let issues = r.expect_err("the import must fail");
    issues.iter().map(|i| format!("{i}\n")).collect()
}

/// The fixture bundle, imported (the reference the variants must equal).
fn reference() -> WireScenario {
    from_dir(&bundle(), |_| {}).unwrap().wire
}

fn fap(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_fap"))
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// A mistake: exit 2, one line on stderr (a hint line may follow it),
/// nothing on stdout; returns the line.
fn one_line_exit_2(out: &Output) -> String {
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(out.stdout.is_empty(), "{}", text(&out.stdout));
    let lines: Vec<&str> = stderr.lines().collect();
    let hints = lines.iter().skip(1).all(|l| l.starts_with("  hint: "));
    assert!((1..=2).contains(&lines.len()) && hints, "{stderr}");
    lines[0].to_string()
}

/// Runs `fap ARGS` in `dir`, expecting a mistake refused in one line that
/// says `want`; returns the line.
fn refused(dir: &Path, args: &[&str], want: &str) -> String {
    let line = one_line_exit_2(&fap(dir, args));
    assert!(line.contains(want), "{args:?}: {line}");
    line
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn a_workbook_exported_by_fap_imports_to_the_same_scenario_as_the_bundle() {
    for scenario in [
        "scenarios/secondary-autumn2.json",
        "scenarios/primary-spring1.json",
    ] {
        let bytes = std::fs::read(root().join(scenario)).unwrap();
        let wire: WireScenario = serde_json::from_slice(&bytes).unwrap();
        let dir = tempfile::tempdir().unwrap();
        for (name, b) in fap::export::to_bundle(&wire) {
            std::fs::write(dir.path().join(name), b).unwrap();
        }
        let from_bundle = from_dir(dir.path(), |_| {}).unwrap();
        let xlsx = dir.path().join("round.xlsx");
        let sheets = fap::export::workbook::sheets(&wire);
        std::fs::write(&xlsx, fap::workbook::to_xlsx(&sheets).unwrap()).unwrap();
        let from_xlsx = run(Sources {
            workbook: Some(xlsx),
            ..Sources::default()
        })
        .unwrap();
        assert_eq!(from_xlsx.json, from_bundle.json, "{scenario}");
        let original = fap::validate::load_bytes(&bytes).scenario.unwrap();
        let back = fap::validate::load_bytes(&from_xlsx.json).scenario.unwrap();
        assert_eq!(back, original, "{scenario}");
    }
}

#[test]
fn workbook_errors_name_the_sheet_row_and_column() {
    let w = reference();
    let mut sheets = fap::export::workbook::sheets(&w);
    let places = sheets.iter_mut().find(|s| s.name == "places").unwrap();
    places.rows[1][2] = "1B0".into();
    sheets.retain(|s| s.name != "ap");
    let dir = tempfile::tempdir().unwrap();
    let xlsx = dir.path().join("round.xlsx");
    std::fs::write(&xlsx, fap::workbook::to_xlsx(&sheets).unwrap()).unwrap();
    let e = errors(run(Sources {
        workbook: Some(xlsx.clone()),
        ..Sources::default()
    }));
    let want = format!("{} [places]: row 3, column pan (C): error:", xlsx.display());
    assert!(e.contains(&want), "{e}");
    sheets.retain(|s| s.name != "places");
    std::fs::write(&xlsx, fap::workbook::to_xlsx(&sheets).unwrap()).unwrap();
    let e = errors(run(Sources {
        workbook: Some(xlsx),
        ..Sources::default()
    }));
    assert!(e.contains("no sheet named \"places\""), "{e}");
}

#[test]
fn headers_as_people_type_them_give_the_same_scenario() {
    let dir = bundle_with(&[
        ("pupils.csv", &|t| {
            t.replacen(
                "id,kind,category,year_group,sex,",
                "Pupil ID,Kind,Category,Year group,Gender,",
                1,
            )
            .replacen("P0001,fap,d,9,f,", "P0001,fap,d,9,Female,", 1)
            .replacen("P0002,fap,a,8,m,", "P0002,fap,a,8,MALE,", 1)
        }),
        ("places.csv", &|t| {
            t.replacen(
                "school_id,year_group,pan,on_roll,fap_this_year",
                "School URN, Year Group ,PAN,On roll,FAP this year",
                1,
            )
        }),
        ("schools.csv", &|t| {
            t.replacen("accepts_fap", "Accepts FAP?", 1)
        }),
    ]);
    let got = from_dir(dir.path(), |_| {}).unwrap().wire;
    let mut want = reference();
    want.meta = got.meta.clone();
    assert_eq!(got, want);
}

#[test]
fn an_unused_column_is_refused_with_a_hint_unless_ignored_and_never_echoed() {
    let dir = bundle_with(&[("pupils.csv", &|t| {
        let mut out = String::new();
        for (i, line) in t.lines().enumerate() {
            let name = if i == 0 { "Name" } else { "Alice Smith" };
            out.push_str(&format!("{line},{name}\n"));
        }
        out
    })]);
    let e = errors(from_dir(dir.path(), |_| {}));
    assert!(e.contains("unknown column \"Name\""), "{e}");
    assert!(e.contains("--ignore-column \"Name\""), "{e}");
    assert!(!e.contains("Alice"), "{e}");
    let ok = from_dir(dir.path(), |s| s.ignore_columns = vec!["name".into()]).unwrap();
    let mut want = reference();
    want.meta = ok.wire.meta.clone();
    assert_eq!(ok.wire, want);
}

#[test]
fn pupils_cell_errors_and_validation_of_the_rest_come_in_one_pass() {
    let dir = bundle_with(&[
        ("pupils.csv", &|t| {
            t.replacen("P0002,fap,a,8,m,536700", "P0002,fap,a,8,m,53x700", 1)
        }),
        ("places.csv", &|t| {
            t.replacen("S001,8,180,181,1", "S001,8,180,-181,1", 1)
        }),
    ]);
    let e = errors(from_dir(dir.path(), |_| {}));
    assert!(
        e.contains("pupils.csv: row 3, column easting (F): error:"),
        "{e}"
    );
    assert!(
        e.contains("places.csv: row 3, column on_roll (D): error:"),
        "{e}"
    );
}

#[test]
fn header_and_cell_errors_of_every_file_come_in_one_pass() {
    let dir = bundle_with(&[
        ("pupils.csv", &|t| {
            t.replacen("year_group,sex", "year_group,sex,shoe_size", 1)
        }),
        ("places.csv", &|t| {
            t.replacen("S001,8,180,181,1", "S001,8,1B0,181,1", 1)
        }),
        ("schools.csv", &|t| t.replacen("id,name", "id,id_,name", 1)),
    ]);
    let e = errors(from_dir(dir.path(), |_| {}));
    assert!(
        e.contains("pupils.csv: error: unknown column \"shoe_size\""),
        "{e}"
    );
    assert!(
        e.contains("places.csv: row 3, column pan (C): error:"),
        "{e}"
    );
    assert!(
        e.contains("columns \"id\" (A) and \"id_\" (B) both mean id"),
        "{e}"
    );
}

/// The bundle with homes as a `postcode` column (ZZk kAA for pupil k).
fn postcode_bundle(change: &'static str) -> tempfile::TempDir {
    bundle_with(&[("pupils.csv", &move |t| {
        let mut out = String::new();
        for (i, line) in t.lines().enumerate() {
            let mut cells: Vec<String> = line.split(',').map(str::to_string).collect();
            let pc = if i == 0 {
                "Postcode".to_string()
            } else if i == 2 && !change.is_empty() {
                change.to_string()
            } else {
                format!("zz{i} {i}aa")
            };
            cells.splice(5..7, [pc]);
            out.push_str(&(cells.join(",") + "\n"));
        }
        out
    })])
}

#[test]
fn homes_as_postcodes_through_the_onspd_or_code_point_layouts() {
    let dir = postcode_bundle("");
    for table in ["onspd-sample.csv", "codepoint-sample.csv"] {
        let got = from_dir(dir.path(), |s| s.postcodes = Some(postcodes(table))).unwrap();
        let mut want = reference();
        want.meta = got.wire.meta.clone();
        assert_eq!(got.wire, want, "{table}");
    }
    let e = errors(from_dir(dir.path(), |_| {}));
    assert!(
        e.contains("homes given as postcodes need a postcode table"),
        "{e}"
    );
    assert!(e.contains("--postcodes"), "{e}");
}

#[test]
fn an_unknown_postcode_is_named_and_nothing_else_is_echoed() {
    let onspd = postcodes("onspd-sample.csv");
    let with = |s: &mut Sources| s.postcodes = Some(onspd.clone());
    let e = errors(from_dir(postcode_bundle("ZZ8 8AB").path(), with));
    assert!(
        e.contains("pupils.csv: row 3, column Postcode (F): error: postcode \"ZZ8 8AB\" is not in"),
        "{e}"
    );
    let e = errors(from_dir(postcode_bundle("12 Acacia Avenue").path(), with));
    assert!(e.contains("error: the postcode is not in"), "{e}");
    assert!(!e.contains("Acacia"), "{e}");
    let e = errors(from_dir(postcode_bundle("zz9 9zz").path(), with));
    assert!(e.contains("postcode \"ZZ9 9ZZ\" has no location"), "{e}");
}

#[test]
fn template_writes_a_blank_bundle_and_workbook_that_import_reads() {
    let dir = tempfile::tempdir().unwrap();
    let out = fap(dir.path(), &["template", "-o", "round"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let round = dir.path().join("round");
    let files = files_in(&round);
    for f in [
        "pupils.csv",
        "schools.csv",
        "places.csv",
        "ap.csv",
        "policy.json",
        "round.xlsx",
        "how-to.txt",
    ] {
        assert!(files.contains(&f.to_string()), "{files:?}");
    }
    let pupils = std::fs::read(round.join("pupils.csv")).unwrap();
    assert!(pupils.starts_with(b"\xEF\xBB\xBFid,kind,category,year_group,sex,easting,northing,"));
    let book =
        fap::workbook::read::sheets_from_bytes(&std::fs::read(round.join("round.xlsx")).unwrap())
            .unwrap();
    let names: Vec<&str> = book.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        ["How to", "pupils", "schools", "places", "ap", "policy", "meta"]
    );
    assert!(book[0].1[0][0].starts_with("How to fill in"));
    assert_eq!(
        book[3].1,
        [["school_id", "year_group", "pan", "on_roll", "fap_this_year"]]
    );
    // The blank round fails only for being empty, never for its headers.
    let e = text(&fap(dir.path(), &["import", "round/round.xlsx", "-o", "r.json"]).stderr);
    assert!(!e.contains("column"), "{e}");
    // Filled in (here: the fixture's rows pasted under the headers), it imports.
    for f in ["pupils.csv", "schools.csv", "places.csv", "ap.csv"] {
        let rows = std::fs::read_to_string(bundle().join(f)).unwrap();
        let body = rows.split_once('\n').unwrap().1;
        let mut t = std::fs::read_to_string(round.join(f)).unwrap();
        t.push_str(body);
        std::fs::write(round.join(f), t).unwrap();
    }
    let out = fap(dir.path(), &["import", "round", "-o", "r.json", "-q"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    // Written again: the edited files are kept unless --force.
    refused(
        dir.path(),
        &["template", "-o", "round"],
        "changed since fap wrote it",
    );
    assert!(std::fs::read_to_string(round.join("pupils.csv"))
        .unwrap()
        .contains("P0001"));
    assert!(fap(dir.path(), &["template", "-o", "round", "--force"])
        .status
        .success());
    assert!(!std::fs::read_to_string(round.join("pupils.csv"))
        .unwrap()
        .contains("P0001"));
}

#[test]
fn export_never_overwrites_an_edited_bundle_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = root().join("scenarios/secondary-autumn2.json");
    let s = scenario.to_str().unwrap();
    assert!(fap(dir.path(), &["export", s, "-o", "b", "-q"])
        .status
        .success());
    // Unchanged since: exported again without a word.
    assert!(fap(dir.path(), &["export", s, "-o", "b", "-q"])
        .status
        .success());
    let pupils = dir.path().join("b/pupils.csv");
    std::fs::write(&pupils, "edited by hand\n").unwrap();
    let line = one_line_exit_2(&fap(dir.path(), &["export", s, "-o", "b", "-q"]));
    assert!(
        line.ends_with(
            "pupils.csv: changed since fap wrote it (or not written by fap); nothing was written"
        ),
        "{line}"
    );
    assert_eq!(
        std::fs::read_to_string(&pupils).unwrap(),
        "edited by hand\n"
    );
    assert!(fap(dir.path(), &["export", s, "-o", "b", "-q", "--force"])
        .status
        .success());
    assert_ne!(
        std::fs::read_to_string(&pupils).unwrap(),
        "edited by hand\n"
    );
    // A workbook: written once, then only with --force.
    assert!(fap(dir.path(), &["export", s, "-o", "r.xlsx", "-q"])
        .status
        .success());
    refused(
        dir.path(),
        &["export", s, "-o", "r.xlsx", "-q"],
        "r.xlsx: already exists",
    );
}

/// A solved copy of a small shipped round in a scratch directory.
fn solved() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        root().join("tests/fixtures/tiny/secondary_soft_cap.json"),
        dir.path().join("a.json"),
    )
    .unwrap();
    std::fs::copy(
        root().join("tests/fixtures/tiny/primary_walking.json"),
        dir.path().join("b.json"),
    )
    .unwrap();
    let out = fap(dir.path(), &["solve", "a.json", "-o", "a.plan.json", "-q"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    dir
}

#[test]
fn a_file_that_is_not_a_scenario_gets_one_line_naming_it_and_its_command() {
    let dir = solved();
    let d = dir.path();
    assert!(fap(d, &["export", "a.json", "-o", "bundle", "-q"])
        .status
        .success());
    assert!(fap(d, &["export", "a.json", "-o", "a.xlsx", "-q"])
        .status
        .success());
    std::fs::create_dir(d.join("empty")).unwrap();
    let before = files_in(d);
    for (args, want) in [
        (
            &["solve", "a.plan.json"][..],
            "a.plan.json: this is a plan (fap-plan/1), not a scenario; `fap check SCENARIO PLAN`",
        ),
        (
            &["check", "a.plan.json", "a.plan.json"][..],
            "this is a plan",
        ),
        (
            &["report", "a.plan.json", "--scenario", "a.plan.json"][..],
            "this is a plan",
        ),
        (&["export", "a.plan.json", "-o", "x"][..], "this is a plan"),
        (
            &["solve", "bundle/pupils.csv"][..],
            "this is a CSV file, not a scenario; `fap import DIR",
        ),
        (
            &["solve", "bundle"][..],
            "bundle: this is a CSV bundle, not a scenario; `fap import DIR",
        ),
        (
            &["validate", "a.xlsx"][..],
            "a.xlsx: this is a workbook, not a scenario; `fap import FILE",
        ),
        (
            &["solve", "empty"][..],
            "empty: this is a directory, not a scenario file",
        ),
    ] {
        refused(d, args, want);
    }
    assert_eq!(files_in(d), before);
}

#[test]
fn a_report_into_a_missing_directory_is_refused_before_anything_is_written() {
    let dir = solved();
    let d = dir.path();
    let before = files_in(d);
    let missing = "the directory nowhere does not exist";
    let pack = "nowhere/pack.html";
    refused(
        d,
        &["solve", "a.json", "-o", "new.plan.json", "--report", pack],
        missing,
    );
    refused(
        d,
        &["solve", "a.json", "-o", "nowhere/a.plan.json"],
        missing,
    );
    let report = [
        "report",
        "a.plan.json",
        "--scenario",
        "a.json",
        "-o",
        "nowhere/p.md",
    ];
    refused(d, &report, "does not exist");
    assert_eq!(files_in(d), before);
}

#[test]
fn check_with_a_plan_of_another_scenario_is_one_error() {
    let dir = solved();
    let args = ["check", "b.json", "a.plan.json"];
    let line = refused(dir.path(), &args, "the plan was made for another scenario");
    assert!(line.contains("not b.json"), "{line}");
}

#[test]
fn help_lists_every_exit_code() {
    let help = text(&fap(&root(), &["--help"]).stdout);
    for code in ["0 ", "1 ", "2 ", "3 ", "4 ", "130 "] {
        assert!(
            help.lines().any(|l| l.trim_start().starts_with(code)),
            "{code}: {help}"
        );
    }
}

#[test]
fn the_pack_as_a_workbook_has_the_tables_of_the_paper() {
    let dir = solved();
    let out = fap(
        dir.path(),
        &[
            "report",
            "a.plan.json",
            "--scenario",
            "a.json",
            "-o",
            "pack.xlsx",
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let bytes = std::fs::read(dir.path().join("pack.xlsx")).unwrap();
    let book = fap::workbook::read::sheets_from_bytes(&bytes).unwrap();
    let names: Vec<&str> = book.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names[0], "Pupils", "{names:?}");
    assert!(names.len() > 2, "the paper's tables follow: {names:?}");
    assert!(book.iter().all(|(_, g)| g.len() > 1), "{names:?}");
    let sc: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("a.json")).unwrap()).unwrap();
    let pupils = sc["pupils"].as_array().unwrap().len();
    assert_eq!(
        book[0].1.len(),
        pupils + 1,
        "one row per pupil of the one proposal"
    );
    assert_eq!(book[0].1[0][1], "pupil");
    let csv = fap(
        dir.path(),
        &[
            "report",
            "a.plan.json",
            "--scenario",
            "a.json",
            "-o",
            "pack.csv",
        ],
    );
    assert!(csv.status.success());
    assert!(std::fs::read(dir.path().join("pack.csv"))
        .unwrap()
        .starts_with(b"\xEF\xBB\xBFproposal,pupil,"));
}

#[test]
fn warnings_name_the_pupil_and_a_pan_far_below_the_roll() {
    let json = r#"{"format": "fap-scenario/1", "meta": {"name": "w"},
      "schools": [{"id": "S1", "location": {"easting": 1000, "northing": 1000},
                   "year_groups": {"9": {"pan": 31, "on_roll": 178}}},
                  {"id": "S2", "location": {"easting": 3000, "northing": 1000},
                   "year_groups": {"9": {"pan": 180, "on_roll": 170}}}],
      "pupils": [{"id": "P0001", "kind": "fap", "category": "d", "year_group": "9", "sex": "f",
                  "home": {"easting": 2000, "northing": 1000}},
                 {"id": "P0002", "kind": "fap", "category": "d", "year_group": "9", "sex": "f",
                  "home": {"easting": 2000, "northing": 1000}, "siblings_at": ["S9"]}]}"#;
    let loaded = fap::validate::load_bytes(json.as_bytes());
    let w: Vec<String> = loaded.issues.iter().map(ToString::to_string).collect();
    assert!(loaded.scenario.is_some(), "{w:?}");
    assert!(
        w.iter().any(|m| m.contains("schools[0].year_groups.\"9\"")
            && m.contains("178 on roll is far above the PAN of 31")),
        "{w:?}"
    );
    assert!(
        w.iter()
            .any(|m| m.contains("pupils[1]") && m.contains("pupil \"P0002\"")),
        "{w:?}"
    );
    assert!(!w.iter().any(|m| m.contains("\"S2\"")), "{w:?}");
}
