//! Map spec paths to lines and columns.
//!
//! The model carries no positions, so rules speak in [`SpecPath`]s. When a spec has findings,
//! its text is parsed a second time with a spanned YAML event parser (JSON is YAML here), and
//! each finding gets the line and column of its key or value. A path that cannot be found
//! (a value that came from an alias, say) falls back to its nearest located ancestor.

use std::collections::HashMap;

use saphyr_parser::{Event, Parser, ScalarStyle, Span};

use crate::diagnostic::{Code, Diagnostic, Location, SpecPath};

/// Fills in `location` on each diagnostic that has a path but no location yet.
pub(crate) fn locate_diagnostics(text: &str, diags: &mut [Diagnostic]) {
    let needs_locating = |diag: &Diagnostic| {
        (diag.location.is_none() && diag.path.is_some())
            || diag.labels.iter().any(|label| label.location.is_none())
    };
    if !diags.iter().any(needs_locating) {
        return;
    }
    let index = SpanIndex::build(text);
    for diag in diags.iter_mut() {
        if diag.location.is_none()
            && let Some(path) = &diag.path
        {
            diag.location = index.locate(path, diag.code, diag.value_offset);
            if let (Some(location), Some(subject)) = (&mut diag.location, &diag.subject) {
                move_onto(text, location, subject);
            }
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

/// Where one key/value pair (or list item) is.
#[derive(Clone, Copy, Debug)]
struct Entry {
    key: Option<Location>,
    value: Location,
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
        pending_key: Option<(String, Location)>,
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
}

impl SpanIndex {
    /// Indexes `text`; a text that does not parse yields what was indexed before the error.
    pub(crate) fn build(text: &str) -> SpanIndex {
        let mut index = SpanIndex::default();
        let mut stack: Vec<Frame> = Vec::new();
        for event in Parser::new_from_str(text) {
            let Ok((event, span)) = event else {
                break;
            };
            let at = location(&span);
            if let Some(Frame::Ignored { depth, at: key_at }) = stack.last_mut() {
                match event {
                    Event::MappingStart(..) | Event::SequenceStart(..) => *depth += 1,
                    Event::MappingEnd | Event::SequenceEnd => {
                        *depth -= 1;
                        if *depth == 0 {
                            let key_at = *key_at;
                            stack.pop();
                            if let Some(Frame::Map { pending_key, .. }) = stack.last_mut() {
                                *pending_key = Some(("<complex key>".to_owned(), key_at));
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
                        *pending = Some((value.into_owned(), at));
                        continue;
                    }
                    let is_quoted =
                        matches!(style, ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted);
                    index.record_child(&mut stack, at, true, is_quoted);
                }
                Event::Alias(_) => {
                    if let Some(Frame::Map {
                        pending_key: pending @ None,
                        ..
                    }) = stack.last_mut()
                    {
                        *pending = Some(("<alias key>".to_owned(), at));
                        continue;
                    }
                    index.record_child(&mut stack, at, false, false);
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
                    let path = index.record_child(&mut stack, at, false, false);
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

    /// Records the value that just started under the innermost container; returns its path.
    fn record_child(
        &mut self,
        stack: &mut [Frame],
        value: Location,
        is_scalar: bool,
        is_quoted: bool,
    ) -> SpecPath {
        let (path, key) = match stack.last_mut() {
            None => (SpecPath::root(), None),
            Some(Frame::Map { path, pending_key }) => match pending_key.take() {
                Some((key, key_at)) => (path.key(&key), Some(key_at)),
                None => (path.clone(), None),
            },
            Some(Frame::Seq { path, next_index }) => {
                let child = path.index(*next_index);
                *next_index += 1;
                (child, None)
            }
            Some(Frame::Ignored { .. }) => return SpecPath::root(),
        };
        self.entries.entry(path.clone()).or_insert(Entry {
            key,
            value,
            is_scalar,
            is_quoted,
        });
        path
    }

    /// The position a finding at `path` should point at.
    pub(crate) fn locate(
        &self,
        path: &SpecPath,
        code: Code,
        value_offset: Option<usize>,
    ) -> Option<Location> {
        // Findings about a name point at the key, not at what it maps to.
        let points_at_key = matches!(
            code,
            Code::UnknownField | Code::DuplicateKey | Code::UnusedScope | Code::UnusedError
        );
        if let Some(entry) = self.entries.get(path) {
            if points_at_key {
                return Some(entry.key.unwrap_or(entry.value));
            }
            if entry.is_scalar {
                let mut at = entry.value;
                if let Some(offset) = value_offset {
                    at.column += offset + usize::from(entry.is_quoted);
                }
                return Some(at);
            }
            return Some(entry.key.unwrap_or(entry.value));
        }
        // Fall back to the nearest ancestor that exists in the text.
        let segments = path.segments();
        (0..segments.len()).rev().find_map(|len| {
            let ancestor = SpecPath::from_segments(segments[..len].to_vec());
            self.entries
                .get(&ancestor)
                .map(|entry| entry.key.unwrap_or(entry.value))
        })
    }
}

/// Moves `location` onto `subject` on the same line: its first occurrence at or after the
/// column, else its first on the line (a key before the located value). Unchanged when the
/// line does not contain it.
fn move_onto(text: &str, location: &mut Location, subject: &str) {
    if subject.is_empty() || subject.contains('\n') {
        return;
    }
    let Some(line) = text.lines().nth(location.line.saturating_sub(1)) else {
        return;
    };
    let start = line
        .char_indices()
        .nth(location.column.saturating_sub(1))
        .map_or(line.len(), |(at, _)| at);
    let found = line[start..]
        .find(subject)
        .map(|at| start + at)
        .or_else(|| line.find(subject));
    if let Some(at) = found {
        location.column = line[..at].chars().count() + 1;
    }
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

    #[test]
    fn subjects_move_the_caret_onto_them() {
        let text = "a:\n  - Ping Service --> Cache: 200\n  pnig: 10 per minute\n";
        let moved = |line, column, subject: &str| {
            let mut location = Location { line, column };
            move_onto(text, &mut location, subject);
            (location.line, location.column)
        };
        assert_eq!(moved(2, 5, "Cache"), (2, 22));
        // A key before the located value.
        assert_eq!(moved(3, 9, "pnig"), (3, 3));
        // Not on the line, or not one line: left alone.
        assert_eq!(moved(2, 5, "Queue"), (2, 5));
        assert_eq!(moved(2, 5, "Ping\nCache"), (2, 5));
        assert_eq!(moved(9, 1, "Cache"), (9, 1));
    }
}
