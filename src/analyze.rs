//! One spec file through load, check and locate: what every build, `check` and `render` do
//! with a spec before anything is shown.
//!
//! The checks run on whatever loading made of the file, so one run reports loading errors and
//! the checks' errors together; beside loading errors, only the findings that cannot be an
//! echo of them are kept (see [`beside_load_errors`]).

use crate::check::check_spec;
use crate::diagnostic::{Code, Diagnostic, Segment, SpecPath};
use crate::load::{LoadLimits, LoadedSpec, SpecFile, load_spec_file};
use crate::locate::locate_diagnostics;
use crate::spec::Kind;
use crate::spec::Spec;

/// Loads a spec file, checks it when it loaded cleanly, and gives every finding its line and
/// column. A spec used by several directives goes through this once per build.
pub fn analyze_spec_file(file: &SpecFile, limits: &LoadLimits) -> LoadedSpec {
    let mut loaded = load_spec_file(file, limits);
    if let Some(spec) = &loaded.spec {
        let found = check_spec(spec);
        add_findings(&mut loaded, found);
    }
    loaded.merge_repeats();
    locate(&mut loaded);
    loaded
}

/// [`analyze_spec_file`], running `render` on the model while the checks run: both only read
/// it, so a big spec takes the longer of the two rather than their sum. The rendered output is
/// `None` when the spec did not load cleanly (it is then not rendered at all).
pub fn analyze_and_render<R: Send>(
    file: &SpecFile,
    limits: &LoadLimits,
    render: impl FnOnce(&Spec) -> R + Send,
) -> (LoadedSpec, Option<R>) {
    let mut loaded = load_spec_file(file, limits);
    let mut rendered = None;
    if let Some(spec) = loaded.spec.as_ref().filter(|_| !loaded.has_errors()) {
        let (found, output) = std::thread::scope(|scope| {
            let render = scope.spawn(move || render(spec));
            let found = check_spec(spec);
            let output = render
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (found, output)
        });
        add_findings(&mut loaded, found);
        rendered = Some(output);
    } else if let Some(spec) = &loaded.spec {
        let found = check_spec(spec);
        add_findings(&mut loaded, found);
    }
    loaded.merge_repeats();
    locate(&mut loaded);
    (loaded, rendered)
}

/// Gives every finding its line and column in its file: the spec's, or one it reads.
fn locate(loaded: &mut LoadedSpec) {
    let mut diags = std::mem::take(&mut loaded.diagnostics);
    locate_loaded(loaded, &mut diags);
    loaded.diagnostics = diags;
}

/// Gives findings about a loaded spec their lines and columns in their files: the spec's,
/// or one it reads. Findings in an imported file come last.
pub fn locate_loaded(loaded: &LoadedSpec, diags: &mut [Diagnostic]) {
    locate_in_order(loaded, diags);
    let import_of = |diag: &Diagnostic| {
        loaded
            .imports
            .iter()
            .position(|import| diag.file.as_ref() == Some(&import.file.display))
            .map_or(0, |at| at + 1)
    };
    diags.sort_by_key(import_of);
}

/// Points findings about the model into the file they were written in (an OpenAPI
/// document's model through its source map, the spec's own file otherwise) and locates
/// them there, keeping their order.
pub fn point_and_locate(loaded: &LoadedSpec, diags: &mut [Diagnostic]) {
    for diag in diags.iter_mut() {
        if let Some(map) = &loaded.source_map {
            map.point_into_source(diag);
        }
        diag.file.get_or_insert_with(|| loaded.file.display.clone());
    }
    locate_in_order(loaded, diags);
}

/// Gives findings their lines and columns in the file each names, keeping their order.
fn locate_in_order(loaded: &LoadedSpec, diags: &mut [Diagnostic]) {
    let texts = std::iter::once((&loaded.file.display, loaded.text.as_str())).chain(
        loaded
            .imports
            .iter()
            .map(|import| (&import.file.display, import.text.as_str())),
    );
    let mut batches: Vec<(&str, Vec<usize>)> = Vec::new();
    for (file, text) in texts {
        let in_file: Vec<usize> = (0..diags.len())
            .filter(|idx| diags[*idx].file.as_ref() == Some(file))
            .collect();
        batches.push((text, in_file));
    }
    // Findings that name no file of the spec are the spec's own.
    let named: std::collections::HashSet<usize> = batches
        .iter()
        .flat_map(|(_, idxs)| idxs.iter().copied())
        .collect();
    let unnamed: Vec<usize> = (0..diags.len())
        .filter(|idx| !named.contains(idx))
        .collect();
    batches[0].1.extend(unnamed);
    batches[0].1.sort_unstable();
    for (text, in_file) in batches {
        let mut batch: Vec<Diagnostic> = in_file
            .iter()
            .map(|idx| std::mem::replace(&mut diags[*idx], Diagnostic::internal("")))
            .collect();
        locate_diagnostics(text, &mut batch);
        for (idx, diag) in in_file.into_iter().zip(batch) {
            diags[idx] = diag;
        }
    }
}

/// Adds the checks' findings (pointed into an OpenAPI document, where loading's already
/// are): all of them when loading found no error, else those [`beside_load_errors`] keeps.
fn add_findings(loaded: &mut LoadedSpec, mut found: Vec<Diagnostic>) {
    if let Some(map) = &loaded.source_map {
        found
            .iter_mut()
            .for_each(|diag| map.point_into_source(diag));
    }
    let mut found = if loaded.has_errors() {
        beside_load_errors(found, &loaded.diagnostics)
    } else {
        found
    };
    for diag in &mut found {
        diag.file.get_or_insert_with(|| loaded.file.display.clone());
    }
    loaded.diagnostics.extend(found);
}

/// The check findings worth showing beside loading errors. Loading drops what it cannot read
/// (an endpoint without a method, a field whose type does not parse), so a check can trip over
/// the gap: a finding inside an item or section that has a loading error, or naming such an
/// item, may be only that error's echo and is left out. So are the findings that compare one
/// part of the spec with the declarations elsewhere (examples against types, tests against
/// their endpoints), findings about the file as a whole, and the lints, which judge the spec
/// as a whole. What is left are the errors a fixed spec would still have.
fn beside_load_errors(found: Vec<Diagnostic>, load_diagnostics: &[Diagnostic]) -> Vec<Diagnostic> {
    let damaged: Vec<&[Segment]> = load_diagnostics
        .iter()
        .filter(|diag| diag.is_error())
        .filter_map(|diag| diag.path.as_ref())
        .map(region)
        .collect();
    // A loading error outside any section (the file as a whole) leaves nothing to trust.
    if damaged.iter().any(|region| region.is_empty()) {
        return Vec::new();
    }
    let mut damaged_items: Vec<&str> = damaged
        .iter()
        .filter_map(|region| match region {
            [_, Segment::Key(id)] => Some(id.as_str()),
            _ => None,
        })
        .collect();
    // A named authentication scheme with a loading error is left out of the model, so a
    // reference to it is no finding of its own.
    damaged_items.extend(
        load_diagnostics
            .iter()
            .filter(|diag| diag.is_error())
            .filter_map(|diag| match diag.path.as_ref()?.segments() {
                [Segment::Key(section), Segment::Key(name), ..] if section == "authentication" => {
                    Some(name.as_str())
                }
                _ => None,
            }),
    );
    found
        .into_iter()
        .filter(|diag| {
            !diag.code.is_lint() && !matches!(diag.code, Code::InvalidExample | Code::TestMismatch)
        })
        .filter(|diag| {
            diag.path.as_ref().is_some_and(|path| {
                let here = region(path);
                !damaged.contains(&here)
            })
        })
        .filter(|diag| {
            diag.subject
                .as_deref()
                .is_none_or(|subject| !damaged_items.contains(&subject))
        })
        .collect()
}

/// The part of a spec a path lies in: `endpoints.<id>` for an item, else its top-level
/// section; in an OpenAPI document, a path item or a component.
fn region(path: &SpecPath) -> &[Segment] {
    let segments = path.segments();
    match segments {
        [Segment::Key(section), _, _, ..] if section == "components" => &segments[..3],
        [Segment::Key(section), _, ..] if section == "paths" => &segments[..2],
        [Segment::Key(section), _, ..] if Kind::from_key(section).is_some() => &segments[..2],
        [_, ..] => &segments[..1],
        [] => segments,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn findings(yaml: &str) -> Vec<String> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("spec.yaml");
        std::fs::write(&path, yaml).unwrap();
        let file = SpecFile {
            absolute: path,
            display: "spec.yaml".into(),
            root: dir.path().to_path_buf(),
        };
        let limits = LoadLimits {
            allow_outside_root: true,
            max_spec_size: 1 << 20,
        };
        analyze_spec_file(&file, &limits)
            .diagnostics
            .iter()
            .map(|diag| {
                let path = diag.path.as_ref().map(ToString::to_string);
                format!("{} at {}", diag.code, path.unwrap_or_default())
            })
            .collect()
    }

    #[test]
    fn reference_errors_come_with_loading_errors() {
        let yaml = "integration-spec: \"1.0\"
info: {title: T, version: 1.0.0}
models:
  Order:
    fields:
      id: string (required)
      total: decimal (requird)
endpoints:
  get-order:
    method: GET
    path: /orders
    responses:
      200: {body: Order, example: {id: \"1\", total: 2.5}}
    errors: [NOPE]
  broken:
    method: FETCH
    path: /x
tests:
  t1: {endpoint: broken, expect: {status: 200}}
  t2: {endpoint: missing-one}
";
        assert_eq!(
            findings(yaml),
            [
                // Loading.
                "invalid-shorthand at models.Order.fields.total",
                "invalid-http-method at endpoints.broken.method",
                // Checks, in the same run.
                "unresolved-reference at endpoints.get-order.errors[0]",
                "unresolved-reference at tests.t2.endpoint",
                // Not: the example's `total` (its field was not read), `t1`'s endpoint (not
                // read either), lints about a spec that is not whole.
            ]
        );
    }
}
