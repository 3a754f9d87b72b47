//! The real `mdbook` binaries, both supported lines, driving our real binary.

use crate::support::{TempBook, html_ids, stderr, tool};

const LINES: [&str; 2] = ["MDBOOK", "MDBOOK_LEGACY"];

#[test]
fn the_basic_book_builds_with_mdbook_05_and_04() {
    for line in LINES {
        let book = TempBook::fixture("basic");
        let output = book.mdbook(&tool(line), &["build"]);
        let log = stderr(&output);
        assert!(output.status.success(), "{line}: {log}");
        assert!(
            !log.contains("WARN") && !log.contains("warning["),
            "{line}: {log}"
        );
        let orders = book.read("book/html/orders.html");
        let ids = html_ids(&orders);
        for id in [
            "orders.overview",
            "orders.endpoints.create-order",
            "orders.models.order",
            "orders.readiness",
        ] {
            assert!(ids.iter().any(|found| found == id), "{line}: no id {id}");
        }
        assert!(orders.contains("<table>"), "{line}: GFM tables render");
        assert!(
            orders.contains("language-mermaid") || orders.contains("class=\"mermaid\""),
            "{line}"
        );
        assert_eq!(
            book.read("book/markdown/intro.md"),
            book.read("src/intro.md"),
            "{line}"
        );
        let included = book.read("book/markdown/included.md");
        assert!(
            included.contains("{ #small.readiness }"),
            "{line}: {included}"
        );
    }
}

#[test]
fn a_broken_spec_fails_the_build_with_a_precise_message() {
    for line in LINES {
        let book = TempBook::fixture("broken");
        let output = book.mdbook(&tool(line), &["build"]);
        assert!(!output.status.success(), "{line}");
        let log = stderr(&output);
        for expected in [
            "error[invalid-shorthand]: invalid field shorthand: unknown flag `maximum`",
            "┌─ specs/bad.yaml:8:38",
            "= at: models.Item.fields.qty",
            "= in: the directive at src/bad.md:5",
            "= help:",
            "preprocessor exited unsuccessfully",
        ] {
            assert!(
                log.contains(expected),
                "{line}: `{expected}` not in:\n{log}"
            );
        }
        assert!(!log.contains("panicked"), "{line}: {log}");
    }
}

#[test]
fn our_log_lines_follow_mdbook_log() {
    let book = TempBook::fixture("broken");
    let output = std::process::Command::new(tool("MDBOOK"))
        .arg("build")
        .arg(book.root())
        .env("MDBOOK_LOG", "error")
        .output()
        .unwrap();
    let log = stderr(&output);
    assert!(log.contains("ERROR integration-spec: 1 error"), "{log}");
}
