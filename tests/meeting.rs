//! The meeting's library pieces: edits (every change type applied and
//! validated, every refusal naming its rule), the ledger ("whose turn") and
//! the year-end figures, against small cases computed by hand.

use crate::model_support::hand::{ap, fap as fap_pupil, in_year, school, with};
use fap::decisions::{decide, Log, Meeting, Proposed, Reason, Request, Wanted};
use fap::edit::{apply, apply_bytes, Change, EditError};
use fap::ledger::year_end::year_end;
use fap::ledger::{after_decisions, ledger};
use fap::scenario::{Target, YearGroup};
use fap::validate::written::{self, Written};
use serde_json::json;

/// S1 (Year 7: 1 free, Year 8), S2 (Year 7: 2 free), SB a boys' school, AP1 (1 place).
fn round() -> Written {
    let v = json!({"format": "fap-scenario/1", "meta": {"name": "Autumn 2"},
        "policy": {"route_factor": 1.0, "max_above_pan": 1},
        "schools": [with(school("S1", 1.0, &[("7", 30, 29), ("8", 30, 30)]), json!({"name": "Bow Road Academy"})),
                    school("S2", 2.0, &[("7", 30, 28)]),
                    with(school("SB", 1.5, &[("7", 30, 20)]), json!({"sex": "boys"}))],
        "ap_providers": [ap("AP1", 2.0, 1, ["7", "11"])],
        "pupils": [with(fap_pupil("P1", "7"), json!({"route": "either"})),
                   with(fap_pupil("P2", "7"), json!({"route": "either"})),
                   in_year("P3", "7"), in_year("P4", "7"),
                   with(fap_pupil("P5", "7"), json!({"pinned": "S2"}))]});
    written::load(&serde_json::to_vec(&v).unwrap(), None).expect("valid")
}

fn pin(p: &str, at: &str) -> Change {
    Change::Pin {
        pupil: p.into(),
        place: at.into(),
    }
}

fn pupil<'a>(w: &'a Written, id: &str) -> &'a fap::scenario::Pupil {
    w.scenario
        .pupils
        .iter()
        .find(|p| p.id == id)
        .unwrap_or_else(|| panic!("no pupil {id}"))
}

/// A change and what must hold of the scenario after it.
type Case = (Change, Box<dyn Fn(&Written)>);

#[test]
fn every_change_type_round_trips_as_json_and_gives_a_valid_scenario() {
    let before = round();
    let s1 = Target::School(0);
    let cases: Vec<Case> = vec![
        (
            pin("P1", "S1"),
            Box::new(move |w| assert_eq!(pupil(w, "P1").pinned, Some(s1))),
        ),
        (
            Change::Unpin { pupil: "P5".into() },
            Box::new(|w| assert_eq!(pupil(w, "P5").pinned, None)),
        ),
        (
            Change::Avoid {
                pupil: "P2".into(),
                place: "S1".into(),
            },
            Box::new(move |w| assert_eq!(pupil(w, "P2").avoid, vec![s1])),
        ),
        (
            Change::Withdraw { pupil: "P3".into() },
            Box::new(|w| {
                assert_eq!(w.scenario.pupils.len(), 4);
                assert!(w.scenario.pupils.iter().all(|p| p.id != "P3"));
            }),
        ),
        (
            Change::AddPlace {
                place: "S1".into(),
                year: Some("Y7".into()),
            },
            Box::new(|w| {
                let y = w.scenario.schools[0].years[7].unwrap();
                assert_eq!((y.pan, y.on_roll, y.free()), (30, 28, 2));
            }),
        ),
        (
            Change::AddPlace {
                place: "S1".into(),
                year: Some("8".into()),
            },
            Box::new(|w| assert_eq!(w.scenario.schools[0].free(YearGroup(8)), 1)),
        ),
        (
            Change::RemovePlace {
                place: "S2".into(),
                year: Some("7".into()),
            },
            Box::new(|w| {
                let y = w.scenario.schools[1].years[7].unwrap();
                assert_eq!((y.pan, y.on_roll), (30, 29));
            }),
        ),
        (
            Change::AddPlace {
                place: "AP1".into(),
                year: None,
            },
            Box::new(|w| assert_eq!(w.scenario.aps[0].places, 2)),
        ),
        (
            Change::RemovePlace {
                place: "AP1".into(),
                year: None,
            },
            Box::new(|w| assert_eq!(w.scenario.aps[0].places, 0)),
        ),
        (
            Change::AddAbovePan,
            Box::new(|w| assert_eq!(w.scenario.policy.max_above_pan, 2)),
        ),
        (
            Change::RemoveAbovePan,
            Box::new(|w| assert_eq!(w.scenario.policy.max_above_pan, 0)),
        ),
    ];
    for (change, effect) in cases {
        let json = serde_json::to_string(&change).unwrap();
        let back: Change = serde_json::from_str(&json).unwrap();
        assert_eq!(back, change, "{json}");
        let edited = apply(&before, &[back], None).unwrap_or_else(|e| panic!("{json}: {e}"));
        effect(&edited.written);
        // What is written reads back as the same valid scenario.
        let again = written::load(&edited.bytes, None).expect("the written bytes validate");
        assert_eq!(again.scenario, edited.written.scenario, "{json}");
    }
}

#[test]
fn unavoid_lifts_a_ruling_out_and_the_rest_of_the_file_is_kept() {
    let before = round();
    let avoided = apply(
        &before,
        &[Change::Avoid {
            pupil: "P2".into(),
            place: "S2".into(),
        }],
        None,
    )
    .unwrap();
    let lifted = apply(
        &avoided.written,
        &[Change::Unavoid {
            pupil: "P2".into(),
            place: "S2".into(),
        }],
        None,
    )
    .unwrap();
    assert_eq!(lifted.written.wire, before.wire);
}

#[test]
fn the_serve_json_shape_is_read() {
    let c: Change =
        serde_json::from_str(r#"{"kind": "pin", "pupil": "P1", "place": "S1"}"#).unwrap();
    assert_eq!(c, pin("P1", "S1"));
    let c: Change =
        serde_json::from_str(r#"{"kind": "add_place", "place": "S1", "year": "7"}"#).unwrap();
    assert_eq!(
        c,
        Change::AddPlace {
            place: "S1".into(),
            year: Some("7".into())
        }
    );
    assert!(
        serde_json::from_str::<Change>(r#"{"kind": "pin", "pupil": "P1", "plaice": "S1"}"#)
            .is_err()
    );
    assert!(serde_json::from_str::<Change>(r#"{"kind": "teleport", "pupil": "P1"}"#).is_err());
}

#[test]
fn every_refusal_names_its_rule_and_the_change() {
    let before = round();
    let cases: Vec<(Vec<Change>, usize, &str, &str)> = vec![
        (vec![pin("P9", "S1")], 1, "unknown-pupil", "P9"),
        (vec![pin("P1", "S9")], 1, "unknown-place", "S9"),
        (
            vec![pin("P1", "SB")],
            1,
            "pinned-not-option",
            "single-sex school of the other sex",
        ),
        (
            vec![pin("P3", "S1"), pin("P4", "S1")],
            2,
            "pinned-overfill",
            "in-year",
        ),
        (
            vec![pin("P1", "S1"), pin("P2", "S1"), pin("P3", "S1")],
            3,
            "pinned-overfill",
            "room for 2",
        ),
        (
            vec![Change::Avoid {
                pupil: "P5".into(),
                place: "S2".into(),
            }],
            1,
            "pinned-there",
            "unpin",
        ),
        (
            vec![
                Change::Avoid {
                    pupil: "P1".into(),
                    place: "S1".into(),
                },
                pin("P1", "S1"),
            ],
            2,
            "pinned-not-option",
            "ruled it out",
        ),
        (
            vec![Change::Unpin { pupil: "P1".into() }],
            1,
            "no-change",
            "not pinned",
        ),
        (vec![pin("P5", "S2")], 1, "no-change", "already pinned"),
        (
            vec![Change::Unavoid {
                pupil: "P1".into(),
                place: "S1".into(),
            }],
            1,
            "no-change",
            "not ruled out",
        ),
        (
            vec![Change::RemovePlace {
                place: "S1".into(),
                year: Some("8".into()),
            }],
            1,
            "no-free-place",
            "no free place",
        ),
        (
            vec![Change::AddPlace {
                place: "S2".into(),
                year: Some("9".into()),
            }],
            1,
            "not-taught",
            "does not teach Year 9",
        ),
        (
            vec![Change::AddPlace {
                place: "S2".into(),
                year: Some("13".into()),
            }],
            1,
            "year-group",
            "not a year group",
        ),
        (
            vec![Change::AddPlace {
                place: "S2".into(),
                year: None,
            }],
            1,
            "year-group",
            "which year group",
        ),
        (
            vec![Change::AddPlace {
                place: "AP1".into(),
                year: Some("7".into()),
            }],
            1,
            "year-group",
            "AP provider",
        ),
        (
            vec![Change::RemoveAbovePan, Change::RemoveAbovePan],
            2,
            "no-above-pan",
            "above PAN",
        ),
        (
            vec![pin("P1", "AP1"), pin("P2", "AP1")],
            2,
            "pinned-overfill",
            "AP provider",
        ),
        (
            vec![
                pin("P1", "AP1"),
                Change::RemovePlace {
                    place: "AP1".into(),
                    year: None,
                },
            ],
            2,
            "pinned-not-option",
            "no places this round",
        ),
        (
            vec![
                Change::Withdraw { pupil: "P3".into() },
                Change::Withdraw { pupil: "P3".into() },
            ],
            2,
            "unknown-pupil",
            "P3",
        ),
    ];
    for (changes, at, rule, words) in cases {
        let e = apply(&before, &changes, None).expect_err(&format!("{changes:?} must be refused"));
        assert_eq!((e.change, e.rule.as_str()), (at, rule), "{changes:?}: {e}");
        assert!(
            e.to_string().contains(words),
            "{changes:?}: {e} should say {words:?}"
        );
        assert!(e.to_string().contains(rule), "{e}");
        assert!(!e.what.is_empty(), "{e}");
    }
}

#[test]
fn a_refused_pin_names_the_child_and_the_rule_in_words() {
    let e = apply(&round(), &[pin("P1", "SB")], None).unwrap_err();
    assert!(e.message.starts_with("P1: "), "{e}");
    assert!(e.message.contains("rule 2"), "{e}");
}

#[test]
fn changes_in_order_can_make_room_first() {
    // P3, P4 in-year at S1 Year 7 (1 free place): one more place first, then both pins.
    let before = round();
    let add = Change::AddPlace {
        place: "S1".into(),
        year: Some("7".into()),
    };
    let ok = apply(
        &before,
        &[add.clone(), pin("P3", "S1"), pin("P4", "S1")],
        None,
    );
    assert!(ok.is_ok(), "{:?}", ok.err());
    let late = apply(&before, &[pin("P3", "S1"), pin("P4", "S1"), add], None);
    assert!(
        late.is_ok(),
        "the result is what is validated: {:?}",
        late.err()
    );
}

#[test]
fn bytes_of_an_invalid_scenario_give_every_error() {
    let e = apply_bytes(br#"{"format": "fap-scenario/1"}"#, &[], None).unwrap_err();
    assert!(
        matches!(&e, EditError::Invalid(issues) if !issues.is_empty()),
        "{e}"
    );
}

/// Secondary: S1 (PAN 30, 1 admitted in Year 7), S2 (PAN 60), S3 (PAN 30, exempt);
/// one FAP pupil waiting.
fn ledger_round(mode: &str) -> Written {
    let v = json!({"format": "fap-scenario/1", "meta": {"name": "Spring 1"},
        "policy": {"route_factor": 1.0, "fap_cap": {"mode": mode, "per_30_pan": 1.0}},
        "schools": [with(school("S1", 1.0, &[("7", 30, 20), ("8", 30, 20)]), json!({"fap_this_year": {"7": 1}})),
                    school("S2", 2.0, &[("7", 60, 50)]),
                    with(school("S3", 1.0, &[("7", 30, 20)]), json!({"accepts_fap": false}))],
        "pupils": [fap_pupil("P1", "7")]});
    written::load(&serde_json::to_vec(&v).unwrap(), None).expect("valid")
}

#[test]
fn whose_turn_goes_to_the_school_furthest_below_its_share() {
    let l = ledger(&ledger_round("soft").scenario);
    assert_eq!(l.phases.len(), 1);
    let p = &l.phases[0];
    assert_eq!((p.phase, p.waiting, p.admitted), ("secondary", 1, 1));
    assert_eq!(p.years, vec!["7", "8"]);
    // T = 1 admitted + 1 waiting = 2; shares 2·30/90 and 2·60/90.
    let ids: Vec<&str> = p.schools.iter().map(|t| t.school.as_str()).collect();
    assert_eq!(ids, ["S2", "S1", "S3"]);
    let (s2, s1, s3) = (&p.schools[0], &p.schools[1], &p.schools[2]);
    assert_eq!((s2.turn, s1.turn, s3.turn), (Some(1), Some(2), None));
    assert!((s1.share.unwrap() - 2.0 / 3.0).abs() < 1e-12);
    assert!((s2.share.unwrap() - 4.0 / 3.0).abs() < 1e-12);
    assert!((s1.ratio.unwrap() - 1.5).abs() < 1e-12);
    assert_eq!(s2.ratio, Some(0.0));
    assert_eq!(
        (s1.cap, s1.left_under_cap, s2.cap, s2.left_under_cap),
        (Some(1), Some(0), Some(2), Some(2))
    );
    assert_eq!(s1.by_year, vec![Some(1), Some(0)]);
    assert_eq!(s2.by_year, vec![Some(0), None]);
    assert_eq!(s3.no_turn.as_deref(), Some("exempt from FAP this year"));
    assert_eq!(s3.share, None);
}

#[test]
fn a_school_at_its_hard_cap_takes_no_turn() {
    let l = ledger(&ledger_round("hard").scenario);
    let s1 = l.phases[0]
        .schools
        .iter()
        .find(|t| t.school == "S1")
        .unwrap();
    assert_eq!((s1.turn, s1.no_turn.as_deref()), (None, Some("at its cap")));
}

fn meeting<'a>(w: &'a Written) -> Meeting<'a> {
    Meeting {
        sc: &w.scenario,
        wire: &w.wire,
        date: "2027-01-20",
    }
}

#[test]
fn the_ledger_after_the_meeting_counts_its_placements() {
    let w = ledger_round("soft");
    let mut log = Log::default();
    let e = decide(
        &log,
        meeting(&w),
        &Request::new("P1", Wanted::Place("S2".into())),
    )
    .unwrap();
    log.push(e);
    let l = after_decisions(&w, &log).unwrap();
    let p = &l.phases[0];
    assert_eq!((p.waiting, p.admitted), (0, 2));
    let s2 = p.schools.iter().find(|t| t.school == "S2").unwrap();
    // T = 2 admitted, nobody waiting: S2's share 2·60/90, ratio 1 ÷ (4/3).
    assert!((s2.ratio.unwrap() - 0.75).abs() < 1e-12, "{s2:?}");
    assert_eq!(s2.turn, Some(1));
}

#[test]
fn year_end_figures_by_hand() {
    let v = json!({"format": "fap-scenario/1", "meta": {"name": "Autumn 2"}, "policy": {"route_factor": 1.0},
        "schools": [school("S1", 1.0, &[("7", 30, 20), ("10", 30, 20)]), school("S2", 2.0, &[("7", 30, 20)])],
        "pupils": [with(fap_pupil("P1", "7"), json!({"days_out_of_education": 10})),
                   with(fap_pupil("P2", "10"), json!({"days_out_of_education": 30, "category": "j"})),
                   with(in_year("P3", "7"), json!({"days_out_of_education": 20})),
                   fap_pupil("P4", "7")]});
    let w = written::load(&serde_json::to_vec(&v).unwrap(), None).unwrap();
    let proposed = |at: &str| {
        Some(Proposed {
            place: Some(at.into()),
            plan_sha256: "0".repeat(64),
            proposal: 1,
        })
    };
    let mut log = Log::default();
    let mut push = |r: Request| {
        let e = decide(&log, meeting(&w), &r).unwrap_or_else(|e| panic!("{}: {e}", r.pupil));
        log.push(e);
    };
    push(Request {
        proposed: proposed("S1"),
        ..Request::new("P1", Wanted::Place("S1".into()))
    });
    push(Request {
        proposed: proposed("S2"),
        reason: Some(Reason::Travel),
        ..Request::new("P2", Wanted::Place("S1".into()))
    });
    push(Request::new("P3", Wanted::Place("S2".into())));
    push(Request {
        proposed: proposed("S2"),
        reason: Some(Reason::ParentalPreference),
        ..Request::new("P4", Wanted::Defer)
    });
    let y = year_end(&[log]).unwrap();
    assert_eq!(y.rounds, vec!["Autumn 2"]);
    assert_eq!(y.decisions.get("placed"), Some(&3));
    assert_eq!(y.decisions.get("deferred"), Some(&1));
    let placed: Vec<(&str, &str, &str, u32)> = y
        .placed
        .iter()
        .map(|p| {
            (
                p.place.as_str(),
                p.year.as_str(),
                p.category.as_str(),
                p.pupils,
            )
        })
        .collect();
    assert_eq!(
        placed,
        [
            ("S1", "7", "d", 1),
            ("S1", "10", "j", 1),
            ("S2", "7", "in-year", 1)
        ]
    );
    assert_eq!(y.differed.get("travel"), Some(&1));
    assert_eq!(y.differed.get("parental_preference"), Some(&1));
    assert_eq!(y.differed.len(), 2);
    assert_eq!((y.days.placements, y.days.within_aim), (3, 2));
    assert!((y.days.mean - 20.0).abs() < 1e-12 && (y.days.max - 30.0).abs() < 1e-12);
}
