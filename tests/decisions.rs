//! The decisions log and rolling forward (ROUNDS.md).
//!
//! Tamper tests change every byte of a log in turn, drop and swap entries, and
//! expect `read` to name the entry; every refused decision names its rule; the
//! roll-forward property solves the next round and the original with the
//! decided pupils pinned and expects the same placements of everyone else.

use crate::model_support::hand::{ap, fap as fap_pupil, in_year, school, with};
use crate::model_support::{close, gen, load, solve_default};
use fap::decisions::{agree, decide, read, Kind, Log, Meeting, Reason, Request, Wanted};
use fap::model::options::{cost_terms, unplaced_own_cost};
use fap::model::{evaluate, Assignment};
use fap::rollforward::{roll_forward, Settings};
use fap::scenario::wire::WireScenario;
use fap::scenario::{CapMode, Scenario, Target};
use serde_json::json;

/// S1 (Year 7: 1 free place), S2 (Year 7: 2 free), S3 full; AP1 with 1 place.
fn meeting_json() -> serde_json::Value {
    json!({"format": "fap-scenario/1", "meta": {"name": "Autumn 2"},
        "policy": {"route_factor": 1.0, "max_above_pan": 1},
        "schools": [school("S1", 1.0, &[("7", 30, 29)]), school("S2", 2.0, &[("7", 30, 28)]),
                    school("S3", 3.0, &[("7", 30, 30)])],
        "ap_providers": [ap("AP1", 2.0, 1, ["7", "11"])],
        "pupils": [fap_pupil("P1", "7"), fap_pupil("P2", "7"), in_year("P3", "7"), in_year("P4", "7"),
                   with(fap_pupil("P5", "7"), json!({"excluded_from": ["S2"]})),
                   with(fap_pupil("P6", "7"), json!({"route": "ap", "days_out_of_education": 10})),
                   with(fap_pupil("P7", "7"), json!({"route": "either"}))]})
}

fn scenario(v: &serde_json::Value) -> (Scenario, WireScenario) {
    let text = serde_json::to_string(v).unwrap();
    (load(&text), serde_json::from_str(&text).unwrap())
}

fn req(pupil: &str, wanted: Wanted) -> Request {
    Request {
        note: Some("Named Person said so".into()),
        ..Request::new(pupil, wanted)
    }
}

fn place(pupil: &str, at: &str) -> Request {
    req(pupil, Wanted::Place(at.into()))
}

/// A log of five decisions, as bytes.
fn five_entry_log(sc: &Scenario, wire: &WireScenario) -> (Log, Vec<u8>) {
    let m = Meeting {
        sc,
        wire,
        date: "2026-11-12",
    };
    let mut log = Log::default();
    let mut bytes = Vec::new();
    for r in [
        place("P1", "S1"),
        place("P2", "S2"),
        req("P3", Wanted::Defer),
        req("P4", Wanted::Withdraw),
        place("P6", "AP1"),
    ] {
        let e = decide(&log, m, &r).unwrap_or_else(|e| panic!("{}: {e}", r.pupil));
        bytes.extend(log.push(e).into_bytes());
        bytes.push(b'\n');
    }
    (log, bytes)
}

fn lines(bytes: &[u8]) -> Vec<Vec<u8>> {
    bytes
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .map(<[u8]>::to_vec)
        .collect()
}

fn join(lines: &[Vec<u8>]) -> Vec<u8> {
    lines
        .iter()
        .flat_map(|l| l.iter().copied().chain([b'\n']))
        .collect()
}

#[test]
fn a_written_log_reads_back_with_its_head() {
    let (sc, wire) = scenario(&meeting_json());
    let (log, bytes) = five_entry_log(&sc, &wire);
    let back = read(&bytes).expect("verifies");
    assert_eq!(back, log);
    assert_eq!(back.entries.len(), 5);
    assert_eq!(
        back.entries[0].record.as_ref().map(|r| r.id.as_str()),
        Some("P1")
    );
}

#[test]
fn every_changed_byte_names_its_entry() {
    let (sc, wire) = scenario(&meeting_json());
    let (_, bytes) = five_entry_log(&sc, &wire);
    for at in 0..bytes.len() {
        let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
        for new in [bytes[at] ^ 0x01, b' ', b'0'] {
            if new == bytes[at] {
                continue;
            }
            let mut t = bytes.clone();
            t[at] = new;
            let err = read(&t).expect_err("a changed byte must not verify");
            assert_eq!(err.entry, line.min(5), "byte {at} set to {new}: {err}");
        }
    }
}

#[test]
fn a_dropped_or_moved_entry_names_where_the_chain_breaks() {
    let (sc, wire) = scenario(&meeting_json());
    let (log, bytes) = five_entry_log(&sc, &wire);
    let ls = lines(&bytes);
    for k in 0..4 {
        let mut dropped = ls.clone();
        dropped.remove(k);
        assert_eq!(
            read(&join(&dropped)).unwrap_err().entry,
            k + 1,
            "drop {}",
            k + 1
        );
        let mut swapped = ls.clone();
        swapped.swap(k, k + 1);
        assert_eq!(
            read(&join(&swapped)).unwrap_err().entry,
            k + 1,
            "swap {}",
            k + 1
        );
    }
    // The last entry dropped still verifies: only the head written in the minutes shows it.
    let shorter = read(&join(&ls[..4])).expect("a prefix verifies");
    assert_ne!(shorter.head, log.head);
}

#[test]
fn free_text_never_appears_in_errors() {
    let (sc, wire) = scenario(&meeting_json());
    let (_, bytes) = five_entry_log(&sc, &wire);
    let text = String::from_utf8(bytes.clone()).unwrap();
    let at = text.find("Named Person").unwrap();
    let mut t = bytes.clone();
    t[at] = b'X';
    let err = read(&t).unwrap_err().to_string();
    assert!(!err.contains("amed Person"), "{err}");
}

/// One refused decision: its code, and words naming the rule.
fn refused(sc: &Scenario, wire: &WireScenario, log: &Log, r: &Request) -> fap::decisions::Refusal {
    let m = Meeting {
        sc,
        wire,
        date: "2026-11-12",
    };
    decide(log, m, r).expect_err("must be refused")
}

#[test]
fn every_refused_decision_names_its_rule() {
    let (sc, wire) = scenario(&meeting_json());
    let m = Meeting {
        sc: &sc,
        wire: &wire,
        date: "2026-11-12",
    };
    let mut log = Log::default();
    for r in [place("P1", "S1"), place("P6", "AP1"), place("P3", "S2")] {
        log.push(decide(&log, m, &r).unwrap());
    }
    let cases: Vec<(Request, &str, &str)> = vec![
        (
            place("P5", "S2"),
            "not-an-option",
            "excluded from it (rule 3)",
        ),
        (place("P4", "S3"), "not-an-option", "rule 7"),
        (place("P7", "AP1"), "ap-full", "no place left"),
        (place("P4", "S1"), "in-year-above-pan", "constraint 3"),
        (req("P1", Wanted::Defer), "already-decided", "correction"),
        (place("P9", "S1"), "unknown-pupil", "not a pupil"),
        (place("P2", "S9"), "unknown-place", "not a school or AP"),
        (
            req("P2", Wanted::Return(3.0)),
            "already-in-round",
            "already a pupil",
        ),
        (
            req("P8", Wanted::Return(3.0)),
            "never-placed",
            "no placement",
        ),
        (
            req("P2", Wanted::Correct(1, Box::new(Wanted::Defer))),
            "no-such-entry",
            "entry 1",
        ),
    ];
    for (r, code, words) in cases {
        let e = refused(&sc, &wire, &log, &r);
        assert_eq!(e.code, code, "{}: {e}", r.pupil);
        assert!(e.to_string().contains(words), "{}: {e}", r.pupil);
        assert!(!e.to_string().contains("Named"), "{e}");
    }
    // S1 holds one free place + 1 above PAN: a third FAP pupil there is over capacity.
    log.push(decide(&log, m, &place("P2", "S1")).unwrap());
    let e = refused(&sc, &wire, &log, &place("P5", "S1"));
    assert_eq!((e.code, e.overridable), ("over-capacity", true), "{e}");
    assert!(e.to_string().contains("constraint 2"));
}

#[test]
fn an_override_needs_a_reason_and_records_the_rule() {
    let (sc, wire) = scenario(&meeting_json());
    let m = Meeting {
        sc: &sc,
        wire: &wire,
        date: "2026-11-12",
    };
    let log = Log::default();
    let mut r = place("P5", "S2");
    r.override_rule = true;
    assert_eq!(refused(&sc, &wire, &log, &r).code, "reason-needed");
    r.reason = Some(Reason::Safeguarding);
    let e = decide(&log, m, &r).expect("a directed admission");
    assert_eq!(e.r#override.as_deref(), Some("not-an-option"));
}

#[test]
fn hard_cap_refusal_names_constraint_5() {
    let mut v = meeting_json();
    v["policy"]["fap_cap"] = json!({"mode": "hard"});
    v["schools"][1]["fap_this_year"] = json!({"7": 1});
    let (sc, wire) = scenario(&v);
    assert_eq!(sc.policy.fap_cap_mode, CapMode::Hard);
    let e = refused(&sc, &wire, &Log::default(), &place("P1", "S2"));
    assert_eq!(e.code, "hard-cap", "{e}");
    assert!(e.to_string().contains("constraint 5"));
}

#[test]
fn rolling_forward_applies_each_decision_of_rounds_md() {
    let (sc, wire) = scenario(&meeting_json());
    let (mut log, _) = five_entry_log(&sc, &wire);
    let m = Meeting {
        sc: &sc,
        wire: &wire,
        date: "2026-11-12",
    };
    // P2 was placed at S2 by mistake: corrected to S1.
    let mut fix = req(
        "P2",
        Wanted::Correct(2, Box::new(Wanted::Place("S1".into()))),
    );
    fix.reason = Some(Reason::RecordingError);
    log.push(decide(&log, m, &fix).expect("correction"));
    let s = Settings {
        school_days: 15.0,
        name: Some("Spring 1".into()),
    };
    let next = roll_forward(&wire, &log, &s).expect("rolls");
    let ids: Vec<&str> = next.pupils.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, ["P3", "P5", "P7"]);
    assert_eq!(next.pupils[0].days_out_of_education, Some(15.0));
    assert_eq!(next.schools[0].year_groups["7"].on_roll, 31);
    assert_eq!(next.schools[0].fap_this_year.as_ref().unwrap()["7"], 2);
    assert_eq!(
        next.schools[1].year_groups["7"].on_roll, 28,
        "the corrected entry no longer counts"
    );
    assert_eq!(next.ap_providers[0].places, 0);
    assert_eq!(next.meta["name"], "Spring 1");
    load(&serde_json::to_string(&next).unwrap());
    // Next round: P6's AP placement breaks down; P6 comes back with its record and 12 days.
    let (sc2, wire2) = scenario(&serde_json::to_value(&next).unwrap());
    let m2 = Meeting {
        sc: &sc2,
        wire: &wire2,
        date: "2027-01-10",
    };
    log.push(decide(&log, m2, &req("P6", Wanted::Return(12.0))).expect("returned"));
    let third = roll_forward(&wire2, &log, &Settings::default()).expect("rolls");
    let back = third
        .pupils
        .iter()
        .find(|p| p.id == "P6")
        .expect("P6 is back");
    assert_eq!(back.days_out_of_education, Some(12.0));
    assert_eq!(back.route.as_deref(), Some("ap"));
    assert_eq!(
        third.ap_providers[0].places, 0,
        "the earlier placement stays in the ledger"
    );
}

/// MODEL's own cost of one placement (the objectives differ by these).
fn own_cost(sc: &Scenario, p: usize, place: Option<Target>) -> f64 {
    let pupil = &sc.pupils[p];
    match place {
        Some(t) => cost_terms(sc, pupil, t, sc.distance(pupil, t)).own(),
        None => unplaced_own_cost(sc, pupil),
    }
}

/// Decided: placed pupils of load 1 at a school year group
/// within its free places and a phase within the cap; one undecided FAP pupil is
/// left per phase (so that the fair-share terms stay).
fn decided(sc: &Scenario, a: &Assignment) -> Vec<usize> {
    use fap::model::options::remaining;
    let at = |i: usize| {
        a[i].and_then(|t| match t {
            Target::School(s) => Some(s),
            Target::Ap(_) => None,
        })
    };
    let within = |i: usize| {
        let p = &sc.pupils[i];
        // A FAP pupil at AP leaves the fair-share total T_g without raising any ledger.
        let Some(s) = at(i) else { return false };
        let year = (0..a.len())
            .filter(|&j| at(j) == Some(s) && sc.pupils[j].year == p.year)
            .count();
        let g = p.year.phase();
        let fap = (0..a.len())
            .filter(|&j| {
                at(j) == Some(s) && sc.pupils[j].is_fap() && sc.pupils[j].year.phase() == g
            })
            .count();
        year as u32 <= sc.schools[s as usize].free(p.year)
            && remaining(sc, s, g).is_none_or(|r| fap as u32 <= r)
    };
    let mut kept_fap = [false; 2];
    (0..sc.pupils.len())
        .filter(|&i| {
            let p = &sc.pupils[i];
            let g = p.year.phase().index();
            if p.is_fap() && !kept_fap[g] {
                kept_fap[g] = true;
                return false;
            }
            a[i].is_some() && p.load_weight == 1.0 && within(i)
        })
        .collect()
}

#[test]
fn next_round_places_the_rest_as_the_original_with_the_decided_pinned() {
    let mut tried = 0;
    for spec in gen::sample(gen::tiny(), 120) {
        let case = spec.case();
        let (sc, wire): (Scenario, WireScenario) =
            (case.sc.clone(), serde_json::from_str(&case.json).unwrap());
        let a = solve_default(&sc).assignment;
        let chosen = decided(&sc, &a);
        if chosen.is_empty() {
            continue;
        }
        tried += 1;
        let ids: Vec<String> = chosen.iter().map(|&i| sc.pupils[i].id.clone()).collect();
        let plan = model_support_plan(&sc, &a);
        let mut log = Log::default();
        let m = Meeting {
            sc: &sc,
            wire: &wire,
            date: "2026-11-12",
        };
        agree(&mut log, m, &plan, "0", 1, Some(&ids))
            .unwrap_or_else(|(p, r)| panic!("{p}: {r}\n{}", case.json));
        assert!(log.entries.iter().all(|e| e.decision == Kind::Placed));
        let next = roll_forward(&wire, &log, &Settings::default()).expect("rolls");
        let next_sc = load(&serde_json::to_string(&next).unwrap());
        let rolled = solve_default(&next_sc);
        let mut pinned = sc.clone();
        for &i in &chosen {
            pinned.pupils[i].pinned = a[i];
        }
        let whole = solve_default(&pinned);
        let own: f64 = chosen.iter().map(|&i| own_cost(&sc, i, a[i])).sum();
        assert!(
            close(whole.objective - own, rolled.objective),
            "{} - {own} vs {}\n{}",
            whole.objective,
            rolled.objective,
            case.json
        );
        // The next round's placements, with the decided pupils back, are optimal for the original.
        let mut merged = a.clone();
        let mut k = 0;
        for (i, m) in merged.iter_mut().enumerate() {
            if !chosen.contains(&i) {
                let p = &next_sc.pupils[k];
                *m =
                    rolled.assignment[k].map(|t| pinned.find_target(next_sc.target_id(t)).unwrap());
                assert_eq!(p.id, sc.pupils[i].id);
                k += 1;
            }
        }
        assert!(
            close(evaluate(&pinned, &merged).total(), whole.objective),
            "{}",
            case.json
        );
    }
    assert!(tried >= 20, "only {tried} scenarios had decided pupils");
}

/// Proposal 1 = `a`, as `fap solve` writes it.
fn model_support_plan(sc: &Scenario, a: &Assignment) -> fap::plan::Plan {
    let solved = fap::solve::Solved {
        status: fap::solve::Status::Optimal,
        assignment: a.clone(),
        objective: evaluate(sc, a).total(),
        mip_gap: 0.0,
    };
    let ranked = fap::proposals::Ranked {
        proposals: vec![solved],
        stopped: None,
    };
    let record = fap::plan::SolveOptionsRecord {
        proposals: 1,
        min_diff: 1,
        time_limit_s: None,
        mip_rel_gap: 0.0,
        options_per_pupil: 0,
    };
    let generator = fap::plan::generator("test".into(), record, None);
    fap::proposals::plan::make(sc, "0".repeat(64), &ranked, generator)
}
