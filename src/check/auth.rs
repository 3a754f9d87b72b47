//! Authentication: the schemes that endpoints and the default name exist, the scopes asked of
//! a scheme are scopes it declares, scheme names make distinct ids, and every declared scope is
//! needed by some endpoint (the `unused-scope` lint).

use std::collections::{BTreeSet, HashMap};

use super::walk::{item, scheme_path};
use crate::diagnostic::{Code, Diagnostic, SpecPath, suggest};
use crate::markdown::slug;
use crate::spec::{AuthKind, AuthScheme, Authentication, EndpointAuth, Security, Spec};

pub(super) fn check(spec: &Spec, diags: &mut Vec<Diagnostic>) {
    colliding_names(spec, diags);
    if let Some(default) = spec
        .authentication
        .as_ref()
        .and_then(|auth| auth.default.as_ref())
    {
        let path = SpecPath::root().key("authentication").key("default");
        security(spec, default, &path, diags);
    }
    for (id, endpoint) in &spec.endpoints {
        let path = item("endpoints", id).key("auth");
        match &endpoint.auth {
            EndpointAuth::Schemes(named) => security(spec, named, &path, diags),
            EndpointAuth::Inherit { scopes } => default_scopes(spec, scopes, &path, diags),
            EndpointAuth::Public => {}
        }
    }
    unused_scopes(spec, diags);
}

/// Scheme names whose heading ids would be the same.
fn colliding_names(spec: &Spec, diags: &mut Vec<Diagnostic>) {
    let Some(auth) = spec.authentication.as_ref().filter(|auth| auth.named) else {
        return;
    };
    let mut first: HashMap<String, &str> = HashMap::new();
    for name in auth.schemes.keys() {
        let anchor = slug(name);
        match first.get(&anchor) {
            Some(first_name) => diags.push(
                Diagnostic::error(
                    Code::DuplicateId,
                    format!(
                        "the schemes `{first_name}` and `{name}` differ only in case or punctuation"
                    ),
                )
                .at(&scheme_path(auth, name))
                .with_label(&scheme_path(auth, first_name), "first declared here")
                .with_help(format!(
                    "both would be linked as `{anchor}`; rename one of them"
                )),
            ),
            None => {
                first.insert(anchor, name);
            }
        }
    }
}

/// Schemes named by `security` (at `path`): each exists, and the scopes asked of it are its.
fn security(spec: &Spec, security: &Security, path: &SpecPath, diags: &mut Vec<Diagnostic>) {
    for (idx, requirement) in security.alternatives.iter().enumerate() {
        let path = if security.listed {
            path.index(idx)
        } else {
            path.clone()
        };
        for use_ in &requirement.schemes {
            let use_path = if use_.bare {
                path.clone()
            } else {
                path.key(&use_.scheme)
            };
            let Some(scheme) = spec
                .authentication
                .as_ref()
                .and_then(|auth| auth.schemes.get(&use_.scheme))
            else {
                diags.push(unknown_scheme(spec, &use_.scheme, &use_path));
                continue;
            };
            let Some(auth) = &spec.authentication else {
                continue;
            };
            let declare_under = format!("{}.scopes", scheme_path(auth, &use_.scheme));
            // An OpenID provider lists its scopes in its discovery document; OpenAPI 3.1 lets
            // a requirement of another kind name roles.
            let listed_elsewhere = scheme.scopes.is_empty()
                && (scheme.kind == AuthKind::OpenIdConnect
                    || (spec.reads_openapi() && scheme.kind != AuthKind::OAuth2));
            for (idx, scope) in use_.scopes.iter().enumerate() {
                if listed_elsewhere {
                    break;
                }
                if scheme.scopes.contains_key(scope) {
                    continue;
                }
                let scope_path = use_path.index(idx);
                if scheme.scopes.is_empty() {
                    diags.push(
                        Diagnostic::error(
                            Code::UnresolvedReference,
                            format!(
                                "the scheme `{}` ({}) declares no scopes, but the scope `{scope}` is asked of it",
                                use_.scheme,
                                scheme.kind.title()
                            ),
                        )
                        .at(&scope_path)
                        .about(scope)
                        .with_help(format!(
                            "remove the scope, or declare it under `{declare_under}`"
                        )),
                    );
                } else {
                    let known = scheme.scopes.keys().map(String::as_str);
                    diags.push(unknown_scope(
                        &format!("unknown scope `{scope}` of the scheme `{}`", use_.scheme),
                        scope,
                        &scope_path,
                        known,
                        &declare_under,
                    ));
                }
            }
        }
    }
}

/// `auth: { scopes: [...] }`: the scopes are asked of the default schemes, so in every
/// alternative of the default some scheme must declare each of them.
fn default_scopes(spec: &Spec, scopes: &[String], path: &SpecPath, diags: &mut Vec<Diagnostic>) {
    let scopes_path = path.key("scopes");
    let Some(auth) = &spec.authentication else {
        // Nothing declares scopes.
        for (idx, scope) in scopes.iter().enumerate() {
            diags.push(unknown_scope(
                &format!("unknown scope `{scope}`"),
                scope,
                &scopes_path.index(idx),
                std::iter::empty(),
                "authentication.scopes",
            ));
        }
        return;
    };
    let alternatives = auth.default_security();
    for (idx, scope) in scopes.iter().enumerate() {
        let scope_path = scopes_path.index(idx);
        for requirement in &alternatives {
            let schemes: Vec<(&str, &AuthScheme)> = requirement
                .schemes
                .iter()
                .filter_map(|use_| {
                    let scheme = auth.schemes.get(&use_.scheme)?;
                    Some((use_.scheme.as_str(), scheme))
                })
                .collect();
            if schemes
                .iter()
                .any(|(_, scheme)| scheme.scopes.contains_key(scope))
            {
                continue;
            }
            if requirement.schemes.is_empty() {
                diags.push(
                    Diagnostic::error(
                        Code::UnresolvedReference,
                        format!("the scope `{scope}` is asked of the default schemes, but the default is no authentication"),
                    )
                    .at(&scope_path)
                    .about(scope)
                    .with_help("name the scheme with its scopes, e.g. `auth: { partner: [...] }`, or remove `scopes`"),
                );
                break;
            }
            let Some(&(first_name, first_scheme)) = schemes.first() else {
                // The default names no declared scheme: reported at `authentication.default`.
                break;
            };
            // The single form keeps its words; named schemes say which scheme lacks it.
            let with_scopes = schemes.iter().find(|(_, scheme)| !scheme.scopes.is_empty());
            let diag = match (auth.named, with_scopes) {
                (true, None) => {
                    let (name, scheme) = (first_name, first_scheme);
                    Diagnostic::error(
                        Code::UnresolvedReference,
                        format!(
                            "the default scheme `{name}` ({}) declares no scopes, but the scope `{scope}` is asked of it",
                            scheme.kind.title()
                        ),
                    )
                    .at(&scope_path)
                    .about(scope)
                    .with_help(format!(
                        "remove the scope, or declare it under `{}.scopes`",
                        scheme_path(auth, name)
                    ))
                }
                (_, with_scopes) => {
                    let known = schemes
                        .iter()
                        .flat_map(|(_, scheme)| scheme.scopes.keys().map(String::as_str));
                    let (name, _) = with_scopes.copied().unwrap_or((first_name, first_scheme));
                    let under = format!("{}.scopes", scheme_path(auth, name));
                    unknown_scope(
                        &format!("unknown scope `{scope}`"),
                        scope,
                        &scope_path,
                        known,
                        &under,
                    )
                }
            };
            diags.push(diag);
            break;
        }
    }
}

fn unknown_scheme(spec: &Spec, name: &str, path: &SpecPath) -> Diagnostic {
    let names: Vec<&str> = spec
        .authentication
        .iter()
        .flat_map(|auth| auth.schemes.keys().map(String::as_str))
        .collect();
    let help = suggest(name, names.iter().copied()).unwrap_or_else(|| {
        if names.is_empty() {
            "declare it under `authentication`".to_owned()
        } else {
            format!(
                "declare it under `authentication`, or use one of: {}",
                names.join(", ")
            )
        }
    });
    Diagnostic::error(
        Code::UnresolvedReference,
        format!("unknown authentication scheme `{name}`"),
    )
    .at(path)
    .about(name)
    .with_help(help)
}

fn unknown_scope<'a>(
    message: &str,
    scope: &str,
    path: &SpecPath,
    known: impl Iterator<Item = &'a str> + Clone,
    declare_under: &str,
) -> Diagnostic {
    let help = suggest(scope, known.clone()).unwrap_or_else(|| {
        let names: Vec<&str> = known.take(12).collect();
        if names.is_empty() {
            format!("declare it under `{declare_under}`")
        } else {
            format!(
                "declare it under `{declare_under}`, or use one of: {}",
                names.join(", ")
            )
        }
    });
    Diagnostic::error(Code::UnresolvedReference, message)
        .at(path)
        .about(scope)
        .with_help(help)
}

/// Scopes of a scheme that no endpoint asks of it.
fn unused_scopes(spec: &Spec, diags: &mut Vec<Diagnostic>) {
    let Some(auth) = &spec.authentication else {
        return;
    };
    let mut used: BTreeSet<(&str, String)> = BTreeSet::new();
    for endpoint in spec.endpoints.values() {
        for requirement in spec.security_of(endpoint) {
            for use_ in requirement.schemes {
                if let Some((name, _)) = auth.schemes.get_key_value(&use_.scheme) {
                    used.extend(use_.scopes.into_iter().map(|scope| (name.as_str(), scope)));
                }
            }
        }
    }
    for (name, scheme) in &auth.schemes {
        for scope in scheme.scopes.keys() {
            if used.contains(&(name.as_str(), scope.clone())) {
                continue;
            }
            diags.push(
                Diagnostic::warning(
                    Code::UnusedScope,
                    format!("scope `{scope}` is needed by no endpoint"),
                )
                .at(&scheme_path(auth, name).key("scopes").key(scope))
                .with_help(unused_help(auth, name, scope)),
            );
        }
    }
}

fn unused_help(auth: &Authentication, name: &str, scope: &str) -> String {
    if auth.named {
        format!(
            "ask for it in an endpoint's `auth`, e.g. `auth: {{ {name}: [{scope}] }}`, or remove it"
        )
    } else {
        "name it in an endpoint's `auth.scopes`, or remove it".to_owned()
    }
}

#[cfg(test)]
mod tests {
    use crate::load::{Format, parse_spec};

    fn findings(yaml: &str) -> Vec<String> {
        let text = format!("integration-spec: \"1.0\"\ninfo: {{title: T, version: 1.0.0}}\n{yaml}");
        let (spec, diags) = parse_spec(&text, Format::Yaml);
        assert_eq!(diags, [], "{yaml}");
        let mut found = Vec::new();
        super::check(&spec.unwrap(), &mut found);
        found
            .into_iter()
            .map(|diag| {
                let path = diag.path.map(|path| path.to_string()).unwrap_or_default();
                let help = diag.help.unwrap_or_default();
                format!("{}: {} at {path} ({help})", diag.code, diag.message)
            })
            .collect()
    }

    const SCHEMES: &str = "authentication:\n\
                           \x20 partner: {type: oauth2, scopes: {orders:read: R, orders:write: W}}\n\
                           \x20 key: {type: api_key, header: X-Key}\n";

    #[test]
    fn named_schemes_and_their_scopes_must_exist() {
        let yaml = format!(
            "{SCHEMES}endpoints:\n\
             \x20 a: {{method: GET, path: /a, auth: [partnr, {{partner: [orders:reed, orders:read]}}]}}\n\
             \x20 b: {{method: GET, path: /b, auth: {{key: [admin], partner: orders:write}}}}\n"
        );
        assert_eq!(
            findings(&yaml),
            [
                "unresolved-reference: unknown authentication scheme `partnr` at endpoints.a.auth[0] (did you mean `partner`?)",
                "unresolved-reference: unknown scope `orders:reed` of the scheme `partner` at endpoints.a.auth[1].partner[0] (did you mean `orders:read`?)",
                "unresolved-reference: the scheme `key` (API key) declares no scopes, but the scope `admin` is asked of it at endpoints.b.auth.key[0] (remove the scope, or declare it under `authentication.key.scopes`)",
            ]
        );
    }

    #[test]
    fn the_default_takes_the_scopes_of_auth_scopes() {
        // The first scheme is the default: its scopes are the ones to ask for.
        let yaml = format!(
            "{SCHEMES}endpoints:\n\
             \x20 a: {{method: GET, path: /a, auth: {{scopes: [orders:read, orders:write, admin]}}}}\n"
        );
        assert_eq!(
            findings(&yaml),
            [
                "unresolved-reference: unknown scope `admin` at endpoints.a.auth.scopes[2] (declare it under `authentication.partner.scopes`, or use one of: orders:read, orders:write)"
            ]
        );
        // A default without scopes says so.
        let yaml = format!(
            "{SCHEMES}  default: key\nendpoints:\n\
             \x20 a: {{method: GET, path: /a, auth: {{scopes: [orders:read]}}}}\n"
        );
        let found = findings(&yaml);
        assert_eq!(
            found[0],
            "unresolved-reference: the default scheme `key` (API key) declares no scopes, but the scope `orders:read` is asked of it at endpoints.a.auth.scopes[0] (remove the scope, or declare it under `authentication.key.scopes`)"
        );
        // `partner` is no endpoint's scheme now.
        assert_eq!(
            found[1],
            "unused-scope: scope `orders:read` is needed by no endpoint at authentication.partner.scopes.orders:read (ask for it in an endpoint's `auth`, e.g. `auth: { partner: [orders:read] }`, or remove it)"
        );
        assert_eq!(found.len(), 3);
    }

    #[test]
    fn a_single_scheme_keeps_its_words() {
        let yaml = "authentication: {type: oauth2, scopes: {read: R}}\n\
                    endpoints:\n  a: {method: GET, path: /a, auth: {scopes: [read, write]}}\n";
        assert_eq!(
            findings(yaml),
            [
                "unresolved-reference: unknown scope `write` at endpoints.a.auth.scopes[1] (declare it under `authentication.scopes`, or use one of: read)"
            ]
        );
        let yaml = "endpoints:\n  a: {method: GET, path: /a, auth: {scopes: [read]}}\n";
        assert_eq!(
            findings(yaml),
            [
                "unresolved-reference: unknown scope `read` at endpoints.a.auth.scopes[0] (declare it under `authentication.scopes`)"
            ]
        );
    }

    #[test]
    fn scopes_are_used_per_scheme() {
        // `orders:read` of `partner` is used; the same name of `other` is not.
        let yaml = "authentication:\n\
                    \x20 partner: {type: oauth2, scopes: {orders:read: R}}\n\
                    \x20 other: {type: oauth2, scopes: {orders:read: R}}\n\
                    endpoints:\n  a: {method: GET, path: /a, auth: {scopes: [orders:read]}}\n";
        assert_eq!(
            findings(yaml),
            [
                "unused-scope: scope `orders:read` is needed by no endpoint at authentication.other.scopes.orders:read (ask for it in an endpoint's `auth`, e.g. `auth: { other: [orders:read] }`, or remove it)"
            ]
        );
    }

    #[test]
    fn scheme_names_make_distinct_ids() {
        let yaml = "authentication:\n  API Key: {type: api_key}\n  api-key: {type: api_key}\n";
        assert_eq!(
            findings(yaml),
            [
                "duplicate-id: the schemes `API Key` and `api-key` differ only in case or punctuation at authentication.api-key (both would be linked as `api-key`; rename one of them)"
            ]
        );
    }

    #[test]
    fn the_default_names_declared_schemes() {
        let yaml = "authentication:\n  default: [key, tls]\n  key: {type: api_key}\n";
        assert_eq!(
            findings(yaml),
            [
                "unresolved-reference: unknown authentication scheme `tls` at authentication.default[1] (declare it under `authentication`, or use one of: key)"
            ]
        );
    }
}
