//! Contract evolution: a pair of versions per change code (`fixtures/diff/<code>/`), each
//! diffed into a reviewed snapshot, and the `diff` command on files and git revisions.

use std::fmt::Write as _;
use std::fs;
use std::path::Path;

use mdbook_integration_spec::compare::{Comparison, Place, compare};
use mdbook_integration_spec::diff::ChangeCode;
use mdbook_integration_spec::load::{LoadLimits, LoadedSpec, load_spec_file, resolve_spec_file};

use crate::support::manifest_dir;

fn load(root: &Path, path: &Path) -> LoadedSpec {
    let limits = LoadLimits {
        allow_outside_root: false,
        max_spec_size: 10 * 1024 * 1024,
    };
    let file = resolve_spec_file(root, root, &path.to_string_lossy(), &limits).unwrap();
    let loaded = load_spec_file(&file, &limits);
    let errors: Vec<_> = loaded.diagnostics.iter().filter(|d| d.is_error()).collect();
    assert!(
        errors.is_empty(),
        "{} must load: {errors:#?}",
        path.display()
    );
    loaded
}

fn place(place: &Option<Place>) -> String {
    match place {
        Some(Place {
            file,
            location: Some(location),
            ..
        }) => format!("{}:{}:{}", file.display(), location.line, location.column),
        Some(Place {
            file,
            location: None,
            ..
        }) => file.display().to_string(),
        None => "-".to_owned(),
    }
}

/// The changes and the gate's verdict, as a snapshot shows them.
fn shown(comparison: &Comparison) -> String {
    let mut out = String::new();
    for located in &comparison.changes {
        let change = &located.change;
        let _ = writeln!(
            out,
            "{}[{}] {}",
            change.level(),
            change.code,
            change.message
        );
        let _ = writeln!(out, "  at:  {}", change.path());
        let _ = writeln!(out, "  old: {}", place(&located.old));
        let _ = writeln!(out, "  new: {}", place(&located.new));
    }
    let gate = &comparison.gate;
    let _ = writeln!(
        out,
        "bump: {} ({} -> {}, needs {})",
        gate.required_bump.as_str(),
        gate.old_version,
        gate.new_version,
        gate.required_version.as_deref().unwrap_or("-")
    );
    for finding in &comparison.findings {
        let diag = &finding.diagnostic;
        let _ = writeln!(
            out,
            "{}[{}] {}",
            diag.severity.as_str(),
            diag.code,
            diag.message
        );
    }
    out
}

fn diff_fixture(dir: &Path) -> Comparison {
    let root = manifest_dir();
    let relative = dir.strip_prefix(root).unwrap();
    let old = load(root, &relative.join("old.yaml"));
    let new = load(root, &relative.join("new.yaml"));
    compare(&old, &new).unwrap()
}

#[test]
fn every_rule_has_a_pair_of_versions_and_a_reviewed_diff() {
    insta::glob!("../fixtures", "diff/*/new.yaml", |path| {
        let dir = path.parent().unwrap();
        let code = dir.file_name().unwrap().to_string_lossy();
        let comparison = diff_fixture(dir);
        assert!(
            comparison
                .changes
                .iter()
                .any(|located| located.change.code.as_str() == code),
            "fixtures/diff/{code} must show a `{code}` change:\n{}",
            shown(&comparison)
        );
        insta::assert_snapshot!(shown(&comparison));
    });
}

#[test]
fn every_change_code_has_its_fixture() {
    let dir = manifest_dir().join("tests/fixtures/diff");
    for code in ChangeCode::ALL {
        assert!(
            dir.join(code.as_str()).join("new.yaml").is_file(),
            "tests/fixtures/diff/{code}/ needs old.yaml and new.yaml"
        );
    }
    for entry in fs::read_dir(&dir).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        assert!(
            ChangeCode::from_name(&name).is_some(),
            "tests/fixtures/diff/{name} names no change code"
        );
    }
}

/// The chapter on contract evolution names every code, and its examples are the fixtures'
/// reviewed diffs.
#[test]
fn the_book_documents_every_change_code_with_real_output() {
    let root = manifest_dir();
    let chapter = fs::read_to_string(root.join("example-book/src/evolution.md")).unwrap();
    for code in ChangeCode::ALL {
        let heading = format!("#### `{code}`");
        let section = chapter
            .split(&heading)
            .nth(1)
            .unwrap_or_else(|| panic!("evolution.md has no section for `{code}`"));
        let example = section
            .split("```text\n")
            .nth(1)
            .and_then(|block| block.split("\n```").next())
            .unwrap();
        let snapshot = fs::read_to_string(root.join(format!(
            "tests/it/snapshots/it__diff__every_rule_has_a_pair_of_versions_and_a_reviewed_diff@{code}__new.yaml.snap"
        )))
        .unwrap();
        assert!(
            snapshot.contains(example),
            "the example of `{code}` is not its fixture's diff:\n{example}"
        );
        let level = format!("**{}.**", capitalised(code.level().as_str()));
        assert!(
            section.trim_start().starts_with(&level),
            "`{code}` must say it is {level}"
        );
    }
}

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// Runs the binary in `dir`.
fn run(dir: &Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(crate::support::binary())
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn the_chapter_shows_what_diff_prints() {
    let root = manifest_dir();
    let fixture = "tests/fixtures/diff/request-field-became-required";
    let output = run(
        root,
        &[
            "diff",
            &format!("{fixture}/old.yaml"),
            &format!("{fixture}/new.yaml"),
        ],
    );
    assert_eq!(
        output.status.code(),
        Some(1),
        "a breaking change in an unchanged version fails"
    );
    let printed = String::from_utf8(output.stdout).unwrap();
    let chapter = fs::read_to_string(root.join("example-book/src/evolution.md")).unwrap();
    assert!(
        chapter.contains(printed.trim_end()),
        "evolution.md must show:\n{printed}"
    );
}

/// A temporary copy of the `request-field-became-required` pair with the given versions.
fn versions(dir: &Path, old_version: &str, new_version: &str) {
    let fixture = manifest_dir().join("tests/fixtures/diff/request-field-became-required");
    for (name, version) in [("old.yaml", old_version), ("new.yaml", new_version)] {
        let text = fs::read_to_string(fixture.join(name)).unwrap();
        let text = text.replacen("version: 1.0.0", &format!("version: {version}"), 1);
        fs::write(dir.join(name), text).unwrap();
    }
}

#[test]
fn the_exit_status_says_whether_the_version_is_honest() {
    let dir = tempfile::tempdir().unwrap();
    versions(dir.path(), "1.0.0", "2.0.0");
    let honest = run(dir.path(), &["diff", "old.yaml", "new.yaml"]);
    assert_eq!(
        honest.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&honest.stdout)
    );
    let stdout = String::from_utf8(honest.stdout).unwrap();
    assert!(
        stdout.ends_with(
            "1.0.0 → 2.0.0: 1 breaking change; it needs a major bump (2.0.0 or later)\n"
        ),
        "{stdout}"
    );
    // An honest major release still fails where breaking changes are not wanted.
    let strict = run(
        dir.path(),
        &["diff", "--fail-on", "breaking", "old.yaml", "new.yaml"],
    );
    assert_eq!(strict.status.code(), Some(1));
    versions(dir.path(), "1.0.0", "1.1.0");
    assert_eq!(
        run(dir.path(), &["diff", "old.yaml", "new.yaml"])
            .status
            .code(),
        Some(1)
    );
    // A folder holding a file of the new one's name.
    fs::create_dir(dir.path().join("released")).unwrap();
    fs::copy(
        dir.path().join("old.yaml"),
        dir.path().join("released/new.yaml"),
    )
    .unwrap();
    let folder = run(
        dir.path(),
        &["diff", "--format", "short", "released", "new.yaml"],
    );
    assert_eq!(folder.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&folder.stdout)
            .starts_with("new.yaml:59:18: breaking[request-field-became-required]")
    );
    // Files that cannot be read are usage errors.
    let missing = run(dir.path(), &["diff", "gone.yaml", "new.yaml"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("gone.yaml"));
}

#[test]
fn json_output_names_both_places_of_every_change() {
    let dir = tempfile::tempdir().unwrap();
    versions(dir.path(), "1.0.0", "1.1.0");
    let output = run(
        dir.path(),
        &["diff", "--format", "json", "old.yaml", "new.yaml"],
    );
    assert_eq!(output.status.code(), Some(1));
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(value["old_version"], "1.0.0");
    assert_eq!(value["new_version"], "1.1.0");
    assert_eq!(value["required_bump"], "major");
    assert_eq!(value["required_version"], "2.0.0");
    let change = &value["changes"][0];
    assert_eq!(change["code"], "request-field-became-required");
    assert_eq!(change["level"], "breaking");
    assert_eq!(
        change["path"],
        "endpoints.create-order.request.body.channel"
    );
    assert_eq!(
        change["old"],
        serde_json::json!({"file": "old.yaml", "line": 59, "column": 18})
    );
    assert_eq!(
        change["new"],
        serde_json::json!({"file": "new.yaml", "line": 59, "column": 18})
    );
    assert_eq!(
        change["item"],
        serde_json::json!({"kind": "endpoints", "id": "create-order"})
    );
    assert_eq!(value["findings"][0]["code"], "version-not-bumped");
    assert_eq!(value["findings"][0]["line"], 4);
    // Every format runs.
    for format in ["human", "short", "github", "markdown"] {
        let output = run(
            dir.path(),
            &["diff", "--format", format, "old.yaml", "new.yaml"],
        );
        assert_eq!(output.status.code(), Some(1), "{format}");
        assert!(
            String::from_utf8_lossy(&output.stdout).contains("request-field-became-required"),
            "{format}"
        );
    }
}

fn git(dir: &Path, args: &[&str]) {
    let status = std::process::Command::new("git")
        .current_dir(dir)
        .args([
            "-c",
            "user.name=Test",
            "-c",
            "user.email=test@example.com",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .output()
        .unwrap();
    assert!(
        status.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&status.stderr)
    );
}

#[test]
fn a_git_baseline_reads_the_spec_and_its_imports_at_the_revision() {
    let repo = tempfile::tempdir().unwrap();
    let repo = repo.path();
    let example = manifest_dir().join("example-book/specs");
    fs::create_dir(repo.join("specs")).unwrap();
    for name in ["parcels.yaml", "parcels.openapi.json"] {
        fs::copy(example.join(name), repo.join("specs").join(name)).unwrap();
    }
    git(repo, &["init", "-q", "-b", "main"]);
    git(repo, &["add", "."]);
    git(repo, &["commit", "-q", "-m", "2.1.0"]);
    git(repo, &["tag", "v2.1.0"]);
    // The next version drops a field of a model in the imported OpenAPI document and keeps
    // its version: a breaking change, found in the import at both revisions.
    let document = repo.join("specs/parcels.openapi.json");
    let text = fs::read_to_string(&document).unwrap();
    let mut value: serde_json::Value = serde_json::from_str(&text).unwrap();
    value["components"]["schemas"]["simple-parcel"]["properties"]
        .as_object_mut()
        .unwrap()
        .shift_remove("note")
        .unwrap();
    fs::write(&document, serde_json::to_string_pretty(&value).unwrap()).unwrap();
    git(repo, &["commit", "-q", "-am", "drop note"]);

    let output = run(
        repo,
        &[
            "diff",
            "--format",
            "json",
            "git:v2.1.0",
            "specs/parcels.yaml",
        ],
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let changes = value["changes"].as_array().unwrap();
    let removed = changes
        .iter()
        .find(|change| {
            change["old"]["file"]
                .as_str()
                .is_some_and(|f| f.ends_with("parcels.openapi.json"))
        })
        .unwrap_or_else(|| panic!("no change in the document: {changes:#?}"));
    assert_eq!(removed["old"]["file"], "v2.1.0:specs/parcels.openapi.json");
    assert!(removed["old"]["line"].as_u64().unwrap() > 1, "{removed}");
    assert!(
        removed["code"].as_str().unwrap().ends_with("field-removed"),
        "{removed}"
    );
    assert_eq!(value["findings"][0]["code"], "version-not-bumped");

    // No change against the working tree's own revision.
    let same = run(repo, &["diff", "git:HEAD", "specs/parcels.yaml"]);
    assert_eq!(
        same.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&same.stderr)
    );

    // A revision the repository does not have, as in a shallow clone: a usage error that
    // says how to fetch it.
    let clone = tempfile::tempdir().unwrap();
    let url = format!("file://{}", repo.display());
    git(
        clone.path(),
        &["clone", "-q", "--depth", "1", &url, "shallow"],
    );
    let shallow = clone.path().join("shallow");
    let output = run(&shallow, &["diff", "git:v2.1.0", "specs/parcels.yaml"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("unknown git revision `v2.1.0`")
            && stderr.contains("shallow")
            && stderr.contains("git fetch"),
        "{stderr}"
    );
}

/// A book with a baseline reports the gate's findings and shows the changes, breaking first
/// with what integrators must do.
#[test]
fn a_book_with_a_baseline_shows_what_changed() {
    let book = crate::support::TempBook::new(
        "baseline = \"released\"\n\n[output.markdown]\n",
        &[
            ("src/SUMMARY.md", "# Summary\n\n- [Chapter](chapter.md)\n"),
            (
                "src/chapter.md",
                "# Chapter\n\n<<#integration-spec ../specs/api.yaml sections=endpoints,changes>>\n",
            ),
        ],
    );
    let fixture = manifest_dir().join("tests/fixtures/diff/request-field-became-required");
    fs::create_dir_all(book.root().join("specs")).unwrap();
    fs::create_dir_all(book.root().join("released/specs")).unwrap();
    fs::copy(
        fixture.join("old.yaml"),
        book.root().join("released/specs/api.yaml"),
    )
    .unwrap();
    let new = fs::read_to_string(fixture.join("new.yaml")).unwrap();
    let new = new.replacen("version: 1.0.0", "version: 2.0.0", 1).replace(
        "changelog:\n",
        "changelog:\n  - version: 2.0.0\n    date: 2024-06-01\n    changes: [Channel is required]\n",
    );
    fs::write(book.root().join("specs/api.yaml"), new).unwrap();
    let report = mdbook_integration_spec::commands::check_book(book.root()).unwrap();
    let gate: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| {
            matches!(
                d.code.as_str(),
                "version-not-bumped" | "missing-changelog-entry"
            )
        })
        .collect();
    assert!(
        gate.is_empty(),
        "an honest major release passes the gate: {gate:#?}"
    );
    let md = mdbook_driver::MDBook::load(book.root()).unwrap();
    md.build().unwrap();
    let markdown = book.read("book/chapter.md");
    let changes = markdown
        .split("Changes since 1.0.0")
        .nth(1)
        .unwrap_or_else(|| panic!("{markdown}"));
    let breaking = changes.find("Breaking changes").unwrap();
    let compatible = changes.find("Compatible changes").unwrap_or(usize::MAX);
    assert!(breaking < compatible);
    assert!(
        changes.contains("[`create-order`](#api.endpoints.create-order)"),
        "{changes}"
    );
    assert!(
        changes.contains("**What to do:** send it in every request."),
        "{changes}"
    );
}

/// An OpenAPI document's changes are shown at the document's own lines and paths.
#[test]
fn openapi_changes_are_shown_where_the_document_writes_them() {
    let dir = tempfile::tempdir().unwrap();
    let original =
        fs::read_to_string(manifest_dir().join("example-book/specs/parcels.openapi.json")).unwrap();
    fs::write(dir.path().join("old.json"), &original).unwrap();
    let mut value: serde_json::Value = serde_json::from_str(&original).unwrap();
    value["paths"]
        .as_object_mut()
        .unwrap()
        .shift_remove("/trees")
        .unwrap();
    value["components"]["schemas"]["simple-parcel"]["required"]
        .as_array_mut()
        .unwrap()
        .push("note".into());
    fs::write(
        dir.path().join("new.json"),
        serde_json::to_string_pretty(&value).unwrap(),
    )
    .unwrap();
    let output = run(
        dir.path(),
        &["diff", "--format", "json", "old.json", "new.json"],
    );
    assert_eq!(output.status.code(), Some(1));
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let find = |code: &str| {
        value["changes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|change| change["code"] == code)
            .unwrap_or_else(|| panic!("no {code}: {value:#}"))
            .clone()
    };
    let removed = find("endpoint-removed");
    assert_eq!(removed["path"], "paths./trees.get");
    assert_eq!(removed["old"]["file"], "old.json");
    assert_eq!(removed["new"], serde_json::Value::Null);
    let required = find("request-field-became-required");
    assert_eq!(
        required["path"],
        "components.schemas.simple-parcel.properties.note"
    );
    let line = required["new"]["line"].as_u64().unwrap() as usize;
    let text = fs::read_to_string(dir.path().join("new.json")).unwrap();
    assert!(
        text.lines().nth(line - 1).unwrap().contains("\"note\""),
        "line {line}"
    );
}
