//! The mdBook side: read `[context, book]`, expand the directives of every chapter, write the
//! book back.
//!
//! Works with mdBook 0.4 and 0.5 from one binary by staying on `serde_json::Value`: the book is
//! echoed back as received (0.4's `sections` and `__non_exhaustive`, 0.5's `items`) and only
//! chapter `content` changes. Every chapter is processed before the run fails, so one build
//! reports every problem in the book; a spec used by several directives is loaded once.

use std::collections::{HashMap, HashSet};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::rc::Rc;

use anyhow::{Context as _, bail};
use serde_json::{Map, Value};

use crate::config::{Config, OnError};
use crate::diagnostic::{Code, Diagnostic, Location, Origin};
use crate::directive::{Directive, Found, find_directives};
use crate::load::{LoadedSpec, resolve_spec_file};
use crate::render::{RenderOptions, render_spec, slug};
use crate::report::{self, Sources};
use crate::splice::{Replacement, block_replacement, splice};

/// What a run found.
#[derive(Debug, Default)]
pub struct BookReport {
    /// Every finding, in book order, after lint levels.
    pub diagnostics: Vec<Diagnostic>,
    /// The texts the findings point into.
    pub sources: Sources,
    /// Whether the build must fail: an error, unless `on-error = "render"` put every failing
    /// directive into the page instead.
    pub failed: bool,
}

impl BookReport {
    /// Number of errors.
    pub fn error_count(&self) -> usize {
        self.diagnostics
            .iter()
            .filter(|diag| diag.is_error())
            .count()
    }
}

/// Runs as mdBook's preprocessor: `[context, book]` JSON in, book JSON out.
///
/// Diagnostics are written to `errors`. Returns an error, and writes nothing to `output`,
/// when any directive failed.
pub fn run_preprocessor(
    mut input: impl Read,
    output: impl Write,
    mut errors: impl Write,
) -> anyhow::Result<()> {
    // mdBook writes all of stdin before reading stdout: read everything first.
    let mut text = String::new();
    input
        .read_to_string(&mut text)
        .context("cannot read mdBook's input from stdin")?;
    let (context, mut book): (Value, Value) =
        serde_json::from_str(&text).context("cannot parse mdBook's input as `[context, book]`")?;
    drop(text);
    warn_on_unknown_mdbook(&context);

    let report = preprocess_book(&context, &mut book);
    for diag in &report.diagnostics {
        let _ = writeln!(
            errors,
            "{}\n",
            report::human(diag, &report.sources).trim_end()
        );
    }
    let n_errors = report.error_count();
    let n_warnings = report.diagnostics.len() - n_errors;
    if report.failed {
        bail!(
            "integration-spec: {n_errors} error{} and {n_warnings} warning{} in the book's specs; fix them to build",
            plural(n_errors),
            plural(n_warnings)
        );
    }
    if n_errors > 0 {
        tracing::error!(
            "integration-spec: {n_errors} error{} shown in the book instead of the failing specs (on-error = \"render\")",
            plural(n_errors)
        );
    }
    if n_warnings > 0 {
        tracing::warn!(
            "integration-spec: {n_warnings} warning{}",
            plural(n_warnings)
        );
    }
    // One buffered write instead of hundreds of small ones.
    let mut output = std::io::BufWriter::with_capacity(1 << 16, output);
    serde_json::to_writer(&mut output, &book).context("cannot write the book to stdout")?;
    output.flush().context("cannot write the book to stdout")?;
    Ok(())
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Expands every directive of `book` in place and reports what was found.
pub fn preprocess_book(context: &Value, book: &mut Value) -> BookReport {
    let mut report = BookReport::default();
    let config = match Config::from_book_config(&context["config"]) {
        Ok(config) => config,
        Err(diags) => {
            report.diagnostics = diags;
            report.failed = true;
            return report;
        }
    };
    let root = PathBuf::from(context["root"].as_str().unwrap_or("."));
    let book_root = root.canonicalize().unwrap_or(root);
    let src = context["config"]["book"]["src"].as_str().unwrap_or("src");
    let mut run = BookRun {
        src_dir: book_root.join(src),
        src_display: PathBuf::from(src),
        book_root,
        config,
        specs: HashMap::new(),
        reported_specs: HashSet::new(),
        prefixes: HashSet::new(),
        report,
        run_order_checked: false,
    };
    run.check_mermaid_order(context);
    let items_key = if book.get("items").is_some() {
        "items"
    } else {
        "sections"
    };
    if let Some(items) = book.get_mut(items_key) {
        for_each_chapter(items, &mut |chapter| run.process_chapter(chapter));
    }
    // Spec findings got their levels when their spec was checked; the run-order lints get
    // theirs where they are found.
    let mut report = run.report;
    let has_errors = report.diagnostics.iter().any(Diagnostic::is_error);
    // With `on-error = "render"` failing directives are in the pages; a denied run-order lint
    // belongs to no page, so it still fails the build.
    let book_level_error = report
        .diagnostics
        .iter()
        .any(|diag| diag.is_error() && diag.code == Code::RunOrder);
    report.failed = has_errors && (run.config.on_error == OnError::Fail || book_level_error);
    report
}

/// Calls `visit` on every chapter object, depth first, in book order.
fn for_each_chapter(items: &mut Value, visit: &mut impl FnMut(&mut Map<String, Value>)) {
    let Some(items) = items.as_array_mut() else {
        return;
    };
    for item in items {
        if let Some(chapter) = item.get_mut("Chapter").and_then(Value::as_object_mut) {
            visit(chapter);
            if let Some(sub_items) = chapter.get_mut("sub_items") {
                for_each_chapter(sub_items, visit);
            }
        }
    }
}

/// A loaded and checked spec with its findings at the book's lint levels.
struct Checked {
    loaded: LoadedSpec,
    diagnostics: Vec<Diagnostic>,
}

impl Checked {
    fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

struct BookRun {
    book_root: PathBuf,
    src_dir: PathBuf,
    /// `src` as written in book.toml, for paths shown to users.
    src_display: PathBuf,
    config: Config,
    /// Each spec file is loaded and checked once per build.
    specs: HashMap<PathBuf, Rc<Checked>>,
    /// Spec files whose diagnostics were already reported.
    reported_specs: HashSet<PathBuf>,
    /// Id prefixes handed out so far, to keep generated ids unique in the book.
    prefixes: HashSet<String>,
    report: BookReport,
    run_order_checked: bool,
}

impl BookRun {
    fn process_chapter(&mut self, chapter: &mut Map<String, Value>) {
        // Draft chapters have no file and nothing to expand.
        let Some(source) = chapter
            .get("source_path")
            .and_then(Value::as_str)
            .or_else(|| chapter.get("path").and_then(Value::as_str))
            .map(PathBuf::from)
        else {
            return;
        };
        let Some(content) = chapter.get("content").and_then(Value::as_str) else {
            return;
        };
        self.check_links_order(&source, content);
        let found = find_directives(content);
        if found.is_empty() {
            return;
        }
        let chapter_display = self.src_display.join(&source);
        let mut replacements = Vec::new();
        let mut chapter_failed = false;
        for item in found {
            match item {
                Found::Escaped { backslash } => replacements.push(Replacement {
                    span: backslash..backslash + 1,
                    text: String::new(),
                }),
                Found::Invalid {
                    line,
                    column,
                    span,
                    text,
                    message,
                    help,
                } => {
                    let diag =
                        Diagnostic::error(Code::InvalidDirective, format!("{message}: `{text}`"))
                            .in_file(&chapter_display)
                            .at_location(Location { line, column })
                            .with_help(help);
                    self.report.diagnostics.push(diag.clone());
                    match self.config.on_error {
                        OnError::Fail => chapter_failed = true,
                        // The malformed text may sit inside a paragraph: end it first.
                        OnError::Render => replacements.push(Replacement {
                            span,
                            text: format!("\n\n{}\n", error_block(&text, &[diag])),
                        }),
                    }
                }
                Found::Directive(directive) => {
                    match self.expand(&source, &chapter_display, &directive) {
                        Ok(generated) => {
                            replacements.push(block_replacement(&directive, &generated));
                        }
                        Err(failures) => match self.config.on_error {
                            OnError::Fail => chapter_failed = true,
                            OnError::Render => {
                                let block = error_block(&directive.path, &failures);
                                replacements.push(block_replacement(&directive, &block));
                            }
                        },
                    }
                }
            }
        }
        if chapter_failed || self.config.on_error == OnError::Render {
            self.report.sources.insert(&chapter_display, content);
        }
        if chapter_failed {
            return;
        }
        let expanded = splice(content, replacements);
        chapter.insert("content".to_owned(), Value::String(expanded));
    }

    /// Loads, checks and renders one directive. On failure, returns the errors that stopped
    /// it (already added to the report).
    fn expand(
        &mut self,
        source: &Path,
        chapter_display: &Path,
        directive: &Directive,
    ) -> Result<String, Vec<Diagnostic>> {
        let origin = Origin {
            chapter: chapter_display.to_path_buf(),
            line: directive.line,
        };
        let base_dir = self
            .src_dir
            .join(source)
            .parent()
            .map_or_else(|| self.src_dir.clone(), Path::to_path_buf);
        let limits = self.config.load_limits();
        let file = match resolve_spec_file(&self.book_root, &base_dir, &directive.path, &limits) {
            Ok(file) => file,
            Err(mut diag) => {
                // The problem is the directive itself: point at it in the chapter.
                diag.file = Some(chapter_display.to_path_buf());
                diag.location = Some(Location {
                    line: directive.line,
                    column: directive.path_column,
                });
                self.report.diagnostics.push(diag.clone());
                return Err(vec![diag]);
            }
        };
        let config = &self.config;
        let checked = Rc::clone(self.specs.entry(file.absolute.clone()).or_insert_with(|| {
            let loaded = crate::pipeline::analyze_spec_file(&file, &limits);
            let diagnostics = config.apply_levels(loaded.diagnostics.iter().cloned());
            Rc::new(Checked {
                loaded,
                diagnostics,
            })
        }));
        let loaded = &checked.loaded;
        if self.reported_specs.insert(file.absolute.clone()) {
            self.report
                .sources
                .insert(&loaded.file.display, loaded.text.clone());
            self.report.diagnostics.extend(
                checked
                    .diagnostics
                    .iter()
                    .map(|diag| diag.clone().from_directive(origin.clone())),
            );
        }
        let errors = || {
            checked
                .diagnostics
                .iter()
                .filter(|diag| diag.is_error())
                .cloned()
                .collect()
        };
        if checked.has_errors() {
            return Err(errors());
        }
        let Some(spec) = loaded.spec.as_ref() else {
            return Err(errors());
        };
        let options = RenderOptions {
            heading_level: directive.heading_level,
            id_prefix: self.unique_prefix(&file.absolute),
        };
        render_spec(spec, &options).map_err(|message| {
            let diag = Diagnostic::error(Code::Internal, message)
                .in_file(loaded.file.display.clone())
                .from_directive(origin)
                .with_help(
                    "this is a bug in mdbook-integration-spec; please report it with the spec",
                );
            self.report.diagnostics.push(diag.clone());
            vec![diag]
        })
    }

    /// `orders` for `specs/orders.yaml`; `orders-2` for the next spec or directive that would
    /// produce the same ids.
    fn unique_prefix(&mut self, spec_path: &Path) -> String {
        let stem = spec_path
            .file_stem()
            .map(|stem| stem.to_string_lossy().into_owned())
            .unwrap_or_default();
        let base = slug(&stem);
        let mut prefix = base.clone();
        let mut n = 2;
        while !self.prefixes.insert(prefix.clone()) {
            prefix = format!("{base}-{n}");
            n += 1;
        }
        prefix
    }

    /// Reports a book-level lint at the level the book gives it.
    fn push_lint(&mut self, diag: Diagnostic) {
        let leveled = self.config.apply_levels([diag]);
        self.report.diagnostics.extend(leveled);
    }

    /// Directives inside `{{#include}}`d files are only seen when we run after `links`.
    fn check_links_order(&mut self, source: &Path, content: &str) {
        if self.run_order_checked || self.config.runs_after_links {
            return;
        }
        if uses_include(content) {
            self.run_order_checked = true;
            self.push_lint(
                Diagnostic::warning(
                    Code::RunOrder,
                    format!(
                        "{} uses `{{{{#include}}}}`, but integration-spec runs before mdBook's `links` preprocessor, so directives in included files stay unexpanded",
                        self.src_display.join(source).display()
                    ),
                )
                .in_file("book.toml")
                .with_help("add `after = [\"links\"]` under `[preprocessor.integration-spec]` in book.toml"),
            );
        }
    }

    /// Our mermaid fences must reach mdbook-mermaid, which needs `before = ["mermaid"]`.
    fn check_mermaid_order(&mut self, context: &Value) {
        let tables = &context["config"]["preprocessor"];
        let mermaid_configured = tables.get("mermaid").is_some();
        let ours = &tables[crate::config::PREPROCESSOR_NAME];
        let runs_before_mermaid = ours["before"]
            .as_array()
            .is_some_and(|names| names.iter().any(|name| name == "mermaid"));
        let mermaid_after_us = tables["mermaid"]["after"].as_array().is_some_and(|names| {
            names
                .iter()
                .any(|name| name == crate::config::PREPROCESSOR_NAME)
        });
        if mermaid_configured && ours.is_object() && !runs_before_mermaid && !mermaid_after_us {
            self.push_lint(
                Diagnostic::warning(
                    Code::RunOrder,
                    "mdbook-mermaid may run before integration-spec, and then the generated diagrams show as code",
                )
                .in_file("book.toml")
                .with_help("add `before = [\"mermaid\"]` under `[preprocessor.integration-spec]` in book.toml"),
            );
        }
    }
}

/// What stands in the page for a directive that failed, with `on-error = "render"`.
fn error_block(what: &str, diags: &[Diagnostic]) -> String {
    let lines: Vec<String> = diags.iter().map(report::short).collect();
    crate::render::render_error_block(what, &lines)
}

/// Whether mdBook's `links` preprocessor would expand an include here. It expands them in
/// code too, but not when escaped with a backslash.
fn uses_include(content: &str) -> bool {
    ["{{#include", "{{#rustdoc_include"].iter().any(|opener| {
        content
            .match_indices(opener)
            .any(|(at, _)| !content[..at].ends_with('\\'))
    })
}

/// mdBook 0.4.40 and later, and 0.5, are known to work; others get a warning, not a failure.
fn warn_on_unknown_mdbook(context: &Value) {
    let Some(version) = context["mdbook_version"].as_str() else {
        return;
    };
    let supported = semver::VersionReq::parse(">=0.4.40, <0.6.0").ok();
    match (semver::Version::parse(version), supported) {
        (Ok(found), Some(supported)) if supported.matches(&found) => {}
        _ => tracing::warn!(
            "integration-spec is tested with mdBook 0.4.40 to 0.5.x; this is mdBook {version}"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaped_includes_do_not_count() {
        assert!(uses_include("{{#include a.md}}"));
        assert!(uses_include("```\n{{#include a.md}}\n```"));
        assert!(!uses_include("Write \\{{#include a.md}} to include."));
        assert!(!uses_include("no includes"));
    }
}
