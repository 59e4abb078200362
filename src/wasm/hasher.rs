//! The Whirlpool hasher's boundary, the only export of the `whirlpool-wasm` build. The package's
//! `Whirlpool` checks its use (one `digest()`, no `update` after it).

use crate::whirlpool::Whirlpool;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
pub struct Hasher {
    inner: Option<Whirlpool>,
}

#[wasm_bindgen]
impl Hasher {
    #[wasm_bindgen(constructor)]
    pub fn new() -> Hasher {
        Hasher {
            inner: Some(Whirlpool::new()),
        }
    }

    /// Hashes a chunk (copied into the wasm memory for the time of the call).
    pub fn update(&mut self, chunk: &[u8]) {
        if let Some(inner) = &mut self.inner {
            inner.update(chunk);
        }
    }

    /// The digest: 128 lower-case hex digits ('' after the first call).
    pub fn digest(&mut self) -> String {
        self.inner.take().map(Whirlpool::finish).unwrap_or_default()
    }
}

impl Default for Hasher {
    fn default() -> Self {
        Self::new()
    }
}
