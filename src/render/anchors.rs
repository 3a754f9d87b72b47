//! Ids and the per-render context: [`Anchors`] decides every generated heading and table id
//! before anything is rendered, so links and their targets agree, and [`Context`] is what
//! every part of one render shares (those ids, the selection, and links to items rendered
//! elsewhere in the book).

use std::collections::{HashMap, HashSet};

use crate::markdown::slug;
use crate::select::{Section, Selection};
use crate::spec::{Kind, Spec};

/// What every part of one render shares.
pub(crate) struct Context {
    pub(crate) anchors: Anchors,
    pub(crate) selection: Selection,
    pub(super) elsewhere: HashMap<(Kind, String), String>,
    pub(super) sections_elsewhere: HashMap<Section, String>,
    /// Flows whose diagram this render draws under an endpoint: the anchor of that part.
    pub(super) drawn_flows: HashMap<String, String>,
}

impl Context {
    /// For output that is not a spec, like the error block.
    pub(super) fn empty() -> Self {
        Context {
            anchors: Anchors {
                prefix: String::new(),
                items: HashMap::new(),
            },
            selection: Selection::everything(),
            elsewhere: HashMap::new(),
            sections_elsewhere: HashMap::new(),
            drawn_flows: HashMap::new(),
        }
    }
}

/// Every generated id, decided before rendering so links and targets agree.
pub struct Anchors {
    prefix: String,
    items: HashMap<(Kind, String), String>,
}

impl Anchors {
    /// The ids a render of `spec` with `prefix` gives its items and sections.
    pub fn new(spec: &Spec, prefix: &str) -> Self {
        let mut items = HashMap::new();
        for kind in Kind::ALL {
            let mut used = HashSet::new();
            for id in spec.item_ids(kind) {
                let base = slug(id);
                let mut anchor = base.clone();
                let mut n = 2;
                while !used.insert(anchor.clone()) {
                    anchor = format!("{base}-{n}");
                    n += 1;
                }
                items.insert(
                    (kind, id.to_owned()),
                    format!("{prefix}.{}.{anchor}", kind.key()),
                );
            }
        }
        Anchors {
            prefix: prefix.to_owned(),
            items,
        }
    }

    /// The id of the spec's title heading: the prefix itself.
    pub(crate) fn root(&self) -> &str {
        &self.prefix
    }

    /// The id of a whole section, e.g. `orders.endpoints`.
    pub(crate) fn section(&self, name: &str) -> String {
        format!("{}.{name}", self.prefix)
    }

    /// The id of an item; `None` when the spec has no such item.
    pub fn item(&self, kind: Kind, id: &str) -> Option<&str> {
        self.items.get(&(kind, id.to_owned())).map(String::as_str)
    }
}
