//! Map spec paths to lines and columns.
//!
//! The model carries no positions, so rules speak in [`SpecPath`]s. When a spec has findings,
//! its text is parsed a second time with a spanned YAML event parser (JSON is YAML here), and
//! each finding gets the line and column of its key or value. A path that cannot be found
//! (a value that came from an alias, say) falls back to its nearest located ancestor.

use std::collections::{HashMap, HashSet};

use saphyr_parser::{Event, Parser, ScalarStyle, Span};

use crate::diagnostic::{Code, Diagnostic, Location, SpecPath};

mod json;

/// Fills in `location` on each diagnostic that has a path but no location yet.
pub(crate) fn locate_diagnostics(text: &str, diags: &mut [Diagnostic]) {
    let needs_locating = |diag: &Diagnostic| {
        (diag.location.is_none() && diag.path.is_some())
            || diag.labels.iter().any(|label| label.location.is_none())
    };
    if !diags.iter().any(needs_locating) {
        return;
    }
    // Only the paths findings point at, and their ancestors (the fallback), are indexed: a
    // big document has millions of paths and a handful of findings.
    let mut wanted = HashSet::new();
    for diag in diags.iter() {
        if diag.location.is_none()
            && let Some(path) = &diag.path
        {
            wanted.insert(path);
        }
        for label in diag.labels.iter().filter(|label| label.location.is_none()) {
            wanted.insert(&label.path);
        }
    }
    let lines = LineStarts::new(text);
    let index = SpanIndex::build_for(text, &lines, Some(&wanted_with_ancestors(wanted)));
    for diag in diags.iter_mut() {
        if diag.location.is_none()
            && let Some(path) = &diag.path
            && let Some((mut location, len)) = index.locate_span(path, diag.code, diag.value_offset)
        {
            match &diag.subject {
                Some(subject) => move_onto(&lines, &mut location, subject),
                // The whole key or value is what the finding is about: underline all of it.
                None => diag.subject = slice(&lines, location, len),
            }
            diag.location = Some(location);
        }
        for label in diag
            .labels
            .iter_mut()
            .filter(|label| label.location.is_none())
        {
            label.location = index.locate(&label.path, diag.code, None);
        }
    }
}

/// `paths` and every ancestor of theirs, the root included.
fn wanted_with_ancestors(paths: HashSet<&SpecPath>) -> HashSet<SpecPath> {
    let mut all = HashSet::new();
    for path in paths {
        let segments = path.segments();
        for len in (0..=segments.len()).rev() {
            if !all.insert(SpecPath::from_segments(segments[..len].to_vec())) {
                break;
            }
        }
    }
    all
}

/// Where each line of a text starts, so that findings find their line without counting
/// lines from the top each time.
struct LineStarts<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineStarts<'a> {
    fn new(text: &'a str) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(at, _)| at + 1))
            .collect();
        LineStarts { text, starts }
    }

    /// The line and column (in characters) of byte `at`.
    fn location(&self, at: usize) -> Location {
        let line = self.starts.partition_point(|&start| start <= at);
        let line_start = self.starts[line - 1];
        Location {
            line,
            column: self.text[line_start..at].chars().count() + 1,
        }
    }

    /// Where a JSON value is (see [`json::Span`]), in lines and columns.
    fn entry(&self, span: &json::Span) -> Entry {
        let chars = |range: &std::ops::Range<usize>| self.text[range.clone()].chars().count();
        Entry {
            key: span.key.as_ref().map(|key| self.location(key.start)),
            key_len: span.key.as_ref().map_or(0, chars),
            value: self.location(span.value.start),
            value_len: if span.is_scalar {
                chars(&span.value)
            } else {
                0
            },
            is_scalar: span.is_scalar,
            is_quoted: span.is_quoted,
        }
    }

    /// The text from the start of line `index` (0-based) on; empty past the last line.
    fn rest_from(&self, index: usize) -> &'a str {
        self.starts
            .get(index)
            .map_or("", |&start| &self.text[start..])
    }
}

/// Where one key/value pair (or list item) is.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Entry {
    key: Option<Location>,
    /// Characters the key spans on its line.
    key_len: usize,
    value: Location,
    /// Characters a scalar value spans on its line (0 when it runs over lines).
    value_len: usize,
    is_scalar: bool,
    is_quoted: bool,
}

/// Every path of a document, with its position.
#[derive(Debug, Default)]
pub(crate) struct SpanIndex {
    entries: HashMap<SpecPath, Entry>,
}

enum Frame {
    Map {
        path: SpecPath,
        pending_key: Option<(String, Location, usize)>,
    },
    Seq {
        path: SpecPath,
        next_index: usize,
    },
    /// A complex (non-scalar) mapping key, which the format never uses; skipped.
    Ignored {
        depth: usize,
        at: Location,
    },
    /// A value whose path is not wanted; skipped with all it holds.
    Skipped {
        depth: usize,
    },
}

impl SpanIndex {
    /// Indexes `text`; a text that does not parse yields what was indexed before the error.
    #[cfg(test)]
    pub(crate) fn build(text: &str) -> SpanIndex {
        Self::build_for(text, &LineStarts::new(text), None)
    }

    /// [`SpanIndex::build`] for the paths in `only` (every path when `None`), which must
    /// hold the ancestors of each of its paths: the subtrees of other paths are skipped.
    /// JSON is read by a scanner of its own, YAML (and what the scanner gives up on) by the
    /// YAML parser.
    fn build_for(
        text: &str,
        lines: &LineStarts<'_>,
        only: Option<&HashSet<SpecPath>>,
    ) -> SpanIndex {
        match json::index(text, only) {
            Some(spans) => SpanIndex {
                entries: spans
                    .into_iter()
                    .map(|(path, span)| (path, lines.entry(&span)))
                    .collect(),
            },
            None => Self::build_from_yaml(text, only),
        }
    }

    fn build_from_yaml(text: &str, only: Option<&HashSet<SpecPath>>) -> SpanIndex {
        let mut index = SpanIndex::default();
        let mut stack: Vec<Frame> = Vec::new();
        for event in Parser::new_from_str(text) {
            // Every wanted path found: the rest of the text has nothing to add.
            if only.is_some_and(|only| index.entries.len() == only.len()) {
                break;
            }
            let Ok((event, span)) = event else {
                break;
            };
            if let Some(Frame::Skipped { depth }) = stack.last_mut() {
                match event {
                    Event::MappingStart(..) | Event::SequenceStart(..) => *depth += 1,
                    Event::MappingEnd | Event::SequenceEnd => {
                        *depth -= 1;
                        if *depth == 0 {
                            stack.pop();
                        }
                    }
                    _ => {}
                }
                continue;
            }
            let at = location(&span);
            let len = span_len(&span);
            if let Some(Frame::Ignored { depth, at: key_at }) = stack.last_mut() {
                match event {
                    Event::MappingStart(..) | Event::SequenceStart(..) => *depth += 1,
                    Event::MappingEnd | Event::SequenceEnd => {
                        *depth -= 1;
                        if *depth == 0 {
                            let key_at = *key_at;
                            stack.pop();
                            if let Some(Frame::Map { pending_key, .. }) = stack.last_mut() {
                                *pending_key = Some(("<complex key>".to_owned(), key_at, 0));
                            }
                        }
                    }
                    _ => {}
                }
                continue;
            }
            match event {
                Event::Scalar(value, style, ..) => {
                    if let Some(Frame::Map {
                        pending_key: pending @ None,
                        ..
                    }) = stack.last_mut()
                    {
                        *pending = Some((value.into_owned(), at, len));
                        continue;
                    }
                    let is_quoted =
                        matches!(style, ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted);
                    index.record_child(&mut stack, only, (at, len), true, is_quoted);
                }
                Event::Alias(_) => {
                    if let Some(Frame::Map {
                        pending_key: pending @ None,
                        ..
                    }) = stack.last_mut()
                    {
                        *pending = Some(("<alias key>".to_owned(), at, len));
                        continue;
                    }
                    index.record_child(&mut stack, only, (at, 0), false, false);
                }
                Event::MappingStart(..) | Event::SequenceStart(..) => {
                    let is_map = matches!(event, Event::MappingStart(..));
                    if let Some(Frame::Map {
                        pending_key: None, ..
                    }) = stack.last()
                    {
                        stack.push(Frame::Ignored { depth: 1, at });
                        continue;
                    }
                    let Some(path) = index.record_child(&mut stack, only, (at, 0), false, false)
                    else {
                        stack.push(Frame::Skipped { depth: 1 });
                        continue;
                    };
                    stack.push(if is_map {
                        Frame::Map {
                            path,
                            pending_key: None,
                        }
                    } else {
                        Frame::Seq {
                            path,
                            next_index: 0,
                        }
                    });
                }
                Event::MappingEnd | Event::SequenceEnd => {
                    stack.pop();
                }
                _ => {}
            }
        }
        index
    }

    /// Records the value that just started under the innermost container; returns its path,
    /// or `None` when it is not in `only`.
    fn record_child(
        &mut self,
        stack: &mut [Frame],
        only: Option<&HashSet<SpecPath>>,
        (value, value_len): (Location, usize),
        is_scalar: bool,
        is_quoted: bool,
    ) -> Option<SpecPath> {
        let (path, key, key_len) = match stack.last_mut() {
            None => (SpecPath::root(), None, 0),
            Some(Frame::Map { path, pending_key }) => match pending_key.take() {
                Some((key, key_at, key_len)) => (path.key(&key), Some(key_at), key_len),
                None => (path.clone(), None, 0),
            },
            Some(Frame::Seq { path, next_index }) => {
                let child = path.index(*next_index);
                *next_index += 1;
                (child, None, 0)
            }
            Some(Frame::Ignored { .. } | Frame::Skipped { .. }) => return Some(SpecPath::root()),
        };
        if only.is_some_and(|only| !only.contains(&path)) {
            return None;
        }
        self.entries.entry(path.clone()).or_insert(Entry {
            key,
            key_len,
            value,
            value_len,
            is_scalar,
            is_quoted,
        });
        Some(path)
    }

    /// The position a finding at `path` should point at.
    pub(crate) fn locate(
        &self,
        path: &SpecPath,
        code: Code,
        value_offset: Option<usize>,
    ) -> Option<Location> {
        self.locate_span(path, code, value_offset)
            .map(|(location, _)| location)
    }

    /// [`SpanIndex::locate`], with how many characters of the line the place spans (0 when
    /// unknown or inside a text value).
    fn locate_span(
        &self,
        path: &SpecPath,
        code: Code,
        value_offset: Option<usize>,
    ) -> Option<(Location, usize)> {
        let key_or_value = |entry: &Entry| match entry.key {
            Some(key) => (key, entry.key_len),
            None => (entry.value, 0),
        };
        // Findings about a name point at the key, not at what it maps to.
        let points_at_key = matches!(
            code,
            Code::UnknownField | Code::DuplicateKey | Code::UnusedScope | Code::UnusedError
        );
        if let Some(entry) = self.entries.get(path) {
            if points_at_key {
                return Some(key_or_value(entry));
            }
            if entry.is_scalar {
                return Some(match value_offset {
                    Some(offset) => {
                        let mut at = entry.value;
                        at.column += offset + usize::from(entry.is_quoted);
                        (at, 0)
                    }
                    None => (entry.value, entry.value_len),
                });
            }
            return Some(key_or_value(entry));
        }
        // Fall back to the nearest ancestor that exists in the text.
        let segments = path.segments();
        (0..segments.len()).rev().find_map(|len| {
            let ancestor = SpecPath::from_segments(segments[..len].to_vec());
            self.entries.get(&ancestor).map(key_or_value)
        })
    }
}

/// The `len` characters of `text` at `location`, when there are any.
fn slice(lines: &LineStarts<'_>, location: Location, len: usize) -> Option<String> {
    if len == 0 {
        return None;
    }
    let line = lines
        .rest_from(location.line.checked_sub(1)?)
        .lines()
        .next()?;
    let taken: String = line
        .chars()
        .skip(location.column.checked_sub(1)?)
        .take(len)
        .collect();
    (taken.chars().count() == len).then_some(taken)
}

/// Moves `location` onto `subject` on the same line: its first occurrence at or after the
/// column, else its first on the line (a key before the located value); else its first on
/// the lines a text running over several lines continues on (those indented past the line's
/// key, or as far as a block scalar's first line). Unchanged when none contains it.
fn move_onto(lines: &LineStarts<'_>, location: &mut Location, subject: &str) {
    if subject.is_empty() || subject.contains('\n') {
        return;
    }
    let mut lines = lines.rest_from(location.line.saturating_sub(1)).lines();
    let Some(line) = lines.next() else {
        return;
    };
    let start = line
        .char_indices()
        .nth(location.column.saturating_sub(1))
        .map_or(line.len(), |(at, _)| at);
    let found = find_whole(line, subject, start).or_else(|| find_whole(line, subject, 0));
    if let Some(at) = found {
        location.column = line[..at].chars().count() + 1;
        return;
    }
    let indent = |line: &str| line.len() - line.trim_start_matches(' ').len();
    let first_indent = indent(line);
    let continued_from = if location.column.saturating_sub(1) == first_indent {
        first_indent
    } else {
        first_indent + 1
    };
    for (offset, line) in lines.enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        if indent(line) < continued_from {
            return;
        }
        if let Some(at) = find_whole(line, subject, 0) {
            location.line += offset + 1;
            location.column = line[..at].chars().count() + 1;
            return;
        }
    }
}

/// How many characters a span covers, when it stays on one line.
fn span_len(span: &Span) -> usize {
    if span.end.line() == span.start.line() {
        span.end.col().saturating_sub(span.start.col())
    } else {
        0
    }
}

/// The first place at or after byte `from` where `subject` stands as a whole name: not
/// inside a longer word (`API` is not found in `APIGateway`).
fn find_whole(line: &str, subject: &str, from: usize) -> Option<usize> {
    let is_word = |c: char| c.is_alphanumeric() || c == '_';
    line.get(from..)?
        .match_indices(subject)
        .map(|(at, _)| from + at)
        .find(|&at| {
            let before = line[..at].chars().next_back();
            let after = line[at + subject.len()..].chars().next();
            !before.is_some_and(is_word) && !after.is_some_and(is_word)
        })
}

fn location(span: &Span) -> Location {
    Location {
        line: span.start.line(),
        column: span.start.col() + 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "\
integration-spec: \"1.0\"
info:
  title: Orders
endpoints:
  create-order:
    reqest: {}
    request:
      body:
        qty: 'integer (requird)'
        items: array of Item
    errors: [A, B]
flows:
  f:
    steps:
      - Client -> API: go
";

    fn at(path: SpecPath, code: Code, offset: Option<usize>) -> (usize, usize) {
        let location = SpanIndex::build(TEXT).locate(&path, code, offset).unwrap();
        (location.line, location.column)
    }

    #[test]
    fn keys_values_and_list_items_are_found() {
        let endpoint = SpecPath::root().key("endpoints").key("create-order");
        assert_eq!(at(endpoint.key("reqest"), Code::UnknownField, None), (6, 5));
        assert_eq!(at(endpoint.clone(), Code::MissingField, None), (5, 3));
        assert_eq!(
            at(endpoint.key("errors").index(1), Code::InvalidValue, None),
            (11, 17)
        );
        let step = SpecPath::root().key("flows").key("f").key("steps").index(0);
        assert_eq!(
            at(step.key("Client -> API"), Code::InvalidValue, None),
            (15, 24)
        );
        assert_eq!(
            at(
                SpecPath::root().key("info").key("title"),
                Code::InvalidType,
                None
            ),
            (3, 10)
        );
    }

    #[test]
    fn offsets_inside_text_count_the_opening_quote() {
        let qty = SpecPath::root()
            .key("endpoints")
            .key("create-order")
            .key("request")
            .key("body")
            .key("qty");
        assert_eq!(at(qty, Code::InvalidShorthand, Some(9)), (9, 24));
    }

    #[test]
    fn missing_paths_fall_back_to_an_ancestor() {
        let path = SpecPath::root().key("info").key("contact").key("email");
        assert_eq!(at(path, Code::InvalidType, None), (2, 1));
    }

    #[test]
    fn json_is_located_too() {
        let text = "{\n  \"info\": {\n    \"title\": 5\n  }\n}\n";
        let location = SpanIndex::build(text)
            .locate(
                &SpecPath::root().key("info").key("title"),
                Code::InvalidType,
                None,
            )
            .unwrap();
        assert_eq!((location.line, location.column), (3, 14));
    }

    /// The JSON scanner's index is the YAML parser's, on every JSON fixture and on texts
    /// with escapes, wide characters, duplicate keys and every kind of scalar.
    #[test]
    fn json_is_indexed_as_the_yaml_parser_indexes_it() {
        let mut texts = vec![
            "{\"a\\\"b\": {\"é\": [1, -2.5e3, true, null, \"x\\u00e9\"]},\n\t\"a\\\"b\": 7,\r\n \"ü\": \"ç\", \"e\": {}, \"f\": []}".to_owned(),
            "[\n  {\"k\": \"v\"},\n  [[], {}],\n  \"\\\\\"\n]\n".to_owned(),
        ];
        let mut dirs = vec![std::path::PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures"
        ))];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    dirs.push(path);
                } else if path.extension().is_some_and(|ext| ext == "json") {
                    texts.push(std::fs::read_to_string(path).unwrap());
                }
            }
        }
        assert!(texts.len() > 10, "the JSON fixtures are read");
        for text in &texts {
            let lines = LineStarts::new(text);
            let scanned = |only| {
                json::index(text, only).map(|spans| SpanIndex {
                    entries: spans
                        .into_iter()
                        .map(|(path, span)| (path, lines.entry(&span)))
                        .collect(),
                })
            };
            let Some(all) = scanned(None) else {
                // Not JSON (a fixture of broken input): the YAML parser reads it.
                assert!(
                    serde_json::from_str::<serde_json::Value>(text).is_err(),
                    "{text}"
                );
                continue;
            };
            let parsed = SpanIndex::build_from_yaml(text, None);
            assert_eq!(all.entries.len(), parsed.entries.len());
            for (path, entry) in &parsed.entries {
                let found = all.entries.get(path);
                assert!(agrees(found, entry), "{path}: {found:?} {entry:?}");
            }
            // Only some paths: the same entries for those.
            let some: HashSet<SpecPath> = parsed
                .entries
                .keys()
                .filter(|path| path.segments().len() < 3)
                .cloned()
                .collect();
            let some_only = scanned(Some(&some)).unwrap();
            assert_eq!(some_only.entries.len(), some.len());
            for path in &some {
                assert!(agrees(some_only.entries.get(path), &parsed.entries[path]));
            }
        }
    }

    /// Whether the scanner found what the YAML parser did. The YAML parser's span of a quoted
    /// scalar in a flow runs on over the spaces after it (and so over lines, when it is last
    /// on its line); the scanner's is the scalar's.
    fn agrees(scanned: Option<&Entry>, parsed: &Entry) -> bool {
        scanned.is_some_and(|scanned| {
            let len = scanned.value_len;
            let spans_on = parsed.value_len == 0 || parsed.value_len > len && parsed.is_quoted;
            let value_len = if spans_on { parsed.value_len } else { len };
            Entry {
                value_len,
                ..*scanned
            } == *parsed
        })
    }

    #[test]
    fn what_is_not_plain_json_is_left_to_the_yaml_parser() {
        for text in [
            "{a: 1}",
            "{\"a\": yes}",
            "{\"a\": 1} # note",
            "{\"a\": 1",
            "{\"a\": \"x\ny\"}",
            "a: 1",
        ] {
            assert!(json::index(text, None).is_none(), "{text}");
        }
    }

    #[test]
    fn subjects_move_the_caret_onto_them() {
        let text = "a:\n  - Ping Service --> Cache: 200\n  pnig: 10 per minute\n";
        let moved = |line, column, subject: &str| {
            let mut location = Location { line, column };
            move_onto(&LineStarts::new(text), &mut location, subject);
            (location.line, location.column)
        };
        assert_eq!(moved(2, 5, "Cache"), (2, 22));
        assert_eq!(moved(2, 5, "Ping"), (2, 5));
        assert_eq!(moved(2, 5, "Serv"), (2, 5));
        // A key before the located value.
        assert_eq!(moved(3, 9, "pnig"), (3, 3));
        // Not on the line, or not one line: left alone.
        assert_eq!(moved(2, 5, "Queue"), (2, 5));
        assert_eq!(moved(2, 5, "Ping\nCache"), (2, 5));
        assert_eq!(moved(9, 1, "Cache"), (9, 1));

        // A text over several lines: on the line it continues on, not past its end.
        let text =
            "d: >-\n  one two\n\n  three [x](#m.Y)\ne: f\ng: plain text that\n  goes on #m.Y\n";
        let moved = |line, column, subject: &str| {
            let mut location = Location { line, column };
            move_onto(&LineStarts::new(text), &mut location, subject);
            (location.line, location.column)
        };
        assert_eq!(moved(2, 3, "#m.Y"), (4, 13));
        assert_eq!(moved(2, 3, "e"), (2, 3));
        assert_eq!(moved(6, 4, "#m.Y"), (7, 11));
    }

    #[test]
    fn whole_plain_keys_and_values_are_underlined() {
        let text = "a:\n  sunset: Jan 31 2025\n  short summary: x\n  b: 'q r'\n  c: >\n    folded\n    text\n";
        let subject = |path: SpecPath, code| {
            let mut diags = [Diagnostic::error(code, "m").at(&path)];
            locate_diagnostics(text, &mut diags);
            diags[0].subject.clone()
        };
        let a = SpecPath::root().key("a");
        assert_eq!(
            subject(a.key("sunset"), Code::InvalidDate).as_deref(),
            Some("Jan 31 2025")
        );
        assert_eq!(
            subject(a.key("short summary"), Code::UnknownField).as_deref(),
            Some("short summary")
        );
        assert_eq!(
            subject(a.key("b"), Code::InvalidValue).as_deref(),
            Some("'q r'")
        );
        // A value over several lines is pointed at, not underlined whole.
        assert_eq!(subject(a.key("c"), Code::InvalidValue), None);
    }
}
