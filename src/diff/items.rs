//! Endpoints and webhooks compared: their ids, methods and paths, security, parameters,
//! bodies in each media type, responses and callbacks.

use indexmap::IndexMap;

use super::change::{Differ, Places, Side, Sides, item_path, listed, same_text};
use super::codes::ChangeCode;
use super::fields::Site;
use crate::diagnostic::SpecPath;
use crate::spec::{
    Content, ContentForm, Endpoint, Fields, Kind, Request, Requirement, Response, ResponseStatus,
    Spec, Webhook,
};

impl Differ<'_> {
    /// Endpoints by id; one whose id changed but whose method and path did not is the same
    /// endpoint under a new id.
    pub(super) fn endpoints(&mut self) {
        let (old, new) = (self.old, self.new);
        let mut new_ids: Vec<&str> = new
            .endpoints
            .keys()
            .filter(|id| !old.endpoints.contains_key(*id))
            .map(String::as_str)
            .collect();
        for (id, before) in &old.endpoints {
            if let Some(after) = new.endpoints.get(id) {
                self.in_item(Kind::Endpoint, id, |differ| {
                    differ.endpoint(id, id, before, after);
                });
                continue;
            }
            let same_operation = new_ids.iter().position(|new_id| {
                let after = &new.endpoints[*new_id];
                after.method == before.method
                    && Endpoint::route_shape(&after.path) == Endpoint::route_shape(&before.path)
            });
            match same_operation {
                Some(at) => {
                    let new_id = new_ids.remove(at);
                    self.in_item(Kind::Endpoint, new_id, |differ| {
                        differ.changed(
                            ChangeCode::EndpointIdChanged,
                            format!("endpoint `{id}` is now called `{new_id}`"),
                            &Places {
                                old: item_path("endpoints", id),
                                new: item_path("endpoints", new_id),
                            },
                        );
                        differ.endpoint(id, new_id, before, &new.endpoints[new_id]);
                    });
                }
                None => self.in_item(Kind::Endpoint, id, |differ| {
                    differ.removed(
                        ChangeCode::EndpointRemoved,
                        format!("endpoint `{id}` ({}) was removed", before.signature()),
                        &item_path("endpoints", id),
                    );
                }),
            }
        }
        for id in new_ids {
            let endpoint = &new.endpoints[id];
            self.in_item(Kind::Endpoint, id, |differ| {
                differ.added(
                    ChangeCode::EndpointAdded,
                    format!("new endpoint `{id}` ({})", endpoint.signature()),
                    &item_path("endpoints", id),
                );
            });
        }
    }

    fn endpoint(&mut self, old_id: &str, new_id: &str, old: &Endpoint, new: &Endpoint) {
        let at = Places {
            old: item_path("endpoints", old_id),
            new: item_path("endpoints", new_id),
        };
        let name = format!("`{new_id}`");
        if old.method != new.method {
            self.changed(
                ChangeCode::EndpointMethodChanged,
                format!(
                    "endpoint {name} is now {} instead of {}",
                    new.method.as_str(),
                    old.method.as_str()
                ),
                &at.key("method"),
            );
        }
        if Endpoint::route_shape(&old.path) != Endpoint::route_shape(&new.path) {
            self.changed(
                ChangeCode::EndpointPathChanged,
                format!(
                    "endpoint {name} moved from `{}` to `{}`",
                    old.path, new.path
                ),
                &at.key("path"),
            );
        }
        if old.deprecated.is_none() && new.deprecated.is_some() {
            self.changed(
                ChangeCode::EndpointDeprecated,
                format!("endpoint {name} is deprecated"),
                &at.key("deprecated"),
            );
        }
        if old.idempotent == Some(true) && new.idempotent != Some(true) {
            self.changed(
                ChangeCode::EndpointNoLongerIdempotent,
                format!("endpoint {name} is no longer idempotent"),
                &at.key("idempotent"),
            );
        }
        self.security(&name, old, new, &at.key("auth"));
        let what = format!("endpoint {name}");
        self.rate(
            old.rate_limit.as_deref(),
            new.rate_limit.as_deref(),
            &at.key("rate_limit"),
            &what,
        );
        self.sla(old.sla.as_ref(), new.sla.as_ref(), &at.key("sla"), &what);
        self.listed_errors(&name, &old.errors, &new.errors, &at.key("errors"));
        let renames = path_renames(&old.path, &new.path);
        let empty = Request::default();
        self.request(
            &name,
            old.request.as_ref().unwrap_or(&empty),
            new.request.as_ref().unwrap_or(&empty),
            &at.key("request"),
            &renames,
        );
        self.responses(&name, &old.responses, &new.responses, &at.key("responses"));
        for (callback, before) in &old.callbacks {
            let here = at.key("callbacks").key(callback);
            let Some(after) = new.callbacks.get(callback) else {
                self.removed(
                    ChangeCode::CallbackRemoved,
                    format!("endpoint {name} no longer calls back `{callback}`"),
                    &here.old,
                );
                continue;
            };
            if before.url != after.url || before.method != after.method {
                self.changed(
                    ChangeCode::CallbackTargetChanged,
                    format!(
                        "callback `{callback}` of {name} now goes to {} `{}` instead of {} `{}`",
                        after.method.as_str(),
                        after.url,
                        before.method.as_str(),
                        before.url
                    ),
                    &here,
                );
            }
            let within = format!("callback `{callback}` of {name}");
            self.headers(
                &before.headers,
                &after.headers,
                &here,
                &within,
                Side::Response,
            );
            let payload = format!("the payload of callback `{callback}` of {name}");
            self.content(
                &before.content,
                &after.content,
                &here,
                "payload",
                Side::Response,
                &payload,
            );
            self.answers(
                &before.responses,
                &after.responses,
                &here,
                &format!("callback `{callback}` of {name}"),
            );
        }
        for callback in new.callbacks.keys() {
            if !old.callbacks.contains_key(callback) {
                self.added(
                    ChangeCode::CallbackAdded,
                    format!("endpoint {name} calls back `{callback}`"),
                    &at.new.key("callbacks").key(callback),
                );
            }
        }
    }

    /// What an endpoint accepts, alternative by alternative (a set of schemes used
    /// together), and the scopes each scheme of an alternative asks for.
    fn security(&mut self, name: &str, old: &Endpoint, new: &Endpoint, at: &Places) {
        let alternatives = |spec: &Spec, endpoint: &Endpoint| {
            let mut found = spec.security_of(endpoint);
            // A spec that declares no authentication has public endpoints.
            if found.is_empty() {
                found.push(Requirement::default());
            }
            found
        };
        let before = alternatives(self.old, old);
        let after = alternatives(self.new, new);
        let key = |requirement: &Requirement| {
            let mut schemes: Vec<&str> = requirement
                .schemes
                .iter()
                .map(|use_| use_.scheme.as_str())
                .collect();
            schemes.sort_unstable();
            schemes.join(" + ")
        };
        let shown = |key: &str| {
            if key.is_empty() {
                "no authentication".to_owned()
            } else {
                format!("`{key}`")
            }
        };
        for old_requirement in &before {
            let old_key = key(old_requirement);
            let Some(new_requirement) = after.iter().find(|r| key(r) == old_key) else {
                self.changed(
                    ChangeCode::EndpointAuthRemoved,
                    format!("endpoint {name} no longer accepts {}", shown(&old_key)),
                    at,
                );
                continue;
            };
            for use_ in &old_requirement.schemes {
                let Some(new_use) = new_requirement
                    .schemes
                    .iter()
                    .find(|new_use| new_use.scheme == use_.scheme)
                else {
                    continue;
                };
                let added: Vec<&String> = new_use
                    .scopes
                    .iter()
                    .filter(|scope| !use_.scopes.contains(scope))
                    .collect();
                let removed: Vec<&String> = use_
                    .scopes
                    .iter()
                    .filter(|scope| !new_use.scopes.contains(scope))
                    .collect();
                let scopes = |n: usize| if n == 1 { "scope" } else { "scopes" };
                if !added.is_empty() {
                    self.changed(
                        ChangeCode::EndpointScopeAdded,
                        format!(
                            "endpoint {name} needs the {} {} of `{}`",
                            scopes(added.len()),
                            listed(&added),
                            use_.scheme
                        ),
                        at,
                    );
                }
                if !removed.is_empty() {
                    self.changed(
                        ChangeCode::EndpointScopeRemoved,
                        format!(
                            "endpoint {name} no longer needs the {} {} of `{}`",
                            scopes(removed.len()),
                            listed(&removed),
                            use_.scheme
                        ),
                        at,
                    );
                }
            }
        }
        for new_requirement in &after {
            let new_key = key(new_requirement);
            if !before.iter().any(|r| key(r) == new_key) {
                self.changed(
                    ChangeCode::EndpointAuthAdded,
                    format!("endpoint {name} also accepts {}", shown(&new_key)),
                    at,
                );
            }
        }
    }

    /// The error codes an endpoint lists.
    fn listed_errors(&mut self, name: &str, old: &[String], new: &[String], at: &Places) {
        for (idx, code) in old.iter().enumerate() {
            if !new.contains(code) {
                self.removed(
                    ChangeCode::EndpointErrorRemoved,
                    format!("endpoint {name} no longer lists error `{code}`"),
                    &at.old.index(idx),
                );
            }
        }
        for (idx, code) in new.iter().enumerate() {
            if !old.contains(code) {
                self.added(
                    ChangeCode::EndpointErrorAdded,
                    format!("endpoint {name} can return error `{code}`"),
                    &at.new.index(idx),
                );
            }
        }
    }

    fn request(
        &mut self,
        name: &str,
        old: &Request,
        new: &Request,
        at: &Places,
        renames: &IndexMap<String, String>,
    ) {
        // A path parameter renamed along with the path is the same parameter.
        let old_path_params: Fields = old
            .path_params
            .iter()
            .map(|(param, field)| {
                let renamed = renames.get(param).unwrap_or(param);
                (renamed.clone(), field.clone())
            })
            .collect();
        let sets = [
            (
                "path parameter",
                "path_params",
                &old_path_params,
                &new.path_params,
            ),
            ("query parameter", "query", &old.query, &new.query),
            ("request header", "headers", &old.headers, &new.headers),
            ("cookie", "cookies", &old.cookies, &new.cookies),
        ];
        for (noun, key, before, after) in sets {
            let site = Site {
                noun,
                within: name,
                sides: Sides::of(Side::Request),
            };
            self.fields(before, after, &at.key(key), "", &site);
        }
        let within = format!("the request body of {name}");
        self.content(
            &old.content,
            &new.content,
            at,
            "body",
            Side::Request,
            &within,
        );
    }

    /// An endpoint's responses by status.
    fn responses(
        &mut self,
        name: &str,
        old: &IndexMap<ResponseStatus, crate::spec::Response>,
        new: &IndexMap<ResponseStatus, crate::spec::Response>,
        at: &Places,
    ) {
        for (status, before) in old {
            let here = at.key(&status.to_string());
            match new.get(status) {
                Some(after) => {
                    let within = format!("the {status} response of {name}");
                    self.response(before, after, &here, &within, Side::Response);
                }
                None if status.is_success() => self.removed(
                    ChangeCode::ResponseSuccessStatusRemoved,
                    format!("endpoint {name} no longer answers {status}"),
                    &here.old,
                ),
                None => self.removed(
                    ChangeCode::ResponseStatusRemoved,
                    format!("endpoint {name} no longer answers {status}"),
                    &here.old,
                ),
            }
        }
        for status in new.keys().filter(|status| !old.contains_key(*status)) {
            self.added(
                ChangeCode::ResponseStatusAdded,
                format!("endpoint {name} may answer {status}"),
                &at.new.key(&status.to_string()),
            );
        }
    }

    /// The responses a webhook's or callback's receiver may give: sent by the client.
    fn answers(
        &mut self,
        old: &IndexMap<ResponseStatus, Response>,
        new: &IndexMap<ResponseStatus, Response>,
        at: &Places,
        to: &str,
    ) {
        for (status, before) in old {
            let Some(after) = new.get(status) else {
                continue;
            };
            let here = at.key("responses").key(&status.to_string());
            let within = format!("the {status} response to {to}");
            self.response(before, after, &here, &within, Side::Request);
        }
    }

    /// A response in both versions, written at `at`: its headers and its body, as sent by
    /// `side`.
    fn response(&mut self, old: &Response, new: &Response, at: &Places, within: &str, side: Side) {
        self.headers(&old.headers, &new.headers, at, within, side);
        self.content(&old.content, &new.content, at, "body", side, within);
    }

    fn headers(&mut self, old: &Fields, new: &Fields, at: &Places, within: &str, side: Side) {
        let site = Site {
            noun: "header",
            within,
            sides: Sides::of(side),
        };
        self.fields(old, new, &at.key("headers"), "", &site);
    }

    /// A body in each of its media types; `at` is where its carrier is written.
    pub(super) fn content(
        &mut self,
        old: &Option<Content>,
        new: &Option<Content>,
        at: &Places,
        body_key: &str,
        side: Side,
        within: &str,
    ) {
        // Messages about the body as a whole: "the request body of `x`", "the body of the 201
        // response of `x`".
        let body = match side {
            Side::Response if body_key == "body" => format!("the body of {within}"),
            _ => within.to_owned(),
        };
        let (added, removed, media_added, media_removed) = match side {
            Side::Request => (
                ChangeCode::RequestBodyAdded,
                ChangeCode::RequestBodyRemoved,
                ChangeCode::RequestMediaTypeAdded,
                ChangeCode::RequestMediaTypeRemoved,
            ),
            Side::Response => (
                ChangeCode::ResponseBodyAdded,
                ChangeCode::ResponseBodyRemoved,
                ChangeCode::ResponseMediaTypeAdded,
                ChangeCode::ResponseMediaTypeRemoved,
            ),
        };
        let (before, after) = match (old, new) {
            (None, None) => return,
            (None, Some(_)) => {
                self.added(added, format!("{body} is new"), &at.new.key(body_key));
                return;
            }
            (Some(_), None) => {
                self.removed(removed, format!("{body} is gone"), &at.old.key(body_key));
                return;
            }
            (Some(before), Some(after)) => (before, after),
        };
        let several = before.media_types.len() > 1 || after.media_types.len() > 1;
        for (media_type, old_media) in &before.media_types {
            let old_base = media_base(before, media_type, &at.old);
            let Some(new_media) = after.media_types.get(media_type) else {
                self.removed(
                    media_removed,
                    format!("{body} is no longer sent as `{media_type}`"),
                    &old_base,
                );
                continue;
            };
            let new_base = media_base(after, media_type, &at.new);
            let (Some(old_schema), Some(new_schema)) = (&old_media.schema, &new_media.schema)
            else {
                continue;
            };
            let body_at = |base: &SpecPath, type_only: bool| {
                if type_only {
                    base.clone()
                } else {
                    base.key(body_key)
                }
            };
            let here = Places {
                old: body_at(&old_base, old_media.type_only),
                new: body_at(&new_base, new_media.type_only),
            };
            let within = if several {
                format!("{within} in `{media_type}`")
            } else {
                within.to_owned()
            };
            let site = Site {
                noun: "field",
                within: &within,
                sides: Sides::of(side),
            };
            self.body(old_schema, new_schema, &here, &site);
        }
        for media_type in after.media_types.keys() {
            if !before.media_types.contains_key(media_type) {
                self.added(
                    media_added,
                    format!("{body} may be sent as `{media_type}`"),
                    &media_base(after, media_type, &at.new),
                );
            }
        }
    }

    /// Webhooks by event.
    pub(super) fn webhooks(&mut self) {
        let (old, new) = (self.old, self.new);
        for (event, before) in &old.webhooks {
            let path = item_path("webhooks", event);
            match new.webhooks.get(event) {
                Some(after) => self.in_item(Kind::Webhook, event, |differ| {
                    differ.webhook(event, before, after, &Places::both(path));
                }),
                None => self.in_item(Kind::Webhook, event, |differ| {
                    differ.removed(
                        ChangeCode::WebhookRemoved,
                        format!("webhook `{event}` is no longer sent"),
                        &path,
                    );
                }),
            }
        }
        for event in new
            .webhooks
            .keys()
            .filter(|e| !old.webhooks.contains_key(*e))
        {
            self.in_item(Kind::Webhook, event, |differ| {
                differ.added(
                    ChangeCode::WebhookAdded,
                    format!("new webhook `{event}`"),
                    &item_path("webhooks", event),
                );
            });
        }
    }

    fn webhook(&mut self, event: &str, old: &Webhook, new: &Webhook, at: &Places) {
        let name = format!("webhook `{event}`");
        if old.deprecated.is_none() && new.deprecated.is_some() {
            self.changed(
                ChangeCode::WebhookDeprecated,
                format!("{name} is deprecated"),
                &at.key("deprecated"),
            );
        }
        match (&old.signature, &new.signature) {
            (Some(before), Some(after)) if same_text(before, after) => {}
            (None, None) => {}
            (before, after) => self.changed(
                ChangeCode::WebhookSignatureChanged,
                format!(
                    "receivers verify {name} differently: {} instead of {}",
                    quoted_or_none(after.as_deref()),
                    quoted_or_none(before.as_deref())
                ),
                &at.key("signature"),
            ),
        }
        self.retries(
            &name,
            old.retries.as_deref(),
            new.retries.as_deref(),
            &at.key("retries"),
        );
        self.headers(&old.headers, &new.headers, at, &name, Side::Response);
        let payload = format!("the payload of {name}");
        self.content(
            &old.content,
            &new.content,
            at,
            "payload",
            Side::Response,
            &payload,
        );
        self.answers(&old.responses, &new.responses, at, &name);
    }
}

/// Where a media type's keys are written: beside the carrier's other keys in the single
/// form, under `content` otherwise.
fn media_base(content: &Content, media_type: &str, carrier: &SpecPath) -> SpecPath {
    match content.form {
        ContentForm::Map => carrier.key("content").key(media_type),
        ContentForm::Single { .. } => carrier.clone(),
    }
}

/// The names of a path's parameters in the old path to those in the new one, by position,
/// when the paths have the same shape.
fn path_renames(old: &str, new: &str) -> IndexMap<String, String> {
    if Endpoint::route_shape(old) != Endpoint::route_shape(new) {
        return IndexMap::new();
    }
    let names = |path: &str| -> Vec<String> {
        path.split('{')
            .skip(1)
            .filter_map(|rest| rest.split_once('}').map(|(name, _)| name.to_owned()))
            .collect()
    };
    names(old)
        .into_iter()
        .zip(names(new))
        .filter(|(before, after)| before != after)
        .collect()
}

fn quoted_or_none(text: Option<&str>) -> String {
    text.map_or_else(|| "nothing stated".to_owned(), |text| format!("`{text}`"))
}
