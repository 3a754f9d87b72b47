//! Diagrams really render: books built with mdbook-mermaid, opened in headless Chromium.
//!
//! Every `pre.mermaid` must become an SVG whose `aria-roledescription` names a diagram type
//! (Mermaid draws a diagram of type `error` when it cannot parse one).

use std::path::Path;
use std::process::Command;

use crate::support::{TempBook, binary, copy_dir, stderr, tool};

/// Builds `root` with pinned mdBook 0.5 and mdbook-mermaid; our binary is found on PATH.
fn build_with_mermaid(root: &Path) {
    let mermaid = tool("MDBOOK_MERMAID");
    let path = format!(
        "{}:{}:{}",
        binary().parent().unwrap().display(),
        mermaid.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let install = Command::new(&mermaid)
        .arg("install")
        .arg(root)
        .output()
        .unwrap();
    assert!(install.status.success(), "{}", stderr(&install));
    let build = Command::new(tool("MDBOOK"))
        .arg("build")
        .arg(root)
        .env("PATH", &path)
        .output()
        .unwrap();
    let log = stderr(&build);
    assert!(build.status.success(), "{log}");
    assert!(
        !log.contains("error[") && !log.contains("warning["),
        "{log}"
    );
}

/// The page's DOM after scripts ran.
fn rendered_dom(page: &Path) -> String {
    let profile = tempfile::tempdir().unwrap();
    let output = Command::new(tool("CHROMIUM"))
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--virtual-time-budget=15000",
            "--dump-dom",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("file://{}", page.display()))
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    String::from_utf8(output.stdout).unwrap()
}

/// Checks every diagram on every page of a built book; returns how many were drawn.
fn assert_diagrams_render(html_dir: &Path) -> usize {
    let mut drawn = 0;
    let mut pages: Vec<_> = walk(html_dir)
        .into_iter()
        .filter(|page| {
            page.extension().is_some_and(|ext| ext == "html")
                && std::fs::read_to_string(page)
                    .unwrap()
                    .contains("class=\"mermaid\"")
        })
        .collect();
    pages.sort();
    for page in pages {
        let expected = std::fs::read_to_string(&page)
            .unwrap()
            .matches("<pre class=\"mermaid\">")
            .count();
        let dom = rendered_dom(&page);
        let blocks: Vec<&str> = dom.split("<pre class=\"mermaid\"").skip(1).collect();
        assert_eq!(blocks.len(), expected, "{}", page.display());
        for block in blocks {
            let block = block.split("</pre>").next().unwrap();
            let role = block
                .split("aria-roledescription=\"")
                .nth(1)
                .and_then(|rest| rest.split('"').next())
                .unwrap_or_else(|| {
                    panic!(
                        "{}: diagram not drawn: {}",
                        page.display(),
                        &block[..block.len().min(300)]
                    )
                });
            assert_ne!(
                role,
                "error",
                "{}: mermaid could not parse a diagram",
                page.display()
            );
            assert!(
                ["flowchart-v2", "sequence", "er"].contains(&role),
                "unexpected diagram type {role}"
            );
            // Entity codes are fully decoded: Mermaid's internal placeholders never show.
            assert!(
                !block.contains('ﬂ') && !block.contains("¶ß"),
                "{}: undecoded text",
                page.display()
            );
            drawn += 1;
        }
    }
    drawn
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut res = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            res.extend(walk(&path));
        } else {
            res.push(path);
        }
    }
    res
}

#[test]
fn the_example_book_draws_every_diagram() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(
        &crate::support::manifest_dir().join("example-book"),
        dir.path(),
    );
    let _ = std::fs::remove_dir_all(dir.path().join("book"));
    build_with_mermaid(dir.path());
    let drawn = assert_diagrams_render(&dir.path().join("book"));
    assert!(drawn >= 10, "only {drawn} diagrams");
    // Every link between the chapters of the split Orders API resolves.
    let checked = crate::composition::assert_links_resolve(&dir.path().join("book"));
    assert!(checked > 100, "only {checked} anchored links checked");
}

#[test]
fn hostile_text_cannot_break_a_diagram() {
    let book = TempBook::fixture("diagrams");
    build_with_mermaid(book.root());
    let hostile = rendered_dom(&book.root().join("book/hostile.html"));
    assert!(
        hostile.contains("Client; end"),
        "escaped labels are shown as written"
    );
    // A branch's label shows `<` and `>` as written, as text: nothing turns bold, and the
    // `<br>` (its `<` a look-alike) breaks no line.
    let branch_labels: Vec<String> = hostile
        .split("class=\"loopText\"")
        .skip(1)
        .map(|text| {
            let text = text.split("</text>").next().unwrap();
            // The text of each line (tspan) of the label, the lines joined by spaces.
            let lines: Vec<&str> = text
                .split('<')
                .skip(1)
                .filter_map(|part| part.split_once('>').map(|(_, after)| after))
                .filter(|line| !line.is_empty())
                .collect();
            lines.join(" ")
        })
        .collect();
    let joined = branch_labels
        .join(" ")
        .replace("&lt;", "<")
        .replace("&gt;", ">");
    assert!(
        joined.contains("x < 5 and y > 3: <b>not bold</b>\u{2039}br>one line"),
        "{branch_labels:?}"
    );
    let diagrams: String = hostile.split("<pre class=\"mermaid\"").skip(1).collect();
    assert!(!diagrams.contains("<b>"), "HTML in a diagram");
    let drawn = assert_diagrams_render(&book.root().join("book"));
    assert!(drawn >= 10, "only {drawn} diagrams");
}
