// Node (import and require): the wasm is read from the package on first use.
import { readFileSync } from 'node:fs';
import { defineClient } from './client.js';
import { lazyWasm } from './lazy-wasm.js';
import { sendBody, statPath } from './send-node.js';
// Named imports (not the namespace), so that bundlers drop the async loader this entry never uses.
import { Core, extractLinks as extract, initSync, parseLink as parse } from './wasm/onefichier.js';

const wasm = lazyWasm({ Core, initSync, parseLink: parse, extractLinks: extract }, () =>
  readFileSync(new URL('../onefichier_bg.wasm', import.meta.url)),
);

export const Client = /* @__PURE__ */ defineClient({ wasm, sendBody, statPath });
export const parseLink = (text) => wasm().parseLink(text);
export const extractLinks = (text) => wasm().extractLinks(text);
export { DEFAULT_API_BASE, ERROR_CODES, LINK_DOMAINS, RETRYABLE_CODES } from './constants.js';
export { FichierError } from './error.js';
