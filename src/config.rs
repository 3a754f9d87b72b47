//! The `[preprocessor.integration-spec]` table of `book.toml`.

use serde_json::Value;

use crate::diagnostic::{Code, Diagnostic, did_you_mean};
use crate::load::LoadLimits;

/// The name of the preprocessor's table in `book.toml`.
pub const PREPROCESSOR_NAME: &str = "integration-spec";

/// Keys mdBook itself reads from every preprocessor table.
const MDBOOK_KEYS: &[&str] = &["command", "before", "after", "renderers", "optional"];

/// Our settings.
const OWN_KEYS: &[&str] = &["allow-outside-root", "max-spec-size"];

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
}

impl Default for Config {
    fn default() -> Self {
        Config {
            allow_outside_root: false,
            max_spec_size: DEFAULT_MAX_SPEC_SIZE,
            runs_after_links: false,
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
                "after" => {
                    config.runs_after_links = value
                        .as_array()
                        .is_some_and(|names| names.iter().any(|name| name == "links"));
                }
                key if MDBOOK_KEYS.contains(&key) => {}
                unknown => {
                    let known = OWN_KEYS.iter().chain(MDBOOK_KEYS).copied();
                    let help = match did_you_mean(unknown, known) {
                        Some(name) => format!("did you mean `{name}`?"),
                        None => format!("known settings: {}", OWN_KEYS.join(", ")),
                    };
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
    fn sizes_parse() {
        assert_eq!(parse_size(&json!(5)), Some(5));
        assert_eq!(parse_size(&json!("16 MiB")), Some(16 << 20));
        assert_eq!(parse_size(&json!("1.5kb")), Some(1500));
        assert_eq!(parse_size(&json!("-1")), None);
        assert_eq!(parse_size(&json!("12 parsecs")), None);
    }
}
