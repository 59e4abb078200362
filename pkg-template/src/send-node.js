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
  // Resolves once the socket has taken `chunk` (its buffer may then be read into again).
  const handOver = (chunk) => Promise.race([new Promise((resolve) => req.write(chunk, resolve)), settled]);

  (async () => {
    progress(0);
    for (const segment of multipart.segments) {
      if (finished) return;
      const file = sources[segment.index];
      if (segment.kind === 'text') await write(segment.text);
      else if (file.source.path !== undefined) await streamPath(handOver, file, progress, () => finished);
      else await streamFile(write, file, progress, () => finished);
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

async function streamFile(write, file, progress, stopped) {
  let sent = 0;
  for await (const chunk of chunksOf(file.source)) {
    if (stopped()) return;
    sent += chunk.byteLength;
    if (sent > file.size) break;
    await write(chunk);
    progress(chunk.byteLength);
  }
  checkSize(file, sent);
}

/**
 * A file on disk, read into a few buffers used in turn: one is read into again only once the
 * socket has taken what was written from it, which also bounds what waits in memory to
 * `POOL` MiB. A fresh 1 MiB buffer per chunk (a read stream) cost ~20 % more CPU, three times
 * the page faults and ~15 MiB more memory per upload (bench/README, "Upload").
 */
async function streamPath(handOver, file, progress, stopped) {
  const handle = await open(file.source.path, 'r');
  try {
    const pool = Array.from({ length: POOL }, () => ({ buffer: Buffer.allocUnsafe(CHUNK), taken: undefined }));
    let sent = 0;
    for (let turn = 0; !stopped(); turn++) {
      const slot = pool[turn % POOL];
      await slot.taken;
      if (stopped()) return;
      // One byte more than is due, so that a file that grew is noticed.
      const want = Math.min(CHUNK, file.size - sent + 1);
      const { bytesRead } = await handle.read(slot.buffer, 0, want, null);
      if (bytesRead === 0) break;
      sent += bytesRead;
      if (sent > file.size) break;
      slot.taken = handOver(bytesRead === CHUNK ? slot.buffer : slot.buffer.subarray(0, bytesRead));
      progress(bytesRead);
    }
    if (!stopped()) checkSize(file, sent);
  } finally {
    await handle.close();
  }
}

function checkSize(file, sent) {
  if (sent !== file.size) {
    throw new FichierError('invalid_input', `${JSON.stringify(file.name)} changed size while it was being uploaded.`);
  }
}

const CHUNK = 1 << 20;
const POOL = 4;

/**
 * The bytes of a source (a path, a Uint8Array or a Blob), in chunks of 1 MiB, for a reader
 * that is done with each chunk before it asks for the next (the hashers): a file's chunks are
 * all read into the same buffer. `signal` stops the reading of a file.
 */
export function chunksOf(source, signal) {
  if (source.path !== undefined) return fileChunks(source.path, signal);
  if (source instanceof Uint8Array) {
    return (function* slices() {
      for (let at = 0; at < source.byteLength; at += CHUNK) yield source.subarray(at, at + CHUNK);
    })();
  }
  return Readable.fromWeb(source.stream());
}

async function* fileChunks(path, signal) {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(CHUNK);
    for (;;) {
      signal?.throwIfAborted();
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
