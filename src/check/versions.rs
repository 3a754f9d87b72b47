//! Version and date rules: every version is semver (or, in a contract versioned by date, a
//! calendar date), none is newer than the contract's own, every date is a calendar date, and
//! the changelog runs newest first.

use std::cmp::Ordering;
use std::fmt;

use semver::Version;

use super::walk::item;
use crate::diagnostic::{Code, Diagnostic, SpecPath};
use crate::spec::Spec;

pub(super) fn check(spec: &Spec, diags: &mut Vec<Diagnostic>) {
    // An OpenAPI document's `info.version` is free text (`1`, `v2 beta`), and it says nothing
    // else of versions.
    if spec.from_openapi {
        return;
    }
    let contract_path = SpecPath::root().key("info").key("version");
    // A contract whose own version is a date (`2024-06-01`, as header-versioned APIs name
    // theirs) versions everything by date.
    let dated = Date::parse(spec.info.version.trim()).is_ok();
    let parse = |text: &str, path: &SpecPath, diags: &mut Vec<Diagnostic>| {
        if dated {
            parse_dated(text, path, diags)
        } else {
            parse_semver(text, path, diags)
        }
    };
    let contract = parse(&spec.info.version, &contract_path, diags);
    let ahead = |version: &Ver, path: &SpecPath, what: &str, diags: &mut Vec<Diagnostic>| {
        if let Some(contract) = &contract
            && version.cmp_same(contract) == Some(Ordering::Greater)
        {
            diags.push(
                Diagnostic::error(
                    Code::VersionAhead,
                    format!("{what} {version} is newer than the contract's version {contract}"),
                )
                .at(path)
                .with_label(&contract_path, "the contract's version")
                .with_help("raise `info.version`, or correct this version"),
            );
        }
    };
    for (id, endpoint) in &spec.endpoints {
        let endpoint_path = item("endpoints", id);
        if let Some(since) = &endpoint.since {
            let path = endpoint_path.key("since");
            if let Some(version) = parse(since, &path, diags) {
                ahead(&version, &path, "`since`", diags);
            }
        }
        if let Some(since) = endpoint.deprecated.as_ref().and_then(|d| d.since.as_ref()) {
            let path = endpoint_path.key("deprecated").key("since");
            if let Some(version) = parse(since, &path, diags) {
                ahead(&version, &path, "`deprecated.since`", diags);
            }
        }
        if let Some(sunset) = endpoint.deprecated.as_ref().and_then(|d| d.sunset.as_ref()) {
            parse_date(
                sunset,
                &endpoint_path.key("deprecated").key("sunset"),
                diags,
            );
        }
    }
    for (event, webhook) in &spec.webhooks {
        let Some(deprecation) = &webhook.deprecated else {
            continue;
        };
        let path = item("webhooks", event).key("deprecated");
        if let Some(since) = &deprecation.since {
            let path = path.key("since");
            if let Some(version) = parse(since, &path, diags) {
                ahead(&version, &path, "`deprecated.since`", diags);
            }
        }
        if let Some(sunset) = &deprecation.sunset {
            parse_date(sunset, &path.key("sunset"), diags);
        }
    }
    changelog(spec, parse, ahead, diags);
}

fn changelog(
    spec: &Spec,
    parse: impl Fn(&str, &SpecPath, &mut Vec<Diagnostic>) -> Option<Ver>,
    ahead: impl Fn(&Ver, &SpecPath, &str, &mut Vec<Diagnostic>),
    diags: &mut Vec<Diagnostic>,
) {
    let mut previous: Option<(Ver, SpecPath)> = None;
    let mut in_order = true;
    for (idx, entry) in spec.changelog.iter().enumerate() {
        let path = SpecPath::root().key("changelog").index(idx).key("version");
        let Some(version) = parse(&entry.version, &path, diags) else {
            continue;
        };
        ahead(&version, &path, "changelog entry", diags);
        if let Some((newer, newer_path)) = &previous
            && version.cmp_same(newer) != Some(Ordering::Less)
        {
            in_order = false;
            diags.push(
                Diagnostic::error(
                    Code::ChangelogOrder,
                    format!(
                        "changelog entry {version} comes after {newer}; entries go newest first"
                    ),
                )
                .at(&path)
                .with_label(newer_path, "the entry before it")
                .with_help("order the changelog from the newest version to the oldest"),
            );
        }
        previous = Some((version, path));
    }
    let mut newer_date: Option<(Date, SpecPath, String)> = None;
    for (idx, entry) in spec.changelog.iter().enumerate() {
        let Some(text) = &entry.date else { continue };
        let path = SpecPath::root().key("changelog").index(idx).key("date");
        let Some(date) = parse_date(text, &path, diags) else {
            continue;
        };
        // Entries out of version order are reported once, not again for their dates.
        if let Some((newer, newer_path, newer_version)) = &newer_date
            && in_order
            && date > *newer
        {
            diags.push(
                Diagnostic::error(
                    Code::ChangelogOrder,
                    format!(
                        "changelog entry {} is dated {date}, later than the entry above it ({newer_version}, {newer}); entries go newest first",
                        entry.version
                    ),
                )
                .at(&path)
                .with_label(newer_path, "the newer entry's date")
                .with_help("order the changelog from the newest version to the oldest, and check both dates"),
            );
        }
        newer_date = Some((date, path, entry.version.clone()));
    }
}

/// A version of the contract: semver, or a calendar date in a contract versioned by date.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Ver {
    Semver(Version),
    Dated(Date),
}

impl Ver {
    /// The order of two versions of the same kind; `None` across kinds.
    fn cmp_same(&self, other: &Ver) -> Option<Ordering> {
        match (self, other) {
            (Ver::Semver(a), Ver::Semver(b)) => Some(a.cmp(b)),
            (Ver::Dated(a), Ver::Dated(b)) => Some(a.cmp(b)),
            _ => None,
        }
    }
}

impl fmt::Display for Ver {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Ver::Semver(version) => version.fmt(f),
            Ver::Dated(date) => date.fmt(f),
        }
    }
}

/// A calendar date, `YYYY-MM-DD`; the derived order is chronological.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Date {
    year: u32,
    month: u32,
    day: u32,
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Date {
    /// Reads `YYYY-MM-DD`, or says what is wrong with it.
    fn parse(text: &str) -> Result<Date, String> {
        let shaped = text.len() == 10
            && text.bytes().enumerate().all(|(i, b)| match i {
                4 | 7 => b == b'-',
                _ => b.is_ascii_digit(),
            });
        if !shaped {
            return Err("it is not written as YYYY-MM-DD".to_owned());
        }
        let number = |range: std::ops::Range<usize>| text[range].parse::<u32>().unwrap_or(0);
        let (year, month, day) = (number(0..4), number(5..7), number(8..10));
        if !(1..=12).contains(&month) {
            return Err(format!("there is no month {month}"));
        }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
        let days = match month {
            2 if leap => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        };
        if !(1..=days).contains(&day) {
            return Err(format!("month {month} of {year} has no day {day}"));
        }
        Ok(Date { year, month, day })
    }
}

fn parse_date(text: &str, path: &SpecPath, diags: &mut Vec<Diagnostic>) -> Option<Date> {
    match Date::parse(text.trim()) {
        Ok(date) => Some(date),
        Err(why) => {
            diags.push(
                Diagnostic::error(
                    Code::InvalidDate,
                    format!("`{text}` is not a calendar date: {why}"),
                )
                .at(path)
                .with_help("write a calendar date as YYYY-MM-DD, e.g. `2026-06-30`"),
            );
            None
        }
    }
}

/// A version in a contract versioned by date: a calendar date, like `info.version`.
fn parse_dated(text: &str, path: &SpecPath, diags: &mut Vec<Diagnostic>) -> Option<Ver> {
    match Date::parse(text.trim()) {
        Ok(date) => Some(Ver::Dated(date)),
        Err(why) => {
            diags.push(
                Diagnostic::error(
                    Code::InvalidDate,
                    format!("`{text}` is not a calendar date: {why}"),
                )
                .at(path)
                .with_help(
                    "the contract's `info.version` is a date, so its versions are dates too: \
                     write YYYY-MM-DD, e.g. `2026-06-30`",
                ),
            );
            None
        }
    }
}

fn parse_semver(text: &str, path: &SpecPath, diags: &mut Vec<Diagnostic>) -> Option<Ver> {
    match Version::parse(text.trim()) {
        Ok(version) => Some(Ver::Semver(version)),
        Err(err) => {
            let help = if Date::parse(text.trim()).is_ok() {
                "dates are versions only in a contract versioned by date: make `info.version` \
                 a date too (`2024-06-01`), or write MAJOR.MINOR.PATCH, e.g. `2.1.0`"
                    .to_owned()
            } else {
                match suggestion(text) {
                    Some(version) => format!("write it as MAJOR.MINOR.PATCH: `{version}`"),
                    None => {
                        "write it as MAJOR.MINOR.PATCH, e.g. `2.1.0` (see semver.org)".to_owned()
                    }
                }
            };
            diags.push(
                Diagnostic::error(
                    Code::InvalidSemver,
                    format!("`{text}` is not a semantic version: {err}"),
                )
                .at(path)
                .with_help(help),
            );
            None
        }
    }
}

/// The semantic version an author most likely meant: `v3` is `3.0.0`, `1.2` is `1.2.0`.
fn suggestion(text: &str) -> Option<Version> {
    let text = text.trim();
    let number = text.strip_prefix(['v', 'V']).unwrap_or(text);
    // Pad the numbers, keeping any pre-release or build suffix: `v2-beta` is `2.0.0-beta`.
    let end = number.find(['-', '+']).unwrap_or(number.len());
    let (core, suffix) = number.split_at(end);
    let padding = match core.split('.').count() {
        1 => ".0.0",
        2 => ".0",
        _ => "",
    };
    Version::parse(&format!("{core}{padding}{suffix}")).ok()
}

#[cfg(test)]
mod tests {
    use super::suggestion;

    #[test]
    fn suggestions_are_versions_the_author_meant() {
        let suggested = |text: &str| suggestion(text).map(|version| version.to_string());
        assert_eq!(suggested("v3").as_deref(), Some("3.0.0"));
        assert_eq!(suggested("1.2").as_deref(), Some("1.2.0"));
        assert_eq!(suggested(" V1.2.3 ").as_deref(), Some("1.2.3"));
        assert_eq!(suggested("v2.0.0-beta.1").as_deref(), Some("2.0.0-beta.1"));
        assert_eq!(suggested("latest"), None);
        assert_eq!(suggested("1.2.3.4"), None);
        assert_eq!(suggested("01.2.3"), None);
    }
}

#[cfg(test)]
mod date_tests {
    use super::Date;

    #[test]
    fn dates_are_calendar_days_written_yyyy_mm_dd() {
        assert_eq!(
            Date::parse("2024-02-29").map(|d| d.to_string()).as_deref(),
            Ok("2024-02-29")
        );
        assert!(Date::parse("2000-02-29").is_ok());
        assert_eq!(
            Date::parse("1900-02-29"),
            Err("month 2 of 1900 has no day 29".to_owned())
        );
        assert_eq!(
            Date::parse("2025-13-01"),
            Err("there is no month 13".to_owned())
        );
        assert_eq!(
            Date::parse("2025-04-31"),
            Err("month 4 of 2025 has no day 31".to_owned())
        );
        assert_eq!(
            Date::parse("2025-01-00"),
            Err("month 1 of 2025 has no day 0".to_owned())
        );
        for text in [
            "15/01/2024",
            "2024-1-15",
            "2024-01-15T00:00:00Z",
            "",
            "２０２４-01-15",
            "2024-01-1é",
        ] {
            assert_eq!(
                Date::parse(text),
                Err("it is not written as YYYY-MM-DD".to_owned()),
                "{text}"
            );
        }
        assert!(Date::parse("2024-01-31") < Date::parse("2024-02-01"));
    }
}

#[cfg(test)]
mod dated_tests {
    fn findings(info_version: &str, since: &str, changelog: &[&str]) -> Vec<String> {
        let entries: String = changelog
            .iter()
            .map(|version| format!("  - {{version: \"{version}\", changes: [x]}}\n"))
            .collect();
        let text = format!(
            "integration-spec: \"1.0\"\ninfo: {{title: T, version: \"{info_version}\"}}\n\
             endpoints:\n  a: {{method: GET, path: /a, since: \"{since}\"}}\nchangelog:\n{entries}"
        );
        let (spec, diags) = crate::load::parse_spec(&text, crate::load::Format::Yaml);
        assert_eq!(diags, []);
        let mut found = Vec::new();
        super::check(&spec.unwrap(), &mut found);
        found
            .iter()
            .map(|diag| format!("{}: {}", diag.code, diag.message))
            .collect()
    }

    #[test]
    fn a_contract_versioned_by_date_takes_dates_in_date_order() {
        assert_eq!(
            findings("2024-06-01", "2024-01-15", &["2024-06-01", "2023-11-20"]),
            Vec::<String>::new()
        );
        assert_eq!(
            findings("2024-06-01", "2024-07-01", &["2023-11-20", "2024-06-01"]),
            [
                "version-ahead: `since` 2024-07-01 is newer than the contract's version 2024-06-01",
                "changelog-order: changelog entry 2024-06-01 comes after 2023-11-20; entries go newest first",
            ]
        );
        assert_eq!(
            findings("2024-06-01", "1.2.0", &["2024-02-30"]),
            [
                "invalid-date: `1.2.0` is not a calendar date: it is not written as YYYY-MM-DD",
                "invalid-date: `2024-02-30` is not a calendar date: month 2 of 2024 has no day 30",
            ]
        );
    }

    #[test]
    fn a_date_in_a_semver_contract_says_how_to_version_by_date() {
        let text = "integration-spec: \"1.0\"\ninfo: {title: T, version: 2.0.0}\n\
                    endpoints:\n  a: {method: GET, path: /a, since: \"2024-06-01\"}\n";
        let (spec, _) = crate::load::parse_spec(text, crate::load::Format::Yaml);
        let mut found = Vec::new();
        super::check(&spec.unwrap(), &mut found);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].code, crate::diagnostic::Code::InvalidSemver);
        let help = found[0].help.as_deref().unwrap_or_default();
        assert!(
            help.starts_with("dates are versions only in a contract versioned by date"),
            "{help}"
        );
    }
}
