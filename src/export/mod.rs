//! A spec as an OpenAPI 3.1 document, for the tools its readers already use: try-it consoles,
//! client generators, contract tests, `oasdiff`.
//!
//! What OpenAPI has a place for goes there: info and contact, servers (from environments),
//! security schemes and requirements, operations, `components.schemas` (from models),
//! webhooks. The error catalogue becomes reusable responses (`components.responses`, one per
//! code, whose named example carries the code) and each endpoint's error responses. What
//! OpenAPI has no word for goes into `x-` extensions that the importer reads back; the
//! example book's OpenAPI chapter lists them, and what is left out. The output depends only
//! on the spec: same spec, same bytes.

mod operations;
mod schema;
mod security;
mod values;

use serde_json::{Map, Value, json};

use crate::spec::Spec;
use values::{put, sla_value, text_map};

/// The OpenAPI version written.
pub const OPENAPI_VERSION: &str = "3.1.1";

/// The OpenAPI document of `spec`.
pub fn to_openapi(spec: &Spec) -> Value {
    let mut document = Map::new();
    document.insert("openapi".into(), OPENAPI_VERSION.into());
    // The importer reads our extensions only in a document that says it was exported.
    document.insert(
        crate::load::EXPORTED.into(),
        spec.format_version.to_string().into(),
    );
    document.insert("info".into(), info(spec));
    // Without environments, OpenAPI's own default: URLs relative to the document.
    let mut servers = servers(spec);
    if servers.is_empty() {
        servers.push(json!({ "url": "/" }));
    }
    document.insert("servers".into(), Value::Array(servers));
    // Without authentication, endpoints ask for none.
    let security = security::default_requirements(spec).unwrap_or_else(|| json!([]));
    document.insert("security".into(), security);
    let tags = tags(spec);
    if !tags.is_empty() {
        document.insert("tags".into(), Value::Array(tags));
    }
    let exported = operations::Exported::new(spec);
    document.insert("paths".into(), Value::Object(exported.paths()));
    let webhooks = exported.webhooks();
    if !webhooks.is_empty() {
        document.insert("webhooks".into(), Value::Object(webhooks));
    }
    let components = components(spec, &exported);
    if !components.is_empty() {
        document.insert("components".into(), Value::Object(components));
    }
    extensions(spec, &mut document);
    let mut document = Value::Object(document);
    prose_pass(&mut document);
    document
}

/// What OpenAPI asks for that `spec` does not say, so that validators will reject the export:
/// one sentence each, naming the place. The spec is fine by our rules; these are OpenAPI's.
pub fn openapi_gaps(spec: &Spec) -> Vec<String> {
    use crate::spec::{AuthKind, OAuthFlow};
    let mut gaps = Vec::new();
    if let Some(auth) = &spec.authentication {
        for (name, scheme) in &auth.schemes {
            let needs = |flow: &OAuthFlow| match flow {
                OAuthFlow::AuthorizationCode => (true, true),
                OAuthFlow::Implicit => (true, false),
                _ => (false, true),
            };
            if scheme.kind == AuthKind::OAuth2 {
                for flow in &scheme.flows {
                    let (authorization, token) = needs(flow);
                    if token && scheme.token_endpoint.is_none() {
                        gaps.push(format!("authentication.{name}: OpenAPI needs a `token_endpoint` for the `{}` flow", flow.as_str()));
                    }
                    if authorization && scheme.authorization_endpoint.is_none() {
                        gaps.push(format!("authentication.{name}: OpenAPI needs an `authorization_endpoint` for the `{}` flow", flow.as_str()));
                    }
                }
            }
            if scheme.kind == AuthKind::OpenIdConnect && scheme.discovery_url.is_none() {
                gaps.push(format!(
                    "authentication.{name}: OpenAPI needs a `discovery_url` for OpenID Connect"
                ));
            }
        }
    }
    for (name, environment) in &spec.environments {
        if environment
            .base_url
            .as_deref()
            .is_some_and(|url| url.contains('{'))
        {
            gaps.push(format!("environments.{name}.base_url: OpenAPI declares each `{{variable}}` of a server URL, which the export does not"));
        }
    }
    let mut routes: std::collections::HashMap<String, (&str, &str)> =
        std::collections::HashMap::new();
    for (id, endpoint) in &spec.endpoints {
        let path = endpoint.path.as_str();
        if path.contains('?') || (path.len() > 1 && path.ends_with('/')) {
            gaps.push(format!(
                "endpoints.{id}.path: OpenAPI paths have no query and no trailing `/`"
            ));
        }
        let shape = crate::spec::Endpoint::route_shape(path);
        match routes.get(&shape) {
            Some((known, other)) if *known != path => gaps.push(format!(
                "endpoints.{id}.path: OpenAPI takes `{path}` and `{known}` (of `{other}`) for the same path; name their parameters alike"
            )),
            Some(_) => {}
            None => {
                routes.insert(shape, (path, id));
            }
        }
    }
    gaps
}

/// The parts of a spec OpenAPI has no place for, and `export` leaves out.
const NOT_EXPORTED: &[&str] = &[
    "overview",
    "flows",
    "tests",
    "mappings",
    "monitoring",
    "rollback",
    "changelog",
];

/// Prose as OpenAPI readers take it. A link that would lead nowhere or run code (to what is
/// not exported, `[the flow](#flows.checkout)`, or to a `javascript:` URL) becomes its text,
/// as on the page. HTML in a description, summary or scope is text in a spec, shown as
/// written; OpenAPI readers would run it, so its `<` is written `&lt;`. Which strings are
/// prose is told by where they are, not by their key alone: `properties` and the like are
/// maps of names, where `description` or `x-flag` is a field. Sample values are left as
/// written.
fn prose_pass(document: &mut Value) {
    walk_value(document, false);
}

/// Keys whose value maps names to objects of the document, rather than keywords to values.
const NAME_MAPS: &[&str] = &[
    "properties",
    "patternProperties",
    "$defs",
    "headers",
    "encoding",
    "content",
    "paths",
    "webhooks",
    "callbacks",
    "responses",
    "schemas",
    "parameters",
    "securitySchemes",
    "flows",
    "links",
];

/// A value inside the document; `ours` inside our own extensions, whose text the importer
/// reads back as the spec wrote it.
fn walk_value(value: &mut Value, ours: bool) {
    match value {
        Value::String(text) if ours => {
            // Read back as the spec's text, and shown by our pages alone: only links that
            // would lead nowhere go.
            if text.contains('[')
                && let Some(unlinked) = without_links(text, false)
            {
                *text = unlinked;
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|item| walk_value(item, ours)),
        Value::Object(map) => walk_object(map, ours),
        _ => {}
    }
}

/// An object of keywords (a schema, an operation, a response, ...).
fn walk_object(map: &mut Map<String, Value>, ours: bool) {
    for (key, inner) in map.iter_mut() {
        match key.as_str() {
            // Named examples: their summary and description are prose, not their value.
            "examples" if inner.is_object() => {
                let examples = inner
                    .as_object_mut()
                    .into_iter()
                    .flat_map(|map| map.values_mut());
                for example in examples {
                    for (key, part) in example.as_object_mut().into_iter().flatten() {
                        if let ("summary" | "description", Value::String(text)) =
                            (key.as_str(), part)
                        {
                            safe_prose(text, !ours);
                        }
                    }
                }
            }
            "example" | "examples" | "default" | "const" | "enum" | "x-codeSamples" => {}
            // The error body is a schema, which the importer reads as OpenAPI.
            "x-error-convention" => {
                for (key, part) in inner.as_object_mut().into_iter().flatten() {
                    walk_value(part, key != "body");
                }
            }
            key if key.starts_with("x-") => walk_value(inner, true),
            "description" | "summary" => {
                if let Value::String(text) = inner {
                    safe_prose(text, !ours);
                }
            }
            "scopes" => {
                for scope in inner
                    .as_object_mut()
                    .into_iter()
                    .flat_map(|map| map.values_mut())
                {
                    if let Value::String(text) = scope {
                        safe_prose(text, !ours);
                    }
                }
            }
            key if NAME_MAPS.contains(&key) && inner.is_object() => {
                for entry in inner
                    .as_object_mut()
                    .into_iter()
                    .flat_map(|map| map.values_mut())
                {
                    walk_value(entry, ours);
                }
            }
            _ => walk_value(inner, ours),
        }
    }
}

/// Prose with its dead or unsafe links as their text and, when `escape_html`, its HTML as
/// text.
fn safe_prose(text: &mut String, escape_html: bool) {
    if text.contains(['[', '<'])
        && let Some(unlinked) = without_links(text, true)
    {
        *text = unlinked;
    }
    if escape_html
        && text.contains('<')
        && let Some(escaped) = html_as_text(text)
    {
        *text = escaped;
    }
}

/// `text` with the `<` of its HTML written `&lt;`; `None` when it has no HTML.
fn html_as_text(text: &str) -> Option<String> {
    use pulldown_cmark::{Event, Parser};
    let html: Vec<std::ops::Range<usize>> = Parser::new_ext(text, crate::markdown::options())
        .into_offset_iter()
        .filter(|(event, _)| matches!(event, Event::Html(_) | Event::InlineHtml(_)))
        .map(|(_, range)| range)
        .collect();
    if html.is_empty() {
        return None;
    }
    // The ranges come in order and do not overlap: one pass over both.
    let mut out = String::with_capacity(text.len() + 8);
    let mut ranges = html.iter().peekable();
    for (at, c) in text.char_indices() {
        while ranges.peek().is_some_and(|range| range.end <= at) {
            ranges.next();
        }
        let in_html = ranges.peek().is_some_and(|range| range.contains(&at));
        if c == '<' && in_html {
            out.push_str("&lt;");
        } else {
            out.push(c);
        }
    }
    Some(out)
}

/// `text` with its links to what is not exported, and with `unsafe_too` those the page shows
/// as text, replaced by their text; `None` when it has none.
fn without_links(text: &str, unsafe_too: bool) -> Option<String> {
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};
    let mut spans: Vec<(std::ops::Range<usize>, std::ops::Range<usize>)> = Vec::new();
    let mut open: Option<(std::ops::Range<usize>, Option<std::ops::Range<usize>>)> = None;
    for (event, range) in Parser::new_ext(text, crate::markdown::options()).into_offset_iter() {
        match event {
            Event::Start(Tag::Link { dest_url, .. }) if open.is_none() => {
                // What the page shows as text: a link to what is not exported, or to a
                // URL that could run code or leads nowhere.
                let dead = match crate::markdown::link_target(&dest_url) {
                    Some(crate::markdown::LinkTarget::Item { key, .. }) => {
                        NOT_EXPORTED.contains(&key)
                    }
                    Some(crate::markdown::LinkTarget::Url(_)) => false,
                    None => unsafe_too,
                };
                if dead {
                    open = Some((range, None));
                }
            }
            Event::End(TagEnd::Link) => {
                if let Some((whole, inner)) = open.take() {
                    let inner = inner.unwrap_or(whole.start..whole.start);
                    spans.push((whole, inner));
                }
            }
            _ => {
                if let Some((_, inner)) = &mut open {
                    *inner = Some(match inner.take() {
                        Some(known) => known.start..range.end.max(known.end),
                        None => range,
                    });
                }
            }
        }
    }
    if spans.is_empty() {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (whole, inner) in spans {
        out.push_str(text.get(at..whole.start)?);
        out.push_str(text.get(inner)?);
        at = whole.end;
    }
    out.push_str(text.get(at..)?);
    Some(out)
}

fn info(spec: &Spec) -> Value {
    let info = &spec.info;
    let mut out = Map::new();
    out.insert("title".into(), info.title.clone().into());
    if let Some(summary) = &info.summary {
        out.insert("summary".into(), summary.clone().into());
    }
    if let Some(description) = &info.description {
        out.insert("description".into(), description.clone().into());
    }
    if let Some(contact) = &info.contact {
        let mut written = Map::new();
        put(&mut written, "name", contact.team.as_deref());
        put(&mut written, "url", contact.url.as_deref());
        put(&mut written, "email", contact.email.as_deref());
        put(&mut written, "x-chat", contact.chat.as_deref());
        put(&mut written, "x-escalation", contact.escalation.as_deref());
        out.insert("contact".into(), Value::Object(written));
    }
    out.insert("version".into(), info.version.clone().into());
    if let Some(status) = info.status {
        out.insert("x-status".into(), status.as_str().into());
    }
    Value::Object(out)
}

/// One server per environment with a base URL, named by `x-environment`.
fn servers(spec: &Spec) -> Vec<Value> {
    spec.environments
        .iter()
        .filter_map(|(name, environment)| {
            let url = environment.base_url.as_ref()?;
            let mut server = Map::new();
            server.insert("url".into(), url.clone().into());
            server.insert(
                "description".into(),
                environment
                    .description
                    .clone()
                    .unwrap_or_else(|| name.clone())
                    .into(),
            );
            server.insert("x-environment".into(), name.clone().into());
            put(
                &mut server,
                "x-credentials",
                environment.credentials.as_deref(),
            );
            put(
                &mut server,
                "x-rate-limits",
                environment.rate_limits.as_deref(),
            );
            put(
                &mut server,
                "x-data-persistence",
                environment.data_persistence.as_deref(),
            );
            if let Some(sla) = &environment.sla {
                server.insert("x-sla".into(), sla_value(sla));
            }
            put(
                &mut server,
                "x-maintenance-window",
                environment.maintenance_window.as_deref(),
            );
            Some(Value::Object(server))
        })
        .collect()
}

fn tags(spec: &Spec) -> Vec<Value> {
    spec.tags
        .iter()
        .map(|(name, tag)| {
            let mut out = Map::new();
            out.insert("name".into(), name.clone().into());
            put(&mut out, "description", tag.description.as_deref());
            put(&mut out, "x-displayName", tag.title.as_deref());
            Value::Object(out)
        })
        .collect()
}

fn components(spec: &Spec, exported: &operations::Exported<'_>) -> Map<String, Value> {
    let mut components = Map::new();
    if !spec.models.is_empty() {
        let schemas: Map<String, Value> = spec
            .models
            .iter()
            .map(|(name, model)| (schema::component_key(name), schema::model_schema(model)))
            .collect();
        components.insert("schemas".into(), Value::Object(schemas));
    }
    let (responses, examples) = exported.error_components();
    if !responses.is_empty() {
        components.insert("responses".into(), Value::Object(responses));
    }
    if !examples.is_empty() {
        components.insert("examples".into(), Value::Object(examples));
    }
    let schemes = security::schemes(spec);
    if !schemes.is_empty() {
        components.insert("securitySchemes".into(), Value::Object(schemes));
    }
    components
}

/// The spec's rules OpenAPI has no place for, at the top level.
fn extensions(spec: &Spec, document: &mut Map<String, Value>) {
    if let Some(limits) = &spec.rate_limits {
        let mut out = Map::new();
        put(&mut out, "global", limits.global.as_deref());
        put(&mut out, "burst", limits.burst.as_deref());
        if !limits.per_endpoint.is_empty() {
            out.insert("per_endpoint".into(), text_map(&limits.per_endpoint));
        }
        if !limits.headers.is_empty() {
            out.insert("headers".into(), json!(limits.headers));
        }
        put(&mut out, "description", limits.description.as_deref());
        if !out.is_empty() {
            document.insert("x-rate-limits".into(), Value::Object(out));
        }
    }
    let Some(conventions) = &spec.conventions else {
        return;
    };
    if let Some(versioning) = &conventions.versioning {
        let mut out = Map::new();
        put(&mut out, "scheme", versioning.scheme.as_deref());
        put(&mut out, "current", versioning.current.as_deref());
        put(&mut out, "header", versioning.header.as_deref());
        if let Some(days) = versioning.deprecation_notice_days {
            out.insert("deprecation_notice_days".into(), days.into());
        }
        put(&mut out, "description", versioning.description.as_deref());
        document.insert("x-versioning".into(), Value::Object(out));
    }
    if let Some(idempotency) = &conventions.idempotency {
        let mut out = Map::new();
        put(&mut out, "header", idempotency.header.as_deref());
        put(&mut out, "retention", idempotency.retention.as_deref());
        if !idempotency.methods.is_empty() {
            out.insert("methods".into(), json!(idempotency.methods));
        }
        put(&mut out, "description", idempotency.description.as_deref());
        document.insert("x-idempotency".into(), Value::Object(out));
    }
    if let Some(pagination) = &conventions.pagination {
        let mut out = Map::new();
        put(&mut out, "style", pagination.style.as_deref());
        if !pagination.request.is_empty() {
            out.insert("request".into(), json!(pagination.request));
        }
        if !pagination.response.is_empty() {
            out.insert("response".into(), json!(pagination.response));
        }
        if let Some(limit) = pagination.default_limit {
            out.insert("default_limit".into(), limit.into());
        }
        if let Some(limit) = pagination.max_limit {
            out.insert("max_limit".into(), limit.into());
        }
        put(&mut out, "description", pagination.description.as_deref());
        document.insert("x-pagination".into(), Value::Object(out));
    }
    if let Some(filtering) = &conventions.filtering {
        let mut out = Map::new();
        if !filtering.params.is_empty() {
            out.insert("params".into(), text_map(&filtering.params));
        }
        put(&mut out, "description", filtering.description.as_deref());
        document.insert("x-filtering".into(), Value::Object(out));
    }
    if let Some(notification) = &conventions.change_notification {
        document.insert("x-change-notification".into(), notification.clone().into());
    }
    if let Some(errors) = &conventions.errors {
        let mut out = Map::new();
        put(&mut out, "content_type", errors.content_type.as_deref());
        if let Some(body) = &errors.body {
            out.insert("body".into(), schema::field_schema(body));
        }
        if !errors.members.is_empty() {
            let members: Map<String, Value> = errors
                .members
                .iter()
                .map(|(name, member)| (name.clone(), member.as_str().into()))
                .collect();
            out.insert("members".into(), Value::Object(members));
        }
        put(&mut out, "description", errors.description.as_deref());
        document.insert("x-error-convention".into(), Value::Object(out));
    }
}

/// The document as YAML. Numbers are written as YAML numbers (`12.50` becomes `12.5`); JSON
/// keeps them as the spec writes them.
pub fn to_yaml(document: &Value) -> Result<String, String> {
    serde_yaml::to_string(&yaml_value(document)).map_err(|err| err.to_string())
}

fn yaml_value(value: &Value) -> serde_yaml::Value {
    match value {
        Value::Null => serde_yaml::Value::Null,
        Value::Bool(value) => serde_yaml::Value::Bool(*value),
        Value::Number(number) => {
            let text = number.to_string();
            if let Ok(int) = text.parse::<i64>() {
                serde_yaml::Value::Number(int.into())
            } else if let Ok(int) = text.parse::<u64>() {
                serde_yaml::Value::Number(int.into())
            } else {
                text.parse::<f64>()
                    .map_or(serde_yaml::Value::String(text), |float| {
                        serde_yaml::Value::Number(float.into())
                    })
            }
        }
        Value::String(text) => serde_yaml::Value::String(text.clone()),
        Value::Array(items) => serde_yaml::Value::Sequence(items.iter().map(yaml_value).collect()),
        Value::Object(map) => serde_yaml::Value::Mapping(
            map.iter()
                .map(|(key, value)| (serde_yaml::Value::String(key.clone()), yaml_value(value)))
                .collect(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_to_what_is_not_exported_become_their_text() {
        let text =
            "See [the flow](#flows.checkout), [Order](#models.Order) and [ops](#monitoring).";
        assert_eq!(
            without_links(text, true).as_deref(),
            Some("See the flow, [Order](#models.Order) and ops.")
        );
        assert_eq!(without_links("[Order](#models.Order)", true), None);
        assert_eq!(
            without_links("[`code` *x*](#tests.t)", true).as_deref(),
            Some("`code` *x*")
        );
    }

    #[test]
    fn html_in_prose_is_written_as_text_but_code_is_left_alone() {
        assert_eq!(
            html_as_text("a <b>bold</b> `<i>` & <https://example.com>").as_deref(),
            Some("a &lt;b>bold&lt;/b> `<i>` & <https://example.com>")
        );
        assert_eq!(html_as_text("x < y and `<b>`"), None);
        let mut document = json!({
            "description": "<script>x</script>",
            "x-error": { "description": "<i>ours</i>" },
            "examples": { "e": { "summary": "<b>s</b>", "value": "<b>kept</b>" } },
        });
        prose_pass(&mut document);
        assert_eq!(document["description"], "&lt;script>x&lt;/script>");
        assert_eq!(document["x-error"]["description"], "<i>ours</i>");
        assert_eq!(document["examples"]["e"]["summary"], "&lt;b>s&lt;/b>");
        assert_eq!(document["examples"]["e"]["value"], "<b>kept</b>");
        // Fields and headers are found by where they are, whatever their names.
        let mut schema = json!({
            "properties": {
                "x-flag": { "description": "<img src=x onerror=alert(1)>" },
                "default": { "description": "<b>d</b>", "default": "<b>kept</b>" },
            },
            "parameters": [{ "name": "p", "description": "<i>p</i>" }],
            "description": "[js](javascript:alert(1)) <javascript:alert(2)> [ok](https://example.com)",
        });
        prose_pass(&mut schema);
        assert_eq!(
            schema["properties"]["x-flag"]["description"],
            "&lt;img src=x onerror=alert(1)>"
        );
        assert_eq!(
            schema["properties"]["default"]["description"],
            "&lt;b>d&lt;/b>"
        );
        assert_eq!(schema["properties"]["default"]["default"], "<b>kept</b>");
        assert_eq!(schema["parameters"][0]["description"], "&lt;i>p&lt;/i>");
        assert_eq!(
            schema["description"],
            "js javascript:alert(2) [ok](https://example.com)"
        );
    }

    #[test]
    fn html_escaping_is_linear() {
        let text = "<b>x</b>".repeat(20_000);
        let escaped = html_as_text(&text).unwrap_or_default();
        assert_eq!(escaped.len(), text.len() + 40_000 * 3);
    }

    #[test]
    fn component_names_keep_to_what_openapi_allows() {
        assert_eq!(schema::component_key("Order.v2-a_b"), "Order.v2-a_b");
        assert_eq!(schema::component_key("reports key"), "reports_x20key");
        assert_eq!(schema::component_key("E|1"), "E_x7C1");
        assert_eq!(schema::component_key("Größe"), "Gr_xC3_xB6_xC3_x9Fe");
        assert_eq!(schema::component_key(""), "_");
    }

    #[test]
    fn yaml_numbers_are_numbers() {
        let document: Value =
            serde_json::from_str(r#"{"a": 12.50, "b": 7, "c": 1e3, "d": -0}"#).unwrap_or_default();
        let yaml = to_yaml(&document).unwrap_or_default();
        assert_eq!(yaml, "a: 12.5\nb: 7\nc: 1000.0\nd: 0\n");
    }
}
