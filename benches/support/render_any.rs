//! Loads, checks and renders one spec file the way `render` does, but prints the markdown even
//! when the checks find errors (`render` then prints nothing): for benchmarking the render path
//! on big documents with findings, such as GitHub's OpenAPI description (benches/openapi.sh).
//!
//!     cargo run --release --example render_any -- FILE > out.md

use std::io::Write;
use std::path::PathBuf;

use mdbook_integration_spec::analyze::analyze_and_render;
use mdbook_integration_spec::load::{LoadLimits, SpecFile};
use mdbook_integration_spec::{RenderOptions, render_spec};

/// The allocator of the binary, whose `render` this stands in for.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let Some(path) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: render_any FILE");
        std::process::exit(2);
    };
    let absolute = std::fs::canonicalize(&path).unwrap_or_else(|err| {
        eprintln!("{}: {err}", path.display());
        std::process::exit(2);
    });
    let file = SpecFile {
        root: absolute.parent().map(PathBuf::from).unwrap_or_default(),
        display: path.clone(),
        absolute,
    };
    let limits = LoadLimits {
        allow_outside_root: true,
        max_spec_size: mdbook_integration_spec::config::DEFAULT_MAX_SPEC_SIZE,
    };
    let stem = path
        .file_stem()
        .map(|stem| stem.to_string_lossy().into_owned())
        .unwrap_or_default();
    let options = RenderOptions::whole(0, mdbook_integration_spec::markdown::slug(&stem));
    let (loaded, rendered) = analyze_and_render(&file, &limits, |spec| render_spec(spec, &options));
    eprintln!("{} findings", loaded.diagnostics.len());
    match rendered {
        Some(Ok(markdown)) => {
            if let Err(err) = std::io::stdout().write_all(markdown.as_bytes()) {
                eprintln!("{err}");
                std::process::exit(2);
            }
        }
        Some(Err(message)) => {
            eprintln!("render failed: {message}");
            std::process::exit(1);
        }
        None => {
            eprintln!("not rendered: the spec did not load cleanly");
            std::process::exit(1);
        }
    }
    // Exit without freeing the spec's many small allocations, as `render` does.
    std::mem::forget(loaded);
}
