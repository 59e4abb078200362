//! `remote/*.cgi`: ask 1fichier to fetch URLs into the account, and follow the jobs (§2.4).

use super::{id_value, Operation};
use crate::decode::{decode, each, f, Field, Kind};
use crate::endpoint::{Call, Effect, Endpoint};
use crate::error::{quote, Error};
use crate::input::{local, Args};
use crate::json::Value;
use crate::links::is_http_url;

pub const DEFAULT_BATCH_SIZE: f64 = 20.0;
/// Longest wait of `waitForRemoteJob` unless told otherwise: 10 minutes.
const DEFAULT_MAX_WAIT_MS: f64 = 600_000.0;
const DEFAULT_INTERVAL_MS: f64 = 5000.0;

fn decode_requested(raw: &Value, _: &Value) -> Result<Value, Error> {
    match decode(raw, &[f(&["id"], "id", Kind::OptCount)])?.get("id") {
        Some(Value::Number(id)) if *id > 0.0 => Ok(Value::Number(*id)),
        _ => Err(Error::decode(
            200,
            "remote/request answered without a job id",
        )),
    }
}

pub static REQUEST: Endpoint = Endpoint {
    path: "remote/request.cgi",
    effect: Effect::Once,
    anonymous: false,
    decode: decode_requested,
};

/// Checks every URL before anything is sent, then splits them into requests of `batchSize`.
pub fn remote_upload(args: &Args) -> Result<Operation, Error> {
    let urls = args.texts(0, "the URLs to fetch")?;
    if urls.is_empty() {
        return Err(Error::invalid_input(
            "remoteUpload: the list of URLs to fetch is empty.",
        ));
    }
    let mut checked = Vec::with_capacity(urls.len());
    for url in &urls {
        if !is_http_url(url.trim()) {
            return Err(Error::invalid_input(
                [
                    "remoteUpload: ",
                    &quote(url),
                    " is not an http(s) URL; nothing was sent.",
                ]
                .concat(),
            ));
        }
        checked.push(url.trim().to_string());
    }
    let urls = checked;
    let options = args.options(
        1,
        &[local("folderId"), local("headers"), local("batchSize")],
    )?;
    let mut headers = Value::object();
    match options.get("headers") {
        None | Some(Value::Object(_)) => {}
        Some(_) => return Err(options.error("headers", "an object of header names to texts")),
    }
    if let Some(Value::Object(members)) = options.get("headers") {
        for (name, value) in members {
            if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
                return Err(Error::invalid_input(
                    [
                        "remoteUpload: ",
                        &quote(name),
                        " is not a valid header name.",
                    ]
                    .concat(),
                ));
            }
            let Value::Text(value) = value else {
                return Err(Error::invalid_input(
                    [
                        "remoteUpload: the value of header ",
                        name,
                        " must be a string.",
                    ]
                    .concat(),
                ));
            };
            if value.chars().any(|c| c.is_control() && c != '\t') {
                return Err(Error::invalid_input(
                    [
                        "remoteUpload: the value of header ",
                        name,
                        " contains a line break or control character.",
                    ]
                    .concat(),
                ));
            }
            headers.set(name, value.as_str());
        }
    }
    let folder = options.id("folderId")?.unwrap_or(0);
    let batch_size = options
        .whole("batchSize", 1.0, 1000.0, "a whole number from 1 to 1000")?
        .unwrap_or(DEFAULT_BATCH_SIZE);
    let has_headers = !matches!(&headers, Value::Object(members) if members.is_empty());
    let mut requests = Vec::new();
    for chunk in urls.chunks(batch_size as usize) {
        let body = Value::object()
            .with("urls", chunk.to_vec())
            .with("folder_id", id_value(folder))
            .with_some("headers", Some(headers.clone()).filter(|_| has_headers));
        requests.push((Call::new(&REQUEST, body), chunk.to_vec()));
    }
    Ok(Operation::RemoteUpload(requests))
}

/// A job that has an execution date, or results, has run: 1fichier exposes no progress.
fn mark_done(mut job: Value) -> Value {
    let ran = !matches!(job.get("executedAt"), Some(Value::Null) | None)
        || !job
            .get("results")
            .map_or(&[][..], Value::as_list)
            .is_empty();
    job.set("done", ran);
    job
}

const SUMMARY: &[Field] = &[
    f(&["id"], "id", Kind::Count),
    f(&["request_date"], "requestedAt", Kind::Date),
    f(&["execution_date"], "executedAt", Kind::Date),
];

static LIST: Endpoint = Endpoint {
    path: "remote/ls.cgi",
    effect: Effect::Repeatable,
    anonymous: false,
    decode: |raw, _| {
        each(raw.field("data"), &|job| {
            decode(job, SUMMARY).map(mark_done)
        })
    },
};

pub fn remote_jobs(args: &Args) -> Result<Call, Error> {
    args.options(0, &[])?;
    Ok(Call::new(&LIST, Value::object()))
}

const RESULT: &[Field] = &[
    f(&["url"], "sourceUrl", Kind::Text),
    f(&["status"], "ok", Kind::Ok),
    f(&["download_link"], "url", Kind::OptText),
    f(&["message"], "message", Kind::Text),
];

const JOB: &[Field] = &[
    f(&["id"], "id", Kind::Count),
    f(&["request_date"], "requestedAt", Kind::Date),
    f(&["execution_date"], "executedAt", Kind::Date),
    f(&["links"], "sourceUrls", Kind::Texts),
    f(&["result"], "results", Kind::List(RESULT)),
];

static INFO: Endpoint = Endpoint {
    path: "remote/info.cgi",
    effect: Effect::Repeatable,
    anonymous: false,
    decode: |raw, _| decode(raw, JOB).map(mark_done),
};

fn job_call(args: &Args) -> Result<Call, Error> {
    match args.id(0, "the job id")? {
        Some(id) if id > 0 => Ok(Call::new(&INFO, Value::object().with("id", id_value(id)))),
        _ => Err(args.error(
            "the job id",
            "a positive whole number (or such a number as a string)",
        )),
    }
}

pub fn remote_job(args: &Args) -> Result<Call, Error> {
    args.options(1, &[])?;
    job_call(args)
}

pub fn wait_for_remote_job(args: &Args) -> Result<Operation, Error> {
    let call = job_call(args)?;
    let options = args.options(1, &[local("intervalMs"), local("maxWaitMs")])?;
    Ok(Operation::WaitForJob {
        call,
        interval_ms: options.ms("intervalMs")?.unwrap_or(DEFAULT_INTERVAL_MS),
        max_wait_ms: options.ms("maxWaitMs")?.unwrap_or(DEFAULT_MAX_WAIT_MS),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;
    use crate::json::parse;

    fn args(json: &str) -> Vec<Value> {
        parse(json).unwrap().as_list().to_vec()
    }

    fn plan(json: &str) -> Result<Vec<(Call, Vec<String>)>, Error> {
        match remote_upload(&Args::new("remoteUpload", &args(json)))? {
            Operation::RemoteUpload(requests) => Ok(requests),
            _ => unreachable!(),
        }
    }

    #[test]
    fn batches_urls_and_checks_them_all_first() {
        let requests = plan(r#"[["https://a/1","https://a/2","https://a/3"],{"batchSize":2,"folderId":"7","headers":{"Referer":"x"}}]"#).unwrap();
        assert_eq!(requests.len(), 2);
        assert_eq!(
            requests[0].0.body.to_json(),
            r#"{"urls":["https://a/1","https://a/2"],"folder_id":7,"headers":{"Referer":"x"}}"#
        );
        assert_eq!(requests[1].1, vec!["https://a/3".to_string()]);
        for bad in [
            r#"[[]]"#,
            r#"[["https://a/1","nope"]]"#,
            r#"["https://a/1",{"batchSize":0}]"#,
            r#"["https://a/1",{"headers":{"Bad Name":"x"}}]"#,
            r#"["https://a/1",{"headers":{"X":"a\nb"}}]"#,
            r#"["https://a/1",{"headers":{"X":1}}]"#,
            r#"["https://a/1",{"headers":"x"}]"#,
            r#"["https://a/1",{"folderId":"x"}]"#,
        ] {
            assert_eq!(
                plan(bad).err().unwrap().code,
                ErrorCode::InvalidInput,
                "{bad}"
            );
        }
    }

    #[test]
    fn decodes_jobs() {
        let job = remote_job(&Args::new("remoteJob", &args(r#"["42"]"#))).unwrap();
        assert_eq!(job.body.to_json(), r#"{"id":42}"#);
        let waiting = job.decode(200, r#"{"id":42,"request_date":"2024-01-01 10:00:00","execution_date":"1970-01-01 01:00:00","links":["https://a/1"],"result":[]}"#).unwrap();
        assert_eq!(
            waiting.to_json(),
            r#"{"id":42,"requestedAt":"2024-01-01 10:00:00","executedAt":null,"sourceUrls":["https://a/1"],"results":[],"done":false}"#
        );
        let done = job.decode(200, r#"{"id":42,"links":["https://a/1"],"result":[{"status":"OK","url":"https://a/1","download_link":"https://1fichier.com/?x","message":""}]}"#).unwrap();
        assert_eq!(done.get("done"), Some(&Value::Bool(true)));
        assert_eq!(
            done.get("results").unwrap().to_json(),
            r#"[{"sourceUrl":"https://a/1","ok":true,"url":"https://1fichier.com/?x","message":""}]"#
        );
        let list = remote_jobs(&Args::new("remoteJobs", &[])).unwrap();
        let jobs = list.decode(200, r#"{"data":[{"id":"1","request_date":"2024-01-01 10:00:00","execution_date":"2024-01-01 10:01:00"}]}"#).unwrap();
        assert_eq!(
            jobs.to_json(),
            r#"[{"id":1,"requestedAt":"2024-01-01 10:00:00","executedAt":"2024-01-01 10:01:00","done":true}]"#
        );
        assert!(remote_job(&Args::new("remoteJob", &args("[0]"))).is_err());
        assert!(wait_for_remote_job(&Args::new(
            "waitForRemoteJob",
            &args(r#"[1,{"maxWaitMs":-5}]"#)
        ))
        .is_err());
        assert!(wait_for_remote_job(&Args::new(
            "waitForRemoteJob",
            &args(r#"[1,{"timeoutMs":5}]"#)
        ))
        .is_err());
    }
}
