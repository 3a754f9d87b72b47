//! Our own `x-` extensions, as `export` writes them: what an integration spec says that
//! OpenAPI has no word for. Each holds a value of the native format under a native key, so
//! lowering reads and checks it as if the spec had written it; the example book's OpenAPI
//! chapter lists them.
//!
//! They are read only in a document `export` wrote, which says so with [`EXPORTED`] at its
//! top: other documents use the same names for values of their own shapes
//! (`x-rate-limit: {limit: 100}`), which are left alone as every extension is.

use serde_json::{Map, Value, json};

use super::context::{Translate, object};
use crate::diagnostic::SpecPath;

/// The top-level key `export` marks its documents with; its value is the format version.
pub const EXPORTED: &str = "x-integration-spec";

/// `info`.
pub(super) const INFO: &[(&str, &str)] = &[("x-status", "status")];
/// `info.contact`.
pub(super) const CONTACT: &[(&str, &str)] = &[("x-chat", "chat"), ("x-escalation", "escalation")];
/// A server, which is an environment.
pub(super) const SERVER: &[(&str, &str)] = &[
    ("x-credentials", "credentials"),
    ("x-rate-limits", "rate_limits"),
    ("x-data-persistence", "data_persistence"),
    ("x-sla", "sla"),
    ("x-maintenance-window", "maintenance_window"),
];
/// A security scheme.
pub(super) const SCHEME: &[(&str, &str)] = &[
    ("x-pkce", "pkce"),
    ("x-format", "format"),
    ("x-flows", "flow"),
    ("x-scopes", "scopes"),
    ("x-headers", "headers"),
    ("x-token-refresh", "token_refresh"),
    ("x-algorithm", "algorithm"),
    ("x-signed", "signed"),
    ("x-secret", "secret"),
];
/// An operation, which is an endpoint.
pub(super) const OPERATION: &[(&str, &str)] = &[
    ("x-errors", "errors"),
    ("x-idempotent", "idempotent"),
    ("x-rate-limit", "rate_limit"),
    ("x-since", "since"),
    ("x-sla", "sla"),
    ("x-timeout-ms", "timeout_ms"),
];
/// A webhook's operation.
pub(super) const WEBHOOK: &[(&str, &str)] =
    &[("x-signature", "signature"), ("x-retries", "retries")];
/// Beside `deprecated: true`, in an exported document (`x-sunset` is read in any).
pub(super) const DEPRECATION: &[(&str, &str)] = &[
    ("x-replacement", "use"),
    ("x-deprecated-since", "since"),
    ("x-deprecation-note", "note"),
];
/// The document's conventions.
const CONVENTIONS: &[(&str, &str)] = &[
    ("x-versioning", "versioning"),
    ("x-idempotency", "idempotency"),
    ("x-pagination", "pagination"),
    ("x-filtering", "filtering"),
    ("x-change-notification", "change_notification"),
];
/// An error code's response (`x-error`).
const ERROR: &[(&str, &str)] = &[
    ("http_status", "http_status"),
    ("retry", "retry"),
    ("resolution", "resolution"),
    ("description", "description"),
    ("type", "type"),
];

impl<'d> Translate<'d> {
    /// Whether `export` wrote the document: only then are our extensions read.
    pub(super) fn exported(&self) -> bool {
        self.doc.get(EXPORTED).is_some()
    }

    /// Copies the extensions of `source` (at `at`) named in `pairs` into `ours`, under their
    /// native keys at `native`.
    pub(super) fn extensions(
        &mut self,
        source: &Value,
        at: &SpecPath,
        native: &SpecPath,
        pairs: &[(&str, &str)],
        ours: &mut Map<String, Value>,
    ) {
        if !self.exported() {
            return;
        }
        for (extension, key) in pairs {
            if let Some(value) = source.get(*extension) {
                ours.insert((*key).to_owned(), value.clone());
                self.record(&native.key(key), &at.key(extension));
            }
        }
    }

    /// The document's `x-rate-limits`, conventions and error catalogue, into `spec`.
    pub(super) fn document_extensions(&mut self, spec: &mut Map<String, Value>) {
        if !self.exported() {
            return;
        }
        let root = SpecPath::root();
        let doc = self.doc;
        if let Some(limits) = doc.get("x-rate-limits") {
            spec.insert("rate_limits".into(), limits.clone());
            self.record(&root.key("rate_limits"), &root.key("x-rate-limits"));
        }
        let mut conventions = object();
        let native = root.key("conventions");
        self.extensions(doc, &root, &native, CONVENTIONS, &mut conventions);
        if let Some(Value::Object(errors)) = doc.get("x-error-convention") {
            let at = root.key("x-error-convention");
            let mut ours = errors.clone();
            if let Some(body) = errors.get("body") {
                let body_native = native.key("errors").key("body");
                ours.insert(
                    "body".into(),
                    self.schema(body, &at.key("body"), &body_native),
                );
            }
            conventions.insert("errors".into(), Value::Object(ours));
            self.record(&native.key("errors"), &at);
        }
        if !conventions.is_empty() {
            self.record(&native, &root);
            spec.insert("conventions".into(), Value::Object(conventions));
        }
        if let Some(errors) = self.error_catalogue() {
            spec.insert("errors".into(), errors);
        }
    }

    /// `components.responses` marked `x-error`: the error catalogue by code.
    fn error_catalogue(&mut self) -> Option<Value> {
        let responses = self
            .at(&["components", "responses"])
            .and_then(Value::as_object)?;
        let source = SpecPath::root().key("components").key("responses");
        let native = SpecPath::root().key("errors");
        let has_convention = self
            .doc
            .get("x-error-convention")
            .is_some_and(|convention| convention.get("body").is_some());
        let mut errors = Map::new();
        for (key, response) in responses {
            let Some(marked) = response.get("x-error") else {
                continue;
            };
            // A code a component name cannot hold is kept in `x-error.code`.
            let code = marked.get("code").and_then(Value::as_str).unwrap_or(key);
            let at = source.key(key);
            let error_native = native.key(code);
            self.record(&error_native, &at);
            let mut error = object();
            if let Some(message) = response.get("description") {
                error.insert("message".into(), super::html::prose(message));
                self.record(&error_native.key("message"), &at.key("description"));
            }
            let marked_at = at.key("x-error");
            for (theirs, key) in ERROR {
                if let Some(value) = marked.get(*theirs) {
                    error.insert((*key).to_owned(), value.clone());
                    self.record(&error_native.key(key), &marked_at.key(theirs));
                }
            }
            if let Some(Value::Object(headers)) = response.get("headers") {
                let headers: Map<String, Value> = headers
                    .iter()
                    .map(|(name, header)| {
                        let text = header.get("description").cloned().unwrap_or(json!(""));
                        (name.clone(), text)
                    })
                    .collect();
                error.insert("headers".into(), Value::Object(headers));
            }
            if let Some(Value::Object(content)) = response.get("content")
                && let Some((media_type, media)) = content.iter().next()
            {
                let media_at = at.key("content").key(media_type);
                // The error's own members follow the convention's in an `allOf`.
                let own = match (has_convention, media.get("schema")) {
                    (true, Some(schema)) => schema
                        .get("allOf")
                        .and_then(Value::as_array)
                        .filter(|parts| parts.len() == 2)
                        .and_then(|parts| parts.get(1))
                        .map(|own| (own, media_at.key("schema").key("allOf").index(1))),
                    (false, Some(schema)) => Some((schema, media_at.key("schema"))),
                    (_, None) => None,
                };
                if let Some((own, own_at)) = own {
                    let body = self.schema(own, &own_at, &error_native.key("body"));
                    error.insert("body".into(), body);
                }
                let example = media
                    .get("examples")
                    .and_then(|examples| examples.get(code))
                    .and_then(|example| self.deref(example, &media_at.key("examples").key(code)));
                if let Some((example, example_at)) = example
                    && example.get("x-from-convention") != Some(&Value::Bool(true))
                    && let Some(value) = example.get("value")
                {
                    error.insert("example".into(), value.clone());
                    self.record(&error_native.key("example"), &example_at.key("value"));
                }
            }
            errors.insert(code.to_owned(), Value::Object(error));
        }
        (!errors.is_empty()).then_some(Value::Object(errors))
    }

    /// Whether an operation's response is one `export` made of the operation's errors (which
    /// `x-errors` lists): a reference to an error code's response, or a response shared by
    /// several codes.
    pub(super) fn is_error_response(&self, response: &Value) -> bool {
        if !self.exported() {
            return false;
        }
        if response.get("x-errors").is_some() {
            return true;
        }
        response
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|reference| super::refs::component_name(reference, "responses"))
            .and_then(|name| self.at(&["components", "responses", &name]))
            .is_some_and(|target| target.get("x-error").is_some())
    }
}
