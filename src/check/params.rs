//! Parameter rules: `style` and `explode` say how a request parameter is written, so they
//! belong to request parameters only, and `deepObject` to parameters whose value is an object.

use super::walk::each_field;
use crate::diagnostic::{Code, Diagnostic, Segment, SpecPath};
use crate::spec::{FieldType, Spec, Style};

pub(super) fn check(spec: &Spec, diags: &mut Vec<Diagnostic>) {
    each_field(spec, &mut |field, path| {
        let declared = field.serialization;
        if !declared.is_declared() {
            return;
        }
        let what = match (declared.style, declared.explode) {
            (Some(_), Some(_)) => "`style` and `explode` apply",
            (Some(_), None) => "`style` applies",
            _ => "`explode` applies",
        };
        if !is_parameter(path) {
            diags.push(
                Diagnostic::error(
                    Code::InvalidValue,
                    format!("{what} only to request parameters"),
                )
                .at(path)
                .with_help(
                    "remove them here; they say how a parameter of `path_params`, `query`, \
                     `headers` or `cookies` is written",
                ),
            );
            return;
        }
        let object_like = matches!(
            field.ty,
            FieldType::Object(_) | FieldType::Map(_) | FieldType::Model(_) | FieldType::Any
        );
        if declared.style == Some(Style::DeepObject) && !object_like {
            diags.push(
                Diagnostic::error(
                    Code::InvalidValue,
                    format!(
                        "`style deepObject` writes an object's members (`name[key]=value`), but this parameter is {}",
                        field.ty.shorthand()
                    ),
                )
                .at(path)
                .with_help("give it an object type (a model, `map of ...` or inline fields), or use `style form`"),
            );
        }
    });
}

/// `endpoints.<id>.request.<place>.<name>`: a request parameter itself, not a field inside one.
fn is_parameter(path: &SpecPath) -> bool {
    matches!(
        path.segments(),
        [Segment::Key(endpoints), Segment::Key(_), Segment::Key(request), Segment::Key(place), Segment::Key(_)]
            if endpoints == "endpoints"
                && request == "request"
                && ["path_params", "query", "headers", "cookies"].contains(&place.as_str())
    )
}

#[cfg(test)]
mod tests {
    fn findings(yaml: &str) -> Vec<String> {
        let text = format!("integration-spec: \"1.0\"\ninfo: {{title: T, version: 1.0.0}}\n{yaml}");
        let (spec, diags) = crate::load::parse_spec(&text, crate::load::Format::Yaml);
        assert_eq!(diags, []);
        let mut found = Vec::new();
        super::check(&spec.unwrap(), &mut found);
        found
            .iter()
            .map(|diag| format!("{} at {}", diag.message, diag.path.as_ref().unwrap()))
            .collect()
    }

    #[test]
    fn styles_belong_to_request_parameters() {
        let yaml = "models:\n  Filter:\n    fields:\n      status: array of string (style pipeDelimited)\n\
                    endpoints:\n  list:\n    method: GET\n    path: /orders\n    request:\n      query:\n\
                    \x20       status: array of string (explode false)\n\
                    \x20       filter: Filter (style deepObject)\n\
                    \x20       limit: integer (style deepObject)\n";
        assert_eq!(
            findings(yaml),
            [
                "`style` applies only to request parameters at models.Filter.fields.status",
                "`style deepObject` writes an object's members (`name[key]=value`), but this parameter is integer at endpoints.list.request.query.limit",
            ]
        );
    }
}
