//! Choices of types in the JSON Schema that checks examples, and what their findings say.
//!
//! A choice with a discriminator becomes one `if`/`then` per variant: the value of the
//! discriminator property picks the variant, and only that variant is checked, so a finding
//! names it ("does not match `Card`, the variant `type: card` selects"). A value that picks no
//! variant fails the choice's own check, which lists the values. Both parts carry a marker
//! (`x-variant`, `x-choice`) that the validator ignores; a finding's evaluation path is walked
//! through the schema to find the markers it passed.

use serde_json::{Value, json};

use crate::spec::{Spec, Union, UnionKind, variant_values};

/// Marks the object of one variant: its model's name (or type), and what selects it.
const VARIANT: &str = "x-variant";
/// Marks a choice's own check (the discriminator's presence and value), or its `oneOf` /
/// `anyOf`: the choice's name.
const CHOICE: &str = "x-choice";
/// The discriminator property of a choice, beside [`CHOICE`].
const PROPERTY: &str = "x-property";
/// The values and the variants they select, as help text, beside [`CHOICE`].
const VALUES: &str = "x-values";

/// The schema of a choice named `label` (a model's name, or the type as the shorthand writes
/// it); `schema_of` gives each variant's.
pub(super) fn union_schema(
    spec: &Spec,
    union: &Union,
    label: &str,
    schema_of: &dyn Fn(&crate::spec::Field) -> Value,
) -> Value {
    let variant_names: Vec<String> = union
        .variants
        .iter()
        .map(|variant| variant.ty.shorthand())
        .collect();
    let Some(discriminator) = &union.discriminator else {
        let keyword = match union.kind {
            UnionKind::OneOf => "oneOf",
            UnionKind::AnyOf => "anyOf",
        };
        let variants: Vec<Value> = union.variants.iter().map(schema_of).collect();
        return json!({ keyword: variants, CHOICE: label, VALUES: variant_names });
    };
    let property = &discriminator.property;
    let values = variant_values(&spec.models, union);
    let all: Vec<&String> = values.iter().flatten().collect();
    let listed: Vec<String> = values
        .iter()
        .zip(&variant_names)
        .filter(|(values, _)| !values.is_empty())
        .map(|(values, name)| {
            let values: Vec<String> = values.iter().map(|value| format!("`{value}`")).collect();
            format!("{} for {name}", values.join(" or "))
        })
        .collect();
    let mut parts = vec![json!({
        CHOICE: label,
        PROPERTY: property,
        VALUES: listed.join(", "),
        "type": "object",
        "required": [property],
        "properties": { property: { "enum": all } },
    })];
    for ((variant, values), name) in union.variants.iter().zip(&values).zip(&variant_names) {
        if values.is_empty() {
            continue;
        }
        parts.push(json!({
            VARIANT: name,
            PROPERTY: property,
            "if": { "required": [property], "properties": { property: { "enum": values } } },
            "then": schema_of(variant),
        }));
    }
    json!({ "allOf": parts })
}

/// The markers a finding passed on its way through the schema.
#[derive(Debug, Default, PartialEq)]
pub(super) struct Passed {
    /// The variant the finding is inside: its name, the discriminator property that selects
    /// it, and how many levels into the instance it applies.
    pub(super) variant: Option<(String, String, usize)>,
    /// Else the choice whose own check failed: its name, discriminator property and values.
    pub(super) choice: Option<Choice>,
}

/// A choice whose own check a finding comes from.
#[derive(Debug, Default, PartialEq)]
pub(super) struct Choice {
    pub(super) label: String,
    pub(super) property: Option<String>,
    /// For a discriminator: the values and what each selects; else the variants' names.
    pub(super) values: Value,
    /// How many levels into the instance the choice applies.
    pub(super) depth: usize,
}

/// Walks `evaluation_path` (a JSON pointer through `root`, `$ref`s included) and keeps the
/// innermost marker on the way: the finding is about that variant, or that choice's own
/// check.
pub(super) fn passed(root: &Value, evaluation_path: &str) -> Passed {
    let mut res = Passed::default();
    let mut node = root;
    let mut depth = 0;
    let segments: Vec<String> = evaluation_path
        .split('/')
        .skip(1)
        .map(|segment| segment.replace("~1", "/").replace("~0", "~"))
        .collect();
    let mut idx = 0;
    while idx < segments.len() {
        let segment = segments[idx].as_str();
        if let Some(name) = node.get(VARIANT).and_then(Value::as_str) {
            let property = node
                .get(PROPERTY)
                .and_then(Value::as_str)
                .unwrap_or_default();
            res.variant = Some((name.to_owned(), property.to_owned(), depth));
            res.choice = None;
        }
        if let Some(label) = node.get(CHOICE).and_then(Value::as_str) {
            res.variant = None;
            res.choice = Some(Choice {
                label: label.to_owned(),
                property: node
                    .get(PROPERTY)
                    .and_then(Value::as_str)
                    .map(str::to_owned),
                values: node.get(VALUES).cloned().unwrap_or(Value::Null),
                depth,
            });
        }
        // Keywords that apply their schema to a part of the instance go one level down.
        match segment {
            "properties" | "patternProperties" | "prefixItems" => {
                depth += 1;
                idx += 1;
                node = segments
                    .get(idx)
                    .and_then(|key| node.get(segment)?.get(key.as_str()))
                    .unwrap_or(&Value::Null);
            }
            "items"
            | "additionalProperties"
            | "unevaluatedProperties"
            | "unevaluatedItems"
            | "contains"
            | "additionalItems" => {
                depth += 1;
                node = node.get(segment).unwrap_or(&Value::Null);
            }
            "$ref" => {
                node = node
                    .get("$ref")
                    .and_then(Value::as_str)
                    .and_then(|reference| reference.strip_prefix('#'))
                    .and_then(|pointer| root.pointer(pointer))
                    .unwrap_or(&Value::Null);
            }
            _ => {
                node = match node {
                    Value::Array(items) => segment
                        .parse::<usize>()
                        .ok()
                        .and_then(|idx| items.get(idx))
                        .unwrap_or(&Value::Null),
                    other => other.get(segment).unwrap_or(&Value::Null),
                };
            }
        }
        idx += 1;
    }
    res
}

/// A choice's values for a help text: "`card` for Card, `bank_transfer` for BankTransfer", or
/// the variants' names.
pub(super) fn listed(values: &Value) -> String {
    match values {
        Value::String(text) => text.clone(),
        Value::Array(names) => names
            .iter()
            .filter_map(Value::as_str)
            .map(|name| format!("`{name}`"))
            .collect::<Vec<_>>()
            .join(", "),
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_innermost_marker_on_the_way_names_the_variant_and_its_depth() {
        let root = json!({
            "$defs": {
                "Pay": { "allOf": [
                    { CHOICE: "Pay", PROPERTY: "type", VALUES: "`card` for Card", "properties": { "type": { "enum": ["card"] } } },
                    { VARIANT: "Card", PROPERTY: "type", "then": { "$ref": "#/$defs/Card" } },
                ] },
                "Card": { "properties": { "last4": { "pattern": "x" } } },
            },
            "properties": { "e0": { "properties": { "method": { "$ref": "#/$defs/Pay" } } } },
        });
        let inside = passed(
            &root,
            "/properties/e0/properties/method/$ref/allOf/1/then/$ref/properties/last4/pattern",
        );
        assert_eq!(
            inside.variant,
            Some(("Card".to_owned(), "type".to_owned(), 2))
        );
        assert_eq!(inside.choice, None);
        let own = passed(
            &root,
            "/properties/e0/properties/method/$ref/allOf/0/properties/type/enum",
        );
        assert_eq!(own.variant, None);
        let choice = own.choice.unwrap();
        assert_eq!((choice.label.as_str(), choice.depth), ("Pay", 2));
        assert_eq!(listed(&choice.values), "`card` for Card");
        assert_eq!(listed(&json!(["Card", "Bank"])), "`Card`, `Bank`");
        // A path that leads nowhere passes no marker.
        assert_eq!(
            passed(&root, "/properties/nothing/$ref/x"),
            Passed::default()
        );
    }
}
