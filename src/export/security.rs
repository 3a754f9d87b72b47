//! Authentication as OpenAPI security schemes and requirements.

use serde_json::{Map, Value, json};

use super::schema::component_key;
use super::values::{put, text_map};
use crate::spec::{AuthKind, AuthScheme, Endpoint, OAuthFlow, Requirement, Spec};

/// `components.securitySchemes`: every declared scheme but `none`.
pub(super) fn schemes(spec: &Spec) -> Map<String, Value> {
    let Some(auth) = &spec.authentication else {
        return Map::new();
    };
    auth.schemes
        .iter()
        .filter(|(_, scheme)| scheme.kind != AuthKind::None)
        .map(|(name, scheme)| (component_key(name), scheme_object(scheme)))
        .collect()
}

fn scheme_object(scheme: &AuthScheme) -> Value {
    let mut out = Map::new();
    match scheme.kind {
        AuthKind::OAuth2 => {
            out.insert("type".into(), "oauth2".into());
            out.insert("flows".into(), Value::Object(flows(scheme)));
        }
        AuthKind::OpenIdConnect => {
            out.insert("type".into(), "openIdConnect".into());
            put(
                &mut out,
                "openIdConnectUrl",
                scheme.discovery_url.as_deref(),
            );
        }
        AuthKind::Bearer => {
            out.insert("type".into(), "http".into());
            out.insert("scheme".into(), "bearer".into());
            put(&mut out, "bearerFormat", scheme.token_format.as_deref());
        }
        AuthKind::Basic => {
            out.insert("type".into(), "http".into());
            out.insert("scheme".into(), "basic".into());
        }
        AuthKind::ApiKey => {
            out.insert("type".into(), "apiKey".into());
            // A key given only by the headers a scheme sends travels in the first of them.
            let (location, name) = match (&scheme.api_key, scheme.headers.keys().next()) {
                (Some(place), _) => (place.location.as_str(), place.name.as_str()),
                (None, Some(header)) => ("header", header.as_str()),
                (None, None) => ("header", "Authorization"),
            };
            out.insert("in".into(), location.into());
            out.insert("name".into(), name.into());
        }
        AuthKind::Mtls => {
            out.insert("type".into(), "mutualTLS".into());
        }
        // A signature travels in a header, as an API key does; how it is made is ours.
        AuthKind::Hmac => {
            out.insert("type".into(), "apiKey".into());
            out.insert("in".into(), "header".into());
            let header = scheme
                .signing
                .as_ref()
                .and_then(|signing| signing.header.clone())
                .unwrap_or_else(|| "Signature".to_owned());
            out.insert("name".into(), header.into());
        }
        AuthKind::None => {}
    }
    put(&mut out, "description", scheme.description.as_deref());
    // What only our format says, as `x-` and the format's own key.
    if scheme.kind == AuthKind::Hmac {
        out.insert("x-type".into(), "hmac".into());
    }
    if let Some(signing) = &scheme.signing {
        put(&mut out, "x-algorithm", signing.algorithm.as_deref());
        if !signing.signed.is_empty() {
            out.insert("x-signed".into(), json!(signing.signed));
        }
        put(&mut out, "x-secret", signing.secret.as_deref());
    }
    if let Some(pkce) = scheme.pkce {
        out.insert("x-pkce".into(), pkce.as_str().into());
    }
    if scheme.kind != AuthKind::Bearer {
        put(&mut out, "x-format", scheme.token_format.as_deref());
    }
    if scheme.kind == AuthKind::OpenIdConnect && !scheme.flows.is_empty() {
        let flows: Vec<&str> = scheme.flows.iter().map(|flow| flow.as_str()).collect();
        out.insert("x-flows".into(), json!(flows));
    }
    if scheme.kind != AuthKind::OAuth2 && !scheme.scopes.is_empty() {
        out.insert("x-scopes".into(), text_map(&scheme.scopes));
    }
    if !scheme.headers.is_empty() {
        out.insert("x-headers".into(), text_map(&scheme.headers));
    }
    if let Some(refresh) = &scheme.token_refresh {
        let mut written = Map::new();
        if let Some(automatic) = refresh.automatic {
            written.insert("automatic".into(), automatic.into());
        }
        if let Some(seconds) = refresh.threshold_seconds {
            written.insert("threshold_seconds".into(), seconds.into());
        }
        out.insert("x-token-refresh".into(), Value::Object(written));
    }
    Value::Object(out)
}

/// OAuth 2.0 flows with their URLs and the scheme's scopes. The device flow has no place
/// in OpenAPI 3.1; it is kept as `x-deviceCode`.
fn flows(scheme: &AuthScheme) -> Map<String, Value> {
    let scopes = text_map(&scheme.scopes);
    let mut out = Map::new();
    for flow in &scheme.flows {
        let mut written = Map::new();
        let (key, authorization, token) = match flow {
            OAuthFlow::ClientCredentials => ("clientCredentials", false, true),
            OAuthFlow::AuthorizationCode => ("authorizationCode", true, true),
            OAuthFlow::Implicit => ("implicit", true, false),
            OAuthFlow::Password => ("password", false, true),
            OAuthFlow::DeviceCode => ("x-deviceCode", false, true),
        };
        if authorization {
            put(
                &mut written,
                "authorizationUrl",
                scheme.authorization_endpoint.as_deref(),
            );
        }
        if token {
            put(&mut written, "tokenUrl", scheme.token_endpoint.as_deref());
        }
        put(
            &mut written,
            "refreshUrl",
            scheme.refresh_endpoint.as_deref(),
        );
        written.insert("scopes".into(), scopes.clone());
        out.insert(key.into(), Value::Object(written));
    }
    out
}

/// One requirement: each scheme with the scopes asked of it. A `none` scheme asks nothing.
fn requirement(spec: &Spec, requirement: &Requirement) -> Value {
    let mut out = Map::new();
    for use_ in &requirement.schemes {
        let declared = spec
            .authentication
            .as_ref()
            .and_then(|auth| auth.schemes.get(&use_.scheme));
        if declared.is_some_and(|scheme| scheme.kind == AuthKind::None) {
            continue;
        }
        out.insert(component_key(&use_.scheme), json!(use_.scopes));
    }
    Value::Object(out)
}

fn requirements(spec: &Spec, alternatives: &[Requirement]) -> Value {
    Value::Array(
        alternatives
            .iter()
            .map(|alternative| requirement(spec, alternative))
            .collect(),
    )
}

/// The document's `security`: what endpoints accept unless they say otherwise.
pub(super) fn default_requirements(spec: &Spec) -> Option<Value> {
    let auth = spec.authentication.as_ref()?;
    let alternatives = auth.default_security();
    if alternatives.is_empty() {
        return None;
    }
    Some(requirements(spec, &alternatives))
}

/// An operation's `security`, when it differs from the document's: a public endpoint
/// accepts an empty requirement (`[{}]`).
pub(super) fn operation_requirements(spec: &Spec, endpoint: &Endpoint) -> Option<Value> {
    let own = requirements(spec, &spec.security_of(endpoint));
    let document = default_requirements(spec).unwrap_or_else(|| json!([]));
    match own {
        Value::Array(items) if items.is_empty() => None,
        own if own == document => None,
        own => Some(own),
    }
}
