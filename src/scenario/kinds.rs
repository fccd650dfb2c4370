//! The scenario's small value types: year groups and phases, locations, the
//! kinds of school, pupil and route, and the dense indices that name a school,
//! an AP provider or a pupil.
//!
//! They are the words every layer shares (model, checker, reports), kept apart
//! from the records in [`super::types`] so a reader finds each vocabulary item
//! in one short file.

/// A year group: 0 is Reception (`R`), 1..=11 are Years 1..11.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct YearGroup(pub u8);

/// Number of year groups, R..11.
pub const YEAR_GROUPS: usize = 12;

impl YearGroup {
    /// Parses `R`, `1` … `11`.
    pub fn parse(s: &str) -> Option<YearGroup> {
        match s {
            "R" => Some(YearGroup(0)),
            _ => {
                if s.is_empty()
                    || s.len() > 2
                    || !s.bytes().all(|b| b.is_ascii_digit())
                    || s.starts_with('0')
                {
                    return None;
                }
                s.parse::<u8>()
                    .ok()
                    .filter(|n| (1..=11).contains(n))
                    .map(YearGroup)
            }
        }
    }
    /// Primary for R..6, secondary for 7..11.
    pub fn phase(self) -> Phase {
        if self.0 <= 6 {
            Phase::Primary
        } else {
            Phase::Secondary
        }
    }
    /// "Under 8" for transport: R, 1 and 2.
    pub fn is_under_8(self) -> bool {
        self.0 <= 2
    }
    /// Index 0..12.
    pub fn index(self) -> usize {
        self.0 as usize
    }
    /// All year groups in order.
    pub fn all() -> impl Iterator<Item = YearGroup> {
        (0..YEAR_GROUPS as u8).map(YearGroup)
    }
}

impl std::fmt::Display for YearGroup {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.0 == 0 {
            f.write_str("R")
        } else {
            write!(f, "{}", self.0)
        }
    }
}

/// Primary (R–6) or secondary (7–11).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Phase {
    /// Reception to Year 6.
    Primary,
    /// Years 7 to 11.
    Secondary,
}

impl Phase {
    /// Both phases, primary first.
    pub const ALL: [Phase; 2] = [Phase::Primary, Phase::Secondary];
    /// 0 for primary, 1 for secondary.
    pub fn index(self) -> usize {
        self as usize
    }
    /// `primary` / `secondary`.
    pub fn name(self) -> &'static str {
        match self {
            Phase::Primary => "primary",
            Phase::Secondary => "secondary",
        }
    }
    /// Does the year group belong to this phase?
    pub fn contains(self, y: YearGroup) -> bool {
        y.phase() == self
    }
}

/// A point: grid metres or degrees (one kind per scenario).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Location {
    /// British National Grid, metres.
    Grid {
        /// Easting, m.
        easting: f64,
        /// Northing, m.
        northing: f64,
    },
    /// WGS84 degrees.
    LatLon {
        /// Latitude.
        lat: f64,
        /// Longitude.
        lon: f64,
    },
}

/// `mixed`, `boys` or `girls`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SchoolSex {
    /// Takes everyone.
    Mixed,
    /// Takes `m` only.
    Boys,
    /// Takes `f` only.
    Girls,
}

/// A pupil's sex as recorded: `f`, `m` or `x`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PupilSex {
    /// Female.
    F,
    /// Male.
    M,
    /// Other / not recorded.
    X,
}

impl SchoolSex {
    /// MODEL.md rule 2: `boys` takes `m`, `girls` takes `f`, `mixed` takes all.
    pub fn admits(self, p: PupilSex) -> bool {
        match self {
            SchoolSex::Mixed => true,
            SchoolSex::Boys => p == PupilSex::M,
            SchoolSex::Girls => p == PupilSex::F,
        }
    }
}

/// Latest Ofsted judgement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ofsted {
    /// Outstanding.
    Outstanding,
    /// Good.
    Good,
    /// Requires improvement.
    RequiresImprovement,
    /// Inadequate.
    Inadequate,
    /// Not inspected / no grade.
    NotInspected,
}

impl Ofsted {
    /// The weak-school cost applies to these (MODEL.md).
    pub fn is_weak(self) -> bool {
        matches!(self, Ofsted::RequiresImprovement | Ofsted::Inadequate)
    }
}

/// `fap` or `in_year`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PupilKind {
    /// Referred under the Fair Access Protocol.
    Fap,
    /// Ordinary in-year application.
    InYear,
}

/// Which kinds of place a pupil may take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route {
    /// Mainstream only.
    School,
    /// AP only.
    Ap,
    /// Either.
    Either,
}

/// `hard`, `soft`, `off`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CapMode {
    /// Never exceed the cap.
    Hard,
    /// Exceed at a cost (`w.over_cap`).
    Soft,
    /// No cap.
    Off,
}

/// Index of a school in `Scenario::schools`.
pub type SchoolIdx = u32;
/// Index of an AP provider in `Scenario::aps`.
pub type ApIdx = u32;
/// Index of a pupil in `Scenario::pupils`.
pub type PupilIdx = u32;

/// A placement target: a school or an AP provider.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Target {
    /// A mainstream school.
    School(SchoolIdx),
    /// An AP provider.
    Ap(ApIdx),
}
