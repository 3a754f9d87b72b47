//! Spec prose: description-like texts, read as the subset of CommonMark a spec may use
//! (`markdown::prose_events`) and turned into the serialiser's blocks ([`prose`]) or, for
//! table cells and list items, into one line ([`prose_line`]). Links to items of the spec
//! (`#models.Order`) lead where the item is rendered; other links keep their URL only when
//! it is `http`, `https` or `mailto`. Escaping stays the serialiser's.

use std::iter::Peekable;

use pulldown_cmark::{Event, Tag, TagEnd};

use super::doc::{Block, Doc, Inline, Style, strong, text};
use crate::markdown::{LinkTarget, link_target, prose_events};
use crate::spec::Kind;

/// Prose as blocks: paragraphs, lists and code blocks.
pub(super) fn prose(doc: &mut Doc<'_>, value: &str) {
    let blocks = parse(doc, value);
    if too_deep(&blocks) || !doc.blocks(blocks) {
        doc.plain_prose(value);
    }
}

/// How deep lists in prose may nest before the prose is shown as written: deeper lists
/// read as nothing on a page, and each level makes the serialiser's work on the block
/// grow (it tries a block it cannot write some sixty ways).
const MAX_LIST_DEPTH: usize = 8;

fn too_deep(blocks: &[Block]) -> bool {
    fn depth(blocks: &[Block]) -> usize {
        blocks
            .iter()
            .map(|block| match block {
                Block::List { items, .. } => {
                    1 + items.iter().map(|item| depth(item)).max().unwrap_or(0)
                }
                _ => 0,
            })
            .max()
            .unwrap_or(0)
    }
    depth(blocks) > MAX_LIST_DEPTH
}

/// `**Label:** prose`: the label starts the first paragraph, or stands on its own before
/// a list or code block.
pub(super) fn labelled_prose(doc: &mut Doc<'_>, label: &str, value: &str) {
    let mut blocks = parse(doc, value);
    if blocks.is_empty() {
        return;
    }
    let lead = vec![strong(format!("{label}:")), text(" ")];
    match blocks.first_mut() {
        Some(Block::Paragraph(content)) => {
            content.splice(0..0, lead);
        }
        _ => blocks.insert(0, Block::Paragraph(lead)),
    }
    if too_deep(&blocks) || !doc.blocks(blocks) {
        doc.paragraph(vec![strong(format!("{label}:"))]);
        doc.plain_prose(value);
    }
}

/// Prose as one line, for a table cell or a list item: paragraphs and list items run on,
/// a code block becomes a code span.
pub(super) fn prose_line(doc: &Doc<'_>, value: &str) -> Vec<Inline> {
    let mut line = Vec::new();
    fold(parse(doc, value), &mut line);
    line
}

/// [`prose_line`] of an optional text; nothing for none.
pub(super) fn prose_cell(doc: &Doc<'_>, value: Option<&String>) -> Vec<Inline> {
    value.map_or_else(Vec::new, |value| prose_line(doc, value))
}

fn fold(blocks: Vec<Block>, line: &mut Vec<Inline>) {
    for block in blocks {
        if !line.is_empty() {
            line.push(text(" "));
        }
        match block {
            Block::Paragraph(content) => line.extend(content),
            Block::List { start, items } => {
                for (idx, item) in items.into_iter().enumerate() {
                    if idx > 0 {
                        line.push(text(" "));
                    }
                    line.push(text(match start {
                        Some(start) => format!("{}. ", start.saturating_add(idx as u64)),
                        None => "• ".to_owned(),
                    }));
                    let mut content = Vec::new();
                    fold(item, &mut content);
                    line.extend(content);
                }
            }
            Block::Code { body, .. } => line.push(Inline::Code(body)),
        }
    }
}

fn parse(doc: &Doc<'_>, value: &str) -> Vec<Block> {
    let mut reader = Reader {
        doc,
        events: prose_events(value).into_iter().peekable(),
    };
    reader.blocks(None)
}

/// Reads the prose events into blocks and inlines.
struct Reader<'d, 'a, 't> {
    doc: &'d Doc<'a>,
    events: Peekable<std::vec::IntoIter<Event<'t>>>,
}

impl Reader<'_, '_, '_> {
    /// Blocks up to `end` (consumed) or the end of the events.
    fn blocks(&mut self, end: Option<TagEnd>) -> Vec<Block> {
        let mut blocks = Vec::new();
        while let Some(event) = self.events.peek() {
            match event {
                Event::End(found) if Some(*found) == end => {
                    self.events.next();
                    break;
                }
                Event::Start(Tag::Paragraph) => {
                    self.events.next();
                    let content = self.inlines();
                    self.close(TagEnd::Paragraph);
                    blocks.push(Block::Paragraph(content));
                }
                Event::Start(Tag::List(start)) => {
                    let start = *start;
                    self.events.next();
                    let mut items = Vec::new();
                    while let Some(event) = self.events.next() {
                        match event {
                            Event::Start(Tag::Item) => items.push(self.blocks(Some(TagEnd::Item))),
                            Event::End(TagEnd::List(_)) => break,
                            _ => {}
                        }
                    }
                    blocks.push(Block::List { start, items });
                }
                Event::Start(Tag::CodeBlock(kind)) => {
                    let language = match kind {
                        pulldown_cmark::CodeBlockKind::Fenced(info) => info.to_string(),
                        pulldown_cmark::CodeBlockKind::Indented => String::new(),
                    };
                    self.events.next();
                    let mut body = String::new();
                    for event in self.events.by_ref() {
                        match event {
                            Event::Text(part) => body.push_str(&part),
                            Event::End(TagEnd::CodeBlock) => break,
                            _ => {}
                        }
                    }
                    blocks.push(Block::Code { language, body });
                }
                event if is_inline(event) => {
                    // A tight list item's text, without a paragraph.
                    let content = self.inlines();
                    blocks.push(Block::Paragraph(content));
                }
                _ => {
                    // Nothing else comes out of `prose_events`; step over it.
                    self.events.next();
                }
            }
        }
        blocks
    }

    /// Inline content, up to the first event that is not inline.
    fn inlines(&mut self) -> Vec<Inline> {
        let mut content = Vec::new();
        while let Some(event) = self.events.next_if(is_inline) {
            match event {
                Event::Text(value) => content.push(Inline::Text(value.into_string())),
                Event::Code(value) => content.push(Inline::Code(value.into_string())),
                Event::SoftBreak => content.push(Inline::Break(false)),
                Event::HardBreak => content.push(Inline::Break(true)),
                Event::Start(Tag::Emphasis) => self.styled(Style::Emphasis, &mut content),
                Event::Start(Tag::Strong) => self.styled(Style::Strong, &mut content),
                Event::Start(Tag::Strikethrough) => {
                    self.styled(Style::Strikethrough, &mut content);
                }
                Event::Start(Tag::Link { dest_url, .. }) => {
                    let inner = self.inlines();
                    self.close(TagEnd::Link);
                    content.extend(link(self.doc, &dest_url, inner));
                }
                _ => {}
            }
        }
        content
    }

    fn styled(&mut self, style: Style, content: &mut Vec<Inline>) {
        let inner = self.inlines();
        self.close(match style {
            Style::Emphasis => TagEnd::Emphasis,
            Style::Strong => TagEnd::Strong,
            Style::Strikethrough => TagEnd::Strikethrough,
        });
        content.push(Inline::Styled(style, inner));
    }

    /// Steps over the end of a container when it is next.
    fn close(&mut self, end: TagEnd) {
        self.events.next_if(|event| *event == Event::End(end));
    }
}

fn is_inline(event: &Event<'_>) -> bool {
    matches!(
        event,
        Event::Text(_)
            | Event::Code(_)
            | Event::SoftBreak
            | Event::HardBreak
            | Event::Start(Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Link { .. })
    )
}

/// A link's content, linked where `dest` leads: an item where it is rendered (its text only
/// when it is rendered nowhere or does not exist), or a safe URL.
fn link(doc: &Doc<'_>, dest: &str, content: Vec<Inline>) -> Vec<Inline> {
    match link_target(dest) {
        Some(LinkTarget::Item { key, id }) => {
            let Some(kind) =
                Kind::from_key(key).filter(|kind| doc.anchors.item(*kind, id).is_some())
            else {
                return content;
            };
            let content = if content.is_empty() {
                vec![text(id)]
            } else {
                content
            };
            match doc.link_dest(kind, id) {
                Some(dest) => vec![Inline::Link { dest, content }],
                None => {
                    doc.note_unlinked(kind, id);
                    content
                }
            }
        }
        Some(LinkTarget::Url(url)) => {
            let content = if content.is_empty() {
                vec![text(url.clone())]
            } else {
                content
            };
            vec![Inline::Link { dest: url, content }]
        }
        None => content,
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;
    use crate::load::{Format, parse_spec};
    use crate::markdown;
    use crate::render::anchors::{Anchors, Context};
    use crate::render::doc::Layout;
    use crate::select::Selection;

    fn html(markdown: &str) -> String {
        let mut html = String::new();
        pulldown_cmark::html::push_html(
            &mut html,
            pulldown_cmark::Parser::new_ext(markdown, markdown::options()),
        );
        html
    }

    /// `value` as prose in a paragraph, and as one line in a table cell, as HTML.
    fn rendered(context: &Context, value: &str) -> String {
        let mut doc = Doc::new(Layout::default(), context);
        prose(&mut doc, value);
        let line = prose_line(&doc, value);
        doc.table(&["Cell"], vec![vec![line]]);
        html(&doc.finish().unwrap())
    }

    #[test]
    fn spec_prose_is_a_safe_subset() {
        let context = Context::empty();
        let hostile = "<script>alert(1)</script>\n\n\
            # Heading\n\n\
            Text <img src=x onerror=alert(1)> <b>bold</b> [js](javascript:alert(1)) \
            [rel](../secret.md) [data](data:text/html,x) ![img](https://x.example/i.png)\n\n\
            <div onclick=\"x\">block</div>\n\n\
            | a | b |\n|---|---|\n| 1 | 2 |\n\n\
            > quote\n\n\
            ```mermaid\ngraph TD\n```\n\n\
            ---\n\nSetext\n===\n\nterm\n: definition\n\n- [ ] task\n\n\
            {{#include /etc/passwd}} &lt;i&gt; &amp;lt;";
        let html = rendered(&context, hostile);
        for forbidden in [
            "<script",
            "<img",
            "<b>",
            "<h1",
            "<h2",
            "<blockquote",
            "<div",
            "<hr",
            "<dl",
            "<input",
            "<i>",
            "href=\"javascript",
            "href=\"data",
            "href=\"../",
            "language-mermaid",
        ] {
            assert!(!html.contains(forbidden), "{forbidden} in {html}");
        }
        // What was escaped reads as written.
        for shown in [
            "&lt;script&gt;alert(1)&lt;/script&gt;",
            "# Heading",
            "&lt;img src=x onerror=alert(1)&gt;",
            "js rel data ![img](https://x.example/i.png)",
            "&gt; quote",
            "{{#include /etc/passwd}} &lt;i&gt; &amp;lt;",
        ] {
            assert!(html.contains(shown), "{shown} not in {html}");
        }
        // The table cell is one cell, of the one table.
        assert_eq!(html.matches("<table").count(), 1, "{html}");
        assert_eq!(html.matches("<td>").count(), 1, "{html}");
    }

    #[test]
    fn the_subset_is_rendered() {
        let context = Context::empty();
        let value = "Pass `next_cursor` as *cursor*, **not** ~~page~~; see \
            [the guide](https://example.com/guide) or <mailto:api@example.com>.\n\n\
            - one\n- two\n\n1. first\n2. second\n\n```json\n{\"a\": 1}\n```";
        let html = rendered(&context, value);
        for shown in [
            "<p>Pass <code>next_cursor</code> as <em>cursor</em>, <strong>not</strong> <del>page</del>",
            "<a href=\"https://example.com/guide\">the guide</a>",
            "<a href=\"mailto:api@example.com\">",
            "<ul>\n<li>one</li>\n<li>two</li>\n</ul>",
            "<ol>\n<li>first</li>",
            "<pre><code class=\"language-json\">{\"a\": 1}\n</code></pre>",
            // In a cell, blocks run on in one line.
            "<td>Pass <code>next_cursor</code> as <em>cursor</em>",
            "• one • two 1. first 2. second <code>{\"a\": 1}</code></td>",
        ] {
            assert!(html.contains(shown), "{shown} not in {html}");
        }
    }

    #[test]
    fn lists_nest_eight_deep_and_deeper_prose_is_shown_as_written() {
        let context = Context::empty();
        let nested = |depth: usize| -> String {
            (0..depth)
                .map(|level| format!("{}- level {level}\n", "  ".repeat(level)))
                .collect()
        };
        let html = rendered(&context, &nested(8));
        assert_eq!(html.matches("<ul>").count(), 8, "{html}");
        let html = rendered(&context, &nested(9));
        assert!(!html.contains("<ul>\n<li>level 0"), "{html}");
        assert!(html.contains("<p>- level 0\n- level 1"), "{html}");
    }

    #[test]
    fn item_links_lead_where_the_item_is_rendered() {
        let text = "integration-spec: \"1.0\"\ninfo: {title: T, version: 1.0.0}\n\
            models:\n  Order: {fields: {id: string}}\n\
            errors:\n  GONE: {http_status: 410, message: gone}\n";
        let spec = parse_spec(text, Format::Yaml).0.unwrap();
        let value = "See [Order](#models.Order), [](#errors.GONE), [x](#models.Nope), \
            [y](#model.Order) and [z](#orders.models.order).";
        let context = |selection: Selection, elsewhere: &[((Kind, &str), &str)]| Context {
            anchors: Anchors::new(&spec, "p"),
            selection,
            elsewhere: elsewhere
                .iter()
                .map(|((kind, id), dest)| ((*kind, (*id).to_owned()), (*dest).to_owned()))
                .collect(),
            sections_elsewhere: HashMap::new(),
            drawn_flows: HashMap::new(),
        };

        // Rendered here.
        let here = context(Selection::everything(), &[]);
        let page = rendered(&here, value);
        assert!(
            page.contains("See <a href=\"#p.models.order\">Order</a>, <a href=\"#p.errors.gone\">GONE</a>, x, y and z."),
            "{page}"
        );

        // Rendered by another directive, or nowhere.
        let arguments = crate::directive::parse_arguments(&["sections=info".to_owned()]).unwrap();
        let selection = crate::select::select(&spec, &arguments).unwrap();
        let elsewhere = context(
            selection,
            &[((Kind::Model, "Order"), "models.md#p.models.order")],
        );
        let mut doc = Doc::new(Layout::default(), &elsewhere);
        prose(&mut doc, value);
        let unlinked = doc.unlinked.take();
        let html = html(&doc.finish().unwrap());
        assert!(
            html.contains("See <a href=\"models.md#p.models.order\">Order</a>, GONE, x,"),
            "{html}"
        );
        assert_eq!(
            unlinked.into_iter().collect::<Vec<_>>(),
            [(Kind::Error, "GONE".to_owned())]
        );
    }

    /// Markdown the serialiser cannot write back the same falls back to the text as written;
    /// whatever the text, a render never fails.
    #[test]
    fn any_text_renders() {
        let pieces = [
            "*",
            "**",
            "_",
            "__",
            "~~",
            "`",
            "[",
            "](",
            ")",
            "<",
            ">",
            "a",
            " ",
            "\n",
            "\n\n",
            "- ",
            "1. ",
            "#",
            "|",
            "\\",
            "&",
            "![",
            "<b>",
            "](#models.X)",
            "(https://x.y)",
            "    ",
            "```",
            ":",
            "'",
            "\"",
        ];
        let context = Context::empty();
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = |bound: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % bound as u64) as usize
        };
        let mut refused = 0;
        for _ in 0..3000 {
            let value: String = (0..1 + next(12))
                .map(|_| pieces[next(pieces.len())])
                .collect();
            let write = |mut doc: Doc<'_>| {
                prose(&mut doc, &value);
                labelled_prose(&mut doc, "Label", &value);
                let line = prose_line(&doc, &value);
                doc.table(&["Cell"], vec![vec![line.clone()]]);
                // Among other rows and labels: any cell can make the serialiser refuse a table.
                doc.table(
                    &["Cell", "Label"],
                    vec![
                        vec![vec![text("before")], vec![strong("deprecated")]],
                        vec![line.clone(), vec![strong("Label:"), text(" x")]],
                        vec![vec![text("after")], vec![]],
                    ],
                );
                doc.bullets(vec![line]);
                doc.blockquote(|doc| prose(doc, &value));
                doc.finish()
            };
            let tried = write(Doc::new(Layout::default(), &context))
                .unwrap_or_else(|err| panic!("{value:?}: {err}"));
            // Written without tries, a document is the same, or refused whole (and then
            // written again with them).
            match write(Doc::untried(Layout::default(), &context)) {
                Ok(untried) => assert_eq!(untried, tried, "{value:?}"),
                Err(_) => refused += 1,
            }
        }
        // The pieces make some prose that cannot be written back: the fallback is exercised.
        assert!(refused > 0);
    }
}
