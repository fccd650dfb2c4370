//! `policy` and `policy.weights`: every field optional, each default applied here.
//!
//! A bad value is reported with its path and the section is refused as a whole
//! (a scenario with one wrong rule must not be solved with the default in its
//! place). Ranges are in [`Range`].

use super::issue::{field, index, Issue};
use super::kinds::CapMode;
use super::load::Cx;
use super::types::{Policy, Weights};
use super::values::Range;
use super::wire::{WirePolicy, WireWeights};

/// Reads optional numbers, remembering whether any was out of range.
struct Numbers<'a> {
    cx: &'a mut Cx,
    ok: bool,
}

impl Numbers<'_> {
    fn get(&mut self, v: Option<f64>, path: &str, default: f64, r: Range) -> f64 {
        match v {
            None => default,
            Some(x) => self.cx.number(path, x, r).unwrap_or_else(|| {
                self.ok = false;
                default
            }),
        }
    }
}

/// `policy.fap_cap.mode` values.
const CAP_MODES: &[(&str, CapMode)] = &[
    ("hard", CapMode::Hard),
    ("soft", CapMode::Soft),
    ("off", CapMode::Off),
];

impl Cx {
    pub(super) fn policy(&mut self, w: WirePolicy) -> Option<Policy> {
        let d = Policy::default();
        let cap = w.fap_cap.clone().unwrap_or_default();
        let mut n = Numbers { cx: self, ok: true };
        let distances = distances(&mut n, &w, &d);
        let per_30 = "policy.fap_cap.per_30_pan";
        let fap_cap_per_30_pan = n.get(
            cap.per_30_pan,
            per_30,
            d.fap_cap_per_30_pan,
            Range::PER_30_PAN,
        );
        let weights = weights(&mut n, w.weights.unwrap_or_default());
        let ok = n.ok;
        let mode = "policy.fap_cap.mode";
        let fap_cap_mode = self.optional_choice(mode, &cap.mode, CAP_MODES, d.fap_cap_mode);
        let max_above_pan = match w.max_above_pan {
            None => Some(d.max_above_pan),
            Some(n) => self.count("policy.max_above_pan", n),
        };
        let protect_inadequate = w.protect_inadequate.unwrap_or(d.protect_inadequate);
        if !ok {
            return None;
        }
        Some(Policy {
            fap_cap_per_30_pan,
            fap_cap_mode: fap_cap_mode?,
            max_above_pan: max_above_pan?,
            protect_inadequate,
            weights: weights?,
            ..distances
        })
    }
}

/// The route factor and the distance limits, each its default when absent; the
/// rest of the policy is the default's.
fn distances(n: &mut Numbers, w: &WirePolicy, d: &Policy) -> Policy {
    let mt = w.max_travel_km.clone().unwrap_or_default();
    let wk = w.walking_km.clone().unwrap_or_default();
    let rf = n.get(
        w.route_factor,
        "policy.route_factor",
        d.route_factor,
        Range::ROUTE_FACTOR,
    );
    let mut km =
        |v: Option<f64>, name: &str, def: f64| n.get(v, &format!("policy.{name}"), def, Range::KM);
    Policy {
        route_factor: rf,
        max_travel_km_primary: km(mt.primary, "max_travel_km.primary", d.max_travel_km_primary),
        max_travel_km_secondary: km(
            mt.secondary,
            "max_travel_km.secondary",
            d.max_travel_km_secondary,
        ),
        max_ap_travel_km: km(w.max_ap_travel_km, "max_ap_travel_km", d.max_ap_travel_km),
        walking_km_under_8: km(wk.under_8, "walking_km.under_8", d.walking_km_under_8),
        walking_km_eight_plus: km(
            wk.eight_plus,
            "walking_km.eight_plus",
            d.walking_km_eight_plus,
        ),
        ..d.clone()
    }
}

/// `policy.weights` (MODEL.md: every weight finite and ≥ 0, the preference table non-empty).
fn weights(n: &mut Numbers, w: WireWeights) -> Option<Weights> {
    let d = Weights::default();
    let p = "policy.weights";
    let pp = field(p, "preference");
    let preference = match w.preference {
        None => d.preference.clone(),
        Some(v) if v.is_empty() => {
            n.cx.push(
                Issue::error("range", pp, "the preference table must not be empty")
                    .hint("e.g. [0, 2, 4, 6]: the cost of the 1st, 2nd, 3rd and later preferences"),
            );
            n.ok = false;
            return None;
        }
        Some(v) => v
            .iter()
            .enumerate()
            .map(|(i, &x)| n.get(Some(x), &index(&pp, i), 0.0, Range::WEIGHT))
            .collect(),
    };
    let mut g =
        |v: Option<f64>, name: &str, def: f64| n.get(v, &field(p, name), def, Range::WEIGHT);
    Some(Weights {
        distance_per_km: g(w.distance_per_km, "distance_per_km", d.distance_per_km),
        transport: g(w.transport, "transport", d.transport),
        preference,
        not_preferred: g(w.not_preferred, "not_preferred", d.not_preferred),
        previous_school: g(w.previous_school, "previous_school", d.previous_school),
        sibling_bonus: g(w.sibling_bonus, "sibling_bonus", d.sibling_bonus),
        unplaced: g(w.unplaced, "unplaced", d.unplaced),
        weak_school: g(w.weak_school, "weak_school", d.weak_school),
        above_pan: g(w.above_pan, "above_pan", d.above_pan),
        over_cap: g(w.over_cap, "over_cap", d.over_cap),
        over_fair_share: g(w.over_fair_share, "over_fair_share", d.over_fair_share),
        ap_route: g(w.ap_route, "ap_route", d.ap_route),
        ap_needs_match: g(w.ap_needs_match, "ap_needs_match", d.ap_needs_match),
        fap_priority: g(w.fap_priority, "fap_priority", d.fap_priority),
        r#move: g(w.r#move, "move", d.r#move),
    })
}
