//! One spec spread over a book: selections render exactly what was asked, references link
//! across chapters (also in subfolders), and `mdbook watch` picks up spec edits.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::{TempBook, fixtures, html_ids, stderr, tool};

/// Every `.html` page under `dir`, relative to it, with its ids and links.
fn pages(dir: &Path) -> HashMap<PathBuf, (HashSet<String>, Vec<String>)> {
    let mut found = HashMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        for entry in fs::read_dir(&current).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|ext| ext == "html") {
                let html = fs::read_to_string(&path).unwrap();
                let ids = html_ids(&html).into_iter().collect();
                let links = html
                    .split(" href=\"")
                    .skip(1)
                    .filter_map(|rest| rest.split('"').next())
                    .map(str::to_owned)
                    .collect();
                found.insert(path.strip_prefix(dir).unwrap().to_path_buf(), (ids, links));
            }
        }
    }
    found
}

/// Checks that every link to a page of the book, with or without an anchor, resolves.
pub(crate) fn assert_links_resolve(html_dir: &Path) -> usize {
    let pages = pages(html_dir);
    let mut checked = 0;
    for (page, (ids, links)) in &pages {
        for link in links {
            if link.contains("://")
                || link.starts_with("mailto:")
                || link.starts_with("javascript:")
            {
                continue;
            }
            let (target, fragment) = link.split_once('#').unwrap_or((link, ""));
            let target_page = if target.is_empty() {
                page.clone()
            } else if target.ends_with(".html") {
                normalize(&page.parent().unwrap_or(Path::new("")).join(target))
            } else {
                continue;
            };
            let (target_ids, _) = pages
                .get(&target_page)
                .unwrap_or_else(|| panic!("{}: link {link} to a missing page", page.display()));
            if !fragment.is_empty() {
                let fragment = fragment.replace("%20", " ");
                assert!(
                    target_ids.contains(&fragment)
                        || (target.is_empty() && ids.contains(&fragment)),
                    "{}: link {link}: no id `{fragment}` on {}",
                    page.display(),
                    target_page.display()
                );
                checked += 1;
            }
        }
    }
    checked
}

fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

#[test]
fn a_spec_split_over_chapters_links_across_them() {
    for line in ["MDBOOK", "MDBOOK_LEGACY"] {
        let book = TempBook::fixture("split");
        let output = book.mdbook(&tool(line), &["build"]);
        let log = stderr(&output);
        assert!(output.status.success(), "{line}: {log}");
        assert!(
            !log.contains("warning[") && !log.contains("error["),
            "{line}: {log}"
        );
        let checked = assert_links_resolve(&book.root().join("book/html"));
        assert!(
            checked > 40,
            "{line}: only {checked} anchored links checked"
        );

        // Links point at the chapter that renders the target, relative to the page.
        let orders = book.read("book/markdown/api/orders.md");
        for link in [
            "(errors.md#orders.errors.invalid_customer)",
            "(../reference/models.md#orders.models.orderitem)",
            "(../reference/flows.md#orders.flows.create-order)",
            // The convention's header links to the conventions, in another chapter.
            "See [Idempotency](../overview.md#orders.conventions.idempotency).|",
        ] {
            assert!(
                orders.contains(link),
                "{line}: {link} missing from:\n{orders}"
            );
        }
        let index = book.read("book/markdown/api/index.md");
        assert!(
            index.contains("[`/api/v1/orders`](orders.md#orders.endpoints.create-order)"),
            "{index}"
        );
    }
}

#[test]
fn selections_render_exactly_what_was_asked() {
    let book = TempBook::fixture("split");
    let output = book.mdbook(&tool("MDBOOK"), &["build"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let headings = |page: &str| -> Vec<String> {
        book.read(&format!("book/markdown/{page}"))
            .lines()
            .filter(|line| line.starts_with('#'))
            .map(str::to_owned)
            .collect()
    };
    insta::assert_snapshot!(
        [
            "overview.md",
            "api/index.md",
            "api/orders.md",
            "api/errors.md",
            "reference/models.md",
            "reference/flows.md"
        ]
        .iter()
        .map(|page| format!("== {page}\n{}", headings(page).join("\n")))
        .collect::<Vec<_>>()
        .join("\n\n")
    );
}

#[test]
fn the_render_command_takes_the_same_arguments() {
    let manifest = env!("CARGO_MANIFEST_DIR");
    let run = |args: &[&str]| {
        Command::new(crate::support::binary())
            .arg("render")
            .args(args)
            .current_dir(manifest)
            .output()
            .unwrap()
    };
    let output = run(&[
        "tests/fixtures/specs/valid/orders.yaml",
        "endpoints=get-order",
        "heading=2",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let markdown = String::from_utf8(output.stdout).unwrap();
    assert!(
        markdown
            .starts_with("## `GET /api/v1/orders/{order_id}` { #orders.endpoints.get-order }\n"),
        "{markdown}"
    );
    assert!(!markdown.contains("create-order }"), "{markdown}");
    // Not rendered here, so not a link.
    assert!(
        markdown.contains("|`ORDER_NOT_FOUND`|404 Not Found|"),
        "{markdown}"
    );

    let output = run(&[
        "tests/fixtures/specs/valid/orders.yaml",
        "endpoints=get-ordr",
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output)
            .contains("unknown endpoint `get-ordr` in `endpoints=` (did you mean `get-order`?)")
    );
    let output = run(&["tests/fixtures/specs/valid/orders.yaml", "section=errors"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("unknown argument `section` (did you mean `sections`?)"));
}

#[test]
fn bad_arguments_name_the_chapter_and_line() {
    let book = TempBook::fixture("split");
    book.write(
        "src/api/errors.md",
        "# Errors\n\n<<#integration-spec ../../specs/orders.yaml sections=erors endpoints=crete-order>>\n",
    );
    let output = book.mdbook(&tool("MDBOOK"), &["build"]);
    assert!(!output.status.success());
    let log = stderr(&output);
    for expected in [
        "error[invalid-directive]: unknown section `erors` in `sections=`",
        "┌─ src/api/errors.md:3:54",
        "sections=erors endpoints=crete-order>>\n  │                                                      ^^^^^\n",
        "= help: did you mean `errors`?",
        "error[invalid-directive]: unknown endpoint `crete-order` in `endpoints=`",
        "┌─ src/api/errors.md:3:70",
        "= help: did you mean `create-order`?",
    ] {
        assert!(log.contains(expected), "`{expected}` not in:\n{log}");
    }
    // What the broken directive meant to render is unknown: no warnings that links to it
    // lead nowhere.
    assert!(!log.contains("unrendered-link-target"), "{log}");

    book.write(
        "src/api/errors.md",
        "# Errors\n\n<<#integration-spec ../../specs/orders.yaml sections=errors, rate-limits>>\n",
    );
    let output = book.mdbook(&tool("MDBOOK"), &["build"]);
    let log = stderr(&output);
    assert!(
        log.contains("`sections=errors,` is followed by a space"),
        "{log}"
    );
    assert!(!log.contains("unrendered-link-target"), "{log}");
}

/// A finding about an item names the directive that shows it, not merely the first
/// directive that reads the spec.
#[test]
fn findings_about_an_item_name_the_directive_that_shows_it() {
    let book = TempBook::fixture("split");
    let spec = book.read("specs/orders.yaml");
    book.write(
        "specs/orders.yaml",
        &spec.replacen(
            "    summary: Create an order\n",
            "    sumary: Create an order\n",
            1,
        ),
    );
    let output = book.mdbook(&tool("MDBOOK"), &["build"]);
    assert!(!output.status.success());
    let log = stderr(&output);
    assert!(
        log.contains("unknown field `sumary` in an endpoint"),
        "{log}"
    );
    assert!(
        log.contains("= in: the directive at src/api/orders.md:5"),
        "{log}"
    );
}

/// A directive that `{{#include}}` brings in is reported where it is written, with that file's
/// line shown, not at the including chapter's line.
#[test]
fn included_directives_are_reported_where_they_are_written() {
    let book = TempBook::fixture("basic");
    book.write(
        "src/parts/spec-part.md",
        "## From an included file\n\nSome text.\n\n<<#integration-spec ../specs/small.yaml sections=erors>>\n",
    );
    book.write(
        "src/included.md",
        "# Included\n\nA paragraph of the chapter.\n\n{{#include parts/spec-part.md}}\n\n<<#integration-spec ../specs/small.yaml sections=nope>>\n",
    );
    let output = book.mdbook(&tool("MDBOOK"), &["build"]);
    assert!(!output.status.success());
    let log = stderr(&output);
    for expected in [
        "error[invalid-directive]: unknown section `erors` in `sections=`",
        "┌─ src/parts/spec-part.md:5:50",
        "5 │ <<#integration-spec ../specs/small.yaml sections=erors>>",
        // The chapter's own directive, below the include, at its line in the file.
        "┌─ src/included.md:7:50",
        "7 │ <<#integration-spec ../specs/small.yaml sections=nope>>",
    ] {
        assert!(log.contains(expected), "`{expected}` not in:\n{log}");
    }
}

#[test]
fn mdbook_watch_shows_spec_edits() {
    let book = TempBook::fixture("split");
    let mdbook = tool("MDBOOK");
    let built = book.mdbook(&mdbook, &["build"]);
    assert!(built.status.success(), "{}", stderr(&built));
    let page = book.root().join("book/html/overview.html");
    assert!(
        fs::read_to_string(&page)
            .unwrap()
            .contains("Create and track customer orders.")
    );

    let mut watch = Command::new(&mdbook)
        .arg("watch")
        .arg(book.root())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // The poller takes a first snapshot of the files; edit after it has.
    std::thread::sleep(Duration::from_secs(3));
    let spec = book.read("specs/orders.yaml");
    book.write(
        "specs/orders.yaml",
        &spec.replace(
            "Create and track customer orders.",
            "Orders, edited while watching.",
        ),
    );
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut seen = false;
    while Instant::now() < deadline {
        if fs::read_to_string(&page)
            .is_ok_and(|html| html.contains("Orders, edited while watching."))
        {
            seen = true;
            break;
        }
        std::thread::sleep(Duration::from_millis(250));
    }
    let _ = watch.kill();
    let _ = watch.wait();
    assert!(
        seen,
        "the edit did not reach {} within 60 s",
        page.display()
    );
}

#[test]
fn a_spec_rendered_twice_on_one_page_keeps_ids_unique() {
    let book = TempBook::fixture("split");
    book.write(
        "src/api/errors.md",
        "# Errors\n\n<<#integration-spec ../../specs/orders.yaml sections=errors>>\n\n## Again\n\n<<#integration-spec ../../specs/orders.yaml errors=ORDER_NOT_FOUND,INVALID_CUSTOMER>>\n",
    );
    let output = book.mdbook(&tool("MDBOOK"), &["build"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let html = book.read("book/html/api/errors.html");
    let ids = html_ids(&html);
    let unique: HashSet<&String> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "duplicate ids on the page");
    assert!(ids.iter().any(|id| id == "orders.errors.order_not_found"));
    assert!(ids.iter().any(|id| id == "orders-2.errors.order_not_found"));
    // Links elsewhere go to the first rendering.
    let orders = book.read("book/markdown/api/orders.md");
    assert!(
        orders.contains("(errors.md#orders.errors.invalid_customer)"),
        "{orders}"
    );
    assert_links_resolve(&book.root().join("book/html"));
}

/// Runs `check --book` on `book` and returns its one-line findings, with [ROOT] for the book.
fn short_findings(book: &TempBook) -> String {
    let output = Command::new(crate::support::binary())
        .args(["check", "--format", "short", "--book"])
        .arg(book.root())
        .output()
        .unwrap();
    book.redact(&String::from_utf8(output.stdout).unwrap())
}

#[test]
fn unwatched_specs_are_reported_once_with_every_folder() {
    let spec = fs::read_to_string(fixtures().join("specs/valid/small.yaml")).unwrap();
    let book = TempBook::new(
        "",
        &[
            ("src/SUMMARY.md", "- [A](a.md)\n- [B](b.md)\n"),
            (
                "src/a.md",
                "# A\n\n<<#integration-spec ../contracts/small.yaml>>\n",
            ),
            (
                "src/b.md",
                "# B\n\n<<#integration-spec ../legacy/small.yaml>>\n",
            ),
            ("contracts/small.yaml", &spec),
            ("legacy/small.yaml", &spec),
        ],
    );
    let findings = short_findings(&book);
    assert_eq!(findings.matches("unwatched-spec").count(), 1, "{findings}");
    assert!(
        findings.contains("do not watch `contracts`, which holds `contracts/small.yaml`, so editing it does not rebuild the book (nor specs in 1 more folder) (from [ROOT]/src/a.md:3; help: add `extra-watch-dirs = [\"specs\", \"contracts\", \"legacy\"]` under `[build]`"),
        "{findings}"
    );

    // Watching the book root would watch the built book too: the help says to move the spec.
    book.write("src/b.md", "# B\n\n<<#integration-spec ../small.yaml>>\n");
    book.write("small.yaml", &spec);
    let findings = short_findings(&book);
    assert!(
        findings.contains("help: move the specs in `.` into a folder of their own, e.g. `specs/`"),
        "{findings}"
    );
    assert!(!findings.contains("\"\""), "{findings}");
}

#[test]
fn generated_ids_steer_around_the_chapters_own_headings() {
    let book = TempBook::fixture("split");
    // The spec title's id would be `orders`, which mdBook also gives `## Orders`.
    book.write(
        "src/api/errors.md",
        "<<#integration-spec ../../specs/orders.yaml>>\n\n## Orders\n\nWritten by hand.\n",
    );
    // Under a heading there is no title, so the usual prefix stays.
    book.write(
        "src/api/orders.md",
        "# Orders\n\n<<#integration-spec ../../specs/orders.yaml sections=overview>>\n",
    );
    let output = book.mdbook(&tool("MDBOOK"), &["build"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let ids = html_ids(&book.read("book/html/api/errors.html"));
    let unique: HashSet<&String> = ids.iter().collect();
    assert_eq!(
        unique.len(),
        ids.len(),
        "duplicate ids on the page: {ids:?}"
    );
    assert!(ids.iter().any(|id| id == "orders-2"), "{ids:?}");
    let ids = html_ids(&book.read("book/html/api/orders.html"));
    assert!(ids.iter().any(|id| id == "orders.overview"), "{ids:?}");
}

#[test]
fn a_flow_is_drawn_once_per_page_whichever_directive_draws_it() {
    let spec = "integration-spec: \"1.0\"
info: {title: Pay, version: 1.0.0}
overview:
  systems: [Shop, Pay]
endpoints:
  authorise: {method: POST, path: /authorise, flow: pay}
  capture: {method: POST, path: /capture, flow: pay}
flows:
  pay:
    title: Paying
    steps:
      - Shop -> Pay: POST /authorise
      - Shop -> Pay: POST /capture
";
    let two_directives = "# Payments\n\n<<#integration-spec ../specs/pay.yaml endpoints=authorise>>\n\n\
                          ## Capture\n\n<<#integration-spec ../specs/pay.yaml endpoints=capture>>\n";
    let book = TempBook::new(
        "[output.html]\n[output.markdown]\n",
        &[
            (
                "src/SUMMARY.md",
                "- [Payments](payments.md)\n- [Flows](flows.md)\n",
            ),
            ("src/payments.md", two_directives),
            (
                "src/flows.md",
                "# Flows\n\n<<#integration-spec ../specs/pay.yaml endpoints=capture>>\n\n\
                 <<#integration-spec ../specs/pay.yaml flows=pay>>\n",
            ),
            ("specs/pay.yaml", spec),
        ],
    );
    let output = book.mdbook(&tool("MDBOOK"), &["build"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let diagrams = |page: &str| book.read(page).matches("sequenceDiagram").count();
    // Two directives, two endpoints of one flow: the first endpoint on the page draws it,
    // the second links there.
    let payments = book.read("book/markdown/payments.md");
    assert_eq!(diagrams("book/markdown/payments.md"), 1, "{payments}");
    assert!(
        payments.contains("See [Paying](#pay.endpoints.authorise.flow)"),
        "{payments}"
    );
    // A page that shows the flow in Flows draws it there, even after an endpoint using it.
    let flows = book.read("book/markdown/flows.md");
    assert_eq!(diagrams("book/markdown/flows.md"), 1, "{flows}");
    let drawn_at = flows.find("sequenceDiagram").unwrap();
    assert!(
        flows[..drawn_at].contains("{ #pay.flows.pay }"),
        "the diagram is under the flow's heading: {flows}"
    );
    assert_links_resolve(&book.root().join("book/html"));
}
