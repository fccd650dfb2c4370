//! Comparable figures: every variant's plan scored under one yardstick.
//!
//! A variant's own objective is a penalty sum under its own policy, so
//! loosening a cap or lowering a weight "improves" it without any child being
//! better off; and removing a school moves every fair share, so "max load ÷
//! share" improves too. The yardstick fixes both: each variant's assignment is
//! evaluated on the variant's own pupils, schools and places, but with the
//! yardstick scenario's `policy` (weights, caps, walking distances) and its
//! fair shares, matched to the variant's schools by id (a school the yardstick
//! lacks has no share). By default the yardstick is the base scenario.

use super::measures::N;
use crate::model::objective::{evaluate_with, Assignment};
use crate::model::options::FairShares;
use crate::plan::{round, Plan};
use crate::proposals::metrics::compute_with;
use crate::scenario::{Phase, Scenario};
use std::collections::HashMap;

/// The yardstick: a policy and fair shares keyed by school id.
#[derive(Debug, Clone)]
pub struct Yardstick {
    /// Where it comes from, for the report ("the base scenario" or a file name).
    pub source: String,
    policy: crate::scenario::Policy,
    shares: [HashMap<String, f64>; 2],
}

/// A variant's figures under the yardstick, indexed like [`super::measures::MEASURES`].
#[derive(Debug, Clone, PartialEq)]
pub struct Figures {
    /// The values.
    pub values: [f64; N],
}

impl Yardstick {
    /// The yardstick of a scenario: its policy and fair shares.
    pub fn of(sc: &Scenario, source: String) -> Yardstick {
        let fs = FairShares::compute(sc);
        let shares = Phase::ALL.map(|g| {
            sc.schools
                .iter()
                .enumerate()
                .filter_map(|(s, school)| Some((school.id.clone(), fs.get(s as u32, g)?)))
                .collect()
        });
        Yardstick {
            source,
            policy: sc.policy.clone(),
            shares,
        }
    }

    /// The figures of assignment `a` of scenario `sc` under this yardstick.
    pub fn figures(&self, sc: &Scenario, a: &Assignment) -> Figures {
        let judged = Scenario {
            policy: self.policy.clone(),
            ..sc.clone()
        };
        let shares = FairShares {
            share: [0, 1].map(|g| {
                sc.schools
                    .iter()
                    .map(|s| self.shares[g].get(&s.id).copied())
                    .collect()
            }),
        };
        let m = compute_with(&judged, a, &shares);
        let rate = if m.with_preferences == 0 {
            0.0
        } else {
            m.first_preference as f64 / m.with_preferences as f64
        };
        let values = [
            m.placed as f64,
            m.unplaced as f64,
            m.unplaced_fap as f64,
            m.mean_km,
            m.beyond_walking as f64,
            m.max_load_ratio,
            m.above_pan_places as f64,
            rate,
            evaluate_with(&judged, a, &shares).total(),
        ];
        Figures {
            values: values.map(round),
        }
    }
}

/// One pupil placed differently from the base.
#[derive(Debug, Clone, PartialEq)]
pub struct Move {
    /// Pupil id.
    pub pupil: String,
    /// Where the base places them (`None`: unplaced).
    pub from: Option<String>,
    /// Where the variant places them.
    pub to: Option<String>,
}

/// Pupils in both plans whose placement differs, in the variant's order.
/// Pupils only one plan has (added or removed by the variant) are not moves.
pub fn moves(base: &Plan, variant: &Plan) -> Vec<Move> {
    let Some((b, v)) = base.proposals.first().zip(variant.proposals.first()) else {
        return Vec::new();
    };
    let before: HashMap<&str, Option<&str>> = b
        .assignments
        .iter()
        .map(|r| (r.pupil.as_str(), r.target_id()))
        .collect();
    v.assignments
        .iter()
        .filter_map(|r| {
            let from = *before.get(r.pupil.as_str())?;
            (from != r.target_id()).then(|| Move {
                pupil: r.pupil.clone(),
                from: from.map(String::from),
                to: r.target_id().map(String::from),
            })
        })
        .collect()
}

/// `variants/<stem>.moves.csv`: `pupil,base,variant` (ids; empty = unplaced).
pub fn moves_csv(moves: &[Move]) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["pupil", "base", "variant"])
        .expect("writing to memory");
    for m in moves {
        w.write_record([
            m.pupil.as_str(),
            m.from.as_deref().unwrap_or(""),
            m.to.as_deref().unwrap_or(""),
        ])
        .expect("writing to memory");
    }
    w.into_inner().expect("writing to memory")
}
