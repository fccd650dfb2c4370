//! Uploaded rounds in the three shapes coordinators keep them: a scenario
//! (JSON), a workbook (`.xlsx`/`.ods`, the panel paper's), or a CSV bundle
//! (`pupils.csv`, `schools.csv`, …). Workbooks and bundles go through the
//! library's import ([`crate::import`], as `fap import`): the files are
//! written under fixed names into a private temporary directory (the
//! uploader's file names are never used as paths), imported, and the
//! directory removed. Every problem comes back located (file, row, column)
//! as a scenario [`Issue`] whose path starts with the file's name.

use crate::import::{import, ImportIssue, Sources};
use crate::scenario::Issue;

/// The parts of a CSV bundle, as form fields and as file names.
pub const BUNDLE: [(&str, &str); 6] = [
    ("pupils", "pupils.csv"),
    ("schools", "schools.csv"),
    ("places", "places.csv"),
    ("ap", "ap.csv"),
    ("policy", "policy.json"),
    ("meta", "meta.json"),
];

/// The workbook's name in messages.
pub const WORKBOOK: &str = "round.xlsx";

/// Does `bytes` look like a workbook (a zip: `.xlsx`, `.ods`; or OLE: `.xls`)?
pub fn is_workbook(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"\xD0\xCF\x11\xE0")
}

fn located(dir: &std::path::Path, i: &ImportIssue) -> Issue {
    let prefix = format!("{}/", dir.display());
    let file = i.file.strip_prefix(&prefix).unwrap_or(&i.file);
    let mut at = file.to_string();
    if let Some(r) = i.row {
        at.push_str(&format!(": row {r}"));
    }
    if let Some(c) = &i.column {
        at.push_str(&format!(", column {c}"));
    }
    if let Some(p) = &i.path {
        at.push_str(&format!(": {p}"));
    }
    Issue {
        hint: i.hint.clone(),
        ..Issue::error(i.code, at, i.message.clone())
    }
}

fn run(
    files: &[(&str, &[u8])],
    sources: impl FnOnce(&std::path::Path) -> Sources,
) -> Result<Vec<u8>, Vec<Issue>> {
    let keep = |e: std::io::Error| {
        vec![Issue::error(
            "file-read",
            "",
            format!("cannot keep the upload: {e}"),
        )]
    };
    let tmp = tempfile::tempdir().map_err(keep)?;
    // A fixed folder name: a bundle without meta.json is "Imported from uploaded-round".
    let dir = tmp.path().join("uploaded-round");
    std::fs::create_dir(&dir).map_err(keep)?;
    for (name, bytes) in files {
        std::fs::write(dir.join(name), bytes).map_err(keep)?;
    }
    match import(&sources(&dir)) {
        Ok(imported) => Ok(imported.json),
        Err(issues) => Err(issues
            .iter()
            .filter(|i| i.is_error())
            .map(|i| located(&dir, i))
            .collect()),
    }
}

/// A workbook's scenario bytes, or every problem.
pub fn workbook(bytes: &[u8]) -> Result<Vec<u8>, Vec<Issue>> {
    run(&[(WORKBOOK, bytes)], |d| Sources {
        workbook: Some(d.join(WORKBOOK)),
        ..Sources::default()
    })
}

/// A CSV bundle's scenario bytes (`parts` by form field name), or every problem.
pub fn bundle(parts: &[(String, Vec<u8>)]) -> Result<Vec<u8>, Vec<Issue>> {
    let files: Vec<(&str, &[u8])> = BUNDLE
        .iter()
        .filter_map(|(field, file)| {
            parts
                .iter()
                .find(|(f, b)| f == field && !b.is_empty())
                .map(|(_, b)| (*file, b.as_slice()))
        })
        .collect();
    run(&files, |d| Sources {
        dir: Some(d.to_path_buf()),
        ..Sources::default()
    })
}

/// The form field an issue belongs to: the bundle part its path names, or
/// the round file (scenario or workbook).
pub fn field_of(issue: &Issue) -> &'static str {
    BUNDLE
        .iter()
        .find(|(_, file)| issue.path.starts_with(file))
        .map_or("scenario", |(field, _)| field)
}
