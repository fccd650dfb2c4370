//! How many pupils of a program could take each place: the counts every
//! constraint file reads to decide whether its row could ever bind (a row that
//! cannot bind is left out, which keeps the optimum exact and the program small).

use crate::model::options::Options;
use crate::scenario::{PupilIdx, Scenario, Target, YEAR_GROUPS};

/// Candidates per (school, year), per (school, phase) for FAP, per AP provider.
#[derive(Debug)]
pub(super) struct Candidates {
    /// Pupils with an option at the place, by `school · YEAR_GROUPS + year`.
    pub all: Vec<u32>,
    /// FAP pupils among `all`, same index.
    pub fap: Vec<u32>,
    /// FAP pupils with an option at the school, by `school · 2 + phase`.
    pub fap_phase: Vec<u32>,
    /// Their summed load weights, same index.
    pub load: Vec<f64>,
    /// Are all those load weights whole? Same index.
    pub whole_load: Vec<bool>,
    /// Pupils with an option at the AP provider, by provider.
    pub ap: Vec<u32>,
}

impl Candidates {
    /// Counts the options of `pupils`.
    pub fn count(sc: &Scenario, opts: &Options, pupils: &[PupilIdx]) -> Candidates {
        let n_s = sc.schools.len();
        let mut c = Candidates {
            all: vec![0; n_s * YEAR_GROUPS],
            fap: vec![0; n_s * YEAR_GROUPS],
            fap_phase: vec![0; n_s * 2],
            load: vec![0.0; n_s * 2],
            whole_load: vec![true; n_s * 2],
            ap: vec![0; sc.aps.len()],
        };
        for &pi in pupils {
            let p = &sc.pupils[pi as usize];
            for o in &opts.per_pupil[pi as usize] {
                match o.target {
                    Target::School(s) => {
                        let sy = s as usize * YEAR_GROUPS + p.year.index();
                        c.all[sy] += 1;
                        if p.is_fap() {
                            c.fap[sy] += 1;
                            let sg = s as usize * 2 + p.year.phase().index();
                            c.fap_phase[sg] += 1;
                            c.load[sg] += p.load_weight;
                            c.whole_load[sg] &= p.load_weight.fract() == 0.0;
                        }
                    }
                    Target::Ap(a) => c.ap[a as usize] += 1,
                }
            }
        }
        c
    }
}
