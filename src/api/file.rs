//! `file/*.cgi` and `download/get_token.cgi`: list, inspect, remove, move, copy, rename, change
//! attributes, scan, direct links (fact base §2.3).

use super::{bit, file_url, file_urls, id_value};
use crate::decode::{decode, f, Field, Kind};
use crate::endpoint::{Call, Effect, Endpoint};
use crate::error::Error;
use crate::input::{local, p, Args, In, Options, Param};
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
    decode: |raw, _| {
        decode(raw, &[f(&["items"], "files", Kind::List(FILE_ENTRY))])
            .map(|out| out.get("files").cloned().unwrap_or(Value::List(vec![])))
    },
};

const LIST_FILES: &[Param] = &[
    p("sharingUser", "sharing_user", In::Email),
    p("uploadedBefore", "sent_before", In::Date),
    p("uploadedAfter", "sent_after", In::Date),
];

pub fn list_files(args: &Args) -> Result<Call, Error> {
    // -1 lists every file of the account (§2.3); any other id is a folder.
    let folder = match args.get(0) {
        Some(Value::Number(n)) if *n == -1.0 => Value::Number(-1.0),
        _ => id_value(
            args.id(0, "the folder id (or -1 for every file)")?
                .unwrap_or(0),
        ),
    };
    let body = args
        .options(1, LIST_FILES)?
        .fill(Value::object().with("folder_id", folder), LIST_FILES)?;
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
    // The access list is an object when set; 1fichier sends 0, "" or nothing otherwise, and
    // an object with empty lists restricts nothing: all of these are `null`.
    let acl = match raw.get("acl") {
        Some(acl @ Value::Object(_)) => Some(decode(acl, ACL)?).filter(|acl| {
            matches!(acl.get("premium"), Some(Value::Bool(true)))
                || ["ip", "country", "email"]
                    .iter()
                    .any(|key| !acl.get(key).map_or(&[][..], Value::as_list).is_empty())
        }),
        _ => None,
    };
    Ok(decode(raw, DETAILS)?.with("acl", acl.unwrap_or(Value::Null)))
}

static INFO: Endpoint = Endpoint {
    path: "file/info.cgi",
    effect: Effect::Repeatable,
    anonymous: false,
    decode: decode_details,
};

const FILE_INFO: &[Param] = &[p("password", "pass", In::Text)];

pub fn file_info(args: &Args) -> Result<Call, Error> {
    let url = file_url(args, &args.text(0, "the file link")?)?;
    let body = args
        .options(1, FILE_INFO)?
        .fill(Value::object().with("url", url), FILE_INFO)?;
    Ok(Call::new(&INFO, body))
}

static REMOVE: Endpoint = Endpoint {
    path: "file/rm.cgi",
    effect: Effect::Once,
    anonymous: false,
    decode: |raw, _| decode(raw, &[f(&["removed"], "removed", Kind::Count)]),
};

pub fn remove_files(args: &Args) -> Result<Call, Error> {
    let mut files = Vec::new();
    for item in args.items(0, "files to remove")? {
        let entry = match item {
            Value::Text(url) => Value::object().with("url", file_url(args, url)?),
            Value::Object(_) => {
                let file = Options::read(args.method, Some(item), &[local("url"), local("code")])?;
                let url = file
                    .text("url")?
                    .ok_or_else(|| file.error("url", "given with code"))?;
                let code = file
                    .non_empty("code")?
                    .ok_or_else(|| file.error("code", "given with url"))?;
                Value::object()
                    .with("url", file_url(args, &url)?)
                    .with("code", code)
            }
            _ => return Err(args.error("each file", "a link or { url, code }")),
        };
        files.push(entry);
    }
    args.options(1, &[])?;
    Ok(Call::new(
        &REMOVE,
        Value::object().with("files", Value::List(files)),
    ))
}

/// The destination of files (required) and the new name of a single file.
fn destination(args: &Args, params: &'static [Param], body: Value) -> Result<Value, Error> {
    let options = args.options(1, params)?;
    if options.id("folderId")?.is_none() {
        return Err(Error::invalid_input(
            [
                args.method,
                ": folderId, the destination folder, is required (0 for the root).",
            ]
            .concat(),
        ));
    }
    let count = body.get("urls").map_or(0, |urls| urls.as_list().len());
    if options.get("name").is_some() && count != 1 {
        return Err(Error::invalid_input(
            [args.method, ": name applies to exactly one file."].concat(),
        ));
    }
    options.fill(body, params)
}

static MOVE: Endpoint = Endpoint {
    path: "file/mv.cgi",
    effect: Effect::Once,
    anonymous: false,
    decode: |raw, _| {
        decode(
            raw,
            &[
                f(&["moved"], "moved", Kind::Count),
                f(&["urls"], "urls", Kind::Texts),
                f(&["filename"], "name", Kind::OptText),
            ],
        )
    },
};

const MOVE_FILES: &[Param] = &[
    p("folderId", "destination_folder_id", In::Id),
    p("name", "rename", In::Name),
    p("sharingUser", "destination_user", In::Email),
];

pub fn move_files(args: &Args) -> Result<Call, Error> {
    let body = destination(
        args,
        MOVE_FILES,
        Value::object().with("urls", file_urls(args, 0)?),
    )?;
    Ok(Call::new(&MOVE, body))
}

const COPY: &[Field] = &[
    f(&["from_url"], "sourceUrl", Kind::Text),
    f(&["to_url"], "url", Kind::Text),
];

static COPY_FILES: Endpoint = Endpoint {
    path: "file/cp.cgi",
    effect: Effect::Once,
    anonymous: false,
    decode: |raw, _| {
        decode(
            raw,
            &[
                f(&["copied"], "copied", Kind::Count),
                f(&["urls"], "files", Kind::List(COPY)),
            ],
        )
    },
};

const COPY_PARAMS: &[Param] = &[
    p("folderId", "folder_id", In::Id),
    p("name", "rename", In::Name),
    p("password", "pass", In::Text),
    p("sharingUser", "sharing_user", In::Email),
];

pub fn copy_files(args: &Args) -> Result<Call, Error> {
    let body = destination(
        args,
        COPY_PARAMS,
        Value::object().with("urls", file_urls(args, 0)?),
    )?;
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
    decode: |raw, _| {
        decode(
            raw,
            &[
                f(&["renamed"], "renamed", Kind::Count),
                f(&["urls"], "files", Kind::List(RENAMED)),
            ],
        )
    },
};

pub fn rename_files(args: &Args) -> Result<Call, Error> {
    let mut renames = Vec::new();
    for item in args.items(0, "files to rename")? {
        if !matches!(item, Value::Object(_)) {
            return Err(args.error("each rename", "{ url, name }"));
        }
        // `oldName` is accepted so that the `files` of a result can be fed back.
        let rename = Options::read(
            args.method,
            Some(item),
            &[local("url"), local("name"), local("oldName")],
        )?;
        let url = rename
            .text("url")?
            .ok_or_else(|| rename.error("url", "given"))?;
        let name = rename
            .non_empty("name")?
            .ok_or_else(|| rename.error("name", "given"))?;
        renames.push(
            Value::object()
                .with("url", file_url(args, &url)?)
                .with("filename", name),
        );
    }
    args.options(1, &[])?;
    Ok(Call::new(
        &RENAME,
        Value::object().with("urls", Value::List(renames)),
    ))
}

static CHATTR: Endpoint = Endpoint {
    path: "file/chattr.cgi",
    effect: Effect::Once,
    anonymous: false,
    decode: |raw, _| decode(raw, &[f(&["updated"], "updated", Kind::Count)]),
};

const ACL_PARAMS: &[Param] = &[
    local("ip"),
    local("country"),
    local("email"),
    local("premium"),
];

/// The whole access list: what is not given is removed; `null` removes them all.
fn acl_body(options: &Options) -> Result<Option<Value>, Error> {
    let given = options.members().iter().any(|(key, _)| key == "acl");
    let acl = match options.object("acl", ACL_PARAMS) {
        Err(_) if options.get("acl").is_some() => {
            return Err(options.error("acl", "{ ip, country, email, premium } or null"))
        }
        other => other?,
    };
    if !given {
        return Ok(None);
    }
    let mut body = Value::object();
    for key in ["ip", "country", "email"] {
        let list = match &acl {
            Some(acl) => acl.texts(key)?.unwrap_or_default(),
            None => Vec::new(),
        };
        body.set(key, list);
    }
    let premium = match &acl {
        Some(acl) => acl.flag("premium")?.unwrap_or(false),
        None => false,
    };
    Ok(Some(body.with("premium", bit(premium))))
}

const ATTRIBUTES: &[Param] = &[
    p("name", "filename", In::Name),
    p("description", "description", In::Text),
    p("password", "pass", In::Text),
    p("noSsl", "no_ssl", In::Flag),
    p("inline", "inline", In::Flag),
    p("cdn", "cdn", In::Flag),
    local("acl"),
];

pub fn set_file_attributes(args: &Args) -> Result<Call, Error> {
    let urls = file_urls(args, 0)?;
    let attributes = args.options(1, ATTRIBUTES)?;
    if attributes
        .text("password")?
        .is_some_and(|p| !p.is_empty() && crate::input::char_count(&p) < 6)
    {
        return Err(Error::invalid_input(
            "setFileAttributes: a file password has at least 6 characters (\"\" removes it).",
        ));
    }
    if attributes.get("name").is_some() && urls.len() != 1 {
        return Err(Error::invalid_input(
            "setFileAttributes: name applies to exactly one file.",
        ));
    }
    let body = attributes
        .fill(Value::object().with("urls", urls), ATTRIBUTES)?
        .with_some("acl", acl_body(&attributes)?);
    if matches!(&body, Value::Object(members) if members.len() == 1) {
        return Err(Error::invalid_input(
            "setFileAttributes: no attribute to change was given.",
        ));
    }
    Ok(Call::new(&CHATTR, body))
}

static SCAN: Endpoint = Endpoint {
    path: "file/scan.cgi",
    effect: Effect::Repeatable,
    anonymous: false,
    decode: |raw, _| {
        decode(
            raw,
            &[
                f(&["message"], "message", Kind::Text),
                f(&["date"], "scannedAt", Kind::Date),
            ],
        )
    },
};

pub fn scan_file(args: &Args) -> Result<Call, Error> {
    let url = file_url(args, &args.text(0, "the file link")?)?;
    args.options(1, &[])?;
    Ok(Call::new(&SCAN, Value::object().with("url", url)))
}

fn decode_token(raw: &Value, _: &Value) -> Result<Value, Error> {
    match crate::decode::text(raw.field("url")) {
        url if url.is_empty() => Err(Error::decode(200, "get_token answered without a url")),
        url => Ok(Value::object().with("directUrl", url)),
    }
}

static TOKEN: Endpoint = Endpoint {
    path: "download/get_token.cgi",
    effect: Effect::Repeatable,
    anonymous: false,
    decode: decode_token,
};

const DOWNLOAD: &[Param] = &[
    p("inline", "inline", In::Flag),
    p("cdn", "cdn", In::Flag),
    p(
        "restrictIp",
        "restrict_ip",
        In::Whole(0.0, 2.0, "0, 1 or 2"),
    ),
    p("single", "single", In::Flag),
    p("password", "pass", In::Text),
    p("noSsl", "no_ssl", In::Flag),
    p("folderId", "folder_id", In::Id),
    p("name", "filename", In::Name),
    p("sharingUser", "sharing_user", In::Email),
];

pub fn download_link(args: &Args) -> Result<Call, Error> {
    let url = file_url(args, &args.text(0, "the file link")?)?;
    let body = args
        .options(1, DOWNLOAD)?
        .fill(Value::object().with("url", url), DOWNLOAD)?;
    Ok(Call::new(&TOKEN, body))
}

/// `download(url, options)`: the runtime streams the one-time link itself (`offset` as a
/// Range, `verify` against file/info's Whirlpool); its options are read here, with the link's
/// password, so that one table names every key.
const DOWNLOAD_STREAM: &[Param] = &[
    p("password", "pass", In::Text),
    local("offset"),
    local("verify"),
    local("onProgress"),
];

/// `downloadToFile(url, path, options)`: the same, resuming a `.part` file (`resume`).
const DOWNLOAD_TO_FILE: &[Param] = &[
    p("password", "pass", In::Text),
    local("resume"),
    local("verify"),
    local("onProgress"),
];

fn stream_link(args: &Args, options_at: usize, params: &[Param]) -> Result<Call, Error> {
    let url = file_url(args, &args.text(0, "the file link")?)?;
    let options = args.options(options_at, params)?;
    // Functions vanish in JSON: a value still here is not a function.
    if options.get("onProgress").is_some() {
        return Err(options.error("onProgress", "a function"));
    }
    let verify = options.flag("verify")?.unwrap_or(false);
    options.flag("resume")?;
    let offset = options.whole("offset", 0.0, 9_007_199_254_740_991.0, "a byte count")?;
    if verify && offset.is_some_and(|offset| offset > 0.0) {
        return Err(options.error("verify", "false with an offset (it needs the whole file)"));
    }
    let body = options.fill(Value::object().with("url", url), params)?;
    Ok(Call::new(&TOKEN, body))
}

pub fn download(args: &Args) -> Result<Call, Error> {
    stream_link(args, 1, DOWNLOAD_STREAM)
}

pub fn download_to_file(args: &Args) -> Result<Call, Error> {
    if args.text(1, "the path")?.is_empty() {
        return Err(args.error("the path", "a file path"));
    }
    stream_link(args, 2, DOWNLOAD_TO_FILE)
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
        let list = list_files(&Args::new(
            "listFiles",
            &args(r#"["12",{"uploadedAfter":"2024-01-31 23:59:00"}]"#),
        ))
        .unwrap();
        assert_eq!(
            list.body.to_json(),
            r#"{"folder_id":12,"sent_after":"2024-01-31 23:59:00"}"#
        );
        let files = list.decode(200, r#"{"status":"OK","items":[{"url":"https://1fichier.com/?a","filename":"x.bin","size":"10","date":"2021-06-22 14:57:25","checksum":"ab","content_type":"a/b","pass":"1","acl":0,"cdn":1}]}"#).unwrap();
        assert_eq!(
            files.to_json(),
            r#"[{"url":"https://1fichier.com/?a","name":"x.bin","size":10,"uploadedAt":"2021-06-22 14:57:25","whirlpool":"ab","contentType":"a/b","hasPassword":true,"hasAcl":false,"cdn":true}]"#
        );
        let every = list_files(&Args::new("listFiles", &args("[-1]"))).unwrap();
        assert_eq!(every.body.to_json(), r#"{"folder_id":-1}"#);

        let info = file_info(&Args::new(
            "fileInfo",
            &args(r#"["https://1fichier.com/?abcde12345&af=1",{"password":"p"}]"#),
        ))
        .unwrap();
        assert_eq!(
            info.body.to_json(),
            r#"{"url":"https://1fichier.com/?abcde12345","pass":"p"}"#
        );
        let details = info.decode(200, r#"{"url":"u","filename":"f","acl":{"ip":["1.2.3.4"],"premium":"1"},"folder_id":"3"}"#).unwrap();
        assert_eq!(details.get("folderId"), Some(&Value::Number(3.0)));
        assert_eq!(
            details.get("acl").unwrap().to_json(),
            r#"{"ip":["1.2.3.4"],"country":[],"email":[],"premium":true}"#
        );
        assert_eq!(
            info.decode(200, r#"{"url":"u","acl":0}"#)
                .unwrap()
                .get("acl"),
            Some(&Value::Null)
        );
    }

    #[test]
    fn destination_and_new_name_are_options() {
        let moved = move_files(&Args::new(
            "moveFiles",
            &args(r#"["https://1fichier.com/?abcde12345",{"folderId":"4","name":"n"}]"#),
        ))
        .unwrap();
        assert_eq!(
            moved.body.to_json(),
            r#"{"urls":["https://1fichier.com/?abcde12345"],"destination_folder_id":4,"rename":"n"}"#
        );
        assert!(move_files(&Args::new(
            "moveFiles",
            &args(r#"[["https://1fichier.com/?abcde12345"],5]"#)
        ))
        .is_err());
        assert!(move_files(&Args::new(
            "moveFiles",
            &args(r#"["https://1fichier.com/?abcde12345"]"#)
        ))
        .is_err());
        let two = r#"[["https://1fichier.com/?abcde12345","https://1fichier.com/?bbbbb12345"],{"folderId":0,"name":"n"}]"#;
        assert!(copy_files(&Args::new("copyFiles", &args(two))).is_err());
        let copied = copy_files(&Args::new(
            "copyFiles",
            &args(r#"["https://1fichier.com/?abcde12345",{"folderId":0}]"#),
        ))
        .unwrap();
        assert_eq!(
            copied
                .decode(
                    200,
                    r#"{"copied":1,"urls":[{"from_url":"a","to_url":"b"}]}"#
                )
                .unwrap()
                .to_json(),
            r#"{"copied":1,"files":[{"sourceUrl":"a","url":"b"}]}"#
        );
    }

    #[test]
    fn renames_can_be_fed_back() {
        let call = rename_files(&Args::new(
            "renameFiles",
            &args(r#"[{"url":"https://1fichier.com/?abcde12345","name":"b"}]"#),
        ))
        .unwrap();
        let result = call.decode(200, r#"{"renamed":1,"urls":[{"url":"https://1fichier.com/?abcde12345","old_filename":"a","new_filename":"b"}]}"#).unwrap();
        let files = result.get("files").unwrap().clone();
        assert_eq!(
            files.to_json(),
            r#"[{"url":"https://1fichier.com/?abcde12345","name":"b","oldName":"a"}]"#
        );
        assert!(rename_files(&Args::new("renameFiles", &[files])).is_ok());
    }

    #[test]
    fn attributes_are_checked_and_proto_keys_refused() {
        let call = set_file_attributes(&Args::new(
            "setFileAttributes",
            &args(r#"["https://1fichier.com/?abcde12345",{"inline":true,"acl":null}]"#),
        ))
        .unwrap();
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
            let error = set_file_attributes(&Args::new("setFileAttributes", &args(bad)))
                .err()
                .unwrap();
            assert_eq!(error.code, ErrorCode::InvalidInput, "{bad}");
        }
        let token = download_link(&Args::new(
            "downloadLink",
            &args(r#"["https://1fichier.com/?abcde12345",{"cdn":true,"restrictIp":2}]"#),
        ))
        .unwrap();
        assert_eq!(
            token
                .decode(200, r#"{"url":"https://a-4.1fichier.com/c1"}"#)
                .unwrap()
                .to_json(),
            r#"{"directUrl":"https://a-4.1fichier.com/c1"}"#
        );
        assert_eq!(
            token.decode(200, r#"{}"#).unwrap_err().code,
            ErrorCode::Decode
        );
    }

    #[test]
    fn messages_quote_bounded_values_without_credentials() {
        let long = format!("[\"ftp://user:secret@host/{}\"]", "x".repeat(5000));
        let error = file_info(&Args::new("fileInfo", &args(&long)))
            .err()
            .unwrap();
        assert!(!error.message.contains("secret"), "{}", error.message);
        assert!(error.message.len() < 300, "{}", error.message.len());
    }

    #[test]
    fn downloads_read_their_own_options_and_ask_for_the_link() {
        let link = "https://1fichier.com/?abcde12345";
        let list = args(&format!(r#"["{link}",{{"password":"pw","offset":10}}]"#));
        let call = download(&Args::new("download", &list)).unwrap();
        assert_eq!(
            call.body.to_json(),
            format!(r#"{{"url":"{link}","pass":"pw"}}"#)
        );
        let list = args(&format!(
            r#"["{link}","/tmp/x",{{"resume":true,"verify":true}}]"#
        ));
        let to_file = download_to_file(&Args::new("downloadToFile", &list)).unwrap();
        assert_eq!(to_file.body.to_json(), format!(r#"{{"url":"{link}"}}"#));
        for (method, json, says) in [
            (
                "download",
                format!(r#"["{link}",{{"offset":-1}}]"#),
                "offset",
            ),
            (
                "download",
                format!(r#"["{link}",{{"offset":5,"verify":true}}]"#),
                "verify",
            ),
            (
                "download",
                format!(r#"["{link}",{{"resume":true}}]"#),
                "unknown option",
            ),
            (
                "download",
                format!(r#"["{link}",{{"onProgress":1}}]"#),
                "onProgress",
            ),
            ("downloadToFile", format!(r#"["{link}",""]"#), "path"),
            (
                "downloadToFile",
                format!(r#"["{link}","/tmp/x",{{"offset":1}}]"#),
                "unknown option",
            ),
        ] {
            let list = args(&json);
            let read = Args::new(method, &list);
            let result = if method == "download" {
                download(&read)
            } else {
                download_to_file(&read)
            };
            let error = result.err().unwrap();
            assert_eq!(error.code, ErrorCode::InvalidInput);
            assert!(
                error.message.contains(says),
                "{method} {json}: {}",
                error.message
            );
        }
    }
}
