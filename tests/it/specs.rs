//! Spec fixtures through load, check and render, without mdBook.
//!
//! `fixtures/specs/valid/*` must load without errors; the rendered markdown of each is a
//! reviewed snapshot.

use std::fs;
use std::path::Path;

use mdbook_integration_spec::analyze::analyze_spec_file;
use mdbook_integration_spec::check::check_spec;
use mdbook_integration_spec::load::{Format, LoadLimits, parse_spec, resolve_spec_file};
use mdbook_integration_spec::markdown::slug;
use mdbook_integration_spec::{RenderOptions, render_spec};

use crate::support::to_html;

fn render_fixture(path: &Path, heading_level: u8) -> String {
    // Through the file, as a build reads it: a spec may import an OpenAPI document beside it.
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let limits = LoadLimits {
        allow_outside_root: false,
        max_spec_size: 10 * 1024 * 1024,
    };
    let name = path.file_name().unwrap().to_string_lossy();
    let file = resolve_spec_file(root, path.parent().unwrap(), &name, &limits).unwrap();
    let loaded = analyze_spec_file(&file, &limits);
    assert_eq!(
        loaded.diagnostics,
        [],
        "{} must load cleanly and pass every check",
        path.display()
    );
    let stem = path.file_stem().unwrap().to_string_lossy();
    let options = RenderOptions::whole(heading_level, slug(&stem));
    render_spec(loaded.spec.as_ref().unwrap(), &options).unwrap()
}

#[test]
fn valid_specs_render_to_reviewed_markdown() {
    insta::glob!("../fixtures", "specs/valid/*.{yaml,yml,json}", |path| {
        insta::assert_snapshot!(render_fixture(path, 0));
    });
}

#[test]
fn example_book_specs_render_to_reviewed_markdown() {
    insta::glob!("../../example-book", "specs/*.{yaml,yml,json}", |path| {
        insta::assert_snapshot!(render_fixture(path, 1));
    });
}

#[test]
fn rendering_is_deterministic() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/specs/valid/orders.yaml");
    let first = render_fixture(&path, 2);
    for _ in 0..3 {
        assert_eq!(render_fixture(&path, 2), first);
    }
}

#[test]
fn headings_nest_under_the_level_in_force() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/specs/valid/orders.yaml");
    let top = render_fixture(&path, 0);
    assert!(top.starts_with("# Orders API { #orders }\n"), "{top}");
    assert!(top.contains("\n## Overview { #orders.overview }\n"));
    assert!(top.contains("\n### `POST /api/v1/orders` { #orders.endpoints.create-order }\n"));

    let nested = render_fixture(&path, 2);
    assert!(
        !nested.contains("{ #orders }"),
        "no title heading under an existing heading"
    );
    assert!(nested.contains("\n### Overview { #orders.overview }\n"));
    assert!(nested.contains("\n#### `POST /api/v1/orders` { #orders.endpoints.create-order }\n"));

    // Never deeper than h6.
    let deep = render_fixture(&path, 6);
    assert!(deep.contains("\n###### Overview { #orders.overview }\n"));
    assert!(
        deep.contains("\n###### 201 Created { #orders.endpoints.create-order.responses.201 }\n")
    );
    assert!(!deep.contains("#######"));
}

#[test]
fn every_generated_heading_has_a_unique_explicit_id() {
    for (fixture, at_least) in [("orders.yaml", 30), ("tags.yaml", 20)] {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/specs/valid")
            .join(fixture);
        let html = to_html(&render_fixture(&path, 1));
        let mut ids = Vec::new();
        for heading in html.split("<h").skip(1) {
            if !heading.starts_with(|c: char| c.is_ascii_digit()) {
                continue;
            }
            let id = heading
                .split(" id=\"")
                .nth(1)
                .and_then(|rest| rest.split('"').next())
                .unwrap_or_else(|| panic!("heading without id: <h{heading}"));
            ids.push(id.to_owned());
        }
        assert!(ids.len() > at_least, "{ids:?}");
        let mut unique = ids.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), ids.len(), "duplicate ids in {ids:?}");
        // Every in-page link points at one of them (or at an error row anchor).
        for link in html.split("href=\"#").skip(1) {
            let target = link.split('"').next().unwrap();
            assert!(
                ids.iter().any(|id| id == target) || html.contains(&format!("<a id=\"{target}\">")),
                "dangling link #{target} in {fixture}"
            );
        }
    }
}

#[test]
fn html_in_openapi_descriptions_is_converted_or_inert() {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/specs/valid/openapi-html.yaml");
    let html = to_html(&render_fixture(&path, 0));
    let outside_code = html
        .split("<code")
        .map(|part| part.split_once("</code>").map_or(part, |(_, after)| after))
        .collect::<String>();
    for forbidden in [
        "<script",
        "<img",
        "<iframe",
        "<b>",
        "<b ",
        "onclick",
        "href=\"javascript",
    ] {
        assert!(
            !outside_code.contains(forbidden),
            "{forbidden} leaked into {html}"
        );
    }
    // The safe subset is the markup it stands for.
    for converted in [
        "The <strong>Ledger API</strong> keeps <em>accounts</em> and their <code>entries</code>.",
        "<a href=\"https://docs.example.com/ledger?lang=en&amp;v=2\">guide</a>",
        "<li>Amounts are in <em>minor units</em>.</li>",
        "<ol>\n<li>in requests</li>",
        "Entries, newest first.<br />",
        "<code>a`b</code>",
        "<pre><code>GET /accounts/acc_1/entries?since=2024-01-01\nAccept: application/json\n</code></pre>",
        "&lt;script&gt;alert(\"not run\")&lt;/script&gt;",
        "One booking &lt;on&gt; an account.",
        // Code samples after the curl command: a known language highlights, a fence inside the
        // code does not end its block, an unknown language says nothing.
        "<p><strong>Python SDK:</strong></p>\n<pre><code class=\"language-python\">from ledger import Client\n",
        "<p><strong>JavaScript:</strong></p>\n<pre><code class=\"language-javascript\">// A fence inside the code does not end the block:\nconst doc = `\n```\n`;\n</code></pre>",
        "<p><strong>.NET client:</strong></p>\n<pre><code>var entries",
    ] {
        assert!(html.contains(converted), "{converted} not in {html}");
    }
}

#[test]
fn hostile_text_stays_text() {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/specs/valid/hostile-text.yaml");
    let markdown = render_fixture(&path, 0);
    let html = to_html(&markdown);
    let outside_code = html
        .split("<code")
        .map(|part| part.split_once("</code>").map_or(part, |(_, after)| after))
        .collect::<String>();
    for forbidden in ["<script", "<img", "<b>", "<i>", "<!--", "</code>\n"] {
        assert!(
            !outside_code.contains(forbidden),
            "{forbidden} leaked into {html}"
        );
    }
    // The line breaks are the renderer's own, between a field's description (where `<br>` is
    // text) and its rules.
    assert_eq!(outside_code.matches("<br").count(), 2, "{html}");
    for own in [
        "with pipe &lt;br&gt; and <code>ticks</code><br>max 10 chars</td>",
        "id with 'quote'<br>example <code>a'b</code></td>",
    ] {
        assert!(html.contains(own), "{own} not in {html}");
    }
    assert!(!html.contains("href=\"javascript"), "{html}");
    // Pipes inside cells do not add columns: every row has as many cells as its header.
    for table in html.split("<table>").skip(1) {
        let table = table.split("</table>").next().unwrap();
        let header_cells = table
            .split("</thead>")
            .next()
            .unwrap()
            .matches("<th>")
            .count();
        for row in table.split("<tr>").skip(2) {
            assert_eq!(row.matches("<td>").count(), header_cells, "{table}");
        }
    }
    // Mermaid labels cannot end a statement or start a comment or directive.
    for block in markdown.split("```mermaid\n").skip(1) {
        let block = block.split("\n```").next().unwrap();
        for line in block.lines() {
            assert!(
                !line.contains(';') || line.contains('#'),
                "raw `;` in {line}"
            );
            assert!(!line.contains("%%"), "comment in {line}");
            // Mermaid draws a branch's label as text, so `<` may stand there, but never as
            // the `<br>` it would break the line at; elsewhere it is an entity code.
            let keyword = line.split_whitespace().next().unwrap_or_default();
            if ["alt", "else", "opt", "loop"].contains(&keyword) {
                assert!(!line.to_lowercase().contains("<br"), "line break in {line}");
            } else {
                assert!(!line.contains('<'), "HTML in {line}");
            }
            // Our own quotes come in pairs; a quote from the spec would unbalance them.
            assert!(
                line.matches('"').count() % 2 == 0,
                "unbalanced quote in {line}"
            );
        }
    }
}

/// A spec's numbers reach the page as written, in YAML and in JSON, and are still checked by
/// their value: bounds, decimal places and integer-ness.
#[test]
fn numbers_keep_their_text_and_are_checked_by_value() {
    let spec = |format: Format, example: &str| {
        let text = match format {
            Format::Yaml => format!(
                "integration-spec: \"1.0\"\ninfo: {{ title: T, version: 1.0.0 }}\n\
                 endpoints:\n  e:\n    method: POST\n    path: /e\n    request:\n      \
                 body:\n        price: decimal (2 decimal places, min 0)\n        \
                 units: integer (min 1)\n        big: integer\n        sizes: array of number\n      \
                 example: {example}\n"
            ),
            Format::Json => format!(
                r#"{{"integration-spec": "1.0", "info": {{"title": "T", "version": "1.0.0"}},
                "endpoints": {{"e": {{"method": "POST", "path": "/e", "request": {{
                "body": {{"price": "decimal (2 decimal places, min 0)", "units": "integer (min 1)",
                "big": "integer", "sizes": "array of number"}}, "example": {example}}}}}}}}}"#
            ),
        };
        let (spec, diags) = parse_spec(&text, format);
        assert_eq!(diags, [], "{text}");
        let spec = spec.unwrap();
        let problems: Vec<String> = check_spec(&spec)
            .into_iter()
            .filter(|diag| diag.code == mdbook_integration_spec::Code::InvalidExample)
            .map(|diag| diag.message)
            .collect();
        (
            render_spec(&spec, &RenderOptions::whole(1, "t")).unwrap(),
            problems,
        )
    };
    for format in [Format::Yaml, Format::Json] {
        let written = r#"{"price": 49.90, "units": 1e3, "big": 12345678901234567890123, "sizes": [10.00, -0, 1E+3, 9007199254740993]}"#;
        let (markdown, problems) = spec(format, written);
        assert_eq!(problems, Vec::<String>::new(), "{format:?}");
        let pretty = "{\n  \"price\": 49.90,\n  \"units\": 1e3,\n  \"big\": 12345678901234567890123,\n  \
                      \"sizes\": [\n    10.00,\n    -0,\n    1E+3,\n    9007199254740993\n  ]\n}";
        // In the example and in the curl command.
        assert_eq!(
            markdown.matches(pretty).count(),
            2,
            "{format:?}:\n{markdown}"
        );

        let (_, problems) = spec(
            format,
            r#"{"price": 12.505, "units": -0, "big": 10.50, "sizes": [1e3]}"#,
        );
        assert_eq!(
            problems,
            [
                "the request example of `e` at `price`: 12.505 has more than 2 decimal places",
                "the request example of `e` at `units`: -0 is less than the minimum of 1",
                "the request example of `e` at `big`: 10.50 is not of type \"integer\"",
            ],
            "{format:?}"
        );
        // Integer-valued numbers are integers, however they are written.
        let (_, problems) = spec(
            format,
            r#"{"price": 12.50, "units": 1.0e1, "big": 12345678901234567890123.000, "sizes": []}"#,
        );
        assert_eq!(problems, Vec::<String>::new(), "{format:?}");
    }
}

/// A deterministic stand-in for fuzzing: thousands of damaged variants of a real spec and a
/// real chapter must produce diagnostics or output, never a panic.
#[test]
fn damaged_inputs_never_panic() {
    use mdbook_integration_spec::directive::find_directives;

    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let spec = fs::read_to_string(root.join("tests/fixtures/specs/valid/orders.yaml")).unwrap();
    let json = fs::read_to_string(root.join("tests/fixtures/specs/valid/payments.json")).unwrap();
    let composed =
        fs::read_to_string(root.join("tests/fixtures/specs/valid/polymorphism.yaml")).unwrap();
    let inserts = [
        "\n", ":", " ", "- ", "{", "[", "\"", "'", "&a ", "*a", "!!", "(", ")", "--", "#", "\t",
        "é", "->",
    ];
    // A small xorshift keeps the run reproducible.
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = |bound: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % bound as u64) as usize
    };
    for (text, format) in [
        (&spec, Format::Yaml),
        (&json, Format::Json),
        (&composed, Format::Yaml),
    ] {
        for round in 0..1500 {
            let mut damaged = text.clone();
            for _ in 0..1 + round % 4 {
                let mut at = next(damaged.len() + 1);
                while !damaged.is_char_boundary(at) {
                    at -= 1;
                }
                match next(3) {
                    0 => damaged.insert_str(at, inserts[next(inserts.len())]),
                    1 => {
                        let mut end = (at + 1 + next(8)).min(damaged.len());
                        while !damaged.is_char_boundary(end) {
                            end -= 1;
                        }
                        damaged.replace_range(at..end, "");
                    }
                    _ => damaged.truncate(at),
                }
            }
            let (spec, _diags) = parse_spec(&damaged, format);
            if let Some(spec) = spec {
                // Damaged choices and `all_of`s must not send the checks in circles.
                if std::ptr::eq(text, &composed) {
                    check_spec(&spec);
                }
                render_spec(&spec, &RenderOptions::whole(1, "x")).unwrap();
            }
            let head: String = damaged.chars().take(200).collect();
            let middle: String = damaged.chars().skip(damaged.len() / 2).take(20).collect();
            let chapter = format!("# T\n{head}\n<<#integration-spec {middle}>>\n");
            let _ = find_directives(&chapter);
        }
    }
}

/// Markdown cannot write an empty emphasis or a paragraph of spaces; texts that are empty or
/// blank must still render (as nothing), wherever they stand in a spec.
#[test]
fn blank_texts_render() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = fs::read_to_string(root.join("tests/fixtures/specs/valid/orders.yaml")).unwrap();
    let original: serde_json::Value = serde_yaml::from_str(&text).unwrap();
    fn text_leaves(value: &serde_json::Value, at: String, out: &mut Vec<String>) {
        match value {
            serde_json::Value::String(_) => out.push(at),
            serde_json::Value::Array(items) => {
                for (idx, item) in items.iter().enumerate() {
                    text_leaves(item, format!("{at}/{idx}"), out);
                }
            }
            serde_json::Value::Object(map) => {
                for (key, item) in map {
                    let key = key.replace('~', "~0").replace('/', "~1");
                    text_leaves(item, format!("{at}/{key}"), out);
                }
            }
            _ => {}
        }
    }
    let mut leaves = Vec::new();
    text_leaves(&original, String::new(), &mut leaves);
    let mut rendered = 0;
    for pointer in &leaves {
        for blank in ["", " ", "\n"] {
            let mut spec = original.clone();
            *spec.pointer_mut(pointer).unwrap() = serde_json::Value::from(blank);
            let (spec, _) = parse_spec(&spec.to_string(), Format::Json);
            if let Some(spec) = spec {
                if let Err(err) = render_spec(&spec, &RenderOptions::whole(1, "x")) {
                    panic!("{pointer} = {blank:?}: {err}");
                }
                rendered += 1;
            }
        }
    }
    // Most blanks are accepted by the loader; the renderer must have seen them.
    assert!(
        rendered > leaves.len(),
        "{rendered} of {}",
        leaves.len() * 3
    );
}

/// Prose (the markdown subset) is one list of texts, which the checker walks and the
/// renderer reads: a text whose item links are checked is shown as prose, and a text shown as
/// prose has its item links checked, at its own path. Every text of the example specs that
/// can be is replaced by one with a link to an unknown model, all at once, each its own.
#[test]
fn the_texts_checked_as_prose_are_the_texts_rendered_as_prose() {
    use mdbook_integration_spec::diagnostic::Segment;

    fn text_leaves(value: &serde_json::Value, at: Vec<Segment>, out: &mut Vec<Vec<Segment>>) {
        match value {
            serde_json::Value::String(_) => out.push(at),
            serde_json::Value::Array(items) => {
                for (idx, item) in items.iter().enumerate() {
                    let mut at = at.clone();
                    at.push(Segment::Index(idx));
                    text_leaves(item, at, out);
                }
            }
            serde_json::Value::Object(map) => {
                for (key, item) in map {
                    // Merge keys and extensions do not reach the model as written.
                    if key == "<<" || key.starts_with("x-") {
                        continue;
                    }
                    let mut at = at.clone();
                    at.push(Segment::Key(key.clone()));
                    text_leaves(item, at, out);
                }
            }
            _ => {}
        }
    }
    fn pointer(path: &[Segment]) -> String {
        path.iter()
            .map(|segment| match segment {
                Segment::Key(key) => format!("/{}", key.replace('~', "~0").replace('/', "~1")),
                Segment::Index(idx) => format!("/{idx}"),
            })
            .collect()
    }
    let marker = |n: usize| format!("Marker{n} [ref](#models.NoSuchModel{n}X)");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut prose = 0;
    for file in [
        "example-book/specs/orders.yaml",
        "example-book/specs/shipments.yaml",
    ] {
        let text = fs::read_to_string(root.join(file)).unwrap();
        let original: serde_json::Value = serde_yaml::from_str(&text).unwrap();
        let mut leaves = Vec::new();
        text_leaves(&original, Vec::new(), &mut leaves);
        // The texts that can hold the link and still load (not names, types or keywords).
        let mut spec = original.clone();
        let mut replaced = Vec::new();
        for leaf in leaves {
            let mut one = original.clone();
            *one.pointer_mut(&pointer(&leaf)).unwrap() = serde_json::Value::from(marker(0));
            if parse_spec(&one.to_string(), Format::Json).1.is_empty() {
                *spec.pointer_mut(&pointer(&leaf)).unwrap() =
                    serde_json::Value::from(marker(replaced.len() + 1));
                replaced.push(leaf);
            }
        }
        let (spec, diags) = parse_spec(&spec.to_string(), Format::Json);
        assert_eq!(diags, [], "{file}");
        let spec = spec.unwrap();
        let findings = check_spec(&spec);
        let markdown = render_spec(&spec, &RenderOptions::whole(1, "x")).unwrap();
        for (idx, leaf) in replaced.iter().enumerate() {
            let n = idx + 1;
            let checked: Vec<_> = findings
                .iter()
                .filter(|diag| diag.message == format!("link to unknown model `NoSuchModel{n}X`"))
                .collect();
            let shown_as_prose = markdown.contains(&format!("Marker{n} ref"))
                && !markdown.contains(&format!("NoSuchModel{n}X"));
            let at = pointer(leaf);
            assert_eq!(
                !checked.is_empty(),
                shown_as_prose,
                "{file} {at}: checked {checked:?}, rendered as prose: {shown_as_prose}"
            );
            for diag in &checked {
                let path = diag.path.as_ref().unwrap().segments();
                assert!(path.starts_with(leaf), "{file} {at}: reported at {path:?}");
            }
            prose += usize::from(shown_as_prose);
        }
    }
    assert!(prose > 100, "only {prose} prose texts");
}

#[path = "../../benches/support/spec_gen.rs"]
#[allow(dead_code)]
mod spec_gen;

/// The benchmarks measure the success path: their generated specs must pass every check.
#[test]
fn benchmark_specs_are_clean() {
    for endpoints in [20, 400] {
        let text = spec_gen::generate(endpoints, "Bench Resources");
        let (spec, diagnostics) = parse_spec(&text, Format::Yaml);
        assert_eq!(diagnostics, [], "{endpoints} endpoints");
        let findings = check_spec(&spec.unwrap());
        assert_eq!(findings, [], "{endpoints} endpoints");
    }
}
