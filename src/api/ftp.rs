//! `ftp/*.cgi`: the account's FTP users and processing of FTP uploads (§2.5).

use crate::decode::{decode, each, f, text, Kind};
use crate::endpoint::{nothing, Call, Effect, Endpoint};
use crate::error::Error;
use crate::input::{p, Args, In, Param};
use crate::json::Value;

/// The documentation does not show this answer (§2.5): accept a list under `data`, `users`
/// or `items`, of names or of objects naming the user as `user`, `login` or `name`.
fn decode_users(raw: &Value, _: &Value) -> Result<Value, Error> {
    let list = ["data", "users", "items"]
        .iter()
        .find_map(|key| raw.field(key));
    each(list, &|item| match item {
        Value::Object(_) => decode(
            item,
            &[
                f(&["user", "login", "name"], "user", Kind::Text),
                f(&["folder_id", "did"], "folderId", Kind::OptCount),
            ],
        ),
        other => Ok(Value::object()
            .with("user", text(Some(other)))
            .with("folderId", Value::Null)),
    })
}

static USERS: Endpoint = Endpoint {
    path: "ftp/users/ls.cgi",
    effect: Effect::Repeatable,
    anonymous: false,
    decode: decode_users,
};

pub fn ftp_users(args: &Args) -> Result<Call, Error> {
    args.options(0, &[])?;
    Ok(Call::new(&USERS, Value::object()))
}

static ADD: Endpoint = Endpoint {
    path: "ftp/users/add.cgi",
    effect: Effect::Once,
    anonymous: false,
    decode: nothing,
};

pub fn add_ftp_user(args: &Args) -> Result<Call, Error> {
    let user = args.non_empty(0, "the FTP user name")?;
    let password = args.text(1, "the FTP password")?;
    if password.is_empty() {
        return Err(args.error("the FTP password", "a non-empty string"));
    }
    const PARAMS: &[Param] = &[p("folderId", "folder_id", In::Id)];
    let body = Value::object().with("user", user).with("pass", password);
    Ok(Call::new(
        &ADD,
        args.options(2, PARAMS)?.fill(body, PARAMS)?,
    ))
}

static REMOVE: Endpoint = Endpoint {
    path: "ftp/users/rm.cgi",
    effect: Effect::Once,
    anonymous: false,
    decode: nothing,
};

pub fn remove_ftp_user(args: &Args) -> Result<Call, Error> {
    let user = args.non_empty(0, "the FTP user name")?;
    args.options(1, &[])?;
    Ok(Call::new(&REMOVE, Value::object().with("user", user)))
}

static PROCESS: Endpoint = Endpoint {
    path: "ftp/process.cgi",
    effect: Effect::Once,
    anonymous: false,
    decode: |raw, _| decode(raw, &[f(&["message"], "message", Kind::Text)]),
};

pub fn process_ftp(args: &Args) -> Result<Call, Error> {
    args.options(0, &[])?;
    Ok(Call::new(&PROCESS, Value::object()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::parse;

    #[test]
    fn accepts_every_plausible_user_list() {
        let call = ftp_users(&Args::new("ftpUsers", &[])).unwrap();
        for answer in [
            r#"{"data":[{"user":"a","folder_id":"3"}]}"#,
            r#"{"users":[{"login":"a","did":3}]}"#,
            r#"{"items":[{"name":"a","folder_id":3}]}"#,
        ] {
            assert_eq!(
                call.decode(200, answer).unwrap().to_json(),
                r#"[{"user":"a","folderId":3}]"#,
                "{answer}"
            );
        }
        assert_eq!(
            call.decode(200, r#"{"data":["b"]}"#).unwrap().to_json(),
            r#"[{"user":"b","folderId":null}]"#
        );
        assert_eq!(
            call.decode(200, r#"{"status":"OK"}"#).unwrap().to_json(),
            "[]"
        );
    }

    #[test]
    fn adds_users_with_a_folder() {
        let list = parse(r#"["bob","pw",{"folderId":"9"}]"#).unwrap();
        let call = add_ftp_user(&Args::new("addFtpUser", list.as_list())).unwrap();
        assert_eq!(
            call.body.to_json(),
            r#"{"user":"bob","pass":"pw","folder_id":9}"#
        );
        let empty = parse(r#"["bob",""]"#).unwrap();
        assert!(add_ftp_user(&Args::new("addFtpUser", empty.as_list())).is_err());
    }
}
