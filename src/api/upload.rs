//! The three-step upload (§4): `get_upload_server.cgi` names a node and an id, the files are
//! posted as multipart to `<node>/upload.cgi?id=<id>`, and `<node>/end.pl?xid=<id>` (with the
//! request header `JSON: 1`) gives the links once the node has stored them.
//!
//! The body transfer itself is IO and lives in JavaScript (streams, progress); what it sends
//! is decided here: the target URLs, whether the key may go there, and the exact multipart
//! framing with its Content-Length.

use crate::endpoint::{read_answer, Body, Document, Effect, Endpoint};
use crate::error::{Error, ErrorCode};
use crate::lenient;
use crate::links;
use serde::{Deserialize, Serialize};

/// Limits of 1fichier (§4): 500 files and 500 GB per upload, 300 GB per file.
const MAX_FILES: usize = 500;
const MAX_FILE_BYTES: f64 = 300e9;
const MAX_UPLOAD_BYTES: f64 = 500e9;

#[derive(Serialize)]
pub struct GetUploadServer {}

#[derive(Deserialize)]
pub struct RawUploadServer {
    #[serde(default, deserialize_with = "lenient::text")]
    url: String,
    #[serde(default, deserialize_with = "lenient::text")]
    id: String,
}

#[derive(Serialize, Deserialize, Debug, PartialEq, Clone)]
pub struct UploadServer {
    /// A bare host name such as `up2.1fichier.com` (a `host:port` for local nodes).
    pub host: String,
    pub id: String,
}

impl Endpoint for GetUploadServer {
    const PATH: &'static str = "upload/get_upload_server.cgi";
    const EFFECT: Effect = Effect::Repeatable;
    const ANONYMOUS: bool = true;
    type Raw = RawUploadServer;
    type Output = UploadServer;
    fn decode(raw: RawUploadServer) -> Result<UploadServer, Error> {
        // Both go into a URL: anything but a plain host and an alphanumeric id is refused.
        let host_ok = !raw.url.is_empty()
            && raw.url.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'));
        let id_ok = (1..=64).contains(&raw.id.len()) && raw.id.chars().all(|c| c.is_ascii_alphanumeric());
        if host_ok && id_ok {
            Ok(UploadServer { host: raw.url.to_ascii_lowercase(), id: raw.id })
        } else {
            Err(Error::decode(200, "get_upload_server answered with an unusable node or id"))
        }
    }
}

/// Where the body goes and where the links come from.
#[derive(Serialize, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct UploadTarget {
    pub upload_url: String,
    pub end_url: String,
    /// Whether the API key may be sent to this node: only to `*.1fichier.com` and to the API's
    /// own host (a local 1fichier), never to any other host an answer could name.
    pub send_key: bool,
}

pub fn upload_target(api_base: &str, server: &UploadServer) -> Result<UploadTarget, Error> {
    let scheme = if api_base.trim_start().to_ascii_lowercase().starts_with("http://") { "http" } else { "https" };
    let node_name = links::host_name(&server.host);
    let api_name = links::split_url(api_base).map(|u| links::host_name(u.authority).to_string()).unwrap_or_default();
    let send_key = node_name.ends_with(".1fichier.com") || node_name == "1fichier.com" || node_name == api_name;
    Ok(UploadTarget {
        upload_url: format!("{scheme}://{}/upload.cgi?id={}", server.host, server.id),
        end_url: format!("{scheme}://{}/end.pl?xid={}", server.host, server.id),
        send_key,
    })
}

/// A file as the upload sees it: its name and its exact size. The bytes stay in JavaScript.
#[derive(Deserialize, Serialize, Debug, Clone, PartialEq)]
pub struct FileSpec {
    pub name: String,
    pub size: f64,
}

/// Options of `upload`.
#[derive(Deserialize, Default, Debug)]
#[serde(rename_all = "camelCase")]
pub struct UploadOptions {
    pub folder_id: Option<f64>,
    /// Link domain, 0 (1fichier.com) to 10 (§6.2).
    pub domain: Option<f64>,
    /// Password protecting the uploaded files.
    pub password: Option<String>,
    /// Longest wait for the node to publish the links, in ms (default 5 minutes).
    pub end_timeout_ms: Option<f64>,
}

/// The form fields of `upload.cgi`, in the order rclone sends them (fields, then files).
#[derive(Debug, PartialEq)]
pub struct UploadForm {
    pub fields: Vec<(&'static str, String)>,
    pub files: Vec<FileSpec>,
}

pub fn upload_form(files: Vec<FileSpec>, options: &UploadOptions, has_key: bool) -> Result<UploadForm, Error> {
    if files.is_empty() {
        return Err(Error::invalid_input("There is no file to upload."));
    }
    if files.len() > MAX_FILES {
        return Err(Error::invalid_input(format!("1fichier takes at most {MAX_FILES} files per upload.")));
    }
    for file in &files {
        if file.name.trim().is_empty() {
            return Err(Error::invalid_input("Every file needs a name."));
        }
        if file.size <= 0.0 {
            return Err(Error::invalid_input(format!("{:?} is empty: 1fichier refuses empty files.", file.name)));
        }
        if file.size > MAX_FILE_BYTES {
            return Err(Error::invalid_input(format!("{:?} is larger than 1fichier's 300 GB limit per file.", file.name)));
        }
    }
    if files.iter().map(|f| f.size).sum::<f64>() > MAX_UPLOAD_BYTES {
        return Err(Error::invalid_input("1fichier takes at most 500 GB per upload."));
    }
    let mut fields = Vec::new();
    if let Some(folder) = options.folder_id {
        let folder = super::folder_id(folder, "folderId")?;
        if !has_key {
            return Err(Error::invalid_input("folderId needs an API key: anonymous uploads have no folders."));
        }
        fields.push(("did", folder.to_string()));
    }
    if let Some(domain) = options.domain {
        if !(0.0..=10.0).contains(&domain) || domain.fract() != 0.0 {
            return Err(Error::invalid_input("domain is a link domain id from 0 to 10."));
        }
        fields.push(("domain", (domain as u8).to_string()));
    }
    if let Some(password) = &options.password {
        fields.push(("dpass", password.clone()));
    }
    Ok(UploadForm { fields, files })
}

/// A multipart body as a list of text pieces and file slots, with its exact length: the
/// upload host wants a Content-Length (§4), and the sender streams the files into the slots.
#[derive(Serialize, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Multipart {
    /// `multipart/form-data; boundary=…`, boundary unquoted (a quoted one breaks 1fichier).
    pub content_type: String,
    pub segments: Vec<Segment>,
    pub content_length: f64,
}

#[derive(Serialize, Debug, PartialEq)]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum Segment {
    Text { text: String },
    File { index: usize },
}

/// `entropy` makes the boundary; any 64-bit value the caller draws at random.
pub fn multipart(form: &UploadForm, entropy: u64) -> Multipart {
    let boundary = format!("----onefichier{entropy:016x}{:016x}", entropy.rotate_left(29) ^ 0x9e37_79b9_7f4a_7c15);
    let mut segments = Vec::new();
    let mut text = String::new();
    for (name, value) in &form.fields {
        text.push_str(&format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"));
    }
    for (index, file) in form.files.iter().enumerate() {
        text.push_str(&format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file[]\"; filename=\"{}\"\r\nContent-Type: application/octet-stream\r\n\r\n",
            quote_filename(&file.name)
        ));
        segments.push(Segment::Text { text: std::mem::take(&mut text) });
        segments.push(Segment::File { index });
        text.push_str("\r\n");
    }
    text.push_str(&format!("--{boundary}--\r\n"));
    segments.push(Segment::Text { text });
    let content_length = segments
        .iter()
        .map(|s| match s {
            Segment::Text { text } => text.len() as f64,
            Segment::File { index } => form.files[*index].size,
        })
        .sum();
    Multipart { content_type: format!("multipart/form-data; boundary={boundary}"), segments, content_length }
}

/// Names travel as raw UTF-8 in a quoted `filename=`; quotes and line breaks are escaped the
/// way browsers escape them.
fn quote_filename(name: &str) -> String {
    name.replace('"', "%22").replace('\r', "%0D").replace('\n', "%0A")
}

/// What `upload.cgi` answered, once the whole body was sent.
pub fn check_upload_answer(status: u16, body_text: &str) -> Result<(), Error> {
    match status {
        // 0: an opaque redirect, as a browser reports a 302 with `redirect: "manual"`.
        0 | 200..=299 if body_text.contains("Pas de fichier") => {
            Err(Error::new(ErrorCode::Api, "1fichier received no file in the upload."))
        }
        0 | 200..=399 => Ok(()),
        500 => {
            let mut error = Error::new(ErrorCode::Server, "The upload node refused the upload (HTTP 500).");
            error.status = 500;
            Err(error)
        }
        _ => Err(Error::from_status(status)),
    }
}

#[derive(Deserialize)]
struct RawEndReport {
    #[serde(default, deserialize_with = "lenient::flag")]
    incoming: bool,
    #[serde(default)]
    links: Vec<RawUploadedLink>,
}

#[derive(Deserialize)]
struct RawUploadedLink {
    #[serde(default, deserialize_with = "lenient::text")]
    download: String,
    #[serde(default, deserialize_with = "lenient::text")]
    filename: String,
    #[serde(default, deserialize_with = "lenient::text")]
    remove: String,
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    size: Option<u64>,
    #[serde(default, deserialize_with = "lenient::text")]
    whirlpool: String,
}

#[derive(Serialize, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct UploadResult {
    pub links: Vec<UploadedFile>,
    /// The files went to the account's "incoming" folder.
    pub incoming: bool,
}

#[derive(Serialize, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct UploadedFile {
    pub url: String,
    pub filename: String,
    pub size: Option<u64>,
    /// Removal link of anonymous uploads; `null` for files in an account.
    pub remove_url: Option<String>,
    pub whirlpool: String,
}

/// One answer of `end.pl` while polling it.
#[derive(Debug, PartialEq)]
pub enum EndReport {
    /// Still processing: an HTML "Veuillez patienter" page, or JSON without links (§4).
    Pending,
    Done(UploadResult),
}

pub fn read_end_report<D: Document>(status: u16, body: Body<D>) -> Result<EndReport, Error> {
    if matches!(body, Body::Other) && (200..300).contains(&status) {
        return Ok(EndReport::Pending);
    }
    let raw: RawEndReport = read_answer(status, body)?;
    if raw.links.is_empty() {
        return Ok(EndReport::Pending);
    }
    Ok(EndReport::Done(UploadResult {
        incoming: raw.incoming,
        links: raw
            .links
            .into_iter()
            .map(|l| UploadedFile {
                url: l.download,
                filename: l.filename,
                size: l.size,
                remove_url: Some(l.remove).filter(|r| !r.is_empty()),
                whirlpool: l.whirlpool,
            })
            .collect(),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::endpoint::testing::answer;

    fn server(host: &str) -> UploadServer {
        UploadServer { host: host.into(), id: "Fhl1aZERQv".into() }
    }

    #[test]
    fn decodes_the_documented_upload_server_answers() {
        let node = answer::<GetUploadServer>(200, r#"{"url":"up2.1fichier.com","id":"Fhl1aZERQv"}"#).unwrap();
        assert_eq!(node, server("up2.1fichier.com"));
        let pretty = answer::<GetUploadServer>(200, "{ \"url\" : \"example.1fichier.com\", \"id\" : \"ExampleToken\" }").unwrap();
        assert_eq!(pretty.id, "ExampleToken");
        assert!(answer::<GetUploadServer>(200, r#"{"url":"evil.com/x?","id":"a"}"#).is_err());
        assert!(answer::<GetUploadServer>(200, r#"{"url":"up.1fichier.com","id":"a&b=c"}"#).is_err());
    }

    #[test]
    fn the_key_goes_only_to_1fichier_nodes_and_the_api_host() {
        let real = upload_target("https://api.1fichier.com/v1", &server("up2.1fichier.com")).unwrap();
        assert_eq!(real.upload_url, "https://up2.1fichier.com/upload.cgi?id=Fhl1aZERQv");
        assert_eq!(real.end_url, "https://up2.1fichier.com/end.pl?xid=Fhl1aZERQv");
        assert!(real.send_key);
        let local = upload_target("http://127.0.0.1:8080/v1", &server("127.0.0.1:8081")).unwrap();
        assert_eq!(local.upload_url, "http://127.0.0.1:8081/upload.cgi?id=Fhl1aZERQv");
        assert!(local.send_key);
        assert!(!upload_target("https://api.1fichier.com/v1", &server("uploads.evil.com")).unwrap().send_key);
        assert!(!upload_target("https://api.1fichier.com/v1", &server("1fichier.com.evil.com")).unwrap().send_key);
    }

    #[test]
    fn the_form_is_validated_before_anything_is_sent() {
        let file = |size| vec![FileSpec { name: "a.bin".into(), size }];
        assert!(upload_form(file(0.0), &UploadOptions::default(), true).is_err());
        assert!(upload_form(file(301e9), &UploadOptions::default(), true).is_err());
        assert!(upload_form(vec![], &UploadOptions::default(), true).is_err());
        let in_folder = UploadOptions { folder_id: Some(5.0), domain: Some(2.0), ..Default::default() };
        assert!(upload_form(file(1.0), &in_folder, false).is_err());
        let form = upload_form(file(1.0), &in_folder, true).unwrap();
        assert_eq!(form.fields, vec![("did", "5".to_string()), ("domain", "2".to_string())]);
        let bad_domain = UploadOptions { domain: Some(11.0), ..Default::default() };
        assert!(upload_form(file(1.0), &bad_domain, true).is_err());
    }

    #[test]
    fn multipart_framing_is_exact() {
        let form = UploadForm {
            fields: vec![("did", "5".into())],
            files: vec![FileSpec { name: "é \"q\".txt".into(), size: 3.0 }, FileSpec { name: "b".into(), size: 2.0 }],
        };
        let body = multipart(&form, 7);
        let boundary = body.content_type.strip_prefix("multipart/form-data; boundary=").unwrap();
        assert!(!boundary.contains('"'));
        let mut assembled = String::new();
        for segment in &body.segments {
            match segment {
                Segment::Text { text } => assembled.push_str(text),
                Segment::File { index } => assembled.push_str(["abc", "de"][*index]),
            }
        }
        let expected = format!(
            "--{b}\r\nContent-Disposition: form-data; name=\"did\"\r\n\r\n5\r\n--{b}\r\nContent-Disposition: form-data; name=\"file[]\"; filename=\"é %22q%22.txt\"\r\nContent-Type: application/octet-stream\r\n\r\nabc\r\n--{b}\r\nContent-Disposition: form-data; name=\"file[]\"; filename=\"b\"\r\nContent-Type: application/octet-stream\r\n\r\nde\r\n--{b}--\r\n",
            b = boundary
        );
        assert_eq!(assembled, expected);
        assert_eq!(body.content_length, expected.len() as f64);
    }

    #[test]
    fn upload_answers_302_and_200_are_both_accepted() {
        assert!(check_upload_answer(302, "").is_ok());
        assert!(check_upload_answer(0, "").is_ok());
        assert!(check_upload_answer(200, "<html>Upload finished</html>").is_ok());
        assert_eq!(check_upload_answer(200, "Pas de fichier").unwrap_err().code, ErrorCode::Api);
        assert_eq!(check_upload_answer(500, "").unwrap_err().code, ErrorCode::Server);
    }

    fn end(status: u16, text: &str) -> Result<EndReport, Error> {
        let body = match serde_json::from_str::<serde_json::Value>(text) {
            Ok(v) => Body::Json(v),
            Err(_) => Body::Other,
        };
        read_end_report(status, body)
    }

    #[test]
    fn end_pl_is_pending_until_links_appear() {
        assert_eq!(end(200, "<html>Veuillez patienter</html>").unwrap(), EndReport::Pending);
        assert_eq!(end(200, r#"{"incoming":0}"#).unwrap(), EndReport::Pending);
        let done = end(200, r#"{"incoming":0,"links":[{"download":"https://1fichier.com/?abcde12345","filename":"a.bin","remove":"","size":"3","whirlpool":"ff"}]}"#).unwrap();
        let EndReport::Done(result) = done else { panic!("not done") };
        assert_eq!(result.links[0].size, Some(3));
        assert_eq!(result.links[0].remove_url, None);
        assert_eq!(end(404, "<html>gone</html>").unwrap_err().code, ErrorCode::NotFound);
    }
}
