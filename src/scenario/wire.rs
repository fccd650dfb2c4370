//! Wire types: the `fap-scenario/1` JSON exactly as SCENARIO.md writes it.
//!
//! These types only describe shape (field names, JSON types, which fields are
//! optional). They apply no defaults and check no ranges: `load` turns them into
//! a validated [`Scenario`](super::Scenario), where every default lives in one
//! place. Unknown fields are rejected everywhere except in `meta`, which is
//! free-form text for people. Counts are read as `i64` so that a negative count
//! is reported as "must be ≥ 0" rather than as a type error.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub use super::wire_policy::{WireFapCap, WireMaxTravel, WirePolicy, WireWalking, WireWeights};

/// The top-level keys of a scenario, in documented order.
pub const TOP_LEVEL_KEYS: &[&str] = &[
    "format",
    "meta",
    "policy",
    "schools",
    "ap_providers",
    "pupils",
];

/// A location: British National Grid metres or WGS84 degrees.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum WireLocation {
    /// British National Grid easting/northing in metres.
    Grid {
        /// Metres east of the grid origin.
        easting: f64,
        /// Metres north of the grid origin.
        northing: f64,
    },
    /// WGS84 latitude/longitude in degrees.
    LatLon {
        /// Degrees north.
        lat: f64,
        /// Degrees east.
        lon: f64,
    },
}

impl<'de> Deserialize<'de> for WireLocation {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Raw {
            easting: Option<f64>,
            northing: Option<f64>,
            lat: Option<f64>,
            lon: Option<f64>,
        }
        let r = Raw::deserialize(d)?;
        match (r.easting, r.northing, r.lat, r.lon) {
            (Some(easting), Some(northing), None, None) => Ok(WireLocation::Grid { easting, northing }),
            (None, None, Some(lat), Some(lon)) => Ok(WireLocation::LatLon { lat, lon }),
            (None, None, None, None) => Err(D::Error::custom(
                "a location needs `easting` and `northing` (grid metres) or `lat` and `lon` (degrees)",
            )),
            (e, _, None, None) => Err(D::Error::custom(format!(
                "missing field `{}` (a grid location needs both `easting` and `northing`)",
                if e.is_none() { "easting" } else { "northing" }
            ))),
            (None, None, la, _) => Err(D::Error::custom(format!(
                "missing field `{}` (a lat/lon location needs both `lat` and `lon`)",
                if la.is_none() { "lat" } else { "lon" }
            ))),
            _ => Err(D::Error::custom(
                "a location is either `easting`/`northing` or `lat`/`lon`, not both",
            )),
        }
    }
}

impl Serialize for WireLocation {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(Some(2))?;
        match *self {
            WireLocation::Grid { easting, northing } => {
                m.serialize_entry("easting", &easting)?;
                m.serialize_entry("northing", &northing)?;
            }
            WireLocation::LatLon { lat, lon } => {
                m.serialize_entry("lat", &lat)?;
                m.serialize_entry("lon", &lon)?;
            }
        }
        m.end()
    }
}

/// A whole scenario in wire form, for writers (`fap generate`, `fap import`,
/// `fap export`). Reading goes through [`super::load`], element by element.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct WireScenario {
    /// Always `fap-scenario/1`.
    pub format: String,
    /// Free-form; `name` is required.
    pub meta: serde_json::Map<String, serde_json::Value>,
    /// The rules; absent means every default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy: Option<WirePolicy>,
    /// Schools.
    pub schools: Vec<WireSchool>,
    /// AP providers.
    #[serde(default)]
    pub ap_providers: Vec<WireAp>,
    /// Pupils.
    pub pupils: Vec<WirePupil>,
}

/// Reads a present field that must not be `null` (SCENARIO.md: `null` only where a
/// default of `null` is shown). Used with `#[serde(default)]`, so an absent field is
/// `None` and an explicit `null` is an error.
pub(super) fn non_null<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    T::deserialize(d).map(Some)
}

/// Places of one year group of a school.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct WireYearPlaces {
    /// Published admission number.
    pub pan: i64,
    /// Pupils on roll now.
    pub on_roll: i64,
}

/// `schools[]`.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct WireSchool {
    pub id: String,
    #[serde(
        default,
        deserialize_with = "non_null",
        skip_serializing_if = "Option::is_none"
    )]
    pub name: Option<String>,
    pub location: WireLocation,
    #[serde(
        default,
        deserialize_with = "non_null",
        skip_serializing_if = "Option::is_none"
    )]
    pub sex: Option<String>,
    #[serde(
        default,
        deserialize_with = "non_null",
        skip_serializing_if = "Option::is_none"
    )]
    pub ofsted: Option<String>,
    pub year_groups: BTreeMap<String, WireYearPlaces>,
    #[serde(
        default,
        deserialize_with = "non_null",
        skip_serializing_if = "Option::is_none"
    )]
    pub fap_this_year: Option<BTreeMap<String, i64>>,
    #[serde(
        default,
        deserialize_with = "non_null",
        skip_serializing_if = "Option::is_none"
    )]
    pub accepts_fap: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trust: Option<String>,
}

/// `ap_providers[]`.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct WireAp {
    pub id: String,
    #[serde(
        default,
        deserialize_with = "non_null",
        skip_serializing_if = "Option::is_none"
    )]
    pub name: Option<String>,
    pub location: WireLocation,
    pub places: i64,
    pub years: Vec<String>,
    #[serde(
        default,
        deserialize_with = "non_null",
        skip_serializing_if = "Option::is_none"
    )]
    pub specialisms: Option<Vec<String>>,
}

/// `pupils[]`.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct WirePupil {
    pub id: String,
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    pub year_group: String,
    pub sex: String,
    pub home: WireLocation,
    #[serde(
        default,
        deserialize_with = "non_null",
        skip_serializing_if = "Option::is_none"
    )]
    pub days_out_of_education: Option<f64>,
    #[serde(
        default,
        deserialize_with = "non_null",
        skip_serializing_if = "Option::is_none"
    )]
    pub preferences: Option<Vec<String>>,
    #[serde(
        default,
        deserialize_with = "non_null",
        skip_serializing_if = "Option::is_none"
    )]
    pub excluded_from: Option<Vec<String>>,
    #[serde(
        default,
        deserialize_with = "non_null",
        skip_serializing_if = "Option::is_none"
    )]
    pub previous_schools: Option<Vec<String>>,
    #[serde(
        default,
        deserialize_with = "non_null",
        skip_serializing_if = "Option::is_none"
    )]
    pub siblings_at: Option<Vec<String>>,
    #[serde(
        default,
        deserialize_with = "non_null",
        skip_serializing_if = "Option::is_none"
    )]
    pub avoid: Option<Vec<String>>,
    #[serde(
        default,
        deserialize_with = "non_null",
        skip_serializing_if = "Option::is_none"
    )]
    pub route: Option<String>,
    #[serde(
        default,
        deserialize_with = "non_null",
        skip_serializing_if = "Option::is_none"
    )]
    pub needs: Option<Vec<String>>,
    #[serde(
        default,
        deserialize_with = "non_null",
        skip_serializing_if = "Option::is_none"
    )]
    pub behaviour_concern: Option<bool>,
    #[serde(
        default,
        deserialize_with = "non_null",
        skip_serializing_if = "Option::is_none"
    )]
    pub twice_excluded: Option<bool>,
    #[serde(
        default,
        deserialize_with = "non_null",
        skip_serializing_if = "Option::is_none"
    )]
    pub load_weight: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pinned: Option<String>,
    #[serde(
        default,
        deserialize_with = "non_null",
        skip_serializing_if = "Option::is_none"
    )]
    pub travel_km: Option<BTreeMap<String, f64>>,
}
