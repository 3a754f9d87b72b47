//! The span index of a JSON text, without the YAML parser: a byte scanner that descends only
//! into the wanted paths and skips everything else by matching brackets. The YAML parser
//! tokenises the whole of a 13 MB document to find a handful of paths; this reads it at
//! memory speed. It gives what the YAML parser would (the equivalence is tested), and gives
//! up (`None`) on anything that is not plain JSON, which the YAML parser then reads.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use crate::diagnostic::SpecPath;

/// Where a value is in the text, in bytes.
#[derive(Clone, Debug)]
pub(super) struct Span {
    /// Its key, quotes included, in a mapping.
    pub(super) key: Option<Range<usize>>,
    /// The value; for a mapping or list, its opening bracket.
    pub(super) value: Range<usize>,
    pub(super) is_scalar: bool,
    pub(super) is_quoted: bool,
}

/// The spans of a JSON `text`'s values at the paths in `only` (every path when `None`),
/// which must hold the ancestors of each of its paths. `None` when the text is not JSON.
pub(super) fn index(
    text: &str,
    only: Option<&HashSet<SpecPath>>,
) -> Option<HashMap<SpecPath, Span>> {
    let mut scanner = Scanner {
        bytes: text.as_bytes(),
        text,
        pos: 0,
    };
    scanner.whitespace();
    if !matches!(scanner.peek(), Some(b'{' | b'[')) {
        return None;
    }
    let mut index = HashMap::new();
    let mut open: Vec<Open> = Vec::new();
    scanner.value(SpecPath::root(), None, only, &mut index, &mut open)?;
    while let Some(container) = open.last_mut() {
        scanner.whitespace();
        let close = if container.is_map { b'}' } else { b']' };
        if scanner.peek()? == close {
            scanner.pos += 1;
            open.pop();
            continue;
        }
        if container.count > 0 {
            scanner.expect(b',')?;
            scanner.whitespace();
        }
        container.count += 1;
        if container.is_map {
            let key_start = scanner.pos;
            let key = scanner.string()?;
            let key_end = scanner.pos;
            scanner.whitespace();
            scanner.expect(b':')?;
            scanner.whitespace();
            let path = container.path.key(&key);
            scanner.value(
                path,
                Some((key_start, key_end)),
                only,
                &mut index,
                &mut open,
            )?;
        } else {
            let path = container.path.index(container.count - 1);
            scanner.value(path, None, only, &mut index, &mut open)?;
        }
    }
    scanner.whitespace();
    (scanner.pos == scanner.bytes.len()).then_some(index)
}

/// A mapping or list being read, at a wanted path.
struct Open {
    path: SpecPath,
    is_map: bool,
    /// Members read so far.
    count: usize,
}

struct Scanner<'t> {
    bytes: &'t [u8],
    text: &'t str,
    pos: usize,
}

impl Scanner<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn whitespace(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    fn expect(&mut self, byte: u8) -> Option<()> {
        (self.peek()? == byte).then(|| self.pos += 1)
    }

    /// The value starting here, at `path` (its key spanning the given bytes): recorded and,
    /// when it is a wanted container, opened; skipped whole when it is not wanted.
    fn value(
        &mut self,
        path: SpecPath,
        key: Option<(usize, usize)>,
        only: Option<&HashSet<SpecPath>>,
        index: &mut HashMap<SpecPath, Span>,
        open: &mut Vec<Open>,
    ) -> Option<()> {
        if only.is_some_and(|only| !only.contains(&path)) {
            return self.skip_value();
        }
        let start = self.pos;
        let is_container = matches!(self.peek()?, b'{' | b'[');
        let is_quoted = self.peek()? == b'"';
        if is_container {
            open.push(Open {
                path: path.clone(),
                is_map: self.peek()? == b'{',
                count: 0,
            });
            self.pos += 1;
        } else {
            self.skip_value()?;
        }
        index.entry(path).or_insert(Span {
            key: key.map(|(from, to)| from..to),
            value: if is_container {
                start..start + 1
            } else {
                start..self.pos
            },
            is_scalar: !is_container,
            is_quoted,
        });
        Some(())
    }

    /// Moves past the value starting here, however deep.
    fn skip_value(&mut self) -> Option<()> {
        match self.peek()? {
            b'"' => self.skip_string(),
            b'{' | b'[' => {
                let mut depth = 0usize;
                loop {
                    match self.peek()? {
                        b'"' => self.skip_string()?,
                        b'{' | b'[' => {
                            depth += 1;
                            self.pos += 1;
                        }
                        b'}' | b']' => {
                            depth -= 1;
                            self.pos += 1;
                            if depth == 0 {
                                return Some(());
                            }
                        }
                        _ => self.pos += 1,
                    }
                }
            }
            _ => {
                // A number, `true`, `false` or `null`; what else YAML would take as a plain
                // scalar (`yes`, `.5`) is left to the YAML parser.
                let start = self.pos;
                while matches!(
                    self.peek(),
                    Some(b'0'..=b'9' | b'a'..=b'z' | b'E' | b'+' | b'-' | b'.')
                ) {
                    self.pos += 1;
                }
                let token = &self.text[start..self.pos];
                let is_json = matches!(token, "true" | "false" | "null")
                    || token
                        .parse::<f64>()
                        .is_ok_and(|_| token.starts_with(|c: char| c == '-' || c.is_ascii_digit()));
                is_json.then_some(())
            }
        }
    }

    /// Moves past the string starting here.
    fn skip_string(&mut self) -> Option<()> {
        self.pos += 1;
        loop {
            match self.peek()? {
                b'"' => {
                    self.pos += 1;
                    return Some(());
                }
                b'\\' => self.pos += 2,
                // A raw line break or tab is no JSON; YAML folds it.
                b'\n' | b'\r' | b'\t' => return None,
                _ => self.pos += 1,
            }
        }
    }

    /// The string starting here, its escapes decoded.
    fn string(&mut self) -> Option<String> {
        if self.peek()? != b'"' {
            return None;
        }
        let start = self.pos;
        self.skip_string()?;
        let raw = &self.text[start..self.pos];
        if !raw.contains('\\') {
            return Some(raw[1..raw.len() - 1].to_owned());
        }
        serde_json::from_str(raw).ok()
    }
}
