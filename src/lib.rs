//! `onefichier`: a client for the 1fichier.com HTTP API.
//!
//! The core is sans-IO: each call of the API is a struct in [`api`] that serialises to its
//! request body and decodes its answer ([`endpoint`]); [`pacing`] decides spacing, retries
//! and polling; [`error`] maps every failure to a stable code. The `wasm` module (wasm32
//! only) is the thin JavaScript boundary that carries requests out with the global `fetch`.
#![forbid(unsafe_code)]

pub mod api;
pub mod endpoint;
pub mod error;
mod lenient;
pub mod links;
pub mod pacing;

/// The JavaScript boundary; public only so that `tests/wasm.rs` can drive it.
#[cfg(target_arch = "wasm32")]
#[doc(hidden)]
pub mod wasm;
