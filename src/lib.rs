//! An mdBook preprocessor that renders and checks integration specifications.
//!
//! A chapter line `<<#integration-spec specs/orders.yaml>>` is replaced by the generated
//! sections of that spec. One pipeline, one module per stage:
//!
//! ```text
//! directive (find) → load (read, parse, lower) → check → render → splice
//!                         ↘ spec (the model every later stage reads) ↗
//! ```
//!
//! Findings of every stage are plain [`Diagnostic`]s; `report` is the only code that formats
//! them. The mdBook glue lives in `preprocessor`, the command line in `main.rs`.

pub mod check;
pub mod config;
pub mod diagnostic;
pub mod directive;
pub mod load;
mod locate;
pub mod preprocessor;
pub mod render;
pub mod report;
pub mod spec;
pub mod splice;

pub use diagnostic::{Code, Diagnostic, Severity, SpecPath};
pub use preprocessor::{preprocess_book, run_preprocessor};
pub use render::{RenderOptions, render_spec};

/// Loads, checks and renders one spec file outside mdBook, writing the markdown to `output`
/// and diagnostics to `errors`. Returns whether the spec rendered.
pub fn render_file(
    path: &std::path::Path,
    output: &mut impl std::io::Write,
    errors: &mut impl std::io::Write,
) -> anyhow::Result<bool> {
    let limits = load::LoadLimits {
        allow_outside_root: true,
        max_spec_size: config::DEFAULT_MAX_SPEC_SIZE,
    };
    let cwd = std::env::current_dir()?;
    let file = match load::resolve_spec_file(&cwd, &cwd, &path.to_string_lossy(), &limits) {
        Ok(file) => file,
        Err(diag) => {
            writeln!(
                errors,
                "{}",
                report::human(&diag, &report::Sources::default())
            )?;
            return Ok(false);
        }
    };
    let loaded = load::load_spec_file(&file, &limits);
    let mut sources = report::Sources::default();
    sources.insert(&file.display, loaded.text.clone());
    for diag in &loaded.diagnostics {
        writeln!(errors, "{}", report::human(diag, &sources))?;
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
        id_prefix: render::slug(&stem),
    };
    let markdown = render_spec(spec, &options).map_err(anyhow::Error::msg)?;
    output.write_all(markdown.as_bytes())?;
    Ok(true)
}
