//! Facts about markdown that both reading chapters and writing output depend on: the parser
//! options mdBook uses, heading levels, the ids mdBook gives headings, the slugs our
//! generated ids are made of, and the subset of markdown that spec prose may use
//! ([`prose_events`], [`link_target`]), which the checks and the renderer read alike.

use pulldown_cmark::{
    CodeBlockKind, CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd,
};

/// The markdown options mdBook parses chapters with; the serialiser escapes for exactly these.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_DEFINITION_LIST
        | Options::ENABLE_GFM
}

/// The heading of `level`, from 1; 0 counts as 1 and anything past 6 as 6.
pub fn heading_level(level: u8) -> HeadingLevel {
    match level {
        0 | 1 => HeadingLevel::H1,
        2 => HeadingLevel::H2,
        3 => HeadingLevel::H3,
        4 => HeadingLevel::H4,
        5 => HeadingLevel::H5,
        _ => HeadingLevel::H6,
    }
}

/// The number of a heading level, 1 to 6.
pub fn level_number(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// The ids mdBook gives the chapter's own headings: explicit `{#id}`s, else the text
/// lowercased, whitespace as `-`, and only letters, digits, `_` and `-` kept (mdBook 0.5's
/// rule; 0.4 differs only in non-ASCII case). Generated ids must not repeat them, because
/// mdBook does not de-duplicate explicit ids against automatic ones.
pub fn heading_ids(content: &str) -> Vec<String> {
    let mut ids = Vec::new();
    let mut text: Option<String> = None;
    for event in Parser::new_ext(content, options()) {
        match event {
            Event::Start(Tag::Heading { id: Some(id), .. }) => ids.push(id.to_string()),
            Event::Start(Tag::Heading { id: None, .. }) => text = Some(String::new()),
            Event::Text(part) | Event::Code(part) => {
                if let Some(text) = text.as_mut() {
                    text.push_str(&part);
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some(text) = text.take() {
                    ids.push(
                        text.trim()
                            .to_lowercase()
                            .chars()
                            .filter_map(|c| match c {
                                c if c.is_alphanumeric() || c == '_' || c == '-' => Some(c),
                                c if c.is_whitespace() => Some('-'),
                                _ => None,
                            })
                            .collect(),
                    );
                }
            }
            _ => {}
        }
    }
    ids
}

/// The part of a generated id made from a name: lowercase letters and digits, with everything
/// else folded into single `-`.
pub fn slug(text: &str) -> String {
    let mut res = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_alphanumeric() || c == '_' {
            res.extend(c.to_lowercase());
        } else if !res.ends_with('-') {
            res.push('-');
        }
    }
    let trimmed = res.trim_matches('-');
    if trimmed.is_empty() {
        "item".to_owned()
    } else {
        trimmed.to_owned()
    }
}

/// Where a link in spec prose leads, when it may lead anywhere.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LinkTarget<'a> {
    /// `#<key>.<id>`: an item of the spec, by the section key that holds items of its kind
    /// (`models`) and its id as written (`Order`). Whether they exist is not known here.
    Item {
        /// The part before the first `.`.
        key: &'a str,
        /// The rest.
        id: &'a str,
    },
    /// An absolute `http`, `https` or `mailto` URL, normalised.
    Url(String),
}

/// What a link destination in spec prose leads to: an item of the spec (`#models.Order`), a
/// URL with a scheme that cannot run code, or nothing (any other scheme, a relative path),
/// in which case the link shows its text only.
pub fn link_target(dest: &str) -> Option<LinkTarget<'_>> {
    if let Some(fragment) = dest.strip_prefix('#') {
        let (key, id) = fragment.split_once('.').unwrap_or((fragment, ""));
        return Some(LinkTarget::Item { key, id });
    }
    match url::Url::parse(dest) {
        Ok(url) if matches!(url.scheme(), "http" | "https" | "mailto") => {
            Some(LinkTarget::Url(url.to_string()))
        }
        _ => None,
    }
}

/// Languages a code block in spec prose keeps, for highlighting. Any other info string is
/// dropped: a preprocessor running after this one might turn a block of its language into
/// something other than code (a diagram, an admonition holding HTML).
const CODE_LANGUAGES: &[&str] = &[
    "bash",
    "c",
    "cpp",
    "csharp",
    "css",
    "csv",
    "diff",
    "go",
    "graphql",
    "html",
    "http",
    "ini",
    "java",
    "javascript",
    "js",
    "json",
    "kotlin",
    "php",
    "protobuf",
    "python",
    "ruby",
    "rust",
    "sh",
    "shell",
    "sql",
    "swift",
    "text",
    "toml",
    "ts",
    "typescript",
    "xml",
    "yaml",
    "yml",
];

/// The language of a code block whose info string is `info`, when it is one of the languages
/// kept for highlighting (its first word, in any case); `None` for any other.
pub fn code_language(info: &str) -> Option<&'static str> {
    let word = info.split_whitespace().next()?.to_ascii_lowercase();
    CODE_LANGUAGES.iter().find(|known| **known == word).copied()
}

/// Spec prose as markdown events, reduced to the subset a spec may use: paragraphs, bullet
/// and numbered lists, code spans and code blocks, emphasis, strong emphasis, strikethrough,
/// line breaks, and links whose [`link_target`] is an item or a safe URL (other links keep
/// their text). Everything else (headings, raw HTML, images, tables, block quotes, rules,
/// footnotes, task markers, definition lists) comes out as its source text, for the
/// serialiser to escape. Events borrow from `text`; the result nests like the parser's.
pub fn prose_events(text: &str) -> Vec<Event<'_>> {
    let mut out = Vec::new();
    // For each open link: whether it was kept (else its end is dropped too).
    let mut links: Vec<bool> = Vec::new();
    let mut events = Parser::new_ext(text, options()).into_offset_iter();
    while let Some((event, range)) = events.next() {
        match event {
            Event::Start(tag) => match tag {
                Tag::Paragraph
                | Tag::List(_)
                | Tag::Item
                | Tag::Emphasis
                | Tag::Strong
                | Tag::Strikethrough => {
                    out.push(Event::Start(tag));
                }
                Tag::CodeBlock(kind) => {
                    let language = match kind {
                        CodeBlockKind::Fenced(info) => code_language(&info).unwrap_or_default(),
                        CodeBlockKind::Indented => "",
                    };
                    out.push(Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(
                        CowStr::Borrowed(language),
                    ))));
                }
                Tag::Link {
                    link_type,
                    dest_url,
                    ..
                } => {
                    let dest = if link_type == LinkType::Email {
                        CowStr::from(format!("mailto:{dest_url}"))
                    } else {
                        dest_url
                    };
                    let kept = match link_target(&dest) {
                        Some(LinkTarget::Item { .. }) => Some(dest),
                        Some(LinkTarget::Url(url)) => Some(CowStr::from(url)),
                        None => None,
                    };
                    links.push(kept.is_some());
                    if let Some(dest) = kept {
                        out.push(Event::Start(Tag::Link {
                            link_type: LinkType::Inline,
                            dest_url: dest,
                            title: CowStr::Borrowed(""),
                            id: CowStr::Borrowed(""),
                        }));
                    }
                }
                other => {
                    // Outside the subset: skip to its end, and show its source instead (an
                    // image where it stands, a block as a paragraph).
                    let inline = matches!(other, Tag::Image { .. });
                    let mut depth = 1usize;
                    for (inner, _) in events.by_ref() {
                        match inner {
                            Event::Start(_) => depth += 1,
                            Event::End(_) => depth -= 1,
                            _ => {}
                        }
                        if depth == 0 {
                            break;
                        }
                    }
                    source_text(&mut out, &text[range], inline);
                }
            },
            Event::End(end) => match end {
                TagEnd::Link => {
                    if links.pop().unwrap_or(false) {
                        out.push(Event::End(end));
                    }
                }
                end => out.push(Event::End(end)),
            },
            Event::Text(_) | Event::Code(_) | Event::SoftBreak | Event::HardBreak => {
                out.push(event);
            }
            Event::InlineHtml(source) => {
                source_text(&mut out, &source_of(text, &range, &source), true);
            }
            // Only inside an HTML block, which is skipped whole.
            Event::Html(source) => {
                source_text(&mut out, &source_of(text, &range, &source), false);
            }
            Event::Rule => source_text(&mut out, &text[range], false),
            Event::TaskListMarker(_) => {
                out.push(Event::Text(CowStr::from(format!(
                    "{} ",
                    text[range].trim()
                ))));
            }
            Event::FootnoteReference(_) | Event::InlineMath(_) | Event::DisplayMath(_) => {
                source_text(&mut out, &text[range], true);
            }
        }
    }
    out
}

/// The source of an HTML event: its range of the text (the event's own text when the range
/// does not hold it).
fn source_of<'t>(text: &'t str, range: &std::ops::Range<usize>, event: &str) -> CowStr<'t> {
    match text.get(range.clone()) {
        Some(source) if !source.trim().is_empty() => CowStr::Borrowed(source),
        _ => CowStr::from(event.to_owned()),
    }
}

/// Source text shown as text: its lines, trimmed, joined by soft breaks; a paragraph of its
/// own unless it stands inline.
fn source_text<'t>(out: &mut Vec<Event<'t>>, source: &str, inline: bool) {
    let lines: Vec<&str> = source
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .collect();
    if lines.is_empty() {
        return;
    }
    if !inline {
        out.push(Event::Start(Tag::Paragraph));
    }
    for (idx, line) in lines.into_iter().enumerate() {
        if idx > 0 {
            out.push(Event::SoftBreak);
        }
        out.push(Event::Text(CowStr::from(line.to_owned())));
    }
    if !inline {
        out.push(Event::End(TagEnd::Paragraph));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_lowercase_and_folded() {
        assert_eq!(slug("create-order"), "create-order");
        assert_eq!(slug("INVALID_CUSTOMER"), "invalid_customer");
        assert_eq!(slug("order.shipped"), "order-shipped");
        assert_eq!(slug("  Größe Ärger "), "größe-ärger");
        assert_eq!(slug("!!!"), "item");
    }
}
