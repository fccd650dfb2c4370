//! The hard rules of MODEL.md, checked on resolved placements.
//!
//! Eligibility ("Eligible options", rules 1–8 for schools and the AP rules) is
//! checked per placement, reporting every rule a placement breaks, not just the
//! first, with two exceptions that would only repeat a violation: rule 7 (free
//! places) is skipped where rule 1 already says the year group is not taught,
//! and for AP the route rule is skipped for in-year pupils (who never have an AP
//! route). Rule 8 (pinned) is reported once per pupil as [`Violation::PinnedNotHonoured`].
//! Then the counting constraints 2–5 are checked per school year group, AP
//! provider, and school phase. Placements in a year group a school does not
//! teach are left out of the counts (they are already violations of rule 1).
//!
//! Written again from MODEL.md, deliberately sharing nothing with `crate::model`.

use super::fairness::remaining;
use super::resolve::Placement;
use super::{Ineligible, Violation};
use crate::scenario::{
    ApProvider, CapMode, Ofsted, Phase, Pupil, Route, Scenario, School, Target, YEAR_GROUPS,
};

/// Checks every placement's eligibility and every pinned pupil.
pub fn check_eligibility(
    sc: &Scenario,
    placements: &[Option<Placement>],
    out: &mut Vec<Violation>,
) {
    for (p, place) in sc.pupils.iter().zip(placements) {
        let Some(place) = *place else { continue };
        if let Some(t) = place {
            let broken = match t {
                Target::School(s) => school_rules(sc, p, &sc.schools[s as usize], t),
                Target::Ap(a) => ap_rules(sc, p, &sc.aps[a as usize], t),
            };
            out.extend(broken.into_iter().map(|rule| Violation::NotEligible {
                pupil: p.id.clone(),
                target: sc.target_id(t).to_string(),
                rule,
            }));
        }
        if let Some(pin) = p.pinned.filter(|&pin| place != Some(pin)) {
            out.push(Violation::PinnedNotHonoured {
                pupil: p.id.clone(),
                pinned: sc.target_id(pin).to_string(),
                placed: place.map(|t| sc.target_id(t).to_string()),
            });
        }
    }
}

/// Is `t` one of `p`'s options: no rule breaks, and not pinned elsewhere (rule 8)?
pub fn is_option(sc: &Scenario, p: &Pupil, t: Target) -> bool {
    let broken = match t {
        Target::School(s) => school_rules(sc, p, &sc.schools[s as usize], t),
        Target::Ap(a) => ap_rules(sc, p, &sc.aps[a as usize], t),
    };
    broken.is_empty() && p.pinned.is_none_or(|pin| pin == t)
}

/// Rules 1–7 for (p, s), every one that fails.
fn school_rules(sc: &Scenario, p: &Pupil, school: &School, t: Target) -> Vec<Ineligible> {
    let mut broken = Vec::new();
    let taught = school.teaches(p.year);
    if !taught {
        broken.push(Ineligible::NotTaught); // rule 1
    }
    if !school.sex.admits(p.sex) {
        broken.push(Ineligible::Sex); // rule 2
    }
    broken.extend(listed_rules(p, t)); // rule 3
    if p.route == Route::Ap {
        broken.push(Ineligible::RouteApOnly); // rule 4
    }
    let limit = sc.policy.max_travel_km(p.year.phase());
    broken.extend(too_far(sc, p, t, limit)); // rule 5
    if sc.policy.protect_inadequate && p.behaviour_concern && school.ofsted == Ofsted::Inadequate {
        broken.push(Ineligible::ProtectInadequate); // rule 6
    }
    let free = school.free(p.year);
    if p.is_fap() {
        if !school.accepts_fap {
            broken.push(Ineligible::NotAcceptsFap); // rule 7
        }
        if taught && free + sc.policy.max_above_pan == 0 {
            broken.push(Ineligible::NoPlaceFap);
        }
    } else if taught && free == 0 {
        broken.push(Ineligible::NoPlaceInYear);
    }
    broken
}

/// The AP rules for (p, a), every one that fails.
fn ap_rules(sc: &Scenario, p: &Pupil, ap: &ApProvider, t: Target) -> Vec<Ineligible> {
    let mut broken = Vec::new();
    if !p.is_fap() {
        broken.push(Ineligible::ApNotFap);
    } else if p.route == Route::School {
        broken.push(Ineligible::RouteSchoolOnly);
    }
    if !(ap.first_year <= p.year && p.year <= ap.last_year) {
        broken.push(Ineligible::ApYears);
    }
    if ap.places == 0 {
        broken.push(Ineligible::ApNoPlaces);
    }
    broken.extend(too_far(sc, p, t, sc.policy.max_ap_travel_km));
    broken.extend(listed_rules(p, t));
    broken
}

/// Rule 3: `excluded_from` and `avoid`.
fn listed_rules(p: &Pupil, t: Target) -> Vec<Ineligible> {
    let mut broken = Vec::new();
    if p.excluded_from.contains(&t) {
        broken.push(Ineligible::ExcludedFrom);
    }
    if p.avoid.contains(&t) {
        broken.push(Ineligible::Avoid);
    }
    broken
}

/// Rule 5: `d(p,t) ≤ limit` (inclusive) unless `t` is preferred or pinned.
fn too_far(sc: &Scenario, p: &Pupil, t: Target, limit: f64) -> Option<Ineligible> {
    let km = sc.distance(p, t);
    let excused = p.preferences.contains(&t) || p.pinned == Some(t);
    (km > limit && !excused).then_some(Ineligible::TooFar { km, limit })
}

/// Counts of placed pupils, as the counting constraints need them.
struct Counts {
    /// `[school][year]`: all pupils, in-year pupils.
    year: Vec<[(u32, u32); YEAR_GROUPS]>,
    /// `[school][phase]`: FAP pupils.
    fap: Vec<[u32; 2]>,
    /// `[ap]`: pupils.
    ap: Vec<u32>,
}

fn count(sc: &Scenario, placements: &[Option<Placement>]) -> Counts {
    let mut c = Counts {
        year: vec![[(0, 0); YEAR_GROUPS]; sc.schools.len()],
        fap: vec![[0; 2]; sc.schools.len()],
        ap: vec![0; sc.aps.len()],
    };
    for (p, place) in sc.pupils.iter().zip(placements) {
        match place {
            Some(Some(Target::School(s))) if sc.schools[*s as usize].teaches(p.year) => {
                let s = *s as usize;
                let cell = &mut c.year[s][p.year.index()];
                cell.0 += 1;
                if p.is_fap() {
                    c.fap[s][p.year.phase().index()] += 1;
                } else {
                    cell.1 += 1;
                }
            }
            Some(Some(Target::Ap(a))) => c.ap[*a as usize] += 1,
            _ => {}
        }
    }
    c
}

/// Constraints 2–5: school places, in-year pupils within free places, AP places, hard cap.
pub fn check_places(sc: &Scenario, placements: &[Option<Placement>], out: &mut Vec<Violation>) {
    let c = count(sc, placements);
    let above = sc.policy.max_above_pan;
    for (s, school) in sc.schools.iter().enumerate() {
        for (y, places) in crate::scenario::YearGroup::all().zip(school.years) {
            let Some(places) = places else { continue };
            let (all, in_year) = c.year[s][y.index()];
            let free = places.free();
            if all > free + above {
                out.push(Violation::OverCapacity {
                    school: school.id.clone(),
                    year: y.to_string(),
                    placed: all,
                    free,
                    max_above_pan: above,
                });
            }
            if in_year > free {
                out.push(Violation::InYearAbovePan {
                    school: school.id.clone(),
                    year: y.to_string(),
                    in_year,
                    free,
                });
            }
        }
        if sc.policy.fap_cap_mode == CapMode::Hard {
            for g in Phase::ALL {
                check_hard_cap(sc, school, g, c.fap[s][g.index()], out);
            }
        }
    }
    for (ap, &placed) in sc.aps.iter().zip(&c.ap) {
        if placed > ap.places {
            out.push(Violation::ApOverCapacity {
                ap: ap.id.clone(),
                placed,
                places: ap.places,
            });
        }
    }
}

/// Constraint 5 in `hard` mode: FAP pupils of phase `g` at `school` ≤ `remaining(s,g)`.
fn check_hard_cap(sc: &Scenario, school: &School, g: Phase, placed: u32, out: &mut Vec<Violation>) {
    let Some(rem) = remaining(sc, school, g) else {
        return;
    };
    if placed > rem {
        out.push(Violation::HardCapExceeded {
            school: school.id.clone(),
            phase: g.name(),
            placed,
            cap: super::fairness::cap(sc, school, g),
            ledger: school.ledger(g),
            remaining: rem,
        });
    }
}
