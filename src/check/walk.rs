//! Where rules look: the spec path of an item, every declared field of a spec with its
//! path, and every text the output shows as prose (the markdown subset of the format
//! reference) with its path.

use crate::diagnostic::SpecPath;
use crate::spec::{Field, FieldType, Fields, Sla, Spec};

/// `endpoints.<id>` and friends.
pub(super) fn item(section: &str, id: &str) -> SpecPath {
    SpecPath::root().key(section).key(id)
}

/// Visits every declared field of the spec, nested ones included, with its path: model
/// fields and what models accept beyond them, request parameters and headers, response
/// headers, bodies and webhook payloads, and error bodies (the conventional one and the
/// catalogue's own); a body written as a mapping of fields field by field, any other body as
/// one field.
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
        let path = item("models", name);
        fields(&model.fields, &path.key("fields"), visit);
        if let Some(extra) = &model.additional_fields {
            visit_field(extra, &path.key("additional_fields"), visit);
        }
    }
    if let Some(convention) = spec.conventions.as_ref().and_then(|c| c.errors.as_ref()) {
        let path = SpecPath::root()
            .key("conventions")
            .key("errors")
            .key("body");
        body(&convention.body, &path, visit);
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
    for (code, error) in &spec.errors {
        body(&error.body, &item("errors", code).key("body"), visit);
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
    // The entries of `oneOf`, `anyOf` and `allOf` are fields of their own; in the shorthand
    // they are types alone, with nothing inside to visit.
    if let Some(schema) = &field.schema {
        let choice = ["oneOf", "anyOf"]
            .into_iter()
            .find(|key| schema.get(key).is_some());
        let variants = |union: &'s crate::spec::Union, visit: &mut _| {
            for (idx, variant) in union.variants.iter().enumerate() {
                visit_field(
                    variant,
                    &path.key(choice.unwrap_or("oneOf")).index(idx),
                    visit,
                );
            }
        };
        match &field.ty {
            FieldType::Union(union) => {
                variants(union, visit);
                return;
            }
            // The parts are the object of the field's own `properties`, `allOf`'s entries,
            // then the field's own choice, each when written.
            FieldType::AllOf(parts) => {
                let mut parts = parts.as_slice();
                if schema.get("properties").is_some()
                    && let Some((own, rest)) = parts.split_first()
                {
                    if let FieldType::Object(children) = &own.ty {
                        for (name, child) in children {
                            visit_field(child, &path.key("properties").key(name), visit);
                        }
                    }
                    parts = rest;
                }
                if choice.is_some()
                    && let Some((own, rest)) = parts.split_last()
                {
                    if let FieldType::Union(union) = &own.ty {
                        variants(union, visit);
                    }
                    parts = rest;
                }
                for (idx, part) in parts.iter().enumerate() {
                    visit_field(part, &path.key("allOf").index(idx), visit);
                }
                return;
            }
            _ => {}
        }
    }
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

/// Visits every text the renderer reads as prose, with its path: descriptions everywhere,
/// summaries, purpose and architecture, scope items, environment details, retries and
/// resolutions, webhook signatures and retries, test steps, rollback steps, changelog
/// changes and the like. The renderer's sections call `prose` or `prose_line` on exactly
/// these; names, values and diagram labels are not prose.
pub(super) fn each_prose<'s>(spec: &'s Spec, visit: &mut impl FnMut(&'s str, &SpecPath)) {
    fn one<'s>(
        value: &'s Option<String>,
        path: &SpecPath,
        visit: &mut impl FnMut(&'s str, &SpecPath),
    ) {
        if let Some(value) = value {
            visit(value, path);
        }
    }
    fn list<'s>(values: &'s [String], path: &SpecPath, visit: &mut impl FnMut(&'s str, &SpecPath)) {
        for (idx, value) in values.iter().enumerate() {
            visit(value, &path.index(idx));
        }
    }
    let root = SpecPath::root();

    let info = root.key("info");
    one(&spec.info.summary, &info.key("summary"), visit);
    one(&spec.info.description, &info.key("description"), visit);
    if let Some(contact) = &spec.info.contact {
        one(
            &contact.escalation,
            &info.key("contact").key("escalation"),
            visit,
        );
    }
    if let Some(overview) = &spec.overview {
        let path = root.key("overview");
        one(&overview.purpose, &path.key("purpose"), visit);
        one(&overview.architecture, &path.key("architecture"), visit);
        if let Some(scope) = &overview.scope {
            list(&scope.included, &path.key("scope").key("in"), visit);
            list(&scope.excluded, &path.key("scope").key("out"), visit);
        }
        for (idx, system) in overview.systems.iter().enumerate() {
            one(
                &system.description,
                &path.key("systems").index(idx).key("description"),
                visit,
            );
        }
    }
    if let Some(auth) = &spec.authentication {
        let path = root.key("authentication");
        one(&auth.description, &path.key("description"), visit);
        for (scope, meaning) in &auth.scopes {
            visit(meaning, &path.key("scopes").key(scope));
        }
    }
    for (name, env) in &spec.environments {
        let path = item("environments", name);
        one(&env.description, &path.key("description"), visit);
        one(&env.credentials, &path.key("credentials"), visit);
        one(&env.rate_limits, &path.key("rate_limits"), visit);
        one(&env.data_persistence, &path.key("data_persistence"), visit);
        one(
            &env.maintenance_window,
            &path.key("maintenance_window"),
            visit,
        );
        match &env.sla {
            Some(Sla::Text(value)) => visit(value, &path.key("sla")),
            Some(Sla::Targets(targets)) => {
                one(&targets.support, &path.key("sla").key("support"), visit);
            }
            None => {}
        }
    }
    if let Some(conventions) = &spec.conventions {
        let path = root.key("conventions");
        if let Some(versioning) = &conventions.versioning {
            one(
                &versioning.description,
                &path.key("versioning").key("description"),
                visit,
            );
        }
        if let Some(idempotency) = &conventions.idempotency {
            one(
                &idempotency.description,
                &path.key("idempotency").key("description"),
                visit,
            );
        }
        if let Some(pagination) = &conventions.pagination {
            one(
                &pagination.description,
                &path.key("pagination").key("description"),
                visit,
            );
        }
        if let Some(filtering) = &conventions.filtering {
            one(
                &filtering.description,
                &path.key("filtering").key("description"),
                visit,
            );
        }
        if let Some(errors) = &conventions.errors {
            one(
                &errors.description,
                &path.key("errors").key("description"),
                visit,
            );
        }
        one(
            &conventions.change_notification,
            &path.key("change_notification"),
            visit,
        );
    }
    for (name, model) in &spec.models {
        one(
            &model.description,
            &item("models", name).key("description"),
            visit,
        );
    }
    each_field(spec, &mut |field, path| {
        if let Some(description) = &field.description {
            // A shorthand's description is part of its one string.
            match field.schema {
                Some(_) => visit(description, &path.key("description")),
                None => visit(description, path),
            }
        }
    });
    for (id, endpoint) in &spec.endpoints {
        let path = item("endpoints", id);
        one(&endpoint.summary, &path.key("summary"), visit);
        one(&endpoint.description, &path.key("description"), visit);
        if let Some(deprecation) = &endpoint.deprecated {
            one(
                &deprecation.note,
                &path.key("deprecated").key("note"),
                visit,
            );
        }
        for (status, response) in &endpoint.responses {
            let path = path.key("responses").key(&status.to_string());
            one(&response.description, &path.key("description"), visit);
        }
    }
    for (code, error) in &spec.errors {
        let path = item("errors", code);
        one(&error.description, &path.key("description"), visit);
        one(&error.retry, &path.key("retry"), visit);
        one(&error.resolution, &path.key("resolution"), visit);
    }
    if let Some(limits) = &spec.rate_limits {
        one(
            &limits.description,
            &root.key("rate_limits").key("description"),
            visit,
        );
    }
    for (id, flow) in &spec.flows {
        one(
            &flow.description,
            &item("flows", id).key("description"),
            visit,
        );
    }
    for (event, webhook) in &spec.webhooks {
        let path = item("webhooks", event);
        one(&webhook.description, &path.key("description"), visit);
        one(&webhook.signature, &path.key("signature"), visit);
        one(&webhook.retries, &path.key("retries"), visit);
    }
    for (id, test) in &spec.tests {
        let path = item("tests", id);
        one(&test.description, &path.key("description"), visit);
        list(&test.preconditions, &path.key("preconditions"), visit);
        one(&test.modification, &path.key("modification"), visit);
        if let Some(expect) = &test.expect {
            list(&expect.outcomes, &path.key("expect").key("outcomes"), visit);
            for (idx, item) in expect.items.iter().enumerate() {
                let at = path.key("expect").key("items").index(idx);
                list(&item.outcomes, &at.key("outcomes"), visit);
            }
        }
        list(&test.verify, &path.key("verify"), visit);
    }
    if let Some(monitoring) = &spec.monitoring {
        one(
            &monitoring.health_check,
            &root.key("monitoring").key("health_check"),
            visit,
        );
    }
    if let Some(rollback) = &spec.rollback {
        let path = root.key("rollback");
        list(&rollback.triggers, &path.key("triggers"), visit);
        list(&rollback.procedure, &path.key("procedure"), visit);
        one(&rollback.data, &path.key("data"), visit);
    }
    for (idx, entry) in spec.changelog.iter().enumerate() {
        list(
            &entry.changes,
            &root.key("changelog").index(idx).key("changes"),
            visit,
        );
    }
}
