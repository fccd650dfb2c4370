//! The panel pack on the small golden scenario and a shipped one: Markdown
//! and CSV against golden files (regenerate with `BLESS=1 cargo test --release --test
//! decision_support`), and the HTML checked for self-containment, balanced
//! tags and one card per pupil.

use crate::decision_support::common::load;
use fap::pipeline;
use fap::plan::{self, Plan};
use fap::report::{self, Format, Pack};
use fap::scenario::Scenario;
use std::path::PathBuf;

/// A golden case: its directory under `tests/golden/` and its scenario file.
struct Golden {
    dir: &'static str,
    scenario: &'static str,
}

/// A small hand-made round with every reason kind.
const SMALL: Golden = Golden {
    dir: "tests/golden/decision-small",
    scenario: "tests/golden/decision-small/scenario.json",
};

/// A shipped scenario (`scenarios/`), as a coordinator would run it.
const SHIPPED: Golden = Golden {
    dir: "tests/golden/primary-spring1",
    scenario: "scenarios/primary-spring1.json",
};

fn path(relative: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(relative)
}

/// The case's scenario and its plan: 2 proposals, 2 alternatives per pupil.
fn plan_of(case: &Golden) -> (Scenario, Plan) {
    let bytes = std::fs::read(path(case.scenario)).expect("golden scenario");
    let sc = load(&serde_json::from_slice(&bytes).expect("json"));
    let settings = pipeline::Settings {
        proposals: 2,
        options_per_pupil: Some(2),
        ..Default::default()
    };
    let sha256 = plan::sha256_hex(&bytes);
    let mut plan = pipeline::solve(&sc, sha256, &settings)
        .expect("solves")
        .plan;
    plan.generator.solver = "highs (golden test)".into();
    (sc, plan)
}

/// The small golden scenario and its plan.
pub fn small_plan() -> (Scenario, Plan) {
    plan_of(&SMALL)
}

fn assert_golden(case: &Golden, name: &str, actual: &[u8]) {
    let path = path(case.dir).join(name);
    if std::env::var_os("BLESS").is_some() {
        std::fs::create_dir_all(path.parent().expect("a directory")).expect("bless");
        std::fs::write(&path, actual).expect("bless");
        return;
    }
    let expected = std::fs::read(&path).unwrap_or_default();
    if expected != actual {
        let (e, a) = (
            String::from_utf8_lossy(&expected),
            String::from_utf8_lossy(actual),
        );
        let line = e.lines().zip(a.lines()).position(|(x, y)| x != y);
        panic!(
            "{name} differs from {} (first differing line {:?}; BLESS=1 to accept)\n--- expected\n{e}\n--- actual\n{a}",
            path.display(),
            line.map(|l| l + 1)
        );
    }
}

#[test]
fn markdown_panel_paper_matches_golden() {
    for case in [SMALL, SHIPPED] {
        let (sc, plan) = plan_of(&case);
        let pack = Pack::new(&sc, &plan).expect("pack");
        assert_golden(
            &case,
            "report.md",
            &report::render(&pack, Format::Markdown).expect("renders"),
        );
    }
}

#[test]
fn csv_matches_golden_with_one_row_per_pupil_and_proposal() {
    for case in [SMALL, SHIPPED] {
        let (sc, plan) = plan_of(&case);
        let pack = Pack::new(&sc, &plan).expect("pack");
        let bytes = report::render(&pack, Format::Csv).expect("renders");
        let mut r = csv::Reader::from_reader(bytes.as_slice());
        assert_eq!(r.records().count(), sc.pupils.len() * plan.proposals.len());
        assert_golden(&case, "report.csv", &bytes);
    }
}

#[test]
fn html_is_self_contained_balanced_and_has_a_card_per_pupil() {
    let (sc, plan) = small_plan();
    let pack = Pack::new(&sc, &plan).expect("pack");
    let html =
        String::from_utf8(report::render(&pack, Format::Html).expect("renders")).expect("utf-8");
    for bad in ["http:", "https:", "src=", "<script", "<link", "url("] {
        assert!(
            !html.contains(bad),
            "the pack references something outside: {bad}"
        );
    }
    assert_balanced(&html);
    assert_eq!(
        html.matches("<article class=\"card\"").count(),
        sc.pupils.len()
    );
    for p in &sc.pupils {
        assert!(html.contains(&format!("id=\"pupil-{}\"", p.id)));
    }
    // Text from the scenario is escaped.
    assert!(html.contains("St Mary&#39;s &amp; All Saints | &lt;Academy&gt;"));
    assert!(!html.contains("<Academy>"));
    assert!(html.contains("<svg class=\"chart\"") && html.contains("<svg class=\"map\""));
    assert!(html.contains("@media print") && html.contains("size: A4"));
}

/// Panics unless every non-void element is closed in order.
fn assert_balanced(html: &str) {
    const VOID: [&str; 6] = ["meta", "br", "hr", "img", "input", "link"];
    let mut stack: Vec<String> = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        rest = &rest[i + 1..];
        let end = rest.find('>').expect("unclosed <");
        let tag = &rest[..end];
        rest = &rest[end + 1..];
        if tag.starts_with('!') {
            continue;
        }
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        if let Some(closing) = tag.strip_prefix('/') {
            let _ = closing;
            let open = stack
                .pop()
                .unwrap_or_else(|| panic!("</{name}> closes nothing"));
            assert_eq!(open, name, "</{name}> closes <{open}>");
        } else if !tag.ends_with('/') && !VOID.contains(&name.as_str()) {
            if name == "style" {
                let close = rest.find("</style>").expect("</style>");
                rest = &rest[close + "</style>".len()..];
                continue;
            }
            stack.push(name);
        }
    }
    assert!(stack.is_empty(), "unclosed: {stack:?}");
}

#[test]
fn a_plan_for_another_pupil_list_is_refused() {
    let (sc, mut plan) = small_plan();
    plan.proposals[0].assignments[2].pupil = "P99".into();
    assert!(matches!(
        Pack::new(&sc, &plan),
        Err(report::ReportError::Mismatch(fap::plan::Mismatch::Pupil {
            index: 2,
            ..
        }))
    ));
}
