//! Properties on generated chapters and specs (proptest): what holds for every input, not
//! only for the fixtures. Each property runs hundreds of cases per test run.

use std::collections::BTreeSet;

use proptest::prelude::*;
use pulldown_cmark::{Options, Parser, html};
use serde_json::json;

use mdbook_integration_spec::load::{Format, parse_spec};
use mdbook_integration_spec::{RenderOptions, preprocess_book, render_spec};

/// Text as people and attackers write it: markdown, HTML, mdBook's and Mermaid's syntax,
/// YAML-significant characters, bidi and zero-width characters, long words.
fn hostile_text() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "a",
        "word",
        " ",
        "\n",
        "\n\n",
        "|",
        "\\",
        "`",
        "``",
        "*",
        "_",
        "#",
        "- ",
        "1. ",
        "> ",
        "[link](http://x.example)",
        "[js](javascript:alert(1))",
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "<b>",
        "</td>",
        "<!--",
        "-->",
        "&amp;",
        "&#x3C;",
        "{{#include /etc/passwd}}",
        "{{#playground x}}",
        "<<#integration-spec x.yaml>>",
        "%%{init: {'theme':'dark'}}%%",
        "click A call alert(1)",
        "end",
        "<br>",
        ";",
        ":",
        "\"",
        "'",
        "\u{202E}",
        "\u{200B}",
        "\u{FEFF}",
        "ÄÖÜ",
        "漢字",
        "😀",
        "averyveryveryveryveryveryveryveryveryveryverylongwordwithoutanyspaceinit",
    ]);
    prop::collection::vec(pieces, 1..12).prop_map(|parts| parts.concat())
}

/// mdBook's markdown options, as its HTML renderer reads a chapter.
fn to_html(markdown: &str) -> String {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES;
    let mut out = String::new();
    html::push_html(&mut out, Parser::new_ext(markdown, options));
    out
}

/// The elements the renderer itself writes; spec text adds none.
const OWN_ELEMENTS: &[&str] = &[
    "a",
    "blockquote",
    "br",
    "code",
    "em",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ol",
    "p",
    "pre",
    "strong",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
    "del",
];

fn elements(html: &str) -> BTreeSet<String> {
    html.split('<')
        .skip(1)
        .filter_map(|rest| {
            let name: String = rest
                .trim_start_matches('/')
                .chars()
                .take_while(char::is_ascii_alphanumeric)
                .collect();
            (!name.is_empty()).then(|| name.to_ascii_lowercase())
        })
        .collect()
}

/// A spec whose every text is `texts[n]` in turn, JSON-quoted so any text is one scalar.
fn spec_with(texts: &[String]) -> String {
    let t = |n: usize| serde_json::Value::String(texts[n % texts.len()].clone()).to_string();
    format!(
        r#"integration-spec: "1.0"
info:
  title: {title}
  version: 1.0.0
  summary: {summary}
  description: {description}
  contact: {{ team: {team}, email: a@example.com }}
overview:
  purpose: {purpose}
  systems: [{{ name: Client, kind: external, description: {system} }}, {{ name: API }}]
models:
  Thing:
    description: {model}
    fields:
      id: {{ type: string, description: {field}, example: {example} }}
      kind: {{ type: string, enum: [{value}, plain] }}
endpoints:
  get-thing:
    method: GET
    path: /things/{{id}}
    summary: {endpoint}
    description: {endpoint_description}
    request:
      path_params:
        id: {{ type: string, description: {param} }}
    responses:
      200: {{ description: {response}, body: Thing, example: {{ id: {example}, kind: plain }} }}
    errors: [BROKEN]
    flow: get
errors:
  BROKEN: {{ http_status: 503, message: {message}, retry: {retry}, resolution: {resolution} }}
flows:
  get:
    title: {flow}
    steps:
      - {step}
      - "API --> Client: 200"
"#,
        title = t(0),
        summary = t(1),
        description = t(2),
        team = t(3),
        purpose = t(4),
        system = t(5),
        model = t(6),
        field = t(7),
        example = t(8),
        value = t(9),
        endpoint = t(10),
        endpoint_description = t(11),
        param = t(12),
        response = t(13),
        message = t(14),
        retry = t(15),
        resolution = t(16),
        flow = t(17),
        step = serde_json::Value::String(format!(
            "Client -> API: {}",
            texts[18 % texts.len()].replace('\n', " ")
        )),
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// Whatever a chapter says, without a directive it comes out byte for byte as it went in.
    #[test]
    fn a_chapter_without_directives_is_byte_identical(content in hostile_text().prop_filter(
        "no directive opener",
        |text| !text.contains("<<#integration-spec"),
    )) {
        let root = tempfile::tempdir().unwrap();
        let context = json!({
            "root": root.path(), "renderer": "html", "mdbook_version": "0.5.4",
            "config": {"book": {"title": "T"}, "preprocessor": {"integration-spec": {"after": ["links"]}}},
        });
        let mut book = json!({"items": [{"Chapter": {
            "name": "C", "content": content, "number": [1], "sub_items": [],
            "path": "c.md", "source_path": "c.md", "parent_names": []
        }}]});
        let report = preprocess_book(&context, &mut book);
        prop_assert!(report.diagnostics.is_empty(), "{:?}", report.diagnostics);
        prop_assert_eq!(book["items"][0]["Chapter"]["content"].as_str().unwrap(), content.as_str());
    }

    /// Text from a spec lands as text: no element, attribute, script or mdBook link comes
    /// from it, tables keep their columns, and the output does not depend on the run.
    #[test]
    fn spec_text_is_inert_in_the_html(texts in prop::collection::vec(hostile_text(), 19)) {
        let yaml = spec_with(&texts);
        let (spec, diagnostics) = parse_spec(&yaml, Format::Yaml);
        let errors: Vec<_> = diagnostics.iter().filter(|d| d.is_error()).collect();
        prop_assume!(errors.is_empty());
        let spec = spec.unwrap();
        let markdown = render_spec(&spec, &RenderOptions::whole(1, "p")).unwrap();
        prop_assert_eq!(&render_spec(&spec, &RenderOptions::whole(1, "p")).unwrap(), &markdown);
        let html = to_html(&markdown);
        let found = elements(&html);
        let foreign: Vec<&String> = found.iter().filter(|name| !OWN_ELEMENTS.contains(&name.as_str())).collect();
        prop_assert!(foreign.is_empty(), "elements {:?} in\n{}", foreign, html);
        for tag in html.split('<').skip(1).filter_map(|rest| rest.split_once('>').map(|(tag, _)| tag)) {
            let attributes = tag.split_whitespace().skip(1);
            for attribute in attributes {
                prop_assert!(!attribute.to_ascii_lowercase().starts_with("on"), "<{}> in\n{}", tag, html);
                prop_assert!(!attribute.contains("javascript:"), "<{}> in\n{}", tag, html);
            }
        }
        // Where mdBook's `links` runs after the preprocessor, the output is escaped for it.
        let for_links = mdbook_integration_spec::splice::escape_mdbook_links(&markdown);
        // mdBook skips a `\{{#...}}` and, greedily, every later link on its line.
        for line in for_links.lines() {
            if let Some(at) = line.find("{{#") {
                prop_assert!(line[..at].ends_with('\\'), "an mdBook link in {:?}", line);
            }
        }
        for table in html.split("<table>").skip(1) {
            let table = table.split("</table>").next().unwrap();
            let cells = |html: &str, tag: &str| {
                html.matches(&format!("<{tag}>")).count() + html.matches(&format!("<{tag} ")).count()
            };
            let columns = cells(table.split("</thead>").next().unwrap(), "th");
            for row in table.split("<tr>").skip(2) {
                prop_assert_eq!(cells(row, "td"), columns, "{}", table);
            }
        }
    }

    /// A number in an example renders as it is written: `12.50` stays `12.50`.
    #[test]
    fn example_numbers_render_as_written(
        whole in 0u32..100_000,
        fraction in prop::sample::select(vec!["", ".0", ".5", ".50", ".125", ".000001"]),
        exponent in prop::sample::select(vec!["", "e3", "E-2", "e+10"]),
        negative in any::<bool>(),
    ) {
        let number = format!("{}{whole}{fraction}{exponent}", if negative { "-" } else { "" });
        let yaml = format!(
            "integration-spec: \"1.0\"\ninfo: {{ title: T, version: 1.0.0 }}\nendpoints:\n  e:\n    method: GET\n    path: /e\n    responses:\n      200:\n        body: {{ amount: number }}\n        example: {{ amount: {number} }}\n"
        );
        let (spec, diagnostics) = parse_spec(&yaml, Format::Yaml);
        prop_assert!(diagnostics.iter().all(|d| !d.is_error()), "{:?}", diagnostics);
        let markdown = render_spec(&spec.unwrap(), &RenderOptions::whole(1, "n")).unwrap();
        let expected = format!("\"amount\": {number}\n");
        prop_assert!(markdown.contains(&expected), "{} not in\n{}", expected, markdown);
    }
}

/// A schema used by many others is rendered once, by name: the output grows with the
/// document, not with the number of ways a schema is reached.
#[test]
fn output_is_linear_in_the_document() {
    let document = |schemas: usize| {
        let mut components = serde_json::Map::new();
        components.insert(
            "S0".into(),
            json!({"type": "object", "properties": {"v": {"type": "string"}}}),
        );
        for n in 1..schemas {
            let previous = format!("#/components/schemas/S{}", n - 1);
            components.insert(
                format!("S{n}"),
                json!({"type": "object", "properties": {
                    "a": {"$ref": previous}, "b": {"$ref": previous}, "c": {"type": "array", "items": {"$ref": previous}}
                }}),
            );
        }
        let last = format!("#/components/schemas/S{}", schemas - 1);
        json!({
            "openapi": "3.1.0", "info": {"title": "T", "version": "1"},
            "paths": {"/x": {"get": {"operationId": "x", "responses": {"200": {
                "description": "ok", "content": {"application/json": {"schema": {"$ref": last}}}
            }}}}},
            "components": {"schemas": components},
        })
        .to_string()
    };
    let size = |schemas: usize| {
        let (spec, diagnostics) = parse_spec(&document(schemas), Format::Json);
        assert!(
            diagnostics.iter().all(|d| !d.is_error()),
            "{diagnostics:#?}"
        );
        render_spec(&spec.unwrap(), &RenderOptions::whole(1, "l"))
            .unwrap()
            .len()
    };
    let (small, large) = (size(50), size(200));
    let ratio = large as f64 / small as f64;
    assert!(
        (3.0..5.0).contains(&ratio),
        "50 schemas: {small} bytes, 200: {large} ({ratio:.2}x)"
    );
}
