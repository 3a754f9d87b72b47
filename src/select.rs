//! Select stage: which sections and items of a spec one directive renders.
//!
//! Without arguments a directive renders the whole spec. `sections=` renders the named
//! sections, each with its heading. Item arguments (`endpoints=`, `models=`, `errors=`,
//! `flows=`, `webhooks=`, `tests=`) pick items; on their own they render just those items,
//! directly under the author's heading, and with `sections=` they narrow those sections.
//! `tags=` picks the endpoints that have any of the tags, with those `endpoints=` names, and
//! is an item argument in every other way. Names are checked against the spec, with a "did
//! you mean" for a typo.

use std::collections::{BTreeMap, BTreeSet};

use crate::diagnostic::suggest;
use crate::directive::{ArgumentError, ArgumentPlace, Arguments};
use crate::spec::{Kind, Spec};

/// A section of the generated output, in output order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Section {
    /// Version, status, summary and description.
    Info,
    /// Purpose, scope, systems.
    Overview,
    /// How clients authenticate.
    Authentication,
    /// Base URLs and SLAs.
    Environments,
    /// Versioning, idempotency, pagination, filtering.
    Conventions,
    /// A table of every endpoint.
    Index,
    /// The endpoints in full.
    Endpoints,
    /// Data models.
    Models,
    /// How one system's models become another's.
    Mappings,
    /// The error catalogue.
    Errors,
    /// Throttling rules.
    RateLimits,
    /// Sequence diagrams.
    Flows,
    /// Outgoing webhooks.
    Webhooks,
    /// Test scenarios.
    Tests,
    /// Metrics and alerts.
    Monitoring,
    /// How to undo a release.
    Rollback,
    /// Who to ask.
    Contact,
    /// Versions of the contract.
    Changelog,
    /// What changed since the book's baseline version of the spec.
    Changes,
    /// The readiness checklist.
    Readiness,
}

impl Section {
    /// Every section, in output order.
    pub const ALL: [Section; 20] = [
        Section::Info,
        Section::Overview,
        Section::Authentication,
        Section::Environments,
        Section::Conventions,
        Section::Index,
        Section::Endpoints,
        Section::Models,
        Section::Mappings,
        Section::Errors,
        Section::RateLimits,
        Section::Flows,
        Section::Webhooks,
        Section::Tests,
        Section::Monitoring,
        Section::Rollback,
        Section::Contact,
        Section::Changelog,
        Section::Changes,
        Section::Readiness,
    ];

    /// The name used in `sections=`, and in heading ids.
    pub fn name(self) -> &'static str {
        match self {
            Section::Info => "info",
            Section::Overview => "overview",
            Section::Authentication => "authentication",
            Section::Environments => "environments",
            Section::Conventions => "conventions",
            Section::Index => "index",
            Section::Endpoints => "endpoints",
            Section::Models => "models",
            Section::Mappings => "mappings",
            Section::Errors => "errors",
            Section::RateLimits => "rate-limits",
            Section::Flows => "flows",
            Section::Webhooks => "webhooks",
            Section::Tests => "tests",
            Section::Monitoring => "monitoring",
            Section::Rollback => "rollback",
            Section::Contact => "contact",
            Section::Changelog => "changelog",
            Section::Changes => "changes",
            Section::Readiness => "readiness",
        }
    }

    fn from_name(name: &str) -> Option<Section> {
        Section::ALL
            .iter()
            .copied()
            .find(|section| section.name() == name)
    }

    /// The section that holds items of `kind`.
    pub fn of(kind: Kind) -> Section {
        match kind {
            Kind::Endpoint => Section::Endpoints,
            Kind::Model => Section::Models,
            Kind::Error => Section::Errors,
            Kind::Flow => Section::Flows,
            Kind::Webhook => Section::Webhooks,
            Kind::Test => Section::Tests,
            Kind::Mapping => Section::Mappings,
        }
    }
}

/// What one directive renders.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Selection {
    /// The sections rendered, in output order.
    sections: BTreeSet<Section>,
    /// Whether section headings are shown (always, unless only items were asked for).
    section_headings: bool,
    /// Whether this is the whole spec.
    everything: bool,
    /// Items picked by kind; a kind absent here renders all its items.
    items: BTreeMap<Kind, BTreeSet<String>>,
}

impl Selection {
    /// The whole spec.
    pub fn everything() -> Self {
        Selection {
            sections: Section::ALL.into_iter().collect(),
            section_headings: true,
            everything: true,
            items: BTreeMap::new(),
        }
    }

    /// Whether the directive asked for the whole spec (the title heading may be shown).
    pub fn is_everything(&self) -> bool {
        self.everything
    }

    /// Whether `section` is rendered.
    pub fn shows(&self, section: Section) -> bool {
        self.sections.contains(&section)
    }

    /// Whether section headings are rendered; without them, items stand at section level.
    pub fn shows_section_headings(&self) -> bool {
        self.section_headings
    }

    /// Whether the item is rendered.
    pub fn renders(&self, kind: Kind, id: &str) -> bool {
        self.shows(Section::of(kind)) && self.items.get(&kind).is_none_or(|ids| ids.contains(id))
    }
}

/// Works out a directive's selection, checking every name against `spec`.
pub fn select(spec: &Spec, arguments: &Arguments) -> Result<Selection, Vec<ArgumentError>> {
    if arguments.selects_everything() {
        return Ok(Selection::everything());
    }
    let mut errors = Vec::new();
    let mut sections = BTreeSet::new();
    for name in arguments.sections.iter().flatten() {
        match Section::from_name(name) {
            Some(section) => {
                sections.insert(section);
            }
            None => errors.push(unknown(
                "section",
                name,
                "sections",
                Section::ALL.iter().map(|section| section.name()),
            )),
        }
    }
    let mut items = BTreeMap::new();
    for (&kind, wanted) in &arguments.items {
        let known = spec.item_ids(kind);
        let mut ids = BTreeSet::new();
        for id in wanted {
            if known.contains(&id.as_str()) {
                ids.insert(id.clone());
            } else {
                errors.push(unknown(kind.noun(), id, kind.key(), known.iter().copied()));
            }
        }
        sections.insert(Section::of(kind));
        items.insert(kind, ids);
    }
    if let Some(tags) = &arguments.tags {
        let ids = items.entry(Kind::Endpoint).or_default();
        select_tags(spec, tags, ids, &mut errors);
        sections.insert(Section::Endpoints);
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Selection {
        sections,
        section_headings: arguments.sections.is_some(),
        everything: false,
        items,
    })
}

/// Adds the ids of the endpoints that have any of `tags` to `ids`; a tag the spec does not
/// know, or that no endpoint has, is an error.
fn select_tags(
    spec: &Spec,
    tags: &[String],
    ids: &mut BTreeSet<String>,
    errors: &mut Vec<ArgumentError>,
) {
    let known = spec.tag_names();
    for tag in tags {
        if !known.contains(&tag.as_str()) {
            errors.push(unknown("tag", tag, "tags", known.iter().copied()));
            continue;
        }
        let mut any = false;
        for (id, endpoint) in &spec.endpoints {
            if endpoint.tags.contains(tag) {
                any = true;
                ids.insert(id.clone());
            }
        }
        if !any {
            errors.push(ArgumentError {
                message: format!("no endpoint has the tag `{tag}` named in `tags=`"),
                help: format!(
                    "the spec declares `{tag}`, but no endpoint lists it in its `tags`; add it to an endpoint, or leave it out of `tags=`"
                ),
                place: ArgumentPlace::Item {
                    name: "tags".to_owned(),
                    item: tag.clone(),
                },
            });
        }
    }
}

fn unknown<'a>(
    noun: &str,
    name: &str,
    argument: &str,
    known: impl Iterator<Item = &'a str> + Clone,
) -> ArgumentError {
    let help = match suggest(name, known.clone()) {
        Some(help) => help,
        None => {
            let names: Vec<&str> = known.collect();
            // A long list of ids helps less than the first few; sections are always listed.
            let shown = if argument == "sections" {
                names.len()
            } else {
                12
            };
            match names.len() {
                0 => format!("the spec has no {noun}s"),
                n if n > shown => format!(
                    "`{argument}=` takes: {}, ... ({} more)",
                    names[..shown].join(", "),
                    n - shown
                ),
                _ => format!("`{argument}=` takes: {}", names.join(", ")),
            }
        }
    };
    ArgumentError {
        message: format!("unknown {noun} `{name}` in `{argument}=`"),
        help,
        place: ArgumentPlace::Item {
            name: argument.to_owned(),
            item: name.to_owned(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::directive::parse_arguments;
    use crate::load::{Format, parse_spec};

    fn spec() -> Spec {
        let text = include_str!("../tests/fixtures/specs/valid/orders.yaml");
        parse_spec(text, Format::Yaml).0.unwrap()
    }

    fn selection(words: &[&str]) -> Result<Selection, Vec<ArgumentError>> {
        let words: Vec<String> = words.iter().map(|word| (*word).to_owned()).collect();
        select(&spec(), &parse_arguments(&words).unwrap())
    }

    #[test]
    fn no_arguments_select_everything() {
        let all = selection(&[]).unwrap();
        assert!(all.is_everything());
        assert!(Section::ALL.iter().all(|section| all.shows(*section)));
        assert!(all.renders(Kind::Endpoint, "get-order"));
    }

    #[test]
    fn items_alone_render_without_section_headings() {
        let picked = selection(&["endpoints=create-order"]).unwrap();
        assert!(!picked.shows_section_headings());
        assert!(picked.renders(Kind::Endpoint, "create-order"));
        assert!(!picked.renders(Kind::Endpoint, "get-order"));
        assert!(!picked.shows(Section::Models));
        assert!(!picked.renders(Kind::Model, "Order"));
    }

    #[test]
    fn sections_narrowed_by_items() {
        let picked = selection(&["sections=overview,errors", "errors=ORDER_NOT_FOUND"]).unwrap();
        assert!(picked.shows_section_headings());
        assert!(picked.shows(Section::Overview));
        assert!(picked.renders(Kind::Error, "ORDER_NOT_FOUND"));
        assert!(!picked.renders(Kind::Error, "INVALID_CUSTOMER"));
        assert!(!picked.shows(Section::Endpoints));
    }

    fn tagged(words: &[&str]) -> Result<Selection, Vec<ArgumentError>> {
        let text = include_str!("../tests/fixtures/specs/valid/tags.yaml");
        let spec = parse_spec(text, Format::Yaml).0.unwrap();
        let words: Vec<String> = words.iter().map(|word| (*word).to_owned()).collect();
        select(&spec, &parse_arguments(&words).unwrap())
    }

    fn endpoints(selection: &Selection) -> Vec<&'static str> {
        [
            "create-order",
            "cancel-order",
            "get-order",
            "export-invoices",
            "health",
        ]
        .into_iter()
        .filter(|id| selection.renders(Kind::Endpoint, id))
        .collect()
    }

    #[test]
    fn tags_pick_the_endpoints_with_any_of_them() {
        let picked = tagged(&["tags=admin,billing"]).unwrap();
        assert!(!picked.is_everything());
        assert!(!picked.shows_section_headings());
        assert_eq!(
            endpoints(&picked),
            ["cancel-order", "get-order", "export-invoices"],
            "the first tag or any other"
        );
        assert!(!picked.shows(Section::Index));
        assert!(!picked.shows(Section::Models));

        let with_ids = tagged(&["tags=billing", "endpoints=health"]).unwrap();
        assert_eq!(endpoints(&with_ids), ["export-invoices", "health"]);

        let in_sections = tagged(&["sections=index", "tags=orders"]).unwrap();
        assert!(in_sections.shows_section_headings());
        assert!(in_sections.shows(Section::Index));
        assert_eq!(
            endpoints(&in_sections),
            ["create-order", "cancel-order", "get-order"]
        );
    }

    #[test]
    fn unknown_and_unused_tags_are_errors() {
        let errors = tagged(&["tags=admn,reports,orders"]).unwrap_err();
        let messages: Vec<_> = errors
            .iter()
            .map(|err| (err.message.as_str(), err.help.as_str(), &err.place))
            .collect();
        let place = |item: &str| ArgumentPlace::Item {
            name: "tags".to_owned(),
            item: item.to_owned(),
        };
        assert_eq!(
            messages,
            [
                (
                    "unknown tag `admn` in `tags=`",
                    "did you mean `admin`?",
                    &place("admn")
                ),
                (
                    "no endpoint has the tag `reports` named in `tags=`",
                    "the spec declares `reports`, but no endpoint lists it in its `tags`; add it to an endpoint, or leave it out of `tags=`",
                    &place("reports")
                ),
            ]
        );
        let none = selection(&["tags=orders"]).unwrap_err();
        assert_eq!(none[0].help, "the spec has no tags");
    }

    #[test]
    fn unknown_names_get_a_hint() {
        let errors =
            selection(&["sections=overveiw", "endpoints=crete-order", "models=Nope"]).unwrap_err();
        let messages: Vec<_> = errors
            .iter()
            .map(|err| (err.message.as_str(), err.help.as_str()))
            .collect();
        assert_eq!(
            messages,
            [
                (
                    "unknown section `overveiw` in `sections=`",
                    "did you mean `overview`?"
                ),
                (
                    "unknown endpoint `crete-order` in `endpoints=`",
                    "did you mean `create-order`?"
                ),
                (
                    "unknown model `Nope` in `models=`",
                    "`models=` takes: Address, OrderItem, Order"
                ),
            ]
        );
    }
}
