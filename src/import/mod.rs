//! `fap import`: coordinators' spreadsheets and school-register extracts → a
//! validated `fap-scenario/1` scenario.
//!
//! The flow is one-way, like loading a scenario: [`table`] reads each CSV file
//! into trimmed cells (any encoding, separator and quoting a spreadsheet writes);
//! [`bundle`], [`cells`] and [`register`] turn cells into wire types, checking only what a
//! cell alone can show (a number, a list, a required column); the assembled
//! scenario is then serialised and validated by [`crate::validate::load_bytes`],
//! the same validation every other scenario gets. [`provenance`] maps each
//! validation issue's JSON path back to the file, row and column it came from, so
//! that the coordinator is sent to the cell to fix, never to a JSON file they did
//! not write. Nothing is written unless the result has no error.
//!
//! Messages quote ids and public school data, never pupils' cell values that
//! could be names (see [`table::Table::shown`]).

// NOTE: an import error carries its file, row, column and hint by design, so it
// is larger than clippy likes in a `Result`; errors are rare and never on a hot
// path, so boxing them would only add noise.
#![allow(clippy::result_large_err)]

pub mod bundle;
pub mod cells;
pub mod headers;
pub mod postcodes;
pub mod provenance;
pub mod register;
pub mod table;
pub mod workbook;

use crate::scenario::wire::WireScenario;
use crate::scenario::{Issue, Severity};
use std::fmt;
use std::path::{Path, PathBuf};

/// One finding of an import: where (file, row, column), what, and a hint.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub struct ImportIssue {
    /// Error (nothing is written) or warning.
    pub severity: Severity,
    /// Stable code (`csv-*` for the import's own checks, validation codes otherwise).
    pub code: &'static str,
    /// The file, as named on the command line or in the bundle (`pupils.csv`).
    pub file: String,
    /// 1-based row in the file as a spreadsheet numbers it (the header is row 1).
    pub row: Option<u64>,
    /// The column: its header name and letter, e.g. `year_group (D)`.
    pub column: Option<String>,
    /// A JSON path inside a JSON file (`policy.json`), or a scenario path that no
    /// row maps to.
    pub path: Option<String>,
    /// What is wrong.
    pub message: String,
    /// What to do about it.
    pub hint: Option<String>,
}

impl ImportIssue {
    /// An error about a whole file.
    pub fn file(file: &str, message: impl Into<String>) -> ImportIssue {
        ImportIssue {
            severity: Severity::Error,
            code: "csv",
            file: file.to_string(),
            row: None,
            column: None,
            path: None,
            message: message.into(),
            hint: None,
        }
    }

    /// An error about a row (and a column, when known).
    pub fn at(
        file: &str,
        row: u64,
        column: Option<String>,
        message: impl Into<String>,
    ) -> ImportIssue {
        ImportIssue {
            row: Some(row),
            column,
            ..ImportIssue::file(file, message)
        }
    }

    /// Adds a hint.
    pub fn hint(mut self, hint: impl Into<String>) -> ImportIssue {
        self.hint = Some(hint.into());
        self
    }

    /// Sets the code.
    pub fn code(mut self, code: &'static str) -> ImportIssue {
        self.code = code;
        self
    }

    /// Is this an error?
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// The import's name for [`ImportIssue`] where it can only be an error.
pub type ImportError = ImportIssue;

impl fmt::Display for ImportIssue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(r) = self.row {
            write!(f, ": row {r}")?;
        }
        if let Some(c) = &self.column {
            let sep = if self.row.is_some() { "," } else { ":" };
            write!(f, "{sep} column {c}")?;
        }
        if let Some(p) = &self.path {
            write!(f, ": {p}")?;
        }
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, ": {sev}: {} [{}]", self.message, self.code)?;
        if let Some(h) = &self.hint {
            write!(f, "\n  hint: {h}")?;
        }
        Ok(())
    }
}

/// Where the files of an import come from. Each is optional; [`Sources::resolve`]
/// fills gaps from the bundle directory.
#[derive(Debug, Clone, Default)]
pub struct Sources {
    /// A bundle directory: `pupils.csv`, `schools.csv`, `places.csv`, `ap.csv`,
    /// `policy.json`, `meta.json` (each used when present and not given below).
    pub dir: Option<PathBuf>,
    /// `pupils.csv`.
    pub pupils: Option<PathBuf>,
    /// `schools.csv` (bundle format).
    pub schools: Option<PathBuf>,
    /// `places.csv`; with a register extract it overrides the estimates.
    pub places: Option<PathBuf>,
    /// `ap.csv`.
    pub ap: Option<PathBuf>,
    /// `policy.json`.
    pub policy: Option<PathBuf>,
    /// `meta.json`.
    pub meta: Option<PathBuf>,
    /// A school-register (GIAS) extract, used instead of `schools.csv`.
    pub register: Option<PathBuf>,
    /// Keep only register rows of this local authority (code or name).
    pub la: Option<String>,
    /// `meta.name`, overriding `meta.json`.
    pub name: Option<String>,
    /// A workbook with sheets pupils, schools, places, ap, policy (instead of
    /// a bundle directory).
    pub workbook: Option<PathBuf>,
    /// Columns to leave unread (e.g. a name column kept for people).
    pub ignore_columns: Vec<String>,
    /// A postcode lookup table, for homes given as a `postcode` column.
    pub postcodes: Option<PathBuf>,
}

/// The files an import reads, after resolving the directory.
#[derive(Debug, Clone, Default)]
pub struct Resolved {
    /// `pupils.csv`, if any.
    pub pupils: Option<PathBuf>,
    /// `schools.csv`, if schools come from a bundle.
    pub schools: Option<PathBuf>,
    /// `places.csv`, if any.
    pub places: Option<PathBuf>,
    /// `ap.csv`, if any.
    pub ap: Option<PathBuf>,
    /// `policy.json`, if any.
    pub policy: Option<PathBuf>,
    /// `meta.json`, if any.
    pub meta: Option<PathBuf>,
    /// The register extract, if schools come from one.
    pub register: Option<PathBuf>,
}

impl Sources {
    /// Explicit paths win; otherwise a bundle file is used when it exists in `dir`.
    /// A bundle directory must hold `pupils.csv`, and schools must come from
    /// `schools.csv` + `places.csv` or from a register extract.
    pub fn resolve(&self) -> Result<Resolved, ImportIssue> {
        let from_dir = |given: &Option<PathBuf>, name: &str| -> Option<PathBuf> {
            given.clone().or_else(|| {
                let p = self.dir.as_ref()?.join(name);
                p.is_file().then_some(p)
            })
        };
        if let Some(d) = &self.dir {
            if !d.is_dir() {
                return Err(
                    ImportIssue::file(&d.display().to_string(), "not a directory")
                        .hint("give the folder that holds pupils.csv, schools.csv, places.csv"),
                );
            }
        }
        let r = Resolved {
            pupils: from_dir(&self.pupils, "pupils.csv"),
            schools: if self.register.is_some() {
                self.schools.clone()
            } else {
                from_dir(&self.schools, "schools.csv")
            },
            places: from_dir(&self.places, "places.csv"),
            ap: from_dir(&self.ap, "ap.csv"),
            policy: from_dir(&self.policy, "policy.json"),
            meta: from_dir(&self.meta, "meta.json"),
            register: self.register.clone(),
        };
        let in_dir = |name: &str| match &self.dir {
            Some(d) => d.join(name).display().to_string(),
            None => name.to_string(),
        };
        if self.dir.is_some() && r.pupils.is_none() {
            return Err(ImportIssue::file(&in_dir("pupils.csv"), "no such file")
                .hint("a bundle needs pupils.csv (one row per pupil); see docs/import.md"));
        }
        if let (Some(schools), Some(_)) = (&r.schools, &r.register) {
            return Err(ImportIssue::file(
                &schools.display().to_string(),
                "schools come from both schools.csv and a register extract",
            )
            .hint("give one of --schools and --gias"));
        }
        if r.schools.is_none() && r.register.is_none() {
            return Err(ImportIssue::file(&in_dir("schools.csv"), "no such file").hint(
                "give a bundle with schools.csv and places.csv, or a register extract with --register",
            ));
        }
        if r.schools.is_some() && r.places.is_none() {
            return Err(ImportIssue::file(&in_dir("places.csv"), "no such file").hint(
                "schools.csv needs places.csv: one row per school and year group (school_id,year_group,pan,on_roll)",
            ));
        }
        Ok(r)
    }

    /// The scenario name when neither `--name` nor `meta.json` gives one.
    fn default_name(&self) -> String {
        let base = self
            .dir
            .as_ref()
            .or(self.workbook.as_ref())
            .or(self.register.as_ref())
            .and_then(|p| std::fs::canonicalize(p).ok().or_else(|| Some(p.clone())))
            .and_then(|p| p.file_stem().map(|s| s.to_string_lossy().into_owned()));
        match base {
            Some(b) if !b.is_empty() => format!("Imported from {b}"),
            _ => "Imported scenario".to_string(),
        }
    }
}

/// A successful import: the scenario (validated), its canonical JSON, the
/// validation warnings located in the input files, and notes on what was
/// estimated or skipped.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The scenario in wire form.
    pub wire: WireScenario,
    /// Its canonical JSON bytes (what `fap import` writes).
    pub json: Vec<u8>,
    /// Validation warnings, located.
    pub warnings: Vec<ImportIssue>,
    /// Estimates and skipped rows, for the user (counts and ids only).
    pub notes: Vec<String>,
    /// Every file read (an output must not overwrite one of them).
    pub inputs: Vec<PathBuf>,
}

/// Largest file read by an import, in bytes.
const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;

/// Reads a whole input file, or the issue that names it.
pub(crate) fn read(path: &Path) -> Result<Vec<u8>, ImportIssue> {
    crate::scenario::load::read_limited(path, MAX_FILE_BYTES).map_err(|i| {
        let mut e = ImportIssue::file(&path.display().to_string(), i.message).code(i.code);
        e.hint = i.hint;
        e
    })
}

/// Runs an import: every file read and converted, all errors collected, then the
/// scenario validated. `Err` holds every error (and the warnings seen so far).
pub fn import(sources: &Sources) -> Result<Imported, Vec<ImportIssue>> {
    let (files, parts) = match &sources.workbook {
        Some(w) => workbook::read(w).map_err(|e| vec![e])?,
        None => (sources.resolve().map_err(|e| vec![e])?, Default::default()),
    };
    let mut cx = bundle::Builder::new(sources, parts);
    let (mut wire, prov) = cx.build(sources, &files);
    if wire.meta.get("name").is_none() {
        wire.meta.insert(
            "name".into(),
            serde_json::Value::String(sources.default_name()),
        );
    }
    let json = crate::scenario::canonical::scenario_json(&wire);
    if !cx.issues.is_empty() {
        // Pupils are referenced by nothing else: with only pupils' rows left
        // out, validating the rest finds no false errors, so its findings
        // are reported in the same pass.
        let pupils = files.pupils.as_ref().map(|p| p.display().to_string());
        if cx.issues.iter().all(|i| Some(&i.file) == pupils.as_ref()) {
            let loaded = crate::validate::load_bytes(&json);
            cx.issues
                .extend(loaded.issues.iter().map(|i| prov.locate(i)));
        }
        return Err(cx.issues);
    }
    let loaded = crate::validate::load_bytes(&json);
    let located: Vec<ImportIssue> = loaded.issues.iter().map(|i| prov.locate(i)).collect();
    if loaded.has_errors() {
        return Err(located);
    }
    let inputs = [
        sources.workbook.clone(),
        sources.postcodes.clone(),
        files.pupils,
        files.schools,
        files.places,
        files.ap,
        files.policy,
        files.meta,
        files.register,
    ]
    .into_iter()
    .flatten()
    .collect();
    Ok(Imported {
        wire,
        json,
        warnings: located,
        notes: cx.notes,
        inputs,
    })
}

/// A validation issue as an import issue at a given place.
pub(crate) fn from_issue(i: &Issue, file: &str) -> ImportIssue {
    ImportIssue {
        severity: i.severity,
        code: i.code,
        file: file.to_string(),
        row: None,
        column: None,
        path: (!i.path.is_empty()).then(|| i.path.clone()),
        message: i.message.clone(),
        hint: i.hint.clone(),
    }
}
