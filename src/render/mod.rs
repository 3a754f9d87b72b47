//! Render stage: a spec model becomes CommonMark with GFM tables and Mermaid fences.
//!
//! This module holds the public API, the split of a render into independent parts and the
//! heading `Layout`. Sections are built as pulldown-cmark events and serialised in one place
//! (`doc`), so spec text is escaped by the serialiser wherever it lands and never becomes live
//! HTML. Events are handed to the serialiser a section at a time, so memory stays flat for big
//! specs, and big specs are rendered in independent parts (runs of endpoints) on all cores,
//! joined in order, so the output does not depend on how many threads ran.
//! Headings nest under the heading level in force at the directive and carry explicit ids
//! made from the spec's id prefix and item ids (`anchors`). Same input, same bytes.

mod anchors;
mod auth_diagram;
mod authentication;
mod blocks;
mod callbacks;
mod catalogue;
mod changes;
mod content;
mod curl;
mod doc;
mod endpoints;
mod front_matter;
mod headers;
mod mermaid;
mod operations;
mod parties;
mod prose;
mod sections;
mod shared;
mod writer;

use std::collections::{BTreeSet, HashMap};

pub use anchors::Anchors;
use anchors::Context;
use doc::{Doc, Layout, code, strong, text};

use crate::select::{Section, Selection};
use crate::spec::{Kind, Spec};

/// What one directive renders and where it lands in its chapter.
#[derive(Clone, Debug)]
pub struct RenderOptions {
    /// The heading level in force where the directive stands (0 when there is none).
    pub heading_level: u8,
    /// `heading=N`: the level of the first generated headings, instead of one below.
    pub heading: Option<u8>,
    /// Prefix of every generated id, e.g. `orders`.
    pub id_prefix: String,
    /// The sections and items to render.
    pub selection: Selection,
    /// Links to items this directive does not render but another one in the book does, by
    /// kind and id: a relative page path and anchor.
    pub elsewhere: HashMap<(Kind, String), String>,
    /// Links to sections this directive does not render but another one in the book does
    /// (an endpoint's convention headers link to the conventions): a relative page path and
    /// the section's id.
    pub sections_elsewhere: HashMap<Section, String>,
    /// Flows whose diagram another directive on the same page draws, by flow id: the anchor
    /// there (`#orders.flows.order-creation`). This render links to it instead of drawing the
    /// diagram again, unless it shows the flow in its own Flows section.
    pub diagrams_elsewhere: HashMap<String, String>,
    /// What changed since the book's baseline version of the spec, for the Changes section.
    pub changes: Option<std::sync::Arc<crate::diff::ChangesSince>>,
}

impl RenderOptions {
    /// The whole spec, linking only within itself.
    pub fn whole(heading_level: u8, id_prefix: impl Into<String>) -> Self {
        RenderOptions {
            heading_level,
            heading: None,
            id_prefix: id_prefix.into(),
            selection: Selection::everything(),
            elsewhere: HashMap::new(),
            sections_elsewhere: HashMap::new(),
            diagrams_elsewhere: HashMap::new(),
            changes: None,
        }
    }
}

/// Renders what `options` selects of a spec.
pub fn render_spec(spec: &Spec, options: &RenderOptions) -> Result<String, String> {
    render_in_parts(spec, options, ITEMS_PER_PART).map(|rendered| rendered.markdown)
}

/// The output of a render, and what it could not link to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rendered {
    /// The markdown.
    pub markdown: String,
    /// Items the output refers to that neither it nor (per `elsewhere`) the book renders;
    /// their names are plain text.
    pub unlinked: BTreeSet<(Kind, String)>,
}

/// [`render_spec`], also saying which references could not become links.
pub fn render_spec_reporting(spec: &Spec, options: &RenderOptions) -> Result<Rendered, String> {
    render_in_parts(spec, options, ITEMS_PER_PART)
}

/// Endpoints (or models) rendered by one part; parts are the unit of parallel work.
const ITEMS_PER_PART: usize = 64;

fn render_in_parts(
    spec: &Spec,
    options: &RenderOptions,
    items_per_part: usize,
) -> Result<Rendered, String> {
    let shared = shared::Shared::new(
        spec,
        &options.selection,
        &options.diagrams_elsewhere,
        options.changes.as_deref(),
    );
    let anchors = Anchors::new(spec, &options.id_prefix);
    let drawn_flows = shared.flows_drawn_under_endpoints(&anchors);
    let context = Context {
        anchors,
        selection: options.selection.clone(),
        elsewhere: options.elsewhere.clone(),
        sections_elsewhere: options.sections_elsewhere.clone(),
        drawn_flows,
    };
    let layout = layout(options);
    let parts = sections::parts(spec, &options.selection, items_per_part);
    let write = |mut doc: Doc<'_>, part: &sections::Part| {
        sections::render_part(&mut doc, spec, &shared, part);
        let unlinked = doc.unlinked.take();
        doc.finish().map(|markdown| (markdown, unlinked))
    };
    // A part whose prose the serialiser refuses is written again, trying each block: the
    // same output, paid for only by the rare spec that needs it.
    let render_part = |part: &sections::Part| {
        write(Doc::untried(layout, &context), part)
            .or_else(|_| write(Doc::new(layout, &context), part))
    };
    // Threads cost more than a small spec's whole render (each starts an allocator heap of
    // its own): only a spec with more items than one part renders on several cores.
    let items: usize = parts.iter().map(sections::Part::items).sum();
    let rendered = if items > items_per_part {
        crate::parallel::in_order(&parts, render_part)
    } else {
        parts.iter().map(render_part).collect()
    };
    let mut out = Rendered {
        markdown: String::new(),
        unlinked: BTreeSet::new(),
    };
    for part in rendered {
        let (markdown, unlinked) = part?;
        out.unlinked.extend(unlinked);
        if markdown.trim().is_empty() {
            continue;
        }
        if !out.markdown.is_empty() {
            out.markdown.push('\n');
        }
        out.markdown.push_str(&markdown);
    }
    Ok(out)
}

/// The heading levels of a render with `options`.
fn layout(options: &RenderOptions) -> Layout {
    let selection = &options.selection;
    if options.heading.is_none() && options.heading_level == 0 && selection.is_everything() {
        return Layout {
            title_level: Some(1),
            section_level: 2,
        };
    }
    let first = options
        .heading
        .unwrap_or(options.heading_level.saturating_add(1))
        .clamp(1, 6);
    Layout {
        title_level: None,
        section_level: if selection.shows_section_headings() {
            first
        } else {
            first - 1
        },
    }
}

/// The block that stands in for a failed directive with `on-error = "render"`: a quote with a
/// title and the findings as a text block, so it shows in every renderer.
pub fn render_error_block(what: &str, lines: &[String]) -> String {
    let context = Context::empty();
    let mut doc = Doc::new(Layout::default(), &context);
    doc.blockquote(|doc| {
        doc.paragraph(vec![
            strong("integration-spec could not render"),
            text(" "),
            code(what),
        ]);
        doc.code_block("text", &lines.join("\n"));
    });
    doc.finish()
        .unwrap_or_else(|_| format!("integration-spec could not render {what}\n"))
}

/// The ids of the headings and table anchors a render with `options` emits for the title,
/// sections and items (the ids inside an item derive from the item's id).
pub fn ids_of(spec: &Spec, options: &RenderOptions) -> Vec<String> {
    let selection = &options.selection;
    let anchors = Anchors::new(spec, &options.id_prefix);
    let mut ids = Vec::new();
    if layout(options).title_level.is_some() {
        ids.push(anchors.root().to_owned());
    }
    if selection.shows_section_headings() {
        ids.extend(
            crate::select::Section::ALL
                .iter()
                .filter(|section| selection.shows(**section))
                .map(|section| anchors.section(section.name())),
        );
    }
    for kind in Kind::ALL {
        for id in spec.item_ids(kind) {
            if selection.renders(kind, id)
                && let Some(anchor) = anchors.item(kind, id)
            {
                ids.push(anchor.to_owned());
            }
        }
    }
    ids
}

#[cfg(test)]
mod part_tests {
    use super::*;
    use crate::load::{Format, parse_spec};

    #[test]
    fn the_output_does_not_depend_on_how_it_is_split() {
        let text = include_str!("../../tests/fixtures/specs/valid/orders.yaml");
        let spec = parse_spec(text, Format::Yaml).0.unwrap();
        for heading_level in [0, 2] {
            let options = RenderOptions::whole(heading_level, "orders");
            let whole = render_in_parts(&spec, &options, usize::MAX).unwrap();
            for per_part in [1, 2, 3] {
                assert_eq!(render_in_parts(&spec, &options, per_part).unwrap(), whole);
            }
            assert!(whole.unlinked.is_empty());
        }
    }

    #[test]
    fn a_flow_is_drawn_once_per_render() {
        let text = "integration-spec: \"1.0\"\ninfo: {title: T, version: 1.0.0}\n\
            overview: {systems: [{name: C, kind: external}, S]}\n\
            endpoints:\n  a: {method: GET, path: /a, flow: f}\n  b: {method: GET, path: /b, flow: f}\n  \
            c: {method: GET, path: /c, flow: f, description: 'Drawn in [the flow](#flows.f).'}\n\
            flows:\n  f: {title: F, steps: ['C -> S: x']}\n";
        let spec = parse_spec(text, Format::Yaml).0.unwrap();
        let render = |words: &[&str]| {
            let words: Vec<String> = words.iter().map(|w| (*w).to_owned()).collect();
            let arguments = crate::directive::parse_arguments(&words).unwrap();
            let options = RenderOptions {
                selection: crate::select::select(&spec, &arguments).unwrap(),
                ..RenderOptions::whole(1, "t")
            };
            let whole = render_in_parts(&spec, &options, usize::MAX).unwrap();
            assert_eq!(render_in_parts(&spec, &options, 1).unwrap(), whole);
            whole.markdown
        };
        let diagrams = |markdown: &str| markdown.matches("sequenceDiagram").count();

        // Without the Flows section, under the first endpoint of the render that uses it.
        let endpoints = render(&["endpoints=b,c"]);
        assert_eq!(diagrams(&endpoints), 1, "{endpoints}");
        let (b, c) = endpoints.split_once("/c").unwrap();
        assert!(b.contains("sequenceDiagram"), "{endpoints}");
        assert!(c.contains("|Flow|[F](#t.endpoints.b.flow)|"), "{endpoints}");
        assert!(c.contains("See [F](#t.endpoints.b.flow)."), "{endpoints}");
        // A link to the flow in prose leads there too, as no chapter renders the flow.
        assert!(
            c.contains("Drawn in [the flow](#t.endpoints.b.flow)."),
            "{endpoints}"
        );

        // With it, there only; every endpoint links to it.
        let whole = render(&[]);
        assert_eq!(diagrams(&whole), 1, "{whole}");
        assert_eq!(
            whole.matches("|Flow|[F](#t.flows.f)|").count(),
            3,
            "{whole}"
        );
        assert!(
            whole.contains("Drawn in [the flow](#t.flows.f)."),
            "{whole}"
        );
        let flows = whole.split_once("{ #t.flows }").unwrap().1;
        assert!(flows.contains("sequenceDiagram"), "{whole}");
    }
}
