//! The decisions that stand for a round: its entries with corrections applied.

use super::chain::{Broken, Log};
use super::entry::{Entry, Kind};

/// One pupil's standing decision in a round.
#[derive(Debug, Clone, PartialEq)]
pub struct Standing<'a> {
    /// The entry first recording the decision (its `seq`).
    pub seq: u64,
    /// The decision, after corrections.
    pub kind: Kind,
    /// The entry whose fields hold it (the original, or its last correction).
    pub entry: &'a Entry,
}

/// The standing decision of every pupil decided in `round`, in log order.
/// A pupil with two decisions in one round (not a correction) is an error.
pub fn standing<'a>(log: &'a Log, round: &str) -> Result<Vec<Standing<'a>>, Broken> {
    let mut out: Vec<Standing> = Vec::new();
    for (i, e) in log.entries.iter().enumerate() {
        let n = i + 1;
        match e.decision {
            Kind::Correction => {
                let target = correction_target(log, e, n)?;
                if let Some(s) = out.iter_mut().find(|s| s.seq == target) {
                    s.kind = e.now.expect("checked by correction_target");
                    s.entry = e;
                }
            }
            _ if e.round == round => {
                if let Some(s) = out.iter().find(|s| s.entry.pupil == e.pupil) {
                    return Err(Broken {
                        entry: n,
                        why: format!(
                            "a second decision for the same pupil in this round (entry {} has one); record a correction instead",
                            s.seq
                        ),
                    });
                }
                out.push(Standing {
                    seq: e.seq,
                    kind: e.decision,
                    entry: e,
                });
            }
            _ => {}
        }
    }
    Ok(out)
}

/// The `seq` a correction replaces: an earlier, non-correction entry of the same pupil.
pub fn correction_target(log: &Log, e: &Entry, n: usize) -> Result<u64, Broken> {
    let broken = |why: String| Broken { entry: n, why };
    let target = e
        .corrects
        .ok_or_else(|| broken("a correction needs `corrects`, the entry it replaces".into()))?;
    if matches!(e.now, None | Some(Kind::Correction)) {
        return Err(broken(
            "a correction needs `now`: placed, deferred, withdrawn or returned".into(),
        ));
    }
    let ok = target >= 1
        && (target as usize) < n
        && log
            .entries
            .get(target as usize - 1)
            .is_some_and(|t| t.decision != Kind::Correction && t.pupil == e.pupil);
    if !ok {
        return Err(broken(format!(
            "corrects entry {target}, which is not an earlier decision about the same pupil"
        )));
    }
    Ok(target)
}
