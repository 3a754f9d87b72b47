//! Where each item of each spec is shown in the book: the ids a directive gets on its page,
//! the page and anchor links to an item lead to, and the directive a finding about an item
//! names.

use std::collections::{HashMap, HashSet};

use super::specs::{SpecId, Specs};
use crate::diagnostic::{Diagnostic, Origin, Segment};
use crate::directive::Directive;
use crate::markdown::slug;
use crate::render::{Anchors, RenderOptions, ids_of};
use crate::select::{Section, Selection};
use crate::spec::{Kind, Spec};

/// One item of one spec, by its position among the spec's items of its kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
struct Item {
    spec: SpecId,
    kind: Kind,
    index: usize,
}

/// A page and an anchor on it.
struct Target {
    page: String,
    anchor: String,
}

/// A directive of the book, numbered in the order the first pass places them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct DirectiveId(usize);

/// Where a flow's diagram is drawn on a page: by which directive, at which anchor, and
/// whether in that directive's Flows section (which wins over an endpoint's Flow part).
struct DiagramSpot {
    directive: DirectiveId,
    anchor: String,
    in_flows: bool,
}

/// What the book's directives show where.
#[derive(Default)]
pub(super) struct Links {
    /// The id prefix of each spec, unique in the book.
    prefixes: HashMap<SpecId, String>,
    /// Generated and authored ids on each page, so a directive that would repeat one gets
    /// `-2` ids.
    page_ids: HashMap<String, HashSet<String>>,
    /// Where each item is first rendered.
    targets: HashMap<Item, Target>,
    /// Where each section of each spec is first rendered with its heading; the anchor is the
    /// section's id.
    section_targets: HashMap<(SpecId, Section), Target>,
    /// The first directive that selects each item.
    shown_by: HashMap<Item, Origin>,
    /// Items already reported as rendered nowhere.
    unlinked_reported: HashSet<Item>,
    /// Specs with a directive whose arguments failed: what it meant to render is unknown, so
    /// their links are not reported as rendered nowhere.
    misdirected: HashSet<SpecId>,
    /// How many directives were placed.
    placed: usize,
    /// Where each flow's diagram is drawn on each page, by page, spec and the flow's index:
    /// once per page, in a Flows section that shows it, else under the first endpoint on the
    /// page that uses it.
    diagrams: HashMap<(String, SpecId, usize), DiagramSpot>,
}

impl Links {
    /// The chapter's own heading ids, which generated ones must steer around.
    pub(super) fn add_page_ids(&mut self, page: &str, ids: impl IntoIterator<Item = String>) {
        self.page_ids
            .entry(page.to_owned())
            .or_default()
            .extend(ids);
    }

    /// Marks a spec whose directive's arguments failed.
    pub(super) fn misdirect(&mut self, spec: SpecId) {
        self.misdirected.insert(spec);
    }

    /// Remembers `origin` as the directive that shows every item `selection` renders, unless
    /// an earlier one does.
    pub(super) fn record_shown(
        &mut self,
        spec_id: SpecId,
        spec: &Spec,
        selection: &Selection,
        origin: &Origin,
    ) {
        for (item, _) in selected(spec_id, spec, selection) {
            self.shown_by.entry(item).or_insert_with(|| origin.clone());
        }
    }

    /// The spec's id prefix (`orders` for `specs/orders.yaml`, `orders-2` for another file
    /// with that name), with `-2`, `-3`... only when this directive would repeat an id that
    /// an earlier directive put on the same page. Records the ids, where the directive's
    /// items land and where it draws flow diagrams; returns the prefix and the directive's
    /// number.
    pub(super) fn place_directive(
        &mut self,
        (spec_id, stem): (SpecId, &str),
        spec: &Spec,
        directive: &Directive,
        selection: &Selection,
        page: &str,
    ) -> (String, DirectiveId) {
        let base = self.prefix(spec_id, stem);
        let page_ids = self.page_ids.entry(page.to_owned()).or_default();
        let mut options = RenderOptions {
            heading: directive.arguments.heading,
            selection: selection.clone(),
            ..RenderOptions::whole(directive.heading_level, base.clone())
        };
        let mut n = 2;
        loop {
            let ids = ids_of(spec, &options);
            if ids.iter().all(|id| !page_ids.contains(id)) {
                page_ids.extend(ids);
                break;
            }
            options.id_prefix = format!("{base}-{n}");
            n += 1;
        }
        let anchors = Anchors::new(spec, &options.id_prefix);
        if selection.shows_section_headings() {
            for section in Section::ALL {
                if selection.shows(section) {
                    self.section_targets
                        .entry((spec_id, section))
                        .or_insert_with(|| Target {
                            page: page.to_owned(),
                            anchor: anchors.section(section.name()),
                        });
                }
            }
        }
        for (item, id) in selected(spec_id, spec, selection) {
            if let Some(anchor) = anchors.item(item.kind, id) {
                self.targets.entry(item).or_insert_with(|| Target {
                    page: page.to_owned(),
                    anchor: anchor.to_owned(),
                });
            }
        }
        let directive_id = DirectiveId(self.placed);
        self.placed += 1;
        self.place_diagrams(spec_id, spec, selection, &anchors, page, directive_id);
        (options.id_prefix, directive_id)
    }

    /// Records where this directive would draw each flow's diagram, unless the page already
    /// has a better place for it: a Flows section wins over an endpoint's Flow part, an
    /// earlier place over a later one of the same kind.
    fn place_diagrams(
        &mut self,
        spec_id: SpecId,
        spec: &Spec,
        selection: &Selection,
        anchors: &Anchors,
        page: &str,
        directive: DirectiveId,
    ) {
        for (index, flow_id) in spec.flows.keys().enumerate() {
            let in_flows =
                selection.shows(Section::Flows) && selection.renders(Kind::Flow, flow_id);
            let anchor = if in_flows {
                anchors.item(Kind::Flow, flow_id).map(str::to_owned)
            } else {
                spec.endpoints
                    .iter()
                    .filter(|(id, endpoint)| {
                        endpoint.flow.as_deref() == Some(flow_id.as_str())
                            && selection.renders(Kind::Endpoint, id)
                    })
                    .find_map(|(id, _)| anchors.item(Kind::Endpoint, id))
                    .map(|anchor| format!("{anchor}.flow"))
            };
            let Some(anchor) = anchor else { continue };
            let spot = DiagramSpot {
                directive,
                anchor,
                in_flows,
            };
            match self.diagrams.entry((page.to_owned(), spec_id, index)) {
                std::collections::hash_map::Entry::Vacant(entry) => {
                    entry.insert(spot);
                }
                std::collections::hash_map::Entry::Occupied(mut entry) => {
                    if in_flows && !entry.get().in_flows {
                        entry.insert(spot);
                    }
                }
            }
        }
    }

    /// The flows whose diagram another directive on `page` draws, by flow id: the anchor
    /// there. A directive that shows a flow in its own Flows section draws it there anyway.
    pub(super) fn diagrams_elsewhere(
        &self,
        spec_id: SpecId,
        spec: &Spec,
        selection: &Selection,
        page: &str,
        directive: DirectiveId,
    ) -> HashMap<String, String> {
        spec.flows
            .keys()
            .enumerate()
            .filter(|(_, id)| {
                !(selection.shows(Section::Flows) && selection.renders(Kind::Flow, id))
            })
            .filter_map(|(index, id)| {
                let spot = self.diagrams.get(&(page.to_owned(), spec_id, index))?;
                (spot.directive != directive).then(|| (id.clone(), format!("#{}", spot.anchor)))
            })
            .collect()
    }

    /// The spec's prefix in the book: its file stem, with `-2`... when another spec has it.
    fn prefix(&mut self, spec_id: SpecId, stem: &str) -> String {
        if let Some(prefix) = self.prefixes.get(&spec_id) {
            return prefix.clone();
        }
        let stem = slug(stem);
        let taken: HashSet<&String> = self.prefixes.values().collect();
        let mut prefix = stem.clone();
        let mut n = 2;
        while taken.contains(&prefix) {
            prefix = format!("{stem}-{n}");
            n += 1;
        }
        self.prefixes.insert(spec_id, prefix.clone());
        prefix
    }

    /// Links from `page` to the items `selection` does not render but another directive in
    /// the book does: a relative page path and anchor, by kind and id.
    pub(super) fn elsewhere(
        &self,
        spec_id: SpecId,
        spec: &Spec,
        selection: &Selection,
        page: &str,
    ) -> HashMap<(Kind, String), String> {
        let mut elsewhere = HashMap::new();
        for kind in Kind::ALL {
            for (index, id) in spec.item_ids(kind).into_iter().enumerate() {
                if selection.renders(kind, id) {
                    continue;
                }
                let item = Item {
                    spec: spec_id,
                    kind,
                    index,
                };
                if let Some(target) = self.targets.get(&item) {
                    elsewhere.insert(
                        (kind, id.to_owned()),
                        format!("{}#{}", relative_page(page, &target.page), target.anchor),
                    );
                }
            }
        }
        elsewhere
    }

    /// Links from `page` to the sections `selection` does not show but another directive in
    /// the book does, with their headings: a relative page path and the section's id.
    pub(super) fn sections_elsewhere(
        &self,
        spec_id: SpecId,
        selection: &Selection,
        page: &str,
    ) -> HashMap<Section, String> {
        Section::ALL
            .into_iter()
            .filter(|section| !(selection.shows(*section) && selection.shows_section_headings()))
            .filter_map(|section| {
                let target = self.section_targets.get(&(spec_id, section))?;
                let link = format!("{}#{}", relative_page(page, &target.page), target.anchor);
                Some((section, link))
            })
            .collect()
    }

    /// Whether a reference to the item that no directive renders is to be reported: once
    /// per item, and not for a spec with a failed directive.
    pub(super) fn report_unlinked(
        &mut self,
        spec_id: SpecId,
        spec: &Spec,
        kind: Kind,
        id: &str,
    ) -> bool {
        let Some(index) = spec.item_index(kind, id) else {
            return false;
        };
        !self.misdirected.contains(&spec_id)
            && self.unlinked_reported.insert(Item {
                spec: spec_id,
                kind,
                index,
            })
    }

    /// Points each finding about an item of a spec at the directive that shows that item,
    /// not merely the first directive that reads the spec.
    pub(super) fn attribute(&self, specs: &Specs, diagnostics: &mut [Diagnostic]) {
        let by_display = specs.by_display();
        for diag in diagnostics {
            let (Some(file), Some(path), Some(_)) = (&diag.file, &diag.path, &diag.origin) else {
                continue;
            };
            let [Segment::Key(section), Segment::Key(id), ..] = path.segments() else {
                continue;
            };
            let Some(kind) = Kind::from_key(section) else {
                continue;
            };
            let Some((spec_id, checked)) = by_display.get(file.as_path()) else {
                continue;
            };
            let Some(index) = checked
                .loaded
                .spec
                .as_ref()
                .and_then(|spec| spec.item_index(kind, id))
            else {
                continue;
            };
            let item = Item {
                spec: *spec_id,
                kind,
                index,
            };
            if let Some(origin) = self.shown_by.get(&item) {
                diag.origin = Some(origin.clone());
            }
        }
    }
}

/// The items of `spec` that `selection` renders, with their ids.
fn selected<'s>(
    spec_id: SpecId,
    spec: &'s Spec,
    selection: &Selection,
) -> impl Iterator<Item = (Item, &'s str)> {
    Kind::ALL.into_iter().flat_map(move |kind| {
        spec.item_ids(kind)
            .into_iter()
            .enumerate()
            .filter(move |(_, id)| selection.renders(kind, id))
            .map(move |(index, id)| {
                let item = Item {
                    spec: spec_id,
                    kind,
                    index,
                };
                (item, id)
            })
    })
}

/// The link from page `from` to page `to`, both relative to `src` (`a/b.md`, `c.md`):
/// `../c.md`. mdBook turns `.md` links into `.html` ones in the HTML output.
fn relative_page(from: &str, to: &str) -> String {
    if from == to {
        return String::new();
    }
    let from_dirs: Vec<&str> = from.split('/').collect();
    let from_dirs = &from_dirs[..from_dirs.len().saturating_sub(1)];
    let to_parts: Vec<&str> = to.split('/').collect();
    let common = from_dirs
        .iter()
        .zip(&to_parts)
        .take_while(|(a, b)| a == b)
        .count();
    let mut parts: Vec<&str> = vec![".."; from_dirs.len() - common];
    parts.extend(&to_parts[common..]);
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_between_pages_are_relative() {
        assert_eq!(relative_page("a.md", "a.md"), "");
        assert_eq!(relative_page("a.md", "b.md"), "b.md");
        assert_eq!(relative_page("api/orders.md", "models.md"), "../models.md");
        assert_eq!(relative_page("api/orders.md", "api/errors.md"), "errors.md");
        assert_eq!(relative_page("x/y/z.md", "x/w/v.md"), "../w/v.md");
        assert_eq!(
            relative_page("index.md", "deep/er/page.md"),
            "deep/er/page.md"
        );
    }
}
