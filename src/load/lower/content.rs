//! Bodies in media types: the single form (`content_type`, the body, `example`, `examples`
//! and `encoding` beside the other keys of a request, response, webhook or callback), the
//! `content` map of several media types, named examples and the encoding of multipart parts,
//! with the tables of their keys.

use indexmap::IndexMap;
use serde_json::Value;

use super::keys::{Key, Shape};
use super::readers::{Lower, Obj};
use crate::diagnostic::{Code, Diagnostic, SpecPath};
use crate::spec::content::{JSON, is_media_type, media_kind};
use crate::spec::*;

impl Lower {
    /// `content_type` beside a body.
    pub(super) const CONTENT_TYPE: Key = Key::optional(
        "content_type",
        Shape::Text,
        "Media type of the body; application/json when absent",
    );
    /// The body of a request or response.
    pub(super) const BODY: Key = Key::optional(
        "body",
        Shape::Body,
        "The body: a type in the shorthand or a mapping of fields",
    );
    /// The body of a webhook or callback.
    pub(super) const PAYLOAD: Key = Key::optional(
        "payload",
        Shape::Body,
        "What is sent: a type in the shorthand or a mapping of fields",
    );
    /// A sample body.
    pub(super) const EXAMPLE: Key = Key::optional("example", Shape::Any, "A sample body");
    /// Named sample bodies.
    pub(super) const EXAMPLES: Key = Key::optional(
        "examples",
        Shape::MapOf(&Shape::Mapping(Self::NAMED_EXAMPLE)),
        "Named sample bodies, each checked like `example`",
    );
    /// The encoding of multipart parts.
    pub(super) const ENCODING: Key = Key::optional(
        "encoding",
        Shape::MapOf(&Shape::Mapping(Self::PART_ENCODING)),
        "How each part of a multipart body is sent, by part name",
    );
    /// The `content` map of a request or response.
    pub(super) const CONTENT: Key = Key::optional(
        "content",
        Shape::MapOf(&Shape::OneOf(&[
            Shape::Shorthand,
            Shape::Null,
            Shape::Mapping(Self::MEDIA_TYPE),
        ])),
        "The body in each of several media types, by media type",
    );
    /// The `content` map of a webhook or callback.
    pub(super) const CONTENT_OF_PAYLOAD: Key = Key::optional(
        "content",
        Shape::MapOf(&Shape::OneOf(&[
            Shape::Shorthand,
            Shape::Null,
            Shape::Mapping(Self::MEDIA_TYPE_OF_PAYLOAD),
        ])),
        "The payload in each of several media types, by media type",
    );

    /// The keys of one media type of a request's or response's `content`.
    pub(super) const MEDIA_TYPE: &[Key] =
        &[Self::BODY, Self::EXAMPLE, Self::EXAMPLES, Self::ENCODING];

    /// The keys of one media type of a webhook's or callback's `content`.
    pub(super) const MEDIA_TYPE_OF_PAYLOAD: &[Key] =
        &[Self::PAYLOAD, Self::EXAMPLE, Self::EXAMPLES, Self::ENCODING];

    /// The body of a request, response, webhook or callback (`obj`), whose body is under
    /// `body_key`: the single form, or a `content` map. `None` when it says nothing of one.
    pub(super) fn content(&mut self, obj: &Obj<'_>, body_key: &str) -> Option<Content> {
        let single = ["content_type", body_key, "example", "examples", "encoding"];
        if let Some(map) = obj.get("content") {
            for key in single.into_iter().filter(|key| obj.get(key).is_some()) {
                self.diags.push(
                    Diagnostic::error(
                        Code::InvalidValue,
                        format!("`{key}` beside `content`: `content` gives the body of each media type"),
                    )
                    .at(&obj.at(key))
                    .with_help(format!(
                        "move `{key}` into the entry of its media type under `content`, or write the body without `content`"
                    )),
                );
            }
            return self.content_map(map, &obj.at("content"), body_key);
        }
        if single.iter().all(|key| obj.get(key).is_none()) {
            return None;
        }
        // Several media types are a `content` map, not a list.
        if let Some(Value::Array(list)) = obj.get("content_type") {
            let entries: Vec<String> = list
                .iter()
                .filter_map(Value::as_str)
                .map(|media_type| format!("{media_type}: ..."))
                .collect();
            self.diags.push(
                Diagnostic::error(
                    Code::InvalidType,
                    "`content_type` names one media type; a body in several is written under `content`",
                )
                .at(&obj.at("content_type"))
                .with_help(format!(
                    "write `content: {{ {} }}`, each entry the body in that media type",
                    if entries.is_empty() { "application/json: ...".to_owned() } else { entries.join(", ") }
                )),
            );
            return None;
        }
        let written = self.text(obj, "content_type");
        let media_type = match &written {
            Some(text) => {
                if !is_media_type(text) {
                    self.not_a_media_type(text, &obj.at("content_type"));
                }
                text.trim().to_owned()
            }
            None => JSON.to_owned(),
        };
        let media = self.media_type(obj, body_key, &media_type);
        Some(Content::single(&media_type, media, written.is_some()))
    }

    fn content_map(&mut self, value: &Value, path: &SpecPath, body_key: &str) -> Option<Content> {
        let Some(map) = value.as_object() else {
            self.wrong_type(value, path, "a mapping of media types to bodies");
            return None;
        };
        if map.is_empty() {
            self.diags.push(
                Diagnostic::error(Code::InvalidValue, "`content` names no media type")
                    .at(path)
                    .with_help("name each media type the body is sent in, e.g. `application/json: Order`, or remove `content`"),
            );
            return None;
        }
        let table = if body_key == "body" {
            Self::MEDIA_TYPE
        } else {
            Self::MEDIA_TYPE_OF_PAYLOAD
        };
        let mut media_types = IndexMap::new();
        let mut seen: Vec<(String, &String)> = Vec::new();
        for (media_type, entry) in map {
            let entry_path = path.key(media_type);
            let same = media_type.to_ascii_lowercase().replace(' ', "");
            if !is_media_type(media_type) {
                self.not_a_media_type(media_type, &entry_path);
            } else if let Some((_, first)) = seen.iter().find(|(seen, _)| *seen == same) {
                self.diags.push(
                    Diagnostic::error(
                        Code::DuplicateId,
                        format!("`{first}` and `{media_type}` are the same media type"),
                    )
                    .at(&entry_path)
                    .with_label(&path.key(first), "first declared here")
                    .with_help("media types are the same in any case; merge the two entries"),
                );
            }
            seen.push((same, media_type));
            let media = match entry {
                Value::Null => MediaType::default(),
                Value::String(_) => {
                    let media = MediaType {
                        schema: self.body(entry, &entry_path),
                        type_only: true,
                        ..MediaType::default()
                    };
                    self.media_rules(&media, media_type, &entry_path, None);
                    media
                }
                Value::Object(_) => {
                    let what = format!("the `{media_type}` entry of `content`");
                    let Some(obj) = self.object(entry, &entry_path, &what, table) else {
                        continue;
                    };
                    self.media_type(&obj, body_key, media_type)
                }
                other => {
                    self.wrong_type(
                        other,
                        &entry_path,
                        &format!(
                            "a type such as `string`, or a mapping with `{body_key}` and `example`"
                        ),
                    );
                    continue;
                }
            };
            media_types.insert(media_type.clone(), media);
        }
        (!media_types.is_empty()).then_some(Content {
            media_types,
            form: ContentForm::Map,
        })
    }

    /// The body, examples and encoding under `obj`, in `media_type`.
    fn media_type(&mut self, obj: &Obj<'_>, body_key: &str, media_type: &str) -> MediaType {
        let media = MediaType {
            schema: self.optional(obj, body_key, Self::body),
            example: obj.get("example").cloned(),
            examples: self.examples(obj),
            encoding: self.encoding(obj),
            type_only: false,
        };
        let encoding_at = obj.get("encoding").map(|_| obj.at("encoding"));
        let body_at = obj
            .map
            .get(body_key)
            .map_or_else(|| obj.path.clone(), |_| obj.at(body_key));
        self.media_rules(&media, media_type, &body_at, encoding_at.as_ref());
        media
    }

    /// What a media type asks of its body: parts (fields) for multipart and form bodies, and
    /// `encoding` only where there are parts.
    fn media_rules(
        &mut self,
        media: &MediaType,
        media_type: &str,
        body_at: &SpecPath,
        encoding_at: Option<&SpecPath>,
    ) {
        let kind = media_kind(media_type);
        if let Some(encoding_at) = encoding_at
            && kind != MediaKind::Multipart
        {
            self.diags.push(
                Diagnostic::error(
                    Code::InvalidValue,
                    format!("`encoding` is for the parts of a multipart body, and `{media_type}` has none"),
                )
                .at(encoding_at)
                .with_help("remove `encoding`, or send the body as `multipart/form-data`"),
            );
        }
        let has_fields = |ty: &FieldType| {
            matches!(
                ty,
                FieldType::Object(_) | FieldType::Model(_) | FieldType::Map(_) | FieldType::Any
            )
        };
        if let Some(schema) = &media.schema
            && matches!(kind, MediaKind::Multipart | MediaKind::Form)
            && !has_fields(&schema.ty)
        {
            self.diags.push(
                Diagnostic::error(
                    Code::InvalidValue,
                    format!(
                        "a `{media_type}` body is sent as fields, one part each, so it cannot be `{}`",
                        schema.ty.shorthand()
                    ),
                )
                .at(body_at)
                .with_help("declare the parts as fields (`document: binary (required)`), or name a model"),
            );
        }
    }

    /// The keys of a named example.
    pub(super) const NAMED_EXAMPLE: &[Key] = &[
        Key::optional("summary", Shape::Text, "One line about the example"),
        Key::optional("description", Shape::Text, "Longer text about the example"),
        Key::required("value", Shape::Any, "The sample itself"),
    ];

    fn examples(&mut self, obj: &Obj<'_>) -> IndexMap<String, Example> {
        let mut res = IndexMap::new();
        let Some(value) = obj.get("examples") else {
            return res;
        };
        let path = obj.at("examples");
        let Some(map) = value.as_object() else {
            self.wrong_type(value, &path, "a mapping of example names to examples");
            return res;
        };
        for (name, entry) in map {
            let Some(example) = self.object(
                entry,
                &path.key(name),
                "a named example",
                Self::NAMED_EXAMPLE,
            ) else {
                continue;
            };
            let value = self.required(&example, "value", "a named example").cloned();
            let summary = self.text(&example, "summary");
            let description = self.text(&example, "description");
            if let Some(value) = value {
                res.insert(
                    name.clone(),
                    Example {
                        summary,
                        description,
                        value,
                    },
                );
            }
        }
        res
    }

    /// The keys of the encoding of one part of a multipart body.
    pub(super) const PART_ENCODING: &[Key] = &[
        Key::optional(
            "content_type",
            Shape::Text,
            "The part's media type, or several separated by commas",
        ),
        Key::optional("headers", Shape::Fields, "Headers the part carries"),
    ];

    fn encoding(&mut self, obj: &Obj<'_>) -> IndexMap<String, Encoding> {
        let mut res = IndexMap::new();
        let Some(value) = obj.get("encoding") else {
            return res;
        };
        let path = obj.at("encoding");
        let Some(map) = value.as_object() else {
            self.wrong_type(value, &path, "a mapping of part names to how each is sent");
            return res;
        };
        for (part, entry) in map {
            let what = format!("the encoding of part `{part}`");
            let Some(encoding) = self.object(entry, &path.key(part), &what, Self::PART_ENCODING)
            else {
                continue;
            };
            let content_type = self.text(&encoding, "content_type");
            if let Some(text) = &content_type
                && let Some(wrong) = text.split(',').find(|item| !is_media_type(item.trim()))
            {
                self.not_a_media_type(wrong.trim(), &encoding.at("content_type"));
            }
            res.insert(
                part.clone(),
                Encoding {
                    content_type,
                    headers: self.fields(&encoding, "headers"),
                },
            );
        }
        res
    }

    /// Reports `text`, which stands where a media type belongs.
    pub(super) fn not_a_media_type(&mut self, text: &str, path: &SpecPath) {
        let known = [
            ("json", JSON),
            ("xml", "application/xml"),
            ("csv", "text/csv"),
            ("pdf", "application/pdf"),
            ("yaml", "application/yaml"),
            ("text", "text/plain"),
            ("html", "text/html"),
            ("png", "image/png"),
            ("form", "multipart/form-data"),
            ("multipart", "multipart/form-data"),
            ("binary", "application/octet-stream"),
        ];
        let word = text.trim().to_ascii_lowercase();
        let help = match known.iter().find(|(name, _)| *name == word) {
            Some((_, media_type)) => format!("did you mean `{media_type}`?"),
            None => "write `type/subtype`, with parameters after `;` if any: `application/json`, `text/csv; charset=utf-8`, `application/pdf`".to_owned(),
        };
        self.diags.push(
            Diagnostic::error(Code::InvalidValue, format!("`{text}` is not a media type"))
                .at(path)
                .about(text.to_owned())
                .with_help(help),
        );
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::diagnostic::Diagnostic;
    use crate::load::{Format, parse_spec};
    use crate::spec::*;

    fn lower(yaml: &str) -> (Option<Spec>, Vec<Diagnostic>) {
        let text = format!("integration-spec: \"1.0\"\ninfo: {{title: T, version: 1.0.0}}\n{yaml}");
        parse_spec(&text, Format::Yaml)
    }

    fn messages(yaml: &str) -> Vec<String> {
        lower(yaml)
            .1
            .into_iter()
            .map(|diag| {
                let path = diag.path.map(|path| path.to_string()).unwrap_or_default();
                format!("{}: {} at {path}", diag.code, diag.message)
            })
            .collect()
    }

    fn endpoint(yaml: &str) -> Endpoint {
        let (spec, diags) = lower(&format!(
            "endpoints:\n  e:\n    method: POST\n    path: /e\n{yaml}"
        ));
        assert_eq!(diags, [], "{yaml}");
        spec.unwrap().endpoints.swap_remove("e").unwrap()
    }

    #[test]
    fn the_single_form_is_one_media_type() {
        let endpoint = endpoint(
            "    request:\n      body: {a: string}\n      example: {a: x}\n    responses:\n      200:\n        content_type: application/pdf\n        body: binary (max 2 MB)\n",
        );
        let request = endpoint.request.unwrap().content.unwrap();
        assert_eq!(
            request.form,
            ContentForm::Single {
                media_type_written: false
            }
        );
        let (media_type, media) = request.first().unwrap();
        assert_eq!(media_type, "application/json");
        assert_eq!(media.example, Some(json!({"a": "x"})));
        let response = endpoint.responses[&ResponseStatus::Code(200)]
            .content
            .as_ref()
            .unwrap();
        let (media_type, media) = response.first().unwrap();
        assert_eq!(media_type, "application/pdf");
        assert!(media.is_binary());
        assert_eq!(
            media.schema.as_ref().unwrap().constraints.max_size,
            Some(2_000_000)
        );
    }

    #[test]
    fn a_content_map_holds_several_media_types() {
        let endpoint = endpoint(
            "    responses:\n      200:\n        content:\n          application/json:\n            body: {a: string}\n            examples:\n              one: {summary: One, description: The first, value: {a: x}}\n              two: {value: {a: y}}\n          text/csv: string\n          application/pdf:\n",
        );
        let content = endpoint.responses[&ResponseStatus::Code(200)]
            .content
            .clone()
            .unwrap();
        assert_eq!(content.form, ContentForm::Map);
        let keys: Vec<&String> = content.media_types.keys().collect();
        assert_eq!(keys, ["application/json", "text/csv", "application/pdf"]);
        let json = &content.media_types["application/json"];
        let names: Vec<Option<&str>> = json.samples().map(|(name, _)| name).collect();
        assert_eq!(names, [Some("one"), Some("two")]);
        assert_eq!(json.examples["one"].summary.as_deref(), Some("One"));
        let csv = &content.media_types["text/csv"];
        assert!(csv.type_only);
        assert_eq!(csv.schema.as_ref().unwrap().ty, FieldType::String);
        assert_eq!(content.media_types["application/pdf"], MediaType::default());
    }

    #[test]
    fn multipart_parts_have_an_encoding() {
        let endpoint = endpoint(
            "    request:\n      content_type: multipart/form-data\n      body: {file: binary (required), kind: string}\n      encoding:\n        file: {content_type: 'application/pdf, image/png', headers: {X-Checksum: string}}\n",
        );
        let content = endpoint.request.unwrap().content.unwrap();
        let (_, media) = content.first().unwrap();
        let encoding = &media.encoding["file"];
        assert_eq!(
            encoding.content_type.as_deref(),
            Some("application/pdf, image/png")
        );
        assert!(encoding.headers.contains_key("X-Checksum"));
    }

    #[test]
    fn callbacks_have_a_url_a_method_a_payload_and_responses() {
        let endpoint = endpoint(
            "    callbacks:\n      label.ready:\n        url: '{$request.body#/callback_url}'\n        payload: {id: string}\n        example: {id: x}\n        responses:\n          200: Received\n      done:\n        url: '{$request.query.hook}'\n        method: put\n",
        );
        let ready = &endpoint.callbacks["label.ready"];
        assert_eq!(ready.method, Method::Post);
        assert_eq!(ready.url, "{$request.body#/callback_url}");
        assert!(ready.content.is_some());
        assert_eq!(
            ready.responses[&ResponseStatus::Code(200)]
                .description
                .as_deref(),
            Some("Received")
        );
        assert_eq!(endpoint.callbacks["done"].method, Method::Put);
    }

    #[test]
    fn mistakes_in_bodies_and_callbacks_are_reported() {
        let found = messages(
            "endpoints:\n  e:\n    method: POST\n    path: /e\n    request:\n      content_type: json\n      body: string\n      encoding: {a: {content_type: pdf}}\n    responses:\n      200:\n        body: string\n        content: {text/csv: string, Text/CSV: string, 'image png': ~}\n      201:\n        content: {}\n      202:\n        content_type: multipart/form-data\n        body: array of string\n        examples: {a: {summary: no value}}\n    callbacks:\n      c: {url: 'https://x.example/{callback}', method: SEND}\n      d: {method: POST}\n",
        );
        assert_eq!(
            found,
            [
                "invalid-value: `json` is not a media type at endpoints.e.request.content_type",
                "invalid-value: `pdf` is not a media type at endpoints.e.request.encoding.a.content_type",
                "invalid-value: `encoding` is for the parts of a multipart body, and `json` has none at endpoints.e.request.encoding",
                "invalid-value: `body` beside `content`: `content` gives the body of each media type at endpoints.e.responses.200.body",
                "duplicate-id: `text/csv` and `Text/CSV` are the same media type at endpoints.e.responses.200.content.Text/CSV",
                "invalid-value: `image png` is not a media type at endpoints.e.responses.200.content[\"image png\"]",
                "invalid-value: `content` names no media type at endpoints.e.responses.201.content",
                "missing-field: a named example needs `value` at endpoints.e.responses.202.examples.a",
                "invalid-value: a `multipart/form-data` body is sent as fields, one part each, so it cannot be `array of string` at endpoints.e.responses.202.body",
                "invalid-value: invalid callback URL: `{callback}` is not a runtime expression, which starts with `$` at endpoints.e.callbacks.c.url",
                "invalid-http-method: `SEND` is not an HTTP method at endpoints.e.callbacks.c.method",
                "missing-field: a callback needs `url` at endpoints.e.callbacks.d",
            ]
        );
    }

    #[test]
    fn a_list_of_media_types_is_answered_with_content() {
        let found = lower(
            "endpoints:\n  e:\n    method: GET\n    path: /e\n    responses:\n      200:\n        content_type: [application/json, text/csv]\n        body: string\n",
        )
        .1;
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(
            found[0].message,
            "`content_type` names one media type; a body in several is written under `content`"
        );
        assert_eq!(
            found[0].help.as_deref(),
            Some(
                "write `content: { application/json: ..., text/csv: ... }`, each entry the body in that media type"
            )
        );
    }

    #[test]
    fn json_schema_fields_can_be_files() {
        let endpoint = endpoint(
            "    request:\n      content_type: multipart/form-data\n      body:\n        a: {type: string, format: binary, maxLength: 1000}\n        b: {type: string, contentMediaType: image/png}\n        c: {type: string, contentMediaType: image/png, contentEncoding: base64}\n        d: {type: string, format: byte}\n",
        );
        let content = endpoint.request.unwrap().content.unwrap();
        let Some(FieldType::Object(fields)) = content
            .first()
            .and_then(|(_, media)| media.schema.as_ref())
            .map(|schema| schema.ty.clone())
        else {
            panic!("fields");
        };
        let types: Vec<&FieldType> = fields.values().map(|field| &field.ty).collect();
        assert_eq!(
            types,
            [
                &FieldType::Binary,
                &FieldType::Binary,
                &FieldType::String,
                &FieldType::String
            ]
        );
        assert_eq!(fields["a"].constraints.max_size, Some(1000));
        assert_eq!(fields["a"].constraints.max_length, None);
    }
}
