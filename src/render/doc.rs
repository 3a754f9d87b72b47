//! The serialiser: a [`Doc`] collects pulldown-cmark events for the blocks a section asks for
//! (headings, paragraphs, lists, tables, code blocks, quotes) and writes them as CommonMark in
//! one place ([`Doc::flush`]), so spec text is escaped wherever it lands and never becomes
//! live HTML. [`Inline`] is the inline content those blocks hold and [`Block`] the blocks of
//! spec prose; [`tidy`] drops what markdown cannot write. A part of a render is first written
//! as it is ([`Doc::untried`]); only when the serialiser refuses it is it written again with
//! prose, tables and lists tried on a copy of the serialiser first ([`Doc::fits`]), what it
//! refuses falling back to plainer text. Events are handed over every [`FLUSH_AFTER_EVENTS`]
//! so memory stays flat.

use std::collections::{BTreeSet, HashMap};

use pulldown_cmark::{Alignment, CodeBlockKind, CowStr, Event, LinkType, Tag, TagEnd};

use super::anchors::{Anchors, Context};
use super::writer::{self, Writer};
use crate::markdown::{self, heading_level};
use crate::select::{Section, Selection};
use crate::spec::Kind;

/// A piece of inline content.
#[derive(Clone, Debug)]
pub(crate) enum Inline {
    Text(String),
    Code(String),
    Strong(String),
    /// Emphasis, strong emphasis or strikethrough around other inline content.
    Styled(Style, Vec<Inline>),
    Link {
        dest: String,
        content: Vec<Inline>,
    },
    /// An empty `<a id>` target, for table rows, which cannot carry heading ids. The id is
    /// built by [`slug`] and so holds no quote or angle bracket.
    Anchor(String),
    /// A line break in prose: `true` for a hard one. A space where content is one line.
    Break(bool),
    /// A `<br>`: a new line inside a table cell, which markdown cannot write otherwise.
    CellBreak,
}

/// A block of spec prose (see `prose`).
#[derive(Clone, Debug)]
pub(crate) enum Block {
    Paragraph(Vec<Inline>),
    /// A bullet list, or a numbered one from `start`.
    List {
        start: Option<u64>,
        items: Vec<Vec<Block>>,
    },
    Code {
        language: String,
        body: String,
    },
}

/// What [`Inline::Styled`] does to its content.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Style {
    Emphasis,
    Strong,
    Strikethrough,
}

impl Style {
    fn tags(self) -> (Tag<'static>, TagEnd) {
        match self {
            Style::Emphasis => (Tag::Emphasis, TagEnd::Emphasis),
            Style::Strong => (Tag::Strong, TagEnd::Strong),
            Style::Strikethrough => (Tag::Strikethrough, TagEnd::Strikethrough),
        }
    }
}

pub(crate) fn text(value: impl Into<String>) -> Inline {
    Inline::Text(value.into())
}

pub(crate) fn code(value: impl Into<String>) -> Inline {
    Inline::Code(value.into())
}

pub(crate) fn strong(value: impl Into<String>) -> Inline {
    Inline::Strong(value.into())
}

/// A link to a URL from a spec, only for schemes that cannot run code; else plain text.
pub(crate) fn external_link(url: &str, content: Vec<Inline>) -> Vec<Inline> {
    match markdown::link_target(url) {
        Some(markdown::LinkTarget::Url(dest)) => vec![Inline::Link { dest, content }],
        _ => content,
    }
}

/// Heading levels of one render.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct Layout {
    /// The level of the spec's title heading, when the directive stands under no heading.
    pub(super) title_level: Option<u8>,
    /// The level of section headings; items are one below. Without section headings it is
    /// one above the first heading shown (and may be 0).
    pub(super) section_level: u8,
}

/// An event list under construction.
pub(crate) struct Doc<'a> {
    /// Events not yet handed to the serialiser.
    events: Vec<Event<'static>>,
    writer: Writer,
    failure: Option<String>,
    layout: Layout,
    pub(crate) anchors: &'a Anchors,
    pub(crate) selection: &'a Selection,
    elsewhere: &'a HashMap<(Kind, String), String>,
    sections_elsewhere: &'a HashMap<Section, String>,
    drawn_flows: &'a HashMap<String, String>,
    /// Items of the spec that a link pointed at but nothing renders.
    pub(super) unlinked: std::cell::RefCell<BTreeSet<(Kind, String)>>,
    /// Block quotes open around the events being added.
    open_quotes: usize,
    /// Whether blocks with emphasis are tried before they are added (see [`Doc::fits`]).
    try_emphasis: bool,
}

impl<'a> Doc<'a> {
    pub(super) fn new(layout: Layout, context: &'a Context) -> Self {
        Doc {
            events: Vec::new(),
            writer: Writer::default(),
            failure: None,
            layout,
            anchors: &context.anchors,
            selection: &context.selection,
            elsewhere: &context.elsewhere,
            sections_elsewhere: &context.sections_elsewhere,
            drawn_flows: &context.drawn_flows,
            unlinked: std::cell::RefCell::new(BTreeSet::new()),
            open_quotes: 0,
            try_emphasis: true,
        }
    }

    /// A document that adds blocks with emphasis without trying them first. The serialiser
    /// still checks each one, and refuses the whole document when one does not read back the
    /// same; the caller then writes it again with [`Doc::new`], which falls back block by
    /// block. Almost all prose reads back, and a try costs as much as the write.
    pub(super) fn untried(layout: Layout, context: &'a Context) -> Self {
        Doc {
            try_emphasis: false,
            ..Doc::new(layout, context)
        }
    }

    /// Writes the pending events of complete blocks: the only place markdown is written.
    fn flush(&mut self) {
        let complete = writer::complete_len(&self.events);
        if self.failure.is_none()
            && let Err(err) = self.writer.write(&self.events[..complete])
        {
            self.failure = Some(format!("cannot write the generated markdown: {err}"));
        }
        self.events.drain(..complete);
    }

    pub(super) fn finish(mut self) -> Result<String, String> {
        self.flush();
        if let Some(failure) = self.failure {
            return Err(failure);
        }
        if !self.events.is_empty() {
            return Err("cannot write the generated markdown: a block is not closed".to_owned());
        }
        let mut out = self.writer.finish();
        out.truncate(out.trim_end().len());
        out.push('\n');
        Ok(out)
    }

    /// Whether the directive stands under no heading, so the spec title becomes one.
    pub(crate) fn has_title_heading(&self) -> bool {
        self.layout.title_level.is_some()
    }

    /// A section's heading, unless the directive asked only for items; returns the section's id.
    pub(crate) fn section_heading(
        &mut self,
        section: crate::select::Section,
        title: &str,
    ) -> String {
        let id = self.anchors.section(section.name());
        if self.selection.shows_section_headings() {
            self.heading(0, &id, vec![text(title)]);
        }
        id
    }

    /// A heading `depth` levels below the section level (0 = a section heading).
    pub(crate) fn heading(&mut self, depth: u8, id: &str, content: Vec<Inline>) {
        // Every block before a heading is closed: a safe point to hand events over.
        if self.events.len() >= FLUSH_AFTER_EVENTS {
            self.flush();
        }
        let level = heading_level(self.layout.section_level.saturating_add(depth));
        self.events.push(Event::Start(Tag::Heading {
            level,
            id: Some(CowStr::from(id.to_owned())),
            classes: Vec::new(),
            attrs: Vec::new(),
        }));
        self.inlines(content, false);
        self.events.push(Event::End(TagEnd::Heading(level)));
    }

    /// The spec's own title heading, one level above sections.
    pub(crate) fn title_heading(&mut self, id: &str, title: &str) {
        let level = heading_level(self.layout.title_level.unwrap_or(1));
        self.events.push(Event::Start(Tag::Heading {
            level,
            id: Some(CowStr::from(id.to_owned())),
            classes: Vec::new(),
            attrs: Vec::new(),
        }));
        self.inlines(vec![text(title)], false);
        self.events.push(Event::End(TagEnd::Heading(level)));
    }

    pub(crate) fn paragraph(&mut self, content: Vec<Inline>) {
        let content = tidy(content);
        if content.is_empty() {
            return;
        }
        self.events.push(Event::Start(Tag::Paragraph));
        self.inlines(content, false);
        self.events.push(Event::End(TagEnd::Paragraph));
    }

    /// Text shown as written: one paragraph per blank-line-separated block, lines kept as
    /// soft breaks. What spec prose falls back to when its markdown cannot be written back.
    pub(crate) fn plain_prose(&mut self, value: &str) {
        for block in value.split("\n\n") {
            let lines: Vec<&str> = block
                .lines()
                .map(str::trim)
                .filter(|line| !line.is_empty())
                .collect();
            if lines.is_empty() {
                continue;
            }
            self.events.push(Event::Start(Tag::Paragraph));
            for (idx, line) in lines.into_iter().enumerate() {
                if idx > 0 {
                    self.events.push(Event::SoftBreak);
                }
                self.events.push(Event::Text(CowStr::from(line.to_owned())));
            }
            self.events.push(Event::End(TagEnd::Paragraph));
        }
    }

    /// Blocks of prose. Writes nothing and returns `false` when the serialiser cannot write
    /// them so that they read back the same; the caller then shows the text as written.
    pub(crate) fn blocks(&mut self, blocks: Vec<Block>) -> bool {
        let mut events = Vec::new();
        for block in blocks {
            self.block_events(block, &mut events);
        }
        if !self.fits(&events) {
            return false;
        }
        self.events.extend(events);
        true
    }

    /// Whether `events`, added here, are written so that they read back the same. Blocks
    /// with emphasis whose delimiters are not certain are tried on the serialiser, which
    /// refuses what it cannot write: spec prose is tried before it goes in, so that a
    /// refusal falls back to plainer text instead of failing the whole render.
    fn fits(&mut self, events: &[Event<'static>]) -> bool {
        let delimiters = events.iter().any(|event| {
            matches!(
                event,
                Event::Start(Tag::Emphasis | Tag::Strong | Tag::Strikethrough)
            )
        });
        if !delimiters || !self.try_emphasis {
            return true;
        }
        writer::fits(events, self.open_quotes)
    }

    fn block_events(&self, block: Block, out: &mut Vec<Event<'static>>) {
        match block {
            Block::Paragraph(content) => {
                let content = tidy(content);
                if content.is_empty() {
                    return;
                }
                out.push(Event::Start(Tag::Paragraph));
                self.inline_events(content, false, out);
                out.push(Event::End(TagEnd::Paragraph));
            }
            // Lists are written tight: paragraphs in an item run on as one. A loose list of
            // one item, or an empty item, would make the serialiser hold back everything
            // after it and check it as one block.
            Block::List { start, items } => {
                let mut list = Vec::new();
                for item in items {
                    let mut events = Vec::new();
                    let mut after_text = false;
                    for block in item {
                        match block {
                            Block::Paragraph(content) => {
                                let content = tidy(content);
                                if content.is_empty() {
                                    continue;
                                }
                                if after_text {
                                    events.push(Event::SoftBreak);
                                }
                                self.inline_events(content, false, &mut events);
                                after_text = true;
                            }
                            block => {
                                self.block_events(block, &mut events);
                                after_text = false;
                            }
                        }
                    }
                    if !events.is_empty() {
                        list.push(Event::Start(Tag::Item));
                        list.extend(events);
                        list.push(Event::End(TagEnd::Item));
                    }
                }
                if !list.is_empty() {
                    out.push(Event::Start(Tag::List(start)));
                    out.extend(list);
                    out.push(Event::End(TagEnd::List(start.is_some())));
                }
            }
            Block::Code { language, body } => {
                out.push(Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(
                    CowStr::from(language),
                ))));
                let mut body = body;
                if !body.ends_with('\n') {
                    body.push('\n');
                }
                out.push(Event::Text(CowStr::from(body)));
                out.push(Event::End(TagEnd::CodeBlock));
            }
        }
    }

    /// `**Label:** value` as a paragraph.
    pub(crate) fn labelled(&mut self, label: &str, content: Vec<Inline>) {
        // A blank value is as good as none: no label over nothing.
        let mut content = tidy(content);
        if content.is_empty() {
            return;
        }
        content.insert(0, strong(format!("{label}:")));
        content.insert(1, text(" "));
        self.paragraph(content);
    }

    pub(crate) fn bullets(&mut self, items: Vec<Vec<Inline>>) {
        self.list(None, items);
    }

    pub(crate) fn numbered(&mut self, items: Vec<Vec<Inline>>) {
        self.list(Some(1), items);
    }

    fn list(&mut self, start: Option<u64>, items: Vec<Vec<Inline>>) {
        if items.is_empty() {
            return;
        }
        let events = |doc: &Self, items: Vec<Vec<Inline>>| {
            let mut out = vec![Event::Start(Tag::List(start))];
            for item in items {
                out.push(Event::Start(Tag::Item));
                doc.inline_events(item, true, &mut out);
                out.push(Event::End(TagEnd::Item));
            }
            out.push(Event::End(TagEnd::List(start.is_some())));
            out
        };
        if !self.try_emphasis {
            let written = events(self, items);
            self.events.extend(written);
            return;
        }
        let styled = events(self, items.clone());
        let written = if self.fits(&styled) {
            styled
        } else {
            events(self, items.into_iter().map(unstyled).collect())
        };
        self.events.extend(written);
    }

    /// A GFM table; rows shorter than the header are padded, and a column that no row fills
    /// is left out, so narrow pages are not spent on empty cells.
    pub(crate) fn table(&mut self, header: &[&str], rows: Vec<Vec<Vec<Inline>>>) {
        let rows: Vec<Vec<Vec<Inline>>> = rows
            .into_iter()
            .map(|mut row| {
                row.resize(header.len(), Vec::new());
                row.into_iter().map(tidy).collect()
            })
            .collect();
        let filled: Vec<bool> = (0..header.len())
            .map(|column| rows.iter().any(|row| !row[column].is_empty()))
            .collect();
        let columns = filled.iter().filter(|filled| **filled).count();
        if rows.is_empty() || columns == 0 {
            return;
        }
        let events = |doc: &Self, rows: Vec<Vec<Vec<Inline>>>| {
            let mut out = vec![
                Event::Start(Tag::Table(vec![Alignment::None; columns])),
                Event::Start(Tag::TableHead),
            ];
            for (cell, _) in header.iter().zip(&filled).filter(|(_, filled)| **filled) {
                out.push(Event::Start(Tag::TableCell));
                doc.inline_events(vec![text(*cell)], true, &mut out);
                out.push(Event::End(TagEnd::TableCell));
            }
            out.push(Event::End(TagEnd::TableHead));
            for row in rows {
                out.push(Event::Start(Tag::TableRow));
                for (cell, _) in row.into_iter().zip(&filled).filter(|(_, filled)| **filled) {
                    out.push(Event::Start(Tag::TableCell));
                    doc.inline_events(cell, true, &mut out);
                    out.push(Event::End(TagEnd::TableCell));
                }
                out.push(Event::End(TagEnd::TableRow));
            }
            out.push(Event::End(TagEnd::Table));
            out
        };
        // Without emphasis the table is written as it is: nothing to try.
        if !self.try_emphasis || !rows.iter().flatten().any(|cell| has_emphasis(cell)) {
            let written = events(self, rows);
            self.events.extend(written);
            return;
        }
        let styled = events(self, rows.clone());
        let written = if self.fits(&styled) {
            styled
        } else {
            // The serialiser checks a block with emphasis whole, so any cell can make it
            // refuse the table: without emphasis it is written.
            let plain = rows
                .into_iter()
                .map(|row| row.into_iter().map(without_emphasis).collect())
                .collect();
            events(self, plain)
        };
        self.events.extend(written);
    }

    pub(crate) fn code_block(&mut self, language: &str, body: &str) {
        self.events
            .push(Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(
                CowStr::from(language.to_owned()),
            ))));
        let mut body = body.to_owned();
        if !body.ends_with('\n') {
            body.push('\n');
        }
        self.events.push(Event::Text(CowStr::from(body)));
        self.events.push(Event::End(TagEnd::CodeBlock));
    }

    pub(crate) fn blockquote(&mut self, build: impl FnOnce(&mut Self)) {
        self.events.push(Event::Start(Tag::BlockQuote(None)));
        self.open_quotes += 1;
        build(self);
        self.open_quotes -= 1;
        self.events.push(Event::End(TagEnd::BlockQuote(None)));
    }

    /// Inline content; `single_line` folds newlines, for table cells and list items.
    fn inlines(&mut self, content: Vec<Inline>, single_line: bool) {
        let mut events = std::mem::take(&mut self.events);
        self.inline_events(content, single_line, &mut events);
        self.events = events;
    }

    fn inline_events(
        &self,
        content: Vec<Inline>,
        single_line: bool,
        out: &mut Vec<Event<'static>>,
    ) {
        let content = tidy(content);
        let fold = |value: String| -> CowStr<'static> {
            if single_line && value.contains(['\n', '\r']) {
                CowStr::from(value.split_whitespace().collect::<Vec<_>>().join(" "))
            } else {
                CowStr::from(value)
            }
        };
        for inline in content {
            match inline {
                Inline::Text(value) => out.push(Event::Text(fold(value))),
                Inline::Code(value) => out.push(Event::Code(CowStr::from(
                    value.split_whitespace().collect::<Vec<_>>().join(" "),
                ))),
                Inline::Strong(value) => {
                    out.push(Event::Start(Tag::Strong));
                    out.push(Event::Text(fold(value)));
                    out.push(Event::End(TagEnd::Strong));
                }
                Inline::Styled(style, content) => {
                    let (start, end) = style.tags();
                    out.push(Event::Start(start));
                    self.inline_events(content, single_line, out);
                    out.push(Event::End(end));
                }
                Inline::Anchor(id) => {
                    // Two events, as a parser reads them back: the serialiser compares.
                    out.push(Event::InlineHtml(CowStr::from(format!("<a id=\"{id}\">"))));
                    out.push(Event::InlineHtml(CowStr::from("</a>")));
                }
                Inline::Link { dest, content } => {
                    out.push(Event::Start(Tag::Link {
                        link_type: LinkType::Inline,
                        dest_url: CowStr::from(dest),
                        title: CowStr::from(""),
                        id: CowStr::from(""),
                    }));
                    self.inline_events(content, single_line, out);
                    out.push(Event::End(TagEnd::Link));
                }
                Inline::CellBreak => out.push(Event::InlineHtml(CowStr::from("<br>"))),
                Inline::Break(_) if single_line => out.push(Event::Text(CowStr::from(" "))),
                Inline::Break(true) => out.push(Event::HardBreak),
                Inline::Break(false) => out.push(Event::SoftBreak),
            }
        }
    }

    /// A link to an item of this spec where it is rendered: in this output, elsewhere in the
    /// book, or nowhere (then plain content).
    pub(crate) fn link_to(&self, kind: Kind, id: &str, content: Vec<Inline>) -> Inline {
        match self.link_dest(kind, id) {
            Some(dest) => Inline::Link { dest, content },
            None => {
                self.note_unlinked(kind, id);
                match content.into_iter().next() {
                    Some(first) => first,
                    None => text(id),
                }
            }
        }
    }

    /// Remembers that a reference to an item of the spec could not become a link.
    pub(crate) fn note_unlinked(&self, kind: Kind, id: &str) {
        if self.anchors.item(kind, id).is_some() {
            self.unlinked.borrow_mut().insert((kind, id.to_owned()));
        }
    }

    /// Where links to a part of a section lead (`part` is the end of its id, as in
    /// `idempotency` of `orders.conventions.idempotency`): here when this output shows the
    /// section, else where another directive in the book does.
    pub(crate) fn section_link_dest(&self, section: Section, part: &str) -> Option<String> {
        if self.selection.shows(section) && self.selection.shows_section_headings() {
            return Some(format!("#{}.{part}", self.anchors.section(section.name())));
        }
        self.sections_elsewhere
            .get(&section)
            .map(|dest| format!("{dest}.{part}"))
    }

    /// Where links to an item lead: its anchor when this output renders it, else its page
    /// and anchor when another directive in the book does; for a flow rendered nowhere, the
    /// endpoint part where this output draws its diagram.
    pub(crate) fn link_dest(&self, kind: Kind, id: &str) -> Option<String> {
        self.item_dest(kind, id).or_else(|| match kind {
            Kind::Flow => self.drawn_flows.get(id).cloned(),
            _ => None,
        })
    }

    /// Where the item itself is rendered: here, or by another directive in the book.
    pub(crate) fn item_dest(&self, kind: Kind, id: &str) -> Option<String> {
        let here = self
            .selection
            .renders(kind, id)
            .then(|| self.anchors.item(kind, id))
            .flatten()
            .map(|anchor| format!("#{anchor}"));
        here.or_else(|| self.elsewhere.get(&(kind, id.to_owned())).cloned())
    }
}

/// Whether content holds emphasis: spec prose's or a strong label.
fn has_emphasis(content: &[Inline]) -> bool {
    content.iter().any(|inline| match inline {
        Inline::Styled(..) | Inline::Strong(_) => true,
        Inline::Link { content, .. } => has_emphasis(content),
        _ => false,
    })
}

/// Content without any emphasis: [`unstyled`], and strong labels as plain text.
fn without_emphasis(content: Vec<Inline>) -> Vec<Inline> {
    unstyled(content)
        .into_iter()
        .map(|inline| match inline {
            Inline::Strong(label) => Inline::Text(label),
            Inline::Link { dest, content } => Inline::Link {
                dest,
                content: without_emphasis(content),
            },
            other => other,
        })
        .collect()
}

/// Content with prose emphasis removed (its text kept): what a table or list falls back to
/// when the serialiser cannot write its emphasis.
fn unstyled(content: Vec<Inline>) -> Vec<Inline> {
    content
        .into_iter()
        .flat_map(|inline| match inline {
            Inline::Styled(_, inner) => unstyled(inner),
            Inline::Link { dest, content } => vec![Inline::Link {
                dest,
                content: unstyled(content),
            }],
            other => vec![other],
        })
        .collect()
}

/// `**Label:** value` list items, for the values that are there and not blank.
pub(crate) fn labelled_items(items: Vec<(&str, Option<Vec<Inline>>)>) -> Vec<Vec<Inline>> {
    items
        .into_iter()
        .filter_map(|(label, value)| {
            let value = tidy(value?);
            (!value.is_empty()).then(|| {
                let mut item = vec![strong(format!("{label}:")), text(" ")];
                item.extend(value);
                item
            })
        })
        .collect()
}

/// Inline content as markdown can hold it: no empty pieces and no blank at either end of a
/// block. Spec text may be `""` or `" "`, and markdown has no way to write an empty
/// emphasis or a paragraph of spaces, so the serialiser would refuse the block.
fn tidy(content: Vec<Inline>) -> Vec<Inline> {
    let mut content: Vec<Inline> = content
        .into_iter()
        .filter_map(|inline| match inline {
            Inline::Text(value) => (!value.is_empty()).then_some(Inline::Text(value)),
            Inline::Code(value) => (!value.trim().is_empty()).then_some(Inline::Code(value)),
            Inline::Strong(value) => (!value.trim().is_empty()).then_some(Inline::Strong(value)),
            Inline::Styled(style, inner) => {
                let inner = tidy(inner);
                (!inner.is_empty()).then_some(Inline::Styled(style, inner))
            }
            Inline::Link { .. } | Inline::Anchor(_) | Inline::Break(_) | Inline::CellBreak => {
                Some(inline)
            }
        })
        .collect();
    // Nothing blank, and no line break, at either end.
    loop {
        match content.first_mut() {
            Some(Inline::Break(_) | Inline::CellBreak) => {
                content.remove(0);
            }
            Some(Inline::Text(first)) => {
                *first = first.trim_start().to_owned();
                if !first.is_empty() {
                    break;
                }
                content.remove(0);
            }
            _ => break,
        }
    }
    loop {
        match content.last_mut() {
            Some(Inline::Break(_) | Inline::CellBreak) => {
                content.pop();
            }
            Some(Inline::Text(last)) => {
                *last = last.trim_end().to_owned();
                if !last.is_empty() {
                    break;
                }
                content.pop();
            }
            _ => break,
        }
    }
    content
}

/// How many events to collect before serialising; big enough to amortise, small enough to
/// keep memory flat.
const FLUSH_AFTER_EVENTS: usize = 1024;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spec_text_is_escaped_in_tables_and_paragraphs() {
        let context = Context::empty();
        let mut doc = Doc::new(Layout::default(), &context);
        let nasty = "a | b <script>alert(1)</script> *x* [l](javascript:x) `c`\nnext";
        doc.paragraph(vec![text(nasty)]);
        doc.table(
            &["Name", "Description"],
            vec![vec![vec![code("a|b")], vec![text(nasty)]]],
        );
        let markdown = doc.finish().unwrap();
        let mut html = String::new();
        pulldown_cmark::html::push_html(
            &mut html,
            pulldown_cmark::Parser::new_ext(&markdown, markdown::options()),
        );
        assert!(!html.contains("<script>"), "{html}");
        assert!(!html.contains("href"), "{html}");
        assert!(html.contains("<td>a | b &lt;script&gt;"), "{html}");
        assert!(html.contains("<code>a|b</code>"), "{html}");
        assert_eq!(html.matches("<td>").count(), 2, "{html}");
    }

    #[test]
    fn columns_that_no_row_fills_are_left_out() {
        let context = Context::empty();
        let mut doc = Doc::new(Layout::default(), &context);
        doc.table(
            &["Name", "Rules", "Description"],
            vec![
                vec![vec![code("a")], vec![text(" ")], vec![text("x")]],
                vec![vec![code("b")]],
            ],
        );
        doc.table(&["Empty"], vec![vec![vec![text("")]]]);
        let markdown = doc.finish().unwrap();
        assert_eq!(
            markdown,
            "|Name|Description|\n|----|-----------|\n|`a`|x|\n|`b`||\n"
        );
    }

    #[test]
    fn tables_keep_their_emphasis_and_labels() {
        let context = Context::empty();
        let mut doc = Doc::new(Layout::default(), &context);
        let mut rows: Vec<Vec<Vec<Inline>>> = (0..30)
            .map(|n| vec![vec![Inline::Strong(format!("row{n}")), text("; plain")]])
            .collect();
        let cell = vec![
            text("a "),
            Inline::Styled(Style::Emphasis, vec![text("fine")]),
            text(" b"),
        ];
        rows.insert(7, vec![cell]);
        doc.table(&["Cell"], rows);
        let written = doc.finish().unwrap();
        assert!(written.contains("|a *fine* b|"), "{written}");
        assert!(written.contains("|**row0**; plain|"), "{written}");
        assert!(written.contains("|**row29**; plain|"), "{written}");
    }

    #[test]
    fn external_links_only_for_safe_schemes() {
        assert!(matches!(
            external_link("https://example.com/x", vec![text("x")]).as_slice(),
            [Inline::Link { .. }]
        ));
        assert!(matches!(
            external_link("javascript:alert(1)", vec![text("x")]).as_slice(),
            [Inline::Text(_)]
        ));
    }

    mod same_as_the_serialiser {
        //! The writer against the serialiser it stands in for: documents built through
        //! `Doc` from hostile text must come out byte for byte the same, and a block is
        //! refused by both or by neither.
        use proptest::prelude::*;

        use super::*;

        const ATOMS: &[&str] = &[
            "a", "Word", "x_y", "_", "*", "**", "1.", "12)", "-", "- x", "+", "=", ":", " lead",
            "trail ", "#", "{", "}", "|", "\\", "\\*", "<b>", "&amp;", "`", "``", "~", "^", "!",
            "[", "]", "(", ")", "é", "日本", "\u{a0}", "\n", "\t", "3", "http://x", "a.b", ">",
            "Method:", "(x)", "\"q\"", "é.", "~~", "$",
        ];

        fn words() -> impl Strategy<Value = String> {
            prop::collection::vec(prop::sample::select(ATOMS), 1..4)
                .prop_map(|atoms| atoms.concat())
        }

        fn inline() -> impl Strategy<Value = Inline> {
            let leaf = prop_oneof![
                4 => words().prop_map(Inline::Text),
                1 => words().prop_map(Inline::Code),
                2 => words().prop_map(Inline::Strong),
                1 => Just(Inline::Anchor("row-1".to_owned())),
                1 => any::<bool>().prop_map(Inline::Break),
                1 => Just(Inline::CellBreak),
            ];
            leaf.prop_recursive(2, 8, 3, |inner| {
                let content = prop::collection::vec(inner, 1..3);
                prop_oneof![
                    (
                        prop::sample::select(
                            &[Style::Emphasis, Style::Strong, Style::Strikethrough][..]
                        ),
                        content.clone()
                    )
                        .prop_map(|(style, content)| Inline::Styled(style, content)),
                    (
                        prop::sample::select(
                            &["#a.b", "https://x.com/a_b", "x y", "a(b", "*", "<x>"][..]
                        ),
                        content
                    )
                        .prop_map(|(dest, content)| Inline::Link {
                            dest: dest.to_owned(),
                            content
                        }),
                ]
            })
        }

        fn inlines() -> impl Strategy<Value = Vec<Inline>> {
            prop::collection::vec(inline(), 1..5)
        }

        fn block() -> impl Strategy<Value = Block> {
            let paragraph = inlines().prop_map(Block::Paragraph);
            let code = (prop::sample::select(&["", "json", "a`b"][..]), words()).prop_map(
                |(language, body)| Block::Code {
                    language: language.to_owned(),
                    body,
                },
            );
            prop_oneof![3 => paragraph, 1 => code].prop_recursive(1, 6, 3, move |inner| {
                (
                    prop::option::of(0u64..3),
                    prop::collection::vec(prop::collection::vec(inner, 1..3), 1..3),
                )
                    .prop_map(|(start, items)| Block::List { start, items })
            })
        }

        #[derive(Clone, Debug)]
        enum Op {
            Paragraph(Vec<Inline>),
            Heading(u8, Vec<Inline>),
            Labelled(Vec<Inline>),
            Bullets(Vec<Vec<Inline>>),
            Numbered(Vec<Vec<Inline>>),
            Table(Vec<Vec<Vec<Inline>>>),
            Code(String),
            Prose(Vec<Block>),
            Plain(String),
            Quote(Vec<Inline>, Vec<Block>),
        }

        fn op() -> impl Strategy<Value = Op> {
            prop_oneof![
                3 => inlines().prop_map(Op::Paragraph),
                1 => (0u8..3, inlines()).prop_map(|(depth, content)| Op::Heading(depth, content)),
                2 => inlines().prop_map(Op::Labelled),
                2 => prop::collection::vec(inlines(), 1..4).prop_map(Op::Bullets),
                1 => prop::collection::vec(inlines(), 1..4).prop_map(Op::Numbered),
                3 => prop::collection::vec(prop::collection::vec(inlines(), 1..4), 1..4).prop_map(Op::Table),
                1 => words().prop_map(Op::Code),
                2 => prop::collection::vec(block(), 1..3).prop_map(Op::Prose),
                1 => words().prop_map(Op::Plain),
                1 => (inlines(), prop::collection::vec(block(), 0..2)).prop_map(|(a, b)| Op::Quote(a, b)),
            ]
        }

        fn apply(doc: &mut Doc<'_>, op: Op) {
            match op {
                Op::Paragraph(content) => doc.paragraph(content),
                Op::Heading(depth, content) => doc.heading(depth, "id-1", content),
                Op::Labelled(content) => doc.labelled("Label", content),
                Op::Bullets(items) => doc.bullets(items),
                Op::Numbered(items) => doc.numbered(items),
                Op::Table(rows) => doc.table(&["Name", "Rules", "Description"], rows),
                Op::Code(body) => doc.code_block("json", &body),
                Op::Prose(blocks) => {
                    if !doc.blocks(blocks) {
                        doc.plain_prose("fallback");
                    }
                }
                Op::Plain(text) => doc.plain_prose(&text),
                Op::Quote(content, blocks) => doc.blockquote(|doc| {
                    doc.paragraph(content);
                    if !doc.blocks(blocks) {
                        doc.plain_prose("fallback");
                    }
                }),
            }
        }

        fn serialiser(events: &[Event<'static>]) -> Result<String, String> {
            let mut out = writer::delegate(events, None).map_err(|err| err.to_string())?;
            out.truncate(out.trim_end().len());
            out.push('\n');
            Ok(out)
        }

        proptest! {
            #![proptest_config(ProptestConfig {
                cases: 1000,
                failure_persistence: Some(Box::new(
                    proptest::test_runner::FileFailurePersistence::Direct("tests/proptest-regressions/writer.txt"),
                )),
                ..ProptestConfig::default()
            })]

            #[test]
            fn documents_come_out_as_the_serialiser_writes_them(
                ops in prop::collection::vec(op(), 1..8),
                untried in any::<bool>(),
            ) {
                let context = Context::empty();
                let layout = Layout { title_level: None, section_level: 2 };
                let mut doc = if untried { Doc::untried(layout, &context) } else { Doc::new(layout, &context) };
                for op in ops {
                    apply(&mut doc, op);
                }
                let events = doc.events.clone();
                let expected = serialiser(&events);
                let ours = doc.finish();
                prop_assert_eq!(ours.is_ok(), expected.is_ok(), "{:?} / {:?}", ours, expected);
                if let (Ok(ours), Ok(expected)) = (ours, expected) {
                    prop_assert_eq!(ours, expected);
                }
            }

            #[test]
            fn blocks_fit_when_the_serialiser_writes_them(blocks in prop::collection::vec(block(), 1..4)) {
                let context = Context::empty();
                let doc = Doc::new(Layout::default(), &context);
                let mut events = Vec::new();
                for block in blocks {
                    doc.block_events(block, &mut events);
                }
                prop_assert_eq!(writer::fits(&events, 0), serialiser(&events).is_ok());
            }
        }
    }
}
