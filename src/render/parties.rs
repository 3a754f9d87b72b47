//! Who plays which part when a client calls the API: the client, the API and, for OAuth 2.0,
//! the authorization server, as the diagram of an authentication scheme shows them.
//!
//! A system's declared `role` decides. Without roles the spec's flows tell: a message that
//! calls one of the endpoints goes from the client to the API, one that asks for a token (at
//! the scheme's token endpoint, else naming a token without calling an endpoint) goes to the
//! authorization server. Then the names and kinds: a system named like an identity provider is the
//! authorization server, an internal system the API (the provider runs it), an external one
//! the client. Only a part no declared system plays gets a generic participant.
//!
//! The participants' names are distinct: a generic participant gives way to a declared
//! system of its name (a system named `Client` that plays the API), and a system drawn twice
//! says which part each is.

use std::borrow::Cow;

use super::blocks::systems_of;
use crate::spec::{AuthScheme, Spec, Step, System, SystemKind, SystemRole, each_step};

/// A participant of the authentication diagram.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Party<'s> {
    /// The name shown, distinct from the other parties'.
    pub(super) name: Cow<'s, str>,
    /// The declared system's kind; `None` for a participant no system declares.
    pub(super) kind: Option<SystemKind>,
}

/// The parts of the authentication diagram.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Parties<'s> {
    pub(super) client: Party<'s>,
    pub(super) api: Party<'s>,
    pub(super) authorization_server: Party<'s>,
}

/// Who plays which part in `spec` when a client uses `scheme` (whose token endpoint tells
/// which system issues its tokens).
pub(super) fn parties<'s>(spec: &'s Spec, scheme: &AuthScheme) -> Parties<'s> {
    let systems = systems_of(spec);
    let declared = |name: &str| systems.iter().find(|system| system.name == name);
    let with_role = |role| systems.iter().find(|system| system.role == Some(role));
    let calls = messages(spec);
    let calls_endpoint = |text: &str| {
        spec.endpoints
            .values()
            .any(|endpoint| text.contains(endpoint.path.as_str()))
    };
    let token_path = scheme
        .token_endpoint
        .as_deref()
        .map(url_path)
        .filter(|path| path.len() > 1);
    let calls_token_endpoint = |text: &str| token_path.is_some_and(|path| text.contains(path));
    let names_token = |text: &str| text.to_lowercase().contains("token") && !calls_endpoint(text);

    // The scheme's own token endpoint first: another scheme's tokens may come from elsewhere.
    let authorization_server = with_role(SystemRole::AuthorizationServer)
        .or_else(|| {
            calls
                .iter()
                .filter(|(_, _, text)| calls_token_endpoint(text))
                .find_map(|(_, to, _)| declared(to))
        })
        .or_else(|| {
            calls
                .iter()
                .filter(|(_, _, text)| names_token(text))
                .find_map(|(_, to, _)| declared(to))
        })
        .or_else(|| {
            systems
                .iter()
                .find(|system| looks_like_identity_provider(&system.name))
        });
    let is_auth = |system: &&System| Some(*system) == authorization_server;
    let api = with_role(SystemRole::Api)
        .or_else(|| {
            calls
                .iter()
                .filter(|(_, _, text)| calls_endpoint(text))
                .find_map(|(_, to, _)| declared(to).filter(|system| !is_auth(system)))
        })
        .or_else(|| {
            systems
                .iter()
                .find(|system| system.kind == SystemKind::Internal && !is_auth(system))
        });
    let is_api = |system: &&System| Some(*system) == api;
    let client = with_role(SystemRole::Client)
        .or_else(|| {
            calls
                .iter()
                .filter(|(_, to, text)| {
                    calls_endpoint(text) && api.is_some_and(|api| api.name == *to)
                })
                .find_map(|(from, _, _)| declared(from).filter(|system| !is_auth(system)))
        })
        .or_else(|| {
            systems.iter().find(|system| {
                system.kind == SystemKind::External && !is_auth(system) && !is_api(system)
            })
        });
    let mut parties = Parties {
        client: party(client),
        api: party(api),
        authorization_server: party(authorization_server),
    };
    parties.distinct_names();
    parties
}

impl Parties<'_> {
    /// Gives every party a name no other has (ignoring case). Declared systems keep theirs,
    /// in the order client, API, authorization server; a system already drawn for another
    /// part, and then each generic participant, take the first free name of their part.
    fn distinct_names(&mut self) {
        let mut slots = [
            (SystemRole::Client, &mut self.client),
            (SystemRole::Api, &mut self.api),
            (
                SystemRole::AuthorizationServer,
                &mut self.authorization_server,
            ),
        ];
        let mut taken: Vec<String> = Vec::new();
        for declared in [true, false] {
            for (role, party) in &mut slots {
                if party.kind.is_some() != declared {
                    continue;
                }
                let names: Vec<String> = if declared {
                    vec![
                        party.name.to_string(),
                        format!("{} ({})", party.name, role.title()),
                    ]
                } else {
                    generic_names(*role)
                        .iter()
                        .map(|&name| name.to_owned())
                        .collect()
                };
                let free = |name: &String| !taken.contains(&name.to_lowercase());
                let name = names
                    .iter()
                    .find(|name| free(name))
                    .cloned()
                    .unwrap_or_else(|| {
                        (2..)
                            .map(|n| format!("{} {n}", names[0]))
                            .find(|name| free(name))
                            .unwrap_or_default()
                    });
                taken.push(name.to_lowercase());
                if name != party.name {
                    party.name = Cow::Owned(name);
                }
            }
        }
    }
}

/// The names of a participant no declared system plays, the usual first.
fn generic_names(role: SystemRole) -> &'static [&'static str] {
    match role {
        SystemRole::Client => &["Client", "API client"],
        SystemRole::Api => &["API", "API server"],
        SystemRole::AuthorizationServer => &["Authorization server", "Token issuer"],
    }
}

/// Every message of every flow that is not a reply, in order: sender, receiver, text.
fn messages(spec: &Spec) -> Vec<(&str, &str, &str)> {
    let mut out = Vec::new();
    for flow in spec.flows.values() {
        each_step(&flow.steps, &mut |step| {
            if let Step::Message {
                from,
                to,
                reply: false,
                text,
            } = step
            {
                out.push((from.as_str(), to.as_str(), text.as_str()));
            }
        });
    }
    out
}

/// The path of a URL (`/oauth/token` of `https://auth.example.com/oauth/token`), or the text.
fn url_path(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    rest.find('/').map_or(rest, |at| &rest[at..])
}

/// Names identity providers and token services usually go by.
fn looks_like_identity_provider(name: &str) -> bool {
    let name = name.to_lowercase();
    [
        "auth", "identity", "idp", "sso", "token", "login", "keycloak", "okta",
    ]
    .iter()
    .any(|word| name.contains(word))
}

/// The declared `system`, or a participant no system declares, named by `distinct_names`.
fn party(system: Option<&System>) -> Party<'_> {
    match system {
        Some(system) => Party {
            name: Cow::Borrowed(system.name.as_str()),
            kind: Some(system.kind),
        },
        None => Party {
            name: Cow::Borrowed(""),
            kind: None,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{Format, parse_spec};

    fn names(yaml: &str) -> (String, String, String) {
        let text = format!(
            "integration-spec: \"1.0\"\ninfo: {{title: T, version: 1.0.0}}\n\
             authentication: {{type: oauth2, token_endpoint: https://id.example.com/oauth/token}}\n{yaml}"
        );
        let (spec, diags) = parse_spec(&text, Format::Yaml);
        assert!(diags.is_empty(), "{diags:?}");
        let spec = spec.unwrap();
        let scheme = &spec.authentication.as_ref().unwrap().schemes["oauth2"];
        let parties = parties(&spec, scheme);
        (
            parties.client.name.into_owned(),
            parties.api.name.into_owned(),
            parties.authorization_server.name.into_owned(),
        )
    }

    fn expect(client: &str, api: &str, auth: &str) -> (String, String, String) {
        (client.to_owned(), api.to_owned(), auth.to_owned())
    }

    #[test]
    fn declared_roles_decide() {
        let yaml = "overview:\n  systems:\n\
                    \x20   - {name: Shop, kind: internal, role: client}\n\
                    \x20   - {name: Issuer, kind: external, role: authorization_server}\n\
                    \x20   - {name: Payments, kind: external, role: api}\n";
        assert_eq!(names(yaml), expect("Shop", "Payments", "Issuer"));
    }

    #[test]
    fn a_declared_authorization_server_is_recognised_by_its_name() {
        // Listed first, it is neither the API nor the client.
        let yaml = "overview:\n  systems: [Auth Server, API Gateway]\n";
        assert_eq!(names(yaml), expect("Client", "API Gateway", "Auth Server"));
    }

    #[test]
    fn flows_tell_who_calls_whom() {
        // The provider's API is external, the integrating app internal.
        let yaml = "overview:\n  systems:\n\
                    \x20   - {name: Checkout App, kind: internal}\n\
                    \x20   - {name: Payments API, kind: external}\n\
                    \x20   - {name: Identity, kind: external}\n\
                    endpoints:\n  pay: {method: POST, path: /v1/payments}\n\
                    flows:\n  pay:\n    steps:\n\
                    \x20     - Checkout App -> Identity: POST /oauth/token\n\
                    \x20     - Checkout App -> Payments API: POST /v1/payments with the access token\n\
                    \x20     - Payments API --> Checkout App: 201 Created\n";
        assert_eq!(
            names(yaml),
            expect("Checkout App", "Payments API", "Identity")
        );
    }

    #[test]
    fn kinds_decide_without_flows() {
        let yaml = "overview:\n  systems:\n\
                    \x20   - {name: Partner, kind: external}\n\
                    \x20   - {name: Orders Service, kind: internal}\n";
        assert_eq!(
            names(yaml),
            expect("Partner", "Orders Service", "Authorization server")
        );
    }

    #[test]
    fn each_scheme_has_its_own_token_issuer() {
        let text = "integration-spec: \"1.0\"\ninfo: {title: T, version: 1.0.0}\n\
             overview:\n  systems: [{name: App, kind: external}, Gateway, Partner IdP, Staff IdP]\n\
             authentication:\n\
             \x20 partner: {type: oauth2, token_endpoint: https://partners.example.com/oauth/token}\n\
             \x20 staff: {type: openid_connect, token_endpoint: https://staff.example.com/sso/token}\n\
             flows:\n  f:\n    steps:\n\
             \x20     - App -> Staff IdP: POST /sso/token\n\
             \x20     - App -> Partner IdP: POST /oauth/token\n";
        let (spec, diags) = parse_spec(text, Format::Yaml);
        assert!(diags.is_empty(), "{diags:?}");
        let spec = spec.unwrap();
        let schemes = &spec.authentication.as_ref().unwrap().schemes;
        let issuer = |name: &str| {
            parties(&spec, &schemes[name])
                .authorization_server
                .name
                .into_owned()
        };
        assert_eq!(issuer("partner"), "Partner IdP");
        assert_eq!(issuer("staff"), "Staff IdP");
    }

    #[test]
    fn participants_have_distinct_names() {
        // A system named `Client` plays the API: the generic client gives way.
        let yaml = "overview:\n  systems: [{name: Client, kind: internal}, Token Service]\n";
        assert_eq!(names(yaml), expect("API client", "Client", "Token Service"));
        // Names that differ only in case are the same name to a reader.
        let yaml = "overview:\n  systems: [{name: api, kind: external}]\n";
        assert_eq!(
            names(yaml),
            expect("api", "API server", "Authorization server")
        );
        // One system found for two parts says which part each is.
        let yaml = "overview:\n  systems:\n\
                    \x20   - {name: Shop, kind: external, role: client}\n\
                    \x20   - {name: Auth, kind: internal}\n\
                    endpoints:\n  pay: {method: POST, path: /v1/payments}\n\
                    flows:\n  pay:\n    steps:\n\
                    \x20     - Auth -> Shop: POST /v1/payments\n";
        assert_eq!(names(yaml), expect("Shop", "Shop (API)", "Auth"));
    }

    #[test]
    fn no_systems_no_names() {
        assert_eq!(names(""), expect("Client", "API", "Authorization server"));
    }
}
