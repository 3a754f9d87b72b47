//! The stages put together: one spec file through load, check and locate, and the
//! `check` and `render` commands built on them.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::check::check_spec;
use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::load::{LoadLimits, LoadedSpec, SpecFile, load_spec_file, resolve_spec_file};
use crate::locate::locate_diagnostics;
use crate::report::{self, Sources};
use crate::{RenderOptions, render_spec};

/// Loads a spec file, checks it when it loaded cleanly, and gives every finding its line and
/// column. A spec used by several directives goes through this once per build.
pub fn analyze_spec_file(file: &SpecFile, limits: &LoadLimits) -> LoadedSpec {
    let mut loaded = load_spec_file(file, limits);
    if !loaded.has_errors()
        && let Some(spec) = &loaded.spec
    {
        let mut found = check_spec(spec);
        for diag in &mut found {
            diag.file.get_or_insert_with(|| file.display.clone());
        }
        loaded.diagnostics.extend(found);
    }
    locate_diagnostics(&loaded.text, &mut loaded.diagnostics);
    loaded
}

/// Loads, checks and renders one spec file outside mdBook, writing the markdown to `output`
/// and diagnostics to `errors`. Returns whether the spec rendered.
pub fn render_file(
    path: &std::path::Path,
    output: &mut impl std::io::Write,
    errors: &mut impl std::io::Write,
) -> anyhow::Result<bool> {
    let limits = crate::load::LoadLimits {
        allow_outside_root: true,
        max_spec_size: crate::config::DEFAULT_MAX_SPEC_SIZE,
    };
    let cwd = std::env::current_dir()?;
    let file = match crate::load::resolve_spec_file(&cwd, &cwd, &path.to_string_lossy(), &limits) {
        Ok(file) => file,
        Err(diag) => {
            writeln!(
                errors,
                "{}",
                crate::report::human(&diag, &crate::report::Sources::default())
            )?;
            return Ok(false);
        }
    };
    let loaded = analyze_spec_file(&file, &limits);
    let mut sources = crate::report::Sources::default();
    sources.insert(&file.display, loaded.text.clone());
    for diag in &loaded.diagnostics {
        writeln!(errors, "{}", crate::report::human(diag, &sources))?;
    }
    let Some(spec) = loaded.spec.as_ref().filter(|_| !loaded.has_errors()) else {
        return Ok(false);
    };
    let stem = file
        .absolute
        .file_stem()
        .map(|stem| stem.to_string_lossy().into_owned())
        .unwrap_or_default();
    let options = RenderOptions {
        heading_level: 0,
        id_prefix: crate::render::slug(&stem),
    };
    let markdown = render_spec(spec, &options).map_err(anyhow::Error::msg)?;
    output.write_all(markdown.as_bytes())?;
    Ok(true)
}

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
    /// After the book's lint levels, if there is a book.
    pub diagnostics: Vec<Diagnostic>,
    /// For the human format.
    pub sources: Sources,
}

/// Checks spec files named on the command line, relative to the working directory.
/// Returns `Err` when a file cannot be found or read.
pub fn check_files(paths: &[PathBuf]) -> Result<CheckReport, String> {
    let cwd = std::env::current_dir().map_err(|err| err.to_string())?;
    let limits = LoadLimits {
        allow_outside_root: true,
        max_spec_size: crate::config::DEFAULT_MAX_SPEC_SIZE,
    };
    let config = Config::default();
    let mut report = CheckReport {
        diagnostics: Vec::new(),
        sources: Sources::default(),
    };
    for path in paths {
        let file = resolve_spec_file(&cwd, &cwd, &path.to_string_lossy(), &limits)
            .map_err(|diag| report::short(&diag))?;
        let loaded = analyze_spec_file(&file, &limits);
        if loaded.text.is_empty()
            && let Some(unreadable) = loaded
                .diagnostics
                .iter()
                .find(|diag| diag.code == crate::Code::SpecNotFound)
        {
            return Err(report::short(unreadable));
        }
        report.sources.insert(&file.display, loaded.text.clone());
        report
            .diagnostics
            .extend(config.apply_levels(loaded.diagnostics));
    }
    Ok(report)
}

/// Checks every directive of the book at `root`, as `mdbook build` would see them, without
/// building. Returns `Err` when the book cannot be read.
pub fn check_book(root: &Path) -> Result<CheckReport, String> {
    let (context, mut book) = crate::book_source::read_book(root)?;
    let found = crate::preprocess_book(&context, &mut book);
    Ok(CheckReport {
        diagnostics: found.diagnostics,
        sources: found.sources,
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
            Ok(())
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
