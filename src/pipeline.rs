//! The stages put together for one spec file: load, check, locate.

use crate::check::check_spec;
use crate::load::{LoadLimits, LoadedSpec, SpecFile, load_spec_file};
use crate::locate::locate_diagnostics;
use crate::{RenderOptions, render_spec};

/// Loads a spec file, checks it when it loaded cleanly, and gives every finding its line and
/// column. A spec used by several directives goes through this once per build.
pub fn analyze_spec_file(file: &SpecFile, limits: &LoadLimits) -> LoadedSpec {
    let mut loaded = load_spec_file(file, limits);
    if !loaded.has_errors()
        && let Some(spec) = &loaded.spec
    {
        let mut found = check_spec(spec);
        for diag in &mut found {
            diag.file.get_or_insert_with(|| file.display.clone());
        }
        loaded.diagnostics.extend(found);
    }
    locate_diagnostics(&loaded.text, &mut loaded.diagnostics);
    loaded
}

/// Loads, checks and renders one spec file outside mdBook, writing the markdown to `output`
/// and diagnostics to `errors`. Returns whether the spec rendered.
pub fn render_file(
    path: &std::path::Path,
    output: &mut impl std::io::Write,
    errors: &mut impl std::io::Write,
) -> anyhow::Result<bool> {
    let limits = crate::load::LoadLimits {
        allow_outside_root: true,
        max_spec_size: crate::config::DEFAULT_MAX_SPEC_SIZE,
    };
    let cwd = std::env::current_dir()?;
    let file = match crate::load::resolve_spec_file(&cwd, &cwd, &path.to_string_lossy(), &limits) {
        Ok(file) => file,
        Err(diag) => {
            writeln!(
                errors,
                "{}",
                crate::report::human(&diag, &crate::report::Sources::default())
            )?;
            return Ok(false);
        }
    };
    let loaded = analyze_spec_file(&file, &limits);
    let mut sources = crate::report::Sources::default();
    sources.insert(&file.display, loaded.text.clone());
    for diag in &loaded.diagnostics {
        writeln!(errors, "{}", crate::report::human(diag, &sources))?;
    }
    let Some(spec) = loaded.spec.as_ref().filter(|_| !loaded.has_errors()) else {
        return Ok(false);
    };
    let stem = file
        .absolute
        .file_stem()
        .map(|stem| stem.to_string_lossy().into_owned())
        .unwrap_or_default();
    let options = RenderOptions {
        heading_level: 0,
        id_prefix: crate::render::slug(&stem),
    };
    let markdown = render_spec(spec, &options).map_err(anyhow::Error::msg)?;
    output.write_all(markdown.as_bytes())?;
    Ok(true)
}
