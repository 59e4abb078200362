//! Lenient decoding of 1fichier's loosely typed fields.
//!
//! The same field arrives as a number, a numeric string, a boolean or `null` depending on the
//! endpoint and the server version (fact base §2.1: rclone reads `offer` as a string, the
//! documentation types it as an integer), so every field goes through one of these.

use serde::de::{Deserializer, Error as _, Visitor};
use std::fmt;

/// Any JSON scalar, as the wire sent it.
enum Scalar {
    Number(f64),
    Text(String),
    Missing,
}

struct ScalarVisitor;

impl<'de> Visitor<'de> for ScalarVisitor {
    type Value = Scalar;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a number, a string, a boolean or null")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Scalar, E> {
        Ok(Scalar::Number(if v { 1.0 } else { 0.0 }))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Scalar, E> {
        Ok(Scalar::Number(v as f64))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Scalar, E> {
        Ok(Scalar::Number(v as f64))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Scalar, E> {
        Ok(Scalar::Number(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Scalar, E> {
        Ok(Scalar::Text(v.to_string()))
    }
    fn visit_string<E>(self, v: String) -> Result<Scalar, E> {
        Ok(Scalar::Text(v))
    }
    fn visit_unit<E>(self) -> Result<Scalar, E> {
        Ok(Scalar::Missing)
    }
    fn visit_none<E>(self) -> Result<Scalar, E> {
        Ok(Scalar::Missing)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Scalar, D::Error> {
        d.deserialize_any(self)
    }
}

fn scalar<'de, D: Deserializer<'de>>(d: D) -> Result<Scalar, D::Error> {
    d.deserialize_any(ScalarVisitor)
}

fn number_of<E: serde::de::Error>(value: Scalar) -> Result<Option<f64>, E> {
    match value {
        Scalar::Number(n) => Ok(Some(n)),
        Scalar::Missing => Ok(None),
        Scalar::Text(t) if t.trim().is_empty() => Ok(None),
        Scalar::Text(t) => parse_decimal(t.trim()).map(Some).ok_or_else(|| E::custom(format!("expected a number, got {t:?}"))),
    }
}

/// `-12`, `3.25`: the decimal forms 1fichier sends. Hand-written because the standard float
/// parser and formatter would add about 30 KB to the wasm for these few fields.
fn parse_decimal(text: &str) -> Option<f64> {
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    if whole.is_empty() && fraction.is_empty() || !(whole.chars().chain(fraction.chars())).all(|c| c.is_ascii_digit()) {
        return None;
    }
    let mut value = whole.bytes().fold(0.0, |acc, d| acc * 10.0 + f64::from(d - b'0'));
    let mut scale = 0.1;
    for d in fraction.bytes() {
        value += f64::from(d - b'0') * scale;
        scale /= 10.0;
    }
    Some(if negative { -value } else { value })
}

/// Up to 6 decimals, trailing zeros dropped.
fn format_decimal(n: f64) -> String {
    if n.fract() == 0.0 {
        return format!("{}", n as i64);
    }
    let sign = if n < 0.0 { "-" } else { "" };
    let micros = (n.abs() * 1e6).round() as u64;
    let fraction = format!("{:06}", micros % 1_000_000);
    format!("{sign}{}.{}", micros / 1_000_000, fraction.trim_end_matches('0'))
}

/// A number (or numeric string); absent, null or "" give `None`.
pub fn opt_f64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    number_of(scalar(d)?)
}

pub fn f64_or_zero<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
    Ok(opt_f64(d)?.unwrap_or(0.0))
}

/// An integer (or integral string); absent or null give `None`.
pub fn opt_i64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    match opt_f64(d)? {
        Some(n) if n.fract() == 0.0 => Ok(Some(n as i64)),
        Some(_) => Err(D::Error::custom("expected an integer, got a fraction")),
        None => Ok(None),
    }
}

pub fn i64_or_zero<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    Ok(opt_i64(d)?.unwrap_or(0))
}

pub fn opt_u64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    match opt_i64(d)? {
        Some(n) if n < 0 => Err(D::Error::custom("expected a size, got a negative number")),
        other => Ok(other.map(|n| n as u64)),
    }
}

pub fn u64_or_zero<'de, D: Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
    Ok(opt_u64(d)?.unwrap_or(0))
}

/// A 0/1 flag sent as number, string or boolean; absent or null mean `false`.
pub fn flag<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    match scalar(d)? {
        Scalar::Text(t) if t.eq_ignore_ascii_case("true") => Ok(true),
        Scalar::Text(t) if t.eq_ignore_ascii_case("false") => Ok(false),
        other => Ok(number_of::<D::Error>(other)?.is_some_and(|n| n != 0.0)),
    }
}

/// A text field that may be absent, null, or a number; "" stays "".
pub fn text<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(match scalar(d)? {
        Scalar::Text(t) => t,
        Scalar::Number(n) if n.fract() == 0.0 => format!("{}", n as i64),
        Scalar::Number(n) => format_decimal(n),
        Scalar::Missing => String::new(),
    })
}

/// A date field: "" and the epoch placeholder `1970-01-01…` (remote jobs not run yet) are `None`.
pub fn date<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    let value = text(d)?;
    let value = value.trim();
    Ok(if value.is_empty() || value.starts_with("1970-01-01") || value.starts_with("0000") {
        None
    } else {
        Some(value.to_string())
    })
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    #[derive(Deserialize, Debug, PartialEq)]
    struct Probe {
        #[serde(default, deserialize_with = "super::flag")]
        flag: bool,
        #[serde(default, deserialize_with = "super::opt_u64")]
        size: Option<u64>,
        #[serde(default, deserialize_with = "super::text")]
        text: String,
        #[serde(default, deserialize_with = "super::date")]
        date: Option<String>,
        #[serde(default, deserialize_with = "super::f64_or_zero")]
        cdn: f64,
    }

    fn probe(json: &str) -> Probe {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn accepts_every_wire_variant() {
        for json in [r#"{"flag":1}"#, r#"{"flag":"1"}"#, r#"{"flag":true}"#, r#"{"flag":"true"}"#] {
            assert!(probe(json).flag, "{json}");
        }
        for json in [r#"{"flag":0}"#, r#"{"flag":"0"}"#, r#"{"flag":null}"#, r#"{}"#, r#"{"flag":""}"#] {
            assert!(!probe(json).flag, "{json}");
        }
        assert_eq!(probe(r#"{"size":12}"#).size, Some(12));
        assert_eq!(probe(r#"{"size":"12"}"#).size, Some(12));
        assert_eq!(probe(r#"{"size":null}"#).size, None);
        assert_eq!(probe(r#"{"text":42}"#).text, "42");
        assert_eq!(probe(r#"{"text":null}"#).text, "");
        assert_eq!(probe(r#"{"cdn":"2.5"}"#).cdn, 2.5);
        assert_eq!(probe(r#"{"cdn":"-0.25"}"#).cdn, -0.25);
        assert_eq!(probe(r#"{"cdn":"7"}"#).cdn, 7.0);
        assert_eq!(probe(r#"{"text":2.5}"#).text, "2.5");
        assert_eq!(probe(r#"{"text":-0.125}"#).text, "-0.125");
        assert_eq!(probe(r#"{"date":""}"#).date, None);
        assert_eq!(probe(r#"{"date":"1970-01-01 01:00:00"}"#).date, None);
        assert_eq!(probe(r#"{"date":"2021-03-20 16:42:15"}"#).date.as_deref(), Some("2021-03-20 16:42:15"));
    }

    #[test]
    fn rejects_what_is_not_a_number() {
        assert!(serde_json::from_str::<Probe>(r#"{"size":"big"}"#).is_err());
        assert!(serde_json::from_str::<Probe>(r#"{"size":-1}"#).is_err());
        assert!(serde_json::from_str::<Probe>(r#"{"cdn":"1.2.3"}"#).is_err());
        assert!(serde_json::from_str::<Probe>(r#"{"cdn":"."}"#).is_err());
    }
}
