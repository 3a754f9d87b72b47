//! The sections of a spec other than endpoints (`endpoints.rs`), models (`models.rs`), errors
//! (`errors.rs`) and flows (`steps.rs`): info, overview, environments, conventions, rate
//! limits, webhooks, tests, monitoring, rollback and the changelog, each with the tables of
//! its keys. Authentication is in `auth.rs`.

use serde_json::Value;

use super::keys::{Key, Shape};
use super::readers::scalar_text;
use super::readers::{Lower, Obj};
use crate::diagnostic::SpecPath;
use crate::spec::*;

impl Lower {
    /// The keys of `info`.
    pub(super) const INFO: &[Key] = &[
        Key::required("title", Shape::Text, "The integration's name"),
        Key::required(
            "version",
            Shape::Text,
            "The contract's own version, a semantic version such as 2.1.0",
        ),
        Key::optional(
            "status",
            Shape::Keyword(&["draft", "beta", "stable", "deprecated"]),
            "The contract's lifecycle stage",
        ),
        Key::optional("summary", Shape::Text, "One sentence"),
        Key::optional("description", Shape::Text, "Longer text"),
        Key::optional(
            "contact",
            Shape::Mapping(Self::CONTACT),
            "Who supports the integration",
        ),
    ];

    /// The keys of `info.contact`.
    pub(super) const CONTACT: &[Key] = &[
        Key::optional("team", Shape::Text, "The owning team"),
        Key::optional("email", Shape::Text, "Support email address"),
        Key::optional("chat", Shape::Text, "Support chat channel"),
        Key::optional("url", Shape::Text, "Support page"),
        Key::optional("escalation", Shape::Text, "Where to escalate"),
    ];

    pub(super) fn info(&mut self, spec: &Obj<'_>) -> Option<Info> {
        let value = self.required(spec, "info", "a spec")?;
        let obj = self.object(value, &spec.at("info"), "the `info` section", Self::INFO)?;
        let title = self.required_text(&obj, "title", "`info`");
        let version = self.required_text(&obj, "version", "`info`");
        let status = self.keyword(
            &obj,
            "status",
            &[
                ("draft", Status::Draft),
                ("beta", Status::Beta),
                ("stable", Status::Stable),
                ("deprecated", Status::Deprecated),
            ],
        );
        let contact = self.optional(&obj, "contact", |cx, value, path| {
            let obj = cx.object(value, path, "`contact`", Self::CONTACT)?;
            Some(Contact {
                team: cx.text(&obj, "team"),
                email: cx.text(&obj, "email"),
                chat: cx.text(&obj, "chat"),
                url: cx.text(&obj, "url"),
                escalation: cx.text(&obj, "escalation"),
            })
        });
        Some(Info {
            title: title?,
            version: version?,
            status,
            summary: self.text(&obj, "summary"),
            description: self.text(&obj, "description"),
            contact,
        })
    }

    /// The keys of the `overview` section.
    pub(super) const OVERVIEW: &[Key] = &[
        Key::optional("purpose", Shape::Text, "Why the integration exists"),
        Key::optional(
            "scope",
            Shape::Mapping(Self::SCOPE),
            "What the integration covers and what it does not",
        ),
        Key::optional(
            "systems",
            Shape::ListOf(&Shape::OneOf(&[
                Shape::String,
                Shape::Mapping(Self::SYSTEM),
            ])),
            "The participants, in order: each a name or a mapping",
        ),
        Key::optional(
            "architecture",
            Shape::Text,
            "High-level architecture in prose",
        ),
    ];

    /// The keys of `overview.scope`.
    pub(super) const SCOPE: &[Key] = &[
        Key::optional("in", Shape::Texts, "What is covered"),
        Key::optional("out", Shape::Texts, "What is not covered"),
    ];

    pub(super) fn overview(&mut self, value: &Value, path: &SpecPath) -> Option<Overview> {
        let obj = self.object(value, path, "the `overview` section", Self::OVERVIEW)?;
        let scope = self.optional(&obj, "scope", |cx, value, path| {
            let obj = cx.object(value, path, "`scope`", Self::SCOPE)?;
            Some(Scope {
                included: cx.texts(&obj, "in"),
                excluded: cx.texts(&obj, "out"),
            })
        });
        Some(Overview {
            purpose: self.text(&obj, "purpose"),
            scope,
            systems: self.list(&obj, "systems", Self::system),
            architecture: self.text(&obj, "architecture"),
        })
    }

    /// The keys of a system written as a mapping.
    pub(super) const SYSTEM: &[Key] = &[
        Key::required(
            "name",
            Shape::Text,
            "The system's name, as flow steps use it",
        ),
        Key::optional(
            "kind",
            Shape::Keyword(&["internal", "external"]),
            "Run by the API provider (the default) or by a partner or client",
        ),
        Key::optional("description", Shape::Text, "What the system does"),
        Key::optional(
            "role",
            Shape::Keyword(&["client", "api", "authorization_server"]),
            "The part it plays towards the API, for the authentication diagram",
        ),
    ];

    fn system(&mut self, value: &Value, path: &SpecPath) -> Option<System> {
        if let Some(name) = value.as_str() {
            return Some(System {
                name: name.to_owned(),
                kind: SystemKind::Internal,
                description: None,
                role: None,
            });
        }
        let obj = self.object(value, path, "a system", Self::SYSTEM)?;
        let name = self.required_text(&obj, "name", "a system")?;
        let kind = self
            .keyword(
                &obj,
                "kind",
                &[
                    ("internal", SystemKind::Internal),
                    ("external", SystemKind::External),
                ],
            )
            .unwrap_or(SystemKind::Internal);
        let role = self.keyword(
            &obj,
            "role",
            &[
                ("client", SystemRole::Client),
                ("api", SystemRole::Api),
                ("authorization_server", SystemRole::AuthorizationServer),
            ],
        );
        Some(System {
            name,
            kind,
            description: self.text(&obj, "description"),
            role,
        })
    }

    /// The keys of an environment.
    pub(super) const ENVIRONMENT: &[Key] = &[
        Key::optional("base_url", Shape::Text, "Base URL of the API"),
        Key::optional("description", Shape::Text, "What the environment is for"),
        Key::optional(
            "credentials",
            Shape::Text,
            "How to obtain credentials for it",
        ),
        Key::optional(
            "rate_limits",
            Shape::Text,
            "Limits that differ from the documented ones",
        ),
        Key::optional("data_persistence", Shape::Text, "Data retention and resets"),
        Key::optional(
            "sla",
            Shape::OneOf(&[Shape::Text, Shape::Mapping(Self::SLA)]),
            "Service levels, as text or as targets",
        ),
        Key::optional("maintenance_window", Shape::Text, "Planned downtime"),
    ];

    /// An `sla`, of an environment or an endpoint: text, or targets.
    pub(super) fn sla(&mut self, value: &Value, path: &SpecPath) -> Option<Sla> {
        if let Some(text) = scalar_text(value) {
            return Some(Sla::Text(text));
        }
        let obj = self.object(value, path, "`sla`", Self::SLA)?;
        Some(Sla::Targets(SlaTargets {
            uptime: self.text(&obj, "uptime"),
            p50_ms: self.number(&obj, "p50_ms"),
            p95_ms: self.number(&obj, "p95_ms"),
            p99_ms: self.number(&obj, "p99_ms"),
            support: self.text(&obj, "support"),
        }))
    }

    /// The keys of an `sla` written as targets.
    pub(super) const SLA: &[Key] = &[
        Key::optional("uptime", Shape::Text, "Availability, e.g. 99.9%"),
        Key::optional("p50_ms", Shape::Number, "Median latency in milliseconds"),
        Key::optional(
            "p95_ms",
            Shape::Number,
            "95th percentile latency in milliseconds",
        ),
        Key::optional(
            "p99_ms",
            Shape::Number,
            "99th percentile latency in milliseconds",
        ),
        Key::optional("support", Shape::Text, "Support hours and response times"),
    ];

    pub(super) fn environment(
        &mut self,
        _name: &str,
        value: &Value,
        path: &SpecPath,
    ) -> Option<Environment> {
        let obj = self.object(value, path, "an environment", Self::ENVIRONMENT)?;
        let sla = self.optional(&obj, "sla", Self::sla);
        Some(Environment {
            base_url: self.text(&obj, "base_url"),
            description: self.text(&obj, "description"),
            credentials: self.text(&obj, "credentials"),
            rate_limits: self.text(&obj, "rate_limits"),
            data_persistence: self.text(&obj, "data_persistence"),
            sla,
            maintenance_window: self.text(&obj, "maintenance_window"),
        })
    }

    /// The keys of the `conventions` section.
    pub(super) const CONVENTIONS: &[Key] = &[
        Key::optional(
            "versioning",
            Shape::Mapping(Self::VERSIONING),
            "How the API is versioned",
        ),
        Key::optional(
            "idempotency",
            Shape::Mapping(Self::IDEMPOTENCY),
            "How requests are made safe to retry",
        ),
        Key::optional(
            "pagination",
            Shape::Mapping(Self::PAGINATION),
            "How lists are paged",
        ),
        Key::optional(
            "filtering",
            Shape::Mapping(Self::FILTERING),
            "How lists are filtered",
        ),
        Key::optional(
            "errors",
            Shape::Mapping(Self::ERROR_CONVENTION),
            "The body every error response carries, and its media type",
        ),
        Key::optional(
            "change_notification",
            Shape::Text,
            "How integrators hear about changes",
        ),
    ];

    /// The keys of `conventions.versioning`.
    pub(super) const VERSIONING: &[Key] = &[
        Key::optional(
            "scheme",
            Shape::Text,
            "Where the version goes, e.g. url-path, header, query, media-type",
        ),
        Key::optional("current", Shape::Text, "The current API version"),
        Key::optional("header", Shape::Text, "The header that carries the version"),
        Key::optional(
            "deprecation_notice_days",
            Shape::Count,
            "Days of notice before a version is retired",
        ),
        Key::optional("description", Shape::Text, "More about versioning"),
    ];

    /// The keys of `conventions.idempotency`.
    pub(super) const IDEMPOTENCY: &[Key] = &[
        Key::optional("header", Shape::Text, "The idempotency key header"),
        Key::optional("retention", Shape::Text, "How long keys are remembered"),
        Key::optional(
            "methods",
            Shape::Texts,
            "The methods that take the header; every method when empty",
        ),
        Key::optional("description", Shape::Text, "More about idempotency"),
    ];

    /// The keys of `conventions.pagination`.
    pub(super) const PAGINATION: &[Key] = &[
        Key::optional(
            "style",
            Shape::Text,
            "The paging style, e.g. cursor, offset, page",
        ),
        Key::optional("request", Shape::Texts, "The query parameters that page"),
        Key::optional("response", Shape::Texts, "The response fields that page"),
        Key::optional(
            "default_limit",
            Shape::Count,
            "Page size when none is asked",
        ),
        Key::optional("max_limit", Shape::Count, "Largest page size"),
        Key::optional("description", Shape::Text, "More about pagination"),
    ];

    /// The keys of `conventions.filtering`.
    pub(super) const FILTERING: &[Key] = &[
        Key::optional(
            "params",
            Shape::MapOf(&Shape::Texts),
            "Filter parameters to their operators, as text or a list",
        ),
        Key::optional("description", Shape::Text, "More about filtering"),
    ];

    pub(super) fn conventions(&mut self, value: &Value, path: &SpecPath) -> Option<Conventions> {
        let obj = self.object(value, path, "the `conventions` section", Self::CONVENTIONS)?;
        let versioning = self.optional(&obj, "versioning", |cx, value, path| {
            let obj = cx.object(value, path, "`versioning`", Self::VERSIONING)?;
            Some(Versioning {
                scheme: cx.text(&obj, "scheme"),
                current: cx.text(&obj, "current"),
                header: cx.text(&obj, "header"),
                deprecation_notice_days: cx.count(&obj, "deprecation_notice_days"),
                description: cx.text(&obj, "description"),
            })
        });
        let idempotency = self.optional(&obj, "idempotency", |cx, value, path| {
            let obj = cx.object(value, path, "`idempotency`", Self::IDEMPOTENCY)?;
            Some(Idempotency {
                header: cx.text(&obj, "header"),
                retention: cx.text(&obj, "retention"),
                methods: cx.texts(&obj, "methods"),
                description: cx.text(&obj, "description"),
            })
        });
        let pagination = self.optional(&obj, "pagination", |cx, value, path| {
            let obj = cx.object(value, path, "`pagination`", Self::PAGINATION)?;
            Some(Pagination {
                style: cx.text(&obj, "style"),
                request: cx.texts(&obj, "request"),
                response: cx.texts(&obj, "response"),
                default_limit: cx.count(&obj, "default_limit"),
                max_limit: cx.count(&obj, "max_limit"),
                description: cx.text(&obj, "description"),
            })
        });
        let filtering = self.optional(&obj, "filtering", |cx, value, path| {
            let obj = cx.object(value, path, "`filtering`", Self::FILTERING)?;
            Some(Filtering {
                params: cx.operators(&obj, "params"),
                description: cx.text(&obj, "description"),
            })
        });
        Some(Conventions {
            versioning,
            idempotency,
            pagination,
            filtering,
            errors: self.optional(&obj, "errors", Self::error_convention),
            change_notification: self.text(&obj, "change_notification"),
        })
    }

    /// The keys of the `rate_limits` section.
    pub(super) const RATE_LIMITS: &[Key] = &[
        Key::optional("global", Shape::Text, "The limit across all endpoints"),
        Key::optional("burst", Shape::Text, "Short bursts above the limit"),
        Key::optional(
            "per_endpoint",
            Shape::MapOf(&Shape::Text),
            "Endpoint ids to their limit",
        ),
        Key::optional(
            "headers",
            Shape::Texts,
            "The response headers that report the limit",
        ),
        Key::optional(
            "description",
            Shape::Text,
            "What happens when a limit is hit, quotas per plan",
        ),
    ];

    pub(super) fn rate_limits(&mut self, value: &Value, path: &SpecPath) -> Option<RateLimits> {
        let obj = self.object(value, path, "the `rate_limits` section", Self::RATE_LIMITS)?;
        Some(RateLimits {
            global: self.text(&obj, "global"),
            burst: self.text(&obj, "burst"),
            per_endpoint: self.text_map(&obj, "per_endpoint"),
            headers: self.texts(&obj, "headers"),
            description: self.text(&obj, "description"),
        })
    }

    /// The keys of a webhook.
    pub(super) const WEBHOOK: &[Key] = &[
        Key::optional("description", Shape::Text, "When it is sent"),
        Key::optional("headers", Shape::Fields, "The fields sent as headers"),
        Self::CONTENT_TYPE,
        Self::PAYLOAD,
        Self::EXAMPLE,
        Self::EXAMPLES,
        Self::ENCODING,
        Self::CONTENT_OF_PAYLOAD,
        Key::optional("signature", Shape::Text, "How receivers verify it"),
        Key::optional("retries", Shape::Text, "Retry policy for failed deliveries"),
        Key::optional(
            "deprecated",
            Shape::OneOf(&[Shape::Bool, Shape::Mapping(Self::DEPRECATION)]),
            "`true`, or when the event stops being sent and which to use instead",
        ),
        Self::RESPONSES,
    ];

    pub(super) fn webhook(
        &mut self,
        _event: &str,
        value: &Value,
        path: &SpecPath,
    ) -> Option<Webhook> {
        let obj = self.object(value, path, "a webhook", Self::WEBHOOK)?;
        Some(Webhook {
            description: self.text(&obj, "description"),
            headers: self.fields(&obj, "headers"),
            content: self.content(&obj, "payload"),
            signature: self.text(&obj, "signature"),
            retries: self.text(&obj, "retries"),
            deprecated: self.deprecated(&obj),
            responses: self.responses(&obj),
        })
    }

    /// The keys of a test scenario.
    pub(super) const TEST: &[Key] = &[
        Key::optional("description", Shape::Text, "What it tests"),
        Key::optional("endpoint", Shape::Text, "Id of the endpoint under test"),
        Key::optional(
            "preconditions",
            Shape::Texts,
            "What must hold before the call",
        ),
        Key::optional(
            "modification",
            Shape::Text,
            "How the request differs from the endpoint's example",
        ),
        Key::optional(
            "expect",
            Shape::Mapping(Self::EXPECT),
            "The expected result",
        ),
        Key::optional("verify", Shape::Texts, "Checks after the call"),
    ];

    /// The keys of a test's `expect`.
    pub(super) const EXPECT: &[Key] = &[
        Key::optional("status", Shape::StatusCode, "The expected HTTP status"),
        Key::optional("error", Shape::Text, "The expected code from `errors`"),
        Key::optional("outcomes", Shape::Texts, "What else is expected"),
        Key::optional(
            "items",
            Shape::ListOf(&Shape::Mapping(Self::EXPECT_ITEM)),
            "The result of each item of a batch, in order",
        ),
    ];

    /// The keys of one item of a test's `expect.items`.
    pub(super) const EXPECT_ITEM: &[Key] = &[
        Key::optional("status", Shape::StatusCode, "The item's own status"),
        Key::optional(
            "error",
            Shape::Text,
            "The code from `errors` the item fails with",
        ),
        Key::optional(
            "outcomes",
            Shape::Texts,
            "What else is expected of the item",
        ),
    ];

    pub(super) fn test(
        &mut self,
        _id: &str,
        value: &Value,
        path: &SpecPath,
    ) -> Option<TestScenario> {
        let obj = self.object(value, path, "a test scenario", Self::TEST)?;
        let expect = self.optional(&obj, "expect", |cx, value, path| {
            let obj = cx.object(value, path, "`expect`", Self::EXPECT)?;
            let status = match obj.get("status") {
                Some(status) => cx.status_code(status, &obj.at("status")),
                None => None,
            };
            let items = cx.list(&obj, "items", |cx, value, path| {
                let obj = cx.object(value, path, "an item of `expect.items`", Self::EXPECT_ITEM)?;
                let status = match obj.get("status") {
                    Some(status) => cx.status_code(status, &obj.at("status")),
                    None => None,
                };
                Some(ItemExpectation {
                    status,
                    error: cx.text(&obj, "error"),
                    outcomes: cx.texts(&obj, "outcomes"),
                })
            });
            Some(Expectation {
                status,
                error: cx.text(&obj, "error"),
                outcomes: cx.texts(&obj, "outcomes"),
                items,
            })
        });
        Some(TestScenario {
            description: self.text(&obj, "description"),
            endpoint: self.text(&obj, "endpoint"),
            preconditions: self.texts(&obj, "preconditions"),
            modification: self.text(&obj, "modification"),
            expect,
            verify: self.texts(&obj, "verify"),
        })
    }

    /// The keys of the `monitoring` section.
    pub(super) const MONITORING: &[Key] = &[
        Key::optional("metrics", Shape::Texts, "Metric names"),
        Key::optional(
            "alerts",
            Shape::ListOf(&Shape::Mapping(Self::ALERT)),
            "What raises an alert, and who hears",
        ),
        Key::optional("dashboards", Shape::Texts, "Dashboard names or URLs"),
        Key::optional(
            "health_check",
            Shape::Text,
            "Health-check endpoint or procedure",
        ),
    ];

    /// The keys of an alert.
    pub(super) const ALERT: &[Key] = &[
        Key::required("when", Shape::Text, "The condition that raises it"),
        Key::optional("notify", Shape::Text, "Who is notified"),
        Key::optional("severity", Shape::Text, "How severe it is"),
    ];

    pub(super) fn monitoring(&mut self, value: &Value, path: &SpecPath) -> Option<Monitoring> {
        let obj = self.object(value, path, "the `monitoring` section", Self::MONITORING)?;
        let alerts = self.list(&obj, "alerts", |cx, value, path| {
            let obj = cx.object(value, path, "an alert", Self::ALERT)?;
            let when = cx.required_text(&obj, "when", "an alert")?;
            Some(Alert {
                when,
                notify: cx.text(&obj, "notify"),
                severity: cx.text(&obj, "severity"),
            })
        });
        Some(Monitoring {
            metrics: self.texts(&obj, "metrics"),
            alerts,
            dashboards: self.texts(&obj, "dashboards"),
            health_check: self.text(&obj, "health_check"),
        })
    }

    /// The keys of the `rollback` section.
    pub(super) const ROLLBACK: &[Key] = &[
        Key::optional(
            "triggers",
            Shape::Texts,
            "Conditions that call for a rollback",
        ),
        Key::optional("procedure", Shape::Texts, "The steps, in order"),
        Key::optional("data", Shape::Text, "What happens to data"),
    ];

    pub(super) fn rollback(&mut self, value: &Value, path: &SpecPath) -> Option<Rollback> {
        let obj = self.object(value, path, "the `rollback` section", Self::ROLLBACK)?;
        Some(Rollback {
            triggers: self.texts(&obj, "triggers"),
            procedure: self.texts(&obj, "procedure"),
            data: self.text(&obj, "data"),
        })
    }

    /// The keys of a changelog entry.
    pub(super) const CHANGELOG_ENTRY: &[Key] = &[
        Key::required("version", Shape::Text, "The contract version"),
        Key::optional("date", Shape::Text, "The release date, YYYY-MM-DD"),
        Key::optional("changes", Shape::Texts, "What changed"),
    ];

    pub(super) fn changelog_entry(
        &mut self,
        value: &Value,
        path: &SpecPath,
    ) -> Option<ChangelogEntry> {
        let obj = self.object(value, path, "a changelog entry", Self::CHANGELOG_ENTRY)?;
        let version = self.required_text(&obj, "version", "a changelog entry")?;
        Some(ChangelogEntry {
            version,
            date: self.text(&obj, "date"),
            changes: self.texts(&obj, "changes"),
        })
    }
}
