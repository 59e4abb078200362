import { FichierError } from './error.js';

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
  const report = (sent) => {
    if (onProgress) onProgress({ sent, total });
  };
  return typeof XMLHttpRequest === 'function'
    ? sendWithXhr(request, form, report, signal, total)
    : sendWithFetch(request, form, report, signal, total);
}

function sendWithXhr(request, form, report, signal, total) {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(aborted());
    const xhr = new XMLHttpRequest();
    xhr.open('POST', request.url);
    if (request.authorization) xhr.setRequestHeader('Authorization', request.authorization);
    // `loaded` counts multipart framing too: clamp to the file bytes.
    xhr.upload.onprogress = (event) => report(Math.min(event.loaded, total));
    // XHR follows the 302 to end.pl's HTML report: a 200 here means the upload went through.
    // Chromium fired no upload event at all for a fast local upload (checked with 300 KB),
    // so the answer itself marks the body as fully sent.
    xhr.onload = () => {
      report(total);
      resolve({ status: xhr.status, body: String(xhr.responseText).slice(0, 65536) });
    };
    xhr.onerror = () => reject(new FichierError('network', 'Could not reach the 1fichier upload node.'));
    xhr.onabort = () => reject(aborted());
    signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    report(0);
    xhr.send(form);
  });
}

async function sendWithFetch(request, form, report, signal, total) {
  const headers = request.authorization ? { Authorization: request.authorization } : {};
  report(0);
  let response;
  try {
    // 'manual': the redirect to end.pl is not needed, the core asks end.pl itself.
    response = await fetch(request.url, { method: 'POST', body: form, headers, redirect: 'manual', signal });
  } catch (error) {
    if (signal?.aborted) throw aborted();
    throw new FichierError('network', `Could not reach the 1fichier upload node (${error.message}).`, { cause: error });
  }
  report(total);
  const body = response.type === 'opaqueredirect' ? '' : (await response.text()).slice(0, 65536);
  return { status: response.status, body };
}

function aborted() {
  return new FichierError('aborted', 'The upload was aborted.');
}
