/**
 * The wasm is set up on first use, never at import: a bundle that only uses `FichierError`
 * pays nothing for it, and no entry needs top-level await. `load()` returns the wasm bytes or
 * a compiled module; it runs once, synchronously, the first time the wasm is needed.
 */
export function lazyWasm(bindings, load) {
  let ready = false;
  return () => {
    if (!ready) {
      bindings.initSync({ module: load() });
      ready = true;
    }
    return bindings;
  };
}
