//! The order of the output: one table of every section with its heading's title, when a spec
//! has something to show for it, and its renderer; and the split of a render into parts that
//! can be rendered on their own (the sections before the endpoints, runs of endpoints, the
//! models' heading and diagram, runs of models, the sections after). The renderers live in `front_matter`, `authentication`, `endpoints`,
//! `catalogue` and `operations`; the table alone decides whether a section shows and writes its heading.

use super::authentication::render_authentication;
use super::catalogue::{
    render_errors, render_flows, render_mappings, render_model_items, render_models,
    render_rate_limits, render_webhooks,
};
use super::changes::render_changes;
use super::doc::Doc;
use super::endpoints::render_endpoints;
use super::front_matter::{
    render_conventions, render_environments, render_index, render_info, render_overview,
};
use super::operations::{
    render_changelog, render_contact, render_monitoring, render_readiness, render_rollback,
    render_tests,
};
use super::shared::Shared;
use crate::select::{Section, Selection};
use crate::spec::{Kind, Spec};

/// What stands under a section's heading.
type Renderer = fn(&mut Doc<'_>, &Spec, &Shared<'_>);

/// One section of the output.
struct Entry {
    section: Section,
    /// The text of the section heading; `None` for Info, which stands under the spec's title.
    title: Option<&'static str>,
    /// Whether the spec has anything for the section; if not, not even its heading shows.
    present: fn(&Spec) -> bool,
    render: Renderer,
}

/// Every section, in the order of the format reference (and of [`Section::ALL`]).
static SECTIONS: [Entry; 20] = [
    Entry {
        section: Section::Info,
        title: None,
        present: |_| true,
        render: render_info,
    },
    Entry {
        section: Section::Overview,
        title: Some("Overview"),
        present: |spec| spec.overview.is_some(),
        render: render_overview,
    },
    Entry {
        section: Section::Authentication,
        title: Some("Authentication"),
        present: |spec| spec.authentication.is_some(),
        render: render_authentication,
    },
    Entry {
        section: Section::Environments,
        title: Some("Environments"),
        present: |spec| !spec.environments.is_empty(),
        render: render_environments,
    },
    Entry {
        section: Section::Conventions,
        title: Some("Conventions"),
        present: |spec| spec.conventions.is_some(),
        render: render_conventions,
    },
    Entry {
        section: Section::Index,
        title: Some("Endpoint index"),
        present: |spec| !spec.endpoints.is_empty(),
        render: render_index,
    },
    Entry {
        section: Section::Endpoints,
        title: Some("Endpoints"),
        present: |spec| !spec.endpoints.is_empty(),
        // Only the heading: the endpoints themselves are parts of their own.
        render: |_, _, _| {},
    },
    Entry {
        section: Section::Models,
        title: Some("Data models"),
        present: |spec| !spec.models.is_empty(),
        // The diagram: the models themselves are parts of their own.
        render: render_models,
    },
    Entry {
        section: Section::Mappings,
        title: Some("Field mappings"),
        present: |spec| !spec.mappings.is_empty(),
        render: render_mappings,
    },
    Entry {
        section: Section::Errors,
        title: Some("Error codes"),
        present: |spec| !spec.errors.is_empty(),
        render: render_errors,
    },
    Entry {
        section: Section::RateLimits,
        title: Some("Rate limits"),
        present: |spec| spec.rate_limits.is_some(),
        render: render_rate_limits,
    },
    Entry {
        section: Section::Flows,
        title: Some("Flows"),
        present: |spec| !spec.flows.is_empty(),
        render: render_flows,
    },
    Entry {
        section: Section::Webhooks,
        title: Some("Webhooks"),
        present: |spec| !spec.webhooks.is_empty(),
        render: render_webhooks,
    },
    Entry {
        section: Section::Tests,
        title: Some("Test scenarios"),
        present: |spec| !spec.tests.is_empty(),
        render: render_tests,
    },
    Entry {
        section: Section::Monitoring,
        title: Some("Monitoring"),
        present: |spec| spec.monitoring.is_some(),
        render: render_monitoring,
    },
    Entry {
        section: Section::Rollback,
        title: Some("Rollback"),
        present: |spec| spec.rollback.is_some(),
        render: render_rollback,
    },
    Entry {
        section: Section::Contact,
        title: Some("Contact"),
        present: |spec| spec.info.contact.is_some(),
        render: render_contact,
    },
    Entry {
        section: Section::Changelog,
        title: Some("Changelog"),
        present: |spec| !spec.changelog.is_empty(),
        render: render_changelog,
    },
    Entry {
        section: Section::Changes,
        // "Changes since 2.0.0": its renderer writes the heading, and only with a baseline.
        title: None,
        present: |_| true,
        render: render_changes,
    },
    Entry {
        section: Section::Readiness,
        title: Some("Readiness checklist"),
        // An OpenAPI document is an API reference; the checklist is an integration's.
        present: |spec| !spec.from_openapi,
        render: render_readiness,
    },
];

/// A piece of the output that can be rendered on its own; in order, the parts make the whole.
pub(super) enum Part {
    /// Title, info and every section before the endpoints, and the endpoints' heading.
    Head,
    /// A run of endpoints, by index.
    Endpoints(Vec<usize>),
    /// The sections between the endpoints and the models, and the models' heading and diagram.
    Middle,
    /// A run of models, by index.
    Models(Vec<usize>),
    /// Every section after the models.
    Tail,
}

impl Part {
    /// How many endpoints or models the part renders.
    pub(super) fn items(&self) -> usize {
        match self {
            Part::Endpoints(indexes) | Part::Models(indexes) => indexes.len(),
            Part::Head | Part::Middle | Part::Tail => 0,
        }
    }
}

/// The parts of what `selection` asks of `spec`, with at most `items_per_part` endpoints or
/// models each.
pub(super) fn parts(spec: &Spec, selection: &Selection, items_per_part: usize) -> Vec<Part> {
    let runs = |ids: Vec<usize>| {
        ids.chunks(items_per_part.max(1))
            .map(<[usize]>::to_vec)
            .collect::<Vec<_>>()
    };
    let endpoints = spec
        .endpoints
        .keys()
        .enumerate()
        .filter(|(_, id)| selection.renders(Kind::Endpoint, id))
        .map(|(idx, _)| idx)
        .collect();
    let (_, models_entry, _) = split(Section::Models);
    let models = if selection.shows(Section::Models) && (models_entry.present)(spec) {
        spec.models
            .keys()
            .enumerate()
            .filter(|(_, name)| selection.renders(Kind::Model, name))
            .map(|(idx, _)| idx)
            .collect()
    } else {
        Vec::new()
    };
    let mut parts = vec![Part::Head];
    parts.extend(runs(endpoints).into_iter().map(Part::Endpoints));
    parts.push(Part::Middle);
    parts.extend(runs(models).into_iter().map(Part::Models));
    parts.push(Part::Tail);
    parts
}

/// The sections before `section`, its entry, and those after.
fn split(section: Section) -> (&'static [Entry], &'static Entry, &'static [Entry]) {
    let at = SECTIONS
        .iter()
        .position(|entry| entry.section == section)
        .unwrap_or_default();
    (&SECTIONS[..at], &SECTIONS[at], &SECTIONS[at + 1..])
}

/// Renders one part, with its sections in the documented order.
pub(super) fn render_part(doc: &mut Doc<'_>, spec: &Spec, shared: &Shared<'_>, part: &Part) {
    // The head ends with the endpoints' entry, which writes only their heading; the middle
    // with the models', which writes their heading and diagram.
    let (before_endpoints, endpoints, after_endpoints) = split(Section::Endpoints);
    let (_, models, after_models) = split(Section::Models);
    let middle = &after_endpoints[..after_endpoints.len() - after_models.len()];
    debug_assert!(
        middle
            .last()
            .is_some_and(|entry| entry.section == models.section)
    );
    match part {
        Part::Head => {
            render_sections(doc, spec, shared, before_endpoints);
            render_sections(doc, spec, shared, std::slice::from_ref(endpoints));
        }
        Part::Endpoints(indexes) => render_endpoints(doc, spec, shared, indexes),
        Part::Middle => render_sections(doc, spec, shared, middle),
        Part::Models(indexes) => render_model_items(doc, spec, indexes),
        Part::Tail => render_sections(doc, spec, shared, after_models),
    }
}

/// Each of `entries` the directive selects and the spec has: its heading, then its body.
fn render_sections(doc: &mut Doc<'_>, spec: &Spec, shared: &Shared<'_>, entries: &[Entry]) {
    for entry in entries {
        if !doc.selection.shows(entry.section) || !(entry.present)(spec) {
            continue;
        }
        // Changes show only beside a baseline.
        if entry.section == Section::Changes && shared.changes().is_none() {
            continue;
        }
        if let Some(title) = entry.title {
            doc.section_heading(entry.section, title);
        }
        (entry.render)(doc, spec, shared);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_lists_every_section_once_in_output_order() {
        let order: Vec<Section> = SECTIONS.iter().map(|entry| entry.section).collect();
        assert_eq!(order, Section::ALL);
    }
}
