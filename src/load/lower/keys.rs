//! The declaration of the format's keys: [`Key`] and [`Shape`].
//!
//! Every mapping the format defines has one table of [`Key`]s, an associated `const` of
//! `Lower` right above the function that reads the mapping. The tables nest through
//! [`Shape::Mapping`], so the whole format is one tree starting at the top-level table
//! (`Lower::TOP_LEVEL`); the few shapes that recur inside themselves (fields, bodies, flow
//! steps) are named shapes whose definition (`format_schema::definition`) leads on into their tables.
//!
//! A table is the format's only list of a mapping's keys: unknown keys are reported against
//! it, and in debug builds reading a key it does not declare is a panic.

/// One key of a mapping in the format.
#[derive(Debug, PartialEq)]
pub(crate) struct Key {
    /// The key as written in a spec.
    pub(crate) name: &'static str,
    /// What its value may be.
    pub(crate) shape: Shape,
    /// Whether a mapping without it is an error.
    pub(crate) required: bool,
    /// What the key means, in one line.
    pub(crate) doc: &'static str,
}

impl Key {
    /// A key the mapping must have.
    pub(crate) const fn required(name: &'static str, shape: Shape, doc: &'static str) -> Key {
        Key {
            name,
            shape,
            required: true,
            doc,
        }
    }

    /// A key the mapping may have.
    pub(crate) const fn optional(name: &'static str, shape: Shape, doc: &'static str) -> Key {
        Key {
            name,
            shape,
            required: false,
            doc,
        }
    }

    /// The keywords its value is one of, where it is (or may be) a keyword.
    pub(crate) fn keywords(&self) -> Option<&'static [&'static str]> {
        self.shape.keywords()
    }
}

/// What the value of a key may be.
///
/// Empty values (`~`, `null`, nothing) count as absent everywhere, so no shape mentions them
/// but [`Shape::Null`] where an empty value means something of its own.
#[derive(Debug, PartialEq)]
pub(crate) enum Shape {
    /// Text; a number or boolean is read as its text (`version: 1.0` is `"1.0"`).
    Text,
    /// Text written as text: a number or boolean is not read as text here.
    String,
    /// A list of text; a single text is a list of one.
    Texts,
    /// `true` or `false`.
    Bool,
    /// A whole number, zero or more.
    Count,
    /// Any number.
    Number,
    /// An HTTP status code from 100 to 599, as a number or text.
    StatusCode,
    /// An empty value, where it means something (a response with nothing to say).
    Null,
    /// Any value, kept as written (examples, defaults).
    Any,
    /// One of these keywords, read in any case.
    Keyword(&'static [&'static str]),
    /// One of these words, exactly as written (JSON Schema's type names, `auth: none`).
    Word(&'static [&'static str]),
    /// A mapping with these keys (and `x-` extension keys).
    Mapping(&'static [Key]),
    /// A mapping of names the writer chooses to values of this shape; every key is an entry.
    MapOf(&'static Shape),
    /// A mapping of ids to entries of this shape; `x-` ids are extensions, not entries.
    Entries(&'static Shape),
    /// A mapping of these keys and of ids to entries of this shape; `x-` ids are extensions,
    /// not entries.
    EntriesWith(&'static [Key], &'static Shape),
    /// A mapping of HTTP status codes (100 to 599), classes (`4XX`) and `default` to values of
    /// this shape.
    ByStatus(&'static Shape),
    /// A list of values of this shape.
    ListOf(&'static Shape),
    /// A value of any of these shapes.
    OneOf(&'static [Shape]),
    /// A mapping of exactly one key: one of these keys, or any other key with a value of this
    /// shape.
    OneKey(&'static [Key], &'static Shape),
    /// A field in the shorthand, e.g. `string (required, max 50 chars) -- the name`.
    Shorthand,
    /// A field: the shorthand or a JSON Schema object. Named: see `format_schema::definition`.
    Field,
    /// A mapping of field names to fields. Named: see `format_schema::definition`.
    Fields,
    /// A body or payload: a type in the shorthand or a mapping of fields. Named: see
    /// `format_schema::definition`.
    Body,
    /// A list of at least one flow step. Named: see `format_schema::definition`.
    Steps,
}

impl Shape {
    /// The keywords a value of this shape is one of, where it is (or may be) a keyword.
    pub(crate) fn keywords(&self) -> Option<&'static [&'static str]> {
        match self {
            Shape::Keyword(names) | Shape::Word(names) => Some(names),
            Shape::OneOf(shapes) => shapes.iter().find_map(Shape::keywords),
            Shape::ListOf(shape) | Shape::MapOf(shape) => shape.keywords(),
            _ => None,
        }
    }
}

/// Whether `choices` are the keywords `key` declares, in the same order.
pub(super) fn same_keywords<T>(key: Option<&Key>, choices: &[(&str, T)]) -> bool {
    key.and_then(Key::keywords).is_some_and(|names| {
        names.len() == choices.len()
            && names
                .iter()
                .zip(choices)
                .all(|(name, (choice, _))| name == choice)
    })
}
