//! Independent components: pupils who share no school or AP provider share no
//! row and no cost term, so each component is a program of its own and the
//! solver can solve them apart (and in parallel).

use crate::model::options::Options;
use crate::scenario::{PupilIdx, Scenario, Target};
use std::collections::BTreeMap;

/// Splits the pupils into independent components: two pupils are in the same
/// component when they have options at the same school or AP provider. Pupils
/// of different components share no constraint and no cost term, so solving
/// each component on its own gives the same optimum. Components are ordered by
/// their smallest pupil index; pupils inside each are sorted.
pub fn components(sc: &Scenario, opts: &Options) -> Vec<Vec<PupilIdx>> {
    let n_targets = sc.schools.len() + sc.aps.len();
    let mut parent: Vec<usize> = (0..sc.pupils.len() + n_targets).collect();
    fn find(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    let base = sc.pupils.len();
    for (pi, os) in opts.per_pupil.iter().enumerate() {
        for o in os {
            let t = match o.target {
                Target::School(s) => base + s as usize,
                Target::Ap(a) => base + sc.schools.len() + a as usize,
            };
            let (ra, rb) = (find(&mut parent, pi), find(&mut parent, t));
            if ra != rb {
                parent[ra.max(rb)] = ra.min(rb);
            }
        }
    }
    let mut groups: BTreeMap<usize, Vec<PupilIdx>> = BTreeMap::new();
    for pi in 0..sc.pupils.len() {
        let r = find(&mut parent, pi);
        groups.entry(r).or_default().push(pi as PupilIdx);
    }
    groups.into_values().collect()
}
