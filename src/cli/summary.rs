//! The summary `fap solve` prints: the round, proposal 1's status and figures,
//! the schools furthest above their fair share, then one line for each other
//! proposal and contrast. Names, never pupils' ids or details.

use crate::figures::{count, fixed, km, percent, ratio, signed_fixed};
use crate::plan::Contrast;
use crate::proposals::metrics::{self, Metrics, SchoolLoad};
use crate::proposals::Ranked;
use crate::scenario::Scenario;
use crate::solve::Status;
use std::path::Path;

/// Prints the summary of a solve whose plan went to `out`.
pub(super) fn print(sc: &Scenario, ranked: &Ranked, contrasts: &[Contrast], out: &Path) {
    let m = metrics::compute(sc, &ranked.proposals[0].assignment);
    println!(
        "{} — {}, {}, {}",
        sc.name,
        count(sc.pupils.len(), "pupil", "pupils"),
        count(sc.schools.len(), "school", "schools"),
        count(sc.aps.len(), "AP provider", "AP providers")
    );
    print_best(sc, ranked);
    print_figures(&m);
    print_above_fair_share(sc, &m);
    print_others(ranked, contrasts);
    println!("Plan written to {}", out.display());
}

/// Proposal 1's cost, whether it is proven optimal, and its moves off the plan
/// on the table.
fn print_best(sc: &Scenario, ranked: &Ranked) {
    let best = &ranked.proposals[0];
    let status = match best.status {
        Status::Optimal => "optimal".to_string(),
        Status::TimeLimit => format!(
            "NOT proven optimal (time limit; gap {}%)",
            fixed(best.mip_gap * 100.0, 4)
        ),
    };
    println!(
        "Proposal 1: total cost {} ({status})",
        fixed(best.objective, 3)
    );
    if sc.reference.is_some() {
        let moves = crate::proposals::plan::moves(sc, &best.assignment);
        println!(
            "  moved off the plan on the table {}  (move cost {})",
            count(moves.pupils_moved as usize, "child", "children"),
            fixed(moves.move_cost, 3)
        );
    }
}

fn print_figures(m: &Metrics) {
    println!(
        "  placed      {:>4}  (FAP {}, in-year {})",
        m.placed, m.placed_fap, m.placed_in_year
    );
    println!(
        "  unplaced    {:>4}  (FAP {}, in-year {})",
        m.unplaced, m.unplaced_fap, m.unplaced_in_year
    );
    println!(
        "  preferences first {}, any {} (of {} who gave preferences)",
        percent(m.first_preference, m.with_preferences),
        percent(m.any_preference, m.with_preferences),
        m.with_preferences
    );
    println!(
        "  journeys    mean {}, longest {}; {} beyond walking distance",
        km(m.mean_km),
        km(m.max_km),
        m.beyond_walking
    );
    println!(
        "  above PAN {} · over cap {} · AP places used {}",
        m.above_pan_places, m.over_cap_placements, m.ap_places_used
    );
}

/// The five schools furthest above their fair share, if any is above it.
fn print_above_fair_share(sc: &Scenario, m: &Metrics) {
    let over: Vec<String> = m
        .school_loads
        .iter()
        .filter(|l| l.load_ratio > 1.0)
        .take(5)
        .map(|l| over_share(sc, l))
        .collect();
    if !over.is_empty() {
        println!("  furthest above fair share: {}", over.join(", "));
    }
}

/// One line for each other proposal and each contrast: its cost beside
/// proposal 1's, and how many pupils it places differently.
fn print_others(ranked: &Ranked, contrasts: &[Contrast]) {
    print_proposals(ranked);
    print_contrasts(contrasts);
}

fn print_proposals(ranked: &Ranked) {
    let best = &ranked.proposals[0];
    for (i, s) in ranked.proposals.iter().enumerate().skip(1) {
        let diff = s
            .assignment
            .iter()
            .zip(&best.assignment)
            .filter(|(a, b)| a != b)
            .count();
        println!(
            "Proposal {}: total cost {} ({}), {} placed differently",
            i + 1,
            fixed(s.objective, 3),
            signed_fixed(s.objective - best.objective, 3),
            count(diff, "pupil", "pupils")
        );
    }
}

fn print_contrasts(contrasts: &[Contrast]) {
    for c in contrasts {
        println!(
            "Contrast \"{}\": total cost {} ({}) under this round's weights, {} placed differently",
            c.label,
            fixed(c.plan.objective, 3),
            signed_fixed(c.plan.gap_to_best, 3),
            count(c.plan.differs_from_best.len(), "pupil", "pupils")
        );
    }
}

/// "School name 1.25× (secondary)".
fn over_share(sc: &Scenario, l: &SchoolLoad) -> String {
    let name = sc
        .find_target(&l.school)
        .map_or(l.school.clone(), |t| crate::report::names::name(sc, t));
    format!("{name} {}× ({})", ratio(l.load_ratio), l.phase)
}
