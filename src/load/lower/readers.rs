//! The lowering context ([`Lower`]), the mapping being read ([`Obj`]) and the generic
//! readers: a key's value as text, a list, a number, a keyword, a mapping of a
//! declared table, a mapping of ids to entries; and how a value is described in messages.
//!
//! Every reader takes the [`Obj`] being read and a key its table declares; the sections read
//! their keys only through these.

use indexmap::IndexMap;
use serde_json::Value;

use serde_json::Map;

use super::keys::{Key, same_keywords};
use crate::diagnostic::{Code, Diagnostic, SpecPath, did_you_mean, suggest};

#[derive(Default)]
pub(super) struct Lower {
    pub(super) diags: Vec<Diagnostic>,
    pub(super) model_names: std::collections::BTreeSet<String>,
    /// Keys an unknown key was taken for (`mesage` for `message`): their absence is that
    /// typo, already reported, not a second finding.
    pub(super) misspelt: std::collections::HashSet<SpecPath>,
    /// Whether the shorthand read last had a flag list that is never closed.
    pub(super) cut_shorthand: bool,
    /// The names of the authentication schemes, once `authentication` is read.
    pub(super) scheme_names: std::collections::BTreeSet<String>,
    /// Whether the tree is an OpenAPI document's translation (see `lower_openapi`).
    pub(super) openapi: bool,
    /// The entries an imported OpenAPI document gave, read as the document's.
    pub(super) imported: crate::load::import::Imported,
}

/// A mapping being read, with its path for messages and the table that declares its keys.
pub(super) struct Obj<'v> {
    pub(super) map: &'v Map<String, Value>,
    pub(super) path: SpecPath,
    pub(super) keys: &'static [Key],
}

impl Lower {
    /// Whether `path` was written in OpenAPI: bodies there are JSON Schemas, and model names
    /// are the document's.
    pub(super) fn in_openapi(&self, path: &SpecPath) -> bool {
        self.openapi || self.imported.contains(path)
    }

    /// Whether model `name` comes from an OpenAPI document, where names need not be words.
    pub(super) fn openapi_model(&self, name: &str) -> bool {
        self.openapi || self.imported.has_model(name)
    }
}

impl<'v> Obj<'v> {
    /// The value of `key`; an empty value counts as absent. `key` must be declared.
    pub(super) fn get(&self, key: &str) -> Option<&'v Value> {
        self.debug_assert_declared(key);
        self.map.get(key).filter(|value| !value.is_null())
    }

    /// The path of `key`, which must be declared.
    pub(super) fn at(&self, key: &str) -> SpecPath {
        self.debug_assert_declared(key);
        self.path.key(key)
    }

    /// The declaration of `key`.
    pub(super) fn declared(&self, key: &str) -> Option<&'static Key> {
        self.keys.iter().find(|declared| declared.name == key)
    }

    /// In debug builds, panics when `key` is read but not declared: the tables are the format.
    pub(super) fn debug_assert_declared(&self, key: &str) {
        debug_assert!(
            self.declared(key).is_some(),
            "`{key}` is read at `{}`, but its table does not declare it",
            self.path
        );
    }

    /// In debug builds, panics when `key` is read as required but not declared required.
    pub(super) fn debug_assert_required(&self, key: &str) {
        debug_assert!(
            self.declared(key).is_some_and(|declared| declared.required),
            "`{key}` is read as required at `{}`, but its table does not declare it required",
            self.path
        );
    }
}

impl Lower {
    /// Reads `value` as a mapping with the keys of `keys`, reporting any other key.
    pub(super) fn object<'v>(
        &mut self,
        value: &'v Value,
        path: &SpecPath,
        what: &str,
        keys: &'static [Key],
    ) -> Option<Obj<'v>> {
        let Some(map) = value.as_object() else {
            self.diags.push(
                Diagnostic::error(
                    Code::InvalidType,
                    format!("{what} must be a mapping, found {}", kind_of(value)),
                )
                .at(path)
                .with_help(format!("its keys are: {}", names(keys))),
            );
            return None;
        };
        let obj = Obj {
            map,
            path: path.clone(),
            keys,
        };
        self.unknown_keys(&obj, &format!("in {what}"));
        Some(obj)
    }

    /// Reports the keys of `obj` that its table does not declare, `x-` keys excepted.
    pub(super) fn unknown_keys(&mut self, obj: &Obj<'_>, place: &str) {
        for key in obj.map.keys() {
            if obj.declared(key).is_some() || key.starts_with("x-") {
                continue;
            }
            // The key it was taken for is needed as well as the hint, so not `suggest`.
            let help = match did_you_mean(key, obj.keys.iter().map(|known| known.name)) {
                Some(known) => {
                    self.misspelt.insert(obj.at(known));
                    format!("did you mean `{known}`?")
                }
                None => format!(
                    "known keys here: {}; extension keys start with `x-`",
                    names(obj.keys)
                ),
            };
            self.diags.push(
                Diagnostic::error(Code::UnknownField, format!("unknown field `{key}` {place}"))
                    .at(&obj.path.key(key))
                    .with_help(help),
            );
        }
    }

    /// The value of a required key; its absence is reported.
    pub(super) fn required<'v>(
        &mut self,
        obj: &Obj<'v>,
        key: &str,
        what: &str,
    ) -> Option<&'v Value> {
        let value = obj.get(key);
        if value.is_none() {
            self.missing(obj, key, what);
        }
        value
    }

    pub(super) fn missing(&mut self, obj: &Obj<'_>, key: &str, what: &str) {
        obj.debug_assert_required(key);
        if self.misspelt.contains(&obj.at(key)) {
            return;
        }
        self.diags.push(
            Diagnostic::error(Code::MissingField, format!("{what} needs `{key}`"))
                .at(&obj.path)
                .with_help(format!("add `{key}:`")),
        );
    }

    pub(super) fn wrong_type(&mut self, value: &Value, path: &SpecPath, expected: &str) {
        let mut diag = Diagnostic::error(
            Code::InvalidType,
            format!("expected {expected}, found {}", kind_of(value)),
        )
        .at(path);
        diag.help = type_help(value, expected).map(str::to_owned);
        self.diags.push(diag);
    }

    pub(super) fn text(&mut self, obj: &Obj<'_>, key: &str) -> Option<String> {
        let value = obj.get(key)?;
        match scalar_text(value) {
            Some(text) => Some(text),
            None => {
                self.wrong_type(value, &obj.at(key), "text");
                None
            }
        }
    }

    pub(super) fn required_text(&mut self, obj: &Obj<'_>, key: &str, what: &str) -> Option<String> {
        obj.debug_assert_required(key);
        self.required(obj, key, what)?;
        let text = self.text(obj, key)?;
        if text.trim().is_empty() {
            self.diags.push(
                Diagnostic::error(
                    Code::MissingField,
                    format!("{what} needs `{key}`, which is empty"),
                )
                .at(&obj.at(key))
                .with_help(format!("write the {key}")),
            );
            return None;
        }
        Some(text)
    }

    /// A list of texts; a single text is a list of one.
    pub(super) fn texts(&mut self, obj: &Obj<'_>, key: &str) -> Vec<String> {
        let Some(value) = obj.get(key) else {
            return Vec::new();
        };
        self.texts_of(value, &obj.at(key), "a list of text")
    }

    /// A list of text at `path`, a single text being a list of one; `what` names the list
    /// when the value is neither.
    pub(super) fn texts_of(&mut self, value: &Value, path: &SpecPath, what: &str) -> Vec<String> {
        match value {
            Value::Array(items) => items
                .iter()
                .enumerate()
                .filter_map(|(idx, item)| {
                    let text = scalar_text(item);
                    if text.is_none() {
                        self.wrong_type(item, &path.index(idx), "text");
                    }
                    text
                })
                .collect(),
            other => match scalar_text(other) {
                Some(text) => vec![text],
                None => {
                    self.wrong_type(other, path, what);
                    Vec::new()
                }
            },
        }
    }

    pub(super) fn bool(&mut self, obj: &Obj<'_>, key: &str) -> Option<bool> {
        let value = obj.get(key)?;
        let res = value.as_bool();
        if res.is_none() {
            self.wrong_type(value, &obj.at(key), "`true` or `false`");
        }
        res
    }

    pub(super) fn count(&mut self, obj: &Obj<'_>, key: &str) -> Option<u64> {
        let value = obj.get(key)?;
        let res = value.as_u64();
        match value {
            _ if res.is_some() => {}
            // `-3`, `1.5`: a number, but not a count.
            Value::Number(number) => self.diags.push(
                Diagnostic::error(
                    Code::InvalidValue,
                    format!(
                        "`{key}: {number}` is not a count: counts are whole numbers, 0 or more"
                    ),
                )
                .at(&obj.at(key))
                .with_help("write a whole number such as `1`, or remove the key"),
            ),
            _ => self.wrong_type(value, &obj.at(key), "a whole number"),
        }
        res
    }

    pub(super) fn number(&mut self, obj: &Obj<'_>, key: &str) -> Option<f64> {
        let value = obj.get(key)?;
        let res = value.as_f64();
        if res.is_none() {
            self.wrong_type(value, &obj.at(key), "a number");
        }
        res
    }

    pub(super) fn status_code(&mut self, value: &Value, path: &SpecPath) -> Option<u16> {
        let code = match value {
            Value::Number(number) => number.as_u64(),
            Value::String(text) => text.trim().parse::<u64>().ok(),
            _ => None,
        };
        match code.and_then(|code| u16::try_from(code).ok()) {
            Some(code) if (100..=599).contains(&code) => Some(code),
            _ => {
                self.diags.push(
                    Diagnostic::error(
                        Code::InvalidStatusCode,
                        format!("`{}` is not an HTTP status code", display_scalar(value)),
                    )
                    .at(path)
                    .about(display_scalar(value))
                    .with_help("use a number from 100 to 599, e.g. `201`"),
                );
                None
            }
        }
    }

    /// A mapping of text to text.
    pub(super) fn text_map(&mut self, obj: &Obj<'_>, key: &str) -> IndexMap<String, String> {
        self.map_of_text(
            obj,
            key,
            ("a mapping of names to text", "text"),
            scalar_text,
        )
    }

    /// Filter parameters to their operators, each as text (`eq, in`) or a list (`[eq, in]`).
    pub(super) fn operators(&mut self, obj: &Obj<'_>, key: &str) -> IndexMap<String, String> {
        let expected = (
            "a mapping of parameters to their operators",
            "text or a list of operators",
        );
        self.map_of_text(obj, key, expected, |item| match item {
            Value::Array(items) => items
                .iter()
                .map(scalar_text)
                .collect::<Option<Vec<_>>>()
                .map(|items| items.join(", ")),
            other => scalar_text(other),
        })
    }

    /// A mapping whose values `read` turns into text; `expected` names the mapping and a value
    /// for messages.
    fn map_of_text(
        &mut self,
        obj: &Obj<'_>,
        key: &str,
        (expected_map, expected_value): (&str, &str),
        read: impl Fn(&Value) -> Option<String>,
    ) -> IndexMap<String, String> {
        let mut res = IndexMap::new();
        let Some(value) = obj.get(key) else {
            return res;
        };
        let path = obj.at(key);
        let Some(map) = value.as_object() else {
            self.wrong_type(value, &path, expected_map);
            return res;
        };
        for (name, item) in map {
            match read(item) {
                Some(text) => {
                    res.insert(name.clone(), text);
                }
                None => self.wrong_type(item, &path.key(name), expected_value),
            }
        }
        res
    }

    pub(super) fn optional<T>(
        &mut self,
        obj: &Obj<'_>,
        key: &str,
        read: impl FnOnce(&mut Self, &Value, &SpecPath) -> Option<T>,
    ) -> Option<T> {
        let value = obj.get(key)?;
        read(self, value, &obj.at(key))
    }

    /// A mapping of id to item.
    pub(super) fn items<T>(
        &mut self,
        obj: &Obj<'_>,
        key: &str,
        mut read: impl FnMut(&mut Self, &str, &Value, &SpecPath) -> Option<T>,
    ) -> IndexMap<String, T> {
        let mut res = IndexMap::new();
        let Some(value) = obj.get(key) else {
            return res;
        };
        let path = obj.at(key);
        let Some(map) = value.as_object() else {
            self.wrong_type(value, &path, "a mapping of ids to entries");
            return res;
        };
        for (id, item) in map {
            if id.starts_with("x-") {
                continue;
            }
            if let Some(item) = read(self, id, item, &path.key(id)) {
                res.insert(id.clone(), item);
            }
        }
        res
    }

    pub(super) fn list<T>(
        &mut self,
        obj: &Obj<'_>,
        key: &str,
        mut read: impl FnMut(&mut Self, &Value, &SpecPath) -> Option<T>,
    ) -> Vec<T> {
        let Some(value) = obj.get(key) else {
            return Vec::new();
        };
        let path = obj.at(key);
        let Some(items) = value.as_array() else {
            self.wrong_type(value, &path, "a list");
            return Vec::new();
        };
        items
            .iter()
            .enumerate()
            .filter_map(|(idx, item)| read(self, item, &path.index(idx)))
            .collect()
    }

    /// A closed set of keywords, e.g. `status: stable`; `choices` are the keywords the table
    /// declares for `key`, in its order, each with its value.
    pub(super) fn keyword<T: Copy>(
        &mut self,
        obj: &Obj<'_>,
        key: &str,
        choices: &[(&str, T)],
    ) -> Option<T> {
        debug_assert!(
            same_keywords(obj.declared(key), choices),
            "the keywords of `{key}` at `{}` are not those its table declares",
            obj.path
        );
        let text = self.text(obj, key)?;
        self.keyword_text(&text, &obj.at(key), key, choices)
    }

    /// `text` as one of `choices`, read in any case; else reported at `path` as not a valid
    /// `key`.
    pub(super) fn keyword_text<T: Copy>(
        &mut self,
        text: &str,
        path: &SpecPath,
        key: &str,
        choices: &[(&str, T)],
    ) -> Option<T> {
        let wanted = text.trim().to_ascii_lowercase();
        if let Some((_, value)) = choices
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(&wanted))
        {
            return Some(*value);
        }
        let names: Vec<&str> = choices.iter().map(|(name, _)| *name).collect();
        let help = suggest(&wanted, names.iter().copied())
            .unwrap_or_else(|| format!("use one of: {}", names.join(", ")));
        self.diags.push(
            Diagnostic::error(
                Code::InvalidValue,
                format!("`{text}` is not a valid `{key}`"),
            )
            .at(path)
            .with_help(help),
        );
        None
    }
}

/// The names of `keys`, in order, as a comma-separated list for help texts.
fn names(keys: &[Key]) -> String {
    keys.iter()
        .map(|key| key.name)
        .collect::<Vec<_>>()
        .join(", ")
}

pub(super) fn strip_prefix_ignore_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &text[prefix.len()..])
}

/// Text, numbers and booleans read as text; YAML often leaves `1.0` or `24` unquoted.
pub(super) fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(text) => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        Value::Bool(flag) => Some(flag.to_string()),
        _ => None,
    }
}

pub(super) fn display_scalar(value: &Value) -> String {
    scalar_text(value).unwrap_or_else(|| value.to_string())
}

/// How to write what was expected, where the mistake is a usual one.
fn type_help(found: &Value, expected: &str) -> Option<&'static str> {
    let wants_text = expected.starts_with("text") || expected.contains("message text");
    match found {
        Value::Object(_) if wants_text => Some(
            "YAML reads `{ ... }` (and `key: value`) as a mapping: quote the value to make it text, e.g. `'{access_token}'`",
        ),
        Value::Array(_) if wants_text => Some(
            "YAML reads `[ ... ]` as a list: quote the value to make it text, e.g. `'[beta] Orders'`",
        ),
        Value::String(_) if expected == "`true` or `false`" => {
            Some("write `true` or `false`; `yes`, `no`, `on` and `off` are text in YAML 1.2")
        }
        Value::String(_) if expected.contains("number") => {
            Some("write the number alone, without quotes or a unit")
        }
        Value::Null => Some("give it a value, or remove the key"),
        _ => None,
    }
}

/// How a value is described in "found ..." messages.
pub(super) fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "nothing (null)",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "a mapping",
    }
}
