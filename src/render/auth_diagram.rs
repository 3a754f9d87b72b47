//! The sequence diagram of one authentication scheme: how a client obtains its credentials
//! (the OAuth 2.0 grants, PKCE's verifier and challenge, an OpenID Connect discovery) and
//! presents them (a header, a client certificate, a signature), and what the API answers.
//! Spec text is escaped by `mermaid`'s label escapes.

use std::fmt::Write as _;

use super::mermaid::{escape_branch_label, escape_label};
use super::parties::{Parties, Party};
use crate::spec::{AuthKind, AuthScheme, KeyLocation, OAuthFlow, PkceMethod, SystemKind};

/// How a participant is declared: external systems as actors, as in the flows.
fn declare(out: &mut String, id: &str, party: &Party<'_>) {
    let keyword = match party.kind {
        Some(SystemKind::External) => "actor",
        Some(SystemKind::Internal) | None => "participant",
    };
    let _ = writeln!(out, "    {keyword} {id} as {}", escape_label(&party.name));
}

/// A `sequenceDiagram` of how a client obtains and presents the credentials of `scheme`;
/// none for a scheme of no authentication.
pub(crate) fn auth_diagram(scheme: &AuthScheme, parties: &Parties<'_>) -> Option<String> {
    let header = scheme
        .headers
        .iter()
        .find(|(name, _)| !name.eq_ignore_ascii_case("content-type"))
        .map(|(name, value)| format!("{name}: {value}"));
    let mut out = String::from("sequenceDiagram\n");
    declare(&mut out, "c", &parties.client);
    match scheme.kind {
        AuthKind::None => return None,
        AuthKind::OAuth2 | AuthKind::OpenIdConnect => {
            declare(&mut out, "auth", &parties.authorization_server);
            declare(&mut out, "api", &parties.api);
            oauth(&mut out, scheme);
            call(
                &mut out,
                &header.unwrap_or_else(|| "Authorization: Bearer access_token".to_owned()),
            );
        }
        AuthKind::Bearer => {
            declare(&mut out, "api", &parties.api);
            let issued = match &scheme.token_format {
                Some(format) => format!("{format} token issued out of band"),
                None => "Token issued out of band".to_owned(),
            };
            let _ = writeln!(out, "    Note over c: {}", escape_label(&issued));
            call(
                &mut out,
                &header.unwrap_or_else(|| "Authorization: Bearer token".to_owned()),
            );
        }
        AuthKind::ApiKey => {
            declare(&mut out, "api", &parties.api);
            let _ = writeln!(out, "    Note over c: API key issued out of band");
            let place = scheme.api_key.as_ref().map(|place| match place.location {
                KeyLocation::Header => format!("{}: api_key", place.name),
                KeyLocation::Query => format!("the query parameter {}", place.name),
                KeyLocation::Cookie => format!("the cookie {}", place.name),
            });
            call(
                &mut out,
                &header
                    .or(place)
                    .unwrap_or_else(|| "API key header".to_owned()),
            );
        }
        AuthKind::Basic => {
            declare(&mut out, "api", &parties.api);
            call(
                &mut out,
                &header.unwrap_or_else(|| "Authorization: Basic credentials".to_owned()),
            );
        }
        AuthKind::Mtls => {
            declare(&mut out, "api", &parties.api);
            let _ = writeln!(out, "    c->>api: TLS handshake with client certificate");
            let _ = writeln!(out, "    api-->>c: Server certificate, handshake complete");
            call(
                &mut out,
                &header.unwrap_or_else(|| "the mutually authenticated connection".to_owned()),
            );
        }
        AuthKind::Hmac => {
            declare(&mut out, "api", &parties.api);
            hmac(&mut out, scheme);
        }
    }
    Some(out)
}

/// The request with its credential, and the two answers.
fn call(out: &mut String, credential: &str) {
    let _ = writeln!(
        out,
        "    c->>api: API request with {}",
        escape_label(credential)
    );
    let _ = writeln!(out, "    alt Credentials valid");
    let _ = writeln!(out, "        api-->>c: Response");
    let _ = writeln!(out, "    else Missing or invalid");
    let _ = writeln!(out, "        api-->>c: 401 Unauthorized");
    let _ = writeln!(out, "    end");
}

/// Discovery (OpenID Connect), the grants (one, or each in a branch), the refresh note.
fn oauth(out: &mut String, scheme: &AuthScheme) {
    let oidc = scheme.kind == AuthKind::OpenIdConnect;
    if let Some(url) = &scheme.discovery_url {
        let _ = writeln!(out, "    c->>auth: {}", escape_label(&format!("GET {url}")));
        let _ = writeln!(out, "    auth-->>c: Endpoints and signing keys");
    }
    let default = if oidc {
        OAuthFlow::AuthorizationCode
    } else {
        OAuthFlow::ClientCredentials
    };
    match scheme.flows.as_slice() {
        [] => grant(out, scheme, default, "    "),
        [flow] => grant(out, scheme, *flow, "    "),
        flows => {
            for (idx, flow) in flows.iter().enumerate() {
                let keyword = if idx == 0 { "alt" } else { "else" };
                let _ = writeln!(out, "    {keyword} {}", escape_branch_label(flow.as_str()));
                grant(out, scheme, *flow, "        ");
            }
            let _ = writeln!(out, "    end");
        }
    }
    if let Some(refresh) = &scheme.token_refresh
        && let Some(seconds) = refresh.threshold_seconds
    {
        let _ = writeln!(out, "    Note over c: Refresh {seconds} s before expiry");
    }
}

/// The messages of one grant, ending with the tokens, at `indent`.
fn grant(out: &mut String, scheme: &AuthScheme, flow: OAuthFlow, indent: &str) {
    let token = scheme
        .token_endpoint
        .as_deref()
        .map_or_else(|| "token endpoint".to_owned(), |url| format!("POST {url}"));
    let authorize = scheme.authorization_endpoint.as_deref().map_or_else(
        || "authorization endpoint".to_owned(),
        |url| format!("GET {url}"),
    );
    let tokens = if scheme.kind == AuthKind::OpenIdConnect {
        "access_token, id_token, expires_in"
    } else {
        "access_token, expires_in"
    };
    match flow {
        OAuthFlow::ClientCredentials => {
            let _ = writeln!(
                out,
                "{indent}c->>auth: {} (grant_type=client_credentials, client_id, client_secret)",
                escape_label(&token)
            );
        }
        OAuthFlow::AuthorizationCode => match scheme.pkce {
            None => {
                let _ = writeln!(
                    out,
                    "{indent}c->>auth: {} (response_type=code)",
                    escape_label(&authorize)
                );
                let _ = writeln!(out, "{indent}auth-->>c: Redirect with authorization code");
                let _ = writeln!(
                    out,
                    "{indent}c->>auth: {} (grant_type=authorization_code, code)",
                    escape_label(&token)
                );
            }
            Some(method) => {
                let challenge = match method {
                    PkceMethod::S256 => "code_challenge = BASE64URL(SHA256(code_verifier))",
                    PkceMethod::Plain => "code_challenge = code_verifier",
                };
                let _ = writeln!(
                    out,
                    "{indent}Note over c: New random code_verifier,<br>{challenge}"
                );
                let _ = writeln!(
                    out,
                    "{indent}c->>auth: {} (response_type=code, code_challenge, code_challenge_method={})",
                    escape_label(&authorize),
                    method.as_str()
                );
                let _ = writeln!(out, "{indent}auth-->>c: Redirect with authorization code");
                let _ = writeln!(
                    out,
                    "{indent}c->>auth: {} (grant_type=authorization_code, code, code_verifier)",
                    escape_label(&token)
                );
                let _ = writeln!(
                    out,
                    "{indent}Note over auth: Checks the code_verifier<br>against the code_challenge"
                );
            }
        },
        OAuthFlow::DeviceCode => {
            let _ = writeln!(out, "{indent}c->>auth: Request device code");
            let _ = writeln!(
                out,
                "{indent}auth-->>c: device_code, user_code, verification URL"
            );
            let _ = writeln!(out, "{indent}loop Until the user approves");
            let _ = writeln!(
                out,
                "{indent}    c->>auth: {} (grant_type=device_code)",
                escape_label(&token)
            );
            let _ = writeln!(out, "{indent}end");
        }
        OAuthFlow::Implicit => {
            let _ = writeln!(
                out,
                "{indent}c->>auth: {} (response_type=token)",
                escape_label(&authorize)
            );
            let _ = writeln!(
                out,
                "{indent}auth-->>c: Redirect with {tokens} in the URL fragment"
            );
            return;
        }
        OAuthFlow::Password => {
            let _ = writeln!(
                out,
                "{indent}c->>auth: {} (grant_type=password, username, password)",
                escape_label(&token)
            );
        }
    }
    let _ = writeln!(out, "{indent}auth-->>c: {tokens}");
}

/// HMAC request signing: the client signs, the API recomputes.
fn hmac(out: &mut String, scheme: &AuthScheme) {
    let signing = scheme.signing.clone().unwrap_or_default();
    let algorithm = signing.algorithm.as_deref().unwrap_or("HMAC");
    let mut segments = vec![format!("signature = {algorithm}(secret,")];
    if signing.signed.is_empty() {
        segments.push("the request)".to_owned());
    }
    for (idx, part) in signing.signed.iter().enumerate() {
        let plus = if idx == 0 { "" } else { "+ " };
        let close = if idx + 1 == signing.signed.len() {
            ")"
        } else {
            ""
        };
        segments.push(format!("{plus}{part}{close}"));
    }
    let _ = writeln!(out, "    Note over c: {}", wrapped(&segments));
    let header = signing.header.as_deref().unwrap_or("the signature header");
    let _ = writeln!(
        out,
        "    c->>api: API request with {}",
        escape_label(&format!("{header}: signature"))
    );
    let _ = writeln!(out, "    Note over api: Recomputes the signature");
    let _ = writeln!(out, "    alt Signatures match");
    let _ = writeln!(out, "        api-->>c: Response");
    let _ = writeln!(out, "    else Missing or different");
    let _ = writeln!(out, "        api-->>c: 401 Unauthorized");
    let _ = writeln!(out, "    end");
}

/// A note's segments on lines of about 40 characters, joined by spaces and broken between
/// segments with `<br>` (Mermaid sizes a note's box by its longest line), each line escaped.
fn wrapped(segments: &[String]) -> String {
    let mut lines: Vec<String> = Vec::new();
    for segment in segments {
        match lines.last_mut() {
            Some(line) if line.chars().count() + 1 + segment.chars().count() <= 40 => {
                line.push(' ');
                line.push_str(segment);
            }
            _ => lines.push(segment.clone()),
        }
    }
    let lines: Vec<String> = lines.iter().map(|line| escape_label(line)).collect();
    lines.join("<br>")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::{Signing, TokenRefresh};

    fn parties() -> Parties<'static> {
        let party = |name| Party {
            name: std::borrow::Cow::Borrowed(name),
            kind: None,
        };
        Parties {
            client: party("Client"),
            api: party("API"),
            authorization_server: party("Authorization server"),
        }
    }

    #[test]
    fn pkce_adds_the_verifier_and_the_challenge() {
        let mut scheme = AuthScheme::new(AuthKind::OAuth2);
        scheme.flows = vec![OAuthFlow::AuthorizationCode];
        scheme.pkce = Some(PkceMethod::S256);
        scheme.token_endpoint = Some("https://id.example.com/token".to_owned());
        let diagram = auth_diagram(&scheme, &parties()).unwrap();
        assert!(
            diagram.contains("code_verifier,<br>code_challenge = BASE64URL(SHA256(code_verifier))")
        );
        assert!(diagram.contains("code_challenge_method=S256)"), "{diagram}");
        assert!(diagram.contains("(grant_type=authorization_code, code, code_verifier)"));
    }

    #[test]
    fn several_grants_are_branches() {
        let mut scheme = AuthScheme::new(AuthKind::OAuth2);
        scheme.flows = vec![OAuthFlow::AuthorizationCode, OAuthFlow::ClientCredentials];
        scheme.token_refresh = Some(TokenRefresh {
            automatic: None,
            threshold_seconds: Some(60),
        });
        let diagram = auth_diagram(&scheme, &parties()).unwrap();
        let expected = "    alt authorization_code\n\
                        \x20       c->>auth: authorization endpoint (response_type=code)\n\
                        \x20       auth-->>c: Redirect with authorization code\n\
                        \x20       c->>auth: token endpoint (grant_type=authorization_code, code)\n\
                        \x20       auth-->>c: access_token, expires_in\n\
                        \x20   else client_credentials\n";
        assert!(diagram.contains(expected), "{diagram}");
        assert!(diagram.contains("    end\n    Note over c: Refresh 60 s before expiry\n"));
    }

    #[test]
    fn hmac_signs_what_the_scheme_says() {
        let mut scheme = AuthScheme::new(AuthKind::Hmac);
        scheme.signing = Some(Signing {
            header: Some("X-Signature".to_owned()),
            algorithm: Some("HMAC-SHA256".to_owned()),
            signed: vec!["method".to_owned(), "path".to_owned(), "body".to_owned()],
            secret: None,
        });
        let diagram = auth_diagram(&scheme, &parties()).unwrap();
        assert!(
            diagram
                .contains("Note over c: signature = HMAC-SHA256(secret, method<br>+ path + body)"),
            "{diagram}"
        );
        assert!(diagram.contains("c->>api: API request with X-Signature#58; signature"));
    }

    #[test]
    fn no_authentication_has_no_diagram() {
        assert_eq!(
            auth_diagram(&AuthScheme::new(AuthKind::None), &parties()),
            None
        );
    }
}
