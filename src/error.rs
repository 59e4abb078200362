//! Every failure becomes one [`Error`] with a stable [`ErrorCode`] and one clear sentence.
//!
//! 1fichier's KO answers end in `#<number>`, an internal reference that changes between server
//! versions (fact base §1.2), so the classification matches the text before it, never the number.

use crate::links::find;
use serde::Serialize;

/// Stable error codes, shared with JavaScript (`FichierError.code`) and the extension's messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorCode {
    Auth,
    Flood,
    PremiumRequired,
    NotFound,
    Forbidden,
    OwnerLocked,
    InvalidInput,
    Network,
    Timeout,
    Aborted,
    Server,
    Decode,
    Api,
    /// A transfer's bytes do not match 1fichier's Whirlpool hash (checked by the JS runtime).
    Corrupt,
}

impl ErrorCode {
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::Auth => "auth",
            ErrorCode::Flood => "flood",
            ErrorCode::PremiumRequired => "premium_required",
            ErrorCode::NotFound => "not_found",
            ErrorCode::Forbidden => "forbidden",
            ErrorCode::OwnerLocked => "owner_locked",
            ErrorCode::InvalidInput => "invalid_input",
            ErrorCode::Network => "network",
            ErrorCode::Timeout => "timeout",
            ErrorCode::Aborted => "aborted",
            ErrorCode::Server => "server",
            ErrorCode::Decode => "decode",
            ErrorCode::Api => "api",
            ErrorCode::Corrupt => "corrupt",
        }
    }
}

/// A failed call. `message` is meant for people; `code` is meant for programs. Boxed: a
/// pointer-sized error keeps every `Result` of the core small (and the wasm with it).
#[derive(Clone, Debug, PartialEq)]
pub struct Error(Box<Failure>);

/// The record JavaScript receives: `{ code, message, status, serverMessage, retryable }`.
/// Written as a map, not derived: a derived struct makes serde-wasm-bindgen cache its field
/// names in a hash map, which costs the wasm ~1 KB gzip.
impl Serialize for Error {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let entries = [
            ("code", Field::Text(self.code.as_str())),
            ("message", Field::Text(&self.message)),
            ("status", Field::Number(self.status)),
            ("serverMessage", Field::Text(&self.server_message)),
            ("retryable", Field::Flag(self.retryable())),
        ];
        let mut record = serializer.serialize_map(Some(entries.len()))?;
        for (key, value) in &entries {
            record.serialize_entry(key, value)?;
        }
        record.end()
    }
}

/// One value of the record: a single type, so the serializer is instantiated once.
enum Field<'a> {
    Text(&'a str),
    Number(u16),
    Flag(bool),
}

impl Serialize for Field<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Field::Text(text) => serializer.serialize_str(text),
            Field::Number(n) => serializer.serialize_u16(*n),
            Field::Flag(b) => serializer.serialize_bool(*b),
        }
    }
}

impl std::ops::Deref for Error {
    type Target = Failure;
    fn deref(&self) -> &Failure {
        &self.0
    }
}

impl std::ops::DerefMut for Error {
    fn deref_mut(&mut self) -> &mut Failure {
        &mut self.0
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Failure {
    pub code: ErrorCode,
    pub message: String,
    /// HTTP status of the answer, 0 when there was none.
    pub status: u16,
    /// 1fichier's own text (e.g. `Flood detected: IP Locked #374`), or empty.
    pub server_message: String,
    /// What a partly done call achieved (remote upload: sent, uncertain, unsent).
    pub details: Option<crate::json::Value>,
}

impl Error {
    #[inline(always)]
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Error::with_message(code, message.into())
    }

    #[inline(never)]
    fn with_message(code: ErrorCode, message: String) -> Self {
        Error(Box::new(Failure {
            code,
            message,
            status: 0,
            server_message: String::new(),
            details: None,
        }))
    }

    #[inline(always)]
    pub fn invalid_input(message: impl Into<String>) -> Self {
        Error::new(ErrorCode::InvalidInput, message)
    }

    pub fn network(detail: &str) -> Self {
        Error::new(
            ErrorCode::Network,
            ["Could not reach 1fichier (", detail, ")."].concat(),
        )
    }

    pub fn timeout(ms: u32) -> Self {
        Error::new(
            ErrorCode::Timeout,
            [
                "1fichier did not answer within ",
                &crate::json::integer_text(u64::from(ms)),
                " ms.",
            ]
            .concat(),
        )
    }

    pub fn aborted() -> Self {
        Error::new(ErrorCode::Aborted, "The operation was aborted.")
    }

    pub fn decode(status: u16, detail: &str) -> Self {
        let mut error = Error::new(
            ErrorCode::Decode,
            [
                "1fichier sent an answer that could not be understood (",
                detail,
                ").",
            ]
            .concat(),
        );
        error.status = status;
        error
    }

    /// An HTTP error without a 1fichier JSON body (an nginx page, a proxy error, nothing).
    pub fn from_status(status: u16) -> Self {
        let code = match status {
            401 => ErrorCode::Auth,
            403 => ErrorCode::Forbidden,
            404 => ErrorCode::NotFound,
            429 => ErrorCode::Flood,
            500..=599 => ErrorCode::Server,
            _ => ErrorCode::Api,
        };
        let mut error = Error::new(code, sentence(code, ""));
        if code == ErrorCode::Server || code == ErrorCode::Api {
            error.message = [
                "1fichier answered with HTTP status ",
                &crate::json::integer_text(u64::from(status)),
                ".",
            ]
            .concat();
        }
        error.status = status;
        error
    }

    /// A `{"status":"KO","message":…}` answer, whatever its HTTP status.
    pub fn from_ko(status: u16, server_message: &str) -> Self {
        let code = classify(status, server_message);
        Error(Box::new(Failure {
            code,
            message: sentence(code, server_message),
            status,
            server_message: bounded(server_message, 500),
            details: None,
        }))
    }

    /// Whether the same call may succeed later without any change by the user.
    pub fn retryable(&self) -> bool {
        matches!(
            self.code,
            ErrorCode::Flood | ErrorCode::Network | ErrorCode::Timeout | ErrorCode::Server
        )
    }

    /// Adds what the caller was doing, e.g. which URLs were already sent.
    pub fn with_context(mut self, context: &str) -> Self {
        self.message = [&self.message, " ", context].concat();
        self
    }

    /// Removes a secret wherever 1fichier may have echoed it (the API key in a KO message).
    pub fn redact(mut self, secret: &str) -> Self {
        if secret.len() >= 4 {
            self.message = replace_all(&self.message, secret, "[API key]");
            self.server_message = replace_all(&self.server_message, secret, "[API key]");
        }
        self.server_message = bounded(&self.server_message, 500);
        self
    }
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({})", self.message, self.code.as_str())
    }
}

impl std::error::Error for Error {}

/// The text of a KO message without its unstable ` #NNN` reference.
pub fn message_text(server_message: &str) -> &str {
    match server_message.bytes().rposition(|b| b == b'#') {
        Some(at)
            if server_message
                .get(at + 1..)
                .is_some_and(|n| n.chars().all(|c| c.is_ascii_digit())) =>
        {
            server_message.get(..at).unwrap_or("").trim_end()
        }
        _ => server_message.trim(),
    }
}

fn classify(status: u16, server_message: &str) -> ErrorCode {
    let text = message_text(server_message).to_ascii_lowercase();
    let has = |needle: &str| find(&text, needle).is_some();
    if has("flood") || has("ip locked") || has("user locked") || has("apk locked") {
        ErrorCode::Flood
    } else if has("not authenticated") || has("no such user") || has("invalid api key") {
        ErrorCode::Auth
    } else if has("must be a customer") || has("must have cdn") || has("premium status is only") {
        ErrorCode::PremiumRequired
    } else if has("owner locked") {
        ErrorCode::OwnerLocked
    } else if has("not found") {
        ErrorCode::NotFound
    } else if has("not allowed") || has("password") || (has("location") && has("allowed")) {
        ErrorCode::Forbidden
    } else {
        match status {
            401 => ErrorCode::Auth,
            404 => ErrorCode::NotFound,
            403 => ErrorCode::Forbidden,
            429 => ErrorCode::Flood,
            500..=599 => ErrorCode::Server,
            _ => ErrorCode::Api,
        }
    }
}

fn sentence(code: ErrorCode, server_message: &str) -> String {
    let said = message_text(server_message);
    match code {
        ErrorCode::Auth => {
            "1fichier rejected the API key: it is missing, wrong, or its account is locked.".into()
        }
        ErrorCode::Flood => "1fichier is rate-limiting this key or IP address (flood lock); \
                             wait a few minutes before trying again."
            .into(),
        ErrorCode::PremiumRequired => {
            "This needs a 1fichier Premium or Access subscription (or CDN credits).".into()
        }
        ErrorCode::NotFound => "1fichier has no such file or folder.".into(),
        ErrorCode::Forbidden if find(&said.to_ascii_lowercase(), "location").is_some() => {
            "1fichier allows this account to be used from only one location at a time.".into()
        }
        ErrorCode::Forbidden => "1fichier refused access: the file or folder is private, \
                                 password-protected or restricted."
            .into(),
        ErrorCode::OwnerLocked => "The owner of this file has been locked by 1fichier.".into(),
        ErrorCode::Server => "1fichier had a server error.".into(),
        _ => ["1fichier refused the request: ", &bounded(said, 300), "."].concat(),
    }
}

fn replace_all(text: &str, from: &str, to: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = find(rest, from) {
        out.push_str(rest.get(..at).unwrap_or(""));
        out.push_str(to);
        rest = rest.get(at + from.len()..).unwrap_or("");
    }
    out.push_str(rest);
    out
}

/// At most `max` characters, control characters replaced: server text and user input are
/// echoed in messages, and neither may flood a log or drive a terminal.
pub fn bounded(text: &str, max: usize) -> String {
    let mut out = String::new();
    for (count, c) in text.chars().enumerate() {
        if count == max {
            out.push('…');
            break;
        }
        out.push(if c.is_control() { ' ' } else { c });
    }
    out
}

/// A value quoted for a message: bounded, and without the credentials of a URL.
pub fn quote(text: &str) -> String {
    [
        "\"",
        &bounded(&crate::links::without_credentials(text), 80),
        "\"",
    ]
    .concat()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_every_captured_ko_message_by_text_not_number() {
        let table: &[(u16, &str, ErrorCode)] = &[
            (401, "Not authenticated #247", ErrorCode::Auth),
            (403, "No such user #93", ErrorCode::Auth),
            (403, "Flood detected: IP Locked #374", ErrorCode::Flood),
            (403, "Flood detected: IP Locked #412", ErrorCode::Flood),
            (200, "Flood detected: IP Locked #38", ErrorCode::Flood),
            (403, "Flood detected: User Locked #223", ErrorCode::Flood),
            (
                403,
                "Flood detected: User APK Locked #1032",
                ErrorCode::Flood,
            ),
            (
                403,
                "Must be a customer (Premium, Access) #236",
                ErrorCode::PremiumRequired,
            ),
            (
                200,
                "Must be a customer (Premium, Access) #200",
                ErrorCode::PremiumRequired,
            ),
            (
                403,
                "Premium status is only allowed to be used on residential private and dedicated \
                 internet connexion - 1.2.3.4 -. Use CDN credits. #913",
                ErrorCode::PremiumRequired,
            ),
            (
                403,
                "Using professional equipment, must have CDN #1",
                ErrorCode::PremiumRequired,
            ),
            (404, "Resource not found #469", ErrorCode::NotFound),
            (403, "Resource not allowed #631", ErrorCode::Forbidden),
            (
                403,
                "Invalid password. Resource not allowed #631",
                ErrorCode::Forbidden,
            ),
            (
                403,
                "Password not provided. Resource not allowed #12",
                ErrorCode::Forbidden,
            ),
            (200, "Owner locked #620", ErrorCode::OwnerLocked),
            (
                200,
                "Only 1 location allowed at a time #887",
                ErrorCode::Forbidden,
            ),
            (200, "No file has been renamed #312", ErrorCode::Api),
            (401, "Something new #1", ErrorCode::Auth),
            (404, "Something new #1", ErrorCode::NotFound),
            (502, "Something new #1", ErrorCode::Server),
        ];
        for (status, message, code) in table {
            let error = Error::from_ko(*status, message);
            assert_eq!(error.code, *code, "{status} {message}");
            assert_eq!(error.server_message, *message);
            assert_eq!(error.status, *status);
        }
    }

    #[test]
    fn sentences_drop_the_reference_number() {
        assert_eq!(
            message_text("No file has been renamed #312"),
            "No file has been renamed"
        );
        assert_eq!(message_text("Flood #x"), "Flood #x");
        let error = Error::from_ko(200, "No file has been renamed #312");
        assert_eq!(
            error.message,
            "1fichier refused the request: No file has been renamed."
        );
    }

    #[test]
    fn statuses_without_a_body_map_to_codes() {
        assert_eq!(Error::from_status(503).code, ErrorCode::Server);
        assert_eq!(Error::from_status(429).code, ErrorCode::Flood);
        assert_eq!(Error::from_status(401).code, ErrorCode::Auth);
        assert_eq!(Error::from_status(418).code, ErrorCode::Api);
        assert!(Error::from_status(503).retryable());
        assert!(!Error::from_status(404).retryable());
    }
}
