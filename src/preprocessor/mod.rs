//! The mdBook side: read `[context, book]`, expand the directives of every chapter, write the
//! book back.
//!
//! Works with mdBook 0.4 and 0.5 from one binary by staying on `serde_json::Value`: the book is
//! echoed back as received (0.4's `sections` and `__non_exhaustive`, 0.5's `items`) and only
//! chapter `content` changes. Every chapter is processed before the run fails, so one build
//! reports every problem in the book; a spec used by several directives is loaded once
//! (`specs`). Two passes over the chapters (`run`): the first plans every directive and
//! learns where each item lands (`links`), the second renders with links to items shown on
//! other pages. Findings about the book's set-up come from `book_lints`.

mod baselines;
mod book_lints;
mod links;
mod run;
mod specs;

use std::io::{Read, Write};

use serde_json::{Map, Value};

use crate::config::Config;
use crate::diagnostic::plural;
use crate::report;
use book_lints::warn_on_unknown_mdbook;
pub use run::BookReport;
use run::{BookRun, Scanned};

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
    crate::parallel::free_in_background(book);
    Ok(())
}

/// Expands every directive of `book` in place and reports what was found.
pub fn preprocess_book(context: &Value, book: &mut Value) -> BookReport {
    let config = match Config::from_book_config(&context["config"]) {
        Ok(config) => config,
        Err(diags) => {
            return BookReport {
                diagnostics: diags,
                failed: true,
                ..BookReport::default()
            };
        }
    };
    let mut run = BookRun::new(context, config);
    let items_key = if book.get("items").is_some() {
        "items"
    } else {
        "sections"
    };
    if let Some(items) = book.get_mut(items_key) {
        // The chapters are scanned for directives on every core, and the specs they name
        // start loading on every core; then two passes (links can point at items another
        // chapter renders, later in the book), the first taking each spec as it comes in.
        let mut chapters = Vec::new();
        chapters_in(items, &mut chapters);
        let scanned = scan_chapters(&chapters);
        let mut files = Vec::new();
        for (chapter, scanned) in chapters.iter().zip(&scanned) {
            files.extend(run.spec_files_of(chapter, scanned));
        }
        run.prefetch(files);
        let plans: Vec<_> = chapters
            .into_iter()
            .zip(scanned)
            .map(|(chapter, scanned)| run.plan_chapter(chapter, scanned))
            .collect();
        // Every directive renders on every core, then the chapters take their output in order.
        let mut rendered = run.render_all(&plans).into_iter();
        let mut plans = plans.into_iter();
        for_each_chapter(items, &mut |chapter| {
            if let Some(Some(plan)) = plans.next() {
                run.render_chapter(plan, chapter, &mut rendered);
            }
        });
    }
    run.finish()
}

/// Every chapter's directives and heading ids, on every core for those that name the
/// directive at all.
fn scan_chapters(chapters: &[&Map<String, Value>]) -> Vec<Scanned> {
    let texts: Vec<Option<&str>> = chapters
        .iter()
        .map(|chapter| directive_text(chapter))
        .collect();
    let with_directives: Vec<&str> = texts.iter().flatten().copied().collect();
    let mut scanned =
        crate::parallel::in_order(&with_directives, |content| Scanned::of(content)).into_iter();
    texts
        .iter()
        .map(|text| match text {
            Some(_) => scanned.next().unwrap_or_default(),
            None => Scanned::default(),
        })
        .collect()
}

/// A chapter's content, if it names the directive at all.
fn directive_text(chapter: &Map<String, Value>) -> Option<&str> {
    chapter
        .get("content")
        .and_then(Value::as_str)
        .filter(|content| content.contains(crate::directive::OPENER))
}

/// Every chapter object, depth first, in book order.
fn chapters_in<'b>(items: &'b Value, chapters: &mut Vec<&'b Map<String, Value>>) {
    for item in items.as_array().into_iter().flatten() {
        if let Some(chapter) = item.get("Chapter").and_then(Value::as_object) {
            chapters.push(chapter);
            if let Some(sub_items) = chapter.get("sub_items") {
                chapters_in(sub_items, chapters);
            }
        }
    }
}

/// Calls `visit` on every chapter object, depth first, in book order (as [`chapters_in`]).
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
