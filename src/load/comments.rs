//! The `comment-in-text` lint: in YAML, ` #` starts a comment, so a plain value such as
//! `change_notification: … and the #payments-announce channel.` silently ends at "and the".
//!
//! A comment after a plain (unquoted) value with one space before `#` is reported; the usual
//! inline comment has two (`value  # note`), and a `#` with no space before it is text
//! (`page#anchor`). Most specs have no ` #` after text at all: a scan of the text finds the
//! lines that do, and only then are the scalars read again, with their positions (saphyr's
//! events), to see which of them such a comment follows. Block scalars (`|`, `>`) and quoted
//! strings keep their `#`, and never match.

use std::borrow::Cow;
use std::collections::BTreeSet;

use saphyr_parser::{Event, Parser, ScalarStyle, Span};

use crate::diagnostic::{Code, Diagnostic, Location, Segment, SpecPath};

/// Longest cut-off text quoted in a message, in characters.
const MAX_QUOTED: usize = 60;

/// The lines (from 1) with a ` #` right after text: the only lines a finding can be on. Most
/// specs have none.
pub(super) fn candidate_lines(text: &str) -> BTreeSet<usize> {
    let mut lines = BTreeSet::new();
    let bytes = text.as_bytes();
    let (mut counted_to, mut line) = (0, 1);
    for (at, _) in text.match_indices(" #") {
        if at > 0 && !matches!(bytes[at - 1], b' ' | b'\t' | b'\n' | b'\r') {
            line += bytes[counted_to..at]
                .iter()
                .filter(|byte| **byte == b'\n')
                .count();
            counted_to = at;
            lines.insert(line);
        }
    }
    lines
}

/// Every plain value of `text` (YAML) that a one-space comment cuts short, given the
/// [`candidate_lines`].
pub(super) fn comments_in_text(text: &str, lines: &BTreeSet<usize>) -> Vec<Diagnostic> {
    let Some(&last) = lines.last() else {
        return Vec::new();
    };
    let source_lines: Vec<&str> = text.split('\n').collect();
    let mut found = Vec::new();
    let mut stack: Vec<Frame<'_>> = Vec::new();
    // Inside a complex (non-scalar) mapping key, which the format never uses: how deep.
    let mut skipping = 0usize;
    for event in Parser::new_from_str(text) {
        let Ok((event, span)) = event else {
            break;
        };
        if span.start.line() > last {
            break;
        }
        if skipping > 0 {
            match event {
                Event::MappingStart(..) | Event::SequenceStart(..) => skipping += 1,
                Event::MappingEnd | Event::SequenceEnd => {
                    skipping -= 1;
                    if skipping == 0 {
                        set_key(&mut stack, Cow::Borrowed("<complex key>"));
                    }
                }
                _ => {}
            }
            continue;
        }
        match event {
            Event::Scalar(value, style, ..) => {
                let cut = style == ScalarStyle::Plain
                    && !value.is_empty()
                    && lines.contains(&span.end.line());
                if !cut {
                    if !set_key(&mut stack, value) {
                        advance(&mut stack);
                    }
                    continue;
                }
                if set_key(&mut stack, value.clone()) {
                    continue;
                }
                let (segment, place) = next_child(&mut stack);
                let path = path_of(&stack, segment);
                if let Some(diag) = cut_short(&value, &span, &source_lines, &path, &place) {
                    found.push(diag);
                }
            }
            // An alias in a key's place becomes the key; anywhere else it is a value.
            Event::Alias(_) if !set_key(&mut stack, Cow::Borrowed("<alias>")) => {
                advance(&mut stack);
            }
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                if matches!(
                    stack.last(),
                    Some(Frame {
                        kind: Kind::Map { key: None },
                        ..
                    })
                ) {
                    skipping = 1;
                    continue;
                }
                let (segment, _) = next_child(&mut stack);
                let kind = match event {
                    Event::MappingStart(..) => Kind::Map { key: None },
                    _ => Kind::Seq { next: 0 },
                };
                stack.push(Frame {
                    segment,
                    kind,
                    // A flow collection's span covers its `{` or `[`; a block one's is empty.
                    flow: span.end.index() > span.start.index(),
                });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                stack.pop();
            }
            _ => {}
        }
    }
    found
}

/// An open mapping or list, and the step from its parent to it.
struct Frame<'t> {
    segment: Option<Segment>,
    kind: Kind<'t>,
    flow: bool,
}

enum Kind<'t> {
    /// A mapping, with the key whose value comes next once it is read.
    Map { key: Option<Cow<'t, str>> },
    /// A list, with the index of its next item.
    Seq { next: usize },
}

/// Where a value sits, for writing the fix.
enum Place {
    /// Under `key:` in a block mapping.
    Key(String),
    /// A `- ` item of a block list.
    Item,
    /// Inside `{ }` or `[ ]`, or the whole document.
    Bare,
}

/// Takes `key` as the pending key when the innermost mapping waits for one.
fn set_key<'t>(stack: &mut [Frame<'t>], key: Cow<'t, str>) -> bool {
    match stack.last_mut() {
        Some(Frame {
            kind: Kind::Map {
                key: pending @ None,
            },
            ..
        }) => {
            *pending = Some(key);
            true
        }
        _ => false,
    }
}

/// Moves past a value that needs no path.
fn advance(stack: &mut [Frame<'_>]) {
    match stack.last_mut().map(|frame| &mut frame.kind) {
        Some(Kind::Map { key }) => *key = None,
        Some(Kind::Seq { next }) => *next += 1,
        None => {}
    }
}

/// The step to the value that starts now under the innermost collection, and its place.
fn next_child(stack: &mut [Frame<'_>]) -> (Option<Segment>, Place) {
    let Some(frame) = stack.last_mut() else {
        return (None, Place::Bare);
    };
    match &mut frame.kind {
        Kind::Map { key } => {
            let key = key.take().unwrap_or_default();
            let place = if frame.flow {
                Place::Bare
            } else {
                Place::Key(key.to_string())
            };
            (Some(Segment::Key(key.into_owned())), place)
        }
        Kind::Seq { next } => {
            *next += 1;
            let place = if frame.flow { Place::Bare } else { Place::Item };
            (Some(Segment::Index(*next - 1)), place)
        }
    }
}

/// The path of a value: its collections' steps from the root, then its own.
fn path_of(stack: &[Frame<'_>], last: Option<Segment>) -> SpecPath {
    let segments = stack
        .iter()
        .filter_map(|frame| frame.segment.clone())
        .chain(last)
        .collect();
    SpecPath::from_segments(segments)
}

/// The finding for `value`, when a one-space comment follows it on its last line.
fn cut_short(
    value: &str,
    span: &Span,
    lines: &[&str],
    path: &SpecPath,
    place: &Place,
) -> Option<Diagnostic> {
    let line = lines
        .get(span.end.line().checked_sub(1)?)?
        .trim_end_matches('\r');
    let after: String = line.chars().skip(span.end.col()).collect();
    let comment = after
        .strip_prefix(" #")
        .map(|rest| format!("#{}", rest.trim_end()))?;
    // Inside `[ ]` or `{ }` the comment also took the rest of the collection's line; the
    // value meant to end before the next `,`, `]` or `}`.
    let meant = match place {
        Place::Bare => comment
            .split([',', ']', '}'])
            .next()
            .unwrap_or_default()
            .trim_end(),
        _ => &comment,
    };
    let quoted = double_quoted(&format!("{value} {meant}"));
    let fix = match place {
        Place::Key(key) => format!("{}: {quoted}", yaml_key(key)),
        Place::Item => format!("- {quoted}"),
        Place::Bare => quoted,
    };
    let shown = if comment.chars().count() > MAX_QUOTED {
        let head: String = comment.chars().take(MAX_QUOTED).collect();
        format!("{head}…")
    } else {
        comment.clone()
    };
    Some(
        Diagnostic::warning(
            Code::CommentInText,
            format!("the text is cut short: YAML reads `{shown}` as a comment, not as part of the value"),
        )
        .at(path)
        .at_location(Location {
            line: span.end.line(),
            column: span.end.col() + 2,
        })
        .about(comment)
        .with_help(format!(
            "to keep it, write the whole value in double quotes: `{fix}`; if it is a comment, write two spaces before `#`"
        )),
    )
}

/// `text` as a YAML double-quoted string.
fn double_quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A mapping key as YAML can write it: plain when it is a simple name, else double-quoted.
fn yaml_key(key: &str) -> String {
    let simple = key
        .chars()
        .next()
        .is_some_and(|c| c.is_alphanumeric() || c == '_')
        && key
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | '/' | ' '))
        && !key.ends_with(' ');
    if simple {
        key.to_owned()
    } else {
        double_quoted(key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<Diagnostic> {
        comments_in_text(text, &candidate_lines(text))
    }

    fn findings(text: &str) -> Vec<(String, usize, usize, String)> {
        found(text)
            .into_iter()
            .map(|diag| {
                let at = diag.location.unwrap();
                (
                    diag.path.unwrap().to_string(),
                    at.line,
                    at.column,
                    diag.help.unwrap(),
                )
            })
            .collect()
    }

    #[test]
    fn a_one_space_comment_after_plain_text_is_found() {
        let text =
            "conventions:\n  change_notification: Posted in the #payments-announce channel.\n";
        let found = found(text);
        assert_eq!(found.len(), 1);
        let diag = &found[0];
        assert_eq!(diag.code, Code::CommentInText);
        assert!(!diag.is_error());
        assert_eq!(
            diag.path.as_ref().unwrap().to_string(),
            "conventions.change_notification"
        );
        // The caret is on the `#`, and the whole cut-off text is underlined.
        assert_eq!(
            diag.location,
            Some(Location {
                line: 2,
                column: 38
            })
        );
        assert_eq!(diag.subject.as_deref(), Some("#payments-announce channel."));
        assert_eq!(
            diag.message,
            "the text is cut short: YAML reads `#payments-announce channel.` as a comment, not as part of the value"
        );
        assert_eq!(
            diag.help.as_deref(),
            Some(
                "to keep it, write the whole value in double quotes: \
                 `change_notification: \"Posted in the #payments-announce channel.\"`; \
                 if it is a comment, write two spaces before `#`"
            )
        );
    }

    #[test]
    fn real_comments_and_other_text_are_left_alone() {
        let text = "a: value  # a real comment\nb: page#anchor\n# a comment line\nc: |\n  text #tag\n\
                    d: \"quoted\" #note\ne: 'single #x' #y\nf: [\"x #y\", 'z #w']\ng: #empty\n\
                    h: >\n  folded #tag\n  more\n    # indented comment\n";
        assert_eq!(findings(text), []);
    }

    #[test]
    fn list_items_flow_items_and_multi_line_text_are_found() {
        let text = "steps:\n  - Deploy to #ops\nx: [a #b\n  , c]\nlong: first line\n  and more #here\n\
                    m: {k: v #z\n  }\n\"key: x\": t #q\nescape: a \\ \"b\" #c\n";
        let found = findings(text);
        let at: Vec<(&str, usize, usize)> = found
            .iter()
            .map(|(path, line, column, _)| (path.as_str(), *line, *column))
            .collect();
        assert_eq!(
            at,
            [
                ("steps[0]", 2, 15),
                ("x[0]", 3, 7),
                ("long", 6, 12),
                ("m.k", 7, 10),
                ("[\"key: x\"]", 9, 13),
                ("escape", 10, 17),
            ]
        );
        let helps: Vec<&str> = found.iter().map(|(.., help)| help.as_str()).collect();
        assert!(helps[0].contains("`- \"Deploy to #ops\"`"), "{}", helps[0]);
        assert!(helps[1].contains("`\"a #b\"`"), "{}", helps[1]);
        assert!(
            helps[2].contains("`long: \"first line and more #here\"`"),
            "{}",
            helps[2]
        );
        assert!(helps[3].contains("`\"v #z\"`"), "{}", helps[3]);
        assert!(helps[4].contains("`\"key: x\": \"t #q\"`"), "{}", helps[4]);
        assert!(
            helps[5].contains(r#"`escape: "a \\ \"b\" #c"`"#),
            "{}",
            helps[5]
        );
    }

    #[test]
    fn texts_without_a_candidate_are_not_parsed_again() {
        assert!(candidate_lines("a: b  # c\nd: e#f\n# g\n  # h\n").is_empty());
        assert_eq!(
            candidate_lines("a: b\nc: d #e\n")
                .into_iter()
                .collect::<Vec<_>>(),
            [2]
        );
        // A broken document yields what was read before the break, and no panic.
        assert_eq!(findings("a: b #c\nd: [e\n").len(), 1);
    }
}
