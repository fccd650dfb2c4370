//! `--options` under `--time-limit` (issue 18): when the limit runs out, the
//! re-solves still wanted keep the best arrangement known (the repaired start
//! for an alternative, the plan itself for a place value), marked
//! time-limited, instead of running on; the figures are never better than the
//! proven ones, and the panel pack says so in words.

use fap::pipeline::{attach_support, solve, Settings};
use fap::plan::support::{DecisionSupport, PlaceValueRecord, TIME_LIMITED};
use fap::report::{render, Format, Pack};
use fap::solve::SolveSettings;

fn round() -> (fap::scenario::Scenario, Vec<u8>) {
    let settings = fap::generate::Settings::synthetic(2, 40, 30);
    let json = fap::generate::generate(&settings).expect("generates").json;
    let sc = fap::validate::load_bytes(&json).scenario.expect("valid");
    (sc, json)
}

fn support(
    sc: &fap::scenario::Scenario,
    plan: &fap::plan::Plan,
    limit: Option<f64>,
) -> fap::plan::Plan {
    let mut plan = plan.clone();
    let settings = Settings {
        solve: SolveSettings {
            time_limit: limit,
            ..SolveSettings::default()
        },
        ..Settings::default()
    };
    attach_support(sc, &mut plan, 3, &settings).expect("decision support");
    plan
}

fn ds(plan: &fap::plan::Plan) -> &DecisionSupport {
    plan.decision_support.as_ref().expect("decision support")
}

#[test]
fn an_exhausted_time_limit_keeps_the_best_known_arrangements_marked_and_never_better_than_proven() {
    let (sc, json) = round();
    let plan = solve(&sc, fap::plan::sha256_hex(&json), &Settings::default())
        .expect("solves")
        .plan;
    let exact = support(&sc, &plan, None);
    let limited = support(&sc, &plan, Some(0.0));
    let (exact, limited) = (ds(&exact), ds(&limited));
    assert_eq!(exact.time_limited(), 0, "no limit, nothing time-limited");
    let alternatives: Vec<_> = limited
        .pupils
        .iter()
        .flat_map(|p| &p.alternatives)
        .collect();
    assert!(
        !alternatives.is_empty(),
        "the repaired starts are kept as alternatives"
    );
    assert!(alternatives.iter().all(|a| a.status == TIME_LIMITED));
    assert!(limited
        .place_values
        .iter()
        .all(|v| v.status == TIME_LIMITED));
    assert_eq!(
        limited.time_limited(),
        alternatives.len() + limited.place_values.len()
    );
    // A kept arrangement is a real plan: never cheaper than the proven best
    // with the same pupil at the same place.
    for (e, l) in exact.pupils.iter().zip(&limited.pupils) {
        for a in &l.alternatives {
            if let Some(proven) = e.alternatives.iter().find(|x| x.place == a.place) {
                assert!(
                    a.objective >= proven.objective - 1e-6,
                    "{}: {a:?} vs {proven:?}",
                    l.pupil
                );
            }
        }
    }
    // A place value without a re-solve keeps the plan as it is: it never
    // lowers the objective more than the proven re-solve does.
    let key = |v: &PlaceValueRecord| (v.school.clone(), v.year_group.clone(), v.ap.clone());
    for l in &limited.place_values {
        let proven = exact
            .place_values
            .iter()
            .find(|e| key(e) == key(l))
            .expect("same places");
        assert!(
            l.objective_decrease <= proven.objective_decrease + 1e-6,
            "{l:?} vs {proven:?}"
        );
        assert!(l.moves.is_empty(), "{l:?}");
    }
}

#[test]
fn the_panel_pack_says_when_an_alternative_was_cut_short_by_the_time_limit() {
    let (sc, json) = round();
    let plan = solve(&sc, fap::plan::sha256_hex(&json), &Settings::default())
        .expect("solves")
        .plan;
    let words = "Worked out only as far as the time limit allowed";
    for (limit, shown) in [(None, false), (Some(0.0), true)] {
        let plan = support(&sc, &plan, limit);
        let pack = Pack::new(&sc, &plan).expect("a pack");
        let md = String::from_utf8(render(&pack, Format::Markdown).expect("renders")).unwrap();
        assert_eq!(md.contains(words), shown, "limit {limit:?}");
    }
}
