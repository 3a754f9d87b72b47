//! The "Changes since" section: what changed since the book's baseline version of the spec,
//! breaking changes first with what integrators must do, each linked to the item it is about.

use super::doc::{Doc, Inline, code, strong, text};
use super::shared::Shared;
use crate::diagnostic::capitalised;
use crate::diff::{Change, Level};
use crate::select::Section;
use crate::spec::Spec;

pub(super) fn render_changes(doc: &mut Doc<'_>, _: &Spec, shared: &Shared<'_>) {
    let Some(since) = shared.changes() else {
        return;
    };
    doc.section_heading(
        Section::Changes,
        &format!("Changes since {}", since.old_version),
    );
    if since.changes.is_empty() {
        doc.paragraph(vec![text(format!(
            "Nothing in the contract changed between {} and {}.",
            since.old_version, since.new_version
        ))]);
        return;
    }
    doc.paragraph(vec![text(format!(
        "What changed between version {} and version {}, for integrators of {}.",
        since.old_version, since.new_version, since.old_version
    ))]);
    let groups = [
        (Level::Breaking, "Breaking changes", "breaking"),
        (Level::Compatible, "Compatible changes", "compatible"),
        (Level::Info, "Other changes", "other"),
    ];
    for (level, title, part) in groups {
        let changes: Vec<&Change> = since
            .changes
            .iter()
            .filter(|change| change.level() == level)
            .collect();
        if changes.is_empty() {
            continue;
        }
        let id = format!("{}.{part}", doc.anchors.section(Section::Changes.name()));
        doc.heading(1, &id, vec![text(title)]);
        let items = changes
            .into_iter()
            .map(|change| item(doc, change))
            .collect();
        doc.bullets(items);
    }
}

/// One change: its message (names in code spans, the item's name linked to where it is
/// rendered), its code, and for a breaking change what integrators must do.
fn item(doc: &Doc<'_>, change: &Change) -> Vec<Inline> {
    let linked = change
        .item
        .as_ref()
        .filter(|(kind, id)| doc.link_dest(*kind, id).is_some());
    let mut linked_once = false;
    let mut inlines: Vec<Inline> = change
        .message
        .split('`')
        .enumerate()
        .filter(|(_, part)| !part.is_empty())
        .map(|(idx, part)| match (idx, linked) {
            (0, _) => text(capitalised(part)),
            (idx, Some((kind, id))) if idx % 2 == 1 && part == id && !linked_once => {
                linked_once = true;
                doc.link_to(*kind, id, vec![code(part)])
            }
            (idx, _) if idx % 2 == 1 => code(part),
            _ => text(part),
        })
        .collect();
    inlines.push(text(" ("));
    inlines.push(code(change.code.as_str()));
    inlines.push(text(")."));
    if let Some(action) = change
        .code
        .action()
        .filter(|_| change.level() == Level::Breaking)
    {
        inlines.push(text(" "));
        inlines.push(strong("What to do:"));
        inlines.push(text(format!(" {action}.")));
    }
    inlines
}
