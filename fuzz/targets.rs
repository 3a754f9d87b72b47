//! The bodies of the fuzz targets, shared by `fuzz_targets/*.rs` (run by cargo-fuzz on the
//! nightly toolchain) and by the test suite, which replays every corpus file through them on
//! the stable one. Each takes any bytes and must neither panic nor hang; where the output has
//! a property worth holding (a chapter without directives comes out as it went in), it is
//! asserted here.

use mdbook_integration_spec::check::check_spec;
use mdbook_integration_spec::diff::{diff_specs, gate};
use mdbook_integration_spec::directive::{Found, find_directives};
use mdbook_integration_spec::export::to_openapi;
use mdbook_integration_spec::load::{Format, parse_spec};
use mdbook_integration_spec::splice::{Replacement, splice};
use mdbook_integration_spec::{RenderOptions, render_spec};

/// Inputs larger than this are cut: the limits on size have tests of their own, and a
/// fuzzer spends its time better on shapes than on bulk.
const MAX_INPUT: usize = 64 * 1024;

fn text(data: &[u8]) -> std::borrow::Cow<'_, str> {
    String::from_utf8_lossy(&data[..data.len().min(MAX_INPUT)])
}

/// The format a fuzz input is read in: JSON when it starts like JSON, else YAML.
fn format_of(text: &str) -> Format {
    match text.trim_start().chars().next() {
        Some('{' | '[') => Format::Json,
        _ => Format::Yaml,
    }
}

/// Directive finding and splicing on a chapter: spans lie inside the chapter, and a chapter
/// whose directives are all replaced by their own text comes out byte-identical.
pub(crate) fn directives(data: &[u8]) {
    let chapter = text(data);
    let found = find_directives(&chapter);
    let mut replacements = Vec::new();
    for item in &found {
        match item {
            Found::Directive(directive) => {
                assert!(directive.span.end <= chapter.len());
                assert!(chapter.is_char_boundary(directive.span.start));
                assert!(chapter.is_char_boundary(directive.span.end));
                replacements.push(Replacement {
                    span: directive.span.clone(),
                    text: chapter[directive.span.clone()].to_owned(),
                });
            }
            Found::Escaped { backslash } => assert!(chapter.is_char_boundary(*backslash)),
            Found::Invalid { span, .. } => assert!(span.end <= chapter.len()),
        }
    }
    assert_eq!(splice(&chapter, replacements), chapter);
}

/// Loading a spec or an OpenAPI document, YAML or JSON.
pub(crate) fn load(data: &[u8]) {
    let text = text(data);
    let _ = parse_spec(&text, format_of(&text));
}

/// Load, check and render, as a build does: whatever loads is checked, and whatever loads
/// cleanly renders without an error.
pub(crate) fn pipeline(data: &[u8]) {
    let text = text(data);
    let (spec, diagnostics) = parse_spec(&text, format_of(&text));
    let Some(spec) = spec else { return };
    let findings = check_spec(&spec);
    if diagnostics.iter().chain(&findings).any(|d| d.is_error()) {
        return;
    }
    if let Err(message) = render_spec(&spec, &RenderOptions::whole(1, "fuzz")) {
        panic!("a spec without errors does not render: {message}");
    }
    // Its OpenAPI export is a document the importer reads without an error.
    let document = to_openapi(&spec);
    let json = serde_json::to_string(&document).expect("an exported document is JSON");
    let (back, diagnostics) = parse_spec(&json, Format::Json);
    let errors: Vec<_> = diagnostics.iter().filter(|d| d.is_error()).collect();
    assert!(
        back.is_some() && errors.is_empty(),
        "the export of a spec without errors does not read back: {errors:?}\n{json}"
    );
}

/// A spec around one text, quoted as a JSON string so any bytes are one YAML scalar.
fn spec_around(before: &str, data: &[u8], after: &str) -> String {
    let value = serde_json::Value::String(text(data).into_owned());
    format!(
        "integration-spec: \"1.0\"\ninfo: {{ title: T, version: 1.0.0 }}\n{before}{value}{after}"
    )
}

/// The field shorthand (`string (required, max 50 chars)`), as a model's field and as a
/// request body's, through the whole pipeline.
pub(crate) fn shorthand(data: &[u8]) {
    let spec = spec_around(
        "models:\n  M:\n    fields:\n      f: ",
        data,
        "\nendpoints:\n  e:\n    method: POST\n    path: /e\n    request: { body: M }\n    responses: { 200: { body: M } }\n",
    );
    pipeline(spec.as_bytes());
}

/// A flow step (`A -> B: text`, `note over A: text`, ...), through the whole pipeline.
pub(crate) fn flow_steps(data: &[u8]) {
    let spec = spec_around(
        "overview:\n  systems: [{ name: A, kind: external }, { name: B }]\nflows:\n  f:\n    steps:\n      - ",
        data,
        "\n      - A -> B: done\n",
    );
    pipeline(spec.as_bytes());
}

/// Two versions, split at the first `\n---\n` (or in the middle): diffing a version with
/// itself finds nothing, and diffing two finds what it finds without a panic.
pub(crate) fn diff(data: &[u8]) {
    let text = text(data);
    let (old, new) = text.split_once("\n---\n").unwrap_or_else(|| {
        let mut middle = text.len() / 2;
        while !text.is_char_boundary(middle) {
            middle -= 1;
        }
        text.split_at(middle)
    });
    let load = |text: &str| parse_spec(text, format_of(text)).0;
    let (Some(old), Some(new)) = (load(old), load(new)) else {
        return;
    };
    let changes = diff_specs(&old, &new);
    let _ = gate(&old, &new, &changes);
    assert_eq!(diff_specs(&new, &new), [], "a version differs from itself");
}
