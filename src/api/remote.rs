//! `remote/*.cgi`: ask 1fichier to fetch URLs into the account, and follow those jobs (§5).

use super::folder_id;
use crate::endpoint::{Effect, Endpoint};
use crate::error::Error;
use crate::lenient;
use crate::links::is_http_url;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// No maximum per request is documented (§5); one public script sends 5 at a time. Lists are
/// split into requests of this size unless the caller picks another.
pub const DEFAULT_BATCH_SIZE: usize = 20;

/// Options of `remoteUpload`.
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct RemoteOptions {
    pub folder_id: Option<f64>,
    /// Headers 1fichier sends to the source site (cookies, referer…).
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
    /// URLs per request (default 20).
    pub batch_size: Option<f64>,
}

#[derive(Serialize, Debug, PartialEq)]
pub struct RemoteRequest {
    pub urls: Vec<String>,
    pub folder_id: u64,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub headers: BTreeMap<String, String>,
}

/// Validates every URL and header before anything is sent, then splits the list into
/// requests. Nothing is dropped or merged: duplicates are sent as given.
pub fn plan_remote_upload(urls: &[String], options: RemoteOptions) -> Result<Vec<RemoteRequest>, Error> {
    if urls.is_empty() {
        return Err(Error::invalid_input("The list of URLs to fetch is empty."));
    }
    let urls = urls
        .iter()
        .map(|url| {
            let url = url.trim();
            if is_http_url(url) {
                Ok(url.to_string())
            } else {
                Err(Error::invalid_input(format!("{url:?} is not an http(s) URL; nothing was sent.")))
            }
        })
        .collect::<Result<Vec<_>, _>>()?;
    for (name, value) in &options.headers {
        // The documentation allows alphanumerics and '-' in names (§5); values are only
        // checked for what would break the request, since the documented set is narrower
        // than real cookies.
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
            return Err(Error::invalid_input(format!("{name:?} is not a valid header name.")));
        }
        if value.chars().any(|c| c.is_control() && c != '\t') {
            return Err(Error::invalid_input(format!("The value of header {name} contains a line break or control character.")));
        }
    }
    let folder_id = folder_id(options.folder_id.unwrap_or(0.0), "The destination folder id")?;
    let batch_size = match options.batch_size {
        None => DEFAULT_BATCH_SIZE,
        Some(n) if n >= 1.0 && n.fract() == 0.0 => n as usize,
        Some(_) => return Err(Error::invalid_input("batchSize must be a whole number of at least 1.")),
    };
    Ok(urls
        .chunks(batch_size)
        .map(|chunk| RemoteRequest { urls: chunk.to_vec(), folder_id, headers: options.headers.clone() })
        .collect())
}

#[derive(Deserialize)]
pub struct RawRequested {
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    id: Option<u64>,
}

impl Endpoint for RemoteRequest {
    const PATH: &'static str = "remote/request.cgi";
    const EFFECT: Effect = Effect::Once;
    type Raw = RawRequested;
    type Output = u64;
    fn decode(raw: RawRequested) -> Result<u64, Error> {
        raw.id.ok_or_else(|| Error::decode(200, "remote/request answered without a job id"))
    }
}

#[derive(Serialize)]
pub struct ListRemoteJobs {}

#[derive(Deserialize)]
pub struct RawRemoteList {
    #[serde(default)]
    data: Vec<RawRemoteSummary>,
}

#[derive(Deserialize)]
struct RawRemoteSummary {
    #[serde(deserialize_with = "lenient::u64_or_zero")]
    id: u64,
    #[serde(default, deserialize_with = "lenient::date")]
    request_date: Option<String>,
    #[serde(default, deserialize_with = "lenient::date")]
    execution_date: Option<String>,
}

#[derive(Serialize, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct RemoteJobSummary {
    pub id: u64,
    pub requested: Option<String>,
    /// `null` until 1fichier has run the job (it sends `1970-01-01…` meanwhile).
    pub executed: Option<String>,
    pub done: bool,
}

impl Endpoint for ListRemoteJobs {
    const PATH: &'static str = "remote/ls.cgi";
    const EFFECT: Effect = Effect::Repeatable;
    type Raw = RawRemoteList;
    type Output = Vec<RemoteJobSummary>;
    fn decode(raw: RawRemoteList) -> Result<Vec<RemoteJobSummary>, Error> {
        Ok(raw
            .data
            .into_iter()
            .map(|job| RemoteJobSummary {
                id: job.id,
                requested: job.request_date,
                done: job.execution_date.is_some(),
                executed: job.execution_date,
            })
            .collect())
    }
}

#[derive(Serialize)]
pub struct RemoteJobInfo {
    id: u64,
}

impl RemoteJobInfo {
    pub fn new(id: f64) -> Result<Self, Error> {
        match folder_id(id, "The remote job id")? {
            0 => Err(Error::invalid_input("The remote job id must be positive.")),
            id => Ok(RemoteJobInfo { id }),
        }
    }
}

#[derive(Deserialize)]
pub struct RawRemoteJob {
    #[serde(default, deserialize_with = "lenient::u64_or_zero")]
    id: u64,
    #[serde(default, deserialize_with = "lenient::date")]
    request_date: Option<String>,
    #[serde(default, deserialize_with = "lenient::date")]
    execution_date: Option<String>,
    #[serde(default)]
    links: Vec<String>,
    #[serde(default)]
    result: Vec<RawRemoteResult>,
}

#[derive(Deserialize)]
struct RawRemoteResult {
    #[serde(default, deserialize_with = "lenient::text")]
    status: String,
    #[serde(default, deserialize_with = "lenient::text")]
    url: String,
    #[serde(default, deserialize_with = "lenient::text")]
    download_link: String,
    #[serde(default, deserialize_with = "lenient::text")]
    message: String,
}

#[derive(Serialize, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct RemoteJob {
    pub id: u64,
    pub requested: Option<String>,
    pub executed: Option<String>,
    /// 1fichier exposes no progress: a job is either waiting or done.
    pub done: bool,
    /// The URLs of the request.
    pub urls: Vec<String>,
    /// One entry per URL once the job has run; empty before.
    pub results: Vec<RemoteResult>,
}

#[derive(Serialize, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct RemoteResult {
    pub url: String,
    pub ok: bool,
    /// The new 1fichier link, when `ok`.
    pub download_url: Option<String>,
    /// 1fichier's explanation, mostly for failures.
    pub message: String,
}

impl Endpoint for RemoteJobInfo {
    const PATH: &'static str = "remote/info.cgi";
    const EFFECT: Effect = Effect::Repeatable;
    type Raw = RawRemoteJob;
    type Output = RemoteJob;
    fn decode(raw: RawRemoteJob) -> Result<RemoteJob, Error> {
        let results: Vec<RemoteResult> = raw
            .result
            .into_iter()
            .map(|r| RemoteResult {
                url: r.url,
                ok: r.status.eq_ignore_ascii_case("OK"),
                download_url: Some(r.download_link).filter(|l| !l.is_empty()),
                message: r.message,
            })
            .collect();
        Ok(RemoteJob {
            id: raw.id,
            requested: raw.request_date,
            done: !results.is_empty() || raw.execution_date.is_some(),
            executed: raw.execution_date,
            urls: raw.links,
            results,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::endpoint::testing::{answer, body_of};
    use crate::error::ErrorCode;
    use serde_json::json;

    fn urls(n: usize) -> Vec<String> {
        (0..n).map(|i| format!("https://example.com/{i}.zip")).collect()
    }

    #[test]
    fn splits_long_lists_without_dropping_any_url() {
        let plan = plan_remote_upload(&urls(45), RemoteOptions { folder_id: Some(3.0), ..Default::default() }).unwrap();
        assert_eq!(plan.iter().map(|r| r.urls.len()).collect::<Vec<_>>(), vec![20, 20, 5]);
        let sent: Vec<String> = plan.iter().flat_map(|r| r.urls.clone()).collect();
        assert_eq!(sent, urls(45));
        assert_eq!(body_of(&plan[2])["folder_id"], json!(3));
        let small = plan_remote_upload(&urls(3), RemoteOptions { batch_size: Some(2.0), ..Default::default() }).unwrap();
        assert_eq!(small.len(), 2);
    }

    #[test]
    fn validates_everything_before_sending() {
        let mut list = urls(3);
        list.push("javascript:alert(1)".into());
        let error = plan_remote_upload(&list, RemoteOptions::default()).unwrap_err();
        assert_eq!(error.code, ErrorCode::InvalidInput);
        assert!(error.message.contains("javascript:alert(1)"));
        assert!(plan_remote_upload(&[], RemoteOptions::default()).is_err());
        let bad_folder = RemoteOptions { folder_id: Some(-1.0), ..Default::default() };
        assert!(plan_remote_upload(&urls(1), bad_folder).is_err());
        let mut headers = BTreeMap::new();
        headers.insert("Bad Name".to_string(), "x".to_string());
        assert!(plan_remote_upload(&urls(1), RemoteOptions { headers, ..Default::default() }).is_err());
        let mut headers = BTreeMap::new();
        headers.insert("Cookie".to_string(), "a=1\r\nX: y".to_string());
        assert!(plan_remote_upload(&urls(1), RemoteOptions { headers, ..Default::default() }).is_err());
        assert!(plan_remote_upload(&urls(1), RemoteOptions { batch_size: Some(0.0), ..Default::default() }).is_err());
    }

    #[test]
    fn headers_travel_as_an_object() {
        let mut headers = BTreeMap::new();
        headers.insert("Cookie".to_string(), "session=abc; lang=fr".to_string());
        let plan = plan_remote_upload(&urls(1), RemoteOptions { headers, ..Default::default() }).unwrap();
        assert_eq!(body_of(&plan[0]), json!({"urls":["https://example.com/0.zip"],"folder_id":0,"headers":{"Cookie":"session=abc; lang=fr"}}));
        assert_eq!(answer::<RemoteRequest>(200, r#"{"status":"OK","id":812345,"urls":[]}"#).unwrap(), 812345);
    }

    #[test]
    fn a_job_is_pending_until_results_or_a_real_execution_date_appear() {
        let jobs = answer::<ListRemoteJobs>(200, r#"{"status":"OK","data":[{"id":1,"request_date":"2024-01-01 10:00:00","execution_date":"1970-01-01 01:00:00"},{"id":2,"request_date":"2024-01-01 10:00:00","execution_date":"2024-01-01 10:05:00"}]}"#).unwrap();
        assert_eq!((jobs[0].done, jobs[1].done), (false, true));
        let pending = answer::<RemoteJobInfo>(200, r#"{"id":1,"request_date":"2024-01-01 10:00:00","execution_date":"1970-01-01 01:00:00","links":["https://e.com/a"],"result":[]}"#).unwrap();
        assert!(!pending.done);
        let done = answer::<RemoteJobInfo>(200, r#"{"id":1,"links":["https://e.com/a","https://e.com/b"],"result":[{"status":"OK","url":"https://e.com/a","download_link":"https://1fichier.com/?abcde12345","message":""},{"status":"KO","url":"https://e.com/b","download_link":"","message":"Unable to download"}]}"#).unwrap();
        assert!(done.done);
        assert_eq!(done.results[0].download_url.as_deref(), Some("https://1fichier.com/?abcde12345"));
        assert_eq!((done.results[1].ok, done.results[1].download_url.as_deref()), (false, None));
    }
}
