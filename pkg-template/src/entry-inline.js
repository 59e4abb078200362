// Browsers, workers, extension service workers and bundlers: the wasm travels inside this
// file, deflated, and is inflated and compiled on first use (no fetch, no init call, no
// top-level await).
import { defineClient } from './client.js';
import { inflate } from './inflate.js';
import { lazyWasm } from './lazy-wasm.js';
import { sendBody } from './send-web.js';
import { deflatedWasm, wasmSize } from './wasm/deflated.js';
// Named imports (not the namespace), so that bundlers drop the async loader this entry never uses.
import { Core, extractLinks as extract, initSync, parseLink as parse } from './wasm/onefichier.js';

const wasm = lazyWasm({ Core, initSync, parseLink: parse, extractLinks: extract }, () =>
  inflate(
    Uint8Array.from(atob(deflatedWasm), (c) => c.charCodeAt(0)),
    wasmSize,
  ),
);

export const Client = /* @__PURE__ */ defineClient({ wasm, sendBody });
export const parseLink = (text) => wasm().parseLink(text);
export const extractLinks = (text) => wasm().extractLinks(text);
export { DEFAULT_API_BASE, ERROR_CODES, LINK_DOMAINS, RETRYABLE_CODES } from './constants.js';
export { FichierError } from './error.js';
export { Whirlpool, whirlpool } from './whirlpool.js';
