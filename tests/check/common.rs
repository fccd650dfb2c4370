//! Helpers: load a scenario, solve it into a plan, move pupils in a plan.

use fap::check::{check_plan, sha256_hex, Report};
use fap::plan::{self, Plan};
use fap::scenario::{Scenario, Target};
use fap::validate::load_bytes;

/// Loads a scenario from JSON, failing the test with its issues if it is invalid.
pub fn load(json: &serde_json::Value) -> (Scenario, Vec<u8>) {
    let bytes = serde_json::to_vec_pretty(json).expect("serialises");
    let loaded = load_bytes(&bytes);
    let errors: Vec<String> = loaded
        .issues
        .iter()
        .filter(|i| i.is_error())
        .map(|i| i.to_string())
        .collect();
    assert!(errors.is_empty(), "invalid test scenario: {errors:#?}");
    (loaded.scenario.expect("no errors"), bytes)
}

/// Solves for `k` proposals and writes them as `fap solve` does.
pub fn solve(sc: &Scenario, bytes: &[u8], k: usize, min_diff: usize) -> Plan {
    let settings = fap::pipeline::Settings {
        proposals: k,
        min_diff,
        ..Default::default()
    };
    let sha256 = plan::sha256_hex(bytes);
    fap::pipeline::solve(sc, sha256, &settings)
        .expect("solves")
        .plan
}

/// Checks a plan against the scenario file's bytes.
pub fn check(sc: &Scenario, bytes: &[u8], plan: &Plan) -> Report {
    check_plan(sc, &sha256_hex(bytes), plan)
}

/// The violations of a report, with a readable failure message.
pub fn violations(report: &Report) -> Vec<fap::check::Violation> {
    report
        .findings
        .iter()
        .map(|f| f.violation.clone())
        .collect()
}

/// Moves pupils in proposal 1 (`None`: unplaced), then rewrites their records and the
/// objective with the model's own code, so that the only thing wrong is the move itself.
pub fn move_pupils(sc: &Scenario, plan: &mut Plan, moves: &[(&str, Option<&str>)]) {
    let prop = &mut plan.proposals[0];
    for &(pupil, to) in moves {
        let p = sc.pupils.iter().find(|p| p.id == pupil).expect("pupil");
        let t = to.map(|id| sc.find_target(id).expect("target"));
        let k = prop
            .assignments
            .iter()
            .position(|r| r.pupil == pupil)
            .expect("record");
        prop.assignments[k] = fap::proposals::plan::record(sc, p, t);
    }
    let assignment: Vec<Option<Target>> = prop
        .assignments
        .iter()
        .map(|r| r.target_id().map(|id| sc.find_target(id).expect("target")))
        .collect();
    prop.objective = plan::round(fap::model::evaluate(sc, &assignment).total());
}

/// Where proposal 1 places a pupil.
pub fn placed_at<'a>(plan: &'a Plan, pupil: &str) -> Option<&'a str> {
    plan.proposals[0]
        .assignments
        .iter()
        .find(|r| r.pupil == pupil)
        .and_then(|r| r.target_id())
}
