//! `user/info.cgi`: read the account, or change its settings (fact base §2.1).

use crate::endpoint::{Effect, Endpoint};
use crate::error::Error;
use crate::lenient;
use serde::{Deserialize, Serialize};

/// Settings that `user/info.cgi` accepts; each is optional and only sent when given.
#[derive(Serialize, Deserialize, Default, Debug, Clone, PartialEq)]
#[serde(rename_all(deserialize = "camelCase"))]
pub struct UserSettings {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ftp_mode: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ftp_did: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ftp_report: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ru_report: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default_domain: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_limit: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default_port: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default_port_files: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub use_cdn: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub download_menu: Option<u8>,
}

impl UserSettings {
    fn validate(self) -> Result<Self, Error> {
        let flags = [
            ("ftpMode", self.ftp_mode),
            ("ftpReport", self.ftp_report),
            ("ruReport", self.ru_report),
            ("defaultPort", self.default_port),
            ("defaultPortFiles", self.default_port_files),
            ("useCdn", self.use_cdn),
            ("downloadMenu", self.download_menu),
        ];
        if let Some((name, _)) = flags.iter().find(|(_, v)| v.is_some_and(|v| v > 1)) {
            return Err(Error::invalid_input(format!("{name} must be 0 or 1.")));
        }
        if self.default_domain.is_some_and(|d| d > 10) {
            return Err(Error::invalid_input("defaultDomain must be a domain id from 0 to 10."));
        }
        if self == UserSettings::default() {
            return Err(Error::invalid_input("No setting to change was given."));
        }
        Ok(self)
    }
}

/// Reads the account (empty body).
#[derive(Serialize)]
pub struct GetUserInfo {}

/// Changes settings; 1fichier answers with the whole account, as for a read.
#[derive(Serialize)]
#[serde(transparent)]
pub struct SetUserSettings(UserSettings);

impl SetUserSettings {
    pub fn new(settings: UserSettings) -> Result<Self, Error> {
        settings.validate().map(SetUserSettings)
    }
}

/// The wire shape; rclone reads the flags as strings, the documentation as numbers: both pass.
#[derive(Deserialize)]
pub struct RawUserInfo {
    #[serde(default, deserialize_with = "lenient::text")]
    email: String,
    #[serde(default, deserialize_with = "lenient::i64_or_zero")]
    offer: i64,
    #[serde(default, rename = "2fa", deserialize_with = "lenient::i64_or_zero")]
    two_factor: i64,
    #[serde(default, deserialize_with = "lenient::flag")]
    mail_rm: bool,
    #[serde(default, deserialize_with = "lenient::i64_or_zero")]
    ftp_mode: i64,
    #[serde(default, deserialize_with = "lenient::u64_or_zero")]
    ftp_did: u64,
    #[serde(default, deserialize_with = "lenient::flag")]
    ftp_report: bool,
    #[serde(default, deserialize_with = "lenient::flag")]
    ru_report: bool,
    #[serde(default, deserialize_with = "lenient::i64_or_zero")]
    default_domain: i64,
    #[serde(default, deserialize_with = "lenient::i64_or_zero")]
    page_limit: i64,
    #[serde(default, deserialize_with = "lenient::i64_or_zero")]
    default_port: i64,
    #[serde(default, deserialize_with = "lenient::i64_or_zero")]
    default_port_files: i64,
    #[serde(default, deserialize_with = "lenient::f64_or_zero")]
    cdn: f64,
    #[serde(default, deserialize_with = "lenient::flag")]
    use_cdn: bool,
    #[serde(default, deserialize_with = "lenient::flag")]
    download_menu: bool,
    #[serde(default, deserialize_with = "lenient::date")]
    subscription_end: Option<String>,
    #[serde(default, deserialize_with = "lenient::f64_or_zero")]
    hot_storage: f64,
    #[serde(default, deserialize_with = "lenient::f64_or_zero")]
    cold_storage: f64,
    #[serde(default, deserialize_with = "lenient::f64_or_zero")]
    allowed_cold_storage: f64,
    #[serde(default, deserialize_with = "lenient::f64_or_zero")]
    available_storage: f64,
    #[serde(default, deserialize_with = "lenient::f64_or_zero")]
    available_cold_storage: f64,
    #[serde(default, deserialize_with = "lenient::f64_or_zero")]
    extended_quota: f64,
    #[serde(default, deserialize_with = "lenient::date")]
    extended_quota_end: Option<String>,
    #[serde(default, deserialize_with = "lenient::flag")]
    overquota: bool,
    #[serde(default, deserialize_with = "lenient::flag")]
    upload_forbidden: bool,
    #[serde(default, deserialize_with = "lenient::date")]
    stats_date: Option<String>,
}

#[derive(Serialize, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct UserInfo {
    pub email: String,
    /// 0 free, 1 Premium, 2 Access, 3 Premium GOLD (as 1fichier numbers them).
    pub offer: i64,
    /// `free`, `premium`, `access`, `gold` or `unknown`.
    pub offer_name: &'static str,
    pub premium: bool,
    /// 0 none, 1 code by mail, 2 authenticator app.
    pub two_factor: i64,
    pub mail_rm: bool,
    /// 0 FTP uploads processed automatically, 1 on `processFtp()`.
    pub ftp_mode: i64,
    pub ftp_folder_id: u64,
    pub ftp_report: bool,
    pub remote_upload_report: bool,
    pub default_domain: i64,
    pub page_limit: i64,
    pub default_port: i64,
    pub default_port_files: i64,
    /// CDN credits, in GB.
    pub cdn_credits: f64,
    pub use_cdn: bool,
    pub download_menu: bool,
    pub subscription_end: Option<String>,
    pub hot_storage: f64,
    pub cold_storage: f64,
    pub allowed_cold_storage: f64,
    /// Bytes; negative when the account is over its quota.
    pub available_storage: f64,
    pub available_cold_storage: f64,
    /// Extra quota in TB.
    pub extended_quota: f64,
    pub extended_quota_end: Option<String>,
    pub overquota: bool,
    pub upload_forbidden: bool,
    pub stats_date: Option<String>,
}

fn decode_user_info(raw: RawUserInfo) -> Result<UserInfo, Error> {
    let offer_name = match raw.offer {
        0 => "free",
        1 => "premium",
        2 => "access",
        3 => "gold",
        _ => "unknown",
    };
    Ok(UserInfo {
        email: raw.email,
        offer: raw.offer,
        offer_name,
        premium: matches!(raw.offer, 1..=3),
        two_factor: raw.two_factor,
        mail_rm: raw.mail_rm,
        ftp_mode: raw.ftp_mode,
        ftp_folder_id: raw.ftp_did,
        ftp_report: raw.ftp_report,
        remote_upload_report: raw.ru_report,
        default_domain: raw.default_domain,
        page_limit: raw.page_limit,
        default_port: raw.default_port,
        default_port_files: raw.default_port_files,
        cdn_credits: raw.cdn,
        use_cdn: raw.use_cdn,
        download_menu: raw.download_menu,
        subscription_end: raw.subscription_end,
        hot_storage: raw.hot_storage,
        cold_storage: raw.cold_storage,
        allowed_cold_storage: raw.allowed_cold_storage,
        available_storage: raw.available_storage,
        available_cold_storage: raw.available_cold_storage,
        extended_quota: raw.extended_quota,
        extended_quota_end: raw.extended_quota_end,
        overquota: raw.overquota,
        upload_forbidden: raw.upload_forbidden,
        stats_date: raw.stats_date,
    })
}

impl Endpoint for GetUserInfo {
    const PATH: &'static str = "user/info.cgi";
    const EFFECT: Effect = Effect::Repeatable;
    type Raw = RawUserInfo;
    type Output = UserInfo;
    fn decode(raw: RawUserInfo) -> Result<UserInfo, Error> {
        decode_user_info(raw)
    }
}

impl Endpoint for SetUserSettings {
    const PATH: &'static str = "user/info.cgi";
    // Settings are absolute values: sending them twice changes nothing more.
    const EFFECT: Effect = Effect::Repeatable;
    type Raw = RawUserInfo;
    type Output = UserInfo;
    fn decode(raw: RawUserInfo) -> Result<UserInfo, Error> {
        decode_user_info(raw)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::endpoint::testing::{answer, body_of};
    use crate::error::ErrorCode;

    #[test]
    fn reads_flags_sent_as_strings_like_rclone_sees_them() {
        let info = answer::<GetUserInfo>(
            200,
            r#"{"status":"OK","email":"a@b.c","offer":"1","cdn":"2.5","2fa":"0","use_cdn":"1",
                "hot_storage":1024,"cold_storage":2048,"available_storage":-10,"upload_forbidden":"0",
                "subscription_end":"2027-01-01 00:00:00","ftp_did":12,"ru_report":"1"}"#,
        )
        .unwrap();
        assert_eq!(info.email, "a@b.c");
        assert_eq!((info.offer, info.offer_name, info.premium), (1, "premium", true));
        assert_eq!(info.cdn_credits, 2.5);
        assert!(info.use_cdn && info.remote_upload_report && !info.upload_forbidden);
        assert_eq!(info.available_storage, -10.0);
        assert_eq!(info.ftp_folder_id, 12);
    }

    #[test]
    fn reads_flags_sent_as_numbers_like_the_documentation_shows() {
        let info = answer::<GetUserInfo>(200, r#"{"status":"OK","email":"x@y.z","offer":0,"cdn":0,"use_cdn":0}"#)
            .unwrap();
        assert_eq!((info.offer_name, info.premium), ("free", false));
        assert_eq!(info.subscription_end, None);
    }

    #[test]
    fn flood_on_user_info_is_a_flood_error() {
        let error = answer::<GetUserInfo>(403, r#"{"status":"KO","message":"Flood detected: IP Locked #38"}"#)
            .unwrap_err();
        assert_eq!(error.code, ErrorCode::Flood);
    }

    #[test]
    fn settings_are_sent_in_wire_names_and_validated() {
        let body = body_of(
            &SetUserSettings::new(UserSettings { use_cdn: Some(1), ftp_did: Some(5), ..Default::default() })
                .unwrap(),
        );
        assert_eq!(body, serde_json::json!({"use_cdn":1,"ftp_did":5}));
        assert_eq!(SetUserSettings::new(UserSettings::default()).err().unwrap().code, ErrorCode::InvalidInput);
        let bad = UserSettings { use_cdn: Some(2), ..Default::default() };
        assert_eq!(SetUserSettings::new(bad).err().unwrap().code, ErrorCode::InvalidInput);
        assert_eq!(body_of(&GetUserInfo {}), serde_json::json!({}));
    }
}
