//! Fields, parameters and models compared: what a change to a value does depends on who
//! sends it ([`Side`]).

use std::collections::HashMap;

use super::change::{Differ, Places, Side, Sides, item_path, listed};
use super::codes::ChangeCode;
use crate::diagnostic::{SpecPath, capitalised};
use crate::spec::{Constraints, Content, Field, FieldType, Fields, Kind, Model, Spec};

/// How a field changed, before its side decides the code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum FieldChange {
    Added { required: bool },
    Removed,
    BecameRequired,
    BecameOptional,
    TypeChanged,
    TypeWidened,
    TypeNarrowed,
    EnumValueAdded,
    EnumValueRemoved,
    Tightened,
    Loosened,
    FormatChanged,
    DefaultChanged,
    Deprecated,
}

impl FieldChange {
    fn code(self, side: Side) -> ChangeCode {
        use ChangeCode as C;
        use FieldChange as F;
        match side {
            Side::Request => match self {
                F::Added { required: true } => C::RequestRequiredFieldAdded,
                F::Added { required: false } => C::RequestFieldAdded,
                F::Removed => C::RequestFieldRemoved,
                F::BecameRequired => C::RequestFieldBecameRequired,
                F::BecameOptional => C::RequestFieldBecameOptional,
                F::TypeChanged => C::RequestFieldTypeChanged,
                F::TypeWidened => C::RequestFieldTypeWidened,
                F::TypeNarrowed => C::RequestFieldTypeNarrowed,
                F::EnumValueAdded => C::RequestEnumValueAdded,
                F::EnumValueRemoved => C::RequestEnumValueRemoved,
                F::Tightened => C::RequestConstraintTightened,
                F::Loosened => C::RequestConstraintLoosened,
                F::FormatChanged => C::RequestFormatChanged,
                F::DefaultChanged => C::RequestDefaultChanged,
                F::Deprecated => C::RequestFieldDeprecated,
            },
            Side::Response => match self {
                F::Added { .. } => C::ResponseFieldAdded,
                F::Removed => C::ResponseFieldRemoved,
                F::BecameRequired => C::ResponseFieldBecameRequired,
                F::BecameOptional => C::ResponseFieldBecameOptional,
                F::TypeChanged => C::ResponseFieldTypeChanged,
                F::TypeWidened => C::ResponseFieldTypeWidened,
                F::TypeNarrowed => C::ResponseFieldTypeNarrowed,
                F::EnumValueAdded => C::ResponseEnumValueAdded,
                F::EnumValueRemoved => C::ResponseEnumValueRemoved,
                F::Tightened => C::ResponseConstraintTightened,
                F::Loosened => C::ResponseConstraintLoosened,
                F::FormatChanged => C::ResponseFormatChanged,
                F::DefaultChanged => C::ResponseDefaultChanged,
                F::Deprecated => C::ResponseFieldDeprecated,
            },
        }
    }

    /// The code on the side where the change weighs most: a model sent both ways breaks
    /// whoever it breaks.
    fn worst_code(self, sides: Sides) -> ChangeCode {
        sides
            .each()
            .map(|side| self.code(side))
            .min_by_key(|code| code.level())
            .unwrap_or_else(|| self.code(Side::Request))
    }
}

/// Where fields are compared: what they are called, and inside what.
pub(super) struct Site<'a> {
    /// What one of them is: `field`, `query parameter`, `header`.
    pub(super) noun: &'a str,
    /// What they belong to, as messages say: "the request body of `create-order`".
    pub(super) within: &'a str,
    /// Who sends them.
    pub(super) sides: Sides,
}

impl Differ<'_> {
    fn field_change(
        &mut self,
        change: FieldChange,
        sides: Sides,
        message: String,
        old: Option<&SpecPath>,
        new: Option<&SpecPath>,
    ) {
        self.push(change.worst_code(sides), message, old, new);
    }

    /// Compares two sets of fields by name; `at` is where both sets are written, `prefix`
    /// what the names are shown after (`items[].`).
    pub(super) fn fields(
        &mut self,
        old: &Fields,
        new: &Fields,
        at: &Places,
        prefix: &str,
        site: &Site<'_>,
    ) {
        for (name, old_field) in old {
            let here = at.key(name);
            let shown = format!("{prefix}{name}");
            match new.get(name) {
                Some(new_field) => self.field(old_field, new_field, &here, &shown, site),
                None => self.field_change(
                    FieldChange::Removed,
                    site.sides,
                    format!("{} `{shown}` of {} was removed", site.noun, site.within),
                    Some(&here.old),
                    None,
                ),
            }
        }
        for (name, new_field) in new {
            if !old.contains_key(name) {
                let required = if new_field.required { "required " } else { "" };
                self.field_change(
                    FieldChange::Added {
                        required: new_field.required,
                    },
                    site.sides,
                    format!(
                        "new {required}{} `{prefix}{name}` in {}",
                        site.noun, site.within
                    ),
                    None,
                    Some(&at.new.key(name)),
                );
            }
        }
    }

    /// Compares one field in both versions, and the fields inside it.
    pub(super) fn field(
        &mut self,
        old: &Field,
        new: &Field,
        at: &Places,
        name: &str,
        site: &Site<'_>,
    ) {
        // A body compared as a whole has no name: messages speak of the body itself.
        let what = if name.is_empty() {
            capitalised(site.within)
        } else {
            format!("{} `{name}` of {}", site.noun, site.within)
        };
        let change = |differ: &mut Self, change: FieldChange, message: String| {
            differ.field_change(change, site.sides, message, Some(&at.old), Some(&at.new));
        };
        match (old.required, new.required) {
            (false, true) => change(
                self,
                FieldChange::BecameRequired,
                format!("{what} became required"),
            ),
            (true, false) => change(
                self,
                FieldChange::BecameOptional,
                format!("{what} became optional"),
            ),
            _ => {}
        }
        match relate(&old.ty, &new.ty) {
            Relation::Same => {}
            Relation::Changed => change(
                self,
                FieldChange::TypeChanged,
                format!(
                    "{what} changed type from `{}` to `{}`",
                    old.ty.shorthand(),
                    new.ty.shorthand()
                ),
            ),
            Relation::Widened(how) => {
                change(self, FieldChange::TypeWidened, format!("{what} {how}"));
            }
            Relation::Narrowed(how) => {
                change(self, FieldChange::TypeNarrowed, format!("{what} {how}"));
            }
            Relation::Values { added, removed } => {
                if !added.is_empty() {
                    let values = plural_values(&added);
                    change(
                        self,
                        FieldChange::EnumValueAdded,
                        format!("{what} takes the new {values} {}", listed(&added)),
                    );
                }
                if !removed.is_empty() {
                    let values = plural_values(&removed);
                    change(
                        self,
                        FieldChange::EnumValueRemoved,
                        format!("{what} no longer takes the {values} {}", listed(&removed)),
                    );
                }
            }
        }
        let (old_types, new_types) = (&old.schema_notes.other_types, &new.schema_notes.other_types);
        let gained: Vec<&String> = new_types
            .iter()
            .filter(|t| !old_types.contains(t))
            .collect();
        let lost: Vec<&String> = old_types
            .iter()
            .filter(|t| !new_types.contains(t))
            .collect();
        if !gained.is_empty() {
            change(
                self,
                FieldChange::TypeWidened,
                format!("{what} may now also be {}", listed(&gained)),
            );
        }
        if !lost.is_empty() {
            change(
                self,
                FieldChange::TypeNarrowed,
                format!("{what} may no longer be {}", listed(&lost)),
            );
        }
        match (&old.schema_notes.constant, &new.schema_notes.constant) {
            (None, Some(value)) => change(
                self,
                FieldChange::TypeNarrowed,
                format!("{what} must now be `{value}`"),
            ),
            (Some(value), None) => change(
                self,
                FieldChange::TypeWidened,
                format!("{what} need no longer be `{value}`"),
            ),
            (Some(before), Some(after)) if before != after => change(
                self,
                FieldChange::TypeChanged,
                format!("{what} must now be `{after}` instead of `{before}`"),
            ),
            _ => {}
        }
        let bounds = constraints(&old.constraints, &new.constraints);
        let formats = [
            (
                "format",
                old.schema_notes.format.as_deref(),
                new.schema_notes.format.as_deref(),
            ),
            (
                "pattern",
                old.constraints.pattern.as_deref(),
                new.constraints.pattern.as_deref(),
            ),
        ];
        let mut tightened = bounds.tightened;
        let mut loosened = bounds.loosened;
        let mut reshaped = bounds.changed;
        for (label, before, after) in formats {
            match (before, after) {
                (None, Some(after)) => tightened.push(format!("{label} `{after}` added")),
                (Some(before), None) => loosened.push(format!("{label} `{before}` removed")),
                (Some(before), Some(after)) if before != after => {
                    reshaped.push(format!("{label} changed from `{before}` to `{after}`"));
                }
                _ => {}
            }
        }
        if !tightened.is_empty() {
            change(
                self,
                FieldChange::Tightened,
                format!("{what}: {}", tightened.join(", ")),
            );
        }
        if !loosened.is_empty() {
            change(
                self,
                FieldChange::Loosened,
                format!("{what}: {}", loosened.join(", ")),
            );
        }
        if !reshaped.is_empty() {
            change(
                self,
                FieldChange::FormatChanged,
                format!("{what}: {}", reshaped.join(", ")),
            );
        }
        if old.default != new.default {
            let shown = |value: &Option<serde_json::Value>| {
                value
                    .as_ref()
                    .map_or("none".to_owned(), |value| format!("`{value}`"))
            };
            change(
                self,
                FieldChange::DefaultChanged,
                format!(
                    "{what}: default changed from {} to {}",
                    shown(&old.default),
                    shown(&new.default)
                ),
            );
        }
        if !old.deprecated && new.deprecated {
            change(
                self,
                FieldChange::Deprecated,
                format!("{what} is deprecated"),
            );
        }
        self.inside(old, new, at, name, site);
    }

    /// Compares what is declared inside two versions of a field: an object's fields, an
    /// array's or a map's items, the parts of an `allOf`.
    fn inside(&mut self, old: &Field, new: &Field, at: &Places, name: &str, site: &Site<'_>) {
        if let (Some(old_item), Some(new_item)) = (&old.schema_notes.item, &new.schema_notes.item) {
            let here = Places {
                old: at.old.key(item_key(old)),
                new: at.new.key(item_key(new)),
            };
            self.field(old_item, new_item, &here, &format!("{name}[]"), site);
        } else if let (Some((old_fields, old_keys, items)), Some((new_fields, new_keys, _))) =
            (inner(old), inner(new))
        {
            let here = Places {
                old: extend(&at.old, old_keys),
                new: extend(&at.new, new_keys),
            };
            let prefix = match (items, name.is_empty()) {
                (true, _) => format!("{name}[]."),
                (false, true) => String::new(),
                (false, false) => format!("{name}."),
            };
            self.fields(old_fields, new_fields, &here, &prefix, site);
        }
        if let (Some(old_extra), Some(new_extra)) =
            (&old.schema_notes.additional, &new.schema_notes.additional)
        {
            let here = at.key("additionalProperties");
            self.field(old_extra, new_extra, &here, &format!("{name}.*"), site);
        }
        if let (FieldType::AllOf(old_parts), FieldType::AllOf(new_parts)) = (&old.ty, &new.ty)
            && old_parts.len() == new_parts.len()
        {
            let parts = at.key("allOf");
            for (idx, (old_part, new_part)) in old_parts.iter().zip(new_parts).enumerate() {
                let here = Places {
                    old: parts.old.index(idx),
                    new: parts.new.index(idx),
                };
                self.inside(old_part, new_part, &here, name, site);
            }
        }
    }

    /// A body in the media types of both versions: `at` is where each writes its body. A
    /// body written as a mapping of fields is compared field by field, any other as a whole.
    pub(super) fn body(&mut self, old: &Field, new: &Field, at: &Places, site: &Site<'_>) {
        match (mapping_of_fields(old), mapping_of_fields(new)) {
            (Some(old_fields), Some(new_fields)) => {
                self.fields(old_fields, new_fields, at, "", site)
            }
            _ => self.field(old, new, at, "", site),
        }
    }

    /// Compares the models both versions declare; the fields of a model are judged by the
    /// sides it is sent on.
    pub(super) fn models(&mut self) {
        let (old, new) = (self.old, self.new);
        for (name, old_model) in &old.models {
            let path = item_path("models", name);
            match new.models.get(name) {
                Some(new_model) => self.in_item(Kind::Model, name, |differ| {
                    differ.model(name, old_model, new_model, &Places::both(path));
                }),
                None => self.in_item(Kind::Model, name, |differ| {
                    differ.removed(
                        ChangeCode::ModelRemoved,
                        format!("model `{name}` was removed"),
                        &path,
                    );
                }),
            }
        }
        for name in new
            .models
            .keys()
            .filter(|name| !old.models.contains_key(*name))
        {
            self.in_item(Kind::Model, name, |differ| {
                differ.added(
                    ChangeCode::ModelAdded,
                    format!("new model `{name}`"),
                    &item_path("models", name),
                );
            });
        }
    }

    fn model(&mut self, name: &str, old: &Model, new: &Model, at: &Places) {
        let sides = self.model_sides.get(name).copied().unwrap_or_default();
        if old.all_of != new.all_of {
            let shown = |all_of: &[String]| {
                if all_of.is_empty() {
                    "nothing".to_owned()
                } else {
                    listed(all_of)
                }
            };
            self.changed(
                ChangeCode::ModelCompositionChanged,
                format!(
                    "model `{name}` now includes {} instead of {}",
                    shown(&new.all_of),
                    shown(&old.all_of)
                ),
                &at.key("all_of"),
            );
        }
        match (&old.variants, &new.variants) {
            (None, None) => {}
            (Some(before), Some(after)) => {
                let what = format!("model `{name}`");
                let (old_ty, new_ty) = (
                    FieldType::Union(Box::new(before.clone())),
                    FieldType::Union(Box::new(after.clone())),
                );
                let change = match relate(&old_ty, &new_ty) {
                    Relation::Same | Relation::Values { .. } => None,
                    Relation::Widened(how) => Some((FieldChange::TypeWidened, format!("{what} {how}"))),
                    Relation::Narrowed(how) => Some((FieldChange::TypeNarrowed, format!("{what} {how}"))),
                    Relation::Changed => Some((
                        FieldChange::TypeChanged,
                        format!("{what} changed from `{}` to `{}`", old_ty.shorthand(), new_ty.shorthand()),
                    )),
                };
                if let Some((change, message)) = change {
                    self.field_change(change, sides, message, Some(&at.old), Some(&at.new));
                }
            }
            _ => self.changed(
                ChangeCode::ModelCompositionChanged,
                format!("model `{name}` changed between a choice of models and a model of its own fields"),
                at,
            ),
        }
        let within = format!("model `{name}`");
        let site = Site {
            noun: "field",
            within: &within,
            sides,
        };
        self.fields(&old.fields, &new.fields, &at.key("fields"), "", &site);
        let what = format!("model `{name}`");
        match (&old.additional_fields, &new.additional_fields) {
            (None, Some(_)) => self.field_change(
                FieldChange::TypeWidened,
                sides,
                format!("{what} now accepts fields beyond its own"),
                Some(&at.old),
                Some(&at.new.key("additional_fields")),
            ),
            (Some(_), None) => self.field_change(
                FieldChange::TypeNarrowed,
                sides,
                format!("{what} no longer accepts fields beyond its own"),
                Some(&at.old.key("additional_fields")),
                Some(&at.new),
            ),
            (Some(before), Some(after)) => {
                let here = at.key("additional_fields");
                self.field(before, after, &here, "*", &site);
            }
            (None, None) => {}
        }
    }
}

fn plural_values(values: &[String]) -> &'static str {
    if values.len() == 1 { "value" } else { "values" }
}

/// The key an array's items (`items`) or a map's values (`additionalProperties`) are
/// written under in a JSON Schema field.
fn item_key(field: &Field) -> &'static str {
    match field.ty {
        FieldType::Map(_) => "additionalProperties",
        _ => "items",
    }
}

/// The fields declared inside a field, the keys their paths go under, and whether they are
/// an array's or a map's items.
fn inner(field: &Field) -> Option<(&Fields, &'static [&'static str], bool)> {
    match &field.ty {
        FieldType::Object(fields) if field.schema.is_some() => {
            Some((fields, &["properties"], false))
        }
        FieldType::Object(fields) => Some((fields, &[], false)),
        FieldType::Array(item) | FieldType::Map(item) if field.schema_notes.item.is_none() => {
            match item.as_ref() {
                FieldType::Object(fields) => Some((fields, &[], true)),
                _ => None,
            }
        }
        _ => None,
    }
}

fn extend(path: &SpecPath, keys: &[&str]) -> SpecPath {
    keys.iter().fold(path.clone(), |path, key| path.key(key))
}

/// A body written as a mapping of fields (the shorthand's), whose fields are written right
/// under the body.
fn mapping_of_fields(body: &Field) -> Option<&Fields> {
    match body {
        Field {
            ty: FieldType::Object(fields),
            schema: None,
            ..
        } => Some(fields),
        _ => None,
    }
}

/// How one type relates to another.
enum Relation {
    Same,
    /// Every value of the old type is one of the new type, and more: how, in words.
    Widened(String),
    /// Every value of the new type was one of the old type: how, in words.
    Narrowed(String),
    Changed,
    /// An enum's values.
    Values {
        added: Vec<String>,
        removed: Vec<String>,
    },
}

fn relate(old: &FieldType, new: &FieldType) -> Relation {
    use FieldType as T;
    let textual = |ty: &FieldType| {
        matches!(
            ty,
            T::Date | T::DateTime | T::Url | T::Email | T::Uuid | T::Enum(_)
        )
    };
    match (old, new) {
        (T::Enum(before), T::Enum(after)) => {
            let added: Vec<String> = after
                .iter()
                .filter(|v| !before.contains(v))
                .cloned()
                .collect();
            let removed: Vec<String> = before
                .iter()
                .filter(|v| !after.contains(v))
                .cloned()
                .collect();
            if added.is_empty() && removed.is_empty() {
                Relation::Same
            } else {
                Relation::Values { added, removed }
            }
        }
        (T::Model(before), T::Model(after)) if before == after => Relation::Same,
        (T::Array(before), T::Array(after)) | (T::Map(before), T::Map(after)) => {
            relate(before, after)
        }
        (T::Object(_), T::Object(_)) => Relation::Same,
        (T::Union(before), T::Union(after)) => {
            let names = |union: &crate::spec::Union| -> Vec<String> {
                union
                    .variants
                    .iter()
                    .map(|variant| variant.ty.shorthand())
                    .collect()
            };
            let (before_names, after_names) = (names(before), names(after));
            let added: Vec<&String> = after_names
                .iter()
                .filter(|v| !before_names.contains(v))
                .collect();
            let removed: Vec<&String> = before_names
                .iter()
                .filter(|v| !after_names.contains(v))
                .collect();
            let property = |union: &crate::spec::Union| {
                union.discriminator.as_ref().map(|d| d.property.clone())
            };
            if before.kind != after.kind || property(before) != property(after) {
                Relation::Changed
            } else {
                match (added.is_empty(), removed.is_empty()) {
                    (true, true) => Relation::Same,
                    (false, true) => {
                        Relation::Widened(format!("may now also be {}", listed(&added)))
                    }
                    (true, false) => {
                        Relation::Narrowed(format!("may no longer be {}", listed(&removed)))
                    }
                    (false, false) => Relation::Changed,
                }
            }
        }
        (T::AllOf(before), T::AllOf(after)) => {
            let shorthand = |parts: &[Field]| -> Vec<String> {
                parts.iter().map(|p| p.ty.shorthand()).collect()
            };
            if shorthand(before) == shorthand(after) {
                Relation::Same
            } else {
                Relation::Changed
            }
        }
        (T::Any, T::Any) => Relation::Same,
        (T::Any, after) => Relation::Narrowed(format!(
            "is now `{}` rather than any value",
            after.shorthand()
        )),
        (before, T::Any) => Relation::Widened(format!(
            "may now be any value, not only `{}`",
            before.shorthand()
        )),
        (T::Integer, T::Number | T::Decimal) | (T::Decimal, T::Number) => {
            Relation::Widened(format!(
                "is now `{}` rather than `{}`",
                new.shorthand(),
                old.shorthand()
            ))
        }
        (T::Number | T::Decimal, T::Integer) | (T::Number, T::Decimal) => {
            Relation::Narrowed(format!(
                "is now `{}` rather than `{}`",
                new.shorthand(),
                old.shorthand()
            ))
        }
        (before, T::String) if textual(before) => Relation::Widened(format!(
            "is now any `string` rather than `{}`",
            before.shorthand()
        )),
        (T::String, after) if textual(after) => Relation::Narrowed(format!(
            "is now `{}` rather than any `string`",
            after.shorthand()
        )),
        (before, after)
            if std::mem::discriminant(before) == std::mem::discriminant(after)
                && !matches!(before, T::Model(_)) =>
        {
            Relation::Same
        }
        _ => Relation::Changed,
    }
}

/// What changed in the bounds of a value.
#[derive(Default)]
struct Bounds {
    tightened: Vec<String>,
    loosened: Vec<String>,
    changed: Vec<String>,
}

fn constraints(old: &Constraints, new: &Constraints) -> Bounds {
    let mut bounds = Bounds::default();
    let as_f64 = |value: Option<u64>| value.map(|value| value as f64);
    // (what, before, after, whether a higher value is tighter)
    let numeric = [
        ("minimum", old.min, new.min, true),
        ("maximum", old.max, new.max, false),
        (
            "exclusive minimum",
            old.exclusive_min,
            new.exclusive_min,
            true,
        ),
        (
            "exclusive maximum",
            old.exclusive_max,
            new.exclusive_max,
            false,
        ),
        (
            "minimum length",
            as_f64(old.min_length),
            as_f64(new.min_length),
            true,
        ),
        (
            "maximum length",
            as_f64(old.max_length),
            as_f64(new.max_length),
            false,
        ),
        (
            "decimal places",
            old.decimal_places.map(f64::from),
            new.decimal_places.map(f64::from),
            false,
        ),
        (
            "minimum properties",
            as_f64(old.min_properties),
            as_f64(new.min_properties),
            true,
        ),
        (
            "maximum properties",
            as_f64(old.max_properties),
            as_f64(new.max_properties),
            false,
        ),
        (
            "minimum size",
            as_f64(old.min_size),
            as_f64(new.min_size),
            true,
        ),
        (
            "maximum size",
            as_f64(old.max_size),
            as_f64(new.max_size),
            false,
        ),
    ];
    for (what, before, after, higher_is_tighter) in numeric {
        match (before, after) {
            (None, Some(after)) => bounds.tightened.push(format!("{what} of {after} added")),
            (Some(before), None) => bounds.loosened.push(format!("{what} of {before} removed")),
            (Some(before), Some(after)) if before != after => {
                let raised = after > before;
                let words = if raised { "raised" } else { "lowered" };
                let line = format!("{what} {words} from {before} to {after}");
                if raised == higher_is_tighter {
                    bounds.tightened.push(line);
                } else {
                    bounds.loosened.push(line);
                }
            }
            _ => {}
        }
    }
    match (old.multiple_of, new.multiple_of) {
        (None, Some(after)) => bounds
            .tightened
            .push(format!("multiple of {after} required")),
        (Some(before), None) => bounds
            .loosened
            .push(format!("multiple of {before} no longer required")),
        (Some(before), Some(after)) if before != after => {
            // A multiple of the old step is a tighter rule; any other is another rule.
            if (after / before).fract() == 0.0 {
                bounds
                    .tightened
                    .push(format!("multiple of {after} required instead of {before}"));
            } else {
                bounds
                    .changed
                    .push(format!("multiple of {after} required instead of {before}"));
            }
        }
        _ => {}
    }
    match (old.unique_items, new.unique_items) {
        (false, true) => bounds.tightened.push("items must now differ".to_owned()),
        (true, false) => bounds.loosened.push("items may now repeat".to_owned()),
        _ => {}
    }
    bounds
}

/// The sides each model is sent on, in either version: a model in a request is sent by
/// clients, one in a response by the API, and the models it includes go with it.
pub(super) fn model_sides(old: &Spec, new: &Spec) -> HashMap<String, Sides> {
    let mut sides: HashMap<String, Sides> = HashMap::new();
    for spec in [old, new] {
        let mut queue: Vec<(String, Side)> = Vec::new();
        uses(spec, &mut |field, side| {
            each_model(field, &mut |name| queue.push((name.to_owned(), side)));
        });
        while let Some((name, side)) = queue.pop() {
            let entry = sides.entry(name.clone()).or_default();
            let seen = match side {
                Side::Request => std::mem::replace(&mut entry.request, true),
                Side::Response => std::mem::replace(&mut entry.response, true),
            };
            if seen {
                continue;
            }
            let Some(model) = spec.models.get(&name) else {
                continue;
            };
            let mut next = |name: &str| queue.push((name.to_owned(), side));
            model.all_of.iter().for_each(|name| next(name));
            for field in model.fields.values() {
                each_model(field, &mut next);
            }
            if let Some(extra) = &model.additional_fields {
                each_model(extra, &mut next);
            }
            if let Some(union) = &model.variants {
                for variant in &union.variants {
                    each_model(variant, &mut next);
                }
            }
        }
    }
    sides
}

/// Visits every field a spec sends, with who sends it (not the fields of models).
fn uses(spec: &Spec, visit: &mut impl FnMut(&Field, Side)) {
    let content = |content: &Option<Content>, side: Side, visit: &mut dyn FnMut(&Field, Side)| {
        for media in content
            .iter()
            .flat_map(|content| content.media_types.values())
        {
            if let Some(schema) = &media.schema {
                visit(schema, side);
            }
        }
    };
    let fields = |fields: &Fields, side: Side, visit: &mut dyn FnMut(&Field, Side)| {
        fields.values().for_each(|field| visit(field, side));
    };
    for endpoint in spec.endpoints.values() {
        if let Some(request) = &endpoint.request {
            for set in [
                &request.path_params,
                &request.query,
                &request.headers,
                &request.cookies,
            ] {
                fields(set, Side::Request, visit);
            }
            content(&request.content, Side::Request, visit);
        }
        for response in endpoint.responses.values() {
            fields(&response.headers, Side::Response, visit);
            content(&response.content, Side::Response, visit);
        }
        for callback in endpoint.callbacks.values() {
            fields(&callback.headers, Side::Response, visit);
            content(&callback.content, Side::Response, visit);
            for response in callback.responses.values() {
                fields(&response.headers, Side::Request, visit);
                content(&response.content, Side::Request, visit);
            }
        }
    }
    for webhook in spec.webhooks.values() {
        fields(&webhook.headers, Side::Response, visit);
        content(&webhook.content, Side::Response, visit);
        for response in webhook.responses.values() {
            fields(&response.headers, Side::Request, visit);
            content(&response.content, Side::Request, visit);
        }
    }
    for error in spec.errors.values() {
        if let Some(body) = &error.body {
            visit(body, Side::Response);
        }
    }
    if let Some(body) = spec
        .conventions
        .as_ref()
        .and_then(|conventions| conventions.errors.as_ref())
        .and_then(|errors| errors.body.as_ref())
    {
        visit(body, Side::Response);
    }
}

/// Visits every model a field names, inside it too (fields of inline objects, items,
/// variants, parts).
fn each_model(field: &Field, visit: &mut impl FnMut(&str)) {
    fn in_type(ty: &FieldType, visit: &mut dyn FnMut(&str)) {
        match ty {
            FieldType::Model(name) => visit(name),
            FieldType::Array(item) | FieldType::Map(item) => in_type(item, visit),
            FieldType::Object(fields) => fields.values().for_each(|field| in_field(field, visit)),
            FieldType::Union(union) => union
                .variants
                .iter()
                .for_each(|field| in_field(field, visit)),
            FieldType::AllOf(parts) => parts.iter().for_each(|field| in_field(field, visit)),
            _ => {}
        }
    }
    fn in_field(field: &Field, visit: &mut dyn FnMut(&str)) {
        in_type(&field.ty, visit);
        let notes = &field.schema_notes;
        for inner in [&notes.item, &notes.additional, &notes.not]
            .into_iter()
            .flatten()
        {
            in_field(inner, visit);
        }
    }
    in_field(field, visit);
}
