//! `init`: a book set up for integration specs, new or existing.
//!
//! It only ever adds. A key `book.toml` lacks is added with an editor that keeps the file's
//! comments and layout; a key that is set keeps its value, and a file that exists is left as
//! it is. Everything it did not do is reported with what to do instead.

use std::fmt::Write as _;
use std::io::Write;
use std::path::{Component, Path, PathBuf};
use std::process::Command;

use toml_edit::{Array, DocumentMut, Item, Table, TableLike, value};

use crate::config::PREPROCESSOR_NAME;

/// The starter spec: it passes every check and lint.
const STARTER_SPEC: &str = include_str!("starter.yaml");

/// Where the starter spec goes, relative to the book: outside `src/`, so the YAML is not
/// published, and watched by `mdbook serve`.
const SPECS_DIR: &str = "specs";
const STARTER_FILE: &str = "specs/orders.yaml";
const STARTER_CHAPTER: &str = "orders.md";
const MERMAID_JS: [&str; 2] = ["mermaid.min.js", "mermaid-init.js"];

/// What `init` did, and what it left for the user.
#[derive(Debug, Default)]
pub struct InitReport {
    /// What was created or added, one line each.
    pub done: Vec<String>,
    /// What was left as it was, and what to do about it.
    pub skipped: Vec<String>,
}

/// Sets up the book in `dir` (created when missing), with `mdbook-mermaid` found on `path`
/// (the value of `PATH`) or not. Writes the report to `out`; returns the exit status: 0, or
/// 2 when the book cannot be read or written.
pub fn init(dir: &Path, path: Option<&std::ffi::OsStr>, out: &mut impl Write) -> u8 {
    match set_up(dir, path) {
        Ok(report) => {
            let _ = out.write_all(describe(dir, &report).as_bytes());
            0
        }
        Err(message) => {
            tracing::error!("init: {message}");
            2
        }
    }
}

fn set_up(dir: &Path, path: Option<&std::ffi::OsStr>) -> Result<InitReport, String> {
    let mut report = InitReport::default();
    std::fs::create_dir_all(dir)
        .map_err(|err| format!("cannot create {}: {err}", dir.display()))?;
    let toml_path = dir.join("book.toml");
    let existing = match std::fs::read_to_string(&toml_path) {
        Ok(text) => Some(text),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => None,
        Err(err) => return Err(format!("cannot read {}: {err}", toml_path.display())),
    };
    let mut toml: DocumentMut = existing
        .as_deref()
        .unwrap_or_default()
        .parse()
        .map_err(|err| {
            format!(
                "{} is not valid TOML, so it was left alone: {err}",
                toml_path.display()
            )
        })?;
    // Mermaid draws in HTML pages only; listing its scripts under `[output.html]` in a book
    // that names other outputs alone would turn the HTML output on.
    let html_output = !has_table(&toml, &["output"]) || has_table(&toml, &["output", "html"]);
    let mermaid = find_mermaid(path).filter(|_| html_output);
    let with_mermaid = mermaid.is_some() || has_table(&toml, &["preprocessor", "mermaid"]);
    let mut edit = Edit {
        toml: &mut toml,
        report: &mut report,
    };
    if existing.is_none() {
        edit.add(&["book"], "title", value("Integration specs"));
    }
    edit.add_list(
        &["build"],
        "extra-watch-dirs",
        &[SPECS_DIR],
        "so that `mdbook serve` rebuilds when a spec changes",
    );
    edit.add_list(
        &["preprocessor", PREPROCESSOR_NAME],
        "after",
        &["links"],
        "so that directives in `{{#include}}`d files are expanded",
    );
    if with_mermaid {
        edit.add_list(
            &["preprocessor", PREPROCESSOR_NAME],
            "before",
            &["mermaid"],
            "so that mdbook-mermaid draws the generated diagrams",
        );
        edit.add(
            &["preprocessor", "mermaid"],
            "command",
            value("mdbook-mermaid"),
        );
        edit.add_list(
            &["output", "html"],
            "additional-js",
            &MERMAID_JS,
            "so that pages load Mermaid",
        );
    } else if !html_output {
        report.skipped.push(
            "mdbook-mermaid: the book has no HTML output, where it draws diagrams".to_owned(),
        );
    } else {
        report.skipped.push(
            "mdbook-mermaid: not found on PATH, so diagrams show as code; install it \
             (`cargo install mdbook-mermaid`) and run `mdbook-integration-spec init` again"
                .to_owned(),
        );
    }
    let toml_text = toml.to_string();
    if existing.as_deref() != Some(toml_text.as_str()) {
        std::fs::write(&toml_path, &toml_text)
            .map_err(|err| format!("cannot write {}: {err}", toml_path.display()))?;
    }
    let src = source_dir(&toml_text);
    create(dir, STARTER_FILE, STARTER_SPEC, &mut report)?;
    let chapter = src.join(STARTER_CHAPTER);
    let created_chapter = match starter_chapter(&src) {
        Some(text) => create(dir, &chapter.to_string_lossy(), &text, &mut report)?,
        None => false,
    };
    if created_chapter {
        add_to_summary(dir, &src, &mut report)?;
    } else {
        report.skipped.push(format!(
            "the starter chapter: write `{}` (the path relative to the chapter) on a line of its own in a chapter",
            directive("../")
        ));
    }
    if let Some(mermaid) = mermaid {
        install_mermaid(&mermaid, dir, &toml_text, &mut report);
    }
    Ok(report)
}

/// Adds keys to `book.toml`, never changing one that is set.
struct Edit<'e> {
    toml: &'e mut DocumentMut,
    report: &'e mut InitReport,
}

impl Edit<'_> {
    /// The table at `path` (a `[table]` or an inline `{ ... }` one), created when missing;
    /// `None`, reported against `shown`, when something else is there.
    fn table(&mut self, path: &[&str], shown: &str) -> Option<&mut dyn TableLike> {
        let mut table: &mut dyn TableLike = self.toml.as_table_mut();
        for (depth, name) in path.iter().enumerate() {
            let entry = table.entry(name).or_insert_with(|| {
                let mut new = Table::new();
                // `[preprocessor.x]` rather than an empty `[preprocessor]` above it.
                new.set_implicit(depth + 1 < path.len());
                Item::Table(new)
            });
            let Some(next) = entry.as_table_like_mut() else {
                self.report.skipped.push(format!(
                    "{shown}: `{}` is not a table in book.toml",
                    path.join(".")
                ));
                return None;
            };
            table = next;
        }
        Some(table)
    }

    /// `key = item` in the table at `path`, unless `key` is set.
    fn add(&mut self, path: &[&str], key: &str, item: Item) {
        let shown = format!("[{}] {key}", path.join("."));
        let Some(table) = self.table(path, &shown) else {
            return;
        };
        if table.contains_key(key) {
            return;
        }
        let text = item.to_string();
        table.insert(key, item);
        self.report
            .done
            .push(format!("book.toml: added {shown} = {}", text.trim()));
    }

    /// `entries` in the list `key` of the table at `path`: the list is created when missing; a
    /// list that is set without them keeps its value, and the user is told `why` to add them.
    fn add_list(&mut self, path: &[&str], key: &str, entries: &[&str], why: &str) {
        let shown = format!("[{}] {key}", path.join("."));
        let Some(table) = self.table(path, &shown) else {
            return;
        };
        let quoted: Vec<String> = entries.iter().map(|entry| format!("\"{entry}\"")).collect();
        let Some(item) = table.get(key) else {
            table.insert(key, value(entries.iter().copied().collect::<Array>()));
            self.report.done.push(format!(
                "book.toml: added {shown} = [{}]",
                quoted.join(", ")
            ));
            return;
        };
        let listed = |entry: &str| {
            item.as_array()
                .is_some_and(|list| list.iter().any(|item| item.as_str() == Some(entry)))
        };
        let missing: Vec<&str> = entries
            .iter()
            .zip(&quoted)
            .filter(|(entry, _)| !listed(entry))
            .map(|(_, quoted)| quoted.as_str())
            .collect();
        if !missing.is_empty() {
            self.report.skipped.push(format!(
                "book.toml: {shown} is set and left as it is; add {} to it {why}",
                missing.join(" and ")
            ));
        }
    }
}

fn has_table(toml: &DocumentMut, path: &[&str]) -> bool {
    let mut item = toml.as_item();
    for name in path {
        match item.get(name) {
            Some(next) => item = next,
            None => return false,
        }
    }
    item.is_table_like()
}

/// The book's `src` directory, relative to the book.
fn source_dir(toml_text: &str) -> PathBuf {
    let src = toml_text
        .parse::<DocumentMut>()
        .ok()
        .and_then(|toml| toml.get("book")?.get("src")?.as_str().map(str::to_owned));
    PathBuf::from(src.unwrap_or_else(|| "src".to_owned()))
}

/// The starter chapter, whose directive reads the starter spec from `src`; `None` when
/// `src` is not a folder inside the book, which no relative path leads back from.
fn starter_chapter(src: &Path) -> Option<String> {
    let mut depth = 0usize;
    for component in src.components() {
        match component {
            Component::Normal(_) => depth += 1,
            Component::CurDir => {}
            Component::ParentDir => depth = depth.checked_sub(1)?,
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    let up = "../".repeat(depth);
    Some(format!(
        "# Orders API\n\n\
         The contract between the shop and the order service. The reference below is generated\n\
         from `{STARTER_FILE}` on every build, and the build checks it.\n\n\
         {}\n",
        directive(&up)
    ))
}

/// The directive that embeds the starter spec, `up` being the way from the chapter to the book.
fn directive(up: &str) -> String {
    format!("<<#integration-spec {up}{STARTER_FILE}>>")
}

/// Writes `contents` to `relative` in `dir` unless a file is there; whether it did.
fn create(
    dir: &Path,
    relative: &str,
    contents: &str,
    report: &mut InitReport,
) -> Result<bool, String> {
    let file = dir.join(relative);
    if file.exists() {
        report
            .skipped
            .push(format!("{relative}: exists and is left as it is"));
        return Ok(false);
    }
    if let Some(parent) = file.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|err| format!("cannot create {}: {err}", parent.display()))?;
    }
    std::fs::write(&file, contents)
        .map_err(|err| format!("cannot write {}: {err}", file.display()))?;
    report.done.push(format!("{relative}: created"));
    Ok(true)
}

/// Lists the starter chapter in `SUMMARY.md`: a new summary, or a line added after its last
/// line when that is a chapter of the list (after a suffix chapter, a list is an error).
fn add_to_summary(dir: &Path, src: &Path, report: &mut InitReport) -> Result<(), String> {
    let relative = src.join("SUMMARY.md");
    let shown = relative.display();
    let file = dir.join(&relative);
    let line = format!("- [Orders API]({STARTER_CHAPTER})");
    let mut summary = match std::fs::read_to_string(&file) {
        Ok(summary) => summary,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
            create(
                dir,
                &relative.to_string_lossy(),
                &format!("# Summary\n\n{line}\n"),
                report,
            )?;
            return Ok(());
        }
        Err(err) => {
            report.skipped.push(format!(
                "{shown}: cannot be read ({err}); add `{line}` to it"
            ));
            return Ok(());
        }
    };
    if summary.contains(&format!("({STARTER_CHAPTER})")) {
        return Ok(());
    }
    let last = summary.lines().rev().find(|line| !line.trim().is_empty());
    let ends_in_list = last.is_some_and(|last| {
        let item = last.trim_start();
        item.starts_with("- ") || item.starts_with("* ")
    });
    if !ends_in_list {
        report.skipped.push(format!(
            "{shown}: does not end with a chapter of its list, so it is left as it is; add `{line}` among its chapters"
        ));
        return Ok(());
    }
    if !summary.ends_with('\n') {
        summary.push('\n');
    }
    summary.push_str(&line);
    summary.push('\n');
    std::fs::write(&file, summary)
        .map_err(|err| format!("cannot write {}: {err}", file.display()))?;
    report.done.push(format!("{shown}: added {line}"));
    Ok(())
}

/// `mdbook-mermaid` on `path`, if it is there.
fn find_mermaid(path: Option<&std::ffi::OsStr>) -> Option<PathBuf> {
    let name = if cfg!(windows) {
        "mdbook-mermaid.exe"
    } else {
        "mdbook-mermaid"
    };
    std::env::split_paths(path?)
        .map(|dir| dir.join(name))
        .find(|candidate| candidate.is_file())
}

/// Runs `mdbook-mermaid install`, which writes Mermaid's scripts beside `book.toml` and lists
/// them in its `additional-js` (also in a list that was set: the report says so).
fn install_mermaid(mermaid: &Path, dir: &Path, toml_before: &str, report: &mut InitReport) {
    if MERMAID_JS.iter().all(|js| dir.join(js).exists()) {
        return;
    }
    match Command::new(mermaid).arg("install").arg(dir).output() {
        Ok(output) if output.status.success() => {
            report.done.push(format!(
                "ran `mdbook-mermaid install`: {}",
                MERMAID_JS.join(", ")
            ));
            let toml_after = std::fs::read_to_string(dir.join("book.toml")).unwrap_or_default();
            if toml_after != toml_before {
                report
                    .skipped
                    .retain(|line| !line.contains("additional-js"));
                report.done.push(
                    "book.toml: `mdbook-mermaid install` listed its scripts in [output.html] additional-js"
                        .to_owned(),
                );
            }
        }
        Ok(output) => report.skipped.push(format!(
            "`mdbook-mermaid install` failed ({}); run it yourself: {}",
            output.status,
            String::from_utf8_lossy(&output.stderr).trim()
        )),
        Err(err) => report.skipped.push(format!(
            "cannot run mdbook-mermaid ({err}); run `mdbook-mermaid install` yourself"
        )),
    }
}

/// The report as the command prints it.
fn describe(dir: &Path, report: &InitReport) -> String {
    let mut text = String::new();
    for line in &report.done {
        let _ = writeln!(text, "  done     {line}");
    }
    for line in &report.skipped {
        let _ = writeln!(text, "  skipped  {line}");
    }
    if report.done.is_empty() {
        let _ = writeln!(text, "Nothing to add: the book is set up.");
    }
    let _ = writeln!(
        text,
        "\nPreview it with: mdbook serve {} --open",
        dir.display()
    );
    text
}
