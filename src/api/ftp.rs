//! `ftp/*.cgi`: FTP sub-accounts and processing of FTP uploads (§2.18). No answer of these
//! was ever captured, so every plausible shape of the user list is accepted.

use super::{folder_id, non_empty};
use crate::endpoint::{Acknowledged, Effect, Endpoint};
use crate::error::Error;
use crate::lenient;
use serde::{Deserialize, Serialize};

#[derive(Serialize)]
pub struct ListFtpUsers {}

/// The list may come as `data`, `users` or `items`, of objects or of bare names.
#[derive(Deserialize)]
pub struct RawFtpUsers {
    #[serde(default, alias = "users", alias = "items")]
    data: Vec<RawFtpUser>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum RawFtpUser {
    Name(String),
    Entry {
        #[serde(alias = "login", alias = "name", deserialize_with = "lenient::text")]
        user: String,
        #[serde(default, alias = "did", deserialize_with = "lenient::opt_u64")]
        folder_id: Option<u64>,
    },
}

#[derive(Serialize, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct FtpUser {
    pub user: String,
    pub folder_id: Option<u64>,
}

impl Endpoint for ListFtpUsers {
    const PATH: &'static str = "ftp/users/ls.cgi";
    const EFFECT: Effect = Effect::Repeatable;
    type Raw = RawFtpUsers;
    type Output = Vec<FtpUser>;
    fn decode(raw: RawFtpUsers) -> Result<Vec<FtpUser>, Error> {
        Ok(raw
            .data
            .into_iter()
            .map(|u| match u {
                RawFtpUser::Name(user) => FtpUser { user, folder_id: None },
                RawFtpUser::Entry { user, folder_id } => FtpUser { user, folder_id },
            })
            .collect())
    }
}

#[derive(Serialize)]
pub struct AddFtpUser {
    user: String,
    pass: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    folder_id: Option<u64>,
}

impl AddFtpUser {
    pub fn new(user: &str, password: &str, folder: Option<f64>) -> Result<Self, Error> {
        if password.is_empty() {
            return Err(Error::invalid_input("The FTP user's password must not be empty."));
        }
        Ok(AddFtpUser {
            user: non_empty(user, "The FTP user name")?,
            pass: password.to_string(),
            folder_id: folder.map(|f| folder_id(f, "folderId")).transpose()?,
        })
    }
}

impl Endpoint for AddFtpUser {
    const PATH: &'static str = "ftp/users/add.cgi";
    const EFFECT: Effect = Effect::Once;
    type Raw = Acknowledged;
    type Output = ();
    fn decode(_: Acknowledged) -> Result<(), Error> {
        Ok(())
    }
}

#[derive(Serialize)]
pub struct RemoveFtpUser {
    user: String,
}

impl RemoveFtpUser {
    pub fn new(user: &str) -> Result<Self, Error> {
        Ok(RemoveFtpUser { user: non_empty(user, "The FTP user name")? })
    }
}

impl Endpoint for RemoveFtpUser {
    const PATH: &'static str = "ftp/users/rm.cgi";
    const EFFECT: Effect = Effect::Once;
    type Raw = Acknowledged;
    type Output = ();
    fn decode(_: Acknowledged) -> Result<(), Error> {
        Ok(())
    }
}

#[derive(Serialize)]
pub struct ProcessFtp {}

#[derive(Deserialize, Serialize, Debug, PartialEq)]
pub struct Processed {
    #[serde(default, deserialize_with = "lenient::text")]
    pub message: String,
}

impl Endpoint for ProcessFtp {
    const PATH: &'static str = "ftp/process.cgi";
    const EFFECT: Effect = Effect::Once;
    type Raw = Processed;
    type Output = Processed;
    fn decode(processed: Processed) -> Result<Processed, Error> {
        Ok(processed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::endpoint::testing::{answer, body_of};
    use serde_json::json;

    #[test]
    fn accepts_every_plausible_user_list() {
        let expected = vec![FtpUser { user: "bob".into(), folder_id: Some(3) }];
        assert_eq!(answer::<ListFtpUsers>(200, r#"{"status":"OK","data":[{"user":"bob","folder_id":3}]}"#).unwrap(), expected);
        assert_eq!(answer::<ListFtpUsers>(200, r#"{"status":"OK","users":[{"login":"bob","did":"3"}]}"#).unwrap(), expected);
        assert_eq!(answer::<ListFtpUsers>(200, r#"{"status":"OK","items":["bob"]}"#).unwrap()[0].user, "bob");
        assert!(answer::<ListFtpUsers>(200, r#"{"status":"OK"}"#).unwrap().is_empty());
    }

    #[test]
    fn add_user_needs_a_name_and_a_password() {
        assert_eq!(body_of(&AddFtpUser::new("bob", "pw", Some(4.0)).unwrap()), json!({"user":"bob","pass":"pw","folder_id":4}));
        assert!(AddFtpUser::new("", "pw", None).is_err());
        assert!(AddFtpUser::new("bob", "", None).is_err());
    }
}
