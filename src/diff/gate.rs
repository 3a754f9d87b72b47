//! The semver gate and the deprecation policy: the smallest honest version bump for a set of
//! changes, whether the new version makes it, and whether what was removed was deprecated
//! long enough before. Dates come from the specs' changelogs, never from the clock, so a
//! build is reproducible.

use semver::Version;

use super::change::Change;
use super::codes::{ChangeCode, Level};
use crate::diagnostic::{Code, Diagnostic, SpecPath};
use crate::spec::{Deprecation, Kind, Spec};

/// How much a version must rise.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Bump {
    /// Nothing changed.
    None,
    /// Documentation only.
    Patch,
    /// Compatible additions.
    Minor,
    /// Breaking changes.
    Major,
}

impl Bump {
    /// The word output shows.
    pub fn as_str(self) -> &'static str {
        match self {
            Bump::None => "none",
            Bump::Patch => "patch",
            Bump::Minor => "minor",
            Bump::Major => "major",
        }
    }
}

/// What the gate found.
#[derive(Clone, Debug, PartialEq)]
pub struct Gate {
    /// The old spec's `info.version`.
    pub old_version: String,
    /// The new spec's `info.version`.
    pub new_version: String,
    /// The smallest honest bump for the changes, as semver names it.
    pub required_bump: Bump,
    /// The lowest version the new spec may have, when the versions can be compared.
    pub required_version: Option<String>,
    /// Dishonest versions, deprecation policy errors, what could not be checked.
    pub findings: Vec<GateFinding>,
}

impl Gate {
    /// Whether the gate fails the release: an error among its findings.
    pub fn fails(&self) -> bool {
        self.findings
            .iter()
            .any(|finding| finding.diagnostic.is_error())
    }
}

/// A finding of the gate: about the new spec (where its path points), and the place in the
/// old spec it concerns.
#[derive(Clone, Debug, PartialEq)]
pub struct GateFinding {
    /// The finding, its path in the new spec.
    pub diagnostic: Diagnostic,
    /// The place in the old spec, where there is one.
    pub old: Option<SpecPath>,
}

/// Runs the gate on the changes from `old` to `new`.
pub fn gate(old: &Spec, new: &Spec, changes: &[Change]) -> Gate {
    let version_path = SpecPath::root().key("info").key("version");
    let (old_version, new_version) = (old.info.version.trim(), new.info.version.trim());
    let worst = changes.iter().map(Change::level).min();
    let mut gate = Gate {
        old_version: old_version.to_owned(),
        new_version: new_version.to_owned(),
        required_bump: Bump::None,
        required_version: None,
        findings: Vec::new(),
    };
    let mut finding = |diagnostic: Diagnostic, old: Option<SpecPath>| {
        gate.findings.push(GateFinding { diagnostic, old });
    };
    let dated = (date(old_version), date(new_version));
    let why = || requiring(changes, worst);
    let calling = changes.iter().filter(|c| Some(c.level()) == worst).count();
    match (semver(old_version), semver(new_version), &dated) {
        (Some(before), Some(after), _) => {
            let bump = match worst {
                None => Bump::None,
                Some(Level::Breaking) if before.major == 0 => Bump::Minor,
                Some(Level::Breaking) => Bump::Major,
                Some(Level::Compatible) if before.major == 0 => Bump::Patch,
                Some(Level::Compatible) => Bump::Minor,
                Some(Level::Info) => Bump::Patch,
            };
            gate.required_bump = bump;
            let required = bumped(&before, bump);
            gate.required_version = Some(required.to_string());
            let core = |v: &Version| (v.major, v.minor, v.patch);
            if bump != Bump::None && core(&after) < core(&required) {
                let before_one = if before.major == 0 { ", as before 1.0" } else { "" };
                finding(
                    Diagnostic::error(
                        Code::VersionNotBumped,
                        format!(
                            "version {after} is too low for the changes since {before}: {} {} a {} bump{before_one}, to {required}",
                            why(),
                            if calling == 1 { "needs" } else { "need" },
                            bump.as_str()
                        ),
                    )
                    .at(&version_path)
                    .with_help(format!(
                        "raise `info.version` to {required} or later, with a changelog entry, or undo the changes"
                    )),
                    Some(version_path.clone()),
                );
            }
        }
        (_, _, (Some(before), Some(after))) => {
            gate.required_bump = if worst.is_some() { Bump::Major } else { Bump::None };
            if worst.is_some() && after <= before {
                finding(
                    Diagnostic::error(
                        Code::VersionNotBumped,
                        format!(
                            "version {new_version} is not later than {old_version}, but the contract changed: {}",
                            why()
                        ),
                    )
                    .at(&version_path)
                    .with_help("a contract versioned by date needs a new, later date for any change"),
                    Some(version_path.clone()),
                );
            }
        }
        _ if worst.is_some() && old_version != new_version => finding(
            Diagnostic::warning(
                Code::PolicyUnchecked,
                format!(
                    "cannot tell whether version `{new_version}` admits the changes since `{old_version}`: the two are neither both semver versions nor both dates"
                ),
            )
            .at(&version_path)
            .with_help("version the contract by semver (`2.1.0`) or by date (`2024-06-01`)"),
            Some(version_path.clone()),
        ),
        _ if worst.is_some() => finding(
            Diagnostic::error(
                Code::VersionNotBumped,
                format!("version `{new_version}` is the old version, but the contract changed: {}", why()),
            )
            .at(&version_path)
            .with_help("give the new contract a new version"),
            Some(version_path.clone()),
        ),
        _ => {}
    }
    let release = release_date(new, new_version);
    let changelog_path = SpecPath::root().key("changelog");
    if worst.is_some() && old_version != new_version && !new.from_openapi {
        let entry = new
            .changelog
            .iter()
            .any(|entry| entry.version.trim() == new_version);
        let migration = dated.1.is_some() && worst == Some(Level::Breaking);
        if !entry {
            let mut message = format!("version {new_version} has no changelog entry");
            if migration {
                message.push_str(", and a breaking change in a contract versioned by date needs one with a migration note");
            }
            finding(
                Diagnostic::warning(Code::MissingChangelogEntry, message)
                    .at(if new.changelog.is_empty() {
                        &version_path
                    } else {
                        &changelog_path
                    })
                    .with_help(format!(
                        "add `- version: {new_version}` with its `date` and `changes` at the top of `changelog`"
                    )),
                None,
            );
        }
    }
    let notice_days = old
        .conventions
        .as_ref()
        .and_then(|c| c.versioning.as_ref())
        .and_then(|v| v.deprecation_notice_days);
    for change in changes {
        let (what, deprecation) = match (change.code, &change.item) {
            (ChangeCode::EndpointRemoved, Some((Kind::Endpoint, id))) => (
                format!("endpoint `{id}`"),
                old.endpoints.get(id).map(|e| &e.deprecated),
            ),
            (ChangeCode::WebhookRemoved, Some((Kind::Webhook, event))) => (
                format!("webhook `{event}`"),
                old.webhooks.get(event).map(|w| &w.deprecated),
            ),
            _ => continue,
        };
        let Some(deprecation) = deprecation else {
            continue;
        };
        let old_place = change.old.clone();
        let removed_in = format!("removed in {new_version}");
        let Some(deprecation) = deprecation else {
            finding(
                Diagnostic::error(
                    Code::RemovedWithoutDeprecation,
                    format!("{what} was {removed_in} without being deprecated in {old_version} first"),
                )
                .at(&version_path)
                .with_help("keep it, marked `deprecated` (with `since`, `sunset` and `use`), for at least one release before removing it"),
                old_place,
            );
            continue;
        };
        policy(
            &mut finding,
            &PolicyCase {
                what: &what,
                removed_in: &removed_in,
                deprecation,
                release: release.clone(),
                notice_days,
                since_date: deprecation.since.as_deref().and_then(|since| {
                    release_date(old, since.trim()).or_else(|| release_date(new, since.trim()))
                }),
                version_path: &version_path,
                old_place,
            },
        );
    }
    gate
}

/// One removed item whose deprecation is checked against the policy.
struct PolicyCase<'a> {
    what: &'a str,
    removed_in: &'a str,
    deprecation: &'a Deprecation,
    /// The new version's release date.
    release: Option<Day>,
    notice_days: Option<u64>,
    /// The release date of the version that deprecated it.
    since_date: Option<Day>,
    version_path: &'a SpecPath,
    old_place: Option<SpecPath>,
}

fn policy(finding: &mut impl FnMut(Diagnostic, Option<SpecPath>), case: &PolicyCase<'_>) {
    let PolicyCase {
        what,
        removed_in,
        deprecation,
        release,
        ..
    } = case;
    let unchecked = |message: String, help: &str| {
        Diagnostic::warning(Code::PolicyUnchecked, message)
            .at(case.version_path)
            .with_help(help.to_owned())
    };
    let no_release_date = "date the new version's changelog entry (`date: YYYY-MM-DD`)";
    if let Some(sunset) = &deprecation.sunset {
        match (release, date(sunset.trim())) {
            (Some(release), Some(sunset_day)) if *release < sunset_day => finding(
                Diagnostic::error(
                    Code::RemovedBeforeSunset,
                    format!(
                        "{what} was {removed_in}, released {}, before its announced sunset on {sunset}",
                        release.0
                    ),
                )
                .at(case.version_path)
                .with_help(format!("keep it until {sunset}, or release the removal on or after that date")),
                case.old_place.clone(),
            ),
            (None, _) => finding(
                unchecked(
                    format!("cannot tell whether {what} was {removed_in} after its sunset on {sunset}: the new version has no release date"),
                    no_release_date,
                ),
                case.old_place.clone(),
            ),
            _ => {}
        }
    }
    let Some(days) = case.notice_days else { return };
    match (release, &case.since_date) {
        (Some(release), Some(since)) => {
            let given = release.days() - since.days();
            if given < days as i64 {
                finding(
                    Diagnostic::error(
                        Code::DeprecationNoticeTooShort,
                        format!(
                            "{what} was {removed_in} {given} days after its deprecation ({} to {}), but `conventions.versioning.deprecation_notice_days` promises {days}",
                            since.0, release.0
                        ),
                    )
                    .at(case.version_path)
                    .with_help(format!("keep it deprecated until {days} days have passed")),
                    case.old_place.clone(),
                );
            }
        }
        (None, _) => finding(
            unchecked(
                format!(
                    "cannot tell whether {what} had the {days} days of deprecation notice the contract promises: the new version has no release date"
                ),
                no_release_date,
            ),
            case.old_place.clone(),
        ),
        (Some(_), None) => finding(
            unchecked(
                format!(
                    "cannot tell whether {what} had the {days} days of deprecation notice the contract promises: its deprecation has no dated version"
                ),
                "give `deprecated.since` the version that deprecated it, with a dated changelog entry",
            ),
            case.old_place.clone(),
        ),
    }
}

/// The changes that call for the bump, for messages: `2 breaking changes (endpoint-removed
/// at endpoints.get-order, ...)`, the first three named.
fn requiring(changes: &[Change], worst: Option<Level>) -> String {
    let Some(worst) = worst else {
        return String::new();
    };
    let calling: Vec<&Change> = changes.iter().filter(|c| c.level() == worst).collect();
    let mut named: Vec<String> = calling
        .iter()
        .take(3)
        .map(|change| format!("{} at {}", change.code, change.path()))
        .collect();
    if calling.len() > 3 {
        named.push(format!("{} more", calling.len() - 3));
    }
    let noun = if calling.len() == 1 {
        "change"
    } else {
        "changes"
    };
    format!(
        "{} {} {noun} ({})",
        calling.len(),
        worst.as_str(),
        named.join(", ")
    )
}

/// `version` raised by `bump`.
fn bumped(version: &Version, bump: Bump) -> Version {
    let (major, minor, patch) = (version.major, version.minor, version.patch);
    match bump {
        Bump::None => Version::new(major, minor, patch),
        Bump::Patch => Version::new(major, minor, patch + 1),
        Bump::Minor => Version::new(major, minor + 1, 0),
        Bump::Major => Version::new(major + 1, 0, 0),
    }
}

fn semver(text: &str) -> Option<Version> {
    Version::parse(text.strip_prefix('v').unwrap_or(text)).ok()
}

/// The release date of `version` in `spec`: itself in a contract versioned by date, else
/// the date of its changelog entry.
fn release_date(spec: &Spec, version: &str) -> Option<Day> {
    if let Some(day) = date(version) {
        return Some(day);
    }
    spec.changelog
        .iter()
        .find(|entry| entry.version.trim() == version)
        .and_then(|entry| entry.date.as_deref())
        .and_then(|text| date(text.trim()))
}

/// A calendar date, `YYYY-MM-DD`, with its text; ordered by the day.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Day(String);

impl Day {
    /// Days since 1970-01-01 (the proleptic Gregorian calendar).
    fn days(&self) -> i64 {
        let mut parts = self
            .0
            .split('-')
            .map(|part| part.parse::<i64>().unwrap_or(0));
        let (y, m, d) = (
            parts.next().unwrap_or(1970),
            parts.next().unwrap_or(1),
            parts.next().unwrap_or(1),
        );
        let y = if m <= 2 { y - 1 } else { y };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let mp = (m + 9) % 12;
        let doy = (153 * mp + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }
}

fn date(text: &str) -> Option<Day> {
    let bytes = text.as_bytes();
    let shape = bytes.len() == 10
        && bytes[4] == b'-'
        && bytes[7] == b'-'
        && bytes
            .iter()
            .enumerate()
            .all(|(idx, b)| idx == 4 || idx == 7 || b.is_ascii_digit());
    if !shape {
        return None;
    }
    let month: u32 = text[5..7].parse().ok()?;
    let day: u32 = text[8..10].parse().ok()?;
    ((1..=12).contains(&month) && (1..=31).contains(&day)).then(|| Day(text.to_owned()))
}
