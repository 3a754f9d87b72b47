//! The integration tests: one test binary, one module per boundary.
//!
//! Tools the end-to-end tests drive (pinned mdBook 0.5 and 0.4, mdbook-mermaid, Chromium) are
//! installed by `bash .ci/test`, which then runs this suite.

// Helpers here fail the test on purpose when anything unexpected happens.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod architecture;
mod books;
mod browser;
mod cli;
mod composition;
mod diagnostics;
mod diff;
mod e2e;
mod export;
mod fuzz_corpus;
mod init;
mod properties;
mod schema;
mod specs;
mod support;
