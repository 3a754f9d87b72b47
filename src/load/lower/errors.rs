//! The error catalogue and the conventional error body (`conventions.errors`), with the
//! tables of their keys.

use serde_json::Value;

use super::keys::{Key, Shape};
use super::readers::{Lower, scalar_text};
use crate::diagnostic::{Code, Diagnostic, SpecPath};
use crate::spec::*;

impl Lower {
    /// The keys of an error code.
    pub(super) const ERROR_CODE: &[Key] = &[
        Key::required(
            "http_status",
            Shape::StatusCode,
            "The HTTP status the error comes with",
        ),
        Key::required("message", Shape::Text, "What the client sees"),
        Key::optional("retry", Shape::Text, "Whether and how to retry"),
        Key::optional("resolution", Shape::Text, "What to do about it"),
        Key::optional(
            "headers",
            Shape::MapOf(&Shape::Text),
            "Header names to an example value sent with the error",
        ),
        Key::optional(
            "description",
            Shape::Text,
            "More text, shown after the message",
        ),
        Key::optional(
            "type",
            Shape::Text,
            "A URL that identifies the kind of problem, as problem+json's `type`",
        ),
        Key::optional(
            "body",
            Shape::Body,
            "Fields its body has beyond the conventional error body",
        ),
        Key::optional("example", Shape::Any, "A sample error body"),
    ];

    pub(super) fn error_code(
        &mut self,
        _code: &str,
        value: &Value,
        path: &SpecPath,
    ) -> Option<ErrorCode> {
        let obj = self.object(value, path, "an error code", Self::ERROR_CODE)?;
        let http_status = self
            .required(&obj, "http_status", "an error code")
            .and_then(|status| self.status_code(status, &obj.at("http_status")));
        let message = self.required_text(&obj, "message", "an error code");
        Some(ErrorCode {
            http_status: http_status?,
            message: message?,
            retry: self.text(&obj, "retry"),
            resolution: self.text(&obj, "resolution"),
            headers: self.text_map(&obj, "headers"),
            description: self.text(&obj, "description"),
            type_url: self.text(&obj, "type"),
            body: self.optional(&obj, "body", Self::body),
            example: obj.get("example").cloned(),
        })
    }

    /// The keys of `conventions.errors`.
    pub(super) const ERROR_CONVENTION: &[Key] = &[
        Key::optional(
            "content_type",
            Shape::Text,
            "Media type of error bodies, e.g. application/problem+json; application/json when absent",
        ),
        Key::optional(
            "body",
            Shape::Body,
            "The error body: a model name or a mapping of fields",
        ),
        Key::optional(
            "members",
            Shape::MapOf(&Shape::Keyword(&["code", "type", "message", "http_status"])),
            "Body fields to what of the error each carries: code, type, message or http_status",
        ),
        Key::optional("description", Shape::Text, "More about error bodies"),
    ];

    pub(super) fn error_convention(
        &mut self,
        value: &Value,
        path: &SpecPath,
    ) -> Option<ErrorConvention> {
        let obj = self.object(value, path, "`errors`", Self::ERROR_CONVENTION)?;
        let mut members = indexmap::IndexMap::new();
        if let Some(value) = obj.get("members") {
            let members_path = obj.at("members");
            match value.as_object() {
                Some(map) => {
                    let choices = [
                        ("code", ErrorMember::Code),
                        ("type", ErrorMember::Type),
                        ("message", ErrorMember::Message),
                        ("http_status", ErrorMember::HttpStatus),
                    ];
                    for (field, carried) in map {
                        let at = members_path.key(field);
                        let found = scalar_text(carried).and_then(|text| {
                            let wanted = text.trim().to_ascii_lowercase();
                            choices.iter().find(|(name, _)| *name == wanted)
                        });
                        match found {
                            Some((_, member)) => {
                                members.insert(field.clone(), *member);
                            }
                            None => {
                                let shown = super::readers::display_scalar(carried);
                                let names: Vec<&str> =
                                    choices.iter().map(|(name, _)| *name).collect();
                                let help =
                                    crate::diagnostic::suggest(&shown, names.iter().copied())
                                        .unwrap_or_else(|| {
                                            format!("use one of: {}", names.join(", "))
                                        });
                                self.diags.push(
                                    Diagnostic::error(
                                        Code::InvalidValue,
                                        format!("`{shown}` is not something an error carries"),
                                    )
                                    .at(&at)
                                    .with_help(help),
                                );
                            }
                        }
                    }
                }
                None => self.wrong_type(
                    value,
                    &members_path,
                    "a mapping of body fields to what each carries",
                ),
            }
        }
        Some(ErrorConvention {
            content_type: self.text(&obj, "content_type"),
            body: self.optional(&obj, "body", Self::body),
            members,
            description: self.text(&obj, "description"),
        })
    }
}
