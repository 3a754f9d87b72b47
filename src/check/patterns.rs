//! Every `format:` regex and JSON Schema `pattern` must compile, with the engine that checks
//! the examples (`fancy-regex`, which `jsonschema` uses for `pattern`).

use std::collections::HashSet;

use serde_json::Value;

use crate::diagnostic::{Code, Diagnostic, SpecPath};
use crate::spec::Spec;

pub(super) fn check(spec: &Spec, diags: &mut Vec<Diagnostic>) {
    // A JSON Schema field's schema holds its children's too: each pattern is reported once.
    let mut seen = HashSet::new();
    super::walk::each_field(spec, &mut |field, path| match &field.schema {
        Some(schema) => {
            schema_patterns(schema, path, &mut seen, diags);
            // A `not` written in the shorthand holds its pattern in its string.
            if let Some(not) = &field.schema_notes.not
                && not.schema.is_none()
                && let Some(pattern) = &not.constraints.pattern
            {
                check_pattern(pattern, &path.key("not"), diags);
            }
        }
        None => {
            if let Some(pattern) = &field.constraints.pattern {
                check_pattern(pattern, path, diags);
            }
        }
    });
}

/// Every `pattern` in a written JSON Schema, however deep (`items`, `properties`, `allOf`...).
fn schema_patterns(
    schema: &Value,
    path: &SpecPath,
    seen: &mut HashSet<SpecPath>,
    diags: &mut Vec<Diagnostic>,
) {
    match schema {
        Value::Object(map) => {
            for (key, value) in map {
                let inner = path.key(key);
                match (key.as_str(), value) {
                    ("pattern", Value::String(pattern)) => {
                        if seen.insert(inner.clone()) {
                            check_pattern(pattern, &inner, diags);
                        }
                    }
                    // Examples are data, not schemas.
                    ("example" | "examples" | "default" | "const" | "enum", _) => {}
                    _ => schema_patterns(value, &inner, seen, diags),
                }
            }
        }
        Value::Array(items) => {
            for (idx, item) in items.iter().enumerate() {
                schema_patterns(item, &path.index(idx), seen, diags);
            }
        }
        _ => {}
    }
}

fn check_pattern(pattern: &str, path: &SpecPath, diags: &mut Vec<Diagnostic>) {
    // The shorthand's pattern is anchored as `^(?:...)$` when checking; a pattern that
    // compiles on its own compiles anchored, and its error positions match what was written.
    if let Err(err) = fancy_regex::Regex::new(pattern) {
        diags.push(
            Diagnostic::error(
                Code::InvalidPattern,
                format!("`{pattern}` is not a valid regular expression: {err}"),
            )
            .at(path)
            .with_help(
                "fix the regex; a literal `(`, `[`, `{`, `*`, `+`, `?` or `.` needs a backslash",
            ),
        );
    }
}
