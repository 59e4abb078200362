//! The package's shared constants exist once for JavaScript (`pkg-template/src/constants.js`);
//! the core's own copies (error codes, retryable codes, link domains, default API base, the
//! methods of `Client`) must say the same.
#![cfg(not(target_arch = "wasm32"))]

use onefichier::error::{Error, ErrorCode};

const CONSTANTS_JS: &str = include_str!("../pkg-template/src/constants.js");

/// The quoted strings of `export const NAME = …;` in constants.js.
fn js_list(name: &str) -> Vec<String> {
    let start = CONSTANTS_JS
        .find(&format!("export const {name} ="))
        .unwrap_or_else(|| panic!("{name} is missing"));
    let declaration = &CONSTANTS_JS[start..];
    let end = declaration.find(";\n").unwrap();
    declaration[..end]
        .split('\'')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

const CODES: [ErrorCode; 14] = [
    ErrorCode::Auth,
    ErrorCode::Flood,
    ErrorCode::PremiumRequired,
    ErrorCode::NotFound,
    ErrorCode::Forbidden,
    ErrorCode::OwnerLocked,
    ErrorCode::InvalidInput,
    ErrorCode::Network,
    ErrorCode::Timeout,
    ErrorCode::Aborted,
    ErrorCode::Server,
    ErrorCode::Decode,
    ErrorCode::Api,
    ErrorCode::Corrupt,
];

#[test]
fn error_codes_and_the_retryable_set_match() {
    let rust: Vec<String> = CODES.iter().map(|code| code.as_str().to_string()).collect();
    assert_eq!(js_list("ERROR_CODES"), rust);
    let retryable: Vec<String> = CODES
        .iter()
        .filter(|code| Error::new(**code, "x").retryable())
        .map(|code| code.as_str().to_string())
        .collect();
    assert_eq!(js_list("RETRYABLE_CODES"), retryable);
}

#[test]
fn link_domains_default_api_base_and_methods_match() {
    assert_eq!(
        js_list("LINK_DOMAINS"),
        onefichier::links::DOMAINS.map(str::to_string).to_vec()
    );
    assert_eq!(
        js_list("DEFAULT_API_BASE"),
        vec![onefichier::runtime::DEFAULT_API_BASE.to_string()]
    );
    let methods: Vec<String> = onefichier::api::METHODS
        .iter()
        .map(|(name, _)| name.to_string())
        .collect();
    assert_eq!(js_list("METHODS"), methods);
}
