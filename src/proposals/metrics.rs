//! Summary figures of a plan (MODEL.md "Metrics"; definitions in docs/metrics.md).
//!
//! Computed from the scenario and an assignment only, so a proposal, a sweep
//! variant and a checked plan all get the same figures the same way.

use crate::model::objective::{evaluate_with, Assignment};
use crate::model::options::{cap, FairShares};
use crate::scenario::{CapMode, Phase, Pupil, Scenario, Target};
use serde::Serialize;
use std::collections::BTreeMap;

/// One school's FAP load in one phase.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SchoolLoad {
    /// School id.
    pub school: String,
    /// Trust, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trust: Option<String>,
    /// `primary` or `secondary`.
    pub phase: &'static str,
    /// FAP pupils placed this round (count).
    pub placed_this_round: u32,
    /// FAP pupils admitted this year: the ledger plus this round (count,
    /// what the fairness cap counts).
    pub admitted_this_year: u32,
    /// The fairness cap `cap(s,g)`; absent when the cap is `off`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cap: Option<u32>,
    /// Ledger + load_weight of pupils placed this round.
    pub load_this_year: f64,
    /// Fair share of the phase's load.
    pub fair_share: f64,
    /// load ÷ share.
    pub load_ratio: f64,
}

/// The figures a panel reads first.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Metrics {
    /// Pupils in the round.
    pub pupils: usize,
    /// Placed pupils (school or AP).
    pub placed: usize,
    /// Unplaced pupils.
    pub unplaced: usize,
    /// Placed FAP pupils.
    pub placed_fap: usize,
    /// Unplaced FAP pupils.
    pub unplaced_fap: usize,
    /// Placed in-year pupils.
    pub placed_in_year: usize,
    /// Unplaced in-year pupils.
    pub unplaced_in_year: usize,
    /// Pupils with preferences placed at their first.
    pub first_preference: usize,
    /// Pupils with preferences placed at any of them.
    pub any_preference: usize,
    /// Pupils who gave preferences.
    pub with_preferences: usize,
    /// Mean distance of placed pupils, km.
    pub mean_km: f64,
    /// Largest distance, km.
    pub max_km: f64,
    /// Placed at a school beyond walking distance.
    pub beyond_walking: usize,
    /// Places used above PAN.
    pub above_pan_places: u32,
    /// FAP placements over the fairness cap (soft mode).
    pub over_cap_placements: u32,
    /// AP places used.
    pub ap_places_used: usize,
    /// Largest load ÷ share over schools with a fair share.
    pub max_load_ratio: f64,
    /// Gini coefficient of load ÷ share over those schools.
    pub gini_load_ratio: f64,
    /// Per school and phase with a fair share, highest ratio first.
    pub school_loads: Vec<SchoolLoad>,
    /// Per trust and phase, highest ratio first.
    pub trust_loads: Vec<TrustLoad>,
}

/// One trust's FAP load in one phase: the sums over its schools with a fair share.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TrustLoad {
    /// Trust name.
    pub trust: String,
    /// `primary` or `secondary`.
    pub phase: &'static str,
    /// Its schools with a fair share in the phase.
    pub schools: usize,
    /// FAP pupils placed at them this round.
    pub placed_this_round: u32,
    /// Σ load this year.
    pub load_this_year: f64,
    /// Σ fair share.
    pub fair_share: f64,
    /// load ÷ share.
    pub load_ratio: f64,
}

/// Computes the metrics of an assignment.
pub fn compute(sc: &Scenario, a: &Assignment) -> Metrics {
    compute_with(sc, a, &FairShares::compute(sc))
}

/// [`compute`] with fair shares given (loads measured against a yardstick's shares).
pub fn compute_with(sc: &Scenario, a: &Assignment, shares: &FairShares) -> Metrics {
    let parts = evaluate_with(sc, a, shares);
    let mut m = Metrics {
        pupils: sc.pupils.len(),
        above_pan_places: parts.above_pan_places,
        over_cap_placements: parts.over_cap_places,
        ..Metrics::default()
    };
    let placed = m.count_placements(sc, a);
    m.school_loads = school_loads(sc, shares, &placed);
    m.trust_loads = trust_loads(&m.school_loads);
    let ratios: Vec<f64> = m.school_loads.iter().map(|l| l.load_ratio).collect();
    m.max_load_ratio = ratios.iter().copied().fold(0.0, f64::max);
    m.gini_load_ratio = gini(&ratios);
    highest_ratio_first(&mut m.school_loads, |l| (l.load_ratio, &l.school, l.phase));
    m
}

/// Sorts loads by ratio, highest first, then by name and phase.
fn highest_ratio_first<T>(v: &mut [T], key: impl Fn(&T) -> (f64, &String, &'static str)) {
    v.sort_by(|a, b| {
        let (ra, na, pa) = key(a);
        let (rb, nb, pb) = key(b);
        rb.total_cmp(&ra)
            .then_with(|| na.cmp(nb))
            .then_with(|| pa.cmp(pb))
    });
}

/// load ÷ share, 0 where the share is 0.
fn ratio(load: f64, share: f64) -> f64 {
    if share > 0.0 {
        load / share
    } else {
        0.0
    }
}

/// The FAP pupils placed at each school this round, by phase: their summed
/// load weights and their count.
struct Placed {
    load: Vec<[f64; 2]>,
    count: Vec<[u32; 2]>,
}

impl Metrics {
    /// Counts the pupils placed and unplaced, preferences met, distances and
    /// AP places used; returns the FAP pupils placed at each school.
    fn count_placements(&mut self, sc: &Scenario, a: &Assignment) -> Placed {
        let mut placed = Placed {
            load: vec![[0.0; 2]; sc.schools.len()],
            count: vec![[0; 2]; sc.schools.len()],
        };
        let mut total_km = 0.0;
        for (p, place) in sc.pupils.iter().zip(a) {
            if !p.preferences.is_empty() {
                self.with_preferences += 1;
            }
            match *place {
                None => self.count_unplaced(p),
                Some(t) => total_km += self.count_placed(sc, p, t, &mut placed),
            }
        }
        if self.placed > 0 {
            self.mean_km = total_km / self.placed as f64;
        }
        placed
    }

    fn count_unplaced(&mut self, p: &Pupil) {
        self.unplaced += 1;
        if p.is_fap() {
            self.unplaced_fap += 1
        } else {
            self.unplaced_in_year += 1
        }
    }

    /// Counts one placed pupil; returns its distance.
    fn count_placed(&mut self, sc: &Scenario, p: &Pupil, t: Target, placed: &mut Placed) -> f64 {
        self.placed += 1;
        if p.is_fap() {
            self.placed_fap += 1
        } else {
            self.placed_in_year += 1
        }
        self.count_preference(p.preference_rank(t));
        let d = sc.distance(p, t);
        self.max_km = self.max_km.max(d);
        match t {
            Target::School(s) => self.count_at_school(sc, p, s as usize, d, placed),
            Target::Ap(_) => self.ap_places_used += 1,
        }
        d
    }

    /// A placement at the pupil's preference of this rank (0: first), if any.
    fn count_preference(&mut self, rank: Option<usize>) {
        if let Some(k) = rank {
            self.any_preference += 1;
            self.first_preference += usize::from(k == 0);
        }
    }

    /// A placement at school `s`, `d` km away: beyond walking distance, and
    /// the school's FAP load.
    fn count_at_school(&mut self, sc: &Scenario, p: &Pupil, s: usize, d: f64, placed: &mut Placed) {
        if d > sc.policy.walking_km(p.year) {
            self.beyond_walking += 1;
        }
        if p.is_fap() {
            let g = p.year.phase().index();
            placed.load[s][g] += p.load_weight;
            placed.count[s][g] += 1;
        }
    }
}

/// The load of every school with a fair share, phase by phase, in school order.
fn school_loads(sc: &Scenario, shares: &FairShares, placed: &Placed) -> Vec<SchoolLoad> {
    let mut out = Vec::new();
    for g in Phase::ALL {
        for s in 0..sc.schools.len() {
            if let Some(share) = shares.get(s as u32, g) {
                out.push(school_load(sc, s, g, share, placed));
            }
        }
    }
    out
}

fn school_load(sc: &Scenario, s: usize, g: Phase, share: f64, placed: &Placed) -> SchoolLoad {
    let school = &sc.schools[s];
    let this_year = school.ledger(g) as f64 + placed.load[s][g.index()];
    let count = placed.count[s][g.index()];
    SchoolLoad {
        school: school.id.clone(),
        trust: school.trust.clone(),
        phase: g.name(),
        placed_this_round: count,
        admitted_this_year: school.ledger(g) + count,
        cap: (sc.policy.fap_cap_mode != CapMode::Off).then(|| cap(sc, s as u32, g)),
        load_this_year: this_year,
        fair_share: share,
        load_ratio: ratio(this_year, share),
    }
}

/// Sums school loads per trust and phase; highest ratio first, then by name.
fn trust_loads(schools: &[SchoolLoad]) -> Vec<TrustLoad> {
    let mut by: BTreeMap<(&str, &'static str), TrustLoad> = BTreeMap::new();
    for l in schools {
        if let Some(t) = &l.trust {
            by.entry((t, l.phase))
                .or_insert_with(|| TrustLoad::empty(t, l.phase))
                .add(l);
        }
    }
    let mut out: Vec<TrustLoad> = by.into_values().collect();
    for t in &mut out {
        t.load_ratio = ratio(t.load_this_year, t.fair_share);
    }
    highest_ratio_first(&mut out, |t| (t.load_ratio, &t.trust, t.phase));
    out
}

impl TrustLoad {
    fn empty(trust: &str, phase: &'static str) -> TrustLoad {
        TrustLoad {
            trust: trust.to_string(),
            phase,
            schools: 0,
            placed_this_round: 0,
            load_this_year: 0.0,
            fair_share: 0.0,
            load_ratio: 0.0,
        }
    }

    /// Adds one of the trust's schools.
    fn add(&mut self, l: &SchoolLoad) {
        self.schools += 1;
        self.placed_this_round += l.placed_this_round;
        self.load_this_year += l.load_this_year;
        self.fair_share += l.fair_share;
    }
}

/// Gini coefficient of non-negative values (0 = all equal).
pub fn gini(xs: &[f64]) -> f64 {
    let n = xs.len() as f64;
    let sum: f64 = xs.iter().sum();
    if xs.is_empty() || sum <= 0.0 {
        return 0.0;
    }
    let mut v = xs.to_vec();
    v.sort_by(f64::total_cmp);
    let weighted: f64 = v
        .iter()
        .enumerate()
        .map(|(i, x)| (2.0 * (i as f64 + 1.0) - n - 1.0) * x)
        .sum();
    weighted / (n * sum)
}

#[cfg(test)]
mod tests {
    use super::gini;

    #[test]
    fn gini_of_equal_values_is_zero_and_of_one_holder_is_near_one() {
        assert_eq!(gini(&[2.0, 2.0, 2.0]), 0.0);
        assert!((gini(&[0.0, 0.0, 0.0, 4.0]) - 0.75).abs() < 1e-12);
    }
}
