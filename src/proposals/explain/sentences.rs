//! The sentences an explanation is read in: plain English for the panel,
//! rendered from the data of [`super::Explanation`] and nothing else, so the
//! facts (computed in `explain/mod.rs`) and their wording change apart, as
//! pubgrub keeps its derivation tree apart from its report.

use super::{is_tie, Explanation, Forced, Why};
use crate::figures::{num, signed};
use crate::proposals::forced::{Move, Place};
use crate::proposals::room::{Full, Limit};
use crate::scenario::{PupilIdx, Scenario, Target};
use crate::solve::Status;

/// Where: a school or AP id, or `unplaced`.
pub fn place_name(sc: &Scenario, place: Place) -> String {
    place.map_or_else(|| "unplaced".to_string(), |t| sc.target_id(t).to_string())
}

/// `P0012 (S003 → S009)`.
pub fn move_text(sc: &Scenario, m: &Move) -> String {
    format!(
        "{} ({} → {})",
        sc.pupils[m.pupil as usize].id,
        place_name(sc, m.from),
        place_name(sc, m.to)
    )
}

/// The explanation in plain English, one sentence per entry.
pub fn render(sc: &Scenario, e: &Explanation) -> Vec<String> {
    let mut out = vec![cost_sentence(sc, e)];
    let id = |t: Target| sc.target_id(t).to_string();
    match &e.why {
        Why::FirstPreference => out.push("It is at its first preference.".into()),
        Why::NoPreferences => out.push("No preferences were given.".into()),
        Why::NotAnOption(t, rule) => out.push(format!(
            "Its first preference, {}, is not an option for it: {}.",
            id(*t),
            rule.describe()
        )),
        Why::Full(t, full, f) => {
            out.push(format!(
                "Its first preference, {}, is full in this proposal: {}.",
                id(*t),
                full_clause(sc, full)
            ));
            out.push(forced_sentence(sc, "Placing it there anyway", f));
        }
        Why::Dearer(t, f) => {
            let t = id(*t);
            out.push(match f {
                Forced::Plan(fp, _) if is_tie(fp.increase, fp.objective()) => format!(
                    "Its first preference, {t}, could take it, and placing it there gives an equally good plan (a tie): this proposal was chosen among equals."
                ),
                Forced::Plan(fp, _) if fp.increase < 0.0 => format!(
                    "Its first preference, {t}, could take it, and placing it there gives a better plan than this one, which was not proven optimal."
                ),
                Forced::Plan(..) => format!("Its first preference, {t}, could take it but that costs more overall."),
                _ => format!("Its first preference, {t}, could take it."),
            });
            out.push(forced_sentence(sc, "Placing it there", f));
        }
        Why::NoOption(rules) => {
            out.push("It is unplaced because no school or AP provider is an option for it.".into());
            let year = sc.pupils[e.pupil as usize].year;
            if !sc.schools.iter().any(|s| s.teaches(year)) {
                out.push(format!("No school in the scenario teaches Year {year}."));
            }
            for (t, rule) in rules {
                let km = sc.distance(&sc.pupils[e.pupil as usize], *t);
                out.push(format!("{} ({} km): {}.", id(*t), num(km), rule.describe()));
            }
        }
        Why::AllFull(full, best, tried) => {
            out.push("It is unplaced because every option is full in this proposal:".into());
            for (t, f) in full {
                out.push(format!("{}: {}.", id(*t), full_clause(sc, f)));
            }
            out.push(best_sentence(sc, *tried, best));
        }
        Why::UnplacedDearer(room, best, tried) => {
            let ids: Vec<String> = room.iter().map(|t| id(*t)).collect();
            out.push(format!(
                "It is unplaced although {} could take it.",
                ids.join(", ")
            ));
            out.push(best_sentence(sc, *tried, best));
        }
    }
    out
}

/// The best of an unplaced pupil's forced re-solves, as a sentence.
fn best_sentence(sc: &Scenario, tried: usize, best: &Forced) -> String {
    match (best, tried) {
        (Forced::Impossible, 1) => {
            "No plan that keeps the hard rules can place it at its cheapest option.".to_string()
        }
        (Forced::Impossible, _) => format!(
            "No plan that keeps the hard rules can place it at any of its {tried} cheapest options."
        ),
        (_, 1) => forced_sentence(sc, "Placing it at its cheapest option", best),
        _ => forced_sentence(
            sc,
            &format!("Of its {tried} cheapest options re-optimised, the best"),
            best,
        ),
    }
}

fn cost_sentence(sc: &Scenario, e: &Explanation) -> String {
    let total: f64 = e.terms.iter().map(|(_, v)| v).sum();
    let parts: Vec<String> = e
        .terms
        .iter()
        .map(|(name, v)| format!("{} {}", term_label(name), signed(*v)))
        .collect();
    let parts = if parts.is_empty() {
        "no cost terms".to_string()
    } else {
        parts.join(", ")
    };
    match e.place {
        Some(t) => {
            let km = sc.distance(&sc.pupils[e.pupil as usize], t);
            format!(
                "Proposed: {} ({} km), cost {} ({}).",
                sc.target_id(t),
                num(km),
                num(total),
                parts
            )
        }
        None => format!(
            "Proposed: unplaced this round, cost {} ({}).",
            num(total),
            parts
        ),
    }
}

/// Plain words for a cost term's name.
pub fn term_label(name: &str) -> &str {
    match name {
        "distance" => "distance",
        "transport" => "transport (beyond walking distance)",
        "preference" => "preference rank",
        "not_preferred" => "not a preference",
        "previous_school" => "previous school",
        "sibling_bonus" => "sibling there",
        "weak_school" => "weak Ofsted judgement",
        "ap_route" => "AP for a pupil not on the AP route",
        "ap_needs_match" => "AP matches needs",
        "unplaced" => "unplaced",
        "moved" => "moved from the plan on the table",
        other => other,
    }
}

fn holders(sc: &Scenario, hs: &[PupilIdx]) -> String {
    if hs.is_empty() {
        return "nobody this round".into();
    }
    let ids: Vec<&str> = hs
        .iter()
        .map(|&q| sc.pupils[q as usize].id.as_str())
        .collect();
    ids.join(", ")
}

fn plural(n: u32, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The limit reached and who holds it, as a clause.
pub fn full_clause(sc: &Scenario, f: &Full) -> String {
    let who = holders(sc, &f.holders);
    match f.limit {
        Limit::Places { school, year, free, above_pan } => {
            let mut what = Vec::new();
            if free > 0 {
                what.push(plural(free, "free place", "free places"));
            }
            if above_pan > 0 {
                what.push(plural(above_pan, "above-PAN place", "above-PAN places"));
            }
            let verb = if free + above_pan == 1 { "is" } else { "are" };
            format!(
                "the {} of Year {year} at {} {verb} held by {who}",
                what.join(" and "),
                sc.schools[school as usize].id
            )
        }
        Limit::InYearPlaces { school, year, free } => format!(
            "the {} of Year {year} at {} are held by in-year pupils {who}, and in-year pupils cannot go above PAN",
            plural(free, "free place", "free places"),
            sc.schools[school as usize].id
        ),
        Limit::Cap { school, phase, cap, ledger } => {
            let this_round = if f.holders.is_empty() {
                String::new()
            } else {
                format!("; this round: {who}")
            };
            format!(
                "{} has reached its hard fairness cap of {} this year ({ledger} earlier this year{this_round})",
                sc.schools[school as usize].id,
                plural(cap, &format!("{} FAP placement", phase.name()), &format!("{} FAP placements", phase.name()))
            )
        }
        Limit::ApPlaces { ap, places } => format!(
            "the {} at {} {} held by {who}",
            plural(places, "place", "places"),
            sc.aps[ap as usize].id,
            if places == 1 { "is" } else { "are" }
        ),
    }
}

/// "<lead> would raise the objective by X (parts) and move …", or why not.
fn forced_sentence(sc: &Scenario, lead: &str, f: &Forced) -> String {
    let (fp, d) = match f {
        Forced::Plan(fp, d) => (fp, d),
        Forced::Impossible => {
            return format!("{lead} is impossible: no plan with it there satisfies the hard rules.")
        }
        Forced::NotFound => {
            return format!("{lead} could not be evaluated: the time limit ran out first.")
        }
    };
    let at = place_name(sc, fp.place);
    let parts: Vec<String> = [
        ("its own cost", d.own),
        ("other pupils' costs", d.others),
        ("above-PAN places", d.above_pan),
        ("over-cap placements", d.over_cap),
        ("fair-share excess", d.fair_share),
    ]
    .iter()
    .filter(|(_, v)| v.abs() >= crate::figures::NOISE)
    .map(|(n, v)| format!("{n} {}", signed(*v)))
    .collect();
    let change = if is_tie(fp.increase, fp.objective()) {
        "leave the objective as it is (a tie)".to_string()
    } else if fp.increase < 0.0 {
        format!("lower the objective by {}", num(-fp.increase))
    } else {
        format!("raise the objective by {}", num(fp.increase))
    };
    let parts = if parts.is_empty() {
        String::new()
    } else {
        format!(" ({})", parts.join(", "))
    };
    let moves: Vec<String> = fp.knock_on().map(|m| move_text(sc, m)).collect();
    let knock = if moves.is_empty() {
        "no other pupil would move".to_string()
    } else {
        format!("it would move {}", moves.join(", "))
    };
    let limit = if fp.status == Status::TimeLimit {
        " (best plan found within the time limit)"
    } else {
        ""
    };
    format!("{lead}, at {at}, would {change}{parts}{limit}; {knock}.")
}
