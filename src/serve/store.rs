//! The data directory: each round's scenarios, plans and state on disk.
//!
//! Layout (docs/serve.md): `DATA/rounds/<round>/state.json` names the files
//! of the round (`scenario-N.json`, `plan-N.json`, `decisions.jsonl`), all
//! named by the server's own counters. Ids from requests are checked against
//! [`valid_round_id`] and never joined onto a path otherwise. Every write is
//! atomic (temporary file + rename); the state file is written last, so a
//! `kill -9` at any moment leaves the last confirmed state (and at worst an
//! unreferenced file).

use crate::decisions::Log;
use crate::output::write_atomic;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The round's decisions log (the year's log as of this round: a rolled
/// forward round starts with a copy of its predecessor's).
pub const LOG: &str = "decisions.jsonl";

/// One plan the round has had, oldest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanEntry {
    /// The plan file (in the round's directory).
    pub plan: String,
    /// The scenario file it answers.
    pub scenario: String,
    /// What made it, in the panel's words ("First solve", "Re-solve: pin P0007 at S012").
    pub label: String,
    /// The plan it was re-solved against, as an index into `plans`.
    pub reference: Option<usize>,
    /// Its decision support (alternatives, explanations), once computed.
    #[serde(default)]
    pub support: Option<String>,
    /// The round's scenario it was solved from, when `scenario` is that one
    /// with the decided children taken off (docs/serve.md "Decisions").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub working: Option<String>,
}

/// A round's state: which files are current.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RoundState {
    /// Bumped on every change; a change sent with an older version is refused (two tabs).
    pub version: u64,
    /// The scenario's `meta.name`.
    pub name: String,
    /// The scenario file the next solve uses.
    pub scenario: String,
    /// Every plan, oldest first.
    pub plans: Vec<PlanEntry>,
    /// Index of the plan on the table, if any.
    pub current: Option<usize>,
    /// Changes staged but not yet applied (JSON, as the API takes them).
    pub staged: Vec<serde_json::Value>,
    /// Files written so far (names the next file).
    pub files: u64,
    /// The label the next plan gets (the changes applied), if not the default.
    #[serde(default)]
    pub label: Option<String>,
    /// The round this one was rolled forward to, once closed.
    pub next_round: Option<String>,
}

impl RoundState {
    /// The plan on the table.
    pub fn current_plan(&self) -> Option<&PlanEntry> {
        self.current.map(|i| &self.plans[i])
    }
}

/// Is `id` a round id the server could have made (`r1`, `r2`, …)?
pub fn valid_round_id(id: &str) -> bool {
    id.len() <= 10
        && id.strip_prefix('r').is_some_and(|n| {
            !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) && !n.starts_with('0')
        })
}

/// The data directory.
#[derive(Debug, Clone)]
pub struct Store {
    root: PathBuf,
}

/// Why the store could not do something.
pub type StoreError = String;

impl Store {
    /// Opens (creating) the data directory.
    pub fn open(root: &Path) -> Result<Store, StoreError> {
        std::fs::create_dir_all(root.join("rounds"))
            .map_err(|e| format!("{}: cannot create the data directory: {e}", root.display()))?;
        Ok(Store {
            root: root.to_path_buf(),
        })
    }

    /// The data directory's path.
    pub fn root(&self) -> &Path {
        &self.root
    }

    fn dir(&self, round: &str) -> Option<PathBuf> {
        valid_round_id(round).then(|| self.root.join("rounds").join(round))
    }

    /// Round ids, newest first.
    pub fn rounds(&self) -> Vec<String> {
        let mut ids: Vec<(u64, String)> = std::fs::read_dir(self.root.join("rounds"))
            .into_iter()
            .flatten()
            .flatten()
            .filter_map(|e| e.file_name().into_string().ok())
            .filter(|n| valid_round_id(n) && self.load(n).is_some())
            .map(|n| (n[1..].parse().unwrap_or(0), n))
            .collect();
        ids.sort_by(|a, b| b.cmp(a));
        ids.into_iter().map(|(_, n)| n).collect()
    }

    /// Creates a round from scenario bytes (and the decisions log it
    /// continues, for a rolled-forward round); returns its id.
    pub fn create(
        &self,
        name: &str,
        scenario: &[u8],
        log: Option<&[u8]>,
    ) -> Result<String, StoreError> {
        let next = self
            .rounds()
            .first()
            .map_or(1, |r| r[1..].parse::<u64>().unwrap_or(0) + 1);
        let id = format!("r{next}");
        let dir = self.root.join("rounds").join(&id);
        std::fs::create_dir(&dir).map_err(|e| format!("cannot create round {id}: {e}"))?;
        let mut st = RoundState {
            version: 0,
            name: name.to_string(),
            scenario: String::new(),
            plans: Vec::new(),
            current: None,
            staged: Vec::new(),
            files: 0,
            label: None,
            next_round: None,
        };
        st.scenario = self.add_file(&id, &mut st, "scenario", scenario)?;
        if let Some(log) = log {
            self.write_log(&id, log)?;
        }
        self.save(&id, &mut st)?;
        Ok(id)
    }

    /// The round's state, if the round exists.
    pub fn load(&self, round: &str) -> Option<RoundState> {
        let bytes = std::fs::read(self.dir(round)?.join("state.json")).ok()?;
        serde_json::from_slice(&bytes).ok()
    }

    /// Writes a new file into the round (`<kind>-<n>.json`); returns its name.
    pub fn add_file(
        &self,
        round: &str,
        st: &mut RoundState,
        kind: &str,
        bytes: &[u8],
    ) -> Result<String, StoreError> {
        st.files += 1;
        let name = format!("{kind}-{}.json", st.files);
        let dir = self.dir(round).ok_or("bad round id")?;
        write_atomic(&dir.join(&name), bytes, &[]).map_err(|e| e.to_string())?;
        Ok(name)
    }

    /// Reads a file the state names.
    pub fn read(&self, round: &str, file: &str) -> Result<Vec<u8>, StoreError> {
        let ok = !file.contains(['/', '\\']) && !file.starts_with('.');
        let dir = self.dir(round).filter(|_| ok).ok_or("bad file name")?;
        std::fs::read(dir.join(file)).map_err(|e| format!("round {round}: {file}: {e}"))
    }

    /// The round's decisions log: its bytes and the verified entries (empty
    /// before the first decision).
    pub fn read_log(&self, round: &str) -> Result<(Vec<u8>, Log), StoreError> {
        let path = self.dir(round).ok_or("bad round id")?.join(LOG);
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
            Err(e) => return Err(format!("round {round}: {LOG}: {e}")),
        };
        let log = crate::decisions::read(&bytes)
            .map_err(|b| format!("round {round}: {LOG} does not verify: {b}"))?;
        Ok((bytes, log))
    }

    /// Replaces the round's decisions log (atomically: the old or the new
    /// file, never half of one).
    pub fn write_log(&self, round: &str, bytes: &[u8]) -> Result<(), StoreError> {
        let dir = self.dir(round).ok_or("bad round id")?;
        write_atomic(&dir.join(LOG), bytes, &[]).map_err(|e| e.to_string())
    }

    /// Saves the state with its version bumped (the commit point of every change).
    pub fn save(&self, round: &str, st: &mut RoundState) -> Result<(), StoreError> {
        st.version += 1;
        let dir = self.dir(round).ok_or("bad round id")?;
        let mut bytes = serde_json::to_vec_pretty(st).map_err(|e| e.to_string())?;
        bytes.push(b'\n');
        write_atomic(&dir.join("state.json"), &bytes, &[]).map_err(|e| e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_ids_are_only_the_servers_own() {
        for ok in ["r1", "r42", "r999999999"] {
            assert!(valid_round_id(ok), "{ok}");
        }
        for bad in [
            "",
            "r",
            "r0",
            "r01",
            "../r1",
            "r1/..",
            "R1",
            "r1.json",
            "r-1",
            "r12345678901",
        ] {
            assert!(!valid_round_id(bad), "{bad}");
        }
    }

    #[test]
    fn a_round_survives_reopening_and_counts_versions() {
        let tmp = tempfile::tempdir().unwrap();
        let store = Store::open(tmp.path()).unwrap();
        let id = store.create("Spring", b"{}", None).unwrap();
        assert_eq!(id, "r1");
        let mut st = store.load(&id).unwrap();
        assert_eq!(st.version, 1);
        let plan = store.add_file(&id, &mut st, "plan", b"[]").unwrap();
        store.save(&id, &mut st).unwrap();
        let again = Store::open(tmp.path()).unwrap();
        let st2 = again.load(&id).unwrap();
        assert_eq!((st2.version, st2.files), (2, 2));
        assert_eq!(again.read(&id, &plan).unwrap(), b"[]");
        assert!(again.read(&id, "../state.json").is_err());
        assert_eq!(again.create("Summer", b"{}", None).unwrap(), "r2");
        assert_eq!(again.rounds(), ["r2", "r1"]);
    }
}
