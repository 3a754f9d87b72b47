use super::*;

fn directives(content: &str) -> Vec<Directive> {
    find_directives(content)
        .into_iter()
        .filter_map(|found| match found {
            Found::Directive(directive) => Some(directive),
            _ => None,
        })
        .collect()
}

fn paths(content: &str) -> Vec<String> {
    directives(content).into_iter().map(|d| d.path).collect()
}

#[test]
fn a_directive_on_its_own_line_is_found() {
    let content = "# Orders\n\n<<#integration-spec ../specs/orders.yaml>>\n\nMore text.\n";
    let found = directives(content);
    assert_eq!(found.len(), 1);
    let directive = &found[0];
    assert_eq!(directive.path, "../specs/orders.yaml");
    assert_eq!(directive.line, 3);
    assert_eq!(directive.column, 1);
    assert_eq!(directive.path_column, 21);
    assert_eq!(directive.heading_level, 1);
    assert_eq!(
        &content[directive.span.clone()],
        "<<#integration-spec ../specs/orders.yaml>>"
    );
    assert!(!directive.crlf);
}

#[test]
fn several_directives_per_chapter() {
    let content = "<<#integration-spec a.yaml>>\n\n## B\n\n<<#integration-spec   b.json  >>\n";
    let found = directives(content);
    assert_eq!(
        found.iter().map(|d| d.path.as_str()).collect::<Vec<_>>(),
        ["a.yaml", "b.json"]
    );
    assert_eq!(found[0].heading_level, 0);
    assert_eq!(found[1].heading_level, 2);
}

#[test]
fn code_is_left_alone() {
    let fenced = "```md\n<<#integration-spec a.yaml>>\n```\n";
    let tilde = "~~~~\n<<#integration-spec a.yaml>>\n~~~~\n";
    let indented = "Text\n\n    <<#integration-spec a.yaml>>\n";
    let inline = "Write `<<#integration-spec a.yaml>>` in a chapter.\n";
    let html = "<!--\n<<#integration-spec a.yaml>>\n-->\n";
    let nested_fence = "````\n```\n<<#integration-spec a.yaml>>\n```\n````\n";
    for content in [fenced, tilde, indented, inline, html, nested_fence] {
        assert_eq!(find_directives(content), [], "{content}");
    }
}

#[test]
fn an_escaped_directive_is_reported_as_an_escape() {
    let content = "Use \\<<#integration-spec a.yaml>> like this.\n";
    assert_eq!(find_directives(content), [Found::Escaped { backslash: 4 }]);
    // An escaped backslash does not escape the directive.
    let content = "\\\\<<#integration-spec a.yaml>>\n";
    assert!(matches!(
        find_directives(content).as_slice(),
        [Found::Invalid { .. }]
    ));
}

#[test]
fn lists_and_blockquotes_keep_their_prefix() {
    let content = "- item\n\n  <<#integration-spec a.yaml>>\n";
    assert_eq!(directives(content)[0].continuation, "  ");
    let content = "1. <<#integration-spec a.yaml>>\n";
    assert_eq!(directives(content)[0].continuation, "   ");
    let content = "> ## Quoted\n>\n> <<#integration-spec a.yaml>>\n";
    let found = directives(content);
    assert_eq!(found[0].continuation, "> ");
    assert_eq!(found[0].heading_level, 2);
    let content = "> - <<#integration-spec a.yaml>>\n";
    assert_eq!(directives(content)[0].continuation, ">   ");
}

#[test]
fn crlf_and_non_ascii_are_handled() {
    let content = "# Bestellungen \u{1F4E6}\r\n\r\n<<#integration-spec \"spec files/größe.yaml\">>\r\nnext\r\n";
    let found = directives(content);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].path, "spec files/größe.yaml");
    assert!(found[0].crlf);
    assert_eq!(found[0].line, 3);
    let content = "Überblick: <<#integration-spec a.yaml>>\n";
    let Found::Invalid { problems, .. } = &find_directives(content)[0] else {
        panic!("expected an invalid directive");
    };
    assert_eq!(problems[0].column, 12);
}

#[test]
fn malformed_directives_are_reported() {
    let cases = [
        ("<<#integration-spec a.yaml\n", "directive is not closed"),
        ("<<#integration-spec>>\n", "directive names no spec file"),
        (
            "<<#integration-spec a.yaml extra>>\n",
            "unexpected argument `extra`",
        ),
        (
            "<<#integration-specs a.yaml>>\n",
            "unknown directive `<<#integration-specs`",
        ),
        (
            "See <<#integration-spec a.yaml>> here\n",
            "a directive must stand on a line of its own",
        ),
        (
            "<<#integration-spec \"a.yaml>>\n",
            "unclosed quote in directive",
        ),
    ];
    for (content, expected) in cases {
        match find_directives(content).as_slice() {
            [Found::Invalid { problems, .. }] => {
                assert_eq!(problems.len(), 1, "{content}");
                assert_eq!(problems[0].message, expected, "{content}");
            }
            other => panic!("{content}: {other:?}"),
        }
    }
}

#[test]
fn chapters_without_the_opener_are_not_parsed() {
    assert_eq!(find_directives("# Plain\n\nNothing to see.\n"), []);
    assert_eq!(paths("<<#integration-spec a.yaml>>"), ["a.yaml"]);
}

#[test]
fn arguments_select_parts() {
    let found = directives(
        "<<#integration-spec a.yaml sections=overview,errors endpoints=a,b heading=3>>\n",
    );
    let arguments = &found[0].arguments;
    assert_eq!(
        arguments.sections,
        Some(vec!["overview".to_owned(), "errors".to_owned()])
    );
    assert_eq!(
        arguments.items.get(&crate::spec::Kind::Endpoint),
        Some(&vec!["a".to_owned(), "b".to_owned()])
    );
    assert_eq!(arguments.heading, Some(3));
    assert!(!arguments.selects_everything());
    assert!(
        directives("<<#integration-spec a.yaml heading=2>>\n")[0]
            .arguments
            .selects_everything()
    );
    let found = find_directives("<<#integration-spec a.yaml endpoint=x>>\n");
    let Found::Invalid { problems, .. } = &found[0] else {
        panic!("{found:?}")
    };
    assert_eq!(problems[0].help, "did you mean `endpoints`?");
}

#[test]
fn tags_are_a_list_argument_of_their_own() {
    let found = directives("<<#integration-spec a.yaml tags=orders,admin>>\n");
    let arguments = &found[0].arguments;
    assert_eq!(
        arguments.tags,
        Some(vec!["orders".to_owned(), "admin".to_owned()])
    );
    assert!(arguments.items.is_empty());
    assert!(!arguments.selects_everything());
    let found = find_directives("<<#integration-spec a.yaml tag=orders tags=a,a>>\n");
    let Found::Invalid { problems, .. } = &found[0] else {
        panic!("{found:?}")
    };
    let messages: Vec<_> = problems
        .iter()
        .map(|problem| (problem.message.as_str(), problem.help.as_str()))
        .collect();
    assert_eq!(
        messages,
        [
            ("unknown argument `tag`", "did you mean `tags`?"),
            ("`a` is listed twice in `tags=`", "name each entry once"),
        ]
    );
}

#[test]
fn arguments_are_given_once_with_no_empty_or_repeated_entries() {
    let cases = [
        ("heading=2 heading=3", "`heading=` is given twice", 38),
        ("endpoints=a endpoints=b", "`endpoints=` is given twice", 40),
        (
            "sections=errors,,index",
            "`sections=errors,,index` has an empty entry",
            28,
        ),
        ("endpoints=a,", "`endpoints=a,` has an empty entry", 28),
        ("endpoints=,a", "`endpoints=,a` has an empty entry", 28),
        ("errors=A,B,A", "`A` is listed twice in `errors=`", 39),
        ("heading=+2", "`heading=+2` is not a heading level", 28),
        ("sectons=errors", "unknown argument `sectons`", 28),
        ("sections=errors b.yaml", "unexpected argument `b.yaml`", 44),
    ];
    for (arguments, expected, expected_column) in cases {
        let content = format!("<<#integration-spec a.yaml {arguments}>>\n");
        match find_directives(&content).as_slice() {
            [Found::Invalid { problems, .. }] => {
                let [problem] = problems.as_slice() else {
                    panic!("{content}: {problems:?}");
                };
                assert_eq!(problem.message, expected, "{content}");
                assert_eq!(
                    problem.column, expected_column,
                    "{content}: {}",
                    problem.help
                );
            }
            other => panic!("{content}: {other:?}"),
        }
    }
}

#[test]
fn a_path_after_the_arguments_gets_a_hint() {
    let found = find_directives("<<#integration-spec sections=errors a.yaml>>\n");
    let [Found::Invalid { problems, .. }] = found.as_slice() else {
        panic!("expected an invalid directive");
    };
    let help = &problems[0].help;
    assert!(help.starts_with("the spec file comes first"), "{help}");
}

#[test]
fn carets_find_list_entries() {
    let content = "> <<#integration-spec a.yaml endpoints=a,bb,c sections=x>>\n";
    let found = find_directives(content);
    let [Found::Directive(directive)] = found.as_slice() else {
        panic!("expected a directive");
    };
    let at = |name: &str, item: &str| {
        directive.column_of(
            content,
            &ArgumentPlace::Item {
                name: name.to_owned(),
                item: item.to_owned(),
            },
        )
    };
    assert_eq!(at("endpoints", "a"), 40);
    assert_eq!(at("endpoints", "bb"), 42);
    assert_eq!(at("sections", "x"), 56);
    // Not found: the path's column.
    assert_eq!(at("models", "m"), 23);
}

#[test]
fn a_space_in_a_list_is_named() {
    let found = find_directives("<<#integration-spec a.yaml endpoints=get-stock, list-items>>\n");
    let [Found::Invalid { problems, path, .. }] = found.as_slice() else {
        panic!("expected an invalid directive");
    };
    // The word after the space is part of that mistake, not a second one.
    let [problem] = problems.as_slice() else {
        panic!("{problems:?}");
    };
    assert_eq!(
        problem.message,
        "`endpoints=get-stock,` is followed by a space"
    );
    assert_eq!(
        problem.help,
        "a list has no spaces: `endpoints=get-stock,list-items`"
    );
    assert_eq!(problem.column, 28);
    // The spec is known, so links to it are not reported as rendered nowhere.
    assert_eq!(path.as_deref(), Some("a.yaml"));
}

#[test]
fn every_bad_argument_is_reported() {
    let content = "<<#integration-spec a.yaml sectons=errors heading=9 endpoints=a>>\n";
    let found = find_directives(content);
    let [Found::Invalid { problems, path, .. }] = found.as_slice() else {
        panic!("expected an invalid directive");
    };
    let found: Vec<(&str, usize)> = problems
        .iter()
        .map(|problem| (problem.message.as_str(), problem.column))
        .collect();
    assert_eq!(
        found,
        [
            ("unknown argument `sectons`", 28),
            ("`heading=9` is not a heading level", 43),
        ]
    );
    assert_eq!(path.as_deref(), Some("a.yaml"));
}
