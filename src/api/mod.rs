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
    Upload(upload::Plan),
}

type Prepare = fn(&Args, bool) -> Result<Operation, Error>;

/// The public methods, in the order of the README, each with what reads its arguments. The
/// JS wrapper defines one method per name (`pkg-template/src/constants.js`, checked by a test).
pub const METHODS: &[(&str, Prepare)] = &[
    ("userInfo", |a, _| user::user_info(a).map(Operation::Call)),
    ("setUserSettings", |a, _| {
        user::set_user_settings(a).map(Operation::Call)
    }),
    ("listFolder", |a, _| {
        folder::list_folder(a).map(Operation::Call)
    }),
    ("createFolder", |a, _| {
        folder::create_folder(a).map(Operation::Call)
    }),
    ("removeFolder", |a, _| {
        folder::remove_folder(a).map(Operation::Call)
    }),
    ("moveFolder", |a, _| {
        folder::move_folder(a).map(Operation::Call)
    }),
    ("shareFolder", |a, _| {
        folder::share_folder(a).map(Operation::Call)
    }),
    ("listFiles", |a, _| file::list_files(a).map(Operation::Call)),
    ("fileInfo", |a, _| file::file_info(a).map(Operation::Call)),
    ("removeFiles", |a, _| {
        file::remove_files(a).map(Operation::Call)
    }),
    ("moveFiles", |a, _| file::move_files(a).map(Operation::Call)),
    ("copyFiles", |a, _| file::copy_files(a).map(Operation::Call)),
    ("renameFiles", |a, _| {
        file::rename_files(a).map(Operation::Call)
    }),
    ("setFileAttributes", |a, _| {
        file::set_file_attributes(a).map(Operation::Call)
    }),
    ("scanFile", |a, _| file::scan_file(a).map(Operation::Call)),
    ("downloadLink", |a, _| {
        file::download_link(a).map(Operation::Call)
    }),
    ("remoteUpload", |a, _| remote::remote_upload(a)),
    ("remoteJobs", |a, _| {
        remote::remote_jobs(a).map(Operation::Call)
    }),
    ("remoteJob", |a, _| {
        remote::remote_job(a).map(Operation::Call)
    }),
    ("waitForRemoteJob", |a, _| remote::wait_for_remote_job(a)),
    ("upload", |a, has_key| {
        upload::plan(a, has_key).map(Operation::Upload)
    }),
    ("ftpUsers", |a, _| ftp::ftp_users(a).map(Operation::Call)),
    ("addFtpUser", |a, _| {
        ftp::add_ftp_user(a).map(Operation::Call)
    }),
    ("removeFtpUser", |a, _| {
        ftp::remove_ftp_user(a).map(Operation::Call)
    }),
    ("processFtp", |a, _| {
        ftp::process_ftp(a).map(Operation::Call)
    }),
];

/// Reads a method's arguments into what it will do; nothing is sent before this succeeds.
pub fn prepare(method: &str, args: &[Value], has_key: bool) -> Result<Operation, Error> {
    match METHODS.iter().find(|(name, _)| *name == method) {
        Some((name, prepare)) => prepare(&Args::new(name, args), has_key),
        None => Err(Error::invalid_input(
            ["There is no method ", &quote(method), "."].concat(),
        )),
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
    urls.iter().map(|url| file_url(args, url)).collect()
}

/// 1fichier encodes booleans as 0/1 on the wire.
pub fn bit(value: bool) -> Value {
    Value::Number(f64::from(u8::from(value)))
}

pub fn id_value(id: u64) -> Value {
    Value::Number(id as f64)
}
