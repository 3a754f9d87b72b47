//! Bodies in their media types, for requests, responses, webhooks and callbacks: for each
//! media type the body (a link to its model, a field table, or for multipart bodies a table
//! of parts with the media types they are sent as) and its samples, one after another, each
//! shown the way its media type is written (JSON, a table of parts, CSV or XML as written, a
//! file's name).

use serde_json::Value;

use super::blocks::{
    compact, field_rows, field_table, field_type_inlines, pretty_json, rules, type_inlines,
};
use super::doc::{Doc, Inline, code, text};
use super::prose::prose;
use crate::spec::content::{MediaKind, essence, media_kind};
use crate::spec::{Content, Example, Field, FieldType, Fields, MediaType, Spec};

/// Every media type of `content`, each introduced as `{label} (media type)`. `first_sample`
/// is the first sample of the first media type as [`sample_text`] writes it, when the caller
/// has it already.
pub(super) fn render_content(
    doc: &mut Doc<'_>,
    spec: &Spec,
    label: &str,
    content: &Content,
    first_sample: Option<&str>,
) {
    for (idx, (media_type, media)) in content.media_types.iter().enumerate() {
        body_intro(doc, spec, label, media_type, media);
        render_samples(doc, media_type, media, first_sample.filter(|_| idx == 0));
    }
}

/// A body of one type alone, without samples: `{label} (media type): Type` or a field table.
pub(super) fn render_body(
    doc: &mut Doc<'_>,
    spec: &Spec,
    label: &str,
    media_type: &str,
    body: &Field,
) {
    let media = MediaType {
        schema: Some(body.clone()),
        ..MediaType::default()
    };
    body_intro(doc, spec, label, media_type, &media);
}

/// One unnamed sample of a body in `media_type`.
pub(super) fn render_sample(doc: &mut Doc<'_>, media_type: &str, value: &Value) {
    let written = sample_text(media_type, value);
    sample_block(
        doc,
        media_type,
        &MediaType::default(),
        None,
        value,
        &written,
    );
}

/// The samples of a body in one media type; `first_sample` as in [`render_content`].
pub(super) fn render_samples(
    doc: &mut Doc<'_>,
    media_type: &str,
    media: &MediaType,
    first_sample: Option<&str>,
) {
    for (position, (name, value)) in media.samples().enumerate() {
        let written = match (position, first_sample) {
            (0, Some(text)) => text.to_owned(),
            _ => sample_text(media_type, value),
        };
        let example = name.and_then(|name| media.examples.get(name).map(|ex| (name, ex)));
        sample_block(doc, media_type, media, example, value, &written);
    }
}

/// A sample as its code block shows it, and as a `curl` command sends it: JSON pretty-printed,
/// text as written.
pub(super) fn sample_text(media_type: &str, value: &Value) -> String {
    match (media_kind(media_type), value) {
        (MediaKind::Other, Value::String(text)) => text.clone(),
        (MediaKind::Other, Value::Number(_) | Value::Bool(_)) => compact(value),
        _ => pretty_json(value),
    }
}

/// The fields of a body that has them (an object's, a model's): the parts of a multipart body.
pub(super) fn fields_of<'s>(spec: &'s Spec, ty: &'s FieldType) -> Option<&'s Fields> {
    match ty {
        FieldType::Object(fields) if !fields.is_empty() => Some(fields),
        FieldType::Model(name) => spec.models.get(name).map(|model| &model.fields),
        _ => None,
    }
}

/// The media type a part is sent as, when the spec says: its `encoding`'s, or its schema's
/// `contentMediaType`. Without one, OpenAPI's defaults apply (`text/plain`, JSON for objects
/// and arrays, `application/octet-stream` for files), which curl picks alike.
pub(super) fn part_media_type(media: &MediaType, name: &str, field: &Field) -> Option<String> {
    media
        .encoding
        .get(name)
        .and_then(|encoding| encoding.content_type.clone())
        .or_else(|| {
            field
                .schema
                .as_ref()
                .and_then(|schema| schema.get("contentMediaType"))
                .and_then(Value::as_str)
                .map(str::to_owned)
        })
}

/// `Body (media type): Type`, a field table, or the table of a multipart body's parts.
fn body_intro(doc: &mut Doc<'_>, spec: &Spec, label: &str, media_type: &str, media: &MediaType) {
    // Plain labels: these repeat for every endpoint, and emphasis makes the serialiser verify
    // each paragraph by parsing it again.
    let mut intro = vec![
        text(format!("{label} (")),
        code(media_type.to_owned()),
        text(")"),
    ];
    let Some(body) = &media.schema else {
        doc.paragraph(intro);
        return;
    };
    let parts = match media_kind(media_type) {
        MediaKind::Multipart => fields_of(spec, &body.ty),
        _ => None,
    };
    if let Some(parts) = parts {
        if let FieldType::Model(_) = body.ty {
            intro.push(text(": "));
            intro.extend(type_inlines(doc, &body.ty));
        }
        intro.push(text(", one part per field:"));
        doc.paragraph(intro);
        parts_table(doc, media, parts);
    } else {
        match &body.ty {
            FieldType::Object(fields) if !fields.is_empty() => {
                intro.push(text(":"));
                doc.paragraph(intro);
                field_table(doc, fields);
                return;
            }
            _ => {
                intro.push(text(": "));
                intro.extend(field_type_inlines(doc, body));
                let rules = rules(doc, body);
                if !rules.is_empty() {
                    intro.push(text(" ("));
                    intro.extend(rules);
                    intro.push(text(")"));
                }
                // A list of objects written in place (as OpenAPI documents often answer a
                // list): the fields of each item, as a nested list's are shown.
                match &body.ty {
                    FieldType::Array(item) => match item.as_ref() {
                        FieldType::Object(fields) if !fields.is_empty() => {
                            intro.push(text(", each item:"));
                            doc.paragraph(intro);
                            field_table(doc, fields);
                        }
                        _ => doc.paragraph(intro),
                    },
                    _ => doc.paragraph(intro),
                }
            }
        }
    }
    if let Some(description) = &body.description {
        prose(doc, description);
    }
}

/// Part | Type | Required | Description; a part's declared media types follow its
/// description, like a field's rules, so the table stays as narrow as a field table. The
/// headers a part carries follow the table, a field table for each part, like a response's.
fn parts_table(doc: &mut Doc<'_>, media: &MediaType, parts: &Fields) {
    let mut rows = Vec::new();
    field_rows(doc, "", parts, &mut rows);
    for row in &mut rows {
        let top = match row.first().and_then(|cell| cell.first()) {
            Some(Inline::Code(name)) => parts.get_key_value(name.as_str()),
            _ => None,
        };
        let Some((name, field)) = top else { continue };
        let mut lines: Vec<Vec<Inline>> = Vec::new();
        if let Some(media_type) = part_media_type(media, name, field) {
            let mut line = vec![text("sent as ")];
            for (idx, media_type) in media_type.split(',').enumerate() {
                if idx > 0 {
                    line.push(text(", "));
                }
                line.push(code(media_type.trim().to_owned()));
            }
            lines.push(line);
        }
        let Some(description) = row.get_mut(3) else {
            continue;
        };
        for line in lines {
            if !description.is_empty() {
                description.push(Inline::CellBreak);
            }
            description.extend(line);
        }
    }
    doc.table(&["Part", "Type", "Required", "Description"], rows);
    for (name, _) in parts {
        if let Some(encoding) = media.encoding.get(name)
            && !encoding.headers.is_empty()
        {
            doc.paragraph(vec![
                text("Headers of the part "),
                code(name.clone()),
                text(":"),
            ]);
            field_table(doc, &encoding.headers);
        }
    }
}

/// One sample: `Example:` (or its name and summary), its description, and the sample.
fn sample_block(
    doc: &mut Doc<'_>,
    media_type: &str,
    media: &MediaType,
    example: Option<(&str, &Example)>,
    value: &Value,
    written: &str,
) {
    let mut lead = vec![text("Example")];
    if let Some((name, example)) = example {
        lead.push(text(" "));
        lead.push(code(name.to_owned()));
        if let Some(summary) = &example.summary {
            lead.push(text(format!(": {summary}")));
        }
    }
    let kind = media_kind(media_type);
    // A file's sample is the name of a sample file.
    if media.is_binary()
        && kind != MediaKind::Json
        && let Value::String(file) = value
    {
        lead.push(text(
            if example.is_some_and(|(_, ex)| ex.summary.is_some()) {
                ", file "
            } else {
                ": file "
            },
        ));
        lead.push(code(file.clone()));
        doc.paragraph(lead);
        if let Some(description) = example.and_then(|(_, ex)| ex.description.as_ref()) {
            prose(doc, description);
        }
        return;
    }
    if example.is_none_or(|(_, ex)| ex.summary.is_none()) {
        lead.push(text(":"));
    }
    doc.paragraph(lead);
    if let Some(description) = example.and_then(|(_, ex)| ex.description.as_ref()) {
        prose(doc, description);
    }
    match (kind, value) {
        (MediaKind::Multipart | MediaKind::Form, Value::Object(map)) => {
            let rows = map
                .iter()
                .map(|(name, value)| vec![vec![code(name.clone())], vec![code(compact(value))]])
                .collect();
            let first = if kind == MediaKind::Form {
                "Field"
            } else {
                "Part"
            };
            doc.table(&[first, "Value"], rows);
        }
        _ => doc.code_block(language(media_type), written),
    }
}

/// The language of a sample's code block.
fn language(media_type: &str) -> &'static str {
    let essence = essence(media_type);
    if media_kind(&essence) == MediaKind::Json {
        return "json";
    }
    match essence.as_str() {
        "text/csv" => "csv",
        "text/html" => "html",
        "application/xml" | "text/xml" => "xml",
        "application/yaml" | "application/x-yaml" | "text/yaml" => "yaml",
        _ if essence.ends_with("+xml") => "xml",
        _ if essence.ends_with("+yaml") => "yaml",
        _ => "text",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn samples_are_shown_in_the_language_of_their_media_type() {
        assert_eq!(language("application/problem+json"), "json");
        assert_eq!(language("text/csv; header=present"), "csv");
        assert_eq!(language("application/atom+xml"), "xml");
        assert_eq!(language("text/plain"), "text");
        assert_eq!(sample_text("text/csv", &json!("a,b\n1,2\n")), "a,b\n1,2\n");
        assert_eq!(sample_text("text/plain", &json!(42)), "42");
        assert_eq!(sample_text("application/json", &json!("a")), "\"a\"");
    }
}
