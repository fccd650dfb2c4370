//! Checks of single values: numbers in range, counts, year groups, names from a
//! fixed list, locations.
//!
//! Every number has a lower and an upper bound. SCENARIO.md gives the lower
//! ones (≥ 0, route factor > 0); the upper ones are fap's own ([`Range`]
//! constants, listed in `docs/scenario-format.md`): generous for any real panel
//! round, and tight enough that no cost or capacity in the program comes near
//! the solver's idea of infinity (HiGHS treats 1e20 as infinite and fails on a
//! model built from 1e300). Values typed in a pupil record are never repeated
//! in a message (they may be a name typed in the wrong column); values of
//! schools and policy are.

use super::issue::{field, quote, Issue};
use super::kinds::{Location, YearGroup};
use super::load::Cx;
use super::wire::WireLocation;

/// The allowed interval of a number, and what it measures.
#[derive(Debug, Clone, Copy)]
pub(super) struct Range {
    min: f64,
    /// `min` itself is excluded (route factor > 0).
    min_excluded: bool,
    max: f64,
    unit: &'static str,
}

impl Range {
    /// A weight of the objective (MODEL.md: finite, ≥ 0).
    pub const WEIGHT: Range = Range::new(0.0, 1e6, "");
    /// A distance limit or a measured journey.
    pub const KM: Range = Range::new(0.0, 1000.0, " km");
    /// `policy.route_factor` (SCENARIO.md: > 0).
    pub const ROUTE_FACTOR: Range = Range {
        min_excluded: true,
        ..Range::new(0.0, 10.0, "")
    };
    /// `policy.fap_cap.per_30_pan`.
    pub const PER_30_PAN: Range = Range::new(0.0, 1000.0, "");
    /// `days_out_of_education` (school days; about ten school years).
    pub const DAYS: Range = Range::new(0.0, 2000.0, " school days");
    /// `load_weight`.
    pub const LOAD_WEIGHT: Range = Range::new(0.0, 100.0, "");

    const fn new(min: f64, max: f64, unit: &'static str) -> Range {
        Range {
            min,
            min_excluded: false,
            max,
            unit,
        }
    }

    fn contains(&self, v: f64) -> bool {
        v.is_finite()
            && v <= self.max
            && if self.min_excluded {
                v > self.min
            } else {
                v >= self.min
            }
    }
}

/// Largest count accepted (PAN, on roll, ledger, AP places, max above PAN).
pub const MAX_COUNT: i64 = 10_000_000;
/// British National Grid extent, metres: eastings 0–700 km, northings 0–1300 km.
pub const GRID_MAX_EASTING: f64 = 700_000.0;
/// See [`GRID_MAX_EASTING`].
pub const GRID_MAX_NORTHING: f64 = 1_300_000.0;

/// Whether a value may be repeated in a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Echo {
    /// School, AP or policy data: quote the value.
    Show,
    /// Pupil data: say what is wrong without the value.
    Hide,
}

impl Cx {
    /// A number within `r`, or an error (`negative` below zero, `range` otherwise).
    pub(super) fn number(&mut self, path: &str, v: f64, r: Range) -> Option<f64> {
        if r.contains(v) {
            return Some(v);
        }
        let (code, message, hint) = if v < 0.0 && r.min >= 0.0 {
            (
                "negative",
                format!("must not be negative, found {}", show(v)),
                "this value cannot be negative",
            )
        } else {
            let lower = if r.min_excluded {
                "greater than"
            } else {
                "from"
            };
            let upper = if r.min_excluded { "and at most" } else { "to" };
            (
                "range",
                format!(
                    "must be {lower} {} {upper} {}{}, found {}",
                    r.min,
                    r.max,
                    r.unit,
                    show(v)
                ),
                "see docs/scenario-format.md for the range of each number",
            )
        };
        self.push(Issue::error(code, path, message).hint(hint));
        None
    }

    /// A whole number 0..=[`MAX_COUNT`].
    pub(super) fn count(&mut self, path: &str, v: i64) -> Option<u32> {
        if v < 0 {
            self.push(
                Issue::error("negative", path, format!("must be ≥ 0, found {v}"))
                    .hint("counts cannot be negative"),
            );
            None
        } else if v > MAX_COUNT {
            self.push(
                Issue::error(
                    "range",
                    path,
                    format!("{v} is not a plausible count (limit {MAX_COUNT})"),
                )
                .hint("check for a typing slip, e.g. an extra digit"),
            );
            None
        } else {
            Some(v as u32)
        }
    }

    /// A year group `R`, `1` … `11`.
    pub(super) fn year(&mut self, path: &str, s: &str, echo: Echo) -> Option<YearGroup> {
        let y = YearGroup::parse(s);
        if y.is_none() {
            let what = match echo {
                Echo::Show => format!("year group {} must be one of R, 1..11", quote(s)),
                Echo::Hide => "the year group must be one of R, 1..11".to_string(),
            };
            let hint = match suggest_year(s) {
                Some(y) => format!("did you mean \"{y}\"?"),
                None => "use \"R\" for Reception and \"1\" … \"11\" for Years 1–11, as strings"
                    .to_string(),
            };
            self.push(Issue::error("year-group", path, what).hint(hint));
        }
        y
    }

    /// One of a fixed list of names, with a "did you mean" hint.
    pub(super) fn choice<T: Copy>(
        &mut self,
        path: &str,
        s: &str,
        options: &[(&str, T)],
        echo: Echo,
    ) -> Option<T> {
        if let Some((_, t)) = options.iter().find(|(n, _)| *n == s) {
            return Some(*t);
        }
        let names: Vec<&str> = options.iter().map(|(n, _)| *n).collect();
        let message = match echo {
            Echo::Show => format!("{} is not one of {}", quote(s), names.join(", ")),
            Echo::Hide => format!(
                "must be one of {} (the value given is not repeated: pupil data)",
                names.join(", ")
            ),
        };
        let mut i = Issue::error("enum", path, message);
        if let Some(sug) = super::wire_error::suggest(s, names.iter().copied()) {
            i = i.hint(format!("did you mean \"{sug}\"?"));
        }
        self.push(i);
        None
    }

    /// One of `choices` (echoed when wrong), `default` when absent.
    pub(super) fn optional_choice<T: Copy>(
        &mut self,
        path: &str,
        v: &Option<String>,
        choices: &[(&str, T)],
        default: T,
    ) -> Option<T> {
        match v {
            None => Some(default),
            Some(s) => self.choice(path, s, choices, Echo::Show),
        }
    }

    /// A location in range, of the scenario's one kind.
    pub(super) fn location(&mut self, path: &str, w: &WireLocation) -> Option<Location> {
        let is_grid = matches!(w, WireLocation::Grid { .. });
        match &self.grid {
            None => self.grid = Some((is_grid, path.to_string())),
            Some((g, first)) if *g != is_grid => {
                let (this, that) = if is_grid {
                    ("grid", "lat/lon")
                } else {
                    ("lat/lon", "grid")
                };
                let msg = format!(
                    "a {this} location in a scenario whose first location ({first}) is {that}"
                );
                self.push(
                    Issue::error("location-mixed", path, msg)
                        .hint("use one kind of location for every school, AP provider and pupil"),
                );
                return None;
            }
            _ => {}
        }
        match *w {
            WireLocation::Grid { easting, northing } => {
                let grid_hint = "British National Grid eastings are 0–700000 and northings \
                                 0–1300000 metres (e.g. 535120, 181350 in east London)";
                let e = self.coord(path, "easting", easting, 0.0, GRID_MAX_EASTING, grid_hint);
                let n = self.coord(
                    path,
                    "northing",
                    northing,
                    0.0,
                    GRID_MAX_NORTHING,
                    grid_hint,
                );
                Some(Location::Grid {
                    easting: e?,
                    northing: n?,
                })
            }
            WireLocation::LatLon { lat, lon } => {
                let la = self.coord(
                    path,
                    "lat",
                    lat,
                    -90.0,
                    90.0,
                    "latitude is within ±90 degrees",
                );
                let lo = self.coord(
                    path,
                    "lon",
                    lon,
                    -180.0,
                    180.0,
                    "longitude is within ±180 degrees (is it swapped with lat?)",
                );
                Some(Location::LatLon { lat: la?, lon: lo? })
            }
        }
    }

    fn coord(
        &mut self,
        path: &str,
        name: &str,
        v: f64,
        lo: f64,
        hi: f64,
        hint: &str,
    ) -> Option<f64> {
        if v.is_finite() && v >= lo && v <= hi {
            return Some(v);
        }
        self.push(
            Issue::error(
                "coordinate",
                field(path, name),
                format!("{} is out of range {lo}..{hi}", show(v)),
            )
            .hint(hint),
        );
        None
    }
}

/// A number for a message: `12.5`, but `1e300` rather than 301 digits.
fn show(v: f64) -> String {
    if v != 0.0 && !(1e-4..1e9).contains(&v.abs()) {
        format!("{v:e}")
    } else {
        format!("{v}")
    }
}

/// The year group a coordinator probably meant: `r` → `R`, `Year 9` → `9`, `09` → `9`.
pub(super) fn suggest_year(s: &str) -> Option<String> {
    let t = s.trim().to_ascii_lowercase();
    if t == "r" || t == "reception" || t == "rec" {
        return Some("R".into());
    }
    let digits = ["year", "yr", "y"]
        .iter()
        .find_map(|p| t.strip_prefix(p))
        .unwrap_or(&t)
        .trim()
        .trim_start_matches('0');
    let y = YearGroup::parse(digits)?;
    Some(y.to_string()).filter(|y| y != s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_the_year_group_meant() {
        assert_eq!(suggest_year("r").as_deref(), Some("R"));
        assert_eq!(suggest_year("Reception").as_deref(), Some("R"));
        assert_eq!(suggest_year("Year 9").as_deref(), Some("9"));
        assert_eq!(suggest_year("Y10").as_deref(), Some("10"));
        assert_eq!(suggest_year("07").as_deref(), Some("7"));
        assert_eq!(suggest_year("12"), None);
        assert_eq!(suggest_year("Alex"), None);
        assert_eq!(suggest_year(""), None);
    }

    #[test]
    fn shows_huge_numbers_short() {
        assert_eq!(show(1e300), "1e300");
        assert_eq!(show(-536000.0), "-536000");
        assert_eq!(show(12.5), "12.5");
        assert_eq!(show(0.0), "0");
    }

    #[test]
    fn ranges_exclude_non_finite_and_out_of_bounds() {
        assert!(Range::ROUTE_FACTOR.contains(1.3));
        assert!(!Range::ROUTE_FACTOR.contains(0.0));
        assert!(!Range::WEIGHT.contains(f64::NAN));
        assert!(!Range::WEIGHT.contains(1e300));
        assert!(Range::WEIGHT.contains(0.0));
        assert!(!Range::KM.contains(-0.1));
    }
}
