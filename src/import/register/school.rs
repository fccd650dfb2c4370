//! What a register row means for the scenario: the year groups it teaches,
//! whether it is skipped (and why), and its estimated places.

use super::RegisterRow;
use crate::scenario::wire::{WireLocation, WireSchool, WireYearPlaces};
use crate::scenario::YearGroup;

/// Establishment types that are not mainstream schools for FAP (matched as
/// lower-case substrings of the type): their pupils are placed by other routes.
const NOT_MAINSTREAM: &[&str] = &[
    "special",
    "pupil referral",
    "alternative provision",
    "independent",
    "16 to 19",
    "16-19",
    "further education",
    "sixth form",
    "higher education",
    "welsh",
    "secure",
    "online",
    "non-maintained",
    "overseas",
    "offshore",
    "other government",
    "miscellaneous",
    "service children",
];

/// Why a register row is not a school of the scenario.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Skip {
    /// Not open.
    Closed,
    /// In another local authority than `--la`.
    OtherLa,
    /// Special, AP, 16–19, independent and the like.
    NotMainstream,
    /// Nursery, 16 plus, "not applicable", or an age range outside R–11.
    NoUsablePhase,
}

impl Skip {
    /// For notes.
    pub fn describe(self) -> &'static str {
        match self {
            Skip::Closed => "not open",
            Skip::OtherLa => "in another local authority",
            Skip::NotMainstream => "not a mainstream school (special, AP, 16-19, independent, ...)",
            Skip::NoUsablePhase => "no year group in R-11 (nursery, 16 plus, no phase or ages)",
        }
    }
}

/// How the places of a school were estimated (see [`RegisterRow::estimate`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Basis {
    /// From capacity and roll.
    CapacityAndRoll,
    /// From capacity; assumed full.
    CapacityOnly,
    /// From the roll, rounded up to whole forms of entry of 15.
    RollOnly,
    /// Neither known: a typical size, assumed full.
    Typical,
}

impl Basis {
    /// For notes.
    pub fn describe(self) -> &'static str {
        match self {
            Basis::CapacityAndRoll => "from capacity and roll",
            Basis::CapacityOnly => "from capacity, roll unknown so assumed full",
            Basis::RollOnly => "from the roll, PAN rounded up to whole forms of 15",
            Basis::Typical => "no capacity or roll: typical PAN, assumed full",
        }
    }
}

/// Estimated places of every year group the school teaches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Estimate {
    /// PAN of each year group.
    pub pan: u32,
    /// Pupils on roll in each year group.
    pub on_roll: u32,
    /// How it was estimated.
    pub basis: Basis,
}

impl RegisterRow {
    /// The year groups R–11 the school teaches: from the statutory ages when
    /// known (a pupil in year `y` turns `y + 5` during it: low age 11 → Year 7,
    /// high age 16 → Year 11, low age 4 or less → Reception), else from the phase.
    pub fn years(&self) -> Option<(YearGroup, YearGroup)> {
        let (first, last) = match (self.low_age, self.high_age) {
            (Some(lo), Some(hi)) => (lo.saturating_sub(4) as i64, (hi as i64 - 5).min(11)),
            _ => self.phase_years()?,
        };
        (first <= last && last >= 0 && first <= 11)
            .then_some((YearGroup(first as u8), YearGroup(last as u8)))
    }

    /// First and last year group of the phase of education, if it has some.
    fn phase_years(&self) -> Option<(i64, i64)> {
        Some(match self.phase_lower().as_deref() {
            Some("primary") => (0, 6),
            Some("secondary") => (7, 11),
            Some("all-through" | "all through") => (0, 11),
            Some("middle deemed primary") => (4, 7),
            Some("middle deemed secondary") => (5, 8),
            _ => return None,
        })
    }

    fn phase_lower(&self) -> Option<String> {
        self.phase.as_ref().map(|p| p.trim().to_ascii_lowercase())
    }

    /// Is the row in this local authority (code or name, case-insensitive)?
    pub fn in_la(&self, la: &str) -> bool {
        let eq = |v: &Option<String>| v.as_deref().is_some_and(|v| v.eq_ignore_ascii_case(la));
        eq(&self.la_code) || eq(&self.la_name)
    }

    /// Why this row is not a mainstream school of the scenario, if it is not.
    pub fn skip(&self, la: Option<&str>) -> Option<Skip> {
        let closed = self
            .status
            .as_deref()
            .is_some_and(|s| !s.to_ascii_lowercase().starts_with("open"));
        let kind = self.kind.as_deref().unwrap_or("").to_ascii_lowercase();
        let no_phase = matches!(
            self.phase_lower().as_deref(),
            Some("nursery" | "16 plus" | "not applicable")
        );
        [
            (closed, Skip::Closed),
            (la.is_some_and(|la| !self.in_la(la)), Skip::OtherLa),
            (
                NOT_MAINSTREAM.iter().any(|k| kind.contains(k)),
                Skip::NotMainstream,
            ),
            (no_phase || self.years().is_none(), Skip::NoUsablePhase),
        ]
        .into_iter()
        .find_map(|(is, why)| is.then_some(why))
    }

    /// Year groups weighted by size for spreading capacity and roll: each of
    /// R–11 taught counts 1, each sixth-form year (ages 16–18) ½, a nursery
    /// class (low age 3 or less) ½.
    fn weight(&self) -> f64 {
        let (first, last) = self.years().expect("a school of the scenario has years");
        let main = f64::from(last.0 - first.0 + 1);
        let sixth = self.high_age.map_or(0, |h| h.min(18).saturating_sub(16)) as f64;
        let nursery = f64::from(u8::from(self.low_age.is_some_and(|l| l <= 3)));
        main + 0.5 * sixth + 0.5 * nursery
    }

    /// Places of each year group, the same for every year group taught:
    /// - capacity and roll known: PAN = capacity ÷ weight, on roll = roll ÷ weight
    ///   (rounded);
    /// - capacity only: that PAN, and the school assumed full;
    /// - roll only: on roll = roll ÷ weight, PAN rounded up to whole forms of 15
    ///   (a school of 467 over 7 year groups: 67 on roll, PAN 75);
    /// - neither: PAN 30 (primary) or 180 (secondary), assumed full.
    pub fn estimate(&self) -> Estimate {
        let w = self.weight();
        let per = |n: u32| (f64::from(n) / w).round() as u32;
        let (pan, on_roll, basis) = match (self.capacity, self.pupils) {
            (Some(c), Some(p)) if c > 0 => (per(c), per(p), Basis::CapacityAndRoll),
            (Some(c), None) if c > 0 => (per(c), per(c), Basis::CapacityOnly),
            (_, Some(p)) if p > 0 => (whole_forms(f64::from(p) / w), per(p), Basis::RollOnly),
            _ => (self.typical_pan(), self.typical_pan(), Basis::Typical),
        };
        Estimate {
            pan,
            on_roll,
            basis,
        }
    }

    /// PAN 30 for a primary school, 180 for a secondary one.
    fn typical_pan(&self) -> u32 {
        let secondary = self.years().is_some_and(|(f, _)| f.0 >= 7);
        if secondary {
            180
        } else {
            30
        }
    }

    /// The school, with estimated places in every year group it teaches.
    pub fn to_wire(&self) -> WireSchool {
        let (first, last) = self.years().expect("a school of the scenario has years");
        let e = self.estimate();
        let year_groups = (first.0..=last.0)
            .map(|y| {
                (
                    YearGroup(y).to_string(),
                    WireYearPlaces {
                        pan: i64::from(e.pan),
                        on_roll: i64::from(e.on_roll),
                    },
                )
            })
            .collect();
        WireSchool {
            id: self.urn.clone(),
            name: self.name.clone(),
            location: WireLocation::Grid {
                easting: self.easting,
                northing: self.northing,
            },
            sex: (self.sex != "mixed").then(|| self.sex.to_string()),
            ofsted: self.ofsted.map(str::to_string),
            year_groups,
            fap_this_year: None,
            accepts_fap: None,
            trust: self.trust.clone(),
        }
    }
}

/// A PAN of whole forms of entry of 15 holding `per_year` pupils (at least one form).
fn whole_forms(per_year: f64) -> u32 {
    ((per_year / 15.0).ceil() as u32).max(1) * 15
}
