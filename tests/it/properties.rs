//! Properties on generated chapters and specs (proptest): what holds for every input, not
//! only for the fixtures. Each property runs 500 generated cases per test run.

use std::collections::BTreeSet;

use proptest::prelude::*;
use serde_json::json;

use mdbook_integration_spec::check::check_spec;
use mdbook_integration_spec::export::to_openapi;
use mdbook_integration_spec::load::{Format, parse_spec};
use mdbook_integration_spec::{RenderOptions, preprocess_book, render_spec};

use crate::support::to_html;

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

/// Whether `label` holds only what Mermaid reads as text: letters, digits, printable
/// non-ASCII, a few safe signs, entity codes (`#35;`) and the renderer's own `<br>`.
fn mermaid_text(label: &str) -> bool {
    // The renderer's own line breaks; a `<br>` in spec text arrives as `#60;br#62;`.
    let label = label.replace("<br>", " ");
    let mut chars = label.chars().peekable();
    while let Some(c) = chars.next() {
        let safe = c.is_alphanumeric()
            || (!c.is_ascii() && !c.is_control() && !c.is_whitespace())
            || " .,_/-?!'()+=@*$~".contains(c);
        if safe {
            continue;
        }
        if c != '#' {
            return false;
        }
        let mut digits = 0;
        while chars.peek().is_some_and(char::is_ascii_digit) {
            chars.next();
            digits += 1;
        }
        if digits == 0 || chars.next() != Some(';') {
            return false;
        }
    }
    !label.trim().is_empty()
}

/// Checks one generated Mermaid block against the statements the renderer writes: a diagram
/// type, then participants, messages, notes, blocks and `end`s (sequence diagrams), nodes
/// and edges (flowcharts), entities, attributes and relations (ER diagrams), every label
/// plain text. Blocks open and close in pairs.
fn check_mermaid(block: &str) -> Result<(), String> {
    let mut lines = block.lines();
    let kind = lines.next().unwrap_or_default();
    let id = |word: &str| {
        !word.is_empty() && word.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    };
    let label_after = |line: &str, sep: &str| {
        line.split_once(sep)
            .is_some_and(|(_, label)| mermaid_text(label))
    };
    let quoted = |text: &str| {
        text.strip_prefix('"')
            .and_then(|rest| rest.strip_suffix('"'))
            .is_some_and(|inner| !inner.contains('"') && (inner.is_empty() || mermaid_text(inner)))
    };
    let mut depth = 0usize;
    for line in lines {
        let statement = line.trim();
        let ok = match kind {
            "sequenceDiagram" => {
                if let Some(rest) = statement
                    .strip_prefix("participant ")
                    .or_else(|| statement.strip_prefix("actor "))
                {
                    rest.split_once(" as ")
                        .is_some_and(|(name, label)| id(name) && mermaid_text(label))
                } else if let Some(rest) = statement.strip_prefix("Note ") {
                    let places = ["over ", "left of ", "right of "];
                    places.iter().any(|place| {
                        rest.strip_prefix(place)
                            .and_then(|r| r.split_once(": "))
                            .is_some_and(|(who, label)| {
                                who.split(',').all(id) && mermaid_text(label)
                            })
                    })
                } else if let Some(label) = ["alt ", "else ", "opt ", "loop "]
                    .iter()
                    .find_map(|k| statement.strip_prefix(k))
                {
                    if !statement.starts_with("else ") {
                        depth += 1;
                    }
                    // Mermaid draws a block's label as text (`<b>` shows as written), except a
                    // line break tag.
                    !label.to_ascii_lowercase().contains("<br")
                        && mermaid_text(&label.replace(['<', '>'], " "))
                } else if statement == "end" {
                    depth = depth.checked_sub(1).ok_or("an `end` closes nothing")?;
                    true
                } else if let Some((arrow_line, _)) = statement.split_once(": ") {
                    let parts: Vec<&str> = arrow_line.split("-->>").collect();
                    let parts = if parts.len() == 2 {
                        parts
                    } else {
                        arrow_line.split("->>").collect()
                    };
                    parts.len() == 2 && parts.iter().all(|p| id(p)) && label_after(statement, ": ")
                } else {
                    false
                }
            }
            "flowchart LR" => {
                let node = |shape_open: &str, shape_close: &str| {
                    statement
                        .split_once(shape_open)
                        .is_some_and(|(name, rest)| {
                            id(name) && rest.strip_suffix(shape_close).is_some_and(&quoted)
                        })
                };
                node("([", "])")
                    || node("[", "]")
                    || statement
                        .split_once(" --> ")
                        .is_some_and(|(a, b)| id(a) && id(b))
            }
            "erDiagram" => {
                if statement == "}" {
                    true
                } else if let Some(head) = statement.strip_suffix(" {") {
                    head.split_once('[').is_some_and(|(name, rest)| {
                        id(name) && rest.strip_suffix(']').is_some_and(quoted)
                    })
                } else if let Some((relation, label)) = statement.split_once(" : ") {
                    let mut words = relation.split(' ');
                    let (Some(a), Some(cardinality), Some(b)) =
                        (words.next(), words.next(), words.next())
                    else {
                        return Err(format!("relation {line:?}"));
                    };
                    id(a)
                        && id(b)
                        && quoted(label)
                        && cardinality.chars().all(|c| "|o{}.-".contains(c))
                } else {
                    let mut words = statement.splitn(3, ' ');
                    let (ty, name, comment) = (
                        words.next().unwrap_or(""),
                        words.next().unwrap_or(""),
                        words.next(),
                    );
                    let ty_ok = ty
                        .trim_end_matches("[]")
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '_');
                    ty_ok && id(name) && comment.is_none_or(quoted)
                }
            }
            _ => return Err(format!("diagram type {kind:?}")),
        };
        if !ok {
            return Err(format!("not a statement of the subset: {line:?}"));
        }
    }
    if depth != 0 {
        return Err("a block is not closed".into());
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 500, ..ProptestConfig::default() })]

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
        for block in markdown.split("```mermaid\n").skip(1) {
            let block = block.split("\n```").next().unwrap();
            if let Err(problem) = check_mermaid(block) {
                prop_assert!(false, "{}\n{}", problem, block);
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

    /// Whatever the texts, the OpenAPI export is the same every time and reads back without
    /// an error, with the ids, the texts OpenAPI keeps as written and the sample values.
    #[test]
    fn the_export_reads_back(texts in prop::collection::vec(hostile_text(), 19)) {
        let yaml = spec_with(&texts);
        let (spec, diagnostics) = parse_spec(&yaml, Format::Yaml);
        prop_assume!(diagnostics.iter().all(|d| !d.is_error()));
        let spec = spec.unwrap();
        prop_assume!(check_spec(&spec).iter().all(|d| !d.is_error()));
        let document = to_openapi(&spec);
        prop_assert_eq!(&to_openapi(&spec), &document);
        let json = serde_json::to_string_pretty(&document).unwrap();
        let (back, diagnostics) = parse_spec(&json, Format::Json);
        let errors: Vec<_> = diagnostics.iter().filter(|d| d.is_error()).collect();
        prop_assert!(errors.is_empty(), "{:?}\n{}", errors, json);
        let back = back.unwrap();
        prop_assert_eq!(&back.info.title, &spec.info.title);
        prop_assert_eq!(back.endpoints.keys().collect::<Vec<_>>(), spec.endpoints.keys().collect::<Vec<_>>());
        prop_assert_eq!(back.models.keys().collect::<Vec<_>>(), spec.models.keys().collect::<Vec<_>>());
        prop_assert_eq!(back.errors.keys().collect::<Vec<_>>(), spec.errors.keys().collect::<Vec<_>>());
        prop_assert_eq!(&back.errors["BROKEN"].retry, &spec.errors["BROKEN"].retry);
        let sample = |spec: &mdbook_integration_spec::spec::Spec| {
            spec.endpoints["get-thing"].responses.values().next()
                .and_then(|response| response.content.as_ref())
                .and_then(|content| content.first())
                .and_then(|(_, media)| media.example.clone())
        };
        prop_assert_eq!(sample(&back), sample(&spec));
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

/// The grammar accepts every diagram of the fixtures and the example book.
#[test]
fn every_reviewed_diagram_is_in_the_grammar() {
    let snapshots = crate::support::manifest_dir().join("tests/it/snapshots");
    let mut checked = 0;
    for entry in std::fs::read_dir(snapshots).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        for block in text.split("```mermaid\n").skip(1) {
            let block = block.split("\n```").next().unwrap();
            let block: String = block
                .lines()
                .map(|line| format!("{}\n", line.trim_start_matches(['>', ' ']).to_owned()))
                .collect();
            let block = block
                .lines()
                .map(|line| format!("    {line}"))
                .collect::<Vec<_>>();
            let joined = std::iter::once(block[0].trim().to_owned())
                .chain(block[1..].iter().cloned())
                .collect::<Vec<_>>()
                .join("\n");
            if let Err(problem) = check_mermaid(&joined) {
                panic!("{problem}\n{joined}");
            }
            checked += 1;
        }
    }
    assert!(checked > 50, "only {checked} diagrams");
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
