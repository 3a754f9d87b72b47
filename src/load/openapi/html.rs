//! HTML in the document's descriptions, as the markdown spec prose is written in.
//!
//! OpenAPI descriptions are CommonMark, and real documents put HTML in them. A small safe
//! subset becomes its markdown: `p` and `br` (paragraph and line breaks), `b`/`strong` and
//! `i`/`em` (strong and emphasis), `code` (a code span), `pre` (a code block), `a` with an
//! `http`, `https` or `mailto` `href` (a link; any other keeps its text), `ul`, `ol` and `li`
//! (lists), and the entities `&amp;`, `&lt;`, `&gt;`, `&quot;`, `&#39;`, `&nbsp;` and numeric
//! ones. Everything else (other tags, comments, `script` and `style` with their content)
//! stays as it is written, which spec prose shows as text. The text between tags is markdown
//! already and stays so.

use std::borrow::Cow;

use serde_json::Value;

/// A description or summary copied from the document, its HTML as markdown.
pub(super) fn prose(value: &Value) -> Value {
    match value {
        Value::String(text) => match markdown(text) {
            Cow::Borrowed(_) => value.clone(),
            Cow::Owned(text) => Value::String(text),
        },
        other => other.clone(),
    }
}

/// `text`'s HTML as markdown; text without `<` or `&` as it is.
pub(super) fn markdown(text: &str) -> Cow<'_, str> {
    convert(text, Mode::Markdown)
}

/// `text` for a place that shows plain text (a name, a label): the subset's tags left out
/// (a break as a space) and entities decoded; text without `<` or `&` as it is.
pub(super) fn plain(text: &str) -> Cow<'_, str> {
    convert(text, Mode::Plain)
}

/// How long a tag may be, so that a `<` without its `>` is not scanned for to the end.
const MAX_TAG: usize = 2048;

/// Elements whose content is not markup: kept as written up to their end tag.
const RAW_TEXT: &[&str] = &["script", "style", "textarea", "title"];

/// What a decoded entity is escaped as, outside code: what may mean markdown.
const MARKDOWN_PUNCTUATION: &str = "\\`*_[]<>&!#|~";

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Markdown,
    Plain,
}

fn convert(text: &str, mode: Mode) -> Cow<'_, str> {
    if !text.contains(['<', '&']) {
        return Cow::Borrowed(text);
    }
    let mut out = Writer::new(mode);
    let mut run = 0;
    let mut idx = 0;
    while idx < text.len() {
        let rest = &text[idx..];
        let consumed = match rest.as_bytes()[0] {
            b'<' => {
                if rest.starts_with("<!--") {
                    // A comment, as written.
                    let end = rest.find("-->").map_or(rest.len(), |end| end + 3);
                    out.text(&text[run..idx]);
                    out.text(&rest[..end]);
                    Some(end)
                } else if let Some((tag, len)) = parse_tag(rest) {
                    out.text(&text[run..idx]);
                    if RAW_TEXT.contains(&tag.name.as_str()) && !tag.closing {
                        // Kept as written, content and end tag included.
                        let end = raw_text_end(rest, len, &tag.name);
                        out.text(&rest[..end]);
                        Some(end)
                    } else {
                        out.tag(&tag, &rest[..len]);
                        Some(len)
                    }
                } else {
                    None
                }
            }
            b'&' => parse_entity(rest).map(|(decoded, len)| {
                out.text(&text[run..idx]);
                out.entity(decoded);
                len
            }),
            _ => None,
        };
        match consumed {
            Some(len) => {
                idx += len;
                run = idx;
            }
            None => idx += rest.chars().next().map_or(1, char::len_utf8),
        }
    }
    out.text(&text[run..]);
    let out = out.finish();
    match out == text {
        true => Cow::Borrowed(text),
        false => Cow::Owned(out),
    }
}

/// Where a raw-text element opened by the tag of `len` bytes ends: after its end tag, or at
/// the end of the text.
fn raw_text_end(rest: &str, len: usize, name: &str) -> usize {
    let lower = rest.to_ascii_lowercase();
    let close = format!("</{name}");
    match lower[len..].find(&close) {
        Some(at) => {
            let from = len + at;
            rest[from..]
                .find('>')
                .map_or(rest.len(), |end| from + end + 1)
        }
        None => rest.len(),
    }
}

/// A tag: its name in lower case, whether it closes, and its attributes (values with their
/// entities decoded).
struct Tag {
    name: String,
    closing: bool,
    attrs: Vec<(String, String)>,
}

impl Tag {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }
}

/// The tag `text` starts with, and its length; `None` when `<` starts no tag.
fn parse_tag(text: &str) -> Option<(Tag, usize)> {
    let bytes = text.as_bytes();
    let limit = bytes.len().min(MAX_TAG);
    let mut idx = 1;
    let closing = bytes.get(idx) == Some(&b'/');
    if closing {
        idx += 1;
    }
    let name_start = idx;
    if !bytes.get(idx).is_some_and(u8::is_ascii_alphabetic) {
        return None;
    }
    while idx < limit && (bytes[idx].is_ascii_alphanumeric() || bytes[idx] == b'-') {
        idx += 1;
    }
    let name = text[name_start..idx].to_ascii_lowercase();
    let mut attrs = Vec::new();
    loop {
        let before = idx;
        while idx < limit && bytes[idx].is_ascii_whitespace() {
            idx += 1;
        }
        match bytes[..limit].get(idx)? {
            b'>' => break,
            b'/' if bytes[..limit].get(idx + 1) == Some(&b'>') => {
                idx += 1;
                break;
            }
            b'/' => {
                idx += 1;
                continue;
            }
            _ if idx == before => return None,
            _ => {}
        }
        let attr_start = idx;
        while idx < limit && !b" \t\r\n\x0c/>=\"'<".contains(&bytes[idx]) {
            idx += 1;
        }
        if idx == attr_start {
            return None;
        }
        let attr = text[attr_start..idx].to_ascii_lowercase();
        while idx < limit && bytes[idx].is_ascii_whitespace() {
            idx += 1;
        }
        let mut value = String::new();
        if bytes[..limit].get(idx) == Some(&b'=') {
            idx += 1;
            while idx < limit && bytes[idx].is_ascii_whitespace() {
                idx += 1;
            }
            let value_start;
            match bytes[..limit].get(idx)? {
                quote @ (b'"' | b'\'') => {
                    value_start = idx + 1;
                    let len = bytes[value_start..limit]
                        .iter()
                        .position(|byte| byte == quote)?;
                    idx = value_start + len;
                    value = decode_entities(&text[value_start..idx]);
                    idx += 1;
                }
                _ => {
                    value_start = idx;
                    while idx < limit && !b" \t\r\n\x0c>\"'<=`".contains(&bytes[idx]) {
                        idx += 1;
                    }
                    value = decode_entities(&text[value_start..idx]);
                }
            }
        }
        attrs.push((attr, value));
    }
    Some((
        Tag {
            name,
            closing,
            attrs,
        },
        idx + 1,
    ))
}

/// The character an entity `text` starts with stands for, and the entity's length.
fn parse_entity(text: &str) -> Option<(char, usize)> {
    let body = text.get(1..)?;
    let end = body.bytes().take(10).position(|byte| byte == b';')?;
    let decoded = match &body[..end] {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        name => {
            let number = name.strip_prefix('#')?;
            let code = match number.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => number.parse().ok()?,
            };
            match char::from_u32(code) {
                Some('\0') | None => '\u{fffd}',
                Some(decoded) => decoded,
            }
        }
    };
    Some((decoded, end + 2))
}

/// `text` with its entities decoded.
fn decode_entities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        match parse_entity(rest) {
            Some((decoded, len)) => {
                out.push(decoded);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// An open inline element.
#[derive(Clone, Debug, PartialEq)]
enum Inline {
    Strong,
    Emphasis,
    Code,
    /// A link, with its URL when it is one to keep.
    Link(Option<String>),
}

impl Inline {
    fn same_kind(&self, other: &Inline) -> bool {
        std::mem::discriminant(self) == std::mem::discriminant(other)
    }
}

/// An open list: the width of its current item's marker, and the next number of a numbered
/// one.
struct List {
    number: Option<u64>,
    width: usize,
}

/// The markdown being written.
struct Writer {
    mode: Mode,
    out: String,
    /// Open inline elements, innermost last, each with its content so far.
    inlines: Vec<(Inline, String)>,
    lists: Vec<List>,
    /// The text of an open `pre`.
    pre: Option<String>,
    /// Whether white space is skipped: after a break, where markdown would read it.
    skip_space: bool,
    /// Whether a line break is due before the next text.
    line_break: bool,
}

impl Writer {
    fn new(mode: Mode) -> Self {
        Writer {
            mode,
            out: String::new(),
            inlines: Vec::new(),
            lists: Vec::new(),
            pre: None,
            skip_space: false,
            line_break: false,
        }
    }

    /// Whether text is written as it is: in code, or as plain text.
    fn verbatim(&self) -> bool {
        self.pre.is_some()
            || self.mode == Mode::Plain
            || matches!(self.inlines.last(), Some((Inline::Code, _)))
    }

    /// The indentation of the content of the open list items.
    fn indent(&self) -> String {
        " ".repeat(self.lists.iter().map(|list| list.width).sum())
    }

    /// Where text goes: the innermost open inline element, else the output.
    fn target(&mut self) -> &mut String {
        match &mut self.pre {
            Some(pre) => pre,
            None => match self.inlines.last_mut() {
                Some((_, content)) => content,
                None => &mut self.out,
            },
        }
    }

    fn text(&mut self, text: &str) {
        let mut text = text;
        if self.skip_space && self.pre.is_none() {
            text = text.trim_start_matches(|c: char| c.is_ascii_whitespace());
            if text.is_empty() {
                return;
            }
            self.skip_space = false;
        }
        if text.is_empty() {
            return;
        }
        self.flush_break();
        if !self.verbatim() && !self.lists.is_empty() {
            let indented = text.replace('\n', &format!("\n{}", self.indent()));
            self.target().push_str(&indented);
        } else {
            self.target().push_str(text);
        }
    }

    /// Writes the line break due, if any.
    fn flush_break(&mut self) {
        if !self.line_break || self.pre.is_some() {
            return;
        }
        self.line_break = false;
        let indent = self.indent();
        let mode = self.mode;
        let target = self.target();
        match mode {
            Mode::Markdown => {
                target.push_str("\\\n");
                target.push_str(&indent);
            }
            Mode::Plain => target.push(' '),
        }
    }

    fn entity(&mut self, decoded: char) {
        let mut buf = [0; 4];
        if self.verbatim() || !MARKDOWN_PUNCTUATION.contains(decoded) {
            self.text(decoded.encode_utf8(&mut buf));
        } else {
            // Escaped, so that it means no more than the entity did.
            self.text(&format!("\\{decoded}"));
        }
    }

    fn tag(&mut self, tag: &Tag, source: &str) {
        let name = tag.name.as_str();
        if self.pre.is_some() {
            match name {
                "pre" if tag.closing => self.end_pre(),
                "br" => self.target().push('\n'),
                "p" | "b" | "strong" | "i" | "em" | "code" | "a" | "ul" | "ol" | "li" | "pre" => {}
                _ => self.text(source),
            }
            return;
        }
        let in_code = matches!(self.inlines.last(), Some((Inline::Code, _)));
        match name {
            "p" => self.block_break(),
            "br" if in_code => self.text(" "),
            "br" => self.hard_break(),
            "b" | "strong" | "i" | "em" | "a" if in_code => {}
            "b" | "strong" => self.inline(Inline::Strong, tag.closing),
            "i" | "em" => self.inline(Inline::Emphasis, tag.closing),
            "code" => self.inline(Inline::Code, tag.closing),
            "a" => {
                let url = tag.attr("href").and_then(safe_url);
                if !tag.closing {
                    // Links do not nest.
                    self.close(&Inline::Link(None));
                }
                self.inline(Inline::Link(url), tag.closing);
            }
            "pre" if !tag.closing => {
                self.block_break();
                self.pre = Some(String::new());
            }
            "pre" => {}
            "ul" | "ol" if !tag.closing => {
                let start = tag
                    .attr("start")
                    .and_then(|start| start.trim().parse().ok());
                self.start_list((name == "ol").then_some(start.unwrap_or(1)));
            }
            "ul" | "ol" => self.end_list(),
            "li" if !tag.closing => self.item(),
            "li" => self.skip_space = true,
            _ => self.text(source),
        }
    }

    fn inline(&mut self, kind: Inline, closing: bool) {
        if closing {
            self.close(&kind);
        } else {
            self.flush_break();
            self.inlines.push((kind, String::new()));
        }
    }

    /// Closes the innermost open element of `kind`'s kind, with those inside it; nothing
    /// when none is open.
    fn close(&mut self, kind: &Inline) {
        let Some(at) = self
            .inlines
            .iter()
            .rposition(|(open, _)| open.same_kind(kind))
        else {
            return;
        };
        while self.inlines.len() > at {
            self.close_innermost();
        }
    }

    fn close_all(&mut self) {
        while !self.inlines.is_empty() {
            self.close_innermost();
        }
    }

    fn close_innermost(&mut self) {
        let Some((kind, content)) = self.inlines.pop() else {
            return;
        };
        let written = match self.mode {
            Mode::Plain => content,
            Mode::Markdown => inline_markdown(&kind, &content),
        };
        self.target().push_str(&written);
    }

    /// Ends the line: trailing spaces and tabs dropped.
    fn trim_end(&mut self) {
        let len = self.out.trim_end().len();
        self.out.truncate(len);
    }

    fn block_break(&mut self) {
        self.close_all();
        self.line_break = false;
        self.trim_end();
        if !self.out.is_empty() {
            let indent = self.indent();
            match self.mode {
                Mode::Markdown => {
                    self.out.push_str("\n\n");
                    self.out.push_str(&indent);
                }
                Mode::Plain => self.out.push(' '),
            }
        }
        self.skip_space = true;
    }

    fn hard_break(&mut self) {
        if self.line_break {
            // Two breaks in a row end the paragraph.
            self.block_break();
        } else if !self
            .target()
            .rsplit('\n')
            .next()
            .is_none_or(|line| line.trim().is_empty())
        {
            self.line_break = true;
        }
        self.skip_space = true;
    }

    /// A new line, at the indentation of the open list items.
    fn new_line(&mut self) {
        self.close_all();
        self.line_break = false;
        let len = self.out.trim_end_matches([' ', '\t']).len();
        self.out.truncate(len);
        if !self.out.is_empty() {
            match self.mode {
                Mode::Markdown => {
                    if !self.out.ends_with('\n') {
                        self.out.push('\n');
                    }
                    let indent = self.indent();
                    self.out.push_str(&indent);
                }
                Mode::Plain => self.out.push(' '),
            }
        }
        self.skip_space = true;
    }

    fn start_list(&mut self, number: Option<u64>) {
        if self.lists.is_empty() {
            self.block_break();
        } else {
            self.new_line();
        }
        self.lists.push(List { number, width: 0 });
    }

    fn end_list(&mut self) {
        if self.lists.pop().is_none() {
            return;
        }
        if self.lists.is_empty() {
            self.block_break();
        } else {
            self.new_line();
        }
    }

    fn item(&mut self) {
        if self.lists.is_empty() {
            self.start_list(None);
        }
        if let Some(list) = self.lists.last_mut() {
            list.width = 0;
        }
        self.new_line();
        let Some(list) = self.lists.last_mut() else {
            return;
        };
        let marker = match list.number {
            Some(number) => {
                list.number = Some(number.saturating_add(1));
                format!("{number}. ")
            }
            None => "- ".to_owned(),
        };
        list.width = marker.len();
        if self.mode == Mode::Markdown {
            self.out.push_str(&marker);
        }
        self.skip_space = true;
    }

    fn end_pre(&mut self) {
        let Some(content) = self.pre.take() else {
            return;
        };
        // A newline right after `<pre>` is not part of its content.
        let content = content.strip_prefix('\n').unwrap_or(&content).trim_end();
        if content.trim().is_empty() {
            return;
        }
        match self.mode {
            Mode::Markdown => {
                let fence = "`".repeat(longest_run(content, '`').max(2) + 1);
                let indent = self.indent();
                self.out.push_str(&fence);
                for line in content.lines() {
                    self.out.push('\n');
                    if !line.is_empty() {
                        self.out.push_str(&indent);
                    }
                    self.out.push_str(line);
                }
                self.out.push('\n');
                self.out.push_str(&indent);
                self.out.push_str(&fence);
            }
            Mode::Plain => self.out.push_str(content),
        }
        self.block_break();
    }

    fn finish(mut self) -> String {
        self.close_all();
        if self.pre.is_some() {
            self.end_pre();
        }
        if self.skip_space {
            self.trim_end();
        }
        self.out
    }
}

/// An inline element closed: its content in markdown, white space outside the markers.
fn inline_markdown(kind: &Inline, content: &str) -> String {
    let core = content.trim();
    if core.is_empty() {
        return match kind {
            Inline::Code => String::new(),
            _ => content.to_owned(),
        };
    }
    let lead = &content[..content.len() - content.trim_start().len()];
    let trail = &content[content.trim_end().len()..];
    let written = match kind {
        Inline::Strong => format!("**{core}**"),
        Inline::Emphasis => format!("*{core}*"),
        Inline::Code => {
            let code: String = content
                .chars()
                .map(|c| if c == '\n' { ' ' } else { c })
                .collect();
            let fence = "`".repeat(longest_run(&code, '`') + 1);
            let pad = code.starts_with('`')
                || code.ends_with('`')
                || (code.starts_with(' ') && code.ends_with(' '));
            let pad = if pad { " " } else { "" };
            return format!("{fence}{pad}{code}{pad}{fence}");
        }
        Inline::Link(Some(url)) => format!("[{core}](<{url}>)"),
        Inline::Link(None) => core.to_owned(),
    };
    format!("{lead}{written}{trail}")
}

/// An `href` to keep: an `http`, `https` or `mailto` URL, normalised, as a link destination
/// in angle brackets takes it.
fn safe_url(href: &str) -> Option<String> {
    match crate::markdown::link_target(href.trim())? {
        crate::markdown::LinkTarget::Url(url) => Some(
            url.replace('\\', "%5C")
                .replace('<', "%3C")
                .replace('>', "%3E"),
        ),
        crate::markdown::LinkTarget::Item { .. } => None,
    }
}

/// The length of the longest run of `c` in `text`.
fn longest_run(text: &str, c: char) -> usize {
    let mut longest = 0;
    let mut run = 0;
    for found in text.chars() {
        if found == c {
            run += 1;
            longest = longest.max(run);
        } else {
            run = 0;
        }
    }
    longest
}

#[cfg(test)]
mod tests;
