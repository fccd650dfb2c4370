//! The JSON parts of a bundle: `meta.json` (or `--name`) and `policy.json`.

use super::Builder;
use crate::import::provenance::Provenance;
use crate::import::{ImportIssue, Resolved, Sources};
use crate::scenario::wire::WirePolicy;
use serde_json::{Map, Value};
use std::path::Path;

impl Builder {
    pub(super) fn meta(
        &mut self,
        src: &Sources,
        files: &Resolved,
        prov: &mut Provenance,
    ) -> Map<String, Value> {
        prov.meta = "--name".to_string();
        let mut meta = match &files.meta {
            Some(p) => self.meta_file(p, prov),
            None => Map::new(),
        };
        if let Some(n) = &src.name {
            meta.insert("name".into(), Value::String(n.clone()));
            prov.meta = "--name".to_string();
        }
        meta
    }

    /// `meta.json`'s object (empty when it is not one, after saying so).
    fn meta_file(&mut self, p: &Path, prov: &mut Provenance) -> Map<String, Value> {
        prov.meta = p.display().to_string();
        match self.json_file(p) {
            Some(Value::Object(m)) => return m,
            Some(_) => self.issues.push(
                ImportIssue::file(&prov.meta, "expected a JSON object")
                    .hint("meta.json holds e.g. {\"name\": \"Autumn 2 secondary panel\"}")
                    .code("type"),
            ),
            None => {}
        }
        Map::new()
    }

    pub(super) fn policy(&mut self, path: &Path, prov: &mut Provenance) -> Option<WirePolicy> {
        let name = path.display().to_string();
        prov.policy = Some(name.clone());
        let v = self.json_file(path)?;
        match serde_path_to_error::deserialize::<_, WirePolicy>(&v) {
            // An empty policy is no policy: every default applies either way.
            Ok(p) if p == WirePolicy::default() => None,
            Ok(p) => Some(p),
            Err(e) => {
                self.issues.push(policy_issue(&name, e));
                None
            }
        }
    }
}

/// A `policy.json` that is not a policy object, with the JSON path.
fn policy_issue(file: &str, e: serde_path_to_error::Error<serde_json::Error>) -> ImportIssue {
    let path = crate::scenario::json::json_path(e.path());
    let mut i = ImportIssue::file(file, e.into_inner().to_string())
        .hint("policy.json holds the `policy` object of docs/scenario-format.md")
        .code("policy");
    i.path = (!path.is_empty()).then_some(path);
    i
}
