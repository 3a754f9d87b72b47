//! The kinds of named items a spec holds, which directives select and links point at.

/// A kind of named item: endpoints, models, error codes, flows, webhooks and test scenarios.
/// Adding a kind here gives it a directive argument (`endpoints=...`), anchors and links.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// An endpoint, by id.
    Endpoint,
    /// A model, by name.
    Model,
    /// An error code.
    Error,
    /// A flow, by id.
    Flow,
    /// A webhook, by event.
    Webhook,
    /// A test scenario, by id.
    Test,
    /// A field mapping, by id.
    Mapping,
}

impl Kind {
    /// Every kind, in the order of the format reference.
    pub const ALL: [Kind; 7] = [
        Kind::Endpoint,
        Kind::Model,
        Kind::Error,
        Kind::Flow,
        Kind::Webhook,
        Kind::Test,
        Kind::Mapping,
    ];

    /// The spec's top-level key that holds items of this kind, which is also the directive
    /// argument that picks them and the middle part of their anchors: `endpoints`.
    pub fn key(self) -> &'static str {
        match self {
            Kind::Endpoint => "endpoints",
            Kind::Model => "models",
            Kind::Error => "errors",
            Kind::Flow => "flows",
            Kind::Webhook => "webhooks",
            Kind::Test => "tests",
            Kind::Mapping => "mappings",
        }
    }

    /// The kind whose items live under the top-level `key`.
    pub fn from_key(key: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|kind| kind.key() == key)
    }

    /// One item of this kind, in messages: "error code".
    pub fn noun(self) -> &'static str {
        match self {
            Kind::Endpoint => "endpoint",
            Kind::Model => "model",
            Kind::Error => "error code",
            Kind::Flow => "flow",
            Kind::Webhook => "webhook",
            Kind::Test => "test scenario",
            Kind::Mapping => "field mapping",
        }
    }
}
