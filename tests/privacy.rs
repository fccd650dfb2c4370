//! Pupils are special-category data: free text in a scenario (`meta.notes`,
//! school names, a name typed where an id or a code belongs) never reaches
//! fap's output, logs or errors; only ids do.

use crate::common::Scratch;

const SECRET: &str = "Alexandra Confidential-Surname";

/// A valid round whose free-text fields all carry the secret, with a pupil who
/// has no option (so warnings are printed) and one preference out of range.
fn scenario_with_secrets(bad: bool) -> String {
    let sex = if bad { SECRET } else { "f" };
    format!(
        r#"{{"format": "fap-scenario/1",
  "meta": {{"name": "Privacy round", "notes": "{SECRET} lives at 1 Secret Road"}},
  "schools": [{{"id": "S1", "name": "{SECRET} Academy", "location": {{"easting": 1000, "northing": 1000}},
               "year_groups": {{"9": {{"pan": 30, "on_roll": 29}}}}}}],
  "pupils": [
    {{"id": "P1", "kind": "fap", "category": "d", "year_group": "9", "sex": "{sex}",
      "home": {{"easting": 1500, "northing": 1000}}}},
    {{"id": "P2", "kind": "in_year", "year_group": "3", "sex": "m",
      "home": {{"easting": 60000, "northing": 1000}}}}]}}"#
    )
}

#[test]
fn free_text_never_appears_in_validate_solve_or_check_output() {
    let sc = Scratch::new();
    let f = sc.write("round.json", scenario_with_secrets(false));
    let plan = sc.path("round.plan.json");
    let runs = [
        sc.fap(["validate".as_ref(), f.as_os_str()]),
        sc.fap([
            "solve".as_ref(),
            f.as_os_str(),
            "-o".as_ref(),
            plan.as_os_str(),
        ]),
        sc.fap(["check".as_ref(), f.as_os_str(), plan.as_os_str()]),
    ];
    for run in &runs {
        run.assert_code(0)
            .assert_lacks(SECRET)
            .assert_lacks("Secret Road");
    }
    // The warning about P2 names the pupil by id only.
    runs[0].assert_contains("pupils[1]");
}

#[test]
fn a_name_typed_into_a_field_is_not_echoed_in_the_error() {
    let sc = Scratch::new();
    let f = sc.write("round.json", scenario_with_secrets(true));
    sc.fap(["validate".as_ref(), f.as_os_str()])
        .assert_code(2)
        .assert_contains("pupils[0].sex")
        .assert_lacks(SECRET);
    sc.fap([
        "solve".as_ref(),
        f.as_os_str(),
        "-o".as_ref(),
        sc.path("x.json").as_os_str(),
    ])
    .assert_code(2)
    .assert_lacks(SECRET);
}

const NOTE: &str = "Jordan Privatename said the family moved to 4 Hidden Lane";

#[test]
fn notes_in_the_decisions_log_never_reach_output_errors_or_summaries() {
    let sc = Scratch::new();
    let round = sc.write(
        "round.json",
        std::fs::read(crate::common::repo("scenarios/secondary-autumn2.json")).unwrap(),
    );
    let plan = sc.path("round.plan.json");
    sc.fap([
        "solve".as_ref(),
        round.as_os_str(),
        "-o".as_ref(),
        plan.as_os_str(),
    ])
    .assert_code(0);
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&plan).unwrap()).unwrap();
    let first = v["proposals"][0]["assignments"][0]["pupil"]
        .as_str()
        .unwrap()
        .to_string();
    let second = v["proposals"][0]["assignments"][1]["pupil"]
        .as_str()
        .unwrap()
        .to_string();
    let log = sc.path("decisions.jsonl");
    let (r, l) = (round.to_str().unwrap(), log.to_str().unwrap());
    let base = ["decide", r, "--log", l, "--date", "2026-11-23"];
    let mut runs = vec![
        sc.fap(
            base.iter()
                .copied()
                .chain(["--pupil", &first, "--defer", "--note", NOTE]),
        ),
        sc.fap(base.iter().copied().chain([
            "--pupil",
            &second,
            "--withdraw",
            "--reason",
            "other",
            "--note",
            NOTE,
        ])),
        // Refused (a second decision for the same pupil): the error must not echo the note.
        sc.fap(
            base.iter()
                .copied()
                .chain(["--pupil", &first, "--defer", "--note", NOTE]),
        ),
    ];
    assert!(
        std::fs::read_to_string(&log).unwrap().contains(NOTE),
        "the note is kept"
    );
    runs[2].assert_code(2);
    let next = sc.path("next.json");
    let md = sc.path("year-end.md");
    runs.extend([
        sc.fap(["verify-log", l]),
        sc.fap(["year-end", l]),
        sc.fap(["year-end", l, "--format", "csv"]),
        sc.fap(["year-end", l, "-o", md.to_str().unwrap()]),
        sc.fap(["ledger", r, "--log", l]),
        sc.fap([
            "next-round",
            r,
            l,
            "--school-days",
            "10",
            "--name",
            "Spring 1",
            "-o",
            next.to_str().unwrap(),
        ]),
    ]);
    // A tampered log: the error names the entry, never its text.
    let tampered = std::fs::read_to_string(&log)
        .unwrap()
        .replacen("Hidden", "Hodden", 1);
    let bad = sc.write("bad.jsonl", tampered);
    runs.push(sc.fap(["verify-log", bad.to_str().unwrap()]));
    runs.push(sc.fap(["year-end", bad.to_str().unwrap()]));
    for run in &runs {
        run.assert_lacks("Privatename")
            .assert_lacks("Hidden Lane")
            .assert_lacks("Hodden");
    }
    for f in [&md, &next] {
        let text = std::fs::read_to_string(f).unwrap();
        assert!(
            !text.contains("Privatename"),
            "{} holds the note",
            f.display()
        );
    }
    runs[runs.len() - 1]
        .assert_code(2)
        .assert_contains("entry 1");
}
