//! A scenario as written: the validated [`Scenario`] together with its wire
//! form, for the tools that change a scenario and write it back (edits,
//! decisions, roll-forward). They change the wire form, so every field no rule
//! touches is carried over as it was, and write it through [`to_bytes`] and
//! [`validate`], so nothing invalid is ever written.

use super::load_bytes_within;
use crate::limits::Limits;
use crate::scenario::wire::WireScenario;
use crate::scenario::{Issue, Scenario};

/// A valid scenario in both forms, and its warnings.
#[derive(Debug, Clone)]
pub struct Written {
    /// The validated scenario.
    pub scenario: Scenario,
    /// The same file as written.
    pub wire: WireScenario,
    /// Warnings found while validating.
    pub warnings: Vec<Issue>,
}

/// Reads and validates scenario bytes: both forms, or every error found.
pub fn load(bytes: &[u8], limits: Option<&Limits>) -> Result<Written, Vec<Issue>> {
    let loaded = load_bytes_within(bytes, limits);
    let errors = || loaded.issues.iter().filter(|i| i.is_error()).cloned();
    let Some(scenario) = loaded.scenario.clone().filter(|_| !loaded.has_errors()) else {
        return Err(errors().collect());
    };
    let wire = wire(bytes).map_err(|i| vec![*i])?;
    Ok(Written {
        scenario,
        wire,
        warnings: loaded.issues,
    })
}

/// The wire form of a valid scenario's bytes.
pub fn wire(bytes: &[u8]) -> Result<WireScenario, Box<Issue>> {
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    serde_json::from_slice(body).map_err(|e| {
        Box::new(Issue::error(
            "type",
            "",
            format!("the file did not read as a scenario: {e}"),
        ))
    })
}

/// The wire form as the file's bytes: pretty JSON with a final newline.
pub fn to_bytes(wire: &WireScenario) -> Vec<u8> {
    let mut out = serde_json::to_vec_pretty(wire).expect("a wire scenario serialises");
    out.push(b'\n');
    out
}

/// Writes `wire` as bytes and validates them: the new scenario, or its errors.
pub fn validate(
    wire: &WireScenario,
    limits: Option<&Limits>,
) -> Result<(Written, Vec<u8>), Vec<Issue>> {
    let bytes = to_bytes(wire);
    let loaded = load(&bytes, limits)?;
    Ok((loaded, bytes))
}
