//! The ready-to-run `curl` command of an endpoint, against the first environment with a base
//! URL: the path and query parameters' examples, the authentication, the headers, the body.

use serde_json::Value;

use super::headers::convention_headers;
use crate::spec::{
    ApiKeyPlace, AuthKind, Endpoint, Field, KeyLocation, ParamPlace, Request, Spec, Written,
};

/// The command, one argument a line.
pub(super) fn curl(spec: &Spec, endpoint: &Endpoint, example_json: Option<&str>) -> String {
    let request = endpoint.request.as_ref();
    let url = url(spec, endpoint);
    let mut args = vec![format!("--request {}", endpoint.method.as_str())];
    // `[` and `]` in a query (`filter[created][gte]`) are curl's globbing otherwise.
    if url.contains('[') {
        args.push("--globoff".to_owned());
    }
    args.push(shell_quote(&url));
    let (auth, auth_content_type) = auth_args(spec, endpoint);
    args.extend(auth);
    args.extend(content_type_arg(request, auth_content_type));
    args.extend(header_args(spec, endpoint));
    args.extend(body_args(request, example_json));
    format!("curl {}", args.join(" \\\n  "))
}

/// The base URL, the path with its parameters' examples, and the query.
fn url(spec: &Spec, endpoint: &Endpoint) -> String {
    let base = spec
        .environments
        .values()
        .find_map(|environment| environment.base_url.clone())
        .unwrap_or_else(|| "{base_url}".to_owned());
    let request = endpoint.request.as_ref();
    let mut path = endpoint.path.clone();
    if let Some(request) = request {
        for (name, field) in &request.path_params {
            if let Some(value) = sample(field) {
                let text = written_text(ParamPlace::Path, name, field, value);
                path = path.replace(&format!("{{{name}}}"), &text);
            }
        }
    }
    let url = format!("{}{}", base.trim_end_matches('/'), path);
    let mut query = request.map(query).unwrap_or_default();
    query.extend(auth_query(spec, endpoint));
    if query.is_empty() {
        url
    } else {
        format!("{url}?{}", query.join("&"))
    }
}

/// The query parameters with an example or default, each written in its style, and the
/// required ones as placeholders.
fn query(request: &Request) -> Vec<String> {
    let mut pairs = Vec::new();
    for (name, field) in &request.query {
        match sample(field) {
            Some(value) => pairs.extend(written_pairs(ParamPlace::Query, name, field, value)),
            None if field.required => pairs.push((name.clone(), format!("{{{name}}}"))),
            None => {}
        }
    }
    pairs
        .into_iter()
        // Commas separate a list's items (`tags=red,blue`), which a query may hold unencoded.
        .map(|(name, value)| {
            let value = form_encode(&value).replace("%2C", ",");
            format!("{}={value}", encode_key(&name))
        })
        .collect()
}

/// What a parameter is shown with: its example, else its default.
fn sample(field: &Field) -> Option<&Value> {
    field.example.as_ref().or(field.default.as_ref())
}

/// A query or cookie parameter's value, as name and value pairs.
fn written_pairs(
    place: ParamPlace,
    name: &str,
    field: &Field,
    value: &Value,
) -> Vec<(String, String)> {
    match place.write(name, value, field.serialization) {
        Written::Pairs(pairs) => pairs,
        Written::Text(text) => vec![(name.to_owned(), text)],
    }
}

/// A path or header parameter's value, as text.
fn written_text(place: ParamPlace, name: &str, field: &Field, value: &Value) -> String {
    match place.write(name, value, field.serialization) {
        Written::Text(text) => text,
        Written::Pairs(pairs) => pairs
            .into_iter()
            .map(|(_, value)| value)
            .collect::<Vec<_>>()
            .join(","),
    }
}

/// What the schemes in force add (the first alternative the endpoint accepts, every scheme of
/// it): `--user` for basic without an `Authorization` header, `--cert` for mutual TLS, the
/// schemes' headers, then the API key's and the signature's header or cookie where the
/// headers do not carry them. And the `Content-Type` the headers name, if any.
fn auth_args(spec: &Spec, endpoint: &Endpoint) -> (Vec<String>, Option<String>) {
    let mut args = Vec::new();
    let mut content_type = None;
    let mut sent: Vec<&str> = Vec::new();
    for (_, scheme) in spec.schemes_in_force(endpoint) {
        match scheme.kind {
            AuthKind::Basic if !scheme.headers.contains_key("Authorization") => {
                args.push(format!("--user {}", shell_quote("{username}:{password}")));
            }
            AuthKind::Mtls => args.push("--cert client.crt --key client.key".to_owned()),
            _ => {}
        }
        for (name, value) in &scheme.headers {
            if name.eq_ignore_ascii_case("content-type") {
                content_type.get_or_insert_with(|| value.clone());
                continue;
            }
            if sent.iter().any(|sent| sent.eq_ignore_ascii_case(name)) {
                continue;
            }
            sent.push(name);
            args.push(header(name, value));
        }
        if let Some(ApiKeyPlace {
            location: KeyLocation::Cookie,
            name,
        }) = &scheme.api_key
        {
            args.push(format!(
                "--cookie {}",
                shell_quote(&format!("{name}={{api_key}}"))
            ));
        }
        if let Some(name) = scheme.credential_header()
            && !sent.iter().any(|sent| sent.eq_ignore_ascii_case(name))
        {
            sent.push(name);
            let value = match scheme.kind {
                AuthKind::Hmac => "{signature}",
                _ => "{api_key}",
            };
            args.push(header(name, value));
        }
    }
    (args, content_type)
}

/// The API keys of the schemes in force that go in the query: `name={api_key}`.
fn auth_query(spec: &Spec, endpoint: &Endpoint) -> Vec<String> {
    spec.schemes_in_force(endpoint)
        .into_iter()
        .filter_map(|(_, scheme)| match &scheme.api_key {
            Some(ApiKeyPlace {
                location: KeyLocation::Query,
                name,
            }) => Some(format!(
                "{}={}",
                form_encode(name),
                form_encode("{api_key}")
            )),
            _ => None,
        })
        .collect()
}

/// `Content-Type`, when the request has a body: the request's, the authentication's, or JSON.
fn content_type_arg(
    request: Option<&Request>,
    auth_content_type: Option<String>,
) -> Option<String> {
    let request = request?;
    let has_body = request.body.is_some() || request.example.is_some();
    has_body.then(|| {
        let media = request
            .content_type
            .clone()
            .or(auth_content_type)
            .unwrap_or_else(|| "application/json".to_owned());
        header("Content-Type", &media)
    })
}

/// The request's own headers, then those the conventions add, then the cookies.
fn header_args(spec: &Spec, endpoint: &Endpoint) -> Vec<String> {
    let mut args = Vec::new();
    if let Some(request) = &endpoint.request {
        for (name, field) in &request.headers {
            let value = sample(field).map_or_else(
                || format!("{{{name}}}"),
                |value| written_text(ParamPlace::Header, name, field, value),
            );
            args.push(header(name, &value));
        }
    }
    for convention in convention_headers(spec, endpoint) {
        args.push(header(&convention.name, &convention.value));
    }
    if let Some(request) = &endpoint.request {
        let mut cookies = Vec::new();
        for (name, field) in &request.cookies {
            match sample(field) {
                Some(value) => {
                    cookies.extend(written_pairs(ParamPlace::Cookie, name, field, value))
                }
                None if field.required => cookies.push((name.clone(), format!("{{{name}}}"))),
                None => {}
            }
        }
        if !cookies.is_empty() {
            let cookies: Vec<String> = cookies
                .into_iter()
                .map(|(name, value)| format!("{name}={value}"))
                .collect();
            args.push(format!("--cookie {}", shell_quote(&cookies.join("; "))));
        }
    }
    args
}

/// The body: the example, or a file to fill in.
fn body_args(request: Option<&Request>, example_json: Option<&str>) -> Option<String> {
    let request = request?;
    match example_json {
        Some(json) => Some(format!("--data {}", shell_quote(json))),
        None if request.body.is_some() => Some("--data @body.json".to_owned()),
        None => None,
    }
}

fn header(name: &str, value: &str) -> String {
    format!("--header {}", shell_quote(&format!("{name}: {value}")))
}

/// Single-quotes a shell word.
fn shell_quote(word: &str) -> String {
    format!("'{}'", word.replace('\'', r"'\''"))
}

fn form_encode(value: &str) -> String {
    url::form_urlencoded::byte_serialize(value.as_bytes()).collect()
}

/// A query key, encoded but for the brackets of `deepObject` keys (`filter[created][gte]`),
/// which stay readable (curl runs with `--globoff` then).
fn encode_key(key: &str) -> String {
    form_encode(key).replace("%5B", "[").replace("%5D", "]")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(conventions: &str, endpoints: &str) -> Spec {
        let text = format!(
            "integration-spec: \"1.0\"\ninfo: {{title: T, version: 1.0.0}}\n\
             conventions: {conventions}\nendpoints:\n{endpoints}"
        );
        let (spec, diags) = crate::load::parse_spec(&text, crate::load::Format::Yaml);
        assert_eq!(diags, []);
        spec.unwrap()
    }

    #[test]
    fn the_version_header_is_sent() {
        let endpoints = "  a: {method: GET, path: /a}\n  b: {method: POST, path: /b}\n";
        let spec = spec(
            "{versioning: {header: Api-Version, current: \"2024-06-01\"}}",
            endpoints,
        );
        let command = curl(&spec, &spec.endpoints["b"], None);
        assert!(
            command.contains("--header 'Api-Version: 2024-06-01'"),
            "{command}"
        );
    }

    fn with_auth(authentication: &str, endpoints: &str) -> Spec {
        let text = format!(
            "integration-spec: \"1.0\"\ninfo: {{title: T, version: 1.0.0}}\n\
             authentication:\n{authentication}endpoints:\n{endpoints}"
        );
        let (spec, diags) = crate::load::parse_spec(&text, crate::load::Format::Yaml);
        assert_eq!(diags, []);
        spec.unwrap()
    }

    #[test]
    fn the_schemes_of_the_first_alternative_are_sent() {
        let schemes = "  partner: {type: oauth2, headers: {Authorization: 'Bearer {access_token}'}}\n\
                       \x20 tls: {type: mtls}\n\
                       \x20 sign: {type: hmac, header: X-Signature, headers: {X-Timestamp: '{now}'}}\n\
                       \x20 key: {type: api_key, query: key}\n\
                       \x20 jar: {type: api_key, cookie: sid}\n\
                       \x20 user: {type: basic}\n";
        let endpoints = "  together: {method: GET, path: /t, auth: [{tls: ~, partner: ~, sign: ~}, key]}\n\
                         \x20 query: {method: GET, path: /q, auth: [key, partner]}\n\
                         \x20 cookie: {method: GET, path: /c, auth: [jar, user]}\n\
                         \x20 basic: {method: GET, path: /b, auth: user}\n\
                         \x20 public: {method: GET, path: /p, auth: none}\n";
        let spec = with_auth(schemes, endpoints);
        let command = |id: &str| curl(&spec, &spec.endpoints[id], None);
        assert_eq!(
            command("together"),
            "curl --request GET \\\n  '{base_url}/t' \\\n  --cert client.crt --key client.key \\\n  \
             --header 'Authorization: Bearer {access_token}' \\\n  --header 'X-Timestamp: {now}' \\\n  \
             --header 'X-Signature: {signature}'"
        );
        assert_eq!(
            command("query"),
            "curl --request GET \\\n  '{base_url}/q?key=%7Bapi_key%7D'"
        );
        assert_eq!(
            command("cookie"),
            "curl --request GET \\\n  '{base_url}/c' \\\n  --cookie 'sid={api_key}'"
        );
        assert_eq!(
            command("basic"),
            "curl --request GET \\\n  '{base_url}/b' \\\n  --user '{username}:{password}'"
        );
        assert_eq!(command("public"), "curl --request GET \\\n  '{base_url}/p'");
    }

    #[test]
    fn an_api_key_header_is_sent_once() {
        let schemes =
            "  key: {type: api_key, header: X-Api-Key, headers: {x-api-key: '{live_key}'}}\n";
        let spec = with_auth(schemes, "  a: {method: GET, path: /a}\n");
        assert_eq!(
            curl(&spec, &spec.endpoints["a"], None),
            "curl --request GET \\\n  '{base_url}/a' \\\n  --header 'x-api-key: {live_key}'"
        );
    }

    #[test]
    fn shell_quoting_survives_quotes() {
        assert_eq!(shell_quote("it's"), r"'it'\''s'");
        assert_eq!(shell_quote("$(rm -rf /)"), "'$(rm -rf /)'");
    }
}
