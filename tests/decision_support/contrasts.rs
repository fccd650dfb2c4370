//! Contrast plans (`fap solve --contrast`): whole plans under the documented
//! weightings of `fap::proposals::contrast`, checked by the independent
//! checker, and each better than proposal 1 at what its weighting puts first.

use fap::pipeline::{self, Settings};
use fap::proposals::contrast::Style;
use fap::scenario::Scenario;

fn generated(seed: u64) -> (Scenario, String) {
    let g = fap::generate::generate(&fap::generate::Settings::synthetic(seed, 40, 12))
        .expect("generates");
    let sc = fap::validate::load_bytes(&g.json).scenario.expect("valid");
    (sc, fap::plan::sha256_hex(&g.json))
}

fn solve_with_contrasts(sc: &Scenario, sha: &str) -> fap::plan::Plan {
    let settings = Settings {
        contrasts: vec![Style::SharesIgnored, Style::FairestFirst],
        ..Settings::default()
    };
    pipeline::solve(sc, sha.to_string(), &settings)
        .expect("solves")
        .plan
}

fn assignment(sc: &Scenario, p: &fap::plan::Proposal) -> fap::model::Assignment {
    fap::plan::assignment(sc, p).expect("fits the scenario")
}

#[test]
fn contrasts_pass_the_checker_and_each_wins_at_what_it_puts_first() {
    for seed in 1..=4 {
        let (sc, sha) = generated(seed);
        let plan = solve_with_contrasts(&sc, &sha);
        let verdict = fap::check::check_plan(&sc, &sha, &plan);
        assert!(verdict.is_valid(), "seed {seed}: {:?}", verdict.findings);
        assert_eq!(plan.contrasts.len(), 2);
        let best = fap::model::evaluate(&sc, &assignment(&sc, &plan.proposals[0]));
        let fairness = |p: &fap::model::ObjectiveParts| p.over_cap + p.over_fair_share;
        for c in &plan.contrasts {
            let parts = fap::model::evaluate(&sc, &assignment(&sc, &c.plan));
            // Stated under the scenario's own weights, never better than the optimum.
            assert!(
                (c.plan.objective - parts.total()).abs() < 1e-6,
                "seed {seed}"
            );
            assert!(c.plan.gap_to_best >= -1e-6, "seed {seed} {}", c.style);
            // Exchange argument: an optimum under weights that count the fairness
            // terms less (more) is no worse (better) than proposal 1 on the rest
            // (on fairness).
            match c.style.as_str() {
                "fair_shares_ignored" => assert!(
                    parts.total() - fairness(&parts) <= best.total() - fairness(&best) + 1e-6,
                    "seed {seed}: ignoring fair shares made the rest dearer"
                ),
                "fairest_first" => assert!(
                    fairness(&parts) <= fairness(&best) + 1e-6,
                    "seed {seed}: the fairest plan is less fair than proposal 1"
                ),
                other => panic!("unknown style {other}"),
            }
        }
    }
}

#[test]
fn a_contrast_that_breaks_a_rule_or_misstates_its_objective_is_refused() {
    let (sc, sha) = generated(7);
    let mut plan = solve_with_contrasts(&sc, &sha);
    plan.contrasts[1].plan.objective += 1.0;
    let first = plan.contrasts[0].plan.assignments[0].clone();
    plan.contrasts[0].plan.assignments.push(first);
    let verdict = fap::check::check_plan(&sc, &sha, &plan);
    let text: Vec<String> = verdict.findings.iter().map(|f| f.to_string()).collect();
    assert!(
        text.iter()
            .any(|t| t.contains("contrast plan \"fairest_first\"") && t.contains("objective")),
        "{text:?}"
    );
    assert!(
        text.iter()
            .any(|t| t.contains("contrast plan \"fair_shares_ignored\"")
                && t.contains("duplicate-pupil")),
        "{text:?}"
    );
}

#[test]
fn the_paper_shows_each_contrast_as_a_column_and_on_the_cards() {
    let (sc, sha) = generated(3);
    let mut plan = solve_with_contrasts(&sc, &sha);
    pipeline::attach_support(&sc, &mut plan, 2, &Settings::default()).expect("support");
    let pack = fap::report::Pack::new(&sc, &plan).expect("a pack");
    let md = String::from_utf8(fap::report::render(&pack, fap::report::Format::Markdown).unwrap())
        .unwrap();
    assert!(
        md.contains("| Proposal 1 | Fair shares ignored | Fairest spread first |"),
        "{md}"
    );
    let moved = (0..sc.pupils.len())
        .filter(|&p| pack.assignments[2][p] != pack.best()[p])
        .count();
    let on_cards = md.matches("fairest spread first: **").count();
    assert_eq!(
        on_cards, moved,
        "each child the fairest plan places elsewhere says where"
    );
}
