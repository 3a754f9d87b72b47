//! What a comparison is made of: a change and its places, who sends a value, and the state
//! of one comparison of two specs, which the rule files extend.

use std::collections::HashMap;

use super::codes::{ChangeCode, Level};
use crate::diagnostic::SpecPath;
use crate::spec::{Kind, Spec};

/// One change between two versions of a spec.
#[derive(Clone, Debug, PartialEq)]
pub struct Change {
    /// What kind of change, and so its level.
    pub code: ChangeCode,
    /// What changed, in a sentence without a trailing period.
    pub message: String,
    /// Where it is in the old spec; `None` for an addition.
    pub old: Option<SpecPath>,
    /// Where it is in the new spec; `None` for a removal.
    pub new: Option<SpecPath>,
    /// The item it belongs to, for links to where the item is rendered.
    pub item: Option<(Kind, String)>,
}

impl Change {
    /// What the change does to integrators.
    pub fn level(&self) -> Level {
        self.code.level()
    }

    /// Its place: in the new spec, or in the old one for a removal.
    pub fn path(&self) -> &SpecPath {
        self.new.as_ref().or(self.old.as_ref()).unwrap_or(&ROOT)
    }
}

/// The changes of a spec since a baseline version: what the book's "Changes since" section
/// shows.
#[derive(Clone, Debug, PartialEq)]
pub struct ChangesSince {
    /// The baseline's `info.version`.
    pub old_version: String,
    /// The spec's own `info.version`.
    pub new_version: String,
    /// Every change, in the order of the spec's sections.
    pub changes: Vec<Change>,
}

static ROOT: SpecPath = SpecPath::root();

/// Who sends a value: the rules of a change depend on it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Side {
    /// The client sends it to the API (a request, the answer to a webhook).
    Request,
    /// The API sends it (a response, a webhook's payload).
    Response,
}

/// The sides a value is sent on: a model may be both sent and received.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Sides {
    pub(crate) request: bool,
    pub(crate) response: bool,
}

impl Sides {
    pub(crate) fn of(side: Side) -> Self {
        match side {
            Side::Request => Sides {
                request: true,
                response: false,
            },
            Side::Response => Sides {
                request: false,
                response: true,
            },
        }
    }

    /// The sides in order; both for a value sent on neither (an unused model), whose
    /// changes are judged as if it were both sent and received.
    pub(super) fn each(self) -> impl Iterator<Item = Side> {
        let both = !self.request && !self.response;
        [
            (self.request || both).then_some(Side::Request),
            (self.response || both).then_some(Side::Response),
        ]
        .into_iter()
        .flatten()
    }
}

/// Where a change is in each spec.
#[derive(Clone, Debug)]
pub(crate) struct Places {
    pub(crate) old: SpecPath,
    pub(crate) new: SpecPath,
}

impl Places {
    pub(super) fn both(path: SpecPath) -> Self {
        Places {
            old: path.clone(),
            new: path,
        }
    }

    pub(super) fn key(&self, key: &str) -> Self {
        Places {
            old: self.old.key(key),
            new: self.new.key(key),
        }
    }
}

/// One comparison of two specs.
pub(super) struct Differ<'s> {
    pub(super) old: &'s Spec,
    pub(super) new: &'s Spec,
    pub(super) changes: Vec<Change>,
    /// The item being compared, which the changes found belong to.
    pub(super) item: Option<(Kind, String)>,
    /// The sides each model is sent on, in either version.
    pub(super) model_sides: HashMap<String, Sides>,
}

impl Differ<'_> {
    /// A change found in both specs.
    pub(super) fn changed(&mut self, code: ChangeCode, message: String, at: &Places) {
        self.push(code, message, Some(&at.old), Some(&at.new));
    }

    /// Something of the old spec that the new one does not have.
    pub(super) fn removed(&mut self, code: ChangeCode, message: String, old: &SpecPath) {
        self.push(code, message, Some(old), None);
    }

    /// Something new.
    pub(super) fn added(&mut self, code: ChangeCode, message: String, new: &SpecPath) {
        self.push(code, message, None, Some(new));
    }

    pub(super) fn push(
        &mut self,
        code: ChangeCode,
        message: String,
        old: Option<&SpecPath>,
        new: Option<&SpecPath>,
    ) {
        self.changes.push(Change {
            code,
            message,
            old: old.cloned(),
            new: new.cloned(),
            item: self.item.clone(),
        });
    }

    /// Runs `compare` with changes belonging to the item `id` of `kind`.
    pub(super) fn in_item(&mut self, kind: Kind, id: &str, compare: impl FnOnce(&mut Self)) {
        let outer = self.item.replace((kind, id.to_owned()));
        compare(self);
        self.item = outer;
    }
}

/// `section.<id>`.
pub(super) fn item_path(section: &str, id: &str) -> SpecPath {
    SpecPath::root().key(section).key(id)
}

/// Text compared as the reader sees it: runs of white space count as one space.
pub(super) fn same_text(old: &str, new: &str) -> bool {
    old.split_whitespace().eq(new.split_whitespace())
}

/// `a`, `b` and `c`, each in backticks.
pub(super) fn listed(values: &[impl AsRef<str>]) -> String {
    let quoted: Vec<String> = values
        .iter()
        .map(|value| format!("`{}`", value.as_ref()))
        .collect();
    match quoted.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}
