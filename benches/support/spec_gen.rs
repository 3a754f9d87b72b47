//! A deterministic generator of synthetic but realistic integration specs, for benchmarks.
//!
//! Shared by `benches/pipeline.rs` and `examples/spec_gen.rs` through `#[path]`. Endpoints
//! mix reads and writes as real APIs do: every endpoint has path parameters and two errors
//! from the catalogue; reads add a query parameter and a response with an example; writes
//! add a header, a request body of three fields (one a model) with an example, one or two
//! responses with examples and a flow; deletes answer 204. Short maps are written in flow
//! style, as people do. Models and error codes grow as one per 10 endpoints, flows as one per
//! 20. That is about 560 bytes of YAML per endpoint: 2000 endpoints are 1.1 MB, 8000 are
//! 4.5 MB. Same arguments, same bytes.

use std::fmt::Write as _;

/// Appends one formatted line; writing into a `String` cannot fail.
macro_rules! line {
    ($out:expr, $($arg:tt)*) => {{
        let _ = writeln!($out, $($arg)*);
    }};
}

const ERROR_KINDS: [(&str, u16, &str, &str); 5] = [
    (
        "NOT_FOUND",
        404,
        "No such resource for this client",
        "Do not retry",
    ),
    (
        "CONFLICT",
        409,
        "The resource changed since it was read",
        "Re-read the resource and retry once",
    ),
    (
        "VALIDATION_FAILED",
        422,
        "A field failed validation",
        "Do not retry - fix the request",
    ),
    (
        "QUOTA_EXCEEDED",
        429,
        "The plan's quota for this resource is used up",
        "Retry after the period in Retry-After",
    ),
    (
        "UPSTREAM_TIMEOUT",
        503,
        "A downstream system did not answer in time",
        "Retry with the same Idempotency-Key after 5 s, at most 3 times",
    ),
];

/// A realistic mix: reads outnumber writes, and deletes return no body.
const METHODS: [&str; 6] = ["GET", "POST", "PUT", "GET", "DELETE", "PATCH"];

/// How many models, error codes and flows a spec with `endpoints` endpoints gets.
fn counts(endpoints: usize) -> (usize, usize, usize) {
    (
        (endpoints / 10).max(3),
        (endpoints / 10).max(5),
        (endpoints / 20).max(2),
    )
}

/// The integration spec YAML for `endpoints` endpoints; `title` names the API.
pub(crate) fn generate(endpoints: usize, title: &str) -> String {
    let (n_models, n_errors, n_flows) = counts(endpoints);
    let mut out = String::with_capacity(600 * endpoints + 4096);
    header(&mut out, title);
    models(&mut out, n_models);
    line!(out, "endpoints:");
    for i in 0..endpoints {
        endpoint(&mut out, i, n_models, n_errors, n_flows);
    }
    errors(&mut out, n_errors);
    flows(&mut out, n_flows);
    trailer(&mut out, endpoints);
    out
}

fn header(out: &mut String, title: &str) {
    let slug: String = title
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    line!(
        out,
        r##"integration-spec: "1.0"
info:
  title: {title}
  version: 3.4.1
  status: stable
  summary: Manage {title} resources of partner accounts.
  contact:
    team: {title} Platform
    email: {slug}-api@example.com
    chat: "#{slug}-api"
    escalation: PagerDuty "{slug}-oncall", 24/7 for P1
overview:
  purpose: Let partner systems manage their {title} resources directly.
  scope:
    in: [Resource management, Asynchronous jobs]
    out: [Billing (see Billing API)]
  systems:
    - name: Client
      kind: external
    - name: API Gateway
    - name: Resource Service
    - name: Billing Service
    - name: Event Bus
authentication:
  type: oauth2
  flow: client_credentials
  token_endpoint: https://auth.example.com/oauth/token
  scopes:
    read: Read resources
    write: Create and change resources
  headers:
    Authorization: "Bearer {{access_token}}"
    Content-Type: application/json
  token_refresh:
    automatic: true
    threshold_seconds: 300
environments:
  sandbox:
    base_url: https://sandbox.{slug}.example.com
    rate_limits: 10x production limits for testing
    data_persistence: Reset daily at 00:00 UTC
  production:
    base_url: https://{slug}.example.com
    sla: {{ uptime: "99.95%", p95_ms: 250 }}
    maintenance_window: Sundays 02:00-04:00 UTC
conventions:
  versioning: {{ scheme: url-path, current: v2, deprecation_notice_days: 180 }}
  idempotency: {{ header: Idempotency-Key, retention: 24h, methods: [POST, PUT, PATCH] }}
  pagination: {{ style: cursor, request: [cursor, limit], response: [next_cursor], max_limit: 100 }}
  change_notification: Email to registered integrators 30 days ahead"##
    );
}

fn models(out: &mut String, n_models: usize) {
    line!(out, "models:");
    for k in 0..n_models {
        line!(out, "  Item{k}:");
        line!(out, "    description: An item of kind {k}.");
        line!(out, "    fields:");
        line!(out, "      id: string (required, example I-{k})");
        line!(out, "      price: decimal (required, 2 decimal places)");
        line!(out, "      state: enum(active, suspended, closed)");
        if k % 2 == 1 {
            line!(out, "      parent: Item{}", k - 1);
        }
    }
    line!(
        out,
        "  Job:\n    description: An asynchronous operation.\n    fields:\n      \
         job_id: string (required)\n      state: enum(queued, running, done, failed)\n      \
         poll_url: url"
    );
}

/// A flow-style example object of model `Item{k}`.
fn model_example(k: usize, seed: usize) -> String {
    format!("{{ id: I-{k}, price: {}.{:02} }}", seed % 1000, seed % 100,)
}

fn endpoint(out: &mut String, i: usize, n_models: usize, n_errors: usize, n_flows: usize) {
    let method = METHODS[i % METHODS.len()];
    let a = i % n_models;
    let b = (i * 7 + 3) % n_models;
    line!(out, "  item-{i}:");
    line!(out, "    method: {method}");
    line!(out, "    path: /v2/accounts/{{account}}/items-{i}/{{id}}");
    line!(out, "    summary: {} item {i}", summary(method));
    let scope = if method == "GET" { "read" } else { "write" };
    line!(out, "    auth: {{ scopes: [{scope}] }}");
    line!(out, "    request:");
    line!(
        out,
        "      path_params: {{ account: string (required), id: integer (required) }}"
    );
    match method {
        "GET" => {
            line!(
                out,
                "      query: {{ expand: boolean -- include the parent }}"
            );
            line!(out, "    responses:");
            line!(
                out,
                "      200: {{ description: The item, body: Item{b}, example: {} }}",
                model_example(b, i + 1)
            );
        }
        "DELETE" => {
            line!(out, "    responses:");
            line!(out, "      204: Deleted");
        }
        _ => {
            let status = if method == "POST" { 201 } else { 200 };
            line!(
                out,
                "      headers: {{ Idempotency-Key: string (required) }}"
            );
            line!(
                out,
                "      body: {{ name: string (required), quantity: integer, item: Item{a} (required) }}"
            );
            line!(
                out,
                "      example: {{ name: Item {i}, quantity: {}, item: {} }}",
                i % 999 + 1,
                model_example(a, i)
            );
            line!(out, "    responses:");
            line!(
                out,
                "      {status}: {{ description: Changed, body: Item{b}, example: {} }}",
                model_example(b, i + 1)
            );
            if method == "POST" {
                line!(
                    out,
                    "      202: {{ description: Queued, body: Job, example: {{ job_id: J-{i} }} }}"
                );
            }
            line!(out, "    flow: flow-{}", i % n_flows);
        }
    }
    let e = (i * 3) % n_errors;
    line!(
        out,
        "    errors: [{}, {}, RATE_LIMIT_EXCEEDED]",
        error_code(e),
        error_code((e + 1) % n_errors)
    );
}

fn summary(method: &str) -> &'static str {
    match method {
        "GET" => "Read",
        "POST" => "Create",
        "DELETE" => "Delete",
        _ => "Change",
    }
}

fn error_code(e: usize) -> String {
    format!("{}_{e}", ERROR_KINDS[e % ERROR_KINDS.len()].0)
}

fn errors(out: &mut String, n_errors: usize) {
    line!(out, "errors:");
    for e in 0..n_errors {
        let (_, status, message, retry) = ERROR_KINDS[e % ERROR_KINDS.len()];
        line!(out, "  {}:", error_code(e));
        line!(out, "    http_status: {status}");
        line!(out, "    message: {message} (case {e})");
        line!(out, "    retry: {retry}");
    }
    line!(
        out,
        "  RATE_LIMIT_EXCEEDED:\n    http_status: 429\n    message: Request rate limit exceeded\n    \
         retry: Exponential backoff starting at 60 seconds\n    \
         headers: {{ Retry-After: \"60\", X-RateLimit-Reset: \"1704067200\" }}"
    );
}

fn flows(out: &mut String, n_flows: usize) {
    line!(out, "flows:");
    for f in 0..n_flows {
        line!(out, "  flow-{f}:");
        line!(out, "    title: Change flow {f}");
        line!(out, "    steps:");
        line!(out, "      - Client -> API Gateway: Change request {f}");
        line!(
            out,
            "      - API Gateway -> Resource Service: Validate and apply"
        );
        line!(out, "      - alt:");
        line!(out, "          - when: Resource is current");
        line!(out, "            steps:");
        line!(
            out,
            "              - Resource Service -> Billing Service: Record usage"
        );
        line!(
            out,
            "              - Resource Service -> Event Bus: Publish change {f}"
        );
        line!(
            out,
            "              - Resource Service --> API Gateway: Changed"
        );
        line!(out, "              - API Gateway --> Client: 200 OK");
        line!(out, "          - when: Resource changed meanwhile");
        line!(out, "            error: {}", error_code(1));
        line!(out, "            steps:");
        line!(
            out,
            "              - Resource Service --> API Gateway: 409 Conflict"
        );
        line!(
            out,
            "              - API Gateway --> Client: 409 {}",
            error_code(1)
        );
    }
}

fn trailer(out: &mut String, endpoints: usize) {
    line!(
        out,
        r#"rate_limits:
  global: 1000/minute per client
  burst: 150% for up to 30 seconds
  headers: [X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset]
webhooks:
  resource.changed:
    description: Sent when a resource changes.
    payload:
      id: string (required)
      changed_at: datetime (required)
    example: {{ id: RES-000001, changed_at: 2024-01-14T08:00:00Z }}
    signature: HMAC-SHA256 of the body in header X-Signature
    retries: Exponential backoff, 6 attempts over 24 hours
tests:"#
    );
    for t in 0..(endpoints / 20).max(1) {
        let i = t * 20 % endpoints.max(1);
        line!(out, "  change-{t}:");
        line!(out, "    endpoint: item-{i}");
        line!(out, "    preconditions: [Account exists, Item {i} exists]");
        let status = match METHODS[i % METHODS.len()] {
            "POST" => 201,
            "DELETE" => 204,
            _ => 200,
        };
        line!(
            out,
            "    expect: {{ status: {status}, outcomes: [Item changed] }}"
        );
    }
    line!(
        out,
        r#"monitoring:
  metrics: [change_latency_p95, change_errors_total]
  alerts: [{{ when: "error rate > 2% for 5 minutes", notify: oncall }}]
rollback:
  procedure: [Re-deploy the previous gateway route table, Replay the event bus from the last checkpoint]
  data: No migration; new fields are additive.
changelog:
  - {{ version: 3.4.1, date: 2024-03-01, changes: [Added parent references] }}"#
    );
}
