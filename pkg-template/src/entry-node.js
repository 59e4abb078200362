// Node (import and require): the wasm travels inside this file, deflated, and is inflated by
// zlib on first use. Not read from a file next to it: bundled into a server function or a
// single-file CLI (esbuild, tsup, ncc), this file no longer sits next to the package's wasm.
import { inflateRawSync } from 'node:zlib';
import { defineClient } from './client.js';
import { saveDownload } from './download-node.js';
import { lazyWasm } from './lazy-wasm.js';
import { chunksOf, sendBody, statPath } from './send-node.js';
import { deflatedWasm } from './wasm/deflated.js';
// Named imports (not the namespace), so that bundlers drop the async loader this entry never uses.
import { Core, extractLinks as extract, initSync, parseLink as parse } from './wasm/onefichier.js';

const wasm = lazyWasm({ Core, initSync, parseLink: parse, extractLinks: extract }, () =>
  inflateRawSync(Buffer.from(deflatedWasm, 'base64')),
);

export const Client = /* @__PURE__ */ defineClient({ wasm, sendBody, statPath, saveDownload, chunksOf });
export const parseLink = (text) => wasm().parseLink(text);
export const extractLinks = (text) => wasm().extractLinks(text);
export { DEFAULT_API_BASE, ERROR_CODES, LINK_DOMAINS, RETRYABLE_CODES } from './constants.js';
export { FichierError } from './error.js';
export { Whirlpool, whirlpool } from './whirlpool.js';
