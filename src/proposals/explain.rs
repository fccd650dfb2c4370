//! Explanations (MODEL.md "What a solve returns", item 3): why each pupil is
//! where proposal 1 puts it, computed, never guessed.
//!
//! An explanation is data ([`Why`]) built from the plan, the option rules
//! ([`eligibility`]), the hard limits ([`room::full`]) and forced re-solves
//! ([`ForcedPlan`]); [`render`] turns it into plain English. Every sentence
//! states a fact that can be checked against the plan and the model. "Could
//! take it" means within every hard limit, perhaps with an agreed place above
//! PAN or over a soft cap (the forced re-solve's cost says which); only the
//! panel paper says "has room", and only when it is within the free places:
//!
//!
//! - not at the first preference because it is **not an option** (the first
//!   rule of MODEL.md that removes it), or it is **full** in proposal 1 (which
//!   limit, and the pupils of the round who hold it), or it could take the
//!   pupil within every hard limit but is **dearer overall** (the exact objective increase of the optimum with the
//!   pupil forced there, split into its parts, and who would move);
//! - unplaced because it has **no option** (the rule that removes each of the
//!   five nearest schools teaching its year group, and each AP provider it
//!   could use), or **every option is full** (holders), or some option has
//!   room (then the best forced re-solve of its cheapest options says what
//!   placing it would cost).

use super::forced::{ForcedPlan, Move, Place};
use super::room::{self, Full, Limit, Occupancy};
use crate::figures::{num, signed};
use crate::model::options::{cost_terms, eligibility, unplaced_cost, Rule};
use crate::model::{evaluate, Assignment, Options};
use crate::scenario::{PupilIdx, Route, Scenario, Target};
use crate::solve::{SolveError, Status};
use std::collections::BTreeMap;

/// How many nearby schools an unplaced pupil with no option is told about.
pub const NEARBY: usize = 5;

/// What a forced re-solve gave.
#[derive(Debug, Clone, PartialEq)]
pub enum Forced {
    /// The optimum with the pupil forced there.
    Plan(ForcedPlan, Delta),
    /// No plan satisfies the hard rules with the pupil there.
    Impossible,
    /// The time limit ran out before a plan was found.
    NotFound,
}

/// An objective increase split into its parts (they add up to the increase).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Delta {
    /// The pupil's own placement cost (c(p,t) or c_u(p)).
    pub own: f64,
    /// Other pupils' placement and unplaced costs.
    pub others: f64,
    /// w.above_pan · Σ o.
    pub above_pan: f64,
    /// w.over_cap · Σ v.
    pub over_cap: f64,
    /// w.over_fair_share · Σ e.
    pub fair_share: f64,
}

/// Why a pupil is where it is.
#[derive(Debug, Clone, PartialEq)]
pub enum Why {
    /// Placed at its first preference.
    FirstPreference,
    /// The pupil gave no preferences.
    NoPreferences,
    /// The first preference is not an option: the rule that removes it.
    NotAnOption(Target, Rule),
    /// The first preference is full in proposal 1.
    Full(Target, Full, Forced),
    /// The first preference has room but the optimum with the pupil there is
    /// dearer (or, at worst, equal: a tie).
    Dearer(Target, Forced),
    /// Unplaced, with no option at all: the nearest schools teaching its year
    /// group and the AP providers it could use, each with the rule that removes it.
    NoOption(Vec<(Target, Rule)>),
    /// Unplaced; every option is full. The best of the forced re-solves of
    /// its cheapest options, and how many were re-solved.
    AllFull(Vec<(Target, Full)>, Forced, usize),
    /// Unplaced although some options have room: the best of the forced
    /// re-solves of its cheapest options, and how many were re-solved.
    UnplacedDearer(Vec<Target>, Forced, usize),
}

/// One pupil's explanation.
#[derive(Debug, Clone, PartialEq)]
pub struct Explanation {
    /// The pupil.
    pub pupil: PupilIdx,
    /// Its placement in proposal 1.
    pub place: Place,
    /// The cost of the placement, term by term (`unplaced` for c_u).
    pub terms: Vec<(&'static str, f64)>,
    /// Why.
    pub why: Why,
}

/// The forced re-solves an explanation needs besides the options per pupil:
/// the first preference when it is an option and not the placement, and for
/// an unplaced pupil the candidates of [`super::options::candidates`] for
/// `n` alternatives (at least 1).
pub fn requests(
    sc: &Scenario,
    opts: &Options,
    base: &Assignment,
    p: PupilIdx,
    n: usize,
) -> Vec<Place> {
    let pupil = &sc.pupils[p as usize];
    if base[p as usize].is_none() {
        return super::options::candidates(sc, opts, base, p, n.max(1));
    }
    match pupil.preferences.first() {
        Some(&first) if base[p as usize] != Some(first) && opts.find(p, first).is_some() => {
            vec![Some(first)]
        }
        _ => Vec::new(),
    }
}

/// Explains pupil `p`'s placement in `base` (whose occupancy is `occ`), from
/// the forced re-solves `solved` (which hold at least [`requests`]).
pub fn explain(
    sc: &Scenario,
    opts: &Options,
    base: &Assignment,
    occ: &Occupancy,
    p: PupilIdx,
    solved: &BTreeMap<(PupilIdx, Place), Result<ForcedPlan, SolveError>>,
) -> Explanation {
    let pupil = &sc.pupils[p as usize];
    let place = base[p as usize];
    let terms = match place {
        Some(t) => cost_terms(sc, pupil, t, sc.distance(pupil, t)).named(),
        None => unplaced_terms(sc, pupil),
    };
    let forced = |t: Target| forced(sc, base, solved.get(&(p, Some(t))));
    let why = match (place, pupil.preferences.first()) {
        (None, _) => why_unplaced(sc, opts, base, occ, p, solved),
        (Some(_), None) => Why::NoPreferences,
        (Some(t), Some(&first)) if t == first => Why::FirstPreference,
        (Some(_), Some(&first)) => match eligibility(sc, pupil, first) {
            Err(rule) => Why::NotAnOption(first, rule),
            Ok(_) => match room::full(sc, occ, p, first) {
                Some(full) => Why::Full(first, full, forced(first)),
                None => Why::Dearer(first, forced(first)),
            },
        },
    };
    Explanation {
        pupil: p,
        place,
        terms,
        why,
    }
}

fn why_unplaced(
    sc: &Scenario,
    opts: &Options,
    base: &Assignment,
    occ: &Occupancy,
    p: PupilIdx,
    solved: &BTreeMap<(PupilIdx, Place), Result<ForcedPlan, SolveError>>,
) -> Why {
    let own = &opts.per_pupil[p as usize];
    if own.is_empty() {
        return Why::NoOption(nearby_rules(sc, p));
    }
    let tried: Vec<&Result<ForcedPlan, SolveError>> = solved
        .range((p, Some(Target::School(0)))..=(p, Some(Target::Ap(u32::MAX))))
        .map(|(_, r)| r)
        .collect();
    let best = tried.iter().filter_map(|r| r.as_ref().ok()).min_by(|a, b| {
        a.increase
            .total_cmp(&b.increase)
            .then(a.place.cmp(&b.place))
    });
    let best = match best {
        Some(f) => Forced::Plan(f.clone(), delta(sc, base, f)),
        None if tried
            .iter()
            .any(|r| matches!(r, Err(SolveError::Infeasible))) =>
        {
            Forced::Impossible
        }
        None => Forced::NotFound,
    };
    let mut full = Vec::new();
    let mut with_room = Vec::new();
    for o in own {
        match room::full(sc, occ, p, o.target) {
            Some(f) => full.push((o.target, f)),
            None => with_room.push(o.target),
        }
    }
    if with_room.is_empty() {
        Why::AllFull(full, best, tried.len())
    } else {
        Why::UnplacedDearer(with_room, best, tried.len())
    }
}

/// The rules that remove the pupil's [`NEARBY`] nearest schools teaching its
/// year group and, for a FAP pupil not on the school-only route, its
/// [`NEARBY`] nearest AP providers.
fn nearby_rules(sc: &Scenario, p: PupilIdx) -> Vec<(Target, Rule)> {
    let pupil = &sc.pupils[p as usize];
    let by_distance = |ts: Vec<Target>| {
        let mut v: Vec<(f64, Target)> =
            ts.into_iter().map(|t| (sc.distance(pupil, t), t)).collect();
        v.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        v.into_iter().map(|(_, t)| t)
    };
    let schools: Vec<Target> = (0..sc.schools.len() as u32)
        .filter(|&s| sc.schools[s as usize].teaches(pupil.year))
        .map(Target::School)
        .collect();
    let mut targets: Vec<Target> = by_distance(schools).take(NEARBY).collect();
    if pupil.is_fap() && pupil.route != Route::School {
        let aps = (0..sc.aps.len() as u32).map(Target::Ap).collect();
        targets.extend(by_distance(aps).take(NEARBY));
    }
    targets
        .into_iter()
        .filter_map(|t| eligibility(sc, pupil, t).err().map(|r| (t, r)))
        .collect()
}

/// `c_u(p)` and, under a reference plan, the move term.
fn unplaced_terms(sc: &Scenario, pupil: &crate::scenario::Pupil) -> Vec<(&'static str, f64)> {
    use crate::model::options::{move_cost, unplaced_own_cost};
    let moved = move_cost(sc, pupil, None);
    let mut terms = vec![("unplaced", unplaced_own_cost(sc, pupil))];
    if moved != 0.0 {
        terms.push(("moved", moved));
    }
    terms
}

fn forced(sc: &Scenario, base: &Assignment, r: Option<&Result<ForcedPlan, SolveError>>) -> Forced {
    match r {
        Some(Ok(f)) => Forced::Plan(f.clone(), delta(sc, base, f)),
        Some(Err(SolveError::Infeasible)) => Forced::Impossible,
        _ => Forced::NotFound,
    }
}

/// The forced plan's objective minus the base plan's, by part.
pub fn delta(sc: &Scenario, base: &Assignment, f: &ForcedPlan) -> Delta {
    let pupil = &sc.pupils[f.pupil as usize];
    let own = |place: Place| match place {
        Some(t) => cost_terms(sc, pupil, t, sc.distance(pupil, t)).total(),
        None => unplaced_cost(sc, pupil),
    };
    let (a, b) = (evaluate(sc, base), evaluate(sc, &f.apply(base)));
    let own_d = own(f.place) - own(base[f.pupil as usize]);
    Delta {
        own: own_d,
        others: (b.placements + b.unplaced) - (a.placements + a.unplaced) - own_d,
        above_pan: b.above_pan - a.above_pan,
        over_cap: b.over_cap - a.over_cap,
        fair_share: b.over_fair_share - a.over_fair_share,
    }
}

/// Is an increase a tie (within the plans' 1e-6 relative tolerance)?
pub fn is_tie(increase: f64, objective: f64) -> bool {
    increase.abs() <= 1e-6 * objective.abs().max(1.0)
}

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
                Forced::Plan(fp, _) if is_tie(fp.increase, fp.objective) => format!(
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
    let change = if is_tie(fp.increase, fp.objective) {
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
