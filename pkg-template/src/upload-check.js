// upload({ verify: true }): each file is hashed (Whirlpool) while it is sent, and the hashes
// are compared with those 1fichier computed of what it received (end.pl's answer). Loaded on
// first use, like the hasher: pages that never verify skip it.
//
// The hasher reads each file a second time rather than tapping the sender: a browser's
// FormData reads File bytes itself, out of reach, and one way for every runtime is simpler.
// Files are hashed one at a time, in the order they are sent, so that the second read stays
// close to the first (the OS cache) and a large folder does not open every file at once.
import { FichierError } from './error.js';
import { discard, Whirlpool } from './whirlpool.js';

const WHIRLPOOL_HEX = /^[0-9a-f]{128}$/i;
const CHUNK = 1 << 20;

/** The bytes of a Blob or Uint8Array source, in chunks (paths are the runtime's `chunksOf`). */
async function* blobChunks(source) {
  if (source instanceof Uint8Array) {
    for (let at = 0; at < source.byteLength; at += CHUNK) yield source.subarray(at, at + CHUNK);
    return;
  }
  const reader = source.stream().getReader();
  try {
    for (let read = await reader.read(); !read.done; read = await reader.read()) yield read.value;
  } finally {
    reader.releaseLock();
  }
}

/**
 * Whirlpool of exactly `size` bytes of a source, or null once `stopped()`. A source that is now
 * longer or shorter than what was sent changed during the upload: that is not 1fichier's fault.
 */
async function hashSource({ name, size, source }, chunksOf, stopped) {
  const hash = await Whirlpool.create();
  try {
    let read = 0;
    for await (const chunk of chunksOf(source)) {
      if (stopped()) return null;
      const take = Math.min(chunk.byteLength, size - read);
      hash.update(take === chunk.byteLength ? chunk : chunk.subarray(0, take));
      read += chunk.byteLength;
      if (read > size) break;
    }
    if (read !== size)
      throw new FichierError('invalid_input', `${JSON.stringify(name)} changed while it was being uploaded.`);
    return hash.digest();
  } finally {
    discard(hash);
  }
}

/**
 * Starts hashing `sources` (`[{ name, size, source }]`); `chunksOf(source)`, when the runtime has
 * one, reads any source (Node: paths too). Returns `{ check(result, client, signal), stop() }`.
 */
export function startUploadCheck(sources, chunksOf = blobChunks) {
  let stopped = false;
  const digests = (async () => {
    const all = [];
    for (const source of sources) all.push(await hashSource(source, chunksOf, () => stopped));
    return all;
  })();
  // An upload that fails first reports its own error; this one is then not waited for.
  digests.catch(() => {});
  return {
    stop() {
      stopped = true;
    },
    async check(result, client, signal) {
      let hashes;
      try {
        hashes = await digests;
      } catch (cause) {
        // The upload went through: whoever handles this error needs its links.
        const { code, message } =
          cause instanceof FichierError ? cause : { code: 'invalid_input', message: String(cause) };
        throw new FichierError(code, `The upload went through, but it could not be verified: ${message}`, {
          cause,
          details: { result },
        });
      }
      return checkUpload(result, pair(result.files, sources), hashes, client, signal);
    },
  };
}

/**
 * For each source, the index of its file in end.pl's answer. The fact base does not say that
 * the answer keeps the order of the upload: files are paired by name and size when those are
 * unique, else by position.
 */
function pair(files, sources) {
  const key = (name, size) => `${size}/${name}`;
  const keys = sources.map(({ name, size }) => key(name, size));
  const unique = new Set(keys).size === keys.length;
  const at = new Map(files.map((file, index) => [key(file.name, file.size), index]));
  return sources.map((_, index) => (unique && at.has(keys[index]) ? at.get(keys[index]) : index));
}

/**
 * Compares each uploaded file's hash with 1fichier's: end.pl's, else file/info's (needs a key).
 * Files that arrived damaged are deleted when the key allows, so that none looks complete,
 * and the call fails with `corrupt`; `details` holds the upload's result, the damaged links and
 * whether they were deleted.
 */
async function checkUpload(result, order, hashes, client, signal) {
  if (result.files.length !== hashes.length || new Set(order).size !== order.length) {
    throw new FichierError(
      'api',
      `1fichier reported ${result.files.length} files for ${hashes.length} uploaded, so they cannot be verified.`,
      { retryable: false, details: { result } },
    );
  }
  const damaged = [];
  for (const [index, fileIndex] of order.entries()) {
    const file = result.files[fileIndex];
    let expected = file.whirlpool;
    if (!WHIRLPOOL_HEX.test(expected ?? '') && client.hasApiKey)
      expected = (await client.fileInfo(file.url, { signal })).whirlpool;
    if (!WHIRLPOOL_HEX.test(expected ?? '')) {
      throw new FichierError('api', `1fichier gave no Whirlpool hash for ${file.name}, so it cannot be verified.`, {
        retryable: false,
        details: { result },
      });
    }
    if (expected.toLowerCase() !== hashes[index]) damaged.push(file);
  }
  if (!damaged.length) return result;
  const urls = damaged.map((file) => file.url);
  const names = damaged.map((file) => JSON.stringify(file.name)).join(', ');
  const count = damaged.length === 1 ? `${names} arrived` : `${damaged.length} files arrived (${names})`;
  let deleted = false;
  let fate = 'Delete them with their removal links and upload them again.';
  if (client.hasApiKey) {
    try {
      await client.removeFiles(urls, { signal });
      deleted = true;
      fate = 'The damaged copies were deleted from 1fichier: upload them again.';
    } catch (error) {
      fate = `They could not be deleted (${error.message}): delete ${urls.join(' ')} and upload them again.`;
    }
  }
  throw new FichierError('corrupt', `${count} damaged: 1fichier's Whirlpool hash differs from the file's. ${fate}`, {
    details: { result, damaged: urls, deleted },
  });
}
