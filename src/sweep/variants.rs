//! From a sweep file to the list of concrete variants, and each variant's scenario.
//!
//! Expansion is cheap and done up front: each entry of `variants` becomes one
//! variant per grid point and per draw, named `name [k=v, ...] #d`, after the
//! base, which is always variant 0, `base`. The list's order is the report's
//! order and the shard assignment (index mod N), so it depends on the file only.
//! A variant's scenario is built when it runs ([`Sweep::scenario_bytes`]): the
//! base's JSON value, patched, grid point applied, perturbed, serialised. The
//! base itself keeps its file's exact bytes, so its plan matches `fap solve`'s.

use super::grid;
use super::patch::{self, PatchError};
use super::perturb::{self, Perturb};
use super::spec::{self, Problem, WireSweep, WireVariant};
use crate::scenario::Issue;
use crate::validate::load_bytes;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;

/// The name of variant 0, the base scenario unchanged.
pub const BASE: &str = "base";
/// Most variants one sweep may expand to.
pub const MAX_VARIANTS: usize = 100_000;
/// Most draws of one perturbation.
pub const MAX_DRAWS: u32 = 10_000;
const MAX_NAME_CHARS: usize = 120;
const MAX_STEM_CHARS: usize = 80;

/// Why a sweep cannot run.
#[derive(Debug, thiserror::Error)]
pub enum SweepError {
    /// The sweep file cannot be read.
    #[error("{file}: {issue}")]
    Read {
        /// The file.
        file: String,
        /// Why.
        issue: Box<Issue>,
    },
    /// The sweep file is malformed.
    #[error("{file}: {}", .problems.iter().map(|p| p.to_string()).collect::<Vec<_>>().join("\n  "))]
    Invalid {
        /// The file.
        file: String,
        /// Every problem found.
        problems: Vec<Problem>,
    },
    /// The base scenario has errors.
    #[error("{file}: the base scenario has {} error(s)", .issues.iter().filter(|i| i.is_error()).count())]
    InvalidBase {
        /// The base's file, or the sweep file for an inline base.
        file: String,
        /// Every issue of the base (errors and warnings).
        issues: Vec<Issue>,
    },
}

/// One concrete variant.
#[derive(Debug, Clone, PartialEq)]
pub struct Variant {
    /// Its unique name.
    pub name: String,
    /// Its file stem in the output directory (unique, lower-case, file-safe).
    pub stem: String,
    /// Patches applied in order: the entry's patch, then its grid point.
    pub patches: Vec<Value>,
    /// A perturbation, drawn from the variant's own seeded stream.
    pub perturb: Option<Perturb>,
    /// For one of several draws of a perturbation: the name the draws share
    /// (the variant's name without ` #k`); the report summarises them together.
    pub draws_of: Option<String>,
}

/// A sweep ready to run.
#[derive(Debug, Clone)]
pub struct Sweep {
    /// Title of the report.
    pub name: String,
    /// Seed of the perturbations.
    pub seed: u64,
    /// SHA-256 of the sweep file and base scenario bytes: identifies the sweep.
    pub sha256: String,
    /// Variants, base first.
    pub variants: Vec<Variant>,
    /// Warnings of the base scenario.
    pub base_warnings: Vec<Issue>,
    base_bytes: Vec<u8>,
    base_value: Value,
}

impl Sweep {
    /// Reads a sweep file and its base scenario (a path relative to the sweep file).
    pub fn load(path: &Path, max_bytes: u64) -> Result<Sweep, SweepError> {
        let file = path.display().to_string();
        let bytes =
            crate::scenario::load::read_limited(path, max_bytes).map_err(|i| SweepError::Read {
                file: file.clone(),
                issue: i,
            })?;
        let dir = path.parent().unwrap_or(Path::new("."));
        Sweep::from_bytes(&bytes, &file, dir, max_bytes)
    }

    /// Reads a sweep from bytes; `file` names it in errors and `dir` resolves a base path.
    pub fn from_bytes(
        bytes: &[u8],
        file: &str,
        dir: &Path,
        max_bytes: u64,
    ) -> Result<Sweep, SweepError> {
        let invalid = |problems| SweepError::Invalid {
            file: file.to_string(),
            problems,
        };
        let wire = spec::parse(bytes).map_err(|p| invalid(vec![p]))?;
        let (base_file, base_bytes) = read_base(&wire.base, file, dir, max_bytes)?;
        let loaded = load_bytes(&base_bytes);
        let has_errors = loaded.has_errors();
        let Some(base) = loaded.scenario.filter(|_| !has_errors) else {
            return Err(SweepError::InvalidBase {
                file: base_file,
                issues: loaded.issues,
            });
        };
        let variants = expand(&wire).map_err(invalid)?;
        let base_value = crate::scenario::json::parse(&base_bytes).expect("validated just above");
        Ok(Sweep {
            name: wire
                .name
                .unwrap_or_else(|| format!("What-if sweep of {}", base.name)),
            seed: wire.seed,
            sha256: crate::plan::sha256_hex(&[bytes, b"\0", &base_bytes].concat()),
            variants,
            base_warnings: loaded.issues,
            base_bytes,
            base_value,
        })
    }

    /// The scenario file of a variant, as bytes.
    pub fn scenario_bytes(&self, v: &Variant) -> Result<Vec<u8>, PatchError> {
        if v.patches.is_empty() && v.perturb.is_none() {
            return Ok(self.base_bytes.clone());
        }
        let mut value = self.base_value.clone();
        for p in &v.patches {
            patch::apply(&mut value, p)?;
        }
        if let Some(p) = &v.perturb {
            perturb::apply(&mut value, p, &mut perturb::rng_for(self.seed, &v.name));
        }
        let mut bytes = serde_json::to_vec_pretty(&value).expect("a JSON value serialises");
        bytes.push(b'\n');
        Ok(bytes)
    }
}

fn read_base(
    base: &Value,
    file: &str,
    dir: &Path,
    max_bytes: u64,
) -> Result<(String, Vec<u8>), SweepError> {
    match base {
        Value::String(rel) => {
            let path = dir.join(rel);
            let shown = path.display().to_string();
            crate::scenario::load::read_limited(&path, max_bytes)
                .map(|b| (shown.clone(), b))
                .map_err(|i| SweepError::Read {
                    file: shown,
                    issue: i,
                })
        }
        Value::Object(_) => {
            let mut b = serde_json::to_vec_pretty(base).expect("a JSON value serialises");
            b.push(b'\n');
            Ok((format!("{file} (inline base)"), b))
        }
        _ => Err(SweepError::Invalid {
            file: file.to_string(),
            problems: vec![Problem::new(
                "base",
                "expected a scenario file path (relative to the sweep file) or an inline scenario object",
            )],
        }),
    }
}

/// Expands the entries into variants, base first, or every problem found.
pub fn expand(wire: &WireSweep) -> Result<Vec<Variant>, Vec<Problem>> {
    let mut problems = Vec::new();
    let mut out = vec![Variant {
        name: BASE.to_string(),
        stem: BASE.to_string(),
        patches: Vec::new(),
        perturb: None,
        draws_of: None,
    }];
    for (i, w) in wire.variants.iter().enumerate() {
        let at = format!("variants[{i}]");
        match check(w, &at) {
            Ok(()) => expand_one(w, &mut out),
            Err(mut p) => problems.append(&mut p),
        }
        if out.len() > MAX_VARIANTS {
            problems.push(Problem::new(
                at,
                format!("the sweep expands to more than {MAX_VARIANTS} variants"),
            ));
            return Err(problems);
        }
    }
    check_unique(&out, &mut problems);
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}

fn check(w: &WireVariant, at: &str) -> Result<(), Vec<Problem>> {
    let mut p = Vec::new();
    let name = &w.name;
    if name.trim().is_empty() || name.chars().count() > MAX_NAME_CHARS {
        p.push(Problem::new(
            format!("{at}.name"),
            format!("a name of 1 to {MAX_NAME_CHARS} characters is needed"),
        ));
    }
    if name.chars().any(char::is_control) {
        p.push(Problem::new(
            format!("{at}.name"),
            "control characters are not allowed",
        ));
    }
    if w.patch.is_none() && w.grid.is_none() && w.perturb.is_none() {
        p.push(Problem::new(
            at,
            "a variant needs a patch, a grid or a perturb",
        ));
    }
    if let Some(g) = &w.grid {
        if g.0.is_empty() {
            p.push(Problem::new(
                format!("{at}.grid"),
                "a grid needs at least one path",
            ));
        }
        for (path, values) in &g.0 {
            if !grid::is_valid_path(path) {
                p.push(Problem::new(
                    format!("{at}.grid"),
                    format!("{path:?} is not a dotted path such as \"policy.fap_cap.mode\""),
                ));
            }
            if values.is_empty() {
                p.push(Problem::new(
                    format!("{at}.grid.{path:?}"),
                    "list at least one value",
                ));
            }
        }
    }
    if let Some(why) = w.perturb.as_ref().and_then(Perturb::problem) {
        p.push(Problem::new(format!("{at}.perturb"), why));
    }
    match (w.draws, &w.perturb) {
        (Some(_), None) => p.push(Problem::new(
            format!("{at}.draws"),
            "draws repeat a perturbation: add a perturb",
        )),
        (Some(d), Some(_)) if d == 0 || d > MAX_DRAWS => p.push(Problem::new(
            format!("{at}.draws"),
            format!("between 1 and {MAX_DRAWS}"),
        )),
        _ => {}
    }
    if p.is_empty() {
        Ok(())
    } else {
        Err(p)
    }
}

fn expand_one(w: &WireVariant, out: &mut Vec<Variant>) {
    let points = match &w.grid {
        Some(g) => grid::expand(&g.0)
            .into_iter()
            .map(|pt| (format!(" {}", pt.suffix), Some(pt.patch)))
            .collect(),
        None => vec![(String::new(), None)],
    };
    let draws = w.perturb.as_ref().map_or(1, |_| w.draws.unwrap_or(1));
    for (suffix, point) in points {
        for d in 1..=draws {
            let draw = if draws > 1 {
                format!(" #{d}")
            } else {
                String::new()
            };
            let name = format!("{}{suffix}{draw}", w.name.trim());
            let draws_of = (draws > 1).then(|| format!("{}{suffix}", w.name.trim()));
            let patches = w
                .patch
                .iter()
                .map(|m| Value::Object(m.clone()))
                .chain(point.clone())
                .collect();
            out.push(Variant {
                stem: stem(&name),
                name,
                patches,
                perturb: w.perturb.clone(),
                draws_of,
            });
            if out.len() > MAX_VARIANTS {
                return;
            }
        }
    }
}

fn check_unique(vs: &[Variant], problems: &mut Vec<Problem>) {
    let mut names: BTreeMap<&str, usize> = BTreeMap::new();
    let mut stems: BTreeMap<&str, &str> = BTreeMap::new();
    for v in vs {
        if let Some(n) = names.get_mut(v.name.as_str()) {
            *n += 1;
            if *n == 2 {
                problems.push(Problem::new(
                    "variants",
                    format!("two variants are named {:?}; names must be unique (\"base\" is taken by the base scenario)", v.name),
                ));
            }
            continue;
        }
        names.insert(&v.name, 1);
        if let Some(other) = stems.insert(&v.stem, &v.name) {
            problems.push(Problem::new(
                "variants",
                format!(
                    "variants {other:?} and {:?} would share the file name {:?}; rename one",
                    v.name, v.stem
                ),
            ));
        }
    }
}

/// A file-safe stem for a name: lower-case ASCII letters, digits, `_` and `.`,
/// other runs of characters as one `-`, at most 80 characters.
pub fn stem(name: &str) -> String {
    let mut s = String::new();
    for c in name.chars().map(|c| c.to_ascii_lowercase()) {
        if c.is_ascii_alphanumeric() || c == '_' || c == '.' {
            s.push(c);
        } else if !s.ends_with('-') {
            s.push('-');
        }
    }
    let trim = |s: &str| s.trim_matches(|c| c == '-' || c == '.').to_string();
    let mut s = trim(&s);
    s.truncate(MAX_STEM_CHARS);
    let s = trim(&s);
    if s.is_empty() {
        "variant".to_string()
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wire(variants: &str) -> WireSweep {
        let text =
            format!(r#"{{"format": "fap-sweep/1", "base": "b.json", "variants": {variants}}}"#);
        spec::parse(text.as_bytes()).unwrap()
    }

    fn names(vs: &[Variant]) -> Vec<&str> {
        vs.iter().map(|v| v.name.as_str()).collect()
    }

    #[test]
    fn grid_with_draws_expands_to_the_product_after_the_base() {
        let vs = expand(&wire(
            r#"[{"name": "cap", "grid": {"policy.fap_cap.per_30_pan": [1, 1.5, 2],
                                          "policy.fap_cap.mode": ["hard", "soft"]}},
                {"name": "arrivals", "perturb": {"extra_pupils": 5}, "draws": 4},
                {"name": "S012 bulge closes",
                 "patch": {"schools": {"S012": {"year_groups": {"9": {"pan": 31}}}}}}]"#,
        ))
        .unwrap();
        assert_eq!(vs.len(), 1 + 6 + 4 + 1);
        assert_eq!(
            &names(&vs)[..3],
            [
                "base",
                "cap [per_30_pan=1, mode=hard]",
                "cap [per_30_pan=1, mode=soft]"
            ]
        );
        assert_eq!(vs[7].name, "arrivals #1");
        assert_eq!(vs[11].stem, "s012-bulge-closes");
        assert_eq!(vs[1].stem, "cap-per_30_pan-1-mode-hard");
    }

    #[test]
    fn a_grid_on_a_patch_applies_the_patch_first() {
        let vs = expand(&wire(
            r#"[{"name": "g", "patch": {"policy": {"max_above_pan": 2}},
                 "grid": {"policy.max_above_pan": [0, 1]}}]"#,
        ))
        .unwrap();
        assert_eq!(vs[1].patches.len(), 2);
        assert_eq!(vs[1].patches[1]["policy"]["max_above_pan"], 0);
    }

    #[test]
    fn rejects_duplicate_names_and_the_reserved_base() {
        let e = expand(&wire(
            r#"[{"name": "base", "patch": {}}, {"name": "x", "patch": {}},
                {"name": "X", "patch": {}}]"#,
        ))
        .unwrap_err();
        assert_eq!(e.len(), 2, "{e:?}");
        assert!(e[0].message.contains("\"base\""));
        assert!(e[1].message.contains("share the file name"));
    }

    #[test]
    fn collects_every_problem_of_every_entry() {
        let e = expand(&wire(
            r#"[{"name": ""}, {"name": "d", "patch": {}, "draws": 3},
                {"name": "g", "grid": {"policy..x": []}}]"#,
        ))
        .unwrap_err();
        let paths: Vec<&str> = e.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "variants[0].name",
                "variants[0]",
                "variants[1].draws",
                "variants[2].grid",
                "variants[2].grid.\"policy..x\""
            ]
        );
    }

    #[test]
    fn stems_are_file_safe() {
        assert_eq!(stem("S012 bulge closes!"), "s012-bulge-closes");
        assert_eq!(stem("../etc/passwd"), "etc-passwd");
        assert_eq!(stem("###"), "variant");
        assert_eq!(stem(&"a".repeat(200)).len(), 80);
    }
}
