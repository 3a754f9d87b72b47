//! `diff OLD NEW`: every change between two versions of a spec, the version bump they need,
//! and whether the deprecation policy holds.

use std::fmt::Write as _;
use std::io::Write;
use std::path::{Path, PathBuf};

use super::files::{command_line_limits, is_broken_pipe, resolve_command_line_file};
use crate::baseline::{Baseline, Revision};
use crate::compare::{Comparison, LocatedChange, Place, compare};
use crate::diagnostic::{Diagnostic, plural};
use crate::diff::Level;
use crate::load::{LoadedSpec, SpecFile, load_spec_file, resolve_spec_file};
use crate::report::{self, Sources};

/// How `diff` prints.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DiffFormat {
    /// A block per change, then the verdict.
    Human,
    /// One line per change: `file:line:col: level[code]: message`.
    Short,
    /// One JSON object with the versions, the required bump, the changes and the findings.
    Json,
    /// GitHub Actions annotations.
    Github,
    /// A markdown summary, for a pull request comment or a release note.
    Markdown,
}

/// What `diff` is asked.
#[derive(Clone, Copy, Debug)]
pub struct DiffOptions {
    /// How to print.
    pub format: DiffFormat,
    /// Exit 1 on any change at this level or worse (`--fail-on breaking`).
    pub fail_on: Option<Level>,
}

/// Compares `old` (a file, a folder holding a file of the same name, or `git:REV`) with the
/// spec file `new`, and prints the result. Returns the exit status: 0 when the version and
/// the deprecation policy are honest, 1 when they are not (or a change reaches `fail_on`, or
/// a spec does not load), 2 on usage or I/O errors.
pub fn diff(old: &str, new: &Path, options: DiffOptions, out: &mut impl Write) -> u8 {
    let versions = match load_versions(old, new) {
        Ok(versions) => versions,
        Err(message) => {
            tracing::error!("{message}");
            return 2;
        }
    };
    let result = match compare(&versions.old, &versions.new) {
        Some(mut comparison) if !versions.old.has_errors() && !versions.new.has_errors() => {
            if let Some(rev) = &versions.rev {
                at_revision(&mut comparison, rev);
            }
            write_comparison(&comparison, &versions, options.format, out).map(|()| {
                let fails_on = |level: Level| {
                    comparison
                        .changes
                        .iter()
                        .any(|located| located.change.level() <= level)
                };
                let failed = comparison.findings.iter().any(|f| f.diagnostic.is_error())
                    || options.fail_on.is_some_and(fails_on);
                u8::from(failed)
            })
        }
        // A version that does not load cannot be compared: its loading errors are the news.
        _ => write_load_errors(&versions, options.format, out).map(|()| 1),
    };
    match result {
        Ok(status) => status,
        Err(err) if is_broken_pipe(&err) => 1,
        Err(err) => {
            tracing::error!("cannot write the report: {err}");
            2
        }
    }
}

/// The two versions, loaded; the revision the old one was read at, for `git:`.
struct Versions {
    old: LoadedSpec,
    new: LoadedSpec,
    rev: Option<String>,
    /// Keeps a revision's files until the comparison is done.
    _revision: Option<Revision>,
}

fn load_versions(old: &str, new: &Path) -> Result<Versions, String> {
    let cwd = std::env::current_dir().map_err(|err| format!("no working directory: {err}"))?;
    let limits = command_line_limits();
    let unreadable = |diag: Diagnostic| match diag.help {
        Some(help) => format!("{}; {help}", diag.message),
        None => diag.message,
    };
    let new_file = resolve_command_line_file(&cwd, new, &limits).map_err(unreadable)?;
    let (old_file, rev, revision) = match Baseline::parse(old) {
        Baseline::Git(rev) => {
            let near = new_file.absolute.parent().unwrap_or(&cwd);
            let revision = Revision::checkout(near, &rev).map_err(|err| err.to_string())?;
            let relative = revision
                .relative(&new_file.absolute)
                .map_err(|err| err.to_string())?;
            let file = resolve_spec_file(
                revision.root(),
                revision.root(),
                &relative.to_string_lossy(),
                &limits,
            )
            .map_err(unreadable)?;
            (file, Some(rev), Some(revision))
        }
        Baseline::Path(path) => {
            let path = if cwd.join(&path).is_dir() {
                path.join(new_file.absolute.file_name().unwrap_or_default())
            } else {
                path
            };
            let file = resolve_command_line_file(&cwd, &path, &limits).map_err(unreadable)?;
            (file, None, None)
        }
    };
    let load = |file: &SpecFile| load_spec_file(file, &limits);
    let (old, new) = std::thread::scope(|scope| {
        let old = scope.spawn(|| load(&old_file));
        let new = load(&new_file);
        (
            old.join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            new,
        )
    });
    for loaded in [&old, &new] {
        if loaded.text.is_empty()
            && let Some(diag) = loaded.diagnostics.first()
        {
            return Err(unreadable(diag.clone()));
        }
    }
    Ok(Versions {
        old,
        new,
        rev,
        _revision: revision,
    })
}

/// Names the old version's files as git does, `REV:path`.
fn at_revision(comparison: &mut Comparison, rev: &str) {
    let rename = |place: &mut Option<Place>| {
        if let Some(place) = place {
            place.file = revision_path(rev, &place.file);
        }
    };
    for located in &mut comparison.changes {
        rename(&mut located.old);
    }
    for finding in &mut comparison.findings {
        rename(&mut finding.old);
    }
}

fn revision_path(rev: &str, file: &Path) -> PathBuf {
    PathBuf::from(format!("{rev}:{}", file.display()))
}

fn write_load_errors(
    versions: &Versions,
    format: DiffFormat,
    out: &mut impl Write,
) -> std::io::Result<()> {
    let mut diags = Vec::new();
    let mut sources = Sources::default();
    for (loaded, old) in [(&versions.old, true), (&versions.new, false)] {
        let mut found = loaded.diagnostics.clone();
        crate::analyze::locate_loaded(loaded, &mut found);
        for (path, text) in loaded.sources() {
            let shown = match (&versions.rev, old) {
                (Some(rev), true) => revision_path(rev, path),
                _ => path.to_path_buf(),
            };
            sources.insert(shown, text.to_owned());
        }
        if let (Some(rev), true) = (&versions.rev, old) {
            for diag in &mut found {
                if let Some(file) = &diag.file {
                    diag.file = Some(revision_path(rev, file));
                }
            }
        }
        diags.extend(found.into_iter().filter(Diagnostic::is_error));
    }
    // Both sides may be the same file.
    let mut seen = std::collections::HashSet::new();
    diags.retain(|diag| seen.insert(report::short(diag)));
    match format {
        DiffFormat::Json => writeln!(out, "{}", report::json(&diags)),
        DiffFormat::Short => diags
            .iter()
            .try_for_each(|d| writeln!(out, "{}", report::short(d))),
        DiffFormat::Github => diags
            .iter()
            .try_for_each(|d| writeln!(out, "{}", report::github(d))),
        DiffFormat::Human | DiffFormat::Markdown => {
            for diag in &diags {
                writeln!(out, "{}\n", report::human(diag, &sources).trim_end())?;
            }
            writeln!(out, "cannot compare: a version does not load")
        }
    }
}

fn write_comparison(
    comparison: &Comparison,
    versions: &Versions,
    format: DiffFormat,
    out: &mut impl Write,
) -> std::io::Result<()> {
    match format {
        DiffFormat::Human => {
            for located in &comparison.changes {
                writeln!(out, "{}\n", human(located))?;
            }
            let mut sources = Sources::default();
            for (path, text) in versions.new.sources() {
                sources.insert(path, text.to_owned());
            }
            for finding in &comparison.findings {
                let mut text = report::human(&finding.diagnostic, &sources)
                    .trim_end()
                    .to_owned();
                if let Some(old) = &finding.old {
                    let _ = write!(text, "\n  = was: {}", shown_place(old));
                }
                writeln!(out, "{text}\n")?;
            }
            writeln!(out, "{}", verdict(comparison))
        }
        DiffFormat::Short => {
            for located in &comparison.changes {
                writeln!(out, "{}", short(located))?;
            }
            for finding in &comparison.findings {
                writeln!(out, "{}", report::short(&finding.diagnostic))?;
            }
            Ok(())
        }
        DiffFormat::Json => writeln!(out, "{}", json(comparison)),
        DiffFormat::Github => {
            for located in &comparison.changes {
                writeln!(out, "{}", github(located))?;
            }
            for finding in &comparison.findings {
                writeln!(out, "{}", report::github(&finding.diagnostic))?;
            }
            Ok(())
        }
        DiffFormat::Markdown => write!(out, "{}", markdown(comparison)),
    }
}

fn shown_place(place: &Place) -> String {
    match place.location {
        Some(location) => format!(
            "{}:{}:{}",
            place.file.display(),
            location.line,
            location.column
        ),
        None => place.file.display().to_string(),
    }
}

/// The place a change is shown at: the new version's, or the old one's for a removal.
fn main_place(located: &LocatedChange) -> Option<&Place> {
    located.new.as_ref().or(located.old.as_ref())
}

/// The change's path as written in the file shown: an OpenAPI document's own path there.
fn shown_path(located: &LocatedChange) -> String {
    main_place(located).map_or_else(
        || located.change.path().to_string(),
        |place| place.path.to_string(),
    )
}

fn human(located: &LocatedChange) -> String {
    let change = &located.change;
    let mut text = format!("{}[{}]: {}", change.level(), change.code, change.message);
    if let Some(new) = &located.new {
        let _ = write!(text, "\n  --> {}", shown_place(new));
    }
    if let Some(old) = &located.old {
        let word = if located.new.is_some() {
            "was"
        } else {
            "removed from"
        };
        let _ = write!(text, "\n   = {word}: {}", shown_place(old));
    }
    let _ = write!(text, "\n   = at: {}", shown_path(located));
    if let Some(action) = change
        .code
        .action()
        .filter(|_| change.level() == Level::Breaking)
    {
        let _ = write!(text, "\n   = integrators: {action}");
    }
    text
}

fn short(located: &LocatedChange) -> String {
    let change = &located.change;
    let place = main_place(located)
        .map(|place| format!("{}: ", shown_place(place)))
        .unwrap_or_default();
    format!(
        "{place}{}[{}]: {} (at {})",
        change.level(),
        change.code,
        change.message,
        shown_path(located)
    )
}

fn github(located: &LocatedChange) -> String {
    let change = &located.change;
    let command = match change.level() {
        Level::Breaking => "warning",
        Level::Compatible | Level::Info => "notice",
    };
    let mut properties = Vec::new();
    if let Some(place) = main_place(located) {
        properties.push(format!(
            "file={}",
            report::escape_property(&place.file.display().to_string())
        ));
        if let Some(location) = place.location {
            properties.push(format!("line={},col={}", location.line, location.column));
        }
    }
    properties.push(format!(
        "title={}",
        report::escape_property(&format!("{} change ({})", change.level(), change.code))
    ));
    let mut message = format!("{} (at {})", change.message, shown_path(located));
    if let Some(action) = change
        .code
        .action()
        .filter(|_| change.level() == Level::Breaking)
    {
        let _ = write!(message, "\nintegrators: {action}");
    }
    format!(
        "::{command} {}::{}",
        properties.join(","),
        report::escape_data(&message)
    )
}

fn json(comparison: &Comparison) -> String {
    let place = |place: &Option<Place>| {
        place.as_ref().map(|place| {
            serde_json::json!({
                "file": place.file.display().to_string(),
                "line": place.location.map(|l| l.line),
                "column": place.location.map(|l| l.column),
            })
        })
    };
    let changes: Vec<serde_json::Value> = comparison
        .changes
        .iter()
        .map(|located| {
            let change = &located.change;
            serde_json::json!({
                "code": change.code.as_str(),
                "level": change.level().as_str(),
                "path": shown_path(located),
                "message": change.message,
                "old": place(&located.old),
                "new": place(&located.new),
                "item": change.item.as_ref().map(|(kind, id)| serde_json::json!({
                    "kind": kind.key(),
                    "id": id,
                })),
                "action": change.code.action().filter(|_| change.level() == Level::Breaking),
            })
        })
        .collect();
    let findings: Vec<serde_json::Value> = comparison
        .findings
        .iter()
        .map(|finding| {
            let mut value = report::json_value(&finding.diagnostic);
            value["old"] = place(&finding.old).unwrap_or(serde_json::Value::Null);
            value
        })
        .collect();
    let gate = &comparison.gate;
    let value = serde_json::json!({
        "old_version": gate.old_version,
        "new_version": gate.new_version,
        "required_bump": gate.required_bump.as_str(),
        "required_version": gate.required_version,
        "changes": changes,
        "findings": findings,
    });
    serde_json::to_string_pretty(&value).unwrap_or_default()
}

/// Counts by level: `2 breaking, 1 compatible and 3 info changes`.
fn counts(comparison: &Comparison) -> String {
    let count = |level: Level| {
        comparison
            .changes
            .iter()
            .filter(|located| located.change.level() == level)
            .count()
    };
    let total = comparison.changes.len();
    if total == 0 {
        return "no changes".to_owned();
    }
    let parts: Vec<String> = [Level::Breaking, Level::Compatible, Level::Info]
        .into_iter()
        .filter(|level| count(*level) > 0)
        .map(|level| format!("{} {level}", count(level)))
        .collect();
    let joined = match parts.as_slice() {
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
        [] => String::new(),
    };
    format!("{joined} change{}", plural(total))
}

/// The last line: the versions, the counts, what they need and whether the version has it.
fn verdict(comparison: &Comparison) -> String {
    let gate = &comparison.gate;
    let mut line = format!(
        "{} → {}: {}",
        gate.old_version,
        gate.new_version,
        counts(comparison)
    );
    if let Some(needed) = needed(comparison) {
        let they = if comparison.changes.len() == 1 {
            "it needs"
        } else {
            "they need"
        };
        let _ = write!(line, "; {they} {needed}");
    }
    let errors = comparison
        .findings
        .iter()
        .filter(|f| f.diagnostic.is_error())
        .count();
    if errors > 0 {
        let _ = write!(line, "; {errors} error{}", plural(errors));
    }
    line
}

/// The bump the changes need, when there are changes: `a major bump (2.0.0 or later)`.
fn needed(comparison: &Comparison) -> Option<String> {
    let gate = &comparison.gate;
    let required = gate.required_version.as_ref()?;
    (!comparison.changes.is_empty()).then(|| {
        format!(
            "a {} bump ({required} or later)",
            gate.required_bump.as_str()
        )
    })
}

fn markdown(comparison: &Comparison) -> String {
    let gate = &comparison.gate;
    let mut text = format!(
        "## Changes from {} to {}\n\n{}",
        gate.old_version,
        gate.new_version,
        counts(comparison)
    );
    if let Some(needed) = needed(comparison) {
        let _ = write!(text, ": {needed}");
    }
    text.push_str(".\n");
    for finding in &comparison.findings {
        let _ = write!(
            text,
            "\n> **{}** `{}`: {}\n",
            finding.diagnostic.severity.as_str(),
            finding.diagnostic.code,
            escape_markdown(&finding.diagnostic.message)
        );
    }
    let titles = [
        (Level::Breaking, "Breaking changes"),
        (Level::Compatible, "Compatible changes"),
        (Level::Info, "Other changes"),
    ];
    for (level, title) in titles {
        let changes: Vec<&LocatedChange> = comparison
            .changes
            .iter()
            .filter(|located| located.change.level() == level)
            .collect();
        if changes.is_empty() {
            continue;
        }
        let _ = write!(text, "\n### {title}\n\n");
        for located in changes {
            let change = &located.change;
            let _ = write!(
                text,
                "- `{}`: {}",
                change.code,
                escape_markdown(&change.message)
            );
            if let Some(place) = main_place(located) {
                let _ = write!(text, " ({})", escape_markdown(&shown_place(place)));
            }
            if let Some(action) = change.code.action().filter(|_| level == Level::Breaking) {
                let _ = write!(text, ". Integrators: {action}");
            }
            text.push('\n');
        }
    }
    text
}

/// Messages quote names in backticks; everything else that markdown would read is escaped.
fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_code = false;
    for c in text.chars() {
        match c {
            '`' => {
                in_code = !in_code;
                out.push(c);
            }
            '\\' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '!' if !in_code => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}
