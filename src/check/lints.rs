//! Lints: the readiness checklist, the error catalogue's completeness and rate limits that
//! contradict each other, as warnings a book can allow, keep or deny.

use std::collections::BTreeSet;

use super::readiness::{self, Readiness};
use super::walk::item;
use crate::diagnostic::{Code, Diagnostic, SpecPath};
use crate::spec::{Spec, Step};

pub(super) fn check(spec: &Spec, diags: &mut Vec<Diagnostic>) {
    readiness_lints(spec, diags);
    missing_examples(spec, diags);
    endpoints_without_errors(spec, diags);
    unused_errors(spec, diags);
    missing_rate_limit_error(spec, diags);
    rate_limit_mismatches(spec, diags);
}

/// The whole-spec criteria of the readiness checklist.
fn readiness_lints(spec: &Spec, diags: &mut Vec<Diagnostic>) {
    for criterion in readiness::evaluate(spec) {
        if criterion.status == Readiness::Pass {
            continue;
        }
        let (code, message, path, help) = match criterion.key {
            "security" => (
                Code::MissingAuthentication,
                "no `authentication` section, and not every endpoint is public",
                SpecPath::root(),
                "add an `authentication` section, or mark every endpoint `auth: none`",
            ),
            "performance" => (
                Code::UnquantifiedPerformance,
                "no environment has an SLA with numbers",
                SpecPath::root().key("environments"),
                "give an environment an SLA with numbers, e.g. `sla: { uptime: \"99.9%\", p95_ms: 200 }`",
            ),
            "rollback" => (
                Code::MissingRollback,
                "no rollback procedure",
                SpecPath::root(),
                "add `rollback: { procedure: ... }`",
            ),
            "contact" => (
                Code::MissingContact,
                "no support contact",
                SpecPath::root().key("info"),
                "add `info.contact` with a team, email, chat or escalation path",
            ),
            // Examples and error coverage are reported per item below.
            _ => continue,
        };
        diags.push(
            Diagnostic::warning(code, format!("readiness: {message}"))
                .at(&path)
                .with_help(help),
        );
    }
    if spec.errors.values().all(|error| error.http_status < 500) {
        diags.push(
            Diagnostic::warning(
                Code::NoServerError,
                "readiness: no error code covers a system failure (5xx)",
            )
            .at(&SpecPath::root().key("errors"))
            .with_help("document what clients see when this system or one it depends on fails, e.g. a 503 with a retry strategy"),
        );
    }
}

fn missing_examples(spec: &Spec, diags: &mut Vec<Diagnostic>) {
    // A file (`binary`) has no example to show.
    super::walk::each_body(spec, &mut |body| {
        for media in body.media() {
            if media.media.schema.is_none() || media.media.has_samples() || media.media.is_binary()
            {
                continue;
            }
            let help = if media.media.type_only {
                format!(
                    "write the entry as a mapping, `{}: {{ {}: ..., example: ... }}`; the example is checked against the declared type",
                    media.media_type,
                    body.carrier.body_key()
                )
            } else {
                "add an `example` next to the body; it is checked against the declared type"
                    .to_owned()
            };
            diags.push(
                Diagnostic::warning(
                    Code::MissingExample,
                    format!("{} has no example", media.body_what()),
                )
                .at(&media.body_path())
                .with_help(help),
            );
        }
    });
    for (code, error) in &spec.errors {
        if error.body.is_some() && error.example.is_none() {
            diags.push(
                Diagnostic::warning(
                    Code::MissingExample,
                    format!("the body of error `{code}` has no example"),
                )
                .at(&item("errors", code).key("body"))
                .with_help(
                    "add an `example` next to the body; it is checked against the declared type",
                ),
            );
        }
    }
}

fn endpoints_without_errors(spec: &Spec, diags: &mut Vec<Diagnostic>) {
    for (id, endpoint) in &spec.endpoints {
        if endpoint.errors.is_empty() {
            diags.push(
                Diagnostic::warning(
                    Code::EndpointWithoutErrors,
                    format!("endpoint `{id}` lists no error codes"),
                )
                .at(&item("endpoints", id))
                .with_help("list the codes from `errors` it can return under `errors: [...]`"),
            );
        }
    }
}

fn unused_errors(spec: &Spec, diags: &mut Vec<Diagnostic>) {
    let mut used: BTreeSet<&str> = BTreeSet::new();
    for endpoint in spec.endpoints.values() {
        used.extend(endpoint.errors.iter().map(String::as_str));
    }
    for test in spec.tests.values() {
        used.extend(
            test.expect
                .iter()
                .filter_map(|expect| expect.error.as_deref()),
        );
        used.extend(
            test.expect
                .iter()
                .flat_map(|expect| &expect.items)
                .filter_map(|item| item.error.as_deref()),
        );
    }
    for flow in spec.flows.values() {
        collect_branch_errors(&flow.steps, &mut used);
    }
    for code in spec.errors.keys() {
        if !used.contains(code.as_str()) {
            diags.push(
                Diagnostic::warning(
                    Code::UnusedError,
                    format!("error code `{code}` is used nowhere"),
                )
                .at(&item("errors", code))
                .with_help("list it in the `errors` of the endpoints that return it, or remove it"),
            );
        }
    }
}

fn collect_branch_errors<'s>(steps: &'s [Step], used: &mut BTreeSet<&'s str>) {
    crate::spec::each_step(steps, &mut |step| {
        used.extend(
            step.branches()
                .iter()
                .filter_map(|branch| branch.error.as_deref()),
        );
    });
}

fn missing_rate_limit_error(spec: &Spec, diags: &mut Vec<Diagnostic>) {
    let declares_limits = spec.rate_limits.is_some()
        || spec
            .endpoints
            .values()
            .any(|endpoint| endpoint.rate_limit.is_some());
    if declares_limits && !spec.errors.values().any(|error| error.http_status == 429) {
        diags.push(
            Diagnostic::warning(
                Code::MissingRateLimitError,
                "rate limits are declared, but no error code has status 429",
            )
            .at(&SpecPath::root().key("rate_limits"))
            .with_help("add an error such as `RATE_LIMIT_EXCEEDED: { http_status: 429, message: ..., retry: ... }`"),
        );
    }
}

/// An endpoint whose `rate_limit` and `rate_limits.per_endpoint` entry say different limits:
/// its page shows the one, the rate limits section the other. Limits are text, so texts that
/// differ only in case and spacing say the same.
fn rate_limit_mismatches(spec: &Spec, diags: &mut Vec<Diagnostic>) {
    let Some(limits) = &spec.rate_limits else {
        return;
    };
    let normal = |text: &str| {
        text.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    for (id, endpoint) in &spec.endpoints {
        let (Some(own), Some(listed)) = (&endpoint.rate_limit, limits.per_endpoint.get(id)) else {
            continue;
        };
        if normal(own) == normal(listed) {
            continue;
        }
        diags.push(
            Diagnostic::warning(
                Code::RateLimitMismatch,
                format!(
                    "`rate_limit` says `{}`, and `rate_limits.per_endpoint` says `{}` for this endpoint",
                    own.trim(),
                    listed.trim()
                ),
            )
            .at(&item("endpoints", id).key("rate_limit"))
            .with_help(
                "the endpoint shows its `rate_limit`, the rate limits section its `per_endpoint` entry: \
                 make them say the same, or keep one (without `rate_limit`, the endpoint shows the \
                 `per_endpoint` entry)",
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    fn findings(yaml: &str) -> Vec<String> {
        let text = format!("integration-spec: \"1.0\"\ninfo: {{title: T, version: 1.0.0}}\n{yaml}");
        let (spec, diags) = crate::load::parse_spec(&text, crate::load::Format::Yaml);
        assert_eq!(diags, [], "{yaml}");
        let mut found = Vec::new();
        super::rate_limit_mismatches(&spec.unwrap(), &mut found);
        found
            .iter()
            .map(|diag| format!("{} at {}", diag.message, diag.path.as_ref().unwrap()))
            .collect()
    }

    #[test]
    fn an_endpoints_rate_limit_agrees_with_its_per_endpoint_entry() {
        let spec = |own: &str, listed: &str| {
            format!(
                "endpoints:\n  a: {{method: GET, path: /a, responses: {{200: OK}}{own}}}\n  b: {{method: GET, path: /b, responses: {{200: OK}}}}\nrate_limits:\n  per_endpoint: {{{listed}}}\n"
            )
        };
        assert_eq!(
            findings(&spec(", rate_limit: 10/second", "a: 20/second")),
            [
                "`rate_limit` says `10/second`, and `rate_limits.per_endpoint` says `20/second` for this endpoint at endpoints.a.rate_limit"
            ]
        );
        // The same text in other case or spacing, or one of the two alone, says nothing.
        for (own, listed) in [
            (", rate_limit: 10  per Second", "a: 10 per second"),
            (", rate_limit: 10/second", "b: 20/second"),
            ("", "a: 20/second"),
        ] {
            assert_eq!(
                findings(&spec(own, listed)),
                Vec::<String>::new(),
                "{own} {listed}"
            );
        }
    }
}
