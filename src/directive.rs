//! Find stage: locate `<<#integration-spec PATH>>` directives in a chapter.
//!
//! A directive stands on a line of its own, optionally inside list items or block quotes, and
//! is replaced by the generated sections. It is found in the raw text and kept only outside
//! code (fenced, indented, inline) and raw HTML, as pulldown-cmark sees them, so examples of
//! the syntax in code are left alone. `\<<#integration-spec PATH>>` is the escape: it renders
//! the directive literally, without the backslash. PATH is relative to the chapter file, like
//! `{{#include}}`, and may be double-quoted when it contains spaces.

use std::ops::Range;

use pulldown_cmark::{Event, HeadingLevel, Parser, Tag};

use crate::render::markdown_options;

/// The text that opens a directive.
pub const OPENER: &str = "<<#integration-spec";
const CLOSER: &str = ">>";

/// A directive ready to be expanded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Directive {
    /// Byte range of `<<#integration-spec ...>>` in the chapter.
    pub span: Range<usize>,
    /// Line of the directive, from 1.
    pub line: usize,
    /// Column of the directive in characters, from 1.
    pub column: usize,
    /// The spec path as written.
    pub path: String,
    /// What to render of the spec.
    pub arguments: Arguments,
    /// Column of the path in characters, from 1, for diagnostics about the file.
    pub path_column: usize,
    /// The level of the last heading before the directive (0 if none).
    pub heading_level: u8,
    /// What each generated line must start with to stay inside the directive's list items
    /// and block quotes.
    pub continuation: String,
    /// Whether the chapter uses CRLF line endings at the directive.
    pub crlf: bool,
}

/// Something found in a chapter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Found {
    /// A directive to expand.
    Directive(Directive),
    /// `\<<#integration-spec ...>>`: the backslash at this byte offset is to be removed.
    Escaped {
        /// Byte offset of the backslash.
        backslash: usize,
    },
    /// Something that looks like a directive but is not one.
    Invalid {
        /// Byte range of the malformed text, from the opener to the end of its line.
        span: Range<usize>,
        /// Line, from 1.
        line: usize,
        /// Column in characters, from 1.
        column: usize,
        /// The text as written.
        text: String,
        /// What is wrong.
        message: String,
        /// How to fix it.
        help: String,
    },
}

/// Finds every directive, escape and malformed directive in `content`, in order.
pub fn find_directives(content: &str) -> Vec<Found> {
    // Most chapters have no directive: skip the markdown parse entirely.
    if !content.contains(OPENER) {
        return Vec::new();
    }
    let structure = Structure::of(content);
    let mut found = Vec::new();
    let mut search_from = 0;
    while let Some(relative) = content[search_from..].find(OPENER) {
        let start = search_from + relative;
        search_from = start + OPENER.len();
        if structure.in_code(start) {
            continue;
        }
        let backslashes = content[..start]
            .bytes()
            .rev()
            .take_while(|b| *b == b'\\')
            .count();
        if backslashes % 2 == 1 {
            found.push(Found::Escaped {
                backslash: start - 1,
            });
            continue;
        }
        found.push(parse_at(content, start, &structure));
    }
    found
}

fn parse_at(content: &str, start: usize, structure: &Structure) -> Found {
    let line_start = content[..start].rfind('\n').map_or(0, |at| at + 1);
    let line_end = content[start..]
        .find('\n')
        .map_or(content.len(), |at| start + at);
    let line_text = &content[line_start..line_end];
    let line = content[..start].matches('\n').count() + 1;
    let column = content[line_start..start].chars().count() + 1;
    let line_text_end = line_end - usize::from(content[..line_end].ends_with('\r'));
    let invalid = |message: String, help: &str| Found::Invalid {
        span: start..line_text_end.max(start),
        line,
        column,
        text: line_text.trim().to_owned(),
        message,
        help: help.to_owned(),
    };
    let Some(close) = content[start..line_end].find(CLOSER).map(|at| start + at) else {
        return invalid(
            "directive is not closed".to_owned(),
            "end it with `>>` on the same line: `<<#integration-spec specs/orders.yaml>>`",
        );
    };
    let end = close + CLOSER.len();
    let inner = &content[start + OPENER.len()..close];
    if !inner.is_empty() && !inner.starts_with(char::is_whitespace) {
        return invalid(
            format!("unknown directive `<<#integration-spec{}>>`", inner),
            "put a space between `<<#integration-spec` and the path",
        );
    }
    let prefix = &content[line_start..start];
    let suffix = content[end..line_end].trim_end_matches('\r');
    if !is_container_prefix(prefix) || !suffix.trim().is_empty() {
        return invalid(
            "a directive must stand on a line of its own".to_owned(),
            "move the directive to its own line; it is replaced by whole sections",
        );
    }
    let words = match split_words(inner) {
        Ok(words) => words,
        Err(message) => return invalid(message, "close the quote around the path"),
    };
    let Some((path, rest)) = words.split_first() else {
        return invalid(
            "directive names no spec file".to_owned(),
            "write the path of a YAML or JSON spec: `<<#integration-spec specs/orders.yaml>>`",
        );
    };
    let path = path.clone();
    let arguments = match parse_arguments(rest) {
        Ok(arguments) => arguments,
        Err(ArgumentError { message, help }) => return invalid(message, &help),
    };
    let path_offset = inner.len() - inner.trim_start().len();
    let path_column = column + OPENER.chars().count() + inner[..path_offset].chars().count();
    Found::Directive(Directive {
        span: start..end,
        line,
        column,
        path,
        arguments,
        path_column,
        heading_level: structure.heading_level_at(start),
        continuation: continuation_of(prefix),
        crlf: content[..line_end].ends_with('\r') || content[line_end..].starts_with("\r\n"),
    })
}

/// What a directive asks for beyond its file: `sections=overview,errors`, `endpoints=a,b`,
/// `models=...`, `errors=...`, `flows=...`, `webhooks=...`, `tests=...`, `heading=3`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Arguments {
    /// Sections to render, with their headings.
    pub sections: Option<Vec<String>>,
    /// Endpoint ids.
    pub endpoints: Option<Vec<String>>,
    /// Model names.
    pub models: Option<Vec<String>>,
    /// Error codes.
    pub errors: Option<Vec<String>>,
    /// Flow ids.
    pub flows: Option<Vec<String>>,
    /// Webhook events.
    pub webhooks: Option<Vec<String>>,
    /// Test scenario ids.
    pub tests: Option<Vec<String>>,
    /// Level of the first generated headings, 1 to 6.
    pub heading: Option<u8>,
}

impl Arguments {
    /// Whether the directive asks for the whole spec.
    pub fn selects_everything(&self) -> bool {
        self.sections.is_none()
            && self.endpoints.is_none()
            && self.models.is_none()
            && self.errors.is_none()
            && self.flows.is_none()
            && self.webhooks.is_none()
            && self.tests.is_none()
    }
}

/// The argument names, for parsing and "did you mean".
pub const ARGUMENT_NAMES: &[&str] = &[
    "sections",
    "endpoints",
    "models",
    "errors",
    "flows",
    "webhooks",
    "tests",
    "heading",
];

/// An argument that does not parse.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ArgumentError {
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub help: String,
}

/// Parses `name=value` words; lists are comma-separated.
pub fn parse_arguments(words: &[String]) -> Result<Arguments, ArgumentError> {
    let mut arguments = Arguments::default();
    for word in words {
        let Some((name, value)) = word.split_once('=') else {
            return Err(ArgumentError {
                message: format!("unexpected argument `{word}`"),
                help: "arguments are `name=value`, e.g. `endpoints=create-order`; quote a path with spaces".to_owned(),
            });
        };
        let list = || -> Vec<String> {
            value
                .split(',')
                .map(str::trim)
                .filter(|item| !item.is_empty())
                .map(str::to_owned)
                .collect()
        };
        let slot = match name {
            "sections" => &mut arguments.sections,
            "endpoints" => &mut arguments.endpoints,
            "models" => &mut arguments.models,
            "errors" => &mut arguments.errors,
            "flows" => &mut arguments.flows,
            "webhooks" => &mut arguments.webhooks,
            "tests" => &mut arguments.tests,
            "heading" => {
                match value.trim().parse::<u8>() {
                    Ok(level @ 1..=6) => arguments.heading = Some(level),
                    _ => {
                        return Err(ArgumentError {
                            message: format!("`heading={value}` is not a heading level"),
                            help: "use a level from 1 to 6, e.g. `heading=3`".to_owned(),
                        });
                    }
                }
                continue;
            }
            unknown => {
                let help = match crate::diagnostic::did_you_mean(
                    unknown,
                    ARGUMENT_NAMES.iter().copied(),
                ) {
                    Some(name) => format!("did you mean `{name}`?"),
                    None => format!("arguments are: {}", ARGUMENT_NAMES.join(", ")),
                };
                return Err(ArgumentError {
                    message: format!("unknown argument `{unknown}`"),
                    help,
                });
            }
        };
        let items = list();
        if items.is_empty() {
            return Err(ArgumentError {
                message: format!("`{name}=` names nothing"),
                help: format!("list one or more, separated by commas: `{name}=a,b`"),
            });
        }
        slot.get_or_insert_with(Vec::new).extend(items);
    }
    Ok(arguments)
}

/// List markers, block-quote markers and indentation only.
fn is_container_prefix(prefix: &str) -> bool {
    prefix.chars().all(|c| {
        c.is_whitespace() || matches!(c, '>' | '-' | '*' | '+' | '.' | ')') || c.is_ascii_digit()
    })
}

/// The prefix for continuation lines: block quotes stay, list markers become spaces.
fn continuation_of(prefix: &str) -> String {
    prefix
        .chars()
        .map(|c| if c == '>' || c == '\t' { c } else { ' ' })
        .collect()
}

/// Whitespace-separated words; double quotes group, backslash escapes inside quotes.
fn split_words(text: &str) -> Result<Vec<String>, String> {
    let mut words = Vec::new();
    let mut chars = text.trim().chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
            continue;
        }
        let mut word = String::new();
        if c == '"' {
            chars.next();
            let mut closed = false;
            while let Some(c) = chars.next() {
                match c {
                    '"' => {
                        closed = true;
                        break;
                    }
                    '\\' => word.extend(chars.next()),
                    c => word.push(c),
                }
            }
            if !closed {
                return Err("unclosed quote in directive".to_owned());
            }
        } else {
            while let Some(&c) = chars.peek() {
                if c.is_whitespace() {
                    break;
                }
                word.push(c);
                chars.next();
            }
        }
        words.push(word);
    }
    Ok(words)
}

/// What pulldown-cmark sees in a chapter: where code and raw HTML are, where headings are.
struct Structure {
    code: Vec<Range<usize>>,
    headings: Vec<(usize, u8)>,
}

impl Structure {
    fn of(content: &str) -> Self {
        let mut code = Vec::new();
        let mut headings = Vec::new();
        for (event, range) in Parser::new_ext(content, markdown_options()).into_offset_iter() {
            match event {
                Event::Start(Tag::CodeBlock(_) | Tag::HtmlBlock)
                | Event::Code(_)
                | Event::InlineHtml(_)
                | Event::Html(_) => code.push(range),
                Event::Start(Tag::Heading { level, .. }) => {
                    headings.push((range.start, level_number(level)));
                }
                _ => {}
            }
        }
        Structure { code, headings }
    }

    fn in_code(&self, offset: usize) -> bool {
        self.code.iter().any(|range| range.contains(&offset))
    }

    fn heading_level_at(&self, offset: usize) -> u8 {
        self.headings
            .iter()
            .take_while(|(start, _)| *start < offset)
            .last()
            .map_or(0, |(_, level)| *level)
    }
}

fn level_number(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

#[cfg(test)]
mod tests;
