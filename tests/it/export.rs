//! `export`: specs as OpenAPI 3.1 documents. Every valid fixture and the example book's
//! specs export to a document a real validator (`redocly lint`) accepts, and that the
//! importer reads back as the same model, but for the documented losses.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use mdbook_integration_spec::analyze::analyze_spec_file;
use mdbook_integration_spec::export::to_openapi;
use mdbook_integration_spec::load::{LoadLimits, resolve_spec_file};
use mdbook_integration_spec::spec::{
    AuthKind, Content, ContentForm, EndpointAuth, Field, FieldType, Fields, Response,
    ResponseStatus, Security, Spec, reason_phrase,
};

use crate::support::{binary, manifest_dir, redocly_lint};

/// Every spec that exports: the valid fixtures and the example book's specs.
fn exported_specs() -> Vec<PathBuf> {
    let mut paths = Vec::new();
    for dir in ["tests/fixtures/specs/valid", "example-book/specs"] {
        for entry in fs::read_dir(manifest_dir().join(dir)).unwrap() {
            let path = entry.unwrap().path();
            if matches!(
                path.extension().and_then(|ext| ext.to_str()),
                Some("yaml" | "yml" | "json")
            ) {
                paths.push(path);
            }
        }
    }
    paths.sort();
    paths
}

/// A spec file, loaded and checked; it must be clean.
fn load(path: &Path) -> Spec {
    let limits = LoadLimits {
        allow_outside_root: true,
        max_spec_size: 10 * 1024 * 1024,
    };
    let name = path.file_name().unwrap().to_string_lossy();
    let file = resolve_spec_file(
        path.parent().unwrap(),
        path.parent().unwrap(),
        &name,
        &limits,
    )
    .unwrap();
    let loaded = analyze_spec_file(&file, &limits);
    assert_eq!(
        loaded.diagnostics,
        [],
        "{} must load cleanly and pass every check",
        path.display()
    );
    loaded.spec.unwrap()
}

/// `path` exported as JSON into `dir`.
fn export_into(path: &Path, dir: &Path) -> PathBuf {
    let document = to_openapi(&load(path));
    let stem = path.file_stem().unwrap().to_string_lossy();
    let out = dir.join(format!("{stem}.openapi.json"));
    fs::write(&out, serde_json::to_string_pretty(&document).unwrap()).unwrap();
    out
}

#[test]
fn every_export_reads_back_as_the_same_model() {
    let dir = tempfile::tempdir().unwrap();
    let mut failures = Vec::new();
    for path in exported_specs() {
        let original = load(&path);
        let exported = export_into(&path, dir.path());
        let back = load(&exported);
        let (original, back) = (comparable(original), comparable(back));
        // Links to what is not exported, and links the page shows as text (to a URL that
        // could run code, a relative path), are their text.
        let unexported = fancy_regex::Regex::new(
            r"\[([^\]]*)\]\((?:#(?:overview|flows|tests|mappings|monitoring|rollback|changelog)(?:\.[^)]*)?|(?!<?(?:https?:|mailto:|#))(?:[^()]|\([^()]*\))*)\)",
        )
        .unwrap();
        let autolinks =
            fancy_regex::Regex::new(r"<(?!https?:|mailto:)([a-zA-Z][a-zA-Z0-9+.-]*:[^>\s]*)>")
                .unwrap();
        let (left, right) = (format!("{original:#?}"), format!("{back:#?}"));
        let left = unexported.replace_all(&left, "$1").into_owned();
        let left = autolinks.replace_all(&left, "$1").into_owned();
        // HTML in prose is text; it comes back escaped, and shows the same. A number keeps
        // its value, written as JSON writes it.
        let (left, right) = (left.replace("\\\\<", "<"), right.replace("\\\\<", "<"));
        let exponent = fancy_regex::Regex::new(r"(\d)e\+(\d)").unwrap();
        let right = exponent.replace_all(&right, "${1}e${2}").into_owned();
        if left != right {
            let first = left
                .lines()
                .zip(right.lines())
                .position(|(a, b)| a != b)
                .unwrap_or(0);
            let context = |text: &str| -> String {
                text.lines()
                    .skip(first.saturating_sub(4))
                    .take(14)
                    .collect::<Vec<_>>()
                    .join("\n")
            };
            failures.push(format!(
                "{} does not read back as the same model; first difference at line {first}:\n--- spec\n{}\n--- read back\n{}",
                path.display(),
                context(&left),
                context(&right)
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn every_export_passes_redocly_lint() {
    let dir = tempfile::tempdir().unwrap();
    let mut failures = Vec::new();
    for path in exported_specs() {
        let exported = export_into(&path, dir.path());
        if let Err(report) = redocly_lint(&exported) {
            failures.push(format!("{}:\n{report}", path.display()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// The example book publishes the OpenAPI export of each of its specs beside its pages.
#[test]
fn the_example_books_exports_are_what_the_command_writes_and_pass_the_lint() {
    for name in ["orders", "shipments", "parcels"] {
        let spec = manifest_dir().join(format!("example-book/specs/{name}.yaml"));
        let committed =
            manifest_dir().join(format!("example-book/src/openapi/{name}.openapi.json"));
        let output = Command::new(binary())
            .arg("export")
            .arg(&spec)
            .output()
            .unwrap();
        assert!(output.status.success(), "{output:?}");
        assert!(
            output.stdout == fs::read(&committed).unwrap(),
            "{name}'s export changed: run `mdbook-integration-spec export example-book/specs/{name}.yaml -o example-book/src/openapi/{name}.openapi.json`"
        );
        redocly_lint(&committed).unwrap();
    }
}

#[test]
fn the_example_books_orders_export_is_reviewed() {
    let path = manifest_dir().join("example-book/specs/orders.yaml");
    let document = to_openapi(&load(&path));
    insta::assert_snapshot!(
        "orders_openapi",
        serde_json::to_string_pretty(&document).unwrap()
    );
}

#[test]
fn the_command_writes_json_or_yaml_the_same_every_time() {
    let dir = tempfile::tempdir().unwrap();
    let spec = manifest_dir().join("example-book/specs/orders.yaml");
    let run = |args: &[&str]| {
        Command::new(binary())
            .arg("export")
            .arg(&spec)
            .args(args)
            .output()
            .unwrap()
    };
    let first = run(&["--to", "openapi"]);
    let second = run(&[]);
    assert!(first.status.success(), "{first:?}");
    assert_eq!(first.stdout, second.stdout, "same spec, same bytes");
    let document: serde_json::Value = serde_json::from_slice(&first.stdout).unwrap();
    assert_eq!(document["openapi"], "3.1.1");
    assert_eq!(
        document["paths"]["/api/v1/orders"]["post"]["operationId"],
        "create-order"
    );

    // `-o` with a YAML name writes YAML; the file reads back as the same document.
    let yaml = dir.path().join("orders.openapi.yaml");
    let written = run(&["-o", yaml.to_str().unwrap()]);
    assert!(written.status.success(), "{written:?}");
    assert!(written.stdout.is_empty());
    let text = fs::read_to_string(&yaml).unwrap();
    assert!(text.starts_with("openapi: 3.1.1\n"), "{text}");
    let from_yaml: serde_json::Value = serde_yaml::from_str(&text).unwrap();
    assert_eq!(from_yaml["info"], document["info"]);
    assert_eq!(from_yaml["paths"], document["paths"]);
    let forced = run(&["--format", "json", "-o", yaml.to_str().unwrap()]);
    assert!(forced.status.success());
    assert!(fs::read_to_string(&yaml).unwrap().starts_with("{\n"));
}

#[test]
fn a_spec_with_errors_exports_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.json");
    let broken = manifest_dir().join("tests/fixtures/specs/invalid/invalid-example.yaml");
    let output = Command::new(binary())
        .args([
            "export",
            broken.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("error[invalid-example]"), "{stderr}");
    assert!(stderr.contains("fix them and export again"), "{stderr}");
    assert!(!out.exists(), "nothing is written for a spec with errors");

    let missing = Command::new(binary())
        .args(["export", "no-such-spec.yaml"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(missing.status.code(), Some(2), "{missing:?}");
    let wrong_target = Command::new(binary())
        .args(["export", "x.yaml", "--to", "postman"])
        .output()
        .unwrap();
    assert_eq!(wrong_target.status.code(), Some(2));
}

// --- what "the same model" means --------------------------------------------------------

/// A spec with what does not survive an export set aside (the example book's OpenAPI
/// chapter lists it), and what the importer writes otherwise made alike.
fn comparable(mut spec: Spec) -> Spec {
    // Sections OpenAPI has no place for.
    spec.overview = None;
    spec.flows.clear();
    spec.tests.clear();
    spec.mappings.clear();
    spec.monitoring = None;
    spec.rollback = None;
    spec.changelog.clear();
    // Operations come back grouped by path.
    spec.endpoints.sort_keys();
    // Which reader read it.
    spec.format_version = semver::Version::new(1, 0, 0);
    spec.from_openapi = false;
    spec.imports_openapi = false;
    // A server needs a URL.
    spec.environments
        .retain(|_, environment| environment.base_url.is_some());
    // What each endpoint accepts, spelled out; `none` schemes ask nothing.
    let none_schemes: Vec<String> = spec
        .authentication
        .iter()
        .flat_map(|auth| &auth.schemes)
        .filter(|(_, scheme)| scheme.kind == AuthKind::None)
        .map(|(name, _)| name.clone())
        .collect();
    let spelled_out = |alternatives: Vec<mdbook_integration_spec::spec::Requirement>| {
        let alternatives = alternatives
            .into_iter()
            .map(|mut requirement| {
                requirement
                    .schemes
                    .retain(|use_| !none_schemes.contains(&use_.scheme));
                for use_ in &mut requirement.schemes {
                    use_.bare = false;
                }
                requirement
            })
            .collect();
        Security {
            alternatives,
            listed: false,
        }
    };
    let accepted: Vec<_> = spec
        .endpoints
        .values()
        .map(|endpoint| spelled_out(spec.security_of(endpoint)))
        .collect();
    for (endpoint, security) in spec.endpoints.values_mut().zip(accepted) {
        endpoint.auth = EndpointAuth::Schemes(security);
        endpoint.flow = None;
    }
    // Scheme names OpenAPI cannot hold come back escaped: `reports key` is `reports_x20key`.
    for endpoint in spec.endpoints.values_mut() {
        if let EndpointAuth::Schemes(security) = &mut endpoint.auth {
            escape_schemes(security);
        }
    }
    if let Some(auth) = &mut spec.authentication {
        let mut default = spelled_out(auth.default_security());
        escape_schemes(&mut default);
        auth.schemes = std::mem::take(&mut auth.schemes)
            .into_iter()
            .map(|(name, scheme)| (component_key(&name), scheme))
            .collect();
        auth.schemes
            .retain(|_, scheme| scheme.kind != AuthKind::None);
        auth.default = Some(default);
        auth.named = true;
    }
    if spec
        .authentication
        .as_ref()
        .is_some_and(|auth| auth.schemes.is_empty())
    {
        spec.authentication = None;
    }
    // Fields: the JSON Schema they were written as, and where values sat in a shorthand.
    for model in spec.models.values_mut() {
        fields(&mut model.fields);
        if let Some(additional) = &mut model.additional_fields {
            field(additional);
        }
        if let Some(union) = &mut model.variants {
            union.variants.iter_mut().for_each(field);
        }
    }
    for endpoint in spec.endpoints.values_mut() {
        if let Some(request) = &mut endpoint.request {
            fields(&mut request.path_params);
            fields(&mut request.query);
            fields(&mut request.headers);
            fields(&mut request.cookies);
            if let Some(content) = &mut request.content {
                self::content(content);
            }
        }
        responses(endpoint.responses.iter_mut());
        for callback in endpoint.callbacks.values_mut() {
            fields(&mut callback.headers);
            if let Some(content) = &mut callback.content {
                self::content(content);
            }
            responses(callback.responses.iter_mut());
        }
    }
    for webhook in spec.webhooks.values_mut() {
        fields(&mut webhook.headers);
        if let Some(content) = &mut webhook.content {
            self::content(content);
        }
        responses(webhook.responses.iter_mut());
    }
    // Bodies are sent whole.
    for error in spec.errors.values_mut() {
        if let Some(body) = &mut error.body {
            field(body);
            body.required = true;
        }
    }
    if let Some(convention) = spec
        .conventions
        .as_mut()
        .and_then(|conventions| conventions.errors.as_mut())
        && let Some(body) = &mut convention.body
    {
        field(body);
        body.required = true;
    }
    spec
}

fn escape_schemes(security: &mut Security) {
    for requirement in &mut security.alternatives {
        for use_ in &mut requirement.schemes {
            use_.scheme = component_key(&use_.scheme);
        }
    }
}

/// A name as an OpenAPI component key, as `export` writes it.
fn component_key(name: &str) -> String {
    name.bytes()
        .map(|byte| {
            if byte.is_ascii_alphanumeric() || b"._-".contains(&byte) {
                (byte as char).to_string()
            } else {
                format!("_x{byte:02X}")
            }
        })
        .collect()
}

fn responses<'r>(responses: impl Iterator<Item = (&'r ResponseStatus, &'r mut Response)>) {
    for (status, response) in responses {
        // A description that only repeats the status's reason phrase says nothing.
        if let ResponseStatus::Code(code) = status
            && response.description.as_deref() == reason_phrase(*code)
        {
            response.description = None;
        }
        // OpenAPI says the media type with the content.
        response
            .headers
            .retain(|name, _| !name.eq_ignore_ascii_case("content-type"));
        fields(&mut response.headers);
        if let Some(content) = &mut response.content {
            self::content(content);
        }
    }
}

fn content(content: &mut Content) {
    content.form = ContentForm::Map;
    for media in content.media_types.values_mut() {
        media.type_only = false;
        if let Some(schema) = &mut media.schema {
            field(schema);
            // A body is sent whole.
            schema.required = true;
        }
        for encoding in media.encoding.values_mut() {
            fields(&mut encoding.headers);
        }
    }
}

fn fields(fields: &mut Fields) {
    fields.values_mut().for_each(field);
}

fn field(field: &mut Field) {
    field.schema = None;
    field.value_offsets = Default::default();
    // The shorthand's `format:` matches the whole value; JSON Schema says so with anchors.
    if let Some(pattern) = &mut field.constraints.pattern
        && let Some(inner) = pattern
            .strip_prefix("^(?:")
            .and_then(|rest| rest.strip_suffix(")$"))
    {
        *pattern = inner.to_owned();
    }
    let notes = &mut field.schema_notes;
    for sub in [&mut notes.not, &mut notes.item, &mut notes.additional]
        .into_iter()
        .flatten()
    {
        self::field(sub);
    }
    // An item schema that says nothing beyond the item type is the type.
    if let (FieldType::Array(item) | FieldType::Map(item), Some(written)) =
        (&field.ty, &field.schema_notes.item)
        && **written == Field::of_type((**item).clone())
    {
        field.schema_notes.item = None;
    }
    field_type(&mut field.ty);
}

fn field_type(ty: &mut FieldType) {
    match ty {
        FieldType::Object(inner) => fields(inner),
        FieldType::Union(union) => union.variants.iter_mut().for_each(field),
        FieldType::AllOf(parts) => parts.iter_mut().for_each(field),
        FieldType::Array(item) | FieldType::Map(item) => field_type(item),
        _ => {}
    }
}

/// Other documents use some of our extensions' names for values of their own: only a document
/// `export` wrote has them read.
#[test]
fn extensions_of_the_same_names_in_other_documents_are_left_alone() {
    let document = r##"
openapi: 3.1.0
info: { title: T, version: 1.0.0, x-status: Active, contact: { name: A, x-chat: { slack: "#a" } } }
servers: [{ url: "https://api.example.com", description: Production, x-environment: 7 }]
x-rate-limits: { requests: 100 }
x-pagination: true
paths:
  /pets:
    get:
      operationId: listPets
      x-id: other
      summary: List pets
      x-rate-limit: { limit: 100, window: 60 }
      x-timeout-ms: 30s
      x-idempotent: "yes"
      x-errors: { NOT_FOUND: 404 }
      responses:
        "200": { description: The pets }
        "404": { $ref: "#/components/responses/NotFound" }
components:
  responses:
    NotFound: { description: No such pet, x-error: true }
"##;
    let (spec, diagnostics) = mdbook_integration_spec::load::parse_spec(
        document,
        mdbook_integration_spec::load::Format::Yaml,
    );
    let errors: Vec<_> = diagnostics.iter().filter(|d| d.is_error()).collect();
    assert!(errors.is_empty(), "{errors:?}");
    let spec = spec.unwrap();
    assert!(spec.endpoints.contains_key("listPets"));
    let endpoint = &spec.endpoints["listPets"];
    assert_eq!(
        endpoint.responses.len(),
        2,
        "no response is taken for an export's"
    );
    assert!(endpoint.errors.is_empty() && endpoint.rate_limit.is_none());
    assert!(spec.errors.is_empty() && spec.rate_limits.is_none() && spec.info.status.is_none());
    assert!(spec.environments.contains_key("Production"));
}

/// An OAuth device flow, which OpenAPI 3.1 has no word for, survives as `x-deviceCode`.
#[test]
fn the_device_flow_comes_back() {
    let yaml = r#"
integration-spec: "1.0"
info: { title: T, version: 1.0.0 }
authentication:
  tv:
    type: oauth2
    flow: [device_code, client_credentials]
    token_endpoint: https://auth.example.com/token
    scopes: { watch: Watch things }
endpoints:
  e:
    method: GET
    path: /e
    auth: { scopes: [watch] }
    responses: { 200: { description: Fine } }
"#;
    let (spec, diagnostics) = mdbook_integration_spec::load::parse_spec(
        yaml,
        mdbook_integration_spec::load::Format::Yaml,
    );
    assert!(diagnostics.iter().all(|d| !d.is_error()), "{diagnostics:?}");
    let spec = spec.unwrap();
    let json = serde_json::to_string(&to_openapi(&spec)).unwrap();
    let (back, diagnostics) = mdbook_integration_spec::load::parse_spec(
        &json,
        mdbook_integration_spec::load::Format::Json,
    );
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let back = back.unwrap();
    assert!(mdbook_integration_spec::check::check_spec(&back).is_empty());
    let flows = |spec: &Spec| {
        spec.authentication.as_ref().unwrap().schemes["tv"]
            .flows
            .clone()
    };
    assert_eq!(flows(&back), flows(&spec));
}

/// A JSON Schema enum keeps the types of its values: `enum: [1, 2]` is no text.
#[test]
fn an_enum_written_as_json_schema_keeps_its_types() {
    let yaml = r#"
integration-spec: "1.0"
info: { title: T, version: 1.0.0 }
models:
  M:
    fields:
      level: { enum: [1, 2, 3] }
      mood: enum(happy, sad)
"#;
    let (spec, diagnostics) = mdbook_integration_spec::load::parse_spec(
        yaml,
        mdbook_integration_spec::load::Format::Yaml,
    );
    assert!(diagnostics.iter().all(|d| !d.is_error()), "{diagnostics:?}");
    let document = to_openapi(&spec.unwrap());
    let properties = &document["components"]["schemas"]["M"]["properties"];
    assert_eq!(
        properties["level"],
        serde_json::json!({ "enum": [1, 2, 3] })
    );
    assert_eq!(
        properties["mood"],
        serde_json::json!({ "type": "string", "enum": ["happy", "sad"] })
    );
}

/// What OpenAPI asks for and a spec does not say is named before the export is written.
#[test]
fn what_openapi_validators_would_reject_is_named() {
    let yaml = r#"integration-spec: "1.0"
info: { title: T, version: 1.0.0 }
environments:
  eu: { base_url: "https://{region}.api.example.com" }
authentication:
  oa: { type: oauth2, flow: authorization_code, scopes: { a: A } }
  oidc: { type: openid_connect }
endpoints:
  get-thing: { method: GET, path: "/things/{id}", request: { path_params: { id: string } }, auth: { scopes: [a] }, responses: { 200: { description: Fine } } }
  delete-thing: { method: DELETE, path: "/things/{thing_id}", request: { path_params: { thing_id: string } }, auth: { scopes: [a] }, responses: { 204: { description: Gone } } }
  list: { method: GET, path: "/list/", auth: { scopes: [a] }, responses: { 200: { description: Fine } } }
"#;
    let (spec, diagnostics) = mdbook_integration_spec::load::parse_spec(
        yaml,
        mdbook_integration_spec::load::Format::Yaml,
    );
    assert!(diagnostics.iter().all(|d| !d.is_error()), "{diagnostics:?}");
    let gaps = mdbook_integration_spec::export::openapi_gaps(&spec.unwrap());
    let places: Vec<&str> = gaps
        .iter()
        .map(|gap| gap.split(':').next().unwrap())
        .collect();
    assert_eq!(
        places,
        [
            "authentication.oa",
            "authentication.oa",
            "authentication.oidc",
            "environments.eu.base_url",
            "endpoints.delete-thing.path",
            "endpoints.list.path",
        ],
        "{gaps:#?}"
    );
    let clean = mdbook_integration_spec::load::parse_spec(
        &fs::read_to_string(manifest_dir().join("example-book/specs/orders.yaml")).unwrap(),
        mdbook_integration_spec::load::Format::Yaml,
    );
    assert_eq!(
        mdbook_integration_spec::export::openapi_gaps(&clean.0.unwrap()),
        Vec::<String>::new()
    );
}
