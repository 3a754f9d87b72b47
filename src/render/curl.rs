//! The ready-to-run `curl` command of an endpoint, against the first environment with a base
//! URL: the path and query parameters' examples, the authentication, the headers, the body
//! in its first media type (JSON with `--data`, multipart parts with `--form`, a form with
//! `--data-urlencode`, a file or text with `--data-binary`), and `--output` for a download.

use serde_json::Value;

use super::blocks::compact;
use super::content::{fields_of, part_media_type};
use super::headers::convention_headers;
use crate::spec::content::{JSON, MediaKind, essence, file_extension, media_kind};
use crate::spec::{
    ApiKeyPlace, AuthKind, Content, ContentForm, Endpoint, Field, FieldType, KeyLocation,
    MediaType, ParamPlace, Request, Spec, Written,
};

/// The request's body in the media type the command sends.
struct Body<'s> {
    media_type: &'s str,
    media: &'s MediaType,
    form: ContentForm,
}

/// The command, one argument a line. `first_sample` is the first sample of the request's
/// first media type as it is shown.
pub(super) fn curl(spec: &Spec, endpoint: &Endpoint, first_sample: Option<&str>) -> String {
    let request = endpoint.request.as_ref();
    let body = request
        .and_then(|request| request.content.as_ref())
        .and_then(|content| {
            let (media_type, media) = content.first()?;
            Some(Body {
                media_type,
                media,
                form: content.form,
            })
        })
        .filter(|body| body.media.schema.is_some() || body.media.has_samples());
    let url = url(spec, endpoint);
    let mut args = vec![format!("--request {}", endpoint.method.as_str())];
    // `[` and `]` in a query (`filter[created][gte]`) are curl's globbing otherwise.
    if url.contains('[') {
        args.push("--globoff".to_owned());
    }
    args.push(shell_quote(&url));
    let (auth, auth_content_type) = auth_args(spec, endpoint);
    args.extend(auth);
    args.extend(content_type_arg(body.as_ref(), auth_content_type));
    args.extend(accept_arg(endpoint));
    args.extend(header_args(spec, endpoint));
    if let Some(body) = &body {
        args.extend(body_args(spec, body, first_sample));
    }
    args.extend(output_arg(endpoint));
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

/// `Content-Type`, when the request has a body: its media type, or when the spec names none,
/// the authentication's or JSON. Not for `multipart/form-data`, whose header curl writes
/// with the boundary between the parts.
fn content_type_arg(body: Option<&Body<'_>>, auth_content_type: Option<String>) -> Option<String> {
    let body = body?;
    let media = match body.form {
        ContentForm::Single {
            media_type_written: false,
        } => auth_content_type.unwrap_or_else(|| JSON.to_owned()),
        _ if essence(body.media_type) == "multipart/form-data" => return None,
        _ => body.media_type.to_owned(),
    };
    Some(header("Content-Type", &media))
}

/// The first response with a 2xx status that has a body: what a successful call returns.
fn success(endpoint: &Endpoint) -> Option<&Content> {
    endpoint
        .responses
        .iter()
        .filter(|(status, _)| status.is_success())
        .find_map(|(_, response)| response.content.as_ref())
}

/// `Accept`, when a successful call answers in several media types: the first of them.
fn accept_arg(endpoint: &Endpoint) -> Option<String> {
    let content = success(endpoint)?;
    let declared = endpoint.request.as_ref().is_some_and(|request| {
        request
            .headers
            .keys()
            .any(|name| name.eq_ignore_ascii_case("accept"))
    });
    if content.media_types.len() < 2 || declared {
        return None;
    }
    let (media_type, _) = content.first()?;
    Some(header("Accept", media_type))
}

/// `--output`, when a successful call answers with a file: saved under its sample's name, or
/// the last word of the path with the media type's extension.
fn output_arg(endpoint: &Endpoint) -> Option<String> {
    let (media_type, media) = success(endpoint)?.first()?;
    if !media.is_binary() {
        return None;
    }
    let file = match media.samples().next() {
        Some((_, Value::String(file))) => file.clone(),
        _ => {
            let word = endpoint
                .path
                .rsplit('/')
                .find(|segment| !segment.is_empty() && !segment.contains('{'))
                .map(|segment| {
                    segment
                        .chars()
                        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
                        .collect::<String>()
                })
                .filter(|word| !word.is_empty())
                .unwrap_or_else(|| "response".to_owned());
            format!("{word}.{}", file_extension(media_type))
        }
    };
    Some(format!("--output {}", shell_quote(&file)))
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

/// The body, the way its media type is sent: its first sample, or a file to fill in.
fn body_args(spec: &Spec, body: &Body<'_>, first_sample: Option<&str>) -> Vec<String> {
    let sample = body.media.samples().next().map(|(_, value)| value);
    let file = |name: &str| format!("@{name}.{}", file_extension(body.media_type));
    let kind = media_kind(body.media_type);
    if body.media.is_binary() && kind != MediaKind::Json {
        let file = match sample {
            Some(Value::String(name)) => format!("@{name}"),
            _ => file("body"),
        };
        return vec![format!("--data-binary {}", shell_quote(&file))];
    }
    match kind {
        MediaKind::Json => match first_sample {
            Some(json) => vec![format!("--data {}", shell_quote(json))],
            None if body.media.schema.is_some() => vec!["--data @body.json".to_owned()],
            None => Vec::new(),
        },
        MediaKind::Multipart => fields(spec, body, sample)
            .into_iter()
            .map(|(name, value)| form_arg(body.media, name, value))
            .collect(),
        MediaKind::Form => fields(spec, body, sample)
            .into_iter()
            .map(|(name, value)| {
                let value = value.text.unwrap_or_else(|| format!("{{{name}}}"));
                format!(
                    "--data-urlencode {}",
                    shell_quote(&format!("{name}={value}"))
                )
            })
            .collect(),
        MediaKind::Other => {
            let data = match first_sample {
                Some(text) => text.to_owned(),
                None => file("body"),
            };
            vec![format!("--data-binary {}", shell_quote(&data))]
        }
    }
}

/// What a command sends for one field of a multipart or form body.
struct Sent<'s> {
    /// The field, when the body declares it.
    field: Option<&'s Field>,
    /// Its value as text; `None` for a placeholder.
    text: Option<String>,
}

/// The fields a multipart or form body sends: those of its sample, or else those its fields
/// have an example or default for, and the required ones.
fn fields<'s>(
    spec: &'s Spec,
    body: &Body<'s>,
    sample: Option<&'s Value>,
) -> Vec<(&'s str, Sent<'s>)> {
    let declared = body
        .media
        .schema
        .as_ref()
        .and_then(|schema| fields_of(spec, &schema.ty));
    if let Some(Value::Object(map)) = sample {
        return map
            .iter()
            .map(|(name, value)| {
                let field = declared.and_then(|fields| fields.get(name));
                let text = Some(compact(value));
                (name.as_str(), Sent { field, text })
            })
            .collect();
    }
    declared
        .into_iter()
        .flatten()
        .filter_map(|(name, field)| {
            let value = field.example.as_ref().or(field.default.as_ref());
            let binary = field.ty == FieldType::Binary;
            (value.is_some() || field.required || binary).then(|| {
                let text = value.map(compact);
                (
                    name.as_str(),
                    Sent {
                        field: Some(field),
                        text,
                    },
                )
            })
        })
        .collect()
}

/// `--form 'name=value'`; a file part is `--form 'name=@file;type=...'`, and a text that curl
/// would read as a file or as parameters is sent with `--form-string`.
fn form_arg(media: &MediaType, name: &str, sent: Sent<'_>) -> String {
    let declared = sent
        .field
        .and_then(|field| part_media_type(media, name, field));
    let binary = sent
        .field
        .is_some_and(|field| field.ty == FieldType::Binary);
    let (word, media_type) = if binary {
        let types: Vec<&str> = declared
            .as_deref()
            .map(|declared| declared.split(',').map(str::trim).collect())
            .unwrap_or_default();
        let file = sent.text.unwrap_or_else(|| {
            let extension = types.first().map_or("bin", |first| file_extension(first));
            format!("{name}.{extension}")
        });
        // Of several types (`application/pdf, image/png`), the one of the file's extension.
        let extension = file.rsplit_once('.').map(|(_, extension)| extension);
        let media_type = match types.as_slice() {
            [one] => Some(*one),
            several => several
                .iter()
                .copied()
                .find(|media_type| Some(file_extension(media_type)) == extension),
        };
        (format!("{name}=@{file}"), media_type.map(str::to_owned))
    } else {
        let value = sent.text.unwrap_or_else(|| format!("{{{name}}}"));
        if value.contains(';') || value.starts_with(['@', '<', '"']) {
            return format!("--form-string {}", shell_quote(&format!("{name}={value}")));
        }
        (format!("{name}={value}"), declared)
    };
    let mut word = word;
    if let Some(media_type) = media_type.filter(|media_type| !media_type.contains([',', '*'])) {
        word.push_str(&format!(";type={media_type}"));
    }
    format!("--form {}", shell_quote(&word))
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

    /// The command for endpoint `e`, given as YAML under `endpoints.e` after its method and
    /// path, with `authentication` as given.
    fn command_for(authentication: &str, endpoint: &str) -> String {
        let text = format!(
            "integration-spec: \"1.0\"\ninfo: {{title: T, version: 1.0.0}}\n{authentication}\
             endpoints:\n  e:\n    method: POST\n    path: /v1/things/{{id}}/label\n{endpoint}"
        );
        let (spec, diags) = crate::load::parse_spec(&text, crate::load::Format::Yaml);
        assert_eq!(diags, [], "{endpoint}");
        let spec = spec.unwrap();
        let endpoint = &spec.endpoints["e"];
        let first = endpoint
            .request
            .as_ref()
            .and_then(|request| request.content.as_ref())
            .and_then(|content| content.first())
            .and_then(|(media_type, media)| {
                let (_, value) = media.samples().next()?;
                Some(super::super::content::sample_text(media_type, value))
            });
        curl(&spec, endpoint, first.as_deref())
    }

    fn args(command: &str) -> Vec<&str> {
        command.split(" \\\n  ").skip(2).collect()
    }

    #[test]
    fn multipart_parts_go_as_forms_and_files() {
        let command = command_for(
            "",
            "    request:\n      content_type: multipart/form-data\n      body:\n        scan: binary (required)\n        kind: string (required)\n        note: string\n        meta: object\n      encoding:\n        scan: {content_type: 'application/pdf, image/png'}\n        meta: {content_type: application/json}\n      example: {scan: page.png, kind: invoice, note: 'a; b', meta: {pages: 2}}\n",
        );
        assert_eq!(
            args(&command),
            [
                "--form 'scan=@page.png;type=image/png'",
                "--form 'kind=invoice'",
                "--form-string 'note=a; b'",
                r#"--form 'meta={"pages":2};type=application/json'"#,
            ],
            "curl writes the multipart Content-Type itself, with the boundary"
        );
        // Without an example: the required parts, files named after their part and type.
        let command = command_for(
            "",
            "    request:\n      content_type: multipart/mixed\n      body: {scan: binary (required), kind: string (required), note: string}\n      encoding: {scan: {content_type: application/pdf}}\n",
        );
        assert_eq!(
            args(&command),
            [
                "--header 'Content-Type: multipart/mixed'",
                "--form 'scan=@scan.pdf;type=application/pdf'",
                "--form 'kind={kind}'",
            ]
        );
    }

    #[test]
    fn files_text_and_forms_are_sent_as_their_media_type() {
        let command = command_for(
            "",
            "    request:\n      content_type: image/tiff\n      body: binary (max 10 MB)\n      example: scan.tiff\n",
        );
        assert_eq!(
            args(&command),
            [
                "--header 'Content-Type: image/tiff'",
                "--data-binary '@scan.tiff'"
            ]
        );
        let command = command_for(
            "",
            "    request:\n      content_type: application/xml\n      body: string\n",
        );
        assert_eq!(
            args(&command),
            [
                "--header 'Content-Type: application/xml'",
                "--data-binary '@body.xml'"
            ]
        );
        let command = command_for(
            "",
            "    request:\n      content_type: application/x-www-form-urlencoded\n      body: {user: string (required), pass: string (required)}\n      example: {user: ada, pass: \"it's\"}\n",
        );
        assert_eq!(
            args(&command),
            [
                "--header 'Content-Type: application/x-www-form-urlencoded'",
                "--data-urlencode 'user=ada'",
                r"--data-urlencode 'pass=it'\''s'",
            ]
        );
    }

    #[test]
    fn json_keeps_the_authentication_content_type_unless_one_is_written() {
        let auth = "authentication: {type: bearer, headers: {Authorization: Bearer t, Content-Type: application/vnd.api+json}}\n";
        let command = command_for(auth, "    request:\n      body: {a: string}\n");
        assert!(
            command.contains("--header 'Content-Type: application/vnd.api+json'"),
            "{command}"
        );
        assert!(command.contains("--data @body.json"), "{command}");
        let command = command_for(
            auth,
            "    request:\n      content_type: application/merge-patch+json\n      body: {a: string}\n",
        );
        assert!(
            command.contains("--header 'Content-Type: application/merge-patch+json'"),
            "{command}"
        );
    }

    #[test]
    fn downloads_are_saved_and_media_types_asked_for() {
        let command = command_for(
            "",
            "    responses:\n      200:\n        content: {application/pdf: binary, text/plain: string}\n",
        );
        assert_eq!(
            args(&command),
            ["--header 'Accept: application/pdf'", "--output 'label.pdf'"]
        );
        // A request that names its Accept header keeps it; a file named by its example.
        let command = command_for(
            "",
            "    request:\n      headers: {Accept: string (example text/plain)}\n    responses:\n      201:\n        content: {image/png: {body: binary, example: label-1.png}, text/plain: string}\n",
        );
        assert_eq!(
            args(&command),
            ["--header 'Accept: text/plain'", "--output 'label-1.png'"]
        );
        // Error responses are not what a call returns.
        let command = command_for(
            "",
            "    responses:\n      404:\n        content: {application/pdf: binary, text/plain: string}\n",
        );
        assert_eq!(args(&command), Vec::<&str>::new());
    }

    #[test]
    fn shell_quoting_survives_quotes() {
        assert_eq!(shell_quote("it's"), r"'it'\''s'");
        assert_eq!(shell_quote("$(rm -rf /)"), "'$(rm -rf /)'");
    }
}
