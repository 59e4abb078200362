//! A small JSON value with its parser and writer: every value crosses the wasm boundary as
//! JSON text (`JSON.stringify` in, `JSON.parse` out), so the core needs no per-struct serde
//! code and no float parser or formatter from `core` (together ~80 KB of wasm in 0.1.0).

/// A JSON value. Objects keep their keys in order (answers are small; a Vec beats a map).
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Number(f64),
    Text(String),
    List(Vec<Value>),
    Object(Vec<(String, Value)>),
}

impl Value {
    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Object(members) => members.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// `None` for a missing key and for `null` alike.
    pub fn field(&self, key: &str) -> Option<&Value> {
        self.get(key).filter(|v| !matches!(v, Value::Null))
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Text(text) => Some(text),
            _ => None,
        }
    }

    pub fn as_list(&self) -> &[Value] {
        match self {
            Value::List(items) => items,
            _ => &[],
        }
    }

    pub fn object() -> Value {
        Value::Object(Vec::new())
    }

    /// Adds a member (builder style, for request bodies and outputs).
    #[inline(always)]
    pub fn with(mut self, key: &str, value: impl Into<Value>) -> Value {
        self.set_value(key, value.into());
        self
    }

    #[inline(always)]
    pub fn set(&mut self, key: &str, value: impl Into<Value>) {
        self.set_value(key, value.into());
    }

    // Not inlined: the builders are called in every method, and one copy keeps the wasm small.
    #[inline(never)]
    fn set_value(&mut self, key: &str, value: Value) {
        if let Value::Object(members) = self {
            match members.iter_mut().find(|(k, _)| k == key) {
                Some((_, slot)) => *slot = value,
                None => members.push((key.to_string(), value)),
            }
        }
    }

    /// Adds the member only when there is a value.
    #[inline(always)]
    pub fn with_some(mut self, key: &str, value: Option<impl Into<Value>>) -> Value {
        if let Some(value) = value {
            self.set_value(key, value.into());
        }
        self
    }

    pub fn to_json(&self) -> String {
        let mut out = String::new();
        write_value(self, &mut out);
        out
    }
}

impl From<bool> for Value {
    fn from(value: bool) -> Value {
        Value::Bool(value)
    }
}
impl From<f64> for Value {
    fn from(value: f64) -> Value {
        Value::Number(value)
    }
}
impl From<u64> for Value {
    fn from(value: u64) -> Value {
        Value::Number(value as f64)
    }
}
impl From<i64> for Value {
    fn from(value: i64) -> Value {
        Value::Number(value as f64)
    }
}
impl From<u8> for Value {
    fn from(value: u8) -> Value {
        Value::Number(f64::from(value))
    }
}
impl From<&str> for Value {
    fn from(value: &str) -> Value {
        Value::Text(value.to_string())
    }
}
impl From<String> for Value {
    fn from(value: String) -> Value {
        Value::Text(value)
    }
}
impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(value: Option<T>) -> Value {
        value.map_or(Value::Null, Into::into)
    }
}
impl<T: Into<Value>> From<Vec<T>> for Value {
    fn from(items: Vec<T>) -> Value {
        Value::List(items.into_iter().map(Into::into).collect())
    }
}

/// Parses JSON text; `None` when it is not JSON (an HTML page, a truncated answer).
pub fn parse(text: &str) -> Option<Value> {
    read_all(text, Parser::value)
}

/// Reads the whole of `text` with `read`: `None` when it fails or leaves more than spaces.
fn read_all<'a, T>(text: &'a str, read: fn(&mut Parser<'a>) -> Option<T>) -> Option<T> {
    let mut parser = Parser {
        source: text,
        bytes: text.as_bytes(),
        at: 0,
        depth: 0,
    };
    let value = read(&mut parser)?;
    parser.skip_space();
    (parser.at == parser.bytes.len()).then_some(value)
}

/// Deep enough for any answer of 1fichier; bounds the recursion on hostile input.
const MAX_DEPTH: u32 = 64;

struct Parser<'a> {
    source: &'a str,
    bytes: &'a [u8],
    at: usize,
    depth: u32,
}

impl Parser<'_> {
    fn skip_space(&mut self) {
        while self
            .bytes
            .get(self.at)
            .is_some_and(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
        {
            self.at += 1;
        }
    }

    fn eat(&mut self, byte: u8) -> bool {
        self.skip_space();
        let found = self.bytes.get(self.at) == Some(&byte);
        if found {
            self.at += 1;
        }
        found
    }

    fn literal(&mut self, word: &str, value: Value) -> Option<Value> {
        let end = self.at + word.len();
        (self.bytes.get(self.at..end)? == word.as_bytes()).then(|| {
            self.at = end;
            value
        })
    }

    fn value(&mut self) -> Option<Value> {
        self.skip_space();
        match *self.bytes.get(self.at)? {
            b'n' => self.literal("null", Value::Null),
            b't' => self.literal("true", Value::Bool(true)),
            b'f' => self.literal("false", Value::Bool(false)),
            b'"' => self.text().map(Value::Text),
            b'[' => self.nested(|p| {
                let mut items = Vec::new();
                if p.eat(b']') {
                    return Some(Value::List(items));
                }
                loop {
                    items.push(p.value()?);
                    if p.eat(b']') {
                        return Some(Value::List(items));
                    }
                    if !p.eat(b',') {
                        return None;
                    }
                }
            }),
            b'{' => self.nested(|p| {
                let mut members = Vec::new();
                if p.eat(b'}') {
                    return Some(Value::Object(members));
                }
                loop {
                    p.skip_space();
                    let key = p.text()?;
                    if !p.eat(b':') {
                        return None;
                    }
                    members.push((key, p.value()?));
                    if p.eat(b'}') {
                        return Some(Value::Object(members));
                    }
                    if !p.eat(b',') {
                        return None;
                    }
                }
            }),
            _ => self.number().map(Value::Number),
        }
    }

    fn nested(&mut self, read: impl FnOnce(&mut Self) -> Option<Value>) -> Option<Value> {
        if self.depth >= MAX_DEPTH {
            return None;
        }
        self.depth += 1;
        self.at += 1;
        let value = read(self);
        self.depth -= 1;
        value
    }

    fn text(&mut self) -> Option<String> {
        if self.bytes.get(self.at) != Some(&b'"') {
            return None;
        }
        self.at += 1;
        let mut out = String::new();
        loop {
            let start = self.at;
            while self
                .bytes
                .get(self.at)
                .is_some_and(|b| *b != b'"' && *b != b'\\')
            {
                self.at += 1;
            }
            // Stops only at ASCII bytes, so the slice falls on character boundaries.
            out.push_str(self.source.get(start..self.at)?);
            match *self.bytes.get(self.at)? {
                b'"' => {
                    self.at += 1;
                    return Some(out);
                }
                _ => {
                    self.at += 1;
                    let escape = *self.bytes.get(self.at)?;
                    self.at += 1;
                    out.push(match escape {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => self.unicode_escape()?,
                        _ => return None,
                    });
                }
            }
        }
    }

    fn hex4(&mut self) -> Option<u32> {
        let mut value = 0;
        for byte in self.bytes.get(self.at..self.at + 4)? {
            value = value * 16 + char::from(*byte).to_digit(16)?;
        }
        self.at += 4;
        Some(value)
    }

    fn unicode_escape(&mut self) -> Option<char> {
        let first = self.hex4()?;
        if (0xD800..0xDC00).contains(&first) && self.bytes.get(self.at..self.at + 2) == Some(b"\\u")
        {
            let save = self.at;
            self.at += 2;
            let second = self.hex4()?;
            if (0xDC00..0xE000).contains(&second) {
                return char::from_u32(0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00));
            }
            self.at = save;
        }
        Some(char::from_u32(first).unwrap_or('\u{FFFD}'))
    }

    /// `-12`, `3.25`, `1e+21`. Integers up to 2^53 are exact; fractions are within an ulp or
    /// two, which is all 1fichier's numbers (sizes, credits) need.
    fn number(&mut self) -> Option<f64> {
        let start = self.at;
        let negative = self.bytes.get(self.at) == Some(&b'-');
        if negative {
            self.at += 1;
        }
        let mut mantissa = 0f64;
        let mut exponent = 0i32;
        let mut digits = 0;
        while let Some(d) = self.bytes.get(self.at).filter(|b| b.is_ascii_digit()) {
            mantissa = mantissa * 10.0 + f64::from(d - b'0');
            digits += 1;
            self.at += 1;
        }
        if self.bytes.get(self.at) == Some(&b'.') {
            self.at += 1;
            while let Some(d) = self.bytes.get(self.at).filter(|b| b.is_ascii_digit()) {
                mantissa = mantissa * 10.0 + f64::from(d - b'0');
                exponent -= 1;
                digits += 1;
                self.at += 1;
            }
        }
        if digits == 0 {
            self.at = start;
            return None;
        }
        if matches!(self.bytes.get(self.at), Some(b'e' | b'E')) {
            self.at += 1;
            let sign = match self.bytes.get(self.at) {
                Some(b'-') => {
                    self.at += 1;
                    -1
                }
                Some(b'+') => {
                    self.at += 1;
                    1
                }
                _ => 1,
            };
            let mut power = 0i32;
            while let Some(d) = self.bytes.get(self.at).filter(|b| b.is_ascii_digit()) {
                power = power.saturating_mul(10).saturating_add(i32::from(d - b'0'));
                self.at += 1;
            }
            exponent = exponent.saturating_add(sign * power);
        }
        let value = scale(mantissa, exponent);
        Some(if negative { -value } else { value })
    }
}

fn scale(mantissa: f64, exponent: i32) -> f64 {
    if mantissa == 0.0 {
        return 0.0;
    }
    let exponent = exponent.clamp(-400, 400);
    // Dividing by an exact power of ten is closer than multiplying by an inexact 0.1^n.
    if exponent < 0 {
        mantissa / 10f64.powi(-exponent)
    } else {
        mantissa * 10f64.powi(exponent)
    }
}

/// Reads a number written as text the way 1fichier sometimes sends numbers (`"12"`, `"2.5"`).
pub fn parse_number(text: &str) -> Option<f64> {
    read_all(text.trim(), Parser::number)
}

fn write_value(value: &Value, out: &mut String) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(true) => out.push_str("true"),
        Value::Bool(false) => out.push_str("false"),
        Value::Number(n) => write_number(*n, out),
        Value::Text(text) => write_text(text, out),
        Value::List(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_value(item, out);
            }
            out.push(']');
        }
        Value::Object(members) => {
            out.push('{');
            for (i, (key, item)) in members.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_text(key, out);
                out.push(':');
                write_value(item, out);
            }
            out.push('}');
        }
    }
}

/// Whole numbers exactly; others with up to 6 decimals (credits in GB, quotas in TB).
/// Hand-written: `f64`'s Display would add ~14 KB to the wasm.
pub fn write_number(n: f64, out: &mut String) {
    if !n.is_finite() {
        out.push_str("null");
        return;
    }
    if n < 0.0 {
        out.push('-');
    }
    let n = n.abs();
    if n.fract() == 0.0 && n < 1e19 {
        push_integer(n as u64, out);
        return;
    }
    let micros = (n * 1e6).round();
    if micros >= 1e19 {
        // Beyond any value 1fichier sends; keep it a valid number.
        push_integer(u64::MAX, out);
        return;
    }
    let micros = micros as u64;
    push_integer(micros / 1_000_000, out);
    let mut fraction = micros % 1_000_000;
    if fraction > 0 {
        out.push('.');
        let mut digits = [b'0'; 6];
        for slot in digits.iter_mut().rev() {
            *slot = b'0' + (fraction % 10) as u8;
            fraction /= 10;
        }
        let used = 6 - digits.iter().rev().take_while(|d| **d == b'0').count();
        for d in &digits[..used] {
            out.push(char::from(*d));
        }
    }
}

pub fn push_integer(mut n: u64, out: &mut String) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for d in &digits[at..] {
        out.push(char::from(*d));
    }
}

/// A whole number as text (ids in URLs and messages).
pub fn integer_text(n: u64) -> String {
    let mut out = String::new();
    push_integer(n, &mut out);
    out
}

fn write_text(text: &str, out: &mut String) {
    out.push('"');
    // Runs without anything to escape are copied whole: most text is plain.
    let mut plain = 0;
    for (at, byte) in text.bytes().enumerate() {
        let escape = match byte {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0..=0x1f => "",
            _ => continue,
        };
        out.push_str(text.get(plain..at).unwrap_or(""));
        plain = at + 1;
        if escape.is_empty() {
            out.push_str("\\u00");
            for nibble in [byte >> 4, byte & 15] {
                out.push(char::from(b"0123456789abcdef"[usize::from(nibble)]));
            }
        } else {
            out.push_str(escape);
        }
    }
    out.push_str(text.get(plain..).unwrap_or(""));
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_what_1fichier_and_json_stringify_write() {
        let value = parse(r#" {"a":[1,-2.5,"x\"y\u00e9\ud83d\ude00",true,false,null],"b":{},"c":1e+21,"d":3E-2} "#).unwrap();
        let a = value.get("a").unwrap().as_list();
        assert_eq!(a[0], Value::Number(1.0));
        assert_eq!(a[1], Value::Number(-2.5));
        assert_eq!(a[2], Value::Text("x\"yé😀".into()));
        assert_eq!(a[3..], [Value::Bool(true), Value::Bool(false), Value::Null]);
        assert_eq!(value.get("b"), Some(&Value::Object(vec![])));
        assert_eq!(value.get("c"), Some(&Value::Number(1e21)));
        assert_eq!(value.get("d"), Some(&Value::Number(0.03)));
        assert_eq!(value.field("missing"), None);
    }

    #[test]
    fn refuses_what_is_not_json() {
        for text in [
            "",
            "<html>",
            "{",
            "{\"a\":}",
            "[1,]",
            "{\"a\":1} x",
            "01x",
            "-",
            "\"\\q\"",
            "nul",
        ] {
            assert_eq!(parse(text), None, "{text}");
        }
        let deep = "[".repeat(100) + &"]".repeat(100);
        assert_eq!(parse(&deep), None);
    }

    #[test]
    fn writes_numbers_and_text_without_core_formatting() {
        let value = Value::object()
            .with("n", 12u64)
            .with("neg", -0.125)
            .with("big", 9_007_199_254_740_991u64)
            .with("f", 2.5)
            .with("t", "a\"b\\c\n\u{1}é")
            .with("list", vec![Value::Null, Value::Bool(true)]);
        assert_eq!(
            value.to_json(),
            r#"{"n":12,"neg":-0.125,"big":9007199254740991,"f":2.5,"t":"a\"b\\c\n\u0001é","list":[null,true]}"#
        );
        assert_eq!(parse(&value.to_json()), Some(value));
        assert_eq!(parse_number(" 7 "), Some(7.0));
        assert_eq!(parse_number("1.2.3"), None);
        assert_eq!(parse_number("big"), None);
    }
}
