//! Field mappings: how the fields of one system's model become those of another's.

use serde_json::Value;

use super::keys::{Key, Shape};
use super::readers::{Lower, scalar_text};
use crate::diagnostic::SpecPath;
use crate::spec::{FieldMapping, Mapping};

impl Lower {
    /// The keys of a mapping.
    pub(super) const MAPPING: &[Key] = &[
        Key::optional("title", Shape::Text, "A heading; `From → To` when absent"),
        Key::optional(
            "description",
            Shape::Text,
            "What the mapping is for, when it runs",
        ),
        Key::required("from", Shape::Text, "The model read, by name"),
        Key::required("to", Shape::Text, "The model written, by name"),
        Key::required(
            "fields",
            Shape::MapOf(&Shape::OneOf(&[
                Shape::Text,
                Shape::Null,
                Shape::Mapping(Self::FIELD_MAPPING),
            ])),
            "Source field paths (`items[].quantity`) to a target path, or to `to` and `rule`",
        ),
        Key::optional(
            "set",
            Shape::MapOf(&Shape::Text),
            "Target fields no source field fills, to the rule that sets them",
        ),
    ];

    /// The keys of one field's mapping written as a mapping.
    pub(super) const FIELD_MAPPING: &[Key] = &[
        Key::optional(
            "to",
            Shape::Text,
            "The target field's path; absent when the field is not carried over",
        ),
        Key::optional("rule", Shape::Text, "How the value changes on the way"),
    ];

    pub(super) fn mapping(&mut self, _id: &str, value: &Value, path: &SpecPath) -> Option<Mapping> {
        let obj = self.object(value, path, "a mapping", Self::MAPPING)?;
        let from = self.required_text(&obj, "from", "a mapping");
        let to = self.required_text(&obj, "to", "a mapping");
        let mut fields = Vec::new();
        match obj.get("fields") {
            None => self.missing(&obj, "fields", "a mapping"),
            Some(Value::Object(map)) => {
                let fields_path = obj.at("fields");
                for (source, target) in map {
                    let field_path = fields_path.key(source);
                    let field = match target {
                        Value::Object(_) => {
                            let Some(target) = self.object(
                                target,
                                &field_path,
                                "a field's mapping",
                                Self::FIELD_MAPPING,
                            ) else {
                                continue;
                            };
                            FieldMapping {
                                source: Some(source.clone()),
                                target: self.text(&target, "to"),
                                rule: self.text(&target, "rule"),
                            }
                        }
                        Value::Null => FieldMapping {
                            source: Some(source.clone()),
                            target: None,
                            rule: None,
                        },
                        other => match scalar_text(other) {
                            Some(target) => FieldMapping {
                                source: Some(source.clone()),
                                target: Some(target),
                                rule: None,
                            },
                            None => {
                                self.wrong_type(
                                    other,
                                    &field_path,
                                    "a target field's path, or a mapping of `to` and `rule`",
                                );
                                continue;
                            }
                        },
                    };
                    fields.push(field);
                }
            }
            Some(other) => {
                self.wrong_type(
                    other,
                    &obj.at("fields"),
                    "a mapping of source fields to targets",
                );
            }
        }
        fields.extend(
            self.text_map(&obj, "set")
                .into_iter()
                .map(|(target, rule)| FieldMapping {
                    source: None,
                    target: Some(target),
                    rule: Some(rule),
                }),
        );
        Some(Mapping {
            title: self.text(&obj, "title"),
            description: self.text(&obj, "description"),
            from: from?,
            to: to?,
            fields,
        })
    }
}
