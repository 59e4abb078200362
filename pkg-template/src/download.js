// Premium downloads, for every runtime: the core asks 1fichier for a one-time direct link
// (download/get_token, paced and retried like every call), then the runtime's global `fetch`
// streams the file from 1fichier's file server. The direct link needs no key, so none is
// sent; the bytes never pass through the wasm, except to the Whirlpool hasher when verifying.
import { FichierError } from './error.js';
import { progressReporter } from './progress.js';
import { discard, Whirlpool } from './whirlpool.js';

/** `filename*=UTF-8''…` or `filename="…"` of a Content-Disposition header; '' when absent. */
export function dispositionName(header) {
  const encoded = /filename\*\s*=\s*[\w-]+'[^']*'([^;]+)/i.exec(header ?? '')?.[1];
  if (encoded) {
    try {
      return decodeURIComponent(encoded.trim());
    } catch {
      /* a malformed encoding: the plain name below */
    }
  }
  return (
    /filename\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]+))/i
      .exec(header ?? '')
      ?.slice(1)
      .find(Boolean)
      ?.trim() ?? ''
  );
}

/**
 * What the file server's answer to a GET from byte `offset` says: `{ name, size, offset }`, with
 * `size` the whole file's (null when the server does not say) and `offset` where the body
 * really starts (0 when the server ignored the Range and sends the whole file). Refusals
 * throw; `header(name)` reads a response header.
 */
export function readDirectAnswer(status, header, offset) {
  if (status === 416)
    throw new FichierError('invalid_input', `The file is not longer than ${offset} bytes.`, { status });
  if (status === 404 || status === 410)
    throw new FichierError('not_found', 'The one-time download link has expired.', { status });
  if (status !== 200 && status !== 206)
    throw new FichierError(status >= 500 ? 'server' : 'api', `1fichier's file server answered HTTP ${status}.`, {
      status,
    });
  const range = /^bytes (\d+)-\d+\/(\d+|\*)$/.exec(header('content-range') ?? '');
  const length = Number(header('content-length') ?? Number.NaN);
  const start = status === 206 && range ? Number(range[1]) : 0;
  const size = range && range[2] !== '*' ? Number(range[2]) : Number.isSafeInteger(length) ? start + length : null;
  return { name: dispositionName(header('content-disposition')), size, offset: start };
}

/** GETs the direct link from byte `offset` with `fetch`: `{ response, name, size, offset }`. */
export async function fetchDirect(directUrl, offset, signal) {
  let response;
  try {
    response = await fetch(directUrl, { headers: offset > 0 ? { Range: `bytes=${offset}-` } : {}, signal });
  } catch (cause) {
    throw bodyFailure(cause, signal, offset);
  }
  try {
    return { response, ...readDirectAnswer(response.status, (name) => response.headers.get(name), offset) };
  } catch (error) {
    response.body?.cancel().catch(() => {});
    throw error;
  }
}

/** The error of a download whose bytes are not the file 1fichier has. */
export const corrupt = (expected, got) =>
  new FichierError(
    'corrupt',
    `The bytes do not match 1fichier's Whirlpool hash (${expected.slice(0, 12)}…, got ${got.slice(0, 12)}…).`,
    { retryable: false },
  );

/** A failure while the body streams: the connection dropped, or the caller aborted. */
export function bodyFailure(cause, signal, received) {
  if (signal?.aborted) return new FichierError('aborted', 'The download was aborted.', { cause });
  return new FichierError(
    'network',
    `The download broke off after ${received} bytes (${cause?.cause?.message ?? cause?.message}).`,
    { cause },
  );
}

/**
 * The file as `{ name, size, offset, body }`, `body` a web ReadableStream of its bytes from
 * `offset`. It errors with a FichierError: `network` when the connection drops or the file
 * ends short, `aborted`, and, with `expected` (a Whirlpool from file/info), `corrupt` at the
 * end when the bytes differ.
 */
export async function streamDownload({ directUrl, offset, signal, onProgress, expected }) {
  const started = await fetchDirect(directUrl, offset, signal);
  const hash = expected ? await Whirlpool.create() : null;
  const report = progressReporter(onProgress, started.size, 'download', 'received');
  const reader = started.response.body.getReader();
  let received = started.offset;
  const stop = (error) => {
    discard(hash);
    reader.cancel().catch(() => {});
    throw error;
  };
  const body = new ReadableStream({
    async pull(controller) {
      let read;
      try {
        read = await reader.read();
      } catch (cause) {
        stop(bodyFailure(cause, signal, received));
      }
      if (read.done) {
        if (started.size !== null && received !== started.size)
          stop(bodyFailure(new Error('the file ended short'), signal, received));
        if (hash) {
          const got = hash.digest();
          if (got !== expected) throw corrupt(expected, got);
        }
        controller.close();
        return;
      }
      received += read.value.byteLength;
      hash?.update(read.value);
      try {
        report(received);
      } catch (error) {
        stop(error);
      }
      controller.enqueue(read.value);
    },
    cancel(reason) {
      discard(hash);
      return reader.cancel(reason);
    },
  });
  return { name: started.name, size: started.size, offset: started.offset, body };
}
