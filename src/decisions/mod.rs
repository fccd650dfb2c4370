//! The decisions log (ROUNDS.md): every decision the panel takes, append-only,
//! hash-chained, checked against the hard rules as the scenario stood at the
//! meeting. The layout is in `docs/decisions-format.md`.
//!
//! [`chain`] reads and verifies a log and turns entries into lines;
//! [`effective`] gives a round's standing decisions (corrections applied);
//! [`rules`] refuses a placement that breaks a hard rule; [`mod@decide`] turns a
//! coordinator's request into an entry. Free text (`note`) is stored and never
//! printed: no error or summary here includes it.

pub mod chain;
pub mod decide;
pub mod effective;
pub mod entry;
pub mod rules;

pub use chain::{read, Broken, Log};
pub use decide::{agree, decide, Meeting, Request, Wanted};
pub use entry::{Entry, Kind, Proposed, Reason};
pub use rules::Refusal;

impl Log {
    /// Appends `entry` (its `seq` and `prev` set here) and returns its line, without newline.
    pub fn push(&mut self, mut entry: Entry) -> String {
        entry.seq = self.entries.len() as u64 + 1;
        entry.prev = self.head.clone();
        let line = chain::encode(&entry);
        self.head = crate::plan::sha256_hex(line.as_bytes());
        self.entries.push(entry);
        line
    }
}
