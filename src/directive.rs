//! Find stage: locate `<<#integration-spec PATH>>` directives in a chapter.
//!
//! A directive stands on a line of its own, optionally inside list items or block quotes, and
//! is replaced by the generated sections. It is found in the raw text and kept only outside
//! code (fenced, indented, inline) and raw HTML, as pulldown-cmark sees them, so examples of
//! the syntax in code are left alone. `\<<#integration-spec PATH>>` is the escape: it renders
//! the directive literally, without the backslash. PATH is relative to the chapter file, like
//! `{{#include}}`, and may be double-quoted when it contains spaces.

use std::ops::Range;

use std::collections::BTreeMap;

use pulldown_cmark::{Event, Parser, Tag};

use crate::diagnostic::suggest;
use crate::markdown;
use crate::spec::Kind;

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
        /// The text as written.
        text: String,
        /// What is wrong, at least one thing; every bad argument is one.
        problems: Vec<Problem>,
        /// The spec path, when the directive got as far as naming one.
        path: Option<String>,
    },
}

/// One thing wrong with a malformed directive.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// Column in characters, from 1, of the part at fault.
    pub column: usize,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub help: String,
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
    let invalid_with = |problems: Vec<Problem>, path: Option<String>| Found::Invalid {
        span: start..line_text_end.max(start),
        line,
        text: line_text.trim().to_owned(),
        problems,
        path,
    };
    let invalid = |message: String, help: &str| {
        let problem = Problem {
            column,
            message,
            help: help.to_owned(),
        };
        invalid_with(vec![problem], None)
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
        let name_end = inner.find(char::is_whitespace).unwrap_or(inner.len());
        let name = format!("{OPENER}{}", &inner[..name_end]);
        return invalid(
            format!("unknown directive `{name}`"),
            "the directive is `<<#integration-spec PATH>>`, with a space before the path",
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
        Err(errors) => {
            let problems = errors
                .into_iter()
                .map(|error| Problem {
                    // The caret goes on the argument at fault, else on the directive.
                    column: error.place.offset_in(inner).map_or(column, |offset| {
                        column + OPENER.chars().count() + inner[..offset].chars().count()
                    }),
                    message: error.message,
                    help: error.help,
                })
                .collect();
            return invalid_with(problems, Some(path));
        }
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

impl Directive {
    /// The column of `place` in this directive, found in `chapter`, the text the directive
    /// was found in; the path's column when it cannot be found.
    pub fn column_of(&self, chapter: &str, place: &ArgumentPlace) -> usize {
        let Some(text) = chapter.get(self.span.clone()) else {
            return self.path_column;
        };
        let inner = text
            .strip_prefix(OPENER)
            .and_then(|rest| rest.strip_suffix(CLOSER))
            .unwrap_or("");
        place.offset_in(inner).map_or(self.path_column, |offset| {
            self.column + OPENER.chars().count() + inner[..offset].chars().count()
        })
    }
}

/// What a directive asks for beyond its file: `sections=overview,errors`, item lists by kind
/// (`endpoints=a,b`, `models=...`, `errors=...`, `flows=...`, `webhooks=...`, `tests=...`),
/// endpoints by tag (`tags=orders,admin`), `heading=3`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Arguments {
    /// Sections to render, with their headings.
    pub sections: Option<Vec<String>>,
    /// Items to render, by kind; a kind absent here is not narrowed.
    pub items: BTreeMap<Kind, Vec<String>>,
    /// Tags whose endpoints to render, beside those `endpoints=` names.
    pub tags: Option<Vec<String>>,
    /// Level of the first generated headings, 1 to 6.
    pub heading: Option<u8>,
}

impl Arguments {
    /// Whether the directive asks for the whole spec.
    pub fn selects_everything(&self) -> bool {
        self.sections.is_none() && self.items.is_empty() && self.tags.is_none()
    }
}

/// The argument names, in the order help lists them: `sections`, one per item kind, `tags`,
/// `heading`.
pub fn argument_names() -> impl Iterator<Item = &'static str> + Clone {
    std::iter::once("sections")
        .chain(Kind::ALL.into_iter().map(Kind::key))
        .chain(["tags", "heading"])
}

/// An argument that does not parse, or names something the spec does not have.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ArgumentError {
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub help: String,
    /// What in the directive is wrong, for the caret.
    pub place: ArgumentPlace,
}

/// The part of a directive an [`ArgumentError`] points at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ArgumentPlace {
    /// A whole word, as written: `heading=9`, `sectons=errors`.
    Word(String),
    /// One entry of a list argument: `erors` in `sections=overview,erors`.
    Item {
        /// The argument's name.
        name: String,
        /// The entry.
        item: String,
    },
}

impl ArgumentPlace {
    /// The byte offset of this place in `inner`, the text between a directive's `<<#...`
    /// opener and its `>>`; `None` when it cannot be found (a quoted word, say).
    fn offset_in(&self, inner: &str) -> Option<usize> {
        let word_start = |needle: &str| {
            inner.match_indices(needle).map(|(at, _)| at).find(|&at| {
                inner[..at]
                    .chars()
                    .next_back()
                    .is_none_or(char::is_whitespace)
            })
        };
        match self {
            ArgumentPlace::Word(word) => word_start(word),
            ArgumentPlace::Item { name, item } => {
                let argument = word_start(&format!("{name}="))?;
                let value_start = argument + name.len() + 1;
                let value_end = inner[value_start..]
                    .find(char::is_whitespace)
                    .map_or(inner.len(), |end| value_start + end);
                // The last match: for an entry listed twice, the repeat is the mistake.
                let mut offset = value_start;
                let mut found = None;
                for entry in inner[value_start..value_end].split(',') {
                    if entry.trim() == item {
                        found = Some(offset + (entry.len() - entry.trim_start().len()));
                    }
                    offset += entry.len() + 1;
                }
                Some(found.unwrap_or(argument))
            }
        }
    }
}

/// Parses `name=value` words; lists are comma-separated. Each argument may be given once,
/// and each list names each entry once. Every bad argument is reported, not only the first.
pub fn parse_arguments(words: &[String]) -> Result<Arguments, Vec<ArgumentError>> {
    let mut arguments = Arguments::default();
    let mut errors = Vec::new();
    let mut seen = Vec::new();
    let mut words = words.iter().peekable();
    while let Some(word) = words.next() {
        let at_word = || ArgumentPlace::Word(word.clone());
        // `endpoints=a, b` splits into two words at the space; the second is part of the
        // mistake, not another one.
        if word.contains('=')
            && word.ends_with(',')
            && let Some(next) = words.next_if(|next| !next.contains('='))
        {
            errors.push(ArgumentError {
                message: format!("`{word}` is followed by a space"),
                help: format!("a list has no spaces: `{word}{next}`"),
                place: at_word(),
            });
            continue;
        }
        if let Err(error) = parse_argument(word, &mut seen, &mut arguments) {
            errors.push(error);
        }
    }
    if errors.is_empty() {
        Ok(arguments)
    } else {
        Err(errors)
    }
}

/// Parses one `name=value` word into `arguments`; `seen` holds the names given before.
fn parse_argument<'w>(
    word: &'w str,
    seen: &mut Vec<&'w str>,
    arguments: &mut Arguments,
) -> Result<(), ArgumentError> {
    let at_word = || ArgumentPlace::Word(word.to_owned());
    let error = |message: String, help: String| ArgumentError {
        message,
        help,
        place: at_word(),
    };
    let Some((name, value)) = word.split_once('=') else {
        let help = if crate::load::format_of(std::path::Path::new(word)).is_some() {
            "the spec file comes first, then the arguments: \
             `<<#integration-spec specs/orders.yaml sections=errors>>`"
        } else {
            "arguments are `name=value`, e.g. `endpoints=create-order`; quote a path with spaces"
        };
        return Err(error(
            format!("unexpected argument `{word}`"),
            help.to_owned(),
        ));
    };
    if seen.contains(&name) {
        let help = if name == "heading" {
            "give one heading level".to_owned()
        } else {
            format!("give each argument once, with one list: `{name}=a,b`")
        };
        return Err(error(format!("`{name}=` is given twice"), help));
    }
    seen.push(name);
    if name == "heading" {
        let level = value
            .bytes()
            .all(|byte| byte.is_ascii_digit())
            .then(|| value.parse::<u8>().ok())
            .flatten();
        return match level {
            Some(level @ 1..=6) => {
                arguments.heading = Some(level);
                Ok(())
            }
            _ => Err(error(
                format!("`heading={value}` is not a heading level"),
                "use a level from 1 to 6, e.g. `heading=3`".to_owned(),
            )),
        };
    }
    let kind = Kind::from_key(name);
    if kind.is_none() && name != "sections" && name != "tags" {
        let help = suggest(name, argument_names()).unwrap_or_else(|| {
            format!(
                "arguments are: {}",
                argument_names().collect::<Vec<_>>().join(", ")
            )
        });
        return Err(error(format!("unknown argument `{name}`"), help));
    }
    if value.trim().is_empty() {
        return Err(error(
            format!("`{name}=` names nothing"),
            format!("list one or more, separated by commas: `{name}=a,b`"),
        ));
    }
    let mut items: Vec<String> = Vec::new();
    for item in value.split(',').map(str::trim) {
        if item.is_empty() {
            return Err(error(
                format!("`{word}` has an empty entry"),
                "separate the entries with single commas, with no comma at either end".to_owned(),
            ));
        }
        if items.iter().any(|known| known == item) {
            return Err(ArgumentError {
                message: format!("`{item}` is listed twice in `{name}=`"),
                help: "name each entry once".to_owned(),
                place: ArgumentPlace::Item {
                    name: name.to_owned(),
                    item: item.to_owned(),
                },
            });
        }
        items.push(item.to_owned());
    }
    match kind {
        Some(kind) => {
            arguments.items.insert(kind, items);
        }
        None if name == "tags" => arguments.tags = Some(items),
        None => arguments.sections = Some(items),
    }
    Ok(())
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
        for (event, range) in Parser::new_ext(content, markdown::options()).into_offset_iter() {
            match event {
                Event::Start(Tag::CodeBlock(_) | Tag::HtmlBlock)
                | Event::Code(_)
                | Event::InlineHtml(_)
                | Event::Html(_) => code.push(range),
                Event::Start(Tag::Heading { level, .. }) => {
                    headings.push((range.start, markdown::level_number(level)));
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

#[cfg(test)]
mod tests;
