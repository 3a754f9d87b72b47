//! Cross-references and identity: every name points at something that exists, nothing that
//! must be unique is declared twice, paths and their parameters agree, URLs are URLs.

use std::cell::Cell;
use std::collections::{BTreeSet, HashMap};

use pulldown_cmark::{Event, Tag};

use super::walk::{each_prose, item, scheme_path};
use crate::diagnostic::{Code, Diagnostic, SpecPath, did_you_mean, suggest};
use crate::markdown::{LinkTarget, link_target, prose_events, slug};
use crate::spec::{Branch, Endpoint, Kind, Spec, Step, TestScenario, response_for};

pub(super) fn check(spec: &Spec, diags: &mut Vec<Diagnostic>) {
    duplicate_systems(spec, diags);
    duplicate_routes(spec, diags);
    colliding_anchors(spec, diags);
    let names = Names::new(spec);
    endpoint_references(spec, diags, &names);
    path_params(spec, diags);
    flow_references(spec, diags, &names);
    test_references(spec, diags, &names);
    rate_limit_references(spec, diags, &names);
    urls(spec, diags);
    error_statuses(spec, diags);
    super::error_bodies::members_exist(spec, diags);
    prose_links(spec, diags, &names);
}

/// How many unknown names get a "did you mean" per spec; later ones list the names instead.
const MAX_SUGGESTIONS: usize = 200;

/// Looks up the names a spec refers to; an unknown one is reported with a "did you mean".
struct Names<'s> {
    spec: &'s Spec,
    /// "Did you mean" compares a name with every declared one: the work on a spec with
    /// thousands of unknown names is bounded.
    suggestions: Cell<usize>,
}

impl<'s> Names<'s> {
    fn new(spec: &'s Spec) -> Self {
        Names {
            spec,
            suggestions: Cell::new(MAX_SUGGESTIONS),
        }
    }

    fn error_code(&self, name: &str, path: &SpecPath) -> Option<Diagnostic> {
        let known = || self.spec.errors.keys().map(String::as_str);
        (!self.spec.errors.contains_key(name))
            .then(|| self.unknown("error code", name, path, known(), "errors"))
    }

    fn endpoint(&self, name: &str, path: &SpecPath) -> Option<Diagnostic> {
        let known = || self.spec.endpoints.keys().map(String::as_str);
        (!self.spec.endpoints.contains_key(name))
            .then(|| self.unknown("endpoint", name, path, known(), "endpoints"))
    }

    fn webhook(&self, name: &str, path: &SpecPath) -> Option<Diagnostic> {
        let known = || self.spec.webhooks.keys().map(String::as_str);
        (!self.spec.webhooks.contains_key(name))
            .then(|| self.unknown("webhook", name, path, known(), "webhooks"))
    }

    fn flow(&self, name: &str, path: &SpecPath) -> Option<Diagnostic> {
        let known = || self.spec.flows.keys().map(String::as_str);
        (!self.spec.flows.contains_key(name))
            .then(|| self.unknown("flow", name, path, known(), "flows"))
    }

    /// An unresolved reference, with a "did you mean" among the names that exist.
    fn unknown<'a>(
        &self,
        what: &str,
        name: &str,
        path: &SpecPath,
        known: impl IntoIterator<Item = &'a str> + Clone,
        declare_under: &str,
    ) -> Diagnostic {
        let left = self.suggestions.get();
        self.suggestions.set(left.saturating_sub(1));
        let suggestion = if left > 0 {
            suggest(name, known.clone())
        } else {
            None
        };
        let help = match suggestion {
            // `errors: A, B` is one text, not a list.
            _ if name.contains(", ") => {
                let names: Vec<&str> = name.split(',').map(str::trim).collect();
                format!("to name several, write a list: `[{}]`", names.join(", "))
            }
            Some(suggestion) => suggestion,
            None => {
                let names: Vec<&str> = known.into_iter().take(12).collect();
                if names.is_empty() {
                    format!("declare it under `{declare_under}`")
                } else {
                    format!(
                        "declare it under `{declare_under}`, or use one of: {}",
                        names.join(", ")
                    )
                }
            }
        };
        Diagnostic::error(
            Code::UnresolvedReference,
            format!("unknown {what} `{name}`"),
        )
        .at(path)
        .about(name)
        .with_help(help)
    }
}

fn duplicate_systems(spec: &Spec, diags: &mut Vec<Diagnostic>) {
    let Some(overview) = &spec.overview else {
        return;
    };
    let systems = SpecPath::root().key("overview").key("systems");
    let mut first: HashMap<&str, usize> = HashMap::new();
    for (idx, system) in overview.systems.iter().enumerate() {
        if let Some(first_idx) = first.get(system.name.as_str()) {
            diags.push(
                Diagnostic::error(
                    Code::DuplicateId,
                    format!("system `{}` is declared twice", system.name),
                )
                .at(&systems.index(idx))
                .with_label(&systems.index(*first_idx), "first declared here")
                .with_help("remove one of the two, or give them different names"),
            );
        } else {
            first.insert(&system.name, idx);
        }
    }
}

/// Two endpoints with the same method and path (parameter names aside) are one route.
fn duplicate_routes(spec: &Spec, diags: &mut Vec<Diagnostic>) {
    let mut first: HashMap<(&str, String), &str> = HashMap::new();
    for (id, endpoint) in &spec.endpoints {
        let route = (
            endpoint.method.as_str(),
            Endpoint::route_shape(&endpoint.path),
        );
        if let Some(first_id) = first.get(&route) {
            diags.push(
                Diagnostic::error(
                    Code::DuplicateId,
                    format!(
                        "endpoints `{first_id}` and `{id}` are both `{} {}`",
                        endpoint.method.as_str(),
                        endpoint.path
                    ),
                )
                .at(&item("endpoints", id).key("path"))
                .with_label(
                    &item("endpoints", first_id).key("path"),
                    "first declared here",
                )
                .with_help("one endpoint per method and path; merge them or change one path"),
            );
        } else {
            first.insert(route, id);
        }
    }
}

/// Ids that differ only in case or punctuation would share an anchor.
fn colliding_anchors(spec: &Spec, diags: &mut Vec<Diagnostic>) {
    let sections: [(&str, Vec<&String>); 6] = [
        ("endpoints", spec.endpoints.keys().collect()),
        ("models", spec.models.keys().collect()),
        ("errors", spec.errors.keys().collect()),
        ("flows", spec.flows.keys().collect()),
        ("webhooks", spec.webhooks.keys().collect()),
        ("tests", spec.tests.keys().collect()),
    ];
    for (section, ids) in sections {
        let mut first: HashMap<String, &str> = HashMap::new();
        for id in ids {
            let anchor = slug(id);
            if let Some(first_id) = first.get(&anchor) {
                diags.push(
                    Diagnostic::error(
                        Code::DuplicateId,
                        format!("`{first_id}` and `{id}` differ only in case or punctuation"),
                    )
                    .at(&item(section, id))
                    .with_label(&item(section, first_id), "first declared here")
                    .with_help(format!(
                        "both would be linked as `{anchor}`; rename one of them"
                    )),
                );
            } else {
                first.insert(anchor, id);
            }
        }
    }
}

fn endpoint_references(spec: &Spec, diags: &mut Vec<Diagnostic>, names: &Names<'_>) {
    for (id, endpoint) in &spec.endpoints {
        let path = item("endpoints", id);
        for (idx, error) in endpoint.errors.iter().enumerate() {
            diags.extend(names.error_code(error, &path.key("errors").index(idx)));
        }
        if let Some(flow) = &endpoint.flow {
            diags.extend(names.flow(flow, &path.key("flow")));
        }
        let replacement = endpoint
            .deprecated
            .as_ref()
            .and_then(|d| d.replacement.as_ref());
        if replacement == Some(id) {
            diags.push(
                Diagnostic::error(
                    Code::UnresolvedReference,
                    format!("endpoint `{id}` names itself as its replacement"),
                )
                .at(&path.key("deprecated").key("use"))
                .with_help("name the endpoint that replaces it, or remove `use`"),
            );
        } else if let Some(replacement) = replacement {
            diags.extend(names.endpoint(replacement, &path.key("deprecated").key("use")));
        }
    }
    // A deprecated webhook's replacement is another event.
    for (event, webhook) in &spec.webhooks {
        let path = item("webhooks", event).key("deprecated").key("use");
        match webhook
            .deprecated
            .as_ref()
            .and_then(|d| d.replacement.as_ref())
        {
            Some(replacement) if replacement == event => diags.push(
                Diagnostic::error(
                    Code::UnresolvedReference,
                    format!("webhook `{event}` names itself as its replacement"),
                )
                .at(&path)
                .with_help("name the event that replaces it, or remove `use`"),
            ),
            Some(replacement) => diags.extend(names.webhook(replacement, &path)),
            None => {}
        }
    }
}

fn path_params(spec: &Spec, diags: &mut Vec<Diagnostic>) {
    for (id, endpoint) in &spec.endpoints {
        let path = item("endpoints", id);
        let in_path = path_param_names(&endpoint.path);
        let declared: Vec<&str> = endpoint
            .request
            .iter()
            .flat_map(|request| request.path_params.keys().map(String::as_str))
            .collect();
        for name in &in_path {
            if !declared.contains(name) {
                let (where_, help) = if spec.from_openapi {
                    (
                        "among the operation's parameters".to_owned(),
                        format!(
                            "add `{{ name: {name}, in: path, required: true, schema: {{ type: string }} }}` (or its real type) to the operation's or the path's `parameters`"
                        ),
                    )
                } else {
                    (
                        "in `request.path_params`".to_owned(),
                        format!(
                            "add `{name}: string (required)` (or its real type) under `request.path_params`"
                        ),
                    )
                };
                diags.push(
                    Diagnostic::error(
                        Code::PathParamMismatch,
                        format!("path parameter `{{{name}}}` is not declared {where_}"),
                    )
                    .at(&path.key("path"))
                    .with_help(help),
                );
            }
        }
        for name in declared {
            if !in_path.contains(&name) {
                diags.push(
                    Diagnostic::error(
                        Code::PathParamMismatch,
                        if spec.from_openapi {
                            format!("the path parameter `{name}` is declared, but `{}` has no `{{{name}}}`", endpoint.path)
                        } else {
                            format!(
                                "`{name}` is declared in `path_params` but `{}` has no `{{{name}}}`",
                                endpoint.path
                            )
                        },
                    )
                    .at(&path.key("request").key("path_params").key(name))
                    .with_help("remove it, or add it to the path"),
                );
            }
        }
    }
}

/// `{name}` segments of a path template, in order, each once.
fn path_param_names(path: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        let name = rest[open + 1..open + close].trim();
        if !name.is_empty() && !names.contains(&name) {
            names.push(name);
        }
        rest = &rest[open + close + 1..];
    }
    names
}

fn flow_references(spec: &Spec, diags: &mut Vec<Diagnostic>, names: &Names<'_>) {
    let declared: BTreeSet<&str> = spec
        .overview
        .iter()
        .flat_map(|overview| overview.systems.iter().map(|system| system.name.as_str()))
        .collect();
    for (id, flow) in &spec.flows {
        let mut reported = BTreeSet::new();
        let mut cx = FlowCheck {
            names,
            declared: &declared,
            reported: &mut reported,
            diags: &mut *diags,
        };
        cx.steps(&flow.steps, &item("flows", id).key("steps"));
    }
}

struct FlowCheck<'a> {
    names: &'a Names<'a>,
    declared: &'a BTreeSet<&'a str>,
    /// Each undeclared system is reported once per flow.
    reported: &'a mut BTreeSet<String>,
    diags: &'a mut Vec<Diagnostic>,
}

impl FlowCheck<'_> {
    fn steps(&mut self, steps: &[Step], path: &SpecPath) {
        for (idx, step) in steps.iter().enumerate() {
            let step_path = path.index(idx);
            match step {
                Step::Message { from, to, .. } => {
                    // The step itself, so the caret lands on `A -> B`, where the names are.
                    self.system(from, &step_path);
                    self.system(to, &step_path);
                }
                Step::Note { systems, .. } => {
                    for system in systems {
                        self.system(system, &step_path);
                    }
                }
                Step::Alt(branches) => {
                    for (branch_idx, branch) in branches.iter().enumerate() {
                        self.branch(branch, &step_path.key("alt").index(branch_idx));
                    }
                }
                Step::Opt(branch) => self.branch(branch, &step_path.key("opt")),
                Step::Loop(branch) => self.branch(branch, &step_path.key("loop")),
            }
        }
    }

    fn branch(&mut self, branch: &Branch, path: &SpecPath) {
        if let Some(error) = &branch.error {
            self.diags
                .extend(self.names.error_code(error, &path.key("error")));
        }
        self.steps(&branch.steps, &path.key("steps"));
    }

    fn system(&mut self, name: &str, path: &SpecPath) {
        if self.declared.contains(name) || !self.reported.insert(name.to_owned()) {
            return;
        }
        self.diags.push(self.names.unknown(
            "system",
            name,
            path,
            self.declared.iter().copied(),
            "overview.systems",
        ));
    }
}

fn test_references(spec: &Spec, diags: &mut Vec<Diagnostic>, names: &Names<'_>) {
    for (id, test) in &spec.tests {
        let path = item("tests", id);
        if let Some(endpoint) = &test.endpoint {
            diags.extend(names.endpoint(endpoint, &path.key("endpoint")));
        }
        if let Some(error) = test
            .expect
            .as_ref()
            .and_then(|expect| expect.error.as_ref())
        {
            diags.extend(names.error_code(error, &path.key("expect").key("error")));
        }
        for (idx, item) in test.expect.iter().flat_map(|e| &e.items).enumerate() {
            if let Some(error) = &item.error {
                let at = path.key("expect").key("items").index(idx).key("error");
                diags.extend(names.error_code(error, &at));
            }
        }
        test_expectation(spec, id, test, diags);
    }
}

/// A test's expectation agrees with its endpoint and error code: the status is the error's,
/// the error is one the endpoint lists, and a success status is a declared response.
fn test_expectation(spec: &Spec, id: &str, test: &TestScenario, diags: &mut Vec<Diagnostic>) {
    let Some(expect) = &test.expect else { return };
    let path = item("tests", id).key("expect");
    let endpoint = test
        .endpoint
        .as_ref()
        .and_then(|endpoint| Some((endpoint, spec.endpoints.get(endpoint)?)));
    let error = expect
        .error
        .as_ref()
        .and_then(|code| Some((code, spec.errors.get(code)?)));
    let mismatch = |message: String, at: &SpecPath, help: String| {
        Diagnostic::error(Code::TestMismatch, message)
            .at(at)
            .with_help(help)
    };
    if let (Some(status), Some((code, error))) = (expect.status, error)
        && status != error.http_status
    {
        diags.push(
            mismatch(
                format!(
                    "test `{id}` expects status {status} with error `{code}`, whose status is {}",
                    error.http_status
                ),
                &path.key("status"),
                format!(
                    "expect {} or correct the error's `http_status`",
                    error.http_status
                ),
            )
            .with_label(
                &item("errors", code).key("http_status"),
                "the error's status",
            ),
        );
    }
    if let (Some((endpoint_id, endpoint)), Some((code, _))) = (endpoint, error)
        && !endpoint.errors.iter().any(|listed| listed == code)
    {
        diags.push(mismatch(
            format!(
                "test `{id}` expects error `{code}`, which endpoint `{endpoint_id}` does not list"
            ),
            &path.key("error"),
            format!("add `{code}` to the `errors` of `{endpoint_id}`, or expect one it lists"),
        ));
    }
    if let (Some(status), Some((endpoint_id, endpoint))) = (expect.status, endpoint)
        && status < 400
        && !endpoint.responses.is_empty()
        && response_for(&endpoint.responses, status).is_none()
    {
        let declared: Vec<String> = endpoint.responses.keys().map(ToString::to_string).collect();
        diags.push(mismatch(
            format!("test `{id}` expects status {status}, which endpoint `{endpoint_id}` does not respond with"),
            &path.key("status"),
            format!("expect one of its responses ({}), or declare a {status} response", declared.join(", ")),
        ));
    }
    super::items::check(spec, id, test, diags);
}

fn rate_limit_references(spec: &Spec, diags: &mut Vec<Diagnostic>, names: &Names<'_>) {
    let Some(limits) = &spec.rate_limits else {
        return;
    };
    let path = SpecPath::root().key("rate_limits").key("per_endpoint");
    for endpoint in limits.per_endpoint.keys() {
        diags.extend(names.endpoint(endpoint, &path.key(endpoint)));
    }
}

fn urls(spec: &Spec, diags: &mut Vec<Diagnostic>) {
    let mut candidates: Vec<(SpecPath, &str)> = Vec::new();
    for (name, environment) in &spec.environments {
        if let Some(url) = &environment.base_url {
            candidates.push((item("environments", name).key("base_url"), url));
        }
    }
    if let Some(auth) = &spec.authentication {
        for (name, scheme) in &auth.schemes {
            let path = scheme_path(auth, name);
            for (key, url) in [
                ("token_endpoint", &scheme.token_endpoint),
                ("authorization_endpoint", &scheme.authorization_endpoint),
                ("refresh_endpoint", &scheme.refresh_endpoint),
                ("discovery_url", &scheme.discovery_url),
            ] {
                if let Some(url) = url {
                    candidates.push((path.key(key), url));
                }
            }
        }
    }
    if let Some(url) = spec
        .info
        .contact
        .as_ref()
        .and_then(|contact| contact.url.as_ref())
    {
        candidates.push((SpecPath::root().key("info").key("contact").key("url"), url));
    }
    for (code, error) in &spec.errors {
        if let Some(url) = &error.type_url {
            candidates.push((item("errors", code).key("type"), url));
        }
    }
    for (path, url) in candidates {
        if let Err(reason) = check_url(url) {
            diags.push(
                Diagnostic::error(
                    Code::InvalidUrl,
                    format!("`{url}` is not a valid URL: {reason}"),
                )
                .at(&path)
                .with_help("write an absolute http or https URL, e.g. `https://api.example.com`"),
            );
        }
    }
}

/// An absolute http(s) URL with a host; `{placeholders}` stand for one word.
pub(super) fn check_url(url: &str) -> Result<(), String> {
    let filled: String = {
        let mut out = String::with_capacity(url.len());
        let mut in_placeholder = false;
        for c in url.chars() {
            match c {
                '{' => {
                    in_placeholder = true;
                    out.push('x');
                }
                '}' if in_placeholder => in_placeholder = false,
                _ if in_placeholder => {}
                c => out.push(c),
            }
        }
        out
    };
    let parsed = url::Url::parse(&filled).map_err(|err| err.to_string())?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(format!(
            "the scheme is `{}`, not http or https",
            parsed.scheme()
        ));
    }
    if parsed.host_str().is_none_or(str::is_empty) {
        return Err("it has no host".to_owned());
    }
    if url.contains(char::is_whitespace) {
        return Err("it contains spaces".to_owned());
    }
    Ok(())
}

/// Links to items in prose (`[Order](#models.Order)`) name a kind of item and an item of
/// that kind, like every other reference.
fn prose_links(spec: &Spec, diags: &mut Vec<Diagnostic>, names: &Names<'_>) {
    each_prose(spec, &mut |text, path| {
        // Every link, inline or by reference, has a `[`.
        if !text.contains('[') {
            return;
        }
        for event in prose_events(text) {
            let Event::Start(Tag::Link { dest_url, .. }) = event else {
                continue;
            };
            let Some(LinkTarget::Item { key, id }) = link_target(&dest_url) else {
                continue;
            };
            match Kind::from_key(key) {
                Some(kind) if spec.item_index(kind, id).is_some() => {}
                Some(kind) => {
                    let mut diag = names
                        .unknown(kind.noun(), id, path, spec.item_ids(kind), kind.key())
                        .about(dest_url.as_ref());
                    diag.message = format!("link to unknown {} `{id}`", kind.noun());
                    diags.push(diag);
                }
                // An OpenAPI document's links to anchors of other pages (`#check_run`) are
                // shown as their text.
                None if spec.reads_openapi() => {}
                None => {
                    let keys = Kind::ALL.map(Kind::key);
                    let help = match did_you_mean(key, keys) {
                        Some(close) => format!("did you mean `#{close}.{id}`?"),
                        None => format!(
                            "a link to an item is written `#<section>.<id>`, the section one of {}",
                            keys.join(", ")
                        ),
                    };
                    diags.push(
                        Diagnostic::error(
                            Code::UnresolvedReference,
                            format!("link `{dest_url}` names no kind of item"),
                        )
                        .at(path)
                        .about(dest_url.as_ref())
                        .with_help(help),
                    );
                }
            }
        }
    });
}

fn error_statuses(spec: &Spec, diags: &mut Vec<Diagnostic>) {
    for (code, error) in &spec.errors {
        if !(400..=599).contains(&error.http_status) {
            diags.push(
                Diagnostic::error(
                    Code::ErrorStatus,
                    format!(
                        "error `{code}` has status {}, which is not an error status",
                        error.http_status
                    ),
                )
                .at(&item("errors", code).key("http_status"))
                .with_help("errors use a 4xx (client) or 5xx (server) status"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_ignore_parameter_names() {
        assert_eq!(
            Endpoint::route_shape("/a/{id}/b/"),
            Endpoint::route_shape("/a/{x}/b")
        );
        assert_ne!(
            Endpoint::route_shape("/a/{id}"),
            Endpoint::route_shape("/a/{id}/b")
        );
    }

    #[test]
    fn path_params_are_found_once_in_order() {
        assert_eq!(path_param_names("/a/{x}/b/{ y }/{x}"), ["x", "y"]);
        assert_eq!(path_param_names("/a/{unclosed"), Vec::<&str>::new());
    }

    #[test]
    fn urls_must_be_absolute_http() {
        assert!(check_url("https://api.example.com/v1").is_ok());
        assert!(check_url("https://{tenant}.example.com").is_ok());
        assert!(check_url("api.example.com").is_err());
        assert!(check_url("ftp://example.com").is_err());
        assert!(check_url("https://exa mple.com").is_err());
        assert!(check_url("javascript:alert(1)").is_err());
    }

    fn findings(yaml: &str) -> Vec<String> {
        let (spec, diags) = crate::load::parse_spec(yaml, crate::load::Format::Yaml);
        assert_eq!(diags, []);
        let mut out = Vec::new();
        check(&spec.unwrap(), &mut out);
        out.iter()
            .map(|diag| {
                format!(
                    "{}: {}",
                    diag.message,
                    diag.help.clone().unwrap_or_default()
                )
            })
            .collect()
    }

    #[test]
    fn references_that_cannot_be_meant_get_a_pointed_help() {
        let spec = "integration-spec: \"1.0\"\ninfo: {title: T, version: 1.0.0}\n\
            errors:\n  A: {http_status: 400, message: a}\n  B: {http_status: 500, message: b}\n\
            endpoints:\n  e:\n    method: GET\n    path: /e\n    errors: A, B\n    deprecated: {use: e}\n";
        assert_eq!(
            findings(spec),
            [
                "unknown error code `A, B`: to name several, write a list: `[A, B]`",
                "endpoint `e` names itself as its replacement: name the endpoint that replaces it, or remove `use`",
            ]
        );
    }

    #[test]
    fn a_deprecated_webhook_names_another_event() {
        let spec = "integration-spec: \"1.0\"\ninfo: {title: T, version: 1.0.0}\n\
            webhooks:\n  a.old: {deprecated: {use: a.new}}\n  a.gone: {deprecated: {use: a.gone}}\n  a.now: {}\n";
        assert_eq!(
            findings(spec),
            [
                "unknown webhook `a.new`: did you mean `a.now`?",
                "webhook `a.gone` names itself as its replacement: name the event that replaces it, or remove `use`",
            ]
        );
    }

    #[test]
    fn did_you_mean_is_bounded() {
        let codes: Vec<String> = (0..MAX_SUGGESTIONS + 5)
            .map(|n| format!("ERR_{n}X"))
            .collect();
        let spec = format!(
            "integration-spec: \"1.0\"\ninfo: {{title: T, version: 1.0.0}}\n\
            errors:\n  ERR_1: {{http_status: 400, message: a}}\n\
            endpoints:\n  e:\n    method: GET\n    path: /e\n    errors: [{}]\n",
            codes.join(", ")
        );
        let found = findings(&spec);
        let suggested = found.iter().filter(|f| f.contains("did you mean")).count();
        assert_eq!(found.len(), codes.len());
        assert!(suggested > 0 && suggested <= MAX_SUGGESTIONS, "{suggested}");
        assert!(
            found.last().unwrap().contains("or use one of: ERR_1"),
            "{found:?}"
        );
    }
}
