import { once } from 'node:events';
import { open, stat } from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import { basename } from 'node:path';
import { Readable } from 'node:stream';
import { FichierError } from './error.js';
import { progressReporter } from './progress.js';

/**
 * Node's upload body sender. Node's `fetch` keeps a whole request body in memory so it can
 * replay it on a redirect, and upload.cgi answers with a redirect (toolchain.md measured
 * +430 MB for 400 MB), so the body goes through node:http instead: written piece by piece
 * with backpressure, with the exact Content-Length 1fichier wants, counting bytes for
 * progress.
 */
export async function sendBody(request, sources, { onProgress, signal } = {}) {
  const { multipart } = request;
  const headers = { 'Content-Type': multipart.contentType, 'Content-Length': String(multipart.contentLength) };
  if (request.authorization) headers.Authorization = request.authorization;
  const url = new URL(request.url);
  const transport = url.protocol === 'https:' ? https : http;
  const total = sources.reduce((sum, file) => sum + file.size, 0);
  const report = progressReporter(onProgress, total);
  let sent = 0;
  const progress = (bytes) => {
    sent += bytes;
    report(sent);
  };

  const req = transport.request(url, { method: 'POST', headers, signal });
  let silence;
  const answered = new Promise((resolve, reject) => {
    req.on('response', (res) => readAnswer(res).then(resolve, reject));
    req.on('error', (error) => reject(requestFailure(error, signal)));
    // 'finish': the whole body is handed to the OS; from then on only the node's answer is due.
    req.on('finish', () => {
      if (finished || !(request.answerTimeoutMs > 0)) return;
      silence = setTimeout(() => {
        resolve({ timedOut: true });
        req.destroy();
      }, request.answerTimeoutMs);
    });
  });
  // An early answer (a 500 or 413 before the body is done) ends the upload: stop writing.
  let finished = false;
  const stop = () => {
    finished = true;
    clearTimeout(silence);
  };
  const settled = answered.then(stop, stop);
  const write = async (chunk) => {
    if (!req.write(chunk)) await Promise.race([once(req, 'drain'), settled]);
  };
  // For a file read into POOL buffers in turn (`chunksOf`): hands `chunk` over and resolves once
  // the socket has taken the buffer the next read fills. That also bounds what waits in memory.
  const pooledWrite = () => {
    const taken = [];
    let turn = 0;
    return (chunk) => {
      taken[turn % POOL] = Promise.race([new Promise((resolve) => req.write(chunk, resolve)), settled]);
      turn += 1;
      return taken[turn % POOL];
    };
  };

  (async () => {
    progress(0);
    for (const segment of multipart.segments) {
      if (finished) return;
      if (segment.kind === 'text') await write(segment.text);
      else {
        const file = sources[segment.index];
        const send = file.source.path === undefined ? write : pooledWrite();
        await streamFile(send, file, progress, () => finished);
      }
    }
    if (!finished) req.end();
  })().catch((error) => req.destroy(error));
  return answered;
}

/** Resolves a path to `{ name, size, source }`; only metadata is read here. */
export async function statPath(path) {
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    throw new FichierError('invalid_input', `Cannot read ${JSON.stringify(path)}: ${error.code ?? error.message}.`);
  }
  if (!info.isFile()) throw new FichierError('invalid_input', `${JSON.stringify(path)} is not a file.`);
  return { name: basename(path), size: info.size, source: { path } };
}

/**
 * Sends a file's bytes with `send`, which resolves when the next chunk may be read. Files on
 * disk are read into a few buffers used in turn rather than a fresh 1 MiB buffer per chunk (a
 * read stream), which cost ~25 % more CPU, three times the page faults and ~20 MiB more memory
 * per upload (bench/README, "Upload").
 */
async function streamFile(send, file, progress, stopped) {
  let sent = 0;
  for await (const chunk of chunksOf(file.source, undefined, POOL)) {
    if (stopped()) return;
    sent += chunk.byteLength;
    if (sent > file.size) break;
    await send(chunk);
    progress(chunk.byteLength);
  }
  if (sent !== file.size) {
    throw new FichierError('invalid_input', `${JSON.stringify(file.name)} changed size while it was being uploaded.`);
  }
}

const CHUNK = 1 << 20;
const POOL = 4;

/**
 * The bytes of a source (a path, a Uint8Array or a Blob), in chunks of 1 MiB. A file's chunks
 * are read into `buffers` buffers in turn: its reader must be done with a chunk before it asks
 * for the `buffers`-th one after it (the hashers take one buffer, the sender POOL). `signal`
 * stops the reading of a file.
 */
export function chunksOf(source, signal, buffers = 1) {
  if (source.path !== undefined) return fileChunks(source.path, signal, buffers);
  if (source instanceof Uint8Array) {
    return (function* slices() {
      for (let at = 0; at < source.byteLength; at += CHUNK) yield source.subarray(at, at + CHUNK);
    })();
  }
  return Readable.fromWeb(source.stream());
}

async function* fileChunks(path, signal, buffers) {
  const handle = await open(path, 'r');
  try {
    const pool = Array.from({ length: buffers }, () => Buffer.allocUnsafe(CHUNK));
    for (let turn = 0; ; turn++) {
      signal?.throwIfAborted();
      const buffer = pool[turn % buffers];
      const { bytesRead } = await handle.read(buffer, 0, CHUNK, null);
      if (bytesRead === 0) return;
      yield bytesRead === CHUNK ? buffer : buffer.subarray(0, bytesRead);
    }
  } finally {
    await handle.close();
  }
}

async function readAnswer(res) {
  // Only the start of an answer matters (a status page); never buffer a large one.
  let body = '';
  for await (const chunk of res) {
    if (body.length < 65536) body += chunk.toString('utf8');
  }
  return { status: res.statusCode ?? 0, body };
}

function requestFailure(error, signal) {
  if (error instanceof FichierError) return error;
  if (signal?.aborted || error.name === 'AbortError') return new FichierError('aborted', 'The upload was aborted.');
  return new FichierError('network', `Could not reach the 1fichier upload node (${error.code ?? error.message}).`, {
    cause: error,
  });
}
