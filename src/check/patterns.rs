//! Every `format:` regex and JSON Schema `pattern` must compile, with the engine that checks
//! the examples (`fancy-regex`, which `jsonschema` uses for `pattern`).

use std::collections::{HashMap, HashSet};

use serde_json::Value;

use crate::diagnostic::{Code, Diagnostic, SpecPath};
use crate::spec::Spec;

pub(super) fn check(spec: &Spec, diags: &mut Vec<Diagnostic>) {
    let mut patterns = Patterns::default();
    super::walk::each_field(spec, &mut |field, path| match &field.schema {
        // The subschemas lowered into fields of their own are visited as those fields.
        Some(schema) => {
            patterns.in_schema(schema, path, &mut Vec::new(), diags);
            // A `not` written in the shorthand holds its pattern in its string.
            if let Some(not) = &field.schema_notes.not
                && not.schema.is_none()
                && let Some(pattern) = &not.constraints.pattern
            {
                patterns.check(pattern, path.key("not"), diags);
            }
        }
        None => {
            if let Some(pattern) = &field.constraints.pattern {
                patterns.check(pattern, path.clone(), diags);
            }
        }
    });
}

/// One step into a written JSON Schema.
enum Step<'v> {
    Key(&'v str),
    Index(usize),
}

/// The patterns found, and what compiling each told (many schemas share a pattern).
#[derive(Default)]
struct Patterns {
    compiled: HashMap<String, Option<String>>,
    /// The places of the patterns in written JSON Schemas (each is reported once).
    in_schemas: HashSet<SpecPath>,
}

impl Patterns {
    /// Every `pattern` in a written JSON Schema, however deep (`items`, `properties`,
    /// `allOf`...), at `at` and the `steps` below it.
    fn in_schema<'v>(
        &mut self,
        schema: &'v Value,
        at: &SpecPath,
        steps: &mut Vec<Step<'v>>,
        diags: &mut Vec<Diagnostic>,
    ) {
        match schema {
            Value::Object(map) => {
                for (key, value) in map {
                    match (key.as_str(), value) {
                        ("pattern", Value::String(pattern)) => {
                            let mut path = at.clone();
                            for step in steps.iter() {
                                match step {
                                    Step::Key(key) => path.push_key(key),
                                    Step::Index(idx) => path.push_index(*idx),
                                }
                            }
                            path.push_key(key);
                            if self.in_schemas.insert(path.clone()) {
                                self.check(pattern, path, diags);
                            }
                        }
                        // Examples are data, not schemas.
                        ("example" | "examples" | "default" | "const" | "enum", _) => {}
                        (_, Value::Object(_) | Value::Array(_)) => {
                            steps.push(Step::Key(key));
                            self.in_schema(value, at, steps, diags);
                            steps.pop();
                        }
                        _ => {}
                    }
                }
            }
            Value::Array(items) => {
                for (idx, item) in items.iter().enumerate() {
                    steps.push(Step::Index(idx));
                    self.in_schema(item, at, steps, diags);
                    steps.pop();
                }
            }
            _ => {}
        }
    }

    fn check(&mut self, pattern: &str, path: SpecPath, diags: &mut Vec<Diagnostic>) {
        let error = self
            .compiled
            .entry(pattern.to_owned())
            .or_insert_with(|| compile_error(pattern));
        if let Some(err) = error {
            diags.push(
                Diagnostic::error(
                    Code::InvalidPattern,
                    format!("`{pattern}` is not a valid regular expression: {err}"),
                )
                .at(&path)
                .with_help(
                    "fix the regex; a literal `(`, `[`, `{`, `*`, `+`, `?` or `.` needs a backslash",
                ),
            );
        }
    }
}

/// Why `pattern` does not compile, if it does not.
fn compile_error(pattern: &str) -> Option<String> {
    // The shorthand's pattern is anchored as `^(?:...)$` when checking; a pattern that
    // compiles on its own compiles anchored, and its error positions match what was written.
    fancy_regex::Regex::new(pattern)
        .err()
        .map(|err| err.to_string())
}
