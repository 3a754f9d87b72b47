use serde_json::{Value, json};

use super::operations::slug;
use super::*;
use crate::load::{Format, parse_spec};

fn translated(doc: Value) -> Translated {
    let Detected::OpenApi(dialect) = detect(&doc) else {
        panic!("not read as OpenAPI");
    };
    translate(&doc, dialect, "openapi.yaml".into(), &[])
}

fn doc(version: &str, rest: Value) -> Value {
    let mut doc = json!({ "openapi": version, "info": { "title": "T", "version": "1" } });
    for (key, value) in rest.as_object().unwrap() {
        doc[key] = value.clone();
    }
    doc
}

#[test]
fn versions_are_told_apart() {
    assert!(matches!(
        detect(&json!({ "openapi": "3.0.3" })),
        Detected::OpenApi(Dialect::V30)
    ));
    assert!(matches!(
        detect(&json!({ "openapi": "3.1.1" })),
        Detected::OpenApi(Dialect::V31)
    ));
    assert!(matches!(
        detect(&json!({ "openapi": 3.1 })),
        Detected::OpenApi(Dialect::V31)
    ));
    assert!(matches!(
        detect(&json!({ "integration-spec": "1.0" })),
        Detected::Native
    ));
    let Detected::Unsupported(swagger) = detect(&json!({ "swagger": "2.0" })) else {
        panic!("Swagger 2.0 must be refused");
    };
    assert!(swagger.help.unwrap().contains("swagger2openapi"));
    assert!(matches!(
        detect(&json!({ "openapi": "4.0.0" })),
        Detected::Unsupported(_)
    ));
}

#[test]
fn operations_without_an_id_get_a_stable_slug() {
    assert_eq!(slug("get", "/pets/{petId}"), "get-pets-petId");
    assert_eq!(slug("POST", "/v1/orders.json"), "post-v1-orders-json");
    assert_eq!(slug("get", "/"), "get");
}

#[test]
fn nullable_and_boolean_exclusive_bounds_are_written_as_3_1_writes_them() {
    let out = translated(doc(
        "3.0.3",
        json!({ "paths": { "/a": { "get": { "parameters": [{
            "name": "n", "in": "query",
            "schema": { "type": "integer", "nullable": true, "minimum": 0, "exclusiveMinimum": true, "maximum": 9, "exclusiveMaximum": false }
        }], "responses": {} } } } }),
    ));
    let field = &out.tree["endpoints"]["get-a"]["request"]["query"]["n"];
    assert_eq!(field["type"], json!(["integer", "null"]));
    assert_eq!(field["exclusiveMinimum"], json!(0));
    assert_eq!(field.get("minimum"), None);
    assert_eq!(field["maximum"], json!(9));
    assert_eq!(field.get("exclusiveMaximum"), None);
}

#[test]
fn objects_become_models_and_other_schemas_are_written_where_used() {
    let out = translated(doc(
        "3.1.0",
        json!({
            "components": { "schemas": {
                "Pet.v2": { "type": "object", "required": ["name"], "properties": { "name": { "type": "string" }, "status": { "$ref": "#/components/schemas/Status" } } },
                "Status": { "type": "string", "enum": ["a", "b"] },
                "Any": { "oneOf": [{ "$ref": "#/components/schemas/Pet.v2" }, { "type": "string" }] },
            } },
        }),
    ));
    let models = out.tree["models"].as_object().unwrap();
    assert_eq!(models.keys().collect::<Vec<_>>(), ["Pet.v2"]);
    assert_eq!(models["Pet.v2"]["required"], json!(["name"]));
    assert_eq!(
        models["Pet.v2"]["fields"]["status"],
        json!({ "type": "string", "enum": ["a", "b"] })
    );
}

#[test]
fn references_with_a_description_and_discriminator_mappings_name_models() {
    let out = translated(doc(
        "3.1.0",
        json!({ "components": { "schemas": {
            "Cat": { "type": "object", "properties": { "kind": { "type": "string" } } },
            "Dog": { "type": "object", "properties": { "kind": { "type": "string" } } },
            "Pet": {
                "oneOf": [{ "$ref": "#/components/schemas/Cat" }, { "$ref": "#/components/schemas/Dog" }],
                "discriminator": { "propertyName": "kind", "mapping": { "cat": "#/components/schemas/Cat", "dog": "Dog" } },
            },
            "Owner": { "type": "object", "properties": { "pet": { "$ref": "#/components/schemas/Pet", "description": "Their pet" } } },
        } } }),
    ));
    let models = &out.tree["models"];
    assert_eq!(models["Pet"]["one_of"], json!(["Cat", "Dog"]));
    assert_eq!(
        models["Pet"]["discriminator"],
        json!({ "property": "kind", "mapping": { "cat": "Cat", "dog": "Dog" } })
    );
    assert_eq!(
        models["Owner"]["fields"]["pet"],
        json!({ "description": "Their pet", "allOf": [{ "$ref": "#/models/Pet" }] })
    );
}

#[test]
fn a_schema_that_contains_itself_without_being_an_object_ends() {
    let out = translated(doc(
        "3.1.0",
        json!({ "components": { "schemas": {
            "Tree": { "type": "array", "items": { "$ref": "#/components/schemas/Tree" } },
            "Holder": { "type": "object", "properties": { "tree": { "$ref": "#/components/schemas/Tree" } } },
        } } }),
    ));
    assert_eq!(
        out.tree["models"]["Holder"]["fields"]["tree"],
        json!({ "type": "array", "items": {} })
    );
    assert!(
        out.diags
            .iter()
            .any(|diag| diag.code == Code::UnsupportedOpenApi)
    );
}

#[test]
fn security_defaults_to_none_without_a_top_level_requirement() {
    let schemes = json!({ "components": { "securitySchemes": { "key": { "type": "apiKey", "in": "query", "name": "k" } } } });
    let out = translated(doc("3.0.3", schemes.clone()));
    assert_eq!(out.tree["authentication"]["default"], json!("none"));
    assert_eq!(
        out.tree["authentication"]["key"],
        json!({ "type": "api_key", "query": "k" })
    );
    let mut with_default = schemes;
    with_default["security"] = json!([{ "key": [] }, {}]);
    let out = translated(doc("3.0.3", with_default));
    assert_eq!(
        out.tree["authentication"]["default"],
        json!([{ "key": [] }, "none"])
    );
}

#[test]
fn internal_operations_are_left_out_and_path_parameters_are_shared() {
    let out = translated(doc(
        "3.1.0",
        json!({ "paths": { "/a/{id}": {
            "parameters": [{ "name": "id", "in": "path", "required": true, "schema": { "type": "string" } }],
            "get": { "operationId": "read", "responses": {} },
            "delete": { "x-internal": true, "responses": {} },
        } } }),
    ));
    let endpoints = out.tree["endpoints"].as_object().unwrap();
    assert_eq!(endpoints.keys().collect::<Vec<_>>(), ["read"]);
    assert_eq!(
        endpoints["read"]["request"]["path_params"]["id"]["required"],
        json!(true)
    );
}

#[test]
fn findings_point_into_the_document() {
    let text = r#"openapi: 3.0.3
info: { title: T, version: "1" }
paths:
  /pets:
    get:
      operationId: list
      responses:
        '200':
          $ref: '#/components/responses/Pets'
components:
  responses:
    Pets:
      description: Pets
      content:
        application/json:
          schema:
            type: array
            items: { type: integer }
          example: [1, "two"]
"#;
    let (spec, diags) = parse_spec(text, Format::Yaml);
    assert_eq!(diags, []);
    let found = crate::check::check_spec(&spec.unwrap());
    let [finding] = found.as_slice() else {
        panic!("one finding expected: {found:?}");
    };
    let out = translated(serde_yaml::from_str(text).unwrap());
    let mut finding = finding.clone();
    out.source_map.point_into_source(&mut finding);
    assert_eq!(
        finding.path.unwrap().to_string(),
        "components.responses.Pets.content.application/json.example[1]"
    );
}

/// What real documents (GitHub's among them) do that OpenAPI allows, and our format does
/// not: none of it is a finding.
#[test]
fn what_openapi_allows_is_no_finding() {
    let text = r##"openapi: 3.0.3
info: { title: T, version: "2022-11-28" }
paths:
  /users/{id}:
    get:
      operationId: users/get
      description: Like [the list](#list-users), but one.
      parameters: [{ name: id, in: path, required: true, schema: { type: string } }]
      responses:
        '200':
          description: A user
          content:
            application/json:
              schema:
                oneOf:
                  - { type: array, items: { type: object } }
                  - $ref: '#/components/schemas/private-user'
                  - $ref: '#/components/schemas/public-user'
                discriminator: { propertyName: user_view_type }
              examples:
                default: { value: { login: octocat, user_view_type: public-user, suspended_by: null, plan: { name: pro, seats: 2 } } }
                none: { value: null }
components:
  schemas:
    simple-user:
      type: object
      nullable: true
      required: [login]
      properties: { login: { type: string } }
    base-user:
      type: object
      required: [login]
      properties:
        login: { type: string }
        plan: { type: object, properties: { name: { type: string } } }
    public-user:
      allOf:
        - $ref: '#/components/schemas/base-user'
        - type: object
          required: [login, user_view_type]
          properties:
            user_view_type: { type: string }
            suspended_by: { $ref: '#/components/schemas/simple-user' }
            plan: { type: object, properties: { name: { type: string }, seats: { type: integer } } }
    private-user:
      type: object
      properties: { login: { type: string }, user_view_type: { type: string } }
"##;
    let (spec, diags) = parse_spec(text, Format::Yaml);
    let codes: Vec<Code> = diags.iter().map(|diag| diag.code).collect();
    assert_eq!(codes, [Code::UnsupportedOpenApi], "{diags:?}");
    assert!(diags[0].message.contains("`value` is null"));
    let spec = spec.unwrap();
    assert_eq!(crate::check::check_spec(&spec), []);
    assert_eq!(
        spec.models["public-user"].all_of,
        ["base-user".to_owned()],
        "model names are kept as written"
    );
}

#[test]
fn tags_are_translated_with_their_descriptions_and_display_names() {
    let text = r#"openapi: 3.1.0
info: { title: T, version: "1" }
tags:
  - { name: pets, description: Everything about *pets*, x-displayName: Pets }
  - name: store
    externalDocs: { url: https://example.com/store }
  - { name: pets, description: declared again }
paths:
  /pets:
    get:
      operationId: listPets
      tags: [pets, store]
      responses: { '200': { description: Pets } }
  /orders:
    get:
      operationId: listOrders
      tags: [orders]
      responses: { '200': { description: Orders } }
  /health:
    get:
      operationId: health
      responses: { '200': { description: Alive } }
"#;
    let out = translated(serde_yaml::from_str(text).unwrap());
    assert_eq!(
        out.tree["tags"],
        json!({
            "pets": { "title": "Pets", "description": "Everything about *pets*" },
            "store": {}
        }),
        "a name declared twice keeps its first declaration"
    );
    assert_eq!(
        out.tree["endpoints"]["listPets"]["tags"],
        json!(["pets", "store"])
    );
    assert_eq!(
        out.source_map
            .to_source(&SpecPath::root().key("tags").key("pets").key("description"))
            .1
            .to_string(),
        "tags[0].description"
    );

    let (spec, diags) = parse_spec(text, Format::Yaml);
    let messages: Vec<&str> = diags.iter().map(|diag| diag.message.as_str()).collect();
    assert_eq!(messages, ["a tag's `externalDocs` is not shown"]);
    let spec = spec.unwrap();
    assert_eq!(spec.tags["pets"].title.as_deref(), Some("Pets"));
    assert_eq!(spec.endpoints["listPets"].tags, ["pets", "store"]);
    assert_eq!(spec.endpoints["health"].tags, Vec::<String>::new());
    assert_eq!(spec.tag_names(), ["pets", "store", "orders"]);
    assert_eq!(crate::check::check_spec(&spec), []);
}

/// Schemas written out where they are used can multiply: each level refers to the next twice.
/// The translation stops at a budget proportional to the document, with one error.
#[test]
fn written_out_schemas_are_bounded() {
    let mut schemas = serde_json::Map::new();
    for level in 0..40 {
        let next = format!("#/components/schemas/L{}", level + 1);
        schemas.insert(
            format!("L{level}"),
            json!({ "type": "array", "items": { "anyOf": [{ "$ref": next }, { "$ref": next }] } }),
        );
    }
    schemas.insert("L40".into(), json!({ "type": "string" }));
    schemas.insert(
        "Root".into(),
        json!({ "type": "object", "properties": { "tree": { "$ref": "#/components/schemas/L0" } } }),
    );
    let out = translated(doc(
        "3.1.0",
        json!({ "components": { "schemas": schemas } }),
    ));
    let too_large: Vec<_> = out
        .diags
        .iter()
        .filter(|diag| diag.code == Code::SpecTooLarge)
        .collect();
    assert_eq!(too_large.len(), 1, "{:?}", out.diags);
}

#[test]
fn code_samples_are_read_from_either_extension() {
    let out = translated(doc(
        "3.1.0",
        json!({ "paths": { "/a": {
            "get": { "operationId": "a", "responses": {}, "x-codeSamples": [
                { "lang": "Python", "label": "<b>SDK</b>", "source": "a()" },
                { "lang": "go" },
            ] },
            "post": { "operationId": "b", "responses": {}, "x-code-samples": [
                { "lang": "C#", "source": "B();" },
            ] },
        } } }),
    ));
    assert_eq!(
        out.tree["endpoints"]["a"]["code_samples"],
        json!([{ "lang": "Python", "label": "SDK", "source": "a()" }])
    );
    assert_eq!(
        out.tree["endpoints"]["b"]["code_samples"],
        json!([{ "lang": "C#", "source": "B();" }])
    );
    let [skipped] = out.diags.as_slice() else {
        panic!("one finding expected: {:?}", out.diags);
    };
    assert_eq!(
        skipped.path.as_ref().unwrap().to_string(),
        "paths./a.get.x-codeSamples[1]"
    );
}

#[test]
fn a_request_body_description_follows_the_operation_description() {
    let out = translated(doc(
        "3.1.0",
        json!({
            "paths": { "/a": { "post": {
                "operationId": "a",
                "description": "Creates an <b>a</b>.",
                "requestBody": { "$ref": "#/components/requestBodies/A" },
                "responses": {},
            } } },
            "components": { "requestBodies": { "A": {
                "description": "The a to create.",
                "content": { "application/json": { "schema": { "type": "object" } } },
            } } },
        }),
    ));
    assert_eq!(
        out.tree["endpoints"]["a"]["description"],
        json!("Creates an **a**.\n\n**Request body:** The a to create.")
    );
}

#[test]
fn the_license_is_shown_and_what_is_not_read_is_named() {
    let out = translated(doc(
        "3.1.0",
        json!({
            "externalDocs": { "url": "https://docs.example.com" },
            "paths": { "/a": { "get": {
                "operationId": "a",
                "parameters": [{ "name": "q", "in": "query", "allowReserved": true, "schema": { "type": "string" } }],
                "responses": {},
            } } },
        }),
    ));
    let mut with_license = doc("3.1.0", json!({}));
    with_license["info"]["license"] = json!({ "name": "MIT", "identifier": "MIT" });
    let licensed = translated(with_license);
    assert_eq!(
        licensed.tree["info"]["description"],
        json!("License: MIT (`MIT`)")
    );
    let named: Vec<&str> = out.diags.iter().map(|diag| diag.message.as_str()).collect();
    assert_eq!(
        named,
        [
            "a parameter's `allowReserved` is not shown",
            "the document's `externalDocs` is not shown"
        ]
    );
}

#[test]
fn many_models_translate_beside_the_paths_with_the_same_findings() {
    let findings = |models: usize| {
        let mut schemas = serde_json::Map::new();
        schemas.insert(
            "Bad".into(),
            json!({ "type": "object", "patternProperties": { "^x": {} },
                    "properties": { "a": { "$ref": "#/components/schemas/Missing" } } }),
        );
        for n in 0..models {
            schemas.insert(
                format!("M{n}"),
                json!({ "type": "object", "properties": { "a": { "type": "string" } } }),
            );
        }
        let document = doc(
            "3.1.0",
            json!({
                "paths": { "/a": { "get": { "responses": { "200": {
                    "description": "OK",
                    "content": { "application/json": { "schema": {
                        "type": "object", "patternProperties": { "^y": {} },
                        "properties": { "b": { "$ref": "#/components/schemas/Gone" } }
                    } } }
                } } } } },
                "components": { "schemas": schemas },
            }),
        );
        let translated = translated(document);
        assert!(translated.tree["models"]["M0"].is_object());
        assert!(translated.tree["endpoints"]["get-a"].is_object());
        translated
            .diags
            .iter()
            .map(|diag| {
                format!(
                    "{} {} {}",
                    diag.code,
                    diag.path.as_ref().unwrap(),
                    diag.message
                )
            })
            .collect::<Vec<String>>()
    };
    let few = findings(3);
    assert_eq!(few.len(), 3, "{few:#?}");
    assert_eq!(findings(250), few);
}
