//! The conventional error body: what every error response carries, and which of its members
//! carry what of the error catalogue.

use indexmap::IndexMap;

use super::types::Field;

/// The body of error responses, shared by every error of the catalogue.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ErrorConvention {
    /// Its media type, e.g. `application/problem+json`; JSON when absent.
    pub content_type: Option<String>,
    /// The body's type: a model, or an inline object.
    pub body: Option<Field>,
    /// Body fields to what of the error they carry, in the order written.
    pub members: IndexMap<String, ErrorMember>,
    /// Further rules.
    pub description: Option<String>,
}

impl ErrorConvention {
    /// The media type of error bodies.
    pub fn media_type(&self) -> &str {
        self.content_type.as_deref().unwrap_or("application/json")
    }
}

/// What of a catalogue entry a member of the error body carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorMember {
    /// The error's code, its key in `errors`.
    Code,
    /// The error's `type` URL.
    Type,
    /// The error's `message`.
    Message,
    /// The error's `http_status`.
    HttpStatus,
}

impl ErrorMember {
    /// The keyword as written in a spec: the key of the error entry it carries.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorMember::Code => "code",
            ErrorMember::Type => "type",
            ErrorMember::Message => "message",
            ErrorMember::HttpStatus => "http_status",
        }
    }
}
