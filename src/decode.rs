//! The one decoder of 1fichier's answers, driven by tables: each endpoint describes its answer
//! once as fields (wire names, output name, lenient kind), and `decode` interprets them.
//!
//! The same field arrives as a number, a numeric string, a boolean or `null` depending on the
//! endpoint and the server version (fact base §2.1: rclone reads `offer` as a string, the
//! documentation types it as an integer), so every kind accepts every such variant.

use crate::error::Error;
use crate::json::{parse_number, write_number, Value};

/// How a field is read.
#[derive(Clone, Copy)]
pub enum Kind {
    /// Text; a number becomes its text; missing or null gives "".
    Text,
    /// Text; missing, null or "" give `null`.
    OptText,
    /// A date; "", and the placeholders `1970-01-01…`/`0000…` of jobs not run yet, give `null`.
    Date,
    /// A whole number; missing gives 0.
    Int,
    /// A size or id (whole, not negative); missing gives `null`.
    OptCount,
    /// A size or id (whole, not negative); missing gives 0.
    Count,
    /// Any number; missing gives 0.
    Number,
    /// A 0/1 flag sent as number, string or boolean; missing means `false`.
    Flag,
    /// A list of texts.
    Texts,
    /// A status text: `true` when it is "OK".
    Ok,
    /// A list of objects described by the fields.
    List(&'static [Field]),
}

/// One field of an answer: its wire names (the first that is present wins), its output name.
pub struct Field {
    pub wire: &'static [&'static str],
    pub name: &'static str,
    pub kind: Kind,
}

/// Shorthand for tables: `f(&["wire"], "name", Kind::Text)`.
pub const fn f(wire: &'static [&'static str], name: &'static str, kind: Kind) -> Field {
    Field { wire, name, kind }
}

/// Reads an answer object into the output object described by `fields`.
pub fn decode(raw: &Value, fields: &[Field]) -> Result<Value, Error> {
    let mut out = Vec::with_capacity(fields.len());
    for field in fields {
        out.push((
            field.name.to_string(),
            decode_one(raw, field.wire, field.kind)?,
        ));
    }
    Ok(Value::Object(out))
}

/// One field of an answer, under the first of its wire names that is present.
pub fn decode_one(raw: &Value, wire: &[&str], kind: Kind) -> Result<Value, Error> {
    let value = wire.iter().find_map(|name| raw.field(name));
    read(value, kind).map_err(|expected| {
        Error::decode(
            200,
            &[
                "the field ",
                wire.first().copied().unwrap_or(""),
                " is not ",
                expected,
            ]
            .concat(),
        )
    })
}

fn read(value: Option<&Value>, kind: Kind) -> Result<Value, &'static str> {
    Ok(match kind {
        Kind::Text => Value::Text(text(value)),
        Kind::OptText => Some(text(value)).filter(|t| !t.is_empty()).into(),
        Kind::Date => date(value).into(),
        Kind::Int => whole(value)?.unwrap_or(0.0).into(),
        Kind::Count => count(value)?.unwrap_or(0.0).into(),
        Kind::OptCount => count(value)?.into(),
        Kind::Number => number(value).map_err(|_| "a number")?.unwrap_or(0.0).into(),
        Kind::Flag => flag(value).into(),
        Kind::Ok => text(value).eq_ignore_ascii_case("OK").into(),
        Kind::Texts => Value::List(
            value
                .map_or(&[][..], Value::as_list)
                .iter()
                .map(|v| text(Some(v)).into())
                .collect(),
        ),
        Kind::List(fields) => each(value, &|item| decode(item, fields))
            .map_err(|_| "a list of the expected objects")?,
    })
}

/// Maps every item of a list (anything else is an empty list). One loop, through `dyn`, for
/// every list of every answer: each generic `collect` into a `Result` costs the wasm ~1 KB.
pub fn each(
    list: Option<&Value>,
    read: &dyn Fn(&Value) -> Result<Value, Error>,
) -> Result<Value, Error> {
    let items = list.map_or(&[][..], Value::as_list);
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        out.push(read(item)?);
    }
    Ok(Value::List(out))
}

pub fn text(value: Option<&Value>) -> String {
    match value {
        Some(Value::Text(t)) => t.clone(),
        Some(Value::Number(n)) => {
            let mut out = String::new();
            write_number(*n, &mut out);
            out
        }
        Some(Value::Bool(b)) => if *b { "1" } else { "0" }.to_string(),
        _ => String::new(),
    }
}

pub fn date(value: Option<&Value>) -> Option<String> {
    let value = text(value);
    let value = value.trim();
    (!(value.is_empty() || value.starts_with("1970-01-01") || value.starts_with("0000")))
        .then(|| value.to_string())
}

fn number(value: Option<&Value>) -> Result<Option<f64>, ()> {
    match value {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) => Ok(Some(*n)),
        Some(Value::Bool(b)) => Ok(Some(f64::from(u8::from(*b)))),
        Some(Value::Text(t)) if t.trim().is_empty() => Ok(None),
        Some(Value::Text(t)) => parse_number(t).map(Some).ok_or(()),
        Some(_) => Err(()),
    }
}

fn whole(value: Option<&Value>) -> Result<Option<f64>, &'static str> {
    match number(value) {
        Ok(Some(n)) if n.fract() != 0.0 => Err("a whole number"),
        Ok(n) => Ok(n),
        Err(()) => Err("a whole number"),
    }
}

fn count(value: Option<&Value>) -> Result<Option<f64>, &'static str> {
    match whole(value) {
        Ok(Some(n)) if n < 0.0 => Err("a size or id (not negative)"),
        Err(_) => Err("a size or id"),
        other => other,
    }
}

pub fn flag(value: Option<&Value>) -> bool {
    match value {
        Some(Value::Text(t)) if t.eq_ignore_ascii_case("true") => true,
        Some(Value::Text(t)) if t.eq_ignore_ascii_case("false") => false,
        other => number(other).ok().flatten().is_some_and(|n| n != 0.0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::parse;

    const PROBE: &[Field] = &[
        f(&["flag"], "flag", Kind::Flag),
        f(&["size"], "size", Kind::OptCount),
        f(&["text"], "text", Kind::Text),
        f(&["date"], "date", Kind::Date),
        f(&["cdn"], "cdn", Kind::Number),
        f(&["content-type", "content_type"], "contentType", Kind::Text),
    ];

    fn probe(json: &str) -> Value {
        decode(&parse(json).unwrap(), PROBE).unwrap()
    }

    #[test]
    fn accepts_every_wire_variant() {
        for json in [
            r#"{"flag":1}"#,
            r#"{"flag":"1"}"#,
            r#"{"flag":true}"#,
            r#"{"flag":"true"}"#,
        ] {
            assert_eq!(probe(json).get("flag"), Some(&Value::Bool(true)), "{json}");
        }
        for json in [
            r#"{"flag":0}"#,
            r#"{"flag":"0"}"#,
            r#"{"flag":null}"#,
            r#"{}"#,
            r#"{"flag":""}"#,
        ] {
            assert_eq!(probe(json).get("flag"), Some(&Value::Bool(false)), "{json}");
        }
        assert_eq!(
            probe(r#"{"size":12}"#).get("size"),
            Some(&Value::Number(12.0))
        );
        assert_eq!(
            probe(r#"{"size":"12"}"#).get("size"),
            Some(&Value::Number(12.0))
        );
        assert_eq!(probe(r#"{"size":null}"#).get("size"), Some(&Value::Null));
        assert_eq!(
            probe(r#"{"text":42}"#).get("text"),
            Some(&Value::Text("42".into()))
        );
        assert_eq!(
            probe(r#"{"text":-0.125}"#).get("text"),
            Some(&Value::Text("-0.125".into()))
        );
        assert_eq!(
            probe(r#"{"text":null}"#).get("text"),
            Some(&Value::Text("".into()))
        );
        assert_eq!(
            probe(r#"{"cdn":"2.5"}"#).get("cdn"),
            Some(&Value::Number(2.5))
        );
        assert_eq!(
            probe(r#"{"cdn":"-0.25"}"#).get("cdn"),
            Some(&Value::Number(-0.25))
        );
        assert_eq!(probe(r#"{"date":""}"#).get("date"), Some(&Value::Null));
        assert_eq!(
            probe(r#"{"date":"1970-01-01 01:00:00"}"#).get("date"),
            Some(&Value::Null)
        );
        assert_eq!(
            probe(r#"{"date":"2021-03-20 16:42:15"}"#).get("date"),
            Some(&Value::Text("2021-03-20 16:42:15".into()))
        );
        assert_eq!(
            probe(r#"{"content_type":"a/b"}"#).get("contentType"),
            Some(&Value::Text("a/b".into()))
        );
        assert_eq!(
            probe(r#"{"content-type":"c/d"}"#).get("contentType"),
            Some(&Value::Text("c/d".into()))
        );
    }

    #[test]
    fn rejects_what_is_not_a_number_and_names_the_field() {
        for json in [
            r#"{"size":"big"}"#,
            r#"{"size":-1}"#,
            r#"{"size":1.5}"#,
            r#"{"cdn":"1.2.3"}"#,
            r#"{"cdn":"."}"#,
        ] {
            let error = decode(&parse(json).unwrap(), PROBE).unwrap_err();
            assert_eq!(error.code, crate::error::ErrorCode::Decode, "{json}");
        }
        let error = decode(&parse(r#"{"size":"big"}"#).unwrap(), PROBE).unwrap_err();
        assert!(error.message.contains("size"), "{}", error.message);
    }
}
