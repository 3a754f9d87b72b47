//! A do-nothing mdBook preprocessor, the baseline of `benches/run.sh`.
//!
//! Reads `[context, book]` from stdin and writes `book` back unchanged: what any external
//! preprocessor costs mdBook (process start, JSON both ways) before it does any work.
//! `passthrough supports RENDERER` exits 0, like ours.

use std::io::{Read as _, Write as _};
use std::process::ExitCode;

fn main() -> ExitCode {
    if std::env::args().nth(1).as_deref() == Some("supports") {
        return ExitCode::SUCCESS;
    }
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("passthrough: {err}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), Box<dyn std::error::Error>> {
    // Parse like a real preprocessor does: the whole input, then the book out again.
    let mut text = String::new();
    std::io::stdin().lock().read_to_string(&mut text)?;
    let (_context, book): (serde_json::Value, serde_json::Value) = serde_json::from_str(&text)?;
    let mut stdout = std::io::stdout().lock();
    serde_json::to_writer(&mut stdout, &book)?;
    stdout.flush()?;
    Ok(())
}
