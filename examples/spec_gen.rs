//! Prints a synthetic integration spec for benchmarks: `spec_gen ENDPOINTS [TITLE]`.
//!
//! The same generator as `benches/pipeline.rs`; `benches/run.sh` writes its specs with this.

#[path = "../benches/support/spec_gen.rs"]
mod spec_gen;

use std::io::Write as _;
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let Some(endpoints) = args.next().and_then(|arg| arg.parse::<usize>().ok()) else {
        eprintln!("usage: spec_gen ENDPOINTS [TITLE]");
        return ExitCode::from(2);
    };
    let title = args.next().unwrap_or_else(|| "Resources".to_owned());
    let yaml = spec_gen::generate(endpoints, &title);
    match std::io::stdout().lock().write_all(yaml.as_bytes()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("spec_gen: cannot write the spec: {err}");
            ExitCode::FAILURE
        }
    }
}
