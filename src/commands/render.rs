//! `render`: the markdown a directive would produce for a spec file, outside mdBook.

use std::io::{self, Write};
use std::path::Path;

use super::files::{
    command_line_limits, is_broken_pipe, is_unreadable, resolve_command_line_file, write_findings,
};
use crate::analyze::analyze_and_render;
use crate::directive::{ArgumentError, parse_arguments};
use crate::render::{RenderOptions, render_spec};
use crate::report::{self, Sources};
use crate::select::select;
use crate::spec::Spec;

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
    /// The working directory, the output or the error stream failed.
    Io(io::Error),
}

impl From<io::Error> for RenderFailure {
    fn from(err: io::Error) -> Self {
        RenderFailure::Io(err)
    }
}

/// Runs `render` and returns its exit status: 0 when rendered, 1 when the spec has errors, 2
/// on usage or I/O errors.
pub fn render(
    path: &Path,
    arguments: &[String],
    output: &mut impl Write,
    errors: &mut impl Write,
) -> u8 {
    match render_file(path, arguments, output, errors) {
        Ok(()) => 0,
        Err(RenderFailure::Spec) => 1,
        Err(RenderFailure::Unreadable) => 2,
        Err(RenderFailure::Arguments(problems)) => {
            for problem in problems {
                tracing::error!("{} ({})", problem.message, problem.help);
            }
            2
        }
        Err(RenderFailure::Internal(message)) => {
            tracing::error!("{message}; this is a bug in mdbook-integration-spec");
            2
        }
        // A reader that stopped early (`| head`) is not an error.
        Err(RenderFailure::Io(err)) if is_broken_pipe(&err) => 0,
        Err(RenderFailure::Io(err)) => {
            tracing::error!("{err}");
            2
        }
    }
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
) -> Result<(), RenderFailure> {
    let arguments = parse_arguments(arguments).map_err(RenderFailure::Arguments)?;
    let limits = command_line_limits();
    let cwd = std::env::current_dir()?;
    let file = match resolve_command_line_file(&cwd, path, &limits) {
        Ok(file) => file,
        Err(diag) => {
            writeln!(errors, "{}", report::human(&diag, &Sources::default()))?;
            return Err(RenderFailure::Unreadable);
        }
    };
    let stem = file
        .absolute
        .file_stem()
        .map(|stem| stem.to_string_lossy().into_owned())
        .unwrap_or_default();
    let id_prefix = crate::markdown::slug(&stem);
    let render = |spec: &Spec| -> Result<String, RenderFailure> {
        let selection = select(spec, &arguments).map_err(RenderFailure::Arguments)?;
        let options = RenderOptions {
            heading: arguments.heading,
            selection,
            ..RenderOptions::whole(0, id_prefix.clone())
        };
        render_spec(spec, &options).map_err(RenderFailure::Internal)
    };
    let (loaded, rendered) = analyze_and_render(&file, &limits, render);
    write_findings(&loaded, errors)?;
    if is_unreadable(&loaded) {
        return Err(RenderFailure::Unreadable);
    }
    let markdown = match rendered {
        Some(Ok(markdown)) if !loaded.has_errors() => markdown,
        Some(Err(failure)) if !loaded.has_errors() => return Err(failure),
        _ => return Err(RenderFailure::Spec),
    };
    output.write_all(markdown.as_bytes())?;
    // The process ends right after this: freeing a big spec's millions of small allocations
    // one by one would only delay the exit.
    std::mem::forget(loaded);
    Ok(())
}
