//! The validated scenario: what the model, the checker and the reports read.
//!
//! Every default of SCENARIO.md and MODEL.md is applied here (see
//! [`Policy::default`] and [`Weights::default`]), every id is resolved to a dense
//! typed index, and every count is known to be in range. Nothing downstream
//! looks at wire types or re-applies a default.

use std::collections::BTreeMap;

use super::kinds::*;

/// The objective's weights, defaults from MODEL.md.
#[derive(Debug, Clone, PartialEq)]
#[allow(missing_docs)]
pub struct Weights {
    pub distance_per_km: f64,
    pub transport: f64,
    pub preference: Vec<f64>,
    pub not_preferred: f64,
    pub previous_school: f64,
    pub sibling_bonus: f64,
    pub unplaced: f64,
    pub weak_school: f64,
    pub above_pan: f64,
    pub over_cap: f64,
    pub over_fair_share: f64,
    pub ap_route: f64,
    pub ap_needs_match: f64,
    pub fap_priority: f64,
    /// `w.move`: the cost of moving a pupil away from its reference placement.
    pub r#move: f64,
}

impl Default for Weights {
    fn default() -> Self {
        Weights {
            distance_per_km: 1.0,
            transport: 3.0,
            preference: vec![0.0, 2.0, 4.0, 6.0],
            not_preferred: 8.0,
            previous_school: 10.0,
            sibling_bonus: 3.0,
            unplaced: 100.0,
            weak_school: 4.0,
            above_pan: 12.0,
            over_cap: 25.0,
            over_fair_share: 6.0,
            ap_route: 20.0,
            ap_needs_match: 5.0,
            fap_priority: 1.5,
            r#move: 5.0,
        }
    }
}

impl Weights {
    /// Cost of preference rank `k` (0-based); past the table's end, its last entry.
    pub fn preference_cost(&self, k: usize) -> f64 {
        self.preference[k.min(self.preference.len() - 1)]
    }
}

/// The panel's rules, defaults from SCENARIO.md.
#[derive(Debug, Clone, PartialEq)]
#[allow(missing_docs)]
pub struct Policy {
    pub route_factor: f64,
    pub max_travel_km_primary: f64,
    pub max_travel_km_secondary: f64,
    pub max_ap_travel_km: f64,
    pub walking_km_under_8: f64,
    pub walking_km_eight_plus: f64,
    pub fap_cap_per_30_pan: f64,
    pub fap_cap_mode: CapMode,
    pub max_above_pan: u32,
    pub protect_inadequate: bool,
    pub weights: Weights,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            route_factor: 1.3,
            max_travel_km_primary: 5.0,
            max_travel_km_secondary: 10.0,
            max_ap_travel_km: 15.0,
            walking_km_under_8: 3.219,
            walking_km_eight_plus: 4.828,
            fap_cap_per_30_pan: 1.0,
            fap_cap_mode: CapMode::Soft,
            max_above_pan: 1,
            protect_inadequate: true,
            weights: Weights::default(),
        }
    }
}

impl Policy {
    /// `max_travel_km[g]`.
    pub fn max_travel_km(&self, g: Phase) -> f64 {
        match g {
            Phase::Primary => self.max_travel_km_primary,
            Phase::Secondary => self.max_travel_km_secondary,
        }
    }
    /// Walking distance for the pupil's age band.
    pub fn walking_km(&self, y: YearGroup) -> f64 {
        if y.is_under_8() {
            self.walking_km_under_8
        } else {
            self.walking_km_eight_plus
        }
    }
}

/// Places of one year group.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct YearPlaces {
    /// Published admission number.
    pub pan: u32,
    /// Pupils on roll now.
    pub on_roll: u32,
}

impl YearPlaces {
    /// `free(s,y) = max(0, pan − on_roll)`.
    pub fn free(&self) -> u32 {
        self.pan.saturating_sub(self.on_roll)
    }

    /// With one more free place: one fewer on roll (on roll at most PAN − 1),
    /// or, where there is no roll to lower (PAN 0 or nobody on roll), PAN + 1
    /// with on roll at most the old PAN. The place values and the panel's
    /// "add a place" both mean this (docs/decision-support.md).
    pub fn one_more_free(self) -> YearPlaces {
        if self.pan == 0 || self.on_roll == 0 {
            YearPlaces {
                pan: self.pan + 1,
                on_roll: self.on_roll.min(self.pan),
            }
        } else {
            YearPlaces {
                pan: self.pan,
                on_roll: self.on_roll.min(self.pan) - 1,
            }
        }
    }

    /// With one free place fewer (one more on roll), if there is one.
    pub fn one_fewer_free(self) -> Option<YearPlaces> {
        (self.free() > 0).then_some(YearPlaces {
            pan: self.pan,
            on_roll: self.on_roll + 1,
        })
    }
}

/// A mainstream school.
#[derive(Debug, Clone, PartialEq)]
#[allow(missing_docs)]
pub struct School {
    pub id: String,
    pub name: Option<String>,
    pub location: Location,
    pub sex: SchoolSex,
    pub ofsted: Ofsted,
    /// Indexed by year group; `None` where the school does not teach it.
    pub years: [Option<YearPlaces>; YEAR_GROUPS],
    /// FAP admissions so far this year, by year group.
    pub fap_this_year: [u32; YEAR_GROUPS],
    pub accepts_fap: bool,
    pub trust: Option<String>,
}

impl School {
    /// Does the school teach this year group?
    pub fn teaches(&self, y: YearGroup) -> bool {
        self.years[y.index()].is_some()
    }
    /// Does it teach any year group of the phase?
    pub fn teaches_phase(&self, g: Phase) -> bool {
        YearGroup::all().any(|y| g.contains(y) && self.teaches(y))
    }
    /// `free(s,y)`, 0 if not taught.
    pub fn free(&self, y: YearGroup) -> u32 {
        self.years[y.index()].map_or(0, |p| p.free())
    }
    /// `pan_g(s)`: the largest PAN over the phase's year groups it teaches.
    pub fn pan_phase(&self, g: Phase) -> u32 {
        YearGroup::all()
            .filter(|y| g.contains(*y))
            .filter_map(|y| self.years[y.index()])
            .map(|p| p.pan)
            .max()
            .unwrap_or(0)
    }
    /// `ledger_g(s)`.
    pub fn ledger(&self, g: Phase) -> u32 {
        YearGroup::all()
            .filter(|y| g.contains(*y))
            .map(|y| self.fap_this_year[y.index()])
            .sum()
    }
}

/// An alternative-provision provider.
#[derive(Debug, Clone, PartialEq)]
#[allow(missing_docs)]
pub struct ApProvider {
    pub id: String,
    pub name: Option<String>,
    pub location: Location,
    pub places: u32,
    pub first_year: YearGroup,
    pub last_year: YearGroup,
    pub specialisms: Vec<String>,
}

impl ApProvider {
    /// Does it serve the year group?
    pub fn serves(&self, y: YearGroup) -> bool {
        self.first_year <= y && y <= self.last_year
    }
}

/// A pupil to place.
#[derive(Debug, Clone, PartialEq)]
#[allow(missing_docs)]
pub struct Pupil {
    pub id: String,
    pub kind: PupilKind,
    pub category: Option<char>,
    pub year: YearGroup,
    pub sex: PupilSex,
    pub home: Location,
    pub days_out_of_education: f64,
    /// Ranked preferences, resolved.
    pub preferences: Vec<Target>,
    /// Known targets that excluded the pupil (unknown ids are dropped with a warning).
    pub excluded_from: Vec<Target>,
    pub previous_schools: Vec<Target>,
    pub siblings_at: Vec<Target>,
    pub avoid: Vec<Target>,
    pub route: Route,
    pub needs: Vec<String>,
    pub behaviour_concern: bool,
    pub twice_excluded: bool,
    pub load_weight: f64,
    pub pinned: Option<Target>,
    /// Measured journeys, final km.
    pub travel_km: BTreeMap<Target, f64>,
    /// Where the reference plan placed this pupil, for a re-solve against it
    /// (`crate::reference`); never read from the scenario file.
    pub reference: Option<Target>,
}

impl Pupil {
    /// Is this a FAP pupil?
    pub fn is_fap(&self) -> bool {
        self.kind == PupilKind::Fap
    }
    /// 0-based rank of `t` in the preferences.
    pub fn preference_rank(&self, t: Target) -> Option<usize> {
        self.preferences.iter().position(|&p| p == t)
    }
}

/// A validated scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct Scenario {
    /// `meta.name`.
    pub name: String,
    /// The rules.
    pub policy: Policy,
    /// Schools in file order.
    pub schools: Vec<School>,
    /// AP providers in file order.
    pub aps: Vec<ApProvider>,
    /// Pupils in file order.
    pub pupils: Vec<Pupil>,
    /// The reference plan a re-solve keeps close to (MODEL.md "Re-solving
    /// against a reference plan"); never read from the scenario file.
    pub reference: Option<ReferencePlan>,
}

/// Which plan a re-solve is measured against; each pupil's place in it is
/// [`Pupil::reference`].
#[derive(Debug, Clone, PartialEq)]
pub struct ReferencePlan {
    /// SHA-256 of the reference plan file's bytes, lower-case hex.
    pub sha256: String,
    /// The rank of the proposal taken as the reference (1 = the best).
    pub proposal: usize,
}

impl Scenario {
    /// The id of a target.
    pub fn target_id(&self, t: Target) -> &str {
        match t {
            Target::School(s) => &self.schools[s as usize].id,
            Target::Ap(a) => &self.aps[a as usize].id,
        }
    }
    /// The location of a target.
    pub fn target_location(&self, t: Target) -> Location {
        match t {
            Target::School(s) => self.schools[s as usize].location,
            Target::Ap(a) => self.aps[a as usize].location,
        }
    }
    /// Distance from the pupil's home to a target, km (SCENARIO.md "Locations and distances").
    pub fn distance(&self, p: &Pupil, t: Target) -> f64 {
        match p.travel_km.get(&t) {
            Some(&d) => d,
            None => {
                super::distance::straight_km(p.home, self.target_location(t))
                    * self.policy.route_factor
            }
        }
    }
    /// Looks a target up by id.
    pub fn find_target(&self, id: &str) -> Option<Target> {
        if let Some(i) = self.schools.iter().position(|s| s.id == id) {
            return Some(Target::School(i as u32));
        }
        self.aps
            .iter()
            .position(|a| a.id == id)
            .map(|i| Target::Ap(i as u32))
    }
}
