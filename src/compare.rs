//! Two versions of a spec file compared: their changes and the version gate, every place
//! located in the file (and at the line) where it is written.

use std::path::PathBuf;

use crate::analyze::point_and_locate;
use crate::diagnostic::{Code, Diagnostic, Location, SpecPath};
use crate::diff::{Change, Gate, diff_specs, gate};
use crate::load::LoadedSpec;

/// A place in one of the files of a spec: which file, which line and column.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Place {
    /// The file, as shown to users.
    pub file: PathBuf,
    /// The path in that file: the model's path, or, in an OpenAPI document, the document's.
    pub path: SpecPath,
    /// Line and column, where the path could be found in the file.
    pub location: Option<Location>,
}

/// A change with its places in the old and in the new files.
#[derive(Clone, Debug, PartialEq)]
pub struct LocatedChange {
    /// The change.
    pub change: Change,
    /// Where it is in the old version; `None` for an addition.
    pub old: Option<Place>,
    /// Where it is in the new version; `None` for a removal.
    pub new: Option<Place>,
}

/// A gate finding, located: the diagnostic in the new version, and the place in the old one
/// it concerns.
#[derive(Clone, Debug, PartialEq)]
pub struct LocatedFinding {
    /// The finding, with its file, line and column in the new version.
    pub diagnostic: Diagnostic,
    /// The place in the old version.
    pub old: Option<Place>,
}

/// Two versions compared.
#[derive(Clone, Debug, PartialEq)]
pub struct Comparison {
    /// Every change, in the order of the new spec's sections.
    pub changes: Vec<LocatedChange>,
    /// The versions, the required bump and what the gate found (its findings located below).
    pub gate: Gate,
    /// The gate's findings, located.
    pub findings: Vec<LocatedFinding>,
}

/// Compares two loaded versions of a spec; `None` when either has no model (it did not
/// load).
pub fn compare(old: &LoadedSpec, new: &LoadedSpec) -> Option<Comparison> {
    let (old_spec, new_spec) = (old.spec.as_ref()?, new.spec.as_ref()?);
    let changes = diff_specs(old_spec, new_spec);
    let gate = gate(old_spec, new_spec, &changes);
    let old_paths: Vec<Option<&SpecPath>> = changes
        .iter()
        .map(|c| c.old.as_ref())
        .chain(gate.findings.iter().map(|f| f.old.as_ref()))
        .collect();
    let new_paths: Vec<Option<&SpecPath>> = changes.iter().map(|c| c.new.as_ref()).collect();
    let mut old_places = places(old, &old_paths).into_iter();
    let mut new_places = places(new, &new_paths).into_iter();
    let located = changes
        .into_iter()
        .map(|change| LocatedChange {
            old: old_places.next().flatten(),
            new: new_places.next().flatten(),
            change,
        })
        .collect();
    let mut diagnostics: Vec<Diagnostic> = gate
        .findings
        .iter()
        .map(|finding| finding.diagnostic.clone())
        .collect();
    point_and_locate(new, &mut diagnostics);
    let findings = diagnostics
        .into_iter()
        .map(|diagnostic| LocatedFinding {
            diagnostic,
            old: old_places.next().flatten(),
        })
        .collect();
    Some(Comparison {
        changes: located,
        gate,
        findings,
    })
}

/// Where each path is written in `loaded`'s files, in order; `None` for no path.
fn places(loaded: &LoadedSpec, paths: &[Option<&SpecPath>]) -> Vec<Option<Place>> {
    let mut probes: Vec<Diagnostic> = paths
        .iter()
        .enumerate()
        .filter_map(|(idx, path)| {
            let path = (*path)?;
            Some(Diagnostic::warning(Code::Internal, idx.to_string()).at(path))
        })
        .collect();
    point_and_locate(loaded, &mut probes);
    let mut found = vec![None; paths.len()];
    for probe in probes {
        if let Ok(idx) = probe.message.parse::<usize>() {
            found[idx] = Some(Place {
                file: probe.file.unwrap_or_default(),
                path: probe.path.unwrap_or_default(),
                location: probe.location,
            });
        }
    }
    found
}
