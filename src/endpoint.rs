//! The sans-IO shape of an API call: an endpoint is data (path, body, effect) plus a decoder.
//! No HTTP library appears here, so every endpoint is tested with plain `cargo test`.

use crate::error::Error;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

/// Whether repeating a call could do something twice. Decides retries (see `pacing`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Effect {
    /// Reads, and calls whose repetition changes nothing more (setting absolute values):
    /// safe to repeat after a network error or a 5xx.
    Repeatable,
    /// Calls that may already have taken effect when the answer is lost (create, move, copy,
    /// delete, rename, remote request, upload): never repeated after an uncertain outcome.
    Once,
}

/// One call of `https://api.1fichier.com/v1/<PATH>`. The struct itself is the JSON body.
pub trait Endpoint: Serialize {
    const PATH: &'static str;
    const EFFECT: Effect;
    /// The call works without an API key (only the upload server lookup).
    const ANONYMOUS: bool = false;
    /// The wire shape of a successful answer.
    type Raw: DeserializeOwned;
    /// What the caller gets: camelCase, real types, quirks removed.
    type Output: Serialize;
    fn decode(raw: Self::Raw) -> Result<Self::Output, Error>;
}

/// Answers that carry nothing but `status` (and maybe `message`).
#[derive(Deserialize)]
pub struct Acknowledged {}

/// A parsed answer body, whatever parsed it: `serde_json::Value` natively, a `JsValue` in wasm.
pub trait Document {
    fn read<T: DeserializeOwned>(&self) -> Result<T, String>;
}

/// An HTTP answer as the transport saw it.
pub enum Body<D> {
    /// The body parsed as JSON.
    Json(D),
    /// The body was not JSON (an HTML page, a truncated document, nothing).
    Other,
}

#[derive(Deserialize, Default)]
struct Envelope {
    #[serde(default, deserialize_with = "crate::lenient::text")]
    status: String,
    #[serde(default, deserialize_with = "crate::lenient::text")]
    message: String,
}

/// Turns an answer into the endpoint's output or the error it stands for.
pub fn decode_answer<E: Endpoint, D: Document>(status: u16, body: Body<D>) -> Result<E::Output, Error> {
    E::decode(read_answer::<E::Raw, D>(status, body)?)
}

/// The envelope rules shared by every answer of the API and of the upload host: a KO status
/// is an error whatever the HTTP status (200, 401, 403 and 404 all occur), a success may have
/// no `status` key at all, and a non-JSON body is an error described by its HTTP status.
pub fn read_answer<T: DeserializeOwned, D: Document>(status: u16, body: Body<D>) -> Result<T, Error> {
    let document = match body {
        Body::Json(document) => document,
        Body::Other if status >= 400 => return Err(Error::from_status(status)),
        Body::Other => return Err(Error::decode(status, "expected JSON, got something else")),
    };
    let envelope: Envelope = document.read().unwrap_or_default();
    if envelope.status.eq_ignore_ascii_case("KO") {
        return Err(Error::from_ko(status, &envelope.message));
    }
    if status >= 400 {
        return Err(if envelope.message.is_empty() {
            Error::from_status(status)
        } else {
            Error::from_ko(status, &envelope.message)
        });
    }
    document.read::<T>().map_err(|detail| Error::decode(status, &detail))
}

#[cfg(test)]
pub(crate) mod testing {
    //! Decoding through `serde_json`, the way the tests feed captured answers.
    use super::*;

    impl Document for serde_json::Value {
        fn read<T: DeserializeOwned>(&self) -> Result<T, String> {
            T::deserialize(self).map_err(|e| e.to_string())
        }
    }

    pub fn answer<E: Endpoint>(status: u16, text: &str) -> Result<E::Output, Error> {
        let body = match serde_json::from_str::<serde_json::Value>(text) {
            Ok(value) => Body::Json(value),
            Err(_) => Body::Other,
        };
        decode_answer::<E, _>(status, body)
    }

    pub fn body_of<E: Endpoint>(endpoint: &E) -> serde_json::Value {
        serde_json::to_value(endpoint).unwrap()
    }
}
