//! `readOnly` and `writeOnly` by direction: a read-only field is required of what the API
//! sends (responses, webhooks, callbacks) and may be missing from what clients send; a
//! write-only field the other way round. So a spec whose fields say either is checked with
//! two copies of its models, one per direction.

use std::collections::{HashMap, HashSet};

use serde_json::{Map, Value};

use crate::diagnostic::{Segment, SpecPath};

/// Which way a value travels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Direction {
    /// From the client to the API: a request, or the client's answer to a callback or a
    /// webhook.
    ToApi,
    /// From the API: a response, a webhook, a callback.
    FromApi,
}

impl Direction {
    /// The direction of the value at `path`.
    pub(super) fn of(path: &SpecPath) -> Direction {
        match path.segments() {
            [Segment::Key(section), _, Segment::Key(part), ..]
                if section == "endpoints" && part == "request" =>
            {
                Direction::ToApi
            }
            [
                Segment::Key(section),
                _,
                Segment::Key(part),
                _,
                Segment::Key(answer),
                ..,
            ] if section == "endpoints" && part == "callbacks" && answer == "responses" => {
                Direction::ToApi
            }
            [Segment::Key(section), _, Segment::Key(answer), ..]
                if section == "webhooks" && answer == "responses" =>
            {
                Direction::ToApi
            }
            _ => Direction::FromApi,
        }
    }

    /// The keyword that makes a field optional in this direction.
    fn absent_keyword(self) -> &'static str {
        match self {
            Direction::ToApi => "readOnly",
            Direction::FromApi => "writeOnly",
        }
    }

    fn prefix(self) -> &'static str {
        match self {
            Direction::ToApi => "to-api:",
            Direction::FromApi => "from-api:",
        }
    }
}

/// Rewrites the schema of every example (`properties.e<N>`, in `directions` order) and the
/// models in `$defs` for their direction, when any field is read-only or write-only. Only the
/// models that depend on the direction (they say `readOnly` or `writeOnly`, or refer to one
/// that does) get a copy per direction; the others stay one model.
pub(super) fn apply(schema: &mut Value, directions: &[Direction]) {
    if !mentions_access(schema) {
        return;
    }
    let Some(root) = schema.as_object_mut() else {
        return;
    };
    let directed = match root.get("$defs") {
        Some(Value::Object(defs)) => directed_defs(defs),
        _ => HashSet::new(),
    };
    if let Some(Value::Object(defs)) = root.get_mut("$defs") {
        let mut out = Map::new();
        for (name, def) in std::mem::take(defs) {
            if !directed.contains(&name) {
                out.insert(name, def);
                continue;
            }
            let mut to_api = def.clone();
            rewrite(&mut to_api, Direction::ToApi, &directed);
            out.insert(format!("{}{name}", Direction::ToApi.prefix()), to_api);
            let mut from_api = def;
            rewrite(&mut from_api, Direction::FromApi, &directed);
            out.insert(format!("{}{name}", Direction::FromApi.prefix()), from_api);
        }
        *defs = out;
    }
    if let Some(Value::Object(properties)) = root.get_mut("properties") {
        for (example, direction) in properties.values_mut().zip(directions) {
            rewrite(example, *direction, &directed);
        }
    }
}

/// The models whose schema depends on the direction: those that say `readOnly` or
/// `writeOnly` anywhere, and those that refer to one of them, however indirectly.
fn directed_defs(defs: &Map<String, Value>) -> HashSet<String> {
    let mut referrers: HashMap<String, Vec<&str>> = HashMap::new();
    for (name, def) in defs {
        for target in references(def) {
            referrers.entry(target).or_default().push(name);
        }
    }
    let mut directed: HashSet<String> = HashSet::new();
    let mut queue: Vec<&str> = defs
        .iter()
        .filter(|(_, def)| mentions_access(def))
        .map(|(name, _)| name.as_str())
        .collect();
    while let Some(name) = queue.pop() {
        if directed.insert(name.to_owned()) {
            queue.extend(referrers.get(name).into_iter().flatten());
        }
    }
    directed
}

/// The models a schema refers to, by name.
pub(super) fn references(value: &Value) -> HashSet<String> {
    let mut found = HashSet::new();
    let mut stack = vec![value];
    while let Some(value) = stack.pop() {
        match value {
            Value::Object(map) => {
                if let Some(name) = map.get("$ref").and_then(Value::as_str).and_then(def_name) {
                    found.insert(name);
                }
                stack.extend(map.values());
            }
            Value::Array(items) => stack.extend(items),
            _ => {}
        }
    }
    found
}

/// The model a `#/$defs/<token>` reference names: its token unescaped (percent-encoding,
/// then `~1` and `~0`).
fn def_name(reference: &str) -> Option<String> {
    let token = reference.strip_prefix("#/$defs/")?;
    let mut bytes = Vec::with_capacity(token.len());
    let mut rest = token.as_bytes();
    while let Some((&byte, tail)) = rest.split_first() {
        let decoded = match (byte, tail) {
            (b'%', [high, low, ..]) => std::str::from_utf8(&[*high, *low])
                .ok()
                .and_then(|hex| u8::from_str_radix(hex, 16).ok()),
            _ => None,
        };
        match decoded {
            Some(decoded) => {
                bytes.push(decoded);
                rest = &tail[2..];
            }
            None => {
                bytes.push(byte);
                rest = tail;
            }
        }
    }
    let text = String::from_utf8(bytes).ok()?;
    Some(text.replace("~1", "/").replace("~0", "~"))
}

/// Whether any schema says `readOnly` or `writeOnly`.
fn mentions_access(value: &Value) -> bool {
    let mut stack = vec![value];
    while let Some(value) = stack.pop() {
        match value {
            Value::Object(map) => {
                if map.get("readOnly") == Some(&Value::Bool(true))
                    || map.get("writeOnly") == Some(&Value::Bool(true))
                {
                    return true;
                }
                stack.extend(map.values());
            }
            Value::Array(items) => stack.extend(items),
            _ => {}
        }
    }
    false
}

/// Drops the fields that may be absent in `direction` from every `required`, and points
/// every reference to a `directed` model at the model's copy for `direction`.
fn rewrite(value: &mut Value, direction: Direction, directed: &HashSet<String>) {
    let mut stack = vec![value];
    while let Some(value) = stack.pop() {
        match value {
            Value::Object(map) => {
                let optional: Vec<String> = match map.get("properties") {
                    Some(Value::Object(properties)) => properties
                        .iter()
                        .filter(|(_, property)| {
                            property.get(direction.absent_keyword()) == Some(&Value::Bool(true))
                        })
                        .map(|(name, _)| name.clone())
                        .collect(),
                    _ => Vec::new(),
                };
                if let (false, Some(Value::Array(required))) =
                    (optional.is_empty(), map.get_mut("required"))
                {
                    required.retain(|name| {
                        name.as_str()
                            .is_none_or(|name| !optional.iter().any(|o| o == name))
                    });
                }
                if let Some(Value::String(reference)) = map.get_mut("$ref")
                    && def_name(reference).is_some_and(|name| directed.contains(&name))
                    && let Some(token) = reference.strip_prefix("#/$defs/")
                {
                    *reference = format!("#/$defs/{}{token}", direction.prefix());
                }
                stack.extend(map.values_mut());
            }
            Value::Array(items) => stack.extend(items.iter_mut()),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn read_only_fields_may_be_missing_from_requests_only() {
        let mut schema = json!({
            "$defs": { "Pet": {
                "type": "object",
                "properties": { "id": { "readOnly": true }, "secret": { "writeOnly": true }, "name": {} },
                "required": ["id", "secret", "name"],
            } },
            "properties": { "e0": { "$ref": "#/$defs/Pet" }, "e1": { "$ref": "#/$defs/Pet" } },
        });
        apply(&mut schema, &[Direction::ToApi, Direction::FromApi]);
        assert_eq!(schema["properties"]["e0"]["$ref"], "#/$defs/to-api:Pet");
        assert_eq!(schema["properties"]["e1"]["$ref"], "#/$defs/from-api:Pet");
        assert_eq!(
            schema["$defs"]["to-api:Pet"]["required"],
            json!(["secret", "name"])
        );
        assert_eq!(
            schema["$defs"]["from-api:Pet"]["required"],
            json!(["id", "name"])
        );
    }

    #[test]
    fn only_models_that_depend_on_the_direction_are_copied() {
        let mut schema = json!({
            "$defs": {
                "Pet": { "properties": { "id": { "readOnly": true } }, "required": ["id"] },
                "a/b~c": { "properties": { "pet": { "$ref": "#/$defs/Pet" } } },
                "Owner": { "properties": { "pets": { "items": { "$ref": "#/$defs/a~1b~0c" } } } },
                "Tag": { "properties": { "name": {} }, "required": ["name"] },
            },
            "properties": {
                "e0": { "$ref": "#/$defs/Owner" },
                "e1": { "properties": { "tag": { "$ref": "#/$defs/Tag" } } },
            },
        });
        apply(&mut schema, &[Direction::ToApi, Direction::FromApi]);
        let defs: Vec<&str> = schema["$defs"]
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(
            defs,
            [
                "to-api:Pet",
                "from-api:Pet",
                "to-api:a/b~c",
                "from-api:a/b~c",
                "to-api:Owner",
                "from-api:Owner",
                "Tag"
            ]
        );
        assert_eq!(schema["properties"]["e0"]["$ref"], "#/$defs/to-api:Owner");
        assert_eq!(
            schema["$defs"]["from-api:Owner"]["properties"]["pets"]["items"]["$ref"],
            "#/$defs/from-api:a~1b~0c"
        );
        assert_eq!(
            schema["properties"]["e1"]["properties"]["tag"]["$ref"],
            "#/$defs/Tag"
        );
        assert_eq!(def_name("#/$defs/a%20b~1c").as_deref(), Some("a b/c"));
    }

    #[test]
    fn schemas_without_access_keywords_stay_as_they_are() {
        let before = json!({ "$defs": { "A": { "required": ["x"] } }, "properties": { "e0": { "$ref": "#/$defs/A" } } });
        let mut schema = before.clone();
        apply(&mut schema, &[Direction::ToApi]);
        assert_eq!(schema, before);
    }

    #[test]
    fn directions_follow_the_carrier() {
        let endpoint = SpecPath::root().key("endpoints").key("e");
        assert_eq!(
            Direction::of(&endpoint.key("request").key("example")),
            Direction::ToApi
        );
        assert_eq!(
            Direction::of(&endpoint.key("responses").key("200").key("example")),
            Direction::FromApi
        );
        let callback = endpoint.key("callbacks").key("done");
        assert_eq!(Direction::of(&callback.key("example")), Direction::FromApi);
        assert_eq!(
            Direction::of(&callback.key("responses").key("200").key("example")),
            Direction::ToApi
        );
        let webhook = SpecPath::root().key("webhooks").key("order.paid");
        assert_eq!(Direction::of(&webhook.key("example")), Direction::FromApi);
        assert_eq!(
            Direction::of(&webhook.key("responses").key("200").key("example")),
            Direction::ToApi
        );
    }
}
