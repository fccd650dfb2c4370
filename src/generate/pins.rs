//! A few pupils pinned by the panel, only where the pin is valid.
//!
//! SCENARIO.md makes a pin that breaks a hard rule, or pins that together
//! overfill a place, a validation error. So pins are chosen on the validated
//! scenario with the model's own eligibility rule
//! ([`crate::model::options::eligibility`]), and counted against free places
//! (never above PAN), AP places and, in hard cap mode, the fairness cap: a
//! generated scenario can never fail validation because of its pins.

use super::random::Rng;
use crate::model::options::{eligibility, remaining};
use crate::scenario::{CapMode, Phase, Scenario, Target, YearGroup};
use std::collections::BTreeMap;

/// Share of FAP pupils the panel has already agreed a place for.
pub const PINNED_SHARE: f64 = 0.03;

/// (pupil index, target) pins: each FAP pupil is pinned with probability
/// [`PINNED_SHARE`] to its first preference that is an option with room left,
/// else to the nearest such school among `near[p]`; none if there is none.
pub fn choose(sc: &Scenario, near: &[Vec<u32>], rng: &mut Rng) -> Vec<(usize, Target)> {
    let mut school_year: BTreeMap<(u32, YearGroup), u32> = BTreeMap::new();
    let mut school_phase: BTreeMap<(u32, Phase), u32> = BTreeMap::new();
    let mut ap: BTreeMap<u32, u32> = BTreeMap::new();
    let mut out = Vec::new();
    for (i, p) in sc.pupils.iter().enumerate() {
        if !p.is_fap() || !rng.chance(PINNED_SHARE) {
            continue;
        }
        let targets = p
            .preferences
            .iter()
            .copied()
            .chain(near[i].iter().map(|&s| Target::School(s)));
        for t in targets {
            if eligibility(sc, p, t).is_err() {
                continue;
            }
            let g = p.year.phase();
            let room = match t {
                Target::School(s) => {
                    let used = school_year.get(&(s, p.year)).copied().unwrap_or(0);
                    let capped = sc.policy.fap_cap_mode == CapMode::Hard
                        && remaining(sc, s, g)
                            .is_some_and(|r| school_phase.get(&(s, g)).copied().unwrap_or(0) >= r);
                    used < sc.schools[s as usize].free(p.year) && !capped
                }
                Target::Ap(a) => ap.get(&a).copied().unwrap_or(0) < sc.aps[a as usize].places,
            };
            if !room {
                continue;
            }
            match t {
                Target::School(s) => {
                    *school_year.entry((s, p.year)).or_default() += 1;
                    *school_phase.entry((s, g)).or_default() += 1;
                }
                Target::Ap(a) => *ap.entry(a).or_default() += 1,
            }
            out.push((i, t));
            break;
        }
    }
    out
}
