//! Where rules look: the spec path of an item, and every declared field of a spec with its
//! path.

use crate::diagnostic::SpecPath;
use crate::spec::{Field, FieldType, Fields, Spec};

/// `endpoints.<id>` and friends.
pub(super) fn item(section: &str, id: &str) -> SpecPath {
    SpecPath::root().key(section).key(id)
}

/// Visits every declared field of the spec, nested ones included, with its path: model
/// fields, request parameters and headers, response headers, and bodies and webhook payloads
/// (a body written as a mapping of fields field by field, any other body as one field).
pub(super) fn each_field<'s>(spec: &'s Spec, visit: &mut impl FnMut(&'s Field, &SpecPath)) {
    let fields = |fields: &'s Fields, path: &SpecPath, visit: &mut _| {
        for (name, field) in fields {
            visit_field(field, &path.key(name), visit);
        }
    };
    let body = |body: &'s Option<Field>, path: &SpecPath, visit: &mut _| match body {
        Some(Field {
            ty: FieldType::Object(children),
            schema: None,
            ..
        }) => {
            for (name, field) in children {
                visit_field(field, &path.key(name), visit);
            }
        }
        Some(body) => visit_field(body, path, visit),
        None => {}
    };
    for (name, model) in &spec.models {
        fields(&model.fields, &item("models", name).key("fields"), visit);
    }
    for (id, endpoint) in &spec.endpoints {
        let path = item("endpoints", id);
        if let Some(request) = &endpoint.request {
            let path = path.key("request");
            fields(&request.path_params, &path.key("path_params"), visit);
            fields(&request.query, &path.key("query"), visit);
            fields(&request.headers, &path.key("headers"), visit);
            body(&request.body, &path.key("body"), visit);
        }
        for (status, response) in &endpoint.responses {
            let path = path.key("responses").key(&status.to_string());
            fields(&response.headers, &path.key("headers"), visit);
            body(&response.body, &path.key("body"), visit);
        }
    }
    for (event, webhook) in &spec.webhooks {
        let path = item("webhooks", event);
        fields(&webhook.headers, &path.key("headers"), visit);
        body(&webhook.payload, &path.key("payload"), visit);
    }
}

/// Visits `field`, then the fields declared inside it (an object's, or an array's or map's
/// object items), at `properties.NAME` when the field is written as JSON Schema.
fn visit_field<'s>(
    field: &'s Field,
    path: &SpecPath,
    visit: &mut impl FnMut(&'s Field, &SpecPath),
) {
    visit(field, path);
    let children = match &field.ty {
        FieldType::Object(fields) => Some(fields),
        FieldType::Array(item) | FieldType::Map(item) => match item.as_ref() {
            FieldType::Object(fields) => Some(fields),
            _ => None,
        },
        _ => None,
    };
    for (name, child) in children.into_iter().flatten() {
        let child_path = match field.schema {
            Some(_) => path.key("properties").key(name),
            None => path.key(name),
        };
        visit_field(child, &child_path, visit);
    }
}
