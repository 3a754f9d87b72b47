//! `import: { openapi: ../api/openapi.yaml }`: a native spec around an OpenAPI document.
//!
//! The document is translated as on its own, and its endpoints, models, security schemes,
//! servers, webhooks and tags are merged into the spec's tree, before the spec's own. The spec adds
//! what OpenAPI has no place for, and may extend an imported endpoint or webhook by its id with
//! the keys the document does not give (`errors`, `flow`, `rate_limit`, a webhook's `retries`);
//! giving again what the document gives is an error that names both places. The source map
//! keeps every part pointing at the file it was written in.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use super::openapi::Translated;
use super::source_map::{SourceMap, WrittenIn};
use crate::diagnostic::{Code, Diagnostic, SpecPath};

/// The sections whose entries an import brings, with the keys a spec may add to an imported
/// entry though the document has them (any key the entry lacks may be added), or `None` for
/// entries a spec may not add to.
const SECTIONS: &[(&str, Option<&[&str]>)] = &[
    ("environments", Some(&[])),
    ("models", None),
    (
        "endpoints",
        Some(&[
            "errors",
            "flow",
            "rate_limit",
            "since",
            "sla",
            "timeout_ms",
            "idempotent",
        ]),
    ),
    ("webhooks", Some(&["signature", "retries"])),
    ("tags", Some(&[])),
];

/// The entries that came from the document, by section: lowering reads them as OpenAPI's
/// (bodies are JSON Schemas, model names as written).
#[derive(Clone, Debug, Default)]
pub(crate) struct Imported {
    pub(crate) entries: BTreeSet<(String, String)>,
}

impl Imported {
    /// Whether `path` lies in an entry the document gave.
    pub(crate) fn contains(&self, path: &SpecPath) -> bool {
        use crate::diagnostic::Segment;
        match path.segments() {
            [Segment::Key(section), Segment::Key(id), ..] => {
                self.entries.contains(&(section.clone(), id.clone()))
            }
            _ => false,
        }
    }

    /// Whether model `name` came from the document.
    pub(crate) fn has_model(&self, name: &str) -> bool {
        self.entries
            .contains(&("models".to_owned(), name.to_owned()))
    }
}

/// The path a spec's `import` names, if it has one.
pub(crate) fn requested(root: &Value) -> Option<Result<String, Diagnostic>> {
    let import = root.get("import")?;
    let at = SpecPath::root().key("import");
    let Some(map) = import.as_object() else {
        return Some(Err(Diagnostic::error(
            Code::InvalidType,
            "`import` is a mapping, e.g. `import: { openapi: ../api/openapi.yaml }`",
        )
        .at(&at)));
    };
    match map.get("openapi") {
        Some(Value::String(path)) if !path.trim().is_empty() => Some(Ok(path.trim().to_owned())),
        Some(_) => Some(Err(Diagnostic::error(
            Code::InvalidType,
            "`import.openapi` is the path of an OpenAPI document, relative to the spec",
        )
        .at(&at.key("openapi")))),
        None => Some(Err(Diagnostic::error(
            Code::MissingField,
            "`import` names no document",
        )
        .at(&at)
        .with_help("write `import: { openapi: ../api/openapi.yaml }`"))),
    }
}

/// The spec's tree with the document's merged in.
pub(crate) struct Merged {
    pub(crate) tree: Value,
    pub(crate) source_map: SourceMap,
    pub(crate) imported: Imported,
    /// The merge's findings, and the document's own (pointing into it).
    pub(crate) diags: Vec<Diagnostic>,
}

/// Merges the translated document into `spec`, the spec's tree. `document` is the document's
/// path as shown, `explicit_security` whether it says `security` at its top level.
pub(crate) fn merge(
    spec: Value,
    doc: Translated,
    document: PathBuf,
    explicit_security: bool,
) -> Merged {
    let Value::Object(mut spec) = spec else {
        unreachable!("a spec with an import is a mapping");
    };
    let mut source_map =
        SourceMap::around_import(document.clone(), doc.source_map.files().to_vec());
    let mut diags: Vec<Diagnostic> = doc
        .diags
        .into_iter()
        .map(|mut diag| {
            diag.file = Some(document.clone());
            diag
        })
        .collect();
    let mut imported = Imported::default();
    let Value::Object(mut theirs) = doc.tree else {
        return Merged {
            tree: Value::Object(spec),
            source_map,
            imported,
            diags,
        };
    };
    let doc_place = |path: &SpecPath| doc.source_map.to_source(path).1;
    // The document is the import; a file its `$ref`s name stays itself.
    let doc_written = |path: &SpecPath| match doc.source_map.to_source(path).0 {
        WrittenIn::Spec => WrittenIn::Import,
        other => other,
    };
    for (section, extendable) in SECTIONS {
        let Some(Value::Object(their_entries)) = theirs.remove(*section) else {
            continue;
        };
        let mut own = match spec.remove(*section) {
            Some(Value::Object(own)) => own,
            // Lowering reports a section that is not a mapping.
            Some(other) => {
                spec.insert((*section).to_owned(), other);
                continue;
            }
            None => Map::new(),
        };
        let mut merged = Map::new();
        for (id, entry) in their_entries {
            let native = SpecPath::root().key(section).key(&id);
            source_map.record(native.clone(), doc_written(&native), doc_place(&native));
            imported.entries.insert(((*section).to_owned(), id.clone()));
            let entry = match own.remove(&id) {
                None => entry,
                Some(Value::Object(additions)) if extendable.is_some() => extend(
                    entry,
                    additions,
                    &native,
                    extendable.unwrap_or_default(),
                    &doc_place,
                    &document,
                    &mut source_map,
                    &mut diags,
                ),
                Some(_) => {
                    diags.push(redefined(&native, &doc_place(&native), &document, section));
                    entry
                }
            };
            merged.insert(id, entry);
        }
        merged.extend(own);
        spec.insert((*section).to_owned(), Value::Object(merged));
    }
    if let Some(Value::Object(their_schemes)) = theirs.remove("authentication") {
        merge_schemes(
            &mut spec,
            their_schemes,
            explicit_security,
            &doc_place,
            &document,
            &mut source_map,
            &mut diags,
        );
    }
    // The places inside the imported entries, finer than the entries' own: an example's
    // member is found at its line in the document. What the spec added to an entry is
    // recorded as the spec's, and stays so.
    let added: std::collections::HashSet<SpecPath> = imported
        .entries
        .iter()
        .map(|(section, id)| SpecPath::root().key(section).key(id))
        .collect();
    for (native, written, source) in doc.source_map.into_places() {
        let within_import = native.segments().len() > 2
            && added.contains(&SpecPath::from_segments(native.segments()[..2].to_vec()));
        if within_import && !source_map.is_recorded(&native) {
            // The document is the import; the files it names stay themselves.
            let written = match written {
                WrittenIn::Spec => WrittenIn::Import,
                other => other,
            };
            source_map.record(native, written, source);
        }
    }
    Merged {
        tree: Value::Object(spec),
        source_map,
        imported,
        diags,
    }
}

/// An imported entry with the spec's additions: keys the document lacks, and the extendable
/// ones; any other key the document gives is an error.
#[allow(clippy::too_many_arguments)]
fn extend(
    entry: Value,
    additions: Map<String, Value>,
    native: &SpecPath,
    extendable: &[&str],
    doc_place: &dyn Fn(&SpecPath) -> SpecPath,
    document: &Path,
    source_map: &mut SourceMap,
    diags: &mut Vec<Diagnostic>,
) -> Value {
    let Value::Object(mut entry) = entry else {
        return entry;
    };
    for (key, value) in additions {
        let at = native.key(&key);
        if entry.contains_key(&key) && !extendable.contains(&key.as_str()) {
            diags.push(redefined(&at, &doc_place(&at), document, "keys"));
            continue;
        }
        source_map.record(at, WrittenIn::Spec, native.key(&key));
        entry.insert(key, value);
    }
    Value::Object(entry)
}

/// The document's security schemes beside the spec's own, named: a name in both is an error.
/// The spec's `default` replaces a document without `security`.
#[allow(clippy::too_many_arguments)]
fn merge_schemes(
    spec: &mut Map<String, Value>,
    mut theirs: Map<String, Value>,
    explicit_security: bool,
    doc_place: &dyn Fn(&SpecPath) -> SpecPath,
    document: &Path,
    source_map: &mut SourceMap,
    diags: &mut Vec<Diagnostic>,
) {
    let section = SpecPath::root().key("authentication");
    let their_default = theirs.remove("default");
    let mut own = match spec.remove("authentication") {
        None => Map::new(),
        Some(Value::Object(own)) if !own.contains_key("type") => own,
        // One scheme written without a name: the document's are named.
        Some(other) => {
            diags.push(
                Diagnostic::error(
                    Code::InvalidValue,
                    "`authentication` is one scheme without a name, and the imported document names its schemes",
                )
                .at(&section)
                .with_help("give the scheme a name: `authentication: { my-scheme: { type: ... } }`"),
            );
            spec.insert("authentication".to_owned(), other);
            return;
        }
    };
    let mut merged = Map::new();
    for (name, scheme) in theirs {
        let native = section.key(&name);
        source_map.record(native.clone(), WrittenIn::Import, doc_place(&native));
        if own.remove(&name).is_some() {
            diags.push(redefined(
                &native,
                &doc_place(&native),
                document,
                "authentication",
            ));
        }
        merged.insert(name, scheme);
    }
    let own_default = own.remove("default");
    merged.extend(own);
    match (own_default, their_default) {
        (Some(own_default), _) if !explicit_security => {
            merged.insert("default".to_owned(), own_default);
        }
        (Some(_), Some(their_default)) => {
            let native = section.key("default");
            diags.push(redefined(
                &native,
                &doc_place(&native),
                document,
                "authentication",
            ));
            source_map.record(native.clone(), WrittenIn::Import, doc_place(&native));
            merged.insert("default".to_owned(), their_default);
        }
        (Some(own_default), None) => {
            merged.insert("default".to_owned(), own_default);
        }
        (None, Some(their_default)) => {
            let native = section.key("default");
            source_map.record(native.clone(), WrittenIn::Import, doc_place(&native));
            merged.insert("default".to_owned(), their_default);
        }
        (None, None) => {}
    }
    spec.insert("authentication".to_owned(), Value::Object(merged));
}

/// The error for a spec that gives again what its imported document gives.
fn redefined(native: &SpecPath, theirs: &SpecPath, document: &Path, what: &str) -> Diagnostic {
    let help = match what {
        "keys" => "remove it here: the document says it; a spec adds to an imported endpoint only what the document does not give (errors, flow, rate_limit, since, sla, timeout_ms, ...)".to_owned(),
        _ => "give it another name, or remove it here: the document's is used".to_owned(),
    };
    Diagnostic::error(
        Code::DuplicateId,
        format!(
            "`{native}` is given here and by the imported `{}` at `{theirs}`",
            document.display()
        ),
    )
    .at(native)
    .with_help(help)
}
