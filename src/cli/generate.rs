//! `fap generate`: a seeded synthetic scenario (docs/generate.md).

use crate::error::{FapError, Outcome};
use crate::generate::{generate, GenerateError, PhaseMix, Register, Settings};
use crate::import::table::Table;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Arguments of `fap generate`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  fap generate --seed 1 --pupils 60 -o round.json
      60 pupils around 50 synthetic schools in towns (mixed phases)
  fap generate --seed 7 --pupils 50 --phase secondary --tight 0.8 \\
      --schools-csv tests/fixtures/register/tower-hamlets.csv \\
      --ap-csv tests/fixtures/register/tower-hamlets-ap.csv -o th.json
      real school locations and sizes, synthetic pupils and rolls
  fap generate --seed 3 --pupils 50000 --schools 2000 -o big.json

The same arguments and input files always give the same bytes. Every generated
scenario validates (warnings such as a pupil with no option are realistic).")]
pub struct Args {
    /// Seed of every random draw.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Number of pupils.
    #[arg(long, value_name = "P", default_value_t = 60)]
    pub pupils: usize,
    /// Number of schools [default: 50 synthetic, or every usable row of --schools-csv].
    #[arg(long, value_name = "S")]
    pub schools: Option<usize>,
    /// Number of AP providers [default: about one per 25 schools].
    #[arg(long = "ap", value_name = "A")]
    pub aps: Option<usize>,
    /// Phases of the round.
    #[arg(long, value_enum, default_value = "mixed")]
    pub phase: PhaseMix,
    /// 0..1: share of year groups with no free place (scarcity of places).
    #[arg(long, value_name = "T", default_value_t = crate::generate::DEFAULT_TIGHT)]
    pub tight: f64,
    /// Fairness-cap mode written into the policy [default: the policy's, soft].
    #[arg(long, value_name = "MODE", value_parser = ["hard", "soft", "off"])]
    pub cap_mode: Option<String>,
    /// 0..1: share of pupils who are FAP referrals [default: 0.8].
    #[arg(long, value_name = "F")]
    pub fap_share: Option<f64>,
    /// Every pupil ranks MIN to MAX schools, e.g. 1-3 [default: 0-6, mostly 1-3].
    #[arg(long, value_name = "MIN-MAX", value_parser = crate::generate::shape::parse_range)]
    pub preferences: Option<(u32, u32)>,
    /// 0..1: share of FAP pupils near an AP provider on the AP or either route [default: by category, about 0.24].
    #[arg(long, value_name = "A")]
    pub ap_share: Option<f64>,
    /// Free places ÷ pupils over the year groups with free places (scales them) [default: as drawn].
    #[arg(long, value_name = "R")]
    pub scarcity: Option<f64>,
    /// Real schools from a school-register extract (GIAS columns or tests/fixtures/register/*.csv).
    #[arg(long, value_name = "FILE")]
    pub schools_csv: Option<PathBuf>,
    /// Real AP providers from a register extract (e.g. tests/fixtures/register/*-ap.csv).
    #[arg(long, value_name = "FILE")]
    pub ap_csv: Option<PathBuf>,
    /// meta.name [default: describes the settings].
    #[arg(long)]
    pub name: Option<String>,
    /// Output file [default: standard output].
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Print no summary.
    #[arg(short, long)]
    pub quiet: bool,
}

fn register(path: &Option<PathBuf>) -> Result<Option<Register>, FapError> {
    let Some(p) = path else { return Ok(None) };
    let bytes = crate::import::read(p).map_err(|e| FapError::Input(e.to_string()))?;
    let table = Table::parse(&p.display().to_string(), &bytes, true)
        .map_err(|e| FapError::Input(e.to_string()))?;
    let name = p.file_name().map_or_else(
        || p.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    Ok(Some(Register { name, table }))
}

/// Runs `fap generate`.
pub fn run(a: Args) -> Result<Outcome, FapError> {
    let settings = Settings {
        seed: a.seed,
        pupils: a.pupils,
        schools: a.schools,
        aps: a.aps,
        phase: a.phase,
        tight: a.tight,
        schools_register: register(&a.schools_csv)?,
        ap_register: register(&a.ap_csv)?,
        name: a.name.clone(),
        shape: crate::generate::Shape {
            cap_mode: a.cap_mode.clone(),
            fap_share: a.fap_share,
            preferences: a.preferences,
            ap_share: a.ap_share,
            scarcity: a.scarcity,
        },
    };
    let g = generate(&settings).map_err(|e| match e {
        GenerateError::Settings(m) => FapError::Input(m),
        GenerateError::Register(errors) => {
            super::import::print_issues(&errors);
            FapError::Invalid {
                file: "register extract".into(),
                errors: errors.len(),
            }
        }
        e @ GenerateError::Invalid(_) => FapError::Internal(e.to_string()),
    })?;
    let inputs: Vec<&Path> = [&a.schools_csv, &a.ap_csv]
        .into_iter()
        .flatten()
        .map(PathBuf::as_path)
        .collect();
    match &a.output {
        Some(out) => crate::output::write_atomic(out, &g.json, &inputs)?,
        None => {
            use std::io::Write;
            let mut stdout = std::io::stdout().lock();
            if let Err(e) = stdout.write_all(&g.json).and_then(|_| stdout.flush()) {
                if e.kind() != std::io::ErrorKind::BrokenPipe {
                    return Err(FapError::Input(format!(
                        "cannot write to standard output: {e}"
                    )));
                }
            }
        }
    }
    if !a.quiet {
        for n in &g.notes {
            eprintln!("note: {n}");
        }
        let fap = g.wire.pupils.iter().filter(|p| p.kind == "fap").count();
        let pinned = g.wire.pupils.iter().filter(|p| p.pinned.is_some()).count();
        let mut codes: BTreeMap<&str, usize> = BTreeMap::new();
        for w in &g.warnings {
            *codes.entry(w.code).or_default() += 1;
        }
        let codes: Vec<String> = codes.iter().map(|(c, n)| format!("{n} {c}")).collect();
        eprintln!(
            "generated {} pupils ({fap} FAP, {} in-year, {pinned} pinned), {} schools, {} AP providers{}; valid, {} warning(s){}",
            g.wire.pupils.len(),
            g.wire.pupils.len() - fap,
            g.wire.schools.len(),
            g.wire.ap_providers.len(),
            a.output.as_ref().map_or(String::new(), |o| format!(" → {}", o.display())),
            g.warnings.len(),
            if codes.is_empty() { String::new() } else { format!(" ({})", codes.join(", ")) },
        );
    }
    Ok(Outcome::Ok)
}
