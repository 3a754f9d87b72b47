//! The Authentication section (one scheme as a table with its scopes, headers and diagram, or
//! each named scheme under its own heading after the default), and the words an endpoint's
//! Authentication row uses for the schemes it accepts.

use super::auth_diagram::auth_diagram;
use super::doc::{Doc, Inline, code, strong, text};
use super::parties::parties;
use super::prose::{prose, prose_line};
use super::shared::Shared;
use crate::markdown::slug;
use crate::select::Section;
use crate::spec::{AuthKind, AuthScheme, Authentication, Endpoint, Requirement, Spec};

pub(super) fn render_authentication(doc: &mut Doc<'_>, spec: &Spec, _: &Shared<'_>) {
    let Some(auth) = &spec.authentication else {
        return;
    };
    if !auth.named {
        for scheme in auth.schemes.values() {
            render_scheme(doc, spec, scheme);
        }
        return;
    }
    let default = auth.default_security();
    let mut line = vec![strong("Default:"), text(" ")];
    line.extend(match default.as_slice() {
        [] => vec![text("no scheme is declared")],
        [requirement] if requirement.schemes.is_empty() => {
            vec![text("no authentication (public endpoints)")]
        }
        alternatives => {
            let mut names = phrase(doc, auth, alternatives, Words::Names);
            names.push(text(
                ", for every endpoint that names no schemes of its own.",
            ));
            names
        }
    });
    doc.paragraph(line);
    let id = doc.anchors.section(Section::Authentication.name());
    for (name, scheme) in &auth.schemes {
        doc.heading(1, &format!("{id}.{}", slug(name)), vec![text(name.clone())]);
        render_scheme(doc, spec, scheme);
    }
}

/// One scheme: its properties, description, scopes, headers and diagram.
fn render_scheme(doc: &mut Doc<'_>, spec: &Spec, scheme: &AuthScheme) {
    let row = |label: &str, value: Vec<Inline>| vec![vec![text(label)], value];
    let url = |value: &Option<String>| value.clone().map(|url| vec![code(url)]);
    let mut rows = vec![row("Type", vec![text(scheme.kind.title())])];
    if !scheme.flows.is_empty() {
        rows.push(row(
            "Flow",
            codes(scheme.flows.iter().map(|flow| flow.as_str())),
        ));
    }
    if let Some(method) = scheme.pkce {
        rows.push(row("PKCE", vec![code(method.as_str())]));
    }
    if let Some(format) = &scheme.token_format {
        rows.push(row("Token format", vec![text(format.clone())]));
    }
    for (label, value) in [
        ("Discovery document", url(&scheme.discovery_url)),
        ("Token endpoint", url(&scheme.token_endpoint)),
        (
            "Authorization endpoint",
            url(&scheme.authorization_endpoint),
        ),
        ("Refresh endpoint", url(&scheme.refresh_endpoint)),
    ] {
        if let Some(value) = value {
            rows.push(row(label, value));
        }
    }
    if let Some(refresh) = &scheme.token_refresh {
        let mut parts = Vec::new();
        match refresh.automatic {
            Some(true) => parts.push("automatic".to_owned()),
            Some(false) => parts.push("manual".to_owned()),
            None => {}
        }
        if let Some(seconds) = refresh.threshold_seconds {
            parts.push(format!("{seconds} s before expiry"));
        }
        rows.push(row("Token refresh", vec![text(parts.join(", "))]));
    }
    if let Some(place) = &scheme.api_key {
        let value = vec![
            text(format!("{} ", place.location.as_str())),
            code(place.name.clone()),
        ];
        rows.push(row("Key in", value));
    }
    if let Some(signing) = &scheme.signing {
        if let Some(header) = &signing.header {
            rows.push(row("Signature header", vec![code(header.clone())]));
        }
        if let Some(algorithm) = &signing.algorithm {
            rows.push(row("Algorithm", vec![text(algorithm.clone())]));
        }
        if !signing.signed.is_empty() {
            rows.push(row("Signed", vec![text(signing.signed.join(", "))]));
        }
        if let Some(secret) = &signing.secret {
            let secret = prose_line(doc, secret);
            rows.push(row("Secret", secret));
        }
    }
    doc.table(&["Property", "Value"], rows);
    if let Some(description) = &scheme.description {
        prose(doc, description);
    }
    if !scheme.scopes.is_empty() {
        doc.paragraph(vec![strong("Scopes:")]);
        let rows = scheme
            .scopes
            .iter()
            .map(|(scope, meaning)| vec![vec![code(scope.clone())], prose_line(doc, meaning)])
            .collect();
        doc.table(&["Scope", "Grants"], rows);
    }
    if !scheme.headers.is_empty() {
        doc.paragraph(vec![strong("Headers on every request:")]);
        let rows = scheme
            .headers
            .iter()
            .map(|(name, value)| vec![vec![code(name.clone())], vec![code(value.clone())]])
            .collect();
        doc.table(&["Header", "Value"], rows);
    }
    if let Some(diagram) = auth_diagram(scheme, &parties(spec, scheme)) {
        doc.code_block("mermaid", &diagram);
    }
}

/// The value of an endpoint's Authentication row: what it accepts, each scheme linked to its
/// heading when the schemes are named. One scheme reads `OAuth 2.0, scopes `orders:read``;
/// several `API key, or Mutual TLS and OAuth 2.0 with scope `orders:read``.
pub(super) fn accepted(doc: &Doc<'_>, spec: &Spec, endpoint: &Endpoint) -> Vec<Inline> {
    let alternatives = spec.security_of(endpoint);
    let Some(auth) = &spec.authentication else {
        return match alternatives.as_slice() {
            [requirement] if requirement.schemes.is_empty() => {
                vec![text("None (public endpoint)")]
            }
            _ => vec![text("Not specified")],
        };
    };
    match alternatives.as_slice() {
        [] => vec![text("Not specified")],
        [requirement] if requirement.schemes.is_empty() => vec![text("None (public endpoint)")],
        [requirement] if requirement.schemes.len() == 1 => {
            let use_ = &requirement.schemes[0];
            let mut cell = vec![scheme_words(doc, auth, &use_.scheme, Words::Titles)];
            for (idx, scope) in use_.scopes.iter().enumerate() {
                cell.push(text(if idx == 0 { ", scopes " } else { ", " }));
                cell.push(code(scope.clone()));
            }
            cell
        }
        alternatives => phrase(doc, auth, alternatives, Words::Titles),
    }
}

/// How schemes are called: by their type's title (`OAuth 2.0`) in endpoint rows, by name in
/// the Authentication section.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Words {
    Titles,
    Names,
}

/// Alternatives joined by `, or `, schemes used together by ` and `, each with its scopes.
fn phrase(
    doc: &Doc<'_>,
    auth: &Authentication,
    alternatives: &[Requirement],
    words: Words,
) -> Vec<Inline> {
    let mut out = Vec::new();
    for (idx, requirement) in alternatives.iter().enumerate() {
        if idx > 0 {
            out.push(text(", or "));
        }
        if requirement.schemes.is_empty() {
            out.push(text("no authentication"));
        }
        for (idx, use_) in requirement.schemes.iter().enumerate() {
            if idx > 0 {
                out.push(text(" and "));
            }
            // A scheme of no authentication, among others, reads as such.
            let anonymous = auth
                .schemes
                .get(&use_.scheme)
                .is_some_and(|scheme| scheme.kind == AuthKind::None);
            if anonymous && words == Words::Titles {
                out.push(text("no authentication"));
            } else {
                out.push(scheme_words(doc, auth, &use_.scheme, words));
            }
            match use_.scopes.as_slice() {
                [] => {}
                [scope] => {
                    out.push(text(" with scope "));
                    out.push(code(scope.clone()));
                }
                scopes => {
                    out.push(text(" with scopes "));
                    for (idx, scope) in scopes.iter().enumerate() {
                        if idx > 0 {
                            out.push(text(", "));
                        }
                        out.push(code(scope.clone()));
                    }
                }
            }
        }
    }
    out
}

/// A scheme as words: its title (with its name when another scheme has the same type) or its
/// name; linked to its heading when the schemes are named and the section is rendered.
fn scheme_words(doc: &Doc<'_>, auth: &Authentication, name: &str, words: Words) -> Inline {
    let Some(scheme) = auth.schemes.get(name) else {
        return text(name);
    };
    let label = match words {
        Words::Names => format!("{name} ({})", scheme.kind.title()),
        Words::Titles => {
            let shared = auth
                .schemes
                .iter()
                .any(|(other, kind)| other != name && kind.kind == scheme.kind);
            if shared {
                format!("{} ({name})", scheme.kind.title())
            } else {
                scheme.kind.title().to_owned()
            }
        }
    };
    if !auth.named {
        return text(label);
    }
    match doc.section_link_dest(Section::Authentication, &slug(name)) {
        Some(dest) => Inline::Link {
            dest,
            content: vec![text(label)],
        },
        None => text(label),
    }
}

/// Values as code spans, separated by commas.
fn codes<'a>(values: impl Iterator<Item = &'a str>) -> Vec<Inline> {
    let mut out = Vec::new();
    for (idx, value) in values.enumerate() {
        if idx > 0 {
            out.push(text(", "));
        }
        out.push(code(value));
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::load::{Format, parse_spec};
    use crate::render::{RenderOptions, render_spec};

    fn render(yaml: &str, words: &[&str]) -> String {
        let text = format!("integration-spec: \"1.0\"\ninfo: {{title: T, version: 1.0.0}}\n{yaml}");
        let (spec, diags) = parse_spec(&text, Format::Yaml);
        assert_eq!(diags, []);
        let spec = spec.unwrap();
        let words: Vec<String> = words.iter().map(|w| (*w).to_owned()).collect();
        let arguments = crate::directive::parse_arguments(&words).unwrap();
        let options = RenderOptions {
            selection: crate::select::select(&spec, &arguments).unwrap(),
            ..RenderOptions::whole(1, "t")
        };
        render_spec(&spec, &options).unwrap()
    }

    fn row(markdown: &str) -> &str {
        markdown
            .lines()
            .find(|line| line.starts_with("|Authentication|"))
            .unwrap_or_else(|| panic!("no Authentication row in {markdown}"))
    }

    const SCHEMES: &str = "authentication:\n\
                           \x20 partner: {type: oauth2, scopes: {orders:read: R, orders:write: W}}\n\
                           \x20 tls: {type: mtls}\n\
                           \x20 reporting: {type: api_key}\n\
                           \x20 legacy: {type: api_key}\n";

    #[test]
    fn endpoint_rows_say_which_schemes_are_accepted() {
        let endpoints = "endpoints:\n\
                         \x20 a: {method: GET, path: /a, auth: [tls, {partner: [orders:read]}]}\n\
                         \x20 b: {method: GET, path: /b, auth: {tls: ~, partner: [orders:read, orders:write]}}\n\
                         \x20 c: {method: GET, path: /c, auth: {scopes: [orders:read]}}\n\
                         \x20 d: {method: GET, path: /d, auth: [reporting, none]}\n";
        let yaml = format!("{SCHEMES}{endpoints}");
        let link = |name: &str| format!("#t.authentication.{name}");
        // Scheme names link to their headings when this render shows the section.
        let whole = render(&yaml, &[]);
        let a = whole.split("{ #t.endpoints.a }").nth(1).unwrap();
        assert_eq!(
            row(a),
            format!(
                "|Authentication|[Mutual TLS]({}), or [OAuth 2.0]({}) with scope `orders:read`|",
                link("tls"),
                link("partner")
            )
        );
        let rows = |id: &str| {
            let markdown = render(&yaml, &[&format!("endpoints={id}")]);
            row(&markdown).to_owned()
        };
        assert_eq!(
            rows("b"),
            "|Authentication|Mutual TLS and OAuth 2.0 with scopes `orders:read`, `orders:write`|"
        );
        // The default (the first scheme) alone keeps the words of one scheme.
        assert_eq!(
            rows("c"),
            "|Authentication|OAuth 2.0, scopes `orders:read`|"
        );
        // A scheme of type `none` among alternatives reads as no authentication.
        let yaml_none = format!(
            "{SCHEMES}  anonymous: {{type: none}}\nendpoints:\n  e: {{method: GET, path: /e, auth: [tls, anonymous]}}\n"
        );
        let markdown = render(&yaml_none, &["endpoints=e"]);
        assert_eq!(
            row(&markdown),
            "|Authentication|Mutual TLS, or no authentication|"
        );
        // Two schemes of one type are told apart by name.
        assert_eq!(
            rows("d"),
            "|Authentication|API key (reporting), or no authentication|"
        );
    }

    #[test]
    fn named_schemes_get_headings_after_the_default() {
        let yaml = format!("{SCHEMES}  default: {{tls: ~, partner: ~}}\n");
        let markdown = render(&yaml, &["sections=authentication"]);
        assert!(
            markdown.contains(
                "**Default:** [tls (Mutual TLS)](#t.authentication.tls) and [partner (OAuth 2.0)](#t.authentication.partner), for every endpoint that names no schemes of its own."
            ),
            "{markdown}"
        );
        let headings: Vec<&str> = markdown
            .lines()
            .filter(|line| line.starts_with("### "))
            .collect();
        assert_eq!(
            headings,
            [
                "### partner { #t.authentication.partner }",
                "### tls { #t.authentication.tls }",
                "### reporting { #t.authentication.reporting }",
                "### legacy { #t.authentication.legacy }",
            ]
        );
        assert_eq!(markdown.matches("sequenceDiagram").count(), 4);
    }

    #[test]
    fn scheme_names_and_places_are_escaped() {
        let yaml = "authentication:\n\
                    \x20 \"<b>k</b>|`x`\": {type: api_key, cookie: \"s'; rm -rf /\"}\n\
                    endpoints:\n  a: {method: GET, path: /a}\n";
        let markdown = render(yaml, &[]);
        assert!(
            markdown.contains("### \\<b>k\\</b>\\|\\`x\\` { #t.authentication.b-k-b-x }"),
            "{markdown}"
        );
        assert!(
            markdown.contains("--cookie 's'\\''; rm -rf /={api_key}'"),
            "{markdown}"
        );
        assert!(
            markdown.contains("[\\<b>k\\</b>\\|\\`x\\` (API key)]"),
            "{markdown}"
        );
    }

    #[test]
    fn a_default_of_none_is_public() {
        let yaml =
            format!("{SCHEMES}  default: none\nendpoints:\n  a: {{method: GET, path: /a}}\n");
        let markdown = render(&yaml, &[]);
        assert!(markdown.contains("**Default:** no authentication (public endpoints)"));
        assert!(markdown.contains("|Authentication|None (public endpoint)|"));
    }
}
