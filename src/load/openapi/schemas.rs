//! Schemas: which component schemas become models, and every schema as the JSON Schema form
//! of a field, with references to models as `#/models/Name` and the rest inlined.

use serde_json::{Map, Value, json};

use super::context::{Dialect, Translate, object};
use super::html;
use super::refs::{self, component_name};
use crate::diagnostic::{Code, Diagnostic, SpecPath};

/// Keywords copied as written.
const COPIED: &[&str] = &[
    "type",
    "format",
    "enum",
    "const",
    "required",
    "pattern",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "minLength",
    "maxLength",
    "minItems",
    "maxItems",
    "uniqueItems",
    "minProperties",
    "maxProperties",
    "title",
    "description",
    "default",
    "example",
    "examples",
    "deprecated",
    "readOnly",
    "writeOnly",
    "contentMediaType",
    "contentEncoding",
];

/// Keywords that say nothing a reader of the page or a check needs.
const SILENT: &[&str] = &[
    "xml",
    "externalDocs",
    "$schema",
    "$id",
    "$anchor",
    "$comment",
    "$defs",
    "definitions",
    "$dynamicAnchor",
    "contentSchema",
    "nullable",
];

/// How many schemas written out where used (not models) may nest in each other through
/// `$ref`s.
const MAX_INLINED_DEPTH: usize = 64;

impl<'d> Translate<'d> {
    /// The component schemas: which become models. A model is an object, an `allOf` of
    /// models and objects, or a choice (`oneOf`, `anyOf`) of models; other schemas (a string
    /// enum, an array) are written out wherever they are referenced.
    pub(super) fn find_models(&mut self) {
        let Some(schemas) = self
            .at(&["components", "schemas"])
            .and_then(Value::as_object)
        else {
            return;
        };
        for (name, schema) in schemas {
            if is_object_like(schema) || is_all_of_model(schema) {
                self.models.insert(name.clone());
            }
        }
        // Choices of models, until no more are found: a choice of choices is a model too.
        loop {
            let before = self.models.len();
            for (name, schema) in schemas {
                if !self.models.contains(name) && self.is_choice_of_models(schema) {
                    self.models.insert(name.clone());
                }
            }
            if self.models.len() == before {
                break;
            }
        }
        // An `allOf` naming a schema that is not a model is written out where it is used.
        loop {
            let before = self.models.len();
            let models = self.models.clone();
            self.models.retain(|name| {
                let Some(Value::Array(parts)) = schemas.get(name).and_then(|s| s.get("allOf"))
                else {
                    return true;
                };
                parts
                    .iter()
                    .all(|part| match part.get("$ref").and_then(Value::as_str) {
                        Some(reference) => component_name(reference, "schemas")
                            .is_some_and(|target| models.contains(&target)),
                        None => true,
                    })
            });
            if self.models.len() == before {
                break;
            }
        }
    }

    fn is_choice_of_models(&self, schema: &Value) -> bool {
        if schema.get("properties").is_some() || schema.get("allOf").is_some() {
            return false;
        }
        let variants = match (schema.get("oneOf"), schema.get("anyOf")) {
            (Some(Value::Array(variants)), None) | (None, Some(Value::Array(variants))) => variants,
            _ => return false,
        };
        !variants.is_empty()
            && variants.iter().all(|variant| {
                variant
                    .get("$ref")
                    .and_then(Value::as_str)
                    .and_then(|reference| component_name(reference, "schemas"))
                    .is_some_and(|name| self.models.contains(&name))
                    && variant.as_object().is_some_and(|map| map.len() == 1)
            })
    }

    /// `models`: the component schemas that are models.
    pub(super) fn models_section(&mut self) -> Map<String, Value> {
        let mut models = Map::new();
        let Some(schemas) = self
            .at(&["components", "schemas"])
            .and_then(Value::as_object)
        else {
            return models;
        };
        let source = SpecPath::root().key("components").key("schemas");
        self.record(&SpecPath::root().key("models"), &source);
        for (name, schema) in schemas {
            if !self.models.contains(name) {
                continue;
            }
            let at = source.key(name);
            let native = SpecPath::root().key("models").key(name);
            self.record(&native, &at);
            let model = self.model(schema, &at, &native);
            models.insert(name.clone(), Value::Object(model));
        }
        models
    }

    fn model(&mut self, schema: &'d Value, at: &SpecPath, native: &SpecPath) -> Map<String, Value> {
        let mut model = object();
        if let Some(description) = described(schema) {
            model.insert("description".into(), description);
        }
        for (keyword, key) in [("oneOf", "one_of"), ("anyOf", "any_of")] {
            if let Some(Value::Array(variants)) = schema.get(keyword) {
                let names: Vec<Value> = variants
                    .iter()
                    .filter_map(|variant| variant.get("$ref")?.as_str())
                    .filter_map(|reference| component_name(reference, "schemas"))
                    .map(Value::from)
                    .collect();
                self.record(&native.key(key), &at.key(keyword));
                model.insert(key.into(), Value::Array(names));
                if let Some(discriminator) = schema.get("discriminator") {
                    self.record(&native.key("discriminator"), &at.key("discriminator"));
                    model.insert(
                        "discriminator".into(),
                        self.discriminator(discriminator, &at.key("discriminator"), "property"),
                    );
                }
                return model;
            }
        }
        let mut fields = Map::new();
        let mut required: Vec<Value> = Vec::new();
        let mut additional = None;
        let mut parts: Vec<(&'d Value, SpecPath)> = Vec::new();
        if let Some(Value::Array(all_of)) = schema.get("allOf") {
            let mut includes = Vec::new();
            for (idx, part) in all_of.iter().enumerate() {
                match part.get("$ref").and_then(Value::as_str) {
                    Some(reference) => {
                        if let Some(name) = component_name(reference, "schemas") {
                            includes.push(Value::from(name));
                        }
                    }
                    None => parts.push((part, at.key("allOf").index(idx))),
                }
            }
            self.record(&native.key("all_of"), &at.key("allOf"));
            model.insert("all_of".into(), Value::Array(includes));
        }
        parts.push((schema, at.clone()));
        for (part, part_at) in parts {
            if let Some(Value::Object(properties)) = part.get("properties") {
                for (name, property) in properties {
                    let field_at = part_at.key("properties").key(name);
                    let field_native = native.key("fields").key(name);
                    self.record(&field_native, &field_at);
                    let field = self.schema(property, &field_at, &field_native);
                    fields.insert(name.clone(), field);
                }
            }
            if let Some(Value::Array(names)) = part.get("required") {
                self.record(&native.key("required"), &part_at.key("required"));
                required.extend(names.iter().cloned());
            }
            match part.get("additionalProperties") {
                Some(Value::Bool(true)) => additional = Some(json!(true)),
                Some(value @ Value::Object(_)) => {
                    let extra_at = part_at.key("additionalProperties");
                    let extra_native = native.key("additional_fields");
                    self.record(&extra_native, &extra_at);
                    additional = Some(self.schema(value, &extra_at, &extra_native));
                }
                _ => {}
            }
            self.unsupported_keywords(
                part,
                &part_at,
                &[
                    "properties",
                    "required",
                    "additionalProperties",
                    "allOf",
                    "type",
                    "title",
                    "description",
                    "discriminator",
                    "example",
                    "examples",
                ],
            );
        }
        if schema.get("example").is_some() || schema.get("examples").is_some() {
            self.unsupported(
                "an example of a whole model",
                &at.key(if schema.get("example").is_some() {
                    "example"
                } else {
                    "examples"
                }),
                "is not shown; examples of bodies and fields are",
            );
        }
        if !fields.is_empty() || model.get("all_of").is_none() {
            model.insert("fields".into(), Value::Object(fields));
        }
        let mut seen = std::collections::HashSet::new();
        required.retain(|name| seen.insert(name.clone()));
        if !required.is_empty() {
            model.insert("required".into(), Value::Array(required));
        }
        if let Some(additional) = additional {
            model.insert("additional_fields".into(), additional);
        }
        model
    }

    /// A discriminator, its mapping's schema references as model names.
    fn discriminator(&mut self, value: &Value, at: &SpecPath, property_key: &str) -> Value {
        let mut ours = object();
        if let Some(property) = value.get("propertyName") {
            ours.insert(property_key.into(), property.clone());
        }
        if let Some(Value::Object(mapping)) = value.get("mapping") {
            let mut names = Map::new();
            for (selector, target) in mapping {
                let Some(target) = target.as_str() else {
                    continue;
                };
                let name = component_name(target, "schemas").unwrap_or_else(|| target.to_owned());
                if self.models.contains(&name) {
                    names.insert(selector.clone(), json!(name));
                } else {
                    self.unsupported(
                        "a discriminator mapping to a schema that is not an object",
                        &at.key("mapping").key(selector),
                        "is not shown",
                    );
                }
            }
            ours.insert("mapping".into(), Value::Object(names));
        }
        Value::Object(ours)
    }

    /// A schema as the JSON Schema form of a field, at `native` in the translated tree.
    pub(super) fn schema(&mut self, value: &'d Value, at: &SpecPath, native: &SpecPath) -> Value {
        if !self.spend(1, at) {
            return json!({});
        }
        let map = match value {
            Value::Object(map) => map,
            Value::Bool(true) => return json!({}),
            Value::Bool(false) => return json!({ "not": {} }),
            _ => {
                self.diags.push(
                    Diagnostic::error(Code::InvalidType, "a schema must be a mapping")
                        .at(at)
                        .with_help("write the schema's keywords, e.g. `type: string`"),
                );
                return json!({});
            }
        };
        if let Some(reference) = map.get("$ref") {
            return self.reference(map, reference, at, native);
        }
        let mut ours = object();
        for (key, value) in map {
            let key = key.as_str();
            let child_at = at.key(key);
            let child_native = native.key(key);
            match (key, value) {
                ("properties", Value::Object(properties)) => {
                    let mut translated = Map::new();
                    for (name, property) in properties {
                        let schema =
                            self.schema(property, &child_at.key(name), &child_native.key(name));
                        translated.insert(name.clone(), schema);
                    }
                    ours.insert(key.into(), Value::Object(translated));
                }
                ("items" | "not", _) | ("additionalProperties", Value::Object(_)) => {
                    let schema = self.schema(value, &child_at, &child_native);
                    ours.insert(key.into(), schema);
                }
                ("allOf" | "oneOf" | "anyOf", Value::Array(parts)) => {
                    let translated = parts
                        .iter()
                        .enumerate()
                        .map(|(idx, part)| {
                            self.schema(part, &child_at.index(idx), &child_native.index(idx))
                        })
                        .collect();
                    ours.insert(key.into(), Value::Array(translated));
                }
                ("discriminator", _) => {
                    let discriminator = self.discriminator(value, &child_at, "propertyName");
                    ours.insert(key.into(), discriminator);
                }
                ("exclusiveMinimum" | "exclusiveMaximum", Value::Bool(exclusive)) => {
                    // 3.0: a flag on `minimum` / `maximum`.
                    let bound = if key == "exclusiveMinimum" {
                        "minimum"
                    } else {
                        "maximum"
                    };
                    if let (true, Some(limit)) = (*exclusive, map.get(bound)) {
                        ours.insert(key.into(), limit.clone());
                    }
                }
                ("additionalProperties", Value::Bool(_)) => {
                    ours.insert(key.into(), value.clone());
                }
                // Ours: what the shorthand's `N decimal places` exports as.
                ("x-decimal-places", _) if self.exported() => {
                    ours.insert(key.into(), value.clone());
                }
                _ if key.starts_with("x-") => {}
                ("description", _) => {
                    ours.insert(key.into(), html::prose(value));
                }
                _ if COPIED.contains(&key) => {
                    ours.insert(key.into(), value.clone());
                }
                _ if SILENT.contains(&key) => {}
                _ => self.unsupported(
                    &format!("the keyword `{key}`"),
                    &child_at,
                    "is neither shown nor checked",
                ),
            }
        }
        // Bounds made exclusive by a 3.0 flag are not also inclusive.
        for (flag, bound) in [
            ("exclusiveMinimum", "minimum"),
            ("exclusiveMaximum", "maximum"),
        ] {
            if map.get(flag) == Some(&Value::Bool(true)) && map.contains_key(bound) {
                ours.remove(bound);
            }
        }
        if self.dialect == Dialect::V30 && map.get("nullable") == Some(&Value::Bool(true)) {
            make_nullable(&mut ours);
        }
        // `examples` is a list in 3.1; in a 3.0 schema it means nothing.
        if !matches!(ours.get("examples"), None | Some(Value::Array(_))) {
            ours.remove("examples");
        }
        Value::Object(ours)
    }

    /// A `$ref`: a link to a model, or what it names written out.
    fn reference(
        &mut self,
        map: &'d Map<String, Value>,
        reference: &Value,
        at: &SpecPath,
        native: &SpecPath,
    ) -> Value {
        let Some(text) = reference.as_str() else {
            self.not_a_reference(&at.key("$ref"));
            return json!({});
        };
        let siblings: Map<String, Value> = map
            .iter()
            .filter(|(key, _)| {
                !key.starts_with("x-")
                    && matches!(
                        key.as_str(),
                        "description"
                            | "title"
                            | "deprecated"
                            | "readOnly"
                            | "writeOnly"
                            | "default"
                            | "example"
                            | "examples"
                    )
            })
            .map(|(key, value)| match key.as_str() {
                "description" => (key.clone(), html::prose(value)),
                _ => (key.clone(), value.clone()),
            })
            .collect();
        let nullable =
            self.dialect == Dialect::V30 && map.get("nullable") == Some(&Value::Bool(true));
        // Only the document's own components are models; a schema in another file is written
        // out where it is used.
        let in_document = refs::split_file(at).0 == 0;
        if let Some(name) =
            component_name(text, "schemas").filter(|name| in_document && self.models.contains(name))
        {
            // A model that may be null (`nullable-simple-user`) is null or the model
            // wherever it is used: a model itself is never null.
            let nullable = nullable || self.nullable_component(&name);
            let link = json!({ "$ref": format!("#/models/{name}") });
            if siblings.is_empty() && !nullable {
                return link;
            }
            // A reference with more to say is an `allOf` of the model, as OpenAPI 3.0 writes it.
            self.record(&native.key("allOf").index(0), at);
            let mut ours = siblings;
            if nullable {
                ours.insert("oneOf".into(), json!([link, { "type": "null" }]));
            } else {
                ours.insert("allOf".into(), json!([link]));
            }
            return Value::Object(ours);
        }
        let (target, target_at) = match self.resolve_at(text, at) {
            Ok(found) => found,
            Err(err) => {
                self.unresolved(text, err, &at.key("$ref"));
                return json!({});
            }
        };
        // Written out where used, a chain of references nests one schema in another: deep
        // enough, it would exhaust the stack, and no reader follows it that far.
        if self.inlining.len() >= MAX_INLINED_DEPTH {
            self.diags.push(
                Diagnostic::error(
                    Code::SpecTooLarge,
                    format!(
                        "`$ref`s nest more than {MAX_INLINED_DEPTH} schemas in each other here: a chain of references to references, or schemas written out where they are used that refer on"
                    ),
                )
                .at(&at.key("$ref"))
                .with_help("point the `$ref` straight at the schema the chain ends in"),
            );
            return json!({});
        }
        // The same text names different schemas in different files: the place is the key.
        let place = target_at.to_string();
        if self.inlining.contains(&place) {
            self.unsupported(
                "a schema that contains itself and is not an object",
                at,
                "is shown as `any` where it recurs",
            );
            return json!({});
        }
        self.inlining.push(place);
        self.record(native, &target_at);
        let mut written = self.schema(target, &target_at, native);
        self.inlining.pop();
        if let Value::Object(ours) = &mut written {
            for (key, value) in siblings {
                ours.insert(key, value);
            }
            if nullable {
                make_nullable(ours);
            }
        }
        written
    }

    /// Whether component schema `name` allows null: 3.0's `nullable: true`, or `null` among
    /// its types.
    fn nullable_component(&self, name: &str) -> bool {
        let Some(schema) = self.at(&["components", "schemas", name]) else {
            return false;
        };
        match schema.get("type") {
            Some(Value::Array(types)) => types.contains(&json!("null")),
            _ => self.dialect == Dialect::V30 && schema.get("nullable") == Some(&Value::Bool(true)),
        }
    }

    /// Reports the keywords of `schema` outside `known` that the model has no place for.
    fn unsupported_keywords(&mut self, schema: &Value, at: &SpecPath, known: &[&str]) {
        let Some(map) = schema.as_object() else {
            return;
        };
        for key in map.keys() {
            if known.contains(&key.as_str())
                || key.starts_with("x-")
                || SILENT.contains(&key.as_str())
                || (key == "type" && map.get("type") == Some(&json!("object")))
            {
                continue;
            }
            let consequence = if COPIED.contains(&key.as_str()) {
                "on a model is not shown"
            } else {
                "is neither shown nor checked"
            };
            self.unsupported(&format!("the keyword `{key}`"), &at.key(key), consequence);
        }
    }
}

/// `nullable: true` (3.0) as 3.1 writes it: `null` among the types.
fn make_nullable(schema: &mut Map<String, Value>) {
    match schema.get_mut("type") {
        Some(Value::String(name)) => {
            let name = std::mem::take(name);
            schema.insert("type".into(), json!([name, "null"]));
        }
        Some(Value::Array(names)) if !names.contains(&json!("null")) => names.push(json!("null")),
        Some(_) => {}
        None => {
            if let Some(Value::Array(values)) = schema.get_mut("enum")
                && !values.contains(&Value::Null)
            {
                values.push(Value::Null);
            }
        }
    }
    if let Some(Value::Array(values)) = schema.get_mut("enum")
        && !values.contains(&Value::Null)
    {
        values.push(Value::Null);
    }
}

/// A model's description: its title leading its description.
fn described(schema: &Value) -> Option<Value> {
    let text = |key| {
        schema
            .get(key)
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|text| !text.is_empty())
    };
    let description = text("description").map(html::markdown);
    match (text("title"), description) {
        (Some(title), Some(description)) => Some(json!(format!("**{title}.** {description}"))),
        (title, description) => description
            .map(|text| Value::from(text.into_owned()))
            .or(title.map(Value::from)),
    }
}

/// An object with properties, or an open object, without composition.
fn is_object_like(schema: &Value) -> bool {
    let composed = ["oneOf", "anyOf", "allOf", "$ref", "not"]
        .iter()
        .any(|key| schema.get(key).is_some());
    let typed_object = match schema.get("type") {
        Some(Value::String(name)) => name == "object",
        None => schema.get("properties").is_some(),
        Some(_) => false,
    };
    !composed && typed_object && schema.get("enum").is_none()
}

/// An `allOf` whose parts are references or objects (the references' targets are checked once
/// the models are known).
fn is_all_of_model(schema: &Value) -> bool {
    let Some(Value::Array(parts)) = schema.get("allOf") else {
        return false;
    };
    let composed = ["oneOf", "anyOf", "$ref", "not"]
        .iter()
        .any(|key| schema.get(key).is_some());
    !composed
        && !parts.is_empty()
        && parts.iter().all(|part| {
            part.get("$ref").is_some_and(|reference| {
                reference
                    .as_str()
                    .and_then(|reference| component_name(reference, "schemas"))
                    .is_some()
                    && part.as_object().is_some_and(|map| map.len() == 1)
            }) || is_object_like(part)
        })
}
