//! The spec model: what an integration spec means, independent of how it was written.
//!
//! `load` builds it from YAML or JSON; `check` and `render` read only this. Plain data:
//! no serde, no IO. Every collection keeps the order of the file, so output is deterministic.

mod auth;
mod compose;
pub mod content;
mod errors;
pub mod expressions;
mod kind;
mod params;
mod status;
pub mod types;

use indexmap::IndexMap;
use serde_json::Value;

pub use auth::{
    ApiKeyPlace, AuthKind, AuthScheme, Authentication, EndpointAuth, KeyLocation, OAuthFlow,
    PkceMethod, Requirement, SchemeUse, Security, Signing, TokenRefresh,
};
pub use compose::{ModelField, field_declarations, model_additional, model_fields, variant_values};
pub use content::{Content, ContentForm, Encoding, Example, MediaKind, MediaType};
pub use errors::{ErrorConvention, ErrorMember};
pub use kind::Kind;
pub use params::{ParamPlace, Serialization, Style, Written};
pub use status::{ResponseStatus, reason_phrase, response_for};
pub use types::{
    Constraints, Discriminator, Field, FieldType, Fields, Model, SchemaNotes, Union, UnionKind,
};

/// One integration spec file.
#[derive(Clone, Debug, PartialEq)]
pub struct Spec {
    /// The `integration-spec` format version the file declares.
    pub format_version: semver::Version,
    /// Title, version, status, contact.
    pub info: Info,
    /// Purpose, scope and the systems involved.
    pub overview: Option<Overview>,
    /// How clients authenticate: the schemes, and what endpoints accept by default.
    pub authentication: Option<Authentication>,
    /// Sandbox, production, ... by name.
    pub environments: IndexMap<String, Environment>,
    /// Versioning, idempotency, pagination, filtering, change notification.
    pub conventions: Option<Conventions>,
    /// Data models by name.
    pub models: IndexMap<String, Model>,
    /// Endpoints by id.
    pub endpoints: IndexMap<String, Endpoint>,
    /// The tags endpoints are grouped by, declared with what they stand for, by name; an
    /// endpoint may use a tag declared nowhere.
    pub tags: IndexMap<String, Tag>,
    /// The error catalogue by code.
    pub errors: IndexMap<String, ErrorCode>,
    /// Throttling rules.
    pub rate_limits: Option<RateLimits>,
    /// Interaction flows by id, drawn as sequence diagrams.
    pub flows: IndexMap<String, Flow>,
    /// Outgoing webhooks by event name.
    pub webhooks: IndexMap<String, Webhook>,
    /// Integration test scenarios by id.
    pub tests: IndexMap<String, TestScenario>,
    /// How the fields of one system's model become those of another's, by id.
    pub mappings: IndexMap<String, Mapping>,
    /// Metrics and alerts.
    pub monitoring: Option<Monitoring>,
    /// How to undo a release.
    pub rollback: Option<Rollback>,
    /// Versions of the contract, newest first.
    pub changelog: Vec<ChangelogEntry>,
    /// Whether the spec is an OpenAPI document read as one: an API reference, to which the
    /// readiness checklist of an integration does not apply.
    pub from_openapi: bool,
    /// Whether the spec imports an OpenAPI document (`import: { openapi: ... }`): its parts
    /// are checked by OpenAPI's rules where they differ from ours.
    pub imports_openapi: bool,
}

impl Spec {
    /// Whether parts of the spec were written in OpenAPI, whose rules allow what ours do not
    /// (an optional discriminator, links to other pages' anchors).
    pub fn reads_openapi(&self) -> bool {
        self.from_openapi || self.imports_openapi
    }
}

impl Spec {
    /// The declared schemes of the first alternative `endpoint` accepts, in order: what its
    /// examples authenticate with. None for a public endpoint.
    pub fn schemes_in_force(&self, endpoint: &Endpoint) -> Vec<(&str, &AuthScheme)> {
        let Some(auth) = &self.authentication else {
            return Vec::new();
        };
        let first = self.security_of(endpoint).into_iter().next();
        first
            .into_iter()
            .flat_map(|requirement| requirement.schemes)
            .filter_map(|use_| {
                let (name, scheme) = auth.schemes.get_key_value(&use_.scheme)?;
                Some((name.as_str(), scheme))
            })
            .collect()
    }

    /// What `endpoint` accepts, as alternatives with the scopes asked of each scheme: its
    /// own, or the spec's default with the endpoint's scopes. A public endpoint accepts one
    /// requirement of no scheme; an endpoint of a spec without authentication, nothing.
    ///
    /// Scopes of `auth: { scopes }` go, in each alternative of the default, to the first
    /// scheme that declares the scope, else to the first that declares any scope, else to the
    /// first scheme.
    pub fn security_of(&self, endpoint: &Endpoint) -> Vec<Requirement> {
        match &endpoint.auth {
            EndpointAuth::Public => vec![Requirement::default()],
            EndpointAuth::Schemes(security) => security.alternatives.clone(),
            EndpointAuth::Inherit { scopes } => {
                let Some(auth) = &self.authentication else {
                    return Vec::new();
                };
                let mut alternatives = auth.default_security();
                for requirement in &mut alternatives {
                    for scope in scopes {
                        let declares = |use_: &SchemeUse, any: bool| {
                            auth.schemes.get(&use_.scheme).is_some_and(|scheme| {
                                if any {
                                    !scheme.scopes.is_empty()
                                } else {
                                    scheme.scopes.contains_key(scope)
                                }
                            })
                        };
                        let at = requirement
                            .schemes
                            .iter()
                            .position(|use_| declares(use_, false))
                            .or_else(|| {
                                requirement
                                    .schemes
                                    .iter()
                                    .position(|use_| declares(use_, true))
                            })
                            .unwrap_or(0);
                        if let Some(use_) = requirement.schemes.get_mut(at)
                            && !use_.scopes.contains(scope)
                        {
                            use_.scopes.push(scope.clone());
                        }
                    }
                }
                alternatives
            }
        }
    }

    /// The position of an item among the spec's items of its kind, in file order.
    pub fn item_index(&self, kind: Kind, id: &str) -> Option<usize> {
        match kind {
            Kind::Endpoint => self.endpoints.get_index_of(id),
            Kind::Model => self.models.get_index_of(id),
            Kind::Error => self.errors.get_index_of(id),
            Kind::Flow => self.flows.get_index_of(id),
            Kind::Webhook => self.webhooks.get_index_of(id),
            Kind::Test => self.tests.get_index_of(id),
            Kind::Mapping => self.mappings.get_index_of(id),
        }
    }

    /// Every tag, in the order the endpoint index groups them: the declared tags in the order
    /// declared, then the tags endpoints use without declaring them, in the order first used.
    pub fn tag_names(&self) -> Vec<&str> {
        let mut names: Vec<&str> = self.tags.keys().map(String::as_str).collect();
        for endpoint in self.endpoints.values() {
            for tag in &endpoint.tags {
                if !names.contains(&tag.as_str()) {
                    names.push(tag);
                }
            }
        }
        names
    }

    /// The ids of the spec's items of one kind, in file order.
    pub fn item_ids(&self, kind: Kind) -> Vec<&str> {
        fn keys<T>(items: &IndexMap<String, T>) -> Vec<&str> {
            items.keys().map(String::as_str).collect()
        }
        match kind {
            Kind::Endpoint => keys(&self.endpoints),
            Kind::Model => keys(&self.models),
            Kind::Error => keys(&self.errors),
            Kind::Flow => keys(&self.flows),
            Kind::Webhook => keys(&self.webhooks),
            Kind::Test => keys(&self.tests),
            Kind::Mapping => keys(&self.mappings),
        }
    }
}

/// How one model's fields become another's: field mappings between two systems.
#[derive(Clone, Debug, PartialEq)]
pub struct Mapping {
    /// A heading; `From → To` when absent.
    pub title: Option<String>,
    /// What the mapping is for, when it runs.
    pub description: Option<String>,
    /// The model read.
    pub from: String,
    /// The model written.
    pub to: String,
    /// Field by field, in order.
    pub fields: Vec<FieldMapping>,
}

/// One field of a mapping: where a source field goes, and by what rule.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldMapping {
    /// The source field's path in `from`: `items[].quantity`; `None` for a target field
    /// the mapping sets itself (`set:`), by its rule.
    pub source: Option<String>,
    /// The target field's path in `to`; `None` when the field is not carried over.
    pub target: Option<String>,
    /// How the value changes on the way.
    pub rule: Option<String>,
}

/// The `info` section.
#[derive(Clone, Debug, PartialEq)]
pub struct Info {
    /// The integration's name.
    pub title: String,
    /// The contract's own version (semver).
    pub version: String,
    /// Lifecycle stage.
    pub status: Option<Status>,
    /// One sentence.
    pub summary: Option<String>,
    /// Longer prose.
    pub description: Option<String>,
    /// Who supports the integration.
    pub contact: Option<Contact>,
}

/// Lifecycle stage of a contract.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// Still being designed; may change without notice.
    Draft,
    /// Usable, but may still change.
    Beta,
    /// Changes follow the versioning rules.
    Stable,
    /// Being retired.
    Deprecated,
}

impl Status {
    /// The keyword as written in a spec.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Beta => "beta",
            Status::Stable => "stable",
            Status::Deprecated => "deprecated",
        }
    }
}

/// Support contact for the integration.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Contact {
    /// Owning team.
    pub team: Option<String>,
    /// Support email address.
    pub email: Option<String>,
    /// Chat channel.
    pub chat: Option<String>,
    /// Support page or portal.
    pub url: Option<String>,
    /// Escalation path for incidents.
    pub escalation: Option<String>,
}

/// The `overview` section.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Overview {
    /// Why the integration exists.
    pub purpose: Option<String>,
    /// What is in and out of scope.
    pub scope: Option<Scope>,
    /// The participating systems; flows may only use these.
    pub systems: Vec<System>,
    /// High-level architecture in prose.
    pub architecture: Option<String>,
}

/// What the integration covers.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Scope {
    /// Covered.
    pub included: Vec<String>,
    /// Explicitly not covered.
    pub excluded: Vec<String>,
}

/// A participant in the integration.
#[derive(Clone, Debug, PartialEq)]
pub struct System {
    /// Name used in flows and diagrams.
    pub name: String,
    /// Whether the system belongs to the provider or to someone else.
    pub kind: SystemKind,
    /// What the system does.
    pub description: Option<String>,
    /// The part it plays towards the API, when declared.
    pub role: Option<SystemRole>,
}

/// The part a system plays in calling the API, which the authentication diagram shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SystemRole {
    /// Calls the API.
    Client,
    /// Serves the endpoints.
    Api,
    /// Issues the tokens the API accepts (OAuth 2.0).
    AuthorizationServer,
}

impl SystemRole {
    /// The part as a page names it, as the authentication diagram's generic participants do.
    pub fn title(self) -> &'static str {
        match self {
            SystemRole::Client => "Client",
            SystemRole::Api => "API",
            SystemRole::AuthorizationServer => "Authorization server",
        }
    }
}

/// Who owns a system.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SystemKind {
    /// Run by the API provider.
    Internal,
    /// Run by a partner or client.
    External,
}

/// One environment (sandbox, production, ...).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Environment {
    /// Base URL of the API.
    pub base_url: Option<String>,
    /// What the environment is for.
    pub description: Option<String>,
    /// How to obtain credentials for it.
    pub credentials: Option<String>,
    /// Limits that differ from the documented ones.
    pub rate_limits: Option<String>,
    /// Data retention and resets.
    pub data_persistence: Option<String>,
    /// Service level.
    pub sla: Option<Sla>,
    /// Planned downtime.
    pub maintenance_window: Option<String>,
}

/// A service level, structured or as prose.
#[derive(Clone, Debug, PartialEq)]
pub enum Sla {
    /// Free text, e.g. `99.9% uptime, <200ms p95`.
    Text(String),
    /// Numbers.
    Targets(SlaTargets),
}

/// Quantified service-level targets.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SlaTargets {
    /// Availability, e.g. `99.9%`.
    pub uptime: Option<String>,
    /// Median latency in milliseconds.
    pub p50_ms: Option<f64>,
    /// 95th percentile latency in milliseconds.
    pub p95_ms: Option<f64>,
    /// 99th percentile latency in milliseconds.
    pub p99_ms: Option<f64>,
    /// Support hours or response times.
    pub support: Option<String>,
}

/// The `conventions` section: the cross-cutting rules every endpoint follows.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Conventions {
    /// How versions are expressed and retired.
    pub versioning: Option<Versioning>,
    /// How retries are made safe.
    pub idempotency: Option<Idempotency>,
    /// How lists are paged.
    pub pagination: Option<Pagination>,
    /// Which list filters exist.
    pub filtering: Option<Filtering>,
    /// The body every error response carries.
    pub errors: Option<ErrorConvention>,
    /// How integrators hear about changes.
    pub change_notification: Option<String>,
}

/// API versioning rules.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Versioning {
    /// Where the version goes: `url-path`, `header`, `query`, `media-type`.
    pub scheme: Option<String>,
    /// The current version label.
    pub current: Option<String>,
    /// The header carrying the version, for header schemes.
    pub header: Option<String>,
    /// Notice given before a version is retired.
    pub deprecation_notice_days: Option<u64>,
    /// Further rules.
    pub description: Option<String>,
}

/// Idempotency rules.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Idempotency {
    /// The header carrying the key.
    pub header: Option<String>,
    /// How long keys are remembered.
    pub retention: Option<String>,
    /// Methods that honour the key.
    pub methods: Vec<String>,
    /// Further rules (replays, conflicts).
    pub description: Option<String>,
}

impl Idempotency {
    /// Whether the idempotency key header belongs on `endpoint`'s requests: never when the
    /// endpoint is marked `idempotent: false`; else when its method is one of `methods`, or,
    /// when `methods` is empty, when it is marked `idempotent: true`.
    pub fn applies_to(&self, endpoint: &Endpoint) -> bool {
        match endpoint.idempotent {
            Some(false) => false,
            marked => {
                if self.methods.is_empty() {
                    marked == Some(true)
                } else {
                    self.methods
                        .iter()
                        .any(|method| method.eq_ignore_ascii_case(endpoint.method.as_str()))
                }
            }
        }
    }
}

/// Pagination rules.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Pagination {
    /// `cursor`, `offset` or `page`.
    pub style: Option<String>,
    /// Query parameters a client sends.
    pub request: Vec<String>,
    /// Fields a response carries.
    pub response: Vec<String>,
    /// Page size when none is asked for.
    pub default_limit: Option<u64>,
    /// Largest page size.
    pub max_limit: Option<u64>,
    /// Further rules (stop condition, ordering).
    pub description: Option<String>,
}

/// Filtering rules.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Filtering {
    /// Parameter name to supported operators.
    pub params: IndexMap<String, String>,
    /// Further rules.
    pub description: Option<String>,
}

/// HTTP methods.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    /// GET
    Get,
    /// POST
    Post,
    /// PUT
    Put,
    /// PATCH
    Patch,
    /// DELETE
    Delete,
    /// HEAD
    Head,
    /// OPTIONS
    Options,
}

impl Method {
    /// Every method, for parsing and hints.
    pub const ALL: [Method; 7] = [
        Method::Get,
        Method::Post,
        Method::Put,
        Method::Patch,
        Method::Delete,
        Method::Head,
        Method::Options,
    ];

    /// The method in upper case.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
            Method::Head => "HEAD",
            Method::Options => "OPTIONS",
        }
    }
}

/// One endpoint of the API.
#[derive(Clone, Debug, PartialEq)]
pub struct Endpoint {
    /// HTTP method.
    pub method: Method,
    /// Path template, e.g. `/api/v1/orders/{order_id}`.
    pub path: String,
    /// One line.
    pub summary: Option<String>,
    /// Longer prose.
    pub description: Option<String>,
    /// Which authentication schemes it accepts, and the scopes it needs.
    pub auth: EndpointAuth,
    /// Whether repeating the call is safe.
    pub idempotent: Option<bool>,
    /// Endpoint-specific limit.
    pub rate_limit: Option<String>,
    /// Contract version that introduced the endpoint.
    pub since: Option<String>,
    /// Retirement notice.
    pub deprecated: Option<Deprecation>,
    /// What the client sends.
    pub request: Option<Request>,
    /// Responses by status code, class (`4XX`) or `default`, in file order.
    pub responses: IndexMap<ResponseStatus, Response>,
    /// Codes from the error catalogue the endpoint can return.
    pub errors: Vec<String>,
    /// The flow that shows this endpoint's interactions.
    pub flow: Option<String>,
    /// The endpoint's own service levels, beside its environment's.
    pub sla: Option<Sla>,
    /// How long a call may take before the client gives up, in milliseconds.
    pub timeout_ms: Option<u64>,
    /// Requests the API makes back to a URL given in the request, by name.
    pub callbacks: IndexMap<String, Callback>,
    /// The tags that group it, in order: the endpoint index lists it under the first.
    pub tags: Vec<String>,
    /// Code that calls it, shown after the `curl` command.
    pub code_samples: Vec<CodeSample>,
}

/// A declared tag: what the endpoints that carry it have in common.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Tag {
    /// The name shown for it; the tag itself when absent.
    pub title: Option<String>,
    /// What the tagged endpoints are about (prose).
    pub description: Option<String>,
}

/// Code that calls an endpoint, in some language (OpenAPI's `x-codeSamples`).
#[derive(Clone, Debug, PartialEq)]
pub struct CodeSample {
    /// The language, e.g. `python`; it highlights the code when it is a known one.
    pub lang: String,
    /// What the sample is called; its language when absent.
    pub label: Option<String>,
    /// The code.
    pub source: String,
}

impl Endpoint {
    /// A path with its parameters' names left out: `/a/{id}/b` and `/a/{x}/b/` are the same
    /// route on the wire.
    pub fn route_shape(path: &str) -> String {
        let mut shape = String::with_capacity(path.len());
        let mut in_param = false;
        for c in path.trim_end_matches('/').chars() {
            match c {
                '{' => {
                    in_param = true;
                    shape.push_str("{}");
                }
                '}' => in_param = false,
                c if !in_param => shape.push(c),
                _ => {}
            }
        }
        shape
    }

    /// `GET /orders/{id}`.
    pub fn signature(&self) -> String {
        format!("{} {}", self.method.as_str(), self.path)
    }

    /// The codes of the errors it lists that its response under `status` answers (the
    /// response that answers their `http_status`), in the order listed.
    pub fn errors_answered_by<'s>(
        &'s self,
        catalogue: &'s IndexMap<String, ErrorCode>,
        status: ResponseStatus,
    ) -> impl Iterator<Item = (&'s str, &'s ErrorCode)> {
        self.errors.iter().filter_map(move |code| {
            let error = catalogue.get(code)?;
            let (answering, _) = response_for(&self.responses, error.http_status)?;
            (answering == status).then_some((code.as_str(), error))
        })
    }
}

/// An endpoint's or a webhook's retirement notice.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Deprecation {
    /// Contract version that deprecated it.
    pub since: Option<String>,
    /// Date after which it stops working.
    pub sunset: Option<String>,
    /// The endpoint id (for a webhook, the event) to use instead.
    pub replacement: Option<String>,
    /// Migration notes.
    pub note: Option<String>,
}

/// What a client sends.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Request {
    /// One entry per `{param}` in the path.
    pub path_params: Fields,
    /// Query string parameters.
    pub query: Fields,
    /// Request headers beyond the authentication headers.
    pub headers: Fields,
    /// Cookies.
    pub cookies: Fields,
    /// The body, in each media type it is sent in.
    pub content: Option<Content>,
}

/// One response of an endpoint or a callback.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Response {
    /// What the status means here.
    pub description: Option<String>,
    /// Response headers.
    pub headers: Fields,
    /// The body, in each media type it is sent in.
    pub content: Option<Content>,
}

/// A request the API makes back to a URL given in the request, as an endpoint's
/// consequence: like a webhook whose target comes from the request (OpenAPI's callbacks).
#[derive(Clone, Debug, PartialEq)]
pub struct Callback {
    /// When it is sent.
    pub description: Option<String>,
    /// Where it goes: runtime expressions such as `{$request.body#/callback_url}`, alone or
    /// in text; see [`expressions`].
    pub url: String,
    /// Its HTTP method; POST unless the spec says otherwise.
    pub method: Method,
    /// Headers sent with it.
    pub headers: Fields,
    /// The body, in each media type it is sent in.
    pub content: Option<Content>,
    /// The responses it expects, by status code.
    pub responses: IndexMap<ResponseStatus, Response>,
}

/// One entry of the error catalogue.
#[derive(Clone, Debug, PartialEq)]
pub struct ErrorCode {
    /// The HTTP status it comes with.
    pub http_status: u16,
    /// What the client sees.
    pub message: String,
    /// Whether and how to retry.
    pub retry: Option<String>,
    /// What to do about it.
    pub resolution: Option<String>,
    /// Headers sent with it.
    pub headers: IndexMap<String, String>,
    /// Longer prose.
    pub description: Option<String>,
    /// A URL that identifies the kind of problem (problem+json's `type`).
    pub type_url: Option<String>,
    /// Members of its body beyond the conventional error body (extension members).
    pub body: Option<Field>,
    /// A sample error body.
    pub example: Option<Value>,
}

/// The `rate_limits` section.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RateLimits {
    /// The limit across all endpoints.
    pub global: Option<String>,
    /// Short bursts above the limit.
    pub burst: Option<String>,
    /// Endpoint id to its limit.
    pub per_endpoint: IndexMap<String, String>,
    /// Headers that report the limit.
    pub headers: Vec<String>,
    /// What happens when a limit is hit, quotas per plan, ...
    pub description: Option<String>,
}

/// An interaction between systems, drawn as a sequence diagram.
#[derive(Clone, Debug, PartialEq)]
pub struct Flow {
    /// Heading of the diagram.
    pub title: Option<String>,
    /// Prose shown above the diagram.
    pub description: Option<String>,
    /// What happens, in order.
    pub steps: Vec<Step>,
}

/// One step of a flow.
#[derive(Clone, Debug, PartialEq)]
pub enum Step {
    /// `A -> B: text` (a call) or `A --> B: text` (a reply).
    Message {
        /// Sender system.
        from: String,
        /// Receiver system.
        to: String,
        /// Whether it is a reply, drawn dashed.
        reply: bool,
        /// The label.
        text: String,
    },
    /// `note over A: text`, `note over A, B: text`, `note left of A: text`.
    Note {
        /// Where the note is drawn.
        placement: NotePlacement,
        /// Systems it is attached to.
        systems: Vec<String>,
        /// The text.
        text: String,
    },
    /// Alternatives, drawn as `alt` / `else`.
    Alt(Vec<Branch>),
    /// An optional part, drawn as `opt`.
    Opt(Branch),
    /// A repeated part, drawn as `loop`.
    Loop(Branch),
}

impl Step {
    /// The branches of a block (`alt`, `opt`, `loop`); none for a message or a note.
    pub fn branches(&self) -> &[Branch] {
        match self {
            Step::Alt(branches) => branches,
            Step::Opt(branch) | Step::Loop(branch) => std::slice::from_ref(branch),
            Step::Message { .. } | Step::Note { .. } => &[],
        }
    }
}

/// Visits every step of `steps` in order, each block before the steps of its branches.
pub fn each_step<'s>(steps: &'s [Step], visit: &mut impl FnMut(&'s Step)) {
    for step in steps {
        visit(step);
        for branch in step.branches() {
            each_step(&branch.steps, visit);
        }
    }
}

/// Where a note sits relative to its systems.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NotePlacement {
    /// Spanning the systems.
    Over,
    /// Left of the system.
    LeftOf,
    /// Right of the system.
    RightOf,
}

/// One branch of an `alt`, or the body of an `opt` or `loop`.
#[derive(Clone, Debug, PartialEq)]
pub struct Branch {
    /// The condition.
    pub when: String,
    /// The error code this branch ends in, if it is an error path.
    pub error: Option<String>,
    /// What happens in the branch.
    pub steps: Vec<Step>,
}

/// An outgoing webhook.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Webhook {
    /// When it is sent.
    pub description: Option<String>,
    /// Headers sent with it.
    pub headers: Fields,
    /// The payload, in each media type it is sent in.
    pub content: Option<Content>,
    /// How receivers verify it.
    pub signature: Option<String>,
    /// Retry policy for failed deliveries.
    pub retries: Option<String>,
    /// Retirement notice: the event will no longer be sent.
    pub deprecated: Option<Deprecation>,
    /// What the receiver may answer, by status code.
    pub responses: IndexMap<ResponseStatus, Response>,
}

/// An integration test scenario.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TestScenario {
    /// What it tests.
    pub description: Option<String>,
    /// The endpoint under test.
    pub endpoint: Option<String>,
    /// What must hold before.
    pub preconditions: Vec<String>,
    /// How the request differs from the example.
    pub modification: Option<String>,
    /// The expected result.
    pub expect: Option<Expectation>,
    /// Extra checks after the call.
    pub verify: Vec<String>,
}

/// The expected result of a test scenario.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Expectation {
    /// HTTP status.
    pub status: Option<u16>,
    /// Error code from the catalogue.
    pub error: Option<String>,
    /// Observable outcomes.
    pub outcomes: Vec<String>,
    /// The results of the items of a batch (a `207 Multi-Status`), in order.
    pub items: Vec<ItemExpectation>,
}

/// The expected result of one item of a batch.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ItemExpectation {
    /// The item's own status.
    pub status: Option<u16>,
    /// The error code from the catalogue the item fails with.
    pub error: Option<String>,
    /// Observable outcomes.
    pub outcomes: Vec<String>,
}

/// The `monitoring` section.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Monitoring {
    /// Metric names.
    pub metrics: Vec<String>,
    /// Alerting rules.
    pub alerts: Vec<Alert>,
    /// Dashboard names or links.
    pub dashboards: Vec<String>,
    /// Health-check endpoint or procedure.
    pub health_check: Option<String>,
}

/// One alerting rule.
#[derive(Clone, Debug, PartialEq)]
pub struct Alert {
    /// The condition.
    pub when: String,
    /// Who is paged.
    pub notify: Option<String>,
    /// How urgent.
    pub severity: Option<String>,
}

/// The `rollback` section.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Rollback {
    /// What triggers a rollback.
    pub triggers: Vec<String>,
    /// The steps, in order.
    pub procedure: Vec<String>,
    /// What happens to data.
    pub data: Option<String>,
}

/// One version in the changelog.
#[derive(Clone, Debug, PartialEq)]
pub struct ChangelogEntry {
    /// The contract version.
    pub version: String,
    /// Release date.
    pub date: Option<String>,
    /// What changed.
    pub changes: Vec<String>,
}
