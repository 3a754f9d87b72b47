//! The kinds of change between two versions of a spec: a stable kebab-case code each, with
//! what the change does to integrators (its level).

use std::fmt;

/// What a change does to the integrators of the old version.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    /// An integrator of the old version may fail: a major release (minor, before 1.0).
    Breaking,
    /// New, or looser; integrators of the old version go on working: a minor release.
    Compatible,
    /// Documentation only: a patch release.
    Info,
}

impl Level {
    /// The word as output shows it.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Breaking => "breaking",
            Level::Compatible => "compatible",
            Level::Info => "info",
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

macro_rules! change_codes {
    ($($(#[$doc:meta])* $variant:ident = $name:literal, $level:ident;)*) => {
        /// A stable, kebab-case identifier for each kind of change, documented in the book.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum ChangeCode {
            $($(#[$doc])* $variant,)*
        }

        impl ChangeCode {
            /// Every code, in declaration order.
            pub const ALL: &'static [ChangeCode] = &[$(ChangeCode::$variant,)*];

            /// The code as users read it, e.g. `endpoint-removed`.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(ChangeCode::$variant => $name,)*
                }
            }

            /// What a change of this kind does to integrators.
            pub fn level(self) -> Level {
                match self {
                    $(ChangeCode::$variant => Level::$level,)*
                }
            }
        }
    };
}

change_codes! {
    /// A new endpoint.
    EndpointAdded = "endpoint-added", Compatible;
    /// An endpoint is gone.
    EndpointRemoved = "endpoint-removed", Breaking;
    /// An endpoint answers another HTTP method.
    EndpointMethodChanged = "endpoint-method-changed", Breaking;
    /// An endpoint has another path.
    EndpointPathChanged = "endpoint-path-changed", Breaking;
    /// An endpoint has another id, with the same method and path: its anchor in the book moves.
    EndpointIdChanged = "endpoint-id-changed", Info;
    /// An endpoint is now deprecated.
    EndpointDeprecated = "endpoint-deprecated", Info;
    /// An endpoint that was idempotent no longer is: a retried call may act twice.
    EndpointNoLongerIdempotent = "endpoint-no-longer-idempotent", Breaking;
    /// An endpoint asks for a scope it did not ask for.
    EndpointScopeAdded = "endpoint-scope-added", Breaking;
    /// An endpoint no longer asks for a scope.
    EndpointScopeRemoved = "endpoint-scope-removed", Compatible;
    /// An endpoint no longer accepts a way of authenticating it accepted.
    EndpointAuthRemoved = "endpoint-auth-removed", Breaking;
    /// An endpoint accepts a new way of authenticating.
    EndpointAuthAdded = "endpoint-auth-added", Compatible;
    /// An endpoint can return an error code it did not list.
    EndpointErrorAdded = "endpoint-error-added", Compatible;
    /// An endpoint no longer lists an error code.
    EndpointErrorRemoved = "endpoint-error-removed", Info;

    /// A request takes a new required field or parameter: clients must send it.
    RequestRequiredFieldAdded = "request-required-field-added", Breaking;
    /// A request takes a new optional field or parameter.
    RequestFieldAdded = "request-field-added", Compatible;
    /// A request field or parameter is gone: what clients send there is no longer read.
    RequestFieldRemoved = "request-field-removed", Breaking;
    /// An optional request field or parameter became required.
    RequestFieldBecameRequired = "request-field-became-required", Breaking;
    /// A required request field or parameter became optional.
    RequestFieldBecameOptional = "request-field-became-optional", Compatible;
    /// A request field or parameter has another type.
    RequestFieldTypeChanged = "request-field-type-changed", Breaking;
    /// A request field accepts more types (`integer` to `number`, a new variant, `null`).
    RequestFieldTypeWidened = "request-field-type-widened", Compatible;
    /// A request field accepts fewer types.
    RequestFieldTypeNarrowed = "request-field-type-narrowed", Breaking;
    /// A request enum accepts a new value.
    RequestEnumValueAdded = "request-enum-value-added", Compatible;
    /// A request enum no longer accepts a value.
    RequestEnumValueRemoved = "request-enum-value-removed", Breaking;
    /// A request field's constraint is tighter (a lower maximum, a new pattern, fewer decimal
    /// places).
    RequestConstraintTightened = "request-constraint-tightened", Breaking;
    /// A request field's constraint is looser.
    RequestConstraintLoosened = "request-constraint-loosened", Compatible;
    /// A request field's `format` or pattern changed to another.
    RequestFormatChanged = "request-format-changed", Breaking;
    /// The value a request field takes when clients leave it out changed.
    RequestDefaultChanged = "request-default-changed", Breaking;
    /// A request field or parameter is now deprecated.
    RequestFieldDeprecated = "request-field-deprecated", Info;

    /// A response carries a new field or header.
    ResponseFieldAdded = "response-field-added", Compatible;
    /// A response field or header is gone.
    ResponseFieldRemoved = "response-field-removed", Breaking;
    /// An optional response field is now always sent.
    ResponseFieldBecameRequired = "response-field-became-required", Compatible;
    /// A response field that was always sent may now be missing.
    ResponseFieldBecameOptional = "response-field-became-optional", Breaking;
    /// A response field has another type.
    ResponseFieldTypeChanged = "response-field-type-changed", Breaking;
    /// A response field may have more types (`integer` to `number`, a new variant, `null`).
    ResponseFieldTypeWidened = "response-field-type-widened", Breaking;
    /// A response field has fewer possible types.
    ResponseFieldTypeNarrowed = "response-field-type-narrowed", Compatible;
    /// A response enum may have a new value that clients do not know.
    ResponseEnumValueAdded = "response-enum-value-added", Breaking;
    /// A response enum no longer has a value.
    ResponseEnumValueRemoved = "response-enum-value-removed", Compatible;
    /// A response field's constraint is tighter.
    ResponseConstraintTightened = "response-constraint-tightened", Compatible;
    /// A response field's constraint is looser (a longer maximum, more decimal places).
    ResponseConstraintLoosened = "response-constraint-loosened", Breaking;
    /// A response field's `format` or pattern changed to another.
    ResponseFormatChanged = "response-format-changed", Breaking;
    /// A response field's documented default changed.
    ResponseDefaultChanged = "response-default-changed", Info;
    /// A response field is now deprecated.
    ResponseFieldDeprecated = "response-field-deprecated", Info;

    /// A request that had no body takes one.
    RequestBodyAdded = "request-body-added", Breaking;
    /// A request no longer takes a body.
    RequestBodyRemoved = "request-body-removed", Breaking;
    /// A request body may be sent in a new media type.
    RequestMediaTypeAdded = "request-media-type-added", Compatible;
    /// A request body can no longer be sent in a media type.
    RequestMediaTypeRemoved = "request-media-type-removed", Breaking;
    /// A response that had no body carries one.
    ResponseBodyAdded = "response-body-added", Compatible;
    /// A response no longer carries a body.
    ResponseBodyRemoved = "response-body-removed", Breaking;
    /// A response body comes in a new media type.
    ResponseMediaTypeAdded = "response-media-type-added", Compatible;
    /// A response body no longer comes in a media type.
    ResponseMediaTypeRemoved = "response-media-type-removed", Breaking;
    /// An endpoint has a new response status.
    ResponseStatusAdded = "response-status-added", Compatible;
    /// A success (2xx) status is gone: clients that expect it get another.
    ResponseSuccessStatusRemoved = "response-success-status-removed", Breaking;
    /// A status other than 2xx is no longer returned.
    ResponseStatusRemoved = "response-status-removed", Compatible;

    /// An endpoint calls back a new callback.
    CallbackAdded = "callback-added", Compatible;
    /// A callback is no longer made.
    CallbackRemoved = "callback-removed", Breaking;
    /// A callback goes to another URL or with another method.
    CallbackTargetChanged = "callback-target-changed", Breaking;

    /// A new webhook event.
    WebhookAdded = "webhook-added", Compatible;
    /// A webhook event is no longer sent.
    WebhookRemoved = "webhook-removed", Breaking;
    /// A webhook is now deprecated.
    WebhookDeprecated = "webhook-deprecated", Info;
    /// Receivers verify a webhook another way.
    WebhookSignatureChanged = "webhook-signature-changed", Breaking;
    /// Failed deliveries are retried fewer times or for less long.
    WebhookRetriesReduced = "webhook-retries-reduced", Breaking;
    /// Failed deliveries are retried more times or for longer.
    WebhookRetriesIncreased = "webhook-retries-increased", Compatible;
    /// A webhook's retry policy changed in words that are not a count.
    WebhookRetriesChanged = "webhook-retries-changed", Info;

    /// A new model.
    ModelAdded = "model-added", Info;
    /// A model is gone; where it was used, the change is reported there.
    ModelRemoved = "model-removed", Info;
    /// A model includes other models (`all_of`), or is a choice of others, differently.
    ModelCompositionChanged = "model-composition-changed", Breaking;

    /// A new error code in the catalogue.
    ErrorCodeAdded = "error-code-added", Compatible;
    /// An error code is gone from the catalogue: clients that handle it never see it again,
    /// and see something else instead.
    ErrorCodeRemoved = "error-code-removed", Breaking;
    /// An error code comes with another HTTP status.
    ErrorStatusChanged = "error-status-changed", Breaking;
    /// Whether an error may be retried changed.
    ErrorRetryChanged = "error-retry-changed", Breaking;
    /// An error's retry advice or resolution reads differently, saying the same of retrying.
    ErrorGuidanceChanged = "error-guidance-changed", Info;

    /// A new authentication scheme.
    AuthSchemeAdded = "auth-scheme-added", Compatible;
    /// An authentication scheme is gone.
    AuthSchemeRemoved = "auth-scheme-removed", Breaking;
    /// A scheme is of another type (an API key became OAuth 2.0).
    AuthTypeChanged = "auth-type-changed", Breaking;
    /// A scheme offers a new OAuth 2.0 grant.
    AuthFlowAdded = "auth-flow-added", Compatible;
    /// A scheme no longer offers an OAuth 2.0 grant.
    AuthFlowRemoved = "auth-flow-removed", Breaking;
    /// A scheme's token, authorization, refresh or discovery URL changed.
    AuthEndpointChanged = "auth-endpoint-changed", Breaking;
    /// An API key goes in another place or under another name, or requests are signed
    /// another way.
    AuthCredentialChanged = "auth-credential-changed", Breaking;
    /// A scheme declares a new scope.
    AuthScopeAdded = "auth-scope-added", Compatible;
    /// A scheme no longer declares a scope.
    AuthScopeRemoved = "auth-scope-removed", Breaking;

    /// A rate limit is lower, or a limit now applies where none did.
    RateLimitLowered = "rate-limit-lowered", Breaking;
    /// A rate limit is higher, or no longer applies.
    RateLimitRaised = "rate-limit-raised", Compatible;
    /// A rate limit reads differently, in words that are not a number per unit of time.
    RateLimitChanged = "rate-limit-changed", Info;
    /// A service level is weaker (less uptime, slower latency targets) or no longer stated.
    SlaWeakened = "sla-weakened", Breaking;
    /// A service level is stronger, or newly stated.
    SlaStrengthened = "sla-strengthened", Compatible;
    /// A service level reads differently, in words that are not numbers.
    SlaChanged = "sla-changed", Info;

    /// A new environment.
    EnvironmentAdded = "environment-added", Compatible;
    /// An environment is gone.
    EnvironmentRemoved = "environment-removed", Breaking;
    /// An environment's base URL changed.
    EnvironmentUrlChanged = "environment-url-changed", Breaking;

    /// The idempotency, pagination or versioning convention changed in a way clients must
    /// follow (another header, parameter or style; a shorter retention; a smaller page).
    ConventionChanged = "convention-changed", Breaking;
    /// A convention is looser: keys kept longer, larger pages allowed.
    ConventionRelaxed = "convention-relaxed", Compatible;

    /// A new flow.
    FlowAdded = "flow-added", Info;
    /// A flow is gone.
    FlowRemoved = "flow-removed", Info;
    /// A flow's steps changed.
    FlowChanged = "flow-changed", Info;
}

impl ChangeCode {
    /// What an integrator of the old version must do about a breaking change of this kind.
    pub fn action(self) -> Option<&'static str> {
        use ChangeCode as C;
        Some(match self {
            C::EndpointRemoved => "stop calling it; move to its replacement",
            C::EndpointMethodChanged | C::EndpointPathChanged => {
                "call it with its new method and path"
            }
            C::EndpointNoLongerIdempotent => "retry it only when the first call surely failed",
            C::EndpointScopeAdded => "ask for the new scope when getting tokens",
            C::EndpointAuthRemoved => "authenticate in a way the endpoint still accepts",
            C::RequestRequiredFieldAdded | C::RequestFieldBecameRequired => {
                "send it in every request"
            }
            C::RequestFieldRemoved => "stop sending it; it is no longer read",
            C::RequestFieldTypeChanged
            | C::RequestFieldTypeNarrowed
            | C::RequestEnumValueRemoved
            | C::RequestConstraintTightened
            | C::RequestFormatChanged => "send only values the new rules accept",
            C::RequestDefaultChanged => "send the value explicitly where the old default matters",
            C::ResponseFieldRemoved | C::ResponseFieldBecameOptional => "cope without it",
            C::ResponseFieldTypeChanged
            | C::ResponseFieldTypeWidened
            | C::ResponseEnumValueAdded
            | C::ResponseConstraintLoosened
            | C::ResponseFormatChanged => "accept the new values when reading it",
            C::RequestBodyAdded => "send the body",
            C::RequestBodyRemoved => "stop sending a body",
            C::RequestMediaTypeRemoved => "send the body in a media type that remains",
            C::ResponseBodyRemoved => "stop expecting a body",
            C::ResponseMediaTypeRemoved => "accept a media type that remains",
            C::ResponseSuccessStatusRemoved => "handle the success statuses that remain",
            C::CallbackRemoved => "stop waiting for the callback",
            C::CallbackTargetChanged => "receive the callback where it now goes",
            C::WebhookRemoved => "stop relying on the event",
            C::WebhookSignatureChanged => "verify deliveries the new way",
            C::WebhookRetriesReduced => "stay available: missed deliveries are retried less",
            C::ModelCompositionChanged => "follow the model's new shape",
            C::ErrorCodeRemoved => "handle the error that replaces it",
            C::ErrorStatusChanged => "expect the error with its new status",
            C::ErrorRetryChanged => "follow the new retry advice",
            C::AuthSchemeRemoved => "authenticate with a scheme that remains",
            C::AuthTypeChanged => "get credentials the new way",
            C::AuthFlowRemoved => "get tokens with a grant that remains",
            C::AuthEndpointChanged => "use the new URL",
            C::AuthCredentialChanged => "send the credential the new way",
            C::AuthScopeRemoved => "stop asking for the scope",
            C::RateLimitLowered => "send fewer requests, and back off on 429",
            C::SlaWeakened => "revisit timeouts and what you promise on top of it",
            C::EnvironmentRemoved => "move to an environment that remains",
            C::EnvironmentUrlChanged => "use the new base URL",
            C::ConventionChanged => "follow the new convention",
            _ => return None,
        })
    }

    /// The code for a kebab-case name.
    pub fn from_name(name: &str) -> Option<ChangeCode> {
        ChangeCode::ALL
            .iter()
            .copied()
            .find(|code| code.as_str() == name)
    }
}

impl fmt::Display for ChangeCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
