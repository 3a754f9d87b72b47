//! The field shorthand: `TYPE (FLAG, FLAG, ...) -- description`.
//!
//! ```text
//! field   = type [ "(" flag { "," flag } ")" ] [ "--" description ]
//! type    = "array of" type | "map of" type | "enum(" value { "," value } ")"
//!         | ("one of" | "any of") type "," type { "," type }
//!         | "string" | "integer" | "number" | "decimal" | "boolean" | "date" | "datetime"
//!         | "url" | "email" | "uuid" | "binary" | "object" | "any" | MODEL
//! flag    = "required" | "optional" | "deprecated" | "min" N | "max" N
//!         | "min" N ("chars" | "char") | "max" N ("chars" | "char")
//!         | "min" N ("members" | "member") | "max" N ("members" | "member")
//!         | "min" N UNIT | "max" N UNIT      (UNIT: B, KB, MB, GB, KiB, MiB, GiB)
//!         | N ("decimal places" | "decimal place")
//!         | "by" PROPERTY
//!         | "default" VALUE | "example" VALUE | "style" STYLE
//!         | "explode" ("true" | "false") | "format:" REGEX
//! ```
//!
//! `format: REGEX` is the last flag: the regex runs to the parenthesis that closes the flag
//! list, so it may contain commas and balanced parentheses. VALUE runs to the next `,` or `)`,
//! or is a double-quoted string. Errors carry the character column inside the shorthand.
//!
//! Each flag sets one thing, once, on the types it fits: a repeated setting and a flag the type
//! has no use for are errors, not silently kept or dropped.

use serde_json::Value;

use super::numbers::number_from_source;
use super::tree::parse_json_value;
use crate::spec::{Constraints, Discriminator, Field, FieldType, Style, Union, UnionKind};

/// A shorthand that does not parse, with the column (from 0, in characters) of the problem.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct ShorthandError {
    /// What is wrong.
    pub(crate) message: String,
    /// Character offset inside the shorthand string.
    pub(crate) column: usize,
    /// How to fix it.
    pub(crate) help: Option<String>,
}

/// The built-in type keywords, for parsing and for "did you mean" hints.
pub(crate) const BUILTIN_TYPES: &[&str] = &[
    "string", "integer", "number", "decimal", "boolean", "date", "datetime", "url", "email",
    "uuid", "binary", "object", "any",
];

/// A shorthand that does not parse: every problem found, and the type when it was read.
#[derive(Debug)]
pub(crate) struct Rejected {
    pub(crate) errors: Vec<ShorthandError>,
    pub(crate) ty: Option<FieldType>,
}

/// Parses a whole field shorthand. A bad flag does not hide the flags after it: each is
/// reported.
pub(crate) fn parse_field(text: &str) -> Result<Field, Rejected> {
    let mut parser = Parser {
        text,
        pos: 0,
        nesting: 0,
        flags: Vec::new(),
    };
    parser.skip_ws();
    let ty = parser.parse_type().map_err(|err| Rejected {
        errors: vec![err],
        ty: None,
    })?;
    let mut field = Field::of_type(ty);
    let mut errors = Vec::new();
    parser.skip_ws();
    if parser.peek() == Some('(') {
        parser.pos += 1;
        parser.parse_flags(&mut field, &mut errors);
    }
    parser.skip_ws();
    if parser.rest().starts_with("--") {
        parser.pos += 2;
        let description = parser.rest().trim();
        if !description.is_empty() {
            field.description = Some(description.to_owned());
        }
    } else if !parser.rest().is_empty() && errors.is_empty() {
        errors.push(parser.error_here(
            format!("unexpected `{}` after the type", parser.rest().trim_end()),
            Some("flags go in parentheses, `string (required)`; a description follows ` -- `"),
        ));
    }
    if errors.is_empty() {
        Ok(field)
    } else {
        Err(Rejected {
            errors,
            ty: Some(field.ty),
        })
    }
}

const UNCLOSED_FLAGS: &str = "the flag list is never closed";

const ONE_VARIANT: &str = "a choice needs two or more types";

impl ShorthandError {
    /// Whether the shorthand was cut short, as a comma inside `{ ... }` does: its flag list is
    /// never closed, or a choice is left with one type.
    pub(crate) fn is_unclosed(&self) -> bool {
        self.message == UNCLOSED_FLAGS || self.message.starts_with(ONE_VARIANT)
    }
}

struct Parser<'a> {
    text: &'a str,
    pos: usize,
    /// `array of` / `map of` levels entered so far.
    nesting: usize,
    /// The flags read so far: what each sets, and its text.
    flags: Vec<(Setting, &'a str)>,
}

/// What a flag sets. A field has one of each: a second flag that sets the same thing is an
/// error, not a silent replacement of the first.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Setting {
    /// `required` or `optional`.
    Presence,
    Deprecated,
    Discriminator,
    Style,
    Explode,
    Min,
    Max,
    DecimalPlaces,
    Default,
    Example,
}

impl Setting {
    /// What the setting is, as a message names it.
    fn what(self) -> &'static str {
        match self {
            Setting::Presence => "whether the field is required",
            Setting::Deprecated => "`deprecated`",
            Setting::Discriminator => "the discriminator (`by`)",
            Setting::Style => "`style`",
            Setting::Explode => "`explode`",
            Setting::Min => "`min`",
            Setting::Max => "`max`",
            Setting::DecimalPlaces => "the number of decimal places",
            Setting::Default => "`default`",
            Setting::Example => "`example`",
        }
    }
}

/// Deeper item types are surely a mistake, and every stage after this one recurses on them.
const MAX_TYPE_NESTING: usize = 16;

impl<'a> Parser<'a> {
    fn rest(&self) -> &'a str {
        &self.text[self.pos..]
    }

    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    fn skip_ws(&mut self) {
        let rest = self.rest();
        self.pos += rest.len() - rest.trim_start().len();
    }

    fn column_of(&self, byte: usize) -> usize {
        self.text[..byte].chars().count()
    }

    fn error_at(&self, byte: usize, message: String, help: Option<&str>) -> ShorthandError {
        ShorthandError {
            message,
            column: self.column_of(byte),
            help: help.map(str::to_owned),
        }
    }

    fn error_here(&self, message: String, help: Option<&str>) -> ShorthandError {
        self.error_at(self.pos, message, help)
    }

    /// A run of identifier characters.
    fn word(&mut self) -> &'a str {
        let rest = self.rest();
        let len = rest
            .find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        self.pos += len;
        &rest[..len]
    }

    fn parse_type(&mut self) -> Result<FieldType, ShorthandError> {
        let start = self.pos;
        let word = self.word();
        match word {
            "" => Err(self.error_here(
                match self.peek() {
                    Some(c) => format!("expected a type, found `{c}`"),
                    None => "expected a type".to_owned(),
                },
                Some("start with a type such as `string`, `integer`, `array of Model` or a model name"),
            )),
            "array" | "map" => {
                self.skip_ws();
                if self.word() != "of" {
                    return Err(self.error_here(
                        format!("expected `of` after `{word}`"),
                        Some("write `array of TYPE` or `map of TYPE`"),
                    ));
                }
                self.skip_ws();
                if self.nesting >= MAX_TYPE_NESTING {
                    return Err(self.error_at(
                        start,
                        format!("item types nest deeper than {MAX_TYPE_NESTING} levels"),
                        Some("declare the inner type as a model and use its name"),
                    ));
                }
                self.nesting += 1;
                let item = Box::new(self.parse_type()?);
                self.nesting -= 1;
                Ok(if word == "array" {
                    FieldType::Array(item)
                } else {
                    FieldType::Map(item)
                })
            }
            "enum" => {
                if self.peek() != Some('(') {
                    return Err(self.error_here(
                        "expected `(` right after `enum`".to_owned(),
                        Some("list the values: `enum(pending, paid)`"),
                    ));
                }
                self.pos += 1;
                self.parse_enum_values(start)
            }
            "string" => Ok(FieldType::String),
            "integer" => Ok(FieldType::Integer),
            "number" => Ok(FieldType::Number),
            "decimal" => Ok(FieldType::Decimal),
            "boolean" => Ok(FieldType::Boolean),
            "date" => Ok(FieldType::Date),
            "datetime" => Ok(FieldType::DateTime),
            "url" => Ok(FieldType::Url),
            "email" => Ok(FieldType::Email),
            "uuid" => Ok(FieldType::Uuid),
            "binary" => Ok(FieldType::Binary),
            "one" | "any" if self.followed_by_of() => self.parse_union(word, start),
            "object" => Ok(FieldType::Object(Default::default())),
            "any" => Ok(FieldType::Any),
            name => Ok(FieldType::Model(name.to_owned())),
        }
    }

    /// Whether the next word is `of`, which it then consumes.
    fn followed_by_of(&mut self) -> bool {
        let before = self.pos;
        self.skip_ws();
        if self.word() == "of" && self.peek().is_none_or(char::is_whitespace) {
            self.skip_ws();
            true
        } else {
            self.pos = before;
            false
        }
    }

    /// `one of A, B` or `any of A, B`: the types up to the flags.
    fn parse_union(&mut self, word: &str, start: usize) -> Result<FieldType, ShorthandError> {
        let kind = if word == "one" {
            UnionKind::OneOf
        } else {
            UnionKind::AnyOf
        };
        if self.nesting >= MAX_TYPE_NESTING {
            return Err(self.error_at(
                start,
                format!("item types nest deeper than {MAX_TYPE_NESTING} levels"),
                Some("declare the inner type as a model and use its name"),
            ));
        }
        self.nesting += 1;
        let mut variants = Vec::new();
        loop {
            variants.push(Field::of_type(self.parse_type()?));
            self.skip_ws();
            if self.peek() != Some(',') {
                break;
            }
            self.pos += 1;
            self.skip_ws();
        }
        self.nesting -= 1;
        if variants.len() < 2 {
            return Err(self.error_at(
                start,
                format!("{ONE_VARIANT}: `{word} of` lists one"),
                Some(&format!(
                    "separate the types with commas: `{word} of Card, BankTransfer`; inside `{{ ... }}` a comma ends the value, so quote the whole shorthand there"
                )),
            ));
        }
        Ok(FieldType::Union(Box::new(Union {
            kind,
            variants,
            discriminator: None,
        })))
    }

    fn parse_enum_values(&mut self, start: usize) -> Result<FieldType, ShorthandError> {
        let mut values = Vec::new();
        loop {
            self.skip_ws();
            let value_start = self.pos;
            let value = self.parse_value_text()?;
            if value.is_empty() {
                return Err(self.error_at(
                    value_start,
                    "empty enum value".to_owned(),
                    Some("separate values with commas: `enum(a, b)`"),
                ));
            }
            values.push(value);
            match self.peek() {
                Some(',') => self.pos += 1,
                Some(')') => {
                    self.pos += 1;
                    return Ok(FieldType::Enum(values));
                }
                _ => {
                    return Err(self.error_at(
                        start,
                        "`enum(` is never closed".to_owned(),
                        Some("close the value list with `)`"),
                    ));
                }
            }
        }
    }

    /// A flag value: a double-quoted string, a JSON list or object, or text up to the next
    /// `,` or `)`.
    fn parse_value_text(&mut self) -> Result<String, ShorthandError> {
        if self.peek() == Some('"') {
            let open = self.pos;
            self.pos += 1;
            let mut value = String::new();
            let mut chars = self.rest().char_indices();
            while let Some((offset, c)) = chars.next() {
                match c {
                    '"' => {
                        self.pos += offset + 1;
                        self.skip_ws();
                        return Ok(value);
                    }
                    '\\' => match chars.next() {
                        Some((_, escaped)) => value.push(escaped),
                        None => break,
                    },
                    c => value.push(c),
                }
            }
            return Err(self.error_at(
                open,
                "unclosed quote".to_owned(),
                Some("end the quoted value with `\"`"),
            ));
        }
        let rest = self.rest();
        // A JSON list or object runs to its closing bracket, commas and all.
        let len = json_len(rest).unwrap_or_else(|| rest.find([',', ')']).unwrap_or(rest.len()));
        self.pos += len;
        Ok(rest[..len].trim().to_owned())
    }

    /// Reads the flags up to the closing `)`. A flag that does not parse is recorded and
    /// skipped, up to the next `,` or `)`, so the flags after it are read too.
    fn parse_flags(&mut self, field: &mut Field, errors: &mut Vec<ShorthandError>) {
        if let Err(err) = self.try_parse_flags(field, errors) {
            errors.push(err);
        }
    }

    fn try_parse_flags(
        &mut self,
        field: &mut Field,
        errors: &mut Vec<ShorthandError>,
    ) -> Result<(), ShorthandError> {
        let list_start = self.pos - 1;
        loop {
            self.skip_ws();
            let flag_start = self.pos;
            if self.rest().starts_with("format:") {
                self.pos += "format:".len();
                let pattern = self.parse_pattern(list_start)?;
                let flag = format!("format: {pattern}");
                match self.misfit(&field.ty, Fit::Pattern, &flag, flag_start) {
                    Some(err) => errors.push(err),
                    None => field.constraints.pattern = Some(pattern),
                }
                return Ok(());
            }
            match self.parse_flag(field, flag_start) {
                Ok(setting) => {
                    if let Some(err) = self.repeated(setting, flag_start) {
                        errors.push(err);
                    }
                }
                Err(err) => {
                    errors.push(err);
                    let rest = self.rest();
                    self.pos += rest.find([',', ')']).unwrap_or(rest.len());
                }
            }
            self.skip_ws();
            match self.peek() {
                Some(',') => self.pos += 1,
                Some(')') => {
                    self.pos += 1;
                    return Ok(());
                }
                Some(c) => {
                    return Err(self.error_here(
                        format!("expected `,` or `)` after a flag, found `{c}`"),
                        None,
                    ));
                }
                None => {
                    let help = format!(
                        "close it with `)`; inside `{{ ... }}` a comma ends the value, so quote the whole shorthand there: `'{}, ...)'`",
                        self.text.trim()
                    );
                    return Err(self.error_at(list_start, UNCLOSED_FLAGS.to_owned(), Some(&help)));
                }
            }
        }
    }

    /// Reads one flag into `field`, and says what it set.
    fn parse_flag(
        &mut self,
        field: &mut Field,
        flag_start: usize,
    ) -> Result<Setting, ShorthandError> {
        let first = if self.peek().is_some_and(|c| c.is_ascii_digit()) {
            ""
        } else {
            self.word()
        };
        let setting = match first {
            "required" => {
                field.required = true;
                Setting::Presence
            }
            "optional" => {
                field.required = false;
                Setting::Presence
            }
            "deprecated" => {
                field.deprecated = true;
                Setting::Deprecated
            }
            "by" => {
                self.skip_ws();
                let property_start = self.pos;
                let rest = self.rest();
                let len = rest.find([',', ')']).unwrap_or(rest.len());
                let property = rest[..len].trim();
                if property.is_empty() {
                    return Err(self.error_at(
                        property_start,
                        "`by` needs the name of the property that tells the types apart".to_owned(),
                        Some("write `by type`, naming the field every variant has"),
                    ));
                }
                let Some(union) = union_of(&mut field.ty) else {
                    return Err(self.error_at(
                        flag_start,
                        "`by` names the discriminator of a choice, and this type is not one"
                            .to_owned(),
                        Some("write `one of Card, BankTransfer (by type)`, or remove `by`"),
                    ));
                };
                union.discriminator = Some(Discriminator {
                    property: property.to_owned(),
                    mapping: Default::default(),
                });
                self.pos += len;
                Setting::Discriminator
            }
            "style" => {
                self.skip_ws();
                let word_start = self.pos;
                let word = self.word();
                let names = Style::ALL.map(|(name, _)| name);
                let Some((_, style)) = Style::ALL
                    .iter()
                    .find(|(name, _)| name.eq_ignore_ascii_case(word))
                else {
                    let help = crate::diagnostic::suggest(word, names)
                        .unwrap_or_else(|| format!("styles are: {}", names.join(", ")));
                    return Err(self.error_at(
                        word_start,
                        format!("`{word}` is not a parameter style"),
                        Some(&help),
                    ));
                };
                field.serialization.style = Some(*style);
                Setting::Style
            }
            "explode" => {
                self.skip_ws();
                let word_start = self.pos;
                field.serialization.explode = Some(match self.word() {
                    "true" => true,
                    "false" => false,
                    other => {
                        return Err(self.error_at(
                            word_start,
                            format!("`explode {other}` is not `explode true` or `explode false`"),
                            Some("write `explode true` (`a=1&a=2`) or `explode false` (`a=1,2`)"),
                        ));
                    }
                });
                Setting::Explode
            }
            "min" => {
                self.parse_bound(field, first, flag_start)?;
                Setting::Min
            }
            "max" => {
                self.parse_bound(field, first, flag_start)?;
                Setting::Max
            }
            "default" | "example" => {
                self.skip_ws();
                let value_start = self.pos;
                // `default ""` is the empty string; `default` alone says nothing.
                let quoted = self.peek() == Some('"');
                let text = self.parse_value_text()?;
                if text.is_empty() && !quoted {
                    return Err(self.error_at(
                        value_start,
                        format!("`{first}` needs a value"),
                        Some(&format!(
                            "write `{first} VALUE`, quoting it if it has commas"
                        )),
                    ));
                }
                let value = typed_value(&field.ty, &text)
                    .map_err(|message| self.error_at(value_start, message, None))?;
                if first == "default" {
                    field.default = Some(value);
                    field.value_offsets.default = Some(self.column_of(value_start));
                    Setting::Default
                } else {
                    field.example = Some(value);
                    field.value_offsets.example = Some(self.column_of(value_start));
                    Setting::Example
                }
            }
            "" if self.peek().is_some_and(|c| c.is_ascii_digit()) => {
                let number_start = self.pos;
                let number = self.number()?;
                self.skip_ws();
                let places = as_count(number).and_then(|n| u32::try_from(n).ok());
                let unit = ["decimal places", "decimal place"]
                    .into_iter()
                    .find(|unit| self.rest().starts_with(unit));
                if unit.is_none() || places.is_none() {
                    return Err(self.error_at(
                        number_start,
                        "a number alone is not a flag".to_owned(),
                        Some("write `N decimal places`, `min N` or `max N`"),
                    ));
                }
                self.pos += unit.map_or(0, str::len);
                let flag = self.text[flag_start..self.pos].to_owned();
                if let Some(err) = self.misfit(&field.ty, Fit::DecimalPlaces, &flag, flag_start) {
                    return Err(err);
                }
                field.constraints.decimal_places = places;
                Setting::DecimalPlaces
            }
            _ => {
                let shown = if first.is_empty() {
                    self.rest().chars().take(12).collect::<String>()
                } else {
                    first.to_owned()
                };
                // `format uuid`: the flag is known, its colon is missing.
                let help = if shown.trim() == "format" {
                    Some("a pattern is written `format: REGEX`, with a colon; for a UUID, email or URL use the type (`uuid`, `email`, `url`)".to_owned())
                } else {
                    crate::diagnostic::suggest(
                        &shown,
                        [
                            "required",
                            "optional",
                            "deprecated",
                            "min",
                            "max",
                            "by",
                            "default",
                            "example",
                            "format",
                            "style",
                            "explode",
                        ],
                    )
                };
                return Err(self.error_at(
                    flag_start,
                    format!("unknown flag `{}`", shown.trim()),
                    Some(&help.unwrap_or_else(|| {
                        "flags are required, optional, deprecated, min N, max N, min N chars, max N chars, min N members, max N members, min N MB, max N MB, N decimal places, by PROPERTY, default V, example V, style S, explode true|false, format: REGEX".to_owned()
                    })),
                ));
            }
        };
        Ok(setting)
    }

    /// The flag that ends at the parser's position, from `flag_start`, when an earlier flag
    /// set the same thing: an error at this second flag. Else the flag is noted.
    fn repeated(&mut self, setting: Setting, flag_start: usize) -> Option<ShorthandError> {
        let flag = self.text[flag_start..self.pos].trim();
        let Some(&(_, earlier)) = self.flags.iter().find(|(seen, _)| *seen == setting) else {
            self.flags.push((setting, flag));
            return None;
        };
        let (message, help) = if earlier == flag {
            (format!("`{flag}` is given twice"), "remove one")
        } else if setting == Setting::Presence {
            (
                format!("`{earlier}`, then `{flag}`: a field is one or the other"),
                "keep the one you mean; without either, a field is optional",
            )
        } else {
            (
                format!(
                    "{} is given twice: `{earlier}`, then `{flag}`",
                    setting.what()
                ),
                "keep the one you mean; the second would replace the first",
            )
        };
        Some(self.error_at(flag_start, message, Some(help)))
    }

    /// `min N`, `max N`, `min N chars`, `min N members`, `max N MB`: a bound of a number or
    /// an item count, a length of text, a member count of a map, or a size of a file. A bound
    /// the type has no use for is an error: it would be shown, and never checked.
    fn parse_bound(
        &mut self,
        field: &mut Field,
        first: &str,
        flag_start: usize,
    ) -> Result<(), ShorthandError> {
        self.skip_ws();
        let number_start = self.pos;
        let number = self.number()?;
        self.skip_ws();
        let binary = field.ty == FieldType::Binary;
        let is_min = first == "min";
        // `min 1 char` reads as well as `min 3 chars`, `max 1 member` as `max 3 members`.
        let counted = [
            ("chars", Fit::Length),
            ("char", Fit::Length),
            ("members", Fit::Members),
            ("member", Fit::Members),
        ]
        .into_iter()
        .find(|(unit, _)| self.rest().starts_with(unit));
        if let Some((unit, fit)) = counted {
            if binary && fit == Fit::Length {
                return Err(self.error_at(
                    flag_start,
                    format!("`{first} {number} {unit}` on binary: a file has a size, not a length"),
                    Some(&format!("write a size, e.g. `{first} {number} MB`")),
                ));
            }
            self.pos += unit.len();
            let flag = self.text[flag_start..self.pos].to_owned();
            if let Some(err) = self.misfit(&field.ty, fit, &flag, flag_start) {
                return Err(err);
            }
            let count = as_count(number).ok_or_else(|| {
                self.error_at(
                    number_start,
                    format!("a count must be a whole number, not `{number}`"),
                    None,
                )
            })?;
            let bound = match (fit, is_min) {
                (Fit::Length, true) => &mut field.constraints.min_length,
                (Fit::Length, false) => &mut field.constraints.max_length,
                (_, true) => &mut field.constraints.min_properties,
                (_, false) => &mut field.constraints.max_properties,
            };
            *bound = Some(count);
            return Ok(());
        }
        let unit_start = self.pos;
        let word = self.word();
        if let Some(factor) = size_factor(word) {
            if !binary {
                return Err(self.error_at(
                    unit_start,
                    format!("`{first} {number} {word}` is a size, which only `binary` has"),
                    Some(if is_text(&field.ty) {
                        "write `binary (...)` for a file, or a length such as `max 50 chars` for text"
                    } else {
                        "write `binary (...)` for a file; a number's bounds have no unit"
                    }),
                ));
            }
            let bytes = number * factor as f64;
            let size = as_size(bytes).ok_or_else(|| {
                self.error_at(
                    number_start,
                    format!("`{number} {word}` is not a whole number of bytes"),
                    None,
                )
            })?;
            let bound = if is_min {
                &mut field.constraints.min_size
            } else {
                &mut field.constraints.max_size
            };
            *bound = Some(size);
            return Ok(());
        }
        // Not a unit: leave it for the flag list to report.
        self.pos = unit_start;
        if binary {
            return Err(self.error_at(
                flag_start,
                format!("`{first} {number}` on binary needs a unit"),
                Some(&format!(
                    "write a size such as `{first} {number} MB`; units are B, KB, MB, GB, KiB, MiB and GiB"
                )),
            ));
        }
        if is_text(&field.ty) {
            return Err(self.error_at(
                flag_start,
                format!("`{first} {number}` on text is ambiguous"),
                Some(&format!("write `{first} {number} chars` for a length")),
            ));
        }
        let flag = self.text[flag_start..self.pos].trim_end().to_owned();
        if let Some(err) = self.misfit(&field.ty, Fit::Bound, &flag, flag_start) {
            return Err(err);
        }
        let bound = if is_min {
            &mut field.constraints.min
        } else {
            &mut field.constraints.max
        };
        *bound = Some(number);
        Ok(())
    }

    /// An error at `flag` when `ty` has no use for it, saying which types it fits; for an
    /// array or a map whose items it fits, how to bound each item instead.
    fn misfit(
        &self,
        ty: &FieldType,
        fit: Fit,
        flag: &str,
        flag_start: usize,
    ) -> Option<ShorthandError> {
        if fit.fits(ty) || misspelt_model(ty) {
            return None;
        }
        let flag = flag.trim();
        let (container, each) = match ty {
            FieldType::Array(item) => (Some(("array", "items")), item.as_ref()),
            FieldType::Map(item) => (Some(("object", "additionalProperties")), item.as_ref()),
            _ => (None, ty),
        };
        // `map of integer (max 3)` may mean the member count or each value's bound.
        if fit == Fit::Bound && matches!(ty, FieldType::Map(_) | FieldType::Object(_)) {
            let mut help = format!("write `{flag} members` for a member count");
            if let Some((kind, key)) = container.filter(|_| fit.fits(each)) {
                help.push_str(&format!(
                    "; to bound each value, write the field as a JSON Schema object with `type: {kind}` and `{key}: '{} ({flag})'`",
                    each.shorthand()
                ));
            }
            let message = if matches!(ty, FieldType::Map(_)) {
                format!("`{flag}` on a map is ambiguous")
            } else {
                format!("`{flag}` does not apply to `object`")
            };
            return Some(self.error_at(flag_start, message, Some(&help)));
        }
        let help = match container.filter(|_| fit.fits(each) || misspelt_model(each)) {
            Some((kind, key)) => {
                let (whole, part) = if kind == "array" {
                    ("array", "item")
                } else {
                    ("map", "value")
                };
                format!(
                    "{}, and here it would apply to the whole {whole}, not to each {part}; for each {part}, write the field as a JSON Schema object with `type: {kind}` and `{key}: '{} ({flag})'`",
                    fit.fits_what(),
                    each.shorthand()
                )
            }
            None => format!("{}; {}", fit.fits_what(), fit.instead(ty)),
        };
        Some(self.error_at(
            flag_start,
            format!("`{flag}` does not apply to {}", noun(ty)),
            Some(&help),
        ))
    }

    fn number(&mut self) -> Result<f64, ShorthandError> {
        let rest = self.rest();
        let len = rest
            .find(|c: char| !(c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | 'e' | 'E')))
            .unwrap_or(rest.len());
        let text = &rest[..len];
        match text.parse::<f64>() {
            Ok(number) if number.is_finite() => {
                self.pos += len;
                Ok(number)
            }
            _ => Err(self.error_here(
                if text.is_empty() {
                    "expected a number".to_owned()
                } else {
                    format!("`{text}` is not a number")
                },
                None,
            )),
        }
    }

    /// `format:` runs to the `)` that closes the flag list, skipping escaped characters,
    /// character classes and balanced groups.
    fn parse_pattern(&mut self, list_start: usize) -> Result<String, ShorthandError> {
        let rest = self.rest();
        let mut depth = 0usize;
        let mut in_class = false;
        let mut chars = rest.char_indices();
        while let Some((offset, c)) = chars.next() {
            match c {
                '\\' => {
                    chars.next();
                }
                '[' if !in_class => in_class = true,
                ']' if in_class => in_class = false,
                '(' if !in_class => depth += 1,
                ')' if !in_class && depth > 0 => depth -= 1,
                ')' if !in_class => {
                    let pattern = rest[..offset].trim();
                    if pattern.is_empty() {
                        return Err(self
                            .error_here("`format:` needs a regular expression".to_owned(), None));
                    }
                    self.pos += offset + 1;
                    return Ok(pattern.to_owned());
                }
                _ => {}
            }
        }
        Err(self.error_at(
            list_start,
            UNCLOSED_FLAGS.to_owned(),
            Some("`format:` must be the last flag; close the list with `)` after the regex"),
        ))
    }
}

/// What a flag sets, for the types it fits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Fit {
    /// `min N`, `max N`: a number's bounds, an array's item count.
    Bound,
    /// `min N chars`: a length of text.
    Length,
    /// `min N members`: a member count of a map or an object.
    Members,
    /// `N decimal places`.
    DecimalPlaces,
    /// `format: REGEX`.
    Pattern,
}

impl Fit {
    /// Whether a field of type `ty` has a use for the flag: one the checks apply.
    fn fits(self, ty: &FieldType) -> bool {
        match self {
            Fit::Bound => matches!(
                ty,
                FieldType::Integer | FieldType::Number | FieldType::Decimal | FieldType::Array(_)
            ),
            Fit::Length | Fit::Pattern => is_text(ty),
            Fit::Members => matches!(ty, FieldType::Map(_) | FieldType::Object(_)),
            Fit::DecimalPlaces => matches!(ty, FieldType::Number | FieldType::Decimal),
        }
    }

    /// The types the flag fits, as a help says it.
    fn fits_what(self) -> &'static str {
        match self {
            Fit::Bound => {
                "`min N` and `max N` bound a number (`integer`, `number`, `decimal`) or the item count of an array"
            }
            Fit::Length => {
                "a length in chars is text's (`string`, `date`, `datetime`, `url`, `email`, `uuid`, enums)"
            }
            Fit::Members => {
                "`min N members` and `max N members` bound the member count of a map or an `object`"
            }
            Fit::DecimalPlaces => "decimal places are a `decimal`'s or a `number`'s",
            Fit::Pattern => {
                "`format:` is a pattern for text (`string`, `date`, `datetime`, `url`, `email`, `uuid`, enums)"
            }
        }
    }

    /// What to do instead, on a type the flag does not fit.
    fn instead(self, ty: &FieldType) -> &'static str {
        match (self, ty) {
            (Fit::DecimalPlaces, FieldType::Integer) => {
                "for a number with decimals write `decimal (2 decimal places)`, or remove it"
            }
            (Fit::Members, FieldType::Array(_)) => {
                "the item count of an array is `min N` and `max N`, without a unit"
            }
            (_, FieldType::Model(_)) => {
                "a model's rules belong to the fields it declares; remove it here"
            }
            (_, FieldType::Union(_)) => {
                "set it on the types of the choice where they are declared, or remove it here"
            }
            (_, FieldType::Any) => "give the field a type that has it, or remove it",
            _ => "remove it",
        }
    }
}

/// The type as a finding names it.
fn noun(ty: &FieldType) -> String {
    match ty {
        FieldType::Enum(_) => "an enum".to_owned(),
        FieldType::Model(name) => format!("the model `{name}`"),
        FieldType::Array(_) => "an array".to_owned(),
        FieldType::Map(_) => "a map".to_owned(),
        FieldType::Union(_) => "a choice".to_owned(),
        FieldType::AllOf(_) => "a combination of models".to_owned(),
        other => format!("`{}`", other.shorthand()),
    }
}

/// A model name that is a misspelt built-in type (`integr`), which is reported as such: its
/// flags are not judged against a type it is not.
fn misspelt_model(ty: &FieldType) -> bool {
    matches!(ty, FieldType::Model(name) if misspelled_builtin(name).is_some())
}

fn is_text(ty: &FieldType) -> bool {
    matches!(
        ty,
        FieldType::String
            | FieldType::Date
            | FieldType::DateTime
            | FieldType::Url
            | FieldType::Email
            | FieldType::Uuid
            | FieldType::Enum(_)
    )
}

/// Bytes per unit of a size, in any case: `KB` is 1000 bytes, `KiB` 1024, as in the
/// `max-spec-size` setting.
fn size_factor(unit: &str) -> Option<u64> {
    Some(match unit.to_ascii_lowercase().as_str() {
        "b" | "byte" | "bytes" => 1,
        "kb" => 1_000,
        "kib" => 1 << 10,
        "mb" => 1_000_000,
        "mib" => 1 << 20,
        "gb" => 1_000_000_000,
        "gib" => 1 << 30,
        _ => return None,
    })
}

/// A size in bytes as the shorthand would write it: `10 MB`, `5 MiB`, `1500 bytes`.
pub(crate) fn format_size(bytes: u64) -> String {
    let units: [(&str, u64); 6] = [
        ("GiB", 1 << 30),
        ("GB", 1_000_000_000),
        ("MiB", 1 << 20),
        ("MB", 1_000_000),
        ("KiB", 1 << 10),
        ("KB", 1_000),
    ];
    for (unit, factor) in units {
        if bytes >= factor && bytes.is_multiple_of(factor) {
            return format!("{} {unit}", bytes / factor);
        }
    }
    if bytes == 1 {
        "1 byte".to_owned()
    } else {
        format!("{bytes} bytes")
    }
}

fn as_size(bytes: f64) -> Option<u64> {
    (bytes >= 0.0 && bytes.fract() == 0.0 && bytes < 9.0e15).then_some(bytes as u64)
}

/// The choice a `by` flag belongs to: the type's own, or its items'.
fn union_of(ty: &mut FieldType) -> Option<&mut Union> {
    match ty {
        FieldType::Union(union) => Some(union),
        FieldType::Array(item) | FieldType::Map(item) => union_of(item),
        _ => None,
    }
}

fn as_count(number: f64) -> Option<u64> {
    (number >= 0.0 && number.fract() == 0.0 && number <= u32::MAX as f64).then_some(number as u64)
}

/// A `default` or `example` value, typed by the field's type.
fn typed_value(ty: &FieldType, text: &str) -> Result<Value, String> {
    match ty {
        // Numbers keep their text (`12.50`, `-0`) when it is JSON's.
        FieldType::Integer if !text.contains(['.', 'e', 'E']) => number_from_source(text)
            .map(Value::Number)
            .or_else(|| text.parse::<i64>().ok().map(Value::from))
            .ok_or_else(|| format!("`{text}` is not an integer")),
        FieldType::Integer => Err(format!("`{text}` is not an integer")),
        FieldType::Number | FieldType::Decimal => number_from_source(text)
            .or_else(|| {
                text.parse::<f64>()
                    .ok()
                    .and_then(serde_json::Number::from_f64)
            })
            .map(Value::Number)
            .ok_or_else(|| format!("`{text}` is not a number")),
        FieldType::Boolean => match text {
            "true" => Ok(Value::Bool(true)),
            "false" => Ok(Value::Bool(false)),
            _ => Err(format!("`{text}` is not `true` or `false`")),
        },
        FieldType::Array(_)
        | FieldType::Map(_)
        | FieldType::Object(_)
        | FieldType::Model(_)
        | FieldType::Union(_)
        | FieldType::AllOf(_) => parse_json_value(text).ok_or_else(|| {
            format!("`{text}` is not a JSON value; write lists and objects as JSON, e.g. `[]`")
        }),
        FieldType::Any => Ok(parse_json_value(text).unwrap_or_else(|| Value::from(text))),
        _ => Ok(Value::from(text)),
    }
}

/// Whether a type keyword is a close misspelling of a built-in, e.g. `strng`.
pub(crate) fn misspelled_builtin(name: &str) -> Option<&'static str> {
    if BUILTIN_TYPES.contains(&name) || name.chars().next().is_some_and(char::is_uppercase) {
        return None;
    }
    crate::diagnostic::did_you_mean(name, BUILTIN_TYPES.iter().copied())
}

impl Constraints {
    /// The constraints as the shorthand would write them, for field tables.
    pub(crate) fn describe(&self, ty: &FieldType) -> Vec<String> {
        let mut parts = Vec::new();
        let is_array = matches!(ty, FieldType::Array(_));
        let plural = |n: String, one: &str, many: &str| match n.as_str() {
            "1" => format!("1{one}"),
            _ => format!("{n}{many}"),
        };
        let (one, many) = if is_array {
            (" item", " items")
        } else {
            ("", "")
        };
        if let Some(min) = self.min {
            parts.push(format!("min {}", plural(min.to_string(), one, many)));
        }
        if let Some(max) = self.max {
            parts.push(format!("max {}", plural(max.to_string(), one, many)));
        }
        if let Some(min) = self.min_length {
            parts.push(format!(
                "min {}",
                plural(min.to_string(), " char", " chars")
            ));
        }
        if let Some(max) = self.max_length {
            parts.push(format!(
                "max {}",
                plural(max.to_string(), " char", " chars")
            ));
        }
        if let Some(min) = self.min_size {
            parts.push(format!("min {}", format_size(min)));
        }
        if let Some(max) = self.max_size {
            parts.push(format!("max {}", format_size(max)));
        }
        if let Some(places) = self.decimal_places {
            parts.push(plural(
                places.to_string(),
                " decimal place",
                " decimal places",
            ));
        }
        if let Some(bound) = self.exclusive_min {
            parts.push(format!("more than {bound}"));
        }
        if let Some(bound) = self.exclusive_max {
            parts.push(format!("less than {bound}"));
        }
        if let Some(step) = self.multiple_of {
            parts.push(format!("multiple of {step}"));
        }
        if self.unique_items {
            parts.push("unique items".to_owned());
        }
        if let Some(min) = self.min_properties {
            parts.push(format!(
                "min {}",
                plural(min.to_string(), " member", " members")
            ));
        }
        if let Some(max) = self.max_properties {
            parts.push(format!(
                "max {}",
                plural(max.to_string(), " member", " members")
            ));
        }
        parts
    }
}

/// The length of the JSON list or object `text` starts with, up to its closing bracket (not
/// counting brackets in strings); `None` when it starts with neither or is never closed.
fn json_len(text: &str) -> Option<usize> {
    if !text.starts_with(['[', '{']) {
        return None;
    }
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    for (offset, c) in text.char_indices() {
        if in_string {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => in_string = true,
            '[' | '{' => depth += 1,
            ']' | '}' => {
                depth -= 1;
                if depth == 0 {
                    return Some(offset + 1);
                }
            }
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests;
