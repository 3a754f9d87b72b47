//! The binary's contract with mdBook: `supports`, JSON in and out, exit codes, stderr.

use std::io::Write;
use std::process::{Command, Output, Stdio};

use serde_json::{Value, json};

use crate::support::{TempBook, binary, stderr};

/// A spec that passes every check, so nothing but the book reaches stdout and stderr stays empty.
const SPEC: &str = include_str!("../fixtures/specs/valid/small.yaml");

fn run(input: &str) -> Output {
    let mut child = Command::new(binary())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let input = input.to_owned();
    // Write from a thread, as mdBook does, so a large book cannot deadlock the test.
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let output = child.wait_with_output().unwrap();
    writer.join().unwrap().unwrap();
    output
}

fn chapter(name: &str, source: &str, content: &str) -> Value {
    json!({"Chapter": {
        "name": name, "content": content, "number": [1], "sub_items": [],
        "path": source, "source_path": source, "parent_names": []
    }})
}

/// `[context, book]` as mdBook 0.5.4 sends it.
fn input_05(root: &std::path::Path, items: Vec<Value>) -> String {
    json!([
        {"root": root, "config": {"book": {"title": "T", "authors": [], "description": null, "language": "en", "text-direction": null},
                                   "build": {"extra-watch-dirs": ["specs"]},
                                   "preprocessor": {"integration-spec": {"command": "x", "after": ["links"]}}},
         "renderer": "html", "mdbook_version": "0.5.4"},
        {"items": items}
    ])
    .to_string()
}

/// `[context, book]` as mdBook 0.4.52 sends it.
fn input_04(root: &std::path::Path, sections: Vec<Value>) -> String {
    json!([
        {"root": root, "config": {"book": {"authors": [], "language": "en", "src": "src", "title": "T"},
                                   "preprocessor": {"integration-spec": {"command": "x"}}},
         "renderer": "html", "mdbook_version": "0.4.52"},
        {"sections": sections, "__non_exhaustive": null}
    ])
    .to_string()
}

#[test]
fn supports_every_renderer() {
    for renderer in ["html", "markdown", "pandoc", "epub"] {
        let status = Command::new(binary())
            .args(["supports", renderer])
            .status()
            .unwrap();
        assert!(status.success(), "{renderer}");
    }
}

#[test]
fn mdbook_05_book_is_expanded_and_echoed() {
    let book = TempBook::new("", &[("specs/tiny.yaml", SPEC), ("src/api/spec.md", "")]);
    let plain = "# Plain\r\n\r\nTrailing spaces   \nÜnïcödé \u{1F600}\n\n\n";
    let input = input_05(
        book.root(),
        vec![
            chapter(
                "Spec",
                "api/spec.md",
                "# Spec\n\n<<#integration-spec ../../specs/tiny.yaml>>\n",
            ),
            chapter("Plain", "plain.md", plain),
            json!({"PartTitle": "Part"}),
            json!("Separator"),
            json!({"Chapter": {"name": "Draft", "content": "", "number": null, "sub_items": [],
                               "path": null, "source_path": null, "parent_names": []}}),
        ],
    );
    let output = run(&input);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(stderr(&output), "");
    let out: Value = serde_json::from_slice(&output.stdout).expect("stdout is only the book JSON");
    let items = out["items"].as_array().unwrap();
    let expanded = items[0]["Chapter"]["content"].as_str().unwrap();
    assert!(
        expanded.starts_with("# Spec\n\n\n**Version:** 1.0.0 · **Status:** stable\n"),
        "{expanded}"
    );
    assert!(
        expanded.contains("## Error codes { #tiny.errors }"),
        "{expanded}"
    );
    assert!(!expanded.contains("<<#integration-spec"));
    // Everything except chapter content is echoed as received.
    assert_eq!(items[1]["Chapter"]["content"], plain);
    let sent: Value = serde_json::from_str(&input).unwrap();
    assert_eq!(items[1..], sent[1]["items"].as_array().unwrap()[1..]);
    assert_eq!(items[0]["Chapter"]["path"], "api/spec.md");
}

#[test]
fn mdbook_04_book_keeps_its_shape() {
    let book = TempBook::new("", &[("src/specs/tiny.yaml", SPEC)]);
    let input = input_04(
        book.root(),
        vec![chapter(
            "Spec",
            "spec.md",
            "<<#integration-spec specs/tiny.yaml>>\n",
        )],
    );
    let output = run(&input);
    assert!(output.status.success(), "{}", stderr(&output));
    let out: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        out.as_object().unwrap().keys().collect::<Vec<_>>(),
        ["sections", "__non_exhaustive"]
    );
    assert!(out["__non_exhaustive"].is_null());
    let content = out["sections"][0]["Chapter"]["content"].as_str().unwrap();
    assert!(content.contains("# Ping API { #tiny }"), "{content}");
}

#[test]
fn a_book_without_directives_is_byte_identical() {
    let book = TempBook::new("", &[]);
    let chapters: Vec<Value> = (0..50)
        .map(|n| {
            let content = format!("# Chapter {n}\r\n\r\n```\n<<#integration-spec not/expanded.yaml>>\n```\n\t tabs and `<<#integration-spec inline.yaml>>`\n");
            chapter(&format!("C{n}"), &format!("c{n}.md"), &content)
        })
        .collect();
    let input = input_05(book.root(), chapters);
    let output = run(&input);
    assert!(output.status.success(), "{}", stderr(&output));
    let sent: Value = serde_json::from_str(&input).unwrap();
    let out: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(out, sent[1]);
}

#[test]
fn large_books_do_not_deadlock() {
    let book = TempBook::new("", &[]);
    let big = "Lorem ipsum dolor sit amet. ".repeat(40_000);
    let input = input_05(book.root(), vec![chapter("Big", "big.md", &big)]);
    assert!(input.len() > 1_000_000);
    let output = run(&input);
    assert!(output.status.success());
    let out: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(out["items"][0]["Chapter"]["content"], big);
}

#[test]
fn a_failing_directive_fails_with_the_chapter_line_and_file() {
    let bad = "integration-spec: \"1.0\"\ninfo:\n  title: Bad\n  version: 1.0.0\nendpoints:\n  a:\n    method: GET\n    path: /a\n    reqest: {}\n";
    let book = TempBook::new(
        "",
        &[
            ("specs/bad.yaml", bad),
            ("src/one.md", ""),
            ("src/two.md", ""),
        ],
    );
    let input = input_05(
        book.root(),
        vec![
            chapter(
                "One",
                "one.md",
                "# One\n\nText\n\n<<#integration-spec ../specs/bad.yaml>>\n",
            ),
            chapter(
                "Two",
                "two.md",
                "# Two\n\n<<#integration-spec ../specs/missing.yaml>>\n",
            ),
        ],
    );
    let output = run(&input);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        output.stdout.is_empty(),
        "nothing half-rendered reaches mdBook"
    );
    insta::assert_snapshot!(book.redact(&stderr(&output)));
}

#[test]
fn unknown_settings_are_named() {
    let book = TempBook::new("", &[]);
    let input = json!([
        {"root": book.root(), "config": {"book": {}, "preprocessor": {"integration-spec": {"allow-outside-rot": true}}},
         "renderer": "html", "mdbook_version": "0.5.4"},
        {"items": []}
    ])
    .to_string();
    let output = run(&input);
    assert_eq!(output.status.code(), Some(1));
    let text = stderr(&output);
    assert!(
        text.contains("unknown setting `allow-outside-rot`"),
        "{text}"
    );
    assert!(
        text.contains("did you mean `allow-outside-root`?"),
        "{text}"
    );
}

#[test]
fn garbage_input_is_an_error_not_a_panic() {
    for input in ["", "{}", "[1]", "not json", "[{}, {\"items\": 5}]"] {
        let output = run(input);
        let text = stderr(&output);
        assert!(!text.contains("panicked"), "{input}: {text}");
        if !output.status.success() {
            assert!(text.contains("ERROR"), "{input}: {text}");
        }
    }
}

#[test]
fn render_prints_the_markdown_a_book_gets() {
    let output = Command::new(binary())
        .args(["render", "tests/fixtures/specs/valid/orders.yaml"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let markdown = String::from_utf8(output.stdout).unwrap();
    assert!(markdown.starts_with("# Orders API { #orders }\n"));
}

fn check(args: &[&str]) -> Output {
    Command::new(binary())
        .arg("check")
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap()
}

#[test]
fn check_exits_0_when_clean_1_on_findings_2_on_usage_or_io_errors() {
    let clean = check(&[
        "tests/fixtures/specs/valid/small.yaml",
        "tests/fixtures/specs/valid/orders.yaml",
    ]);
    assert_eq!(clean.status.code(), Some(0), "{}", stderr(&clean));
    assert_eq!(
        String::from_utf8(clean.stdout).unwrap(),
        "no errors or warnings in 2 spec files\n"
    );

    let findings = check(&["tests/fixtures/specs/invalid/unknown-field.yaml"]);
    assert_eq!(findings.status.code(), Some(1));
    let text = String::from_utf8(findings.stdout).unwrap();
    assert!(
        text.starts_with("error[unknown-field]: unknown field `reponses` in an endpoint\n"),
        "{text}"
    );

    assert!(
        text.ends_with("\n1 error in 1 spec file\n"),
        "the human format ends with a summary: {text}"
    );

    let warnings_only = check(&["tests/fixtures/specs/invalid/missing-rollback.yaml"]);
    assert_eq!(warnings_only.status.code(), Some(1));
    let text = String::from_utf8(warnings_only.stdout).unwrap();
    assert!(text.ends_with("\n1 warning in 1 spec file\n"), "{text}");

    assert_eq!(
        check(&["tests/fixtures/specs/valid/no-such.yaml"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        check(&["--format", "xml", "tests/fixtures/specs/valid/small.yaml"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        check(&["--book", "tests/fixtures/no-such-book"])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn check_formats() {
    let file = "tests/fixtures/specs/invalid/unknown-field.yaml";
    let short = String::from_utf8(check(&["--format", "short", file]).stdout).unwrap();
    assert_eq!(
        short,
        "tests/fixtures/specs/invalid/unknown-field.yaml:23:5: error[unknown-field]: unknown field `reponses` in an endpoint (at endpoints.ping.reponses; help: did you mean `responses`?)\n"
    );
    let github = String::from_utf8(check(&["--format", "github", file]).stdout).unwrap();
    assert!(github.starts_with("::error file=tests/fixtures/specs/invalid/unknown-field.yaml,line=23,col=5,title=integration-spec unknown-field::"), "{github}");
    let json: Value = serde_json::from_slice(&check(&["--format", "json", file]).stdout).unwrap();
    assert_eq!(json[0]["code"], "unknown-field");
    assert_eq!(json[0]["line"], 23);
}

#[test]
fn check_a_book_like_a_build_would() {
    let book = TempBook::fixture("basic");
    let output = check(&["--book", book.root().to_str().unwrap()]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );
    let broken = TempBook::fixture("broken");
    let output = check(&[
        "--book",
        broken.root().to_str().unwrap(),
        "--format",
        "short",
    ]);
    assert_eq!(output.status.code(), Some(1));
    let text = String::from_utf8(output.stdout).unwrap();
    assert_eq!(
        broken.redact(&text),
        "[ROOT]/specs/bad.yaml:8:38: error[invalid-shorthand]: invalid field shorthand: unknown flag `maximum` (at models.Item.fields.qty; from [ROOT]/src/bad.md:5; help: did you mean `max`?)\n"
    );
}

#[test]
fn render_exits_1_on_spec_errors_2_on_usage_or_io_errors() {
    let render = |args: &[&str]| {
        Command::new(binary())
            .arg("render")
            .args(args)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .output()
            .unwrap()
    };
    let missing = render(&["tests/fixtures/specs/valid/no-such.yaml"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(missing.stdout.is_empty());
    assert!(
        stderr(&missing)
            .contains("help: paths on the command line are relative to the working directory"),
        "{}",
        stderr(&missing)
    );
    let invalid = render(&["tests/fixtures/specs/invalid/unknown-field.yaml"]);
    assert_eq!(invalid.status.code(), Some(1));
    assert!(invalid.stdout.is_empty());
    let bad_argument = render(&["tests/fixtures/specs/valid/orders.yaml", "sections=nope"]);
    assert_eq!(bad_argument.status.code(), Some(2));
    assert!(bad_argument.stdout.is_empty());
}

/// `check ... | head` and `render ... | head`: the reader leaving early is not an error.
#[test]
fn a_reader_that_stops_early_is_not_an_error() {
    for args in [
        &["check", "tests/fixtures/specs/invalid/unknown-field.yaml"][..],
        &["render", "example-book/specs/orders.yaml"][..],
    ] {
        let mut child = Command::new(binary())
            .args(args)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Close the reading end before the spec is even loaded.
        drop(child.stdout.take());
        let output = child.wait_with_output().unwrap();
        let expected = if args[0] == "check" { 1 } else { 0 };
        assert_eq!(output.status.code(), Some(expected), "{args:?}");
        assert_eq!(stderr(&output), "", "{args:?}");
    }
}

/// A named pipe is not read: opening it would wait for a writer forever.
#[cfg(unix)]
#[test]
fn a_named_pipe_is_refused_not_waited_on() {
    let dir = tempfile::tempdir().unwrap();
    let pipe = dir.path().join("spec.yaml");
    let made = Command::new("mkfifo").arg(&pipe).status().unwrap();
    assert!(made.success());
    let mut child = Command::new(binary())
        .arg("check")
        .arg(&pipe)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut waited = 0;
    while child.try_wait().unwrap().is_none() {
        assert!(waited < 200, "check waits on the pipe");
        std::thread::sleep(std::time::Duration::from_millis(100));
        waited += 1;
    }
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.contains("is not a regular file"), "{text}");
}
