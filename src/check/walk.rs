//! Where rules look: the spec path of an item, every body of a spec in each of its media
//! types (with where its type and samples are written, and how messages name them), every
//! declared field with its path, and every text the output shows as prose (the markdown
//! subset of the format reference) with its path.

use crate::diagnostic::SpecPath;
use crate::spec::{
    Authentication, Content, ContentForm, Field, FieldType, Fields, MediaType, ResponseStatus, Sla,
    Spec,
};

/// `endpoints.<id>` and friends.
pub(super) fn item(section: &str, id: &str) -> SpecPath {
    SpecPath::root().key(section).key(id)
}

/// Where the scheme `name` is written: `authentication` itself when the section is one
/// scheme, else `authentication.<name>`.
pub(super) fn scheme_path(auth: &Authentication, name: &str) -> SpecPath {
    let section = SpecPath::root().key("authentication");
    if auth.named {
        section.key(name)
    } else {
        section
    }
}

/// Who carries a body: the names its messages use.
#[derive(Clone, Copy, Debug)]
pub(super) enum Carrier<'s> {
    /// An endpoint's request.
    Request { endpoint: &'s str },
    /// One of an endpoint's responses.
    Response {
        endpoint: &'s str,
        status: ResponseStatus,
    },
    /// A webhook.
    Webhook { event: &'s str },
    /// A callback of an endpoint.
    Callback { endpoint: &'s str, name: &'s str },
    /// One of the responses a callback expects.
    CallbackResponse {
        endpoint: &'s str,
        name: &'s str,
        status: ResponseStatus,
    },
    /// One of the responses a webhook expects of its receiver.
    WebhookResponse {
        event: &'s str,
        status: ResponseStatus,
    },
}

impl Carrier<'_> {
    /// Where the carrier is written: `endpoints.create-order.request`, `webhooks["a.b"]`.
    pub(super) fn path(self) -> SpecPath {
        match self {
            Carrier::Request { endpoint } => item("endpoints", endpoint).key("request"),
            Carrier::Response { endpoint, status } => item("endpoints", endpoint)
                .key("responses")
                .key(&status.to_string()),
            Carrier::Webhook { event } => item("webhooks", event),
            Carrier::Callback { endpoint, name } => {
                item("endpoints", endpoint).key("callbacks").key(name)
            }
            Carrier::CallbackResponse {
                endpoint,
                name,
                status,
            } => Carrier::Callback { endpoint, name }
                .path()
                .key("responses")
                .key(&status.to_string()),
            Carrier::WebhookResponse { event, status } => item("webhooks", event)
                .key("responses")
                .key(&status.to_string()),
        }
    }

    /// The key of the body: `payload` for webhooks and callbacks, `body` otherwise.
    pub(super) fn body_key(self) -> &'static str {
        match self {
            Carrier::Webhook { .. } | Carrier::Callback { .. } => "payload",
            _ => "body",
        }
    }

    /// How a sample is named in messages, around its name: ("the request example", "of
    /// `create-order`").
    fn sample_words(self) -> (String, String) {
        match self {
            Carrier::Request { endpoint } => {
                ("the request example".into(), format!("of `{endpoint}`"))
            }
            Carrier::Response { endpoint, status } => (
                format!("the {status} response example"),
                format!("of `{endpoint}`"),
            ),
            Carrier::Webhook { event } => ("the example".into(), format!("of webhook `{event}`")),
            Carrier::Callback { endpoint, name } => (
                "the example".into(),
                format!("of callback `{name}` of `{endpoint}`"),
            ),
            Carrier::CallbackResponse {
                endpoint,
                name,
                status,
            } => (
                format!("the {status} response example"),
                format!("of callback `{name}` of `{endpoint}`"),
            ),
            Carrier::WebhookResponse { event, status } => (
                format!("the {status} response example"),
                format!("of webhook `{event}`"),
            ),
        }
    }
}

/// A body as the spec writes it. Its paths are made when asked for: rules visit every body
/// and name one only when they report it.
pub(super) struct Body<'s> {
    pub(super) carrier: Carrier<'s>,
    pub(super) content: &'s Content,
    /// The headers its carrier declares beside it.
    pub(super) headers: &'s Fields,
}

/// One media type of a body.
pub(super) struct Media<'s> {
    pub(super) carrier: Carrier<'s>,
    pub(super) media_type: &'s str,
    pub(super) media: &'s MediaType,
    /// Whether messages name the media type: the spec lists several, or names it.
    in_map: bool,
}

impl<'s> Body<'s> {
    /// Where its carrier is written: `endpoints.create-order.request`, `webhooks["a.b"]`.
    pub(super) fn path(&self) -> SpecPath {
        self.carrier.path()
    }

    /// Its media types, in order.
    pub(super) fn media(&self) -> impl Iterator<Item = Media<'s>> + use<'s> {
        let carrier = self.carrier;
        let in_map = self.content.form == ContentForm::Map;
        self.content
            .media_types
            .iter()
            .map(move |(media_type, media)| Media {
                carrier,
                media_type,
                media,
                in_map,
            })
    }
}

impl Media<'_> {
    /// Where the media type's keys are: the carrier in the single form, its entry under
    /// `content` otherwise.
    pub(super) fn base(&self) -> SpecPath {
        let carrier = self.carrier.path();
        if self.in_map {
            carrier.key("content").key(self.media_type)
        } else {
            carrier
        }
    }

    /// Where its body's type is written.
    pub(super) fn body_path(&self) -> SpecPath {
        let base = self.base();
        if self.media.type_only {
            base
        } else {
            base.key(self.carrier.body_key())
        }
    }

    /// Where a sample is written: `example`, or the `value` of a named one.
    pub(super) fn sample_path(&self, name: Option<&str>) -> SpecPath {
        match name {
            Some(name) => self.base().key("examples").key(name).key("value"),
            None => self.base().key("example"),
        }
    }

    /// A sample in messages: "the 201 response example `express` of `create-order`".
    pub(super) fn sample_what(&self, name: Option<&str>) -> String {
        let (before, after) = self.carrier.sample_words();
        let name = name.map(|name| format!(" `{name}`")).unwrap_or_default();
        format!("{before}{name} {after}{}", self.in_media_type())
    }

    /// The body in messages: "the request body of `create-order`".
    pub(super) fn body_what(&self) -> String {
        let what = match self.carrier {
            Carrier::Request { endpoint } => format!("the request body of `{endpoint}`"),
            Carrier::Response { endpoint, status } => {
                format!("the {status} response of `{endpoint}`")
            }
            Carrier::Webhook { event } => format!("the payload of webhook `{event}`"),
            Carrier::Callback { endpoint, name } => {
                format!("the payload of callback `{name}` of `{endpoint}`")
            }
            Carrier::CallbackResponse {
                endpoint,
                name,
                status,
            } => format!("the {status} response to callback `{name}` of `{endpoint}`"),
            Carrier::WebhookResponse { event, status } => {
                format!("the {status} response to webhook `{event}`")
            }
        };
        format!("{what}{}", self.in_media_type())
    }

    /// The body in the readiness checklist: "create-order request".
    pub(super) fn label(&self) -> String {
        let label = match self.carrier {
            Carrier::Request { endpoint } => format!("{endpoint} request"),
            Carrier::Response { endpoint, status } => format!("{endpoint} {status} response"),
            Carrier::Webhook { event } => format!("webhook {event}"),
            Carrier::Callback { endpoint, name } => format!("{endpoint} callback {name}"),
            Carrier::CallbackResponse {
                endpoint,
                name,
                status,
            } => format!("{endpoint} callback {name} {status} response"),
            Carrier::WebhookResponse { event, status } => {
                format!("webhook {event} {status} response")
            }
        };
        if self.in_map {
            format!("{label} ({})", self.media_type)
        } else {
            label
        }
    }

    fn in_media_type(&self) -> String {
        if self.in_map {
            format!(" in `{}`", self.media_type)
        } else {
            String::new()
        }
    }
}

/// Visits every body of the spec in file order: each endpoint's request, responses and
/// callbacks (their payloads, then the responses they expect), then the webhooks (theirs,
/// then the responses they expect).
pub(super) fn each_body<'s>(spec: &'s Spec, visit: &mut impl FnMut(&Body<'s>)) {
    let mut body = |carrier, content: &'s Option<Content>, headers| {
        if let Some(content) = content {
            visit(&Body {
                carrier,
                content,
                headers,
            });
        }
    };
    for (id, endpoint) in &spec.endpoints {
        if let Some(request) = &endpoint.request {
            let carrier = Carrier::Request { endpoint: id };
            body(carrier, &request.content, &request.headers);
        }
        for (status, response) in &endpoint.responses {
            let carrier = Carrier::Response {
                endpoint: id,
                status: *status,
            };
            body(carrier, &response.content, &response.headers);
        }
        for (name, callback) in &endpoint.callbacks {
            let carrier = Carrier::Callback { endpoint: id, name };
            body(carrier, &callback.content, &callback.headers);
            for (status, response) in &callback.responses {
                let carrier = Carrier::CallbackResponse {
                    endpoint: id,
                    name,
                    status: *status,
                };
                body(carrier, &response.content, &response.headers);
            }
        }
    }
    for (event, webhook) in &spec.webhooks {
        let carrier = Carrier::Webhook { event };
        body(carrier, &webhook.content, &webhook.headers);
        for (status, response) in &webhook.responses {
            let carrier = Carrier::WebhookResponse {
                event,
                status: *status,
            };
            body(carrier, &response.content, &response.headers);
        }
    }
}

/// A walk's path, extended in place while a step taken from it lives and cut back when the
/// step is dropped: a walk visits every field of a spec, most of them without a finding, so
/// it keeps one path rather than a copy for each field.
struct At<'p> {
    path: &'p mut SpecPath,
    /// How many segments this step added.
    added: usize,
}

impl At<'_> {
    fn keys(&mut self, keys: &[&str]) -> At<'_> {
        for key in keys {
            self.path.push_key(key);
        }
        At {
            path: self.path,
            added: keys.len(),
        }
    }

    fn key(&mut self, key: &str) -> At<'_> {
        self.keys(&[key])
    }

    fn index(&mut self, index: usize) -> At<'_> {
        self.path.push_index(index);
        At {
            path: self.path,
            added: 1,
        }
    }
}

impl Drop for At<'_> {
    fn drop(&mut self) {
        for _ in 0..self.added {
            self.path.pop();
        }
    }
}

/// Visits every declared field of the spec, nested ones included, with its path: model
/// fields and what models accept beyond them, request parameters and headers, response
/// headers, callback headers, bodies and payloads in every media type with the headers of
/// their parts, and error bodies (the conventional one and the catalogue's own); a body
/// written as a mapping of fields field by field, any other body as one field.
pub(super) fn each_field<'s>(spec: &'s Spec, visit: &mut impl FnMut(&'s Field, &SpecPath)) {
    let mut root = SpecPath::root();
    let mut path = At {
        path: &mut root,
        added: 0,
    };
    for (name, model) in &spec.models {
        let mut path = path.keys(&["models", name]);
        fields(&model.fields, &mut path.key("fields"), visit);
        if let Some(extra) = &model.additional_fields {
            visit_field(extra, &mut path.key("additional_fields"), visit);
        }
    }
    if let Some(convention) = spec.conventions.as_ref().and_then(|c| c.errors.as_ref())
        && let Some(field) = &convention.body
    {
        let mut path = path.keys(&["conventions", "errors", "body"]);
        one_body(field, &mut path, visit);
    }
    for (id, endpoint) in &spec.endpoints {
        let mut path = path.keys(&["endpoints", id]);
        if let Some(request) = &endpoint.request {
            let mut path = path.key("request");
            fields(&request.path_params, &mut path.key("path_params"), visit);
            fields(&request.query, &mut path.key("query"), visit);
            fields(&request.headers, &mut path.key("headers"), visit);
            fields(&request.cookies, &mut path.key("cookies"), visit);
            let carrier = Carrier::Request { endpoint: id };
            content_fields(carrier, &request.content, &mut path, visit);
        }
        for (status, response) in &endpoint.responses {
            let mut path = path.keys(&["responses", &status.to_string()]);
            fields(&response.headers, &mut path.key("headers"), visit);
            let carrier = Carrier::Response {
                endpoint: id,
                status: *status,
            };
            content_fields(carrier, &response.content, &mut path, visit);
        }
        for (name, callback) in &endpoint.callbacks {
            let mut path = path.keys(&["callbacks", name]);
            fields(&callback.headers, &mut path.key("headers"), visit);
            let carrier = Carrier::Callback { endpoint: id, name };
            content_fields(carrier, &callback.content, &mut path, visit);
            for (status, response) in &callback.responses {
                let mut path = path.keys(&["responses", &status.to_string()]);
                fields(&response.headers, &mut path.key("headers"), visit);
                let carrier = Carrier::CallbackResponse {
                    endpoint: id,
                    name,
                    status: *status,
                };
                content_fields(carrier, &response.content, &mut path, visit);
            }
        }
    }
    for (event, webhook) in &spec.webhooks {
        let mut path = path.keys(&["webhooks", event]);
        fields(&webhook.headers, &mut path.key("headers"), visit);
        let carrier = Carrier::Webhook { event };
        content_fields(carrier, &webhook.content, &mut path, visit);
        for (status, response) in &webhook.responses {
            let mut path = path.keys(&["responses", &status.to_string()]);
            fields(&response.headers, &mut path.key("headers"), visit);
            let carrier = Carrier::WebhookResponse {
                event,
                status: *status,
            };
            content_fields(carrier, &response.content, &mut path, visit);
        }
    }
    for (code, error) in &spec.errors {
        if let Some(field) = &error.body {
            one_body(field, &mut path.keys(&["errors", code, "body"]), visit);
        }
    }
}

/// Visits `fields` at `path.<name>`.
fn fields<'s>(fields: &'s Fields, path: &mut At<'_>, visit: &mut impl FnMut(&'s Field, &SpecPath)) {
    for (name, field) in fields {
        visit_field(field, &mut path.key(name), visit);
    }
}

/// Visits a body written as a mapping of fields field by field, any other as one field.
fn one_body<'s>(body: &'s Field, path: &mut At<'_>, visit: &mut impl FnMut(&'s Field, &SpecPath)) {
    match body {
        Field {
            ty: FieldType::Object(children),
            schema: None,
            ..
        } => fields(children, path, visit),
        body => visit_field(body, path, visit),
    }
}

/// Visits the body of `carrier` (written at `path`) in each of its media types, and the
/// headers of its parts. The places are those of [`Media::base`] and [`Media::body_path`].
fn content_fields<'s>(
    carrier: Carrier<'_>,
    content: &'s Option<Content>,
    path: &mut At<'_>,
    visit: &mut impl FnMut(&'s Field, &SpecPath),
) {
    let Some(content) = content else { return };
    for (media_type, media) in &content.media_types {
        let mut base = match content.form {
            ContentForm::Map => path.keys(&["content", media_type]),
            _ => path.keys(&[]),
        };
        if let Some(schema) = &media.schema {
            let body_keys: &[&str] = if media.type_only {
                &[]
            } else {
                &[carrier.body_key()]
            };
            one_body(schema, &mut base.keys(body_keys), visit);
        }
        for (part, encoding) in &media.encoding {
            let mut path = base.keys(&["encoding", part, "headers"]);
            fields(&encoding.headers, &mut path, visit);
        }
    }
}

/// Visits `field`, then the fields declared inside it (an object's, or an array's or map's
/// object items), at `properties.NAME` when the field is written as JSON Schema; a JSON
/// Schema field's `items` and `additionalProperties` schemas are fields of their own there.
fn visit_field<'s>(
    field: &'s Field,
    path: &mut At<'_>,
    visit: &mut impl FnMut(&'s Field, &SpecPath),
) {
    visit(field, &*path.path);
    // The schemas of an array's items, a map's values and what an object accepts beyond its
    // properties are fields of their own, with the fields inside them.
    let notes = &field.schema_notes;
    if let Some(item) = &notes.item {
        let key = match field.ty {
            FieldType::Map(_) => "additionalProperties",
            _ => "items",
        };
        visit_field(item, &mut path.key(key), visit);
    }
    if let Some(additional) = &notes.additional {
        visit_field(additional, &mut path.key("additionalProperties"), visit);
    }
    // The entries of `oneOf`, `anyOf` and `allOf` are fields of their own; in the shorthand
    // they are types alone, with nothing inside to visit.
    if let Some(schema) = &field.schema {
        let choice = ["oneOf", "anyOf"]
            .into_iter()
            .find(|key| schema.get(key).is_some());
        let variants = |union: &'s crate::spec::Union, path: &mut At<'_>, visit: &mut _| {
            let mut path = path.key(choice.unwrap_or("oneOf"));
            for (idx, variant) in union.variants.iter().enumerate() {
                visit_field(variant, &mut path.index(idx), visit);
            }
        };
        match &field.ty {
            FieldType::Union(union) => {
                variants(union, path, visit);
                return;
            }
            // The parts are the object of the field's own `properties`, `allOf`'s entries,
            // then the field's own choice, each when written.
            FieldType::AllOf(parts) => {
                let mut parts = parts.as_slice();
                if schema.get("properties").is_some()
                    && let Some((own, rest)) = parts.split_first()
                {
                    if let FieldType::Object(children) = &own.ty {
                        fields(children, &mut path.key("properties"), visit);
                    }
                    parts = rest;
                }
                if choice.is_some()
                    && let Some((own, rest)) = parts.split_last()
                {
                    if let FieldType::Union(union) = &own.ty {
                        variants(union, path, visit);
                    }
                    parts = rest;
                }
                let mut path = path.key("allOf");
                for (idx, part) in parts.iter().enumerate() {
                    visit_field(part, &mut path.index(idx), visit);
                }
                return;
            }
            _ => {}
        }
    }
    let children = match &field.ty {
        FieldType::Object(fields) => Some(fields),
        FieldType::Array(_) | FieldType::Map(_) if field.schema_notes.item.is_some() => None,
        FieldType::Array(item) | FieldType::Map(item) => match item.as_ref() {
            FieldType::Object(fields) => Some(fields),
            _ => None,
        },
        _ => None,
    };
    if let Some(children) = children {
        match field.schema {
            Some(_) => fields(children, &mut path.key("properties"), visit),
            None => fields(children, path, visit),
        }
    }
}

/// Visits every text the renderer reads as prose, with its path: descriptions everywhere,
/// summaries, purpose and architecture, scope items, environment details, retries and
/// resolutions, webhook signatures and retries, test steps, rollback steps, changelog
/// changes and the like. The renderer's sections call `prose` or `prose_line` on exactly
/// these; names, values and diagram labels are not prose.
pub(super) fn each_prose<'s>(spec: &'s Spec, visit: &mut impl FnMut(&'s str, &SpecPath)) {
    fn one<'s>(
        value: &'s Option<String>,
        path: &SpecPath,
        visit: &mut impl FnMut(&'s str, &SpecPath),
    ) {
        if let Some(value) = value {
            visit(value, path);
        }
    }
    fn list<'s>(values: &'s [String], path: &SpecPath, visit: &mut impl FnMut(&'s str, &SpecPath)) {
        for (idx, value) in values.iter().enumerate() {
            visit(value, &path.index(idx));
        }
    }
    let root = SpecPath::root();

    let info = root.key("info");
    one(&spec.info.summary, &info.key("summary"), visit);
    one(&spec.info.description, &info.key("description"), visit);
    if let Some(contact) = &spec.info.contact {
        one(
            &contact.escalation,
            &info.key("contact").key("escalation"),
            visit,
        );
    }
    if let Some(overview) = &spec.overview {
        let path = root.key("overview");
        one(&overview.purpose, &path.key("purpose"), visit);
        one(&overview.architecture, &path.key("architecture"), visit);
        if let Some(scope) = &overview.scope {
            list(&scope.included, &path.key("scope").key("in"), visit);
            list(&scope.excluded, &path.key("scope").key("out"), visit);
        }
        for (idx, system) in overview.systems.iter().enumerate() {
            one(
                &system.description,
                &path.key("systems").index(idx).key("description"),
                visit,
            );
        }
    }
    if let Some(auth) = &spec.authentication {
        for (name, scheme) in &auth.schemes {
            let path = scheme_path(auth, name);
            one(&scheme.description, &path.key("description"), visit);
            for (scope, meaning) in &scheme.scopes {
                visit(meaning, &path.key("scopes").key(scope));
            }
            if let Some(signing) = &scheme.signing {
                one(&signing.secret, &path.key("secret"), visit);
            }
        }
    }
    for (name, env) in &spec.environments {
        let path = item("environments", name);
        one(&env.description, &path.key("description"), visit);
        one(&env.credentials, &path.key("credentials"), visit);
        one(&env.rate_limits, &path.key("rate_limits"), visit);
        one(&env.data_persistence, &path.key("data_persistence"), visit);
        one(
            &env.maintenance_window,
            &path.key("maintenance_window"),
            visit,
        );
        match &env.sla {
            Some(Sla::Text(value)) => visit(value, &path.key("sla")),
            Some(Sla::Targets(targets)) => {
                one(&targets.support, &path.key("sla").key("support"), visit);
            }
            None => {}
        }
    }
    if let Some(conventions) = &spec.conventions {
        let path = root.key("conventions");
        if let Some(versioning) = &conventions.versioning {
            one(
                &versioning.description,
                &path.key("versioning").key("description"),
                visit,
            );
        }
        if let Some(idempotency) = &conventions.idempotency {
            one(
                &idempotency.description,
                &path.key("idempotency").key("description"),
                visit,
            );
        }
        if let Some(pagination) = &conventions.pagination {
            one(
                &pagination.description,
                &path.key("pagination").key("description"),
                visit,
            );
        }
        if let Some(filtering) = &conventions.filtering {
            one(
                &filtering.description,
                &path.key("filtering").key("description"),
                visit,
            );
        }
        if let Some(errors) = &conventions.errors {
            one(
                &errors.description,
                &path.key("errors").key("description"),
                visit,
            );
        }
        one(
            &conventions.change_notification,
            &path.key("change_notification"),
            visit,
        );
    }
    for (name, model) in &spec.models {
        one(
            &model.description,
            &item("models", name).key("description"),
            visit,
        );
    }
    each_field(spec, &mut |field, path| {
        if let Some(description) = &field.description {
            // A shorthand's description is part of its one string.
            match field.schema {
                Some(_) => visit(description, &path.key("description")),
                None => visit(description, path),
            }
        }
    });
    for (name, tag) in &spec.tags {
        // A description written as the tag's value is located at the tag, as an ancestor.
        one(
            &tag.description,
            &item("tags", name).key("description"),
            visit,
        );
    }
    for (id, endpoint) in &spec.endpoints {
        let path = item("endpoints", id);
        one(&endpoint.summary, &path.key("summary"), visit);
        one(&endpoint.description, &path.key("description"), visit);
        match &endpoint.sla {
            Some(Sla::Text(value)) => visit(value, &path.key("sla")),
            Some(Sla::Targets(targets)) => {
                one(&targets.support, &path.key("sla").key("support"), visit);
            }
            None => {}
        }
        if let Some(deprecation) = &endpoint.deprecated {
            one(
                &deprecation.note,
                &path.key("deprecated").key("note"),
                visit,
            );
        }
        for (status, response) in &endpoint.responses {
            let path = path.key("responses").key(&status.to_string());
            one(&response.description, &path.key("description"), visit);
        }
        for (name, callback) in &endpoint.callbacks {
            let path = path.key("callbacks").key(name);
            one(&callback.description, &path.key("description"), visit);
            for (status, response) in &callback.responses {
                let path = path.key("responses").key(&status.to_string());
                one(&response.description, &path.key("description"), visit);
            }
        }
    }
    each_body(spec, &mut |body| {
        for media in body.media() {
            for (name, example) in &media.media.examples {
                if let Some(description) = &example.description {
                    let path = media.base().key("examples").key(name).key("description");
                    visit(description, &path);
                }
            }
        }
    });
    for (code, error) in &spec.errors {
        let path = item("errors", code);
        one(&error.description, &path.key("description"), visit);
        one(&error.retry, &path.key("retry"), visit);
        one(&error.resolution, &path.key("resolution"), visit);
    }
    if let Some(limits) = &spec.rate_limits {
        one(
            &limits.description,
            &root.key("rate_limits").key("description"),
            visit,
        );
    }
    for (id, flow) in &spec.flows {
        one(
            &flow.description,
            &item("flows", id).key("description"),
            visit,
        );
    }
    for (event, webhook) in &spec.webhooks {
        let path = item("webhooks", event);
        one(&webhook.description, &path.key("description"), visit);
        one(&webhook.signature, &path.key("signature"), visit);
        one(&webhook.retries, &path.key("retries"), visit);
        for (status, response) in &webhook.responses {
            let path = path.key("responses").key(&status.to_string());
            one(&response.description, &path.key("description"), visit);
        }
    }
    for (id, test) in &spec.tests {
        let path = item("tests", id);
        one(&test.description, &path.key("description"), visit);
        list(&test.preconditions, &path.key("preconditions"), visit);
        one(&test.modification, &path.key("modification"), visit);
        if let Some(expect) = &test.expect {
            list(&expect.outcomes, &path.key("expect").key("outcomes"), visit);
            for (idx, item) in expect.items.iter().enumerate() {
                let at = path.key("expect").key("items").index(idx);
                list(&item.outcomes, &at.key("outcomes"), visit);
            }
        }
        list(&test.verify, &path.key("verify"), visit);
    }
    if let Some(monitoring) = &spec.monitoring {
        one(
            &monitoring.health_check,
            &root.key("monitoring").key("health_check"),
            visit,
        );
    }
    if let Some(rollback) = &spec.rollback {
        let path = root.key("rollback");
        list(&rollback.triggers, &path.key("triggers"), visit);
        list(&rollback.procedure, &path.key("procedure"), visit);
        one(&rollback.data, &path.key("data"), visit);
    }
    for (idx, entry) in spec.changelog.iter().enumerate() {
        list(
            &entry.changes,
            &root.key("changelog").index(idx).key("changes"),
            visit,
        );
    }
    for (id, mapping) in &spec.mappings {
        let path = item("mappings", id);
        one(&mapping.description, &path.key("description"), visit);
        for field in &mapping.fields {
            let Some(rule) = &field.rule else { continue };
            match (&field.source, &field.target) {
                (Some(source), _) => visit(rule, &path.key("fields").key(source).key("rule")),
                (None, Some(target)) => visit(rule, &path.key("set").key(target)),
                (None, None) => {}
            }
        }
    }
}
