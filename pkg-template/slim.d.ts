// Type definitions for onefichier/slim: the same API as 'onefichier', without the embedded
// wasm. The caller supplies onefichier_bg.wasm (shipped in the package as
// 'onefichier/onefichier_bg.wasm') through init() or initSync() before anything else: until
// then, `new Client()`, `parseLink()` and `extractLinks()` throw a FichierError
// (`invalid_input`). For CSP-strict pages, extensions and bundlers with asset pipelines.

export * from './index.js';

/** What `init()` can load the wasm from. */
export type InitInput =
  | string
  | URL
  | Request
  | Response
  | BufferSource
  | WebAssembly.Module;

/**
 * Loads and instantiates the wasm: from a URL (string or `URL`, fetched), a `Request`, a
 * `Response` (streaming compilation when served as `application/wasm`), the bytes, or a
 * compiled `WebAssembly.Module`; or a Promise of any of these. Runs once: later calls return
 * the same Promise. Rejects with a FichierError (`invalid_input`) when the wasm cannot be
 * loaded; a later call then tries again.
 *
 * @example
 * import { init, Client } from 'onefichier/slim';
 * await init(new URL('onefichier/onefichier_bg.wasm', import.meta.url));
 * const client = new Client({ apiKey });
 */
export declare function init(input: InitInput | Promise<InitInput>): Promise<void>;

/**
 * Compiles and instantiates the wasm synchronously from its bytes or a compiled
 * `WebAssembly.Module` (e.g. bytes read with `readFileSync`, or a module precompiled by the
 * host). Does nothing once initialised.
 */
export declare function initSync(module: BufferSource | WebAssembly.Module): void;

/** Whether `init()` has finished or `initSync()` has run. */
export declare function isInitialized(): boolean;
