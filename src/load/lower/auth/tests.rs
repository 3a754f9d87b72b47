//! Lowering the `authentication` section and endpoints' `auth`.

use crate::diagnostic::Diagnostic;
use crate::load::{Format, parse_spec};
use crate::spec::*;

const MINIMAL: &str = "integration-spec: \"1.0\"\ninfo: {title: T, version: 1.0.0}\n";

fn lower(yaml: &str) -> (Option<Spec>, Vec<Diagnostic>) {
    parse_spec(&format!("{MINIMAL}{yaml}"), Format::Yaml)
}

fn messages(yaml: &str) -> Vec<String> {
    lower(yaml)
        .1
        .into_iter()
        .map(|diag| {
            let path = diag.path.map(|path| path.to_string()).unwrap_or_default();
            format!("{}: {} at {path}", diag.code, diag.message)
        })
        .collect()
}

fn auth(yaml: &str) -> Authentication {
    let (spec, diags) = lower(yaml);
    assert_eq!(diags, [], "{yaml}");
    spec.unwrap().authentication.unwrap()
}

#[test]
fn one_scheme_is_named_after_its_type() {
    let auth = auth("authentication: {type: oauth2, flow: client_credentials}\n");
    assert!(!auth.named);
    assert_eq!(auth.schemes.keys().collect::<Vec<_>>(), ["oauth2"]);
    assert_eq!(auth.schemes["oauth2"].flows, [OAuthFlow::ClientCredentials]);
    assert_eq!(auth.default, None);
}

#[test]
fn named_schemes_keep_their_order_and_the_default() {
    let yaml = "authentication:\n\
                \x20 x-note: ignored\n\
                \x20 default: [{ tls: ~, partner: [read] }, key]\n\
                \x20 partner:\n\
                \x20   type: oauth2\n\
                \x20   flow: [authorization_code, Client_Credentials]\n\
                \x20   pkce: true\n\
                \x20   scopes: { read: Read }\n\
                \x20 tls: { type: mtls }\n\
                \x20 key: { type: api_key, cookie: session }\n\
                \x20 signing: { type: hmac, header: X-Signature, signed: body, secret: The secret }\n";
    let auth = auth(yaml);
    assert!(auth.named);
    assert_eq!(
        auth.schemes.keys().collect::<Vec<_>>(),
        ["partner", "tls", "key", "signing"]
    );
    let partner = &auth.schemes["partner"];
    assert_eq!(
        partner.flows,
        [OAuthFlow::AuthorizationCode, OAuthFlow::ClientCredentials]
    );
    assert_eq!(partner.pkce, Some(PkceMethod::S256));
    assert_eq!(
        auth.schemes["key"].api_key,
        Some(ApiKeyPlace {
            location: KeyLocation::Cookie,
            name: "session".into()
        })
    );
    let signing = auth.schemes["signing"].signing.as_ref().unwrap();
    assert_eq!(signing.header.as_deref(), Some("X-Signature"));
    assert_eq!(signing.signed, ["body"]);
    let default = auth.default.unwrap();
    assert!(default.listed);
    assert_eq!(default.alternatives.len(), 2);
    assert_eq!(
        default.alternatives[0].schemes,
        [
            SchemeUse {
                scheme: "tls".into(),
                scopes: vec![],
                bare: false
            },
            SchemeUse {
                scheme: "partner".into(),
                scopes: vec!["read".into()],
                bare: false
            }
        ]
    );
    assert_eq!(default.alternatives[1].schemes, [SchemeUse::bare("key")]);
}

#[test]
fn endpoints_name_schemes_alone_together_or_as_alternatives() {
    let yaml = "authentication:\n  a: {type: api_key, header: X-Key}\n  b: {type: oauth2, scopes: {r: R}}\n\
                endpoints:\n\
                \x20 alone: {method: GET, path: /1, auth: a}\n\
                \x20 together: {method: GET, path: /2, auth: {a: ~, b: r}}\n\
                \x20 either: {method: GET, path: /3, auth: [a, {b: [r]}, none]}\n\
                \x20 default: {method: GET, path: /4, auth: {scopes: [r]}}\n\
                \x20 public: {method: GET, path: /5, auth: none}\n";
    let (spec, diags) = lower(yaml);
    assert_eq!(diags, []);
    let spec = spec.unwrap();
    let auth = |id: &str| spec.endpoints[id].auth.clone();
    let schemes = |alternatives: Vec<Vec<SchemeUse>>, listed| {
        EndpointAuth::Schemes(Security {
            alternatives: alternatives
                .into_iter()
                .map(|schemes| Requirement { schemes })
                .collect(),
            listed,
        })
    };
    let with = |scheme: &str, scopes: &[&str]| SchemeUse {
        scheme: scheme.into(),
        scopes: scopes.iter().map(|scope| (*scope).to_owned()).collect(),
        bare: false,
    };
    assert_eq!(
        auth("alone"),
        schemes(vec![vec![SchemeUse::bare("a")]], false)
    );
    assert_eq!(
        auth("together"),
        schemes(vec![vec![with("a", &[]), with("b", &["r"])]], false)
    );
    assert_eq!(
        auth("either"),
        schemes(
            vec![vec![SchemeUse::bare("a")], vec![with("b", &["r"])], vec![]],
            true
        )
    );
    // The default (the first scheme) takes the scopes of `auth: { scopes }`, in every
    // alternative to the scheme that declares them.
    let mut scoped = SchemeUse::bare("a");
    scoped.scopes.push("r".into());
    assert_eq!(
        spec.security_of(&spec.endpoints["default"]),
        [Requirement {
            schemes: vec![scoped]
        }]
    );
    assert_eq!(
        spec.security_of(&spec.endpoints["public"]),
        [Requirement::default()]
    );
}

#[test]
fn misplaced_keys_are_reported_not_dropped() {
    let yaml = "authentication:\n\
                \x20 key: {type: api_key, header: X-Key, query: key, pkce: true}\n\
                \x20 sign: {type: hmac, algorithm: HMAC-SHA256}\n\
                \x20 code: {type: oauth2, flow: client_credentials, pkce: S256}\n\
                \x20 none: {type: none}\n\
                \x20 tpye: oauth2\n";
    assert_eq!(
        messages(yaml),
        [
            "invalid-value: an API key goes in one place: a header, the query or a cookie at authentication.key.query",
            "unknown-field: `pkce` does not apply to a scheme of type `api_key` at authentication.key.pkce",
            "missing-field: an `hmac` scheme needs `header`, the header that carries the signature at authentication.sign",
            "invalid-value: PKCE belongs to the `authorization_code` flow, which this scheme does not offer at authentication.code.pkce",
            "invalid-value: a scheme cannot be named `none` at authentication.none",
            "unknown-field: unknown field `tpye` in the `authentication` section at authentication.tpye",
        ]
    );
}

#[test]
fn endpoint_auth_mistakes_are_explained() {
    let yaml = "authentication:\n  a: {type: api_key, scopes: {r: R}}\n\
                endpoints:\n\
                \x20 typo: {method: GET, path: /1, auth: {scope: [r]}}\n\
                \x20 mixed: {method: GET, path: /2, auth: {scopes: [r], a: [r]}}\n\
                \x20 empty: {method: GET, path: /3, auth: []}\n\
                \x20 hollow: {method: GET, path: /4, auth: [{}]}\n\
                \x20 number: {method: GET, path: /5, auth: [[a]]}\n\
                \x20 case: {method: GET, path: /6, auth: None}\n";
    assert_eq!(
        messages(yaml),
        [
            "unknown-field: unknown field `scope` in `auth` at endpoints.typo.auth.scope",
            "invalid-value: `auth` names the scheme `a` beside `scopes` at endpoints.mixed.auth.a",
            "invalid-value: an empty list names no scheme at endpoints.empty.auth",
            "invalid-value: an empty mapping names no scheme at endpoints.hollow.auth[0]",
            "invalid-type: expected a scheme's name or a mapping of schemes to scopes, found a list at endpoints.number.auth[0]",
            "invalid-value: `auth: None` is not recognised; a public endpoint says `auth: none` at endpoints.case.auth",
        ]
    );
}

#[test]
fn a_single_scheme_reads_as_before() {
    // `type` missing: the section is one scheme, and says so.
    assert_eq!(
        messages("authentication: {scopes: {a: A}}\n"),
        ["missing-field: `authentication` needs `type` at authentication"]
    );
    assert_eq!(
        messages("authentication: {}\n"),
        ["missing-field: `authentication` needs `type` at authentication"]
    );
    assert_eq!(
        messages("authentication:\n  partner: {flow: client_credentials}\n"),
        ["missing-field: an authentication scheme needs `type` at authentication.partner"]
    );
}

#[test]
fn keys_of_other_types_of_scheme_are_reported() {
    let yaml = "authentication:\n\
                \x20 key: {type: api_key, header: X-Key, flow: client_credentials, token_endpoint: https://a.example/t, authorization_endpoint: https://a.example/a, scopes: {admin: Admin}}\n\
                \x20 code: {type: oauth2, header: X-Key, token_url: https://a.example/t}\n\
                \x20 basic: {type: basic, token_refresh: {automatic: true}}\n\
                \x20 token: {type: bearer, token_refresh: {automatic: true}}\n";
    let (_, diags) = lower(yaml);
    let found: Vec<String> = diags
        .iter()
        .map(|diag| {
            format!(
                "{} at {}; {}",
                diag.message,
                diag.path.as_ref().unwrap(),
                diag.help.as_deref().unwrap_or_default()
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            "`flow` does not apply to a scheme of type `api_key` at authentication.key.flow; only `oauth2` and `openid_connect` schemes take `flow`; remove it, or change `type`",
            "`token_endpoint` does not apply to a scheme of type `api_key` at authentication.key.token_endpoint; only `oauth2` and `openid_connect` schemes take `token_endpoint`; remove it, or change `type`",
            "`authorization_endpoint` does not apply to a scheme of type `api_key` at authentication.key.authorization_endpoint; only `oauth2` and `openid_connect` schemes take `authorization_endpoint`; remove it, or change `type`",
            "unknown field `token_url` in an authentication scheme at authentication.code.token_url; did you mean `token_endpoint`?",
            "`header` does not apply to a scheme of type `oauth2` at authentication.code.header; only `api_key` and `hmac` schemes take `header`; remove it, or change `type`",
            "`token_refresh` does not apply to a scheme of type `basic` at authentication.basic.token_refresh; only `bearer`, `oauth2` and `openid_connect` schemes take `token_refresh`; remove it, or change `type`",
        ]
    );
    // A near miss is looked for among the keys the type takes, then among the others.
    let found = messages(
        "authentication:\n  type: api_key\n  tokenUrl: https://a.example/t\n  heder: X-Key\n",
    );
    assert_eq!(
        found,
        [
            "unknown-field: unknown field `tokenUrl` in the `authentication` section at authentication.tokenUrl",
            "unknown-field: unknown field `heder` in the `authentication` section at authentication.heder",
        ]
    );
    let (_, diags) = lower(
        "authentication:\n  type: api_key\n  tokenUrl: https://a.example/t\n  heder: X-Key\n",
    );
    assert_eq!(
        diags[0].help.as_deref(),
        Some(
            "did you mean `token_endpoint`? Only `oauth2` and `openid_connect` schemes take it; a scheme of type `api_key` takes `type`, `header`, `query`, `cookie`, `scopes`, `headers`, `description`"
        )
    );
    assert_eq!(diags[1].help.as_deref(), Some("did you mean `header`?"));
}
