//! OpenAPI 3.0 and 3.1 documents as specs.
//!
//! A document is translated into the value tree of a native spec, which `lower` then reads
//! like any other: one model, one set of checks, one renderer. The translation remembers where
//! each part of that tree came from ([`SourceMap`]), so every finding, from lowering or from
//! the checks, points at the place in the OpenAPI document it is about.
//!
//! - `document`: info, servers and security schemes;
//! - `operations`: paths and their operations, parameters, bodies, responses, callbacks and
//!   webhooks;
//! - `schemas`: schemas, and which component schemas become models;
//! - `html`: the HTML in descriptions as markdown;
//! - `refs`: resolving `$ref`s inside the document;
//! - `context`: the translation's state, and what every part of it shares (recording where a
//!   part came from, following references, reporting what is not read).

mod context;
mod document;
mod extensions;
pub use extensions::EXPORTED;
mod html;
mod operations;
mod refs;
mod schemas;

use serde_json::Value;

pub(crate) use context::Dialect;
use context::Translate;
pub(crate) use refs::{OtherFile, files_named, ref_key};

use crate::diagnostic::{Code, Diagnostic, SpecPath};
use crate::load::source_map::SourceMap;

/// What a parsed file is.
pub(crate) enum Detected {
    /// A spec in our own format.
    Native,
    /// An OpenAPI document this build reads, with its `openapi` version.
    OpenApi(Dialect),
    /// An OpenAPI or Swagger document of a version this build does not read.
    Unsupported(Box<Diagnostic>),
}

/// Tells a native spec from an OpenAPI document by its top-level keys.
pub(crate) fn detect(root: &Value) -> Detected {
    let Some(map) = root.as_object() else {
        return Detected::Native;
    };
    if let Some(version) = map.get("swagger") {
        let version = scalar(version).unwrap_or_default();
        return Detected::Unsupported(Box::new(
            Diagnostic::error(
                Code::UnsupportedFormatVersion,
                format!("this is a Swagger {version} document; OpenAPI 3.0 and 3.1 documents are read"),
            )
            .at(&SpecPath::root().key("swagger"))
            .with_help("convert it to OpenAPI 3: `npx swagger2openapi openapi.yaml -o openapi3.yaml`, or `npx @scalar/openapi-upgrader`"),
        ));
    }
    let Some(version) = map.get("openapi") else {
        return Detected::Native;
    };
    let text = scalar(version).unwrap_or_default();
    let text = text.trim();
    let mut parts = text.split('.');
    match (parts.next(), parts.next()) {
        (Some("3"), Some("0")) => Detected::OpenApi(Dialect::V30),
        (Some("3"), Some("1" | "2")) => Detected::OpenApi(Dialect::V31),
        _ => Detected::Unsupported(Box::new(
            Diagnostic::error(
                Code::UnsupportedFormatVersion,
                format!("`openapi: {text}` is not a version this build reads"),
            )
            .at(&SpecPath::root().key("openapi"))
            .with_help("OpenAPI 3.0.x and 3.1.x documents are read; write the version as `3.0.3` or `3.1.0`"),
        )),
    }
}

/// The document translated: the native tree, where its parts came from, and what the
/// translation found (with paths into the document).
pub(crate) struct Translated {
    pub(crate) tree: Value,
    pub(crate) source_map: SourceMap,
    pub(crate) diags: Vec<Diagnostic>,
}

/// Translates an OpenAPI document into a native spec's tree. `key` is the document's path
/// as its `$ref`s are resolved against, `others` the files they name (see [`files_named`]).
pub(crate) fn translate(
    doc: &Value,
    dialect: Dialect,
    key: std::path::PathBuf,
    others: &[OtherFile],
) -> Translated {
    let mut cx = Translate::new(doc, dialect, key, others);
    let tree = cx.document();
    let (places, diags) = cx.finish();
    let files = others.iter().map(|other| other.display.clone()).collect();
    let mut diags = diags;
    for diag in &mut diags {
        point_into_file(diag, others);
    }
    Translated {
        tree,
        source_map: SourceMap::of_document(
            places
                .into_iter()
                .map(|(native, source)| (native, refs::into_file(source))),
            files,
        ),
        diags,
    }
}

/// A finding of the translation whose place is in another file: in that file.
fn point_into_file(diag: &mut Diagnostic, others: &[OtherFile]) {
    let Some(path) = &diag.path else { return };
    let (file, inside) = refs::split_file(path);
    if file > 0 {
        diag.path = Some(inside);
        diag.file = Some(others[file - 1].display.clone());
    }
}

/// A scalar as text: `openapi: 3.1` may be read as a number.
fn scalar(value: &Value) -> Option<String> {
    match value {
        Value::String(text) => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests;
