//! Where the parts of a model were written, when that is not where the model's paths say: an
//! OpenAPI document is translated into the tree of a native spec, and a native spec may import
//! one. Findings speak of the model; the source map points them at the file and the place the
//! reader wrote.

use std::collections::HashMap;
use std::path::PathBuf;

use crate::diagnostic::{Diagnostic, SpecPath};

/// The file a part of the model was written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum WrittenIn {
    /// The spec file itself (a directive's file).
    Spec,
    /// The OpenAPI document it imports.
    Import,
    /// The `n`th (from 0) other file the document's `$ref`s name.
    OtherFile(usize),
}

/// Where each part of a model's tree came from.
#[derive(Clone, Debug, Default)]
pub struct SourceMap {
    places: HashMap<SpecPath, (WrittenIn, SpecPath)>,
    /// Whether a path with no recorded ancestor is written as it is, in the spec (a native spec
    /// around an import), rather than somewhere in the document as a whole.
    unrecorded_as_is: bool,
    /// The imported document, as shown to users.
    import: Option<PathBuf>,
    /// The other files the document's `$ref`s name, as shown to users.
    files: Vec<PathBuf>,
}

impl SourceMap {
    /// The map of an OpenAPI document read on its own: `places` from the translated tree's
    /// paths to the document's (file 0) or to those of the other `files` its `$ref`s name
    /// (file `n` is `files[n - 1]`).
    pub(crate) fn of_document(
        places: impl IntoIterator<Item = (SpecPath, (usize, SpecPath))>,
        files: Vec<PathBuf>,
    ) -> Self {
        SourceMap {
            places: places
                .into_iter()
                .map(|(native, (file, source))| {
                    let written = match file {
                        0 => WrittenIn::Spec,
                        n => WrittenIn::OtherFile(n - 1),
                    };
                    (native, (written, source))
                })
                .collect(),
            unrecorded_as_is: false,
            import: None,
            files,
        }
    }

    /// The map of a native spec that imports the document shown as `import`: what is not
    /// recorded is written in the spec as its path says.
    pub(crate) fn around_import(import: PathBuf, files: Vec<PathBuf>) -> Self {
        SourceMap {
            places: HashMap::new(),
            unrecorded_as_is: true,
            import: Some(import),
            files,
        }
    }

    /// Records that `native` (and what is below it) was written at `source` in `file`.
    pub(crate) fn record(&mut self, native: SpecPath, file: WrittenIn, source: SpecPath) {
        self.places.insert(native, (file, source));
    }

    /// Whether a place is recorded for `native` itself.
    pub(crate) fn is_recorded(&self, native: &SpecPath) -> bool {
        self.places.contains_key(native)
    }

    /// The other files the places may be in.
    pub(crate) fn files(&self) -> &[PathBuf] {
        &self.files
    }

    /// Every recorded place: a part of the model, the file and the place it was written at.
    pub(crate) fn into_places(self) -> impl Iterator<Item = (SpecPath, WrittenIn, SpecPath)> {
        self.places
            .into_iter()
            .map(|(native, (file, source))| (native, file, source))
    }

    /// Where `path` of the model was written: the place of its nearest recorded ancestor, with
    /// the steps below it, which are copied as written.
    pub(crate) fn to_source(&self, path: &SpecPath) -> (WrittenIn, SpecPath) {
        let segments = path.segments();
        for len in (0..=segments.len()).rev() {
            let prefix = SpecPath::from_segments(segments[..len].to_vec());
            if let Some((file, source)) = self.places.get(&prefix) {
                let mut steps = source.segments().to_vec();
                steps.extend_from_slice(&segments[len..]);
                return (*file, SpecPath::from_segments(steps));
            }
        }
        if self.unrecorded_as_is {
            (WrittenIn::Spec, path.clone())
        } else {
            (WrittenIn::Spec, SpecPath::root())
        }
    }

    /// Points a finding about the model at the file and place it is about. Its labels stay
    /// in its file.
    pub(crate) fn point_into_source(&self, diag: &mut Diagnostic) {
        if let Some(path) = &diag.path {
            let (file, source) = self.to_source(path);
            diag.path = Some(source);
            match (file, &self.import) {
                (WrittenIn::Import, Some(import)) => diag.file = Some(import.clone()),
                (WrittenIn::OtherFile(n), _) => diag.file = self.files.get(n).cloned(),
                _ => {}
            }
        }
        for label in &mut diag.labels {
            label.path = self.to_source(&label.path).1;
        }
    }
}
