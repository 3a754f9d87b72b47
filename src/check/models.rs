//! Composed models hold together: a model's `all_of` includes models with fields, in no
//! circle, and declares each field once; a choice is not one of its own variants; and a
//! discriminator is a required text field of every variant, whose values select one variant
//! each.

use std::collections::BTreeMap;

use super::walk::{each_field, item};
use crate::diagnostic::{Code, Diagnostic, SpecPath};
use crate::spec::{Field, FieldType, Model, Spec, Union, model_fields, variant_values};

pub(super) fn check(spec: &Spec, diags: &mut Vec<Diagnostic>) {
    for (name, model) in &spec.models {
        let path = item("models", name);
        all_of(spec, name, model, &path, diags);
        if let Some(union) = &model.variants {
            own_variant(spec, name, &path, diags);
            discriminator(spec, union, name, &path.key("discriminator"), diags);
        }
    }
    each_field(spec, &mut |field, path| {
        let mut ty = &field.ty;
        while let FieldType::Array(item) | FieldType::Map(item) = ty {
            ty = item;
        }
        if let FieldType::Union(union) = ty {
            let at = match field.schema {
                Some(_) => path.key("discriminator"),
                None => path.clone(),
            };
            discriminator(spec, union, &field.ty.shorthand(), &at, diags);
        }
    });
}

fn error(path: &SpecPath, message: String, help: impl Into<String>) -> Diagnostic {
    Diagnostic::error(Code::InvalidComposition, message)
        .at(path)
        .with_help(help)
}

/// The models of `all_of` are models with fields, the model is not among them (through any
/// number of steps), and no field is declared twice.
fn all_of(spec: &Spec, name: &str, model: &Model, path: &SpecPath, diags: &mut Vec<Diagnostic>) {
    for (idx, included) in model.all_of.iter().enumerate() {
        let at = path.key("all_of").index(idx);
        if spec
            .models
            .get(included)
            .is_some_and(|included| included.variants.is_some())
        {
            diags.push(error(
                &at,
                format!("model `{name}` includes `{included}`, which is a choice of models"),
                format!("include models with fields; to make `{name}` a choice, give it `one_of` instead"),
            ));
        }
        if let Some(circle) = circle(spec, name, included, &mut vec![name], &|model| {
            model.all_of.iter().map(String::as_str).collect()
        }) {
            diags.push(error(
                &at,
                format!("model `{name}` includes itself: {}", circle.join(" → ")),
                "remove one `all_of` of the circle; a model cannot have its own fields twice",
            ));
            // The fields of a circle are counted once; nothing more to say about them.
            return;
        }
    }
    let mut owners: BTreeMap<&str, &str> = BTreeMap::new();
    for field in model_fields(&spec.models, name) {
        match owners.get(field.name) {
            Some(first) => {
                let at = if field.owner == name {
                    path.key("fields").key(field.name)
                } else {
                    path.key("all_of")
                };
                diags.push(error(
                    &at,
                    format!(
                        "model `{name}` has field `{}` twice: from `{first}` and from `{}`",
                        field.name, field.owner
                    ),
                    "declare each field in one model; a model that includes another has its fields already",
                ));
            }
            None => {
                owners.insert(field.name, field.owner);
            }
        }
    }
}

/// A choice that is, through its variants, one of its own variants would be checked forever.
fn own_variant(spec: &Spec, name: &str, path: &SpecPath, diags: &mut Vec<Diagnostic>) {
    fn variants(model: &Model) -> Vec<&str> {
        model
            .variants
            .iter()
            .flat_map(|union| union.variant_models().flatten())
            .collect()
    }
    let Some(model) = spec.models.get(name) else {
        return;
    };
    for variant in variants(model) {
        if let Some(circle) = circle(spec, name, variant, &mut vec![name], &variants) {
            let key = match model.variants.as_ref().map(|union| union.kind) {
                Some(crate::spec::UnionKind::AnyOf) => "any_of",
                _ => "one_of",
            };
            diags.push(error(
                &path.key(key),
                format!(
                    "model `{name}` is one of its own variants: {}",
                    circle.join(" → ")
                ),
                "a variant is a model with fields; remove the circle",
            ));
            return;
        }
    }
}

/// The path from `from` back to `target` through `next`, if there is one.
fn circle<'s>(
    spec: &'s Spec,
    target: &str,
    from: &'s str,
    trail: &mut Vec<&'s str>,
    next: &dyn Fn(&'s Model) -> Vec<&'s str>,
) -> Option<Vec<String>> {
    if from == target {
        let mut names: Vec<String> = trail.iter().map(|name| (*name).to_owned()).collect();
        names.push(target.to_owned());
        return Some(names);
    }
    if trail.contains(&from) {
        return None;
    }
    let model = spec.models.get(from)?;
    trail.push(from);
    for step in next(model) {
        if let Some(found) = circle(spec, target, step, trail, next) {
            return Some(found);
        }
    }
    trail.pop();
    None
}

/// Every variant of a choice with a discriminator is a model whose fields include the
/// discriminator, required and text; each value selects one variant; the mapping names
/// variants, with values their field allows.
fn discriminator(
    spec: &Spec,
    union: &Union,
    label: &str,
    path: &SpecPath,
    diags: &mut Vec<Diagnostic>,
) {
    let Some(discriminator) = &union.discriminator else {
        return;
    };
    let property = &discriminator.property;
    let models: Vec<Option<&str>> = union.variant_models().collect();
    for (variant, model) in union.variants.iter().zip(&models) {
        let Some(model) = model else {
            diags.push(error(
                path,
                format!(
                    "`{label}` has a discriminator, but its variant `{}` is not a model",
                    variant.ty.shorthand()
                ),
                format!("a discriminator picks models by their `{property}`: declare the variant as a model"),
            ));
            continue;
        };
        if !spec.models.contains_key(*model) {
            continue;
        }
        let field = model_fields(&spec.models, model)
            .into_iter()
            .find(|field| field.name == property.as_str());
        let problem = match field.map(|field| field.field) {
            None => Some(format!("has no field `{property}`")),
            Some(Field {
                required: false, ..
            }) => Some(format!("has `{property}` as an optional field")),
            Some(field) if !is_text(&field.ty) => Some(format!(
                "has `{property}` as {}, not text",
                field.ty.shorthand()
            )),
            Some(_) => None,
        };
        if let Some(problem) = problem {
            diags.push(error(
                path,
                format!("`{model}`, a variant of `{label}`, {problem}; the discriminator `{property}` must say which variant a value is"),
                format!("give `{model}` the field `{property}` as required text, e.g. `{property}: enum({}) (required)`", model.to_ascii_lowercase()),
            ));
        }
    }
    for (value, target) in &discriminator.mapping {
        if !models.contains(&Some(target.as_str())) {
            diags.push(error(
                &path.key("mapping").key(value),
                format!("the discriminator of `{label}` sends `{value}` to `{target}`, which is not one of its variants"),
                format!("add `{target}` to the variants, or send `{value}` to one of them"),
            ));
            continue;
        }
        let allowed = model_fields(&spec.models, target)
            .into_iter()
            .find(|field| field.name == property.as_str())
            .and_then(|field| match &field.field.ty {
                FieldType::Enum(values) => Some(values.clone()),
                _ => None,
            });
        if let Some(allowed) = allowed
            && !allowed.contains(value)
        {
            diags.push(error(
                &path.key("mapping").key(value),
                format!(
                    "the discriminator of `{label}` sends `{value}` to `{target}`, whose `{property}` is one of {}",
                    allowed.iter().map(|value| format!("`{value}`")).collect::<Vec<_>>().join(", ")
                ),
                format!("send one of the values `{target}` allows, or allow `{value}` in its `{property}`"),
            ));
        }
    }
    let mut selects: BTreeMap<&str, &str> = BTreeMap::new();
    let values = variant_values(&spec.models, union);
    for (values, model) in values.iter().zip(&models) {
        let Some(model) = model else { continue };
        for value in values {
            match selects.get(value.as_str()) {
                Some(first) if first != model => diags.push(error(
                    path,
                    format!("`{property}: {value}` selects both `{first}` and `{model}`, variants of `{label}`"),
                    "give each variant its own value of the discriminator",
                )),
                _ => {
                    selects.insert(value, model);
                }
            }
        }
    }
}

fn is_text(ty: &FieldType) -> bool {
    matches!(
        ty,
        FieldType::String
            | FieldType::Enum(_)
            | FieldType::Url
            | FieldType::Email
            | FieldType::Uuid
            | FieldType::Date
            | FieldType::DateTime
    )
}
