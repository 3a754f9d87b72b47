//! `schema`: the JSON Schema of the format, for editors.

use std::io::Write;

/// Writes the JSON Schema (2020-12) of a spec file to `out`, as published beside the example
/// book. Returns the exit status: 0, or 2 when it cannot be written.
pub fn schema(out: &mut impl Write) -> u8 {
    let schema = crate::load::format_schema();
    let written = serde_json::to_writer_pretty(&mut *out, &schema)
        .map_err(std::io::Error::from)
        .and_then(|()| out.write_all(b"\n"));
    match written {
        Ok(()) => 0,
        Err(err) => {
            tracing::error!("cannot write the schema: {err}");
            2
        }
    }
}
