//! The ledger — "whose turn is it?" (ROUNDS.md, DOMAIN.md S3): per school and
//! phase, the FAP pupils admitted this academic year by year group, against
//! the fairness cap and the fair share (MODEL.md constraints 5 and 6), and the
//! order in which schools take their turn. [`year_end`] totals a year's
//! decisions logs into the figures an authority reports; [`render`] lays both
//! out as Markdown, CSV or HTML.
//!
//! The turn goes to the school furthest below its fair share (lowest
//! admitted ÷ share; ties: the larger gap to the share, then file order).
//! Schools exempt from FAP, or at their cap when the cap is hard, take no
//! turn and are listed last.

pub mod render;
pub mod year_end;

use crate::decisions::Log;
use crate::model::options::{cap, fap_load, remaining, FairShares};
use crate::rollforward::{roll_forward, Settings};
use crate::scenario::{CapMode, Phase, Scenario, YearGroup};
use crate::validate::written::{self, Written};
use serde::Serialize;

/// The ledger of a round.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Ledger {
    /// The round's name.
    pub round: String,
    /// Phases with at least one school, primary first.
    pub phases: Vec<PhaseLedger>,
}

/// One phase's ledger.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PhaseLedger {
    /// `primary` or `secondary`.
    pub phase: &'static str,
    /// The year groups some school of the phase teaches, in order (`"7"`, `"R"`).
    pub years: Vec<String>,
    /// FAP pupils of the round in this phase still to place.
    pub waiting: usize,
    /// Their load (Σ `load_weight`), which the fair shares include.
    pub waiting_load: f64,
    /// FAP pupils admitted this year by the phase's schools.
    pub admitted: u32,
    /// Schools teaching the phase, in turn order.
    pub schools: Vec<SchoolTurn>,
}

/// One school's place in the turn.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SchoolTurn {
    /// 1 = next to take a FAP pupil; `None` when the school takes no turn.
    pub turn: Option<usize>,
    /// School id.
    pub school: String,
    /// School name, when the scenario gives one.
    pub name: Option<String>,
    /// FAP pupils admitted this year, per year group of [`PhaseLedger::years`] (`None`: not taught).
    pub by_year: Vec<Option<u32>>,
    /// Their total (`ledger_g(s)`).
    pub admitted: u32,
    /// The fairness cap `cap(s,g)`; `None` when no cap applies.
    pub cap: Option<u32>,
    /// Places left under the cap.
    pub left_under_cap: Option<u32>,
    /// The fair share of the phase's load this year.
    pub share: Option<f64>,
    /// admitted ÷ share.
    pub ratio: Option<f64>,
    /// Why the school takes no turn, in words.
    pub no_turn: Option<String>,
}

/// The ledger of a scenario as it stands.
pub fn ledger(sc: &Scenario) -> Ledger {
    let phases = Phase::ALL
        .into_iter()
        .filter(|&g| sc.schools.iter().any(|s| s.teaches_phase(g)))
        .map(|g| phase(sc, g))
        .collect();
    Ledger {
        round: sc.name.clone(),
        phases,
    }
}

/// The ledger once the round's standing decisions in `log` are counted: the
/// ledger of the next round's scenario (ROUNDS.md), with no school days added.
pub fn after_decisions(round: &Written, log: &Log) -> Result<Ledger, String> {
    let next = roll_forward(&round.wire, log, &Settings::default()).map_err(|e| e.to_string())?;
    let (next, _) = written::validate(&next, None).map_err(|issues| match issues.first() {
        Some(i) => format!("the round with its decisions is not valid: {i}"),
        None => "the round with its decisions is not valid".into(),
    })?;
    Ok(ledger(&next.scenario))
}

fn phase(sc: &Scenario, g: Phase) -> PhaseLedger {
    let years: Vec<YearGroup> = YearGroup::all()
        .filter(|y| y.phase() == g)
        .filter(|&y| sc.schools.iter().any(|s| s.teaches(y)))
        .collect();
    let load = fap_load(sc, g);
    let shares = FairShares::split(sc, g, load);
    let mut schools: Vec<SchoolTurn> = (0..sc.schools.len())
        .filter(|&s| sc.schools[s].teaches_phase(g))
        .map(|s| school(sc, s, g, &years, shares[s]))
        .collect();
    let order = |t: &SchoolTurn| {
        (
            t.no_turn.is_some(),
            t.ratio.unwrap_or(0.0),
            t.admitted as f64 - t.share.unwrap_or(0.0),
        )
    };
    schools.sort_by(|a, b| {
        let (x, y) = (order(a), order(b));
        x.0.cmp(&y.0)
            .then(x.1.total_cmp(&y.1))
            .then(x.2.total_cmp(&y.2))
    });
    let mut n = 0;
    for t in schools.iter_mut().filter(|t| t.no_turn.is_none()) {
        n += 1;
        t.turn = Some(n);
    }
    PhaseLedger {
        phase: g.name(),
        years: years.iter().map(ToString::to_string).collect(),
        waiting: sc
            .pupils
            .iter()
            .filter(|p| p.is_fap() && p.year.phase() == g)
            .count(),
        waiting_load: load,
        admitted: schools.iter().map(|t| t.admitted).sum(),
        schools,
    }
}

fn school(
    sc: &Scenario,
    s: usize,
    g: Phase,
    years: &[YearGroup],
    share: Option<f64>,
) -> SchoolTurn {
    let school = &sc.schools[s];
    let admitted = school.ledger(g);
    let left = remaining(sc, s as u32, g);
    let no_turn = if !school.accepts_fap {
        Some("exempt from FAP this year".to_string())
    } else if left == Some(0) && sc.policy.fap_cap_mode == CapMode::Hard {
        Some("at its cap".to_string())
    } else {
        None
    };
    SchoolTurn {
        turn: None,
        school: school.id.clone(),
        name: school.name.clone(),
        by_year: years
            .iter()
            .map(|&y| school.teaches(y).then_some(school.fap_this_year[y.index()]))
            .collect(),
        admitted,
        cap: left.map(|_| cap(sc, s as u32, g)),
        left_under_cap: left,
        share,
        ratio: share.filter(|&v| v > 0.0).map(|v| admitted as f64 / v),
        no_turn,
    }
}
