// Node (import and require): the wasm is read synchronously from the package, no init call.
import { readFileSync } from 'node:fs';
import { defineClient } from './client.js';
import { sendBody, statPath } from './send-node.js';
import { Core, extractLinks, initSync, parseLink } from './wasm/onefichier.js';

initSync({ module: readFileSync(new URL('../onefichier_bg.wasm', import.meta.url)) });

export const Client = defineClient({ Core, ready() {}, sendBody, statPath });
export { FichierError } from './error.js';
export { extractLinks, parseLink };
