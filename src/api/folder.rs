//! `folder/*.cgi`: list, create, remove, move or rename, share (fact base §2.2).

use super::file::FILE_ENTRY;
use super::{bit, id_value};
use crate::decode::{decode, each, f, Field, Kind};
use crate::endpoint::{nothing, Call, Effect, Endpoint};
use crate::error::Error;
use crate::input::{local, p, Args, In, Param};
use crate::json::Value;

const LISTING: &[Field] = &[
    f(&["folder_id"], "id", Kind::Count),
    f(&["name"], "name", Kind::Text),
    f(&["size"], "size", Kind::OptCount),
    f(&["files"], "fileCount", Kind::OptCount),
    f(&["shared"], "shareUrl", Kind::OptText),
];

const SUB_FOLDER: &[Field] = &[
    f(&["id"], "id", Kind::Count),
    f(&["name"], "name", Kind::Text),
    f(&["create_date"], "createdAt", Kind::Date),
    f(&["pass"], "hasPassword", Kind::Flag),
];

/// The listing, its sub-folders (with the listed folder as their `parentId`) and, when asked
/// for, its files.
fn decode_listing(raw: &Value, body: &Value) -> Result<Value, Error> {
    let mut listing = decode(raw, LISTING)?;
    let parent = body.get("folder_id").cloned().unwrap_or(Value::Number(0.0));
    let folders = each(raw.field("sub_folders"), &|item| {
        Ok(decode(item, SUB_FOLDER)?.with("parentId", parent.clone()))
    })?;
    listing.set("folders", folders);
    if body.get("files").is_some() {
        listing.set(
            "files",
            each(raw.field("items"), &|item| decode(item, FILE_ENTRY))?,
        );
    }
    Ok(listing)
}

static LIST: Endpoint = Endpoint {
    path: "folder/ls.cgi",
    effect: Effect::Repeatable,
    anonymous: false,
    decode: decode_listing,
};

const LIST_FOLDER: &[Param] = &[local("files"), p("sharingUser", "sharing_user", In::Email)];

pub fn list_folder(args: &Args) -> Result<Call, Error> {
    let folder = args.id(0, "the folder id")?.unwrap_or(0);
    let options = args.options(1, LIST_FOLDER)?;
    // `files: 1` only when asked: its presence is what tells the decoder to list files.
    let body = Value::object()
        .with("folder_id", id_value(folder))
        .with_some("files", options.flag("files")?.filter(|f| *f).map(bit));
    Ok(Call::new(&LIST, options.fill(body, LIST_FOLDER)?))
}

const WALK: &[Param] = &[p("sharingUser", "sharing_user", In::Email)];

/// `walk(folderId, options)`: the first listing of a tree walk, files included; the JS runtime
/// lists each sub-folder it finds with `listFolder`, paced like every call.
pub fn walk(args: &Args) -> Result<Call, Error> {
    let folder = args.id(0, "the folder id")?.unwrap_or(0);
    let options = args.options(1, WALK)?;
    let body = Value::object()
        .with("folder_id", id_value(folder))
        .with("files", bit(true));
    Ok(Call::new(&LIST, options.fill(body, WALK)?))
}

fn decode_created(raw: &Value, body: &Value) -> Result<Value, Error> {
    let created = decode(
        raw,
        &[
            f(&["folder_id"], "id", Kind::OptCount),
            f(&["name"], "name", Kind::Text),
        ],
    )?;
    match created.get("id") {
        Some(Value::Number(id)) if *id > 0.0 => Ok(created.with(
            "parentId",
            body.get("folder_id").cloned().unwrap_or(Value::Number(0.0)),
        )),
        _ => Err(Error::decode(
            200,
            "folder/mkdir answered without a folder id",
        )),
    }
}

static CREATE: Endpoint = Endpoint {
    path: "folder/mkdir.cgi",
    effect: Effect::Once,
    anonymous: false,
    decode: decode_created,
};

const CREATE_FOLDER: &[Param] = &[
    p("parentId", "folder_id", In::Id),
    p("sharingUser", "sharing_user", In::Email),
];

pub fn create_folder(args: &Args) -> Result<Call, Error> {
    let name = args.non_empty(0, "the folder name")?;
    if crate::input::char_count(&name) > 250 {
        return Err(Error::invalid_input(
            "createFolder: a folder name has at most 250 characters.",
        ));
    }
    let body = Value::object().with("name", name).with("folder_id", 0u64);
    Ok(Call::new(
        &CREATE,
        args.options(1, CREATE_FOLDER)?.fill(body, CREATE_FOLDER)?,
    ))
}

/// A folder that is not the root: the root can be neither removed, moved nor renamed.
fn existing_folder(args: &Args) -> Result<u64, Error> {
    match args.id(0, "the folder id")? {
        None => Err(args.error("the folder id", "given")),
        Some(0) => Err(Error::invalid_input(
            [args.method, ": the root folder (0) cannot be changed."].concat(),
        )),
        Some(id) => Ok(id),
    }
}

static REMOVE: Endpoint = Endpoint {
    path: "folder/rm.cgi",
    effect: Effect::Once,
    anonymous: false,
    decode: nothing,
};

pub fn remove_folder(args: &Args) -> Result<Call, Error> {
    let folder = existing_folder(args)?;
    args.options(1, &[])?;
    Ok(Call::new(
        &REMOVE,
        Value::object().with("folder_id", id_value(folder)),
    ))
}

fn decode_moved(raw: &Value, body: &Value) -> Result<Value, Error> {
    const MOVED: &[Field] = &[
        f(&["folder_id"], "id", Kind::Count),
        f(&["old_name"], "oldName", Kind::Text),
        f(&["new_name"], "name", Kind::Text),
    ];
    // The answer does not repeat the folder: its id comes from the request.
    let mut moved = decode(raw, MOVED)?;
    moved.set("id", body.get("folder_id").cloned().unwrap_or(Value::Null));
    Ok(moved)
}

static MOVE: Endpoint = Endpoint {
    path: "folder/mv.cgi",
    effect: Effect::Once,
    anonymous: false,
    decode: decode_moved,
};

const MOVE_FOLDER: &[Param] = &[
    p("parentId", "destination_folder_id", In::Id),
    p("sharingUser", "destination_user", In::Email),
    p("name", "rename", In::Name),
];

pub fn move_folder(args: &Args) -> Result<Call, Error> {
    let folder = existing_folder(args)?;
    let options = args.options(1, MOVE_FOLDER)?;
    let (parent, name, sharing_user) = (
        options.get("parentId"),
        options.get("name"),
        options.get("sharingUser"),
    );
    match (parent, name) {
        // 1fichier ignores the destination when renaming (§2.2), so a combined call would
        // silently do half of what was asked.
        (Some(_), Some(_)) => {
            return Err(Error::invalid_input(
                "moveFolder: move and rename a folder in two calls (parentId, then name).",
            ))
        }
        (None, None) => {
            return Err(Error::invalid_input(
                "moveFolder: give a new parentId or a new name.",
            ))
        }
        (None, Some(_)) if sharing_user.is_some() => {
            return Err(Error::invalid_input(
                "moveFolder: sharingUser goes with parentId, not with a rename.",
            ))
        }
        _ => {}
    }
    Ok(Call::new(
        &MOVE,
        options.fill(
            Value::object().with("folder_id", id_value(folder)),
            MOVE_FOLDER,
        )?,
    ))
}

static SHARE: Endpoint = Endpoint {
    path: "folder/share.cgi",
    // The whole sharing is set at once: sending it twice changes nothing more.
    effect: Effect::Repeatable,
    anonymous: false,
    decode: |raw, _| decode(raw, &[f(&["url"], "shareUrl", Kind::OptText)]),
};

pub fn share_folder(args: &Args) -> Result<Call, Error> {
    let folder = args
        .id(0, "the folder id")?
        .ok_or_else(|| args.error("the folder id", "given"))?;
    let options = args.options(1, &[local("public"), local("password"), local("shares")])?;
    let public = options.flag("public")?.unwrap_or(false);
    let password = options.text("password")?;
    if let Some(password) = &password {
        if !public {
            return Err(Error::invalid_input(
                "shareFolder: a password only applies to a public share (public: true).",
            ));
        }
        if crate::input::char_count(password) < 6 {
            return Err(Error::invalid_input(
                "shareFolder: a share password has at least 6 characters.",
            ));
        }
    }
    let mut shares = Vec::new();
    if let Some(list) = options.get("shares") {
        let Value::List(items) = list else {
            return Err(options.error("shares", "an array of { email, rw, hideLinks }"));
        };
        for item in items {
            let share = crate::input::Options::read(
                args.method,
                Some(item),
                &[local("email"), local("rw"), local("hideLinks")],
            )?;
            let email = share
                .email("email")?
                .ok_or_else(|| share.error("email of a share", "given"))?;
            let hide_links = share.flag("hideLinks")?.unwrap_or(false);
            // Hidden links imply read-only (§2.2).
            let rw = share.flag("rw")?.unwrap_or(false) && !hide_links;
            shares.push(
                Value::object()
                    .with("email", email)
                    .with("rw", bit(rw))
                    .with("hide_links", bit(hide_links)),
            );
        }
    }
    let body = Value::object()
        .with("folder_id", id_value(folder))
        .with("share", bit(public))
        .with_some("pass", password)
        .with("shares", Value::List(shares));
    Ok(Call::new(&SHARE, body))
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
    fn decodes_the_captured_root_listing() {
        let call = list_folder(&Args::new("listFolder", &[])).unwrap();
        assert_eq!(call.body.to_json(), r#"{"folder_id":0}"#);
        let listing = call.decode(200, r#"{"folder_id":0,"status":"OK","size":null,"files":0,"sub_folders":[{"id":3357645,"create_date":"2021-03-20 16:42:15","name":"backup.phenix","pass":0},{"id":3361075,"create_date":"2021-03-21 06:00:06","name":"backup.rclone","pass":0}],"name":"Root"}"#).unwrap();
        assert_eq!(listing.get("name"), Some(&Value::from("Root")));
        assert_eq!(listing.get("size"), Some(&Value::Null));
        let folders = listing.get("folders").unwrap().as_list();
        assert_eq!(folders[1].get("id"), Some(&Value::Number(3361075.0)));
        assert_eq!(
            folders[0].get("createdAt"),
            Some(&Value::from("2021-03-20 16:42:15"))
        );
        assert_eq!(folders[0].get("parentId"), Some(&Value::Number(0.0)));
        assert_eq!(listing.get("files"), None);
    }

    #[test]
    fn lists_files_on_request_and_tolerates_an_empty_date() {
        let call = list_folder(&Args::new("listFolder", &args(r#"["3",{"files":true}]"#))).unwrap();
        assert_eq!(call.body.to_json(), r#"{"folder_id":3,"files":1}"#);
        let listing = call.decode(200, r#"{"sub_folders":[{"pass":1,"id":"7","name":"x","create_date":""}],"name":"A","folder_id":3,"size":5,"items":[{"url":"https://1fichier.com/?abcde12345","filename":"f","size":1,"content-type":"text/plain","pass":0,"acl":0,"cdn":0,"date":"2021-06-22 14:57:25","checksum":"00"}],"status":"OK"}"#).unwrap();
        let sub = &listing.get("folders").unwrap().as_list()[0];
        assert_eq!(
            sub.to_json(),
            r#"{"id":7,"name":"x","createdAt":null,"hasPassword":true,"parentId":3}"#
        );
        let file = &listing.get("files").unwrap().as_list()[0];
        assert_eq!(file.get("contentType"), Some(&Value::from("text/plain")));
        assert_eq!(file.get("whirlpool"), Some(&Value::from("00")));
    }

    #[test]
    fn refuses_bad_input_before_any_request() {
        for bad in [
            r#"[-1]"#,
            r#"[1.5]"#,
            r#"["x"]"#,
            r#"[0,{"files":"false"}]"#,
            r#"[0,{"files":1}]"#,
            r#"[0,{"folder":1}]"#,
        ] {
            assert_eq!(
                list_folder(&Args::new("listFolder", &args(bad)))
                    .err()
                    .unwrap()
                    .code,
                ErrorCode::InvalidInput,
                "{bad}"
            );
        }
        assert!(remove_folder(&Args::new("removeFolder", &args("[0]"))).is_err());
        assert!(move_folder(&Args::new(
            "moveFolder",
            &args(r#"[5,{"parentId":1,"name":"x"}]"#)
        ))
        .is_err());
        assert!(move_folder(&Args::new("moveFolder", &args(r#"[5,{}]"#))).is_err());
        assert!(share_folder(&Args::new(
            "shareFolder",
            &args(r#"[5,{"password":"secret1"}]"#)
        ))
        .is_err());
        assert!(share_folder(&Args::new(
            "shareFolder",
            &args(r#"[5,{"public":true,"password":"short"}]"#)
        ))
        .is_err());
        assert!(create_folder(&Args::new("createFolder", &args(r#"["  "]"#))).is_err());
    }

    #[test]
    fn builds_bodies_in_wire_names() {
        let moved = move_folder(&Args::new(
            "moveFolder",
            &args(r#"[5,{"parentId":"9","sharingUser":"a@b.c"}]"#),
        ))
        .unwrap();
        assert_eq!(
            moved.body.to_json(),
            r#"{"folder_id":5,"destination_folder_id":9,"destination_user":"a@b.c"}"#
        );
        let renamed =
            move_folder(&Args::new("moveFolder", &args(r#"[5,{"name":" new "}]"#))).unwrap();
        assert_eq!(renamed.body.to_json(), r#"{"folder_id":5,"rename":"new"}"#);
        assert_eq!(
            renamed
                .decode(200, r#"{"old_name":"a","new_name":"new"}"#)
                .unwrap()
                .to_json(),
            r#"{"id":5,"oldName":"a","name":"new"}"#
        );
        let share = share_folder(&Args::new(
            "shareFolder",
            &args(r#"[5,{"public":true,"password":"secret1","shares":[{"email":"x@y.z","rw":true,"hideLinks":true}]}]"#),
        ))
        .unwrap();
        assert_eq!(
            share.body.to_json(),
            r#"{"folder_id":5,"share":1,"pass":"secret1","shares":[{"email":"x@y.z","rw":0,"hide_links":1}]}"#
        );
        assert_eq!(
            share.decode(200, r#"{"url":""}"#).unwrap().to_json(),
            r#"{"shareUrl":null}"#
        );
        let created =
            create_folder(&Args::new("createFolder", &args(r#"["n",{"parentId":4}]"#))).unwrap();
        assert_eq!(created.body.to_json(), r#"{"name":"n","folder_id":4}"#);
        assert_eq!(
            created
                .decode(200, r#"{"folder_id":"77","name":"n"}"#)
                .unwrap()
                .to_json(),
            r#"{"id":77,"name":"n","parentId":4}"#
        );
        assert_eq!(
            created.decode(200, r#"{"name":"n"}"#).unwrap_err().code,
            ErrorCode::Decode
        );
    }

    #[test]
    fn a_walk_starts_with_a_listing_of_files_and_refuses_other_keys() {
        let list = parse(r#"["7",{"sharingUser":"a@b.example"}]"#).unwrap();
        let call = walk(&Args::new("walk", list.as_list())).unwrap();
        assert_eq!(
            call.body.to_json(),
            r#"{"folder_id":7,"files":1,"sharing_user":"a@b.example"}"#
        );
        let list = parse(r#"[7,{"files":false}]"#).unwrap();
        let error = walk(&Args::new("walk", list.as_list())).err().unwrap();
        assert!(
            error.message.contains("unknown option"),
            "{}",
            error.message
        );
    }
}
