//! The stages put together: one spec file through load, check and locate, and the
//! `check` and `render` commands built on them.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::check::check_spec;
use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::directive::{ArgumentError, parse_arguments};
use crate::load::{LoadLimits, LoadedSpec, SpecFile, load_spec_file, resolve_spec_file};
use crate::locate::locate_diagnostics;
use crate::report::{self, Sources};
use crate::select::select;
use crate::spec::Spec;
use crate::{RenderOptions, render_spec};

/// Loads a spec file, checks it when it loaded cleanly, and gives every finding its line and
/// column. A spec used by several directives goes through this once per build.
pub fn analyze_spec_file(file: &SpecFile, limits: &LoadLimits) -> LoadedSpec {
    analyze::<()>(file, limits, None).0
}

/// [`analyze_spec_file`], running `render` on the model while the checks run: both only
/// read it, so a big spec takes the longer of the two rather than their sum. The rendered
/// output is `None` when the spec did not load.
fn analyze<R: Send>(
    file: &SpecFile,
    limits: &LoadLimits,
    render: Option<&(dyn Fn(&Spec) -> R + Sync)>,
) -> (LoadedSpec, Option<R>) {
    let mut loaded = load_spec_file(file, limits);
    let mut rendered = None;
    if !loaded.has_errors()
        && let Some(spec) = &loaded.spec
    {
        let (mut found, output) = std::thread::scope(|scope| {
            let render = render.map(|render| scope.spawn(move || render(spec)));
            let found = check_spec(spec);
            let output = render.map(|render| {
                render
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            });
            (found, output)
        });
        for diag in &mut found {
            diag.file.get_or_insert_with(|| file.display.clone());
        }
        loaded.diagnostics.extend(found);
        rendered = output;
    }
    locate_diagnostics(&loaded.text, &mut loaded.diagnostics);
    (loaded, rendered)
}

/// The help line of an [`Internal`](crate::Code::Internal) finding.
pub(crate) const INTERNAL_HELP: &str =
    "this is a bug in mdbook-integration-spec; please report it with the spec";

/// Why `render` printed nothing.
#[derive(Debug)]
pub enum RenderFailure {
    /// The spec has errors; they were written to `errors`.
    Spec,
    /// The file cannot be found or read; the finding was written to `errors`.
    Unreadable,
    /// The arguments do not fit the spec or do not parse.
    Arguments(Vec<ArgumentError>),
    /// A bug.
    Internal(String),
}

/// Loads, checks and renders one spec file outside mdBook, with directive arguments
/// (`sections=...`, `endpoints=...`, `heading=N`), writing the markdown to `output` and
/// findings to `errors`. The markdown is exactly what a directive at the top of a chapter
/// would produce.
pub fn render_file(
    path: &Path,
    arguments: &[String],
    output: &mut impl Write,
    errors: &mut impl Write,
) -> anyhow::Result<Result<(), RenderFailure>> {
    let arguments = match parse_arguments(arguments) {
        Ok(arguments) => arguments,
        Err(problem) => return Ok(Err(RenderFailure::Arguments(vec![problem]))),
    };
    let limits = LoadLimits {
        allow_outside_root: true,
        max_spec_size: crate::config::DEFAULT_MAX_SPEC_SIZE,
    };
    let cwd = std::env::current_dir()?;
    let file = match resolve_command_line_file(&cwd, path, &limits) {
        Ok(file) => file,
        Err(diag) => {
            writeln!(errors, "{}", report::human(&diag, &Sources::default()))?;
            return Ok(Err(RenderFailure::Unreadable));
        }
    };
    let stem = file
        .absolute
        .file_stem()
        .map(|stem| stem.to_string_lossy().into_owned())
        .unwrap_or_default();
    let id_prefix = crate::render::slug(&stem);
    let render = |spec: &Spec| -> Result<String, RenderFailure> {
        let selection = select(spec, &arguments).map_err(RenderFailure::Arguments)?;
        let options = RenderOptions {
            heading: arguments.heading,
            selection,
            ..RenderOptions::whole(0, id_prefix.clone())
        };
        render_spec(spec, &options).map_err(RenderFailure::Internal)
    };
    let (loaded, rendered) = analyze(&file, &limits, Some(&render));
    let mut sources = Sources::default();
    sources.insert(&file.display, loaded.text.clone());
    for diag in &loaded.diagnostics {
        writeln!(errors, "{}\n", report::human(diag, &sources).trim_end())?;
    }
    if is_unreadable(&loaded) {
        return Ok(Err(RenderFailure::Unreadable));
    }
    let markdown = match rendered {
        Some(Ok(markdown)) if !loaded.has_errors() => markdown,
        Some(Err(failure)) if !loaded.has_errors() => return Ok(Err(failure)),
        _ => return Ok(Err(RenderFailure::Spec)),
    };
    output.write_all(markdown.as_bytes())?;
    // The process ends right after this: freeing a big spec's millions of small allocations
    // one by one would only delay the exit.
    std::mem::forget(loaded);
    Ok(Ok(()))
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
    /// Whether a file named on the command line could not be found or read (exit status 2).
    pub unreadable: bool,
}

/// Finds a spec file named on the command line, relative to the working directory.
fn resolve_command_line_file(
    cwd: &Path,
    path: &Path,
    limits: &LoadLimits,
) -> Result<SpecFile, Diagnostic> {
    resolve_spec_file(cwd, cwd, &path.to_string_lossy(), limits).map_err(|mut diag| {
        if diag.code == crate::Code::SpecNotFound {
            diag.help =
                Some("paths on the command line are relative to the working directory".to_owned());
        }
        diag
    })
}

/// Whether a spec could not be read at all (an I/O problem, not a finding in the spec).
fn is_unreadable(loaded: &LoadedSpec) -> bool {
    loaded.text.is_empty()
        && loaded
            .diagnostics
            .iter()
            .any(|diag| diag.code == crate::Code::SpecNotFound)
}

/// Checks spec files named on the command line, relative to the working directory.
/// A file that cannot be found or read is a finding, and marks the report `unreadable`.
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
        let (mut loaded, rendered) = analyze(&file, &limits, Some(&render));
        if let Some(Err(message)) = rendered {
            loaded.diagnostics.push(
                Diagnostic::error(crate::Code::Internal, message)
                    .in_file(file.display.clone())
                    .with_help(INTERNAL_HELP),
            );
        }
        report.unreadable |= is_unreadable(&loaded);
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
