//! Facts about markdown that both reading chapters and writing output depend on: the parser
//! options mdBook uses, heading levels, the ids mdBook gives headings, and the slugs our
//! generated ids are made of.

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

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
