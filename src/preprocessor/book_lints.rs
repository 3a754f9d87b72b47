//! Book-level lints: what the book's configuration does to the directives, found from
//! `book.toml` and the chapters alone. Pure functions that return findings at the default
//! level; the caller applies the book's lint levels.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::config::{Config, PREPROCESSOR_NAME};
use crate::diagnostic::{Code, Diagnostic, Origin};

/// Whether mdBook's `links` preprocessor runs after this one: it is on unless the book turns
/// the default preprocessors off without configuring it, and without an order mdBook runs
/// `integration-spec` first (by name).
pub(super) fn links_runs_after_us(book_config: &Value, config: &Config) -> bool {
    let tables = &book_config["preprocessor"];
    let enabled = book_config["build"]["use-default-preprocessors"].as_bool() != Some(false)
        || tables.get("links").is_some();
    let links_first = tables["links"]["before"]
        .as_array()
        .is_some_and(|names| names.iter().any(|name| name == PREPROCESSOR_NAME));
    enabled && !config.runs_after_links && !links_first
}

/// Our mermaid fences must reach mdbook-mermaid, which needs `before = ["mermaid"]`.
pub(super) fn mermaid_order(book_config: &Value) -> Option<Diagnostic> {
    let tables = &book_config["preprocessor"];
    let mermaid_configured = tables.get("mermaid").is_some();
    let ours = &tables[PREPROCESSOR_NAME];
    let runs_before_mermaid = ours["before"]
        .as_array()
        .is_some_and(|names| names.iter().any(|name| name == "mermaid"));
    let mermaid_after_us = tables["mermaid"]["after"]
        .as_array()
        .is_some_and(|names| names.iter().any(|name| name == PREPROCESSOR_NAME));
    (mermaid_configured && ours.is_object() && !runs_before_mermaid && !mermaid_after_us).then(
        || {
            Diagnostic::warning(
                Code::RunOrder,
                "mdbook-mermaid may run before integration-spec, and then the generated diagrams show as code",
            )
            .in_file("book.toml")
            .with_help("add `before = [\"mermaid\"]` under `[preprocessor.integration-spec]` in book.toml")
        },
    )
}

/// Directives inside `{{#include}}`d files are only seen when we run after `links`: the
/// finding for a chapter (`shown` as users see its path) that includes files while we run
/// first.
pub(super) fn include_order(config: &Config, shown: &Path, content: &str) -> Option<Diagnostic> {
    (!config.runs_after_links && uses_include(content)).then(|| {
        Diagnostic::warning(
            Code::RunOrder,
            format!(
                "{} uses `{{{{#include}}}}`, but integration-spec runs before mdBook's `links` preprocessor, so directives in included files stay unexpanded",
                shown.display()
            ),
        )
        .in_file("book.toml")
        .with_help("add `after = [\"links\"]` under `[preprocessor.integration-spec]` in book.toml")
    })
}

/// Whether mdBook's `links` preprocessor would expand an include here. It expands them in
/// code too, but not when escaped with a backslash.
fn uses_include(content: &str) -> bool {
    ["{{#include", "{{#rustdoc_include"].iter().any(|opener| {
        content
            .match_indices(opener)
            .any(|(at, _)| !content[..at].ends_with('\\'))
    })
}

/// The folders `mdbook serve` and `mdbook watch` rebuild on: `src` and every
/// `extra-watch-dirs` entry.
pub(super) struct Watched<'a> {
    /// The book root, for the paths shown to users.
    pub(super) book_root: &'a Path,
    /// The book's `src`.
    pub(super) src_dir: &'a Path,
    /// `extra-watch-dirs`, absolute.
    pub(super) extra: &'a [PathBuf],
    /// Where the book is built, which a watched folder must not hold.
    pub(super) build_dir: &'a Path,
}

impl Watched<'_> {
    /// Whether an edit to `spec` rebuilds the book.
    pub(super) fn covers(&self, spec: &Path) -> bool {
        spec.starts_with(self.src_dir) || self.extra.iter().any(|dir| spec.starts_with(dir))
    }

    /// One `unwatched-spec` warning naming every spec folder nothing watches (each with the
    /// first spec and directive that read one there), with the whole `extra-watch-dirs` line
    /// to write.
    pub(super) fn unwatched_specs(
        &self,
        unwatched: &BTreeMap<PathBuf, (PathBuf, Origin)>,
    ) -> Option<Diagnostic> {
        let (first_spec, origin) = unwatched.values().next()?;
        let shown = |path: &Path| {
            let shown = path
                .strip_prefix(self.book_root)
                .unwrap_or(path)
                .to_string_lossy()
                .replace('\\', "/");
            if shown.is_empty() {
                ".".to_owned()
            } else {
                shown
            }
        };
        let message = format!(
            "`mdbook serve` and `mdbook watch` do not watch `{}`, which holds `{}`, so editing \
             it does not rebuild the book{}",
            shown(first_spec.parent().unwrap_or(first_spec)),
            shown(first_spec),
            match unwatched.len() - 1 {
                0 => String::new(),
                n => format!(
                    " (nor specs in {n} more folder{})",
                    crate::diagnostic::plural(n)
                ),
            },
        );
        // Watching a folder that holds the built book would rebuild on every build's output.
        let unsuitable = unwatched.keys().find(|dir| self.build_dir.starts_with(dir));
        let help = match unsuitable {
            Some(dir) => format!(
                "move the specs in `{}` into a folder of their own, e.g. `specs/`, and add \
                 `extra-watch-dirs = [\"specs\"]` under `[build]` in book.toml; watching `{}` \
                 itself would also watch the built book and rebuild forever",
                shown(dir),
                shown(dir),
            ),
            None => {
                let list = self
                    .extra
                    .iter()
                    .chain(unwatched.keys())
                    .map(|dir| format!("\"{}\"", shown(dir)))
                    .collect::<Vec<_>>()
                    .join(", ");
                format!("add `extra-watch-dirs = [{list}]` under `[build]` in book.toml")
            }
        };
        Some(
            Diagnostic::warning(Code::UnwatchedSpec, message)
                .in_file("book.toml")
                .from_directive(origin.clone())
                .with_help(help),
        )
    }
}

/// mdBook 0.4.40 and later, and 0.5, are known to work; others get a warning, not a failure.
pub(super) fn warn_on_unknown_mdbook(context: &Value) {
    let Some(version) = context["mdbook_version"].as_str() else {
        return;
    };
    let supported = semver::VersionReq::parse(">=0.4.40, <0.6.0").ok();
    match (semver::Version::parse(version), supported) {
        (Ok(found), Some(supported)) if supported.matches(&found) => {}
        _ => tracing::warn!(
            "integration-spec is tested with mdBook 0.4.40 to 0.5.x; this is mdBook {version}"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaped_includes_do_not_count() {
        assert!(uses_include("{{#include a.md}}"));
        assert!(uses_include("```\n{{#include a.md}}\n```"));
        assert!(!uses_include("Write \\{{#include a.md}} to include."));
        assert!(!uses_include("no includes"));
    }

    #[test]
    fn mermaid_order_is_linted_only_when_both_run_unordered() {
        let book = |toml: &str| -> Value { toml::from_str(toml).unwrap() };
        let unordered = book(
            "[preprocessor.integration-spec]\n[preprocessor.mermaid]\ncommand = \"mdbook-mermaid\"\n",
        );
        assert!(mermaid_order(&unordered).is_some());
        let ours_first = book(
            "[preprocessor.integration-spec]\nbefore = [\"mermaid\"]\n[preprocessor.mermaid]\n",
        );
        assert!(mermaid_order(&ours_first).is_none());
        let theirs_after = book(
            "[preprocessor.integration-spec]\n[preprocessor.mermaid]\nafter = [\"integration-spec\"]\n",
        );
        assert!(mermaid_order(&theirs_after).is_none());
        assert!(mermaid_order(&book("[preprocessor.integration-spec]\n")).is_none());
    }
}
