// The UTF-8 codecs of the wasm glue (scripts/build-npm.mjs imports these into it, in place of
// the globals): the platform's own, or small stand-ins where a global is missing. Jest's
// jsdom environment has neither, and the glue makes both when it is imported.
export const TextEncoder =
  globalThis.TextEncoder ??
  class {
    encode(text = '') {
      return Uint8Array.from(unescape(encodeURIComponent(text)), (c) => c.charCodeAt(0));
    }
  };

export const TextDecoder =
  globalThis.TextDecoder ??
  class {
    decode(bytes = new Uint8Array(0)) {
      let binary = '';
      // In slices: spreading a large array into one call overflows the stack.
      for (let at = 0; at < bytes.length; at += 8192) binary += String.fromCharCode(...bytes.subarray(at, at + 8192));
      return decodeURIComponent(escape(binary));
    }
  };
