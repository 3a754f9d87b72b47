//! Check stage: every rule a correct spec must pass, evaluated on the model.
//!
//! Pure: no IO, no positions. Rules address what they find by [`SpecPath`]; `locate` turns
//! paths into lines and columns afterwards. Checks run only on specs that loaded without
//! errors, so one mistake is reported once and not again by every rule that trips over it.

mod auth;
mod composed;
mod content;
mod direction;
mod error_bodies;
mod examples;
mod items;
mod lints;
mod mappings;
mod models;
mod params;
mod patterns;
pub mod readiness;
mod refs;
mod versions;
mod walk;

use crate::diagnostic::Diagnostic;
use crate::spec::Spec;

/// Runs every rule on `spec`; the findings come in a stable order.
pub fn check_spec(spec: &Spec) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    versions::check(spec, &mut diags);
    refs::check(spec, &mut diags);
    params::check(spec, &mut diags);
    mappings::check(spec, &mut diags);
    auth::check(spec, &mut diags);
    content::check(spec, &mut diags);
    patterns::check(spec, &mut diags);
    models::check(spec, &mut diags);
    // Examples cannot be checked against a type whose pattern does not compile, or whose
    // models do not hold together (a choice among its own variants would never end).
    if !diags.iter().any(|diag| {
        matches!(
            diag.code,
            crate::diagnostic::Code::InvalidPattern | crate::diagnostic::Code::InvalidComposition
        )
    }) {
        examples::check(spec, &mut diags);
    }
    // The lints judge an integration spec as a whole; an OpenAPI document read on its own is
    // an API reference, which they would judge by what it has no place for.
    if spec.from_openapi {
        diags.retain(|diag| !diag.code.is_lint());
    } else {
        lints::check(spec, &mut diags);
    }
    diags
}
