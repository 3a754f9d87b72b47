//! The module graph as `ARCHITECTURE.md` draws it: its layer table is read here, and every
//! `crate::` and `super::` path in `src/` is held to it. A module imports only modules on
//! lower layers, no file imports its parent module, and no modules import each other in a
//! circle.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

use crate::support::manifest_dir;

#[test]
fn the_code_follows_the_layers_of_architecture_md() {
    let layers = layers();
    let graph = Graph::of(&manifest_dir().join("src"));
    let mut problems = Vec::new();
    for top in graph.top_level() {
        if !layers.contains_key(&top) {
            problems.push(format!(
                "`{top}` is not in the layer table of ARCHITECTURE.md"
            ));
        }
    }
    for (from, to) in &graph.edges {
        let (from_top, to_top) = (top_of(from), top_of(to));
        if from_top == to_top {
            continue;
        }
        if let (Some(from_rank), Some(to_rank)) = (layers.get(from_top), layers.get(to_top))
            && from_rank <= to_rank
        {
            problems.push(format!(
                "`{from}` imports `{to}`, which is not on a lower layer"
            ));
        }
    }
    problems.extend(graph.parent_imports.iter().cloned());
    if let Some(circle) = graph.circle() {
        problems.push(format!("modules import each other: {}", circle.join(" → ")));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_checker_sees_imports_of_every_form() {
    let text = "use crate::spec::{Kind, Spec};\nuse crate::{a::b, c};\nuse super::{doc::{Doc, text}, mermaid};\n\
                fn f() { crate::load::parse(); super::Layout::new() }\n// crate::commented\n";
    let paths: Vec<String> = paths_in(text, "crate");
    assert_eq!(
        paths,
        ["spec::Kind", "spec::Spec", "a::b", "c", "load::parse"]
    );
    let paths: Vec<String> = paths_in(text, "super");
    assert_eq!(paths, ["doc::Doc", "doc::text", "mermaid", "Layout::new"]);
}

/// Each top-level module's layer, higher numbers on top.
fn layers() -> BTreeMap<String, usize> {
    let text = fs::read_to_string(manifest_dir().join("ARCHITECTURE.md")).unwrap();
    let table = text
        .split("<!-- layers -->")
        .nth(1)
        .and_then(|rest| rest.split("<!-- /layers -->").next())
        .expect("ARCHITECTURE.md has a `<!-- layers -->` block");
    let rows: Vec<&str> = table
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with("```"))
        .collect();
    let mut ranks = BTreeMap::new();
    for (idx, row) in rows.iter().enumerate() {
        for module in row.split_whitespace() {
            ranks.insert(module.to_owned(), rows.len() - idx);
        }
    }
    ranks
}

fn top_of(module: &str) -> &str {
    module.split("::").next().unwrap_or(module)
}

/// Modules (`render::doc`) and who imports whom.
struct Graph {
    modules: BTreeSet<String>,
    edges: BTreeSet<(String, String)>,
    parent_imports: Vec<String>,
}

impl Graph {
    fn of(src: &Path) -> Self {
        let mut files = Vec::new();
        collect_files(src, src, &mut files);
        let modules: BTreeSet<String> = files.iter().map(|(module, _)| module.clone()).collect();
        let mut graph = Graph {
            modules,
            edges: BTreeSet::new(),
            parent_imports: Vec::new(),
        };
        for (module, text) in &files {
            let code = without_tests_and_comments(text);
            for path in paths_in(&code, "crate") {
                if let Some(target) = graph.resolve(&path) {
                    graph.add_edge(module, &target);
                }
            }
            let parent = module.rsplit_once("::").map(|(parent, _)| parent);
            for path in paths_in(&code, "super") {
                let absolute = match parent {
                    Some(parent) => format!("{parent}::{path}"),
                    None => path.clone(),
                };
                match graph.resolve(&absolute) {
                    Some(target) if Some(target.as_str()) != parent => {
                        graph.add_edge(module, &target)
                    }
                    _ => graph.parent_imports.push(format!(
                        "`{module}` imports `super::{path}` from its parent module; move it into a file of its own"
                    )),
                }
            }
        }
        graph
    }

    fn top_level(&self) -> BTreeSet<String> {
        self.modules
            .iter()
            .map(|module| top_of(module).to_owned())
            .collect()
    }

    /// The longest module that `path` starts with.
    fn resolve(&self, path: &str) -> Option<String> {
        let parts: Vec<&str> = path.split("::").collect();
        (1..=parts.len())
            .rev()
            .map(|len| parts[..len].join("::"))
            .find(|candidate| self.modules.contains(candidate))
    }

    fn add_edge(&mut self, from: &str, to: &str) {
        // A module using its own descendants points down; that is what folders are for.
        if from != to && !to.starts_with(&format!("{from}::")) {
            self.edges.insert((from.to_owned(), to.to_owned()));
        }
    }

    /// A circle of imports, if there is one.
    fn circle(&self) -> Option<Vec<String>> {
        fn visit<'g>(
            node: &'g str,
            graph: &'g Graph,
            path: &mut Vec<&'g str>,
            done: &mut BTreeSet<&'g str>,
        ) -> Option<Vec<String>> {
            if let Some(start) = path.iter().position(|seen| *seen == node) {
                let mut circle: Vec<String> =
                    path[start..].iter().map(|s| (*s).to_owned()).collect();
                circle.push(node.to_owned());
                return Some(circle);
            }
            if !done.insert(node) {
                return None;
            }
            path.push(node);
            for (_, to) in graph.edges.iter().filter(|(from, _)| from == node) {
                if let Some(circle) = visit(to, graph, path, done) {
                    return Some(circle);
                }
            }
            path.pop();
            None
        }
        let mut done = BTreeSet::new();
        self.modules
            .iter()
            .find_map(|module| visit(module, self, &mut Vec::new(), &mut done))
    }
}

/// Every source file with its module path; `main.rs`, `lib.rs` and test files are left out.
fn collect_files(src: &Path, dir: &Path, files: &mut Vec<(String, String)>) {
    let mut entries: Vec<_> = fs::read_dir(dir).unwrap().flatten().collect();
    entries.sort_by_key(|entry| entry.path());
    for entry in entries {
        let path = entry.path();
        if path.is_dir() {
            collect_files(src, &path, files);
            continue;
        }
        let relative = path.strip_prefix(src).unwrap().with_extension("");
        let parts: Vec<String> = relative
            .components()
            .map(|part| part.as_os_str().to_string_lossy().into_owned())
            .collect();
        let module = match parts.as_slice() {
            [only] if only == "main" || only == "lib" => continue,
            [.., last] if last == "tests" => continue,
            [init @ .., last] if last == "mod" => init.join("::"),
            all => all.join("::"),
        };
        files.push((module, fs::read_to_string(&path).unwrap()));
    }
}

/// The code that is compiled into the library: unit tests (at the end of a file) and comments
/// cut away.
fn without_tests_and_comments(text: &str) -> String {
    let code = text.split("#[cfg(test)]").next().unwrap_or(text);
    code.lines()
        .map(|line| match line.find("//") {
            Some(at) => &line[..at],
            None => line,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The paths after every `root::` (`crate::` or `super::`), with `{ }` groups expanded.
fn paths_in(code: &str, root: &str) -> Vec<String> {
    let code = without_tests_and_comments(code);
    let opener = format!("{root}::");
    let mut paths = Vec::new();
    let mut rest = code.as_str();
    while let Some(at) = rest.find(&opener) {
        let before = rest[..at].chars().next_back();
        rest = &rest[at + opener.len()..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        let (tree, len) = use_tree(rest);
        paths.extend(tree);
        rest = &rest[len..];
    }
    paths
}

/// The paths a use tree at the start of `text` names, and how many bytes it takes.
fn use_tree(text: &str) -> (Vec<String>, usize) {
    let ident_end = text
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(text.len());
    let ident = &text[..ident_end];
    let after = &text[ident_end..];
    if ident.is_empty() && after.starts_with('{') {
        let mut paths = Vec::new();
        let mut pos = 1;
        loop {
            let inner = &after[pos..];
            let skipped = inner.len() - inner.trim_start_matches([' ', '\n', ',']).len();
            pos += skipped;
            if after[pos..].starts_with('}') || pos >= after.len() {
                return (paths, ident_end + pos + 1);
            }
            let (tree, len) = use_tree(&after[pos..]);
            if len == 0 {
                return (paths, ident_end + pos);
            }
            paths.extend(tree);
            pos += len;
        }
    }
    if let Some(rest) = after.strip_prefix("::") {
        let (tree, len) = use_tree(rest);
        let paths = if tree.is_empty() {
            vec![ident.to_owned()]
        } else {
            tree.into_iter()
                .map(|path| {
                    if path == "self" {
                        ident.to_owned()
                    } else {
                        format!("{ident}::{path}")
                    }
                })
                .collect()
        };
        return (paths, ident_end + 2 + len);
    }
    if ident.is_empty() {
        return (Vec::new(), 0);
    }
    (vec![ident.to_owned()], ident_end)
}
