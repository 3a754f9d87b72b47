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

/// Headless Chromium on `page`, with `args` saying what to do with it.
fn chromium(page: &Path, args: &[&str]) -> std::process::Output {
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
            "--hide-scrollbars",
            "--virtual-time-budget=15000",
        ])
        .args(args)
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("file://{}", page.display()))
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    output
}

/// The page's DOM after scripts ran.
fn rendered_dom(page: &Path) -> String {
    String::from_utf8(chromium(page, &["--dump-dom"]).stdout).unwrap()
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
    // The JSON Schema of the format is published beside the pages, where the reference links.
    let published = std::fs::read_to_string(dir.path().join("book/integration-spec.schema.json"));
    assert_eq!(
        published.unwrap(),
        std::fs::read_to_string(dir.path().join("src/integration-spec.schema.json")).unwrap()
    );
    // So are the OpenAPI exports of its specs, which the OpenAPI chapter links.
    for name in ["orders", "shipments", "parcels"] {
        let file = format!("openapi/{name}.openapi.json");
        let published = std::fs::read_to_string(dir.path().join("book").join(&file));
        assert_eq!(
            published.unwrap(),
            std::fs::read_to_string(dir.path().join("src").join(&file)).unwrap(),
            "{file}"
        );
    }
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
    // No payload ran or added an element: they would have retitled the page or added
    // `#pwned`, an image, a frame or a script of their own.
    let title = hostile
        .split("<title>")
        .nth(1)
        .and_then(|rest| rest.split("</title>").next())
        .unwrap();
    assert!(!title.contains("PWNED"), "a payload ran: {title}");
    assert!(
        !hostile.contains("id=\"pwned\""),
        "a payload added an element"
    );
    // As many images, frames and scripts as a page without hostile text: mdBook's and
    // Mermaid's own (the sidebar's frame, their scripts).
    let orders = rendered_dom(&book.root().join("book/orders.html"));
    for element in ["<img", "<iframe", "<script", "<object", "<embed"] {
        assert_eq!(
            hostile.matches(element).count(),
            orders.matches(element).count(),
            "{element} from the spec"
        );
    }
    assert!(
        !hostile.contains("onload=\"document"),
        "an event handler from the spec"
    );
    // The bidi, zero-width and long words arrive as text.
    assert!(hostile.contains("\u{202E}right to left\u{202C}"));
    assert!(hostile.contains("zero\u{200B}width"));
    let drawn = assert_diagrams_render(&book.root().join("book"));
    assert!(drawn >= 10, "only {drawn} diagrams");
}

/// Where the layout test leaves its screenshots, for a person to look at.
fn screenshot_dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join("page-screenshots")
}

#[test]
fn no_table_in_the_example_book_is_wider_than_the_page() {
    // The example book, plus a test-only script that marks every table wider than the
    // content column, and a page with one such table to show the marks are made.
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let manifest = crate::support::manifest_dir();
    copy_dir(&manifest.join("example-book"), root);
    let _ = std::fs::remove_dir_all(root.join("book"));
    let fixture = manifest.join("tests/fixtures/layout");
    std::fs::copy(
        fixture.join("layout-check.js"),
        root.join("layout-check.js"),
    )
    .unwrap();
    std::fs::copy(fixture.join("probe.md"), root.join("src/layout-probe.md")).unwrap();
    let toml = std::fs::read_to_string(root.join("book.toml")).unwrap();
    let toml = toml.replace(
        "\"mermaid-init.js\"]",
        "\"mermaid-init.js\", \"layout-check.js\"]",
    );
    assert!(
        toml.contains("layout-check.js"),
        "book.toml lists its scripts differently"
    );
    std::fs::write(root.join("book.toml"), toml).unwrap();
    let summary = std::fs::read_to_string(root.join("src/SUMMARY.md")).unwrap();
    std::fs::write(
        root.join("src/SUMMARY.md"),
        format!("{summary}\n- [Layout probe](layout-probe.md)\n"),
    )
    .unwrap();
    build_with_mermaid(root);

    let book = root.join("book");
    let shots = screenshot_dir();
    std::fs::create_dir_all(&shots).unwrap();
    let mut pages: Vec<_> = walk(&book)
        .into_iter()
        .filter(|page| page.extension().is_some_and(|ext| ext == "html"))
        .filter(|page| {
            let name = page.file_name().unwrap().to_string_lossy();
            !["print.html", "toc.html", "404.html"].contains(&name.as_ref())
        })
        .collect();
    pages.sort();
    let mut too_wide = Vec::new();
    for page in &pages {
        let name = page
            .strip_prefix(&book)
            .unwrap()
            .to_string_lossy()
            .replace('/', "_");
        let dom =
            String::from_utf8(chromium(page, &["--window-size=1280,900", "--dump-dom"]).stdout)
                .unwrap();
        // The content column is mdBook's default width at 1280 px, and the script ran.
        assert!(
            dom.contains("data-layout-checked=\"750\""),
            "{name}: the layout check did not run at 1280 px"
        );
        for mark in dom.split("data-too-wide=\"").skip(1) {
            let width = mark.split('"').next().unwrap_or_default();
            too_wide.push(format!("{name}: a table is {width}"));
        }
        // The pages a spec is rendered on (they have diagrams) are kept as pictures.
        if std::fs::read_to_string(page)
            .unwrap()
            .contains("<pre class=\"mermaid\">")
        {
            let shot = shots.join(format!("{name}.png"));
            chromium(
                page,
                &[
                    "--window-size=1280,12000",
                    &format!("--screenshot={}", shot.display()),
                ],
            );
            assert!(shot.exists(), "no screenshot of {name}");
        }
    }
    assert!(pages.len() >= 10, "only {} pages", pages.len());
    // The probe's table is caught, and nothing else.
    assert_eq!(
        too_wide.len(),
        1,
        "tables need a horizontal scrollbar at 1280 px (screenshots in {}):\n{}",
        shots.display(),
        too_wide.join("\n")
    );
    assert!(
        too_wide[0].starts_with("layout-probe.html:"),
        "{too_wide:?}"
    );
}
