//! Every request, response and webhook example is checked against its declared type.
//!
//! The type model compiles to JSON Schema (draft 2020-12), models becoming `$defs`, and the
//! `jsonschema` crate does the validating: types, required fields, bounds, lengths, enums,
//! regexes, nested models, arrays, maps and the formats date, date-time, uuid, email and uri.
//! Decimal places are a custom keyword. Fields written as JSON Schema keep their own keywords.
//! All examples of a spec are validated by one schema, each as its property of an instance
//! of its own, and each finding is mapped back to the example's spec path.

use jsonschema::{Draft, Keyword, ValidationError};
use serde_json::{Map, Value, json};

use super::direction::{self, Direction};
use super::walk::{Carrier, item};
use super::{composed, error_bodies};
use crate::diagnostic::{Code, Diagnostic, Segment, SpecPath};
use crate::spec::content::{MediaKind, media_kind};
use crate::spec::{Field, FieldType, Fields, Model, Spec, model_additional, model_fields};

/// The custom keyword for `N decimal places`.
const DECIMAL_PLACES: &str = "x-decimal-places";

pub(super) fn check(spec: &Spec, diags: &mut Vec<Diagnostic>) {
    let error_bodies = error_bodies::bodies(spec);
    let mut examples = collect(spec, &error_bodies);
    for ((code, error), body) in spec.errors.iter().zip(&error_bodies.of_error) {
        if let (Some(value), Some(body)) = (&error.example, body) {
            examples.push(Example::of_body(
                value,
                body,
                item("errors", code).key("example"),
                format!("the example of error `{code}`"),
            ));
            error_bodies::members_agree(spec, code, error, value, diags);
        }
    }
    if examples.is_empty() {
        return;
    }
    let mut properties = Map::new();
    for (idx, example) in examples.iter().enumerate() {
        properties.insert(format!("e{idx}"), schema_of(spec, example.body));
    }
    let defs = reachable_defs(spec, &properties);
    // Built by hand: `json!` would copy the (big) maps it is given.
    let mut schema = Map::new();
    schema.insert(
        "$schema".to_owned(),
        "https://json-schema.org/draft/2020-12/schema".into(),
    );
    schema.insert("$defs".to_owned(), Value::Object(defs));
    schema.insert("type".to_owned(), "object".into());
    schema.insert("properties".to_owned(), Value::Object(properties));
    let mut schema = Value::Object(schema);
    let directions: Vec<Direction> = examples
        .iter()
        .map(|example| Direction::of(&example.path))
        .collect();
    direction::apply(&mut schema, &directions);
    let validator = match jsonschema::options()
        .with_draft(Draft::Draft202012)
        .should_validate_formats(true)
        .with_keyword(DECIMAL_PLACES, |_, value, _| {
            let places = value.as_u64().unwrap_or(0);
            Ok(Box::new(DecimalPlaces(places)))
        })
        .build(&schema)
    {
        Ok(validator) => validator,
        Err(err) => {
            // A pattern that does not compile is the only way a spec can make this fail.
            diags.push(schema_error(&err, &examples));
            return;
        }
    };
    // One example at a time, as the one property of an instance: a big spec's examples are
    // never all copied at once.
    for (idx, example) in examples.iter().enumerate() {
        let mut one = Map::new();
        one.insert(format!("e{idx}"), example.value.clone());
        let instance = Value::Object(one);
        for err in validator.iter_errors(&instance) {
            if let Some(diag) = example_error(&err, &examples, &instance, &schema) {
                diags.push(diag);
            }
        }
    }
}

/// The schemas of the models the examples' schemas refer to, however indirectly, in the
/// spec's order: a big document's other models are neither built nor compiled.
fn reachable_defs(spec: &Spec, properties: &Map<String, Value>) -> Map<String, Value> {
    let mut built: std::collections::HashMap<&str, Value> = std::collections::HashMap::new();
    let mut queue: Vec<String> = properties
        .values()
        .flat_map(direction::references)
        .collect();
    while let Some(name) = queue.pop() {
        let Some((name, model)) = spec.models.get_key_value(&name) else {
            continue;
        };
        if built.contains_key(name.as_str()) {
            continue;
        }
        let schema = model_schema(spec, name, model);
        queue.extend(direction::references(&schema));
        built.insert(name, schema);
    }
    spec.models
        .keys()
        .filter_map(|name| Some((name.clone(), built.remove(name.as_str())?)))
        .collect()
}

/// A model's schema: a choice of its variants, or an object of its fields and those of the
/// models it includes, with what it accepts beyond them.
fn model_schema(spec: &Spec, name: &str, model: &Model) -> Value {
    if let Some(union) = &model.variants {
        return composed::union_schema(spec, union, name, &|field| schema_of(spec, field));
    }
    let fields = model_fields(&spec.models, name);
    object_schema_of(
        spec,
        fields.iter().map(|field| (field.name, field.field)),
        model_additional(&spec.models, name).map(Extra::Typed),
    )
}

/// One example and the type it must match.
struct Example<'s> {
    value: &'s Value,
    body: &'s Field,
    path: SpecPath,
    what: String,
    /// Where the value starts inside a field shorthand.
    offset: Option<usize>,
    /// A field's own `default` or `example`, rather than a body's example.
    is_field_value: bool,
}

impl<'s> Example<'s> {
    /// The example of a request, response or webhook body.
    fn of_body(value: &'s Value, body: &'s Field, path: SpecPath, what: String) -> Self {
        Example {
            value,
            body,
            path,
            what,
            offset: None,
            is_field_value: false,
        }
    }
}

fn collect<'s>(spec: &'s Spec, error_bodies: &'s error_bodies::Bodies) -> Vec<Example<'s>> {
    let mut examples = Vec::new();
    // Samples of JSON bodies are checked as JSON; those of multipart and form bodies as their
    // fields (a file part holds a file name). Others are shown as written (see `content`).
    super::walk::each_body(spec, &mut |body| {
        // An error response without a body type of its own has the body of the errors it
        // answers.
        let error_body = match body.carrier {
            Carrier::Response { endpoint, status } if status.is_error() => {
                spec.endpoints.get(endpoint).and_then(|endpoint| {
                    error_bodies::of_response(spec, endpoint, status, error_bodies)
                })
            }
            _ => None,
        };
        let typed = body
            .content
            .media_types
            .values()
            .any(|m| m.schema.is_some());
        for media in body.media() {
            let Some(schema) = media
                .media
                .schema
                .as_ref()
                .or(error_body.filter(|_| !typed))
            else {
                continue;
            };
            if media_kind(media.media_type) == MediaKind::Other {
                continue;
            }
            for (name, value) in media.media.samples() {
                examples.push(Example::of_body(
                    value,
                    schema,
                    media.sample_path(name),
                    media.sample_what(name),
                ));
            }
        }
    });
    // A field's own `default` and `example` must fit its type and flags too.
    super::walk::each_field(spec, &mut |field, path| {
        // Loading read a shorthand's values by the field's type; with no flags to keep and no
        // format or structure to match, there is nothing left to check (and big specs have
        // thousands of such examples).
        let plain = matches!(
            field.ty,
            FieldType::String
                | FieldType::Integer
                | FieldType::Number
                | FieldType::Boolean
                | FieldType::Binary
                | FieldType::Any
        );
        if field.schema.is_none() && plain && field.constraints.is_empty() {
            return;
        }
        let name = field_name(path);
        let offsets = field.value_offsets;
        for (key, value, offset) in [
            ("default", &field.default, offsets.default),
            ("example", &field.example, offsets.example),
        ] {
            let Some(value) = value else { continue };
            examples.push(Example {
                value,
                body: field,
                path: value_path(field, path, key),
                what: format!("the {key} of {name}"),
                offset,
                is_field_value: true,
            });
        }
        // The rest of a JSON Schema field's `examples`; the first is the example when
        // `example` is absent.
        let first = match &field.schema {
            Some(schema) if schema.get("example").is_none() => 1,
            _ => 0,
        };
        for (idx, value) in field.schema_notes.more_examples.iter().enumerate() {
            examples.push(Example {
                value,
                body: field,
                path: path.key("examples").index(first + idx),
                what: format!("example {} of {name}", first + idx + 1),
                offset: None,
                is_field_value: true,
            });
        }
    });
    examples
}

/// A field as findings name it: "field `tags`", or "the items of field `tags`" for the
/// schema of an array's items ("the values of" a map's).
fn field_name(path: &SpecPath) -> String {
    let segments = path.segments();
    let key = |idx: usize| match segments.get(idx) {
        Some(Segment::Key(name)) => Some(name.as_str()),
        _ => None,
    };
    let last = segments.len().wrapping_sub(1);
    let whose = match key(last) {
        Some("items") => Some("items"),
        Some("additionalProperties") => Some("values"),
        _ => None,
    };
    match (whose, key(last.wrapping_sub(1))) {
        (Some(whose), Some(parent)) => format!("the {whose} of field `{parent}`"),
        _ => format!("field `{}`", key(last).unwrap_or_default()),
    }
}

/// Where a field's `default` or `example` is written: its own key in a JSON Schema field
/// (`examples[0]` when the example came from there), the shorthand string otherwise.
fn value_path(field: &Field, path: &SpecPath, key: &str) -> SpecPath {
    match &field.schema {
        Some(schema) if schema.get(key).is_some() => path.key(key),
        Some(schema) if key == "example" && schema.get("examples").is_some() => {
            path.key("examples").index(0)
        }
        _ => path.clone(),
    }
}

/// The JSON Schema of a field.
fn schema_of(spec: &Spec, field: &Field) -> Value {
    match &field.schema {
        Some(_) => from_written_schema(spec, field),
        None => from_type(spec, &field.ty, field),
    }
}

/// A shorthand field: the type plus the constraints the shorthand can say.
fn from_type(spec: &Spec, ty: &FieldType, field: &Field) -> Value {
    let mut schema = type_schema(spec, ty);
    let constraints = &field.constraints;
    let is_array = matches!(ty, FieldType::Array(_));
    let (min_key, max_key) = if is_array {
        ("minItems", "maxItems")
    } else {
        ("minimum", "maximum")
    };
    if let Some(min) = constraints.min {
        schema.insert(min_key.into(), number(min));
    }
    if let Some(max) = constraints.max {
        schema.insert(max_key.into(), number(max));
    }
    if let Some(min) = constraints.min_length {
        schema.insert("minLength".into(), min.into());
    }
    if let Some(max) = constraints.max_length {
        schema.insert("maxLength".into(), max.into());
    }
    if let Some(min) = constraints.min_properties {
        schema.insert("minProperties".into(), min.into());
    }
    if let Some(max) = constraints.max_properties {
        schema.insert("maxProperties".into(), max.into());
    }
    if let Some(places) = constraints.decimal_places {
        schema.insert(DECIMAL_PLACES.into(), places.into());
    }
    // The shorthand's `format:` is the whole value's shape; JSON Schema patterns search.
    if let Some(pattern) = &constraints.pattern {
        schema.insert("pattern".into(), format!("^(?:{pattern})$").into());
    }
    Value::Object(schema)
}

fn type_schema(spec: &Spec, ty: &FieldType) -> Map<String, Value> {
    let schema = match ty {
        FieldType::String => json!({"type": "string"}),
        FieldType::Integer => json!({"type": "integer"}),
        FieldType::Number | FieldType::Decimal => json!({"type": "number"}),
        FieldType::Boolean => json!({"type": "boolean"}),
        FieldType::Date => json!({"type": "string", "format": "date"}),
        FieldType::DateTime => json!({"type": "string", "format": "date-time"}),
        FieldType::Url => json!({"type": "string", "format": "uri"}),
        FieldType::Email => json!({"type": "string", "format": "email"}),
        FieldType::Uuid => json!({"type": "string", "format": "uuid"}),
        // A file's sample is the name of a file.
        FieldType::Binary => json!({"type": "string"}),
        FieldType::Enum(values) => json!({"enum": values}),
        FieldType::Model(name) => json!({"$ref": model_ref(name)}),
        FieldType::Array(item) => json!({"type": "array", "items": type_schema(spec, item)}),
        FieldType::Map(item) => {
            json!({"type": "object", "additionalProperties": type_schema(spec, item)})
        }
        FieldType::Object(fields) if fields.is_empty() => json!({"type": "object"}),
        FieldType::Object(fields) => object_schema(spec, fields),
        FieldType::Union(union) => composed::union_schema(spec, union, &ty.shorthand(), &|field| {
            schema_of(spec, field)
        }),
        FieldType::AllOf(parts) => all_of_schema(spec, parts),
        FieldType::Any => json!({}),
    };
    match schema {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

/// Fields declared in a spec are the whole contract: unknown properties are reported.
fn object_schema(spec: &Spec, fields: &Fields) -> Value {
    object_schema_of(
        spec,
        fields.iter().map(|(name, field)| (name.as_str(), field)),
        None,
    )
}

/// What an object accepts beyond its fields.
#[derive(Clone, Copy)]
enum Extra<'s> {
    /// Values of this field's type (`any`: every value).
    Typed(&'s Field),
    /// Anything, as a JSON Schema object that does not say otherwise.
    Anything,
}

/// An object of `fields`, which accepts `extra` members beyond them, or none.
fn object_schema_of<'f>(
    spec: &Spec,
    fields: impl Iterator<Item = (&'f str, &'f Field)>,
    extra: Option<Extra<'_>>,
) -> Value {
    let mut properties = Map::new();
    let mut required = Vec::new();
    for (name, field) in fields {
        properties.insert(name.to_owned(), schema_of(spec, field));
        // An `allOf` part may declare a field again; it is required once.
        if field.required && !required.iter().any(|known| known == name) {
            required.push(name.to_owned());
        }
    }
    let mut schema = json!({
        "type": "object",
        "properties": properties,
        "required": required,
    });
    let additional = match extra {
        None => Some(Value::Bool(false)),
        Some(
            Extra::Typed(Field {
                ty: FieldType::Any,
                schema: None,
                ..
            })
            | Extra::Anything,
        ) => None,
        Some(Extra::Typed(field)) => Some(schema_of(spec, field)),
    };
    if let (Some(additional), Some(map)) = (additional, schema.as_object_mut()) {
        map.insert("additionalProperties".to_owned(), additional);
    }
    schema
}

/// `allOf`: one object with the fields of every part, when each part is a model with fields
/// or an object; it accepts more when one of them does. Other parts are checked each as
/// written, as JSON Schema's `allOf` does.
fn all_of_schema(spec: &Spec, parts: &[Field]) -> Value {
    let mut fields: Vec<(&str, &Field)> = Vec::new();
    let mut extra = None;
    for part in parts {
        match &part.ty {
            FieldType::Model(name)
                if spec
                    .models
                    .get(name)
                    .is_some_and(|model| model.variants.is_none()) =>
            {
                fields.extend(
                    model_fields(&spec.models, name)
                        .into_iter()
                        .map(|field| (field.name, field.field)),
                );
                extra = extra.or(model_additional(&spec.models, name).map(Extra::Typed));
            }
            FieldType::Object(own) => {
                fields.extend(own.iter().map(|(name, field)| (name.as_str(), field)));
                // Written as JSON Schema, an object is open unless it says otherwise; a
                // mapping of fields is closed, and `object` alone is any object.
                let open = match &part.schema {
                    Some(written) => {
                        written.get("additionalProperties") != Some(&Value::Bool(false))
                    }
                    None => own.is_empty(),
                };
                if open {
                    extra = Some(Extra::Anything);
                }
            }
            _ => {
                let each: Vec<Value> = parts.iter().map(|part| schema_of(spec, part)).collect();
                return json!({ "allOf": each });
            }
        }
    }
    object_schema_of(spec, fields.into_iter(), extra)
}

/// A field written as JSON Schema, made self-contained: `required: true` on the field is ours,
/// model references point into `$defs`, and subschemas (`items`, `properties`,
/// `additionalProperties`, `not`, the entries of `oneOf`, `anyOf` and `allOf`) are the
/// schemas of the fields they were lowered to, so shorthand strings and model names never
/// reach the validator as written. A type the keywords imply (`minLength` alone: text) is
/// checked as shown.
fn from_written_schema(spec: &Spec, field: &Field) -> Value {
    let Some(map) = field.schema.as_ref().and_then(Value::as_object) else {
        return Value::Object(type_schema(spec, &field.ty));
    };
    let ty = &field.ty;
    let notes = &field.schema_notes;
    let subschema = |sub: &Option<Box<Field>>| sub.as_deref().map(|sub| schema_of(spec, sub));
    // A choice or an `allOf` is checked as its type says; what else is written stays.
    let composed = ["oneOf", "anyOf", "allOf"]
        .iter()
        .any(|key| map.contains_key(*key));
    let own_object = composed && map.contains_key("properties");
    let mut schema = if composed {
        type_schema(spec, ty)
    } else {
        Map::new()
    };
    // `type`, a `required` list and `additionalProperties` beside a choice without
    // `properties` hold for the value as a whole.
    let mut beside = Map::new();
    for (key, value) in map {
        match (key.as_str(), value) {
            ("required", Value::Bool(_)) | ("example" | "examples" | "deprecated", _) => {}
            ("oneOf" | "anyOf" | "allOf" | "discriminator", _) if composed => {}
            ("properties" | "required" | "additionalProperties" | "type", _) if own_object => {}
            ("type" | "required", _) if composed => {
                beside.insert(key.clone(), value.clone());
            }
            ("additionalProperties", _) if composed => {
                let converted = match value {
                    Value::Bool(_) => Some(value.clone()),
                    _ => subschema(&notes.additional),
                };
                if let Some(converted) = converted {
                    beside.insert(key.clone(), converted);
                }
            }
            // A file's lengths are its size; its sample is a file name.
            ("minLength" | "maxLength", _) if *ty == FieldType::Binary => {}
            ("$ref", Value::String(reference)) => {
                let name = reference.strip_prefix("#/models/").unwrap_or(reference);
                schema.insert(key.clone(), model_ref(name).into());
            }
            ("properties", _) => {
                let properties: Map<String, Value> = match ty {
                    FieldType::Object(fields) => fields
                        .iter()
                        .map(|(name, field)| (name.clone(), schema_of(spec, field)))
                        .collect(),
                    _ => continue,
                };
                schema.insert(key.clone(), Value::Object(properties));
            }
            // An array's items, a map's values, what an object accepts beyond its
            // properties: the fields they were lowered to, or nothing when the type ignores
            // them (the `ignored-keyword` lint).
            ("items", _) => {
                let converted = subschema(&notes.item).or_else(|| match ty {
                    FieldType::Array(item) => Some(Value::Object(type_schema(spec, item))),
                    _ => None,
                });
                if let Some(converted) = converted {
                    schema.insert(key.clone(), converted);
                }
            }
            ("additionalProperties", Value::Bool(_)) => {
                schema.insert(key.clone(), value.clone());
            }
            ("additionalProperties", _) => {
                let converted = match ty {
                    FieldType::Map(_) => subschema(&notes.item),
                    _ => subschema(&notes.additional),
                };
                if let Some(converted) = converted {
                    schema.insert(key.clone(), converted);
                }
            }
            ("not", _) => {
                if let Some(converted) = subschema(&notes.not) {
                    schema.insert(key.clone(), converted);
                }
            }
            _ => {
                schema.insert(key.clone(), rewrite_refs(value));
            }
        }
    }
    if !composed
        && !map.contains_key("type")
        && let Some(implied) = implied_type(ty)
    {
        schema.insert("type".to_owned(), implied.into());
    }
    if beside.is_empty() {
        return Value::Object(schema);
    }
    if beside.keys().any(|key| schema.contains_key(key)) {
        // Both apply: the choice (or the parts) as one schema, the keywords beside it as another.
        return json!({ "allOf": [schema, beside] });
    }
    schema.extend(beside);
    Value::Object(schema)
}

/// The JSON type a field's type implies when its schema has no `type` (one inferred from the
/// keywords); `None` where the type is not one JSON type, or says nothing.
fn implied_type(ty: &FieldType) -> Option<&'static str> {
    match ty {
        FieldType::String
        | FieldType::Date
        | FieldType::DateTime
        | FieldType::Url
        | FieldType::Email
        | FieldType::Uuid => Some("string"),
        FieldType::Integer => Some("integer"),
        FieldType::Number | FieldType::Decimal => Some("number"),
        FieldType::Boolean => Some("boolean"),
        FieldType::Array(_) => Some("array"),
        FieldType::Object(_) | FieldType::Map(_) => Some("object"),
        _ => None,
    }
}

/// Rewrites `$ref: '#/models/X'` anywhere inside a written schema.
fn rewrite_refs(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(key, inner)| match (key.as_str(), inner) {
                    ("$ref", Value::String(reference)) => {
                        let name = reference.strip_prefix("#/models/").unwrap_or(reference);
                        (key.clone(), model_ref(name).into())
                    }
                    _ => (key.clone(), rewrite_refs(inner)),
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(rewrite_refs).collect()),
        other => other.clone(),
    }
}

fn model_ref(name: &str) -> String {
    format!("#/$defs/{}", pointer_token(name))
}

/// A `$defs` key as a token of a JSON Pointer in a URI fragment: `~` and `/` escaped as the
/// pointer says, then what a fragment cannot hold percent-encoded (an OpenAPI schema's name
/// may hold anything).
pub(crate) fn pointer_token(name: &str) -> String {
    let escaped = name.replace('~', "~0").replace('/', "~1");
    let mut token = String::with_capacity(escaped.len());
    for byte in escaped.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@".contains(&byte) {
            token.push(byte as char);
        } else {
            token.push_str(&format!("%{byte:02X}"));
        }
    }
    token
}

/// A whole number as an integer, so `100` is not written `100.0`.
pub(crate) fn number(value: f64) -> Value {
    if value.fract() == 0.0 && value.abs() < 9.0e15 {
        Value::from(value as i64)
    } else {
        Value::from(value)
    }
}

/// `N decimal places`: at most N digits after the decimal point.
struct DecimalPlaces(u64);

impl<'i> Keyword<'i> for DecimalPlaces {
    fn validate(&self, instance: &'i Value) -> Result<(), ValidationError<'i>> {
        if Keyword::is_valid(self, instance) {
            Ok(())
        } else {
            Err(ValidationError::custom(format!(
                "{instance} has more than {} decimal places",
                self.0
            )))
        }
    }

    fn is_valid(&self, instance: &'i Value) -> bool {
        match instance {
            Value::Number(number) => decimal_places(&number.to_string()) <= self.0,
            _ => true,
        }
    }
}

/// Digits after the decimal point of a JSON number as written by serde_json (shortest form).
fn decimal_places(number: &str) -> u64 {
    let (mantissa, exponent) = match number.split_once(['e', 'E']) {
        Some((mantissa, exponent)) => (mantissa, exponent.parse::<i64>().unwrap_or(0)),
        None => (number, 0),
    };
    let fraction = mantissa
        .split_once('.')
        .map_or(0, |(_, fraction)| fraction.trim_end_matches('0').len());
    u64::try_from(fraction as i64 - exponent).unwrap_or(0)
}

fn example_error(
    err: &ValidationError<'_>,
    examples: &[Example<'_>],
    instance: &Value,
    schema: &Value,
) -> Option<Diagnostic> {
    let pointer = err.instance_path().to_string();
    let mut segments = pointer.split('/').skip(1).map(unescape_pointer);
    let key = segments.next()?;
    let example = examples.get(key.strip_prefix('e')?.parse::<usize>().ok()?)?;
    let mut path = example.path.clone();
    let mut value = instance.get(&key);
    for segment in segments {
        // JSON pointers do not say whether `0` is a key or an index; the value does.
        match value {
            Some(Value::Array(items)) => {
                let idx = segment.parse::<usize>().unwrap_or(0);
                value = items.get(idx);
                path = path.index(idx);
            }
            Some(Value::Object(map)) => {
                value = map.get(&segment);
                path = path.key(&segment);
            }
            _ => path = path.key(&segment),
        }
    }
    // The place `depth` levels into the instance (the example itself is level 1), and the
    // rest of the finding's place below it.
    let base = example.path.segments().len();
    let found = path.segments();
    let split = |depth: usize| {
        let middle = base
            .saturating_add(depth.saturating_sub(1))
            .clamp(base, found.len());
        let at = |part: &[Segment]| match part {
            [] => String::new(),
            part => format!(" at `{}`", relative(part)),
        };
        (at(&found[base..middle]), at(&found[middle..]))
    };
    let mut help = match &example.body.ty {
        _ if example.path.segments().first() == Some(&Segment::Key("errors".to_owned())) => {
            "make the example match the error body with the error's own fields, or correct them"
                .to_owned()
        }
        _ if example.is_field_value => {
            "make the value fit the field's type and flags, or correct the field".to_owned()
        }
        FieldType::Object(_) => {
            "make the example match the declared fields, or correct the declaration".to_owned()
        }
        FieldType::AllOf(_) => {
            "make the example match the fields of every part, or correct the declaration".to_owned()
        }
        ty => format!(
            "make the example match the declared type `{}`, or correct the declaration",
            ty.shorthand()
        ),
    };
    let passed = composed::passed(schema, err.evaluation_path().as_str());
    let message = if let Some((variant, property, depth)) = &passed.variant {
        let (at, inside) = split(*depth);
        // The discriminator as the example writes it, where the variant applies.
        let union_at: Vec<&str> = pointer.split('/').take(depth + 1).collect();
        let selected = instance
            .pointer(&union_at.join("/"))
            .and_then(|value| value.get(property))
            .map(compact_value)
            .unwrap_or_default();
        let selector = format!("{property}: {selected}");
        let inside = inside
            .strip_prefix(' ')
            .map(|inside| format!("{inside}, "))
            .unwrap_or_default();
        help = format!(
            "make the example match `{variant}`, the variant its `{selector}` selects, or correct the declaration"
        );
        format!(
            "{}{at} does not match `{variant}`, the variant `{selector}` selects: {inside}{}",
            example.what,
            finding(err)
        )
    } else if let Some(choice) = &passed.choice {
        let (at, _) = split(choice.depth);
        let (message, choice_help) = choice_finding(err, choice, instance);
        help = choice_help;
        format!("{}{at}: {message}", example.what)
    } else {
        let (at, _) = split(usize::MAX);
        format!("{}{at}: {}", example.what, finding(err))
    };
    // Inside a shorthand string, point at the value itself.
    let path = match example.offset {
        Some(_) => example.path.clone(),
        None => path,
    };
    let mut diag = Diagnostic::error(Code::InvalidExample, message)
        .at(&path)
        .with_help(help);
    diag.value_offset = example.offset;
    Some(diag)
}

/// A finding of a choice's own check: the discriminator is missing or selects no variant, or
/// the value matches none (or, for `one of`, more than one) of the variants.
fn choice_finding(
    err: &ValidationError<'_>,
    choice: &composed::Choice,
    instance: &Value,
) -> (String, String) {
    use jsonschema::error::ValidationErrorKind as Kind;
    let label = &choice.label;
    let values = composed::listed(&choice.values);
    match (err.kind(), &choice.property) {
        (Kind::Required { .. }, Some(property)) => (
            format!(
                "the discriminator `{property}` is missing: it says which variant of `{label}` a value is"
            ),
            format!("add `{property}`: {values}"),
        ),
        (Kind::Enum { .. }, Some(property)) => (
            format!(
                "`{property}: {}` selects no variant of `{label}`",
                compact_value(err.instance())
            ),
            format!("set `{property}` to {values}, or declare a variant for this value"),
        ),
        (Kind::OneOfNotValid { context } | Kind::AnyOf { context }, None) => {
            let names: Vec<&str> = choice
                .values
                .as_array()
                .map(|names| names.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            let reasons: Vec<String> = context
                .iter()
                .zip(&names)
                .filter_map(|(errors, name)| {
                    let first = errors.first()?;
                    let inside = relative_pointer(err, first, instance);
                    Some(format!("`{name}`{inside}: {}", finding(first)))
                })
                .collect();
            (
                format!("matches none of {values} ({})", reasons.join("; ")),
                "make the example match one of the variants, or correct the declaration".to_owned(),
            )
        }
        (Kind::OneOfMultipleValid { .. }, None) => (
            format!("matches more than one of {values}, where `one of` allows one"),
            "tell the variants apart with a discriminator (`by PROPERTY`), or make it `any of`"
                .to_owned(),
        ),
        _ => (
            finding(err),
            format!("make the example one of {values}, or correct the declaration"),
        ),
    }
}

/// Where `inner` is below `outer`, as ` at `a.b`` (empty when at the same place).
fn relative_pointer(
    outer: &ValidationError<'_>,
    inner: &ValidationError<'_>,
    instance: &Value,
) -> String {
    let outer = outer.instance_path().to_string();
    let inner = inner.instance_path().to_string();
    let Some(rest) = inner.strip_prefix(outer.as_str()) else {
        return String::new();
    };
    let mut value = instance.pointer(&outer);
    let mut segments = Vec::new();
    for segment in rest.split('/').skip(1).map(unescape_pointer) {
        match value {
            Some(Value::Array(items)) => {
                let idx = segment.parse::<usize>().unwrap_or(0);
                value = items.get(idx);
                segments.push(Segment::Index(idx));
            }
            other => {
                value = other.and_then(|map| map.get(&segment));
                segments.push(Segment::Key(segment));
            }
        }
    }
    if segments.is_empty() {
        String::new()
    } else {
        format!(" at `{}`", relative(&segments))
    }
}

/// A value as a finding shows it: text without quotes.
fn compact_value(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

/// The validator's finding in this project's words where they differ.
fn finding(err: &ValidationError<'_>) -> String {
    match err.kind() {
        jsonschema::error::ValidationErrorKind::AdditionalProperties { unexpected }
        | jsonschema::error::ValidationErrorKind::UnevaluatedProperties { unexpected } => {
            let names: Vec<String> = unexpected.iter().map(|name| format!("`{name}`")).collect();
            let noun = if names.len() == 1 { "field" } else { "fields" };
            format!("undeclared {noun} {}", names.join(", "))
        }
        jsonschema::error::ValidationErrorKind::Format { format } => {
            format!("{} is not a valid {format}", err.instance())
        }
        // Show a shorthand's `format:` as written, without the anchors added for checking.
        jsonschema::error::ValidationErrorKind::Pattern { pattern } => {
            let written = pattern
                .strip_prefix("^(?:")
                .and_then(|rest| rest.strip_suffix(")$"))
                .map_or_else(
                    || format!("the pattern `{pattern}`"),
                    |format| format!("the format `{format}`"),
                );
            format!("{} does not match {written}", err.instance())
        }
        _ => {
            let text = err.to_string();
            let mut chars = text.chars();
            match chars.next() {
                Some(first) => first.to_lowercase().chain(chars).collect(),
                None => text,
            }
        }
    }
}

fn schema_error(err: &ValidationError<'_>, examples: &[Example<'_>]) -> Diagnostic {
    let pointer = err.instance_path().to_string();
    let example = pointer
        .split('/')
        .nth(1)
        .and_then(|key| key.strip_prefix('e')?.parse::<usize>().ok())
        .and_then(|idx| examples.get(idx));
    let mut diag = Diagnostic::error(
        Code::InvalidPattern,
        format!("a declared type cannot be compiled for checking examples: {err}"),
    )
    .with_help("check the `format:` regexes and `pattern`s of the fields involved");
    if let Some(example) = example {
        diag = diag.at(&example.path);
    }
    diag
}

fn unescape_pointer(segment: &str) -> String {
    segment.replace("~1", "/").replace("~0", "~")
}

fn relative(segments: &[Segment]) -> String {
    SpecPath::from_segments(segments.to_vec()).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimal_places_are_counted_like_they_are_written() {
        assert_eq!(decimal_places("149.99"), 2);
        assert_eq!(decimal_places("149.9"), 1);
        assert_eq!(decimal_places("150"), 0);
        assert_eq!(decimal_places("1.5e-7"), 8);
        assert_eq!(decimal_places("1e3"), 0);
        assert_eq!(decimal_places("2.50"), 1);
    }

    fn findings(yaml: &str) -> Vec<String> {
        let text = format!("integration-spec: \"1.0\"\ninfo: {{title: T, version: 1.0.0}}\n{yaml}");
        let (spec, diags) = crate::load::parse_spec(&text, crate::load::Format::Yaml);
        assert_eq!(diags, [], "{yaml}");
        let mut found = Vec::new();
        check(&spec.unwrap(), &mut found);
        found
            .iter()
            .map(|diag| {
                format!(
                    "{} {}: {}",
                    diag.code,
                    diag.path
                        .as_ref()
                        .map_or(String::new(), ToString::to_string),
                    diag.message
                )
            })
            .collect()
    }

    /// A model `M` of `fields` (YAML lines under `fields:`), and an endpoint answering
    /// `example` as an `M`.
    fn model_example(fields: &str, example: &str) -> Vec<String> {
        findings(&format!(
            "models:\n  Card:\n    fields:\n      number: string (required)\n  M:\n    fields:\n{fields}\nendpoints:\n  e:\n    method: GET\n    path: /e\n    responses:\n      200: {{body: M, example: {example}}}\n"
        ))
    }

    #[test]
    fn shorthand_and_model_names_inside_json_schema_are_checked_as_fields() {
        let fields = "      a: {allOf: [Card]}\n      b: {items: 'string (max 3 chars)'}\n      c: {additionalProperties: 'integer (min 1)'}\n      d: {not: 'integer'}\n      f: {type: object, properties: {x: string}, additionalProperties: Card}";
        let good = "{a: {number: '1'}, b: [abc], c: {k: 1}, d: text, f: {x: a, y: {number: '2'}}}";
        assert_eq!(model_example(fields, good), Vec::<String>::new());
        let bad = "{a: {}, b: [abcd], c: {k: 0}, d: 5, f: {y: {}}}";
        assert_eq!(
            model_example(fields, bad),
            [
                "invalid-example endpoints.e.responses.200.example.a: the 200 response example of `e` at `a`: \"number\" is a required property",
                "invalid-example endpoints.e.responses.200.example.b[0]: the 200 response example of `e` at `b[0]`: \"abcd\" is longer than 3 characters",
                "invalid-example endpoints.e.responses.200.example.c.k: the 200 response example of `e` at `c.k`: 0 is less than the minimum of 1",
                "invalid-example endpoints.e.responses.200.example.d: the 200 response example of `e` at `d`: {\"type\":\"integer\"} is not allowed for 5",
                "invalid-example endpoints.e.responses.200.example.f.y: the 200 response example of `e` at `f.y`: \"number\" is a required property",
            ]
        );
    }

    #[test]
    fn item_schemas_type_lists_and_implied_types_are_checked() {
        let fields = "      tags: {type: array, items: {type: string, minLength: 2, pattern: '^[a-z]+$'}}\n      id: {type: [string, integer, 'null']}\n      code: {minLength: 2}";
        assert_eq!(
            model_example(fields, "{tags: [ab], id: null, code: ab}"),
            Vec::<String>::new()
        );
        assert_eq!(model_example(fields, "{id: 7}"), Vec::<String>::new());
        assert_eq!(
            model_example(fields, "{tags: [a, AB], id: true, code: 12}"),
            [
                "invalid-example endpoints.e.responses.200.example.tags[0]: the 200 response example of `e` at `tags[0]`: \"a\" is shorter than 2 characters",
                "invalid-example endpoints.e.responses.200.example.tags[1]: the 200 response example of `e` at `tags[1]`: \"AB\" does not match the pattern `^[a-z]+$`",
                "invalid-example endpoints.e.responses.200.example.id: the 200 response example of `e` at `id`: true is not of types \"null\", \"integer\", \"string\"",
                "invalid-example endpoints.e.responses.200.example.code: the 200 response example of `e` at `code`: 12 is not of type \"string\"",
            ]
        );
    }

    #[test]
    fn every_one_of_examples_is_checked_at_its_index() {
        let found = model_example(
            "      a: {type: string, maxLength: 3, examples: [abc, abcd, 5]}\n      b: {type: integer, example: 1, examples: [2, x]}",
            "{}",
        );
        assert_eq!(
            found,
            [
                "invalid-example models.M.fields.a.examples[1]: example 2 of field `a`: \"abcd\" is longer than 3 characters",
                "invalid-example models.M.fields.a.examples[2]: example 3 of field `a`: 5 is not of type \"string\"",
                "invalid-example models.M.fields.b.examples[1]: example 2 of field `b`: \"x\" is not of type \"integer\"",
            ]
        );
        // Items' own examples are checked against the items.
        let found = model_example(
            "      tags: {type: array, items: {type: string, maxLength: 2, example: abc}}",
            "{}",
        );
        assert_eq!(
            found,
            [
                "invalid-example models.M.fields.tags.items.example: the example of the items of field `tags`: \"abc\" is longer than 2 characters"
            ]
        );
    }

    #[test]
    fn keywords_beside_a_choice_hold_for_the_whole_value() {
        let models = "  A:\n    fields:\n      kind: enum(a) (required)\n      id: string\n  B:\n    fields:\n      kind: enum(b) (required)\n      id: string";
        let spec = |example: &str| {
            findings(&format!(
                "models:\n{models}\n  M:\n    fields:\n      v: {{type: object, required: [id], oneOf: [A, B], discriminator: kind}}\nendpoints:\n  e:\n    method: GET\n    path: /e\n    responses:\n      200: {{body: M, example: {example}}}\n"
            ))
        };
        assert_eq!(spec("{v: {kind: a, id: x}}"), Vec::<String>::new());
        assert_eq!(
            spec("{v: {kind: b}}"),
            [
                "invalid-example endpoints.e.responses.200.example.v: the 200 response example of `e` at `v`: \"id\" is a required property"
            ]
        );
    }

    #[test]
    fn error_responses_without_a_body_type_check_their_samples_against_the_error_body() {
        let spec = |response: &str| {
            format!(
                "conventions:\n  errors:\n    body: {{code: string (required), message: string (required)}}\nendpoints:\n  e:\n    method: GET\n    path: /e\n    responses:\n      200: OK\n      404:\n{response}\n    errors: [GONE]\nerrors:\n  GONE: {{http_status: 404, message: Gone}}\n"
            )
        };
        // In the convention's media type, in one written beside it, in a content map.
        for response in [
            "        example: {code: GONE, message: Gone}",
            "        content_type: application/problem+json\n        example: {code: GONE, message: Gone}",
            "        content:\n          application/problem+json:\n            example: {code: GONE, message: Gone}",
        ] {
            assert_eq!(
                findings(&spec(response)),
                Vec::<String>::new(),
                "{response}"
            );
        }
        let found = findings(&spec(
            "        content_type: application/problem+json\n        example: {code: GONE}",
        ));
        assert_eq!(
            found,
            [
                "invalid-example endpoints.e.responses.404.example: the 404 response example of `e`: \"message\" is a required property"
            ]
        );
        let found = findings(&spec(
            "        content:\n          application/problem+json:\n            example: {code: 1, message: Gone}",
        ));
        assert_eq!(
            found,
            [
                "invalid-example endpoints.e.responses.404.content[\"application/problem+json\"].example.code: the 404 response example of `e` in `application/problem+json` at `code`: 1 is not of type \"string\""
            ]
        );
        // A body of its own wins, and text is shown as written.
        let own = "        body: {reason: string (required)}\n        example: {reason: moved}";
        assert_eq!(findings(&spec(own)), Vec::<String>::new());
        let text = "        content_type: text/plain\n        example: Gone";
        assert_eq!(findings(&spec(text)), Vec::<String>::new());
    }

    #[test]
    fn member_counts_of_the_shorthand_are_checked() {
        let spec = |example: &str| {
            format!(
                "endpoints:\n  e:\n    method: POST\n    path: /e\n    request:\n      body: {{labels: 'map of string (min 1 member, max 2 members)'}}\n      example: {{labels: {example}}}\n    responses:\n      204: Done\n"
            )
        };
        assert_eq!(findings(&spec("{a: x}")), Vec::<String>::new());
        let found = findings(&spec("{}"));
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].contains("at `labels`"), "{found:?}");
        assert_eq!(findings(&spec("{a: x, b: y, c: z}")).len(), 1);
    }
}
