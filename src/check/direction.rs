//! `readOnly` and `writeOnly` by direction: a read-only field is required of what the API
//! sends (responses, webhooks, callbacks) and may be missing from what clients send; a
//! write-only field the other way round. So a spec whose fields say either is checked with
//! two copies of its models, one per direction.

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
/// models in `$defs` for their direction, when any field is read-only or write-only.
pub(super) fn apply(schema: &mut Value, directions: &[Direction]) {
    if !mentions_access(schema) {
        return;
    }
    let Some(root) = schema.as_object_mut() else {
        return;
    };
    if let Some(Value::Object(defs)) = root.get_mut("$defs") {
        let mut directed = Map::new();
        for (name, def) in std::mem::take(defs) {
            let mut to_api = def.clone();
            rewrite(&mut to_api, Direction::ToApi);
            directed.insert(format!("{}{name}", Direction::ToApi.prefix()), to_api);
            let mut from_api = def;
            rewrite(&mut from_api, Direction::FromApi);
            directed.insert(format!("{}{name}", Direction::FromApi.prefix()), from_api);
        }
        *defs = directed;
    }
    if let Some(Value::Object(properties)) = root.get_mut("properties") {
        for (example, direction) in properties.values_mut().zip(directions) {
            rewrite(example, *direction);
        }
    }
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
/// every model reference at the model's copy for `direction`.
fn rewrite(value: &mut Value, direction: Direction) {
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
                    && let Some(name) = reference.strip_prefix("#/$defs/")
                {
                    *reference = format!("#/$defs/{}{name}", direction.prefix());
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
