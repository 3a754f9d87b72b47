//! Every `format:` regex and JSON Schema `pattern` must compile, with the engine that checks
//! the examples (`fancy-regex`, which `jsonschema` uses for `pattern`).

use crate::diagnostic::{Code, Diagnostic, SpecPath};
use crate::spec::{Field, Spec};

pub(super) fn check(spec: &Spec, diags: &mut Vec<Diagnostic>) {
    super::each_field(spec, &mut |field, path| check_field(field, path, diags));
}

fn check_field(field: &Field, path: &SpecPath, diags: &mut Vec<Diagnostic>) {
    let Some(pattern) = &field.constraints.pattern else {
        return;
    };
    let pattern_path = match field.schema {
        Some(_) => path.key("pattern"),
        None => path.clone(),
    };
    // The shorthand's pattern is anchored as `^(?:...)$` when checking; a pattern that
    // compiles on its own compiles anchored, and its error positions match what was written.
    if let Err(err) = fancy_regex::Regex::new(pattern) {
        diags.push(
            Diagnostic::error(
                Code::InvalidPattern,
                format!("`{pattern}` is not a valid regular expression: {err}"),
            )
            .at(&pattern_path)
            .with_help(
                "fix the regex; a literal `(`, `[`, `{`, `*`, `+`, `?` or `.` needs a backslash",
            ),
        );
    }
}
