//! The mdBook side: read `[context, book]`, expand the directives of every chapter, write the
//! book back.
//!
//! Works with mdBook 0.4 and 0.5 from one binary by staying on `serde_json::Value`: the book is
//! echoed back as received (0.4's `sections` and `__non_exhaustive`, 0.5's `items`) and only
//! chapter `content` changes. Every chapter is processed before the run fails, so one build
//! reports every problem in the book; a spec used by several directives is loaded once.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::rc::Rc;

use serde_json::{Map, Value};

use crate::config::{Config, OnError};
use crate::diagnostic::{Code, Diagnostic, Location, Origin, Segment};
use crate::directive::{Directive, Found, find_directives};
use crate::load::{LoadedSpec, SpecFile, resolve_spec_file};
use crate::markdown::slug;
use crate::render::{Anchors, RenderOptions, render_spec_reporting};
use crate::report::{self, Sources};
use crate::select::{Selection, select};
use crate::spec::{Kind, Spec};
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

/// Why a preprocessor run wrote no book.
#[derive(Debug)]
pub enum PreprocessorError {
    /// mdBook's input cannot be read or parsed.
    Input(String),
    /// The book's specs have errors; they were written to the error stream.
    Failed {
        /// How many errors.
        errors: usize,
        /// How many warnings.
        warnings: usize,
    },
    /// The book cannot be written back.
    Output(std::io::Error),
}

impl std::fmt::Display for PreprocessorError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PreprocessorError::Input(message) => f.write_str(message),
            PreprocessorError::Failed { errors, warnings } => write!(
                f,
                "integration-spec: {errors} error{} and {warnings} warning{} in the book's specs; fix them to build",
                plural(*errors),
                plural(*warnings)
            ),
            PreprocessorError::Output(err) => write!(f, "cannot write the book to stdout: {err}"),
        }
    }
}

impl std::error::Error for PreprocessorError {}

/// Runs as mdBook's preprocessor: `[context, book]` JSON in, book JSON out.
///
/// Diagnostics are written to `errors`. Returns an error, and writes nothing to `output`,
/// when any directive failed.
pub fn run_preprocessor(
    mut input: impl Read,
    output: impl Write,
    mut errors: impl Write,
) -> Result<(), PreprocessorError> {
    // mdBook writes all of stdin before reading stdout: read everything first.
    let mut text = String::new();
    input.read_to_string(&mut text).map_err(|err| {
        PreprocessorError::Input(format!("cannot read mdBook's input from stdin: {err}"))
    })?;
    let (context, mut book): (Value, Value) = serde_json::from_str(&text).map_err(|err| {
        PreprocessorError::Input(format!(
            "cannot parse mdBook's input as `[context, book]`: {err}"
        ))
    })?;
    drop(text);
    warn_on_unknown_mdbook(&context);

    let report = preprocess_book(&context, &mut book);
    for diag in &report.diagnostics {
        let _ = writeln!(
            errors,
            "{}\n",
            report::human(diag, &report.sources).trim_end()
        );
    }
    let n_errors = report.error_count();
    let n_warnings = report.diagnostics.len() - n_errors;
    if report.failed {
        return Err(PreprocessorError::Failed {
            errors: n_errors,
            warnings: n_warnings,
        });
    }
    if n_errors > 0 {
        tracing::error!(
            "integration-spec: {n_errors} error{} shown in the book instead of the failing specs (on-error = \"render\")",
            plural(n_errors)
        );
    }
    if n_warnings > 0 {
        tracing::warn!(
            "integration-spec: {n_warnings} warning{}",
            plural(n_warnings)
        );
    }
    // One buffered write instead of hundreds of small ones.
    let mut output = std::io::BufWriter::with_capacity(1 << 16, output);
    serde_json::to_writer(&mut output, &book)
        .map_err(|err| PreprocessorError::Output(err.into()))?;
    output.flush().map_err(PreprocessorError::Output)?;
    Ok(())
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Whether mdBook's `links` preprocessor runs after this one: it is on unless the book turns
/// the default preprocessors off without configuring it, and without an order mdBook runs
/// `integration-spec` first (by name).
fn links_runs_after_us(book_config: &Value, config: &Config) -> bool {
    let tables = &book_config["preprocessor"];
    let enabled = book_config["build"]["use-default-preprocessors"].as_bool() != Some(false)
        || tables.get("links").is_some();
    let links_first = tables["links"]["before"].as_array().is_some_and(|names| {
        names
            .iter()
            .any(|name| name == crate::config::PREPROCESSOR_NAME)
    });
    enabled && !config.runs_after_links && !links_first
}

/// Expands every directive of `book` in place and reports what was found.
pub fn preprocess_book(context: &Value, book: &mut Value) -> BookReport {
    let mut report = BookReport::default();
    let config = match Config::from_book_config(&context["config"]) {
        Ok(config) => config,
        Err(diags) => {
            report.diagnostics = diags;
            report.failed = true;
            return report;
        }
    };
    let root = PathBuf::from(context["root"].as_str().unwrap_or("."));
    let book_root = root.canonicalize().unwrap_or(root);
    let src = context["config"]["book"]["src"].as_str().unwrap_or("src");
    let watched = context["config"]["build"]["extra-watch-dirs"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .map(|dir| {
            let dir = book_root.join(dir);
            dir.canonicalize().unwrap_or(dir)
        })
        .collect();
    let build_dir = book_root.join(
        context["config"]["build"]["build-dir"]
            .as_str()
            .unwrap_or("book"),
    );
    let links_runs_later = links_runs_after_us(&context["config"], &config);
    let mut run = BookRun {
        links_runs_later,
        misdirected_specs: HashSet::new(),
        shown_by: HashMap::new(),
        src_dir: book_root.join(src),
        src_display: PathBuf::from(src),
        watched,
        book_root,
        config,
        specs: HashMap::new(),
        reported_specs: HashSet::new(),
        spec_prefixes: HashMap::new(),
        page_ids: HashMap::new(),
        targets: HashMap::new(),
        chapters: Vec::new(),
        report,
        run_order_checked: false,
        unwatched: BTreeMap::new(),
        build_dir,
        unlinked_reported: HashSet::new(),
    };
    run.check_mermaid_order(context);
    let items_key = if book.get("items").is_some() {
        "items"
    } else {
        "sections"
    };
    if let Some(items) = book.get_mut(items_key) {
        // Two passes: links can point at items another chapter renders, later in the book.
        for_each_chapter(items, &mut |chapter| {
            let plan = run.plan_chapter(chapter);
            run.chapters.push(plan);
        });
        let mut plans = std::mem::take(&mut run.chapters).into_iter();
        for_each_chapter(items, &mut |chapter| {
            if let Some(Some(plan)) = plans.next() {
                run.render_chapter(plan, chapter);
            }
        });
    }
    run.attribute_to_showing_directives();
    run.report_unwatched();
    // Spec findings got their levels when their spec was checked; the run-order lints get
    // theirs where they are found.
    let mut report = run.report;
    let has_errors = report.diagnostics.iter().any(Diagnostic::is_error);
    // With `on-error = "render"` failing directives are in the pages; a denied run-order lint
    // belongs to no page, so it still fails the build.
    let book_level_error = report
        .diagnostics
        .iter()
        .any(|diag| diag.is_error() && diag.code == Code::RunOrder);
    report.failed = has_errors && (run.config.on_error == OnError::Fail || book_level_error);
    report
}

/// The link from page `from` to page `to`, both relative to `src` (`a/b.md`, `c.md`):
/// `../c.md`. mdBook turns `.md` links into `.html` ones in the HTML output.
fn relative_page(from: &str, to: &str) -> String {
    if from == to {
        return String::new();
    }
    let from_dirs: Vec<&str> = from.split('/').collect();
    let from_dirs = &from_dirs[..from_dirs.len().saturating_sub(1)];
    let to_parts: Vec<&str> = to.split('/').collect();
    let common = from_dirs
        .iter()
        .zip(&to_parts)
        .take_while(|(a, b)| a == b)
        .count();
    let mut parts: Vec<&str> = vec![".."; from_dirs.len() - common];
    parts.extend(&to_parts[common..]);
    parts.join("/")
}

/// Calls `visit` on every chapter object, depth first, in book order.
fn for_each_chapter(items: &mut Value, visit: &mut impl FnMut(&mut Map<String, Value>)) {
    let Some(items) = items.as_array_mut() else {
        return;
    };
    for item in items {
        if let Some(chapter) = item.get_mut("Chapter").and_then(Value::as_object_mut) {
            visit(chapter);
            if let Some(sub_items) = chapter.get_mut("sub_items") {
                for_each_chapter(sub_items, visit);
            }
        }
    }
}

/// A loaded and checked spec with its findings at the book's lint levels.
struct Checked {
    loaded: LoadedSpec,
    diagnostics: Vec<Diagnostic>,
}

impl Checked {
    fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

struct BookRun {
    book_root: PathBuf,
    src_dir: PathBuf,
    /// `src` as written in book.toml, for paths shown to users.
    src_display: PathBuf,
    /// Directories `mdbook serve` watches besides `src`.
    watched: Vec<PathBuf>,
    config: Config,
    /// Each spec file is loaded and checked once per build.
    specs: HashMap<PathBuf, Rc<Checked>>,
    /// Spec files whose diagnostics were already reported.
    reported_specs: HashSet<PathBuf>,
    /// The id prefix of each spec file, unique in the book.
    spec_prefixes: HashMap<PathBuf, String>,
    /// Generated ids on each page, so a directive that would repeat one gets `-2` ids.
    page_ids: HashMap<String, HashSet<String>>,
    /// Where each item of each spec is first rendered: page and anchor.
    targets: HashMap<(PathBuf, Kind, String), (String, String)>,
    /// The first pass's plan of every chapter, in book order.
    chapters: Vec<Option<ChapterPlan>>,
    report: BookReport,
    run_order_checked: bool,
    /// Spec folders nothing watches, with the first spec and directive that read one.
    unwatched: BTreeMap<PathBuf, (PathBuf, Origin)>,
    /// Where the book is built, which a watched folder must not hold.
    build_dir: PathBuf,
    /// Link targets already reported as rendered nowhere.
    unlinked_reported: HashSet<(PathBuf, Kind, String)>,
    /// Whether mdBook's `links` runs after us and so would act on `{{#...}}` in our output.
    links_runs_later: bool,
    /// The first directive that selects each item of each spec (by the spec's displayed
    /// path), so a finding about an item names the directive that shows it.
    shown_by: HashMap<(PathBuf, Kind, String), Origin>,
    /// Specs with a directive whose arguments failed: what it meant to render is unknown, so
    /// their links are not reported as rendered nowhere.
    misdirected_specs: HashSet<PathBuf>,
}

/// What the first pass learnt about one chapter.
struct ChapterPlan {
    found: Vec<Found>,
    /// One entry per directive in `found`: its plan, or the errors that stopped it.
    directives: Vec<Result<Plan, Vec<Diagnostic>>>,
    /// One entry per malformed directive in `found`.
    invalid: Vec<Diagnostic>,
}

/// Which lines a chapter's findings are given by.
#[derive(Clone, Copy, PartialEq, Eq)]
enum LinesOf {
    /// The chapter's content as mdBook sent it (the same as its file, or untraceable).
    Content,
    /// The chapter's file and the files it includes.
    Files,
}

/// One directive, ready to render.
struct Plan {
    checked: Rc<Checked>,
    origin: Origin,
    page: String,
    prefix: String,
    selection: Selection,
    heading_level: u8,
    heading: Option<u8>,
}

impl BookRun {
    /// First pass: find every directive, load and check its spec, decide what it renders and
    /// under which ids, and remember where every item lands.
    fn plan_chapter(&mut self, chapter: &Map<String, Value>) -> Option<ChapterPlan> {
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
        self.check_links_order(&source, content);
        let found = find_directives(content);
        if found.is_empty() {
            return None;
        }
        // The chapter's own headings keep their ids; generated ones steer around them.
        self.page_ids
            .entry(page.clone())
            .or_default()
            .extend(crate::markdown::heading_ids(content));
        let chapter_display = self.src_display.join(&source);
        // A chapter as it is on disk has no included lines to trace; one that differs (its
        // includes expanded) is reported by the lines of its files.
        let on_disk = std::fs::read_to_string(self.src_dir.join(&source)).ok();
        let mut lines_of = if on_disk.as_deref() == Some(content) {
            LinesOf::Content
        } else {
            LinesOf::Files
        };
        let mut plan = ChapterPlan {
            found: Vec::new(),
            directives: Vec::new(),
            invalid: Vec::new(),
        };
        for item in &found {
            match item {
                Found::Escaped { .. } => {}
                Found::Invalid {
                    line,
                    column,
                    text,
                    message,
                    help,
                    path,
                    ..
                } => {
                    if let Some(path) = path {
                        self.misdirect(&source, path);
                    }
                    let (file, line) =
                        self.place(&source, &chapter_display, content, *line, &mut lines_of);
                    let diag =
                        Diagnostic::error(Code::InvalidDirective, format!("{message}: `{text}`"))
                            .in_file(&file)
                            .at_location(Location {
                                line,
                                column: *column,
                            })
                            .with_help(help.clone());
                    self.report.diagnostics.push(diag.clone());
                    plan.invalid.push(diag);
                }
                Found::Directive(directive) => {
                    let written = self.place(
                        &source,
                        &chapter_display,
                        content,
                        directive.line,
                        &mut lines_of,
                    );
                    let planned = self.plan_directive(&source, &page, content, directive, written);
                    plan.directives.push(planned);
                }
            }
        }
        if self.config.on_error == OnError::Render
            || !plan.invalid.is_empty()
            || plan.directives.iter().any(Result::is_err)
        {
            let shown = match lines_of {
                LinesOf::Files => on_disk.as_deref().unwrap_or(content),
                LinesOf::Content => content,
            };
            self.report.sources.insert(&chapter_display, shown);
        }
        plan.found = found;
        Some(plan)
    }

    /// Points each finding about an item of a spec at the directive that shows that item.
    fn attribute_to_showing_directives(&mut self) {
        for diag in &mut self.report.diagnostics {
            let (Some(file), Some(path), Some(_)) = (&diag.file, &diag.path, &diag.origin) else {
                continue;
            };
            let [Segment::Key(section), Segment::Key(id), ..] = path.segments() else {
                continue;
            };
            let Some(kind) = Kind::from_key(section) else {
                continue;
            };
            if let Some(origin) = self.shown_by.get(&(file.clone(), kind, id.clone())) {
                diag.origin = Some(origin.clone());
            }
        }
    }

    /// Marks the spec a malformed directive names, if it can be found.
    fn misdirect(&mut self, source: &Path, path: &str) {
        if let Ok(file) = self.resolve(source, path) {
            self.misdirected_specs.insert(file.absolute);
        }
    }

    /// The spec file `path` names in the chapter `source`: relative to the chapter, inside
    /// the book root unless the book allows otherwise.
    fn resolve(&self, source: &Path, path: &str) -> Result<SpecFile, Diagnostic> {
        let base_dir = self
            .src_dir
            .join(source)
            .parent()
            .map_or_else(|| self.src_dir.clone(), Path::to_path_buf);
        resolve_spec_file(&self.book_root, &base_dir, path, &self.config.load_limits())
    }

    /// The file and line a directive is written at: the chapter's, or those of the file a
    /// `{{#include}}` brought it from (whose text then goes into the report's sources). A
    /// directive that cannot be traced keeps its line in the content, and the chapter is then
    /// shown as its content.
    fn place(
        &mut self,
        source: &Path,
        chapter_display: &Path,
        content: &str,
        line: usize,
        lines_of: &mut LinesOf,
    ) -> (PathBuf, usize) {
        if *lines_of == LinesOf::Content {
            return (chapter_display.to_path_buf(), line);
        }
        match crate::book_source::written_at(&self.src_dir, source, content, line) {
            Some((file, line, text)) => {
                let display = if file.is_relative() {
                    self.src_display.join(&file)
                } else {
                    file
                };
                self.report.sources.insert(&display, &text);
                (display, line)
            }
            None => {
                *lines_of = LinesOf::Content;
                (chapter_display.to_path_buf(), line)
            }
        }
    }

    fn plan_directive(
        &mut self,
        source: &Path,
        page: &str,
        content: &str,
        directive: &Directive,
        (written_file, written_line): (PathBuf, usize),
    ) -> Result<Plan, Vec<Diagnostic>> {
        let origin = Origin {
            chapter: written_file.clone(),
            line: written_line,
        };
        // Problems with the directive itself point at it in the chapter.
        let at_directive = |mut diag: Diagnostic| {
            diag.file = Some(written_file.clone());
            diag.location = Some(Location {
                line: written_line,
                column: directive.path_column,
            });
            diag
        };
        let limits = self.config.load_limits();
        let file = match self.resolve(source, &directive.path) {
            Ok(file) => file,
            Err(diag) => {
                let diag = at_directive(diag);
                self.report.diagnostics.push(diag.clone());
                return Err(vec![diag]);
            }
        };
        self.check_watched(&file.absolute, &origin);
        let config = &self.config;
        let checked = Rc::clone(self.specs.entry(file.absolute.clone()).or_insert_with(|| {
            let loaded = crate::analyze::analyze_spec_file(&file, &limits);
            let diagnostics = config.apply_levels(loaded.diagnostics.iter().cloned());
            Rc::new(Checked {
                loaded,
                diagnostics,
            })
        }));
        if self.reported_specs.insert(file.absolute.clone()) {
            self.report
                .sources
                .insert(&checked.loaded.file.display, checked.loaded.text.clone());
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
            for kind in Kind::ALL {
                for id in spec.item_ids(kind) {
                    if selection.renders(kind, id) {
                        self.shown_by
                            .entry((checked.loaded.file.display.clone(), kind, id.to_owned()))
                            .or_insert_with(|| origin.clone());
                    }
                }
            }
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
                        let mut diag = at_directive(
                            Diagnostic::error(Code::InvalidDirective, problem.message)
                                .with_help(problem.help),
                        );
                        diag.location = Some(Location {
                            line: written_line,
                            column: directive.column_of(content, &problem.place),
                        });
                        diag
                    })
                    .collect();
                self.report.diagnostics.extend(diags.iter().cloned());
                self.misdirected_specs.insert(file.absolute.clone());
                return Err(diags);
            }
        };
        let prefix = self.prefix_on_page(&file.absolute, spec, directive, &selection, page);
        let anchors = Anchors::new(spec, &prefix);
        for kind in Kind::ALL {
            for id in spec.item_ids(kind) {
                if let (true, Some(anchor)) = (selection.renders(kind, id), anchors.item(kind, id))
                {
                    self.targets
                        .entry((file.absolute.clone(), kind, id.to_owned()))
                        .or_insert_with(|| (page.to_owned(), anchor.to_owned()));
                }
            }
        }
        Ok(Plan {
            checked,
            origin,
            page: page.to_owned(),
            prefix,
            selection,
            heading_level: directive.heading_level,
            heading: directive.arguments.heading,
        })
    }

    /// Second pass: render every planned directive, linking to items rendered elsewhere.
    fn render_chapter(&mut self, plan: ChapterPlan, chapter: &mut Map<String, Value>) {
        let Some(content) = chapter.get("content").and_then(Value::as_str) else {
            return;
        };
        let mut replacements = Vec::new();
        let mut failed = false;
        let mut directives = plan.directives.into_iter();
        let mut invalid = plan.invalid.into_iter();
        for item in &plan.found {
            match item {
                Found::Escaped { backslash } => replacements.push(Replacement {
                    span: *backslash..*backslash + 1,
                    text: String::new(),
                }),
                Found::Invalid { span, text, .. } => {
                    let Some(diag) = invalid.next() else { continue };
                    match self.config.on_error {
                        OnError::Fail => failed = true,
                        // The malformed text may sit inside a paragraph: end it first.
                        OnError::Render => replacements.push(Replacement {
                            span: span.clone(),
                            text: format!("\n\n{}\n", error_block(text, &[diag])),
                        }),
                    }
                }
                Found::Directive(directive) => {
                    let Some(planned) = directives.next() else {
                        continue;
                    };
                    match planned.and_then(|plan| self.render_plan(&plan)) {
                        Ok(generated) => {
                            replacements.push(block_replacement(directive, &generated));
                        }
                        Err(failures) => match self.config.on_error {
                            OnError::Fail => failed = true,
                            OnError::Render => {
                                let block = error_block(&directive.path, &failures);
                                replacements.push(block_replacement(directive, &block));
                            }
                        },
                    }
                }
            }
        }
        if !failed {
            if self.links_runs_later {
                for replacement in &mut replacements {
                    replacement.text = crate::splice::escape_mdbook_links(&replacement.text);
                }
            }
            let expanded = splice(content, replacements);
            chapter.insert("content".to_owned(), Value::String(expanded));
        }
    }

    fn render_plan(&mut self, plan: &Plan) -> Result<String, Vec<Diagnostic>> {
        let loaded = &plan.checked.loaded;
        let Some(spec) = loaded.spec.as_ref() else {
            return Err(Vec::new());
        };
        let file = &loaded.file.absolute;
        let mut elsewhere = HashMap::new();
        for kind in Kind::ALL {
            for id in spec.item_ids(kind) {
                if plan.selection.renders(kind, id) {
                    continue;
                }
                if let Some((page, anchor)) = self.targets.get(&(file.clone(), kind, id.to_owned()))
                {
                    elsewhere.insert(
                        (kind, id.to_owned()),
                        format!("{}#{anchor}", relative_page(&plan.page, page)),
                    );
                }
            }
        }
        let options = RenderOptions {
            heading_level: plan.heading_level,
            heading: plan.heading,
            id_prefix: plan.prefix.clone(),
            selection: plan.selection.clone(),
            elsewhere,
        };
        let rendered = render_spec_reporting(spec, &options).map_err(|message| {
            let diag = Diagnostic::internal(message)
                .in_file(loaded.file.display.clone())
                .from_directive(plan.origin.clone());
            self.report.diagnostics.push(diag.clone());
            vec![diag]
        })?;
        for (kind, id) in rendered.unlinked {
            if !self.misdirected_specs.contains(file)
                && self
                    .unlinked_reported
                    .insert((file.clone(), kind, id.clone()))
            {
                let chapter = &plan.origin.chapter;
                self.push_lint(
                    Diagnostic::warning(
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
                        crate::select::Section::of(kind).name()
                    )),
                );
            }
        }
        Ok(rendered.markdown)
    }

    /// The spec's id prefix (`orders` for `specs/orders.yaml`, `orders-2` for another file
    /// with that name), with `-2`, `-3`... only when this directive would repeat an id that
    /// an earlier directive put on the same page.
    fn prefix_on_page(
        &mut self,
        spec_path: &Path,
        spec: &Spec,
        directive: &Directive,
        selection: &Selection,
        page: &str,
    ) -> String {
        let base = match self.spec_prefixes.get(spec_path) {
            Some(prefix) => prefix.clone(),
            None => {
                let stem = spec_path
                    .file_stem()
                    .map(|stem| stem.to_string_lossy().into_owned())
                    .unwrap_or_default();
                let stem = slug(&stem);
                let taken: HashSet<&String> = self.spec_prefixes.values().collect();
                let mut prefix = stem.clone();
                let mut n = 2;
                while taken.contains(&prefix) {
                    prefix = format!("{stem}-{n}");
                    n += 1;
                }
                self.spec_prefixes
                    .insert(spec_path.to_path_buf(), prefix.clone());
                prefix
            }
        };
        let page_ids = self.page_ids.entry(page.to_owned()).or_default();
        let mut options = RenderOptions {
            heading: directive.arguments.heading,
            selection: selection.clone(),
            ..RenderOptions::whole(directive.heading_level, base.clone())
        };
        let mut n = 2;
        loop {
            let ids = crate::render::ids_of(spec, &options);
            if ids.iter().all(|id| !page_ids.contains(id)) {
                page_ids.extend(ids);
                return options.id_prefix;
            }
            options.id_prefix = format!("{base}-{n}");
            n += 1;
        }
    }

    /// `mdbook serve` and `mdbook watch` rebuild when `src` or an `extra-watch-dirs` entry
    /// changes; edits to a spec anywhere else do not rebuild the book. Collected here and
    /// reported once, for every such folder, by [`BookRun::report_unwatched`].
    fn check_watched(&mut self, spec: &Path, origin: &Origin) {
        let Some(dir) = spec.parent() else { return };
        if spec.starts_with(&self.src_dir) || self.watched.iter().any(|dir| spec.starts_with(dir)) {
            return;
        }
        self.unwatched
            .entry(dir.to_path_buf())
            .or_insert_with(|| (spec.to_path_buf(), origin.clone()));
    }

    /// One `unwatched-spec` warning naming every unwatched spec folder, with the whole
    /// `extra-watch-dirs` line to write.
    fn report_unwatched(&mut self) {
        let unwatched = std::mem::take(&mut self.unwatched);
        let Some((first_spec, origin)) = unwatched.values().next().cloned() else {
            return;
        };
        let shown = |path: &Path| {
            let shown = path
                .strip_prefix(&self.book_root)
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
            shown(first_spec.parent().unwrap_or(&first_spec)),
            shown(&first_spec),
            match unwatched.len() - 1 {
                0 => String::new(),
                n => format!(" (nor specs in {n} more folder{})", plural(n)),
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
                    .watched
                    .iter()
                    .chain(unwatched.keys())
                    .map(|dir| format!("\"{}\"", shown(dir)))
                    .collect::<Vec<_>>()
                    .join(", ");
                format!("add `extra-watch-dirs = [{list}]` under `[build]` in book.toml")
            }
        };
        self.push_lint(
            Diagnostic::warning(Code::UnwatchedSpec, message)
                .in_file("book.toml")
                .from_directive(origin)
                .with_help(help),
        );
    }

    /// Reports a book-level lint at the level the book gives it.
    fn push_lint(&mut self, diag: Diagnostic) {
        let leveled = self.config.apply_levels([diag]);
        self.report.diagnostics.extend(leveled);
    }

    /// Directives inside `{{#include}}`d files are only seen when we run after `links`.
    fn check_links_order(&mut self, source: &Path, content: &str) {
        if self.run_order_checked || self.config.runs_after_links {
            return;
        }
        if uses_include(content) {
            self.run_order_checked = true;
            self.push_lint(
                Diagnostic::warning(
                    Code::RunOrder,
                    format!(
                        "{} uses `{{{{#include}}}}`, but integration-spec runs before mdBook's `links` preprocessor, so directives in included files stay unexpanded",
                        self.src_display.join(source).display()
                    ),
                )
                .in_file("book.toml")
                .with_help("add `after = [\"links\"]` under `[preprocessor.integration-spec]` in book.toml"),
            );
        }
    }

    /// Our mermaid fences must reach mdbook-mermaid, which needs `before = ["mermaid"]`.
    fn check_mermaid_order(&mut self, context: &Value) {
        let tables = &context["config"]["preprocessor"];
        let mermaid_configured = tables.get("mermaid").is_some();
        let ours = &tables[crate::config::PREPROCESSOR_NAME];
        let runs_before_mermaid = ours["before"]
            .as_array()
            .is_some_and(|names| names.iter().any(|name| name == "mermaid"));
        let mermaid_after_us = tables["mermaid"]["after"].as_array().is_some_and(|names| {
            names
                .iter()
                .any(|name| name == crate::config::PREPROCESSOR_NAME)
        });
        if mermaid_configured && ours.is_object() && !runs_before_mermaid && !mermaid_after_us {
            self.push_lint(
                Diagnostic::warning(
                    Code::RunOrder,
                    "mdbook-mermaid may run before integration-spec, and then the generated diagrams show as code",
                )
                .in_file("book.toml")
                .with_help("add `before = [\"mermaid\"]` under `[preprocessor.integration-spec]` in book.toml"),
            );
        }
    }
}

/// What stands in the page for a directive that failed, with `on-error = "render"`.
fn error_block(what: &str, diags: &[Diagnostic]) -> String {
    let lines: Vec<String> = diags.iter().map(report::short).collect();
    crate::render::render_error_block(what, &lines)
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

/// mdBook 0.4.40 and later, and 0.5, are known to work; others get a warning, not a failure.
fn warn_on_unknown_mdbook(context: &Value) {
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
    fn links_between_pages_are_relative() {
        assert_eq!(relative_page("a.md", "a.md"), "");
        assert_eq!(relative_page("a.md", "b.md"), "b.md");
        assert_eq!(relative_page("api/orders.md", "models.md"), "../models.md");
        assert_eq!(relative_page("api/orders.md", "api/errors.md"), "errors.md");
        assert_eq!(relative_page("x/y/z.md", "x/w/v.md"), "../w/v.md");
        assert_eq!(
            relative_page("index.md", "deep/er/page.md"),
            "deep/er/page.md"
        );
    }

    #[test]
    fn escaped_includes_do_not_count() {
        assert!(uses_include("{{#include a.md}}"));
        assert!(uses_include("```\n{{#include a.md}}\n```"));
        assert!(!uses_include("Write \\{{#include a.md}} to include."));
        assert!(!uses_include("no includes"));
    }
}
