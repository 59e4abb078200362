//! One module per area of the 1fichier API; one struct per call, implementing `Endpoint`.

pub mod file;
pub mod folder;
pub mod ftp;
pub mod remote;
pub mod upload;
pub mod user;

use crate::error::Error;
use crate::links;

/// Folder ids are 0 (root) or positive; JavaScript hands them over as numbers.
pub fn folder_id(value: f64, what: &str) -> Result<u64, Error> {
    if value.is_finite() && value >= 0.0 && value.fract() == 0.0 && value <= 9_007_199_254_740_991.0 {
        Ok(value as u64)
    } else {
        // The value is not echoed: formatting floats would add 14 KB to the wasm.
        Err(Error::invalid_input(format!("{what} must be 0 (the root) or a positive whole number.")))
    }
}

/// A file link to send to the API: an http(s) URL; 1fichier links lose their extra
/// parameters (`&af=`, `&lg=`), which the API does not expect.
pub fn file_url(value: &str) -> Result<String, Error> {
    let trimmed = value.trim();
    if let Some(link) = links::parse_link(trimmed) {
        if link.kind == links::LinkKind::File {
            return Ok(link.url);
        }
    }
    if links::is_http_url(trimmed) {
        Ok(trimmed.to_string())
    } else {
        Err(Error::invalid_input(format!("{value:?} is not an http(s) link to a file.")))
    }
}

pub fn file_urls(values: &[String]) -> Result<Vec<String>, Error> {
    if values.is_empty() {
        return Err(Error::invalid_input("The list of file links is empty."));
    }
    values.iter().map(|v| file_url(v)).collect()
}

pub fn non_empty(value: &str, what: &str) -> Result<String, Error> {
    let trimmed = value.trim();
    if trimmed.is_empty() {
        Err(Error::invalid_input(format!("{what} must not be empty.")))
    } else {
        Ok(trimmed.to_string())
    }
}

/// 1fichier encodes booleans as 0/1 on the wire.
pub fn bit(value: bool) -> u8 {
    u8::from(value)
}
