//! Contract evolution: every change between two versions of a spec, classified by what it
//! does to the integrators of the old version, and the version bump those changes call for.
//!
//! Items are matched by their ids (endpoint ids, model names, error codes, webhook events,
//! flow ids), never by position, so reordering or reformatting a file changes nothing. Each
//! change names its place in the old spec and in the new one as spec paths; the caller
//! locates them in the files. The rules of a body depend on who sends it: narrowing what a
//! client sends breaks clients, and so does widening what they receive. `change.rs` holds
//! what a comparison is made of; `fields.rs` (fields, parameters and models), `items.rs`
//! (endpoints and webhooks) and `sections.rs` (the sections around them) the rules;
//! `quantity.rs` reads limits written as prose; `gate.rs` is the version gate and the
//! deprecation policy.

mod change;
mod codes;
mod fields;
mod gate;
mod items;
mod quantity;
mod sections;

pub use change::{Change, ChangesSince};
pub use codes::{ChangeCode, Level};
pub use gate::{Bump, Gate, GateFinding, gate};

use crate::spec::Spec;
use change::Differ;

/// Every change from `old` to `new`, in the order of the new spec's sections.
pub fn diff_specs(old: &Spec, new: &Spec) -> Vec<Change> {
    let mut differ = Differ {
        old,
        new,
        changes: Vec::new(),
        item: None,
        model_sides: fields::model_sides(old, new),
    };
    differ.environments();
    differ.authentication();
    differ.conventions();
    differ.models();
    differ.endpoints();
    differ.errors();
    differ.rate_limits();
    differ.flows();
    differ.webhooks();
    differ.changes
}

#[cfg(test)]
mod tests;
