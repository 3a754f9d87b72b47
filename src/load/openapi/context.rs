//! The translation's state, and what every part of it shares: recording where each part of
//! the tree came from, following `$ref`s, and noting what the model cannot hold.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde_json::{Map, Value};

use super::refs;
use crate::diagnostic::{Code, Diagnostic, SpecPath};

/// The OpenAPI versions whose rules differ where the translation cares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Dialect {
    /// 3.0: `nullable`, boolean `exclusiveMinimum`, `example` in schemas.
    V30,
    /// 3.1 (and 3.2, read as 3.1): JSON Schema 2020-12, `webhooks`.
    V31,
}

/// The translation's state.
pub(super) struct Translate<'d> {
    pub(super) doc: &'d Value,
    /// The document's own key (see [`refs::ref_key`]), and the other files its `$ref`s name.
    main_key: std::path::PathBuf,
    others: &'d [refs::OtherFile],
    pub(super) dialect: Dialect,
    pub(super) places: HashMap<SpecPath, SpecPath>,
    pub(super) diags: Vec<Diagnostic>,
    /// The component schemas that become models, by name.
    pub(super) models: HashSet<String>,
    /// The references being inlined, innermost last: a reference to one of them is a cycle.
    pub(super) inlining: Vec<String>,
    /// Values written so far: inlining is bounded by the document's own size.
    written: usize,
    budget: usize,
    /// Whether the budget ran out (reported once).
    over_budget: bool,
    /// What the model cannot hold, by what it is: where it first is, and how often.
    unsupported: BTreeMap<String, (SpecPath, HashSet<SpecPath>, &'static str)>,
}

impl<'d> Translate<'d> {
    pub(super) fn new(
        doc: &'d Value,
        dialect: Dialect,
        main_key: std::path::PathBuf,
        others: &'d [refs::OtherFile],
    ) -> Self {
        let size = count_values(doc);
        Translate {
            doc,
            main_key,
            others,
            dialect,
            places: HashMap::new(),
            diags: Vec::new(),
            models: HashSet::new(),
            inlining: Vec::new(),
            written: 0,
            budget: 50_000 + 8 * size,
            over_budget: false,
            unsupported: BTreeMap::new(),
        }
    }

    /// A second translator of the same document, with the models known and nothing found
    /// yet: its budget is its own.
    pub(super) fn fork(&self) -> Translate<'d> {
        Translate {
            doc: self.doc,
            main_key: self.main_key.clone(),
            others: self.others,
            dialect: self.dialect,
            places: HashMap::new(),
            diags: Vec::new(),
            models: self.models.clone(),
            inlining: Vec::new(),
            written: 0,
            budget: self.budget,
            over_budget: false,
            unsupported: BTreeMap::new(),
        }
    }

    /// Takes in what a fork found, as if it had been found here before what is found next
    /// (a spent budget is reported by the first to spend it).
    pub(super) fn join(&mut self, fork: Translate<'d>) {
        self.places.extend(fork.places);
        self.over_budget |= fork.over_budget;
        self.diags.extend(fork.diags);
        for (what, (first, places, consequence)) in fork.unsupported {
            let entry = self
                .unsupported
                .entry(what)
                .or_insert_with(|| (first.clone(), HashSet::new(), consequence));
            entry.0 = first;
            entry.1.extend(places);
        }
    }

    /// Whether the budget ran out.
    pub(super) fn over_budget(&self) -> bool {
        self.over_budget
    }

    /// Records that the translated tree's `native` came from the document's `source`.
    pub(super) fn record(&mut self, native: &SpecPath, source: &SpecPath) {
        self.places.insert(native.clone(), source.clone());
    }

    /// The document's value at `path`, if any.
    pub(super) fn at(&self, path: &[&str]) -> Option<&'d Value> {
        let mut value = self.doc;
        for key in path {
            value = value.get(key)?;
        }
        Some(value)
    }

    /// Follows `$ref`s (not schemas') to what they name: the value and its place. A reference
    /// that does not resolve is reported at `path` and gives `None`.
    pub(super) fn deref(
        &mut self,
        value: &'d Value,
        path: &SpecPath,
    ) -> Option<(&'d Value, SpecPath)> {
        let mut value = value;
        let mut path = path.clone();
        // Reference chains are short; a longer one is a cycle.
        for _ in 0..32 {
            let Some(reference) = value.get("$ref") else {
                return Some((value, path));
            };
            let Some(reference) = reference.as_str() else {
                self.not_a_reference(&path.key("$ref"));
                return None;
            };
            match self.resolve_at(reference, &path) {
                Ok((target, target_path)) => {
                    value = target;
                    path = target_path;
                }
                Err(err) => {
                    self.unresolved(reference, err, &path.key("$ref"));
                    return None;
                }
            }
        }
        self.diags.push(
            Diagnostic::error(
                Code::UnresolvedReference,
                "these `$ref`s lead back to themselves",
            )
            .at(&path)
            .with_help("point the reference at the object itself"),
        );
        None
    }

    /// What `reference`, written at `at`, names: in the file `at` is in, or in the file it
    /// names, relative to that one.
    pub(super) fn resolve_at(
        &self,
        reference: &str,
        at: &SpecPath,
    ) -> Result<(&'d Value, SpecPath), refs::RefError> {
        let (from, _) = refs::split_file(at);
        let fragment = reference.find('#').map_or("#", |hash| &reference[hash..]);
        let file = match refs::file_part(reference) {
            None if !reference.starts_with('#') && !reference.is_empty() => {
                return Err(refs::RefError::Remote);
            }
            None => from,
            Some(name) => {
                let from_key = match from {
                    0 => &self.main_key,
                    n => &self.others[n - 1].key,
                };
                let key = refs::ref_key(from_key, name);
                let Some(idx) = self.others.iter().position(|other| other.key == key) else {
                    return Err(refs::RefError::Unreadable("it was not read".to_owned()));
                };
                idx + 1
            }
        };
        let value = match file {
            0 => self.doc,
            n => match &self.others[n - 1].value {
                Ok(value) => value,
                Err(reason) => return Err(refs::RefError::Unreadable(reason.clone())),
            },
        };
        let (target, path) = refs::resolve(value, fragment)?;
        let mut steps = refs::file_root(file).segments().to_vec();
        steps.extend_from_slice(path.segments());
        Ok((target, SpecPath::from_segments(steps)))
    }

    pub(super) fn not_a_reference(&mut self, path: &SpecPath) {
        self.diags.push(
            Diagnostic::error(
                Code::InvalidType,
                "`$ref` must be text, such as `#/components/schemas/Pet`",
            )
            .at(path),
        );
    }

    pub(super) fn unresolved(&mut self, reference: &str, err: refs::RefError, path: &SpecPath) {
        let (message, help) = match err {
            refs::RefError::Remote => (
                format!("`{reference}` is a remote reference; nothing is fetched while a book builds"),
                "copy what it names into the document (or a file beside it) and refer to that".to_owned(),
            ),
            refs::RefError::Unreadable(reason) => (
                format!("`{reference}` names a file that cannot be read: {reason}"),
                "the path is relative to the file the reference is in, and the file must lie inside the book root".to_owned(),
            ),
            refs::RefError::Missing { found } => {
                let here = match found.is_root() {
                    true => "the document".to_owned(),
                    false => format!("`{found}`"),
                };
                let names: Vec<String> = self
                    .doc
                    .pointer(&pointer_of(&found))
                    .and_then(Value::as_object)
                    .map(|map| map.keys().cloned().collect())
                    .unwrap_or_default();
                let wanted = reference.rsplit('/').next().unwrap_or(reference);
                let help = crate::diagnostic::suggest(wanted, names.iter().map(String::as_str))
                    .unwrap_or_else(|| format!("{here} has no such entry; correct the reference or add what it names"));
                (format!("`{reference}` does not name anything in the document"), help)
            }
        };
        self.diags.push(
            Diagnostic::error(Code::UnresolvedReference, message)
                .at(path)
                .about(reference.to_owned())
                .with_help(help),
        );
    }

    /// Notes something the model cannot hold; reported once per kind, at its first place.
    pub(super) fn unsupported(&mut self, what: &str, path: &SpecPath, consequence: &'static str) {
        // A part written out at every use is counted once.
        self.unsupported
            .entry(what.to_owned())
            .or_insert_with(|| (path.clone(), HashSet::new(), consequence))
            .1
            .insert(path.clone());
    }

    /// Where the parts of the tree came from, and everything found.
    pub(super) fn finish(mut self) -> (HashMap<SpecPath, SpecPath>, Vec<Diagnostic>) {
        self.report_unsupported();
        (self.places, self.diags)
    }

    fn report_unsupported(&mut self) {
        for (what, (path, places, consequence)) in std::mem::take(&mut self.unsupported) {
            let more = match places.len() {
                1 => String::new(),
                2 => " (and in 1 more place)".to_owned(),
                more => format!(" (and in {} more places)", more - 1),
            };
            self.diags.push(
                Diagnostic::warning(
                    Code::UnsupportedOpenApi,
                    format!("{what} {consequence}{more}"),
                )
                .at(&path)
                .with_help("the example book's OpenAPI chapter lists what is read; the rest of the document is shown as usual"),
            );
        }
    }

    /// Counts written values against the budget; false once it is spent.
    pub(super) fn spend(&mut self, values: usize, path: &SpecPath) -> bool {
        self.written += values;
        if self.written <= self.budget {
            return true;
        }
        if !self.over_budget {
            self.over_budget = true;
            self.diags.push(
                Diagnostic::error(
                    Code::SpecTooLarge,
                    format!(
                        "the document's `$ref`s expand to more than {} values",
                        self.budget
                    ),
                )
                .at(path)
                .with_help("make the schemas referenced from many places objects (which become models and are linked, not copied)"),
            );
        }
        false
    }
}

/// A JSON Pointer to `path`.
fn pointer_of(path: &SpecPath) -> String {
    let mut pointer = String::new();
    for segment in path.segments() {
        pointer.push('/');
        match segment {
            crate::diagnostic::Segment::Key(key) => {
                pointer.push_str(&key.replace('~', "~0").replace('/', "~1"))
            }
            crate::diagnostic::Segment::Index(idx) => pointer.push_str(&idx.to_string()),
        }
    }
    pointer
}

/// How many values `value` holds, itself included.
fn count_values(value: &Value) -> usize {
    let mut count = 0;
    let mut stack = vec![value];
    while let Some(value) = stack.pop() {
        count += 1;
        match value {
            Value::Array(items) => stack.extend(items),
            Value::Object(map) => stack.extend(map.values()),
            _ => {}
        }
    }
    count
}

/// A mapping under construction.
pub(super) fn object() -> Map<String, Value> {
    Map::new()
}
