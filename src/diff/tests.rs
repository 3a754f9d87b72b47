use super::*;
use crate::diagnostic::Code;
use crate::load::{Format, parse_spec};

fn spec(yaml: &str) -> Spec {
    let (spec, diags) = parse_spec(yaml, Format::Yaml);
    let errors: Vec<_> = diags.iter().filter(|d| d.is_error()).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    spec.unwrap()
}

fn json_spec(text: &str) -> Spec {
    let (spec, diags) = parse_spec(text, Format::Json);
    assert!(diags.iter().all(|d| !d.is_error()), "{diags:#?}");
    spec.unwrap()
}

/// The codes of the changes from `old` to `new`.
fn codes(old: &str, new: &str) -> Vec<&'static str> {
    diff_specs(&spec(old), &spec(new))
        .iter()
        .map(|change| change.code.as_str())
        .collect()
}

const HEAD: &str = "integration-spec: \"1.0\"\ninfo: { title: T, version: 1.0.0 }\n";

/// A spec whose `Note` model is sent as the request body of one endpoint and as the response
/// of another, as `uses` says: `request`, `response` or both.
fn with_note(uses: &str, note: &str) -> String {
    let request = "    request: { body: Note }\n";
    let response = "    responses: { 200: { body: Note } }\n";
    let (req, resp) = match uses {
        "request" => (request, "    responses: { 204: { description: Done } }\n"),
        "response" => ("", response),
        _ => (request, response),
    };
    format!(
        "{HEAD}models:\n  Note:\n    fields:\n      text: {note}\nendpoints:\n  send:\n    method: POST\n    path: /notes\n{req}{resp}"
    )
}

#[test]
fn the_same_change_breaks_a_request_and_not_a_response() {
    let required = "string (required)";
    assert_eq!(
        codes(
            &with_note("request", "string"),
            &with_note("request", required)
        ),
        ["request-field-became-required"]
    );
    assert_eq!(
        codes(
            &with_note("response", "string"),
            &with_note("response", required)
        ),
        ["response-field-became-required"]
    );
    // Sent both ways, the change breaks whoever it breaks.
    assert_eq!(
        codes(&with_note("both", "string"), &with_note("both", required)),
        ["request-field-became-required"]
    );
    // And the other way round.
    assert_eq!(
        codes(&with_note("both", required), &with_note("both", "string")),
        ["response-field-became-optional"]
    );
    let levels = |old: &str, new: &str| -> Vec<Level> {
        diff_specs(&spec(old), &spec(new))
            .iter()
            .map(Change::level)
            .collect()
    };
    let (short, long) = ("string (max 10 chars)", "string (max 20 chars)");
    assert_eq!(
        levels(&with_note("request", long), &with_note("request", short)),
        [Level::Breaking]
    );
    assert_eq!(
        levels(&with_note("response", long), &with_note("response", short)),
        [Level::Compatible]
    );
    assert_eq!(
        levels(&with_note("request", short), &with_note("request", long)),
        [Level::Compatible]
    );
    assert_eq!(
        levels(&with_note("response", short), &with_note("response", long)),
        [Level::Breaking]
    );
}

#[test]
fn reordering_and_reformatting_change_nothing() {
    let block = format!(
        "{HEAD}models:\n  A:\n    fields:\n      x: string (required)\n      y: integer\n  B:\n    fields:\n      z: boolean\nendpoints:\n  one:\n    method: GET\n    path: /a\n    responses:\n      200:\n        body: A\n  two:\n    method: GET\n    path: /b\n    responses: {{ 200: {{ body: B }} }}\n"
    );
    let reordered = format!(
        "endpoints:\n  two: {{ path: /b, method: get, responses: {{ 200: {{ body: B }} }} }}\n  one: {{ responses: {{ 200: {{ body: A }} }}, path: /a, method: GET }}\nmodels:\n  B: {{ fields: {{ z: boolean }} }}\n  A: {{ fields: {{ y: integer, x: string (required) }} }}\n{HEAD}"
    );
    assert_eq!(codes(&block, &reordered), Vec::<&str>::new());
    // The same spec as JSON.
    let as_json =
        serde_json::to_string_pretty(&serde_yaml::from_str::<serde_json::Value>(&block).unwrap())
            .unwrap();
    assert!(diff_specs(&spec(&block), &json_spec(&as_json)).is_empty());
}

#[test]
fn a_renamed_path_parameter_is_the_same_parameter() {
    let endpoint = |path: &str, param: &str| {
        format!(
            "{HEAD}endpoints:\n  get:\n    method: GET\n    path: {path}\n    request:\n      path_params:\n        {param}: string (required)\n    responses: {{ 200: {{ description: OK }} }}\n"
        )
    };
    assert_eq!(
        codes(
            &endpoint("/o/{id}", "id"),
            &endpoint("/o/{order_id}", "order_id")
        ),
        Vec::<&str>::new()
    );
    assert_eq!(
        codes(&endpoint("/o/{id}", "id"), &endpoint("/orders/{id}", "id")),
        ["endpoint-path-changed"]
    );
}

#[test]
fn an_endpoint_with_a_new_id_is_matched_by_method_and_path() {
    let endpoint = |id: &str, limit: &str| {
        format!(
            "{HEAD}endpoints:\n  {id}:\n    method: GET\n    path: /orders\n    rate_limit: {limit}\n    responses: {{ 200: {{ description: OK }} }}\n"
        )
    };
    assert_eq!(
        codes(
            &endpoint("list", "10/second"),
            &endpoint("list-orders", "5/second")
        ),
        ["endpoint-id-changed", "rate-limit-lowered"]
    );
    // Same rate written another way: no change.
    assert_eq!(
        codes(
            &endpoint("list", "10/second"),
            &endpoint("list", "600 per minute")
        ),
        Vec::<&str>::new()
    );
}

fn gate_of(old: &str, new: &str) -> Gate {
    let (old, new) = (spec(old), spec(new));
    let changes = diff_specs(&old, &new);
    gate(&old, &new, &changes)
}

fn finding_codes(gate: &Gate) -> Vec<Code> {
    gate.findings.iter().map(|f| f.diagnostic.code).collect()
}

/// A spec at `version` whose `Note.text` is `note`, with a dated changelog entry.
fn versioned(version: &str, note: &str) -> String {
    with_note("request", note).replace("version: 1.0.0", &format!("version: {version}"))
        + &format!("changelog:\n  - {{ version: {version}, date: 2025-01-01, changes: [x] }}\n")
}

#[test]
fn the_bump_must_match_the_changes() {
    let (optional, required, loose) = ("string", "string (required)", "string (max 10 chars)");
    // A breaking change in a minor release.
    let gate = gate_of(&versioned("1.4.0", optional), &versioned("1.5.0", required));
    assert_eq!(gate.required_bump, Bump::Major);
    assert_eq!(gate.required_version.as_deref(), Some("2.0.0"));
    assert_eq!(finding_codes(&gate), [Code::VersionNotBumped]);
    let message = &gate.findings[0].diagnostic.message;
    assert!(
        message.contains("request-field-became-required at models.Note.fields.text"),
        "{message}"
    );
    // The honest major release passes.
    assert!(
        finding_codes(&gate_of(
            &versioned("1.4.0", optional),
            &versioned("2.0.0", required)
        ))
        .is_empty()
    );
    // Before 1.0 a breaking change needs a minor bump, as Cargo reads versions.
    let gate = gate_of(&versioned("0.3.2", optional), &versioned("0.4.0", required));
    assert_eq!((gate.required_bump, gate.findings.len()), (Bump::Minor, 0));
    // A compatible change needs a minor bump (a patch before 1.0).
    let gate = gate_of(&versioned("1.4.0", loose), &versioned("1.4.1", optional));
    assert_eq!(
        (gate.required_bump, finding_codes(&gate)),
        (Bump::Minor, vec![Code::VersionNotBumped])
    );
    let gate = gate_of(&versioned("0.4.0", loose), &versioned("0.4.1", optional));
    assert_eq!((gate.required_bump, gate.findings.len()), (Bump::Patch, 0));
    // No change needs no bump.
    let gate = gate_of(&versioned("1.4.0", optional), &versioned("1.4.0", optional));
    assert_eq!((gate.required_bump, gate.findings.len()), (Bump::None, 0));
    // A new version without a changelog entry.
    let gate = gate_of(
        &versioned("1.4.0", loose),
        &with_note("request", optional).replace("1.0.0", "1.5.0"),
    );
    assert_eq!(finding_codes(&gate), [Code::MissingChangelogEntry]);
}

#[test]
fn a_contract_versioned_by_date_needs_a_later_date() {
    let gate = gate_of(
        &versioned("2025-01-01", "string"),
        &versioned("2025-01-01", "string (required)"),
    );
    assert_eq!(finding_codes(&gate), [Code::VersionNotBumped]);
    let gate = gate_of(
        &versioned("2025-01-01", "string"),
        &versioned("2025-03-01", "string (required)"),
    );
    assert!(gate.findings.is_empty(), "{:#?}", gate.findings);
}

/// A spec at `version`, released on `date`, with the endpoint `old-one` (deprecated as
/// `deprecated` says) unless `removed`.
fn deprecating(version: &str, date: &str, deprecated: Option<&str>, removed: bool) -> String {
    let old_one = match (removed, deprecated) {
        (true, _) => String::new(),
        (false, None) => {
            "  old-one: { method: GET, path: /old, responses: { 200: { description: OK } } }\n"
                .into()
        }
        (false, Some(deprecated)) => format!(
            "  old-one: {{ method: GET, path: /old, deprecated: {deprecated}, responses: {{ 200: {{ description: OK }} }} }}\n"
        ),
    };
    format!(
        "integration-spec: \"1.0\"\ninfo: {{ title: T, version: {version} }}\nconventions:\n  versioning: {{ deprecation_notice_days: 90 }}\nendpoints:\n  keep: {{ method: GET, path: /keep, responses: {{ 200: {{ description: OK }} }} }}\n{old_one}changelog:\n  - {{ version: {version}, date: {date}, changes: [x] }}\n  - {{ version: 1.0.0, date: 2024-01-01, changes: [x] }}\n"
    )
}

#[test]
fn removals_follow_the_deprecation_policy() {
    // Never deprecated.
    let gate = gate_of(
        &deprecating("1.1.0", "2024-06-01", None, false),
        &deprecating("2.0.0", "2025-06-01", None, true),
    );
    assert_eq!(finding_codes(&gate), [Code::RemovedWithoutDeprecation]);
    assert_eq!(
        gate.findings[0]
            .old
            .as_ref()
            .map(ToString::to_string)
            .as_deref(),
        Some("endpoints.old-one")
    );
    // Deprecated in 1.1.0, removed before its sunset.
    let deprecated = "{ since: 1.1.0, sunset: 2025-12-31 }";
    let gate = gate_of(
        &deprecating("1.1.0", "2024-06-01", Some(deprecated), false),
        &deprecating("2.0.0", "2025-06-01", None, true),
    );
    assert_eq!(finding_codes(&gate), [Code::RemovedBeforeSunset]);
    // After the sunset, and long after the deprecation: fine.
    let gate = gate_of(
        &deprecating("1.1.0", "2024-06-01", Some(deprecated), false),
        &deprecating("2.0.0", "2026-01-05", None, true),
    );
    assert!(gate.findings.is_empty(), "{:#?}", gate.findings);
    // Deprecated 30 days before removal, with 90 promised.
    let gate = gate_of(
        &deprecating("1.1.0", "2024-06-01", Some("{ since: 1.1.0 }"), false),
        &deprecating("2.0.0", "2024-07-01", None, true),
    );
    assert_eq!(finding_codes(&gate), [Code::DeprecationNoticeTooShort]);
    assert!(
        gate.findings[0].diagnostic.message.contains("30 days"),
        "{}",
        gate.findings[0].diagnostic.message
    );
    // Without a release date the policy cannot be checked, and says so.
    let undated = deprecating("2.0.0", "2024-07-01", None, true)
        .replace("    date: 2024-07-01,", "")
        .replace("date: 2024-07-01, ", "");
    let gate = gate_of(
        &deprecating("1.1.0", "2024-06-01", Some(deprecated), false),
        &undated,
    );
    assert_eq!(
        finding_codes(&gate),
        [Code::PolicyUnchecked, Code::PolicyUnchecked]
    );
}
