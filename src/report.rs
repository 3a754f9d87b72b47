//! Report: the only code that turns diagnostics into text.
//!
//! `human` is rustc-style (codespan-reporting) with the offending line, a caret, the spec path
//! and the fix; `short` is one line, `file:line:col: error[code]: message`, for logs and tests.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use codespan_reporting::diagnostic::{Diagnostic as Report, Label, Severity as ReportSeverity};
use codespan_reporting::files::{self, Files};
use codespan_reporting::term::{self, Config as TermConfig};

use crate::diagnostic::{Diagnostic, Location, Severity};

/// The texts diagnostics may point into, by the path they are reported under.
#[derive(Debug, Default)]
pub struct Sources {
    texts: HashMap<PathBuf, Source>,
}

/// A text and, once a finding is shown in it, where its lines start: computed once, not once
/// per finding (a 13 MB OpenAPI document may have hundreds).
#[derive(Debug)]
struct Source {
    text: String,
    line_starts: OnceLock<Vec<usize>>,
}

impl Source {
    fn line_starts(&self) -> &[usize] {
        self.line_starts
            .get_or_init(|| files::line_starts(&self.text).collect())
    }
}

impl Sources {
    /// Remembers the text of a file.
    pub fn insert(&mut self, path: impl Into<PathBuf>, text: impl Into<String>) {
        let source = Source {
            text: text.into(),
            line_starts: OnceLock::new(),
        };
        self.texts.insert(path.into(), source);
    }

    /// The same texts, their paths joined to `dir`.
    pub fn under(self, dir: &Path) -> Self {
        Sources {
            texts: self
                .texts
                .into_iter()
                .map(|(path, text)| {
                    (
                        if path.is_relative() {
                            dir.join(path)
                        } else {
                            path
                        },
                        text,
                    )
                })
                .collect(),
        }
    }

    fn get(&self, path: &Path) -> Option<&Source> {
        self.texts.get(path)
    }
}

/// The one file a report quotes, for codespan: what its `SimpleFile` does, on borrowed text
/// and line starts.
struct Quoted<'a> {
    name: String,
    source: &'a Source,
}

impl<'a> Files<'a> for Quoted<'a> {
    type FileId = ();
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, (): ()) -> Result<&'a str, files::Error> {
        Ok(&self.name)
    }

    fn source(&'a self, (): ()) -> Result<&'a str, files::Error> {
        Ok(&self.source.text)
    }

    fn line_index(&'a self, (): (), byte_index: usize) -> Result<usize, files::Error> {
        Ok(self
            .source
            .line_starts()
            .binary_search(&byte_index)
            .unwrap_or_else(|next_line| next_line - 1))
    }

    fn line_range(&'a self, (): (), line_index: usize) -> Result<Range<usize>, files::Error> {
        let starts = self.source.line_starts();
        let line_start = |index: usize| match index.cmp(&starts.len()) {
            std::cmp::Ordering::Less => Ok(starts[index]),
            std::cmp::Ordering::Equal => Ok(self.source.text.len()),
            std::cmp::Ordering::Greater => Err(files::Error::LineTooLarge {
                given: index,
                max: starts.len() - 1,
            }),
        };
        Ok(line_start(line_index)?..line_start(line_index + 1)?)
    }
}

/// Longest source line quoted under a finding, in bytes.
const MAX_QUOTED_LINE: usize = 1000;

/// The rustc-style, multi-line form.
pub fn human(diag: &Diagnostic, sources: &Sources) -> String {
    let severity = match diag.severity {
        Severity::Error => ReportSeverity::Error,
        Severity::Warning => ReportSeverity::Warning,
    };
    let mut report = Report::new(severity)
        .with_code(diag.code.as_str())
        .with_message(one_line(&diag.message));
    let mut quoted = None;
    let mut notes = Vec::new();
    let located = diag.file.as_ref().and_then(|file| {
        let source = sources.get(file)?;
        let (text, starts) = (source.text.as_str(), source.line_starts());
        let location = diag.location?;
        // A minified JSON spec is one huge line: quoting it under every finding would print
        // megabytes. Such findings are shown by position only.
        if starts
            .get(location.line.saturating_sub(1))
            .and_then(|&start| text[start..].lines().next())
            .is_some_and(|line| line.len() > MAX_QUOTED_LINE)
        {
            return None;
        }
        let mut range = token_range(text, starts, location)?;
        // Underline the whole subject ("Ping Service"), not just its first word.
        if let Some(subject) = &diag.subject
            && text[range.start..].starts_with(subject.as_str())
        {
            range.end = range.start + subject.len();
        }
        quoted = Some(Quoted {
            name: file.display().to_string(),
            source,
        });
        Some(((), range))
    });
    match (located, &diag.file) {
        (Some((file_id, range)), Some(file)) => {
            let mut labels = vec![Label::primary(file_id, range)];
            let (text, starts) = sources.get(file).map_or(("", &[][..]), |source| {
                (source.text.as_str(), source.line_starts())
            });
            for label in &diag.labels {
                match label
                    .location
                    .and_then(|location| token_range(text, starts, location))
                {
                    Some(range) => {
                        labels.push(Label::secondary(file_id, range).with_message(&label.message));
                    }
                    None => notes.push(format!("{}: {}", label.message, label.path)),
                }
            }
            report = report.with_labels(labels);
        }
        (Some((file_id, range)), None) => {
            report = report.with_labels(vec![Label::primary(file_id, range)]);
        }
        (None, Some(file)) => notes.push(format!("file: {}", place(file, diag.location))),
        (None, None) => {}
    }
    if let Some(path) = diag.path.as_ref().filter(|path| !path.is_root()) {
        notes.push(format!("at: {path}"));
    }
    if let Some(origin) = &diag.origin {
        notes.push(format!(
            "in: the directive at {}:{}",
            origin.chapter.display(),
            origin.line
        ));
    }
    if let Some(help) = &diag.help {
        notes.push(format!("help: {}", one_line(help)));
    }
    report = report.with_notes(notes);
    let config = TermConfig::default();
    match &quoted {
        Some(quoted) => term::emit_into_string(&config, quoted, &report),
        None => term::emit_into_string(&config, &files::SimpleFile::new("", ""), &report),
    }
    .unwrap_or_else(|_| short(diag))
}

/// Text from a spec (a key with a newline, say) shown on one line, control characters escaped.
fn one_line(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(char::is_control) {
        return text.into();
    }
    text.chars()
        .map(|c| match c {
            '\n' => "\\n".to_owned(),
            '\r' => "\\r".to_owned(),
            '\t' => "\\t".to_owned(),
            c if c.is_control() => c.escape_unicode().to_string(),
            c => c.to_string(),
        })
        .collect::<String>()
        .into()
}

/// The one-line form.
pub fn short(diag: &Diagnostic) -> String {
    let mut out = String::new();
    if let Some(file) = &diag.file {
        let _ = write!(out, "{}: ", place(file, diag.location));
    }
    let _ = write!(
        out,
        "{}[{}]: {}",
        diag.severity.as_str(),
        diag.code,
        one_line(&diag.message)
    );
    let mut extras = Vec::new();
    if let Some(path) = diag.path.as_ref().filter(|path| !path.is_root()) {
        extras.push(format!("at {path}"));
    }
    for label in &diag.labels {
        match label.location {
            Some(location) => extras.push(format!(
                "{} at {}:{}",
                label.message, location.line, location.column
            )),
            None => extras.push(format!("{} at {}", label.message, label.path)),
        }
    }
    if let Some(origin) = &diag.origin {
        extras.push(format!("from {}:{}", origin.chapter.display(), origin.line));
    }
    if let Some(help) = &diag.help {
        extras.push(format!("help: {}", one_line(help)));
    }
    if !extras.is_empty() {
        let _ = write!(out, " ({})", extras.join("; "));
    }
    out
}

/// All findings as a JSON array, for tools.
pub fn json(diags: &[Diagnostic]) -> String {
    let items: Vec<serde_json::Value> = diags.iter().map(json_value).collect();
    serde_json::to_string_pretty(&items).unwrap_or_else(|_| "[]".to_owned())
}

/// One finding as a JSON object.
pub fn json_value(diag: &Diagnostic) -> serde_json::Value {
    serde_json::json!({
        "severity": diag.severity.as_str(),
        "code": diag.code.as_str(),
        "message": diag.message,
        "file": diag.file.as_ref().map(|file| file.display().to_string()),
        "line": diag.location.map(|location| location.line),
        "column": diag.location.map(|location| location.column),
        "path": diag.path.as_ref().filter(|path| !path.is_root()).map(ToString::to_string),
        "help": diag.help,
        "labels": diag.labels.iter().map(|label| serde_json::json!({
            "message": label.message,
            "path": label.path.to_string(),
            "line": label.location.map(|location| location.line),
            "column": label.location.map(|location| location.column),
        })).collect::<Vec<_>>(),
        "directive": diag.origin.as_ref().map(|origin| serde_json::json!({
            "chapter": origin.chapter.display().to_string(),
            "line": origin.line,
        })),
    })
}

/// A GitHub Actions workflow command, which annotates the file and line in a pull request.
pub fn github(diag: &Diagnostic) -> String {
    let command = match diag.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let mut properties = Vec::new();
    if let Some(file) = &diag.file {
        properties.push(format!(
            "file={}",
            escape_property(&file.display().to_string())
        ));
    }
    if let Some(location) = diag.location {
        properties.push(format!("line={},col={}", location.line, location.column));
    }
    properties.push(format!(
        "title={}",
        escape_property(&format!("integration-spec {}", diag.code))
    ));
    let mut message = diag.message.clone();
    if let Some(path) = diag.path.as_ref().filter(|path| !path.is_root()) {
        message.push_str(&format!(" (at {path})"));
    }
    if let Some(help) = &diag.help {
        message.push_str(&format!("\nhelp: {help}"));
    }
    format!(
        "::{command} {}::{}",
        properties.join(","),
        escape_data(&message)
    )
}

/// Text as a GitHub workflow command's message.
pub fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Text as a GitHub workflow command's property (`file=`, `title=`).
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

fn place(file: &Path, location: Option<Location>) -> String {
    match location {
        Some(location) => format!("{}:{}:{}", file.display(), location.line, location.column),
        None => file.display().to_string(),
    }
}

/// The byte range of the word at `location`, to underline.
fn token_range(text: &str, line_starts: &[usize], location: Location) -> Option<Range<usize>> {
    let line_start = if location.line <= 1 {
        0
    } else {
        *line_starts.get(location.line - 1)?
    };
    let line_end = text[line_start..]
        .find('\n')
        .map_or(text.len(), |at| line_start + at);
    let line = text[line_start..line_end].trim_end_matches('\r');
    let start = line
        .char_indices()
        .nth(location.column.saturating_sub(1))
        .map_or(line.len(), |(at, _)| at);
    let rest = &line[start..];
    // A directive's path ends at its closing `>>`.
    let rest = rest.find(">>").map_or(rest, |end| &rest[..end]);
    let mut len = rest
        .find(|c: char| c.is_whitespace() || matches!(c, ':' | ',' | ']' | '}' | ')'))
        .unwrap_or(rest.len());
    if len == 0 {
        len = rest.chars().next().map_or(0, char::len_utf8);
    }
    Some(line_start + start..line_start + start + len)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Code, Origin, SpecPath};

    fn sample() -> Diagnostic {
        Diagnostic::error(Code::UnknownField, "unknown field `reqest` in an endpoint")
            .at(&SpecPath::root()
                .key("endpoints")
                .key("create-order")
                .key("reqest"))
            .with_help("did you mean `request`?")
            .in_file("specs/orders.yaml")
            .at_location(Location { line: 3, column: 5 })
            .from_directive(Origin {
                chapter: "src/orders.md".into(),
                line: 7,
            })
    }

    #[test]
    fn short_form_is_one_line() {
        assert_eq!(
            short(&sample()),
            "specs/orders.yaml:3:5: error[unknown-field]: unknown field `reqest` in an endpoint \
             (at endpoints.create-order.reqest; from src/orders.md:7; help: did you mean `request`?)"
        );
    }

    #[test]
    fn human_form_points_at_the_word() {
        let mut sources = Sources::default();
        sources.insert(
            "specs/orders.yaml",
            "endpoints:\n  create-order:\n    reqest: {}\n",
        );
        insta::assert_snapshot!(human(&sample(), &sources), @r"
        error[unknown-field]: unknown field `reqest` in an endpoint
          ┌─ specs/orders.yaml:3:5
          │
        3 │     reqest: {}
          │     ^^^^^^
          │
          = at: endpoints.create-order.reqest
          = in: the directive at src/orders.md:7
          = help: did you mean `request`?
        ");
    }

    #[test]
    fn human_form_without_source_still_names_the_file() {
        let text = human(&sample(), &Sources::default());
        assert!(text.contains("= file: specs/orders.yaml:3:5"), "{text}");
    }

    #[test]
    fn github_annotations_escape_their_fields() {
        assert_eq!(
            github(&sample()),
            "::error file=specs/orders.yaml,line=3,col=5,title=integration-spec unknown-field::\
             unknown field `reqest` in an endpoint (at endpoints.create-order.reqest)%0Ahelp: did you mean `request`?"
        );
        let odd = Diagnostic::warning(Code::MissingContact, "100% done, a:b").in_file("a,b:c.yaml");
        assert_eq!(
            github(&odd),
            "::warning file=a%2Cb%3Ac.yaml,title=integration-spec missing-contact::100%25 done, a:b"
        );
    }

    #[test]
    fn json_lists_every_field() {
        let value: serde_json::Value = serde_json::from_str(&json(&[sample()])).unwrap();
        assert_eq!(value[0]["code"], "unknown-field");
        assert_eq!(value[0]["line"], 3);
        assert_eq!(value[0]["path"], "endpoints.create-order.reqest");
        assert_eq!(value[0]["directive"]["chapter"], "src/orders.md");
    }

    #[test]
    fn huge_lines_are_not_quoted() {
        let line = format!("{{\"a\": \"{}\"}}", "x".repeat(10_000));
        let mut sources = Sources::default();
        sources.insert(Path::new("spec.json"), line);
        let diag = Diagnostic::error(Code::InvalidValue, "bad")
            .in_file("spec.json")
            .at_location(Location { line: 1, column: 7 });
        let text = human(&diag, &sources);
        assert!(text.len() < 200, "{text}");
        assert!(text.contains("file: spec.json:1:7"), "{text}");
    }

    #[test]
    fn messages_stay_on_one_line() {
        assert_eq!(
            one_line("unknown field `re\nquest`"),
            "unknown field `re\\nquest`"
        );
        assert_eq!(one_line("a\tb\u{7}"), "a\\tb\\u{7}");
        assert_eq!(one_line("plain ✓"), "plain ✓");
        let diag = Diagnostic::error(Code::UnknownField, "unknown field `re\nquest`")
            .with_help("did you\rmean");
        assert_eq!(short(&diag).lines().count(), 1);
        assert!(!human(&diag, &Sources::default()).contains("re\nquest"));
    }

    #[test]
    fn token_ranges_stay_inside_the_line() {
        let range_in = |text: &str, location| {
            token_range(
                text,
                &files::line_starts(text).collect::<Vec<_>>(),
                location,
            )
        };
        assert_eq!(
            range_in("a: b\n", Location { line: 1, column: 1 }),
            Some(0..1)
        );
        assert_eq!(
            range_in("a: b\nkey: x\n", Location { line: 2, column: 1 }),
            Some(5..8)
        );
        assert_eq!(
            range_in("ä: 'x y'\n", Location { line: 1, column: 4 }),
            Some(4..6)
        );
        assert_eq!(range_in("a\n", Location { line: 9, column: 1 }), None);
        assert_eq!(range_in("ab", Location { line: 1, column: 9 }), Some(2..2));
    }
}
