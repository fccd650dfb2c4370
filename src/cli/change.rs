//! `fap change SCENARIO --pin P0007=S012 … -o NEW`: the panel's changes to a
//! round, written as a new, validated scenario (src/edit).

use super::load_written;
use crate::edit::{self, words, Change};
use crate::error::{FapError, Outcome};
use crate::limits::Limits;
use std::path::{Path, PathBuf};

/// Arguments of `fap change`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  fap change autumn2.json --pin P0007=S012 --avoid P0003=S004 -o autumn2-b.json
      the panel agreed S012 for P0007 and ruled S004 out for P0003
  fap change autumn2.json --add-place S012:9 --pin P0031=S012 -o autumn2-b.json
      S012 offers one more place in Year 9, and P0031 takes it
  fap change autumn2.json --withdraw P0040 --unpin P0012 --add-above-pan -o autumn2-b.json
  fap change autumn2.json --changes meeting.json -o autumn2-b.json
      the changes in a file: a JSON list such as
      [{\"kind\": \"pin\", \"pupil\": \"P0007\", \"place\": \"S012\"},
       {\"kind\": \"add_place\", \"place\": \"S012\", \"year\": \"9\"}]
  then re-solve against the plan on the table, and compare:
  fap solve autumn2-b.json --reference round.plan.json -o round-b.plan.json
  fap diff round.plan.json round-b.plan.json --scenario autumn2-b.json

Flags are applied in this order, so that room is made before it is used: --withdraw,
--unpin, --unavoid, --add-place, --add-above-pan, --avoid, --pin, --remove-place,
--remove-above-pan; a --changes file is applied in its own order. A change that names
nothing in the round, changes nothing, or breaks a hard rule (a pin the child cannot take,
more children pinned to a place than it has) is refused with the rule named: exit 2, nothing
written. An existing output file is replaced only with --force. Details: docs/changes.md.")]
pub struct Args {
    /// The round's scenario file.
    pub scenario: PathBuf,
    /// Place a child at a school or AP provider: PUPIL=PLACE (repeatable).
    #[arg(long, value_name = "PUPIL=PLACE")]
    pub pin: Vec<String>,
    /// Take a child's pin away: PUPIL.
    #[arg(long, value_name = "PUPIL")]
    pub unpin: Vec<String>,
    /// Rule a school or AP provider out for a child: PUPIL=PLACE.
    #[arg(long, value_name = "PUPIL=PLACE")]
    pub avoid: Vec<String>,
    /// Lift a ruling-out: PUPIL=PLACE.
    #[arg(long, value_name = "PUPIL=PLACE")]
    pub unavoid: Vec<String>,
    /// The child leaves the round: PUPIL.
    #[arg(long, value_name = "PUPIL")]
    pub withdraw: Vec<String>,
    /// One more free place: SCHOOL:YEAR (e.g. S012:9) or an AP provider's id.
    #[arg(long, value_name = "SCHOOL:YEAR")]
    pub add_place: Vec<String>,
    /// One free place fewer: SCHOOL:YEAR or an AP provider's id.
    #[arg(long, value_name = "SCHOOL:YEAR")]
    pub remove_place: Vec<String>,
    /// One more place above PAN per school year group (policy.max_above_pan + 1).
    #[arg(long)]
    pub add_above_pan: bool,
    /// One place above PAN fewer (policy.max_above_pan − 1).
    #[arg(long)]
    pub remove_above_pan: bool,
    /// The changes as a JSON list (instead of the flags).
    #[arg(long, value_name = "FILE", conflicts_with_all = ["pin", "unpin", "avoid", "unavoid", "withdraw", "add_place", "remove_place", "add_above_pan", "remove_above_pan"])]
    pub changes: Option<PathBuf>,
    /// Where to write the new scenario.
    #[arg(short, long, value_name = "FILE")]
    pub output: PathBuf,
    /// Replace the output file if it exists.
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    limit: Limits,
}

/// Runs `fap change`.
pub fn run(a: Args) -> Result<Outcome, FapError> {
    crate::output::output_dir(&a.output)?;
    if a.output.exists() && !a.force {
        return Err(FapError::Input(format!(
            "{}: already exists; nothing was written\n  hint: pass --force to replace it, or choose another file",
            a.output.display()
        )));
    }
    let changes = match &a.changes {
        Some(path) => from_file(path)?,
        None => from_flags(&a)?,
    };
    if changes.is_empty() {
        return Err(FapError::Input(
            "no change given\n  hint: e.g. --pin P0007=S012; see fap change --help".into(),
        ));
    }
    let (before, _) = load_written(&a.scenario, &a.limit)?;
    let edited = edit::apply(&before, &changes, Some(&a.limit))
        .map_err(|r| FapError::Input(format!("{}: {r}; nothing written", a.scenario.display())))?;
    let mut inputs: Vec<&Path> = vec![&a.scenario];
    inputs.extend(a.changes.as_deref());
    crate::output::write_atomic(&a.output, &edited.bytes, &inputs)?;
    for c in &changes {
        println!("{}", words::describe(c, &before.scenario));
    }
    println!(
        "{} -> {}: {} change(s), {} pupils",
        a.scenario.display(),
        a.output.display(),
        changes.len(),
        edited.written.scenario.pupils.len()
    );
    Ok(Outcome::Ok)
}

fn from_flags(a: &Args) -> Result<Vec<Change>, FapError> {
    let flag = |on: bool| if on { vec![String::new()] } else { Vec::new() };
    let groups: [(&str, Vec<String>); 9] = [
        ("withdraw", a.withdraw.clone()),
        ("unpin", a.unpin.clone()),
        ("unavoid", a.unavoid.clone()),
        ("add-place", a.add_place.clone()),
        ("add-above-pan", flag(a.add_above_pan)),
        ("avoid", a.avoid.clone()),
        ("pin", a.pin.clone()),
        ("remove-place", a.remove_place.clone()),
        ("remove-above-pan", flag(a.remove_above_pan)),
    ];
    groups
        .iter()
        .flat_map(|(name, args)| args.iter().map(move |arg| words::parse(name, arg)))
        .collect::<Result<_, _>>()
        .map_err(|e| FapError::Input(format!("--{e}")))
}

fn from_file(path: &Path) -> Result<Vec<Change>, FapError> {
    let bytes = crate::scenario::load::read_limited(path, 1 << 20)
        .map_err(|i| FapError::Input(format!("{}: {i}", path.display())))?;
    let mut de = serde_json::Deserializer::from_slice(&bytes);
    serde_path_to_error::deserialize(&mut de).map_err(|e| {
        FapError::Input(format!(
            "{}: {}: {}\n  hint: a JSON list of changes, e.g. [{{\"kind\": \"pin\", \"pupil\": \"P0007\", \"place\": \"S012\"}}]; see docs/changes.md",
            path.display(),
            crate::scenario::json::json_path(e.path()),
            e.inner()
        ))
    })
}
