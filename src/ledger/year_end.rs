//! The year-end figures of ROUNDS.md from a year's decisions log(s): per
//! school and year group, pupils placed through the protocol by category;
//! decisions that differed from the proposal, by reason (and directed
//! admissions, by the rule overridden); days out of education at the time of
//! placement (mean, max, share within the 20-day aim). Only standing
//! decisions count (corrections applied); a placement that later broke down
//! stays counted, since the school did take the child.

use crate::decisions::effective::standing;
use crate::decisions::{Broken, Kind, Log};
use serde::Serialize;
use std::collections::BTreeMap;

/// The 20-school-day aim (the Code).
pub const AIM_DAYS: f64 = 20.0;

/// The figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct YearEnd {
    /// The rounds found, in log order.
    pub rounds: Vec<String>,
    /// Standing decisions by kind (`placed`, `deferred`, `withdrawn`, `returned`).
    pub decisions: BTreeMap<&'static str, u32>,
    /// Placements per school (or AP), year group and category, in id order.
    pub placed: Vec<Placed>,
    /// Decisions that differed from the proposal, by reason code.
    pub differed: BTreeMap<String, u32>,
    /// Admissions the panel directed past a hard rule, by rule.
    pub overrides: BTreeMap<String, u32>,
    /// Days out of education at the time of placement.
    pub days: Days,
}

/// Placements at one place, year group and category.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Placed {
    /// School or AP id.
    pub place: String,
    /// Year group (`"9"`, `"R"`).
    pub year: String,
    /// FAP category letter, or `in-year` for an ordinary in-year admission.
    pub category: String,
    /// Pupils.
    pub pupils: u32,
}

/// Days out of education when placed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Days {
    /// Placements counted.
    pub placements: u32,
    /// Mean days (0 when none).
    pub mean: f64,
    /// Most days.
    pub max: f64,
    /// Placements within the 20-day aim (≤ 20 days).
    pub within_aim: u32,
}

/// Totals the standing decisions of every round of `logs` (each already verified).
pub fn year_end(logs: &[Log]) -> Result<YearEnd, Broken> {
    let mut y = YearEnd {
        rounds: Vec::new(),
        decisions: BTreeMap::new(),
        placed: Vec::new(),
        differed: BTreeMap::new(),
        overrides: BTreeMap::new(),
        days: Days {
            placements: 0,
            mean: 0.0,
            max: 0.0,
            within_aim: 0,
        },
    };
    let mut placed: BTreeMap<(String, usize, String, String), u32> = BTreeMap::new();
    let mut total_days = 0.0;
    for log in logs {
        let mut rounds: Vec<&str> = Vec::new();
        for e in log
            .entries
            .iter()
            .filter(|e| e.decision != Kind::Correction)
        {
            if !rounds.contains(&e.round.as_str()) {
                rounds.push(&e.round);
            }
        }
        for round in rounds {
            y.rounds.push(round.to_string());
            for s in standing(log, round)? {
                let e = s.entry;
                *y.decisions.entry(s.kind.as_str()).or_default() += 1;
                if e.differs_from_proposal() {
                    let why = e.reason.map_or("no reason recorded", |r| r.as_str());
                    *y.differed.entry(why.to_string()).or_default() += 1;
                }
                if let Some(rule) = &e.r#override {
                    *y.overrides.entry(rule.clone()).or_default() += 1;
                }
                if s.kind != Kind::Placed {
                    continue;
                }
                let (year, category, days) = match e.record.as_deref() {
                    Some(r) if r.kind == "fap" => (
                        r.year_group.clone(),
                        r.category.clone().unwrap_or_else(|| "?".into()),
                        r.days_out_of_education.unwrap_or(0.0),
                    ),
                    Some(r) => (
                        r.year_group.clone(),
                        "in-year".into(),
                        r.days_out_of_education.unwrap_or(0.0),
                    ),
                    None => ("?".into(), "?".into(), 0.0),
                };
                let order = crate::scenario::YearGroup::parse(&year).map_or(99, |g| g.index());
                *placed
                    .entry((e.place.clone().unwrap_or_default(), order, year, category))
                    .or_default() += 1;
                y.days.placements += 1;
                total_days += days;
                y.days.max = y.days.max.max(days);
                y.days.within_aim += u32::from(days <= AIM_DAYS);
            }
        }
    }
    if y.days.placements > 0 {
        y.days.mean = total_days / f64::from(y.days.placements);
    }
    y.placed = placed
        .into_iter()
        .map(|((place, _, year, category), pupils)| Placed {
            place,
            year,
            category,
            pupils,
        })
        .collect();
    Ok(y)
}
