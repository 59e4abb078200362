// The Whirlpool hasher's chunk (dist/whirlpool.js): the core's Whirlpool in its own small
// wasm, carried deflated like the browser entry's and compiled when this chunk is first
// imported. whirlpool.js imports it only when something is hashed, so that the pages and
// workers that never verify do not download it.
import { inflate } from './inflate.js';
import { Hasher, initSync } from './wasm/whirlpool.js';
import { deflatedWasm, wasmSize } from './wasm/whirlpool-deflated.js';

initSync({
  module: inflate(
    Uint8Array.from(atob(deflatedWasm), (c) => c.charCodeAt(0)),
    wasmSize,
  ),
});

export { Hasher };
