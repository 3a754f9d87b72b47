//! Bodies in media types: what a request, a response, a webhook or a callback carries, held
//! as OpenAPI holds it (a `content` map of media types to Media Type objects), and what the
//! media types' names say about how a body is written and sent.

use indexmap::IndexMap;
use serde_json::Value;

use super::types::{Field, FieldType, Fields};

/// The media type of a body whose spec names none.
pub const JSON: &str = "application/json";

/// A body in one or more media types: OpenAPI's `content` map. Never empty.
#[derive(Clone, Debug, PartialEq)]
pub struct Content {
    /// The body in each media type it is sent in, by media type, in file order.
    pub media_types: IndexMap<String, MediaType>,
    /// How the spec writes it, so that findings point where it is written.
    pub form: ContentForm,
}

/// How a spec writes a body.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ContentForm {
    /// One media type, its keys (`content_type`, the body, `example`, ...) beside the other
    /// keys of the request, response or webhook. `media_type_written` says whether
    /// `content_type` is given; without it the media type is [`JSON`].
    Single {
        /// Whether `content_type` is given.
        media_type_written: bool,
    },
    /// A `content` map of media types.
    Map,
}

impl Content {
    /// A body in one media type, written in the single form.
    pub fn single(media_type: &str, media: MediaType, media_type_written: bool) -> Self {
        let mut media_types = IndexMap::new();
        media_types.insert(media_type.to_owned(), media);
        Content {
            media_types,
            form: ContentForm::Single { media_type_written },
        }
    }

    /// The first media type and its body: the one a `curl` example sends or asks for.
    pub fn first(&self) -> Option<(&str, &MediaType)> {
        self.media_types
            .first()
            .map(|(media_type, media)| (media_type.as_str(), media))
    }
}

/// The body in one media type: OpenAPI's Media Type object.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MediaType {
    /// The body's type; `None` when the spec names only the media type.
    pub schema: Option<Field>,
    /// A sample body.
    pub example: Option<Value>,
    /// Named samples, in file order.
    pub examples: IndexMap<String, Example>,
    /// How each part of a multipart body is sent, by part name.
    pub encoding: IndexMap<String, Encoding>,
    /// Whether the spec writes this entry of a `content` map as its type alone
    /// (`text/csv: string`), so that the type's findings point at the entry itself.
    pub type_only: bool,
}

impl MediaType {
    /// Every sample, the unnamed `example` first, each with its name.
    pub fn samples(&self) -> impl Iterator<Item = (Option<&str>, &Value)> {
        self.example.iter().map(|value| (None, value)).chain(
            self.examples
                .iter()
                .map(|(name, example)| (Some(name.as_str()), &example.value)),
        )
    }

    /// Whether the spec gives a sample.
    pub fn has_samples(&self) -> bool {
        self.example.is_some() || !self.examples.is_empty()
    }

    /// Whether the body is raw bytes (`binary`): a file, not a document.
    pub fn is_binary(&self) -> bool {
        self.schema
            .as_ref()
            .is_some_and(|field| field.ty == FieldType::Binary)
    }
}

/// A named sample: OpenAPI's Example object.
#[derive(Clone, Debug, PartialEq)]
pub struct Example {
    /// One line about it.
    pub summary: Option<String>,
    /// Longer prose.
    pub description: Option<String>,
    /// The sample itself.
    pub value: Value,
}

/// How one part of a multipart body is sent: OpenAPI's Encoding object.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Encoding {
    /// The part's media type, or several separated by commas (`image/png, image/jpeg`).
    pub content_type: Option<String>,
    /// Headers the part carries.
    pub headers: Fields,
}

/// How a media type's bodies are written and sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MediaKind {
    /// `application/json` and `*/*+json`: a JSON document, its examples checked as JSON.
    Json,
    /// `multipart/*`: parts, one per field of the body.
    Multipart,
    /// `application/x-www-form-urlencoded`: fields sent as a form.
    Form,
    /// Anything else: its examples are shown as written.
    Other,
}

/// The media type without parameters, in lower case: `text/csv` of `Text/CSV; charset=utf-8`.
pub fn essence(media_type: &str) -> String {
    media_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

/// What kind of media type `media_type` is.
pub fn media_kind(media_type: &str) -> MediaKind {
    let essence = essence(media_type);
    if essence == JSON || essence.ends_with("+json") {
        MediaKind::Json
    } else if essence.starts_with("multipart/") {
        MediaKind::Multipart
    } else if essence == "application/x-www-form-urlencoded" {
        MediaKind::Form
    } else {
        MediaKind::Other
    }
}

/// Whether `text` is a media type, `type/subtype` with optional parameters; `*` stands for
/// any type or subtype (`image/*`, `*/*`).
pub fn is_media_type(text: &str) -> bool {
    let mut parts = text.split(';');
    let essence = parts.next().unwrap_or_default().trim();
    let is_token = |word: &str| {
        !word.is_empty()
            && word
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c))
    };
    let well_formed = essence
        .split_once('/')
        .is_some_and(|(kind, subtype)| is_token(kind) && is_token(subtype));
    well_formed
        && parts.all(|parameter| {
            parameter
                .split_once('=')
                .is_some_and(|(name, value)| is_token(name.trim()) && !value.trim().is_empty())
        })
}

/// The file name extension of a media type, for sample file names: `pdf` of
/// `application/pdf`; `bin` when none is known.
pub fn file_extension(media_type: &str) -> &'static str {
    let essence = essence(media_type);
    let known = [
        ("application/pdf", "pdf"),
        ("application/zip", "zip"),
        ("application/gzip", "gz"),
        ("application/xml", "xml"),
        ("application/yaml", "yaml"),
        ("application/x-yaml", "yaml"),
        ("text/csv", "csv"),
        ("text/plain", "txt"),
        ("text/html", "html"),
        ("text/xml", "xml"),
        ("text/yaml", "yaml"),
        ("image/png", "png"),
        ("image/jpeg", "jpg"),
        ("image/gif", "gif"),
        ("image/webp", "webp"),
        ("image/svg+xml", "svg"),
        ("application/x-www-form-urlencoded", "txt"),
    ];
    if let Some((_, extension)) = known.iter().find(|(known, _)| *known == essence) {
        return extension;
    }
    if media_kind(&essence) == MediaKind::Json {
        "json"
    } else if essence.ends_with("+xml") {
        "xml"
    } else if essence.ends_with("+yaml") {
        "yaml"
    } else if essence.starts_with("text/") {
        "txt"
    } else {
        "bin"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn media_types_are_told_apart_by_their_essence() {
        assert_eq!(media_kind("application/json"), MediaKind::Json);
        assert_eq!(media_kind("Application/Problem+JSON"), MediaKind::Json);
        assert_eq!(
            media_kind("application/json; charset=utf-8"),
            MediaKind::Json
        );
        assert_eq!(media_kind("multipart/form-data"), MediaKind::Multipart);
        assert_eq!(media_kind("multipart/mixed"), MediaKind::Multipart);
        assert_eq!(
            media_kind("application/x-www-form-urlencoded"),
            MediaKind::Form
        );
        assert_eq!(media_kind("text/csv"), MediaKind::Other);
        assert_eq!(media_kind("application/jsonl"), MediaKind::Other);
        assert_eq!(media_kind("application/xml"), MediaKind::Other);
    }

    #[test]
    fn media_types_are_type_and_subtype() {
        for good in [
            "application/json",
            "text/csv; charset=utf-8",
            "image/*",
            "*/*",
            "application/vnd.carrier.label+pdf",
        ] {
            assert!(is_media_type(good), "{good}");
        }
        for bad in [
            "json",
            "application/",
            "/json",
            "text/csv; charset",
            "application json",
            "",
        ] {
            assert!(!is_media_type(bad), "{bad}");
        }
    }

    #[test]
    fn sample_files_are_named_after_their_media_type() {
        assert_eq!(file_extension("application/pdf"), "pdf");
        assert_eq!(file_extension("TEXT/CSV; header=present"), "csv");
        assert_eq!(file_extension("application/problem+json"), "json");
        assert_eq!(file_extension("application/atom+xml"), "xml");
        assert_eq!(file_extension("text/markdown"), "txt");
        assert_eq!(file_extension("application/octet-stream"), "bin");
    }
}
