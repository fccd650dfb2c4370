//! The load cuts of the column generation (`model/build/load_cut.rs`): they
//! raise the LP bound where a weight-2 pupil is split, and they cut off no
//! plan of random small rounds.

use super::colgen;
use super::separate::CUT_ROUNDS;
use super::tests::{exact, random_scenario};
use crate::model::build::{Extras, Rows};
use crate::model::options::FairShares;
use crate::model::Options;
use crate::scenario::{PupilIdx, Scenario, Target};
use crate::validate::load_bytes;
use serde_json::json;

/// Two schools, no cap; Q1 can go only to A, Q2 only to B, P (load weight 2)
/// to either. Shares are 2 each (load 4, equal PANs), so P at either school
/// puts its load at 3, one over its share; half of P at each puts both at 2.
fn split_round() -> Scenario {
    round(&[], &[])
}

/// [`split_round`] with more schools (id, easting) and FAP pupils (id,
/// easting, load weight, excluded from).
fn round(schools: &[(&str, u32)], pupils: &[(&str, u32, f64, &[&str])]) -> Scenario {
    let school = |&(id, e): &(&str, u32)| {
        json!({"id": id, "location": {"easting": e, "northing": 400000},
               "year_groups": {"3": {"pan": 30, "on_roll": 0}}, "ofsted": "good"})
    };
    let pupil = |&(id, e, weight, excluded): &(&str, u32, f64, &[&str])| {
        json!({"id": id, "kind": "fap", "category": "d", "year_group": "3", "sex": "f",
               "home": {"easting": e, "northing": 400000}, "load_weight": weight,
               "excluded_from": excluded})
    };
    let split_schools = [("A", 400000), ("B", 402000)];
    let split_pupils: [(&str, u32, f64, &[&str]); 3] = [
        ("Q1", 400000, 1.0, &["B"]),
        ("Q2", 402000, 1.0, &["A"]),
        ("P", 401000, 2.0, &[]),
    ];
    let v = json!({
        "format": "fap-scenario/1", "meta": {"name": "split"},
        "policy": {"fap_cap": {"mode": "off"}},
        "schools": split_schools.iter().chain(schools).map(school).collect::<Vec<_>>(),
        "pupils": split_pupils.iter().chain(pupils).map(pupil).collect::<Vec<_>>(),
    });
    load_bytes(v.to_string().as_bytes())
        .scenario
        .expect("a valid scenario")
}

/// The LP bound after `cut_rounds` rounds of cuts, and the school-phases of
/// the cuts separated.
fn lp_bound(sc: &Scenario, cut_rounds: usize) -> (f64, Vec<usize>) {
    let opts = Options::generate(sc);
    let shares = FairShares::compute(sc);
    let pupils: Vec<PupilIdx> = (0..sc.pupils.len() as u32).collect();
    let extras = Extras::default();
    let mut rows = Rows::new(sc, &opts, &shares, &pupils, &extras).expect("no extras");
    let lp = colgen::solve(&mut rows, &exact(), None, 1, cut_rounds);
    let bound = lp.expect("solved").expect("no time limit").bound;
    (bound, rows.load_cut_places())
}

fn optimum(sc: &Scenario) -> f64 {
    let opts = Options::generate(sc);
    (super::solve(sc, &opts, &Extras::default(), &exact(), None))
        .expect("a plan")
        .objective
}

#[test]
fn load_cuts_raise_the_bound_where_a_weight_2_pupil_is_split() {
    let sc = split_round();
    let ((without, _), (with, _)) = (lp_bound(&sc, 0), lp_bound(&sc, CUT_ROUNDS));
    let optimum = optimum(&sc);
    // P whole at one school puts it one over its share, at w.over_fair_share
    // 6: the cuts close exactly that gap, and the bound stays a bound.
    assert!(
        with > without + 6.0 - 1e-6,
        "without {without}, with {with}"
    );
    assert!(with <= optimum + 1e-6, "{with} > {optimum}");
}

/// The cuts' proof needs every FAP candidate of the school to weigh 1 or 2.
/// R (load weight ½) may go to A but sits at C, nearer home, in the LP: A
/// gets no cut (a guard reading only the LP's pupils would cut there), B,
/// where R may not go, still does, and the optimum is kept.
#[test]
fn no_load_cut_where_a_pupil_of_another_weight_may_go() {
    let sc = round(&[("C", 403000)], &[("R", 403000, 0.5, &["B"])]);
    let (bound, places) = lp_bound(&sc, CUT_ROUNDS);
    let (a, b) = (0, 2); // school · 2 + phase (primary)
    assert!(!places.contains(&a), "a cut at A: {places:?}");
    assert!(places.contains(&b), "no cut at B: {places:?}");
    let optimum = optimum(&sc);
    assert!(bound <= optimum + 1e-6, "{bound} > {optimum}");
}

/// Every load cut separated on random rounds holds for every plan: a cut at
/// a school reads only that school's pupils and `e`, so every subset of its
/// candidates placed there (with `e` at its least value) is checked.
#[test]
fn load_cuts_cut_off_no_plan_of_random_rounds() {
    let mut checked = 0;
    for seed in 0..400 {
        let sc = random_scenario(seed);
        let opts = Options::generate(&sc);
        let shares = FairShares::compute(&sc);
        let pupils: Vec<PupilIdx> = (0..sc.pupils.len() as u32).collect();
        let extras = Extras::default();
        let mut rows = Rows::new(&sc, &opts, &shares, &pupils, &extras).expect("no extras");
        let _ = colgen::solve(&mut rows, &exact(), None, 1, CUT_ROUNDS);
        for (sg, row, base) in rows.load_cut_rows() {
            checked += 1;
            assert!(
                cut_holds(&rows, sg, row, base),
                "seed {seed}: cut {row} at {sg}"
            );
        }
    }
    assert!(checked >= 5, "only {checked} cuts separated");
}

/// Does cut `row` at school-phase `sg` hold for every subset of the school's
/// candidates (FAP and in-year) that fits the place rows the cut rests on,
/// with `o` there and `e` at their least values?
fn cut_holds(rows: &Rows, sg: usize, row: u32, base: f64) -> bool {
    let mut cands = Vec::new(); // (load weight or 0, year, coefficient in the cut)
    let mut scratch = Vec::new();
    for k in 0..rows.pupils().len() {
        let p = rows.pupil(k);
        for (j, o) in rows.options(k).iter().enumerate() {
            if o.target == Target::School((sg / 2) as u32) && p.year.phase().index() == sg % 2 {
                rows.option_entries(k, j, &mut scratch);
                let a = scratch.iter().find(|e| e.0 == row).map_or(0.0, |e| e.1);
                let lw = if p.is_fap() { p.load_weight } else { 0.0 };
                cands.push((lw, p.year, a));
            }
        }
    }
    assert!(cands.len() <= 20, "too many candidates to enumerate");
    let held = rows.load_cut_places_held(row);
    let upper = rows.bounds()[row as usize].upper;
    (0u32..1 << cands.len()).all(|plan| {
        let at = cands.iter().enumerate().filter(|(i, _)| plan >> i & 1 == 1);
        let mut credit = 0.0;
        for &(year, coef, free, above) in &held {
            let count = at.clone().filter(|(_, c)| c.1 == year).count() as f64;
            let o = (count - free).max(0.0);
            if o > above {
                return true; // the place row rules the plan out
            }
            credit += coef * o;
        }
        let n: f64 = at.clone().map(|(_, c)| c.0).sum();
        let lhs: f64 = at.map(|(_, c)| c.2).sum::<f64>() + credit;
        lhs - (n + base).max(0.0) <= upper + 1e-9
    })
}

/// On generated rounds whose LP splits weight-2 pupils next to full year
/// groups, the column generation separates cuts resting on place rows, and
/// the LP-first route still reaches the whole MIP's optimum (exactly, gap 0):
/// no optimal plan is cut off.
#[test]
fn held_load_cuts_keep_the_optimum_of_generated_rounds() {
    let mut held = 0;
    for seed in [3, 18, 25] {
        let settings = crate::generate::Settings::synthetic(seed, 400, 40);
        let json = crate::generate::generate(&settings)
            .expect("generates")
            .json;
        let sc = load_bytes(&json).scenario.expect("valid");
        let (opts, shares) = (Options::generate(&sc), FairShares::compute(&sc));
        let pupils: Vec<PupilIdx> = (0..sc.pupils.len() as u32).collect();
        let extras = Extras::default();
        let mut rows = Rows::new(&sc, &opts, &shares, &pupils, &extras).expect("no extras");
        let lp = colgen::solve(&mut rows, &exact(), None, 1, CUT_ROUNDS);
        let bound = lp.expect("solved").expect("no time limit").bound;
        let rests = |row: &u32| !rows.load_cut_places_held(*row).is_empty();
        held += rows.load_cut_rows().iter().filter(|c| rests(&c.1)).count();
        let solve = |settings: &super::SolveSettings| {
            super::solve(&sc, &opts, &extras, settings, None)
                .expect("a plan")
                .objective
        };
        let whole = solve(&super::SolveSettings {
            whole_mip: true,
            ..exact()
        });
        let lp_first = solve(&exact());
        assert!(
            bound <= whole + 1e-6,
            "seed {seed}: bound {bound} > {whole}"
        );
        assert!(
            (whole - lp_first).abs() <= 1e-9 * whole.abs(),
            "seed {seed}: whole MIP {whole}, LP first {lp_first}"
        );
    }
    assert!(held > 0, "no cut rested on a place row");
}
