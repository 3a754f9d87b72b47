//! Field blocks that several sections share: field tables (nested objects flattened to `a.b`,
//! `a[].b`), types with model names linked, a field's rules, JSON as shown, HTTP status titles
//! and endpoint signatures. Kept apart from any one section so endpoints, webhooks, models
//! and the catalogues draw them the same way.

use serde_json::Value;

use super::doc::{Doc, Inline, code, strong, text};
use super::prose::{prose, prose_cell, prose_line};
use crate::select::Section;
use crate::spec::{
    Deprecation, Endpoint, Field, FieldType, Fields, Kind, ResponseStatus, Sla, Spec, System,
};

/// `POST /api/v1/orders`
pub(super) fn signature(endpoint: &Endpoint) -> String {
    format!("{} {}", endpoint.method.as_str(), endpoint.path)
}

pub(super) fn pretty_json(value: &Value) -> String {
    serde_json::to_string_pretty(value).unwrap_or_else(|_| value.to_string())
}

/// Field | Type | Required | Description; nested objects flatten to `a.b`, `a[].b`.
pub(super) fn field_table(doc: &mut Doc<'_>, fields: &Fields) {
    let mut rows = Vec::new();
    field_rows(doc, "", fields, &mut rows);
    doc.table(&["Field", "Type", "Required", "Description"], rows);
}

/// The last row of a model's field table when it accepts other fields: their type and what
/// is said of them.
pub(super) fn other_fields_row(doc: &Doc<'_>, extra: &Field) -> Vec<Vec<Inline>> {
    let mut description = prose_cell(doc, extra.description.as_ref());
    let mut rules = rules(doc, extra);
    if description.is_empty() && rules.is_empty() {
        rules.push(text("additional fields allowed"));
    }
    if !description.is_empty() && !rules.is_empty() {
        description.push(Inline::CellBreak);
    }
    description.extend(rules);
    vec![
        vec![text("any other field")],
        field_type_inlines(doc, extra),
        vec![text("no")],
        description,
    ]
}

/// The rows of a field table, names under `parent`; the request table adds a column to them.
pub(super) fn field_rows(
    doc: &Doc<'_>,
    parent: &str,
    fields: &Fields,
    rows: &mut Vec<Vec<Vec<Inline>>>,
) {
    for (name, field) in fields {
        field_row(doc, parent, name, field, rows);
    }
}

/// The row of one field, then the rows of the fields inside it.
pub(super) fn field_row(
    doc: &Doc<'_>,
    parent: &str,
    name: &str,
    field: &Field,
    rows: &mut Vec<Vec<Vec<Inline>>>,
) {
    let full_name = format!("{parent}{name}");
    // The rules go under the description, in one column: a column of their own made
    // tables with long patterns and examples wider than a page.
    let mut description = prose_cell(doc, field.description.as_ref());
    let rules = rules(doc, field);
    if !description.is_empty() && !rules.is_empty() {
        description.push(Inline::CellBreak);
    }
    description.extend(rules);
    rows.push(vec![
        vec![code(full_name.clone())],
        field_type_inlines(doc, field),
        vec![text(if field.required { "yes" } else { "no" })],
        description,
    ]);
    match &field.ty {
        FieldType::Object(children) if !children.is_empty() => {
            field_rows(doc, &format!("{full_name}."), children, rows);
        }
        FieldType::Array(item) => {
            if let FieldType::Object(children) = item.as_ref()
                && !children.is_empty()
            {
                field_rows(doc, &format!("{full_name}[]."), children, rows);
            }
        }
        // The fields an `allOf` adds inline flatten like an object's.
        FieldType::AllOf(parts) => {
            for part in parts {
                if let FieldType::Object(children) = &part.ty {
                    field_rows(doc, &format!("{full_name}."), children, rows);
                }
            }
        }
        _ => {}
    }
}

/// A type, with model names linked to their models.
pub(super) fn type_inlines(doc: &Doc<'_>, ty: &FieldType) -> Vec<Inline> {
    match ty {
        FieldType::Model(name) => vec![doc.link_to(Kind::Model, name, vec![text(name.clone())])],
        FieldType::Array(item) => {
            let mut res = vec![text("array of ")];
            res.extend(type_inlines(doc, item));
            res
        }
        FieldType::Map(item) => {
            let mut res = vec![text("map of ")];
            res.extend(type_inlines(doc, item));
            res
        }
        FieldType::Enum(values) => {
            let mut res = vec![text("one of ")];
            for (idx, value) in values.iter().enumerate() {
                if idx > 0 {
                    res.push(text(", "));
                }
                res.push(code(value.clone()));
            }
            res
        }
        // `one of Card, BankTransfer by `type``
        FieldType::Union(union) => {
            let mut res = vec![text(format!("{} ", union.kind.words()))];
            for (idx, variant) in union.variants.iter().enumerate() {
                if idx > 0 {
                    res.push(text(", "));
                }
                res.extend(type_inlines(doc, &variant.ty));
            }
            if let Some(discriminator) = &union.discriminator {
                res.push(text(" by "));
                res.push(code(discriminator.property.clone()));
            }
            res
        }
        // `Base with more fields` when inline fields (flattened below) add to models, else
        // `all of A, B`.
        FieldType::AllOf(parts) => {
            let (objects, others): (Vec<&Field>, Vec<&Field>) = parts.iter().partition(
                |part| matches!(&part.ty, FieldType::Object(fields) if !fields.is_empty()),
            );
            let mut res = Vec::new();
            if objects.is_empty() || others.is_empty() {
                res.push(text("all of "));
            }
            let shown = if others.is_empty() { &objects } else { &others };
            for (idx, part) in shown.iter().enumerate() {
                if idx > 0 {
                    res.push(text(", "));
                }
                res.extend(type_inlines(doc, &part.ty));
            }
            if !objects.is_empty() && !others.is_empty() {
                res.push(text(" with more fields"));
            }
            res
        }
        other => vec![text(other.shorthand())],
    }
}

/// The conventional error body as a type: its model, or a link to the conventions that list
/// its fields.
pub(super) fn error_body_inlines(doc: &Doc<'_>, body: &Field) -> Vec<Inline> {
    match &body.ty {
        FieldType::Object(_) => {
            let content = vec![text("the error body of the conventions")];
            vec![
                match doc.section_link_dest(Section::Conventions, "errors") {
                    Some(dest) => Inline::Link { dest, content },
                    None => text("the error body of the conventions"),
                },
            ]
        }
        ty => type_inlines(doc, ty),
    }
}

/// Whether a field written as JSON Schema is an object (or an array of objects) with fields
/// that accepts others too, as JSON Schema objects do unless `additionalProperties: false`.
fn open_object(field: &Field) -> Option<&'static str> {
    let schema = field.schema.as_ref()?;
    let is_open = |object: &serde_json::Value| {
        object.get("properties").is_some()
            && object.get("additionalProperties") != Some(&Value::Bool(false))
    };
    // Items lowered into a field of their own hold their schema there.
    let items = field
        .schema_notes
        .item
        .as_deref()
        .and_then(|item| item.schema.as_ref())
        .or_else(|| schema.get("items"));
    match &field.ty {
        FieldType::Object(fields) if !fields.is_empty() && is_open(schema) => {
            Some("additional fields allowed")
        }
        FieldType::AllOf(_) if is_open(schema) => Some("additional fields allowed"),
        FieldType::Array(item)
            if matches!(item.as_ref(), FieldType::Object(fields) if !fields.is_empty())
                && items.is_some_and(is_open) =>
        {
            Some("items allow additional fields")
        }
        _ => None,
    }
}

/// A field's rules: bounds, lengths, sizes, decimal places, pattern, format, content,
/// default, example and deprecation, one after another, then what its items or values say.
pub(super) fn rules(doc: &Doc<'_>, field: &Field) -> Vec<Inline> {
    rules_of(doc, field, true, "; ")
}

/// A field's rules, each after `separator`; `openness` says whether to say that an object
/// accepts other fields (an array's items say it on the array's line).
fn rules_of(doc: &Doc<'_>, field: &Field, openness: bool, separator: &str) -> Vec<Inline> {
    let mut parts: Vec<Vec<Inline>> = field
        .constraints
        .describe(&field.ty)
        .into_iter()
        .map(|rule| vec![text(rule)])
        .collect();
    if let Some(pattern) = &field.constraints.pattern {
        parts.push(vec![text("pattern "), code(pattern.clone())]);
    }
    let notes = &field.schema_notes;
    if let Some(format) = &notes.format {
        parts.push(vec![text("format "), code(format.clone())]);
    }
    match (&notes.content_media_type, &notes.content_encoding) {
        (Some(media_type), encoding) => {
            let mut part = vec![text("content "), code(media_type.clone())];
            if let Some(encoding) = encoding {
                part.push(text(format!(", {encoding}")));
            }
            parts.push(part);
        }
        (None, Some(encoding)) => parts.push(vec![text(format!("content {encoding}"))]),
        (None, None) => {}
    }
    if let Some(constant) = &notes.constant {
        parts.push(vec![text("always "), code(compact(constant))]);
    }
    if let Some(not) = &notes.not {
        // As written: a shorthand string, or the JSON Schema object.
        let written = field
            .schema
            .as_ref()
            .and_then(|schema| schema.get("not"))
            .map_or_else(|| not.ty.shorthand(), compact);
        parts.push(vec![text("not "), code(written)]);
    }
    if !notes.required_properties.is_empty() {
        let mut part = vec![text("requires ")];
        for (idx, name) in notes.required_properties.iter().enumerate() {
            if idx > 0 {
                part.push(text(", "));
            }
            part.push(code(name.clone()));
        }
        parts.push(part);
    }
    if let Some(part) = discriminator_mapping(doc, &field.ty) {
        parts.push(part);
    }
    if notes.read_only {
        parts.push(vec![text("read-only: in responses only")]);
    }
    if notes.write_only {
        parts.push(vec![text("write-only: in requests only")]);
    }
    if let Some(default) = &field.default {
        parts.push(vec![text("default "), code(compact(default))]);
    }
    if let Some(example) = &field.example {
        let mut part = vec![text("example "), code(compact(example))];
        for more in &notes.more_examples {
            part.push(text(", "));
            part.push(code(compact(more)));
        }
        if !notes.more_examples.is_empty() {
            part[0] = text("examples ");
        }
        parts.push(part);
    }
    match (&notes.additional, open_object(field)) {
        _ if !openness => {}
        // What an object accepts beyond its properties, when a schema says.
        (Some(additional), _) if matches!(field.ty, FieldType::Object(_) | FieldType::AllOf(_)) => {
            let mut part = vec![text("other fields: ")];
            part.extend(field_type_inlines(doc, additional));
            parts.push(part);
        }
        (_, Some(open)) => parts.push(vec![text(open)]),
        _ => {}
    }
    if field.deprecated {
        parts.push(vec![strong("deprecated")]);
    }
    // What an array's items or a map's values say beyond their type.
    if let Some(item) = &notes.item {
        let mut said = prose_cell(doc, item.description.as_ref());
        let item_rules = rules_of(doc, item, false, ", ");
        if !said.is_empty() && !item_rules.is_empty() {
            said.push(text(", "));
        }
        said.extend(item_rules);
        if !said.is_empty() {
            let label = match field.ty {
                FieldType::Map(_) => "values: ",
                _ => "items: ",
            };
            let mut part = vec![text(label)];
            part.extend(said);
            parts.push(part);
        }
    }
    let mut res = Vec::new();
    for (idx, part) in parts.into_iter().enumerate() {
        if idx > 0 {
            res.push(text(separator));
        }
        res.extend(part);
    }
    res
}

/// A choice's discriminator mapping, as written: "`type: card` selects Card, ...".
fn discriminator_mapping(doc: &Doc<'_>, ty: &FieldType) -> Option<Vec<Inline>> {
    let FieldType::Union(union) = ty else {
        return None;
    };
    let discriminator = union.discriminator.as_ref()?;
    if discriminator.mapping.is_empty() {
        return None;
    }
    let mut part = Vec::new();
    for (idx, (value, model)) in discriminator.mapping.iter().enumerate() {
        if idx > 0 {
            part.push(text(", "));
        }
        part.push(code(format!("{}: {value}", discriminator.property)));
        part.push(text(" selects "));
        part.push(doc.link_to(Kind::Model, model, vec![text(model.clone())]));
    }
    Some(part)
}

/// A field's type, with the other types a JSON Schema `type` list allows (`string | null`),
/// and those of its items or values.
pub(super) fn field_type_inlines(doc: &Doc<'_>, field: &Field) -> Vec<Inline> {
    let notes = &field.schema_notes;
    let mut res = match (&field.ty, &notes.item) {
        (FieldType::Array(_) | FieldType::Map(_), Some(item))
            if !item.schema_notes.other_types.is_empty() =>
        {
            let mut res = vec![text(match field.ty {
                FieldType::Map(_) => "map of (",
                _ => "array of (",
            })];
            res.extend(field_type_inlines(doc, item));
            res.push(text(")"));
            res
        }
        (ty, _) => type_inlines(doc, ty),
    };
    for other in &notes.other_types {
        res.push(text(format!(" | {other}")));
    }
    res
}

pub(super) fn compact(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

pub(super) fn systems_of(spec: &Spec) -> &[System] {
    spec.overview
        .as_ref()
        .map_or(&[], |overview| overview.systems.as_slice())
}

/// `404 Not Found`, `4XX Client error`, `Any other status`.
pub(super) fn response_title(status: ResponseStatus) -> String {
    match status {
        ResponseStatus::Code(code) => status_title(code),
        ResponseStatus::Range(class) => {
            let reason = match class {
                1 => "Informational",
                2 => "Success",
                3 => "Redirection",
                4 => "Client error",
                _ => "Server error",
            };
            format!("{status} {reason}")
        }
        ResponseStatus::Default => "Any other status".to_owned(),
    }
}

/// `404 Not Found`
pub(super) fn status_title(status: u16) -> String {
    match crate::spec::reason_phrase(status) {
        Some(reason) => format!("{status} {reason}"),
        None => status.to_string(),
    }
}

/// An SLA on one line: its text, or its targets with the support hours.
pub(super) fn sla_line(doc: &Doc<'_>, sla: &Sla) -> Vec<Inline> {
    match sla {
        Sla::Text(value) => prose_line(doc, value),
        Sla::Targets(targets) => {
            let mut parts = Vec::new();
            if let Some(uptime) = &targets.uptime {
                parts.push(format!("{uptime} uptime"));
            }
            for (label, value) in [
                ("p50", targets.p50_ms),
                ("p95", targets.p95_ms),
                ("p99", targets.p99_ms),
            ] {
                if let Some(ms) = value {
                    parts.push(format!("{label} < {ms} ms"));
                }
            }
            let mut line = vec![text(parts.join(", "))];
            if let Some(support) = &targets.support {
                if !parts.is_empty() {
                    line.push(text(", "));
                }
                line.push(text("support: "));
                line.extend(prose_line(doc, support));
            }
            line
        }
    }
}

/// The notice of an endpoint or a webhook that is going away: since when, its sunset, and
/// what to use instead (linked, shown as `replacement` makes it).
pub(super) fn deprecation_notice(
    doc: &mut Doc<'_>,
    kind: Kind,
    deprecation: &Deprecation,
    replacement: impl Fn(&str) -> Inline,
) {
    let mut notice = vec![strong("Deprecated")];
    if let Some(since) = &deprecation.since {
        notice.push(text(format!(" since {since}")));
    }
    notice.push(text("."));
    if let Some(sunset) = &deprecation.sunset {
        notice.push(text(format!(" Sunset: {sunset}.")));
    }
    if let Some(id) = &deprecation.replacement {
        notice.push(text(" Use "));
        notice.push(doc.link_to(kind, id, vec![replacement(id)]));
        notice.push(text(" instead."));
    }
    doc.blockquote(|doc| {
        doc.paragraph(notice);
        if let Some(note) = &deprecation.note {
            prose(doc, note);
        }
    });
}
