//! OpenAPI runtime expressions: what a callback's URL is taken from, such as
//! `{$request.body#/callback_url}` (the `callback_url` field of the request body).
//!
//! ```text
//! expression = "$url" | "$method" | "$statusCode" | "$request." source | "$response." source
//! source     = "header." TOKEN | "query." NAME | "path." NAME | "body" [ "#" JSON-POINTER ]
//! ```
//!
//! A URL is one expression alone, or text with expressions in braces:
//! `{$request.body#/callback_url}/events`.

/// One runtime expression.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Expression {
    /// `$url`: the URL of the request.
    Url,
    /// `$method`: its method.
    Method,
    /// `$statusCode`: the status of the response.
    StatusCode,
    /// `$request.…`: a part of the request.
    Request(Source),
    /// `$response.…`: a part of the response.
    Response(Source),
}

/// The part of a request or response an expression names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// `header.NAME`
    Header(String),
    /// `query.NAME`
    Query(String),
    /// `path.NAME`
    Path(String),
    /// `body`, or `body#/a/b`: the tokens of the JSON pointer, unescaped (`~1` is `/`).
    Body(Vec<String>),
}

impl std::fmt::Display for Expression {
    /// The expression as written, e.g. `$request.body#/callback_url`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (side, source) = match self {
            Expression::Url => return f.write_str("$url"),
            Expression::Method => return f.write_str("$method"),
            Expression::StatusCode => return f.write_str("$statusCode"),
            Expression::Request(source) => ("request", source),
            Expression::Response(source) => ("response", source),
        };
        match source {
            Source::Header(name) => write!(f, "${side}.header.{name}"),
            Source::Query(name) => write!(f, "${side}.query.{name}"),
            Source::Path(name) => write!(f, "${side}.path.{name}"),
            Source::Body(tokens) if tokens.is_empty() => write!(f, "${side}.body"),
            Source::Body(tokens) => {
                write!(f, "${side}.body#")?;
                for token in tokens {
                    write!(f, "/{}", token.replace('~', "~0").replace('/', "~1"))?;
                }
                Ok(())
            }
        }
    }
}

/// Why a URL's expressions cannot be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExpressionError {
    /// What is wrong.
    pub message: String,
    /// Where, as a character offset into the URL.
    pub column: usize,
    /// How to write it.
    pub help: String,
}

const FORM: &str = "write a runtime expression such as `{$request.body#/callback_url}`, `{$request.query.callback}` or `{$request.header.X-Callback-Url}`";

/// The expressions of a callback URL, in order; at least one.
pub fn url_expressions(url: &str) -> Result<Vec<Expression>, ExpressionError> {
    let trimmed = url.trim();
    if trimmed.starts_with('$') {
        let start = url.len() - url.trim_start().len();
        return parse(trimmed)
            .map(|expression| vec![expression])
            .map_err(|message| error(url, start, message));
    }
    let mut expressions = Vec::new();
    let mut rest = url;
    while let Some(open) = rest.find('{') {
        let offset = url.len() - rest.len() + open;
        let inner = &rest[open + 1..];
        let Some(close) = inner.find('}') else {
            return Err(error(url, offset, "a `{` is never closed".to_owned()));
        };
        let text = &inner[..close];
        if !text.starts_with('$') {
            return Err(error(
                url,
                offset,
                format!("`{{{text}}}` is not a runtime expression, which starts with `$`"),
            ));
        }
        expressions.push(parse(text).map_err(|message| error(url, offset + 1, message))?);
        rest = &inner[close + 1..];
    }
    if expressions.is_empty() {
        return Err(error(
            url,
            0,
            "it names no runtime expression, so its target does not come from the request"
                .to_owned(),
        ));
    }
    Ok(expressions)
}

fn error(url: &str, byte: usize, message: String) -> ExpressionError {
    ExpressionError {
        message,
        column: url[..byte.min(url.len())].chars().count(),
        help: FORM.to_owned(),
    }
}

fn parse(text: &str) -> Result<Expression, String> {
    match text {
        "$url" => return Ok(Expression::Url),
        "$method" => return Ok(Expression::Method),
        "$statusCode" => return Ok(Expression::StatusCode),
        _ => {}
    }
    let (source, wrap): (&str, fn(Source) -> Expression) = if let Some(source) =
        text.strip_prefix("$request.")
    {
        (source, Expression::Request)
    } else if let Some(source) = text.strip_prefix("$response.") {
        (source, Expression::Response)
    } else {
        return Err(format!(
            "`{text}` is not a runtime expression: it starts with `$url`, `$method`, `$statusCode`, `$request.` or `$response.`"
        ));
    };
    let named = |prefix: &str, make: fn(String) -> Source| {
        source.strip_prefix(prefix).map(|name| {
            if name.is_empty() || name.contains(char::is_whitespace) {
                Err(format!(
                    "`{text}` names no {}",
                    prefix.trim_end_matches('.')
                ))
            } else {
                Ok(make(name.to_owned()))
            }
        })
    };
    let source = if let Some(header) = named("header.", Source::Header) {
        header?
    } else if let Some(query) = named("query.", Source::Query) {
        query?
    } else if let Some(path) = named("path.", Source::Path) {
        path?
    } else if source == "body" {
        Source::Body(Vec::new())
    } else if let Some(pointer) = source.strip_prefix("body#") {
        Source::Body(pointer_tokens(pointer).ok_or_else(|| {
            format!("`{pointer}` in `{text}` is not a JSON pointer: it starts with `/`, and `~` is written `~0`")
        })?)
    } else {
        return Err(format!(
            "`{text}` names no part of the request or response: after the dot comes `header.`, `query.`, `path.` or `body`"
        ));
    };
    Ok(wrap(source))
}

/// The tokens of a JSON pointer (RFC 6901), unescaped; `None` when it is not one.
fn pointer_tokens(pointer: &str) -> Option<Vec<String>> {
    if pointer.is_empty() {
        return Some(Vec::new());
    }
    let rest = pointer.strip_prefix('/')?;
    rest.split('/')
        .map(|token| {
            let mut out = String::new();
            let mut chars = token.chars();
            while let Some(c) = chars.next() {
                match c {
                    '~' => match chars.next() {
                        Some('0') => out.push('~'),
                        Some('1') => out.push('/'),
                        _ => return None,
                    },
                    c => out.push(c),
                }
            }
            Some(out)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_hold_expressions_alone_or_in_braces() {
        assert_eq!(
            url_expressions("{$request.body#/callback_url}"),
            Ok(vec![Expression::Request(Source::Body(vec![
                "callback_url".into()
            ]))])
        );
        assert_eq!(
            url_expressions("$request.query.queryUrl"),
            Ok(vec![Expression::Request(Source::Query("queryUrl".into()))])
        );
        assert_eq!(
            url_expressions(
                "https://hooks.example.com/{$request.path.id}/{$response.body#/a~1b/0}"
            ),
            Ok(vec![
                Expression::Request(Source::Path("id".into())),
                Expression::Response(Source::Body(vec!["a/b".into(), "0".into()])),
            ])
        );
        assert_eq!(
            url_expressions("{$request.header.X-Callback}{$method}"),
            Ok(vec![
                Expression::Request(Source::Header("X-Callback".into())),
                Expression::Method
            ])
        );
        assert_eq!(
            url_expressions("{$request.body}"),
            Ok(vec![Expression::Request(Source::Body(Vec::new()))])
        );
    }

    #[test]
    fn expressions_show_as_written() {
        for text in [
            "$request.body#/callback_url",
            "$response.body#/a~1b/~0c",
            "$request.header.X-Callback",
            "$request.query.q",
            "$response.path.id",
            "$request.body",
            "$statusCode",
        ] {
            let parsed = url_expressions(text).unwrap();
            assert_eq!(parsed[0].to_string(), text);
        }
    }

    #[test]
    fn mistakes_point_at_their_column() {
        let wrong = |url: &str| url_expressions(url).unwrap_err();
        let found = wrong("https://x.example/{callback_url}");
        assert!(
            found.message.contains("not a runtime expression"),
            "{found:?}"
        );
        assert_eq!(found.column, 18);
        assert!(wrong("https://x.example/hook").message.contains("names no"));
        assert!(wrong("{$request.body#/a").message.contains("never closed"));
        assert!(wrong("{$request.bdy#/a}").message.contains("names no part"));
        assert!(wrong("{$request.body#a}").message.contains("JSON pointer"));
        assert!(
            wrong("{$request.body#/a~2}")
                .message
                .contains("JSON pointer")
        );
        assert!(wrong("{$requests.body}").message.contains("starts with"));
        assert!(
            wrong("{$request.query.}")
                .message
                .contains("names no query")
        );
        assert_eq!(wrong("é{$x}").column, 2);
    }
}
