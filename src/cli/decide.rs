//! `fap decide SCENARIO --log LOG --date DAY …`: record the panel's decisions.
//!
//! The log is read and verified first (a broken chain refuses every append);
//! each decision is checked against the hard rules as the scenario stands; the
//! whole log is then rewritten atomically with the new lines at its end.

use super::load_written;
use crate::decisions::{self, agree, decide, Log, Meeting, Proposed, Reason, Request, Wanted};
use crate::error::{FapError, Outcome};
use crate::limits::Limits;
use std::path::{Path, PathBuf};

/// Arguments of `fap decide`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  fap decide round.json --log decisions-2026-27.jsonl --date 2026-11-12 --agree round.plan.json
      agree proposal 1 for every pupil: placed pupils placed, unplaced ones deferred
  fap decide round.json --log decisions-2026-27.jsonl --date 2026-11-12 --agree round.plan.json --pupils P0007,P0012
      agree it for these pupils only
  fap decide round.json --log decisions-2026-27.jsonl --date 2026-11-12 --pupil P0031 --place S012 \\
      --plan round.plan.json --reason parental_preference
      the panel chose otherwise for P0031 (a reason code is needed)
  fap decide round.json --log ... --date ... --pupil P0031 --place S005 --override --reason safeguarding
      a directed admission past a hard rule (the rule is recorded with the entry)
  fap decide round.json --log ... --date ... --pupil P0040 --defer
  fap decide round.json --log ... --date ... --pupil P0041 --withdraw --reason other
  fap decide round.json --log ... --date ... --pupil P0003 --returned 12
      an earlier placement broke down; the child is back with 12 days out of education
  fap decide round.json --log ... --date ... --pupil P0031 --corrects 14 --place S007 --reason recording_error

A decision that breaks a hard rule is refused with the rule named (exit 2, nothing written).
Reason codes: school_evidence_3_10, safeguarding, parental_preference, travel, needs_match,
managed_move, recording_error, other. --note keeps free text in the log; it is never printed.
The log layout is in docs/decisions-format.md; `fap verify-log` checks its hash chain.")]
pub struct Args {
    /// The round's scenario file (fap-scenario/1 JSON).
    pub scenario: PathBuf,
    /// The decisions log (JSON Lines; created if missing).
    #[arg(long, value_name = "LOG")]
    pub log: PathBuf,
    /// The meeting date, YYYY-MM-DD.
    #[arg(long, value_name = "DAY")]
    pub date: String,
    /// Agree a plan's proposal (for all pupils, or those of --pupils).
    #[arg(long, value_name = "PLAN", conflicts_with = "pupil")]
    pub agree: Option<PathBuf>,
    /// With --agree: only these pupils (comma-separated ids).
    #[arg(long, value_name = "IDS", value_delimiter = ',', requires = "agree")]
    pub pupils: Option<Vec<String>>,
    /// The proposal of the plan (--agree, --plan) on the table.
    #[arg(long, value_name = "RANK", default_value_t = 1)]
    pub proposal: usize,
    /// The pupil decided about.
    #[arg(long, value_name = "ID", required_unless_present = "agree")]
    pub pupil: Option<String>,
    /// Placed at this school or AP provider.
    #[arg(long, value_name = "ID", group = "what")]
    pub place: Option<String>,
    /// Deferred to a later round.
    #[arg(long, group = "what")]
    pub defer: bool,
    /// Withdrawn (left the authority, place found elsewhere …).
    #[arg(long, group = "what")]
    pub withdraw: bool,
    /// Returned to the panel, with these days out of education.
    #[arg(long, value_name = "DAYS", group = "what")]
    pub returned: Option<f64>,
    /// This decision corrects entry N.
    #[arg(long, value_name = "N")]
    pub corrects: Option<u64>,
    /// The plan on the table, to record what it proposed for the pupil.
    #[arg(long, value_name = "PLAN")]
    pub plan: Option<PathBuf>,
    /// Why (needed when the decision differs from the proposal, overrides a rule, or corrects).
    #[arg(long, value_name = "CODE", value_parser = parse_reason)]
    pub reason: Option<Reason>,
    /// The panel directs the placement past a hard rule (recorded with the rule).
    #[arg(long = "override")]
    pub override_rule: bool,
    /// Free text kept in the log (never printed; it may hold names).
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
    #[command(flatten)]
    limit: Limits,
}

fn parse_reason(s: &str) -> Result<Reason, String> {
    Reason::parse(s).ok_or_else(|| {
        let all: Vec<&str> = Reason::ALL.iter().map(|r| r.as_str()).collect();
        format!("not a reason code; one of {}", all.join(", "))
    })
}

/// Runs `fap decide`.
pub fn run(a: Args) -> Result<Outcome, FapError> {
    let (round, _) = load_written(&a.scenario, &a.limit)?;
    let (old, mut log) = read_log(&a.log, true)?;
    let m = Meeting {
        sc: &round.scenario,
        wire: &round.wire,
        date: &a.date,
    };
    let refused = |pupil: &str, r: decisions::Refusal| {
        FapError::Input(format!(
            "{}: {pupil}: refused: {r}; nothing written",
            a.log.display()
        ))
    };
    let lines = if let Some(path) = &a.agree {
        let (plan, sha) = super::reference::read_plan(path, &a.limit)?;
        agree(&mut log, m, &plan, &sha, a.proposal, a.pupils.as_deref())
            .map_err(|(p, r)| refused(&p, r))?
    } else {
        let pupil = a.pupil.clone().unwrap_or_default();
        let req = request(&a, pupil.clone())?;
        let e = decide(&log, m, &req).map_err(|r| refused(&pupil, r))?;
        vec![log.push(e)]
    };
    let mut out = old;
    for l in &lines {
        out.extend_from_slice(l.as_bytes());
        out.push(b'\n');
    }
    crate::output::write_atomic(&a.log, &out, &[&a.scenario])?;
    println!(
        "{} decision(s) recorded in {} (entries {}-{}); log head {}",
        lines.len(),
        a.log.display(),
        log.entries.len() + 1 - lines.len(),
        log.entries.len(),
        log.head
    );
    Ok(Outcome::Ok)
}

fn request(a: &Args, pupil: String) -> Result<Request, FapError> {
    let wanted = match (&a.place, a.defer, a.withdraw, a.returned) {
        (Some(at), ..) => Wanted::Place(at.clone()),
        (_, true, ..) => Wanted::Defer,
        (_, _, true, _) => Wanted::Withdraw,
        (.., Some(d)) => Wanted::Return(d),
        _ => {
            return Err(FapError::Input(
                "say what was decided: --place ID, --defer, --withdraw or --returned DAYS".into(),
            ))
        }
    };
    let wanted = match a.corrects {
        Some(n) => Wanted::Correct(n, Box::new(wanted)),
        None => wanted,
    };
    let proposed = match &a.plan {
        Some(path) => Some(proposed_for(path, &pupil, a)?),
        None => None,
    };
    Ok(Request {
        pupil,
        wanted,
        reason: a.reason,
        override_rule: a.override_rule,
        proposed,
        note: a.note.clone(),
    })
}

fn proposed_for(path: &Path, pupil: &str, a: &Args) -> Result<Proposed, FapError> {
    let (plan, sha) = super::reference::read_plan(path, &a.limit)?;
    let place = plan
        .proposals
        .iter()
        .find(|p| p.rank == a.proposal)
        .and_then(|p| p.assignments.iter().find(|r| r.pupil == pupil))
        .ok_or_else(|| {
            FapError::Input(format!(
                "{}: no proposal {} for pupil {pupil}",
                path.display(),
                a.proposal
            ))
        })?
        .target_id()
        .map(str::to_string);
    Ok(Proposed {
        place,
        plan_sha256: sha,
        proposal: a.proposal,
    })
}

/// The log's bytes and the verified log; a missing file is an empty log when `may_be_new`.
pub fn read_log(path: &Path, may_be_new: bool) -> Result<(Vec<u8>, Log), FapError> {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) if may_be_new && e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
        Err(e) => {
            return Err(FapError::Input(format!(
                "{}: cannot read: {e}",
                path.display()
            )))
        }
    };
    let log = decisions::read(&bytes).map_err(|b| {
        FapError::Input(format!("{}: the log does not verify: {b}\n  hint: entries are never edited by hand; fix a mistake with a correction entry (fap decide --corrects N)", path.display()))
    })?;
    Ok((bytes, log))
}
