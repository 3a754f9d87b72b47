//! What every part of one render may need, computed once before the parts run.

use std::collections::HashMap;

use super::blocks::systems_of;
use super::mermaid;
use crate::spec::Spec;

/// Each flow's sequence diagram, drawn once and shown wherever the flow is.
pub(super) type FlowDiagrams<'s> = HashMap<&'s str, String>;

/// What every part of one render may need, computed once.
pub(super) struct Shared<'s> {
    pub(super) flow_diagrams: FlowDiagrams<'s>,
}

impl<'s> Shared<'s> {
    pub(super) fn new(spec: &'s Spec) -> Self {
        let systems = systems_of(spec);
        let flow_diagrams = spec
            .flows
            .iter()
            .map(|(id, flow)| (id.as_str(), mermaid::flow_diagram(flow, systems)))
            .collect();
        Shared { flow_diagrams }
    }
}
