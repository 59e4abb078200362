//! The IO of the client: HTTP through the global `fetch`, timers and abort signals. Bound on
//! the global object (not `window`) so it works in pages, workers, extension service workers
//! and Node alike.

use crate::error::Error;
use crate::runtime::HttpRequest;
use gloo_net::http::{Method, RequestBuilder, Response};
use js_sys::{Function, Promise, Reflect};
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, AbortSignal};

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = fetch)]
    fn global_fetch(request: &web_sys::Request) -> Promise;
    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(callback: &Function, ms: f64) -> JsValue;
    #[wasm_bindgen(js_name = clearTimeout)]
    fn clear_timeout(id: &JsValue);
}

pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// Sends one request and reads its body as text, within the request's time limit; the
/// caller's `signal` cancels it at once.
pub async fn send(request: HttpRequest, signal: Option<&AbortSignal>) -> Result<(u16, String), Error> {
    if signal.is_some_and(|s| s.aborted()) {
        return Err(Error::aborted());
    }
    let controller = AbortController::new().map_err(|_| Error::network("AbortController is missing"))?;
    let timed_out = Rc::new(Cell::new(false));
    // 0 means no limit: no timer at all.
    let timer = (request.timeout_ms > 0.0).then(|| {
        let controller = controller.clone();
        let timed_out = timed_out.clone();
        let on_timeout = Closure::once_into_js(move || {
            timed_out.set(true);
            controller.abort();
        });
        set_timeout(on_timeout.unchecked_ref(), request.timeout_ms)
    });
    let _forward = signal.map(|signal| AbortForward::new(signal, &controller));

    let method = if request.method == "GET" { Method::GET } else { Method::POST };
    let mut builder = RequestBuilder::new(&request.url).method(method).abort_signal(Some(&controller.signal()));
    for (name, value) in &request.headers {
        builder = builder.header(name, value);
    }
    let built = match request.body {
        Some(body) => builder.body(body),
        None => builder.build(),
    };
    let outcome = match built {
        Ok(built) => {
            async {
                let raw: web_sys::Response = JsFuture::from(global_fetch(&built.into())).await?.unchecked_into();
                let response = Response::from(raw);
                let status = response.status();
                // gloo-net's reading error has no `cause`: keep the response's own failure.
                let text = response.text().await.map_err(|_| JsValue::UNDEFINED)?;
                Ok::<_, JsValue>((status, text))
            }
            .await
        }
        Err(_) => Err(JsValue::UNDEFINED),
    };
    if let Some(timer) = timer {
        clear_timeout(&timer);
    }
    match outcome {
        Ok(answer) => Ok(answer),
        Err(_) if timed_out.get() => Err(Error::timeout(request.timeout_ms as u32)),
        Err(_) if signal.is_some_and(|s| s.aborted()) => Err(Error::aborted()),
        Err(error) => Err(Error::network(&describe_failure(&error))),
    }
}

/// Forwards the caller's abort to one request, and stops listening when dropped.
struct AbortForward<'a> {
    signal: &'a AbortSignal,
    listener: Closure<dyn FnMut()>,
}

impl<'a> AbortForward<'a> {
    fn new(signal: &'a AbortSignal, controller: &AbortController) -> Self {
        let controller = controller.clone();
        let listener = Closure::<dyn FnMut()>::new(move || controller.abort());
        let _ = signal.add_event_listener_with_callback("abort", listener.as_ref().unchecked_ref());
        AbortForward { signal, listener }
    }
}

impl Drop for AbortForward<'_> {
    fn drop(&mut self) {
        let _ = self.signal.remove_event_listener_with_callback("abort", self.listener.as_ref().unchecked_ref());
    }
}

/// `fetch failed` alone helps nobody: Node puts the reason (ECONNREFUSED…) in `cause`.
fn describe_failure(error: &JsValue) -> String {
    let text = |value: &JsValue, key: &str| {
        Reflect::get(value, &JsValue::from_str(key)).ok().and_then(|v| v.as_string()).filter(|s| !s.is_empty())
    };
    let message = text(error, "message").unwrap_or_else(|| "fetch failed".into());
    let cause = Reflect::get(error, &JsValue::from_str("cause")).unwrap_or(JsValue::UNDEFINED);
    match text(&cause, "code").or_else(|| text(&cause, "message")) {
        Some(reason) => [&message, ": ", &reason].concat(),
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
