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
    WaitForJob {
        call: Call,
        interval_ms: f64,
        max_wait_ms: f64,
    },
    /// The three-step upload.
    Upload(Box<upload::Plan>),
}

/// How a method reads its arguments: most become one API call.
pub enum Prepare {
    Call(fn(&Args) -> Result<Call, Error>),
    Other(fn(&Args, bool) -> Result<Operation, Error>),
}

/// The public methods, in the order of the README, each with what reads its arguments. The
/// JS wrapper defines one method per name (`pkg-template/src/constants.js`, checked by a test).
pub const METHODS: &[(&str, Prepare)] = &[
    ("userInfo", Prepare::Call(user::user_info)),
    ("setUserSettings", Prepare::Call(user::set_user_settings)),
    ("listFolder", Prepare::Call(folder::list_folder)),
    ("walk", Prepare::Call(folder::walk)),
    ("createFolder", Prepare::Call(folder::create_folder)),
    ("removeFolder", Prepare::Call(folder::remove_folder)),
    ("moveFolder", Prepare::Call(folder::move_folder)),
    ("shareFolder", Prepare::Call(folder::share_folder)),
    ("listFiles", Prepare::Call(file::list_files)),
    ("fileInfo", Prepare::Call(file::file_info)),
    ("removeFiles", Prepare::Call(file::remove_files)),
    ("moveFiles", Prepare::Call(file::move_files)),
    ("copyFiles", Prepare::Call(file::copy_files)),
    ("renameFiles", Prepare::Call(file::rename_files)),
    (
        "setFileAttributes",
        Prepare::Call(file::set_file_attributes),
    ),
    ("scanFile", Prepare::Call(file::scan_file)),
    ("downloadLink", Prepare::Call(file::download_link)),
    ("download", Prepare::Call(file::download)),
    ("downloadToFile", Prepare::Call(file::download_to_file)),
    (
        "remoteUpload",
        Prepare::Other(|a, _| remote::remote_upload(a)),
    ),
    ("remoteJobs", Prepare::Call(remote::remote_jobs)),
    ("remoteJob", Prepare::Call(remote::remote_job)),
    (
        "waitForRemoteJob",
        Prepare::Other(|a, _| remote::wait_for_remote_job(a)),
    ),
    (
        "upload",
        Prepare::Other(|a, has_key| {
            upload::plan(a, has_key).map(|plan| Operation::Upload(Box::new(plan)))
        }),
    ),
    ("ftpUsers", Prepare::Call(ftp::ftp_users)),
    ("addFtpUser", Prepare::Call(ftp::add_ftp_user)),
    ("removeFtpUser", Prepare::Call(ftp::remove_ftp_user)),
    ("processFtp", Prepare::Call(ftp::process_ftp)),
];

/// Reads a method's arguments into what it will do; nothing is sent before this succeeds.
pub fn prepare(method: &str, args: &[Value], has_key: bool) -> Result<Operation, Error> {
    let Some((name, prepare)) = METHODS.iter().find(|(name, _)| *name == method) else {
        return Err(Error::invalid_input(
            ["There is no method ", &quote(method), "."].concat(),
        ));
    };
    let args = Args::new(name, args);
    match prepare {
        Prepare::Call(read) => read(&args).map(Operation::Call),
        Prepare::Other(read) => read(&args, has_key),
    }
}

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
        Err(Error::invalid_input(
            [
                args.method,
                ": ",
                &quote(value),
                " is not an http(s) link to a file.",
            ]
            .concat(),
        ))
    }
}

/// The file links of argument `index`: one link or a non-empty list.
pub fn file_urls(args: &Args, index: usize) -> Result<Vec<String>, Error> {
    let urls = args.texts(index, "the file links")?;
    if urls.is_empty() {
        return Err(Error::invalid_input(
            [args.method, ": the list of file links is empty."].concat(),
        ));
    }
    let mut checked = Vec::with_capacity(urls.len());
    for url in &urls {
        checked.push(file_url(args, url)?);
    }
    Ok(checked)
}

/// 1fichier encodes booleans as 0/1 on the wire.
pub fn bit(value: bool) -> Value {
    Value::Number(f64::from(u8::from(value)))
}

pub fn id_value(id: u64) -> Value {
    Value::Number(id as f64)
}
