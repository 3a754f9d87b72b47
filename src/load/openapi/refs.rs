//! `$ref`s inside an OpenAPI document: `#/components/schemas/Pet`, JSON Pointer escapes and
//! percent-encoding included.

use serde_json::Value;

use crate::diagnostic::SpecPath;

/// Why a reference does not resolve.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum RefError {
    /// `https://…`: nothing is fetched while a book builds.
    Remote,
    /// `other.yaml#/…`: another file.
    OtherFile,
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
        let scheme = reference.split_once(':').map(|(scheme, _)| scheme);
        return Err(match scheme {
            Some(scheme) if scheme.len() > 1 && scheme.chars().all(|c| c.is_ascii_alphabetic()) => {
                RefError::Remote
            }
            _ => RefError::OtherFile,
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
        assert_eq!(resolve(&doc, "common.yaml#/Pet"), Err(RefError::OtherFile));
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
