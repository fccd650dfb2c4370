//! The module graph stays one-way (issue 13): no cycle between the crate's
//! top-level modules, `scenario` at the bottom, and the checker reaching no
//! model, solver or proposals code, even through another module.
//!
//! An edge A → B is any `crate::B` that a file of module A names outside
//! comments and its `#[cfg(test)]` tail, the same rule as
//! `../shared/tools/structure.py`. Unit-test files (`tests.rs`) are left out.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

type Graph = BTreeMap<String, BTreeSet<String>>;

/// Code of a source file that counts: no `//` comments, no test module at the end.
fn code(text: &str) -> String {
    let text = text.split("#[cfg(test)]").next().unwrap_or("");
    text.lines()
        .map(|l| l.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
}

fn edges_of(text: &str, own: &str, into: &mut BTreeSet<String>) {
    for (i, _) in text.match_indices("crate::") {
        let rest = &text[i + "crate::".len()..];
        let name: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        if !name.is_empty() && name != own {
            into.insert(name);
        }
    }
}

fn walk(dir: &Path, top: Option<&str>, graph: &mut Graph) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if path.is_dir() {
            walk(&path, Some(top.unwrap_or(&name)), graph);
            continue;
        }
        if !name.ends_with(".rs") || name == "tests.rs" {
            continue;
        }
        let module = top.map_or_else(|| name.trim_end_matches(".rs").to_string(), str::to_string);
        if module == "lib" || module == "main" {
            continue;
        }
        let text = code(&std::fs::read_to_string(&path).unwrap());
        edges_of(&text, &module, graph.entry(module.clone()).or_default());
    }
}

fn graph() -> Graph {
    let mut g = Graph::new();
    walk(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        None,
        &mut g,
    );
    g
}

/// Every module `from` reaches, with the path to it.
fn reach(g: &Graph, from: &str) -> BTreeMap<String, Vec<String>> {
    let mut seen = BTreeMap::new();
    let mut todo = vec![vec![from.to_string()]];
    while let Some(path) = todo.pop() {
        for next in g.get(path.last().unwrap()).into_iter().flatten() {
            if !seen.contains_key(next) {
                let mut p = path.clone();
                p.push(next.clone());
                seen.insert(next.clone(), p.clone());
                todo.push(p);
            }
        }
    }
    seen
}

#[test]
fn top_level_modules_form_no_cycle() {
    let g = graph();
    assert!(g.len() > 10, "read too few modules: {:?}", g.keys());
    for m in g.keys() {
        if let Some(path) = reach(&g, m).get(m) {
            panic!("module cycle: {}", path.join(" → "));
        }
    }
}

#[test]
fn scenario_uses_no_module_above_it() {
    let g = graph();
    let up: Vec<_> = g["scenario"].iter().collect();
    assert!(up.is_empty(), "scenario uses {up:?}");
}

#[test]
fn checker_reaches_no_model_solver_or_proposals_code() {
    let g = graph();
    let reached = reach(&g, "check");
    for banned in ["model", "solve", "proposals", "pipeline"] {
        if let Some(path) = reached.get(banned) {
            panic!("check reaches {banned}: {}", path.join(" → "));
        }
    }
}

#[test]
fn a_cycle_is_found() {
    // The detector itself can fail: a two-module cycle is reported.
    let mut g = Graph::new();
    edges_of("use crate::b::X;", "a", g.entry("a".into()).or_default());
    let b = code("// crate::c in a comment\nuse crate::a::Y;\n#[cfg(test)]\nuse crate::d;");
    edges_of(&b, "b", g.entry("b".into()).or_default());
    assert_eq!(reach(&g, "a")["a"], ["a", "b", "a"]);
    assert!(!reach(&g, "b").contains_key("c") && !reach(&g, "b").contains_key("d"));
}
