//! Lower a parsed value tree into the spec model.
//!
//! This is where the file format is defined: every key the format knows is read here, every
//! other key is reported (`x-*` extension keys excepted) with a "did you mean" hint, and every
//! value of the wrong type is reported with its spec path. Lowering goes on after a finding, so
//! one run reports as much as possible.

use indexmap::IndexMap;
use serde_json::{Map, Value};

use super::shorthand::{self, ShorthandError};
use crate::diagnostic::{Code, Diagnostic, SpecPath, did_you_mean};
use crate::spec::*;

/// The format versions this build reads.
pub(crate) const SUPPORTED_FORMAT: &str = "1.x";

/// Lowers `root`; `None` when the file cannot be read as a spec at all.
pub(crate) fn lower_spec(root: &Value) -> (Option<Spec>, Vec<Diagnostic>) {
    let mut cx = Lower::default();
    let spec = cx.spec(root);
    (spec, cx.diags)
}

#[derive(Default)]
struct Lower {
    diags: Vec<Diagnostic>,
    model_names: std::collections::BTreeSet<String>,
    /// Keys an unknown key was taken for (`mesage` for `message`): their absence is that
    /// typo, already reported, not a second finding.
    misspelt: std::collections::HashSet<SpecPath>,
    /// Whether the shorthand read last had a flag list that is never closed.
    cut_shorthand: bool,
}

/// A mapping being read, with its path for messages.
struct Obj<'v> {
    map: &'v Map<String, Value>,
    path: SpecPath,
}

impl<'v> Obj<'v> {
    fn get(&self, key: &str) -> Option<&'v Value> {
        self.map.get(key).filter(|value| !value.is_null())
    }

    fn at(&self, key: &str) -> SpecPath {
        self.path.key(key)
    }
}

const TOP_LEVEL: &[&str] = &[
    "integration-spec",
    "info",
    "overview",
    "authentication",
    "environments",
    "conventions",
    "models",
    "endpoints",
    "errors",
    "rate_limits",
    "flows",
    "webhooks",
    "tests",
    "monitoring",
    "rollback",
    "changelog",
];

impl Lower {
    fn spec(&mut self, root: &Value) -> Option<Spec> {
        let root_path = SpecPath::root();
        let Some(map) = root.as_object() else {
            self.diags.push(
                Diagnostic::error(
                    Code::InvalidType,
                    format!("a spec must be a mapping, found {}", kind_of(root)),
                )
                .at(&root_path)
                .with_help("start the file with `integration-spec: \"1.0\"` and `info:`"),
            );
            return None;
        };
        let obj = Obj {
            map,
            path: root_path,
        };
        let format_version = self.format_version(&obj)?;
        self.unknown_keys(&obj, TOP_LEVEL, "at the top level of a spec");
        self.model_names = obj
            .get("models")
            .and_then(Value::as_object)
            .map(|models| models.keys().cloned().collect())
            .unwrap_or_default();

        let info = self.info(&obj);
        let spec = Spec {
            format_version,
            overview: self.optional(&obj, "overview", Self::overview),
            authentication: self.optional(&obj, "authentication", Self::authentication),
            environments: self.items(&obj, "environments", Self::environment),
            conventions: self.optional(&obj, "conventions", Self::conventions),
            models: self.items(&obj, "models", Self::model),
            endpoints: self.items(&obj, "endpoints", Self::endpoint),
            errors: self.items(&obj, "errors", Self::error_code),
            rate_limits: self.optional(&obj, "rate_limits", Self::rate_limits),
            flows: self.items(&obj, "flows", Self::flow),
            webhooks: self.items(&obj, "webhooks", Self::webhook),
            tests: self.items(&obj, "tests", Self::test),
            monitoring: self.optional(&obj, "monitoring", Self::monitoring),
            rollback: self.optional(&obj, "rollback", Self::rollback),
            changelog: self.list(&obj, "changelog", Self::changelog_entry),
            info: info?,
        };
        Some(spec)
    }

    fn format_version(&mut self, obj: &Obj<'_>) -> Option<semver::Version> {
        let path = obj.at("integration-spec");
        let Some(value) = obj.get("integration-spec") else {
            self.diags.push(
                Diagnostic::error(
                    Code::UnsupportedFormatVersion,
                    "missing the format version `integration-spec`",
                )
                .at(&obj.path)
                .with_help("add `integration-spec: \"1.0\"` as the first line of the spec"),
            );
            return None;
        };
        let text = scalar_text(value)?;
        let Some(version) = lenient_version(&text) else {
            self.diags.push(
                Diagnostic::error(
                    Code::UnsupportedFormatVersion,
                    format!("`{text}` is not a format version"),
                )
                .at(&path)
                .with_help("write `integration-spec: \"1.0\"` (quoted, so YAML keeps it as text)"),
            );
            return None;
        };
        if version.major != 1 {
            self.diags.push(
                Diagnostic::error(
                    Code::UnsupportedFormatVersion,
                    format!(
                        "format version {text} is not supported; this build of mdbook-integration-spec reads {SUPPORTED_FORMAT}"
                    ),
                )
                .at(&path)
                .with_help(if version.major > 1 {
                    "install a newer mdbook-integration-spec, or write the spec in format 1.x"
                } else {
                    "write `integration-spec: \"1.0\"`"
                }),
            );
            return None;
        }
        Some(version)
    }

    // ---------------------------------------------------------------- generic readers

    /// Reads `value` as a mapping, reporting keys not in `allowed`.
    fn object<'v>(
        &mut self,
        value: &'v Value,
        path: &SpecPath,
        what: &str,
        allowed: &[&str],
    ) -> Option<Obj<'v>> {
        let Some(map) = value.as_object() else {
            self.diags.push(
                Diagnostic::error(
                    Code::InvalidType,
                    format!("{what} must be a mapping, found {}", kind_of(value)),
                )
                .at(path)
                .with_help(format!("its keys are: {}", allowed.join(", "))),
            );
            return None;
        };
        let obj = Obj {
            map,
            path: path.clone(),
        };
        self.unknown_keys(&obj, allowed, &format!("in {what}"));
        Some(obj)
    }

    fn unknown_keys(&mut self, obj: &Obj<'_>, allowed: &[&str], place: &str) {
        for key in obj.map.keys() {
            if allowed.contains(&key.as_str()) || key.starts_with("x-") {
                continue;
            }
            let help = match did_you_mean(key, allowed.iter().copied()) {
                Some(known) => {
                    self.misspelt.insert(obj.at(known));
                    format!("did you mean `{known}`?")
                }
                None => format!(
                    "known keys here: {}; extension keys start with `x-`",
                    allowed.join(", ")
                ),
            };
            self.diags.push(
                Diagnostic::error(Code::UnknownField, format!("unknown field `{key}` {place}"))
                    .at(&obj.at(key))
                    .with_help(help),
            );
        }
    }

    fn missing(&mut self, obj: &Obj<'_>, key: &str, what: &str) {
        if self.misspelt.contains(&obj.at(key)) {
            return;
        }
        self.diags.push(
            Diagnostic::error(Code::MissingField, format!("{what} needs `{key}`"))
                .at(&obj.path)
                .with_help(format!("add `{key}:`")),
        );
    }

    fn wrong_type(&mut self, value: &Value, path: &SpecPath, expected: &str) {
        let mut diag = Diagnostic::error(
            Code::InvalidType,
            format!("expected {expected}, found {}", kind_of(value)),
        )
        .at(path);
        diag.help = type_help(value, expected).map(str::to_owned);
        self.diags.push(diag);
    }

    fn text(&mut self, obj: &Obj<'_>, key: &str) -> Option<String> {
        let value = obj.get(key)?;
        match scalar_text(value) {
            Some(text) => Some(text),
            None => {
                self.wrong_type(value, &obj.at(key), "text");
                None
            }
        }
    }

    fn required_text(&mut self, obj: &Obj<'_>, key: &str, what: &str) -> Option<String> {
        if obj.get(key).is_none() {
            self.missing(obj, key, what);
            return None;
        }
        let text = self.text(obj, key)?;
        if text.trim().is_empty() {
            self.diags.push(
                Diagnostic::error(
                    Code::MissingField,
                    format!("{what} needs `{key}`, which is empty"),
                )
                .at(&obj.at(key))
                .with_help(format!("write the {key}")),
            );
            return None;
        }
        Some(text)
    }

    /// A list of texts; a single text is a list of one.
    fn texts(&mut self, obj: &Obj<'_>, key: &str) -> Vec<String> {
        let Some(value) = obj.get(key) else {
            return Vec::new();
        };
        let path = obj.at(key);
        match value {
            Value::Array(items) => items
                .iter()
                .enumerate()
                .filter_map(|(idx, item)| {
                    let text = scalar_text(item);
                    if text.is_none() {
                        self.wrong_type(item, &path.index(idx), "text");
                    }
                    text
                })
                .collect(),
            other => match scalar_text(other) {
                Some(text) => vec![text],
                None => {
                    self.wrong_type(other, &path, "a list of text");
                    Vec::new()
                }
            },
        }
    }

    fn bool(&mut self, obj: &Obj<'_>, key: &str) -> Option<bool> {
        let value = obj.get(key)?;
        let res = value.as_bool();
        if res.is_none() {
            self.wrong_type(value, &obj.at(key), "`true` or `false`");
        }
        res
    }

    fn count(&mut self, obj: &Obj<'_>, key: &str) -> Option<u64> {
        let value = obj.get(key)?;
        let res = value.as_u64();
        if res.is_none() {
            self.wrong_type(value, &obj.at(key), "a whole number");
        }
        res
    }

    fn number(&mut self, obj: &Obj<'_>, key: &str) -> Option<f64> {
        let value = obj.get(key)?;
        let res = value.as_f64();
        if res.is_none() {
            self.wrong_type(value, &obj.at(key), "a number");
        }
        res
    }

    fn status_code(&mut self, value: &Value, path: &SpecPath) -> Option<u16> {
        let code = match value {
            Value::Number(number) => number.as_u64(),
            Value::String(text) => text.trim().parse::<u64>().ok(),
            _ => None,
        };
        match code.and_then(|code| u16::try_from(code).ok()) {
            Some(code) if (100..=599).contains(&code) => Some(code),
            _ => {
                self.diags.push(
                    Diagnostic::error(
                        Code::InvalidStatusCode,
                        format!("`{}` is not an HTTP status code", display_scalar(value)),
                    )
                    .at(path)
                    .about(display_scalar(value))
                    .with_help("use a number from 100 to 599, e.g. `201`"),
                );
                None
            }
        }
    }

    /// A mapping of text to text.
    fn text_map(&mut self, obj: &Obj<'_>, key: &str) -> IndexMap<String, String> {
        self.map_of_text(
            obj,
            key,
            ("a mapping of names to text", "text"),
            scalar_text,
        )
    }

    /// Filter parameters to their operators, each as text (`eq, in`) or a list (`[eq, in]`).
    fn operators(&mut self, obj: &Obj<'_>, key: &str) -> IndexMap<String, String> {
        let expected = (
            "a mapping of parameters to their operators",
            "text or a list of operators",
        );
        self.map_of_text(obj, key, expected, |item| match item {
            Value::Array(items) => items
                .iter()
                .map(scalar_text)
                .collect::<Option<Vec<_>>>()
                .map(|items| items.join(", ")),
            other => scalar_text(other),
        })
    }

    /// A mapping whose values `read` turns into text; `expected` names the mapping and a value
    /// for messages.
    fn map_of_text(
        &mut self,
        obj: &Obj<'_>,
        key: &str,
        (expected_map, expected_value): (&str, &str),
        read: impl Fn(&Value) -> Option<String>,
    ) -> IndexMap<String, String> {
        let mut res = IndexMap::new();
        let Some(value) = obj.get(key) else {
            return res;
        };
        let path = obj.at(key);
        let Some(map) = value.as_object() else {
            self.wrong_type(value, &path, expected_map);
            return res;
        };
        for (name, item) in map {
            match read(item) {
                Some(text) => {
                    res.insert(name.clone(), text);
                }
                None => self.wrong_type(item, &path.key(name), expected_value),
            }
        }
        res
    }

    fn optional<T>(
        &mut self,
        obj: &Obj<'_>,
        key: &str,
        read: impl FnOnce(&mut Self, &Value, &SpecPath) -> Option<T>,
    ) -> Option<T> {
        let value = obj.get(key)?;
        read(self, value, &obj.at(key))
    }

    /// A mapping of id to item.
    fn items<T>(
        &mut self,
        obj: &Obj<'_>,
        key: &str,
        mut read: impl FnMut(&mut Self, &str, &Value, &SpecPath) -> Option<T>,
    ) -> IndexMap<String, T> {
        let mut res = IndexMap::new();
        let Some(value) = obj.get(key) else {
            return res;
        };
        let path = obj.at(key);
        let Some(map) = value.as_object() else {
            self.wrong_type(value, &path, "a mapping of ids to entries");
            return res;
        };
        for (id, item) in map {
            if id.starts_with("x-") {
                continue;
            }
            if let Some(item) = read(self, id, item, &path.key(id)) {
                res.insert(id.clone(), item);
            }
        }
        res
    }

    fn list<T>(
        &mut self,
        obj: &Obj<'_>,
        key: &str,
        mut read: impl FnMut(&mut Self, &Value, &SpecPath) -> Option<T>,
    ) -> Vec<T> {
        let Some(value) = obj.get(key) else {
            return Vec::new();
        };
        let path = obj.at(key);
        let Some(items) = value.as_array() else {
            self.wrong_type(value, &path, "a list");
            return Vec::new();
        };
        items
            .iter()
            .enumerate()
            .filter_map(|(idx, item)| read(self, item, &path.index(idx)))
            .collect()
    }

    /// A closed set of keywords, e.g. `status: stable`.
    fn keyword<T: Copy>(&mut self, obj: &Obj<'_>, key: &str, choices: &[(&str, T)]) -> Option<T> {
        let text = self.text(obj, key)?;
        let wanted = text.trim().to_ascii_lowercase();
        if let Some((_, value)) = choices.iter().find(|(name, _)| *name == wanted) {
            return Some(*value);
        }
        let names: Vec<&str> = choices.iter().map(|(name, _)| *name).collect();
        let help = match did_you_mean(&wanted, names.iter().copied()) {
            Some(name) => format!("did you mean `{name}`?"),
            None => format!("use one of: {}", names.join(", ")),
        };
        self.diags.push(
            Diagnostic::error(
                Code::InvalidValue,
                format!("`{text}` is not a valid `{key}`"),
            )
            .at(&obj.at(key))
            .with_help(help),
        );
        None
    }

    // ---------------------------------------------------------------- sections

    fn info(&mut self, spec: &Obj<'_>) -> Option<Info> {
        let Some(value) = spec.get("info") else {
            self.missing(spec, "info", "a spec");
            return None;
        };
        let obj = self.object(
            value,
            &spec.at("info"),
            "the `info` section",
            &[
                "title",
                "version",
                "status",
                "summary",
                "description",
                "contact",
            ],
        )?;
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
            let obj = cx.object(
                value,
                path,
                "`contact`",
                &["team", "email", "chat", "url", "escalation"],
            )?;
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

    fn overview(&mut self, value: &Value, path: &SpecPath) -> Option<Overview> {
        let obj = self.object(
            value,
            path,
            "the `overview` section",
            &["purpose", "scope", "systems", "architecture"],
        )?;
        let scope = self.optional(&obj, "scope", |cx, value, path| {
            let obj = cx.object(value, path, "`scope`", &["in", "out"])?;
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

    fn system(&mut self, value: &Value, path: &SpecPath) -> Option<System> {
        if let Some(name) = value.as_str() {
            return Some(System {
                name: name.to_owned(),
                kind: SystemKind::Internal,
                description: None,
            });
        }
        let obj = self.object(value, path, "a system", &["name", "kind", "description"])?;
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
        Some(System {
            name,
            kind,
            description: self.text(&obj, "description"),
        })
    }

    fn authentication(&mut self, value: &Value, path: &SpecPath) -> Option<Authentication> {
        let obj = self.object(
            value,
            path,
            "the `authentication` section",
            &[
                "type",
                "flow",
                "token_endpoint",
                "authorization_endpoint",
                "scopes",
                "headers",
                "token_refresh",
                "description",
            ],
        )?;
        if obj.get("type").is_none() {
            self.missing(&obj, "type", "`authentication`");
        }
        let kind = self.keyword(
            &obj,
            "type",
            &[
                ("oauth2", AuthKind::OAuth2),
                ("bearer", AuthKind::Bearer),
                ("api_key", AuthKind::ApiKey),
                ("mtls", AuthKind::Mtls),
                ("basic", AuthKind::Basic),
                ("none", AuthKind::None),
            ],
        );
        let flow = self.keyword(
            &obj,
            "flow",
            &[
                ("client_credentials", OAuthFlow::ClientCredentials),
                ("authorization_code", OAuthFlow::AuthorizationCode),
                ("device_code", OAuthFlow::DeviceCode),
            ],
        );
        let token_refresh = self.optional(&obj, "token_refresh", |cx, value, path| {
            let obj = cx.object(
                value,
                path,
                "`token_refresh`",
                &["automatic", "threshold_seconds"],
            )?;
            Some(TokenRefresh {
                automatic: cx.bool(&obj, "automatic"),
                threshold_seconds: cx.count(&obj, "threshold_seconds"),
            })
        });
        Some(Authentication {
            kind: kind?,
            flow,
            token_endpoint: self.text(&obj, "token_endpoint"),
            authorization_endpoint: self.text(&obj, "authorization_endpoint"),
            scopes: self.text_map(&obj, "scopes"),
            headers: self.text_map(&obj, "headers"),
            token_refresh,
            description: self.text(&obj, "description"),
        })
    }

    fn environment(&mut self, _name: &str, value: &Value, path: &SpecPath) -> Option<Environment> {
        let obj = self.object(
            value,
            path,
            "an environment",
            &[
                "base_url",
                "description",
                "credentials",
                "rate_limits",
                "data_persistence",
                "sla",
                "maintenance_window",
            ],
        )?;
        let sla = self.optional(&obj, "sla", |cx, value, path| {
            if let Some(text) = scalar_text(value) {
                return Some(Sla::Text(text));
            }
            let obj = cx.object(
                value,
                path,
                "`sla`",
                &["uptime", "p50_ms", "p95_ms", "p99_ms", "support"],
            )?;
            Some(Sla::Targets(SlaTargets {
                uptime: cx.text(&obj, "uptime"),
                p50_ms: cx.number(&obj, "p50_ms"),
                p95_ms: cx.number(&obj, "p95_ms"),
                p99_ms: cx.number(&obj, "p99_ms"),
                support: cx.text(&obj, "support"),
            }))
        });
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

    fn conventions(&mut self, value: &Value, path: &SpecPath) -> Option<Conventions> {
        let obj = self.object(
            value,
            path,
            "the `conventions` section",
            &[
                "versioning",
                "idempotency",
                "pagination",
                "filtering",
                "change_notification",
            ],
        )?;
        let versioning = self.optional(&obj, "versioning", |cx, value, path| {
            let obj = cx.object(
                value,
                path,
                "`versioning`",
                &[
                    "scheme",
                    "current",
                    "header",
                    "deprecation_notice_days",
                    "description",
                ],
            )?;
            Some(Versioning {
                scheme: cx.text(&obj, "scheme"),
                current: cx.text(&obj, "current"),
                header: cx.text(&obj, "header"),
                deprecation_notice_days: cx.count(&obj, "deprecation_notice_days"),
                description: cx.text(&obj, "description"),
            })
        });
        let idempotency = self.optional(&obj, "idempotency", |cx, value, path| {
            let obj = cx.object(
                value,
                path,
                "`idempotency`",
                &["header", "retention", "methods", "description"],
            )?;
            Some(Idempotency {
                header: cx.text(&obj, "header"),
                retention: cx.text(&obj, "retention"),
                methods: cx.texts(&obj, "methods"),
                description: cx.text(&obj, "description"),
            })
        });
        let pagination = self.optional(&obj, "pagination", |cx, value, path| {
            let obj = cx.object(
                value,
                path,
                "`pagination`",
                &[
                    "style",
                    "request",
                    "response",
                    "default_limit",
                    "max_limit",
                    "description",
                ],
            )?;
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
            let obj = cx.object(value, path, "`filtering`", &["params", "description"])?;
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
            change_notification: self.text(&obj, "change_notification"),
        })
    }

    fn model(&mut self, name: &str, value: &Value, path: &SpecPath) -> Option<Model> {
        if !is_model_name(name) {
            self.diags.push(
                Diagnostic::error(
                    Code::InvalidValue,
                    format!("`{name}` cannot be a model name"),
                )
                .at(path)
                .with_help("model names are one word of letters, digits and `_`, starting with a letter, e.g. `OrderItem`"),
            );
        }
        let obj = self.object(value, path, "a model", &["description", "fields"])?;
        if obj.get("fields").is_none() {
            self.missing(&obj, "fields", "a model");
        }
        Some(Model {
            description: self.text(&obj, "description"),
            fields: self.fields(&obj, "fields"),
        })
    }

    fn endpoint(&mut self, _id: &str, value: &Value, path: &SpecPath) -> Option<Endpoint> {
        let obj = self.object(
            value,
            path,
            "an endpoint",
            &[
                "method",
                "path",
                "summary",
                "description",
                "auth",
                "idempotent",
                "rate_limit",
                "since",
                "deprecated",
                "request",
                "responses",
                "errors",
                "flow",
            ],
        )?;
        if obj.get("method").is_none() {
            self.missing(&obj, "method", "an endpoint");
        }
        let methods: Vec<(&str, Method)> = Method::ALL
            .iter()
            .map(|method| (method.as_str(), *method))
            .collect();
        let method = self.method(&obj, &methods);
        let http_path = self.required_text(&obj, "path", "an endpoint");
        if let Some(text) = &http_path
            && !text.starts_with('/')
        {
            self.diags.push(
                Diagnostic::error(
                    Code::InvalidValue,
                    format!("the path `{text}` does not start with `/`"),
                )
                .at(&obj.at("path"))
                .with_help(format!(
                    "write `/{}`: it is appended to an environment's `base_url`",
                    text.trim_start_matches('/').trim()
                )),
            );
        }
        let auth = match obj.get("auth") {
            None => EndpointAuth::Inherit { scopes: Vec::new() },
            Some(Value::String(text)) if text.trim() == "none" => EndpointAuth::Public,
            Some(Value::String(text)) if text.trim().eq_ignore_ascii_case("none") => {
                self.diags.push(
                    Diagnostic::error(
                        Code::InvalidValue,
                        format!(
                            "`auth: {}` is not recognised; a public endpoint says `auth: none`",
                            text.trim()
                        ),
                    )
                    .at(&obj.at("auth"))
                    .with_help("write `none` in lower case"),
                );
                EndpointAuth::Public
            }
            Some(value) => match self.object(value, &obj.at("auth"), "`auth`", &["scopes"]) {
                Some(auth) => EndpointAuth::Inherit {
                    scopes: self.texts(&auth, "scopes"),
                },
                None => EndpointAuth::Inherit { scopes: Vec::new() },
            },
        };
        let deprecated = match obj.get("deprecated") {
            None | Some(Value::Bool(false)) => None,
            Some(Value::Bool(true)) => Some(Deprecation::default()),
            Some(value) => self.deprecation(value, &obj.at("deprecated")),
        };
        let request = self.optional(&obj, "request", Self::request);
        let responses = self.responses(&obj);
        Some(Endpoint {
            method: method?,
            path: http_path?,
            summary: self.text(&obj, "summary"),
            description: self.text(&obj, "description"),
            auth,
            idempotent: self.bool(&obj, "idempotent"),
            rate_limit: self.text(&obj, "rate_limit"),
            since: self.text(&obj, "since"),
            deprecated,
            request,
            responses,
            errors: self.texts(&obj, "errors"),
            flow: self.text(&obj, "flow"),
        })
    }

    fn method(&mut self, obj: &Obj<'_>, methods: &[(&str, Method)]) -> Option<Method> {
        let text = self.text(obj, "method")?;
        let wanted = text.trim().to_ascii_uppercase();
        if let Some((_, method)) = methods.iter().find(|(name, _)| *name == wanted) {
            return Some(*method);
        }
        let names: Vec<&str> = methods.iter().map(|(name, _)| *name).collect();
        let help = match did_you_mean(&wanted, names.iter().copied()) {
            Some(name) => format!("did you mean `{name}`?"),
            None => format!("use one of: {}", names.join(", ")),
        };
        self.diags.push(
            Diagnostic::error(
                Code::InvalidHttpMethod,
                format!("`{text}` is not an HTTP method"),
            )
            .at(&obj.at("method"))
            .with_help(help),
        );
        None
    }

    fn deprecation(&mut self, value: &Value, path: &SpecPath) -> Option<Deprecation> {
        let obj = self.object(
            value,
            path,
            "`deprecated`",
            &["since", "sunset", "use", "note"],
        )?;
        Some(Deprecation {
            since: self.text(&obj, "since"),
            sunset: self.text(&obj, "sunset"),
            replacement: self.text(&obj, "use"),
            note: self.text(&obj, "note"),
        })
    }

    fn request(&mut self, value: &Value, path: &SpecPath) -> Option<Request> {
        let obj = self.object(
            value,
            path,
            "`request`",
            &[
                "content_type",
                "path_params",
                "query",
                "headers",
                "body",
                "example",
            ],
        )?;
        Some(Request {
            content_type: self.text(&obj, "content_type"),
            path_params: self.fields(&obj, "path_params"),
            query: self.fields(&obj, "query"),
            headers: self.fields(&obj, "headers"),
            body: self.optional(&obj, "body", Self::body),
            example: obj.get("example").cloned(),
        })
    }

    fn responses(&mut self, endpoint: &Obj<'_>) -> IndexMap<u16, Response> {
        let mut res = IndexMap::new();
        let Some(value) = endpoint.get("responses") else {
            return res;
        };
        let path = endpoint.at("responses");
        let Some(map) = value.as_object() else {
            self.wrong_type(value, &path, "a mapping of status codes to responses");
            return res;
        };
        for (status, response) in map {
            let response_path = path.key(status);
            let Some(code) = self.status_code(&Value::String(status.clone()), &response_path)
            else {
                continue;
            };
            let response = if let Some(description) = scalar_text(response) {
                Some(Response {
                    description: Some(description),
                    ..Response::default()
                })
            } else if response.is_null() {
                Some(Response::default())
            } else {
                self.response(response, &response_path)
            };
            if let Some(response) = response {
                res.insert(code, response);
            }
        }
        res
    }

    fn response(&mut self, value: &Value, path: &SpecPath) -> Option<Response> {
        let obj = self.object(
            value,
            path,
            "a response",
            &["description", "headers", "body", "example"],
        )?;
        Some(Response {
            description: self.text(&obj, "description"),
            headers: self.fields(&obj, "headers"),
            body: self.optional(&obj, "body", Self::body),
            example: obj.get("example").cloned(),
        })
    }

    fn error_code(&mut self, _code: &str, value: &Value, path: &SpecPath) -> Option<ErrorCode> {
        let obj = self.object(
            value,
            path,
            "an error code",
            &[
                "http_status",
                "message",
                "retry",
                "resolution",
                "headers",
                "description",
            ],
        )?;
        let http_status = match obj.get("http_status") {
            Some(status) => self.status_code(status, &obj.at("http_status")),
            None => {
                self.missing(&obj, "http_status", "an error code");
                None
            }
        };
        let message = self.required_text(&obj, "message", "an error code");
        Some(ErrorCode {
            http_status: http_status?,
            message: message?,
            retry: self.text(&obj, "retry"),
            resolution: self.text(&obj, "resolution"),
            headers: self.text_map(&obj, "headers"),
            description: self.text(&obj, "description"),
        })
    }

    fn rate_limits(&mut self, value: &Value, path: &SpecPath) -> Option<RateLimits> {
        let obj = self.object(
            value,
            path,
            "the `rate_limits` section",
            &["global", "burst", "per_endpoint", "headers", "description"],
        )?;
        Some(RateLimits {
            global: self.text(&obj, "global"),
            burst: self.text(&obj, "burst"),
            per_endpoint: self.text_map(&obj, "per_endpoint"),
            headers: self.texts(&obj, "headers"),
            description: self.text(&obj, "description"),
        })
    }

    fn flow(&mut self, _id: &str, value: &Value, path: &SpecPath) -> Option<Flow> {
        let obj = self.object(value, path, "a flow", &["title", "description", "steps"])?;
        let steps = self.steps(&obj, "a flow");
        Some(Flow {
            title: self.text(&obj, "title"),
            description: self.text(&obj, "description"),
            steps,
        })
    }

    fn steps(&mut self, obj: &Obj<'_>, what: &str) -> Vec<Step> {
        if obj.get("steps").is_none() {
            self.missing(obj, "steps", what);
            return Vec::new();
        }
        let steps = self.list(obj, "steps", Self::step);
        if obj
            .get("steps")
            .and_then(Value::as_array)
            .is_some_and(Vec::is_empty)
        {
            self.diags.push(
                Diagnostic::error(
                    Code::InvalidValue,
                    format!("{what} needs at least one step"),
                )
                .at(&obj.at("steps"))
                .with_help("add a step such as `- Client -> API: request`"),
            );
        }
        steps
    }

    fn step(&mut self, value: &Value, path: &SpecPath) -> Option<Step> {
        const STEP_HELP: &str = "a step is `A -> B: message`, `A --> B: reply`, `note over A: text`, `alt:`, `opt:` or `loop:`";
        let (key, body, body_path) = match value {
            Value::String(text) => match text.split_once(':') {
                Some((key, body)) => (
                    key.trim().to_owned(),
                    Value::from(body.trim()),
                    path.clone(),
                ),
                None => {
                    self.diags.push(
                        Diagnostic::error(Code::InvalidValue, format!("`{text}` is not a step"))
                            .at(path)
                            .with_help(STEP_HELP),
                    );
                    return None;
                }
            },
            Value::Object(map) if map.len() == 1 => {
                let (key, body) = map.iter().next()?;
                (key.trim().to_owned(), body.clone(), path.key(key))
            }
            other => {
                self.diags.push(
                    Diagnostic::error(
                        Code::InvalidType,
                        format!("a step must be a one-key mapping, found {}", kind_of(other)),
                    )
                    .at(path)
                    .with_help(STEP_HELP),
                );
                return None;
            }
        };
        match key.as_str() {
            "alt" => {
                let Some(branches) = body.as_array() else {
                    self.wrong_type(&body, &body_path, "a list of branches (`- when: ...`)");
                    return None;
                };
                let branches: Vec<Branch> = branches
                    .iter()
                    .enumerate()
                    .filter_map(|(idx, branch)| self.branch(branch, &body_path.index(idx)))
                    .collect();
                if branches.is_empty() {
                    self.diags.push(
                        Diagnostic::error(Code::InvalidValue, "`alt` needs at least one branch")
                            .at(&body_path),
                    );
                    return None;
                }
                return Some(Step::Alt(branches));
            }
            "opt" => return self.branch(&body, &body_path).map(Step::Opt),
            "loop" => return self.branch(&body, &body_path).map(Step::Loop),
            _ => {}
        }
        let Some(text) = scalar_text(&body) else {
            self.wrong_type(&body, &body_path, "the message text");
            return None;
        };
        if let Some(rest) = strip_prefix_ignore_case(&key, "note ") {
            let rest = rest.trim_start();
            let (placement, systems) = if let Some(systems) =
                strip_prefix_ignore_case(rest, "over ")
            {
                (NotePlacement::Over, systems)
            } else if let Some(system) = strip_prefix_ignore_case(rest, "left of ") {
                (NotePlacement::LeftOf, system)
            } else if let Some(system) = strip_prefix_ignore_case(rest, "right of ") {
                (NotePlacement::RightOf, system)
            } else {
                self.diags.push(
                    Diagnostic::error(Code::InvalidValue, format!("`{key}` is not a note"))
                        .at(&body_path)
                        .about(key.as_str())
                        .with_help("write `note over A`, `note over A, B`, `note left of A` or `note right of A`"),
                );
                return None;
            };
            let systems: Vec<String> = systems
                .split(',')
                .map(|system| system.trim().to_owned())
                .filter(|system| !system.is_empty())
                .collect();
            let most = if placement == NotePlacement::Over {
                2
            } else {
                1
            };
            if systems.is_empty() || systems.len() > most {
                self.diags.push(
                    Diagnostic::error(
                        Code::InvalidValue,
                        format!("`{key}` must name one system, or two after `over`"),
                    )
                    .at(&body_path)
                    .about(key.as_str())
                    .with_help("a note spans at most two systems: `note over A, B`; use two notes for more"),
                );
                return None;
            }
            return Some(Step::Note {
                placement,
                systems,
                text,
            });
        }
        let (from, to, reply) = if let Some((from, to)) = key.split_once("-->") {
            (from, to, true)
        } else if let Some((from, to)) = key.split_once("->") {
            (from, to, false)
        } else {
            self.diags.push(
                Diagnostic::error(Code::InvalidValue, format!("`{key}` is not a step"))
                    .at(&body_path)
                    .about(key.as_str())
                    .with_help(STEP_HELP),
            );
            return None;
        };
        let (from, to) = (from.trim(), to.trim());
        if from.is_empty() || to.is_empty() {
            self.diags.push(
                Diagnostic::error(
                    Code::InvalidValue,
                    format!("`{key}` needs a system on each side of the arrow"),
                )
                .at(&body_path)
                .about(key.as_str()),
            );
            return None;
        }
        Some(Step::Message {
            from: from.to_owned(),
            to: to.to_owned(),
            reply,
            text,
        })
    }

    fn branch(&mut self, value: &Value, path: &SpecPath) -> Option<Branch> {
        let obj = self.object(value, path, "a branch", &["when", "error", "steps"])?;
        let when = self.required_text(&obj, "when", "a branch");
        let steps = self.steps(&obj, "a branch");
        Some(Branch {
            when: when?,
            error: self.text(&obj, "error"),
            steps,
        })
    }

    fn webhook(&mut self, _event: &str, value: &Value, path: &SpecPath) -> Option<Webhook> {
        let obj = self.object(
            value,
            path,
            "a webhook",
            &[
                "description",
                "headers",
                "payload",
                "example",
                "signature",
                "retries",
            ],
        )?;
        Some(Webhook {
            description: self.text(&obj, "description"),
            headers: self.fields(&obj, "headers"),
            payload: self.optional(&obj, "payload", Self::body),
            example: obj.get("example").cloned(),
            signature: self.text(&obj, "signature"),
            retries: self.text(&obj, "retries"),
        })
    }

    fn test(&mut self, _id: &str, value: &Value, path: &SpecPath) -> Option<TestScenario> {
        let obj = self.object(
            value,
            path,
            "a test scenario",
            &[
                "description",
                "endpoint",
                "preconditions",
                "modification",
                "expect",
                "verify",
            ],
        )?;
        let expect = self.optional(&obj, "expect", |cx, value, path| {
            let obj = cx.object(value, path, "`expect`", &["status", "error", "outcomes"])?;
            let status = match obj.get("status") {
                Some(status) => cx.status_code(status, &obj.at("status")),
                None => None,
            };
            Some(Expectation {
                status,
                error: cx.text(&obj, "error"),
                outcomes: cx.texts(&obj, "outcomes"),
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

    fn monitoring(&mut self, value: &Value, path: &SpecPath) -> Option<Monitoring> {
        let obj = self.object(
            value,
            path,
            "the `monitoring` section",
            &["metrics", "alerts", "dashboards", "health_check"],
        )?;
        let alerts = self.list(&obj, "alerts", |cx, value, path| {
            let obj = cx.object(value, path, "an alert", &["when", "notify", "severity"])?;
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

    fn rollback(&mut self, value: &Value, path: &SpecPath) -> Option<Rollback> {
        let obj = self.object(
            value,
            path,
            "the `rollback` section",
            &["triggers", "procedure", "data"],
        )?;
        Some(Rollback {
            triggers: self.texts(&obj, "triggers"),
            procedure: self.texts(&obj, "procedure"),
            data: self.text(&obj, "data"),
        })
    }

    fn changelog_entry(&mut self, value: &Value, path: &SpecPath) -> Option<ChangelogEntry> {
        let obj = self.object(
            value,
            path,
            "a changelog entry",
            &["version", "date", "changes"],
        )?;
        let version = self.required_text(&obj, "version", "a changelog entry")?;
        Some(ChangelogEntry {
            version,
            date: self.text(&obj, "date"),
            changes: self.texts(&obj, "changes"),
        })
    }

    // ---------------------------------------------------------------- fields and types

    fn fields(&mut self, obj: &Obj<'_>, key: &str) -> Fields {
        let mut res = Fields::new();
        let Some(value) = obj.get(key) else {
            return res;
        };
        let path = obj.at(key);
        let Some(map) = value.as_object() else {
            self.wrong_type(value, &path, "a mapping of field names to types");
            return res;
        };
        res = self.field_map(map, &path);
        res
    }

    /// Fields by name, as in `query:` or a body.
    fn field_map(&mut self, map: &Map<String, Value>, path: &SpecPath) -> Fields {
        let mut res = Fields::new();
        // `{ a: string (required, min 1) }` splits at the comma into `a` and a null `min 1)`:
        // the unclosed shorthand is reported, and the nulls after it are its remnants.
        let mut after_unclosed = false;
        for (name, field) in map {
            if after_unclosed && field.is_null() {
                continue;
            }
            self.cut_shorthand = false;
            if let Some(field) = self.field(field, &path.key(name)) {
                res.insert(name.clone(), field);
            }
            after_unclosed = self.cut_shorthand;
        }
        res
    }

    /// A field: shorthand text or a JSON Schema object.
    fn field(&mut self, value: &Value, path: &SpecPath) -> Option<Field> {
        match value {
            Value::String(text) => self.shorthand(text, path),
            Value::Object(_) => self.schema_field(value, path),
            other => {
                self.diags.push(
                    Diagnostic::error(
                        Code::InvalidType,
                        format!("a field must be a type such as `string (required)` or a JSON Schema object, found {}", kind_of(other)),
                    )
                    .at(path),
                );
                None
            }
        }
    }

    /// A body or payload: a type (`Order`, `array of Order`) or a mapping of fields.
    fn body(&mut self, value: &Value, path: &SpecPath) -> Option<Field> {
        match value {
            Value::String(text) => self.shorthand(text, path),
            Value::Object(map) => {
                let fields = self.field_map(map, path);
                let mut field = Field::of_type(FieldType::Object(fields));
                field.required = true;
                Some(field)
            }
            other => {
                self.wrong_type(other, path, "a model name or a mapping of fields");
                None
            }
        }
    }

    fn shorthand(&mut self, text: &str, path: &SpecPath) -> Option<Field> {
        match shorthand::parse_field(text) {
            Ok(field) => {
                self.check_model_refs(&field.ty, text, path);
                Some(field)
            }
            Err(shorthand::Rejected { errors, ty }) => {
                self.cut_shorthand = errors.iter().any(shorthand::ShorthandError::is_unclosed);
                for ShorthandError {
                    message,
                    column,
                    help,
                } in errors
                {
                    let mut diag = Diagnostic::error(
                        Code::InvalidShorthand,
                        format!("invalid field shorthand: {message}"),
                    )
                    .at(path);
                    diag.help = help;
                    diag.value_offset = Some(column);
                    self.diags.push(diag);
                }
                // A misspelt type is worth knowing in the same run as a misspelt flag.
                if let Some(ty) = ty {
                    self.check_model_refs(&ty, text, path);
                }
                None
            }
        }
    }

    /// Model names in a type must be declared; a lowercase near-miss is a misspelt built-in.
    fn check_model_refs(&mut self, ty: &FieldType, text: &str, path: &SpecPath) {
        let Some(name) = ty.model_name() else {
            return;
        };
        if self.model_names.contains(name) {
            return;
        }
        let column = text.find(name).map(|byte| text[..byte].chars().count());
        // A lowercase near-miss of a built-in is a typo in the type, not a missing model.
        let (code, help) = match shorthand::misspelled_builtin(name) {
            Some(builtin) => (
                Code::InvalidShorthand,
                format!("did you mean the built-in type `{builtin}`?"),
            ),
            None => (
                Code::UnresolvedReference,
                match did_you_mean(name, self.model_names.iter().map(String::as_str)) {
                    Some(model) => format!("did you mean the model `{model}`?"),
                    None => format!(
                        "declare `{name}` under `models`, or use a built-in type: {}",
                        shorthand::BUILTIN_TYPES.join(", ")
                    ),
                },
            ),
        };
        let mut diag = Diagnostic::error(
            code,
            format!("unknown type `{name}`: not a built-in type and no model of that name"),
        )
        .at(path)
        .with_help(help);
        diag.value_offset = column;
        self.diags.push(diag);
    }

    fn schema_field(&mut self, value: &Value, path: &SpecPath) -> Option<Field> {
        let obj = self.object(value, path, "a JSON Schema field", SCHEMA_KEYWORDS)?;
        let mut field = Field::of_type(self.schema_type(&obj)?);
        field.schema = Some(value.clone());
        field.required = obj
            .get("required")
            .and_then(Value::as_bool)
            .unwrap_or(false);
        field.description = self.text(&obj, "description");
        field.default = obj.get("default").cloned();
        field.example = obj.get("example").cloned().or_else(|| {
            obj.get("examples")
                .and_then(Value::as_array)
                .and_then(|examples| examples.first().cloned())
        });
        field.deprecated = self.bool(&obj, "deprecated").unwrap_or(false);
        let is_array = matches!(field.ty, FieldType::Array(_));
        let constraints = &mut field.constraints;
        let (min_key, max_key) = if is_array {
            ("minItems", "maxItems")
        } else {
            ("minimum", "maximum")
        };
        constraints.min = self.number(&obj, min_key);
        constraints.max = self.number(&obj, max_key);
        constraints.min_length = self.count(&obj, "minLength");
        constraints.max_length = self.count(&obj, "maxLength");
        constraints.pattern = self.text(&obj, "pattern");
        Some(field)
    }

    fn schema_type(&mut self, obj: &Obj<'_>) -> Option<FieldType> {
        if let Some(reference) = obj.get("$ref") {
            let Some(reference) = reference.as_str() else {
                self.wrong_type(reference, &obj.at("$ref"), "text such as `#/models/Order`");
                return None;
            };
            let name = reference
                .strip_prefix("#/models/")
                .unwrap_or(reference)
                .to_owned();
            let ty = FieldType::Model(name);
            self.check_model_refs(&ty, reference, &obj.at("$ref"));
            return Some(ty);
        }
        if let Some(values) = obj.get("enum") {
            let Some(values) = values.as_array() else {
                self.wrong_type(values, &obj.at("enum"), "a list of values");
                return None;
            };
            return Some(FieldType::Enum(values.iter().map(display_scalar).collect()));
        }
        let type_name = match obj.get("type") {
            None => return Some(FieldType::Any),
            Some(Value::String(name)) => name.clone(),
            // `type: [string, "null"]`: the first type that is not null.
            Some(Value::Array(names)) => names
                .iter()
                .filter_map(Value::as_str)
                .find(|name| *name != "null")
                .unwrap_or("null")
                .to_owned(),
            Some(other) => {
                self.wrong_type(other, &obj.at("type"), "a JSON Schema type name");
                return None;
            }
        };
        let format = obj.get("format").and_then(Value::as_str).unwrap_or("");
        let ty = match type_name.as_str() {
            "string" => match format {
                "date" => FieldType::Date,
                "date-time" => FieldType::DateTime,
                "uri" | "url" => FieldType::Url,
                "email" => FieldType::Email,
                "uuid" => FieldType::Uuid,
                _ => FieldType::String,
            },
            "integer" => FieldType::Integer,
            "number" if format == "decimal" => FieldType::Decimal,
            "number" => FieldType::Number,
            "boolean" => FieldType::Boolean,
            "null" => FieldType::Any,
            "array" => {
                let item = match obj.get("items") {
                    Some(items) => self.schema_item(items, &obj.at("items"))?,
                    None => FieldType::Any,
                };
                FieldType::Array(Box::new(item))
            }
            "object" => self.schema_object(obj)?,
            other => {
                let help = match did_you_mean(
                    other,
                    ["string", "integer", "number", "boolean", "array", "object", "null"],
                ) {
                    Some(name) => format!("did you mean `{name}`?"),
                    None => "JSON Schema types are string, integer, number, boolean, array, object and null".to_owned(),
                };
                self.diags.push(
                    Diagnostic::error(
                        Code::InvalidValue,
                        format!("`{other}` is not a JSON Schema type"),
                    )
                    .at(&obj.at("type"))
                    .with_help(help),
                );
                return None;
            }
        };
        Some(ty)
    }

    fn schema_item(&mut self, value: &Value, path: &SpecPath) -> Option<FieldType> {
        match value {
            Value::String(text) => self.shorthand(text, path).map(|field| field.ty),
            _ => self.schema_field(value, path).map(|field| field.ty),
        }
    }

    fn schema_object(&mut self, obj: &Obj<'_>) -> Option<FieldType> {
        let required: Vec<String> = match obj.get("required") {
            Some(Value::Array(names)) => names
                .iter()
                .filter_map(|name| name.as_str().map(str::to_owned))
                .collect(),
            _ => Vec::new(),
        };
        if let Some(properties) = obj.get("properties") {
            let path = obj.at("properties");
            let Some(map) = properties.as_object() else {
                self.wrong_type(properties, &path, "a mapping of property names to schemas");
                return None;
            };
            let mut fields = Fields::new();
            for (name, property) in map {
                if let Some(mut field) = self.field(property, &path.key(name)) {
                    field.required |= required.contains(name);
                    fields.insert(name.clone(), field);
                }
            }
            return Some(FieldType::Object(fields));
        }
        match obj.get("additionalProperties") {
            Some(value @ (Value::Object(_) | Value::String(_))) => {
                let item = self.schema_item(value, &obj.at("additionalProperties"))?;
                Some(FieldType::Map(Box::new(item)))
            }
            _ => Some(FieldType::Object(Fields::new())),
        }
    }
}

/// The JSON Schema keywords a field object may use.
const SCHEMA_KEYWORDS: &[&str] = &[
    "$ref",
    "type",
    "format",
    "enum",
    "const",
    "items",
    "properties",
    "required",
    "additionalProperties",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "minLength",
    "maxLength",
    "pattern",
    "minItems",
    "maxItems",
    "uniqueItems",
    "minProperties",
    "maxProperties",
    "oneOf",
    "anyOf",
    "allOf",
    "not",
    "title",
    "description",
    "default",
    "example",
    "examples",
    "deprecated",
    "readOnly",
    "writeOnly",
];

fn is_model_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

fn strip_prefix_ignore_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &text[prefix.len()..])
}

/// Text, numbers and booleans read as text; YAML often leaves `1.0` or `24` unquoted.
fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(text) => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        Value::Bool(flag) => Some(flag.to_string()),
        _ => None,
    }
}

fn display_scalar(value: &Value) -> String {
    scalar_text(value).unwrap_or_else(|| value.to_string())
}

/// `1`, `1.0` and `1.0.0` all name format 1.0.0.
fn lenient_version(text: &str) -> Option<semver::Version> {
    let text = text.trim();
    let padded = match text.matches('.').count() {
        0 => format!("{text}.0.0"),
        1 => format!("{text}.0"),
        _ => text.to_owned(),
    };
    semver::Version::parse(&padded).ok()
}

/// How a value is described in "found ..." messages.
/// How to write what was expected, where the mistake is a usual one.
fn type_help(found: &Value, expected: &str) -> Option<&'static str> {
    let wants_text = expected.starts_with("text") || expected.contains("message text");
    match found {
        Value::Object(_) if wants_text => Some(
            "YAML reads `{ ... }` (and `key: value`) as a mapping: quote the value to make it text, e.g. `'{access_token}'`",
        ),
        Value::Array(_) if wants_text => Some(
            "YAML reads `[ ... ]` as a list: quote the value to make it text, e.g. `'[beta] Orders'`",
        ),
        Value::String(_) if expected == "`true` or `false`" => {
            Some("write `true` or `false`; `yes`, `no`, `on` and `off` are text in YAML 1.2")
        }
        Value::String(_) if expected.contains("number") => {
            Some("write the number alone, without quotes or a unit")
        }
        Value::Null => Some("give it a value, or remove the key"),
        _ => None,
    }
}

pub(crate) fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "nothing (null)",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "a mapping",
    }
}

#[cfg(test)]
mod tests;
