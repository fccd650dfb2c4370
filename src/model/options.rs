//! Eligible options and their costs (MODEL.md "Eligible options", "Objective").
//!
//! One function decides whether a (pupil, school) or (pupil, AP) pair is an
//! option and, if not, which rule removes it: the model, validation (pinned
//! pupils), the explanations and the reports all ask it, so they cannot
//! disagree. The checker (`crate::check`) deliberately has its own copy.
//! Costs are broken into named terms so that explanations can show them.

use crate::limits::Limits;
use crate::scenario::{ApIdx, CapMode, Ofsted, Phase, Pupil, PupilIdx, SchoolIdx};
use crate::scenario::{Issue, PupilKind, Route, Scenario, Target};
use rayon::prelude::*;

/// Why a pair is not an option (MODEL.md "Eligible options", by rule number).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Rule {
    /// Rule 1: The school does not teach the pupil's year group.
    NotTaught,
    /// Rule 2: Single-sex school of the other sex.
    Sex,
    /// Rule 3: The school or AP permanently excluded the pupil.
    ExcludedFrom,
    /// Rule 3: The panel ruled it out (`avoid`).
    Avoid,
    /// Rule 4: The pupil's route is AP only.
    RouteApOnly,
    /// Rule 5: Beyond the travel limit (km, limit).
    TooFar(f64, f64),
    /// Rule 6: Inadequate school and a behaviour concern.
    ProtectInadequate,
    /// Rule 7: The school is exempt from FAP this year.
    NotAcceptsFap,
    /// Rule 7: No free place and no above-PAN allowance (FAP pupil).
    NoPlaceFap,
    /// Rule 7: No free place (in-year pupil, who cannot go above PAN).
    NoPlaceInYear,
    /// Rule 8: The pupil is pinned elsewhere.
    PinnedElsewhere,
    /// AP: in-year pupils never go to AP.
    ApNotFap,
    /// AP: the pupil's route is school only.
    RouteSchoolOnly,
    /// AP: the provider does not serve the year group.
    ApYears,
    /// AP: no places this round.
    ApNoPlaces,
}

impl Rule {
    /// The rule in plain English, for explanations and validation messages.
    pub fn describe(&self) -> String {
        match self {
            Rule::NotTaught => "the school does not teach the pupil's year group (rule 1)".into(),
            Rule::Sex => "single-sex school of the other sex (rule 2)".into(),
            Rule::ExcludedFrom => "the pupil was permanently excluded from it (rule 3)".into(),
            Rule::Avoid => "the panel ruled it out for this pupil (avoid, rule 3)".into(),
            Rule::RouteApOnly => "the pupil's route is AP only (rule 4)".into(),
            Rule::TooFar(d, l) => format!("{d:.1} km away, beyond the {l:.1} km limit (rule 5)"),
            Rule::ProtectInadequate => {
                "inadequate school and the pupil has a behaviour concern (rule 6)".into()
            }
            Rule::NotAcceptsFap => {
                "the school is exempt from FAP placements this year (rule 7)".into()
            }
            Rule::NoPlaceFap => {
                "no free place in the year group and no above-PAN allowance (rule 7)".into()
            }
            Rule::NoPlaceInYear => {
                "no free place in the year group, and in-year pupils cannot go above PAN (rule 7)"
                    .into()
            }
            Rule::PinnedElsewhere => "the panel pinned the pupil elsewhere (rule 8)".into(),
            Rule::ApNotFap => "AP places are for FAP pupils only".into(),
            Rule::RouteSchoolOnly => "the pupil's route is mainstream school only".into(),
            Rule::ApYears => "the AP provider does not serve the pupil's year group".into(),
            Rule::ApNoPlaces => "the AP provider has no places this round".into(),
        }
    }
}

/// Is (p, s) an option? `Err` names the first rule, in MODEL.md order, that removes it.
pub fn school_eligibility(sc: &Scenario, p: &Pupil, s: SchoolIdx) -> Result<f64, Rule> {
    let school = &sc.schools[s as usize];
    let t = Target::School(s);
    if !school.teaches(p.year) {
        return Err(Rule::NotTaught);
    }
    if !school.sex.admits(p.sex) {
        return Err(Rule::Sex);
    }
    if p.excluded_from.contains(&t) {
        return Err(Rule::ExcludedFrom);
    }
    if p.avoid.contains(&t) {
        return Err(Rule::Avoid);
    }
    if p.route == Route::Ap {
        return Err(Rule::RouteApOnly);
    }
    let d = sc.distance(p, t);
    let limit = sc.policy.max_travel_km(p.year.phase());
    if d > limit && p.preference_rank(t).is_none() && p.pinned != Some(t) {
        return Err(Rule::TooFar(d, limit));
    }
    if sc.policy.protect_inadequate && p.behaviour_concern && school.ofsted == Ofsted::Inadequate {
        return Err(Rule::ProtectInadequate);
    }
    let free = school.free(p.year);
    match p.kind {
        PupilKind::Fap if !school.accepts_fap => return Err(Rule::NotAcceptsFap),
        PupilKind::Fap if free + sc.policy.max_above_pan == 0 => return Err(Rule::NoPlaceFap),
        PupilKind::InYear if free == 0 => return Err(Rule::NoPlaceInYear),
        _ => {}
    }
    if p.pinned.is_some_and(|pin| pin != t) {
        return Err(Rule::PinnedElsewhere);
    }
    Ok(d)
}

/// Is (p, a) an option? `Err` names the rule that removes it.
pub fn ap_eligibility(sc: &Scenario, p: &Pupil, a: ApIdx) -> Result<f64, Rule> {
    let ap = &sc.aps[a as usize];
    let t = Target::Ap(a);
    if !p.is_fap() {
        return Err(Rule::ApNotFap);
    }
    if p.route == Route::School {
        return Err(Rule::RouteSchoolOnly);
    }
    if !ap.serves(p.year) {
        return Err(Rule::ApYears);
    }
    if ap.places == 0 {
        return Err(Rule::ApNoPlaces);
    }
    let d = sc.distance(p, t);
    if d > sc.policy.max_ap_travel_km && p.preference_rank(t).is_none() && p.pinned != Some(t) {
        return Err(Rule::TooFar(d, sc.policy.max_ap_travel_km));
    }
    if p.excluded_from.contains(&t) {
        return Err(Rule::ExcludedFrom);
    }
    if p.avoid.contains(&t) {
        return Err(Rule::Avoid);
    }
    if p.pinned.is_some_and(|pin| pin != t) {
        return Err(Rule::PinnedElsewhere);
    }
    Ok(d)
}

/// Eligibility of any target.
pub fn eligibility(sc: &Scenario, p: &Pupil, t: Target) -> Result<f64, Rule> {
    match t {
        Target::School(s) => school_eligibility(sc, p, s),
        Target::Ap(a) => ap_eligibility(sc, p, a),
    }
}

/// The cost terms of one option (MODEL.md "School option cost", "AP option cost").
/// Bonuses are stored as negative numbers, so the cost is the plain sum.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
#[allow(missing_docs)]
pub struct CostTerms {
    pub distance: f64,
    pub transport: f64,
    pub preference: f64,
    pub not_preferred: f64,
    pub previous_school: f64,
    pub sibling_bonus: f64,
    pub weak_school: f64,
    pub ap_route: f64,
    pub ap_needs_match: f64,
    /// `w.move` when the option moves the pupil off its reference placement.
    pub moved: f64,
}

impl CostTerms {
    /// The option's cost in the program: c(p,t) plus the move term.
    pub fn total(&self) -> f64 {
        self.own() + self.moved
    }

    /// The option's own cost c(p,t) of MODEL.md "Objective": the terms but `moved`, in a fixed order.
    pub fn own(&self) -> f64 {
        self.distance
            + self.transport
            + self.preference
            + self.not_preferred
            + self.previous_school
            + self.sibling_bonus
            + self.weak_school
            + self.ap_route
            + self.ap_needs_match
    }

    /// Non-zero terms with their names, for explanations and reports.
    pub fn named(&self) -> Vec<(&'static str, f64)> {
        [
            ("distance", self.distance),
            ("transport", self.transport),
            ("preference", self.preference),
            ("not_preferred", self.not_preferred),
            ("previous_school", self.previous_school),
            ("sibling_bonus", self.sibling_bonus),
            ("weak_school", self.weak_school),
            ("ap_route", self.ap_route),
            ("ap_needs_match", self.ap_needs_match),
            ("moved", self.moved),
        ]
        .into_iter()
        .filter(|(_, v)| *v != 0.0)
        .collect()
    }
}

/// The cost terms of placing `p` at `t`, `d` km away.
pub fn cost_terms(sc: &Scenario, p: &Pupil, t: Target, d: f64) -> CostTerms {
    let w = &sc.policy.weights;
    let mut c = CostTerms {
        distance: w.distance_per_km * d,
        moved: move_cost(sc, p, Some(t)),
        ..Default::default()
    };
    match p.preference_rank(t) {
        Some(k) => c.preference = w.preference_cost(k),
        None if !p.preferences.is_empty() => c.not_preferred = w.not_preferred,
        None => {}
    }
    match t {
        Target::School(s) => {
            let school = &sc.schools[s as usize];
            if d > sc.policy.walking_km(p.year) {
                c.transport = w.transport;
            }
            if p.previous_schools.contains(&t) {
                c.previous_school = w.previous_school;
            }
            if p.siblings_at.contains(&t) {
                c.sibling_bonus = -w.sibling_bonus;
            }
            if p.is_fap() && school.ofsted.is_weak() {
                c.weak_school = w.weak_school;
            }
        }
        Target::Ap(a) => {
            if p.route != Route::Ap {
                c.ap_route = w.ap_route;
            }
            let ap = &sc.aps[a as usize];
            if p.needs.iter().any(|n| ap.specialisms.contains(n)) {
                c.ap_needs_match = -w.ap_needs_match;
            }
        }
    }
    c
}

/// The cost of `p`'s unplaced column in the program: `c_u(p)` plus the move term.
pub fn unplaced_cost(sc: &Scenario, p: &Pupil) -> f64 {
    unplaced_own_cost(sc, p) + move_cost(sc, p, None)
}

/// Does `place` move `p` off its reference placement? Only for pupils whose
/// reference placement is still one of their options (the set `M` of MODEL.md
/// "Re-solving against a reference plan").
pub fn moved(sc: &Scenario, p: &Pupil, place: Option<Target>) -> bool {
    p.reference
        .is_some_and(|r| place != Some(r) && eligibility(sc, p, r).is_ok())
}

/// `w.move` if `place` moves `p` off its reference placement, else 0.
///
/// `w.move · Σ_{p∈M} (1 − X[p,R(p)])` equals `w.move` on every other option
/// and on the unplaced column of each pupil of `M` (each pupil takes exactly
/// one): so the term is a cost adjustment, with no new rows or columns, and
/// the program's objective stays the plan's objective (no constant `w.move·|M|`
/// that would shift the relative MIP gap).
pub fn move_cost(sc: &Scenario, p: &Pupil, place: Option<Target>) -> f64 {
    if moved(sc, p, place) {
        sc.policy.weights.r#move
    } else {
        0.0
    }
}

/// `c_u(p)`: the cost of leaving `p` unplaced this round (MODEL.md).
pub fn unplaced_own_cost(sc: &Scenario, p: &Pupil) -> f64 {
    let w = &sc.policy.weights;
    let priority = if p.is_fap() { w.fap_priority } else { 1.0 };
    w.unplaced * priority * (1.0 + p.days_out_of_education / 20.0)
}

/// One eligible option of a pupil.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Opt {
    /// Where.
    pub target: Target,
    /// Distance, km.
    pub km: f64,
    /// c(p,t).
    pub cost: f64,
}

/// Every pupil's options, schools first then AP providers, each in file order.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    /// Indexed by pupil.
    pub per_pupil: Vec<Vec<Opt>>,
}

impl Options {
    /// Generates the options of every pupil (in parallel; the order is fixed).
    pub fn generate(sc: &Scenario) -> Options {
        let per_pupil = sc.pupils.par_iter().map(|p| pupil_options(sc, p)).collect();
        Options { per_pupil }
    }

    /// Every pupil's options, unless there are more than the limit.
    pub fn within(sc: &Scenario, limits: &Limits) -> Result<Options, Box<Issue>> {
        Options::generate_within(sc, limits.max_options).map_err(|n| {
            Box::new(
                Issue::error(
                    "too-many-options",
                    "",
                    format!(
                        "the rules allow more than {} pupil–place options (at least {n}), over the limit",
                        limits.max_options
                    ),
                )
                .hint(
                    "set travel limits (policy.max_travel_km) so that far schools are not options, \
                     or raise the limit with --max-options",
                ),
            )
        })
    }

    /// Like [`Options::generate`], but gives up once there are more than `max`
    /// options, with the count reached so far (more than `max`): memory stays
    /// bounded by about `max` options whatever the scenario.
    pub fn generate_within(sc: &Scenario, max: usize) -> Result<Options, usize> {
        use std::sync::atomic::{AtomicUsize, Ordering};
        let count = AtomicUsize::new(0);
        let per_pupil = sc
            .pupils
            .par_iter()
            .map(|p| {
                if count.load(Ordering::Relaxed) > max {
                    return Vec::new();
                }
                let o = pupil_options(sc, p);
                count.fetch_add(o.len(), Ordering::Relaxed);
                o
            })
            .collect();
        match count.into_inner() {
            n if n > max => Err(n),
            _ => Ok(Options { per_pupil }),
        }
    }

    /// Total number of options.
    pub fn len(&self) -> usize {
        self.per_pupil.iter().map(Vec::len).sum()
    }

    /// No options at all?
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The option of pupil `p` at `t`, if any.
    pub fn find(&self, p: PupilIdx, t: Target) -> Option<&Opt> {
        self.per_pupil[p as usize].iter().find(|o| o.target == t)
    }
}

/// One pupil's options.
pub fn pupil_options(sc: &Scenario, p: &Pupil) -> Vec<Opt> {
    let mk = |t: Target, km: f64| Opt {
        target: t,
        km,
        cost: cost_terms(sc, p, t, km).total(),
    };
    if let Some(t) = p.pinned {
        return eligibility(sc, p, t)
            .map(|km| vec![mk(t, km)])
            .unwrap_or_default();
    }
    let mut out = Vec::new();
    if p.route != Route::Ap {
        for s in 0..sc.schools.len() as u32 {
            if let Ok(km) = school_eligibility(sc, p, s) {
                out.push(mk(Target::School(s), km));
            }
        }
    }
    if p.is_fap() && p.route != Route::School {
        for a in 0..sc.aps.len() as u32 {
            if let Ok(km) = ap_eligibility(sc, p, a) {
                out.push(mk(Target::Ap(a), km));
            }
        }
    }
    out
}

/// `cap(s,g)` of MODEL.md constraint 5.
pub fn cap(sc: &Scenario, s: SchoolIdx, g: Phase) -> u32 {
    let pan = sc.schools[s as usize].pan_phase(g) as f64;
    ((sc.policy.fap_cap_per_30_pan * pan / 30.0 + 1e-9).floor() as u32).max(1)
}

/// `remaining(s,g) = max(0, cap(s,g) − ledger_g(s))`, or `None` when the cap does not apply
/// (mode `off`, or the school is exempt from FAP).
pub fn remaining(sc: &Scenario, s: SchoolIdx, g: Phase) -> Option<u32> {
    let school = &sc.schools[s as usize];
    if sc.policy.fap_cap_mode == CapMode::Off || !school.accepts_fap || !school.teaches_phase(g) {
        return None;
    }
    Some(cap(sc, s, g).saturating_sub(school.ledger(g)))
}

/// Fair shares of MODEL.md constraint 6: for each phase with at least one FAP
/// pupil and Σ pan_g > 0 over R_g, `share(s,g)` for every school in R_g.
#[derive(Debug, Clone, PartialEq)]
pub struct FairShares {
    /// `[phase][school]`: `Some(share)` for schools in R_g of a phase with a fair-share term.
    pub share: [Vec<Option<f64>>; 2],
}

impl FairShares {
    /// Computes the shares.
    pub fn compute(sc: &Scenario) -> FairShares {
        let mut share = [vec![None; sc.schools.len()], vec![None; sc.schools.len()]];
        for g in Phase::ALL {
            if sc.pupils.iter().any(|p| p.is_fap() && p.year.phase() == g) {
                share[g.index()] = FairShares::split(sc, g, fap_load(sc, g));
            }
        }
        FairShares { share }
    }

    /// Per school, `share(s,g)` of a phase whose load is the schools' ledgers
    /// plus `load` (`None` outside `R_g`, and for every school when
    /// `Σ pan_g = 0`): constraint 6 when `load` is the round's FAP load.
    pub fn split(sc: &Scenario, g: Phase, load: f64) -> Vec<Option<f64>> {
        let mut share = vec![None; sc.schools.len()];
        let in_r: Vec<usize> = (0..sc.schools.len())
            .filter(|&s| sc.schools[s].accepts_fap && sc.schools[s].teaches_phase(g))
            .collect();
        let pan_total: f64 = in_r
            .iter()
            .map(|&s| sc.schools[s].pan_phase(g) as f64)
            .sum();
        if pan_total <= 0.0 {
            return share;
        }
        let ledgers: f64 = in_r.iter().map(|&s| sc.schools[s].ledger(g) as f64).sum();
        let total = ledgers + load;
        for &s in &in_r {
            share[s] = Some(total * sc.schools[s].pan_phase(g) as f64 / pan_total);
        }
        share
    }

    /// `share(s,g)` if the school has a fair-share term in phase `g`.
    pub fn get(&self, s: SchoolIdx, g: Phase) -> Option<f64> {
        self.share[g.index()][s as usize]
    }
}

/// `Σ load_weight` of the phase's FAP pupils.
pub fn fap_load(sc: &Scenario, g: Phase) -> f64 {
    sc.pupils
        .iter()
        .filter(|p| p.is_fap() && p.year.phase() == g)
        .map(|p| p.load_weight)
        .sum()
}
