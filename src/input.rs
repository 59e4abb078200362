//! What callers pass in, read from JSON values (the boundary turns JavaScript arguments into
//! JSON with `JSON.stringify`, so only own enumerable data properties ever reach the core).
//!
//! One vocabulary: flags are booleans, folder and job ids are numbers or numeric strings, timer
//! values are whole milliseconds a timer can hold, and unknown option keys are refused by name.
//! Every message names the JavaScript field and what was expected.

use crate::error::Error;
use crate::json::Value;

/// The largest delay `setTimeout` honours (2^31 − 1 ms, about 24.8 days); larger values are
/// silently clamped to ~1 ms by the runtimes, so they are refused instead.
pub const MAX_TIMER_MS: f64 = 2_147_483_647.0;
/// The largest integer a JavaScript number holds exactly.
const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;

/// The positional arguments of one method call.
pub struct Args<'a> {
    pub method: &'static str,
    list: &'a [Value],
}

impl<'a> Args<'a> {
    pub fn new(method: &'static str, list: &'a [Value]) -> Self {
        Args { method, list }
    }

    /// Argument `index`; `null` and a missing argument are alike (JSON turns `undefined` into null).
    pub fn get(&self, index: usize) -> Option<&'a Value> {
        self.list.get(index).filter(|v| !matches!(v, Value::Null))
    }

    /// The options object at `index`, with the keys it may have.
    pub fn options(&self, index: usize, allowed: &'static [&'static str]) -> Result<Options<'a>, Error> {
        Options::read(self.method, self.get(index), allowed)
    }

    pub fn error(&self, what: &str, expected: &str) -> Error {
        Error::invalid_input([self.method, ": ", what, " must be ", expected, "."].concat())
    }

    pub fn text(&self, index: usize, what: &str) -> Result<String, Error> {
        match self.get(index) {
            Some(Value::Text(text)) => Ok(text.clone()),
            _ => Err(self.error(what, "a string")),
        }
    }

    pub fn non_empty(&self, index: usize, what: &str) -> Result<String, Error> {
        let text = self.text(index, what)?;
        let trimmed = text.trim();
        if trimmed.is_empty() {
            return Err(self.error(what, "a non-empty string"));
        }
        Ok(trimmed.to_string())
    }

    /// One string or a list of strings.
    pub fn texts(&self, index: usize, what: &str) -> Result<Vec<String>, Error> {
        texts(self.get(index)).ok_or_else(|| self.error(what, "a string or an array of strings"))
    }

    /// A folder or job id: a number or a numeric string, whole, from 0.
    pub fn id(&self, index: usize, what: &str) -> Result<Option<u64>, Error> {
        self.get(index).map(|v| id(v).ok_or_else(|| self.error(what, ID_EXPECTED))).transpose()
    }
}

const ID_EXPECTED: &str = "0 or a positive whole number (or such a number as a string)";

pub fn texts(value: Option<&Value>) -> Option<Vec<String>> {
    match value? {
        Value::Text(one) => Some(vec![one.clone()]),
        Value::List(items) => items.iter().map(|item| item.as_str().map(str::to_string)).collect(),
        _ => None,
    }
}

pub fn id(value: &Value) -> Option<u64> {
    let n = match value {
        Value::Number(n) => *n,
        Value::Text(text) if !text.trim().is_empty() && text.trim().bytes().all(|b| b.is_ascii_digit()) => {
            crate::json::parse_number(text)?
        }
        _ => return None,
    };
    (n.is_finite() && n >= 0.0 && n.fract() == 0.0 && n <= MAX_SAFE_INTEGER).then_some(n as u64)
}

/// An options object: absent or `null` is empty; anything but a plain object is refused.
pub struct Options<'a> {
    method: &'static str,
    members: &'a [(String, Value)],
}

impl<'a> Options<'a> {
    pub fn read(method: &'static str, value: Option<&'a Value>, allowed: &'static [&'static str]) -> Result<Self, Error> {
        let members = match value {
            None => &[][..],
            Some(Value::Object(members)) => &members[..],
            Some(_) => return Err(Error::invalid_input([method, ": the options must be an object."].concat())),
        };
        if let Some((key, _)) = members.iter().find(|(key, _)| !allowed.contains(&key.as_str())) {
            let known = if allowed.is_empty() { "it takes none".to_string() } else { ["known: ", &allowed.join(", ")].concat() };
            return Err(Error::invalid_input(
                [method, ": unknown option ", &crate::error::quote(key), " (", &known, ")."].concat(),
            ));
        }
        Ok(Options { method, members })
    }

    pub fn is_empty(&self) -> bool {
        self.members.iter().all(|(key, value)| key == "signal" || matches!(value, Value::Null))
    }

    /// A given value; `null` counts as not given.
    pub fn get(&self, key: &str) -> Option<&'a Value> {
        self.members.iter().find(|(k, _)| k == key).map(|(_, v)| v).filter(|v| !matches!(v, Value::Null))
    }

    pub fn error(&self, key: &str, expected: &str) -> Error {
        Error::invalid_input([self.method, ": ", key, " must be ", expected, "."].concat())
    }

    pub fn text(&self, key: &str) -> Result<Option<String>, Error> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::Text(text)) => Ok(Some(text.clone())),
            Some(_) => Err(self.error(key, "a string")),
        }
    }

    pub fn non_empty(&self, key: &str) -> Result<Option<String>, Error> {
        match self.text(key)? {
            Some(text) if text.trim().is_empty() => Err(self.error(key, "a non-empty string")),
            other => Ok(other.map(|t| t.trim().to_string())),
        }
    }

    /// An email of another 1fichier account.
    pub fn email(&self, key: &str) -> Result<Option<String>, Error> {
        match self.non_empty(key)? {
            Some(email) if !email.contains('@') => Err(self.error(key, "an email address")),
            other => Ok(other),
        }
    }

    pub fn flag(&self, key: &str) -> Result<Option<bool>, Error> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(*b)),
            Some(_) => Err(self.error(key, "true or false")),
        }
    }

    pub fn id(&self, key: &str) -> Result<Option<u64>, Error> {
        self.get(key).map(|v| id(v).ok_or_else(|| self.error(key, ID_EXPECTED))).transpose()
    }

    /// A whole number within `min..=max`.
    pub fn whole(&self, key: &str, min: f64, max: f64, expected: &str) -> Result<Option<f64>, Error> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::Number(n)) if n.fract() == 0.0 && (min..=max).contains(n) => Ok(Some(*n)),
            Some(_) => Err(self.error(key, expected)),
        }
    }

    /// Milliseconds for a timer: whole, from 0 to 2^31 − 1.
    pub fn ms(&self, key: &str) -> Result<Option<f64>, Error> {
        self.whole(key, 0.0, MAX_TIMER_MS, "a whole number of milliseconds from 0 to 2147483647")
    }

    pub fn texts(&self, key: &str) -> Result<Option<Vec<String>>, Error> {
        self.get(key).map(|v| texts(Some(v)).ok_or_else(|| self.error(key, "an array of strings"))).transpose()
    }

    /// A nested options object with its own allowed keys.
    pub fn object(&self, key: &str, allowed: &'static [&'static str]) -> Result<Option<Options<'a>>, Error> {
        match self.get(key) {
            None => Ok(None),
            Some(value @ Value::Object(_)) => Options::read(self.method, Some(value), allowed).map(Some),
            Some(_) => Err(self.error(key, "an object")),
        }
    }

    pub fn members(&self) -> &'a [(String, Value)] {
        self.members
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;
    use crate::json::parse;

    #[test]
    fn unknown_keys_are_refused_by_name() {
        let value = parse(r#"{"folder":1}"#).unwrap();
        let error = Options::read("listFiles", Some(&value), &["sharingUser", "signal"]).err().unwrap();
        assert_eq!(error.code, ErrorCode::InvalidInput);
        assert_eq!(error.message, "listFiles: unknown option \"folder\" (known: sharingUser, signal).");
        let proto = parse(r#"{"__proto__":{"inline":true}}"#).unwrap();
        assert!(Options::read("x", Some(&proto), &["inline"]).is_err());
    }

    #[test]
    fn flags_are_booleans_and_ids_accept_numeric_strings() {
        let value = parse(r#"{"a":true,"b":1,"c":"false","id":"12","bad":"x","neg":-1,"ms":2147483648,"zero":0}"#).unwrap();
        let keys = &["a", "b", "c", "id", "bad", "neg", "ms", "zero"];
        let options = Options::read("m", Some(&value), keys).unwrap();
        assert_eq!(options.flag("a").unwrap(), Some(true));
        assert!(options.flag("b").is_err());
        assert!(options.flag("c").is_err());
        assert_eq!(options.id("id").unwrap(), Some(12));
        assert!(options.id("bad").is_err());
        assert!(options.id("neg").is_err());
        assert_eq!(options.ms("ms").unwrap_err().message, "m: ms must be a whole number of milliseconds from 0 to 2147483647.");
        assert_eq!(options.ms("zero").unwrap(), Some(0.0));
        assert_eq!(options.ms("missing").unwrap(), None);
    }
}
