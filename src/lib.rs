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

pub mod analyze;
pub mod baseline;
pub mod book_source;
pub mod check;
pub mod commands;
pub mod compare;
pub mod config;
pub mod diagnostic;
pub mod diff;
pub mod directive;
pub mod export;
pub mod load;
mod locate;
pub mod markdown;
mod parallel;
pub mod preprocessor;
pub mod render;
pub mod report;
pub mod select;
pub mod spec;
pub mod splice;

pub use diagnostic::{Code, Diagnostic, Severity, SpecPath};
pub use preprocessor::{PreprocessorError, preprocess_book, run_preprocessor};
pub use render::{RenderOptions, render_spec};
