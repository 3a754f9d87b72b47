//! An endpoint's callbacks: the requests the API makes back to a URL given in the request,
//! each under its name with its method and URL, headers, payload in its media types, and the
//! responses it expects (as webhooks show theirs).

use super::blocks::{field_table, response_title};
use super::content::render_content;
use super::doc::{Doc, code, text};
use super::prose::{prose, prose_cell};
use crate::markdown::slug;
use indexmap::IndexMap;

use crate::spec::{Endpoint, Response, ResponseStatus, Spec};

/// The Callbacks part of the endpoint whose heading id is `anchor`.
pub(super) fn render_callbacks(doc: &mut Doc<'_>, spec: &Spec, anchor: &str, endpoint: &Endpoint) {
    doc.heading(2, &format!("{anchor}.callbacks"), vec![text("Callbacks")]);
    for (name, callback) in &endpoint.callbacks {
        doc.heading(
            3,
            &format!("{anchor}.callbacks.{}", slug(name)),
            vec![code(name.clone())],
        );
        doc.paragraph(vec![code(format!(
            "{} {}",
            callback.method.as_str(),
            callback.url
        ))]);
        if let Some(description) = &callback.description {
            prose(doc, description);
        }
        if !callback.headers.is_empty() {
            doc.paragraph(vec![text("Headers:")]);
            field_table(doc, &callback.headers);
        }
        if let Some(content) = &callback.content {
            render_content(doc, spec, "Payload", content, None);
        }
        expected_responses(doc, spec, &callback.responses);
    }
}

/// The answers a callback or a webhook expects of its receiver: a table of statuses and what
/// they mean, then each one's headers and body.
pub(super) fn expected_responses(
    doc: &mut Doc<'_>,
    spec: &Spec,
    responses: &IndexMap<ResponseStatus, Response>,
) {
    if responses.is_empty() {
        return;
    }
    doc.paragraph(vec![text("Expected responses:")]);
    let rows = responses
        .iter()
        .map(|(status, response)| {
            vec![
                vec![text(response_title(*status))],
                prose_cell(doc, response.description.as_ref()),
            ]
        })
        .collect();
    doc.table(&["Status", "Description"], rows);
    for (status, response) in responses {
        if response.headers.is_empty() && response.content.is_none() {
            continue;
        }
        doc.paragraph(vec![text(format!("{} response:", response_title(*status)))]);
        if !response.headers.is_empty() {
            doc.paragraph(vec![text("Headers:")]);
            field_table(doc, &response.headers);
        }
        if let Some(content) = &response.content {
            render_content(doc, spec, "Body", content, None);
        }
    }
}
