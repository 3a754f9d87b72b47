//! `init`: a new book builds clean at once with the real mdBook; an existing book is only
//! added to.

use std::path::Path;
use std::process::{Command, Output};

use crate::support::{binary, stderr, tool};

/// `PATH` with our binary, and mdbook-mermaid's directory when `with_mermaid`; nothing else,
/// so that a machine-wide mdbook-mermaid does not leak in.
fn path(with_mermaid: bool) -> String {
    let mut dirs = vec![binary().parent().unwrap().to_path_buf()];
    if with_mermaid {
        dirs.push(tool("MDBOOK_MERMAID").parent().unwrap().to_path_buf());
    }
    dirs.push("/usr/bin".into());
    dirs.push("/bin".into());
    std::env::join_paths(dirs).unwrap().into_string().unwrap()
}

fn init(dir: &Path, with_mermaid: bool) -> Output {
    Command::new(binary())
        .arg("init")
        .arg(dir)
        .env("PATH", path(with_mermaid))
        .output()
        .unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Builds `dir` with `mdbook` and asserts a clean build: no finding of ours, no error.
fn builds_clean(mdbook: &Path, dir: &Path, with_mermaid: bool) {
    let build = Command::new(mdbook)
        .arg("build")
        .arg(dir)
        .env("PATH", path(with_mermaid))
        .env_remove("MDBOOK_LOG")
        .env_remove("RUST_LOG")
        .output()
        .unwrap();
    let log = stderr(&build);
    assert!(build.status.success(), "{log}");
    assert!(
        !log.contains("error") && !log.contains("warning[") && !log.contains("WARN"),
        "{log}"
    );
}

fn read(dir: &Path, file: &str) -> String {
    std::fs::read_to_string(dir.join(file)).unwrap()
}

/// The files `init` writes, as they are.
fn contents(dir: &Path) -> Vec<String> {
    [
        "book.toml",
        "src/SUMMARY.md",
        "src/orders.md",
        "specs/orders.yaml",
    ]
    .iter()
    .map(|file| read(dir, file))
    .collect()
}

#[test]
fn a_new_book_builds_clean_at_once_and_a_second_init_adds_nothing() {
    let temp = tempfile::tempdir().unwrap();
    let dir = temp.path().join("docs");
    let first = init(&dir, true);
    assert!(first.status.success(), "{}", stderr(&first));
    let report = stdout(&first);
    assert!(report.contains("ran `mdbook-mermaid install`"), "{report}");
    assert!(dir.join("mermaid.min.js").is_file());
    let toml = read(&dir, "book.toml");
    for line in [
        "extra-watch-dirs = [\"specs\"]",
        "[preprocessor.integration-spec]",
        "after = [\"links\"]",
        "before = [\"mermaid\"]",
        "command = \"mdbook-mermaid\"",
        "additional-js = [\"mermaid.min.js\", \"mermaid-init.js\"]",
    ] {
        assert!(toml.contains(line), "{line} missing:\n{toml}");
    }
    builds_clean(&tool("MDBOOK"), &dir, true);
    let page = read(&dir, "book/orders.html");
    assert!(page.contains("POST /orders"), "the directive is expanded");
    assert!(page.contains("class=\"mermaid\""), "the flow is a diagram");
    // The spec passes every check and lint, by itself too.
    let check = Command::new(binary())
        .args(["check", "--book"])
        .arg(&dir)
        .output()
        .unwrap();
    assert!(check.status.success(), "{}", stdout(&check));

    let before = contents(&dir);
    let second = init(&dir, true);
    assert!(second.status.success());
    assert!(
        stdout(&second).contains("Nothing to add"),
        "{}",
        stdout(&second)
    );
    let after = contents(&dir);
    assert_eq!(before, after);
}

#[test]
fn without_mdbook_mermaid_the_book_still_builds_and_init_says_how() {
    let temp = tempfile::tempdir().unwrap();
    let output = init(temp.path(), false);
    assert!(output.status.success());
    let report = stdout(&output);
    assert!(
        report.contains("mdbook-mermaid: not found on PATH"),
        "{report}"
    );
    let toml = read(temp.path(), "book.toml");
    assert!(!toml.contains("mermaid"), "{toml}");
    builds_clean(&tool("MDBOOK"), temp.path(), false);
    // mdBook 0.4 reads the same set-up.
    std::fs::remove_dir_all(temp.path().join("book")).unwrap();
    builds_clean(&tool("MDBOOK_LEGACY"), temp.path(), false);
}

#[test]
fn an_existing_book_keeps_its_values_comments_and_files() {
    let temp = tempfile::tempdir().unwrap();
    let dir = temp.path();
    let toml = "# Our handbook\n[book]\ntitle = \"Handbook\"   # shown in the header\nsrc = \"content\"\n\n[build]\nextra-watch-dirs = [\"docs\"]\n\n[preprocessor.integration-spec]\nbefore = [\"other\"]\n";
    std::fs::write(dir.join("book.toml"), toml).unwrap();
    std::fs::create_dir_all(dir.join("content")).unwrap();
    std::fs::write(
        dir.join("content/SUMMARY.md"),
        "# Summary\n\n- [Intro](intro.md)",
    )
    .unwrap();
    std::fs::write(dir.join("content/intro.md"), "# Intro\n").unwrap();

    let output = init(dir, false);
    assert!(output.status.success(), "{}", stderr(&output));
    let report = stdout(&output);
    let written = read(dir, "book.toml");
    // Added where missing, after what was there, comments and values kept.
    assert!(written.starts_with(toml), "{written}");
    assert!(written.contains("after = [\"links\"]"), "{written}");
    assert!(!written.contains("\"specs\""), "{written}");
    assert!(
        report.contains("[build] extra-watch-dirs is set and left as it is; add \"specs\""),
        "{report}"
    );
    // The book's own `src` is used, and the chapter is listed after the others.
    assert_eq!(
        read(dir, "content/SUMMARY.md"),
        "# Summary\n\n- [Intro](intro.md)\n- [Orders API](orders.md)\n"
    );
    assert!(read(dir, "content/orders.md").contains("<<#integration-spec ../specs/orders.yaml>>"));

    // A chapter of that name is the user's: left alone, and not listed again.
    std::fs::write(dir.join("content/orders.md"), "# Our orders\n").unwrap();
    let again = init(dir, false);
    assert!(stdout(&again).contains("content/orders.md: exists and is left as it is"));
    assert_eq!(read(dir, "content/orders.md"), "# Our orders\n");
}

#[test]
fn a_book_toml_that_does_not_parse_is_left_alone() {
    let temp = tempfile::tempdir().unwrap();
    std::fs::write(temp.path().join("book.toml"), "[book\ntitle = 1\n").unwrap();
    let output = init(temp.path(), false);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("is not valid TOML"),
        "{}",
        stderr(&output)
    );
    assert_eq!(read(temp.path(), "book.toml"), "[book\ntitle = 1\n");
    assert!(!temp.path().join("src").exists());
}

#[test]
fn a_source_folder_written_with_dot_gets_the_right_directive() {
    let temp = tempfile::tempdir().unwrap();
    std::fs::write(
        temp.path().join("book.toml"),
        "[book]\ntitle = \"Dotted\"\nsrc = \"./src\"\n",
    )
    .unwrap();
    let output = init(temp.path(), false);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        read(temp.path(), "src/orders.md").contains("<<#integration-spec ../specs/orders.yaml>>")
    );
    builds_clean(&tool("MDBOOK"), temp.path(), false);
}

#[test]
fn a_summary_ending_in_a_suffix_chapter_is_left_alone_and_the_line_reported() {
    let temp = tempfile::tempdir().unwrap();
    let dir = temp.path();
    std::fs::create_dir_all(dir.join("src")).unwrap();
    let summary = "# Summary\n\n- [Intro](intro.md)\n\n[Thanks](thanks.md)\n";
    std::fs::write(dir.join("src/SUMMARY.md"), summary).unwrap();
    std::fs::write(dir.join("src/intro.md"), "# Intro\n").unwrap();
    std::fs::write(dir.join("src/thanks.md"), "# Thanks\n").unwrap();
    let output = init(dir, false);
    let report = stdout(&output);
    assert_eq!(read(dir, "src/SUMMARY.md"), summary);
    assert!(
        report.contains("add `- [Orders API](orders.md)` among its chapters"),
        "{report}"
    );
    // The book still builds (the chapter is simply not listed yet).
    builds_clean(&tool("MDBOOK"), dir, false);
}

#[test]
fn an_existing_chapter_of_that_name_gets_the_directive_to_write_instead() {
    let temp = tempfile::tempdir().unwrap();
    let dir = temp.path();
    std::fs::create_dir_all(dir.join("src")).unwrap();
    std::fs::write(dir.join("src/orders.md"), "# Our orders\n").unwrap();
    let report = stdout(&init(dir, false));
    assert!(
        report.contains("src/orders.md: exists and is left as it is"),
        "{report}"
    );
    assert!(
        report.contains("write `<<#integration-spec ../specs/orders.yaml>>`"),
        "{report}"
    );
    assert_eq!(read(dir, "src/orders.md"), "# Our orders\n");
}

#[test]
fn inline_tables_are_tables() {
    let temp = tempfile::tempdir().unwrap();
    let toml = "[book]\ntitle = \"Inline\"\n\n[preprocessor]\nintegration-spec = { after = [\"links\"] }\n";
    std::fs::write(temp.path().join("book.toml"), toml).unwrap();
    let report = stdout(&init(temp.path(), false));
    assert!(!report.contains("is not a table"), "{report}");
    let written = read(temp.path(), "book.toml");
    assert!(
        written.contains("integration-spec = { after = [\"links\"] }"),
        "{written}"
    );
    builds_clean(&tool("MDBOOK"), temp.path(), false);
}
