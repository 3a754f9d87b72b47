//! The kinds of named items a spec holds, which directives select and links point at.

use super::Spec;

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
}

impl Kind {
    /// Every kind, in the order of the format reference.
    pub const ALL: [Kind; 6] = [
        Kind::Endpoint,
        Kind::Model,
        Kind::Error,
        Kind::Flow,
        Kind::Webhook,
        Kind::Test,
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
        }
    }
}

impl Spec {
    /// The position of an item among the spec's items of its kind, in file order.
    pub fn item_index(&self, kind: Kind, id: &str) -> Option<usize> {
        match kind {
            Kind::Endpoint => self.endpoints.get_index_of(id),
            Kind::Model => self.models.get_index_of(id),
            Kind::Error => self.errors.get_index_of(id),
            Kind::Flow => self.flows.get_index_of(id),
            Kind::Webhook => self.webhooks.get_index_of(id),
            Kind::Test => self.tests.get_index_of(id),
        }
    }

    /// The ids of the spec's items of one kind, in file order.
    pub fn item_ids(&self, kind: Kind) -> Vec<&str> {
        fn keys<T>(items: &indexmap::IndexMap<String, T>) -> Vec<&str> {
            items.keys().map(String::as_str).collect()
        }
        match kind {
            Kind::Endpoint => keys(&self.endpoints),
            Kind::Model => keys(&self.models),
            Kind::Error => keys(&self.errors),
            Kind::Flow => keys(&self.flows),
            Kind::Webhook => keys(&self.webhooks),
            Kind::Test => keys(&self.tests),
        }
    }
}
