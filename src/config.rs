//! The `[preprocessor.integration-spec]` table of `book.toml`.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::diagnostic::{Code, Diagnostic, Severity, suggest};
use crate::load::LoadLimits;

/// The name of the preprocessor's table in `book.toml`.
pub const PREPROCESSOR_NAME: &str = "integration-spec";

/// Keys mdBook itself reads from every preprocessor table.
const MDBOOK_KEYS: &[&str] = &["command", "before", "after", "renderers", "optional"];

/// Our settings.
const OWN_KEYS: &[&str] = &[
    "allow-outside-root",
    "max-spec-size",
    "on-error",
    "deny-warnings",
    "lints",
    "baseline",
    "baselines",
];

/// Default `max-spec-size`: 16 MiB.
pub const DEFAULT_MAX_SPEC_SIZE: u64 = 16 * 1024 * 1024;

/// Settings of one book.
#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    /// Whether directives may read files outside the book root.
    pub allow_outside_root: bool,
    /// Largest spec file, in bytes.
    pub max_spec_size: u64,
    /// Whether `after = ["links"]` is set, so directives inside `{{#include}}`d text are seen.
    pub runs_after_links: bool,
    /// What a failing directive does to the build.
    pub on_error: OnError,
    /// Whether warnings fail the build like errors.
    pub deny_warnings: bool,
    /// Lint levels other than the default `warn`.
    pub lints: BTreeMap<Code, LintLevel>,
    /// The old version every spec is compared with (`git:v2.0.0`, or a folder of old spec
    /// files under the same paths), unless `baselines` names one of its own.
    pub baseline: Option<String>,
    /// Baselines of single specs, by the spec's path from the book root.
    pub baselines: BTreeMap<String, String>,
}

/// What happens when a directive's spec has errors.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OnError {
    /// The build fails (the default).
    Fail,
    /// The directive becomes an error block in the page and the build goes on; for
    /// `mdbook serve` while a spec is being edited.
    Render,
}

/// What a lint does when it fires.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LintLevel {
    /// Nothing.
    Allow,
    /// A warning (the default).
    Warn,
    /// An error.
    Deny,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            allow_outside_root: false,
            max_spec_size: DEFAULT_MAX_SPEC_SIZE,
            runs_after_links: false,
            on_error: OnError::Fail,
            deny_warnings: false,
            lints: BTreeMap::new(),
            baseline: None,
            baselines: BTreeMap::new(),
        }
    }
}

impl Config {
    /// Reads the table from mdBook's serialised config (`ctx.config`).
    pub fn from_book_config(book_config: &Value) -> Result<Config, Vec<Diagnostic>> {
        let Some(table) = own_table(book_config) else {
            return Ok(Config::default());
        };
        let Some(table) = table.as_object() else {
            return Err(vec![invalid(
                "`[preprocessor.integration-spec]` must be a table",
            )]);
        };
        let mut errors = Vec::new();
        let mut config = Config::default();
        for (key, value) in table {
            match key.as_str() {
                "allow-outside-root" => match value.as_bool() {
                    Some(flag) => config.allow_outside_root = flag,
                    None => errors.push(invalid("`allow-outside-root` must be `true` or `false`")),
                },
                "max-spec-size" => match parse_size(value) {
                    Some(size) => config.max_spec_size = size,
                    None => errors.push(
                        invalid("`max-spec-size` must be a size such as `16777216` or \"16 MiB\"")
                            .with_help(
                                "write a number of bytes, or a number with B, KB, KiB, MB or MiB",
                            ),
                    ),
                },
                "on-error" => match value.as_str() {
                    Some("fail") => config.on_error = OnError::Fail,
                    Some("render") => config.on_error = OnError::Render,
                    _ => errors.push(
                        invalid(format!(
                            "`on-error` must be \"fail\" or \"render\", not {value}"
                        ))
                        .with_help("\"render\" shows failing specs as an error block in the page"),
                    ),
                },
                "deny-warnings" => match value.as_bool() {
                    Some(flag) => config.deny_warnings = flag,
                    None => errors.push(invalid("`deny-warnings` must be `true` or `false`")),
                },
                "lints" => read_lints(value, &mut config.lints, &mut errors),
                "baseline" => match value.as_str().filter(|text| !text.trim().is_empty()) {
                    Some(baseline) => config.baseline = Some(baseline.to_owned()),
                    None => errors.push(
                        invalid("`baseline` must be `git:REV` or a folder of old spec files")
                            .with_help("e.g. `baseline = \"git:v2.0.0\"` or `baseline = \"specs-2.0\"`"),
                    ),
                },
                "baselines" => match value.as_object() {
                    Some(table) => {
                        for (spec, baseline) in table {
                            match baseline.as_str().filter(|text| !text.trim().is_empty()) {
                                Some(baseline) => {
                                    config.baselines.insert(spec.clone(), baseline.to_owned());
                                }
                                None => errors.push(invalid(format!(
                                    "the baseline of `{spec}` in `baselines` must be `git:REV` or a folder"
                                ))),
                            }
                        }
                    }
                    None => errors.push(
                        invalid("`baselines` must be a table of spec paths to baselines")
                            .with_help("e.g. `[preprocessor.integration-spec.baselines]` with `\"specs/orders.yaml\" = \"git:v1.3.0\"`"),
                    ),
                },
                "after" => {
                    config.runs_after_links = value
                        .as_array()
                        .is_some_and(|names| names.iter().any(|name| name == "links"));
                }
                key if MDBOOK_KEYS.contains(&key) => {}
                unknown => {
                    let known = OWN_KEYS.iter().chain(MDBOOK_KEYS).copied();
                    let help = suggest(unknown, known)
                        .unwrap_or_else(|| format!("known settings: {}", OWN_KEYS.join(", ")));
                    errors.push(
                        invalid(format!(
                            "unknown setting `{unknown}` in `[preprocessor.integration-spec]`"
                        ))
                        .with_help(help),
                    );
                }
            }
        }
        if errors.is_empty() {
            Ok(config)
        } else {
            Err(errors)
        }
    }

    /// Applies lint levels and `deny-warnings`: allowed lints disappear, denied ones and (with
    /// `deny-warnings`) all warnings become errors.
    pub fn apply_levels(&self, diags: impl IntoIterator<Item = Diagnostic>) -> Vec<Diagnostic> {
        diags
            .into_iter()
            .filter_map(|mut diag| {
                if diag.code.is_lint() {
                    match self
                        .lints
                        .get(&diag.code)
                        .copied()
                        .unwrap_or(LintLevel::Warn)
                    {
                        LintLevel::Allow => return None,
                        LintLevel::Warn => diag.severity = Severity::Warning,
                        LintLevel::Deny => diag.severity = Severity::Error,
                    }
                }
                if self.deny_warnings && diag.severity == Severity::Warning {
                    diag.severity = Severity::Error;
                    let denied = "`deny-warnings = true` makes this an error";
                    diag.help = Some(match diag.help.take() {
                        Some(help) => format!("{help} ({denied})"),
                        None => denied.to_owned(),
                    });
                }
                Some(diag)
            })
            .collect()
    }

    /// The baseline of the spec at `display` (its path from the book root), if any.
    pub fn baseline_for(&self, display: &std::path::Path) -> Option<&str> {
        let key = display.to_string_lossy().replace('\\', "/");
        self.baselines
            .get(&key)
            .or(self.baseline.as_ref())
            .map(String::as_str)
    }

    /// The limits spec files are read under.
    pub fn load_limits(&self) -> LoadLimits {
        LoadLimits {
            allow_outside_root: self.allow_outside_root,
            max_spec_size: self.max_spec_size,
        }
    }
}

/// Our table: `preprocessor.integration-spec`, or a table of another name whose command runs
/// this program (`[preprocessor.specs] command = "mdbook-integration-spec"`).
fn own_table(book_config: &Value) -> Option<&Value> {
    let tables = book_config.get("preprocessor")?.as_object()?;
    tables.get(PREPROCESSOR_NAME).or_else(|| {
        tables.values().find(|table| {
            table
                .get("command")
                .and_then(Value::as_str)
                .and_then(|command| command.split_whitespace().next())
                .is_some_and(|program| {
                    std::path::Path::new(program)
                        .file_stem()
                        .is_some_and(|stem| stem == "mdbook-integration-spec")
                })
        })
    })
}

fn read_lints(value: &Value, lints: &mut BTreeMap<Code, LintLevel>, errors: &mut Vec<Diagnostic>) {
    let Some(table) = value.as_object() else {
        errors.push(invalid(
            "`lints` must be a table of lint names to \"allow\", \"warn\" or \"deny\"",
        ));
        return;
    };
    let lint_names = || {
        Code::ALL
            .iter()
            .filter(|code| code.is_lint())
            .map(|code| code.as_str())
    };
    for (name, level) in table {
        let code = match Code::from_name(name) {
            Some(code) if code.is_lint() => code,
            Some(_) => {
                errors.push(
                    invalid(format!("`{name}` is not a lint: it is always an error")).with_help(
                        format!("lints are: {}", lint_names().collect::<Vec<_>>().join(", ")),
                    ),
                );
                continue;
            }
            None => {
                let help = suggest(name, lint_names()).unwrap_or_else(|| {
                    format!("lints are: {}", lint_names().collect::<Vec<_>>().join(", "))
                });
                errors.push(invalid(format!("unknown lint `{name}`")).with_help(help));
                continue;
            }
        };
        let level = match level.as_str() {
            Some("allow") => LintLevel::Allow,
            Some("warn") => LintLevel::Warn,
            Some("deny") => LintLevel::Deny,
            _ => {
                errors.push(invalid(format!(
                    "lint `{name}` must be \"allow\", \"warn\" or \"deny\", not {level}"
                )));
                continue;
            }
        };
        lints.insert(code, level);
    }
}

fn invalid(message: impl Into<String>) -> Diagnostic {
    Diagnostic::error(Code::InvalidConfig, message).in_file("book.toml")
}

fn parse_size(value: &Value) -> Option<u64> {
    if let Some(bytes) = value.as_u64() {
        return Some(bytes);
    }
    let text = value.as_str()?.trim();
    let split = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let number: f64 = number.parse().ok()?;
    let factor: u64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "kb" => 1_000,
        "kib" => 1 << 10,
        "mb" => 1_000_000,
        "mib" => 1 << 20,
        "gb" => 1_000_000_000,
        "gib" => 1 << 30,
        _ => return None,
    };
    let bytes = number * factor as f64;
    (bytes.is_finite() && bytes >= 0.0 && bytes < u64::MAX as f64).then_some(bytes as u64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn config(table: Value) -> Result<Config, Vec<Diagnostic>> {
        Config::from_book_config(&json!({ "preprocessor": { "integration-spec": table } }))
    }

    #[test]
    fn defaults_apply_without_a_table() {
        assert_eq!(
            Config::from_book_config(&json!({})).unwrap(),
            Config::default()
        );
        assert_eq!(config(json!({"command": "x"})).unwrap(), Config::default());
    }

    #[test]
    fn settings_are_read() {
        let config = config(json!({
            "allow-outside-root": true,
            "max-spec-size": "2 MiB",
            "after": ["links"],
            "before": ["mermaid"],
        }))
        .unwrap();
        assert!(config.allow_outside_root);
        assert_eq!(config.max_spec_size, 2 * 1024 * 1024);
        assert!(config.runs_after_links);
    }

    #[test]
    fn unknown_and_ill_typed_settings_are_named() {
        let errors =
            config(json!({"allow-outside-rot": true, "max-spec-size": "lots"})).unwrap_err();
        assert_eq!(errors.len(), 2);
        assert_eq!(
            errors[0].message,
            "unknown setting `allow-outside-rot` in `[preprocessor.integration-spec]`"
        );
        assert_eq!(
            errors[0].help.as_deref(),
            Some("did you mean `allow-outside-root`?")
        );
        assert!(errors[1].message.contains("max-spec-size"));
    }

    #[test]
    fn a_renamed_table_is_found_by_its_command() {
        let book = json!({"preprocessor": {"specs": {
            "command": "/usr/bin/mdbook-integration-spec",
            "max-spec-size": 10,
        }}});
        assert_eq!(Config::from_book_config(&book).unwrap().max_spec_size, 10);
    }

    #[test]
    fn lint_levels_apply() {
        let config = config(json!({
            "deny-warnings": false,
            "on-error": "render",
            "lints": {"missing-rollback": "allow", "unused-error": "deny"},
        }))
        .unwrap();
        assert_eq!(config.on_error, OnError::Render);
        let diags = config.apply_levels([
            Diagnostic::warning(Code::MissingRollback, "a"),
            Diagnostic::warning(Code::UnusedError, "b"),
            Diagnostic::warning(Code::MissingContact, "c"),
            Diagnostic::error(Code::UnknownField, "d"),
        ]);
        let found: Vec<_> = diags
            .iter()
            .map(|diag| (diag.code, diag.severity))
            .collect();
        assert_eq!(
            found,
            [
                (Code::UnusedError, Severity::Error),
                (Code::MissingContact, Severity::Warning),
                (Code::UnknownField, Severity::Error),
            ]
        );
        let strict = Config {
            deny_warnings: true,
            ..Config::default()
        };
        assert!(
            strict.apply_levels([Diagnostic::warning(Code::MissingContact, "c")])[0].is_error()
        );
    }

    #[test]
    fn bad_lint_settings_are_named() {
        let errors = config(json!({"lints": {
            "missing-rolback": "allow",
            "unknown-field": "allow",
            "unused-error": "sometimes",
        }}))
        .unwrap_err();
        let messages: Vec<_> = errors.iter().map(|diag| diag.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "unknown lint `missing-rolback`",
                "`unknown-field` is not a lint: it is always an error",
                "lint `unused-error` must be \"allow\", \"warn\" or \"deny\", not \"sometimes\"",
            ]
        );
        assert_eq!(
            errors[0].help.as_deref(),
            Some("did you mean `missing-rollback`?")
        );
        assert!(config(json!({"on-error": "explode"})).is_err());
    }

    #[test]
    fn sizes_parse() {
        assert_eq!(parse_size(&json!(5)), Some(5));
        assert_eq!(parse_size(&json!("16 MiB")), Some(16 << 20));
        assert_eq!(parse_size(&json!("1.5kb")), Some(1500));
        assert_eq!(parse_size(&json!("-1")), None);
        assert_eq!(parse_size(&json!("12 parsecs")), None);
    }
}
