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
pub(crate) use examples::{number as json_number, pointer_token};
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

/// From this many endpoints and models on, the examples are checked on a thread of their own.
const ITEMS_FOR_A_SECOND_CORE: usize = 200;

/// Runs every rule on `spec`; the findings come in a stable order.
pub fn check_spec(spec: &Spec) -> Vec<Diagnostic> {
    // Examples cannot be checked against a type whose pattern does not compile, or whose
    // models do not hold together (a choice among its own variants would never end).
    let mut shapes = Vec::new();
    patterns::check(spec, &mut shapes);
    models::check(spec, &mut shapes);
    let examples_checkable = !shapes.iter().any(|diag| {
        matches!(
            diag.code,
            crate::diagnostic::Code::InvalidPattern | crate::diagnostic::Code::InvalidComposition
        )
    });
    let examples = |found: &mut Vec<Diagnostic>| {
        if examples_checkable {
            examples::check(spec, found);
        }
    };
    let rest = |diags: &mut Vec<Diagnostic>| {
        versions::check(spec, diags);
        refs::check(spec, diags);
        params::check(spec, diags);
        mappings::check(spec, diags);
        auth::check(spec, diags);
        content::check(spec, diags);
    };
    // The examples check is most of the work on a big spec: there it runs on a second core
    // while the other rules run here. The findings keep their order either way.
    let mut diags = Vec::new();
    let mut found = Vec::new();
    if spec.endpoints.len() + spec.models.len() >= ITEMS_FOR_A_SECOND_CORE {
        std::thread::scope(|scope| {
            let checked = scope.spawn(|| {
                let mut found = Vec::new();
                examples(&mut found);
                found
            });
            rest(&mut diags);
            found = checked
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        });
    } else {
        rest(&mut diags);
        examples(&mut found);
    }
    diags.append(&mut shapes);
    diags.append(&mut found);
    // The lints judge an integration spec as a whole; an OpenAPI document read on its own is
    // an API reference, which they would judge by what it has no place for.
    if spec.from_openapi {
        diags.retain(|diag| !diag.code.is_lint());
    } else {
        lints::check(spec, &mut diags);
    }
    diags
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{Format, parse_spec};

    /// A big spec's examples are checked on a second core: the findings are those of a small
    /// one, in the same order.
    #[test]
    fn findings_keep_their_order_when_the_examples_are_checked_aside() {
        let findings = |endpoints: usize| {
            let mut yaml = String::from(
                "integration-spec: \"1.0\"\ninfo: {title: T, version: 1.0.0}\nendpoints:\n",
            );
            yaml.push_str(
                "  bad: { method: POST, path: /bad, errors: [NOPE],\n    \
                 request: { body: { n: integer (required) }, example: { n: x } },\n    \
                 responses: { 200: OK } }\n",
            );
            for n in 0..endpoints {
                yaml.push_str(&format!(
                    "  e{n}: {{ method: GET, path: /e{n}, responses: {{ 200: {{ body: {{ id: string }}, example: {{ id: a }} }} }} }}\n"
                ));
            }
            let spec = parse_spec(&yaml, Format::Yaml).0.unwrap();
            check_spec(&spec)
                .into_iter()
                .filter(|diag| !diag.code.is_lint())
                .map(|diag| format!("{} {}", diag.code, diag.path.unwrap()))
                .collect::<Vec<String>>()
        };
        let few = findings(2);
        assert_eq!(
            few,
            [
                "unresolved-reference endpoints.bad.errors[0]",
                "invalid-example endpoints.bad.request.example.n"
            ]
        );
        assert_eq!(findings(ITEMS_FOR_A_SECOND_CORE + 10), few);
    }
}
