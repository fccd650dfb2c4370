//! `fap generate`: seeded synthetic scenarios that look like a real authority's
//! panel round (DOMAIN.md), for tests, demos and benchmarks.
//!
//! [`schools`] lays out schools (synthetic towns, or a real register extract),
//! [`aps`] the AP providers, and [`pupils`] draws the pupils around them. The
//! scenario is then validated with the normal rules ([`crate::validate::load_bytes`]),
//! a few pupils are pinned where the model's own eligibility rule allows
//! ([`pins`]), and the pin-dependent checks are run again on the pinned scenario:
//! a generated scenario always loads without error (warnings, e.g. a pupil with
//! no option, are realistic and allowed).
//!
//! Determinism: one ChaCha stream seeded by `--seed` ([`random`]), every list in
//! a fixed order, `BTreeMap`s only, coordinates rounded to whole metres, and the
//! canonical JSON writer: the same settings and input files give the same bytes.
//! Nearby-school queries use a grid ([`nearby`]), so 50,000 pupils over 2,000
//! schools take well under a second.

pub mod aps;
mod draws;
pub mod nearby;
pub mod pins;
pub mod pupils;
pub mod random;
pub mod schools;
pub mod shape;

use crate::import::register::{self, RegisterRow};
use crate::import::table::Table;
use crate::import::ImportIssue;
use crate::scenario::wire::{WirePupil, WireScenario};
use crate::scenario::{Issue, Policy};
use aps::GenAp;
use random::Rng;
use schools::{Centres, GenSchool};
use serde_json::{json, Map, Value};
pub use shape::Shape;

/// `--tight` when not given: most year groups full, as in a real in-year round.
pub const DEFAULT_TIGHT: f64 = 0.7;

/// Which phases the round covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum PhaseMix {
    /// Reception to Year 6.
    Primary,
    /// Years 7 to 11.
    Secondary,
    /// Both (most FAP pupils secondary).
    Mixed,
}

impl PhaseMix {
    /// First and last year group index of the round.
    pub fn years(self) -> (u8, u8) {
        match self {
            PhaseMix::Primary => (0, 6),
            PhaseMix::Secondary => (7, 11),
            PhaseMix::Mixed => (0, 11),
        }
    }

    fn name(self) -> &'static str {
        match self {
            PhaseMix::Primary => "primary",
            PhaseMix::Secondary => "secondary",
            PhaseMix::Mixed => "mixed",
        }
    }
}

/// A register extract given to the generator, with the name recorded in `meta`.
pub struct Register {
    /// The file name (no directories, so the output does not depend on paths).
    pub name: String,
    /// The parsed CSV.
    pub table: Table,
}

/// What to generate.
pub struct Settings {
    /// The seed of every random draw.
    pub seed: u64,
    /// Number of pupils.
    pub pupils: usize,
    /// Number of schools: synthetic ones, or a seeded sample of the register's
    /// (default: 50 synthetic, or every usable register row).
    pub schools: Option<usize>,
    /// Number of AP providers (default: about one per 25 schools).
    pub aps: Option<usize>,
    /// The round's phases.
    pub phase: PhaseMix,
    /// 0..1: the share of year groups with no free place.
    pub tight: f64,
    /// Real schools.
    pub schools_register: Option<Register>,
    /// Real AP providers.
    pub ap_register: Option<Register>,
    /// `meta.name` (default: describes the settings).
    pub name: Option<String>,
    /// Cap mode, FAP share, preferences, AP share, scarcity ([`Shape`]).
    pub shape: Shape,
}

impl Settings {
    /// Synthetic schools and pupils, every other setting as `fap generate`'s
    /// defaults: what `fap generate --seed S --pupils P --schools N` makes.
    pub fn synthetic(seed: u64, pupils: usize, schools: usize) -> Settings {
        Settings {
            seed,
            pupils,
            schools: Some(schools),
            aps: None,
            phase: PhaseMix::Mixed,
            tight: DEFAULT_TIGHT,
            schools_register: None,
            ap_register: None,
            name: None,
            shape: Shape::default(),
        }
    }
}

/// What went wrong.
#[derive(Debug, thiserror::Error)]
pub enum GenerateError {
    /// Settings out of range.
    #[error("{0}")]
    Settings(String),
    /// A register file has errors.
    #[error("{} error(s) in a register extract", .0.len())]
    Register(Vec<ImportIssue>),
    /// The generator produced an invalid scenario: a bug.
    #[error("the generated scenario does not validate (a bug in fap generate): {}", .0.first().map(|i| i.to_string()).unwrap_or_default())]
    Invalid(Vec<Issue>),
}

/// A generated scenario.
pub struct Generated {
    /// The scenario.
    pub wire: WireScenario,
    /// Its canonical JSON bytes.
    pub json: Vec<u8>,
    /// Validation warnings (realistic: some pupils have no option).
    pub warnings: Vec<Issue>,
    /// Notes: register rows skipped, counts.
    pub notes: Vec<String>,
}

/// Generates a scenario: schools, AP providers, pupils, then pins (one random
/// stream, drawn in that order).
pub fn generate(s: &Settings) -> Result<Generated, GenerateError> {
    check(s)?;
    let mut rng = Rng::new(s.seed);
    let mut notes = Vec::new();
    let (mut schools, centres, authority) = lay_out_schools(s, &mut rng, &mut notes)?;
    if let Some(ratio) = s.shape.scarcity {
        shape::scale_free_places(&mut schools, ratio, s.pupils);
    }
    let aps = lay_out_aps(s, schools.len(), centres, &mut rng)?;
    let (pupil_list, near) = draw_pupils(s, &schools, &aps, &mut rng)?;
    let mut wire = WireScenario {
        format: crate::scenario::FORMAT.to_string(),
        meta: meta(s, &authority, schools.len(), aps.len()),
        policy: s.shape.policy(),
        schools: schools.into_iter().map(|x| x.wire).collect(),
        ap_providers: aps.into_iter().map(|x| x.wire).collect(),
        pupils: pupil_list,
    };
    let warnings = pin_and_validate(&mut wire, &near, &mut rng)?;
    let json = crate::scenario::canonical::scenario_json(&wire);
    Ok(Generated {
        wire,
        json,
        warnings,
        notes,
    })
}

/// The schools (synthetic towns or register rows), the centres AP providers
/// go near, and the authority's name.
fn lay_out_schools(
    s: &Settings,
    rng: &mut Rng,
    notes: &mut Vec<String>,
) -> Result<(Vec<GenSchool>, Centres, String), GenerateError> {
    let Some(r) = &s.schools_register else {
        let (schools, centres) = schools::synthetic(s.schools.unwrap_or(50), s.phase, s.tight, rng);
        return Ok((schools, centres, "Synthetic LA".to_string()));
    };
    let rows = register_schools(r, s, rng, notes)?;
    let authority = rows.iter().find_map(|x| x.la_name.clone());
    let sc = schools::real(&rows, s.phase, s.tight, rng);
    let centres = sc
        .iter()
        .map(|x| (x.at, x.wire.name.clone().unwrap_or_default()))
        .collect();
    Ok((
        sc,
        centres,
        authority.unwrap_or_else(|| "Synthetic LA".to_string()),
    ))
}

/// The AP providers: open rows of an AP register (`--ap` of them at most), or
/// synthetic ones near the centres (near a seeded choice of real schools).
fn lay_out_aps(
    s: &Settings,
    n_schools: usize,
    centres: Centres,
    rng: &mut Rng,
) -> Result<Vec<GenAp>, GenerateError> {
    if let Some(r) = &s.ap_register {
        let open: Vec<RegisterRow> = register_rows(r)?
            .into_iter()
            .filter(|r| r.skip(None) != Some(register::Skip::Closed))
            .collect();
        let mut aps = aps::real_aps(&open, s.phase, rng);
        aps.truncate(s.aps.unwrap_or(usize::MAX));
        return Ok(aps);
    }
    let centres = match s.schools_register {
        Some(_) => shuffled_synthetic(centres, rng),
        None => centres,
    };
    let n = s.aps.unwrap_or(default_aps(n_schools, s.phase));
    Ok(aps::synthetic_aps(n, s.phase, &centres, rng))
}

/// Real schools as the centres of synthetic AP providers: a seeded shuffle,
/// each named "Synthetic".
fn shuffled_synthetic(mut centres: Centres, rng: &mut Rng) -> Centres {
    for i in (1..centres.len()).rev() {
        centres.swap(i, rng.index(i + 1));
    }
    for c in &mut centres {
        c.1 = "Synthetic".to_string();
    }
    centres
}

/// A register's rows, or its errors.
fn register_rows(r: &Register) -> Result<Vec<RegisterRow>, GenerateError> {
    let (rows, errors) = register::rows(&r.table);
    if errors.is_empty() {
        Ok(rows)
    } else {
        Err(GenerateError::Register(errors))
    }
}

/// The pupils, and for each the suitable schools nearest its home.
fn draw_pupils(
    s: &Settings,
    schools: &[GenSchool],
    aps: &[GenAp],
    rng: &mut Rng,
) -> Result<(Vec<WirePupil>, Vec<Vec<u32>>), GenerateError> {
    let policy = Policy::default();
    let points: Vec<(f64, f64)> = schools.iter().map(|x| x.at).collect();
    let grid = nearby::Grid::new(&points, 2000.0);
    let homes = pupils::Homes::new(schools);
    check_taught(s, &homes)?;
    let world = pupils::World {
        schools,
        aps,
        grid: &grid,
        homes: &homes,
        policy: &policy,
        shape: &s.shape,
    };
    Ok(pupils::pupils(s.pupils, s.phase, &world, rng))
}

/// Some school teaches a year group of the round, if it has pupils.
fn check_taught(s: &Settings, homes: &pupils::Homes) -> Result<(), GenerateError> {
    let (lo, hi) = s.phase.years();
    if s.pupils > 0 && !(lo..=hi).any(|y| homes.taught(y)) {
        let phase = s.phase.name();
        let message = format!("no school teaches a year group of a {phase} round");
        return Err(GenerateError::Settings(message));
    }
    Ok(())
}

/// Validates once with the normal rules, then pins where valid and re-runs the
/// checks that depend on pins on the pinned scenario (the rest is unchanged);
/// returns the warnings.
fn pin_and_validate(
    wire: &mut WireScenario,
    near: &[Vec<u32>],
    rng: &mut Rng,
) -> Result<Vec<Issue>, GenerateError> {
    let loaded = crate::validate::load_bytes(&crate::scenario::canonical::scenario_json(wire));
    let errors = |issues: Vec<Issue>| {
        GenerateError::Invalid(issues.into_iter().filter(Issue::is_error).collect())
    };
    let mut sc = match loaded.scenario {
        Some(sc) if !loaded.issues.iter().any(Issue::is_error) => sc,
        _ => return Err(errors(loaded.issues)),
    };
    for (i, t) in pins::choose(&sc, near, rng) {
        wire.pupils[i].pinned = Some(sc.target_id(t).to_string());
        sc.pupils[i].pinned = Some(t);
    }
    let mut warnings = Vec::new();
    crate::model::feasibility::check(&sc, &mut warnings);
    if warnings.iter().any(Issue::is_error) {
        return Err(errors(warnings));
    }
    Ok(warnings)
}

fn check(s: &Settings) -> Result<(), GenerateError> {
    s.shape.check().map_err(GenerateError::Settings)?;
    let bad = |m: String| Err(GenerateError::Settings(m));
    if !(0.0..=1.0).contains(&s.tight) {
        return bad(format!("--tight must be between 0 and 1, got {}", s.tight));
    }
    if s.pupils > 1_000_000 {
        return bad(format!("--pupils {} is more than 1,000,000", s.pupils));
    }
    match s.schools {
        Some(0) => return bad("--schools must be at least 1".to_string()),
        Some(n) if n > 100_000 => return bad(format!("--schools {n} is more than 100,000")),
        _ => {}
    }
    if s.aps.is_some_and(|a| a > 10_000) {
        return bad("--ap must be at most 10,000".to_string());
    }
    Ok(())
}

/// About one AP provider per 25 schools (per 60 in a primary round), at least one.
fn default_aps(schools: usize, mix: PhaseMix) -> usize {
    let per = if mix == PhaseMix::Primary { 60.0 } else { 25.0 };
    ((schools as f64 / per).round() as usize).max(1)
}

/// The register rows used: mainstream, teaching a year of the round, not far
/// from the others (an authority's school outside its area, e.g. a special
/// school by the sea, would only add an unreachable school), and a seeded
/// sample when `--schools` asks for fewer.
fn register_schools(
    r: &Register,
    s: &Settings,
    rng: &mut Rng,
    notes: &mut Vec<String>,
) -> Result<Vec<RegisterRow>, GenerateError> {
    let rows = register_rows(r)?;
    let (lo, hi) = s.phase.years();
    let total = rows.len();
    let mut kept: Vec<RegisterRow> = rows
        .into_iter()
        .filter(|r| r.skip(None).is_none())
        .filter(|r| r.years().is_some_and(|(a, b)| a.0 <= hi && b.0 >= lo))
        .collect();
    let skipped = total - kept.len();
    let far = far_rows(&kept);
    if !far.is_empty() {
        notes.push(format!(
            "{}: left out {} school(s) more than {} km from the others: URN {}",
            r.name,
            far.len(),
            FAR_KM,
            far.iter()
                .map(|&i| kept[i].urn.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ));
        let mut i = 0;
        kept.retain(|_| {
            i += 1;
            !far.contains(&(i - 1))
        });
    }
    notes.push(format!(
        "{}: {} of {total} rows are {} schools of this round ({skipped} skipped: special, nursery, 16-19, other phase)",
        r.name,
        kept.len(),
        s.phase.name()
    ));
    if kept.is_empty() {
        return Err(GenerateError::Settings(format!(
            "{}: no mainstream school teaches a year group of a {} round",
            r.name,
            s.phase.name()
        )));
    }
    if let Some(n) = s.schools {
        if n > kept.len() {
            return Err(GenerateError::Settings(format!(
                "--schools {n}, but {} has only {} usable schools",
                r.name,
                kept.len()
            )));
        }
        // Seeded sample, file order kept.
        let mut idx: Vec<usize> = (0..kept.len()).collect();
        for i in (1..idx.len()).rev() {
            idx.swap(i, rng.index(i + 1));
        }
        let mut take = idx[..n].to_vec();
        take.sort_unstable();
        kept = take.into_iter().map(|i| kept[i].clone()).collect();
    }
    Ok(kept)
}

/// Rows farther than this from the median location are left out.
const FAR_KM: f64 = 25.0;

fn far_rows(rows: &[RegisterRow]) -> Vec<usize> {
    let median = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v.get(v.len() / 2).copied().unwrap_or(0.0)
    };
    let e = median(rows.iter().map(|r| r.easting).collect());
    let n = median(rows.iter().map(|r| r.northing).collect());
    rows.iter()
        .enumerate()
        .filter(|(_, r)| {
            let (dx, dy) = (r.easting - e, r.northing - n);
            (dx * dx + dy * dy).sqrt() > FAR_KM * 1000.0
        })
        .map(|(i, _)| i)
        .collect()
}

fn meta(s: &Settings, authority: &str, schools: usize, aps: usize) -> Map<String, Value> {
    let name = s.name.clone().unwrap_or_else(|| {
        format!(
            "{authority} {} panel round (synthetic, seed {})",
            s.phase.name(),
            s.seed
        )
    });
    let mut generator = json!({
        "seed": s.seed,
        "pupils": s.pupils,
        "schools": schools,
        "ap": aps,
        "phase": s.phase.name(),
        "tight": s.tight,
    });
    s.shape.record(&mut generator);
    if let Some(r) = &s.schools_register {
        generator["schools_csv"] = json!(r.name);
    }
    if let Some(r) = &s.ap_register {
        generator["ap_csv"] = json!(r.name);
    }
    let notes = match &s.schools_register {
        Some(_) => "Synthetic pupils, rolls, ledger and AP places around real school locations and sizes (public register data, OGL v3.0). Not real cases.",
        None => "Entirely synthetic: no real school or pupil.",
    };
    let mut m = Map::new();
    m.insert("name".into(), json!(name));
    m.insert("authority".into(), json!(authority));
    m.insert("notes".into(), json!(notes));
    m.insert("generator".into(), generator);
    m
}
