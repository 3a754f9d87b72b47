//! `mdbook-integration-spec`: the command mdBook runs, plus `check`, `render`, `diff`, `export`, `schema` and `init`.

use std::io::{self, IsTerminal as _};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Arg, ArgAction, ArgMatches, Command, value_parser};
use mdbook_integration_spec::commands::{
    self, DiffFormat, DiffOptions, ExportFormat, ReportFormat,
};
use mdbook_integration_spec::diff::Level;

/// A big spec is millions of small allocations; mimalloc makes them markedly cheaper.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn cli() -> Command {
    Command::new("mdbook-integration-spec")
        .about("mdBook preprocessor that renders and checks integration specs")
        .version(env!("CARGO_PKG_VERSION"))
        .subcommand(
            Command::new("check")
                .about("Check spec files, or every directive of a book, without building")
                .arg(Arg::new("files").value_name("FILE").num_args(0..).value_parser(value_parser!(PathBuf)))
                .arg(
                    Arg::new("book")
                        .long("book")
                        .value_name("DIR")
                        .value_parser(value_parser!(PathBuf))
                        .conflicts_with("files")
                        .help("The book to check (default: the current directory when no FILE is given)"),
                )
                .arg(
                    Arg::new("format")
                        .long("format")
                        .value_parser(["human", "short", "json", "github"])
                        .default_value("human")
                        .action(ArgAction::Set),
                )
                .after_help("Exit status: 0 when clean, 1 when there are findings, 2 on usage or I/O errors."),
        )
        .subcommand(
            Command::new("render")
                .about("Print the markdown a directive would produce for a spec file")
                .arg(Arg::new("file").required(true))
                .arg(
                    Arg::new("arguments")
                        .value_name("ARGUMENT")
                        .num_args(0..)
                        .help("Directive arguments: sections=a,b endpoints=id,... models=... errors=... flows=... webhooks=... tests=... heading=N"),
                )
                .after_help("Exit status: 0 when rendered, 1 when the spec has errors, 2 on usage or I/O errors."),
        )
        .subcommand(
            Command::new("diff")
                .about("Classify every change between two versions of a spec, and check the version bump")
                .arg(
                    Arg::new("old")
                        .required(true)
                        .value_name("OLD")
                        .help("The old version: a file, a folder with a file of NEW's name, or git:REV (NEW's path at a git revision)"),
                )
                .arg(Arg::new("new").required(true).value_name("NEW").value_parser(value_parser!(PathBuf)))
                .arg(
                    Arg::new("format")
                        .long("format")
                        .value_parser(["human", "short", "json", "github", "markdown"])
                        .default_value("human")
                        .action(ArgAction::Set),
                )
                .arg(
                    Arg::new("fail-on")
                        .long("fail-on")
                        .value_name("LEVEL")
                        .value_parser(["breaking", "compatible", "info"])
                        .help("Also exit 1 on any change of this level or worse")
                        .action(ArgAction::Set),
                )
                .after_help("Exit status: 0 when the version bump is honest and the deprecation policy holds, 1 when not (or a change reaches --fail-on, or a version does not load), 2 on usage or I/O errors."),
        )
        .subcommand(
            Command::new("export")
                .about("Write a spec as an OpenAPI 3.1 document")
                .arg(Arg::new("file").required(true).value_name("FILE").value_parser(value_parser!(PathBuf)))
                .arg(
                    Arg::new("to")
                        .long("to")
                        .value_parser(["openapi"])
                        .default_value("openapi")
                        .help("What to write (OpenAPI 3.1)"),
                )
                .arg(
                    Arg::new("format")
                        .long("format")
                        .value_parser(["json", "yaml"])
                        .help("json or yaml (default: yaml for an OUT ending in .yaml or .yml, else json)"),
                )
                .arg(
                    Arg::new("output")
                        .short('o')
                        .long("output")
                        .value_name("OUT")
                        .value_parser(value_parser!(PathBuf))
                        .help("Write to this file instead of standard output"),
                )
                .after_help("The `x-` extensions written are listed in the example book's OpenAPI chapter.\nExit status: 0 when exported, 1 when the spec has errors (nothing is written), 2 on usage or I/O errors."),
        )
        .subcommand(
            Command::new("init")
                .about("Set up a book for integration specs: a new one, or add to an existing one")
                .arg(
                    Arg::new("dir")
                        .value_name("DIR")
                        .default_value(".")
                        .value_parser(value_parser!(PathBuf))
                        .help("The book's directory (created when missing)"),
                )
                .after_help("Adds what book.toml lacks (the preprocessor, mdbook-mermaid when it is on PATH, extra-watch-dirs), a starter spec and a chapter with its directive; never changes a value or overwrites a file.\nExit status: 0 when set up, 2 when the book cannot be read or written."),
        )
        .subcommand(
            Command::new("schema")
                .about("Print the JSON Schema of the spec format, for editors' completion and checks")
                .after_help("The schema is published beside the example book; see the README for the editor set-up."),
        )
        .subcommand(
            Command::new("supports")
                .about("Tell mdBook whether a renderer is supported (every renderer is)")
                .arg(Arg::new("renderer").required(true)),
        )
}

fn main() -> ExitCode {
    // mdBook asks `supports <renderer>` before every build: answer before any set-up.
    if std::env::args_os()
        .nth(1)
        .is_some_and(|arg| arg == "supports")
        && std::env::args_os().len() == 3
    {
        return ExitCode::SUCCESS;
    }
    init_logging();
    let matches = match cli().try_get_matches() {
        Ok(matches) => matches,
        Err(err) => {
            let _ = err.print();
            return ExitCode::from(if err.use_stderr() { 2 } else { 0 });
        }
    };
    match matches.subcommand() {
        // The output is plain CommonMark with GFM tables: every renderer can take it.
        Some(("supports", _)) => ExitCode::SUCCESS,
        Some(("check", args)) => check(args),
        Some(("render", args)) => render(args),
        Some(("diff", args)) => diff(args),
        Some(("export", args)) => export(args),
        Some(("init", args)) => {
            let dir = args
                .get_one::<PathBuf>("dir")
                .map_or(Path::new("."), PathBuf::as_path);
            ExitCode::from(commands::init(
                dir,
                std::env::var_os("PATH").as_deref(),
                &mut io::stdout().lock(),
            ))
        }
        Some(("schema", _)) => ExitCode::from(commands::schema(&mut io::stdout().lock())),
        _ => match mdbook_integration_spec::run_preprocessor(
            io::stdin().lock(),
            io::stdout().lock(),
            io::stderr().lock(),
        ) {
            Ok(()) => ExitCode::SUCCESS,
            Err(err) => {
                tracing::error!("{err}");
                ExitCode::FAILURE
            }
        },
    }
}

fn render(args: &ArgMatches) -> ExitCode {
    let file = args.get_one::<String>("file").map_or("", String::as_str);
    let arguments: Vec<String> = args
        .get_many::<String>("arguments")
        .into_iter()
        .flatten()
        .cloned()
        .collect();
    ExitCode::from(commands::render(
        Path::new(file),
        &arguments,
        &mut io::stdout().lock(),
        &mut io::stderr().lock(),
    ))
}

fn export(args: &ArgMatches) -> ExitCode {
    let file = args
        .get_one::<PathBuf>("file")
        .map_or(Path::new(""), PathBuf::as_path);
    let out = args.get_one::<PathBuf>("output").map(PathBuf::as_path);
    let yaml_file = out
        .and_then(Path::extension)
        .is_some_and(|extension| extension == "yaml" || extension == "yml");
    let format = match args.get_one::<String>("format").map(String::as_str) {
        Some("yaml") => ExportFormat::Yaml,
        Some(_) => ExportFormat::Json,
        None if yaml_file => ExportFormat::Yaml,
        None => ExportFormat::Json,
    };
    ExitCode::from(commands::export(
        file,
        format,
        out,
        &mut io::stdout().lock(),
        &mut io::stderr().lock(),
    ))
}

fn diff(args: &ArgMatches) -> ExitCode {
    let old = args.get_one::<String>("old").map_or("", String::as_str);
    let new = args
        .get_one::<PathBuf>("new")
        .map_or(Path::new(""), PathBuf::as_path);
    let format = match args.get_one::<String>("format").map(String::as_str) {
        Some("short") => DiffFormat::Short,
        Some("json") => DiffFormat::Json,
        Some("github") => DiffFormat::Github,
        Some("markdown") => DiffFormat::Markdown,
        _ => DiffFormat::Human,
    };
    let fail_on = match args.get_one::<String>("fail-on").map(String::as_str) {
        Some("breaking") => Some(Level::Breaking),
        Some("compatible") => Some(Level::Compatible),
        Some("info") => Some(Level::Info),
        _ => None,
    };
    let options = DiffOptions { format, fail_on };
    ExitCode::from(commands::diff(old, new, options, &mut io::stdout().lock()))
}

fn check(args: &ArgMatches) -> ExitCode {
    let files: Vec<PathBuf> = args
        .get_many::<PathBuf>("files")
        .into_iter()
        .flatten()
        .cloned()
        .collect();
    let format = match args.get_one::<String>("format").map(String::as_str) {
        Some("short") => ReportFormat::Short,
        Some("json") => ReportFormat::Json,
        Some("github") => ReportFormat::Github,
        _ => ReportFormat::Human,
    };
    let book = args.get_one::<PathBuf>("book").map(PathBuf::as_path);
    ExitCode::from(commands::check(
        &files,
        book,
        format,
        &mut io::stdout().lock(),
    ))
}

/// Logs like mdBook 0.5: stderr, no timestamps, `MDBOOK_LOG` (or `RUST_LOG`, as mdBook 0.4 reads).
fn init_logging() {
    let builder = tracing_subscriber::fmt()
        .without_time()
        .with_target(false)
        .with_ansi(io::stderr().is_terminal())
        .with_writer(io::stderr);
    // Parsing a filter compiles regexes; most runs have none to parse, and mdBook starts this
    // program twice per build.
    match std::env::var("MDBOOK_LOG").or_else(|_| std::env::var("RUST_LOG")) {
        Ok(filter) => {
            let filter = tracing_subscriber::EnvFilter::try_new(&filter)
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
            builder.with_env_filter(filter).init();
        }
        Err(_) => builder.with_max_level(tracing::Level::INFO).init(),
    }
}
