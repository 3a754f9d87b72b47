//! Every diagnostic code has a fixture that produces it, with a reviewed snapshot of what the
//! user sees: `fixtures/specs/invalid/<code>*.yaml` for findings inside a spec, and
//! `fixtures/books/invalid/<code>/` for findings about the book, its settings or directives.

use std::fs;
use std::path::{Path, PathBuf};

use mdbook_integration_spec::Code;
use mdbook_integration_spec::commands::{CheckReport, check_book, check_files};
use mdbook_integration_spec::report;

use crate::support::{TempBook, fixtures};

/// Codes no input can produce: they report bugs in this program.
const UNREACHABLE: &[Code] = &[Code::Internal];

/// The code a fixture is named after: the longest code its file or directory name starts with.
fn code_of(name: &str) -> Code {
    Code::ALL
        .iter()
        .copied()
        .filter(|code| name.starts_with(code.as_str()))
        .max_by_key(|code| code.as_str().len())
        .unwrap_or_else(|| panic!("fixture `{name}` is not named after a diagnostic code"))
}

fn entries(dir: &Path) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect();
    paths.sort();
    paths
}

fn assert_has(report: &CheckReport, code: Code, name: &str) {
    let found: Vec<&str> = report
        .diagnostics
        .iter()
        .map(|diag| diag.code.as_str())
        .collect();
    assert!(
        report.diagnostics.iter().any(|diag| diag.code == code),
        "{name} must produce `{code}`, found {found:?}"
    );
}

#[test]
fn every_code_has_a_fixture() {
    let spec_fixtures = entries(&fixtures().join("specs/invalid"));
    let book_fixtures = entries(&fixtures().join("books/invalid"));
    let covered: Vec<Code> = spec_fixtures
        .iter()
        .chain(&book_fixtures)
        .map(|path| code_of(&path.file_name().unwrap().to_string_lossy()))
        .collect();
    for code in Code::ALL {
        assert!(
            covered.contains(code) || UNREACHABLE.contains(code),
            "no fixture produces `{code}`: add tests/fixtures/specs/invalid/{code}.yaml or tests/fixtures/books/invalid/{code}/"
        );
    }
}

#[test]
fn invalid_specs_report_their_code() {
    let root = env!("CARGO_MANIFEST_DIR");
    insta::glob!("../fixtures", "specs/invalid/*.{yaml,json}", |path| {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let relative = path.strip_prefix(root).unwrap();
        // Relative to the crate, where cargo runs tests, as a user running `check` there sees it.
        let report = check_files(&[relative.to_path_buf()]).unwrap();
        assert_has(&report, code_of(&name), &name);
        let human: Vec<String> = report
            .diagnostics
            .iter()
            .map(|diag| report::human(diag, &report.sources).trim_end().to_owned())
            .collect();
        insta::assert_snapshot!(human.join("\n\n"));
    });
}

#[test]
fn invalid_books_report_their_code() {
    for dir in entries(&fixtures().join("books/invalid")) {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let book = TempBook::copy_of(&dir);
        let report = check_book(book.root()).unwrap();
        assert_has(&report, code_of(&name), &name);
        let short: Vec<String> = report.diagnostics.iter().map(report::short).collect();
        insta::assert_snapshot!(format!("books-{name}"), book.redact(&short.join("\n")));
    }
}

#[test]
fn valid_specs_and_the_example_book_have_no_findings() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let valid = entries(&fixtures().join("specs/valid"));
    assert!(valid.len() >= 4);
    let report = check_files(&valid).unwrap();
    assert_eq!(
        report.diagnostics,
        [],
        "valid fixtures must pass every check"
    );
    let report = check_book(&root.join("example-book")).unwrap();
    assert_eq!(
        report.diagnostics,
        [],
        "the example book must pass every check"
    );
}

#[test]
fn the_book_documents_every_code() {
    let chapter = fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("example-book/src/diagnostics.md"),
    )
    .unwrap();
    for code in Code::ALL {
        assert!(
            chapter.contains(&format!("### `{code}`")),
            "example-book/src/diagnostics.md has no section for `{code}`"
        );
    }
}

/// Every place that lists the lints lists exactly the codes that have levels.
#[test]
fn the_docs_list_every_lint() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let read = |path: &str| fs::read_to_string(root.join(path)).unwrap();
    let chapter = read("example-book/src/diagnostics.md");
    let table = chapter.split("## Lint levels").nth(1).unwrap();
    let table = table.split("\n\n").nth(2).unwrap();
    let readme = read("README.md");
    let readme = readme
        .split("Lints are warnings by default")
        .nth(1)
        .unwrap();
    let readme = readme.split("A book sets their levels").next().unwrap();
    let configuration = read("example-book/src/configuration.md");
    let configuration = configuration.split("### Lint levels").nth(1).unwrap();
    let configuration = configuration.split("\n\n").nth(1).unwrap();
    for code in Code::ALL {
        let row = format!("| [`{code}`](#{code}) |");
        let named = format!("`{code}`");
        for (listed, place) in [
            (
                table.contains(&row),
                "the Lint levels table of diagnostics.md",
            ),
            (readme.contains(&named), "the README's lint list"),
            (
                configuration.contains(&named),
                "configuration.md's lint list",
            ),
        ] {
            assert_eq!(listed, code.is_lint(), "`{code}` in {place}");
        }
    }
}

/// The chapter's examples are real output: each one taken from a fixture must be in that
/// fixture's reviewed snapshot, so a changed message cannot leave the docs behind.
#[test]
fn the_book_shows_real_output() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let chapter = fs::read_to_string(root.join("example-book/src/diagnostics.md")).unwrap();
    let snapshots: String = entries(&root.join("tests/it/snapshots"))
        .iter()
        .map(|path| fs::read_to_string(path).unwrap())
        .collect();
    let mut checked = 0;
    for block in chapter.split("```text\n").skip(1) {
        let block = block.split("\n```").next().unwrap();
        if block.contains("┌─ tests/fixtures/") {
            assert!(snapshots.contains(block), "not in any snapshot:\n{block}");
            checked += 1;
            continue;
        }
        // One-line findings of the fixture books, whose snapshots name files under [ROOT].
        for line in block.lines() {
            if ["book.toml: ", "src/", "specs/"]
                .iter()
                .any(|start| line.starts_with(start))
            {
                let expected = format!("[ROOT]/{line}")
                    .replace("from src/", "from [ROOT]/src/")
                    .replace("\\{{", "{{");
                assert!(
                    snapshots.contains(&expected),
                    "not in any snapshot:\n{expected}"
                );
                checked += 1;
            }
        }
    }
    assert!(checked >= 40, "only {checked} examples checked");
}
