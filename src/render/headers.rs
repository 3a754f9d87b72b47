//! The headers the conventions put on an endpoint's requests (the version header, the
//! idempotency key), which both the parameter table and the `curl` command show.

use crate::spec::{Endpoint, Spec};

/// Which convention puts a header on requests.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Convention {
    /// `conventions.versioning.header`, carrying the current version.
    Versioning,
    /// `conventions.idempotency.header`, carrying a key per request.
    Idempotency,
}

/// A header a convention puts on an endpoint's requests.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct ConventionHeader {
    pub(super) convention: Convention,
    pub(super) name: String,
    /// What the curl command sends.
    pub(super) value: String,
}

/// The headers the conventions add to `endpoint`'s requests: the version header, when the
/// versioning convention names one and a current version, and the idempotency key header,
/// where the idempotency convention applies. A header the endpoint (or a scheme in force)
/// already declares keeps that declaration.
pub(super) fn convention_headers(spec: &Spec, endpoint: &Endpoint) -> Vec<ConventionHeader> {
    let Some(conventions) = &spec.conventions else {
        return Vec::new();
    };
    let declared = |name: &str| {
        let schemes = spec.schemes_in_force(endpoint);
        let auth_headers = schemes.iter().flat_map(|(_, scheme)| {
            let headers = scheme.headers.keys().map(String::as_str);
            headers.chain(scheme.credential_header())
        });
        let own_headers = endpoint
            .request
            .iter()
            .flat_map(|request| request.headers.keys().map(String::as_str));
        auth_headers
            .chain(own_headers)
            .any(|declared| declared.trim().eq_ignore_ascii_case(name.trim()))
    };
    let mut headers = Vec::new();
    if let Some(versioning) = &conventions.versioning
        && let (Some(name), Some(current)) = (&versioning.header, &versioning.current)
        && !declared(name)
    {
        headers.push(ConventionHeader {
            convention: Convention::Versioning,
            name: name.clone(),
            value: current.clone(),
        });
    }
    if let Some(idempotency) = &conventions.idempotency
        && let Some(name) = &idempotency.header
        && idempotency.applies_to(endpoint)
        && !declared(name)
        && !headers
            .iter()
            .any(|header| header.name.eq_ignore_ascii_case(name))
    {
        headers.push(ConventionHeader {
            convention: Convention::Idempotency,
            name: name.clone(),
            value: format!("{{{name}}}"),
        });
    }
    headers
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

    fn names(spec: &Spec, id: &str) -> Vec<String> {
        convention_headers(spec, &spec.endpoints[id])
            .into_iter()
            .map(|header| format!("{}: {}", header.name, header.value))
            .collect()
    }

    #[test]
    fn the_idempotency_header_goes_where_the_convention_applies() {
        let endpoints = "  post: {method: POST, path: /a}\n\
                         \x20 marked: {method: PUT, path: /b, idempotent: true}\n\
                         \x20 unmarked: {method: PUT, path: /c}\n\
                         \x20 opted-out: {method: POST, path: /d, idempotent: false}\n\
                         \x20 own: {method: POST, path: /e, request: {headers: {idempotency-key: uuid}}}\n";
        // With methods: every endpoint of those methods, unless marked `idempotent: false`.
        let by_method = spec(
            "{idempotency: {header: Idempotency-Key, methods: [post]}}",
            endpoints,
        );
        assert_eq!(
            names(&by_method, "post"),
            ["Idempotency-Key: {Idempotency-Key}"]
        );
        assert!(names(&by_method, "marked").is_empty());
        assert!(names(&by_method, "opted-out").is_empty());
        // The endpoint's own declaration stays the only one.
        assert!(names(&by_method, "own").is_empty());
        // Without methods: the endpoints marked `idempotent: true`.
        let by_mark = spec("{idempotency: {header: Idempotency-Key}}", endpoints);
        assert!(names(&by_mark, "post").is_empty());
        assert_eq!(
            names(&by_mark, "marked"),
            ["Idempotency-Key: {Idempotency-Key}"]
        );
        assert!(names(&by_mark, "unmarked").is_empty());
    }

    #[test]
    fn the_version_header_goes_on_every_endpoint_with_the_current_version() {
        let endpoints = "  a: {method: GET, path: /a}\n  b: {method: POST, path: /b}\n";
        let spec_with = spec(
            "{versioning: {header: Api-Version, current: \"2024-06-01\"}}",
            endpoints,
        );
        assert_eq!(names(&spec_with, "a"), ["Api-Version: 2024-06-01"]);
        // No current version, nothing to send.
        let spec_without = spec("{versioning: {header: Api-Version}}", endpoints);
        assert!(names(&spec_without, "a").is_empty());
    }
}
