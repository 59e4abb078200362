// Browsers, workers, extension service workers and bundlers: the wasm is embedded and
// compiled synchronously at import, so there is no init call and no top-level await.
import { defineClient } from './client.js';
import { sendBody } from './send-web.js';
import { wasmBytes } from './wasm/bytes.js';
import { Core, extractLinks, initSync, parseLink } from './wasm/onefichier.js';

initSync({ module: wasmBytes() });

export const Client = defineClient({ Core, ready() {}, sendBody });
export { FichierError } from './error.js';
export { extractLinks, parseLink };
