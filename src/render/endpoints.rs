//! The endpoints section's items: each endpoint's heading, deprecation notice, properties,
//! request, responses, errors, flow and a ready-to-run curl command. The endpoints' section
//! heading belongs to the part before them (see `sections`), so runs of endpoints can be
//! rendered on their own.

use super::authentication::accepted;
use super::blocks::{
    deprecation_notice, error_body_inlines, field_row, field_table, response_title, signature,
    sla_line, status_title,
};
use super::callbacks::render_callbacks;
use super::content::{render_body, render_content, render_samples, sample_text};
use super::curl::curl;
use super::doc::{Doc, Inline, code, strong, text};
use super::headers::{Convention, ConventionHeader, convention_headers};
use super::prose::{prose, prose_line};
use super::shared::{DiagramPlace, Shared};
use crate::select::Section;
use crate::spec::{
    Content, ContentForm, Endpoint, ErrorConvention, Field, FieldType, Kind, ParamPlace, Request,
    Response, ResponseStatus, Spec, Written,
};

/// Renders the endpoints at `indexes` (their section heading belongs to the part before).
pub(super) fn render_endpoints(
    doc: &mut Doc<'_>,
    spec: &Spec,
    shared: &Shared<'_>,
    indexes: &[usize],
) {
    for idx in indexes {
        if let Some((id, endpoint)) = spec.endpoints.get_index(*idx) {
            render_endpoint(doc, spec, shared, id, endpoint);
        }
    }
}

fn render_endpoint(
    doc: &mut Doc<'_>,
    spec: &Spec,
    shared: &Shared<'_>,
    id: &str,
    endpoint: &Endpoint,
) {
    let anchor = doc
        .anchors
        .item(Kind::Endpoint, id)
        .unwrap_or_default()
        .to_owned();
    // Shown twice, as the example and in the curl command: format it once.
    let request_sample = endpoint
        .request
        .as_ref()
        .and_then(|request| request.content.as_ref())
        .and_then(|content| content.first())
        .and_then(|(media_type, media)| {
            let (_, value) = media.samples().next()?;
            Some(sample_text(media_type, value))
        });
    doc.heading(1, &anchor, vec![code(signature(endpoint))]);
    if let Some(summary) = &endpoint.summary {
        prose(doc, summary);
    }
    if let Some(deprecation) = &endpoint.deprecated {
        let replacement = |id: &str| {
            spec.endpoints
                .get(id)
                .map_or_else(|| text(id.to_owned()), |target| code(signature(target)))
        };
        deprecation_notice(doc, Kind::Endpoint, deprecation, replacement);
    }
    if let Some(description) = &endpoint.description {
        prose(doc, description);
    }
    let properties = properties(doc, spec, shared, id, endpoint);
    doc.table(&["Property", "Value"], properties);

    let conventions = convention_headers(spec, endpoint);
    if endpoint.request.is_some() || !conventions.is_empty() {
        let none = Request::default();
        let request = endpoint.request.as_ref().unwrap_or(&none);
        doc.heading(2, &format!("{anchor}.request"), vec![text("Request")]);
        render_request(doc, spec, request, &conventions, request_sample.as_deref());
    }
    if !endpoint.responses.is_empty() {
        doc.heading(2, &format!("{anchor}.responses"), vec![text("Responses")]);
        for (status, response) in &endpoint.responses {
            doc.heading(
                3,
                &format!(
                    "{anchor}.responses.{}",
                    status.to_string().to_ascii_lowercase()
                ),
                vec![text(response_title(*status))],
            );
            render_response(doc, spec, endpoint, *status, response);
        }
    }
    if !endpoint.callbacks.is_empty() {
        render_callbacks(doc, spec, &anchor, endpoint);
    }
    if !endpoint.errors.is_empty() {
        doc.heading(2, &format!("{anchor}.errors"), vec![text("Errors")]);
        let rows = endpoint
            .errors
            .iter()
            .map(|error| {
                let known = spec.errors.get(error);
                vec![
                    vec![doc.link_to(Kind::Error, error, vec![code(error.clone())])],
                    known.map_or_else(Vec::new, |known| {
                        vec![text(status_title(known.http_status))]
                    }),
                    known.map_or_else(Vec::new, |known| vec![text(known.message.clone())]),
                ]
            })
            .collect();
        doc.table(&["Code", "HTTP status", "Message"], rows);
        errors_body(doc, spec, &endpoint.errors);
    }
    if let Some(flow_id) = &endpoint.flow
        && let Some(flow) = spec.flows.get(flow_id)
        && let Some((place, diagram)) = shared.diagram(flow_id)
    {
        doc.heading(2, &format!("{anchor}.flow"), vec![text("Flow")]);
        let title = flow.title.clone().unwrap_or_else(|| flow_id.clone());
        if place == DiagramPlace::Endpoint(id) {
            // The one place this render draws the flow: with a link to its description, or
            // the description itself when no chapter shows the flow.
            match doc.item_dest(Kind::Flow, flow_id) {
                Some(dest) => doc.paragraph(vec![
                    text("Full description: "),
                    Inline::Link {
                        dest,
                        content: vec![text(title)],
                    },
                    text("."),
                ]),
                None => {
                    doc.paragraph(vec![strong(title)]);
                    if let Some(description) = &flow.description {
                        prose(doc, description);
                    }
                }
            }
            doc.code_block("mermaid", diagram);
        } else {
            doc.paragraph(vec![
                text("See "),
                diagram_link(doc, flow_id, place, vec![text(title)]),
                text("."),
            ]);
        }
    }
    doc.heading(
        2,
        &format!("{anchor}.example"),
        vec![text("Example request")],
    );
    doc.code_block("sh", &curl(spec, endpoint, request_sample.as_deref()));
    code_samples(doc, endpoint);
}

/// The endpoint's own code samples, each under its label (or language). The serialiser picks
/// a fence longer than any in the code; only a known language is said, for highlighting.
fn code_samples(doc: &mut Doc<'_>, endpoint: &Endpoint) {
    for sample in &endpoint.code_samples {
        let label = sample.label.as_deref().unwrap_or(&sample.lang);
        doc.paragraph(vec![strong(format!("{}:", label.trim()))]);
        let language = crate::markdown::code_language(&sample.lang).unwrap_or_default();
        doc.code_block(language, &sample.source);
    }
}

/// A link to where the flow's diagram is drawn: by this render, or on the same page.
fn diagram_link(
    doc: &Doc<'_>,
    flow_id: &str,
    place: DiagramPlace<'_>,
    content: Vec<Inline>,
) -> Inline {
    match place {
        DiagramPlace::Flows => doc.link_to(Kind::Flow, flow_id, content),
        DiagramPlace::Page(link) => Inline::Link {
            dest: link.to_owned(),
            content,
        },
        DiagramPlace::Endpoint(holder) => match doc.anchors.item(Kind::Endpoint, holder) {
            Some(anchor) => Inline::Link {
                dest: format!("#{anchor}.flow"),
                content,
            },
            None => doc.link_to(Kind::Flow, flow_id, content),
        },
    }
}

fn properties(
    doc: &Doc<'_>,
    spec: &Spec,
    shared: &Shared<'_>,
    id: &str,
    endpoint: &Endpoint,
) -> Vec<Vec<Vec<Inline>>> {
    let mut rows = Vec::new();
    let auth = accepted(doc, spec, endpoint);
    rows.push(vec![vec![text("Authentication")], auth]);
    if let Some(idempotent) = endpoint.idempotent {
        let mut cell = vec![text(if idempotent { "Yes" } else { "No" })];
        let header = spec
            .conventions
            .as_ref()
            .and_then(|conventions| conventions.idempotency.as_ref())
            .filter(|idempotency| idempotency.applies_to(endpoint))
            .and_then(|idempotency| idempotency.header.clone());
        if let (true, Some(header)) = (idempotent, header) {
            cell.push(text(", with the "));
            cell.push(code(header));
            cell.push(text(" header"));
        }
        rows.push(vec![vec![text("Idempotent")], cell]);
    }
    let rate_limit = endpoint.rate_limit.clone().or_else(|| {
        spec.rate_limits
            .as_ref()
            .and_then(|limits| limits.per_endpoint.get(id).cloned())
    });
    if let Some(limit) = rate_limit {
        rows.push(vec![vec![text("Rate limit")], vec![text(limit)]]);
    }
    if let Some(sla) = &endpoint.sla {
        rows.push(vec![vec![text("SLA")], sla_line(doc, sla)]);
    }
    if let Some(ms) = endpoint.timeout_ms {
        let timeout = if ms >= 1000 && ms % 1000 == 0 {
            format!("{} s", ms / 1000)
        } else {
            format!("{ms} ms")
        };
        rows.push(vec![vec![text("Timeout")], vec![text(timeout)]]);
    }
    if let Some(since) = &endpoint.since {
        rows.push(vec![
            vec![text("Since")],
            vec![text(format!("version {since}"))],
        ]);
    }
    if let Some(flow) = &endpoint.flow {
        let title = spec
            .flows
            .get(flow)
            .and_then(|flow| flow.title.clone())
            .unwrap_or_else(|| flow.clone());
        // To the diagram, wherever this render draws it.
        let link = match shared.diagram(flow) {
            Some((place, _)) => diagram_link(doc, flow, place, vec![text(title)]),
            None => doc.link_to(Kind::Flow, flow, vec![text(title)]),
        };
        rows.push(vec![vec![text("Flow")], vec![link]]);
    }
    if !endpoint.tags.is_empty() {
        rows.push(vec![
            vec![text("Tags")],
            tags_cell(doc, spec, &endpoint.tags),
        ]);
    }
    rows
}

/// An endpoint's tags, each by its title, linked to its group of the endpoint index where
/// one shows it.
fn tags_cell(doc: &Doc<'_>, spec: &Spec, tags: &[String]) -> Vec<Inline> {
    let mut cell = Vec::new();
    for (idx, tag) in tags.iter().enumerate() {
        if idx > 0 {
            cell.push(text(", "));
        }
        let title = spec
            .tags
            .get(tag)
            .and_then(|declared| declared.title.clone())
            .unwrap_or_else(|| tag.clone());
        let dest = doc
            .anchors
            .index_group(Some(tag))
            .and_then(|part| doc.section_link_dest(Section::Index, part));
        cell.push(match dest {
            Some(dest) => Inline::Link {
                dest,
                content: vec![text(title)],
            },
            None => text(title),
        });
    }
    cell
}

fn render_request(
    doc: &mut Doc<'_>,
    spec: &Spec,
    request: &Request,
    conventions: &[ConventionHeader],
    first_sample: Option<&str>,
) {
    // One table for every parameter, as readers scan them together.
    let mut rows = Vec::new();
    for (place, fields) in [
        (ParamPlace::Path, &request.path_params),
        (ParamPlace::Query, &request.query),
        (ParamPlace::Header, &request.headers),
    ] {
        parameter_rows(doc, place, fields, &mut rows);
    }
    for header in conventions {
        rows.push(vec![
            vec![code(header.name.clone())],
            vec![text("header")],
            vec![text("string")],
            vec![text("yes")],
            convention_description(doc, spec, header),
        ]);
    }
    parameter_rows(doc, ParamPlace::Cookie, &request.cookies, &mut rows);
    doc.table(
        &["Parameter", "In", "Type", "Required", "Description"],
        rows,
    );
    if let Some(content) = &request.content {
        render_content(doc, spec, "Body", content, first_sample);
    }
}

/// The rows of one place's parameters, with the place, and for those whose array or object
/// value (or declared style) decides how they are written, how: `sent as status=a,b`.
fn parameter_rows(
    doc: &Doc<'_>,
    place: ParamPlace,
    fields: &crate::spec::Fields,
    rows: &mut Vec<Vec<Vec<Inline>>>,
) {
    for (name, field) in fields {
        let first = rows.len();
        field_row(doc, "", name, field, rows);
        if let Some(note) = serialization_note(place, name, field)
            && let Some(cell) = rows.get_mut(first).and_then(|row| row.last_mut())
        {
            if !cell.is_empty() {
                cell.push(Inline::CellBreak);
            }
            cell.extend(note);
        }
        for row in &mut rows[first..] {
            row.insert(1, vec![text(place.as_str())]);
        }
    }
}

/// How a parameter is written, where that is worth saying: for an array or object, its
/// example written out; without one, the declared style.
fn serialization_note(place: ParamPlace, name: &str, field: &Field) -> Option<Vec<Inline>> {
    let structured = matches!(
        field.ty,
        FieldType::Array(_) | FieldType::Map(_) | FieldType::Object(_) | FieldType::Model(_)
    );
    if !structured && !field.serialization.is_declared() {
        return None;
    }
    let sample = field.example.as_ref().or(field.default.as_ref());
    if let Some(value) = sample.filter(|value| value.is_array() || value.is_object()) {
        let written = match place.write(name, value, field.serialization) {
            Written::Pairs(pairs) => {
                let separator = if place == ParamPlace::Cookie {
                    "; "
                } else {
                    "&"
                };
                pairs
                    .into_iter()
                    .map(|(key, value)| format!("{key}={value}"))
                    .collect::<Vec<_>>()
                    .join(separator)
            }
            Written::Text(text) => text,
        };
        return Some(vec![text("sent as "), code(written)]);
    }
    let (style, explode) = place.serialization(field.serialization);
    field.serialization.is_declared().then(|| {
        vec![text(format!(
            "style {}, {}",
            style.as_str(),
            if explode { "exploded" } else { "not exploded" }
        ))]
    })
}

fn render_response(
    doc: &mut Doc<'_>,
    spec: &Spec,
    endpoint: &Endpoint,
    status: ResponseStatus,
    response: &Response,
) {
    if let Some(description) = &response.description {
        prose(doc, description);
    }
    if !response.headers.is_empty() {
        doc.paragraph(vec![text("Headers:")]);
        field_table(doc, &response.headers);
    }
    render_response_body(doc, spec, endpoint, status, response);
}

/// The body of a response. An error response without a body type of its own carries the
/// conventional error body, in its own media type when it writes one.
fn render_response_body(
    doc: &mut Doc<'_>,
    spec: &Spec,
    endpoint: &Endpoint,
    status: ResponseStatus,
    response: &Response,
) {
    let typed = response
        .content
        .as_ref()
        .is_some_and(|content| content.media_types.values().any(|m| m.schema.is_some()));
    let convention = error_convention(spec).filter(|_| status.is_error() && !typed);
    let Some((convention, body)) =
        convention.and_then(|convention| Some((convention, convention.body.as_ref()?)))
    else {
        if let Some(content) = &response.content {
            render_content(doc, spec, "Body", content, None);
        }
        return;
    };
    let written = response.content.as_ref().and_then(written_media_type);
    let media = written.unwrap_or(convention.media_type());
    // With the fields of the listed errors it answers that have their own.
    let answered: Vec<(&str, bool)> = endpoint
        .errors_answered_by(&spec.errors, status)
        .map(|(code, error)| (code, error.body.is_some()))
        .collect();
    let own: Vec<&str> = answered
        .iter()
        .filter(|(_, own)| *own)
        .map(|(code, _)| *code)
        .collect();
    if own.is_empty() {
        render_body(doc, spec, "Body", media, body);
    } else {
        let mut intro = vec![text("Body ("), code(media.to_owned()), text("): ")];
        intro.extend(error_body_inlines(doc, body));
        let alone = own.len() == answered.len();
        intro.push(text(if alone { ", with the fields of " } else { "; " }));
        for (idx, error) in own.iter().enumerate() {
            if idx > 0 {
                intro.push(text(if alone { " or " } else { ", " }));
            }
            intro.push(doc.link_to(Kind::Error, error, vec![code((*error).to_owned())]));
        }
        intro.push(text(match (alone, own.len()) {
            (true, _) => ".",
            (false, 1) => " adds fields of its own.",
            (false, _) => " add fields of their own.",
        }));
        doc.paragraph(intro);
    }
    if let Some(content) = &response.content {
        for (media_type, media) in &content.media_types {
            render_samples(doc, media_type, media, None);
        }
    }
}

/// The media type a response writes, in the single form with `content_type` or as the one
/// entry of a content map.
fn written_media_type(content: &Content) -> Option<&str> {
    match content.form {
        ContentForm::Single {
            media_type_written: false,
        } => None,
        _ => content.first().map(|(media_type, _)| media_type),
    }
}

fn error_convention(spec: &Spec) -> Option<&ErrorConvention> {
    spec.conventions
        .as_ref()
        .and_then(|conventions| conventions.errors.as_ref())
}

/// Under an endpoint's errors: the body they come with, and which add fields of their own.
fn errors_body(doc: &mut Doc<'_>, spec: &Spec, errors: &[String]) {
    let convention = error_convention(spec);
    let own: Vec<&String> = errors
        .iter()
        .filter(|code| {
            spec.errors
                .get(*code)
                .is_some_and(|error| error.body.is_some())
        })
        .collect();
    let mut line = Vec::new();
    if let Some(convention) = convention
        && let Some(body) = &convention.body
    {
        line.push(text("Error body ("));
        line.push(code(convention.media_type().to_owned()));
        line.push(text("): "));
        line.extend(error_body_inlines(doc, body));
        line.push(text(if own.is_empty() { "." } else { "; " }));
    }
    for (idx, code_name) in own.iter().enumerate() {
        if idx > 0 {
            line.push(text(", "));
        }
        line.push(doc.link_to(Kind::Error, code_name, vec![code((*code_name).clone())]));
    }
    if !own.is_empty() {
        line.push(text(if own.len() == 1 {
            " adds fields of its own."
        } else {
            " add fields of their own."
        }));
    }
    if !line.is_empty() {
        doc.paragraph(line);
    }
}

/// The Description cell of a convention's header: what the convention says, and a link to it.
fn convention_description(doc: &Doc<'_>, spec: &Spec, header: &ConventionHeader) -> Vec<Inline> {
    let conventions = spec.conventions.as_ref();
    let (mut cell, part, title) = match header.convention {
        Convention::Versioning => (
            vec![
                text("The API version; the current one is "),
                code(header.value.clone()),
                text("."),
            ],
            "versioning",
            "Versioning",
        ),
        Convention::Idempotency => {
            let idempotency = conventions.and_then(|c| c.idempotency.as_ref());
            let mut cell = match idempotency.and_then(|i| i.description.as_ref()) {
                Some(description) => prose_line(doc, description),
                None => vec![text(
                    "A new key for each request; reuse a key only to retry.",
                )],
            };
            if let Some(retention) = idempotency.and_then(|i| i.retention.clone()) {
                cell.push(text(format!(" Keys are kept for {retention}.")));
            }
            (cell, "idempotency", "Idempotency")
        }
    };
    if let Some(dest) = doc.section_link_dest(Section::Conventions, part) {
        cell.push(text(" See "));
        cell.push(Inline::Link {
            dest,
            content: vec![text(title)],
        });
        cell.push(text("."));
    }
    cell
}
