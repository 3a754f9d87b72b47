//! A book read from disk the way mdBook would hand it to a preprocessor, for `check --book`:
//! `book.toml`, the chapters listed in `SUMMARY.md`, and `{{#include}}` expanded (whole files,
//! line ranges and anchors) when the book runs us after `links`, so directives are found and
//! resolved as in a build.

use std::fs;
use std::path::{Path, PathBuf};

use pulldown_cmark::{Event, Parser, Tag};
use serde_json::{Value, json};

/// mdBook stops expanding includes this deep.
const MAX_INCLUDE_DEPTH: usize = 10;

/// Why a book cannot be read.
#[derive(Debug)]
pub enum BookError {
    /// `book.toml` or `SUMMARY.md` cannot be read.
    Unreadable(PathBuf, std::io::Error),
    /// `book.toml` is not TOML.
    InvalidToml(PathBuf, toml::de::Error),
}

impl std::fmt::Display for BookError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BookError::Unreadable(path, err) => write!(f, "cannot read {}: {err}", path.display()),
            BookError::InvalidToml(path, err) => {
                write!(f, "{} is not valid TOML: {err}", path.display())
            }
        }
    }
}

impl std::error::Error for BookError {}

/// The `[context, book]` pair mdBook would send for the book at `root`.
pub fn read_book(root: &Path) -> Result<(Value, Value), BookError> {
    let toml_path = root.join("book.toml");
    let toml_text = fs::read_to_string(&toml_path)
        .map_err(|err| BookError::Unreadable(toml_path.clone(), err))?;
    let config: Value =
        toml::from_str(&toml_text).map_err(|err| BookError::InvalidToml(toml_path.clone(), err))?;
    let src = config["book"]["src"].as_str().unwrap_or("src").to_owned();
    // mdBook's `links` expands includes before us only when we run after it.
    let includes_expanded = config["preprocessor"][crate::config::PREPROCESSOR_NAME]["after"]
        .as_array()
        .is_some_and(|names| names.iter().any(|name| name == "links"));
    let src_dir = root.join(&src);
    let summary_path = src_dir.join("SUMMARY.md");
    let summary = fs::read_to_string(&summary_path)
        .map_err(|err| BookError::Unreadable(summary_path.clone(), err))?;
    let items: Vec<Value> = chapter_paths(&summary)
        .into_iter()
        .filter_map(|chapter| {
            let text = fs::read_to_string(src_dir.join(&chapter)).ok()?;
            let base = src_dir.join(&chapter).parent()?.to_path_buf();
            let content = if includes_expanded {
                expand_includes(&text, &base, 0)
            } else {
                text
            };
            let path = chapter.to_string_lossy().into_owned();
            Some(json!({"Chapter": {
                "name": path, "content": content, "number": null, "sub_items": [],
                "path": path, "source_path": path, "parent_names": []
            }}))
        })
        .collect();
    let context = json!({
        "root": root,
        "config": config,
        "renderer": "check",
        "mdbook_version": "0.5.4",
    });
    Ok((context, json!({ "items": items })))
}

/// The chapter files `SUMMARY.md` links to, in order; drafts (empty links) have none.
fn chapter_paths(summary: &str) -> Vec<PathBuf> {
    let mut paths = Vec::new();
    for event in Parser::new(summary) {
        if let Event::Start(Tag::Link { dest_url, .. }) = event {
            let dest = dest_url.split('#').next().unwrap_or_default();
            if dest.ends_with(".md") && !dest.contains("://") {
                let path = PathBuf::from(percent_decode(dest));
                if !paths.contains(&path) {
                    paths.push(path);
                }
            }
        }
    }
    paths
}

fn percent_decode(text: &str) -> String {
    url::form_urlencoded::parse(format!("x={}", text.replace('+', "%2B")).as_bytes())
        .next()
        .map_or_else(|| text.to_owned(), |(_, value)| value.into_owned())
}

/// Expands `{{#include FILE}}`, `{{#include FILE:ANCHOR}}` and line ranges, like mdBook's
/// `links` preprocessor (which also expands inside code); `\{{#include}}` stays literal.
fn expand_includes(text: &str, base: &Path, depth: usize) -> String {
    if depth >= MAX_INCLUDE_DEPTH || !text.contains("{{") {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find("{{") {
        let Some(close) = rest[open..].find("}}").map(|at| open + at) else {
            break;
        };
        let inner = rest[open + 2..close].trim();
        let escaped = rest[..open].ends_with('\\');
        let include = inner
            .strip_prefix("#include")
            .or_else(|| inner.strip_prefix("#rustdoc_include"))
            .filter(|args| args.starts_with(char::is_whitespace));
        match include {
            Some(args) if !escaped => {
                out.push_str(&rest[..open]);
                let (file, selector) = split_selector(args.trim());
                let path = base.join(file);
                match fs::read_to_string(&path) {
                    Ok(included) => {
                        let selected = select(&included, selector);
                        let nested_base = path.parent().unwrap_or(base);
                        out.push_str(&expand_includes(&selected, nested_base, depth + 1));
                    }
                    // mdBook keeps an include it cannot read as written; so do we.
                    Err(_) => out.push_str(&rest[open..close + 2]),
                }
            }
            _ => out.push_str(&rest[..close + 2]),
        }
        rest = &rest[close + 2..];
    }
    out.push_str(rest);
    out
}

/// Where a chapter line is written, following `{{#include}}` links: the file (relative to
/// `src_dir` when inside it), its line from 1 and its text. `None` when it cannot be traced.
///
/// The `n`-th copy of a line in the chapter is matched with the `n`-th copy in the chapter
/// file and what it includes, read in order; an include reads only the lines it selects.
pub fn written_at(
    src_dir: &Path,
    chapter: &Path,
    content: &str,
    line: usize,
) -> Option<(PathBuf, usize, String)> {
    let wanted = content.lines().nth(line.checked_sub(1)?)?.trim();
    let chapter_path = src_dir.join(chapter);
    let chapter_text = fs::read_to_string(&chapter_path).ok()?;
    let mut skip = content
        .lines()
        .take(line - 1)
        .filter(|earlier| earlier.trim() == wanted)
        .count();
    let (file, at, text) = find_line(&chapter_path, chapter_text, None, wanted, &mut skip, 0)?;
    let file = file
        .strip_prefix(src_dir)
        .map_or_else(|_| file.clone(), Path::to_path_buf);
    Some((file, at, text))
}

/// The `skip`-th line equal to `wanted` among the lines of `text` (the file at `path`) that
/// `selector` picks, and in what they include.
fn find_line(
    path: &Path,
    text: String,
    selector: Option<&str>,
    wanted: &str,
    skip: &mut usize,
    depth: usize,
) -> Option<(PathBuf, usize, String)> {
    let base = path.parent().unwrap_or(path);
    let lines = selected_range(&text, selector);
    for (idx, line) in text.lines().enumerate().take(lines.end).skip(lines.start) {
        if line.trim() == wanted {
            if *skip == 0 {
                return Some((path.to_path_buf(), idx + 1, text));
            }
            *skip -= 1;
        }
        if depth + 1 >= MAX_INCLUDE_DEPTH {
            continue;
        }
        for (file, selector) in included_files(line) {
            let included = base.join(file);
            if let Ok(included_text) = fs::read_to_string(&included)
                && let Some(found) =
                    find_line(&included, included_text, selector, wanted, skip, depth + 1)
            {
                return Some(found);
            }
        }
    }
    None
}

/// The files a line's `{{#include}}` links name, with their selectors, in order.
fn included_files(line: &str) -> Vec<(&str, Option<&str>)> {
    let mut files = Vec::new();
    let mut rest = line;
    while let Some(open) = rest.find("{{") {
        let Some(close) = rest[open..].find("}}").map(|at| open + at) else {
            break;
        };
        let inner = rest[open + 2..close].trim();
        let include = inner
            .strip_prefix("#include")
            .or_else(|| inner.strip_prefix("#rustdoc_include"))
            .filter(|args| args.starts_with(char::is_whitespace));
        if let Some(args) = include
            && !rest[..open].ends_with('\\')
        {
            files.push(split_selector(args.trim()));
        }
        rest = &rest[close + 2..];
    }
    files
}

/// `file.md:anchor` or `file.md:2:10` into the file and the selector.
fn split_selector(args: &str) -> (&str, Option<&str>) {
    match args.split_once(':') {
        Some((file, selector)) => (file, Some(selector)),
        None => (args, None),
    }
}

fn select(text: &str, selector: Option<&str>) -> String {
    if selector.is_none() {
        return text.to_owned();
    }
    let lines: Vec<&str> = text.lines().collect();
    lines[selected_range(text, selector)].join("\n")
}

/// The line indexes (from 0) a selector picks: all, `N`, `N:M`, `N:`, `:M`, or the lines
/// between `ANCHOR: name` and `ANCHOR_END: name`.
fn selected_range(text: &str, selector: Option<&str>) -> std::ops::Range<usize> {
    let count = text.lines().count();
    let Some(selector) = selector else {
        return 0..count;
    };
    let number = |part: &str| part.trim().parse::<usize>().ok();
    let range = match selector.split_once(':') {
        Some((start, end)) => Some((number(start), number(end))),
        None => number(selector).map(|line| (Some(line), Some(line))),
    };
    match range {
        Some((start, end)) => {
            let first = start.unwrap_or(1).max(1) - 1;
            let last = end.unwrap_or(count).min(count);
            first.min(last)..last
        }
        None => {
            let start = format!("ANCHOR: {}", selector.trim());
            let end = format!("ANCHOR_END: {}", selector.trim());
            let mut lines = text.lines().enumerate();
            let first = lines
                .find(|(_, line)| line.contains(&start))
                .map_or(count, |(idx, _)| idx + 1);
            let last = lines
                .find(|(_, line)| line.contains(&end))
                .map_or(count, |(idx, _)| idx);
            first.min(last)..last
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_links_are_chapters() {
        let summary = "# Summary\n\n[Intro](intro.md)\n\n- [A](a.md)\n    - [B](sub/b%20c.md)\n- [Draft]()\n- [Web](https://x.md)\n";
        assert_eq!(
            chapter_paths(summary),
            [
                PathBuf::from("intro.md"),
                PathBuf::from("a.md"),
                PathBuf::from("sub/b c.md")
            ]
        );
    }

    #[test]
    fn includes_expand_with_ranges_and_anchors() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(
            dir.path().join("part.md"),
            "one\n// ANCHOR: x\ntwo\n// ANCHOR_END: x\nthree\n",
        )
        .unwrap();
        let base = dir.path();
        assert_eq!(
            expand_includes("a {{#include part.md:2:3}} b", base, 0),
            "a // ANCHOR: x\ntwo b"
        );
        assert_eq!(expand_includes("{{#include part.md:x}}", base, 0), "two");
        assert_eq!(
            expand_includes("\\{{#include part.md}}", base, 0),
            "\\{{#include part.md}}"
        );
        assert_eq!(
            expand_includes("{{#include missing.md}}", base, 0),
            "{{#include missing.md}}"
        );
        assert!(expand_includes("{{ #include part.md }}", base, 0).starts_with("one"));
    }

    #[test]
    fn included_lines_are_traced_to_their_file() {
        let dir = tempfile::tempdir().unwrap();
        let src = dir.path();
        fs::create_dir(src.join("parts")).unwrap();
        fs::write(src.join("parts/a.md"), "x\n<<#d>>\n").unwrap();
        fs::write(
            src.join("ch.md"),
            "# Ch\n<<#d>>\n{{#include parts/a.md}}\n\\{{#include parts/a.md}}\n",
        )
        .unwrap();
        let content = "# Ch\n<<#d>>\nx\n<<#d>>\n\\{{#include parts/a.md}}\n";
        let traced = |line| {
            written_at(src, Path::new("ch.md"), content, line).map(|(file, line, _)| (file, line))
        };
        // The chapter's own line is its own.
        assert_eq!(traced(2), Some((PathBuf::from("ch.md"), 2)));
        // The second `<<#d>>` is the included one.
        assert_eq!(traced(4), Some((PathBuf::from("parts/a.md"), 2)));
        assert_eq!(traced(9), None);
        assert_eq!(written_at(src, Path::new("gone.md"), content, 4), None);

        // An include reads only the lines it selects.
        fs::write(
            src.join("parts/b.md"),
            "<<#d>>\n// ANCHOR: x\n<<#d>>\n// ANCHOR_END: x\n",
        )
        .unwrap();
        fs::write(src.join("sel.md"), "{{#include parts/b.md:x}}\n").unwrap();
        let traced = written_at(src, Path::new("sel.md"), "<<#d>>\n", 1);
        assert_eq!(
            traced.map(|(file, line, _)| (file, line)),
            Some((PathBuf::from("parts/b.md"), 3))
        );
        fs::write(src.join("range.md"), "{{#include parts/b.md:3:3}}\n").unwrap();
        let traced = written_at(src, Path::new("range.md"), "<<#d>>\n", 1);
        assert_eq!(
            traced.map(|(file, line, _)| (file, line)),
            Some((PathBuf::from("parts/b.md"), 3))
        );
    }
}
