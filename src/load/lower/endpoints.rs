//! Endpoints: method, path, auth, deprecation, the request and the responses, with the tables
//! of their keys.

use indexmap::IndexMap;
use serde_json::Value;

use super::keys::{Key, Shape, same_keywords};
use super::readers::scalar_text;
use super::readers::{Lower, Obj};
use crate::diagnostic::{Code, Diagnostic, SpecPath, suggest};
use crate::spec::expressions;
use crate::spec::*;

impl Lower {
    /// The keys of an endpoint.
    pub(super) const ENDPOINT: &[Key] = &[
        Key::required(
            "method",
            Shape::Keyword(Self::METHODS),
            "The HTTP method, in any case",
        ),
        Key::required(
            "path",
            Shape::Text,
            "Path template starting with /, e.g. /api/v1/orders/{order_id}",
        ),
        Key::optional("summary", Shape::Text, "One line"),
        Key::optional("description", Shape::Text, "Longer text"),
        Key::optional(
            "tags",
            Shape::Texts,
            "Tags that group it, declared in `tags` or not; the index lists it under the first",
        ),
        Key::optional(
            "auth",
            Shape::OneOf(&[
                Shape::Word(&["none"]),
                Shape::Mapping(Self::ENDPOINT_AUTH),
                Self::REQUIREMENT,
                Shape::ListOf(&Self::REQUIREMENT),
            ]),
            "The schemes it accepts, `none` for a public endpoint; the spec's default when absent",
        ),
        Key::optional(
            "idempotent",
            Shape::Bool,
            "Whether a repeated call has the effect of one",
        ),
        Key::optional(
            "rate_limit",
            Shape::Text,
            "The endpoint's limit; `rate_limits.per_endpoint` when absent",
        ),
        Key::optional(
            "since",
            Shape::Text,
            "The contract version that introduced the endpoint",
        ),
        Key::optional(
            "deprecated",
            Shape::OneOf(&[Shape::Bool, Shape::Mapping(Self::DEPRECATION)]),
            "`true`, or when and how the endpoint goes away",
        ),
        Key::optional(
            "request",
            Shape::Mapping(Self::REQUEST),
            "What the client sends",
        ),
        Self::RESPONSES,
        Key::optional("errors", Shape::Texts, "Codes from `errors` it can return"),
        Key::optional(
            "flow",
            Shape::Text,
            "Id of the flow that shows the endpoint's interactions",
        ),
        Key::optional(
            "sla",
            Shape::OneOf(&[Shape::Text, Shape::Mapping(Self::SLA)]),
            "The endpoint's own service levels, as text or as targets",
        ),
        Key::optional(
            "timeout_ms",
            Shape::Count,
            "How long a call may take before the client gives up, in milliseconds",
        ),
        Key::optional(
            "callbacks",
            Shape::Entries(&Shape::Mapping(Self::CALLBACK)),
            "Requests the API makes back to a URL given in the request, by name",
        ),
        Key::optional(
            "code_samples",
            Shape::ListOf(&Shape::Mapping(Self::CODE_SAMPLE)),
            "Code that calls the endpoint, shown after the curl command",
        ),
    ];

    /// The keys of a tag written as a mapping.
    pub(super) const TAG: &[Key] = &[
        Key::optional(
            "title",
            Shape::Text,
            "The name shown for the tag; the tag itself when absent",
        ),
        Key::optional(
            "description",
            Shape::Text,
            "What the tagged endpoints are about",
        ),
    ];

    /// The top-level `tags`. Written as OpenAPI writes them, a list of `{name, description}`,
    /// they get a hint.
    pub(super) fn tags(&mut self, obj: &Obj<'_>) -> IndexMap<String, Tag> {
        if let Some(Value::Array(_)) = obj.get("tags") {
            self.diags.push(
                Diagnostic::error(
                    Code::InvalidType,
                    "expected a mapping of tag names to tags, found a list",
                )
                .at(&obj.at("tags"))
                .with_help(
                    "write each tag as `name: description`, e.g. `orders: Placing orders`, \
                     not as a list of `{name, description}`",
                ),
            );
            return IndexMap::new();
        }
        self.items(obj, "tags", Self::tag)
    }

    /// A declared tag: its description as text, nothing, or a mapping.
    fn tag(&mut self, name: &str, value: &Value, path: &SpecPath) -> Option<Tag> {
        if name.trim().is_empty() {
            self.diags.push(
                Diagnostic::error(Code::InvalidValue, "a tag is empty")
                    .at(path)
                    .with_help("write the tag's name"),
            );
            return None;
        }
        if value.is_null() {
            return Some(Tag::default());
        }
        if let Some(description) = scalar_text(value) {
            return Some(Tag {
                title: None,
                description: Some(description),
            });
        }
        let obj = self.object(value, path, "a tag", Self::TAG)?;
        Some(Tag {
            title: self.text(&obj, "title"),
            description: self.text(&obj, "description"),
        })
    }

    /// The keys of a code sample.
    pub(super) const CODE_SAMPLE: &[Key] = &[
        Key::required(
            "lang",
            Shape::Text,
            "The language, e.g. python; a known one is highlighted",
        ),
        Key::optional(
            "label",
            Shape::Text,
            "What the sample is called; its language when absent",
        ),
        Key::required("source", Shape::Text, "The code"),
    ];

    fn code_sample(&mut self, value: &Value, path: &SpecPath) -> Option<CodeSample> {
        let obj = self.object(value, path, "a code sample", Self::CODE_SAMPLE)?;
        let lang = self.required_text(&obj, "lang", "a code sample");
        let source = self.required_text(&obj, "source", "a code sample");
        Some(CodeSample {
            lang: lang?,
            label: self.text(&obj, "label"),
            source: source?,
        })
    }

    /// The `responses` of an endpoint or a callback.
    pub(super) const RESPONSES: Key = Key::optional(
        "responses",
        Shape::ByStatus(&Shape::OneOf(&[
            Shape::Text,
            Shape::Null,
            Shape::Mapping(Self::RESPONSE),
        ])),
        "HTTP status codes (or 4XX, 5XX, default) to a response, or just its description",
    );

    /// The HTTP methods, as `method` declares them.
    const METHODS: &[&str] = &["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

    pub(super) fn endpoint(
        &mut self,
        _id: &str,
        value: &Value,
        path: &SpecPath,
    ) -> Option<Endpoint> {
        let obj = self.object(value, path, "an endpoint", Self::ENDPOINT)?;
        self.required(&obj, "method", "an endpoint");
        let method = self.method(&obj);
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
        let auth = self.endpoint_auth(&obj);
        let deprecated = self.deprecated(&obj);
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
            sla: self.optional(&obj, "sla", Self::sla),
            timeout_ms: self.count(&obj, "timeout_ms"),
            callbacks: self.items(&obj, "callbacks", Self::callback),
            tags: self.tag_list(&obj),
            code_samples: self.list(&obj, "code_samples", Self::code_sample),
        })
    }

    /// An endpoint's `tags`: each once, none empty.
    fn tag_list(&mut self, obj: &Obj<'_>) -> Vec<String> {
        let mut tags: Vec<String> = Vec::new();
        let Some(value) = obj.get("tags") else {
            return tags;
        };
        let path = obj.at("tags");
        let entries: Vec<(SpecPath, &Value)> = match value {
            Value::Array(items) => items
                .iter()
                .enumerate()
                .map(|(idx, item)| (path.index(idx), item))
                .collect(),
            other => vec![(path.clone(), other)],
        };
        for (at, entry) in entries {
            let Some(tag) = scalar_text(entry) else {
                let expected = if at == path { "a list of text" } else { "text" };
                self.wrong_type(entry, &at, expected);
                continue;
            };
            if tag.trim().is_empty() {
                self.diags.push(
                    Diagnostic::error(Code::InvalidValue, "a tag is empty")
                        .at(&at)
                        .with_help("write the tag's name, or remove the entry"),
                );
            } else if !tags.contains(&tag) {
                tags.push(tag);
            }
        }
        tags
    }

    /// The `method` of an endpoint or callback: a keyword read in any case, reported as an
    /// HTTP method.
    fn method(&mut self, obj: &Obj<'_>) -> Option<Method> {
        let methods: Vec<(&str, Method)> = Method::ALL
            .iter()
            .map(|method| (method.as_str(), *method))
            .collect();
        let methods = methods.as_slice();
        debug_assert!(
            same_keywords(obj.declared("method"), methods),
            "the methods are not those the endpoint table declares"
        );
        let text = self.text(obj, "method")?;
        let wanted = text.trim().to_ascii_uppercase();
        if let Some((_, method)) = methods.iter().find(|(name, _)| *name == wanted) {
            return Some(*method);
        }
        let names: Vec<&str> = methods.iter().map(|(name, _)| *name).collect();
        let help = suggest(&wanted, names.iter().copied())
            .unwrap_or_else(|| format!("use one of: {}", names.join(", ")));
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

    /// The keys of an endpoint's `deprecated` written as a mapping.
    pub(super) const DEPRECATION: &[Key] = &[
        Key::optional(
            "since",
            Shape::Text,
            "The contract version that deprecated the endpoint",
        ),
        Key::optional(
            "sunset",
            Shape::Text,
            "The date the endpoint goes away, YYYY-MM-DD",
        ),
        Key::optional("use", Shape::Text, "Id of the endpoint to use instead"),
        Key::optional("note", Shape::Text, "More about the deprecation"),
    ];

    /// An endpoint's or a webhook's `deprecated`: `true`, or a mapping.
    pub(super) fn deprecated(&mut self, obj: &Obj<'_>) -> Option<Deprecation> {
        match obj.get("deprecated") {
            None | Some(Value::Bool(false)) => None,
            Some(Value::Bool(true)) => Some(Deprecation::default()),
            Some(value) => self.deprecation(value, &obj.at("deprecated")),
        }
    }

    fn deprecation(&mut self, value: &Value, path: &SpecPath) -> Option<Deprecation> {
        let obj = self.object(value, path, "`deprecated`", Self::DEPRECATION)?;
        Some(Deprecation {
            since: self.text(&obj, "since"),
            sunset: self.text(&obj, "sunset"),
            replacement: self.text(&obj, "use"),
            note: self.text(&obj, "note"),
        })
    }

    /// The keys of an endpoint's `request`.
    pub(super) const REQUEST: &[Key] = &[
        Self::CONTENT_TYPE,
        Key::optional(
            "path_params",
            Shape::Fields,
            "The parameters in the path, one per {param}",
        ),
        Key::optional("query", Shape::Fields, "The query string parameters"),
        Key::optional(
            "headers",
            Shape::Fields,
            "Headers beyond the authentication headers",
        ),
        Key::optional("cookies", Shape::Fields, "The cookies the request sends"),
        Self::BODY,
        Self::EXAMPLE,
        Self::EXAMPLES,
        Self::ENCODING,
        Self::CONTENT,
    ];

    fn request(&mut self, value: &Value, path: &SpecPath) -> Option<Request> {
        let obj = self.object(value, path, "`request`", Self::REQUEST)?;
        Some(Request {
            path_params: self.parameters(&obj, "path_params", ParamPlace::Path),
            query: self.parameters(&obj, "query", ParamPlace::Query),
            headers: self.parameters(&obj, "headers", ParamPlace::Header),
            cookies: self.parameters(&obj, "cookies", ParamPlace::Cookie),
            content: self.content(&obj, "body"),
        })
    }

    /// A request's parameters in one place, whose declared styles must suit the place.
    fn parameters(&mut self, obj: &Obj<'_>, key: &str, place: ParamPlace) -> Fields {
        let fields = self.fields(obj, key);
        for (name, field) in &fields {
            let Some(style) = field.serialization.style else {
                continue;
            };
            let allowed = place.styles();
            if !allowed.contains(&style) {
                let names: Vec<&str> = allowed.iter().map(|style| style.as_str()).collect();
                self.diags.push(
                    Diagnostic::error(
                        Code::InvalidValue,
                        format!(
                            "a {} parameter cannot have `style {}`",
                            place.as_str(),
                            style.as_str()
                        ),
                    )
                    .at(&obj.at(key).key(name))
                    .about(style.as_str())
                    .with_help(format!(
                        "a {} parameter takes style {}",
                        place.as_str(),
                        names.join(", ")
                    )),
                );
            }
        }
        fields
    }

    /// The `responses` of an endpoint or callback.
    pub(super) fn responses(&mut self, owner: &Obj<'_>) -> IndexMap<ResponseStatus, Response> {
        let mut res = IndexMap::new();
        let Some(value) = owner.get("responses") else {
            return res;
        };
        let path = owner.at("responses");
        let Some(map) = value.as_object() else {
            self.wrong_type(value, &path, "a mapping of status codes to responses");
            return res;
        };
        for (status, response) in map {
            let response_path = path.key(status);
            let Some(code) = self.response_status(status, &response_path) else {
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

    /// A key of `responses`: a status code, a class such as `4XX`, or `default`.
    fn response_status(&mut self, key: &str, path: &SpecPath) -> Option<ResponseStatus> {
        if let Some(status) = ResponseStatus::parse(key) {
            return Some(status);
        }
        let trimmed = key.trim();
        let help = if trimmed.len() == 3 && trimmed.to_ascii_uppercase().ends_with("XX") {
            match trimmed.chars().next() {
                Some(class @ '1'..='5') => format!("write `{class}XX`, with capital X's"),
                _ => "a class of statuses is `1XX` to `5XX`".to_owned(),
            }
        } else if trimmed.eq_ignore_ascii_case("default") {
            "write `default` in lower case".to_owned()
        } else {
            "use a number from 100 to 599, e.g. `201`, a class such as `4XX`, or `default`"
                .to_owned()
        };
        self.diags.push(
            Diagnostic::error(
                Code::InvalidStatusCode,
                format!("`{key}` is not an HTTP status code"),
            )
            .at(path)
            .about(key)
            .with_help(help),
        );
        None
    }

    /// The keys of a response written as a mapping.
    pub(super) const RESPONSE: &[Key] = &[
        Key::optional("description", Shape::Text, "What the response means"),
        Key::optional("headers", Shape::Fields, "The headers it comes with"),
        Self::CONTENT_TYPE,
        Self::BODY,
        Self::EXAMPLE,
        Self::EXAMPLES,
        Self::ENCODING,
        Self::CONTENT,
    ];

    fn response(&mut self, value: &Value, path: &SpecPath) -> Option<Response> {
        let obj = self.object(value, path, "a response", Self::RESPONSE)?;
        Some(Response {
            description: self.text(&obj, "description"),
            headers: self.fields(&obj, "headers"),
            content: self.content(&obj, "body"),
        })
    }

    /// The keys of a callback.
    pub(super) const CALLBACK: &[Key] = &[
        Key::optional("description", Shape::Text, "When the API sends it"),
        Key::required(
            "url",
            Shape::Text,
            "Where it goes: runtime expressions such as {$request.body#/callback_url}",
        ),
        Key::optional(
            "method",
            Shape::Keyword(Self::METHODS),
            "The HTTP method, in any case; POST when absent",
        ),
        Key::optional("headers", Shape::Fields, "The headers sent with it"),
        Self::CONTENT_TYPE,
        Self::PAYLOAD,
        Self::EXAMPLE,
        Self::EXAMPLES,
        Self::ENCODING,
        Self::CONTENT_OF_PAYLOAD,
        Self::RESPONSES,
    ];

    fn callback(&mut self, _name: &str, value: &Value, path: &SpecPath) -> Option<Callback> {
        let obj = self.object(value, path, "a callback", Self::CALLBACK)?;
        let url = self.required_text(&obj, "url", "a callback");
        if let Some(url) = &url
            && let Err(err) = expressions::url_expressions(url)
        {
            let mut diag = Diagnostic::error(
                Code::InvalidValue,
                format!("invalid callback URL: {}", err.message),
            )
            .at(&obj.at("url"))
            .with_help(err.help);
            diag.value_offset = Some(err.column);
            self.diags.push(diag);
        }
        let method = match obj.get("method") {
            Some(_) => self.method(&obj),
            None => Some(Method::Post),
        };
        Some(Callback {
            description: self.text(&obj, "description"),
            url: url?,
            method: method?,
            headers: self.fields(&obj, "headers"),
            content: self.content(&obj, "payload"),
            responses: self.responses(&obj),
        })
    }
}
