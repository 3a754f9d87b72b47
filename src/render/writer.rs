//! Writes the events of generated blocks as CommonMark, byte for byte as
//! `pulldown-cmark-to-cmark` writes them, without its cost where it is not needed.
//!
//! The serialiser renders every block that holds emphasis twice and parses it back, so that
//! it can change delimiters when the first spelling would read differently; a render is
//! full of `**Label:**` paragraphs and tables, and that check took a quarter of the
//! preprocessor's time. Almost every block we generate is one whose spelling is certain:
//! text escaped by the serialiser's own rules, and emphasis whose delimiters stand between a
//! word and a space or a punctuation mark, so they can only open or only close. Those
//! blocks are written here. Any other block (block quotes, lists holding blocks, emphasis in
//! emphasis, delimiters beside other delimiters or non-ASCII text) goes to the serialiser,
//! which writes it as it always did. The reviewed snapshots did not change a byte, and a
//! property test holds both writers to the same output on generated documents.

use pulldown_cmark::{Alignment, CodeBlockKind, Event, LinkType, Tag, TagEnd};

use crate::markdown;

/// A markdown document written block by block.
#[derive(Default)]
pub(super) struct Writer {
    out: String,
    /// The kind and marker of the list the last block was: a list right after it takes the
    /// other marker, or the two would merge into one.
    last_list: Option<ListMark>,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) struct ListMark {
    ordered: bool,
    token: char,
}

impl ListMark {
    fn of(start: Option<u64>, previous: Option<ListMark>) -> Self {
        let ordered = start.is_some();
        let default = if ordered { ORDERED_TOKEN } else { BULLET_TOKEN };
        let token = match previous {
            Some(previous) if previous.ordered == ordered && previous.token == default => {
                match default {
                    '.' => ')',
                    ')' => '.',
                    '*' => '-',
                    _ => '*',
                }
            }
            _ => default,
        };
        ListMark { ordered, token }
    }
}

const BULLET_TOKEN: char = '-';
const ORDERED_TOKEN: char = '.';

/// Why the serialiser could not write a block.
pub(super) type WriteError = pulldown_cmark_to_cmark::Error;

impl Writer {
    /// Writes complete top-level blocks.
    pub(super) fn write(&mut self, events: &[Event<'static>]) -> Result<(), WriteError> {
        for block in top_level_blocks(events) {
            let mark = match block.first() {
                Some(Event::Start(Tag::List(start))) => Some(ListMark::of(*start, self.last_list)),
                _ => None,
            };
            let written = match fast_block(block, mark.map_or(BULLET_TOKEN, |mark| mark.token)) {
                Some(written) => written,
                None => delegate(block, mark.filter(|_| self.last_list.is_some()))?,
            };
            if self.out.is_empty() {
                self.out.push_str(&written);
            } else {
                // The serialiser starts a quote or a code block on a new line of its own
                // unless a blank line already stands before it, as it does here.
                self.out.push_str("\n\n");
                self.out.push_str(written.trim_start_matches('\n'));
            }
            self.last_list = mark;
        }
        Ok(())
    }

    /// The markdown written so far.
    pub(super) fn finish(self) -> String {
        self.out
    }
}

/// Whether `events`, added inside `open_quotes` block quotes, are written so that they read
/// back the same; when the serialiser cannot manage that, it refuses them.
pub(super) fn fits(events: &[Event<'static>], open_quotes: usize) -> bool {
    if open_quotes > 0 {
        let mut quoted = vec![Event::Start(Tag::BlockQuote(None)); open_quotes];
        quoted.extend(events.iter().cloned());
        quoted.extend(std::iter::repeat_n(
            Event::End(TagEnd::BlockQuote(None)),
            open_quotes,
        ));
        return delegate(&quoted, None).is_ok();
    }
    top_level_blocks(events)
        .all(|block| fast_block(block, BULLET_TOKEN).is_some() || delegate(block, None).is_ok())
}

/// Splits events into top-level blocks; a trailing unclosed block is left out.
pub(super) fn top_level_blocks<'e>(
    events: &'e [Event<'static>],
) -> impl Iterator<Item = &'e [Event<'static>]> {
    let mut start = 0;
    let mut depth = 0usize;
    let mut ends = Vec::new();
    for (index, event) in events.iter().enumerate() {
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
        if depth == 0 {
            ends.push((start, index + 1));
            start = index + 1;
        }
    }
    ends.into_iter()
        .map(move |(start, end)| &events[start..end])
}

/// How many events of `events` form complete top-level blocks.
pub(super) fn complete_len(events: &[Event<'static>]) -> usize {
    top_level_blocks(events).map(<[_]>::len).sum()
}

/// How the serialiser is set up: fenced code with three backticks, `-` bullets, numbered
/// lists counting up.
fn style() -> pulldown_cmark_to_cmark::Options<'static> {
    pulldown_cmark_to_cmark::Options {
        code_block_token_count: 3,
        list_token: BULLET_TOKEN,
        ordered_list_token: ORDERED_TOKEN,
        increment_ordered_list_bullets: true,
        ..Default::default()
    }
}

/// Blocks written by the serialiser (with `None`, any events, as it writes a document). A
/// list that follows a list with the default marker is written after a stand-in list of that
/// marker, so the serialiser picks the other one exactly as it does within a document.
pub(super) fn delegate(
    block: &[Event<'static>],
    after: Option<ListMark>,
) -> Result<String, WriteError> {
    let mut state = pulldown_cmark_to_cmark::State::new(markdown::options(), style());
    let mut out = String::new();
    let stand_in = after
        .filter(|mark| *mark != ListMark::of(None, None) && *mark != ListMark::of(Some(1), None))
        .map(|mark| {
            let start = mark.ordered.then_some(1);
            [
                Event::Start(Tag::List(start)),
                Event::Start(Tag::Item),
                Event::Text("x".into()),
                Event::End(TagEnd::Item),
                Event::End(TagEnd::List(mark.ordered)),
            ]
        });
    if let Some(stand_in) = &stand_in {
        state.process(stand_in.iter(), &mut out)?;
    }
    state.process(block.iter(), &mut out)?;
    state.finish(&mut out)?;
    if stand_in.is_some() {
        out = match out.split_once("\n\n") {
            Some((_, block)) => block.to_owned(),
            None => return Err(WriteError::UnexpectedEvent),
        };
    }
    Ok(out)
}

/// One top-level block written here, or `None` when the serialiser must write it.
fn fast_block(block: &[Event<'static>], list_token: char) -> Option<String> {
    let mut writer = Fast::default();
    match block.first()? {
        Event::Start(Tag::Paragraph | Tag::Heading { .. } | Tag::Table(_)) => {}
        Event::Start(Tag::List(_)) if items_hold_only_inlines(block) => {}
        Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
            return code_block(info, &block[1..block.len() - 1]);
        }
        _ => return None,
    }
    writer.list_token = list_token;
    let mut index = 0;
    while index < block.len() {
        index = writer.event(block, index)?;
    }
    writer.delimiters_are_certain().then_some(writer.out)
}

/// Whether every item of the list holds inline content only, and some: the lists the
/// serialiser writes tight, one line per item.
fn items_hold_only_inlines(list: &[Event<'static>]) -> bool {
    let mut depth = 0usize;
    let mut empty = false;
    for event in &list[1..list.len() - 1] {
        match event {
            Event::Start(Tag::Item) if depth == 0 => {
                depth = 1;
                empty = true;
                continue;
            }
            Event::End(TagEnd::Item) if depth == 1 => {
                if empty {
                    return false;
                }
                depth = 0;
                continue;
            }
            _ if depth == 0 => return false,
            Event::Start(tag) if is_block(tag) => return false,
            Event::Start(_) => depth += 1,
            Event::End(_) => depth -= 1,
            _ => {}
        }
        empty = false;
    }
    true
}

fn is_block(tag: &Tag<'_>) -> bool {
    !matches!(
        tag,
        Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript
            | Tag::Link { .. }
            | Tag::Image { .. }
    )
}

/// A fenced code block whose body ends with a newline, as the serialiser writes it.
fn code_block(info: &str, body: &[Event<'static>]) -> Option<String> {
    let mut text = String::new();
    for event in body {
        match event {
            Event::Text(part) => text.push_str(part),
            _ => return None,
        }
    }
    if !text.ends_with('\n') {
        return None;
    }
    let token = if info.contains('`') { '~' } else { '`' };
    let length = 3.max(max_consecutive(&text, token) + 1);
    let fence: String = std::iter::repeat_n(token, length).collect();
    let mut out = String::with_capacity(text.len() + 2 * length + info.len() + 3);
    // On a line of its own, as the serialiser starts a code block that opens a document.
    out.push('\n');
    out.push_str(&fence);
    for c in info.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '\\' => out.push_str("\\\\"),
            c => out.push(c),
        }
    }
    out.push('\n');
    out.push_str(&text);
    out.push_str(&fence);
    Some(out)
}

/// The end of an inline link to `dest` without a title: `](dest)`, in angle brackets when
/// the destination has a space or unbalanced parentheses.
fn close_inline_link(dest: &str) -> String {
    let mut depth = 0i32;
    for b in dest.bytes() {
        match b {
            b'(' => depth += 1,
            b')' => depth -= 1,
            b' ' => {
                depth += 1;
                break;
            }
            _ => {}
        }
        if !(0..=3).contains(&depth) {
            break;
        }
    }
    let mut out = String::with_capacity(dest.len() + 4);
    out.push_str("](");
    if depth != 0 {
        out.push('<');
    }
    for c in dest.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\\' | '<' | '>' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    if depth != 0 {
        out.push('>');
    }
    out.push(')');
    out
}

fn max_consecutive(text: &str, search: char) -> usize {
    let (mut longest, mut current) = (0, 0);
    for c in text.chars() {
        current = if c == search { current + 1 } else { 0 };
        longest = longest.max(current);
    }
    longest
}

/// An open container: what it is and where its content starts in the output.
struct Frame {
    kind: FrameKind,
    start: usize,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum FrameKind {
    Paragraph,
    Heading,
    List,
    Item,
    Table,
    Head,
    Row,
    Cell,
    Delimited(&'static str),
    Link,
}

/// An emphasis delimiter run in the output: where, how long, and whether it opens.
struct Delimiter {
    at: usize,
    len: usize,
    opens: bool,
}

#[derive(Default)]
struct Fast {
    out: String,
    frames: Vec<Frame>,
    /// What every line inside the innermost list item starts with.
    prefix: String,
    line_start: bool,
    list_token: char,
    /// The number of the next item of an ordered list.
    next_number: Option<u64>,
    /// The id of the heading being written, and the destinations of open links.
    heading_id: Option<String>,
    link_dests: Vec<String>,
    /// The widths of the header cells, while the head is written.
    header: Vec<usize>,
    delimiters: Vec<Delimiter>,
    /// A link destination holds a delimiter character (checked only if there is emphasis).
    dest_has_delimiter: bool,
}

impl Fast {
    /// Writes `text`, starting each new line with the item prefix.
    fn write(&mut self, text: &str) {
        if !self.line_start && !text.contains('\n') {
            self.out.push_str(text);
            return;
        }
        for part in text.split_inclusive('\n') {
            if self.line_start {
                let prefix = std::mem::take(&mut self.prefix);
                self.out.push_str(&prefix);
                self.prefix = prefix;
            }
            self.out.push_str(part);
            self.line_start = part.ends_with('\n');
        }
    }

    fn in_frame(&self, kind: FrameKind) -> bool {
        self.frames.iter().any(|frame| frame.kind == kind)
    }

    fn at_frame_start(&self) -> bool {
        self.frames
            .last()
            .is_some_and(|frame| frame.start == self.out.len())
    }

    fn push(&mut self, kind: FrameKind) {
        self.frames.push(Frame {
            kind,
            start: self.out.len(),
        });
    }

    /// Writes the event at `index` (with the text events after it) and returns the index of
    /// the next one, or `None` for an event this writer leaves to the serialiser.
    fn event(&mut self, events: &[Event<'static>], index: usize) -> Option<usize> {
        match &events[index] {
            Event::Start(tag) => self.start(tag)?,
            Event::End(end) => self.end(*end)?,
            Event::Text(first) => {
                // Side by side, text events are one text, as the serialiser joins them.
                let mut text = std::borrow::Cow::Borrowed(first.as_ref());
                let mut next = index + 1;
                while let Some(Event::Text(part)) = events.get(next) {
                    text.to_mut().push_str(part);
                    next += 1;
                }
                self.text(&text, events.get(next));
                if let Some(cell) = self.header_cell() {
                    *cell += text.chars().count();
                }
                return Some(next);
            }
            // Two code spans side by side read back as one: the serialiser's to refuse.
            Event::Code(_) if matches!(events.get(index + 1), Some(Event::Code(_))) => return None,
            Event::Code(code) => {
                if let Some(cell) = self.header_cell() {
                    *cell += code.chars().count() + 2;
                }
                let code = if self.in_frame(FrameKind::Table) {
                    code.replace('|', "\\|")
                } else {
                    code.to_string()
                };
                if code.chars().all(|c| c == ' ') {
                    self.write(&format!("`{code}`"));
                } else {
                    let ticks: String =
                        std::iter::repeat_n('`', max_consecutive(&code, '`') + 1).collect();
                    let space = match code.as_bytes() {
                        [b'`', ..] | [.., b'`'] | [b' ', .., b' '] => " ",
                        _ => "",
                    };
                    self.write(&format!("{ticks}{space}{code}{space}{ticks}"));
                }
            }
            Event::InlineHtml(html) => self.write(html),
            Event::SoftBreak if !self.in_frame(FrameKind::Heading) => self.write("\n"),
            Event::HardBreak if !self.in_frame(FrameKind::Heading) => self.write("  \n"),
            _ => return None,
        }
        Some(index + 1)
    }

    /// The width of the header cell being written, if one is.
    fn header_cell(&mut self) -> Option<&mut usize> {
        if self.in_frame(FrameKind::Head) && self.in_frame(FrameKind::Cell) {
            self.header.last_mut()
        } else {
            None
        }
    }

    fn start(&mut self, tag: &Tag<'static>) -> Option<()> {
        match tag {
            Tag::Paragraph if self.frames.is_empty() => self.push(FrameKind::Paragraph),
            Tag::Heading {
                level,
                id,
                classes,
                attrs,
            } if self.frames.is_empty() && classes.is_empty() && attrs.is_empty() => {
                self.write(&"#".repeat(*level as usize));
                self.write(" ");
                self.heading_id = id.as_ref().map(ToString::to_string);
                self.push(FrameKind::Heading);
            }
            Tag::List(start) if self.frames.is_empty() => {
                self.next_number = *start;
                self.push(FrameKind::List);
            }
            Tag::Item
                if self
                    .frames
                    .last()
                    .is_some_and(|frame| frame.kind == FrameKind::List) =>
            {
                if !self.out.is_empty() {
                    self.write("\n");
                }
                let marker = match self.next_number {
                    Some(number) => {
                        self.next_number = Some(number.saturating_add(1).min(999_999_999));
                        format!("{number}{} ", self.list_token)
                    }
                    None => format!("{} ", self.list_token),
                };
                self.write(&marker);
                self.prefix = " ".repeat(marker.len());
                self.push(FrameKind::Item);
            }
            Tag::Table(alignments)
                if self.frames.is_empty() && alignments.iter().all(|a| *a == Alignment::None) =>
            {
                self.push(FrameKind::Table);
            }
            Tag::TableHead => self.push(FrameKind::Head),
            Tag::TableRow => {
                self.write("\n");
                self.push(FrameKind::Row);
            }
            Tag::TableCell => {
                if self.in_frame(FrameKind::Head) {
                    self.header.push(0);
                }
                self.write("|");
                self.push(FrameKind::Cell);
            }
            Tag::Emphasis | Tag::Strong | Tag::Strikethrough => {
                // Emphasis in emphasis is the serialiser's: it picks tokens by the nesting.
                if self
                    .frames
                    .iter()
                    .any(|frame| matches!(frame.kind, FrameKind::Delimited(_)))
                {
                    return None;
                }
                let token = match tag {
                    Tag::Emphasis => "*",
                    Tag::Strong => "**",
                    _ => "~~",
                };
                self.write(token);
                self.delimiters.push(Delimiter {
                    at: self.out.len() - token.len(),
                    len: token.len(),
                    opens: true,
                });
                self.push(FrameKind::Delimited(token));
            }
            Tag::Link {
                link_type: LinkType::Inline,
                dest_url,
                title,
                ..
            } if title.is_empty() && !self.in_frame(FrameKind::Link) => {
                self.dest_has_delimiter |= dest_url.contains(['*', '_', '~']);
                self.link_dests.push(dest_url.to_string());
                self.write("[");
                self.push(FrameKind::Link);
            }
            _ => return None,
        }
        Some(())
    }

    fn end(&mut self, end: TagEnd) -> Option<()> {
        let frame = self.frames.pop()?;
        match (frame.kind, end) {
            (FrameKind::Paragraph, TagEnd::Paragraph) | (FrameKind::List, TagEnd::List(_)) => {}
            (FrameKind::Heading, TagEnd::Heading(_)) => {
                if let Some(id) = self.heading_id.take() {
                    self.write(&format!(" {{ #{id} }}"));
                }
            }
            (FrameKind::Item, TagEnd::Item) => self.prefix.clear(),
            (FrameKind::Table, TagEnd::Table) | (FrameKind::Cell, TagEnd::TableCell) => {}
            (FrameKind::Row, TagEnd::TableRow) => self.write("|"),
            (FrameKind::Head, TagEnd::TableHead) => {
                self.write("|\n");
                let mut rule = String::new();
                for width in std::mem::take(&mut self.header) {
                    rule.push('|');
                    rule.extend(std::iter::repeat_n('-', width.max(1)));
                }
                rule.push('|');
                self.write(&rule);
            }
            (
                FrameKind::Delimited(token),
                TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough,
            ) => {
                self.write(token);
                self.delimiters.push(Delimiter {
                    at: self.out.len() - token.len(),
                    len: token.len(),
                    opens: false,
                });
            }
            (FrameKind::Link, TagEnd::Link) => {
                let dest = self.link_dests.pop()?;
                let closed = close_inline_link(&dest);
                self.write(&closed);
            }
            _ => return None,
        }
        Some(())
    }

    /// Text, escaped by the serialiser's rules (`escape_text` in pulldown-cmark-to-cmark,
    /// for the parser options of [`markdown::options`]).
    fn text(&mut self, text: &str, next: Option<&Event<'static>>) {
        let in_table = self.in_frame(FrameKind::Table);
        let heading = self.in_frame(FrameKind::Heading);
        let at_start = self.line_start || self.out.is_empty() || self.at_frame_start();
        let line_start = !in_table && at_start;
        let marker_end = text.as_bytes().get(1).map_or(
            matches!(
                next,
                None | Some(Event::End(_) | Event::SoftBreak | Event::HardBreak)
            ),
            |c| c.is_ascii_whitespace() || matches!(c, b'-' | b'+' | b'='),
        );
        let link_next = matches!(
            next,
            Some(Event::Start(Tag::Link { .. } | Tag::Image { .. }) | Event::FootnoteReference(_))
        );
        let mut escaped = String::with_capacity(text.len() + 8);
        // Whether every character so far is a digit: `1.` and `1)` would start a list.
        let mut digits_only = true;
        for (i, c) in text.char_indices() {
            let escape = match c {
                '\n' | '\r' | '&' => {
                    escaped.push_str(match c {
                        '\n' => "&#10;",
                        '\r' => "&#13;",
                        _ => "&amp;",
                    });
                    digits_only = false;
                    continue;
                }
                ' ' | '\t' if i == 0 && at_start => {
                    escaped.push_str(if c == ' ' { "&#32;" } else { "&#9;" });
                    digits_only = false;
                    continue;
                }
                '*' | '[' | ']' | '`' | '<' | '~' | '|' => true,
                '\\' => text[i + 1..]
                    .chars()
                    .next()
                    .is_none_or(|c| c.is_ascii_punctuation()),
                '>' => i == 0 && !in_table,
                '^' => !text[..i]
                    .chars()
                    .next_back()
                    .is_some_and(char::is_alphanumeric),
                ':' => i == 0 && line_start && marker_end,
                '{' => heading,
                '_' => {
                    !(text[..i]
                        .chars()
                        .next_back()
                        .is_some_and(char::is_alphanumeric)
                        && text[i + 1..]
                            .chars()
                            .next()
                            .is_some_and(char::is_alphanumeric))
                }
                '#' => i == 0 && !in_table || heading,
                '-' | '+' | '=' => i == 0 && line_start && marker_end,
                '.' | ')' => !in_table && i > 0 && digits_only,
                '!' => i + 1 == text.len() && link_next,
                _ => false,
            };
            digits_only &= c.is_ascii_digit();
            if escape {
                escaped.push('\\');
            }
            escaped.push(c);
        }
        self.write(&escaped);
    }

    /// Whether every emphasis delimiter can only open or only close where it stands, so the
    /// block reads back as written without trying it.
    fn delimiters_are_certain(&self) -> bool {
        if self.delimiters.is_empty() {
            return true;
        }
        if self.dest_has_delimiter {
            return false;
        }
        // Outside a run: the edge of the block, a space, or punctuation that is no delimiter.
        let outer = |c: Option<char>| match c {
            None => Some(true),
            Some(c) if c.is_ascii_whitespace() => Some(true),
            Some(c) if c.is_ascii_punctuation() && !matches!(c, '*' | '_' | '~' | '\\') => {
                Some(false)
            }
            _ => None,
        };
        self.delimiters.iter().all(|run| {
            let before = self.out[..run.at].chars().next_back();
            let after = self.out[run.at + run.len..].chars().next();
            let (outside, inside) = if run.opens {
                (before, after)
            } else {
                (after, before)
            };
            let Some(outside_is_space) = outer(outside) else {
                return false;
            };
            match inside {
                Some(c) if c.is_ascii_alphanumeric() => true,
                // Punctuation inside needs a space outside, or the run could do both.
                Some(c) if c.is_ascii_punctuation() && !matches!(c, '*' | '_' | '~' | '\\') => {
                    outside_is_space
                }
                _ => false,
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The serialiser's output for `events`, the reference this writer must match.
    fn serialiser(events: &[Event<'static>]) -> Result<String, WriteError> {
        delegate(events, None)
    }

    fn ours(events: &[Event<'static>]) -> Result<String, WriteError> {
        let mut writer = Writer::default();
        writer.write(events)?;
        Ok(writer.finish())
    }

    fn paragraph(inlines: Vec<Event<'static>>) -> Vec<Event<'static>> {
        let mut events = vec![Event::Start(Tag::Paragraph)];
        events.extend(inlines);
        events.push(Event::End(TagEnd::Paragraph));
        events
    }

    fn strong(text: &'static str) -> Vec<Event<'static>> {
        vec![
            Event::Start(Tag::Strong),
            Event::Text(text.into()),
            Event::End(TagEnd::Strong),
        ]
    }

    #[test]
    fn labels_are_written_without_a_try() {
        let mut inlines = strong("Method:");
        inlines.push(Event::Text(" GET".into()));
        let events = paragraph(inlines);
        assert!(fast_block(&events, '-').is_some());
        assert_eq!(ours(&events).unwrap(), "**Method:** GET");
        assert_eq!(ours(&events).unwrap(), serialiser(&events).unwrap());
    }

    #[test]
    fn doubtful_delimiters_go_to_the_serialiser() {
        // `a**b**`: the run after a letter could open and close.
        let mut inlines = vec![Event::Text("a".into())];
        inlines.extend(strong("b"));
        let events = paragraph(inlines);
        assert!(fast_block(&events, '-').is_none());
        assert_eq!(ours(&events).unwrap(), serialiser(&events).unwrap());
        // Punctuation inside and outside: `(**(x)**)`.
        let mut inlines = vec![Event::Text("(".into())];
        inlines.extend(strong("(x)"));
        inlines.push(Event::Text(")".into()));
        let events = paragraph(inlines);
        assert!(fast_block(&events, '-').is_none());
        assert_eq!(ours(&events).unwrap(), serialiser(&events).unwrap());
    }

    #[test]
    fn consecutive_lists_alternate_their_markers_as_the_serialiser_does() {
        let list = |start: Option<u64>, nested: bool| {
            let mut events = vec![Event::Start(Tag::List(start)), Event::Start(Tag::Item)];
            events.push(Event::Text("item".into()));
            if nested {
                events.extend([
                    Event::Start(Tag::List(None)),
                    Event::Start(Tag::Item),
                    Event::Text("inner".into()),
                    Event::End(TagEnd::Item),
                    Event::End(TagEnd::List(false)),
                ]);
            }
            events.extend([
                Event::End(TagEnd::Item),
                Event::End(TagEnd::List(start.is_some())),
            ]);
            events
        };
        for pattern in [
            vec![(None, false), (None, false), (None, false)],
            vec![(None, false), (None, true), (None, false)],
            vec![
                (Some(1), false),
                (Some(3), false),
                (None, true),
                (Some(1), true),
            ],
            vec![(None, true), (None, true), (Some(2), false)],
        ] {
            let events: Vec<Event<'static>> = pattern
                .iter()
                .flat_map(|(start, nested)| list(*start, *nested))
                .collect();
            assert_eq!(
                ours(&events).unwrap(),
                serialiser(&events).unwrap(),
                "{pattern:?}"
            );
        }
    }

    #[test]
    fn tables_and_code_blocks_match_the_serialiser() {
        let cell = |inlines: Vec<Event<'static>>| {
            let mut events = vec![Event::Start(Tag::TableCell)];
            events.extend(inlines);
            events.push(Event::End(TagEnd::TableCell));
            events
        };
        let mut events = vec![
            Event::Start(Tag::Table(vec![Alignment::None; 2])),
            Event::Start(Tag::TableHead),
        ];
        events.extend(cell(vec![Event::Text("Name".into())]));
        events.extend(cell(vec![Event::Text("Description".into())]));
        events.push(Event::End(TagEnd::TableHead));
        events.push(Event::Start(Tag::TableRow));
        events.extend(cell(vec![Event::Code("a|b".into())]));
        events.extend(cell(vec![Event::Text("x | *y* 1. <b>".into())]));
        events.push(Event::End(TagEnd::TableRow));
        events.push(Event::End(TagEnd::Table));
        events.extend([
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced("json".into()))),
            Event::Text("{\"a\": \"```\"}\n".into()),
            Event::End(TagEnd::CodeBlock),
        ]);
        assert_eq!(ours(&events).unwrap(), serialiser(&events).unwrap());
    }
}
