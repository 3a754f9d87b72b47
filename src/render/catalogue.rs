//! The catalogue sections after the endpoints, whose items endpoints link to: data models
//! (with their entity diagram), field mappings, error codes, rate limits, flows (with their
//! sequence diagrams) and webhooks. The section table in `sections` decides whether each shows and
//! writes its heading; these write what stands under it.

use std::collections::HashMap;

use super::blocks::{
    deprecation_notice, error_body_inlines, field_row, field_table, other_fields_row, signature,
    status_title, type_inlines,
};
use super::callbacks::expected_responses;
use super::content::{render_body, render_content, render_sample};
use super::doc::{Doc, Inline, Style, code, external_link, labelled_items, strong, text};
use super::mermaid;
use super::prose::{prose, prose_cell, prose_line};
use super::shared::{DiagramPlace, Shared};
use crate::spec::{
    Endpoint, ErrorCode, FieldType, Kind, Model, Spec, Union, UnionKind, model_additional,
    model_fields, variant_values,
};

/// The models' diagram; the models follow as parts of their own ([`render_model_items`]).
pub(super) fn render_models(doc: &mut Doc<'_>, spec: &Spec, _: &Shared<'_>) {
    let selected: Vec<(&str, &Model)> = spec
        .models
        .iter()
        .filter(|(name, _)| doc.selection.renders(Kind::Model, name))
        .map(|(name, model)| (name.as_str(), model))
        .collect();
    doc.code_block("mermaid", &mermaid::models_diagram(&selected));
}

/// The models at `indexes`, each a heading, its description and its table (or its variants).
pub(super) fn render_model_items(doc: &mut Doc<'_>, spec: &Spec, indexes: &[usize]) {
    for (name, model) in indexes.iter().filter_map(|idx| spec.models.get_index(*idx)) {
        let anchor = doc
            .anchors
            .item(Kind::Model, name)
            .unwrap_or_default()
            .to_owned();
        doc.heading(1, &anchor, vec![text(name)]);
        if let Some(description) = &model.description {
            prose(doc, description);
        }
        if let Some(union) = &model.variants {
            variants_table(doc, spec, union);
            continue;
        }
        if !model.all_of.is_empty() {
            let mut intro = vec![text("Every field of ")];
            for (idx, included) in model.all_of.iter().enumerate() {
                if idx > 0 {
                    intro.push(text(if idx + 1 == model.all_of.len() {
                        " and "
                    } else {
                        ", "
                    }));
                }
                intro.push(doc.link_to(Kind::Model, included, vec![text(included.clone())]));
            }
            intro.push(text(if model.fields.is_empty() {
                ":"
            } else {
                ", and its own:"
            }));
            doc.paragraph(intro);
        }
        // One table of every field, those of included models first, each saying where it is
        // declared; what else it accepts is the table's last row.
        let mut rows = Vec::new();
        for field in model_fields(&spec.models, name) {
            let first_row = rows.len();
            field_row(doc, "", field.name, field.field, &mut rows);
            if field.owner != name
                && let Some(description) = rows[first_row].last_mut()
            {
                if !description.is_empty() {
                    description.push(Inline::CellBreak);
                }
                description.push(text("from "));
                description.push(doc.link_to(Kind::Model, field.owner, vec![text(field.owner)]));
            }
        }
        if let Some(extra) = model_additional(&spec.models, name) {
            rows.push(other_fields_row(doc, extra));
        }
        if !rows.is_empty() || model.all_of.is_empty() {
            doc.table(&["Field", "Type", "Required", "Description"], rows);
        }
    }
}

/// Each selected mapping: from which model to which, then a table of source field, target
/// field and rule.
pub(super) fn render_mappings(doc: &mut Doc<'_>, spec: &Spec, _: &Shared<'_>) {
    for (id, mapping) in spec
        .mappings
        .iter()
        .filter(|(id, _)| doc.selection.renders(Kind::Mapping, id))
    {
        let anchor = doc
            .anchors
            .item(Kind::Mapping, id)
            .unwrap_or_default()
            .to_owned();
        let title = mapping
            .title
            .clone()
            .unwrap_or_else(|| format!("{} → {}", mapping.from, mapping.to));
        doc.heading(1, &anchor, vec![text(title)]);
        doc.paragraph(vec![
            text("From "),
            doc.link_to(Kind::Model, &mapping.from, vec![text(mapping.from.clone())]),
            text(" to "),
            doc.link_to(Kind::Model, &mapping.to, vec![text(mapping.to.clone())]),
            text("."),
        ]);
        if let Some(description) = &mapping.description {
            prose(doc, description);
        }
        let rows = mapping
            .fields
            .iter()
            .map(|field| {
                vec![
                    field.source.as_ref().map_or_else(
                        || vec![text("set by the rule")],
                        |source| vec![code(source.clone())],
                    ),
                    field.target.as_ref().map_or_else(
                        || vec![text("not carried over")],
                        |target| vec![code(target.clone())],
                    ),
                    field
                        .rule
                        .as_ref()
                        .map_or_else(Vec::new, |rule| prose_line(doc, rule)),
                ]
            })
            .collect();
        doc.table(
            &[
                &format!("{} field", mapping.from),
                &format!("{} field", mapping.to),
                "Rule",
            ],
            rows,
        );
    }
}

/// The variants of a choice, each linked, with the discriminator values that select it.
fn variants_table(doc: &mut Doc<'_>, spec: &Spec, union: &Union) {
    let mut intro = vec![text(match union.kind {
        UnionKind::OneOf => "One of these",
        UnionKind::AnyOf => "One or more of these",
    })];
    if let Some(discriminator) = &union.discriminator {
        intro.push(text(", told apart by "));
        intro.push(code(discriminator.property.clone()));
    }
    intro.push(text(":"));
    doc.paragraph(intro);
    let property = union
        .discriminator
        .as_ref()
        .map(|discriminator| discriminator.property.clone());
    let rows = union
        .variants
        .iter()
        .zip(variant_values(&spec.models, union))
        .map(|(variant, values)| {
            let mut selected = Vec::new();
            for (idx, value) in values.iter().enumerate() {
                if idx > 0 {
                    selected.push(text(", "));
                }
                if let Some(property) = &property {
                    selected.push(code(format!("{property}: {value}")));
                }
            }
            let description = match &variant.ty {
                FieldType::Model(name) => spec
                    .models
                    .get(name)
                    .map(|model| prose_cell(doc, model.description.as_ref()))
                    .unwrap_or_default(),
                _ => Vec::new(),
            };
            vec![type_inlines(doc, &variant.ty), selected, description]
        })
        .collect();
    doc.table(&["Variant", "Selected by", "Description"], rows);
}

/// A short table of the selected errors (code, status, message), then the details of each
/// error that has more (description, retry, resolution, headers) under it. An error's anchor
/// is on its details when it has some, else on its row; the row's code then links down.
pub(super) fn render_errors(doc: &mut Doc<'_>, spec: &Spec, _: &Shared<'_>) {
    let selected: Vec<(&String, &ErrorCode)> = spec
        .errors
        .iter()
        .filter(|(name, _)| doc.selection.renders(Kind::Error, name))
        .collect();
    let details: Vec<(Option<&str>, Vec<Vec<Inline>>)> = selected
        .iter()
        .map(|(_, error)| {
            let mut headers = Vec::new();
            for (idx, (header, value)) in error.headers.iter().enumerate() {
                if idx > 0 {
                    headers.push(text(", "));
                }
                headers.push(code(format!("{header}: {value}")));
            }
            let line = |value: &Option<String>| value.as_ref().map(|value| prose_line(doc, value));
            let type_url = error
                .type_url
                .as_ref()
                .map(|url| external_link(url, vec![code(url.clone())]));
            let items = labelled_items(vec![
                ("Type", type_url),
                ("Retry", line(&error.retry)),
                ("Resolution", line(&error.resolution)),
                ("Headers", Some(headers)),
            ]);
            (error.description.as_deref(), items)
        })
        .collect();
    let has_body = |error: &ErrorCode| error.body.is_some() || error.example.is_some();
    let has_details =
        |error: &ErrorCode, (description, items): &(Option<&str>, Vec<Vec<Inline>>)| {
            !items.is_empty()
                || description.is_some_and(|text| !text.trim().is_empty())
                || has_body(error)
        };
    let rows = selected
        .iter()
        .zip(&details)
        .map(|((name, error), details)| {
            let anchor = doc
                .anchors
                .item(Kind::Error, name)
                .unwrap_or_default()
                .to_owned();
            let code_cell = if has_details(error, details) {
                vec![Inline::Link {
                    dest: format!("#{anchor}"),
                    content: vec![code((*name).clone())],
                }]
            } else {
                vec![Inline::Anchor(anchor), code((*name).clone())]
            };
            vec![
                code_cell,
                vec![text(status_title(error.http_status))],
                vec![text(error.message.clone())],
            ]
        })
        .collect();
    doc.table(&["Code", "HTTP status", "Message"], rows);
    for ((name, error), details) in selected.into_iter().zip(details) {
        if !has_details(error, &details) {
            continue;
        }
        let anchor = doc
            .anchors
            .item(Kind::Error, name)
            .unwrap_or_default()
            .to_owned();
        let (description, items) = details;
        doc.paragraph(vec![
            Inline::Anchor(anchor),
            Inline::Styled(Style::Strong, vec![code(name.clone())]),
            text(format!(" · {}", status_title(error.http_status))),
        ]);
        if let Some(description) = description {
            prose(doc, description);
        }
        doc.bullets(items);
        error_body(doc, spec, error);
    }
}

/// An error's own body: the fields it has beyond the conventional error body, and its
/// example.
fn error_body(doc: &mut Doc<'_>, spec: &Spec, error: &ErrorCode) {
    let convention = spec
        .conventions
        .as_ref()
        .and_then(|conventions| conventions.errors.as_ref());
    let media = convention.map_or("application/json", |convention| convention.media_type());
    if let Some(body) = &error.body {
        match convention.and_then(|convention| convention.body.as_ref()) {
            Some(shared) => {
                let mut intro = vec![text("Body ("), code(media.to_owned()), text("): ")];
                intro.extend(error_body_inlines(doc, shared));
                match &body.ty {
                    FieldType::Object(fields) if !fields.is_empty() => {
                        intro.push(text(", with these fields too:"));
                        doc.paragraph(intro);
                        field_table(doc, fields);
                    }
                    own => {
                        intro.push(text(", with the fields of "));
                        intro.extend(type_inlines(doc, own));
                        intro.push(text(" too."));
                        doc.paragraph(intro);
                    }
                }
            }
            None => render_body(doc, spec, "Body", media, body),
        }
    }
    if let Some(example) = &error.example {
        render_sample(doc, media, example);
    }
}

pub(super) fn render_rate_limits(doc: &mut Doc<'_>, spec: &Spec, _: &Shared<'_>) {
    let Some(limits) = &spec.rate_limits else {
        return;
    };
    let mut rows = Vec::new();
    if let Some(global) = &limits.global {
        rows.push(vec![
            vec![text("All endpoints")],
            vec![text(global.clone())],
        ]);
    }
    if let Some(burst) = &limits.burst {
        rows.push(vec![vec![text("Burst")], vec![text(burst.clone())]]);
    }
    for (endpoint_id, limit) in &limits.per_endpoint {
        let label = spec.endpoints.get(endpoint_id).map_or_else(
            || code(endpoint_id.clone()),
            |endpoint| code(signature(endpoint)),
        );
        rows.push(vec![
            vec![doc.link_to(Kind::Endpoint, endpoint_id, vec![label])],
            vec![text(limit.clone())],
        ]);
    }
    doc.table(&["Scope", "Limit"], rows);
    if !limits.headers.is_empty() {
        doc.paragraph(vec![strong("Response headers:")]);
        doc.bullets(
            limits
                .headers
                .iter()
                .map(|header| vec![code(header.clone())])
                .collect(),
        );
    }
    if let Some(description) = &limits.description {
        prose(doc, description);
    }
}

pub(super) fn render_flows(doc: &mut Doc<'_>, spec: &Spec, shared: &Shared<'_>) {
    // Endpoints by the flow they name, in endpoint order.
    let mut users_by_flow: HashMap<&str, Vec<(&String, &Endpoint)>> = HashMap::new();
    for (endpoint_id, endpoint) in &spec.endpoints {
        if let Some(flow) = &endpoint.flow {
            users_by_flow
                .entry(flow.as_str())
                .or_default()
                .push((endpoint_id, endpoint));
        }
    }
    for (flow_id, flow) in spec
        .flows
        .iter()
        .filter(|(id, _)| doc.selection.renders(Kind::Flow, id))
    {
        let anchor = doc
            .anchors
            .item(Kind::Flow, flow_id)
            .unwrap_or_default()
            .to_owned();
        let title = flow.title.clone().unwrap_or_else(|| flow_id.clone());
        doc.heading(1, &anchor, vec![text(title)]);
        if let Some(description) = &flow.description {
            prose(doc, description);
        }
        if let Some((DiagramPlace::Flows, diagram)) = shared.diagram(flow_id) {
            doc.code_block("mermaid", diagram);
        }
        let users: Vec<Inline> = users_by_flow
            .get(flow_id.as_str())
            .into_iter()
            .flatten()
            .map(|(endpoint_id, endpoint)| {
                doc.link_to(Kind::Endpoint, endpoint_id, vec![code(signature(endpoint))])
            })
            .collect();
        if !users.is_empty() {
            let mut line = vec![strong("Used by:"), text(" ")];
            for (idx, user) in users.into_iter().enumerate() {
                if idx > 0 {
                    line.push(text(", "));
                }
                line.push(user);
            }
            doc.paragraph(line);
        }
    }
}

pub(super) fn render_webhooks(doc: &mut Doc<'_>, spec: &Spec, _: &Shared<'_>) {
    for (event, webhook) in spec
        .webhooks
        .iter()
        .filter(|(event, _)| doc.selection.renders(Kind::Webhook, event))
    {
        let anchor = doc
            .anchors
            .item(Kind::Webhook, event)
            .unwrap_or_default()
            .to_owned();
        doc.heading(1, &anchor, vec![code(event.clone())]);
        if let Some(deprecation) = &webhook.deprecated {
            deprecation_notice(doc, Kind::Webhook, deprecation, |event| {
                code(event.to_owned())
            });
        }
        if let Some(description) = &webhook.description {
            prose(doc, description);
        }
        let mut rows = Vec::new();
        if let Some(signature) = &webhook.signature {
            rows.push(vec![vec![text("Signature")], prose_line(doc, signature)]);
        }
        if let Some(retries) = &webhook.retries {
            rows.push(vec![vec![text("Retries")], prose_line(doc, retries)]);
        }
        doc.table(&["Property", "Value"], rows);
        if !webhook.headers.is_empty() {
            doc.paragraph(vec![text("Headers:")]);
            field_table(doc, &webhook.headers);
        }
        if let Some(content) = &webhook.content {
            render_content(doc, spec, "Payload", content, None);
        }
        expected_responses(doc, spec, &webhook.responses);
    }
}
