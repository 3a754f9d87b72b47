//! Field blocks that several sections share: field tables (nested objects flattened to `a.b`,
//! `a[].b`), types with model names linked, a field's rules, JSON as shown, HTTP status titles
//! and endpoint signatures. Kept apart from any one section so endpoints, webhooks, models
//! and the catalogues draw them the same way.

use serde_json::Value;

use super::doc::{Doc, Inline, code, strong, text};
use super::prose::{prose_cell, prose_line};
use crate::spec::{Endpoint, Field, FieldType, Fields, Kind, Sla, Spec, System};

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
    let rules = rules(field);
    if !description.is_empty() && !rules.is_empty() {
        description.push(Inline::CellBreak);
    }
    description.extend(rules);
    rows.push(vec![
        vec![code(full_name.clone())],
        type_inlines(doc, &field.ty),
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
        other => vec![text(other.shorthand())],
    }
}

/// A field's rules: bounds, lengths, sizes, decimal places, format, default, example and
/// deprecation, one after another.
pub(super) fn rules(field: &Field) -> Vec<Inline> {
    let mut parts: Vec<Vec<Inline>> = field
        .constraints
        .describe(&field.ty)
        .into_iter()
        .map(|rule| vec![text(rule)])
        .collect();
    if let Some(pattern) = &field.constraints.pattern {
        parts.push(vec![text("format "), code(pattern.clone())]);
    }
    let notes = &field.schema_notes;
    if let Some(format) = &notes.format {
        parts.push(vec![text("format "), code(format.clone())]);
    }
    if let Some(constant) = &notes.constant {
        parts.push(vec![text("always "), code(compact(constant))]);
    }
    if let Some(not) = &notes.not {
        parts.push(vec![text("not "), code(compact(not))]);
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
    if field.deprecated {
        parts.push(vec![strong("deprecated")]);
    }
    let mut res = Vec::new();
    for (idx, part) in parts.into_iter().enumerate() {
        if idx > 0 {
            res.push(text("; "));
        }
        res.extend(part);
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

/// `404 Not Found`
pub(super) fn status_title(status: u16) -> String {
    match status_reason(status) {
        Some(reason) => format!("{status} {reason}"),
        None => status.to_string(),
    }
}

fn status_reason(status: u16) -> Option<&'static str> {
    Some(match status {
        100 => "Continue",
        101 => "Switching Protocols",
        200 => "OK",
        201 => "Created",
        202 => "Accepted",
        203 => "Non-Authoritative Information",
        204 => "No Content",
        206 => "Partial Content",
        207 => "Multi-Status",
        301 => "Moved Permanently",
        302 => "Found",
        303 => "See Other",
        304 => "Not Modified",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        400 => "Bad Request",
        401 => "Unauthorized",
        402 => "Payment Required",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        406 => "Not Acceptable",
        408 => "Request Timeout",
        409 => "Conflict",
        410 => "Gone",
        411 => "Length Required",
        412 => "Precondition Failed",
        413 => "Content Too Large",
        414 => "URI Too Long",
        415 => "Unsupported Media Type",
        418 => "I'm a teapot",
        422 => "Unprocessable Content",
        423 => "Locked",
        425 => "Too Early",
        428 => "Precondition Required",
        429 => "Too Many Requests",
        431 => "Request Header Fields Too Large",
        451 => "Unavailable For Legal Reasons",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        507 => "Insufficient Storage",
        _ => return None,
    })
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
