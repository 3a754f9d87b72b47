//! Paths and their operations as endpoints: parameters, request bodies, responses and
//! callbacks; and 3.1 `webhooks`.

use std::collections::HashMap;

use serde_json::{Map, Value, json};

use super::context::{Translate, object};
use super::document::security_requirements;
use super::{extensions, html};
use crate::diagnostic::{Code, Diagnostic, SpecPath};

/// The operations of a path item, in the order OpenAPI lists them.
const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Where a parameter goes, and the request key that holds it.
const PLACES: &[(&str, &str)] = &[
    ("path", "path_params"),
    ("query", "query"),
    ("header", "headers"),
    ("cookie", "cookies"),
];

impl<'d> Translate<'d> {
    /// `paths` as endpoints by id: the `operationId`, or the method and path as a slug.
    pub(super) fn paths(&mut self) -> Map<String, Value> {
        let mut endpoints = Map::new();
        let Some(paths) = self.at(&["paths"]).and_then(Value::as_object) else {
            return endpoints;
        };
        self.record(
            &SpecPath::root().key("endpoints"),
            &SpecPath::root().key("paths"),
        );
        let mut first_use: HashMap<String, SpecPath> = HashMap::new();
        for (http_path, item) in paths {
            if http_path.starts_with("x-") {
                continue;
            }
            let Some((item, item_at)) =
                self.deref(item, &SpecPath::root().key("paths").key(http_path))
            else {
                continue;
            };
            for method in METHODS {
                let Some(operation) = item.get(*method) else {
                    continue;
                };
                let at = item_at.key(method);
                if operation.get("x-internal") == Some(&Value::Bool(true)) {
                    continue;
                }
                // `export` keeps an id an `operationId` cannot hold in `x-id`.
                let keys: &[&str] = if self.exported() {
                    &["x-id", "operationId"]
                } else {
                    &["operationId"]
                };
                let written = keys.iter().find_map(|key| {
                    let id = operation.get(key)?.as_str()?;
                    Some((id.to_owned(), at.key(key)))
                });
                let (id, id_at) = written.unwrap_or_else(|| (slug(method, http_path), at.clone()));
                if let Some(first) = first_use.get(&id) {
                    self.diags.push(
                        Diagnostic::error(
                            Code::DuplicateId,
                            format!("two operations have the id `{id}`"),
                        )
                        .at(&id_at)
                        .with_label(first, "first used here")
                        .with_help("give every operation its own `operationId`"),
                    );
                    continue;
                }
                first_use.insert(id.clone(), id_at);
                let native = SpecPath::root().key("endpoints").key(&id);
                self.record(&native, &at);
                let endpoint =
                    self.operation(method, http_path, item, &item_at, operation, &at, &native);
                endpoints.insert(id, Value::Object(endpoint));
            }
        }
        endpoints
    }

    #[allow(clippy::too_many_arguments)]
    fn operation(
        &mut self,
        method: &str,
        http_path: &str,
        item: &'d Value,
        item_at: &SpecPath,
        operation: &'d Value,
        at: &SpecPath,
        native: &SpecPath,
    ) -> Map<String, Value> {
        let mut endpoint = object();
        endpoint.insert("method".into(), json!(method.to_ascii_uppercase()));
        endpoint.insert("path".into(), json!(http_path));
        self.record(&native.key("method"), at);
        self.record(&native.key("path"), &at.parent_key());
        // A summary that only repeats the method and path (as `export` writes when there is
        // no other) says nothing the page's heading does not.
        let signature = format!("{} {http_path}", method.to_ascii_uppercase());
        let summary = operation
            .get("summary")
            .or_else(|| item.get("summary"))
            .filter(|text| text.as_str().map(html::plain).as_deref() != Some(signature.as_str()));
        if let Some(text) = summary {
            endpoint.insert("summary".into(), html::prose(text));
        }
        // What the request body's own description says follows the endpoint's, as a request
        // of ours has no description of its own.
        let body = operation.get("requestBody");
        let body = match body.and_then(|body| body.get("$ref")?.as_str()) {
            Some(reference) => self.resolve_at(reference, at).ok().map(|(body, _)| body),
            None => body,
        };
        let own = described(
            operation
                .get("description")
                .or_else(|| item.get("description")),
        );
        let of_body = described(body.and_then(|body| body.get("description")));
        let description = match (own, of_body) {
            (Some(own), Some(of_body)) => Some(format!("{own}\n\n**Request body:** {of_body}")),
            (None, Some(of_body)) => Some(format!("**Request body:** {of_body}")),
            (own, None) => own.map(str::to_owned),
        };
        if let Some(description) = description {
            endpoint.insert("description".into(), html::prose(&Value::from(description)));
        }
        if let Some(tags) = operation.get("tags") {
            self.record(&native.key("tags"), &at.key("tags"));
            endpoint.insert("tags".into(), tags.clone());
        }
        if let Some(security) = operation.get("security") {
            self.record(&native.key("auth"), &at.key("security"));
            endpoint.insert("auth".into(), security_requirements(security));
        }
        self.deprecated(operation, at, native, &mut endpoint);
        let request = self.request(item, item_at, operation, at, &native.key("request"));
        if !request.is_empty() {
            endpoint.insert("request".into(), Value::Object(request));
        }
        if let Some(Value::Object(responses)) = operation.get("responses") {
            // The responses `export` made of the endpoint's errors are the errors again.
            let made_of_errors = self.exported() && operation.get("x-errors").is_some();
            let responses = self.responses(
                responses,
                &at.key("responses"),
                &native.key("responses"),
                made_of_errors,
            );
            endpoint.insert("responses".into(), Value::Object(responses));
        }
        self.extensions(operation, at, native, extensions::OPERATION, &mut endpoint);
        if let Some(Value::Object(callbacks)) = operation.get("callbacks") {
            let mut ours = Map::new();
            for (name, callback) in callbacks {
                let Some((callback, callback_at)) =
                    self.deref(callback, &at.key("callbacks").key(name))
                else {
                    continue;
                };
                let Some(expressions) = callback.as_object() else {
                    continue;
                };
                for (expression, path_item) in expressions {
                    let Some((path_item, item_at)) =
                        self.deref(path_item, &callback_at.key(expression))
                    else {
                        continue;
                    };
                    for method in METHODS {
                        let Some(operation) = path_item.get(*method) else {
                            continue;
                        };
                        let mut callback_name = name.clone();
                        let mut counter = 2;
                        while ours.contains_key(&callback_name) {
                            callback_name = format!("{name}-{counter}");
                            counter += 1;
                        }
                        let native = native.key("callbacks").key(&callback_name);
                        let op_at = item_at.key(method);
                        self.record(&native, &op_at);
                        let mut ours_callback =
                            self.callback(expression, method, operation, &op_at, &native);
                        // A summary that only repeats the callback's name says nothing.
                        let summary = operation.get("summary").filter(|summary| {
                            summary.as_str().map(html::plain).as_deref() != Some(name.as_str())
                        });
                        if let Some(summary) = summary.or_else(|| operation.get("description")) {
                            ours_callback.insert("description".into(), html::prose(summary));
                        }
                        ours.insert(callback_name, Value::Object(ours_callback));
                    }
                }
            }
            if !ours.is_empty() {
                endpoint.insert("callbacks".into(), Value::Object(ours));
            }
        }
        if let Some(samples) = self.code_samples(operation, at, native) {
            endpoint.insert("code_samples".into(), samples);
        }
        for key in ["externalDocs", "servers"] {
            if operation.get(key).is_some() {
                self.unsupported(
                    &format!("an operation's `{key}`"),
                    &at.key(key),
                    "is not shown",
                );
            }
        }
        endpoint
    }

    /// `x-codeSamples` (or `x-code-samples`): each `{lang, label, source}` a code sample. One
    /// without a language or code is not shown.
    fn code_samples(
        &mut self,
        operation: &Value,
        at: &SpecPath,
        native: &SpecPath,
    ) -> Option<Value> {
        let (key, samples) = ["x-codeSamples", "x-code-samples"]
            .into_iter()
            .find_map(|key| Some((key, operation.get(key)?.as_array()?)))?;
        let native = native.key("code_samples");
        self.record(&native, &at.key(key));
        let mut ours = Vec::new();
        for (idx, sample) in samples.iter().enumerate() {
            let text = |key: &str| {
                sample
                    .get(key)
                    .and_then(Value::as_str)
                    .filter(|text| !text.trim().is_empty())
            };
            let (Some(lang), Some(source)) = (text("lang"), text("source")) else {
                self.unsupported(
                    "a code sample without `lang` and `source`",
                    &at.key(key).index(idx),
                    "is not shown",
                );
                continue;
            };
            self.record(&native.index(ours.len()), &at.key(key).index(idx));
            let mut entry = object();
            entry.insert("lang".into(), json!(lang));
            if let Some(label) = text("label") {
                entry.insert("label".into(), json!(html::plain(label)));
            }
            entry.insert("source".into(), json!(source));
            ours.push(Value::Object(entry));
        }
        (!ours.is_empty()).then_some(Value::Array(ours))
    }

    fn callback(
        &mut self,
        expression: &str,
        method: &str,
        operation: &'d Value,
        at: &SpecPath,
        native: &SpecPath,
    ) -> Map<String, Value> {
        let mut callback = object();
        callback.insert("url".into(), json!(expression));
        callback.insert("method".into(), json!(method.to_ascii_uppercase()));
        if let Some(body) = operation.get("requestBody")
            && let Some((body, body_at)) = self.deref(body, &at.key("requestBody"))
        {
            self.body(body, &body_at, native, "payload", &mut callback);
        }
        let found = self.parameters(None, operation, at);
        let headers = self.parameters_in(&found, "header", &native.key("headers"));
        if !headers.is_empty() {
            callback.insert("headers".into(), Value::Object(headers));
        }
        if let Some(Value::Object(responses)) = operation.get("responses") {
            let responses = self.responses(
                responses,
                &at.key("responses"),
                &native.key("responses"),
                false,
            );
            callback.insert("responses".into(), Value::Object(responses));
        }
        callback
    }

    /// The request: parameters by place (the path item's, unless the operation redeclares
    /// them) and the body.
    fn request(
        &mut self,
        item: &'d Value,
        item_at: &SpecPath,
        operation: &'d Value,
        at: &SpecPath,
        native: &SpecPath,
    ) -> Map<String, Value> {
        let mut request = object();
        self.record(native, at);
        let found = self.parameters(Some((item, item_at)), operation, at);
        for (place, key) in PLACES {
            let params = self.parameters_in(&found, place, &native.key(key));
            if !params.is_empty() {
                request.insert((*key).into(), Value::Object(params));
            }
        }
        if let Some(body) = operation.get("requestBody")
            && let Some((body, body_at)) = self.deref(body, &at.key("requestBody"))
        {
            self.record(native, &body_at);
            self.body(body, &body_at, native, "body", &mut request);
        }
        request
    }

    /// The parameters of an operation, the path item's first unless the operation
    /// redeclares them (same name and place), each with its place in the document.
    fn parameters(
        &mut self,
        item: Option<(&'d Value, &SpecPath)>,
        operation: &'d Value,
        at: &SpecPath,
    ) -> Vec<(&'d Value, SpecPath)> {
        let mut found: Vec<(&'d Value, SpecPath)> = Vec::new();
        let lists = item
            .map(|(item, item_at)| (item, item_at.clone()))
            .into_iter()
            .chain([(operation, at.clone())]);
        for (owner, owner_at) in lists {
            let Some(Value::Array(params)) = owner.get("parameters") else {
                continue;
            };
            for (idx, param) in params.iter().enumerate() {
                let Some((param, param_at)) =
                    self.deref(param, &owner_at.key("parameters").index(idx))
                else {
                    continue;
                };
                let key = |param: &Value| (param.get("name").cloned(), param.get("in").cloned());
                found.retain(|(other, _)| key(other) != key(param));
                found.push((param, param_at));
            }
        }
        found
    }

    /// The parameters in `place`, by name, each as a JSON Schema field.
    fn parameters_in(
        &mut self,
        found: &[(&'d Value, SpecPath)],
        place: &str,
        native: &SpecPath,
    ) -> Map<String, Value> {
        let mut params = Map::new();
        for (param, param_at) in found {
            if param.get("in").and_then(Value::as_str) != Some(place) {
                continue;
            }
            let name = param
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_owned();
            // OpenAPI ignores these header parameters: the body and security say them.
            if place == "header"
                && ["accept", "content-type", "authorization"]
                    .contains(&name.to_ascii_lowercase().as_str())
            {
                continue;
            }
            let field_native = native.key(&name);
            self.record(&field_native, param_at);
            let field = self.parameter(param, param_at, &field_native);
            params.insert(name, field);
        }
        params
    }

    /// A parameter or a header object: its schema with its own description, requiredness,
    /// example and style.
    fn parameter(&mut self, param: &'d Value, at: &SpecPath, native: &SpecPath) -> Value {
        let (schema, schema_at) = match (param.get("schema"), param.get("content")) {
            (Some(schema), _) => (Some(schema), at.key("schema")),
            (None, Some(Value::Object(content))) => match content.iter().next() {
                Some((media_type, media)) => (
                    media.get("schema"),
                    at.key("content").key(media_type).key("schema"),
                ),
                None => (None, at.clone()),
            },
            _ => (None, at.clone()),
        };
        let mut field = match schema {
            Some(schema) => {
                self.record(native, &schema_at);
                self.schema(schema, &schema_at, native)
            }
            None => json!({}),
        };
        let Value::Object(map) = &mut field else {
            return field;
        };
        // What the parameter says is said of the field: one level up, where the keys are.
        for key in ["allowReserved", "allowEmptyValue"] {
            if param
                .get(key)
                .is_some_and(|value| value != &Value::Bool(false))
            {
                self.unsupported(
                    &format!("a parameter's `{key}`"),
                    &at.key(key),
                    "is not shown",
                );
            }
        }
        for key in ["description", "deprecated", "style", "explode"] {
            if let Some(value) = param.get(key) {
                let value = match key {
                    "description" => html::prose(value),
                    _ => value.clone(),
                };
                map.insert(key.into(), value);
                self.record(&native.key(key), &at.key(key));
            }
        }
        if param.get("required") == Some(&Value::Bool(true)) {
            if matches!(map.get("required"), Some(Value::Array(_))) {
                self.unsupported(
                    "a required parameter whose schema lists required properties",
                    at,
                    "is shown as optional",
                );
            } else {
                map.insert("required".into(), json!(true));
                self.record(&native.key("required"), &at.key("required"));
            }
        }
        if let Some((example, example_at)) =
            self.example_value(param.get("example"), &at.key("example"))
        {
            map.insert("example".into(), example.clone());
            self.record(&native.key("example"), &example_at);
        } else if let Some(Value::Object(examples)) = param.get("examples")
            && let Some((name, example)) = examples.iter().next()
            && let Some((example, example_at)) = self.deref(example, &at.key("examples").key(name))
            && let Some(value) = example.get("value")
        {
            map.insert("example".into(), value.clone());
            self.record(&native.key("example"), &example_at.key("value"));
        }
        field
    }

    /// A request body, response or callback payload in its media types, into `ours`: the
    /// single form for one media type, `content` for several.
    fn body(
        &mut self,
        body: &'d Value,
        at: &SpecPath,
        native: &SpecPath,
        body_key: &str,
        ours: &mut Map<String, Value>,
    ) {
        let Some(Value::Object(content)) = body.get("content") else {
            return;
        };
        if content.is_empty() {
            return;
        }
        let single = content.len() == 1;
        let mut by_type = Map::new();
        for (media_type, media) in content {
            let media_at = at.key("content").key(media_type);
            let Some((media, media_at)) = self.deref(media, &media_at) else {
                continue;
            };
            let media_native = if single {
                native.clone()
            } else {
                native.key("content").key(media_type)
            };
            if !single {
                self.record(&media_native, &media_at);
            }
            let mut written = object();
            let schema = media.get("schema").filter(|_| {
                !self.exported() || media.get("x-schema-from-errors") != Some(&Value::Bool(true))
            });
            if let Some(schema) = schema {
                let body_native = media_native.key(body_key);
                self.record(&body_native, &media_at.key("schema"));
                written.insert(
                    body_key.into(),
                    self.schema(schema, &media_at.key("schema"), &body_native),
                );
            }
            let structured_text = crate::spec::content::media_kind(media_type)
                == crate::spec::content::MediaKind::Other;
            if let Some((example, example_at)) =
                self.example_value(media.get("example"), &media_at.key("example"))
            {
                if structured_text && (example.is_object() || example.is_array()) {
                    self.structured_example(media_type, &example_at);
                } else {
                    self.record(&media_native.key("example"), &example_at);
                    written.insert("example".into(), example.clone());
                }
            }
            if let Some(Value::Object(examples)) = media.get("examples") {
                let mut named = Map::new();
                for (name, example) in examples {
                    let Some((example, example_at)) =
                        self.deref(example, &media_at.key("examples").key(name))
                    else {
                        continue;
                    };
                    if structured_text
                        && example
                            .get("value")
                            .is_some_and(|value| value.is_object() || value.is_array())
                    {
                        self.structured_example(media_type, &example_at.key("value"));
                        continue;
                    }
                    if example.get("value") == Some(&Value::Null) {
                        self.unsupported(
                            "a named example whose `value` is null",
                            &example_at.key("value"),
                            "is not shown: it reads as no example",
                        );
                        continue;
                    }
                    let Some(value) = example.get("value") else {
                        if example.get("externalValue").is_some() {
                            self.unsupported(
                                "an example's `externalValue`",
                                &example_at.key("externalValue"),
                                "is not read or shown",
                            );
                        }
                        continue;
                    };
                    let mut entry = object();
                    // The summary is shown as plain text, the description as prose.
                    if let Some(Value::String(summary)) = example.get("summary") {
                        entry.insert("summary".into(), json!(html::plain(summary)));
                    } else if let Some(summary) = example.get("summary") {
                        entry.insert("summary".into(), summary.clone());
                    }
                    if let Some(description) = example.get("description") {
                        entry.insert("description".into(), html::prose(description));
                    }
                    entry.insert("value".into(), value.clone());
                    self.record(&media_native.key("examples").key(name), &example_at);
                    named.insert(name.clone(), Value::Object(entry));
                }
                if !named.is_empty() {
                    written.insert("examples".into(), Value::Object(named));
                }
            }
            if let Some(Value::Object(encoding)) = media.get("encoding") {
                let mut parts = Map::new();
                for (part, spec) in encoding {
                    let mut ours_part = object();
                    if let Some(content_type) = spec.get("contentType") {
                        ours_part.insert("content_type".into(), content_type.clone());
                    }
                    if let Some(Value::Object(headers)) = spec.get("headers") {
                        let part_at = media_at.key("encoding").key(part);
                        let part_native = media_native.key("encoding").key(part);
                        let headers = self.headers(
                            headers,
                            &part_at.key("headers"),
                            &part_native.key("headers"),
                        );
                        ours_part.insert("headers".into(), Value::Object(headers));
                    }
                    parts.insert(part.clone(), Value::Object(ours_part));
                }
                written.insert("encoding".into(), Value::Object(parts));
            }
            if single {
                if media_type != crate::spec::content::JSON {
                    ours.insert("content_type".into(), json!(media_type));
                    self.record(
                        &native.key("content_type"),
                        &at.key("content").key(media_type),
                    );
                }
                ours.extend(written);
                return;
            }
            by_type.insert(media_type.clone(), Value::Object(written));
        }
        if !by_type.is_empty() {
            ours.insert("content".into(), Value::Object(by_type));
        }
    }

    /// An operation's `responses` (at `at`) by status, each at `native.<status>`.
    fn responses(
        &mut self,
        responses: &'d Map<String, Value>,
        at: &SpecPath,
        native: &SpecPath,
        made_of_errors: bool,
    ) -> Map<String, Value> {
        self.record(native, at);
        let mut ours = Map::new();
        for (status, response) in responses {
            if status.starts_with("x-") || (made_of_errors && self.is_error_response(response)) {
                continue;
            }
            let response_native = native.key(status);
            self.record(&response_native, &at.key(status));
            let Some((response, response_at)) = self.deref(response, &at.key(status)) else {
                continue;
            };
            self.record(&response_native, &response_at);
            let mut response = self.response(response, &response_at, &response_native, "body");
            // A description that only names the status (`OK`, which OpenAPI asks for when
            // there is nothing to say) says nothing the page does not.
            if response.get("description").and_then(Value::as_str)
                == Some(status_phrase(status).as_str())
            {
                response.remove("description");
            }
            ours.insert(status.clone(), Value::Object(response));
        }
        ours
    }

    /// An `example`, and where it is: one written as a reference to a component example
    /// (which OpenAPI does not provide for, but people write) is that example's value.
    fn example_value(
        &mut self,
        example: Option<&'d Value>,
        at: &SpecPath,
    ) -> Option<(&'d Value, SpecPath)> {
        let example = example?;
        let is_reference = example
            .as_object()
            .is_some_and(|map| map.len() == 1 && map.contains_key("$ref"));
        if !is_reference
            || !example["$ref"]
                .as_str()
                .is_some_and(|text| text.starts_with("#/components/examples/"))
        {
            return Some((example, at.clone()));
        }
        let (target, target_at) = self.deref(example, at)?;
        match target.get("value") {
            Some(value) => Some((value, target_at.key("value"))),
            None => Some((target, target_at)),
        }
    }

    /// An example of a text media type (XML, CSV) written as a mapping or list, which the page
    /// could only show as JSON.
    fn structured_example(&mut self, media_type: &str, at: &SpecPath) {
        self.unsupported(
            &format!("an example of a `{media_type}` body written as a mapping or list"),
            at,
            "is not shown or checked: examples of such bodies are written as the text they are",
        );
    }

    fn response(
        &mut self,
        response: &'d Value,
        at: &SpecPath,
        native: &SpecPath,
        body_key: &str,
    ) -> Map<String, Value> {
        let mut ours = object();
        if let Some(description) = response.get("description") {
            ours.insert("description".into(), html::prose(description));
        }
        if let Some(Value::Object(headers)) = response.get("headers") {
            let headers = self.headers(headers, &at.key("headers"), &native.key("headers"));
            if !headers.is_empty() {
                ours.insert("headers".into(), Value::Object(headers));
            }
        }
        // `export` shows the errors a response answers in a body the spec did not write.
        if !self.exported() || response.get("x-content-from-errors") != Some(&Value::Bool(true)) {
            self.body(response, at, native, body_key, &mut ours);
        }
        if response.get("links").is_some() {
            self.unsupported("a response's `links`", &at.key("links"), "are not shown");
        }
        ours
    }

    fn headers(
        &mut self,
        headers: &'d Map<String, Value>,
        at: &SpecPath,
        native: &SpecPath,
    ) -> Map<String, Value> {
        let mut ours = Map::new();
        for (name, header) in headers {
            // The media type of a response is said by its content, not a header.
            if name.eq_ignore_ascii_case("content-type") {
                continue;
            }
            let Some((header, header_at)) = self.deref(header, &at.key(name)) else {
                continue;
            };
            let header_native = native.key(name);
            self.record(&header_native, &header_at);
            let mut field = self.parameter(header, &header_at, &header_native);
            // A header is always written `simple`: there is nothing more to say of it.
            if let Value::Object(map) = &mut field {
                map.remove("style");
                map.remove("explode");
            }
            ours.insert(name.clone(), field);
        }
        ours
    }

    /// 3.1 `webhooks` as webhooks: each operation's request body is the payload, its responses
    /// what the receiver answers.
    pub(super) fn webhooks(&mut self) -> Map<String, Value> {
        let mut webhooks = Map::new();
        let Some(Value::Object(items)) = self.at(&["webhooks"]) else {
            return webhooks;
        };
        for (name, item) in items {
            let Some((item, item_at)) =
                self.deref(item, &SpecPath::root().key("webhooks").key(name))
            else {
                continue;
            };
            let Some(method) = METHODS.iter().find(|method| item.get(**method).is_some()) else {
                continue;
            };
            let operation = &item[*method];
            let at = item_at.key(method);
            let native = SpecPath::root().key("webhooks").key(name);
            self.record(&native, &at);
            self.unread_webhook_parts(item, &item_at, method, operation, &at);
            let mut webhook = object();
            let text = |key| operation.get(key).and_then(Value::as_str).map(str::trim);
            let summary = text("summary").filter(|summary| html::plain(summary) != name.as_str());
            let description = match (summary, text("description")) {
                (Some(summary), Some(description)) if !description.is_empty() => {
                    Some(format!("{summary}\n\n{description}"))
                }
                (summary, description) => description.or(summary).map(str::to_owned),
            };
            if let Some(description) = description.filter(|text| !text.is_empty()) {
                webhook.insert("description".into(), html::prose(&Value::from(description)));
            }
            self.deprecated(operation, &at, &native, &mut webhook);
            let found = self.parameters(Some((item, &item_at)), operation, &at);
            let headers = self.parameters_in(&found, "header", &native.key("headers"));
            if !headers.is_empty() {
                webhook.insert("headers".into(), Value::Object(headers));
            }
            if let Some(body) = operation.get("requestBody")
                && let Some((body, body_at)) = self.deref(body, &at.key("requestBody"))
            {
                self.body(body, &body_at, &native, "payload", &mut webhook);
            }
            // What the receiver answers.
            if let Some(Value::Object(responses)) = operation.get("responses") {
                let responses = self.responses(
                    responses,
                    &at.key("responses"),
                    &native.key("responses"),
                    false,
                );
                webhook.insert("responses".into(), Value::Object(responses));
            }
            self.extensions(operation, &at, &native, extensions::WEBHOOK, &mut webhook);
            webhooks.insert(name.clone(), Value::Object(webhook));
        }
        webhooks
    }

    /// An operation's `deprecated: true` (with the sunset date of `x-sunset`, where given) as
    /// an endpoint's or a webhook's `deprecated`.
    fn deprecated(
        &mut self,
        operation: &Value,
        at: &SpecPath,
        native: &SpecPath,
        item: &mut Map<String, Value>,
    ) {
        if operation.get("deprecated") != Some(&Value::Bool(true)) {
            return;
        }
        let mut notice = object();
        if let Some(date) = operation.get("x-sunset").filter(|date| date.is_string()) {
            notice.insert("sunset".into(), date.clone());
        }
        self.extensions(
            operation,
            at,
            &native.key("deprecated"),
            extensions::DEPRECATION,
            &mut notice,
        );
        let deprecated = if notice.is_empty() {
            json!(true)
        } else {
            Value::Object(notice)
        };
        self.record(&native.key("deprecated"), &at.key("deprecated"));
        item.insert("deprecated".into(), deprecated);
    }

    /// Names what a webhook says that a webhook of ours has no place for: its security, its
    /// tags, a second operation, parameters other than headers.
    fn unread_webhook_parts(
        &mut self,
        item: &Value,
        item_at: &SpecPath,
        method: &str,
        operation: &Value,
        at: &SpecPath,
    ) {
        const READ: &[&str] = &[
            "summary",
            "description",
            "deprecated",
            "operationId",
            "parameters",
            "requestBody",
            "responses",
        ];
        for other in METHODS
            .iter()
            .filter(|other| **other != method && item.get(**other).is_some())
        {
            self.unsupported(
                "a webhook with several operations",
                &item_at.key(other),
                "shows its first",
            );
        }
        let Some(keys) = operation.as_object() else {
            return;
        };
        for key in keys
            .keys()
            .filter(|key| !READ.contains(&key.as_str()) && !key.starts_with("x-"))
        {
            self.unsupported(
                &format!("a webhook's `{key}`"),
                &at.key(key),
                "is not shown",
            );
        }
        let params = [(item, item_at.clone()), (operation, at.clone())];
        for (owner, owner_at) in params {
            let Some(Value::Array(list)) = owner.get("parameters") else {
                continue;
            };
            for (idx, param) in list.iter().enumerate() {
                let place = param.get("in").and_then(Value::as_str);
                if place.is_some_and(|place| place != "header") {
                    self.unsupported(
                        "a webhook's parameters other than headers",
                        &owner_at.key("parameters").index(idx),
                        "are not shown",
                    );
                }
            }
        }
    }
}

/// What a response's description says when it only names its status: the reason phrase,
/// or how `export` names a class of statuses and `default`.
pub(crate) fn status_phrase(status: &str) -> String {
    match crate::spec::ResponseStatus::parse(status) {
        Some(crate::spec::ResponseStatus::Code(code)) => crate::spec::reason_phrase(code)
            .unwrap_or("Response")
            .to_owned(),
        Some(crate::spec::ResponseStatus::Range(class)) => format!("Any {class}xx status"),
        Some(crate::spec::ResponseStatus::Default) => "Any other status".to_owned(),
        None => String::new(),
    }
}

/// A description as text, when there is one.
fn described(value: Option<&Value>) -> Option<&str> {
    value
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|text| !text.is_empty())
}

/// The id of an operation without `operationId`: its method and path as a slug,
/// `get-pets-petId` for `GET /pets/{petId}`.
pub(super) fn slug(method: &str, path: &str) -> String {
    let mut id = method.to_ascii_lowercase();
    for word in path
        .split(|c: char| !c.is_ascii_alphanumeric() && c != '_')
        .filter(|word| !word.is_empty())
    {
        id.push('-');
        id.push_str(word);
    }
    id
}

trait ParentKey {
    fn parent_key(&self) -> SpecPath;
}

impl ParentKey for SpecPath {
    /// The path's parent: a path item's key, for an operation.
    fn parent_key(&self) -> SpecPath {
        let segments = self.segments();
        SpecPath::from_segments(segments[..segments.len().saturating_sub(1)].to_vec())
    }
}
