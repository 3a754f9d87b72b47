//! The mdBook side: read `[context, book]`, expand the directives of every chapter, write the
//! book back.
//!
//! Works with mdBook 0.4 and 0.5 from one binary by staying on `serde_json::Value`: the book is
//! echoed back as received (0.4's `sections` and `__non_exhaustive`, 0.5's `items`) and only
//! chapter `content` changes. Every chapter is processed before the run fails, so one build
//! reports every problem in the book; a spec used by several directives is loaded once
//! (`specs`). Two passes over the chapters (`chapter`): the first plans every directive and
//! learns where each item lands (`links`), the second renders with links to items shown on
//! other pages. Findings about the book's set-up come from `book_lints`.

mod book_lints;
mod chapter;
mod links;
mod specs;

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use crate::config::{Config, OnError};
use crate::diagnostic::{Code, Diagnostic, Origin};
use crate::report::{self, Sources};
use book_lints::{Watched, warn_on_unknown_mdbook};
use links::Links;
use specs::Specs;

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

/// Why a preprocessor run wrote no book.
#[derive(Debug)]
pub enum PreprocessorError {
    /// mdBook's input cannot be read or parsed.
    Input(String),
    /// The book's specs have errors; they were written to the error stream.
    Failed {
        /// How many errors.
        errors: usize,
        /// How many warnings.
        warnings: usize,
    },
    /// The book cannot be written back.
    Output(std::io::Error),
}

impl std::fmt::Display for PreprocessorError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PreprocessorError::Input(message) => f.write_str(message),
            PreprocessorError::Failed { errors, warnings } => write!(
                f,
                "integration-spec: {errors} error{} and {warnings} warning{} in the book's specs; fix them to build",
                plural(*errors),
                plural(*warnings)
            ),
            PreprocessorError::Output(err) => write!(f, "cannot write the book to stdout: {err}"),
        }
    }
}

impl std::error::Error for PreprocessorError {}

/// Runs as mdBook's preprocessor: `[context, book]` JSON in, book JSON out.
///
/// Diagnostics are written to `errors`. Returns an error, and writes nothing to `output`,
/// when any directive failed.
pub fn run_preprocessor(
    mut input: impl Read,
    output: impl Write,
    mut errors: impl Write,
) -> Result<(), PreprocessorError> {
    // mdBook writes all of stdin before reading stdout: read everything first.
    let mut text = String::new();
    input.read_to_string(&mut text).map_err(|err| {
        PreprocessorError::Input(format!("cannot read mdBook's input from stdin: {err}"))
    })?;
    let (context, mut book): (Value, Value) = serde_json::from_str(&text).map_err(|err| {
        PreprocessorError::Input(format!(
            "cannot parse mdBook's input as `[context, book]`: {err}"
        ))
    })?;
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
        return Err(PreprocessorError::Failed {
            errors: n_errors,
            warnings: n_warnings,
        });
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
    serde_json::to_writer(&mut output, &book)
        .map_err(|err| PreprocessorError::Output(err.into()))?;
    output.flush().map_err(PreprocessorError::Output)?;
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
    let mut run = BookRun {
        book: Book::new(context, config),
        specs: Specs::default(),
        links: Links::default(),
        report,
        lints: BookLints::default(),
    };
    run.push_lints(book_lints::mermaid_order(&context["config"]));
    let items_key = if book.get("items").is_some() {
        "items"
    } else {
        "sections"
    };
    if let Some(items) = book.get_mut(items_key) {
        // Two passes: links can point at items another chapter renders, later in the book.
        let mut plans = Vec::new();
        for_each_chapter(items, &mut |chapter| plans.push(run.plan_chapter(chapter)));
        let mut plans = plans.into_iter();
        for_each_chapter(items, &mut |chapter| {
            if let Some(Some(plan)) = plans.next() {
                run.render_chapter(plan, chapter);
            }
        });
    }
    run.links.attribute(&run.specs, &mut run.report.diagnostics);
    let unwatched = run.book.watched().unwatched_specs(&run.lints.unwatched);
    run.push_lints(unwatched);
    // Spec findings got their levels when their spec was checked; the book's lints get
    // theirs where they are found.
    let mut report = run.report;
    let has_errors = report.diagnostics.iter().any(Diagnostic::is_error);
    // With `on-error = "render"` failing directives are in the pages; a denied run-order lint
    // belongs to no page, so it still fails the build.
    let book_level_error = report
        .diagnostics
        .iter()
        .any(|diag| diag.is_error() && diag.code == Code::RunOrder);
    report.failed = has_errors && (run.book.config.on_error == OnError::Fail || book_level_error);
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

/// One run over a book.
struct BookRun {
    /// Where the book is and how it is configured.
    book: Book,
    /// The spec files the directives read.
    specs: Specs,
    /// Where each item is shown.
    links: Links,
    /// What the run found so far.
    report: BookReport,
    /// What the book-level lints collect across chapters.
    lints: BookLints,
}

impl BookRun {
    /// Reports book-level lints at the levels the book gives them.
    fn push_lints(&mut self, found: impl IntoIterator<Item = Diagnostic>) {
        let leveled = self.book.config.apply_levels(found);
        self.report.diagnostics.extend(leveled);
    }
}

/// The book's paths and settings, fixed for the run.
struct Book {
    root: PathBuf,
    src_dir: PathBuf,
    /// `src` as written in book.toml, for paths shown to users.
    src_display: PathBuf,
    /// Directories `mdbook serve` watches besides `src`.
    extra_watched: Vec<PathBuf>,
    /// Where the book is built.
    build_dir: PathBuf,
    config: Config,
    /// Whether mdBook's `links` runs after us and so would act on `{{#...}}` in our output.
    links_runs_later: bool,
}

impl Book {
    fn new(context: &Value, config: Config) -> Self {
        let book_config = &context["config"];
        let root = PathBuf::from(context["root"].as_str().unwrap_or("."));
        let root = root.canonicalize().unwrap_or(root);
        let src = book_config["book"]["src"].as_str().unwrap_or("src");
        let extra_watched = book_config["build"]["extra-watch-dirs"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .map(|dir| {
                let dir = root.join(dir);
                dir.canonicalize().unwrap_or(dir)
            })
            .collect();
        let build_dir = root.join(book_config["build"]["build-dir"].as_str().unwrap_or("book"));
        Book {
            links_runs_later: book_lints::links_runs_after_us(book_config, &config),
            src_dir: root.join(src),
            src_display: PathBuf::from(src),
            extra_watched,
            build_dir,
            root,
            config,
        }
    }

    fn watched(&self) -> Watched<'_> {
        Watched {
            book_root: &self.root,
            src_dir: &self.src_dir,
            extra: &self.extra_watched,
            build_dir: &self.build_dir,
        }
    }
}

/// What the book-level lints collect across chapters.
#[derive(Default)]
struct BookLints {
    /// Whether a chapter's use of `{{#include}}` was reported; once is enough.
    include_order_reported: bool,
    /// Spec folders nothing watches, with the first spec and directive that read one.
    unwatched: BTreeMap<PathBuf, (PathBuf, Origin)>,
}

impl BookLints {
    /// Notes a spec the book does not watch.
    fn check_watched(&mut self, watched: &Watched<'_>, spec: &Path, origin: &Origin) {
        let Some(dir) = spec.parent() else { return };
        if !watched.covers(spec) {
            self.unwatched
                .entry(dir.to_path_buf())
                .or_insert_with(|| (spec.to_path_buf(), origin.clone()));
        }
    }
}
