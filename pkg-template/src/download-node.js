// downloadToFile, for Node: a Premium download streamed into `<path>.part`, resumed from there
// after a cut (a Range request), verified against 1fichier's Whirlpool when asked, and renamed
// to `path` only once complete and verified: a file at `path` is always a whole file.
import { createReadStream, createWriteStream } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import { bodyFailure, corrupt, fetchDirect } from './download.js';
import { FichierError } from './error.js';
import { progressReporter } from './progress.js';
import { Whirlpool } from './whirlpool.js';

const sizeOf = (path) =>
  stat(path).then(
    (info) => info.size,
    () => 0,
  );

/** Feeds a file's bytes to the hasher (the part already on disk, when a verified download resumes). */
async function hashFile(hash, path) {
  for await (const chunk of createReadStream(path)) hash.update(chunk);
}

/**
 * `directUrl` is the one-time link; `expected` the Whirlpool to check, or null. Resolves to
 * `{ path, name, size, resumedFrom, whirlpool }`.
 */
export async function saveDownload({ path, resume, directUrl, expected, signal, onProgress }) {
  const part = `${path}.part`;
  let offset = resume ? await sizeOf(part) : 0;
  const started = await fetchDirect(directUrl, offset, signal);
  if (started.offset !== offset) offset = 0; // the server sent the whole file: start over
  let hash = expected ? await Whirlpool.create() : null;
  const free = () => {
    try {
      hash?.digest();
    } catch {}
    hash = null;
  };
  const output = createWriteStream(part, { flags: offset > 0 ? 'a' : 'w' });
  const closed = new Promise((resolve, reject) => output.once('close', resolve).once('error', reject));
  let received = offset;
  try {
    if (hash && offset > 0) await hashFile(hash, part);
    const report = progressReporter(onProgress, started.size, 'downloadToFile', 'received');
    report(received);
    try {
      for await (const chunk of started.response.body) {
        received += chunk.byteLength;
        hash?.update(chunk);
        if (!output.write(chunk)) await new Promise((resolve) => output.once('drain', resolve));
        report(received);
      }
    } catch (cause) {
      throw cause instanceof FichierError ? cause : bodyFailure(cause, signal, received);
    }
    if (started.size !== null && received !== started.size) {
      throw bodyFailure(new Error('the file ended short'), signal, received);
    }
  } catch (error) {
    free();
    started.response.body?.cancel().catch(() => {});
    output.end();
    await closed.catch(() => {});
    throw error; // the .part stays: the next call resumes it
  }
  output.end();
  await closed;
  let whirlpool = null;
  if (hash) {
    whirlpool = hash.digest();
    hash = null;
    if (whirlpool !== expected) {
      // Resuming a corrupt part would only keep the bad bytes.
      await rm(part, { force: true });
      throw corrupt(expected, whirlpool);
    }
  }
  await rename(part, path);
  return { path, name: started.name, size: received, resumedFrom: offset, whirlpool };
}
