//! Authentication: the named schemes a spec declares (OAuth 2.0, API keys, mutual TLS, HMAC
//! request signing, ...) and which of them an endpoint accepts.
//!
//! The model holds what OpenAPI's `securitySchemes` and security requirements say: a scheme
//! per name (`apiKey` with its name and place, `http` basic or bearer with its format, `oauth2`
//! with one or more grants, `openIdConnect`, `mutualTLS`), and per endpoint a list of
//! alternatives, each a set of schemes used together, with the scopes asked of each.

use indexmap::IndexMap;

/// The `authentication` section: the schemes, by name, and what an endpoint without `auth`
/// accepts.
#[derive(Clone, Debug, PartialEq)]
pub struct Authentication {
    /// The schemes by name, in file order. A section written as one scheme holds that scheme,
    /// named after its type (`oauth2`, `api_key`, ...).
    pub schemes: IndexMap<String, AuthScheme>,
    /// Whether the section names its schemes (`authentication: { partner: { type: oauth2 } }`)
    /// rather than being one scheme (`authentication: { type: oauth2 }`). Spec paths follow.
    pub named: bool,
    /// What an endpoint without `auth` accepts (`authentication.default`); when absent, the
    /// first scheme alone.
    pub default: Option<Security>,
}

impl Authentication {
    /// What an endpoint without `auth` accepts: `default`, else the first scheme alone, else
    /// nothing declared.
    pub fn default_security(&self) -> Vec<Requirement> {
        match &self.default {
            Some(security) => security.alternatives.clone(),
            None => self
                .schemes
                .keys()
                .next()
                .map(|name| {
                    vec![Requirement {
                        schemes: vec![SchemeUse::bare(name)],
                    }]
                })
                .unwrap_or_default(),
        }
    }
}

/// One way of authenticating.
#[derive(Clone, Debug, PartialEq)]
pub struct AuthScheme {
    /// The mechanism.
    pub kind: AuthKind,
    /// The OAuth 2.0 grants the scheme offers, in order (several in one scheme, as OpenAPI's
    /// `flows` allows); for OpenID Connect, the grants its provider is used with.
    pub flows: Vec<OAuthFlow>,
    /// Where tokens are issued (OpenAPI `tokenUrl`).
    pub token_endpoint: Option<String>,
    /// Where users authorise, for the authorization-code and implicit grants
    /// (`authorizationUrl`).
    pub authorization_endpoint: Option<String>,
    /// Where tokens are refreshed, when not at the token endpoint (`refreshUrl`).
    pub refresh_endpoint: Option<String>,
    /// The OpenID Connect discovery document (`openIdConnectUrl`).
    pub discovery_url: Option<String>,
    /// Proof Key for Code Exchange, for the authorization-code grant.
    pub pkce: Option<PkceMethod>,
    /// The format of bearer tokens, e.g. `JWT` (`bearerFormat`).
    pub token_format: Option<String>,
    /// Where an API key goes (`in` and `name`).
    pub api_key: Option<ApiKeyPlace>,
    /// How requests are signed, for HMAC request signing.
    pub signing: Option<Signing>,
    /// Scope name to meaning (for OAuth 2.0 and OpenID Connect; roles for other schemes).
    pub scopes: IndexMap<String, String>,
    /// Headers every request that uses the scheme carries.
    pub headers: IndexMap<String, String>,
    /// Token refresh policy.
    pub token_refresh: Option<TokenRefresh>,
    /// Anything else worth knowing (key rotation, certificate issuance, ...).
    pub description: Option<String>,
}

impl AuthScheme {
    /// A scheme of `kind` with nothing else said.
    pub fn new(kind: AuthKind) -> Self {
        AuthScheme {
            kind,
            flows: Vec::new(),
            token_endpoint: None,
            authorization_endpoint: None,
            refresh_endpoint: None,
            discovery_url: None,
            pkce: None,
            token_format: None,
            api_key: None,
            signing: None,
            scopes: IndexMap::new(),
            headers: IndexMap::new(),
            token_refresh: None,
            description: None,
        }
    }

    /// The header that carries the credential, where the scheme names one: the API key's or
    /// the signature's.
    pub fn credential_header(&self) -> Option<&str> {
        match (&self.api_key, &self.signing) {
            (
                Some(ApiKeyPlace {
                    location: KeyLocation::Header,
                    name,
                }),
                _,
            ) => Some(name),
            (_, Some(signing)) => signing.header.as_deref(),
            _ => None,
        }
    }
}

/// Authentication mechanisms.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AuthKind {
    /// OAuth 2.0 access tokens.
    OAuth2,
    /// OpenID Connect: OAuth 2.0 with a discovery document and ID tokens.
    OpenIdConnect,
    /// A static bearer token or JWT issued out of band.
    Bearer,
    /// An API key in a header, the query or a cookie.
    ApiKey,
    /// HTTP basic authentication.
    Basic,
    /// Mutual TLS with client certificates.
    Mtls,
    /// Requests signed with a shared secret (HMAC).
    Hmac,
    /// No authentication.
    None,
}

impl AuthKind {
    /// Every kind, in the order of the format reference.
    pub const ALL: [AuthKind; 8] = [
        AuthKind::OAuth2,
        AuthKind::OpenIdConnect,
        AuthKind::Bearer,
        AuthKind::ApiKey,
        AuthKind::Basic,
        AuthKind::Mtls,
        AuthKind::Hmac,
        AuthKind::None,
    ];

    /// The keyword as written in a spec.
    pub fn as_str(self) -> &'static str {
        match self {
            AuthKind::OAuth2 => "oauth2",
            AuthKind::OpenIdConnect => "openid_connect",
            AuthKind::Bearer => "bearer",
            AuthKind::ApiKey => "api_key",
            AuthKind::Basic => "basic",
            AuthKind::Mtls => "mtls",
            AuthKind::Hmac => "hmac",
            AuthKind::None => "none",
        }
    }

    /// A human name for headings and tables.
    pub fn title(self) -> &'static str {
        match self {
            AuthKind::OAuth2 => "OAuth 2.0",
            AuthKind::OpenIdConnect => "OpenID Connect",
            AuthKind::Bearer => "Bearer token",
            AuthKind::ApiKey => "API key",
            AuthKind::Basic => "HTTP basic",
            AuthKind::Mtls => "Mutual TLS",
            AuthKind::Hmac => "HMAC signature",
            AuthKind::None => "None",
        }
    }

    /// Whether tokens of this kind come from an authorization server.
    pub fn is_oauth(self) -> bool {
        matches!(self, AuthKind::OAuth2 | AuthKind::OpenIdConnect)
    }
}

/// OAuth 2.0 grants with a known token exchange.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OAuthFlow {
    /// Machine to machine.
    ClientCredentials,
    /// A user signs in and consents.
    AuthorizationCode,
    /// A device without a browser.
    DeviceCode,
    /// The token comes back in the redirect (legacy; OpenAPI `implicit`).
    Implicit,
    /// The client sends the user's password (legacy; OpenAPI `password`).
    Password,
}

impl OAuthFlow {
    /// Every grant, in the order of the format reference.
    pub const ALL: [OAuthFlow; 5] = [
        OAuthFlow::ClientCredentials,
        OAuthFlow::AuthorizationCode,
        OAuthFlow::DeviceCode,
        OAuthFlow::Implicit,
        OAuthFlow::Password,
    ];

    /// The keyword as written in a spec.
    pub fn as_str(self) -> &'static str {
        match self {
            OAuthFlow::ClientCredentials => "client_credentials",
            OAuthFlow::AuthorizationCode => "authorization_code",
            OAuthFlow::DeviceCode => "device_code",
            OAuthFlow::Implicit => "implicit",
            OAuthFlow::Password => "password",
        }
    }
}

/// How the code challenge of PKCE (RFC 7636) is made from the code verifier.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PkceMethod {
    /// `BASE64URL(SHA256(code_verifier))`.
    S256,
    /// The verifier itself.
    Plain,
}

impl PkceMethod {
    /// The `code_challenge_method` value.
    pub fn as_str(self) -> &'static str {
        match self {
            PkceMethod::S256 => "S256",
            PkceMethod::Plain => "plain",
        }
    }
}

/// Where an API key goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiKeyPlace {
    /// The part of the request.
    pub location: KeyLocation,
    /// The header, query parameter or cookie name.
    pub name: String,
}

/// A part of a request that carries an API key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyLocation {
    /// A request header.
    Header,
    /// A query parameter.
    Query,
    /// A cookie.
    Cookie,
}

impl KeyLocation {
    /// The keyword as written in a spec (`header: X-Api-Key`).
    pub fn as_str(self) -> &'static str {
        match self {
            KeyLocation::Header => "header",
            KeyLocation::Query => "query",
            KeyLocation::Cookie => "cookie",
        }
    }
}

/// HMAC request signing.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Signing {
    /// The header that carries the signature.
    pub header: Option<String>,
    /// The algorithm, e.g. `HMAC-SHA256`.
    pub algorithm: Option<String>,
    /// What is signed, in order (the method, the path, a timestamp header, the body...).
    pub signed: Vec<String>,
    /// Which secret signs, and where it comes from.
    pub secret: Option<String>,
}

/// When and how tokens are refreshed.
#[derive(Clone, Debug, PartialEq)]
pub struct TokenRefresh {
    /// Whether clients refresh on their own.
    pub automatic: Option<bool>,
    /// Seconds before expiry at which to refresh.
    pub threshold_seconds: Option<u64>,
}

/// Which schemes a request may authenticate with: any one of the alternatives (OpenAPI's
/// list of security requirements). OpenAPI's `security: []` (nothing required) is one
/// alternative of no scheme here, as `none` is.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Security {
    /// The alternatives, in order; the first is the one examples use.
    pub alternatives: Vec<Requirement>,
    /// Whether they were written as a list (`auth: [a, b]`); spec paths follow.
    pub listed: bool,
}

/// Schemes used together on one request (mutual TLS and OAuth 2.0, say). No scheme at all
/// means no authentication (`none` among alternatives).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Requirement {
    /// The schemes, in order.
    pub schemes: Vec<SchemeUse>,
}

/// One scheme of a requirement, with the scopes asked of it.
#[derive(Clone, Debug, PartialEq)]
pub struct SchemeUse {
    /// The scheme's name in `authentication`.
    pub scheme: String,
    /// The scopes needed.
    pub scopes: Vec<String>,
    /// Whether it was written as its name alone (`auth: partner`), not as a key with its
    /// scopes (`auth: { partner: [orders:read] }`); spec paths follow.
    pub bare: bool,
}

impl SchemeUse {
    /// A scheme named alone, without scopes.
    pub fn bare(name: &str) -> Self {
        SchemeUse {
            scheme: name.to_owned(),
            scopes: Vec::new(),
            bare: true,
        }
    }
}

/// Authentication needs of one endpoint.
#[derive(Clone, Debug, PartialEq)]
pub enum EndpointAuth {
    /// The spec's default (`authentication.default`, else its first scheme), plus these
    /// scopes (`auth: { scopes: [...] }`).
    Inherit {
        /// Scopes the endpoint needs.
        scopes: Vec<String>,
    },
    /// A public endpoint (`auth: none`).
    Public,
    /// The schemes it accepts, by name (`auth: partner`, `auth: [a, { b: [scope] }]`).
    Schemes(Security),
}
