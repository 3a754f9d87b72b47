//! `$ref`s inside an OpenAPI document: `#/components/schemas/Pet`, JSON Pointer escapes and
//! percent-encoding included.

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};

use serde_json::Value;

use crate::diagnostic::{Segment, SpecPath};

/// A file the document's `$ref`s name (`schemas/pet.yaml#/Pet`), read before the translation.
#[derive(Debug)]
pub(crate) struct OtherFile {
    /// The file as the references name it: [`ref_key`] of the file that refers to it.
    pub(crate) key: PathBuf,
    /// Its path as shown to users.
    pub(crate) display: PathBuf,
    /// Its parsed value, or why it could not be read.
    pub(crate) value: Result<Value, String>,
}

/// The mark that starts the path of a place in the `n`th other file: the translation's paths
/// are [`SpecPath`]s, and a place in another file is one under its mark.
const FILE_MARK: &str = "\u{0}file ";

/// The root of the `n`th other file (counting from 1; 0 is the document itself).
pub(crate) fn file_root(file: usize) -> SpecPath {
    match file {
        0 => SpecPath::root(),
        n => SpecPath::root().key(&format!("{FILE_MARK}{n}")),
    }
}

/// [`split_file`], without copying a path of the document itself.
pub(crate) fn into_file(path: SpecPath) -> (usize, SpecPath) {
    match path.segments().first() {
        Some(Segment::Key(first)) if first.starts_with(FILE_MARK) => split_file(&path),
        _ => (0, path),
    }
}

/// Which file a path of the translation is in, and the path inside it.
pub(crate) fn split_file(path: &SpecPath) -> (usize, SpecPath) {
    if let [Segment::Key(first), rest @ ..] = path.segments()
        && let Some(file) = first.strip_prefix(FILE_MARK).and_then(|n| n.parse().ok())
    {
        return (file, SpecPath::from_segments(rest.to_vec()));
    }
    (0, path.clone())
}

/// How a reference from the file known as `from` names another file: its path joined to
/// `from`'s folder, `.` and `..` resolved as written.
pub(crate) fn ref_key(from: &Path, file: &str) -> PathBuf {
    let joined = from.parent().unwrap_or(Path::new("")).join(file);
    let mut key = PathBuf::new();
    for component in joined.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                if !key.pop() {
                    key.push("..");
                }
            }
            other => key.push(other),
        }
    }
    key
}

/// The files the `$ref`s in `value` name, as written (without their fragments).
pub(crate) fn files_named(value: &Value) -> BTreeSet<String> {
    let mut files = BTreeSet::new();
    let mut stack = vec![value];
    while let Some(value) = stack.pop() {
        match value {
            Value::Object(map) => {
                if let Some(Value::String(reference)) = map.get("$ref")
                    && let Some(file) = file_part(reference)
                {
                    files.insert(file.to_owned());
                }
                stack.extend(map.values());
            }
            Value::Array(items) => stack.extend(items),
            _ => {}
        }
    }
    files
}

/// The file a reference names, when it names one that is read: not a fragment of the file it
/// is in, and not a remote URL.
pub(crate) fn file_part(reference: &str) -> Option<&str> {
    let file = reference.split('#').next().unwrap_or("");
    (!file.is_empty() && !is_remote(file)).then_some(file)
}

fn is_remote(reference: &str) -> bool {
    reference.split_once(':').is_some_and(|(scheme, _)| {
        scheme.len() > 1 && scheme.chars().all(|c| c.is_ascii_alphabetic())
    })
}

/// Why a reference does not resolve.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum RefError {
    /// `https://…`: nothing is fetched while a book builds.
    Remote,
    /// `other.yaml#/…`: another file, which could not be read (the reason).
    Unreadable(String),
    /// The pointer names nothing in the document.
    Missing {
        /// The part of the pointer that does resolve.
        found: SpecPath,
    },
}

/// What `reference` points at in `doc`, and where that is.
pub(super) fn resolve<'d>(
    doc: &'d Value,
    reference: &str,
) -> Result<(&'d Value, SpecPath), RefError> {
    let Some(pointer) = reference.strip_prefix('#') else {
        return Err(if is_remote(reference) {
            RefError::Remote
        } else {
            RefError::Unreadable("it is in another file".to_owned())
        });
    };
    let mut value = doc;
    let mut path = SpecPath::root();
    if pointer.is_empty() {
        return Ok((value, path));
    }
    let Some(pointer) = pointer.strip_prefix('/') else {
        return Err(RefError::Missing { found: path });
    };
    for token in pointer.split('/') {
        let token = unescape(token);
        let next = match value {
            Value::Object(map) => map.get(&token).map(|next| (next, path.key(&token))),
            Value::Array(items) => token
                .parse::<usize>()
                .ok()
                .and_then(|idx| items.get(idx).map(|next| (next, path.index(idx)))),
            _ => None,
        };
        let Some((next, next_path)) = next else {
            return Err(RefError::Missing { found: path });
        };
        value = next;
        path = next_path;
    }
    Ok((value, path))
}

/// The name a reference to `#/components/<section>/<name>` gives, if it is one.
pub(super) fn component_name(reference: &str, section: &str) -> Option<String> {
    let rest = reference.strip_prefix("#/components/")?;
    let rest = rest.strip_prefix(section)?.strip_prefix('/')?;
    (!rest.contains('/')).then(|| unescape(rest))
}

/// A pointer token as text: percent-decoded (references are URIs), then `~1` is `/` and `~0`
/// is `~`.
fn unescape(token: &str) -> String {
    let decoded = percent_decode(token);
    decoded.replace("~1", "/").replace("~0", "~")
}

fn percent_decode(text: &str) -> String {
    if !text.contains('%') {
        return text.to_owned();
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut idx = 0;
    while idx < bytes.len() {
        let hex = |at: usize| bytes.get(at).and_then(|b| (*b as char).to_digit(16));
        match (bytes[idx], hex(idx + 1), hex(idx + 2)) {
            (b'%', Some(high), Some(low)) => {
                out.push((high * 16 + low) as u8);
                idx += 3;
            }
            (byte, _, _) => {
                out.push(byte);
                idx += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn pointers_unescape_and_decode() {
        let doc = json!({"paths": {"/pets/{id}": {"get": {"x": 1}}}, "a~b": [10, 20], "c d": 3});
        let (value, path) = resolve(&doc, "#/paths/~1pets~1%7Bid%7D/get/x").unwrap();
        assert_eq!(value, &json!(1));
        assert_eq!(
            path.to_string(),
            SpecPath::root()
                .key("paths")
                .key("/pets/{id}")
                .key("get")
                .key("x")
                .to_string()
        );
        assert_eq!(resolve(&doc, "#/a~0b/1").unwrap().0, &json!(20));
        assert_eq!(resolve(&doc, "#/c%20d").unwrap().0, &json!(3));
        assert_eq!(resolve(&doc, "#").unwrap().0, &doc);
    }

    #[test]
    fn what_does_not_resolve_says_why() {
        let doc = json!({"components": {"schemas": {"Pet": {}}}});
        assert_eq!(
            resolve(&doc, "https://example.com/x.yaml#/a"),
            Err(RefError::Remote)
        );
        assert!(matches!(
            resolve(&doc, "common.yaml#/Pet"),
            Err(RefError::Unreadable(_))
        ));
        assert_eq!(file_part("common.yaml#/Pet"), Some("common.yaml"));
        assert_eq!(file_part("#/Pet"), None);
        assert_eq!(file_part("https://example.com/a.yaml"), None);
        assert_eq!(
            ref_key(Path::new("/b/api/openapi.yaml"), "../common/./pet.yaml"),
            PathBuf::from("/b/common/pet.yaml")
        );
        let inside = file_root(2).key("Pet");
        assert_eq!(split_file(&inside), (2, SpecPath::root().key("Pet")));
        assert_eq!(
            split_file(&SpecPath::root().key("a")),
            (0, SpecPath::root().key("a"))
        );
        assert_eq!(
            resolve(&doc, "#/components/schemas/Cat"),
            Err(RefError::Missing {
                found: SpecPath::root().key("components").key("schemas")
            })
        );
        assert_eq!(
            component_name("#/components/schemas/Pet.v2", "schemas").as_deref(),
            Some("Pet.v2")
        );
        assert_eq!(component_name("#/components/parameters/x", "schemas"), None);
    }
}
