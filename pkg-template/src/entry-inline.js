// Browsers, workers, extension service workers and bundlers: the wasm travels inside this
// file, deflated, and is inflated and compiled on first use (no fetch, no init call, no
// top-level await).
import { defineClient } from './client.js';
import { inflate } from './inflate.js';
import { lazyWasm } from './lazy-wasm.js';
import { sendBody } from './send-web.js';
import { deflatedWasm, wasmSize } from './wasm/deflated.js';
import * as bindings from './wasm/onefichier.js';

const wasm = lazyWasm(bindings, () =>
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
