//! The sections around the endpoints compared: environments, authentication schemes,
//! conventions, the error catalogue, rate limits, service levels and flows.

use super::change::{Differ, Places, Side, Sides, item_path, listed, same_text};
use super::codes::ChangeCode;
use super::fields::Site;
use super::quantity::{Levels, Rate, Retries, duration};
use crate::diagnostic::SpecPath;
use crate::spec::{Authentication, Kind, Sla};

impl Differ<'_> {
    pub(super) fn environments(&mut self) {
        let (old, new) = (self.old, self.new);
        for (name, before) in &old.environments {
            let at = Places::both(item_path("environments", name));
            let Some(after) = new.environments.get(name) else {
                self.removed(
                    ChangeCode::EnvironmentRemoved,
                    format!("environment `{name}` is gone"),
                    &at.old,
                );
                continue;
            };
            if let (Some(before_url), Some(after_url)) = (&before.base_url, &after.base_url)
                && before_url.trim_end_matches('/') != after_url.trim_end_matches('/')
            {
                self.changed(
                    ChangeCode::EnvironmentUrlChanged,
                    format!("environment `{name}` moved from `{before_url}` to `{after_url}`"),
                    &at.key("base_url"),
                );
            }
            let what = format!("environment `{name}`");
            self.rate(
                before.rate_limits.as_deref(),
                after.rate_limits.as_deref(),
                &at.key("rate_limits"),
                &what,
            );
            self.sla(
                before.sla.as_ref(),
                after.sla.as_ref(),
                &at.key("sla"),
                &what,
            );
        }
        for name in new.environments.keys() {
            if !old.environments.contains_key(name) {
                self.added(
                    ChangeCode::EnvironmentAdded,
                    format!("new environment `{name}`"),
                    &item_path("environments", name),
                );
            }
        }
    }

    pub(super) fn authentication(&mut self) {
        let (old, new) = (
            self.old.authentication.as_ref(),
            self.new.authentication.as_ref(),
        );
        let empty = Default::default();
        let before_all = old.map_or(&empty, |auth| &auth.schemes);
        let after_all = new.map_or(&empty, |auth| &auth.schemes);
        for (name, before) in before_all {
            let old_path = old.map(|auth| scheme_path(auth, name)).unwrap_or_default();
            let (Some(after), Some(new)) = (after_all.get(name), new) else {
                self.removed(
                    ChangeCode::AuthSchemeRemoved,
                    format!("authentication scheme `{name}` is gone"),
                    &old_path,
                );
                continue;
            };
            let at = Places {
                old: old_path,
                new: scheme_path(new, name),
            };
            let scheme = format!("scheme `{name}`");
            if before.kind != after.kind {
                self.changed(
                    ChangeCode::AuthTypeChanged,
                    format!(
                        "{scheme} is now {} instead of {}",
                        after.kind.title(),
                        before.kind.title()
                    ),
                    &at.key("type"),
                );
                continue;
            }
            for flow in &before.flows {
                if !after.flows.contains(flow) {
                    self.changed(
                        ChangeCode::AuthFlowRemoved,
                        format!("{scheme} no longer offers the `{}` grant", flow.as_str()),
                        &at.key("flow"),
                    );
                }
            }
            for flow in &after.flows {
                if !before.flows.contains(flow) {
                    self.changed(
                        ChangeCode::AuthFlowAdded,
                        format!("{scheme} offers the `{}` grant", flow.as_str()),
                        &at.key("flow"),
                    );
                }
            }
            let urls = [
                (
                    "token_endpoint",
                    &before.token_endpoint,
                    &after.token_endpoint,
                ),
                (
                    "authorization_endpoint",
                    &before.authorization_endpoint,
                    &after.authorization_endpoint,
                ),
                (
                    "refresh_endpoint",
                    &before.refresh_endpoint,
                    &after.refresh_endpoint,
                ),
                ("discovery_url", &before.discovery_url, &after.discovery_url),
            ];
            for (key, before_url, after_url) in urls {
                if let (Some(before_url), Some(after_url)) = (before_url, after_url)
                    && before_url != after_url
                {
                    self.changed(
                        ChangeCode::AuthEndpointChanged,
                        format!(
                            "the `{key}` of {scheme} moved from `{before_url}` to `{after_url}`"
                        ),
                        &at.key(key),
                    );
                }
            }
            if before.api_key != after.api_key
                && let (Some(before_key), Some(after_key)) = (&before.api_key, &after.api_key)
            {
                self.changed(
                    ChangeCode::AuthCredentialChanged,
                    format!(
                        "the key of {scheme} now goes in {} `{}` instead of {} `{}`",
                        after_key.location.as_str(),
                        after_key.name,
                        before_key.location.as_str(),
                        before_key.name
                    ),
                    &at,
                );
            }
            if before.signing != after.signing && before.signing.is_some() {
                self.changed(
                    ChangeCode::AuthCredentialChanged,
                    format!("requests are signed differently for {scheme}"),
                    &at.key("signing"),
                );
            }
            for scope in before.scopes.keys() {
                if !after.scopes.contains_key(scope) {
                    self.changed(
                        ChangeCode::AuthScopeRemoved,
                        format!("{scheme} no longer has the scope `{scope}`"),
                        &Places {
                            old: at.old.key("scopes").key(scope),
                            new: at.new.key("scopes"),
                        },
                    );
                }
            }
            for scope in after.scopes.keys() {
                if !before.scopes.contains_key(scope) {
                    self.changed(
                        ChangeCode::AuthScopeAdded,
                        format!("{scheme} has the new scope `{scope}`"),
                        &Places {
                            old: at.old.key("scopes"),
                            new: at.new.key("scopes").key(scope),
                        },
                    );
                }
            }
        }
        if let Some(new) = new {
            for name in new
                .schemes
                .keys()
                .filter(|name| !before_all.contains_key(*name))
            {
                self.added(
                    ChangeCode::AuthSchemeAdded,
                    format!("new authentication scheme `{name}`"),
                    &scheme_path(new, name),
                );
            }
        }
    }

    /// Idempotency, pagination and versioning: rules every client follows. The error body
    /// every error carries is compared as a response body.
    pub(super) fn conventions(&mut self) {
        let (old, new) = (self.old.conventions.as_ref(), self.new.conventions.as_ref());
        let (empty_old, empty_new) = (Default::default(), Default::default());
        let (old, new) = (old.unwrap_or(&empty_old), new.unwrap_or(&empty_new));
        let at = Places::both(SpecPath::root().key("conventions"));
        let mut tighter: Vec<(String, Places)> = Vec::new();
        let mut looser: Vec<(String, Places)> = Vec::new();
        match (&old.idempotency, &new.idempotency) {
            (Some(_), None) => tighter.push((
                "idempotency keys are no longer honoured".into(),
                at.key("idempotency"),
            )),
            (None, Some(_)) => looser.push((
                "requests may now carry an idempotency key".into(),
                at.key("idempotency"),
            )),
            (Some(before), Some(after)) => {
                let here = at.key("idempotency");
                if before.header != after.header {
                    tighter.push((
                        format!(
                            "the idempotency key now goes in {} instead of {}",
                            shown(after.header.as_deref()),
                            shown(before.header.as_deref())
                        ),
                        here.key("header"),
                    ));
                }
                compare_amount(
                    "the retention of idempotency keys",
                    before.retention.as_deref().and_then(duration),
                    after.retention.as_deref().and_then(duration),
                    (before.retention.as_deref(), after.retention.as_deref()),
                    here.key("retention"),
                    &mut tighter,
                    &mut looser,
                );
                let gone: Vec<&String> = before
                    .methods
                    .iter()
                    .filter(|m| !after.methods.iter().any(|n| n.eq_ignore_ascii_case(m)))
                    .collect();
                if !gone.is_empty() && !after.methods.is_empty() {
                    tighter.push((
                        format!(
                            "idempotency keys are no longer honoured on {}",
                            listed(&gone)
                        ),
                        here.key("methods"),
                    ));
                }
            }
            (None, None) => {}
        }
        match (&old.pagination, &new.pagination) {
            (Some(_), None) => tighter.push((
                "lists are no longer paged by the pagination convention".into(),
                at.key("pagination"),
            )),
            (Some(before), Some(after)) => {
                let here = at.key("pagination");
                if before.style != after.style {
                    tighter.push((
                        format!(
                            "lists are now paged by {} instead of {}",
                            shown(after.style.as_deref()),
                            shown(before.style.as_deref())
                        ),
                        here.key("style"),
                    ));
                }
                for (key, before_names, after_names) in [
                    ("request", &before.request, &after.request),
                    ("response", &before.response, &after.response),
                ] {
                    let gone: Vec<&String> = before_names
                        .iter()
                        .filter(|name| !after_names.contains(name))
                        .collect();
                    if !gone.is_empty() {
                        tighter.push((
                            format!("pagination no longer uses {}", listed(&gone)),
                            here.key(key),
                        ));
                    }
                }
                let as_f64 = |n: Option<u64>| n.map(|n| n as f64);
                compare_amount(
                    "the largest page size",
                    as_f64(before.max_limit),
                    as_f64(after.max_limit),
                    (None, None),
                    here.key("max_limit"),
                    &mut tighter,
                    &mut looser,
                );
                if before.default_limit != after.default_limit {
                    tighter.push((
                        format!(
                            "the page size when none is asked for is now {} instead of {}",
                            shown_number(after.default_limit),
                            shown_number(before.default_limit)
                        ),
                        here.key("default_limit"),
                    ));
                }
            }
            _ => {}
        }
        if let (Some(before), Some(after)) = (&old.versioning, &new.versioning) {
            let here = at.key("versioning");
            if before.scheme != after.scheme || before.header != after.header {
                tighter.push((
                    format!(
                        "the version is now given by {} instead of {}",
                        shown(after.scheme.as_deref().or(after.header.as_deref())),
                        shown(before.scheme.as_deref().or(before.header.as_deref()))
                    ),
                    here.clone(),
                ));
            }
            let as_f64 = |n: Option<u64>| n.map(|n| n as f64);
            compare_amount(
                "the notice given before a deprecated item goes",
                as_f64(before.deprecation_notice_days),
                as_f64(after.deprecation_notice_days),
                (None, None),
                here.key("deprecation_notice_days"),
                &mut tighter,
                &mut looser,
            );
        }
        for (message, places) in tighter {
            self.changed(ChangeCode::ConventionChanged, message, &places);
        }
        for (message, places) in looser {
            self.changed(ChangeCode::ConventionRelaxed, message, &places);
        }
        let body = |conventions: &crate::spec::Conventions| {
            conventions
                .errors
                .as_ref()
                .and_then(|errors| errors.body.clone())
        };
        if let (Some(before), Some(after)) = (body(old), body(new)) {
            let site = Site {
                noun: "field",
                within: "the error body",
                sides: Sides::of(Side::Response),
            };
            self.body(&before, &after, &at.key("errors").key("body"), &site);
        }
    }

    pub(super) fn errors(&mut self) {
        let (old, new) = (self.old, self.new);
        for (code, before) in &old.errors {
            let at = Places::both(item_path("errors", code));
            let Some(after) = new.errors.get(code) else {
                self.in_item(Kind::Error, code, |differ| {
                    differ.removed(
                        ChangeCode::ErrorCodeRemoved,
                        format!("error `{code}` is gone from the catalogue"),
                        &at.old,
                    );
                });
                continue;
            };
            self.in_item(Kind::Error, code, |differ| {
                if before.http_status != after.http_status {
                    differ.changed(
                        ChangeCode::ErrorStatusChanged,
                        format!(
                            "error `{code}` now comes with HTTP {} instead of {}",
                            after.http_status, before.http_status
                        ),
                        &at.key("http_status"),
                    );
                }
                let (before_retry, after_retry) = (before.retry.as_deref(), after.retry.as_deref());
                match (retryable(before_retry), retryable(after_retry)) {
                    (Some(was), Some(is)) if was != is => differ.changed(
                        ChangeCode::ErrorRetryChanged,
                        format!(
                            "error `{code}` {}: {}",
                            if is {
                                "may now be retried"
                            } else {
                                "must no longer be retried"
                            },
                            shown(after_retry)
                        ),
                        &at.key("retry"),
                    ),
                    _ => {
                        let differs = |a: Option<&str>, b: Option<&str>| match (a, b) {
                            (Some(a), Some(b)) => !same_text(a, b),
                            (a, b) => a.is_some() != b.is_some(),
                        };
                        if differs(before_retry, after_retry) {
                            differ.changed(
                                ChangeCode::ErrorGuidanceChanged,
                                format!("the retry advice of error `{code}` changed"),
                                &at.key("retry"),
                            );
                        }
                        if differs(before.resolution.as_deref(), after.resolution.as_deref()) {
                            differ.changed(
                                ChangeCode::ErrorGuidanceChanged,
                                format!("the resolution of error `{code}` changed"),
                                &at.key("resolution"),
                            );
                        }
                    }
                }
                if let (Some(before_body), Some(after_body)) = (&before.body, &after.body) {
                    let within = format!("the body of error `{code}`");
                    let site = Site {
                        noun: "field",
                        within: &within,
                        sides: Sides::of(Side::Response),
                    };
                    differ.body(before_body, after_body, &at.key("body"), &site);
                }
            });
        }
        for code in new
            .errors
            .keys()
            .filter(|code| !old.errors.contains_key(*code))
        {
            self.in_item(Kind::Error, code, |differ| {
                differ.added(
                    ChangeCode::ErrorCodeAdded,
                    format!("new error `{code}`"),
                    &item_path("errors", code),
                );
            });
        }
    }

    pub(super) fn rate_limits(&mut self) {
        let (empty_old, empty_new) = (Default::default(), Default::default());
        let old = self.old.rate_limits.as_ref().unwrap_or(&empty_old);
        let new = self.new.rate_limits.as_ref().unwrap_or(&empty_new);
        let at = Places::both(SpecPath::root().key("rate_limits"));
        self.rate(
            old.global.as_deref(),
            new.global.as_deref(),
            &at.key("global"),
            "the API",
        );
        self.rate(
            old.burst.as_deref(),
            new.burst.as_deref(),
            &at.key("burst"),
            "bursts",
        );
        let per_endpoint = at.key("per_endpoint");
        for (id, before) in &old.per_endpoint {
            let what = format!("endpoint `{id}`");
            let after = new.per_endpoint.get(id).map(String::as_str);
            // An endpoint without a limit of its own falls under the global one.
            let after = after.or(new.global.as_deref().filter(|_| after.is_none()));
            self.rate(Some(before), after, &per_endpoint.key(id), &what);
        }
        for (id, after) in &new.per_endpoint {
            if !old.per_endpoint.contains_key(id) {
                let what = format!("endpoint `{id}`");
                self.rate(
                    old.global.as_deref(),
                    Some(after),
                    &per_endpoint.key(id),
                    &what,
                );
            }
        }
    }

    /// Two versions of a rate limit: as numbers per unit of time when both read so, else
    /// as text.
    pub(super) fn rate(&mut self, old: Option<&str>, new: Option<&str>, at: &Places, what: &str) {
        match (old, new) {
            (None, None) => {}
            (None, Some(after)) => self.changed(
                ChangeCode::RateLimitLowered,
                format!("{what} is now limited to `{after}`"),
                at,
            ),
            (Some(before), None) => self.changed(
                ChangeCode::RateLimitRaised,
                format!("{what} is no longer limited to `{before}`"),
                at,
            ),
            (Some(before), Some(after)) if same_text(before, after) => {}
            (Some(before), Some(after)) => {
                let code = match (Rate::parse(before), Rate::parse(after)) {
                    (Some(was), Some(is)) if was.qualifier == is.qualifier => {
                        if is.per_second < was.per_second {
                            Some(ChangeCode::RateLimitLowered)
                        } else if is.per_second > was.per_second {
                            Some(ChangeCode::RateLimitRaised)
                        } else {
                            None
                        }
                    }
                    _ => Some(ChangeCode::RateLimitChanged),
                };
                if let Some(code) = code {
                    let verb = match code {
                        ChangeCode::RateLimitLowered => "lowered",
                        ChangeCode::RateLimitRaised => "raised",
                        _ => "changed",
                    };
                    self.changed(
                        code,
                        format!("the rate limit of {what} {verb} from `{before}` to `{after}`"),
                        at,
                    );
                }
            }
        }
    }

    /// Two versions of a service level: by their numbers where both state them, else as
    /// text.
    pub(super) fn sla(&mut self, old: Option<&Sla>, new: Option<&Sla>, at: &Places, what: &str) {
        let levels = |sla: &Sla| match sla {
            Sla::Text(text) => Levels::parse(text),
            Sla::Targets(targets) => {
                let mut levels = Levels {
                    uptime: targets
                        .uptime
                        .as_deref()
                        .and_then(|text| text.trim().trim_end_matches('%').trim().parse().ok()),
                    ..Levels::default()
                };
                for (percentile, ms) in [
                    (50, targets.p50_ms),
                    (95, targets.p95_ms),
                    (99, targets.p99_ms),
                ] {
                    if let Some(ms) = ms {
                        levels.latency_ms.insert(percentile, ms);
                    }
                }
                Some(levels)
            }
        };
        let text = |sla: &Sla| match sla {
            Sla::Text(text) => text.clone(),
            Sla::Targets(_) => "targets".to_owned(),
        };
        match (old, new) {
            (None, None) => {}
            (Some(_), None) => self.changed(
                ChangeCode::SlaWeakened,
                format!("{what} no longer states a service level"),
                at,
            ),
            (None, Some(_)) => self.changed(
                ChangeCode::SlaStrengthened,
                format!("{what} states a service level"),
                at,
            ),
            (Some(before), Some(after)) if before == after => {}
            (Some(before), Some(after)) => {
                let (Some(was), Some(is)) = (levels(before), levels(after)) else {
                    if !same_text(&text(before), &text(after)) {
                        self.changed(
                            ChangeCode::SlaChanged,
                            format!("the service level of {what} changed"),
                            at,
                        );
                    }
                    return;
                };
                let mut weaker = Vec::new();
                let mut stronger = Vec::new();
                match (was.uptime, is.uptime) {
                    (Some(a), Some(b)) if b < a => weaker.push(format!("uptime {a}% → {b}%")),
                    (Some(a), Some(b)) if b > a => stronger.push(format!("uptime {a}% → {b}%")),
                    (Some(a), None) => weaker.push(format!("uptime {a}% no longer stated")),
                    (None, Some(b)) => stronger.push(format!("uptime {b}%")),
                    _ => {}
                }
                for (percentile, a) in &was.latency_ms {
                    match is.latency_ms.get(percentile) {
                        Some(b) if b > a => weaker.push(format!("p{percentile} {a} ms → {b} ms")),
                        Some(b) if b < a => stronger.push(format!("p{percentile} {a} ms → {b} ms")),
                        None => weaker.push(format!("p{percentile} {a} ms no longer stated")),
                        _ => {}
                    }
                }
                for (percentile, b) in &is.latency_ms {
                    if !was.latency_ms.contains_key(percentile) {
                        stronger.push(format!("p{percentile} {b} ms"));
                    }
                }
                if !weaker.is_empty() {
                    self.changed(
                        ChangeCode::SlaWeakened,
                        format!(
                            "the service level of {what} is weaker: {}",
                            weaker.join(", ")
                        ),
                        at,
                    );
                }
                if !stronger.is_empty() {
                    self.changed(
                        ChangeCode::SlaStrengthened,
                        format!(
                            "the service level of {what} is stronger: {}",
                            stronger.join(", ")
                        ),
                        at,
                    );
                }
            }
        }
    }

    /// A webhook's retry policy: by its count and span where both state them, else as
    /// text.
    pub(super) fn retries(
        &mut self,
        what: &str,
        old: Option<&str>,
        new: Option<&str>,
        at: &Places,
    ) {
        let (Some(before), Some(after)) = (old, new) else {
            match (old, new) {
                (Some(before), None) => self.changed(
                    ChangeCode::WebhookRetriesReduced,
                    format!("failed deliveries of {what} are no longer retried as `{before}`"),
                    at,
                ),
                (None, Some(after)) => self.changed(
                    ChangeCode::WebhookRetriesIncreased,
                    format!("failed deliveries of {what} are retried: `{after}`"),
                    at,
                ),
                _ => {}
            }
            return;
        };
        if same_text(before, after) {
            return;
        }
        let (was, is) = (Retries::parse(before), Retries::parse(after));
        let order = |a: Option<f64>, b: Option<f64>| match (a, b) {
            (Some(a), Some(b)) => a.partial_cmp(&b),
            _ => None,
        };
        let code = match (was, is) {
            (Some(was), Some(is)) => {
                let counts = [
                    order(is.attempts, was.attempts),
                    order(is.seconds, was.seconds),
                ];
                let compared: Vec<std::cmp::Ordering> = counts.into_iter().flatten().collect();
                if compared.is_empty() {
                    ChangeCode::WebhookRetriesChanged
                } else if compared.iter().all(|o| o.is_le()) && compared.iter().any(|o| o.is_lt()) {
                    ChangeCode::WebhookRetriesReduced
                } else if compared.iter().all(|o| o.is_ge()) && compared.iter().any(|o| o.is_gt()) {
                    ChangeCode::WebhookRetriesIncreased
                } else if compared.iter().all(|o| o.is_eq()) {
                    return;
                } else {
                    ChangeCode::WebhookRetriesChanged
                }
            }
            _ => ChangeCode::WebhookRetriesChanged,
        };
        self.changed(
            code,
            format!("the retry policy of {what} changed from `{before}` to `{after}`"),
            at,
        );
    }

    pub(super) fn flows(&mut self) {
        let (old, new) = (self.old, self.new);
        for (id, before) in &old.flows {
            let at = Places::both(item_path("flows", id));
            self.in_item(Kind::Flow, id, |differ| match new.flows.get(id) {
                None => differ.removed(
                    ChangeCode::FlowRemoved,
                    format!("flow `{id}` is gone"),
                    &at.old,
                ),
                Some(after) if after.steps != before.steps => differ.changed(
                    ChangeCode::FlowChanged,
                    format!("the steps of flow `{id}` changed"),
                    &at.key("steps"),
                ),
                Some(_) => {}
            });
        }
        for id in new.flows.keys().filter(|id| !old.flows.contains_key(*id)) {
            self.in_item(Kind::Flow, id, |differ| {
                differ.added(
                    ChangeCode::FlowAdded,
                    format!("new flow `{id}`"),
                    &item_path("flows", id),
                );
            });
        }
    }
}

/// Where a scheme is written: `authentication` itself when the section is one scheme.
fn scheme_path(auth: &Authentication, name: &str) -> SpecPath {
    let section = SpecPath::root().key("authentication");
    if auth.named {
        section.key(name)
    } else {
        section
    }
}

/// Whether an error's retry advice allows retrying: `None` when it says nothing.
fn retryable(advice: Option<&str>) -> Option<bool> {
    let advice = advice?.trim().to_lowercase();
    let refuses = [
        "no", "never", "do not", "don't", "not ", "none", "false", "must not",
    ];
    Some(!refuses.iter().any(|word| advice.starts_with(word)))
}

/// A quantity that clients rely on being at least this large (a retention, a page size, a
/// notice): smaller is tighter.
fn compare_amount(
    what: &str,
    before: Option<f64>,
    after: Option<f64>,
    texts: (Option<&str>, Option<&str>),
    at: Places,
    tighter: &mut Vec<(String, Places)>,
    looser: &mut Vec<(String, Places)>,
) {
    let shown =
        |value: f64, text: Option<&str>| text.map_or_else(|| value.to_string(), str::to_owned);
    if let (Some(a), Some(b)) = (before, after) {
        let words = if b < a { "lowered" } else { "raised" };
        let line = format!(
            "{what} {words} from {} to {}",
            shown(a, texts.0),
            shown(b, texts.1)
        );
        if b < a {
            tighter.push((line, at));
        } else if b > a {
            looser.push((line, at));
        }
    }
}

fn shown(text: Option<&str>) -> String {
    text.map_or_else(|| "nothing stated".to_owned(), |text| format!("`{text}`"))
}

fn shown_number(value: Option<u64>) -> String {
    value.map_or_else(|| "unstated".to_owned(), |value| value.to_string())
}
