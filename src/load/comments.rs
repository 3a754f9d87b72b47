//! The `comment-in-text` lint: in YAML, ` #` starts a comment, so a plain value such as
//! `change_notification: … and the #payments-announce channel.` silently ends at "and the".
//!
//! A comment after a plain (unquoted) value with one space before `#` is reported; the usual
//! inline comment has two (`value  # note`), and a `#` with no space before it is text
//! (`page#anchor`). Most specs have no ` #` after text at all: a scan of the text finds the
//! lines that do, and only then are the scalars read again, with their positions (saphyr's
//! events), to see which of them such a comment follows. Block scalars (`|`, `>`) and quoted
//! strings keep their `#`, and never match.

use std::collections::BTreeSet;

use saphyr_parser::{Event, Parser, ScalarStyle, Span};

use crate::diagnostic::{Code, Diagnostic, Location, SpecPath};

/// Longest cut-off text quoted in a message, in characters.
const MAX_QUOTED: usize = 60;

/// Every plain value of `text` (YAML) that a one-space comment cuts short.
pub(super) fn comments_in_text(text: &str) -> Vec<Diagnostic> {
    let lines = candidate_lines(text);
    if lines.is_empty() {
        return Vec::new();
    }
    let source_lines: Vec<&str> = text.split('\n').collect();
    let mut found = Vec::new();
    let mut stack: Vec<Frame> = Vec::new();
    for event in Parser::new_from_str(text) {
        let Ok((event, span)) = event else {
            break;
        };
        if let Some(Frame::Skip(depth)) = stack.last_mut() {
            match event {
                Event::MappingStart(..) | Event::SequenceStart(..) => *depth += 1,
                Event::MappingEnd | Event::SequenceEnd => {
                    *depth -= 1;
                    if *depth == 0 {
                        stack.pop();
                        set_key(&mut stack, "<complex key>".to_owned());
                    }
                }
                _ => {}
            }
            continue;
        }
        match event {
            Event::Scalar(value, style, ..) => {
                if set_key(&mut stack, value.to_string()) {
                    continue;
                }
                let (path, place) = child(&mut stack);
                if style == ScalarStyle::Plain
                    && !value.is_empty()
                    && lines.contains(&span.end.line())
                    && let Some(diag) = cut_short(&value, &span, &source_lines, &path, &place)
                {
                    found.push(diag);
                }
            }
            // An alias in a key's place becomes the key; anywhere else it is a value.
            Event::Alias(_) if !set_key(&mut stack, "<alias>".to_owned()) => {
                child(&mut stack);
            }
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                if matches!(stack.last(), Some(Frame::Map { key: None, .. })) {
                    stack.push(Frame::Skip(1));
                    continue;
                }
                let (path, _) = child(&mut stack);
                // A flow collection's span covers its `{` or `[`; a block one's is empty.
                let flow = span.end.index() > span.start.index();
                stack.push(match event {
                    Event::MappingStart(..) => Frame::Map {
                        path,
                        key: None,
                        flow,
                    },
                    _ => Frame::Seq {
                        path,
                        next: 0,
                        flow,
                    },
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

/// The lines (from 1) with a ` #` right after text: the only lines a finding can be on.
fn candidate_lines(text: &str) -> BTreeSet<usize> {
    let mut lines = BTreeSet::new();
    let bytes = text.as_bytes();
    for (at, _) in text.match_indices(" #") {
        if at > 0 && !matches!(bytes[at - 1], b' ' | b'\t' | b'\n' | b'\r') {
            lines.insert(text[..at].bytes().filter(|byte| *byte == b'\n').count() + 1);
        }
    }
    lines
}

enum Frame {
    Map {
        path: SpecPath,
        key: Option<String>,
        flow: bool,
    },
    Seq {
        path: SpecPath,
        next: usize,
        flow: bool,
    },
    /// A complex (non-scalar) mapping key, which the format never uses.
    Skip(usize),
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
fn set_key(stack: &mut [Frame], key: String) -> bool {
    match stack.last_mut() {
        Some(Frame::Map { key: pending, .. }) if pending.is_none() => {
            *pending = Some(key);
            true
        }
        _ => false,
    }
}

/// The path and place of the value that starts now under the innermost collection.
fn child(stack: &mut [Frame]) -> (SpecPath, Place) {
    match stack.last_mut() {
        Some(Frame::Map { path, key, flow }) => {
            let key = key.take().unwrap_or_default();
            let place = if *flow {
                Place::Bare
            } else {
                Place::Key(key.clone())
            };
            (path.key(&key), place)
        }
        Some(Frame::Seq { path, next, flow }) => {
            let child = path.index(*next);
            *next += 1;
            (child, if *flow { Place::Bare } else { Place::Item })
        }
        Some(Frame::Skip(_)) | None => (SpecPath::root(), Place::Bare),
    }
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
            "to keep it, write the whole value in double quotes: `{fix}`; a comment needs two spaces before `#`"
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

    fn findings(text: &str) -> Vec<(String, usize, usize, String)> {
        comments_in_text(text)
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
        let found = comments_in_text(text);
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
                 a comment needs two spaces before `#`"
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
