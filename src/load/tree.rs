//! Parse YAML or JSON text into one ordered `serde_json::Value` tree.
//!
//! The YAML parser is used through the `serde_yaml` API (the maintained `yaml_serde` fork) and
//! only here. On top of what the parsers give, this rejects duplicate keys, turns scalar keys
//! into strings (YAML `201:` is the key `"201"`), applies YAML merge keys (`<<: *base`), keeps
//! every number as written (see `numbers`) and bounds how many values a document may expand
//! to, so aliases cannot blow up memory.

use std::cell::Cell;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

use super::numbers::{self, NumberTexts, Visited, number_from_source};
use crate::diagnostic::{Code, Diagnostic, Label, Location, SpecPath};

/// The two input languages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// `.yaml` / `.yml`
    Yaml,
    /// `.json`
    Json,
}

/// Parses `text` into a value tree of at most `max_values` values.
pub(crate) fn parse_tree(
    text: &str,
    format: Format,
    max_values: usize,
) -> Result<Value, Diagnostic> {
    // The YAML scanner takes quadratic time on deep `[[[[...` before any depth check.
    if format == Format::Yaml && naive_flow_depth(text) > MAX_FLOW_DEPTH {
        return Err(Diagnostic::error(
            Code::SyntaxError,
            "invalid YAML: the spec nests deeper than 128 levels",
        ));
    }
    let texts = match format {
        Format::Yaml => numbers::yaml_texts(text, max_values),
        Format::Json => numbers::json_texts(text),
    };
    tree_with_texts(text, format, max_values, texts)
}

fn tree_with_texts(
    text: &str,
    format: Format,
    max_values: usize,
    texts: Option<NumberTexts>,
) -> Result<Value, Diagnostic> {
    let mut tree = build_tree(text, format, max_values, texts.as_ref());
    if let Some(texts) = texts
        && tree.is_ok()
        && !texts.all_matched()
    {
        // The texts did not line up with the parser's numbers: build the tree without them.
        tree = build_tree(text, format, max_values, None);
    }
    match tree {
        Ok(Value::Null) => Err(empty_file()),
        other => other,
    }
}

/// A JSON value written inside a spec (a shorthand's `default [1.50, 2]`), its numbers as
/// written; `None` when it is not JSON.
pub(crate) fn parse_json_value(text: &str) -> Option<Value> {
    let max_values = 100_000 + 2 * text.len();
    let texts = numbers::json_texts(text);
    let value = build_tree(text, Format::Json, max_values, texts.as_ref()).ok()?;
    match texts {
        Some(texts) if !texts.all_matched() => {
            build_tree(text, Format::Json, max_values, None).ok()
        }
        _ => Some(value),
    }
}

fn build_tree(
    text: &str,
    format: Format,
    max_values: usize,
    numbers: Option<&NumberTexts>,
) -> Result<Value, Diagnostic> {
    // Aliases repeat text without repeating it in the file: bound the text they expand to.
    let max_text = (text.len() * 4).max(16 << 20);
    let budget = Budget {
        remaining: Cell::new(max_values),
        limit: max_values,
        text_remaining: Cell::new(max_text),
    };
    let seed = ValueSeed {
        budget: &budget,
        numbers,
        format,
    };
    let res = match format {
        Format::Yaml => {
            let deserializer = serde_yaml::Deserializer::from_str(text);
            seed.deserialize(deserializer)
                .map_err(|err| yaml_error(&err, text))
        }
        Format::Json => {
            let mut deserializer = serde_json::Deserializer::from_str(text);
            seed.deserialize(&mut deserializer)
                .and_then(|value| deserializer.end().map(|()| value))
                .map_err(|err| json_error(&err))
        }
    };
    res.map_err(|diag| {
        if budget.text_remaining.get() == 0 {
            Diagnostic::error(
                Code::SpecTooLarge,
                format!(
                    "the spec's text expands to more than {} MiB",
                    max_text >> 20
                ),
            )
            .with_help("YAML aliases (`*name`) that repeat long text multiply the size; write the repeated part once, or split the spec")
        } else if budget.remaining.get() == 0 {
            Diagnostic::error(
                Code::SpecTooLarge,
                format!("the spec expands to more than {max_values} values"),
            )
            .with_help("YAML aliases (`*name`) that repeat large parts multiply the size; write the repeated part once, or split the spec")
        } else {
            diag
        }
    })
}

const BUDGET_EXCEEDED: &str = "value budget exceeded";

/// Far beyond the parser's own limit of 128. Brackets in text count too, so a spec whose text
/// holds over a thousand unmatched `[` or `{` is turned away as well; none does.
const MAX_FLOW_DEPTH: usize = 1000;

/// The deepest nesting of `[` and `{`, counting every bracket, quoted or not.
fn naive_flow_depth(text: &str) -> usize {
    let (mut depth, mut max) = (0usize, 0usize);
    for byte in text.bytes() {
        match byte {
            b'[' | b'{' => {
                depth += 1;
                max = max.max(depth);
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    max
}

struct Budget {
    remaining: Cell<usize>,
    limit: usize,
    /// Bytes of text (values and keys) still allowed.
    text_remaining: Cell<usize>,
}

impl Budget {
    fn spend_text<E: de::Error>(&self, len: usize) -> Result<(), E> {
        match self.text_remaining.get().checked_sub(len) {
            Some(rest) => {
                self.text_remaining.set(rest);
                Ok(())
            }
            None => {
                self.text_remaining.set(0);
                Err(E::custom(BUDGET_EXCEEDED))
            }
        }
    }

    fn spend<E: de::Error>(&self) -> Result<(), E> {
        match self.remaining.get().checked_sub(1) {
            Some(rest) => {
                self.remaining.set(rest);
                Ok(())
            }
            None => Err(E::custom(format_args!(
                "{BUDGET_EXCEEDED} ({})",
                self.limit
            ))),
        }
    }
}

/// serde_json hands a number it keeps as text to a map visitor as this one key and the text.
const JSON_NUMBER_KEY: &str = "$serde_json::private::Number";

#[derive(Clone, Copy)]
struct ValueSeed<'b> {
    budget: &'b Budget,
    /// The numbers' source texts, when they differ from what the parser gives.
    numbers: Option<&'b NumberTexts>,
    format: Format,
}

impl ValueSeed<'_> {
    /// A number the parser read: as written when its text is a JSON number, else as read.
    fn number<E: de::Error>(self, visited: Visited<'_>) -> Result<Value, E> {
        // serde_json keeps `1e400` as text; no JSON reader could use it (YAML reads it as text).
        if let Visited::Json(text) = visited
            && text.parse::<f64>().is_ok_and(f64::is_infinite)
        {
            return Err(E::custom("number out of range"));
        }
        if let Some(text) = self.numbers.and_then(|numbers| numbers.take(visited)) {
            self.budget.spend_text(text.len())?;
            if let Some(number) = number_from_source(text) {
                return Ok(Value::Number(number));
            }
        }
        let number = match visited {
            Visited::U64(v) => Some(Number::from(v)),
            Visited::I64(v) => Some(Number::from(v)),
            Visited::U128(v) => Number::from_u128(v),
            Visited::I128(v) => Number::from_i128(v),
            Visited::F64(v) => Number::from_f64(v),
            Visited::Json(text) => number_from_source(text),
        };
        number.map(Value::Number).ok_or_else(|| {
            E::custom("`.nan` and `.inf` have no JSON equivalent; quote them to keep them as text")
        })
    }
}

impl<'de> DeserializeSeed<'de> for ValueSeed<'_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ValueSeed<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a YAML or JSON value")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        self.budget.spend()?;
        Ok(Value::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        self.visit_unit()
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Value, E> {
        self.budget.spend()?;
        Ok(Value::Bool(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
        self.budget.spend()?;
        self.number(Visited::I64(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        self.budget.spend()?;
        self.number(Visited::U64(v))
    }

    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Value, E> {
        self.budget.spend()?;
        self.number(Visited::I128(v))
    }

    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Value, E> {
        self.budget.spend()?;
        self.number(Visited::U128(v))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        self.budget.spend()?;
        self.number(Visited::F64(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
        self.budget.spend()?;
        self.budget.spend_text(v.len())?;
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Value, E> {
        self.budget.spend()?;
        self.budget.spend_text(v.len())?;
        Ok(Value::String(v))
    }

    fn visit_bytes<E: de::Error>(self, _v: &[u8]) -> Result<Value, E> {
        Err(E::custom("binary values are not supported"))
    }

    fn visit_enum<A: de::EnumAccess<'de>>(self, _data: A) -> Result<Value, A::Error> {
        Err(de::Error::custom(
            "YAML tags such as `!name` are not supported; remove the tag",
        ))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        self.budget.spend()?;
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(self)? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        self.budget.spend()?;
        let mut entries = Map::new();
        let mut merged: Vec<Map<String, Value>> = Vec::new();
        let keys = KeySeed {
            budget: self.budget,
            numbers: self.numbers,
        };
        while let Some(key) = map.next_key_seed(keys)? {
            if entries.is_empty()
                && merged.is_empty()
                && self.format == Format::Json
                && key == JSON_NUMBER_KEY
            {
                // A number serde_json kept as text (a fraction, an exponent, `-0`, or beyond
                // 64 bits), not a mapping.
                let text: String = map.next_value()?;
                return self.number(Visited::Json(&text));
            }
            let value = map.next_value_seed(self)?;
            if key == "<<" {
                merged.extend(merge_sources::<A::Error>(value)?);
                continue;
            }
            if entries.contains_key(&key) {
                return Err(de::Error::custom(format_args!(
                    "duplicate key `{key}`; each key may appear once in a mapping"
                )));
            }
            entries.insert(key, value);
        }
        // YAML merge keys: explicit keys win, then earlier merge sources over later ones.
        for source in merged {
            for (key, value) in source {
                entries.entry(key).or_insert(value);
            }
        }
        Ok(Value::Object(entries))
    }
}

fn merge_sources<E: de::Error>(value: Value) -> Result<Vec<Map<String, Value>>, E> {
    let not_a_mapping = || E::custom("a merge key `<<` takes a mapping or a list of mappings");
    match value {
        Value::Object(map) => Ok(vec![map]),
        Value::Array(items) => items
            .into_iter()
            .map(|item| match item {
                Value::Object(map) => Ok(map),
                _ => Err(not_a_mapping()),
            })
            .collect(),
        _ => Err(not_a_mapping()),
    }
}

/// Mapping keys: any scalar, as text; numbers as written.
#[derive(Clone, Copy)]
struct KeySeed<'b> {
    budget: &'b Budget,
    numbers: Option<&'b NumberTexts>,
}

impl KeySeed<'_> {
    fn number<E: de::Error>(self, visited: Visited<'_>) -> Result<String, E> {
        let key = match self.numbers.and_then(|numbers| numbers.take(visited)) {
            Some(text) => text.to_owned(),
            None => visited.canonical().unwrap_or_default(),
        };
        self.budget.spend_text(key.len())?;
        Ok(key)
    }
}

impl<'de> DeserializeSeed<'de> for KeySeed<'_> {
    type Value = String;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<String, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for KeySeed<'_> {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a key that is text or a number")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
        self.budget.spend_text(v.len())?;
        Ok(v.to_owned())
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<String, E> {
        self.budget.spend_text(v.len())?;
        Ok(v)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<String, E> {
        self.number(Visited::I64(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<String, E> {
        self.number(Visited::U64(v))
    }

    fn visit_i128<E: de::Error>(self, v: i128) -> Result<String, E> {
        self.number(Visited::I128(v))
    }

    fn visit_u128<E: de::Error>(self, v: u128) -> Result<String, E> {
        self.number(Visited::U128(v))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<String, E> {
        // `.inf` and `.nan` as keys are just text.
        self.number(Visited::F64(v))
            .map(|key| if key.is_empty() { v.to_string() } else { key })
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<String, E> {
        let key = v.to_string();
        self.budget.spend_text(key.len())?;
        Ok(key)
    }

    fn visit_unit<E: de::Error>(self) -> Result<String, E> {
        Ok("null".to_owned())
    }
}

fn empty_file() -> Diagnostic {
    Diagnostic::error(Code::SyntaxError, "the spec file is empty").with_help(
        "start with `integration-spec: \"1.0\"` and `info:`, then add the sections you need",
    )
}

fn yaml_error(err: &serde_yaml::Error, source: &str) -> Diagnostic {
    let text = err.to_string();
    let location = err.location().map(|loc| Location {
        line: loc.line(),
        column: loc.column(),
    });
    // The parser writes positions into the text; we report the location separately.
    let mut message = without_positions(&text);
    let mut code = Code::SyntaxError;
    let mut help = None;
    if message.contains("invalid type: Option value") {
        return empty_file();
    } else if let Some(key) = duplicate_key_name(&message) {
        let mut diag = Diagnostic::error(Code::DuplicateKey, format!("duplicate key `{key}`"))
            .with_help("a key may appear once in a mapping: remove or rename one of the two");
        diag.location = location;
        diag.path = mapping_path(&message).map(|path| path.key(&key));
        // The parser points at the mapping; point at the second key, and mark the first.
        if let Some(mapping) = location
            && let Some((first, second)) = find_duplicate(source, mapping, &key)
        {
            diag.location = Some(second);
            diag.labels.push(Label {
                path: SpecPath::root(),
                location: Some(first),
                message: "first defined here".to_owned(),
            });
        }
        return diag;
    } else if message.contains("more than one document") {
        message = "the file holds more than one YAML document (`---`)".to_owned();
        help = Some("keep one spec per file".to_owned());
    } else if message.contains("recursion limit exceeded") {
        message = "the spec nests deeper than 128 levels".to_owned();
    } else if message.contains("repetition limit exceeded") {
        message = "YAML aliases expand the spec too much".to_owned();
        code = Code::SpecTooLarge;
        help =
            Some("write repeated parts once instead of multiplying them with aliases".to_owned());
    }
    let at_tab = location.is_some_and(|at| {
        source
            .lines()
            .nth(at.line.saturating_sub(1))
            .and_then(|line| line.chars().nth(at.column.saturating_sub(1)))
            == Some('\t')
    });
    let mut location = location;
    if help.is_none()
        && !at_tab
        && message.starts_with("did not find expected")
        && let Some(quote) = location.and_then(|at| closing_quote_before(source, at))
    {
        // The parser stops at the text after a `"` that ended the string too early, and talks
        // of keys or commas: point at that quote and say what it did.
        location = Some(quote);
        message = "this `\"` ends the double-quoted text, and what follows it cannot".to_owned();
        help = Some(
            "a `\"` inside double quotes ends the text: escape it as `\\\"` \
             (`\"say \\\"hi\\\"\"`), or write the value in single quotes (`'say \"hi\"'`) or \
             without quotes"
                .to_owned(),
        );
    }
    if help.is_none() {
        help = syntax_help(&message, at_tab).map(str::to_owned);
    }
    let mut diag = Diagnostic::error(code, format!("invalid YAML: {message}"));
    diag.help = help;
    diag.location = location;
    diag
}

/// The `"` that closed a double-quoted string just before `at`, on the same line (spaces
/// between them allowed), when the text before it opens one: the parser then stopped at what
/// followed the string, which was meant to be inside it.
fn closing_quote_before(source: &str, at: Location) -> Option<Location> {
    let line = source.lines().nth(at.line.checked_sub(1)?)?;
    let before: Vec<char> = line.chars().take(at.column.checked_sub(1)?).collect();
    let quote = before.iter().rposition(|c| *c != ' ')?;
    let opened = before[..quote]
        .iter()
        .enumerate()
        .any(|(idx, c)| *c == '"' && (idx == 0 || before[idx - 1] != '\\'));
    (before[quote] == '"' && opened && at.column - 1 < line.chars().count()).then_some(Location {
        line: at.line,
        column: quote + 1,
    })
}

/// The usual cause of a YAML syntax error in a spec, and its fix.
fn syntax_help(message: &str, at_tab: bool) -> Option<&'static str> {
    if at_tab || message.contains("tab character") {
        return Some("YAML does not allow tabs for indentation: indent with spaces");
    }
    if message.contains("mapping values are not allowed") {
        return Some(
            "a plain value cannot contain `: `; quote it, as a shorthand with `format:` must be \
             (`'string (format: [A-Z]{3})'`), or check this line's indentation",
        );
    }
    if message.contains("unknown escape character") {
        return Some(
            "in double quotes a backslash starts an escape: use single quotes (`'\\d+'`) or \
             double the backslash (`\"\\\\d+\"`)",
        );
    }
    if message.contains("did not find expected key") || message.contains("expected '-' indicator") {
        return Some(
            "check the indentation of this line and the one before: the keys of one mapping \
             line up, and a value's keys sit further in than its own key",
        );
    }
    if message.contains("while parsing a flow") {
        return Some(
            "close the `{ ... }` or `[ ... ]`, and quote any value in it that has a comma",
        );
    }
    None
}

/// Removes every " at line L column C" the YAML parser writes into its messages.
fn without_positions(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(" at line ") {
        out.push_str(&rest[..at]);
        let after = &rest[at + " at line ".len()..];
        let digits =
            |text: &str| text.len() - text.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        let line_len = digits(after);
        let tail = &after[line_len..];
        rest = match tail.strip_prefix(" column ") {
            Some(column) => &column[digits(column)..],
            None => tail,
        };
    }
    out.push_str(rest);
    out
}

/// `a.b[0]` in "a.b[0]: duplicate key ...", the parser's path to the mapping.
fn mapping_path(message: &str) -> Option<SpecPath> {
    let prefix = message
        .split(": duplicate key")
        .next()
        .filter(|prefix| *prefix != message)?;
    let mut path = SpecPath::root();
    for part in prefix.split('.') {
        let (key, indexes) = part
            .split_once('[')
            .map_or((part, ""), |(key, rest)| (key, rest));
        if !key.is_empty() {
            path = path.key(key);
        }
        for index in indexes
            .split('[')
            .filter_map(|index| index.trim_end_matches(']').parse().ok())
        {
            path = path.index(index);
        }
    }
    Some(path)
}

/// `dup` in "path: duplicate key `dup`; ...".
fn duplicate_key_name(message: &str) -> Option<String> {
    let start = message.find("duplicate key `")? + "duplicate key `".len();
    let len = message[start..].find('`')?;
    Some(message[start..start + len].to_owned())
}

/// The first and second block-mapping lines that start with `key:` at the mapping's column.
fn find_duplicate(source: &str, mapping: Location, key: &str) -> Option<(Location, Location)> {
    let mut found = Vec::new();
    for (idx, line) in source
        .lines()
        .enumerate()
        .skip(mapping.line.saturating_sub(1))
    {
        let indent = line.chars().take_while(|c| *c == ' ').count();
        let content = line.trim_start_matches(' ');
        if indent + 1 < mapping.column
            && !content.is_empty()
            && !content.starts_with('#')
            && idx + 1 > mapping.line
        {
            break;
        }
        if indent + 1 != mapping.column {
            continue;
        }
        let content = content.strip_prefix("- ").unwrap_or(content);
        let written_key = content
            .split(':')
            .next()
            .unwrap_or("")
            .trim()
            .trim_matches(['"', '\'']);
        if written_key == key {
            found.push(Location {
                line: idx + 1,
                column: indent + 1,
            });
            if let [first, second] = found[..] {
                return Some((first, second));
            }
        }
    }
    None
}

fn json_error(err: &serde_json::Error) -> Diagnostic {
    let text = err.to_string();
    let message = match text.rfind(" at line ") {
        Some(at) => &text[..at],
        None => &text,
    };
    let code = if message.contains("duplicate key") {
        Code::DuplicateKey
    } else {
        Code::SyntaxError
    };
    let mut diag = Diagnostic::error(code, format!("invalid JSON: {message}"));
    if err.line() > 0 {
        diag.location = Some(Location {
            line: err.line(),
            column: err.column().max(1),
        });
    }
    diag
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn yaml(text: &str) -> Result<Value, Diagnostic> {
        parse_tree(text, Format::Yaml, 10_000)
    }

    #[test]
    fn scalar_keys_become_text_and_order_is_kept() {
        let value = yaml("z: 1\n201: {b: 2024-01-15T10:00:00Z}\na: yes\n").unwrap();
        assert_eq!(
            value,
            json!({"z": 1, "201": {"b": "2024-01-15T10:00:00Z"}, "a": "yes"})
        );
        let keys: Vec<_> = value.as_object().unwrap().keys().cloned().collect();
        assert_eq!(keys, ["z", "201", "a"]);
    }

    #[test]
    fn duplicate_keys_are_rejected_with_a_line() {
        let diag = yaml("a: 1\nb:\n  c: 2\n  d: 3\n  c: 3\n").unwrap_err();
        assert_eq!(diag.code, Code::DuplicateKey);
        assert_eq!(diag.message, "duplicate key `c`");
        assert_eq!(
            diag.path.as_ref().map(ToString::to_string).as_deref(),
            Some("b.c")
        );
        assert_eq!(
            diag.labels[0].location,
            Some(Location { line: 3, column: 3 })
        );
        assert_eq!(diag.location, Some(Location { line: 5, column: 3 }));
        let diag = yaml("{a: 1, a: 2}").unwrap_err();
        assert_eq!(diag.message, "duplicate key `a`");
        let diag = parse_tree(r#"{"a": 1, "a": 2}"#, Format::Json, 100).unwrap_err();
        assert_eq!(diag.code, Code::DuplicateKey);
    }

    #[test]
    fn parser_positions_are_taken_out_of_messages() {
        assert_eq!(
            without_positions(
                "did not find x at line 22 column 9, while parsing y at line 21 column 13"
            ),
            "did not find x, while parsing y"
        );
    }

    /// Every number of a tree, as its text.
    fn number_texts(value: &Value) -> Vec<String> {
        match value {
            Value::Number(number) => vec![number.to_string()],
            Value::Array(items) => items.iter().flat_map(number_texts).collect(),
            Value::Object(map) => map.values().flat_map(number_texts).collect(),
            _ => Vec::new(),
        }
    }

    const WRITTEN: &str = "12.50, 10.00, 49.90, 1e3, 1E+3, 2.5e-3, -0, -0.0, 9007199254740993, \
                           12345678901234567890123, 1234567890123456789012345678901234567890123";

    #[test]
    fn yaml_numbers_keep_their_text() {
        let value = yaml(&format!("a: [{WRITTEN}]\nb: {{z: 1.50, a: 2}}\n")).unwrap();
        let expected: Vec<&str> = WRITTEN.split(", ").collect();
        assert_eq!(number_texts(&value["a"]), expected);
        // Key order is kept, and so are the texts inside.
        let keys: Vec<&String> = value["b"].as_object().unwrap().keys().collect();
        assert_eq!(keys, ["z", "a"]);
        assert_eq!(number_texts(&value["b"]), ["1.50", "2"]);
        // Texts that are not JSON numbers are read as numbers.
        let value = yaml("a: [0x1F, +5, .5, 1.0, 12.50]\n").unwrap();
        assert_eq!(
            number_texts(&value["a"]),
            ["31", "5", "0.5", "1.0", "12.50"]
        );
        // Block scalars, quoted text and comments stay text, and do not shift the numbers.
        let value =
            yaml("a: |\n  1.50 and 2.50\nb: \"10.00\" # 3.00\nc: ['7.0', 8.00, \"9.00\"]\n")
                .unwrap();
        assert_eq!(value["a"], json!("1.50 and 2.50\n"));
        assert_eq!(number_texts(&value["c"]), ["8.00"]);
    }

    #[test]
    fn texts_that_do_not_line_up_are_not_used() {
        let text = "a: 1.50\nb: [2.50, 3.50]\n";
        let texts = |listed: &[&str]| Some(numbers::NumberTexts::listed(true, listed));
        let value = tree_with_texts(text, Format::Yaml, 100, texts(&["1.50", "2.50", "3.50"]));
        assert_eq!(number_texts(&value.unwrap()), ["1.50", "2.50", "3.50"]);
        // One text too few, one too many, or one that reads as another number: none is used,
        // not even those before the mismatch.
        for listed in [
            &["1.50", "2.50"][..],
            &["1.50", "2.50", "3.50", "4"],
            &["1.50", "2.5", "9.50"],
        ] {
            let value = tree_with_texts(text, Format::Yaml, 100, texts(listed)).unwrap();
            assert_eq!(number_texts(&value), ["1.5", "2.5", "3.5"], "{listed:?}");
        }
    }

    #[test]
    fn aliases_merges_and_keys_keep_number_texts() {
        let text = "x-base: &base {price: 10.00, n: 1e3}\nlist: &l [1.50, -0]\n\
                    item:\n  <<: *base\n  price: 12.50\ncopy: *l\n1.50: key\n";
        let value = yaml(text).unwrap();
        let keys: Vec<&String> = value["item"].as_object().unwrap().keys().collect();
        assert_eq!(keys, ["price", "n"]);
        assert_eq!(number_texts(&value["item"]), ["12.50", "1e3"]);
        assert_eq!(number_texts(&value["copy"]), ["1.50", "-0"]);
        assert_eq!(value["1.50"], json!("key"));
    }

    #[test]
    fn json_numbers_keep_their_text() {
        let value = parse_tree(
            &format!("{{\"a\": [{WRITTEN}], \"b\": {{\"z\": 1E3, \"a\": 2}}}}"),
            Format::Json,
            1000,
        )
        .unwrap();
        let expected: Vec<&str> = WRITTEN.split(", ").collect();
        assert_eq!(number_texts(&value["a"]), expected);
        let keys: Vec<&String> = value["b"].as_object().unwrap().keys().collect();
        assert_eq!(keys, ["z", "a"]);
        assert_eq!(number_texts(&value["b"]), ["1E3", "2"]);
        let diag = parse_tree("{\"a\": [1,\n 1e400]}", Format::Json, 100).unwrap_err();
        assert_eq!(diag.message, "invalid JSON: number out of range");
        assert_eq!(diag.location.map(|at| at.line), Some(2));
        assert_eq!(yaml("a: 1e400\n").unwrap(), json!({"a": "1e400"}));
        assert_eq!(
            parse_json_value("[1e3, {\"a\": 12.50}]").map(|value| number_texts(&value)),
            Some(vec!["1e3".to_owned(), "12.50".to_owned()])
        );
    }

    #[test]
    fn merge_keys_apply_and_explicit_keys_win() {
        let value = yaml("base: &base {a: 1, b: 2}\nthing:\n  <<: *base\n  b: 3\n").unwrap();
        assert_eq!(value["thing"], json!({"b": 3, "a": 1}));
    }

    #[test]
    fn syntax_errors_carry_line_and_column() {
        let diag = yaml("a: [1, 2\nb: 3").unwrap_err();
        assert_eq!(diag.code, Code::SyntaxError);
        assert_eq!(diag.location, Some(Location { line: 2, column: 2 }));
        let diag = parse_tree("{\"a\": }", Format::Json, 100).unwrap_err();
        assert_eq!(diag.code, Code::SyntaxError);
        assert_eq!(diag.location.map(|l| l.line), Some(1));
    }

    #[test]
    fn deep_or_alias_multiplied_input_is_refused_quickly() {
        // The scanner would take minutes on this; the early check turns it away.
        let deep = format!("x-d: {}", "[".repeat(200_000));
        assert!(naive_flow_depth(&deep) > MAX_FLOW_DEPTH);
        let diag = yaml(&deep).unwrap_err();
        assert!(diag.message.contains("deeper than 128"), "{}", diag.message);
        assert_eq!(naive_flow_depth("a: [b, {c: '[x'}]\nd: [e]"), 3);
        let long = "A".repeat(1 << 20);
        let aliases = vec!["*s"; 40].join(", ");
        let bomb = format!("x-s: &s \"{long}\"\nx-list: [{aliases}]\n");
        let diag = parse_tree(&bomb, Format::Yaml, 1_000_000).unwrap_err();
        assert_eq!(diag.code, Code::SpecTooLarge);
        assert!(diag.message.contains("text expands"), "{}", diag.message);
    }

    #[test]
    fn usual_syntax_mistakes_get_their_fix() {
        let help = |text: &str| yaml(text).unwrap_err().help.unwrap_or_default();
        assert!(help("a:\n\tb: 1\n").contains("tabs"));
        assert!(help("a: string (format: x)\n").contains("quote it"));
        assert!(help("a: \"\\d\"\n").contains("single quotes"));
        assert!(help("a:\n  b:\n    c: 1\n   d: 2\n").contains("indentation"));
    }

    #[test]
    fn a_quote_that_ends_a_string_too_early_is_named() {
        let quote_help = "a `\"` inside double quotes ends the text: escape it as `\\\"` \
                          (`\"say \\\"hi\\\"\"`), or write the value in single quotes \
                          (`'say \"hi\"'`) or without quotes";
        for (text, line, column) in [
            ("summary: \"He said \"hi\" to me\"\nb: 1\n", 1, 19),
            ("a:\n  summary: \"He said \"hi\"\"\n  b: 1\n", 2, 21),
            ("a: [\"x\"y\", 2]\n", 1, 7),
            ("a: {k: \"x\"y\"}\n", 1, 10),
            ("- \"a\"b\"\n- c\n", 1, 5),
            ("a: \"use the \" sign\"\n", 1, 13),
        ] {
            let diag = yaml(text).unwrap_err();
            assert_eq!(
                diag.message,
                "invalid YAML: this `\"` ends the double-quoted text, and what follows it cannot"
            );
            assert_eq!(diag.help.as_deref(), Some(quote_help), "{text:?}");
            assert_eq!(diag.location, Some(Location { line, column }), "{text:?}");
        }
        // Other mistakes keep their own help.
        let diag = yaml("a:\n  b: 1\n c: 2\n").unwrap_err();
        assert!(diag.help.unwrap().contains("indentation"));
        let diag = yaml("a: 'x'y\n").unwrap_err();
        assert_ne!(diag.help.as_deref(), Some(quote_help));
    }

    #[test]
    fn empty_and_multi_document_files_say_so() {
        assert_eq!(yaml("").unwrap_err().message, "the spec file is empty");
        assert_eq!(
            yaml("# nothing\n").unwrap_err().message,
            "the spec file is empty"
        );
        assert_eq!(
            parse_tree("null", Format::Json, 10).unwrap_err().message,
            "the spec file is empty"
        );
        assert!(
            yaml("a: 1\n---\nb: 2\n")
                .unwrap_err()
                .message
                .contains("more than one")
        );
    }

    #[test]
    fn tags_are_rejected() {
        let diag = yaml("a: !custom 3\n").unwrap_err();
        assert!(diag.message.contains("YAML tags"), "{}", diag.message);
    }

    #[test]
    fn alias_bombs_are_bounded() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for level in 1..9 {
            let prev = level - 1;
            let refs = vec![format!("*a{prev}"); 10].join(", ");
            text.push_str(&format!("a{level}: &a{level} [{refs}]\n"));
        }
        let diag = parse_tree(&text, Format::Yaml, 100_000).unwrap_err();
        assert_eq!(diag.code, Code::SpecTooLarge, "{}", diag.message);
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let diag = yaml(&"[".repeat(5000)).unwrap_err();
        assert_eq!(diag.code, Code::SyntaxError);
        let diag = parse_tree(&"[".repeat(5000), Format::Json, 100_000).unwrap_err();
        assert_eq!(diag.code, Code::SyntaxError);
    }
}
