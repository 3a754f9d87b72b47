//! What composed models amount to: the fields a model has with those of the models it
//! includes (`all_of`), what it accepts beyond them, and the discriminator values that select
//! each variant of a choice. Check and render read these alike.

use std::collections::HashSet;

use indexmap::IndexMap;
use serde_json::Value;

use super::types::{Field, FieldType, Model, Union};

/// One field of a model, with the model that declares it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ModelField<'s> {
    /// The model that declares the field: the model itself, or one it includes.
    pub owner: &'s str,
    /// The field's name.
    pub name: &'s str,
    /// The field.
    pub field: &'s Field,
}

/// The fields of model `name`: those of the models it includes, in `all_of` order (each
/// with its own included fields first), then its own. A model included twice, or in a circle,
/// counts once; unknown names count for nothing. A field declared again (which an OpenAPI
/// `allOf` may do to narrow it) keeps its place and takes the later declaration.
pub fn model_fields<'s>(models: &'s IndexMap<String, Model>, name: &str) -> Vec<ModelField<'s>> {
    let mut fields: Vec<ModelField<'s>> = Vec::new();
    for field in field_declarations(models, name) {
        match fields.iter_mut().find(|known| known.name == field.name) {
            Some(known) => *known = field,
            None => fields.push(field),
        }
    }
    fields
}

/// Every declaration of a field of model `name`, in [`model_fields`]' order, a field declared
/// twice twice.
pub fn field_declarations<'s>(
    models: &'s IndexMap<String, Model>,
    name: &str,
) -> Vec<ModelField<'s>> {
    let mut fields = Vec::new();
    let Some(start) = models.get_index_of(name) else {
        return fields;
    };
    // Depth first, without recursion: a model's own fields follow those of its includes.
    let mut seen = HashSet::from([start]);
    let mut stack = vec![(start, 0)];
    while let Some((idx, next)) = stack.pop() {
        let Some((owner, model)) = models.get_index(idx) else {
            continue;
        };
        match model.all_of.get(next) {
            Some(included) => {
                stack.push((idx, next + 1));
                if let Some(included) = models.get_index_of(included)
                    && seen.insert(included)
                {
                    stack.push((included, 0));
                }
            }
            None => fields.extend(model.fields.iter().map(|(name, field)| ModelField {
                owner,
                name,
                field,
            })),
        }
    }
    fields
}

/// What model `name` accepts beyond its fields: its own `additional_fields`, else that of the
/// first model it includes (depth first) which has some. `None`: nothing.
pub fn model_additional<'s>(models: &'s IndexMap<String, Model>, name: &str) -> Option<&'s Field> {
    let start = models.get_index_of(name)?;
    let mut seen = HashSet::from([start]);
    let mut stack = vec![start];
    while let Some(idx) = stack.pop() {
        let (_, model) = models.get_index(idx)?;
        if let Some(extra) = model.additional_fields.as_deref() {
            return Some(extra);
        }
        for included in model.all_of.iter().rev() {
            if let Some(included) = models.get_index_of(included)
                && seen.insert(included)
            {
                stack.push(included);
            }
        }
    }
    None
}

/// For each variant of `union`, the discriminator values that select it: the values its
/// `mapping` sends to the variant's model; else the values the model's discriminator field
/// allows (an enum, or a JSON Schema `const`); else the model's name, as OpenAPI has it. A
/// variant that is not a model, or a union without a discriminator, has none.
pub fn variant_values(models: &IndexMap<String, Model>, union: &Union) -> Vec<Vec<String>> {
    let Some(discriminator) = &union.discriminator else {
        return vec![Vec::new(); union.variants.len()];
    };
    union
        .variant_models()
        .map(|model| {
            let Some(model) = model else {
                return Vec::new();
            };
            let mapped: Vec<String> = discriminator
                .mapping
                .iter()
                .filter(|(_, target)| *target == model)
                .map(|(value, _)| value.clone())
                .collect();
            if !mapped.is_empty() {
                return mapped;
            }
            let property = model_fields(models, model)
                .into_iter()
                .find(|field| field.name == discriminator.property);
            property
                .and_then(|property| allowed_values(property.field))
                .unwrap_or_else(|| vec![model.to_owned()])
        })
        .collect()
}

/// The texts a field allows when it lists them: an enum's values, or a JSON Schema `const`.
fn allowed_values(field: &Field) -> Option<Vec<String>> {
    match (
        &field.ty,
        field.schema.as_ref().and_then(|schema| schema.get("const")),
    ) {
        (_, Some(Value::String(value))) => Some(vec![value.clone()]),
        (FieldType::Enum(values), _) => Some(values.clone()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::{Discriminator, UnionKind};

    fn model(all_of: &[&str], fields: &[(&str, FieldType)]) -> Model {
        Model {
            all_of: all_of.iter().map(|name| (*name).to_owned()).collect(),
            fields: fields
                .iter()
                .map(|(name, ty)| ((*name).to_owned(), Field::of_type(ty.clone())))
                .collect(),
            ..Model::default()
        }
    }

    #[test]
    fn included_fields_come_first_and_circles_end() {
        let models: IndexMap<String, Model> = [
            ("Base", model(&["Loop"], &[("id", FieldType::String)])),
            ("Loop", model(&["Base"], &[("at", FieldType::DateTime)])),
            ("Card", model(&["Base"], &[("number", FieldType::String)])),
        ]
        .into_iter()
        .map(|(name, model)| (name.to_owned(), model))
        .collect();
        let names: Vec<(&str, &str)> = model_fields(&models, "Card")
            .iter()
            .map(|field| (field.owner, field.name))
            .collect();
        assert_eq!(names, [("Loop", "at"), ("Base", "id"), ("Card", "number")]);
        assert_eq!(model_additional(&models, "Card"), None);
        assert!(model_fields(&models, "Nothing").is_empty());
    }

    #[test]
    fn variants_are_selected_by_mapping_enum_or_name() {
        let enum_of =
            |values: &[&str]| FieldType::Enum(values.iter().map(|v| (*v).to_owned()).collect());
        let models: IndexMap<String, Model> = [
            ("Card", model(&[], &[("type", enum_of(&["card"]))])),
            ("Bank", model(&[], &[("type", FieldType::String)])),
            ("Cash", model(&[], &[("type", enum_of(&["cash"]))])),
        ]
        .into_iter()
        .map(|(name, model)| (name.to_owned(), model))
        .collect();
        let union = Union {
            kind: UnionKind::OneOf,
            variants: ["Card", "Bank", "Cash"]
                .iter()
                .map(|name| Field::of_type(FieldType::Model((*name).to_owned())))
                .chain([Field::of_type(FieldType::String)])
                .collect(),
            discriminator: Some(Discriminator {
                property: "type".into(),
                mapping: [("coins".to_owned(), "Cash".to_owned())]
                    .into_iter()
                    .collect(),
            }),
        };
        assert_eq!(
            variant_values(&models, &union),
            [
                vec!["card".to_owned()],
                vec!["Bank".to_owned()],
                vec!["coins".to_owned()],
                vec![]
            ]
        );
    }
}
