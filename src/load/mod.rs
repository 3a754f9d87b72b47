//! Load stage: find a directive's spec file, read it safely, parse it and lower it.
//!
//! The file must lie inside the book root (symlinks resolved) unless `allow-outside-root` is
//! set, must be no larger than `max-spec-size`, and may expand to only a bounded number of
//! values. Every finding names the file relative to the book root.

mod comments;
pub(crate) mod import;
mod lower;
mod numbers;
mod openapi;
mod shorthand;
mod source_map;
mod tree;

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diagnostic::{Code, Diagnostic, suggest};
use crate::spec::Spec;

pub use lower::{BOOK_URL, SCHEMA_FILE, format_schema};
pub use openapi::EXPORTED;
pub use source_map::SourceMap;
pub use tree::Format;
use tree::parse_tree;

/// The limits a directive's file is read under.
#[derive(Clone, Debug)]
pub struct LoadLimits {
    /// Whether files outside the book root may be read.
    pub allow_outside_root: bool,
    /// Largest file size in bytes.
    pub max_spec_size: u64,
}

/// A spec file as found on disk.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct SpecFile {
    /// Canonical absolute path.
    pub absolute: PathBuf,
    /// Path shown to users: relative to the book root when inside it.
    pub display: PathBuf,
    /// The book root it was resolved against: what the files it imports are resolved
    /// against too.
    pub root: PathBuf,
}

/// The result of loading one spec file.
#[derive(Clone, Debug)]
pub struct LoadedSpec {
    /// Where it came from.
    pub file: SpecFile,
    /// The file's text, for diagnostics (empty when it could not be read).
    pub text: String,
    /// The model, when the file could be read as a spec at all.
    pub spec: Option<Spec>,
    /// Everything found wrong while loading.
    pub diagnostics: Vec<Diagnostic>,
    /// For an OpenAPI document, or a spec that imports one, where the parts of the model
    /// were written: the checks' findings speak of the model and are pointed there with it.
    pub source_map: Option<Arc<SourceMap>>,
    /// The other files it reads: the OpenAPI document it imports, then the files the
    /// document's `$ref`s name.
    pub imports: Vec<ImportedFile>,
}

/// A file a spec imports, as read.
#[derive(Clone, Debug)]
pub struct ImportedFile {
    /// Where it is.
    pub file: SpecFile,
    /// Its text, for diagnostics.
    pub text: String,
}

impl LoadedSpec {
    /// Keeps one of the findings an OpenAPI document's shared parts give once per use (a
    /// response under `components` checked for each operation that refers to it): the first,
    /// saying how often it recurs.
    pub fn merge_repeats(&mut self) {
        if self.source_map.is_none() {
            return;
        }
        type Place = (Code, Option<PathBuf>, Option<String>, String);
        let mut first: std::collections::HashMap<Place, usize> = Default::default();
        let mut repeats = vec![0usize; self.diagnostics.len()];
        let mut keep = vec![true; self.diagnostics.len()];
        for (idx, diag) in self.diagnostics.iter().enumerate() {
            let Some(path) = &diag.path else { continue };
            let key = (
                diag.code,
                diag.file.clone(),
                diag.subject.clone(),
                path.to_string(),
            );
            match first.get(&key) {
                Some(&at) => {
                    repeats[at] += 1;
                    keep[idx] = false;
                }
                None => {
                    first.insert(key, idx);
                }
            }
        }
        let mut idx = 0;
        self.diagnostics.retain_mut(|diag| {
            let (kept, more) = (keep[idx], repeats[idx]);
            idx += 1;
            if more > 0 {
                diag.message.push_str(&match more {
                    1 => " (and once more where it is referred to)".to_owned(),
                    _ => format!(" (and {more} more times where it is referred to)"),
                });
            }
            kept
        });
    }

    /// The texts of the files its findings may be in: its own, and its import's.
    pub fn sources(&self) -> impl Iterator<Item = (&Path, &str)> {
        let imports = self
            .imports
            .iter()
            .map(|import| (import.file.display.as_path(), import.text.as_str()));
        std::iter::once((self.file.display.as_path(), self.text.as_str())).chain(imports)
    }

    /// Whether loading found an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Resolves `requested` (as written in a directive) against `base_dir`, enforcing the limits.
pub fn resolve_spec_file(
    book_root: &Path,
    base_dir: &Path,
    requested: &str,
    limits: &LoadLimits,
) -> Result<SpecFile, Diagnostic> {
    let joined = base_dir.join(requested);
    let display_requested = display_path(book_root, &joined);
    let absolute = match fs::canonicalize(&joined) {
        Ok(path) => path,
        Err(err) => {
            let mut diag = Diagnostic::error(
                Code::SpecNotFound,
                format!(
                    "cannot find spec file `{}`: {}",
                    display_requested.display(),
                    io_reason(&err)
                ),
            )
            .in_file(display_requested);
            diag.help = Some(match sibling_hint(&joined) {
                Some(suggestion) => {
                    format!("{suggestion} The path is relative to the chapter file")
                }
                None => "the path is relative to the chapter file, like `{{#include}}`".to_owned(),
            });
            return Err(diag);
        }
    };
    if !limits.allow_outside_root && !absolute.starts_with(book_root) {
        return Err(Diagnostic::error(
            Code::PathOutsideRoot,
            format!(
                "spec file `{requested}` resolves to `{}`, outside the book root",
                absolute.display()
            ),
        )
        .in_file(display_requested)
        .with_help("move the spec into the book, or set `allow-outside-root = true` under `[preprocessor.integration-spec]` in book.toml"));
    }
    let display = display_path(book_root, &absolute);
    if format_of(&absolute).is_none() {
        return Err(Diagnostic::error(
            Code::UnsupportedFileType,
            format!("`{}` is not a YAML or JSON file", display.display()),
        )
        .in_file(display)
        .with_help("spec files end in `.yaml`, `.yml` or `.json`"));
    }
    Ok(SpecFile {
        absolute,
        display,
        root: book_root.to_path_buf(),
    })
}

/// Reads, parses and lowers a resolved spec file. Findings carry spec paths; lines and
/// columns are added once checking is done (see `pipeline`).
pub fn load_spec_file(file: &SpecFile, limits: &LoadLimits) -> LoadedSpec {
    // An import or a `$ref` is resolved like a directive's path, against the folder of the
    // file it is written in.
    let read = |from: &Path, requested: &str| -> Result<ImportedFile, Diagnostic> {
        let base = from.parent().unwrap_or(&file.root);
        let imported = resolve_spec_file(&file.root, base, requested, limits)?;
        let text = read_text(&imported, limits).map_err(|mut diag| {
            diag.file.get_or_insert_with(|| imported.display.clone());
            diag
        })?;
        Ok(ImportedFile {
            file: imported,
            text,
        })
    };
    let (text, parsed) = match read_text(file, limits) {
        Ok(text) => {
            let format = format_of(&file.absolute).unwrap_or(Format::Yaml);
            let reader = Reader {
                spec: &file.absolute,
                read: &read,
            };
            let parsed = parse_document(&text, format, Some(&reader));
            (text, parsed)
        }
        Err(diag) => (String::new(), Parsed::failed(diag)),
    };
    let Parsed {
        spec,
        mut diagnostics,
        source_map,
        imports,
    } = parsed;
    for diag in &mut diagnostics {
        diag.file.get_or_insert_with(|| file.display.clone());
    }
    LoadedSpec {
        file: file.clone(),
        text,
        spec,
        diagnostics,
        source_map: source_map.map(Arc::new),
        imports,
    }
}

/// How other files are read: the spec's own path, and a reader of a path as written in the
/// file at the given path.
struct Reader<'a> {
    spec: &'a Path,
    read: &'a dyn Fn(&Path, &str) -> Result<ImportedFile, Diagnostic>,
}

/// At most this many files are read through `$ref`s.
const MAX_REF_FILES: usize = 100;

/// The files an OpenAPI document's `$ref`s name, and the files those name, read and parsed:
/// for the translation, and for the texts of findings.
fn read_ref_files(
    doc: &serde_json::Value,
    doc_path: &Path,
    reader: Option<&Reader<'_>>,
) -> (Vec<openapi::OtherFile>, Vec<ImportedFile>) {
    let mut others: Vec<openapi::OtherFile> = Vec::new();
    let mut texts = Vec::new();
    let Some(reader) = reader else {
        return (others, texts);
    };
    let mut queue: std::collections::VecDeque<(PathBuf, String)> = openapi::files_named(doc)
        .into_iter()
        .map(|name| (doc_path.to_path_buf(), name))
        .collect();
    while let Some((from, name)) = queue.pop_front() {
        let key = openapi::ref_key(&from, &name);
        if others.iter().any(|other| other.key == key) || key == doc_path {
            continue;
        }
        let value = if others.len() >= MAX_REF_FILES {
            Err(format!(
                "a document's `$ref`s read at most {MAX_REF_FILES} files"
            ))
        } else {
            match (reader.read)(&from, &name) {
                Err(diag) => Err(diag.message),
                Ok(read) => {
                    let format = format_of(&read.file.absolute).unwrap_or(Format::Yaml);
                    let max_values = 100_000 + 2 * read.text.len();
                    let parsed = parse_tree(&read.text, format, max_values);
                    texts.push(read);
                    parsed.map_err(|diag| diag.message)
                }
            }
        };
        if let Ok(value) = &value {
            queue.extend(
                openapi::files_named(value)
                    .into_iter()
                    .map(|next| (key.clone(), next)),
            );
        }
        let display = texts
            .last()
            .filter(|_| value.is_ok())
            .map_or_else(|| PathBuf::from(&name), |read| read.file.display.clone());
        others.push(openapi::OtherFile {
            key,
            display,
            value,
        });
    }
    (others, texts)
}

/// Spec text parsed and lowered.
struct Parsed {
    spec: Option<Spec>,
    diagnostics: Vec<Diagnostic>,
    source_map: Option<SourceMap>,
    imports: Vec<ImportedFile>,
}

impl Parsed {
    fn failed(diag: Diagnostic) -> Self {
        Parsed::lowered(None, vec![diag])
    }

    fn lowered(spec: Option<Spec>, diagnostics: Vec<Diagnostic>) -> Self {
        Parsed {
            spec,
            diagnostics,
            source_map: None,
            imports: Vec::new(),
        }
    }
}

/// The value tree the loader reads `text` as, before it is lowered into a spec: keys as
/// text (YAML `201:` is `"201"`), merge keys applied, numbers as written. What an editor's
/// schema sees of a spec file.
pub fn read_tree(text: &str, format: Format) -> Result<serde_json::Value, Diagnostic> {
    tree::parse_tree(text, format, 100_000 + 2 * text.len())
}

/// Parses and lowers spec text; no file system access. Findings about an OpenAPI document
/// point into it.
pub fn parse_spec(text: &str, format: Format) -> (Option<Spec>, Vec<Diagnostic>) {
    let parsed = parse_document(text, format, None);
    (parsed.spec, parsed.diagnostics)
}

/// A native spec or an OpenAPI document, parsed and lowered; the source map says where the
/// parts of an OpenAPI document's model came from.
fn parse_document(text: &str, format: Format, reader: Option<&Reader<'_>>) -> Parsed {
    // Without aliases a document has at most about one value per byte; this leaves room for
    // reasonable alias use while bounding what a small file can expand to.
    let max_values = 100_000 + 2 * text.len();
    // The `comment-in-text` lint re-reads the YAML when a ` #` follows text: on a second core,
    // while the text is parsed and lowered.
    let lines = match format {
        Format::Yaml => comments::candidate_lines(text),
        Format::Json => Default::default(),
    };
    let load = || parse_tree(text, format, max_values).map(|root| lower_document(root, reader));
    let (found, loaded) = if lines.is_empty() {
        (Vec::new(), load())
    } else {
        std::thread::scope(|scope| {
            let comments = scope.spawn(|| comments::comments_in_text(text, &lines));
            let loaded = load();
            let found = comments
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (found, loaded)
        })
    };
    match loaded {
        Ok(mut parsed) => {
            let mut all = found;
            all.append(&mut parsed.diagnostics);
            parsed.diagnostics = all;
            parsed
        }
        // A text that does not parse has that one finding.
        Err(diag) => Parsed::failed(diag),
    }
}

/// Lowers a parsed file: a native spec as it is, an OpenAPI document through its
/// translation.
fn lower_document(root: serde_json::Value, reader: Option<&Reader<'_>>) -> Parsed {
    match openapi::detect(&root) {
        openapi::Detected::Native => match import::requested(&root) {
            None => {
                let (spec, diagnostics) = lower::lower_spec(&root);
                Parsed::lowered(spec, diagnostics)
            }
            Some(requested) => lower_with_import(&root, requested, reader),
        },
        openapi::Detected::Unsupported(diag) => Parsed::failed(*diag),
        openapi::Detected::OpenApi(dialect) => {
            let spec_path = reader.map_or(Path::new("openapi.yaml"), |reader| reader.spec);
            let (others, imports) = read_ref_files(&root, spec_path, reader);
            let translated = openapi::translate(&root, dialect, spec_path.to_path_buf(), &others);
            // The document is freed once it is read, so that lowering reuses its memory
            // rather than growing the process (fresh memory costs more than freeing); the
            // translated tree is freed on a thread of its own while checking and rendering
            // begin.
            drop(root);
            drop(others);
            let (spec, lowered) = lower::lower_openapi(&translated.tree);
            let tree = translated.tree;
            crate::parallel::free_in_background(tree);
            let mut diagnostics = translated.diags;
            diagnostics.extend(pointed(lowered, &translated.source_map));
            Parsed {
                spec,
                diagnostics,
                source_map: Some(translated.source_map),
                imports,
            }
        }
    }
}

/// Lowering's findings about a translated tree, pointed at the files and places written.
fn pointed(lowered: Vec<Diagnostic>, source_map: &SourceMap) -> impl Iterator<Item = Diagnostic> {
    lowered.into_iter().map(move |mut diag| {
        source_map.point_into_source(&mut diag);
        diag
    })
}

/// A native spec with an `import`: the document read, translated and merged into it, then
/// lowered. Without the document (it cannot be read, or is no OpenAPI document) the spec is
/// lowered on its own beside that finding.
fn lower_with_import(
    root: &serde_json::Value,
    requested: Result<String, Diagnostic>,
    reader: Option<&Reader<'_>>,
) -> Parsed {
    let at = crate::diagnostic::SpecPath::root()
        .key("import")
        .key("openapi");
    let imported = requested.and_then(|requested| match reader {
        Some(reader) => (reader.read)(reader.spec, &requested).map_err(|mut diag| {
            // Where the import is written, when the file is not found at all.
            if diag.path.is_none() {
                diag.file = None;
                diag = diag.at(&at);
            }
            if let Some(help) = &mut diag.help {
                *help = help
                    .replace(
                        "The path is relative to the chapter file",
                        "The path is relative to the spec",
                    )
                    .replace(
                        "the path is relative to the chapter file, like `{{#include}}`",
                        "the path is relative to the spec that imports it",
                    );
            }
            diag
        }),
        None => Err(Diagnostic::error(
            Code::SpecNotFound,
            "an import is read only from a spec file, not from text alone",
        )
        .at(&at)),
    });
    let imported = imported.and_then(|imported| {
        let format = format_of(&imported.file.absolute).unwrap_or(Format::Yaml);
        let max_values = 100_000 + 2 * imported.text.len();
        let in_import = |mut diag: Diagnostic| {
            diag.file = Some(imported.file.display.clone());
            diag
        };
        let doc = parse_tree(&imported.text, format, max_values).map_err(in_import)?;
        match openapi::detect(&doc) {
            openapi::Detected::OpenApi(dialect) => Ok((imported, doc, dialect)),
            openapi::Detected::Unsupported(diag) => Err(in_import(*diag)),
            openapi::Detected::Native => Err(Diagnostic::error(
                Code::UnsupportedFormatVersion,
                format!(
                    "`{}` is no OpenAPI document: it has no top-level `openapi` key",
                    imported.file.display.display()
                ),
            )
            .at(&at)
            .with_help("import an OpenAPI 3.0 or 3.1 document; specs in this format are included by directives of their own")),
        }
    });
    let (imported, doc, dialect) = match imported {
        Ok(found) => found,
        Err(diag) => {
            let (spec, mut diagnostics) = lower::lower_spec(root);
            diagnostics.insert(0, diag);
            return Parsed::lowered(spec, diagnostics);
        }
    };
    let (others, mut imports) = read_ref_files(&doc, &imported.file.absolute, reader);
    let translated = openapi::translate(&doc, dialect, imported.file.absolute.clone(), &others);
    let explicit_security = doc.get("security").is_some();
    let merged = import::merge(
        root.clone(),
        translated,
        imported.file.display.clone(),
        explicit_security,
    );
    let (spec, lowered) = lower::lower_with_import(&merged.tree, merged.imported);
    let mut diagnostics = merged.diags;
    diagnostics.extend(pointed(lowered, &merged.source_map));
    Parsed {
        spec,
        diagnostics,
        source_map: Some(merged.source_map),
        imports: {
            imports.insert(0, imported);
            imports
        },
    }
}

fn read_text(file: &SpecFile, limits: &LoadLimits) -> Result<String, Diagnostic> {
    let cannot_read = |err: std::io::Error| {
        Diagnostic::error(
            Code::SpecNotFound,
            format!(
                "cannot read spec file `{}`: {}",
                file.display.display(),
                io_reason(&err)
            ),
        )
    };
    // Look before opening: opening a named pipe would wait for a writer forever.
    let metadata = fs::metadata(&file.absolute).map_err(cannot_read)?;
    if !metadata.is_file() {
        let what = if metadata.is_dir() {
            "is a directory, not a spec file"
        } else {
            "is not a regular file (a pipe, socket or device), so it is not read"
        };
        return Err(Diagnostic::error(
            Code::SpecNotFound,
            format!("`{}` {what}", file.display.display()),
        ));
    }
    let handle = fs::File::open(&file.absolute).map_err(cannot_read)?;
    if metadata.len() > limits.max_spec_size {
        return Err(too_large(file, metadata.len(), limits));
    }
    // Read at most one byte past the limit, in case the file grew since `metadata`.
    let mut bytes = Vec::new();
    handle
        .take(limits.max_spec_size + 1)
        .read_to_end(&mut bytes)
        .map_err(cannot_read)?;
    if bytes.len() as u64 > limits.max_spec_size {
        return Err(too_large(file, bytes.len() as u64, limits));
    }
    let mut text = String::from_utf8(bytes).map_err(|err| {
        let offset = err.utf8_error().valid_up_to();
        Diagnostic::error(
            Code::SyntaxError,
            format!(
                "`{}` is not valid UTF-8 (at byte {offset})",
                file.display.display()
            ),
        )
        .with_help("save the spec as UTF-8")
    })?;
    if text.starts_with('\u{feff}') {
        text.remove(0);
    }
    Ok(text)
}

fn too_large(file: &SpecFile, size: u64, limits: &LoadLimits) -> Diagnostic {
    Diagnostic::error(
        Code::SpecTooLarge,
        format!(
            "`{}` is {size} bytes, more than the limit of {} bytes",
            file.display.display(),
            limits.max_spec_size
        ),
    )
    .with_help("split the spec, or raise `max-spec-size` under `[preprocessor.integration-spec]` in book.toml")
}

/// The format a spec file's extension names, if any.
pub(crate) fn format_of(path: &Path) -> Option<Format> {
    let extension = path.extension()?.to_str()?.to_ascii_lowercase();
    match extension.as_str() {
        "yaml" | "yml" => Some(Format::Yaml),
        "json" => Some(Format::Json),
        _ => None,
    }
}

/// `path` relative to the book root when inside it, else as given.
fn display_path(book_root: &Path, path: &Path) -> PathBuf {
    let normalized = normalize(path);
    normalized
        .strip_prefix(book_root)
        .map(Path::to_path_buf)
        .unwrap_or(normalized)
}

/// Removes `.` and resolves `..` lexically, for display only.
fn normalize(path: &Path) -> PathBuf {
    let mut res = PathBuf::new();
    for component in path.components() {
        match component {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                if !res.pop() {
                    res.push("..");
                }
            }
            other => res.push(other),
        }
    }
    res
}

fn io_reason(err: &std::io::Error) -> String {
    match err.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_owned(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        _ => err.to_string(),
    }
}

/// "did you mean" a spec file next to a missing one whose name is close.
fn sibling_hint(missing: &Path) -> Option<String> {
    let wanted = missing.file_name()?.to_str()?;
    let entries = fs::read_dir(missing.parent()?).ok()?;
    let mut names: Vec<String> = entries
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .filter(|name| format_of(Path::new(name)).is_some())
        .collect();
    names.sort();
    suggest(wanted, names.iter().map(String::as_str))
}
