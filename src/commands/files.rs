//! What both commands share: spec files named on the command line, and how they fail.

use std::fmt;
use std::io;
use std::path::Path;

use crate::diagnostic::{Code, Diagnostic};
use crate::load::{LoadLimits, LoadedSpec, SpecFile, resolve_spec_file};
use crate::report::{self, Sources};

/// Why a command could not look at what it was asked to.
#[derive(Debug)]
pub enum CommandError {
    /// The working directory, which command-line paths are relative to, is unavailable.
    WorkingDirectory(io::Error),
    /// `check --book`: the book cannot be read.
    Book(crate::book_source::BookError),
}

impl fmt::Display for CommandError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CommandError::WorkingDirectory(err) => write!(f, "{err}"),
            CommandError::Book(err) => write!(f, "{err}"),
        }
    }
}

impl std::error::Error for CommandError {}

/// Files named on the command line are the user's own: any path, at the default size limit.
pub(super) fn command_line_limits() -> LoadLimits {
    LoadLimits {
        allow_outside_root: true,
        max_spec_size: crate::config::DEFAULT_MAX_SPEC_SIZE,
    }
}

/// Finds a spec file named on the command line, relative to the working directory.
pub(super) fn resolve_command_line_file(
    cwd: &Path,
    path: &Path,
    limits: &LoadLimits,
) -> Result<SpecFile, Diagnostic> {
    resolve_spec_file(cwd, cwd, &path.to_string_lossy(), limits).map_err(|mut diag| {
        if diag.code == Code::SpecNotFound {
            diag.help =
                Some("paths on the command line are relative to the working directory".to_owned());
        }
        diag
    })
}

/// Whether a spec could not be read at all (an I/O problem, not a finding in the spec).
pub(super) fn is_unreadable(loaded: &LoadedSpec) -> bool {
    loaded.text.is_empty()
        && loaded
            .diagnostics
            .iter()
            .any(|diag| diag.code == Code::SpecNotFound)
}

/// Writes a loaded spec's findings to `errors`, each with the lines of the file it is about.
pub(super) fn write_findings(loaded: &LoadedSpec, errors: &mut impl io::Write) -> io::Result<()> {
    let mut sources = Sources::default();
    for (path, text) in loaded.sources() {
        sources.insert(path, text.to_owned());
    }
    for diag in &loaded.diagnostics {
        writeln!(errors, "{}\n", report::human(diag, &sources).trim_end())?;
    }
    Ok(())
}

/// A reader that stopped early (`| head`) is not an error.
pub(super) fn is_broken_pipe(err: &io::Error) -> bool {
    err.kind() == io::ErrorKind::BrokenPipe
}
