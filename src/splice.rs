//! Splice stage: put generated text where the directives were.
//!
//! Replacements are applied to the original text by byte range; everything between them is
//! copied verbatim, so a chapter without directives is returned byte for byte.

use std::ops::Range;

use crate::directive::Directive;

/// One range of the chapter to replace.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Replacement {
    /// Byte range in the original text.
    pub span: Range<usize>,
    /// The new text.
    pub text: String,
}

/// Keeps mdBook's `links` preprocessor from acting on text that came from a spec, for books
/// where it runs after us: `{{#include /etc/passwd}}` in a description must stay text, not
/// pull a file into the page. A link that closes on its line is escaped as `\{{#...}}`, which
/// `links` turns back into the same text without the backslash; one that does not (its
/// `}}` is on a later line, where mdBook would still match it) gets a zero-width space
/// between its braces.
pub fn escape_mdbook_links(text: &str) -> String {
    if !text.contains("{{") {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len() + 8);
    let mut rest = text;
    // mdBook's escaped form runs greedily to the last `}}` of its line, so one backslash
    // covers every later link on that line.
    let mut escaped_line = false;
    while let Some(open) = rest.find("{{") {
        if rest[..open].contains('\n') {
            escaped_line = false;
        }
        out.push_str(&rest[..open]);
        let after = &rest[open + 2..];
        let at_hash = after.trim_start();
        if !at_hash.starts_with('#') {
            // One brace at a time: in `{{{#include x}}` the link starts at the second one.
            out.push('{');
            rest = &rest[open + 1..];
            continue;
        }
        let gap = &after[..after.len() - at_hash.len()];
        let line = at_hash.split('\n').next().unwrap_or_default();
        if !gap.contains('\n') && line.contains("}}") {
            if escaped_line {
                out.push_str("{{");
                rest = after;
            } else {
                out.push_str("\\{{");
                rest = at_hash;
                escaped_line = true;
            }
        } else {
            out.push_str("{\u{200B}{");
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

/// Applies non-overlapping replacements to `content`.
pub fn splice(content: &str, mut replacements: Vec<Replacement>) -> String {
    if replacements.is_empty() {
        return content.to_owned();
    }
    replacements.sort_by_key(|replacement| replacement.span.start);
    let mut out = String::with_capacity(
        content.len() + replacements.iter().map(|r| r.text.len()).sum::<usize>(),
    );
    let mut copied_to = 0;
    for replacement in replacements {
        if replacement.span.start < copied_to {
            continue;
        }
        out.push_str(&content[copied_to..replacement.span.start]);
        out.push_str(&replacement.text);
        copied_to = replacement.span.end;
    }
    out.push_str(&content[copied_to..]);
    out
}

/// The replacement for a directive: the generated markdown as a block of its own, with
/// blank lines around it and every line carrying the directive's list/quote prefix.
pub fn block_replacement(directive: &Directive, generated: &str) -> Replacement {
    let newline = if directive.crlf { "\r\n" } else { "\n" };
    let blank = directive.continuation.trim_end();
    let mut text = String::with_capacity(generated.len() + 64);
    text.push_str(newline);
    for line in generated.trim_end().lines() {
        if line.is_empty() {
            text.push_str(blank);
        } else {
            text.push_str(&directive.continuation);
            text.push_str(line);
        }
        text.push_str(newline);
    }
    text.push_str(blank);
    Replacement {
        span: directive.span.clone(),
        text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::directive::{Found, find_directives};

    fn directive(content: &str) -> Directive {
        match find_directives(content).into_iter().next() {
            Some(Found::Directive(directive)) => directive,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn no_replacements_is_identity() {
        let content = "# Title\r\n\r\nText with trailing spaces   \n\n\n";
        assert_eq!(splice(content, Vec::new()), content);
    }

    #[test]
    fn directive_becomes_a_block() {
        let content = "Intro\n<<#integration-spec a.yaml>>\nOutro\n";
        let replacement = block_replacement(&directive(content), "## A\n\nText\n");
        assert_eq!(
            splice(content, vec![replacement]),
            "Intro\n\n## A\n\nText\n\nOutro\n"
        );
    }

    #[test]
    fn blockquote_and_list_prefixes_are_repeated() {
        let content = "> <<#integration-spec a.yaml>>\n";
        let replacement = block_replacement(&directive(content), "## A\n\n| x |\n|---|\n");
        assert_eq!(
            splice(content, vec![replacement]),
            "> \n> ## A\n>\n> | x |\n> |---|\n>\n"
        );
        let content = "- <<#integration-spec a.yaml>>\n";
        let replacement = block_replacement(&directive(content), "Text\n\nMore\n");
        assert_eq!(
            splice(content, vec![replacement]),
            "- \n  Text\n\n  More\n\n"
        );
    }

    #[test]
    fn crlf_chapters_get_crlf_lines() {
        let content = "<<#integration-spec a.yaml>>\r\nnext\r\n";
        let replacement = block_replacement(&directive(content), "A\n\nB\n");
        assert_eq!(
            splice(content, vec![replacement]),
            "\r\nA\r\n\r\nB\r\n\r\nnext\r\n"
        );
    }

    #[test]
    fn escapes_drop_the_backslash() {
        let content = "a \\<<#integration-spec x>> b";
        let removal = Replacement {
            span: 2..3,
            text: String::new(),
        };
        assert_eq!(
            splice(content, vec![removal]),
            "a <<#integration-spec x>> b"
        );
    }
}

#[cfg(test)]
mod link_tests {
    use super::escape_mdbook_links;

    #[test]
    fn mdbook_links_from_specs_are_escaped() {
        assert_eq!(
            escape_mdbook_links("a {{#include /etc/passwd}} b"),
            "a \\{{#include /etc/passwd}} b"
        );
        assert_eq!(
            escape_mdbook_links("{{ #title Pwned }}"),
            "\\{{#title Pwned }}"
        );
        assert_eq!(
            escape_mdbook_links("{{#include x\n}}"),
            "{\u{200B}{#include x\n}}"
        );
        assert_eq!(
            escape_mdbook_links("{{\n#include x}}"),
            "{\u{200B}{\n#include x}}"
        );
        // Handlebars in an example is kept exactly (mdBook drops the backslash again).
        assert_eq!(
            escape_mdbook_links(r#""{{#each items}}{{name}}{{/each}}""#),
            r#""\{{#each items}}{{name}}{{/each}}""#
        );
        assert_eq!(
            escape_mdbook_links("no braces { here }"),
            "no braces { here }"
        );
        assert_eq!(escape_mdbook_links("{{"), "{{");
    }
}
