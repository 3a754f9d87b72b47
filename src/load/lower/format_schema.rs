//! A JSON Schema (2020-12) of the format, made from the same tables of keys the loader reads
//! with, so that the two cannot drift: editors complete and check a spec as it is typed.
//!
//! The schema checks structure (known keys, required keys, types, allowed keywords); what
//! only the loader can judge (the shorthand's inner grammar, references between items,
//! examples against their schemas) is left to `check`. Keywords are read in any case, as the
//! loader reads them, and an empty value counts as an absent key, as it does there.

use std::collections::HashMap;

use serde_json::{Map, Value, json};

use super::keys::{Key, Shape};
use super::readers::Lower;

/// Where the example book, and with it the format reference and this schema, is published.
pub const BOOK_URL: &str = "https://mdbook-integration-spec.github.io/mdbook-integration-spec/";

/// The file name the schema is published under, beside the book's pages.
pub const SCHEMA_FILE: &str = "integration-spec.schema.json";

/// The named shapes, each written once under `$defs`.
const NAMED: [(Shape, &str, &str); 4] = [
    (Shape::Field, "field", "fields"),
    (Shape::Fields, "fields", "fields"),
    (Shape::Body, "body", "bodies-and-payloads"),
    (Shape::Steps, "steps", "flow-steps"),
];

/// The JSON Schema of a spec file.
pub fn format_schema() -> Value {
    let mut writer = Writer {
        uses: uses_of_tables(),
        names: HashMap::new(),
        defs: Map::new(),
    };
    for (shape, name, anchor) in &NAMED {
        let Some(definition) = definition(shape) else {
            continue;
        };
        let mut schema = writer.of_shape(&definition, name, anchor);
        if *shape == Shape::Steps {
            // A flow or a branch has at least one step.
            schema["minItems"] = 1.into();
        }
        describe(&mut schema, &named_description(name), anchor, None);
        writer.defs.insert((*name).to_owned(), schema);
    }
    let mut head = Value::Object(Map::new());
    head["$schema"] = "https://json-schema.org/draft/2020-12/schema".into();
    head["$id"] = format!("{BOOK_URL}{SCHEMA_FILE}").into();
    head["title"] = "Integration spec".into();
    describe(
        &mut head,
        "An integration specification for mdbook-integration-spec: the contract between two systems.",
        "format-reference",
        None,
    );
    let Value::Object(mut schema) = head else {
        return Value::Null;
    };
    schema.extend(writer.of_keys(Lower::TOP_LEVEL, None));
    relax_for_import(&mut schema);
    let mut defs: Vec<(String, Value)> = writer.defs.into_iter().collect();
    defs.sort_by(|a, b| a.0.cmp(&b.0));
    schema.insert("$defs".into(), Value::Object(defs.into_iter().collect()));
    Value::Object(schema)
}

/// The sections whose entries may only add to those of an imported OpenAPI document.
const IMPORTED_SECTIONS: [&str; 2] = ["endpoints", "models"];

/// Beside an `import`, an endpoint or model may name only what it adds to the document's
/// (a `flow`, its `errors`): the keys its entries require are required only without one.
fn relax_for_import(schema: &mut Map<String, Value>) {
    let mut required = Map::new();
    for section in IMPORTED_SECTIONS {
        let Some(entry) = schema
            .get_mut("properties")
            .and_then(|properties| properties.get_mut(section))
            .and_then(|entries| entries.get_mut("additionalProperties"))
            .and_then(Value::as_object_mut)
        else {
            continue;
        };
        if let Some(keys) = entry.remove("required") {
            required.insert(
                section.to_owned(),
                json!({ "patternProperties": { "^x-": true }, "additionalProperties": { "required": keys } }),
            );
        }
    }
    if !required.is_empty() {
        schema.insert("if".into(), json!({ "required": ["import"] }));
        schema.insert("else".into(), json!({ "properties": required }));
    }
}

/// A table of keys, by its address: the same `const` wherever it is used.
fn table_id(keys: &[Key]) -> usize {
    keys.as_ptr() as usize
}

/// How many places each table of keys is used in, named shapes' definitions included.
fn uses_of_tables() -> HashMap<usize, usize> {
    fn shape(of: &Shape, uses: &mut HashMap<usize, usize>) {
        match of {
            Shape::Mapping(keys) => table(keys, uses),
            Shape::OneKey(keys, other) | Shape::EntriesWith(keys, other) => {
                table(keys, uses);
                shape(other, uses);
            }
            Shape::MapOf(item)
            | Shape::Entries(item)
            | Shape::ByStatus(item)
            | Shape::ListOf(item) => shape(item, uses),
            Shape::OneOf(shapes) => shapes.iter().for_each(|item| shape(item, uses)),
            _ => {}
        }
    }
    fn table(keys: &[Key], uses: &mut HashMap<usize, usize>) {
        let count = uses.entry(table_id(keys)).or_insert(0);
        *count += 1;
        // A table's own keys are counted once, however often it is used.
        if *count == 1 {
            keys.iter().for_each(|key| shape(&key.shape, uses));
        }
    }
    let mut uses = HashMap::new();
    table(Lower::TOP_LEVEL, &mut uses);
    for definition in NAMED.iter().filter_map(|(named, _, _)| definition(named)) {
        shape(&definition, &mut uses);
    }
    uses
}

/// Writes the schema; a table used in several places is written once, under `$defs`.
struct Writer {
    uses: HashMap<usize, usize>,
    /// The `$defs` name of each table written there.
    names: HashMap<usize, String>,
    defs: Map<String, Value>,
}

/// What a named shape stands for; `None` for every other shape.
///
/// Named shapes are those that recur inside themselves (a field's items are fields, a
/// branch has steps), which a table of constants cannot spell out in place.
pub(super) fn definition(shape: &Shape) -> Option<Shape> {
    match shape {
        Shape::Field => Some(Shape::OneOf(&[
            Shape::Shorthand,
            Shape::Mapping(Lower::SCHEMA),
        ])),
        Shape::Fields => Some(Shape::MapOf(&Shape::Field)),
        Shape::Body => Some(Shape::OneOf(&[Shape::Shorthand, Shape::Fields])),
        // A step is `A -> B: text` as one text, or a one-key mapping: `A -> B: text`,
        // `note over A: text`, or a block (`alt`, `opt`, `loop`).
        Shape::Steps => Some(Shape::ListOf(&Shape::OneOf(&[
            Shape::String,
            Shape::OneKey(Lower::STEP_BLOCKS, &Shape::Text),
        ]))),
        _ => None,
    }
}

/// The part of the format reference a named shape is explained in.
fn named_description(name: &str) -> String {
    match name {
        "field" => "A field: the shorthand (`string (required, max 50 chars) -- the name`) or a JSON Schema object".into(),
        "fields" => "Fields by name".into(),
        "body" => "A body or payload: a type in the shorthand, or fields by name".into(),
        _ => "Flow steps: `A -> B: message`, `note over A: text`, or an `alt`, `opt` or `loop` block".into(),
    }
}

/// The heading of the format reference that explains a top-level key.
fn top_level_anchor(key: &str) -> &'static str {
    match key {
        "integration-spec" => "the-format-version",
        "import" => "files",
        "info" => "info",
        "overview" => "overview",
        "authentication" => "authentication",
        "environments" => "environments",
        "conventions" => "conventions",
        "models" => "models",
        "tags" => "tags",
        "endpoints" => "endpoints",
        "errors" => "errors",
        "rate_limits" => "rate_limits",
        "flows" => "flows",
        "webhooks" => "webhooks",
        "tests" => "tests",
        "monitoring" => "monitoring",
        "rollback" => "rollback",
        "changelog" => "changelog",
        "mappings" => "mappings",
        _ => "top-level-sections",
    }
}

/// Every anchor of the reference chapter the schema links to, for the test that they exist.
#[cfg(test)]
pub(crate) fn anchors() -> Vec<&'static str> {
    let mut anchors: Vec<&str> = Lower::TOP_LEVEL
        .iter()
        .map(|key| top_level_anchor(key.name))
        .collect();
    anchors.extend(NAMED.iter().map(|(_, _, anchor)| *anchor));
    anchors.extend([
        "format-reference",
        "json-schema-fields",
        "unknown-keys-and-extensions",
    ]);
    anchors.sort_unstable();
    anchors.dedup();
    anchors
}

impl Writer {
    /// An object with `keys`, and `x-` extension keys. `anchor` is the reference section the
    /// keys are explained in; at the top level (`None`) each key has its own.
    fn of_keys(&mut self, keys: &[Key], anchor: Option<&str>) -> Map<String, Value> {
        self.of_keys_where(keys, anchor, true)
    }

    /// [`Writer::of_keys`]; an optional key may be empty (as good as absent) when
    /// `empty_is_absent`.
    fn of_keys_where(
        &mut self,
        keys: &[Key],
        anchor: Option<&str>,
        empty_is_absent: bool,
    ) -> Map<String, Value> {
        let mut properties = Map::new();
        let mut required = Vec::new();
        for key in keys {
            let anchor = anchor.unwrap_or_else(|| top_level_anchor(key.name));
            let mut schema = self.of_shape(&key.shape, key.name, anchor);
            if key.required {
                required.push(Value::from(key.name));
            } else if empty_is_absent {
                schema = nullable(schema);
            }
            describe(&mut schema, key.doc, anchor, key.keywords());
            properties.insert(key.name.to_owned(), schema);
        }
        let mut object = Map::new();
        object.insert("type".into(), "object".into());
        object.insert("properties".into(), Value::Object(properties));
        if !required.is_empty() {
            object.insert("required".into(), Value::Array(required));
        }
        object.insert("patternProperties".into(), extensions());
        object.insert("additionalProperties".into(), false.into());
        object
    }

    /// The table `keys` as a mapping: in place, or (used in several places) a reference to
    /// its one definition, named after the first key that holds it.
    fn mapping(&mut self, keys: &[Key], key: &str, anchor: &str) -> Value {
        let id = table_id(keys);
        if self.uses.get(&id).copied().unwrap_or(0) < 2 {
            return Value::Object(self.of_keys(keys, Some(anchor)));
        }
        if let Some(name) = self.names.get(&id) {
            return json!({ "$ref": format!("#/$defs/{name}") });
        }
        let mut name = key.to_owned();
        let mut n = 2;
        while self.names.values().any(|taken| *taken == name)
            || NAMED.iter().any(|(_, named, _)| *named == name)
        {
            name = format!("{key}-{n}");
            n += 1;
        }
        self.names.insert(id, name.clone());
        let schema = Value::Object(self.of_keys(keys, Some(anchor)));
        self.defs.insert(name.clone(), schema);
        json!({ "$ref": format!("#/$defs/{name}") })
    }

    /// The schema of a value of `shape` under `key`; `anchor` is the reference section it is
    /// explained in.
    fn of_shape(&mut self, shape: &Shape, key: &str, anchor: &str) -> Value {
        match shape {
            Shape::Mapping(keys) => self.mapping(keys, key, anchor),
            Shape::MapOf(item) => json!({
                "type": "object",
                "additionalProperties": self.of_shape(item, key, anchor)
            }),
            Shape::Entries(item) => json!({
                "type": "object",
                "patternProperties": extensions(),
                "additionalProperties": self.of_shape(item, key, anchor)
            }),
            Shape::EntriesWith(keys, item) => {
                let mut object = self.of_keys(keys, Some(anchor));
                object.insert(
                    "additionalProperties".into(),
                    self.of_shape(item, key, anchor),
                );
                Value::Object(object)
            }
            Shape::ByStatus(item) => json!({
                "type": "object",
                "propertyNames": {
                    "pattern": "^\\s*(default|[1-5]XX|[1-5][0-9][0-9])\\s*$"
                },
                "additionalProperties": self.of_shape(item, key, anchor)
            }),
            Shape::ListOf(item) => {
                json!({ "type": "array", "items": self.of_shape(item, key, anchor) })
            }
            Shape::OneOf(shapes) => {
                // A choice of choices is one choice.
                fn flat<'s>(shapes: &'s [Shape], out: &mut Vec<&'s Shape>) {
                    for shape in shapes {
                        match shape {
                            Shape::OneOf(inner) => flat(inner, out),
                            other => out.push(other),
                        }
                    }
                }
                let mut flattened = Vec::new();
                flat(shapes, &mut flattened);
                let shapes = flattened;
                // A mapping is read by the table of a choice when it has any of its keys (an
                // `auth` with `scopes`, an `authentication` with `type`); only without them is
                // it one of names.
                let keyed: Vec<Value> = shapes
                    .iter()
                    .filter_map(|shape| match shape {
                        Shape::Mapping(keys) => Some(keys),
                        _ => None,
                    })
                    .flat_map(|keys| keys.iter())
                    .map(|key| json!({ "required": [key.name] }))
                    .collect();
                let choices: Vec<Value> = shapes
                    .iter()
                    .map(|shape| {
                        let mut choice = self.of_shape(shape, key, anchor);
                        let of_names = matches!(
                            shape,
                            Shape::MapOf(_) | Shape::Entries(_) | Shape::EntriesWith(..)
                        );
                        if of_names
                            && !keyed.is_empty()
                            && let Value::Object(object) = &mut choice
                        {
                            object.insert("not".into(), json!({ "anyOf": keyed }));
                        }
                        choice
                    })
                    .collect();
                json!({ "anyOf": choices })
            }
            Shape::OneKey(keys, other) => {
                // The one key is what the mapping says: its value cannot be empty.
                let mut object = self.of_keys_where(keys, Some(anchor), false);
                object.insert(
                    "additionalProperties".into(),
                    self.of_shape(other, key, anchor),
                );
                object.remove("patternProperties");
                object.remove("required");
                object.insert("minProperties".into(), 1.into());
                object.insert("maxProperties".into(), 1.into());
                Value::Object(object)
            }
            other => of_leaf(other),
        }
    }
}

/// `x-` keys: extensions, whose values the format leaves alone.
fn extensions() -> Value {
    json!({ "^x-": { "description": "An extension: any value, kept and not rendered" } })
}

/// The schema of a value of a shape without keys of its own.
fn of_leaf(shape: &Shape) -> Value {
    match shape {
        Shape::Text => json!({ "type": ["string", "number", "boolean"] }),
        Shape::String => json!({ "type": "string" }),
        Shape::Texts => json!({
            "type": ["string", "number", "boolean", "array"],
            "items": { "type": ["string", "number", "boolean"] }
        }),
        Shape::Bool => json!({ "type": "boolean" }),
        Shape::Count => json!({ "type": "integer", "minimum": 0 }),
        Shape::Number => json!({ "type": "number" }),
        Shape::StatusCode => json!({
            "type": ["integer", "string"],
            "minimum": 100,
            "maximum": 599,
            "pattern": "^\\s*[1-5][0-9][0-9]\\s*$"
        }),
        Shape::Null => json!({ "type": "null" }),
        Shape::Keyword(names) => keyword(names),
        Shape::Word(names) => json!({ "enum": names }),
        Shape::Shorthand => json!({
            "type": "string",
            "pattern": "\\S",
            "description": "The field shorthand: `TYPE (CONSTRAINTS) -- DESCRIPTION`, e.g. `string (required, max 50 chars) -- the customer's name`",
            "markdownDescription": format!("The field shorthand: `TYPE (CONSTRAINTS) -- DESCRIPTION`, e.g. `string (required, max 50 chars) -- the customer's name`\n\n[Reference]({BOOK_URL}reference.html#the-field-shorthand)"),
        }),
        Shape::Field | Shape::Fields | Shape::Body | Shape::Steps => {
            let name = NAMED
                .iter()
                .find(|(named, _, _)| named == shape)
                .map_or("field", |(_, name, _)| name);
            json!({ "$ref": format!("#/$defs/{name}") })
        }
        // Any value, and shapes with keys (written by `Writer::of_shape`).
        _ => json!({}),
    }
}

/// One of `names`, in any case and with blanks around it, as the loader reads keywords:
/// editors offer the names as written and accept any spelling the build accepts.
fn keyword(names: &[&str]) -> Value {
    let any_case: Vec<String> = names
        .iter()
        .map(|name| {
            name.chars()
                .map(|c| {
                    let (lower, upper) = (c.to_ascii_lowercase(), c.to_ascii_uppercase());
                    if lower == upper {
                        regex_escape(c)
                    } else {
                        format!("[{lower}{upper}]")
                    }
                })
                .collect()
        })
        .collect();
    json!({
        "anyOf": [
            { "enum": names },
            { "type": "string", "pattern": format!("^\\s*({})\\s*$", any_case.join("|")) }
        ]
    })
}

fn regex_escape(c: char) -> String {
    if "\\^$.|?*+()[]{}/".contains(c) {
        format!("\\{c}")
    } else {
        c.to_string()
    }
}

/// A schema that also takes an empty value. Where it has a `type`, `null` joins it (the other
/// keywords only constrain values of their own type); otherwise it becomes one choice of two.
fn nullable(schema: Value) -> Value {
    let Value::Object(mut object) = schema else {
        return schema;
    };
    let empty = object.is_empty();
    match object.get_mut("type") {
        Some(Value::String(name)) if name == "null" => {}
        Some(Value::String(name)) => {
            let name = std::mem::take(name);
            object.insert("type".into(), json!([name, "null"]));
        }
        Some(Value::Array(names)) => names.push("null".into()),
        Some(_) => {}
        None if empty => {}
        None => return json!({ "anyOf": [Value::Object(object), { "type": "null" }] }),
    }
    Value::Object(object)
}

/// Gives `schema` its description: `doc`, the allowed keywords, and a link to the reference.
fn describe(schema: &mut Value, doc: &str, anchor: &str, keywords: Option<&[&str]>) {
    let Value::Object(schema) = schema else {
        return;
    };
    let allowed = keywords.map(|names| {
        let names: Vec<String> = names.iter().map(|name| format!("`{name}`")).collect();
        format!("One of: {}.", names.join(", "))
    });
    let url = format!("{BOOK_URL}reference.html#{anchor}");
    let mut plain = doc.to_owned();
    let mut markdown = doc.to_owned();
    if let Some(allowed) = &allowed {
        plain.push_str(&format!("\n\n{}", allowed.replace('`', "")));
        markdown.push_str(&format!("\n\n{allowed}"));
    }
    plain.push_str(&format!("\n\nReference: {url}"));
    markdown.push_str(&format!("\n\n[Reference]({url})"));
    schema.insert("description".into(), plain.into());
    schema.insert("markdownDescription".into(), markdown.into());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn valid(schema: &Value, instance: &Value) -> bool {
        jsonschema::options()
            .with_draft(jsonschema::Draft::Draft202012)
            .build(schema)
            .expect("the schema compiles")
            .is_valid(instance)
    }

    #[test]
    fn keywords_are_taken_in_any_case() {
        let schema = keyword(&["GET", "POST", "client_credentials"]);
        for good in ["GET", "post", " Post ", "CLIENT_CREDENTIALS"] {
            assert!(valid(&schema, &json!(good)), "{good}");
        }
        for bad in ["PUT", "GETS", "client-credentials", ""] {
            assert!(!valid(&schema, &json!(bad)), "{bad}");
        }
    }

    #[test]
    fn empty_values_count_as_absent_for_optional_keys_only() {
        let mut writer = Writer {
            uses: HashMap::new(),
            names: HashMap::new(),
            defs: Map::new(),
        };
        let schema = Value::Object(writer.of_keys(
            &[
                Key::required("title", Shape::Text, "The title"),
                Key::optional("status", Shape::Keyword(&["draft"]), "The status"),
                Key::optional("contact", Shape::Mapping(&[]), "Who"),
            ],
            Some("info"),
        ));
        assert!(valid(
            &schema,
            &json!({ "title": "T", "status": null, "contact": null })
        ));
        assert!(valid(&schema, &json!({ "title": 1.0, "x-owner": [1] })));
        assert!(!valid(&schema, &json!({ "title": null })));
        assert!(!valid(&schema, &json!({ "status": "draft" })));
        assert!(!valid(&schema, &json!({ "title": "T", "titel": "T" })));
    }

    #[test]
    fn every_link_leads_to_a_heading_of_the_reference() {
        let reference = include_str!("../../../example-book/src/reference.md");
        let ids = crate::markdown::heading_ids(reference);
        for anchor in anchors() {
            assert!(
                ids.iter().any(|id| id == anchor),
                "no heading `{anchor}`: {ids:?}"
            );
        }
    }

    #[test]
    fn the_schema_compiles_and_names_every_top_level_key() {
        let schema = format_schema();
        valid(&schema, &json!({}));
        let properties = schema["properties"].as_object().unwrap();
        for key in Lower::TOP_LEVEL {
            let described = properties[key.name]["description"].as_str().unwrap();
            assert!(described.starts_with(key.doc), "{}", key.name);
            assert!(
                described.contains(&format!("{BOOK_URL}reference.html#")),
                "{}",
                key.name
            );
        }
    }
}
