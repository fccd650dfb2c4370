//! `fap import` and `fap export`: bundles and register extracts in, every error at
//! its file, row and column, and export → import giving back the same scenario.

use fap::import::{import, ImportIssue, Imported, Sources};
use fap::scenario::wire::{WireLocation, WireScenario};
use std::path::{Path, PathBuf};
use std::process::Command;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn bundle() -> PathBuf {
    fixtures().join("import/bundle")
}

/// A copy of the fixture bundle with one file edited.
fn bundle_with(file: &str, edit: impl FnOnce(String) -> String) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for e in std::fs::read_dir(bundle()).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), dir.path().join(e.file_name())).unwrap();
    }
    let p = dir.path().join(file);
    let text = std::fs::read_to_string(&p).unwrap_or_default();
    std::fs::write(&p, edit(text)).unwrap();
    dir
}

fn from_dir(dir: &Path) -> Result<Imported, Vec<ImportIssue>> {
    import(&Sources {
        dir: Some(dir.to_path_buf()),
        ..Sources::default()
    })
}

/// The errors of an import that must fail, one per line.
fn errors(dir: &Path) -> String {
    let issues = from_dir(dir).expect_err("the import must fail");
    assert!(issues.iter().any(|i| i.is_error()));
    issues
        .iter()
        .map(|i| i.to_string())
        .collect::<Vec<_>>()
        .join("\n")
}

fn assert_has(text: &str, want: &str) {
    assert!(text.contains(want), "expected {want:?} in:\n{text}");
}

#[test]
fn imports_the_fixture_bundle() {
    let imp = from_dir(&bundle()).unwrap();
    let w = &imp.wire;
    assert_eq!(w.meta["name"], "Autumn 2 secondary panel");
    assert_eq!(
        (w.schools.len(), w.ap_providers.len(), w.pupils.len()),
        (4, 1, 6)
    );
    // Spreadsheet spellings are normalised.
    assert_eq!(w.schools[1].ofsted.as_deref(), Some("outstanding"));
    assert_eq!(w.schools[2].ofsted.as_deref(), Some("requires_improvement"));
    assert!(w.schools[2].year_groups.contains_key("7"));
    assert_eq!(w.pupils[4].kind, "fap");
    assert_eq!(w.pupils[3].behaviour_concern, Some(true));
    assert_eq!(
        w.pupils[3].preferences.as_deref(),
        Some(&["S004".to_string(), "S001".to_string()][..])
    );
    assert_eq!(w.pupils[3].travel_km.as_ref().unwrap()["S001"], 2.4);
    assert_eq!(w.policy.as_ref().unwrap().max_above_pan, Some(1));
    // The unknown previous school is a warning, at its cell.
    let warn = imp
        .warnings
        .iter()
        .map(|i| i.to_string())
        .collect::<String>();
    assert_has(
        &warn,
        "pupils.csv: row 5, column previous_schools (K): warning: pupil \"P0004\": unknown school or AP id \"X999\"",
    );
    assert!(fap::validate::load_bytes(&imp.json).scenario.is_some());
}

#[test]
fn rejects_a_row_with_a_missing_value() {
    let dir = bundle_with("pupils.csv", |t| t.replace("P0003,in_year,", "P0003,,"));
    let e = errors(dir.path());
    assert_has(
        &e,
        "pupils.csv: row 4, column kind (B): error: missing value [csv-missing-value]",
    );
    assert_has(&e, "hint: fap or in_year");
}

#[test]
fn rejects_an_unknown_school_id_at_its_cell() {
    let dir = bundle_with("pupils.csv", |t| {
        t.replace(
            "P0002,fap,a,8,m,536700,182300,0,S001",
            "P0002,fap,a,8,m,536700,182300,0,S999",
        )
    });
    let e = errors(dir.path());
    assert_has(
        &e,
        "pupils.csv: row 3, column preferences (I): error: unknown school or AP id \"S999\"",
    );
    assert_has(&e, "hint:");
}

#[test]
fn rejects_an_unknown_school_in_places() {
    let dir = bundle_with("places.csv", |t| t.replace("S004,9,", "S404,9,"));
    let e = errors(dir.path());
    assert_has(
        &e,
        "places.csv: row 13, column school_id (A): error: unknown school id \"S404\" [unknown-id]",
    );
    assert_has(&e, "hint:");
}

#[test]
fn rejects_a_missing_column() {
    let dir = bundle_with("pupils.csv", |t| t.replacen("year_group", "yaer group", 1));
    let e = errors(dir.path());
    assert_has(
        &e,
        "pupils.csv: error: missing column \"year_group\" [csv-missing-column]",
    );
    assert_has(&e, "pupils.csv: error: unknown column \"yaer group\" (column D) [csv-unknown-column]\n  hint: did you mean \"year_group\"? Or, to keep it in the file, pass --ignore-column \"yaer group\"");
}

#[test]
fn rejects_a_bad_number() {
    let dir = bundle_with("places.csv", |t| {
        t.replace("S001,8,180,181,1", "S001,8,1B0,181,1")
    });
    let e = errors(dir.path());
    assert_has(
        &e,
        "places.csv: row 3, column pan (C): error: \"1B0\" is not a number [csv-number]",
    );
}

#[test]
fn validation_errors_point_at_the_cell_they_came_from() {
    let dir = bundle_with("places.csv", |t| {
        t.replace("S002,8,150,149,", "S002,8,150,-3,")
    });
    assert_has(
        &errors(dir.path()),
        "places.csv: row 6, column on_roll (D): error: must be ≥ 0, found -3 [negative]",
    );
    let dir = bundle_with("schools.csv", |t| {
        t.replace("S002,Mile End Girls,girls", "S002,Mile End Girls,girl")
    });
    let e = errors(dir.path());
    assert_has(&e, "schools.csv: row 3, column sex (C): error: \"girl\" is not one of mixed, boys, girls [enum]");
    assert_has(&e, "did you mean \"girls\"?");
    let dir = bundle_with("policy.json", |t| t.replace("\"hard\"", "\"hardd\""));
    assert_has(
        &errors(dir.path()),
        "policy.json: fap_cap.mode: error: \"hardd\" is not one of hard, soft, off [enum]",
    );
    // A pin that breaks a hard rule (route ap, pinned to a school).
    let dir = bundle_with("pupils.csv", |t| t.replace(",AP1,", ",S001,"));
    assert_has(
        &errors(dir.path()),
        "pupils.csv: row 6, column pinned (S): error: pinned to \"S001\", which breaks a hard rule",
    );
}

#[test]
fn pupil_values_are_not_echoed() {
    let dir = bundle_with("pupils.csv", |t| {
        t.replace(
            "P0004,fap,j,9,m,536100,181200,30,\"S004;S001\",,X999,,S003,,,TRUE",
            "P0004,fap,j,9,m,536100,181200,30,\"S004;S001\",,X999,,S003,,,Smith",
        )
    });
    let e = errors(dir.path());
    assert_has(
        &e,
        "pupils.csv: row 5, column behaviour_concern (P): error: the value is not true or false",
    );
    assert!(!e.contains("Smith"), "{e}");
}

/// The fixture written the way a spreadsheet in a decimal-comma locale saves it.
fn as_excel_semicolons(text: &str) -> Vec<u8> {
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes());
    let mut w = csv::WriterBuilder::new()
        .delimiter(b';')
        .terminator(csv::Terminator::CRLF)
        .from_writer(b"\xEF\xBB\xBF".to_vec());
    for r in rdr.records() {
        w.write_record(&r.unwrap()).unwrap();
    }
    w.into_inner().unwrap()
}

#[test]
fn reads_excel_files_with_bom_semicolons_and_decimal_commas() {
    let plain = bundle_with("pupils.csv", |t| {
        t.replace(
            "P0006,fap,e,7,x,536800,181700,3,",
            "P0006,fap,e,7,x,536800,181700,3.5,",
        )
    });
    let excel = bundle_with("pupils.csv", |t| {
        t.replace(
            "P0006,fap,e,7,x,536800,181700,3,",
            "P0006,fap,e,7,x,536800,181700,\"3,5\",",
        )
    });
    for f in ["pupils.csv", "schools.csv", "places.csv", "ap.csv"] {
        let p = excel.path().join(f);
        let text = std::fs::read_to_string(&p).unwrap();
        std::fs::write(&p, as_excel_semicolons(&text)).unwrap();
    }
    assert_eq!(
        std::fs::read(excel.path().join("pupils.csv")).unwrap()[..3],
        *b"\xEF\xBB\xBF"
    );
    let a = from_dir(plain.path()).unwrap();
    let b = from_dir(excel.path()).unwrap();
    assert_eq!(a.json, b.json);
    assert_eq!(a.wire.pupils[5].days_out_of_education, Some(3.5));
}

#[test]
fn imports_register_extracts_in_both_header_styles() {
    let gias = import(&Sources {
        register: Some(fixtures().join("import/gias-sample.csv")),
        la: Some("211".into()),
        ..Sources::default()
    })
    .unwrap();
    let ids: Vec<&str> = gias.wire.schools.iter().map(|s| s.id.as_str()).collect();
    // Special, nursery, closed and other-LA rows are skipped, and say so.
    assert_eq!(ids, ["100965", "100975", "100890", "143629"]);
    assert!(gias
        .notes
        .iter()
        .any(|n| n.contains("not a mainstream school") && n.contains("100986")));
    let mulberry = &gias.wire.schools[3];
    assert_eq!(mulberry.ofsted.as_deref(), Some("inadequate")); // special measures
    assert_eq!(mulberry.trust.as_deref(), Some("Mulberry Schools Trust"));
    assert_eq!(mulberry.sex.as_deref(), Some("girls"));

    let short = import(&Sources {
        register: Some(fixtures().join("register/tower-hamlets.csv")),
        ..Sources::default()
    })
    .unwrap();
    let bow = |w: &WireScenario| {
        w.schools
            .iter()
            .find(|s| s.id == "100965")
            .cloned()
            .unwrap()
    };
    let (a, b) = (bow(&gias.wire), bow(&short.wire));
    assert_eq!(
        (a.year_groups, a.location, a.sex),
        (b.year_groups, b.location, b.sex)
    );
    assert!(!short.wire.schools.iter().any(|s| s.id == "100986"));
}

#[test]
fn given_places_override_register_estimates() {
    let dir = tempfile::tempdir().unwrap();
    let places = dir.path().join("places.csv");
    std::fs::write(
        &places,
        "school_id,year_group,pan,on_roll,fap_this_year\n100965,7,240,236,2\n",
    )
    .unwrap();
    let imp = import(&Sources {
        register: Some(fixtures().join("import/gias-sample.csv")),
        places: Some(places),
        ..Sources::default()
    })
    .unwrap();
    let bow = &imp.wire.schools[0];
    assert_eq!(
        (bow.year_groups["7"].pan, bow.year_groups["7"].on_roll),
        (240, 236)
    );
    assert_eq!(bow.year_groups["8"].pan, 225); // still the estimate
    assert_eq!(bow.fap_this_year.as_ref().unwrap()["7"], 2);
}

#[test]
fn register_errors_name_file_row_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("gias.csv");
    let text = std::fs::read_to_string(fixtures().join("import/gias-sample.csv")).unwrap();
    std::fs::write(
        &f,
        text.replace("1550,1541", "1550,15x1")
            .replace("Mixed,697", "Mixd,697"),
    )
    .unwrap();
    let issues = import(&Sources {
        register: Some(f),
        ..Sources::default()
    })
    .unwrap_err();
    let e: Vec<String> = issues.iter().map(|i| i.to_string()).collect();
    let e = e.join("\n");
    assert_has(
        &e,
        "gias.csv: row 3, column NumberOfPupils (M): error: \"15x1\" is not a number",
    );
    assert_has(
        &e,
        "gias.csv: row 4, column Gender (name) (K): error: \"Mixd\" is not a gender of intake",
    );
}

fn export_import(w: &WireScenario) -> Imported {
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in fap::export::to_bundle(w) {
        std::fs::write(dir.path().join(name), bytes).unwrap();
    }
    from_dir(dir.path()).unwrap()
}

fn assert_round_trip(json: &[u8]) {
    let loaded = fap::validate::load_bytes(json);
    let sc = loaded.scenario.expect("valid");
    let w: WireScenario = serde_json::from_slice(json).unwrap();
    let back = export_import(&w);
    assert_eq!(back.wire, w);
    assert_eq!(back.json, fap::scenario::canonical::scenario_json(&w));
    assert_eq!(fap::validate::load_bytes(&back.json).scenario.unwrap(), sc);
}

#[test]
fn export_then_import_gives_back_the_same_scenario() {
    assert_round_trip(&from_dir(&bundle()).unwrap().json);
    for (seed, phase) in [(1, "mixed"), (2, "primary"), (3, "secondary")] {
        let out = Command::new(env!("CARGO_BIN_EXE_fap"))
            .args([
                "generate",
                "--seed",
                &seed.to_string(),
                "--pupils",
                "80",
                "--schools",
                "30",
                "--phase",
                phase,
                "-q",
            ])
            .output()
            .unwrap();
        assert!(out.status.success());
        assert_round_trip(&out.stdout);
    }
}

#[test]
fn export_then_import_keeps_lat_lon_locations() {
    let mut w: WireScenario = serde_json::from_slice(&from_dir(&bundle()).unwrap().json).unwrap();
    let to_deg = |l: &mut WireLocation| {
        if let WireLocation::Grid { easting, northing } = *l {
            *l = WireLocation::LatLon {
                lat: 51.0 + northing / 1e7,
                lon: -0.1 + easting / 1e7,
            };
        }
    };
    w.schools.iter_mut().for_each(|s| to_deg(&mut s.location));
    w.ap_providers
        .iter_mut()
        .for_each(|a| to_deg(&mut a.location));
    w.pupils.iter_mut().for_each(|p| to_deg(&mut p.home));
    let json = fap::scenario::canonical::scenario_json(&w);
    assert_round_trip(&json);
    let pupils = String::from_utf8(fap::export::to_bundle(&w).pop().unwrap().1).unwrap();
    assert!(
        pupils.starts_with("\u{feff}id,kind,category,year_group,sex,lat,lon,"),
        "{pupils}"
    );
}

fn fap(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_fap"))
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn cli_import_exits_2_and_writes_nothing_on_error() {
    let dir = bundle_with("places.csv", |t| {
        t.replace("S001,8,180,181,1", "S001,8,1B0,181,1")
    });
    let out = dir.path().join("out.json");
    let r = fap(&[
        "import",
        dir.path().to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(r.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&r.stderr);
    assert_has(&stderr, "places.csv: row 3, column pan (C): error:");
    assert!(!out.exists());
}

#[test]
fn cli_export_then_import_round_trips() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b, bundle_dir) = (
        dir.path().join("a.json"),
        dir.path().join("b.json"),
        dir.path().join("bundle"),
    );
    let s = |p: &Path| p.to_str().unwrap().to_string();
    assert!(fap(&["import", &s(&bundle()), "-o", &s(&a), "-q"])
        .status
        .success());
    assert!(fap(&["export", &s(&a), "-o", &s(&bundle_dir), "-q"])
        .status
        .success());
    assert!(fap(&["import", &s(&bundle_dir), "-o", &s(&b), "-q"])
        .status
        .success());
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
}

#[test]
fn a_broken_school_row_is_reported_once() {
    let dir = bundle_with("schools.csv", |t| {
        t.replace(
            "S004,Limehouse School,,inadequate,536500,180900",
            "S004,Limehouse School,,inadequate,,",
        )
    });
    let issues = from_dir(dir.path()).unwrap_err();
    let e: Vec<String> = issues.iter().map(|i| i.to_string()).collect();
    assert_eq!(e.len(), 1, "{e:?}");
    assert_has(
        &e[0],
        "schools.csv: row 5, column easting (E): error: missing location of a school",
    );
}

#[test]
fn places_for_a_skipped_register_school_say_why() {
    let dir = tempfile::tempdir().unwrap();
    let places = dir.path().join("places.csv");
    std::fs::write(&places, "school_id,year_group,pan,on_roll\n100986,7,10,9\n").unwrap();
    let issues = import(&Sources {
        register: Some(fixtures().join("import/gias-sample.csv")),
        places: Some(places),
        ..Sources::default()
    })
    .unwrap_err();
    let e = issues.iter().map(|i| i.to_string()).collect::<String>();
    assert_has(
        &e,
        "places.csv: row 2, column school_id (A): error: school \"100986\" is not in the scenario",
    );
    assert_has(&e, "its register row was skipped: not a mainstream school");
}
