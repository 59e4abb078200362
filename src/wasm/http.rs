//! The global `fetch`, timers and abort signals: the only IO of the client. Bound on the
//! global object (not `window`) so it works in pages, workers, extension service workers and
//! Node alike.

use crate::endpoint::Body;
use crate::error::Error;
use js_sys::{Function, Promise, Reflect, JSON};
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, AbortSignal, Headers, RequestInit, Response};

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = fetch)]
    fn global_fetch(input: &str, init: &RequestInit) -> Promise;
    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(callback: &Function, ms: f64) -> JsValue;
    #[wasm_bindgen(js_name = clearTimeout)]
    fn clear_timeout(id: &JsValue);
}

pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// One HTTP exchange to send.
pub struct Exchange<'a> {
    pub method: &'a str,
    pub url: &'a str,
    pub headers: Vec<(&'a str, String)>,
    pub body: Option<String>,
    pub timeout_ms: f64,
    pub signal: Option<&'a AbortSignal>,
}

/// Sends one request and reads its body: JSON when it parses, `Body::Other` when not.
pub async fn exchange(request: Exchange<'_>) -> Result<(u16, Body<JsValue>), Error> {
    if request.signal.is_some_and(|s| s.aborted()) {
        return Err(Error::aborted());
    }
    let controller = AbortController::new().map_err(|_| Error::network("AbortController is missing"))?;
    let timed_out = Rc::new(Cell::new(false));
    let timer = {
        let controller = controller.clone();
        let timed_out = timed_out.clone();
        let on_timeout = Closure::once_into_js(move || {
            timed_out.set(true);
            controller.abort();
        });
        set_timeout(on_timeout.unchecked_ref(), request.timeout_ms)
    };
    let _forward_abort = request.signal.map(|signal| forward_abort(signal, &controller));

    let headers = Headers::new().map_err(|_| Error::network("Headers is missing"))?;
    for (name, value) in &request.headers {
        // Values were validated before; a failure here would only come from the runtime.
        headers.set(name, value).map_err(|_| Error::invalid_input(format!("Header {name} has an invalid value.")))?;
    }
    let init = RequestInit::new();
    init.set_method(request.method);
    init.set_headers(&headers);
    init.set_signal(Some(&controller.signal()));
    if let Some(body) = &request.body {
        init.set_body(&JsValue::from_str(body));
    }

    let outcome = async {
        let response: Response = JsFuture::from(global_fetch(request.url, &init)).await?.dyn_into()?;
        let text = JsFuture::from(response.text()?).await?;
        Ok::<_, JsValue>((response.status(), text.as_string().unwrap_or_default()))
    }
    .await;
    clear_timeout(&timer);

    match outcome {
        Ok((status, text)) => {
            let body = match JSON::parse(&text) {
                Ok(value) if value.is_object() => Body::Json(value),
                _ => Body::Other,
            };
            Ok((status, body))
        }
        Err(_) if timed_out.get() => Err(Error::timeout(request.timeout_ms as u32)),
        Err(_) if request.signal.is_some_and(|s| s.aborted()) => Err(Error::aborted()),
        Err(error) => Err(Error::network(&describe_failure(&error))),
    }
}

/// Keeps the listener alive while the request runs, and removes it afterwards.
struct AbortForward<'a> {
    signal: &'a AbortSignal,
    listener: Closure<dyn FnMut()>,
}

impl Drop for AbortForward<'_> {
    fn drop(&mut self) {
        let _ = self.signal.remove_event_listener_with_callback("abort", self.listener.as_ref().unchecked_ref());
    }
}

fn forward_abort<'a>(signal: &'a AbortSignal, controller: &AbortController) -> AbortForward<'a> {
    let controller = controller.clone();
    let listener = Closure::<dyn FnMut()>::new(move || controller.abort());
    let _ = signal.add_event_listener_with_callback("abort", listener.as_ref().unchecked_ref());
    AbortForward { signal, listener }
}

/// `fetch failed` alone helps nobody: Node puts the reason (ECONNREFUSED…) in `cause`.
fn describe_failure(error: &JsValue) -> String {
    let text = |value: &JsValue, key: &str| {
        Reflect::get(value, &JsValue::from_str(key)).ok().and_then(|v| v.as_string()).filter(|s| !s.is_empty())
    };
    let message = text(error, "message").unwrap_or_else(|| "fetch failed".into());
    let cause = Reflect::get(error, &JsValue::from_str("cause")).unwrap_or(JsValue::UNDEFINED);
    match text(&cause, "code").or_else(|| text(&cause, "message")) {
        Some(reason) => format!("{message}: {reason}"),
        None => message,
    }
}

/// Waits `ms`, or less if `signal` aborts (then `Err(aborted)`).
pub async fn sleep(ms: f64, signal: Option<&AbortSignal>) -> Result<(), Error> {
    if signal.is_some_and(|s| s.aborted()) {
        return Err(Error::aborted());
    }
    if ms > 0.0 {
        let mut forward = None;
        let promise = Promise::new(&mut |resolve, _| {
            let timer = set_timeout(&resolve, ms);
            if let Some(signal) = signal {
                let listener = Closure::<dyn FnMut()>::new(move || {
                    clear_timeout(&timer);
                    let _ = resolve.call0(&JsValue::UNDEFINED);
                });
                let _ = signal.add_event_listener_with_callback("abort", listener.as_ref().unchecked_ref());
                forward = Some(listener);
            }
        });
        let _ = JsFuture::from(promise).await;
        if let (Some(signal), Some(listener)) = (signal, &forward) {
            let _ = signal.remove_event_listener_with_callback("abort", listener.as_ref().unchecked_ref());
        }
    }
    if signal.is_some_and(|s| s.aborted()) {
        return Err(Error::aborted());
    }
    Ok(())
}
