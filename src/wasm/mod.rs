//! The JavaScript boundary: converts values (JSON text both ways) and performs the steps of
//! the core's machines (`drive`). Every method of `Client` is `Core.run(method, args)`; the
//! JS wrapper (`pkg-template/src/client.js`) only wires names to it.

mod http;

use crate::error::Error;
use crate::json::{self, Value};
use crate::links;
use crate::runtime::{self, Client, Event, Machine, Step};
use js_sys::{Array, Function, Object, Promise, Reflect, JSON};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{future_to_promise, JsFuture};
use web_sys::AbortSignal;

#[wasm_bindgen]
pub struct Core {
    client: Rc<RefCell<Client>>,
}

/// A JS value as JSON: only own enumerable data is read (a polluted `Object.prototype` is
/// invisible), and a throwing getter, a Proxy trap, a BigInt or a cycle is bad input.
fn read_json(value: &JsValue, what: &str) -> Result<Value, Error> {
    if value.is_undefined() {
        return Ok(Value::Null);
    }
    JSON::stringify(value)
        .ok()
        .and_then(|text| text.as_string())
        .and_then(|text| json::parse(&text))
        .ok_or_else(|| Error::invalid_input([what, " could not be read (a getter threw, or it holds a BigInt, a cycle or a Proxy)."].concat()))
}

/// An error as the plain record the JS wrapper turns into a `FichierError`.
fn error_record(error: &Error) -> JsValue {
    let record = error.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).unwrap_or(JsValue::NULL);
    let _ = Reflect::set(&record, &"retryable".into(), &error.retryable().into());
    if let Some(details) = &error.details {
        let _ = Reflect::set(&record, &"details".into(), &to_js(details));
    }
    record
}

fn to_js(value: &Value) -> JsValue {
    JSON::parse(&value.to_json()).unwrap_or(JsValue::NULL)
}

/// The `signal` of an options argument, read as an own data property.
fn signal_of(args: &Array) -> Result<Option<AbortSignal>, Error> {
    for arg in args.iter().filter(|a| a.is_object() && !Array::is_array(a)) {
        let descriptor = Reflect::get_own_property_descriptor(arg.unchecked_ref::<Object>(), &"signal".into())
            .map_err(|_| Error::invalid_input("The options could not be read."))?;
        if descriptor.is_undefined() {
            continue;
        }
        let value = Reflect::get(&descriptor, &"value".into()).unwrap_or(JsValue::UNDEFINED);
        if value.is_undefined() || value.is_null() {
            return Ok(None);
        }
        return value.dyn_into::<AbortSignal>().map(Some).map_err(|_| Error::invalid_input("signal must be an AbortSignal."));
    }
    Ok(None)
}

use serde::Serialize;

#[wasm_bindgen]
impl Core {
    #[wasm_bindgen(constructor)]
    pub fn new(options: JsValue) -> Result<Core, JsValue> {
        let fail = |e: Error| error_record(&e);
        let options = read_json(&options, "The client options").map_err(fail)?;
        let client = Client::new(Some(&options)).map_err(fail)?;
        Ok(Core { client: Rc::new(RefCell::new(client)) })
    }

    #[wasm_bindgen(getter, js_name = apiBase)]
    pub fn api_base(&self) -> String {
        self.client.borrow().api_base.clone()
    }

    #[wasm_bindgen(getter, js_name = hasApiKey)]
    pub fn has_api_key(&self) -> bool {
        self.client.borrow().has_api_key()
    }

    /// Runs a method of `Client` with its JS arguments; `sender` posts upload bodies.
    pub fn run(&self, method: &str, args: Array, sender: Option<Function>) -> Promise {
        let client = self.client.clone();
        let started = read_json(&args, "The arguments").and_then(|list| {
            let signal = signal_of(&args)?;
            let entropy = (js_sys::Math::random() * 9_007_199_254_740_992.0) as u64
                ^ ((js_sys::Math::random() * 4_294_967_296.0) as u64) << 32;
            let machine = runtime::start(&client.borrow(), method, list.as_list(), entropy)?;
            Ok((machine, signal))
        });
        future_to_promise(async move {
            let (machine, signal) = started.map_err(|e| error_record(&e))?;
            drive(client, machine, signal, sender).await
        })
    }
}

/// Performs the steps of a machine until it is done: the only loop of the boundary.
async fn drive(
    client: Rc<RefCell<Client>>,
    mut machine: Box<dyn Machine>,
    signal: Option<AbortSignal>,
    sender: Option<Function>,
) -> Result<JsValue, JsValue> {
    let mut event = Event::Start;
    loop {
        let step = machine.next(&mut client.borrow_mut(), http::now_ms(), event);
        event = match step {
            Step::Http(request) => Event::Answer(http::send(request, signal.as_ref()).await),
            Step::Body(request) => {
                let Some(sender) = &sender else { return Err(error_record(&Error::invalid_input("upload needs a body sender."))) };
                if signal.as_ref().is_some_and(|s| s.aborted()) {
                    return Err(error_record(&Error::aborted()));
                }
                // The sender's own failures (network, abort, progress callback) pass through.
                let answer = JsFuture::from(Promise::resolve(&sender.call1(&JsValue::NULL, &to_js(&request))?)).await?;
                let status = Reflect::get(&answer, &"status".into()).ok().and_then(|s| s.as_f64()).unwrap_or(0.0) as u16;
                let body = Reflect::get(&answer, &"body".into()).ok().and_then(|b| b.as_string()).unwrap_or_default();
                Event::Answer(Ok((status, body)))
            }
            Step::Wait(ms) => match http::sleep(ms, signal.as_ref()).await {
                Ok(()) => Event::Woke,
                Err(error) => Event::Failed(error),
            },
            Step::Done(value) => return Ok(to_js(&value)),
            Step::Fail(error) => return Err(error_record(&client.borrow().redact(error))),
        };
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
    to_js(&Value::from(links::extract_links(&text.as_string().unwrap_or_default())))
}
