//! Checks that need the option rules: pinned pupils and "no option" warnings.
//!
//! SCENARIO.md makes a pinned placement that breaks a hard rule, or pinned
//! pupils that alone overfill a place, a validation error (the panel's
//! decision cannot be honoured: say which rule). Pupils with no option, schools
//! with no place at all, and preferences beyond the travel limit are warnings.

use super::options::{eligibility, remaining, school_eligibility, Rule};
use crate::scenario::issue::{field, index, quote};
use crate::scenario::{CapMode, Issue, Phase, Route, Scenario, Target, YearGroup};
use std::collections::BTreeMap;

/// Adds the pinned-pupil errors and the option warnings of a scenario that has
/// no other error.
pub fn check(sc: &Scenario, issues: &mut Vec<Issue>) {
    check_pinned(sc, issues);
    warn_no_option(sc, issues);
    warn_full_schools(sc, issues);
    warn_far_preferences(sc, issues);
}

fn check_pinned(sc: &Scenario, issues: &mut Vec<Issue>) {
    let mut school_year: BTreeMap<(u32, YearGroup), (u32, u32)> = BTreeMap::new(); // (all, in-year)
    let mut school_phase: BTreeMap<(u32, Phase), u32> = BTreeMap::new();
    let mut ap: BTreeMap<u32, u32> = BTreeMap::new();
    for (i, p) in sc.pupils.iter().enumerate() {
        let Some(t) = p.pinned else { continue };
        let path = field(&index("pupils", i), "pinned");
        if let Err(rule) = eligibility(sc, p, t) {
            issues.push(
                Issue::error("pinned-not-option", path, format!("pinned to {}, which breaks a hard rule: {}", quote(sc.target_id(t)), rule.describe()))
                    .hint("pin the pupil to a school or AP provider it can go to, or change the data that rules it out"),
            );
            continue;
        }
        match t {
            Target::School(s) => {
                let e = school_year.entry((s, p.year)).or_default();
                e.0 += 1;
                e.1 += u32::from(!p.is_fap());
                if p.is_fap() {
                    *school_phase.entry((s, p.year.phase())).or_default() += 1;
                }
            }
            Target::Ap(a) => *ap.entry(a).or_default() += 1,
        }
    }
    let overfill = |what: String, n: u32, limit: u32, hint: &str| {
        Issue::error(
            "pinned-overfill",
            "pupils",
            format!("{n} pupils are pinned to {what}, which has room for {limit}"),
        )
        .hint(hint.to_string())
    };
    for (&(s, y), &(all, in_year)) in &school_year {
        let school = &sc.schools[s as usize];
        let free = school.free(y);
        if in_year > free {
            issues.push(overfill(
                format!("year {y} of {} as in-year admissions", quote(&school.id)),
                in_year,
                free,
                "in-year pupils cannot go above PAN: unpin some, or record more free places",
            ));
        }
        if all > free + sc.policy.max_above_pan {
            issues.push(overfill(
                format!("year {y} of {}", quote(&school.id)),
                all,
                free + sc.policy.max_above_pan,
                "unpin some pupils, or raise policy.max_above_pan",
            ));
        }
    }
    if sc.policy.fap_cap_mode == CapMode::Hard {
        for (&(s, g), &n) in &school_phase {
            if let Some(rem) = remaining(sc, s, g) {
                if n > rem {
                    issues.push(overfill(
                        format!(
                            "{} ({} phase) under the hard fairness cap",
                            quote(&sc.schools[s as usize].id),
                            g.name()
                        ),
                        n,
                        rem,
                        "unpin some pupils, or set policy.fap_cap.mode to \"soft\"",
                    ));
                }
            }
        }
    }
    for (&a, &n) in &ap {
        let places = sc.aps[a as usize].places;
        if n > places {
            issues.push(overfill(
                format!("AP provider {}", quote(&sc.aps[a as usize].id)),
                n,
                places,
                "unpin some pupils, or record more AP places",
            ));
        }
    }
}

fn warn_no_option(sc: &Scenario, issues: &mut Vec<Issue>) {
    for (i, p) in sc.pupils.iter().enumerate() {
        if p.pinned.is_some() {
            continue;
        }
        let any_school = p.route != Route::Ap
            && (0..sc.schools.len() as u32).any(|s| school_eligibility(sc, p, s).is_ok());
        let any_ap = !any_school
            && (0..sc.aps.len() as u32).any(|a| eligibility(sc, p, Target::Ap(a)).is_ok());
        if any_school || any_ap {
            continue;
        }
        let why = nearest_reason(sc, p);
        issues.push(
            Issue::warning("no-option", index("pupils", i), format!("no school or AP provider can take this pupil ({why})"))
                .hint("the pupil will be left unplaced; check the travel limits, year groups and free places"),
        );
    }
}

/// Why the nearest school teaching the pupil's year group is not an option.
fn nearest_reason(sc: &Scenario, p: &crate::scenario::Pupil) -> String {
    let nearest = (0..sc.schools.len() as u32)
        .filter(|&s| {
            sc.schools[s as usize].teaches(p.year) && sc.schools[s as usize].sex.admits(p.sex)
        })
        .map(|s| (sc.distance(p, Target::School(s)), s))
        .min_by(|a, b| a.0.total_cmp(&b.0));
    match nearest {
        None => format!("no school teaches year {} for this pupil", p.year),
        Some((d, s)) => match school_eligibility(sc, p, s) {
            Err(Rule::TooFar(_, limit)) => {
                format!(
                    "nearest school teaching year {} is {} at {d:.1} km, limit {limit:.1}",
                    p.year,
                    quote(&sc.schools[s as usize].id)
                )
            }
            Err(rule) => format!(
                "nearest school teaching year {}, {}: {}",
                p.year,
                quote(&sc.schools[s as usize].id),
                rule.describe()
            ),
            Ok(_) => "no option".to_string(),
        },
    }
}

fn warn_full_schools(sc: &Scenario, issues: &mut Vec<Issue>) {
    for (i, s) in sc.schools.iter().enumerate() {
        let any_free = YearGroup::all().any(|y| s.free(y) > 0);
        let above = s.accepts_fap && sc.policy.max_above_pan > 0;
        if !any_free && !above {
            issues.push(
                Issue::warning(
                    "school-full",
                    index("schools", i),
                    format!(
                        "school {} has no free place and no above-PAN allowance",
                        quote(&s.id)
                    ),
                )
                .hint("no pupil can be placed there this round"),
            );
        }
    }
}

fn warn_far_preferences(sc: &Scenario, issues: &mut Vec<Issue>) {
    for (i, p) in sc.pupils.iter().enumerate() {
        for (k, &t) in p.preferences.iter().enumerate() {
            let d = sc.distance(p, t);
            let limit = match t {
                Target::School(_) => sc.policy.max_travel_km(p.year.phase()),
                Target::Ap(_) => sc.policy.max_ap_travel_km,
            };
            if d > limit {
                issues.push(
                    Issue::warning(
                        "far-preference",
                        index(&field(&index("pupils", i), "preferences"), k),
                        format!(
                            "preference {} is {d:.1} km away, beyond the {limit:.1} km limit",
                            quote(sc.target_id(t))
                        ),
                    )
                    .hint("it is still offered because the parents asked for it"),
                );
            }
        }
    }
}
