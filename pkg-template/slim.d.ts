// Type definitions for onefichier/slim: the same API as 'onefichier', without the embedded
// wasm. The caller supplies onefichier_bg.wasm (shipped in the package as
// 'onefichier/onefichier_bg.wasm') through init() or initSync() before anything else: until
// then, `new Client()`, `parseLink()` and `extractLinks()` throw a FichierError
// (`invalid_input`). For CSP-strict pages, extensions and bundlers with asset pipelines.
//
// Like index.d.ts, needs only the es2022 library: URL, Request, Response and
// WebAssembly.Module are described by structural types (the DOM's and Node's fit them).

export * from './index.js';

/** A `URL` object (the DOM's and Node's fit). */
interface URLLike {
  readonly href: string;
  readonly protocol: string;
  readonly pathname: string;
}

/** A fetch `Request`. */
interface RequestLike {
  readonly url: string;
  readonly method: string;
  readonly headers: object;
}

/** A fetch `Response`: streaming compilation when served as `application/wasm`. */
interface ResponseLike {
  readonly ok: boolean;
  readonly status: number;
  readonly headers: object;
  arrayBuffer(): Promise<ArrayBuffer>;
}

/**
 * A compiled `WebAssembly.Module`. The standard type has no members to check (and lives in
 * the DOM lib only), so any object fits; strings and numbers do not.
 */
type WebAssemblyModuleLike = object;

/** The wasm bytes. */
export type WasmBytes = ArrayBuffer | ArrayBufferView;

/** What `init()` can load the wasm from. */
export type InitInput = string | URLLike | RequestLike | ResponseLike | WasmBytes | WebAssemblyModuleLike;

/**
 * Loads and instantiates the wasm: from a URL (string or `URL`, fetched), a `Request`, a
 * `Response` (streaming compilation when served as `application/wasm`), the bytes, or a
 * compiled `WebAssembly.Module`; or a Promise of any of these. Runs once: later calls return
 * the same Promise. Rejects with a FichierError (`invalid_input`) when the wasm cannot be
 * loaded; a later call then tries again.
 *
 * How to get the wasm's URL depends on the bundler (the package README has a tested snippet for
 * Vite, webpack, Rollup, esbuild, plain ESM, extensions and Cloudflare Workers).
 *
 * @example
 * // Vite
 * import { init, Client } from 'onefichier/slim';
 * import wasmUrl from 'onefichier/onefichier_bg.wasm?url';
 * await init(wasmUrl);
 * const client = new Client({ apiKey });
 */
export declare function init(input: InitInput | PromiseLike<InitInput>): Promise<void>;

/**
 * Compiles and instantiates the wasm synchronously from its bytes or a compiled
 * `WebAssembly.Module` (e.g. bytes read with `readFileSync`, or a module precompiled by the
 * host); not from a URL. Does nothing once initialised.
 */
export declare function initSync(module: WasmBytes | WebAssemblyModuleLike): void;

/** Whether `init()` has finished or `initSync()` has run. */
export declare function isInitialized(): boolean;

export {};
