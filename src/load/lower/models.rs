//! Models: their own fields, the models they include (`all_of`), the models they are a choice
//! of (`one_of`, `any_of`) with the discriminator that tells those apart, and what they accept
//! beyond their fields; with the tables of their keys.

use serde_json::Value;

use super::keys::{Key, Shape};
use super::readers::{Lower, Obj, kind_of, scalar_text};
use crate::diagnostic::{Code, Diagnostic, SpecPath};
use crate::spec::*;

impl Lower {
    /// The keys of a model.
    pub(super) const MODEL: &[Key] = &[
        Key::optional("description", Shape::Text, "What the model represents"),
        Key::optional("fields", Shape::Fields, "The model's fields by name"),
        Key::optional(
            "required",
            Shape::Texts,
            "Fields that are required, as JSON Schema lists them; the same as `required` on each",
        ),
        Key::optional(
            "all_of",
            Shape::Texts,
            "Models whose fields this one has too, before its own",
        ),
        Key::optional(
            "one_of",
            Shape::ListOf(&Shape::Shorthand),
            "The models (or types) of which a value is exactly one",
        ),
        Key::optional(
            "any_of",
            Shape::ListOf(&Shape::Shorthand),
            "The models (or types) of which a value is one or more",
        ),
        Key::optional(
            "discriminator",
            Shape::OneOf(&[Shape::Text, Shape::Mapping(Self::DISCRIMINATOR)]),
            "The field whose value says which of `one_of` a value is",
        ),
        Key::optional(
            "additional_fields",
            Shape::OneOf(&[Shape::Bool, Shape::Field]),
            "`true`, or the type of the fields a value may have beyond those declared",
        ),
    ];

    /// The keys of a model's `discriminator` written as a mapping.
    pub(super) const DISCRIMINATOR: &[Key] = &[
        Key::required(
            "property",
            Shape::Text,
            "The field whose value says which variant a value is",
        ),
        Key::optional(
            "mapping",
            Shape::MapOf(&Shape::Text),
            "Values of the field to the model each selects",
        ),
    ];

    pub(super) fn model(&mut self, name: &str, value: &Value, path: &SpecPath) -> Option<Model> {
        if !self.openapi_model(name) && !super::fields::is_model_name(name) {
            self.diags.push(
                Diagnostic::error(
                    Code::InvalidValue,
                    format!("`{name}` cannot be a model name"),
                )
                .at(path)
                .with_help("model names are one word of letters, digits and `_`, starting with a letter, e.g. `OrderItem`"),
            );
        }
        let obj = self.object(value, path, "a model", Self::MODEL)?;
        let shapes = ["fields", "all_of", "one_of", "any_of"];
        if shapes.iter().all(|key| obj.get(key).is_none())
            && !shapes
                .iter()
                .any(|key| self.misspelt.contains(&obj.at(key)))
        {
            self.diags.push(
                Diagnostic::error(
                    Code::MissingField,
                    "a model needs `fields`, or the models it is made of: `all_of`, `one_of` or `any_of`",
                )
                .at(&obj.path)
                .with_help("add `fields:`, or `one_of: [ModelA, ModelB]` for a choice of models"),
            );
        }
        let variants = self.variants(&obj);
        if variants.is_none() && obj.get("discriminator").is_some() {
            self.composition_error(
                &obj.at("discriminator"),
                format!("model `{name}` has a `discriminator` but is not a choice of models"),
                "a discriminator tells the models of `one_of` apart: list them under `one_of`, or remove `discriminator`",
            );
        }
        if variants.is_some() {
            for key in ["fields", "all_of", "additional_fields"] {
                if obj.get(key).is_some() {
                    self.composition_error(
                        &obj.at(key),
                        format!("model `{name}` is a choice of models, so it cannot have `{key}` as well"),
                        "give the fields to the models it is a choice of (an `all_of` of a shared model includes them in each), or make it a model with fields",
                    );
                }
            }
        }
        let all_of = self.all_of(&obj);
        let additional_fields =
            self.optional(&obj, "additional_fields", |cx, value, path| match value {
                Value::Bool(false) => None,
                Value::Bool(true) => Some(Box::new(Field::of_type(FieldType::Any))),
                other => cx.field(other, path).map(Box::new),
            });
        let mut fields = self.fields(&obj, "fields");
        self.required_fields(&obj, &mut fields);
        Some(Model {
            description: self.text(&obj, "description"),
            all_of,
            fields,
            additional_fields,
            variants,
        })
    }

    /// `all_of`: names of models, each declared.
    /// `required: [a, b]` beside `fields`: those fields are required.
    fn required_fields(&mut self, obj: &Obj<'_>, fields: &mut Fields) {
        let names = self.texts(obj, "required");
        for (idx, name) in names.iter().enumerate() {
            match fields.get_mut(name) {
                Some(field) => field.required = true,
                // An included model's field: required there or not, as it says.
                None if obj.get("all_of").is_some() => {}
                None => {
                    let known: Vec<&str> = fields.keys().map(String::as_str).collect();
                    let help = crate::diagnostic::suggest(name, known.iter().copied())
                        .unwrap_or_else(|| "list only the model's own fields".to_owned());
                    self.diags.push(
                        Diagnostic::error(
                            Code::UnresolvedReference,
                            format!("`required` names `{name}`, which is not a field of the model"),
                        )
                        .at(&obj.at("required").index(idx))
                        .with_help(help),
                    );
                }
            }
        }
    }

    fn all_of(&mut self, obj: &Obj<'_>) -> Vec<String> {
        let names = self.texts(obj, "all_of");
        let path = obj.at("all_of");
        let single = !matches!(obj.get("all_of"), Some(Value::Array(_)));
        names
            .into_iter()
            .enumerate()
            .filter(|(idx, name)| {
                let at = if single {
                    path.clone()
                } else {
                    path.index(*idx)
                };
                self.model_name_ref(name, &at, "`all_of` lists models")
            })
            .map(|(_, name)| name.trim().to_owned())
            .collect()
    }

    /// A name where only a model can stand (`all_of`, a discriminator's mapping); reported
    /// when it is a built-in type or names no model.
    pub(super) fn model_name_ref(&mut self, name: &str, path: &SpecPath, what: &str) -> bool {
        let name = name.trim();
        let reference = name.strip_prefix("#/models/").unwrap_or(name);
        if (!self.openapi_model(reference) && !super::fields::is_model_name(reference))
            || crate::load::shorthand::BUILTIN_TYPES.contains(&reference)
        {
            self.composition_error(
                path,
                format!("{what}; `{name}` is not the name of a model"),
                "name a model declared under `models`",
            );
            return false;
        }
        let before = self.diags.len();
        self.check_model_refs(&FieldType::Model(reference.to_owned()), name, path);
        self.diags.len() == before
    }

    /// `one_of` or `any_of`, with the discriminator; `None` when the model is neither.
    fn variants(&mut self, obj: &Obj<'_>) -> Option<Union> {
        let (key, kind) = match (obj.get("one_of"), obj.get("any_of")) {
            (None, None) => return None,
            (Some(_), Some(_)) => {
                self.composition_error(
                    &obj.at("any_of"),
                    "a model is `one_of` or `any_of` its variants, not both".to_owned(),
                    "keep `one_of` when a value is exactly one of the models, `any_of` when it may be several",
                );
                ("one_of", UnionKind::OneOf)
            }
            (Some(_), None) => ("one_of", UnionKind::OneOf),
            (None, Some(_)) => ("any_of", UnionKind::AnyOf),
        };
        let path = obj.at(key);
        let variants = match obj.get(key) {
            Some(Value::Array(items)) => items
                .iter()
                .enumerate()
                .filter_map(|(idx, item)| self.variant(item, &path.index(idx)))
                .collect(),
            Some(other) => {
                self.wrong_type(
                    other,
                    &path,
                    "a list of models, e.g. `[Card, BankTransfer]`",
                );
                Vec::new()
            }
            None => Vec::new(),
        };
        let discriminator = self.optional(obj, "discriminator", Self::discriminator);
        Some(Union {
            kind,
            variants,
            discriminator,
        })
    }

    /// One variant: a type in the shorthand, without flags.
    fn variant(&mut self, value: &Value, path: &SpecPath) -> Option<Field> {
        let Value::String(text) = value else {
            self.diags.push(
                Diagnostic::error(
                    Code::InvalidType,
                    format!(
                        "a variant is a model name such as `Card`, found {}",
                        kind_of(value)
                    ),
                )
                .at(path),
            );
            return None;
        };
        // An OpenAPI document's model names need not be words the shorthand reads
        // (`repository-rule-creation`).
        if self.openapi_model(text) && self.model_names.contains(text) {
            return Some(Field::of_type(FieldType::Model(text.clone())));
        }
        let field = self.shorthand(text, path)?;
        if field != Field::of_type(field.ty.clone()) {
            self.diags.push(
                Diagnostic::error(
                    Code::InvalidShorthand,
                    format!("invalid field shorthand: a variant is a type alone, `{}`", field.ty.shorthand()),
                )
                .at(path)
                .with_help("remove the flags and the description: the variant's model says what its fields are"),
            );
        }
        Some(Field::of_type(field.ty))
    }

    fn discriminator(&mut self, value: &Value, path: &SpecPath) -> Option<Discriminator> {
        self.discriminator_of(value, path, Self::DISCRIMINATOR, "property")
    }

    /// A discriminator: the property's name alone, or a mapping of `keys` whose
    /// `property_key` names it (`property` in a model, OpenAPI's `propertyName` in a JSON
    /// Schema field) beside the `mapping` of values to models.
    pub(super) fn discriminator_of(
        &mut self,
        value: &Value,
        path: &SpecPath,
        keys: &'static [Key],
        property_key: &str,
    ) -> Option<Discriminator> {
        if let Some(property) = scalar_text(value) {
            return Some(Discriminator {
                property: property.trim().to_owned(),
                mapping: Default::default(),
            });
        }
        let obj = self.object(value, path, "`discriminator`", keys)?;
        let property = self.required_text(&obj, property_key, "`discriminator`")?;
        let mut mapping = self.text_map(&obj, "mapping");
        mapping.retain(|value, model| {
            let at = obj.at("mapping").key(value);
            let keep = self.model_name_ref(model, &at, "a discriminator's value selects a model");
            *model = model.trim().trim_start_matches("#/models/").to_owned();
            keep
        });
        Some(Discriminator {
            property: property.trim().to_owned(),
            mapping,
        })
    }

    /// A choice of types, a discriminator or an `all_of` that cannot be read as written.
    pub(super) fn composition_error(&mut self, path: &SpecPath, message: String, help: &str) {
        self.diags.push(
            Diagnostic::error(Code::InvalidComposition, message)
                .at(path)
                .with_help(help),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::diagnostic::Code;
    use crate::load::{Format, parse_spec};
    use crate::spec::*;

    const MINIMAL: &str = "integration-spec: \"1.0\"\ninfo: {title: T, version: 1.0.0}\n";

    fn lower(models: &str) -> (Option<Spec>, Vec<String>) {
        let (spec, diags) = parse_spec(&format!("{MINIMAL}models:\n{models}"), Format::Yaml);
        let messages = diags
            .into_iter()
            .map(|diag| format!("{}: {} at {}", diag.code, diag.message, diag.path.unwrap()))
            .collect();
        (spec, messages)
    }

    const VARIANTS: &str = "  Card: {fields: {type: enum(card) (required)}}\n  Bank: {fields: {type: enum(bank) (required)}}\n";

    #[test]
    fn choices_includes_and_open_models_lower() {
        let (spec, messages) = lower(&format!(
            "{VARIANTS}  Pay:\n    one_of: [Card, Bank]\n    discriminator: {{property: type, mapping: {{card: Card, bank: '#/models/Bank'}}}}\n  \
             Any:\n    any_of: [Card, string]\n    discriminator: type\n  \
             Derived:\n    all_of: Card\n    fields: {{n: integer}}\n    additional_fields: true\n  \
             Typed:\n    fields: {{}}\n    additional_fields: string (max 3 chars)\n  \
             Closed:\n    fields: {{}}\n    additional_fields: false\n"
        ));
        assert_eq!(messages, Vec::<String>::new());
        let models = spec.unwrap().models;
        let pay = models["Pay"].variants.as_ref().unwrap();
        assert_eq!(pay.kind, UnionKind::OneOf);
        assert_eq!(
            pay.discriminator
                .as_ref()
                .unwrap()
                .mapping
                .values()
                .collect::<Vec<_>>(),
            ["Card", "Bank"]
        );
        let any = models["Any"].variants.as_ref().unwrap();
        assert_eq!(any.kind, UnionKind::AnyOf);
        assert_eq!(any.variants[1].ty, FieldType::String);
        assert_eq!(any.discriminator.as_ref().unwrap().property, "type");
        assert_eq!(models["Derived"].all_of, ["Card"]);
        assert_eq!(
            models["Derived"]
                .additional_fields
                .as_deref()
                .map(|f| &f.ty),
            Some(&FieldType::Any)
        );
        let typed = models["Typed"].additional_fields.as_deref().unwrap();
        assert_eq!(
            (&typed.ty, typed.constraints.max_length),
            (&FieldType::String, Some(3))
        );
        assert_eq!(models["Closed"].additional_fields, None);
    }

    #[test]
    fn models_that_do_not_hold_together_are_reported() {
        let (_, messages) = lower(&format!(
            "{VARIANTS}  Empty: {{description: nothing}}\n  \
             Both: {{one_of: [Card, Bank], any_of: [Card, Bank]}}\n  \
             Mixed: {{one_of: [Card, Bank], fields: {{a: string}}}}\n  \
             Stray: {{fields: {{}}, discriminator: type}}\n  \
             Flagged: {{one_of: ['Card (required)', Bank]}}\n  \
             Builtin: {{all_of: [string], fields: {{}}}}\n  \
             Mapped: {{one_of: [Card, Bank], discriminator: {{property: type, mapping: {{x: Crad}}}}}}\n"
        ));
        assert_eq!(
            messages,
            [
                "missing-field: a model needs `fields`, or the models it is made of: `all_of`, `one_of` or `any_of` at models.Empty",
                "invalid-composition: a model is `one_of` or `any_of` its variants, not both at models.Both.any_of",
                "invalid-composition: model `Mixed` is a choice of models, so it cannot have `fields` as well at models.Mixed.fields",
                "invalid-composition: model `Stray` has a `discriminator` but is not a choice of models at models.Stray.discriminator",
                "invalid-shorthand: invalid field shorthand: a variant is a type alone, `Card` at models.Flagged.one_of[0]",
                "invalid-composition: `all_of` lists models; `string` is not the name of a model at models.Builtin.all_of[0]",
                "unresolved-reference: unknown type `Crad`: not a built-in type and no model of that name at models.Mapped.discriminator.mapping.x",
            ]
        );
    }

    #[test]
    fn json_schema_choices_lower_into_the_same_model() {
        let (spec, messages) = lower(&format!(
            "{VARIANTS}  Holder:\n    fields:\n      pay:\n        oneOf: [{{$ref: '#/models/Card'}}, Bank]\n        discriminator: {{propertyName: type, mapping: {{card: '#/models/Card'}}}}\n      \
             same:\n        allOf: [{{$ref: Card}}]\n        description: the card\n      \
             more:\n        allOf: [Card]\n        properties: {{n: {{type: integer}}}}\n"
        ));
        assert_eq!(messages, Vec::<String>::new());
        let fields = &spec.unwrap().models["Holder"].fields;
        let FieldType::Union(pay) = &fields["pay"].ty else {
            panic!("{:?}", fields["pay"]);
        };
        assert_eq!(
            pay.variant_models().collect::<Vec<_>>(),
            [Some("Card"), Some("Bank")]
        );
        assert_eq!(pay.discriminator.as_ref().unwrap().mapping["card"], "Card");
        assert_eq!(fields["same"].ty, FieldType::Model("Card".into()));
        let FieldType::AllOf(parts) = &fields["more"].ty else {
            panic!("{:?}", fields["more"]);
        };
        assert!(matches!(&parts[0].ty, FieldType::Object(own) if own.contains_key("n")));
        assert_eq!(parts[1].ty, FieldType::Model("Card".into()));

        let (_, messages) = lower(&format!(
            "{VARIANTS}  Holder:\n    fields:\n      a: {{$ref: Card, oneOf: [Bank]}}\n      b: {{oneOf: [Card], anyOf: [Bank]}}\n      c: {{type: string, discriminator: type}}\n"
        ));
        let codes: Vec<&str> = messages
            .iter()
            .map(|m| m.split(':').next().unwrap())
            .collect();
        assert_eq!(
            codes,
            [Code::InvalidComposition.as_str(); 3],
            "{messages:?}"
        );
    }
}
