//! Is there room for one more pupil at a place in a plan, and if not, who holds it?
//!
//! "Full" means a hard constraint of MODEL.md would break if the pupil were
//! added there and nobody moved: school places (constraint 2, with the
//! above-PAN allowance for FAP pupils), free places for in-year pupils
//! (constraint 3), the fairness cap in `hard` mode (constraint 5), AP places
//! (constraint 4). Soft limits (above-PAN at a cost, the soft cap, fair share)
//! never make a place full: they make it dearer, which the forced solves
//! measure. The explanations name the holders; the warm starts of forced
//! solves move one of them out.

use crate::model::options::{cap, remaining};
use crate::model::Assignment;
use crate::scenario::{CapMode, Phase, PupilIdx, Scenario, Target, YearGroup};
use std::sync::Arc;

/// Which hard limit a place has reached.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Limit {
    /// Constraint 2: the year group's free places plus the above-PAN allowance
    /// (for a FAP pupil), all in use.
    Places {
        /// School.
        school: u32,
        /// Year group.
        year: YearGroup,
        /// Free places, `max(0, pan − on_roll)`.
        free: u32,
        /// `max_above_pan`.
        above_pan: u32,
    },
    /// Constraint 3: an in-year pupil cannot go above PAN and the free places
    /// are taken by other in-year pupils.
    InYearPlaces {
        /// School.
        school: u32,
        /// Year group.
        year: YearGroup,
        /// Free places.
        free: u32,
    },
    /// Constraint 5 in `hard` mode: the school's FAP cap for the phase is reached.
    Cap {
        /// School.
        school: u32,
        /// Phase.
        phase: Phase,
        /// `cap(s,g)`.
        cap: u32,
        /// FAP admissions earlier this year (the ledger).
        ledger: u32,
    },
    /// Constraint 4: every place at the AP provider is taken.
    ApPlaces {
        /// AP provider.
        ap: u32,
        /// Places this round.
        places: u32,
    },
}

/// A full place and the pupils of the round who hold it (sorted).
#[derive(Debug, Clone, PartialEq)]
pub struct Full {
    /// The limit reached.
    pub limit: Limit,
    /// Pupils placed there in the plan who count against the limit.
    pub holders: Vec<PupilIdx>,
}

/// Who is placed where in a plan, by target (sorted): what [`full`] reads,
/// so that a check costs the pupils at one place, not the whole round.
/// Copies share the plan's lists and hold only the places they moved pupils
/// into or out of: a warm start copies it for every forced re-solve.
#[derive(Debug, Clone)]
pub struct Occupancy {
    at: Arc<Vec<Vec<PupilIdx>>>,
    changed: Vec<(usize, Vec<PupilIdx>)>,
    schools: usize,
}

impl Occupancy {
    /// The occupancy of plan `a`.
    pub fn new(sc: &Scenario, a: &Assignment) -> Occupancy {
        let mut at = vec![Vec::new(); sc.schools.len() + sc.aps.len()];
        let schools = sc.schools.len();
        for (p, place) in a.iter().enumerate() {
            if let Some(t) = place {
                at[slot(schools, *t)].push(p as PupilIdx);
            }
        }
        Occupancy {
            at: Arc::new(at),
            changed: Vec::new(),
            schools,
        }
    }

    /// The pupils placed at `t`, sorted.
    pub fn at(&self, t: Target) -> &[PupilIdx] {
        let slot = slot(self.schools, t);
        match self.changed.iter().find(|c| c.0 == slot) {
            Some((_, v)) => v,
            None => &self.at[slot],
        }
    }

    /// The list of `t`, copied into `changed` on first change.
    fn at_mut(&mut self, t: Target) -> &mut Vec<PupilIdx> {
        let slot = slot(self.schools, t);
        let k = match self.changed.iter().position(|c| c.0 == slot) {
            Some(k) => k,
            None => {
                self.changed.push((slot, self.at[slot].clone()));
                self.changed.len() - 1
            }
        };
        &mut self.changed[k].1
    }

    /// Records that pupil `p` moved from `from` to `to`.
    pub fn moved(&mut self, p: PupilIdx, from: Option<Target>, to: Option<Target>) {
        if let Some(t) = from {
            self.at_mut(t).retain(|&q| q != p);
        }
        if let Some(t) = to {
            let v = self.at_mut(t);
            if let Err(i) = v.binary_search(&p) {
                v.insert(i, p);
            }
        }
    }
}

/// Where target `t`'s pupils are listed: schools first, then AP providers.
fn slot(schools: usize, t: Target) -> usize {
    match t {
        Target::School(s) => s as usize,
        Target::Ap(a) => schools + a as usize,
    }
}

/// `Some` when adding `pupil` at `t` to the plan of `occ` (where it is not
/// placed at `t`) would break a hard limit, checked in MODEL.md constraint order.
pub fn full(sc: &Scenario, occ: &Occupancy, pupil: PupilIdx, t: Target) -> Option<Full> {
    let p = &sc.pupils[pupil as usize];
    let at = |pred: &dyn Fn(PupilIdx) -> bool| -> Vec<PupilIdx> {
        occ.at(t)
            .iter()
            .copied()
            .filter(|&q| q != pupil && pred(q))
            .collect()
    };
    let s = match t {
        Target::Ap(ap) => {
            let places = sc.aps[ap as usize].places;
            let holders = at(&|_| true);
            return (holders.len() as u32 >= places).then_some(Full {
                limit: Limit::ApPlaces { ap, places },
                holders,
            });
        }
        Target::School(s) => s,
    };
    let free = sc.schools[s as usize].free(p.year);
    let year = p.year;
    let same_year = |q: PupilIdx| sc.pupils[q as usize].year == year;
    let holders = at(&same_year);
    let above_pan = sc.policy.max_above_pan;
    if holders.len() as u32 >= free + above_pan {
        let limit = Limit::Places {
            school: s,
            year,
            free,
            above_pan,
        };
        return Some(Full { limit, holders });
    }
    if !p.is_fap() {
        let holders = at(&|q| same_year(q) && !sc.pupils[q as usize].is_fap());
        if holders.len() as u32 >= free {
            let limit = Limit::InYearPlaces {
                school: s,
                year,
                free,
            };
            return Some(Full { limit, holders });
        }
        return None;
    }
    let phase = year.phase();
    let rem = remaining(sc, s, phase).filter(|_| sc.policy.fap_cap_mode == CapMode::Hard)?;
    let holders = at(&|q| {
        let pq = &sc.pupils[q as usize];
        pq.is_fap() && pq.year.phase() == phase
    });
    (holders.len() as u32 >= rem).then(|| Full {
        limit: Limit::Cap {
            school: s,
            phase,
            cap: cap(sc, s, phase),
            ledger: sc.schools[s as usize].ledger(phase),
        },
        holders,
    })
}
