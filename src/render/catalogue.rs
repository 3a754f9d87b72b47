//! The catalogue sections after the endpoints, whose items endpoints link to: data models
//! (with their entity diagram), field mappings, error codes, rate limits, flows (with their
//! sequence diagrams) and webhooks. The section table in `sections` decides whether each shows and
//! writes its heading; these write what stands under it.

use std::collections::HashMap;

use super::blocks::{field_table, signature, status_title};
use super::content::render_content;
use super::doc::{Doc, Inline, Style, code, labelled_items, strong, text};
use super::mermaid;
use super::prose::{prose, prose_line};
use super::shared::{DiagramPlace, Shared};
use crate::spec::{Endpoint, ErrorCode, Kind, Model, Spec};

pub(super) fn render_models(doc: &mut Doc<'_>, spec: &Spec, _: &Shared<'_>) {
    let selected: Vec<(&str, &Model)> = spec
        .models
        .iter()
        .filter(|(name, _)| doc.selection.renders(Kind::Model, name))
        .map(|(name, model)| (name.as_str(), model))
        .collect();
    doc.code_block("mermaid", &mermaid::models_diagram(&selected));
    for (name, model) in selected {
        let anchor = doc
            .anchors
            .item(Kind::Model, name)
            .unwrap_or_default()
            .to_owned();
        doc.heading(1, &anchor, vec![text(name)]);
        if let Some(description) = &model.description {
            prose(doc, description);
        }
        field_table(doc, &model.fields);
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
            let items = labelled_items(vec![
                ("Retry", line(&error.retry)),
                ("Resolution", line(&error.resolution)),
                ("Headers", Some(headers)),
            ]);
            (error.description.as_deref(), items)
        })
        .collect();
    let has_details = |(description, items): &(Option<&str>, Vec<Vec<Inline>>)| {
        !items.is_empty() || description.is_some_and(|text| !text.trim().is_empty())
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
            let code_cell = if has_details(details) {
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
        if !has_details(&details) {
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
    }
}
