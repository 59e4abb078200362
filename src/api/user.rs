//! `user/info.cgi`: read the account, or change its settings (fact base §2.1). The settings
//! are described once (JS name, wire name, kind) and that table both decodes `settings` in
//! `userInfo()` and encodes `setUserSettings()`, so one can be fed into the other.

use crate::decode::{decode, decode_one, f, Field, Kind};
use crate::endpoint::{Call, Effect, Endpoint};
use crate::error::Error;
use crate::input::{p, Args, In, Param};
use crate::json::Value;

/// The settings, in both directions (a setting that is not in `userInfo().settings` is not
/// settable, and the reverse).
const SETTINGS: &[Param] = &[
    p("ftpMode", "ftp_mode", In::Whole(0.0, 1.0, "0 or 1")),
    p("ftpFolderId", "ftp_did", In::Id),
    p("ftpReport", "ftp_report", In::Flag),
    p("remoteUploadReport", "ru_report", In::Flag),
    p(
        "defaultDomain",
        "default_domain",
        In::Whole(0.0, 10.0, "a link domain id from 0 to 10"),
    ),
    p(
        "pageLimit",
        "page_limit",
        In::Whole(1.0, 1000.0, "a whole number from 1 to 1000"),
    ),
    p("defaultPort", "default_port", In::Whole(0.0, 1.0, "0 or 1")),
    p(
        "defaultPortFiles",
        "default_port_files",
        In::Whole(0.0, 1.0, "0 or 1"),
    ),
    p("useCdn", "use_cdn", In::Flag),
    p("downloadMenu", "download_menu", In::Flag),
];

/// The account; `offerName`, `premium` and `settings` are added by `decode_user_info`.
const USER_INFO: &[Field] = &[
    f(&["email"], "email", Kind::Text),
    f(&["offer"], "offer", Kind::Int),
    f(&["2fa"], "twoFactor", Kind::Int),
    f(&["mail_rm"], "mailRm", Kind::Flag),
    f(&["cdn"], "cdnCredits", Kind::Number),
    f(&["subscription_end"], "subscriptionEnd", Kind::Date),
    f(&["hot_storage"], "hotStorage", Kind::Number),
    f(&["cold_storage"], "coldStorage", Kind::Number),
    f(
        &["allowed_cold_storage"],
        "allowedColdStorage",
        Kind::Number,
    ),
    f(&["available_storage"], "availableStorage", Kind::Number),
    f(
        &["available_cold_storage"],
        "availableColdStorage",
        Kind::Number,
    ),
    f(&["extended_quota"], "extendedQuota", Kind::Number),
    f(&["extended_quota_end"], "extendedQuotaEnd", Kind::Date),
    f(&["overquota"], "overquota", Kind::Flag),
    f(&["upload_forbidden"], "uploadForbidden", Kind::Flag),
    f(&["stats_date"], "statsDate", Kind::Date),
];

fn decode_user_info(raw: &Value, _: &Value) -> Result<Value, Error> {
    let mut info = decode(raw, USER_INFO)?;
    let offer = match info.get("offer") {
        Some(Value::Number(n)) => *n,
        _ => 0.0,
    };
    let offer_name = match offer as i64 {
        0 => "free",
        1 => "premium",
        2 => "access",
        3 => "gold",
        _ => "unknown",
    };
    info.set("offerName", offer_name);
    info.set("premium", (1.0..=3.0).contains(&offer));
    // The settings, read by the same table that `setUserSettings` writes with.
    let mut settings = Value::object();
    for setting in SETTINGS {
        let kind = match setting.kind {
            In::Flag => Kind::Flag,
            In::Id => Kind::Count,
            _ => Kind::Int,
        };
        settings.set(
            setting.name,
            decode_one(raw, std::slice::from_ref(&setting.wire), kind)?,
        );
    }
    info.set("settings", settings);
    Ok(info)
}

// Settings are absolute values: sending them twice changes nothing more, so both are repeatable.
static USER_INFO_ENDPOINT: Endpoint = Endpoint {
    path: "user/info.cgi",
    effect: Effect::Repeatable,
    anonymous: false,
    decode: decode_user_info,
};

pub fn user_info(args: &Args) -> Result<Call, Error> {
    args.options(0, &[])?;
    Ok(Call::new(&USER_INFO_ENDPOINT, Value::object()))
}

pub fn set_user_settings(args: &Args) -> Result<Call, Error> {
    let body = args.options(0, SETTINGS)?.fill(Value::object(), SETTINGS)?;
    // The call's own options (`signal`) come second.
    args.options(1, &[])?;
    if matches!(&body, Value::Object(members) if members.is_empty()) {
        return Err(Error::invalid_input(
            "setUserSettings: no setting to change was given.",
        ));
    }
    Ok(Call::new(&USER_INFO_ENDPOINT, body))
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
    fn reads_flags_sent_as_strings_like_rclone_sees_them() {
        let call = user_info(&Args::new("userInfo", &[])).unwrap();
        let info = call
            .decode(
                200,
                r#"{"status":"OK","email":"a@b.c","offer":"1","cdn":"2.5","2fa":"0","use_cdn":"1",
                "hot_storage":1024,"cold_storage":2048,"available_storage":-10,"upload_forbidden":"0",
                "subscription_end":"2027-01-01 00:00:00","ftp_did":12,"ru_report":"1"}"#,
            )
            .unwrap();
        assert_eq!(info.get("email"), Some(&Value::from("a@b.c")));
        assert_eq!(info.get("offerName"), Some(&Value::from("premium")));
        assert_eq!(info.get("premium"), Some(&Value::Bool(true)));
        assert_eq!(info.get("cdnCredits"), Some(&Value::Number(2.5)));
        assert_eq!(info.get("availableStorage"), Some(&Value::Number(-10.0)));
        let settings = info.get("settings").unwrap();
        assert_eq!(settings.get("useCdn"), Some(&Value::Bool(true)));
        assert_eq!(settings.get("remoteUploadReport"), Some(&Value::Bool(true)));
        assert_eq!(settings.get("ftpFolderId"), Some(&Value::Number(12.0)));
        assert_eq!(settings.get("ftpMode"), Some(&Value::Number(0.0)));
    }

    #[test]
    fn the_settings_read_can_be_written_back() {
        let info = user_info(&Args::new("userInfo", &[]))
            .unwrap()
            .decode(
                200,
                r#"{"offer":0,"use_cdn":0,"ftp_did":"5","default_domain":3,"page_limit":50}"#,
            )
            .unwrap();
        assert_eq!(info.get("offerName"), Some(&Value::from("free")));
        let settings = info.get("settings").unwrap().clone();
        let call = set_user_settings(&Args::new("setUserSettings", &[settings])).unwrap();
        assert_eq!(
            call.body.to_json(),
            r#"{"ftp_mode":0,"ftp_did":5,"ftp_report":0,"ru_report":0,"default_domain":3,"page_limit":50,"default_port":0,"default_port_files":0,"use_cdn":0,"download_menu":0}"#
        );
    }

    #[test]
    fn settings_are_validated_in_the_one_vocabulary() {
        let ok = set_user_settings(&Args::new(
            "setUserSettings",
            &args(r#"[{"useCdn":true,"ftpFolderId":"3"}]"#),
        ))
        .unwrap();
        assert_eq!(ok.body.to_json(), r#"{"ftp_did":3,"use_cdn":1}"#);
        for bad in [
            r#"[{}]"#,
            r#"[{"useCdn":1}]"#,
            r#"[{"ftpDid":3}]"#,
            r#"[{"defaultDomain":11}]"#,
            r#"[{"ftpMode":2}]"#,
            "[5]",
        ] {
            let error = set_user_settings(&Args::new("setUserSettings", &args(bad)))
                .err()
                .unwrap();
            assert_eq!(error.code, ErrorCode::InvalidInput, "{bad}");
        }
        let error = set_user_settings(&Args::new("setUserSettings", &args(r#"[{"useCdn":1}]"#)))
            .err()
            .unwrap();
        assert_eq!(
            error.message,
            "setUserSettings: useCdn must be true or false."
        );
    }
}
