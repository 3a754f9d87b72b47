//! Composed models hold together: a model's `all_of` includes models with fields, in no
//! circle, and declares each field once; a choice is not one of its own variants; and a
//! discriminator is a required text field of every variant, whose values select one variant
//! each.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::walk::{each_field, item};
use crate::diagnostic::{Code, Diagnostic, SpecPath};
use crate::spec::{
    Field, FieldType, Spec, Union, UnionKind, field_declarations, model_fields, variant_values,
};

/// How deep `all_of` may include models, and choices be choices of choices: deeper, a
/// spec is surely not written by hand, and checking its examples would recurse as deep.
const MAX_DEPTH: usize = 32;

/// How many steps from a model to a model it includes (directly or not, counting every way
/// there) the `all_of`s of a spec may make: a bound on the work of finding fields declared
/// twice, which no spec written by hand comes near.
const MAX_INCLUDES: usize = 1_000_000;

pub(super) fn check(spec: &Spec, diags: &mut Vec<Diagnostic>) {
    let includes_hold = includes(spec, diags);
    choices(spec, diags);
    for (name, model) in &spec.models {
        let path = item("models", name);
        if includes_hold {
            // OpenAPI's `allOf` may declare a field again to narrow it; the later declaration
            // is the one shown and checked.
            if !spec.reads_openapi() {
                fields_once(spec, name, &path, diags);
            }
        }
        if let Some(union) = &model.variants {
            discriminator(spec, union, name, &path.key("discriminator"), diags);
        }
    }
    each_field(spec, &mut |field, path| {
        let mut ty = &field.ty;
        // An item written as a schema of its own is visited as a field.
        while let FieldType::Array(item) | FieldType::Map(item) = ty
            && field.schema_notes.item.is_none()
        {
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

/// The models of `all_of` are models with fields, in no circle and not too deep. Whether the
/// fields they include can be counted within bounds.
fn includes(spec: &Spec, diags: &mut Vec<Diagnostic>) -> bool {
    let edges: Vec<Vec<usize>> = spec
        .models
        .values()
        .map(|model| {
            model
                .all_of
                .iter()
                .filter_map(|name| spec.models.get_index_of(name))
                .collect()
        })
        .collect();
    for (name, model) in &spec.models {
        for (idx, included) in model.all_of.iter().enumerate() {
            if spec
                .models
                .get(included)
                .is_some_and(|included| included.variants.is_some())
            {
                diags.push(error(
                    &item("models", name).key("all_of").index(idx),
                    format!("model `{name}` includes `{included}`, which is a choice of models"),
                    format!("include models with fields; to make `{name}` a choice, give it `one_of` instead"),
                ));
            }
        }
    }
    let graph = walk_graph(&edges);
    for (from, to, circle) in &graph.circles {
        let name = model_name(spec, *from);
        let entry = spec.models[*from]
            .all_of
            .iter()
            .position(|included| spec.models.get_index_of(included) == Some(*to))
            .unwrap_or(0);
        diags.push(error(
            &item("models", name).key("all_of").index(entry),
            format!("model `{name}` includes itself: {}", names(spec, circle)),
            "remove one `all_of` of the circle; a model cannot have its own fields twice",
        ));
    }
    // The first model too deep is enough to say it.
    if let Some(idx) = graph.depths.iter().position(|depth| *depth > MAX_DEPTH) {
        let name = model_name(spec, idx);
        diags.push(error(
            &item("models", name).key("all_of"),
            format!("model `{name}` includes models more than {MAX_DEPTH} levels deep"),
            format!("at most {MAX_DEPTH} levels: include the fields of a model's own includes more directly"),
        ));
    }
    // Every model with every model it includes, directly or not (circles are walked once).
    let mut pairs = 0;
    for start in 0..edges.len() {
        let mut seen = HashSet::from([start]);
        let mut stack = vec![start];
        while let Some(idx) = stack.pop() {
            for next in &edges[idx] {
                // Every step counts, a model reached twice too.
                pairs += 1;
                if seen.insert(*next) {
                    stack.push(*next);
                }
            }
        }
        if pairs > MAX_INCLUDES {
            diags.push(error(
                &SpecPath::root().key("models"),
                format!("the models include each other more than {MAX_INCLUDES} times over through `all_of`"),
                "include fewer models in each; shared fields belong in one model that others include",
            ));
            return false;
        }
    }
    true
}

/// No model gets a field twice, declared again or from two included models.
fn fields_once(spec: &Spec, name: &str, path: &SpecPath, diags: &mut Vec<Diagnostic>) {
    let mut owners: HashMap<&str, &str> = HashMap::new();
    for field in field_declarations(&spec.models, name) {
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

/// A choice that is, through its variants, one of its own variants would be checked forever;
/// and choices of choices nest no deeper than `all_of`s.
fn choices(spec: &Spec, diags: &mut Vec<Diagnostic>) {
    let edges: Vec<Vec<usize>> = spec
        .models
        .values()
        .map(|model| {
            model
                .variants
                .iter()
                .flat_map(|union| union.variant_models().flatten())
                .filter_map(|name| spec.models.get_index_of(name))
                .collect()
        })
        .collect();
    let key = |idx: usize| match spec.models[idx].variants.as_ref().map(|union| union.kind) {
        Some(UnionKind::AnyOf) => "any_of",
        _ => "one_of",
    };
    let graph = walk_graph(&edges);
    for (from, _, circle) in &graph.circles {
        let name = model_name(spec, *from);
        diags.push(error(
            &item("models", name).key(key(*from)),
            format!(
                "model `{name}` is one of its own variants: {}",
                names(spec, circle)
            ),
            "a variant is a model with fields; remove the circle",
        ));
    }
    if let Some(idx) = graph.depths.iter().position(|depth| *depth > MAX_DEPTH) {
        let name = model_name(spec, idx);
        diags.push(error(
            &item("models", name).key(key(idx)),
            format!("model `{name}` is a choice of choices more than {MAX_DEPTH} levels deep"),
            format!(
                "at most {MAX_DEPTH} levels: list the models of the inner choices in the outer one"
            ),
        ));
    }
}

fn model_name(spec: &Spec, idx: usize) -> &str {
    spec.models
        .get_index(idx)
        .map_or("", |(name, _)| name.as_str())
}

/// `A → B → A`
fn names(spec: &Spec, circle: &[usize]) -> String {
    circle
        .iter()
        .map(|idx| model_name(spec, *idx))
        .collect::<Vec<_>>()
        .join(" → ")
}

/// What one depth-first walk of a graph of models finds.
#[derive(Debug, Default, PartialEq)]
struct Walked {
    /// Each edge that closes a circle (from, to), with the circle from `from` round to
    /// `from` again.
    circles: Vec<(usize, usize, Vec<usize>)>,
    /// Per node, the most nodes on a path that starts there (the circles cut).
    depths: Vec<usize>,
}

/// Walks `edges` depth first, without recursion, every node once.
fn walk_graph(edges: &[Vec<usize>]) -> Walked {
    const NEW: u8 = 0;
    const OPEN: u8 = 1;
    const DONE: u8 = 2;
    let mut state = vec![NEW; edges.len()];
    let mut depths = vec![1; edges.len()];
    let mut circles = Vec::new();
    for root in 0..edges.len() {
        if state[root] != NEW {
            continue;
        }
        state[root] = OPEN;
        // The open nodes, each with the next of its edges to follow.
        let mut stack: Vec<(usize, usize)> = vec![(root, 0)];
        while let Some(&mut (node, ref mut next)) = stack.last_mut() {
            let Some(&to) = edges[node].get(*next) else {
                state[node] = DONE;
                stack.pop();
                if let Some(&(parent, _)) = stack.last() {
                    depths[parent] = depths[parent].max(depths[node] + 1);
                }
                continue;
            };
            *next += 1;
            match state.get(to).copied() {
                Some(NEW) => {
                    state[to] = OPEN;
                    stack.push((to, 0));
                }
                Some(OPEN) => {
                    let from = stack.iter().position(|(open, _)| *open == to).unwrap_or(0);
                    let mut circle = vec![node];
                    circle.extend(stack[from..].iter().map(|(open, _)| *open));
                    circles.push((node, to, circle));
                }
                Some(_) => depths[node] = depths[node].max(depths[to] + 1),
                None => {}
            }
        }
    }
    Walked { circles, depths }
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
        // In OpenAPI, a discriminator only picks among the variants that are models.
        if model.is_none() && spec.reads_openapi() {
            continue;
        }
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
            // OpenAPI lets a value without the property be any variant that accepts it.
            Some(Field {
                required: false, ..
            }) if !spec.reads_openapi() => Some(format!("has `{property}` as an optional field")),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_walk_finds_each_circle_once_and_the_depths() {
        // 0 → 1 → 2 → 0 is a circle; 3 → 0, 3 → 4; 4 stands alone.
        let edges = vec![vec![1], vec![2], vec![0], vec![0, 4], vec![]];
        let walked = walk_graph(&edges);
        assert_eq!(walked.circles, [(2, 0, vec![2, 0, 1, 2])]);
        assert_eq!(walked.depths, [3, 2, 1, 4, 1]);
        // A long chain is walked without recursion.
        let chain: Vec<Vec<usize>> = (0..100_000)
            .map(|idx| vec![idx + 1])
            .chain([vec![]])
            .collect();
        let walked = walk_graph(&chain);
        assert!(walked.circles.is_empty());
        assert_eq!(walked.depths[0], 100_001);
    }
}
