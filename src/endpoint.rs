//! The sans-IO shape of an API call: an endpoint is data (path, effect, answer decoder) and a
//! call is an endpoint with its JSON body. No HTTP library appears here, so every endpoint is
//! tested with plain `cargo test`.

use crate::error::Error;
use crate::json::{parse, Value};

/// Whether repeating a call could do something twice. Decides retries (see `pacing`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Effect {
    /// Reads, and calls whose repetition changes nothing more (setting absolute values):
    /// safe to repeat after a network error or a 5xx.
    Repeatable,
    /// Calls that may already have taken effect when the answer is lost (create, move, copy,
    /// delete, rename, remote request): never repeated after an uncertain outcome.
    Once,
}

/// One endpoint of `https://api.1fichier.com/v1/<path>`.
pub struct Endpoint {
    pub path: &'static str,
    pub effect: Effect,
    /// The call works without an API key (only the upload server lookup).
    pub anonymous: bool,
    /// Turns a successful answer into the caller's value; it also sees the request body,
    /// for outputs that repeat an input (the parent of listed folders).
    pub decode: fn(&Value, &Value) -> Result<Value, Error>,
}

/// An endpoint with its request body.
#[derive(Clone)]
pub struct Call {
    pub endpoint: &'static Endpoint,
    pub body: Value,
}

impl Call {
    pub fn new(endpoint: &'static Endpoint, body: Value) -> Call {
        Call { endpoint, body }
    }

    /// Decodes an answer of this call: its value, or the error it stands for.
    pub fn decode(&self, status: u16, text: &str) -> Result<Value, Error> {
        (self.endpoint.decode)(&read_answer(status, text)?, &self.body)
    }
}

/// The envelope rules shared by every answer of the API and of the upload host: a KO status
/// is an error whatever the HTTP status (200, 401, 403 and 404 all occur), a success may have
/// no `status` key at all, and a non-JSON body is an error described by its HTTP status.
pub fn read_answer(status: u16, text: &str) -> Result<Value, Error> {
    let document = match parse(text) {
        Some(document @ Value::Object(_)) => document,
        _ if status >= 400 => return Err(Error::from_status(status)),
        _ => return Err(Error::decode(status, "expected JSON, got something else")),
    };
    let said = |key| crate::decode::text(document.field(key));
    if said("status").eq_ignore_ascii_case("KO") {
        return Err(Error::from_ko(status, &said("message")));
    }
    if status >= 400 {
        let message = said("message");
        return Err(if message.is_empty() {
            Error::from_status(status)
        } else {
            Error::from_ko(status, &message)
        });
    }
    Ok(document)
}

/// Answers that carry nothing but `status` (and maybe `message`).
pub fn nothing(_: &Value, _: &Value) -> Result<Value, Error> {
    Ok(Value::Null)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;

    #[test]
    fn envelope_rules() {
        assert_eq!(
            read_answer(200, r#"{"a":1}"#).unwrap().get("a"),
            Some(&Value::Number(1.0))
        );
        assert_eq!(
            read_answer(200, r#"{"status":"KO","message":"Not authenticated #247"}"#)
                .unwrap_err()
                .code,
            ErrorCode::Auth
        );
        assert_eq!(
            read_answer(
                403,
                r#"{"status":"KO","message":"Flood detected: IP Locked #38"}"#
            )
            .unwrap_err()
            .code,
            ErrorCode::Flood
        );
        assert_eq!(
            read_answer(502, "<html>bad gateway</html>")
                .unwrap_err()
                .code,
            ErrorCode::Server
        );
        assert_eq!(
            read_answer(200, "<html>").unwrap_err().code,
            ErrorCode::Decode
        );
        assert_eq!(
            read_answer(404, "{}").unwrap_err().code,
            ErrorCode::NotFound
        );
        assert_eq!(read_answer(200, "[1]").unwrap_err().code, ErrorCode::Decode);
    }
}
