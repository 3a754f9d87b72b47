//! The internal type model of fields, bodies, payloads and the models they name.
//!
//! Both the field shorthand (`string (required, max 50 chars)`) and full JSON Schema field
//! objects lower into [`Field`]; the renderer reads it for field tables and the checker
//! validates examples against it.

use indexmap::IndexMap;
use serde_json::Value;

use super::params::Serialization;

/// An ordered set of named fields: a model's, a body's, a query string's.
pub type Fields = IndexMap<String, Field>;

/// The shape of a value.
#[derive(Clone, Debug, PartialEq)]
pub enum FieldType {
    /// Text.
    String,
    /// A whole number.
    Integer,
    /// Any JSON number.
    Number,
    /// A number with a fixed number of decimal places, such as money.
    Decimal,
    /// `true` or `false`.
    Boolean,
    /// A calendar date, `2024-01-15`.
    Date,
    /// A date and time with offset, RFC 3339.
    DateTime,
    /// An absolute URL.
    Url,
    /// An email address.
    Email,
    /// A UUID.
    Uuid,
    /// Raw bytes: a file, such as a PDF label or an uploaded document.
    Binary,
    /// One of the listed strings.
    Enum(Vec<String>),
    /// A model declared under `models`, by name.
    Model(String),
    /// A list of values of one type.
    Array(Box<FieldType>),
    /// A mapping from strings to values of one type.
    Map(Box<FieldType>),
    /// An inline object with its own fields.
    Object(Fields),
    /// One of several types (`one of Card, BankTransfer`, `oneOf`, `anyOf`).
    Union(Box<Union>),
    /// Every one of several types at once (`allOf`): the fields of each part together.
    AllOf(Vec<Field>),
    /// Any JSON value (a JSON Schema without a `type`).
    Any,
}

/// A choice between types: OpenAPI's `oneOf` and `anyOf`, with its `discriminator`.
#[derive(Clone, Debug, PartialEq)]
pub struct Union {
    /// Whether exactly one variant or at least one must match.
    pub kind: UnionKind,
    /// The variants, in order: models by name, or any other type.
    pub variants: Vec<Field>,
    /// The property whose value says which variant a value is.
    pub discriminator: Option<Discriminator>,
}

/// How many variants of a [`Union`] a value matches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnionKind {
    /// Exactly one (`one of`, `oneOf`).
    OneOf,
    /// One or more (`any of`, `anyOf`).
    AnyOf,
}

impl UnionKind {
    /// The words of the shorthand: `one of`.
    pub fn words(self) -> &'static str {
        match self {
            UnionKind::OneOf => "one of",
            UnionKind::AnyOf => "any of",
        }
    }
}

/// The property that tells the variants of a union apart, as OpenAPI's `discriminator`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Discriminator {
    /// The property's name, e.g. `type`.
    pub property: String,
    /// Values to the model they select, in the order written. A variant no entry names is
    /// selected by the values its own discriminator field allows (a one-value enum, say), or
    /// else by its model name.
    pub mapping: IndexMap<String, String>,
}

impl Union {
    /// The model a variant names, when it is a model.
    pub fn variant_models(&self) -> impl Iterator<Item = Option<&str>> {
        self.variants.iter().map(|variant| match &variant.ty {
            FieldType::Model(name) => Some(name.as_str()),
            _ => None,
        })
    }
}

impl FieldType {
    /// The type as the shorthand spells it, e.g. `array of OrderItem`.
    pub fn shorthand(&self) -> String {
        match self {
            FieldType::String => "string".into(),
            FieldType::Integer => "integer".into(),
            FieldType::Number => "number".into(),
            FieldType::Decimal => "decimal".into(),
            FieldType::Boolean => "boolean".into(),
            FieldType::Date => "date".into(),
            FieldType::DateTime => "datetime".into(),
            FieldType::Url => "url".into(),
            FieldType::Email => "email".into(),
            FieldType::Uuid => "uuid".into(),
            FieldType::Binary => "binary".into(),
            FieldType::Enum(values) => format!("enum({})", values.join(", ")),
            FieldType::Model(name) => name.clone(),
            FieldType::Array(item) => format!("array of {}", item.shorthand()),
            FieldType::Map(item) => format!("map of {}", item.shorthand()),
            FieldType::Object(_) => "object".into(),
            FieldType::Union(union) => {
                let variants: Vec<String> = union
                    .variants
                    .iter()
                    .map(|variant| variant.ty.shorthand())
                    .collect();
                format!("{} {}", union.kind.words(), variants.join(", "))
            }
            FieldType::AllOf(parts) => {
                let parts: Vec<String> = parts.iter().map(|part| part.ty.shorthand()).collect();
                format!("all of {}", parts.join(", "))
            }
            FieldType::Any => "any".into(),
        }
    }

    /// Every model this type names, in order: itself, the items of arrays and maps, the
    /// variants of a union and the parts of an `allOf` (not the fields of inline objects).
    pub fn model_names(&self) -> Vec<&str> {
        let mut names = Vec::new();
        self.collect_model_names(&mut names);
        names
    }

    fn collect_model_names<'t>(&'t self, names: &mut Vec<&'t str>) {
        match self {
            FieldType::Model(name) => names.push(name),
            FieldType::Array(item) | FieldType::Map(item) => item.collect_model_names(names),
            FieldType::Union(union) => {
                for variant in &union.variants {
                    variant.ty.collect_model_names(names);
                }
            }
            FieldType::AllOf(parts) => {
                for part in parts {
                    part.ty.collect_model_names(names);
                }
            }
            _ => {}
        }
    }

    /// The model this type names, directly or as the element of arrays and maps.
    pub fn model_name(&self) -> Option<&str> {
        match self {
            FieldType::Model(name) => Some(name),
            FieldType::Array(item) | FieldType::Map(item) => item.model_name(),
            _ => None,
        }
    }
}

/// Bounds and rules on a value beyond its type.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Constraints {
    /// Smallest value (numbers) or item count (arrays).
    pub min: Option<f64>,
    /// Largest value (numbers) or item count (arrays).
    pub max: Option<f64>,
    /// Fewest characters.
    pub min_length: Option<u64>,
    /// Most characters.
    pub max_length: Option<u64>,
    /// Most digits after the decimal point.
    pub decimal_places: Option<u32>,
    /// A regular expression the whole string must match.
    pub pattern: Option<String>,
    /// A number must be greater than this.
    pub exclusive_min: Option<f64>,
    /// A number must be less than this.
    pub exclusive_max: Option<f64>,
    /// A number must be a multiple of this.
    pub multiple_of: Option<f64>,
    /// An array's items must differ from each other.
    pub unique_items: bool,
    /// Fewest members of an object or map.
    pub min_properties: Option<u64>,
    /// Most members of an object or map.
    pub max_properties: Option<u64>,
    /// Fewest bytes (binary).
    pub min_size: Option<u64>,
    /// Most bytes (binary).
    pub max_size: Option<u64>,
}

impl Constraints {
    /// Whether no constraint is set.
    pub fn is_empty(&self) -> bool {
        *self == Constraints::default()
    }
}

/// One field of a model, body, header set or query string.
#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    /// The value's shape.
    pub ty: FieldType,
    /// Whether the field must be present.
    pub required: bool,
    /// Bounds and patterns.
    pub constraints: Constraints,
    /// The value assumed when the field is absent.
    pub default: Option<Value>,
    /// A sample value.
    pub example: Option<Value>,
    /// Whether the field is on its way out.
    pub deprecated: bool,
    /// What the field means.
    pub description: Option<String>,
    /// The JSON Schema the field was written as, when it was one: its own level, the
    /// subschemas lowered into fields of their own (properties, items, additional
    /// properties) left as `{}`.
    pub schema: Option<Value>,
    /// Where a shorthand's `default` and `example` values start in its string.
    pub value_offsets: ValueOffsets,
    /// How a request parameter's array or object value is written, as declared (parameters
    /// only; the place's default applies where this says nothing).
    pub serialization: Serialization,
    /// What a JSON Schema field says beyond the shorthand's words, kept to be shown.
    pub schema_notes: SchemaNotes,
}

/// What a JSON Schema field says that the type and constraints do not: shown with the field.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SchemaNotes {
    /// A `format` that is not part of the type (`int64`, `phone`).
    pub format: Option<String>,
    /// The one value allowed (`const`).
    pub constant: Option<Value>,
    /// Sent by the server only.
    pub read_only: bool,
    /// Sent by the client only.
    pub write_only: bool,
    /// Sample values after the first (`examples`).
    pub more_examples: Vec<Value>,
    /// A schema the value must not match (`not`), lowered like a field.
    pub not: Option<Box<Field>>,
    /// The schema of an array's items (`items`) or a map's values (`additionalProperties`),
    /// lowered like a field: what it says beyond its type is shown and checked.
    pub item: Option<Box<Field>>,
    /// What an object accepts beyond its `properties`, or beside `oneOf`, `anyOf` or `allOf`
    /// (an `additionalProperties` schema), lowered like a field.
    pub additional: Option<Box<Field>>,
    /// The JSON types a value may have besides the type (`type: [string, integer, "null"]`
    /// gives `integer` and `null`), in the order written.
    pub other_types: Vec<String>,
    /// The media type of a string's content (`contentMediaType`).
    pub content_media_type: Option<String>,
    /// How the content is written as text (`contentEncoding`, e.g. `base64`).
    pub content_encoding: Option<String>,
    /// The properties an object must have, when written beside `oneOf` or `anyOf` without
    /// `properties` of its own (`required: [id]`).
    pub required_properties: Vec<String>,
}

/// Character offsets of the `default` and `example` values inside a field shorthand, so a
/// finding about a value points at it rather than at the start of the string.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ValueOffsets {
    /// Where the `default` value starts.
    pub default: Option<usize>,
    /// Where the `example` value starts.
    pub example: Option<usize>,
}

impl Field {
    /// An optional field of this type, with nothing else said.
    pub fn of_type(ty: FieldType) -> Self {
        Field {
            ty,
            required: false,
            constraints: Constraints::default(),
            default: None,
            example: None,
            deprecated: false,
            description: None,
            schema: None,
            value_offsets: ValueOffsets::default(),
            serialization: Serialization::default(),
            schema_notes: SchemaNotes::default(),
        }
    }
}

/// A named data model: fields of its own and of the models it includes, or a choice of
/// other models.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Model {
    /// What the model represents.
    pub description: Option<String>,
    /// Models whose fields it has too (`all_of`), in order.
    pub all_of: Vec<String>,
    /// Its own fields.
    pub fields: Fields,
    /// What it accepts beyond its fields: nothing when absent, else values of this field's
    /// type (`any` for every value).
    pub additional_fields: Option<Box<Field>>,
    /// When the model is one of other models (`one_of`, `any_of`): which, and how told apart.
    pub variants: Option<Union>,
}
