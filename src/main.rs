//! `mdbook-integration-spec`: the command mdBook runs.

use std::io::{self, IsTerminal as _};
use std::process::ExitCode;

use clap::{Arg, Command};

fn cli() -> Command {
    Command::new("mdbook-integration-spec")
        .about("mdBook preprocessor that renders and checks integration specs")
        .version(env!("CARGO_PKG_VERSION"))
        .subcommand(
            Command::new("render")
                .about("Print the markdown a directive would produce for a spec file")
                .arg(Arg::new("file").required(true)),
        )
        .subcommand(
            Command::new("supports")
                .about("Tell mdBook whether a renderer is supported (every renderer is)")
                .arg(Arg::new("renderer").required(true)),
        )
}

fn main() -> ExitCode {
    init_logging();
    let matches = cli().get_matches();
    if matches.subcommand_matches("supports").is_some() {
        // The output is plain CommonMark with GFM tables: every renderer can take it.
        return ExitCode::SUCCESS;
    }
    if let Some(render) = matches.subcommand_matches("render") {
        let file = render
            .get_one::<String>("file")
            .map(String::as_str)
            .unwrap_or_default();
        return match mdbook_integration_spec::pipeline::render_file(
            std::path::Path::new(file),
            &mut io::stdout().lock(),
            &mut io::stderr().lock(),
        ) {
            Ok(true) => ExitCode::SUCCESS,
            Ok(false) => ExitCode::from(1),
            Err(err) => {
                tracing::error!("{err:#}");
                ExitCode::from(2)
            }
        };
    }
    match mdbook_integration_spec::run_preprocessor(
        io::stdin().lock(),
        io::stdout().lock(),
        io::stderr().lock(),
    ) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            tracing::error!("{err:#}");
            ExitCode::FAILURE
        }
    }
}

/// Logs like mdBook 0.5: stderr, no timestamps, `MDBOOK_LOG` (or `RUST_LOG`, as mdBook 0.4 reads).
fn init_logging() {
    let filter = std::env::var("MDBOOK_LOG")
        .or_else(|_| std::env::var("RUST_LOG"))
        .unwrap_or_else(|_| "info".to_owned());
    let filter = tracing_subscriber::EnvFilter::try_new(&filter)
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .without_time()
        .with_target(false)
        .with_ansi(io::stderr().is_terminal())
        .with_writer(io::stderr)
        .init();
}
