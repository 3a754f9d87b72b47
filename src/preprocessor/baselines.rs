//! The book's baselines: the old version of each spec that has one (`baseline` in book.toml),
//! compared with the spec as it is. The gate's findings join the spec's; the changes feed its
//! "Changes since" section.

use std::collections::HashMap;
use std::sync::Arc;

use crate::baseline::{Baseline, BaselineError, Revision};
use crate::compare::{Place, compare};
use crate::diagnostic::{Code, Diagnostic};
use crate::diff::ChangesSince;
use crate::load::{LoadLimits, LoadedSpec, SpecFile, load_spec_file, resolve_spec_file};

/// The revisions read so far in this build, by revision: each is written out once.
#[derive(Default)]
pub(super) struct Baselines {
    revisions: HashMap<String, Result<Revision, String>>,
}

/// What comparing a spec with its baseline gives.
pub(super) struct Compared {
    /// The gate's findings, and what kept it from running.
    pub(super) diagnostics: Vec<Diagnostic>,
    /// The changes, when the baseline could be read.
    pub(super) changes: Option<Arc<ChangesSince>>,
}

impl Baselines {
    /// Compares `loaded` (the spec in `file`, loaded cleanly) with its `baseline`. A spec that
    /// the baseline does not have yet is new: it has no changes to show.
    pub(super) fn compare(
        &mut self,
        file: &SpecFile,
        loaded: &LoadedSpec,
        baseline: &str,
        limits: &LoadLimits,
    ) -> Compared {
        let unchecked = |message: String| {
            Compared {
            diagnostics: vec![
                Diagnostic::warning(Code::PolicyUnchecked, message)
                    .in_file(file.display.clone())
                    .with_help("fix the baseline in book.toml, or set `policy-unchecked = \"allow\"` under `[preprocessor.integration-spec.lints]`"),
            ],
            changes: None,
        }
        };
        let (old_file, shown) = match Baseline::parse(baseline) {
            Baseline::Git(rev) => {
                let revision = self.revisions.entry(rev.clone()).or_insert_with(|| {
                    Revision::checkout(&file.root, &rev).map_err(|err| err.to_string())
                });
                let revision = match revision {
                    Ok(revision) => revision,
                    Err(message) => {
                        return unchecked(format!(
                            "cannot read the baseline `{baseline}`: {message}"
                        ));
                    }
                };
                let relative = match revision.relative(&file.absolute) {
                    Ok(relative) => relative,
                    Err(BaselineError::NotAtRevision { .. }) => return Compared::nothing(),
                    Err(err) => {
                        return unchecked(format!("cannot read the baseline `{baseline}`: {err}"));
                    }
                };
                let inside = LoadLimits {
                    allow_outside_root: false,
                    max_spec_size: limits.max_spec_size,
                };
                let requested = relative.to_string_lossy();
                match resolve_spec_file(revision.root(), revision.root(), &requested, &inside) {
                    Ok(old) => (old, format!("{rev}:{}", relative.display())),
                    Err(diag) => {
                        return unchecked(format!(
                            "cannot read the baseline `{baseline}`: {}",
                            diag.message
                        ));
                    }
                }
            }
            // A file is the old version itself; a folder holds old versions under the
            // specs' own paths from the book root.
            Baseline::Path(place) => {
                let place = file.root.join(&place);
                let path = if place.is_file() {
                    place
                } else {
                    place.join(&file.display)
                };
                if !path.is_file() {
                    return Compared::nothing();
                }
                let requested = path.to_string_lossy();
                match resolve_spec_file(&file.root, &file.root, &requested, limits) {
                    Ok(old) => {
                        let shown = old.display.display().to_string();
                        (old, shown)
                    }
                    Err(diag) => {
                        return unchecked(format!(
                            "cannot read the baseline `{baseline}`: {}",
                            diag.message
                        ));
                    }
                }
            }
        };
        let old = load_spec_file(&old_file, limits);
        let errors = old
            .diagnostics
            .iter()
            .filter(|diag| diag.is_error())
            .count();
        if errors > 0 || old.spec.is_none() {
            return unchecked(format!(
                "the baseline version of `{}` ({shown}) does not load: {errors} error{}; run `mdbook-integration-spec check` on it",
                file.display.display(),
                if errors == 1 { "" } else { "s" }
            ));
        }
        let Some(comparison) = compare(&old, loaded) else {
            return Compared::nothing();
        };
        let in_baseline = |place: &Place| {
            let at = place
                .location
                .map(|l| format!(":{}:{}", l.line, l.column))
                .unwrap_or_default();
            match Baseline::parse(baseline) {
                Baseline::Git(rev) => format!("{rev}:{}{at}", place.file.display()),
                Baseline::Path(_) => format!("{}{at}", place.file.display()),
            }
        };
        let diagnostics = comparison
            .findings
            .into_iter()
            .map(|finding| {
                let mut diag = finding.diagnostic;
                if let Some(old) = &finding.old {
                    let was = format!("in the baseline: {}", in_baseline(old));
                    diag.help = Some(match diag.help {
                        Some(help) => format!("{help} ({was})"),
                        None => was,
                    });
                }
                diag
            })
            .collect();
        let changes = ChangesSince {
            old_version: comparison.gate.old_version,
            new_version: comparison.gate.new_version,
            changes: comparison
                .changes
                .into_iter()
                .map(|located| located.change)
                .collect(),
        };
        Compared {
            diagnostics,
            changes: Some(Arc::new(changes)),
        }
    }
}

impl Compared {
    fn nothing() -> Self {
        Compared {
            diagnostics: Vec::new(),
            changes: None,
        }
    }
}
