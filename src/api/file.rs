//! `file/*.cgi`: list, inspect, change, move, copy, rename, delete and scan files
//! (fact base §2.7–2.14).

use super::{bit, file_url, file_urls, folder_id, non_empty};
use crate::endpoint::{Effect, Endpoint};
use crate::error::Error;
use crate::lenient;
use serde::{Deserialize, Serialize};

/// One file as `file/ls` and `folder/ls` (with files) send it.
#[derive(Deserialize)]
pub struct RawFileEntry {
    #[serde(default, deserialize_with = "lenient::text")]
    url: String,
    #[serde(default, deserialize_with = "lenient::text")]
    filename: String,
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    size: Option<u64>,
    #[serde(default, deserialize_with = "lenient::date")]
    date: Option<String>,
    #[serde(default, deserialize_with = "lenient::text")]
    checksum: String,
    // Captured answers say `content-type`; the documentation's example says `content_type`.
    #[serde(default, rename = "content-type", alias = "content_type", deserialize_with = "lenient::text")]
    content_type: String,
    #[serde(default, deserialize_with = "lenient::flag")]
    pass: bool,
    #[serde(default, deserialize_with = "lenient::flag")]
    acl: bool,
    #[serde(default, deserialize_with = "lenient::flag")]
    cdn: bool,
}

#[derive(Serialize, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct FileEntry {
    pub url: String,
    pub filename: String,
    pub size: Option<u64>,
    /// Upload date, `YYYY-MM-DD HH:MM:SS` Paris time.
    pub date: Option<String>,
    /// Whirlpool hash, 128 hex digits.
    pub checksum: String,
    pub content_type: String,
    pub password: bool,
    pub acl: bool,
    pub cdn: bool,
}

impl From<RawFileEntry> for FileEntry {
    fn from(raw: RawFileEntry) -> Self {
        FileEntry {
            url: raw.url,
            filename: raw.filename,
            size: raw.size,
            date: raw.date,
            checksum: raw.checksum,
            content_type: raw.content_type,
            password: raw.pass,
            acl: raw.acl,
            cdn: raw.cdn,
        }
    }
}

/// Options of `listFiles`.
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct ListFilesOptions {
    pub sharing_user: Option<String>,
    pub sent_before: Option<String>,
    pub sent_after: Option<String>,
}

#[derive(Serialize)]
pub struct ListFiles {
    folder_id: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    sharing_user: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    sent_before: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    sent_after: Option<String>,
}

impl ListFiles {
    /// `folder` -1 lists every file of the account (1fichier allows that about once an hour).
    pub fn new(folder: f64, options: ListFilesOptions) -> Result<Self, Error> {
        let folder_id = if folder == -1.0 { -1 } else { folder_id(folder, "The folder id")? as i64 };
        for date in [&options.sent_before, &options.sent_after].into_iter().flatten() {
            if !is_api_date(date) {
                return Err(Error::invalid_input(format!("{date:?} is not a date like 2024-01-31 23:59:00.")));
            }
        }
        Ok(ListFiles {
            folder_id,
            sharing_user: options.sharing_user,
            sent_before: options.sent_before,
            sent_after: options.sent_after,
        })
    }
}

fn is_api_date(value: &str) -> bool {
    let shape = "0000-00-00 00:00:00";
    value.len() == shape.len()
        && value.bytes().zip(shape.bytes()).all(|(c, s)| if s == b'0' { c.is_ascii_digit() } else { c == s })
}

#[derive(Deserialize)]
pub struct RawFileList {
    #[serde(default)]
    items: Vec<RawFileEntry>,
}

impl Endpoint for ListFiles {
    const PATH: &'static str = "file/ls.cgi";
    const EFFECT: Effect = Effect::Repeatable;
    type Raw = RawFileList;
    type Output = Vec<FileEntry>;
    fn decode(raw: RawFileList) -> Result<Vec<FileEntry>, Error> {
        Ok(raw.items.into_iter().map(FileEntry::from).collect())
    }
}

#[derive(Serialize)]
pub struct FileInfo {
    url: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pass: Option<String>,
}

impl FileInfo {
    pub fn new(url: &str, password: Option<String>) -> Result<Self, Error> {
        Ok(FileInfo { url: file_url(url)?, pass: password })
    }
}

#[derive(Deserialize, Serialize, Default, Debug, PartialEq)]
pub struct Acl {
    #[serde(default)]
    pub ip: Vec<String>,
    #[serde(default)]
    pub country: Vec<String>,
    #[serde(default)]
    pub email: Vec<String>,
    #[serde(default, deserialize_with = "lenient::flag")]
    pub premium: bool,
}

/// `acl` is an object in file/info but a 0/1 flag in listings; both are accepted.
fn acl_object<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Acl>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum AclWire {
        Object(Acl),
        Other(serde::de::IgnoredAny),
    }
    Ok(match Option::<AclWire>::deserialize(d)? {
        Some(AclWire::Object(acl)) => Some(acl),
        _ => None,
    })
}

#[derive(Deserialize)]
pub struct RawFileDetails {
    #[serde(default, deserialize_with = "lenient::text")]
    url: String,
    #[serde(default, deserialize_with = "lenient::text")]
    filename: String,
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    size: Option<u64>,
    #[serde(default, deserialize_with = "lenient::date")]
    date: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    folder_id: Option<u64>,
    #[serde(default, deserialize_with = "lenient::text")]
    path: String,
    #[serde(default, deserialize_with = "lenient::text")]
    checksum: String,
    #[serde(default, rename = "content-type", alias = "content_type", deserialize_with = "lenient::text")]
    content_type: String,
    #[serde(default, deserialize_with = "lenient::text")]
    description: String,
    #[serde(default, deserialize_with = "lenient::flag")]
    pass: bool,
    #[serde(default, deserialize_with = "lenient::flag")]
    no_ssl: bool,
    #[serde(default, deserialize_with = "lenient::flag")]
    inline: bool,
    #[serde(default, deserialize_with = "lenient::flag")]
    cdn: bool,
    #[serde(default, deserialize_with = "acl_object")]
    acl: Option<Acl>,
}

#[derive(Serialize, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct FileDetails {
    pub url: String,
    pub filename: String,
    pub size: Option<u64>,
    pub date: Option<String>,
    pub folder_id: Option<u64>,
    /// Folder path in the owner's account, e.g. `A/B`.
    pub path: String,
    pub checksum: String,
    pub content_type: String,
    pub description: String,
    pub password: bool,
    pub no_ssl: bool,
    pub inline: bool,
    pub cdn: bool,
    pub acl: Option<Acl>,
}

impl Endpoint for FileInfo {
    const PATH: &'static str = "file/info.cgi";
    const EFFECT: Effect = Effect::Repeatable;
    type Raw = RawFileDetails;
    type Output = FileDetails;
    fn decode(raw: RawFileDetails) -> Result<FileDetails, Error> {
        Ok(FileDetails {
            url: raw.url,
            filename: raw.filename,
            size: raw.size,
            date: raw.date,
            folder_id: raw.folder_id,
            path: raw.path,
            checksum: raw.checksum,
            content_type: raw.content_type,
            description: raw.description,
            password: raw.pass,
            no_ssl: raw.no_ssl,
            inline: raw.inline,
            cdn: raw.cdn,
            acl: raw.acl,
        })
    }
}

/// A file to delete: its link, plus the removal code for files not attached to an account.
#[derive(Deserialize, Serialize, Debug, Clone)]
#[serde(untagged)]
pub enum FileToRemove {
    Url(String),
    WithCode { url: String, code: String },
}

#[derive(Serialize)]
struct RemovalEntry {
    url: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    code: Option<String>,
}

#[derive(Serialize)]
pub struct RemoveFiles {
    files: Vec<RemovalEntry>,
}

impl RemoveFiles {
    pub fn new(files: Vec<FileToRemove>) -> Result<Self, Error> {
        if files.is_empty() {
            return Err(Error::invalid_input("The list of files to remove is empty."));
        }
        let files = files
            .into_iter()
            .map(|file| match file {
                FileToRemove::Url(url) => Ok(RemovalEntry { url: file_url(&url)?, code: None }),
                FileToRemove::WithCode { url, code } => Ok(RemovalEntry { url: file_url(&url)?, code: Some(code) }),
            })
            .collect::<Result<_, Error>>()?;
        Ok(RemoveFiles { files })
    }
}

/// The wire answer is the result: one struct decodes it and serialises it for JS.
#[derive(Deserialize, Serialize, Debug, PartialEq)]
pub struct Removed {
    #[serde(default, deserialize_with = "lenient::u64_or_zero")]
    pub removed: u64,
}

impl Endpoint for RemoveFiles {
    const PATH: &'static str = "file/rm.cgi";
    const EFFECT: Effect = Effect::Once;
    type Raw = Removed;
    type Output = Removed;
    fn decode(removed: Removed) -> Result<Removed, Error> {
        Ok(removed)
    }
}

#[derive(Serialize)]
pub struct MoveFiles {
    urls: Vec<String>,
    destination_folder_id: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    destination_user: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    rename: Option<String>,
}

impl MoveFiles {
    pub fn new(urls: &[String], folder: f64, rename: Option<&str>, destination_user: Option<String>) -> Result<Self, Error> {
        let urls = file_urls(urls)?;
        let rename = rename.map(|r| non_empty(r, "The new file name")).transpose()?;
        if rename.is_some() && urls.len() != 1 {
            return Err(Error::invalid_input("rename applies to exactly one file."));
        }
        Ok(MoveFiles {
            urls,
            destination_folder_id: folder_id(folder, "The destination folder id")?,
            destination_user,
            rename,
        })
    }
}

#[derive(Deserialize)]
pub struct RawMoved {
    #[serde(default, deserialize_with = "lenient::u64_or_zero")]
    moved: u64,
    #[serde(default)]
    urls: Vec<String>,
    #[serde(default, deserialize_with = "lenient::text")]
    filename: String,
}

#[derive(Serialize, Debug, PartialEq)]
pub struct Moved {
    pub moved: u64,
    /// The links keep working after a move.
    pub urls: Vec<String>,
    /// The new name, when the call renamed the file.
    pub filename: Option<String>,
}

impl Endpoint for MoveFiles {
    const PATH: &'static str = "file/mv.cgi";
    const EFFECT: Effect = Effect::Once;
    type Raw = RawMoved;
    type Output = Moved;
    fn decode(raw: RawMoved) -> Result<Moved, Error> {
        Ok(Moved { moved: raw.moved, urls: raw.urls, filename: Some(raw.filename).filter(|f| !f.is_empty()) })
    }
}

/// Options of `copyFiles`.
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct CopyOptions {
    pub password: Option<String>,
    pub sharing_user: Option<String>,
    pub rename: Option<String>,
}

#[derive(Serialize)]
pub struct CopyFiles {
    urls: Vec<String>,
    // cp takes `folder_id`, not `destination_folder_id` like mv (§2.13).
    folder_id: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pass: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    sharing_user: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    rename: Option<String>,
}

impl CopyFiles {
    pub fn new(urls: &[String], folder: f64, options: CopyOptions) -> Result<Self, Error> {
        let urls = file_urls(urls)?;
        let rename = options.rename.as_deref().map(|r| non_empty(r, "The new file name")).transpose()?;
        if rename.is_some() && urls.len() != 1 {
            return Err(Error::invalid_input("rename applies to exactly one file."));
        }
        Ok(CopyFiles {
            urls,
            folder_id: folder_id(folder, "The destination folder id")?,
            pass: options.password,
            sharing_user: options.sharing_user,
            rename,
        })
    }
}

#[derive(Deserialize)]
pub struct RawCopied {
    #[serde(default, deserialize_with = "lenient::u64_or_zero")]
    copied: u64,
    #[serde(default)]
    urls: Vec<RawCopy>,
}

#[derive(Deserialize)]
struct RawCopy {
    #[serde(default, deserialize_with = "lenient::text")]
    from_url: String,
    #[serde(default, deserialize_with = "lenient::text")]
    to_url: String,
}

#[derive(Serialize, Debug, PartialEq)]
pub struct Copied {
    pub copied: u64,
    /// Each copy gets a new link.
    pub files: Vec<Copy>,
}

#[derive(Serialize, Debug, PartialEq)]
pub struct Copy {
    pub from: String,
    pub to: String,
}

impl Endpoint for CopyFiles {
    const PATH: &'static str = "file/cp.cgi";
    const EFFECT: Effect = Effect::Once;
    type Raw = RawCopied;
    type Output = Copied;
    fn decode(raw: RawCopied) -> Result<Copied, Error> {
        Ok(Copied {
            copied: raw.copied,
            files: raw.urls.into_iter().map(|c| Copy { from: c.from_url, to: c.to_url }).collect(),
        })
    }
}

#[derive(Deserialize, Serialize, Debug, Clone)]
pub struct Rename {
    pub url: String,
    pub filename: String,
}

#[derive(Serialize)]
pub struct RenameFiles {
    urls: Vec<Rename>,
}

impl RenameFiles {
    pub fn new(renames: Vec<Rename>) -> Result<Self, Error> {
        if renames.is_empty() {
            return Err(Error::invalid_input("The list of files to rename is empty."));
        }
        let urls = renames
            .into_iter()
            .map(|r| Ok(Rename { url: file_url(&r.url)?, filename: non_empty(&r.filename, "A new file name")? }))
            .collect::<Result<_, Error>>()?;
        Ok(RenameFiles { urls })
    }
}

#[derive(Deserialize)]
pub struct RawRenamed {
    #[serde(default, deserialize_with = "lenient::u64_or_zero")]
    renamed: u64,
    #[serde(default)]
    urls: Vec<RawRename>,
}

#[derive(Deserialize)]
struct RawRename {
    #[serde(default, deserialize_with = "lenient::text")]
    url: String,
    #[serde(default, deserialize_with = "lenient::text")]
    old_filename: String,
    #[serde(default, deserialize_with = "lenient::text")]
    new_filename: String,
}

#[derive(Serialize, Debug, PartialEq)]
pub struct Renamed {
    pub renamed: u64,
    pub files: Vec<RenamedFile>,
}

#[derive(Serialize, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct RenamedFile {
    pub url: String,
    pub old_filename: String,
    pub new_filename: String,
}

impl Endpoint for RenameFiles {
    const PATH: &'static str = "file/rename.cgi";
    const EFFECT: Effect = Effect::Once;
    type Raw = RawRenamed;
    type Output = Renamed;
    fn decode(raw: RawRenamed) -> Result<Renamed, Error> {
        Ok(Renamed {
            renamed: raw.renamed,
            files: raw
                .urls
                .into_iter()
                .map(|r| RenamedFile { url: r.url, old_filename: r.old_filename, new_filename: r.new_filename })
                .collect(),
        })
    }
}

/// Attributes of `setFileAttributes`; only the given ones are changed.
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct FileAttributes {
    pub filename: Option<String>,
    pub description: Option<String>,
    /// At least 6 characters; "" removes the password.
    pub password: Option<String>,
    pub no_ssl: Option<bool>,
    pub inline: Option<bool>,
    pub cdn: Option<bool>,
    /// Access restrictions; an empty object removes them.
    pub acl: Option<Acl>,
}

#[derive(Serialize)]
pub struct SetFileAttributes {
    urls: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    filename: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pass: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    no_ssl: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    inline: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    cdn: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    acl: Option<AclBody>,
}

#[derive(Serialize)]
struct AclBody {
    ip: Vec<String>,
    country: Vec<String>,
    email: Vec<String>,
    premium: u8,
}

impl SetFileAttributes {
    pub fn new(urls: &[String], attributes: FileAttributes) -> Result<Self, Error> {
        let urls = file_urls(urls)?;
        let filename = attributes.filename.as_deref().map(|f| non_empty(f, "The new file name")).transpose()?;
        if filename.is_some() && urls.len() != 1 {
            return Err(Error::invalid_input("filename applies to exactly one file."));
        }
        if let Some(password) = &attributes.password {
            if !password.is_empty() && password.chars().count() < 6 {
                return Err(Error::invalid_input("A file password has at least 6 characters (\"\" removes it)."));
            }
        }
        let attributes = SetFileAttributes {
            urls,
            filename,
            description: attributes.description,
            pass: attributes.password,
            no_ssl: attributes.no_ssl.map(bit),
            inline: attributes.inline.map(bit),
            cdn: attributes.cdn.map(bit),
            acl: attributes.acl.map(|a| AclBody { ip: a.ip, country: a.country, email: a.email, premium: bit(a.premium) }),
        };
        let nothing = attributes.filename.is_none()
            && attributes.description.is_none()
            && attributes.pass.is_none()
            && attributes.no_ssl.is_none()
            && attributes.inline.is_none()
            && attributes.cdn.is_none()
            && attributes.acl.is_none();
        if nothing {
            return Err(Error::invalid_input("No attribute to change was given."));
        }
        Ok(attributes)
    }
}

#[derive(Deserialize, Serialize, Debug, PartialEq)]
pub struct Updated {
    #[serde(default, deserialize_with = "lenient::u64_or_zero")]
    pub updated: u64,
}

impl Endpoint for SetFileAttributes {
    const PATH: &'static str = "file/chattr.cgi";
    const EFFECT: Effect = Effect::Once;
    type Raw = Updated;
    type Output = Updated;
    fn decode(updated: Updated) -> Result<Updated, Error> {
        Ok(updated)
    }
}

#[derive(Serialize)]
pub struct ScanFile {
    url: String,
}

impl ScanFile {
    pub fn new(url: &str) -> Result<Self, Error> {
        Ok(ScanFile { url: file_url(url)? })
    }
}

#[derive(Deserialize, Serialize, Debug, PartialEq)]
pub struct Scan {
    #[serde(default, deserialize_with = "lenient::text")]
    pub message: String,
    /// Set when 1fichier answered from its 6-hour cache.
    #[serde(default, deserialize_with = "lenient::date")]
    pub date: Option<String>,
}

/// A detection answers KO (and 1fichier removes the file): that surfaces as an error whose
/// `serverMessage` names it.
impl Endpoint for ScanFile {
    const PATH: &'static str = "file/scan.cgi";
    const EFFECT: Effect = Effect::Repeatable;
    type Raw = Scan;
    type Output = Scan;
    fn decode(scan: Scan) -> Result<Scan, Error> {
        Ok(scan)
    }
}

/// Options of `downloadLink` (`download/get_token.cgi`, §2.15).
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct DownloadOptions {
    pub inline: Option<bool>,
    pub cdn: Option<bool>,
    /// CDN only: 0 none, 1 no IP change, 2 no sub-requests.
    pub restrict_ip: Option<u8>,
    /// Forbid sub-requests (resumes) on the link.
    pub single: Option<bool>,
    pub password: Option<String>,
    pub no_ssl: Option<bool>,
    pub folder_id: Option<f64>,
    pub filename: Option<String>,
    pub sharing_user: Option<String>,
}

#[derive(Serialize)]
pub struct DownloadLink {
    url: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    inline: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    cdn: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    restrict_ip: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    single: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pass: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    no_ssl: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    folder_id: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    filename: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    sharing_user: Option<String>,
}

impl DownloadLink {
    pub fn new(url: &str, options: DownloadOptions) -> Result<Self, Error> {
        if options.restrict_ip.is_some_and(|r| r > 2) {
            return Err(Error::invalid_input("restrictIp is 0, 1 or 2."));
        }
        Ok(DownloadLink {
            url: file_url(url)?,
            inline: options.inline.map(bit),
            cdn: options.cdn.map(bit),
            restrict_ip: options.restrict_ip,
            single: options.single.map(bit),
            pass: options.password,
            no_ssl: options.no_ssl.map(bit),
            folder_id: options.folder_id.map(|f| folder_id(f, "folderId")).transpose()?,
            filename: options.filename,
            sharing_user: options.sharing_user,
        })
    }
}

#[derive(Deserialize)]
pub struct RawToken {
    #[serde(default, deserialize_with = "lenient::text")]
    url: String,
}

#[derive(Serialize, Debug, PartialEq)]
pub struct Token {
    /// A direct link, valid about 5 minutes.
    pub url: String,
}

impl Endpoint for DownloadLink {
    const PATH: &'static str = "download/get_token.cgi";
    // A token request creates nothing lasting; asking again just gives another link.
    const EFFECT: Effect = Effect::Repeatable;
    type Raw = RawToken;
    type Output = Token;
    fn decode(raw: RawToken) -> Result<Token, Error> {
        if raw.url.is_empty() {
            return Err(Error::decode(200, "get_token answered without a url"));
        }
        Ok(Token { url: raw.url })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::endpoint::testing::{answer, body_of};
    use crate::error::ErrorCode;
    use serde_json::json;

    const URL: &str = "https://1fichier.com/?2zk52quqlm0cbjr93ri5";

    #[test]
    fn decodes_the_captured_file_listing_in_both_key_orders() {
        // rclone#5421, fact base §7.1
        let first = answer::<ListFiles>(200, r#"{"status":"OK","items":[{"pass":0,"acl":0,"size":12,"filename":"test.txt","checksum":"0a894ff039da399d5a72116b3665cd952abc8a9ffe37bfae4eae4d5381c5102b237c27e88b03f71c516e08ffa1cc9de9eac55d7d3abd38ea56220018f006a2c5","cdn":0,"url":"https://1fichier.com/?2zk52quqlm0cbjr93ri5","date":"2021-06-22 14:57:25","content-type":"text/plain"}],"count":1}"#).unwrap();
        let second = answer::<ListFiles>(200, r#"{"count":1,"items":[{"filename":"test.txt","cdn":0,"acl":0,"pass":0,"size":12,"url":"https://1fichier.com/?2zk52quqlm0cbjr93ri5","date":"2021-06-22 14:57:25","content-type":"text/plain","checksum":"0a894ff039da399d5a72116b3665cd952abc8a9ffe37bfae4eae4d5381c5102b237c27e88b03f71c516e08ffa1cc9de9eac55d7d3abd38ea56220018f006a2c5"}],"status":"OK"}"#).unwrap();
        assert_eq!(first, second);
        assert_eq!(first[0].filename, "test.txt");
        assert_eq!(first[0].size, Some(12));
        assert_eq!(first[0].content_type, "text/plain");
        assert_eq!(first[0].checksum.len(), 128);
    }

    #[test]
    fn list_files_accepts_the_whole_account_and_checks_dates() {
        assert_eq!(body_of(&ListFiles::new(-1.0, Default::default()).unwrap()), json!({"folder_id":-1}));
        let options = ListFilesOptions { sent_after: Some("2024-01-01 00:00:00".into()), ..Default::default() };
        assert_eq!(body_of(&ListFiles::new(0.0, options).unwrap()), json!({"folder_id":0,"sent_after":"2024-01-01 00:00:00"}));
        let bad = ListFilesOptions { sent_after: Some("yesterday".into()), ..Default::default() };
        assert!(ListFiles::new(0.0, bad).is_err());
        assert!(ListFiles::new(-2.0, Default::default()).is_err());
    }

    #[test]
    fn file_info_accepts_both_content_type_spellings_and_the_acl_object() {
        // fact base §7.17 (documentation example)
        let details = answer::<FileInfo>(200, r#"{"url":"https://1fichier.com/?example","filename":"Example.dat","size":1234,"date":"2024-01-01 10:00:00","folder_id":1234,"path":"ExampleA/ExampleB","checksum":"checksum","content_type":"mime/type","description":"File description","pass":0,"no_ssl":0,"inline":0,"cdn":0,"acl":{"ip":["10.0.0.0/8"],"country":["FR"],"email":["user@example.com"],"premium":1}}"#).unwrap();
        assert_eq!(details.content_type, "mime/type");
        assert_eq!(details.acl.unwrap().country, vec!["FR"]);
        let hyphen = answer::<FileInfo>(200, r#"{"filename":"a","content-type":"text/plain","acl":0,"size":"3"}"#).unwrap();
        assert_eq!((hyphen.content_type.as_str(), hyphen.acl, hyphen.size), ("text/plain", None, Some(3)));
    }

    #[test]
    fn missing_and_private_files_map_to_their_codes() {
        assert_eq!(answer::<FileInfo>(404, r#"{"status":"KO","message":"Resource not found #469"}"#).unwrap_err().code, ErrorCode::NotFound);
        assert_eq!(answer::<FileInfo>(403, r#"{"status":"KO","message":"Resource not allowed #631"}"#).unwrap_err().code, ErrorCode::Forbidden);
        assert_eq!(answer::<FileInfo>(200, r#"{"status":"KO","message":"Owner locked #620"}"#).unwrap_err().code, ErrorCode::OwnerLocked);
    }

    #[test]
    fn move_request_matches_the_captured_one() {
        // rclone#5421, fact base §7.2
        let body = body_of(&MoveFiles::new(&[URL.into()], 0.0, Some("test2.txt"), None).unwrap());
        assert_eq!(body, json!({"urls":[URL],"destination_folder_id":0,"rename":"test2.txt"}));
        assert!(MoveFiles::new(&[URL.into(), URL.into()], 0.0, Some("x"), None).is_err());
        assert!(MoveFiles::new(&[], 0.0, None, None).is_err());
        assert!(MoveFiles::new(&["ftp://x".into()], 0.0, None, None).is_err());
    }

    #[test]
    fn file_links_lose_their_extra_parameters() {
        let body = body_of(&FileInfo::new("https://1fichier.com/?2zk52quqlm0cbjr93ri5&af=123&lg=en", None).unwrap());
        assert_eq!(body, json!({"url":URL}));
    }

    #[test]
    fn copy_uses_folder_id_and_returns_new_links() {
        let body = body_of(&CopyFiles::new(&[URL.into()], 7.0, CopyOptions::default()).unwrap());
        assert_eq!(body, json!({"urls":[URL],"folder_id":7}));
        let copied = answer::<CopyFiles>(200, r#"{"status":"OK","copied":1,"urls":[{"from_url":"a","to_url":"b"}]}"#).unwrap();
        assert_eq!(copied.files, vec![Copy { from: "a".into(), to: "b".into() }]);
    }

    #[test]
    fn rename_sends_pairs_and_a_no_op_is_an_error() {
        let body = body_of(&RenameFiles::new(vec![Rename { url: URL.into(), filename: "b.txt".into() }]).unwrap());
        assert_eq!(body, json!({"urls":[{"url":URL,"filename":"b.txt"}]}));
        let error = answer::<RenameFiles>(200, r#"{"status":"KO","message":"No file has been renamed #312"}"#).unwrap_err();
        assert_eq!((error.code, error.status), (ErrorCode::Api, 200));
        let renamed = answer::<RenameFiles>(200, r#"{"status":"OK","renamed":1,"urls":[{"url":"u","old_filename":"a","new_filename":"b"}]}"#).unwrap();
        assert_eq!(renamed.files[0].new_filename, "b");
    }

    #[test]
    fn remove_accepts_links_and_removal_codes() {
        let files = vec![FileToRemove::Url(URL.into()), FileToRemove::WithCode { url: URL.into(), code: "c0de".into() }];
        assert_eq!(body_of(&RemoveFiles::new(files).unwrap()), json!({"files":[{"url":URL},{"url":URL,"code":"c0de"}]}));
        assert!(RemoveFiles::new(vec![]).is_err());
        assert_eq!(answer::<RemoveFiles>(200, r#"{"status":"OK","removed":"2"}"#).unwrap().removed, 2);
    }

    #[test]
    fn attributes_are_sent_as_wire_flags() {
        let attributes = FileAttributes { inline: Some(true), password: Some(String::new()), ..Default::default() };
        assert_eq!(body_of(&SetFileAttributes::new(&[URL.into()], attributes).unwrap()), json!({"urls":[URL],"pass":"","inline":1}));
        assert!(SetFileAttributes::new(&[URL.into()], FileAttributes::default()).is_err());
        let short = FileAttributes { password: Some("abc".into()), ..Default::default() };
        assert!(SetFileAttributes::new(&[URL.into()], short).is_err());
    }

    #[test]
    fn download_link_decodes_the_captured_token_and_customer_error() {
        let token = answer::<DownloadLink>(200, r#"{"status":"OK","url":"https://a-4.1fichier.com/c1080178402"}"#).unwrap();
        assert_eq!(token.url, "https://a-4.1fichier.com/c1080178402");
        let error = answer::<DownloadLink>(200, r#"{"message":"Must be a customer (Premium, Access) #200","status":"KO"}"#).unwrap_err();
        assert_eq!(error.code, ErrorCode::PremiumRequired);
        let body = body_of(&DownloadLink::new(URL, DownloadOptions { single: Some(true), ..Default::default() }).unwrap());
        assert_eq!(body, json!({"url":URL,"single":1}));
    }

    #[test]
    fn scan_reports_cached_dates() {
        let scan = answer::<ScanFile>(200, r#"{"status":"OK","message":"No virus","date":"2024-01-01 00:00:00"}"#).unwrap();
        assert_eq!(scan.date.as_deref(), Some("2024-01-01 00:00:00"));
    }
}
