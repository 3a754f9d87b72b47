//! The source text of numbers, so that `12.50`, `1e3`, `-0` and `12345678901234567890123`
//! reach the page as written.
//!
//! serde_json (built with `arbitrary_precision`) keeps a number's digits, but its parser writes
//! every exponent as `e+3`; the YAML parser hands the tree builder an `f64` (or an integer). So
//! the tree builder asks a [`NumberTexts`] made here for the text of each number it meets.
//!
//! Every number of a document is a whole word of its text (what ends a plain scalar, a space,
//! `,`, `]`, `}` or `:`, ends a word too), so the words tell how numbers are written:
//!
//! - Most specs write every number as the parser gives it back (`12.5`, `200`): a scan of the
//!   words finds no other spelling, and the tree is built from the parser's numbers alone.
//! - In YAML, when each number written otherwise (`10.10`) has that one spelling in the whole
//!   text, the text of a number follows from its value: the scan's words are the map.
//! - Otherwise (`10.1` and `10.10` both appear, or a tag could make a quoted text a number), a
//!   second pass lists the text of every number in the order the parser visits them: saphyr's
//!   events for YAML, with aliases replayed as the YAML parser replays them, and a scan outside
//!   strings for JSON. The tree builder takes one text per number and checks that it reads as
//!   the number the parser gave; on any mismatch the tree is built again without texts. A
//!   number is shown as written, or as the parser read it, never as another number.
//!
//! Only texts that are JSON numbers are kept (`0x1F`, `+5` and `.5` become `31`, `5` and
//! `0.5`), so examples stay valid JSON.

use std::cell::Cell;
use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::num::ParseIntError;
use std::ops::Range;
use std::rc::Rc;

use saphyr_parser::{Event, Parser, ScalarStyle};
use serde_json::Number;

/// A number as a parser handed it to the tree builder.
#[derive(Clone, Copy, Debug)]
pub(super) enum Visited<'a> {
    /// An unsigned integer.
    U64(u64),
    /// A negative integer (or YAML's `-0`).
    I64(i64),
    /// An unsigned integer beyond `u64`.
    U128(u128),
    /// A negative integer beyond `i64`.
    I128(i128),
    /// Any other number the YAML parser read.
    F64(f64),
    /// A number serde_json kept as text (exponents written `e+N`).
    Json(&'a str),
}

impl Visited<'_> {
    /// The text serde_json would give this number without a source text.
    pub(super) fn canonical(self) -> Option<String> {
        match self {
            Visited::U64(v) => Some(v.to_string()),
            Visited::I64(v) => Some(v.to_string()),
            Visited::U128(v) => Some(v.to_string()),
            Visited::I128(v) => Some(v.to_string()),
            Visited::F64(v) => Number::from_f64(v).map(|number| number.to_string()),
            Visited::Json(text) => Some(text.to_owned()),
        }
    }

    fn same(self, other: Visited<'_>) -> bool {
        self.key().is_some_and(|key| other.key() == Some(key))
            || matches!((self, other), (Visited::Json(a), Visited::Json(b)) if a == b)
    }

    /// The number as a map key: the parser's kind and value, floats by their bits.
    fn key(self) -> Option<Key> {
        match self {
            Visited::U64(v) => Some(Key::U64(v)),
            Visited::I64(v) => Some(Key::I64(v)),
            Visited::U128(v) => Some(Key::U128(v)),
            Visited::I128(v) => Some(Key::I128(v)),
            Visited::F64(v) => Some(Key::F64(v.to_bits())),
            Visited::Json(_) => None,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Key {
    U64(u64),
    I64(i64),
    U128(u128),
    I128(i128),
    F64(u64),
}

/// How the numbers of one document are written, where the parser does not keep it.
#[derive(Debug)]
pub(super) struct NumberTexts(Texts);

#[derive(Debug)]
enum Texts {
    /// YAML numbers written otherwise than the parser gives them back, each by its one
    /// spelling in the text.
    Spelled(HashMap<Key, Rc<str>>),
    /// The text of every number, in the order the parser visits them.
    Listed(Listed),
}

impl NumberTexts {
    /// The source text of the number the parser just visited, when it is a JSON number. Every
    /// number the parser visits must ask, in order.
    pub(super) fn take(&self, visited: Visited<'_>) -> Option<&str> {
        match &self.0 {
            Texts::Spelled(spelled) => visited
                .key()
                .and_then(|key| spelled.get(&key))
                .map(|text| &**text),
            Texts::Listed(listed) => listed.take(visited),
        }
    }

    /// Whether every number took the text that reads as it, and no text was left over.
    pub(super) fn all_matched(&self) -> bool {
        match &self.0 {
            Texts::Spelled(_) => true,
            Texts::Listed(listed) => {
                !listed.broken.get() && listed.next.get() == listed.texts.len()
            }
        }
    }

    /// Texts listed by hand, for tests.
    #[cfg(test)]
    pub(super) fn listed(yaml: bool, texts: &[&str]) -> NumberTexts {
        NumberTexts(Texts::Listed(Listed::new(
            yaml,
            texts.iter().map(|text| Rc::from(*text)).collect(),
        )))
    }
}

/// The text of every number of a document, in the order a parser visits them.
#[derive(Debug)]
struct Listed {
    yaml: bool,
    texts: Vec<Rc<str>>,
    next: Cell<usize>,
    broken: Cell<bool>,
}

impl Listed {
    fn new(yaml: bool, texts: Vec<Rc<str>>) -> Listed {
        Listed {
            yaml,
            texts,
            next: Cell::new(0),
            broken: Cell::new(false),
        }
    }

    fn take(&self, visited: Visited<'_>) -> Option<&str> {
        if self.broken.get() {
            return None;
        }
        let idx = self.next.get();
        self.next.set(idx + 1);
        let text = self.texts.get(idx).map(|text| &**text);
        let reads_as_visited = text.is_some_and(|text| {
            if self.yaml {
                yaml_number(text).is_some_and(|read| read.same(visited))
            } else {
                json_reads_as(text, visited)
            }
        });
        if !reads_as_visited {
            self.broken.set(true);
            return None;
        }
        text.filter(|text| is_json_number(text))
    }
}

/// A number with exactly `text` as its digits, when `text` is a JSON number within the range
/// of a double (`1e400` is not: no reader of the JSON could use it).
pub(super) fn number_from_source(text: &str) -> Option<Number> {
    // serde_json's public constructors all go through its parser, which writes `1e3` as
    // `1e+3`; `from_string_unchecked` keeps the text, and `is_json_number` is the check it
    // leaves to its caller. A test below holds serde_json to this.
    (is_json_number(text) && text.parse::<f64>().is_ok_and(f64::is_finite))
        .then(|| Number::from_string_unchecked(text.to_owned()))
}

/// Whether `text` is a number as JSON writes them: `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`.
pub(crate) fn is_json_number(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut at = usize::from(bytes.first() == Some(&b'-'));
    let digits = |at: &mut usize| {
        let start = *at;
        while bytes.get(*at).is_some_and(u8::is_ascii_digit) {
            *at += 1;
        }
        *at > start
    };
    match bytes.get(at) {
        Some(b'0') => at += 1,
        Some(b'1'..=b'9') => {
            digits(&mut at);
        }
        _ => return false,
    }
    if bytes.get(at) == Some(&b'.') {
        at += 1;
        if !digits(&mut at) {
            return false;
        }
    }
    if matches!(bytes.get(at), Some(b'e' | b'E')) {
        at += 1;
        if matches!(bytes.get(at), Some(b'+' | b'-')) {
            at += 1;
        }
        if !digits(&mut at) {
            return false;
        }
    }
    at == bytes.len()
}

/// How a YAML document's numbers are written, when any is written otherwise than the parser
/// gives it back; `None` also when that cannot be told exactly (the listing pass met tags, a
/// parse error, or more than `limit` numbers once aliases are replayed).
pub(super) fn yaml_texts(text: &str, limit: usize) -> Option<NumberTexts> {
    // Every spelling of every number that a word may be, as far as it matters: JSON integers
    // up to `u128` other than `-0` are written as the parser gives them back, and no other
    // word has their value and kind.
    let mut spellings: HashMap<Key, Spelling<'_>> = HashMap::new();
    for word in words(text) {
        let integer = !word.contains(['.', 'e', 'E']);
        if (integer && word.len() < 39 && word != "-0") || !is_json_number(word) {
            continue;
        }
        let Some(number) = yaml_number(word) else {
            continue;
        };
        let Some(key) = number.key() else { continue };
        let differs = number
            .canonical()
            .is_some_and(|canonical| canonical != word);
        match spellings.entry(key) {
            Entry::Vacant(entry) => {
                entry.insert(Spelling {
                    text: word,
                    differs,
                    several: false,
                });
            }
            Entry::Occupied(mut entry) => {
                let spelling = entry.get_mut();
                spelling.differs |= differs;
                spelling.several |= spelling.text != word;
            }
        }
    }
    spellings.retain(|_, spelling| spelling.differs);
    if spellings.is_empty() {
        return None;
    }
    // A tag (`!!float "1\x30.5"`) can make a number of a quoted text, whose words need not
    // spell it.
    if !may_have_tags(text) && spellings.values().all(|spelling| !spelling.several) {
        return Some(NumberTexts(Texts::Spelled(
            spellings
                .into_iter()
                .map(|(key, spelling)| (key, Rc::from(spelling.text)))
                .collect(),
        )));
    }
    list_yaml_texts(text, limit)
}

/// Whether a `!` stands where a tag can (after a space, a line break, `[`, `{` or `,`, or
/// first); `Wow!` cannot be one.
fn may_have_tags(text: &str) -> bool {
    let bytes = text.as_bytes();
    text.match_indices('!').any(|(at, _)| {
        at == 0
            || matches!(
                bytes[at - 1],
                b' ' | b'\t' | b'\n' | b'\r' | b'[' | b'{' | b','
            )
    })
}

/// The words one number is written as.
struct Spelling<'t> {
    /// The first.
    text: &'t str,
    /// Whether a word differs from the parser's text for the number.
    differs: bool,
    /// Whether another word has the same number.
    several: bool,
}

/// The text of every number of a YAML document, in the order the parser visits them.
fn list_yaml_texts(text: &str, limit: usize) -> Option<NumberTexts> {
    let mut texts: Vec<Rc<str>> = Vec::new();
    let mut anchors: HashMap<usize, Range<usize>> = HashMap::new();
    // Open collections: their anchor and where their numbers start.
    let mut open: Vec<(usize, usize)> = Vec::new();
    for event in Parser::new_from_str(text) {
        let (event, _) = event.ok()?;
        match event {
            Event::Scalar(_, _, _, Some(_))
            | Event::SequenceStart(_, Some(_))
            | Event::MappingStart(_, Some(_)) => return None,
            Event::Scalar(value, style, anchor, None) => {
                let start = texts.len();
                if style == ScalarStyle::Plain && yaml_number(&value).is_some() {
                    texts.push(Rc::from(&*value));
                }
                if anchor > 0 {
                    anchors.insert(anchor, start..texts.len());
                }
            }
            Event::SequenceStart(anchor, None) | Event::MappingStart(anchor, None) => {
                open.push((anchor, texts.len()));
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let (anchor, start) = open.pop()?;
                if anchor > 0 {
                    anchors.insert(anchor, start..texts.len());
                }
            }
            Event::Alias(anchor) => {
                let range = anchors.get(&anchor)?.clone();
                if texts.len() + range.len() > limit {
                    return None;
                }
                texts.extend_from_within(range);
            }
            _ => {}
        }
        if texts.len() > limit {
            return None;
        }
    }
    Some(NumberTexts(Texts::Listed(Listed::new(true, texts))))
}

/// The texts of a JSON document's numbers, when any is written in a way serde_json does not
/// keep (`1e3`, `1E+3`).
pub(super) fn json_texts(text: &str) -> Option<NumberTexts> {
    if !words(text).any(|word| is_json_number(word) && json_canonical(word) != word) {
        return None;
    }
    let bytes = text.as_bytes();
    let mut texts = Vec::new();
    let mut at = 0;
    while let Some(&byte) = bytes.get(at) {
        match byte {
            b'"' => {
                at += 1;
                while let Some(&byte) = bytes.get(at) {
                    at += if byte == b'\\' { 2 } else { 1 };
                    if byte == b'"' {
                        break;
                    }
                }
            }
            b'-' | b'0'..=b'9' => {
                let start = at;
                while bytes.get(at).is_some_and(|byte| {
                    matches!(byte, b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E')
                }) {
                    at += 1;
                }
                texts.push(Rc::from(&text[start..at]));
            }
            _ => at += 1,
        }
    }
    Some(NumberTexts(Texts::Listed(Listed::new(false, texts))))
}

/// How serde_json writes a JSON number it keeps as text: `e`, and a sign after it.
fn json_canonical(text: &str) -> String {
    match text.find(['e', 'E']) {
        Some(at) => {
            let (mantissa, exponent) = (&text[..at], &text[at + 1..]);
            let sign = if exponent.starts_with(['+', '-']) {
                ""
            } else {
                "+"
            };
            format!("{mantissa}e{sign}{exponent}")
        }
        None => text.to_owned(),
    }
}

fn json_reads_as(text: &str, visited: Visited<'_>) -> bool {
    match visited {
        Visited::Json(kept) => is_json_number(text) && json_canonical(text) == kept,
        Visited::F64(v) => text
            .parse::<f64>()
            .is_ok_and(|read| read.to_bits() == v.to_bits()),
        other => other.canonical().is_some_and(|canonical| canonical == text),
    }
}

/// The runs of characters a YAML plain scalar or a JSON number can be made of that start like
/// a number. A number is always one whole run: what ends a plain scalar (space, `,`, `]`, `}`,
/// `:`) ends a run.
fn words(text: &str) -> impl Iterator<Item = &str> {
    const IN_WORD: [bool; 256] = {
        let mut table = [false; 256];
        let mut byte = 0;
        while byte < 256 {
            let b = byte as u8;
            table[byte] = b.is_ascii_alphanumeric() || matches!(b, b'.' | b'+' | b'-' | b'_');
            byte += 1;
        }
        table
    };
    let bytes = text.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        loop {
            at += bytes
                .get(at..)?
                .iter()
                .position(|byte| IN_WORD[usize::from(*byte)])?;
            let start = at;
            at += bytes[at..]
                .iter()
                .position(|byte| !IN_WORD[usize::from(*byte)])
                .unwrap_or(bytes.len() - at);
            // Runs are ASCII, so they start and end on character boundaries.
            let word = &text[start..at];
            if word
                .bytes()
                .find(|byte| *byte != b'-')
                .is_some_and(|byte| byte.is_ascii_digit())
            {
                return Some(word);
            }
        }
    })
}

/// The number the YAML parser (`yaml_serde`) reads a plain scalar as, if any: its rules,
/// repeated here so that this module lists exactly the scalars the parser visits as numbers.
pub(super) fn yaml_number(scalar: &str) -> Option<Visited<'static>> {
    if let Some(int) = parse_unsigned_int(scalar, u64::from_str_radix) {
        return Some(Visited::U64(int));
    }
    if let Some(int) = parse_negative_int(scalar, i64::from_str_radix) {
        return Some(Visited::I64(int));
    }
    if let Some(int) = parse_unsigned_int(scalar, u128::from_str_radix) {
        return Some(Visited::U128(int));
    }
    if let Some(int) = parse_negative_int(scalar, i128::from_str_radix) {
        return Some(Visited::I128(int));
    }
    if digits_but_not_number(scalar) {
        return None;
    }
    parse_f64(scalar).map(Visited::F64)
}

// The four functions below are yaml_serde 0.10's (`src/de.rs`, MIT OR Apache-2.0), unchanged.

fn parse_unsigned_int<T>(
    scalar: &str,
    from_str_radix: fn(&str, radix: u32) -> Result<T, ParseIntError>,
) -> Option<T> {
    let unpositive = scalar.strip_prefix('+').unwrap_or(scalar);
    for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] {
        if let Some(rest) = unpositive.strip_prefix(prefix) {
            if rest.starts_with(['+', '-']) {
                return None;
            }
            if let Ok(int) = from_str_radix(rest, radix) {
                return Some(int);
            }
        }
    }
    if unpositive.starts_with(['+', '-']) {
        return None;
    }
    if digits_but_not_number(scalar) {
        return None;
    }
    from_str_radix(unpositive, 10).ok()
}

fn parse_negative_int<T>(
    scalar: &str,
    from_str_radix: fn(&str, radix: u32) -> Result<T, ParseIntError>,
) -> Option<T> {
    for (prefix, radix) in [("-0x", 16), ("-0o", 8), ("-0b", 2)] {
        if let Some(rest) = scalar.strip_prefix(prefix) {
            let negative = format!("-{rest}");
            if let Ok(int) = from_str_radix(&negative, radix) {
                return Some(int);
            }
        }
    }
    if digits_but_not_number(scalar) {
        return None;
    }
    from_str_radix(scalar, 10).ok()
}

fn parse_f64(scalar: &str) -> Option<f64> {
    let unpositive = if let Some(unpositive) = scalar.strip_prefix('+') {
        if unpositive.starts_with(['+', '-']) {
            return None;
        }
        unpositive
    } else {
        scalar
    };
    if let ".inf" | ".Inf" | ".INF" = unpositive {
        return Some(f64::INFINITY);
    }
    if let "-.inf" | "-.Inf" | "-.INF" = scalar {
        return Some(f64::NEG_INFINITY);
    }
    if let ".nan" | ".NaN" | ".NAN" = scalar {
        return Some(f64::NAN.copysign(1.0));
    }
    unpositive
        .parse::<f64>()
        .ok()
        .filter(|float| float.is_finite())
}

fn digits_but_not_number(scalar: &str) -> bool {
    // Leading zero(s) followed by numeric characters is a string according to YAML 1.2.
    let scalar = scalar.strip_prefix(['-', '+']).unwrap_or(scalar);
    scalar.len() > 1 && scalar.starts_with('0') && scalar[1..].bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serde_json_keeps_a_number_text_as_given() {
        for text in [
            "12.50",
            "1e3",
            "1E+3",
            "-0",
            "12345678901234567890123",
            "0.1000",
        ] {
            let number = number_from_source(text).unwrap();
            assert_eq!(number.to_string(), text);
            assert_eq!(serde_json::to_string(&number).unwrap(), text);
            assert_eq!(
                number.as_f64(),
                Some(text.parse::<f64>().unwrap()),
                "{text}"
            );
        }
        assert_eq!(number_from_source("+5"), None);
        assert_eq!(number_from_source("1e400"), None);
        assert_eq!(number_from_source("1e-400").unwrap().to_string(), "1e-400");
        assert_eq!(number_from_source("0x1F"), None);
    }

    #[test]
    fn json_numbers_are_recognised() {
        for good in [
            "0",
            "-0",
            "12.50",
            "1e3",
            "1E+3",
            "-1.5e-7",
            "90071992547409930",
        ] {
            assert!(is_json_number(good), "{good}");
        }
        for bad in [
            "", "-", "+1", "01", ".5", "5.", "1e", "1e+", "0x1F", "1_000", "1.2.3", "inf",
        ] {
            assert!(!is_json_number(bad), "{bad}");
        }
    }

    #[test]
    fn yaml_numbers_are_read_like_the_yaml_parser_reads_them() {
        assert!(matches!(yaml_number("12"), Some(Visited::U64(12))));
        assert!(matches!(yaml_number("-0"), Some(Visited::I64(0))));
        assert!(matches!(yaml_number("0x1F"), Some(Visited::U64(31))));
        assert!(matches!(yaml_number("+5"), Some(Visited::U64(5))));
        assert!(matches!(
            yaml_number("99999999999999999999999"),
            Some(Visited::U128(_))
        ));
        assert!(matches!(yaml_number("1e3"), Some(Visited::F64(v)) if v == 1000.0));
        assert!(matches!(yaml_number(".5"), Some(Visited::F64(v)) if v == 0.5));
        for text in ["0123", "1_000", "1.2.3", "abc", "", "2024-01-15", "3.4.1"] {
            assert!(yaml_number(text).is_none(), "{text}");
        }
    }

    /// What the texts say: each spelled number by its text, or the listed texts in order.
    fn described(texts: &NumberTexts) -> Vec<String> {
        match &texts.0 {
            Texts::Spelled(spelled) => {
                let mut texts: Vec<String> = spelled
                    .values()
                    .map(|text| format!("spelled {text}"))
                    .collect();
                texts.sort();
                texts
            }
            Texts::Listed(listed) => listed.texts.iter().map(|text| text.to_string()).collect(),
        }
    }

    #[test]
    fn words_are_the_runs_that_start_like_numbers() {
        let found: Vec<&str> = words("a: [1.50,-2]\n- é12 x-1 -0 3e4: ok#7 --5\n").collect();
        assert_eq!(found, ["1.50", "-2", "12", "-0", "3e4", "7", "--5"]);
    }

    #[test]
    fn numbers_written_as_the_parser_gives_them_back_need_no_texts() {
        let text = "a: 12.5\nb: [1, -2, 1.0, 1e-7]\nv: 3.4.1\nc: 2024-01-15\nd: 0x1F\n";
        assert!(yaml_texts(text, 100).is_none());
        assert!(json_texts(r#"{"a": 12.50, "b": -0, "c": 1e+3}"#).is_none());
    }

    #[test]
    fn a_number_with_one_spelling_is_known_by_its_value() {
        let texts = yaml_texts("a: 12.50\nb: [1, 1e3, 12.50]\nc: '-0' # -0\n", 100).unwrap();
        assert_eq!(
            described(&texts),
            ["spelled -0", "spelled 12.50", "spelled 1e3"]
        );
        assert_eq!(texts.take(Visited::F64(12.5)), Some("12.50"));
        assert_eq!(texts.take(Visited::I64(0)), Some("-0"));
        // Numbers the words do not spell otherwise keep the parser's text.
        assert_eq!(texts.take(Visited::F64(1.5)), None);
        assert_eq!(texts.take(Visited::U64(1)), None);
        assert!(texts.all_matched());
    }

    #[test]
    fn numbers_with_several_spellings_are_listed_in_order() {
        // `10.1` in a quoted text and `10.10` as a number: the value does not tell.
        let texts = yaml_texts("a: 10.10\nb: \"from 10.1\"\nc: [1, 10.1]\n", 100).unwrap();
        assert_eq!(described(&texts), ["10.10", "1", "10.1"]);
        // So does a tag, which can make a quoted text a number.
        let texts = yaml_texts("a: 12.50\nb: !!float '3'\nc: 4\n", 100);
        assert!(texts.is_none(), "tags stop the listing");
        let texts = yaml_texts("a: 12.50\nb: !x '3'\nc: 4\n", 100);
        assert!(texts.is_none(), "tags stop the listing");
        let texts = yaml_texts("a: 12.50\nb: 'wow!'\nc: 4\n", 100).unwrap();
        assert_eq!(described(&texts), ["spelled 12.50"]);
        assert!(may_have_tags("!!str x") && may_have_tags("[!x a]") && !may_have_tags("a: b!"));
        let texts = json_texts(r#"{"a": "x\"1e3", "b": [1e3, 2]}"#).unwrap();
        assert_eq!(described(&texts), ["1e3", "2"]);
    }

    #[test]
    fn aliases_replay_their_numbers_and_are_bounded() {
        let text = "a: &n [1.50, 2]\nb: *n\nc: &s 3.0e0\nd: [*s, *s, 3.00]\n";
        let texts = list_yaml_texts(text, 100).unwrap();
        assert_eq!(
            described(&texts),
            ["1.50", "2", "1.50", "2", "3.0e0", "3.0e0", "3.0e0", "3.00"]
        );
        assert!(list_yaml_texts("a: &n [1.50, 2]\nb: [*n, *n, *n]\n", 5).is_none());
        // Parse errors: no texts, numbers as the parser reads them.
        assert!(list_yaml_texts("a: [1.50\n", 100).is_none());
    }

    #[test]
    fn a_mismatch_stops_the_texts() {
        let texts = list_yaml_texts("a: 1.50\nb: 2\n", 100).unwrap();
        assert_eq!(texts.take(Visited::F64(1.5)), Some("1.50"));
        assert_eq!(texts.take(Visited::U64(3)), None);
        assert!(!texts.all_matched());
        let texts = list_yaml_texts("a: 1.50\nb: 2\n", 100).unwrap();
        assert_eq!(texts.take(Visited::F64(1.5)), Some("1.50"));
        assert!(!texts.all_matched());
        assert_eq!(texts.take(Visited::U64(2)), Some("2"));
        assert!(texts.all_matched());
    }
}
