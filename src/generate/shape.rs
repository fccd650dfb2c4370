//! Knobs for the round shapes analysts meet (docs/generate.md, "Shapes"):
//! fairness-cap mode, FAP share, preference counts, AP share and scarcity.
//!
//! Every knob is optional; left out, the generator draws exactly as it did
//! before the knobs existed (same random stream, same bytes), so the defaults
//! of `fap generate` and every recorded case stay reproducible.

use super::schools::GenSchool;
use crate::scenario::wire::{WireFapCap, WirePolicy};

/// The optional knobs; `Shape::default()` is the generator's own shape.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Shape {
    /// `policy.fap_cap.mode` written into the scenario (`hard`, `soft`, `off`).
    pub cap_mode: Option<String>,
    /// 0..1: share of pupils who are FAP referrals (default 0.8).
    pub fap_share: Option<f64>,
    /// Every pupil ranks between `.0` and `.1` schools (inclusive, uniform).
    pub preferences: Option<(u32, u32)>,
    /// 0..1: share of FAP pupils (near an AP provider) on the AP or either route.
    pub ap_share: Option<f64>,
    /// Free places ÷ pupils over the year groups with free places.
    pub scarcity: Option<f64>,
}

impl Shape {
    /// Out-of-range knobs, in command-line words.
    pub fn check(&self) -> Result<(), String> {
        let share = |name: &str, v: Option<f64>| match v {
            Some(x) if !(0.0..=1.0).contains(&x) => {
                Err(format!("{name} must be between 0 and 1, got {x}"))
            }
            _ => Ok(()),
        };
        share("--fap-share", self.fap_share)?;
        share("--ap-share", self.ap_share)?;
        if let Some(m) = &self.cap_mode {
            if !["hard", "soft", "off"].contains(&m.as_str()) {
                return Err(format!("--cap-mode must be hard, soft or off, got {m}"));
            }
        }
        if let Some((lo, hi)) = self.preferences {
            if lo > hi || hi as usize > crate::scenario::MAX_PREFERENCES {
                return Err(format!(
                    "--preferences {lo}-{hi}: need MIN ≤ MAX ≤ {}",
                    crate::scenario::MAX_PREFERENCES
                ));
            }
        }
        match self.scarcity {
            Some(x) if !(x.is_finite() && x > 0.0) => {
                Err(format!("--scarcity must be a positive number, got {x}"))
            }
            _ => Ok(()),
        }
    }

    /// The scenario's policy: only the cap mode, if given.
    pub fn policy(&self) -> Option<WirePolicy> {
        let mode = self.cap_mode.clone()?;
        Some(WirePolicy {
            fap_cap: Some(WireFapCap {
                mode: Some(mode),
                ..WireFapCap::default()
            }),
            ..WirePolicy::default()
        })
    }

    /// Share of pupils who are in-year applications.
    pub fn in_year_share(&self) -> f64 {
        self.fap_share
            .map_or(super::pupils::IN_YEAR_SHARE, |f| 1.0 - f)
    }

    /// The knobs given, for `meta.generator`.
    pub fn record(&self, m: &mut serde_json::Value) {
        if let Some(v) = &self.cap_mode {
            m["cap_mode"] = serde_json::json!(v);
        }
        if let Some(v) = self.fap_share {
            m["fap_share"] = serde_json::json!(v);
        }
        if let Some((lo, hi)) = self.preferences {
            m["preferences"] = serde_json::json!(format!("{lo}-{hi}"));
        }
        if let Some(v) = self.ap_share {
            m["ap_share"] = serde_json::json!(v);
        }
        if let Some(v) = self.scarcity {
            m["scarcity"] = serde_json::json!(v);
        }
    }
}

/// Scales the free places of the year groups that have some so that they
/// add up to about `ratio × pupils` (each at least 1 and at most its PAN;
/// full year groups stay full). No random draw: the stream is untouched.
pub fn scale_free_places(schools: &mut [GenSchool], ratio: f64, pupils: usize) {
    let free = |yp: &crate::scenario::wire::WireYearPlaces| (yp.pan - yp.on_roll).max(0);
    let total: i64 = schools
        .iter()
        .flat_map(|s| s.wire.year_groups.values())
        .map(free)
        .sum();
    if total == 0 {
        return;
    }
    let factor = ratio * pupils as f64 / total as f64;
    for s in schools {
        for yp in s.wire.year_groups.values_mut() {
            let f = free(yp);
            if f > 0 {
                let scaled = ((f as f64 * factor).round() as i64).clamp(1, yp.pan);
                yp.on_roll = yp.pan - scaled;
            }
        }
    }
}

/// Parses `--preferences MIN-MAX` (or one number N for N-N).
pub fn parse_range(s: &str) -> Result<(u32, u32), String> {
    let num = |t: &str| {
        t.trim()
            .parse::<u32>()
            .map_err(|_| format!("expected MIN-MAX such as 1-3, got {s:?}"))
    };
    match s.split_once('-') {
        Some((a, b)) => Ok((num(a)?, num(b)?)),
        None => num(s).map(|n| (n, n)),
    }
}
