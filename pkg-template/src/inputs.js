import { FichierError } from './error.js';

const invalid = (message) => new FichierError('invalid_input', message);

/**
 * Normalises what `upload()` accepts into `[{ name, size, source }]` without reading any
 * bytes: a File or Blob, a `{ name, data }` pair (Blob, Uint8Array, ArrayBuffer), a file path where
 * the runtime has a file system (`statPath`), or an array of those.
 */
export async function toFileSources(files, statPath) {
  const list = Array.isArray(files) ? files : [files];
  // An empty list and empty names are refused by the core, with every other upload rule.
  return Promise.all(list.map((item, index) => toSource(item, index, statPath)));
}

async function toSource(item, index, statPath) {
  if (typeof item === 'string') {
    if (!statPath) throw invalid('File paths work only in Node; pass a File, or { name, data }.');
    return statPath(item);
  }
  if (isBlob(item)) {
    // A Blob without a name is named "blob", as FormData names it.
    const name = typeof item.name === 'string' && item.name !== '' ? item.name : 'blob';
    return { name, size: item.size, source: item };
  }
  if (item !== null && typeof item === 'object' && 'data' in item) {
    const { data } = item;
    if (isBlob(data)) return { name: item.name, size: data.size, source: data };
    if (data instanceof ArrayBuffer) return { name: item.name, size: data.byteLength, source: new Uint8Array(data) };
    if (ArrayBuffer.isView(data)) {
      return {
        name: item.name,
        size: data.byteLength,
        source: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
      };
    }
    throw invalid(`The data of file ${index + 1} must be a Blob, a Uint8Array or an ArrayBuffer.`);
  }
  throw invalid(`File ${index + 1} is not a File, a { name, data } pair${statPath ? ' or a path' : ''}.`);
}

function isBlob(value) {
  return typeof Blob !== 'undefined' && value instanceof Blob;
}
