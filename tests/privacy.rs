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
