//! Every `format:` regex and JSON Schema `pattern` must compile, with the engine that checks
//! the examples (`fancy-regex`, which `jsonschema` uses for `pattern`).

use super::item;
use crate::diagnostic::{Code, Diagnostic, SpecPath};
use crate::spec::{Field, FieldType, Fields, Spec};

pub(super) fn check(spec: &Spec, diags: &mut Vec<Diagnostic>) {
    let mut check_fields = |fields: &Fields, path: &SpecPath| {
        for (name, field) in fields {
            check_field(field, &path.key(name), diags);
        }
    };
    for (name, model) in &spec.models {
        check_fields(&model.fields, &item("models", name).key("fields"));
    }
    for (id, endpoint) in &spec.endpoints {
        let path = item("endpoints", id);
        if let Some(request) = &endpoint.request {
            let request_path = path.key("request");
            check_fields(&request.path_params, &request_path.key("path_params"));
            check_fields(&request.query, &request_path.key("query"));
            check_fields(&request.headers, &request_path.key("headers"));
            if let Some(body) = &request.body {
                check_body(body, &request_path.key("body"), &mut check_fields);
            }
        }
        for (status, response) in &endpoint.responses {
            let response_path = path.key("responses").key(&status.to_string());
            check_fields(&response.headers, &response_path.key("headers"));
            if let Some(body) = &response.body {
                check_body(body, &response_path.key("body"), &mut check_fields);
            }
        }
    }
    for (event, webhook) in &spec.webhooks {
        let path = item("webhooks", event);
        check_fields(&webhook.headers, &path.key("headers"));
        if let Some(payload) = &webhook.payload {
            check_body(payload, &path.key("payload"), &mut check_fields);
        }
    }
}

/// A body written as a mapping of fields is checked field by field at its own path.
fn check_body(body: &Field, path: &SpecPath, check_fields: &mut impl FnMut(&Fields, &SpecPath)) {
    match &body.ty {
        FieldType::Object(fields) if body.schema.is_none() => check_fields(fields, path),
        _ => {}
    }
}

fn check_field(field: &Field, path: &SpecPath, diags: &mut Vec<Diagnostic>) {
    if let Some(pattern) = &field.constraints.pattern {
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
                .with_help("fix the regex; a literal `(`, `[`, `{`, `*`, `+`, `?` or `.` needs a backslash"),
            );
        }
    }
    let children = match &field.ty {
        FieldType::Object(fields) => Some(fields),
        FieldType::Array(item) | FieldType::Map(item) => match item.as_ref() {
            FieldType::Object(fields) => Some(fields),
            _ => None,
        },
        _ => None,
    };
    if let Some(children) = children {
        for (name, child) in children {
            let child_path = match field.schema {
                Some(_) => path.key("properties").key(name),
                None => path.key(name),
            };
            check_field(child, &child_path, diags);
        }
    }
}
