import { FichierError } from './error.js';

/**
 * The wasm is set up on first use, never at import: a bundle that only uses `FichierError`
 * pays nothing for it, and no entry needs top-level await. `load()` returns the wasm bytes or
 * a compiled module; it runs once, synchronously, the first time the wasm is needed.
 */
export function lazyWasm(bindings, load) {
  let ready = false;
  return () => {
    if (!ready) {
      try {
        bindings.initSync({ module: load() });
      } catch (error) {
        if (!(error instanceof WebAssembly.CompileError)) throw error;
        // Cloudflare Workers, and pages whose CSP lacks 'wasm-unsafe-eval', refuse to compile
        // wasm from bytes: say what works there instead of V8's words.
        throw new FichierError(
          'api',
          `This runtime refused to compile the onefichier wasm (${error?.message}). Where WebAssembly may not be compiled from bytes (Cloudflare Workers), import 'onefichier/slim' and pass the wasm module to initSync(); on a page, allow 'wasm-unsafe-eval' in the CSP.`,
          { cause: error, retryable: false },
        );
      }
      ready = true;
    }
    return bindings;
  };
}
