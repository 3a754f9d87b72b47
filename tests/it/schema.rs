//! `schema`: the JSON Schema of the format, published beside the example book, agrees with
//! the loader on every example spec and fixture.

use std::path::{Path, PathBuf};
use std::process::Command;

use mdbook_integration_spec::load::{Format, read_tree};
use serde_json::Value;

use crate::support::{binary, fixtures, manifest_dir};

/// The schema as committed (and published with the example book).
fn committed() -> Value {
    let path = manifest_dir().join("example-book/src/integration-spec.schema.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn validator() -> jsonschema::Validator {
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .build(&committed())
        .expect("the committed schema compiles")
}

/// A spec file as an editor's language server sees it: YAML as JSON, keys as text, merge
/// keys applied.
fn as_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap();
    let format = match path.extension().and_then(|ext| ext.to_str()) {
        Some("json") => Format::Json,
        _ => Format::Yaml,
    };
    read_tree(&text, format).unwrap_or_else(|err| panic!("{}: {}", path.display(), err.message))
}

/// OpenAPI documents are a format of their own, read through their translation.
fn is_openapi(value: &Value) -> bool {
    value.get("openapi").is_some() || value.get("swagger").is_some()
}

fn spec_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| {
            matches!(
                path.extension().and_then(|ext| ext.to_str()),
                Some("yaml" | "yml" | "json")
            )
        })
        .collect();
    files.sort();
    files
}

fn problems(validator: &jsonschema::Validator, instance: &Value) -> Vec<String> {
    validator
        .iter_errors(instance)
        .map(|err| format!("{} at {}", err, err.instance_path()))
        .collect()
}

#[test]
fn the_committed_schema_is_what_the_command_prints() {
    let output = Command::new(binary()).arg("schema").output().unwrap();
    assert!(output.status.success());
    let printed = String::from_utf8(output.stdout).unwrap();
    let committed = std::fs::read_to_string(
        manifest_dir().join("example-book/src/integration-spec.schema.json"),
    )
    .unwrap();
    assert!(
        printed == committed,
        "the schema changed: run `mdbook-integration-spec schema > example-book/src/integration-spec.schema.json`"
    );
}

#[test]
fn every_example_spec_and_valid_fixture_is_valid() {
    let validator = validator();
    let mut files = spec_files(&manifest_dir().join("example-book/specs"));
    files.extend(spec_files(&manifest_dir().join("example-book/history")));
    files.extend(spec_files(&fixtures().join("specs/valid")));
    // The spec `init` starts a book with.
    files.push(manifest_dir().join("src/commands/init/starter.yaml"));
    let mut checked = 0;
    for file in files {
        let instance = as_json(&file);
        if is_openapi(&instance) {
            continue;
        }
        let found = problems(&validator, &instance);
        assert!(found.is_empty(), "{}: {found:#?}", file.display());
        checked += 1;
    }
    assert!(checked >= 15, "only {checked} specs checked");
}

/// Invalid fixtures whose fault is their structure: a key the format does not have, a
/// value of the wrong type, a missing required key, a keyword outside its set. (A key that
/// only another type of scheme takes is the loader's to find: the schema has one table of
/// scheme keys.)
const STRUCTURAL: &[&str] = &[
    "unknown-field.yaml",
    "unknown-field-scheme-keys.yaml",
    "invalid-type.yaml",
    "missing-field.yaml",
    "invalid-http-method.yaml",
    "invalid-value.yaml",
    "invalid-status-code.yaml",
];

#[test]
fn invalid_fixtures_about_structure_fail_it() {
    let validator = validator();
    for name in STRUCTURAL {
        let instance = as_json(&fixtures().join("specs/invalid").join(name));
        assert!(
            !problems(&validator, &instance).is_empty(),
            "{name} passes the schema"
        );
    }
}
