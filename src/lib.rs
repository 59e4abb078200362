//! `onefichier`: a client for the 1fichier.com HTTP API.
//!
//! The core is sans-IO. Each public method reads its arguments ([`input`]) and becomes calls of
//! endpoints that are data ([`endpoint`], [`api`]): a path, a JSON body, an answer described by a
//! table that one decoder interprets ([`decode`]). [`runtime`] runs methods as state machines
//! (pacing, retries, batching, waiting, the upload flow), deciding with [`pacing`]; [`error`]
//! maps every failure to a stable code. Values cross the boundary as JSON text ([`json`]).
//! [`whirlpool`] is 1fichier's file hash, streamed, to verify transfers. The
//! `wasm` module (wasm32 only) is the thin JavaScript boundary that performs the IO.
#![deny(unsafe_code)]

/// A free-list allocator (adjacent blocks coalesced) instead of the default dlmalloc: 3 KB
/// gzip less wasm, and the core's allocations are small and short-lived.
#[cfg(target_arch = "wasm32")]
#[global_allocator]
#[allow(unsafe_code)]
// SAFETY: wasm32-unknown-unknown without the atomics feature has a single thread.
static ALLOCATOR: lol_alloc::AssumeSingleThreaded<lol_alloc::FreeListAllocator> =
    unsafe { lol_alloc::AssumeSingleThreaded::new(lol_alloc::FreeListAllocator::new()) };

pub mod api;
pub mod decode;
pub mod endpoint;
pub mod error;
pub mod input;
pub mod json;
pub mod links;
pub mod pacing;
pub mod runtime;
pub mod whirlpool;

/// The JavaScript boundary; public only so that `tests/wasm.rs` can drive it.
#[cfg(target_arch = "wasm32")]
#[doc(hidden)]
pub mod wasm;
