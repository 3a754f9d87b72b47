//! Diagnostics as plain data, shared by every stage.
//!
//! Stages never print: they push [`Diagnostic`]s, which name the file, the place inside the spec
//! ([`SpecPath`], and a line and column once known) and a fix. Presentation lives in `report`.

use std::fmt;
use std::path::PathBuf;

/// How serious a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Worth knowing; the build goes on.
    Warning,
    /// The spec cannot be published as written; the build fails.
    Error,
}

impl Severity {
    /// The lowercase word rustc uses for this severity.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

macro_rules! codes {
    ($($(#[$doc:meta])* $variant:ident = $name:literal,)*) => {
        /// A stable, kebab-case identifier for each kind of finding, documented in the book.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code {
            $($(#[$doc])* $variant,)*
        }

        impl Code {
            /// Every code, in declaration order.
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            /// The code as users write it, e.g. `unknown-field`.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => $name,)*
                }
            }
        }
    };
}

codes! {
    /// The `[preprocessor.integration-spec]` table has an unknown or ill-typed setting.
    InvalidConfig = "invalid-config",
    /// A directive cannot be parsed.
    InvalidDirective = "invalid-directive",
    /// The spec file named by a directive does not exist or cannot be read.
    SpecNotFound = "spec-not-found",
    /// The spec file lies outside the book root and `allow-outside-root` is off.
    PathOutsideRoot = "path-outside-root",
    /// The spec file is larger than `max-spec-size`, or expands to too many values.
    SpecTooLarge = "spec-too-large",
    /// The spec file has an extension other than `.yaml`, `.yml` or `.json`.
    UnsupportedFileType = "unsupported-file-type",
    /// The file is not well-formed YAML or JSON.
    SyntaxError = "syntax-error",
    /// A mapping has the same key twice.
    DuplicateKey = "duplicate-key",
    /// A key the format does not define (and not an `x-` extension).
    UnknownField = "unknown-field",
    /// A required key is absent.
    MissingField = "missing-field",
    /// A value has the wrong type, e.g. a list where text is expected.
    InvalidType = "invalid-type",
    /// A value has the right type but is not one of the allowed values.
    InvalidValue = "invalid-value",
    /// A field shorthand such as `string (required, max 50 chars)` cannot be parsed.
    InvalidShorthand = "invalid-shorthand",
    /// The `integration-spec` format version is missing or not supported.
    UnsupportedFormatVersion = "unsupported-format-version",
    /// `method` is not an HTTP method.
    InvalidHttpMethod = "invalid-http-method",
    /// A response key, `http_status` or expected status is not an HTTP status code.
    InvalidStatusCode = "invalid-status-code",
    /// A version (`info.version`, `since`, `deprecated.since`, changelog) is not semver.
    InvalidSemver = "invalid-semver",
    /// A version is newer than the contract's own `info.version`.
    VersionAhead = "version-ahead",
    /// Changelog entries are not newest first.
    ChangelogOrder = "changelog-order",
    /// A date (`deprecated.sunset`, a changelog entry's `date`) is not a calendar date.
    InvalidDate = "invalid-date",
    /// Two things that must be unique share a name, a method and path, or an anchor.
    DuplicateId = "duplicate-id",
    /// A name refers to a model, error code, endpoint, flow, system or scope that does not exist.
    UnresolvedReference = "unresolved-reference",
    /// A test expects what its endpoint or error code says cannot happen.
    TestMismatch = "test-mismatch",
    /// A `{param}` in a path is not declared in `path_params`, or a declared one is not in the path.
    PathParamMismatch = "path-param-mismatch",
    /// A URL is not an absolute `http`/`https` URL.
    InvalidUrl = "invalid-url",
    /// A `format:` or `pattern` is not a valid regular expression.
    InvalidPattern = "invalid-pattern",
    /// A request, response or webhook example does not match its declared type.
    InvalidExample = "invalid-example",
    /// A choice of types, its discriminator or a model's `all_of` does not hold together.
    InvalidComposition = "invalid-composition",
    /// An error code's `http_status` is not a 4xx or 5xx status.
    ErrorStatus = "error-status",
    /// Rate limits are declared, but no error code answers them with 429.
    MissingRateLimitError = "missing-rate-limit-error",
    /// An endpoint's `rate_limit` says another limit than its `rate_limits.per_endpoint` entry.
    RateLimitMismatch = "rate-limit-mismatch",
    /// Readiness: no `authentication` section, and not every endpoint is public.
    MissingAuthentication = "missing-authentication",
    /// Readiness: no environment has an SLA with numbers.
    UnquantifiedPerformance = "unquantified-performance",
    /// Readiness: no rollback procedure.
    MissingRollback = "missing-rollback",
    /// Readiness: no support contact.
    MissingContact = "missing-contact",
    /// Readiness: no 5xx error code covers a system failure.
    NoServerError = "no-server-error",
    /// Readiness: an endpoint lists no error codes.
    EndpointWithoutErrors = "endpoint-without-errors",
    /// Readiness: an error code is used by no endpoint, flow or test.
    UnusedError = "unused-error",
    /// Readiness: a request, response or webhook body has no example.
    MissingExample = "missing-example",
    /// A declared scope is needed by no endpoint.
    UnusedScope = "unused-scope",
    /// A YAML comment with one space before `#` cuts a plain text value short.
    CommentInText = "comment-in-text",
    /// The preprocessor's run order hides directives that arrive through `{{#include}}`.
    RunOrder = "run-order",
    /// A spec lies outside every directory `mdbook serve` watches.
    UnwatchedSpec = "unwatched-spec",
    /// A link target of a selection is rendered by no directive in the book.
    UnrenderedLinkTarget = "unrendered-link-target",
    /// A required field of a mapping's target model is filled by none of its fields.
    UnmappedField = "unmapped-field",
    /// A JSON Schema keyword that does not apply to the field's type: shown nowhere, checked
    /// never.
    IgnoredKeyword = "ignored-keyword",
    /// A JSON Schema `format` that neither JSON Schema nor OpenAPI defines: shown, never
    /// checked.
    UnknownFormat = "unknown-format",
    /// Something an OpenAPI document says that the page does not show (or a check does not
    /// apply): named, never dropped silently.
    UnsupportedOpenApi = "unsupported-openapi",
    /// The new version of a spec is not raised enough for its changes since the baseline
    /// (a breaking change in a minor release, say).
    VersionNotBumped = "version-not-bumped",
    /// An endpoint or webhook was removed without being deprecated in the version before.
    RemovedWithoutDeprecation = "removed-without-deprecation",
    /// A deprecated endpoint or webhook was removed before its announced sunset date.
    RemovedBeforeSunset = "removed-before-sunset",
    /// A deprecated endpoint or webhook was removed sooner after its deprecation than
    /// `conventions.versioning.deprecation_notice_days` promises.
    DeprecationNoticeTooShort = "deprecation-notice-too-short",
    /// The version gate or the deprecation policy could not be checked (a missing date, a
    /// version that is neither semver nor a date).
    PolicyUnchecked = "policy-unchecked",
    /// A new version of a spec has no changelog entry.
    MissingChangelogEntry = "missing-changelog-entry",
    /// A bug in this preprocessor: the generated markdown could not be written.
    Internal = "internal",
}

impl Code {
    /// Lints are warnings by default and can be set to `allow`, `warn` or `deny` in
    /// `[preprocessor.integration-spec.lints]`; every other code is always an error.
    pub fn is_lint(self) -> bool {
        matches!(
            self,
            Code::MissingRateLimitError
                | Code::MissingAuthentication
                | Code::UnquantifiedPerformance
                | Code::MissingRollback
                | Code::MissingContact
                | Code::NoServerError
                | Code::EndpointWithoutErrors
                | Code::UnusedError
                | Code::MissingExample
                | Code::UnusedScope
                | Code::CommentInText
                | Code::RunOrder
                | Code::UnwatchedSpec
                | Code::UnrenderedLinkTarget
                | Code::UnmappedField
                | Code::IgnoredKeyword
                | Code::UnknownFormat
                | Code::UnsupportedOpenApi
                | Code::RateLimitMismatch
                | Code::PolicyUnchecked
                | Code::MissingChangelogEntry
        )
    }

    /// The code for a kebab-case name.
    pub fn from_name(name: &str) -> Option<Code> {
        Code::ALL.iter().copied().find(|code| code.as_str() == name)
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One step of a [`SpecPath`].
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Segment {
    /// A mapping key.
    Key(String),
    /// A list index.
    Index(usize),
}

/// Where a finding is inside a spec, as keys and indexes from the document root,
/// displayed like `endpoints.create-order.request.example.items[0].quantity`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct SpecPath(Vec<Segment>);

impl SpecPath {
    /// The document root.
    pub const fn root() -> Self {
        SpecPath(Vec::new())
    }

    /// This path extended by a mapping key.
    pub fn key(&self, key: &str) -> Self {
        let mut segments = self.0.clone();
        segments.push(Segment::Key(key.to_owned()));
        SpecPath(segments)
    }

    /// This path extended by a list index.
    pub fn index(&self, index: usize) -> Self {
        let mut segments = self.0.clone();
        segments.push(Segment::Index(index));
        SpecPath(segments)
    }

    /// Extends this path in place by a mapping key, until [`SpecPath::pop`]: a walk over
    /// thousands of fields keeps one path this way instead of a copy per field.
    pub(crate) fn push_key(&mut self, key: &str) {
        self.0.push(Segment::Key(key.to_owned()));
    }

    /// Extends this path in place by a list index, until [`SpecPath::pop`].
    pub(crate) fn push_index(&mut self, index: usize) {
        self.0.push(Segment::Index(index));
    }

    /// Takes off the last step.
    pub(crate) fn pop(&mut self) {
        self.0.pop();
    }

    /// A path made of these steps.
    pub fn from_segments(segments: Vec<Segment>) -> Self {
        SpecPath(segments)
    }

    /// The steps from the root.
    pub fn segments(&self) -> &[Segment] {
        &self.0
    }

    /// Whether this is the document root.
    pub fn is_root(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Display for SpecPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return f.write_str("(document root)");
        }
        for (idx, segment) in self.0.iter().enumerate() {
            match segment {
                Segment::Index(index) => write!(f, "[{index}]")?,
                Segment::Key(key) if is_plain_key(key) => {
                    if idx > 0 {
                        f.write_str(".")?;
                    }
                    f.write_str(key)?;
                }
                Segment::Key(key) => write!(f, "[{key:?}]")?,
            }
        }
        Ok(())
    }
}

/// Keys that read unambiguously after a `.`; others are shown quoted in brackets.
fn is_plain_key(key: &str) -> bool {
    !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | ':' | '/' | '{' | '}'))
}

/// A line and column, both counted from 1; the column counts characters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Location {
    /// Line number, from 1.
    pub line: usize,
    /// Column in characters, from 1.
    pub column: usize,
}

/// A second place that explains a finding, such as "first defined here", in the same file.
#[derive(Clone, Debug, PartialEq)]
pub struct Label {
    /// Where in the spec.
    pub path: SpecPath,
    /// Line and column, filled in by `locate`.
    pub location: Option<Location>,
    /// What this place is.
    pub message: String,
}

/// The directive a finding belongs to: which chapter, which line.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Origin {
    /// The chapter's source file, relative to the book's `src` directory.
    pub chapter: PathBuf,
    /// The directive's line in the chapter, from 1.
    pub line: usize,
}

/// One finding, with everything needed to show the user where and why.
#[derive(Clone, Debug, PartialEq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// Stable identifier of the kind of finding.
    pub code: Code,
    /// What is wrong, lowercase, without a trailing period.
    pub message: String,
    /// The file the finding is in, relative to the book root where possible.
    pub file: Option<PathBuf>,
    /// Where inside the spec, when the finding is about a spec value.
    pub path: Option<SpecPath>,
    /// Line and column inside `file`, where known.
    pub location: Option<Location>,
    /// For findings inside a text value (a field shorthand), the character offset of the
    /// problem within that text; `locate` adds it to the value's column.
    pub value_offset: Option<usize>,
    /// The text the finding is about (an unknown name, a bad key), when it may sit anywhere on
    /// the located line: `locate` moves the column onto it and the report underlines all of it.
    pub subject: Option<String>,
    /// The directive whose spec this is.
    pub origin: Option<Origin>,
    /// Related places, e.g. the first definition of a duplicate.
    pub labels: Vec<Label>,
    /// How to fix it.
    pub help: Option<String>,
}

impl Diagnostic {
    /// A new error with just a code and a message.
    pub fn error(code: Code, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, code, message)
    }

    /// A new warning with just a code and a message.
    pub fn warning(code: Code, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, code, message)
    }

    /// A bug in this preprocessor, with the help that asks for a report.
    pub fn internal(message: impl Into<String>) -> Self {
        Self::error(Code::Internal, message)
            .with_help("this is a bug in mdbook-integration-spec; please report it with the spec")
    }

    fn new(severity: Severity, code: Code, message: impl Into<String>) -> Self {
        Diagnostic {
            severity,
            code,
            message: message.into(),
            file: None,
            path: None,
            location: None,
            value_offset: None,
            subject: None,
            origin: None,
            labels: Vec::new(),
            help: None,
        }
    }

    /// Attaches the spec path.
    pub fn at(mut self, path: &SpecPath) -> Self {
        self.path = Some(path.clone());
        self
    }

    /// Names the text the finding is about, so the caret lands on it.
    pub fn about(mut self, subject: impl Into<String>) -> Self {
        self.subject = Some(subject.into());
        self
    }

    /// Adds a related place.
    pub fn with_label(mut self, path: &SpecPath, message: impl Into<String>) -> Self {
        self.labels.push(Label {
            path: path.clone(),
            location: None,
            message: message.into(),
        });
        self
    }

    /// Attaches a fix hint.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Attaches the file, unless one is already set.
    pub fn in_file(mut self, file: impl Into<PathBuf>) -> Self {
        if self.file.is_none() {
            self.file = Some(file.into());
        }
        self
    }

    /// Attaches a line and column.
    pub fn at_location(mut self, location: Location) -> Self {
        self.location = Some(location);
        self
    }

    /// Attaches the directive this finding belongs to.
    pub fn from_directive(mut self, origin: Origin) -> Self {
        self.origin = Some(origin);
        self
    }

    /// Whether this finding fails the build.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// A message starting with a capital: "the request body" → "The request body".
pub(crate) fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// `s` for a count other than one: `3 error{s}`.
pub(crate) fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// A "did you mean" hint: the candidate closest to `input`, if any is close enough.
pub(crate) fn did_you_mean<'a>(
    input: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    // Case is the commonest slip (`Info`, `GET-ORDER`), so it costs nothing here.
    let input = input.to_lowercase();
    candidates
        .into_iter()
        .map(|candidate| {
            let score = strsim::jaro_winkler(&input, &candidate.to_lowercase());
            (score, candidate)
        })
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, candidate)| candidate)
}

/// The help for a name that is not one of `candidates`: "did you mean `x`?" when one is
/// close enough; the caller says what else to write when none is.
pub(crate) fn suggest<'a>(
    input: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    did_you_mean(input, candidates).map(|close| format!("did you mean `{close}`?"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spec_path_reads_like_the_yaml() {
        let path = SpecPath::root()
            .key("endpoints")
            .key("create-order")
            .key("request")
            .key("example")
            .key("items")
            .index(0)
            .key("quantity");
        assert_eq!(
            path.to_string(),
            "endpoints.create-order.request.example.items[0].quantity"
        );
        let dotted = SpecPath::root().key("webhooks").key("order.shipped");
        assert_eq!(dotted.to_string(), r#"webhooks["order.shipped"]"#);
        assert_eq!(SpecPath::root().to_string(), "(document root)");
    }

    #[test]
    fn codes_are_unique_kebab_case() {
        let mut seen = std::collections::BTreeSet::new();
        for code in Code::ALL {
            let name = code.as_str();
            assert!(seen.insert(name), "duplicate code {name}");
            assert!(
                name.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
                "{name} is not kebab-case"
            );
        }
    }

    #[test]
    fn did_you_mean_finds_typos_only() {
        let keys = ["request", "responses", "summary"];
        assert_eq!(did_you_mean("reqest", keys), Some("request"));
        assert_eq!(did_you_mean("respones", keys), Some("responses"));
        assert_eq!(did_you_mean("zzz", keys), None);
    }
}
