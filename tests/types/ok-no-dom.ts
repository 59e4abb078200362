// Compiled only in the run without the DOM lib: proves that run really has no DOM (nor
// @types/node) globals, so ok.ts compiling there means Node-only projects work.
// @ts-expect-error AbortSignal is not a global type without the DOM lib.
export type NoSignal = AbortSignal;
// @ts-expect-error Blob is not a global type without the DOM lib.
export type NoBlob = Blob;
