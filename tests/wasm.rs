//! The wasm boundary against the local 1fichier, in Node and in Chromium (page and service
//! worker): `scripts/test.sh` starts the emulator and passes its address at build time.
//! `run` below performs a task's steps the way `pkg-template/src/drive.js` does, against each
//! runtime's own global `fetch`.
#![cfg(target_arch = "wasm32")]

use js_sys::{Object, Promise, Reflect};
use onefichier::wasm::{parse_link, Core, Task};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

const API_BASE: &str = match option_env!("ONEFICHIER_TEST_API") {
    Some(base) => base,
    None => "http://127.0.0.1:18080/v1",
};
const KEY: &str = "DEMO0123456789abcdefDEMO01234567";

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = fetch)]
    fn global_fetch(input: &str, init: &JsValue) -> Promise;
    #[wasm_bindgen(js_name = fetch)]
    fn fetch_init(url: &JsValue, init: &JsValue) -> Promise;
    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(callback: &js_sys::Function, ms: f64);
}

/// Performs the steps of a task until it settles: its value, or its error record.
async fn run(mut task: Task) -> Result<JsValue, JsValue> {
    let now = js_sys::Date::now;
    let parse = |text: JsValue| js_sys::JSON::parse(&text.as_string().unwrap()).unwrap();
    let mut step = parse(task.next("start", now(), 0, String::new()));
    loop {
        match get(&step, "type").as_string().unwrap().as_str() {
            "http" => {
                let response: web_sys::Response =
                    JsFuture::from(fetch_init(&get(&step, "url"), &get(&step, "init")))
                        .await
                        .unwrap()
                        .into();
                let text = JsFuture::from(response.text().unwrap()).await.unwrap();
                step = parse(task.answer(now(), response, text.as_string().unwrap()));
            }
            "wait" => {
                let ms = get(&step, "ms").as_f64().unwrap();
                let waited = Promise::new(&mut |resolve, _| set_timeout(&resolve, ms));
                JsFuture::from(waited).await.unwrap();
                step = parse(task.next("woke", now(), 0, String::new()));
            }
            "done" => return Ok(get(&step, "value")),
            _ => return Err(task.error()),
        }
    }
}

async fn call(core: &Core, method: &str, args: &[JsValue]) -> Result<JsValue, JsValue> {
    let list = js_sys::Array::new();
    for arg in args {
        list.push(arg);
    }
    run(core.task(method, list)?).await
}

fn object(pairs: &[(&str, JsValue)]) -> JsValue {
    let object = Object::new();
    for (key, value) in pairs {
        Reflect::set(&object, &(*key).into(), value).unwrap();
    }
    object.into()
}

fn get(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &key.into()).unwrap()
}

fn client(key: &str) -> Core {
    Core::new(object(&[
        ("apiKey", key.into()),
        ("apiBase", API_BASE.into()),
        ("minIntervalMs", 0.into()),
        ("floodWaitMs", 0.into()),
    ]))
    .unwrap()
}

/// Asks the emulator's control API for a fault on the next matching call.
async fn inject(fault: &[(&str, JsValue)]) {
    let origin = API_BASE.trim_end_matches("/v1");
    let body = js_sys::JSON::stringify(&object(fault)).unwrap();
    let init = object(&[("method", "POST".into()), ("body", body.into())]);
    JsFuture::from(global_fetch(&format!("{origin}/__emulator/faults"), &init))
        .await
        .unwrap();
}

#[wasm_bindgen_test]
async fn reads_the_account_through_the_global_fetch() {
    let info = call(&client(KEY), "userInfo", &[]).await.unwrap();
    assert_eq!(get(&info, "email").as_string().unwrap(), "demo@example.com");
    assert_eq!(get(&info, "premium").as_bool(), Some(true));
    assert!(get(&get(&info, "settings"), "useCdn").as_bool().is_some());
}

#[wasm_bindgen_test]
async fn creates_and_lists_folders() {
    let core = client(KEY);
    // The emulator outlives one run (Node, page, worker): a fresh name each time.
    let name = format!("wasm-test-{}", js_sys::Math::random());
    let created = call(&core, "createFolder", &[name.into()]).await.unwrap();
    let id = get(&created, "id").as_f64().unwrap();
    assert!(id > 0.0);
    let root = call(
        &core,
        "listFolder",
        &[0.into(), object(&[("files", true.into())])],
    )
    .await
    .unwrap();
    assert_eq!(get(&root, "name").as_string().unwrap(), "Root");
    assert!(js_sys::Array::is_array(&get(&root, "files")));
}

#[wasm_bindgen_test]
async fn failures_become_error_records_with_stable_codes() {
    let error = call(&client("WRONG0123456789abcdefWRONG012345"), "userInfo", &[])
        .await
        .unwrap_err();
    assert_eq!(get(&error, "code").as_string().unwrap(), "auth");
    assert_eq!(get(&error, "status").as_f64(), Some(401.0));
    assert!(!js_sys::JSON::stringify(&error)
        .unwrap()
        .as_string()
        .unwrap()
        .contains("WRONG"));

    // Bad input throws at once, before any request.
    let bad = client(KEY).task("listFolder", js_sys::Array::of1(&(-1).into()));
    let error = bad.err().unwrap();
    assert_eq!(get(&error, "code").as_string().unwrap(), "invalid_input");

    // A flood answer without the emulator's lock, which would also stop the tests running
    // beside this one.
    inject(&[
        ("path", "file/ls.cgi".into()),
        ("type", "ko".into()),
        ("status", 403.into()),
        ("message", "Flood detected: IP Locked #374".into()),
    ])
    .await;
    let error = call(&client(KEY), "listFiles", &[0.into()])
        .await
        .unwrap_err();
    assert_eq!(get(&error, "code").as_string().unwrap(), "flood");
    assert_eq!(get(&error, "retryable").as_bool(), Some(true));
}

#[wasm_bindgen_test]
async fn remote_upload_jobs_complete() {
    let core = client(KEY);
    let urls = js_sys::Array::of1(&"https://example.com/remote.zip".into());
    let jobs = call(&core, "remoteUpload", &[urls.into()]).await.unwrap();
    let id = get(&js_sys::Array::from(&jobs).get(0), "id");
    let job = call(
        &core,
        "waitForRemoteJob",
        &[id, object(&[("intervalMs", 50.into())])],
    )
    .await
    .unwrap();
    assert_eq!(get(&job, "done").as_bool(), Some(true));
}

#[wasm_bindgen_test]
fn parses_links() {
    let link = parse_link("https://1fichier.com/?abcde12345&af=9".into());
    assert_eq!(
        get(&link, "url").as_string().unwrap(),
        "https://1fichier.com/?abcde12345"
    );
    assert!(parse_link("https://example.com/".into()).is_null());
}
