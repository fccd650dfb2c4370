//! The one place the server calls the library: validate, solve, decision
//! support. Every front end goes through the same pipeline, so a round
//! uploaded here gives the same plan bytes as `fap solve --no-timings`.

use crate::limits::Limits;
use crate::pipeline::{self, Settings};
use crate::plan::support::DecisionSupport;
use crate::plan::Plan;
use crate::scenario::{Issue, Scenario};

/// Alternatives per pupil shown on the board.
pub const OPTIONS: usize = 3;

/// Reads scenario bytes: the scenario, or every issue found.
pub fn load(bytes: &[u8], limits: &Limits) -> Result<(Scenario, Vec<Issue>), Vec<Issue>> {
    let loaded = crate::scenario::load_bytes_within(bytes, Some(limits));
    match loaded.scenario {
        Some(sc) if !loaded.has_errors() => Ok((sc, loaded.issues)),
        _ => Err(loaded.issues),
    }
}

/// `fap solve`'s settings (one proposal, no timings) with the server's limits.
fn settings(limits: &Limits) -> Settings {
    Settings {
        limits: limits.clone(),
        ..Settings::default()
    }
}

/// Solves a scenario through the library pipeline (as `fap solve
/// --no-timings`), against the plan on the table when one is given
/// (MODEL.md: untouched children stay put): the plan file's bytes.
pub fn solve(bytes: &[u8], reference: Option<&[u8]>, limits: &Limits) -> Result<Vec<u8>, String> {
    let (mut sc, _) = load(bytes, limits).map_err(|_| "the scenario is not valid".to_string())?;
    if let Some(r) = reference {
        let r = crate::reference::Reference::read(r, 1).map_err(|e| e.to_string())?;
        crate::reference::attach(&mut sc, &r);
    }
    let sha = crate::plan::make::sha256_hex(bytes);
    let solution = pipeline::solve(&sc, sha, &settings(limits)).map_err(|e| e.to_string())?;
    Ok(crate::plan::to_json(&solution.plan).into_bytes())
}

/// Alternatives, explanations and place values around a plan's proposal 1
/// (the pipeline's decision support, as `fap report` computes it).
pub fn support(sc: &Scenario, plan: &Plan, limits: &Limits) -> Result<DecisionSupport, String> {
    let mut plan = plan.clone();
    pipeline::attach_support(sc, &mut plan, OPTIONS, &settings(limits))
        .map_err(|e| e.to_string())?;
    plan.decision_support
        .ok_or_else(|| "the pipeline returned no decision support".to_string())
}

/// One change the panel stages: `pin`, `unpin`, `avoid` or `withdraw` a child.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Change {
    /// `pin`, `unpin`, `avoid` or `withdraw`.
    pub kind: String,
    /// The child's id.
    pub pupil: String,
    /// The school or AP id (`pin`, `avoid`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
}

impl Change {
    /// The change in the panel's words.
    pub fn describe(&self) -> String {
        let at = self.place.as_deref().unwrap_or("?");
        match self.kind.as_str() {
            "pin" => format!("Place {} at {at}", self.pupil),
            "avoid" => format!("Rule out {at} for {}", self.pupil),
            "unpin" => format!("Unpin {}", self.pupil),
            _ => format!("Withdraw {}", self.pupil),
        }
    }

    /// The change as a sweep patch (src/sweep/patch.rs: lists keyed by id).
    fn patch(&self, sc: &Scenario) -> Result<serde_json::Value, String> {
        let p = sc
            .pupils
            .iter()
            .find(|p| p.id == self.pupil)
            .ok_or_else(|| format!("there is no child {:?} in this round", self.pupil))?;
        let place = || {
            self.place
                .clone()
                .filter(|t| sc.find_target(t).is_some())
                .ok_or_else(|| {
                    format!(
                        "{}: name a school or AP provider of this round",
                        self.describe()
                    )
                })
        };
        let body = match self.kind.as_str() {
            "pin" => serde_json::json!({ "pinned": place()? }),
            "unpin" => serde_json::json!({ "pinned": null }),
            "avoid" => {
                let mut ids: Vec<String> = p
                    .avoid
                    .iter()
                    .map(|&t| sc.target_id(t).to_string())
                    .collect();
                ids.push(place()?);
                serde_json::json!({ "avoid": ids })
            }
            "withdraw" => serde_json::Value::Null,
            k => {
                return Err(format!(
                    "unknown change {k:?} (pin, unpin, avoid, withdraw)"
                ))
            }
        };
        Ok(serde_json::json!({ "pupils": { &self.pupil: body } }))
    }
}

/// Applies staged changes to scenario bytes: the new scenario's bytes, or
/// why not (a change that breaks a hard rule fails validation, named).
pub fn edit(bytes: &[u8], changes: &[Change], limits: &Limits) -> Result<Vec<u8>, Vec<String>> {
    let (sc, _) =
        load(bytes, limits).map_err(|_| vec!["the round's scenario is not valid".to_string()])?;
    let mut value: serde_json::Value =
        serde_json::from_slice(bytes).map_err(|e| vec![e.to_string()])?;
    for c in changes {
        let patch = c.patch(&sc).map_err(|e| vec![e])?;
        crate::sweep::patch::apply(&mut value, &patch).map_err(|e| vec![e.to_string()])?;
    }
    let mut out = serde_json::to_vec_pretty(&value).map_err(|e| vec![e.to_string()])?;
    out.push(b'\n');
    match load(&out, limits) {
        Ok(_) => Ok(out),
        Err(issues) => Err(issues
            .iter()
            .filter(|i| i.is_error())
            .map(|i| format!("{}: {}", i.path, i.message))
            .collect()),
    }
}
