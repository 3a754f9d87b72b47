//! Whole books built in-process by the mdBook engine (`mdbook-driver`), which runs our real
//! binary as its preprocessor, exactly as `mdbook build` does.

use std::fs;

use mdbook_driver::MDBook;

use crate::support::{TempBook, html_ids};

fn build(book: &TempBook) -> Result<(), String> {
    let md = MDBook::load(book.root()).map_err(|err| format!("{err:#}"))?;
    md.build().map_err(|err| format!("{err:#}"))
}

#[test]
fn the_basic_book_expands_every_directive() {
    let book = TempBook::fixture("basic");
    build(&book).unwrap();

    let orders = book.read("book/markdown/orders.md");
    assert!(
        orders.starts_with("# Orders\n\nThe orders contract"),
        "{orders}"
    );
    assert!(orders.contains("\n## Overview { #orders.overview }\n"));
    assert!(orders.contains("\n### `POST /api/v1/orders` { #orders.endpoints.create-order }\n"));
    assert!(orders.contains("\n\nWritten by hand after the generated part.\n"));
    assert!(
        orders.contains("escape it: <<#integration-spec ../specs/orders.yaml>>"),
        "an escaped directive stays literal, without the backslash"
    );

    let payments = book.read("book/markdown/payments.md");
    assert!(
        payments.contains("\n> ### Overview { #payments.overview }\n>\n"),
        "{payments}"
    );
    assert!(
        !payments
            .lines()
            .any(|line| !line.is_empty() && !line.starts_with('>') && !line.starts_with('#')),
        "{payments}"
    );

    let deep = book.read("book/markdown/nested/deep.md");
    assert!(
        deep.contains("\n  ## Overview { #payments.overview }\n"),
        "{deep}"
    );
    assert!(deep.contains("\n  ```mermaid\n"), "{deep}");

    let included = book.read("book/markdown/included.md");
    assert!(
        included.contains("## From an included file\n\n\n**Version:** 1.0.0"),
        "{included}"
    );
    assert!(
        included.contains("### Readiness checklist { #small.readiness }"),
        "{included}"
    );
}

#[test]
fn a_chapter_without_directives_is_byte_identical() {
    let book = TempBook::fixture("basic");
    build(&book).unwrap();
    assert_eq!(
        book.read("book/markdown/intro.md"),
        book.read("src/intro.md")
    );
}

#[test]
fn generated_ids_are_unique_and_links_resolve_in_html() {
    let book = TempBook::fixture("basic");
    build(&book).unwrap();
    for page in [
        "orders.html",
        "payments.html",
        "nested/deep.html",
        "included.html",
    ] {
        let html = book.read(&format!("book/html/{page}"));
        let ids = html_ids(&html);
        let mut sorted = ids.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), ids.len(), "duplicate ids on {page}");
        for link in html.split("href=\"#").skip(1) {
            let target = link.split('"').next().unwrap();
            assert!(
                ids.iter().any(|id| id == target),
                "{page}: dangling #{target}"
            );
        }
    }
    let orders = book.read("book/html/orders.html");
    for id in [
        "orders.overview",
        "orders.endpoints.create-order",
        "orders.errors.insufficient_inventory",
        "orders.readiness",
    ] {
        assert!(
            html_ids(&orders).iter().any(|found| found == id),
            "missing {id}"
        );
    }
}

#[test]
fn builds_are_deterministic() {
    let first = TempBook::fixture("basic");
    let second = TempBook::fixture("basic");
    build(&first).unwrap();
    build(&second).unwrap();
    for page in ["orders.md", "payments.md", "nested/deep.md", "included.md"] {
        let path = format!("book/markdown/{page}");
        assert_eq!(first.read(&path), second.read(&path), "{page}");
    }
}

#[test]
fn a_broken_spec_fails_the_build() {
    let book = TempBook::fixture("broken");
    let err = build(&book).unwrap_err();
    assert!(err.contains("integration-spec"), "{err}");
    assert!(
        !book.root().join("book/bad.html").exists(),
        "no half-rendered page"
    );
}

#[test]
fn specs_outside_the_book_root_are_refused_unless_allowed() {
    let outer = tempfile::tempdir().unwrap();
    fs::write(
        outer.path().join("secret.yaml"),
        "integration-spec: \"1.0\"\ninfo: {title: Secret, version: 1.0.0}\n",
    )
    .unwrap();
    let book_dir = outer.path().join("book");
    let files = [
        ("src/SUMMARY.md", "- [A](a.md)\n"),
        ("src/a.md", "<<#integration-spec ../../secret.yaml>>\n"),
    ];
    let make = |extra: &str| {
        let book = TempBook::new(&format!("{extra}\n[output.markdown]\n"), &files);
        crate::support::copy_dir(book.root(), &book_dir);
        book_dir.clone()
    };
    let root = make("");
    let err = MDBook::load(&root).unwrap().build().unwrap_err();
    assert!(format!("{err:#}").contains("integration-spec"));

    fs::remove_dir_all(&root).unwrap();
    let root = make("allow-outside-root = true");
    MDBook::load(&root).unwrap().build().unwrap();
    let page = fs::read_to_string(root.join("book/a.md")).unwrap();
    assert!(page.contains("# Secret { #secret }"), "{page}");
}

#[cfg(unix)]
#[test]
fn a_symlink_cannot_escape_the_book_root() {
    let outer = tempfile::tempdir().unwrap();
    fs::write(
        outer.path().join("secret.yaml"),
        "integration-spec: \"1.0\"\ninfo: {title: Secret, version: 1.0.0}\n",
    )
    .unwrap();
    let book = TempBook::new(
        "[output.markdown]\n",
        &[
            ("src/SUMMARY.md", "- [A](a.md)\n"),
            ("src/a.md", "<<#integration-spec link.yaml>>\n"),
        ],
    );
    std::os::unix::fs::symlink(
        outer.path().join("secret.yaml"),
        book.root().join("src/link.yaml"),
    )
    .unwrap();
    let err = build(&book).unwrap_err();
    assert!(err.contains("integration-spec"), "{err}");
}

#[test]
fn oversized_specs_are_refused() {
    let big = format!(
        "integration-spec: \"1.0\"\ninfo: {{title: Big, version: 1.0.0, description: \"{}\"}}\n",
        "x".repeat(2048)
    );
    let book = TempBook::new(
        "max-spec-size = 1024\n[output.markdown]\n",
        &[
            ("src/SUMMARY.md", "- [A](a.md)\n"),
            ("src/a.md", "<<#integration-spec big.yaml>>\n"),
            ("src/big.yaml", &big),
        ],
    );
    assert!(build(&book).is_err());
}
