//! `file/*.cgi` and `download/get_token.cgi`: list, inspect, remove, move, copy, rename, change
//! attributes, scan, direct links (fact base §2.3).

use super::{bit, file_url, file_urls, id_value, ONLY_SIGNAL};
use crate::decode::{decode, f, Field, Kind};
use crate::endpoint::{Call, Effect, Endpoint};
use crate::error::Error;
use crate::input::{Args, Options};
use crate::json::Value;

/// A file as listings return it (`file/ls` and `folder/ls` with files).
pub const FILE_ENTRY: &[Field] = &[
    f(&["url"], "url", Kind::Text),
    f(&["filename"], "name", Kind::Text),
    f(&["size"], "size", Kind::OptCount),
    f(&["date"], "uploadedAt", Kind::Date),
    f(&["checksum"], "whirlpool", Kind::Text),
    f(&["content-type", "content_type"], "contentType", Kind::Text),
    f(&["pass"], "hasPassword", Kind::Flag),
    f(&["acl"], "hasAcl", Kind::Flag),
    f(&["cdn"], "cdn", Kind::Flag),
];

static LIST: Endpoint = Endpoint {
    path: "file/ls.cgi",
    effect: Effect::Repeatable,
    anonymous: false,
    decode: |raw, _| decode(raw, &[f(&["items"], "files", Kind::List(FILE_ENTRY))]).map(|out| out.get("files").cloned().unwrap_or(Value::List(vec![]))),
};

/// `YYYY-MM-DD HH:MM:SS`, the only date form the API takes.
fn is_api_date(value: &str) -> bool {
    let shape = "0000-00-00 00:00:00";
    value.len() == shape.len()
        && value.bytes().zip(shape.bytes()).all(|(c, s)| if s == b'0' { c.is_ascii_digit() } else { c == s })
}

fn api_date(options: &Options, key: &str) -> Result<Option<String>, Error> {
    match options.text(key)? {
        Some(date) if !is_api_date(&date) => Err(options.error(key, "a date like 2024-01-31 23:59:00 (Paris time)")),
        other => Ok(other),
    }
}

pub fn list_files(args: &Args) -> Result<Call, Error> {
    // -1 lists every file of the account (§2.3); any other id is a folder.
    let folder = match args.get(0) {
        Some(Value::Number(n)) if *n == -1.0 => Value::Number(-1.0),
        _ => id_value(args.id(0, "the folder id (or -1 for every file)")?.unwrap_or(0)),
    };
    let options = args.options(1, &["sharingUser", "uploadedBefore", "uploadedAfter", "signal"])?;
    let body = Value::object()
        .with("folder_id", folder)
        .with_some("sharing_user", options.email("sharingUser")?)
        .with_some("sent_before", api_date(&options, "uploadedBefore")?)
        .with_some("sent_after", api_date(&options, "uploadedAfter")?);
    Ok(Call::new(&LIST, body))
}

const DETAILS: &[Field] = &[
    f(&["url"], "url", Kind::Text),
    f(&["filename"], "name", Kind::Text),
    f(&["size"], "size", Kind::OptCount),
    f(&["date"], "uploadedAt", Kind::Date),
    f(&["folder_id"], "folderId", Kind::OptCount),
    f(&["path"], "path", Kind::Text),
    f(&["checksum"], "whirlpool", Kind::Text),
    f(&["content-type", "content_type"], "contentType", Kind::Text),
    f(&["description"], "description", Kind::Text),
    f(&["pass"], "hasPassword", Kind::Flag),
    f(&["no_ssl"], "noSsl", Kind::Flag),
    f(&["inline"], "inline", Kind::Flag),
    f(&["cdn"], "cdn", Kind::Flag),
];

const ACL: &[Field] = &[
    f(&["ip"], "ip", Kind::Texts),
    f(&["country"], "country", Kind::Texts),
    f(&["email"], "email", Kind::Texts),
    f(&["premium"], "premium", Kind::Flag),
];

fn decode_details(raw: &Value, _: &Value) -> Result<Value, Error> {
    // The access list is an object when set; 1fichier sends 0, "" or nothing otherwise.
    let acl = match raw.get("acl") {
        Some(acl @ Value::Object(_)) => decode(acl, ACL)?,
        _ => Value::Null,
    };
    Ok(decode(raw, DETAILS)?.with("acl", acl))
}

static INFO: Endpoint = Endpoint { path: "file/info.cgi", effect: Effect::Repeatable, anonymous: false, decode: decode_details };

pub fn file_info(args: &Args) -> Result<Call, Error> {
    let url = file_url(args, &args.text(0, "the file link")?)?;
    let options = args.options(1, &["password", "signal"])?;
    Ok(Call::new(&INFO, Value::object().with("url", url).with_some("pass", options.text("password")?)))
}

static REMOVE: Endpoint = Endpoint {
    path: "file/rm.cgi",
    effect: Effect::Once,
    anonymous: false,
    decode: |raw, _| decode(raw, &[f(&["removed"], "removed", Kind::Count)]),
};

pub fn remove_files(args: &Args) -> Result<Call, Error> {
    let items = match args.get(0) {
        Some(Value::List(items)) => items.clone(),
        Some(one) => vec![one.clone()],
        None => vec![],
    };
    if items.is_empty() {
        return Err(Error::invalid_input("removeFiles: the list of files to remove is empty."));
    }
    let mut files = Vec::new();
    for item in &items {
        let entry = match item {
            Value::Text(url) => Value::object().with("url", file_url(args, url)?),
            Value::Object(_) => {
                let file = Options::read(args.method, Some(item), &["url", "code"])?;
                let url = file.text("url")?.ok_or_else(|| file.error("url", "given with code"))?;
                let code = file.non_empty("code")?.ok_or_else(|| file.error("code", "given with url"))?;
                Value::object().with("url", file_url(args, &url)?).with("code", code)
            }
            _ => return Err(args.error("each file", "a link or { url, code }")),
        };
        files.push(entry);
    }
    args.options(1, ONLY_SIGNAL)?;
    Ok(Call::new(&REMOVE, Value::object().with("files", Value::List(files))))
}

/// The new name of a single file (`name`): only for exactly one file.
fn new_name(options: &Options, method: &str, count: usize) -> Result<Option<String>, Error> {
    let name = options.non_empty("name")?;
    if name.is_some() && count != 1 {
        return Err(Error::invalid_input([method, ": name applies to exactly one file."].concat()));
    }
    Ok(name)
}

fn destination(options: &Options, method: &str) -> Result<u64, Error> {
    options.id("folderId")?.ok_or_else(|| {
        Error::invalid_input([method, ": folderId, the destination folder, is required (0 for the root)."].concat())
    })
}

static MOVE: Endpoint = Endpoint {
    path: "file/mv.cgi",
    effect: Effect::Once,
    anonymous: false,
    decode: |raw, _| {
        decode(
            raw,
            &[f(&["moved"], "moved", Kind::Count), f(&["urls"], "urls", Kind::Texts), f(&["filename"], "name", Kind::OptText)],
        )
    },
};

pub fn move_files(args: &Args) -> Result<Call, Error> {
    let urls = file_urls(args, 0)?;
    let options = args.options(1, &["folderId", "name", "sharingUser", "signal"])?;
    let body = Value::object()
        .with("urls", urls.clone())
        .with("destination_folder_id", id_value(destination(&options, args.method)?))
        .with_some("destination_user", options.email("sharingUser")?)
        .with_some("rename", new_name(&options, args.method, urls.len())?);
    Ok(Call::new(&MOVE, body))
}

const COPY: &[Field] = &[f(&["from_url"], "sourceUrl", Kind::Text), f(&["to_url"], "url", Kind::Text)];

static COPY_FILES: Endpoint = Endpoint {
    path: "file/cp.cgi",
    effect: Effect::Once,
    anonymous: false,
    decode: |raw, _| decode(raw, &[f(&["copied"], "copied", Kind::Count), f(&["urls"], "files", Kind::List(COPY))]),
};

pub fn copy_files(args: &Args) -> Result<Call, Error> {
    let urls = file_urls(args, 0)?;
    let options = args.options(1, &["folderId", "name", "password", "sharingUser", "signal"])?;
    let body = Value::object()
        .with("urls", urls.clone())
        .with("folder_id", id_value(destination(&options, args.method)?))
        .with_some("pass", options.text("password")?)
        .with_some("sharing_user", options.email("sharingUser")?)
        .with_some("rename", new_name(&options, args.method, urls.len())?);
    Ok(Call::new(&COPY_FILES, body))
}

const RENAMED: &[Field] = &[
    f(&["url"], "url", Kind::Text),
    f(&["new_filename"], "name", Kind::Text),
    f(&["old_filename"], "oldName", Kind::Text),
];

static RENAME: Endpoint = Endpoint {
    path: "file/rename.cgi",
    effect: Effect::Once,
    anonymous: false,
    decode: |raw, _| decode(raw, &[f(&["renamed"], "renamed", Kind::Count), f(&["urls"], "files", Kind::List(RENAMED))]),
};

pub fn rename_files(args: &Args) -> Result<Call, Error> {
    let items = match args.get(0) {
        Some(Value::List(items)) => items.clone(),
        Some(one) => vec![one.clone()],
        None => vec![],
    };
    if items.is_empty() {
        return Err(Error::invalid_input("renameFiles: the list of files to rename is empty."));
    }
    let mut renames = Vec::new();
    for item in &items {
        if !matches!(item, Value::Object(_)) {
            return Err(args.error("each rename", "{ url, name }"));
        }
        // `oldName` is accepted so that the `files` of a result can be fed back.
        let rename = Options::read(args.method, Some(item), &["url", "name", "oldName"])?;
        let url = rename.text("url")?.ok_or_else(|| rename.error("url", "given"))?;
        let name = rename.non_empty("name")?.ok_or_else(|| rename.error("name", "given"))?;
        renames.push(Value::object().with("url", file_url(args, &url)?).with("filename", name));
    }
    args.options(1, ONLY_SIGNAL)?;
    Ok(Call::new(&RENAME, Value::object().with("urls", Value::List(renames))))
}

static CHATTR: Endpoint = Endpoint {
    path: "file/chattr.cgi",
    effect: Effect::Once,
    anonymous: false,
    decode: |raw, _| decode(raw, &[f(&["updated"], "updated", Kind::Count)]),
};

fn acl_body(options: &Options) -> Result<Option<Value>, Error> {
    // `acl: null` removes every restriction, like `{}`.
    if options.members().iter().any(|(k, v)| k == "acl" && matches!(v, Value::Null)) {
        return Ok(Some(Value::object().with("ip", Value::List(vec![])).with("country", Value::List(vec![])).with("email", Value::List(vec![])).with("premium", bit(false))));
    }
    let Some(acl) = options.object("acl", &["ip", "country", "email", "premium"])? else { return Ok(None) };
    let list = |key| acl.texts(key).map(|v| Value::from(v.unwrap_or_default()));
    Ok(Some(
        Value::object()
            .with("ip", list("ip")?)
            .with("country", list("country")?)
            .with("email", list("email")?)
            .with("premium", bit(acl.flag("premium")?.unwrap_or(false))),
    ))
}

pub fn set_file_attributes(args: &Args) -> Result<Call, Error> {
    let urls = file_urls(args, 0)?;
    let attributes =
        args.options(1, &["name", "description", "password", "noSsl", "inline", "cdn", "acl", "signal"])?;
    let password = attributes.text("password")?;
    if password.as_ref().is_some_and(|p| !p.is_empty() && p.chars().count() < 6) {
        return Err(Error::invalid_input("setFileAttributes: a file password has at least 6 characters (\"\" removes it)."));
    }
    let body = Value::object()
        .with("urls", urls.clone())
        .with_some("filename", new_name(&attributes, args.method, urls.len())?)
        .with_some("description", attributes.text("description")?)
        .with_some("pass", password)
        .with_some("no_ssl", attributes.flag("noSsl")?.map(bit))
        .with_some("inline", attributes.flag("inline")?.map(bit))
        .with_some("cdn", attributes.flag("cdn")?.map(bit))
        .with_some("acl", acl_body(&attributes)?);
    if matches!(&body, Value::Object(members) if members.len() == 1) {
        return Err(Error::invalid_input("setFileAttributes: no attribute to change was given."));
    }
    Ok(Call::new(&CHATTR, body))
}

static SCAN: Endpoint = Endpoint {
    path: "file/scan.cgi",
    effect: Effect::Repeatable,
    anonymous: false,
    decode: |raw, _| decode(raw, &[f(&["message"], "message", Kind::Text), f(&["date"], "scannedAt", Kind::Date)]),
};

pub fn scan_file(args: &Args) -> Result<Call, Error> {
    let url = file_url(args, &args.text(0, "the file link")?)?;
    args.options(1, ONLY_SIGNAL)?;
    Ok(Call::new(&SCAN, Value::object().with("url", url)))
}

fn decode_token(raw: &Value, _: &Value) -> Result<Value, Error> {
    match crate::decode::text(raw.field("url")) {
        url if url.is_empty() => Err(Error::decode(200, "get_token answered without a url")),
        url => Ok(Value::object().with("directUrl", url)),
    }
}

static TOKEN: Endpoint =
    Endpoint { path: "download/get_token.cgi", effect: Effect::Repeatable, anonymous: false, decode: decode_token };

pub fn download_link(args: &Args) -> Result<Call, Error> {
    let url = file_url(args, &args.text(0, "the file link")?)?;
    let options = args.options(
        1,
        &["inline", "cdn", "restrictIp", "single", "password", "noSsl", "folderId", "name", "sharingUser", "signal"],
    )?;
    let body = Value::object()
        .with("url", url)
        .with_some("inline", options.flag("inline")?.map(bit))
        .with_some("cdn", options.flag("cdn")?.map(bit))
        .with_some("restrict_ip", options.whole("restrictIp", 0.0, 2.0, "0, 1 or 2")?.map(Value::Number))
        .with_some("single", options.flag("single")?.map(bit))
        .with_some("pass", options.text("password")?)
        .with_some("no_ssl", options.flag("noSsl")?.map(bit))
        .with_some("folder_id", options.id("folderId")?.map(id_value))
        .with_some("filename", options.non_empty("name")?)
        .with_some("sharing_user", options.email("sharingUser")?);
    Ok(Call::new(&TOKEN, body))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;
    use crate::json::parse;

    fn args(json: &str) -> Vec<Value> {
        parse(json).unwrap().as_list().to_vec()
    }

    #[test]
    fn decodes_listings_and_details_in_the_one_vocabulary() {
        let list = list_files(&Args::new("listFiles", &args(r#"["12",{"uploadedAfter":"2024-01-31 23:59:00"}]"#))).unwrap();
        assert_eq!(list.body.to_json(), r#"{"folder_id":12,"sent_after":"2024-01-31 23:59:00"}"#);
        let files = list.decode(200, r#"{"status":"OK","items":[{"url":"https://1fichier.com/?a","filename":"x.bin","size":"10","date":"2021-06-22 14:57:25","checksum":"ab","content_type":"a/b","pass":"1","acl":0,"cdn":1}]}"#).unwrap();
        assert_eq!(
            files.to_json(),
            r#"[{"url":"https://1fichier.com/?a","name":"x.bin","size":10,"uploadedAt":"2021-06-22 14:57:25","whirlpool":"ab","contentType":"a/b","hasPassword":true,"hasAcl":false,"cdn":true}]"#
        );
        let every = list_files(&Args::new("listFiles", &args("[-1]"))).unwrap();
        assert_eq!(every.body.to_json(), r#"{"folder_id":-1}"#);

        let info = file_info(&Args::new("fileInfo", &args(r#"["https://1fichier.com/?abcde12345&af=1",{"password":"p"}]"#))).unwrap();
        assert_eq!(info.body.to_json(), r#"{"url":"https://1fichier.com/?abcde12345","pass":"p"}"#);
        let details = info.decode(200, r#"{"url":"u","filename":"f","acl":{"ip":["1.2.3.4"],"premium":"1"},"folder_id":"3"}"#).unwrap();
        assert_eq!(details.get("folderId"), Some(&Value::Number(3.0)));
        assert_eq!(details.get("acl").unwrap().to_json(), r#"{"ip":["1.2.3.4"],"country":[],"email":[],"premium":true}"#);
        assert_eq!(info.decode(200, r#"{"url":"u","acl":0}"#).unwrap().get("acl"), Some(&Value::Null));
    }

    #[test]
    fn destination_and_new_name_are_options() {
        let moved = move_files(&Args::new("moveFiles", &args(r#"["https://1fichier.com/?abcde12345",{"folderId":"4","name":"n"}]"#))).unwrap();
        assert_eq!(moved.body.to_json(), r#"{"urls":["https://1fichier.com/?abcde12345"],"destination_folder_id":4,"rename":"n"}"#);
        assert!(move_files(&Args::new("moveFiles", &args(r#"[["https://1fichier.com/?abcde12345"],5]"#))).is_err());
        assert!(move_files(&Args::new("moveFiles", &args(r#"["https://1fichier.com/?abcde12345"]"#))).is_err());
        let two = r#"[["https://1fichier.com/?abcde12345","https://1fichier.com/?bbbbb12345"],{"folderId":0,"name":"n"}]"#;
        assert!(copy_files(&Args::new("copyFiles", &args(two))).is_err());
        let copied = copy_files(&Args::new("copyFiles", &args(r#"["https://1fichier.com/?abcde12345",{"folderId":0}]"#))).unwrap();
        assert_eq!(
            copied.decode(200, r#"{"copied":1,"urls":[{"from_url":"a","to_url":"b"}]}"#).unwrap().to_json(),
            r#"{"copied":1,"files":[{"sourceUrl":"a","url":"b"}]}"#
        );
    }

    #[test]
    fn renames_can_be_fed_back() {
        let call = rename_files(&Args::new("renameFiles", &args(r#"[{"url":"https://1fichier.com/?abcde12345","name":"b"}]"#))).unwrap();
        let result = call.decode(200, r#"{"renamed":1,"urls":[{"url":"https://1fichier.com/?abcde12345","old_filename":"a","new_filename":"b"}]}"#).unwrap();
        let files = result.get("files").unwrap().clone();
        assert_eq!(files.to_json(), r#"[{"url":"https://1fichier.com/?abcde12345","name":"b","oldName":"a"}]"#);
        assert!(rename_files(&Args::new("renameFiles", &[files])).is_ok());
    }

    #[test]
    fn attributes_are_checked_and_proto_keys_refused() {
        let call = set_file_attributes(&Args::new("setFileAttributes", &args(r#"["https://1fichier.com/?abcde12345",{"inline":true,"acl":null}]"#))).unwrap();
        assert_eq!(
            call.body.to_json(),
            r#"{"urls":["https://1fichier.com/?abcde12345"],"inline":1,"acl":{"ip":[],"country":[],"email":[],"premium":0}}"#
        );
        for bad in [
            r#"["https://1fichier.com/?abcde12345",{}]"#,
            r#"["https://1fichier.com/?abcde12345",{"__proto__":{"inline":true}}]"#,
            r#"["https://1fichier.com/?abcde12345",{"inline":1}]"#,
            r#"["https://1fichier.com/?abcde12345",{"password":"short"}]"#,
            r#"["notalink",{"inline":true}]"#,
        ] {
            let error = set_file_attributes(&Args::new("setFileAttributes", &args(bad))).err().unwrap();
            assert_eq!(error.code, ErrorCode::InvalidInput, "{bad}");
        }
        let token = download_link(&Args::new("downloadLink", &args(r#"["https://1fichier.com/?abcde12345",{"cdn":true,"restrictIp":2}]"#))).unwrap();
        assert_eq!(token.decode(200, r#"{"url":"https://a-4.1fichier.com/c1"}"#).unwrap().to_json(), r#"{"directUrl":"https://a-4.1fichier.com/c1"}"#);
        assert_eq!(token.decode(200, r#"{}"#).unwrap_err().code, ErrorCode::Decode);
    }

    #[test]
    fn messages_quote_bounded_values_without_credentials() {
        let long = format!("[\"ftp://user:secret@host/{}\"]", "x".repeat(5000));
        let error = file_info(&Args::new("fileInfo", &args(&long))).err().unwrap();
        assert!(!error.message.contains("secret"), "{}", error.message);
        assert!(error.message.len() < 300, "{}", error.message.len());
    }
}
