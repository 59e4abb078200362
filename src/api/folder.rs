//! `folder/*.cgi`: list, create, remove, move/rename and share folders (fact base §2.2–2.6).

use super::file::{FileEntry, RawFileEntry};
use super::{bit, folder_id, non_empty};
use crate::endpoint::{Acknowledged, Effect, Endpoint};
use crate::error::Error;
use crate::lenient;
use serde::{Deserialize, Serialize};

#[derive(Serialize)]
pub struct ListFolder {
    folder_id: u64,
    #[serde(skip_serializing_if = "is_false")]
    #[serde(serialize_with = "as_bit")]
    files: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    sharing_user: Option<String>,
}

fn is_false(value: &bool) -> bool {
    !*value
}

fn as_bit<S: serde::Serializer>(value: &bool, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_u8(bit(*value))
}

impl ListFolder {
    pub fn new(folder: f64, files: bool, sharing_user: Option<String>) -> Result<Self, Error> {
        Ok(ListFolder { folder_id: folder_id(folder, "The folder id")?, files, sharing_user })
    }
}

#[derive(Deserialize)]
pub struct RawFolderListing {
    #[serde(default, deserialize_with = "lenient::u64_or_zero")]
    folder_id: u64,
    #[serde(default, deserialize_with = "lenient::text")]
    name: String,
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    size: Option<u64>,
    #[serde(default, rename = "files", deserialize_with = "lenient::opt_u64")]
    file_count: Option<u64>,
    #[serde(default)]
    sub_folders: Vec<RawSubFolder>,
    #[serde(default)]
    items: Option<Vec<RawFileEntry>>,
    #[serde(default, deserialize_with = "lenient::text")]
    shared: String,
}

#[derive(Deserialize)]
pub struct RawSubFolder {
    #[serde(deserialize_with = "lenient::u64_or_zero")]
    id: u64,
    #[serde(default, deserialize_with = "lenient::text")]
    name: String,
    #[serde(default, deserialize_with = "lenient::date")]
    create_date: Option<String>,
    #[serde(default, deserialize_with = "lenient::flag")]
    pass: bool,
}

#[derive(Serialize, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct FolderListing {
    pub id: u64,
    pub name: String,
    /// Total size in bytes; 1fichier often sends `null`.
    pub size: Option<u64>,
    pub file_count: Option<u64>,
    pub folders: Vec<SubFolder>,
    /// The files of the folder, present only when asked for with `{ files: true }`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub files: Option<Vec<FileEntry>>,
    /// The public share link, when the folder is shared.
    pub share_url: Option<String>,
}

#[derive(Serialize, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct SubFolder {
    pub id: u64,
    pub name: String,
    /// `YYYY-MM-DD HH:MM:SS`, Paris time; `null` when 1fichier sends an empty date.
    pub created: Option<String>,
    pub password: bool,
}

impl Endpoint for ListFolder {
    const PATH: &'static str = "folder/ls.cgi";
    const EFFECT: Effect = Effect::Repeatable;
    type Raw = RawFolderListing;
    type Output = FolderListing;
    fn decode(raw: RawFolderListing) -> Result<FolderListing, Error> {
        Ok(FolderListing {
            id: raw.folder_id,
            name: raw.name,
            size: raw.size,
            file_count: raw.file_count,
            folders: raw
                .sub_folders
                .into_iter()
                .map(|f| SubFolder { id: f.id, name: f.name, created: f.create_date, password: f.pass })
                .collect(),
            files: raw.items.map(|items| items.into_iter().map(FileEntry::from).collect()),
            share_url: Some(raw.shared).filter(|s| !s.is_empty()),
        })
    }
}

#[derive(Serialize)]
pub struct CreateFolder {
    name: String,
    folder_id: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    sharing_user: Option<String>,
}

impl CreateFolder {
    pub fn new(name: &str, parent: f64, sharing_user: Option<String>) -> Result<Self, Error> {
        let name = non_empty(name, "The folder name")?;
        if name.chars().count() > 250 {
            return Err(Error::invalid_input("A folder name has at most 250 characters."));
        }
        Ok(CreateFolder { name, folder_id: folder_id(parent, "The parent folder id")?, sharing_user })
    }
}

#[derive(Deserialize)]
pub struct RawCreatedFolder {
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    folder_id: Option<u64>,
    #[serde(default, deserialize_with = "lenient::text")]
    name: String,
}

#[derive(Serialize, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct CreatedFolder {
    pub id: u64,
    pub name: String,
}

impl Endpoint for CreateFolder {
    const PATH: &'static str = "folder/mkdir.cgi";
    const EFFECT: Effect = Effect::Once;
    type Raw = RawCreatedFolder;
    type Output = CreatedFolder;
    fn decode(raw: RawCreatedFolder) -> Result<CreatedFolder, Error> {
        // rclone trusts mkdir blindly and ends up with folder 0 on a silent failure (§9).
        match raw.folder_id {
            Some(id) if id > 0 => Ok(CreatedFolder { id, name: raw.name }),
            _ => Err(Error::decode(200, "folder/mkdir answered without a folder id")),
        }
    }
}

#[derive(Serialize)]
pub struct RemoveFolder {
    folder_id: u64,
}

impl RemoveFolder {
    pub fn new(folder: f64) -> Result<Self, Error> {
        match folder_id(folder, "The folder id")? {
            0 => Err(Error::invalid_input("The root folder (0) cannot be removed.")),
            id => Ok(RemoveFolder { folder_id: id }),
        }
    }
}

impl Endpoint for RemoveFolder {
    const PATH: &'static str = "folder/rm.cgi";
    const EFFECT: Effect = Effect::Once;
    type Raw = Acknowledged;
    type Output = ();
    fn decode(_: Acknowledged) -> Result<(), Error> {
        Ok(())
    }
}

#[derive(Serialize)]
pub struct MoveFolder {
    folder_id: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    destination_folder_id: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    destination_user: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    rename: Option<String>,
}

impl MoveFolder {
    /// 1fichier ignores the destination when `rename` is given (§2.5), so asking for both
    /// would silently drop the move: that is refused here instead.
    pub fn new(folder: f64, to: Option<f64>, rename: Option<&str>, destination_user: Option<String>) -> Result<Self, Error> {
        let folder = folder_id(folder, "The folder id")?;
        if folder == 0 {
            return Err(Error::invalid_input("The root folder (0) cannot be moved or renamed."));
        }
        let rename = rename.map(|r| non_empty(r, "The new folder name")).transpose()?;
        let destination = to.map(|t| folder_id(t, "The destination folder id")).transpose()?;
        match (&destination, &rename) {
            (Some(_), Some(_)) => Err(Error::invalid_input(
                "Move and rename a folder in two calls: 1fichier ignores the destination when renaming.",
            )),
            (None, None) => Err(Error::invalid_input("Give a destination folder (to) or a new name (rename).")),
            _ => Ok(MoveFolder { folder_id: folder, destination_folder_id: destination, destination_user, rename }),
        }
    }
}

/// Decoded from snake_case, handed to JS in camelCase.
#[derive(Deserialize, Serialize, Debug, PartialEq)]
#[serde(rename_all(serialize = "camelCase"))]
pub struct MovedFolder {
    #[serde(default, deserialize_with = "lenient::text")]
    pub old_name: String,
    #[serde(default, deserialize_with = "lenient::text")]
    pub new_name: String,
}

impl Endpoint for MoveFolder {
    const PATH: &'static str = "folder/mv.cgi";
    const EFFECT: Effect = Effect::Once;
    type Raw = MovedFolder;
    type Output = MovedFolder;
    fn decode(moved: MovedFolder) -> Result<MovedFolder, Error> {
        Ok(moved)
    }
}

/// Options of `shareFolder`, as JavaScript gives them.
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct ShareOptions {
    /// Publish a public link (`https://1fichier.com/dir/<id>`).
    #[serde(default)]
    pub public: bool,
    /// Password of the public link (at least 6 characters).
    pub password: Option<String>,
    /// People to share with; an empty list removes every share.
    #[serde(default)]
    pub shares: Vec<ShareWith>,
}

#[derive(Deserialize, Serialize, Clone)]
#[serde(rename_all(deserialize = "camelCase"))]
pub struct ShareWith {
    pub email: String,
    #[serde(default, serialize_with = "as_bit")]
    pub rw: bool,
    #[serde(default, serialize_with = "as_bit")]
    pub hide_links: bool,
}

#[derive(Serialize)]
pub struct ShareFolder {
    folder_id: u64,
    share: u8,
    #[serde(skip_serializing_if = "Option::is_none")]
    pass: Option<String>,
    shares: Vec<ShareWith>,
}

impl ShareFolder {
    pub fn new(folder: f64, options: ShareOptions) -> Result<Self, Error> {
        let folder = folder_id(folder, "The folder id")?;
        if let Some(password) = &options.password {
            if !options.public {
                return Err(Error::invalid_input("A share password only applies to a public share."));
            }
            if password.chars().count() < 6 {
                return Err(Error::invalid_input("A share password has at least 6 characters."));
            }
        }
        let mut shares = options.shares;
        for share in &mut shares {
            share.email = non_empty(&share.email, "A share's email")?;
            if !share.email.contains('@') {
                return Err(Error::invalid_input(format!("{:?} is not an email address.", share.email)));
            }
            // Hidden links imply read-only (§2.6).
            if share.hide_links {
                share.rw = false;
            }
        }
        Ok(ShareFolder { folder_id: folder, share: bit(options.public), pass: options.password, shares })
    }
}

#[derive(Deserialize)]
pub struct RawShared {
    #[serde(default, deserialize_with = "lenient::text")]
    url: String,
}

#[derive(Serialize, Debug, PartialEq)]
pub struct Shared {
    /// The public link, or `null` when the folder is not publicly shared.
    pub url: Option<String>,
}

impl Endpoint for ShareFolder {
    const PATH: &'static str = "folder/share.cgi";
    const EFFECT: Effect = Effect::Repeatable;
    type Raw = RawShared;
    type Output = Shared;
    fn decode(raw: RawShared) -> Result<Shared, Error> {
        Ok(Shared { url: Some(raw.url).filter(|u| !u.is_empty()) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::endpoint::testing::{answer, body_of};
    use crate::error::ErrorCode;
    use serde_json::json;

    #[test]
    fn decodes_the_captured_root_listing() {
        // rclone#5152, fact base §7.3
        let listing = answer::<ListFolder>(200, r#"{"folder_id":0,"status":"OK","size":null,"files":0,"sub_folders":[{"id":3357645,"create_date":"2021-03-20 16:42:15","name":"backup.phenix","pass":0},{"id":3361075,"create_date":"2021-03-21 06:00:06","name":"backup.rclone","pass":0}],"name":"Root"}"#).unwrap();
        assert_eq!(listing.name, "Root");
        assert_eq!(listing.size, None);
        assert_eq!(listing.folders.len(), 2);
        assert_eq!(listing.folders[1].id, 3361075);
        assert_eq!(listing.folders[0].created.as_deref(), Some("2021-03-20 16:42:15"));
        assert_eq!(listing.files, None);
    }

    #[test]
    fn tolerates_an_empty_create_date_and_lists_files_on_request() {
        let listing = answer::<ListFolder>(200, r#"{"sub_folders":[{"pass":1,"id":"7","name":"x","create_date":""}],"name":"A","folder_id":3,"size":5,"items":[{"url":"https://1fichier.com/?abcde12345","filename":"f","size":1,"content-type":"text/plain","pass":0,"acl":0,"cdn":0,"date":"2021-06-22 14:57:25","checksum":"00"}],"status":"OK"}"#).unwrap();
        assert_eq!(listing.folders[0], SubFolder { id: 7, name: "x".into(), created: None, password: true });
        assert_eq!(listing.files.unwrap()[0].content_type, "text/plain");
        assert_eq!(body_of(&ListFolder::new(3.0, true, None).unwrap()), json!({"folder_id":3,"files":1}));
        assert_eq!(body_of(&ListFolder::new(0.0, false, None).unwrap()), json!({"folder_id":0}));
    }

    #[test]
    fn refuses_bad_folder_ids_before_any_request() {
        for bad in [-1.0, 1.5, f64::NAN] {
            assert_eq!(ListFolder::new(bad, false, None).err().unwrap().code, ErrorCode::InvalidInput);
        }
        assert_eq!(RemoveFolder::new(0.0).err().unwrap().code, ErrorCode::InvalidInput);
        assert_eq!(CreateFolder::new("  ", 0.0, None).err().unwrap().code, ErrorCode::InvalidInput);
        assert_eq!(CreateFolder::new(&"x".repeat(251), 0.0, None).err().unwrap().code, ErrorCode::InvalidInput);
    }

    #[test]
    fn mkdir_without_a_folder_id_is_not_a_success() {
        let created = answer::<CreateFolder>(200, r#"{"status":"OK","folder_id":42,"name":"n"}"#).unwrap();
        assert_eq!(created, CreatedFolder { id: 42, name: "n".into() });
        assert_eq!(answer::<CreateFolder>(200, r#"{"status":"OK"}"#).unwrap_err().code, ErrorCode::Decode);
        assert_eq!(
            answer::<CreateFolder>(200, r#"{"status":"KO","message":"Folder already exists #9"}"#).unwrap_err().code,
            ErrorCode::Api
        );
        assert_eq!(body_of(&CreateFolder::new(" n ", 4.0, None).unwrap()), json!({"name":"n","folder_id":4}));
    }

    #[test]
    fn move_and_rename_are_separate_calls() {
        assert_eq!(body_of(&MoveFolder::new(5.0, Some(0.0), None, None).unwrap()), json!({"folder_id":5,"destination_folder_id":0}));
        assert_eq!(body_of(&MoveFolder::new(5.0, None, Some("b"), None).unwrap()), json!({"folder_id":5,"rename":"b"}));
        assert!(MoveFolder::new(5.0, Some(1.0), Some("b"), None).is_err());
        assert!(MoveFolder::new(5.0, None, None, None).is_err());
        let moved = answer::<MoveFolder>(200, r#"{"status":"OK","old_name":"a","new_name":"b"}"#).unwrap();
        assert_eq!(moved.new_name, "b");
    }

    #[test]
    fn share_bodies_follow_the_documented_shape() {
        let options = ShareOptions {
            public: true,
            password: Some("secret1".into()),
            shares: vec![ShareWith { email: "f@x.y".into(), rw: true, hide_links: true }],
        };
        assert_eq!(
            body_of(&ShareFolder::new(9.0, options).unwrap()),
            json!({"folder_id":9,"share":1,"pass":"secret1","shares":[{"email":"f@x.y","rw":0,"hide_links":1}]})
        );
        let short = ShareOptions { public: true, password: Some("abc".into()), shares: vec![] };
        assert!(ShareFolder::new(9.0, short).is_err());
        let shared = answer::<ShareFolder>(200, r#"{"status":"OK","url":"https://1fichier.com/dir/AbC"}"#).unwrap();
        assert_eq!(shared.url.as_deref(), Some("https://1fichier.com/dir/AbC"));
    }
}
