//! `export`: a spec as an OpenAPI 3.1 document.

use std::io::{self, Write};
use std::path::Path;

use super::files::{
    command_line_limits, is_broken_pipe, is_unreadable, resolve_command_line_file, write_findings,
};
use crate::analyze::analyze_spec_file;
use crate::export::{openapi_gaps, to_openapi};
use crate::report::{self, Sources};

/// How the exported document is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportFormat {
    /// JSON, numbers exactly as the spec writes them.
    Json,
    /// YAML.
    Yaml,
}

/// Exports the spec at `path` as an OpenAPI 3.1 document to `output` (or the file `out`),
/// findings to `errors`. Returns the exit status: 0 when exported, 1 when the spec has errors
/// (nothing is written), 2 on usage or I/O errors. Warnings are reported and do not stop it.
pub fn export(
    path: &Path,
    format: ExportFormat,
    out: Option<&Path>,
    output: &mut impl Write,
    errors: &mut impl Write,
) -> u8 {
    match export_file(path, format, out, output, errors) {
        Ok(status) => status,
        Err(err) if is_broken_pipe(&err) => 0,
        Err(err) => {
            tracing::error!("{err}");
            2
        }
    }
}

fn export_file(
    path: &Path,
    format: ExportFormat,
    out: Option<&Path>,
    output: &mut impl Write,
    errors: &mut impl Write,
) -> io::Result<u8> {
    let limits = command_line_limits();
    let cwd = std::env::current_dir()?;
    let file = match resolve_command_line_file(&cwd, path, &limits) {
        Ok(file) => file,
        Err(diag) => {
            writeln!(errors, "{}", report::human(&diag, &Sources::default()))?;
            return Ok(2);
        }
    };
    let loaded = analyze_spec_file(&file, &limits);
    write_findings(&loaded, errors)?;
    if is_unreadable(&loaded) {
        return Ok(2);
    }
    let spec = match &loaded.spec {
        Some(spec) if !loaded.has_errors() => spec,
        _ => {
            writeln!(
                errors,
                "error: {} has errors; fix them and export again",
                path.display()
            )?;
            return Ok(1);
        }
    };
    // What OpenAPI's validators will reject, said before it is written.
    for gap in openapi_gaps(spec) {
        writeln!(errors, "warning: {gap}")?;
    }
    let document = to_openapi(spec);
    let text = match format {
        ExportFormat::Json => {
            let mut text = serde_json::to_string_pretty(&document).map_err(io::Error::from)?;
            text.push('\n');
            text
        }
        ExportFormat::Yaml => crate::export::to_yaml(&document).map_err(io::Error::other)?,
    };
    match out {
        Some(out) => std::fs::write(out, text)?,
        None => output.write_all(text.as_bytes())?,
    }
    Ok(0)
}
