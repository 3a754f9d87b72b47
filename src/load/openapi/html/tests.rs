use super::*;

fn md(text: &str) -> String {
    markdown(text).into_owned()
}

#[test]
fn text_without_html_is_not_copied() {
    let text = "A **markdown** description: `a < b` is not written here.";
    assert!(matches!(markdown(text), Cow::Borrowed(_)));
    assert!(matches!(markdown("no tags, no entities"), Cow::Borrowed(_)));
    // A `<` that starts no tag stays, as does markdown around tags.
    assert_eq!(md("a < b and **c** <b>d</b>"), "a < b and **c** **d**");
}

#[test]
fn paragraphs_and_line_breaks() {
    assert_eq!(md("<p>One</p><p>Two</p>"), "One\n\nTwo");
    assert_eq!(
        md("<p>\n    Indented\n    text\n</p>\n<p>Next</p>"),
        "Indented\n    text\n\nNext"
    );
    assert_eq!(md("one<br>two<br/>three"), "one\\\ntwo\\\nthree");
    assert_eq!(md("one<br><br>two"), "one\n\ntwo");
    // A break with nothing before it on its line is none.
    assert_eq!(md("<br>one<p>two</p><br>three"), "one\n\ntwo\n\nthree");
}

#[test]
fn inline_styles_nest_and_keep_space_outside() {
    assert_eq!(
        md("<b>bold</b> and <strong>strong</strong>"),
        "**bold** and **strong**"
    );
    assert_eq!(md("<i>a</i> <em>b</em>"), "*a* *b*");
    assert_eq!(md("<b>very <i>much</i></b>"), "**very *much***");
    assert_eq!(md("a<b> spaced </b>b"), "a **spaced** b");
    assert_eq!(md("<b></b>empty"), "empty");
    assert_eq!(md("<B>Upper</B>"), "**Upper**");
}

#[test]
fn unclosed_and_stray_tags() {
    assert_eq!(md("<b>never closed"), "**never closed**");
    assert_eq!(
        md("<b>until <p>the paragraph"),
        "**until**\n\nthe paragraph"
    );
    assert_eq!(md("stray</b> close"), "stray close");
    // Closing an outer element closes the inner one too.
    assert_eq!(md("<b><i>x</b> y</i>"), "***x*** y");
    assert_eq!(md("<pre>open code"), "```\nopen code\n```");
    assert_eq!(md("<b"), "<b");
    assert_eq!(md("<a href=\"x"), "<a href=\"x");
}

#[test]
fn code_spans_choose_their_fence() {
    assert_eq!(md("<code>a*b</code>"), "`a*b`");
    assert_eq!(md("<code>a`b</code>"), "``a`b``");
    assert_eq!(md("<code>`x`</code>"), "`` `x` ``");
    assert_eq!(md("<code>a &lt; b</code>"), "`a < b`");
    assert_eq!(md("<code><b>x</b><br>y</code>"), "`x y`");
}

#[test]
fn pre_is_a_code_block() {
    assert_eq!(
        md("Run:<pre><code>curl -H &quot;A: b&quot; https://x\n  --fail</code></pre>Done"),
        "Run:\n\n```\ncurl -H \"A: b\" https://x\n  --fail\n```\n\nDone"
    );
    assert_eq!(
        md("<pre>```\nfenced\n```</pre>"),
        "````\n```\nfenced\n```\n````"
    );
    assert_eq!(
        md("<pre><script>x</script></pre>"),
        "```\n<script>x</script>\n```"
    );
}

#[test]
fn links_keep_safe_urls_only() {
    assert_eq!(
        md("See <a href=\"https://example.com/a?b=1&amp;c=2\" target='_blank'>the docs</a>."),
        "See [the docs](<https://example.com/a?b=1&c=2>)."
    );
    assert_eq!(
        md("<a href='mailto:team@example.com'>mail</a>"),
        "[mail](<mailto:team@example.com>)"
    );
    assert_eq!(md("<a href=\"javascript:alert(1)\">click</a>"), "click");
    assert_eq!(md("<a href=\"JavaScript:alert(1)\">click</a>"), "click");
    assert_eq!(md("<a href=\"/relative\">here</a>"), "here");
    assert_eq!(md("<a name=\"anchor\">no href</a>"), "no href");
    assert_eq!(
        md("<a href=\"https://x.example/>\" onclick=\"evil()\">q</a>"),
        "[q](<https://x.example/%3E>)"
    );
    // Links do not nest.
    assert_eq!(
        md("<a href=\"https://a.example\">a <a href=\"https://b.example\">b</a>"),
        "[a](<https://a.example/>) [b](<https://b.example/>)"
    );
}

#[test]
fn lists_nest() {
    assert_eq!(
        md("Kinds:<ul><li>one</li><li>two</li></ul>After"),
        "Kinds:\n\n- one\n- two\n\nAfter"
    );
    assert_eq!(md("<ol><li>a<li>b</ol>"), "1. a\n2. b");
    assert_eq!(md("<ol start=\"3\"><li>c</li></ol>"), "3. c");
    assert_eq!(
        md(
            "<ul>\n  <li>a\n    <ol>\n      <li>b</li>\n      <li>c<br>d</li>\n    </ol>\n  </li>\n  <li>e</li>\n</ul>"
        ),
        "- a\n  1. b\n  2. c\\\n     d\n- e"
    );
    assert_eq!(md("<li>loose item"), "- loose item");
}

#[test]
fn entities_are_decoded_and_mean_no_markdown() {
    assert_eq!(md("Tom &amp; Jerry"), "Tom \\& Jerry");
    assert_eq!(md("&lt;b&gt;not bold&lt;/b&gt;"), "\\<b\\>not bold\\</b\\>");
    assert_eq!(md("&#42;not emphasis&#x2A;"), "\\*not emphasis\\*");
    assert_eq!(
        md("a&nbsp;b &quot;q&quot; &#39;s&#39; &eacute; &#0; &#xD800; &#999999999999;"),
        "a\u{a0}b \"q\" 's' &eacute; \u{fffd} \u{fffd} &#999999999999;"
    );
    assert_eq!(plain("Tom &amp; <b>Jerry</b><br>&lt;3"), "Tom & Jerry <3");
}

#[test]
fn everything_else_stays_text() {
    for text in [
        "<script>alert('<b>x</b>')</script>",
        "<img src=x onerror=alert(1)>",
        "<iframe src=\"https://evil.example\"></iframe>",
        "<style>p { color: red }</style>",
        "<!-- <b>hidden</b> -->",
        "<div class=\"note\">",
    ] {
        assert_eq!(md(text), text);
    }
    assert_eq!(
        md("<p onclick=\"evil()\">Hi <span style=\"x\">there</span></p>"),
        "Hi <span style=\"x\">there</span>"
    );
}

#[test]
fn values_other_than_text_are_copied() {
    use serde_json::json;
    assert_eq!(prose(&json!("<b>x</b>")), json!("**x**"));
    assert_eq!(prose(&json!(12)), json!(12));
}
