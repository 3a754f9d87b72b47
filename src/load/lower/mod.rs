//! Lower a parsed value tree into the spec model.
//!
//! This is where the file format is defined: every key the format knows is declared in a table
//! of [`Key`]s next to the code that reads it, every other key is reported (`x-*` extension
//! keys excepted) with a "did you mean" hint, and every value of the wrong type is reported
//! with its spec path. Lowering goes on after a finding, so one run reports as much as
//! possible.
//!
//! This module owns the entry point, the lowering context, the mapping being read ([`Obj`]),
//! the top level of a spec and its format version. The rest is split by seam:
//!
//! - `keys`: the declaration types [`Key`] and [`Shape`];
//! - `readers`: the generic readers of a key's value (text, lists, keywords, mappings, ...);
//! - `sections`: the sections of a spec other than endpoints and flows;
//! - `endpoints`: endpoints, their requests and responses;
//! - `fields`: fields, bodies and JSON Schema fields;
//! - `steps`: flows and the flow-step grammar.

mod endpoints;
mod fields;
mod keys;
mod readers;
mod sections;
mod steps;

use serde_json::{Map, Value};

use crate::diagnostic::{Code, Diagnostic, SpecPath};
use crate::spec::*;
use keys::{Key, Shape};
use readers::{kind_of, scalar_text};

/// The format versions this build reads.
pub(crate) const SUPPORTED_FORMAT: &str = "1.x";

/// Lowers `root`; `None` when the file cannot be read as a spec at all.
pub(crate) fn lower_spec(root: &Value) -> (Option<Spec>, Vec<Diagnostic>) {
    let mut cx = Lower::default();
    let spec = cx.spec(root);
    (spec, cx.diags)
}

#[derive(Default)]
struct Lower {
    diags: Vec<Diagnostic>,
    model_names: std::collections::BTreeSet<String>,
    /// Keys an unknown key was taken for (`mesage` for `message`): their absence is that
    /// typo, already reported, not a second finding.
    misspelt: std::collections::HashSet<SpecPath>,
    /// Whether the shorthand read last had a flag list that is never closed.
    cut_shorthand: bool,
}

/// A mapping being read, with its path for messages and the table that declares its keys.
struct Obj<'v> {
    map: &'v Map<String, Value>,
    path: SpecPath,
    keys: &'static [Key],
}

impl<'v> Obj<'v> {
    /// The value of `key`; an empty value counts as absent. `key` must be declared.
    fn get(&self, key: &str) -> Option<&'v Value> {
        self.debug_assert_declared(key);
        self.map.get(key).filter(|value| !value.is_null())
    }

    /// The path of `key`, which must be declared.
    fn at(&self, key: &str) -> SpecPath {
        self.debug_assert_declared(key);
        self.path.key(key)
    }

    /// The declaration of `key`.
    fn declared(&self, key: &str) -> Option<&'static Key> {
        self.keys.iter().find(|declared| declared.name == key)
    }

    /// In debug builds, panics when `key` is read but not declared: the tables are the format.
    fn debug_assert_declared(&self, key: &str) {
        debug_assert!(
            self.declared(key).is_some(),
            "`{key}` is read at `{}`, but its table does not declare it",
            self.path
        );
    }

    /// In debug builds, panics when `key` is read as required but not declared required.
    fn debug_assert_required(&self, key: &str) {
        debug_assert!(
            self.declared(key).is_some_and(|declared| declared.required),
            "`{key}` is read as required at `{}`, but its table does not declare it required",
            self.path
        );
    }
}

impl Lower {
    /// The keys of a spec: the root of the tree of tables.
    pub(super) const TOP_LEVEL: &[Key] = &[
        Key::required(
            "integration-spec",
            Shape::Text,
            "The format version the spec is written in, e.g. \"1.0\"",
        ),
        Key::required(
            "info",
            Shape::Mapping(Self::INFO),
            "Title, version, status, summary and contact",
        ),
        Key::optional(
            "overview",
            Shape::Mapping(Self::OVERVIEW),
            "Purpose, scope, architecture and systems",
        ),
        Key::optional(
            "authentication",
            Shape::Mapping(Self::AUTHENTICATION),
            "How clients authenticate; every endpoint inherits it",
        ),
        Key::optional(
            "environments",
            Shape::Entries(&Shape::Mapping(Self::ENVIRONMENT)),
            "Environments by name",
        ),
        Key::optional(
            "conventions",
            Shape::Mapping(Self::CONVENTIONS),
            "Versioning, idempotency, pagination, filtering and change notification",
        ),
        Key::optional(
            "models",
            Shape::Entries(&Shape::Mapping(Self::MODEL)),
            "Data models by name",
        ),
        Key::optional(
            "endpoints",
            Shape::Entries(&Shape::Mapping(Self::ENDPOINT)),
            "Endpoints by id",
        ),
        Key::optional(
            "errors",
            Shape::Entries(&Shape::Mapping(Self::ERROR_CODE)),
            "The error catalogue by code",
        ),
        Key::optional(
            "rate_limits",
            Shape::Mapping(Self::RATE_LIMITS),
            "Throttling rules",
        ),
        Key::optional(
            "flows",
            Shape::Entries(&Shape::Mapping(Self::FLOW)),
            "Interaction flows by id, drawn as sequence diagrams",
        ),
        Key::optional(
            "webhooks",
            Shape::Entries(&Shape::Mapping(Self::WEBHOOK)),
            "Outgoing webhooks by event name",
        ),
        Key::optional(
            "tests",
            Shape::Entries(&Shape::Mapping(Self::TEST)),
            "Integration test scenarios by id",
        ),
        Key::optional(
            "monitoring",
            Shape::Mapping(Self::MONITORING),
            "Metrics, alerts, dashboards and health check",
        ),
        Key::optional(
            "rollback",
            Shape::Mapping(Self::ROLLBACK),
            "How to undo a release",
        ),
        Key::optional(
            "changelog",
            Shape::ListOf(&Shape::Mapping(Self::CHANGELOG_ENTRY)),
            "Versions of the contract, newest first",
        ),
    ];

    fn spec(&mut self, root: &Value) -> Option<Spec> {
        let root_path = SpecPath::root();
        let Some(map) = root.as_object() else {
            self.diags.push(
                Diagnostic::error(
                    Code::InvalidType,
                    format!("a spec must be a mapping, found {}", kind_of(root)),
                )
                .at(&root_path)
                .with_help("start the file with `integration-spec: \"1.0\"` and `info:`"),
            );
            return None;
        };
        let obj = Obj {
            map,
            path: root_path,
            keys: Self::TOP_LEVEL,
        };
        let format_version = self.format_version(&obj)?;
        self.unknown_keys(&obj, "at the top level of a spec");
        self.model_names = obj
            .get("models")
            .and_then(Value::as_object)
            .map(|models| models.keys().cloned().collect())
            .unwrap_or_default();

        let info = self.info(&obj);
        let spec = Spec {
            format_version,
            overview: self.optional(&obj, "overview", Self::overview),
            authentication: self.optional(&obj, "authentication", Self::authentication),
            environments: self.items(&obj, "environments", Self::environment),
            conventions: self.optional(&obj, "conventions", Self::conventions),
            models: self.items(&obj, "models", Self::model),
            endpoints: self.items(&obj, "endpoints", Self::endpoint),
            errors: self.items(&obj, "errors", Self::error_code),
            rate_limits: self.optional(&obj, "rate_limits", Self::rate_limits),
            flows: self.items(&obj, "flows", Self::flow),
            webhooks: self.items(&obj, "webhooks", Self::webhook),
            tests: self.items(&obj, "tests", Self::test),
            monitoring: self.optional(&obj, "monitoring", Self::monitoring),
            rollback: self.optional(&obj, "rollback", Self::rollback),
            changelog: self.list(&obj, "changelog", Self::changelog_entry),
            info: info?,
        };
        Some(spec)
    }

    fn format_version(&mut self, obj: &Obj<'_>) -> Option<semver::Version> {
        obj.debug_assert_required("integration-spec");
        let path = obj.at("integration-spec");
        let Some(value) = obj.get("integration-spec") else {
            self.diags.push(
                Diagnostic::error(
                    Code::UnsupportedFormatVersion,
                    "missing the format version `integration-spec`",
                )
                .at(&obj.path)
                .with_help("add `integration-spec: \"1.0\"` as the first line of the spec"),
            );
            return None;
        };
        let text = scalar_text(value)?;
        let Some(version) = lenient_version(&text) else {
            self.diags.push(
                Diagnostic::error(
                    Code::UnsupportedFormatVersion,
                    format!("`{text}` is not a format version"),
                )
                .at(&path)
                .with_help("write `integration-spec: \"1.0\"` (quoted, so YAML keeps it as text)"),
            );
            return None;
        };
        if version.major != 1 {
            self.diags.push(
                Diagnostic::error(
                    Code::UnsupportedFormatVersion,
                    format!(
                        "format version {text} is not supported; this build of mdbook-integration-spec reads {SUPPORTED_FORMAT}"
                    ),
                )
                .at(&path)
                .with_help(if version.major > 1 {
                    "install a newer mdbook-integration-spec, or write the spec in format 1.x"
                } else {
                    "write `integration-spec: \"1.0\"`"
                }),
            );
            return None;
        }
        Some(version)
    }
}

/// `1`, `1.0` and `1.0.0` all name format 1.0.0.
fn lenient_version(text: &str) -> Option<semver::Version> {
    let text = text.trim();
    let padded = match text.matches('.').count() {
        0 => format!("{text}.0.0"),
        1 => format!("{text}.0"),
        _ => text.to_owned(),
    };
    semver::Version::parse(&padded).ok()
}

#[cfg(test)]
mod tests;
