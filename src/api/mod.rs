//! Every public method, one module per area of the 1fichier API: each reads its arguments
//! (`input`), builds the call's body in 1fichier's wire names and describes its answer
//! (`decode` tables). `prepare` is the one entry point the runtime uses.

pub mod file;
pub mod folder;
pub mod ftp;
pub mod remote;
pub mod upload;
pub mod user;

use crate::endpoint::Call;
use crate::error::{quote, Error};
use crate::input::Args;
use crate::json::Value;
use crate::links;

/// What a method does once its arguments are read.
pub enum Operation {
    /// One API call.
    Call(Call),
    /// Remote upload requests sent one after the other (one job each), with their URLs.
    RemoteUpload(Vec<(Call, Vec<String>)>),
    /// `remote/info` polled until the job has run.
    WaitForJob { call: Call, interval_ms: f64, max_wait_ms: f64 },
    /// The three-step upload.
    Upload(upload::Plan),
}

/// The public methods, in the order of the README. The JS wrapper defines one method per name.
pub const METHODS: &[&str] = &[
    "userInfo",
    "setUserSettings",
    "listFolder",
    "createFolder",
    "removeFolder",
    "moveFolder",
    "shareFolder",
    "listFiles",
    "fileInfo",
    "removeFiles",
    "moveFiles",
    "copyFiles",
    "renameFiles",
    "setFileAttributes",
    "scanFile",
    "downloadLink",
    "remoteUpload",
    "remoteJobs",
    "remoteJob",
    "waitForRemoteJob",
    "upload",
    "ftpUsers",
    "addFtpUser",
    "removeFtpUser",
    "processFtp",
];

/// Reads a method's arguments into what it will do; nothing is sent before this succeeds.
pub fn prepare(method: &str, args: &[Value], has_key: bool) -> Result<Operation, Error> {
    let Some(name) = METHODS.iter().copied().find(|m| *m == method) else {
        return Err(Error::invalid_input(["There is no method ", &quote(method), "."].concat()));
    };
    let args = Args::new(name, args);
    let call = |call: Result<Call, Error>| call.map(Operation::Call);
    match name {
        "userInfo" => call(user::user_info(&args)),
        "setUserSettings" => call(user::set_user_settings(&args)),
        "listFolder" => call(folder::list_folder(&args)),
        "createFolder" => call(folder::create_folder(&args)),
        "removeFolder" => call(folder::remove_folder(&args)),
        "moveFolder" => call(folder::move_folder(&args)),
        "shareFolder" => call(folder::share_folder(&args)),
        "listFiles" => call(file::list_files(&args)),
        "fileInfo" => call(file::file_info(&args)),
        "removeFiles" => call(file::remove_files(&args)),
        "moveFiles" => call(file::move_files(&args)),
        "copyFiles" => call(file::copy_files(&args)),
        "renameFiles" => call(file::rename_files(&args)),
        "setFileAttributes" => call(file::set_file_attributes(&args)),
        "scanFile" => call(file::scan_file(&args)),
        "downloadLink" => call(file::download_link(&args)),
        "remoteUpload" => remote::remote_upload(&args),
        "remoteJobs" => call(remote::remote_jobs(&args)),
        "remoteJob" => call(remote::remote_job(&args)),
        "waitForRemoteJob" => remote::wait_for_remote_job(&args),
        "upload" => upload::plan(&args, has_key).map(Operation::Upload),
        "ftpUsers" => call(ftp::ftp_users(&args)),
        "addFtpUser" => call(ftp::add_ftp_user(&args)),
        "removeFtpUser" => call(ftp::remove_ftp_user(&args)),
        _ => call(ftp::process_ftp(&args)),
    }
}

/// Options of methods that take nothing but a signal.
pub const ONLY_SIGNAL: &[&str] = &["signal"];

/// A file link to send to the API: an http(s) URL; 1fichier links lose their extra
/// parameters (`&af=`, `&lg=`), which the API does not expect.
pub fn file_url(args: &Args, value: &str) -> Result<String, Error> {
    let trimmed = value.trim();
    if let Some(link) = links::parse_link(trimmed) {
        if link.kind == links::LinkKind::File {
            return Ok(link.url);
        }
    }
    if links::is_http_url(trimmed) {
        Ok(trimmed.to_string())
    } else {
        Err(Error::invalid_input([args.method, ": ", &quote(value), " is not an http(s) link to a file."].concat()))
    }
}

/// The file links of argument `index`: one link or a non-empty list.
pub fn file_urls(args: &Args, index: usize) -> Result<Vec<String>, Error> {
    let urls = args.texts(index, "the file links")?;
    if urls.is_empty() {
        return Err(Error::invalid_input([args.method, ": the list of file links is empty."].concat()));
    }
    urls.iter().map(|url| file_url(args, url)).collect()
}

/// 1fichier encodes booleans as 0/1 on the wire.
pub fn bit(value: bool) -> Value {
    Value::Number(f64::from(u8::from(value)))
}

pub fn id_value(id: u64) -> Value {
    Value::Number(id as f64)
}
