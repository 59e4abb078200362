// upload({ verify: true }): each file is hashed (Whirlpool) while it is sent, and the hashes
// are compared with those 1fichier computed of what it received (end.pl's answer). Loaded on
// first use, like the hasher: pages that never verify skip it.
//
// The hasher reads each file a second time rather than tapping the sender: a browser's
// FormData reads File bytes itself, out of reach, and one way for every runtime is simpler.
// A file's second read comes from the OS cache, and both reads run on one thread anyway.
import { FichierError } from './error.js';
import { discard, Whirlpool } from './whirlpool.js';

const WHIRLPOOL_HEX = /^[0-9a-f]{128}$/i;

/** The bytes of a Blob or Uint8Array source, in chunks (paths are the runtime's `chunksOf`). */
async function* blobChunks(source) {
  if (source instanceof Uint8Array) {
    yield source;
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
 * Starts hashing `sources` (`[{ name, size, source }]`); `chunksOf(source)`, when the runtime has
 * one, reads any source (Node: paths too). Returns `{ check(result, client, signal), stop() }`.
 */
export function startUploadCheck(sources, chunksOf = blobChunks) {
  let stopped = false;
  const digests = Promise.all(
    sources.map(async ({ source }) => {
      const hash = await Whirlpool.create();
      try {
        for await (const chunk of chunksOf(source)) {
          if (stopped) return null;
          hash.update(chunk);
        }
        return hash.digest();
      } finally {
        discard(hash);
      }
    }),
  );
  // An upload that fails first reports its own error; this one is then not waited for.
  digests.catch(() => {});
  return {
    stop() {
      stopped = true;
    },
    check: async (result, client, signal) => checkUpload(result, await digests, sources, client, signal),
  };
}

/**
 * Compares each uploaded file's hash with 1fichier's: end.pl's, else file/info's (needs a key).
 * Files that arrived damaged are deleted when the key allows, so that none looks complete,
 * and the call fails with `corrupt`; `details.result` keeps the upload's result.
 */
async function checkUpload(result, digests, sources, client, signal) {
  if (result.files.length !== sources.length) {
    throw new FichierError(
      'api',
      `1fichier reported ${result.files.length} files for ${sources.length} uploaded, so they cannot be verified.`,
      { retryable: false, details: { result } },
    );
  }
  const damaged = [];
  for (const [index, file] of result.files.entries()) {
    let expected = file.whirlpool;
    if (!WHIRLPOOL_HEX.test(expected ?? '') && client.hasApiKey)
      expected = (await client.fileInfo(file.url, { signal })).whirlpool;
    if (!WHIRLPOOL_HEX.test(expected ?? '')) {
      throw new FichierError('api', `1fichier gave no Whirlpool hash for ${file.name}, so it cannot be verified.`, {
        retryable: false,
        details: { result },
      });
    }
    if (expected.toLowerCase() !== digests[index]) damaged.push(file);
  }
  if (!damaged.length) return result;
  const names = damaged.map((file) => JSON.stringify(file.name)).join(', ');
  const count = damaged.length === 1 ? `${names} arrived` : `${damaged.length} files arrived (${names})`;
  let fate = 'Delete them with their removal links and upload them again.';
  if (client.hasApiKey) {
    await client.removeFiles(
      damaged.map((file) => file.url),
      { signal },
    );
    fate = 'The damaged copies were deleted from 1fichier: upload them again.';
  }
  throw new FichierError('corrupt', `${count} damaged: 1fichier's Whirlpool hash differs from the file's. ${fate}`, {
    details: { result, damaged: damaged.map((file) => file.url) },
  });
}
