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

/// Every path to a mapping in `value`.
fn mapping_paths(value: &Value, at: &mut Vec<String>, found: &mut Vec<Vec<String>>) {
    match value {
        Value::Object(map) => {
            found.push(at.clone());
            for (key, item) in map {
                at.push(key.clone());
                mapping_paths(item, at, found);
                at.pop();
            }
        }
        Value::Array(items) => {
            for (idx, item) in items.iter().enumerate() {
                at.push(idx.to_string());
                mapping_paths(item, at, found);
                at.pop();
            }
        }
        _ => {}
    }
}

fn at_path<'v>(value: &'v mut Value, path: &[String]) -> &'v mut Value {
    path.iter().fold(value, |value, step| match value {
        Value::Array(items) => &mut items[step.parse::<usize>().unwrap()],
        other => &mut other[step.as_str()],
    })
}

/// The schema and the loader agree on every mapping of the valid fixtures: a key added where
/// the format has a fixed set of keys is refused by both, one added where keys are names
/// (fields, headers, entries) by neither; and no key taken away makes the schema refuse what
/// the build takes.
#[test]
fn the_schema_and_the_loader_agree_on_every_mapping() {
    let validator = validator();
    let structural = [
        "unknown-field",
        "missing-field",
        "invalid-type",
        "invalid-value",
        "invalid-status-code",
        "invalid-http-method",
    ];
    let loader_refuses = |instance: &Value| -> Vec<String> {
        let text = serde_json::to_string(instance).unwrap();
        let (_, diags) = mdbook_integration_spec::load::parse_spec(&text, Format::Json);
        diags
            .iter()
            .filter(|diag| structural.contains(&diag.code.as_str()))
            // A key that must be a media type is the loader's to judge.
            .filter(|diag| !diag.message.ends_with("is not a media type"))
            .map(|diag| format!("{}: {}", diag.code.as_str(), diag.message))
            .collect()
    };
    let mut checked = 0;
    for file in spec_files(&fixtures().join("specs/valid")) {
        let original = as_json(&file);
        if is_openapi(&original) || original.get("import").is_some() {
            continue;
        }
        let file = file.file_name().unwrap().to_string_lossy();
        let mut paths = Vec::new();
        mapping_paths(&original, &mut Vec::new(), &mut paths);
        for path in paths {
            let mut added = original.clone();
            if let Value::Object(map) = at_path(&mut added, &path) {
                map.insert("zz_not_a_key".into(), Value::String("x".into()));
            }
            let schema_refuses = !problems(&validator, &added).is_empty();
            let loader = loader_refuses(&added);
            // Inside examples and other free values the loader may find more (an example
            // that no longer fits its schema); about structure, the two say the same.
            assert_eq!(
                schema_refuses,
                !loader.is_empty(),
                "{file}: a key added at {}: schema refuses: {schema_refuses}; loader: {loader:?}",
                path.join(".")
            );
            checked += 1;
            // Each key taken away in turn: when the schema misses it, so does the build. (The
            // build misses more: keys one type of scheme needs, items referred to elsewhere.)
            let Value::Object(map) = at_path(&mut original.clone(), &path).clone() else {
                continue;
            };
            for key in map.keys() {
                let mut removed = original.clone();
                if let Value::Object(map) = at_path(&mut removed, &path) {
                    map.remove(key);
                }
                let schema_refuses = !problems(&validator, &removed).is_empty();
                let text = serde_json::to_string(&removed).unwrap();
                let (_, diags) = mdbook_integration_spec::load::parse_spec(&text, Format::Json);
                let build_fails = diags.iter().any(|diag| diag.is_error());
                assert!(
                    !schema_refuses || build_fails,
                    "{file}: {key} taken away at {}: schema refuses: {schema_refuses}; loader: {diags:?}",
                    path.join(".")
                );
            }
        }
    }
    assert!(checked > 300, "only {checked} mappings");
}

/// Where the build is strict, so is the schema: JSON Schema's type names as written, flows of
/// at least one step, a branch block with its branches. (`auth: NONE` passes the schema as a
/// scheme's name, which the build then refuses: the one loose end.)
#[test]
fn exact_words_and_non_empty_steps() {
    let validator = validator();
    let small = as_json(&fixtures().join("specs/valid/small.yaml"));
    let refused = |edit: &dyn Fn(&mut Value)| {
        let mut instance = small.clone();
        edit(&mut instance);
        !problems(&validator, &instance).is_empty()
    };
    assert!(!refused(&|_| {}));
    assert!(refused(&|spec| {
        spec["models"] = serde_json::json!({ "M": { "fields": { "a": { "type": "String" } } } });
    }));
    assert!(!refused(&|spec| {
        spec["models"] = serde_json::json!({ "M": { "fields": { "a": { "type": "string" } } } });
    }));
    assert!(refused(
        &|spec| spec["flows"]["ping"]["steps"] = serde_json::json!([])
    ));
    assert!(refused(&|spec| {
        spec["flows"]["ping"]["steps"] = serde_json::json!([{ "alt": null }]);
    }));
    assert!(!refused(
        &|spec| spec["endpoints"]["ping"]["auth"] = "none".into()
    ));
}
