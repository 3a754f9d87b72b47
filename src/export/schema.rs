//! Fields and models as OpenAPI 3.1 schemas (JSON Schema 2020-12): what a reader of the
//! contract needs, with the shorthand's words as JSON Schema keywords.
//!
//! Unlike the schemas `check` validates examples with, these describe: they keep
//! descriptions, examples, defaults and `deprecated`, point at models with `$ref`, and leave
//! an object open unless the spec closes it (`additionalProperties: false` is what a closed
//! native object says).

use serde_json::{Map, Value, json};

pub(super) use crate::check::{json_number as number, pointer_token};
use crate::spec::{Field, FieldType, Fields, Model, Union, UnionKind};

/// Where models go: `#/components/schemas/{name}`.
pub(super) fn model_ref(name: &str) -> String {
    format!(
        "#/components/schemas/{}",
        pointer_token(&component_key(name))
    )
}

/// A name as OpenAPI allows it for a component (`^[a-zA-Z0-9._-]+$`) or an `operationId`:
/// every other byte written `_xHH`, so `reports key` is `reports_x20key`.
pub(super) fn component_key(name: &str) -> String {
    let mut key = String::with_capacity(name.len());
    for byte in name.bytes() {
        if byte.is_ascii_alphanumeric() || b"._-".contains(&byte) {
            key.push(byte as char);
        } else {
            key.push_str(&format!("_x{byte:02X}"));
        }
    }
    if key.is_empty() {
        key.push('_');
    }
    key
}

/// A model: a choice of its variants, or an object of its fields after the models it
/// includes (`allOf`), with what it accepts beyond them.
pub(super) fn model_schema(model: &Model) -> Value {
    let mut schema = Map::new();
    if let Some(description) = &model.description {
        schema.insert("description".into(), description.clone().into());
    }
    if let Some(union) = &model.variants {
        schema.extend(union_schema(union));
        return Value::Object(schema);
    }
    let own = object_schema(&model.fields, model.additional_fields.as_deref());
    if model.all_of.is_empty() {
        schema.extend(own);
        return Value::Object(schema);
    }
    let mut parts: Vec<Value> = model
        .all_of
        .iter()
        .map(|name| json!({ "$ref": model_ref(name) }))
        .collect();
    if !model.fields.is_empty() || model.additional_fields.is_some() {
        parts.push(Value::Object(own));
    }
    schema.insert("allOf".into(), Value::Array(parts));
    Value::Object(schema)
}

/// An object of `fields`: closed (`additionalProperties: false`) unless `additional` says
/// what else it takes (`true` for anything).
fn object_schema(fields: &Fields, additional: Option<&Field>) -> Map<String, Value> {
    let mut schema = Map::new();
    schema.insert("type".into(), "object".into());
    if !fields.is_empty() {
        let properties: Map<String, Value> = fields
            .iter()
            .map(|(name, field)| (name.clone(), field_schema(field)))
            .collect();
        let required: Vec<Value> = fields
            .iter()
            .filter(|(_, field)| field.required)
            .map(|(name, _)| Value::from(name.as_str()))
            .collect();
        schema.insert("properties".into(), Value::Object(properties));
        if !required.is_empty() {
            schema.insert("required".into(), Value::Array(required));
        }
    }
    match additional {
        None => {
            schema.insert("additionalProperties".into(), false.into());
        }
        Some(field) if is_anything(field) => {
            schema.insert("additionalProperties".into(), true.into());
        }
        Some(field) => {
            schema.insert("additionalProperties".into(), field_schema(field));
        }
    }
    schema
}

/// A field that says nothing beyond "any value".
fn is_anything(field: &Field) -> bool {
    field.ty == FieldType::Any
        && field.schema.is_none()
        && field.description.is_none()
        && field.constraints.is_empty()
}

/// `oneOf` / `anyOf` of the variants, with the discriminator and its mapping.
fn union_schema(union: &Union) -> Map<String, Value> {
    let mut schema = Map::new();
    let key = match union.kind {
        UnionKind::OneOf => "oneOf",
        UnionKind::AnyOf => "anyOf",
    };
    let variants: Vec<Value> = union.variants.iter().map(field_schema).collect();
    schema.insert(key.into(), Value::Array(variants));
    if let Some(discriminator) = &union.discriminator {
        let mut written = Map::new();
        written.insert("propertyName".into(), discriminator.property.clone().into());
        if !discriminator.mapping.is_empty() {
            let mapping: Map<String, Value> = discriminator
                .mapping
                .iter()
                .map(|(value, model)| (value.clone(), model_ref(model).into()))
                .collect();
            written.insert("mapping".into(), Value::Object(mapping));
        }
        schema.insert("discriminator".into(), Value::Object(written));
    }
    schema
}

/// The schema of a type alone.
fn type_schema(ty: &FieldType) -> Map<String, Value> {
    let schema = match ty {
        FieldType::String => json!({"type": "string"}),
        FieldType::Integer => json!({"type": "integer"}),
        FieldType::Number => json!({"type": "number"}),
        FieldType::Decimal => json!({"type": "number", "format": "decimal"}),
        FieldType::Boolean => json!({"type": "boolean"}),
        FieldType::Date => json!({"type": "string", "format": "date"}),
        FieldType::DateTime => json!({"type": "string", "format": "date-time"}),
        FieldType::Url => json!({"type": "string", "format": "uri"}),
        FieldType::Email => json!({"type": "string", "format": "email"}),
        FieldType::Uuid => json!({"type": "string", "format": "uuid"}),
        FieldType::Binary => json!({"type": "string", "format": "binary"}),
        FieldType::Enum(values) => json!({"type": "string", "enum": values}),
        FieldType::Model(name) => json!({"$ref": model_ref(name)}),
        FieldType::Array(item) => json!({"type": "array", "items": type_schema(item)}),
        FieldType::Map(item) => {
            json!({"type": "object", "additionalProperties": type_schema(item)})
        }
        FieldType::Object(fields) if fields.is_empty() => json!({"type": "object"}),
        FieldType::Object(fields) => Value::Object(object_schema(fields, None)),
        FieldType::Union(union) => Value::Object(union_schema(union)),
        FieldType::AllOf(parts) => {
            json!({"allOf": parts.iter().map(field_schema).collect::<Vec<_>>()})
        }
        FieldType::Any => json!({}),
    };
    match schema {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

/// Keywords a written JSON Schema field keeps as written: everything but the structure, which
/// is rebuilt from the fields its subschemas were lowered to, and our own `required: true`.
const STRUCTURE: &[&str] = &[
    "$ref",
    "properties",
    "items",
    "additionalProperties",
    "not",
    "oneOf",
    "anyOf",
    "allOf",
    "discriminator",
    "example",
    "examples",
    "default",
    "description",
    "deprecated",
    // Lowering made it the start of the description.
    "title",
    // A parameter's, said by the parameter.
    "style",
    "explode",
];

/// A field's schema: its type with its constraints and what it says about itself.
pub(super) fn field_schema(field: &Field) -> Value {
    let mut schema = type_schema(&field.ty);
    let notes = &field.schema_notes;
    // A type's item schema says what its items' own fields say (constraints, descriptions).
    match (&field.ty, &notes.item) {
        (FieldType::Array(_), Some(item)) => {
            schema.insert("items".into(), field_schema(item));
        }
        (FieldType::Map(_), Some(item)) => {
            schema.insert("additionalProperties".into(), field_schema(item));
        }
        _ => {}
    }
    if let Some(additional) = &notes.additional {
        schema.insert("additionalProperties".into(), field_schema(additional));
    }
    if let Some(not) = &notes.not {
        schema.insert("not".into(), field_schema(not));
    }
    constraints(field, &mut schema);
    if let Some(Value::Object(written)) = &field.schema {
        // Written as JSON Schema, an enum is of the types it says (`enum: [1, 2]` is no text).
        if matches!(field.ty, FieldType::Enum(_)) && !written.contains_key("type") {
            schema.remove("type");
        }
        // Written as JSON Schema, an object is open unless it says otherwise.
        if let FieldType::Object(fields) = &field.ty
            && !fields.is_empty()
            && notes.additional.is_none()
        {
            match written.get("additionalProperties") {
                Some(Value::Bool(closed)) => {
                    schema.insert("additionalProperties".into(), (*closed).into());
                }
                _ => {
                    schema.remove("additionalProperties");
                }
            }
        }
        for (key, value) in written {
            if STRUCTURE.contains(&key.as_str()) {
                continue;
            }
            match (key.as_str(), value) {
                // Ours: whether the field must be present, said by the parent's list.
                ("required", Value::Bool(_)) => {}
                // An object's list is rebuilt from its fields; beside a choice it stays.
                ("required", _) if matches!(field.ty, FieldType::Object(_)) => {}
                _ => {
                    schema.insert(key.clone(), value.clone());
                }
            }
        }
    } else {
        if let Some(format) = &notes.format {
            schema.insert("format".into(), format.clone().into());
        }
        if let Some(constant) = &notes.constant {
            schema.insert("const".into(), constant.clone());
        }
        if notes.read_only {
            schema.insert("readOnly".into(), true.into());
        }
        if notes.write_only {
            schema.insert("writeOnly".into(), true.into());
        }
    }
    annotations(field, &mut schema);
    // A `$ref` with keywords beside it is a reference with annotations, as 3.1 allows.
    Value::Object(schema)
}

/// The shorthand's constraints as JSON Schema keywords.
fn constraints(field: &Field, schema: &mut Map<String, Value>) {
    let constraints = &field.constraints;
    let (min_key, max_key) = match field.ty {
        FieldType::Array(_) => ("minItems", "maxItems"),
        _ => ("minimum", "maximum"),
    };
    let mut put = |key: &str, value: Option<Value>| {
        if let Some(value) = value {
            schema.insert(key.into(), value);
        }
    };
    put(min_key, constraints.min.map(number));
    put(max_key, constraints.max.map(number));
    put("exclusiveMinimum", constraints.exclusive_min.map(number));
    put("exclusiveMaximum", constraints.exclusive_max.map(number));
    put("multipleOf", constraints.multiple_of.map(number));
    put("minLength", constraints.min_length.map(Value::from));
    put("maxLength", constraints.max_length.map(Value::from));
    put("minProperties", constraints.min_properties.map(Value::from));
    put("maxProperties", constraints.max_properties.map(Value::from));
    // A file's size: JSON Schema's lengths, as OpenAPI counts a binary string's octets.
    put("minLength", constraints.min_size.map(Value::from));
    put("maxLength", constraints.max_size.map(Value::from));
    put(
        "x-decimal-places",
        constraints.decimal_places.map(Value::from),
    );
    if constraints.unique_items {
        put("uniqueItems", Some(true.into()));
    }
    if let Some(pattern) = &constraints.pattern {
        // Written as JSON Schema, a pattern is kept as written; the shorthand's `format:`
        // matches the whole value, which JSON Schema says with anchors.
        let pattern = if field.schema.is_some() {
            pattern.clone()
        } else {
            format!("^(?:{pattern})$")
        };
        put("pattern", Some(pattern.into()));
    }
}

/// Description, default, examples and `deprecated`.
fn annotations(field: &Field, schema: &mut Map<String, Value>) {
    if let Some(description) = &field.description {
        schema.insert("description".into(), description.clone().into());
    }
    if let Some(default) = &field.default {
        schema.insert("default".into(), default.clone());
    }
    let examples: Vec<Value> = field
        .example
        .iter()
        .chain(&field.schema_notes.more_examples)
        .cloned()
        .collect();
    if !examples.is_empty() {
        schema.insert("examples".into(), Value::Array(examples));
    }
    if field.deprecated {
        schema.insert("deprecated".into(), true.into());
    }
}
