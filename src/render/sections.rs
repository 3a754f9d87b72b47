//! Every section except endpoints, in the order of the format reference.

use super::endpoints::{
    FlowDiagrams, body_block, example_block, field_table, render_endpoints, signature,
    status_title, systems_of,
};
use super::{Doc, Inline, Kind, code, external_link, mermaid, strong, text};
use crate::check::readiness::{self, Readiness};
use crate::select::{Section, Selection};
use crate::spec::{Sla, Spec, SystemKind};

/// What every part of one render may need, computed once.
pub(super) struct Shared<'s> {
    flow_diagrams: FlowDiagrams<'s>,
}

impl<'s> Shared<'s> {
    pub(super) fn new(spec: &'s Spec) -> Self {
        let systems = systems_of(spec);
        let flow_diagrams = spec
            .flows
            .iter()
            .map(|(id, flow)| (id.as_str(), mermaid::flow_diagram(flow, systems)))
            .collect();
        Shared { flow_diagrams }
    }
}

/// A piece of the output that can be rendered on its own; in order, the parts make the whole.
pub(super) enum Part {
    /// Title, info and every section before the endpoints, and the endpoints' heading.
    Head,
    /// A run of endpoints, by index.
    Endpoints(Vec<usize>),
    /// Every section after the endpoints.
    Tail,
}

/// The parts of what `selection` asks of `spec`, with at most `endpoints_per_part` endpoints
/// each.
pub(super) fn parts(spec: &Spec, selection: &Selection, endpoints_per_part: usize) -> Vec<Part> {
    let selected: Vec<usize> = spec
        .endpoints
        .keys()
        .enumerate()
        .filter(|(_, id)| selection.renders(Kind::Endpoint, id))
        .map(|(idx, _)| idx)
        .collect();
    let mut parts = vec![Part::Head];
    parts.extend(
        selected
            .chunks(endpoints_per_part.max(1))
            .map(|chunk| Part::Endpoints(chunk.to_vec())),
    );
    parts.push(Part::Tail);
    parts
}

/// A section that needs nothing but the spec.
type SectionRenderer = fn(&mut Doc<'_>, &Spec);

/// Renders one part, with its sections in the documented order.
pub(super) fn render_part(doc: &mut Doc<'_>, spec: &Spec, shared: &Shared<'_>, part: &Part) {
    let shows = |section| doc.selection.shows(section);
    match part {
        Part::Head => {
            let head: [(Section, SectionRenderer); 6] = [
                (Section::Info, render_info),
                (Section::Overview, render_overview),
                (Section::Authentication, render_authentication),
                (Section::Environments, render_environments),
                (Section::Conventions, render_conventions),
                (Section::Index, render_index),
            ];
            for (section, render) in head {
                if shows(section) {
                    render(doc, spec);
                }
            }
            if shows(Section::Endpoints) && !spec.endpoints.is_empty() {
                doc.section_heading(Section::Endpoints, "Endpoints");
            }
        }
        Part::Endpoints(indexes) => render_endpoints(doc, spec, &shared.flow_diagrams, indexes),
        Part::Tail => {
            if shows(Section::Models) {
                render_models(doc, spec);
            }
            if shows(Section::Errors) {
                render_errors(doc, spec);
            }
            if shows(Section::RateLimits) {
                render_rate_limits(doc, spec);
            }
            if shows(Section::Flows) {
                render_flows(doc, spec, &shared.flow_diagrams);
            }
            let tail: [(Section, SectionRenderer); 7] = [
                (Section::Webhooks, render_webhooks),
                (Section::Tests, render_tests),
                (Section::Monitoring, render_monitoring),
                (Section::Rollback, render_rollback),
                (Section::Contact, render_contact),
                (Section::Changelog, render_changelog),
                (Section::Readiness, render_readiness),
            ];
            for (section, render) in tail {
                if shows(section) {
                    render(doc, spec);
                }
            }
        }
    }
}

/// A table of the endpoints this render or the book shows, each linked.
fn render_index(doc: &mut Doc<'_>, spec: &Spec) {
    if spec.endpoints.is_empty() {
        return;
    }
    doc.section_heading(Section::Index, "Endpoint index");
    let rows = spec
        .endpoints
        .iter()
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
                endpoint
                    .summary
                    .clone()
                    .map(|summary| vec![text(summary)])
                    .unwrap_or_default(),
                vec![text(status)],
            ]
        })
        .collect();
    doc.table(&["Method", "Path", "Summary", "Status"], rows);
}

fn render_info(doc: &mut Doc<'_>, spec: &Spec) {
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
        doc.prose(summary);
    }
    if let Some(description) = &info.description {
        doc.prose(description);
    }
}

fn render_overview(doc: &mut Doc<'_>, spec: &Spec) {
    let Some(overview) = &spec.overview else {
        return;
    };
    doc.section_heading(Section::Overview, "Overview");
    if let Some(purpose) = &overview.purpose {
        doc.labelled("Purpose", vec![text(purpose.clone())]);
    }
    if let Some(scope) = &overview.scope {
        if !scope.included.is_empty() {
            doc.paragraph(vec![strong("In scope:")]);
            doc.bullets(
                scope
                    .included
                    .iter()
                    .map(|item| vec![text(item.clone())])
                    .collect(),
            );
        }
        if !scope.excluded.is_empty() {
            doc.paragraph(vec![strong("Out of scope:")]);
            doc.bullets(
                scope
                    .excluded
                    .iter()
                    .map(|item| vec![text(item.clone())])
                    .collect(),
            );
        }
    }
    if let Some(architecture) = &overview.architecture {
        doc.prose(architecture);
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
                        .description
                        .as_ref()
                        .map_or_else(Vec::new, |description| vec![text(description.clone())]),
                ]
            })
            .collect();
        doc.table(&["System", "Kind", "Role"], rows);
        doc.code_block(
            "mermaid",
            &mermaid::systems_diagram(spec, &overview.systems),
        );
    }
}

fn render_authentication(doc: &mut Doc<'_>, spec: &Spec) {
    let Some(auth) = &spec.authentication else {
        return;
    };
    doc.section_heading(Section::Authentication, "Authentication");
    let mut rows = vec![vec![vec![text("Type")], vec![text(auth.kind.title())]]];
    if let Some(flow) = auth.flow {
        rows.push(vec![vec![text("Flow")], vec![code(flow.as_str())]]);
    }
    if let Some(url) = &auth.token_endpoint {
        rows.push(vec![vec![text("Token endpoint")], vec![code(url.clone())]]);
    }
    if let Some(url) = &auth.authorization_endpoint {
        rows.push(vec![
            vec![text("Authorization endpoint")],
            vec![code(url.clone())],
        ]);
    }
    if let Some(refresh) = &auth.token_refresh {
        let mut parts = Vec::new();
        match refresh.automatic {
            Some(true) => parts.push("automatic".to_owned()),
            Some(false) => parts.push("manual".to_owned()),
            None => {}
        }
        if let Some(seconds) = refresh.threshold_seconds {
            parts.push(format!("{seconds} s before expiry"));
        }
        rows.push(vec![
            vec![text("Token refresh")],
            vec![text(parts.join(", "))],
        ]);
    }
    doc.table(&["Property", "Value"], rows);
    if let Some(description) = &auth.description {
        doc.prose(description);
    }
    if !auth.scopes.is_empty() {
        doc.paragraph(vec![strong("Scopes:")]);
        let rows = auth
            .scopes
            .iter()
            .map(|(scope, meaning)| vec![vec![code(scope.clone())], vec![text(meaning.clone())]])
            .collect();
        doc.table(&["Scope", "Grants"], rows);
    }
    if !auth.headers.is_empty() {
        doc.paragraph(vec![strong("Headers on every request:")]);
        let rows = auth
            .headers
            .iter()
            .map(|(name, value)| vec![vec![code(name.clone())], vec![code(value.clone())]])
            .collect();
        doc.table(&["Header", "Value"], rows);
    }
    let systems = systems_of(spec);
    let client = systems
        .iter()
        .find(|system| system.kind == SystemKind::External)
        .map_or("Client", |system| system.name.as_str());
    let api = systems
        .iter()
        .find(|system| system.kind == SystemKind::Internal)
        .map_or("API", |system| system.name.as_str());
    if let Some(diagram) = mermaid::auth_diagram(auth, client, api) {
        doc.code_block("mermaid", &diagram);
    }
}

fn render_environments(doc: &mut Doc<'_>, spec: &Spec) {
    if spec.environments.is_empty() {
        return;
    }
    doc.section_heading(Section::Environments, "Environments");
    type Column = (
        &'static str,
        fn(&crate::spec::Environment) -> Option<Vec<Inline>>,
    );
    let columns: [Column; 7] = [
        ("Base URL", |env| {
            env.base_url.clone().map(|url| vec![code(url)])
        }),
        ("Purpose", |env| {
            env.description.clone().map(|value| vec![text(value)])
        }),
        ("SLA", |env| {
            env.sla.as_ref().map(|sla| vec![text(sla_text(sla))])
        }),
        ("Rate limits", |env| {
            env.rate_limits.clone().map(|value| vec![text(value)])
        }),
        ("Data", |env| {
            env.data_persistence.clone().map(|value| vec![text(value)])
        }),
        ("Maintenance", |env| {
            env.maintenance_window
                .clone()
                .map(|value| vec![text(value)])
        }),
        ("Credentials", |env| {
            env.credentials.clone().map(|value| vec![text(value)])
        }),
    ];
    // Only the columns some environment fills in.
    let used: Vec<&Column> = columns
        .iter()
        .filter(|(_, cell)| spec.environments.values().any(|env| cell(env).is_some()))
        .collect();
    let mut header = vec!["Environment"];
    header.extend(used.iter().map(|(name, _)| *name));
    let rows = spec
        .environments
        .iter()
        .map(|(name, env)| {
            let mut row = vec![vec![strong(name.clone())]];
            row.extend(used.iter().map(|(_, cell)| cell(env).unwrap_or_default()));
            row
        })
        .collect();
    doc.table(&header, rows);
}

fn sla_text(sla: &Sla) -> String {
    match sla {
        Sla::Text(value) => value.clone(),
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
            if let Some(support) = &targets.support {
                parts.push(format!("support: {support}"));
            }
            parts.join(", ")
        }
    }
}

fn render_conventions(doc: &mut Doc<'_>, spec: &Spec) {
    let Some(conventions) = &spec.conventions else {
        return;
    };
    let id = doc.section_heading(Section::Conventions, "Conventions");
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
            doc.prose(description);
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
            doc.prose(description);
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
            doc.prose(description);
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
            doc.prose(description);
        }
    }
    if let Some(notification) = &conventions.change_notification {
        doc.heading(
            1,
            &format!("{id}.change-notification"),
            vec![text("Change notification")],
        );
        doc.prose(notification);
    }
}

fn render_models(doc: &mut Doc<'_>, spec: &Spec) {
    if spec.models.is_empty() {
        return;
    }
    doc.section_heading(Section::Models, "Data models");
    let selected: indexmap::IndexMap<String, crate::spec::Model> = spec
        .models
        .iter()
        .filter(|(name, _)| doc.selection.renders(Kind::Model, name))
        .map(|(name, model)| (name.clone(), model.clone()))
        .collect();
    doc.code_block("mermaid", &mermaid::models_diagram(&selected));
    for (name, model) in &selected {
        let anchor = doc
            .anchors
            .item(Kind::Model, name)
            .unwrap_or_default()
            .to_owned();
        doc.heading(1, &anchor, vec![text(name.clone())]);
        if let Some(description) = &model.description {
            doc.prose(description);
        }
        field_table(doc, &model.fields);
    }
}

fn render_errors(doc: &mut Doc<'_>, spec: &Spec) {
    if spec.errors.is_empty() {
        return;
    }
    doc.section_heading(Section::Errors, "Error codes");
    let with_headers = spec.errors.values().any(|error| !error.headers.is_empty());
    let rows = spec
        .errors
        .iter()
        .filter(|(name, _)| doc.selection.renders(Kind::Error, name))
        .map(|(name, error)| {
            let anchor = doc
                .anchors
                .item(Kind::Error, name)
                .unwrap_or_default()
                .to_owned();
            let mut message = vec![text(error.message.clone())];
            if let Some(description) = &error.description {
                let separator = if error.message.ends_with(['.', '!', '?']) {
                    " "
                } else {
                    ". "
                };
                message.push(text(format!("{separator}{description}")));
            }
            let mut row = vec![
                vec![Inline::Anchor(anchor), code(name.clone())],
                vec![text(status_title(error.http_status))],
                message,
                error
                    .retry
                    .clone()
                    .map(|v| vec![text(v)])
                    .unwrap_or_default(),
                error
                    .resolution
                    .clone()
                    .map(|v| vec![text(v)])
                    .unwrap_or_default(),
            ];
            if with_headers {
                let mut cell = Vec::new();
                for (idx, (header, value)) in error.headers.iter().enumerate() {
                    if idx > 0 {
                        cell.push(text(", "));
                    }
                    cell.push(code(format!("{header}: {value}")));
                }
                row.push(cell);
            }
            row
        })
        .collect();
    let mut header = vec!["Code", "HTTP status", "Message", "Retry", "Resolution"];
    if with_headers {
        header.push("Headers");
    }
    doc.table(&header, rows);
}

fn render_rate_limits(doc: &mut Doc<'_>, spec: &Spec) {
    let Some(limits) = &spec.rate_limits else {
        return;
    };
    doc.section_heading(Section::RateLimits, "Rate limits");
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
        doc.prose(description);
    }
}

fn render_flows(doc: &mut Doc<'_>, spec: &Spec, flow_diagrams: &FlowDiagrams<'_>) {
    if spec.flows.is_empty() {
        return;
    }
    doc.section_heading(Section::Flows, "Flows");
    // Endpoints by the flow they name, in endpoint order.
    let mut users_by_flow: std::collections::HashMap<&str, Vec<(&String, &crate::spec::Endpoint)>> =
        std::collections::HashMap::new();
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
            doc.prose(description);
        }
        if let Some(diagram) = flow_diagrams.get(flow_id.as_str()) {
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

fn render_webhooks(doc: &mut Doc<'_>, spec: &Spec) {
    if spec.webhooks.is_empty() {
        return;
    }
    doc.section_heading(Section::Webhooks, "Webhooks");
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
            doc.prose(description);
        }
        let mut rows = Vec::new();
        if let Some(signature) = &webhook.signature {
            rows.push(vec![vec![text("Signature")], vec![text(signature.clone())]]);
        }
        if let Some(retries) = &webhook.retries {
            rows.push(vec![vec![text("Retries")], vec![text(retries.clone())]]);
        }
        doc.table(&["Property", "Value"], rows);
        if !webhook.headers.is_empty() {
            doc.paragraph(vec![text("Headers:")]);
            field_table(doc, &webhook.headers);
        }
        if let Some(payload) = &webhook.payload {
            body_block(doc, "Payload", "application/json", payload);
        }
        if let Some(example) = &webhook.example {
            example_block(doc, &super::endpoints::pretty_json(example));
        }
    }
}

fn render_tests(doc: &mut Doc<'_>, spec: &Spec) {
    if spec.tests.is_empty() {
        return;
    }
    doc.section_heading(Section::Tests, "Test scenarios");
    for (test_id, test) in spec
        .tests
        .iter()
        .filter(|(id, _)| doc.selection.renders(Kind::Test, id))
    {
        let anchor = doc
            .anchors
            .item(Kind::Test, test_id)
            .unwrap_or_default()
            .to_owned();
        doc.heading(1, &anchor, vec![code(test_id.clone())]);
        if let Some(description) = &test.description {
            doc.prose(description);
        }
        if let Some(endpoint_id) = &test.endpoint {
            let label = spec.endpoints.get(endpoint_id).map_or_else(
                || code(endpoint_id.clone()),
                |endpoint| code(signature(endpoint)),
            );
            let link = doc.link_to(Kind::Endpoint, endpoint_id, vec![label]);
            doc.labelled("Endpoint", vec![link]);
        }
        if !test.preconditions.is_empty() {
            doc.paragraph(vec![strong("Preconditions:")]);
            doc.bullets(
                test.preconditions
                    .iter()
                    .map(|item| vec![text(item.clone())])
                    .collect(),
            );
        }
        if let Some(modification) = &test.modification {
            doc.labelled("Request change", vec![text(modification.clone())]);
        }
        if let Some(expect) = &test.expect {
            let mut expected = Vec::new();
            if let Some(status) = expect.status {
                expected.push(text(format!("HTTP {}", status_title(status))));
            }
            if let Some(error) = &expect.error {
                if !expected.is_empty() {
                    expected.push(text(" with "));
                }
                if expect.status.is_none()
                    && let Some(known) = spec.errors.get(error)
                {
                    expected.push(text(format!("HTTP {} ", status_title(known.http_status))));
                }
                expected.push(doc.link_to(Kind::Error, error, vec![code(error.clone())]));
            }
            if !expected.is_empty() {
                doc.labelled("Expected", expected);
            }
            if !expect.outcomes.is_empty() {
                doc.paragraph(vec![strong("Outcomes:")]);
                doc.bullets(
                    expect
                        .outcomes
                        .iter()
                        .map(|item| vec![text(item.clone())])
                        .collect(),
                );
            }
        }
        if !test.verify.is_empty() {
            doc.paragraph(vec![strong("Verify:")]);
            doc.bullets(
                test.verify
                    .iter()
                    .map(|item| vec![text(item.clone())])
                    .collect(),
            );
        }
    }
}

fn render_monitoring(doc: &mut Doc<'_>, spec: &Spec) {
    let Some(monitoring) = &spec.monitoring else {
        return;
    };
    doc.section_heading(Section::Monitoring, "Monitoring");
    if !monitoring.metrics.is_empty() {
        doc.paragraph(vec![strong("Metrics:")]);
        doc.bullets(
            monitoring
                .metrics
                .iter()
                .map(|metric| vec![code(metric.clone())])
                .collect(),
        );
    }
    if !monitoring.alerts.is_empty() {
        doc.paragraph(vec![strong("Alerts:")]);
        let rows = monitoring
            .alerts
            .iter()
            .map(|alert| {
                vec![
                    vec![text(alert.when.clone())],
                    alert
                        .notify
                        .clone()
                        .map(|v| vec![text(v)])
                        .unwrap_or_default(),
                    alert
                        .severity
                        .clone()
                        .map(|v| vec![text(v)])
                        .unwrap_or_default(),
                ]
            })
            .collect();
        doc.table(&["When", "Notify", "Severity"], rows);
    }
    if !monitoring.dashboards.is_empty() {
        doc.paragraph(vec![strong("Dashboards:")]);
        doc.bullets(
            monitoring
                .dashboards
                .iter()
                .map(|dashboard| external_link(dashboard, vec![text(dashboard.clone())]))
                .collect(),
        );
    }
    if let Some(health) = &monitoring.health_check {
        doc.labelled("Health check", vec![text(health.clone())]);
    }
}

fn render_rollback(doc: &mut Doc<'_>, spec: &Spec) {
    let Some(rollback) = &spec.rollback else {
        return;
    };
    doc.section_heading(Section::Rollback, "Rollback");
    if !rollback.triggers.is_empty() {
        doc.paragraph(vec![strong("Roll back when:")]);
        doc.bullets(
            rollback
                .triggers
                .iter()
                .map(|item| vec![text(item.clone())])
                .collect(),
        );
    }
    match rollback.procedure.as_slice() {
        [] => {}
        [single] => doc.labelled("Procedure", vec![text(single.clone())]),
        steps => {
            doc.paragraph(vec![strong("Procedure:")]);
            doc.numbered(steps.iter().map(|step| vec![text(step.clone())]).collect());
        }
    }
    if let Some(data) = &rollback.data {
        doc.labelled("Data", vec![text(data.clone())]);
    }
}

fn render_contact(doc: &mut Doc<'_>, spec: &Spec) {
    let Some(contact) = &spec.info.contact else {
        return;
    };
    doc.section_heading(Section::Contact, "Contact");
    let mut rows = Vec::new();
    if let Some(team) = &contact.team {
        rows.push(vec![vec![text("Team")], vec![text(team.clone())]]);
    }
    if let Some(email) = &contact.email {
        let link = if is_plain_email(email) {
            external_link(&format!("mailto:{email}"), vec![text(email.clone())])
        } else {
            vec![text(email.clone())]
        };
        rows.push(vec![vec![text("Email")], link]);
    }
    if let Some(chat) = &contact.chat {
        rows.push(vec![vec![text("Chat")], vec![text(chat.clone())]]);
    }
    if let Some(url) = &contact.url {
        rows.push(vec![
            vec![text("Support page")],
            external_link(url, vec![text(url.clone())]),
        ]);
    }
    if let Some(escalation) = &contact.escalation {
        rows.push(vec![
            vec![text("Escalation")],
            vec![text(escalation.clone())],
        ]);
    }
    doc.table(&["Channel", "Contact"], rows);
}

fn render_changelog(doc: &mut Doc<'_>, spec: &Spec) {
    if spec.changelog.is_empty() {
        return;
    }
    doc.section_heading(Section::Changelog, "Changelog");
    let rows = spec
        .changelog
        .iter()
        .map(|entry| {
            vec![
                vec![strong(entry.version.clone())],
                entry
                    .date
                    .clone()
                    .map(|date| vec![text(date)])
                    .unwrap_or_default(),
                vec![text(entry.changes.join("; "))],
            ]
        })
        .collect();
    doc.table(&["Version", "Date", "Changes"], rows);
}

fn render_readiness(doc: &mut Doc<'_>, spec: &Spec) {
    doc.section_heading(Section::Readiness, "Readiness checklist");
    let rows = readiness::evaluate(spec)
        .into_iter()
        .map(|criterion| {
            let status = match criterion.status {
                Readiness::Pass => text("✅ pass"),
                Readiness::Missing => strong("❌ missing"),
            };
            vec![
                vec![text(criterion.title)],
                vec![status],
                vec![text(criterion.detail)],
            ]
        })
        .collect();
    doc.table(&["Criterion", "Status", "Detail"], rows);
}

/// `name@host`, with nothing that could smuggle markup or more addresses into a `mailto:`.
fn is_plain_email(email: &str) -> bool {
    email.split_once('@').is_some_and(|(local, host)| {
        !local.is_empty()
            && host.contains('.')
            && email
                .chars()
                .filter(|c| *c != '@')
                .all(|c| c.is_alphanumeric() || matches!(c, '.' | '_' | '-' | '+'))
    })
}
