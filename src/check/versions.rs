//! Version rules: every version is semver, none is newer than the contract's own, and the
//! changelog runs newest first.

use semver::Version;

use super::item;
use crate::diagnostic::{Code, Diagnostic, SpecPath};
use crate::spec::Spec;

pub(super) fn check(spec: &Spec, diags: &mut Vec<Diagnostic>) {
    let contract_path = SpecPath::root().key("info").key("version");
    let contract = parse(&spec.info.version, &contract_path, diags);
    let ahead = |version: &Version, path: &SpecPath, what: &str, diags: &mut Vec<Diagnostic>| {
        if let Some(contract) = &contract
            && version > contract
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
    }
    let mut previous: Option<(Version, SpecPath)> = None;
    for (idx, entry) in spec.changelog.iter().enumerate() {
        let path = SpecPath::root().key("changelog").index(idx).key("version");
        let Some(version) = parse(&entry.version, &path, diags) else {
            continue;
        };
        ahead(&version, &path, "changelog entry", diags);
        if let Some((newer, newer_path)) = &previous
            && version >= *newer
        {
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
}

fn parse(text: &str, path: &SpecPath, diags: &mut Vec<Diagnostic>) -> Option<Version> {
    match Version::parse(text.trim()) {
        Ok(version) => Some(version),
        Err(err) => {
            let help = match suggestion(text) {
                Some(version) => format!("write it as MAJOR.MINOR.PATCH: `{version}`"),
                None => "write it as MAJOR.MINOR.PATCH, e.g. `2.1.0` (see semver.org)".to_owned(),
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
