//! The sections before the endpoints, which describe the API as a whole: the spec's info
//! (under its title heading), overview, environments, conventions and the endpoint index
//! (authentication is in `authentication`). The section table in `sections` decides whether each shows and writes its
//! heading; these write what stands under it.

use super::anchors::index_groups_of;
use super::blocks::{field_table, sla_line, type_inlines};
use super::doc::{Doc, Inline, code, labelled_items, strong, text};
use super::mermaid;
use super::prose::{labelled_prose, prose, prose_cell, prose_line};
use super::shared::Shared;
use crate::select::Section;
use crate::spec::{ErrorMember, FieldType, Kind, Spec, SystemKind};

pub(super) fn render_info(doc: &mut Doc<'_>, spec: &Spec, _: &Shared<'_>) {
    let info = &spec.info;
    if doc.has_title_heading() {
        let id = doc.anchors.root().to_owned();
        doc.title_heading(&id, &info.title);
    }
    let mut line = vec![strong("Version:"), text(format!(" {}", info.version))];
    if let Some(status) = info.status {
        line.push(text(" · "));
        line.push(strong("Status:"));
        line.push(text(format!(" {}", status.as_str())));
    }
    doc.paragraph(line);
    if let Some(summary) = &info.summary {
        prose(doc, summary);
    }
    if let Some(description) = &info.description {
        prose(doc, description);
    }
}

pub(super) fn render_overview(doc: &mut Doc<'_>, spec: &Spec, _: &Shared<'_>) {
    let Some(overview) = &spec.overview else {
        return;
    };
    if let Some(purpose) = &overview.purpose {
        labelled_prose(doc, "Purpose", purpose);
    }
    if let Some(scope) = &overview.scope {
        if !scope.included.is_empty() {
            doc.paragraph(vec![strong("In scope:")]);
            let items = scope
                .included
                .iter()
                .map(|item| prose_line(doc, item))
                .collect();
            doc.bullets(items);
        }
        if !scope.excluded.is_empty() {
            doc.paragraph(vec![strong("Out of scope:")]);
            let items = scope
                .excluded
                .iter()
                .map(|item| prose_line(doc, item))
                .collect();
            doc.bullets(items);
        }
    }
    if let Some(architecture) = &overview.architecture {
        prose(doc, architecture);
    }
    if !overview.systems.is_empty() {
        doc.paragraph(vec![strong("Systems:")]);
        let rows = overview
            .systems
            .iter()
            .map(|system| {
                vec![
                    vec![text(system.name.clone())],
                    vec![text(match system.kind {
                        SystemKind::Internal => "internal",
                        SystemKind::External => "external",
                    })],
                    system
                        .role
                        .map(|role| vec![text(role.title())])
                        .unwrap_or_default(),
                    prose_cell(doc, system.description.as_ref()),
                ]
            })
            .collect();
        // The role column is left out when no system declares one.
        doc.table(&["System", "Kind", "Role", "Description"], rows);
        doc.code_block(
            "mermaid",
            &mermaid::systems_diagram(spec, &overview.systems),
        );
    }
}

/// A short table of every environment (name, base URL, purpose), then the details of each
/// environment that has more to say, as a labelled list under its name: an eight-column table
/// would not fit a page.
pub(super) fn render_environments(doc: &mut Doc<'_>, spec: &Spec, _: &Shared<'_>) {
    let rows = spec
        .environments
        .iter()
        .map(|(name, env)| {
            vec![
                vec![strong(name.clone())],
                env.base_url
                    .clone()
                    .map(|url| vec![code(url)])
                    .unwrap_or_default(),
                prose_cell(doc, env.description.as_ref()),
            ]
        })
        .collect();
    doc.table(&["Environment", "Base URL", "Purpose"], rows);
    for (name, env) in &spec.environments {
        let line = |value: &Option<String>| value.as_ref().map(|value| prose_line(doc, value));
        let details = labelled_items(vec![
            ("Credentials", line(&env.credentials)),
            ("Rate limits", line(&env.rate_limits)),
            ("Data", line(&env.data_persistence)),
            ("SLA", env.sla.as_ref().map(|sla| sla_line(doc, sla))),
            ("Maintenance", line(&env.maintenance_window)),
        ]);
        if !details.is_empty() {
            doc.paragraph(vec![strong(name.clone())]);
            doc.bullets(details);
        }
    }
}

pub(super) fn render_conventions(doc: &mut Doc<'_>, spec: &Spec, _: &Shared<'_>) {
    let Some(conventions) = &spec.conventions else {
        return;
    };
    // The heading is the table's; subsection ids hang below the section's id.
    let id = doc.anchors.section(Section::Conventions.name());
    let labelled = |label: &str, value: Option<Vec<Inline>>| {
        value.map(|mut inlines| {
            inlines.insert(0, strong(format!("{label}:")));
            inlines.insert(1, text(" "));
            inlines
        })
    };
    let codes = |values: &[String]| -> Option<Vec<Inline>> {
        if values.is_empty() {
            return None;
        }
        let mut res = Vec::new();
        for (idx, value) in values.iter().enumerate() {
            if idx > 0 {
                res.push(text(", "));
            }
            res.push(code(value.clone()));
        }
        Some(res)
    };
    if let Some(versioning) = &conventions.versioning {
        doc.heading(1, &format!("{id}.versioning"), vec![text("Versioning")]);
        doc.bullets(
            [
                labelled("Scheme", versioning.scheme.clone().map(|v| vec![code(v)])),
                labelled(
                    "Current version",
                    versioning.current.clone().map(|v| vec![code(v)]),
                ),
                labelled("Header", versioning.header.clone().map(|v| vec![code(v)])),
                labelled(
                    "Deprecation notice",
                    versioning.deprecation_notice_days.map(|days| {
                        vec![text(match days {
                            1 => "1 day".to_owned(),
                            days => format!("{days} days"),
                        })]
                    }),
                ),
            ]
            .into_iter()
            .flatten()
            .collect(),
        );
        if let Some(description) = &versioning.description {
            prose(doc, description);
        }
    }
    if let Some(idempotency) = &conventions.idempotency {
        doc.heading(1, &format!("{id}.idempotency"), vec![text("Idempotency")]);
        doc.bullets(
            [
                labelled("Header", idempotency.header.clone().map(|v| vec![code(v)])),
                labelled(
                    "Keys kept for",
                    idempotency.retention.clone().map(|v| vec![text(v)]),
                ),
                labelled("Methods", codes(&idempotency.methods)),
            ]
            .into_iter()
            .flatten()
            .collect(),
        );
        if let Some(description) = &idempotency.description {
            prose(doc, description);
        }
    }
    if let Some(pagination) = &conventions.pagination {
        doc.heading(1, &format!("{id}.pagination"), vec![text("Pagination")]);
        doc.bullets(
            [
                labelled("Style", pagination.style.clone().map(|v| vec![text(v)])),
                labelled("Request parameters", codes(&pagination.request)),
                labelled("Response fields", codes(&pagination.response)),
                labelled(
                    "Default page size",
                    pagination.default_limit.map(|n| vec![text(n.to_string())]),
                ),
                labelled(
                    "Maximum page size",
                    pagination.max_limit.map(|n| vec![text(n.to_string())]),
                ),
            ]
            .into_iter()
            .flatten()
            .collect(),
        );
        if let Some(description) = &pagination.description {
            prose(doc, description);
        }
    }
    if let Some(filtering) = &conventions.filtering {
        doc.heading(1, &format!("{id}.filtering"), vec![text("Filtering")]);
        let rows = filtering
            .params
            .iter()
            .map(|(name, operators)| vec![vec![code(name.clone())], vec![text(operators.clone())]])
            .collect();
        doc.table(&["Parameter", "Operators"], rows);
        if let Some(description) = &filtering.description {
            prose(doc, description);
        }
    }
    if let Some(errors) = &conventions.errors {
        doc.heading(1, &format!("{id}.errors"), vec![text("Errors")]);
        let body = errors.body.as_ref().and_then(|body| match &body.ty {
            FieldType::Object(_) => None,
            ty => Some(type_inlines(doc, ty)),
        });
        doc.bullets(
            [
                labelled(
                    "Media type",
                    Some(vec![code(errors.media_type().to_owned())]),
                ),
                labelled("Body", body),
            ]
            .into_iter()
            .flatten()
            .collect(),
        );
        if let Some(body) = &errors.body
            && let FieldType::Object(fields) = &body.ty
        {
            doc.paragraph(vec![text("Body:")]);
            field_table(doc, fields);
        }
        if !errors.members.is_empty() {
            let rows = errors
                .members
                .iter()
                .map(|(field, member)| {
                    let carries = match member {
                        ErrorMember::Code => vec![text("The error's code")],
                        ErrorMember::Type => vec![text("The error's "), code("type"), text(" URL")],
                        ErrorMember::Message => vec![text("The error's message")],
                        ErrorMember::HttpStatus => vec![text("The HTTP status")],
                    };
                    vec![vec![code(field.clone())], carries]
                })
                .collect();
            doc.table(&["Field", "Carries"], rows);
        }
        if let Some(description) = &errors.description {
            prose(doc, description);
        }
    }
    if let Some(notification) = &conventions.change_notification {
        doc.heading(
            1,
            &format!("{id}.change-notification"),
            vec![text("Change notification")],
        );
        prose(doc, notification);
    }
}

/// A table of the endpoints this render or the book shows, each linked; when endpoints have
/// tags, one table per tag under its heading and description (see [`index_groups_of`]).
pub(super) fn render_index(doc: &mut Doc<'_>, spec: &Spec, _: &Shared<'_>) {
    let groups = index_groups_of(spec);
    if groups.is_empty() {
        let ids: Vec<&str> = spec.endpoints.keys().map(String::as_str).collect();
        index_table(doc, spec, &ids);
        return;
    }
    let index = doc.anchors.section(Section::Index.name());
    for (tag, ids) in groups {
        let part = doc.anchors.index_group(tag).unwrap_or_default().to_owned();
        let declared = tag.and_then(|tag| spec.tags.get(tag));
        let title = match tag {
            Some(tag) => declared
                .and_then(|declared| declared.title.clone())
                .unwrap_or_else(|| tag.to_owned()),
            None => "Other".to_owned(),
        };
        doc.heading(1, &format!("{index}.{part}"), vec![text(title)]);
        if let Some(description) = declared.and_then(|declared| declared.description.as_ref()) {
            prose(doc, description);
        }
        index_table(doc, spec, &ids);
    }
}

/// The index's table of the endpoints `ids`.
fn index_table(doc: &mut Doc<'_>, spec: &Spec, ids: &[&str]) {
    let rows = ids
        .iter()
        .filter_map(|id| Some((*id, spec.endpoints.get(*id)?)))
        .map(|(id, endpoint)| {
            let status = match &endpoint.deprecated {
                Some(deprecation) => match &deprecation.sunset {
                    Some(sunset) => format!("deprecated, sunset {sunset}"),
                    None => "deprecated".to_owned(),
                },
                None => "active".to_owned(),
            };
            vec![
                vec![code(endpoint.method.as_str())],
                vec![doc.link_to(Kind::Endpoint, id, vec![code(endpoint.path.clone())])],
                prose_cell(doc, endpoint.summary.as_ref()),
                vec![text(status)],
            ]
        })
        .collect();
    doc.table(&["Method", "Path", "Summary", "Status"], rows);
}
