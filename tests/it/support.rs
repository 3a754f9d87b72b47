//! Shared helpers: fixture books in temp dirs, the binary under test, the pinned tools.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

/// The preprocessor binary cargo built for these tests.
pub(crate) fn binary() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_mdbook-integration-spec"))
}

pub(crate) fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

pub(crate) fn fixtures() -> PathBuf {
    manifest_dir().join("tests/fixtures")
}

/// A pinned tool: from the environment variable `name`, or from `.tools/env` as written by
/// `.ci/setup`. Missing tools fail the test with the command that installs them.
pub(crate) fn tool(name: &str) -> PathBuf {
    static TOOLS: OnceLock<HashMap<String, String>> = OnceLock::new();
    let tools = TOOLS.get_or_init(|| {
        let env_file = manifest_dir().join(".tools/env");
        fs::read_to_string(env_file)
            .unwrap_or_default()
            .lines()
            .filter_map(|line| line.split_once('='))
            .map(|(key, value)| (key.to_owned(), value.to_owned()))
            .collect()
    });
    let path = std::env::var(name)
        .ok()
        .or_else(|| tools.get(name).cloned())
        .map(PathBuf::from);
    match path {
        Some(path) if path.exists() => path,
        _ => panic!(
            "the pinned tool {name} is not installed; run `bash .ci/test` (it installs the \
             pinned mdBook 0.5 and 0.4, mdbook-mermaid and Chromium, then runs the tests)"
        ),
    }
}

/// A throwaway book directory.
pub(crate) struct TempBook {
    pub(crate) dir: tempfile::TempDir,
}

impl TempBook {
    /// A book whose `book.toml` runs our binary, with the given extra TOML and files.
    pub(crate) fn new(extra_toml: &str, files: &[(&str, &str)]) -> TempBook {
        let dir = tempfile::tempdir().unwrap();
        let toml = format!(
            "[book]\ntitle = \"Test book\"\n\n[build]\nextra-watch-dirs = [\"specs\"]\n\n[preprocessor.integration-spec]\ncommand = '{}'\nafter = [\"links\"]\n{extra_toml}\n",
            binary().display()
        );
        fs::write(dir.path().join("book.toml"), toml).unwrap();
        let book = TempBook { dir };
        for (path, content) in files {
            book.write(path, content);
        }
        book
    }

    /// A copy of a book directory, unchanged.
    pub(crate) fn copy_of(dir: &Path) -> TempBook {
        let temp = tempfile::tempdir().unwrap();
        copy_dir(dir, temp.path());
        TempBook { dir: temp }
    }

    /// A copy of a fixture book from `tests/fixtures/books/<name>`, with our binary as command.
    pub(crate) fn fixture(name: &str) -> TempBook {
        let dir = tempfile::tempdir().unwrap();
        copy_dir(&fixtures().join("books").join(name), dir.path());
        let toml_path = dir.path().join("book.toml");
        let toml = fs::read_to_string(&toml_path).unwrap().replace(
            "[preprocessor.integration-spec]",
            &format!(
                "[preprocessor.integration-spec]\ncommand = '{}'",
                binary().display()
            ),
        );
        fs::write(toml_path, toml).unwrap();
        TempBook { dir }
    }

    pub(crate) fn root(&self) -> &Path {
        self.dir.path()
    }

    pub(crate) fn write(&self, path: &str, content: &str) {
        let path = self.root().join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, content).unwrap();
    }

    pub(crate) fn read(&self, path: &str) -> String {
        fs::read_to_string(self.root().join(path))
            .unwrap_or_else(|err| panic!("cannot read {path}: {err}"))
    }

    /// Runs an `mdbook` binary on this book.
    pub(crate) fn mdbook(&self, mdbook: &Path, args: &[&str]) -> Output {
        Command::new(mdbook)
            .args(args)
            .arg(self.root())
            .env_remove("MDBOOK_LOG")
            .env_remove("RUST_LOG")
            .output()
            .unwrap()
    }

    /// Replaces the temp dir path with `[ROOT]`, for snapshots.
    pub(crate) fn redact(&self, text: &str) -> String {
        let root = self.root().to_string_lossy().into_owned();
        let canonical = self
            .root()
            .canonicalize()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        text.replace(&canonical, "[ROOT]").replace(&root, "[ROOT]")
    }
}

pub(crate) fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

pub(crate) fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Every `id="..."` in an HTML page.
pub(crate) fn html_ids(html: &str) -> Vec<String> {
    html.split(" id=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(str::to_owned)
        .collect()
}

/// Markdown as mdBook's HTML renderer reads it, with its options.
pub(crate) fn to_html(markdown: &str) -> String {
    use pulldown_cmark::{Options, Parser, html};
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES;
    let mut out = String::new();
    html::push_html(&mut out, Parser::new_ext(markdown, options));
    out
}

/// Lints an OpenAPI document with the pinned Redocly CLI (`$REDOCLY`, installed by `.ci/setup`):
/// `redocly lint` with the `recommended` rules as `.ci/redocly/redocly.yaml` configures them.
/// `Err` holds the whole report (stdout and stderr) when the linter fails, which is when any
/// problem is error-level; warnings pass. No telemetry, no update check: it needs no network.
pub(crate) fn redocly_lint(path: &Path) -> Result<(), String> {
    let config = manifest_dir().join(".ci/redocly/redocly.yaml");
    let output = Command::new(tool("REDOCLY"))
        .arg("lint")
        .arg("--config")
        .arg(&config)
        .args([
            "--format=stylish",
            "--lint-config=error",
            "--max-problems=10000",
        ])
        .arg(path)
        .env("REDOCLY_TELEMETRY", "off")
        .env("REDOCLY_SUPPRESS_UPDATE_NOTICE", "true")
        .env("NO_COLOR", "1")
        .output()
        .unwrap_or_else(|err| panic!("cannot run the pinned Redocly CLI (REDOCLY): {err}"));
    if output.status.success() {
        return Ok(());
    }
    Err(format!(
        "redocly lint {} failed ({}):\n{}{}",
        path.display(),
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    ))
}
