//! Authentication: the `authentication` section, written as one scheme or as schemes by name,
//! and the schemes an endpoint accepts (its `auth`), with the tables of their keys.

use indexmap::IndexMap;
use serde_json::Value;

use super::keys::{Key, Shape};
use super::readers::{Lower, Obj, kind_of, scalar_text};
use crate::diagnostic::{Code, Diagnostic, SpecPath, did_you_mean};
use crate::spec::*;

/// The grants `flow` names, in the order of the table.
const FLOWS: &[&str] = &[
    "client_credentials",
    "authorization_code",
    "device_code",
    "implicit",
    "password",
];

const OAUTH: &[AuthKind] = &[AuthKind::OAuth2, AuthKind::OpenIdConnect];
const TOKENS: &[AuthKind] = &[AuthKind::Bearer, AuthKind::OAuth2, AuthKind::OpenIdConnect];
const OAUTH_TAKERS: &str = "`oauth2` and `openid_connect`";

/// The keys of a scheme that only some types of scheme take: which, and how a help names
/// them. Every other key applies to every type.
const ONLY_FOR: &[(&str, &[AuthKind], &str)] = &[
    ("flow", OAUTH, OAUTH_TAKERS),
    ("token_endpoint", OAUTH, OAUTH_TAKERS),
    ("authorization_endpoint", OAUTH, OAUTH_TAKERS),
    ("refresh_endpoint", OAUTH, OAUTH_TAKERS),
    (
        "discovery_url",
        &[AuthKind::OpenIdConnect],
        "`openid_connect`",
    ),
    ("pkce", OAUTH, OAUTH_TAKERS),
    ("format", TOKENS, "`bearer`, `oauth2` and `openid_connect`"),
    (
        "header",
        &[AuthKind::ApiKey, AuthKind::Hmac],
        "`api_key` and `hmac`",
    ),
    ("query", &[AuthKind::ApiKey], "`api_key`"),
    ("cookie", &[AuthKind::ApiKey], "`api_key`"),
    ("algorithm", &[AuthKind::Hmac], "`hmac`"),
    ("signed", &[AuthKind::Hmac], "`hmac`"),
    ("secret", &[AuthKind::Hmac], "`hmac`"),
    (
        "token_refresh",
        TOKENS,
        "`bearer`, `oauth2` and `openid_connect`",
    ),
];

/// OpenAPI's names (and their snake case) for keys a scheme spells its own way.
const OPENAPI_NAMES: &[(&str, &str)] = &[
    ("tokenUrl", "token_endpoint"),
    ("token_url", "token_endpoint"),
    ("authorizationUrl", "authorization_endpoint"),
    ("authorization_url", "authorization_endpoint"),
    ("refreshUrl", "refresh_endpoint"),
    ("refresh_url", "refresh_endpoint"),
    ("openIdConnectUrl", "discovery_url"),
    ("openid_connect_url", "discovery_url"),
    ("bearerFormat", "format"),
    ("bearer_format", "format"),
    ("flows", "flow"),
];

/// The types of scheme that take `key`, and how a help names them; `None` when every type
/// does.
fn only_for(key: &str) -> Option<(&'static [AuthKind], &'static str)> {
    ONLY_FOR
        .iter()
        .find(|(name, _, _)| *name == key)
        .map(|(_, kinds, takers)| (*kinds, *takers))
}

/// Whether a scheme of type `kind` takes `key`.
fn takes(kind: AuthKind, key: &str) -> bool {
    only_for(key).is_none_or(|(kinds, _)| kinds.contains(&kind))
}

impl Lower {
    /// The keys of a scheme: the `authentication` section written as one scheme, or each
    /// named scheme.
    pub(super) const AUTH_SCHEME: &[Key] = &[
        Key::required(
            "type",
            Shape::Keyword(&[
                "oauth2",
                "openid_connect",
                "bearer",
                "api_key",
                "basic",
                "mtls",
                "hmac",
                "none",
            ]),
            "How clients authenticate",
        ),
        Key::optional(
            "flow",
            Shape::OneOf(&[Shape::Keyword(FLOWS), Shape::ListOf(&Shape::Keyword(FLOWS))]),
            "The OAuth 2.0 grant, or a list of the grants the scheme offers, for `oauth2` and `openid_connect`",
        ),
        Key::optional(
            "token_endpoint",
            Shape::Text,
            "Where tokens are issued, for `oauth2` and `openid_connect`",
        ),
        Key::optional(
            "authorization_endpoint",
            Shape::Text,
            "Where users authorise, for `authorization_code` and `implicit`",
        ),
        Key::optional(
            "refresh_endpoint",
            Shape::Text,
            "Where tokens are refreshed, when not at the token endpoint",
        ),
        Key::optional(
            "discovery_url",
            Shape::Text,
            "The OpenID Connect discovery document, for `openid_connect`",
        ),
        Key::optional(
            "pkce",
            Shape::OneOf(&[Shape::Bool, Shape::Keyword(&["s256", "plain"])]),
            "PKCE for `authorization_code`: `S256` (or `true`) or `plain`",
        ),
        Key::optional(
            "format",
            Shape::Text,
            "The format of bearer tokens, e.g. JWT, for `bearer` and OAuth 2.0",
        ),
        Key::optional(
            "header",
            Shape::Text,
            "The header that carries the API key (`api_key`) or the signature (`hmac`)",
        ),
        Key::optional(
            "query",
            Shape::Text,
            "The query parameter that carries the API key, for `api_key`",
        ),
        Key::optional(
            "cookie",
            Shape::Text,
            "The cookie that carries the API key, for `api_key`",
        ),
        Key::optional(
            "algorithm",
            Shape::Text,
            "The signing algorithm, e.g. HMAC-SHA256, for `hmac`",
        ),
        Key::optional(
            "signed",
            Shape::Texts,
            "What is signed, in order, for `hmac`",
        ),
        Key::optional(
            "secret",
            Shape::Text,
            "Which secret signs and where clients get it, for `hmac`",
        ),
        Key::optional(
            "scopes",
            Shape::MapOf(&Shape::Text),
            "Scope names to what each grants",
        ),
        Key::optional(
            "headers",
            Shape::MapOf(&Shape::Text),
            "Header names to the values sent on every request",
        ),
        Key::optional(
            "token_refresh",
            Shape::Mapping(Self::TOKEN_REFRESH),
            "When and how tokens are refreshed, for `bearer`, `oauth2` and `openid_connect`",
        ),
        Key::optional(
            "description",
            Shape::Text,
            "Anything else: key rotation, certificate issuance, secret handling",
        ),
    ];

    /// The keys of the `authentication` section written as schemes by name, beside the names.
    pub(super) const AUTH_SCHEMES: &[Key] = &[Key::optional(
        "default",
        Self::SECURITY,
        "What an endpoint without `auth` accepts; the first scheme when absent",
    )];

    /// The keys of `token_refresh`.
    pub(super) const TOKEN_REFRESH: &[Key] = &[
        Key::optional(
            "automatic",
            Shape::Bool,
            "Whether clients refresh tokens on their own",
        ),
        Key::optional(
            "threshold_seconds",
            Shape::Count,
            "How many seconds before expiry a token is refreshed",
        ),
    ];

    /// Schemes used together: a scheme's name (or `none`), or a mapping of scheme names to
    /// the scopes asked of each.
    pub(super) const REQUIREMENT: Shape = Shape::OneOf(&[
        Shape::Text,
        Shape::MapOf(&Shape::OneOf(&[Shape::Texts, Shape::Null])),
    ]);

    /// What is accepted: `none`, one requirement, or a list of alternatives.
    pub(super) const SECURITY: Shape = Shape::OneOf(&[
        Shape::Word(&["none"]),
        Self::REQUIREMENT,
        Shape::ListOf(&Self::REQUIREMENT),
    ]);

    /// The keys of an endpoint's `auth` written as the default schemes' scopes.
    pub(super) const ENDPOINT_AUTH: &[Key] = &[Key::optional(
        "scopes",
        Shape::Texts,
        "The scopes the endpoint needs of the default schemes",
    )];

    /// The `authentication` section: one scheme when it has any key of a scheme (named after
    /// its type), else schemes by name beside `default`.
    pub(super) fn authentication(
        &mut self,
        value: &Value,
        path: &SpecPath,
    ) -> Option<Authentication> {
        let what = "the `authentication` section";
        let Some(map) = value.as_object() else {
            self.object(value, path, what, Self::AUTH_SCHEME);
            return None;
        };
        let is_scheme_key = |key: &str| Self::AUTH_SCHEME.iter().any(|known| known.name == key);
        if map.is_empty() || map.keys().any(|key| is_scheme_key(key)) {
            let scheme = self.auth_scheme(value, path, what)?;
            let name = scheme.kind.as_str().to_owned();
            self.scheme_names.insert(name.clone());
            return Some(Authentication {
                schemes: IndexMap::from([(name, scheme)]),
                named: false,
                default: None,
            });
        }
        let obj = Obj {
            map,
            path: path.clone(),
            keys: Self::AUTH_SCHEMES,
        };
        let names = map
            .keys()
            .filter(|name| !name.starts_with("x-") && obj.declared(name).is_none());
        self.scheme_names.extend(names.cloned());
        let mut schemes = IndexMap::new();
        for (name, item) in map {
            if name.starts_with("x-") || obj.declared(name).is_some() {
                continue;
            }
            let item_path = path.key(name);
            if name.trim().eq_ignore_ascii_case("none") {
                self.diags.push(
                    Diagnostic::error(Code::InvalidValue, "a scheme cannot be named `none`")
                        .at(&item_path)
                        .with_help(
                            "`auth: none` marks a public endpoint; give the scheme another name",
                        ),
                );
                continue;
            }
            let scheme_keys = Self::AUTH_SCHEME.iter().map(|key| key.name);
            if !item.is_object()
                && let Some(known) = did_you_mean(name, scheme_keys)
            {
                // `tpye: oauth2`: a misspelt key of one scheme, not a scheme of its own.
                self.diags.push(
                    Diagnostic::error(
                        Code::UnknownField,
                        format!("unknown field `{name}` in {what}"),
                    )
                    .at(&item_path)
                    .with_help(format!("did you mean `{known}`?")),
                );
                continue;
            }
            if let Some(scheme) = self.auth_scheme(item, &item_path, "an authentication scheme") {
                schemes.insert(name.clone(), scheme);
            }
        }
        let default = self.optional(&obj, "default", |cx, value, path| cx.security(value, path));
        Some(Authentication {
            schemes,
            named: true,
            default,
        })
    }

    /// One scheme; what applies to other types than its own is reported, not dropped.
    fn auth_scheme(&mut self, value: &Value, path: &SpecPath, what: &str) -> Option<AuthScheme> {
        let Some(map) = value.as_object() else {
            // Reported there as not a mapping.
            self.object(value, path, what, Self::AUTH_SCHEME);
            return None;
        };
        let obj = Obj {
            map,
            path: path.clone(),
            keys: Self::AUTH_SCHEME,
        };
        self.scheme_unknown_keys(&obj, what);
        let context = if what.starts_with("the ") {
            "`authentication`".to_owned()
        } else {
            "an authentication scheme".to_owned()
        };
        self.required(&obj, "type", &context);
        let kinds: Vec<(&str, AuthKind)> = AuthKind::ALL
            .iter()
            .map(|kind| (kind.as_str(), *kind))
            .collect();
        let kind = self.keyword(&obj, "type", &kinds);
        let flows = self.flows(&obj);
        let pkce = match obj.get("pkce") {
            Some(Value::Bool(true)) => Some(PkceMethod::S256),
            Some(Value::Bool(false)) | None => None,
            Some(_) => self.keyword(
                &obj,
                "pkce",
                &[("s256", PkceMethod::S256), ("plain", PkceMethod::Plain)],
            ),
        };
        let token_refresh = self.optional(&obj, "token_refresh", |cx, value, path| {
            let obj = cx.object(value, path, "`token_refresh`", Self::TOKEN_REFRESH)?;
            Some(TokenRefresh {
                automatic: cx.bool(&obj, "automatic"),
                threshold_seconds: cx.count(&obj, "threshold_seconds"),
            })
        });
        let mut scheme = AuthScheme::new(kind?);
        scheme.flows = flows;
        scheme.token_endpoint = self.text(&obj, "token_endpoint");
        scheme.authorization_endpoint = self.text(&obj, "authorization_endpoint");
        scheme.refresh_endpoint = self.text(&obj, "refresh_endpoint");
        scheme.discovery_url = self.text(&obj, "discovery_url");
        scheme.pkce = pkce;
        scheme.token_format = self.text(&obj, "format");
        scheme.scopes = self.text_map(&obj, "scopes");
        scheme.headers = self.text_map(&obj, "headers");
        scheme.token_refresh = token_refresh;
        scheme.description = self.text(&obj, "description");
        let places: Vec<(KeyLocation, String)> = [
            (KeyLocation::Header, "header"),
            (KeyLocation::Query, "query"),
            (KeyLocation::Cookie, "cookie"),
        ]
        .into_iter()
        .filter_map(|(location, key)| Some((location, self.text(&obj, key)?)))
        .collect();
        match scheme.kind {
            AuthKind::ApiKey => {
                if let [_, second, ..] = places.as_slice() {
                    self.diags.push(
                        Diagnostic::error(
                            Code::InvalidValue,
                            "an API key goes in one place: a header, the query or a cookie",
                        )
                        .at(&obj.at(second.0.as_str()))
                        .with_help("keep one of `header`, `query` and `cookie`"),
                    );
                }
                scheme.api_key = places
                    .into_iter()
                    .next()
                    .map(|(location, name)| ApiKeyPlace { location, name });
            }
            AuthKind::Hmac => {
                let header = places
                    .iter()
                    .find(|(location, _)| *location == KeyLocation::Header)
                    .map(|(_, name)| name.clone());
                if header.is_none() && !self.misspelt.contains(&obj.at("header")) {
                    self.diags.push(
                        Diagnostic::error(
                            Code::MissingField,
                            "an `hmac` scheme needs `header`, the header that carries the signature",
                        )
                        .at(&obj.path)
                        .with_help("add `header:`, e.g. `header: X-Signature`"),
                    );
                }
                scheme.signing = Some(Signing {
                    header,
                    algorithm: self.text(&obj, "algorithm"),
                    signed: self.texts(&obj, "signed"),
                    secret: self.text(&obj, "secret"),
                });
            }
            _ => {}
        }
        self.inapplicable_keys(&obj, &scheme);
        Some(scheme)
    }

    /// Reports the keys of a scheme its table does not declare. When `type` names a type, a
    /// near miss is looked for among the keys that type takes, and a key only other types
    /// take is named as such.
    fn scheme_unknown_keys(&mut self, obj: &Obj<'_>, what: &str) {
        let kind = obj
            .map
            .get("type")
            .and_then(Value::as_str)
            .and_then(|text| {
                AuthKind::ALL
                    .into_iter()
                    .find(|kind| kind.as_str().eq_ignore_ascii_case(text.trim()))
            });
        let Some(kind) = kind else {
            self.unknown_keys(obj, &format!("in {what}"));
            return;
        };
        for key in obj.map.keys() {
            if obj.declared(key).is_some() || key.starts_with("x-") {
                continue;
            }
            let taken = Self::AUTH_SCHEME
                .iter()
                .map(|known| known.name)
                .filter(|name| takes(kind, name));
            let meant = OPENAPI_NAMES
                .iter()
                .find(|(name, _)| name.eq_ignore_ascii_case(key))
                .map(|(_, ours)| *ours)
                .or_else(|| did_you_mean(key, taken.clone()))
                .or_else(|| did_you_mean(key, Self::AUTH_SCHEME.iter().map(|known| known.name)));
            let help = match meant {
                Some(known) if takes(kind, known) => {
                    self.misspelt.insert(obj.at(known));
                    format!("did you mean `{known}`?")
                }
                Some(known) => {
                    let takers = only_for(known).map_or("other", |(_, takers)| takers);
                    format!(
                        "did you mean `{known}`? Only {takers} schemes take it; a scheme of type `{}` takes {}",
                        kind.as_str(),
                        taken
                            .map(|name| format!("`{name}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                }
                None => format!(
                    "a scheme of type `{}` takes {}; extension keys start with `x-`",
                    kind.as_str(),
                    taken
                        .map(|name| format!("`{name}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            };
            self.diags.push(
                Diagnostic::error(
                    Code::UnknownField,
                    format!("unknown field `{key}` in {what}"),
                )
                .at(&obj.path.key(key))
                .with_help(help),
            );
        }
    }

    /// `flow`: one grant or a list of them.
    fn flows(&mut self, obj: &Obj<'_>) -> Vec<OAuthFlow> {
        let choices: Vec<(&str, OAuthFlow)> = OAuthFlow::ALL
            .iter()
            .map(|flow| (flow.as_str(), *flow))
            .collect();
        match obj.get("flow") {
            None => Vec::new(),
            Some(Value::Array(items)) => {
                let path = obj.at("flow");
                let mut flows = Vec::new();
                for (idx, item) in items.iter().enumerate() {
                    let Some(text) = scalar_text(item) else {
                        self.wrong_type(item, &path.index(idx), "text");
                        continue;
                    };
                    if let Some(flow) = self.keyword_text(&text, &path.index(idx), "flow", &choices)
                        && !flows.contains(&flow)
                    {
                        flows.push(flow);
                    }
                }
                flows
            }
            Some(_) => self.keyword(obj, "flow", &choices).into_iter().collect(),
        }
    }

    /// Reports the keys of `obj` that only other types of scheme take, and PKCE without the
    /// grant it belongs to.
    fn inapplicable_keys(&mut self, obj: &Obj<'_>, scheme: &AuthScheme) {
        let kind = scheme.kind;
        for key in obj.map.keys() {
            if let Some((kinds, takers)) = only_for(key)
                && obj.get(key).is_some()
                && !kinds.contains(&kind)
            {
                self.diags.push(
                    Diagnostic::error(
                        Code::UnknownField,
                        format!(
                            "`{key}` does not apply to a scheme of type `{}`",
                            kind.as_str()
                        ),
                    )
                    .at(&obj.at(key))
                    .with_help(format!(
                        "only {takers} schemes take `{key}`; remove it, or change `type`"
                    )),
                );
            }
        }
        let code_flow = scheme.flows.contains(&OAuthFlow::AuthorizationCode)
            || (kind == AuthKind::OpenIdConnect && scheme.flows.is_empty());
        if scheme.pkce.is_some() && kind.is_oauth() && !code_flow {
            self.diags.push(
                Diagnostic::error(
                    Code::InvalidValue,
                    "PKCE belongs to the `authorization_code` flow, which this scheme does not offer",
                )
                .at(&obj.at("pkce"))
                .with_help("add `authorization_code` to `flow`, or remove `pkce`"),
            );
        }
    }

    /// An endpoint's `auth`: absent (the default), `none`, the default's scopes, or schemes.
    pub(super) fn endpoint_auth(&mut self, obj: &Obj<'_>) -> EndpointAuth {
        let inherit = EndpointAuth::Inherit { scopes: Vec::new() };
        let Some(value) = obj.get("auth") else {
            return inherit;
        };
        let path = obj.at("auth");
        match value {
            Value::String(text) if text.trim() == "none" => EndpointAuth::Public,
            Value::String(text) if text.trim().eq_ignore_ascii_case("none") => {
                self.diags.push(
                    Diagnostic::error(
                        Code::InvalidValue,
                        format!(
                            "`auth: {}` is not recognised; a public endpoint says `auth: none`",
                            text.trim()
                        ),
                    )
                    .at(&path)
                    .with_help("write `none` in lower case"),
                );
                EndpointAuth::Public
            }
            Value::Object(map) if map.is_empty() || map.contains_key("scopes") => {
                // `auth: { scopes: [...], partner: [...] }` mixes the two ways of asking.
                let mut rest = map.clone();
                for name in map.keys() {
                    if self.scheme_names.contains(name) {
                        rest.remove(name);
                        self.diags.push(
                            Diagnostic::error(
                                Code::InvalidValue,
                                format!("`auth` names the scheme `{name}` beside `scopes`"),
                            )
                            .at(&path.key(name))
                            .with_help(format!(
                                "`scopes` asks the default schemes; write every scheme with its scopes instead: `auth: {{ {name}: [...] }}`"
                            )),
                        );
                    }
                }
                let rest = Value::Object(rest);
                let Some(auth) = self.object(&rest, &path, "`auth`", Self::ENDPOINT_AUTH) else {
                    return inherit;
                };
                EndpointAuth::Inherit {
                    scopes: self.texts(&auth, "scopes"),
                }
            }
            Value::Object(map) if map.len() == 1 => {
                let key = map.keys().next().map_or("", String::as_str);
                let typo = !self.scheme_names.contains(key) && !key.starts_with("x-");
                match did_you_mean(key, ["scopes"]).filter(|_| typo) {
                    // `auth: { scope: [...] }` means the default's scopes.
                    Some(known) => {
                        self.diags.push(
                            Diagnostic::error(
                                Code::UnknownField,
                                format!("unknown field `{key}` in `auth`"),
                            )
                            .at(&path.key(key))
                            .with_help(format!("did you mean `{known}`?")),
                        );
                        inherit
                    }
                    None => self.schemes_or_inherit(value, &path),
                }
            }
            _ => self.schemes_or_inherit(value, &path),
        }
    }

    fn schemes_or_inherit(&mut self, value: &Value, path: &SpecPath) -> EndpointAuth {
        match self.security(value, path) {
            Some(security) => EndpointAuth::Schemes(security),
            None => EndpointAuth::Inherit { scopes: Vec::new() },
        }
    }

    /// Which schemes: `none`, a scheme's name, a mapping of names to scopes (used together),
    /// or a list of these (alternatives).
    fn security(&mut self, value: &Value, path: &SpecPath) -> Option<Security> {
        match value {
            Value::Array(items) => {
                if items.is_empty() {
                    self.diags.push(
                        Diagnostic::error(Code::InvalidValue, "an empty list names no scheme")
                            .at(path)
                            .with_help("name the schemes, or write `none` for a public endpoint"),
                    );
                    return None;
                }
                let alternatives = items
                    .iter()
                    .enumerate()
                    .filter_map(|(idx, item)| self.requirement(item, &path.index(idx)))
                    .collect();
                Some(Security {
                    alternatives,
                    listed: true,
                })
            }
            other => Some(Security {
                alternatives: vec![self.requirement(other, path)?],
                listed: false,
            }),
        }
    }

    /// Schemes used together: `none`, a scheme's name, or a mapping of names to scopes.
    fn requirement(&mut self, value: &Value, path: &SpecPath) -> Option<Requirement> {
        if let Some(name) = scalar_text(value) {
            let name = name.trim();
            if name.is_empty() {
                self.wrong_type(value, path, "a scheme's name");
                return None;
            }
            if name == "none" {
                return Some(Requirement::default());
            }
            return Some(Requirement {
                schemes: vec![SchemeUse::bare(name)],
            });
        }
        let Some(map) = value.as_object() else {
            self.diags.push(
                Diagnostic::error(
                    Code::InvalidType,
                    format!(
                        "expected a scheme's name or a mapping of schemes to scopes, found {}",
                        kind_of(value)
                    ),
                )
                .at(path)
                .with_help("write `partner`, `{ partner: [orders:read] }` or a list of these"),
            );
            return None;
        };
        if map.is_empty() {
            self.diags.push(
                Diagnostic::error(Code::InvalidValue, "an empty mapping names no scheme")
                    .at(path)
                    .with_help(
                        "name the schemes with their scopes, or write `none` for no authentication",
                    ),
            );
            return None;
        }
        let mut schemes = Vec::new();
        for (name, scopes) in map {
            let scheme_path = path.key(name);
            let scopes = match scopes {
                Value::Null => Vec::new(),
                other => self.texts_of(other, &scheme_path, "a list of scopes"),
            };
            schemes.push(SchemeUse {
                scheme: name.clone(),
                scopes,
                bare: false,
            });
        }
        Some(Requirement { schemes })
    }
}

#[cfg(test)]
mod tests;
