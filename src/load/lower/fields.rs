//! Fields: the field shorthand, JSON Schema field objects, mappings of fields and bodies,
//! and the model names a type refers to, with the table of the JSON Schema keywords.

use serde_json::{Map, Value};

use super::keys::{Key, Shape};
use super::readers::{Lower, Obj};
use super::readers::{display_scalar, kind_of};
use crate::diagnostic::{Code, Diagnostic, SpecPath, did_you_mean, suggest};
use crate::load::shorthand::{self, ShorthandError};
use crate::spec::*;

/// The JSON Schema type names.
/// The JSON Schema keywords that apply to one kind of value only, and that kind.
const TYPED_KEYWORDS: &[(&str, &str)] = &[
    ("items", "arrays"),
    ("minItems", "arrays"),
    ("maxItems", "arrays"),
    ("uniqueItems", "arrays"),
    ("properties", "objects"),
    ("additionalProperties", "objects"),
    ("minProperties", "objects"),
    ("maxProperties", "objects"),
    ("minimum", "numbers"),
    ("maximum", "numbers"),
    ("exclusiveMinimum", "numbers"),
    ("exclusiveMaximum", "numbers"),
    ("multipleOf", "numbers"),
    ("minLength", "text"),
    ("maxLength", "text"),
];

/// The kind of value a field type is, as [`TYPED_KEYWORDS`] names them; `None` for a type
/// every keyword may apply to.
fn value_kind(ty: &FieldType) -> Option<&'static str> {
    match ty {
        FieldType::Array(_) => Some("arrays"),
        FieldType::Object(_) | FieldType::Map(_) | FieldType::Model(_) => Some("objects"),
        FieldType::Integer | FieldType::Number | FieldType::Decimal => Some("numbers"),
        FieldType::String
        | FieldType::Date
        | FieldType::DateTime
        | FieldType::Url
        | FieldType::Email
        | FieldType::Uuid => Some("text"),
        FieldType::Boolean => Some("booleans"),
        _ => None,
    }
}

/// Whether a JSON Schema `format` became part of the field's type (`date` of a `date`),
/// rather than something to show beside it.
fn format_is_type(ty: &FieldType, format: &str) -> bool {
    matches!(
        (ty, format),
        (FieldType::Date, "date")
            | (FieldType::DateTime, "date-time")
            | (FieldType::Url, "uri" | "url")
            | (FieldType::Email, "email")
            | (FieldType::Uuid, "uuid")
            | (FieldType::Decimal, "decimal")
            | (FieldType::Binary, "binary")
    )
}

/// The formats JSON Schema 2020-12 and the OpenAPI Format Registry define (the checks test
/// examples against JSON Schema's; OpenAPI's numeric and text ones are shown), and `url` and
/// `decimal`, which this format reads as types.
const KNOWN_FORMATS: &[&str] = &[
    "date-time",
    "date",
    "time",
    "duration",
    "email",
    "idn-email",
    "hostname",
    "idn-hostname",
    "ipv4",
    "ipv6",
    "uri",
    "uri-reference",
    "iri",
    "iri-reference",
    "uuid",
    "uri-template",
    "json-pointer",
    "relative-json-pointer",
    "regex",
    "int8",
    "int16",
    "int32",
    "int64",
    "uint8",
    "float",
    "double",
    "decimal",
    "decimal128",
    "byte",
    "binary",
    "base64url",
    "password",
    "char",
    "commonmark",
    "html",
    "media-range",
    "sf-binary",
    "sf-boolean",
    "sf-decimal",
    "sf-integer",
    "sf-string",
    "sf-token",
    "http-date",
    "unixtime",
    "url",
];

/// The parameter styles, as `style:` spells them.
const STYLE_NAMES: &[&str] = &[
    "form",
    "spaceDelimited",
    "pipeDelimited",
    "deepObject",
    "simple",
    "label",
    "matrix",
];

const JSON_TYPES: &[&str] = &[
    "string", "integer", "number", "boolean", "array", "object", "null",
];

impl Lower {
    pub(super) fn fields(&mut self, obj: &Obj<'_>, key: &str) -> Fields {
        let mut res = Fields::new();
        let Some(value) = obj.get(key) else {
            return res;
        };
        let path = obj.at(key);
        let Some(map) = value.as_object() else {
            self.wrong_type(value, &path, "a mapping of field names to types");
            return res;
        };
        res = self.field_map(map, &path);
        res
    }

    /// Fields by name, as in `query:` or a body.
    fn field_map(&mut self, map: &Map<String, Value>, path: &SpecPath) -> Fields {
        let mut res = Fields::new();
        // `{ a: string (required, min 1) }` splits at the comma into `a` and a null `min 1)`:
        // the unclosed shorthand is reported, and the nulls after it are its remnants.
        let mut after_unclosed = false;
        for (name, field) in map {
            if after_unclosed && field.is_null() {
                continue;
            }
            self.cut_shorthand = false;
            if let Some(field) = self.field(field, &path.key(name)) {
                res.insert(name.clone(), field);
            }
            after_unclosed = self.cut_shorthand;
        }
        res
    }

    /// A field: shorthand text or a JSON Schema object.
    pub(super) fn field(&mut self, value: &Value, path: &SpecPath) -> Option<Field> {
        match value {
            Value::String(text) => self.shorthand(text, path),
            Value::Object(_) => self.schema_field(value, path),
            other => {
                self.diags.push(
                    Diagnostic::error(
                        Code::InvalidType,
                        format!("a field must be a type such as `string (required)` or a JSON Schema object, found {}", kind_of(other)),
                    )
                    .at(path),
                );
                None
            }
        }
    }

    /// A body or payload: a type (`Order`, `array of Order`) or a mapping of fields.
    pub(super) fn body(&mut self, value: &Value, path: &SpecPath) -> Option<Field> {
        if self.in_openapi(path) {
            let mut field = self.field(value, path)?;
            field.required = true;
            return Some(field);
        }
        match value {
            Value::String(text) => self.shorthand(text, path),
            Value::Object(map) => {
                let fields = self.field_map(map, path);
                let mut field = Field::of_type(FieldType::Object(fields));
                field.required = true;
                Some(field)
            }
            other => {
                self.wrong_type(other, path, "a model name or a mapping of fields");
                None
            }
        }
    }

    pub(super) fn shorthand(&mut self, text: &str, path: &SpecPath) -> Option<Field> {
        match shorthand::parse_field(text) {
            Ok(field) => {
                self.check_model_refs(&field.ty, text, path);
                Some(field)
            }
            Err(shorthand::Rejected { errors, ty }) => {
                self.cut_shorthand = errors.iter().any(shorthand::ShorthandError::is_unclosed);
                for ShorthandError {
                    message,
                    column,
                    help,
                } in errors
                {
                    let mut diag = Diagnostic::error(
                        Code::InvalidShorthand,
                        format!("invalid field shorthand: {message}"),
                    )
                    .at(path);
                    diag.help = help;
                    diag.value_offset = Some(column);
                    self.diags.push(diag);
                }
                // A misspelt type is worth knowing in the same run as a misspelt flag.
                if let Some(ty) = ty {
                    self.check_model_refs(&ty, text, path);
                }
                None
            }
        }
    }

    /// Model names in a type must be declared; a lowercase near-miss is a misspelt built-in.
    pub(super) fn check_model_refs(&mut self, ty: &FieldType, text: &str, path: &SpecPath) {
        let mut reported = Vec::new();
        for name in ty.model_names() {
            if !self.model_names.contains(name) && !reported.contains(&name) {
                self.unknown_model(name, text, path);
                reported.push(name);
            }
        }
    }

    fn unknown_model(&mut self, name: &str, text: &str, path: &SpecPath) {
        let column = text.find(name).map(|byte| text[..byte].chars().count());
        // A lowercase near-miss of a built-in is a typo in the type, not a missing model.
        let (code, help) = match shorthand::misspelled_builtin(name) {
            Some(builtin) => (
                Code::InvalidShorthand,
                format!("did you mean the built-in type `{builtin}`?"),
            ),
            None => (
                Code::UnresolvedReference,
                match did_you_mean(name, self.model_names.iter().map(String::as_str)) {
                    Some(model) => format!("did you mean the model `{model}`?"),
                    None => format!(
                        "declare `{name}` under `models`, or use a built-in type: {}",
                        shorthand::BUILTIN_TYPES.join(", ")
                    ),
                },
            ),
        };
        let mut diag = Diagnostic::error(
            code,
            format!("unknown type `{name}`: not a built-in type and no model of that name"),
        )
        .at(path)
        .with_help(help);
        diag.value_offset = column;
        self.diags.push(diag);
    }

    /// The JSON Schema keywords a field object may use.
    pub(super) const SCHEMA: &[Key] = &[
        Key::optional(
            "$ref",
            Shape::String,
            "A model: '#/models/Order', or just Order",
        ),
        Key::optional(
            "type",
            Shape::OneOf(&[
                Shape::Word(JSON_TYPES),
                Shape::ListOf(&Shape::Word(JSON_TYPES)),
            ]),
            "The type, or a list of the types a value may have; without it, the keywords may say it",
        ),
        Key::optional(
            "format",
            Shape::String,
            "date, date-time, uri, url, email, uuid or binary on strings and decimal on numbers make the type; any other format is shown",
        ),
        Key::optional(
            "contentMediaType",
            Shape::Text,
            "The media type of a string's content; without contentEncoding the field is binary",
        ),
        Key::optional(
            "contentEncoding",
            Shape::Text,
            "How binary content is written as text, e.g. base64",
        ),
        Key::optional(
            "enum",
            Shape::ListOf(&Shape::Any),
            "The allowed values; takes precedence over `type`",
        ),
        Key::optional("const", Shape::Any, "The one allowed value"),
        Key::optional(
            "items",
            Shape::Field,
            "The item schema of an array: a schema object, shorthand or model name",
        ),
        Key::optional(
            "properties",
            Shape::Fields,
            "The fields of an inline object",
        ),
        Key::optional(
            "required",
            Shape::OneOf(&[Shape::Bool, Shape::ListOf(&Shape::String)]),
            "`true`: the field is required; a list: the required properties",
        ),
        Key::optional(
            "additionalProperties",
            Shape::OneOf(&[Shape::Bool, Shape::Field]),
            "Without `properties`, a schema or shorthand makes a map of that type; beside them, the type of other fields",
        ),
        Key::optional("minimum", Shape::Number, "Lower bound of a number"),
        Key::optional("maximum", Shape::Number, "Upper bound of a number"),
        Key::optional(
            "exclusiveMinimum",
            Shape::Number,
            "Exclusive lower bound of a number",
        ),
        Key::optional(
            "exclusiveMaximum",
            Shape::Number,
            "Exclusive upper bound of a number",
        ),
        Key::optional(
            "multipleOf",
            Shape::Number,
            "What a number is a multiple of, greater than 0",
        ),
        Key::optional(
            "x-decimal-places",
            Shape::Count,
            "Most digits after the decimal point of a number, as the shorthand's `N decimal places`",
        ),
        Key::optional("minLength", Shape::Count, "Least length of text"),
        Key::optional("maxLength", Shape::Count, "Greatest length of text"),
        Key::optional(
            "pattern",
            Shape::Text,
            "Regular expression the text must match",
        ),
        Key::optional("minItems", Shape::Count, "Least item count of an array"),
        Key::optional("maxItems", Shape::Count, "Greatest item count of an array"),
        Key::optional(
            "uniqueItems",
            Shape::Bool,
            "Whether array items are distinct",
        ),
        Key::optional(
            "minProperties",
            Shape::Count,
            "Least member count of an object",
        ),
        Key::optional(
            "maxProperties",
            Shape::Count,
            "Greatest member count of an object",
        ),
        Key::optional(
            "oneOf",
            Shape::ListOf(&Shape::Field),
            "The types of which a value is exactly one",
        ),
        Key::optional(
            "anyOf",
            Shape::ListOf(&Shape::Field),
            "The types of which a value is one or more",
        ),
        Key::optional(
            "allOf",
            Shape::ListOf(&Shape::Field),
            "Models and objects whose fields a value has, all together",
        ),
        Key::optional(
            "discriminator",
            Shape::OneOf(&[Shape::Text, Shape::Mapping(Self::SCHEMA_DISCRIMINATOR)]),
            "The property whose value says which of `oneOf` or `anyOf` a value is",
        ),
        Key::optional("not", Shape::Field, "A schema the value must not match"),
        Key::optional(
            "title",
            Shape::Text,
            "A short name, shown before the description",
        ),
        Key::optional("description", Shape::Text, "What the field means"),
        Key::optional(
            "default",
            Shape::Any,
            "The value assumed when the field is absent",
        ),
        Key::optional("example", Shape::Any, "A sample value"),
        Key::optional(
            "examples",
            Shape::ListOf(&Shape::Any),
            "Sample values; the first is the example when `example` is absent",
        ),
        Key::optional(
            "deprecated",
            Shape::Bool,
            "Whether the field is on its way out",
        ),
        Key::optional("readOnly", Shape::Bool, "Sent by the server only"),
        Key::optional("writeOnly", Shape::Bool, "Sent by the client only"),
        Key::optional(
            "style",
            Shape::Keyword(STYLE_NAMES),
            "How a request parameter's array or object is written (parameters only)",
        ),
        Key::optional(
            "explode",
            Shape::Bool,
            "Whether a request parameter's array or object is exploded (parameters only)",
        ),
    ];

    /// The keys of a JSON Schema field's `discriminator`, as OpenAPI writes it.
    pub(super) const SCHEMA_DISCRIMINATOR: &[Key] = &[
        Key::required(
            "propertyName",
            Shape::Text,
            "The property whose value says which variant a value is",
        ),
        Key::optional(
            "mapping",
            Shape::MapOf(&Shape::Text),
            "Values of the property to the model each selects, '#/models/Card' or Card",
        ),
    ];

    fn schema_field(&mut self, value: &Value, path: &SpecPath) -> Option<Field> {
        let obj = self.object(value, path, "a JSON Schema field", Self::SCHEMA)?;
        let mut notes = SchemaNotes::default();
        let ty = self.schema_type(&obj, &mut notes)?;
        let mut field = Field::of_type(ty);
        field.required = obj
            .get("required")
            .and_then(Value::as_bool)
            .unwrap_or(false);
        // A title alone is the description; with one, it leads it.
        field.description = match (self.text(&obj, "title"), self.text(&obj, "description")) {
            (Some(title), Some(description)) => Some(format!("**{title}.** {description}")),
            (title, description) => description.or(title),
        };
        field.default = obj.get("default").cloned();
        field.example = obj.get("example").cloned().or_else(|| {
            obj.get("examples")
                .and_then(Value::as_array)
                .and_then(|examples| examples.first().cloned())
        });
        field.deprecated = self.bool(&obj, "deprecated").unwrap_or(false);
        field.serialization.style = self.keyword(&obj, "style", &Style::ALL);
        field.serialization.explode = self.bool(&obj, "explode");
        let is_array = matches!(field.ty, FieldType::Array(_));
        // Item counts are counts whatever the type: read (and so checked) either way.
        let (min_items, max_items) = (self.count(&obj, "minItems"), self.count(&obj, "maxItems"));
        let constraints = &mut field.constraints;
        if is_array {
            constraints.min = min_items.map(|count| count as f64);
            constraints.max = max_items.map(|count| count as f64);
        } else {
            constraints.min = self.number(&obj, "minimum");
            constraints.max = self.number(&obj, "maximum");
        }
        // A file's length is its size in bytes.
        let (min_length, max_length) =
            (self.count(&obj, "minLength"), self.count(&obj, "maxLength"));
        let constraints = &mut field.constraints;
        if field.ty == FieldType::Binary {
            (constraints.min_size, constraints.max_size) = (min_length, max_length);
        } else {
            (constraints.min_length, constraints.max_length) = (min_length, max_length);
        }
        constraints.pattern = self.text(&obj, "pattern");
        constraints.exclusive_min = self.number(&obj, "exclusiveMinimum");
        constraints.exclusive_max = self.number(&obj, "exclusiveMaximum");
        constraints.multiple_of = self.multiple_of(&obj);
        constraints.decimal_places = self
            .count(&obj, "x-decimal-places")
            .and_then(|places| u32::try_from(places).ok());
        constraints.unique_items = self.bool(&obj, "uniqueItems").unwrap_or(false);
        constraints.min_properties = self.count(&obj, "minProperties");
        constraints.max_properties = self.count(&obj, "maxProperties");
        let format = obj
            .get("format")
            .and_then(Value::as_str)
            .filter(|format| !format_is_type(&field.ty, format))
            .map(str::to_owned);
        if let Some(format) = &format
            && !KNOWN_FORMATS.contains(&format.as_str())
        {
            self.unknown_format(format, &obj.at("format"));
        }
        notes.format = format;
        notes.constant = obj.get("const").cloned();
        notes.read_only = self.bool(&obj, "readOnly").unwrap_or(false);
        notes.write_only = self.bool(&obj, "writeOnly").unwrap_or(false);
        notes.content_media_type = self.text(&obj, "contentMediaType");
        notes.content_encoding = self.text(&obj, "contentEncoding");
        let ignored = self.ignored_keywords(&obj, &field.ty, &notes.other_types);
        self.required_list(&obj);
        // Subschemas are fields of their own, in the shorthand or as JSON Schema; those of
        // keywords the type ignores are neither shown nor checked.
        if let Some(not) = obj.get("not") {
            notes.not = self.field(not, &obj.at("not")).map(Box::new);
        }
        if notes.item.is_none()
            && !ignored.contains(&"items")
            && let Some(items) = obj.get("items")
        {
            notes.item = self.field(items, &obj.at("items")).map(Box::new);
        }
        if notes.item.is_none()
            && notes.additional.is_none()
            && !ignored.contains(&"additionalProperties")
            && let Some(additional @ (Value::Object(_) | Value::String(_))) =
                obj.get("additionalProperties")
        {
            let at = obj.at("additionalProperties");
            notes.additional = self.field(additional, &at).map(Box::new);
        }
        if matches!(field.ty, FieldType::Union(_)) {
            notes.required_properties = string_list(obj.get("required"));
        }
        notes.more_examples = match (obj.get("example"), obj.get("examples")) {
            // With `example`, every one of `examples` is more; without, the first is the example.
            (Some(_), Some(Value::Array(examples))) => examples.clone(),
            (None, Some(Value::Array(examples))) => examples.iter().skip(1).cloned().collect(),
            _ => Vec::new(),
        };
        field.schema = Some(own_level(value, &field.ty, &notes));
        field.schema_notes = notes;
        Some(field)
    }

    /// `multipleOf`: a number greater than 0.
    fn multiple_of(&mut self, obj: &Obj<'_>) -> Option<f64> {
        let step = self.number(obj, "multipleOf")?;
        if step > 0.0 {
            return Some(step);
        }
        self.diags.push(
            Diagnostic::error(
                Code::InvalidValue,
                format!("`multipleOf: {step}`: a value can only be a multiple of a number greater than 0"),
            )
            .at(&obj.at("multipleOf"))
            .with_help("write a positive number, such as `0.01` for cents, or remove `multipleOf`"),
        );
        None
    }

    /// A `required` list names each property once, as text.
    fn required_list(&mut self, obj: &Obj<'_>) {
        let Some(Value::Array(names)) = obj.get("required") else {
            return;
        };
        let path = obj.at("required");
        for (idx, name) in names.iter().enumerate() {
            let Some(text) = name.as_str() else {
                self.wrong_type(name, &path.index(idx), "a property name");
                continue;
            };
            if names[..idx]
                .iter()
                .any(|earlier| earlier.as_str() == Some(text))
            {
                self.diags.push(
                    Diagnostic::error(
                        Code::InvalidValue,
                        format!("`{text}` is listed twice in `required`"),
                    )
                    .at(&path.index(idx))
                    .with_help("list each required property once"),
                );
            }
        }
    }

    /// The `unknown-format` lint: a format no check knows, most often a misspelt one.
    fn unknown_format(&mut self, format: &str, at: &SpecPath) {
        let help = match suggest(format, KNOWN_FORMATS.iter().copied()) {
            Some(close) => close,
            None => "for a format of your own, say what it is in the description, or use `pattern` to have examples checked".to_owned(),
        };
        self.diags.push(
            Diagnostic::warning(
                Code::UnknownFormat,
                format!("`{format}` is not a format JSON Schema or OpenAPI defines: it is shown, but examples are not checked against it"),
            )
            .at(at)
            .with_help(help),
        );
    }

    /// The `ignored-keyword` lint: keywords for another kind of value than the field's, which
    /// the page would not show and no check would apply. A `required` list applies to
    /// objects. Returns the keywords it reported.
    fn ignored_keywords(
        &mut self,
        obj: &Obj<'_>,
        ty: &FieldType,
        other_types: &[String],
    ) -> Vec<&'static str> {
        let mut ignored = Vec::new();
        let Some(kind) = value_kind(ty) else {
            return ignored;
        };
        // `type: [string, integer]`: a keyword for any of the types applies.
        let kinds: Vec<&str> = std::iter::once(kind)
            .chain(other_types.iter().filter_map(|name| json_type_kind(name)))
            .collect();
        let required_list = matches!(obj.get("required"), Some(Value::Array(_)));
        let typed = TYPED_KEYWORDS
            .iter()
            .copied()
            .chain(required_list.then_some(("required", "objects")));
        for (keyword, applies_to) in typed {
            if kinds.contains(&applies_to) || obj.get(keyword).is_none() {
                continue;
            }
            ignored.push(keyword);
            self.diags.push(
                Diagnostic::warning(
                    Code::IgnoredKeyword,
                    format!(
                        "`{keyword}` applies to {applies_to}, and this field's type is `{}`: it is neither shown nor checked",
                        ty.shorthand()
                    ),
                )
                .at(&obj.at(keyword))
                .about(keyword)
                .with_help(format!(
                    "remove `{keyword}`, or give the field the type it was meant for"
                )),
            );
        }
        ignored
    }

    fn schema_type(&mut self, obj: &Obj<'_>, notes: &mut SchemaNotes) -> Option<FieldType> {
        let combinators = ["oneOf", "anyOf", "allOf"];
        if let Some(combinator) = combinators.iter().find(|key| obj.get(key).is_some()) {
            if obj.get("$ref").is_some() {
                self.composition_error(
                    &obj.at("$ref"),
                    format!("a JSON Schema field has both `$ref` and `{combinator}`"),
                    &format!("make the reference one of the entries of `{combinator}`"),
                );
                return None;
            }
            return self.schema_composition(obj, notes);
        }
        if obj.get("discriminator").is_some() {
            self.composition_error(
                &obj.at("discriminator"),
                "a `discriminator` without `oneOf` or `anyOf`".to_owned(),
                "a discriminator tells the entries of `oneOf` apart: list the models under `oneOf`, or remove it",
            );
        }
        if let Some(reference) = obj.get("$ref") {
            let Some(reference) = reference.as_str() else {
                self.wrong_type(reference, &obj.at("$ref"), "text such as `#/models/Order`");
                return None;
            };
            let name = reference
                .strip_prefix("#/models/")
                .unwrap_or(reference)
                .to_owned();
            self.ref_siblings(obj, &name)?;
            let ty = FieldType::Model(name);
            self.check_model_refs(&ty, reference, &obj.at("$ref"));
            return Some(ty);
        }
        let type_name = self.type_names(obj, notes)?;
        if let Some(values) = obj.get("enum") {
            let Some(values) = values.as_array() else {
                self.wrong_type(values, &obj.at("enum"), "a list of values");
                return None;
            };
            // The values say which types they are.
            notes.other_types.clear();
            return Some(FieldType::Enum(values.iter().map(display_scalar).collect()));
        }
        let format = obj.get("format").and_then(Value::as_str).unwrap_or("");
        let media_type = self.text(obj, "contentMediaType");
        if let Some(media_type) = &media_type
            && !crate::spec::content::is_media_type(media_type)
        {
            self.not_a_media_type(media_type, &obj.at("contentMediaType"));
        }
        // Raw bytes: `format: binary` (OpenAPI 3.0), or a `contentMediaType` whose content is
        // not encoded as text (3.1).
        let binary =
            format == "binary" || (media_type.is_some() && obj.get("contentEncoding").is_none());
        let type_name = match type_name {
            Some(name) => name,
            None if binary => return Some(FieldType::Binary),
            // Without `type`, the keywords of one kind of value say it.
            None => match inferred_type(obj) {
                Some(name) => name.to_owned(),
                None => return Some(FieldType::Any),
            },
        };
        let ty = match type_name.as_str() {
            "string" => match format {
                _ if binary => FieldType::Binary,
                "date" => FieldType::Date,
                "date-time" => FieldType::DateTime,
                "uri" | "url" => FieldType::Url,
                "email" => FieldType::Email,
                "uuid" => FieldType::Uuid,
                _ => FieldType::String,
            },
            "integer" => FieldType::Integer,
            "number" if format == "decimal" => FieldType::Decimal,
            "number" => FieldType::Number,
            "boolean" => FieldType::Boolean,
            "null" => FieldType::Any,
            "array" => {
                let item = match obj.get("items") {
                    Some(items) => {
                        let item = self.field(items, &obj.at("items"))?;
                        let ty = item.ty.clone();
                        notes.item = Some(Box::new(item));
                        ty
                    }
                    None => FieldType::Any,
                };
                FieldType::Array(Box::new(item))
            }
            "object" => self.schema_object(obj, notes)?,
            // Reported by `type_names`.
            _ => return None,
        };
        Some(ty)
    }

    /// The JSON type names of `type`: the first that is not `null` (or `null` when it is the
    /// only one), with the others kept in `notes`; `Some(None)` without `type`.
    fn type_names(&mut self, obj: &Obj<'_>, notes: &mut SchemaNotes) -> Option<Option<String>> {
        let Some(value) = obj.get("type") else {
            return Some(None);
        };
        let path = obj.at("type");
        let names: Vec<(&str, SpecPath)> = match value {
            Value::String(name) => vec![(name.as_str(), path.clone())],
            Value::Array(names) => {
                let mut res = Vec::new();
                for (idx, name) in names.iter().enumerate() {
                    match name.as_str() {
                        Some(name) => res.push((name, path.index(idx))),
                        None => {
                            self.wrong_type(name, &path.index(idx), "a JSON Schema type name");
                            return None;
                        }
                    }
                }
                res
            }
            other => {
                self.wrong_type(other, &path, "a JSON Schema type name");
                return None;
            }
        };
        if names.is_empty() {
            self.diags.push(
                Diagnostic::error(Code::InvalidValue, "`type` lists no types: no value has one of them")
                    .at(&path)
                    .with_help("name the types a value may have, such as `[string, \"null\"]`, or remove `type` for any value"),
            );
            return None;
        }
        let mut valid = true;
        for (idx, (name, at)) in names.iter().enumerate() {
            if !JSON_TYPES.contains(name) {
                let help = suggest(name, JSON_TYPES.iter().copied()).unwrap_or_else(|| {
                    "JSON Schema types are string, integer, number, boolean, array, object and null".to_owned()
                });
                self.diags.push(
                    Diagnostic::error(
                        Code::InvalidValue,
                        format!("`{name}` is not a JSON Schema type"),
                    )
                    .at(at)
                    .with_help(help),
                );
                valid = false;
            } else if names[..idx].iter().any(|(earlier, _)| earlier == name) {
                self.diags.push(
                    Diagnostic::error(
                        Code::InvalidValue,
                        format!("`{name}` is listed twice in `type`"),
                    )
                    .at(at)
                    .with_help("list each type once"),
                );
                valid = false;
            }
        }
        if !valid {
            return None;
        }
        // `type: [string, "null"]`: the first type that is not null.
        let first = names
            .iter()
            .map(|(name, _)| *name)
            .find(|name| *name != "null")
            .unwrap_or("null");
        notes.other_types = names
            .iter()
            .map(|(name, _)| *name)
            .filter(|name| *name != first)
            .map(str::to_owned)
            .collect();
        Some(Some(first.to_owned()))
    }

    /// A `$ref` is the model as it is: beside it, only what describes the field (its
    /// description, examples, flags) may be written. Keywords that say more about the value
    /// belong beside the model in an `allOf`.
    fn ref_siblings(&mut self, obj: &Obj<'_>, name: &str) -> Option<()> {
        const BESIDE_REF: &[&str] = &[
            "$ref",
            "title",
            "description",
            "default",
            "example",
            "examples",
            "deprecated",
            "readOnly",
            "writeOnly",
            "style",
            "explode",
        ];
        let mut res = Some(());
        for (key, value) in obj.map {
            let describes = BESIDE_REF.contains(&key.as_str())
                || (key == "required" && value.is_boolean())
                || key.starts_with("x-")
                || obj.declared(key).is_none()
                || value.is_null();
            if describes {
                continue;
            }
            self.composition_error(
                &obj.path.key(key),
                format!("`{key}` beside `$ref`: a reference is the model as it is, and says nothing more about the value"),
                &format!("use `allOf: [{name}]` with the other keywords beside it"),
            );
            res = None;
        }
        res
    }

    /// `oneOf`, `anyOf` (with a `discriminator`) and `allOf`; `properties` beside them are a
    /// part of their own.
    fn schema_composition(&mut self, obj: &Obj<'_>, notes: &mut SchemaNotes) -> Option<FieldType> {
        let entries = |cx: &mut Self, key: &str| -> Option<Vec<Field>> {
            let path = obj.at(key);
            match obj.get(key)? {
                Value::Array(items) if items.is_empty() => {
                    cx.composition_error(
                        &path,
                        format!("`{key}` lists no schemas"),
                        &format!("list the types a value is made of, or remove `{key}`"),
                    );
                    Some(Vec::new())
                }
                Value::Array(items) => Some(
                    items
                        .iter()
                        .enumerate()
                        .filter_map(|(idx, item)| cx.field(item, &path.index(idx)))
                        .collect(),
                ),
                other => {
                    cx.wrong_type(other, &path, "a list of schemas");
                    Some(Vec::new())
                }
            }
        };
        let one_of = entries(self, "oneOf");
        let any_of = entries(self, "anyOf");
        let all_of = entries(self, "allOf");
        let mut parts = Vec::new();
        if obj.get("properties").is_some() {
            let mut own = SchemaNotes::default();
            let mut object = Field::of_type(self.schema_object(obj, &mut own)?);
            // The object part is checked as written, with the openness it says.
            let mut written = serde_json::Map::new();
            for key in ["type", "properties", "required", "additionalProperties"] {
                if let Some(value) = obj.map.get(key) {
                    written.insert(key.to_owned(), value.clone());
                }
            }
            written.insert("type".to_owned(), Value::from("object"));
            object.schema = Some(Value::Object(written));
            notes.additional.clone_from(&own.additional);
            object.schema_notes = own;
            parts.push(object);
        }
        parts.extend(all_of.unwrap_or_default());
        let union = match (one_of, any_of) {
            (Some(_), Some(variants)) => {
                self.composition_error(
                    &obj.at("anyOf"),
                    "a JSON Schema field has both `oneOf` and `anyOf`".to_owned(),
                    "keep one: `oneOf` when a value is exactly one of the types, `anyOf` when it may be several",
                );
                Some((UnionKind::AnyOf, variants))
            }
            (Some(variants), None) => Some((UnionKind::OneOf, variants)),
            (None, Some(variants)) => Some((UnionKind::AnyOf, variants)),
            (None, None) => None,
        };
        if let Some((kind, variants)) = union {
            let discriminator = self.optional(obj, "discriminator", Self::schema_discriminator);
            let union = FieldType::Union(Box::new(Union {
                kind,
                variants,
                discriminator,
            }));
            if parts.is_empty() {
                return Some(union);
            }
            parts.push(Field::of_type(union));
        } else if obj.get("discriminator").is_some() {
            self.composition_error(
                &obj.at("discriminator"),
                "a `discriminator` without `oneOf` or `anyOf`".to_owned(),
                "a discriminator tells the entries of `oneOf` apart: move it next to them",
            );
        }
        // `allOf: [{ $ref: Order }]` (or `allOf: [Order]`) alone is the model itself, as
        // OpenAPI 3.0 writes a reference with a description. A part alone that says more than
        // its type (bounds, a pattern) stays a part, so that what it says is kept.
        if let [part] = parts.as_slice()
            && says_only_its_type(part)
        {
            return parts.pop().map(|part| part.ty);
        }
        Some(FieldType::AllOf(parts))
    }

    fn schema_discriminator(&mut self, value: &Value, path: &SpecPath) -> Option<Discriminator> {
        self.discriminator_of(value, path, Self::SCHEMA_DISCRIMINATOR, "propertyName")
    }

    /// An object: its `properties` (and what it accepts beyond them, kept in `notes`), or
    /// without them a map of the `additionalProperties` schema, or any object.
    fn schema_object(&mut self, obj: &Obj<'_>, notes: &mut SchemaNotes) -> Option<FieldType> {
        let required = string_list(obj.get("required"));
        let additional = match obj.get("additionalProperties") {
            Some(value @ (Value::Object(_) | Value::String(_))) => {
                Some(self.field(value, &obj.at("additionalProperties"))?)
            }
            _ => None,
        };
        if let Some(properties) = obj.get("properties") {
            let path = obj.at("properties");
            let Some(map) = properties.as_object() else {
                self.wrong_type(properties, &path, "a mapping of property names to schemas");
                return None;
            };
            let mut fields = Fields::new();
            for (name, property) in map {
                if let Some(mut field) = self.field(property, &path.key(name)) {
                    field.required |= required.contains(name);
                    fields.insert(name.clone(), field);
                }
            }
            notes.additional = additional.map(Box::new);
            return Some(FieldType::Object(fields));
        }
        match additional {
            Some(item) => {
                let ty = item.ty.clone();
                notes.item = Some(Box::new(item));
                Some(FieldType::Map(Box::new(ty)))
            }
            None => Some(FieldType::Object(Fields::new())),
        }
    }
}

/// The texts of a list (`required: [a, b]`); nothing for any other value.
fn string_list(value: Option<&Value>) -> Vec<String> {
    match value {
        Some(Value::Array(names)) => names
            .iter()
            .filter_map(|name| name.as_str().map(str::to_owned))
            .collect(),
        _ => Vec::new(),
    }
}

/// Whether a part of an `allOf` says nothing but its type, so that the part alone is the type.
fn says_only_its_type(part: &Field) -> bool {
    part.constraints.is_empty()
        && part.schema_notes == SchemaNotes::default()
        && part.default.is_none()
        && part.example.is_none()
        && part
            .schema
            .as_ref()
            .is_none_or(|schema| schema.get("properties").is_none())
}

/// The kind of value a JSON type name is, as [`TYPED_KEYWORDS`] names them.
fn json_type_kind(name: &str) -> Option<&'static str> {
    match name {
        "string" => Some("text"),
        "integer" | "number" => Some("numbers"),
        "array" => Some("arrays"),
        "object" => Some("objects"),
        "boolean" => Some("booleans"),
        _ => None,
    }
}

/// The JSON type a schema without `type` is, when its keywords all belong to one kind of value
/// (`minLength` to text, `items` to arrays, `properties` to objects) or its `const` is of one
/// type; `None` when they say nothing or disagree.
fn inferred_type(obj: &Obj<'_>) -> Option<&'static str> {
    const BY_KEYWORD: &[(&str, &str)] = &[
        ("minLength", "string"),
        ("maxLength", "string"),
        ("pattern", "string"),
        ("items", "array"),
        ("minItems", "array"),
        ("maxItems", "array"),
        ("uniqueItems", "array"),
        ("properties", "object"),
        ("additionalProperties", "object"),
        ("minProperties", "object"),
        ("maxProperties", "object"),
        ("minimum", "number"),
        ("maximum", "number"),
        ("exclusiveMinimum", "number"),
        ("exclusiveMaximum", "number"),
        ("multipleOf", "number"),
    ];
    let mut found: Option<&'static str> = None;
    let mut agree = |name: &'static str| match found {
        None => {
            found = Some(name);
            true
        }
        Some(earlier) => earlier == name,
    };
    for (keyword, name) in BY_KEYWORD {
        if obj.map.get(*keyword).is_some_and(|value| !value.is_null()) && !agree(name) {
            return None;
        }
    }
    if matches!(obj.map.get("required"), Some(Value::Array(_))) && !agree("object") {
        return None;
    }
    // The formats that make a type are formats of text.
    let format = obj.map.get("format").and_then(Value::as_str);
    if matches!(
        format,
        Some("date" | "date-time" | "uri" | "url" | "email" | "uuid")
    ) && !agree("string")
    {
        return None;
    }
    let constant = match obj.map.get("const") {
        Some(Value::String(_)) => Some("string"),
        Some(Value::Bool(_)) => Some("boolean"),
        Some(Value::Number(number)) if number.is_i64() || number.is_u64() => Some("integer"),
        Some(Value::Number(_)) => Some("number"),
        Some(Value::Array(_)) => Some("array"),
        Some(Value::Object(_)) => Some("object"),
        _ => None,
    };
    match (constant, found) {
        (Some(constant), None) => Some(constant),
        (Some("integer"), Some("number")) => Some("number"),
        (Some(constant), Some(found)) if constant != found => None,
        (_, found) => found,
    }
}

/// Whether `name` can name a model: one word of letters, digits and `_`, starting with a
/// letter.
pub(super) fn is_model_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// A JSON Schema field's schema as written at its own level: the subschemas lowered into
/// fields of their own (an object's properties, items, what a map or an object holds beyond
/// its properties) are left as `{}`, since those fields hold them. Kept whole, a big
/// document's schemas would be copied once per level they are nested in.
fn own_level(value: &Value, ty: &FieldType, notes: &SchemaNotes) -> Value {
    let Value::Object(map) = value else {
        return value.clone();
    };
    let lowered = |key: &str| match key {
        "properties" => matches!(ty, FieldType::Object(_)),
        "items" => notes.item.is_some() && !matches!(ty, FieldType::Map(_)),
        "additionalProperties" => match ty {
            FieldType::Map(_) => notes.item.is_some(),
            _ => notes.additional.is_some(),
        },
        _ => false,
    };
    let empty = || Value::Object(serde_json::Map::new());
    let own = map
        .iter()
        .map(|(key, inner)| {
            let inner = match (key.as_str(), inner) {
                ("properties", Value::Object(properties)) if lowered(key) => Value::Object(
                    properties
                        .keys()
                        .map(|name| (name.clone(), empty()))
                        .collect(),
                ),
                ("items" | "additionalProperties", Value::Object(_)) if lowered(key) => empty(),
                _ => inner.clone(),
            };
            (key.clone(), inner)
        })
        .collect();
    Value::Object(own)
}
