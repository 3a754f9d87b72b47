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
                index_groups: HashMap::new(),
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
    /// The part of the id of each group of the endpoint index below the index's own id, by
    /// tag (`None` for the endpoints without one).
    index_groups: HashMap<Option<String>, String>,
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
        let mut used = HashSet::new();
        let mut index_groups = HashMap::new();
        for (tag, _) in index_groups_of(spec) {
            let base = tag.map_or_else(|| "other".to_owned(), slug);
            let mut part = base.clone();
            let mut n = 2;
            while !used.insert(part.clone()) {
                part = format!("{base}-{n}");
                n += 1;
            }
            index_groups.insert(tag.map(str::to_owned), part);
        }
        Anchors {
            prefix: prefix.to_owned(),
            items,
            index_groups,
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

    /// The end of the id of a group of the endpoint index (`orders` of `orders.index.orders`),
    /// by its tag, `None` for the endpoints without one; `None` when the index has no such
    /// group.
    pub(crate) fn index_group(&self, tag: Option<&str>) -> Option<&str> {
        self.index_groups
            .get(&tag.map(str::to_owned))
            .map(String::as_str)
    }

    /// The id of an item; `None` when the spec has no such item.
    pub fn item(&self, kind: Kind, id: &str) -> Option<&str> {
        self.items.get(&(kind, id.to_owned())).map(String::as_str)
    }
}

/// The groups of the endpoint index, in order, each with the ids of its endpoints in spec
/// order: an endpoint stands under its first tag. The tags come in the order of
/// [`Spec::tag_names`], those that are no endpoint's first left out, then the endpoints
/// without a tag (`None`). Empty when no endpoint has a tag: the index is one table.
pub(crate) fn index_groups_of(spec: &Spec) -> Vec<(Option<&str>, Vec<&str>)> {
    if spec
        .endpoints
        .values()
        .all(|endpoint| endpoint.tags.is_empty())
    {
        return Vec::new();
    }
    let mut groups: Vec<(Option<&str>, Vec<&str>)> = spec
        .tag_names()
        .into_iter()
        .map(|tag| (Some(tag), Vec::new()))
        .collect();
    groups.push((None, Vec::new()));
    for (id, endpoint) in &spec.endpoints {
        let tag = endpoint.tags.first().map(String::as_str);
        if let Some((_, ids)) = groups.iter_mut().find(|(group, _)| *group == tag) {
            ids.push(id);
        }
    }
    groups.retain(|(_, ids)| !ids.is_empty());
    groups
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{Format, parse_spec};

    #[test]
    fn index_groups_get_ids_of_their_own() {
        let yaml = "integration-spec: \"1.0\"\ninfo: {title: T, version: 1.0.0}\ntags:\n  unused: Declared only\n  Other: A tag called Other\nendpoints:\n  a: {method: GET, path: /a, tags: [other]}\n  b: {method: GET, path: /b, tags: [Other, other]}\n  c: {method: GET, path: /c}\n";
        let spec = parse_spec(yaml, Format::Yaml).0.unwrap();
        let groups: Vec<(Option<&str>, Vec<&str>)> = index_groups_of(&spec);
        assert_eq!(
            groups,
            [
                (Some("Other"), vec!["b"]),
                (Some("other"), vec!["a"]),
                (None, vec!["c"]),
            ],
            "declared first, then by first use, then the untagged; no empty group"
        );
        let anchors = Anchors::new(&spec, "t");
        assert_eq!(anchors.index_group(Some("Other")), Some("other"));
        assert_eq!(anchors.index_group(Some("other")), Some("other-2"));
        assert_eq!(anchors.index_group(None), Some("other-3"));
        assert_eq!(anchors.index_group(Some("unused")), None);
    }

    #[test]
    fn an_index_without_tags_has_no_groups() {
        let yaml = "integration-spec: \"1.0\"\ninfo: {title: T, version: 1.0.0}\ntags: {a: Declared}\nendpoints:\n  a: {method: GET, path: /a}\n";
        let spec = parse_spec(yaml, Format::Yaml).0.unwrap();
        assert_eq!(index_groups_of(&spec), []);
        assert_eq!(Anchors::new(&spec, "t").index_group(None), None);
    }
}
