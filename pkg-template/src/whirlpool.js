// Whirlpool, 1fichier's file hash, streamed: `await Whirlpool.create()`, then `update(chunk)`
// and `digest()`; `whirlpool(data)` hashes a whole Blob, buffer, string or stream. The hash is
// the Rust core's, in a second small wasm (dist/whirlpool.js) imported on first use.
import { FichierError } from './error.js';

let loading;
/** Frees the hasher of a hash given up before its digest (a no-op once digested); for this package's own modules. */
export let discard;
const misuse = (message) => new FichierError('invalid_input', message, { retryable: false });

export class Whirlpool {
  #hasher;

  static {
    discard = (hash) => {
      hash?.#hasher?.free();
      if (hash) hash.#hasher = undefined;
    };
  }

  /** Use `await Whirlpool.create()`: the hasher's wasm loads on first use. */
  constructor(hasher) {
    if (!hasher) throw misuse('Use `await Whirlpool.create()`.');
    this.#hasher = hasher;
  }

  static async create() {
    // Imported once; a failed import is tried again by the next call.
    loading ??= import('./hasher-chunk.js').catch((cause) => {
      loading = undefined;
      throw new FichierError('api', `The Whirlpool hasher could not be loaded (${cause?.message}).`, { cause });
    });
    return new Whirlpool(new (await loading).Hasher());
  }

  /** Adds bytes (a Uint8Array, ArrayBuffer, typed array or string); returns this. */
  update(chunk) {
    if (!this.#hasher) throw misuse('This Whirlpool was already digested.');
    const bytes =
      typeof chunk === 'string'
        ? new TextEncoder().encode(chunk)
        : ArrayBuffer.isView(chunk)
          ? new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength)
          : chunk instanceof ArrayBuffer
            ? new Uint8Array(chunk)
            : null;
    if (!bytes) throw misuse('Whirlpool hashes bytes: a Uint8Array, an ArrayBuffer, a typed array or a string.');
    this.#hasher.update(bytes);
    return this;
  }

  /** The digest as 128 lower-case hex digits, as 1fichier writes it; the hasher is then freed. */
  digest() {
    const hasher = this.#hasher;
    if (!hasher) throw misuse('This Whirlpool was already digested.');
    this.#hasher = undefined;
    const hex = hasher.digest();
    hasher.free();
    return hex;
  }
}

/** Whirlpool of a Blob/File, bytes, a string, a web ReadableStream or an async iterable of chunks. */
export async function whirlpool(data) {
  const hash = await Whirlpool.create();
  try {
    if (typeof Blob !== 'undefined' && data instanceof Blob) data = data.stream();
    if (typeof data?.[Symbol.asyncIterator] === 'function') for await (const chunk of data) hash.update(chunk);
    else if (typeof data?.getReader === 'function') {
      const reader = data.getReader();
      for (let read = await reader.read(); !read.done; read = await reader.read()) hash.update(read.value);
    } else hash.update(data);
    return hash.digest();
  } finally {
    discard(hash); // when a chunk failed
  }
}
