//! Request parameters: where they go, and how an array or object value is written there
//! (OpenAPI's `style` and `explode`), for the `curl` command and the parameter tables.

use serde_json::Value;

/// How a parameter's value is put into the URL, a header or a cookie (OpenAPI's `style` and
/// `explode`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Serialization {
    /// The style, when declared.
    pub style: Option<Style>,
    /// Whether arrays and objects are exploded (`a=1&a=2`), when declared.
    pub explode: Option<bool>,
}

impl Serialization {
    /// Whether the spec declares anything.
    pub fn is_declared(&self) -> bool {
        self.style.is_some() || self.explode.is_some()
    }
}

/// Where a request parameter goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParamPlace {
    /// A `{name}` in the path.
    Path,
    /// The query string.
    Query,
    /// A request header.
    Header,
    /// A cookie.
    Cookie,
}

impl ParamPlace {
    /// The place as the parameter tables name it.
    pub fn as_str(self) -> &'static str {
        match self {
            ParamPlace::Path => "path",
            ParamPlace::Query => "query",
            ParamPlace::Header => "header",
            ParamPlace::Cookie => "cookie",
        }
    }

    /// The styles a parameter here may have, the default first.
    pub fn styles(self) -> &'static [Style] {
        match self {
            ParamPlace::Path => &[Style::Simple, Style::Label, Style::Matrix],
            ParamPlace::Query => &[
                Style::Form,
                Style::SpaceDelimited,
                Style::PipeDelimited,
                Style::DeepObject,
            ],
            ParamPlace::Header => &[Style::Simple],
            ParamPlace::Cookie => &[Style::Form],
        }
    }

    /// How a parameter here is written: its declared style and explode, else the place's
    /// defaults (OpenAPI's: `form` exploded in the query and cookies, `simple` elsewhere).
    pub fn serialization(self, declared: Serialization) -> (Style, bool) {
        let style = declared
            .style
            .unwrap_or_else(|| self.styles().first().copied().unwrap_or(Style::Form));
        let explode = declared.explode.unwrap_or(style == Style::Form);
        (style, explode)
    }
}

/// How a parameter's array or object value is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    /// `name=a,b` (or `name=a&name=b` exploded): query and cookie parameters.
    Form,
    /// `name=a%20b`: query arrays.
    SpaceDelimited,
    /// `name=a|b`: query arrays.
    PipeDelimited,
    /// `name[key]=value`: query objects.
    DeepObject,
    /// `a,b`: path and header parameters.
    Simple,
    /// `.a.b`: path parameters.
    Label,
    /// `;name=a,b`: path parameters.
    Matrix,
}

impl Style {
    /// Every style, as the format spells them.
    pub const ALL: [(&'static str, Style); 7] = [
        ("form", Style::Form),
        ("spaceDelimited", Style::SpaceDelimited),
        ("pipeDelimited", Style::PipeDelimited),
        ("deepObject", Style::DeepObject),
        ("simple", Style::Simple),
        ("label", Style::Label),
        ("matrix", Style::Matrix),
    ];

    /// The style as the format spells it.
    pub fn as_str(self) -> &'static str {
        Style::ALL
            .iter()
            .find(|(_, style)| *style == self)
            .map_or("form", |(name, _)| name)
    }
}

/// A parameter's value as it is sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Written {
    /// Query string or cookie pairs, not yet percent-encoded.
    Pairs(Vec<(String, String)>),
    /// The text of a path segment or a header.
    Text(String),
}

impl ParamPlace {
    /// `value` of the parameter `name` as it is sent from this place.
    pub fn write(self, name: &str, value: &Value, declared: Serialization) -> Written {
        let (style, explode) = self.serialization(declared);
        match self {
            ParamPlace::Query | ParamPlace::Cookie => {
                Written::Pairs(pairs(name, value, style, explode))
            }
            ParamPlace::Path | ParamPlace::Header => {
                Written::Text(text_form(name, value, style, explode))
            }
        }
    }
}

/// A scalar as text; arrays and objects as JSON.
fn scalar(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// An array's items, or an object's keys and values in turn, as text.
fn flat(value: &Value) -> Vec<String> {
    match value {
        Value::Array(items) => items.iter().map(scalar).collect(),
        Value::Object(members) => members
            .iter()
            .flat_map(|(key, value)| [key.clone(), scalar(value)])
            .collect(),
        other => vec![scalar(other)],
    }
}

fn pairs(name: &str, value: &Value, style: Style, explode: bool) -> Vec<(String, String)> {
    let separator = match style {
        Style::SpaceDelimited => " ",
        Style::PipeDelimited => "|",
        _ => ",",
    };
    match (value, style) {
        (Value::Object(_), Style::DeepObject) => {
            let mut out = Vec::new();
            deep_pairs(name, value, &mut out);
            out
        }
        (Value::Array(items), Style::Form | Style::DeepObject) if explode => items
            .iter()
            .map(|item| (name.to_owned(), scalar(item)))
            .collect(),
        (Value::Object(members), Style::Form) if explode => members
            .iter()
            .map(|(key, value)| (key.clone(), scalar(value)))
            .collect(),
        (Value::Array(_) | Value::Object(_), _) => {
            vec![(name.to_owned(), flat(value).join(separator))]
        }
        (other, _) => vec![(name.to_owned(), scalar(other))],
    }
}

/// `name[key]=value`, nested objects as `name[key][inner]=value`.
fn deep_pairs(name: &str, value: &Value, out: &mut Vec<(String, String)>) {
    match value {
        Value::Object(members) => {
            for (key, member) in members {
                deep_pairs(&format!("{name}[{key}]"), member, out);
            }
        }
        Value::Array(items) => out.extend(items.iter().map(|item| (name.to_owned(), scalar(item)))),
        other => out.push((name.to_owned(), scalar(other))),
    }
}

fn text_form(name: &str, value: &Value, style: Style, explode: bool) -> String {
    let members = |joiner: &str, between: &str| match value {
        Value::Object(members) => members
            .iter()
            .map(|(key, value)| format!("{key}{joiner}{}", scalar(value)))
            .collect::<Vec<_>>()
            .join(between),
        other => flat(other).join(between),
    };
    match style {
        Style::Label => match (value, explode) {
            (Value::Object(_), true) => format!(".{}", members("=", ".")),
            (_, true) => format!(".{}", flat(value).join(".")),
            (_, false) => format!(".{}", flat(value).join(",")),
        },
        Style::Matrix => match (value, explode) {
            (Value::Object(_), true) => format!(";{}", members("=", ";")),
            (Value::Array(items), true) => items
                .iter()
                .map(|item| format!(";{name}={}", scalar(item)))
                .collect(),
            (_, _) => format!(";{name}={}", flat(value).join(",")),
        },
        _ => match (value, explode) {
            (Value::Object(_), true) => members("=", ","),
            _ => flat(value).join(","),
        },
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn query(value: Value, style: Option<Style>, explode: Option<bool>) -> Vec<String> {
        let declared = Serialization { style, explode };
        match ParamPlace::Query.write("color", &value, declared) {
            Written::Pairs(pairs) => pairs.into_iter().map(|(k, v)| format!("{k}={v}")).collect(),
            Written::Text(text) => vec![text],
        }
    }

    fn text(
        place: ParamPlace,
        value: Value,
        style: Option<Style>,
        explode: Option<bool>,
    ) -> String {
        match place.write("color", &value, Serialization { style, explode }) {
            Written::Text(text) => text,
            Written::Pairs(pairs) => format!("{pairs:?}"),
        }
    }

    // The table of OpenAPI's Parameter Object (3.1.1), for `["blue","black","brown"]` and
    // `{"R":100,"G":200,"B":150}`.
    #[test]
    fn values_are_written_as_openapi_says() {
        let array = || json!(["blue", "black", "brown"]);
        let object = || json!({"R": 100, "G": 200, "B": 150});
        assert_eq!(
            query(array(), None, None),
            ["color=blue", "color=black", "color=brown"]
        );
        assert_eq!(
            query(array(), None, Some(false)),
            ["color=blue,black,brown"]
        );
        assert_eq!(query(object(), None, None), ["R=100", "G=200", "B=150"]);
        assert_eq!(
            query(object(), None, Some(false)),
            ["color=R,100,G,200,B,150"]
        );
        assert_eq!(
            query(array(), Some(Style::SpaceDelimited), Some(false)),
            ["color=blue black brown"]
        );
        assert_eq!(
            query(array(), Some(Style::PipeDelimited), Some(false)),
            ["color=blue|black|brown"]
        );
        assert_eq!(
            query(object(), Some(Style::DeepObject), Some(true)),
            ["color[R]=100", "color[G]=200", "color[B]=150"]
        );
        assert_eq!(query(json!("blue"), None, None), ["color=blue"]);
        let path = ParamPlace::Path;
        assert_eq!(text(path, array(), None, None), "blue,black,brown");
        assert_eq!(text(path, object(), None, Some(true)), "R=100,G=200,B=150");
        assert_eq!(text(path, object(), None, None), "R,100,G,200,B,150");
        assert_eq!(
            text(path, array(), Some(Style::Label), Some(true)),
            ".blue.black.brown"
        );
        assert_eq!(
            text(path, array(), Some(Style::Label), None),
            ".blue,black,brown"
        );
        assert_eq!(
            text(path, object(), Some(Style::Label), Some(true)),
            ".R=100.G=200.B=150"
        );
        assert_eq!(
            text(path, array(), Some(Style::Matrix), None),
            ";color=blue,black,brown"
        );
        assert_eq!(
            text(path, array(), Some(Style::Matrix), Some(true)),
            ";color=blue;color=black;color=brown"
        );
        assert_eq!(
            text(path, object(), Some(Style::Matrix), Some(true)),
            ";R=100;G=200;B=150"
        );
        assert_eq!(
            text(ParamPlace::Header, array(), None, None),
            "blue,black,brown"
        );
    }

    #[test]
    fn nested_deep_objects_nest_their_brackets() {
        assert_eq!(
            query(
                json!({"created": {"gte": "2024-01-01"}, "status": "open"}),
                Some(Style::DeepObject),
                None
            ),
            ["color[created][gte]=2024-01-01", "color[status]=open"]
        );
    }
}
