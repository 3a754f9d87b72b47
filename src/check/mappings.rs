//! Field mappings: both models exist, every field path resolves in its model, and every
//! required field of the target is filled (the `unmapped-field` lint).

use super::walk::item;
use crate::diagnostic::{Code, Diagnostic, SpecPath, suggest};
use crate::spec::{Field, FieldType, Fields, Spec};

pub(super) fn check(spec: &Spec, diags: &mut Vec<Diagnostic>) {
    for (id, mapping) in &spec.mappings {
        let path = item("mappings", id);
        let from = model_fields(spec, &mapping.from, &path.key("from"), diags);
        let to = model_fields(spec, &mapping.to, &path.key("to"), diags);
        let fields_path = path.key("fields");
        let mut filled = Vec::new();
        for field in &mapping.fields {
            let field_path = match &field.source {
                Some(source) => fields_path.key(source),
                None => path
                    .key("set")
                    .key(field.target.as_deref().unwrap_or_default()),
            };
            if let (Some(from), Some(source)) = (from, &field.source) {
                report(
                    resolve(spec, from, source),
                    &mapping.from,
                    &field_path,
                    diags,
                );
            }
            if let (Some(to), Some(target)) = (to, &field.target) {
                let target_path = match (&field.source, &field.rule) {
                    // Written as a mapping: the caret goes on its `to`.
                    (Some(_), Some(_)) => field_path.key("to"),
                    _ => field_path.clone(),
                };
                report(resolve(spec, to, target), &mapping.to, &target_path, diags);
                filled.push(target.split(['.', '[']).next().unwrap_or(target));
            }
        }
        if let Some(to) = to {
            for (name, field) in to {
                if field.required && !filled.contains(&name.as_str()) {
                    diags.push(
                        Diagnostic::warning(
                            Code::UnmappedField,
                            format!(
                                "the required field `{name}` of `{}` is filled by no field of the mapping",
                                mapping.to
                            ),
                        )
                        .at(&fields_path)
                        .with_help(format!(
                            "map a field of `{}` to `{name}`, or say how it is set: \
                             `set: {{ {name}: ... }}`",
                            mapping.from
                        )),
                    );
                }
            }
        }
    }
}

/// The fields of the model `name`, or a finding.
fn model_fields<'s>(
    spec: &'s Spec,
    name: &str,
    path: &SpecPath,
    diags: &mut Vec<Diagnostic>,
) -> Option<&'s Fields> {
    if let Some(model) = spec.models.get(name) {
        return Some(&model.fields);
    }
    let known = spec.models.keys().map(String::as_str);
    let help = suggest(name, known.clone()).unwrap_or_else(|| {
        "name a model declared under `models`; declare the other system's models there too"
            .to_owned()
    });
    diags.push(
        Diagnostic::error(Code::UnresolvedReference, format!("unknown model `{name}`"))
            .at(path)
            .about(name)
            .with_help(help),
    );
    None
}

/// Why a field path does not resolve: the segment at fault and the names that were possible.
struct Unresolved<'s> {
    segment: String,
    problem: String,
    known: Vec<&'s str>,
}

/// The field a path such as `items[].quantity` names in `fields`, following lists (`[]`),
/// inline objects and models.
fn resolve<'s>(
    spec: &'s Spec,
    fields: &'s Fields,
    path: &str,
) -> Result<&'s Field, Unresolved<'s>> {
    let segments: Vec<&str> = path.split('.').collect();
    let mut fields = fields;
    for (idx, segment) in segments.iter().enumerate() {
        let name = segment.trim_end_matches("[]");
        let field = fields.get(name).ok_or_else(|| Unresolved {
            segment: name.to_owned(),
            problem: format!("no field `{name}`"),
            known: fields.keys().map(String::as_str).collect(),
        })?;
        let mut ty = &field.ty;
        for _ in 0..(segment.len() - name.len()) / 2 {
            ty = match ty {
                FieldType::Array(item) => item,
                _ => {
                    return Err(Unresolved {
                        segment: (*segment).to_owned(),
                        problem: format!("`{name}` is not a list, so `{segment}` has no items"),
                        known: Vec::new(),
                    });
                }
            };
        }
        let Some(next) = segments.get(idx + 1) else {
            return Ok(field);
        };
        fields = children(spec, ty).ok_or_else(|| Unresolved {
            segment: (*next).to_owned(),
            problem: format!("`{segment}` has no fields, so it has no `{next}`"),
            known: Vec::new(),
        })?;
    }
    Err(Unresolved {
        segment: path.to_owned(),
        problem: "an empty path names no field".to_owned(),
        known: Vec::new(),
    })
}

/// The fields inside a value of type `ty`: an inline object's, or a model's.
fn children<'s>(spec: &'s Spec, ty: &'s FieldType) -> Option<&'s Fields> {
    match ty {
        FieldType::Object(fields) => Some(fields),
        FieldType::Model(name) => spec.models.get(name).map(|model| &model.fields),
        _ => None,
    }
}

fn report(
    resolved: Result<&Field, Unresolved<'_>>,
    model: &str,
    path: &SpecPath,
    diags: &mut Vec<Diagnostic>,
) {
    let Err(unresolved) = resolved else { return };
    let help = suggest(&unresolved.segment, unresolved.known.iter().copied()).unwrap_or_else(|| {
        if unresolved.known.is_empty() {
            "write the path of a field, its parts separated by `.`, with `[]` after a list: `items[].quantity`".to_owned()
        } else {
            format!("the fields there are: {}", unresolved.known.join(", "))
        }
    });
    diags.push(
        Diagnostic::error(
            Code::UnresolvedReference,
            format!("{} in `{model}`", unresolved.problem),
        )
        .at(path)
        .about(unresolved.segment)
        .with_help(help),
    );
}

#[cfg(test)]
mod tests {
    fn findings(mapping: &str) -> Vec<String> {
        let text = format!(
            "integration-spec: \"1.0\"\ninfo: {{title: T, version: 1.0.0}}\nmodels:\n\
             \x20 Order: {{fields: {{id: string, items: array of Item, customer: {{type: object, properties: {{number: string}}}}}}}}\n\
             \x20 Item: {{fields: {{sku: string, quantity: integer}}}}\n\
             \x20 Target: {{fields: {{ref: string (required), qty: integer}}}}\n\
             mappings:\n  m:\n{mapping}"
        );
        let (spec, diags) = crate::load::parse_spec(&text, crate::load::Format::Yaml);
        assert_eq!(diags, []);
        let mut found = Vec::new();
        super::check(&spec.unwrap(), &mut found);
        found
            .iter()
            .map(|diag| {
                format!(
                    "{}: {} at {} ({})",
                    diag.code,
                    diag.message,
                    diag.path.as_ref().unwrap(),
                    diag.help.as_deref().unwrap_or_default()
                )
            })
            .collect()
    }

    #[test]
    fn paths_resolve_through_lists_objects_and_models() {
        let clean = "    from: Order\n    to: Target\n    fields:\n      id: ref\n\
                     \x20     items[].quantity: qty\n      customer.number: { rule: dropped }\n";
        assert_eq!(findings(clean), Vec::<String>::new());
    }

    #[test]
    fn unknown_models_and_fields_are_named_with_a_fix() {
        let wrong = "    from: Ordre\n    to: Target\n    fields:\n      id: reff\n";
        assert_eq!(
            findings(wrong),
            [
                "unresolved-reference: unknown model `Ordre` at mappings.m.from (did you mean `Order`?)",
                "unresolved-reference: no field `reff` in `Target` at mappings.m.fields.id (did you mean `ref`?)",
                "unmapped-field: the required field `ref` of `Target` is filled by no field of the mapping at mappings.m.fields (map a field of `Ordre` to `ref`, or say how it is set: `set: { ref: ... }`)",
            ]
        );
        let paths = "    from: Order\n    to: Target\n    fields:\n      items.sku: ref\n\
                     \x20     id[]: qty\n      items[].colour: { to: ref }\n";
        assert_eq!(
            findings(paths),
            [
                "unresolved-reference: `items` has no fields, so it has no `sku` in `Order` at mappings.m.fields[\"items.sku\"] (write the path of a field, its parts separated by `.`, with `[]` after a list: `items[].quantity`)",
                "unresolved-reference: `id` is not a list, so `id[]` has no items in `Order` at mappings.m.fields[\"id[]\"] (write the path of a field, its parts separated by `.`, with `[]` after a list: `items[].quantity`)",
                "unresolved-reference: no field `colour` in `Order` at mappings.m.fields[\"items[].colour\"] (the fields there are: sku, quantity)",
            ]
        );
    }
}
