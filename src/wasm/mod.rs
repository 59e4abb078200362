//! The JavaScript boundary: `Core` carries out the sans-IO endpoints with `fetch`, applying
//! the pacing decisions. Every method returns a Promise that rejects with an error record;
//! the JS wrapper (`pkg-template/src/client.js`) turns records into `FichierError`s.

mod convert;
mod http;

use crate::api::{file, folder, ftp, remote, upload, user};
use crate::endpoint::{decode_answer, Body, Document, Effect, Endpoint};
use crate::error::{Error, ErrorCode};
use crate::links;
use crate::pacing::{self, Policy};
use convert::{error_to_js, error_with_details, member, number, options, strings, text, to_js, value};
use http::{exchange, now_ms, sleep, Exchange};
use js_sys::{Array, Function, Object, Promise, Reflect, JSON};
use std::cell::Cell;
use std::future::Future;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{future_to_promise, JsFuture};
use web_sys::AbortSignal;

const DEFAULT_API_BASE: &str = "https://api.1fichier.com/v1";

struct Inner {
    api_base: String,
    /// Sent only as `Authorization` to the API and to allowed upload nodes; never printed.
    api_key: Option<String>,
    policy: Policy,
    last_slot: Cell<Option<f64>>,
}

#[wasm_bindgen]
pub struct Core {
    inner: Rc<Inner>,
}

/// Runs a call and settles its Promise with its value or an error record.
fn settle(future: impl Future<Output = Result<JsValue, Error>> + 'static) -> Promise {
    future_to_promise(async move { future.await.map_err(|e| error_to_js(&e)) })
}

fn non_negative(options: &JsValue, key: &str, default: f64) -> Result<f64, Error> {
    match number(&member(options, key), key)? {
        None => Ok(default),
        Some(n) if n.is_finite() && n >= 0.0 => Ok(n),
        Some(_) => Err(Error::invalid_input(format!("{key} must be a number of at least 0."))),
    }
}

fn read_api_key(options: &JsValue) -> Result<Option<String>, Error> {
    let key = member(options, "apiKey");
    if key.is_undefined() || key.is_null() {
        return Ok(None);
    }
    // The message never repeats the value: it is a secret.
    let key = key.as_string().ok_or_else(|| Error::invalid_input("apiKey must be a string."))?;
    let key = key.trim();
    if key.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(Error::invalid_input("apiKey contains spaces or control characters; paste it again."));
    }
    Ok(Some(key.to_string()).filter(|k| !k.is_empty()))
}

#[wasm_bindgen]
impl Core {
    #[wasm_bindgen(constructor)]
    pub fn new(options: JsValue) -> Result<Core, JsValue> {
        Core::from_options(&options).map_err(|e| error_to_js(&e))
    }

    fn from_options(options: &JsValue) -> Result<Core, Error> {
        if !(options.is_undefined() || options.is_null() || options.is_object()) {
            return Err(Error::invalid_input("Client options must be an object."));
        }
        let api_base = match member(options, "apiBase").as_string() {
            Some(base) => base.trim().trim_end_matches('/').to_string(),
            None if member(options, "apiBase").is_undefined() => DEFAULT_API_BASE.to_string(),
            None => return Err(Error::invalid_input("apiBase must be a URL string.")),
        };
        if !links::is_http_url(&api_base) {
            return Err(Error::invalid_input(format!("apiBase {api_base:?} is not an http(s) URL.")));
        }
        let defaults = Policy::default();
        let policy = Policy {
            min_interval_ms: non_negative(options, "minIntervalMs", defaults.min_interval_ms)?,
            max_retries: non_negative(options, "maxRetries", defaults.max_retries as f64)? as u32,
            flood_wait_ms: non_negative(options, "floodWaitMs", defaults.flood_wait_ms)?,
            timeout_ms: non_negative(options, "timeoutMs", defaults.timeout_ms)?,
        };
        let inner = Inner { api_base, api_key: read_api_key(options)?, policy, last_slot: Cell::new(None) };
        Ok(Core { inner: Rc::new(inner) })
    }

    #[wasm_bindgen(getter, js_name = apiBase)]
    pub fn api_base(&self) -> String {
        self.inner.api_base.clone()
    }

    #[wasm_bindgen(getter, js_name = hasApiKey)]
    pub fn has_api_key(&self) -> bool {
        self.inner.api_key.is_some()
    }

    #[wasm_bindgen(js_name = userInfo)]
    pub fn user_info(&self) -> Promise {
        let inner = self.inner.clone();
        settle(async move { inner.call(&user::GetUserInfo {}).await })
    }

    #[wasm_bindgen(js_name = setUserSettings)]
    pub fn set_user_settings(&self, settings: JsValue) -> Promise {
        let inner = self.inner.clone();
        settle(async move { inner.call(&user::SetUserSettings::new(value(settings, "settings")?)?).await })
    }

    #[wasm_bindgen(js_name = listFolder)]
    pub fn list_folder(&self, folder_id: JsValue, opts: JsValue) -> Promise {
        let inner = self.inner.clone();
        settle(async move {
            let folder = number(&folder_id, "folderId")?.unwrap_or(0.0);
            let files = member(&opts, "files").is_truthy();
            let sharing_user = member(&opts, "sharingUser").as_string();
            inner.call(&folder::ListFolder::new(folder, files, sharing_user)?).await
        })
    }

    #[wasm_bindgen(js_name = createFolder)]
    pub fn create_folder(&self, name: JsValue, opts: JsValue) -> Promise {
        let inner = self.inner.clone();
        settle(async move {
            let name = text(&name, "The folder name")?;
            let parent = number(&member(&opts, "parentId"), "parentId")?.unwrap_or(0.0);
            let sharing_user = member(&opts, "sharingUser").as_string();
            inner.call(&folder::CreateFolder::new(&name, parent, sharing_user)?).await
        })
    }

    #[wasm_bindgen(js_name = removeFolder)]
    pub fn remove_folder(&self, folder_id: JsValue) -> Promise {
        let inner = self.inner.clone();
        settle(async move {
            let folder = number(&folder_id, "folderId")?.ok_or_else(|| Error::invalid_input("folderId is required."))?;
            inner.call(&folder::RemoveFolder::new(folder)?).await
        })
    }

    #[wasm_bindgen(js_name = moveFolder)]
    pub fn move_folder(&self, folder_id: JsValue, opts: JsValue) -> Promise {
        let inner = self.inner.clone();
        settle(async move {
            let folder = number(&folder_id, "folderId")?.ok_or_else(|| Error::invalid_input("folderId is required."))?;
            let to = number(&member(&opts, "to"), "to")?;
            let rename = member(&opts, "rename").as_string();
            let user = member(&opts, "destinationUser").as_string();
            inner.call(&folder::MoveFolder::new(folder, to, rename.as_deref(), user)?).await
        })
    }

    #[wasm_bindgen(js_name = shareFolder)]
    pub fn share_folder(&self, folder_id: JsValue, opts: JsValue) -> Promise {
        let inner = self.inner.clone();
        settle(async move {
            let folder = number(&folder_id, "folderId")?.ok_or_else(|| Error::invalid_input("folderId is required."))?;
            inner.call(&folder::ShareFolder::new(folder, options(opts, "shareFolder options")?)?).await
        })
    }

    #[wasm_bindgen(js_name = listFiles)]
    pub fn list_files(&self, folder_id: JsValue, opts: JsValue) -> Promise {
        let inner = self.inner.clone();
        settle(async move {
            let folder = number(&folder_id, "folderId")?.unwrap_or(0.0);
            inner.call(&file::ListFiles::new(folder, options(opts, "listFiles options")?)?).await
        })
    }

    #[wasm_bindgen(js_name = fileInfo)]
    pub fn file_info(&self, url: JsValue, opts: JsValue) -> Promise {
        let inner = self.inner.clone();
        settle(async move {
            let url = text(&url, "The file link")?;
            inner.call(&file::FileInfo::new(&url, member(&opts, "password").as_string())?).await
        })
    }

    #[wasm_bindgen(js_name = removeFiles)]
    pub fn remove_files(&self, files: JsValue) -> Promise {
        let inner = self.inner.clone();
        settle(async move {
            let files = match files.as_string() {
                Some(one) => vec![file::FileToRemove::Url(one)],
                None => value(files, "The files to remove")?,
            };
            inner.call(&file::RemoveFiles::new(files)?).await
        })
    }

    #[wasm_bindgen(js_name = moveFiles)]
    pub fn move_files(&self, urls: JsValue, folder_id: JsValue, opts: JsValue) -> Promise {
        let inner = self.inner.clone();
        settle(async move {
            let urls = strings(&urls, "The file links")?;
            let folder = number(&folder_id, "folderId")?.ok_or_else(|| Error::invalid_input("The destination folderId is required (0 for the root)."))?;
            let rename = member(&opts, "rename").as_string();
            let user = member(&opts, "destinationUser").as_string();
            inner.call(&file::MoveFiles::new(&urls, folder, rename.as_deref(), user)?).await
        })
    }

    #[wasm_bindgen(js_name = copyFiles)]
    pub fn copy_files(&self, urls: JsValue, folder_id: JsValue, opts: JsValue) -> Promise {
        let inner = self.inner.clone();
        settle(async move {
            let urls = strings(&urls, "The file links")?;
            let folder = number(&folder_id, "folderId")?.unwrap_or(0.0);
            inner.call(&file::CopyFiles::new(&urls, folder, options(opts, "copyFiles options")?)?).await
        })
    }

    #[wasm_bindgen(js_name = renameFiles)]
    pub fn rename_files(&self, renames: JsValue) -> Promise {
        let inner = self.inner.clone();
        settle(async move {
            let renames = if Array::is_array(&renames) { renames } else { Array::of1(&renames).into() };
            inner.call(&file::RenameFiles::new(value(renames, "renameFiles expects [{ url, filename }]")?)?).await
        })
    }

    #[wasm_bindgen(js_name = setFileAttributes)]
    pub fn set_file_attributes(&self, urls: JsValue, attributes: JsValue) -> Promise {
        let inner = self.inner.clone();
        settle(async move {
            let urls = strings(&urls, "The file links")?;
            inner.call(&file::SetFileAttributes::new(&urls, options(attributes, "The attributes")?)?).await
        })
    }

    #[wasm_bindgen(js_name = scanFile)]
    pub fn scan_file(&self, url: JsValue) -> Promise {
        let inner = self.inner.clone();
        settle(async move { inner.call(&file::ScanFile::new(&text(&url, "The file link")?)?).await })
    }

    #[wasm_bindgen(js_name = downloadLink)]
    pub fn download_link(&self, url: JsValue, opts: JsValue) -> Promise {
        let inner = self.inner.clone();
        settle(async move {
            let url = text(&url, "The file link")?;
            inner.call(&file::DownloadLink::new(&url, options(opts, "downloadLink options")?)?).await
        })
    }

    /// Sends the URLs in requests of `batchSize`; resolves to `[{ id, urls }]`, one per request.
    /// If a request fails after others were sent, the error's `details` say which URLs went
    /// out (`sent`) and which did not (`unsent`): nothing is dropped silently.
    #[wasm_bindgen(js_name = remoteUpload)]
    pub fn remote_upload(&self, urls: JsValue, opts: JsValue) -> Promise {
        let inner = self.inner.clone();
        future_to_promise(async move {
            let plan = strings(&urls, "The URLs")
                .and_then(|urls| remote::plan_remote_upload(&urls, options(opts, "remoteUpload options")?))
                .map_err(|e| error_to_js(&e))?;
            let sent = Array::new();
            for (index, request) in plan.iter().enumerate() {
                match inner.call(request).await {
                    Ok(id) => {
                        let job = Object::new();
                        let _ = Reflect::set(&job, &"id".into(), &id);
                        let _ = Reflect::set(&job, &"urls".into(), &to_js(&request.urls));
                        sent.push(&job);
                    }
                    Err(error) => {
                        let unsent: Vec<&String> = plan[index..].iter().flat_map(|r| &r.urls).collect();
                        let error = if index > 0 {
                            error.with_context(&format!(
                                "{index} request(s) had already been sent; {} URL(s) were not sent.",
                                unsent.len()
                            ))
                        } else {
                            error
                        };
                        let details = Object::new();
                        let _ = Reflect::set(&details, &"sent".into(), &sent);
                        let _ = Reflect::set(&details, &"unsent".into(), &to_js(&unsent));
                        return Err(error_with_details(&error, details.into()));
                    }
                }
            }
            Ok(sent.into())
        })
    }

    #[wasm_bindgen(js_name = remoteJobs)]
    pub fn remote_jobs(&self) -> Promise {
        let inner = self.inner.clone();
        settle(async move { inner.call(&remote::ListRemoteJobs {}).await })
    }

    #[wasm_bindgen(js_name = remoteJob)]
    pub fn remote_job(&self, id: JsValue) -> Promise {
        let inner = self.inner.clone();
        settle(async move { inner.call(&remote_job_info(&id)?).await })
    }

    /// Polls `remote/info` until the job has run; `timeout` if it has not by `timeoutMs`.
    #[wasm_bindgen(js_name = waitForRemoteJob)]
    pub fn wait_for_remote_job(&self, id: JsValue, opts: JsValue) -> Promise {
        let inner = self.inner.clone();
        settle(async move {
            let request = remote_job_info(&id)?;
            let interval = non_negative(&opts, "intervalMs", 5000.0)?;
            let limit = non_negative(&opts, "timeoutMs", 600_000.0)?;
            let signal = member(&opts, "signal").dyn_into::<AbortSignal>().ok();
            let started = now_ms();
            loop {
                let job = inner.call(&request).await?;
                if member(&job, "done").is_truthy() {
                    return Ok(job);
                }
                match pacing::job_poll_delay(interval, now_ms() - started, limit) {
                    Some(delay) => sleep(delay, signal.as_ref()).await?,
                    None => {
                        return Err(Error::new(
                            ErrorCode::Timeout,
                            format!(
                                "Remote job {} had not finished after {} s; it may still run later.",
                                member(&job, "id").as_f64().unwrap_or(0.0) as u64,
                                (limit / 1000.0) as u64
                            ),
                        ))
                    }
                }
            }
        })
    }

    /// The upload flow. `files` are `[{ name, size }]`; `send(request)` is the runtime's body
    /// sender (JS), which owns the bytes and reports progress; it resolves to `{ status, body }`.
    pub fn upload(&self, files: JsValue, opts: JsValue, send: Function) -> Promise {
        let inner = self.inner.clone();
        future_to_promise(async move { inner.upload(files, opts, send).await })
    }

    #[wasm_bindgen(js_name = ftpUsers)]
    pub fn ftp_users(&self) -> Promise {
        let inner = self.inner.clone();
        settle(async move { inner.call(&ftp::ListFtpUsers {}).await })
    }

    #[wasm_bindgen(js_name = addFtpUser)]
    pub fn add_ftp_user(&self, user: JsValue, password: JsValue, opts: JsValue) -> Promise {
        let inner = self.inner.clone();
        settle(async move {
            let user = text(&user, "The FTP user name")?;
            let password = text(&password, "The FTP password")?;
            let folder = number(&member(&opts, "folderId"), "folderId")?;
            inner.call(&ftp::AddFtpUser::new(&user, &password, folder)?).await
        })
    }

    #[wasm_bindgen(js_name = removeFtpUser)]
    pub fn remove_ftp_user(&self, user: JsValue) -> Promise {
        let inner = self.inner.clone();
        settle(async move { inner.call(&ftp::RemoveFtpUser::new(&text(&user, "The FTP user name")?)?).await })
    }

    #[wasm_bindgen(js_name = processFtp)]
    pub fn process_ftp(&self) -> Promise {
        let inner = self.inner.clone();
        settle(async move { inner.call(&ftp::ProcessFtp {}).await })
    }
}

/// Reads back a value this module produced.
fn read<T: serde::de::DeserializeOwned>(value: &JsValue) -> Result<T, Error> {
    value.read().map_err(|detail| Error::decode(200, &detail))
}

fn remote_job_info(id: &JsValue) -> Result<remote::RemoteJobInfo, Error> {
    remote::RemoteJobInfo::new(number(id, "The job id")?.ok_or_else(|| Error::invalid_input("The job id is required."))?)
}

/// Decodes an answer of endpoint `E` straight into the JS value handed to the caller.
fn decode_to_js<E: Endpoint>(status: u16, body: Body<JsValue>) -> Result<JsValue, Error> {
    decode_answer::<E, JsValue>(status, body).map(|output| to_js(&output))
}

type Decoder = fn(u16, Body<JsValue>) -> Result<JsValue, Error>;

impl Inner {
    /// The only generic step is building the body and choosing the decoder: the request loop
    /// below exists once in the wasm instead of once per endpoint (that halved its size).
    fn call<E: Endpoint>(&self, endpoint: &E) -> impl Future<Output = Result<JsValue, Error>> + '_ {
        self.request(E::PATH, E::ANONYMOUS, E::EFFECT, to_js(endpoint), decode_to_js::<E>)
    }

    /// One API call with pacing and the retries `pacing::retry_delay` allows.
    async fn request(&self, path: &str, anonymous: bool, effect: Effect, body: JsValue, decode: Decoder) -> Result<JsValue, Error> {
        let mut headers = vec![("Content-Type", "application/json".to_string())];
        match &self.api_key {
            Some(key) => headers.push(("Authorization", format!("Bearer {key}"))),
            None if !anonymous => {
                return Err(Error::invalid_input("This call needs an API key: new Client({ apiKey })."));
            }
            None => {}
        }
        let body = JSON::stringify(&body).ok().and_then(|s| s.as_string()).unwrap_or_else(|| "{}".into());
        let url = format!("{}/{}", self.api_base, path);
        let mut retries = 0;
        loop {
            self.wait_turn().await?;
            let attempt = exchange(Exchange {
                method: "POST",
                url: &url,
                headers: headers.clone(),
                body: Some(body.clone()),
                timeout_ms: self.policy.timeout_ms,
                signal: None,
            })
            .await
            .and_then(|(status, body)| decode(status, body));
            match attempt {
                Ok(output) => return Ok(output),
                Err(error) => match pacing::retry_delay(&self.policy, effect, retries, &error) {
                    Some(delay) => {
                        sleep(delay, None).await?;
                        retries += 1;
                    }
                    None => return Err(error),
                },
            }
        }
    }

    async fn wait_turn(&self) -> Result<(), Error> {
        let now = now_ms();
        let slot = pacing::next_slot(self.last_slot.get(), now, self.policy.min_interval_ms);
        self.last_slot.set(Some(slot));
        sleep(slot - now, None).await
    }

    async fn upload(&self, files: JsValue, opts: JsValue, send: Function) -> Result<JsValue, JsValue> {
        let fail = |e: Error| error_to_js(&e);
        let specs: Vec<upload::FileSpec> = value(files, "files").map_err(fail)?;
        let signal = member(&opts, "signal").dyn_into::<AbortSignal>().ok();
        let settings: upload::UploadOptions = options(opts, "upload options").map_err(fail)?;
        let form = upload::upload_form(specs, &settings, self.api_key.is_some()).map_err(fail)?;
        if signal.as_ref().is_some_and(|s| s.aborted()) {
            return Err(fail(Error::aborted()));
        }
        let server: upload::UploadServer = self.call(&upload::GetUploadServer {}).await.and_then(|v| read(&v)).map_err(fail)?;
        let target = upload::upload_target(&self.api_base, &server).map_err(fail)?;
        let authorization = match (&self.api_key, target.send_key) {
            (Some(key), true) => Some(format!("Bearer {key}")),
            _ => None,
        };

        let entropy = (js_sys::Math::random() * 9_007_199_254_740_992.0) as u64
            ^ ((js_sys::Math::random() * 4_294_967_296.0) as u64) << 32;
        let request = Object::new();
        let _ = Reflect::set(&request, &"url".into(), &target.upload_url.as_str().into());
        let _ = Reflect::set(&request, &"authorization".into(), &to_js(&authorization));
        let _ = Reflect::set(&request, &"multipart".into(), &to_js(&upload::multipart(&form, entropy)));
        let _ = Reflect::set(&request, &"fields".into(), &to_js(&form.fields));
        // The sender's own failures (network, abort, progress callback errors) pass through.
        let sending = send.call1(&JsValue::NULL, &request)?;
        let answer = JsFuture::from(Promise::resolve(&sending)).await?;
        let status = member(&answer, "status").as_f64().unwrap_or(0.0) as u16;
        let body = member(&answer, "body").as_string().unwrap_or_default();
        upload::check_upload_answer(status, &body).map_err(fail)?;

        let limit = settings.end_timeout_ms.unwrap_or(300_000.0);
        self.wait_for_links(&target.end_url, authorization, limit, signal.as_ref()).await.map_err(fail)
    }

    /// Polls `end.pl` (header `JSON: 1`) until it lists the links, within `limit_ms`.
    async fn wait_for_links(
        &self,
        end_url: &str,
        authorization: Option<String>,
        limit_ms: f64,
        signal: Option<&AbortSignal>,
    ) -> Result<JsValue, Error> {
        let mut headers = vec![("JSON", "1".to_string())];
        if let Some(authorization) = authorization {
            headers.push(("Authorization", authorization));
        }
        let started = now_ms();
        let (mut polls, mut retries) = (0, 0);
        loop {
            let answer = exchange(Exchange {
                method: "GET",
                url: end_url,
                headers: headers.clone(),
                body: None,
                timeout_ms: self.policy.timeout_ms,
                signal,
            })
            .await
            .and_then(|(status, body)| upload::read_end_report(status, body));
            match answer {
                Ok(upload::EndReport::Done(result)) => return Ok(to_js(&result)),
                Ok(upload::EndReport::Pending) => match pacing::end_poll_delay(polls, now_ms() - started, limit_ms) {
                    Some(delay) => {
                        sleep(delay, signal).await?;
                        polls += 1;
                    }
                    None => {
                        return Err(Error::new(
                            ErrorCode::Timeout,
                            format!(
                                "The upload was sent, but 1fichier did not publish its links within {} s; \
                                 the file should appear in the account later.",
                                (limit_ms / 1000.0) as u64
                            ),
                        ))
                    }
                },
                Err(error) => match pacing::retry_delay(&self.policy, Effect::Repeatable, retries, &error) {
                    Some(delay) => {
                        sleep(delay, signal).await?;
                        retries += 1;
                    }
                    None => return Err(error),
                },
            }
        }
    }
}

/// `parseLink(text)`: a 1fichier file, folder or direct link, or `null`.
#[wasm_bindgen(js_name = parseLink)]
pub fn parse_link(text: JsValue) -> JsValue {
    match text.as_string().and_then(|t| links::parse_link(&t)) {
        Some(link) => to_js(&link),
        None => JsValue::NULL,
    }
}

/// `extractLinks(text)`: every http(s) URL of the text, in order, once each.
#[wasm_bindgen(js_name = extractLinks)]
pub fn extract_links(text: JsValue) -> JsValue {
    to_js(&links::extract_links(&text.as_string().unwrap_or_default()))
}
