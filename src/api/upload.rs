//! The three-step upload (§4): `get_upload_server.cgi` names a node and an id, the files are
//! posted as multipart to `<node>/upload.cgi?id=<id>`, and `<node>/end.pl?xid=<id>` (with the
//! request header `JSON: 1`) gives the links once the node has stored them.
//!
//! The body transfer itself is IO and lives in JavaScript (streams, progress); what it sends
//! is decided here: the target URLs, whether the key may go there, and the exact multipart
//! framing with its Content-Length. The flow itself is `runtime::UploadFlow`.

use crate::decode::{decode, f, text, Field, Kind};
use crate::endpoint::{read_answer, Call, Effect, Endpoint};
use crate::error::{quote, Error, ErrorCode};
use crate::input::{local, Args, Options};
use crate::json::{integer_text, Value};
use crate::links;

/// Limits of 1fichier (§4): 500 files and 500 GB per upload, 300 GB per file.
const MAX_FILES: usize = 500;
const MAX_FILE_BYTES: f64 = 300e9;
const MAX_UPLOAD_BYTES: f64 = 500e9;
/// Longest wait for the links once the bytes are sent, unless told otherwise: 5 minutes.
const DEFAULT_MAX_WAIT_MS: f64 = 300_000.0;
/// How long a node may stay silent once it has the whole body. 1fichier answers within
/// seconds; ten minutes leaves room for a slow link's socket buffers to drain and for a
/// busy node, and still ends an upload whose answer never comes.
const DEFAULT_ANSWER_TIMEOUT_MS: f64 = 600_000.0;

fn decode_server(raw: &Value, _: &Value) -> Result<Value, Error> {
    let host = text(raw.field("url"));
    let id = text(raw.field("id"));
    // Both go into a URL: anything but a plain host and an alphanumeric id is refused.
    let host_ok = !host.is_empty()
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'));
    let id_ok = (1..=64).contains(&id.len()) && id.chars().all(|c| c.is_ascii_alphanumeric());
    if host_ok && id_ok {
        Ok(Value::object()
            .with("host", host.to_ascii_lowercase())
            .with("id", id))
    } else {
        Err(Error::decode(
            200,
            "get_upload_server answered with an unusable node or id",
        ))
    }
}

pub static UPLOAD_SERVER: Endpoint = Endpoint {
    path: "upload/get_upload_server.cgi",
    effect: Effect::Repeatable,
    anonymous: true,
    decode: decode_server,
};

/// A file as the upload sees it: its name and its exact size. The bytes stay in JavaScript.
#[derive(Debug, Clone, PartialEq)]
pub struct FileSpec {
    pub name: String,
    pub size: f64,
}

/// What `upload()` will do once its arguments are read.
pub struct Plan {
    pub files: Vec<FileSpec>,
    /// The form fields of `upload.cgi`, in the order rclone sends them (fields, then files).
    pub fields: Vec<(&'static str, String)>,
    pub max_wait_ms: f64,
    /// 0: no limit.
    pub answer_timeout_ms: f64,
}

impl Plan {
    pub fn server_call(&self) -> Call {
        Call::new(&UPLOAD_SERVER, Value::object())
    }
}

fn file_specs(args: &Args) -> Result<Vec<FileSpec>, Error> {
    let mut files = Vec::new();
    for item in args.get(0).map_or(&[][..], Value::as_list) {
        let spec = Options::read(args.method, Some(item), &[local("name"), local("size")])?;
        let name = spec.text("name")?.unwrap_or_default();
        let size = spec
            .whole("size", 0.0, f64::MAX, "a size in bytes")?
            .unwrap_or(0.0);
        files.push(FileSpec { name, size });
    }
    if files.is_empty() {
        return Err(Error::invalid_input("upload: there is no file to upload."));
    }
    if files.len() > MAX_FILES {
        return Err(Error::invalid_input(
            "upload: 1fichier takes at most 500 files per upload.",
        ));
    }
    for file in &files {
        if file.name.trim().is_empty() {
            return Err(Error::invalid_input("upload: every file needs a name."));
        }
        if file.size <= 0.0 {
            return Err(Error::invalid_input(
                [
                    "upload: ",
                    &quote(&file.name),
                    " is empty: 1fichier refuses empty files.",
                ]
                .concat(),
            ));
        }
        if file.size > MAX_FILE_BYTES {
            return Err(Error::invalid_input(
                [
                    "upload: ",
                    &quote(&file.name),
                    " is larger than 1fichier's 300 GB limit per file.",
                ]
                .concat(),
            ));
        }
    }
    if files.iter().map(|f| f.size).sum::<f64>() > MAX_UPLOAD_BYTES {
        return Err(Error::invalid_input(
            "upload: 1fichier takes at most 500 GB per upload.",
        ));
    }
    Ok(files)
}

pub fn plan(args: &Args, has_key: bool) -> Result<Plan, Error> {
    let files = file_specs(args)?;
    let options = args.options(
        1,
        &[
            local("folderId"),
            local("domain"),
            local("password"),
            local("maxWaitMs"),
            local("answerTimeoutMs"),
            local("onProgress"),
            local("verify"),
        ],
    )?;
    // Functions vanish in JSON: a value still here is not a function.
    if options.get("onProgress").is_some() {
        return Err(options.error("onProgress", "a function"));
    }
    // The runtime hashes the files while they are sent and compares with end.pl's answer.
    options.flag("verify")?;
    let mut fields = Vec::new();
    if let Some(folder) = options.id("folderId")? {
        if !has_key {
            return Err(Error::invalid_input(
                "upload: folderId needs an API key; anonymous uploads have no folders.",
            ));
        }
        fields.push(("did", integer_text(folder)));
    }
    if let Some(domain) = options.whole("domain", 0.0, 10.0, "a link domain id from 0 to 10")? {
        fields.push(("domain", integer_text(domain as u64)));
    }
    if let Some(password) = options.text("password")? {
        fields.push(("dpass", password));
    }
    Ok(Plan {
        files,
        fields,
        max_wait_ms: options.ms("maxWaitMs")?.unwrap_or(DEFAULT_MAX_WAIT_MS),
        answer_timeout_ms: options
            .ms("answerTimeoutMs")?
            .unwrap_or(DEFAULT_ANSWER_TIMEOUT_MS),
    })
}

/// Where the body goes and where the links come from.
#[derive(Debug, PartialEq)]
pub struct Target {
    pub upload_url: String,
    pub end_url: String,
    /// Whether the API key may be sent to this node: only to `*.1fichier.com` over https, or
    /// to the API's own server (same host name and port: a local 1fichier) over the API's
    /// scheme; never to any other host or port an answer could name.
    pub send_key: bool,
}

pub fn target(api_base: &str, server: &Value) -> Target {
    let host = text(server.field("host"));
    let id = text(server.field("id"));
    let https = !api_base
        .trim_start()
        .to_ascii_lowercase()
        .starts_with("http://");
    let scheme = if https { "https" } else { "http" };
    let node_name = links::host_name(&host);
    let api_authority = links::split_url(api_base)
        .map(|u| u.authority)
        .unwrap_or_default();
    // The node's URL takes the API's scheme, so the key never changes scheme on the way; another
    // port of the API's host may be another program.
    let api_server = node_name == links::host_name(api_authority)
        && links::port(&host, https) == links::port(api_authority, https);
    let send_key = (https && (node_name.ends_with(".1fichier.com") || node_name == "1fichier.com"))
        || api_server;
    Target {
        upload_url: [scheme, "://", &host, "/upload.cgi?id=", &id].concat(),
        end_url: [scheme, "://", &host, "/end.pl?xid=", &id].concat(),
        send_key,
    }
}

/// The request the runtime's body sender carries out: `{ url, multipart, fields,
/// answerTimeoutMs }` (JSON). `multipart` is the exact framing with file slots; `fields` serve
/// senders that build a `FormData` instead; the sender reports `timeout` when the node stays
/// silent `answerTimeoutMs` after the body (0: no limit).
pub fn body_request(plan: &Plan, upload_url: &str, entropy: u64) -> Value {
    let boundary = [
        "----onefichier",
        &hex(entropy),
        &hex(entropy.rotate_left(29) ^ 0x9e37_79b9_7f4a_7c15),
    ]
    .concat();
    let mut segments = Vec::new();
    let mut text = String::new();
    for (name, value) in &plan.fields {
        text.push_str(
            &[
                "--",
                &boundary,
                "\r\nContent-Disposition: form-data; name=\"",
                name,
                "\"\r\n\r\n",
                value,
                "\r\n",
            ]
            .concat(),
        );
    }
    let mut length = 0.0;
    for (index, file) in plan.files.iter().enumerate() {
        text.push_str(
            &[
                "--",
                &boundary,
                "\r\nContent-Disposition: form-data; name=\"file[]\"; filename=\"",
                &quote_filename(&file.name),
                "\"\r\nContent-Type: application/octet-stream\r\n\r\n",
            ]
            .concat(),
        );
        length += text.len() as f64 + file.size;
        segments.push(
            Value::object()
                .with("kind", "text")
                .with("text", std::mem::take(&mut text)),
        );
        segments.push(
            Value::object()
                .with("kind", "file")
                .with("index", index as u64),
        );
        text.push_str("\r\n");
    }
    text.push_str(&["--", &boundary, "--\r\n"].concat());
    length += text.len() as f64;
    segments.push(Value::object().with("kind", "text").with("text", text));
    let fields: Vec<Value> = plan
        .fields
        .iter()
        .map(|(name, value)| Value::List(vec![(*name).into(), value.as_str().into()]))
        .collect();
    Value::object()
        .with("url", upload_url)
        .with(
            "multipart",
            Value::object()
                // Unquoted: a quoted boundary breaks 1fichier's parser.
                .with(
                    "contentType",
                    ["multipart/form-data; boundary=", &boundary].concat(),
                )
                .with("segments", Value::List(segments))
                .with("contentLength", length),
        )
        .with("fields", Value::List(fields))
        .with("answerTimeoutMs", plan.answer_timeout_ms)
}

/// The node took the whole body and never answered: the file may still be in the account.
pub fn silent_node(answer_timeout_ms: f64) -> Error {
    Error::new(
        ErrorCode::Timeout,
        [
            "The upload node received the whole file but did not answer within ",
            &integer_text(answer_timeout_ms as u64),
            " ms; the file may still appear in the account, so look for it before sending it again.",
        ]
        .concat(),
    )
}

fn hex(n: u64) -> String {
    (0..16)
        .rev()
        .map(|i| char::from(b"0123456789abcdef"[((n >> (i * 4)) & 15) as usize]))
        .collect()
}

/// Names travel as raw UTF-8 in a quoted `filename=`; quotes and line breaks are escaped the
/// way browsers escape them.
fn quote_filename(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        match c {
            '"' => out.push_str("%22"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            c => out.push(c),
        }
    }
    out
}

/// What `upload.cgi` answered, once the whole body was sent.
pub fn check_upload_answer(status: u16, body_text: &str) -> Result<(), Error> {
    match status {
        // 0: an opaque redirect, as a browser reports a 302 with `redirect: "manual"`.
        0 | 200..=299 if says_no_file(body_text) => Err(no_file(status)),
        0 | 200..=399 => Ok(()),
        500 => {
            let mut error = Error::new(
                ErrorCode::Server,
                "The upload node refused the upload (HTTP 500).",
            );
            error.status = 500;
            Err(error)
        }
        // A node's refusal may say why (a flood lock answers 403 with a KO "Flood detected…"):
        // its message decides the code, as for the API.
        _ => Err(read_answer(status, body_text)
            .err()
            .unwrap_or_else(|| Error::from_status(status))),
    }
}

fn no_file(status: u16) -> Error {
    let mut error = Error::new(
        ErrorCode::NotFound,
        "1fichier received no file: nothing will appear in the account; upload it again.",
    );
    error.status = status;
    error
}

/// "Pas de fichier" (no file): what an upload node says when it holds nothing for the upload,
/// in any case (the fact base has seen only this French wording).
fn says_no_file(text: &str) -> bool {
    crate::links::find(&text.to_ascii_lowercase(), "pas de fichier").is_some()
}

const UPLOADED: &[Field] = &[
    f(&["download"], "url", Kind::Text),
    f(&["filename"], "name", Kind::Text),
    f(&["size"], "size", Kind::OptCount),
    f(&["remove"], "removeUrl", Kind::OptText),
    f(&["whirlpool"], "whirlpool", Kind::Text),
];

/// One answer of `end.pl`: `None` while the node is still processing (an HTML "Veuillez
/// patienter" page, or JSON without links, §4), then the links.
pub fn read_end_report(status: u16, body: &str) -> Result<Option<Value>, Error> {
    // A lost upload is not a slow one: the node has no file for it, so waiting longer would
    // only end in a false "it should appear later".
    if says_no_file(body) {
        return Err(no_file(status));
    }
    if (200..300).contains(&status) && crate::json::parse(body).is_none() {
        return Ok(None);
    }
    let raw = read_answer(status, body)?;
    if raw
        .field("links")
        .map_or(&[][..], Value::as_list)
        .is_empty()
    {
        return Ok(None);
    }
    decode(
        &raw,
        &[
            f(&["links"], "files", Kind::List(UPLOADED)),
            f(&["incoming"], "incoming", Kind::Flag),
        ],
    )
    .map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::parse;

    fn server(host: &str) -> Value {
        Value::object().with("host", host).with("id", "Fhl1aZERQv")
    }

    #[test]
    fn decodes_the_documented_upload_server_answers() {
        let call = Call::new(&UPLOAD_SERVER, Value::object());
        assert_eq!(
            call.decode(200, r#"{"url":"up2.1fichier.com","id":"Fhl1aZERQv"}"#)
                .unwrap(),
            server("up2.1fichier.com")
        );
        let pretty = call
            .decode(
                200,
                "{ \"url\" : \"example.1fichier.com\", \"id\" : \"ExampleToken\" }",
            )
            .unwrap();
        assert_eq!(pretty.get("id"), Some(&Value::from("ExampleToken")));
        assert!(call
            .decode(200, r#"{"url":"evil.com/x?","id":"a"}"#)
            .is_err());
        assert!(call
            .decode(200, r#"{"url":"up.1fichier.com","id":"a&b=c"}"#)
            .is_err());
    }

    #[test]
    fn the_key_goes_only_to_1fichier_nodes_and_the_api_host() {
        let real = target("https://api.1fichier.com/v1", &server("up2.1fichier.com"));
        assert_eq!(
            real.upload_url,
            "https://up2.1fichier.com/upload.cgi?id=Fhl1aZERQv"
        );
        assert_eq!(
            real.end_url,
            "https://up2.1fichier.com/end.pl?xid=Fhl1aZERQv"
        );
        assert!(real.send_key);
        let local = target("http://127.0.0.1:8080/v1", &server("127.0.0.1:8080"));
        assert_eq!(
            local.upload_url,
            "http://127.0.0.1:8080/upload.cgi?id=Fhl1aZERQv"
        );
        assert!(local.send_key);
        // The same host on another port may be another program: no key.
        let other_port = target("http://127.0.0.1:8080/v1", &server("127.0.0.1:8081"));
        assert_eq!(
            other_port.upload_url,
            "http://127.0.0.1:8081/upload.cgi?id=Fhl1aZERQv"
        );
        assert!(!other_port.send_key);
        assert!(!target("http://127.0.0.1:8080/v1", &server("127.0.0.2:8080")).send_key);
        assert!(!target("http://localhost/v1", &server("localhost:8080")).send_key);
        assert!(target("http://localhost/v1", &server("localhost:80")).send_key);
        assert!(target("https://[::1]/v1", &server("[::1]:443")).send_key);
        assert!(!target("https://[::1]:8443/v1", &server("[::1]")).send_key);
        assert!(!target("https://api.1fichier.com/v1", &server("uploads.evil.com")).send_key);
        assert!(
            !target(
                "https://api.1fichier.com/v1",
                &server("1fichier.com.evil.com")
            )
            .send_key
        );
        // Over http the key never goes to a public node.
        assert!(!target("http://api.1fichier.com/v1", &server("up2.1fichier.com")).send_key);
    }

    fn plan_of(json: &str, has_key: bool) -> Result<Plan, Error> {
        let list = parse(json).unwrap();
        plan(&Args::new("upload", list.as_list()), has_key)
    }

    #[test]
    fn the_form_is_validated_before_anything_is_sent() {
        assert!(plan_of(r#"[[{"name":"a","size":0}]]"#, true).is_err());
        assert!(plan_of(r#"[[{"name":"a","size":301000000000}]]"#, true).is_err());
        assert!(plan_of(r#"[[]]"#, true).is_err());
        assert!(plan_of(r#"[[{"name":"a","size":1}],{"folderId":5}]"#, false).is_err());
        assert!(plan_of(r#"[[{"name":"a","size":1}],{"domain":11}]"#, true).is_err());
        assert!(plan_of(r#"[[{"name":"a","size":1}],{"endTimeoutMs":1}]"#, true).is_err());
        assert!(plan_of(r#"[[{"name":"a","size":1}],{"onProgress":5}]"#, true).is_err());
        assert!(plan_of(r#"[[{"name":"a","size":1}],{"verify":"yes"}]"#, true).is_err());
        let ok = plan_of(
            r#"[[{"name":"a","size":1}],{"folderId":"5","domain":2,"maxWaitMs":1000,"verify":true}]"#,
            true,
        )
        .unwrap();
        assert_eq!(
            ok.fields,
            vec![("did", "5".to_string()), ("domain", "2".to_string())]
        );
        assert_eq!(ok.max_wait_ms, 1000.0);
    }

    #[test]
    fn multipart_framing_is_exact() {
        let plan = Plan {
            fields: vec![("did", "5".into())],
            files: vec![
                FileSpec {
                    name: "é \"q\".txt".into(),
                    size: 3.0,
                },
                FileSpec {
                    name: "b".into(),
                    size: 2.0,
                },
            ],
            max_wait_ms: 1.0,
            answer_timeout_ms: 0.0,
        };
        let request = body_request(&plan, "https://up.1fichier.com/upload.cgi?id=x", 7);
        let multipart = request.get("multipart").unwrap();
        let content_type = multipart.get("contentType").unwrap().as_str().unwrap();
        let boundary = content_type
            .strip_prefix("multipart/form-data; boundary=")
            .unwrap();
        assert!(!boundary.contains('"'));
        let mut assembled = String::new();
        for segment in multipart.get("segments").unwrap().as_list() {
            match segment.get("text") {
                Some(Value::Text(text)) => assembled.push_str(text),
                _ => assembled.push_str(["abc", "de"][matches!(segment.get("index"), Some(Value::Number(n)) if *n == 1.0) as usize]),
            }
        }
        let expected = format!(
            "--{b}\r\nContent-Disposition: form-data; name=\"did\"\r\n\r\n5\r\n--{b}\r\nContent-Disposition: form-data; name=\"file[]\"; filename=\"é %22q%22.txt\"\r\nContent-Type: application/octet-stream\r\n\r\nabc\r\n--{b}\r\nContent-Disposition: form-data; name=\"file[]\"; filename=\"b\"\r\nContent-Type: application/octet-stream\r\n\r\nde\r\n--{b}--\r\n",
            b = boundary
        );
        assert_eq!(assembled, expected);
        assert_eq!(
            multipart.get("contentLength"),
            Some(&Value::Number(expected.len() as f64))
        );
        assert_eq!(request.get("fields").unwrap().to_json(), r#"[["did","5"]]"#);
    }

    #[test]
    fn upload_answers_302_and_200_are_both_accepted() {
        assert!(check_upload_answer(302, "").is_ok());
        assert!(check_upload_answer(0, "").is_ok());
        assert!(check_upload_answer(200, "<html>Upload finished</html>").is_ok());
        assert_eq!(
            check_upload_answer(200, "Pas de fichier").unwrap_err().code,
            ErrorCode::NotFound
        );
        assert_eq!(
            check_upload_answer(500, "").unwrap_err().code,
            ErrorCode::Server
        );
    }

    #[test]
    fn a_node_that_refuses_says_why() {
        let flood = check_upload_answer(
            403,
            r#"{"status":"KO","message":"Flood detected: IP Locked #374"}"#,
        );
        assert_eq!(flood.unwrap_err().code, ErrorCode::Flood);
        assert_eq!(
            check_upload_answer(403, "<html>nope</html>")
                .unwrap_err()
                .code,
            ErrorCode::Forbidden
        );
        assert_eq!(
            check_upload_answer(404, "").unwrap_err().code,
            ErrorCode::NotFound
        );
    }

    #[test]
    fn end_pl_without_a_file_fails_at_once() {
        for (status, body) in [
            (200, "<html><body>Pas de fichier</body></html>"),
            (200, r#"{"status":"KO","message":"Pas de fichier"}"#),
            (404, "<html>PAS DE FICHIER</html>"),
        ] {
            let error = read_end_report(status, body).unwrap_err();
            assert_eq!(error.code, ErrorCode::NotFound, "{body}");
            assert!(
                error.message.contains("upload it again"),
                "{}",
                error.message
            );
        }
    }

    #[test]
    fn end_pl_is_pending_until_links_appear() {
        assert_eq!(
            read_end_report(200, "<html>Veuillez patienter</html>").unwrap(),
            None
        );
        assert_eq!(read_end_report(200, r#"{"incoming":0}"#).unwrap(), None);
        let done = read_end_report(200, r#"{"incoming":0,"links":[{"download":"https://1fichier.com/?abcde12345","filename":"a.bin","remove":"","size":"3","whirlpool":"ff"}]}"#).unwrap().unwrap();
        assert_eq!(
            done.to_json(),
            r#"{"files":[{"url":"https://1fichier.com/?abcde12345","name":"a.bin","size":3,"removeUrl":null,"whirlpool":"ff"}],"incoming":false}"#
        );
        assert_eq!(
            read_end_report(404, "<html>gone</html>").unwrap_err().code,
            ErrorCode::NotFound
        );
    }
}
