//! The sections about shipping and running the integration: test scenarios, monitoring,
//! rollback, contact, changelog and the readiness checklist. The section table in `sections`
//! decides whether each shows and writes its heading; these write what stands under it.

use super::blocks::{signature, status_title};
use super::doc::{Doc, Inline, code, external_link, strong, text};
use super::prose::{labelled_prose, prose, prose_line};
use super::shared::Shared;
use crate::check::readiness::{self, Readiness};
use crate::spec::{ItemExpectation, Kind, Spec};

pub(super) fn render_tests(doc: &mut Doc<'_>, spec: &Spec, _: &Shared<'_>) {
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
            prose(doc, description);
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
            let items = lines(doc, &test.preconditions);
            doc.bullets(items);
        }
        if let Some(modification) = &test.modification {
            labelled_prose(doc, "Request change", modification);
        }
        if let Some(expect) = &test.expect {
            let mut expected = Vec::new();
            if let Some(status) = expect.status {
                expected.push(text(format!("HTTP {}", status_title(status))));
            }
            if let Some(error) = &expect.error {
                // "HTTP 402 Payment Required with `CARD_DECLINED`", whether the status is
                // written or taken from the error.
                if expect.status.is_none()
                    && let Some(known) = spec.errors.get(error)
                {
                    expected.push(text(format!("HTTP {}", status_title(known.http_status))));
                }
                if !expected.is_empty() {
                    expected.push(text(" with "));
                }
                expected.push(doc.link_to(Kind::Error, error, vec![code(error.clone())]));
            }
            if !expected.is_empty() {
                doc.labelled("Expected", expected);
            }
            if !expect.outcomes.is_empty() {
                doc.paragraph(vec![strong("Outcomes:")]);
                let items = lines(doc, &expect.outcomes);
                doc.bullets(items);
            }
            if !expect.items.is_empty() {
                doc.paragraph(vec![strong("Items, in order:")]);
                let items = expect
                    .items
                    .iter()
                    .map(|item| item_expectation(doc, spec, item))
                    .collect();
                doc.numbered(items);
            }
        }
        if !test.verify.is_empty() {
            doc.paragraph(vec![strong("Verify:")]);
            let items = lines(doc, &test.verify);
            doc.bullets(items);
        }
    }
}

pub(super) fn render_monitoring(doc: &mut Doc<'_>, spec: &Spec, _: &Shared<'_>) {
    let Some(monitoring) = &spec.monitoring else {
        return;
    };
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
        labelled_prose(doc, "Health check", health);
    }
}

pub(super) fn render_rollback(doc: &mut Doc<'_>, spec: &Spec, _: &Shared<'_>) {
    let Some(rollback) = &spec.rollback else {
        return;
    };
    if !rollback.triggers.is_empty() {
        doc.paragraph(vec![strong("Roll back when:")]);
        let items = lines(doc, &rollback.triggers);
        doc.bullets(items);
    }
    match rollback.procedure.as_slice() {
        [] => {}
        [single] => labelled_prose(doc, "Procedure", single),
        steps => {
            doc.paragraph(vec![strong("Procedure:")]);
            let items = lines(doc, steps);
            doc.numbered(items);
        }
    }
    if let Some(data) = &rollback.data {
        labelled_prose(doc, "Data", data);
    }
}

pub(super) fn render_contact(doc: &mut Doc<'_>, spec: &Spec, _: &Shared<'_>) {
    let Some(contact) = &spec.info.contact else {
        return;
    };
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
        rows.push(vec![vec![text("Escalation")], prose_line(doc, escalation)]);
    }
    doc.table(&["Channel", "Contact"], rows);
}

pub(super) fn render_changelog(doc: &mut Doc<'_>, spec: &Spec, _: &Shared<'_>) {
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
                changes(doc, &entry.changes),
            ]
        })
        .collect();
    doc.table(&["Version", "Date", "Changes"], rows);
}

pub(super) fn render_readiness(doc: &mut Doc<'_>, spec: &Spec, _: &Shared<'_>) {
    let rows = readiness::evaluate(spec)
        .into_iter()
        .map(|criterion| {
            let status = match criterion.status {
                // Plain words: a check mark needs an emoji font, which a headless browser or a
                // PDF may not have.
                Readiness::Pass => text("pass"),
                Readiness::Missing => strong("missing"),
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

/// Each text of a list as one line, for list items.
/// One item of a batch: "402 Payment Required with `CARD_DECLINED`: outcome; outcome".
fn item_expectation(doc: &Doc<'_>, spec: &Spec, item: &ItemExpectation) -> Vec<Inline> {
    let mut line = Vec::new();
    let status = item.status.or_else(|| {
        item.error
            .as_ref()
            .and_then(|error| spec.errors.get(error))
            .map(|error| error.http_status)
    });
    if let Some(status) = status {
        line.push(text(status_title(status)));
    }
    if let Some(error) = &item.error {
        if !line.is_empty() {
            line.push(text(" with "));
        }
        line.push(doc.link_to(Kind::Error, error, vec![code(error.clone())]));
    }
    for (idx, outcome) in item.outcomes.iter().enumerate() {
        line.push(text(match (idx, line.is_empty()) {
            (_, true) => "",
            (0, false) => ": ",
            _ => "; ",
        }));
        line.extend(prose_line(doc, outcome));
    }
    if line.is_empty() {
        line.push(text("Any result"));
    }
    line
}

fn lines(doc: &Doc<'_>, items: &[String]) -> Vec<Vec<Inline>> {
    items.iter().map(|item| prose_line(doc, item)).collect()
}

/// A changelog entry's changes on one line, separated by semicolons.
fn changes(doc: &Doc<'_>, changes: &[String]) -> Vec<Inline> {
    let mut line = Vec::new();
    for (idx, change) in changes.iter().enumerate() {
        if idx > 0 {
            line.push(text("; "));
        }
        line.extend(prose_line(doc, change));
    }
    line
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
