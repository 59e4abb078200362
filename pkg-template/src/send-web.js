import { FichierError } from './error.js';
import { progressReporter } from './progress.js';

/**
 * The upload body sender of browsers and workers. The browser builds the multipart body
 * from FormData and reads File bytes from disk as it sends them; nothing is copied into
 * wasm. Pages get real progress from XMLHttpRequest; service workers have no XHR, so they
 * use fetch, which reports no upload progress (only start and end).
 */
export function sendBody(request, sources, { onProgress, signal } = {}) {
  const form = new FormData();
  for (const [name, value] of request.fields) form.append(name, value);
  for (const file of sources) {
    const blob = file.source instanceof Blob ? file.source : new Blob([file.source]);
    form.append('file[]', blob, file.name);
  }
  const total = sources.reduce((sum, file) => sum + file.size, 0);
  const report = progressReporter(onProgress, total);
  return typeof XMLHttpRequest === 'function'
    ? sendWithXhr(request, form, report, signal, total)
    : sendWithFetch(request, form, report, signal, total);
}

function sendWithXhr(request, form, report, signal, total) {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(aborted());
    const xhr = new XMLHttpRequest();
    // Settles once; a failing onProgress or a silent node ends the request.
    let silence;
    let settled = false;
    const settle = (outcome, value) => {
      settled = true;
      clearTimeout(silence);
      signal?.removeEventListener('abort', onAbort);
      outcome(value);
    };
    const stopWith = (error) => {
      settle(reject, error);
      xhr.abort();
    };
    // The node must answer within answerTimeoutMs of the last sign of progress (progress
    // events stop once the body is sent).
    const armSilence = () => {
      clearTimeout(silence);
      if (request.answerTimeoutMs > 0)
        silence = setTimeout(() => {
          settle(resolve, { timedOut: true });
          xhr.abort();
        }, request.answerTimeoutMs);
    };
    const progress = (sent) => {
      if (settled) return;
      if (sent > 0 && sent >= total) {
        // The last report: the body is (all but) sent; a throw here must not cancel it.
        finalReport(report, total);
        armSilence();
        return;
      }
      try {
        report(sent);
        armSilence();
      } catch (error) {
        stopWith(error);
      }
    };
    const onAbort = () => stopWith(aborted());
    xhr.open('POST', request.url);
    if (request.authorization) xhr.setRequestHeader('Authorization', request.authorization);
    // `loaded` counts multipart framing too: clamp to the file bytes.
    xhr.upload.onprogress = (event) => progress(Math.min(event.loaded, total));
    // XHR follows the 302 to end.pl's HTML report: a 200 here means the upload went through.
    // Chromium fired no upload event at all for a fast local upload (checked with 300 KB),
    // so the answer itself marks the body as fully sent.
    xhr.onload = () => {
      finalReport(report, total);
      settle(resolve, { status: xhr.status, body: String(xhr.responseText).slice(0, 65536) });
    };
    xhr.onerror = () => settle(reject, new FichierError('network', 'Could not reach the 1fichier upload node.'));
    signal?.addEventListener('abort', onAbort);
    progress(0);
    // An onProgress that threw at 0 has ended the call: abort() before send() cancels nothing.
    if (!settled) xhr.send(form);
  });
}

/** Bytes a second a slow link still carries: bounds a fetch upload that reports no progress. */
const SLOW_LINK_BYTES_PER_S = 16_000;

async function sendWithFetch(request, form, report, signal, total) {
  const headers = request.authorization ? { Authorization: request.authorization } : {};
  report(0);
  // fetch says nothing until the answer, so the limit covers the whole upload: the time a
  // slow link takes to carry the body, then answerTimeoutMs for the node.
  const controller = new AbortController();
  const forward = () => controller.abort();
  signal?.addEventListener('abort', forward);
  let timedOut = false;
  const limit = request.answerTimeoutMs > 0 ? request.answerTimeoutMs + (total / SLOW_LINK_BYTES_PER_S) * 1000 : 0;
  const silence =
    limit > 0
      ? setTimeout(() => {
          timedOut = true;
          controller.abort();
        }, limit)
      : undefined;
  try {
    // 'manual': the redirect to end.pl is not needed, the core asks end.pl itself.
    const response = await fetch(request.url, {
      method: 'POST',
      body: form,
      headers,
      redirect: 'manual',
      signal: controller.signal,
    });
    const body = response.type === 'opaqueredirect' ? '' : (await response.text()).slice(0, 65536);
    finalReport(report, total);
    return { status: response.status, body };
  } catch (error) {
    if (timedOut) return { timedOut: true };
    if (signal?.aborted) throw aborted();
    if (error instanceof FichierError) throw error;
    throw new FichierError('network', `Could not reach the 1fichier upload node (${error.message}).`, { cause: error });
  } finally {
    clearTimeout(silence);
    signal?.removeEventListener('abort', forward);
  }
}

/**
 * The last progress report, once the node has the whole body: a callback that throws now can
 * stop nothing, and failing the call would hide an upload that went through (and invite a
 * second one), so its error is reported like an uncaught one and the upload completes.
 */
function finalReport(report, total) {
  try {
    report(total);
  } catch (error) {
    if (typeof globalThis.reportError === 'function') globalThis.reportError(error.cause ?? error);
    else console.error(error.cause ?? error);
  }
}

function aborted() {
  return new FichierError('aborted', 'The upload was aborted.');
}
