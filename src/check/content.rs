//! Rules about bodies in media types and about callbacks: a sample of a body that is not JSON
//! (CSV, XML, a file) is text, shown as written; a multipart body's `encoding` names its
//! parts; a `Content-Type` header agrees with the media type of its body; a callback's URL
//! takes its values from parts of the request or response that the endpoint declares.

use super::walk::{Body, each_body, item};
use crate::diagnostic::{Code, Diagnostic, did_you_mean};
use crate::markdown::slug;
use crate::spec::content::{MediaKind, essence, is_media_type, media_kind};
use crate::spec::expressions::{Expression, Source, url_expressions};
use crate::spec::{ContentForm, Endpoint, FieldType, Fields, Spec};

pub(super) fn check(spec: &Spec, diags: &mut Vec<Diagnostic>) {
    each_body(spec, &mut |body| {
        text_samples(body, diags);
        encoding_parts(spec, body, diags);
        content_type_headers(body, diags);
    });
    for (id, endpoint) in &spec.endpoints {
        callback_names(id, endpoint, diags);
        for (name, callback) in &endpoint.callbacks {
            let path = item("endpoints", id).key("callbacks").key(name).key("url");
            let Ok(expressions) = url_expressions(&callback.url) else {
                continue;
            };
            for expression in expressions {
                if let Err((message, help)) = resolves(spec, id, endpoint, &expression) {
                    diags.push(
                        Diagnostic::error(
                            Code::UnresolvedReference,
                            format!("the callback URL takes `{expression}`, but {message}"),
                        )
                        .at(&path)
                        .about(expression.to_string())
                        .with_help(help),
                    );
                }
            }
        }
    }
}

/// A sample of a body that is neither JSON nor fields is shown as written, so it is text: a
/// CSV or XML document, or the name of a sample file.
fn text_samples(body: &Body<'_>, diags: &mut Vec<Diagnostic>) {
    for media in body.media() {
        if media_kind(media.media_type) != MediaKind::Other {
            continue;
        }
        for (name, value) in media.media.samples() {
            if !(value.is_array() || value.is_object()) {
                continue;
            }
            let help = if media.media.is_binary() {
                "the example of a file is the name of a sample file, such as `label.pdf`".to_owned()
            } else {
                format!(
                    "`{}` is not JSON, so its example is shown as written: write it as text, e.g. after `example: |` on lines of its own",
                    media.media_type
                )
            };
            diags.push(
                Diagnostic::error(
                    Code::InvalidExample,
                    format!(
                        "{}: a `{}` example must be text, not a {}",
                        media.sample_what(name),
                        media.media_type,
                        if value.is_array() { "list" } else { "mapping" }
                    ),
                )
                .at(&media.sample_path(name))
                .with_help(help),
            );
        }
    }
}

/// The fields of a body (an object's, or a model's), when it declares them; `None` when any
/// field may be sent (a map, `any`, an object without fields).
fn fields_of<'s>(spec: &'s Spec, ty: &'s FieldType) -> Option<&'s Fields> {
    match ty {
        FieldType::Object(fields) if !fields.is_empty() => Some(fields),
        FieldType::Model(name) => spec.models.get(name).map(|model| &model.fields),
        _ => None,
    }
}

/// Each part an `encoding` names is a field of its body.
fn encoding_parts(spec: &Spec, body: &Body<'_>, diags: &mut Vec<Diagnostic>) {
    for media in body.media() {
        let Some(fields) = media
            .media
            .schema
            .as_ref()
            .and_then(|schema| fields_of(spec, &schema.ty))
        else {
            continue;
        };
        for part in media.media.encoding.keys() {
            if fields.contains_key(part) {
                continue;
            }
            let names = fields.keys().map(String::as_str);
            let help = match did_you_mean(part, names.clone()) {
                Some(name) => format!("did you mean `{name}`?"),
                None => format!(
                    "its parts are its fields: {}",
                    names
                        .map(|name| format!("`{name}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            };
            diags.push(
                Diagnostic::error(
                    Code::UnresolvedReference,
                    format!(
                        "`encoding` names the part `{part}`, which {} does not declare",
                        media.body_what()
                    ),
                )
                .at(&media.base().key("encoding").key(part))
                .about(part.clone())
                .with_help(help),
            );
        }
    }
}

/// A `Content-Type` header with a value agrees with the media type of the body beside it, so
/// the header table and the body's label say the same.
fn content_type_headers(body: &Body<'_>, diags: &mut Vec<Diagnostic>) {
    let Some((name, field)) = body
        .headers
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case("content-type"))
    else {
        return;
    };
    let Some(said) = field
        .example
        .as_ref()
        .or(field.default.as_ref())
        .and_then(|value| value.as_str())
        .filter(|text| is_media_type(text))
    else {
        return;
    };
    let media_types = &body.content.media_types;
    if media_types
        .keys()
        .any(|media_type| essence(media_type) == essence(said))
    {
        return;
    }
    let declared: Vec<String> = media_types.keys().map(|key| format!("`{key}`")).collect();
    let help = match body.content.form {
        ContentForm::Single {
            media_type_written: false,
        } => format!(
            "the body is JSON when no media type is given: declare it with `content_type: {said}`"
        ),
        _ => "make the header and the body's media type agree".to_owned(),
    };
    diags.push(
        Diagnostic::error(
            Code::InvalidValue,
            format!(
                "the `{name}` header says `{said}`, but the body is {}",
                declared.join(" or ")
            ),
        )
        .at(&body.path().key("headers").key(name))
        .with_help(help),
    );
}

/// Callbacks get headings of their own under the endpoint, by name.
fn callback_names(id: &str, endpoint: &Endpoint, diags: &mut Vec<Diagnostic>) {
    let path = item("endpoints", id).key("callbacks");
    let mut seen: Vec<(String, &str)> = Vec::new();
    for name in endpoint.callbacks.keys() {
        let anchor = slug(name);
        if let Some((_, first)) = seen.iter().find(|(seen, _)| *seen == anchor) {
            diags.push(
                Diagnostic::error(
                    Code::DuplicateId,
                    format!("`{first}` and `{name}` differ only in case or punctuation"),
                )
                .at(&path.key(name))
                .with_label(&path.key(first), "first declared here")
                .with_help(format!(
                    "both would be linked as `{anchor}`; rename one of them"
                )),
            );
        } else {
            seen.push((anchor, name));
        }
    }
}

/// Whether the endpoint declares what `expression` reads; else what is missing, and a help.
fn resolves(
    spec: &Spec,
    id: &str,
    endpoint: &Endpoint,
    expression: &Expression,
) -> Result<(), (String, String)> {
    let request = endpoint.request.as_ref();
    let named = |what: &str, fields: Option<&Fields>, name: &str, any_case: bool| {
        let names: Vec<&str> = fields
            .into_iter()
            .flat_map(|fields| fields.keys().map(String::as_str))
            .collect();
        let found = names
            .iter()
            .any(|known| *known == name || (any_case && known.eq_ignore_ascii_case(name)));
        if found {
            return Ok(());
        }
        let help = match did_you_mean(name, names.iter().copied()) {
            Some(known) => format!("did you mean `{known}`?"),
            None => format!("declare `{name}` under `{what}` of `{id}`"),
        };
        Err((
            format!("`{id}` declares no {} `{name}`", what.replace('_', " ")),
            help,
        ))
    };
    match expression {
        Expression::Url | Expression::Method | Expression::StatusCode => Ok(()),
        Expression::Request(Source::Query(name)) => {
            named("query", request.map(|r| &r.query), name, false)
        }
        Expression::Request(Source::Path(name)) => {
            named("path_params", request.map(|r| &r.path_params), name, false)
        }
        Expression::Request(Source::Header(name)) => {
            // A header any authentication scheme sends counts as declared.
            let by_auth = spec.authentication.as_ref().is_some_and(|auth| {
                auth.schemes.values().any(|scheme| {
                    scheme
                        .headers
                        .keys()
                        .map(String::as_str)
                        .chain(scheme.credential_header())
                        .any(|key| key.eq_ignore_ascii_case(name))
                })
            });
            if by_auth {
                return Ok(());
            }
            named("headers", request.map(|r| &r.headers), name, true)
        }
        Expression::Response(Source::Header(name)) => {
            let found = endpoint.responses.values().any(|response| {
                response
                    .headers
                    .keys()
                    .any(|key| key.eq_ignore_ascii_case(name))
            });
            if found {
                Ok(())
            } else {
                Err((
                    format!("no response of `{id}` declares the header `{name}`"),
                    format!("declare `{name}` under the `headers` of the response that carries it"),
                ))
            }
        }
        Expression::Response(Source::Query(_) | Source::Path(_)) => Err((
            "a response has no query or path".to_owned(),
            "take the value from `$request.query.…`, `$request.path.…`, or a response's header or body".to_owned(),
        )),
        Expression::Request(Source::Body(tokens)) => {
            let bodies = request
                .and_then(|request| request.content.as_ref())
                .into_iter()
                .flat_map(|content| content.media_types.values());
            body_pointer(spec, bodies.filter_map(|media| media.schema.as_ref().map(|s| &s.ty)), tokens)
                .map_err(|missing| {
                    (
                        format!("the request body of `{id}` {missing}"),
                        "declare the field in the request body, or correct the JSON pointer after `#`".to_owned(),
                    )
                })
        }
        Expression::Response(Source::Body(tokens)) => {
            let bodies = endpoint
                .responses
                .values()
                .filter_map(|response| response.content.as_ref())
                .flat_map(|content| content.media_types.values());
            body_pointer(spec, bodies.filter_map(|media| media.schema.as_ref().map(|s| &s.ty)), tokens)
                .map_err(|missing| {
                    (
                        format!("no response body of `{id}` matches: the first {missing}"),
                        "declare the field in the response body, or correct the JSON pointer after `#`".to_owned(),
                    )
                })
        }
    }
}

/// Whether one of `types` has the value a JSON pointer's `tokens` lead to; else what is
/// missing in the first of them ("has no body", "has no field `a.b`").
fn body_pointer<'s>(
    spec: &'s Spec,
    types: impl Iterator<Item = &'s FieldType>,
    tokens: &[String],
) -> Result<(), String> {
    let mut first_miss = None;
    for ty in types {
        match walk_pointer(spec, ty, tokens) {
            Ok(()) => return Ok(()),
            Err(depth) => {
                first_miss.get_or_insert(depth);
            }
        }
    }
    Err(match first_miss {
        None => "has no body".to_owned(),
        Some(depth) => {
            let field = tokens[..=depth.min(tokens.len().saturating_sub(1))].join(".");
            format!("has no field `{field}`")
        }
    })
}

/// Follows `tokens` into `ty`: the index of the first token that leads nowhere, if any.
fn walk_pointer(spec: &Spec, ty: &FieldType, tokens: &[String]) -> Result<(), usize> {
    let mut ty = ty;
    for (depth, token) in tokens.iter().enumerate() {
        ty = match ty {
            FieldType::Any => return Ok(()),
            FieldType::Object(fields) if fields.is_empty() => return Ok(()),
            // A model that does not exist is reported where it is named.
            FieldType::Model(name) if !spec.models.contains_key(name) => return Ok(()),
            FieldType::Object(_) | FieldType::Model(_) => {
                let fields = fields_of(spec, ty).ok_or(depth)?;
                &fields.get(token).ok_or(depth)?.ty
            }
            FieldType::Array(item) if token.parse::<usize>().is_ok() => item,
            FieldType::Map(item) => item,
            _ => return Err(depth),
        };
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    fn findings(yaml: &str) -> Vec<String> {
        let text = format!("integration-spec: \"1.0\"\ninfo: {{title: T, version: 1.0.0}}\n{yaml}");
        let (spec, diags) = crate::load::parse_spec(&text, crate::load::Format::Yaml);
        assert_eq!(diags, [], "{yaml}");
        let mut found = Vec::new();
        super::check(&spec.unwrap(), &mut found);
        found
            .iter()
            .map(|diag| format!("{}: {}", diag.code, diag.message))
            .collect()
    }

    #[test]
    fn callback_urls_read_what_the_endpoint_declares() {
        let endpoint = |url: &str| {
            format!(
                "endpoints:\n  e:\n    method: POST\n    path: /exports/{{id}}\n    request:\n      path_params: {{id: string (required)}}\n      query: {{notify: url}}\n      headers: {{X-Callback: url}}\n      body:\n        callback_url: url (required)\n        target: {{type: object, properties: {{hooks: {{type: array, items: {{type: object, properties: {{url: {{type: string}}}}}}}}}}}}\n    responses:\n      202:\n        headers: {{Location: url}}\n        body: {{id: string}}\n    callbacks:\n      done:\n        url: '{url}'\n"
            )
        };
        for good in [
            "{$request.body#/callback_url}",
            "{$request.body#/target/hooks/0/url}",
            "{$request.query.notify}?id={$request.path.id}",
            "{$request.header.x-callback}",
            "{$response.header.location}/done",
            "https://hooks.example.com/{$response.body#/id}",
            "{$url}/{$method}",
        ] {
            assert_eq!(findings(&endpoint(good)), Vec::<String>::new(), "{good}");
        }
        let found = findings(&endpoint("{$request.body#/callback_ur}"));
        assert_eq!(
            found,
            [
                "unresolved-reference: the callback URL takes `$request.body#/callback_ur`, but the request body of `e` has no field `callback_ur`"
            ]
        );
        let found = findings(&endpoint("{$request.body#/target/hooks/x}"));
        assert!(
            found[0].ends_with("has no field `target.hooks.x`"),
            "{found:?}"
        );
        let found = findings(&endpoint("{$request.query.notfy}"));
        assert_eq!(
            found,
            [
                "unresolved-reference: the callback URL takes `$request.query.notfy`, but `e` declares no query `notfy`"
            ]
        );
        let found = findings(&endpoint("{$response.header.Link}"));
        assert!(
            found[0].contains("no response of `e` declares the header `Link`"),
            "{found:?}"
        );
        let found = findings(&endpoint("{$response.body#/status}"));
        assert!(
            found[0].contains("no response body of `e` matches"),
            "{found:?}"
        );
    }

    #[test]
    fn encoding_names_parts_of_the_body() {
        let found = findings(
            "endpoints:\n  e:\n    method: POST\n    path: /e\n    request:\n      content_type: multipart/form-data\n      body: {file: binary, kind: string}\n      encoding: {fiel: {content_type: application/pdf}}\n",
        );
        assert_eq!(
            found,
            [
                "unresolved-reference: `encoding` names the part `fiel`, which the request body of `e` does not declare"
            ]
        );
    }

    #[test]
    fn samples_of_text_media_types_are_text() {
        let found = findings(
            "endpoints:\n  e:\n    method: GET\n    path: /e\n    responses:\n      200:\n        content:\n          text/csv: {body: string, example: {a: 1}}\n          application/pdf: {body: binary, examples: {x: {value: [1]}}}\n          application/xml: {body: string, example: '<a/>'}\n",
        );
        assert_eq!(
            found,
            [
                "invalid-example: the 200 response example of `e` in `text/csv`: a `text/csv` example must be text, not a mapping",
                "invalid-example: the 200 response example `x` of `e` in `application/pdf`: a `application/pdf` example must be text, not a list",
            ]
        );
    }

    #[test]
    fn a_content_type_header_agrees_with_the_body() {
        let response = |keys: &str| {
            format!(
                "endpoints:\n  e:\n    method: GET\n    path: /e\n    responses:\n      404:\n        headers: {{Content-Type: 'string (example application/problem+json)'}}\n        body: {{title: string}}\n{keys}"
            )
        };
        let found = findings(&response(""));
        assert_eq!(
            found,
            [
                "invalid-value: the `Content-Type` header says `application/problem+json`, but the body is `application/json`"
            ]
        );
        assert_eq!(
            findings(&response(
                "        content_type: application/problem+json\n"
            )),
            Vec::<String>::new()
        );
    }

    #[test]
    fn callback_names_make_distinct_anchors() {
        let found = findings(
            "endpoints:\n  e:\n    method: POST\n    path: /e\n    callbacks:\n      Done: {url: '{$url}'}\n      done: {url: '{$url}'}\n",
        );
        assert_eq!(
            found,
            ["duplicate-id: `Done` and `done` differ only in case or punctuation"]
        );
    }
}
