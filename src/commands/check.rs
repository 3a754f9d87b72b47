//! `check`: the findings of spec files, or of every directive of a book, without building.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::files::{
    CommandError, command_line_limits, is_broken_pipe, is_unreadable, resolve_command_line_file,
};
use crate::analyze::analyze_and_render;
use crate::config::Config;
use crate::diagnostic::{Diagnostic, plural};
use crate::render::{RenderOptions, render_spec};
use crate::report::{self, Sources};
use crate::spec::Spec;

/// How `check` prints findings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReportFormat {
    /// rustc-style, with the source line.
    Human,
    /// One line each: `file:line:col: error[code]: message`.
    Short,
    /// A JSON array.
    Json,
    /// GitHub Actions annotations.
    Github,
}

/// Findings of a `check` run, and the texts they point into.
pub struct CheckReport {
    /// What was checked.
    pub checked: Checked,
    /// After the book's lint levels, if there is a book.
    pub diagnostics: Vec<Diagnostic>,
    /// For the human format.
    pub sources: Sources,
    /// Whether a file named on the command line could not be found or read (exit status 2).
    pub unreadable: bool,
}

/// What a `check` run looked at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Checked {
    /// This many spec files named on the command line.
    Files(usize),
    /// Every directive of a book.
    Book,
}

/// Runs `check` on `files`, or on the book at `book` (the working directory when neither is
/// given), and writes the report to `out`. Returns the exit status: 0 when clean, 1 when
/// there are findings, 2 when something could not be read.
pub fn check(
    files: &[PathBuf],
    book: Option<&Path>,
    format: ReportFormat,
    out: &mut impl Write,
) -> u8 {
    let report = if files.is_empty() {
        check_book(book.unwrap_or(Path::new(".")))
    } else {
        check_files(files)
    };
    let report = match report {
        Ok(report) => report,
        Err(err) => {
            tracing::error!("{err}");
            return 2;
        }
    };
    match write_report(&report, format, out) {
        // A reader that stopped early still gets the exit status of the findings.
        Err(err) if !is_broken_pipe(&err) => {
            tracing::error!("cannot write the report: {err}");
            return 2;
        }
        _ => {}
    }
    if report.unreadable {
        2
    } else if report.diagnostics.is_empty() {
        0
    } else {
        1
    }
}

/// Checks spec files named on the command line, relative to the working directory.
/// A file that cannot be found or read is a finding, and marks the report `unreadable`.
pub fn check_files(paths: &[PathBuf]) -> Result<CheckReport, CommandError> {
    let cwd = std::env::current_dir().map_err(CommandError::WorkingDirectory)?;
    let limits = command_line_limits();
    let config = Config::default();
    let mut report = CheckReport {
        checked: Checked::Files(paths.len()),
        diagnostics: Vec::new(),
        sources: Sources::default(),
        unreadable: false,
    };
    for path in paths {
        let file = match resolve_command_line_file(&cwd, path, &limits) {
            Ok(file) => file,
            Err(diag) => {
                report.unreadable = true;
                report.diagnostics.push(diag);
                continue;
            }
        };
        // Rendering too, alongside the checks, so `check` finds whatever a build would.
        let render = |spec: &Spec| render_spec(spec, &RenderOptions::whole(0, "spec"));
        let (mut loaded, rendered) = analyze_and_render(&file, &limits, render);
        if let Some(Err(message)) = rendered {
            loaded
                .diagnostics
                .push(Diagnostic::internal(message).in_file(file.display.clone()));
        }
        report.unreadable |= is_unreadable(&loaded);
        for (path, text) in loaded.sources() {
            report.sources.insert(path, text.to_owned());
        }
        report
            .diagnostics
            .extend(config.apply_levels(loaded.diagnostics));
    }
    Ok(report)
}

/// Checks every directive of the book at `root`, as `mdbook build` would see them, without
/// building.
pub fn check_book(root: &Path) -> Result<CheckReport, CommandError> {
    let (context, mut book) = crate::book_source::read_book(root).map_err(CommandError::Book)?;
    let found = crate::preprocessor::preprocess_book(&context, &mut book);
    // Findings name files relative to the book; the user (and CI annotations) need them
    // relative to where `check` runs.
    let mut diagnostics = found.diagnostics;
    let mut sources = found.sources;
    if root != Path::new(".") {
        for diag in &mut diagnostics {
            if let Some(file) = diag.file.as_mut().filter(|file| file.is_relative()) {
                *file = root.join(&*file);
            }
            if let Some(origin) = diag.origin.as_mut() {
                origin.chapter = root.join(&origin.chapter);
            }
        }
        sources = sources.under(root);
    }
    Ok(CheckReport {
        checked: Checked::Book,
        diagnostics,
        sources,
        unreadable: false,
    })
}

/// Writes the findings in `format`.
pub fn write_report(
    report: &CheckReport,
    format: ReportFormat,
    out: &mut impl Write,
) -> std::io::Result<()> {
    match format {
        ReportFormat::Json => writeln!(out, "{}", report::json(&report.diagnostics)),
        ReportFormat::Human => {
            for diag in &report.diagnostics {
                writeln!(out, "{}\n", report::human(diag, &report.sources).trim_end())?;
            }
            writeln!(out, "{}", summary(report))
        }
        ReportFormat::Short => {
            for diag in &report.diagnostics {
                writeln!(out, "{}", report::short(diag))?;
            }
            Ok(())
        }
        ReportFormat::Github => {
            for diag in &report.diagnostics {
                writeln!(out, "{}", report::github(diag))?;
            }
            Ok(())
        }
    }
}

/// The last line of the human format: `2 errors and 1 warning in 3 spec files`.
fn summary(report: &CheckReport) -> String {
    let errors = report
        .diagnostics
        .iter()
        .filter(|diag| diag.is_error())
        .count();
    let warnings = report.diagnostics.len() - errors;
    let counts = match (errors, warnings) {
        (0, 0) => "no errors or warnings".to_owned(),
        (errors, 0) => format!("{errors} error{}", plural(errors)),
        (0, warnings) => format!("{warnings} warning{}", plural(warnings)),
        (errors, warnings) => format!(
            "{errors} error{} and {warnings} warning{}",
            plural(errors),
            plural(warnings)
        ),
    };
    match report.checked {
        Checked::Files(files) => format!("{counts} in {files} spec file{}", plural(files)),
        Checked::Book => format!("{counts} in the book's specs"),
    }
}
