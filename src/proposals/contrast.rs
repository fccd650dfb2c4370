//! Whole plans that differ in kind from proposal 1 (`fap solve --contrast`).
//!
//! Ranked proposals 2 and 3 are the next-best plans under the protocol's own
//! weights, so they usually differ from proposal 1 by a swap or two: worth
//! little to a panel. A *contrast* is the optimal plan under another documented
//! weighting, so the panel can see what the protocol's balance between short
//! journeys and an even spread of FAP admissions costs and buys:
//!
//! - **fair shares ignored**: the fairness terms off (`over_fair_share` and
//!   `over_cap` weights 0; a hard cap stays hard): the best plan for journeys,
//!   preferences and places within PAN alone;
//! - **fairest first**: the fairness terms five times heavier: the plan that
//!   spreads FAP admissions most evenly before anything else.
//!
//! Only weights change; every hard rule is the scenario's. A contrast's
//! objective is stated under the scenario's own weights (what choosing it
//! would cost by the protocol's measure), so `fap check` verifies it like any
//! proposal.

use crate::limits::Limits;
use crate::model::build::Extras;
use crate::model::Options;
use crate::scenario::{Scenario, Weights};
use crate::solve::{solve, SolveError, SolveSettings, Solved};
use std::str::FromStr;

/// How much heavier the fairness terms weigh in [`Style::FairestFirst`].
pub const FAIREST_FACTOR: f64 = 5.0;

/// A documented alternative weighting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Style {
    /// Fairness terms off.
    SharesIgnored,
    /// Fairness terms [`FAIREST_FACTOR`] times heavier.
    FairestFirst,
}

impl FromStr for Style {
    type Err = String;
    fn from_str(s: &str) -> Result<Style, String> {
        match s.trim().to_ascii_lowercase().replace('_', "-").as_str() {
            "ignore-shares" | "shares-ignored" | "fair-shares-ignored" => Ok(Style::SharesIgnored),
            "fairest" | "fairest-first" => Ok(Style::FairestFirst),
            other => Err(format!(
                "unknown contrast {other:?}: use ignore-shares (fair shares ignored) or fairest (even spread first)"
            )),
        }
    }
}

impl Style {
    /// The key in the plan file.
    pub fn key(self) -> &'static str {
        match self {
            Style::SharesIgnored => "fair_shares_ignored",
            Style::FairestFirst => "fairest_first",
        }
    }

    /// What a panel reads.
    pub fn label(self) -> &'static str {
        match self {
            Style::SharesIgnored => "fair shares ignored",
            Style::FairestFirst => "fairest spread first",
        }
    }

    /// The style whose [`Style::key`] this is.
    pub fn from_key(key: &str) -> Option<Style> {
        [Style::SharesIgnored, Style::FairestFirst]
            .into_iter()
            .find(|s| s.key() == key)
    }

    /// How the plan was made, in a panel's words.
    pub fn description(self) -> &'static str {
        match self {
            Style::SharesIgnored => "ignores fair shares and the FAP cap's soft limit: journeys, preferences and places within PAN alone",
            Style::FairestFirst => "weighs the fair share and the FAP cap five times as heavily as the protocol does",
        }
    }

    /// The weights this style sets: name, the scenario's value, the style's
    /// value. The others stay the scenario's.
    pub fn changes(self, w: &Weights) -> [(&'static str, f64, f64); 2] {
        let k = match self {
            Style::SharesIgnored => 0.0,
            Style::FairestFirst => FAIREST_FACTOR,
        };
        [
            ("over_cap", w.over_cap, w.over_cap * k),
            ("over_fair_share", w.over_fair_share, w.over_fair_share * k),
        ]
    }

    /// The weights the contrast is solved under.
    pub fn weights(self, w: &Weights) -> Weights {
        let [(_, _, over_cap), (_, _, over_fair_share)] = self.changes(w);
        Weights {
            over_fair_share,
            over_cap,
            ..w.clone()
        }
    }
}

/// The optimal plan under `style`'s weights, its objective restated under the
/// scenario's own weights.
pub fn solve_contrast(
    sc: &Scenario,
    style: Style,
    settings: &SolveSettings,
    limits: &Limits,
) -> Result<Solved, SolveError> {
    let mut styled = sc.clone();
    styled.policy.weights = style.weights(&sc.policy.weights);
    // Options carry their costs, so they are made under the contrast's weights.
    let opts = Options::within(&styled, limits).map_err(|i| SolveError::Solver(i.to_string()))?;
    let mut s = solve(&styled, &opts, &Extras::default(), settings, None)?;
    s.objective = crate::model::evaluate(sc, &s.assignment).total();
    Ok(s)
}
