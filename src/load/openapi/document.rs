//! The document's info, servers and security schemes.

use serde_json::{Map, Value, json};

use super::context::{Translate, object};
use super::{extensions, html};
use crate::diagnostic::{Code, SpecPath};
use crate::load::lower::MODELS_ON_THEIR_OWN;

impl Translate<'_> {
    /// The whole document.
    pub(super) fn document(&mut self) -> Value {
        let root = SpecPath::root();
        let mut spec = object();
        spec.insert("integration-spec".into(), json!("1.0"));
        self.record(&root.key("integration-spec"), &root.key("openapi"));
        self.record(&root, &root);
        spec.insert("info".into(), self.info());
        self.unread_keys(
            &[],
            &[
                "openapi",
                "info",
                "servers",
                "paths",
                "components",
                "security",
                "tags",
                "webhooks",
            ],
        );
        self.unread_keys(
            &["info"],
            &[
                "title",
                "version",
                "summary",
                "description",
                "contact",
                "license",
                "termsOfService",
            ],
        );
        if let Some(environments) = self.servers() {
            spec.insert("environments".into(), environments);
        }
        if let Some(authentication) = self.security_schemes() {
            spec.insert("authentication".into(), authentication);
        }
        if let Some(tags) = self.tags() {
            spec.insert("tags".into(), tags);
        }
        self.find_models();
        let (models, (endpoints, webhooks)) = if self.models.len() >= MODELS_ON_THEIR_OWN {
            self.beside_models(|cx| (cx.paths(), cx.webhooks()))
        } else {
            let models = self.models_section();
            (models, (self.paths(), self.webhooks()))
        };
        if !models.is_empty() {
            spec.insert("models".into(), Value::Object(models));
        }
        if !endpoints.is_empty() {
            spec.insert("endpoints".into(), Value::Object(endpoints));
        }
        if !webhooks.is_empty() {
            spec.insert("webhooks".into(), Value::Object(webhooks));
        }
        self.document_extensions(&mut spec);
        Value::Object(spec)
    }

    /// The models, translated on a second core while `rest` runs here: what both find is
    /// kept in document order, models first.
    fn beside_models<R: Send>(
        &mut self,
        rest: impl FnOnce(&mut Self) -> R,
    ) -> (Map<String, Value>, R) {
        let before = std::mem::take(&mut self.diags);
        let mut fork = self.fork();
        let (models, fork, rest) = std::thread::scope(|scope| {
            let models = scope.spawn(move || {
                let models = fork.models_section();
                (models, fork)
            });
            let rest = rest(self);
            let (models, fork) = models
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (models, fork, rest)
        });
        let mut after = std::mem::replace(&mut self.diags, before);
        // A spent budget is reported once, by the models when they spent theirs.
        if fork.over_budget() {
            after.retain(|diag| diag.code != Code::SpecTooLarge);
        }
        self.join(fork);
        self.diags.extend(after);
        (models, rest)
    }

    /// Names the keys of the mapping at `path` that are neither `read` nor extensions.
    fn unread_keys(&mut self, path: &[&str], read: &[&str]) {
        let Some(map) = self.at(path).and_then(Value::as_object) else {
            return;
        };
        let mut at = SpecPath::root();
        for key in path {
            at = at.key(key);
        }
        for key in map.keys() {
            if read.contains(&key.as_str()) || key.starts_with("x-") {
                continue;
            }
            let what = match path.last() {
                Some(parent) => format!("`{parent}.{key}`"),
                None => format!("the document's `{key}`"),
            };
            self.unsupported(&what, &at.key(key), "is not shown");
        }
    }

    fn info(&mut self) -> Value {
        let path = SpecPath::root().key("info");
        self.record(&path, &path);
        let mut info = object();
        let given = self.at(&["info"]).and_then(Value::as_object);
        let text = |key: &str| given.and_then(|map| map.get(key)).cloned();
        // `title` and `version` are required by OpenAPI; lowering reports them missing.
        for key in ["title", "version"] {
            if let Some(value) = text(key) {
                info.insert(key.into(), value);
            }
        }
        if let Some(value) = text("summary") {
            info.insert("summary".into(), html::prose(&value));
        }
        // The license and the terms of service close the description, which is where a
        // reader of the page looks for them.
        let mut description = text("description")
            .and_then(|value| value.as_str().map(str::to_owned))
            .unwrap_or_default();
        let terms = legal_lines(text("license").as_ref(), text("termsOfService").as_ref());
        if !terms.is_empty() {
            if !description.trim().is_empty() {
                description.push_str("\n\n");
            }
            description.push_str(&terms);
        }
        if !description.trim().is_empty() {
            info.insert("description".into(), html::prose(&Value::from(description)));
        }
        if let Some(Value::Object(contact)) = text("contact") {
            let mut ours = object();
            for (theirs, key) in [("name", "team"), ("email", "email"), ("url", "url")] {
                if let Some(value) = contact.get(theirs) {
                    ours.insert(key.into(), value.clone());
                    self.record(
                        &path.key("contact").key(key),
                        &path.key("contact").key(theirs),
                    );
                }
            }
            let contact = Value::Object(contact);
            self.extensions(
                &contact,
                &path.key("contact"),
                &path.key("contact"),
                extensions::CONTACT,
                &mut ours,
            );
            if !ours.is_empty() {
                info.insert("contact".into(), Value::Object(ours));
            }
        }
        if let Some(given) = self.at(&["info"]) {
            self.extensions(given, &path, &path, extensions::INFO, &mut info);
        }
        Value::Object(info)
    }

    /// The declared tags by name: the description, and `x-displayName` as the title. A name
    /// declared twice keeps its first declaration, as the index groups by name.
    fn tags(&mut self) -> Option<Value> {
        let declared = self.at(&["tags"])?.as_array()?;
        let source = SpecPath::root().key("tags");
        let native = SpecPath::root().key("tags");
        self.record(&native, &source);
        let mut tags = Map::new();
        for (idx, tag) in declared.iter().enumerate() {
            let at = source.index(idx);
            let Some(name) = tag.get("name").and_then(Value::as_str) else {
                continue;
            };
            if tags.contains_key(name) {
                continue;
            }
            let mut ours = object();
            for (theirs, key) in [("x-displayName", "title"), ("description", "description")] {
                if let Some(value) = tag.get(theirs) {
                    let value = match key {
                        "description" => html::prose(value),
                        _ => value.clone(),
                    };
                    ours.insert(key.into(), value);
                    self.record(&native.key(name).key(key), &at.key(theirs));
                }
            }
            if tag.get("externalDocs").is_some() {
                self.unsupported(
                    "a tag's `externalDocs`",
                    &at.key("externalDocs"),
                    "is not shown",
                );
            }
            self.record(&native.key(name), &at);
            tags.insert(name.to_owned(), Value::Object(ours));
        }
        (!tags.is_empty()).then_some(Value::Object(tags))
    }

    /// Servers as environments, named by their description (or their URL).
    fn servers(&mut self) -> Option<Value> {
        let servers = self.at(&["servers"])?.as_array()?;
        let mut environments = Map::new();
        for (idx, server) in servers.iter().enumerate() {
            let path = SpecPath::root().key("servers").index(idx);
            let Some(url) = server.get("url").and_then(Value::as_str) else {
                continue;
            };
            // OpenAPI's default server, relative to the document, is no environment.
            if url == "/" && server.as_object().is_some_and(|map| map.len() == 1) {
                continue;
            }
            let description = server
                .get("description")
                .and_then(Value::as_str)
                .map(html::markdown);
            // A description with markup is no name.
            let name_text = description
                .as_ref()
                .filter(|text| matches!(text, std::borrow::Cow::Borrowed(_)));
            // `export` names the server after the environment it was.
            let named = server
                .get("x-environment")
                .and_then(Value::as_str)
                .filter(|_| self.exported());
            let mut name = named
                .or_else(|| {
                    name_text
                        .map(|text| text.trim())
                        .filter(|text| !text.is_empty() && text.len() <= 60 && !text.contains('\n'))
                })
                .unwrap_or(url)
                .to_owned();
            if environments.contains_key(&name) {
                name = format!("{name} ({})", idx + 1);
            }
            let variables = server.get("variables").and_then(Value::as_object);
            let mut environment = object();
            environment.insert("base_url".into(), json!(with_defaults(url, variables)));
            self.record(
                &SpecPath::root()
                    .key("environments")
                    .key(&name)
                    .key("base_url"),
                &path.key("url"),
            );
            let mut text = description
                .filter(|text| *text != name)
                .map(std::borrow::Cow::into_owned)
                .unwrap_or_default();
            if let Some(variables) = variables.filter(|variables| !variables.is_empty()) {
                let listed: Vec<String> = variables
                    .iter()
                    .map(|(variable, spec)| server_variable(variable, spec))
                    .collect();
                if !text.is_empty() {
                    text.push_str("\n\n");
                }
                text.push_str(&format!(
                    "The URL is `{}`, the base URL its defaults:\n\n",
                    url.replace('`', "")
                ));
                text.push_str(&listed.join("\n"));
            }
            if !text.is_empty() {
                environment.insert("description".into(), json!(text));
            }
            let native = SpecPath::root().key("environments").key(&name);
            self.extensions(server, &path, &native, extensions::SERVER, &mut environment);
            self.record(&native, &path);
            environments.insert(name, Value::Object(environment));
        }
        (!environments.is_empty()).then_some(Value::Object(environments))
    }

    /// Security schemes by name, with the document's `security` as their default.
    fn security_schemes(&mut self) -> Option<Value> {
        let schemes = self
            .at(&["components", "securitySchemes"])
            .and_then(Value::as_object)?;
        let source = SpecPath::root().key("components").key("securitySchemes");
        let native = SpecPath::root().key("authentication");
        self.record(&native, &source);
        let mut authentication = Map::new();
        for (name, scheme) in schemes {
            let Some((scheme, at)) = self.deref(scheme, &source.key(name)) else {
                continue;
            };
            self.record(&native.key(name), &at);
            if let Some(ours) = self.security_scheme(scheme, &at, &native.key(name)) {
                authentication.insert(name.clone(), ours);
            }
        }
        if authentication.is_empty() {
            return None;
        }
        // Without `security`, OpenAPI asks nothing of an operation.
        let default = match self.at(&["security"]) {
            Some(security) => {
                self.record(&native.key("default"), &SpecPath::root().key("security"));
                security_requirements(security)
            }
            None => json!("none"),
        };
        authentication.insert("default".into(), default);
        Some(Value::Object(authentication))
    }

    fn security_scheme(
        &mut self,
        scheme: &Value,
        at: &SpecPath,
        native: &SpecPath,
    ) -> Option<Value> {
        let mut ours = object();
        let kind = scheme.get("type").and_then(Value::as_str).unwrap_or("");
        let text = |key: &str| scheme.get(key).and_then(Value::as_str);
        match kind {
            "apiKey" => {
                ours.insert("type".into(), json!("api_key"));
                let place = match text("in") {
                    Some("query") => "query",
                    Some("cookie") => "cookie",
                    _ => "header",
                };
                ours.insert(place.into(), json!(text("name").unwrap_or("")));
            }
            "http" => {
                let scheme_name = text("scheme").unwrap_or("").to_ascii_lowercase();
                match scheme_name.as_str() {
                    "basic" => {
                        ours.insert("type".into(), json!("basic"));
                    }
                    "bearer" => {
                        ours.insert("type".into(), json!("bearer"));
                        if let Some(format) = text("bearerFormat") {
                            ours.insert("format".into(), json!(format));
                        }
                    }
                    other => {
                        self.unsupported(
                            &format!("HTTP authentication scheme `{other}`"),
                            &at.key("scheme"),
                            "is shown as a bearer scheme",
                        );
                        ours.insert("type".into(), json!("bearer"));
                    }
                }
            }
            "oauth2" => {
                ours.insert("type".into(), json!("oauth2"));
                self.oauth_flows(scheme, at, &mut ours);
            }
            "openIdConnect" => {
                ours.insert("type".into(), json!("openid_connect"));
                if let Some(url) = text("openIdConnectUrl") {
                    ours.insert("discovery_url".into(), json!(url));
                }
            }
            "mutualTLS" => {
                ours.insert("type".into(), json!("mtls"));
            }
            // Lowering names the known types.
            _ => {
                ours.insert(
                    "type".into(),
                    scheme.get("type").cloned().unwrap_or(json!("")),
                );
            }
        }
        // `export` writes an HMAC signature as the API key header it travels in.
        if self.exported() && scheme.get("x-type").and_then(Value::as_str) == Some("hmac") {
            ours.clear();
            ours.insert("type".into(), json!("hmac"));
            if let Some(header) = text("name") {
                ours.insert("header".into(), json!(header));
            }
        }
        if let Some(description) = scheme.get("description") {
            ours.insert("description".into(), html::prose(description));
        }
        self.extensions(scheme, at, native, extensions::SCHEME, &mut ours);
        // `export` writes a key given only by a scheme's headers as the first of them.
        if kind == "apiKey"
            && self.exported()
            && let (Some(Value::String(name)), Some(Value::Object(headers))) =
                (ours.get("header"), ours.get("headers"))
            && headers.contains_key(name)
        {
            ours.remove("header");
        }
        Some(Value::Object(ours))
    }

    /// OAuth 2.0 flows: the grants, with the URLs of the first and the scopes of all.
    fn oauth_flows(&mut self, scheme: &Value, at: &SpecPath, ours: &mut Map<String, Value>) {
        let Some(flows) = scheme.get("flows").and_then(Value::as_object) else {
            return;
        };
        let mut grants = Vec::new();
        let mut scopes = Map::new();
        let mut urls: Option<(Option<&Value>, Option<&Value>, Option<&Value>)> = None;
        for (flow, spec) in flows {
            let grant = match flow.as_str() {
                "clientCredentials" => "client_credentials",
                "authorizationCode" => "authorization_code",
                "implicit" => "implicit",
                "password" => "password",
                // 3.1 has no device flow; `export` writes it as `x-deviceCode`.
                "deviceAuthorization" | "x-deviceCode" => "device_code",
                other => {
                    self.unsupported(
                        &format!("OAuth flow `{other}`"),
                        &at.key("flows").key(other),
                        "is not shown",
                    );
                    continue;
                }
            };
            grants.push(json!(grant));
            let these = (
                spec.get("tokenUrl"),
                spec.get("authorizationUrl"),
                spec.get("refreshUrl"),
            );
            // A flow without a URL its grant does not use agrees with one that has it.
            match &mut urls {
                None => urls = Some(these),
                Some(first) => {
                    let token = agree(&mut first.0, these.0);
                    let authorization = agree(&mut first.1, these.1);
                    let refresh = agree(&mut first.2, these.2);
                    if !(token && authorization && refresh) {
                        self.unsupported(
                            "OAuth flows with URLs of their own",
                            &at.key("flows").key(flow),
                            "are shown with the URLs of the first flow",
                        );
                    }
                }
            }
            if let Some(Value::Object(listed)) = spec.get("scopes") {
                for (scope, what) in listed {
                    scopes
                        .entry(scope.clone())
                        .or_insert_with(|| html::prose(what));
                }
            }
        }
        match grants.len() {
            0 => {}
            1 => {
                ours.insert("flow".into(), grants.remove(0));
            }
            _ => {
                ours.insert("flow".into(), Value::Array(grants));
            }
        }
        if let Some((token, authorization, refresh)) = urls {
            for (key, url) in [
                ("token_endpoint", token),
                ("authorization_endpoint", authorization),
                ("refresh_endpoint", refresh),
            ] {
                if let Some(url) = url {
                    ours.insert(key.into(), url.clone());
                }
            }
        }
        if !scopes.is_empty() {
            ours.insert("scopes".into(), Value::Object(scopes));
        }
    }
}

/// Whether a flow's URL agrees with the one known so far (either is absent, or both are
/// equal); the first one given is kept.
fn agree<'v>(known: &mut Option<&'v Value>, other: Option<&'v Value>) -> bool {
    match (&*known, other) {
        (Some(known), Some(other)) => *known == other,
        (None, other) => {
            *known = other;
            true
        }
        (Some(_), None) => true,
    }
}

/// `License: [MIT](https://...)` and `Terms of service: https://...`, as lines of markdown.
fn legal_lines(license: Option<&Value>, terms: Option<&Value>) -> String {
    let mut lines = Vec::new();
    if let Some(license) = license {
        let name = license
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or("")
            .trim();
        let url = license.get("url").and_then(Value::as_str).map(str::trim);
        let identifier = license
            .get("identifier")
            .and_then(Value::as_str)
            .map(str::trim);
        let line = match (url, identifier) {
            (Some(url), _) if !url.is_empty() => format!("License: [{name}]({url})"),
            (_, Some(id)) if !id.is_empty() => format!("License: {name} (`{id}`)"),
            _ => format!("License: {name}"),
        };
        if !name.is_empty() {
            lines.push(line);
        }
    }
    if let Some(url) = terms
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|url| !url.is_empty())
    {
        lines.push(format!("Terms of service: <{url}>"));
    }
    lines.join("  \n")
}

/// A list of security requirements as `auth` writes it: `none` for an empty one.
pub(super) fn security_requirements(security: &Value) -> Value {
    let Some(alternatives) = security.as_array() else {
        return security.clone();
    };
    let written: Vec<Value> = alternatives
        .iter()
        .map(|requirement| match requirement.as_object() {
            Some(map) if map.is_empty() => json!("none"),
            _ => requirement.clone(),
        })
        .collect();
    match written.as_slice() {
        [] => json!("none"),
        [one] => one.clone(),
        _ => Value::Array(written),
    }
}

/// A server URL with each `{variable}` replaced by its default: the URL clients use unless
/// they choose otherwise.
fn with_defaults(url: &str, variables: Option<&Map<String, Value>>) -> String {
    let Some(variables) = variables else {
        return url.to_owned();
    };
    let mut url = url.to_owned();
    for (name, spec) in variables {
        if let Some(default) = spec.get("default").and_then(Value::as_str) {
            url = url.replace(&format!("{{{name}}}"), default);
        }
    }
    url
}

/// One server variable, as a line of a list.
fn server_variable(name: &str, spec: &Value) -> String {
    let mut line = format!("- `{{{name}}}`");
    if let Some(default) = spec.get("default").and_then(Value::as_str) {
        line.push_str(&format!(": `{default}` by default"));
    }
    if let Some(Value::Array(values)) = spec.get("enum") {
        let values: Vec<String> = values
            .iter()
            .filter_map(Value::as_str)
            .map(|value| format!("`{value}`"))
            .collect();
        line.push_str(&format!(", one of {}", values.join(", ")));
    }
    if let Some(description) = spec.get("description").and_then(Value::as_str) {
        line.push_str(&format!(" ({})", html::plain(description).trim()));
    }
    line
}
