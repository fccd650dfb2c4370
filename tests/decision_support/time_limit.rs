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

/// Past the time limit the figures are worked out from proposal 1's and the
/// moves alone (not by evaluating each arrangement): each must still be the
/// exact objective of the arrangement it describes, with and without a
/// reference plan (whose moves count), as the full evaluation gives it.
#[test]
fn figures_kept_past_the_time_limit_are_the_objectives_of_their_arrangements() {
    use fap::model::evaluate;
    use fap::proposals::place_values::ExtraPlace;
    for with_reference in [false, true] {
        let (mut sc, json) = round();
        let plan = solve(&sc, fap::plan::sha256_hex(&json), &Settings::default())
            .expect("solves")
            .plan;
        let base = fap::plan::assignment(&sc, &plan.proposals[0]).expect("fits");
        if with_reference {
            for (p, place) in sc.pupils.iter_mut().zip(&base) {
                p.reference = *place;
            }
        }
        let limited = support(&sc, &plan, Some(0.0));
        let close = |a: f64, b: f64| (a - b).abs() <= 1e-6 * b.abs().max(1.0);
        let pupil = |id: &str| sc.pupils.iter().position(|p| p.id == id).expect("pupil");
        let place = |id: &Option<String>| id.as_ref().map(|t| sc.find_target(t).expect("place"));
        let mut seen = 0;
        for p in &ds(&limited).pupils {
            for a in &p.alternatives {
                let mut plan = base.clone();
                plan[pupil(&p.pupil)] = place(&a.place);
                for m in &a.knock_on {
                    plan[pupil(&m.pupil)] = place(&m.to);
                }
                let full = evaluate(&sc, &plan).total();
                assert!(close(a.objective, full), "{}: {a:?} vs {full}", p.pupil);
                seen += 1;
            }
        }
        for v in &ds(&limited).place_values {
            let extra = match (&v.school, &v.year_group, &v.ap) {
                (Some(s), Some(y), None) => {
                    let Some(fap::scenario::Target::School(s)) = sc.find_target(s) else {
                        panic!("{s} is no school");
                    };
                    ExtraPlace::School(s, fap::scenario::YearGroup::parse(y).expect("a year group"))
                }
                (None, None, Some(ap)) => {
                    let Some(fap::scenario::Target::Ap(a)) = sc.find_target(ap) else {
                        panic!("{ap} is no AP provider");
                    };
                    ExtraPlace::Ap(a)
                }
                _ => panic!("{v:?}"),
            };
            let full = evaluate(&extra.apply(&sc), &base).total();
            assert!(close(v.objective, full), "{v:?} vs {full}");
            seen += 1;
        }
        assert!(seen > 20, "only {seen} figures");
    }
}
