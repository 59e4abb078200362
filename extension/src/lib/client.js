// The onefichier client for this extension's worker and pages. The wasm is loaded lazily from
// the extension's own files on first use (service workers forbid top-level await).
import { Client, extractLinks, init, parseLink } from 'onefichier/slim';
import { ext } from './browser.js';
import { ExtensionError } from './errors.js';
import { isOfficialApi } from './settings.js';

let wasmReady;

/** Loads the wasm once per page or worker. */
function loadWasm() {
  wasmReady ??= init(ext.runtime.getURL('onefichier_bg.wasm'));
  return wasmReady;
}

let cached = { apiKey: null, apiBase: null, client: null };

/**
 * The client for `settings`, reused while the key and API base stay the same, so that its
 * pacing (one call per second) covers every call of this page or worker. Flood locks fail at
 * once (floodWaitMs 0): the extension shows them and lets the user retry rather than waiting
 * 30 s behind a spinner.
 */
export async function createClient(settings, { requireKey = true } = {}) {
  if (requireKey && !settings.apiKey) throw new ExtensionError('missing_key');
  await requireHostAccess(settings.apiBase);
  await loadWasm();
  const { apiKey, apiBase } = settings;
  if (cached.apiKey !== apiKey || cached.apiBase !== apiBase) {
    // Without a key (an anonymous upload), `apiKey` is left out rather than set to undefined.
    const options = { ...(apiKey ? { apiKey } : {}), apiBase, floodWaitMs: 0 };
    cached = { apiKey, apiBase, client: new Client(options) };
  }
  return cached.client;
}

/**
 * 1fichier's API sends no CORS headers, so the browser reaches it only with the manifest's
 * host permission, which Firefox users can revoke: say so instead of a vague network error.
 * (Other addresses may work through CORS without a permission, so they are not checked.)
 */
async function requireHostAccess(apiBase) {
  if (!isOfficialApi(apiBase) || !ext.permissions?.contains) return;
  const origins = [`${new URL(apiBase).origin}/*`];
  if (!(await ext.permissions.contains({ origins }))) throw new ExtensionError('no_permission', origins[0]);
}

/** parseLink/extractLinks of the package, once the wasm is loaded. */
export async function linkTools() {
  await loadWasm();
  return { parseLink, extractLinks };
}
