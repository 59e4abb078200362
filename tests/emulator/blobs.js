// File contents. Uploaded and remotely fetched bytes go to a private temporary directory (so a
// 1 GB upload never sits in memory); seeded and simulated files use a generated, repeatable
// pattern instead of stored bytes. A blob is a plain JSON value so the state stays serialisable:
// { kind: 'disk', path } or { kind: 'pattern', seed }.

import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, createWriteStream, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { createChecksum } from './util.js';

const PATTERN_BLOCK_SIZE = 64 * 1024;
// Hashing a generated body costs a full pass over it (Whirlpool: ~10 s a GiB); beyond this size
// (a seeded "300 GB" file) the checksum is derived from the seed instead and is not the digest
// of the served bytes, so a verified download of such a file fails as corrupt. 2 GiB covers the
// benchmark's verified 1 GiB download.
const PATTERN_HASH_LIMIT = 2 * 1024 * 1024 * 1024;

function patternBlock(seed) {
  const parts = [];
  for (let i = 0; i < PATTERN_BLOCK_SIZE / 32; i++) parts.push(createHash('sha256').update(`${seed}:${i}`).digest());
  return Buffer.concat(parts);
}

async function* patternBytes(seed, start, end) {
  const block = patternBlock(seed);
  for (let offset = start; offset < end; ) {
    const inBlock = offset % PATTERN_BLOCK_SIZE;
    const length = Math.min(PATTERN_BLOCK_SIZE - inBlock, end - offset);
    yield block.subarray(inBlock, inBlock + length);
    offset += length;
  }
}

export class BlobStore {
  // Removes the directory even when a test process exits without calling close().
  #removeOnExit = () => rmSync(this.dir, { recursive: true, force: true });
  #checksum;

  /** `checksum`: the algorithm of the files' checksums (`whirlpool`, or `sha512` for benchmarks). */
  constructor(checksum = 'whirlpool') {
    this.#checksum = checksum;
    this.dir = mkdtempSync(join(tmpdir(), 'onefichier-emulator-'));
    this.created = 0;
    process.once('exit', this.#removeOnExit);
  }

  #newPath() {
    return join(this.dir, `blob-${++this.created}`);
  }

  /** A sink writing a new disk blob while counting and hashing; await write() for backpressure. */
  createWriter() {
    const path = this.#newPath();
    const stream = createWriteStream(path);
    const hash = createChecksum(this.#checksum);
    let size = 0;
    let failure = null;
    stream.on('error', (err) => {
      failure ??= err;
    });
    return {
      get size() {
        return size;
      },
      async write(chunk) {
        if (failure) throw failure;
        hash.update(chunk);
        size += chunk.length;
        if (!stream.write(chunk)) await once(stream, 'drain');
      },
      async end() {
        if (failure) throw failure;
        await new Promise((resolve, reject) => stream.end((err) => (err ? reject(err) : resolve())));
        return { blob: { kind: 'disk', path }, size, checksum: hash.digest('hex') };
      },
      abort() {
        stream.destroy();
        rmSync(path, { force: true });
      },
    };
  }

  storeBuffer(buffer) {
    const path = this.#newPath();
    writeFileSync(path, buffer);
    return {
      blob: { kind: 'disk', path },
      size: buffer.length,
      checksum: createChecksum(this.#checksum).update(buffer).digest('hex'),
    };
  }

  pattern(seed, size) {
    const hash = createChecksum(this.#checksum);
    if (size > PATTERN_HASH_LIMIT) {
      hash.update(`pattern:${seed}:${size}`);
    } else {
      const block = patternBlock(seed);
      let left = size;
      for (; left >= PATTERN_BLOCK_SIZE; left -= PATTERN_BLOCK_SIZE) hash.update(block);
      hash.update(block.subarray(0, left));
    }
    return { blob: { kind: 'pattern', seed }, size, checksum: hash.digest('hex') };
  }

  /** Bytes [start, end) of a blob. */
  read(blob, start, end) {
    if (end <= start) return Readable.from([]);
    if (blob.kind === 'disk') return createReadStream(blob.path, { start, end: end - 1 });
    return Readable.from(patternBytes(blob.seed, start, end), { objectMode: false });
  }

  /** Deletes a disk blob once no file refers to it any more (copies share their source's blob). */
  release(blob, isStillUsed) {
    if (blob.kind === 'disk' && !isStillUsed) rmSync(blob.path, { force: true });
  }

  clear() {
    for (const name of readdirSync(this.dir)) rmSync(join(this.dir, name), { force: true });
  }

  destroy() {
    process.off('exit', this.#removeOnExit);
    this.#removeOnExit();
  }
}
