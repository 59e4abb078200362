//! The JavaScript boundaries: the client's (`client`), and, built with the `whirlpool-wasm`
//! feature instead, the Whirlpool hasher's (`hasher`), a second small wasm that the package
//! loads only when something is verified, so that pages which never verify do not carry it.

#[cfg(not(feature = "whirlpool-wasm"))]
mod client;
#[cfg(not(feature = "whirlpool-wasm"))]
pub use client::*;

#[cfg(feature = "whirlpool-wasm")]
pub mod hasher;
