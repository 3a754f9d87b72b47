//! The `check`, `render`, `diff`, `schema` and `init` commands: the analysis outside mdBook, for a terminal or CI.
//!
//! Each command takes plain arguments and writers and returns its exit status, so the binary
//! only parses the command line.

mod check;
mod diff;
mod export;
mod files;
mod init;
mod render;
mod schema;

pub use check::{CheckReport, Checked, ReportFormat, check, check_book, check_files, write_report};
pub use diff::{DiffFormat, DiffOptions, diff};
pub use export::{ExportFormat, export};
pub use files::CommandError;
pub use init::{InitReport, init};
pub use render::{RenderFailure, render, render_file};
pub use schema::schema;
