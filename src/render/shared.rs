//! What every part of one render may need, computed once before the parts run: each flow's
//! sequence diagram, and where in this render it is drawn.

use std::collections::HashMap;

use super::anchors::Anchors;
use super::blocks::systems_of;
use super::mermaid;
use crate::diff::ChangesSince;
use crate::select::{Section, Selection};
use crate::spec::{Kind, Spec};

/// Where a render draws a flow's diagram: once, and every other mention links there.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum DiagramPlace<'s> {
    /// Under the flow's own heading in the Flows section.
    Flows,
    /// In the Flow part of this endpoint, the first in the output that uses the flow.
    Endpoint(&'s str),
    /// By another directive on the same page, at this anchor (`#...`).
    Page(&'s str),
}

/// What every part of one render may need, computed once.
pub(super) struct Shared<'s> {
    /// Each drawn flow's sequence diagram and where it goes, by flow id.
    diagrams: HashMap<&'s str, (DiagramPlace<'s>, String)>,
    /// The changes since the book's baseline version, when it has one.
    changes: Option<&'s ChangesSince>,
}

impl<'s> Shared<'s> {
    /// Endpoints render in parallel parts, so where each diagram goes is decided here, up
    /// front: in the Flows section when this render shows the flow there, else where
    /// another directive on the page draws it (`drawn_on_page`, by flow id), else under the
    /// first endpoint of this render that uses it.
    pub(super) fn new(
        spec: &'s Spec,
        selection: &Selection,
        drawn_on_page: &'s HashMap<String, String>,
        changes: Option<&'s ChangesSince>,
    ) -> Self {
        let mut places: HashMap<&'s str, DiagramPlace<'s>> = HashMap::new();
        if selection.shows(Section::Flows) {
            for id in spec.flows.keys() {
                if selection.renders(Kind::Flow, id) {
                    places.insert(id, DiagramPlace::Flows);
                }
            }
        }
        for (id, link) in drawn_on_page {
            if let Some((id, _)) = spec.flows.get_key_value(id.as_str()) {
                places
                    .entry(id.as_str())
                    .or_insert(DiagramPlace::Page(link.as_str()));
            }
        }
        for (endpoint_id, endpoint) in &spec.endpoints {
            if let Some(flow) = &endpoint.flow
                && spec.flows.contains_key(flow)
                && selection.renders(Kind::Endpoint, endpoint_id)
            {
                places
                    .entry(flow.as_str())
                    .or_insert(DiagramPlace::Endpoint(endpoint_id));
            }
        }
        let systems = systems_of(spec);
        let diagrams = spec
            .flows
            .iter()
            .filter_map(|(id, flow)| {
                let place = *places.get(id.as_str())?;
                // A diagram drawn on the page by another directive is not drawn here.
                let diagram = match place {
                    DiagramPlace::Page(_) => String::new(),
                    DiagramPlace::Flows | DiagramPlace::Endpoint(_) => {
                        mermaid::flow_diagram(flow, systems)
                    }
                };
                Some((id.as_str(), (place, diagram)))
            })
            .collect();
        Shared { diagrams, changes }
    }

    /// The changes since the book's baseline version, when it has one.
    pub(super) fn changes(&self) -> Option<&'s ChangesSince> {
        self.changes
    }

    /// The anchors of the Flow parts of endpoints where this render (or another directive on
    /// the page) draws a flow's diagram, by flow id: where links to a flow lead when no
    /// directive renders the flow itself.
    pub(super) fn flows_drawn_under_endpoints(&self, anchors: &Anchors) -> HashMap<String, String> {
        self.diagrams
            .iter()
            .filter_map(|(flow, (place, _))| match place {
                DiagramPlace::Endpoint(endpoint) => {
                    let anchor = anchors.item(Kind::Endpoint, endpoint)?;
                    Some(((*flow).to_owned(), format!("#{anchor}.flow")))
                }
                DiagramPlace::Page(link) => Some(((*flow).to_owned(), (*link).to_owned())),
                DiagramPlace::Flows => None,
            })
            .collect()
    }

    /// Where this render draws the flow's diagram, and the diagram; `None` when it draws
    /// none (the flow is neither shown nor used by a shown endpoint, or does not exist).
    pub(super) fn diagram(&self, flow: &str) -> Option<(DiagramPlace<'s>, &str)> {
        self.diagrams
            .get(flow)
            .map(|(place, diagram)| (*place, diagram.as_str()))
    }
}
