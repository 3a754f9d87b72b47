//! One spec file through load, check and locate: what every build, `check` and `render` do
//! with a spec before anything is shown.

use crate::check::check_spec;
use crate::load::{LoadLimits, LoadedSpec, SpecFile, load_spec_file};
use crate::locate::locate_diagnostics;
use crate::spec::Spec;

/// Loads a spec file, checks it when it loaded cleanly, and gives every finding its line and
/// column. A spec used by several directives goes through this once per build.
pub fn analyze_spec_file(file: &SpecFile, limits: &LoadLimits) -> LoadedSpec {
    let mut loaded = load_spec_file(file, limits);
    if let Some(spec) = checkable(&loaded) {
        let found = check_spec(spec);
        add_findings(&mut loaded, found);
    }
    locate_diagnostics(&loaded.text, &mut loaded.diagnostics);
    loaded
}

/// [`analyze_spec_file`], running `render` on the model while the checks run: both only read
/// it, so a big spec takes the longer of the two rather than their sum. The rendered output is
/// `None` when the spec did not load cleanly.
pub fn analyze_and_render<R: Send>(
    file: &SpecFile,
    limits: &LoadLimits,
    render: impl FnOnce(&Spec) -> R + Send,
) -> (LoadedSpec, Option<R>) {
    let mut loaded = load_spec_file(file, limits);
    let mut rendered = None;
    if let Some(spec) = checkable(&loaded) {
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
    }
    locate_diagnostics(&loaded.text, &mut loaded.diagnostics);
    (loaded, rendered)
}

/// The model, when loading found no error: checks run only then, so one mistake is reported
/// once and not again by every rule that trips over it.
fn checkable(loaded: &LoadedSpec) -> Option<&Spec> {
    loaded.spec.as_ref().filter(|_| !loaded.has_errors())
}

fn add_findings(loaded: &mut LoadedSpec, mut found: Vec<crate::diagnostic::Diagnostic>) {
    for diag in &mut found {
        diag.file.get_or_insert_with(|| loaded.file.display.clone());
    }
    loaded.diagnostics.extend(found);
}
