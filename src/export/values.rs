//! Small writers the parts of a document share.

use serde_json::{Map, Value};

use super::schema;
use crate::spec::Sla;

/// A service level: its text, or its targets.
pub(super) fn sla_value(sla: &Sla) -> Value {
    match sla {
        Sla::Text(text) => text.clone().into(),
        Sla::Targets(targets) => {
            let mut out = Map::new();
            put(&mut out, "uptime", targets.uptime.as_deref());
            for (key, value) in [
                ("p50_ms", targets.p50_ms),
                ("p95_ms", targets.p95_ms),
                ("p99_ms", targets.p99_ms),
            ] {
                if let Some(value) = value {
                    out.insert(key.into(), schema::number(value));
                }
            }
            put(&mut out, "support", targets.support.as_deref());
            Value::Object(out)
        }
    }
}

/// A mapping of texts as a JSON object.
pub(super) fn text_map(map: &indexmap::IndexMap<String, String>) -> Value {
    Value::Object(
        map.iter()
            .map(|(key, value)| (key.clone(), value.clone().into()))
            .collect(),
    )
}

/// Sets `key` when there is a value.
pub(super) fn put(map: &mut Map<String, Value>, key: &str, value: Option<&str>) {
    if let Some(value) = value {
        map.insert(key.into(), value.into());
    }
}
