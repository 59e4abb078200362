// onefichier/slim: the caller supplies the wasm (a URL, a Response, bytes or a compiled
// WebAssembly.Module), for CSP-strict pages, extensions and bundlers with asset pipelines.
import { defineClient } from './client.js';
import { FichierError } from './error.js';
import { sendBody } from './send-web.js';
import * as bindings from './wasm/onefichier.js';

let initialized = false;
let pending;

/** Loads the wasm once; later calls return the same promise. */
export function init(input) {
  pending ??= bindings.default({ module_or_path: input }).then(
    () => {
      initialized = true;
    },
    (error) => {
      pending = undefined;
      throw new FichierError('invalid_input', `The onefichier wasm could not be loaded: ${error.message}`, {
        cause: error,
      });
    },
  );
  return pending;
}

/** Compiles the wasm synchronously from bytes or a WebAssembly.Module. */
export function initSync(module) {
  if (!initialized) bindings.initSync({ module });
  initialized = true;
}

export function isInitialized() {
  return initialized;
}

function wasm() {
  if (!initialized) {
    throw new FichierError('invalid_input', "Call init() or initSync() of 'onefichier/slim' before using it.");
  }
  return bindings;
}

export const Client = /* @__PURE__ */ defineClient({ wasm, sendBody });
export const parseLink = (text) => wasm().parseLink(text);
export const extractLinks = (text) => wasm().extractLinks(text);
export { DEFAULT_API_BASE, ERROR_CODES, LINK_DOMAINS, RETRYABLE_CODES } from './constants.js';
export { Whirlpool, whirlpool } from './whirlpool.js';
export { FichierError };
