//! The book's spec files: each is loaded, checked and given its lint levels once per build,
//! however many directives read it.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::baselines::Baselines;

use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::diff::ChangesSince;
use crate::load::{LoadedSpec, SpecFile};

/// A spec file of the book, numbered in the order directives first name it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(super) struct SpecId(usize);

/// A loaded and checked spec with its findings at the book's lint levels.
pub(super) struct Checked {
    pub(super) loaded: LoadedSpec,
    pub(super) diagnostics: Vec<Diagnostic>,
    /// The changes since the spec's baseline version, when the book names one.
    pub(super) changes: Option<Arc<ChangesSince>>,
}

impl Checked {
    pub(super) fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Every spec file directives name, by canonical path.
#[derive(Default)]
pub(super) struct Specs {
    ids: HashMap<PathBuf, SpecId>,
    /// By [`SpecId`]: the spec once a directive that could use it loaded it (or took it from
    /// the background loading), and whether its findings were reported.
    checked: Vec<Option<(Arc<Checked>, bool)>>,
    /// The old versions the specs are compared with.
    baselines: Baselines,
    /// Specs loading on other cores while the first pass runs: `load` waits for the one it
    /// needs.
    arriving: Option<Arriving>,
}

/// Spec files being loaded and checked in the background.
struct Arriving {
    results: std::sync::mpsc::Receiver<(usize, LoadedSpec)>,
    /// The files, by the index their results carry.
    files: Vec<SpecFile>,
    /// The specs not in yet.
    waiting: std::collections::HashSet<SpecId>,
}

impl Specs {
    /// The id of the spec file at `absolute`, loaded or not.
    pub(super) fn id(&mut self, absolute: &Path) -> SpecId {
        if let Some(id) = self.ids.get(absolute) {
            return *id;
        }
        let id = SpecId(self.checked.len());
        self.checked.push(None);
        self.ids.insert(absolute.to_path_buf(), id);
        id
    }

    /// The spec in `file`, loaded and checked the first time it is asked for; `true` with it
    /// the first time, when its findings are still to be reported.
    pub(super) fn load(
        &mut self,
        file: &SpecFile,
        config: &Config,
    ) -> (SpecId, Arc<Checked>, bool) {
        let id = self.id(&file.absolute);
        self.wait_for(id, config);
        if let Some((checked, reported)) = &mut self.checked[id.0] {
            let first = !std::mem::replace(reported, true);
            return (id, Arc::clone(checked), first);
        }
        let loaded = crate::analyze::analyze_spec_file(file, &config.load_limits());
        let checked = Arc::new(self.complete(file, loaded, config));
        self.checked[id.0] = Some((Arc::clone(&checked), true));
        (id, checked, true)
    }

    /// Starts loading and checking `files` on every core, ahead of the directives that read
    /// them: a book of many small specs takes the time of loading them divided by the cores,
    /// and the first pass plans each directive as soon as its spec is in.
    pub(super) fn prefetch(&mut self, files: Vec<SpecFile>, config: &Config) {
        let mut todo: Vec<SpecFile> = Vec::new();
        for file in files {
            let id = self.id(&file.absolute);
            if self.checked[id.0].is_none() && !todo.iter().any(|t| t.absolute == file.absolute) {
                todo.push(file);
            }
        }
        if todo.len() < 2 {
            return;
        }
        let limits = config.load_limits();
        let waiting = todo.iter().map(|file| self.id(&file.absolute)).collect();
        let results = crate::parallel::in_background(todo.clone(), move |file| {
            crate::analyze::analyze_spec_file(file, &limits)
        });
        self.arriving = Some(Arriving {
            results,
            files: todo,
            waiting,
        });
    }

    /// Takes the background results until the spec `id` is in, if it is being loaded there.
    /// Should the background end without it, `load` loads it here.
    fn wait_for(&mut self, id: SpecId, config: &Config) {
        while self.checked[id.0].is_none() {
            let Some(arriving) = &mut self.arriving else {
                return;
            };
            if !arriving.waiting.contains(&id) {
                return;
            }
            let Ok((idx, loaded)) = arriving.results.recv() else {
                self.arriving = None;
                return;
            };
            let file = arriving.files[idx].clone();
            let arrived = self.id(&file.absolute);
            if let Some(arriving) = &mut self.arriving {
                arriving.waiting.remove(&arrived);
            }
            if self.checked[arrived.0].is_none() {
                let checked = Arc::new(self.complete(&file, loaded, config));
                self.checked[arrived.0] = Some((checked, false));
            }
        }
    }

    /// A loaded spec with its comparison to its baseline, and its findings at the book's
    /// lint levels.
    fn complete(&mut self, file: &SpecFile, loaded: LoadedSpec, config: &Config) -> Checked {
        let limits = config.load_limits();
        let mut found = loaded.diagnostics.clone();
        let mut changes = None;
        // A spec with errors is not compared: its changes could be the errors' echo.
        if let Some(baseline) = config.baseline_for(&file.display)
            && loaded.spec.is_some()
            && !loaded.has_errors()
        {
            let compared = self.baselines.compare(file, &loaded, baseline, &limits);
            found.extend(compared.diagnostics);
            changes = compared.changes;
        }
        let diagnostics = config.apply_levels(found);
        Checked {
            loaded,
            diagnostics,
            changes,
        }
    }

    /// The old versions the specs were compared with, taken out (a git revision's are
    /// written out to a temporary folder, deleted when they are dropped).
    pub(super) fn take_baselines(&mut self) -> Baselines {
        std::mem::take(&mut self.baselines)
    }

    /// The loaded spec whose path as shown to users is `display`.
    pub(super) fn by_display(&self) -> HashMap<&Path, (SpecId, &Checked)> {
        self.checked
            .iter()
            .enumerate()
            .filter_map(|(idx, checked)| {
                let checked = checked.as_ref().map(|(checked, _)| checked.as_ref())?;
                Some((
                    checked.loaded.file.display.as_path(),
                    (SpecId(idx), checked),
                ))
            })
            .collect()
    }
}
