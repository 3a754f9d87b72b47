//! The readiness checklist: the seed's "Validation Criteria", evaluated on a spec.
//!
//! Each criterion is met or missing, with a sentence saying why. The renderer shows the list;
//! the checker turns missing criteria into lint warnings.

use crate::diagnostic::plural;
use crate::spec::{Authentication, EndpointAuth, Sla, Spec};

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
    super::walk::each_body(spec, &mut |body| {
        for media in body.media() {
            if media.media.schema.is_none() || media.media.is_binary() {
                continue;
            }
            if media.media.has_samples() {
                with_example += 1;
            } else {
                without.push(media.label());
            }
        }
    });
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
        Some(auth) if !auth.schemes.is_empty() => (true, schemes_detail(auth)),
        _ if all_public => (true, "every endpoint is declared public".to_owned()),
        Some(_) => (false, "no authentication scheme".to_owned()),
        None => (false, "no authentication section".to_owned()),
    };
    criterion(
        "security",
        "Security considerations are explicitly addressed",
        pass,
        detail,
    )
}

/// `authentication: OAuth 2.0` for one scheme; each scheme by name and type for several.
fn schemes_detail(auth: &Authentication) -> String {
    if !auth.named {
        let titles: Vec<&str> = auth.schemes.values().map(|s| s.kind.title()).collect();
        return format!("authentication: {}", titles.join(", "));
    }
    let schemes: Vec<String> = auth
        .schemes
        .iter()
        .map(|(name, scheme)| format!("{name} ({})", scheme.kind.title()))
        .collect();
    format!("authentication: {}", schemes.join(", "))
}

fn performance(spec: &Spec) -> Criterion {
    let quantified: Vec<&str> = spec
        .environments
        .iter()
        .filter(|(_, environment)| environment.sla.as_ref().is_some_and(has_numbers))
        .map(|(name, _)| name.as_str())
        .collect();
    // Endpoints may promise their own latency or a timeout.
    let endpoints = spec
        .endpoints
        .values()
        .filter(|endpoint| {
            endpoint.timeout_ms.is_some() || endpoint.sla.as_ref().is_some_and(has_numbers)
        })
        .count();
    let detail = match (quantified.is_empty(), endpoints) {
        (true, 0) => "no environment has an SLA with numbers".to_owned(),
        (false, 0) => format!("SLA with numbers for: {}", quantified.join(", ")),
        (true, n) => format!("SLA or timeout for {n} endpoint{}", plural(n)),
        (false, n) => format!(
            "SLA with numbers for: {}; SLA or timeout for {n} endpoint{}",
            quantified.join(", "),
            plural(n)
        ),
    };
    criterion(
        "performance",
        "Performance expectations are quantified",
        !quantified.is_empty() || endpoints > 0,
        detail,
    )
}

/// Whether an SLA says anything measurable.
fn has_numbers(sla: &Sla) -> bool {
    match sla {
        Sla::Targets(targets) => {
            targets.p50_ms.is_some()
                || targets.p95_ms.is_some()
                || targets.p99_ms.is_some()
                || targets.uptime.as_deref().is_some_and(has_digit)
        }
        Sla::Text(text) => has_digit(text),
    }
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

#[cfg(test)]
mod endpoint_sla_tests {
    use super::*;

    #[test]
    fn an_endpoint_timeout_or_sla_quantifies_performance() {
        let text = "integration-spec: \"1.0\"\ninfo: {title: T, version: 1.0.0}\n\
                    endpoints:\n  a: {method: GET, path: /a, timeout_ms: 5000}\n\
                    \x20 b: {method: GET, path: /b, sla: {p95_ms: 200}}\n\
                    \x20 c: {method: GET, path: /c, sla: fast}\n";
        let (spec, diags) = crate::load::parse_spec(text, crate::load::Format::Yaml);
        assert_eq!(diags, []);
        let performance = performance(&spec.unwrap());
        assert_eq!(performance.status, Readiness::Pass);
        assert_eq!(performance.detail, "SLA or timeout for 2 endpoints");
    }
}
