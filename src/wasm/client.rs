//! The client's JavaScript boundary. The core is synchronous: `Core.task(method, args)` reads a call of
//! `Client` into a `Task` (one state machine of `runtime`), and the JS driver
//! (`pkg-template/src/drive.js`) performs each step it returns: a `fetch(url, init)`, a wait,
//! or an upload body for the runtime's sender. Values cross as JSON text (`JSON.stringify` in,
//! `JSON.parse` out); answers come back as the `Response` (read with gloo-net) and its text.
//!
//! Why the loop is in JS: awaiting inside wasm (wasm-bindgen-futures, closures for timers and
//! abort listeners) measured 6 KB gzip more wasm and more CPU per call; the machines and every
//! decision stay in Rust, the driver only carries steps out. The caller's `signal` is read by
//! the JS wrapper, since the driver is what honours it.

use crate::error::Error;
use crate::json::{self, Value};
use crate::links;
use crate::runtime::{self, Client, Event, Machine, Step};
use gloo_net::http::Response;
use js_sys::{Array, Reflect, JSON};
use serde::Serialize;
use std::rc::Rc;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
pub struct Core {
    client: Rc<Client>,
}

/// One running call of `Client`; freed by the driver when it settles.
#[wasm_bindgen]
pub struct Task {
    client: Rc<Client>,
    machine: Box<dyn Machine>,
    /// The time limit of the request in flight, for the timeout message.
    timeout_ms: f64,
    /// Why the task failed, until the driver takes it (`error()`).
    failure: Option<Error>,
}

/// A JS value as JSON: only own enumerable data is read (a polluted `Object.prototype` is
/// invisible), and a throwing getter, a Proxy trap, a BigInt or a cycle is bad input.
fn read_json(value: &JsValue, what: &str) -> Result<Value, Error> {
    if value.is_undefined() {
        return Ok(Value::Null);
    }
    JSON::stringify(value).ok().and_then(|text| text.as_string()).and_then(|text| json::parse(&text)).ok_or_else(|| {
        Error::invalid_input([what, " could not be read (a getter threw, or it holds a BigInt, a cycle or a Proxy)."].concat())
    })
}

/// 64 random bits from `Math.random` (two draws: one holds only 53).
fn random_u64() -> u64 {
    (js_sys::Math::random() * 9_007_199_254_740_992.0) as u64
        ^ ((js_sys::Math::random() * 4_294_967_296.0) as u64) << 32
}

/// An error as the plain record the JS wrapper turns into a `FichierError`.
fn error_record(error: &Error) -> JsValue {
    // Maps become plain objects, as `FichierError` expects.
    let serializer =
        serde_wasm_bindgen::Serializer::json_compatible().serialize_maps_as_objects(true);
    let record = error.serialize(&serializer).unwrap_or(JsValue::NULL);
    if let Some(details) = &error.details {
        set(&record, "details", &to_js(details));
    }
    record
}

fn to_js(value: &Value) -> JsValue {
    JSON::parse(&value.to_json()).unwrap_or(JsValue::NULL)
}

fn set(target: &JsValue, key: &str, value: &JsValue) {
    let _ = Reflect::set(target, &key.into(), value);
}

#[wasm_bindgen]
impl Core {
    #[wasm_bindgen(constructor)]
    pub fn new(options: JsValue) -> Result<Core, JsValue> {
        let fail = |e: Error| error_record(&e);
        let options = read_json(&options, "The client options").map_err(fail)?;
        let client = Client::new(Some(&options)).map_err(fail)?;
        Ok(Core {
            client: Rc::new(client),
        })
    }

    #[wasm_bindgen(getter, js_name = apiBase)]
    pub fn api_base(&self) -> JsValue {
        JsValue::from_str(&self.client.api_base)
    }

    #[wasm_bindgen(getter, js_name = hasApiKey)]
    pub fn has_api_key(&self) -> bool {
        self.client.has_api_key()
    }

    /// Reads a call of `Client` (its JS arguments) into a task; bad input throws at once.
    pub fn task(&self, method: &str, args: Array) -> Result<Task, JsValue> {
        let prepared = read_json(&args, "The arguments").and_then(|list| {
            let machine = runtime::start(&self.client, method, list.as_list(), random_u64)?;
            Ok(Task {
                client: self.client.clone(),
                machine,
                timeout_ms: 0.0,
                failure: None,
            })
        });
        prepared.map_err(|e| error_record(&e))
    }
}

#[wasm_bindgen]
impl Task {
    /// Feeds an event and returns the next step. `event` is `start`; `woke` (a wait is over);
    /// `stopped` (the signal cut a wait short, or aborted before a request left); `sent` (the
    /// upload body sender answered `status` and `text`); `timeout`, `aborted` or `network`
    /// (the request in flight failed; `text` says why). One entry point keeps the glue small.
    pub fn next(&mut self, event: &str, now: f64, status: u16, text: String) -> JsValue {
        let event = match event {
            "start" => Event::Start,
            "woke" => Event::Woke,
            "stopped" => Event::Failed(Error::aborted()),
            "sent" => Event::Answer(Ok((status, text))),
            "timeout" => Event::Answer(Err(Error::timeout(self.timeout_ms as u32))),
            "aborted" => Event::Answer(Err(Error::aborted())),
            _ => Event::Answer(Err(Error::network(&crate::error::bounded(&text, 200)))),
        };
        self.step(now, event)
    }

    /// The answer of the request in flight (its status is read with gloo-net).
    pub fn answer(&mut self, now: f64, response: web_sys::Response, text: String) -> JsValue {
        let status = Response::from(response).status();
        self.step(now, Event::Answer(Ok((status, text))))
    }

    /// The error of a failed task, as a record (after a `fail` step).
    pub fn error(&mut self) -> JsValue {
        match self.failure.take() {
            Some(error) => error_record(&error),
            None => JsValue::NULL,
        }
    }

    /// Each step as JSON text (a JS string), parsed by the driver in one go: `{ type: 'http', url, init,
    /// timeoutMs }` with `init` = `{ method, headers, body }`, `{ type: 'body', request }`,
    /// `{ type: 'wait', ms }`, `{ type: 'done', value }`, `{ type: 'fail' }` (then `error()`).
    fn step(&mut self, now: f64, event: Event) -> JsValue {
        let step = self.machine.next(&self.client, now, event);
        let (kind, key, value) = match step {
            Step::Http(request) => {
                self.timeout_ms = request.timeout_ms;
                let headers = request
                    .headers
                    .iter()
                    .fold(Value::object(), |headers, (name, value)| {
                        headers.with(name, value.as_str())
                    });
                let init = Value::object()
                    .with("method", request.method)
                    .with("headers", headers)
                    .with_some("body", request.body);
                let out = Value::object()
                    .with("type", "http")
                    .with("url", request.url)
                    .with("timeoutMs", request.timeout_ms);
                return JsValue::from_str(&out.with("init", init).to_json());
            }
            Step::Body(request) => ("body", "request", request),
            Step::Wait(ms) => ("wait", "ms", Value::Number(ms)),
            Step::Done(value) => ("done", "value", value),
            Step::Fail(error) => {
                self.failure = Some(self.client.redact(error));
                ("fail", "error", Value::Null)
            }
        };
        JsValue::from_str(
            &Value::object()
                .with("type", kind)
                .with(key, value)
                .to_json(),
        )
    }
}

/// `parseLink(text)`: a 1fichier file, folder or direct link, or `null`.
#[wasm_bindgen(js_name = parseLink)]
pub fn parse_link(text: JsValue) -> JsValue {
    match text.as_string().and_then(|t| links::parse_link(&t)) {
        Some(link) => to_js(&link.to_value()),
        None => JsValue::NULL,
    }
}

/// `extractLinks(text)`: every http(s) URL of the text, in order, once each.
#[wasm_bindgen(js_name = extractLinks)]
pub fn extract_links(text: JsValue) -> JsValue {
    to_js(&Value::from(links::extract_links(
        &text.as_string().unwrap_or_default(),
    )))
}
