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
//! - `sections`: the sections of a spec other than authentication, endpoints, models, errors
//!   and flows;
//! - `auth`: the authentication schemes, and the schemes an endpoint accepts (`auth`);
//! - `errors`: the error catalogue and the conventional error body;
//! - `models`: models, with the models they include or are a choice of;
//! - `endpoints`: endpoints, their requests, responses and callbacks;
//! - `content`: bodies in media types, named examples and the encoding of multipart parts;
//! - `fields`: fields, bodies and JSON Schema fields;
//! - `steps`: flows and the flow-step grammar.

mod auth;
mod content;
mod endpoints;
mod errors;
mod fields;
mod format_schema;
mod keys;
mod mappings;
mod models;
mod readers;
mod sections;
mod steps;

use serde_json::Value;

use crate::diagnostic::{Code, Diagnostic, SpecPath};
use crate::spec::*;
pub use format_schema::{BOOK_URL, SCHEMA_FILE, format_schema};
use keys::{Key, Shape};
use readers::{Lower, Obj, kind_of, scalar_text};

/// The format versions this build reads.
pub(crate) const SUPPORTED_FORMAT: &str = "1.x";

/// Lowers `root`; `None` when the file cannot be read as a spec at all.
pub(crate) fn lower_spec(root: &Value) -> (Option<Spec>, Vec<Diagnostic>) {
    let mut cx = Lower::default();
    let spec = cx.spec(root);
    (spec, cx.diags)
}

/// Lowers a native spec whose `imported` entries came from an OpenAPI document.
pub(crate) fn lower_with_import(
    root: &Value,
    imported: crate::load::import::Imported,
) -> (Option<Spec>, Vec<Diagnostic>) {
    let mut cx = Lower {
        imported,
        ..Lower::default()
    };
    let mut spec = cx.spec(root);
    if let Some(spec) = &mut spec {
        spec.imports_openapi = true;
    }
    (spec, cx.diags)
}

/// Lowers the translation of an OpenAPI document: bodies are JSON Schemas, and model names
/// are kept as the document writes them (`simple-user`, `Pet.v2`).
pub(crate) fn lower_openapi(root: &Value) -> (Option<Spec>, Vec<Diagnostic>) {
    let mut cx = Lower {
        openapi: true,
        ..Lower::default()
    };
    let mut spec = cx.spec(root);
    if let Some(spec) = &mut spec {
        spec.from_openapi = true;
    }
    (spec, cx.diags)
}

/// From this many models on, a document's models are translated, and a spec's lowered, on a
/// thread of their own.
pub(in crate::load) const MODELS_ON_THEIR_OWN: usize = 200;

impl Lower {
    /// A second reader of the same tree, with what is known of it so far and no findings.
    fn fork(&self) -> Lower {
        Lower {
            diags: Vec::new(),
            model_names: self.model_names.clone(),
            misspelt: Default::default(),
            cut_shorthand: false,
            scheme_names: self.scheme_names.clone(),
            openapi: self.openapi,
            imported: self.imported.clone(),
        }
    }

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
            "import",
            Shape::Mapping(Self::IMPORT),
            "An OpenAPI document whose endpoints, models, schemes and servers the spec takes",
        ),
        Key::optional(
            "overview",
            Shape::Mapping(Self::OVERVIEW),
            "Purpose, scope, architecture and systems",
        ),
        Key::optional(
            "authentication",
            Shape::OneOf(&[
                Shape::Mapping(Self::AUTH_SCHEME),
                Shape::EntriesWith(Self::AUTH_SCHEMES, &Shape::Mapping(Self::AUTH_SCHEME)),
            ]),
            "How clients authenticate: one scheme, or schemes by name",
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
            "tags",
            Shape::Entries(&Shape::OneOf(&[
                Shape::Text,
                Shape::Null,
                Shape::Mapping(Self::TAG),
            ])),
            "The tags endpoints are grouped by, each with its description",
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
        Key::optional(
            "mappings",
            Shape::Entries(&Shape::Mapping(Self::MAPPING)),
            "Field mappings between two systems' models, by id",
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
        let overview = self.optional(&obj, "overview", Self::overview);
        let authentication = self.optional(&obj, "authentication", Self::authentication);
        let environments = self.items(&obj, "environments", Self::environment);
        let conventions = self.optional(&obj, "conventions", Self::conventions);
        // The models of a big spec are lowered on a second core while the endpoints are;
        // the findings keep the order of the sections.
        let many_models = self.model_names.len() >= MODELS_ON_THEIR_OWN;
        let before = std::mem::take(&mut self.diags);
        let (models, tags, endpoints, models_diags) = if many_models {
            let mut of_models = self.fork();
            std::thread::scope(|scope| {
                let models = scope.spawn(|| {
                    let models = of_models.items(&obj, "models", Self::model);
                    (models, of_models.diags)
                });
                let tags = self.tags(&obj);
                let endpoints = self.items(&obj, "endpoints", Self::endpoint);
                let (models, models_diags) = models
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
                (models, tags, endpoints, models_diags)
            })
        } else {
            let models = self.items(&obj, "models", Self::model);
            let models_diags = std::mem::take(&mut self.diags);
            let tags = self.tags(&obj);
            let endpoints = self.items(&obj, "endpoints", Self::endpoint);
            (models, tags, endpoints, models_diags)
        };
        let after = std::mem::take(&mut self.diags);
        self.diags = before;
        self.diags.extend(models_diags);
        self.diags.extend(after);
        let spec = Spec {
            format_version,
            overview,
            authentication,
            environments,
            conventions,
            models,
            tags,
            endpoints,
            errors: self.items(&obj, "errors", Self::error_code),
            rate_limits: self.optional(&obj, "rate_limits", Self::rate_limits),
            flows: self.items(&obj, "flows", Self::flow),
            webhooks: self.items(&obj, "webhooks", Self::webhook),
            tests: self.items(&obj, "tests", Self::test),
            monitoring: self.optional(&obj, "monitoring", Self::monitoring),
            rollback: self.optional(&obj, "rollback", Self::rollback),
            changelog: self.list(&obj, "changelog", Self::changelog_entry),
            mappings: self.items(&obj, "mappings", Self::mapping),
            info: info?,
            from_openapi: false,
            imports_openapi: false,
        };
        Some(spec)
    }

    /// The keys of `import` (read before lowering, see `load::import`).
    pub(super) const IMPORT: &[Key] = &[Key::required(
        "openapi",
        Shape::Text,
        "The OpenAPI document's path, relative to the spec",
    )];

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
        let Some(text) = scalar_text(value) else {
            self.diags.push(
                Diagnostic::error(
                    Code::UnsupportedFormatVersion,
                    format!("the format version must be text, found {}", kind_of(value)),
                )
                .at(&path)
                .with_help("write `integration-spec: \"1.0\"`"),
            );
            return None;
        };
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
