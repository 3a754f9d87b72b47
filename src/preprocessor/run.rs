//! One run over a book: the book's set-up, and the two passes over each chapter: plan every
//! directive (find it, load its spec, select what it shows, give it ids), then render and
//! splice the generated markdown in.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde_json::{Map, Value};

use super::book_lints::{self, Watched};
use super::links::{DirectiveId, Links};
use super::specs::{Checked, SpecId, Specs};
use crate::config::{Config, OnError};
use crate::diagnostic::{Code, Diagnostic, Location, Origin};
use crate::directive::{Directive, Found, find_directives};
use crate::load::{SpecFile, resolve_spec_file};
use crate::render::{RenderOptions, Rendered, render_spec_reporting};
use crate::report::{self, Sources};
use crate::select::{Section, Selection, select};
use crate::spec::Spec;
use crate::splice::{Replacement, block_replacement, splice};

/// What a run found.
#[derive(Debug, Default)]
pub struct BookReport {
    /// Every finding, in book order, after lint levels.
    pub diagnostics: Vec<Diagnostic>,
    /// The texts the findings point into.
    pub sources: Sources,
    /// Whether the build must fail: an error, unless `on-error = "render"` put every failing
    /// directive into the page instead.
    pub failed: bool,
}

impl BookReport {
    /// Number of errors.
    pub fn error_count(&self) -> usize {
        self.diagnostics
            .iter()
            .filter(|diag| diag.is_error())
            .count()
    }
}

/// One run over a book.
pub(super) struct BookRun {
    /// Where the book is and how it is configured.
    book: Book,
    /// The spec files the directives read.
    specs: Specs,
    /// Where each item is shown.
    links: Links,
    /// What the run found so far.
    report: BookReport,
    /// What the book-level lints collect across chapters.
    lints: BookLints,
}

impl BookRun {
    pub(super) fn new(context: &Value, config: Config) -> Self {
        let mut run = BookRun {
            book: Book::new(context, config),
            specs: Specs::default(),
            links: Links::default(),
            report: BookReport::default(),
            lints: BookLints::default(),
        };
        run.push_lints(book_lints::mermaid_order(&context["config"]));
        run
    }

    /// The report, once every chapter went through both passes.
    pub(super) fn finish(mut self) -> BookReport {
        self.links
            .attribute(&self.specs, &mut self.report.diagnostics);
        let unwatched = self.book.watched().unwatched_specs(&self.lints.unwatched);
        self.push_lints(unwatched);
        // Spec findings got their levels when their spec was checked; the book's lints get
        // theirs where they are found.
        let mut report = self.report;
        // Old versions written out of git are folders to delete, here; the rest is memory.
        drop(self.specs.take_baselines());
        crate::parallel::free_in_background((self.specs, self.links));
        let has_errors = report.diagnostics.iter().any(Diagnostic::is_error);
        // With `on-error = "render"` failing directives are in the pages; a denied run-order
        // lint belongs to no page, so it still fails the build.
        let book_level_error = report
            .diagnostics
            .iter()
            .any(|diag| diag.is_error() && diag.code == Code::RunOrder);
        report.failed =
            has_errors && (self.book.config.on_error == OnError::Fail || book_level_error);
        report
    }

    /// Reports book-level lints at the levels the book gives them.
    fn push_lints(&mut self, found: impl IntoIterator<Item = Diagnostic>) {
        let leveled = self.book.config.apply_levels(found);
        self.report.diagnostics.extend(leveled);
    }
}

/// The book's paths and settings, fixed for the run.
struct Book {
    root: PathBuf,
    src_dir: PathBuf,
    /// `src` as written in book.toml, for paths shown to users.
    src_display: PathBuf,
    /// Directories `mdbook serve` watches besides `src`.
    extra_watched: Vec<PathBuf>,
    /// Where the book is built.
    build_dir: PathBuf,
    config: Config,
    /// Whether mdBook's `links` runs after us and so would act on `{{#...}}` in our output.
    links_runs_later: bool,
}

impl Book {
    fn new(context: &Value, config: Config) -> Self {
        let book_config = &context["config"];
        let root = PathBuf::from(context["root"].as_str().unwrap_or("."));
        let root = root.canonicalize().unwrap_or(root);
        let src = book_config["book"]["src"].as_str().unwrap_or("src");
        let extra_watched = book_config["build"]["extra-watch-dirs"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .map(|dir| {
                let dir = root.join(dir);
                dir.canonicalize().unwrap_or(dir)
            })
            .collect();
        let build_dir = root.join(book_config["build"]["build-dir"].as_str().unwrap_or("book"));
        Book {
            links_runs_later: book_lints::links_runs_after_us(book_config, &config),
            src_dir: root.join(src),
            src_display: PathBuf::from(src),
            extra_watched,
            build_dir,
            root,
            config,
        }
    }

    fn watched(&self) -> Watched<'_> {
        Watched {
            book_root: &self.root,
            src_dir: &self.src_dir,
            extra: &self.extra_watched,
            build_dir: &self.build_dir,
        }
    }
}

/// What the book-level lints collect across chapters.
#[derive(Default)]
struct BookLints {
    /// Whether a chapter's use of `{{#include}}` was reported; once is enough.
    include_order_reported: bool,
    /// Spec folders nothing watches, with the first spec and directive that read one.
    unwatched: BTreeMap<PathBuf, (PathBuf, Origin)>,
}

impl BookLints {
    /// Notes a spec the book does not watch.
    fn check_watched(&mut self, watched: &Watched<'_>, spec: &Path, origin: &Origin) {
        let Some(dir) = spec.parent() else { return };
        if !watched.covers(spec) {
            self.unwatched
                .entry(dir.to_path_buf())
                .or_insert_with(|| (spec.to_path_buf(), origin.clone()));
        }
    }
}

/// What the first pass learnt about one chapter: everything found, in order.
pub(super) struct ChapterPlan {
    planned: Vec<Planned>,
}

/// One thing found in a chapter, with what the first pass made of it.
enum Planned {
    /// `\<<#integration-spec ...>>`: the backslash at this byte offset goes.
    Escaped { backslash: usize },
    /// Text that looks like a directive but is not one.
    Invalid {
        span: Range<usize>,
        text: String,
        diags: Vec<Diagnostic>,
    },
    /// A directive: its plan, or the errors that stopped it.
    Directive {
        directive: Directive,
        plan: Result<Box<Plan>, Vec<Diagnostic>>,
    },
}

/// What a chapter's text holds for the run: read once, on every core, before the passes.
#[derive(Default)]
pub(super) struct Scanned {
    found: Vec<Found>,
    /// The ids of the chapter's own headings (only looked for beside a directive).
    heading_ids: Vec<String>,
}

impl Scanned {
    /// Finds the directives in `content`, and the ids of its headings when it has any.
    pub(super) fn of(content: &str) -> Scanned {
        let found = find_directives(content);
        let heading_ids = if found.is_empty() {
            Vec::new()
        } else {
            crate::markdown::heading_ids(content)
        };
        Scanned { found, heading_ids }
    }
}

/// One directive, ready to render.
struct Plan {
    directive_id: DirectiveId,
    spec_id: SpecId,
    checked: Arc<Checked>,
    origin: Origin,
    page: String,
    prefix: String,
    selection: Selection,
    heading_level: u8,
    heading: Option<u8>,
}

/// Which lines a chapter's findings are given by.
#[derive(Clone, Copy, PartialEq, Eq)]
enum LinesOf {
    /// The chapter's content as mdBook sent it (the same as its file, or untraceable).
    Content,
    /// The chapter's file and the files it includes.
    Files,
}

/// A chapter being planned.
struct Chapter<'c> {
    /// Its file, relative to `src`.
    source: PathBuf,
    /// Its file as users see it: `src/...`.
    display: PathBuf,
    /// Its page, which links from other pages lead to.
    page: String,
    content: &'c str,
    lines_of: LinesOf,
}

impl BookRun {
    /// The spec files a chapter's directives name (those that resolve), to be loaded ahead
    /// of the first pass.
    pub(super) fn spec_files_of(
        &self,
        chapter: &Map<String, Value>,
        scanned: &Scanned,
    ) -> Vec<SpecFile> {
        let source = chapter
            .get("source_path")
            .and_then(Value::as_str)
            .or_else(|| chapter.get("path").and_then(Value::as_str))
            .map(PathBuf::from);
        let Some(source) = source else {
            return Vec::new();
        };
        scanned
            .found
            .iter()
            .filter_map(|found| match found {
                Found::Directive(directive) => self.resolve(&source, &directive.path).ok(),
                _ => None,
            })
            .collect()
    }

    /// Loads and checks the spec files the book names, on every core.
    pub(super) fn prefetch(&mut self, files: Vec<SpecFile>) {
        self.specs.prefetch(files, &self.book.config);
    }

    /// First pass: find every directive, load and check its spec, decide what it renders and
    /// under which ids, and remember where every item lands.
    pub(super) fn plan_chapter(
        &mut self,
        chapter: &Map<String, Value>,
        scanned: Scanned,
    ) -> Option<ChapterPlan> {
        // Draft chapters have no file and nothing to expand.
        let source = chapter
            .get("source_path")
            .and_then(Value::as_str)
            .or_else(|| chapter.get("path").and_then(Value::as_str))
            .map(PathBuf::from)?;
        let page = chapter.get("path").and_then(Value::as_str).map_or_else(
            || source.to_string_lossy().replace('\\', "/"),
            str::to_owned,
        );
        let content = chapter.get("content").and_then(Value::as_str)?;
        let display = self.book.src_display.join(&source);
        if !self.lints.include_order_reported
            && let Some(diag) = book_lints::include_order(&self.book.config, &display, content)
        {
            self.lints.include_order_reported = true;
            self.push_lints([diag]);
        }
        let Scanned { found, heading_ids } = scanned;
        if found.is_empty() {
            return None;
        }
        // The chapter's own headings keep their ids; generated ones steer around them.
        self.links.add_page_ids(&page, heading_ids);
        // A chapter as it is on disk has no included lines to trace; one that differs (its
        // includes expanded) is reported by the lines of its files.
        let on_disk = std::fs::read_to_string(self.book.src_dir.join(&source)).ok();
        let lines_of = if on_disk.as_deref() == Some(content) {
            LinesOf::Content
        } else {
            LinesOf::Files
        };
        let mut chapter = Chapter {
            source,
            display,
            page,
            content,
            lines_of,
        };
        let planned: Vec<Planned> = found
            .into_iter()
            .map(|found| self.plan_found(&mut chapter, found))
            .collect();
        let failed = planned.iter().any(|planned| match planned {
            Planned::Escaped { .. } => false,
            Planned::Invalid { .. } => true,
            Planned::Directive { plan, .. } => plan.is_err(),
        });
        if self.book.config.on_error == OnError::Render || failed {
            let shown = match chapter.lines_of {
                LinesOf::Files => on_disk.as_deref().unwrap_or(content),
                LinesOf::Content => content,
            };
            self.report.sources.insert(&chapter.display, shown);
        }
        Some(ChapterPlan { planned })
    }

    fn plan_found(&mut self, chapter: &mut Chapter<'_>, found: Found) -> Planned {
        match found {
            Found::Escaped { backslash } => Planned::Escaped { backslash },
            Found::Invalid {
                span,
                line,
                text,
                problems,
                path,
            } => {
                if let Some(path) = path
                    && let Ok(file) = self.resolve(&chapter.source, &path)
                {
                    let spec_id = self.specs.id(&file.absolute);
                    self.links.misdirect(spec_id);
                }
                let (file, line) = self.place(chapter, line);
                let diags: Vec<Diagnostic> = problems
                    .into_iter()
                    .map(|problem| {
                        Diagnostic::error(
                            Code::InvalidDirective,
                            format!("{}: `{text}`", problem.message),
                        )
                        .in_file(&file)
                        .at_location(Location {
                            line,
                            column: problem.column,
                        })
                        .with_help(problem.help)
                    })
                    .collect();
                self.report.diagnostics.extend(diags.iter().cloned());
                Planned::Invalid { span, text, diags }
            }
            Found::Directive(directive) => {
                let written = self.place(chapter, directive.line);
                let plan = self
                    .plan_directive(chapter, &directive, written)
                    .map(Box::new);
                Planned::Directive { directive, plan }
            }
        }
    }

    /// The spec file `path` names in the chapter `source`: relative to the chapter, inside
    /// the book root unless the book allows otherwise.
    fn resolve(&self, source: &Path, path: &str) -> Result<SpecFile, Diagnostic> {
        let book = &self.book;
        let base_dir = book
            .src_dir
            .join(source)
            .parent()
            .map_or_else(|| book.src_dir.clone(), Path::to_path_buf);
        resolve_spec_file(&book.root, &base_dir, path, &book.config.load_limits())
    }

    /// The file and line a directive is written at: the chapter's, or those of the file a
    /// `{{#include}}` brought it from (whose text then goes into the report's sources). A
    /// directive that cannot be traced keeps its line in the content, and the chapter is then
    /// shown as its content.
    fn place(&mut self, chapter: &mut Chapter<'_>, line: usize) -> (PathBuf, usize) {
        if chapter.lines_of == LinesOf::Content {
            return (chapter.display.clone(), line);
        }
        let src_dir = &self.book.src_dir;
        match crate::book_source::written_at(src_dir, &chapter.source, chapter.content, line) {
            Some((file, line, text)) => {
                let display = if file.is_relative() {
                    self.book.src_display.join(&file)
                } else {
                    file
                };
                self.report.sources.insert(&display, &text);
                (display, line)
            }
            None => {
                chapter.lines_of = LinesOf::Content;
                (chapter.display.clone(), line)
            }
        }
    }

    fn plan_directive(
        &mut self,
        chapter: &Chapter<'_>,
        directive: &Directive,
        (written_file, written_line): (PathBuf, usize),
    ) -> Result<Plan, Vec<Diagnostic>> {
        let origin = Origin {
            chapter: written_file.clone(),
            line: written_line,
        };
        // Problems with the directive itself point at it in the chapter.
        let at_directive = |mut diag: Diagnostic, column: usize| {
            diag.file = Some(written_file.clone());
            diag.location = Some(Location {
                line: written_line,
                column,
            });
            diag
        };
        let file = match self.resolve(&chapter.source, &directive.path) {
            Ok(file) => file,
            Err(diag) => {
                let diag = at_directive(diag, directive.path_column);
                self.report.diagnostics.push(diag.clone());
                return Err(vec![diag]);
            }
        };
        self.lints
            .check_watched(&self.book.watched(), &file.absolute, &origin);
        let (spec_id, checked, first_read) = self.specs.load(&file, &self.book.config);
        // `mdbook serve` rebuilds when an imported document changes only if it watches it.
        for import in &checked.loaded.imports {
            self.lints
                .check_watched(&self.book.watched(), &import.file.absolute, &origin);
        }
        if first_read {
            for (path, text) in checked.loaded.sources() {
                self.report.sources.insert(path, text.to_owned());
            }
            self.report.diagnostics.extend(
                checked
                    .diagnostics
                    .iter()
                    .map(|diag| diag.clone().from_directive(origin.clone())),
            );
        }
        // Even a spec with errors knows its items: findings about one name the directive
        // that selects it, not merely the first that reads the spec.
        if let Some(spec) = checked.loaded.spec.as_ref()
            && let Ok(selection) = select(spec, &directive.arguments)
        {
            self.links.record_shown(spec_id, spec, &selection, &origin);
        }
        let spec = match checked.loaded.spec.as_ref() {
            Some(spec) if !checked.has_errors() => spec,
            _ => {
                let errors = checked.diagnostics.iter().filter(|diag| diag.is_error());
                return Err(errors.cloned().collect());
            }
        };
        let selection = match select(spec, &directive.arguments) {
            Ok(selection) => selection,
            Err(problems) => {
                let diags: Vec<Diagnostic> = problems
                    .into_iter()
                    .map(|problem| {
                        let column = directive.column_of(chapter.content, &problem.place);
                        at_directive(
                            Diagnostic::error(Code::InvalidDirective, problem.message)
                                .with_help(problem.help),
                            column,
                        )
                    })
                    .collect();
                self.report.diagnostics.extend(diags.iter().cloned());
                self.links.misdirect(spec_id);
                return Err(diags);
            }
        };
        let stem = file
            .absolute
            .file_stem()
            .map(|stem| stem.to_string_lossy().into_owned())
            .unwrap_or_default();
        let (prefix, directive_id) = self.links.place_directive(
            (spec_id, &stem),
            spec,
            directive,
            &selection,
            &chapter.page,
        );
        Ok(Plan {
            directive_id,
            spec_id,
            checked: Arc::clone(&checked),
            origin,
            page: chapter.page.clone(),
            prefix,
            selection,
            heading_level: directive.heading_level,
            heading: directive.arguments.heading,
        })
    }

    /// Second pass: render every planned directive, linking to items rendered elsewhere.
    pub(super) fn render_chapter(
        &mut self,
        plan: ChapterPlan,
        chapter: &mut Map<String, Value>,
        rendered: &mut impl Iterator<Item = Option<Result<Rendered, String>>>,
    ) {
        let Some(content) = chapter.get("content").and_then(Value::as_str) else {
            return;
        };
        let on_error = self.book.config.on_error;
        let mut replacements = Vec::new();
        let mut failed = false;
        for planned in plan.planned {
            match planned {
                Planned::Escaped { backslash } => replacements.push(Replacement {
                    span: backslash..backslash + 1,
                    text: String::new(),
                }),
                Planned::Invalid { span, text, diags } => match on_error {
                    OnError::Fail => failed = true,
                    // The malformed text may sit inside a paragraph: end it first.
                    OnError::Render => replacements.push(Replacement {
                        span,
                        text: format!("\n\n{}\n", error_block(&text, &diags)),
                    }),
                },
                Planned::Directive { directive, plan } => {
                    let generated = plan.and_then(|plan| {
                        let output = rendered.next().flatten();
                        self.take_rendered(&plan, output)
                    });
                    match generated {
                        Ok(generated) => {
                            replacements.push(block_replacement(&directive, &generated));
                        }
                        Err(failures) => match on_error {
                            OnError::Fail => failed = true,
                            OnError::Render => {
                                let block = error_block(&directive.path, &failures);
                                replacements.push(block_replacement(&directive, &block));
                            }
                        },
                    }
                }
            }
        }
        if !failed {
            if self.book.links_runs_later {
                for replacement in &mut replacements {
                    replacement.text = crate::splice::escape_mdbook_links(&replacement.text);
                }
            }
            let expanded = splice(content, replacements);
            chapter.insert("content".to_owned(), Value::String(expanded));
        }
    }

    /// What a plan renders with: its spec and its options (links to the items other
    /// directives show).
    fn render_job<'p>(&self, plan: &'p Plan) -> Option<(&'p Spec, RenderOptions)> {
        let spec = plan.checked.loaded.spec.as_ref()?;
        let options = RenderOptions {
            heading_level: plan.heading_level,
            heading: plan.heading,
            id_prefix: plan.prefix.clone(),
            selection: plan.selection.clone(),
            elsewhere: self
                .links
                .elsewhere(plan.spec_id, spec, &plan.selection, &plan.page),
            sections_elsewhere: self.links.sections_elsewhere(
                plan.spec_id,
                &plan.selection,
                &plan.page,
            ),
            diagrams_elsewhere: self.links.diagrams_elsewhere(
                plan.spec_id,
                spec,
                &plan.selection,
                &plan.page,
                plan.directive_id,
            ),
            changes: plan.checked.changes.clone(),
        };
        Some((spec, options))
    }

    /// Renders every planned directive of the book, on every core, in book order: what the
    /// second pass splices in.
    pub(super) fn render_all(
        &self,
        plans: &[Option<ChapterPlan>],
    ) -> Vec<Option<Result<Rendered, String>>> {
        // One entry per planned directive, so the second pass takes them in step.
        let jobs: Vec<Option<(&Spec, RenderOptions)>> = plans
            .iter()
            .flatten()
            .flat_map(|plan| &plan.planned)
            .filter_map(|planned| match planned {
                Planned::Directive { plan: Ok(plan), .. } => Some(self.render_job(plan)),
                _ => None,
            })
            .collect();
        crate::parallel::in_order(&jobs, |job| {
            job.as_ref()
                .map(|(spec, options)| render_spec_reporting(spec, options))
        })
    }

    /// A directive's rendered markdown, reporting what its render found: an internal
    /// failure, or references that could not become links.
    fn take_rendered(
        &mut self,
        plan: &Plan,
        rendered: Option<Result<Rendered, String>>,
    ) -> Result<String, Vec<Diagnostic>> {
        let loaded = &plan.checked.loaded;
        let (Some(spec), Some(rendered)) = (loaded.spec.as_ref(), rendered) else {
            return Err(Vec::new());
        };
        let rendered = rendered.map_err(|message| {
            let diag = Diagnostic::internal(message)
                .in_file(loaded.file.display.clone())
                .from_directive(plan.origin.clone());
            self.report.diagnostics.push(diag.clone());
            vec![diag]
        })?;
        for (kind, id) in rendered.unlinked {
            if self.links.report_unlinked(plan.spec_id, spec, kind, &id) {
                let chapter = &plan.origin.chapter;
                let lint = Diagnostic::warning(
                    Code::UnrenderedLinkTarget,
                    format!(
                        "{} `{id}` is referred to here, but no directive in the book renders it, so it is not a link",
                        kind.noun()
                    ),
                )
                .in_file(chapter.clone())
                .at_location(Location {
                    line: plan.origin.line,
                    column: 1,
                })
                .with_help(format!(
                    "render it with a directive that selects it (`{}={id}`), or allow the lint",
                    Section::of(kind).name()
                ));
                self.push_lints([lint]);
            }
        }
        Ok(rendered.markdown)
    }
}

/// What stands in the page for a directive that failed, with `on-error = "render"`.
fn error_block(what: &str, diags: &[Diagnostic]) -> String {
    let lines: Vec<String> = diags.iter().map(report::short).collect();
    crate::render::render_error_block(what, &lines)
}
