//! Values across the boundary: plain JS objects in and out (serde-wasm-bindgen, so no JSON
//! library lands in the wasm), and errors as plain records that the JS wrapper turns into
//! `FichierError` instances.

use crate::endpoint::Document;
use crate::error::Error;
use js_sys::{Array, Object, Reflect};
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::prelude::*;

impl Document for JsValue {
    fn read<T: DeserializeOwned>(&self) -> Result<T, String> {
        serde_wasm_bindgen::from_value(self.clone()).map_err(|e| e.to_string())
    }
}

/// Plain objects and `null`, never `Map`s or `undefined`.
pub fn to_js<T: Serialize + ?Sized>(value: &T) -> JsValue {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .unwrap_or(JsValue::UNDEFINED)
}

pub fn error_to_js(error: &Error) -> JsValue {
    let record = to_js(error);
    let _ = Reflect::set(&record, &"retryable".into(), &error.retryable().into());
    record
}

/// Attaches what a partly done call already achieved (e.g. the remote jobs already created).
pub fn error_with_details(error: &Error, details: JsValue) -> JsValue {
    let record = error_to_js(error);
    let _ = Reflect::set(&record, &"details".into(), &details);
    record
}

/// An options object: `undefined`/`null` give the defaults; a wrong shape is bad input.
pub fn options<T: DeserializeOwned + Default>(value: JsValue, what: &str) -> Result<T, Error> {
    if value.is_undefined() || value.is_null() {
        return Ok(T::default());
    }
    if !value.is_object() {
        return Err(Error::invalid_input(format!("{what} must be an object.")));
    }
    // Non-data members (an AbortSignal, callbacks) are read separately; drop them here so
    // they do not trip the decoder.
    let plain = Object::assign(&Object::new(), value.unchecked_ref());
    for key in ["signal", "onProgress"] {
        let _ = Reflect::delete_property(&plain, &key.into());
    }
    serde_wasm_bindgen::from_value(plain.into()).map_err(|e| Error::invalid_input(format!("{what}: {e}.")))
}

/// Any value that must decode to `T` (lists of renames, settings…).
pub fn value<T: DeserializeOwned>(value: JsValue, what: &str) -> Result<T, Error> {
    serde_wasm_bindgen::from_value(value).map_err(|e| Error::invalid_input(format!("{what}: {e}.")))
}

/// A number argument; `undefined`/`null` give `None`, an integral string is accepted.
pub fn number(value: &JsValue, what: &str) -> Result<Option<f64>, Error> {
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    if let Some(n) = value.as_f64() {
        return Ok(Some(n));
    }
    if let Some(n) = value.as_string().and_then(|s| s.trim().parse::<f64>().ok()) {
        return Ok(Some(n));
    }
    Err(Error::invalid_input(format!("{what} must be a number.")))
}

/// One string or an array of strings.
pub fn strings(value: &JsValue, what: &str) -> Result<Vec<String>, Error> {
    if let Some(one) = value.as_string() {
        return Ok(vec![one]);
    }
    if Array::is_array(value) {
        return Array::from(value)
            .iter()
            .map(|item| item.as_string().ok_or_else(|| Error::invalid_input(format!("{what} must contain only strings."))))
            .collect();
    }
    Err(Error::invalid_input(format!("{what} must be a string or an array of strings.")))
}

pub fn text(value: &JsValue, what: &str) -> Result<String, Error> {
    value.as_string().ok_or_else(|| Error::invalid_input(format!("{what} must be a string.")))
}

pub fn member(object: &JsValue, key: &str) -> JsValue {
    if object.is_object() {
        Reflect::get(object, &key.into()).unwrap_or(JsValue::UNDEFINED)
    } else {
        JsValue::UNDEFINED
    }
}
