//! The hash chain: how entries become lines, and how a log is read back and verified.
//!
//! A line is the entry's compact JSON (fields in [`Entry`] order) with one
//! more field last, `"hash"`: the SHA-256 of the line without it (the bytes up
//! to `,"hash":` followed by `}`). Each entry's `prev` is the SHA-256 of the
//! whole previous line. So a changed byte anywhere in an entry breaks its own
//! hash, and a dropped, inserted or reordered entry breaks the next `prev` and
//! the sequence numbers; [`read`] names the first entry that breaks.

use super::entry::Entry;
use crate::plan::sha256_hex;

/// `prev` of the first entry.
pub const ZERO: &str = "0000000000000000000000000000000000000000000000000000000000000000";

const HASH_KEY: &str = ",\"hash\":\"";

/// Where and why a log fails to verify (the entry is its 1-based line).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("entry {entry}: {why}")]
pub struct Broken {
    /// 1-based line number (the entry's place in the file).
    pub entry: usize,
    /// What is wrong, without the entry's contents.
    pub why: String,
}

/// A verified log: its entries and the hash of its last line.
#[derive(Debug, Clone, PartialEq)]
pub struct Log {
    /// Entries in file order.
    pub entries: Vec<Entry>,
    /// SHA-256 of the last line ([`ZERO`] for an empty log): the next entry's `prev`,
    /// and a value to write in the minutes so that a dropped last entry shows.
    pub head: String,
}

impl Default for Log {
    /// The empty log: the first entry's `prev` is [`ZERO`].
    fn default() -> Log {
        Log {
            entries: Vec::new(),
            head: ZERO.to_string(),
        }
    }
}

/// The line of an entry (no newline). Its `prev` must already be set.
pub fn encode(entry: &Entry) -> String {
    let body = serde_json::to_string(entry).expect("entries serialise");
    let hash = sha256_hex(body.as_bytes());
    format!("{}{HASH_KEY}{hash}\"}}", &body[..body.len() - 1])
}

/// Reads and verifies a whole log (UTF-8 JSON Lines; a final newline is optional).
pub fn read(bytes: &[u8]) -> Result<Log, Broken> {
    let text = std::str::from_utf8(bytes).map_err(|e| Broken {
        entry: line_of(bytes, e.valid_up_to()),
        why: "not UTF-8 text".into(),
    })?;
    let mut log = Log::default();
    let body = text.strip_suffix('\n').unwrap_or(text);
    if body.is_empty() {
        return Ok(log);
    }
    for (i, line) in body.split('\n').enumerate() {
        let n = i + 1;
        let entry = decode(line).map_err(|why| Broken { entry: n, why })?;
        if entry.seq != n as u64 {
            return Err(Broken {
                entry: n,
                why: format!(
                    "sequence number {} on line {n}: an entry was removed, inserted or moved",
                    entry.seq
                ),
            });
        }
        if entry.prev != log.head {
            return Err(Broken {
                entry: n,
                why: "its previous-entry hash does not match the entry before it: an earlier entry was changed, removed or moved".into(),
            });
        }
        log.head = sha256_hex(line.as_bytes());
        log.entries.push(entry);
    }
    Ok(log)
}

/// One line back into an entry, its own hash checked.
fn decode(line: &str) -> Result<Entry, String> {
    let changed = || {
        "its bytes do not match its hash: the entry was changed after it was written".to_string()
    };
    let at = line.rfind(HASH_KEY).ok_or_else(changed)?;
    let hash = line[at + HASH_KEY.len()..]
        .strip_suffix("\"}")
        .filter(|h| h.len() == 64)
        .ok_or_else(changed)?;
    let body = format!("{}}}", &line[..at]);
    if sha256_hex(body.as_bytes()) != hash {
        return Err(changed());
    }
    // Only the JSON path is shown: serde's own message can quote the entry's text.
    let mut de = serde_json::Deserializer::from_str(&body);
    serde_path_to_error::deserialize(&mut de).map_err(|e| {
        format!(
            "not a decisions entry (at `{}`; docs/decisions-format.md)",
            e.path()
        )
    })
}

fn line_of(bytes: &[u8], at: usize) -> usize {
    bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1
}
