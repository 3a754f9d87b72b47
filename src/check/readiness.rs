//! The readiness checklist: the seed's "Validation Criteria", evaluated on a spec.
//!
//! Each criterion is met or missing, with a sentence saying why. The renderer shows the list;
//! the checker turns missing criteria into lint warnings.

use crate::spec::{EndpointAuth, Sla, Spec};

/// Whether a criterion is met.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Readiness {
    /// The spec meets it.
    Pass,
    /// The spec does not (yet) meet it.
    Missing,
}

/// One evaluated criterion.
#[derive(Clone, Debug, PartialEq)]
pub struct Criterion {
    /// Stable key, used by lints.
    pub key: &'static str,
    /// The criterion as the checklist states it.
    pub title: &'static str,
    /// Met or missing.
    pub status: Readiness,
    /// Why.
    pub detail: String,
}

/// Evaluates every criterion, in the checklist's order.
pub fn evaluate(spec: &Spec) -> Vec<Criterion> {
    vec![
        examples(spec),
        error_scenarios(spec),
        security(spec),
        performance(spec),
        rollback(spec),
        contact(spec),
    ]
}

fn criterion(key: &'static str, title: &'static str, pass: bool, detail: String) -> Criterion {
    Criterion {
        key,
        title,
        status: if pass {
            Readiness::Pass
        } else {
            Readiness::Missing
        },
        detail,
    }
}

fn examples(spec: &Spec) -> Criterion {
    let mut with_example = 0;
    let mut without: Vec<String> = Vec::new();
    for (id, endpoint) in &spec.endpoints {
        if let Some(request) = &endpoint.request
            && request.body.is_some()
        {
            match request.example {
                Some(_) => with_example += 1,
                None => without.push(format!("{id} request")),
            }
        }
        for (status, response) in &endpoint.responses {
            if response.body.is_some() {
                match response.example {
                    Some(_) => with_example += 1,
                    None => without.push(format!("{id} {status} response")),
                }
            }
        }
    }
    for (event, webhook) in &spec.webhooks {
        if webhook.payload.is_some() {
            match webhook.example {
                Some(_) => with_example += 1,
                None => without.push(format!("webhook {event}")),
            }
        }
    }
    for (code, error) in &spec.errors {
        if error.body.is_some() {
            match error.example {
                Some(_) => with_example += 1,
                None => without.push(format!("error {code}")),
            }
        }
    }
    let detail = if !without.is_empty() {
        format!("no example for: {}", without.join(", "))
    } else if with_example == 0 {
        "no request, response or webhook declares a body".to_owned()
    } else {
        let noun = if with_example == 1 {
            "example"
        } else {
            "examples"
        };
        format!("{with_example} {noun}, each checked against its declared type")
    };
    criterion(
        "examples",
        "All request/response examples are syntactically valid",
        without.is_empty(),
        detail,
    )
}

fn error_scenarios(spec: &Spec) -> Criterion {
    let server_errors = spec
        .errors
        .values()
        .filter(|error| error.http_status >= 500)
        .count();
    let without_errors: Vec<&str> = spec
        .endpoints
        .iter()
        .filter(|(_, endpoint)| endpoint.errors.is_empty())
        .map(|(id, _)| id.as_str())
        .collect();
    let mut gaps = Vec::new();
    if server_errors == 0 {
        gaps.push("no 5xx error covers a system failure".to_owned());
    }
    if !without_errors.is_empty() {
        gaps.push(format!(
            "endpoints without errors: {}",
            without_errors.join(", ")
        ));
    }
    let detail = if gaps.is_empty() {
        format!(
            "{} error code{}, {server_errors} for system failures; every endpoint lists its errors",
            spec.errors.len(),
            if spec.errors.len() == 1 { "" } else { "s" }
        )
    } else {
        gaps.join("; ")
    };
    criterion(
        "error-scenarios",
        "Error scenarios cover edge cases and system failures",
        gaps.is_empty(),
        detail,
    )
}

fn security(spec: &Spec) -> Criterion {
    let all_public = !spec.endpoints.is_empty()
        && spec
            .endpoints
            .values()
            .all(|endpoint| endpoint.auth == EndpointAuth::Public);
    let (pass, detail) = match &spec.authentication {
        Some(auth) => (true, format!("authentication: {}", auth.kind.title())),
        None if all_public => (true, "every endpoint is declared public".to_owned()),
        None => (false, "no authentication section".to_owned()),
    };
    criterion(
        "security",
        "Security considerations are explicitly addressed",
        pass,
        detail,
    )
}

fn performance(spec: &Spec) -> Criterion {
    let quantified: Vec<&str> = spec
        .environments
        .iter()
        .filter(|(_, environment)| match &environment.sla {
            Some(Sla::Targets(targets)) => {
                targets.p50_ms.is_some()
                    || targets.p95_ms.is_some()
                    || targets.p99_ms.is_some()
                    || targets.uptime.as_deref().is_some_and(has_digit)
            }
            Some(Sla::Text(text)) => has_digit(text),
            None => false,
        })
        .map(|(name, _)| name.as_str())
        .collect();
    let detail = if quantified.is_empty() {
        "no environment has an SLA with numbers".to_owned()
    } else {
        format!("SLA with numbers for: {}", quantified.join(", "))
    };
    criterion(
        "performance",
        "Performance expectations are quantified",
        !quantified.is_empty(),
        detail,
    )
}

fn rollback(spec: &Spec) -> Criterion {
    let steps = spec
        .rollback
        .as_ref()
        .map_or(0, |rollback| rollback.procedure.len());
    criterion(
        "rollback",
        "Rollback procedures are documented",
        steps > 0,
        if steps > 0 {
            "rollback procedure documented".to_owned()
        } else {
            "no rollback procedure".to_owned()
        },
    )
}

fn contact(spec: &Spec) -> Criterion {
    let channels: Vec<&str> = spec
        .info
        .contact
        .iter()
        .flat_map(|contact| {
            [
                ("team", &contact.team),
                ("email", &contact.email),
                ("chat", &contact.chat),
                ("url", &contact.url),
                ("escalation", &contact.escalation),
            ]
        })
        .filter(|(_, value)| value.is_some())
        .map(|(name, _)| name)
        .collect();
    criterion(
        "contact",
        "Contact information for integration support is provided",
        !channels.is_empty(),
        if channels.is_empty() {
            "no support contact in info".to_owned()
        } else {
            format!("contact: {}", channels.join(", "))
        },
    )
}

fn has_digit(text: &str) -> bool {
    text.chars().any(|c| c.is_ascii_digit())
}
