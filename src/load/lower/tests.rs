use serde_json::json;

use super::*;
use crate::load::{Format, parse_spec};

fn lower(yaml: &str) -> (Option<Spec>, Vec<Diagnostic>) {
    parse_spec(yaml, Format::Yaml)
}

fn messages(yaml: &str) -> Vec<String> {
    lower(yaml)
        .1
        .into_iter()
        .map(|diag| match &diag.path {
            Some(path) => format!("{}: {} at {path}", diag.code, diag.message),
            None => format!("{}: {}", diag.code, diag.message),
        })
        .collect()
}

const MINIMAL: &str = "integration-spec: \"1.0\"\ninfo: {title: T, version: 1.0.0}\n";

#[test]
fn the_minimal_spec_lowers() {
    let (spec, diags) = lower(MINIMAL);
    assert_eq!(diags, []);
    let spec = spec.unwrap();
    assert_eq!(spec.info.title, "T");
    assert_eq!(spec.format_version, semver::Version::new(1, 0, 0));
    assert!(spec.endpoints.is_empty());
}

#[test]
fn the_format_version_is_checked() {
    assert_eq!(
        messages("info: {title: T, version: 1.0.0}\n"),
        [
            "unsupported-format-version: missing the format version `integration-spec` at (document root)"
        ]
    );
    assert_eq!(
        messages("integration-spec: \"2.0\"\ninfo: {title: T, version: 1.0.0}\n"),
        [
            "unsupported-format-version: format version 2.0 is not supported; this build of mdbook-integration-spec reads 1.x at integration-spec"
        ]
    );
    assert_eq!(
        messages("integration-spec: one\ninfo: {title: T, version: 1.0.0}\n"),
        ["unsupported-format-version: `one` is not a format version at integration-spec"]
    );
    assert_eq!(
        messages("integration-spec: [1]\ninfo: {title: T, version: 1.0.0}\n"),
        [
            "unsupported-format-version: the format version must be text, found a list at integration-spec"
        ]
    );
    // Unquoted YAML numbers are accepted.
    assert_eq!(
        messages("integration-spec: 1.0\ninfo: {title: T, version: 1.0.0}\n"),
        Vec::<String>::new()
    );
    assert_eq!(
        messages("integration-spec: 1.2.3\ninfo: {title: T, version: 1.0.0}\n"),
        Vec::<String>::new()
    );
}

#[test]
fn a_comment_cutting_text_short_is_reported_with_the_loading_findings() {
    let info =
        "integration-spec: \"1.0\"\ninfo:\n  title: T\n  version: 1.0.0\n  summary: Ask in #help\n";
    let yaml = format!("{info}  sumary: x\n");
    assert_eq!(
        messages(&yaml),
        [
            "comment-in-text: the text is cut short: YAML reads `#help` as a comment, not as part of the value at info.summary",
            "unknown-field: unknown field `sumary` in the `info` section at info.sumary",
        ]
    );
    // A text that does not parse has only that finding.
    let yaml = format!("{info}x: [a\n");
    let found: Vec<Code> = lower(&yaml).1.iter().map(|diag| diag.code).collect();
    assert_eq!(found, [Code::SyntaxError]);
    // JSON has no comments.
    let (_, diags) = parse_spec(
        r##"{"integration-spec": "1.0", "info": {"title": "T #1", "version": "1.0.0"}}"##,
        Format::Json,
    );
    assert_eq!(diags, []);
}

#[test]
fn unknown_keys_get_did_you_mean_and_extensions_pass() {
    let yaml = format!(
        "{MINIMAL}x-owner: team\nendpoints:\n  a:\n    method: GET\n    path: /a\n    reqest: {{}}\n    x-internal: true\n"
    );
    let (_, diags) = lower(&yaml);
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert_eq!(diags[0].code, Code::UnknownField);
    assert_eq!(diags[0].message, "unknown field `reqest` in an endpoint");
    assert_eq!(diags[0].help.as_deref(), Some("did you mean `request`?"));
    assert_eq!(
        diags[0].path.as_ref().unwrap().to_string(),
        "endpoints.a.reqest"
    );
}

#[test]
fn wrong_types_and_missing_fields_are_reported_with_paths() {
    let yaml = "integration-spec: \"1.0\"\ninfo: {title: [x]}\nerrors:\n  E1: {http_status: 700}\nendpoints:\n  a: {method: FETCH, path: /a}\n";
    assert_eq!(
        messages(yaml),
        [
            "invalid-type: expected text, found a list at info.title",
            "missing-field: `info` needs `version` at info",
            "invalid-http-method: `FETCH` is not an HTTP method at endpoints.a.method",
            "invalid-status-code: `700` is not an HTTP status code at errors.E1.http_status",
            "missing-field: an error code needs `message` at errors.E1",
        ]
    );
}

#[test]
fn shorthand_errors_carry_the_column_in_the_string() {
    let yaml = format!("{MINIMAL}models:\n  Item:\n    fields:\n      qty: integer (requird)\n");
    let (_, diags) = lower(&yaml);
    assert_eq!(diags.len(), 1);
    assert_eq!(diags[0].code, Code::InvalidShorthand);
    assert_eq!(diags[0].value_offset, Some(9));
    assert_eq!(
        diags[0].path.as_ref().unwrap().to_string(),
        "models.Item.fields.qty"
    );
}

#[test]
fn unknown_types_are_reported_with_a_hint() {
    let yaml = format!(
        "{MINIMAL}models:\n  Item:\n    fields:\n      a: strng\n      b: array of Adress\n  Address:\n    fields: {{}}\n"
    );
    let (_, diags) = lower(&yaml);
    let hints: Vec<_> = diags
        .iter()
        .map(|diag| diag.help.clone().unwrap())
        .collect();
    assert_eq!(
        hints,
        [
            "did you mean the built-in type `string`?",
            "did you mean the model `Address`?"
        ]
    );
    assert_eq!(diags[1].value_offset, Some(9));
}

#[test]
fn json_schema_fields_lower_into_the_type_model() {
    let yaml = format!(
        "{MINIMAL}models:\n  Order:\n    fields:\n      id: {{type: string, format: uuid, required: true}}\n      \
         tags: {{type: array, items: {{type: string, maxLength: 10}}, maxItems: 5}}\n      \
         meta: {{type: object, additionalProperties: {{type: integer}}}}\n      \
         address:\n        type: object\n        required: [city]\n        properties:\n          city: {{type: string}}\n          zip: 'string (format: \\d{{5}})'\n      \
         parent: {{$ref: '#/models/Order'}}\n      \
         kind: {{enum: [a, b]}}\n"
    );
    let (spec, diags) = lower(&yaml);
    assert_eq!(diags, []);
    let fields = &spec.unwrap().models["Order"].fields;
    assert_eq!(fields["id"].ty, FieldType::Uuid);
    assert!(fields["id"].required);
    assert_eq!(
        fields["tags"].ty,
        FieldType::Array(Box::new(FieldType::String))
    );
    assert_eq!(fields["tags"].constraints.max, Some(5.0));
    assert_eq!(
        fields["meta"].ty,
        FieldType::Map(Box::new(FieldType::Integer))
    );
    let FieldType::Object(address) = &fields["address"].ty else {
        panic!("address is an object");
    };
    assert!(address["city"].required);
    assert_eq!(
        address["zip"].constraints.pattern.as_deref(),
        Some(r"\d{5}")
    );
    assert_eq!(fields["parent"].ty, FieldType::Model("Order".into()));
    assert_eq!(
        fields["kind"].ty,
        FieldType::Enum(vec!["a".into(), "b".into()])
    );
    assert!(fields["id"].schema.is_some());
}

#[test]
fn json_schema_subschemas_lower_like_fields() {
    // Shorthand strings and model names inside a JSON Schema field are fields of their own.
    let yaml = format!(
        "{MINIMAL}models:\n  Card:\n    fields:\n      number: string (required)\n  M:\n    fields:\n      \
         a: {{allOf: [Card]}}\n      \
         b: {{items: 'string (max 5 chars)'}}\n      \
         c: {{additionalProperties: 'integer (min 1)'}}\n      \
         d: {{not: 'string'}}\n      \
         e: {{type: array, items: {{type: string, minLength: 1, description: A tag}}}}\n      \
         f: {{type: object, properties: {{x: string}}, additionalProperties: Card}}\n      \
         g: {{allOf: ['string (min 3 chars)']}}\n"
    );
    let (spec, diags) = lower(&yaml);
    assert_eq!(diags, []);
    let fields = &spec.unwrap().models["M"].fields;
    assert_eq!(fields["a"].ty, FieldType::Model("Card".into()));
    assert_eq!(
        fields["b"].ty,
        FieldType::Array(Box::new(FieldType::String))
    );
    let item = fields["b"].schema_notes.item.as_ref().unwrap();
    assert_eq!(item.constraints.max_length, Some(5));
    assert_eq!(fields["c"].ty, FieldType::Map(Box::new(FieldType::Integer)));
    let value = fields["c"].schema_notes.item.as_ref().unwrap();
    assert_eq!(value.constraints.min, Some(1.0));
    assert_eq!(
        fields["d"].schema_notes.not.as_ref().unwrap().ty,
        FieldType::String
    );
    let item = fields["e"].schema_notes.item.as_ref().unwrap();
    assert_eq!(item.constraints.min_length, Some(1));
    assert_eq!(item.description.as_deref(), Some("A tag"));
    let additional = fields["f"].schema_notes.additional.as_ref().unwrap();
    assert_eq!(additional.ty, FieldType::Model("Card".into()));
    // A part alone that says more than its type stays a part.
    let FieldType::AllOf(parts) = &fields["g"].ty else {
        panic!("g is an allOf");
    };
    assert_eq!(parts[0].constraints.min_length, Some(3));
}

#[test]
fn json_schema_types_come_from_lists_and_keywords() {
    let yaml = format!(
        "{MINIMAL}models:\n  M:\n    fields:\n      \
         a: {{type: [string, integer, 'null'], minimum: 1, minLength: 1}}\n      \
         b: {{minLength: 1}}\n      \
         c: {{properties: {{x: string}}}}\n      \
         d: {{const: EUR}}\n      \
         e: {{minLength: 1, minimum: 1}}\n      \
         f: {{maxItems: 3}}\n      \
         g: {{type: string, contentMediaType: image/png, contentEncoding: base64}}\n      \
         h: {{type: [string, 'null'], enum: [a, null]}}\n"
    );
    let (spec, diags) = lower(&yaml);
    // `minimum` applies to the integer the list allows: no `ignored-keyword`.
    assert_eq!(diags, []);
    let fields = &spec.unwrap().models["M"].fields;
    assert_eq!(fields["a"].ty, FieldType::String);
    assert_eq!(fields["a"].schema_notes.other_types, ["integer", "null"]);
    assert_eq!(fields["b"].ty, FieldType::String);
    assert!(matches!(fields["c"].ty, FieldType::Object(_)));
    assert_eq!(fields["d"].ty, FieldType::String);
    // Keywords of two kinds of value say no one type.
    assert_eq!(fields["e"].ty, FieldType::Any);
    assert_eq!(fields["f"].ty, FieldType::Array(Box::new(FieldType::Any)));
    let notes = &fields["g"].schema_notes;
    assert_eq!(notes.content_media_type.as_deref(), Some("image/png"));
    assert_eq!(notes.content_encoding.as_deref(), Some("base64"));
    // An enum's values say which types they are.
    assert!(fields["h"].schema_notes.other_types.is_empty());
}

#[test]
fn json_schema_keyword_values_are_checked_where_written() {
    let yaml = format!(
        "{MINIMAL}models:\n  Card:\n    fields:\n      number: string (required)\n  M:\n    fields:\n      \
         a: {{type: number, multipleOf: 0}}\n      \
         b: {{type: number, multipleOf: -2}}\n      \
         c: {{type: array, minItems: 1.5, maxItems: -3}}\n      \
         d: {{type: string, minLength: -1}}\n      \
         e: {{type: []}}\n      \
         f: {{type: [string, strin, string]}}\n      \
         g: {{oneOf: []}}\n      \
         h: {{anyOf: []}}\n      \
         i: {{allOf: []}}\n      \
         j: {{type: object, required: [a, a], properties: {{a: string}}}}\n      \
         k: {{type: string, required: [a]}}\n      \
         l: {{$ref: Card, items: 'string', description: Kept}}\n      \
         m: {{$ref: Card, description: A card, example: {{number: '1'}}, required: true}}\n"
    );
    assert_eq!(
        messages(&yaml),
        [
            "invalid-value: `multipleOf: 0`: a value can only be a multiple of a number greater than 0 at models.M.fields.a.multipleOf",
            "invalid-value: `multipleOf: -2`: a value can only be a multiple of a number greater than 0 at models.M.fields.b.multipleOf",
            "invalid-value: `minItems: 1.5` is not a count: counts are whole numbers, 0 or more at models.M.fields.c.minItems",
            "invalid-value: `maxItems: -3` is not a count: counts are whole numbers, 0 or more at models.M.fields.c.maxItems",
            "invalid-value: `minLength: -1` is not a count: counts are whole numbers, 0 or more at models.M.fields.d.minLength",
            "invalid-value: `type` lists no types: no value has one of them at models.M.fields.e.type",
            "invalid-value: `strin` is not a JSON Schema type at models.M.fields.f.type[1]",
            "invalid-value: `string` is listed twice in `type` at models.M.fields.f.type[2]",
            "invalid-composition: `oneOf` lists no schemas at models.M.fields.g.oneOf",
            "invalid-composition: `anyOf` lists no schemas at models.M.fields.h.anyOf",
            "invalid-composition: `allOf` lists no schemas at models.M.fields.i.allOf",
            "invalid-value: `a` is listed twice in `required` at models.M.fields.j.required[1]",
            "ignored-keyword: `required` applies to objects, and this field's type is `string`: it is neither shown nor checked at models.M.fields.k.required",
            "invalid-composition: `items` beside `$ref`: a reference is the model as it is, and says nothing more about the value at models.M.fields.l.items",
        ]
    );
}

#[test]
fn json_schema_typos_are_caught() {
    let yaml =
        format!("{MINIMAL}models:\n  M:\n    fields:\n      a: {{type: strin, maxLenght: 3}}\n");
    assert_eq!(
        messages(&yaml),
        [
            "unknown-field: unknown field `maxLenght` in a JSON Schema field at models.M.fields.a.maxLenght",
            "invalid-value: `strin` is not a JSON Schema type at models.M.fields.a.type",
        ]
    );
}

#[test]
fn flows_parse_messages_notes_and_branches() {
    let yaml = format!(
        "{MINIMAL}flows:\n  f:\n    steps:\n      - A -> B: call\n      - B --> A: reply\n      - note over A, B: both\n      - Note right of B: side\n      - \"A -> B: quoted step\"\n      - alt:\n          - when: ok\n            steps: [{{B --> A: fine}}]\n          - when: bad\n            error: E\n            steps: [{{B --> A: no}}]\n      - loop: {{when: polling, steps: [{{A -> B: poll}}]}}\n"
    );
    let (spec, diags) = lower(&yaml);
    assert_eq!(diags, []);
    let steps = &spec.unwrap().flows["f"].steps;
    assert_eq!(steps.len(), 7);
    assert_eq!(
        steps[0],
        Step::Message {
            from: "A".into(),
            to: "B".into(),
            reply: false,
            text: "call".into()
        }
    );
    assert!(matches!(&steps[1], Step::Message { reply: true, .. }));
    assert_eq!(
        steps[2],
        Step::Note {
            placement: NotePlacement::Over,
            systems: vec!["A".into(), "B".into()],
            text: "both".into()
        }
    );
    assert!(matches!(
        &steps[3],
        Step::Note {
            placement: NotePlacement::RightOf,
            ..
        }
    ));
    assert!(matches!(&steps[4], Step::Message { text, .. } if text == "quoted step"));
    let Step::Alt(branches) = &steps[5] else {
        panic!("alt");
    };
    assert_eq!(branches[1].error.as_deref(), Some("E"));
    assert!(matches!(&steps[6], Step::Loop(branch) if branch.when == "polling"));
}

#[test]
fn mermaid_arrows_are_answered_with_the_step_arrows() {
    let yaml = format!(
        "{MINIMAL}flows:\n  f:\n    steps:\n      - Client ->> API: POST /orders\n      - API -->>Client: 201\n      - \"A->>B: quoted\"\n"
    );
    let diags = lower(&yaml).1;
    let found: Vec<(String, String, String)> = diags
        .into_iter()
        .map(|diag| {
            (
                diag.path.unwrap().to_string(),
                diag.message,
                diag.help.unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            (
                r#"flows.f.steps[0]["Client ->> API"]"#.to_owned(),
                "`Client ->> API` uses Mermaid's arrow `->>`; a step's arrow is `->`".to_owned(),
                "write a call as `Client -> API: POST /orders`; the diagram draws it with Mermaid's `->>`".to_owned(),
            ),
            (
                r#"flows.f.steps[1]["API -->>Client"]"#.to_owned(),
                "`API -->>Client` uses Mermaid's arrow `-->>`; a step's arrow is `-->`".to_owned(),
                "write a reply as `API --> Client: 201`; the diagram draws it with Mermaid's `-->>`".to_owned(),
            ),
            (
                "flows.f.steps[2]".to_owned(),
                "`A->>B` uses Mermaid's arrow `->>`; a step's arrow is `->`".to_owned(),
                "write a call as `A -> B: quoted`; the diagram draws it with Mermaid's `->>`".to_owned(),
            ),
        ]
    );
}

#[test]
fn bad_steps_explain_the_grammar() {
    let yaml = format!(
        "{MINIMAL}flows:\n  f:\n    steps:\n      - A => B: call\n      - note above A: x\n      - []\n      - note over A, B, C: too wide\n"
    );
    let diags = lower(&yaml).1;
    assert_eq!(diags.len(), 4, "{diags:?}");
    assert_eq!(
        diags[3].message,
        "`note over A, B, C` must name one system, or two after `over`"
    );
    assert_eq!(diags[0].message, "`A => B` is not a step");
    assert!(
        diags[0]
            .help
            .as_deref()
            .unwrap()
            .contains("`A -> B: message`")
    );
    assert_eq!(diags[1].message, "`note above A` is not a note");
    assert_eq!(diags[2].code, Code::InvalidType);
}

#[test]
fn responses_take_classes_and_default_in_order() {
    let yaml = format!(
        "{MINIMAL}endpoints:\n  e:\n    method: GET\n    path: /e\n    responses:\n      200: Fine\n      4XX: Client\n      404: Gone\n      default: Other\n      4xx: x\n      6XX: x\n      Default: x\n"
    );
    assert_eq!(
        messages(&yaml),
        [
            "invalid-status-code: `4xx` is not an HTTP status code at endpoints.e.responses.4xx",
            "invalid-status-code: `6XX` is not an HTTP status code at endpoints.e.responses.6XX",
            "invalid-status-code: `Default` is not an HTTP status code at endpoints.e.responses.Default",
        ]
    );
    let helps: Vec<String> = lower(&yaml)
        .1
        .into_iter()
        .filter_map(|diag| diag.help)
        .collect();
    assert_eq!(
        helps,
        [
            "write `4XX`, with capital X's",
            "a class of statuses is `1XX` to `5XX`",
            "write `default` in lower case",
        ]
    );
    let spec = lower(&yaml.replace("      4xx: x\n      6XX: x\n      Default: x\n", ""))
        .0
        .unwrap();
    assert_eq!(
        spec.endpoints["e"]
            .responses
            .keys()
            .copied()
            .collect::<Vec<_>>(),
        [
            ResponseStatus::Code(200),
            ResponseStatus::Range(4),
            ResponseStatus::Code(404),
            ResponseStatus::Default
        ]
    );
}

#[test]
fn endpoints_lower_auth_deprecation_and_responses() {
    let yaml = format!(
        "{MINIMAL}endpoints:\n  old:\n    method: get\n    path: /old\n    auth: none\n    deprecated: {{since: 1.1.0, sunset: 2025-01-01, use: new}}\n    responses:\n      200: Fine\n      '204': {{description: Empty}}\n  new:\n    method: GET\n    path: /new\n    auth: {{scopes: [read]}}\n    deprecated: true\n"
    );
    let (spec, diags) = lower(&yaml);
    assert_eq!(diags, []);
    let spec = spec.unwrap();
    let old = &spec.endpoints["old"];
    assert_eq!(old.method, Method::Get);
    assert_eq!(old.auth, EndpointAuth::Public);
    assert_eq!(
        old.deprecated.as_ref().unwrap().replacement.as_deref(),
        Some("new")
    );
    assert_eq!(
        old.responses.keys().copied().collect::<Vec<_>>(),
        [ResponseStatus::Code(200), ResponseStatus::Code(204)]
    );
    assert_eq!(
        old.responses[&ResponseStatus::Code(200)]
            .description
            .as_deref(),
        Some("Fine")
    );
    let new = &spec.endpoints["new"];
    assert_eq!(
        new.auth,
        EndpointAuth::Inherit {
            scopes: vec!["read".into()]
        }
    );
    assert_eq!(new.deprecated, Some(Deprecation::default()));
}

#[test]
fn tags_are_declared_by_name_and_listed_by_endpoints() {
    let yaml = format!(
        "{MINIMAL}tags:\n  orders: Placing orders\n  admin: {{title: Back office, description: Staff only}}\n  reports:\nendpoints:\n  a:\n    method: GET\n    path: /a\n    tags: [admin, billing, admin]\n  b:\n    method: GET\n    path: /b\n    tags: orders\n"
    );
    let (spec, diags) = lower(&yaml);
    assert_eq!(diags, []);
    let spec = spec.unwrap();
    assert_eq!(
        spec.tags["orders"],
        Tag {
            title: None,
            description: Some("Placing orders".into())
        }
    );
    assert_eq!(spec.tags["admin"].title.as_deref(), Some("Back office"));
    assert_eq!(spec.tags["reports"], Tag::default());
    assert_eq!(spec.endpoints["a"].tags, ["admin", "billing"], "each once");
    assert_eq!(spec.endpoints["b"].tags, ["orders"]);
    assert_eq!(
        spec.tag_names(),
        ["orders", "admin", "reports", "billing"],
        "declared, then used in order of first use"
    );

    let bad = format!(
        "{MINIMAL}tags:\n  orders: {{name: x}}\n  listed: [a]\nendpoints:\n  a:\n    method: GET\n    path: /a\n    tags: [orders, '', {{x: 1}}]\n"
    );
    assert_eq!(
        messages(&bad),
        [
            "unknown-field: unknown field `name` in a tag at tags.orders.name",
            "invalid-type: a tag must be a mapping, found a list at tags.listed",
            "invalid-value: a tag is empty at endpoints.a.tags[1]",
            "invalid-type: expected text, found a mapping at endpoints.a.tags[2]",
        ]
    );
    let listed = format!("{MINIMAL}tags:\n  - {{name: orders, description: Placing orders}}\n");
    let (_, diags) = lower(&listed);
    assert_eq!(
        diags[0].message,
        "expected a mapping of tag names to tags, found a list"
    );
    assert!(
        diags[0]
            .help
            .as_deref()
            .unwrap()
            .contains("`orders: Placing orders`")
    );
}

#[test]
fn examples_are_kept_as_written() {
    let yaml = format!(
        "{MINIMAL}webhooks:\n  order.shipped:\n    payload: {{id: string}}\n    example: {{id: X, n: 1.5, when: 2024-01-14T08:00:00Z}}\n"
    );
    let spec = lower(&yaml).0.unwrap();
    assert_eq!(
        spec.webhooks["order.shipped"]
            .content
            .as_ref()
            .unwrap()
            .media_types["application/json"]
            .example,
        Some(json!({"id": "X", "n": 1.5, "when": "2024-01-14T08:00:00Z"}))
    );
}

#[test]
fn the_spec_must_be_a_mapping() {
    assert_eq!(
        messages("- a\n- b\n"),
        ["invalid-type: a spec must be a mapping, found a list at (document root)"]
    );
}

#[test]
fn filter_operators_are_text_or_a_list() {
    let (spec, diags) = lower(&format!(
        "{MINIMAL}conventions:\n  filtering:\n    params: {{status: [eq, in], created_at: 'gte, lte'}}\n"
    ));
    assert_eq!(diags, []);
    let filtering = spec.unwrap().conventions.unwrap().filtering.unwrap();
    assert_eq!(filtering.params["status"], "eq, in");
    assert_eq!(filtering.params["created_at"], "gte, lte");
    assert_eq!(
        messages(&format!(
            "{MINIMAL}conventions:\n  filtering:\n    params: {{status: [eq, [in]]}}\n"
        )),
        [
            "invalid-type: expected text or a list of operators, found a list at conventions.filtering.params.status"
        ]
    );
}

#[test]
fn near_misses_are_named() {
    assert_eq!(
        messages("integration-spec: \"1.0\"\ninfo: {title: ' ', version: 1.0.0}\n"),
        ["missing-field: `info` needs `title`, which is empty at info.title"]
    );
    assert_eq!(
        messages(&format!(
            "{MINIMAL}endpoints:\n  e:\n    method: GET\n    path: /e\n    auth: None\n"
        )),
        [
            "invalid-value: `auth: None` is not recognised; a public endpoint says `auth: none` at endpoints.e.auth"
        ]
    );
}

#[test]
fn a_misspelt_required_key_is_reported_once() {
    assert_eq!(
        messages(&format!(
            "{MINIMAL}errors:\n  E: {{http_status: 400, mesage: Bad}}\n"
        )),
        ["unknown-field: unknown field `mesage` in an error code at errors.E.mesage"]
    );
}

#[test]
fn paths_start_with_a_slash() {
    assert_eq!(
        messages(&format!(
            "{MINIMAL}endpoints:\n  e:\n    method: GET\n    path: v1/items\n"
        )),
        ["invalid-value: the path `v1/items` does not start with `/` at endpoints.e.path"]
    );
}

#[test]
fn a_shorthand_reports_its_type_and_flags_at_once() {
    let found = messages(&format!(
        "{MINIMAL}models:\n  M:\n    fields:\n      name: strng (requird, max 120)\n"
    ));
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(found[0].contains("requird"), "{found:?}");
    assert!(found[1].contains("unknown type `strng`"), "{found:?}");
}

#[test]
fn only_the_remnants_of_a_cut_shorthand_are_skipped() {
    // A closed shorthand with an escaped parenthesis is not cut: the null after it is reported.
    let found = messages(&format!(
        "{MINIMAL}models:\n  M:\n    fields:\n      a: 'string (format: \\(\\d{{3}})'\n      b:\n"
    ));
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].contains("found nothing (null) at models.M.fields.b"),
        "{found:?}"
    );
    // `{ a: string (required, min 1) }` is cut at the comma: only the first part is reported.
    let found = messages(&format!(
        "{MINIMAL}models:\n  M:\n    fields: {{ a: string (required, min 1 chars) }}\n"
    ));
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].contains("never closed"), "{found:?}");
}

// ---------------------------------------------------------------- the tables of keys

/// Every table of keys, by the name of its `const`.
fn every_table() -> Vec<(&'static str, &'static [Key])> {
    vec![
        ("TOP_LEVEL", Lower::TOP_LEVEL),
        ("IMPORT", Lower::IMPORT),
        ("INFO", Lower::INFO),
        ("CONTACT", Lower::CONTACT),
        ("OVERVIEW", Lower::OVERVIEW),
        ("SCOPE", Lower::SCOPE),
        ("SYSTEM", Lower::SYSTEM),
        ("AUTH_SCHEME", Lower::AUTH_SCHEME),
        ("AUTH_SCHEMES", Lower::AUTH_SCHEMES),
        ("TOKEN_REFRESH", Lower::TOKEN_REFRESH),
        ("ENVIRONMENT", Lower::ENVIRONMENT),
        ("SLA", Lower::SLA),
        ("CONVENTIONS", Lower::CONVENTIONS),
        ("VERSIONING", Lower::VERSIONING),
        ("IDEMPOTENCY", Lower::IDEMPOTENCY),
        ("PAGINATION", Lower::PAGINATION),
        ("FILTERING", Lower::FILTERING),
        ("ERROR_CONVENTION", Lower::ERROR_CONVENTION),
        ("MODEL", Lower::MODEL),
        ("DISCRIMINATOR", Lower::DISCRIMINATOR),
        ("TAG", Lower::TAG),
        ("ENDPOINT", Lower::ENDPOINT),
        ("ENDPOINT_AUTH", Lower::ENDPOINT_AUTH),
        ("DEPRECATION", Lower::DEPRECATION),
        ("REQUEST", Lower::REQUEST),
        ("RESPONSE", Lower::RESPONSE),
        ("CALLBACK", Lower::CALLBACK),
        ("CODE_SAMPLE", Lower::CODE_SAMPLE),
        ("MEDIA_TYPE", Lower::MEDIA_TYPE),
        ("MEDIA_TYPE_OF_PAYLOAD", Lower::MEDIA_TYPE_OF_PAYLOAD),
        ("NAMED_EXAMPLE", Lower::NAMED_EXAMPLE),
        ("PART_ENCODING", Lower::PART_ENCODING),
        ("ERROR_CODE", Lower::ERROR_CODE),
        ("RATE_LIMITS", Lower::RATE_LIMITS),
        ("FLOW", Lower::FLOW),
        ("STEP_BLOCKS", Lower::STEP_BLOCKS),
        ("BRANCH", Lower::BRANCH),
        ("WEBHOOK", Lower::WEBHOOK),
        ("TEST", Lower::TEST),
        ("EXPECT", Lower::EXPECT),
        ("EXPECT_ITEM", Lower::EXPECT_ITEM),
        ("MONITORING", Lower::MONITORING),
        ("ALERT", Lower::ALERT),
        ("ROLLBACK", Lower::ROLLBACK),
        ("CHANGELOG_ENTRY", Lower::CHANGELOG_ENTRY),
        ("MAPPING", Lower::MAPPING),
        ("FIELD_MAPPING", Lower::FIELD_MAPPING),
        ("SCHEMA", Lower::SCHEMA),
        ("SCHEMA_DISCRIMINATOR", Lower::SCHEMA_DISCRIMINATOR),
    ]
}

/// The tables reached from the top-level table, through named shapes too.
fn reached_tables() -> Vec<&'static [Key]> {
    fn table(keys: &'static [Key], named: &mut Vec<String>, tables: &mut Vec<&'static [Key]>) {
        if tables.contains(&keys) {
            return;
        }
        tables.push(keys);
        for key in keys {
            shape(&key.shape, named, tables);
        }
    }
    fn shape(of: &Shape, named: &mut Vec<String>, tables: &mut Vec<&'static [Key]>) {
        match of {
            Shape::Mapping(keys) => table(keys, named, tables),
            Shape::OneKey(keys, other) | Shape::EntriesWith(keys, other) => {
                table(keys, named, tables);
                shape(other, named, tables);
            }
            Shape::MapOf(item)
            | Shape::Entries(item)
            | Shape::ByStatus(item)
            | Shape::ListOf(item) => {
                shape(item, named, tables);
            }
            Shape::OneOf(shapes) => {
                for item in *shapes {
                    shape(item, named, tables);
                }
            }
            Shape::Field | Shape::Fields | Shape::Body | Shape::Steps => {
                let name = format!("{of:?}");
                if !named.contains(&name) {
                    named.push(name);
                    let definition = super::format_schema::definition(of)
                        .expect("a named shape has a definition");
                    shape(&definition, named, tables);
                }
            }
            Shape::Text
            | Shape::String
            | Shape::Texts
            | Shape::Bool
            | Shape::Count
            | Shape::Number
            | Shape::StatusCode
            | Shape::Null
            | Shape::Any
            | Shape::Keyword(_)
            | Shape::Word(_)
            | Shape::Shorthand => assert_eq!(super::format_schema::definition(of), None),
        }
    }
    let mut tables = Vec::new();
    table(Lower::TOP_LEVEL, &mut Vec::new(), &mut tables);
    tables
}

#[test]
fn the_format_is_one_tree_of_tables() {
    let reached = reached_tables();
    for (name, table) in every_table() {
        assert!(
            reached.contains(&table),
            "`{name}` is not reached from the top level"
        );
    }
    assert_eq!(
        reached.len(),
        every_table().len(),
        "a table is reached that `every_table` does not list"
    );
}

#[test]
fn every_table_names_its_keys_once_and_says_what_each_means() {
    for (name, table) in every_table() {
        assert!(!table.is_empty(), "`{name}` declares no key");
        for (idx, key) in table.iter().enumerate() {
            assert!(
                table[..idx].iter().all(|other| other.name != key.name),
                "`{name}` declares `{}` twice",
                key.name
            );
            // `x-decimal-places` is ours: the shorthand's decimal places, as `export` writes
            // them; every other `x-` key is someone's extension.
            assert!(
                !key.name.is_empty()
                    && (!key.name.starts_with("x-") || key.name == "x-decimal-places"),
                "`{name}` declares `{}`, but `x-` keys are extensions",
                key.name
            );
            assert!(
                !key.doc.trim().is_empty() && !key.doc.contains('\n'),
                "`{name}.{}` needs a one-line description",
                key.name
            );
            if let Some(keywords) = key.keywords() {
                assert!(!keywords.is_empty(), "`{name}.{}` has no keyword", key.name);
            }
        }
    }
}

#[test]
fn the_keywords_are_those_of_the_model() {
    let keywords = |table: &[Key], name: &str| {
        table
            .iter()
            .find(|key| key.name == name)
            .and_then(Key::keywords)
            .unwrap()
            .to_vec()
    };
    assert_eq!(
        keywords(Lower::ENDPOINT, "method"),
        Method::ALL.map(Method::as_str)
    );
    assert_eq!(
        keywords(Lower::CALLBACK, "method"),
        Method::ALL.map(Method::as_str)
    );
    assert_eq!(
        keywords(Lower::INFO, "status"),
        [
            Status::Draft,
            Status::Beta,
            Status::Stable,
            Status::Deprecated
        ]
        .map(Status::as_str)
    );
    assert_eq!(keywords(Lower::ENDPOINT, "auth"), ["none"]);
    assert_eq!(
        keywords(Lower::ERROR_CONVENTION, "members"),
        [
            ErrorMember::Code,
            ErrorMember::Type,
            ErrorMember::Message,
            ErrorMember::HttpStatus
        ]
        .map(ErrorMember::as_str)
    );
}

/// Every spec file under `dir` with one of `extensions`, sorted.
fn spec_files(dir: &str) -> Vec<std::path::PathBuf> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| {
            path.extension()
                .is_some_and(|ext| ext == "yaml" || ext == "yml" || ext == "json")
        })
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no specs in {}", dir.display());
    files
}

fn format_of(path: &std::path::Path) -> Format {
    if path.extension().is_some_and(|ext| ext == "json") {
        Format::Json
    } else {
        Format::Yaml
    }
}

/// Lowering the valid specs runs every reader under the debug assertions that hold the reads
/// to the tables.
#[test]
fn the_valid_specs_lower_with_every_key_declared() {
    let mut files = spec_files("tests/fixtures/specs/valid");
    files.extend(spec_files("example-book/specs"));
    // Through the file: a spec may import an OpenAPI document beside it.
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let limits = crate::load::LoadLimits {
        allow_outside_root: false,
        max_spec_size: 10 * 1024 * 1024,
    };
    for path in files {
        let name = path.file_name().unwrap().to_string_lossy();
        let file =
            crate::load::resolve_spec_file(root, path.parent().unwrap(), &name, &limits).unwrap();
        let loaded = crate::load::load_spec_file(&file, &limits);
        assert_eq!(loaded.diagnostics, [], "{}", path.display());
        assert!(loaded.spec.is_some(), "{}", path.display());
    }
}

/// The invalid specs take the readers' error paths under the same assertions.
#[test]
fn the_invalid_specs_lower_with_every_key_declared() {
    for path in spec_files("tests/fixtures/specs/invalid") {
        let text = std::fs::read_to_string(&path).unwrap();
        parse_spec(&text, format_of(&path));
    }
}

/// The message of the panic `run` raises.
#[cfg(debug_assertions)]
fn panic_message(run: impl FnOnce() + std::panic::UnwindSafe) -> String {
    let Err(payload) = std::panic::catch_unwind(run) else {
        panic!("the debug assertion did not fire");
    };
    payload
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| {
            payload
                .downcast_ref::<&str>()
                .map(|text| (*text).to_owned())
        })
        .unwrap_or_default()
}

/// In debug builds the tables are held to what the readers read.
#[test]
#[cfg(debug_assertions)]
fn reads_that_drift_from_the_tables_are_caught() {
    let map = serde_json::Map::new();
    let info = || Obj {
        map: &map,
        path: SpecPath::root().key("info"),
        keys: Lower::INFO,
    };
    let undeclared = panic_message(|| {
        info().get("titel");
    });
    assert!(
        undeclared.contains("`titel` is read at `info`, but its table does not declare it"),
        "{undeclared}"
    );
    let optional = panic_message(|| {
        Lower::default().required_text(&info(), "summary", "`info`");
    });
    assert!(
        optional.contains("does not declare it required"),
        "{optional}"
    );
    let drifted = panic_message(|| {
        Lower::default().keyword(&info(), "status", &[("draft", 0), ("stable", 1)]);
    });
    assert!(
        drifted.contains("are not those its table declares"),
        "{drifted}"
    );
}

#[test]
fn code_samples_lower_in_order() {
    let yaml = format!(
        "{MINIMAL}endpoints:\n  e:\n    method: GET\n    path: /e\n    code_samples:\n      - {{lang: python, label: Python SDK, source: 'client.e()'}}\n      - {{lang: go, source: \"e()\\n\"}}\n  f:\n    method: GET\n    path: /f\n    code_samples:\n      - {{lang: go}}\n      - {{lang: go, source: ok, sourc: typo}}\n"
    );
    let (spec, diags) = lower(&yaml);
    let found: Vec<String> = diags
        .iter()
        .map(|diag| format!("{}: {}", diag.code, diag.message))
        .collect();
    assert_eq!(
        found,
        [
            "missing-field: a code sample needs `source`",
            "unknown-field: unknown field `sourc` in a code sample"
        ]
    );
    let spec = spec.unwrap();
    assert_eq!(
        spec.endpoints["e"].code_samples,
        [
            CodeSample {
                lang: "python".into(),
                label: Some("Python SDK".into()),
                source: "client.e()".into(),
            },
            CodeSample {
                lang: "go".into(),
                label: None,
                source: "e()\n".into(),
            },
        ]
    );
    assert_eq!(spec.endpoints["f"].code_samples.len(), 1);
}

#[test]
fn many_models_lower_beside_the_endpoints_with_findings_in_section_order() {
    for count in [3, MODELS_ON_THEIR_OWN + 50] {
        let mut yaml = format!(
            "{MINIMAL}conventions: {{ colour: blue }}\nmodels:\n  Bad: {{ fields: {{ a: string }}, colour: red }}\n"
        );
        for n in 0..count {
            yaml.push_str(&format!("  M{n}: {{ fields: {{ a: string }} }}\n"));
        }
        yaml.push_str("tags:\n  t: { colour: green }\n");
        yaml.push_str(
            "endpoints:\n  e: { method: GET, path: /e, colour: pink, responses: { 200: OK } }\n",
        );
        yaml.push_str("flows:\n  f: { steps: ['A -> B: x'], colour: grey }\n");
        let (spec, diags) = lower(&yaml);
        let spec = spec.unwrap();
        assert_eq!(spec.models.len(), count + 1);
        assert_eq!(spec.models.get_index(1).unwrap().0, "M0");
        assert!(spec.endpoints.contains_key("e"));
        let places: Vec<String> = diags
            .iter()
            .map(|diag| diag.path.as_ref().unwrap().to_string())
            .collect();
        assert_eq!(
            places,
            [
                "conventions.colour",
                "models.Bad.colour",
                "tags.t.colour",
                "endpoints.e.colour",
                "flows.f.colour"
            ],
            "{count} models"
        );
    }
}
