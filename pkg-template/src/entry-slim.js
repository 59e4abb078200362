// onefichier/slim: the caller supplies the wasm (a URL, a Response, bytes or a compiled
// WebAssembly.Module), for CSP-strict pages, extensions and bundlers with asset pipelines.
import { defineClient } from './client.js';
import { FichierError } from './error.js';
import { sendBody } from './send-web.js';
import initAsync, {
  Core,
  extractLinks as extract,
  initSync as initWasmSync,
  parseLink as parse,
} from './wasm/onefichier.js';

let initialized = false;
let pending;

/** Loads the wasm once; later calls return the same promise. */
export function init(input) {
  pending ??= initAsync({ module_or_path: input }).then(
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
  if (!initialized) initWasmSync({ module });
  initialized = true;
}

export function isInitialized() {
  return initialized;
}

function ready() {
  if (!initialized) {
    throw new FichierError('invalid_input', "Call init() or initSync() of 'onefichier/slim' before using it.");
  }
}

export const Client = defineClient({ Core, ready, sendBody });
export const parseLink = (text) => {
  ready();
  return parse(text);
};
export const extractLinks = (text) => {
  ready();
  return extract(text);
};
export { FichierError };
