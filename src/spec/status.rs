//! The keys of an endpoint's `responses`: an exact status code, a class of codes (`4XX`) or
//! `default`, and which of an endpoint's responses answers a given status.

use std::fmt;

use indexmap::IndexMap;

/// What a response answers: one status, a class of statuses, or every status no other
/// response of the endpoint names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ResponseStatus {
    /// One status code, 100 to 599.
    Code(u16),
    /// Every status of a class: `4` for `4XX`, 1 to 5.
    Range(u16),
    /// `default`: every status the endpoint's other responses do not name.
    Default,
}

impl ResponseStatus {
    /// Reads a response key: `201`, `4XX` (a capital X, as OpenAPI writes it) or `default`.
    pub fn parse(key: &str) -> Option<ResponseStatus> {
        let key = key.trim();
        if key == "default" {
            return Some(ResponseStatus::Default);
        }
        if let Some(class) = key.strip_suffix("XX") {
            return match class {
                "1" | "2" | "3" | "4" | "5" => class.parse().ok().map(ResponseStatus::Range),
                _ => None,
            };
        }
        match key.parse::<u16>() {
            Ok(code @ 100..=599) => Some(ResponseStatus::Code(code)),
            _ => None,
        }
    }

    /// Whether a response under this key answers `code`, by itself (not counting the other
    /// responses of the endpoint, which `response_for` weighs).
    pub fn covers(self, code: u16) -> bool {
        match self {
            ResponseStatus::Code(own) => own == code,
            ResponseStatus::Range(class) => code / 100 == class,
            ResponseStatus::Default => true,
        }
    }

    /// Whether it stands for error statuses only: a 4xx or 5xx code, or `4XX`, `5XX`.
    pub fn is_error(self) -> bool {
        match self {
            ResponseStatus::Code(code) => code >= 400,
            ResponseStatus::Range(class) => class >= 4,
            ResponseStatus::Default => false,
        }
    }

    /// Whether it stands for success statuses only: a 2xx code, or `2XX`.
    pub fn is_success(self) -> bool {
        match self {
            ResponseStatus::Code(code) => (200..300).contains(&code),
            ResponseStatus::Range(class) => class == 2,
            ResponseStatus::Default => false,
        }
    }

    /// How specific it is: an exact code beats a class, a class beats `default`.
    fn rank(self) -> u8 {
        match self {
            ResponseStatus::Code(_) => 0,
            ResponseStatus::Range(_) => 1,
            ResponseStatus::Default => 2,
        }
    }
}

impl fmt::Display for ResponseStatus {
    /// As written in a spec: `201`, `4XX`, `default`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ResponseStatus::Code(code) => write!(f, "{code}"),
            ResponseStatus::Range(class) => write!(f, "{class}XX"),
            ResponseStatus::Default => f.write_str("default"),
        }
    }
}

/// The response of `responses` that answers `code`: the exact one, else the one for its
/// class, else `default`.
pub fn response_for<T>(
    responses: &IndexMap<ResponseStatus, T>,
    code: u16,
) -> Option<(ResponseStatus, &T)> {
    responses
        .iter()
        .filter(|(status, _)| status.covers(code))
        .min_by_key(|(status, _)| status.rank())
        .map(|(status, response)| (*status, response))
}

/// The reason phrase of a status code (RFC 9110's, for the codes APIs use), e.g. `Not Found`.
pub fn reason_phrase(status: u16) -> Option<&'static str> {
    Some(match status {
        100 => "Continue",
        101 => "Switching Protocols",
        200 => "OK",
        201 => "Created",
        202 => "Accepted",
        203 => "Non-Authoritative Information",
        204 => "No Content",
        206 => "Partial Content",
        207 => "Multi-Status",
        301 => "Moved Permanently",
        302 => "Found",
        303 => "See Other",
        304 => "Not Modified",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        400 => "Bad Request",
        401 => "Unauthorized",
        402 => "Payment Required",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        406 => "Not Acceptable",
        408 => "Request Timeout",
        409 => "Conflict",
        410 => "Gone",
        411 => "Length Required",
        412 => "Precondition Failed",
        413 => "Content Too Large",
        414 => "URI Too Long",
        415 => "Unsupported Media Type",
        418 => "I'm a teapot",
        422 => "Unprocessable Content",
        423 => "Locked",
        425 => "Too Early",
        428 => "Precondition Required",
        429 => "Too Many Requests",
        431 => "Request Header Fields Too Large",
        451 => "Unavailable For Legal Reasons",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        507 => "Insufficient Storage",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_read_as_openapi_writes_them() {
        assert_eq!(
            ResponseStatus::parse("201"),
            Some(ResponseStatus::Code(201))
        );
        assert_eq!(ResponseStatus::parse("4XX"), Some(ResponseStatus::Range(4)));
        assert_eq!(
            ResponseStatus::parse("default"),
            Some(ResponseStatus::Default)
        );
        for wrong in [
            "4xx", "6XX", "0XX", "04XX", "XX", "700", "99", "Default", "4X",
        ] {
            assert_eq!(ResponseStatus::parse(wrong), None, "{wrong}");
        }
        for key in ["201", "5XX", "default"] {
            assert_eq!(ResponseStatus::parse(key).unwrap().to_string(), key);
        }
    }

    #[test]
    fn exact_beats_range_beats_default() {
        let responses: IndexMap<ResponseStatus, &str> = [
            (ResponseStatus::Default, "default"),
            (ResponseStatus::Range(4), "4XX"),
            (ResponseStatus::Code(404), "404"),
            (ResponseStatus::Code(200), "200"),
        ]
        .into_iter()
        .collect();
        let answer = |code| response_for(&responses, code).map(|(_, name)| *name);
        assert_eq!(answer(404), Some("404"));
        assert_eq!(answer(409), Some("4XX"));
        assert_eq!(answer(503), Some("default"));
        assert_eq!(answer(200), Some("200"));
        let only_exact: IndexMap<ResponseStatus, ()> =
            [(ResponseStatus::Code(200), ())].into_iter().collect();
        assert_eq!(response_for(&only_exact, 201), None);
        assert!(ResponseStatus::Range(5).is_error());
        assert!(!ResponseStatus::Default.is_error());
        assert!(!ResponseStatus::Code(204).is_error());
        assert!(ResponseStatus::Code(204).is_success());
        assert!(ResponseStatus::Range(2).is_success());
        assert!(!ResponseStatus::Default.is_success());
    }
}
