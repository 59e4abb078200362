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
    #[inline(never)]
    pub fn get(&self, index: usize) -> Option<&'a Value> {
        self.list.get(index).filter(|v| !matches!(v, Value::Null))
    }

    /// The options object at `index`, with the parameters it may have (and `signal`).
    #[inline(never)]
    pub fn options(&self, index: usize, params: &[Param]) -> Result<Options<'a>, Error> {
        Options::read(self.method, self.get(index), params)
    }

    #[inline(never)]
    pub fn error(&self, what: &str, expected: &str) -> Error {
        Error::invalid_input([self.method, ": ", what, " must be ", expected, "."].concat())
    }

    #[inline(never)]
    pub fn text(&self, index: usize, what: &str) -> Result<String, Error> {
        match self.get(index) {
            Some(Value::Text(text)) => Ok(text.clone()),
            _ => Err(self.error(what, "a string")),
        }
    }

    #[inline(never)]
    pub fn non_empty(&self, index: usize, what: &str) -> Result<String, Error> {
        let text = self.text(index, what)?;
        let trimmed = text.trim();
        if trimmed.is_empty() {
            return Err(self.error(what, "a non-empty string"));
        }
        Ok(trimmed.to_string())
    }

    /// One value or a non-empty list of them (borrowed, not copied); `what` names them in the
    /// message, e.g. "files to remove".
    #[inline(never)]
    pub fn items(&self, index: usize, what: &str) -> Result<&'a [Value], Error> {
        let items = match self.get(index) {
            Some(Value::List(items)) => &items[..],
            Some(one) => std::slice::from_ref(one),
            None => &[],
        };
        if items.is_empty() {
            return Err(Error::invalid_input(
                [self.method, ": the list of ", what, " is empty."].concat(),
            ));
        }
        Ok(items)
    }

    /// One string or a list of strings.
    #[inline(never)]
    pub fn texts(&self, index: usize, what: &str) -> Result<Vec<String>, Error> {
        texts(self.get(index)).ok_or_else(|| self.error(what, "a string or an array of strings"))
    }

    /// A folder or job id: a number or a numeric string, whole, from 0.
    #[inline(never)]
    pub fn id(&self, index: usize, what: &str) -> Result<Option<u64>, Error> {
        self.get(index)
            .map(|v| id(v).ok_or_else(|| self.error(what, ID_EXPECTED)))
            .transpose()
    }
}

const ID_EXPECTED: &str = "0 or a positive whole number (or such a number as a string)";

#[inline(never)]
pub fn texts(value: Option<&Value>) -> Option<Vec<String>> {
    match value? {
        Value::Text(one) => Some(vec![one.clone()]),
        Value::List(items) => items
            .iter()
            .map(|item| item.as_str().map(str::to_string))
            .collect(),
        _ => None,
    }
}

#[inline(never)]
pub fn id(value: &Value) -> Option<u64> {
    let n = match value {
        Value::Number(n) => *n,
        Value::Text(text)
            if !text.trim().is_empty() && text.trim().bytes().all(|b| b.is_ascii_digit()) =>
        {
            crate::json::parse_number(text)?
        }
        _ => return None,
    };
    (n.is_finite() && n >= 0.0 && n.fract() == 0.0 && n <= MAX_SAFE_INTEGER).then_some(n as u64)
}

/// How a parameter is read (and, when it has a wire name, sent).
#[derive(Clone, Copy)]
pub enum In {
    /// Any string.
    Text,
    /// A name: trimmed, not empty.
    Name,
    /// The email of another 1fichier account.
    Email,
    /// A boolean, sent as 0/1.
    Flag,
    /// A folder id: a number or a numeric string.
    Id,
    /// A whole number within a range, with what to say when it is not.
    Whole(f64, f64, &'static str),
    /// A date as the API writes them (`2024-01-31 23:59:00`, Paris time).
    Date,
    /// Read by the method itself (nested objects, lists, timers, callbacks).
    Local,
}

/// One parameter of an options object: its JS name, its wire name ("" when it is not sent
/// as is) and how it is read.
pub struct Param {
    pub name: &'static str,
    pub wire: &'static str,
    pub kind: In,
}

pub const fn p(name: &'static str, wire: &'static str, kind: In) -> Param {
    Param { name, wire, kind }
}

/// A parameter the method reads itself.
pub const fn local(name: &'static str) -> Param {
    Param {
        name,
        wire: "",
        kind: In::Local,
    }
}

/// Characters (not bytes) in a text: byte-wise, which keeps `chars().count()`'s code out of the
/// wasm.
pub fn char_count(text: &str) -> usize {
    text.bytes().filter(|b| b & 0xC0 != 0x80).count()
}

/// `YYYY-MM-DD HH:MM:SS`, the only date form the API takes.
fn is_api_date(value: &str) -> bool {
    let shape = "0000-00-00 00:00:00";
    value.len() == shape.len()
        && value.bytes().zip(shape.bytes()).all(|(c, s)| {
            if s == b'0' {
                c.is_ascii_digit()
            } else {
                c == s
            }
        })
}

/// An options object: absent or `null` is empty; anything but a plain object is refused.
pub struct Options<'a> {
    method: &'static str,
    members: &'a [(String, Value)],
}

impl<'a> Options<'a> {
    /// `params` are the keys it may have besides `signal`, which every method takes.
    #[inline(never)]
    pub fn read(
        method: &'static str,
        value: Option<&'a Value>,
        params: &[Param],
    ) -> Result<Self, Error> {
        let members = match value {
            None => &[][..],
            Some(Value::Object(members)) => &members[..],
            Some(_) => {
                return Err(Error::invalid_input(
                    [method, ": the options must be an object."].concat(),
                ))
            }
        };
        let known = |key: &str| key == "signal" || params.iter().any(|p| p.name == key);
        if let Some((key, _)) = members.iter().find(|(key, _)| !known(key)) {
            let mut message = [
                method,
                ": unknown option ",
                &crate::error::quote(key),
                " (known: ",
            ]
            .concat();
            for param in params {
                message.push_str(param.name);
                message.push_str(", ");
            }
            message.push_str("signal).");
            return Err(Error::invalid_input(message));
        }
        Ok(Options { method, members })
    }

    /// Adds to `body`, in wire names, every given parameter that goes on the wire.
    #[inline(never)]
    pub fn fill(&self, mut body: Value, params: &[Param]) -> Result<Value, Error> {
        for param in params.iter().filter(|p| !p.wire.is_empty()) {
            let key = param.name;
            let value = match param.kind {
                In::Text => self.text(key)?.map(Value::Text),
                In::Name => self.non_empty(key)?.map(Value::Text),
                In::Email => self.email(key)?.map(Value::Text),
                In::Flag => self
                    .flag(key)?
                    .map(|b| Value::Number(f64::from(u8::from(b)))),
                In::Id => self.id(key)?.map(|id| Value::Number(id as f64)),
                In::Whole(min, max, expected) => {
                    self.whole(key, min, max, expected)?.map(Value::Number)
                }
                In::Date => match self.text(key)? {
                    Some(date) if !is_api_date(&date) => {
                        return Err(self.error(key, "a date like 2024-01-31 23:59:00 (Paris time)"))
                    }
                    date => date.map(Value::Text),
                },
                In::Local => None,
            };
            if let Some(value) = value {
                body.set(param.wire, value);
            }
        }
        Ok(body)
    }

    /// A given value; `null` counts as not given.
    #[inline(never)]
    pub fn get(&self, key: &str) -> Option<&'a Value> {
        self.members
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v)
            .filter(|v| !matches!(v, Value::Null))
    }

    #[inline(never)]
    pub fn error(&self, key: &str, expected: &str) -> Error {
        Error::invalid_input([self.method, ": ", key, " must be ", expected, "."].concat())
    }

    #[inline(never)]
    pub fn text(&self, key: &str) -> Result<Option<String>, Error> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::Text(text)) => Ok(Some(text.clone())),
            Some(_) => Err(self.error(key, "a string")),
        }
    }

    #[inline(never)]
    pub fn non_empty(&self, key: &str) -> Result<Option<String>, Error> {
        match self.text(key)? {
            Some(text) if text.trim().is_empty() => Err(self.error(key, "a non-empty string")),
            other => Ok(other.map(|t| t.trim().to_string())),
        }
    }

    /// An email of another 1fichier account.
    #[inline(never)]
    pub fn email(&self, key: &str) -> Result<Option<String>, Error> {
        match self.non_empty(key)? {
            Some(email) if !email.bytes().any(|b| b == b'@') => {
                Err(self.error(key, "an email address"))
            }
            other => Ok(other),
        }
    }

    #[inline(never)]
    pub fn flag(&self, key: &str) -> Result<Option<bool>, Error> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(*b)),
            Some(_) => Err(self.error(key, "true or false")),
        }
    }

    #[inline(never)]
    pub fn id(&self, key: &str) -> Result<Option<u64>, Error> {
        self.get(key)
            .map(|v| id(v).ok_or_else(|| self.error(key, ID_EXPECTED)))
            .transpose()
    }

    /// A whole number within `min..=max`.
    #[inline(never)]
    pub fn whole(
        &self,
        key: &str,
        min: f64,
        max: f64,
        expected: &str,
    ) -> Result<Option<f64>, Error> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::Number(n)) if n.fract() == 0.0 && (min..=max).contains(n) => Ok(Some(*n)),
            Some(_) => Err(self.error(key, expected)),
        }
    }

    /// Milliseconds for a timer: whole, from 0 to 2^31 − 1.
    #[inline(never)]
    pub fn ms(&self, key: &str) -> Result<Option<f64>, Error> {
        self.whole(
            key,
            0.0,
            MAX_TIMER_MS,
            "a whole number of milliseconds from 0 to 2147483647",
        )
    }

    #[inline(never)]
    pub fn texts(&self, key: &str) -> Result<Option<Vec<String>>, Error> {
        self.get(key)
            .map(|v| texts(Some(v)).ok_or_else(|| self.error(key, "an array of strings")))
            .transpose()
    }

    /// A nested options object with its own allowed keys.
    #[inline(never)]
    pub fn object(&self, key: &str, params: &[Param]) -> Result<Option<Options<'a>>, Error> {
        match self.get(key) {
            None => Ok(None),
            Some(value @ Value::Object(_)) => {
                Options::read(self.method, Some(value), params).map(Some)
            }
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
        const PARAMS: &[Param] = &[p("sharingUser", "sharing_user", In::Email)];
        let error = Options::read("listFiles", Some(&value), PARAMS)
            .err()
            .unwrap();
        assert_eq!(error.code, ErrorCode::InvalidInput);
        assert_eq!(
            error.message,
            "listFiles: unknown option \"folder\" (known: sharingUser, signal)."
        );
        let proto = parse(r#"{"__proto__":{"inline":true}}"#).unwrap();
        assert!(Options::read("x", Some(&proto), &[p("inline", "inline", In::Flag)]).is_err());
    }

    #[test]
    fn flags_are_booleans_and_ids_accept_numeric_strings() {
        let value = parse(
            r#"{"a":true,"b":1,"c":"false","id":"12","bad":"x","neg":-1,"ms":2147483648,"zero":0}"#,
        )
        .unwrap();
        const KEYS: &[Param] = &[
            local("a"),
            local("b"),
            local("c"),
            local("id"),
            local("bad"),
            local("neg"),
            local("ms"),
            local("zero"),
        ];
        let options = Options::read("m", Some(&value), KEYS).unwrap();
        assert_eq!(options.flag("a").unwrap(), Some(true));
        assert!(options.flag("b").is_err());
        assert!(options.flag("c").is_err());
        assert_eq!(options.id("id").unwrap(), Some(12));
        assert!(options.id("bad").is_err());
        assert!(options.id("neg").is_err());
        assert_eq!(
            options.ms("ms").unwrap_err().message,
            "m: ms must be a whole number of milliseconds from 0 to 2147483647."
        );
        assert_eq!(options.ms("zero").unwrap(), Some(0.0));
        assert_eq!(options.ms("missing").unwrap(), None);
    }

    #[test]
    fn parameters_fill_the_body_in_wire_names() {
        const PARAMS: &[Param] = &[
            p("inline", "inline", In::Flag),
            p("folderId", "folder_id", In::Id),
            p("uploadedAfter", "sent_after", In::Date),
            p("name", "filename", In::Name),
            local("maxWaitMs"),
        ];
        let value = parse(r#"{"inline":false,"folderId":"3","uploadedAfter":"2024-01-31 23:59:00","name":" n ","maxWaitMs":5}"#).unwrap();
        let body = Options::read("m", Some(&value), PARAMS)
            .unwrap()
            .fill(Value::object(), PARAMS)
            .unwrap();
        assert_eq!(
            body.to_json(),
            r#"{"inline":0,"folder_id":3,"sent_after":"2024-01-31 23:59:00","filename":"n"}"#
        );
        let bad = parse(r#"{"uploadedAfter":"yesterday"}"#).unwrap();
        assert!(Options::read("m", Some(&bad), PARAMS)
            .unwrap()
            .fill(Value::object(), PARAMS)
            .is_err());
    }
}
