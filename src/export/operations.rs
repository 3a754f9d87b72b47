//! Endpoints, webhooks and callbacks as OpenAPI operations, and the error catalogue as
//! reusable responses.
//!
//! Each error code is a response of its own in `components.responses` (its description the
//! message, its example in `components.examples` carrying the code). An endpoint's errors
//! that none of its own responses answers become its error responses: a code alone at its
//! status refers to the code's response; several codes at one status share a response with a
//! named example per code.

use indexmap::IndexMap;
use serde_json::{Map, Value, json};

use super::schema::{component_key, field_schema};
use super::security;
use super::values::{put, sla_value};
use crate::spec::{
    Callback, Content, Deprecation, ErrorCode, ErrorMember, Field, Fields, ParamPlace, Request,
    Response, ResponseStatus, Spec, Webhook, reason_phrase, response_for,
};

/// The operations of a spec, with what its error responses need.
pub(super) struct Exported<'s> {
    spec: &'s Spec,
}

impl<'s> Exported<'s> {
    pub(super) fn new(spec: &'s Spec) -> Self {
        Exported { spec }
    }

    /// `paths`: every endpoint under its path, in file order.
    pub(super) fn paths(&self) -> Map<String, Value> {
        let mut paths: IndexMap<&str, Map<String, Value>> = IndexMap::new();
        for (id, endpoint) in &self.spec.endpoints {
            let mut operation = Map::new();
            let operation_id = component_key(id);
            if operation_id != *id {
                operation.insert("x-id".into(), id.clone().into());
            }
            operation.insert("operationId".into(), operation_id.into());
            if !endpoint.tags.is_empty() {
                operation.insert("tags".into(), json!(endpoint.tags));
            }
            // Readers list operations by summary; the importer drops one that only repeats the
            // method and path.
            let summary = endpoint
                .summary
                .clone()
                .unwrap_or_else(|| endpoint.signature());
            operation.insert("summary".into(), summary.into());
            put(
                &mut operation,
                "description",
                endpoint.description.as_deref(),
            );
            if let Some(request) = &endpoint.request {
                let parameters = parameters(request);
                if !parameters.is_empty() {
                    operation.insert("parameters".into(), Value::Array(parameters));
                }
                if let Some(content) = &request.content {
                    operation.insert("requestBody".into(), request_body(content));
                }
            }
            let mut responses = Map::new();
            for (status, response) in &endpoint.responses {
                let mut written = response_object(response, *status);
                let codes: Vec<(&str, &ErrorCode)> = endpoint
                    .errors_answered_by(&self.spec.errors, *status)
                    .collect();
                if !codes.is_empty()
                    && let Value::Object(written) = &mut written
                {
                    self.declared_error_response(&codes, written);
                }
                responses.insert(status.to_string(), written);
            }
            self.error_responses(&endpoint.errors, &endpoint.responses, &mut responses);
            // OpenAPI 3.1 lets an operation say nothing of its responses.
            if !responses.is_empty() {
                operation.insert("responses".into(), Value::Object(responses));
            }
            if !endpoint.callbacks.is_empty() {
                let callbacks: Map<String, Value> = endpoint
                    .callbacks
                    .iter()
                    .map(|(name, callback)| (name.clone(), callback_object(name, callback)))
                    .collect();
                operation.insert("callbacks".into(), Value::Object(callbacks));
            }
            if let Some(security) = security::operation_requirements(self.spec, endpoint) {
                operation.insert("security".into(), security);
            }
            deprecation(endpoint.deprecated.as_ref(), &mut operation);
            if !endpoint.errors.is_empty() {
                operation.insert("x-errors".into(), json!(endpoint.errors));
            }
            if let Some(idempotent) = endpoint.idempotent {
                operation.insert("x-idempotent".into(), idempotent.into());
            }
            put(
                &mut operation,
                "x-rate-limit",
                endpoint.rate_limit.as_deref(),
            );
            put(&mut operation, "x-since", endpoint.since.as_deref());
            if let Some(sla) = &endpoint.sla {
                operation.insert("x-sla".into(), sla_value(sla));
            }
            if let Some(timeout) = endpoint.timeout_ms {
                operation.insert("x-timeout-ms".into(), timeout.into());
            }
            if !endpoint.code_samples.is_empty() {
                let samples: Vec<Value> = endpoint
                    .code_samples
                    .iter()
                    .map(|sample| {
                        let mut out = Map::new();
                        out.insert("lang".into(), sample.lang.clone().into());
                        put(&mut out, "label", sample.label.as_deref());
                        out.insert("source".into(), sample.source.clone().into());
                        Value::Object(out)
                    })
                    .collect();
                operation.insert("x-codeSamples".into(), Value::Array(samples));
            }
            paths.entry(endpoint.path.as_str()).or_default().insert(
                endpoint.method.as_str().to_ascii_lowercase(),
                Value::Object(operation),
            );
        }
        paths
            .into_iter()
            .map(|(path, item)| (path.to_owned(), Value::Object(item)))
            .collect()
    }

    /// The responses for `errors` that none of `own` answers, grouped by status.
    fn error_responses(
        &self,
        errors: &[String],
        own: &IndexMap<ResponseStatus, Response>,
        responses: &mut Map<String, Value>,
    ) {
        let mut by_status: IndexMap<u16, Vec<(&str, &ErrorCode)>> = IndexMap::new();
        for code in errors {
            let Some((code, error)) = self.spec.errors.get_key_value(code) else {
                continue;
            };
            if response_for(own, error.http_status).is_some() {
                continue;
            }
            by_status
                .entry(error.http_status)
                .or_default()
                .push((code, error));
        }
        by_status.sort_keys();
        for (status, codes) in by_status {
            let response = match codes.as_slice() {
                [(code, _)] => {
                    json!({ "$ref": format!("#/components/responses/{}", component_key(code)) })
                }
                _ => self.shared_error_response(status, &codes),
            };
            responses.insert(status.to_string(), response);
        }
    }

    /// One response for several codes of one status: a named example per code.
    fn shared_error_response(&self, status: u16, codes: &[(&str, &ErrorCode)]) -> Value {
        let mut out = Map::new();
        let names: Vec<&str> = codes.iter().map(|(code, _)| *code).collect();
        let description = match reason_phrase(status) {
            Some(reason) => format!("{reason}: {}", names.join(", ")),
            None => names.join(", "),
        };
        out.insert("description".into(), description.into());
        if let Some(content) = self.codes_content(codes) {
            out.insert("content".into(), content);
        }
        out.insert("x-errors".into(), json!(names));
        Value::Object(out)
    }

    /// The body of `codes` with an example per code, in the media type of error bodies; `None`
    /// when they have neither body nor examples.
    fn codes_content(&self, codes: &[(&str, &ErrorCode)]) -> Option<Value> {
        let media_type = self.error_media_type()?;
        let mut media = Map::new();
        if let Some(body) = self.codes_body(codes) {
            media.insert("schema".into(), body);
        }
        // Examples are all or none: a reader compares the codes by them.
        if codes
            .iter()
            .all(|(code, error)| self.error_example(code, error).is_some())
        {
            let examples: Map<String, Value> = codes
                .iter()
                .map(|(code, _)| ((*code).to_owned(), example_ref(code)))
                .collect();
            media.insert("examples".into(), Value::Object(examples));
        }
        (!media.is_empty()).then(|| json!({ media_type: Value::Object(media) }))
    }

    /// The media type error bodies are sent in, when errors have bodies.
    fn error_media_type(&self) -> Option<String> {
        let convention = self
            .spec
            .conventions
            .as_ref()
            .and_then(|conventions| conventions.errors.as_ref());
        let has_bodies = convention.is_some_and(|convention| convention.body.is_some())
            || self
                .spec
                .errors
                .values()
                .any(|error| error.body.is_some() || error.example.is_some());
        has_bodies.then(|| {
            convention
                .map_or("application/json", |convention| convention.media_type())
                .to_owned()
        })
    }

    /// The schema of an error body: the convention's, with the error's own members.
    fn error_body(&self, error: Option<&ErrorCode>) -> Option<Value> {
        let convention = self
            .spec
            .conventions
            .as_ref()
            .and_then(|conventions| conventions.errors.as_ref())
            .and_then(|errors| errors.body.as_ref());
        let own = error.and_then(|error| error.body.as_ref());
        match (convention, own) {
            (Some(shared), Some(own)) => Some(json!({
                "allOf": [field_schema(shared), field_schema(own)]
            })),
            (shared, own) => shared.or(own).map(field_schema),
        }
    }

    /// The body of a response that several codes share: the conventional one, or any of
    /// theirs when some add members of their own.
    fn codes_body(&self, codes: &[(&str, &ErrorCode)]) -> Option<Value> {
        if codes.iter().all(|(_, error)| error.body.is_none()) {
            return self.error_body(None);
        }
        let mut bodies: Vec<Value> = Vec::new();
        for (_, error) in codes {
            if let Some(body) = self.error_body(Some(error))
                && !bodies.contains(&body)
            {
                bodies.push(body);
            }
        }
        match bodies.len() {
            0 => None,
            1 => bodies.pop(),
            _ => Some(json!({ "anyOf": bodies })),
        }
    }

    /// A response the spec declares for an error status, with the body and examples of the
    /// codes it answers when it says none (marked `x-content-from-errors`, and a schema
    /// added to a body without one `x-schema-from-errors`, so the importer leaves them out).
    fn declared_error_response(
        &self,
        codes: &[(&str, &ErrorCode)],
        response: &mut Map<String, Value>,
    ) {
        match response.get_mut("content").and_then(Value::as_object_mut) {
            None => {
                if let Some(content) = self.codes_content(codes) {
                    response.insert("content".into(), content);
                    response.insert("x-content-from-errors".into(), true.into());
                }
            }
            Some(content) => {
                let (Some(media_type), Some(body)) =
                    (self.error_media_type(), self.codes_body(codes))
                else {
                    return;
                };
                let media = match content.get_mut(&media_type) {
                    Some(media) => Some(media),
                    None => content.values_mut().next(),
                };
                if let Some(Value::Object(media)) = media
                    && !media.contains_key("schema")
                {
                    media.insert("schema".into(), body);
                    media.insert("x-schema-from-errors".into(), true.into());
                }
            }
        }
    }

    /// A code's example body: its own, else the conventional members filled in.
    fn error_example(&self, code: &str, error: &ErrorCode) -> Option<Value> {
        if let Some(example) = &error.example {
            return Some(example.clone());
        }
        let convention = self
            .spec
            .conventions
            .as_ref()
            .and_then(|conventions| conventions.errors.as_ref())?;
        if convention.members.is_empty() {
            return None;
        }
        let body: Map<String, Value> = convention
            .members
            .iter()
            .filter_map(|(name, member)| {
                let value = match member {
                    ErrorMember::Code => code.into(),
                    ErrorMember::Message => error.message.clone().into(),
                    ErrorMember::HttpStatus => error.http_status.into(),
                    ErrorMember::Type => error.type_url.clone()?.into(),
                };
                Some((name.clone(), value))
            })
            .collect();
        Some(Value::Object(body))
    }

    /// `components.responses` and `components.examples`: one of each per error code.
    pub(super) fn error_components(&self) -> (Map<String, Value>, Map<String, Value>) {
        let mut responses = Map::new();
        let mut examples = Map::new();
        let media_type = self.error_media_type();
        for (code, error) in &self.spec.errors {
            let mut response = Map::new();
            response.insert("description".into(), error.message.clone().into());
            if !error.headers.is_empty() {
                let headers: Map<String, Value> = error
                    .headers
                    .iter()
                    .map(|(name, value)| {
                        (
                            name.clone(),
                            json!({ "description": value, "schema": { "type": "string" } }),
                        )
                    })
                    .collect();
                response.insert("headers".into(), Value::Object(headers));
            }
            let example = self.error_example(code, error);
            if let Some(example) = &example {
                let mut written = Map::new();
                written.insert("summary".into(), error.message.clone().into());
                written.insert("value".into(), example.clone());
                // Made from the convention's members, not written in the spec.
                if error.example.is_none() {
                    written.insert("x-from-convention".into(), true.into());
                }
                examples.insert(component_key(code), Value::Object(written));
            }
            // An error with neither body nor example has no content.
            if let Some(media_type) = &media_type
                && (self.error_body(Some(error)).is_some() || example.is_some())
            {
                let mut media = Map::new();
                if let Some(body) = self.error_body(Some(error)) {
                    media.insert("schema".into(), body);
                }
                if example.is_some() {
                    media.insert("examples".into(), json!({ code: example_ref(code) }));
                }
                response.insert(
                    "content".into(),
                    json!({ media_type.as_str(): Value::Object(media) }),
                );
            }
            let mut written = Map::new();
            if component_key(code) != *code {
                written.insert("code".into(), code.clone().into());
            }
            written.insert("http_status".into(), error.http_status.into());
            put(&mut written, "retry", error.retry.as_deref());
            put(&mut written, "resolution", error.resolution.as_deref());
            put(&mut written, "description", error.description.as_deref());
            put(&mut written, "type", error.type_url.as_deref());
            response.insert("x-error".into(), Value::Object(written));
            responses.insert(component_key(code), Value::Object(response));
        }
        (responses, examples)
    }

    /// `webhooks`: each event as a POST of its payload.
    pub(super) fn webhooks(&self) -> Map<String, Value> {
        self.spec
            .webhooks
            .iter()
            .map(|(event, webhook)| {
                (
                    event.clone(),
                    json!({ "post": webhook_operation(event, webhook) }),
                )
            })
            .collect()
    }
}

/// A reference to a code's example in `components.examples`.
fn example_ref(code: &str) -> Value {
    json!({ "$ref": format!("#/components/examples/{}", component_key(code)) })
}

fn webhook_operation(event: &str, webhook: &Webhook) -> Value {
    let mut operation = sent(
        event,
        webhook.description.as_deref(),
        &webhook.headers,
        webhook.content.as_ref(),
        &webhook.responses,
    );
    deprecation(webhook.deprecated.as_ref(), &mut operation);
    put(&mut operation, "x-signature", webhook.signature.as_deref());
    put(&mut operation, "x-retries", webhook.retries.as_deref());
    Value::Object(operation)
}

/// A request the API sends (a webhook's, a callback's): its summary, headers, body and the
/// responses it expects.
fn sent(
    summary: &str,
    description: Option<&str>,
    headers: &Fields,
    content: Option<&Content>,
    responses: &IndexMap<ResponseStatus, Response>,
) -> Map<String, Value> {
    let mut operation = Map::new();
    operation.insert("summary".into(), summary.into());
    put(&mut operation, "description", description);
    let headers = place_parameters(headers, ParamPlace::Header);
    if !headers.is_empty() {
        operation.insert("parameters".into(), Value::Array(headers));
    }
    if let Some(content) = content {
        operation.insert("requestBody".into(), request_body(content));
    }
    if !responses.is_empty() {
        operation.insert("responses".into(), responses_object(responses));
    }
    operation
}

fn callback_object(name: &str, callback: &Callback) -> Value {
    let operation = sent(
        name,
        callback.description.as_deref(),
        &callback.headers,
        callback.content.as_ref(),
        &callback.responses,
    );
    let method = callback.method.as_str().to_ascii_lowercase();
    json!({ callback.url.as_str(): { method: Value::Object(operation) } })
}

/// `deprecated: true`, with the sunset, replacement, version and note as extensions.
fn deprecation(deprecated: Option<&Deprecation>, operation: &mut Map<String, Value>) {
    let Some(deprecated) = deprecated else {
        return;
    };
    operation.insert("deprecated".into(), true.into());
    put(operation, "x-sunset", deprecated.sunset.as_deref());
    put(
        operation,
        "x-replacement",
        deprecated.replacement.as_deref(),
    );
    put(operation, "x-deprecated-since", deprecated.since.as_deref());
    put(operation, "x-deprecation-note", deprecated.note.as_deref());
}

/// The request's parameters, path first, as OpenAPI lists them.
fn parameters(request: &Request) -> Vec<Value> {
    let mut out = place_parameters(&request.path_params, ParamPlace::Path);
    out.extend(place_parameters(&request.query, ParamPlace::Query));
    out.extend(place_parameters(&request.headers, ParamPlace::Header));
    out.extend(place_parameters(&request.cookies, ParamPlace::Cookie));
    out
}

fn place_parameters(fields: &Fields, place: ParamPlace) -> Vec<Value> {
    fields
        .iter()
        .map(|(name, field)| {
            let mut parameter = Map::new();
            parameter.insert("name".into(), name.clone().into());
            parameter.insert("in".into(), place.as_str().into());
            if let Some(style) = field.serialization.style {
                parameter.insert("style".into(), style.as_str().into());
            }
            if let Some(explode) = field.serialization.explode {
                parameter.insert("explode".into(), explode.into());
            }
            // A path parameter is always required.
            described(
                field,
                field.required || place == ParamPlace::Path,
                &mut parameter,
            );
            Value::Object(parameter)
        })
        .collect()
}

fn request_body(content: &Content) -> Value {
    let required = content
        .first()
        .and_then(|(_, media)| media.schema.as_ref())
        .is_none_or(|schema| schema.required);
    json!({ "required": required, "content": content_object(content) })
}

fn responses_object(responses: &IndexMap<ResponseStatus, Response>) -> Value {
    Value::Object(
        responses
            .iter()
            .map(|(status, response)| (status.to_string(), response_object(response, *status)))
            .collect(),
    )
}

fn response_object(response: &Response, status: ResponseStatus) -> Value {
    let mut out = Map::new();
    let description = response
        .description
        .clone()
        .unwrap_or_else(|| match status {
            ResponseStatus::Code(code) => reason_phrase(code).unwrap_or("Response").to_owned(),
            ResponseStatus::Range(class) => format!("Any {class}xx status"),
            ResponseStatus::Default => "Any other status".to_owned(),
        });
    out.insert("description".into(), description.into());
    if !response.headers.is_empty() {
        let headers: Map<String, Value> = response
            .headers
            .iter()
            .map(|(name, field)| (name.clone(), header_object(field)))
            .collect();
        out.insert("headers".into(), Value::Object(headers));
    }
    if let Some(content) = &response.content {
        out.insert("content".into(), content_object(content));
    }
    Value::Object(out)
}

fn header_object(field: &Field) -> Value {
    let mut header = Map::new();
    described(field, field.required, &mut header);
    Value::Object(header)
}

/// A parameter's or header's description, `required`, `deprecated` and schema: the field's,
/// with what the parameter says itself taken out of the schema.
fn described(field: &Field, required: bool, out: &mut Map<String, Value>) {
    put(out, "description", field.description.as_deref());
    if required {
        out.insert("required".into(), true.into());
    }
    if field.deprecated {
        out.insert("deprecated".into(), true.into());
    }
    let mut schema = field_schema(field);
    if let Value::Object(map) = &mut schema {
        map.remove("description");
        map.remove("deprecated");
    }
    out.insert("schema".into(), schema);
}

/// A body in each of its media types, with its examples and encodings.
fn content_object(content: &Content) -> Value {
    let media_types: Map<String, Value> = content
        .media_types
        .iter()
        .map(|(media_type, media)| {
            let mut out = Map::new();
            if let Some(schema) = &media.schema {
                out.insert("schema".into(), field_schema(schema));
            }
            if let Some(example) = &media.example {
                out.insert("example".into(), example.clone());
            }
            if !media.examples.is_empty() {
                let examples: Map<String, Value> = media
                    .examples
                    .iter()
                    .map(|(name, example)| {
                        let mut written = Map::new();
                        put(&mut written, "summary", example.summary.as_deref());
                        put(&mut written, "description", example.description.as_deref());
                        written.insert("value".into(), example.value.clone());
                        (name.clone(), Value::Object(written))
                    })
                    .collect();
                out.insert("examples".into(), Value::Object(examples));
            }
            if !media.encoding.is_empty() {
                let encoding: Map<String, Value> = media
                    .encoding
                    .iter()
                    .map(|(property, encoding)| {
                        let mut written = Map::new();
                        put(
                            &mut written,
                            "contentType",
                            encoding.content_type.as_deref(),
                        );
                        if !encoding.headers.is_empty() {
                            let headers: Map<String, Value> = encoding
                                .headers
                                .iter()
                                .map(|(name, field)| (name.clone(), header_object(field)))
                                .collect();
                            written.insert("headers".into(), Value::Object(headers));
                        }
                        (property.clone(), Value::Object(written))
                    })
                    .collect();
                out.insert("encoding".into(), Value::Object(encoding));
            }
            (media_type.clone(), Value::Object(out))
        })
        .collect();
    Value::Object(media_types)
}
