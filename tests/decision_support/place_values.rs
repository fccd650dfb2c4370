//! Place values: the decrease equals proposal 1's objective minus the optimum
//! of the scenario with the extra place, solved independently; and the
//! summary says what changes.

use crate::decision_support::common::{best, load, pupil, scenario, school};
use crate::decision_support::synth;
use fap::model::Options;
use fap::proposals::forced::ForcedSolver;
use fap::proposals::place_values::{candidates, compute, describe, options_with, ExtraPlace};
use fap::solve::{solve, SolveSettings};
use serde_json::json;

#[test]
fn decrease_is_the_gain_of_an_independent_solve_with_the_extra_place() {
    let settings = SolveSettings::default();
    for seed in [3, 8] {
        let sc = load(&synth::round(seed, 16, 6));
        let base = best(&sc);
        let opts = Options::generate(&sc);
        let forced = ForcedSolver::new(&sc, &opts, &base.assignment, &settings);
        let values = compute(&forced).expect("values");
        assert_eq!(
            values.iter().map(|v| v.extra).collect::<Vec<_>>(),
            candidates(&sc, &base.assignment)
        );
        assert!(!values.is_empty(), "seed {seed}: no full place to value");
        for v in &values {
            let sc2 = v.extra.apply(&sc);
            let opts2 = Options::generate(&sc2);
            assert_eq!(options_with(&sc2, &opts, v.extra), opts2);
            let full = solve(&sc2, &opts2, &Default::default(), &settings, None).expect("solves");
            let want = base.objective - full.objective;
            assert!(
                (v.decrease - want).abs() <= 1e-6 * base.objective.abs().max(1.0),
                "seed {seed} {:?}: {} vs {want}",
                v.extra,
                v.decrease
            );
            assert!(v.decrease >= -1e-6, "an extra place never hurts");
        }
    }
}

#[test]
fn one_more_place_where_an_in_year_pupil_could_not_go() {
    let sc = scenario(
        json!({"max_above_pan": 0}),
        vec![
            school("S1", 1.0, 0.0, 30, 30),
            school("S2", 5.0, 0.0, 30, 20),
        ],
        vec![pupil("P1", "in_year", 0.0, 0.0)],
    );
    let base = best(&sc);
    let opts = Options::generate(&sc);
    let forced = ForcedSolver::new(&sc, &opts, &base.assignment, &SolveSettings::default());
    let values = compute(&forced).expect("values");
    assert_eq!(values.len(), 1);
    let v = &values[0];
    assert_eq!(v.extra, ExtraPlace::School(0, fap::scenario::YearGroup(9)));
    // S2: 5 km + transport 3; S1 with the extra place: 1 km.
    assert!((v.decrease - 7.0).abs() < 1e-9);
    assert_eq!(
        describe(&sc, v),
        "One more free place in Year 9 at S1 would lower the objective by 7.00: it would move P1 (S2 → S1), shortening their journeys by 4.00 km in total."
    );
}

/// MODEL.md item 4 covers every full year group, PAN 0 included: the place
/// comes with PAN 1 and the record says "no PAN in this year group". With
/// `year8_pan` 30 the school's secondary entry PAN stays 30; with 0 it moves
/// to 1 and every component is re-solved.
#[test]
fn a_year_group_with_no_pan_is_valued_and_labelled() {
    for year8_pan in [30, 0] {
        let mut s1 = school("S1", 1.0, 0.0, 0, 0);
        s1["year_groups"]["8"] = json!({"pan": year8_pan, "on_roll": year8_pan});
        let sc = scenario(
            json!({"max_above_pan": 0}),
            vec![s1, school("S2", 5.0, 0.0, 30, 20)],
            vec![pupil("P1", "in_year", 0.0, 0.0)],
        );
        let base = best(&sc);
        let opts = Options::generate(&sc);
        let forced = ForcedSolver::new(&sc, &opts, &base.assignment, &SolveSettings::default());
        let values = compute(&forced).expect("values");
        assert_eq!(values.len(), 1, "Year 8 PAN {year8_pan}");
        let v = &values[0];
        assert_eq!(v.extra, ExtraPlace::School(0, fap::scenario::YearGroup(9)));
        assert_eq!(v.extra.note(&sc), Some("no PAN in this year group"));
        let sc2 = v.extra.apply(&sc);
        let yp = sc2.schools[0].years[9].unwrap();
        assert_eq!((yp.pan, yp.on_roll), (1, 0));
        let full = best(&sc2);
        assert!((v.decrease - (base.objective - full.objective)).abs() < 1e-9);
        assert!((v.decrease - 7.0).abs() < 1e-9, "{}", v.decrease);
        assert_eq!(
            describe(&sc, v),
            "One more free place in Year 9 at S1 (no PAN in this year group) would lower the objective by 7.00: it would move P1 (S2 → S1), shortening their journeys by 4.00 km in total."
        );
        let record = crate::decision_support::common::support_record(&sc, &base.assignment, 0);
        assert_eq!(
            record.place_values[0].note.as_deref(),
            Some("no PAN in this year group")
        );
    }
}
