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

/// A book whose only chapter uses `spec`, with `settings` under our table.
fn book_with(settings: &str, spec: &str) -> TempBook {
    let spec_text =
        std::fs::read_to_string(crate::support::fixtures().join("specs").join(spec)).unwrap();
    TempBook::new(
        &format!("{settings}\n[output.html]\n[output.markdown]\n"),
        &[
            ("src/SUMMARY.md", "- [Spec](spec.md)\n"),
            (
                "src/spec.md",
                "# Spec\n\nBefore.\n\n<<#integration-spec ../specs/spec.yaml>>\n\nAfter.\n",
            ),
            ("specs/spec.yaml", &spec_text),
        ],
    )
}

#[test]
fn on_error_render_keeps_the_build_going_with_an_error_block() {
    let book = book_with("on-error = \"render\"", "invalid/unknown-field.yaml");
    let output = book.mdbook(&tool("MDBOOK"), &["build"]);
    let log = stderr(&output);
    assert!(output.status.success(), "{log}");
    assert!(
        log.contains("error[unknown-field]: unknown field `reponses` in an endpoint"),
        "{log}"
    );
    assert!(
        log.contains("shown in the book instead of the failing specs"),
        "{log}"
    );
    let page = book.read("book/markdown/spec.md");
    insta::assert_snapshot!(page);
    let html = book.read("book/html/spec.html");
    assert!(html.contains("<blockquote>"), "{html}");
    assert!(html.contains("integration-spec could not render"), "{html}");
}

#[test]
fn lints_warn_by_default_and_follow_their_levels() {
    // A warning alone does not fail the build.
    let book = book_with("", "invalid/missing-rollback.yaml");
    let output = book.mdbook(&tool("MDBOOK"), &["build"]);
    let log = stderr(&output);
    assert!(output.status.success(), "{log}");
    assert!(
        log.contains("warning[missing-rollback]: readiness: no rollback procedure"),
        "{log}"
    );
    assert!(log.contains("WARN integration-spec: 1 warning"), "{log}");

    // `deny-warnings` makes it fail.
    let book = book_with("deny-warnings = true", "invalid/missing-rollback.yaml");
    let output = book.mdbook(&tool("MDBOOK"), &["build"]);
    let log = stderr(&output);
    assert!(!output.status.success(), "{log}");
    assert!(log.contains("error[missing-rollback]"), "{log}");
    assert!(
        log.contains("`deny-warnings = true` makes this an error"),
        "{log}"
    );

    // A lint set to `allow` is silent; one set to `deny` fails.
    let book = book_with(
        "[preprocessor.integration-spec.lints]\nmissing-rollback = \"allow\"",
        "invalid/missing-rollback.yaml",
    );
    let output = book.mdbook(&tool("MDBOOK"), &["build"]);
    let log = stderr(&output);
    assert!(output.status.success(), "{log}");
    assert!(!log.contains("missing-rollback"), "{log}");
    let book = book_with(
        "[preprocessor.integration-spec.lints]\nmissing-rollback = \"deny\"",
        "invalid/missing-rollback.yaml",
    );
    let output = book.mdbook(&tool("MDBOOK"), &["build"]);
    assert!(!output.status.success());
    assert!(stderr(&output).contains("error[missing-rollback]"));
}

#[test]
fn every_finding_in_the_book_is_reported_in_one_run() {
    let files: Vec<(String, String)> = [
        "invalid/unknown-field.yaml",
        "invalid/invalid-example.yaml",
        "invalid/version-ahead.yaml",
    ]
    .iter()
    .enumerate()
    .map(|(idx, spec)| {
        let text =
            std::fs::read_to_string(crate::support::fixtures().join("specs").join(spec)).unwrap();
        (format!("specs/s{idx}.yaml"), text)
    })
    .collect();
    let mut all: Vec<(&str, &str)> = files
        .iter()
        .map(|(path, text)| (path.as_str(), text.as_str()))
        .collect();
    all.push(("src/SUMMARY.md", "- [A](a.md)\n- [B](b.md)\n"));
    all.push((
        "src/a.md",
        "<<#integration-spec ../specs/s0.yaml>>\n\n<<#integration-spec ../specs/s1.yaml>>\n",
    ));
    all.push(("src/b.md", "<<#integration-spec ../specs/s2.yaml>>\n"));
    let book = TempBook::new("", &all);
    let output = book.mdbook(&tool("MDBOOK"), &["build"]);
    let log = stderr(&output);
    assert!(!output.status.success());
    for expected in [
        "error[unknown-field]",
        "error[invalid-example]",
        "error[version-ahead]",
    ] {
        assert!(log.contains(expected), "{expected} missing from:\n{log}");
    }
    assert_eq!(
        log.matches("preprocessor exited unsuccessfully").count(),
        1,
        "{log}"
    );
    assert!(log.contains("ERROR integration-spec: 4 errors"), "{log}");
}

/// When mdBook's `links` runs after us, `{{#include}}` and `{{#title}}` written in a spec stay
/// text: a spec cannot pull files into the page, and template text in examples is kept exactly.
#[test]
fn mdbook_links_in_spec_text_stay_text() {
    for line in LINES {
        let book = TempBook::new(
            "[output.html]\n[output.markdown]\n",
            &[
                ("src/SUMMARY.md", "- [Spec](spec.md)\n"),
                (
                    "src/spec.md",
                    "# Spec\n\n<<#integration-spec ../specs/spec.yaml>>\n",
                ),
                ("secret.txt", "TOP-SECRET-CONTENT\n"),
                (
                    "specs/spec.yaml",
                    "integration-spec: \"1.0\"\ninfo:\n  title: Links\n  version: 1.0.0\n  summary: \"See {{#include ../secret.txt}} and {{#title Pwned}}\"\n  description: \"{{ #include ../secret.txt\\n}}\"\nwebhooks:\n  note.sent:\n    payload: { template: string (required) }\n    example: { template: \"{{#each items}}{{name}}{{/each}}\" }\n",
                ),
            ],
        );
        // Without `after = ["links"]`, mdBook runs `links` after us.
        let toml = book.read("book.toml").replace("after = [\"links\"]\n", "");
        book.write("book.toml", &toml);
        let output = book.mdbook(&tool(line), &["build"]);
        assert!(output.status.success(), "{line}: {}", stderr(&output));
        let markdown = book.read("book/markdown/spec.md");
        let html = book.read("book/html/spec.html");
        for page in [&markdown, &html] {
            assert!(!page.contains("TOP-SECRET"), "{line}: {page}");
            assert!(!page.contains("<title>Pwned"), "{line}");
        }
        assert!(
            markdown.contains("See {{#include ../secret.txt}} and {{#title Pwned}}"),
            "{line}: {markdown}"
        );
        assert!(
            markdown.contains("\"{{#each items}}{{name}}{{/each}}\""),
            "{line}: {markdown}"
        );
    }
}
