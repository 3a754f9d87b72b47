//! Error bodies: each error's body is the conventional one with the error's own fields, and
//! the members the convention says carry the error's code, type, message or status name
//! fields of that body and, in examples, hold those values.

use serde_json::Value;

use super::walk::item;
use crate::diagnostic::{Code, Diagnostic, SpecPath, did_you_mean};
use crate::spec::{Endpoint, ErrorCode, Field, FieldType, ResponseStatus, Spec, model_fields};

/// The bodies errors come with: each error's, and the conventional one open to the fields
/// that some errors add.
pub(super) struct Bodies {
    /// Per error of the catalogue, in its order: the conventional error body with the
    /// error's own fields, either alone, or nothing.
    pub(super) of_error: Vec<Option<Field>>,
    /// The conventional error body, accepting fields beyond its own.
    open: Option<Field>,
}

pub(super) fn bodies(spec: &Spec) -> Bodies {
    let convention = spec
        .conventions
        .as_ref()
        .and_then(|conventions| conventions.errors.as_ref())
        .and_then(|errors| errors.body.as_ref());
    let all_of = |parts: Vec<Field>| {
        let mut body = Field::of_type(FieldType::AllOf(parts));
        body.required = true;
        body
    };
    let of_error = spec
        .errors
        .values()
        .map(|error| match (convention, &error.body) {
            (Some(shared), Some(own)) => Some(all_of(vec![shared.clone(), own.clone()])),
            (shared, own) => shared.or(own.as_ref()).cloned(),
        })
        .collect();
    // `object` alone is any object: the parts together accept other fields.
    let open = convention.map(|shared| {
        all_of(vec![
            shared.clone(),
            Field::of_type(FieldType::Object(Default::default())),
        ])
    });
    Bodies { of_error, open }
}

/// The body of an error response that declares none, from the errors of the endpoint it
/// answers: the body of the error with fields of its own when it answers that one error
/// alone, the conventional error body when none of them has fields of its own, else the
/// conventional body open to the fields they add.
pub(super) fn of_response<'s>(
    spec: &'s Spec,
    endpoint: &'s Endpoint,
    status: ResponseStatus,
    bodies: &'s Bodies,
) -> Option<&'s Field> {
    let convention = spec
        .conventions
        .as_ref()
        .and_then(|conventions| conventions.errors.as_ref())
        .and_then(|errors| errors.body.as_ref());
    let answered: Vec<&str> = endpoint
        .errors_answered_by(&spec.errors, status)
        .map(|(code, _)| code)
        .collect();
    let own: Vec<&str> = answered
        .iter()
        .copied()
        .filter(|code| {
            spec.errors
                .get(*code)
                .is_some_and(|error| error.body.is_some())
        })
        .collect();
    match own.as_slice() {
        [] => convention,
        [code] if answered.len() == 1 => bodies
            .of_error
            .get(spec.errors.get_index_of(*code)?)?
            .as_ref(),
        _ => bodies.open.as_ref(),
    }
}

/// The members of an error's example that the convention says carry the error's code, type
/// URL, message or status hold them.
pub(super) fn members_agree(
    spec: &Spec,
    code: &str,
    error: &ErrorCode,
    example: &Value,
    diags: &mut Vec<Diagnostic>,
) {
    use crate::spec::ErrorMember;
    let Some(convention) = spec.conventions.as_ref().and_then(|c| c.errors.as_ref()) else {
        return;
    };
    for (field, member) in &convention.members {
        let Some(value) = example.get(field) else {
            continue;
        };
        let expected = match member {
            ErrorMember::Code => Value::from(code),
            ErrorMember::Type => match &error.type_url {
                Some(url) => Value::from(url.as_str()),
                None => continue,
            },
            ErrorMember::Message => Value::from(error.message.as_str()),
            ErrorMember::HttpStatus => Value::from(error.http_status),
        };
        let same = match (value, &expected) {
            (Value::Number(found), Value::Number(wanted)) => found.as_f64() == wanted.as_f64(),
            (found, wanted) => found == wanted,
        };
        if !same {
            diags.push(
                Diagnostic::error(
                    Code::InvalidExample,
                    format!(
                        "the example of error `{code}` at `{field}`: {} is not the error's `{}`, {}",
                        value,
                        member.as_str(),
                        expected
                    ),
                )
                .at(&item("errors", code).key("example").key(field))
                .with_help(format!(
                    "`conventions.errors.members` says `{field}` carries the error's `{}`: write {expected}",
                    member.as_str()
                )),
            );
        }
    }
}

/// The members of the conventional error body name its fields.
pub(super) fn members_exist(spec: &Spec, diags: &mut Vec<Diagnostic>) {
    let Some(convention) = spec.conventions.as_ref().and_then(|c| c.errors.as_ref()) else {
        return;
    };
    let Some(body) = &convention.body else {
        if let Some(field) = convention.members.keys().next() {
            diags.push(
                Diagnostic::error(
                    Code::UnresolvedReference,
                    format!("`members` names `{field}`, but there is no error `body` to hold it"),
                )
                .at(&SpecPath::root()
                    .key("conventions")
                    .key("errors")
                    .key("members"))
                .with_help("declare the error body under `conventions.errors.body`"),
            );
        }
        return;
    };
    let (fields, what): (Vec<&str>, String) = match &body.ty {
        FieldType::Object(fields) => (
            fields.keys().map(String::as_str).collect(),
            "the error body".to_owned(),
        ),
        FieldType::Model(name) if spec.models.get(name).is_some_and(|m| m.variants.is_none()) => (
            model_fields(&spec.models, name)
                .iter()
                .map(|field| field.name)
                .collect(),
            format!("the error body `{name}`"),
        ),
        _ => return,
    };
    for field in convention.members.keys() {
        if !fields.contains(&field.as_str()) {
            let help = match did_you_mean(field, fields.iter().copied()) {
                Some(close) => format!("did you mean `{close}`?"),
                None => format!("its fields are: {}", fields.join(", ")),
            };
            diags.push(
                Diagnostic::error(
                    Code::UnresolvedReference,
                    format!("`members` names `{field}`, which is not a field of {what}"),
                )
                .at(&SpecPath::root()
                    .key("conventions")
                    .key("errors")
                    .key("members")
                    .key(field))
                .with_help(help),
            );
        }
    }
}
