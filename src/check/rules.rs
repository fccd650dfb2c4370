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
    ApProvider, CapMode, Ofsted, Phase, Pupil, Route, Scenario, School, Target, YearGroup,
    YEAR_GROUPS,
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
            not_eligible(sc, p, t, out);
        }
        out.extend(pin_not_honoured(sc, p, place));
    }
}

/// One violation per rule placing `p` at `t` breaks.
fn not_eligible(sc: &Scenario, p: &Pupil, t: Target, out: &mut Vec<Violation>) {
    for rule in broken_rules(sc, p, t) {
        let (pupil, target) = (p.id.clone(), sc.target_id(t).to_string());
        out.push(Violation::NotEligible {
            pupil,
            target,
            rule,
        });
    }
}

/// Rule 8: `p` is pinned somewhere other than `place`.
fn pin_not_honoured(sc: &Scenario, p: &Pupil, place: Option<Target>) -> Option<Violation> {
    let pin = p.pinned.filter(|&pin| place != Some(pin))?;
    Some(Violation::PinnedNotHonoured {
        pupil: p.id.clone(),
        pinned: sc.target_id(pin).to_string(),
        placed: place.map(|t| sc.target_id(t).to_string()),
    })
}

/// Every eligibility rule (1–7, or the AP rules) placing `p` at `t` breaks.
fn broken_rules(sc: &Scenario, p: &Pupil, t: Target) -> Vec<Ineligible> {
    match t {
        Target::School(s) => school_rules(sc, p, &sc.schools[s as usize], t),
        Target::Ap(a) => ap_rules(sc, p, &sc.aps[a as usize], t),
    }
}

/// Is `t` one of `p`'s options: no rule breaks, and not pinned elsewhere (rule 8)?
pub fn is_option(sc: &Scenario, p: &Pupil, t: Target) -> bool {
    broken_rules(sc, p, t).is_empty() && p.pinned.is_none_or(|pin| pin == t)
}

/// Rules 1–7 for (p, s), every one that fails.
fn school_rules(sc: &Scenario, p: &Pupil, school: &School, t: Target) -> Vec<Ineligible> {
    let mut broken = admission_rules(p, school, t); // rules 1–4
    let limit = sc.policy.max_travel_km(p.year.phase());
    broken.extend(too_far(sc, p, t, limit)); // rule 5
    if sc.policy.protect_inadequate && p.behaviour_concern && school.ofsted == Ofsted::Inadequate {
        broken.push(Ineligible::ProtectInadequate); // rule 6
    }
    broken.extend(place_rules(sc, p, school)); // rule 7
    broken
}

/// Rules 1–4: the year group taught, sex, `excluded_from`/`avoid`, route.
fn admission_rules(p: &Pupil, school: &School, t: Target) -> Vec<Ineligible> {
    let mut broken = Vec::new();
    broken.extend((!school.teaches(p.year)).then_some(Ineligible::NotTaught));
    broken.extend((!school.sex.admits(p.sex)).then_some(Ineligible::Sex));
    broken.extend(listed_rules(p, t));
    broken.extend((p.route == Route::Ap).then_some(Ineligible::RouteApOnly));
    broken
}

/// Rule 7: a FAP pupil needs a school that accepts FAP with room up to
/// `max_above_pan`, an in-year pupil a free place (not where rule 1 fails).
fn place_rules(sc: &Scenario, p: &Pupil, school: &School) -> Vec<Ineligible> {
    let (taught, free) = (school.teaches(p.year), school.free(p.year));
    if !p.is_fap() {
        return Vec::from_iter((taught && free == 0).then_some(Ineligible::NoPlaceInYear));
    }
    let no_place = taught && free + sc.policy.max_above_pan == 0;
    let mut broken = Vec::from_iter((!school.accepts_fap).then_some(Ineligible::NotAcceptsFap));
    broken.extend(no_place.then_some(Ineligible::NoPlaceFap));
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
    for (s, school) in sc.schools.iter().enumerate() {
        check_year_places(sc, school, &c.year[s], out);
        check_hard_caps(sc, school, c.fap[s], out);
    }
    check_ap_places(sc, &c.ap, out);
}

/// Constraints 2 and 3 in each year group `school` teaches.
fn check_year_places(
    sc: &Scenario,
    school: &School,
    counts: &[(u32, u32); YEAR_GROUPS],
    out: &mut Vec<Violation>,
) {
    for (y, places) in YearGroup::all().zip(school.years) {
        let Some(places) = places else { continue };
        let (all, in_year) = counts[y.index()];
        out.extend(over_capacity(sc, school, y, places.free(), all));
        out.extend(in_year_above_pan(school, y, places.free(), in_year));
    }
}

/// Constraint 2: more pupils placed in year group `y` than its free places plus `max_above_pan`.
fn over_capacity(
    sc: &Scenario,
    school: &School,
    y: YearGroup,
    free: u32,
    placed: u32,
) -> Option<Violation> {
    let above = sc.policy.max_above_pan;
    (placed > free + above).then(|| Violation::OverCapacity {
        school: school.id.clone(),
        year: y.to_string(),
        placed,
        free,
        max_above_pan: above,
    })
}

/// Constraint 3: more in-year pupils placed in year group `y` than its free places.
fn in_year_above_pan(school: &School, y: YearGroup, free: u32, in_year: u32) -> Option<Violation> {
    (in_year > free).then(|| Violation::InYearAbovePan {
        school: school.id.clone(),
        year: y.to_string(),
        in_year,
        free,
    })
}

/// Constraint 4: more pupils placed at an AP provider than its places.
fn check_ap_places(sc: &Scenario, counts: &[u32], out: &mut Vec<Violation>) {
    for (ap, &placed) in sc.aps.iter().zip(counts) {
        out.extend((placed > ap.places).then(|| Violation::ApOverCapacity {
            ap: ap.id.clone(),
            placed,
            places: ap.places,
        }));
    }
}

/// Constraint 5 in `hard` mode, for both phases.
fn check_hard_caps(sc: &Scenario, school: &School, fap: [u32; 2], out: &mut Vec<Violation>) {
    if sc.policy.fap_cap_mode == CapMode::Hard {
        for g in Phase::ALL {
            check_hard_cap(sc, school, g, fap[g.index()], out);
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
